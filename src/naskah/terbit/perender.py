"""The certificate pipeline's render process: step k+1 is rendered there while step k is signed.

This module owns :class:`PerenderLangkah`. Rendering a step (one docxtpl pass, QR codes,
LibreOffice, splitting, the text layer) and signing + archiving the previous one are both mostly
Python, so in one process they would take turns on the interpreter lock. The render runs in
child processes instead (forked before the signer's key or the register are opened, so they hold
neither), each driving ONE LibreOffice converter of its own (its own profile); this process
signs, archives and records states, in step order. A render needs no secret and writes only into
the step's own work folder.

Two render processes, each converting a whole step in one LibreOffice start, rather than one
process splitting each step over two converters: a ``soffice`` start costs about a second of
CPU (measured: 1.05 s for an empty document, against 23 ms per certificate of layout and
export), so one start per step instead of two takes about a fifth off LibreOffice's CPU per
certificate, while two steps in flight still keep both cores busy.

The child dies with its parent (``PR_SET_PDEATHSIG``, also after SIGKILL), and its LibreOffice
with it (the converters' guardian). Ctrl-C is left to the parent, which stops the child.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from naskah.config import Konfigurasi
from naskah.errors import NaskahError, RenderError
from naskah.models import Peserta, SertifikatKegiatan
from naskah.nomor import NomorNaskah

PEKERJA = 2
"""Render processes (steps in flight); each converts a whole step with one LibreOffice start."""

PRIORITAS_TURUN = 3
"""How much lower the render processes (and their LibreOffice) run than the parent (nice)."""

_konverter: Any = None
"""The child's LibreOffice converter, made on its first step and kept for the next ones."""
_indeks = 0
"""The child's number among the render processes: it names the converter's profile."""


def _mulai_anak(induk: int, penghitung: Any) -> None:
    """Initialise the child: take its number; die with the parent; leave Ctrl-C to the parent."""
    global _indeks
    from naskah._penjaga import mati_bersama_induk
    from naskah.terbit.bersama import atur_pengamat

    if not mati_bersama_induk(signal.SIGKILL, induk):  # the parent died before the request
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    atur_pengamat(None)  # the parent's step observer is the parent's
    # the parent's signing and archiving is what issues certificates, and it waits for nothing
    # but its own CPU, while the renders work up to PEKERJA steps ahead: on a busy core the
    # parent goes first (LibreOffice inherits this)
    os.nice(PRIORITAS_TURUN)
    with penghitung.get_lock():
        _indeks = penghitung.value
        penghitung.value += 1


def _siap() -> bool:
    return True


def render_langkah(
    kegiatan: SertifikatKegiatan,
    peserta: Sequence[Peserta],
    nomor: Sequence[NomorNaskah],
    id_verifikasi: Sequence[str],
    folder: Path,
    konfigurasi: Konfigurasi,
) -> tuple[list[Path], list[str]]:
    """Render one step's certificates into ``folder``; return the PDFs and their text layers."""
    global _konverter
    from naskah.render import KonverterLibreOffice
    from naskah.render.sertifikat import OpsiSertifikat, render_sertifikat_teks

    if _konverter is None:
        # the profile names of KonverterParalel.buat(): an office's warm profiles are reused
        _konverter = KonverterLibreOffice(
            profil=Path(tempfile.gettempdir()) / f"naskah-soffice-{os.getuid()}-{_indeks}"
        )
    # the text layer is read from the parts (the signature does not change it)
    return render_sertifikat_teks(
        kegiatan, peserta, nomor, id_verifikasi, folder, OpsiSertifikat(),
        konfigurasi=konfigurasi, konverter=_konverter,
    )  # fmt: skip


class PerenderLangkah:
    """Render steps in ``pekerja`` render processes, at most that many at a time.

    Make it before opening the signer's key and the register (every child is forked then: the
    pool forks all its workers at the first request). The caller takes the results in step
    order. Where ``fork`` is not available, a thread renders instead (one step at a time).
    """

    def __init__(self, pekerja: int = PEKERJA) -> None:
        import multiprocessing

        self._pool: Executor
        if hasattr(os, "fork") and sys.platform.startswith("linux"):
            konteks = multiprocessing.get_context("fork")
            self.pekerja = max(1, pekerja)
            self._pool = ProcessPoolExecutor(
                max_workers=self.pekerja, mp_context=konteks,
                initializer=_mulai_anak, initargs=(os.getpid(), konteks.Value("i", 0)),
            )  # fmt: skip
            self._pool.submit(_siap)  # fork now, while nothing secret is open
        else:  # pragma: no cover - Linux is where naskah runs
            self.pekerja = 1
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="naskah-render")

    def kirim(self, *args: Any) -> Future[tuple[list[Path], list[str]]]:
        """Start rendering one step (the arguments of :func:`render_langkah`)."""
        try:
            return self._pool.submit(render_langkah, *args)
        except BrokenProcessPool:
            raise _putus() from None

    @staticmethod
    def hasil(f: Future[tuple[list[Path], list[str]]]) -> tuple[list[Path], list[str]]:
        """Wait for a step and return its PDFs and texts (its error raised as it is)."""
        try:
            return f.result()
        except BrokenProcessPool:
            raise _putus() from None
        except NaskahError:
            raise

    def __enter__(self) -> PerenderLangkah:
        return self

    def __exit__(self, *exc: object) -> None:
        self.tutup()

    def tutup(self) -> None:
        """Stop the render process after the step it is rendering (steps not begun are
        dropped)."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def _putus() -> RenderError:
    return RenderError(
        "Proses perender sertifikat berhenti tiba-tiba (mungkin kehabisan memori); ulangi "
        "perintah yang sama: sertifikat yang sudah terbit tidak diulang."
    )
