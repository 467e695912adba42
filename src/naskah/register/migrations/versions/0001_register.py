"""Create the numbering register: series counters, issued numbers and the audit log.

Revision ID: 0001_register
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from naskah.register.skema import HanyaTambah, sql_hanya_tambah, sql_lepas_hanya_tambah

revision = "0001_register"
down_revision = None
branch_labels = None
depends_on = None

PESAN = "jejak register hanya boleh ditambah"
JEJAK = HanyaTambah("jejak", (("UPDATE", "jejak_tanpa_update"), ("DELETE", "jejak_tanpa_delete")))


def upgrade() -> None:
    op.create_table(
        "seri_nomor",
        sa.Column("seri", sa.String(64), primary_key=True),
        sa.Column("periode", sa.Integer, primary_key=True),
        sa.Column("terakhir", sa.Integer, nullable=False),
        sa.Column("tanggal_terakhir", sa.Date, nullable=True),
        sa.PrimaryKeyConstraint("seri", "periode", name="pk_seri_nomor"),
    )
    op.create_table(
        "nomor",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("seri", sa.String(64), nullable=False),
        sa.Column("periode", sa.Integer, nullable=False),
        sa.Column("tahun", sa.Integer, nullable=False),
        sa.Column("urut", sa.Integer, nullable=False),
        sa.Column("sisipan", sa.Integer, nullable=False),
        sa.Column("teks", sa.String(200), nullable=False),
        sa.Column("klasifikasi", sa.String(64), nullable=True),
        sa.Column("rahasia", sa.Boolean, nullable=False),
        sa.Column("jenis", sa.String(100), nullable=True),
        sa.Column("perihal", sa.Text, nullable=True),
        sa.Column("tanggal", sa.Date, nullable=False),
        sa.Column("keadaan", sa.String(10), nullable=False),
        sa.Column("alasan", sa.Text, nullable=True),
        sa.Column("oleh", sa.String(100), nullable=False),
        sa.Column("dicatat", sa.DateTime, nullable=False),
        sa.Column("diubah", sa.DateTime, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_nomor"),
        sa.UniqueConstraint("seri", "periode", "urut", "sisipan", name="uq_nomor_urutan"),
        sa.CheckConstraint("keadaan IN ('dipesan', 'terpakai', 'batal')", name="ck_nomor_keadaan"),
    )
    op.create_index("ix_nomor_teks", "nomor", ["teks"])
    op.create_index("ix_nomor_seri_tahun", "nomor", ["seri", "tahun"])
    op.create_table(
        "jejak",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("waktu", sa.DateTime, nullable=False),
        sa.Column("oleh", sa.String(100), nullable=False),
        sa.Column("aksi", sa.String(20), nullable=False),
        sa.Column("nomor_id", sa.Integer, nullable=True),
        sa.Column("seri", sa.String(64), nullable=True),
        sa.Column("teks", sa.String(200), nullable=True),
        sa.Column("sebelum", sa.Text, nullable=True),
        sa.Column("sesudah", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_jejak"),
        sa.ForeignKeyConstraint(["nomor_id"], ["nomor.id"], name="fk_jejak_nomor_id_nomor"),
    )
    op.create_index("ix_jejak_nomor_id", "jejak", ["nomor_id"])

    # The audit log is append-only: the database itself refuses to change or delete a row.
    for sql in sql_hanya_tambah(op.get_bind().dialect.name, "jejak_tanpa_ubah", PESAN, JEJAK):
        op.execute(sql)


def downgrade() -> None:
    for sql in sql_lepas_hanya_tambah(op.get_bind().dialect.name, "jejak_tanpa_ubah", JEJAK):
        op.execute(sql)
    op.drop_table("jejak")
    op.drop_table("nomor")
    op.drop_table("seri_nomor")
