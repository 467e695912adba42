"""The register's database connection: engine setup, migrations and error translation.

One code path serves SQLite and PostgreSQL; only the URL differs. SQLite runs in WAL mode with
``synchronous=NORMAL`` and a busy timeout, every write transaction starts with ``BEGIN IMMEDIATE``
(so two processes never read the same counter); PostgreSQL gets a lock timeout and allocation takes
a row lock on the series counter (``UPDATE … RETURNING``, elsewhere ``SELECT … FOR UPDATE``).
Every database exception leaving this package is translated here into a :class:`RegisterError`
with one Indonesian sentence.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, Dialect, make_url

from naskah.errors import RegisterError

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_MIGRATION_LOCK = 0x6E61736B  # "nask": advisory lock serialising concurrent migrations


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


def buat_engine(url: str, batas_tunggu: float) -> Engine:
    """Create the engine for ``url``: checks, pragmas and lock timeouts, nothing connected yet."""
    u = normalisasi_url(url)
    if u.get_backend_name() == "sqlite":
        return _engine_sqlite(u, batas_tunggu)
    return _engine_postgresql(u, batas_tunggu)


def _wal(cur: sqlite3.Cursor, batas_tunggu: float) -> None:
    """Put the database in WAL mode, waiting for other processes that open it at the same time.

    WAL is stored in the file, so this is a no-op after the first time. Switching needs an
    exclusive lock and SQLite answers "database is locked" at once instead of calling the busy
    handler, so several processes opening a new register together retry here until the deadline.
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
            if "locked" not in str(exc) or time.monotonic() + jeda > akhir:
                raise
            time.sleep(jeda)
            jeda = min(jeda * 2, 0.1)


def _engine_sqlite(u: URL, batas_tunggu: float) -> Engine:
    if not u.database or u.database == ":memory:":
        raise RegisterError(
            "Register membutuhkan berkas SQLite, bukan basis data di memori; "
            "sebutkan path berkasnya pada [basis_data] url."
        )
    path = Path(u.database)
    periksa_berkas_sqlite(path)
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
    def _begin(conn: object) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # type: ignore[attr-defined]

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


def _engine_postgresql(u: URL, batas_tunggu: float) -> Engine:
    try:
        import psycopg  # noqa: F401 - the optional driver (extra `postgresql`)
    except ImportError:
        raise RegisterError(
            "Register di PostgreSQL membutuhkan pustaka psycopg yang belum terpasang; pasang "
            "dengan `.venv/bin/pip install 'naskah[postgresql]'` atau kosongkan [basis_data] url "
            "untuk memakai SQLite."
        ) from None
    lock_ms = max(1, int(batas_tunggu * 1000))
    return create_engine(
        u,
        connect_args={
            "connect_timeout": max(2, int(batas_tunggu)),
            "options": f"-c lock_timeout={lock_ms}",
        },
    )


def siapkan_skema(engine: Engine) -> None:
    """Bring the database schema to the newest migration (once per process, serialised)."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(cfg)
    heads = set(script.get_heads())
    with engine.connect() as conn:
        sekarang = set(MigrationContext.configure(conn).get_current_heads())
        conn.rollback()
    if sekarang == heads:
        return
    for rev in sekarang:
        try:
            script.get_revision(rev)
        except CommandError:
            raise RegisterError(
                "Basis data register dibuat oleh versi naskah yang lebih baru; perbarui naskah "
                "sebelum memakai register ini."
            ) from None
    with engine.begin() as conn:  # SQLite: BEGIN IMMEDIATE holds the write lock
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


class Pernyataan:
    """A Core statement compiled once for one dialect and run straight on a DBAPI cursor.

    The allocation hot path uses these: the SQL still comes from SQLAlchemy (so it is right for
    SQLite and PostgreSQL alike), but per-call compilation and result wrapping are skipped.
    """

    def __init__(self, stmt: Any, dialect: Dialect) -> None:
        compiled = stmt.compile(dialect=dialect)
        self.sql = compiled.string
        self._posisi = tuple(compiled.positiontup or ()) if dialect.positional else None

    def jalankan_siap(self, cur: Any, nilai: dict[str, Any]) -> Any:
        """Execute with values already converted by :func:`nilai_dbapi`; return the cursor."""
        if self._posisi is not None:
            cur.execute(self.sql, tuple(nilai[k] for k in self._posisi))
        else:
            cur.execute(self.sql, nilai)
        return cur


def nilai_dbapi(dialect: Dialect, nilai: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of ``nilai`` in the DBAPI's form for ``dialect`` (dates as text on SQLite)."""
    if dialect.name != "sqlite":
        return dict(nilai)
    return {k: _ke_sqlite(v) for k, v in nilai.items()}


def _ke_sqlite(v: Any) -> Any:
    # the same text SQLAlchemy's SQLite Date/DateTime types store, so Core reads it back
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(v, date):
        return v.isoformat()
    return v


def ke_tanggal(v: Any) -> date | None:
    """Return a date column value read through the raw DBAPI (text on SQLite) as a date."""
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(v)


def _galat_dbapi() -> tuple[type[Exception], ...]:
    """Return the drivers' own exception classes (psycopg's only once it is in use: it is the
    optional ``postgresql`` extra, and importing it costs every SQLite command ~0.1 s)."""
    psycopg = sys.modules.get("psycopg")
    return (sqlite3.Error, psycopg.Error) if psycopg is not None else (sqlite3.Error,)


@contextmanager
def terjemahkan_galat(u: URL, batas_tunggu: float) -> Iterator[None]:
    """Turn database exceptions raised inside the block into one RegisterError sentence."""
    try:
        yield
    except sa_exc.DBAPIError as exc:
        raise RegisterError(_pesan_galat(exc, u, batas_tunggu)) from exc
    except Exception as exc:  # the driver may have been imported inside the block
        if not isinstance(exc, (*_galat_dbapi(), OSError)):
            raise
        raise RegisterError(_pesan_galat(exc, u, batas_tunggu)) from exc


def _pesan_galat(exc: BaseException, u: URL, batas_tunggu: float) -> str:
    asal = getattr(exc, "orig", None) or exc
    teks = str(asal).strip().splitlines()[0] if str(asal).strip() else type(asal).__name__
    tempat = uraian_url(u)
    kalimat = tempat[0].upper() + tempat[1:]
    kecil = teks.lower()
    sqlstate = getattr(asal, "sqlstate", None)
    if "database is locked" in kecil or "database table is locked" in kecil or sqlstate == "55P03":
        return pesan_terkunci(u, batas_tunggu)
    if "readonly database" in kecil or "read-only" in kecil:
        return (
            f"Register ({tempat}) hanya dapat dibaca; berikan izin tulis pada berkas dan foldernya."
        )
    if "unable to open database" in kecil:
        return (
            f"Register ({tempat}) tidak dapat dibuka; periksa bahwa folder arsip ada dan dapat "
            "ditulisi."
        )
    if "not a database" in kecil or "malformed" in kecil:
        return f"Berkas {u.database} bukan basis data register yang sah; periksa [basis_data] url."
    if u.get_backend_name() == "postgresql":
        if "password authentication failed" in kecil or "authentication" in kecil:
            return f"{kalimat} menolak pengguna atau kata sandi; periksa alamat basis data."
        if "does not exist" in kecil and "database" in kecil:
            return (
                f"Basis data pada {tempat} belum ada; buat dulu dengan `createdb` atau periksa "
                "alamatnya."
            )
        operasional = any(c.__name__ == "OperationalError" for c in type(exc).__mro__)
        operasional = operasional or any(
            c.__name__ == "OperationalError" for c in type(asal).__mro__
        )
        if operasional and ("connect" in kecil or "connection" in kecil or "timeout" in kecil):
            return (
                f"{kalimat} tidak dapat dihubungi; periksa bahwa server berjalan "
                "dan alamat pada [basis_data] url atau NASKAH_DATABASE_URL benar."
            )
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
