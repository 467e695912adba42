"""Input hygiene of issue 20 (items 9-11 and the Low list), through the real CLI.

Line breaks, control and invisible (zero-width, bidi) characters are refused at input in a YAML
document and in a participant sheet, with the field or row named; an e-mail cell holds exactly
one address; a NIK typed as a number, merged cells and a CSV mixing UTF-8 with another encoding
are refused with the row (and column) named; two namesakes with nothing to tell them apart are
refused. Each case: exit 1, no traceback, never "Galat tak terduga".
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from naskah.errors import InputError
from naskah.teks_aman import alasan_teks, periksa_teks
from tests.conftest import EXAMPLES

KEPALA = "nama,nik,nip,instansi,email,peran"
ANI = "Ani Rahayu,6472014501900001,,SDN 1,ani@example.org,peserta"


def _bersih(hasil) -> str:  # type: ignore[no-untyped-def]
    keluaran = hasil.stdout + hasil.stderr
    assert hasil.returncode == 1, keluaran
    assert "Traceback" not in keluaran and "tak terduga" not in keluaran, keluaran
    return keluaran


def _kegiatan(tmp_path: Path, nama: str) -> Path:
    """The example activity with its name replaced by ``nama`` (a YAML double-quoted scalar)."""
    baris = (EXAMPLES / "sertifikat-kegiatan.yaml").read_text(encoding="utf-8").splitlines()
    i = baris.index("  nama: >-")
    baris[i : i + 3] = [f'  nama: "{nama}"']
    p = tmp_path / "kegiatan.yaml"
    p.write_text("\n".join(baris) + "\n", encoding="utf-8")
    shutil.copy(EXAMPLES / "peserta-contoh.xlsx", tmp_path / "peserta-contoh.xlsx")
    return p


def _periksa_lembar(naskah_cli, path: Path) -> dict:  # type: ignore[no-untyped-def]
    hasil = naskah_cli("sertifikat", "periksa", path, "--json", cwd=path.parent)
    _bersih(hasil)
    return json.loads(hasil.stdout)


def _masalah(hasil: dict, baris: int, kolom: str) -> str:
    cocok = [m["pesan"] for m in hasil["masalah"] if m["baris"] == baris and m["kolom"] == kolom]
    assert cocok, (baris, kolom, hasil["masalah"])
    return cocok[0]


# --- YAML documents -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nama", "alasan"),
    [
        ("Rapat\\r\\nBcc: x@evil.example", "pindah baris (U+000D)"),
        ("Rapat\\nKerja", "pindah baris (U+000A)"),
        ("Rapat\\u0007Kerja", "karakter kendali"),
        ("Rapat \\u202eATIMLAK", "pengatur arah teks U+202E"),
        ("Rapat\\u200bKerja", "karakter tak tampak U+200B"),
    ],
)
def test_nama_kegiatan_kotor_ditolak_periksa_dan_kirim(naskah_cli, kantor, nama, alasan):
    p = _kegiatan(kantor, nama)
    hasil = naskah_cli("periksa", p, cwd=kantor)
    keluaran = _bersih(hasil)
    assert "kegiatan.nama" in keluaran and alasan in keluaran, keluaran
    # sertifikat kirim met it as "Galat tak terduga (ValueError …)": now refused at reading
    hasil = naskah_cli("sertifikat", "kirim", p, "--uji", cwd=kantor)
    keluaran = _bersih(hasil)
    assert "kegiatan.nama" in keluaran and alasan in keluaran, keluaran


def test_nama_penandatangan_bidi_ditolak(naskah_cli, tmp_path):
    p = _kegiatan(tmp_path, "Rapat Kerja")
    p.write_text(p.read_text().replace("  nama: Jarwoko", '  nama: "Jar\\u2066woko"'))
    keluaran = _bersih(naskah_cli("periksa", p, cwd=tmp_path))
    assert "penandatangan.nama" in keluaran and "U+2066" in keluaran, keluaran


def test_nilai_satu_baris_dan_lipatan_yaml_diterima(naskah_cli, tmp_path):
    p = _kegiatan(tmp_path, "Rapat Kerja Pendampingan")
    hasil = naskah_cli("periksa", p, cwd=tmp_path)
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr
    # the example itself folds its name over three lines (>-): one line after reading
    hasil = naskah_cli("periksa", EXAMPLES / "sertifikat-kegiatan.yaml", cwd=EXAMPLES)
    assert hasil.returncode == 0, hasil.stdout + hasil.stderr


# --- participant sheets ---------------------------------------------------------------------


def test_sel_lembar_kotor_ditolak_per_baris(naskah_cli, tmp_path):
    baris = [
        KEPALA,
        ANI,
        "KALTIM \u202eMITLAK,,,SDN 2,b@example.org,peserta",
        "Cit\u200bra,,,SDN 3,c@example.org,peserta",
        '"Dedi\nBaris Dua",,,SDN 4,d@example.org,peserta',
        "Eka,,,SDN 5 \u2067,e@example.org,peserta",
        "Fajar,,,SDN 6,\ufefff@example.org,peserta",
    ]
    p = tmp_path / "peserta.csv"
    p.write_text("\n".join(baris) + "\n", encoding="utf-8")
    hasil = _periksa_lembar(naskah_cli, p)
    assert hasil["peserta"] == 1 and hasil["baris_buruk"] == [3, 4, 5, 6, 7]
    assert "U+202E" in _masalah(hasil, 3, "nama")
    assert "U+200B" in _masalah(hasil, 4, "nama")
    assert "pindah baris" in _masalah(hasil, 5, "nama")
    assert "U+2067" in _masalah(hasil, 6, "instansi")
    assert "U+FEFF" in _masalah(hasil, 7, "email")


@pytest.mark.parametrize(
    "alamat",
    [
        '"korban,penyerang@evil.example"',
        "korban@example.org;penyerang@evil.example",
        '"Korban <korban@example.org>, penyerang@evil.example"',
        "korban@example.org penyerang@evil.example",
        "korban@@example.org",
        "korban@example",
    ],
)
def test_satu_sel_satu_alamat(naskah_cli, tmp_path, alamat):
    p = tmp_path / "peserta.csv"
    p.write_text(f"{KEPALA}\n{ANI}\nBudi,,,SDN 2,{alamat},peserta\n", encoding="utf-8")
    hasil = _periksa_lembar(naskah_cli, p)
    assert hasil["baris_buruk"] == [3]
    pesan = _masalah(hasil, 3, "email")
    assert "penyerang" not in pesan and "tidak sah" in pesan or "tepat satu alamat" in pesan


def test_alamat_dinormalkan_dan_model_menolak_dua_alamat():
    from pydantic import ValidationError

    from naskah.models import Peserta

    assert Peserta(nama="A", instansi="B", email="Ani@Example.ORG").email == "ani@example.org"
    with pytest.raises(ValidationError, match="tepat satu alamat"):
        Peserta(nama="A", instansi="B", email="korban,penyerang@evil.example")


def test_nama_kembar_tanpa_pembeda_ditolak(naskah_cli, tmp_path):
    p = tmp_path / "peserta.csv"
    p.write_text(
        f"{KEPALA}\nBudi Santoso,,,SDN 1,,peserta\nbudi  santoso,,,SDN 2,,peserta\n"
        "Budi Santoso,,,SDN 3,budi3@example.org,peserta\n",
        encoding="utf-8",
    )
    hasil = _periksa_lembar(naskah_cli, p)
    assert hasil["baris_buruk"] == [3]
    assert "sama dengan baris 2" in _masalah(hasil, 3, "nama")


def test_nik_dan_nip_angka_di_xlsx_ditolak(naskah_cli, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Nama", "NIK", "NIP", "Instansi"])
    ws.append(["Ani", "6472014501900001", None, "SDN 1"])
    ws.append(["Budi", 6472035205780000, None, "SDN 2"])  # what Excel keeps of ...0002
    ws.append(["Citra", None, 197003191997031001, "SDN 3"])
    p = tmp_path / "peserta.xlsx"
    wb.save(p)
    hasil = _periksa_lembar(naskah_cli, p)
    assert hasil["peserta"] == 1 and hasil["baris_buruk"] == [3, 4]
    for baris, kolom in ((3, "nik"), (4, "nip")):
        pesan = _masalah(hasil, baris, kolom)
        assert "tersimpan sebagai angka" in pesan and "format kolom" in pesan, pesan


def test_sel_gabung_ditolak_dengan_baris_dan_kolom(naskah_cli, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["DAFTAR PESERTA"])  # a merged title above the header is fine
    ws.merge_cells("A1:D1")
    ws.append(["Nama", "NIK", "Instansi", "Email"])
    ws.append(["Ani", "6472014501900001", "SDN 1", "ani@example.org"])
    ws.append(["Budi", "6472010101900002", "SDN 2", "budi@example.org"])
    ws.append(["Citra", None, "SDN 2", "citra@example.org"])
    ws.merge_cells("B4:B5")  # Citra's NIK would silently be empty
    p = tmp_path / "peserta.xlsx"
    wb.save(p)
    hasil = _periksa_lembar(naskah_cli, p)
    assert hasil["peserta"] == 1 and hasil["baris_buruk"] == [4, 5]
    for baris in (4, 5):
        pesan = _masalah(hasil, baris, "nik")
        assert "B4:B5" in pesan and "digabung" in pesan, pesan


def test_csv_pengodean_campuran_ditolak_dengan_barisnya(naskah_cli, tmp_path):
    p = tmp_path / "peserta.csv"
    p.write_bytes(
        "nama,instansi\nZoë Ñandú,SDN 1\n".encode()
        + "Budi Santoso,SDN 2\nRené,SDN 3\n".encode("cp1252")
    )
    hasil = naskah_cli("sertifikat", "periksa", p, cwd=tmp_path)
    keluaran = _bersih(hasil)
    assert "baris 4" in keluaran and "campuran" in keluaran and "Ã" not in keluaran, keluaran


def test_csv_seluruhnya_cp1252_tetap_dibaca(tmp_path):
    from naskah.peserta import baca_peserta

    p = tmp_path / "peserta.csv"
    p.write_bytes("nama;instansi\nZoë Ñandú;SDN 1\nRené;SDN 3\n".encode("cp1252"))
    assert [x.nama for x in baca_peserta(p)] == ["Zoë Ñandú", "René"]


# --- the shared rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "c", ["\r", "\n", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u061c", "\u200b", "\u200c",
          "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2060", "\u2066", "\u2069", "\ufeff"],
)  # fmt: skip
def test_aturan_bersama_menolak_setiap_karakter(c):
    assert alasan_teks(f"Siti{c}Aminah") is not None
    with pytest.raises(InputError, match="^Nama peserta memuat .*; ketik ulang"):
        periksa_teks(f"Siti{c}Aminah", "nama peserta")


def test_aturan_bersama_menerima_teks_biasa():
    for teks in ("Siti Rahmawati, S.Pd., M.Pd.", "O’Neil & Zoë Ñandú", "Bpk. H. Abdul-Rahman"):
        assert alasan_teks(teks) is None and periksa_teks(teks, "nama") == teks


@pytest.mark.parametrize(
    "alamat",
    ["ani@example.org", "Ani.Rahayu+kelas@Example.ORG", "a_b-c@sub.domain.go.id", "a..b@x.com",
     "a.@x.com", ".a@x.com", "a@-x.com", "a@x_y.com", "a@localhost", "a@x.test", "a@x.invalid",
     "a@münchen.de", "ä@example.org", "a@xn--mnchen-3ya.de", "a@x.c", "a@1.2.3.4",
     "x" * 64 + "@example.org", "x" * 65 + "@example.org", "a@" + "b" * 64 + ".com",
     "a!#$%&'*/=?^`{|}~@example.org", "a@[127.0.0.1]"],
)  # fmt: skip
def test_alamat_email_sepakat_dengan_email_validator(alamat):
    """The per-domain shortcut of alamat_email never accepts what email-validator refuses."""
    from email_validator import EmailNotValidError, validate_email

    from naskah.models.common import alamat_email

    try:
        harapan = validate_email(alamat, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        harapan = None
    try:
        hasil = alamat_email(alamat)
    except ValueError:
        hasil = None
    assert hasil == harapan


def test_peserta_kembar_dalam_yaml_ditolak_sebelum_bernomor(naskah_cli, kantor):
    teks = (EXAMPLES / "sertifikat-kegiatan.yaml").read_text(encoding="utf-8")
    teks = teks.replace(
        "berkas_peserta: peserta-contoh.xlsx",
        "peserta:\n  - {nama: Budi Santoso, instansi: SDN 1}\n"
        "  - {nama: Budi Santoso, instansi: SDN 2}\n",
    )
    p = kantor / "kegiatan.yaml"
    p.write_text(teks, encoding="utf-8")
    hasil = naskah_cli("sertifikat", "terbitkan", p, cwd=kantor, NASKAH_SANDI="naskah-uji")
    keluaran = _bersih(hasil)
    assert "ke-1 dan ke-2" in keluaran and "tanpa NIK, NIP atau e-mail" in keluaran, keluaran
    db = kantor / "archive" / "register.sqlite"
    if db.exists():  # nothing numbered
        import sqlite3

        with sqlite3.connect(db) as c:
            assert c.execute("SELECT count(*) FROM nomor").fetchone()[0] == 0
