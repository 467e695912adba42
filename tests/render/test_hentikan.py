"""A real `naskah render` killed mid-conversion: no soffice survives it, and its work folders are
removed (at once on SIGTERM, by the next run after SIGKILL)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, env_naskah
from tests.test_proses import menunggu_mati

pytestmark = pytest.mark.slow


def _proses_dengan(penanda: str) -> list[int]:
    """Return the pids whose command line mentions ``penanda`` (zombies have none)."""
    pid = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            cmdline = (d / "cmdline").read_bytes()
        except OSError:
            continue
        if penanda.encode() in cmdline:
            pid.append(int(d.name))
    return pid


def _semua_berakhir(penanda: str) -> bool:
    """Return True once every process mentioning ``penanda`` has exited (each waited for on a
    pidfd: a process already signalled may still be exiting when the check starts)."""
    return all(menunggu_mati(p) for p in _proses_dengan(penanda))


def _program(pid: int) -> str:
    try:
        return Path(Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode()).name
    except OSError:
        return ""


def _tahan_soffice(penanda: str, naskah: subprocess.Popen[str], batas: float = 180) -> list[int]:
    """Wait until LibreOffice's soffice.bin of this render runs, then stop (SIGSTOP) it.

    Stopped, LibreOffice can never finish on its own: it ends only if naskah kills it, so
    "no soffice survives" does not depend on how long the conversion would take. Returns the
    stopped pids.
    """
    akhir = time.monotonic() + batas
    while time.monotonic() < akhir:
        lo = [p for p in _proses_dengan(penanda) if _program(p) in ("soffice.bin", "oosplash")]
        if any(_program(p) == "soffice.bin" for p in lo):
            berhenti = []
            for p in lo:
                with contextlib.suppress(ProcessLookupError):  # it ended between list and stop
                    os.kill(p, signal.SIGSTOP)
                    berhenti.append(p)
            if any(_program(p) == "soffice.bin" for p in berhenti):
                return berhenti
            # the soffice.bin seen had ended (one document done): the next one is looked for
            for p in berhenti:
                os.kill(p, signal.SIGCONT)
        assert naskah.poll() is None, naskah.communicate()
        time.sleep(0.02)  # polling /proc for a condition, not ordering processes
    raise AssertionError("soffice.bin never started")


@pytest.fixture(autouse=True)
def _bunuh_sisa_uji(tmp_path):
    """Whatever this test's render left running (a failed check) is killed, by pid."""
    yield
    for p in _proses_dengan(str(tmp_path / "tmp")):
        with contextlib.suppress(ProcessLookupError):
            os.kill(p, signal.SIGKILL)


def _render(tmp_path: Path) -> tuple[subprocess.Popen[str], Path, Path]:
    tmp = tmp_path / "tmp"  # TMPDIR: the profiles live here, so their soffice are ours alone
    tmp.mkdir()
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    for i in range(6):
        shutil.copy(EXAMPLES / "surat-tugas-narasumber.yaml", masuk / f"surat-{i}.yaml")
    keluar = tmp_path / "keluar"
    naskah = subprocess.Popen(
        [sys.executable, "-m", "naskah", "render", *sorted(masuk.glob("*.yaml")), "--format",
         "pdf", "--keluaran", keluar],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_naskah(TMPDIR=str(tmp)),
    )  # fmt: skip
    return naskah, tmp, keluar


def _akhiri(naskah: subprocess.Popen[str]) -> None:
    """Kill the render if a check failed early, reap it and close its pipes (no warning later)."""
    naskah.kill()
    naskah.wait()
    for pipa in (naskah.stdout, naskah.stderr):
        if pipa is not None:
            pipa.close()


def _sisa(*folder: Path) -> list[str]:
    return sorted(
        p.name for f in folder if f.is_dir() for p in f.iterdir()
        if p.name.startswith((".naskah-pdf-", ".naskah-gabung-", "naskah-render-",
                                "naskah-soffice-cadangan-"))
    )  # fmt: skip


@pytest.mark.parametrize(("sinyal", "kode"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_sigterm_dan_ctrl_c_menghentikan_soffice_dan_membersihkan_seketika(tmp_path, sinyal, kode):
    naskah, tmp, keluar = _render(tmp_path)
    try:
        soffice = _tahan_soffice(str(tmp), naskah)
        assert _sisa(keluar, tmp), "the render's work folders should exist while it runs"
        naskah.send_signal(sinyal)
        _, galat = naskah.communicate(timeout=60)
    finally:
        _akhiri(naskah)
    assert naskah.returncode == kode, galat
    assert len(galat.strip().splitlines()) == 1 and "Dihentikan" in galat, (
        galat and "Traceback" not in galat and "tak terduga" not in galat
    )
    assert all(menunggu_mati(p) for p in soffice), "soffice outlived naskah"
    assert _semua_berakhir(str(tmp)), _proses_dengan(str(tmp))
    assert _sisa(keluar, tmp) == []
    assert not list(keluar.glob("*.pdf")), "no half-made PDF in the output folder"


def test_sigkill_soffice_ikut_mati_sisa_dibersihkan_berikutnya(tmp_path):
    naskah, tmp, keluar = _render(tmp_path)
    try:
        soffice = _tahan_soffice(str(tmp), naskah)
        os.kill(naskah.pid, signal.SIGKILL)
        naskah.communicate(timeout=60)
    finally:
        _akhiri(naskah)
    assert all(menunggu_mati(p) for p in soffice), "soffice outlived a SIGKILLed naskah"
    assert _semua_berakhir(str(tmp)), _proses_dengan(str(tmp))
    sisa = _sisa(keluar, tmp)
    assert sisa and all(f"-{naskah.pid}-" in s for s in sisa), sisa
    # the next render removes what the dead one left, and does its job
    ulang = subprocess.run(
        [sys.executable, "-m", "naskah", "render", *sorted((tmp_path / "masuk").glob("*.yaml")),
         "--format", "pdf", "--keluaran", keluar],
        capture_output=True, text=True, env=env_naskah(TMPDIR=str(tmp)), timeout=600,
    )  # fmt: skip
    assert ulang.returncode == 0, ulang.stderr
    assert _sisa(keluar, tmp) == []
    assert len(list(keluar.glob("*.pdf"))) == 6
    assert _semua_berakhir(str(tmp)), _proses_dengan(str(tmp))
