"""Keeping the search index in step with the archive.

The index is derived data: :func:`ke_dokumen_indeks` makes a
:class:`~naskah.cari.DokumenIndeks` from an entry's ``metadata.json`` and its ``teks.txt`` (the
PDF's text layer), so ``naskah arsip indeks-ulang`` can always rebuild the index from the
archive alone (:func:`indeks_ulang`, which skips and reports an entry it cannot read). New
entries are indexed inside the catalog transaction when the backend keeps its index in the
register's database (:func:`dalam_transaksi`), else right after the commit
(:func:`setelah_simpan`); :func:`indeks_entri` (re-)indexes given entries (a crash may have cut
indexing short).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, get_args

from naskah.arsip import baca, katalog
from naskah.arsip.catatan import Metadata, Orang
from naskah.cari import DokumenIndeks, JenisIndeks, OrangIndeks
from naskah.errors import ArchiveError, NaskahError

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from naskah.arsip.arsip import Arsip
    from naskah.arsip.siapkan import Calon

_JENIS: tuple[str, ...] = get_args(JenisIndeks)


def _orang(o: Orang) -> OrangIndeks:
    return OrangIndeks(nama=o.nama, nip=o.nip, nik=o.nik, instansi=o.instansi, peran=o.peran)


def ke_dokumen_indeks(
    md: Metadata, teks_pdf: str, *, lokasi: str, terkini: bool = True
) -> DokumenIndeks:
    """Return the search record of one archived version."""
    isi = md.isi
    jenis: JenisIndeks = isi.jenis if isi.jenis in _JENIS else "lainnya"  # type: ignore[assignment]
    # the issuing office of a document of another office is searchable like its text
    bagian = [isi.tentang, isi.instansi or "", isi.teks, teks_pdf.replace("\f", "\n")]
    return DokumenIndeks(
        id=md.id,
        nomor=isi.nomor,
        jenis=jenis,
        tanggal=isi.tanggal,
        tentang=isi.tentang,
        teks="\n".join(b for b in bagian if b),
        unit=isi.unit,
        klasifikasi=isi.klasifikasi,
        penandatangan=tuple(_orang(o) for o in isi.penandatangan),
        mitra=isi.mitra,
        peserta=tuple(_orang(o) for o in isi.peserta),
        lokasi=lokasi,
        versi=md.versi,
        terkini=terkini,
    )


def dokumen_indeks(arsip: Arsip, dilewati: list[str] | None = None) -> Iterator[DokumenIndeks]:
    """Yield the search record of every archived version (the index is rebuilt from this).

    With ``dilewati`` an entry whose folder or metadata cannot be read is skipped and its
    reason appended there; without it, that entry raises :class:`ArchiveError`.
    """
    for lokasi, terkini in baca.daftar_lokasi(arsip):
        try:
            md, teks = baca.baca_entri(arsip, lokasi)
        except ArchiveError as exc:
            if dilewati is None:
                raise
            dilewati.append(exc.pesan)
            continue
        yield ke_dokumen_indeks(md, teks, lokasi=lokasi, terkini=terkini)


def indeks_ulang(
    arsip: Arsip, *, jika_perlu: bool = False, dilewati: list[str] | None = None
) -> int | None:
    """Rebuild the search index from the archive; None when ``jika_perlu`` and it is fine."""
    mesin = arsip.mesin()
    if jika_perlu and not mesin.perlu_dibangun_ulang():
        return None
    return mesin.bangun_ulang(dokumen_indeks(arsip, dilewati))


def indeks_entri(arsip: Arsip, ids: Iterable[str]) -> None:
    """(Re-)index the archived entries ``ids`` (a crash may have cut their indexing short)."""
    ids = list(ids)
    if not ids:
        return
    with arsip.mesin().tulis() as penulis:
        for md, teks, terkini, lokasi in baca.daftar_metadata(arsip, ids):
            penulis.tambah(ke_dokumen_indeks(md, teks, lokasi=lokasi, terkini=terkini))


def dalam_transaksi(arsip: Arsip, conn: Connection, baru: list[Calon]) -> bool:
    """Index the new entries inside the catalog transaction on ``conn``; return whether it did.

    Only a backend keeping its index in the register's database can (PostgreSQL on the same
    database, asked through :meth:`MesinCari.tulis_dalam`); for any other, or a backend that
    cannot be opened, nothing happens here and :func:`setelah_simpan` indexes after the commit.
    A failed index write fails the whole ingest: the transaction rolls back, so nothing is
    archived and the index is never behind the archive.
    """
    if not baru:
        return False
    try:
        mesin = arsip.mesin()
    except NaskahError:
        return False  # reported after the commit, as for any backend that cannot open
    penulis_dalam = mesin.tulis_dalam(conn)
    if penulis_dalam is None:
        return False
    try:
        with penulis_dalam as penulis:
            for d in _dokumen_baru(arsip, baru, conn):
                penulis.tambah(d)
    except NaskahError as exc:
        alasan = str(exc).rstrip(".")
        raise ArchiveError(
            "Naskah tidak diarsipkan (tidak ada yang berubah) karena indeks pencarian tidak "
            f"dapat diperbarui: {alasan[:1].lower()}{alasan[1:]}."
        ) from exc
    arsip._titik("diindeks")
    return True


def setelah_simpan(arsip: Arsip, baru: list[Calon]) -> tuple[str, ...]:
    """Index the new entries after the catalog committed (a backend outside the register's
    database: Whoosh); return the warning to show when that failed."""
    try:
        with arsip.mesin().tulis() as penulis:
            for d in _dokumen_baru(arsip, baru):
                penulis.tambah(d)
    except NaskahError as exc:
        return (
            f"Naskah sudah diarsipkan, tetapi indeks pencarian belum diperbarui ({exc}); "
            "jalankan `naskah arsip indeks-ulang`.",
        )
    return ()


def _dokumen_baru(
    arsip: Arsip, baru: list[Calon], conn: Connection | None = None
) -> Iterator[DokumenIndeks]:
    """Yield the search records of new entries and of the versions they replace (no longer
    current); inside a transaction, the replaced entries are looked up on its ``conn``."""
    for c in baru:
        assert c.metadata is not None
        teks = c.data.get("teks", b"").decode("utf-8", "replace")
        yield ke_dokumen_indeks(c.metadata, teks, lokasi=c.lokasi)
        if not c.menggantikan:
            continue
        if conn is None:
            lama = [
                (md, t, lok) for md, t, _, lok in baca.daftar_metadata(arsip, [c.menggantikan[0]])
            ]
        else:
            lokasi = katalog.lokasi(conn, c.menggantikan[0])
            assert lokasi is not None  # locked in this transaction
            lama = [(*baca.baca_entri(arsip, lokasi), lokasi)]
        for md, teks_lama, lok in lama:
            yield ke_dokumen_indeks(md, teks_lama, lokasi=lok, terkini=False)
