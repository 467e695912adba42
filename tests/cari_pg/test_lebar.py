"""A very broad query on PostgreSQL ranks only its newest matches and says its count is an
estimate; a narrow one is ranked and counted in full."""

from __future__ import annotations

import pytest

from naskah.cari import Kueri
from naskah.cari.postgresql import BATAS_PERINGKAT, MesinCariPostgres
from tests.cari.korpus import Generator


@pytest.fixture
def arsip_besar(mesin: MesinCariPostgres):
    dokumen = list(Generator(benih=3).dokumen(3 * BATAS_PERINGKAT))
    mesin.bangun_ulang(dokumen)
    return mesin, dokumen


def test_kueri_luas_yang_terbaru_dengan_jumlah_perkiraan_dan_kueri_sempit_pasti(arsip_besar):
    mesin, dokumen = arsip_besar
    cocok = [d for d in dokumen if "pendidikan" in (d.tentang + d.teks).lower()]
    assert len(cocok) > 2 * BATAS_PERINGKAT
    hasil = mesin.cari(Kueri("pendidikan", batas=20))
    assert hasil.pasti is False
    assert BATAS_PERINGKAT <= hasil.jumlah <= len(dokumen)
    assert abs(hasil.jumlah - len(cocok)) <= len(cocok) // 2
    ambang = sorted((d.tanggal for d in cocok), reverse=True)[BATAS_PERINGKAT]
    assert len(hasil.hasil) == 20 and all(h.tanggal >= ambang for h in hasil.hasil)

    terbaru = mesin.cari(Kueri("pendidikan", urut="tanggal", batas=5))
    assert terbaru.hasil[0].tanggal == max(d.tanggal for d in cocok)

    nomor = dokumen[123].nomor  # an old number typed whole still comes first
    hasil = mesin.cari(Kueri(nomor))
    assert hasil.pasti is True and hasil.hasil[0].nomor == nomor

    sk = [d for d in dokumen if d.jenis == "sk_kerja_sama"]
    hasil = mesin.cari(Kueri("pendidikan", jenis="sk_kerja_sama", batas=1000))
    assert hasil.pasti is True
    assert hasil.jumlah == len(sk) == len(hasil.hasil)
