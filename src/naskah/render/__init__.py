"""Rendering: document models → DOCX (docxtpl templates) → PDF/A (LibreOffice).

The package's parts: :mod:`~naskah.render.konteks` (template context from a model),
:mod:`~naskah.render.docx` (templates, images, DOCX output), :mod:`~naskah.render.flowchart`
(Graphviz flowcharts), :mod:`~naskah.render.pdf` (LibreOffice converters) and
:mod:`~naskah.render.templat` (the template checker). :func:`render_berkas` is the one verb the
CLI calls: many input files to DOCX and/or PDF, converting all PDFs in one batch.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from naskah.catatan_ttd import metadata_dokumen
from naskah.config import Konfigurasi
from naskah.errors import NaskahError, RenderError
from naskah.models import Dokumen, Sertifikat
from naskah.proses import folder_kerja
from naskah.render.docx import FOLDER_TEMPLAT, PerenderDocx, cari_templat
from naskah.render.docx import docx_untuk_pdf as salin_untuk_pdf
from naskah.render.flowchart import PenggambarAlur
from naskah.render.konteks import logo_contoh
from naskah.render.pdf import (
    Konverter,
    KonverterLibreOffice,
    KonverterParalel,
    info_pdfa,
    tulis_metadata,
)

FormatKeluaran = Literal["docx", "pdf", "semua"]


@dataclass(frozen=True)
class PermintaanRender:
    """What to produce from a batch of documents."""

    format: FormatKeluaran = "semua"
    """``docx``, ``pdf`` or ``semua`` (both)."""
    keluaran: Path | None = None
    """Output folder; each input's own folder when None."""
    templat: Path | None = None
    """Template folder overriding naskah.toml's render.templat."""
    pdfa: bool | None = None
    """PDF/A-2b; naskah.toml's render.pdfa when None."""
    catatan_tte: bool | None = None
    """Print the TTE footnote (naskah.toml's tte.catatan_kaki): the document is (to be) signed
    electronically. None: when the office signs electronically (naskah.toml names a key,
    ``[tte] p12`` or a PKCS#11 token), so the unsigned PDF and its signed copy read the same."""


@dataclass
class HasilRender:
    """The files written for one input document."""

    sumber: Path
    docx: Path | None = None
    pdf: Path | None = None
    berkas: list[Path] = field(default_factory=list)


def render_docx(
    dokumen: Dokumen | Sertifikat,
    tujuan: Path,
    *,
    konfigurasi: Konfigurasi | None = None,
    templat: Path | None = None,
    catatan_tte: bool = False,
    penggambar: PenggambarAlur | None = None,
    id_verifikasi: str | None = None,
) -> Path:
    """Render one document to the DOCX file ``tujuan`` and return its path."""
    perender = PerenderDocx(konfigurasi, templat=templat, penggambar=penggambar)
    return perender.render(dokumen, tujuan, catatan_tte=catatan_tte, id_verifikasi=id_verifikasi)


def id_verifikasi_baru() -> str:
    """Return a fresh unguessable URL-safe verification id (22 characters)."""
    return secrets.token_urlsafe(16)


def render_berkas(
    dokumen: Sequence[tuple[Path, Dokumen | Sertifikat]],
    permintaan: PermintaanRender,
    *,
    konfigurasi: Konfigurasi | None = None,
    konverter: Konverter | None = None,
    penggambar: PenggambarAlur | None = None,
    id_verifikasi: Sequence[str | None] | None = None,
) -> list[HasilRender]:
    """Render ``(source path, document)`` pairs; output names follow the source names.

    Every document gets one verification id, written into its PDF's signer record (signing
    and archiving take it from there) and printed in its QR codes: ``id_verifikasi[i]`` (the
    one ``naskah terbitkan`` gave the document when numbering it), a certificate's own, else a
    fresh one.

    DOCX files are rendered one by one; all PDFs are converted in one batch by ``konverter``
    (any :class:`Konverter`; LibreOffice with one worker per core when None). Documents
    come as they are: a certificate's participant sheet is read by the caller
    (:func:`naskah.peserta.lengkapi_peserta`).
    """
    konfigurasi = konfigurasi or Konfigurasi()
    perender = PerenderDocx(konfigurasi, templat=permintaan.templat, penggambar=penggambar)
    pdfa = konfigurasi.render.pdfa if permintaan.pdfa is None else permintaan.pdfa
    catatan_tte = (
        permintaan.catatan_tte
        if permintaan.catatan_tte is not None
        else (konfigurasi.tte.p12 is not None or konfigurasi.tte.pkcs11_pustaka is not None)
    )
    hasil: list[HasilRender] = []
    mau_pdf = permintaan.format in ("pdf", "semua")
    mau_docx = permintaan.format in ("docx", "semua")
    with folder_kerja(Path(tempfile.gettempdir()), "naskah-render-") as sementara:
        try:
            docx_untuk_pdf: list[tuple[HasilRender, Path, Path, Any, str]] = []
            diberikan = list(id_verifikasi or [None] * len(dokumen))
            if len(diberikan) != len(dokumen):
                raise RenderError("Jumlah id verifikasi tidak sama dengan jumlah naskah.")
            ids: list[str] = [
                i or getattr(dok, "id_verifikasi", None) or id_verifikasi_baru()
                for i, (_, dok) in zip(diberikan, dokumen, strict=True)
            ]
            for (sumber, dok), idv in zip(dokumen, ids, strict=True):
                folder = Path(permintaan.keluaran or Path(sumber).parent)
                h = HasilRender(sumber=Path(sumber))
                tujuan_docx = folder / f"{Path(sumber).stem}.docx"
                if mau_docx:
                    h.docx = perender.render(
                        dok, tujuan_docx, catatan_tte=catatan_tte, id_verifikasi=idv
                    )
                    h.berkas.append(h.docx)
                    docx_pdf = sementara / f"{len(hasil):04d}" / tujuan_docx.name
                    if mau_pdf:
                        salin_untuk_pdf(h.docx, docx_pdf)
                else:
                    docx_pdf = perender.render(
                        dok,
                        sementara / f"{len(hasil):04d}" / tujuan_docx.name,
                        catatan_tte=catatan_tte,
                        id_verifikasi=idv,
                    )
                    salin_untuk_pdf(docx_pdf, docx_pdf)
                if mau_pdf:
                    docx_untuk_pdf.append((h, docx_pdf, folder, dok, idv))
                hasil.append(h)
            if docx_untuk_pdf:
                konverter = konverter or KonverterParalel.buat()
                per_folder: dict[Path, list[tuple[HasilRender, Path, Any, str]]] = {}
                for h, d, folder, dok, idv in docx_untuk_pdf:
                    per_folder.setdefault(folder, []).append((h, d, dok, idv))
                for folder, isi in per_folder.items():
                    pdfs = konverter.konversi([b[1] for b in isi], folder, pdfa=pdfa)
                    for (h, _, dok, idv), pdf in zip(isi, pdfs, strict=True):
                        # each PDF (split from a merged batch or not) gets its own signer record
                        h.pdf = tulis_metadata(pdf, metadata_dokumen(
                            dok, idv, logo_contoh=logo_contoh(dok, konfigurasi)))  # fmt: skip
                        h.berkas.append(pdf)
        except NaskahError:
            raise
        except OSError as exc:
            raise RenderError(f"Berkas keluaran tidak dapat ditulis: {exc}.") from None
    return hasil


__all__ = [
    "FOLDER_TEMPLAT", "FormatKeluaran", "HasilRender", "Konverter", "KonverterLibreOffice",
    "KonverterParalel",
    "PenggambarAlur", "PerenderDocx", "PermintaanRender", "cari_templat", "info_pdfa",
    "id_verifikasi_baru", "render_berkas", "render_docx",
]  # fmt: skip
