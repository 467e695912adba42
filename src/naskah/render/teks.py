"""The text layer of PDFs read by one poppler call, for the archive's index.

Extracting text with pypdf costs about 100 ms per certificate page here (it parses each file's
fonts again); copying the pages into one file with qpdf (pikepdf) and running poppler's
``pdftotext`` on it once costs about 7 ms per certificate. The copy also leaves a converted
document's structure tree behind, which poppler reads very slowly. The pages are cut back at
poppler's form feeds; a document's text is its pages stripped and joined by form feeds, as
:func:`naskah.arsip.isi.teks_pdf` returns it.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from naskah.errors import RenderError, ToolMissingError


def teks_halaman(pdf: Sequence[Path], *, batas_waktu: float = 300.0) -> tuple[list[str], list[int]]:
    """Return the text of every page of the PDFs ``pdf``, in order (one ``pdftotext`` call on a
    copy of their pages), and each file's number of pages."""
    import pikepdf

    jumlah: list[int] = []
    with tempfile.TemporaryDirectory(prefix="naskah-teks-") as tmp:
        gabung = Path(tmp) / "gabung.pdf"
        try:
            with pikepdf.new() as keluar:
                for p in pdf:
                    with pikepdf.open(p) as masuk:
                        keluar.pages.extend(masuk.pages)
                        jumlah.append(len(masuk.pages))
                keluar.save(gabung)
        except pikepdf.PdfError as exc:
            raise RenderError(f"PDF tidak dapat dibaca untuk diambil teksnya ({exc}).") from None
        try:
            r = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", str(gabung), "-"],
                capture_output=True, timeout=batas_waktu, check=False,
            )  # fmt: skip
        except FileNotFoundError:
            raise ToolMissingError(
                "pdftotext (poppler) tidak ditemukan; pasang dengan "
                "`sudo apt-get install poppler-utils`."
            ) from None
        except subprocess.TimeoutExpired:
            raise RenderError("pdftotext tidak selesai pada waktunya; ulangi.") from None
    if r.returncode != 0:
        raise RenderError("pdftotext gagal mengambil teks PDF; ulangi dengan --verbose.")
    halaman = r.stdout.decode("utf-8", "replace").split("\f")
    if len(halaman) < sum(jumlah):
        raise RenderError("Teks PDF tidak lengkap (halaman hilang); ulangi.")
    return halaman, jumlah


def teks_per_kelompok(halaman: Sequence[str], kelompok: Sequence[Sequence[int]]) -> list[str]:
    """Return each group's text: the pages of ``halaman`` it lists, stripped, joined by form
    feeds."""
    return ["\f".join(halaman[i].strip() for i in k) for k in kelompok]


def teks_banyak(pdf: Sequence[Path], *, batas_waktu: float = 300.0) -> list[str]:
    """Return the text layer of each PDF of ``pdf``, in order."""
    if not pdf:
        return []
    halaman, jumlah = teks_halaman(pdf, batas_waktu=batas_waktu)
    awal = [sum(jumlah[:i]) for i in range(len(jumlah))]
    return teks_per_kelompok(halaman, [range(a, a + n) for a, n in zip(awal, jumlah, strict=True)])
