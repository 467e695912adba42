"""Two workstations on one PostgreSQL server: writing and searching at once, and a killed writer.

Processes are ordered by pipes (a readiness line, a "mulai" line) and by the database's own
locks, never by sleeping.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from naskah.cari import Kueri
from naskah.cari.postgresql import MesinCariPostgres
from naskah.config import Konfigurasi
from tests.cari_pg.pekerja_cari import dokumen
from tests.register.conftest import env_anak

pytestmark = pytest.mark.slow  # a real PostgreSQL server and child processes

PEKERJA = Path(__file__).with_name("pekerja_cari.py")


def _pekerja(url: str, nama: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(PEKERJA), url, nama, *args],
        env=env_anak(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _baris(proses: subprocess.Popen[str]) -> str:
    assert proses.stdout is not None
    baris = proses.stdout.readline()
    if not baris:
        proses.wait(timeout=60)
        assert proses.stderr is not None
        raise AssertionError(f"pekerja berhenti: {proses.stderr.read()}")
    return baris.strip()


def test_dua_stasiun_menulis_dan_mencari_bersamaan(kantor_pg: Konfigurasi):
    url = kantor_pg.url_basis_data
    n = 8
    stasiun = [_pekerja(url, nama, "bersama", str(n)) for nama in ("a", "b")]
    try:
        for p in stasiun:
            assert _baris(p) == "siap"
        for p in stasiun:
            assert p.stdin is not None
            p.stdin.write("mulai\n")
            p.stdin.flush()
        for p in stasiun:
            laporan = [_baris(p) for _ in range(n)]
            # after every commit each workstation finds every document it has written so far
            assert laporan == [f"batch {b} {(b + 1) * 20}" for b in range(n)]
            assert _baris(p) == "selesai"
        for p in stasiun:
            assert p.wait(timeout=60) == 0
    finally:
        for p in stasiun:
            if p.poll() is None:
                p.kill()
            p.communicate(timeout=60)  # reaps it and closes its pipes
    with MesinCariPostgres(kantor_pg) as mesin:
        assert mesin.jumlah_dokumen() == 2 * n * 20
        for nama in ("a", "b"):
            for i in (0, n * 20 - 1):
                assert [h.id for h in mesin.cari(Kueri(f"kode{nama}{i:04d}")).hasil] == [
                    f"{nama}-{i:04d}"
                ]
        # the names both workstations shared were recorded once each, and still widen typos
        hasil = mesin.cari(Kueri(peserta="Nugroh Wibowo b"))
        assert hasil.jumlah > 0 and all(h.id.startswith("b-") for h in hasil.hasil)


def test_penulis_dibunuh_di_tengah_transaksi_tidak_meninggalkan_setengah(
    kantor_pg: Konfigurasi,
):
    url = kantor_pg.url_basis_data
    with MesinCariPostgres(kantor_pg) as mesin:
        mesin.engine  # noqa: B018 - migrate before the child starts
        p = _pekerja(url, "gantung", "gantung")
        try:
            assert _baris(p) == "terkirim"
            # 500 documents are on the server inside the open transaction: nobody sees them
            assert mesin.jumlah_dokumen() == 0
            assert mesin.cari(Kueri("setengah jadi")).jumlah == 0
            p.send_signal(signal.SIGKILL)
            assert p.wait(timeout=60) == -signal.SIGKILL
        finally:
            if p.poll() is None:
                p.kill()
            p.communicate(timeout=60)  # reaps it and closes its pipes
        # Writing the first document the dead writer had sent waits on its row lock until the
        # server has rolled that transaction back: the database itself says when it is over.
        pengganti = dokumen("gantung", 0)
        with mesin.tulis() as w:
            w.tambah(pengganti)
        assert mesin.jumlah_dokumen() == 1
        assert mesin.cari(Kueri("setengah jadi")).jumlah == 0
        assert [h.id for h in mesin.cari(Kueri("kodegantung0000")).hasil] == [pengganti.id]
        assert mesin.cari(Kueri("kodegantung0001")).jumlah == 0
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            semua = c.execute(text("SELECT id FROM cari_dokumen")).scalars().all()
            kata = c.execute(text("SELECT kata FROM cari_kata_nama")).scalars().all()
        assert semua == [pengganti.id]
        # only the replacement's name words were recorded, none of the dead writer's others
        assert sorted(kata) == sorted({k.lower() for k in pengganti.peserta[0].nama.split()})
    finally:
        engine.dispose()
