"""Durable, all-or-nothing writes of archive entries, and cleaning up after an interrupted one.

An ingest writes every file of its entries into a staging folder inside the archive
(``.sementara/<token>.tmp/<entry id>/``) while holding an intent file
(``.sementara/<token>.niat``) locked with ``flock``. The intent file lists the entry ids and,
once the catalog transaction has chosen them, their final folders. Then the archive's file
system is flushed once (``syncfs``: every staged file, folder and the intent file at once,
instead of one fsync per file), each entry folder is renamed into place, the file system is
flushed again (the renames) and only then the catalog commits.

So after a crash or SIGKILL at any point, an entry is either committed in the catalog with its
whole folder in place, or not in the catalog at all. :func:`bersihkan` (run before every write)
handles intent files no live process holds: folders of entries the catalog does not know are
removed (they were never archived), then the staging folder and the intent file.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import json
import os
import secrets
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from naskah.arsip.catatan import NAMA_METADATA
from naskah.arsip.jalur import dalam_arsip
from naskah.berkas import alasan_os
from naskah.errors import ArchiveError

FOLDER_SEMENTARA = ".sementara"


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (new names, renames) to disk."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def tulis_baru(path: Path, data: bytes) -> None:
    """Create ``path`` (it must not exist) with ``data``; :func:`sinkronkan` makes it durable."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


_LIBC: Any = None


def sinkronkan(folder: Path) -> None:
    """Flush everything written to the file system holding ``folder`` (files, names, renames).

    One ``syncfs`` per batch costs about what one fsync does, where fsyncing every file and
    folder of a thousand entries would cost thousands.
    """
    global _LIBC
    if _LIBC is None:
        try:
            _LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            _LIBC.syncfs  # noqa: B018 - Linux only
        except (OSError, AttributeError):
            _LIBC = False
    if _LIBC is False:
        os.sync()
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if _LIBC.syncfs(fd) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err))
    finally:
        os.close(fd)


def buat_folder(akar: Path, folder: Path) -> None:
    """Create ``folder`` and its missing parents below ``akar`` (durable at the next flush)."""
    baru: list[Path] = []
    p = folder
    while not p.exists() and p != akar:
        baru.append(p)
        p = p.parent
    for f in reversed(baru):
        with contextlib.suppress(FileExistsError):
            f.mkdir()


@dataclass
class Niat:
    """One ingest's intent file and staging folder, locked while the ingest runs."""

    akar: Path
    token: str
    fd: int
    titik: Callable[[str], None] = field(default=lambda _t: None)
    simpan_niat: bool = False
    """Keep the intent file at the end (the outcome is unknown: cleanup decides later)."""

    @property
    def berkas_niat(self) -> Path:
        return self.akar / FOLDER_SEMENTARA / f"{self.token}.niat"

    @property
    def folder_sementara(self) -> Path:
        return self.akar / FOLDER_SEMENTARA / f"{self.token}.tmp"

    def _catat(self, data: dict[str, str]) -> None:
        os.write(self.fd, (json.dumps(data, ensure_ascii=False) + "\n").encode())

    def tahap(self, id_entri: str) -> Path:
        """Record entry ``id_entri`` and return its (new) staging folder."""
        self._catat({"id": id_entri})
        folder = self.folder_sementara / id_entri
        folder.mkdir(parents=True)
        return folder

    def tujuan(self, id_entri: str, lokasi: str) -> None:
        """Record where entry ``id_entri`` will be moved; durable at the next :meth:`sinkron`."""
        self._catat({"id": id_entri, "lokasi": lokasi})

    def sinkron(self) -> None:
        """Make everything staged, recorded and moved so far durable (one flush)."""
        sinkronkan(self.akar)
        self.titik("disinkronkan")

    def pindahkan(self, id_entri: str, lokasi: str) -> Path:
        """Move the staged entry to its final folder (which must not exist).

        Call :meth:`sinkron` before (the files and the intent) and after (the renames)."""
        asal = self.folder_sementara / id_entri
        tujuan = dalam_arsip(self.akar, lokasi)
        if tujuan.exists():
            raise ArchiveError(
                f"Folder arsip {lokasi} sudah ada tetapi tidak tercatat di katalog; tidak "
                "ditimpa. Periksa dengan `naskah arsip periksa`."
            )
        buat_folder(self.akar, tujuan.parent)
        os.rename(asal, tujuan)
        self.titik("dipindah")
        return tujuan


@contextlib.contextmanager
def niat(akar: Path, titik: Callable[[str], None] | None = None) -> Iterator[Niat]:
    """Open a locked intent file for one ingest; remove it and the staging folder at the end.

    The caller commits the catalog inside the block; on an exception it has undone what it
    moved, and this removes the staged files. After a SIGKILL, :func:`bersihkan` does it.
    """
    sementara = akar / FOLDER_SEMENTARA
    try:
        akar.mkdir(parents=True, exist_ok=True)
        buat_folder(akar, sementara)
    except OSError as exc:
        raise ArchiveError(
            f"Folder arsip {akar} tidak dapat dibuat ({alasan_os(exc)}); periksa [arsip] lokasi "
            "dan izin tulisnya."
        ) from None
    token = secrets.token_hex(8)
    path = sementara / f"{token}.niat"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        n = Niat(akar, token, fd, titik or (lambda _t: None))
        n.folder_sementara.mkdir()
        try:
            yield n
        finally:
            if not n.simpan_niat:
                shutil.rmtree(n.folder_sementara, ignore_errors=True)
                path.unlink(missing_ok=True)
                with contextlib.suppress(OSError):
                    fsync_folder(sementara)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class SisaNiat:
    """An intent file no live process holds: an ingest that was interrupted."""

    berkas: Path
    entri: tuple[tuple[str, str | None], ...]
    """(entry id, final folder if it was chosen)."""


def sisa_niat(akar: Path) -> list[SisaNiat]:
    """Return the intent files of interrupted ingests (without touching them)."""
    folder = akar / FOLDER_SEMENTARA
    if not folder.is_dir():
        return []
    hasil = []
    for p in sorted(folder.glob("*.niat")):
        try:
            fd = os.open(p, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # a live ingest holds it
            isi = p.read_bytes().decode("utf-8", "replace")
        finally:
            os.close(fd)
        entri: dict[str, str | None] = {}
        for baris in isi.splitlines():
            try:
                d = json.loads(baris)
            except ValueError:
                continue  # a line cut by the crash: nothing was moved after it
            if isinstance(d, dict) and isinstance(d.get("id"), str):
                entri[d["id"]] = d.get("lokasi") or entri.get(d["id"])
        hasil.append(SisaNiat(p, tuple(entri.items())))
    return hasil


def bersihkan(akar: Path, tercatat: Callable[[list[str]], set[str]]) -> int:
    """Remove what interrupted ingests left; return how many entries were removed.

    ``tercatat`` returns which of the given entry ids the catalog holds: those stay.
    """
    folder = akar / FOLDER_SEMENTARA
    if not folder.is_dir():
        return 0
    dihapus = 0
    for sisa in sisa_niat(akar):
        try:
            fd = os.open(sisa.berkas, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue
            ada = tercatat([i for i, _ in sisa.entri])
            for id_entri, lokasi in sisa.entri:
                if id_entri in ada or lokasi is None:
                    continue
                try:
                    tujuan = dalam_arsip(akar, lokasi)
                except ArchiveError:
                    continue
                if _milik(tujuan, id_entri):
                    hapus_entri(akar, tujuan)
                    dihapus += 1
            shutil.rmtree(folder / (sisa.berkas.stem + ".tmp"), ignore_errors=True)
            sisa.berkas.unlink(missing_ok=True)
        finally:
            os.close(fd)
    # staging folders whose intent file is gone (created after it, removed before it)
    for tmp in folder.glob("*.tmp"):
        if not (folder / (tmp.stem + ".niat")).exists():
            shutil.rmtree(tmp, ignore_errors=True)
    fsync_folder(folder)
    return dihapus


def hapus_entri(akar: Path, folder: Path) -> None:
    """Remove an uncommitted entry folder and the parents it left empty (up to ``akar``)."""
    akar = akar.resolve()
    shutil.rmtree(folder, ignore_errors=True)
    p = folder.parent
    while p != akar and p.is_relative_to(akar):
        try:
            p.rmdir()
        except OSError:
            break  # not empty: another entry lives there
        p = p.parent
    with contextlib.suppress(OSError):
        fsync_folder(p)


def _milik(folder: Path, id_entri: str) -> bool:
    """Return True when ``folder`` is the uncommitted entry ``id_entri`` (safe to remove)."""
    if not folder.is_dir():
        return False
    try:
        d = json.loads((folder / NAMA_METADATA).read_bytes())
        return isinstance(d, dict) and d.get("id") == id_entri
    except (OSError, ValueError):
        # metadata is written before the move, so a moved entry always has it
        return False
