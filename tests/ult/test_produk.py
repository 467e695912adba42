"""A speaker request walked to its surat tugas, issued by the real pipeline (LibreOffice)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_naskah

from .conftest import KALTENG, KALTIM

TAMBAHAN = f"""

[pejabat.siti]
nama = "Siti Rahmawati"
gelar_belakang = "S.Pd., M.Pd."
nip = "19780512 200312 2 004"
pangkat = "Pembina (IV/a)"
jabatan = "Widyaprada Ahli Madya"

[ult]
standar = ["{KALTIM}", "{KALTENG}"]
"""


@pytest.fixture
def kantor_contoh(tmp_path: Path) -> Path:
    from naskah.persiapan import buat_konfigurasi

    folder = tmp_path / "kantor"
    buat_konfigurasi(folder, contoh=True)
    with open(folder / "naskah.toml", "a", encoding="utf-8") as f:
        f.write(TAMBAHAN)
    return folder


def _ult(kantor: Path, *args: str | Path):
    r = run_naskah("ult", *args, cwd=kantor, NASKAH_PENGGUNA="petugas-ult")
    assert r.returncode == 0, r.stderr
    return r


@pytest.mark.slow
def test_narasumber_sampai_surat_tugas_terbit_dan_tertaut(kantor_contoh: Path):
    k = kantor_contoh
    p = json.loads(_ult(k, "terima", "narasumber", "--instansi", "Disdikbud Kota Bontang",
                        "--telepon", "081122334455", "--syarat", "semua", "--kegiatan",
                        "2099-02-02", "--kegiatan-selesai", "2099-02-03", "--perihal",
                        "Bimbingan Teknis Perencanaan Berbasis Data", "--json").stdout)  # fmt: skip
    kode = p["kode"]
    gagal = run_naskah("ult", "surat-tugas", kode, "--petugas", "siti", "--tempat", "Aula",
                       cwd=k)  # fmt: skip
    assert gagal.returncode == 1 and "setelah permohonan disetujui" in gagal.stderr
    _ult(k, "putuskan", kode, "--setuju")
    salah = run_naskah("ult", "surat-tugas", kode, "--petugas", "budi", "--tempat", "Aula",
                       cwd=k)  # fmt: skip
    assert salah.returncode == 1 and "Petugas budi tidak ada" in salah.stderr
    berkas = json.loads(_ult(k, "surat-tugas", kode, "--petugas", "siti", "--tempat",
                             "Aula Disdikbud Kota Bontang", "--klasifikasi", "KP.04.05",
                             "--json").stdout)["berkas"]  # fmt: skip
    teks = (k / berkas).read_text(encoding="utf-8")
    assert "Disdikbud Kota Bontang" in teks and "2099-02-02" in teks and "081122" not in teks
    h = json.loads(_ult(k, "terbitkan", kode, berkas, "--json").stdout)
    assert h["nomor"].endswith("/KP.04.05/2026") or "/KP.04.05/" in h["nomor"]
    assert any(str(x).endswith(".pdf") for x in h["salinan"])
    lagi = json.loads(_ult(k, "terbitkan", kode, berkas, "--json").stdout)
    assert lagi["nomor"] == h["nomor"]  # resumed, not issued twice
    r = json.loads(_ult(k, "lihat", kode, "--json").stdout)
    assert [(x["jenis"], x["nomor"]) for x in r["produk"]] == [("Surat Tugas", h["nomor"])]
    assert r["produk"][0]["entri_arsip"] == h["id_verifikasi"]
    assert json.loads(_ult(k, "tutup", kode, "--json").stdout)["keadaan"] == "selesai"
