"""Third-party warnings reach the log, never a user's terminal, unless --verbose asks."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import env_naskah, run_naskah

_KODE = """
import sys, warnings
from naskah.peringatan import salurkan_peringatan
salurkan_peringatan(sys.argv[1] == "rinci")
warnings.warn("peringatan pustaka lain", DeprecationWarning)
import pyhanko.sign.signers  # cryptography 51 warns here about DSA
import logging
# what fontTools logs each time pyHanko subsets the visible stamp's font
logging.getLogger("fontTools.subset").warning("FFTM NOT subset; don't know how to subset; dropped")
print("selesai")
"""


def _jalankan(mode: str) -> subprocess.CompletedProcess[str]:
    perintah = [sys.executable, "-W", "always", "-c", _KODE, mode]
    return subprocess.run(perintah, capture_output=True, text=True, env=env_naskah(), timeout=120)


def test_peringatan_tidak_tampil_tanpa_verbose():
    hasil = _jalankan("diam")
    assert hasil.returncode == 0, hasil.stderr
    assert hasil.stdout.strip() == "selesai"
    assert hasil.stderr == ""


def test_peringatan_tampil_dengan_verbose():
    hasil = _jalankan("rinci")
    assert hasil.returncode == 0, hasil.stderr
    assert "peringatan pustaka lain" in hasil.stderr
    assert "FFTM NOT subset" in hasil.stderr


def test_perintah_tte_tanpa_peringatan(tmp_path):
    from pypdf import PdfWriter

    penulis = PdfWriter()
    penulis.add_blank_page(595, 842)
    penulis.write(tmp_path / "kosong.pdf")
    hasil = run_naskah("tte", "verifikasi", tmp_path / "kosong.pdf", cwd=tmp_path)
    assert hasil.returncode == 1, hasil.stdout  # not signed: not SAH
    assert hasil.stderr == ""
