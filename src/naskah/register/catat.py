"""The register's verbs for other packages' transactions: the audit log and a number's use.

The register package is the only code that writes the ``nomor`` and ``jejak`` tables (a layer
test keeps it so). A package that records something about a number in the register's database
(the archive's catalog, the issuing pipeline's states) does it inside
:meth:`~naskah.register.Register.transaksi` and calls these functions on that transaction's
connection, so its own rows, the number's change and the audit row commit together. Times are
instants from the injected clock (:mod:`naskah.jam`), stored as UTC.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from naskah.register import sql as q
from naskah.register.sql import Sql

if TYPE_CHECKING:
    from sqlalchemy import Connection

EntriJejak = tuple[int | None, str | None, str | None, dict[str, Any] | None, dict[str, Any] | None]
"""One audit row: (number id, series, number text, values before, values after)."""


def sql_koneksi(conn: Connection) -> Sql:
    """Return the register's statements on the driver connection under SQLAlchemy's ``conn``."""
    return Sql(conn.connection.driver_connection, conn.dialect.name)  # type: ignore[arg-type]


def tulis_jejak(
    sql: Sql, aksi: str, oleh: str, waktu: datetime, entri: Sequence[EntriJejak]
) -> None:
    """Append one audit row per item of ``entri`` with the register's statements ``sql``."""
    if not entri:
        return
    sql.jalankan_banyak(
        q.TAMBAH_JEJAK,
        [
            {
                "waktu": waktu,
                "oleh": oleh,
                "aksi": aksi,
                "nomor_id": nid,
                "seri": seri,
                "teks": teks,
                "sebelum": json.dumps(sbl, ensure_ascii=False) if sbl is not None else None,
                "sesudah": json.dumps(ssd, ensure_ascii=False) if ssd is not None else None,
            }
            for nid, seri, teks, sbl, ssd in entri
        ],
    )


def catat_jejak(
    conn: Connection, aksi: str, entri: Sequence[EntriJejak], *, oleh: str, waktu: datetime
) -> None:
    """Append audit rows (aksi ``aksi``) inside the caller's register transaction ``conn``."""
    tulis_jejak(sql_koneksi(conn), aksi, oleh, waktu, entri)


def pakai_untuk_arsip(
    conn: Connection,
    nomor_id: int,
    *,
    perihal: str,
    jenis: str,
    tanggal: date,
    waktu: datetime,
) -> None:
    """Mark a reserved number used by the document archived under it (inside ``conn``).

    The caller has locked the number (it read it ``FOR UPDATE`` in the same transaction) and
    records the archive's audit row with :func:`catat_jejak`.
    """
    nilai = {
        "keadaan": "terpakai",
        "perihal": perihal,
        "jenis": jenis,
        "tanggal": tanggal,
        "diubah": waktu,
    }
    sql_koneksi(conn).jalankan(q.ubah_nomor(list(nilai)), **nilai, id=nomor_id)
