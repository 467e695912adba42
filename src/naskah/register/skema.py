"""The register's tables, as SQLAlchemy Core metadata.

The migrations under ``migrations/versions`` create these tables; this module is the shape the code
reads and writes. The archive's document catalog will add its own tables to the same database
through further migrations (a new revision whose ``down_revision`` is the current head).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from naskah.register.rekaman import KEADAAN

__all__ = ["KEADAAN", "jejak", "metadata", "nomor", "seri_nomor"]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

seri_nomor = Table(
    "seri_nomor",
    metadata,
    Column("seri", String(64), primary_key=True),
    # the year the sequence belongs to, or 0 for a series that never restarts
    Column("periode", Integer, primary_key=True),
    Column("terakhir", Integer, nullable=False),
    Column("tanggal_terakhir", Date, nullable=True),
)

nomor = Table(
    "nomor",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("seri", String(64), nullable=False),
    Column("periode", Integer, nullable=False),
    Column("tahun", Integer, nullable=False),
    Column("urut", Integer, nullable=False),
    # 0 for a base number, 1 for the first inserted number after it (0512a / 0512.1), …
    Column("sisipan", Integer, nullable=False),
    Column("teks", String(200), nullable=False),
    Column("klasifikasi", String(64), nullable=True),
    Column("rahasia", Boolean, nullable=False),
    Column("jenis", String(100), nullable=True),
    Column("perihal", Text, nullable=True),
    Column("tanggal", Date, nullable=False),
    Column("keadaan", String(10), nullable=False),
    Column("alasan", Text, nullable=True),
    Column("oleh", String(100), nullable=False),
    Column("dicatat", DateTime, nullable=False),
    Column("diubah", DateTime, nullable=True),
    UniqueConstraint("seri", "periode", "urut", "sisipan", name="uq_nomor_urutan"),
    Index("ix_nomor_teks", "teks"),
    Index("ix_nomor_seri_tahun", "seri", "tahun"),
)

jejak = Table(
    "jejak",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("waktu", DateTime, nullable=False),
    Column("oleh", String(100), nullable=False),
    Column("aksi", String(20), nullable=False),
    Column("nomor_id", Integer, ForeignKey("nomor.id"), nullable=True),
    Column("seri", String(64), nullable=True),
    Column("teks", String(200), nullable=True),
    Column("sebelum", Text, nullable=True),
    Column("sesudah", Text, nullable=True),
    Index("ix_jejak_nomor_id", "nomor_id"),
)
