"""Turning document fields into archive folder names that can never leave the archive.

A number such as ``0512/C7.24/HK.03.01/2024`` or a kind typed into an import manifest becomes one
path component made of ASCII letters, digits, ``.``, ``_`` and ``-`` only: Unicode is folded
(NFKC, accents dropped), separators and every other character become ``-``, leading dots and
dashes are dropped (no ``..``, no hidden names), names Windows reserves (``CON``, ``NUL``,
``COM1`` …) get a prefix, and long names are cut with a hash of the original so two long
numbers never share a folder. :func:`dalam_arsip` checks the joined result is inside the root.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path, PurePosixPath

from naskah.errors import ArchiveError

PANJANG_MAKS = 80
"""Longest folder name made from a field (well under every file system's 255-byte limit)."""

_TAK_AMAN = re.compile(r"[^A-Za-z0-9._-]+")
_BERULANG = re.compile(r"[._-]*-[._-]*|\.{2,}")
_CADANGAN_WINDOWS = re.compile(r"(?i)^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$")


def komponen_aman(teks: str, *, cadangan: str = "tanpa-nama") -> str:
    """Return ``teks`` as one safe folder name (never empty, never ``.`` or ``..``)."""
    asli = str(teks)
    t = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", asli))
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = _TAK_AMAN.sub("-", t)
    t = _BERULANG.sub(lambda m: "-" if "-" in m.group() else ".", t)
    t = t.strip("-._")
    if not t:
        t = cadangan
    if _CADANGAN_WINDOWS.match(t.split(".")[0]):
        t = "_" + t
    if len(t) > PANJANG_MAKS:
        sidik = hashlib.sha256(asli.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        t = t[: PANJANG_MAKS - 9].rstrip("-._") + "-" + sidik
    return t


def dengan_sidik(nama: str, asli: str) -> str:
    """Return ``nama`` with a short hash of ``asli`` appended (to tell apart colliding names)."""
    sidik = hashlib.sha256(asli.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return nama[: PANJANG_MAKS - 9].rstrip("-._") + "-" + sidik


FOLDER_LUAR = "luar"
"""The folder under the archive root holding the documents of other offices."""


def lokasi_entri(
    tahun: int, jenis: str, nomor_folder: str, versi: int, *, luar: bool = False
) -> str:
    """Return the entry folder relative to the archive root: ``<year>/<kind>/<number>/v<N>``,
    under ``luar/`` for a document of another office."""
    if not 1 <= tahun <= 9999:
        raise ArchiveError(f"Tahun {tahun} tidak sah untuk arsip; periksa tanggal naskah.")
    if versi < 1:
        raise ArchiveError(f"Versi {versi} tidak sah; versi arsip dimulai dari 1.")
    bagian = [f"{tahun:04d}", komponen_aman(jenis), komponen_aman(nomor_folder), f"v{versi}"]
    if luar:
        bagian.insert(0, FOLDER_LUAR)
    return str(PurePosixPath(*bagian))


def dalam_arsip(akar: Path, lokasi: str) -> Path:
    """Return ``akar / lokasi``, refusing anything that would resolve outside ``akar``."""
    if "\x00" in lokasi or lokasi.startswith(("/", "\\")) or not lokasi:
        raise ArchiveError(f"Lokasi arsip {lokasi!r} tidak sah; katalog arsip mungkin rusak.")
    bagian = PurePosixPath(lokasi).parts
    if any(b in ("", ".", "..") or "\\" in b or ":" in b for b in bagian):
        raise ArchiveError(f"Lokasi arsip {lokasi!r} tidak sah; katalog arsip mungkin rusak.")
    try:
        akar_asli = akar.resolve()
        hasil = (akar_asli / Path(*bagian)).resolve()
    except (OSError, RuntimeError):  # a symlink loop, an unreadable folder
        raise ArchiveError(
            f"Lokasi arsip {lokasi!r} tidak dapat dibuka (tautan simbolik melingkar atau izin)."
        ) from None
    if not hasil.is_relative_to(akar_asli) or hasil == akar_asli:
        raise ArchiveError(f"Lokasi arsip {lokasi!r} berada di luar folder arsip; ditolak.")
    return akar_asli / Path(*bagian)
