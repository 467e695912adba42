"""Reading and changing document states in the register's database.

Every write runs inside :meth:`naskah.register.Register.transaksi` (or the numbering
transaction of :meth:`~naskah.register.Register.ambil_untuk`) and appends one audit row per
change to the register's audit log (aksi ``keadaan``, written by the register's
:func:`~naskah.register.catat_jejak`), so the audit log tells what happened to every number the
pipeline took. Times are aware instants of the register's clock, stored as UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from naskah.jam import ke_tersimpan
from naskah.register import catat_jejak
from naskah.terbit.skema import Keadaan, terbit_naskah


@dataclass(frozen=True)
class CatatanTerbit:
    """One document's row: identity, number, state and verification id."""

    id: int
    kunci: str
    jenis: str
    nomor_id: int
    nomor: str
    keadaan: Keadaan
    id_verifikasi: str
    kegiatan: str | None = None
    nama: str | None = None
    nik: str | None = None
    nip: str | None = None
    email: str | None = None


def _rekaman(row: Any) -> CatatanTerbit:
    m = dict(row._mapping)
    return CatatanTerbit(**{k: m[k] for k in CatatanTerbit.__dataclass_fields__})


def cari_kunci(conn: Connection | None, kunci: str) -> CatatanTerbit | None:
    """Return the row of the document identified by ``kunci``, or None."""
    if conn is None:
        return None
    row = conn.execute(select(terbit_naskah).where(terbit_naskah.c.kunci == kunci)).first()
    return _rekaman(row) if row is not None else None


def daftar_kegiatan(conn: Connection | None, kegiatan: str) -> list[CatatanTerbit]:
    """Return every certificate row of an activity, in numbering order."""
    if conn is None:
        return []
    rows = conn.execute(
        select(terbit_naskah)
        .where(terbit_naskah.c.kegiatan == kegiatan)
        .order_by(terbit_naskah.c.id)
    ).all()
    return [_rekaman(r) for r in rows]


def tambah(
    conn: Connection,
    baris: Sequence[dict[str, Any]],
    *,
    oleh: str,
    waktu: datetime,
) -> None:
    """Insert rows in state ``draf`` (each with kunci, jenis, nomor_id, nomor, id_verifikasi)."""
    if not baris:
        return
    data = [
        {
            "kegiatan": None, "nama": None, "nik": None, "nip": None, "email": None,
            **b, "keadaan": "draf", "oleh": oleh, "dicatat": ke_tersimpan(waktu), "diubah": None,
        }
        for b in baris
    ]  # fmt: skip
    conn.execute(insert(terbit_naskah), data)
    _jejak(conn, [(b["nomor_id"], b["nomor"], None, "draf", b["kunci"]) for b in data], oleh, waktu)


def ubah_keadaan(
    conn: Connection,
    catatan: Iterable[CatatanTerbit],
    keadaan: Keadaan,
    *,
    oleh: str,
    waktu: datetime,
) -> None:
    """Move rows to ``keadaan`` (rows already in it are left as they are)."""
    ubah = [c for c in catatan if c.keadaan != keadaan]
    if not ubah:
        return
    ids = [c.id for c in ubah]
    for i in range(0, len(ids), 500):
        conn.execute(
            update(terbit_naskah)
            .where(terbit_naskah.c.id.in_(ids[i : i + 500]))
            .values(keadaan=keadaan, diubah=ke_tersimpan(waktu))
        )
    _jejak(conn, [(c.nomor_id, c.nomor, c.keadaan, keadaan, c.kunci) for c in ubah], oleh, waktu)


def _jejak(
    conn: Connection,
    entri: Sequence[tuple[int, str, str | None, str, str]],
    oleh: str,
    waktu: datetime,
) -> None:
    catat_jejak(
        conn,
        "keadaan",
        [
            (
                nid,
                None,
                teks,
                {"keadaan": lama, "naskah": kunci} if lama else None,
                {"keadaan": baru, "naskah": kunci},
            )
            for nid, teks, lama, baru, kunci in entri
        ],
        oleh=oleh,
        waktu=waktu,
    )


def lepaskan_batal(conn: Connection, c: CatatanTerbit, *, oleh: str, waktu: datetime) -> None:
    """Record that ``c``'s number was cancelled: state ``batal``, and its key freed (the row is
    kept as ``<key>#batal-<id>``) so the document can take a new number."""
    conn.execute(
        update(terbit_naskah)
        .where(terbit_naskah.c.id == c.id)
        .values(keadaan="batal", kunci=f"{c.kunci}#batal-{c.id}"[:600], diubah=ke_tersimpan(waktu))
    )
    _jejak(conn, [(c.nomor_id, c.nomor, c.keadaan, "batal", c.kunci)], oleh, waktu)
