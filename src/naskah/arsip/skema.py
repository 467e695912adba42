"""The archive catalog's tables, as SQLAlchemy Core metadata.

They live in the register's database (created by the Alembic revision ``0002_katalog``), so a
catalog row is written in the same transaction that checks and uses the document's number. One
``arsip_entri`` row per archived document version; one ``arsip_berkas`` row per file of it, with
its SHA-256 and size. Rows are never deleted (the database refuses it); the only change an entry
ever gets is ``diganti_oleh`` when a newer version replaces it. A document of another office
(``asal = 'luar'``) has no number in the register (``nomor_id`` NULL) and names its ``instansi``.
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
    String,
    Table,
    Text,
    UniqueConstraint,
)

from naskah.register.skema import metadata

arsip_entri = Table(
    "arsip_entri",
    metadata,
    Column("id", String(32), primary_key=True),
    # NULL for a document of another office (asal 'luar', revision 0012_arsip_luar)
    Column("nomor_id", Integer, ForeignKey("nomor.id"), nullable=True),
    Column("nomor", String(200), nullable=False),
    Column("versi", Integer, nullable=False),
    Column("jenis", String(100), nullable=False),
    Column("tanggal", Date, nullable=False),
    Column("tentang", Text, nullable=False),
    Column("lokasi", String(400), nullable=False),
    Column("id_verifikasi", String(64), nullable=False),
    Column("menggantikan", String(32), nullable=True),
    Column("diganti_oleh", String(32), nullable=True),
    Column("alasan", Text, nullable=True),
    Column("asal", String(10), nullable=False),
    Column("ditandatangani", Boolean, nullable=False),
    Column("perlu_ocr", Boolean, nullable=False),
    Column("sha256_metadata", String(64), nullable=False),
    Column("oleh", String(100), nullable=False),
    Column("dicatat", DateTime, nullable=False),
    # the office that issued an outside document (asal 'luar'); NULL for this office's own
    Column("instansi", String(200), nullable=True),
    UniqueConstraint("nomor_id", "versi", name="uq_arsip_entri_nomor_versi"),
    UniqueConstraint("instansi", "nomor", "versi", name="uq_arsip_entri_luar"),
    UniqueConstraint("lokasi", name="uq_arsip_entri_lokasi"),
    UniqueConstraint("id_verifikasi", name="uq_arsip_entri_id_verifikasi"),
    Index("ix_arsip_entri_nomor", "nomor"),
)

arsip_berkas = Table(
    "arsip_berkas",
    metadata,
    Column("entri_id", String(32), ForeignKey("arsip_entri.id"), primary_key=True),
    Column("nama", String(100), primary_key=True),
    Column("peran", String(20), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("ukuran", Integer, nullable=False),
    Index("ix_arsip_berkas_sha256", "sha256"),
)
