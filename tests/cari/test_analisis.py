"""The Indonesian analysis of the Whoosh backend, term by term."""

from __future__ import annotations

import pytest

from naskah.cari._analisis import analis_nama, analis_teks


def _istilah(teks: str) -> list[str]:
    return [t.text for t in analis_teks()(teks)]


def test_nomor_naskah_dan_kode_tetap_utuh():
    assert _istilah("Nomor 0512/C7.24/HK.03.01/2024 kode HK.03.01 unit C7.24") == [
        "0512/c7.24/hk.03.01/2024", "kode", "hk.03.01", "unit", "c7.24",
    ]  # fmt: skip


@pytest.mark.parametrize("nip", ["19780512 200312 2 004", "19780512 200312 2004",
                                 "197805122003122004"])  # fmt: skip
def test_nip_tercetak_berspasi_menjadi_18_digit(nip: str):
    assert _istilah(f"NIP {nip},") == ["nip", "197805122003122004"]


@pytest.mark.parametrize(
    ("renggang", "rapat"),
    [
        ("kerja sama", "kerjasama"),
        ("Bekerja Sama", "bekerjasama"),
        ("tanda tangan", "tandatangan"),
        ("ditanda tangani", "ditandatangani"),
        ("nara sumber", "narasumber"),
        ("nara sumbernya", "narasumbernya"),
    ],
)
def test_pasangan_ejaan_bertemu_pada_istilah_yang_sama(renggang: str, rapat: str):
    assert _istilah(renggang) == _istilah(rapat)
    assert len(_istilah(renggang)) == 1


def test_kata_majemuk_berimbuhan_bertemu_bentuk_dasarnya():
    # Snowball alone gives "rjasama" for kerjasama but "kerjasama" for bekerjasama
    assert _istilah("kerjasama") == _istilah("bekerjasama") == _istilah("kerjasamanya")
    assert _istilah("penandatangan") == _istilah("tandatangan")


def test_kata_henti_dibuang_dan_kata_dipotong():
    assert _istilah("yang dan di pelayanan pendidikan") == ["layan", "didik"]


def test_kata_berpemisah_tanpa_angka_dipecah():
    assert _istilah("Undang-Undang S.Pd.") == ["undang", "undang", "s", "pd"]


def test_nama_tidak_dipotong():
    assert [t.text for t in analis_nama()("Siti Rahmawati, S.Pd.")] == [
        "siti", "rahmawati", "s", "pd",
    ]  # fmt: skip


def test_posisi_karakter_menunjuk_teks_asli():
    teks = "Surat ditanda tangani oleh NIP 19780512 200312 2 004 tentang kerja sama."
    spans = [teks[t.startchar : t.endchar] for t in analis_teks()(teks, chars=True)]
    assert "ditanda tangani" in spans and "kerja sama" in spans
    assert "19780512 200312 2 004" in spans
