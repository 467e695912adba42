"""Archive documents of other offices: catalog entries without a number of this office.

Revision ID: 0012_arsip_luar
Revises: 0010_pengguna
Create Date: 2026-12-07

A letter received or a decree of the ministry (``naskah arsip impor --luar``) is archived
with ``asal = 'luar'``: it has no row in the register (``nomor_id`` is NULL, so it never takes
or blocks a number of this office) and names the office that issued it (``instansi``). One
outside document is known by (instansi, nomor, versi). Office entries keep a number
(``ck_arsip_entri_luar``).

SQLite cannot drop a NOT NULL or change a CHECK in place, and with foreign keys on (naskah's
write connections) ``arsip_entri`` cannot be dropped while ``arsip_berkas`` rows point at it: so
``arsip_berkas`` is set aside, ``arsip_entri`` rebuilt, ``arsip_berkas`` rebuilt, and both
tables' append-only triggers made again (dropping a table drops its triggers). PostgreSQL alters
the columns and constraints in place (its triggers stay).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from naskah.register.skema import HanyaTambah, sql_hanya_tambah

revision = "0012_arsip_luar"
down_revision = "0010_pengguna"
branch_labels = None
depends_on = None

PESAN = "katalog arsip tidak boleh dihapus atau diubah"
FUNGSI = "arsip_tanpa_ubah"
KATALOG = (  # as revision 0002_katalog made them
    HanyaTambah(
        "arsip_entri",
        (("DELETE", "arsip_entri_tanpa_hapus"), ("UPDATE", "arsip_entri_tanpa_ubah")),
        sekali="diganti_oleh",
        tetap=("id", "lokasi", "sha256_metadata", "nomor_id", "versi", "id_verifikasi"),
    ),
    HanyaTambah(
        "arsip_berkas",
        (("UPDATE", "arsip_berkas_tanpa_update"), ("DELETE", "arsip_berkas_tanpa_delete")),
    ),
)
ASAL_LAMA = "asal IN ('terbit', 'impor')"
ASAL_BARU = "asal IN ('terbit', 'impor', 'luar')"
LUAR = (
    "(asal = 'luar' AND nomor_id IS NULL AND instansi IS NOT NULL) "
    "OR (asal <> 'luar' AND nomor_id IS NOT NULL)"
)

_KOLOM = (
    "id, nomor_id, nomor, versi, jenis, tanggal, tentang, lokasi, id_verifikasi, menggantikan, "
    "diganti_oleh, alasan, asal, ditandatangani, perlu_ocr, sha256_metadata, oleh, dicatat"
)


def _entri(nama: str, *, luar: bool) -> None:
    """Create the catalog's entry table as ``nama`` (with the outside columns when ``luar``)."""
    kolom: list[Any] = [
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("nomor_id", sa.Integer, nullable=luar),
        sa.Column("nomor", sa.String(200), nullable=False),
        sa.Column("versi", sa.Integer, nullable=False),
        sa.Column("jenis", sa.String(100), nullable=False),
        sa.Column("tanggal", sa.Date, nullable=False),
        sa.Column("tentang", sa.Text, nullable=False),
        sa.Column("lokasi", sa.String(400), nullable=False),
        sa.Column("id_verifikasi", sa.String(64), nullable=False),
        sa.Column("menggantikan", sa.String(32), nullable=True),
        sa.Column("diganti_oleh", sa.String(32), nullable=True),
        sa.Column("alasan", sa.Text, nullable=True),
        sa.Column("asal", sa.String(10), nullable=False),
        sa.Column("ditandatangani", sa.Boolean, nullable=False),
        sa.Column("perlu_ocr", sa.Boolean, nullable=False),
        sa.Column("sha256_metadata", sa.String(64), nullable=False),
        sa.Column("oleh", sa.String(100), nullable=False),
        sa.Column("dicatat", sa.DateTime, nullable=False),
    ]
    aturan: list[Any] = [
        sa.PrimaryKeyConstraint("id", name="pk_arsip_entri"),
        sa.ForeignKeyConstraint(["nomor_id"], ["nomor.id"], name="fk_arsip_entri_nomor_id_nomor"),
        sa.UniqueConstraint("nomor_id", "versi", name="uq_arsip_entri_nomor_versi"),
        sa.UniqueConstraint("lokasi", name="uq_arsip_entri_lokasi"),
        sa.UniqueConstraint("id_verifikasi", name="uq_arsip_entri_id_verifikasi"),
        sa.CheckConstraint(ASAL_BARU if luar else ASAL_LAMA, name="ck_arsip_entri_asal"),
        sa.CheckConstraint("versi >= 1", name="ck_arsip_entri_versi"),
    ]
    if luar:
        kolom.append(sa.Column("instansi", sa.String(200), nullable=True))
        aturan += [
            sa.CheckConstraint(LUAR, name="ck_arsip_entri_luar"),
            sa.UniqueConstraint("instansi", "nomor", "versi", name="uq_arsip_entri_luar"),
        ]
    op.create_table(nama, *kolom, *aturan)


def _berkas() -> None:
    op.create_table(
        "arsip_berkas",
        sa.Column("entri_id", sa.String(32), nullable=False),
        sa.Column("nama", sa.String(100), nullable=False),
        sa.Column("peran", sa.String(20), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("ukuran", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("entri_id", "nama", name="pk_arsip_berkas"),
        sa.ForeignKeyConstraint(
            ["entri_id"], ["arsip_entri.id"], name="fk_arsip_berkas_entri_id_arsip_entri"
        ),
    )


def _bangun_ulang_sqlite(*, luar: bool) -> None:
    """Rebuild both catalog tables on SQLite (rows kept), then their indexes and triggers."""
    op.execute("CREATE TABLE arsip_berkas_lama AS SELECT * FROM arsip_berkas")
    op.drop_table("arsip_berkas")  # its triggers and index go with it
    _entri("arsip_entri_baru", luar=luar)
    op.execute(f"INSERT INTO arsip_entri_baru ({_KOLOM}) SELECT {_KOLOM} FROM arsip_entri")
    op.drop_table("arsip_entri")  # nothing refers to it now; the implicit DELETE fires no trigger
    op.rename_table("arsip_entri_baru", "arsip_entri")
    op.create_index("ix_arsip_entri_nomor", "arsip_entri", ["nomor"])
    _berkas()
    op.execute(
        "INSERT INTO arsip_berkas (entri_id, nama, peran, sha256, ukuran) "
        "SELECT entri_id, nama, peran, sha256, ukuran FROM arsip_berkas_lama"
    )
    op.drop_table("arsip_berkas_lama")
    op.create_index("ix_arsip_berkas_sha256", "arsip_berkas", ["sha256"])
    for sql in sql_hanya_tambah("sqlite", FUNGSI, PESAN, *KATALOG):
        op.execute(sql)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _bangun_ulang_sqlite(luar=True)
        return
    op.add_column("arsip_entri", sa.Column("instansi", sa.String(200), nullable=True))
    op.alter_column("arsip_entri", "nomor_id", existing_type=sa.Integer, nullable=True)
    op.drop_constraint("ck_arsip_entri_asal", "arsip_entri", type_="check")
    op.create_check_constraint("ck_arsip_entri_asal", "arsip_entri", ASAL_BARU)
    op.create_check_constraint("ck_arsip_entri_luar", "arsip_entri", LUAR)
    op.create_unique_constraint(
        "uq_arsip_entri_luar", "arsip_entri", ["instansi", "nomor", "versi"]
    )


def downgrade() -> None:
    ada = op.get_bind().execute(sa.text("SELECT COUNT(*) FROM arsip_entri WHERE asal = 'luar'"))
    if ada.scalar_one():
        raise RuntimeError(
            "Arsip memuat naskah dari instansi lain; revisi 0012_arsip_luar tidak dapat "
            "dibatalkan tanpa kehilangan entri itu."
        )
    if op.get_bind().dialect.name == "sqlite":
        _bangun_ulang_sqlite(luar=False)
        return
    op.drop_constraint("uq_arsip_entri_luar", "arsip_entri", type_="unique")
    op.drop_constraint("ck_arsip_entri_luar", "arsip_entri", type_="check")
    op.drop_constraint("ck_arsip_entri_asal", "arsip_entri", type_="check")
    op.create_check_constraint("ck_arsip_entri_asal", "arsip_entri", ASAL_LAMA)
    op.alter_column("arsip_entri", "nomor_id", existing_type=sa.Integer, nullable=False)
    op.drop_column("arsip_entri", "instansi")
