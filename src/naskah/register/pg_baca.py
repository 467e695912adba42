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

As psycopg 3 does (``prepare_threshold``), a statement run :data:`AMBANG_SIAP` times on one
connection is prepared on the server and then executed by name: PostgreSQL parses and plans it
once instead of at every call (a staff desk's request page: 1.4 ms a read before, 0.5 ms after).
It is prepared only in autocommit (a failed ``PREPARE`` then costs no transaction: the
statement is simply run as before, and never offered again), with each parameter typed as its
literal would be (a ``str`` or ``None`` left to the statement's context), so a prepared statement
returns what the plain one returns.
"""

from __future__ import annotations

import math
import re
from collections import namedtuple
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import psycopg2
import psycopg2.extensions as _ext

__all__ = ["AMBANG_SIAP", "Galat", "Koneksi", "sambung"]

AMBANG_SIAP = 5
"""Runs of one statement (its text and parameter types) on a connection before it is prepared
(psycopg 3's ``prepare_threshold``)."""
MAKS_SIAP = 100
"""Statements prepared on one connection at most (the rest run as before)."""
_MAKS_HITUNG = 1000
"""Distinct statements counted on one connection before the counts start again."""
_PARAM_NAMA = re.compile(r"%\((\w+)\)s|%%|%|\$")

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


def _jenis_param(v: Any) -> str | None:
    """Return the type psycopg2's literal of ``v`` has on the server (``unknown`` for a string
    or NULL, left to the statement's context), or None for a value not prepared (a list…)."""
    if v is None or isinstance(v, str):
        return "unknown"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "int4" if -(2**31) <= v < 2**31 else "int8" if -(2**63) <= v < 2**63 else "numeric"
    if isinstance(v, float):
        return "float8"
    if isinstance(v, Decimal):
        return "numeric"
    if isinstance(v, datetime):
        return "timestamp" if v.tzinfo is None else "timestamptz"
    if isinstance(v, date):
        return "date"
    if isinstance(v, time):
        return "time" if v.tzinfo is None else "timetz"
    if isinstance(v, bytes | bytearray | memoryview):
        return "bytea"
    return None


def _siapkan_teks(sql: str) -> tuple[str, tuple[str, ...]] | None:
    """Return ``sql`` (psycopg2's ``%(name)s`` style) with ``$n`` parameters and the names in
    their order, or None when it cannot be prepared (positional ``%s``, a ``$`` of its own)."""
    nama: list[str] = []
    gagal = False

    def ganti(m: re.Match[str]) -> str:
        nonlocal gagal
        if m.group(1) is not None:
            if m.group(1) not in nama:
                nama.append(m.group(1))
            return f"${nama.index(m.group(1)) + 1}"
        if m.group(0) == "%%":
            return "%"
        gagal = True
        return m.group(0)

    teks = _PARAM_NAMA.sub(ganti, sql)
    return None if gagal else (teks, tuple(nama))


class Kursor(_ext.cursor):
    """psycopg2's cursor, whose ``execute`` returns itself (as psycopg 3's does)."""

    def execute(self, sql: Any, param: Mapping[str, Any] | Sequence[Any] | None = None) -> Any:
        k = self.connection
        siap = (
            k._siap(self, sql, param)
            if isinstance(k, Koneksi) and isinstance(sql, str) and isinstance(param, Mapping)
            else None
        )
        if siap is not None:
            nama, urutan = siap
            perintah = f"EXECUTE {nama}" + (
                f" ({', '.join(f'%({n})s' for n in urutan)})" if urutan else ""
            )
            try:
                self._execute(perintah, param)
                return self
            except psycopg2.Error as e:
                # gone (DEALLOCATE, a pooler) or its result changed with the schema: forget it;
                # in autocommit nothing was spoiled, so the statement simply runs as before
                if e.pgcode not in ("26000", "0A000"):
                    raise
                k._lupakan(sql, param)
                if not k.autocommit:
                    raise
        self._execute(sql, param)
        return self

    def _execute(self, sql: Any, param: Any) -> None:
        try:
            super().execute(sql, param)
        except ValueError as e:  # a NUL in a string, refused before sending (psycopg 3's way)
            raise psycopg2.DataError(str(e)) from None


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
    """psycopg2's connection, with psycopg 3's ``execute`` shortcut and prepared statements."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._hitung: dict[tuple[str, tuple[str, ...]], int] = {}
        self._disiapkan: dict[tuple[str, tuple[str, ...]], tuple[str, tuple[str, ...]] | None] = {}
        self._urut = 0

    @staticmethod
    def _kunci(sql: str, param: Mapping[str, Any]) -> tuple[str, tuple[str, ...]] | None:
        jenis = []
        for v in param.values():
            j = _jenis_param(v)
            if j is None:
                return None
            jenis.append(j)
        return sql, (*param.keys(), *jenis)

    def _siap(
        self, kursor: Kursor, sql: str, param: Mapping[str, Any]
    ) -> tuple[str, tuple[str, ...]] | None:
        """Return the prepared name and parameter order of ``sql`` with these parameters'
        types, preparing it now (in autocommit) at its :data:`AMBANG_SIAP`-th run."""
        kunci = self._kunci(sql, param)
        if kunci is None:
            return None
        if kunci in self._disiapkan:
            return self._disiapkan[kunci]
        if not self.autocommit or len(self._disiapkan) >= MAKS_SIAP:
            return None
        n = self._hitung.get(kunci, 0) + 1
        if n < AMBANG_SIAP:
            if len(self._hitung) >= _MAKS_HITUNG:
                self._hitung.clear()
            self._hitung[kunci] = n
            return None
        self._hitung.pop(kunci, None)
        awal = sql.lstrip()[:6].upper()
        bentuk = _siapkan_teks(sql) if awal in ("SELECT", "WITH") else None
        if bentuk is None:
            self._disiapkan[kunci] = None  # never offered again
            return None
        teks, urutan = bentuk
        jenis = [_jenis_param(param[n]) or "unknown" for n in urutan]
        self._urut += 1
        nama = f"naskah_siap_{self._urut}"
        try:
            kursor._execute(
                f"PREPARE {nama}" + (f" ({', '.join(jenis)})" if jenis else "") + f" AS {teks}",
                None,
            )
        except psycopg2.Error:
            self._disiapkan[kunci] = None  # e.g. a parameter whose type only its value tells
            return None
        self._disiapkan[kunci] = (nama, urutan)
        return nama, urutan

    def _lupakan(self, sql: str, param: Mapping[str, Any]) -> None:
        kunci = self._kunci(sql, param)
        if kunci is not None:
            self._disiapkan.pop(kunci, None)

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
