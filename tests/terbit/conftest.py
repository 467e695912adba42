"""An office folder (``naskah init --contoh``) with the examples, for the pipeline tests."""

from __future__ import annotations

import os
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


def jalankan(kantor: Path, *args: str, cek: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the CLI in the office folder; return the finished process."""
    env = {**os.environ, **SANDI}
    env.pop("NASKAH_DATABASE_URL", None)
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
        shutil.copy(f, k / f.name)
    return k
