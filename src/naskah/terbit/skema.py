"""The issuing pipeline's table in the register's database (revision ``0005_terbit``).

One ``terbit_naskah`` row per document numbered by the pipeline: the document's identity
(``kunci``), its number, its state and the verification id printed in it. For a certificate the
row also keeps the participant's identity within the activity (NIK, NIP, e-mail), so a
participant is never numbered twice.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table, UniqueConstraint

from naskah.register.skema import metadata

Keadaan = Literal["draf", "menunggu_ttd", "terbit", "batal"]
"""A document's state: numbered and being made, archived awaiting signature, issued, cancelled."""
KEADAAN_NASKAH: tuple[Keadaan, ...] = ("draf", "menunggu_ttd", "terbit", "batal")

terbit_naskah = Table(
    "terbit_naskah",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kunci", String(600), nullable=False),
    Column("jenis", String(100), nullable=False),
    Column("nomor_id", Integer, ForeignKey("nomor.id"), nullable=False),
    Column("nomor", String(200), nullable=False),
    Column("keadaan", String(20), nullable=False),
    Column("id_verifikasi", String(64), nullable=False),
    Column("kegiatan", String(400), nullable=True),
    Column("nama", String(300), nullable=True),
    Column("nik", String(16), nullable=True),
    Column("nip", String(18), nullable=True),
    Column("email", String(300), nullable=True),
    Column("oleh", String(100), nullable=False),
    Column("dicatat", DateTime, nullable=False),
    Column("diubah", DateTime, nullable=True),
    UniqueConstraint("kunci", name="uq_terbit_naskah_kunci"),
    UniqueConstraint("nomor_id", name="uq_terbit_naskah_nomor_id"),
)
