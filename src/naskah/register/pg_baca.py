"""A small PostgreSQL client for the everyday reads, so a short command does not load psycopg.

Importing psycopg costs more than the rest of ``naskah ult jatuh-tempo`` (its package loads
asyncio, importlib.metadata, ctypes and its whole adaptation system). The reads of the desk only
need a connection, a query and its rows: this module speaks PostgreSQL's wire protocol (version
3.0, text results) over a socket, with the standard library only.

It is used only where it behaves as libpq would (:func:`sambung`); otherwise it steps aside and
the caller connects with psycopg:

- any ``PG*`` environment variable set (libpq reads them), a ``~/.postgresql`` folder (client
  certificates, root certificates) or a Kerberos credential cache: psycopg;
- SSL as libpq's default ``sslmode=prefer``: asked for, used without verifying the certificate
  when the server offers it, plain otherwise; a failed handshake: psycopg;
- authentication: trust, password, MD5 and SCRAM-SHA-256; a password asked for when the URL has
  none (libpq would read ``~/.pgpass``), or any other method: psycopg.

The connection is shaped like the subset of psycopg's :class:`~psycopg.Connection` that
:class:`naskah.register.sql.Sql` and the readers use: ``cursor()``/``execute()``,
``description``, ``fetchone``/``fetchall``, ``rollback``, ``autocommit``, ``closed``,
``close``. ``%(name)s`` parameters are bound on the server (extended query protocol) with
psycopg's types (``str`` as unknown, ``int`` in the smallest integer type, dates, times...),
and a statement is prepared once per connection, as psycopg prepares a repeated one; other
statements go as simple queries (positional ``%s`` rendered as literals, as psycopg's
``ClientCursor`` does). Every statement is one round trip; outside autocommit the first one
opens a transaction (``BEGIN`` sent with it). Values come back typed as psycopg gives them:
integers, booleans, floats, :class:`~decimal.Decimal`, dates, naive and aware datetimes, times,
bytes, JSON parsed; any other type as its text. Errors are :class:`Galat` with the server's
SQLSTATE (``08001`` for a connection that could not be made), which
:func:`naskah.register.basis.terjemahkan_galat` turns into the register's sentences.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import struct
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

__all__ = ["Galat", "Koneksi", "sambung"]

_SSL_REQUEST = struct.pack("!ii", 8, 80877103)
_INT = struct.Struct("!i")
_PENDEK = struct.Struct("!h")
_PROTOKOL = 196608  # 3.0


class Galat(Exception):
    """An error reported by the server (``sqlstate`` its SQLSTATE) or by the connection."""

    def __init__(self, pesan: str, sqlstate: str | None = None) -> None:
        super().__init__(pesan)
        self.sqlstate = sqlstate


class _Mundur(Exception):
    """This connection cannot be made as libpq would: the caller uses psycopg instead."""


def _libpq_berbeda() -> bool:
    """Whether libpq would read settings this client does not (environment, files)."""
    if any(k.startswith("PG") for k in os.environ) or "KRB5CCNAME" in os.environ:
        return True
    try:
        if (Path.home() / ".postgresql").exists():
            return True
    except (RuntimeError, KeyError, OSError):  # no home to look in: libpq's way, psycopg
        return True
    return Path(f"/tmp/krb5cc_{os.getuid()}").exists() if hasattr(os, "getuid") else False


def sambung(
    host: str,
    port: int,
    user: str | None,
    password: str | None,
    dbname: str,
    connect_timeout: float,
    options: str | None = None,
) -> Koneksi | None:
    """Return a connection, or None when libpq would connect differently (use psycopg).

    Raises :class:`Galat` when the server cannot be reached (SQLSTATE ``08001``) or refuses
    (its own SQLSTATE, e.g. ``28P01`` for a wrong password, ``3D000`` for a missing database).
    """
    if _libpq_berbeda():
        return None
    if user is None:
        import getpass

        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            return None
    try:
        return Koneksi(host, port, user, password, dbname, connect_timeout, options)
    except _Mundur:
        return None


# -- literals (client-side parameters) -------------------------------------------------------

_TEMPAT = re.compile(r"%(?:\((\w+)\)s|s|%)")


def _literal(v: Any, standar: bool) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v) if v >= 0 else f" {v}"
    if isinstance(v, str):
        if "\x00" in v:
            raise Galat("Teks tidak boleh memuat karakter NUL.", "22021")
        if standar:
            return "'" + v.replace("'", "''") + "'"
        return "E'" + v.replace("\\", "\\\\").replace("'", "''") + "'"
    if isinstance(v, datetime):
        jenis = "timestamp" if v.tzinfo is None else "timestamptz"
        return f"'{v.isoformat()}'::{jenis}"
    if isinstance(v, date):
        return f"'{v.isoformat()}'::date"
    if isinstance(v, time):
        return f"'{v.isoformat()}'::{'time' if v.tzinfo is None else 'timetz'}"
    if isinstance(v, float):
        return f"'{v!r}'::float8"
    if isinstance(v, bytes | bytearray | memoryview):
        return f"'\\x{bytes(v).hex()}'::bytea"
    if type(v).__name__ == "Decimal":
        return f"'{v}'::numeric"
    raise Galat(f"Nilai bertipe {type(v).__name__} tidak dapat dikirim.", "22000")


_PREPARED_MAKS = 200
"""Statements kept prepared on one connection (beyond these, parsed anew each time)."""


def _nilai_teks(v: Any) -> tuple[int, bytes | None]:
    """Return a parameter's type OID and text form, as psycopg dumps it (str: unknown)."""
    if v is None:
        return 0, None
    if isinstance(v, str):
        if "\x00" in v:
            raise Galat("Teks tidak boleh memuat karakter NUL.", "22021")
        return 0, v.encode()
    if isinstance(v, bool):
        return 16, b"t" if v else b"f"
    if isinstance(v, int):  # the smallest type that holds it, as psycopg chooses
        if -(2**15) <= v < 2**15:
            return 21, str(v).encode()
        if -(2**31) <= v < 2**31:
            return 23, str(v).encode()
        return (20 if -(2**63) <= v < 2**63 else 1700), str(v).encode()
    if isinstance(v, datetime):
        return (1114 if v.tzinfo is None else 1184), v.isoformat().encode()
    if isinstance(v, date):
        return 1082, v.isoformat().encode()
    if isinstance(v, time):
        return (1083 if v.tzinfo is None else 1266), v.isoformat().encode()
    if isinstance(v, float):
        return 701, repr(v).encode()
    if isinstance(v, bytes | bytearray | memoryview):
        return 17, b"\\x" + bytes(v).hex().encode()
    if type(v).__name__ == "Decimal":
        return 1700, str(v).encode()
    raise Galat(f"Nilai bertipe {type(v).__name__} tidak dapat dikirim.", "22000")


def _bernomor(sql: str) -> tuple[str, tuple[str, ...]] | None:
    """Return ``sql`` with ``%(name)s`` as ``$n`` (``%%`` as ``%``) and the names in order,
    or None when it has positional placeholders."""
    nama: list[str] = []

    def ganti(m: re.Match[str]) -> str:
        if m[1] is not None:
            if m[1] not in nama:
                nama.append(m[1])
            return f"${nama.index(m[1]) + 1}"
        if m[0] == "%%":
            return "%"
        raise ValueError

    try:
        return _TEMPAT.sub(ganti, sql), tuple(nama)
    except ValueError:
        return None


def _rakit(sql: str, param: Mapping[str, Any] | Sequence[Any] | None, standar: bool) -> str:
    """Return ``sql`` with psycopg's placeholders replaced by literals (``%%`` by ``%``)."""
    if param is None:
        return sql
    if isinstance(param, dict):  # the usual case: no ABC check per placeholder
        if "%" not in sql:
            return sql

        def bernama(m: re.Match[str]) -> str:
            if m[1] is not None:
                return _literal(param[m[1]], standar)
            if m[0] == "%%":
                return "%"
            raise Galat("Parameter berurutan memerlukan daftar.", "42601")

        return _TEMPAT.sub(bernama, sql)
    urut = iter(param) if not isinstance(param, Mapping) else None

    def ganti(m: re.Match[str]) -> str:
        if m[0] == "%%":
            return "%"
        if m[1] is not None:
            if not isinstance(param, Mapping):
                raise Galat("Parameter bernama memerlukan mapping.", "42601")
            return _literal(param[m[1]], standar)
        if urut is None:
            raise Galat("Parameter berurutan memerlukan daftar.", "42601")
        return _literal(next(urut), standar)

    return _TEMPAT.sub(ganti, sql)


# -- values (text format) --------------------------------------------------------------------


def _bool(s: str) -> bool:
    return s == "t"


def _bytea(s: str) -> bytes:
    if s.startswith("\\x"):
        return bytes.fromhex(s[2:])
    raise Galat("Format bytea lama tidak didukung.", "22000")


def _desimal(s: str) -> Any:
    from decimal import Decimal

    return Decimal(s)


def _json(s: str) -> Any:
    import json

    return json.loads(s)


def _tanggal(s: str) -> date:
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise Galat(f"Tanggal {s!r} di luar jangkauan Python.", "22008") from None


def _waktu(s: str) -> datetime:
    try:
        return datetime.fromisoformat(s)
    except ValueError:
        raise Galat(f"Waktu {s!r} di luar jangkauan Python.", "22008") from None


_BACA: dict[int, Any] = {
    16: _bool,
    17: _bytea,
    20: int,
    21: int,
    23: int,
    26: int,
    700: float,
    701: float,
    1700: _desimal,
    1082: _tanggal,
    1114: _waktu,
    1184: _waktu,
    1083: time.fromisoformat,
    114: _json,
    3802: _json,
}


def _bingkai(jenis: bytes, isi: bytes) -> bytes:
    """Return one frontend message: its type, its length and its body."""
    return jenis + _INT.pack(len(isi) + 4) + isi


class _Hasil:
    __slots__ = ("baris", "description", "rowcount")

    def __init__(self) -> None:
        self.description: list[tuple[Any, ...]] | None = None
        self.baris: list[tuple[Any, ...]] = []
        self.rowcount = -1


class Kursor:
    """The rows of one statement (shaped like psycopg's cursor, reading only)."""

    def __init__(self, koneksi: Koneksi) -> None:
        self._koneksi = koneksi
        self._hasil: _Hasil | None = None
        self._posisi = 0

    @property
    def description(self) -> list[tuple[Any, ...]] | None:
        return None if self._hasil is None else self._hasil.description

    @property
    def rowcount(self) -> int:
        return -1 if self._hasil is None else self._hasil.rowcount

    def execute(self, sql: str, param: Mapping[str, Any] | Sequence[Any] | None = None) -> Kursor:
        k = self._koneksi
        if isinstance(param, dict) and "%" in sql:
            self._hasil = k._jalankan_bernama(sql, param)
        else:
            self._hasil = k._jalankan(_rakit(sql, param, k._standar))
        self._posisi = 0
        return self

    def executemany(self, sql: str, daftar: Sequence[Mapping[str, Any]]) -> None:
        for p in daftar:
            self.execute(sql, p)

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._hasil is None or self._posisi >= len(self._hasil.baris):
            return None
        self._posisi += 1
        return self._hasil.baris[self._posisi - 1]

    def fetchall(self) -> list[tuple[Any, ...]]:
        if self._hasil is None:
            return []
        sisa = self._hasil.baris[self._posisi :]
        self._posisi = len(self._hasil.baris)
        return sisa

    def close(self) -> None:
        self._hasil = None

    def __enter__(self) -> Kursor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Koneksi:
    """One connection to a PostgreSQL server (see the module's docstring)."""

    Error = Galat

    def __init__(
        self,
        host: str,
        port: int,
        user: str,
        password: str | None,
        dbname: str,
        connect_timeout: float,
        options: str | None,
    ) -> None:
        self._otomatis = False
        self._status = b"I"
        self._standar = True
        self._tutup = False
        self._buf = b""
        self._pos = 0
        self._siap: dict[tuple[str, tuple[int, ...]], bytes] = {}
        self._urut = 0
        """Prepared statements of this connection: (SQL, parameter types) to their names."""
        self._bernomor: dict[str, tuple[str, tuple[str, ...]] | None] = {}
        try:
            self._sock: Any = socket.create_connection((host, port), timeout=connect_timeout)
        except OSError as e:
            raise Galat(
                f"connection to server at {host!r}, port {port} failed: {e.strerror or e}",
                "08001",
            ) from None
        try:
            self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._ssl(host)
            param = {
                "user": user,
                "database": dbname,
                "client_encoding": "UTF8",
                "DateStyle": "ISO",
            }
            if options:
                param["options"] = options
            isi = struct.pack("!i", _PROTOKOL) + b"".join(
                k.encode() + b"\0" + v.encode() + b"\0" for k, v in param.items()
            )
            self._sock.sendall(struct.pack("!i", len(isi) + 5) + isi + b"\0")
            self._otentikasi(user, password)
            self._tunggu_siap()
            self._sock.settimeout(None)
        except BaseException:
            self._putus()
            raise

    # -- connection -------------------------------------------------------------------------

    def _ssl(self, host: str) -> None:
        """Ask for SSL as libpq's ``sslmode=prefer`` does."""
        self._sock.sendall(_SSL_REQUEST)
        jawab = self._sock.recv(1)
        if jawab == b"N":
            return
        if jawab != b"S":
            raise _Mundur
        import ssl

        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        try:
            self._sock = ctx.wrap_socket(self._sock, server_hostname=host)
        except (ssl.SSLError, OSError):
            raise _Mundur from None

    def _otentikasi(self, user: str, password: str | None) -> None:
        while True:
            jenis, isi = self._pesan()
            if jenis == b"E":
                raise self._galat(isi)
            if jenis != b"R":
                raise Galat("Jawaban server tak terduga saat masuk.", "08P01")
            (kode,) = struct.unpack_from("!i", isi)
            if kode == 0:
                return
            if password is None or kode not in (3, 5, 10):
                raise _Mundur  # libpq would read ~/.pgpass, or use another method
            if kode == 3:
                self._kirim(b"p", password.encode() + b"\0")
            elif kode == 5:
                import hashlib

                dalam = hashlib.md5((password + user).encode()).hexdigest().encode()
                luar = hashlib.md5(dalam + isi[4:8]).hexdigest()
                self._kirim(b"p", b"md5" + luar.encode() + b"\0")
            else:
                if b"SCRAM-SHA-256\0" not in isi[4:]:
                    raise _Mundur
                self._scram(password)

    def _scram(self, password: str) -> None:
        import base64
        import hashlib
        import hmac
        import secrets

        nonce = base64.b64encode(secrets.token_bytes(18)).decode()
        awal = f"n=,r={nonce}"
        pesan = ("n,," + awal).encode()
        self._kirim(b"p", b"SCRAM-SHA-256\0" + struct.pack("!i", len(pesan)) + pesan)
        jenis, isi = self._pesan()
        if jenis == b"E":
            raise self._galat(isi)
        if jenis != b"R" or struct.unpack_from("!i", isi)[0] != 11:
            raise Galat("Jawaban SCRAM server tak terduga.", "08P01")
        server_awal = isi[4:].decode()
        bagian = dict(x.split("=", 1) for x in server_awal.split(","))
        if not bagian["r"].startswith(nonce):
            raise Galat("Jawaban SCRAM server tidak sah.", "08P01")
        garam = base64.b64decode(bagian["s"])
        kunci = hashlib.pbkdf2_hmac("sha256", password.encode(), garam, int(bagian["i"]))
        kunci_klien = hmac.digest(kunci, b"Client Key", "sha256")
        simpan = hashlib.sha256(kunci_klien).digest()
        tanpa_bukti = f"c=biws,r={bagian['r']}"
        auth = f"{awal},{server_awal},{tanpa_bukti}".encode()
        tanda = hmac.digest(simpan, auth, "sha256")
        bukti = bytes(a ^ b for a, b in zip(kunci_klien, tanda, strict=True))
        akhir = f"{tanpa_bukti},p={base64.b64encode(bukti).decode()}"
        self._kirim(b"p", akhir.encode())
        jenis, isi = self._pesan()
        if jenis == b"E":
            raise self._galat(isi)
        if jenis != b"R" or struct.unpack_from("!i", isi)[0] != 12:
            raise Galat("Jawaban SCRAM server tak terduga.", "08P01")
        kunci_server = hmac.digest(kunci, b"Server Key", "sha256")
        harap = base64.b64encode(hmac.digest(kunci_server, auth, "sha256")).decode()
        if not hmac.compare_digest(isi[4:].decode(), f"v={harap}"):
            raise Galat("Server gagal membuktikan dirinya (SCRAM).", "08P01")

    def _tunggu_siap(self) -> None:
        galat = None
        while True:
            jenis, isi = self._pesan()
            if jenis == b"Z":
                self._status = isi[:1]
                if galat is not None:
                    raise galat
                return
            if jenis == b"E":
                galat = self._galat(isi)
            elif jenis == b"S":
                self._parameter(isi)

    def _parameter(self, isi: bytes) -> None:
        nama, nilai, _ = isi.split(b"\0", 2)
        if nama == b"standard_conforming_strings":
            self._standar = nilai == b"on"

    # -- wire -------------------------------------------------------------------------------

    def _kirim(self, jenis: bytes, isi: bytes) -> None:
        try:
            self._sock.sendall(jenis + struct.pack("!i", len(isi) + 4) + isi)
        except OSError as e:
            self._putus()
            raise Galat(f"server closed the connection unexpectedly: {e}", "08006") from None

    def _isi_penyangga(self, n: int) -> None:
        """Read from the socket until ``n`` bytes wait in the buffer past the read position."""
        while len(self._buf) - self._pos < n:
            try:
                potong = self._sock.recv(max(65536, n))
            except OSError as e:
                self._putus()
                raise Galat(f"server closed the connection unexpectedly: {e}", "08006") from None
            if not potong:
                self._putus()
                raise Galat("server closed the connection unexpectedly", "08006")
            self._buf = self._buf[self._pos :] + potong
            self._pos = 0

    def _pesan(self) -> tuple[bytes, bytes]:
        """Return the next message's type and body (the buffer is read by position: a reply
        of a thousand rows is not copied once per row)."""
        if len(self._buf) - self._pos < 5:
            self._isi_penyangga(5)
        (panjang,) = _INT.unpack_from(self._buf, self._pos + 1)
        if len(self._buf) - self._pos < panjang + 1:
            self._isi_penyangga(panjang + 1)
        p = self._pos
        self._pos = p + panjang + 1
        return self._buf[p : p + 1], self._buf[p + 5 : self._pos]

    @staticmethod
    def _galat(isi: bytes) -> Galat:
        medan = {}
        for bagian in isi.split(b"\0"):
            if bagian:
                medan[bagian[:1]] = bagian[1:].decode("utf-8", "replace")
        return Galat(medan.get(b"M", "galat server"), medan.get(b"C"))

    def _jalankan(self, sql: str) -> _Hasil:
        if self._tutup:
            raise Galat("the connection is closed", "08003")
        if not self._otomatis and self._status == b"I":
            sql = "BEGIN;" + sql
            lewati = 1
        else:
            lewati = 0
        self._kirim(b"Q", sql.encode() + b"\0")
        return self._terima(lewati)

    def _jalankan_bernama(self, sql: str, param: Mapping[str, Any]) -> _Hasil:
        """Run ``sql`` with its ``%(name)s`` parameters bound on the server (extended query
        protocol, one round trip); a statement run again on this connection is prepared once,
        as psycopg prepares a repeated one, so the server does not plan it each time."""
        if self._tutup:
            raise Galat("the connection is closed", "08003")
        if sql not in self._bernomor:
            self._bernomor[sql] = _bernomor(sql)
        bentuk = self._bernomor[sql]
        if bentuk is None:
            return self._jalankan(_rakit(sql, param, self._standar))
        teks, nama = bentuk
        nilai = [_nilai_teks(param[n]) for n in nama]
        oid = tuple(o for o, _ in nilai)
        pesan = []
        lewati = 0
        if not self._otomatis and self._status == b"I":
            pesan.append(_bingkai(b"P", b"\0BEGIN\0\0\0"))
            pesan.append(_bingkai(b"B", b"\0\0" + b"\0\0" * 3))
            pesan.append(_bingkai(b"E", b"\0\0\0\0\0"))
            lewati = 1
        nama_siap = self._siap.get((teks, oid))
        baru = nama_siap is None
        if nama_siap is None:
            nama_siap = b""  # the unnamed statement, parsed again each time
            if len(self._siap) < _PREPARED_MAKS:
                self._urut += 1
                nama_siap = f"naskah_{self._urut}".encode()
                self._siap[(teks, oid)] = nama_siap
            jenis_param = b"".join(_INT.pack(o) for o in oid)
            pesan.append(
                _bingkai(
                    b"P",
                    nama_siap
                    + b"\0"
                    + teks.encode()
                    + b"\0"
                    + _PENDEK.pack(len(oid))
                    + jenis_param,
                )
            )
        isi = [b"\0" + nama_siap + b"\0\0\0", _PENDEK.pack(len(nilai))]
        for _, v in nilai:
            isi.append(b"\xff\xff\xff\xff" if v is None else _INT.pack(len(v)) + v)
        isi.append(b"\0\0")
        pesan.append(_bingkai(b"B", b"".join(isi)))
        pesan.append(_bingkai(b"D", b"P\0"))
        pesan.append(_bingkai(b"E", b"\0\0\0\0\0"))
        pesan.append(b"S\0\0\0\4")
        try:
            self._sock.sendall(b"".join(pesan))
        except OSError as e:
            self._putus()
            raise Galat(f"server closed the connection unexpectedly: {e}", "08006") from None
        try:
            return self._terima(lewati)
        except Galat:
            if baru:  # prepared or not, unknown: never reused (a new name next time)
                self._siap.pop((teks, oid), None)
            raise

    def _terima(self, lewati: int) -> _Hasil:
        """Read the replies up to ReadyForQuery; return the result after ``lewati`` others."""
        hasil: list[_Hasil] = []
        kini: _Hasil | None = None
        baca: list[Any] = []
        galat = None
        int_dari = _INT.unpack_from
        while True:
            jenis, isi = self._pesan()
            if jenis == b"D":
                assert kini is not None
                pos = 2
                baris: list[Any] = []
                for f in baca:
                    (p,) = int_dari(isi, pos)
                    pos += 4
                    if p < 0:
                        baris.append(None)
                        continue
                    teks = isi[pos : pos + p].decode()
                    pos += p
                    baris.append(teks if f is None else f(teks))
                kini.baris.append(tuple(baris))
            elif jenis == b"T":
                kini = _Hasil()
                (n,) = _PENDEK.unpack_from(isi)
                pos, desk, baca = 2, [], []
                for _ in range(n):
                    akhir = isi.index(b"\0", pos)
                    nama = isi[pos:akhir].decode()
                    (oid,) = struct.unpack_from("!i", isi, akhir + 7)
                    pos = akhir + 19
                    desk.append((nama, oid, None, None, None, None, None))
                    baca.append(_BACA.get(oid))
                kini.description = desk
            elif jenis == b"C":
                if kini is None:
                    kini = _Hasil()
                kata = isi.rstrip(b"\0").split()
                if kata and kata[-1].isdigit():
                    kini.rowcount = int(kata[-1])
                hasil.append(kini)
                kini = None
            elif jenis == b"I":
                hasil.append(_Hasil())
            elif jenis == b"n" and kini is None:  # NoData: a statement without rows
                kini = _Hasil()
            elif jenis == b"E":
                galat = self._galat(isi)
            elif jenis == b"S":
                self._parameter(isi)
            elif jenis == b"Z":
                self._status = isi[:1]
                break
            # 1, 2 (parse, bind complete), N (notice), A (notification): nothing to do
        if galat is not None:
            raise galat
        return hasil[lewati] if len(hasil) > lewati else _Hasil()

    # -- psycopg's shape --------------------------------------------------------------------

    @property
    def autocommit(self) -> bool:
        return self._otomatis

    @autocommit.setter
    def autocommit(self, nilai: bool) -> None:
        if self._status != b"I" and not self._tutup:  # as psycopg refuses it
            raise Galat("can't change 'autocommit' now: connection in a transaction")
        self._otomatis = bool(nilai)

    @property
    def closed(self) -> bool:
        return self._tutup

    def cursor(self) -> Kursor:
        return Kursor(self)

    def execute(self, sql: str, param: Mapping[str, Any] | Sequence[Any] | None = None) -> Kursor:
        return self.cursor().execute(sql, param)

    def rollback(self) -> None:
        if not self._tutup and self._status != b"I":
            self._jalankan_saja("ROLLBACK")

    def commit(self) -> None:
        if not self._tutup and self._status != b"I":
            self._jalankan_saja("COMMIT")

    def _jalankan_saja(self, sql: str) -> None:
        otomatis, self._otomatis = self._otomatis, True
        try:
            self._jalankan(sql)
        finally:
            self._otomatis = otomatis

    def _putus(self) -> None:
        self._tutup = True
        with contextlib.suppress(OSError, AttributeError):
            self._sock.close()

    def close(self) -> None:
        if self._tutup:
            return
        with contextlib.suppress(OSError):
            self._sock.sendall(b"X\0\0\0\4")
        self._putus()
