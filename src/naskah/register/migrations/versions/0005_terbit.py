"""Create the issuing pipeline's document states: one row per numbered document.

Revision ID: 0005_terbit
Revises: 0004_surel
Create Date: 2026-12-01

A row is written in the transaction that issues its number (``Register.ambil_untuk``), so a
number taken by ``naskah terbitkan`` or ``naskah sertifikat terbitkan`` always has a record of
what it is for. Rows are never deleted; every change of ``keadaan`` appends a row to the
register's audit log (``jejak``, aksi ``keadaan``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from naskah.register.skema import HanyaTambah, sql_hanya_tambah, sql_lepas_hanya_tambah

revision = "0005_terbit"
down_revision = "0004_surel"
branch_labels = None
depends_on = None

PESAN = "catatan penerbitan tidak boleh dihapus"
FUNGSI = "terbit_tanpa_hapus"
TERBIT = HanyaTambah("terbit_naskah", (("DELETE", "terbit_naskah_tanpa_hapus"),))


def upgrade() -> None:
    op.create_table(
        "terbit_naskah",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kunci", sa.String(600), nullable=False),
        sa.Column("jenis", sa.String(100), nullable=False),
        sa.Column("nomor_id", sa.Integer, nullable=False),
        sa.Column("nomor", sa.String(200), nullable=False),
        sa.Column("keadaan", sa.String(20), nullable=False),
        sa.Column("id_verifikasi", sa.String(64), nullable=False),
        sa.Column("kegiatan", sa.String(400), nullable=True),
        sa.Column("nama", sa.String(300), nullable=True),
        sa.Column("nik", sa.String(16), nullable=True),
        sa.Column("nip", sa.String(18), nullable=True),
        sa.Column("email", sa.String(300), nullable=True),
        sa.Column("oleh", sa.String(100), nullable=False),
        sa.Column("dicatat", sa.DateTime, nullable=False),
        sa.Column("diubah", sa.DateTime, nullable=True),
        sa.ForeignKeyConstraint(["nomor_id"], ["nomor.id"], name="fk_terbit_naskah_nomor_id_nomor"),
        sa.UniqueConstraint("kunci", name="uq_terbit_naskah_kunci"),
        sa.UniqueConstraint("nomor_id", name="uq_terbit_naskah_nomor_id"),
        sa.CheckConstraint(
            "keadaan IN ('draf', 'menunggu_ttd', 'terbit', 'batal')",
            name="ck_terbit_naskah_keadaan",
        ),
    )
    op.create_index("ix_terbit_naskah_kegiatan", "terbit_naskah", ["kegiatan"])
    for sql in sql_hanya_tambah(op.get_bind().dialect.name, FUNGSI, PESAN, TERBIT):
        op.execute(sql)


def downgrade() -> None:
    for sql in sql_lepas_hanya_tambah(op.get_bind().dialect.name, FUNGSI, TERBIT):
        op.execute(sql)
    op.drop_table("terbit_naskah")
