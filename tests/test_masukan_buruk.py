"""Bad input of the second round, through the real CLI: deep nesting, UTF-16, a logo that is not
an image, lookalike (non-ASCII) digits. Each gets exit 1 and one sentence, never a traceback or
"Galat tak terduga"; every regex pattern of the models is ASCII-only."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import naskah.models as models
from naskah.errors import InputError, NomorError
from naskah.loader import KEDALAMAN_MAKS, muat_dokumen
from naskah.models import NIP, Dokumen
from naskah.models.common import parse_tanggal
from naskah.nomor import PolaNomor
from tests.test_loader import SURAT

# every non-ASCII decimal digit Unicode knows (Arabic-Indic, Devanagari, fullwidth, …)
_DIGIT_MIRIP = [
    chr(c) for c in range(0x80, 0x110000) if unicodedata.category(chr(c)) == "Nd"
]  # fmt: skip
_ARAB = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_LEBAR = str.maketrans("0123456789", "０１２３４５６７８９")


def _ganti_digit(teks: str, digit: str) -> str:
    return re.sub("[0-9]", digit, teks)


def _satu_galat(hasil, nama: str) -> str:
    """Assert ``periksa`` refused the file with exit 1 and exactly one clean sentence."""
    keluaran = hasil.stdout + hasil.stderr
    assert hasil.returncode == 1, keluaran
    assert "Traceback" not in keluaran and "tak terduga" not in keluaran, keluaran
    baris = [b for b in hasil.stdout.splitlines() if b.strip()]
    assert len(baris) == 1 and baris[0].startswith(f"{nama}: galat"), keluaran
    return baris[0]


def _tulis(tmp_path: Path, nama: str, isi: bytes | str) -> Path:
    p = tmp_path / nama
    p.write_bytes(isi if isinstance(isi, bytes) else isi.encode("utf-8"))
    return p


# --- nesting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nama", "isi"),
    [
        ("dalam-blok.yaml", "jenis: surat_tugas\nx:\n" + "".join(
            "  " * i + "- \n" for i in range(1, 600)) + "  " * 600 + "- a\n"),
        ("dalam-alir.yaml", "jenis: surat_tugas\nx: " + "[" * 500 + "]" * 500 + "\n"),
        ("dalam-pemetaan.yaml", "jenis: surat_tugas\n" + "".join(
            "  " * i + f"k{i}:\n" for i in range(600)) + "  " * 600 + "a: 1\n"),
        ("dalam.json", '{"jenis": "surat_tugas", "x": ' + "[" * 500 + "]" * 500 + "}"),
        ("sangat-dalam.json", '{"jenis": "surat_tugas", "x": ' + "[" * 200_000
         + "]" * 200_000 + "}"),
    ],
)  # fmt: skip
def test_sarang_terlalu_dalam_lewat_cli(tmp_path, naskah_cli, nama, isi):
    p = _tulis(tmp_path, nama, isi)
    baris = _satu_galat(naskah_cli("periksa", p, cwd=tmp_path), str(p))
    assert f"bersarang lebih dari {KEDALAMAN_MAKS} tingkat" in baris


def test_sarang_wajar_diterima(tmp_path):
    isi = SURAT + "dasar_tambahan:\n" + "".join("  " * i + "- \n" for i in range(1, 20))
    with pytest.raises(InputError) as info:  # an unknown key, but it got as far as the model
        muat_dokumen(_tulis(tmp_path, "st.yaml", isi))
    assert "kunci tidak dikenal" in str(info.value)


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nama", "isi"),
    [
        ("notepad-unicode.yaml", b"\xff\xfe" + SURAT.encode("utf-16-le")),
        ("utf16-be.yaml", b"\xfe\xff" + SURAT.encode("utf-16-be")),
        ("utf8-bom.yaml", b"\xef\xbb\xbf" + SURAT.encode("utf-8")),
    ],
)
def test_utf16_dan_bom_dibaca_lewat_cli(tmp_path, naskah_cli, nama, isi):
    p = _tulis(tmp_path, nama, isi)
    acuan = _tulis(tmp_path, "acuan.yaml", SURAT)
    hasil = naskah_cli("periksa", p, cwd=tmp_path)
    assert "berkas-tidak-sah" not in hasil.stdout and not hasil.stderr, hasil.stdout
    # the same findings as the same text saved as UTF-8 (the linter saw the same document)
    sama = naskah_cli("periksa", acuan, cwd=tmp_path).stdout.replace(str(acuan), str(p))
    assert hasil.stdout == sama
    assert muat_dokumen(p) == muat_dokumen(acuan)


@pytest.mark.parametrize(
    ("nama", "isi", "pesan"),
    [
        ("utf16-tanpa-bom.yaml", SURAT.encode("utf-16-le"), "UTF-16 tanpa penanda"),
        ("utf16-terpotong.yaml", b"\xff\xfe" + SURAT.encode("utf-16-le")[:-1] + b"\x00\xd8",
         "bukan teks UTF-16 yang utuh"),
        ("latin1.yaml", "jenis: keputusan # caf\xe9\n".encode("latin-1"), "bukan teks UTF-8"),
    ],
)  # fmt: skip
def test_pengodean_lain_minta_utf8_lewat_cli(tmp_path, naskah_cli, nama, isi, pesan):
    p = _tulis(tmp_path, nama, isi)
    baris = _satu_galat(naskah_cli("periksa", p, cwd=tmp_path), str(p))
    assert pesan in baris and "simpan sebagai UTF-8" in baris


# --- logo ------------------------------------------------------------------------------------

_INSTANSI = (
    "instansi: {kementerian: KEMENTERIAN, unit: BALAI, alamat: Jalan, kota: Samarinda, "
    "logo: LOGO}\n"
)


@pytest.mark.parametrize(
    ("logo", "pesan"),
    [
        ("/etc/passwd", "bukan gambar PNG atau JPEG"),
        ("tidak-ada.png", "tidak ditemukan"),
        (".", "adalah folder"),
    ],
)
def test_logo_bukan_gambar_di_naskah_lewat_cli(tmp_path, naskah_cli, logo, pesan):
    p = _tulis(tmp_path, "st.yaml", SURAT + _INSTANSI.replace("LOGO", logo))
    baris = _satu_galat(naskah_cli("periksa", p, cwd=tmp_path), str(p))
    assert "instansi.logo" in baris and pesan in baris


def test_logo_bukan_gambar_di_naskah_toml_lewat_cli(kantor, naskah_cli):
    toml = kantor / "naskah.toml"
    toml.write_text(re.sub(r"(?m)^logo = .*$", 'logo = "/etc/passwd"', toml.read_text()))
    assert 'logo = "/etc/passwd"' in toml.read_text()
    p = _tulis(kantor, "st.yaml", SURAT)
    baris = _satu_galat(naskah_cli("periksa", p, cwd=kantor), str(p))
    assert "instansi.logo di naskah.toml" in baris and "bukan gambar PNG atau JPEG" in baris
    hasil = naskah_cli("render", p, "--format", "docx", cwd=kantor)
    assert hasil.returncode == 1 and "Traceback" not in hasil.stderr
    assert hasil.stderr.startswith("Galat: ") and "bukan gambar PNG" in hasil.stderr
    assert "tak terduga" not in hasil.stderr and not (kantor / "st.docx").exists()


def test_logo_png_diterima(tmp_path):
    from naskah.render.docx import LOGO_CONTOH

    dok = muat_dokumen(_tulis(tmp_path, "st.yaml", SURAT + _INSTANSI.replace("LOGO", str(
        LOGO_CONTOH))))  # fmt: skip
    assert dok.instansi is not None and dok.instansi.logo == str(LOGO_CONTOH)


# --- lookalike digits ------------------------------------------------------------------------


_KLAS = ("tanggal: 2024-05-28", "klasifikasi: HK.03.01\ntanggal: 2024-05-28", "HK.03.01")
_NIP = ("nip: 19800101 200501 1 002", "nip: 19800101 200501 1 002", "19800101 200501 1 002")
_TGL = ("tanggal: 2024-05-28", "tanggal: 28 Mei 2024", "28 Mei 2024")
_NOMOR = ("tanggal: 2024-05-28", "nomor: 0512/C7.24/HK.03.01/2024\ntanggal: 2024-05-28", "0512")


@pytest.mark.parametrize(
    ("nama", "ganti", "tabel"),
    [
        ("klasifikasi-arab.yaml", _KLAS, _ARAB),
        ("klasifikasi-lebar.yaml", _KLAS, _LEBAR),
        ("nip-arab.yaml", _NIP, _ARAB),
        ("nip-lebar.yaml", _NIP, _LEBAR),
        ("tanggal-arab.yaml", _TGL, _ARAB),
        ("tanggal-lebar.yaml", _TGL, _LEBAR),
        ("nomor-arab.yaml", _NOMOR, _ARAB),
        ("nomor-lebar.yaml", _NOMOR, _LEBAR),
    ],
)
def test_digit_mirip_ditolak_lewat_cli(kantor, naskah_cli, nama, ganti, tabel):
    lama, baru, nilai = ganti
    surat = SURAT.replace("penandatangan: {nama: Jarwoko, nip: 19700319 199703 1 001}",
                          "penandatangan: kepala")  # fmt: skip
    sah = _tulis(kantor, "sah-" + nama, surat.replace(lama, baru))
    hasil = naskah_cli("periksa", sah, cwd=kantor)
    assert hasil.returncode == 0, hasil.stdout  # the same value in ASCII digits passes
    p = _tulis(kantor, nama, surat.replace(lama, baru.replace(nilai, nilai.translate(tabel))))
    assert p.read_text() != sah.read_text()
    baris = _satu_galat(naskah_cli("periksa", p, cwd=kantor), str(p))
    assert "berkas-tidak-sah" in baris


@settings(max_examples=200, deadline=None)
@given(digit=st.sampled_from(_DIGIT_MIRIP), posisi=st.integers(0, 3))
def test_digit_mirip_apa_pun_ditolak(digit, posisi):
    kode = list("HK.03.01")
    kode[[3, 4, 6, 7][posisi]] = digit
    with pytest.raises(ValidationError):
        Dokumen(jenis="x", klasifikasi="".join(kode))
    with pytest.raises(ValueError):
        NIP(_ganti_digit("19700319 199703 1 001", digit))
    with pytest.raises(ValueError):
        parse_tanggal(_ganti_digit("21 Mei 2024", digit))
    with pytest.raises(NomorError):
        PolaNomor("{urut}/{unit}/{klasifikasi}/{tahun}").parse(
            "05" + digit + "2/C7.24/HK.03.01/2024"
        )


def _pola(skema: object) -> list[str]:
    """Return every ``pattern`` in a pydantic core schema."""
    if isinstance(skema, dict):
        return [v for k, v in skema.items() if k == "pattern" and isinstance(v, str)] + [
            p for v in skema.values() for p in _pola(v)
        ]
    if isinstance(skema, (list, tuple)):
        return [p for v in skema for p in _pola(v)]
    return []


def test_setiap_pola_model_hanya_ascii():
    import importlib
    import pkgutil

    modul = [importlib.import_module(f"naskah.models.{m.name}")
             for m in pkgutil.iter_modules(models.__path__)]  # fmt: skip
    kelas = {k for m in modul for k in vars(m).values()
             if isinstance(k, type) and issubclass(k, BaseModel)}  # fmt: skip
    pola = {p for k in kelas for p in _pola(k.__pydantic_core_schema__)}
    assert any("[0-9]" in p for p in pola), "no klasifikasi pattern found: the check is broken"
    # module-level compiled patterns too, unless compiled with re.ASCII
    pola |= {v.pattern for m in modul for v in vars(m).values()
             if isinstance(v, re.Pattern) and not v.flags & re.ASCII}  # fmt: skip
    # \d, \w, \b match any Unicode digit or letter in pydantic's (Rust) and Python's regex
    unicode = sorted(p for p in pola if re.search(r"\\[dwbDWB]", p))
    assert not unicode, unicode
