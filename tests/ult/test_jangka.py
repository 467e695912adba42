"""Working-day promises read from the seeds' own phrasing."""

from __future__ import annotations

import pytest

from naskah.ult.jangka import baca_jangka


@pytest.mark.parametrize(
    ("teks", "hari", "sebelum"),
    [
        ("Paling lambat 5 (lima) hari kerja setelah surat permohonan kerja sama dan kelengkapan "
         "dokumen diterima.", 5, False),
        ("5 (lima) hari kerja sejak surat permohonan kerjasama diterima", 5, False),
        ("Paling lama 2 hari kerja sejak surat permohonan narasumber diterima", 2, False),
        ("Jangka waktu pemberian jawaban 2 (dua) hari kerja, terhitung sejak permohonan masuk. "
         "Penggunaan fasilitas sesuai jadwal yang diajukan waktu cek in dan cek out.", 2, False),
        ("Permohonan diajukan paling lambat 7 (tujuh) hari kerja sebelum pelaksanaan kegiatan.",
         7, True),
        ("Pengaduan diproses dalam waktu paling lambat 5 (lima) hari kerja, dan hasil tindak "
         "lanjut akan diinformasikan kepada pelapor.", 5, False),
        ("dijawab dalam tiga hari kerja", 3, False),
        ("paling lambat 12 (dua belas) Hari Kerja", 12, False),
    ],
)  # fmt: skip
def test_frasa_benih_terbaca(teks: str, hari: int, sebelum: bool):
    (jangka,) = baca_jangka(teks)
    assert (jangka.hari, jangka.sebelum, jangka.masalah) == (hari, sebelum, None)


def test_dua_janji_dalam_satu_teks_urut():
    teks = (
        "Paling lambat 5 (lima) hari kerja setelah surat permohonan kerja sama dan kelengkapan "
        "dokumen diterima. Informasi penolakan/persetujuan permohonan kerja sama disampaikan "
        "kepada pemohon paling lambat 3 (tiga) hari kerja setelah surat permohonan diterima."
    )
    assert [j.hari for j in baca_jangka(teks)] == [5, 3]


@pytest.mark.parametrize(
    ("teks", "masalah"),
    [
        ("paling lambat 5 (tiga) hari kerja", "tidak sama"),
        ("diproses dalam 14 hari sejak diterima", "bukan hari kerja"),
        ("0 (nol) hari kerja", None),  # "nol" is no number of the table: read as unreadable
    ],
)
def test_frasa_meragukan_tidak_ditebak(teks: str, masalah: str | None):
    (jangka,) = baca_jangka(teks)
    assert jangka.hari is None
    if masalah:
        assert masalah in (jangka.masalah or "")


def test_teks_tanpa_jangka():
    assert baca_jangka("Sesuai jadwal yang diajukan waktu cek in dan cek out.") == []
