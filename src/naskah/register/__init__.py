"""The numbering register (buku agenda): every number issued once, never lost, never reused.

Public facade::

    from naskah.register import buka_register

    with buka_register(konfigurasi) as reg:
        n = reg.ambil("naskah", klasifikasi="HK.03.01", tanggal="2024-05-17", perihal="…")
        reg.sisip("naskah", n.teks, klasifikasi="HK.03.01", tanggal="2024-05-17", perihal="…")
        reg.batal(n.teks, alasan="salah ketik")

Also :meth:`Register.pesan` (reserve a block), :meth:`Register.pakai` (use a reserved number),
:meth:`Register.impor` (an old buku agenda, all or nothing), :meth:`Register.daftar` with
:func:`ekspor` (CSV/XLSX) and :meth:`Register.riwayat` (one number's audit log). The storage is
SQLite in the archive folder by default, or PostgreSQL by URL (see :mod:`naskah.register.basis`).
"""

from __future__ import annotations

from naskah.register.berkas import baca_buku_agenda, ekspor
from naskah.register.register import (
    ENV_PENGGUNA,
    ImporError,
    Jejak,
    NomorTerdaftar,
    Register,
    baca_tanggal,
    buka_register,
    pengguna_bawaan,
)
from naskah.register.skema import KEADAAN

__all__ = [
    "ENV_PENGGUNA",
    "KEADAAN",
    "ImporError",
    "Jejak",
    "NomorTerdaftar",
    "Register",
    "baca_buku_agenda",
    "baca_tanggal",
    "buka_register",
    "ekspor",
    "pengguna_bawaan",
]
