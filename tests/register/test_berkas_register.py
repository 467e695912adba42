"""The register file itself: never mistaken for a new one, read without locks, read-only use."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from naskah.config import Konfigurasi

from .conftest import SRC, ServerPG, env_anak, jalankan_cli, tulis_kantor

AMBIL = ("nomor", "ambil", "-k", "HK.03.01", "-t", "2024-01-02", "-p", "Surat pertama")


def _satu_kalimat(r: subprocess.CompletedProcess[str], potongan: str) -> None:
    assert r.returncode == 1, (r.stdout, r.stderr)
    baris = r.stderr.strip().splitlines()
    assert len(baris) == 1 and "Traceback" not in r.stderr, r.stderr
    assert baris[0].startswith("Galat: ") and baris[0].endswith("."), baris
    assert potongan in baris[0], baris[0]
    assert r.stdout == ""


def _sqlite_aplikasi_lain(path: Path) -> None:
    with sqlite3.connect(path) as c:
        c.execute("CREATE TABLE kontak (nama TEXT)")


@pytest.mark.parametrize(
    ("isi", "potongan"),
    [
        (b"", "ada tetapi kosong, jadi bukan register naskah"),
        (b"No;Nomor\n1;0001\n", "ada tetapi bukan basis data SQLite"),
        (_sqlite_aplikasi_lain, "adalah basis data SQLite tetapi bukan register naskah"),
    ],
    ids=["berkas-kosong", "berkas-teks", "sqlite-aplikasi-lain"],
)
def test_berkas_yang_bukan_register_ditolak(
    kantor: Konfigurasi, isi: object, potongan: str
) -> None:
    db = kantor.folder_arsip / "register.sqlite"
    db.parent.mkdir(parents=True)
    if isinstance(isi, bytes):
        db.write_bytes(isi)
    else:
        isi(db)  # type: ignore[operator]
    semula = db.read_bytes()
    for perintah in (AMBIL, ("nomor", "daftar"), ("nomor", "riwayat", "0001/C7.24/HK.03.01/2024")):
        r = jalankan_cli(kantor.folder, *perintah)
        _satu_kalimat(r, potongan)
        assert str(db) in r.stderr
    assert db.read_bytes() == semula  # untouched: numbering never silently restarts at 0001
    assert sorted(p.name for p in db.parent.iterdir()) == ["register.sqlite"]


def test_hanya_berkas_yang_belum_ada_menjadi_register_baru(kantor: Konfigurasi) -> None:
    db = kantor.folder_arsip / "register.sqlite"
    r = jalankan_cli(kantor.folder, "nomor", "daftar")  # reading creates nothing
    assert r.returncode == 0 and r.stdout == "", r.stderr
    assert not db.exists()
    r = jalankan_cli(kantor.folder, *AMBIL)
    assert r.stdout.strip() == "0001/C7.24/HK.03.01/2024", r.stderr
    # the new register appeared complete, in WAL mode, with no temporary file left behind
    assert sorted(p.name for p in db.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "register.sqlite"
    ]
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# --- reads take no lock ------------------------------------------------------------------

_PENULIS_SQLITE = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("UPDATE nomor SET perihal = 'belum disimpan'")
print("terkunci", flush=True)
sys.stdin.readline()
c.execute("ROLLBACK")
"""

_PENULIS_PG = """
import psycopg, sys
c = psycopg.connect(sys.argv[1])
c.execute("SELECT terakhir FROM seri_nomor FOR UPDATE").fetchall()
c.execute("SELECT id FROM nomor FOR UPDATE").fetchall()
c.execute("UPDATE nomor SET perihal = 'belum disimpan'")
print("terkunci", flush=True)
sys.stdin.readline()
c.rollback()
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def kantor_terkunci(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Konfigurasi]:
    """An office with one number whose register another process holds write-locked."""
    if request.param == "sqlite":
        kantor = tulis_kantor(tmp_path / "kantor", batas_tunggu=2)
    else:
        server: ServerPG = request.getfixturevalue("server_pg")
        url = server.basis_baru()
        kantor = tulis_kantor(tmp_path / "kantor", url=url, batas_tunggu=2)
    r = jalankan_cli(kantor.folder, *AMBIL)
    assert r.returncode == 0, r.stderr
    if request.param == "sqlite":
        kode, sasaran = _PENULIS_SQLITE, str(kantor.folder_arsip / "register.sqlite")
    else:
        kode, sasaran = _PENULIS_PG, server.dsn(url.rsplit("/", 1)[1])
    # `with` closes the writer's pipes and reaps it even when its readiness line is wrong
    with subprocess.Popen(
        [sys.executable, "-c", kode, sasaran],
        env=env_anak(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as penulis:
        assert penulis.stdout is not None and penulis.stdin is not None
        baris = penulis.stdout.readline()  # the writer holds its lock from this line on
        assert baris == "terkunci\n", penulis.stderr.read() if penulis.stderr else ""
        try:
            yield kantor
        finally:
            penulis.communicate("selesai\n", timeout=30)


def test_daftar_dan_riwayat_tidak_menunggu_penulis(kantor_terkunci: Konfigurasi) -> None:
    f = kantor_terkunci.folder
    r = jalankan_cli(f, "nomor", "daftar", "--json")
    assert r.returncode == 0, r.stderr
    # the writer's uncommitted change is not seen
    assert [(n["teks"], n["perihal"]) for n in json.loads(r.stdout)] == [
        ("0001/C7.24/HK.03.01/2024", "Surat pertama")
    ]
    r = jalankan_cli(f, "nomor", "riwayat", "0001/C7.24/HK.03.01/2024", "--json")
    assert r.returncode == 0, r.stderr
    assert [j["aksi"] for j in json.loads(r.stdout)] == ["ambil"]
    # a write still waits for the lock and says so
    r = jalankan_cli(f, *AMBIL)
    _satu_kalimat(r, "masih dikunci oleh proses lain setelah ditunggu 2 detik")


# --- read-only register ------------------------------------------------------------------


def _jalankan_tanpa_hak_tulis(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user that cannot write ``folder``'s files (root without DAC override)."""
    awalan: list[str] = []
    if os.geteuid() == 0:  # root writes anywhere: drop the capabilities that let it
        awalan = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
    return subprocess.run(
        [*awalan, sys.executable, "-m", "naskah", *args],
        cwd=folder,
        env=env_anak(PYTHONDONTWRITEBYTECODE="1"),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("folder_hanya_baca", [False, True], ids=["berkas", "berkas-dan-folder"])
def test_register_hanya_baca_tetap_dapat_dibaca(
    kantor: Konfigurasi, folder_hanya_baca: bool
) -> None:
    f = kantor.folder
    assert jalankan_cli(f, *AMBIL).returncode == 0
    assert (
        jalankan_cli(f, "nomor", "batal", "0001/C7.24/HK.03.01/2024", "-a", "salah").returncode == 0
    )
    arsip = kantor.folder_arsip
    db = arsip / "register.sqlite"
    assert sorted(p.name for p in arsip.iterdir()) == ["register.sqlite"]  # closed cleanly
    isi = db.read_bytes()
    db.chmod(0o444)
    if folder_hanya_baca:
        arsip.chmod(0o555)
    try:
        r = _jalankan_tanpa_hak_tulis(f, "nomor", "daftar", "--json")
        assert r.returncode == 0, r.stderr
        assert [(n["teks"], n["keadaan"]) for n in json.loads(r.stdout)] == [
            ("0001/C7.24/HK.03.01/2024", "batal")
        ]
        r = _jalankan_tanpa_hak_tulis(f, "nomor", "riwayat", "0001/C7.24/HK.03.01/2024", "--json")
        assert r.returncode == 0, r.stderr
        assert [j["aksi"] for j in json.loads(r.stdout)] == ["ambil", "batal"]
        r = _jalankan_tanpa_hak_tulis(f, *AMBIL)
        _satu_kalimat(r, "hanya dapat dibaca")
    finally:
        arsip.chmod(0o755)
        db.chmod(0o644)
    assert db.read_bytes() == isi


# --- opening is cheap --------------------------------------------------------------------

_TANPA_ALEMBIC = """
import sys
from naskah.config import muat_konfigurasi
from naskah.register import buka_register
with buka_register(muat_konfigurasi()) as reg:
    n = reg.ambil("naskah", klasifikasi="HK.03.01", tanggal="2024-01-03", perihal="kedua")
    jumlah = len(reg.daftar())
print(n.teks, jumlah, sorted(m for m in ("alembic", "psycopg", "openpyxl") if m in sys.modules))
"""


def test_register_yang_sudah_mutakhir_dibuka_tanpa_alembic(kantor_db: Konfigurasi) -> None:
    assert jalankan_cli(kantor_db.folder, *AMBIL).returncode == 0  # created and migrated
    r = subprocess.run(
        [sys.executable, "-c", _TANPA_ALEMBIC],
        cwd=kantor_db.folder,
        env=env_anak(PYTHONPATH=str(SRC)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    teks, jumlah, modul = r.stdout.split(" ", 2)
    assert (teks, jumlah) == ("0002/C7.24/HK.03.01/2024", "2")
    dimuat = json.loads(modul.replace("'", '"'))
    assert "alembic" not in dimuat and "openpyxl" not in dimuat
    # the PostgreSQL driver is loaded only for a PostgreSQL register
    assert ("psycopg" in dimuat) == kantor_db.url_basis_data.startswith("postgresql")


def test_register_lama_tanpa_wal_dibuka_dan_dialihkan_ke_wal(kantor: Konfigurasi) -> None:
    # a register made by an older naskah in rollback-journal mode keeps working
    assert jalankan_cli(kantor.folder, *AMBIL).returncode == 0
    db = kantor.folder_arsip / "register.sqlite"
    with sqlite3.connect(db) as c:
        c.execute("PRAGMA journal_mode=DELETE")
    r = jalankan_cli(
        kantor.folder, "nomor", "ambil", "-k", "HK.03.01", "-t", "2024-01-03", "-p", "x"
    )
    assert r.stdout.strip() == "0002/C7.24/HK.03.01/2024", r.stderr
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_postgresql_kosong_dibaca_sebagai_register_kosong(kantor: Konfigurasi, url_pg: str) -> None:
    r = jalankan_cli(kantor.folder, "nomor", "daftar", NASKAH_DATABASE_URL=url_pg)
    assert r.returncode == 0 and r.stdout == "", r.stderr
    dsn = url_pg.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as c:  # reading created no table
        assert c.execute("SELECT to_regclass('alembic_version')").fetchone() == (None,)


def test_engine_untuk_paket_lain_di_basis_data_register(kantor_db: Konfigurasi) -> None:
    # the PostgreSQL search index opens the register's database through these two functions
    from naskah.register import basis

    engine = basis.buat_engine(kantor_db.url_basis_data, 5)
    try:
        basis.siapkan_skema(engine)  # already at head: only reads the version
        with engine.connect() as c:
            assert basis.baca_versi(c) == basis.revisi_dikenal()[1]
    finally:
        engine.dispose()


# SQLite's SHARED lock: a read lock on 510 bytes after PENDING_BYTE (0x40000000) + 2, which every
# connection of a WAL database holds for as long as it is open
_PENDING_BYTE = 0x40000000
_UJI_KUNCI = f"""
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 510, {_PENDING_BYTE + 2})
    print("bebas")
except OSError:
    print("dipegang")
"""


def _kunci_bersama(path: Path) -> str:
    """Return whether another process sees this process's SQLite SHARED lock on ``path``."""
    r = subprocess.run([sys.executable, "-c", _UJI_KUNCI, str(path)], capture_output=True,
                       text=True, check=True)  # fmt: skip
    return r.stdout.strip()


def test_memeriksa_berkas_tidak_melepas_kunci_sqlite_proses_ini(kantor: Konfigurasi) -> None:
    # fcntl locks belong to the process: closing any descriptor of the file drops them all, and
    # another process could then take itself for the last connection and reset the WAL in use
    from naskah.register import basis, buka_register

    path = kantor.folder_arsip / "register.sqlite"
    with buka_register(kantor) as reg:
        reg.ambil("naskah", klasifikasi="HK.03.01", tanggal="2024-01-02", perihal="Pertama")
        assert _kunci_bersama(path) == "dipegang"  # the register's own write connection
        reg.daftar()  # opens the read connection, checking the file first
        basis.periksa_isi_sqlite(path, tabel_versi=True)
        with reg.transaksi():  # and the SQLAlchemy engine, checking it once more
            pass
        assert _kunci_bersama(path) == "dipegang"
    assert _kunci_bersama(path) == "bebas"
