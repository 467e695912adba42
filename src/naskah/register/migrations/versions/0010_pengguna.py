"""Create the web desk's accounts (naskah.staf): users, their sessions, their audit trail.

Revision ID: 0010_pengguna
Revises: 0009_survei
Create Date: 2026-12-07

It creates the ``staf_*`` tables and one partial index on ``ult_permohonan`` (its open
requests by deadline, for "Tugas saya"). A password is stored as its
argon2id hash, a session as the SHA-256 of its random token (a stolen database opens no
session). ``staf_jejak`` (logins, failures, lock-outs, account changes) is append-only, guarded
by the database on SQLite and PostgreSQL; the desk's own steps keep their trail in
``ult_jejak`` with the acting user's login.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from naskah.register.skema import HanyaTambah, sql_hanya_tambah, sql_lepas_hanya_tambah

revision = "0010_pengguna"
down_revision = "0009_survei"
branch_labels = None
depends_on = None

PESAN = "jejak pengguna meja tidak boleh diubah atau dihapus"
FUNGSI = "staf_jejak_tetap"
JEJAK = HanyaTambah(
    "staf_jejak", (("UPDATE", "staf_jejak_tanpa_ubah"), ("DELETE", "staf_jejak_tanpa_hapus"))
)
TABEL = ("staf_jejak", "staf_sesi", "staf_pengguna")
"""Every table of this revision, dependants first (the order of a downgrade)."""


def upgrade() -> None:
    waktu = sa.DateTime(timezone=True)
    op.create_table(
        "staf_pengguna",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("nama", sa.String(64), nullable=False),
        sa.Column("nama_lengkap", sa.String(200), nullable=False),
        sa.Column("peran", sa.String(20), nullable=False),
        sa.Column("sandi", sa.Text, nullable=False),
        sa.Column("aktif", sa.Boolean, nullable=False),
        sa.Column("gagal", sa.Integer, nullable=False),
        sa.Column("terkunci_sampai", waktu, nullable=True),
        sa.Column("dibuat", waktu, nullable=False),
        sa.Column("diubah", waktu, nullable=False),
        sa.UniqueConstraint("nama", name="uq_staf_pengguna_nama"),
    )
    op.create_table(
        "staf_sesi",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("pengguna_id", sa.Integer, nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("dibuat", waktu, nullable=False),
        sa.Column("terakhir", waktu, nullable=False),
        sa.ForeignKeyConstraint(
            ["pengguna_id"], ["staf_pengguna.id"], name="fk_staf_sesi_pengguna_id_staf_pengguna"
        ),
        sa.UniqueConstraint("token", name="uq_staf_sesi_token"),
    )
    op.create_index("ix_staf_sesi_pengguna_id", "staf_sesi", ["pengguna_id"])
    op.create_table(
        "staf_jejak",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("pengguna", sa.String(64), nullable=True),
        sa.Column("aksi", sa.String(30), nullable=False),
        sa.Column("keterangan", sa.Text, nullable=True),
        sa.Column("waktu", waktu, nullable=False),
        sa.Column("oleh", sa.String(100), nullable=False),
    )
    op.create_index("ix_staf_jejak_pengguna", "staf_jejak", ["pengguna"])
    # "Tugas saya" reads the open requests by deadline: a partial index holds only those (the
    # closed ones, nearly all of a year's, are not in it)
    op.create_index(
        "ix_ult_permohonan_terbuka",
        "ult_permohonan",
        ["tenggat"],
        sqlite_where=sa.text("ditutup IS NULL"),
        postgresql_where=sa.text("ditutup IS NULL"),
    )
    for sql in sql_hanya_tambah(op.get_bind().dialect.name, FUNGSI, PESAN, JEJAK):
        op.execute(sql)


def downgrade() -> None:
    op.drop_index("ix_ult_permohonan_terbuka", "ult_permohonan")
    for sql in sql_lepas_hanya_tambah(op.get_bind().dialect.name, FUNGSI, JEJAK):
        op.execute(sql)
    for tabel in TABEL:
        op.drop_table(tabel)
