"""Reading document files: every problem at once, with lines; hostile input refused cleanly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from naskah.errors import InputError
from naskah.loader import UKURAN_MAKS, ke_yaml, muat_dokumen

SURAT = """\
jenis: surat_tugas
dasar: [Surat Kepala Dinas Pendidikan Nomor 421/123/Disdik tanggal 20 Mei 2024]
petugas:
  - nama: Budi Santoso
    nip: 19800101 200501 1 002
untuk: [Menjadi narasumber]
pelaksanaan: {tanggal_mulai: 2024-06-03, tempat: Tenggarong}
tanggal: 2024-05-28
penandatangan: {nama: Jarwoko, nip: 19700319 199703 1 001}
"""


def tulis(tmp_path: Path, nama: str, isi: str | bytes) -> Path:
    p = tmp_path / nama
    if isinstance(isi, bytes):
        p.write_bytes(isi)
    else:
        p.write_text(isi, encoding="utf-8")
    return p


def test_berkas_sah_dimuat(tmp_path):
    dok = muat_dokumen(tulis(tmp_path, "st.yaml", SURAT))
    assert dok.jenis == "surat_tugas" and dok.petugas[0].nip.tampil == "19800101 200501 1 002"


def test_json_juga_diterima(tmp_path):
    import yaml

    data = yaml.safe_load(SURAT)
    data["tanggal"] = "2024-05-28"
    data["pelaksanaan"]["tanggal_mulai"] = "2024-06-03"
    dok = muat_dokumen(tulis(tmp_path, "st.json", json.dumps(data)))
    assert dok.pelaksanaan.tempat == "Tenggarong"


def test_semua_masalah_dilaporkan_sekaligus_dengan_baris(tmp_path):
    teks = SURAT.replace("untuk:", "untukk:").replace("nip: 19800101 200501 1 002", "nip: 123")
    with pytest.raises(InputError) as info:
        muat_dokumen(tulis(tmp_path, "st.yaml", teks))
    masalah = {(m.lokasi, m.baris) for m in info.value.masalah}
    assert ("petugas[1].nip", 5) in masalah
    assert ("untukk", 6) in masalah
    assert ("untuk", 1) in masalah  # the real key is then missing
    assert "3 masalah" in str(info.value)
    assert "kunci tidak dikenal" in str(info.value)


@pytest.mark.parametrize(
    ("nama", "isi", "pesan"),
    [
        ("rusak.yaml", "jenis: keputusan\n  menimbang: [a\n", "bukan YAML yang sah: baris"),
        ("biner.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "berkas biner"),
        ("latin1.yaml", "jenis: keputusan # \xe9".encode("latin-1"), "bukan teks UTF-8"),
        ("kosong.yaml", "", "kosong"),
        ("daftar.yaml", "- a\n- b\n", "harus berisi pemetaan"),
        ("jenis.yaml", "jenis: memo\n", "harus salah satu dari keputusan"),
        ("ganda.yaml", "jenis: surat_tugas\njenis: keputusan\n", "ditulis dua kali"),
        ("rusak.json", '{"jenis": "keputusan",}', "bukan JSON yang sah (baris 1"),
        ("tipe.yaml", SURAT.replace("dasar: [", "dasar: {a: ").replace("]\npetugas", "}\npetugas"),
         "(dasar): harus berupa daftar"),
    ],
)  # fmt: skip
def test_masukan_buruk_satu_pesan_jelas(tmp_path, nama, isi, pesan):
    with pytest.raises(InputError) as info:
        muat_dokumen(tulis(tmp_path, nama, isi))
    assert pesan in str(info.value)


def test_bom_alias_yaml_ditolak(tmp_path):
    baris = ["jenis: keputusan", 'a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        baris.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 10) + "]")
    with pytest.raises(InputError, match="alias"):
        muat_dokumen(tulis(tmp_path, "bom.yaml", "\n".join(baris) + "\n"))


def test_berkas_terlalu_besar_ditolak(tmp_path):
    p = tulis(tmp_path, "besar.yaml", "jenis: keputusan\n# " + "x" * (UKURAN_MAKS + 10) + "\n")
    with pytest.raises(InputError, match="terlalu besar"):
        muat_dokumen(p)


def test_berkas_tidak_ada(tmp_path):
    with pytest.raises(InputError, match="tidak ditemukan"):
        muat_dokumen(tmp_path / "tidak-ada.yaml")


def test_penandatangan_dari_naskah_toml(tmp_path, kantor):
    from naskah.config import muat_konfigurasi

    k = muat_konfigurasi(kantor / "naskah.toml")
    teks = SURAT.replace("penandatangan: {nama: Jarwoko, nip: 19700319 199703 1 001}",
                         "penandatangan: kepala")  # fmt: skip
    dok = muat_dokumen(tulis(tmp_path, "st.yaml", teks), k)
    assert dok.penandatangan.nama_lengkap == "Dr. Jarwoko, M.Pd."
    with pytest.raises(InputError, match="penandatangan 'wakil' tidak ada di naskah.toml"):
        muat_dokumen(tulis(tmp_path, "st2.yaml", teks.replace("kepala", "wakil")), k)


def test_ke_yaml_bolak_balik(tmp_path):
    dok = muat_dokumen(tulis(tmp_path, "st.yaml", SURAT))
    teks = ke_yaml(dok)
    assert muat_dokumen(tulis(tmp_path, "st2.yaml", teks)) == dok


@pytest.mark.parametrize(
    ("nama", "isi", "pesan"),
    [
        ("rusak.yaml", "jenis: keputusan\n  menimbang: [a\n", "bukan YAML yang sah: baris"),
        ("biner.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "berkas biner"),
        ("ganda.yaml", "jenis: surat_tugas\njenis: keputusan\n", "ditulis dua kali"),
        ("tipe.yaml", SURAT.replace("tempat: Tenggarong", "tempat: [1, 2]"), "harus berupa teks"),
    ],
)  # fmt: skip
def test_masukan_buruk_lewat_cli(tmp_path, naskah_cli, nama, isi, pesan):
    p = tulis(tmp_path, nama, isi)
    hasil = naskah_cli("periksa", p, cwd=tmp_path)
    assert hasil.returncode == 1
    assert pesan in hasil.stdout
    assert "Traceback" not in hasil.stdout + hasil.stderr


def test_bom_alias_dan_berkas_besar_lewat_cli(tmp_path, naskah_cli):
    baris = ["jenis: keputusan", 'a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        baris.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 10) + "]")
    bom = tulis(tmp_path, "bom.yaml", "\n".join(baris) + "\n")
    besar = tulis(tmp_path, "besar.yaml", "jenis: keputusan\n# " + "x" * (UKURAN_MAKS + 10) + "\n")
    hasil = naskah_cli("periksa", bom, besar, cwd=tmp_path)
    assert hasil.returncode == 1
    assert "alias YAML" in hasil.stdout and "terlalu besar" in hasil.stdout
    assert "Traceback" not in hasil.stdout + hasil.stderr
