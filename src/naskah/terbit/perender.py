"""The certificate pipeline's render process: step k+1 is rendered there while step k is signed.

This module owns :class:`PerenderLangkah`. Rendering a step (one docxtpl pass, QR codes,
LibreOffice, splitting, the text layer) and signing + archiving the previous one are both mostly
Python, so in one process they would take turns on the interpreter lock. The render runs in one
child process instead (forked before the signer's key or the register are opened, so it holds
neither), which drives LibreOffice itself; this process signs, archives and records states, in
step order. A render needs no secret and writes only into the step's own work folder.

The child dies with its parent (``PR_SET_PDEATHSIG``, also after SIGKILL), and its LibreOffice
with it (the converters' guardian). Ctrl-C is left to the parent, which stops the child.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from naskah.config import Konfigurasi
from naskah.errors import NaskahError, RenderError
from naskah.models import Peserta, SertifikatKegiatan
from naskah.nomor import NomorNaskah

_konverter: Any = None
"""The child's LibreOffice converters, made on its first step and kept for the next ones."""


def _mulai_anak(induk: int) -> None:
    """Initialise the child: die with the parent; leave Ctrl-C to the parent."""
    from naskah._penjaga import mati_bersama_induk
    from naskah.terbit.bersama import atur_pengamat

    if not mati_bersama_induk(signal.SIGKILL, induk):  # the parent died before the request
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    atur_pengamat(None)  # the parent's step observer is the parent's


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
    from naskah.render import KonverterParalel
    from naskah.render.sertifikat import OpsiSertifikat, render_sertifikat
    from naskah.terbit.teks import teks_banyak

    if _konverter is None:
        _konverter = KonverterParalel.buat()
    pdfs = render_sertifikat(
        kegiatan, peserta, nomor, id_verifikasi, folder, OpsiSertifikat(),
        konfigurasi=konfigurasi, konverter=_konverter,
    )  # fmt: skip
    return pdfs, teks_banyak(pdfs)  # the signature does not change the text


class PerenderLangkah:
    """Render steps in the render process, one at a time, in the order they are sent.

    Make it before opening the signer's key and the register (the child is forked then).
    Where ``fork`` is not available, a thread renders instead (same order, less overlap).
    """

    def __init__(self) -> None:
        import multiprocessing

        self._pool: Executor
        if hasattr(os, "fork") and sys.platform.startswith("linux"):
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("fork"),
                initializer=_mulai_anak, initargs=(os.getpid(),),
            )  # fmt: skip
            self._pool.submit(_siap)  # fork now, while nothing secret is open
        else:  # pragma: no cover - Linux is where naskah runs
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
