"""Search backends as fixtures, so every search test runs on each backend unchanged.

``MESIN`` lists the backends; a backend joins by adding its name and a branch in
:func:`konfigurasi_mesin` that points the configuration at its store. The PostgreSQL cases start
the suite's server, so they are ``slow``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from naskah.cari import MesinCari, buka_mesin_cari
from naskah.config import BasisData, Cari, Konfigurasi
from tests.cari.korpus import korpus_relevansi
from tests.register.conftest import server_pg  # noqa: F401 - the suite's PostgreSQL server

MESIN = [pytest.param("whoosh"), pytest.param("postgresql", marks=pytest.mark.slow)]
"""Every backend; a new one joins here and must pass every test using these fixtures."""


def konfigurasi_mesin(nama: str, folder: Path, request: pytest.FixtureRequest) -> Konfigurasi:
    """Return an office configuration whose search runs on backend ``nama`` in ``folder``."""
    if nama == "whoosh":
        return Konfigurasi(folder=folder, cari=Cari(mesin="whoosh", batas_tunggu=5.0))
    if nama == "postgresql":
        url = request.getfixturevalue("server_pg").basis_baru()
        return Konfigurasi(
            folder=folder,
            basis_data=BasisData(url=url, batas_tunggu=5.0),
            cari=Cari(mesin="postgresql", batas_tunggu=5.0),
        )
    raise NotImplementedError(nama)


@pytest.fixture(params=MESIN)
def buat_mesin(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], tuple[Konfigurasi, MesinCari]]]:
    """Return a function giving a fresh, empty backend and its configuration (closed after)."""
    dibuka: list[MesinCari] = []

    def buat() -> tuple[Konfigurasi, MesinCari]:
        konfigurasi = konfigurasi_mesin(request.param, tmp_path, request)
        dibuka.append(buka_mesin_cari(konfigurasi))
        return konfigurasi, dibuka[-1]

    yield buat
    for mesin in dibuka:
        mesin.tutup()


@pytest.fixture(scope="module", params=MESIN)
def mesin_korpus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MesinCari]:
    """Return a backend holding the judged corpus (examples + generated documents)."""
    folder = tmp_path_factory.mktemp(f"korpus-{request.param}")
    mesin = buka_mesin_cari(konfigurasi_mesin(request.param, folder, request))
    mesin.bangun_ulang(korpus_relevansi())
    yield mesin
    mesin.tutup()
