"""Reading what a user types for the register: dates in the office's usual forms, who acts."""

from __future__ import annotations

import functools
import getpass
import os
from datetime import date, datetime

from naskah.errors import RegisterError

ENV_PENGGUNA = "NASKAH_PENGGUNA"

_FORMAT_TANGGAL = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


def baca_tanggal(nilai: date | str) -> date:
    """Return ``nilai`` as a date; text may be 2024-05-17, 17-05-2024 or 17/05/2024."""
    if isinstance(nilai, datetime):
        return nilai.date()
    if isinstance(nilai, date):
        return nilai
    teks = str(nilai).strip()
    if len(teks) == 10 and teks[4] == "-":
        try:
            return date.fromisoformat(teks)
        except ValueError:
            pass
    for fmt in _FORMAT_TANGGAL:
        try:
            return datetime.strptime(teks, fmt).date()
        except ValueError:
            continue
    raise RegisterError(
        f"Tanggal {teks!r} tidak sah; tulis sebagai TTTT-BB-HH, misalnya 2024-05-17."
    )


def pengguna_bawaan() -> str:
    """Return who is acting: NASKAH_PENGGUNA, else the operating-system user name."""
    env = os.environ.get(ENV_PENGGUNA, "").strip()
    if env:
        return env
    return _pengguna_os()


@functools.cache
def _pengguna_os() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "tidak-diketahui"
