"""The desk's paraf in their own table (``ult_paraf``), read from the trail's text once.

Revision ID: 0014_ult_paraf
Revises: 0013_indeks_pemesanan
Create Date: 2026-12-08

Until now a paraf given at the desk (:mod:`naskah.ult.paraf`) lived only as the text of its
``ult_jejak`` row (``paraf ke-N (peran) naskah nomor …, versi …``). ``ult_paraf`` holds it in
columns: the request, the archived version paraphed (``id_verifikasi``) and its number, the
paraf's place among those given on that version (``ke``), the role, the user's login, the time
and the trail row written with it (``jejak_id``). The database keeps the rules: one paraf per
(request, version, place) and one per (request, version, user): two officials pressing at once,
or one person twice, cannot both be recorded. Like the trail, the table is append-only.

The data migration reads each paraf row of the trail once (oldest first) into the new table;
the trail rows stay as they are, for the timeline. A row the desk could not have written (a
second paraf of one person on one version) is left in the trail only.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

from naskah.register.skema import HanyaTambah, sql_hanya_tambah, sql_lepas_hanya_tambah

revision = "0014_ult_paraf"
down_revision = "0013_indeks_pemesanan"
branch_labels = None
depends_on = None

PESAN = "paraf layanan ULT tidak boleh diubah atau dihapus"
FUNGSI = "ult_paraf_tetap"
PARAF = HanyaTambah(
    "ult_paraf", (("UPDATE", "ult_paraf_tanpa_ubah"), ("DELETE", "ult_paraf_tanpa_hapus"))
)
RE_PARAF = re.compile(
    r"^paraf ke-\d+ \((?P<peran>\w+)\) naskah nomor (?P<nomor>.*), versi (?P<idv>\S+)$"
)
"""The ``keterangan`` naskah.ult.paraf wrote on a paraf's trail row before this revision."""


def upgrade() -> None:
    waktu = sa.DateTime(timezone=True)
    op.create_table(
        "ult_paraf",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("permohonan_id", sa.Integer, nullable=False),
        sa.Column("id_verifikasi", sa.String(64), nullable=False),
        sa.Column("nomor", sa.String(200), nullable=False),
        sa.Column("ke", sa.Integer, nullable=False),
        sa.Column("peran", sa.String(20), nullable=False),
        sa.Column("pengguna", sa.String(100), nullable=False),
        sa.Column("waktu", waktu, nullable=False),
        sa.Column("jejak_id", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["permohonan_id"], ["ult_permohonan.id"], name="fk_ult_paraf_permohonan_id"
        ),
        sa.ForeignKeyConstraint(["jejak_id"], ["ult_jejak.id"], name="fk_ult_paraf_jejak_id"),
        sa.UniqueConstraint("permohonan_id", "id_verifikasi", "ke", name="uq_ult_paraf_ke"),
        sa.UniqueConstraint(
            "permohonan_id", "id_verifikasi", "pengguna", name="uq_ult_paraf_pengguna"
        ),
        sa.UniqueConstraint("jejak_id", name="uq_ult_paraf_jejak_id"),
        sa.CheckConstraint("ke >= 1", name="ck_ult_paraf_ke"),
    )
    _salin_dari_jejak(op.get_bind())
    for sql in sql_hanya_tambah(op.get_bind().dialect.name, FUNGSI, PESAN, PARAF):
        op.execute(sql)


def _salin_dari_jejak(conn: sa.Connection) -> None:
    """Read every paraf of the trail into ``ult_paraf`` (places counted per version)."""
    rows = conn.execute(
        sa.text(
            "SELECT id, objek_id, keterangan, waktu, oleh FROM ult_jejak "
            "WHERE objek = 'permohonan' AND aksi = 'paraf' ORDER BY id"
        )
    ).all()
    sudah: dict[tuple[int, str], list[str]] = {}
    baru = []
    for ident, permohonan_id, keterangan, waktu_, oleh in rows:
        m = RE_PARAF.match(keterangan or "")
        if m is None:
            continue
        oleh_versi = sudah.setdefault((permohonan_id, m["idv"]), [])
        if oleh in oleh_versi:
            continue  # the desk refused a second paraf of one person: never recorded twice
        oleh_versi.append(oleh)
        baru.append(
            {
                "permohonan_id": permohonan_id,
                "id_verifikasi": m["idv"][:64],
                "nomor": m["nomor"][:200],
                "ke": len(oleh_versi),
                "peran": m["peran"][:20],
                "pengguna": oleh,
                "waktu": waktu_,
                "jejak_id": ident,
            }
        )
    if baru:
        conn.execute(
            sa.text(
                "INSERT INTO ult_paraf (permohonan_id, id_verifikasi, nomor, ke, peran, "
                "pengguna, waktu, jejak_id) VALUES (:permohonan_id, :id_verifikasi, :nomor, "
                ":ke, :peran, :pengguna, :waktu, :jejak_id)"
            ),
            baru,
        )


def downgrade() -> None:
    for sql in sql_lepas_hanya_tambah(op.get_bind().dialect.name, FUNGSI, PARAF):
        op.execute(sql)
    op.drop_table("ult_paraf")
