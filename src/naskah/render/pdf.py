"""DOCX → PDF (PDF/A-2b by default) with LibreOffice headless, one file or many per start.

:class:`KonverterLibreOffice` owns one LibreOffice profile directory (two ``soffice`` processes
sharing a profile fail silently) and runs every call in its own process group with a timeout that
kills the group. It converts many files in one ``soffice`` start (about 15 times cheaper per
document than one start each); :class:`KonverterParalel` splits a batch over several converters,
each with its own profile, one per core. Every output is written to a temporary folder, checked to
exist and to be a PDF, and only then moved into place: nothing is half-written.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from naskah.errors import RenderError, ToolMissingError

PASANG_LIBREOFFICE = "sudo apt-get install libreoffice-writer-nogui"
FILTER_PDF = "pdf:writer_pdf_Export"
FILTER_PDFA = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
"""LibreOffice's PDF export with PDF/A-2b (JSON filter options, LibreOffice 7.4 and later)."""


class KonverterLibreOffice:
    """Convert DOCX files to PDF with one LibreOffice installation and one profile directory.

    ``soffice`` is the program's path or name; ``profil`` the profile directory (a private one
    under the temporary folder when None); ``batas_waktu`` the seconds a call may take, plus
    ``batas_per_berkas`` for every file in the call.
    """

    def __init__(
        self,
        soffice: str = "soffice",
        profil: Path | None = None,
        batas_waktu: float = 120.0,
        *,
        batas_per_berkas: float = 5.0,
    ) -> None:
        self.soffice = soffice
        self.profil = (
            Path(profil)
            if profil
            else Path(tempfile.gettempdir()) / f"naskah-soffice-{os.getuid()}"
        )
        self.batas_waktu = batas_waktu
        self.batas_per_berkas = batas_per_berkas
        self._kunci = threading.Lock()

    def konversi(
        self, berkas: Sequence[Path], folder_keluaran: Path, *, pdfa: bool = True
    ) -> list[Path]:
        """Convert ``berkas`` (DOCX) in one LibreOffice start; return the PDFs, in order.

        Each PDF is named after its DOCX and lands in ``folder_keluaran``.
        """
        berkas = [Path(b) for b in berkas]
        if not berkas:
            return []
        for b in berkas:
            if not b.is_file():
                raise RenderError(f"Berkas {b} yang akan diubah ke PDF tidak ditemukan.")
        folder_keluaran = Path(folder_keluaran)
        folder_keluaran.mkdir(parents=True, exist_ok=True)
        # LibreOffice names outputs after the input's stem: equal stems go in separate calls.
        kelompok: list[list[Path]] = []
        for b in berkas:
            for k in kelompok:
                if all(x.stem != b.stem for x in k):
                    k.append(b)
                    break
            else:
                kelompok.append([b])
        hasil: dict[Path, Path] = {}
        for k in kelompok:
            hasil.update(zip(k, self._konversi_sekali(k, folder_keluaran, pdfa), strict=True))
        return [hasil[b] for b in berkas]

    def _konversi_sekali(self, berkas: list[Path], folder_keluaran: Path, pdfa: bool) -> list[Path]:
        with (
            self._kunci,
            _ProfilTerkunci(self.profil) as profil,
            tempfile.TemporaryDirectory(prefix=".naskah-pdf-", dir=folder_keluaran) as sementara,
        ):
            perintah = [
                self.soffice,
                f"-env:UserInstallation={profil.resolve().as_uri()}",
                "--headless",
                "--invisible",
                "--nologo",
                "--nodefault",
                "--nofirststartwizard",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                FILTER_PDFA if pdfa else FILTER_PDF,
                "--outdir",
                sementara,
                *[str(b.resolve()) for b in berkas],
            ]
            batas = self.batas_waktu + self.batas_per_berkas * len(berkas)
            keluaran, kode = _jalankan(perintah, batas, self.soffice)
            hasil = []
            for b in berkas:
                pdf = Path(sementara) / f"{b.stem}.pdf"
                if not _pdf_sah(pdf):
                    rincian = keluaran.strip().splitlines()[-1:] if keluaran else []
                    raise RenderError(
                        f"LibreOffice tidak menghasilkan PDF untuk {b.name}"
                        + (f" ({rincian[0]})" if rincian else f" (kode keluar {kode})")
                        + "; buka berkas DOCX itu di LibreOffice Writer untuk memeriksanya."
                    )
                tujuan = folder_keluaran / pdf.name
                os.replace(pdf, tujuan)
                hasil.append(tujuan)
            return hasil


class KonverterParalel:
    """Convert a batch with several :class:`KonverterLibreOffice` side by side (one per core).

    Each converter keeps its own profile; the batch is split into equal contiguous parts.
    """

    def __init__(self, konverter: Sequence[KonverterLibreOffice]) -> None:
        if not konverter:
            raise ValueError("at least one converter is needed")
        profil = [k.profil.resolve() for k in konverter]
        if len(set(profil)) != len(profil):
            raise ValueError("parallel converters must not share a profile directory")
        self.konverter = list(konverter)

    @classmethod
    def buat(
        cls,
        pekerja: int | None = None,
        *,
        soffice: str = "soffice",
        folder_profil: Path | None = None,
        batas_waktu: float = 120.0,
    ) -> KonverterParalel:
        """Return a converter with ``pekerja`` workers (the number of cores by default)."""
        pekerja = max(1, pekerja or os.cpu_count() or 1)
        dasar = Path(folder_profil) if folder_profil else Path(tempfile.gettempdir())
        return cls([
            KonverterLibreOffice(soffice, dasar / f"naskah-soffice-{os.getuid()}-{i}", batas_waktu)
            for i in range(pekerja)
        ])  # fmt: skip

    def konversi(
        self, berkas: Sequence[Path], folder_keluaran: Path, *, pdfa: bool = True
    ) -> list[Path]:
        """Convert ``berkas``; return the PDFs in the order of ``berkas``."""
        berkas = [Path(b) for b in berkas]
        n = min(len(self.konverter), len(berkas))
        if n <= 1:
            return self.konverter[0].konversi(berkas, folder_keluaran, pdfa=pdfa)
        ukuran = -(-len(berkas) // n)
        bagian = [berkas[i * ukuran : (i + 1) * ukuran] for i in range(n)]
        with ThreadPoolExecutor(max_workers=n) as pool:
            hasil = list(pool.map(
                lambda kb: kb[0].konversi(kb[1], folder_keluaran, pdfa=pdfa),
                zip(self.konverter, bagian, strict=False),
            ))  # fmt: skip
        return [p for h in hasil for p in h]


class _ProfilTerkunci:
    """Lock a profile directory for one call; fall back to a fresh one when it is busy.

    Two LibreOffice processes on one profile fail silently, so another process (a second
    ``naskah render`` at the same time) never shares it.
    """

    def __init__(self, profil: Path) -> None:
        self.profil = profil
        self._fd: int | None = None
        self._cadangan: str | None = None

    def __enter__(self) -> Path:
        self.profil.mkdir(parents=True, exist_ok=True)
        fd = os.open(
            self.profil.parent / f".{self.profil.name}.lock", os.O_CREAT | os.O_RDWR, 0o600
        )
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            self._cadangan = tempfile.mkdtemp(prefix="naskah-soffice-")
            return Path(self._cadangan)
        self._fd = fd
        return self.profil

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
        if self._cadangan:
            shutil.rmtree(self._cadangan, ignore_errors=True)


def _jalankan(perintah: list[str], batas: float, nama: str) -> tuple[str, int]:
    """Run ``perintah`` in its own process group; kill the group after ``batas`` seconds."""
    try:
        proses = subprocess.Popen(
            perintah,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except FileNotFoundError:
        raise ToolMissingError(
            f"LibreOffice ({nama}) untuk membuat PDF tidak ditemukan; pasang dengan "
            f"`{PASANG_LIBREOFFICE}` atau pilih format docx."
        ) from None
    except OSError as exc:
        raise ToolMissingError(
            f"LibreOffice ({nama}) tidak dapat dijalankan ({exc.strerror}); pasang ulang dengan "
            f"`{PASANG_LIBREOFFICE}`."
        ) from None
    try:
        keluaran, _ = proses.communicate(timeout=batas)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proses.pid, signal.SIGKILL)
        proses.communicate()
        raise RenderError(
            f"LibreOffice tidak selesai dalam {batas:.0f} detik dan dihentikan; ulangi dengan "
            "lebih sedikit berkas sekaligus."
        ) from None
    return keluaran.decode("utf-8", "replace"), proses.returncode


def _pdf_sah(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False


def info_pdfa(path: Path) -> tuple[str | None, str | None]:
    """Return the PDF/A part and conformance declared in a PDF's XMP (``("2", "B")``)."""
    from pypdf import PdfReader

    try:
        xmp = PdfReader(str(path)).xmp_metadata
    except Exception:  # a broken PDF simply declares nothing
        return None, None
    if xmp is None:
        return None, None
    ns = "http://www.aiim.org/pdfa/ns/id/"
    return _xmp_nilai(xmp, ns, "part"), _xmp_nilai(xmp, ns, "conformance")


def _xmp_nilai(xmp, ns: str, nama: str) -> str | None:  # type: ignore[no-untyped-def]
    for desc in xmp.rdf_root.getElementsByTagNameNS(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "Description"
    ):
        if desc.hasAttributeNS(ns, nama):
            return desc.getAttributeNS(ns, nama)
        for el in desc.getElementsByTagNameNS(ns, nama):
            if el.firstChild is not None:
                return el.firstChild.nodeValue
    return None
