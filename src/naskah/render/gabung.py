"""The merged batch path: many DOCX merged into one, converted once, the PDF split back.

This module owns the two halves around one LibreOffice conversion:

* :func:`gabung_docx` merges rendered DOCX files made from the same template (same styles,
  numbering, settings, theme, fonts and core properties: :func:`kunci_gabung`) into one DOCX.
  Each document keeps its own section (its paper, margins, footers and first-page footer) that
  starts on a new page with page numbering restarting at 1, exactly as when it is alone. Each
  document's first paragraph carries a bookmark with a per-merge random name; LibreOffice exports
  the bookmarks as PDF named destinations (:data:`FILTER_PDFA_PENANDA`), which give each
  document's first page without adding any text to the page.
* :func:`pecah_pdf` finds those destinations, refuses a PDF where they are not exactly one per
  merged document on strictly increasing pages, and writes one PDF per document with the merged
  PDF's PDF/A identity: the XMP metadata stream, the output intent (ICC profile), the language,
  the Info dictionary (equal to the XMP: same Producer, Creator, dates) and the PDF version.

A DOCX that uses something a merge cannot carry faithfully (footnotes, comments, headers or
footers with their own relationships, a total-page-count field, relationships other than
images and hyperlinks) is reported by :func:`kunci_gabung` as not mergeable; the caller converts
it on its own.
"""

from __future__ import annotations

import copy
import hashlib
import posixpath
import re
import secrets
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from naskah.berkas import tulis_atomik
from naskah.errors import RenderError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
RT_GAMBAR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
RT_TAUTAN = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
RT_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
RT_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
CT_FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
CT_HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"

FILTER_PDFA_PENANDA = (
    'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
    '"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)
"""PDF/A-2b export that also writes the DOCX bookmarks as PDF named destinations."""
FILTER_PDF_PENANDA = (
    'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)

# Parts that must be byte-identical for documents to share one merged DOCX: they apply to the
# whole document (styles, lists, compatibility settings, theme fonts, core properties → XMP).
_BAGIAN_BERSAMA = re.compile(
    r"^(word/(styles|stylesWithEffects|numbering|settings|fontTable|webSettings)\.xml"
    r"|word/theme/[^/]+\.xml|docProps/core\.xml)$"
)
# Parts whose presence means the document cannot be merged faithfully.
_BAGIAN_TERLARANG = re.compile(r"^word/(footnotes|endnotes|comments|glossary/)")
# Fields that count the pages of the whole file: wrong in a merged document.
_FIELD_TOTAL = re.compile(rb"\b(NUMPAGES|DOCPROPERTY\s+Pages)\b")
# Children of w:sectPr, in schema order (CT_SectPr), to insert new ones in the right place.
_URUTAN_SECTPR = [
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
    "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
    "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings",
    "sectPrChange",
]  # fmt: skip


def _w(nama: str) -> str:
    return f"{{{W}}}{nama}"


class TidakDapatDigabung(RenderError):  # the name says what happened
    """A DOCX uses something a merge cannot carry faithfully; convert it on its own.

    The converters catch it and take the separate path; ``berkas`` and ``alasan`` say which
    file and why (for a log), the message is a whole Indonesian sentence.
    """

    def __init__(self, berkas: str, alasan: str) -> None:
        super().__init__(
            f"Berkas {berkas} tidak dapat digabung dengan naskah lain ({alasan}); ubah berkas "
            "itu ke PDF secara terpisah."
        )
        self.berkas = berkas
        self.alasan = alasan


def kunci_gabung(berkas: Path) -> bytes:
    """Return the key of the documents ``berkas`` can be merged with (same template parts).

    Raises :class:`TidakDapatDigabung` when the file cannot be merged faithfully.
    """
    try:
        with zipfile.ZipFile(berkas) as z:
            h = hashlib.sha256()
            for nama in sorted(z.namelist()):
                if _BAGIAN_TERLARANG.match(nama):
                    raise TidakDapatDigabung(berkas.name, f"memuat {nama}")
                if re.match(r"^word/(header|footer)[0-9]*\.xml$", nama):
                    if f"word/_rels/{posixpath.basename(nama)}.rels" in z.namelist():
                        raise TidakDapatDigabung(berkas.name, f"{nama} punya relasi")
                    if _FIELD_TOTAL.search(z.read(nama)):
                        raise TidakDapatDigabung(berkas.name, f"{nama} memuat NUMPAGES")
                if _BAGIAN_BERSAMA.match(nama):
                    h.update(nama.encode() + b"\0" + z.read(nama) + b"\0")
            if _FIELD_TOTAL.search(z.read("word/document.xml")):
                raise TidakDapatDigabung(berkas.name, "memuat NUMPAGES")
            return h.digest()
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise TidakDapatDigabung(berkas.name, f"bukan DOCX yang utuh: {exc}") from None


class _Gabungan:
    """The merged package being built: the first document's parts plus everyone's body."""

    def __init__(self, pertama: zipfile.ZipFile) -> None:
        self.dasar = pertama
        self.rels = etree.fromstring(pertama.read("word/_rels/document.xml.rels"))
        self.ct = etree.fromstring(pertama.read("[Content_Types].xml"))
        self.dokumen = etree.fromstring(pertama.read("word/document.xml"))
        self.body = self.dokumen.find(_w("body"))
        # Parts re-added through the merge (pictures, footers, headers, links) are dropped from
        # the first document's package and its relationships, then added again, deduplicated.
        self.buang: set[str] = set()
        for rel in list(self.rels):
            if rel.get("Type") in (RT_GAMBAR, RT_TAUTAN, RT_FOOTER, RT_HEADER):
                if rel.get("TargetMode") != "External":
                    self.buang.add(posixpath.normpath(posixpath.join("word", rel.get("Target"))))
                self.rels.remove(rel)
        for ov in list(self.ct):
            if ov.get("PartName", "").lstrip("/") in self.buang:
                self.ct.remove(ov)
        for child in list(self.body):
            self.body.remove(child)
        self.bagian_baru: dict[str, bytes] = {}
        self._per_isi: dict[tuple[str, bytes], str] = {}
        self._rid = 0
        self._id_bookmark = 0
        self._id_docpr = 0
        self._ekstensi = {
            d.get("Extension", "").lower() for d in self.ct if d.tag == f"{{{CT}}}Default"
        }

    def _rid_baru(self) -> str:
        self._rid += 1
        return f"rIdNsk{self._rid}"

    def _tambah_relasi(self, jenis: str, target: str, eksternal: bool = False) -> str:
        rid = self._rid_baru()
        el = etree.SubElement(self.rels, f"{{{PR}}}Relationship")
        el.set("Id", rid)
        el.set("Type", jenis)
        el.set("Target", target)
        if eksternal:
            el.set("TargetMode", "External")
        return rid

    def relasi_bagian(self, jenis: str, data: bytes, ekstensi: str) -> str:
        """Return the relationship id of a part with content ``data`` (added once per content)."""
        kunci = (jenis, hashlib.sha1(data).digest())
        if kunci in self._per_isi:
            return self._per_isi[kunci]
        n = len(self.bagian_baru) + 1
        if jenis == RT_GAMBAR:
            target = f"media/nsk{n}.{ekstensi}"
            if ekstensi.lower() not in self._ekstensi:
                el = etree.SubElement(self.ct, f"{{{CT}}}Default")
                el.set("Extension", ekstensi)
                el.set("ContentType", _JENIS_GAMBAR.get(ekstensi.lower(), f"image/{ekstensi}"))
                self._ekstensi.add(ekstensi.lower())
        else:
            nama = "footer" if jenis == RT_FOOTER else "header"
            target = f"{nama}nsk{n}.xml"
            el = etree.SubElement(self.ct, f"{{{CT}}}Override")
            el.set("PartName", f"/word/{target}")
            el.set("ContentType", CT_FOOTER if jenis == RT_FOOTER else CT_HEADER)
        self.bagian_baru[f"word/{target}"] = data
        rid = self._tambah_relasi(jenis, target)
        self._per_isi[kunci] = rid
        return rid

    def tambah(self, masukan: _Masukan, penanda: str, *, terakhir: bool) -> None:
        """Append one document's body in its own section, marked with the bookmark ``penanda``.

        Steps: unique bookmark and drawing ids, the start bookmark, the document's own section
        (new page, numbering from 1), its relationships re-pointed at the merged package, and
        the section closing the document's last paragraph (the last document's closes the body).
        """
        self._id_unik(masukan.body)
        self._sisip_penanda(next(masukan.body.iter(_w("p"))), penanda)
        sectpr = _seksi_sendiri(masukan.sectpr)
        for el in [*masukan.anak, sectpr]:
            self._petakan(el, masukan)
        if terakhir:
            masukan.anak.append(sectpr)
        else:
            _tutup_seksi(masukan.anak[-1], sectpr)
        self.body.extend(masukan.anak)

    def _id_unik(self, body: etree._Element) -> None:
        """Renumber bookmarks (unique across the merge) and drawings (docPr, for Word)."""
        peta_id: dict[str | None, str] = {}
        for el in body.iter(_w("bookmarkStart"), _w("bookmarkEnd")):
            lama = el.get(_w("id"))
            if lama not in peta_id:
                self._id_bookmark += 1
                peta_id[lama] = str(self._id_bookmark)
            el.set(_w("id"), peta_id[lama])
        for el in body.iter(f"{{{WP}}}docPr"):
            self._id_docpr += 1
            el.set("id", str(self._id_docpr))

    def _sisip_penanda(self, p: etree._Element, nama: str) -> None:
        """Put the bookmark ``nama`` at the very start of paragraph ``p`` (after its pPr)."""
        self._id_bookmark += 1
        awal = etree.Element(_w("bookmarkStart"))
        awal.set(_w("id"), str(self._id_bookmark))
        awal.set(_w("name"), nama)
        akhir = etree.Element(_w("bookmarkEnd"))
        akhir.set(_w("id"), str(self._id_bookmark))
        ppr = p.find(_w("pPr"))
        posisi = 0 if ppr is None else p.index(ppr) + 1
        p.insert(posisi, akhir)
        p.insert(posisi, awal)

    def _petakan(self, el: etree._Element, masukan: _Masukan) -> None:
        """Re-point every relationship id under ``el`` at a relationship of the merged file."""
        for node in el.iter():
            for atribut, nilai in node.attrib.items():
                if atribut.startswith(f"{{{R}}}"):
                    node.set(atribut, self._relasi_dari(masukan, nilai))

    def _relasi_dari(self, masukan: _Masukan, rid: str) -> str:
        """Return the merged file's relationship id for ``masukan``'s relationship ``rid``."""
        rel = masukan.rels.get(rid)
        if rel is None:
            raise TidakDapatDigabung(masukan.nama, f"relasi {rid} tidak ada")
        jenis = rel.get("Type", "")
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            if jenis not in (RT_TAUTAN, RT_GAMBAR):
                raise TidakDapatDigabung(masukan.nama, f"relasi luar {jenis}")
            return self._tambah_relasi(jenis, target, eksternal=True)
        if jenis not in (RT_GAMBAR, RT_FOOTER, RT_HEADER):
            raise TidakDapatDigabung(masukan.nama, f"relasi {jenis}")
        bagian = posixpath.normpath(posixpath.join("word", target))
        return self.relasi_bagian(jenis, masukan.zip.read(bagian), bagian.rsplit(".", 1)[-1])

    def tulis(self, tujuan: Path) -> None:
        """Write the merged package to ``tujuan``."""
        with zipfile.ZipFile(tujuan, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            for info in self.dasar.infolist():
                n = info.filename
                if n in self.buang or n in (
                    "word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml",
                ):  # fmt: skip
                    continue
                z.writestr(info, self.dasar.read(n))
            z.writestr(
                "[Content_Types].xml",
                etree.tostring(self.ct, xml_declaration=True, encoding="UTF-8", standalone=True),
            )
            z.writestr(
                "word/_rels/document.xml.rels",
                etree.tostring(self.rels, xml_declaration=True, encoding="UTF-8", standalone=True),
            )
            z.writestr(
                "word/document.xml",
                etree.tostring(
                    self.dokumen, xml_declaration=True, encoding="UTF-8", standalone=True
                ),
            )
            for n, data in self.bagian_baru.items():
                z.writestr(n, data)


class _Masukan:
    """One document to merge: its body's children without the final sectPr, and that sectPr."""

    def __init__(self, nama: str, z: zipfile.ZipFile, body: etree._Element,
                 rels: dict[str, etree._Element]) -> None:  # fmt: skip
        self.nama = nama
        self.zip = z
        self.body = body
        self.rels = rels
        self.anak = list(body)
        sectpr = self.anak.pop() if self.anak and self.anak[-1].tag == _w("sectPr") else None
        if sectpr is None or not self.anak or self.anak[-1].tag != _w("p"):
            raise TidakDapatDigabung(nama, "tidak diakhiri paragraf dan pengaturan halaman")
        self.sectpr: etree._Element = sectpr

    @classmethod
    def baca(cls, nama: str, z: zipfile.ZipFile) -> _Masukan:
        """Read the main document and its relationships from the DOCX ``z``."""
        dok = etree.fromstring(z.read("word/document.xml"))
        body = dok.find(_w("body"))
        if body is None:
            raise TidakDapatDigabung(nama, "tidak ada w:body")
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        return cls(nama, z, body, {r.get("Id", ""): r for r in rels})


def _seksi_sendiri(sectpr: etree._Element) -> etree._Element:
    """Return a copy of ``sectpr`` starting on a new page, numbered from 1 unless it says."""
    sectpr = copy.deepcopy(sectpr)
    jenis = etree.Element(_w("type"))
    jenis.set(_w("val"), "nextPage")
    _sisip_sectpr(sectpr, jenis)
    nomor = sectpr.find(_w("pgNumType"))
    if nomor is None:
        nomor = etree.Element(_w("pgNumType"))
        _sisip_sectpr(sectpr, nomor)
    if nomor.get(_w("start")) is None:
        nomor.set(_w("start"), "1")
    return sectpr


def _tutup_seksi(p: etree._Element, sectpr: etree._Element) -> None:
    """Make ``sectpr`` the section that ends with paragraph ``p`` (in its pPr)."""
    ppr = p.find(_w("pPr"))
    if ppr is None:
        ppr = etree.Element(_w("pPr"))
        p.insert(0, ppr)
    lama = ppr.find(_w("sectPr"))
    if lama is not None:
        ppr.remove(lama)
    # CT_PPr: sectPr comes after rPr, before pPrChange
    ubah = ppr.find(_w("pPrChange"))
    if ubah is not None:
        ubah.addprevious(sectpr)
    else:
        ppr.append(sectpr)


_JENIS_GAMBAR = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png",
                 "gif": "image/gif", "svg": "image/svg+xml", "emf": "image/x-emf",
                 "wmf": "image/x-wmf", "tif": "image/tiff", "tiff": "image/tiff"}  # fmt: skip


def _sisip_sectpr(sectpr: etree._Element, anak: etree._Element) -> None:
    """Insert ``anak`` into ``sectpr`` at its schema position, replacing one of the same name."""
    nama = etree.QName(anak).localname
    lama = sectpr.find(_w(nama))
    if lama is not None:
        sectpr.replace(lama, anak)
        return
    sesudah = set(_URUTAN_SECTPR[_URUTAN_SECTPR.index(nama) + 1 :])
    for el in sectpr:
        if etree.QName(el).localname in sesudah:
            el.addprevious(anak)
            return
    sectpr.append(anak)


def nama_penanda(token: str, i: int) -> str:
    """Return the bookmark name marking the start of merged document ``i``."""
    return f"NSK{token}D{i:05d}"


def gabung_docx(berkas: Sequence[Path], tujuan: Path) -> str:
    """Merge ``berkas`` (same :func:`kunci_gabung`) into the DOCX ``tujuan``; return its token.

    The token names the bookmarks that :func:`pecah_pdf` looks for. Raises
    :class:`TidakDapatDigabung` when a file cannot be merged faithfully.
    """
    if not berkas:
        raise RenderError("Tidak ada berkas DOCX untuk digabung; sebutkan paling sedikit satu.")
    token = secrets.token_hex(4).upper()
    zips = [zipfile.ZipFile(b) for b in berkas]
    try:
        g = _Gabungan(zips[0])
        for i, (b, z) in enumerate(zip(berkas, zips, strict=True)):
            g.tambah(_Masukan.baca(b.name, z), nama_penanda(token, i), terakhir=i == len(zips) - 1)
        g.tulis(tujuan)
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise TidakDapatDigabung(tujuan.name, f"isi DOCX tidak sah: {exc}") from None
    finally:
        for z in zips:
            z.close()
    return token


def halaman_awal(pdf: Path, token: str, jumlah: int) -> list[int]:
    """Return the first page (0-based) of each of ``jumlah`` merged documents in ``pdf``.

    Raises :class:`RenderError` unless every document's marker is found exactly once, the first
    on the first page and the others on strictly increasing pages.
    """
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    return _halaman_awal(reader, token, jumlah, pdf)


def _halaman_awal(reader, token: str, jumlah: int, pdf: Path) -> list[int]:
    pola = re.compile(rf"^/?NSK{token}D(\d{{5}})$")
    awal: dict[int, int] = {}
    for nama, tujuan in reader.named_destinations.items():
        m = pola.match(str(nama))
        if m:
            awal[int(m.group(1))] = reader.get_destination_page_number(tujuan)
    halaman = [awal.get(i, -1) for i in range(jumlah)]
    n = len(reader.pages)
    sah = (
        len(awal) == jumlah
        and halaman[0] == 0
        and all(a < b for a, b in zip(halaman, halaman[1:], strict=False))
        and halaman[-1] < n
    )
    if not sah:
        raise RenderError(
            f"PDF gabungan {pdf.name} tidak dapat dipecah: ditemukan {len(awal)} awal dokumen "
            f"dari {jumlah} yang digabung; ubah setiap berkas ke PDF secara terpisah."
        )
    return halaman


def pecah_pdf(pdf: Path, token: str, tujuan: Sequence[Path]) -> list[Path]:
    """Split the merged ``pdf`` into one PDF per document, written atomically to ``tujuan``."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(str(pdf))
    awal = _halaman_awal(reader, token, len(tujuan), pdf)
    akhir = [*awal[1:], len(reader.pages)]
    akar = reader.root_object
    info: dict[str, Any] = dict(reader.metadata or {})
    hasil = []
    for a, b, path in zip(awal, akhir, tujuan, strict=True):
        w = PdfWriter()
        w.pdf_header = reader.pdf_header
        for nomor in range(a, b):
            w.add_page(reader.pages[nomor])
        # the PDF/A identity of the merged file: XMP, output intent (ICC), language
        for kunci in ("/Metadata", "/OutputIntents", "/Lang"):
            if kunci in akar:
                w.root_object[NameObject(kunci)] = akar.raw_get(kunci).clone(w)
        # Info equal to the XMP: the source's entries only (pypdf would add its own Producer)
        w.metadata = {k: v for k, v in info.items()}
        w.generate_file_identifiers()
        path = Path(path)
        with tulis_atomik(path, galat=RenderError) as sementara, open(sementara, "xb") as f:
            w.write(f)
        hasil.append(path)
    return hasil
