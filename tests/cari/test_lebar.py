"""A very broad query ranks only its newest matches and says its count is an estimate."""

from __future__ import annotations

import pytest

from naskah.cari import Kueri
from naskah.cari.whoosh import BATAS_PERINGKAT, MesinCariWhoosh
from tests.cari.korpus import Generator


@pytest.fixture(scope="module")
def arsip_besar(tmp_path_factory: pytest.TempPathFactory):
    dokumen = list(Generator(benih=3).dokumen(3 * BATAS_PERINGKAT))
    mesin = MesinCariWhoosh(tmp_path_factory.mktemp("besar"))
    mesin.bangun_ulang(dokumen)
    return mesin, dokumen


def test_kueri_sangat_luas_memeringkat_yang_terbaru_dengan_jumlah_perkiraan(arsip_besar):
    mesin, dokumen = arsip_besar
    cocok = [d for d in dokumen if "pendidikan" in (d.tentang + d.teks).lower()]
    assert len(cocok) > 2 * BATAS_PERINGKAT
    hasil = mesin.cari(Kueri("pendidikan", batas=20))
    assert hasil.pasti is False
    assert BATAS_PERINGKAT <= hasil.jumlah <= len(dokumen)
    assert abs(hasil.jumlah - len(cocok)) <= len(cocok) // 2
    tanggal = sorted((d.tanggal for d in dokumen), reverse=True)
    ambang = tanggal[2 * BATAS_PERINGKAT]
    assert len(hasil.hasil) == 20
    assert all(h.tanggal >= ambang for h in hasil.hasil)


def test_kueri_sempit_dihitung_pasti(arsip_besar):
    mesin, dokumen = arsip_besar
    nomor = dokumen[123].nomor
    hasil = mesin.cari(Kueri(nomor))
    assert hasil.pasti is True and hasil.hasil[0].nomor == nomor


def test_saringan_yang_mempersempit_tetap_lengkap(arsip_besar):
    mesin, dokumen = arsip_besar
    sk = [d for d in dokumen if d.jenis == "sk_kerja_sama"]
    hasil = mesin.cari(Kueri("pendidikan", jenis="sk_kerja_sama", batas=1000))
    assert hasil.pasti is True
    assert hasil.jumlah == len(sk) == len(hasil.hasil)


def test_urut_tanggal_pada_kueri_luas_memberi_yang_terbaru(arsip_besar):
    mesin, dokumen = arsip_besar
    hasil = mesin.cari(Kueri("pendidikan", urut="tanggal", batas=5))
    terbaru = max(d.tanggal for d in dokumen if "pendidikan" in (d.tentang + d.teks).lower())
    assert hasil.hasil[0].tanggal == terbaru
    assert [h.tanggal for h in hasil.hasil] == sorted((h.tanggal for h in hasil.hasil),
                                                       reverse=True)  # fmt: skip
