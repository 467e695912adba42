"""Put each document's kind into its search vector (PostgreSQL only), in place.

``cari_dokumen.vektor`` gains one lexeme per document, ``'naskah jenis <kind>'`` (a space
inside: the text parser never produces it; no position: it never counts in a rank), so a text
query filtered by kind ("SK kerjasama 2024", the other kinds beside grouped certificates) is
answered by the GIN index with its words instead of testing the kind of every document holding
them. naskah.cari.postgresql writes the lexeme from schema version 3 on. An index at version 2
gets the lexeme here, in place, and becomes 3 (no rebuild asked of staff); an older one stays
as it is and still asks for ``naskah arsip indeks-ulang``; an empty one simply becomes 3.

Revision ID: 0015_cari_jenis_vektor
Revises: 0014_ult_paraf
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_cari_jenis_vektor"
down_revision = "0014_ult_paraf"
branch_labels = None
depends_on = None

VERSI_SKEMA = 3
"""The index schema this revision brings a version-2 index to; naskah.cari.postgresql.VERSI_SKEMA
must match."""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    versi = bind.execute(sa.text("SELECT nilai FROM cari_meta WHERE kunci = 'versi_skema'"))
    nilai = versi.scalar()
    kosong = bind.execute(sa.text("SELECT NOT EXISTS (SELECT 1 FROM cari_dokumen)")).scalar()
    if nilai == "2" and not kosong:
        op.execute(
            "UPDATE cari_dokumen "
            "SET vektor = vektor || array_to_tsvector(ARRAY['naskah jenis ' || jenis])"
        )
    if nilai == "2" or kosong:
        op.execute(f"UPDATE cari_meta SET nilai = '{VERSI_SKEMA}' WHERE kunci = 'versi_skema'")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # the lexeme does no harm to version 2's queries; only the version goes back
    op.execute("UPDATE cari_meta SET nilai = '2' WHERE kunci = 'versi_skema' AND nilai = '3'")
