"""Fixtures of the desk's tests: an office folder whose standards are the Kaltim decree, a clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from naskah.config import muat_konfigurasi
from naskah.ult.meja import Meja
from tests.register.conftest import server_pg  # noqa: F401 - reused

ROOT = Path(__file__).resolve().parents[2]
KALTIM = ROOT / "examples" / "keputusan-bpmp-kaltim-2024.yaml"
KALTENG = ROOT / "examples" / "keputusan-bpmp-kalteng-2025.yaml"

TOML = f"""
[tte]
zona_waktu = "WITA"

[ult]
standar = ["{KALTIM}", "{KALTENG}"]
jeda_kegiatan = "tandai"
lampiran_maks = 3
lampiran_maks_mb = 0.05

[ult.penutupan]
"2025-06-16" = "Rapat kerja kantor"

[ult.layanan.kerjasama]
hari_kerja_jawaban = 3
unit = "Subbag Umum"

[ult.fasilitas.aula]
nama = "Aula Utama"
jenis = "aula"
kapasitas = 150
tarif_hari = 1500000
tarif_setengah_hari = 800000

[ult.fasilitas.wisma]
nama = "Wisma Tamu"
jenis = "wisma"
kapasitas = 2
tarif_malam = 250000
"""

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


class Jam:
    """A settable clock (aware UTC)."""

    def __init__(self, t: datetime) -> None:
        self.t = t

    def __call__(self) -> datetime:
        return self.t


@pytest.fixture
def kantor(tmp_path: Path) -> Path:
    folder = tmp_path / "kantor"
    folder.mkdir()
    (folder / "naskah.toml").write_text(TOML, encoding="utf-8")
    return folder


@pytest.fixture
def jam() -> Jam:
    # Monday 2 June 2025, 10:00 WITA
    return Jam(datetime(2025, 6, 2, 2, 0, tzinfo=UTC))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def meja(request: pytest.FixtureRequest, kantor: Path, jam: Jam) -> Iterator[Meja]:
    """The desk on SQLite, then (slow) on a fresh database of a real PostgreSQL server."""
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("server_pg").basis_baru()
    m = Meja(muat_konfigurasi(kantor / "naskah.toml"), jam=jam, oleh="petugas-ult", url=url)
    yield m
    m.tutup()


def jumlah(meja: Meja, tabel: str) -> int:
    """Return the rows of ``tabel`` (0 without a register)."""
    with meja.baca() as sql:
        return 0 if sql is None else int(sql.skalar(f"SELECT count(*) FROM {tabel}"))


@pytest.fixture
def pdf(tmp_path: Path) -> Path:
    p = tmp_path / "surat-permohonan.pdf"
    p.write_bytes(PDF)
    return p
