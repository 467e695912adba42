"""The Whoosh index's fields and how a :class:`DokumenIndeks` fills them.

Bump :data:`VERSI_SKEMA` whenever a field or the analysis changes: an index written with another
version is refused (the user is told to run ``naskah arsip indeks-ulang``), never read wrongly.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from naskah.cari._analisis import analis_kode, analis_nama, analis_teks
from naskah.cari.aturan import (
    bagian_nomor,
    bersihkan_teks,
    istilah_potongan_nomor,
    kosakata,
    kunci_nomor,
)
from naskah.cari.dokumen import DokumenIndeks

VERSI_SKEMA = 3
"""3: contiguous parts of numbers (``nomor_potongan``), the vocabulary of typo suggestions
(``kata``), stamp and footnote boilerplate left out of the text."""

#: Name fields: a query word also matches their terms within one typo.
FIELD_NAMA = ("peserta_nama", "penandatangan_nama")

#: Fields whose exact terms raise a hit's rank (a query word must match ``semua``).
BOBOT_PERINGKAT: dict[str, float] = {
    "tentang": 4.0,
    "nomor_bagian": 3.0,
    "mitra": 1.5,
    "peserta_nama": 1.5,
    "penandatangan_nama": 1.0,
}


def buat_skema() -> Schema:
    """Return the Whoosh schema of the archive index.

    ``semua`` holds everything a free-text word may match (tentang, the full text, partners,
    participants with their institutions and numbers, signers, the number whole and in parts),
    so a query needs one posting list per word; the other fields filter, rank or are shown.

    ``semua`` keeps no positions: a word's posting block is then ids and frequencies only,
    which every intersection step decodes (with positions it was the costliest part of a
    query over a dense word). Quoted phrases are matched in ``frasa`` (tentang and the full
    text, with positions), which only phrase queries read.
    """
    teks = analis_teks()
    nama = analis_nama()
    kode = analis_kode()
    return Schema(
        id=ID(stored=True, unique=True),
        nomor=STORED(),
        nomor_kunci=KEYWORD(analyzer=kode),
        nomor_bagian=KEYWORD(analyzer=kode),
        nomor_potongan=KEYWORD(analyzer=kode),
        kata=KEYWORD(analyzer=kode),
        jenis=ID(stored=True),
        tanggal=NUMERIC(int, bits=32, stored=True, sortable=True, signed=False, shift_step=8),
        bulan=KEYWORD(analyzer=kode),
        unit=KEYWORD(analyzer=kode),
        klasifikasi=KEYWORD(analyzer=kode),
        semua=TEXT(analyzer=teks, phrase=False),
        frasa=TEXT(analyzer=teks),
        tentang=TEXT(analyzer=teks, stored=True, phrase=False),
        teks=STORED(),
        orang=STORED(),
        mitra=TEXT(analyzer=teks, phrase=False),
        peserta_nama=TEXT(analyzer=nama, phrase=False),
        peserta_id=KEYWORD(analyzer=kode),
        penandatangan_nama=TEXT(analyzer=nama, phrase=False),
        penandatangan_nip=KEYWORD(analyzer=kode),
        lokasi=STORED(),
        versi=STORED(),
        terkini=ID(),
    )


def angka_tanggal(tanggal: date) -> int:
    """Return a date as the yyyymmdd number the index stores."""
    return tanggal.year * 10_000 + tanggal.month * 100 + tanggal.day


def tanggal_angka(angka: int) -> date:
    """Return the date of a yyyymmdd number."""
    return date(angka // 10_000, angka // 100 % 100, angka % 100)


def _digit(teks: str | None) -> str | None:
    return re.sub(r"\D", "", teks) if teks else None


def isian(dokumen: DokumenIndeks) -> dict[str, Any]:
    """Return the Whoosh fields of one document version."""
    teks = bersihkan_teks(dokumen.teks)
    peserta_id = [x for p in dokumen.peserta for x in (_digit(p.nip), _digit(p.nik)) if x]
    nip = [x for p in dokumen.penandatangan if (x := _digit(p.nip))]
    orang = [
        " ".join(filter(None, (p.nama, p.instansi, _digit(p.nip), _digit(p.nik))))
        for p in (*dokumen.peserta, *dokumen.penandatangan)
    ]
    semua = "\n".join(
        [
            dokumen.tentang,
            teks,
            *dokumen.mitra,
            *orang,
            dokumen.nomor,
            " ".join(bagian_nomor(dokumen.nomor)),
            dokumen.unit or "",
            dokumen.klasifikasi or "",
        ]
    )
    data: dict[str, Any] = {
        "id": dokumen.id,
        "nomor": dokumen.nomor,
        "nomor_kunci": kunci_nomor(dokumen.nomor),
        "nomor_bagian": " ".join(bagian_nomor(dokumen.nomor)),
        "nomor_potongan": " ".join(istilah_potongan_nomor(dokumen.nomor)),
        "kata": " ".join(kosakata(dokumen, teks)),
        "jenis": dokumen.jenis,
        "tanggal": angka_tanggal(dokumen.tanggal),
        "bulan": f"{dokumen.tanggal:%Y%m}",
        "semua": semua,
        "tentang": dokumen.tentang,
        "teks": teks,
        "orang": " · ".join(orang),
        "frasa": f"{dokumen.tentang}\n{teks}",
        "mitra": "\n".join(dokumen.mitra),
        "peserta_nama": "\n".join(p.nama for p in dokumen.peserta),
        "peserta_id": " ".join(peserta_id),
        "penandatangan_nama": "\n".join(p.nama for p in dokumen.penandatangan),
        "penandatangan_nip": " ".join(nip),
        "lokasi": dokumen.lokasi,
        "versi": dokumen.versi,
        "terkini": "ya" if dokumen.terkini else "tidak",
    }
    data = {k: v for k, v in data.items() if v != ""}  # an empty field costs analysis only
    if dokumen.unit:
        data["unit"] = kunci_nomor(dokumen.unit)
    if dokumen.klasifikasi:
        data["klasifikasi"] = kunci_nomor(dokumen.klasifikasi)
    return data
