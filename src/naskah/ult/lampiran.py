"""Attachments of requests and complaints: owns checking them and storing them by their hash.

A file is accepted only when its content is a PDF, a JPEG or a PNG (the first bytes decide, never
the name), no larger than ``[ult] lampiran_maks_mb``, and no more than ``[ult] lampiran_maks``
per request. It is stored once under the archive folder, ``ult/<aa>/<sha256>.<ext>``: written
to a temporary name and linked into place, so an existing file is never overwritten (the same
content has the same name). Everything is checked before anything is written.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from naskah.berkas import alasan_os
from naskah.errors import UltError

if TYPE_CHECKING:
    from naskah.config import Konfigurasi

__all__ = ["Berkas", "periksa_lampiran", "simpan_lampiran"]

_TANDA: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)
_EKSTENSI = {"pdf": "pdf", "jpeg": "jpg", "png": "png"}


@dataclass(frozen=True)
class Berkas:
    """One checked attachment, ready to store."""

    nama: str
    jenis: str
    isi: bytes
    sha256: str

    @property
    def lokasi(self) -> str:
        """Where it lives, relative to the archive folder."""
        return f"ult/{self.sha256[:2]}/{self.sha256}.{_EKSTENSI[self.jenis]}"


def jenis_isi(awal: bytes) -> str | None:
    """Return ``pdf``, ``jpeg`` or ``png`` from a file's first bytes, or None."""
    for tanda, jenis in _TANDA:
        if awal.startswith(tanda):
            return jenis
    return None


def periksa_lampiran(konfigurasi: Konfigurasi, berkas: list[Path]) -> list[Berkas]:
    """Read and check every attachment; refuse the whole lot on the first bad one."""
    u = konfigurasi.ult
    if len(berkas) > u.lampiran_maks:
        raise UltError(
            f"Lampiran terlalu banyak ({len(berkas)}); paling banyak {u.lampiran_maks} berkas "
            "per permohonan."
        )
    batas = int(u.lampiran_maks_mb * 1024 * 1024)
    out = []
    for path in berkas:
        try:
            ukuran = path.stat().st_size
            if ukuran > batas:
                raise UltError(
                    f"Lampiran {path.name} terlalu besar ({ukuran / 1048576:.1f} MB); paling besar "
                    f"{u.lampiran_maks_mb:g} MB."
                )
            isi = path.read_bytes()
        except OSError as exc:
            raise UltError(
                f"Lampiran {path.name} tidak dapat dibaca ({exc.strerror or 'galat berkas'})."
            ) from None
        jenis = jenis_isi(isi[:16])
        if jenis is None:
            raise UltError(
                f"Lampiran {path.name} bukan PDF, JPEG atau PNG menurut isinya; kirim berkas "
                "dalam salah satu bentuk itu."
            )
        out.append(Berkas(path.name[:255], jenis, isi, hashlib.sha256(isi).hexdigest()))
    return out


def simpan_lampiran(folder_arsip: Path, berkas: list[Berkas]) -> list[Path]:
    """Store each attachment by its hash; return the files this call created (for undoing)."""
    baru: list[Path] = []
    for b in berkas:
        tujuan = folder_arsip / b.lokasi
        if tujuan.exists():
            continue
        tujuan.parent.mkdir(parents=True, exist_ok=True)
        sementara = tujuan.with_name(f".{tujuan.name}.{secrets.token_hex(4)}.baru")
        try:
            with open(sementara, "xb") as f:
                f.write(b.isi)
                f.flush()
                os.fsync(f.fileno())
            try:
                os.link(sementara, tujuan)
                baru.append(tujuan)
            except FileExistsError:
                pass  # the same content, stored meanwhile by another process
        except OSError as exc:
            for p in baru:
                p.unlink(missing_ok=True)
            raise UltError(
                f"Lampiran tidak dapat disimpan di folder arsip ({alasan_os(exc)}); periksa izin "
                "tulis folder arsip."
            ) from None
        finally:
            sementara.unlink(missing_ok=True)
    return baru
