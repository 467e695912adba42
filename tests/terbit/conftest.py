"""An office folder (``naskah init --contoh``) with the examples, for the pipeline tests."""

from __future__ import annotations

import os
import select
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NASKAH = [sys.executable, "-m", "naskah"]
ANAK = [sys.executable, str(Path(__file__).with_name("_anak.py"))]
SANDI = {"NASKAH_SANDI": "naskah-uji"}


def lingkungan(kantor: Path) -> dict[str, str]:
    """Return the environment of a run: the demo passphrase, this test's own TMPDIR (so the
    LibreOffice profile is this test's)."""
    tmp = kantor.parent / "tmp"
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, **SANDI, "TMPDIR": str(tmp)}
    # this checkout's naskah, not the one installed in the virtualenv
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env.pop("NASKAH_DATABASE_URL", None)
    return env


def tunggu_soffice(kantor: Path) -> None:
    """Wait (on pidfds, not by sleeping) until no LibreOffice started by this test runs.

    A SIGKILLed naskah leaves its soffice child running on the profile (until the process
    guardian of the dasar branch is merged); the next run must not share the profile with it.
    """
    tmp = str(kantor.parent / "tmp")
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"soffice" in cmd and tmp.encode() in cmd:
            try:
                fd = os.pidfd_open(int(pid))
            except ProcessLookupError:
                continue
            try:
                select.select([fd], [], [], 300)
            finally:
                os.close(fd)


def jalankan(kantor: Path, *args: str, cek: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the CLI in the office folder; return the finished process."""
    env = lingkungan(kantor)
    r = subprocess.run(
        [*NASKAH, *args], cwd=kantor, env=env, capture_output=True, text=True, timeout=600
    )
    if cek:
        assert r.returncode == 0, r.stderr + r.stdout
    return r


def db(kantor: Path) -> sqlite3.Connection:
    """Open the office's register database read-only."""
    return sqlite3.connect(f"file:{kantor / 'archive' / 'register.sqlite'}?mode=ro", uri=True)


@pytest.fixture
def kantor(tmp_path: Path) -> Path:
    """Return a fresh office folder with the example documents and participant sheets."""
    k = tmp_path / "kantor"
    k.mkdir()
    jalankan(k, "init", "--contoh", cek=True)
    for f in (ROOT / "examples").iterdir():
        if f.is_file():  # examples/kalteng/ is another office's folder
            shutil.copy(f, k / f.name)
    return k
