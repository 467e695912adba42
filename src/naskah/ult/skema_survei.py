"""The satisfaction survey's tables (revision ``0009_survei``): their shape only.

:mod:`naskah.ult.survei` is the only writer. ``ult_survei_undangan``: one link per closed request
(the SHA-256 of its token, whether it was used); ``ult_survei_jawaban``: the anonymous answers
(service, month, U1..U9, suggestion, optional profile, source); ``ult_survei_impor``: the paper
workbooks imported (by hash, so none is imported twice). Kept apart from the desk's modules so
the everyday commands on SQLite never import SQLAlchemy.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from naskah.register.skema import metadata

__all__ = ["ult_survei_impor", "ult_survei_jawaban", "ult_survei_undangan"]

KODE_UNSUR = tuple(f"U{i}" for i in range(1, 10))

_WAKTU = DateTime(timezone=True)

ult_survei_undangan = Table(
    "ult_survei_undangan",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("permohonan_id", Integer, ForeignKey("ult_permohonan.id"), nullable=False),
    Column("token_hash", String(64), nullable=False),
    Column("layanan", String(64), nullable=False),
    Column("nama_layanan", String(300), nullable=False),
    Column("periode", String(7), nullable=False),
    Column("terpakai", Boolean, nullable=False),
    Column("dibuat", _WAKTU, nullable=False),
    UniqueConstraint("permohonan_id", name="uq_ult_survei_undangan_permohonan"),
    UniqueConstraint("token_hash", name="uq_ult_survei_undangan_token"),
)

ult_survei_jawaban = Table(
    "ult_survei_jawaban",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("layanan", String(64), nullable=False),
    Column("nama_layanan", String(300), nullable=False),
    Column("periode", String(7), nullable=False),
    *(Column(k.lower(), SmallInteger, nullable=False) for k in KODE_UNSUR),
    Column("saran", Text, nullable=True),
    Column("usia", String(20), nullable=True),
    Column("jenis_kelamin", String(20), nullable=True),
    Column("pendidikan", String(20), nullable=True),
    Column("pekerjaan", String(20), nullable=True),
    Column("sumber", String(10), nullable=False),
    Index("ix_ult_survei_jawaban_periode", "periode"),
)

ult_survei_impor = Table(
    "ult_survei_impor",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False),
    Column("jumlah", Integer, nullable=False),
    Column("waktu", _WAKTU, nullable=False),
    Column("oleh", String(100), nullable=False),
    UniqueConstraint("sha256", name="uq_ult_survei_impor_sha256"),
)
