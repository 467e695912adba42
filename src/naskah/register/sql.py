"""The register's SQL, and the one way it runs: on the database driver's own connection.

Every read and write of the register's tables (``seri_nomor``, ``nomor``, ``jejak``) is a statement
of this module, executed by :class:`Sql` with the driver's cursor (``sqlite3`` or psycopg). The
connection is the register's own SQLite connection, or the driver connection under a SQLAlchemy
:class:`~sqlalchemy.Connection` when another package writes its rows in the same transaction
(:meth:`~naskah.register.Register.transaksi`): the same SQL either way, and SQLAlchemy is not
imported to issue a number from the command line.

Statements are written once, with ``:name`` parameters (sqlite3's named style), and turned into
psycopg's ``%(name)s`` for PostgreSQL; a ``{kunci}`` slot becomes ``FOR UPDATE`` on PostgreSQL
(SQLite's write transaction already holds the lock). Values are stored as SQLAlchemy's column
types store them (on SQLite dates and times as ISO text, booleans as 0/1), so the archive, the
pipeline and the migrations, which read these tables through SQLAlchemy, see the same rows.
Instants (``dicatat``, ``diubah``, ``waktu``) are stored as naive UTC and read back as aware UTC
values (:mod:`naskah.jam`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, Literal

from naskah.jam import dari_tersimpan, ke_tersimpan

Dialek = Literal["sqlite", "postgresql"]

KOLOM_NOMOR = (
    "id", "seri", "periode", "tahun", "urut", "sisipan", "teks", "klasifikasi", "rahasia",
    "jenis", "perihal", "tanggal", "keadaan", "alasan", "oleh", "dicatat", "diubah",
)  # fmt: skip
"""The columns of ``nomor``, in table order (tests check them against the SQLAlchemy table)."""
KOLOM_JEJAK = ("id", "waktu", "oleh", "aksi", "nomor_id", "seri", "teks", "sebelum", "sesudah")
"""The columns of ``jejak``, in table order."""
_NOMOR = ", ".join(KOLOM_NOMOR)
_SERI_INI = "seri = :seri AND periode = :periode"

BACA_SERI = f"SELECT terakhir, tanggal_terakhir FROM seri_nomor WHERE {_SERI_INI}{{kunci}}"
TAMBAH_SERI = (
    "INSERT INTO seri_nomor (seri, periode, terakhir, tanggal_terakhir) "
    "VALUES (:seri, :periode, 0, NULL) ON CONFLICT DO NOTHING"
)
# raise the counter and return its new value in one statement (RETURNING: SQLite 3.35+,
# PostgreSQL), refusing (no row) a date earlier than the counter's latest number
NAIKKAN = (
    "UPDATE seri_nomor SET terakhir = terakhir + :jumlah, tanggal_terakhir = :tanggal "
    f"WHERE {_SERI_INI} AND (tanggal_terakhir IS NULL OR tanggal_terakhir <= :tanggal) "
    "RETURNING terakhir"
)
ATUR_SERI = (
    f"UPDATE seri_nomor SET terakhir = :terakhir, tanggal_terakhir = :tanggal WHERE {_SERI_INI}"
)
TAMBAH_NOMOR = (
    f"INSERT INTO nomor ({', '.join(KOLOM_NOMOR[1:])}) "
    f"VALUES ({', '.join(':' + k for k in KOLOM_NOMOR[1:])}) RETURNING id"
)
TAMBAH_JEJAK = (
    f"INSERT INTO jejak ({', '.join(KOLOM_JEJAK[1:])}) "
    f"VALUES ({', '.join(':' + k for k in KOLOM_JEJAK[1:])})"
)
CARI_NOMOR = f"SELECT {_NOMOR} FROM nomor WHERE teks = :teks"
CARI_NOMOR_SERI = f"{CARI_NOMOR} AND seri = :seri"
# the number that carries the series' latest date (not necessarily the last sequence)
PENGHALANG = (
    f"SELECT teks, tanggal FROM nomor WHERE {_SERI_INI} AND tanggal > :tanggal "
    "ORDER BY tanggal DESC, urut DESC, sisipan DESC LIMIT 1"
)
INDUK_TERAKHIR = (
    f"SELECT teks FROM nomor WHERE {_SERI_INI} AND sisipan = 0 AND tanggal <= :tanggal "
    "ORDER BY urut DESC LIMIT 1"
)
INDUK = f"SELECT teks, tanggal FROM nomor WHERE {_SERI_INI} AND urut = :urut AND sisipan = 0"
SISIPAN_TERAKHIR = f"SELECT max(sisipan) FROM nomor WHERE {_SERI_INI} AND urut = :urut"
URUTAN_SERI = "SELECT periode, urut, sisipan, teks FROM nomor WHERE seri = :seri{kunci}"
JEJAK_NOMOR = (
    "SELECT waktu, oleh, aksi, teks, sebelum, sesudah FROM jejak WHERE nomor_id = :id ORDER BY id"
)


def ubah_nomor(kolom: Sequence[str]) -> str:
    """Return the UPDATE of the given columns of one ``nomor`` row (``:id`` names the row).

    The column names come from the register's own code, never from input.
    """
    return f"UPDATE nomor SET {', '.join(f'{k} = :{k}' for k in kolom)} WHERE id = :id"


def daftar_nomor(syarat: Sequence[str]) -> str:
    """Return the SELECT of numbers matching every condition of ``syarat``, in register order."""
    where = f" WHERE {' AND '.join(syarat)}" if syarat else ""
    return f"SELECT {_NOMOR} FROM nomor{where} ORDER BY seri, periode, urut, sisipan"


# -- running ---------------------------------------------------------------------------------

_PARAM = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")
_TANGGAL = frozenset({"tanggal", "tanggal_terakhir"})
_WAKTU = frozenset({"dicatat", "diubah", "waktu"})
_BENAR_SALAH = frozenset({"rahasia"})
_DISIMPAN_TEKS = _TANGGAL | _WAKTU | _BENAR_SALAH


def _nilai_sqlite(v: Any) -> Any:
    """Return ``v`` as SQLAlchemy's SQLite types store it (ISO text for dates and times)."""
    if isinstance(v, datetime):
        # SQLAlchemy's SQLite DateTime: always six fractional digits, no time zone
        return (
            f"{v.year:04d}-{v.month:02d}-{v.day:02d} "
            f"{v.hour:02d}:{v.minute:02d}:{v.second:02d}.{v.microsecond:06d}"
        )
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    return v


def _baca_sqlite(nama: str, v: Any) -> Any:
    if v is None:
        return None
    if nama in _TANGGAL:
        return date.fromisoformat(v)
    if nama in _WAKTU:  # stored as naive UTC, read back aware
        return datetime.fromisoformat(v).replace(tzinfo=UTC)
    if nama in _BENAR_SALAH:
        return bool(v)
    return v


@functools.cache
def _untuk_dialek(sql: str, dialek: Dialek) -> str:
    """Return statement ``sql`` as ``dialek``'s driver takes it (parameters, row locks)."""
    if dialek == "postgresql":
        return _PARAM.sub(r"%(\1)s", sql.replace("{kunci}", " FOR UPDATE"))
    return sql.replace("{kunci}", "")


class Sql:
    """The register's statements run on one driver connection, inside the caller's transaction.

    Never begins, commits or rolls back anything itself. Rows come back as dicts keyed by column
    name, with SQLite's stored text turned back into dates, times and booleans.
    """

    def __init__(self, koneksi: Any, dialek: Dialek) -> None:
        self._koneksi = koneksi
        self.dialek: Dialek = dialek

    def _sql(self, sql: str) -> str:
        return _untuk_dialek(sql, self.dialek)

    def _param(self, param: Mapping[str, Any]) -> Mapping[str, Any]:
        # instants are stored as naive UTC (naskah.jam): an aware value is converted first
        param = {k: ke_tersimpan(v) if isinstance(v, datetime) else v for k, v in param.items()}
        if self.dialek == "sqlite":
            return {k: _nilai_sqlite(v) for k, v in param.items()}
        return param

    def _jalankan(self, sql: str, param: Mapping[str, Any]) -> Any:
        cur = self._koneksi.cursor()
        try:
            cur.execute(self._sql(sql), self._param(param))
        except BaseException:
            cur.close()
            raise
        return cur

    def _baris(self, cur: Any, rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
        nama = [d[0] for d in cur.description]
        hasil = [dict(zip(nama, r, strict=True)) for r in rows]
        if self.dialek == "sqlite":  # only the columns stored as text or 0/1 are converted
            teks = [n for n in nama if n in _DISIMPAN_TEKS]
            for d in hasil if teks else ():
                for n in teks:
                    d[n] = _baca_sqlite(n, d[n])
            return hasil
        waktu = [n for n in nama if n in _WAKTU]
        for d in hasil if waktu else ():
            for n in waktu:
                d[n] = dari_tersimpan(d[n])
        return hasil

    def satu(self, sql: str, **param: Any) -> dict[str, Any] | None:
        """Return the first row of ``sql``, or None."""
        cur = self._jalankan(sql, param)
        try:
            row = cur.fetchone()
            return None if row is None else self._baris(cur, [row])[0]
        finally:
            cur.close()

    def semua(self, sql: str, **param: Any) -> list[dict[str, Any]]:
        """Return every row of ``sql``."""
        cur = self._jalankan(sql, param)
        try:
            return self._baris(cur, cur.fetchall())
        finally:
            cur.close()

    def skalar(self, sql: str, **param: Any) -> Any:
        """Return the first column of the first row of ``sql``, or None without a row."""
        row = self.satu(sql, **param)
        return None if row is None else next(iter(row.values()))

    def jalankan(self, sql: str, **param: Any) -> None:
        """Execute ``sql`` once."""
        self._jalankan(sql, param).close()

    def jalankan_banyak(self, sql: str, daftar: Sequence[Mapping[str, Any]]) -> None:
        """Execute ``sql`` once for each parameter set of ``daftar``."""
        cur = self._koneksi.cursor()
        try:
            cur.executemany(self._sql(sql), [self._param(p) for p in daftar])
        finally:
            cur.close()
