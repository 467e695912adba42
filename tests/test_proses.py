"""The one runner of external programs: timeout kills the group, nothing outlives naskah,
leftover work folders of dead processes are removed (and only those)."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from naskah.errors import RenderError, ToolMissingError
from naskah.proses import Alat, bersihkan_sisa, folder_kerja, jalankan
from tests.conftest import ROOT

SH = Alat("sh", "Shell uji", "apt-get install dash")


def menunggu_mati(pid: int, batas: float = 20.0) -> bool:
    """Wait (on a pidfd, no polling) until process ``pid`` has exited; False on timeout."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        siap, _, _ = select.select([fd], [], [], batas)
        return bool(siap)
    finally:
        os.close(fd)


def _baca_fifo(path: Path) -> str:
    with open(path) as f:  # blocks until the writer opens it: the readiness signal
        return f.read().strip()


def test_hasil_dan_masukan():
    hasil = jalankan(SH, ["-c", "cat; echo galat >&2; exit 3"], masukan=b"isi",
                     batas_waktu=30, pesan_waktu_habis="x")  # fmt: skip
    assert (hasil.kode, hasil.keluaran, hasil.galat) == (3, b"isi", b"galat\n")


def test_program_tidak_ada():
    alat = Alat("program-yang-tidak-ada-xyz", "Program Uji", "apt-get install uji")
    with pytest.raises(ToolMissingError, match="Program Uji .* tidak ditemukan; pasang dengan"):
        jalankan(alat, [], batas_waktu=5, pesan_waktu_habis="x")


def test_batas_waktu_membunuh_seluruh_kelompok(tmp_path):
    fifo = tmp_path / "pid"
    os.mkfifo(fifo)
    import threading

    cucu: list[str] = []
    pembaca = threading.Thread(target=lambda: cucu.append(_baca_fifo(fifo)))
    pembaca.start()
    with pytest.raises(RenderError, match="waktu habis uji"):
        # a grandchild in the background, like soffice.bin under oosplash
        jalankan(SH, ["-c", f"sleep 1000 & echo $! > {fifo}; wait"], batas_waktu=2,
                 pesan_waktu_habis="waktu habis uji")  # fmt: skip
    pembaca.join(30)
    assert cucu and menunggu_mati(int(cucu[0])), "the grandchild survived the timeout"


@pytest.mark.parametrize("sinyal", [signal.SIGKILL, signal.SIGTERM])
def test_tidak_ada_yang_hidup_setelah_naskah_mati(tmp_path, sinyal):
    """Kill the naskah process itself: the program and its grandchild die with it."""
    fifo = tmp_path / "pid"
    os.mkfifo(fifo)
    kode = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT / "src")!r})
        from naskah.proses import Alat, jalankan
        jalankan(Alat("sh", "sh", "-"), ["-c", "sleep 1000 & echo $$ $! > {fifo}; wait"],
                 batas_waktu=600, pesan_waktu_habis="x")
    """)
    naskah = subprocess.Popen([sys.executable, "-c", kode])
    try:
        anak, cucu = map(int, _baca_fifo(fifo).split())
        os.kill(naskah.pid, sinyal)
        naskah.wait(30)
        assert menunggu_mati(anak), "the program outlived naskah"
        assert menunggu_mati(cucu), "the program's child outlived naskah"
    finally:
        naskah.kill()
        naskah.wait()


def test_folder_kerja_sisa_proses_mati_dihapus(tmp_path):
    mati = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    pid_mati = int(mati.stdout)
    sisa = tmp_path / f".naskah-pdf-{pid_mati}-abc123"
    (sisa / "profil").mkdir(parents=True)
    (sisa / "profil" / "x.pdf").write_bytes(b"%PDF-")
    hidup = tmp_path / f".naskah-pdf-{os.getpid()}-def456"  # a living owner: left alone
    hidup.mkdir()
    lain = tmp_path / ".naskah-pdf-bukan-pid"  # not a name naskah writes: left alone
    lain.mkdir()
    berkas = tmp_path / f".naskah-pdf-{pid_mati}-berkas"  # a file, not a folder: left alone
    berkas.write_text("x")
    with folder_kerja(tmp_path, ".naskah-pdf-") as baru:
        assert baru.is_dir() and baru.name.startswith(f".naskah-pdf-{os.getpid()}-")
        assert not sisa.exists() and hidup.is_dir() and lain.is_dir() and berkas.is_file()
    assert not baru.exists()
    assert bersihkan_sisa(tmp_path, ".naskah-pdf-") == []
