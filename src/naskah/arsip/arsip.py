"""The archive of one office: the thin facade over ingest, catalog, read side, index and checks.

:class:`Arsip` owns the folder tree under ``[arsip] lokasi`` and the catalog tables in the
register's database, and is the archive's one door: other packages use its public verbs, never
its modules. Each job lives in its own module: preparing what is ingested
(:mod:`~naskah.arsip.siapkan`), the ingest transaction (:mod:`~naskah.arsip.simpan`), the
catalog's SQL (:mod:`~naskah.arsip.katalog`, the only code touching the catalog's tables), the
read side (:mod:`~naskah.arsip.baca`), keeping the search index in step
(:mod:`~naskah.arsip.indeks`) and the fixity check (:mod:`~naskah.arsip.periksa`). An archived
entry is never changed or removed; a corrected document is a new version that replaces the old
one in the catalog.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from naskah.arsip import baca, indeks, katalog, periksa, simpan, tulis
from naskah.arsip.catatan import (
    EntriArsip,
    HasilPeriksaArsip,
    HasilSimpan,
    Metadata,
    PeranBerkas,
    sha256,
    uraian_tanda_tangan,
)
from naskah.arsip.permintaan import (
    LaporanPeriksa,
    NaskahLama,
    NaskahLuar,
    NaskahTerbit,
    OpsiArsip,
    Temuan,
)
from naskah.arsip.siapkan import Calon, siapkan_lama, siapkan_luar, siapkan_terbit
from naskah.berkas import alasan_os
from naskah.config import Konfigurasi
from naskah.errors import ArchiveError, Masalah, NaskahError
from naskah.jam import Jam, dari_tersimpan
from naskah.register import Register, buka_register

if TYPE_CHECKING:
    from naskah.cari import DokumenIndeks, MesinCari
    from naskah.tte.batch import VerifikasiBatch

_TENGGANG_CATAT = timedelta(hours=1)
"""How far before the last answer :meth:`Arsip.id_verifikasi_sejak` looks again: an entry's
record time is taken before its transaction commits."""


class Arsip:
    """The archive of one office (folder tree + catalog in the register's database).

    One instance per process; it opens the register lazily. ``mesin`` injects the search
    backend (by default :func:`naskah.cari.buka_mesin_cari` of the configuration), ``jam`` the
    clock (by default the register's). ``titik`` is called with the name of each ingest step
    (tests use it to kill at every step).
    """

    _verifikasi_batch: VerifikasiBatch | None = None
    """The session's batch verifier (:attr:`NaskahTerbit.verifikasi_batch`), made on first use."""

    def __init__(
        self,
        konfigurasi: Konfigurasi,
        *,
        register: Register | None = None,
        opsi: OpsiArsip | None = None,
        mesin: MesinCari | None = None,
        jam: Jam | None = None,
        titik: Callable[[str], None] | None = None,
    ) -> None:
        self.konfigurasi = konfigurasi
        self.akar = konfigurasi.folder_arsip
        self.opsi = opsi or OpsiArsip()
        self._register = register
        self._register_milik = register is None
        self._mesin = mesin
        self._mesin_milik = mesin is None
        # the register's clock unless another is injected: one clock for the audit log
        self._jam: Jam = jam or (lambda: self.register.jam())
        self._titik = titik or (lambda _t: None)

    # -- plumbing --------------------------------------------------------------------------

    @property
    def register(self) -> Register:
        """Return the register whose database holds the catalog."""
        if self._register is None:
            self._register = buka_register(self.konfigurasi)
        return self._register

    def tutup(self) -> None:
        """Close the register and the search backend if this archive opened them."""
        if self._register is not None and self._register_milik:
            self._register.tutup()
            self._register = None
        if self._mesin is not None and self._mesin_milik:
            self._mesin.tutup()
            self._mesin = None

    def __enter__(self) -> Arsip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.tutup()

    @contextmanager
    def _transaksi(self) -> Iterator[Connection]:
        """Yield a connection inside one register write transaction (the only place opening one).

        The catalog rows are written in the same transaction that locks and uses the number.
        """
        with self.register.transaksi() as conn:
            yield conn

    @contextmanager
    def _baca(self) -> Iterator[Connection | None]:
        """Yield a lock-free read-only connection, or None while there is no register yet.

        Every catalog read goes through here (the web service reads a read-only register).
        """
        with self.register.transaksi_baca() as conn:
            yield conn

    # -- ingest ----------------------------------------------------------------------------

    def simpan(self, naskah: NaskahTerbit) -> HasilSimpan:
        """Archive one issued document (see :meth:`simpan_banyak`)."""
        return self.simpan_banyak([naskah])

    def simpan_banyak(self, daftar: Iterable[NaskahTerbit]) -> HasilSimpan:
        """Archive issued documents: all of them in one catalog transaction, or none.

        Each number must be in the register and not cancelled; a reserved number becomes used.
        Archiving the exact files already archived for a number is a no-op; different files
        for an archived number need ``koreksi`` (then they become its next version), except the
        signed copy of an entry archived unsigned.
        """
        return self._simpan([self._siapkan_terbit(n) for n in daftar])

    def impor(
        self,
        daftar: Sequence[NaskahLama],
        *,
        baris: Sequence[int] | None = None,
        sumber: str = "",
    ) -> HasilSimpan:
        """Bring older PDFs into the archive: every one, or none (see :meth:`simpan_banyak`).

        The text comes from each PDF's text layer; a PDF without one is archived and flagged
        ``perlu_ocr``. Their numbers must already be in the register (``naskah nomor impor``).
        Every bad item is reported at once (by ``baris``, the manifest's row numbers, when
        given) in one :class:`~naskah.arsip.manifest.ImporArsipError`.
        """
        label = list(baris) if baris is not None else [None] * len(daftar)
        calon: list[Calon] = []
        masalah: list[Masalah] = []
        for no, n in zip(label, daftar, strict=True):
            try:
                c = siapkan_lama(self, n)
            except ArchiveError as exc:
                masalah.append(Masalah(sumber or n.pdf.name, n.nomor, exc.pesan, no))
                continue
            c.baris = no
            c.sumber = sumber or n.pdf.name
            calon.append(c)
        return self._simpan(calon, masalah=masalah, sumber=sumber)

    def impor_luar(self, daftar: Sequence[NaskahLuar]) -> HasilSimpan:
        """Keep documents of other offices (letters received, decrees of the ministry): every
        one, or none.

        Each is stored apart from this office's numbering (under ``luar/``, no register
        number taken, needed or blocked), with the fields read from its PDF where not given
        (:class:`NaskahLuar`). Its signatures are verified and kept whatever they are; the
        caller says them with :func:`~naskah.arsip.catatan.uraian_tanda_tangan_luar`. Every bad
        PDF is reported at once, by file name, in one
        :class:`~naskah.arsip.manifest.ImporArsipError`, and nothing is stored.
        """
        calon: list[Calon] = []
        masalah: list[Masalah] = []
        for n in daftar:
            try:
                c = siapkan_luar(self, n)
            except ArchiveError as exc:
                if len(daftar) == 1:
                    raise
                masalah.append(Masalah(n.pdf.name, n.nomor or "", exc.pesan, None))
                continue
            c.sumber = n.pdf.name
            calon.append(c)
        hasil = self._simpan(calon, masalah=masalah)
        kata = tuple(k for c in calon for k in uraian_tanda_tangan(c.isi, c.tanda_tangan))
        return replace(hasil, catatan=kata)

    def _siapkan_terbit(self, n: NaskahTerbit) -> Calon:
        return siapkan_terbit(self, n)

    def _simpan(
        self, calon: list[Calon], *, masalah: list[Masalah] | None = None, sumber: str = ""
    ) -> HasilSimpan:
        return simpan.simpan(self, calon, masalah=masalah, sumber=sumber)

    def _tercatat(self, ids: list[str]) -> set[str]:
        with self._baca() as conn:
            return katalog.tercatat(conn, ids) if conn is not None else set()

    def bersihkan(self) -> int:
        """Remove what interrupted ingests left behind; return how many entry folders went."""
        if not (self.akar / tulis.FOLDER_SEMENTARA).is_dir():
            return 0
        try:
            return tulis.bersihkan(self.akar, self._tercatat)
        except OSError as exc:
            raise ArchiveError(
                f"Sisa penyimpanan arsip yang terputus tidak dapat dibersihkan ({alasan_os(exc)})."
            ) from None

    # -- the read side ---------------------------------------------------------------------

    def _entri_id(self, id_entri: str) -> EntriArsip | None:
        return baca.entri_id(self, id_entri)

    def cari_verifikasi(self, id_verifikasi: str) -> EntriArsip | None:
        """Return the entry whose verification id is ``id_verifikasi``, or None.

        Any text is accepted (it comes from a URL); it is only compared, never used as a path.
        """
        return baca.cari_verifikasi(self, id_verifikasi)

    def riwayat(self, teks_nomor: str) -> list[EntriArsip]:
        """Return every archived version of a number, oldest first."""
        return baca.riwayat(self, teks_nomor)

    def terkini_per_nomor(self, teks_nomor: Sequence[str]) -> dict[str, str]:
        """Return number text → id of its current archived entry, for the numbers archived."""
        if not teks_nomor:
            return {}
        with self._baca() as conn:
            return katalog.terkini_per_nomor(conn, teks_nomor) if conn is not None else {}

    def id_verifikasi_sejak(
        self, sejak: datetime | None = None
    ) -> tuple[set[str], datetime | None]:
        """Return the verification ids archived since ``sejak`` and the newest record time.

        Entries are never deleted and a verification id never changes, so the ids only grow:
        pass back the time this returned last (None: every id). Entries recorded up to an hour
        before it are returned again, since an entry's record time is set before its
        transaction commits.
        """
        with self._baca() as conn:
            if conn is None:
                return set(), sejak
            batas = None if sejak is None else sejak - _TENGGANG_CATAT
            baris = katalog.id_verifikasi_sejak(conn, batas)
        if not baris:
            return set(), sejak
        return {b[0] for b in baris}, dari_tersimpan(max(b[1] for b in baris))

    def periksa_berkas(self, data: bytes, *, luar: bool = False) -> HasilPeriksaArsip:
        """Return whether this exact file is archived, registered, not cancelled and current.

        A document of another office is found only with ``luar`` (staff's ``naskah tte
        verifikasi``); the public service, asking without it, is told it is not archived.
        """
        return baca.periksa_berkas(self, data, luar=luar)

    def daftar_metadata(
        self, ids: list[str] | None = None
    ) -> Iterator[tuple[Metadata, str, bool, str]]:
        """Yield (metadata, text, current, folder) of every archived version (or of ``ids``)."""
        return baca.daftar_metadata(self, ids)

    def baca_berkas(self, md: Metadata, peran: PeranBerkas = "ttd") -> bytes:
        """Return the bytes of one file of an archived entry, checked against its SHA-256."""
        return baca.baca_berkas(self, md, peran)

    def dokumen_indeks(self) -> Iterator[DokumenIndeks]:
        """Yield the search record of every archived version (the index is rebuilt from this)."""
        return indeks.dokumen_indeks(self)

    # -- search index ----------------------------------------------------------------------

    def mesin(self) -> MesinCari:
        """Return the search backend of this office (injected, or from naskah.toml)."""
        if self._mesin is None:
            from naskah.cari import buka_mesin_cari

            self._mesin = buka_mesin_cari(self.konfigurasi)
        return self._mesin

    def indeks_entri(self, ids: Iterable[str]) -> None:
        """(Re-)index the archived entries ``ids`` (a crash may have cut their indexing short)."""
        indeks.indeks_entri(self, ids)

    def indeks_ulang(
        self, *, jika_perlu: bool = False, dilewati: list[str] | None = None
    ) -> int | None:
        """Rebuild the search index from the archive; None when ``jika_perlu`` and it is fine.

        With ``dilewati``, an entry that cannot be read (its folder or ``metadata.json``
        missing or damaged) is left out of the index and its reason appended there, so the
        rest is still searchable; without it such an entry stops the rebuild.
        """
        return indeks.indeks_ulang(self, jika_perlu=jika_perlu, dilewati=dilewati)

    # -- checking --------------------------------------------------------------------------

    def periksa(self) -> LaporanPeriksa:
        """Check every archived file against the catalog and re-verify every signature.

        Reports changed, missing and unexpected files, catalog rows without folders, broken
        signatures and leftovers of interrupted ingests. Never writes.
        """
        return periksa.periksa(self)


def buka_arsip(konfigurasi: Konfigurasi, **kw: Any) -> Arsip:
    """Open the archive of ``konfigurasi`` (the register is opened lazily)."""
    return Arsip(konfigurasi, **kw)


def pemeriksa_arsip(konfigurasi: Konfigurasi) -> Callable[[bytes], HasilPeriksaArsip] | None:
    """Return the archive check for ``naskah tte verifikasi``, or None when there is no archive.

    The callable answers for one PDF's bytes (see :meth:`Arsip.periksa_berkas`); it is None when
    the office has no archive folder yet, so verifying never creates a register.
    """
    if not konfigurasi.folder_arsip.is_dir() and not (konfigurasi.basis_data.url or _env_url()):
        return None
    arsip = Arsip(konfigurasi)

    def periksa(data: bytes) -> HasilPeriksaArsip:
        try:  # staff verifying: a document of another office is said to be one
            return arsip.periksa_berkas(data, luar=True)
        except NaskahError as exc:  # the signature report still stands without the archive
            return HasilPeriksaArsip(diarsipkan=False, sha256=sha256(data), galat=exc.pesan)

    return periksa


def _env_url() -> str | None:
    import os

    from naskah.config import ENV_DATABASE_URL

    return os.environ.get(ENV_DATABASE_URL)


__all__ = [
    "Arsip",
    "LaporanPeriksa",
    "NaskahLama",
    "NaskahLuar",
    "NaskahTerbit",
    "OpsiArsip",
    "Temuan",
    "buka_arsip",
    "pemeriksa_arsip",
]
