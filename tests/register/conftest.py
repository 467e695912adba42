"""Fixtures of the register tests: an office folder with naskah.toml and a real PostgreSQL server.

The PostgreSQL server (Debian's postgresql 15) is started once per session in a temporary folder
on a free loopback port and stopped afterwards. PostgreSQL refuses to run as root, so as root the
server runs as an unprivileged user (``naskahtest``, created when missing, else ``nobody``).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from naskah.config import Konfigurasi, muat_konfigurasi

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
PG_BIN = Path(os.environ.get("NASKAH_PG_BIN", "/usr/lib/postgresql/15/bin"))

NASKAH_TOML = """\
[seri.naskah]
unit = "C7.24"

[seri.sertifikat]
pola = "{urut}/Sertifikat/{unit}/{tahun}"
unit = "BPMPKALTIM"
sisipan = "titik"

[seri.tetap]
pola = "{urut}/{unit}/{klasifikasi}/{tahun}"
unit = "C7.24"
ulang_tahunan = false

[klasifikasi]
"HK.03.01" = "Keputusan"
"OT.02.02" = "Tata laksana"
"KP.04.05" = "Kenaikan pangkat"

[basis_data]
batas_tunggu = {batas_tunggu}
{url}
"""


def tulis_kantor(folder: Path, *, url: str | None = None, batas_tunggu: float = 30) -> Konfigurasi:
    """Write naskah.toml of a test office into ``folder`` and return its settings."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "naskah.toml").write_text(
        NASKAH_TOML.replace("{batas_tunggu}", str(batas_tunggu)).replace(
            "{url}", f'url = "{url}"' if url else ""
        ),
        encoding="utf-8",
    )
    return muat_konfigurasi(folder / "naskah.toml")


def env_anak(**extra: str) -> dict[str, str]:
    """Return the environment for a child Python process that imports naskah from src/."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("NASKAH_DATABASE_URL", "NASKAH_PENGGUNA")
    }
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def jalankan_cli(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m naskah ARGS`` in ``folder`` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "naskah", *args],
        cwd=folder,
        env=env_anak(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(autouse=True)
def _lingkungan_bersih(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NASKAH_DATABASE_URL", raising=False)
    monkeypatch.setenv("NASKAH_PENGGUNA", "penguji")


@pytest.fixture
def kantor(tmp_path: Path) -> Konfigurasi:
    """An office folder with the default SQLite register in its archive folder."""
    return tulis_kantor(tmp_path / "kantor")


# --- PostgreSQL ---------------------------------------------------------------------------


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pengguna_pg() -> str | None:
    """Return the unprivileged user to run PostgreSQL as when we are root, else None."""
    if os.geteuid() != 0:
        return None
    for nama in ("naskahtest",):
        try:
            pwd.getpwnam(nama)
            return nama
        except KeyError:
            pass
    if shutil.which("useradd"):
        r = subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                "naskahtest",
            ],
            capture_output=True,
            text=True,
        )
        if r.returncode == 0:
            return "naskahtest"
    return "nobody"


class ServerPG:
    """A running test PostgreSQL server; :meth:`basis_baru` makes an empty database."""

    def __init__(self, port: int, sandi: str | None = None) -> None:
        self.port = port
        self.sandi = sandi
        self._urut = itertools.count(1)

    def dsn(self, db: str = "postgres") -> str:
        sandi = f" password={self.sandi}" if self.sandi else ""
        return f"host=127.0.0.1 port={self.port} user=naskah dbname={db}{sandi}"

    def basis_baru(self) -> str:
        """Create a fresh database and return its SQLAlchemy URL."""
        nama = f"uji_{os.getpid()}_{next(self._urut)}"
        with psycopg.connect(self.dsn(), autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{nama}"')
        pengguna = f"naskah:{self.sandi}" if self.sandi else "naskah"
        return f"postgresql+psycopg://{pengguna}@127.0.0.1:{self.port}/{nama}"


@contextlib.contextmanager
def server_sementara(sandi: str | None = None, opsi_tambahan: str = "") -> Iterator[ServerPG]:
    """Start a throwaway PostgreSQL server (fsync off) and stop it when the block ends.

    With ``sandi`` the superuser ``naskah`` has that password and every connection must give
    it (SCRAM-SHA-256); otherwise connections are trusted. ``opsi_tambahan`` is appended to
    the server's options (``-c name=value`` settings)."""
    initdb = PG_BIN / "initdb"
    assert initdb.exists(), f"PostgreSQL tidak ditemukan di {PG_BIN}; pasang paket postgresql"
    pengguna = _pengguna_pg()
    akar = Path(tempfile.mkdtemp(prefix="naskah-pg-"))
    data = akar / "data"
    data.mkdir()
    if sandi:
        (akar / "sandi").write_text(sandi + "\n", encoding="utf-8")
    awalan: list[str] = []
    if pengguna:
        info = pwd.getpwnam(pengguna)
        for p in (akar, data):
            os.chown(p, info.pw_uid, info.pw_gid)
        awalan = ["runuser", "-u", pengguna, "--"]
    subprocess.run(
        [
            *awalan,
            str(initdb),
            "-D",
            str(data),
            "-U",
            "naskah",
            *(
                ["--auth=scram-sha-256", f"--pwfile={akar / 'sandi'}"]
                if sandi
                else ["--auth=trust"]
            ),
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        ],
        check=True,
        capture_output=True,
        cwd=akar,
    )
    port = _port_bebas()
    opsi = (
        f"-p {port} -k {akar} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50 "
        f"-c client_connection_check_interval=100ms {opsi_tambahan}"
    ).rstrip()
    subprocess.run(
        [
            *awalan,
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(akar / "log"),
            "-o",
            opsi,
            "-w",
            "-t",
            "60",
            "start",
        ],
        check=True,
        capture_output=True,
        cwd=akar,
    )
    server = ServerPG(port, sandi)
    try:
        for _ in range(100):
            try:
                psycopg.connect(server.dsn(), connect_timeout=2).close()
                break
            except psycopg.OperationalError:
                time.sleep(0.1)
        yield server
    finally:
        subprocess.run(
            [*awalan, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            capture_output=True,
            cwd=akar,
        )
        shutil.rmtree(akar, ignore_errors=True)


@pytest.fixture(scope="session")
def server_pg() -> Iterator[ServerPG]:
    """A real PostgreSQL server for the session (never skipped: CI installs it)."""
    with server_sementara() as server:
        yield server


@pytest.fixture
def url_pg(server_pg: ServerPG) -> str:
    """The URL of a fresh, empty database on the test server."""
    return server_pg.basis_baru()


@pytest.fixture(params=["sqlite", "postgresql"])
def kantor_db(request: pytest.FixtureRequest, tmp_path: Path) -> Konfigurasi:
    """An office whose register is SQLite, then (second run) PostgreSQL."""
    if request.param == "sqlite":
        return tulis_kantor(tmp_path / "kantor")
    url = request.getfixturevalue("server_pg").basis_baru()
    return tulis_kantor(tmp_path / "kantor", url=url)
