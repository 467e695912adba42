"""Add the search index's vocabulary (PostgreSQL only): the words typo suggestions come from.

``cari_kata`` holds every word of the indexed documents (lower case, letters only), trigram-
indexed, so a mistyped word ("kartanegra") finds its nearest words in the archive ("Maksud Anda:
kartanegara?"). The index's schema version becomes 2 (contiguous parts of numbers and the
vocabulary are written by naskah.cari.postgresql from this version on): an empty index is
simply marked 2; an index already holding documents stays 1, so searching asks once for
``naskah arsip indeks-ulang``, which refills the vocabulary.

Revision ID: 0006_cari_kosakata
Revises: 0005_terbit
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0006_cari_kosakata"
down_revision = "0005_terbit"
branch_labels = None
depends_on = None

VERSI_SKEMA = 2
"""The index schema this revision brings an empty index to; naskah.cari.postgresql.VERSI_SKEMA
must match."""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE TABLE cari_kata (kata text PRIMARY KEY)")
    op.execute("CREATE INDEX ix_cari_kata_trgm ON cari_kata USING gin (kata gin_trgm_ops)")
    op.execute(
        f"UPDATE cari_meta SET nilai = '{VERSI_SKEMA}' WHERE kunci = 'versi_skema' "
        "AND NOT EXISTS (SELECT 1 FROM cari_dokumen)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS cari_kata")
    op.execute("UPDATE cari_meta SET nilai = '1' WHERE kunci = 'versi_skema'")
