"""The PostgreSQL connection of the short reads: libpq through psycopg2, not psycopg 3.

``naskah ult jatuh-tempo``, ``ult daftar`` and ``ult lihat`` (and the staff desk's pages) read
the register on PostgreSQL and exit. psycopg 3, the register's driver, costs more to import than
the rest of such a command: its package loads asyncio, importlib.metadata, ctypes and its whole
adaptation system (2.1-2.7x ``naskah --version`` on its own in bench/ult.py). psycopg2 is the
same project's previous generation on the same libpq, so it reads the same settings (``PG*``
variables, ``~/.pgpass``, SSL modes and root certificates, every authentication method libpq
knows), and imports in about a fifth of that.

This module owns the differences, so a reader does not see which driver it was given: the
connection also offers psycopg 3's ``execute()``; values come back typed as psycopg 3 types them
(``bytea`` as bytes, not memoryview), parameters typed as psycopg 3 sends them (a float is
``float8``, not a numeric literal); a string holding NUL is refused as a driver error
(``DataError``), never as a builtin ``ValueError``. Errors are :class:`psycopg2.Error`, with
the server's SQLSTATE in ``pgcode`` (a connection that could not be made has none; the register
tells it apart as it does for psycopg 3, see :func:`naskah.register.basis.terjemahkan_galat`).
"""

from __future__ import annotations

import math
from collections import namedtuple
from collections.abc import Mapping, Sequence
from typing import Any

import psycopg2
import psycopg2.extensions as _ext

__all__ = ["Galat", "Koneksi", "sambung"]

Galat = psycopg2.Error
"""Every error of this connection (the driver's base class)."""


def _bytea(nilai: str | None, kursor: Any) -> bytes | None:
    return None if nilai is None else bytes(psycopg2.BINARY(nilai, kursor))


_BYTEA = _ext.new_type((17,), "NASKAH_BYTEA", _bytea)


class _Float8:
    """A float parameter as ``float8`` (psycopg2 writes ``1.5``, which PostgreSQL reads as
    numeric and returns as Decimal)."""

    def __init__(self, nilai: float) -> None:
        self.nilai = nilai

    def getquoted(self) -> bytes:
        # a quoted literal: no sign can meet an operator before it ("3 - -1.5" is a comment)
        f = self.nilai
        teks = (
            repr(f)
            if math.isfinite(f)
            else "NaN"
            if math.isnan(f)
            else ("-" * (f < 0)) + "Infinity"
        )
        return f"'{teks}'::float8".encode()


_ext.register_adapter(float, _Float8)  # psycopg2 is this module's alone


class Kursor(_ext.cursor):
    """psycopg2's cursor, whose ``execute`` returns itself (as psycopg 3's does)."""

    def execute(self, sql: Any, param: Mapping[str, Any] | Sequence[Any] | None = None) -> Any:
        try:
            super().execute(sql, param)
        except ValueError as e:  # a NUL in a string, refused before sending (psycopg 3's way)
            raise psycopg2.DataError(str(e)) from None
        return self


class KursorBernama(Kursor):
    """Rows as named tuples, as psycopg 3's ``namedtuple_row`` gives them."""

    def _rekam(self) -> Any:
        return namedtuple("Baris", [d[0] for d in self.description])

    def fetchone(self) -> Any:
        baris = super().fetchone()
        return None if baris is None else self._rekam()._make(baris)

    def fetchall(self) -> list[Any]:
        semua = super().fetchall()
        rekam = self._rekam()
        return [rekam._make(b) for b in semua]


class Koneksi(_ext.connection):
    """psycopg2's connection, with psycopg 3's ``execute`` shortcut."""

    def execute(self, sql: Any, param: Mapping[str, Any] | Sequence[Any] | None = None) -> Any:
        return self.cursor().execute(sql, param)

    def kursor(self, *, bernama: bool = False) -> Kursor:
        """Return a cursor whose rows are tuples (``bernama``: named tuples)."""
        return self.cursor(cursor_factory=KursorBernama if bernama else Kursor)


def sambung(
    host: str | None,
    port: int | None,
    user: str | None,
    password: str | None,
    dbname: str,
    connect_timeout: float,
    options: str | None = None,
) -> Koneksi:
    """Return a read connection (not in autocommit: the caller ends each read with rollback).

    Raises :class:`psycopg2.OperationalError` when the server cannot be reached or refuses.
    """
    bagian = {"host": host, "port": port, "user": user, "password": password, "options": options}
    c: Koneksi = psycopg2.connect(
        dbname=dbname,
        connect_timeout=max(1, int(connect_timeout)),
        connection_factory=Koneksi,
        cursor_factory=Kursor,
        **{k: v for k, v in bagian.items() if v is not None},
    )
    _ext.register_type(_BYTEA, c)
    return c
