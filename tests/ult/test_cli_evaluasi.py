"""``naskah ult survei|simulasi|laporan`` as staff use them: the real command line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import run_naskah


def _ult(kantor: Path, *args: str | Path):
    return run_naskah("ult", *args, cwd=kantor, NASKAH_PENGGUNA="petugas-ult")


def _jawaban(kantor: Path) -> int:
    db = kantor / "archive" / "register.sqlite"
    if not db.exists():
        return 0
    with sqlite3.connect(db) as c:
        ada = c.execute("SELECT count(*) FROM sqlite_master WHERE name = 'ult_survei_jawaban'")
        if not ada.fetchone()[0]:
            return 0
        return int(c.execute("SELECT count(*) FROM ult_survei_jawaban").fetchone()[0])


def test_kuesioner_kertas_salah_satu_baris_tidak_ada_yang_masuk(kantor: Path):
    from openpyxl import load_workbook

    r = _ult(kantor, "survei", "templat", "kertas.xlsx")
    assert r.returncode == 0, r.stderr
    assert _ult(kantor, "survei", "templat", "kertas.xlsx").returncode == 1  # never overwritten
    wb = load_workbook(kantor / "kertas.xlsx")
    ws = wb["Jawaban"]
    for i in (2, 3, 4):
        ws.cell(i, 2, "kerjasama")
        ws.cell(i, 3, "2025-03")
        for j in range(4, 13):
            ws.cell(i, j, 3)
    ws.cell(4, 15, "Doktor")  # pendidikan not a choice of the regulation
    wb.save(kantor / "kertas.xlsx")
    r = _ult(kantor, "survei", "impor", "kertas.xlsx")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.strip() == (
        "Galat: Baris 4: pendidikan 'Doktor' bukan pilihan yang ada; tidak ada jawaban yang "
        "diimpor."
    )
    assert _jawaban(kantor) == 0
    ws.cell(4, 15, "S2 ke atas")
    wb.save(kantor / "kertas.xlsx")
    r = _ult(kantor, "survei", "impor", "kertas.xlsx", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == {"diimpor": 3} and _jawaban(kantor) == 3
    r = _ult(kantor, "survei", "impor", "kertas.xlsx")
    assert r.returncode == 1 and "sudah pernah diimpor" in r.stderr and _jawaban(kantor) == 3


def test_simulasi_lalu_laporan_yaml(kantor: Path):
    r = _ult(kantor, "simulasi", "--tahun", "2025", "--permohonan", "30", "--pengaduan", "4",
             "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr
    isi = json.loads(r.stdout)
    # drawn before the Kalteng standard took force (6 March 2025): skipped
    assert 20 < isi["permohonan"] <= 30 and isi["pengaduan"] == 4
    assert 0 < isi["jawaban"] <= isi["permohonan"]
    toml = kantor / "naskah.toml"
    toml.write_text(toml.read_text(encoding="utf-8")
                    + '\n[pejabat.kepala]\nnama = "Kepala Contoh"\njabatan = "Kepala"\n',
                    encoding="utf-8")  # fmt: skip
    r = _ult(kantor, "laporan", "--tahun", "2024", "--format", "yaml")
    assert r.returncode == 1 and "Belum ada permohonan" in r.stderr
    r = _ult(kantor, "simulasi", "--tahun", "2024")  # only into an empty desk
    assert r.returncode == 1 and "sudah berisi permohonan" in r.stderr
    r = _ult(kantor, "laporan", "--tahun", "2025", "--format", "yaml", "--tanggal",
             "2026-01-12", "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr
    hasil = json.loads(r.stdout)
    assert hasil["responden"] == isi["jawaban"] and hasil["pdf"] is None
    assert 25 <= hasil["ikm"] <= 100 and hasil["mutu"] in "ABCD"
    yaml = Path(kantor / hasil["yaml"])
    assert yaml.is_file() and Path(kantor / hasil["xlsx"]).is_file()
    r = run_naskah("periksa", yaml, cwd=kantor)
    # this office has no [instansi] (kop-tidak-ada); the report's own rules find only the plan
    keluar = r.stdout + r.stderr
    assert "peringatan laporan-rtl-kosong" in keluar and "galat laporan-" not in keluar
    r = _ult(kantor, "laporan", "--tahun", "2025", "--tandatangani")
    assert r.returncode == 2 and "--terbitkan" in r.stderr
