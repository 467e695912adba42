"""Store every recorded time as UTC: convert the rows written in the computer's local time.

Revision ID: 0008_waktu_utc
Revises: 0007_ult
Create Date: 2026-12-07

Before this revision the register (``nomor.dicatat``/``diubah``, ``jejak.waktu``) and the issuing
pipeline (``terbit_naskah.dicatat``/``diubah``, their ``keadaan`` audit rows) wrote naive LOCAL
time, while the archive wrote naive UTC (``arsip_entri.dicatat``, the ``arsip`` audit rows and
the ``diubah`` of a reserved number it marked used). From now on every time is naive UTC
(:mod:`naskah.jam`).

Assumption: the local-time rows were written in the zone the computer running this migration
is in now (``TZ`` or the system zone; on PostgreSQL, the zone of the computer running naskah,
not the server's). A register moved between zones, or written by machines in different zones,
keeps that offset error in its older rows. ``surel_kirim.waktu`` was always timezone-aware and
is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0008_waktu_utc"
down_revision = "0007_ult"
branch_labels = None
depends_on = None

PESAN = "jejak register hanya boleh ditambah"


def _ke_utc(w: datetime) -> datetime:
    """Naive local time → naive UTC (Python reads a naive value as the local zone)."""
    return w.astimezone(UTC).replace(tzinfo=None)


def _ke_lokal(w: datetime) -> datetime:
    """Naive UTC → naive local time (the downgrade)."""
    return w.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def _ubah(
    conn: sa.Connection,
    tabel: str,
    kolom: str,
    fn: Callable[[datetime], datetime],
    *,
    syarat: str = "",
    kecuali: set[int] | None = None,
) -> None:
    """Apply ``fn`` to ``tabel.kolom`` of every row (matching ``syarat``, not in ``kecuali``)."""
    t = sa.table(tabel, sa.column("id", sa.Integer), sa.column(kolom, sa.DateTime))
    q = sa.select(t.c.id, t.c[kolom]).where(t.c[kolom].is_not(None))
    if syarat:
        q = q.where(sa.text(syarat))
    baru = [
        {"i": i, "w": fn(w)} for i, w in conn.execute(q).all() if not kecuali or i not in kecuali
    ]
    if baru:
        conn.execute(
            sa.update(t).where(t.c.id == sa.bindparam("i")).values({kolom: sa.bindparam("w")}),
            baru,
        )


def _diubah_arsip(conn: sa.Connection) -> set[int]:
    """Return the ids of numbers whose ``diubah`` the archive wrote (already UTC)."""
    rows = conn.execute(
        sa.text(
            "SELECT n.id FROM nomor n JOIN jejak j ON j.nomor_id = n.id "
            "WHERE j.aksi = 'arsip' AND n.diubah = j.waktu"
        )
    ).all()
    return {r[0] for r in rows}


def _jalankan(fn: Callable[[datetime], datetime]) -> None:
    conn = op.get_bind()
    dialek = conn.dialect.name
    # the audit log refuses UPDATE: lift its guard for this one conversion
    if dialek == "postgresql":
        op.execute("ALTER TABLE jejak DISABLE TRIGGER jejak_tanpa_ubah")
    elif dialek == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS jejak_tanpa_update")
    kecuali = _diubah_arsip(conn)
    _ubah(conn, "nomor", "dicatat", fn)
    _ubah(conn, "nomor", "diubah", fn, kecuali=kecuali)
    _ubah(conn, "jejak", "waktu", fn, syarat="aksi <> 'arsip'")
    _ubah(conn, "terbit_naskah", "dicatat", fn)
    _ubah(conn, "terbit_naskah", "diubah", fn)
    if dialek == "postgresql":
        op.execute("ALTER TABLE jejak ENABLE TRIGGER jejak_tanpa_ubah")
    elif dialek == "sqlite":
        op.execute(
            "CREATE TRIGGER jejak_tanpa_update BEFORE UPDATE ON jejak "
            f"BEGIN SELECT RAISE(ABORT, '{PESAN}'); END"
        )


def upgrade() -> None:
    _jalankan(_ke_utc)


def downgrade() -> None:
    _jalankan(_ke_lokal)
