"""Search over the archive, behind one small interface.

The archive is the record; the index is derived from it and can always be rebuilt
(``naskah arsip indeks-ulang``). Callers see only :class:`MesinCari` and the records of
:mod:`naskah.cari.dokumen`; which backend runs (Whoosh in the archive folder, or PostgreSQL
full-text search beside the register) is decided by naskah.toml's ``[cari] mesin``.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Protocol

from naskah.cari.dokumen import DokumenIndeks, Hasil, HasilCari, JenisIndeks, Kueri, OrangIndeks

__all__ = [
    "DokumenIndeks",
    "Hasil",
    "HasilCari",
    "JenisIndeks",
    "Kueri",
    "MesinCari",
    "OrangIndeks",
    "Penulis",
]


class Penulis(Protocol):
    """One batch of index changes: committed once when the ``with`` block ends without error,
    discarded otherwise; the index lock is always released."""

    def tambah(self, dokumen: DokumenIndeks) -> None:
        """Add a document version, replacing the entry with the same id."""

    def hapus(self, id: str) -> None:
        """Remove a document version; an unknown id is not an error."""


class MesinCari(Protocol):
    """A search backend."""

    versi_skema: int
    """Bumped whenever the stored fields or the analysis change; an index of another version
    is never used or wiped silently: the user is told to rebuild it."""

    def tulis(self) -> AbstractContextManager[Penulis]:
        """Open a batch writer (waits for the lock up to the configured timeout)."""

    def cari(self, kueri: Kueri) -> HasilCari:
        """Answer one query."""

    def bangun_ulang(self, dokumen: Iterable[DokumenIndeks]) -> int:
        """Replace the whole index with these documents; return how many were indexed."""

    def perlu_dibangun_ulang(self) -> bool:
        """Whether the index is missing, unreadable or of another schema version."""
