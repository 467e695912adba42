"""No field can make a path outside the archive: ../, absolute paths, NUL, reserved Windows
names, very long names and odd Unicode, each one, plus a property test over any text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naskah.arsip import komponen_aman, lokasi_entri
from naskah.arsip.jalur import PANJANG_MAKS, dalam_arsip
from naskah.errors import ArchiveError

AMAN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")


def _aman(nama: str) -> None:
    assert AMAN.fullmatch(nama), nama
    assert len(nama) <= PANJANG_MAKS
    assert nama not in (".", "..")


@pytest.mark.parametrize(
    ("teks", "harapan"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("..", "tanpa-nama"),
        ("/etc/cron.d/jahat", "etc-cron.d-jahat"),
        ("C:\\Windows\\System32", "C-Windows-System32"),
        ("0512\x00/../x", "0512-x"),
        ("0512/C7.24/HK.03.01/2024", "0512-C7.24-HK.03.01-2024"),
        (".tersembunyi", "tersembunyi"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("nul", "_nul"),
        ("COM1", "_COM1"),
        ("LPT9.pdf", "_LPT9.pdf"),
        ("aux", "_aux"),
        ("CONSOLE", "CONSOLE"),
        ("０５１２／Ｃ７", "0512-C7"),  # fullwidth digits and solidus
        ("\u2024\u2024/\u2024\u2024/x", "x"),  # one-dot leaders fold to ".."
        ("Keputusan\u202egnp.exe", "Keputusan-gnp.exe"),  # right-to-left override
        ("ker\u200dja\u200bsama", "ker-ja-sama"),  # zero-width joiner and space
        ("Pen\u0065\u0301etapan", "Peneetapan"),  # combining accent dropped
        ("Képutusan Désa", "Keputusan-Desa"),
        ("公文/文件", "tanpa-nama"),
        ("", "tanpa-nama"),
        ("   ", "tanpa-nama"),
    ],
)
def test_komponen_aman(teks: str, harapan: str) -> None:
    nama = komponen_aman(teks)
    assert nama == harapan
    _aman(nama)


def test_nama_sangat_panjang_dipotong_dengan_sidik_berbeda() -> None:
    a = komponen_aman("A" * 10_000)
    b = komponen_aman("A" * 9_999 + "B")
    for n in (a, b):
        _aman(n)
        assert len(n) == PANJANG_MAKS - 9 + 9
    assert a != b


@given(st.text(max_size=400), st.text(max_size=60), st.integers(1, 9999), st.integers(1, 10_000))
@settings(max_examples=400, deadline=None)
def test_lokasi_apa_pun_tetap_di_dalam_arsip(
    nomor: str, jenis: str, tahun: int, versi: int
) -> None:
    lokasi = lokasi_entri(tahun, jenis, nomor, versi)
    bagian = lokasi.split("/")
    assert len(bagian) == 4
    for b in bagian:
        _aman(b)
    akar = Path("/srv/arsip-uji")
    hasil = dalam_arsip(akar, lokasi)
    assert hasil.is_relative_to(akar) and hasil != akar


@pytest.mark.parametrize(
    "lokasi",
    ["../luar", "/etc/passwd", "2024/../../luar", "2024/a\x00b", "2024\\..\\luar", "", ".", "c:x"],
)
def test_lokasi_dari_katalog_yang_rusak_ditolak(tmp_path: Path, lokasi: str) -> None:
    with pytest.raises(ArchiveError):
        dalam_arsip(tmp_path, lokasi)


def test_tautan_simbolik_keluar_arsip_ditolak(tmp_path: Path) -> None:
    akar = tmp_path / "arsip"
    (akar / "2024").mkdir(parents=True)
    (akar / "2024" / "jahat").symlink_to(tmp_path)
    with pytest.raises(ArchiveError, match="di luar folder arsip"):
        dalam_arsip(akar, "2024/jahat/v1")


def test_tahun_dan_versi_tidak_sah() -> None:
    with pytest.raises(ArchiveError):
        lokasi_entri(0, "keputusan", "1", 1)
    with pytest.raises(ArchiveError):
        lokasi_entri(2024, "keputusan", "1", 0)
