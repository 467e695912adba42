"""Record certificate e-mails: who was sent which certificate, when, or the server's refusal.

Revision ID: 0004_surel
Revises: 0003_cari_postgresql
Create Date: 2026-12-01

One row per (archived certificate entry, address): ``keadaan`` is ``terkirim`` once the SMTP
server accepted the message (then it is never sent again) or ``ditolak`` with the server's
answer (tried again on the next run).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_surel"
down_revision = "0003_cari_postgresql"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "surel_kirim",
        sa.Column("entri_id", sa.String(32), nullable=False),
        sa.Column("alamat", sa.String(320), nullable=False),
        sa.Column("nomor", sa.String(200), nullable=False),
        sa.Column("keadaan", sa.String(10), nullable=False),
        sa.Column("jawaban", sa.Text, nullable=True),
        sa.Column("waktu", sa.DateTime(timezone=True), nullable=False),
        sa.Column("oleh", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("entri_id", "alamat"),
        sa.CheckConstraint("keadaan IN ('terkirim', 'ditolak')", name="ck_surel_keadaan"),
    )


def downgrade() -> None:
    op.drop_table("surel_kirim")
