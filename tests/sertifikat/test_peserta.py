"""Participant sheets, as staff make them and as attackers might: through the CLI."""

from __future__ import annotations

import json
import os
import zipfile

import pytest
from openpyxl import Workbook

from naskah.errors import InputError
from naskah.peserta import baca_peserta, periksa_peserta
from tests.conftest import EXAMPLES

KEPALA = "nama,nik,nip,instansi,email,peran"
ANI = "Ani Rahayu,6472014501900001,19700319 199703 1 001,SDN 1,ani@example.org,peserta"
BUDI = "Budi Santoso,6472010101900002,,SDN 2,budi@example.org,narasumber"


def periksa_cli(naskah_cli, path, *args, cwd=None):
    """Run ``naskah sertifikat periksa PATH --json``; return (exit code, parsed JSON or stderr)."""
    hasil = naskah_cli("sertifikat", "periksa", path, "--json", *args, cwd=cwd or path.parent)
    if hasil.stdout.strip():
        return hasil.returncode, json.loads(hasil.stdout)
    assert "Traceback" not in hasil.stderr and "tak terduga" not in hasil.stderr, hasil.stderr
    return hasil.returncode, hasil.stderr


def test_contoh_csv_dan_xlsx_sama(naskah_cli):
    csv_ = baca_peserta(EXAMPLES / "peserta-contoh.csv")
    xlsx = baca_peserta(EXAMPLES / "peserta-contoh.xlsx")
    assert len(csv_) == 12 and csv_ == xlsx
    kode, hasil = periksa_cli(naskah_cli, EXAMPLES / "peserta-contoh.xlsx")
    assert kode == 0 and hasil["peserta"] == 12 and hasil["masalah"] == []


@pytest.mark.parametrize(
    "pengode, bom",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("utf-16-le", b"\xff\xfe")],
)
@pytest.mark.parametrize("pemisah", [",", ";", "\t", "|"])
def test_pengodean_dan_pemisah(naskah_cli, tmp_path, pengode, bom, pemisah):
    teks = "\r\n".join([
        KEPALA, ANI, "Désirée O’Brien,6472014501900003,,\"SMK 1, Tenggarong\",,panitia",
    ]).replace(",", pemisah)  # fmt: skip
    if pemisah != ",":
        teks = teks.replace('"SMK 1' + pemisah + ' Tenggarong"', '"SMK 1, Tenggarong"')
    p = tmp_path / "peserta.csv"
    p.write_bytes(bom + teks.encode(pengode))
    kode, hasil = periksa_cli(naskah_cli, p)
    assert kode == 0, hasil
    peserta = baca_peserta(p)
    assert [x.nama for x in peserta] == ["Ani Rahayu", "Désirée O’Brien"]
    assert peserta[1].instansi == "SMK 1, Tenggarong" and peserta[1].peran == "panitia"
    assert peserta[0].nip == "197003191997031001"


def test_nama_kolom_indonesia_dan_baris_judul_tidak_di_atas(tmp_path):
    p = tmp_path / "daftar.csv"
    p.write_text(
        "DAFTAR PESERTA BIMTEK KOSP\n\n"
        "No;Nama Lengkap*;NIK;Asal Instansi;E-mail;Sebagai;Nilai\n"
        "1;Ani Rahayu;6472014501900001;SDN 1;ANI@Example.org;Peserta;90\n"
        "2;Budi Santoso;;SDN 2;;Nara Sumber;85\n",
        encoding="utf-8",
    )
    ani, budi = baca_peserta(p)
    assert ani.email == "ani@example.org" and ani.peran == "peserta"
    assert budi.peran == "narasumber" and budi.nik is None


def test_kolom_kantor_dari_naskah_toml(naskah_cli, tmp_path):
    (tmp_path / "naskah.toml").write_text(
        '[sertifikat.kolom]\nnama = "Nama Guru"\ninstansi = ["Nama Sekolah", "Satminkal"]\n',
        encoding="utf-8",
    )
    p = tmp_path / "guru.csv"
    p.write_text("Nama Guru,Satminkal\nAni Rahayu,SDN 1\n", encoding="utf-8")
    kode, hasil = periksa_cli(naskah_cli, p, cwd=tmp_path)
    assert kode == 0 and hasil["peserta"] == 1
    (tmp_path / "naskah.toml").unlink()
    kode, pesan = periksa_cli(naskah_cli, p, cwd=tmp_path)
    assert kode == 1 and "tidak memiliki baris judul dengan kolom nama" in pesan


def test_kolom_wajib_hilang_dan_kolom_ganda(tmp_path):
    p = tmp_path / "peserta.csv"
    p.write_text("nama;sekolahku\nAni;SDN 1\n", encoding="utf-8")
    with pytest.raises(InputError, match="belum memuat kolom instansi; kolom yang tidak dikenal: "
                       "sekolahku"):  # fmt: skip
        baca_peserta(p)
    p.write_text("nama,instansi,Nama Lengkap\nAni,SDN 1,Ani R\n", encoding="utf-8")
    with pytest.raises(InputError, match="kolom nama muncul dua kali \\(kolom A dan C\\)"):
        baca_peserta(p)


SALAH = [
    # (row, column, message) for each case, in the sheet below
    (3, "nama", "nama wajib diisi"),
    (4, "instansi", "instansi wajib diisi"),
    (5, "nik", "harus 16 digit"),
    (6, "nik", "bukan tanggal lahir"),
    (7, "nip", "harus 18 digit"),
    (8, "email", "tidak sah"),
    (9, "peran", "peran 'penonton' tidak dikenal"),
    (10, "nik", "NIK sama dengan baris 2"),
    (11, "nip", "NIP sama dengan baris 2"),
    (12, "email", "e-mail sama dengan baris 2"),
    (13, "nik", "notasi ilmiah"),
    (14, "nama", "seperti rumus spreadsheet"),
    (15, "instansi", "seperti rumus spreadsheet"),
    (16, "nama", "karakter kendali"),
    (17, "nama", "terlalu panjang"),
]


def test_semua_masalah_sekaligus_menurut_baris(naskah_cli, tmp_path):
    baris = [
        KEPALA, ANI,
        ",6472010101900010,,SDN 3,,peserta",
        "Citra,6472010101900011,,,,peserta",
        "Dedi,123,,SDN 5,,peserta",
        "Eka,6472019999900012,,SDN 6,,peserta",
        "Fajar,,1970031919970310,SDN 7,,peserta",
        "Gita,,,SDN 8,gita@,peserta",
        "Hadi,,,SDN 9,,penonton",
        "Indah,6472014501900001,,SDN 10,,peserta",
        "Joko,,19700319.199703.1.001,SDN 11,,peserta",
        "Kiki,,,SDN 12,Ani@Example.ORG,peserta",
        "Lina,6.47201E+15,,SDN 13,,peserta",
        "=cmd|' /C calc'!A0,,,SDN 14,,peserta",
        "Mira,,,@SUM(1+1)*cmd|' /C calc'!A0,,peserta",
        "Nina\x07,,,SDN 16,,peserta",
        "O" * 151 + ",,,SDN 17,,peserta",
        BUDI,
    ]  # fmt: skip
    p = tmp_path / "peserta.csv"
    p.write_text("\n".join(baris) + "\n", encoding="utf-8")
    kode, hasil = periksa_cli(naskah_cli, p)
    assert kode == 1
    assert hasil["peserta"] == 2  # Ani and Budi
    assert hasil["baris_buruk"] == [r for r, _, _ in SALAH]
    for r, kolom, pesan in SALAH:
        assert any(m["baris"] == r and m["kolom"] == kolom and pesan in m["pesan"]
                   for m in hasil["masalah"]), (r, kolom, pesan, hasil["masalah"])  # fmt: skip
    # nothing is taken from a bad sheet; the option path gets the good rows and the skipped ones
    with pytest.raises(InputError, match="tidak ada peserta yang diambil"):
        baca_peserta(p)
    lembar = periksa_peserta(p)
    assert [b.baris for b in lembar.baik] == [2, 18]
    assert lembar.baris_buruk == [r for r, _, _ in SALAH]
    teks = naskah_cli("sertifikat", "periksa", p, cwd=tmp_path)
    assert teks.returncode == 1 and "baris 14 (nama): diawali '='" in teks.stdout


def test_xlsx_angka_dan_sel_kosong(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Nama", "NIK", "NIP", "Instansi", "Email", "Peran"])
    ws.append(["Ani Rahayu", "6472014501900001", None, "SDN 1", None, None])
    ws.append(["Budi", 6472014501.25, None, "SDN 2", None, "peserta"])
    ws.append([None, None, None, None, None, None])
    ws.append(["Citra", None, None, "SDN 3", None, True])
    # a 16-digit NIK typed as a number: Excel keeps 15 digits, so even an exact one is refused
    ws.append(["Dedi", 6472035205780000, None, "SDN 4", None, None])
    ws.append(["Eko", None, 197003191997031001, "SDN 5", None, None])
    p = tmp_path / "peserta.xlsx"
    wb.save(p)
    lembar = periksa_peserta(p)
    assert [b.peserta.nik for b in lembar.baik] == ["6472014501900001"]
    assert lembar.baik[0].peserta.peran == "peserta"
    assert lembar.baris_buruk == [3, 5, 6, 7]
    assert "angka pecahan" in lembar.masalah[0].pesan
    assert [(m.baris, m.lokasi) for m in lembar.masalah[-2:]] == [(6, "nik"), (7, "nip")]
    for m in lembar.masalah[-2:]:
        assert "tersimpan sebagai angka" in m.pesan and "sebagai Teks" in m.pesan, m.pesan


# --- hostile and broken files: one sentence each -------------------------------------------


def _satu_kalimat(pesan: str) -> None:
    assert pesan.startswith("Galat: ") and pesan.count("\n") == 1, pesan


def test_berkas_biner(naskah_cli, tmp_path):
    p = tmp_path / "peserta.csv"
    p.write_bytes(os.urandom(4096))
    kode, pesan = periksa_cli(naskah_cli, p)
    assert kode == 1 and "bukan teks CSV" in pesan
    _satu_kalimat(pesan)


def test_berkas_terlalu_besar(naskah_cli, tmp_path):
    p = tmp_path / "peserta.csv"
    with open(p, "wb") as f:
        f.write(b"nama,instansi\n")
        f.truncate(21 * 1024 * 1024)  # sparse: cheap to make
    kode, pesan = periksa_cli(naskah_cli, p)
    assert kode == 1 and "melebihi batas 20 MB" in pesan
    _satu_kalimat(pesan)


def test_terlalu_banyak_baris(naskah_cli, tmp_path):
    p = tmp_path / "peserta.csv"
    p.write_text("nama,instansi\n" + "Ani,SDN 1\n" * 20_050, encoding="utf-8")
    kode, pesan = periksa_cli(naskah_cli, p)
    assert kode == 1 and "lebih dari 20.000" in pesan
    _satu_kalimat(pesan)


def test_xlsx_bom_zip(naskah_cli, tmp_path):
    p = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            nol = b"\0" * (1024 * 1024)
            for _ in range(300):  # 300 MB of zeros, a few hundred kB compressed
                f.write(nol)
    assert p.stat().st_size < 2 * 1024 * 1024
    kode, pesan = periksa_cli(naskah_cli, p)
    assert kode == 1 and "bom zip" in pesan
    _satu_kalimat(pesan)


@pytest.mark.parametrize(
    "nama, isi, pesan",
    [
        ("rusak.xlsx", b"PK\x03\x04 bukan zip sebenarnya", "bukan berkas Excel (.xlsx) yang sah"),
        ("teks.xlsx", b"nama,instansi\nAni,SD\n", "bukan berkas Excel (.xlsx) yang sah"),
        ("lama.xls", b"\xd0\xcf\x11\xe0", "simpan ulang sebagai Excel (.xlsx) atau CSV"),
        ("peserta.pdf", b"%PDF-1.7", "harus berakhiran .xlsx atau .csv"),
        ("kosong.csv", b"", "tidak memiliki baris judul"),
        ("judul.csv", b"nama,instansi\n\n\n", "tidak memuat satu pun peserta"),
        ("kutip.csv", b'nama,instansi\n"Ani,SD\n' + b"x" * 200_000, "tidak dapat dibaca"),
    ],
)  # fmt: skip
def test_berkas_rusak(naskah_cli, tmp_path, nama, isi, pesan):
    p = tmp_path / nama
    p.write_bytes(isi)
    kode, keluaran = periksa_cli(naskah_cli, p)
    assert kode == 1 and pesan in keluaran, keluaran
    _satu_kalimat(keluaran)


def test_berkas_tidak_ada(naskah_cli, tmp_path):
    kode, pesan = periksa_cli(naskah_cli, tmp_path / "tidak-ada.csv")
    assert kode == 1 and "tidak ditemukan" in pesan


def test_render_membaca_lembar_dari_pemanggil(naskah_cli, tmp_path):
    """`naskah render` of an activity still prints every participant of its sheet (a draft)."""
    hasil = naskah_cli("render", EXAMPLES / "sertifikat-kegiatan.yaml", "--format", "docx",
                       "--keluaran", tmp_path)  # fmt: skip
    assert hasil.returncode == 0, hasil.stderr
    from naskah.render.templat import semua_teks_docx

    teks = "\n".join(semua_teks_docx(tmp_path / "sertifikat-kegiatan.docx"))
    for p in baca_peserta(EXAMPLES / "peserta-contoh.xlsx"):
        assert p.nama in teks
