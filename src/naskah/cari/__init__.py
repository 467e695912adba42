"""Search over the archive, behind one small interface.

The archive is the record; the index is derived from it and can always be rebuilt
(``naskah arsip indeks-ulang``). Callers see only :class:`MesinCari` and the records of
:mod:`naskah.cari.dokumen`; which backend runs (Whoosh in the archive folder, or PostgreSQL
full-text search beside the register) is decided by naskah.toml's ``[cari] mesin``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Literal, Protocol

from naskah.cari.dokumen import (
    DokumenIndeks,
    Ejaan,
    Hasil,
    HasilCari,
    JenisIndeks,
    Kueri,
    OrangIndeks,
)
from naskah.errors import CariError, ConfigError

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from naskah.cari.jawab import Jawaban
    from naskah.config import Konfigurasi

__all__ = [
    "CariError",
    "DokumenIndeks",
    "Ejaan",
    "Hasil",
    "HasilCari",
    "JenisIndeks",
    "Kueri",
    "MesinCari",
    "OrangIndeks",
    "Penulis",
    "buka_mesin_cari",
    "cari",
    "jawab_kueri",
    "nama_mesin",
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

    cuplikan_mahal: bool
    """Whether a snippet costs enough per hit that a caller showing only some of the hits it
    fetched (grouping) should fetch them without, then ask for the shown ones' snippets
    (Whoosh, where a snippet is cut in Python; not PostgreSQL, where ``ts_headline`` is cheaper
    than a second query)."""

    def tulis(self) -> AbstractContextManager[Penulis]:
        """Open a batch writer (waits for the lock up to the configured timeout)."""

    def tulis_dalam(self, conn: Connection) -> AbstractContextManager[Penulis] | None:
        """Open a batch writer inside the caller's open transaction on ``conn``, or return None.

        A writer is returned only when this backend keeps its index in the database ``conn``
        is connected to: its changes are sent before the block ends and commit or roll back
        with the caller's transaction (the archive indexes a document in the same transaction
        as its catalog row, so the index is never behind the archive). None (an index outside
        that database, as Whoosh's folder) means: index after the commit with :meth:`tulis`.
        """

    def cari(self, kueri: Kueri) -> HasilCari:
        """Answer one query literally: every word must match (a name within the typo rule, a
        shorthand by its expansions, a part of a number by the numbers holding it); raise
        InputError for a query :func:`naskah.cari.aturan.periksa_kueri` refuses."""

    def eja(self, kata: Sequence[str]) -> dict[str, Ejaan]:
        """Return, for each typed word (lower-cased), how many documents hold it and the
        archive's words it may be a typo of (:func:`naskah.cari.aturan.mirip`), closest and
        most frequent first."""

    def bangun_ulang(self, dokumen: Iterable[DokumenIndeks]) -> int:
        """Replace the whole index with these documents; return how many were indexed."""

    def tutup(self) -> None:
        """Release what the backend holds (a database connection pool); it may be used again."""

    def perlu_dibangun_ulang(self) -> bool:
        """Whether the index is missing, unreadable or of another schema version."""


def nama_mesin(konfigurasi: Konfigurasi) -> Literal["whoosh", "postgresql"]:
    """Return the backend naskah.toml chooses: ``[cari] mesin``, else PostgreSQL when the
    register is on PostgreSQL, else Whoosh."""
    if konfigurasi.cari.mesin is not None:
        return konfigurasi.cari.mesin
    return "postgresql" if konfigurasi.url_basis_data.startswith("postgresql") else "whoosh"


def buka_mesin_cari(konfigurasi: Konfigurasi) -> MesinCari:
    """Return the search backend of this office (nothing is opened until it is used)."""
    if nama_mesin(konfigurasi) == "postgresql":
        try:
            from naskah.cari.postgresql import MesinCariPostgres
        except ImportError:
            raise ConfigError(
                "Mesin pencarian PostgreSQL belum tersedia pada versi naskah ini; isi "
                '[cari] mesin = "whoosh" di naskah.toml.'
            ) from None
        mesin: MesinCari = MesinCariPostgres(konfigurasi)
        return mesin
    from naskah.cari.whoosh import MesinCariWhoosh

    return MesinCariWhoosh(konfigurasi.folder_arsip, batas_tunggu=konfigurasi.cari.batas_tunggu)


def cari(konfigurasi: Konfigurasi, kueri: Kueri) -> HasilCari:
    """Answer ``kueri`` literally with this office's search backend."""
    mesin = buka_mesin_cari(konfigurasi)
    try:
        return mesin.cari(kueri)
    finally:
        mesin.tutup()


def jawab_kueri(konfigurasi: Konfigurasi, kueri: Kueri, *, kelompokkan: bool = True) -> Jawaban:
    """Answer what a clerk typed, with this office's backend and shorthand: kind words as a
    filter, shorthand, a suggestion for typos, certificates of one activity grouped (see
    :mod:`naskah.cari.jawab`)."""
    from naskah.cari.jawab import gabung_padanan, jawab

    mesin = buka_mesin_cari(konfigurasi)
    try:
        return jawab(
            mesin, kueri, padanan=gabung_padanan(konfigurasi.cari.padanan), kelompokkan=kelompokkan
        )
    finally:
        mesin.tutup()
