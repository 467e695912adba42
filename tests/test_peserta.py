"""Participant sheets: the examples read the same from CSV and XLSX; bad rows are all reported."""

from __future__ import annotations

import pytest

from naskah.errors import InputError
from naskah.peserta import baca_peserta
from tests.conftest import EXAMPLES


def test_csv_dan_xlsx_contoh_sama():
    csv_ = baca_peserta(EXAMPLES / "peserta-contoh.csv")
    xlsx = baca_peserta(EXAMPLES / "peserta-contoh.xlsx")
    assert len(csv_) == 12 and csv_ == xlsx
    assert {p.peran for p in csv_} >= {"peserta", "narasumber"}
    assert sum(p.nip is None for p in csv_) == 3


def test_baris_buruk_semua_dilaporkan_tanpa_mengambil_apa_pun(tmp_path):
    p = tmp_path / "peserta.csv"
    p.write_text(
        "nama,nik,instansi,email,peran\n"
        "Ani,6472014501900001,SDN 1,ani@example.org,peserta\n"
        "Budi,123,SDN 2,budi@example.org,peserta\n"
        ",6472010101900001,SDN 3,,peserta\n"
        "Citra,6472014501900002,SDN 4,citra@example.org,penonton\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        baca_peserta(p)
    baris = sorted(m.baris for m in info.value.masalah)
    assert baris == [3, 4, 5]
    assert "tidak ada peserta yang diambil" in str(info.value)


def test_kolom_wajib_hilang(tmp_path):
    p = tmp_path / "peserta.csv"
    p.write_text("nama;sekolah\nAni;SDN 1\n", encoding="utf-8")
    with pytest.raises(InputError, match="belum ada: instansi.*kolom tidak dikenal: sekolah"):
        baca_peserta(p)


def test_bukan_excel(tmp_path):
    p = tmp_path / "peserta.xlsx"
    p.write_text("bukan excel")
    with pytest.raises(InputError, match="bukan berkas Excel"):
        baca_peserta(p)
