"""naskah sertifikat terbitkan as staff run it: rows checked first, resume by identity, ZIP."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from naskah.tte.contoh import buat_p12_contoh
from tests.sertifikat.conftest import baca_qr, png_halaman
from tests.terbit.conftest import db, jalankan

pytestmark = pytest.mark.slow  # LibreOffice renders every document

KEPALA = "kepala,kepala"
BARIS = [
    '"Siti Rahmawati, S.Pd., M.Pd.",6472035205780002,,BPMP Kaltim,siti@example.com,narasumber',
    "Andi Kurniawan,6472012309850004,,SDN 1 Tenggarong,andi@example.com,peserta",
    "Dewi Lestari,,,SMPN 2 Samarinda,dewi@example.com,peserta",
]
KEPALA_CSV = "nama,nik,nip,instansi,email,peran"


def _lembar(kantor: Path, baris: list[str], nama: str = "peserta-uji.csv") -> Path:
    p = kantor / nama
    p.write_text("\n".join([KEPALA_CSV, *baris]) + "\n", encoding="utf-8")
    return p


def _terbitkan(kantor: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return jalankan(
        kantor, "sertifikat", "terbitkan", "sertifikat-kegiatan.yaml", *args,
        "--sandi-env", "NASKAH_SANDI",
    )  # fmt: skip


def _jumlah_nomor(kantor: Path) -> int:
    if not (kantor / "archive" / "register.sqlite").exists():
        return 0
    with db(kantor) as c:
        return int(c.execute("SELECT count(*) FROM nomor").fetchone()[0])


def test_baris_buruk_semua_dilaporkan_tanpa_nomor(kantor: Path) -> None:
    lembar = _lembar(kantor, [*BARIS, ",6472012309850004,,X,x@example.com,peserta",
                              "Budi,,,SMAN 1,bukan-email,juri"])  # fmt: skip
    r = _terbitkan(kantor, str(lembar))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "peserta-uji.csv:5" in r.stderr and "peserta-uji.csv:6" in r.stderr  # all at once
    assert _jumlah_nomor(kantor) == 0


def test_lewati_baris_buruk_lalu_tambah_baris(kantor: Path) -> None:
    buruk = "Budi,,,SMAN 1,bukan-email,peserta"
    lembar = _lembar(kantor, [*BARIS[:2], buruk])
    r = _terbitkan(kantor, str(lembar), "--lewati-baris-buruk", "--json")
    assert r.returncode == 0, r.stderr
    h = json.loads(r.stdout)
    assert h["diterbitkan"] == 2 and [d["baris"] for d in h["dilewati"]] == [4]
    # rows added to the sheet (and the bad one fixed): only the new ones get numbers
    lembar = _lembar(kantor, [*BARIS, buruk.replace("bukan-email", "budi@example.com")])
    r = _terbitkan(kantor, str(lembar), "--zip", "--json")
    h = json.loads(r.stdout)
    assert (h["diterbitkan"], h["sudah_terbit"]) == (2, 2)
    assert _jumlah_nomor(kantor) == 4
    with zipfile.ZipFile(h["zip"]) as z:
        nama = sorted(Path(n).name for n in z.namelist())
    assert nama == ["Andi-Kurniawan.pdf", "Budi.pdf", "Dewi-Lestari.pdf",
                    "Siti-Rahmawati-S-Pd-M-Pd.pdf"]  # fmt: skip
    # a participant found by e-mail even when the sheet changes their NIK column order
    r = _terbitkan(kantor, str(lembar), "--json")
    assert json.loads(r.stdout)["diterbitkan"] == 0 and _jumlah_nomor(kantor) == 4


def test_sertifikat_bernomor_qr_dan_ttd_penandatangan(kantor: Path, tmp_path: Path) -> None:
    lembar = _lembar(kantor, BARIS[:1])
    r = _terbitkan(kantor, str(lembar), "--json")
    h = json.loads(r.stdout)
    [pdf] = sorted(Path(h["keluaran"]).glob("*.pdf"))
    with db(kantor) as c:
        nomor, idv = c.execute("SELECT nomor, id_verifikasi FROM terbit_naskah").fetchone()
    teks = PdfReader(pdf).pages[0].extract_text()
    assert f"Nomor: {nomor}" in teks and "Siti Rahmawati" in teks
    assert len(PdfReader(pdf).pages) == 2
    [qr] = baca_qr(png_halaman(pdf, tmp_path, dpi=200))
    assert qr.endswith(f"/verifikasi/{idv}")
    sig = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True)
    assert "Signature is Valid" in sig.stdout and "Jarwoko" in sig.stdout
    v = jalankan(kantor, "tte", "verifikasi", str(pdf), cek=True)
    assert ": SAH" in v.stdout and "versi terkini" in v.stdout


def test_kunci_orang_lain_ditolak_sebelum_bernomor(kantor: Path) -> None:
    lain = buat_p12_contoh(kantor / "lain.p12", "Budi Santoso", b"naskah-uji")
    r = _terbitkan(kantor, str(_lembar(kantor, BARIS)), "--p12", str(lain))
    assert r.returncode == 1 and "Budi Santoso" in r.stderr and "Traceback" not in r.stderr
    assert _jumlah_nomor(kantor) == 0
