"""``naskah nomor`` as a user runs it: happy paths, help, and every bad input."""

from __future__ import annotations

import getpass
import json
import socket
import sqlite3
import time
from pathlib import Path

import psycopg
import pytest
from openpyxl import load_workbook

from naskah.config import Konfigurasi

from .conftest import ServerPG, jalankan_cli, tulis_kantor

OPERASI = ("ambil", "pesan", "pakai", "batal", "sisip", "mulai", "impor", "daftar", "riwayat")


def _jumlah_nomor(db: Path) -> int:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT count(*) FROM nomor").fetchone()[0]


def _galat_satu_kalimat(r, potongan: str) -> None:  # type: ignore[no-untyped-def]
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    baris = r.stderr.strip().splitlines()
    assert len(baris) == 1, r.stderr
    assert baris[0].startswith("Galat: ") and baris[0].endswith(".")
    assert potongan in baris[0]
    assert r.stdout == ""


def test_bantuan_mendokumentasikan_setiap_operasi(tmp_path: Path) -> None:
    r = jalankan_cli(tmp_path, "nomor", "--help")
    assert r.returncode == 0
    for op in OPERASI:
        assert f"naskah nomor {op} " in r.stdout
        sub = jalankan_cli(tmp_path, "nomor", op, "--help")
        assert (
            sub.returncode == 0 and "Contoh:" in sub.stdout and f"naskah nomor {op}" in sub.stdout
        )


def test_alur_lengkap_dari_baris_perintah(kantor: Konfigurasi, tmp_path: Path) -> None:
    f = kantor.folder
    r = jalankan_cli(
        f,
        "nomor",
        "ambil",
        "-k",
        "HK.03.01",
        "-t",
        "2024-05-17",
        "-p",
        "Tim PMP",
        "-j",
        "Keputusan",
        "--json",
        "--oleh",
        "budi",
    )
    assert r.returncode == 0, r.stderr
    n = json.loads(r.stdout)
    assert n["teks"] == "0001/C7.24/HK.03.01/2024" and n["oleh"] == "budi"
    r = jalankan_cli(f, "nomor", "pesan", "2", "-k", "KP.04.05", "-t", "2024-05-18", "-a", "SK")
    assert r.stdout.split() == ["0002/C7.24/KP.04.05/2024", "0003/C7.24/KP.04.05/2024"]
    r = jalankan_cli(f, "nomor", "pakai", "0002/C7.24/KP.04.05/2024", "-p", "Pangkat Siti")
    assert r.returncode == 0 and r.stdout.strip() == "0002/C7.24/KP.04.05/2024"
    r = jalankan_cli(
        f, "nomor", "batal", "0003/C7.24/KP.04.05/2024", "-a", "tidak jadi", NASKAH_PENGGUNA="ani"
    )
    assert r.returncode == 0, r.stderr
    r = jalankan_cli(
        f,
        "nomor",
        "sisip",
        "--setelah",
        "0001/C7.24/HK.03.01/2024",
        "-k",
        "HK.03.01",
        "-t",
        "2024-05-17",
        "-p",
        "Ralat",
    )
    assert r.stdout.strip() == "0001a/C7.24/HK.03.01/2024"
    r = jalankan_cli(f, "nomor", "ambil", "-k", "HK.03.01", "-t", "2024-05-17", "-p", "mundur")
    _galat_satu_kalimat(r, "naskah nomor sisip --setelah 0001/C7.24/HK.03.01/2024")
    xlsx = tmp_path / "agenda.xlsx"
    r = jalankan_cli(f, "nomor", "daftar", "--tahun", "2024", "--ekspor", str(xlsx), "--json")
    daftar = json.loads(r.stdout)
    assert [d["teks"] for d in daftar] == [
        "0001/C7.24/HK.03.01/2024",
        "0001a/C7.24/HK.03.01/2024",
        "0002/C7.24/KP.04.05/2024",
        "0003/C7.24/KP.04.05/2024",
    ]
    ws = load_workbook(xlsx).active
    assert ws["A1"].value == "BUKU AGENDA TAHUN 2024"
    assert [c.value for c in ws[3]][:3] == ["No. Urut", "Nomor Naskah", "Tanggal"]
    assert [ws.cell(row=r, column=2).value for r in range(4, 8)] == [d["teks"] for d in daftar]
    assert ws.cell(row=7, column=7).value == "batal"
    r = jalankan_cli(f, "nomor", "daftar", "--keadaan", "batal")
    assert r.stdout.strip().startswith("0003/C7.24/KP.04.05/2024\t2024-05-18\t[batal] tidak jadi")
    r = jalankan_cli(f, "nomor", "riwayat", "0003/C7.24/KP.04.05/2024", "--json")
    jejak = json.loads(r.stdout)
    assert [(j["aksi"], j["oleh"]) for j in jejak] == [
        ("pesan", getpass.getuser()),
        ("batal", "ani"),
    ]


@pytest.mark.parametrize(
    ("argumen", "potongan"),
    [
        (["-s", "surat", "-k", "HK.03.01"], "seri yang tersedia: naskah, sertifikat, tetap"),
        (["-k", "ZZ.99"], "kode yang sah: HK.03.01, KP.04.05, OT.02.02"),
        (["-k", "HK.03.01", "-t", "17-13-2024"], "tidak sah; tulis sebagai TTTT-BB-HH"),
        (["-k", "HK.03.01", "-t", "kemarin"], "tidak sah; tulis sebagai TTTT-BB-HH"),
    ],
)
def test_masukan_salah(kantor: Konfigurasi, argumen: list[str], potongan: str) -> None:
    db = kantor.folder_arsip / "register.sqlite"
    r = jalankan_cli(kantor.folder, "nomor", "ambil", *argumen, "-p", "x")
    _galat_satu_kalimat(r, potongan)
    assert not db.exists()  # nothing written, not even an empty register
    # and with an existing register, nothing is added to it
    jalankan_cli(kantor.folder, "nomor", "ambil", "-k", "HK.03.01", "-t", "2024-01-02", "-p", "x")
    r = jalankan_cli(kantor.folder, "nomor", "ambil", *argumen, "-p", "x")
    _galat_satu_kalimat(r, potongan)
    assert _jumlah_nomor(db) == 1


def test_berkas_register_hanya_baca(kantor: Konfigurasi) -> None:
    f = kantor.folder
    jalankan_cli(f, "nomor", "ambil", "-k", "HK.03.01", "-t", "2024-01-02", "-p", "x")
    db = kantor.folder_arsip / "register.sqlite"
    isi = db.read_bytes()
    db.chmod(0o444)
    try:
        r = jalankan_cli(f, "nomor", "ambil", "-k", "HK.03.01", "-t", "2024-01-03", "-p", "y")
        _galat_satu_kalimat(r, "hanya dapat dibaca")
        assert db.read_bytes() == isi
    finally:
        db.chmod(0o644)
    assert _jumlah_nomor(db) == 1


def test_register_terkunci_melewati_batas_tunggu(tmp_path: Path) -> None:
    kantor = tulis_kantor(tmp_path / "kantor", batas_tunggu=0.5)
    f = kantor.folder
    jalankan_cli(f, "nomor", "ambil", "-k", "HK.03.01", "-t", "2024-01-02", "-p", "x")
    db = kantor.folder_arsip / "register.sqlite"
    pengunci = sqlite3.connect(db, isolation_level=None)
    pengunci.execute("BEGIN IMMEDIATE")
    try:
        mulai = time.monotonic()
        r = jalankan_cli(f, "nomor", "ambil", "-k", "HK.03.01", "-t", "2024-01-03", "-p", "y")
        lama = time.monotonic() - mulai
    finally:
        pengunci.execute("ROLLBACK")
        pengunci.close()
    _galat_satu_kalimat(r, "masih dikunci oleh proses lain setelah ditunggu 0.5 detik")
    assert lama >= 0.5
    assert _jumlah_nomor(db) == 1
    r = jalankan_cli(f, "nomor", "ambil", "-k", "HK.03.01", "-t", "2024-01-03", "-p", "y")
    assert r.stdout.strip() == "0002/C7.24/HK.03.01/2024"


def test_postgresql_tak_terjangkau(kantor: Konfigurasi) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nobody listens there
    r = jalankan_cli(
        kantor.folder,
        "nomor",
        "ambil",
        "-k",
        "HK.03.01",
        "-p",
        "x",
        NASKAH_DATABASE_URL=f"postgresql://naskah:rahasia@127.0.0.1:{port}/naskah",
    )
    _galat_satu_kalimat(
        r, f"Server PostgreSQL 127.0.0.1:{port} (basis data naskah) tidak dapat dihubungi"
    )
    assert "rahasia" not in r.stderr
    assert not (kantor.folder_arsip / "register.sqlite").exists()


def test_postgresql_lewat_variabel_lingkungan(kantor: Konfigurasi, url_pg: str) -> None:
    r = jalankan_cli(
        kantor.folder,
        "nomor",
        "ambil",
        "-k",
        "HK.03.01",
        "-t",
        "2024-01-02",
        "-p",
        "x",
        "--json",
        NASKAH_DATABASE_URL=url_pg,
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["teks"] == "0001/C7.24/HK.03.01/2024"
    assert not (kantor.folder_arsip / "register.sqlite").exists()


def test_postgresql_terkunci_melewati_batas_tunggu(server_pg: ServerPG, tmp_path: Path) -> None:
    url = server_pg.basis_baru()
    kantor = tulis_kantor(tmp_path / "kantor", url=url, batas_tunggu=0.5)
    f = kantor.folder
    r = jalankan_cli(f, "nomor", "ambil", "-k", "HK.03.01", "-t", "2024-01-02", "-p", "x")
    assert r.returncode == 0, r.stderr
    dbname = url.rsplit("/", 1)[1]

    def jumlah() -> int:
        with psycopg.connect(server_pg.dsn(dbname), autocommit=True) as c:
            return c.execute("SELECT count(*) FROM nomor").fetchone()[0]  # type: ignore[index]

    with psycopg.connect(server_pg.dsn(dbname)) as pengunci:  # another desk holds the counter
        pengunci.execute("SELECT terakhir FROM seri_nomor FOR UPDATE").fetchall()
        mulai = time.monotonic()
        r = jalankan_cli(f, "nomor", "ambil", "-k", "HK.03.01", "-t", "2024-01-03", "-p", "y")
        lama = time.monotonic() - mulai
        pengunci.rollback()
    _galat_satu_kalimat(r, "masih dikunci oleh proses lain setelah ditunggu 0.5 detik")
    assert f"Register (server PostgreSQL 127.0.0.1:{server_pg.port}" in r.stderr
    assert lama >= 0.5
    assert jumlah() == 1
    r = jalankan_cli(f, "nomor", "ambil", "-k", "HK.03.01", "-t", "2024-01-03", "-p", "y")
    assert r.stdout.strip() == "0002/C7.24/HK.03.01/2024"
    assert jumlah() == 2


def test_mulai_seri_dari_baris_perintah(kantor: Konfigurasi) -> None:
    f = kantor.folder
    r = jalankan_cli(
        f, "nomor", "mulai", "--tahun", "2025", "--terakhir", "273", "-t", "2025-03-03",
        "-a", "buku agenda kertas",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stdout == (
        "Seri naskah tahun 2025: nomor terakhir 273, nomor berikutnya bernomor urut 274.\n"
    )
    r = jalankan_cli(f, "nomor", "ambil", "-k", "HK.03.01", "-t", "2025-03-04", "-p", "Surat")
    assert r.stdout.strip() == "0274/C7.24/HK.03.01/2025", r.stderr
    r = jalankan_cli(f, "nomor", "mulai", "--tahun", "2025", "--terakhir", "100")
    _galat_satu_kalimat(r, "sudah menerbitkan sampai nomor urut 274, lebih tinggi daripada 100")
    r = jalankan_cli(f, "nomor", "mulai", "--tahun", "2025", "--terakhir", "0")
    assert r.returncode == 2 and "Traceback" not in r.stderr  # click's own usage error
    r = jalankan_cli(
        f, "nomor", "mulai", "--tahun", "2025", "--terakhir", "300", "-t", "2024-12-01"
    )
    _galat_satu_kalimat(r, "tidak berada pada tahun 2025")
    r = jalankan_cli(f, "nomor", "mulai", "--terakhir", "9", "-s", "tetap", "--json")
    assert json.loads(r.stdout) == {
        "seri": "tetap",
        "tahun": None,
        "terakhir": 9,
        "tanggal_terakhir": None,
    }
    assert _jumlah_nomor(kantor.folder_arsip / "register.sqlite") == 1


@pytest.mark.parametrize(
    ("argumen", "potongan"),
    [
        (["-p", 'Rapat\r\n=HYPERLINK("http://evil.example/")'], "Perihal memuat pindah baris"),
        (["-p", "Rapat", "--oleh", "ani\u202e"], "Nama petugas memuat pengatur arah teks"),
        (["-p", "Rapat\u200b"], "Perihal memuat"),
    ],
)
def test_isian_dengan_karakter_kendali_ditolak(
    kantor: Konfigurasi, argumen: list[str], potongan: str
) -> None:
    # issue 20: line breaks, bidi and zero-width characters never enter the buku agenda
    db = kantor.folder_arsip / "register.sqlite"
    jalankan_cli(kantor.folder, "nomor", "ambil", "-k", "HK.03.01", "-t", "2024-01-02", "-p", "x")
    r = jalankan_cli(
        kantor.folder, "nomor", "ambil", "-k", "HK.03.01", "-t", "2024-01-02", *argumen
    )
    _galat_satu_kalimat(r, potongan)
    assert _jumlah_nomor(db) == 1
    r = jalankan_cli(kantor.folder, "nomor", "batal", "0001/C7.24/HK.03.01/2024", "--alasan",
                     "salah\nketik")  # fmt: skip
    _galat_satu_kalimat(r, "Alasan memuat pindah baris")
