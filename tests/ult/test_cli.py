"""``naskah ult`` as staff use it: the real command line in a subprocess."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_naskah
from tests.register.conftest import server_pg  # noqa: F401 - reused

from .conftest import PDF

RAHASIA_TELEPON = "081299887766"
RAHASIA_EMAIL = "pemohon.rahasia@example.go.id"


def _ult(kantor: Path, *args: str | Path):
    return run_naskah("ult", *args, cwd=kantor, NASKAH_PENGGUNA="petugas-ult")


def _terima(kantor: Path, *lain: str | Path):
    return _ult(kantor, "terima", "kerjasama", "--instansi", "Disdik Kota Samarinda",
                "--telepon", RAHASIA_TELEPON, "--email", RAHASIA_EMAIL, "--syarat", "semua",
                "--json", *lain)  # fmt: skip


def _baris(kantor: Path) -> tuple[int, int]:
    db = kantor / "archive" / "register.sqlite"
    if not db.exists():
        return (0, 0)
    with sqlite3.connect(db) as c:
        return tuple(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                     for t in ("ult_permohonan", "ult_jejak"))  # fmt: skip


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def kantor_db(request: pytest.FixtureRequest, kantor: Path) -> Path:
    """The office on SQLite, then (slow) with its register on a real PostgreSQL server."""
    if request.param == "postgresql":
        url = request.getfixturevalue("server_pg").basis_baru()
        toml = kantor / "naskah.toml"
        toml.write_text(toml.read_text() + f'\n[basis_data]\nurl = "{url}"\n', encoding="utf-8")
    return kantor


def test_alur_lewat_cli_dengan_json(kantor_db: Path, pdf: Path):
    kantor = kantor_db
    r = _terima(kantor, "--lampiran", pdf, "--perihal", "Pendampingan KOSP")
    assert r.returncode == 0, r.stderr
    p = json.loads(r.stdout)
    assert p["keadaan"] == "diterima" and "telepon" not in p
    kode = p["kode"]
    for args in (
        ("disposisi", kode, "--kepada", "Kasubbag Umum", "--unit", "Subbag Umum"),
        ("putuskan", kode, "--setuju"),
        ("produk", kode, "--jenis", "Dokumen Kesepakatan Kerjasama"),
        ("tutup", kode),
    ):
        r = _ult(kantor, *args, "--json")
        assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["keadaan"] == "selesai"
    r = _ult(kantor, "lihat", kode, "--json")
    rinci = json.loads(r.stdout)
    assert rinci["telepon"] == RAHASIA_TELEPON  # staff looking at one request see it
    assert [j["aksi"] for j in rinci["jejak"]] == ["terima", "disposisi", "setuju", "produk",
                                                   "tutup"]  # fmt: skip
    assert {j["oleh"] for j in rinci["jejak"]} == {"petugas-ult"}
    daftar = _ult(kantor, "daftar", "--layanan", "kerjasama")
    assert kode in daftar.stdout and RAHASIA_TELEPON not in daftar.stdout
    r = _ult(kantor, "pengaduan", "terima", "--isi", "Belum ada balasan", "--kanal", "surel",
             "--permohonan", kode, "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr and json.loads(r.stdout)["layanan"] == "kerjasama"
    r = _ult(kantor, "jatuh-tempo", "--json")
    assert r.returncode == 0 and isinstance(json.loads(r.stdout), list)
    r = _ult(kantor, "lacak", kode, "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["keadaan"] == "selesai"
    r = _ult(kantor, "fasilitas", "pesan", "aula", "--mulai", "2099-01-05 08:00",
             "--selesai", "2099-01-05 12:00", "--satuan", "setengah_hari", "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr and json.loads(r.stdout)["tarif"] == 800000
    r = _ult(kantor, "ekspor", kantor / "ult.xlsx")
    assert r.returncode == 0 and (kantor / "ult.xlsx").exists()


@pytest.mark.parametrize(
    ("args", "pesan"),
    [
        (("terima", "sewa-mobil", "--instansi", "X", "--telepon", RAHASIA_TELEPON),
         "Layanan 'sewa-mobil' tidak dikenal"),
        (("terima", "kerjasama", "--instansi", "X", "--telepon", RAHASIA_TELEPON,
          "--syarat", "1,3"), "Persyaratan belum lengkap: nomor 2"),
        (("terima", "kerja-sama", "--instansi", "X", "--telepon", RAHASIA_TELEPON,
          "--syarat", "semua", "--kegiatan", "2020-01-06"), "sudah lewat"),
        (("terima", "kerjasama", "--instansi", "X", "--email", "bukan@@surel",
          "--syarat", "semua"), "Alamat surel tidak sah"),
        (("putuskan", "AAAAA-AAAAA", "--setuju"), "tidak ada"),
        (("disposisi", "bukan-kode", "--kepada", "Kepala"), "Kode pelacakan tidak sah"),
        (("fasilitas", "pesan", "auditorium", "--mulai", "2099-01-05 08:00",
          "--selesai", "2099-01-05 12:00"), "Fasilitas 'auditorium' tidak dikenal"),
        (("fasilitas", "pesan", "aula", "--mulai", "2020-01-06 08:00",
          "--selesai", "2020-01-06 12:00"), "sudah lewat"),
        (("fasilitas", "pesan", "aula", "--mulai", "2099-01-05 08:00",
          "--selesai", "2099-01-05 12:00", "--peserta", "500"), "berkapasitas 150"),
        (("terima", "kerjasama", "--instansi", "X", "--telepon", RAHASIA_TELEPON,
          "--syarat", "semua", "--diterima", "2099-01-05 08:00"), "masa depan"),
        (("pengaduan", "terima", "--isi", "x", "--permohonan", "AAAAA-AAAAA"), "tidak ada"),
    ],
)  # fmt: skip
def test_masukan_buruk_satu_kalimat_kode_1_tanpa_menulis(kantor: Path, args, pesan):
    assert _terima(kantor).returncode == 0
    sebelum = _baris(kantor)
    r = _ult(kantor, *args)
    assert r.returncode == 1, r.stdout + r.stderr
    assert pesan in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert RAHASIA_TELEPON not in r.stderr and "surel" not in r.stdout
    assert _baris(kantor) == sebelum


def test_langkah_yang_tidak_diizinkan_keadaannya(kantor: Path):
    kode = json.loads(_terima(kantor).stdout)["kode"]
    assert _ult(kantor, "putuskan", kode, "--tolak", "--alasan", "Di luar program").returncode == 0
    sebelum = _baris(kantor)
    r = _ult(kantor, "disposisi", kode, "--kepada", "Kasubbag Umum")
    assert r.returncode == 1 and "berkeadaan ditolak" in r.stderr
    r = _ult(kantor, "produk", kode, "--jenis", "SK")
    assert r.returncode == 1 and "berkeadaan ditolak" in r.stderr
    assert _baris(kantor) == sebelum


def test_lampiran_buruk_lewat_cli(kantor: Path, tmp_path: Path):
    palsu = tmp_path / "proposal.pdf"
    palsu.write_bytes(b"<html>bukan pdf</html>")
    besar = tmp_path / "rab.pdf"
    besar.write_bytes(PDF + b"\0" * 60_000)
    baik = tmp_path / "surat.pdf"
    baik.write_bytes(PDF)
    for lampiran, pesan in (
        ((palsu,), "bukan PDF, JPEG atau PNG menurut isinya"),
        ((besar,), "terlalu besar"),
        ((baik,) * 4, "terlalu banyak"),
    ):
        args = [x for p in lampiran for x in ("--lampiran", p)]
        r = _terima(kantor, *args)
        assert r.returncode == 1 and pesan in r.stderr, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
    assert _baris(kantor) == (0, 0)
    ult = kantor / "archive" / "ult"
    assert not [p for p in ult.rglob("*") if p.suffix in (".pdf", ".png", ".jpg")]
