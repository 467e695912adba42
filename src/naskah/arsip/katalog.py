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


def folder_dipakai(conn: Connection, induk: str, nomor_id: int | None) -> bool:
    """Return whether another number's entry lives under the folder ``induk`` (any entry, for
    a document of another office: ``nomor_id`` None)."""
    pola = induk.replace("%", "").replace("_", "\\_") + "/%"
    q = select(arsip_entri.c.id).where(arsip_entri.c.lokasi.like(pola, escape="\\"))
    if nomor_id is not None:
        q = q.where(or_(arsip_entri.c.nomor_id != nomor_id, arsip_entri.c.nomor_id.is_(None)))
    return conn.execute(q).first() is not None


def tambah_entri(
    conn: Connection,
    baris: dict[str, Any],
    berkas: Iterable[BerkasArsip],
    *,
    menggantikan: str | None,
    waktu: datetime,
) -> None:
    """Insert one entry row (``baris``: the columns but the time) with its file rows; mark the
    version it replaces (``menggantikan``) as replaced by it."""
    conn.execute(insert(arsip_entri), {**baris, "dicatat": ke_tersimpan(waktu)})
    conn.execute(
        insert(arsip_berkas),
        [
            {
                "entri_id": baris["id"],
                "nama": b.nama,
                "peran": b.peran,
                "sha256": b.sha256,
                "ukuran": b.ukuran,
            }
            for b in berkas
        ],
    )
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
