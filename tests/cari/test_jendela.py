"""The Whoosh backend on a larger archive: the newest-months window always ends and highlights,
and a closed backend lets go of its index files."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from naskah.cari import DokumenIndeks, Kueri
from naskah.cari.whoosh import BATAS_PERINGKAT, MesinCariWhoosh

FRASA_LANGKA = 12


def _dokumen(i: int) -> DokumenIndeks:
    # every document holds both words; only a few hold them as the phrase "mutu pendidikan"
    teks = "mutu pendidikan dasar" if i < FRASA_LANGKA else "pendidikan dasar dan mutu layanan"
    return DokumenIndeks(
        id=f"st:{i}",
        nomor=f"{i:04d}/C7.24/KP.04.05/2024",
        jenis="surat_tugas",
        tanggal=date(2020 + i % 5, 1 + i % 12, 1 + i % 28),
        tentang="Penugasan pegawai",
        teks=teks,
    )


@pytest.fixture
def batas_waktu() -> Iterator[None]:
    """Fail a search that does not end within a minute, instead of hanging the suite."""

    def habis(signum: int, frame: object) -> None:
        raise TimeoutError("pencarian tidak selesai dalam 60 detik")

    lama = signal.signal(signal.SIGALRM, habis)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, lama)


def test_jendela_selesai_walau_bulan_menghitung_dokumen_terhapus(tmp_path: Path, batas_waktu):
    mesin = MesinCariWhoosh(tmp_path)
    mesin.bangun_ulang(_dokumen(i) for i in range(BATAS_PERINGKAT + 200))
    # documents added and removed again: the months' counts still include them
    with mesin.tulis() as penulis:
        for i in range(300):
            penulis.tambah(replace(_dokumen(FRASA_LANGKA + i), id=f"sementara:{i}"))
    with mesin.tulis() as penulis:
        for i in range(300):
            penulis.hapus(f"sementara:{i}")

    hasil = mesin.cari(Kueri('"mutu pendidikan"', batas=50))

    assert hasil.pasti
    assert hasil.jumlah == FRASA_LANGKA
    assert {h.id for h in hasil.hasil} == {f"st:{i}" for i in range(FRASA_LANGKA)}
    assert all("[[mutu]] [[pendidikan]]" in h.cuplikan for h in hasil.hasil)
    mesin.tutup()


def test_kueri_luas_memberi_cuplikan_bersorot(tmp_path: Path):
    mesin = MesinCariWhoosh(tmp_path)
    mesin.bangun_ulang(_dokumen(i) for i in range(BATAS_PERINGKAT + 200))

    hasil = mesin.cari(Kueri("pendidikan dasar"))

    assert not hasil.pasti  # ranked in the newest-months window
    assert hasil.hasil
    assert all("[[pendidikan]] [[dasar]]" in h.cuplikan for h in hasil.hasil)
    mesin.tutup()


def _peta_indeks(folder: Path) -> int:
    """Return how many memory mappings of the index's files this process holds."""
    with open("/proc/self/maps", encoding="utf-8") as f:
        return sum(1 for baris in f if str(folder) in baris)


def test_tutup_melepas_berkas_indeks(tmp_path: Path):
    MesinCariWhoosh(tmp_path).bangun_ulang(_dokumen(i) for i in range(50))
    sebelum = _peta_indeks(tmp_path)
    for _ in range(10):  # as ten `naskah cari` calls in one long-lived process
        mesin = MesinCariWhoosh(tmp_path)
        assert mesin.cari(Kueri("pendidikan")).hasil
        mesin.tutup()
    assert _peta_indeks(tmp_path) <= sebelum + 2
