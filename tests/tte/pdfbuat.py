"""Test PDFs made from scratch: plain pages, the [[TTE]] marker, the naskah signer record,
encrypted, hybrid xref."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pypdf
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)

from naskah.catatan_ttd import CatatanNaskah, MetadataPdf, Pihak, buat_xmp

PEJABAT_UJI = Pihak(
    nama="Budi Santoso",
    nama_lengkap="Dr. Budi Santoso, M.Pd.",
    nip="197003191997031001",
    jabatan="Kepala BPMP Provinsi Uji",
)
"""The test PKI's ``pejabat`` (its certificate carries no serialNumber: the name decides)."""
VERIFIKATOR_UJI = Pihak(
    nama="Siti Aminah", nama_lengkap="Siti Aminah, S.E.", jabatan="Kepala Subbagian Umum"
)
CATATAN_UJI = CatatanNaskah(
    jenis="surat_tugas",
    penandatangan=PEJABAT_UJI,
    nomor="0001/C7.99/KP.04.05/2026",
    verifikator=(VERIFIKATOR_UJI,),
    judul="Surat Tugas Nomor 0001/C7.99/KP.04.05/2026",
)
"""The record naskah would write into a document the test ``pejabat`` signs."""


def catatan_untuk(nama: str, nama_lengkap: str | None = None, **kw: object) -> CatatanNaskah:
    """Return a record naming another penandatangan (the name without titles)."""
    return CatatanNaskah(
        jenis="surat_tugas",
        penandatangan=Pihak(nama=nama, nama_lengkap=nama_lengkap or nama, **kw),  # type: ignore[arg-type]
    )


def _page_content(teks: str, penanda: tuple[float, float] | None) -> bytes:
    isi = [f"BT /F1 14 Tf 72 760 Td ({teks}) Tj ET"]
    isi.append("BT /F1 11 Tf 72 700 Td (Demikian untuk dilaksanakan.) Tj ET")
    if penanda is not None:
        x, y = penanda
        # Tiny white marker at the top-left corner of the reserved signature box.
        isi.append(f"q 1 1 1 rg BT /F1 1 Tf {x} {y} Td ([[TTE]]) Tj ET Q")
    return "\n".join(isi).encode("latin-1")


def buat_pdf(
    teks: str = "Surat Edaran Uji",
    *,
    halaman: int = 1,
    penanda: tuple[float, float] | None = None,
    penanda_di_halaman: int | None = None,
    catatan: CatatanNaskah | None = CATATAN_UJI,
) -> bytes:
    """Return a small PDF with text on each page, optionally the ``[[TTE]]`` marker and (by
    default) the signer record for the test ``pejabat``."""
    w = pypdf.PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    font_ref = w._add_object(font)
    target = halaman - 1 if penanda_di_halaman is None else penanda_di_halaman
    for i in range(halaman):
        page = w.add_blank_page(595, 842)
        stream = DecodedStreamObject()
        stream.set_data(_page_content(f"{teks} halaman {i + 1}", penanda if i == target else None))
        page[NameObject("/Contents")] = w._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})}
        )
    if catatan is not None:
        xmp = DecodedStreamObject()
        xmp.set_data(buat_xmp(MetadataPdf(judul=catatan.judul, catatan=catatan)))
        xmp[NameObject("/Type")] = NameObject("/Metadata")
        xmp[NameObject("/Subtype")] = NameObject("/XML")
        w.root_object[NameObject("/Metadata")] = w._add_object(xmp)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def tulis_pdf(path: Path, **kw: object) -> Path:
    path.write_bytes(buat_pdf(**kw))  # type: ignore[arg-type]
    return path


def buat_pdf_terenkripsi(path: Path) -> Path:
    r = pypdf.PdfReader(io.BytesIO(buat_pdf("Rahasia")))
    w = pypdf.PdfWriter(clone_from=r)
    w.encrypt(user_password="rahasia", owner_password="pemilik", algorithm="AES-128")
    with path.open("wb") as fh:
        w.write(fh)
    return path


def buat_pdf_hibrida(path: Path) -> Path:
    """Write a PDF whose trailer has /XRefStm: a classic xref table plus a hybrid xref stream.

    Objects 1-4 are listed in the classic table; object 5 (the page content) lives only in the
    cross-reference stream named by /XRefStm, as in files written by MS Word for PDF 1.4 readers.
    """
    content = b"BT /F1 14 Tf 72 760 Td (Berkas hibrida) Tj ET"
    objs: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>"
        ),
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        5: b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    }
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    # Hybrid cross-reference stream (object 6) describing object 5 (and itself).
    offsets[6] = len(out)
    rows = b""
    for num in (5, 6):
        rows += bytes([1]) + offsets[num].to_bytes(4, "big") + bytes([0])
    data = zlib.compress(rows)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /Index [5 2] /W [1 4 1] /Filter /FlateDecode "
        b"/Length %d >>\nstream\n" % len(data) + data + b"\nendstream\nendobj\n"
    )
    xref_pos = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n"
    for num in range(1, 5):
        out += b"%010d 00000 n \n" % offsets[num]
    out += b"trailer\n<< /Size 7 /Root 1 0 R /XRefStm %d >>\n" % offsets[6]
    out += b"startxref\n%d\n%%%%EOF\n" % xref_pos
    path.write_bytes(bytes(out))
    return path


def buat_pdf_libreoffice(folder: Path, teks: str) -> Path:  # pragma: no cover - used on demand
    """Convert a tiny DOCX to PDF with LibreOffice (slow: only for one realistic fixture)."""
    import subprocess

    import docx

    d = docx.Document()
    d.add_paragraph(teks)
    src = folder / "lo.docx"
    d.save(src)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return folder / "lo.pdf"


__all__ = [
    "ArrayObject",
    "NumberObject",
    "buat_pdf",
    "tulis_pdf",
    "buat_pdf_terenkripsi",
    "buat_pdf_hibrida",
    "buat_pdf_libreoffice",
]
