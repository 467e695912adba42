"""Create the satisfaction survey's tables (naskah.ult.survei): links, anonymous answers, imports.

Revision ID: 0009_survei
Revises: 0008_waktu_utc
Create Date: 2026-12-07

Self-contained: it touches only the ``ult_survei_*`` tables it creates. A link keeps only the
SHA-256 of its token; an answer keeps the service and the month, never the request or the person.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_survei"
down_revision = "0008_waktu_utc"
branch_labels = None
depends_on = None

UNSUR = tuple(f"u{i}" for i in range(1, 10))


def upgrade() -> None:
    op.create_table(
        "ult_survei_undangan",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("permohonan_id", sa.Integer, sa.ForeignKey("ult_permohonan.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("layanan", sa.String(64), nullable=False),
        sa.Column("nama_layanan", sa.String(300), nullable=False),
        sa.Column("periode", sa.String(7), nullable=False),
        sa.Column("terpakai", sa.Boolean, nullable=False),
        sa.Column("dibuat", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("permohonan_id", name="uq_ult_survei_undangan_permohonan"),
        sa.UniqueConstraint("token_hash", name="uq_ult_survei_undangan_token"),
    )
    op.create_table(
        "ult_survei_jawaban",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("layanan", sa.String(64), nullable=False),
        sa.Column("nama_layanan", sa.String(300), nullable=False),
        sa.Column("periode", sa.String(7), nullable=False),
        *(sa.Column(u, sa.SmallInteger, nullable=False) for u in UNSUR),
        sa.Column("saran", sa.Text, nullable=True),
        sa.Column("usia", sa.String(20), nullable=True),
        sa.Column("jenis_kelamin", sa.String(20), nullable=True),
        sa.Column("pendidikan", sa.String(20), nullable=True),
        sa.Column("pekerjaan", sa.String(20), nullable=True),
        sa.Column("sumber", sa.String(10), nullable=False),
        sa.CheckConstraint(
            " AND ".join(f"{u} BETWEEN 1 AND 4" for u in UNSUR), name="ck_ult_survei_jawaban_nilai"
        ),
    )
    op.create_index("ix_ult_survei_jawaban_periode", "ult_survei_jawaban", ["periode"])
    op.create_table(
        "ult_survei_impor",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("jumlah", sa.Integer, nullable=False),
        sa.Column("waktu", sa.DateTime(timezone=True), nullable=False),
        sa.Column("oleh", sa.String(100), nullable=False),
        sa.UniqueConstraint("sha256", name="uq_ult_survei_impor_sha256"),
    )


def downgrade() -> None:
    for tabel in ("ult_survei_impor", "ult_survei_jawaban", "ult_survei_undangan"):
        op.drop_table(tabel)
