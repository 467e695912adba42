"""Formula injection through the buku agenda (issue 20, item 5), through the real CLI.

Values that start like a spreadsheet formula come in by ``nomor ambil -p``, ``--oleh`` and
``nomor impor``; they are stored as typed, and ``nomor daftar --ekspor`` writes them as text
(an apostrophe in front), in XLSX and CSV, never as a formula or a DDE call. An export imported
again gives back the values as typed.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from naskah.config import Konfigurasi
from naskah.teks_aman import AWAL_RUMUS, sel_aman, sel_asli

from .conftest import jalankan_cli, tulis_kantor

HYPERLINK = '=HYPERLINK("http://evil.example/","klik")'
DDE = '=cmd|"/c calc"!A1'
DARI_IMPOR = ["@SUM(1+1)*cmd|' /C calc'!A0", "+1+2", "-2+3", "=1+1"]


def _isi_register(folder: Path) -> list[str]:
    r = jalankan_cli(folder, "nomor", "ambil", "-k", "HK.03.01", "-t", "2024-05-17",
                     "-p", HYPERLINK, "--oleh", DDE)  # fmt: skip
    assert r.returncode == 0, r.stderr
    lama = folder / "lama.csv"
    with lama.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Nomor", "Tanggal", "Perihal"])
        for i, p in enumerate(DARI_IMPOR, 1):
            w.writerow([f"{i:04d}/C7.24/HK.03.01/2023", "2023-03-01", p])
    r = jalankan_cli(folder, "nomor", "impor", "lama.csv")
    assert r.returncode == 0, r.stderr
    r = jalankan_cli(folder, "nomor", "daftar", "--json")
    daftar = json.loads(r.stdout)
    perihal = [d["perihal"] for d in daftar]
    # stored as typed
    assert HYPERLINK in perihal and all(p in perihal for p in DARI_IMPOR)
    assert DDE in [d["oleh"] for d in daftar]
    return perihal


def test_ekspor_xlsx_tanpa_rumus(kantor: Konfigurasi, tmp_path: Path) -> None:
    perihal = _isi_register(kantor.folder)
    xlsx = tmp_path / "agenda.xlsx"
    r = jalankan_cli(kantor.folder, "nomor", "daftar", "--ekspor", str(xlsx))
    assert r.returncode == 0, r.stderr
    ws = load_workbook(xlsx).active
    sel = [c for baris in ws.iter_rows() for c in baris if c.value is not None]
    assert not [c.coordinate for c in sel if c.data_type == "f"]
    teks = [c.value for c in sel if isinstance(c.value, str)]
    assert not [t for t in teks if t.startswith(AWAL_RUMUS)], teks
    assert "'" + HYPERLINK in teks and "'" + DDE in teks
    # the raw sheet XML holds no formula element at all
    import zipfile

    with zipfile.ZipFile(xlsx) as z:
        assert b"<f>" not in z.read("xl/worksheets/sheet1.xml")
    # imported again into another office: the values as typed
    lain = tulis_kantor(tmp_path / "lain")
    r = jalankan_cli(lain.folder, "nomor", "impor", str(xlsx))
    assert r.returncode == 0, r.stderr
    r = jalankan_cli(lain.folder, "nomor", "daftar", "--json")
    assert sorted(d["perihal"] for d in json.loads(r.stdout)) == sorted(perihal)


def test_ekspor_csv_tanpa_rumus(kantor: Konfigurasi, tmp_path: Path) -> None:
    perihal = _isi_register(kantor.folder)
    berkas = tmp_path / "agenda.csv"
    r = jalankan_cli(kantor.folder, "nomor", "daftar", "--ekspor", str(berkas))
    assert r.returncode == 0, r.stderr
    with berkas.open(encoding="utf-8-sig", newline="") as f:
        sel = [s for baris in csv.reader(f) for s in baris]
    assert not [s for s in sel if s.startswith(AWAL_RUMUS)], sel
    assert "'" + HYPERLINK in sel and "'" + DDE in sel
    lain = tulis_kantor(tmp_path / "lain")
    r = jalankan_cli(lain.folder, "nomor", "impor", str(berkas))
    assert r.returncode == 0, r.stderr
    r = jalankan_cli(lain.folder, "nomor", "daftar", "--json")
    assert sorted(d["perihal"] for d in json.loads(r.stdout)) == sorted(perihal)


@pytest.mark.parametrize("awal", ["=", "+", "-", "@", "\t", "\r"])
def test_sel_aman_dan_sel_asli(awal: str) -> None:
    nilai = f"{awal}1+1"
    assert sel_aman(nilai) == f"'{nilai}" and sel_asli(sel_aman(nilai)) == nilai
    assert sel_aman("Rapat") == "Rapat" and sel_aman(12) == 12
    assert sel_asli("'biasa") == "'biasa"  # an apostrophe typed on purpose stays


def test_impor_menolak_sel_dengan_pindah_baris_atau_karakter_tak_tampak(
    kantor: Konfigurasi,
) -> None:
    lama = kantor.folder / "lama.csv"
    with lama.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Nomor", "Tanggal", "Perihal", "Keterangan"])
        w.writerow(["0001/C7.24/HK.03.01/2023", "2023-03-01", "Rapat\r\nBcc: x", ""])
        w.writerow(["0002/C7.24/HK.03.01/2023", "2023-03-01", "Rapat \u202eATIMLAK", ""])
        w.writerow(["0003/C7.24/HK.03.01/2023", "2023-03-01", "Rapat biasa", ""])
    r = jalankan_cli(kantor.folder, "nomor", "impor", "lama.csv")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    baris = r.stderr.splitlines()
    assert baris[0].startswith("Galat: Berkas lama.csv memuat 2 baris yang salah"), r.stderr
    assert "lama.csv:2: kolom perihal memuat pindah baris" in r.stderr
    assert "lama.csv:3: kolom perihal memuat pengatur arah teks U+202E" in r.stderr
    r = jalankan_cli(kantor.folder, "nomor", "daftar", "--json")
    assert json.loads(r.stdout) == []  # nothing imported


def test_impor_csv_pengodean_campuran_ditolak_seluruhnya_cp1252_dibaca(
    kantor: Konfigurasi,
) -> None:
    kepala = "Nomor;Tanggal;Perihal\n"
    campuran = kantor.folder / "campuran.csv"
    campuran.write_bytes(
        (kepala + "0001/C7.24/HK.03.01/2023;2023-03-01;Kunjungan Zoë\n").encode()
        + "0002/C7.24/HK.03.01/2023;2023-03-02;Kunjungan René\n".encode("cp1252")
    )
    r = jalankan_cli(kantor.folder, "nomor", "impor", "campuran.csv")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "berpengodean campuran: baris 3" in r.stderr and "Ã" not in r.stderr, r.stderr
    ansi = kantor.folder / "ansi.csv"
    ansi.write_bytes((kepala + "0001/C7.24/HK.03.01/2023;2023-03-01;Kunjungan René\n").encode(
        "cp1252"))  # fmt: skip
    r = jalankan_cli(kantor.folder, "nomor", "impor", "ansi.csv")
    assert r.returncode == 0, r.stderr
    r = jalankan_cli(kantor.folder, "nomor", "daftar", "--json")
    assert [d["perihal"] for d in json.loads(r.stdout)] == ["Kunjungan René"]
