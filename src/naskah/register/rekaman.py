"""The register's records as the rest of naskah sees them: numbers, audit entries, counters.

Plain frozen values, built from database rows by :mod:`naskah.register.register`; this module
imports nothing of the database, so exports, the archive and the command line can use the
records without opening a register.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, tzinfo
from typing import Any

KEADAAN = ("dipesan", "terpakai", "batal")
"""States of an issued number: reserved, used, cancelled."""


@dataclass(frozen=True)
class NomorTerdaftar:
    """One number as recorded in the register."""

    id: int
    seri: str
    tahun: int
    urut: int
    sisipan: int
    """0 for a base number, 1 for the first number inserted after it, …"""
    teks: str
    klasifikasi: str | None
    rahasia: bool
    jenis: str | None
    perihal: str | None
    tanggal: date
    keadaan: str
    """``dipesan`` (reserved), ``terpakai`` (used) or ``batal`` (cancelled)."""
    alasan: str | None
    oleh: str
    dicatat: datetime
    diubah: datetime | None = None

    @property
    def kunci_urut(self) -> tuple[str, int, int, int]:
        """Return the register order: series, year, sequence, inserted numbers after their base."""
        return (self.seri, self.tahun, self.urut, self.sisipan)

    def ke_dict(self, zona: tzinfo | None = None) -> dict[str, Any]:
        """Return the record as JSON-ready values (dates as ISO text, times in ``zona``)."""
        d = asdict(self)
        for k in ("tanggal", "dicatat", "diubah"):
            if d[k] is not None:
                d[k] = (_di(d[k], zona) if k != "tanggal" else d[k]).isoformat()
        return d


@dataclass(frozen=True)
class Jejak:
    """One entry of the audit log: who did what to a number, with the state before and after."""

    waktu: datetime
    oleh: str
    aksi: str
    teks: str | None
    sebelum: dict[str, Any] | None
    sesudah: dict[str, Any] | None

    def ke_dict(self, zona: tzinfo | None = None) -> dict[str, Any]:
        """Return the entry as JSON-ready values (the time in ``zona``, with its offset)."""
        d = asdict(self)
        d["waktu"] = _di(self.waktu, zona).isoformat()
        return d


@dataclass(frozen=True)
class PenghitungSeri:
    """The counter of one series and year: the last sequence issued and the latest date."""

    seri: str
    tahun: int | None
    """The year the sequence belongs to; None for a series that never restarts."""
    terakhir: int
    tanggal_terakhir: date | None

    def ke_dict(self) -> dict[str, Any]:
        """Return the counter as JSON-ready values."""
        d = asdict(self)
        if self.tanggal_terakhir is not None:
            d["tanggal_terakhir"] = self.tanggal_terakhir.isoformat()
        return d


def _di(w: datetime, zona: tzinfo | None) -> datetime:
    """Return instant ``w`` in ``zona`` (unchanged without one)."""
    from naskah.jam import di_zona

    return di_zona(w, zona) if zona is not None else w


def ringkas(nilai: dict[str, Any]) -> dict[str, Any]:
    """Return the audited part of a number's values, JSON-ready (the audit log's before/after)."""
    out = {}
    for k in ("teks", "keadaan", "klasifikasi", "jenis", "perihal", "tanggal", "alasan"):
        v = nilai.get(k)
        out[k] = v.isoformat() if isinstance(v, date) else v
    return out
