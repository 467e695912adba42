"""The register's database connection: engine setup, creation, schema version and error translation.

One code path serves SQLite and PostgreSQL; only the URL differs. On SQLite the register's own
operations run on a plain ``sqlite3`` connection (:func:`sambung_sqlite`: SQLAlchemy is imported
only to create or migrate a register, or when another package writes in a
:meth:`~naskah.register.Register.transaksi`); the SQLAlchemy engine (:func:`buka_engine`) is set
up with the same pragmas. SQLite runs in WAL mode with
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
import re
import sqlite3
import stat
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from naskah.berkas import alasan_os
from naskah.errors import RegisterError
from naskah.register.sql import Dialek

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.engine import URL

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_MIGRATION_LOCK = 0x6E61736B  # "nask": advisory lock serialising concurrent migrations
# a plain SQLite file URL, read without SQLAlchemy (anything else goes through make_url)
_URL_SQLITE = re.compile(r"sqlite(?:\+pysqlite)?:///([^?%#]*)")
# a plain PostgreSQL URL (no escapes, no query, a named host), read without SQLAlchemy; anything
# else goes through make_url
_URL_PG = re.compile(
    r"postgres(?:ql)?(?:\+psycopg)?://(?:(?P<user>[\w.~-]+)(?::(?P<password>[\w.~-]*))?@)?"
    r"(?P<host>[A-Za-z0-9][\w.-]*)(?::(?P<port>[0-9]{1,5}))?/(?P<database>[\w.~-]+)"
)


@dataclass(frozen=True)
class Alamat:
    """Where a register lives: its URL (PostgreSQL on psycopg 3) and what messages may show."""

    url: str
    dialek: Dialek
    database: str | None
    host: str | None = None
    port: int | None = None

    def sqlalchemy(self) -> URL:
        """Return the URL as SQLAlchemy's (imports SQLAlchemy)."""
        return normalisasi_url(self.url)


def alamat(url: str) -> Alamat:
    """Return the address of ``url``; a plain SQLite file URL is parsed without SQLAlchemy."""
    m = _URL_SQLITE.fullmatch(url)
    if m:
        return Alamat(url, "sqlite", m.group(1) or None)
    m = _pg_polos(url)
    if m:  # as make_url would give it, rendered back the same way
        return Alamat(
            "postgresql+psycopg" + url[url.index("://") :],
            "postgresql",
            m["database"],
            m["host"],
            int(m["port"]) if m["port"] else None,
        )
    u = normalisasi_url(url)
    dialek: Dialek = "sqlite" if u.get_backend_name() == "sqlite" else "postgresql"
    return Alamat(u.render_as_string(hide_password=False), dialek, u.database, u.host, u.port)


def _pg_polos(url: str) -> re.Match[str] | None:
    """Return the parts of a plain PostgreSQL URL (see ``_URL_PG``), or None for any other."""
    m = _URL_PG.fullmatch(url)
    return m if m and (not m["port"] or int(m["port"]) <= 65535) else None


def normalisasi_url(url: str) -> URL:
    """Return ``url`` parsed, with PostgreSQL pointed at the psycopg 3 driver."""
    from sqlalchemy import exc as sa_exc
    from sqlalchemy.engine import make_url

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


def uraian_url(a: Alamat) -> str:
    """Return a short description of the database for messages (never the password)."""
    if a.dialek == "sqlite":
        return f"berkas {a.database}"
    host = a.host or "soket lokal"
    port = f":{a.port}" if a.port else ""
    return f"server PostgreSQL {host}{port} (basis data {a.database or '-'})"


def sambung_sqlite(
    a: Alamat, batas_tunggu: float, *, baca: bool = False
) -> sqlite3.Connection | None:
    """Return a connection on the SQLite register at ``a``, its schema ready; SQLAlchemy-free.

    For writing (``baca`` false) a missing register is created and an older schema migrated
    (the only times SQLAlchemy and Alembic are imported): the connection is in WAL mode with the
    register's pragmas, in autocommit mode (the caller writes ``BEGIN IMMEDIATE``). For reading
    the connection is read-only and nothing is written: a missing file gives None (an empty
    register), an older schema is read as it is. An existing file that is not a register is
    refused either way.
    """
    path = _path_sqlite(a)
    if baca:
        if not path.exists():
            return None
        periksa_isi_sqlite(path)
        c = _sambung_sqlite_baca(path, batas_tunggu)
    else:
        _siapkan_berkas_sqlite(a, path, batas_tunggu)
        c = sqlite3.connect(path, timeout=batas_tunggu, isolation_level=None)
    try:
        if not baca:
            siapkan_sqlite(c, batas_tunggu)
            periksa_keutuhan(c, path)  # never write on top of a damaged page
        versi = _versi(lambda sql: c.execute(sql).fetchall(), "sqlite")
        if not _versi_terkini(versi, "sqlite", path) and not baca:
            engine = _engine_sqlite(a, batas_tunggu)
            try:
                _migrasi(engine)
            finally:
                engine.dispose()
    except BaseException:
        c.close()
        raise
    return c


def sambung_postgresql_baca(
    a: Alamat, batas_tunggu: float, *, terkini: bool = False, ringan: bool = False
) -> Any:
    """Return a psycopg connection for reading the PostgreSQL register at ``a``, SQLAlchemy-free.

    The schema is checked with one query, as :func:`buka_engine` does for reading: None for a
    database without a register yet, an older schema read as it is, a newer one refused. Only a
    plain URL (see :func:`alamat`) is opened this way: for any other ``NotImplemented`` is
    returned and the caller goes through SQLAlchemy. With ``terkini``, ``NotImplemented`` is
    also returned (the connection closed) unless the schema is the newest: the caller then
    opens the write engine, which creates or migrates it. The connection is not in autocommit
    mode: each read is one transaction, ended by the caller's rollback.

    With ``ringan`` the connection is :mod:`naskah.register.pg_baca`'s (psycopg2 on the same
    libpq, which a short command imports in a fifth of psycopg 3's time); the caller then uses
    only the subset of psycopg's connection that module offers, and catches its errors as
    ``c.Error`` (the DB-API attribute both drivers' connections have).
    """
    m = _pg_polos(a.url)
    if a.dialek != "postgresql" or m is None:
        return NotImplemented
    sambungan: dict[str, Any] = {
        "host": m["host"],
        "port": m["port"],
        "user": m["user"],
        "password": m["password"],
        "dbname": m["database"],
        "connect_timeout": max(2, int(batas_tunggu)),
        "options": f"-c lock_timeout={max(1, int(batas_tunggu * 1000))}",
    }
    c: Any
    try:
        if ringan:
            from naskah.register import pg_baca

            c = pg_baca.sambung(**sambungan)
        else:
            import psycopg

            c = psycopg.connect(**sambungan)
    except ImportError:
        raise RegisterError(_PESAN_TANPA_PSYCOPG) from None
    try:
        versi = _versi(lambda sql: c.execute(sql).fetchall(), "postgresql")
        c.rollback()
        baru = _versi_terkini(versi, "postgresql", None)  # refuses a newer schema
        if terkini and not baru:
            c.close()
            return NotImplemented
        if versi is None:
            c.close()
            return None  # an empty database is an empty register
    except BaseException:
        c.close()
        raise
    return c


def buka_engine(a: Alamat, batas_tunggu: float, *, baca: bool = False) -> Engine | None:
    """Return a SQLAlchemy engine on a register whose schema is ready, or None for reads of none.

    For writing (``baca`` false) a missing register is created and an older schema migrated;
    for reading nothing is ever written: a missing SQLite file or an empty PostgreSQL database
    gives None (an empty register), an older schema is read as it is. An existing SQLite file
    that is not a register is refused either way.
    """
    if a.dialek == "sqlite":
        path = _path_sqlite(a)
        if baca:
            if not path.exists():
                return None
            periksa_isi_sqlite(path)
            engine = _engine_sqlite_baca(a, path, batas_tunggu)
        else:
            _siapkan_berkas_sqlite(a, path, batas_tunggu)
            engine = _engine_sqlite(a, batas_tunggu)
    else:
        engine = _engine_postgresql(a, batas_tunggu)
    try:
        ada = _siapkan_skema(engine, baca=baca)
    except BaseException:
        engine.dispose()
        raise
    if not ada:
        engine.dispose()
        return None
    if a.dialek == "sqlite" and not baca:
        try:
            with engine.connect() as conn:  # never write on top of a damaged page
                periksa_keutuhan(conn.connection.driver_connection, path)  # type: ignore[arg-type]
                conn.rollback()
        except BaseException:
            engine.dispose()
            raise
    return engine


def buat_engine(url: str, batas_tunggu: float) -> Engine:
    """Return the write engine of the register at ``url``, created or migrated when needed.

    Kept for other packages on the register's database (the PostgreSQL search index); the same
    as ``buka_engine(alamat(url), batas_tunggu)``.
    """
    engine = buka_engine(alamat(url), batas_tunggu)
    if engine is None:  # pragma: no cover - writing always yields a database
        raise RegisterError("Register tidak dapat dibuka untuk ditulisi.")
    return engine


def siapkan_skema(engine: Engine) -> None:
    """Bring the schema of ``engine``'s database to the newest migration (one query at head)."""
    _siapkan_skema(engine, baca=False)


def _path_sqlite(a: Alamat) -> Path:
    if not a.database or a.database == ":memory:" or a.database.startswith("file:"):
        raise RegisterError(
            "Register membutuhkan berkas SQLite, bukan basis data di memori; "
            "sebutkan path berkasnya pada [basis_data] url."
        )
    return Path(a.database)


def _siapkan_berkas_sqlite(a: Alamat, path: Path, batas_tunggu: float) -> None:
    """Check the register file before a write connection touches it; create it when missing."""
    periksa_berkas_sqlite(path)
    if not path.exists():
        _buat_sqlite_baru(a, path, batas_tunggu)
    periksa_isi_sqlite(path, tabel_versi=True)


def siapkan_sqlite(c: sqlite3.Connection, batas_tunggu: float) -> None:
    """Set up a write connection: autocommit (explicit BEGIN), WAL, pragmas, foreign keys."""
    # the register writes BEGIN IMMEDIATE itself (pysqlite's own implicit BEGIN is DEFERRED,
    # which would let two processes read the same counter)
    c.isolation_level = None
    cur = c.cursor()
    try:
        _wal(cur, batas_tunggu)
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
    finally:
        cur.close()


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


def _engine_sqlite(a: Alamat, batas_tunggu: float) -> Engine:
    """Return the SQLAlchemy write engine: the register's pragmas, BEGIN IMMEDIATE always."""
    from sqlalchemy import create_engine, event

    engine = create_engine(a.sqlalchemy(), connect_args={"timeout": batas_tunggu})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        siapkan_sqlite(dbapi_connection, batas_tunggu)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.connection.driver_connection.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]

    return engine


def _engine_sqlite_baca(a: Alamat, path: Path, batas_tunggu: float) -> Engine:
    """Return the SQLAlchemy read engine: the connections of :func:`_sambung_sqlite_baca`."""
    from sqlalchemy import create_engine, event

    engine = create_engine(
        a.sqlalchemy(), creator=functools.partial(_sambung_sqlite_baca, path, batas_tunggu)
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.connection.driver_connection.execute("BEGIN")  # type: ignore[union-attr]

    return engine


_MMAP_BACA = 256 * 1024 * 1024
"""How much of a register a read connection maps (SQLite maps it read-only)."""


def _sambung_sqlite_baca(path: Path, batas_tunggu: float) -> sqlite3.Connection:
    """Return a read-only connection whose transactions take no write lock.

    A read-only register in a read-only folder cannot get the WAL index file SQLite wants
    beside it; when no WAL file exists either (the last writer closed cleanly, so the main
    file holds everything), the file is opened as immutable instead.
    """
    uri = path.resolve().as_uri()
    c = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=batas_tunggu, isolation_level=None)
    try:
        c.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        c.close()
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise
        c = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)
    # pages read straight from the OS cache (mapped read-only), not copied by a read() each:
    # a desk page's reads take about a tenth less CPU (bench/meja_web.py)
    c.execute(f"PRAGMA mmap_size = {_MMAP_BACA}")
    return c


def periksa_keutuhan(c: sqlite3.Connection, path: Path) -> None:
    """Refuse a damaged SQLite register: ``PRAGMA quick_check`` on connection ``c``.

    Reads every page once (no index cross-check: that is ``integrity_check``), so a page
    flipped on disk is found before anything is written on top of it.
    """
    try:
        hasil = c.execute("PRAGMA quick_check(3)").fetchall()
    except sqlite3.DatabaseError as exc:
        kode = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if kode not in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            raise
        raise RegisterError(pesan_rusak(path)) from None
    if hasil != [("ok",)]:
        raise RegisterError(pesan_rusak(path))


def pesan_rusak(path: Path | str | None) -> str:
    """Return the sentence for a register whose database file is damaged."""
    return (
        f"Register {path} rusak (sebagian isi berkasnya tidak utuh lagi), jadi tidak ada yang "
        "dibaca atau diubah; pulihkan register dari cadangan terakhir lalu ulangi."
    )


def periksa_keutuhan_berkas(a: Alamat, batas_tunggu: float) -> None:
    """Refuse a damaged SQLite register, read-only (nothing to check for PostgreSQL, which
    checks its own pages, or for a register not created yet)."""
    if a.dialek != "sqlite":
        return
    path = _path_sqlite(a)
    if not path.is_file():
        return
    periksa_isi_sqlite(path)
    c = _sambung_sqlite_baca(path, batas_tunggu)
    try:
        periksa_keutuhan(c, path)
    finally:
        c.close()


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


def periksa_isi_sqlite(path: Path, *, tabel_versi: bool = False) -> None:
    """Refuse an existing file that is not a SQLite database (an empty file included).

    With ``tabel_versi`` also refuse a SQLite database without the register's version table
    (checked read-only, before a write connection touches the file and switches it to WAL).

    Only ``stat`` and SQLite itself look at the file, never a file descriptor of Python's own:
    POSIX record locks belong to the process, so closing any descriptor of the database drops
    the locks SQLite holds on it for this process's open connections, and another process could
    then take itself for the last connection and reset a write-ahead log still in use. SQLite
    keeps such descriptors open until its last connection on the file closes.
    """
    try:
        st = path.stat()
    except OSError as exc:
        raise RegisterError(
            f"Berkas register {path} tidak dapat dibaca ({alasan_os(exc)})."
        ) from None
    if stat.S_ISDIR(st.st_mode):
        raise RegisterError(
            f"{path} adalah folder, bukan berkas register; periksa [basis_data] url."
        )
    if st.st_size == 0:
        raise _bukan_sqlite(path, "kosong")
    c = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        ada = c.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_NOTADB:
            raise _bukan_sqlite(path, "bukan basis data SQLite") from None
        if tabel_versi:
            raise
        return  # a read-only register the read connection opens as immutable; it reports
    finally:
        c.close()
    if tabel_versi and not ada:
        raise _bukan_register(path)


def _bukan_sqlite(path: Path, isi: str) -> RegisterError:
    return RegisterError(
        f"Berkas {path} ada tetapi {isi}, jadi bukan register naskah; register baru hanya "
        "dibuat bila berkasnya belum ada: pulihkan register dari cadangan, atau pindahkan "
        "berkas itu bila memang ingin memulai register baru."
    )


def _bukan_register(path: Path) -> RegisterError:
    return RegisterError(
        f"Berkas {path} adalah basis data SQLite tetapi bukan register naskah (tidak ada tabel "
        "versi register); periksa [basis_data] url atau pulihkan register dari cadangan."
    )


def _buat_sqlite_baru(a: Alamat, path: Path, batas_tunggu: float) -> None:
    """Create the register at ``path`` complete: schema built under a temporary name, then linked.

    Several processes creating the same register at once each build their own file; the first
    link wins and the others use it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    import secrets

    sementara = path.with_name(f".{path.name}.{secrets.token_hex(6)}.baru")
    try:
        u = a.sqlalchemy().set(database=str(sementara))
        baru = Alamat(u.render_as_string(hide_password=False), "sqlite", str(sementara))
        engine = _engine_sqlite(baru, batas_tunggu)
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


_PESAN_TANPA_PSYCOPG = (
    "Register di PostgreSQL membutuhkan pustaka psycopg yang belum terpasang; pasang "
    "dengan `.venv/bin/pip install 'naskah[postgresql]'` atau kosongkan [basis_data] url "
    "untuk memakai SQLite."
)


def _engine_postgresql(a: Alamat, batas_tunggu: float) -> Engine:
    from sqlalchemy import create_engine

    try:
        import psycopg  # noqa: F401 - the optional driver (extra `postgresql`)
    except ImportError:
        raise RegisterError(_PESAN_TANPA_PSYCOPG) from None
    lock_ms = max(1, int(batas_tunggu * 1000))
    return create_engine(
        a.sqlalchemy(),
        connect_args={
            "connect_timeout": max(2, int(batas_tunggu)),
            "options": f"-c lock_timeout={lock_ms}",
        },
    )


# ``revision = "…"`` / ``down_revision: str | None = …`` written on one line at the top level
_REVISI = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+?)\s*$", re.MULTILINE)


def _revisi_berkas(isi: str) -> dict[str, Any]:
    """Return a migration file's ``revision`` and ``down_revision`` values.

    Read from their lines (a regular expression: compiling every file costs a search or a desk
    read more than its queries); a value the lines don't give whole is read from the syntax tree.
    """
    nilai: dict[str, Any] = {}
    try:
        for nama, teks in _REVISI.findall(isi):
            nilai.setdefault(nama, ast.literal_eval(teks))
    except (ValueError, SyntaxError):
        nilai = {}
    if "revision" in nilai and ("down_revision" in nilai or "down_revision" not in isi):
        return nilai
    nilai = {}
    for node in ast.parse(isi).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            nama_, isi_ = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            nama_, isi_ = node.target, node.value
        else:
            continue
        if isinstance(nama_, ast.Name) and nama_.id in ("revision", "down_revision"):
            nilai[nama_.id] = ast.literal_eval(isi_)
    return nilai


@functools.cache
def revisi_dikenal() -> tuple[frozenset[str], frozenset[str]]:
    """Return (every known revision, the heads) read from the migration files, without Alembic."""
    semua: set[str] = set()
    induk: set[str] = set()
    for berkas in sorted((MIGRATIONS / "versions").glob("*.py")):
        nilai = _revisi_berkas(berkas.read_text(encoding="utf-8"))
        if "revision" not in nilai:
            continue
        semua.add(nilai["revision"])
        turun = nilai.get("down_revision")
        induk.update([turun] if isinstance(turun, str) else (turun or ()))
    return frozenset(semua), frozenset(semua - induk)


_ADA_TABEL_VERSI = {
    "sqlite": (
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ),
    "postgresql": "SELECT to_regclass('alembic_version') IS NOT NULL",
}


def _versi(
    jalankan: Callable[[str], Sequence[Sequence[Any]]], dialek: str
) -> frozenset[str] | None:
    """Return the revisions recorded by ``jalankan`` (SQL to rows), or None without the table."""
    if not jalankan(_ADA_TABEL_VERSI[dialek])[0][0]:
        return None
    return frozenset(r[0] for r in jalankan("SELECT version_num FROM alembic_version"))


def baca_versi(conn: Connection) -> frozenset[str] | None:
    """Return the schema revisions recorded in the database, or None without a version table."""
    return _versi(lambda sql: list(conn.exec_driver_sql(sql)), conn.dialect.name)


def _versi_terkini(versi: frozenset[str] | None, dialek: str, path: Path | None) -> bool:
    """Return whether ``versi`` is the newest schema; refuse a newer one or a SQLite non-register.

    False means an older schema (PostgreSQL: or no schema yet), to be migrated before writing.
    """
    dikenal, heads = revisi_dikenal()
    if versi == heads:
        return True
    if versi is not None and not versi <= dikenal:
        raise RegisterError(
            "Basis data register dibuat oleh versi naskah yang lebih baru; perbarui naskah "
            "sebelum memakai register ini."
        )
    if versi is None and dialek == "sqlite":
        raise _bukan_register(path or Path())
    return False


def _siapkan_skema(engine: Engine, *, baca: bool) -> bool:
    """Check the schema version; migrate it to the heads when writing. Return whether it exists."""
    with engine.connect() as conn:
        versi = baca_versi(conn)
        conn.rollback()
    if _versi_terkini(versi, engine.dialect.name, Path(engine.url.database or "")):
        return True
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
    from sqlalchemy import text

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


def _galat_dbapi() -> tuple[type[BaseException], ...]:
    """Return the database drivers' exception classes (psycopg's only once it is loaded)."""
    jenis: tuple[type[BaseException], ...] = (sqlite3.Error, OSError)
    # an error of SQLAlchemy or of psycopg implies the library was imported
    sa_exc = sys.modules.get("sqlalchemy.exc")
    if sa_exc is not None:
        jenis += (sa_exc.DBAPIError,)
    pg = sys.modules.get("psycopg")
    if pg is not None:
        jenis += (pg.Error,)
    pg2 = sys.modules.get("psycopg2")
    if pg2 is not None:
        jenis += (pg2.Error,)
    return jenis


@contextmanager
def terjemahkan_galat(a: Alamat, batas_tunggu: float) -> Iterator[None]:
    """Turn database exceptions raised inside the block into one RegisterError sentence."""
    try:
        yield
    except _galat_dbapi() as exc:
        raise RegisterError(_pesan_galat(exc, a, batas_tunggu)) from exc


_KODE_SQLITE = {
    sqlite3.SQLITE_BUSY: "terkunci",
    sqlite3.SQLITE_LOCKED: "terkunci",
    sqlite3.SQLITE_READONLY: "hanya-baca",
    sqlite3.SQLITE_PERM: "hanya-baca",
    sqlite3.SQLITE_CANTOPEN: "tak-terbuka",
    sqlite3.SQLITE_NOTADB: "bukan-db",
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
    # psycopg 3 names the SQLSTATE ``sqlstate``, psycopg2 ``pgcode``
    sqlstate = getattr(asal, "sqlstate", None) or getattr(asal, "pgcode", None)
    if sqlstate:
        return _SQLSTATE.get(sqlstate, "hubungan" if sqlstate.startswith("08") else None)
    gagal_sambung = tuple(
        d.OperationalError for d in map(sys.modules.get, ("psycopg", "psycopg2")) if d is not None
    )
    if isinstance(asal, gagal_sambung):
        # libpq reports a failed connection attempt with no SQLSTATE, only a message
        return "ditolak" if "authentication" in str(asal).lower() else "hubungan"
    return None


def _pesan_galat(exc: BaseException, a: Alamat, batas_tunggu: float) -> str:
    asal = getattr(exc, "orig", None) or exc
    teks = str(asal).strip().splitlines()[0] if str(asal).strip() else type(asal).__name__
    tempat = uraian_url(a)
    kalimat = tempat[0].upper() + tempat[1:]
    pesan = {
        "terkunci": pesan_terkunci(a, batas_tunggu),
        "hanya-baca": (
            f"Register ({tempat}) hanya dapat dibaca; berikan izin tulis pada berkas dan foldernya."
        ),
        "tak-terbuka": (
            f"Register ({tempat}) tidak dapat dibuka; periksa bahwa folder arsip ada dan dapat "
            "ditulisi."
        ),
        "bukan-db": (
            f"Berkas {a.database} bukan basis data register yang sah; periksa [basis_data] url."
        ),
        "rusak": pesan_rusak(a.database),
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


def pesan_terkunci(a: Alamat, batas_tunggu: float) -> str:
    """Return the sentence for a register still locked by another process after the timeout."""
    return (
        f"Register ({uraian_url(a)}) masih dikunci oleh proses lain setelah ditunggu "
        f"{batas_tunggu:g} detik; coba lagi sebentar lagi atau naikkan [basis_data] batas_tunggu."
    )
