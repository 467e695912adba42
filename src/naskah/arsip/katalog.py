"""The archive's catalog: the only code that runs SQL on ``arsip_entri`` and ``arsip_berkas``.

Every function takes a SQLAlchemy connection inside a register transaction (a write transaction
of :meth:`~naskah.register.Register.transaksi` for the ingest, a read-only one of
:meth:`~naskah.register.Register.transaksi_baca` for reading) and never begins or commits
anything. The number a catalog row belongs to is read (and locked) from the register's
``nomor`` table here too; changes to the number itself and its audit rows are the register's
verbs (:mod:`naskah.register.catat`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, insert, or_, select, update

from naskah.arsip.catatan import BerkasArsip
from naskah.arsip.skema import arsip_berkas, arsip_entri
from naskah.jam import ke_tersimpan
from naskah.register.skema import nomor

_PERAN_ISI = ("pdf", "ttd", "docx")
"""The roles whose files make an entry's content (the same files mean the same entry)."""


def tercatat(conn: Connection, ids: Sequence[str]) -> set[str]:
    """Return which of the entry ids ``ids`` are in the catalog."""
    if not ids:
        return set()
    return set(conn.execute(select(arsip_entri.c.id).where(arsip_entri.c.id.in_(ids))).scalars())


def kunci_nomor(conn: Connection, teks: str, seri: str | None) -> list[dict[str, Any]]:
    """Return the register rows of number ``teks`` (of ``seri`` when given), locked."""
    q = select(nomor).where(nomor.c.teks == teks)
    if seri:
        q = q.where(nomor.c.seri == seri)
    return [dict(r) for r in conn.execute(q.with_for_update()).mappings().all()]


def versi_nomor(conn: Connection, nomor_id: int) -> list[dict[str, Any]]:
    """Return the catalog rows of every archived version of a number, newest first."""
    rows = conn.execute(
        select(arsip_entri)
        .where(arsip_entri.c.nomor_id == nomor_id)
        .order_by(arsip_entri.c.versi.desc())
    )
    return [dict(r) for r in rows.mappings().all()]


def versi_luar(conn: Connection, instansi: str, teks: str) -> list[dict[str, Any]]:
    """Return the catalog rows of a document of another office (by office and number)."""
    rows = conn.execute(
        select(arsip_entri)
        .where(
            arsip_entri.c.asal == "luar",
            arsip_entri.c.instansi == instansi,
            arsip_entri.c.nomor == teks,
        )
        .order_by(arsip_entri.c.versi.desc())
    )
    return [dict(r) for r in rows.mappings().all()]


def luar_bersidik(conn: Connection, sha256: str) -> list[str]:
    """Return the ids of documents of other offices holding a file whose SHA-256 is ``sha256``."""
    q = (
        select(arsip_entri.c.id)
        .join(arsip_berkas, arsip_berkas.c.entri_id == arsip_entri.c.id)
        .where(arsip_berkas.c.sha256 == sha256, arsip_entri.c.asal == "luar")
    )
    return list(conn.execute(q).scalars())


def sidik_isi(conn: Connection, entri_id: str) -> dict[str, str]:
    """Return the SHA-256 of the content files (pdf, ttd, docx) of an entry, by role."""
    rows = conn.execute(
        select(arsip_berkas.c.peran, arsip_berkas.c.sha256).where(
            arsip_berkas.c.entri_id == entri_id, arsip_berkas.c.peran.in_(_PERAN_ISI)
        )
    )
    return {r.peran: r.sha256 for r in rows}


def id_verifikasi_dipakai(conn: Connection, id_verifikasi: str) -> bool:
    """Return whether an entry already carries verification id ``id_verifikasi``."""
    q = select(arsip_entri.c.id).where(arsip_entri.c.id_verifikasi == id_verifikasi)
    return conn.execute(q).first() is not None


_POTONG = 500
"""Values per ``IN (...)`` list (well under every backend's parameter limit)."""


def _potongan(nilai: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(nilai), _POTONG):
        yield nilai[i : i + _POTONG]


_ASCII_KECIL = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class Prasimpan:
    """What an ingest transaction reads about a batch, in a few statements instead of a few per
    entry: the numbers' register rows (locked), their archived versions, those versions'
    content fingerprints, the verification ids taken and the entries under the batch's folders.

    Read inside the transaction before any of the batch's rows is written, so each answer is
    the one the per-entry query (:func:`kunci_nomor`, :func:`versi_nomor`, :func:`sidik_isi`,
    :func:`id_verifikasi_dipakai`, :func:`folder_dipakai`) would give there.
    """

    nomor: dict[str, list[dict[str, Any]]]
    versi: dict[int, list[dict[str, Any]]]
    sidik: dict[str, dict[str, str]]
    id_verifikasi: frozenset[str]
    induk: frozenset[str]
    """The batch's folders (each number's, above its version folders)."""
    folder: tuple[tuple[str, int | None], ...]
    """(folder, number id) of the entries under any of :attr:`induk`."""
    peka_huruf: bool
    """Whether LIKE tells case apart (PostgreSQL); SQLite's folds ASCII letters."""

    def kunci_nomor(self, teks: str, seri: str | None) -> list[dict[str, Any]]:
        """See :func:`kunci_nomor` (the rows were locked when read)."""
        return [r for r in self.nomor.get(teks, []) if not seri or r["seri"] == seri]

    def versi_nomor(self, nomor_id: int) -> list[dict[str, Any]]:
        """See :func:`versi_nomor`."""
        return self.versi.get(nomor_id, [])

    def sidik_isi(self, entri_id: str) -> dict[str, str]:
        """See :func:`sidik_isi`."""
        return self.sidik.get(entri_id, {})

    def id_verifikasi_dipakai(self, id_verifikasi: str) -> bool:
        """See :func:`id_verifikasi_dipakai`."""
        return id_verifikasi in self.id_verifikasi

    def folder_dipakai(self, induk: str, nomor_id: int | None) -> bool | None:
        """See :func:`folder_dipakai`; None when ``induk`` was not one of the batch's folders."""
        if induk not in self.induk:
            return None
        awalan = induk.replace("%", "") + "/"
        if not self.peka_huruf:
            awalan = awalan.translate(_ASCII_KECIL)
        for lokasi, nid in self.folder:
            if not self.peka_huruf:
                lokasi = lokasi.translate(_ASCII_KECIL)
            if lokasi.startswith(awalan) and (nomor_id is None or nid != nomor_id):
                return True
        return False


def prasimpan(
    conn: Connection, teks_nomor: Sequence[str], id_verifikasi: Sequence[str], induk: Sequence[str]
) -> Prasimpan:
    """Read (and lock) what the ingest of a batch decides on; see :class:`Prasimpan`.

    The number rows are locked in id order, so two batches never wait on each other crosswise.
    """
    teks = sorted(set(teks_nomor))
    baris_nomor: dict[str, list[dict[str, Any]]] = {}
    for bagian in _potongan(teks):
        q = select(nomor).where(nomor.c.teks.in_(bagian)).order_by(nomor.c.id).with_for_update()
        for r in conn.execute(q).mappings():
            baris_nomor.setdefault(r["teks"], []).append(dict(r))
    ids = sorted({r["id"] for rows in baris_nomor.values() for r in rows})
    versi: dict[int, list[dict[str, Any]]] = {}
    for bagian in _potongan(ids):
        q = (
            select(arsip_entri)
            .where(arsip_entri.c.nomor_id.in_(bagian))
            .order_by(arsip_entri.c.nomor_id, arsip_entri.c.versi.desc())
        )
        for r in conn.execute(q).mappings():
            versi.setdefault(r["nomor_id"], []).append(dict(r))
    entri = [r["id"] for rows in versi.values() for r in rows]
    sidik: dict[str, dict[str, str]] = {}
    for bagian in _potongan(entri):
        q = select(arsip_berkas.c.entri_id, arsip_berkas.c.peran, arsip_berkas.c.sha256).where(
            arsip_berkas.c.entri_id.in_(bagian), arsip_berkas.c.peran.in_(_PERAN_ISI)
        )
        for b in conn.execute(q):
            sidik.setdefault(b.entri_id, {})[b.peran] = b.sha256
    dipakai: set[str] = set()
    for bagian in _potongan(sorted(set(id_verifikasi))):
        q = select(arsip_entri.c.id_verifikasi).where(arsip_entri.c.id_verifikasi.in_(bagian))
        dipakai.update(conn.execute(q).scalars())
    folder: list[tuple[str, int | None]] = []
    for bagian in _potongan(sorted(set(induk))):
        pola = [i.replace("%", "").replace("_", "\\_") + "/%" for i in bagian]
        q = select(arsip_entri.c.lokasi, arsip_entri.c.nomor_id).where(
            or_(*(arsip_entri.c.lokasi.like(p, escape="\\") for p in pola))
        )
        folder.extend((f.lokasi, f.nomor_id) for f in conn.execute(q))
    return Prasimpan(
        nomor=baris_nomor,
        versi=versi,
        sidik=sidik,
        id_verifikasi=frozenset(dipakai),
        induk=frozenset(induk),
        folder=tuple(folder),
        peka_huruf=conn.dialect.name != "sqlite",
    )


def folder_dipakai(conn: Connection, induk: str, nomor_id: int | None) -> bool:
    """Return whether another number's entry lives under the folder ``induk`` (any entry, for
    a document of another office: ``nomor_id`` None)."""
    pola = induk.replace("%", "").replace("_", "\\_") + "/%"
    q = select(arsip_entri.c.id).where(arsip_entri.c.lokasi.like(pola, escape="\\"))
    if nomor_id is not None:
        q = q.where(or_(arsip_entri.c.nomor_id != nomor_id, arsip_entri.c.nomor_id.is_(None)))
    return conn.execute(q).first() is not None


def tambah_entri_banyak(
    conn: Connection,
    entri: Sequence[tuple[dict[str, Any], Iterable[BerkasArsip], str | None]],
    *,
    waktu: datetime,
) -> None:
    """Insert entries, in order, with one statement per table: each ``(row, files, replaced)``
    is the entry's row (the columns but the time), its file rows and the id of the version it
    replaces (marked as replaced by it), or None."""
    if not entri:
        return
    dicatat = ke_tersimpan(waktu)
    conn.execute(insert(arsip_entri), [{**baris, "dicatat": dicatat} for baris, _, _ in entri])
    berkas = [
        {"entri_id": baris["id"], "nama": b.nama, "peran": b.peran, "sha256": b.sha256,
         "ukuran": b.ukuran}
        for baris, daftar, _ in entri
        for b in daftar
    ]  # fmt: skip
    if berkas:
        conn.execute(insert(arsip_berkas), berkas)
    for baris, _, menggantikan in entri:
        if menggantikan:
            conn.execute(
                update(arsip_entri)
                .where(arsip_entri.c.id == menggantikan)
                .values(diganti_oleh=baris["id"])
            )


def q_entri() -> Select[Any]:
    """Return the SELECT of entries joined with their number's state (for the read side); a
    document of another office has no number (its number columns are NULL)."""
    return (
        select(
            # not ``instansi`` (revision 0012): a read-only reader may meet an older schema, so the
            # read side takes the issuing office of an outside document from its metadata.json
            *(c for c in arsip_entri.c if c.name != "instansi"),
            nomor.c.keadaan.label("keadaan_nomor"),
            nomor.c.alasan.label("alasan_batal"),
            nomor.c.diubah.label("nomor_diubah"),
        )
        .outerjoin(nomor, nomor.c.id == arsip_entri.c.nomor_id)
        .where(
            # an office entry whose number row cannot be read is not shown (a damaged register)
            or_(arsip_entri.c.asal == "luar", nomor.c.id.is_not(None))
        )
    )


def entri_id(conn: Connection, id_entri: str) -> Any:
    """Return the joined row of entry ``id_entri``, or None."""
    return conn.execute(q_entri().where(arsip_entri.c.id == id_entri)).mappings().first()


ALASAN_SALINAN_TTD = "salinan bertanda tangan elektronik"
"""The reason of a version that is the version before it, signed (no other change)."""


def entri_verifikasi(conn: Connection, id_verifikasi: str) -> Any:
    """Return the joined row of the document whose verification id is ``id_verifikasi``, or None.

    Only this office's documents: the verification page answers for what the office issued,
    never for a document of another office kept in its archive. A document archived unsigned
    and signed later keeps the id printed in it (its QR codes): the signed copy is a new
    version (:data:`ALASAN_SALINAN_TTD`) with an id of its own in the catalog, so the unsigned
    version's id answers with the signed version that replaced it.
    """
    q = q_entri().where(arsip_entri.c.id_verifikasi == id_verifikasi, arsip_entri.c.asal != "luar")
    r = conn.execute(q).mappings().first()
    for _ in range(100):
        if r is None or r["ditandatangani"] or r["diganti_oleh"] is None:
            break
        baru = entri_id(conn, r["diganti_oleh"])
        if baru is None or baru["alasan"] != ALASAN_SALINAN_TTD:
            break
        r = baru
    return r


def entri_nomor(conn: Connection, teks_nomor: str) -> list[Any]:
    """Return the joined rows of every version of number ``teks_nomor``, oldest first."""
    q = q_entri().where(arsip_entri.c.nomor == teks_nomor).order_by(arsip_entri.c.versi)
    return list(conn.execute(q).mappings().all())


def pengganti_terbaru(conn: Connection, diganti_oleh: str) -> str | None:
    """Follow the replacement chain from ``diganti_oleh``; return the newest version's
    verification id."""
    diganti = None
    terbaru = diganti_oleh
    for _ in range(1000):
        nxt = conn.execute(
            select(arsip_entri.c.diganti_oleh, arsip_entri.c.id_verifikasi).where(
                arsip_entri.c.id == terbaru
            )
        ).first()
        if nxt is None:
            break
        diganti = nxt.id_verifikasi
        if nxt.diganti_oleh is None:
            break
        terbaru = nxt.diganti_oleh
    return diganti


def berkas_bersidik(conn: Connection, sha256: str) -> list[tuple[str, str]]:
    """Return (entry id, role) of every archived file whose SHA-256 is ``sha256``."""
    q = select(arsip_berkas.c.entri_id, arsip_berkas.c.peran).where(arsip_berkas.c.sha256 == sha256)
    return [(r[0], r[1]) for r in conn.execute(q).all()]


def daftar_lokasi(conn: Connection, ids: Sequence[str] | None = None) -> list[tuple[str, bool]]:
    """Return (folder, current) of every entry (or of ``ids``), by date, number and version."""
    q = select(arsip_entri.c.lokasi, arsip_entri.c.diganti_oleh).order_by(
        arsip_entri.c.tanggal, arsip_entri.c.nomor, arsip_entri.c.versi
    )
    if ids is not None:
        q = q.where(arsip_entri.c.id.in_(ids))
    return [(lokasi, diganti is None) for lokasi, diganti in conn.execute(q).all()]


def lokasi(conn: Connection, id_entri: str) -> str | None:
    """Return the folder of entry ``id_entri``, or None."""
    q = select(arsip_entri.c.lokasi).where(arsip_entri.c.id == id_entri)
    return conn.execute(q).scalar_one_or_none()


def terkini_per_nomor(conn: Connection, teks_nomor: Sequence[str]) -> dict[str, str]:
    """Return number text → id of its current (not replaced) entry, for the archived ones."""
    hasil: dict[str, str] = {}
    daftar = list(teks_nomor)
    for i in range(0, len(daftar), 500):
        q = select(arsip_entri.c.nomor, arsip_entri.c.id).where(
            arsip_entri.c.nomor.in_(daftar[i : i + 500]),
            arsip_entri.c.diganti_oleh.is_(None),
            arsip_entri.c.nomor_id.is_not(None),  # this office's numbers only
        )
        hasil.update({r.nomor: r.id for r in conn.execute(q)})
    return hasil


def id_verifikasi_sejak(conn: Connection, sejak: datetime | None) -> list[tuple[str, datetime]]:
    """Return (verification id, record time) of the entries recorded at or after ``sejak``
    (of every entry when None); record times as stored (naive UTC)."""
    q = select(arsip_entri.c.id_verifikasi, arsip_entri.c.dicatat)
    if sejak is not None:
        q = q.where(arsip_entri.c.dicatat >= ke_tersimpan(sejak))
    return [(r[0], r[1]) for r in conn.execute(q)]


def untuk_periksa(conn: Connection) -> tuple[list[Any], list[Any]]:
    """Return (id, folder, metadata SHA-256, asal) of every entry by folder, and every file
    row."""
    entri = list(
        conn.execute(
            select(
                arsip_entri.c.id,
                arsip_entri.c.lokasi,
                arsip_entri.c.sha256_metadata,
                arsip_entri.c.asal,
            ).order_by(arsip_entri.c.lokasi)
        ).all()
    )
    berkas = list(conn.execute(select(arsip_berkas)).mappings().all())
    return entri, berkas
