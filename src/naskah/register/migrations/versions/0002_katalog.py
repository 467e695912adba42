"""Create the archive catalog: one row per archived document version and one per file.

Revision ID: 0002_katalog
Revises: 0001_register
Create Date: 2026-12-01

Catalog rows are never deleted and a file row never changes: the database refuses it, as it does
for the register's audit log. An entry row may only gain ``diganti_oleh`` (the newer version).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from naskah.register.skema import HanyaTambah, sql_hanya_tambah, sql_lepas_hanya_tambah

revision = "0002_katalog"
down_revision = "0001_register"
branch_labels = None
depends_on = None

PESAN = "katalog arsip tidak boleh dihapus atau diubah"
FUNGSI = "arsip_tanpa_ubah"
KATALOG = (
    # only diganti_oleh may change, and only from empty to an entry id
    HanyaTambah(
        "arsip_entri",
        (("DELETE", "arsip_entri_tanpa_hapus"), ("UPDATE", "arsip_entri_tanpa_ubah")),
        sekali="diganti_oleh",
        tetap=("id", "lokasi", "sha256_metadata", "nomor_id", "versi", "id_verifikasi"),
    ),
    HanyaTambah(
        "arsip_berkas",
        (("UPDATE", "arsip_berkas_tanpa_update"), ("DELETE", "arsip_berkas_tanpa_delete")),
    ),
)


def upgrade() -> None:
    op.create_table(
        "arsip_entri",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("nomor_id", sa.Integer, nullable=False),
        sa.Column("nomor", sa.String(200), nullable=False),
        sa.Column("versi", sa.Integer, nullable=False),
        sa.Column("jenis", sa.String(100), nullable=False),
        sa.Column("tanggal", sa.Date, nullable=False),
        sa.Column("tentang", sa.Text, nullable=False),
        sa.Column("lokasi", sa.String(400), nullable=False),
        sa.Column("id_verifikasi", sa.String(64), nullable=False),
        sa.Column("menggantikan", sa.String(32), nullable=True),
        sa.Column("diganti_oleh", sa.String(32), nullable=True),
        sa.Column("alasan", sa.Text, nullable=True),
        sa.Column("asal", sa.String(10), nullable=False),
        sa.Column("ditandatangani", sa.Boolean, nullable=False),
        sa.Column("perlu_ocr", sa.Boolean, nullable=False),
        sa.Column("sha256_metadata", sa.String(64), nullable=False),
        sa.Column("oleh", sa.String(100), nullable=False),
        sa.Column("dicatat", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_arsip_entri"),
        sa.ForeignKeyConstraint(["nomor_id"], ["nomor.id"], name="fk_arsip_entri_nomor_id_nomor"),
        sa.UniqueConstraint("nomor_id", "versi", name="uq_arsip_entri_nomor_versi"),
        sa.UniqueConstraint("lokasi", name="uq_arsip_entri_lokasi"),
        sa.UniqueConstraint("id_verifikasi", name="uq_arsip_entri_id_verifikasi"),
        sa.CheckConstraint("asal IN ('terbit', 'impor')", name="ck_arsip_entri_asal"),
        sa.CheckConstraint("versi >= 1", name="ck_arsip_entri_versi"),
    )
    op.create_index("ix_arsip_entri_nomor", "arsip_entri", ["nomor"])
    op.create_table(
        "arsip_berkas",
        sa.Column("entri_id", sa.String(32), nullable=False),
        sa.Column("nama", sa.String(100), nullable=False),
        sa.Column("peran", sa.String(20), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("ukuran", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("entri_id", "nama", name="pk_arsip_berkas"),
        sa.ForeignKeyConstraint(
            ["entri_id"], ["arsip_entri.id"], name="fk_arsip_berkas_entri_id_arsip_entri"
        ),
    )
    op.create_index("ix_arsip_berkas_sha256", "arsip_berkas", ["sha256"])

    for sql in sql_hanya_tambah(op.get_bind().dialect.name, FUNGSI, PESAN, *KATALOG):
        op.execute(sql)


def downgrade() -> None:
    for sql in sql_lepas_hanya_tambah(op.get_bind().dialect.name, FUNGSI, *KATALOG):
        op.execute(sql)
    op.drop_table("arsip_berkas")
    op.drop_table("arsip_entri")
