"""``naskah init``: the example office is a data file, and setting up is all or nothing."""

from __future__ import annotations

import inspect
import tomllib
from pathlib import Path

import pytest
from PIL import Image

import naskah.persiapan as persiapan
from naskah.config import muat_konfigurasi
from naskah.errors import ConfigError
from naskah.persiapan import FOLDER_UJI, SANDI_CONTOH, buat_konfigurasi, teks_konfigurasi


def _isi(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _satu_galat(hasil) -> str:  # type: ignore[no-untyped-def]
    assert hasil.returncode == 1, hasil.stdout + hasil.stderr
    assert "Traceback" not in hasil.stderr and "tak terduga" not in hasil.stderr, hasil.stderr
    baris = hasil.stderr.strip().splitlines()
    assert len(baris) == 1 and baris[0].startswith("Galat: "), hasil.stderr
    return baris[0]


def test_contoh_adalah_berkas_data_bukan_kode():
    teks = teks_konfigurasi(contoh=True)
    data = tomllib.loads(teks)
    assert data["pejabat"]["kepala"]["nama"] == "Jarwoko"
    assert data["tte"]["p12"] == f"{FOLDER_UJI}/kepala-uji.p12"
    assert f"frasa sandi: {SANDI_CONTOH}" in teks and "$" not in teks
    assert data["seri"]["naskah"]["pola"] == "{urut}/{unit}/{rahasia}/{klasifikasi}/{tahun}"
    kosong = tomllib.loads(teks_konfigurasi())
    assert kosong["seri"]["naskah"]["pola"] == data["seri"]["naskah"]["pola"]
    # no office's officials or codes in library code
    sumber = inspect.getsource(persiapan)
    assert "Jarwoko" not in sumber and "HK.03.01" not in sumber and "C7.24" not in sumber


def test_init_contoh_lengkap_dan_saran_logo(naskah_cli, tmp_path):
    hasil = naskah_cli("init", "--contoh", cwd=tmp_path)
    assert hasil.returncode == 0, hasil.stderr
    k = muat_konfigurasi(tmp_path / "naskah.toml")
    assert k.tte.p12 is not None and k.path(k.tte.p12).is_file()
    assert k.path(k.tte.akar_tepercaya[0]).is_file() and k.folder_arsip.is_dir()
    # the example office has an emblem of its own (issue 21: the CONTOH LOGO placeholder is
    # never issued), an original one marked CONTOH, named in its naskah.toml
    assert "Logo kantor belum dipasang" not in hasil.stdout
    assert k.instansi is not None and k.instansi.logo == "lambang-contoh.png"
    with Image.open(tmp_path / "lambang-contoh.png") as img:
        assert img.size == (360, 360)
    assert _isi(tmp_path) == ["archive", "lambang-contoh.png", "naskah.toml", "tte-uji",
                              "tte-uji/kepala-uji.p12", "tte-uji/kepala-uji.pem"]  # fmt: skip


def test_init_kosong_juga_menyarankan_logo(naskah_cli, tmp_path):
    hasil = naskah_cli("init", tmp_path / "kantor")
    assert hasil.returncode == 0, hasil.stderr
    assert "Logo kantor belum dipasang" in hasil.stdout
    assert _isi(tmp_path / "kantor") == ["archive", "naskah.toml"]


def test_sertifikat_gagal_tidak_meninggalkan_apa_pun(naskah_cli, tmp_path):
    # the certificate's PEM cannot be written: a folder stands where the file goes
    (tmp_path / FOLDER_UJI / "kepala-uji.pem").mkdir(parents=True)
    sebelum = _isi(tmp_path)
    baris = _satu_galat(naskah_cli("init", "--contoh", cwd=tmp_path))
    assert "kepala-uji.pem" in baris
    assert _isi(tmp_path) == sebelum  # no naskah.toml, no archive, no p12, no temporary file


def test_folder_sertifikat_tak_dapat_dibuat_tidak_meninggalkan_apa_pun(naskah_cli, tmp_path):
    kantor = tmp_path / "kantor" / "baru"
    kantor.mkdir(parents=True)
    (kantor / FOLDER_UJI).write_text("bukan folder")  # the certificate folder cannot be made
    baris = _satu_galat(naskah_cli("init", "--contoh", kantor))
    assert FOLDER_UJI in baris
    assert _isi(kantor) == [FOLDER_UJI] and (kantor / FOLDER_UJI).read_text() == "bukan folder"


def test_folder_baru_yang_gagal_dihapus_lagi(tmp_path):
    kantor = tmp_path / "a" / "b"
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b").write_text("")  # a file where the office folder should be
    with pytest.raises(ConfigError, match="tidak dapat dibuat"):
        buat_konfigurasi(kantor / "c", contoh=False)
    assert _isi(tmp_path) == ["a", "a/b"]


def test_sertifikat_uji_lama_tidak_ditimpa(naskah_cli, tmp_path):
    assert naskah_cli("init", "--contoh", cwd=tmp_path).returncode == 0
    lama = (tmp_path / FOLDER_UJI / "kepala-uji.p12").read_bytes()
    (tmp_path / "naskah.toml").unlink()
    baris = _satu_galat(naskah_cli("init", "--contoh", cwd=tmp_path))
    assert "sudah ada" in baris and "kepala-uji.p12" in baris
    assert (tmp_path / FOLDER_UJI / "kepala-uji.p12").read_bytes() == lama
    assert not (tmp_path / "naskah.toml").exists()
