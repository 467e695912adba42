"""The desk's everyday reads import neither pydantic nor SQLAlchemy, Alembic or the models.

Their whole run is a few queries: importing those libraries would cost more than the rest
(bench/ult.py). Guarded here on SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import env_naskah
from tests.register.conftest import server_pg  # noqa: F401 - reused

from .test_cli import _terima

BERAT = ("pydantic", "sqlalchemy", "alembic", "yaml", "naskah.models", "naskah.config")
"""Not imported by a read (``naskah.config`` is the pydantic settings; ``naskah.config_cepat``
reads naskah.toml for these commands)."""

KODE = """
import json, sys
from naskah.cli import main
try:
    main(sys.argv[2:])
except SystemExit as e:
    assert e.code == 0, e.code
with open(sys.argv[1], "w") as f:
    json.dump(sorted(sys.modules), f)
"""


def modul_dimuat(folder: Path, *perintah: str) -> set[str]:
    """Return the modules loaded by ``naskah PERINTAH`` run in ``folder`` (it must succeed)."""
    keluaran = folder / "modul.json"
    hasil = subprocess.run(
        [sys.executable, "-c", KODE, str(keluaran), *perintah],
        cwd=folder, env=_tanpa_pg(env_naskah()), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert hasil.returncode == 0, hasil.stderr
    return set(json.loads(keluaran.read_text()))


def _tanpa_pg(env: dict[str, str]) -> dict[str, str]:
    """``env`` without libpq's variables (with any, the reads connect through psycopg)."""
    return {k: v for k, v in env.items() if not k.startswith("PG")}


def berat(modul: set[str]) -> list[str]:
    return sorted(m for m in modul if any(m == b or m.startswith(b + ".") for b in BERAT))


@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def test_baca_meja_tanpa_pustaka_berat(db: str, kantor: Path, request: pytest.FixtureRequest):
    if db == "postgresql":
        url = request.getfixturevalue("server_pg").basis_baru()
        toml = kantor / "naskah.toml"
        toml.write_text(toml.read_text() + f'\n[basis_data]\nurl = "{url}"\n', encoding="utf-8")
    r = _terima(kantor)
    assert r.returncode == 0, r.stderr
    kode = json.loads(r.stdout)["kode"]
    for perintah in (
        ("ult", "jatuh-tempo"),
        ("ult", "jatuh-tempo", "--json"),
        ("ult", "daftar", "--layanan", "kerjasama", "--terbuka", "--batas", "50"),
        ("ult", "lihat", kode),
    ):
        modul = modul_dimuat(kantor, *perintah)
        assert "naskah.config_cepat" in modul and "naskah.ult.meja" in modul
        assert not berat(modul), (perintah, berat(modul))
        if db == "postgresql":  # read by naskah's own small client: psycopg not even loaded
            assert "naskah.register.pg_baca" in modul and "psycopg" not in modul


def test_pengaturan_yang_tak_dijamin_tetap_dibaca_pydantic(kantor: Path):
    # a value pydantic converts (a time written as text): the same command, the slow way
    toml = kantor / "naskah.toml"
    toml.write_text(toml.read_text().replace("[ult]\n", '[ult]\njam_buka = "07:30"\n'), "utf-8")
    modul = modul_dimuat(kantor, "ult", "jatuh-tempo")
    assert "pydantic" in modul and "sqlalchemy" not in modul
