"""The web desk on PostgreSQL: its pages' reads become prepared statements on the server
(psycopg 3's ``prepare_threshold``), and a session is still checked afresh at every request."""

from __future__ import annotations

import re
import warnings
from datetime import date

import pytest

from naskah.config import muat_konfigurasi
from naskah.staf import pengguna as pg
from naskah.staf.aplikasi import BENANG_PG, MejaWeb
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja
from tests.staf.conftest import SANDI, Kantor, masuk

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

pytestmark = pytest.mark.slow


def test_halaman_di_postgresql_disiapkan_dan_sesi_dicabut_seketika(
    kantor: Kantor, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue("server_pg").basis_baru()
    toml = kantor.folder / "naskah.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "tembolok_detik = 0\n", encoding="utf-8")
    k = muat_konfigurasi(toml)
    assert k.meja.tembolok_detik == 0  # every page rendered from the database
    with Meja(k, jam=kantor.jam, oleh="uji", url=url) as m:
        pg.tambah(m, "rina", nama_lengkap="Rina Wati", peran="kasubbag_umum", sandi=SANDI)
        baru = pm.PermohonanBaru(
            layanan="narasumber", instansi="SMA Negeri 9", telepon="081122334455",
            perihal="Bimtek", kegiatan_mulai=date(2025, 7, 1), semua_syarat=True,
        )  # fmt: skip
        p = pm.terima(m, baru)
    web = MejaWeb(k, jam=kantor.jam, url=url)
    with TestClient(web.aplikasi(), base_url="https://meja.kantor", follow_redirects=False) as c:
        masuk(c, "rina")
        # each worker thread has its own connection: enough runs that one of them prepares each
        for _ in range(5 * BENANG_PG + 2):  # psycopg's prepare_threshold is 5
            r = c.get(f"/permohonan/{p.kode}")
            assert r.status_code == 200 and "SMA Negeri 9" in r.text
            r = c.get("/tugas")
            assert r.status_code == 200 and re.search(rf">{p.kode_tampil}<", r.text)
        siap = []
        for meja in web._semua_meja:
            if meja._pg_baca is not None:
                siap += meja._pg_baca.execute("SELECT name FROM pg_prepared_statements").fetchall()
                meja._pg_baca.rollback()  # the desk finds its connection as it left it
        assert len(siap) >= 3  # the session, the request with its rows, Tugas saya
        with Meja(k, jam=kantor.jam, oleh="uji", url=url) as m:
            pg.nonaktif(m, "rina")
        # the prepared session statement reads the account as it is now: refused at once
        r = c.get("/tugas")
        assert r.status_code == 303 and r.headers["location"].startswith("/masuk")
        r = c.get(f"/permohonan/{p.kode}")
        assert r.status_code == 303
