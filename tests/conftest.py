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
BENIH = ROOT.parent / "shared" / "seeds"
"""The two seed decrees (read-only ``../shared/``, beside the checkout here and in CI)."""
LAMBANG_CONTOH = ROOT / "src" / "naskah" / "contoh" / "lambang-contoh.png"
"""The example office's emblem (``naskah init --contoh``): a kop with the CONTOH LOGO
placeholder is never issued or signed, so offices of tests that issue or sign name this one."""
INSTANSI_BERLOGO = (
    '\n[instansi]\nkementerian = "KEMENTERIAN PENDIDIKAN DASAR DAN MENENGAH"\n'
    'unit = "BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TIMUR"\n'
    'alamat = "Jalan Cipto Mangunkusumo Km 2, Samarinda"\nkota = "Samarinda"\n'
    f'logo = "{LAMBANG_CONTOH}"\n'
)
"""A naskah.toml ``[instansi]`` with that emblem, for test offices that have none."""


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


# -- test tiers --------------------------------------------------------------------------------

_FIXTURE_LAMBAT = frozenset(
    {
        "server_pg",  # a PostgreSQL server (tests/register/conftest.py)
        "url_pg",
        "kantor_pg",
        "pki",  # certomancer's PKI served over HTTP (tests/tte/conftest.py)
        "pki_sementara",
        "peramban",  # chromium through Playwright (tests/layanan/test_peramban.py)
        "smtp",  # an aiosmtpd server (tests/layanan/test_surel.py)
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that starts PostgreSQL, a PKI, a browser or an SMTP server
    through a fixture (directly, through another fixture, or as the ``postgresql`` value of a
    parametrized backend fixture); tests that start LibreOffice carry the mark themselves.
    ``pytest -m "not slow"`` is then the quick tier."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        pg = callspec is not None and "postgresql" in callspec.params.values()
        if pg or _FIXTURE_LAMBAT.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
