"""Fixtures of the PostgreSQL search tests: the register tests' real PostgreSQL server, reused.

``server_pg`` (one throwaway server per session) and the clean environment come from
tests/register/conftest.py; here each test gets a fresh database and a backend on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from naskah.cari.postgresql import MesinCariPostgres
from naskah.config import Konfigurasi
from tests.register.conftest import (  # noqa: F401 - fixtures reused, not copied
    _lingkungan_bersih,
    server_pg,
    tulis_kantor,
)


@pytest.fixture
def kantor_pg(server_pg, tmp_path: Path) -> Konfigurasi:  # noqa: F811
    """An office whose register (and so its search index) is on a fresh PostgreSQL database."""
    return tulis_kantor(tmp_path / "kantor", url=server_pg.basis_baru(), batas_tunggu=10)


@pytest.fixture
def mesin(kantor_pg: Konfigurasi) -> Iterator[MesinCariPostgres]:
    """The PostgreSQL search backend on the office's database, closed afterwards."""
    with MesinCariPostgres(kantor_pg) as m:
        yield m
