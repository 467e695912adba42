"""Writing output files safely: nothing half-written, ever.

Every file naskah produces (DOCX, PDF, signed PDF, exports, settings, certificates) is written to
a temporary name in the same folder and moved into place with one atomic rename, so a crash, a
full disk or an error leaves either the old file or the new one, never a broken one. Failures
become one Indonesian sentence in the caller's error class.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from naskah.errors import NaskahError

_ALASAN_OS = {
    errno.ENOSPC: "penyimpanan penuh",
    errno.EDQUOT: "kuota penyimpanan habis",
    errno.EACCES: "izin ditolak",
    errno.EPERM: "izin ditolak",
    errno.EROFS: "penyimpanan hanya dapat dibaca",
    errno.ENOENT: "tidak ditemukan",
    errno.ENOTDIR: "bagian jalurnya bukan folder",
    errno.EISDIR: "jalur itu sebuah folder",
    errno.EEXIST: "sudah ada",
    errno.ENAMETOOLONG: "nama terlalu panjang",
    errno.EIO: "galat baca/tulis perangkat penyimpanan",
    errno.EMFILE: "terlalu banyak berkas terbuka",
    errno.EFBIG: "berkas terlalu besar",
    errno.ENOTEMPTY: "folder tidak kosong",
    errno.EBUSY: "sedang dipakai",
}


def alasan_os(exc: OSError) -> str:
    """Return why an OS call failed, in Indonesian (``penyimpanan penuh``), never the English
    ``strerror`` of the C library."""
    if exc.errno in _ALASAN_OS:
        return _ALASAN_OS[exc.errno]
    kode = errno.errorcode.get(exc.errno, "") if exc.errno is not None else ""
    return f"galat sistem {kode}".strip()


@contextmanager
def tulis_atomik(
    tujuan: Path, *, galat: type[NaskahError] = NaskahError, mode: int | None = None
) -> Iterator[Path]:
    """Yield a temporary path next to ``tujuan``; move it into place when the block succeeds.

    The block creates and writes the file at the yielded path. On any exception the temporary
    file is removed; an ``OSError`` becomes ``galat`` with an Indonesian sentence. ``mode``
    sets the file's permissions before it appears under its real name.
    """
    tujuan = Path(tujuan)
    try:
        tujuan.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise galat(
            f"Folder {tujuan.parent} tidak dapat dibuat ({alasan_os(exc)}); pilih folder keluaran "
            "lain."
        ) from None
    # a fresh unpredictable name, not mkstemp: the file gets the usual umask mode; the writer's
    # process id in it lets a later run tell an orphan (its writer was killed) from a live one
    sementara = tujuan.parent / f".{tujuan.name}.{os.getpid()}-{secrets.token_hex(6)}.tmp"
    try:
        yield sementara
        if mode is not None:
            os.chmod(sementara, mode)
        os.replace(sementara, tujuan)
    except OSError as exc:
        raise galat(f"Berkas {tujuan} tidak dapat ditulis ({alasan_os(exc)}).") from None
    finally:
        sementara.unlink(missing_ok=True)


def tulis_bytes(
    tujuan: Path, data: bytes, *, galat: type[NaskahError] = NaskahError, mode: int | None = None
) -> Path:
    """Write ``data`` to ``tujuan`` atomically and durably (fsync before the rename)."""
    with tulis_atomik(tujuan, galat=galat, mode=mode) as sementara:
        fd = os.open(sementara, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if mode else 0o666)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    return Path(tujuan)


def bersihkan_sementara(tujuan: Path) -> list[Path]:
    """Remove the temporary files :func:`tulis_atomik` left beside ``tujuan`` when killed.

    Only files whose writing process no longer exists are removed (a process killed with
    SIGKILL cannot clean up after itself); another run's live temporary file is left alone.
    Returns the files removed.
    """
    tujuan = Path(tujuan)
    try:
        calon = list(tujuan.parent.glob(f".{glob_escape(tujuan.name)}.*.tmp"))
    except OSError:
        return []
    # .<name>.<pid>-<hex>.tmp: the pid is what stands before the first "-" after the name
    return _hapus_yang_mati((p, p.name[len(tujuan.name) + 2 : -4].split("-", 1)[0]) for p in calon)


def bersihkan_sementara_folder(folder: Path) -> list[Path]:
    """Remove every temporary file :func:`tulis_atomik` left in ``folder`` when killed.

    :func:`bersihkan_sementara` for all the folder's files at once: one listing of the folder
    instead of one per file (a batch writing a thousand files into one folder would otherwise
    list it a thousand times). The same rule: only files whose writing process no longer exists
    are removed. Returns the files removed.
    """
    try:
        calon = [e.name for e in os.scandir(folder) if e.name.startswith(".")]
    except OSError:
        return []
    cocok = ((nama, _POLA_SEMENTARA.fullmatch(nama)) for nama in calon)
    return _hapus_yang_mati((Path(folder) / nama, m.group(1)) for nama, m in cocok if m)


_POLA_SEMENTARA = re.compile(r"\..+\.(\d+)-[0-9a-f]{12}\.tmp")
"""The name :func:`tulis_atomik` gives a temporary file: ``.<name>.<pid>-<12 hex>.tmp``."""


def _hapus_yang_mati(calon: Iterable[tuple[Path, str]]) -> list[Path]:
    """Remove each temporary file whose writer (the pid given as text) no longer runs; return
    the files removed (one already gone or not removable is skipped)."""
    hapus: list[Path] = []
    for p, pid in calon:
        if not pid.isdigit() or _hidup(int(pid)):
            continue
        try:
            p.unlink()
            hapus.append(p)
        except FileNotFoundError:
            pass
        except OSError:
            continue
    return hapus


def glob_escape(nama: str) -> str:
    """Return ``nama`` with glob metacharacters escaped."""
    import glob

    return glob.escape(nama)


def _hidup(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True
