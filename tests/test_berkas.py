"""Atomic writes: an error leaves the old file as it was and no temporary file behind."""

from __future__ import annotations

import os
import stat

import pytest

from naskah.berkas import tulis_atomik, tulis_bytes
from naskah.errors import RenderError


def test_galat_di_tengah_menulis_tidak_merusak_berkas_lama(tmp_path):
    tujuan = tmp_path / "hasil.pdf"
    tujuan.write_bytes(b"lama")
    with pytest.raises(ZeroDivisionError), tulis_atomik(tujuan, galat=RenderError) as sementara:
        sementara.write_bytes(b"setengah")
        1 / 0  # noqa: B018
    assert tujuan.read_bytes() == b"lama"
    assert [p.name for p in tmp_path.iterdir()] == ["hasil.pdf"]


def test_oserror_menjadi_galat_pemanggil(tmp_path):
    tujuan = tmp_path / "hasil.pdf"
    with (
        pytest.raises(RenderError, match="hasil.pdf tidak dapat ditulis"),
        tulis_atomik(tujuan, galat=RenderError) as sementara,
    ):
        raise OSError(28, "No space left on device", str(sementara))
    assert list(tmp_path.iterdir()) == []


def test_tulis_bytes_dengan_mode(tmp_path):
    tujuan = tulis_bytes(tmp_path / "kunci.p12", b"rahasia", mode=0o600)
    assert tujuan.read_bytes() == b"rahasia"
    assert stat.S_IMODE(os.stat(tujuan).st_mode) == 0o600


def test_galat_sistem_berkas_dalam_bahasa_indonesia(naskah_cli, tmp_path):
    # the C library's English reason ("Not a directory") never reaches staff
    hasil = naskah_cli("init", "/dev/null/kantor", cwd=tmp_path)
    assert hasil.returncode == 1
    assert hasil.stderr.strip() == (
        "Galat: Folder /dev/null/kantor tidak dapat dibuat (bagian jalurnya bukan folder); "
        "pilih folder lain."
    )


def test_bersihkan_sementara_folder_hanya_milik_proses_mati(tmp_path):
    """One listing removes every orphan of a killed writer, and nothing else."""
    import subprocess
    import sys

    from naskah.berkas import bersihkan_sementara, bersihkan_sementara_folder

    mati = subprocess.Popen([sys.executable, "-c", "pass"])
    mati.wait()  # exited and reaped: its pid names no live process
    yatim = [tmp_path / f".a{i}.pdf.{mati.pid}-{i:012x}.tmp" for i in range(3)]
    hidup = tmp_path / f".b.pdf.{os.getpid()}-00000000000a.tmp"  # a live writer's (this one)
    lain = [tmp_path / ".c.pdf.tmp", tmp_path / f".d.pdf.{mati.pid}-xyz.tmp", tmp_path / "e.pdf"]
    for p in [*yatim, hidup, *lain]:
        p.write_bytes(b"x")
    # the same verdicts as the per-file sweep
    assert bersihkan_sementara(tmp_path / "a0.pdf") == [yatim[0]]
    assert sorted(bersihkan_sementara_folder(tmp_path)) == yatim[1:]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in [hidup, *lain])
    assert bersihkan_sementara_folder(tmp_path / "tidak-ada") == []
