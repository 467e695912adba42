"""A very broad query ranks only its newest matches and says its count is an estimate; a
narrow one is ranked and counted in full. One test, run on each backend (``MESIN``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from naskah.cari import DokumenIndeks, Kueri, MesinCari, buka_mesin_cari
from naskah.cari import postgresql as cari_postgresql
from naskah.cari import whoosh as cari_whoosh
from tests.cari.conftest import MESIN, konfigurasi_mesin
from tests.cari.korpus import Generator

BATAS_PERINGKAT = {
    "whoosh": cari_whoosh.BATAS_PERINGKAT,
    "postgresql": cari_postgresql.BATAS_PERINGKAT,
}
# One archive for both backends, larger than three times the larger ranking limit.
N_DOKUMEN = 3 * max(BATAS_PERINGKAT.values())

ArsipBesar = tuple[MesinCari, list[DokumenIndeks], int]


@pytest.fixture(scope="module", params=MESIN)
def arsip_besar(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ArsipBesar]:
    """Return (backend, its documents, its ranking limit): the same generated archive of
    three times the limit, indexed by each backend in turn."""
    dokumen = list(Generator(benih=3).dokumen(N_DOKUMEN))
    folder: Path = tmp_path_factory.mktemp(f"besar-{request.param}")
    mesin = buka_mesin_cari(konfigurasi_mesin(request.param, folder, request))
    mesin.bangun_ulang(dokumen)
    yield mesin, dokumen, BATAS_PERINGKAT[request.param]
    mesin.tutup()


def _cocok(dokumen: list[DokumenIndeks], dari: date | None = None, sampai: date | None = None):
    return [
        d
        for d in dokumen
        if "pendidikan" in (d.tentang + d.teks).lower()
        and (dari is None or d.tanggal >= dari)
        and (sampai is None or d.tanggal <= sampai)
    ]


def test_kueri_sangat_luas_memeringkat_yang_terbaru_dengan_jumlah_perkiraan(
    arsip_besar: ArsipBesar,
) -> None:
    mesin, dokumen, batas = arsip_besar
    cocok = _cocok(dokumen)
    assert len(cocok) > 2 * batas
    hasil = mesin.cari(Kueri("pendidikan", batas=20))
    assert hasil.pasti is False
    assert batas <= hasil.jumlah <= len(dokumen)
    assert abs(hasil.jumlah - len(cocok)) <= len(cocok) // 2
    # only the newest matches are ranked: every hit is at least as new as the limit-th newest
    # document of the archive, and as the limit-th newest match
    ambang = sorted((d.tanggal for d in dokumen), reverse=True)[2 * batas]
    ambang_cocok = sorted((d.tanggal for d in cocok), reverse=True)[batas]
    assert len(hasil.hasil) == 20
    assert all(h.tanggal >= max(ambang, ambang_cocok) for h in hasil.hasil)


def test_kueri_sempit_dihitung_pasti(arsip_besar: ArsipBesar) -> None:
    mesin, dokumen, _ = arsip_besar
    nomor = dokumen[123].nomor  # an old number typed whole still comes first
    hasil = mesin.cari(Kueri(nomor))
    assert hasil.pasti is True and hasil.hasil[0].nomor == nomor


def test_saringan_yang_mempersempit_tetap_lengkap(arsip_besar: ArsipBesar) -> None:
    mesin, dokumen, _ = arsip_besar
    sk = [d for d in dokumen if d.jenis == "sk_kerja_sama"]
    hasil = mesin.cari(Kueri("pendidikan", jenis="sk_kerja_sama", batas=1000))
    assert hasil.pasti is True
    assert hasil.jumlah == len(sk) == len(hasil.hasil)


def test_urut_tanggal_pada_kueri_luas_memberi_yang_terbaru(arsip_besar: ArsipBesar) -> None:
    mesin, dokumen, _ = arsip_besar
    hasil = mesin.cari(Kueri("pendidikan", urut="tanggal", batas=5))
    assert hasil.hasil[0].tanggal == max(d.tanggal for d in _cocok(dokumen))
    tanggal = [h.tanggal for h in hasil.hasil]
    assert tanggal == sorted(tanggal, reverse=True)


def test_kueri_luas_dengan_rentang_tahun_memeringkat_di_dalam_rentang(
    arsip_besar: ArsipBesar,
) -> None:
    mesin, dokumen, _ = arsip_besar
    dari, sampai = date(2023, 1, 1), date(2023, 12, 31)
    cocok = _cocok(dokumen, dari, sampai)
    hasil = mesin.cari(Kueri("pendidikan", dari=dari, sampai=sampai, batas=10))
    assert len(hasil.hasil) == 10
    assert all(dari <= h.tanggal <= sampai for h in hasil.hasil)
    assert abs(hasil.jumlah - len(cocok)) <= len(cocok) // 2
