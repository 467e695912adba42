"""Two desks booking the same room for the same day at once on PostgreSQL: exactly one wins.

Both bookings are made on their own connection, in their own thread, and both are held at the
booking's lock (``pg_advisory_xact_lock``) by a third connection until PostgreSQL shows both
waiting; then the lock is released and the two race through the conflict check together.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text

from naskah.config import muat_konfigurasi
from naskah.errors import UltError
from naskah.ult import fasilitas as fs
from naskah.ult.meja import Meja

WITA = ZoneInfo("Asia/Makassar")
KUNCI = "ult_pemesanan:aula"


def _tunggu(syarat, batas: float = 60.0) -> None:
    """Wait until ``syarat()`` holds (a state PostgreSQL reports), failing after ``batas`` s."""
    akhir = time.monotonic() + batas
    jeda = threading.Event()
    while not syarat():
        assert time.monotonic() < akhir, "PostgreSQL tidak menunjukkan kedua pemesanan menunggu"
        jeda.wait(0.02)


@pytest.mark.slow
def test_dua_pemesanan_serentak_hanya_satu_menang(kantor: Path, jam, server_pg):
    url = server_pg.basis_baru()
    konfigurasi = muat_konfigurasi(kantor / "naskah.toml")
    with Meja(konfigurasi, jam=jam, oleh="penyiap", url=url) as m:
        assert fs.daftar(m) == []  # the desk's tables exist before the race
    mulai = datetime(2025, 7, 1, 8, 0, tzinfo=WITA)
    selesai = datetime(2025, 7, 1, 16, 0, tzinfo=WITA)
    siap = threading.Barrier(3)
    hasil: dict[str, object] = {}

    def pesan(nama: str) -> None:
        with Meja(konfigurasi, jam=jam, oleh=nama, url=url) as m:
            siap.wait(timeout=60)
            try:
                hasil[nama] = fs.pesan(m, "aula", mulai, selesai, peserta=40)
            except UltError as exc:
                hasil[nama] = exc

    mesin = create_engine(url)
    try:
        with mesin.connect() as penahan:
            penahan.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": KUNCI})
            benang = [threading.Thread(target=pesan, args=(n,)) for n in ("meja-a", "meja-b")]
            for b in benang:
                b.start()
            siap.wait(timeout=60)

            def dua_menunggu() -> bool:
                with mesin.connect() as c:
                    return c.execute(text(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                    )).scalar_one() == 2  # fmt: skip

            _tunggu(dua_menunggu)
            penahan.rollback()  # releases the lock: both go on at once
            for b in benang:
                b.join(timeout=60)
                assert not b.is_alive()
    finally:
        mesin.dispose()
    menang = [v for v in hasil.values() if isinstance(v, fs.Pemesanan)]
    kalah = [v for v in hasil.values() if isinstance(v, UltError)]
    assert len(menang) == 1 and len(kalah) == 1, hasil
    assert "Aula Utama sudah dipesan 2025-07-01 08:00 sampai 2025-07-01 16:00" in kalah[0].pesan
    assert f"(pemesanan #{menang[0].id})" in kalah[0].pesan
    with Meja(konfigurasi, jam=jam, oleh="pemeriksa", url=url) as m:
        ada = fs.daftar(m, fasilitas="aula")
    assert [(p.id, p.keadaan) for p in ada] == [(menang[0].id, "dipesan")]
