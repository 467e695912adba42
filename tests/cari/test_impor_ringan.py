"""``naskah cari`` imports neither pydantic nor SQLAlchemy, Alembic or the models, on Whoosh
and on PostgreSQL (which reads on psycopg2's connection, naskah.register.pg_baca).

Its whole run is opening the index and one query: importing those would cost more than the
query (bench/search_ketik.py).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from naskah.cari import buka_mesin_cari
from naskah.config import muat_konfigurasi
from tests.cari.korpus import korpus_ketik
from tests.register.conftest import env_anak, server_pg, tulis_kantor  # noqa: F401 - reused
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
        # what Whoosh imports and never uses here (naskah.cari._whoosh_ringan)
        assert not modul & TAK_TERPAKAI_WHOOSH, (perintah, modul & TAK_TERPAKAI_WHOOSH)
        # the archive's file writing (and the secrets module it loads): writers only
        assert "naskah.berkas" not in modul, perintah
        if "--tahun" not in perintah:
            assert "calendar" not in modul, perintah


TAK_TERPAKAI_WHOOSH = {"urllib.request", "http.client", "asyncio", "cached_property",
                       "whoosh.lang.morph_en", "html", "whoosh.lang.dmetaphone"}  # fmt: skip
"""Not loaded by a search; ``calendar`` too, by one without a date filter."""

_PENGGANTI = """
import sys
import naskah.cari.whoosh
assert not set(sys.modules) & set({tak}), set(sys.modules) & set({tak})
from whoosh import compat, reading
from whoosh.query import terms
assert "ajar" in terms.variations("ajar")  # the real morph_en, loaded on the first call
import urllib.request, whoosh.lang.morph_en
assert urllib.request.urlopen and whoosh.lang.morph_en.variations  # the real modules
assert compat.urlretrieve.__name__ == "urlretrieve"
assert compat.htmlescape("<a&b>") == "&lt;a&amp;b&gt;"  # html.escape, loaded on the first call
from whoosh.util import times
assert times.calendar.monthrange(2024, 2) == (3, 29) and times.calendar.isleap(2024)
from whoosh.analysis import morph
assert morph.double_metaphone("smith") == ("SM0", "XMT")
import html, calendar, whoosh.lang.dmetaphone
assert html.escape and calendar.month_name and whoosh.lang.dmetaphone.double_metaphone
import functools
assert isinstance(reading.SegmentReader.__dict__["deleted_docs_set"], functools.cached_property)
print("ok")
"""


def test_pengganti_whoosh_memuat_modul_asli_saat_dipakai():
    """The stand-ins live only while Whoosh is imported; a later use gets the real module."""
    hasil = subprocess.run(
        [sys.executable, "-c", _PENGGANTI.format(tak=sorted(TAK_TERPAKAI_WHOOSH))],
        env=env_anak(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert hasil.returncode == 0, hasil.stderr
    assert hasil.stdout.strip() == "ok"


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
        # psycopg2 on libpq (naskah.register.pg_baca), not psycopg 3 and its import cost
        assert "naskah.register.pg_baca" in modul and "psycopg2" in modul
        assert "psycopg" not in modul
        assert not berat(modul), (perintah, berat(modul))
        assert not any(m.split(".")[0] == "whoosh" for m in modul)
