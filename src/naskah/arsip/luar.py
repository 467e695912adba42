"""Reading what a document of another office is from its own text: number, date, subject, signer.

A letter received or a decree of the ministry comes as a PDF; :func:`baca_kepala` reads the
fields staff would type from its text layer, following the layouts of Indonesian official
documents (Permendikbud 2021 tata naskah dinas and the usual kop):

* the kop (``KEMENTERIAN …`` / ``DIREKTORAT JENDERAL …`` / ``BALAI …`` lines before the title)
  gives the issuing office; without a kop, the title's jabatan (``KEPUTUSAN KEPALA BALAI …``,
  ``KEPUTUSAN DIREKTUR JENDERAL …``) does;
* ``NOMOR: 38/E/KPT/2021`` (decrees) or ``Nomor : 0123/C7/PR.01.01/2024`` (letters), the first
  one carrying a ``/`` preferred, gives the number; its parts a unit and a klasifikasi code
  (:func:`bagian_nomor`);
* the block under ``TENTANG`` (decrees) or the ``Hal``/``Perihal`` line (letters) the subject;
* ``Ditetapkan di … pada tanggal 15 Maret 2021``, ``Samarinda, 6 Maret 2025`` or
  ``TANGGAL 6 MARET 2025`` the date;
* the last ``NIP`` line and the name above it the signer.

Nothing here is certain: every field may be missing (None) and staff override any of them.
This module only reads text; it never touches files or the catalog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from naskah.models.common import BULAN

_BULAN = {b.lower(): i for i, b in enumerate(BULAN, 1)} | {"nopember": 11, "pebruari": 2}
_TANGGAL = r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})"
_KOP = re.compile(
    r"^(KEMENTERIAN|DIREKTORAT|BADAN|DINAS|BALAI|PEMERINTAH|UNIVERSITAS|INSTITUT|POLITEKNIK|"
    r"LEMBAGA|SEKRETARIAT|KANTOR|PUSAT|BIRO|INSPEKTORAT|KOMISI|DEWAN|MAHKAMAH|KEJAKSAAN|"
    r"KEPOLISIAN|SEKOLAH|LAYANAN|OMBUDSMAN|ARSIP)\b"
)
_JUDUL = re.compile(
    r"^(KEPUTUSAN|PERATURAN|SURAT|NOTA|INSTRUKSI|PENGUMUMAN|EDARAN|LAMPIRAN|PERJANJIAN|"
    r"SERTIFIKAT|NOMOR|MEMORANDUM|BERITA ACARA|LAPORAN)\b"
)
_ALAMAT = re.compile(r"\d|^(JALAN|JL\b|JLN\b|TELEPON|TELP|FAKS|LAMAN|E-?MAIL|SUREL|WEBSITE)", re.I)
_BERHENTI_TENTANG = re.compile(
    r"^(KEPALA|DIREKTUR|MENTERI|SEKRETARIS|GUBERNUR|BUPATI|WALI ?KOTA|REKTOR|DEKAN|KETUA|"
    r"DENGAN RAHMAT|MENIMBANG|MENGINGAT|MEMPERHATIKAN|MEMUTUSKAN|YTH|#)",
    re.I,
)
_NOMOR = re.compile(r"\bNOMOR\s*[:.]?\s*([^\s,;]+)", re.I)
_HAL = re.compile(r"^\s*(?:hal|perihal)\s*:\s*(.+)$", re.I | re.M)
_NIP = re.compile(r"\bNIP\.?\s*:?\s*((?:\d\s*){18})(?!\d)")
_KLASIFIKASI = re.compile(r"^[A-Z]{2}(?:\.\d{2}){1,3}$")
_JENIS = (
    (re.compile(r"\bSURAT\s+TUGAS\b"), "surat_tugas"),
    (re.compile(r"\bSURAT\s+EDARAN\b"), "surat_edaran"),
    (re.compile(r"\bSURAT\s+KEPUTUSAN\b|\bKEPUTUSAN\b"), "keputusan"),
    (re.compile(r"\bPERATURAN\b"), "peraturan"),
    (re.compile(r"\bINSTRUKSI\b"), "instruksi"),
    (re.compile(r"\bNOTA\s+DINAS\b"), "nota_dinas"),
    (re.compile(r"\bPERJANJIAN\s+KERJA\s*SAMA\b|\bNOTA\s+KESEPAHAMAN\b"), "perjanjian"),
    (re.compile(r"\bSERTIFIKAT\b"), "sertifikat"),
)
_JABATAN_KE_INSTANSI = (
    (re.compile(r"^DIREKTUR\s+JENDERAL\b"), "DIREKTORAT JENDERAL"),
    (re.compile(r"^SEKRETARIS\s+JENDERAL\b"), "SEKRETARIAT JENDERAL"),
    (re.compile(r"^INSPEKTUR\s+JENDERAL\b"), "INSPEKTORAT JENDERAL"),
    (re.compile(r"^DIREKTUR\b"), "DIREKTORAT"),
    (re.compile(r"^MENTERI\b"), "KEMENTERIAN"),
    (re.compile(r"^(?:KEPALA|REKTOR|KETUA|DEKAN)\s+"), ""),
)


@dataclass(frozen=True)
class KepalaNaskah:
    """What the text says of a document; each field None when it could not be read."""

    nomor: str | None = None
    tanggal: date | None = None
    tentang: str | None = None
    jenis: str | None = None
    instansi: str | None = None
    penandatangan: str | None = None
    nip: str | None = None


def _baris(teks: str) -> list[str]:
    """Return the text's non-empty lines, whitespace collapsed, markdown emphasis dropped."""
    hasil = []
    for b in teks.replace("\f", "\n").splitlines():
        b = " ".join(b.replace("**", "").strip(" \t-*").split())
        if b:
            hasil.append(b)
    return hasil


def _besar(b: str) -> bool:
    """Return whether a line is written in capitals (a kop or a title line)."""
    huruf = [c for c in b if c.isalpha()]
    return bool(huruf) and sum(c.isupper() for c in huruf) >= 0.8 * len(huruf)


def _tanggal(h: str, b: str, t: str) -> date | None:
    bulan = _BULAN.get(b.lower())
    if bulan is None:
        return None
    try:
        return date(int(t), bulan, int(h))
    except ValueError:
        return None


def baca_tanggal_teks(teks: str) -> date | None:
    """Return the document's date: where it was set (``pada tanggal``), the dated signature
    line (``Samarinda, 6 Maret 2025``), else the first date written out in full."""
    for pola in (
        rf"\bpada\s+tanggal\s*:?\s*{_TANGGAL}",
        rf"\btanggal\s*:?\s*{_TANGGAL}",
        rf"^[A-Za-z .'-]{{3,40}},\s*{_TANGGAL}\s*$",
        _TANGGAL,
    ):
        for m in re.finditer(pola, teks, re.I | re.M):
            t = _tanggal(*m.groups())
            if t is not None:
                return t
    return None


def _nomor(baris: list[str]) -> str | None:
    kepala = "\n".join(baris[:60])
    calon = [m.group(1).strip(".:") for m in _NOMOR.finditer(kepala)]
    if not calon:  # NOMOR: on one line, the number on the next
        for i, b in enumerate(baris[:60]):
            if re.fullmatch(r"NOMOR\s*:?", b, re.I) and i + 1 < len(baris):
                calon.append(baris[i + 1].split()[0].strip(".,:;"))
    calon = [c for c in calon if any(ch.isdigit() for ch in c)]
    return next((c for c in calon if "/" in c), calon[0] if calon else None)


def _tentang(baris: list[str]) -> str | None:
    for i, b in enumerate(baris[:80]):
        m = re.match(r"^TENTANG\b\s*:?\s*(.*)$", b)
        if m is None:
            continue
        bagian = [m.group(1)] if m.group(1) else []
        for lanjut in baris[i + 1 : i + 8]:
            if _BERHENTI_TENTANG.match(lanjut) or not _besar(lanjut) or len(bagian) >= 6:
                break
            bagian.append(lanjut)
        if bagian:
            return " ".join(bagian)
    return None


def _instansi_kop(baris: list[str]) -> str | None:
    """Return the most specific office of the kop: the last kop block before the title."""
    terakhir: list[str] | None = None
    blok: list[str] | None = None
    wilayah: str | None = None
    for b in baris[:25]:
        if _JUDUL.match(b.upper()) and not _KOP.match(b):
            break
        if _KOP.match(b) and _besar(b):
            blok = [b]
            terakhir = blok
            if b.startswith("PEMERINTAH "):
                wilayah = b.removeprefix("PEMERINTAH ").strip(" ,")
        elif blok is not None and _besar(b) and not _ALAMAT.search(b):
            blok.append(b)
        else:
            blok = None
    if terakhir is None:
        return None
    instansi = " ".join(terakhir).strip(" ,")
    # a regional office under a local government: DINAS … of PEMERINTAH KABUPATEN …
    if wilayah is not None and not instansi.startswith("PEMERINTAH") and wilayah not in instansi:
        instansi = f"{instansi} {wilayah}"
    return instansi


def _instansi_judul(baris: list[str]) -> str | None:
    """Return the office from the title's jabatan: ``KEPUTUSAN KEPALA BALAI … NOMOR`` → BALAI …."""
    for i, b in enumerate(baris[:30]):
        m = re.match(r"^(?:KEPUTUSAN|PERATURAN|INSTRUKSI|SURAT EDARAN)\s+(.+)$", b)
        if m is None:
            continue
        jabatan = [m.group(1)]
        for lanjut in baris[i + 1 : i + 4]:
            if not _besar(lanjut) or _JUDUL.match(lanjut) or lanjut.startswith("TENTANG"):
                break
            jabatan.append(lanjut)
        teks = re.split(r"\bNOMOR\b", " ".join(jabatan))[0].strip(" ,:")
        for pola, ganti in _JABATAN_KE_INSTANSI:
            if pola.match(teks):
                teks = pola.sub(ganti, teks, count=1).strip()
                break
        return " ".join(teks.split()) or None
    return None


def _jenis(baris: list[str]) -> str | None:
    kepala = "\n".join(b for b in baris[:30] if _besar(b))
    for pola, jenis in _JENIS:
        if pola.search(kepala):
            return jenis
    if _HAL.search("\n".join(baris[:30])):
        return "surat"
    return None


def _penandatangan(baris: list[str]) -> tuple[str | None, str | None]:
    """Return the signer's name and NIP: the first line opening with ``NIP`` (the signature
    block; appendices repeat it or list other people in tables), else the last NIP anywhere."""
    awal = [i for i, b in enumerate(baris) if b.upper().startswith("NIP") and _NIP.search(b)]
    semua = [i for i, b in enumerate(baris) if _NIP.search(b)]
    for i in awal[:1] or semua[-1:]:
        m = _NIP.search(baris[i])
        assert m is not None
        nip = re.sub(r"\s", "", m.group(1))
        nama = None
        for j in range(i - 1, max(i - 3, -1), -1):
            calon = baris[j].strip(" ,")
            if calon.lower().rstrip(".") not in ("ttd", "tertanda", "$"):
                nama = calon
                break
        return nama, nip
    return None, None


def baca_kepala(teks: str) -> KepalaNaskah:
    """Return what the text layer of a document says of it (see the module's layouts)."""
    baris = _baris(teks)
    if not baris:
        return KepalaNaskah()
    hal = _HAL.search("\n".join(baris[:40]))
    nama, nip = _penandatangan(baris)
    return KepalaNaskah(
        nomor=_nomor(baris),
        tanggal=baca_tanggal_teks("\n".join(baris)),
        tentang=_tentang(baris) or (hal.group(1).strip() if hal else None),
        jenis=_jenis(baris),
        instansi=_instansi_kop(baris) or _instansi_judul(baris),
        penandatangan=nama,
        nip=nip,
    )


def bagian_nomor(nomor: str) -> tuple[str | None, str | None]:
    """Return (unit, klasifikasi) read from a number's parts, each None when not there.

    ``0274/C7.22/OT.02.02/2025`` → (``C7.22``, ``OT.02.02``); ``38/E/KPT/2021`` → (``E``, None):
    the klasifikasi is the part shaped like a classification code (two capitals, then dotted
    pairs of digits), the unit the part after the sequence number unless it is that code or
    the year.
    """
    bagian = [b for b in nomor.split("/") if b]
    klasifikasi = next((b for b in bagian[1:] if _KLASIFIKASI.fullmatch(b)), None)
    unit = None
    if len(bagian) > 2:
        kedua = bagian[1]
        if kedua != klasifikasi and not re.fullmatch(r"\d{4}", kedua):
            unit = kedua
    return unit, klasifikasi
