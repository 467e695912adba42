"""The register's tables, as SQLAlchemy Core metadata.

The migrations under ``migrations/versions`` create these tables; this module is the shape the code
reads and writes. The archive's document catalog will add its own tables to the same database
through further migrations (a new revision whose ``down_revision`` is the current head).

It also owns the SQL that makes a table append-only (:class:`HanyaTambah`,
:func:`sql_hanya_tambah`): the register's audit log, the archive catalog and the issuing records
are guarded by the database itself, with the same statements on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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

__all__ = [
    "KEADAAN",
    "HanyaTambah",
    "jejak",
    "metadata",
    "nomor",
    "seri_nomor",
    "sql_hanya_tambah",
    "sql_lepas_hanya_tambah",
]

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


Aksi = Literal["UPDATE", "DELETE"]


@dataclass(frozen=True)
class HanyaTambah:
    """The database-side guard of one append-only table.

    ``tolak`` pairs each refused statement with the name of its SQLite trigger (SQLite has one
    trigger per statement; PostgreSQL has one per table, ``{tabel}_tanpa_ubah``, or
    ``{tabel}_tanpa_hapus`` when only DELETE is refused). With ``sekali``, an UPDATE is let
    through while that column is still NULL and the ``tetap`` columns keep their values (an
    archive entry gaining the newer version that replaces it).
    """

    tabel: str
    tolak: tuple[tuple[Aksi, str], ...]
    sekali: str | None = None
    tetap: tuple[str, ...] = ()

    @property
    def aksi(self) -> tuple[Aksi, ...]:
        """Return the refused statements."""
        return tuple(aksi for aksi, _ in self.tolak)

    @property
    def nama_postgresql(self) -> str:
        """Return the name of the table's PostgreSQL trigger."""
        return f"{self.tabel}_tanpa_{'ubah' if 'UPDATE' in self.aksi else 'hapus'}"


def sql_hanya_tambah(dialek: str, fungsi: str, pesan: str, *aturan: HanyaTambah) -> list[str]:
    """Return the statements that make the tables of ``aturan`` append-only on ``dialek``.

    Every refusal raises ``pesan``; on PostgreSQL the triggers share the function ``fungsi``.
    Other dialects get no statements (naskah's register runs on SQLite or PostgreSQL).
    """
    tolak = f"RAISE(ABORT, '{pesan}')"
    if dialek == "sqlite":
        out = []
        for a in aturan:
            for aksi, nama in a.tolak:
                ketika = ""
                if aksi == "UPDATE" and a.sekali:
                    syarat = [f"OLD.{a.sekali} IS NOT NULL"]
                    syarat += [f"NEW.{k} IS NOT OLD.{k}" for k in a.tetap]
                    ketika = f"WHEN {' OR '.join(syarat)} "
                out.append(
                    f"CREATE TRIGGER {nama} BEFORE {aksi} ON {a.tabel} {ketika}"
                    f"BEGIN SELECT {tolak}; END"
                )
        return out
    if dialek != "postgresql":
        return []
    izin = ""
    for a in aturan:
        if a.sekali:
            syarat = [f"OLD.{a.sekali} IS NULL", *(f"NEW.{k} = OLD.{k}" for k in a.tetap)]
            # nested: PL/pgSQL resolves every field of one expression, and another table's
            # OLD has no such column (its refusal would name the missing field instead)
            izin += (
                f"IF TG_TABLE_NAME = '{a.tabel}' AND TG_OP = 'UPDATE' THEN "
                f"IF {' AND '.join(syarat)} THEN RETURN NEW; END IF; END IF; "
            )
    out = [
        f"CREATE FUNCTION {fungsi}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"{izin}RAISE EXCEPTION '{pesan}'; END $$"
    ]
    for a in aturan:
        semua = " OR ".join(x for x in ("UPDATE", "DELETE") if x in a.aksi)
        out.append(
            f"CREATE TRIGGER {a.nama_postgresql} BEFORE {semua} ON {a.tabel} "
            f"FOR EACH ROW EXECUTE FUNCTION {fungsi}()"
        )
    return out


def sql_lepas_hanya_tambah(dialek: str, fungsi: str, *aturan: HanyaTambah) -> list[str]:
    """Return the statements that drop the guards of :func:`sql_hanya_tambah` (a downgrade).

    SQLite drops a table's triggers with the table: it gets no statements.
    """
    if dialek != "postgresql":
        return []
    out = [f"DROP TRIGGER IF EXISTS {a.nama_postgresql} ON {a.tabel}" for a in aturan]
    return [*out, f"DROP FUNCTION IF EXISTS {fungsi}()"]
