"""Importing an old buku agenda (all or nothing) and exporting the register as one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from naskah.config import Konfigurasi
from naskah.errors import RegisterError
from naskah.register import ImporError, buka_register, ekspor

from .conftest import jalankan_cli, tulis_kantor

DATA = Path(__file__).with_name("data")


def test_impor_menolak_seluruh_berkas_dan_melaporkan_setiap_baris(kantor_db: Konfigurasi) -> None:
    with buka_register(kantor_db) as reg:
        with pytest.raises(ImporError) as e:
            reg.impor("naskah", DATA / "buku-agenda-2023-salah.csv")
        assert reg.daftar() == []
    baris = [m.baris for m in e.value.masalah]
    assert baris == [3, 4, 5, 6, 7, 8, 9]  # the header is row 1; only row 2 is good
    pesan = str(e.value)
    assert "7 baris yang salah, jadi tidak ada yang diimpor" in pesan
    assert "buku-agenda-2023-salah.csv:3: Kode klasifikasi 'XX.01' tidak dikenal" in pesan
    assert "sudah muncul di baris 2" in pesan
    assert "tahun pada nomor (2023) berbeda dengan tahun tanggalnya (2024)" in pesan
    assert "tidak punya nomor induk" in pesan
    assert "harus disertai alasan" in pesan


def test_impor_lalu_lanjut_dan_menolak_duplikat(kantor_db: Konfigurasi) -> None:
    with buka_register(kantor_db) as reg:
        hasil = reg.impor("naskah", DATA / "buku-agenda-2023.csv", oleh="arsiparis")
        berikut = reg.ambil(
            "naskah", tanggal="2023-12-29", perihal="susulan", klasifikasi="HK.03.01"
        )
        with pytest.raises(ImporError) as e:
            reg.impor("naskah", DATA / "buku-agenda-2023.csv")
        semua = reg.daftar(tahun=2023)
        with pytest.raises(RegisterError, match="lebih awal"):
            reg.ambil("naskah", tanggal="2023-06-01", perihal="mundur", klasifikasi="HK.03.01")
    assert [n.teks for n in hasil] == [
        "0001/C7.24/HK.03.01/2023",
        "0002/C7.24/OT.02.02/2023",
        "0002a/C7.24/HK.03.01/2023",
        "0512/C7.24/HK.03.01/2023",
    ]
    assert hasil[3].keadaan == "batal" and hasil[3].alasan == "salah nomor"
    assert hasil[1].jenis == "Undangan" and hasil[0].oleh == "arsiparis"
    assert berikut.urut == 513
    assert [m.baris for m in e.value.masalah] == [2, 3, 4, 5]
    assert len(semua) == 5


def test_ekspor_xlsx_dan_csv_dapat_diimpor_kembali(tmp_path: Path) -> None:
    asal = tulis_kantor(tmp_path / "asal")
    with buka_register(asal) as reg:
        reg.impor("naskah", DATA / "buku-agenda-2023.csv")
        reg.ambil(
            "naskah",
            tanggal="2024-01-05",
            perihal="Surat tugas; monitoring",
            klasifikasi="OT.02.02",
        )
        semula = reg.daftar()
    for akhiran in ("xlsx", "csv"):
        berkas = ekspor(semula, tmp_path / f"agenda.{akhiran}")
        tujuan = tulis_kantor(tmp_path / f"tujuan-{akhiran}")
        with buka_register(tujuan) as reg:
            reg.impor("naskah", berkas)
            ulang = reg.daftar()
        kolom = ("teks", "tanggal", "klasifikasi", "jenis", "perihal", "keadaan", "alasan", "oleh")
        assert [tuple(getattr(n, k) for k in kolom) for n in ulang] == [
            tuple(getattr(n, k) for k in kolom) for n in semula
        ]


def test_impor_dari_baris_perintah(kantor: Konfigurasi) -> None:
    shutil.copy(DATA / "buku-agenda-2023-salah.csv", kantor.folder / "lama.csv")
    r = jalankan_cli(kantor.folder, "nomor", "impor", "lama.csv")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.splitlines()[0].startswith("Galat: Berkas lama.csv memuat 7 baris yang salah")
    assert [b.split(":")[1] for b in r.stderr.splitlines()[1:]] == [
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
        "9",
    ]
    shutil.copy(DATA / "buku-agenda-2023.csv", kantor.folder / "baik.csv")
    r = jalankan_cli(kantor.folder, "nomor", "impor", "baik.csv")
    assert r.returncode == 0 and r.stdout.strip() == "4 nomor diimpor dari baik.csv."


def test_pemeriksaan_impor_tanpa_basis_data(kantor: Konfigurasi) -> None:
    # the checks are pure functions: rows in, importable rows and problems out
    from naskah.register.impor import periksa_baris, periksa_bentrok

    baris = [
        (2, {"nomor": "0001/C7.24/HK.03.01/2023", "tanggal": "2023-01-02", "perihal": "a"}),
        (3, {"nomor": "0001/C7.24/HK.03.01/2023", "tanggal": "2023-01-02"}),
        (4, {"nomor": "0005a/C7.24/HK.03.01/2023", "tanggal": "2023-01-03"}),
        (5, {"nomor": "", "tanggal": "2023-01-03"}),
    ]
    calon, masalah = periksa_baris(
        baris, konfigurasi=kantor, seri="naskah", berkas="lama.csv", oleh="arsiparis"
    )
    assert [(c.baris, c.kunci, c.nilai["oleh"]) for c in calon] == [
        (2, (2023, 1, 0), "arsiparis"),
        (4, (2023, 5, 1), "arsiparis"),
    ]
    assert [str(m) for m in masalah] == [
        "lama.csv:3: nomor 0001/C7.24/HK.03.01/2023 sudah muncul di baris 2",
        "lama.csv:5: kolom nomor kosong",
    ]
    bentrok = periksa_bentrok(calon, {(2023, 1, 0): "0001/C7.24/HK.03.01/2023"}, berkas="lama.csv")
    assert [str(m) for m in bentrok] == [
        "lama.csv:2: nomor 0001/C7.24/HK.03.01/2023 sudah ada di register "
        "(0001/C7.24/HK.03.01/2023)",
        "lama.csv:4: nomor sisipan 0005a/C7.24/HK.03.01/2023 tidak punya nomor induk di berkas "
        "maupun register",
    ]
    assert not (kantor.folder_arsip / "register.sqlite").exists()
