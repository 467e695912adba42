"""What is due: owns the list of requests and complaints due today, next working day or overdue.

One query per table on the indexed ``tenggat`` column (the deadline the desk is working to now),
so the list costs the same with ten or ten thousand closed requests. "Besok" is the next working
day (on a Friday: Monday). Overdue items say by how many working days. Items are sorted by
deadline, and grouped by person and unit when asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from naskah.ult.meja import Meja, tampil_kode, tanggal

__all__ = ["Tempo", "jatuh_tempo"]


@dataclass(frozen=True)
class Tempo:
    """One item due (never personal data)."""

    jenis: str
    """``permohonan`` or ``pengaduan``."""
    kode: str
    layanan: str | None
    instansi: str | None
    keadaan: str
    tenggat: date
    status: str
    """``lewat`` (overdue), ``hari_ini`` or ``besok``."""
    terlambat: int
    """Working days overdue (0 when not)."""
    petugas: str | None
    unit: str | None

    def ke_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "tenggat": self.tenggat.isoformat()}


def jatuh_tempo(meja: Meja, *, petugas: str | None = None, unit: str | None = None) -> list[Tempo]:
    """Return everything due up to the next working day, sorted by deadline."""
    hari_ini = meja.hari_ini()
    kal = meja.kalender
    besok = kal.berikut(hari_ini)
    syarat = ["tenggat IS NOT NULL", "tenggat <= :besok"]
    param: dict[str, Any] = {"besok": besok}
    if petugas:
        syarat.append("petugas = :petugas")
        param["petugas"] = petugas
    if unit:
        syarat.append("unit = :unit")
        param["unit"] = unit
    where = " AND ".join(syarat)
    with meja.baca() as sql:
        if sql is None:
            return []
        mohon = sql.semua(
            "SELECT 'permohonan' AS jenis, kode, layanan, instansi, keadaan, tenggat, petugas, "
            f"unit FROM ult_permohonan WHERE {where}", **param,
        )  # fmt: skip
        adu = sql.semua(
            "SELECT 'pengaduan' AS jenis, kode, layanan, NULL AS instansi, keadaan, tenggat, "
            f"petugas, unit FROM ult_pengaduan WHERE {where}", **param,
        )  # fmt: skip
    baris = [(tanggal(r["tenggat"]), r) for r in [*mohon, *adu]]
    # working days from each date to today, counted in one walk back from today
    urutan: dict[date, int] = {}
    terlama = min((t for t, _ in baris if t is not None), default=hari_ini)
    hari, n = hari_ini, 0
    while hari >= terlama:
        urutan[hari] = n
        n += kal.hari_kerja(hari)
        hari = date.fromordinal(hari.toordinal() - 1)
    out = []
    for t, r in baris:
        assert t is not None
        if t < hari_ini:
            status = "lewat"
            lewat = urutan[t]
        else:
            status, lewat = ("hari_ini" if t == hari_ini else "besok"), 0
        out.append(Tempo(r["jenis"], tampil_kode(r["kode"]), r["layanan"], r["instansi"],
                         r["keadaan"], t, status, lewat, r["petugas"], r["unit"]))  # fmt: skip
    out.sort(key=lambda x: (x.tenggat, x.jenis, x.kode))
    return out
