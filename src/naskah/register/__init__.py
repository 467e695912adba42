"""The numbering register (buku agenda): every number issued once, never lost, never reused.

Public facade::

    from naskah.register import buka_register

    with buka_register(konfigurasi) as reg:
        n = reg.ambil("naskah", klasifikasi="HK.03.01", tanggal="2024-05-17", perihal="…")
        reg.sisip("naskah", n.teks, klasifikasi="HK.03.01", tanggal="2024-05-17", perihal="…")
        reg.batal(n.teks, alasan="salah ketik")

Also :meth:`Register.pesan` (reserve a block), :meth:`Register.pakai` (use a reserved number),
:meth:`Register.mulai` (continue a series after its last number used before naskah),
:meth:`Register.impor` (an old buku agenda, all or nothing), :meth:`Register.daftar` with
:func:`ekspor` (CSV/XLSX) and :meth:`Register.riwayat` (one number's audit log). Other packages
write their own rows in the register's database with :meth:`Register.transaksi` and
:meth:`Register.cari_nomor`, and their audit rows and a number's use with the verbs of
:mod:`~naskah.register.catat` (:func:`catat_jejak`, :func:`pakai_untuk_arsip`): only this
package writes the ``nomor`` and ``jejak`` tables. The storage is SQLite in the archive folder by
default, or PostgreSQL by URL (see :mod:`naskah.register.basis`).

Modules: :mod:`~naskah.register.rekaman` (the records), :mod:`~naskah.register.masukan` (dates,
the acting user), :mod:`~naskah.register.impor` (checking an import, pure),
:mod:`~naskah.register.buku_agenda` (CSV/XLSX files), :mod:`~naskah.register.skema` (tables),
:mod:`~naskah.register.basis` (connections), :mod:`~naskah.register.register` (operations).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from naskah.register.buku_agenda import baca_buku_agenda, ekspor
    from naskah.register.catat import catat_jejak, pakai_untuk_arsip
    from naskah.register.impor import ImporError
    from naskah.register.masukan import ENV_PENGGUNA, baca_tanggal, pengguna_bawaan
    from naskah.register.register import Register, buka_register
    from naskah.register.rekaman import KEADAAN, Jejak, NomorTerdaftar, PenghitungSeri

# The facade's names are imported on first use: a search or a desk read that needs only
# naskah.register.basis (a connection) does not load the register's operations and files.
_ASAL = {
    "baca_buku_agenda": "buku_agenda",
    "ekspor": "buku_agenda",
    "catat_jejak": "catat",
    "pakai_untuk_arsip": "catat",
    "ImporError": "impor",
    "ENV_PENGGUNA": "masukan",
    "baca_tanggal": "masukan",
    "pengguna_bawaan": "masukan",
    "Register": "register",
    "buka_register": "register",
    "KEADAAN": "rekaman",
    "Jejak": "rekaman",
    "NomorTerdaftar": "rekaman",
    "PenghitungSeri": "rekaman",
}


def __getattr__(nama: str) -> Any:
    modul = _ASAL.get(nama)
    if modul is None:
        raise AttributeError(f"module {__name__!r} has no attribute {nama!r}")
    nilai = getattr(importlib.import_module(f"{__name__}.{modul}"), nama)
    globals()[nama] = nilai
    return nilai


__all__ = [
    "ENV_PENGGUNA",
    "KEADAAN",
    "ImporError",
    "Jejak",
    "NomorTerdaftar",
    "PenghitungSeri",
    "Register",
    "baca_buku_agenda",
    "baca_tanggal",
    "buka_register",
    "catat_jejak",
    "ekspor",
    "pakai_untuk_arsip",
    "pengguna_bawaan",
]
