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

revision = "0002_katalog"
down_revision = "0001_register"
branch_labels = None
depends_on = None


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

    pesan = "katalog arsip tidak boleh dihapus atau diubah"
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE TRIGGER arsip_entri_tanpa_hapus BEFORE DELETE ON arsip_entri "
            f"BEGIN SELECT RAISE(ABORT, '{pesan}'); END"
        )
        # only diganti_oleh may change, and only from empty to an entry id
        op.execute(
            "CREATE TRIGGER arsip_entri_tanpa_ubah BEFORE UPDATE ON arsip_entri "
            "WHEN OLD.diganti_oleh IS NOT NULL OR NEW.id IS NOT OLD.id "
            "OR NEW.lokasi IS NOT OLD.lokasi OR NEW.sha256_metadata IS NOT OLD.sha256_metadata "
            "OR NEW.nomor_id IS NOT OLD.nomor_id OR NEW.versi IS NOT OLD.versi "
            "OR NEW.id_verifikasi IS NOT OLD.id_verifikasi "
            f"BEGIN SELECT RAISE(ABORT, '{pesan}'); END"
        )
        for aksi in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER arsip_berkas_tanpa_{aksi.lower()} BEFORE {aksi} ON arsip_berkas "
                f"BEGIN SELECT RAISE(ABORT, '{pesan}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION arsip_tanpa_ubah() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_TABLE_NAME = 'arsip_entri' AND TG_OP = 'UPDATE' "
            "AND OLD.diganti_oleh IS NULL AND NEW.id = OLD.id AND NEW.lokasi = OLD.lokasi "
            "AND NEW.sha256_metadata = OLD.sha256_metadata AND NEW.nomor_id = OLD.nomor_id "
            "AND NEW.versi = OLD.versi AND NEW.id_verifikasi = OLD.id_verifikasi "
            "THEN RETURN NEW; END IF; "
            f"RAISE EXCEPTION '{pesan}'; END $$"
        )
        for tabel in ("arsip_entri", "arsip_berkas"):
            op.execute(
                f"CREATE TRIGGER {tabel}_tanpa_ubah BEFORE UPDATE OR DELETE ON {tabel} "
                "FOR EACH ROW EXECUTE FUNCTION arsip_tanpa_ubah()"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for tabel in ("arsip_entri", "arsip_berkas"):
            op.execute(f"DROP TRIGGER IF EXISTS {tabel}_tanpa_ubah ON {tabel}")
        op.execute("DROP FUNCTION IF EXISTS arsip_tanpa_ubah()")
    op.drop_table("arsip_berkas")
    op.drop_table("arsip_entri")
