"""Checking an old buku agenda before it is imported: pure functions, no database.

:func:`periksa_baris` turns the rows read by :func:`naskah.register.buku_agenda.baca_buku_agenda`
into the number rows to insert and the problems found (each with its row number);
:func:`periksa_bentrok` adds the problems only the register can reveal (numbers it already holds,
inserted numbers without their base). :class:`naskah.register.Register.impor` runs both and
imports every row or none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from naskah.errors import ConfigError, Masalah, NomorError, RegisterError
from naskah.nomor import PolaNomor
from naskah.register.masukan import baca_tanggal
from naskah.register.rekaman import KEADAAN
from naskah.teks_aman import alasan_teks

if TYPE_CHECKING:
    from naskah.config import Konfigurasi, Seri

_KOLOM = {"alasan": "keterangan", "oleh": "dicatat oleh"}
"""The column name the user sees, for fields whose name differs from it."""

Kunci = tuple[int, int, int]
"""Where a number sits in its series: (period, sequence, sisipan)."""


class ImporError(RegisterError):
    """An import file has bad rows; nothing was imported. ``masalah`` lists every bad row."""

    def __init__(self, pesan: str, masalah: list[Masalah]) -> None:
        super().__init__(pesan)
        self.masalah = masalah

    def __str__(self) -> str:
        return "\n".join([self.pesan, *(f"  - {m}" for m in self.masalah)])


@dataclass(frozen=True)
class CalonNomor:
    """One good row of the file: its row number and the values of its ``nomor`` row."""

    baris: int
    nilai: dict[str, Any]

    @property
    def kunci(self) -> Kunci:
        """Return the number's place in its series."""
        return (self.nilai["periode"], self.nilai["urut"], self.nilai["sisipan"])


def periksa_baris(
    baris: Sequence[tuple[int, dict[str, str]]],
    *,
    konfigurasi: Konfigurasi,
    seri: str,
    berkas: str,
    oleh: str,
) -> tuple[list[CalonNomor], list[Masalah]]:
    """Return the importable rows of ``baris`` and the problems of the others, in file order."""
    calon: list[CalonNomor] = []
    masalah: list[Masalah] = []
    dilihat: dict[Kunci, int] = {}
    aturan = konfigurasi.ambil_seri(seri)
    pola = aturan.pola_nomor
    for no, data in baris:
        try:
            nilai = _baca_baris(
                data, aturan=aturan, pola=pola, konfigurasi=konfigurasi, seri=seri, oleh=oleh
            )
        except (RegisterError, ConfigError, NomorError) as exc:
            masalah.append(_masalah(berkas, no, exc.pesan))
            continue
        c = CalonNomor(no, nilai)
        if c.kunci in dilihat:
            masalah.append(
                _masalah(
                    berkas, no, f"nomor {nilai['teks']} sudah muncul di baris {dilihat[c.kunci]}"
                )
            )
            continue
        dilihat[c.kunci] = no
        calon.append(c)
    return calon, masalah


def periksa_bentrok(
    calon: Sequence[CalonNomor], ada: Mapping[Kunci, str], *, berkas: str
) -> list[Masalah]:
    """Return the problems of ``calon`` against the numbers ``ada`` already in the register."""
    di_berkas = {c.kunci for c in calon}
    masalah = []
    for c in calon:
        periode, urut, sisipan = c.kunci
        teks = c.nilai["teks"]
        if c.kunci in ada:
            masalah.append(
                _masalah(berkas, c.baris, f"nomor {teks} sudah ada di register ({ada[c.kunci]})")
            )
        elif sisipan and (periode, urut, 0) not in ada and (periode, urut, 0) not in di_berkas:
            masalah.append(
                _masalah(
                    berkas,
                    c.baris,
                    f"nomor sisipan {teks} tidak punya nomor induk di berkas maupun register",
                )
            )
    return masalah


def _masalah(berkas: str, no: int, pesan: str) -> Masalah:
    return Masalah(berkas=berkas, lokasi="", pesan=pesan, baris=no)


def _baca_baris(
    data: Mapping[str, str],
    *,
    aturan: Seri,
    pola: PolaNomor,
    konfigurasi: Konfigurasi,
    seri: str,
    oleh: str,
) -> dict[str, Any]:
    """Return the ``nomor`` values of one row; raise with the row's problem as the message."""
    teks = (data.get("nomor") or "").strip()
    if not teks:
        raise RegisterError("kolom nomor kosong")
    n = pola.parse(teks)
    tgl = baca_tanggal(data.get("tanggal") or "")
    if n.klasifikasi is not None:
        konfigurasi.periksa_klasifikasi(seri, n.klasifikasi)
    if aturan.ulang_tahunan and tgl.year != n.tahun:
        raise RegisterError(
            f"tahun pada nomor ({n.tahun}) berbeda dengan tahun tanggalnya ({tgl.year})"
        )
    for kolom in ("perihal", "jenis", "alasan", "oleh"):
        alasan = alasan_teks((data.get(kolom) or "").strip())
        if alasan:
            raise RegisterError(f"kolom {_KOLOM.get(kolom, kolom)} {alasan}")
    keadaan = (data.get("keadaan") or "terpakai").strip().lower()
    if keadaan not in KEADAAN:
        raise RegisterError(f"keadaan {keadaan!r} tidak dikenal; pilih {', '.join(KEADAAN)}")
    alasan = (data.get("alasan") or "").strip() or None
    if keadaan == "batal" and not alasan:
        raise RegisterError("nomor batal harus disertai alasan di kolom keterangan")
    return {
        "seri": seri,
        "periode": n.tahun if aturan.ulang_tahunan else 0,
        "tahun": n.tahun,
        "urut": n.urut,
        "sisipan": n.sisipan or 0,
        "teks": n.teks,
        "klasifikasi": n.klasifikasi,
        "rahasia": n.rahasia,
        "jenis": (data.get("jenis") or "").strip() or None,
        "perihal": (data.get("perihal") or "").strip() or None,
        "tanggal": tgl,
        "keadaan": keadaan,
        "alasan": alasan,
        "oleh": (data.get("oleh") or "").strip() or oleh,
    }
