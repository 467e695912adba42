"""The text layer of many PDFs at once, for the archive (one poppler call per step).

Extracting text with pypdf costs about 100 ms per certificate page here (it parses each file's
fonts again); joining a step's PDFs into one file with qpdf (pikepdf) and running poppler's
``pdftotext`` on it once costs about 7 ms per certificate. The pages are cut back at poppler's
form feeds; each PDF's text is its pages stripped and joined by form feeds, as
:func:`naskah.arsip.isi.teks_pdf` returns it.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from naskah.errors import RenderError, ToolMissingError


def teks_banyak(pdf: Sequence[Path], *, batas_waktu: float = 300.0) -> list[str]:
    """Return the text layer of each PDF of ``pdf``, in order."""
    import pikepdf

    if not pdf:
        return []
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
    hasil: list[str] = []
    i = 0
    for n in jumlah:
        hasil.append("\f".join(h.strip() for h in halaman[i : i + n]))
        i += n
    if i > len(halaman):
        raise RenderError("Teks PDF tidak lengkap (halaman hilang); ulangi.")
    return hasil
