"""What both pipelines share: document identity, the lint gate, archive reconciliation.

A document is identified by its YAML file's path relative to the office folder (the folder of
naskah.toml), e.g. ``naskah:surat/st-bontang.yaml``; a file outside it by its absolute path. The
identity, not the content, decides the number: a document edited after a failed attempt keeps
its number; a copy under another name is another document.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from naskah.arsip import Arsip
from naskah.config import Konfigurasi
from naskah.errors import InputError, Masalah
from naskah.jam import sistem

Pengamat = Callable[[str], None]
"""Called with the name of each pipeline step as it completes (crash tests kill on it)."""

_pengamat: Pengamat | None = None


def atur_pengamat(fn: Pengamat | None) -> None:
    """Set the process-wide step observer (tests signal progress to a parent through it)."""
    global _pengamat
    _pengamat = fn


def titik(nama: str) -> None:
    """Report that the step ``nama`` completed."""
    if _pengamat is not None:
        _pengamat(nama)


def kunci_berkas(konfigurasi: Konfigurasi, path: Path, awalan: str) -> str:
    """Return the identity of the document file ``path`` (relative to the office folder)."""
    mutlak = Path(path).resolve()
    try:
        rel = mutlak.relative_to(Path(konfigurasi.folder).resolve()).as_posix()
    except ValueError:
        rel = mutlak.as_posix()
    return f"{awalan}:{rel}"


def id_verifikasi_baru() -> str:
    """Return a fresh unguessable URL-safe verification id (22 characters)."""
    return secrets.token_urlsafe(16)


def gerbang_periksa(path: Path, konfigurasi: Konfigurasi, model: Any = None) -> None:
    """Lint ``path`` (or its loaded ``model``, without its participant sheet, which the
    certificate pipeline checks itself); raise :class:`InputError` listing every ``galat``."""
    from naskah.loader import baca_data
    from naskah.periksa import periksa_berkas, periksa_dokumen

    if model is None:
        temuan = periksa_berkas(path, konfigurasi)
    else:
        data, _ = baca_data(path)
        temuan = periksa_dokumen(model, konfigurasi, data=data)
    galat = [t for t in temuan if t.tingkat == "galat"]
    if galat:
        raise InputError(
            f"Naskah {path} memuat {len(galat)} galat, jadi belum ada yang diterbitkan; "
            f"perbaiki berikut (lihat `naskah periksa {path}`) lalu ulangi:",
            [Masalah(str(path), t.lokasi, f"[{t.kode}] {t.pesan}") for t in galat],
        )


def indeks_ulang_entri(arsip: Arsip, ids: Iterable[str]) -> None:
    """(Re-)index the archived entries ``ids`` whose indexing a crash may have cut short."""
    arsip.indeks_entri(ids)


def sekarang() -> datetime:
    """Return the system clock's time, an aware UTC instant.

    The pipelines record their states with the register's clock (``Register.jam``), so an
    injected clock reaches every row; this is the default that clock has.
    """
    return sistem()
