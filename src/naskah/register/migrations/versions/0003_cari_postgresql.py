"""Create the PostgreSQL full-text search index (naskah.cari.postgresql); nothing on SQLite.

Tables: ``cari_dokumen`` (one row per archived document version, with its weighted tsvector and
the terms of its signers and participants for the person filters), ``cari_kata_nama`` (every word
of every person's name, trigram-indexed, to widen a mistyped name to the names that exist) and
``cari_meta`` (the index's schema version). pg_trgm is a trusted extension since PostgreSQL 13,
so the database owner may create it.

Revision ID: 0003_cari_postgresql
Revises: 0002_katalog
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0003_cari_postgresql"
# After the archive's catalog; the index does not reference the catalog's tables.
down_revision = "0002_katalog"
branch_labels = None
depends_on = None

VERSI_SKEMA = 1
"""The index schema this revision creates; naskah.cari.postgresql.VERSI_SKEMA must match."""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        """
        CREATE TABLE cari_dokumen (
            id text PRIMARY KEY,
            nomor text NOT NULL,
            nomor_kunci text NOT NULL,
            jenis text NOT NULL,
            tanggal date NOT NULL,
            tentang text NOT NULL,
            teks text NOT NULL,
            orang text NOT NULL,
            unit text,
            klasifikasi text,
            lokasi text NOT NULL,
            versi integer NOT NULL,
            terkini boolean NOT NULL,
            -- "penandatangan:<word of a name>", "penandatangan:<NIP>", "peserta:<word|NIP|NIK>"
            orang_cari text[] NOT NULL,
            vektor tsvector NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX ix_cari_dokumen_vektor ON cari_dokumen USING gin (vektor)")
    op.execute("CREATE INDEX ix_cari_dokumen_nomor_kunci ON cari_dokumen (nomor_kunci)")
    op.execute("CREATE INDEX ix_cari_dokumen_tanggal ON cari_dokumen (tanggal)")
    op.execute("CREATE INDEX ix_cari_dokumen_orang_cari ON cari_dokumen USING gin (orang_cari)")
    op.execute("CREATE TABLE cari_kata_nama (kata text PRIMARY KEY)")
    op.execute(
        "CREATE INDEX ix_cari_kata_nama_trgm ON cari_kata_nama USING gin (kata gin_trgm_ops)"
    )
    op.execute("CREATE TABLE cari_meta (kunci text PRIMARY KEY, nilai text NOT NULL)")
    op.execute(f"INSERT INTO cari_meta VALUES ('versi_skema', '{VERSI_SKEMA}')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for tabel in ("cari_meta", "cari_kata_nama", "cari_dokumen"):
        op.execute(f"DROP TABLE IF EXISTS {tabel}")
