"""The template context: every value a .docx template may print, derived from a document model.

This module owns the names templates use (``menimbang``, ``diktum``, ``lampiran``, ``ttd`` …)
and their shape: plain dicts, lists and strings, every key always present (templates render with
strict undefined, so a misspelt name is an error, not a silent blank). Labels come from the
models (``menimbang_berlabel()``, ``Daftar.berlabel()``, …); rich text (:class:`Uraian`) is
flattened into ``baris`` rows ``{tingkat, label, teks, tabel, gambar}`` so a template can print
nested lists as hanging paragraphs without Word's automatic numbering.

Images and sub-documents (logo, flowchart, tables inside rich text) need the template object;
they are made by a :class:`Bahan` passed in, so this module stays free of docxtpl.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from naskah.config import Konfigurasi
from naskah.errors import RenderError
from naskah.models import (
    Alur,
    Daftar,
    Dokumen,
    Instansi,
    JangkaWaktu,
    Keputusan,
    Pejabat,
    Peserta,
    Prosedur,
    Sertifikat,
    SertifikatKegiatan,
    SKKerjaSama,
    SuratTugas,
    Tabel,
    Uraian,
    format_tanggal,
)
from naskah.models.surat_tugas import rentang_tanggal
from naskah.models.teks import BlokTabel, romawi

NOMOR_KOSONG = "…/…/…/…"
"""Printed where a document has no number yet (a draft before the register issues one)."""

TINGKAT_MAKS = 3
"""Deepest list level a template styles separately; deeper items are printed at this level."""

_KONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Bahan(Protocol):
    """What the context needs from the template side: images and sub-documents."""

    def logo(self, path: str | None) -> Any:
        """Return the kop's logo (the placeholder emblem when ``path`` is None)."""

    def gambar_alur(self, alur: Alur) -> Any:
        """Return the flowchart of a procedure, ready to print in a table cell."""

    def tabel(self, tabel: Tabel) -> Any:
        """Return a table of rich text as a sub-document."""

    def qr(self, url: str) -> Any:
        """Return the QR code of ``url`` (a certificate's verification address)."""


def teks(nilai: Any) -> str:
    """Return ``nilai`` as one line: whitespace runs collapsed, control characters removed."""
    if nilai is None:
        return ""
    return " ".join(_KONTROL.sub("", str(nilai)).split())


def _baris(tingkat: int | str, label: str = "", isi: str = "", **lain: Any) -> dict[str, Any]:
    return {"tingkat": tingkat, "label": label, "teks": teks(isi), "tabel": None, "gambar": None,
            **lain}  # fmt: skip


def baris_daftar(
    daftar: Daftar, tingkat: int = 1, uraikan: Callable[[str], str] = str
) -> list[dict[str, Any]]:
    """Flatten a (nested) list into rows with generated labels and their level."""
    out = []
    for label, butir in daftar.berlabel():
        out.append(_baris(min(tingkat, TINGKAT_MAKS), label, uraikan(butir.teks)))
        if butir.sub:
            out.extend(baris_daftar(butir.sub, tingkat + 1, uraikan))
    return out


def baris_uraian(uraian: Uraian, bahan: Bahan) -> list[dict[str, Any]]:
    """Flatten rich text into rows: paragraphs (level 0), list items (1–3) and tables."""
    out: list[dict[str, Any]] = []
    for blok in uraian:
        if isinstance(blok, str):
            out.append(_baris(0, "", blok))
        elif isinstance(blok, Daftar):
            out.extend(baris_daftar(blok))
        elif isinstance(blok, BlokTabel):
            out.append(_baris("tabel", tabel=bahan.tabel(blok.tabel)))
    return out


def _berlabel(pasangan: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"label": label, "teks": teks(isi)} for label, isi in pasangan]


def _bernomor(daftar: list[str]) -> list[dict[str, str]]:
    if len(daftar) == 1:
        return [{"label": "", "teks": teks(daftar[0])}]
    return [{"label": f"{i}.", "teks": teks(t)} for i, t in enumerate(daftar, 1)]


def _instansi(dokumen: Dokumen, konfigurasi: Konfigurasi) -> Instansi:
    instansi = dokumen.instansi or konfigurasi.instansi
    if instansi is None:
        raise RenderError(
            "Data instansi untuk kop naskah belum ada; isi bagian instansi di berkas naskah "
            "atau [instansi] di naskah.toml."
        )
    return instansi


def _kop(instansi: Instansi) -> dict[str, Any]:
    return {
        "kementerian": teks(instansi.kementerian),
        "unit": teks(instansi.unit),
        "alamat": teks(instansi.alamat),
        "kontak": [teks(b) for b in instansi.baris_kontak],
    }


def _jabatan_ttd(pejabat: Pejabat, cadangan: str) -> str:
    jabatan = teks(pejabat.jabatan or cadangan).rstrip(",")
    return f"{jabatan},"


def _huruf(s: str) -> str:
    """Return ``s`` reduced to its letters and digits, lower case (for sameness checks)."""
    return "".join(c for c in s.lower() if c.isalnum())


def _ttd(pejabat: Pejabat, kota: str, tanggal: date, jabatan: list[str]) -> dict[str, Any]:
    return {
        "kota": teks(kota),
        "tanggal": format_tanggal(tanggal),
        "jabatan": [teks(j) for j in jabatan if teks(j)],
        "nama": teks(pejabat.nama_lengkap),
        "nip": pejabat.nip_tampil or "",
    }


def _umum(
    dokumen: Dokumen, konfigurasi: Konfigurasi, bahan: Bahan, catatan_tte: bool
) -> dict[str, Any]:
    instansi = _instansi(dokumen, konfigurasi)
    logo = str(konfigurasi.path(Path(instansi.logo))) if instansi.logo else None
    return {
        "kop": _kop(instansi),
        "logo": bahan.logo(logo),
        "nomor": str(dokumen.nomor) if dokumen.nomor else NOMOR_KOSONG,
        "catatan_kaki": teks(konfigurasi.tte.catatan_kaki) if catatan_tte else "",
        "_instansi": instansi,
    }


# --- keputusan ------------------------------------------------------------------------------


def _komponen_sp(nilai: Any, bahan: Bahan) -> list[dict[str, Any]]:
    if isinstance(nilai, Prosedur):
        out = baris_uraian(nilai.uraian, bahan)
        if nilai.alur is not None:
            out.append(_baris("gambar", gambar=bahan.gambar_alur(nilai.alur)))
        return out
    if isinstance(nilai, JangkaWaktu):
        return baris_uraian(nilai.uraian, bahan)
    return baris_uraian(nilai, bahan)


def konteks_keputusan(
    dokumen: Keputusan, konfigurasi: Konfigurasi, bahan: Bahan, *, catatan_tte: bool = False
) -> dict[str, Any]:
    """Return the context of a keputusan (and of an SK Kerja Sama) template."""
    umum = _umum(dokumen, konfigurasi, bahan, catatan_tte)
    instansi: Instansi = umum.pop("_instansi")
    kota = dokumen.ditetapkan_di or instansi.kota
    pejabat = dokumen.penandatangan
    jabatan = _jabatan_ttd(pejabat, dokumen.jabatan_penetap)
    ttd = _ttd(pejabat, kota, dokumen.tanggal, [jabatan])

    diktum = []
    for i, (label, isi, _) in enumerate(dokumen.diktum_berlabel()):
        daftar = dokumen.daftar_diktum(dokumen.diktum[i])
        butir = baris_daftar(daftar, 1, dokumen.uraikan) if daftar else []
        for b in butir:  # a diktum styles two list levels
            b["tingkat"] = min(b["tingkat"], 2)
        diktum.append({"label": label, "teks": teks(isi), "butir": butir})

    lampiran = []
    for nomor, lp in dokumen.lampiran_berlabel():
        sp = None
        jabatan_lp = [jabatan]
        if lp.standar_pelayanan is not None:
            s = lp.standar_pelayanan
            sp = {
                "nama": teks(s.nama),
                "bagian": [
                    {
                        "judul": teks(judul),
                        "komponen": [
                            {"no": no, "nama": teks(nama), "baris": _komponen_sp(nilai, bahan)}
                            for no, nama, nilai in komponen
                        ],
                    }
                    for judul, komponen in s.komponen()
                ],
            }
            # a closing line that repeats the signer's own title is printed once
            sama = _huruf(s.jabatan_penutup) == _huruf(jabatan)
            jabatan_lp = [jabatan] if sama else [s.jabatan_penutup, jabatan]
        lampiran.append({
            "nomor": nomor,
            "judul": teks(lp.judul),
            "sp": sp,
            "bagian": [
                {"judul": teks(bg.judul), "baris": baris_uraian(bg.isi, bahan)} for bg in lp.bagian
            ],
            "kerja_sama": False,
            "ttd": _ttd(pejabat, kota, dokumen.tanggal, jabatan_lp),
        })  # fmt: skip

    kerja_sama = None
    if isinstance(dokumen, SKKerjaSama):
        ks = dokumen.kerja_sama
        mitra = [_baris(0, "", ks.mitra.nama)]
        if ks.mitra.alamat:
            mitra.append(_baris(0, "", ks.mitra.alamat))
        rincian = [{"nama": "Mitra", "baris": mitra}]
        if ks.mitra.pimpinan:
            rincian.append({"nama": "Pimpinan Mitra", "baris": [_baris(0, "", ks.mitra.pimpinan)]})
        if ks.nomor_perjanjian:
            rincian.append(
                {"nama": "Nomor Perjanjian", "baris": [_baris(0, "", ks.nomor_perjanjian)]}
            )
        if len(ks.ruang_lingkup) == 1:
            lingkup = [_baris(0, "", ks.ruang_lingkup[0])]
        else:
            lingkup = [_baris(1, f"{i}.", isi) for i, isi in enumerate(ks.ruang_lingkup, 1)]
        rincian += [
            {"nama": "Ruang Lingkup", "baris": lingkup},
            {"nama": "Jangka Waktu",
             "baris": [_baris(0, "", rentang_tanggal(ks.mulai, ks.selesai))]},
            {"nama": "Pendanaan", "baris": [_baris(0, "", ks.pendanaan)]},
        ]  # fmt: skip
        kerja_sama = {"rincian": rincian}
        lampiran.append({
            "nomor": romawi(len(lampiran) + 1),
            "judul": "RINCIAN KERJA SAMA",
            "sp": None,
            "bagian": [],
            "kerja_sama": True,
            "ttd": _ttd(pejabat, kota, dokumen.tanggal, [jabatan]),
        })  # fmt: skip

    return {
        **umum,
        "salinan": dokumen.salinan,
        "jabatan_penetap": teks(dokumen.jabatan_penetap),
        "tentang": teks(dokumen.tentang),
        "judul_penetap": teks(dokumen.judul_penetap),
        "menimbang": _berlabel(dokumen.menimbang_berlabel()),
        "mengingat": _berlabel(dokumen.mengingat_berlabel()),
        "memperhatikan": _berlabel(dokumen.memperhatikan_berlabel()),
        "menetapkan": teks(dokumen.judul_menetapkan),
        "diktum": diktum,
        "ttd": ttd,
        "tanggal_kapital": format_tanggal(dokumen.tanggal).upper(),
        "tembusan": _bernomor(dokumen.tembusan),
        "lampiran": lampiran,
        "kerja_sama": kerja_sama,
    }


# --- surat tugas ----------------------------------------------------------------------------


def konteks_surat_tugas(
    dokumen: SuratTugas, konfigurasi: Konfigurasi, bahan: Bahan, *, catatan_tte: bool = False
) -> dict[str, Any]:
    """Return the context of a surat tugas template."""
    umum = _umum(dokumen, konfigurasi, bahan, catatan_tte)
    instansi: Instansi = umum.pop("_instansi")
    kota = dokumen.ditetapkan_di or instansi.kota
    pejabat = dokumen.penandatangan
    return {
        **umum,
        "dasar": _bernomor(dokumen.dasar),
        "petugas": [
            {
                "no": i,
                "nama": teks(p.nama_lengkap),
                "nip": p.nip_tampil or "",
                "pangkat": teks(p.pangkat) or "-",
                "jabatan": teks(p.jabatan) or "-",
            }
            for i, p in enumerate(dokumen.petugas, 1)
        ],  # fmt: skip
        "untuk": _bernomor(dokumen.untuk),
        "pelaksanaan": {
            "rentang": dokumen.pelaksanaan.rentang,
            "tempat": teks(dokumen.pelaksanaan.tempat),
        },
        "ttd": _ttd(pejabat, kota, dokumen.tanggal, [_jabatan_ttd(pejabat, "Kepala")]),
        "tembusan": _bernomor(dokumen.tembusan),
    }


# --- sertifikat -----------------------------------------------------------------------------

PERAN_TAMPIL = {
    "peserta": "Peserta",
    "narasumber": "Narasumber",
    "fasilitator": "Fasilitator",
    "moderator": "Moderator",
    "panitia": "Panitia",
}
"""How each role is printed on a certificate."""

NAMA_PANJANG = 28
"""From this many characters on, a participant's name is printed in the smaller name style."""


def konteks_sertifikat(
    dokumen: SertifikatKegiatan | Sertifikat,
    konfigurasi: Konfigurasi,
    bahan: Bahan,
    *,
    catatan_tte: bool = False,
) -> dict[str, Any]:
    """Return the context of a sertifikat template: one certificate per participant.

    An activity document gives a draft of every participant's certificate (no number, no QR
    code); an issued :class:`Sertifikat` gives its own.
    """
    if isinstance(dokumen, Sertifikat):
        return konteks_sertifikat_banyak(
            dokumen.kegiatan, [dokumen], konfigurasi, bahan, catatan_tte=catatan_tte
        )
    if not dokumen.peserta:
        raise RenderError(
            "Sertifikat belum memiliki peserta; isi daftar peserta (atau muat berkas pesertanya) "
            "sebelum merender."
        )
    nomor = str(dokumen.nomor) if dokumen.nomor else NOMOR_KOSONG
    butir = [_butir_sertifikat(p, nomor, "", bahan) for p in dokumen.peserta]
    return _konteks_kegiatan(dokumen, butir, konfigurasi, bahan, catatan_tte)


def konteks_sertifikat_banyak(
    kegiatan: SertifikatKegiatan,
    daftar: Sequence[Sertifikat],
    konfigurasi: Konfigurasi,
    bahan: Bahan,
    *,
    catatan_tte: bool = False,
) -> dict[str, Any]:
    """Return the context of many issued certificates of one activity, in ``daftar``'s order.

    Each certificate's QR code points at ``[tte] url_verifikasi`` with ``{id}`` replaced by its
    ``id_verifikasi`` (no QR code without one).
    """
    if not daftar:
        raise RenderError("Tidak ada sertifikat untuk dirender; daftar peserta kosong.")
    butir = []
    for s in daftar:
        url = alamat_verifikasi(konfigurasi, s.id_verifikasi) if s.id_verifikasi else ""
        butir.append(_butir_sertifikat(s.peserta, str(s.nomor), url, bahan))
    return _konteks_kegiatan(kegiatan, butir, konfigurasi, bahan, catatan_tte)


def alamat_verifikasi(konfigurasi: Konfigurasi, id_verifikasi: str) -> str:
    """Return the verification address of a certificate: ``[tte] url_verifikasi`` with its id."""
    pola = konfigurasi.tte.url_verifikasi
    if not pola or "{id}" not in pola:
        raise RenderError(
            "Alamat verifikasi untuk kode QR belum diatur; isi url_verifikasi di bagian [tte] "
            "naskah.toml dengan alamat yang memuat {id}, misalnya "
            "https://kantor.go.id/verifikasi/{id}."
        )
    return pola.replace("{id}", id_verifikasi)


def _butir_sertifikat(peserta: Peserta, nomor: str, url: str, bahan: Bahan) -> dict[str, Any]:
    nama = teks(peserta.nama)
    return {
        "nomor": nomor,
        "nama": nama,
        "nama_panjang": len(nama) >= NAMA_PANJANG,
        "instansi": teks(peserta.instansi),
        "peran": PERAN_TAMPIL.get(peserta.peran, peserta.peran.capitalize()),
        "url": url,
        "qr": bahan.qr(url) if url else "",
    }


def _konteks_kegiatan(
    induk: SertifikatKegiatan,
    butir: list[dict[str, Any]],
    konfigurasi: Konfigurasi,
    bahan: Bahan,
    catatan_tte: bool,
) -> dict[str, Any]:
    umum = _umum(induk, konfigurasi, bahan, catatan_tte)
    instansi: Instansi = umum.pop("_instansi")
    umum["nomor"] = butir[0]["nomor"]
    kg = induk.kegiatan
    pejabat = induk.penandatangan
    return {
        **umum,
        "kegiatan": {
            "nama": teks(kg.nama),
            "penyelenggara": teks(kg.penyelenggara),
            "mitra": teks(kg.mitra),
            "rentang": (
                format_tanggal(kg.tanggal_mulai)
                if kg.tanggal_mulai == kg.tanggal_selesai
                else rentang_tanggal(kg.tanggal_mulai, kg.tanggal_selesai)
            ),
            "tempat": teks(kg.tempat),
            "jp": kg.jp,
            "materi": [
                {"no": i, "nama": teks(m.nama), "narasumber": teks(m.narasumber) or "-", "jp": m.jp}
                for i, m in enumerate(kg.materi, 1)
            ],
            "jp_materi": sum(m.jp for m in kg.materi),
        },  # fmt: skip
        "sertifikat": butir,
        "ttd": _ttd(
            pejabat,
            induk.ditetapkan_di or instansi.kota,
            induk.tanggal,
            [_jabatan_ttd(pejabat, "Kepala")],
        ),  # fmt: skip
    }


KONTEKS: dict[str, Callable[..., dict[str, Any]]] = {
    "keputusan": konteks_keputusan,
    "sk_kerja_sama": konteks_keputusan,
    "surat_tugas": konteks_surat_tugas,
    "sertifikat": konteks_sertifikat,
}
"""The context builder of each document kind (``jenis``)."""


def bangun_konteks(
    dokumen: Dokumen | Sertifikat,
    konfigurasi: Konfigurasi,
    bahan: Bahan,
    *,
    catatan_tte: bool = False,
) -> dict[str, Any]:
    """Return the template context of ``dokumen``."""
    jenis = "sertifikat" if isinstance(dokumen, Sertifikat) else dokumen.jenis
    try:
        pembangun = KONTEKS[jenis]
    except KeyError:
        raise RenderError(f"Jenis naskah {jenis!r} belum dapat dirender.") from None
    return pembangun(dokumen, konfigurasi, bahan, catatan_tte=catatan_tte)


def jenis_dokumen(dokumen: Dokumen | Sertifikat) -> str:
    """Return the template kind of ``dokumen`` (``keputusan``, ``sertifikat`` …)."""
    return "sertifikat" if isinstance(dokumen, Sertifikat) else dokumen.jenis


__all__ = ["Bahan", "KONTEKS", "NOMOR_KOSONG", "PERAN_TAMPIL", "alamat_verifikasi",
           "bangun_konteks", "baris_daftar", "baris_uraian", "jenis_dokumen",
           "konteks_sertifikat_banyak", "teks"]  # fmt: skip
