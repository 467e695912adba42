"""``naskah cari`` end to end: the real command line over an index of the examples."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naskah.cari import Kueri, MesinCari, buka_mesin_cari
from naskah.config import muat_konfigurasi
from naskah.errors import InputError
from tests.cari.korpus import korpus_contoh


@pytest.fixture
def kantor_terindeks(kantor: Path) -> Path:
    """Return an office folder whose archive index holds the examples."""
    konfigurasi = muat_konfigurasi(kantor / "naskah.toml")
    mesin = buka_mesin_cari(konfigurasi)
    mesin.bangun_ulang(korpus_contoh())
    mesin.tutup()
    return kantor


def test_cari_teks_mencetak_nomor_jenis_tanggal_tentang_cuplikan_lokasi(
    naskah_cli, kantor_terindeks: Path
):
    p = naskah_cli("cari", "kerjasama fasilitasi Kutai Kartanegara", cwd=kantor_terindeks)
    assert p.returncode == 0, p.stderr
    baris = p.stdout.splitlines()
    assert baris[0].startswith("Ditemukan ")
    assert "1. 0530/C7.24/HK.03.01/2024 · SK Kerja Sama · 15 Juli 2024" in baris
    assert any(b.strip().startswith("Tentang: KERJA SAMA FASILITASI") for b in baris)
    assert any("[[" in b and "]]" in b for b in baris)  # the highlighted snippet
    lokasi = kantor_terindeks / "archive" / "2024" / "sk_kerja_sama"
    assert any(b.strip().startswith(f"Arsip: {lokasi}") for b in baris)


def test_cari_json(naskah_cli, kantor_terindeks: Path):
    p = naskah_cli("cari", "0512/C7.24/HK.03.01/2024", "--json", cwd=kantor_terindeks)
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data["jumlah"] >= 1
    pertama = data["hasil"][0]
    assert pertama["nomor"] == "0512/C7.24/HK.03.01/2024"
    assert pertama["jenis"] == "keputusan" and pertama["tanggal"] == "2024-05-21"
    assert data["jumlah_pasti"] is True
    assert set(pertama) == {"nomor", "jenis", "tanggal", "tentang", "cuplikan", "lokasi", "skor"}


def test_cari_saringan_dari_baris_perintah(naskah_cli, kantor_terindeks: Path):
    p = naskah_cli(
        "cari", "--peserta", "Bambang Sutrisna", "--jenis", "sertifikat", "--tahun", "2024",
        "--urut", "tanggal", "--batas", "1", "--json", cwd=kantor_terindeks,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    (hit,) = json.loads(p.stdout)["hasil"]
    assert hit["nomor"] == "0007/Sertifikat/BPMPKALTIM/2024"
    p = naskah_cli("cari", "--penandatangan", "Tomy Haridjaya", "--dari", "1 Maret 2025",
                   "--sampai", "2025-03-31", cwd=kantor_terindeks)  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert "0274/C7.22/OT.02.02/2025" in p.stdout


def test_tanpa_hasil_bukan_galat(naskah_cli, kantor_terindeks: Path):
    p = naskah_cli("cari", "zzzzqqq", cwd=kantor_terindeks)
    assert p.returncode == 0
    assert "Tidak ada naskah yang cocok" in p.stdout


@pytest.mark.parametrize(
    ("args", "kode", "pesan"),
    [
        ((), 1, "Tulis kata yang dicari"),
        (("  ",), 1, "Tulis kata yang dicari"),
        (("dan yang",), 1, "hanya berisi kata umum"),
        (('"',), 1, "hanya berisi kata umum"),
        (("x", "--tahun", "2024", "--dari", "2024-01-01"), 2, "--tahun atau --dari"),
        (("x", "--dari", "kemarin"), 2, "bukan tanggal"),
        (("x", "--dari", "2024-12-01", "--sampai", "2024-01-01"), 1, "tukar keduanya"),
        (("x", "--batas", "0"), 2, "--batas"),
        (("x", "--jenis", "memo"), 2, "--jenis"),
    ],
)
def test_kueri_salah_satu_kalimat_tanpa_traceback(naskah_cli, kantor_terindeks, args, kode, pesan):
    p = naskah_cli("cari", *args, cwd=kantor_terindeks)
    assert p.returncode == kode, (p.stdout, p.stderr)
    assert pesan in p.stderr
    assert "Traceback" not in p.stderr and "tak terduga" not in p.stderr


def test_indeks_belum_ada_disuruh_indeks_ulang(naskah_cli, kantor: Path):
    p = naskah_cli("cari", "kerja sama", cwd=kantor)
    assert p.returncode == 1
    assert "naskah arsip indeks-ulang" in p.stderr
    assert "Traceback" not in p.stderr


@pytest.fixture(scope="module")
def mesin_contoh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MesinCari]:
    from naskah.cari.whoosh import MesinCariWhoosh

    mesin = MesinCariWhoosh(tmp_path_factory.mktemp("contoh"))
    mesin.bangun_ulang(korpus_contoh())
    yield mesin
    mesin.tutup()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(teks=st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
       | st.lists(st.sampled_from(['"', "(", ")", "*", "?", "~", "^", ":", "AND", "OR",
                                   "NOT", "-", "/", "\\", "[", "]", "{", "}", "kerja",
                                   "sama", "19780512", "0512/C7.24", "  ", "\x00"]),
                  max_size=8).map("".join))  # fmt: skip
def test_kueri_apa_pun_menjawab_atau_menolak_dengan_kalimat(mesin_contoh: MesinCari, teks: str):
    try:
        hasil = mesin_contoh.cari(Kueri(teks))
    except InputError as exc:
        assert str(exc).endswith(".")
    else:
        assert hasil.jumlah >= len(hasil.hasil)


def test_cari_membaca_ketikan_staf(naskah_cli, kantor_terindeks: Path):
    p = naskah_cli("cari", "0274/C7.22", cwd=kantor_terindeks)
    assert p.returncode == 0, p.stderr
    assert "1. 0274/C7.22/OT.02.02/2025 · Keputusan" in p.stdout
    p = naskah_cli("cari", "kutai kartanegra", cwd=kantor_terindeks)
    assert p.returncode == 0, p.stderr
    assert 'Tidak ada naskah yang memuat "kartanegra". Maksud Anda: kutai kartanegara?' in p.stdout
    p = naskah_cli("cari", "kukar fasilitasi", cwd=kantor_terindeks)
    assert "Singkatan dibaca juga kepanjangannya: kukar = kutai kartanegara." in p.stdout
    assert "1. 0530/C7.24/HK.03.01/2024 · SK Kerja Sama" in p.stdout
    p = naskah_cli("cari", "SK kerjasama 2024", cwd=kantor_terindeks)
    assert 'Hanya jenis SK Kerja Sama: dibaca dari kata "SK kerjasama".' in p.stdout
    assert "· Keputusan ·" not in p.stdout and "· Sertifikat ·" not in p.stdout


def test_sertifikat_satu_kegiatan_satu_baris_kecuali_semua(naskah_cli, kantor_terindeks: Path):
    p = naskah_cli("cari", "kurikulum operasional kutai kartanegara", cwd=kantor_terindeks)
    assert p.returncode == 0, p.stderr
    assert p.stdout.count("· Sertifikat ·") == 1
    assert "Bersama 11 sertifikat lain dari kegiatan yang sama" in p.stdout
    p = naskah_cli("cari", "kurikulum operasional kutai kartanegara", "--semua", "-n", "20",
                   cwd=kantor_terindeks)  # fmt: skip
    assert p.stdout.count("· Sertifikat ·") == 12
    assert "Bersama" not in p.stdout


def test_tanpa_hasil_menyebut_kata_dan_saran(naskah_cli, kantor_terindeks: Path):
    p = naskah_cli("cari", "kartanegara zzqxv", cwd=kantor_terindeks)
    assert p.returncode == 0
    assert 'Kata yang tidak ada di naskah mana pun: "zzqxv".' in p.stdout
    p = naskah_cli("cari", "Jarwoko Haridjaya", cwd=kantor_terindeks)
    assert p.returncode == 0
    assert "Setiap kata ada di arsip, tetapi tidak ada naskah yang memuat semuanya" in p.stdout
    p = naskah_cli("cari", "kutai kartanegra", "--json", cwd=kantor_terindeks)
    data = json.loads(p.stdout)
    assert data["saran"] == "kutai kartanegara" and data["saran_dipakai"] is True
    assert data["kata_tanpa_hasil"] == ["kartanegra"] and data["hasil"]


@pytest.mark.slow  # a real PostgreSQL server
def test_cuplikan_satu_baris_di_postgresql(tmp_path: Path, request: pytest.FixtureRequest):
    """PostgreSQL's ts_headline keeps the text's line breaks; every printed line of a hit is
    still indented under its header."""
    from tests.cari.korpus import korpus_ketik
    from tests.register.conftest import jalankan_cli, tulis_kantor

    konfigurasi = tulis_kantor(tmp_path, url=request.getfixturevalue("server_pg").basis_baru())
    mesin = buka_mesin_cari(konfigurasi)
    try:
        mesin.bangun_ulang(korpus_ketik(0))
    finally:
        mesin.tutup()
    hasil = jalankan_cli(tmp_path, "cari", "kepala balai penjaminan mutu")
    assert hasil.returncode == 0, hasil.stderr
    baris = hasil.stdout.splitlines()
    kepala = [i for i, b in enumerate(baris) if b[:1].isdigit()]
    assert kepala, hasil.stdout
    for b in baris[kepala[0] :]:
        assert not b or b[:1].isdigit() or b.startswith("   "), b
    assert any("[[" in b for b in baris), hasil.stdout  # a snippet was printed
