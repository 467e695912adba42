"""An index on the facility bookings' request (``ult_pemesanan.permohonan_id``).

Revision ID: 0013_indeks_pemesanan
Revises: 0012_arsip_luar
Create Date: 2026-12-07

A facility request's reply, tariff and detail page read its bookings by request; without an
index each read scans every booking of every year. The other child tables of a request
(``ult_lampiran``, ``ult_disposisi``, ``ult_produk``) have had theirs since 0007_ult.
"""

from __future__ import annotations

from alembic import op

revision = "0013_indeks_pemesanan"
down_revision = "0012_arsip_luar"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_ult_pemesanan_permohonan_id", "ult_pemesanan", ["permohonan_id"])


def downgrade() -> None:
    op.drop_index("ix_ult_pemesanan_permohonan_id", table_name="ult_pemesanan")
