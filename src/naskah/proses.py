"""Running external programs (LibreOffice, Graphviz): one runner, a timeout, no orphans.

This module owns every child process naskah starts and the work folders tied to one naskah
process:

* :func:`jalankan` starts a program through a small guardian (:mod:`naskah._penjaga`) in a new
  session and process group. The guardian asks the kernel for SIGTERM when naskah dies
  (``PR_SET_PDEATHSIG``, even after SIGKILL) and then kills the whole group, so LibreOffice's
  ``soffice.bin`` (a grandchild that ``oosplash`` forks, which would otherwise outlive naskah)
  never survives its naskah process. A timeout, Ctrl-C or an error in naskah kills the group too.
* :func:`hentikan_semua` kills every group still running (the CLI calls it on SIGTERM/SIGINT).
* :func:`folder_kerja` makes a temporary folder whose name carries naskah's pid, and
  :func:`bersihkan_sisa` removes such folders left by a naskah process that was killed (only
  those whose owner pid is no longer alive).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from naskah._penjaga import KODE_GAGAL_EXEC
from naskah.berkas import alasan_os
from naskah.errors import NaskahError, RenderError, ToolMissingError

_PENJAGA = str(Path(__file__).with_name("_penjaga.py"))
_lock = threading.RLock()  # re-entrant: the SIGTERM handler may run while this thread holds it
_berjalan: set[subprocess.Popen[bytes]] = set()
_dihentikan = False


@dataclass(frozen=True)
class Alat:
    """An external program: what to run, its name for staff and how to install it."""

    program: str
    """Path or name (looked up on PATH) of the program."""
    nama: str
    """Name in messages, e.g. ``LibreOffice`` or ``Graphviz (dot)``."""
    pasang: str
    """Install command shown when it is missing, e.g. ``sudo apt-get install graphviz``."""
    tanpa_alat: str | None = None
    """What staff can do without it, added to the message (``pilih format docx``)."""


@dataclass(frozen=True)
class HasilProses:
    """What a finished program left: its exit code and its output."""

    kode: int
    keluaran: bytes
    galat: bytes


def jalankan(
    alat: Alat,
    argumen: Sequence[str],
    *,
    batas_waktu: float,
    masukan: bytes | None = None,
    pesan_waktu_habis: str,
    galat: type[NaskahError] = RenderError,
    lingkungan: Mapping[str, str] | None = None,
) -> HasilProses:
    """Run ``alat`` with ``argumen`` and return its result; nothing of it outlives the call.

    ``masukan`` goes to its standard input (empty when None); ``lingkungan`` adds to (or
    overrides) the environment it inherits. After ``batas_waktu`` seconds
    the whole process group is killed and ``galat(pesan_waktu_habis)`` raised. A missing
    program raises :class:`ToolMissingError` naming ``alat.pasang``.
    """
    program = shutil.which(alat.program)
    if program is None:
        raise ToolMissingError(
            f"{alat.nama} ({alat.program}) tidak ditemukan; pasang dengan `{alat.pasang}`"
            + (f" atau {alat.tanpa_alat}." if alat.tanpa_alat else ".")
        )
    perintah = [sys.executable, "-I", "-S", _PENJAGA, str(os.getpid()), program, *argumen]
    with _lock:
        if _dihentikan:
            raise galat(f"naskah sedang dihentikan; {alat.nama} tidak dijalankan lagi.")
        try:
            proses = subprocess.Popen(
                perintah,
                stdin=subprocess.PIPE if masukan is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
                env={**os.environ, **lingkungan} if lingkungan else None,
            )
        except OSError as exc:
            raise ToolMissingError(
                f"{alat.nama} ({alat.program}) tidak dapat dijalankan ({alasan_os(exc)}); pasang "
                f"ulang dengan `{alat.pasang}`."
            ) from None
        _berjalan.add(proses)
    try:
        keluaran, pesan = proses.communicate(masukan, timeout=batas_waktu)
    except subprocess.TimeoutExpired:
        _bunuh(proses)
        raise galat(pesan_waktu_habis) from None
    except BaseException:  # Ctrl-C, SIGTERM's SystemExit, anything: the group goes with us
        _bunuh(proses)
        raise
    finally:
        with _lock:
            _berjalan.discard(proses)
    if proses.returncode == KODE_GAGAL_EXEC:
        raise ToolMissingError(
            f"{alat.nama} ({alat.program}) tidak dapat dijalankan "
            f"({pesan.decode('utf-8', 'replace').strip()}); pasang ulang dengan `{alat.pasang}`."
        )
    return HasilProses(proses.returncode, keluaran, pesan)


def hentikan_semua() -> None:
    """Kill every process group started by :func:`jalankan` and refuse to start new ones."""
    global _dihentikan
    with _lock:
        _dihentikan = True
        semua = list(_berjalan)
    for proses in semua:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proses.pid, signal.SIGKILL)


def _bunuh(proses: subprocess.Popen[bytes]) -> None:
    """Kill the process group of ``proses`` and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proses.pid, signal.SIGKILL)
    with contextlib.suppress(OSError, ValueError):
        proses.communicate()


# --- work folders owned by one naskah process ------------------------------------------------


def _pola_sisa(awalan: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(awalan)}([0-9]+)-[0-9A-Za-z_]+$", re.ASCII)


@contextlib.contextmanager
def folder_kerja(induk: Path, awalan: str) -> Iterator[Path]:
    """Yield a new folder ``induk/{awalan}{pid}-{random}``, removed when the block ends.

    Folders of the same ``awalan`` left in ``induk`` by a naskah process that died (SIGKILL,
    power cut) are removed first (:func:`bersihkan_sisa`).
    """
    induk = Path(induk)
    induk.mkdir(parents=True, exist_ok=True)
    bersihkan_sisa(induk, awalan)
    folder = Path(tempfile.mkdtemp(prefix=f"{awalan}{os.getpid()}-", dir=induk))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def bersihkan_sisa(induk: Path, awalan: str) -> list[Path]:
    """Remove ``induk/{awalan}{pid}-*`` folders whose owner process is dead; return them.

    A folder whose pid is alive (another naskah at work, or a reused pid) is left alone.
    """
    pola = _pola_sisa(awalan)
    dihapus = []
    try:
        isi = list(os.scandir(induk))
    except OSError:
        return []
    for entri in isi:
        m = pola.match(entri.name)
        if m is None or _hidup(int(m.group(1))):
            continue
        with contextlib.suppress(OSError):
            if entri.is_dir(follow_symlinks=False):
                shutil.rmtree(entri.path)
                dihapus.append(Path(entri.path))
    return dihapus


def _hidup(pid: int) -> bool:
    if pid <= 0:
        return True  # not a pid naskah wrote: leave it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
