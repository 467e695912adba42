"""The desk's working context: the office's settings, its calendar, the database and the clock.

Owns how the ``ult_*`` tables are reached (the register's statements, :class:`~naskah.register.sql.
Sql`, on SQLite's own connection or PostgreSQL's driver connection, so the everyday commands never
import SQLAlchemy, nor psycopg for a read), the desk's default clock (:data:`JAM_SISTEM`, the
audit log's one clock :func:`naskah.jam.sistem`; tests inject their own), the tracking codes,
and the checks of the values every verb shares (channels, phone numbers, e-mail addresses,
dates). Messages never repeat a phone number, an e-mail address or a name: those are personal
data.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any

from naskah.errors import UltError
from naskah.jam import Jam, sistem
from naskah.register import basis
from naskah.register.masukan import pengguna_bawaan
from naskah.register.sql import Sql
from naskah.ult.kalender import JamLayanan, KalenderKerja

if TYPE_CHECKING:
    from naskah.config import Konfigurasi
    from naskah.register import Register
    from naskah.ult.layanan import Katalog

__all__ = [
    "JAM_SISTEM",
    "KANAL",
    "Jam",
    "Meja",
    "baca_kode",
    "buat_kode",
    "kode_tersamar",
    "tampil_kode",
]

JAM_SISTEM: Jam = sistem
"""The desk's default clock: :func:`naskah.jam.sistem`, the one clock of the audit log."""

KANAL: dict[str, str] = {
    "surat": "Surat",
    "telepon": "Telepon/SMS/WhatsApp",
    "media_sosial": "Media sosial",
    "surel": "Surel (e-mail)",
    "daring": "Formulir daring",
    "tatap_muka": "Tatap muka langsung",
}
"""The six channels of the Kalteng standard, for requests and complaints alike."""

# -- tracking codes ------------------------------------------------------------------------------

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_SERAGAM = str.maketrans({"O": "0", "I": "1", "L": "1"})
PANJANG_KODE = 10


def buat_kode() -> str:
    """Return a new tracking code: 10 Crockford base32 characters (50 random bits)."""
    import secrets  # only when recording: the reads never need it

    return "".join(secrets.choice(_CROCKFORD) for _ in range(PANJANG_KODE))


def tampil_kode(kode: str) -> str:
    """Return ``kode`` grouped for reading over the phone: ``7KQ2M-X9D4P``."""
    return f"{kode[:5]}-{kode[5:]}"


def kode_tersamar(kode: str) -> str:
    """Return ``kode`` with its second half hidden, ``7KQ2M-•••••``: printable where a full
    code would open the request's tracking page to anyone (a published report)."""
    return f"{baca_kode(kode)[:5]}-•••••"


def baca_kode(teks: str) -> str:
    """Return the stored form of a tracking code as typed (case, dashes, O/I/L forgiven)."""
    kode = re.sub(r"[\s\-]", "", teks).upper().translate(_SERAGAM)
    if len(kode) != PANJANG_KODE or any(c not in _CROCKFORD for c in kode):
        raise UltError(
            "Kode pelacakan tidak sah; kode terdiri atas 10 huruf/angka, misalnya 7KQ2M-X9D4P."
        )
    return kode


# -- values --------------------------------------------------------------------------------------


def periksa_kanal(kanal: str) -> str:
    k = kanal.strip().lower().replace("-", "_").replace(" ", "_")
    if k not in KANAL:
        raise UltError(
            f"Saluran {kanal!r} tidak dikenal; pilih salah satu dari {', '.join(KANAL)}."
        )
    return k


def periksa_telepon(telepon: str | None) -> str | None:
    """Return a phone/WhatsApp number with only its digits (and a leading +), or refuse it."""
    if telepon is None or not telepon.strip():
        return None
    t = telepon.strip()
    angka = re.sub(r"[\s\-().]", "", t)
    if not re.fullmatch(r"\+?\d{8,15}", angka):
        raise UltError(
            "Nomor telepon/WhatsApp tidak sah; tulis 8–15 angka, misalnya 0811 2233 4455."
        )
    return angka


def periksa_email(email: str | None) -> str | None:
    """Return an e-mail address normalised, or refuse it (without repeating it)."""
    if email is None or not email.strip():
        return None
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise UltError("Alamat surel tidak sah; periksa penulisannya.") from None


def waktu_utc(v: Any) -> datetime | None:
    """Return a stored time as an aware UTC datetime (SQLite keeps it as naive UTC text)."""
    if v is None:
        return None
    if isinstance(v, str):
        v = datetime.fromisoformat(v)
    if v.tzinfo is None:
        return v.replace(tzinfo=UTC)
    return v.astimezone(UTC)


def tanggal(v: Any) -> date | None:
    """Return a stored date as a date."""
    if v is None or (isinstance(v, date) and not isinstance(v, datetime)):
        return v
    if isinstance(v, datetime):
        return v.date()
    return date.fromisoformat(v)


class _SqlUlt(Sql):
    """The register's statement runner, storing aware times in UTC on both dialects."""

    def _param(self, param: Mapping[str, Any]) -> Mapping[str, Any]:
        bersih = {}
        for k, v in param.items():
            if isinstance(v, datetime):
                if v.tzinfo is None or v.utcoffset() is None:
                    raise UltError("Waktu tanpa zona waktu tidak dapat disimpan.")
                v = v.astimezone(UTC)
                if self.dialek == "sqlite":
                    v = v.replace(tzinfo=None)
            bersih[k] = v
        return super()._param(bersih)

    @property
    def galat_keutuhan(self) -> type[Exception]:
        """The driver's IntegrityError (a unique or check constraint refused a row): the
        DB-API attribute of sqlite3's, psycopg's and psycopg2's connections alike."""
        return self._koneksi.IntegrityError

    def sisip(self, tabel: str, nilai: Mapping[str, Any]) -> int:
        """Insert one row into ``tabel`` (a name of this package) and return its id."""
        kolom = ", ".join(nilai)
        param = ", ".join(f":{k}" for k in nilai)
        return int(
            self.skalar(f"INSERT INTO {tabel} ({kolom}) VALUES ({param}) RETURNING id", **nilai)
        )

    def sisip_tanpa_id(self, tabel: str, nilai: Mapping[str, Any]) -> None:
        kolom = ", ".join(nilai)
        param = ", ".join(f":{k}" for k in nilai)
        self.jalankan(f"INSERT INTO {tabel} ({kolom}) VALUES ({param})", **nilai)

    def ubah(self, tabel: str, ident: int, nilai: Mapping[str, Any]) -> None:
        """Update columns ``nilai`` of row ``ident`` of ``tabel`` (names from this package)."""
        setel = ", ".join(f"{k} = :{k}" for k in nilai)
        self.jalankan(f"UPDATE {tabel} SET {setel} WHERE id = :_id", **nilai, _id=ident)


@dataclass
class Meja:
    """The desk of one office: settings, calendar, database and clock. Close it when done."""

    konfigurasi: Konfigurasi
    jam: Jam = JAM_SISTEM
    oleh: str | None = None
    """Who acts (recorded on every step); NASKAH_PENGGUNA or the system user when empty."""
    url: str | None = None
    ringan: bool = True
    """Read PostgreSQL through :mod:`naskah.register.pg_baca` (psycopg2: a short command starts
    in a fifth of psycopg 3's import time). A long-running server passes False: its reads go
    through psycopg 3, which prepares a statement run five times on the server
    (``prepare_threshold``), so a page's reads are planned once, not at every request."""
    _register: Register | None = field(default=None, init=False, repr=False)
    _koneksi: sqlite3.Connection | None = field(default=None, init=False, repr=False)
    _koneksi_baca: sqlite3.Connection | None = field(default=None, init=False, repr=False)
    _katalog: Katalog | None = field(default=None, init=False, repr=False)
    _pg_baca: Any = field(default=None, init=False, repr=False)
    """The PostgreSQL read connection (:mod:`naskah.register.pg_baca`'s, or psycopg's when not
    :attr:`ringan`), NotImplemented for a URL read through SQLAlchemy."""
    _ada_ult: bool = field(default=False, init=False, repr=False)
    """The desk's tables were found on the read connection (they never go away once there)."""
    _baca_terbuka: Any = field(default=None, init=False, repr=False)
    """The read transaction open on this desk (a nested :meth:`baca` joins it), or None."""
    _tabel_ada: set[str] = field(default_factory=set, init=False, repr=False)
    """Tables :meth:`ada_tabel` found (a table never goes away once there)."""

    def ada_tabel(self, sql: Sql, nama: str) -> bool:
        """Whether table ``nama`` exists in the register ``sql`` reads: asked once, then
        remembered once found (a register read as it is may predate a migration)."""
        if nama not in self._tabel_ada:
            tanya = (
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = :n"
                if sql.dialek == "sqlite"
                else "SELECT to_regclass(:n) IS NOT NULL"
            )
            if not sql.skalar(tanya, n=nama):
                return False
            self._tabel_ada.add(nama)
        return True

    def katalog(self) -> Katalog:
        """Return the office's services (read once from ``[ult] standar``)."""
        if self._katalog is None:
            from naskah.ult.layanan import muat_katalog

            self._katalog = muat_katalog(self.konfigurasi)
        return self._katalog

    def __enter__(self) -> Meja:
        return self

    def __exit__(self, *exc: object) -> None:
        self.tutup()

    @property
    def pelaku(self) -> str:
        return (self.oleh or "").strip()[:100] or pengguna_bawaan()

    def sekarang(self) -> datetime:
        """Return the clock's time, refusing a clock without a zone (a programming error)."""
        t = self.jam()
        if t.tzinfo is None or t.utcoffset() is None:
            raise UltError("Jam meja layanan harus memberi waktu lengkap dengan zonanya.")
        return t.astimezone(UTC)

    def hari_ini(self) -> date:
        """Return today's date in the office's zone."""
        return self.sekarang().astimezone(self.konfigurasi.zona).date()

    @cached_property
    def kalender(self) -> KalenderKerja:
        u = self.konfigurasi.ult
        return KalenderKerja(
            zona=self.konfigurasi.zona,
            penutupan=dict(u.penutupan),
            hari_kerja_tambahan=frozenset(u.hari_kerja_tambahan),
            cuti_bersama_libur=u.cuti_bersama_libur,
            jam=JamLayanan(u.jam_buka, tuple(u.jam_tutup)),  # type: ignore[arg-type]
            tembolok=self.konfigurasi.folder_arsip / "ult" / "kalender",
        )

    @cached_property
    def alamat(self) -> basis.Alamat:
        return basis.alamat(self.url or self.konfigurasi.url_basis_data)

    @property
    def _batas(self) -> float:
        return self.konfigurasi.basis_data.batas_tunggu

    def _reg(self) -> Register:
        if self._register is None:
            from naskah.register import buka_register

            self._register = buka_register(self.konfigurasi, url=self.url)
        return self._register

    @contextmanager
    def tulis(self) -> Iterator[_SqlUlt]:
        """Yield the statements inside one write transaction; commit when the block succeeds."""
        if self.alamat.dialek != "sqlite":
            with self._reg().transaksi() as conn:
                yield _SqlUlt(conn.connection.driver_connection, "postgresql")
            return
        with basis.terjemahkan_galat(self.alamat, self._batas):
            if self._koneksi is None:
                self._koneksi = basis.sambung_sqlite(self.alamat, self._batas)
            c = self._koneksi
            assert c is not None
            c.execute("BEGIN IMMEDIATE")
            try:
                yield _SqlUlt(c, "sqlite")
                c.execute("COMMIT")
            except BaseException:
                if c.in_transaction:
                    with suppress(sqlite3.Error):
                        c.execute("ROLLBACK")
                raise

    @contextmanager
    def baca(self, *, per_pernyataan: bool = False) -> Iterator[_SqlUlt | None]:
        """Yield the statements in a read-only transaction, or None when there's no register.

        A ``baca`` inside another one on the same desk joins the outer one: a page reads its
        session and its data on one connection in one trip to a worker thread.
        ``per_pernyataan`` reads without a transaction around the block: each statement sees
        its own snapshot, and no BEGIN/ROLLBACK is spent (round trips on PostgreSQL, two
        statements and the GIL given up twice on SQLite). For a
        web page whose statements each read a whole answer (a session, a request with its
        rows, a list with its count), never for a read that must add up across statements.
        """
        if self._baca_terbuka is not None:
            yield self._baca_terbuka
            return
        with self._baca_baru(per_pernyataan) as sql:
            self._baca_terbuka = sql
            try:
                yield sql
            finally:
                self._baca_terbuka = None

    @contextmanager
    def _baca_baru(self, per_pernyataan: bool) -> Iterator[_SqlUlt | None]:
        if self.alamat.dialek != "sqlite":
            with self._baca_postgresql(per_pernyataan) as sql:
                # a register older than the desk: nothing recorded yet
                if sql is not None and not self._ada_ult:
                    self._ada_ult = bool(
                        sql.skalar("SELECT to_regclass('ult_permohonan') IS NOT NULL")
                    )
                yield sql if self._ada_ult else None
            return
        with basis.terjemahkan_galat(self.alamat, self._batas):
            if self._koneksi_baca is None:
                self._koneksi_baca = basis.sambung_sqlite(self.alamat, self._batas, baca=True)
            c = self._koneksi_baca
            if c is None:
                yield None
                return
            if not self._ada_ult:
                self._ada_ult = _ada_tabel_ult(c)
            if not self._ada_ult:
                yield None  # a register older than the desk: nothing recorded yet
                return
            if per_pernyataan:  # autocommit connection: each SELECT its own snapshot
                yield _SqlUlt(c, "sqlite")
                return
            c.execute("BEGIN")
            try:
                yield _SqlUlt(c, "sqlite")
            finally:
                if c.in_transaction:
                    with suppress(sqlite3.Error):
                        c.execute("ROLLBACK")

    @contextmanager
    def _baca_postgresql(self, per_pernyataan: bool = False) -> Iterator[_SqlUlt | None]:
        """Yield the statements on PostgreSQL's driver connection in a read transaction.

        A plain URL is read on one connection kept by this desk: :mod:`naskah.register.pg_baca`'s
        when :attr:`ringan` (psycopg is not even imported), psycopg's own otherwise; one query
        for the schema version. Any other URL is read through the register's engine.
        """
        c = self._pg_baca
        if c is not None and c is not NotImplemented and c.closed:
            self._pg_baca = None  # lost (a restarted server): connect again
        if self._pg_baca is None:
            with basis.terjemahkan_galat(self.alamat, self._batas):
                self._pg_baca = basis.sambung_postgresql_baca(
                    self.alamat, self._batas, ringan=self.ringan
                )
        c = self._pg_baca
        if c is NotImplemented:
            with self._reg().transaksi_baca() as conn:
                yield (
                    None
                    if conn is None
                    else _SqlUlt(conn.connection.driver_connection, "postgresql")
                )
            return
        if c is None:
            self._pg_baca = None  # asked again at the next read
            self._ada_ult = False
            yield None
            return
        galat = c.Error  # either driver's (DB-API)
        try:
            with basis.terjemahkan_galat(self.alamat, self._batas):
                if per_pernyataan:
                    c.autocommit = True  # no transaction open here: no round trip
                yield _SqlUlt(c, "postgresql")
        finally:
            if not c.closed:
                with suppress(galat):
                    c.rollback()
                with suppress(galat):
                    c.autocommit = False

    def tutup(self) -> None:
        for c in (self._koneksi, self._koneksi_baca):
            if c is not None:
                c.close()
        self._koneksi = self._koneksi_baca = None
        self._ada_ult = False
        self._tabel_ada.clear()
        if self._pg_baca is not None and self._pg_baca is not NotImplemented:
            self._pg_baca.close()
        self._pg_baca = None
        if self._register is not None:
            self._register.tutup()
            self._register = None

    def jejak(
        self, sql: _SqlUlt, objek: str, objek_id: int, aksi: str, keterangan: str | None = None,
        *, waktu: datetime | None = None,
    ) -> int:  # fmt: skip
        """Append one audit row (never personal data in ``keterangan``); return its id.

        ``waktu`` is the step's time when the caller records it elsewhere too (the clock's
        time when empty)."""
        return sql.sisip(
            "ult_jejak",
            {
                "objek": objek,
                "objek_id": objek_id,
                "aksi": aksi,
                "keterangan": keterangan,
                "waktu": waktu or self.sekarang(),
                "oleh": self.pelaku,
            },
        )


def _ada_tabel_ult(c: sqlite3.Connection) -> bool:
    return bool(
        c.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'ult_permohonan'"
        ).fetchone()[0]
    )
