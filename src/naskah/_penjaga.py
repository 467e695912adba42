"""The guardian between naskah and an external program (run as a script by naskah.proses).

``python -I -S _penjaga.py NASKAH_PID PROGRAM ARG...`` runs PROGRAM as its child in its own
process group (naskah starts it in a new session) and exits with PROGRAM's exit code. It asks
the kernel for SIGTERM when the naskah thread that started it dies (``PR_SET_PDEATHSIG``; also
after SIGKILL), and on SIGTERM, SIGINT or SIGHUP kills its whole process group: PROGRAM and
everything PROGRAM started (LibreOffice's ``oosplash`` forks ``soffice.bin``, which a
parent-death signal on PROGRAM alone would not reach). Only the standard library, no site:
it starts in a few milliseconds.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

KODE_GAGAL_EXEC = 199
"""Exit code when PROGRAM cannot be executed (its reason is on standard error)."""
_PR_SET_PDEATHSIG = 1


def _hentikan(signum: int = signal.SIGTERM, frame: object = None) -> None:
    os.killpg(0, signal.SIGKILL)  # the group: PROGRAM, its children, and this guardian


def mati_bersama_induk(sinyal: int, induk: int) -> bool:
    """Ask the kernel for ``sinyal`` when the parent dies (also after SIGKILL; Linux); return
    False when parent ``induk`` already died before the request (nothing left to work for)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, sinyal, 0, 0, 0)
    return os.getppid() == induk


def main(argv: list[str]) -> int:
    """Run the program in ``argv[2:]`` for naskah process ``argv[1]``; return its exit code."""
    induk = int(argv[1])
    for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(s, _hentikan)
    if not mati_bersama_induk(signal.SIGTERM, induk):
        _hentikan()
    pid = os.fork()
    if pid == 0:
        try:
            os.execv(argv[2], argv[2:])
        except OSError as exc:
            os.write(2, f"{exc.strerror}".encode())
        os._exit(KODE_GAGAL_EXEC)
    _, status = os.waitpid(pid, 0)
    kode = os.waitstatus_to_exitcode(status)
    return 128 - kode if kode < 0 else kode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
