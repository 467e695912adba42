"""Dates as Indonesian documents write them (``21 Mei 2024``): printing and reading them.

Pydantic-free, for the command line's read paths; the models' ``Tanggal`` fields use these.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

__all__ = ["BULAN", "format_tanggal", "parse_tanggal"]

BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def format_tanggal(tanggal: date) -> str:
    """Return the Indonesian long date: ``21 Mei 2024``."""
    return f"{tanggal.day} {BULAN[tanggal.month - 1]} {tanggal.year}"


_TANGGAL_PANJANG = re.compile(r"^\s*([0-9]{1,2})\s+([A-Za-z]+)\s+([0-9]{4})\s*$")


def parse_tanggal(value: Any) -> date:
    """Read a date given as a date, ``2024-05-21`` or ``21 Mei 2024``."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        teks = value.strip()
        m = _TANGGAL_PANJANG.match(teks)
        if m:
            nama = m.group(2).capitalize()
            if nama not in BULAN:
                raise ValueError(f"nama bulan {m.group(2)!r} tidak dikenal")
            return date(int(m.group(3)), BULAN.index(nama) + 1, int(m.group(1)))
        try:
            return date.fromisoformat(teks)
        except ValueError:
            pass
    raise ValueError("tanggal harus ditulis 2024-05-21 atau 21 Mei 2024")
