"""Fixtures shared by the whole suite: running the real CLI in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"


def env_naskah(**extra: str) -> dict[str, str]:
    """Return an environment in which ``python -m naskah`` imports this checkout."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env.pop("NASKAH_DATABASE_URL", None)
    env.update(extra)
    return env


def run_naskah(
    *args: str | Path, cwd: Path | None = None, input: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run the real ``naskah`` command line and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "naskah", *map(str, args)],
        cwd=cwd, input=input, capture_output=True, text=True, env=env_naskah(**env), timeout=300,
    )  # fmt: skip


@pytest.fixture
def naskah_cli():
    """Return a function that runs ``naskah ARGS…`` and returns the completed process."""
    return run_naskah


@pytest.fixture
def kantor(tmp_path: Path) -> Path:
    """Return a folder set up with ``naskah init --contoh`` (BPMP Kalimantan Timur)."""
    from naskah.persiapan import buat_konfigurasi

    buat_konfigurasi(tmp_path / "kantor", contoh=True)
    return tmp_path / "kantor"
