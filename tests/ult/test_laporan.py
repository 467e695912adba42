"""The evaluation report read back: the figures in the PDF are the ones computed from the desk.

A seeded year is generated through the library, the report written with real LibreOffice, its
text extracted with pdftotext and every figure compared with one computed here from the raw
survey answers and the evaluation; the pages are rendered with pdftoppm (none blank).
"""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from naskah.config import muat_konfigurasi
from naskah.ult import survei
from naskah.ult.laporan import OpsiLaporan, tulis_laporan
from naskah.ult.meja import Meja
from naskah.ult.simulasi import isi_tahun

from .conftest import KALTIM

TOML = f"""
[instansi]
kementerian = "KEMENTERIAN PENDIDIKAN DASAR DAN MENENGAH"
unit = "BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TIMUR"
alamat = "Jalan Cipto Mangunkusumo Km. 2, Samarinda Seberang"
telepon = ["(0541) 260304"]
laman = "bpmpkaltim.kemendikdasmen.go.id"
email = "bpmp.kaltim@kemendikdasmen.go.id"
kota = "Samarinda"

[pejabat.kepala]
nama = "Arie Wibowo Khurniawan"
gelar_belakang = "S.Si., M.Ak."
nip = "19810106 200604 1 003"
jabatan = "Kepala"

[tte]
zona_waktu = "WITA"

[ult]
standar = ["{KALTIM}"]
[ult.layanan.kerjasama]
hari_kerja_jawaban = 3
"""

RENCANA = """
rencana_tindak_lanjut:
  - unsur: U8
    masalah: Pengaduan lewat telepon belum selalu tercatat.
    kegiatan: Semua pengaduan dicatat di meja layanan.
    waktu: Triwulan I 2026
    penanggung_jawab: Kasubbag Umum
tembusan:
  - Sekretaris Direktorat Jenderal
"""


def _koma(x: Fraction | Decimal, tempat: int = 2) -> str:
    d = Decimal(x.numerator) / Decimal(x.denominator) if isinstance(x, Fraction) else x
    return str(d.quantize(Decimal(1).scaleb(-tempat), rounding=ROUND_HALF_UP)).replace(".", ",")


@pytest.mark.slow
def test_angka_pdf_sama_dengan_perhitungan(tmp_path: Path):
    kantor = tmp_path / "kantor"
    kantor.mkdir()
    (kantor / "naskah.toml").write_text(TOML, encoding="utf-8")
    (kantor / "rencana.yaml").write_text(RENCANA, encoding="utf-8")
    jam = datetime(2026, 1, 12, 2, 0, tzinfo=UTC)
    with Meja(muat_konfigurasi(kantor / "naskah.toml"), jam=lambda: jam, oleh="uji") as meja:
        isi_tahun(meja, 2025, benih=11, permohonan=90, pengaduan=12)
        jawaban = survei.daftar_jawaban(meja, 2025)
        h = tulis_laporan(meja, OpsiLaporan(
            tahun=2025, keluaran=kantor / "laporan", rencana=kantor / "rencana.yaml",
            tanggal=date(2026, 1, 12)))  # fmt: skip
    e = h.evaluasi
    assert e is not None and h.pdf is not None and h.xlsx is not None
    teks = subprocess.run(["pdftotext", "-layout", str(h.pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    datar = " ".join(teks.split())

    # the index, recomputed here from the raw answers (exact fractions, weight 1/9)
    n = len(jawaban)
    jumlah = [sum(r.nilai[i] for r in jawaban) for i in range(9)]
    nrr = [Fraction(j, n) for j in jumlah]
    ikm = sum(nrr, Fraction(0)) / 9 * 25
    tertimbang = sum(nrr, Fraction(0)) / 9
    assert f"IKM = {_koma(tertimbang, 3)} × 25 = {_koma(ikm)}" in datar
    assert f"Indeks Kepuasan Masyarakat (IKM) {_koma(ikm)}" in datar
    for i, u in enumerate(survei.UNSUR):
        baris = rf"^\s*{i + 1}\s+{u.kode} .*?\s{jumlah[i]}\s+{re.escape(_koma(nrr[i]))}\s+"
        baris += re.escape(_koma(nrr[i] / 9, 3))
        assert re.search(baris, teks, re.M), (u.kode, baris)
    rendah = min(range(9), key=lambda i: (nrr[i], i))
    u = survei.UNSUR[rendah]
    assert f"Unsur {u.kode} {u.nama} memperoleh NRR terendah, {_koma(nrr[rendah])}" in datar
    assert f"diikuti {n} responden" in datar and f"sampel minimal {e.sampel}" in datar
    # the regulation's interval table, as it prints it
    assert "1,00 – 2,5996 25,00 – 64,99 D Tidak Baik" in datar
    assert "3,5324 – 4,00 88,31 – 100,00 A Sangat Baik" in datar

    # on time: the summary, each service's row and each month's row
    persen = _koma(Fraction(100 * e.semua.tepat, e.semua.dinilai), 1)
    assert f"{e.semua.tepat} dari {e.semua.dinilai} yang dapat dinilai ({persen}%)" in datar
    for x in e.layanan:
        if not x.diterima:
            continue
        jawab = f"{x.jawab.tepat}/{x.jawab.dinilai}" if x.jawab.dinilai else "–"
        selesai = f"{x.selesai.tepat}/{x.selesai.dinilai}" if x.selesai.dinilai else "–"
        p = _koma(Fraction(100 * x.semua.tepat, x.semua.dinilai), 1)
        pola = rf"{x.diterima}\s+{re.escape(jawab)}\s+{re.escape(selesai)}\s+{re.escape(p)}%"
        assert re.search(pola, teks), (x.layanan, pola)
    bulan = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")  # fmt: skip
    for i, c in enumerate(e.bulanan):
        diterima = sum(1 for k in e.kasus if k.hari_terima.month == i + 1)
        p = _koma(Fraction(100 * c.tepat, c.dinilai), 1) + "%" if c.dinilai else "–"
        pola = rf"^\s*{bulan[i]}\s+{diterima}\s+{c.dinilai}\s+{c.tepat}\s+{re.escape(p)}\s*$"
        assert re.search(pola, teks, re.M), (bulan[i], pola)

    # complaints, the longest cases, the head's plan and the signature block
    a = e.pengaduan
    assert f"Pengaduan yang diterima berjumlah {a.jumlah}: {a.selesai.tepat} ditangani" in datar
    for k in e.terlama():
        # the report may be published: only the first half of a tracking code is printed
        assert f"{k.kode[:5]}-•••••" in teks and k.kode not in teks
    mentah = subprocess.run(["pdftotext", str(h.pdf), "-"], capture_output=True, text=True,
                            check=True).stdout  # fmt: skip
    mentah = " ".join(mentah.split())
    assert "Semua pengaduan dicatat di meja layanan." in mentah and "Kasubbag Umum" in mentah
    assert "Arie Wibowo Khurniawan, S.Si., M.Ak." in datar and "Sekretaris Direktorat" in datar

    # the workbook holds the same figures
    from openpyxl import load_workbook

    wb = load_workbook(h.xlsx, read_only=True)
    ws = wb["IKM"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in rows] == jumlah
    assert [r[4] for r in rows] == [float(_koma(x, 4).replace(",", ".")) for x in nrr]
    ringkas = dict(wb["Ringkasan"].iter_rows(min_row=2, values_only=True))
    assert ringkas["IKM"] == float(_koma(ikm).replace(",", "."))
    wb.close()

    # every page renders, none blank; the charts are embedded at 300 dpi
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(h.pdf), str(tmp_path / "hal")],
                   check=True)  # fmt: skip
    from PIL import Image, ImageChops

    halaman = sorted(tmp_path.glob("hal-*.png"))
    assert len(halaman) >= 3
    for p in halaman:
        with Image.open(p) as img:
            putih = Image.new(img.mode, img.size, "white")
            assert ImageChops.difference(img, putih).getbbox() is not None, p.name
    gambar = subprocess.run(["pdfimages", "-list", str(h.pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]  # fmt: skip
    ppi = [int(b.split()[12]) for b in gambar if int(b.split()[3]) > 1000]
    assert len(ppi) == 2 and min(ppi) >= 200
