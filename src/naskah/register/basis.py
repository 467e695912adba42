"""The register's database connection: engine setup, creation, schema version and error translation.

One code path serves SQLite and PostgreSQL; only the URL differs. SQLite runs in WAL mode with
``synchronous=NORMAL`` and a busy timeout; every write transaction starts with ``BEGIN IMMEDIATE``
(so two processes never read the same counter) and every read transaction with a plain, deferred
``BEGIN`` on a read-only connection, which in WAL mode never waits behind a writer. PostgreSQL gets
a lock timeout and allocation takes a row lock on the series counter (``UPDATE … RETURNING``,
elsewhere ``SELECT … FOR UPDATE``); its reads take no lock.

A new SQLite register is built under a temporary name and linked into place complete, so the
register file exists only with its schema: an existing file that is not a register (an empty file
included) is refused, never taken for a new register. Opening reads the schema version with one
query; Alembic is imported only when a migration is due. Every database exception leaving this
package is translated here into a :class:`RegisterError` with one Indonesian sentence.
"""

from __future__ import annotations

import ast
import errno
import functools
import os
import secrets
import sqlite3
import stat
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, CursorResult, Engine, create_engine, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Dialect, make_url

from naskah.errors import RegisterError

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_MIGRATION_LOCK = 0x6E61736B  # "nask": advisory lock serialising concurrent migrations
_KEPALA_SQLITE = b"SQLite format 3\x00"


def normalisasi_url(url: str) -> URL:
    """Return ``url`` parsed, with PostgreSQL pointed at the psycopg 3 driver."""
    try:
        u = make_url(url)
    except sa_exc.ArgumentError:
        raise RegisterError(
            f"Alamat basis data {url!r} tidak sah; tulis misalnya "
            "postgresql://pengguna@server/naskah atau sqlite:///arsip/register.sqlite."
        ) from None
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    if u.get_backend_name() not in ("sqlite", "postgresql"):
        raise RegisterError(
            f"Basis data {u.get_backend_name()!r} tidak didukung register; gunakan SQLite "
            "atau PostgreSQL."
        )
    return u


def uraian_url(u: URL) -> str:
    """Return a short description of the database for messages (never the password)."""
    if u.get_backend_name() == "sqlite":
        return f"berkas {u.database}"
    host = u.host or "soket lokal"
    port = f":{u.port}" if u.port else ""
    return f"server PostgreSQL {host}{port} (basis data {u.database or '-'})"


def buka_engine(u: URL, batas_tunggu: float, *, baca: bool = False) -> Engine | None:
    """Return an engine on a register whose schema is ready, or None for reads of no register.

    For writing (``baca`` false) a missing register is created and an older schema migrated;
    for reading nothing is ever written: a missing SQLite file or an empty PostgreSQL database
    gives None (an empty register), an older schema is read as it is. An existing SQLite file
    that is not a register is refused either way.
    """
    if u.get_backend_name() == "sqlite":
        path = _path_sqlite(u)
        if baca:
            if not path.exists():
                return None
            periksa_isi_sqlite(path)
            engine = _engine_sqlite_baca(u, path, batas_tunggu)
        else:
            periksa_berkas_sqlite(path)
            if not path.exists():
                _buat_sqlite_baru(u, path, batas_tunggu)
            periksa_isi_sqlite(path)
            _periksa_tabel_versi(path)  # before the write engine touches the file (WAL switch)
            engine = _engine_sqlite(u, batas_tunggu)
    else:
        engine = _engine_postgresql(u, batas_tunggu)
    try:
        ada = _siapkan_skema(engine, baca=baca)
    except BaseException:
        engine.dispose()
        raise
    if not ada:
        engine.dispose()
        return None
    return engine


def buat_engine(url: str, batas_tunggu: float) -> Engine:
    """Return the write engine of the register at ``url``, created or migrated when needed.

    Kept for other packages on the register's database (the PostgreSQL search index); the same
    as ``buka_engine(normalisasi_url(url), batas_tunggu)``.
    """
    engine = buka_engine(normalisasi_url(url), batas_tunggu)
    if engine is None:  # pragma: no cover - writing always yields a database
        raise RegisterError("Register tidak dapat dibuka untuk ditulisi.")
    return engine


def siapkan_skema(engine: Engine) -> None:
    """Bring the schema of ``engine``'s database to the newest migration (one query at head)."""
    _siapkan_skema(engine, baca=False)


def _path_sqlite(u: URL) -> Path:
    if not u.database or u.database == ":memory:" or u.database.startswith("file:"):
        raise RegisterError(
            "Register membutuhkan berkas SQLite, bukan basis data di memori; "
            "sebutkan path berkasnya pada [basis_data] url."
        )
    return Path(u.database)


def _wal(cur: sqlite3.Cursor, batas_tunggu: float) -> None:
    """Put the database in WAL mode, waiting for other processes that open it at the same time.

    WAL is stored in the file, so this is a no-op after the first time (registers made by this
    version are created in WAL mode). Switching needs an exclusive lock and SQLite answers
    "database is locked" at once instead of calling the busy handler, so several processes
    opening an old register together retry here until the deadline.
    """
    if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        return
    akhir = time.monotonic() + batas_tunggu
    jeda = 0.005
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if not _sibuk(exc) or time.monotonic() + jeda > akhir:
                raise
            time.sleep(jeda)
            jeda = min(jeda * 2, 0.1)


def _sibuk(exc: sqlite3.Error) -> bool:
    """Return whether SQLite refused because another connection holds a lock."""
    kode = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # the primary result code
    return kode in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _engine_sqlite(u: URL, batas_tunggu: float) -> Engine:
    """Return the write engine: WAL, foreign keys, and BEGIN IMMEDIATE for every transaction."""
    engine = create_engine(u, connect_args={"timeout": batas_tunggu})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's "begin" event below start transactions (pysqlite's own implicit
        # BEGIN is DEFERRED, which would let two processes read the same counter).
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        _wal(cur, batas_tunggu)
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # straight to the driver: this runs once per write transaction, on the hot path
        conn.connection.driver_connection.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]

    return engine


def _engine_sqlite_baca(u: URL, path: Path, batas_tunggu: float) -> Engine:
    """Return the read engine: read-only connections whose transactions take no write lock.

    A read-only register in a read-only folder cannot get the WAL index file SQLite wants
    beside it; when no WAL file exists either (the last writer closed cleanly, so the main
    file holds everything), the file is opened as immutable instead.
    """
    uri = path.resolve().as_uri()

    def sambung() -> sqlite3.Connection:
        c = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=batas_tunggu, isolation_level=None)
        try:
            c.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return c
        except sqlite3.OperationalError:
            c.close()
            wal = path.with_name(path.name + "-wal")
            if wal.exists() and wal.stat().st_size > 0:
                raise
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)

    engine = create_engine(u, creator=sambung)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.connection.driver_connection.execute("BEGIN")  # type: ignore[union-attr]

    return engine


def periksa_berkas_sqlite(path: Path) -> None:
    """Refuse a SQLite file or folder that is read-only, before anything is written."""
    if path.exists():
        mode = path.stat().st_mode
        # root ignores permissions; a file whose mode has no write bit is read-only by intent
        if not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(
            path, os.W_OK
        ):
            raise RegisterError(
                f"Berkas register {path} hanya dapat dibaca; berikan izin tulis "
                f"(misalnya `chmod u+w {path}`) atau gunakan berkas register lain."
            )
        return
    folder = path.parent
    if folder.exists() and not os.access(folder, os.W_OK):
        raise RegisterError(
            f"Folder {folder} tidak dapat ditulisi, sehingga register tidak dapat dibuat; "
            "berikan izin tulis atau pilih folder arsip lain."
        )


def periksa_isi_sqlite(path: Path) -> None:
    """Refuse an existing file that is not a SQLite database (an empty file included)."""
    try:
        with path.open("rb") as f:
            kepala = f.read(len(_KEPALA_SQLITE))
    except IsADirectoryError:
        raise RegisterError(
            f"{path} adalah folder, bukan berkas register; periksa [basis_data] url."
        ) from None
    except OSError as exc:
        raise RegisterError(
            f"Berkas register {path} tidak dapat dibaca ({exc.strerror})."
        ) from None
    if kepala != _KEPALA_SQLITE:
        isi = "kosong" if not kepala else "bukan basis data SQLite"
        raise RegisterError(
            f"Berkas {path} ada tetapi {isi}, jadi bukan register naskah; register baru hanya "
            "dibuat bila berkasnya belum ada: pulihkan register dari cadangan, atau pindahkan "
            "berkas itu bila memang ingin memulai register baru."
        )


def _periksa_tabel_versi(path: Path) -> None:
    """Refuse a SQLite database without the register's version table, reading it only."""
    c = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        ada = c.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()[0]
    finally:
        c.close()
    if not ada:
        raise _bukan_register(path)


def _bukan_register(path: Path) -> RegisterError:
    return RegisterError(
        f"Berkas {path} adalah basis data SQLite tetapi bukan register naskah (tidak ada tabel "
        "versi register); periksa [basis_data] url atau pulihkan register dari cadangan."
    )


def _buat_sqlite_baru(u: URL, path: Path, batas_tunggu: float) -> None:
    """Create the register at ``path`` complete: schema built under a temporary name, then linked.

    Several processes creating the same register at once each build their own file; the first
    link wins and the others use it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    sementara = path.with_name(f".{path.name}.{secrets.token_hex(6)}.baru")
    try:
        engine = _engine_sqlite(u.set(database=str(sementara)), batas_tunggu)
        try:
            with engine.connect() as conn:
                conn.rollback()  # the first connection switches the new file to WAL
            _migrasi(engine)
        finally:
            engine.dispose()  # closes the last connection: the WAL is checkpointed and removed
        try:
            os.link(sementara, path)
        except FileExistsError:
            pass  # another process created the register first: use it
        except OSError:  # no hard links here (some network shares): a plain rename
            if not path.exists():
                os.rename(sementara, path)
    finally:
        for akhiran in ("", "-wal", "-shm", "-journal"):
            sementara.with_name(sementara.name + akhiran).unlink(missing_ok=True)


def _engine_postgresql(u: URL, batas_tunggu: float) -> Engine:
    lock_ms = max(1, int(batas_tunggu * 1000))
    return create_engine(
        u,
        connect_args={
            "connect_timeout": max(2, int(batas_tunggu)),
            "options": f"-c lock_timeout={lock_ms}",
        },
    )


@functools.cache
def revisi_dikenal() -> tuple[frozenset[str], frozenset[str]]:
    """Return (every known revision, the heads) read from the migration files, without Alembic."""
    semua: set[str] = set()
    induk: set[str] = set()
    for berkas in sorted((MIGRATIONS / "versions").glob("*.py")):
        nilai: dict[str, Any] = {}
        for node in ast.parse(berkas.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                nama, isi = node.targets[0], node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                nama, isi = node.target, node.value
            else:
                continue
            if isinstance(nama, ast.Name) and nama.id in ("revision", "down_revision"):
                nilai[nama.id] = ast.literal_eval(isi)
        if "revision" not in nilai:
            continue
        semua.add(nilai["revision"])
        turun = nilai.get("down_revision")
        induk.update([turun] if isinstance(turun, str) else (turun or ()))
    return frozenset(semua), frozenset(semua - induk)


def baca_versi(conn: Connection) -> frozenset[str] | None:
    """Return the schema revisions recorded in the database, or None without a version table."""
    if conn.dialect.name == "sqlite":
        ada = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).scalar()
    else:
        ada = conn.exec_driver_sql("SELECT to_regclass('alembic_version') IS NOT NULL").scalar()
    if not ada:
        return None
    return frozenset(r[0] for r in conn.exec_driver_sql("SELECT version_num FROM alembic_version"))


def _siapkan_skema(engine: Engine, *, baca: bool) -> bool:
    """Check the schema version; migrate it to the heads when writing. Return whether it exists."""
    with engine.connect() as conn:
        versi = baca_versi(conn)
        conn.rollback()
    dikenal, heads = revisi_dikenal()
    if versi == heads:
        return True
    if versi is not None and not versi <= dikenal:
        raise RegisterError(
            "Basis data register dibuat oleh versi naskah yang lebih baru; perbarui naskah "
            "sebelum memakai register ini."
        )
    if versi is None and engine.dialect.name == "sqlite":
        raise _bukan_register(Path(engine.url.database or ""))
    if baca:
        # an empty PostgreSQL database is an empty register; an older schema still has
        # every table the register reads
        return versi is not None
    _migrasi(engine)
    return True


def _migrasi(engine: Engine) -> None:
    """Bring the schema to the newest migration with Alembic, serialised between processes."""
    from alembic import command
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE holds the write lock
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        # another process may have migrated while we waited for the lock
        if baca_versi(conn) == revisi_dikenal()[1]:
            return
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


class Pernyataan:
    """A Core statement compiled once per dialect and run with ``Connection.exec_driver_sql``.

    The register's hot path (issuing a number: three statements under the write lock) runs
    through the same connection and transaction as everything else, but skips SQLAlchemy's
    per-call cache lookup and result set-up, which cost about twice the statement itself.
    Values go through each column type's own bind processor, as ``Connection.execute`` would.
    """

    def __init__(self, stmt: Any, kolom: Sequence[str]) -> None:
        self._stmt = stmt
        self._kolom = list(kolom)
        self._siap: dict[str, tuple[str, bool, list[tuple[str, Any]]]] = {}

    def _untuk(self, dialect: Dialect) -> tuple[str, bool, list[tuple[str, Any]]]:
        siap = self._siap.get(dialect.name)
        if siap is None:
            c = self._stmt.compile(dialect=dialect, column_keys=self._kolom)
            nama = list(c.positiontup) if dialect.positional and c.positiontup else list(c.binds)
            urutan = [(n, c.binds[n].type.bind_processor(dialect)) for n in nama]
            siap = self._siap[dialect.name] = (c.string, bool(dialect.positional), urutan)
        return siap

    def jalankan(self, conn: Connection, nilai: dict[str, Any]) -> CursorResult[Any]:
        """Execute with ``nilai`` (column or bind names to values) and return the result."""
        sql, posisi, urutan = self._untuk(conn.dialect)
        if posisi:
            return conn.exec_driver_sql(
                sql, tuple(p(nilai[n]) if p else nilai[n] for n, p in urutan)
            )
        return conn.exec_driver_sql(sql, {n: p(nilai[n]) if p else nilai[n] for n, p in urutan})


def _galat_dbapi() -> tuple[type[BaseException], ...]:
    """Return the database drivers' exception classes (psycopg's only once it is loaded)."""
    jenis: tuple[type[BaseException], ...] = (sqlite3.Error, OSError)
    pg = sys.modules.get("psycopg")  # a PostgreSQL error implies the driver was imported
    if pg is not None:
        jenis += (pg.Error,)
    return jenis


@contextmanager
def terjemahkan_galat(u: URL, batas_tunggu: float) -> Iterator[None]:
    """Turn database exceptions raised inside the block into one RegisterError sentence."""
    try:
        yield
    except sa_exc.DBAPIError as exc:
        raise RegisterError(_pesan_galat(exc, u, batas_tunggu)) from exc
    except _galat_dbapi() as exc:
        raise RegisterError(_pesan_galat(exc, u, batas_tunggu)) from exc


_KODE_SQLITE = {
    sqlite3.SQLITE_BUSY: "terkunci",
    sqlite3.SQLITE_LOCKED: "terkunci",
    sqlite3.SQLITE_READONLY: "hanya-baca",
    sqlite3.SQLITE_PERM: "hanya-baca",
    sqlite3.SQLITE_CANTOPEN: "tak-terbuka",
    sqlite3.SQLITE_NOTADB: "rusak",
    sqlite3.SQLITE_CORRUPT: "rusak",
}
_SQLSTATE = {
    "55P03": "terkunci",  # lock_not_available (lock_timeout)
    "25006": "hanya-baca",  # read_only_sql_transaction (a standby server)
    "28P01": "ditolak",  # invalid_password
    "28000": "ditolak",  # invalid_authorization_specification
    "3D000": "tak-ada",  # invalid_catalog_name: the database does not exist
}


def _jenis_galat(asal: BaseException) -> str | None:
    """Return the kind of a driver error from its result code or SQLSTATE, not its text."""
    if isinstance(asal, sqlite3.Error):
        return _KODE_SQLITE.get(getattr(asal, "sqlite_errorcode", 0) & 0xFF)
    if isinstance(asal, OSError):
        hanya_baca = isinstance(asal, PermissionError) or asal.errno == errno.EROFS
        return "hanya-baca" if hanya_baca else None
    sqlstate = getattr(asal, "sqlstate", None)
    if sqlstate:
        return _SQLSTATE.get(sqlstate, "hubungan" if sqlstate.startswith("08") else None)
    pg = sys.modules.get("psycopg")
    if pg is not None and isinstance(asal, pg.OperationalError):
        # libpq reports a failed connection attempt with no SQLSTATE, only a message
        return "ditolak" if "authentication" in str(asal).lower() else "hubungan"
    return None


def _pesan_galat(exc: BaseException, u: URL, batas_tunggu: float) -> str:
    asal = getattr(exc, "orig", None) or exc
    teks = str(asal).strip().splitlines()[0] if str(asal).strip() else type(asal).__name__
    tempat = uraian_url(u)
    kalimat = tempat[0].upper() + tempat[1:]
    pesan = {
        "terkunci": pesan_terkunci(u, batas_tunggu),
        "hanya-baca": (
            f"Register ({tempat}) hanya dapat dibaca; berikan izin tulis pada berkas dan foldernya."
        ),
        "tak-terbuka": (
            f"Register ({tempat}) tidak dapat dibuka; periksa bahwa folder arsip ada dan dapat "
            "ditulisi."
        ),
        "rusak": (
            f"Berkas {u.database} bukan basis data register yang sah; periksa [basis_data] url."
        ),
        "ditolak": f"{kalimat} menolak pengguna atau kata sandi; periksa alamat basis data.",
        "tak-ada": (
            f"Basis data pada {tempat} belum ada; buat dulu dengan `createdb` atau periksa "
            "alamatnya."
        ),
        "hubungan": (
            f"{kalimat} tidak dapat dihubungi; periksa bahwa server berjalan "
            "dan alamat pada [basis_data] url atau NASKAH_DATABASE_URL benar."
        ),
    }
    jenis = _jenis_galat(asal)
    if jenis is not None:
        return pesan[jenis]
    return (
        f"Register ({tempat}) menolak perintah ({type(asal).__name__}: {teks}); ulangi dengan "
        "--verbose dan laporkan kepada pengelola naskah."
    )


def pesan_terkunci(u: URL, batas_tunggu: float) -> str:
    """Return the sentence for a register still locked by another process after the timeout."""
    return (
        f"Register ({uraian_url(u)}) masih dikunci oleh proses lain setelah ditunggu "
        f"{batas_tunggu:g} detik; coba lagi sebentar lagi atau naikkan [basis_data] batas_tunggu."
    )
