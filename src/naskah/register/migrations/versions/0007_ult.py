"""Create the service desk's tables (naskah.ult): requests, complaints, bookings and their trail.

Revision ID: 0007_ult
Revises: 0006_cari_kosakata
Create Date: 2026-12-07

Self-contained: it touches only the ``ult_*`` tables it creates. ``ult_jejak`` (the audit trail
of every step) is append-only, guarded by the database on SQLite and PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from naskah.register.skema import HanyaTambah, sql_hanya_tambah, sql_lepas_hanya_tambah

revision = "0007_ult"
down_revision = "0006_cari_kosakata"
branch_labels = None
depends_on = None

PESAN = "jejak layanan ULT tidak boleh diubah atau dihapus"
FUNGSI = "ult_jejak_tetap"
JEJAK = HanyaTambah(
    "ult_jejak", (("UPDATE", "ult_jejak_tanpa_ubah"), ("DELETE", "ult_jejak_tanpa_hapus"))
)
TABEL = (
    "ult_jejak", "ult_pemesanan", "ult_tindak", "ult_produk", "ult_disposisi", "ult_lampiran",
    "ult_syarat", "ult_pengaduan", "ult_permohonan",
)  # fmt: skip
"""Every table of this revision, dependants first (the order of a downgrade)."""


def upgrade() -> None:
    op.create_table(
        "ult_permohonan",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kode", sa.String(12), nullable=False),
        sa.Column("layanan", sa.String(64), nullable=False),
        sa.Column("nama_layanan", sa.String(300), nullable=False),
        sa.Column("standar", sa.String(200), nullable=False),
        sa.Column("kanal", sa.String(20), nullable=False),
        sa.Column("instansi", sa.String(300), nullable=False),
        sa.Column("kontak", sa.String(200), nullable=True),
        sa.Column("telepon", sa.String(40), nullable=True),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("perihal", sa.Text, nullable=True),
        sa.Column("kegiatan_mulai", sa.Date, nullable=True),
        sa.Column("kegiatan_selesai", sa.Date, nullable=True),
        sa.Column("peringatan", sa.Text, nullable=True),
        sa.Column("diterima", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hari_terima", sa.Date, nullable=False),
        sa.Column("tenggat_jawab", sa.Date, nullable=True),
        sa.Column("tenggat_pemberitahuan", sa.Date, nullable=True),
        sa.Column("tenggat_selesai", sa.Date, nullable=True),
        sa.Column("tenggat", sa.Date, nullable=True),
        sa.Column("keadaan", sa.String(20), nullable=False),
        sa.Column("langkah", sa.String(40), nullable=True),
        sa.Column("keputusan", sa.String(10), nullable=True),
        sa.Column("alasan", sa.Text, nullable=True),
        sa.Column("dijawab", sa.DateTime(timezone=True), nullable=True),
        sa.Column("diperpanjang", sa.DateTime(timezone=True), nullable=True),
        sa.Column("petugas", sa.String(100), nullable=True),
        sa.Column("unit", sa.String(100), nullable=True),
        sa.Column("ditutup", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dicatat", sa.DateTime(timezone=True), nullable=False),
        sa.Column("oleh", sa.String(100), nullable=False),
        sa.UniqueConstraint("kode", name="uq_ult_permohonan_kode"),
    )
    op.create_index("ix_ult_permohonan_tenggat", "ult_permohonan", ["tenggat"])
    op.create_index("ix_ult_permohonan_layanan", "ult_permohonan", ["layanan", "hari_terima"])
    op.create_index("ix_ult_permohonan_hari_terima", "ult_permohonan", ["hari_terima"])
    op.create_table(
        "ult_pengaduan",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kode", sa.String(12), nullable=False),
        sa.Column("kanal", sa.String(20), nullable=False),
        sa.Column("anonim", sa.Boolean, nullable=False),
        sa.Column("nama", sa.String(200), nullable=True),
        sa.Column("telepon", sa.String(40), nullable=True),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("layanan", sa.String(64), nullable=True),
        sa.Column("permohonan_id", sa.Integer, nullable=True),
        sa.Column("isi", sa.Text, nullable=False),
        sa.Column("diterima", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hari_terima", sa.Date, nullable=False),
        sa.Column("tenggat", sa.Date, nullable=True),
        sa.Column("tenggat_awal", sa.Date, nullable=False),
        sa.Column("keadaan", sa.String(20), nullable=False),
        sa.Column("petugas", sa.String(100), nullable=True),
        sa.Column("unit", sa.String(100), nullable=True),
        sa.Column("jawaban", sa.Text, nullable=True),
        sa.Column("dijawab", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lapor", sa.String(40), nullable=True),
        sa.Column("ditutup", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dicatat", sa.DateTime(timezone=True), nullable=False),
        sa.Column("oleh", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(
            ["permohonan_id"],
            ["ult_permohonan.id"],
            name="fk_ult_pengaduan_permohonan_id_ult_permohonan",
        ),
        sa.UniqueConstraint("kode", name="uq_ult_pengaduan_kode"),
    )
    op.create_index("ix_ult_pengaduan_tenggat", "ult_pengaduan", ["tenggat"])
    op.create_index("ix_ult_pengaduan_hari_terima", "ult_pengaduan", ["hari_terima"])
    op.create_table(
        "ult_syarat",
        sa.Column("permohonan_id", sa.Integer, primary_key=True),
        sa.Column("urut", sa.Integer, primary_key=True),
        sa.Column("teks", sa.Text, nullable=False),
        sa.Column("terpenuhi", sa.Boolean, nullable=False),
        sa.Column("otomatis", sa.Boolean, nullable=False),
        sa.ForeignKeyConstraint(
            ["permohonan_id"],
            ["ult_permohonan.id"],
            name="fk_ult_syarat_permohonan_id_ult_permohonan",
        ),
    )
    op.create_table(
        "ult_lampiran",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("permohonan_id", sa.Integer, nullable=True),
        sa.Column("pengaduan_id", sa.Integer, nullable=True),
        sa.Column("nama", sa.String(255), nullable=False),
        sa.Column("jenis", sa.String(10), nullable=False),
        sa.Column("ukuran", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("lokasi", sa.String(300), nullable=False),
        sa.Column("dicatat", sa.DateTime(timezone=True), nullable=False),
        sa.Column("oleh", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(
            ["permohonan_id"],
            ["ult_permohonan.id"],
            name="fk_ult_lampiran_permohonan_id_ult_permohonan",
        ),
        sa.ForeignKeyConstraint(
            ["pengaduan_id"],
            ["ult_pengaduan.id"],
            name="fk_ult_lampiran_pengaduan_id_ult_pengaduan",
        ),
    )
    op.create_index("ix_ult_lampiran_permohonan_id", "ult_lampiran", ["permohonan_id"])
    op.create_table(
        "ult_disposisi",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("permohonan_id", sa.Integer, nullable=False),
        sa.Column("kepada", sa.String(100), nullable=False),
        sa.Column("unit", sa.String(100), nullable=True),
        sa.Column("catatan", sa.Text, nullable=True),
        sa.Column("waktu", sa.DateTime(timezone=True), nullable=False),
        sa.Column("oleh", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(
            ["permohonan_id"],
            ["ult_permohonan.id"],
            name="fk_ult_disposisi_permohonan_id_ult_permohonan",
        ),
    )
    op.create_index("ix_ult_disposisi_permohonan_id", "ult_disposisi", ["permohonan_id"])
    op.create_table(
        "ult_produk",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("permohonan_id", sa.Integer, nullable=False),
        sa.Column("jenis", sa.Text, nullable=False),
        sa.Column("nomor", sa.String(200), nullable=True),
        sa.Column("entri_arsip", sa.String(64), nullable=True),
        sa.Column("waktu", sa.DateTime(timezone=True), nullable=False),
        sa.Column("oleh", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(
            ["permohonan_id"],
            ["ult_permohonan.id"],
            name="fk_ult_produk_permohonan_id_ult_permohonan",
        ),
    )
    op.create_index("ix_ult_produk_permohonan_id", "ult_produk", ["permohonan_id"])
    op.create_table(
        "ult_tindak",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("pengaduan_id", sa.Integer, nullable=False),
        sa.Column("catatan", sa.Text, nullable=False),
        sa.Column("waktu", sa.DateTime(timezone=True), nullable=False),
        sa.Column("oleh", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(
            ["pengaduan_id"], ["ult_pengaduan.id"], name="fk_ult_tindak_pengaduan_id_ult_pengaduan"
        ),
    )
    op.create_index("ix_ult_tindak_pengaduan_id", "ult_tindak", ["pengaduan_id"])
    op.create_table(
        "ult_pemesanan",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("fasilitas", sa.String(64), nullable=False),
        sa.Column("permohonan_id", sa.Integer, nullable=True),
        sa.Column("mulai", sa.DateTime(timezone=True), nullable=False),
        sa.Column("selesai", sa.DateTime(timezone=True), nullable=False),
        sa.Column("satuan", sa.String(15), nullable=False),
        sa.Column("jumlah", sa.Integer, nullable=False),
        sa.Column("tarif", sa.Integer, nullable=False),
        sa.Column("peserta", sa.Integer, nullable=True),
        sa.Column("keadaan", sa.String(12), nullable=False),
        sa.Column("masuk", sa.DateTime(timezone=True), nullable=True),
        sa.Column("keluar", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dicatat", sa.DateTime(timezone=True), nullable=False),
        sa.Column("oleh", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(
            ["permohonan_id"],
            ["ult_permohonan.id"],
            name="fk_ult_pemesanan_permohonan_id_ult_permohonan",
        ),
    )
    op.create_index("ix_ult_pemesanan_fasilitas", "ult_pemesanan", ["fasilitas", "mulai"])
    op.create_table(
        "ult_jejak",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("objek", sa.String(12), nullable=False),
        sa.Column("objek_id", sa.Integer, nullable=False),
        sa.Column("aksi", sa.String(20), nullable=False),
        sa.Column("keterangan", sa.Text, nullable=True),
        sa.Column("waktu", sa.DateTime(timezone=True), nullable=False),
        sa.Column("oleh", sa.String(100), nullable=False),
    )
    op.create_index("ix_ult_jejak_objek", "ult_jejak", ["objek", "objek_id"])
    for sql in sql_hanya_tambah(op.get_bind().dialect.name, FUNGSI, PESAN, JEJAK):
        op.execute(sql)


def downgrade() -> None:
    for sql in sql_lepas_hanya_tambah(op.get_bind().dialect.name, FUNGSI, JEJAK):
        op.execute(sql)
    for tabel in TABEL:
        op.drop_table(tabel)
