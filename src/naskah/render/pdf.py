"""DOCX → PDF (PDF/A-2b by default) with LibreOffice headless, one file or many per start.

:class:`KonverterLibreOffice` owns one LibreOffice profile directory (two ``soffice`` processes
sharing a profile fail silently) and runs every call in its own process group with a timeout that
kills the group. It converts many files in one ``soffice`` start (about 15 times cheaper per
document than one start each), or (:meth:`KonverterLibreOffice.konversi_gabung`) merges the
documents of one template into one DOCX, converts that once and splits the PDF back per document
(:mod:`naskah.render.gabung`; cheaper again, since LibreOffice lays out one document instead of
loading each file). :class:`KonverterParalel` splits a batch over several converters, each with
its own profile, one per core, and takes the merged path from :data:`AMBANG_GABUNG` documents on.
Every output is written to a temporary folder or name, checked to exist and to be a PDF, and only
then moved into place: nothing is half-written.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

from naskah.berkas import tulis_bytes
from naskah.catatan_ttd import MetadataPdf, buat_xmp
from naskah.errors import RenderError
from naskah.proses import Alat, bersihkan_sisa, folder_kerja, jalankan
from naskah.render.gabung import (
    FILTER_PDF_PENANDA,
    FILTER_PDFA_PENANDA,
    TidakDapatDigabung,
    gabung_docx,
    kunci_gabung,
    pecah_pdf,
)

PASANG_LIBREOFFICE = "sudo apt-get install libreoffice-writer-nogui"
FONTS_CONF = Path(__file__).with_name("fonts.conf")
"""The fontconfig file LibreOffice runs with: Bookman Old Style and Arial always become TeX Gyre
Bonum and Liberation Sans, so a document looks the same on every machine."""
FILTER_PDF = "pdf:writer_pdf_Export"
FILTER_PDFA = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
"""LibreOffice's PDF export with PDF/A-2b (JSON filter options, LibreOffice 7.4 and later)."""
AMBANG_GABUNG = 4
"""From this many documents on, :class:`KonverterParalel` takes the merged path (bench/render)."""
AWALAN_KERJA = ".naskah-pdf-"
"""Work folders of one conversion in the output folder (``.naskah-pdf-PID-…``)."""
AWALAN_GABUNG = ".naskah-gabung-"
AWALAN_PROFIL_CADANGAN = "naskah-soffice-cadangan-"


class Konverter(Protocol):
    """What rendering needs from a DOCX → PDF converter (:class:`KonverterLibreOffice`,
    :class:`KonverterParalel`, or any other)."""

    def konversi(
        self, berkas: Sequence[Path], folder_keluaran: Path, *, pdfa: bool = True
    ) -> list[Path]:
        """Convert ``berkas`` (DOCX) into ``folder_keluaran``; return the PDFs in order."""
        ...


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
        self,
        berkas: Sequence[Path],
        folder_keluaran: Path,
        *,
        pdfa: bool = True,
        penanda: bool = False,
    ) -> list[Path]:
        """Convert ``berkas`` (DOCX) in one LibreOffice start; return the PDFs, in order.

        Each PDF is named after its DOCX and lands in ``folder_keluaran``. With ``penanda`` the
        DOCX bookmarks become PDF named destinations (to split the PDF at them).
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
        filter_pdf = (FILTER_PDFA_PENANDA if pdfa else FILTER_PDF_PENANDA) if penanda else None
        for k in kelompok:
            hasil.update(zip(
                k, self._konversi_sekali(k, folder_keluaran, pdfa, filter_pdf=filter_pdf),
                strict=True,
            ))  # fmt: skip
        return [hasil[b] for b in berkas]

    def konversi_gabung(
        self, berkas: Sequence[Path], folder_keluaran: Path, *, pdfa: bool = True
    ) -> list[Path]:
        """Convert ``berkas`` like :meth:`konversi`, merging the documents of each template.

        Documents sharing a template are merged into one DOCX, all merged files are converted in
        one LibreOffice start and each PDF is split back into one PDF per document, named after
        its DOCX. Files that cannot be merged (another template alone, footnotes, duplicate
        names...) are converted as in :meth:`konversi`.
        """
        berkas = [Path(b) for b in berkas]
        for b in berkas:
            if not b.is_file():
                raise RenderError(f"Berkas {b} yang akan diubah ke PDF tidak ditemukan.")
        folder_keluaran = Path(folder_keluaran)
        folder_keluaran.mkdir(parents=True, exist_ok=True)
        kelompok: dict[bytes, list[int]] = {}
        sendiri: list[int] = []
        stem = [b.stem for b in berkas]
        for i, b in enumerate(berkas):
            if stem.count(b.stem) > 1:  # same output name: keep today's order of overwriting
                sendiri.append(i)
                continue
            try:
                kelompok.setdefault(kunci_gabung(b), []).append(i)
            except TidakDapatDigabung:
                sendiri.append(i)
        hasil: dict[int, Path] = {}
        with folder_kerja(folder_keluaran, AWALAN_GABUNG) as tmp:
            gabungan: list[tuple[Path, str, list[int]]] = []
            for nomor, isi in enumerate(kelompok.values()):
                if len(isi) < 2:
                    sendiri += isi
                    continue
                docx = Path(tmp) / f"gabung-{nomor:03d}.docx"
                try:
                    token = gabung_docx([berkas[i] for i in isi], docx)
                except TidakDapatDigabung:
                    sendiri += isi
                    continue
                gabungan.append((docx, token, isi))
            if gabungan:
                pdfs = self._konversi_sekali(
                    [g[0] for g in gabungan], Path(tmp) / "pdf", pdfa,
                    filter_pdf=FILTER_PDFA_PENANDA if pdfa else FILTER_PDF_PENANDA,
                    jumlah=sum(len(g[2]) for g in gabungan),
                )  # fmt: skip
                for (_, token, isi), pdf in zip(gabungan, pdfs, strict=True):
                    tujuan = [folder_keluaran / f"{berkas[i].stem}.pdf" for i in isi]
                    hasil.update(zip(isi, pecah_pdf(pdf, token, tujuan), strict=True))
        if sendiri:
            sendiri.sort()
            pdfs = self.konversi([berkas[i] for i in sendiri], folder_keluaran, pdfa=pdfa)
            hasil.update(zip(sendiri, pdfs, strict=True))
        return [hasil[i] for i in range(len(berkas))]

    def _konversi_sekali(
        self,
        berkas: list[Path],
        folder_keluaran: Path,
        pdfa: bool,
        *,
        filter_pdf: str | None = None,
        jumlah: int | None = None,
    ) -> list[Path]:
        """Convert ``berkas`` (distinct stems) in one start; ``jumlah`` docs set the timeout."""
        folder_keluaran.mkdir(parents=True, exist_ok=True)
        with (
            self._kunci,
            _ProfilTerkunci(self.profil) as profil,
            folder_kerja(folder_keluaran, AWALAN_KERJA) as sementara,
        ):
            argumen = [
                f"-env:UserInstallation={profil.resolve().as_uri()}",
                "--headless",
                "--invisible",
                "--nologo",
                "--nodefault",
                "--nofirststartwizard",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                filter_pdf or (FILTER_PDFA if pdfa else FILTER_PDF),
                "--outdir",
                str(sementara),
                *[str(b.resolve()) for b in berkas],
            ]
            batas = self.batas_waktu + self.batas_per_berkas * (jumlah or len(berkas))
            proses = jalankan(
                Alat(
                    self.soffice,
                    "LibreOffice untuk membuat PDF",
                    PASANG_LIBREOFFICE,
                    tanpa_alat="pilih format docx",
                ),  # fmt: skip
                argumen,
                batas_waktu=batas,
                lingkungan={"FONTCONFIG_FILE": str(FONTS_CONF)},
                pesan_waktu_habis=(
                    f"LibreOffice tidak selesai dalam {batas:.0f} detik dan dihentikan; ulangi "
                    "dengan lebih sedikit berkas sekaligus."
                ),
            )
            keluaran = (proses.keluaran + proses.galat).decode("utf-8", "replace")
            kode = proses.kode
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

    Each converter keeps its own profile; the batch is split into equal contiguous parts. From
    ``ambang_gabung`` documents on (None: never) each part takes the merged path
    (:meth:`KonverterLibreOffice.konversi_gabung`).
    """

    def __init__(
        self,
        konverter: Sequence[KonverterLibreOffice],
        *,
        ambang_gabung: int | None = AMBANG_GABUNG,
    ) -> None:
        if not konverter:
            raise RenderError("KonverterParalel membutuhkan paling sedikit satu konverter.")
        profil = [k.profil.resolve() for k in konverter]
        if len(set(profil)) != len(profil):
            raise RenderError(
                "Konverter paralel tidak boleh berbagi folder profil LibreOffice; beri setiap "
                "konverter foldernya sendiri."
            )
        self.konverter = list(konverter)
        self.ambang_gabung = ambang_gabung

    @classmethod
    def buat(
        cls,
        pekerja: int | None = None,
        *,
        soffice: str = "soffice",
        folder_profil: Path | None = None,
        batas_waktu: float = 120.0,
        ambang_gabung: int | None = AMBANG_GABUNG,
    ) -> KonverterParalel:
        """Return a converter with ``pekerja`` workers (the number of cores by default)."""
        pekerja = max(1, pekerja or os.cpu_count() or 1)
        dasar = Path(folder_profil) if folder_profil else Path(tempfile.gettempdir())
        return cls([
            KonverterLibreOffice(soffice, dasar / f"naskah-soffice-{os.getuid()}-{i}", batas_waktu)
            for i in range(pekerja)
        ], ambang_gabung=ambang_gabung)  # fmt: skip

    def konversi(
        self,
        berkas: Sequence[Path],
        folder_keluaran: Path,
        *,
        pdfa: bool = True,
        gabung: bool | None = None,
    ) -> list[Path]:
        """Convert ``berkas``; return the PDFs in the order of ``berkas``.

        ``gabung`` forces the merged path on or off; by default it is taken from
        ``ambang_gabung`` documents on.
        """
        berkas = [Path(b) for b in berkas]
        if gabung is None:
            gabung = self.ambang_gabung is not None and len(berkas) >= self.ambang_gabung
        n = min(len(self.konverter), len(berkas))
        if n <= 1:
            k = self.konverter[0]
            return (k.konversi_gabung if gabung else k.konversi)(berkas, folder_keluaran, pdfa=pdfa)
        ukuran = -(-len(berkas) // n)
        bagian = [berkas[i * ukuran : (i + 1) * ukuran] for i in range(n)]
        with ThreadPoolExecutor(max_workers=n) as pool:
            hasil = list(pool.map(
                lambda kb: (kb[0].konversi_gabung if gabung else kb[0].konversi)(
                    kb[1], folder_keluaran, pdfa=pdfa
                ),
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
            tmp = Path(tempfile.gettempdir())
            bersihkan_sisa(tmp, AWALAN_PROFIL_CADANGAN)
            self._cadangan = tempfile.mkdtemp(
                prefix=f"{AWALAN_PROFIL_CADANGAN}{os.getpid()}-", dir=tmp
            )
            return Path(self._cadangan)
        self._fd = fd
        return self.profil

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
        if self._cadangan:
            shutil.rmtree(self._cadangan, ignore_errors=True)


def _pdf_sah(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False


def info_pdfa(path: Path) -> tuple[str | None, str | None]:
    """Return the PDF/A part and conformance declared in a PDF's XMP (``("2", "B")``)."""
    from xml.parsers.expat import ExpatError

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        xmp = PdfReader(str(path)).xmp_metadata
    except (OSError, PyPdfError, KeyError, ValueError, TypeError, ExpatError):
        # a broken PDF simply declares nothing
        return None, None
    if xmp is None:
        return None, None
    ns = "http://www.aiim.org/pdfa/ns/id/"
    return _xmp_nilai(xmp, ns, "part"), _xmp_nilai(xmp, ns, "conformance")


def _xmp_nilai(xmp, ns: str, nama: str) -> str | None:
    for desc in xmp.rdf_root.getElementsByTagNameNS(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "Description"
    ):
        if desc.hasAttributeNS(ns, nama):
            return desc.getAttributeNS(ns, nama)
        for el in desc.getElementsByTagNameNS(ns, nama):
            if el.firstChild is not None:
                return el.firstChild.nodeValue
    return None


# -- document metadata (Info, XMP and the naskah signer record) ---------------------------------


def tulis_metadata(pdf: Path, meta: MetadataPdf) -> Path:
    """Write title, subject, author and the signer record into ``pdf``, atomically.

    The Info dictionary and the XMP packet say the same (as PDF/A requires); the converter's
    PDF/A identification, producer and dates are kept, and the naskah record is declared with a
    PDF/A extension schema (:mod:`naskah.catatan_ttd`). The file is rewritten whole (pypdf's
    incremental mode writes a cross-reference stream qpdf complains about), keeping its header
    version and file identifier.
    """
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError
    from pypdf.generic import DecodedStreamObject, NameObject, TextStringObject

    pdf = Path(pdf)
    try:
        data = pdf.read_bytes()
        reader = PdfReader(io.BytesIO(data))
        akar = reader.root_object
        lama = akar["/Metadata"].get_object().get_data() if "/Metadata" in akar else None  # type: ignore[union-attr]
        writer = PdfWriter(clone_from=reader)
        writer.pdf_header = reader.pdf_header
        xmp = DecodedStreamObject()
        xmp.set_data(buat_xmp(meta, lama))
        xmp.update({NameObject("/Type"): NameObject("/Metadata")})
        xmp[NameObject("/Subtype")] = NameObject("/XML")
        writer.root_object[NameObject("/Metadata")] = writer._add_object(xmp)
        # Info equal to the XMP: the converter's entries, title/subject/author from ``meta``
        info = {k: v for k, v in (reader.metadata or {}).items() if k != "/Author"}
        for kunci, nilai in (
            ("/Title", meta.judul),
            ("/Subject", meta.subjek),
            ("/Author", meta.penulis),  # the DOCX's "python-docx" is nobody
        ):
            if nilai:
                info[kunci] = TextStringObject(nilai)
        writer.metadata = info
        keluaran = io.BytesIO()
        writer.write(keluaran)
    except (OSError, PyPdfError, KeyError, ValueError) as exc:
        raise RenderError(
            f"Metadata PDF {pdf.name} tidak dapat ditulis ({type(exc).__name__}); render ulang "
            "berkas itu."
        ) from None
    tulis_bytes(pdf, keluaran.getvalue(), galat=RenderError)
    return pdf
