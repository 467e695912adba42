"""Accounts of the web desk: argon2 hashes, lock-out, sessions stored as hashes, the CLI."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest

from naskah.errors import StafError
from naskah.staf import pengguna as pg
from naskah.ult.meja import Meja
from tests.conftest import run_naskah
from tests.staf.conftest import SANDI, Kantor


def _meja(kantor: Kantor) -> Meja:
    return Meja(kantor.konfigurasi, jam=kantor.jam, oleh="uji")


def test_sandi_disimpan_sebagai_hash_argon2_dan_sesi_sebagai_sidik(kantor: Kantor) -> None:
    with _meja(kantor) as m:
        s = pg.masuk(m, "staf-ult", SANDI, kantor.konfigurasi.meja)
        with m.baca() as sql:
            assert sql is not None
            sandi = sql.skalar("SELECT sandi FROM staf_pengguna WHERE nama = 'staf-ult'")
            token = sql.skalar("SELECT token FROM staf_sesi")
    assert sandi.startswith("$argon2id$") and SANDI not in sandi
    assert token == pg.sidik_token(s.token) and token != s.token
    assert len(s.token) >= 40 and len(s.csrf) >= 40


def test_salah_sandi_berulang_mengunci_akun_lalu_terbuka_lagi(kantor: Kantor) -> None:
    opsi = kantor.konfigurasi.meja  # gagal_maks = 3, kunci_menit = 15
    with _meja(kantor) as m:
        for _ in range(3):
            with pytest.raises(StafError) as e:
                pg.masuk(m, "kepala", "salah-sandinya-ini", opsi)
            assert str(e.value) == pg.GAGAL_MASUK
        # locked: even the right password is refused, with the same sentence
        with pytest.raises(StafError) as e:
            pg.masuk(m, "kepala", SANDI, opsi)
        assert str(e.value) == pg.GAGAL_MASUK
        # an unknown name gets the same answer
        with pytest.raises(StafError) as e:
            pg.masuk(m, "tidak-ada", SANDI, opsi)
        assert str(e.value) == pg.GAGAL_MASUK
        kantor.jam.t += timedelta(minutes=16)
        assert pg.masuk(m, "kepala", SANDI, opsi).pengguna.nama == "kepala"
        with m.baca() as sql:
            assert sql is not None
            aksi = [r["aksi"] for r in sql.semua(
                "SELECT aksi FROM staf_jejak WHERE pengguna = 'kepala' ORDER BY id")]  # fmt: skip
    assert aksi.count("gagal_masuk") == 4 and "dikunci" in aksi and aksi[-1] == "masuk"


def test_nonaktif_mengakhiri_sesi_yang_terbuka(kantor: Kantor) -> None:
    opsi = kantor.konfigurasi.meja
    with _meja(kantor) as m:
        s = pg.masuk(m, "pokja", SANDI, opsi)
        assert pg.sesi(m, s.token, opsi) is not None
        pg.nonaktif(m, "pokja")
        assert pg.sesi(m, s.token, opsi) is None
        with pytest.raises(StafError):
            pg.masuk(m, "pokja", SANDI, opsi)
        pg.ubah(m, "pokja", aktif=True)
        assert pg.masuk(m, "pokja", SANDI, opsi).pengguna.aktif


def test_sesi_berakhir_bila_lama_tidak_dipakai(kantor: Kantor) -> None:
    opsi = kantor.konfigurasi.meja
    with _meja(kantor) as m:
        s = pg.masuk(m, "staf-ult", SANDI, opsi)
        kantor.jam.t += timedelta(minutes=opsi.sesi_menit + 1)
        assert pg.sesi(m, s.token, opsi) is None


@pytest.mark.parametrize(
    ("nama", "peran", "sandi", "pesan"),
    [
        ("Budi Santoso", "staf_ult", SANDI, "Nama pengguna tidak sah"),
        ("budi", "operator", SANDI, "Peran 'operator' tidak dikenal"),
        ("budi", "staf_ult", "pendek", "Kata sandi terlalu pendek"),
        ("kepala", "kepala", SANDI, "Pengguna kepala sudah ada"),
    ],
)
def test_akun_yang_tidak_sah_ditolak(kantor: Kantor, nama: str, peran: str, sandi: str,
                                     pesan: str) -> None:  # fmt: skip
    with _meja(kantor) as m, pytest.raises(StafError, match=pesan):
        pg.tambah(m, nama, nama_lengkap="Budi", peran=peran, sandi=sandi)


def test_cli_pengguna_sandi_dari_env_tidak_pernah_argumen(kantor: Kantor) -> None:
    env = {"SANDI_BARU": "sandi-rina-yang-panjang"}
    r = run_naskah("pengguna", "tambah", "rina", "--nama-lengkap", "Rina Wati", "--peran",
                   "staf_ult", "--sandi-env", "SANDI_BARU", cwd=kantor.folder, **env)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "rina · Rina Wati · Staf ULT · aktif" in r.stdout
    assert "sandi-rina" not in r.stdout + r.stderr
    r = run_naskah("pengguna", "ubah", "rina", "--peran", "pokja", cwd=kantor.folder)
    assert r.returncode == 0 and "Pokja/Tim" in r.stdout, r.stderr
    r = run_naskah("pengguna", "nonaktif", "rina", cwd=kantor.folder)
    assert r.returncode == 0 and "nonaktif" in r.stdout
    kosong = run_naskah("pengguna", "tambah", "dodi", "--nama-lengkap", "Dodi", "--peran",
                        "kepala", "--sandi-env", "TIDAK_ADA_INI", cwd=kantor.folder)  # fmt: skip
    assert kosong.returncode == 1 and "TIDAK_ADA_INI kosong" in kosong.stderr
    assert "Traceback" not in kosong.stderr
    salah = run_naskah("pengguna", "tambah", "dodi", "--nama-lengkap", "Dodi", "--peran",
                       "raja", "--sandi-env", "SANDI_BARU", cwd=kantor.folder, **env)  # fmt: skip
    assert salah.returncode == 2
    # no option takes the password itself
    tanpa = run_naskah("pengguna", "tambah", "--help", cwd=kantor.folder)
    assert "--sandi " not in tanpa.stdout and "--sandi-env" in tanpa.stdout
    with _meja(kantor) as m:
        assert {p.nama for p in pg.daftar(m)} >= {"rina", "kepala"}
    assert os.environ.get("SANDI_BARU") is None


@pytest.mark.slow
def test_akun_sesi_dan_kunci_di_postgresql(kantor: Kantor, request: pytest.FixtureRequest) -> None:
    url = request.getfixturevalue("server_pg").basis_baru()
    opsi = kantor.konfigurasi.meja
    with Meja(kantor.konfigurasi, jam=kantor.jam, oleh="uji", url=url) as m:
        pg.tambah(m, "rina", nama_lengkap="Rina", peran="staf_ult", sandi=SANDI)
        s = pg.masuk(m, "rina", SANDI, opsi)
        assert pg.sesi(m, s.token, opsi) is not None
        for _ in range(opsi.gagal_maks):
            with pytest.raises(StafError):
                pg.masuk(m, "rina", "salah-sandi-lagi", opsi)
        with pytest.raises(StafError):
            pg.masuk(m, "rina", SANDI, opsi)  # locked
        pg.nonaktif(m, "rina")
        assert pg.sesi(m, s.token, opsi) is None
        with m.baca() as sql:
            assert sql is not None
            aksi = [r["aksi"] for r in sql.semua("SELECT aksi FROM staf_jejak ORDER BY id")]
        with pytest.raises(Exception, match="tidak boleh diubah"), m.tulis() as sql:
            sql.jalankan("DELETE FROM staf_jejak")
    assert aksi[0] == "tambah" and "dikunci" in aksi and aksi[-1] == "ubah"


def test_jejak_pengguna_tidak_dapat_dihapus_di_sqlite(kantor: Kantor) -> None:
    with _meja(kantor) as m, pytest.raises(Exception, match="tidak boleh diubah"), m.tulis() as sql:
        sql.jalankan("UPDATE staf_jejak SET aksi = 'lain'")


@pytest.mark.parametrize(
    ("host", "boleh"),
    [("127.0.0.1", True), ("::1", True), ("10.10.1.5", True), ("192.168.1.20", True),
     ("localhost", True), ("0.0.0.0", False), ("::", False), ("8.8.8.8", False),
     ("meja.example.go.id", False)],
)  # fmt: skip
def test_meja_hanya_di_jaringan_kantor(host: str, boleh: bool) -> None:
    from naskah.errors import ConfigError
    from naskah.staf.server import periksa_alamat

    if boleh:
        periksa_alamat(host, False)
    else:
        with pytest.raises(ConfigError):
            periksa_alamat(host, False)
        periksa_alamat(host, True)  # [meja] izinkan_alamat_publik = true


def test_cli_meja_menolak_alamat_publik(kantor: Kantor) -> None:
    r = run_naskah("meja", "--host", "0.0.0.0", "--port", "0", cwd=kantor.folder)
    assert r.returncode == 1 and "terbuka ke luar kantor" in r.stderr
    assert "Traceback" not in r.stderr
