"""The clock of the audit log: one source of "now", stored as UTC, shown in the office's zone.

Everything that records when something happened (the register's numbers and audit log, the
archive's catalog, the issuing pipeline's states) reads the time from a :data:`Jam`: a callable
returning a timezone-aware UTC instant. :func:`sistem` is the computer's clock; tests inject
their own. The database stores instants as naive UTC (:func:`ke_tersimpan`), read back with
:func:`dari_tersimpan`; staff see them in the office's zone (``[tte] zona_waktu``, WIB, WITA or
WIT) through :func:`tampil`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo

Jam = Callable[[], datetime]
"""A clock: returns the current instant, timezone-aware (UTC)."""


def sistem() -> datetime:
    """Return the computer's current time as a timezone-aware UTC instant."""
    return datetime.now(UTC)


def zona_komputer() -> tzinfo:
    """Return the computer's own zone (the last resort when the office's zone is unknown)."""
    return sistem().astimezone().tzinfo or UTC


def hari_ini(zona: tzinfo | None = None, jam: Jam | None = None) -> date:
    """Return today's date in ``zona`` by ``jam`` (default: the computer's zone and clock, as
    ``date.today()`` gives it)."""
    return tanggal_di((jam or sistem)(), zona or zona_komputer())


def utc(w: datetime) -> datetime:
    """Return ``w`` as an aware UTC instant (a naive value is taken as UTC already)."""
    if w.tzinfo is None:
        return w.replace(tzinfo=UTC)
    return w.astimezone(UTC)


def ke_tersimpan(w: datetime) -> datetime:
    """Return ``w`` as the database stores it: naive UTC (an aware value is converted)."""
    return utc(w).replace(tzinfo=None)


def dari_tersimpan(w: datetime | None) -> datetime | None:
    """Return a stored (naive UTC) instant as an aware UTC one; None stays None."""
    return None if w is None else utc(w)


def di_zona(w: datetime, zona: tzinfo) -> datetime:
    """Return instant ``w`` (naive means UTC) in ``zona``."""
    return utc(w).astimezone(zona)


def tanggal_di(w: datetime, zona: tzinfo) -> date:
    """Return the calendar date of instant ``w`` in ``zona``."""
    return di_zona(w, zona).date()


def tampil(w: datetime | None, zona: tzinfo) -> str:
    """Return ``w`` as staff read it in the office's zone: ``2026-12-07 15:04:05 WITA``."""
    if w is None:
        return "-"
    z = di_zona(w, zona)
    return f"{z:%Y-%m-%d %H:%M:%S} {z.tzname() or ''}".rstrip()


__all__ = [
    "Jam",
    "dari_tersimpan",
    "di_zona",
    "hari_ini",
    "ke_tersimpan",
    "sistem",
    "tampil",
    "tanggal_di",
    "utc",
    "zona_komputer",
]
