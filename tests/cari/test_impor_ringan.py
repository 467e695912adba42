"""``naskah cari`` imports neither pydantic nor SQLAlchemy, Alembic or the models, on Whoosh
and on PostgreSQL (which reads on psycopg's own connection).

Its whole run is opening the index and one query: importing those would cost more than the
query (bench/search_ketik.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from naskah.cari import buka_mesin_cari
from naskah.config import muat_konfigurasi
from tests.cari.korpus import korpus_ketik
from tests.register.conftest import server_pg, tulis_kantor  # noqa: F401 - reused
from tests.ult.test_impor_ringan import berat, modul_dimuat


def test_cari_whoosh_tanpa_pustaka_berat(tmp_path: Path):
    tulis_kantor(tmp_path)
    mesin = buka_mesin_cari(muat_konfigurasi(tmp_path / "naskah.toml"))
    try:
        mesin.bangun_ulang(korpus_ketik(0))
    finally:
        mesin.tutup()
    for perintah in (
        ("cari", "kutai kartanegra"),  # a typo: the suggestion is applied
        ("cari", "0512/C7.24", "--json"),
        ("cari", "sertifikat", "--tahun", "2024", "--semua"),
    ):
        modul = modul_dimuat(tmp_path, *perintah)
        assert "naskah.cari.whoosh" in modul and "naskah.config_cepat" in modul
        assert not berat(modul), (perintah, berat(modul))
        assert not any(m.split(".")[0] == "psycopg" for m in modul)


@pytest.mark.slow  # a real PostgreSQL server
def test_cari_postgresql_tanpa_pustaka_berat(tmp_path: Path, request: pytest.FixtureRequest):
    konfigurasi = tulis_kantor(tmp_path, url=request.getfixturevalue("server_pg").basis_baru())
    mesin = buka_mesin_cari(konfigurasi)
    try:
        mesin.bangun_ulang(korpus_ketik(0))  # creates the schema: the write path's engine
    finally:
        mesin.tutup()
    for perintah in (
        ("cari", "kutai kartanegra"),  # a typo: the suggestion is applied
        ("cari", "0512/C7.24", "--json"),
        ("cari", "sertifikat", "--tahun", "2024", "--semua"),
        ("cari", "pelatihan", "--penandatangan", "Jarwko"),  # a name within one typo
    ):
        modul = modul_dimuat(tmp_path, *perintah)
        assert "naskah.cari.postgresql" in modul and "naskah.config_cepat" in modul
        assert "psycopg" in modul
        assert not berat(modul), (perintah, berat(modul))
        assert not any(m.split(".")[0] == "whoosh" for m in modul)
