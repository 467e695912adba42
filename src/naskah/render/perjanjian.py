"""The template context of the cooperation agreement (``perjanjian_kerja_sama``).

It owns the agreement's printed words outside the pasal: the title block (both parties, the
subject, both numbers), the opening (the day in words, the place, who signs for whom) and the two
signature blocks, PIHAK KEDUA at the left (printed for a wet or separate signature) and PIHAK
PERTAMA at the right (the head of the office, whose block carries the ``[[TTE]]`` marker). The
pasal and their numbering come from :meth:`PerjanjianKerjaSama.daftar_pasal`.
"""

from __future__ import annotations

import re
from typing import Any

from naskah.config import Konfigurasi
from naskah.models import Instansi, Pejabat, format_tanggal
from naskah.models.perjanjian import PerjanjianKerjaSama
from naskah.models.teks import terbilang
from naskah.render.konteks import (
    LEBAR_JUDUL,
    Bahan,
    _baris,
    _huruf,
    _umum,
    baris_jabatan_ttd,
    baris_judul,
    rekat,
    teks,
)

__all__ = ["HARI", "LEBAR_TTD_PIHAK", "NOMOR_MITRA_KOSONG", "konteks_perjanjian_kerja_sama"]

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
         "Oktober", "November", "Desember")  # fmt: skip
LEBAR_TTD_PIHAK = 205.0
"""Each party's signature cell (8 cm less its margins, Bookman 12 pt), in points."""
NOMOR_MITRA_KOSONG = "……………………………"
"""Printed for the partner's number when it is not known yet (filled in by the partner)."""


_TANDA_HUBUNG = re.compile(r"(?<=\w)-(?=\w)")
NB_HYPHEN = "\u2011"
"""The non-breaking hyphen: ``bersama-sama`` and ``perundang-undangan`` never break at the end
of a justified line (that would read as hyphenation, which legal text never has)."""


def _utuh(b: dict[str, Any]) -> dict[str, Any]:
    """Keep hyphenated words (``bersama-sama``) whole at the end of a line."""
    b["teks"] = _TANDA_HUBUNG.sub(NB_HYPHEN, b["teks"])
    return b


def _hari_ini_dengan_kata(p: PerjanjianKerjaSama) -> str:
    t = p.tanggal
    return (
        f"Pada hari ini {HARI[t.weekday()]} tanggal {terbilang(t.day)} bulan {BULAN[t.month - 1]} "
        f"tahun {terbilang(t.year)} ({format_tanggal(t)})"
    )


def _pihak(no: int, pejabat: Pejabat, instansi: str, alamat: str | None, sebutan: str) -> str:
    jabatan = " ".join((pejabat.jabatan or "").split()).rstrip(" ,")
    kedudukan = f", berkedudukan di {' '.join(alamat.split())}" if alamat else ""
    return (
        f"{pejabat.nama_lengkap}, {jabatan}, dalam hal ini bertindak untuk dan atas nama "
        f"{instansi}{kedudukan}, selanjutnya disebut {sebutan}{';' if no == 1 else '.'}"
    )


def _blok(pejabat: Pejabat, sebutan: str, jabatan: list[str]) -> dict[str, Any]:
    baris = [b for j in jabatan for b in baris_judul(j, LEBAR_TTD_PIHAK)]
    if baris:
        baris[-1] = baris[-1].rstrip(",")
    return {
        "sebutan": f"{sebutan},",
        "jabatan": [rekat(b) for b in baris],
        "nama": teks(pejabat.nama_lengkap),
        "nip": rekat(pejabat.nip_tampil or ""),
    }


def konteks_perjanjian_kerja_sama(
    dokumen: PerjanjianKerjaSama, konfigurasi: Konfigurasi, bahan: Bahan, *,
    catatan_tte: bool = False,
) -> dict[str, Any]:  # fmt: skip
    """Return the context of the agreement's template: title, opening, pasal, both blocks."""
    umum = _umum(dokumen, konfigurasi, bahan, catatan_tte)
    instansi: Instansi = umum.pop("_instansi")
    mitra = dokumen.mitra
    kantor = instansi.unit
    pertama = dokumen.penandatangan
    # the office's address is printed on its kop; "berkedudukan di" names its city
    pembuka = [
        _baris(0, "", f"{_hari_ini_dengan_kata(dokumen)}, bertempat di "
                      f"{dokumen.tempat or instansi.kota}, yang bertanda tangan di bawah ini:"),
        _baris(1, "1.", _pihak(1, pertama, _judul_instansi(kantor), instansi.kota,
                               "PIHAK PERTAMA")),
        _baris(1, "2.", _pihak(2, mitra.wakil, mitra.nama, mitra.alamat, "PIHAK KEDUA")),
        _baris(0, "", "PIHAK PERTAMA dan PIHAK KEDUA, yang selanjutnya disebut PARA PIHAK, "
                      "sepakat untuk mengadakan Perjanjian Kerja Sama tentang "
                      f"{dokumen.tentang}, yang selanjutnya disebut Perjanjian, dengan ketentuan "
                      "sebagai berikut:"),
    ]  # fmt: skip
    pasal: list[dict[str, Any]] = []
    for i, (judul, baris) in enumerate(dokumen.daftar_pasal(), 1):
        isi = [_utuh(_baris(t, label, tx)) for t, label, tx in baris]
        pasal.append({"nomor": f"Pasal {i}", "judul": teks(judul), "baris": isi})
    if pasal and pasal[-1]["baris"]:
        pasal[-1]["baris"][-1]["akhir"] = True  # the last ayat keeps with the signatures
    jabatan_pertama = baris_jabatan_ttd(pertama, "Kepala", dokumen.mewakili)
    jabatan_kedua = [teks(mitra.wakil.jabatan).upper()]
    return {
        **umum,
        "judul": {
            "pihak_pertama": baris_judul(kantor.upper(), LEBAR_JUDUL, tebal=True),
            "pihak_kedua": baris_judul(mitra.nama.upper(), LEBAR_JUDUL, tebal=True),
            "tentang": baris_judul(dokumen.tentang.upper(), LEBAR_JUDUL, tebal=True),
        },
        "nomor_mitra": teks(dokumen.nomor_mitra) or NOMOR_MITRA_KOSONG,
        "pembuka": [_utuh(b) for b in pembuka],
        "pasal": pasal,
        "ttd_pertama": _blok(pertama, "PIHAK PERTAMA", jabatan_pertama),
        "ttd_kedua": _blok(mitra.wakil, "PIHAK KEDUA", jabatan_kedua),
    }


def _judul_instansi(unit: str) -> str:
    """Return the office's unit as a name in a sentence (``Balai Penjaminan Mutu …``)."""
    kecil = {"dan", "di", "ke", "dari", "untuk", "pada", "yang"}
    kata = []
    for n, w in enumerate(unit.split()):
        if w.isupper() and len(w) <= 4 and _huruf(w) not in {"mutu", "kota", "jawa", "bali",
                                                           "riau", "aceh", "raya"}:  # fmt: skip
            kata.append(w if w.lower() not in kecil else w.lower())
        elif n and w.lower() in kecil:
            kata.append(w.lower())
        else:
            kata.append(w[:1].upper() + w[1:].lower())
    return " ".join(kata)
