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
    BukuStandarPelayanan,
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
    StandarPelayanan,
    SuratDinas,
    SuratTugas,
    Tabel,
    Uraian,
    format_tanggal,
)
from naskah.models.common import Mewakili, Salinan
from naskah.models.surat_tugas import rentang_tanggal
from naskah.models.teks import BlokTabel
from naskah.render.pecah import isi_baris, jumlah_baris, pecah_seimbang, pengukur

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
        """Return the flowchart of a procedure: one picture, or a list of bands stacked."""

    def tabel(self, tabel: Tabel) -> Any:
        """Return a table of rich text as a sub-document."""

    def qr(self, url: str) -> Any:
        """Return the QR code of ``url`` (a certificate's verification address)."""

    def gambar(self, png: bytes, lebar_mm: float) -> Any:
        """Return a picture (a report's chart, PNG) printed ``lebar_mm`` wide."""


def teks(nilai: Any) -> str:
    """Return ``nilai`` as one line: whitespace runs collapsed, control characters removed."""
    if nilai is None:
        return ""
    return rekat(" ".join(_KONTROL.sub("", str(nilai)).split()))


def _baris(tingkat: int | str, label: str = "", isi: str = "", **lain: Any) -> dict[str, Any]:
    return {"tingkat": tingkat, "label": label, "teks": rekat(teks(isi)),
            "tabel": None, "gambar": None, "akhir": False, "potong": "", **lain}  # fmt: skip


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
    return [{"label": label, "teks": rekat(teks(isi))} for label, isi in pasangan]


def _bernomor(daftar: list[str]) -> list[dict[str, str]]:
    if len(daftar) == 1:
        return [{"label": "", "teks": rekat(teks(daftar[0]))}]
    return [{"label": f"{i}.", "teks": rekat(teks(t))} for i, t in enumerate(daftar, 1)]


def _instansi(dokumen: Dokumen, konfigurasi: Konfigurasi) -> Instansi:
    instansi = dokumen.instansi or konfigurasi.instansi
    if instansi is None:
        raise RenderError(
            "Data instansi untuk kop naskah belum ada; isi bagian instansi di berkas naskah "
            "atau [instansi] di naskah.toml."
        )
    return instansi


# Room for balanced lines (points): the kop's text cell and the body width of an A4 decree,
# a little less than the real width so that the word processor never breaks a line again.
LEBAR_KOP = 352.0
LEBAR_JUDUL = 430.0
LEBAR_JUDUL_LAMPIRAN = 420.0
LEBAR_KEPALA_LAMPIRAN = 215.0
LEBAR_TTD = 232.0
FONT_BOOKMAN = "Bookman Old Style"
# The certificate's signature cell (10.5 cm in templates/_buat_templat.py, Arial 10.5 pt): its
# jabatan lines are measured in that font and width, not in the decree's.
LEBAR_TTD_SERTIFIKAT = 280.0
FONT_ARIAL = "Arial"
UKURAN_TTD_SERTIFIKAT = 10.5


def baris_judul(
    nilai: str, lebar: float, *, ukuran: float = 12, tebal: bool = False, font: str = FONT_BOOKMAN
) -> list[str]:
    """Return a centred title as balanced lines (no lone last word).

    Dates, NIPs and year ranges stay whole (:func:`rekat`), and a short number stays with the
    word before it (``SEMESTER 2``, ``TAHAP 1``): a line never starts with it.
    """
    bersih = _REKAT_JUDUL.sub(lambda m: NBSP + m.group(1), rekat(teks(nilai)))
    return pecah_seimbang(bersih, lebar, pengukur(font, ukuran, tebal=tebal))


def _kop(instansi: Instansi) -> dict[str, Any]:
    # the names as one string (every template may print them) and as balanced lines
    return {
        "kementerian": teks(instansi.kementerian),
        "unit_utama": teks(instansi.unit_utama),
        "unit": teks(instansi.unit),
        "kementerian_baris": baris_judul(instansi.kementerian, LEBAR_KOP, ukuran=13),
        "unit_utama_baris": baris_judul(instansi.unit_utama or "", LEBAR_KOP, ukuran=13),
        "unit_baris": baris_judul(instansi.unit, LEBAR_KOP, ukuran=13, tebal=True),
        "alamat": teks(instansi.alamat),
        "kontak": [rekat(teks(b)) for b in instansi.baris_kontak],
    }


NBSP = "\u00a0"
"""The no-break space: Word and LibreOffice both keep the words it joins on one line."""
_BULAN = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"
_REKAT = (
    # a date: 21 Mei 2024, 6 MARET 2025
    re.compile(rf"\b(\d{{1,2}}) ((?i:{_BULAN})) (\d{{4}})\b"),
    # a NIP as printed: 19700319 199703 1 001
    re.compile(r"\b(\d{8}) (\d{6}) (\d) (\d{3})\b"),
    # a number with its name in words: 7 (tujuh) hari
    re.compile(r"\b(\d+) (\([a-z ]+\))"),
    # a year range written with spaces: 2021 / 2022
    re.compile(r"\b(\d{4}) (/) (\d{4})\b"),
)
_REKAT_JUDUL = re.compile(r"(?<=\w) (\d{1,2})\b")
"""A title's short number (``SEMESTER 2``), kept with the word before it."""


def rekat(nilai: str) -> str:
    """Return ``nilai`` with no-break spaces inside dates, NIPs and numbers with their names.

    A decree never breaks ``21 Mei 2024``, ``19700319 199703 1 001`` or ``7 (tujuh)`` across a
    line (``Nomor`` stays free of its number: a long number then starts the next line instead
    of stretching the one before). Numbers such as ``0512/C7.24/HK.03.01/2024`` are one word
    already: neither Word nor LibreOffice breaks them (no invisible break opportunities).
    """
    for pola in _REKAT:
        nilai = pola.sub(lambda m: NBSP.join(g.replace(" ", NBSP) for g in m.groups()), nilai)
    return nilai


def _jabatan_kapital(jabatan: str) -> str:
    return teks(jabatan).rstrip(" ,").upper()


def baris_jabatan_ttd(
    pejabat: Pejabat, cadangan: str, mewakili: Mewakili | None = None
) -> list[str]:
    """Return the lines above the signature: the jabatan in capitals, with a.n./u.b./Plt. forms.

    The last line carries the comma. ``cadangan`` is printed when the signer has no jabatan.
    """
    sendiri = _jabatan_kapital(pejabat.jabatan or cadangan)
    if mewakili is None:
        return [f"{sendiri},"]
    diwakili = _jabatan_kapital(mewakili.jabatan)
    if mewakili.bentuk in ("Plt.", "Plh.", "Pj."):
        return [f"{mewakili.bentuk} {diwakili},"]
    baris = [f"a.n. {diwakili}"]
    if mewakili.bentuk == "u.b.":
        baris += [_jabatan_kapital(mewakili.perantara or ""), "u.b."]
    if pejabat.jabatan:
        baris.append(f"{_jabatan_kapital(pejabat.jabatan)},")
    else:
        baris[-1] += ","
    return baris


def _huruf(s: str) -> str:
    """Return ``s`` reduced to its letters and digits, lower case (for sameness checks)."""
    return "".join(c for c in s.lower() if c.isalnum())


def _ttd(
    pejabat: Pejabat,
    kota: str,
    tanggal: date,
    jabatan: list[str],
    salinan: Salinan | None = None,
    *,
    lebar: float = LEBAR_TTD,
    ukuran: float = 12,
    font: str = FONT_BOOKMAN,
) -> dict[str, Any]:
    """Return a signature block; a copy prints ``ttd.`` in place of the signature space.

    The jabatan lines are balanced for a column ``lebar`` points wide in ``font`` at ``ukuran``
    points (a decree's signature column by default).
    """
    return {
        "kota": teks(kota),
        "tanggal": rekat(format_tanggal(tanggal)),
        "jabatan": [b for j in jabatan for b in baris_judul(j, lebar, ukuran=ukuran, font=font)],
        "tanda": teks(salinan.tanda) if salinan is not None else "",
        "nama": teks(pejabat.nama_lengkap),
        "nip": rekat(pejabat.nip_tampil or ""),
    }


def _blok_salinan(salinan: Salinan | None) -> dict[str, Any] | None:
    """Return the copy block (``Salinan sesuai dengan aslinya`` …), or None."""
    if salinan is None:
        return None
    p = salinan.pengesah
    return {
        "keterangan": teks(salinan.keterangan),
        "jabatan": [f"{_jabatan_kapital(p.jabatan)},"] if p and p.jabatan else [],
        "nama": teks(p.nama_lengkap) if p else "",
        "nip": rekat(p.nip_tampil or "") if p else "",
    }


ORGANISASI_SERTIFIKAT_UJI = "SERTIFIKAT UJI - BUKAN UNTUK DOKUMEN RESMI"
"""The organisation of naskah's TEST certificates (``naskah.tte.contoh.ORGANISASI_UJI``;
render does not import tte)."""
CATATAN_UJI = "SERTIFIKAT UJI — bukan tanda tangan elektronik yang sah"
"""The footnote of a document signed with a TEST certificate (``naskah init --contoh``)."""


def catatan_kaki_tte(konfigurasi: Konfigurasi) -> str:
    """Return the footnote of a document (to be) signed electronically.

    The office's own words (``[tte] catatan_kaki``, BSrE by default); :data:`CATATAN_UJI` when
    the office trusts TEST certificates only (every ``[tte] akar_tepercaya`` is one), so a
    document signed for practice never claims a legal electronic signature.
    """
    akar = [konfigurasi.path(p) for p in konfigurasi.tte.akar_tepercaya]
    if akar and all(_sertifikat_uji(p) for p in akar):
        return CATATAN_UJI
    return konfigurasi.tte.catatan_kaki


def _sertifikat_uji(path: Path) -> bool:
    """Whether ``path`` holds a TEST certificate made by naskah (its organisation says so)."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    try:
        data = path.read_bytes()
        sert = (
            x509.load_pem_x509_certificate(data)
            if b"-----BEGIN" in data
            else x509.load_der_x509_certificate(data)
        )
        org = sert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    except (OSError, ValueError):
        return False
    return any(o.value == ORGANISASI_SERTIFIKAT_UJI for o in org)


def berkas_logo(dokumen: Any, konfigurasi: Konfigurasi) -> Path | None:
    """Return the kop's logo file, or None when the kop prints the placeholder emblem.

    The document's own ``instansi`` names its logo; none there (or ``contoh``) takes the
    office's emblem from naskah.toml's ``[instansi] logo``, and the placeholder only when that
    is not set either.
    """
    for instansi in (getattr(dokumen, "instansi", None), konfigurasi.instansi):
        if isinstance(instansi, Instansi) and not instansi.logo_contoh:
            return konfigurasi.path(Path(instansi.logo or ""))
    return None


def logo_contoh(dokumen: Any, konfigurasi: Konfigurasi) -> bool:
    """Return whether the document's kop prints the CONTOH LOGO placeholder (or a copy of it).

    Such a document may be rendered as a draft, never issued or signed (issue 21).
    """
    from naskah.render.docx import LOGO_CONTOH

    berkas = berkas_logo(dokumen, konfigurasi)
    if berkas is None:
        return True
    try:
        return berkas.stat().st_size == LOGO_CONTOH.stat().st_size and (
            berkas.read_bytes() == LOGO_CONTOH.read_bytes()
        )
    except OSError:  # a missing logo file is reported where it is read
        return False


PESAN_LOGO_CONTOH = (
    "Kop naskah masih memakai lambang CONTOH LOGO, sehingga naskah ini tidak dapat diterbitkan "
    'atau ditandatangani; simpan lambang kantor sebagai PNG lalu tulis logo = "logo.png" di '
    "bagian [instansi] naskah.toml (draf tetap dapat dirender)."
)
"""The one sentence ``terbitkan`` and ``tte tandatangani`` refuse a placeholder logo with."""


def _umum(
    dokumen: Dokumen, konfigurasi: Konfigurasi, bahan: Bahan, catatan_tte: bool
) -> dict[str, Any]:
    instansi = _instansi(dokumen, konfigurasi)
    berkas = berkas_logo(dokumen, konfigurasi)
    logo = None if berkas is None else str(berkas)
    return {
        "kop": _kop(instansi),
        "logo": bahan.logo(logo),
        "nomor": str(dokumen.nomor) if dokumen.nomor else NOMOR_KOSONG,
        "catatan_kaki": teks(catatan_kaki_tte(konfigurasi)) if catatan_tte else "",
        "_instansi": instansi,
    }


# --- keputusan ------------------------------------------------------------------------------


BARIS_PENUTUP_MIN = 3
"""Printed lines of diktum text (at least) that keep with the decree's signature block."""
LEBAR_DIKTUM = 330.0
"""Room for a diktum's text (points): the body width less the hanging label column."""


def _tandai_akhir(diktum: list[dict[str, Any]]) -> None:
    """Mark the paragraphs at the end of the diktum that keep with the signature block.

    The last paragraph always does; when it is short (``Keputusan ini mulai berlaku …``, one
    line), the paragraphs before it do too, until :data:`BARIS_PENUTUP_MIN` lines are marked, so
    the signature block never stands on a page with one line of text above it.
    """
    ukur = pengukur(FONT_BOOKMAN, 12)
    paragraf = [p for d in diktum for p in (d, *d["butir"])]
    baris = 0
    for p in reversed(paragraf):
        p["akhir"] = True
        baris += max(1, -(-int(ukur(p["teks"])) // int(LEBAR_DIKTUM)))
        if baris >= BARIS_PENUTUP_MIN:
            break


def _komponen_sp(nilai: Any, bahan: Bahan) -> list[dict[str, Any]]:
    if isinstance(nilai, Prosedur):
        out = baris_uraian(nilai.uraian, bahan)
        if nilai.alur is not None:
            gambar = bahan.gambar_alur(nilai.alur)
            for pita in gambar if isinstance(gambar, list) else [gambar]:
                out.append(_baris("gambar", gambar=pita))
        return out
    if isinstance(nilai, JangkaWaktu):
        return baris_uraian(nilai.uraian, bahan)
    return baris_uraian(nilai, bahan)


KOLOM_SP_CM = (1.2, 4.4, 10.4)
"""The NO | KOMPONEN | URAIAN column widths (cm) of templates/_buat_templat.py's SP table."""
_MARGIN_SEL_CM = 0.38  # the cell's left and right margins together (2 x 0.19 cm)
_PT_PER_CM = 72 / 2.54
_INDEN_BUTIR_CM = 0.75  # a list item's text starts 0.75 cm further in per level (Sel Butir N)
UKURAN_SEL = 11.0
"""The size (pt) of the SP table's text (styles Sel Teks, Sel Butir N, Sel Label)."""

BARIS_UTUH_MAKS = 12
"""A row of an SP table estimated at most this many lines may not split across pages.

Each item of a component (a paragraph, a list item with its lead-in) is its own table row, so
pages break between items; an item this short moves whole to the next page rather than leave
one of its lines alone. A longer item is cut into pieces of :data:`BARIS_POTONGAN` lines, each
its own unsplittable row (LibreOffice ignores widow/orphan control in table cells, and a split
row could leave one line alone): pages break between pieces, two lines at least on each side.
"""
BARIS_POTONGAN = 4
"""The lines of one piece of a long item (the last piece has 2 to 5)."""
_RUANG_POTONGAN = 0.97
"""A piece's lines are filled a little narrower than the cell, so LibreOffice never wraps one."""


def _lebar_uraian(tingkat: int | str) -> float:
    """Return the room (points) for the text of a URAIAN row at list level ``tingkat``."""
    inden = _INDEN_BUTIR_CM * tingkat if isinstance(tingkat, int) else 0.0
    return (KOLOM_SP_CM[2] - _MARGIN_SEL_CM - inden) * _PT_PER_CM


def perkiraan_baris(baris: list[dict[str, Any]]) -> float:
    """Return the estimated printed lines of URAIAN rows (measured at 11 pt; a chart is many)."""
    ukur = pengukur(FONT_BOOKMAN, UKURAN_SEL)
    total = 0.0
    for b in baris:
        if b["tingkat"] == "gambar":
            return float("inf")  # a chart's bands must be free to flow
        if b["tingkat"] == "tabel":
            return float("inf")  # a nested table may be long: it flows
        total += jumlah_baris(b["teks"], _lebar_uraian(b["tingkat"]), ukur) + 0.2
    return total


def baris_label(nama: str) -> int:
    """Return the printed lines of a component's name in the KOMPONEN column."""
    lebar = (KOLOM_SP_CM[1] - _MARGIN_SEL_CM) * _PT_PER_CM
    return jumlah_baris(nama, lebar, pengukur(FONT_BOOKMAN, UKURAN_SEL))


def potong_butir(b: dict[str, Any]) -> list[dict[str, Any]]:
    """Return a long URAIAN row as pieces of :data:`BARIS_POTONGAN` lines (a short one whole).

    Each piece is a row of its own with ``potong`` set: ``awal`` (with the label), ``tengah``
    and ``akhir`` print their lines at the text's indent, closed up to the piece before.
    """
    if not isinstance(b["tingkat"], int) or perkiraan_baris([b]) <= BARIS_UTUH_MAKS:
        return [b]
    lebar = _lebar_uraian(b["tingkat"]) * _RUANG_POTONGAN
    baris = isi_baris(b["teks"], lebar, pengukur(FONT_BOOKMAN, UKURAN_SEL))
    potongan = [baris[i : i + BARIS_POTONGAN] for i in range(0, len(baris), BARIS_POTONGAN)]
    if len(potongan) > 1 and len(potongan[-1]) < 2:
        potongan[-2:] = [potongan[-2] + potongan[-1]]
    out = []
    for i, isi in enumerate(potongan):
        jenis = "awal" if i == 0 else "akhir" if i == len(potongan) - 1 else "tengah"
        out.append({**b, "teks": " ".join(isi), "label": b["label"] if i == 0 else "",
                    "potong": jenis})  # fmt: skip
    return out


def kelompok_baris(baris: list[dict[str, Any]], nama: str = "") -> list[dict[str, Any]]:
    """Group a component's URAIAN rows into the table rows it is printed as.

    One table row per item: a paragraph, a list item, a table or a chart band. A lead-in
    (text ending with ``:``) stays in the row of the item after it; the first row holds items
    until it is at least as tall as the component's name ``nama``, so the name never splits.
    Each group is ``{baris, pertama, terakhir, utuh}``; ``utuh`` rows may not split.
    """
    kelompok: list[list[dict[str, Any]]] = []
    for b in (potongan for asal in baris for potongan in potong_butir(asal)):
        if b["potong"] in ("tengah", "akhir"):  # a piece of a long item: a row of its own
            kelompok.append([b])
            continue
        lanjut = bool(kelompok) and (
            kelompok[-1][-1]["teks"].rstrip().endswith(":")
            or (len(kelompok) == 1 and perkiraan_baris(kelompok[0]) < baris_label(nama))
        )
        if lanjut and b["tingkat"] != "gambar" and kelompok[-1][-1]["tingkat"] != "gambar":
            kelompok[-1].append(b)
        else:
            kelompok.append([b])
    if not kelompok:
        kelompok = [[]]
    return [
        {"baris": isi, "pertama": i == 0, "terakhir": i == len(kelompok) - 1,
         "utuh": perkiraan_baris(isi) <= BARIS_UTUH_MAKS}
        for i, isi in enumerate(kelompok)
    ]  # fmt: skip


def _komponen(no: int, nama: str, baris: list[dict[str, Any]]) -> dict[str, Any]:
    nama = teks(nama)
    return {"no": no, "nama": nama, "baris": baris, "kelompok": kelompok_baris(baris, nama)}


def _standar_pelayanan(
    s: StandarPelayanan, jabatan: list[str], bahan: Bahan
) -> tuple[dict[str, Any], list[str]]:
    """Return a standard's two parts (the last component apart) and its closing jabatan lines."""
    bagian_sp: list[dict[str, Any]] = []
    for judul, komponen in s.komponen():
        utama, _, asing = teks(judul).partition(" (")
        bagian_sp.append({
            "judul": utama,
            "judul_asing": f"({asing}" if asing else "",
            "komponen": [_komponen(no, nama, _komponen_sp(nilai, bahan))
                         for no, nama, nilai in komponen],
            "akhir": None,
        })  # fmt: skip
    # the last component goes into the closing row, with the signature block
    bagian_sp[-1]["akhir"] = bagian_sp[-1]["komponen"].pop()
    # a closing line that repeats the signer's own title is printed once
    sama = _huruf(s.jabatan_penutup) == _huruf(" ".join(jabatan))
    jabatan_lp = jabatan if sama else [teks(s.jabatan_penutup), *jabatan]
    return {"nama": teks(s.nama), "bagian": bagian_sp}, jabatan_lp


def konteks_keputusan(
    dokumen: Keputusan, konfigurasi: Konfigurasi, bahan: Bahan, *, catatan_tte: bool = False
) -> dict[str, Any]:
    """Return the context of a keputusan (and of an SK Kerja Sama) template."""
    umum = _umum(dokumen, konfigurasi, bahan, catatan_tte)
    instansi: Instansi = umum.pop("_instansi")
    kota = dokumen.ditetapkan_di or instansi.kota
    pejabat = dokumen.penandatangan
    jabatan = baris_jabatan_ttd(pejabat, dokumen.jabatan_penetap, dokumen.mewakili)
    salinan = dokumen.salinan
    ttd = _ttd(pejabat, kota, dokumen.tanggal, jabatan, salinan)

    diktum = []
    for i, (label, isi, _) in enumerate(dokumen.diktum_berlabel()):
        daftar = dokumen.daftar_diktum(dokumen.diktum[i])
        butir = baris_daftar(daftar, 1, dokumen.uraikan) if daftar else []
        for b in butir:  # a diktum styles two list levels
            b["tingkat"] = min(b["tingkat"], 2)
        diktum.append({"label": label, "teks": rekat(teks(isi)), "butir": butir,
                       "akhir": False})  # fmt: skip
    _tandai_akhir(diktum)

    lampiran = []
    for nomor, lp in dokumen.lampiran_berlabel():
        sp = None
        jabatan_lp = jabatan
        if lp.standar_pelayanan is not None:
            sp, jabatan_lp = _standar_pelayanan(lp.standar_pelayanan, jabatan, bahan)
        bagian: list[dict[str, Any]] = [
            {"judul": teks(bg.judul), "baris": baris_uraian(bg.isi, bahan)} for bg in lp.bagian
        ]
        if bagian and bagian[-1]["baris"]:
            bagian[-1]["baris"][-1]["akhir"] = True
        lampiran.append({
            "nomor": nomor,
            "kepala": f"LAMPIRAN {nomor}".strip(),
            "judul": teks(lp.judul),
            "judul_baris": baris_judul(lp.judul, LEBAR_JUDUL_LAMPIRAN, tebal=True),
            "sp": sp,
            "bagian": bagian,
            "kerja_sama": False,
            "penutup_dalam_tabel": sp is not None,
            "ttd": _ttd(pejabat, kota, dokumen.tanggal, jabatan_lp, salinan),
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
        akhir = rincian.pop()
        kerja_sama = {"rincian": rincian, "akhir": akhir}
        nomor = dokumen.nomor_lampiran(len(lampiran) + 1)
        lampiran.append({
            "nomor": nomor,
            "kepala": f"LAMPIRAN {nomor}".strip(),
            "judul": "RINCIAN KERJA SAMA",
            "judul_baris": ["RINCIAN KERJA SAMA"],
            "sp": None,
            "bagian": [],
            "kerja_sama": True,
            "penutup_dalam_tabel": True,
            "ttd": _ttd(pejabat, kota, dokumen.tanggal, jabatan, salinan),
        })  # fmt: skip

    return {
        **umum,
        "salinan": salinan is not None,
        "blok_salinan": _blok_salinan(salinan),
        "judul": {
            "jabatan": baris_judul(dokumen.jabatan_penetap, LEBAR_JUDUL),
            "tentang": baris_judul(dokumen.tentang, LEBAR_JUDUL),
            "penetap": baris_judul(dokumen.judul_penetap, LEBAR_JUDUL),
        },
        "jabatan_penetap": teks(dokumen.jabatan_penetap),
        "tentang": teks(dokumen.tentang),
        "judul_penetap": teks(dokumen.judul_penetap),
        "menimbang": _berlabel(dokumen.menimbang_berlabel()),
        "mengingat": _berlabel(dokumen.mengingat_berlabel()),
        "memperhatikan": _berlabel(dokumen.memperhatikan_berlabel()),
        "menetapkan": rekat(teks(dokumen.judul_menetapkan)),
        "diktum": diktum,
        "ttd": ttd,
        "tanggal_kapital": rekat(format_tanggal(dokumen.tanggal).upper()),
        "tembusan": _bernomor(dokumen.tembusan),
        "lampiran": lampiran,
        "kerja_sama": kerja_sama,
    }


# --- buku standar pelayanan -----------------------------------------------------------------

_KATA_KECIL = {"dan", "di", "ke", "dari", "atau", "untuk", "pada", "yang"}


def _huruf_judul(nilai: str) -> str:
    """Return ``nilai`` in title case, Indonesian small words and abbreviations kept."""
    kata = []
    for i, k in enumerate(teks(nilai).split()):
        if i and k.lower() in _KATA_KECIL:
            kata.append(k.lower())
        elif k.isupper() and len(k) <= 4 and k not in ("BALAI", "MUTU", "KOTA"):
            kata.append(k)  # BPMP, ULT, RI
        else:
            kata.append(k[:1].upper() + k[1:].lower())
    return " ".join(kata)


def konteks_standar_pelayanan(
    dokumen: BukuStandarPelayanan,
    konfigurasi: Konfigurasi,
    bahan: Bahan,
    *,
    catatan_tte: bool = False,
) -> dict[str, Any]:
    """Return the context of a Standar Pelayanan booklet: cover, kata pengantar, standards."""
    umum = _umum(dokumen, konfigurasi, bahan, catatan_tte)
    instansi: Instansi = umum.pop("_instansi")
    kota = dokumen.ditetapkan_di or instansi.kota
    pejabat = dokumen.penandatangan
    jabatan = baris_jabatan_ttd(pejabat, "Kepala", dokumen.mewakili)
    lingkungan = dokumen.lingkungan or f"di Lingkungan {_huruf_judul(instansi.unit)}"
    kata_pengantar = baris_uraian(dokumen.kata_pengantar, bahan)
    if kata_pengantar:
        kata_pengantar[-1]["akhir"] = True
    standar = []
    for s in dokumen.standar:
        sp, jabatan_sp = _standar_pelayanan(s, jabatan, bahan)
        judul = f"STANDAR PELAYANAN {teks(s.nama).upper()}"
        standar.append({
            "judul": judul,
            "judul_baris": baris_judul(judul, LEBAR_JUDUL_LAMPIRAN, tebal=True),
            "sp": sp,
            "penutup_dalam_tabel": True,
            "ttd": _ttd(pejabat, kota, dokumen.tanggal, jabatan_sp),
        })  # fmt: skip
    return {
        **umum,
        "sampul": {
            "judul": baris_judul(dokumen.judul, LEBAR_JUDUL, ukuran=24, tebal=True),
            "lingkungan": baris_judul(lingkungan, LEBAR_JUDUL, ukuran=14),
            "tahun": f"TAHUN {dokumen.tahun}",
        },
        "kata_pengantar": kata_pengantar,
        "ttd": _ttd(pejabat, kota, dokumen.tanggal, jabatan),
        "standar": standar,
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
                "nip": rekat(p.nip_tampil or ""),
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
        "ttd": _ttd(
            pejabat, kota, dokumen.tanggal, baris_jabatan_ttd(pejabat, "Kepala", dokumen.mewakili)
        ),
        "tembusan": _bernomor(dokumen.tembusan),
    }


# --- surat dinas ----------------------------------------------------------------------------

LEBAR_TTD_SURAT = 240.0
"""The letter's signature column (8.5 cm less a little, Arial 12 pt)."""


def konteks_surat_dinas(
    dokumen: SuratDinas, konfigurasi: Konfigurasi, bahan: Bahan, *, catatan_tte: bool = False
) -> dict[str, Any]:
    """Return the context of a surat dinas template: heading lines, addressees, body, ttd."""
    umum = _umum(dokumen, konfigurasi, bahan, catatan_tte)
    instansi: Instansi = umum.pop("_instansi")
    pejabat = dokumen.penandatangan
    isi = baris_uraian(dokumen.isi, bahan)
    penutup = teks(dokumen.penutup)
    if penutup:
        isi.append(_baris(0, "", penutup))
    if isi:
        isi[-1]["akhir"] = True
    ttd = _ttd(
        pejabat, instansi.kota, dokumen.tanggal,
        baris_jabatan_ttd(pejabat, "Kepala", dokumen.mewakili),
        lebar=LEBAR_TTD_SURAT, font=FONT_ARIAL,
    )  # fmt: skip
    return {
        **umum,
        "sifat": teks(dokumen.sifat),
        "lampiran": teks(dokumen.lampiran) or "-",
        "hal": teks(dokumen.hal),
        "tanggal": rekat(format_tanggal(dokumen.tanggal)),
        "kepada": [{"nama": teks(k.nama), "alamat": teks(k.alamat)} for k in dokumen.kepada],
        "isi": isi,
        "ttd": ttd,
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


LEBAR_SERTIFIKAT_PT = 680.0
"""The certificate's text width (A4 landscape less its 2.6 cm margins), less a little."""
UKURAN_NAMA_PANJANG = 20
UKURAN_KEGIATAN = 13.5
BARIS_KEGIATAN_MAKS = 2
"""An activity name longer than this many lines at its size is printed smaller (issue 21)."""


def _ukur_nama(nama: str) -> float:
    return pengukur(FONT_BOOKMAN, UKURAN_NAMA_PANJANG, tebal=True)(nama)


def _butir_sertifikat(peserta: Peserta, nomor: str, url: str, bahan: Bahan) -> dict[str, Any]:
    nama = teks(peserta.nama)
    return {
        "nomor": nomor,
        "nama": nama,
        "nama_panjang": len(nama) >= NAMA_PANJANG,
        # wider than the page at the long-name size: a smaller size still keeps it on one line
        "nama_sangat_panjang": _ukur_nama(nama) > LEBAR_SERTIFIKAT_PT,
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
            "nama_panjang": pengukur(FONT_ARIAL, UKURAN_KEGIATAN, tebal=True)(teks(kg.nama))
            > BARIS_KEGIATAN_MAKS * LEBAR_SERTIFIKAT_PT,
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
            baris_jabatan_ttd(pejabat, "Kepala", induk.mewakili),
            lebar=LEBAR_TTD_SERTIFIKAT,
            ukuran=UKURAN_TTD_SERTIFIKAT,
            font=FONT_ARIAL,
        ),  # fmt: skip
    }


def _konteks_laporan(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The evaluation report's context (naskah.render.laporan, imported on first use)."""
    from naskah.render.laporan import konteks_laporan_evaluasi

    return konteks_laporan_evaluasi(*args, **kwargs)


def _konteks_perjanjian(*args: Any, **kwargs: Any) -> dict[str, Any]:
    """The cooperation agreement's context (naskah.render.perjanjian, imported on first use)."""
    from naskah.render.perjanjian import konteks_perjanjian_kerja_sama

    return konteks_perjanjian_kerja_sama(*args, **kwargs)


KONTEKS: dict[str, Callable[..., dict[str, Any]]] = {
    "keputusan": konteks_keputusan,
    "sk_kerja_sama": konteks_keputusan,
    "surat_tugas": konteks_surat_tugas,
    "surat_dinas": konteks_surat_dinas,
    "sertifikat": konteks_sertifikat,
    "standar_pelayanan": konteks_standar_pelayanan,
    "laporan_evaluasi": _konteks_laporan,
    "perjanjian_kerja_sama": _konteks_perjanjian,
}
"""The context builder of each document kind (``jenis``)."""


def bangun_konteks(
    dokumen: Dokumen | Sertifikat,
    konfigurasi: Konfigurasi,
    bahan: Bahan,
    *,
    catatan_tte: bool = False,
    id_verifikasi: str | None = None,
) -> dict[str, Any]:
    """Return the template context of ``dokumen`` (``id_verifikasi``: its verification id)."""
    jenis = "sertifikat" if isinstance(dokumen, Sertifikat) else dokumen.jenis
    try:
        pembangun = KONTEKS[jenis]
    except KeyError:
        raise RenderError(f"Jenis naskah {jenis!r} belum dapat dirender.") from None
    konteks = pembangun(dokumen, konfigurasi, bahan, catatan_tte=catatan_tte)
    idv = id_verifikasi or getattr(dokumen, "id_verifikasi", None) or ""
    konteks["id_verifikasi"] = idv
    # the printed mark of the blocks the signature's stamp does not cover (each lampiran's):
    # the document's QR code (its one verification id) when the office has a verification page
    tanda: dict[str, Any] | None = None
    if catatan_tte and not isinstance(dokumen, Sertifikat):
        url = alamat_verifikasi(konfigurasi, idv) if idv and konfigurasi.tte.url_verifikasi else ""
        tanda = {"qr": bahan.qr(url) if url else ""}
    konteks["tanda_tte"] = tanda
    return konteks


def jenis_dokumen(dokumen: Dokumen | Sertifikat) -> str:
    """Return the template kind of ``dokumen`` (``keputusan``, ``sertifikat`` …)."""
    return "sertifikat" if isinstance(dokumen, Sertifikat) else dokumen.jenis


__all__ = ["Bahan", "KONTEKS", "NOMOR_KOSONG", "PERAN_TAMPIL", "alamat_verifikasi",
           "bangun_konteks", "baris_daftar", "baris_uraian", "jenis_dokumen",
           "konteks_sertifikat_banyak", "teks"]  # fmt: skip
