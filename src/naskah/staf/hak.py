"""What each role of the web desk may see and do: one table, read by the screens and the tests.

Roles follow the ULT's procedure: front-desk staff (``staf_ult``) receive, extend, issue and
close; the Kasubbag Umum and the head dispose and decide; the Kasubbag Umum and a Pokja/Tim may
give a product's paraf (which of them, in which order: ``[meja] paraf``) and only the head
signs; a Pokja/Tim member sees only the requests disposed to them; the archivist sees the
register and the archive, not the requests; the administrator manages accounts only (no
applicant's data).
"""

from __future__ import annotations

from typing import Literal

__all__ = ["HAK", "PERAN", "Hak", "boleh"]

Peran = Literal["staf_ult", "kasubbag_umum", "pokja", "kepala", "arsiparis", "admin"]
PERAN: dict[str, str] = {
    "staf_ult": "Staf ULT",
    "kasubbag_umum": "Kasubbag Umum",
    "pokja": "Pokja/Tim",
    "kepala": "Kepala",
    "arsiparis": "Arsiparis",
    "admin": "Administrator",
}
"""Every role and its name as shown."""

Hak = Literal[
    "permohonan_semua",
    "permohonan_sendiri",
    "disposisi",
    "putuskan",
    "perpanjang",
    "terbitkan",
    "paraf",
    "tandatangani",
    "tutup",
    "pengaduan",
    "pengaduan_ubah",
    "fasilitas",
    "agenda",
    "arsip",
    "pengguna",
]

HAK: dict[str, frozenset[str]] = {
    "staf_ult": frozenset(
        {
            "permohonan_semua",
            "perpanjang",
            "terbitkan",
            "tutup",
            "pengaduan",
            "pengaduan_ubah",
            "fasilitas",
            "agenda",
            "arsip",
        }
    ),
    "kasubbag_umum": frozenset(
        {
            "permohonan_semua",
            "disposisi",
            "putuskan",
            "perpanjang",
            "terbitkan",
            "paraf",
            "tutup",
            "pengaduan",
            "pengaduan_ubah",
            "fasilitas",
            "agenda",
            "arsip",
        }
    ),
    "pokja": frozenset({"permohonan_sendiri", "perpanjang", "terbitkan", "paraf", "arsip"}),
    "kepala": frozenset(
        {
            "permohonan_semua",
            "disposisi",
            "putuskan",
            "tandatangani",
            "pengaduan",
            "fasilitas",
            "agenda",
            "arsip",
        }
    ),
    "arsiparis": frozenset({"agenda", "arsip"}),
    "admin": frozenset({"pengguna"}),
}
"""Role → what it may do."""


def boleh(peran: str, hak: str) -> bool:
    """Return whether ``peran`` has ``hak`` (an unknown role has none)."""
    return hak in HAK.get(peran, frozenset())


def lihat_permohonan(peran: str) -> bool:
    """Return whether ``peran`` sees requests at all (all of them, or those disposed to it)."""
    return boleh(peran, "permohonan_semua") or boleh(peran, "permohonan_sendiri")
