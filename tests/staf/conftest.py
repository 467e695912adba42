"""Fixtures of the web desk's tests: an office with the Kaltim standards, accounts of every
role, a few requests, and the application served in-process over HTTPS-looking URLs (the
session cookie is Secure)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

with warnings.catch_warnings():  # starlette's TestClient asks for httpx2; httpx serves it here
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from naskah.config import Konfigurasi, muat_konfigurasi
from naskah.staf import pengguna as pg
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja
from tests.register.conftest import server_pg  # noqa: F401 - reused
from tests.ult.conftest import KALTENG, KALTIM, PDF, Jam

SANDI = "sandi-rahasia-123"
PERAN_UJI = ("staf_ult", "kasubbag_umum", "pokja", "kepala", "arsiparis", "admin")

TOML = f"""
[tte]
zona_waktu = "WITA"

[ult]
standar = ["{KALTIM}", "{KALTENG}"]

[seri.naskah]
unit = "C7.24"

[ult.fasilitas.aula]
nama = "Aula Utama"
kapasitas = 150
tarif_hari = 1500000

[meja]
gagal_maks = 3
kunci_menit = 15
"""


@pytest.fixture(autouse=True)
def hash_ringan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters in tests (the real ones cost ~0.1 s a hash on purpose)."""
    from argon2 import PasswordHasher

    ringan = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(pg, "_hasher", lambda: ringan)
    monkeypatch.setattr(pg, "_hash_tiruan", lambda: ringan.hash("tiruan"))


@dataclass
class Kantor:
    folder: Path
    konfigurasi: Konfigurasi
    jam: Jam
    kode: dict[str, str]


@pytest.fixture
def kantor(tmp_path: Path) -> Iterator[Kantor]:
    folder = tmp_path / "kantor"
    folder.mkdir()
    (folder / "naskah.toml").write_text(TOML, encoding="utf-8")
    k = muat_konfigurasi(folder / "naskah.toml")
    jam = Jam(datetime(2025, 6, 2, 2, 0, tzinfo=UTC))  # Monday 10:00 WITA
    lampiran = tmp_path / "surat.pdf"
    lampiran.write_bytes(PDF)
    kode: dict[str, str] = {}
    with Meja(k, jam=jam, oleh="uji") as m:
        for peran in PERAN_UJI:
            pg.tambah(m, peran.replace("_", "-"), nama_lengkap=f"Petugas {peran}", peran=peran,
                      sandi=SANDI)  # fmt: skip
        pg.tambah(m, "pokja-lain", nama_lengkap="Pokja Lain", peran="pokja", sandi=SANDI)
        for nama, instansi in (("satu", "SMA Negeri 1 Samarinda"), ("dua", "SMP Negeri 2 Bontang")):
            p = pm.terima(
                m,
                pm.PermohonanBaru(
                    layanan="narasumber", instansi=instansi, telepon="081122334455",
                    perihal=f"Bimtek {nama}", kegiatan_mulai=date(2025, 7, 1),
                    semua_syarat=True, lampiran=(lampiran,),
                ),
            )  # fmt: skip
            kode[nama] = p.kode
        pm.disposisi(m, kode["dua"], "pokja", unit="Pokja Narasumber")
    yield Kantor(folder, k, jam, kode)


@pytest.fixture
def klien(kantor: Kantor) -> Iterator[TestClient]:
    from naskah.staf.aplikasi import buat_aplikasi

    app = buat_aplikasi(kantor.konfigurasi, jam=kantor.jam)
    with TestClient(app, base_url="https://meja.kantor", follow_redirects=False) as c:
        yield c


def csrf_dari(html: str) -> str:
    import re

    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF field in the page"
    return m.group(1)


def masuk(c: TestClient, nama: str, sandi: str = SANDI) -> str:
    """Log ``nama`` in; return a CSRF token of the session's pages."""
    r = c.get("/masuk")
    r = c.post("/masuk", data={"csrf": csrf_dari(r.text), "nama": nama, "sandi": sandi})
    assert r.status_code == 303, r.text
    return csrf_dari(c.get("/tugas").text)
