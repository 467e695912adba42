"""Build the first versions of naskah's .docx templates (run once; staff then edit the .docx).

Usage: ``python templates/_buat_templat.py`` (writes templates/keputusan/*.docx,
templates/surat/*.docx and templates/logo-placeholder.png next to this script).

The templates are ordinary Word documents with real paragraph styles (``Konsiderans``,
``Diktum``, ``Tanda Tangan``, ``Sel Butir 1`` …), so staff can change fonts, indents and spacing
in Word or LibreOffice Writer by editing a style. The Jinja tags follow docxtpl's syntax
(``{{ x }}``, ``{%p for … %}`` paragraph tags, ``{%tr … %}`` row tags). Labels (a., 1., KESATU)
come from the context: the templates never use Word's automatic numbering.

Every style, the document defaults and the theme name a font that resolves on Linux (Bookman
Old Style → TeX Gyre Bonum, Arial → Liberation Sans), so that no DejaVu substitute appears in a
PDF.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from naskah.render.konteks import KOLOM_SP_CM

SINI = Path(__file__).resolve().parent
BOOKMAN = "Bookman Old Style"
ARIAL = "Arial"

# Horizontal positions (cm from the left margin) of the hanging lists of a decree.
KOLOM_TITIK_DUA = 3.5  # the colon after Menimbang/Mengingat/KESATU
KOLOM_LABEL = 4.0  # a., 1. and the diktum text
KOLOM_TEKS = 4.8  # text after a label
INDEN_TTD = 7.5  # the signature block (8.5 cm wide: names with titles fit on one line)
INDEN_KEPALA_LAMPIRAN = 8.0  # the lampiran heading block
LEBAR_LOGO_SEL = 2.8  # the kop's logo cell; the logo (21 mm high) and the cell margins fit in it
MARGIN_SEL_CM = 0.19  # a table cell's default left/right margin (108 twips)
BAHASA = "id-ID"  # the language of every style (spell checking; nothing is hyphenated)


# --- low-level helpers ------------------------------------------------------------------------


def _gaya(doc, nama, *, dasar="Normal", ukuran=None, tebal=None, rata=None, kiri=None,
          gantung=None, tab=(), sebelum=None, sesudah=None, miring=None, warna=None,
          spasi_tepat=None, jaga_berikut=None, utuh=None, spasi=None):  # fmt: skip
    """Add (or update) a paragraph style and return it (``utuh``: lines kept together)."""
    try:
        st = doc.styles[nama]
    except KeyError:
        st = doc.styles.add_style(nama, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = doc.styles[dasar]
    st.quick_style = True
    pf = st.paragraph_format
    if ukuran:
        st.font.size = Pt(ukuran)
    if tebal is not None:
        st.font.bold = tebal
    if miring is not None:
        st.font.italic = miring
    if warna is not None:
        st.font.color.rgb = warna
    if rata is not None:
        pf.alignment = rata
    if kiri is not None:
        pf.left_indent = Cm(kiri)
    if gantung is not None:
        pf.first_line_indent = Cm(-gantung)
    for t in tab:
        pf.tab_stops.add_tab_stop(Cm(t))
    if sebelum is not None:
        pf.space_before = Pt(sebelum)
    if sesudah is not None:
        pf.space_after = Pt(sesudah)
    if spasi is not None:
        pf.line_spacing = spasi
    if spasi_tepat is not None:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(spasi_tepat)
    if jaga_berikut is not None:
        pf.keep_with_next = jaga_berikut
    if utuh is not None:
        pf.keep_together = utuh
    return st


def _dokumen(font: str, ukuran: float, *, lanskap: bool = False, atas=2.0, bawah=2.0,
             kiri=3.0, kanan=2.0):  # fmt: skip
    """Return a new Document with the base font, A4 paper and margins set."""
    doc = Document()
    doc.core_properties.author = "naskah"
    doc.core_properties.title = ""
    doc.core_properties.comments = (
        "Templat naskah dinas (docxtpl); lihat templates/_buat_templat.py"
    )
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(ukuran)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    pf.widow_control = True
    _bahasa(normal)
    _tanpa_pemenggalan(normal)  # no automatic hyphenation anywhere (no autoHyphenation setting)
    sec = doc.sections[0]
    lebar, tinggi = Cm(21.0), Cm(29.7)
    if lanskap:
        sec.orientation = WD_ORIENT.LANDSCAPE
        lebar, tinggi = tinggi, lebar
    sec.page_width, sec.page_height = lebar, tinggi
    sec.top_margin, sec.bottom_margin = Cm(atas), Cm(bawah)
    sec.left_margin, sec.right_margin = Cm(kiri), Cm(kanan)
    sec.header_distance = Cm(1.0)
    sec.footer_distance = Cm(1.0)
    # The first (empty) paragraph of python-docx's default document is removed.
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


def _bahasa(gaya) -> None:
    """Mark style ``gaya`` as Indonesian (spell checking)."""
    rpr = gaya.element.get_or_add_rPr()
    for lama in rpr.findall(qn("w:lang")):
        rpr.remove(lama)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), BAHASA)
    lang.set(qn("w:eastAsia"), BAHASA)
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)


def _tanpa_pemenggalan(gaya) -> None:
    """Never hyphenate paragraphs of style ``gaya``.

    Legal text is never hyphenated (issue 21: the real decrees have no hyphenated words, and
    Word and LibreOffice hyphenate differently, so the DOCX and the PDF would disagree). The
    document has no automatic hyphenation at all; every style says so as well, for Word
    installations whose default turns it on.
    """
    ppr = gaya.element.get_or_add_pPr()
    for lama in ppr.findall(qn("w:suppressAutoHyphens")):
        ppr.remove(lama)
    ppr.append(OxmlElement("w:suppressAutoHyphens"))


def _p(wadah, teks: str = "", gaya: str | None = None, *, tebal=False, ukuran=None,
       rata=None, garis_bawah=False):  # fmt: skip
    """Add a paragraph holding ``teks`` in one run (docxtpl tags must stay in one run)."""
    p = wadah.add_paragraph(style=gaya)
    if teks:
        r = p.add_run(teks)
        if tebal:
            r.bold = True
        if ukuran:
            r.font.size = Pt(ukuran)
        if garis_bawah:
            r.underline = True
    if rata is not None:
        p.alignment = rata
    return p


def _tag(wadah, teks: str):
    """Add a paragraph holding only a docxtpl paragraph tag (``{%p … %}``)."""
    return _p(wadah, teks)


def _garis_bawah_ganda(p) -> None:
    """Give paragraph ``p`` the kop's closing rule (thick-thin double line)."""
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bawah = OxmlElement("w:bottom")
    bawah.set(qn("w:val"), "thickThinSmallGap")
    bawah.set(qn("w:sz"), "24")
    bawah.set(qn("w:space"), "1")
    bawah.set(qn("w:color"), "000000")
    bdr.append(bawah)
    ppr.append(bdr)


def _lebar_tabel(tabel, lebar_cm: list[float], *, garis: bool, inden_cm: float = 0.0) -> None:
    """Fix the column widths (Word and LibreOffice both honour a fixed layout) and borders."""
    tbl = tabel._tbl
    tblpr = tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    tw = OxmlElement("w:tblW")
    tw.set(qn("w:w"), str(int(sum(lebar_cm) * 567)))
    tw.set(qn("w:type"), "dxa")
    for lama in tblpr.findall(qn("w:tblW")):
        tblpr.remove(lama)
    tblpr.append(tw)
    if inden_cm:
        ind = OxmlElement("w:tblInd")
        ind.set(qn("w:w"), str(int(inden_cm * 567)))
        ind.set(qn("w:type"), "dxa")
        tblpr.append(ind)
    borders = OxmlElement("w:tblBorders")
    for sisi in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{sisi}")
        el.set(qn("w:val"), "single" if garis else "nil")
        if garis:
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    tblpr.append(borders)
    grid = tbl.tblGrid
    for i, gc in enumerate(grid.findall(qn("w:gridCol"))):
        gc.set(qn("w:w"), str(int(lebar_cm[i] * 567)))
    for row in tabel.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Cm(lebar_cm[i])


def _ulang_kepala(baris) -> None:
    """Repeat table row ``baris`` at the top of every page."""
    trpr = baris._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    trpr.append(el)
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)


def _arsir(cell, warna="D9D9D9") -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), warna)
    tcpr.append(shd)


def _isi_sel(cell, teks: str, gaya: str | None = None, **kw):
    """Put ``teks`` into the cell's existing first paragraph."""
    p = cell.paragraphs[0]
    if gaya:
        p.style = gaya
    if teks:
        r = p.add_run(teks)
        if kw.get("tebal"):
            r.bold = True
    if kw.get("rata") is not None:
        p.alignment = kw["rata"]
    return p


def _pemisah_halaman(wadah):
    p = wadah.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)
    return p


def _field(p, instr: str) -> None:
    """Append a simple field (PAGE) to paragraph ``p``."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    p._p.append(fld)


def _kaki_halaman(doc, *, nomor_halaman: bool) -> None:
    """Write the footers: page number from page 2 on, the optional TTE footnote on every page."""
    sec = doc.sections[0]
    sec.different_first_page_header_footer = True
    for kaki, bernomor in ((sec.first_page_footer, False), (sec.footer, nomor_halaman)):
        kaki.is_linked_to_previous = False
        badan = kaki._element
        for p in list(badan.iterchildren(qn("w:p"))):
            badan.remove(p)
        _tag(kaki, "{%p if catatan_kaki %}")
        _p(kaki, "{{ catatan_kaki }}", "Catatan Kaki TTE")
        _tag(kaki, "{%p endif %}")
        p = _p(kaki, "", "Footer", rata=WD_ALIGN_PARAGRAPH.CENTER)
        if bernomor:
            _field(p, "PAGE")


# --- shared blocks ----------------------------------------------------------------------------


def _gaya_umum(doc) -> None:
    for nama, tebal, ukuran in (("Kop Kementerian", None, 13), ("Kop Unit", True, 13),
                                ("Kop Alamat", None, 9)):  # fmt: skip
        _tanpa_pemenggalan(_gaya(doc, nama, ukuran=ukuran, tebal=tebal,
                                 rata=WD_ALIGN_PARAGRAPH.CENTER))  # fmt: skip
    _gaya(doc, "Kop Penutup", ukuran=4, sesudah=12)
    _tanpa_pemenggalan(_gaya(doc, "Judul Naskah", rata=WD_ALIGN_PARAGRAPH.CENTER,
                             jaga_berikut=True))  # fmt: skip
    _tanpa_pemenggalan(_gaya(doc, "Tanda Tangan", kiri=INDEN_TTD, jaga_berikut=True, utuh=True,
                             rata=WD_ALIGN_PARAGRAPH.LEFT))  # fmt: skip
    # "ttd." printed in place of the signature on a copy (SALINAN), and the copy block
    _gaya(doc, "Tanda Salinan", dasar="Tanda Tangan", sebelum=10, sesudah=10)
    _tanpa_pemenggalan(_gaya(doc, "Blok Salinan", jaga_berikut=True, utuh=True,
                             rata=WD_ALIGN_PARAGRAPH.LEFT))  # fmt: skip
    _gaya(doc, "Ruang Salinan", dasar="Blok Salinan", ukuran=2, spasi_tepat=2, sesudah=56)
    _gaya(doc, "Penanda TTE Salinan", dasar="Blok Salinan", ukuran=2, spasi_tepat=2, sesudah=56,
          warna=RGBColor(0xFF, 0xFF, 0xFF))  # fmt: skip
    _gaya(doc, "Penanda TTE", dasar="Tanda Tangan", ukuran=2, spasi_tepat=2, sesudah=68,
          warna=RGBColor(0xFF, 0xFF, 0xFF))  # fmt: skip
    _gaya(doc, "Ruang Tanda Tangan", dasar="Tanda Tangan", ukuran=2, spasi_tepat=2, sesudah=68)
    _gaya(doc, "Tanda TTE QR", dasar="Tanda Tangan", sebelum=4, sesudah=0)
    _gaya(doc, "Tanda TTE Teks", dasar="Tanda Tangan", ukuran=8, miring=True, sesudah=4)
    # "Tembusan:" never ends a page alone
    _gaya(doc, "Tembusan", sebelum=0, jaga_berikut=True)
    _gaya(doc, "Tembusan Butir", kiri=0.6, gantung=0.6, tab=(0.6,))
    _gaya(doc, "Catatan Kaki TTE", dasar="Footer", ukuran=7, miring=True,
          rata=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
    # Lists inside table cells (the Standar Pelayanan URAIAN) and in free lampiran text.
    for awal, ukuran in (("Sel", 11), ("Isi", None)):
        # left-aligned text needs no hyphenation (and URLs in it must not get hyphens); in a
        # table cell LibreOffice ignores widow/orphan control and keep-together, so the SP
        # table prints one row per item instead (see _sel_kelompok); the style still asks
        # Word to keep a cell paragraph whole
        _tanpa_pemenggalan(_gaya(doc, f"{awal} Teks", ukuran=ukuran, sesudah=2,
                                 rata=WD_ALIGN_PARAGRAPH.LEFT,
                                 utuh=True if awal == "Sel" else None))  # fmt: skip
        for tingkat in (1, 2, 3):
            kiri = 0.75 * tingkat
            _gaya(doc, f"{awal} Butir {tingkat}", dasar=f"{awal} Teks", kiri=kiri,
                  gantung=0.75, tab=(kiri,))  # fmt: skip
    # the last paragraph of free lampiran text stays with the closing signature block
    _gaya(doc, "Isi Teks Akhir", dasar="Isi Teks", jaga_berikut=True)
    for tingkat in (1, 2, 3):
        _gaya(doc, f"Isi Butir {tingkat} Akhir", dasar=f"Isi Butir {tingkat}", jaga_berikut=True)
    # a band of a flowchart: centred, no space around it and a 1 pt line (bands join up)
    _gaya(doc, "Sel Gambar", dasar="Sel Teks", ukuran=1, sesudah=0, sebelum=0,
          rata=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
    # a component's name (KOMPONEN column) never splits across pages
    _tanpa_pemenggalan(_gaya(doc, "Sel Label", dasar="Sel Teks", utuh=True))


def _kop(doc) -> None:
    """Write the kop: logo left, office name centred, closed by a double rule."""
    t = doc.add_table(rows=1, cols=2)
    _lebar_tabel(t, [LEBAR_LOGO_SEL, 16.0 - LEBAR_LOGO_SEL], garis=False)
    logo, teks = t.rows[0].cells
    _isi_sel(logo, "{{ logo }}", rata=WD_ALIGN_PARAGRAPH.CENTER)
    # each name is printed as balanced lines (one paragraph each, see render.pecah)
    p = teks.paragraphs[0]
    p.add_run("{%p for baris in kop.kementerian_baris %}")
    _p(teks, "{{ baris }}", "Kop Kementerian")
    _tag(teks, "{%p endfor %}")
    _tag(teks, "{%p for baris in kop.unit_utama_baris %}")
    _p(teks, "{{ baris }}", "Kop Kementerian")
    _tag(teks, "{%p endfor %}")
    _tag(teks, "{%p for baris in kop.unit_baris %}")
    _p(teks, "{{ baris }}", "Kop Unit")
    _tag(teks, "{%p endfor %}")
    _p(teks, "{{ kop.alamat }}", "Kop Alamat")
    _tag(teks, "{%p for baris in kop.kontak %}")
    _p(teks, "{{ baris }}", "Kop Alamat")
    _tag(teks, "{%p endfor %}")
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    logo.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    teks.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = _p(doc, "", "Kop Penutup")
    _garis_bawah_ganda(p)


def _tanda_tangan(doc, ttd: str, *, penanda_tte: bool, baris_tempat: list[str]) -> None:
    """Write a signature block at the right; the main one carries the [[TTE]] marker.

    On a copy (``ttd.tanda``, e.g. ``ttd.``) the mark replaces the signature space and the
    marker moves to the copy block, which the authenticating official signs.
    """
    p = _p(doc, "", "Tanda Tangan")
    p.paragraph_format.space_before = Pt(12)
    for baris in baris_tempat:
        _p(doc, baris, "Tanda Tangan")
    _tag(doc, f"{{%p for baris in {ttd}.jabatan %}}")
    _p(doc, "{{ baris }}", "Tanda Tangan")
    _tag(doc, "{%p endfor %}")
    _tag(doc, f"{{%p if {ttd}.tanda %}}")
    _p(doc, f"{{{{ {ttd}.tanda }}}}", "Tanda Salinan")
    _tag(doc, "{%p else %}")
    # The reserved space (about 170 x 70 pt) for the visible electronic signature and QR code;
    # the TTE code finds the marker's position in the PDF and draws the stamp from there.
    if penanda_tte:
        _p(doc, "[[TTE]]", "Penanda TTE")
    else:
        # the other blocks of a document signed electronically (a lampiran's) show the
        # document's QR code and say it was signed electronically by the name below; the one
        # cryptographic signature is the main block's (issue 21)
        _tag(doc, "{%p if tanda_tte %}")
        _tag(doc, "{%p if tanda_tte.qr %}")
        _p(doc, "{{ tanda_tte.qr }}", "Tanda TTE QR")
        _tag(doc, "{%p endif %}")
        _p(doc, "Ditandatangani secara elektronik oleh", "Tanda TTE Teks")
        _tag(doc, "{%p else %}")
        _p(doc, "", "Ruang Tanda Tangan")
        _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endif %}")
    # the block's last line does not keep with what follows (see _akhir_blok)
    _tag(doc, f"{{%p if {ttd}.nip %}}")
    _p(doc, f"{{{{ {ttd}.nama }}}}", "Tanda Tangan", tebal=True)
    _akhir_blok(_p(doc, f"NIP {{{{ {ttd}.nip }}}}", "Tanda Tangan"))
    _tag(doc, "{%p else %}")
    _akhir_blok(_p(doc, f"{{{{ {ttd}.nama }}}}", "Tanda Tangan", tebal=True))
    _tag(doc, "{%p endif %}")


def _akhir_blok(p) -> None:
    """Let paragraph ``p``, a block's last line, part from what follows it (direct formatting).

    The block's style keeps each line with the next; its last line kept with a page break (the
    next lampiran) would tie the whole block, and the diktum kept with it, to the next page.
    """
    p.paragraph_format.keep_with_next = False


def _blok_salinan(doc) -> None:
    """Write the copy block at the left ("Salinan sesuai dengan aslinya", jabatan, name, NIP).

    It carries the [[TTE]] marker: the authenticating official signs the copy.
    """
    _tag(doc, "{%p if blok_salinan %}")
    p = _p(doc, "{{ blok_salinan.keterangan }}", "Blok Salinan")
    p.paragraph_format.space_before = Pt(18)
    _tag(doc, "{%p for baris in blok_salinan.jabatan %}")
    _p(doc, "{{ baris }}", "Blok Salinan")
    _tag(doc, "{%p endfor %}")
    _p(doc, "[[TTE]]", "Penanda TTE Salinan")
    # the last line keeps with nothing (see _akhir_blok)
    _tag(doc, "{%p if blok_salinan.nama and blok_salinan.nip %}")
    _p(doc, "{{ blok_salinan.nama }}", "Blok Salinan", tebal=True)
    _akhir_blok(_p(doc, "NIP {{ blok_salinan.nip }}", "Blok Salinan"))
    _tag(doc, "{%p elif blok_salinan.nama %}")
    _akhir_blok(_p(doc, "{{ blok_salinan.nama }}", "Blok Salinan", tebal=True))
    _tag(doc, "{%p elif blok_salinan.nip %}")
    _akhir_blok(_p(doc, "NIP {{ blok_salinan.nip }}", "Blok Salinan"))
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endif %}")


def _tembusan(doc) -> None:
    _tag(doc, "{%p if tembusan %}")
    p = _p(doc, "Tembusan:", "Tembusan")
    p.paragraph_format.space_before = Pt(18)
    _tag(doc, "{%p for t in tembusan %}")
    _p(doc, "{{ t.label }}\t{{ t.teks }}", "Tembusan Butir")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")


def _baris_uraian(wadah, var: str, awal: str) -> None:
    """Write the loop printing flattened rich text (paragraphs, list items, tables, images)."""
    _tag(wadah, f"{{%p for b in {var} %}}")
    # ``b.akhir`` marks the last row before a closing block: it keeps with the block
    _tag(wadah, "{%p if b.tingkat == 0 and b.akhir %}")
    _p(wadah, "{{ b.teks }}", f"{awal} Teks Akhir")
    _tag(wadah, "{%p elif b.tingkat == 0 %}")
    _p(wadah, "{{ b.teks }}", f"{awal} Teks")
    for tingkat in (1, 2, 3):
        _tag(wadah, f"{{%p elif b.tingkat == {tingkat} and b.akhir %}}")
        _p(wadah, "{{ b.label }}\t{{ b.teks }}", f"{awal} Butir {tingkat} Akhir")
        _tag(wadah, f"{{%p elif b.tingkat == {tingkat} %}}")
        _p(wadah, "{{ b.label }}\t{{ b.teks }}", f"{awal} Butir {tingkat}")
    _tag(wadah, "{%p elif b.tingkat == 'tabel' %}")
    _p(wadah, "{{p b.tabel }}")
    _tag(wadah, "{%p elif b.tingkat == 'gambar' %}")
    _p(wadah, "{{ b.gambar }}", f"{awal} Teks", rata=WD_ALIGN_PARAGRAPH.CENTER)
    _tag(wadah, "{%p endif %}")
    _tag(wadah, "{%p endfor %}")


# --- keputusan --------------------------------------------------------------------------------


def _gaya_keputusan(doc) -> None:
    _gaya_umum(doc)
    tab = (KOLOM_TITIK_DUA, KOLOM_LABEL, KOLOM_TEKS)
    _tanpa_pemenggalan(_gaya(doc, "Konsiderans", kiri=KOLOM_TEKS, gantung=KOLOM_TEKS, tab=tab,
                              sesudah=2, rata=WD_ALIGN_PARAGRAPH.JUSTIFY))  # fmt: skip
    _gaya(doc, "Konsiderans Tunggal", dasar="Konsiderans", kiri=KOLOM_LABEL, gantung=KOLOM_LABEL)
    _tanpa_pemenggalan(_gaya(doc, "Diktum", kiri=KOLOM_LABEL, gantung=KOLOM_LABEL, tab=tab[:2],
                              sesudah=6, rata=WD_ALIGN_PARAGRAPH.JUSTIFY))  # fmt: skip
    _gaya(doc, "Diktum Butir 1", dasar="Diktum", kiri=KOLOM_TEKS, gantung=0.8, tab=(KOLOM_TEKS,),
          sesudah=2)  # fmt: skip
    _gaya(doc, "Diktum Butir 2", dasar="Diktum", kiri=KOLOM_TEKS + 0.8, gantung=0.8,
          tab=(KOLOM_TEKS + 0.8,), sesudah=2)  # fmt: skip
    # the Menetapkan line is in capitals: left-aligned, so justification never stretches the
    # gaps between its long capital words (issue 21)
    _tanpa_pemenggalan(_gaya(doc, "Menetapkan", dasar="Diktum", rata=WD_ALIGN_PARAGRAPH.LEFT))
    # the last diktum (or its last item) keeps with the signature block below it
    for nama in ("Diktum", "Diktum Butir 1", "Diktum Butir 2"):
        _gaya(doc, f"{nama} Akhir", dasar=nama, jaga_berikut=True)
    _tanpa_pemenggalan(_gaya(doc, "Salinan", tebal=True, sesudah=6))
    _gaya(doc, "Memutuskan", rata=WD_ALIGN_PARAGRAPH.CENTER, sebelum=12, sesudah=6)
    _tanpa_pemenggalan(_gaya(doc, "Kepala Lampiran", kiri=INDEN_KEPALA_LAMPIRAN, ukuran=11))
    _tanpa_pemenggalan(_gaya(doc, "Judul Lampiran", rata=WD_ALIGN_PARAGRAPH.CENTER, tebal=True,
                             jaga_berikut=True))  # fmt: skip
    _gaya(doc, "Judul Bagian", tebal=True, sebelum=12, sesudah=6, jaga_berikut=True)
    _gaya(doc, "Sel Kepala", ukuran=11, tebal=True, rata=WD_ALIGN_PARAGRAPH.CENTER)
    # the pieces of a long SP item, each in its own row (see _sel_uraian): "Rapat" ones have no
    # space after them, so the item reads as one paragraph; "Lanjut" ones start at its text
    _gaya(doc, "Sel Teks Rapat", dasar="Sel Teks", sesudah=0)
    for t in range(4):
        if t:
            _gaya(doc, f"Sel Butir {t} Rapat", dasar=f"Sel Butir {t}", sesudah=0)
        _gaya(doc, f"Sel Lanjut {t}", dasar="Sel Teks", kiri=0.75 * t, gantung=0)
        _gaya(doc, f"Sel Lanjut {t} Rapat", dasar=f"Sel Lanjut {t}", sesudah=0)
    # the paragraph a table must be followed by, 1 pt high: after a closing row that fills
    # the page it still fits there (an 11 pt one would print an empty last page)
    _gaya(doc, "Jarak Tabel", ukuran=1, spasi_tepat=1)


def _daftar_konsiderans(doc, nama: str, var: str) -> None:
    """Write Menimbang/Mengingat/Memperhatikan as aligned hanging paragraphs."""
    _tag(doc, f"{{%p for m in {var} %}}")
    _tag(doc, "{%p if m.label %}")
    _p(doc, f"{{% if loop.first %}}{nama}{{% endif %}}\t{{% if loop.first %}}:{{% endif %}}\t"
            "{{ m.label }}\t{{ m.teks }}",
       "Konsiderans")  # fmt: skip
    _tag(doc, "{%p else %}")
    _p(doc, f"{nama}\t:\t{{{{ m.teks }}}}", "Konsiderans Tunggal")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    _p(doc, "", "Konsiderans")


def _badan_keputusan(doc) -> None:
    _kop(doc)
    _tag(doc, "{%p if salinan %}")
    _p(doc, "SALINAN", "Salinan")
    _tag(doc, "{%p endif %}")

    def baris_seimbang(var: str) -> None:  # one paragraph per balanced line
        _tag(doc, f"{{%p for baris in {var} %}}")
        _p(doc, "{{ baris }}", "Judul Naskah")
        _tag(doc, "{%p endfor %}")

    _p(doc, "KEPUTUSAN", "Judul Naskah")
    baris_seimbang("judul.jabatan")
    for baris in ("NOMOR {{ nomor }}", "", "TENTANG"):
        _p(doc, baris, "Judul Naskah")
    baris_seimbang("judul.tentang")
    _p(doc, "", "Judul Naskah")
    baris_seimbang("judul.penetap")
    _p(doc, "", "Judul Naskah")
    _daftar_konsiderans(doc, "Menimbang", "menimbang")
    _daftar_konsiderans(doc, "Mengingat", "mengingat")
    _tag(doc, "{%p if memperhatikan %}")
    _daftar_konsiderans(doc, "Memperhatikan", "memperhatikan")
    _tag(doc, "{%p endif %}")
    _p(doc, "MEMUTUSKAN:", "Memutuskan")
    _p(doc, "Menetapkan\t:\t{{ menetapkan }}", "Menetapkan")
    _tag(doc, "{%p for d in diktum %}")
    _tag(doc, "{%p if d.akhir %}")
    _p(doc, "{{ d.label }}\t:\t{{ d.teks }}", "Diktum Akhir")
    _tag(doc, "{%p else %}")
    _p(doc, "{{ d.label }}\t:\t{{ d.teks }}", "Diktum")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for b in d.butir %}")
    for tingkat, syarat in ((1, "b.tingkat == 1"), (2, "b.tingkat != 1")):
        _tag(doc, f"{{%p {'if' if tingkat == 1 else 'elif'} {syarat} and b.akhir %}}")
        _p(doc, "{{ b.label }}\t{{ b.teks }}", f"Diktum Butir {tingkat} Akhir")
        _tag(doc, f"{{%p elif {syarat} %}}")
        _p(doc, "{{ b.label }}\t{{ b.teks }}", f"Diktum Butir {tingkat}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endfor %}")
    _tanda_tangan(
        doc,
        "ttd",
        penanda_tte=True,
        baris_tempat=["Ditetapkan di {{ ttd.kota }}", "pada tanggal {{ ttd.tanggal }}"],
    )
    _tembusan(doc)
    _blok_salinan(doc)


def _kepala_lampiran(doc) -> None:
    """Write a lampiran's heading block (top right) and its title, starting a new page.

    The heading's first line starts the page itself (page break before it): a separate
    page-break paragraph after a signature block that fills its page would print a blank
    page (issue 21).
    """
    for baris in ("{{ lp.kepala }}", "KEPUTUSAN {{ jabatan_penetap }}",
                  "NOMOR {{ nomor }}", "TANGGAL {{ tanggal_kapital }}", "TENTANG",
                  "{{ tentang }}"):  # fmt: skip
        p = _p(doc, baris, "Kepala Lampiran")
        if baris == "{{ lp.kepala }}":
            p.paragraph_format.page_break_before = True
    _p(doc, "", "Normal")
    _tag(doc, "{%p for baris in lp.judul_baris %}")
    _p(doc, "{{ baris }}", "Judul Lampiran")
    _tag(doc, "{%p endfor %}")
    _p(doc, "", "Normal")


def _sel_uraian(doc, cell, var: str, *, potong: bool = False) -> None:
    """Fill a URAIAN cell with the flattened rich text rows held in ``var`` (see konteks).

    With ``potong`` the cell may hold a piece of a long item (``b.potong``, see
    naskah.render.konteks.potong_butir): closed up to the piece before, at the text's indent.
    """
    cabang = []
    if potong:
        for t in range(4):
            awal = "Sel Teks" if t == 0 else f"Sel Butir {t}"
            isi = "{{ b.teks }}" if t == 0 else "{{ b.label }}\t{{ b.teks }}"
            lanjut = "{{ b.teks }}"
            cabang += [
                (f"b.potong == 'awal' and b.tingkat == {t}", isi, f"{awal} Rapat"),
                (f"b.potong == 'tengah' and b.tingkat == {t}", lanjut, f"Sel Lanjut {t} Rapat"),
                (f"b.potong == 'akhir' and b.tingkat == {t}", lanjut, f"Sel Lanjut {t}"),
            ]  # fmt: skip
    cabang.append(("b.tingkat == 0", "{{ b.teks }}", "Sel Teks"))
    cabang += [(f"b.tingkat == {t}", "{{ b.label }}\t{{ b.teks }}", f"Sel Butir {t}")
               for t in (1, 2, 3)]  # fmt: skip
    cabang += [("b.tingkat == 'tabel'", "{{p b.tabel }}", None),
               ("b.tingkat == 'gambar'", "{{ b.gambar }}", "Sel Gambar")]  # fmt: skip
    p = cell.paragraphs[0]
    p.style = doc.styles["Sel Teks"]
    p.add_run(f"{{%p for b in {var} %}}")
    for i, (syarat, isi, gaya) in enumerate(cabang):
        _tag(cell, f"{{%p {'if' if i == 0 else 'elif'} {syarat} %}}")
        _p(cell, isi, gaya)
    _tag(cell, "{%p endif %}")
    _tag(cell, "{%p endfor %}")


def _sel_komponen(doc, cells, var: str) -> None:
    """Fill the NO | KOMPONEN | URAIAN cells of one component held in ``var`` (one row)."""
    no, nama, uraian = cells
    _isi_sel(no, f"{{{{ {var}.no }}}}.", "Sel Teks", rata=WD_ALIGN_PARAGRAPH.CENTER)
    _isi_sel(nama, f"{{{{ {var}.nama }}}}", "Sel Label")
    _sel_uraian(doc, uraian, f"{var}.baris")


def _sel_kelompok(doc, cells) -> None:
    """Fill one table row of a component ``k``: its group of items ``r`` (see konteks).

    A component spans one row per item: NO and KOMPONEN are merged down its rows (vMerge), and
    no rule is drawn between its own rows, so it reads as one cell while pages break only
    between items.
    """
    no, nama, uraian = cells
    _isi_sel(no, "{% if r.pertama %}{{ k.no }}.{% endif %}", "Sel Teks",
             rata=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
    _isi_sel(nama, "{% if r.pertama %}{{ k.nama }}{% endif %}", "Sel Label")
    _sel_uraian(doc, uraian, "r.baris", potong=True)
    for cell in cells:
        tcpr = cell._tc.get_or_add_tcPr()
        jangkar = tcpr.find(qn("w:tcW"))
        bdr = OxmlElement("w:tcBorders")
        for sisi, syarat in (("top", "r.pertama"), ("bottom", "r.terakhir")):
            el = OxmlElement(f"w:{sisi}")
            el.set(qn("w:val"), f"{{{{ 'single' if {syarat} else 'nil' }}}}")
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
            bdr.append(el)
        jangkar.addnext(bdr)
        if cell is not uraian:  # schema order: tcW, gridSpan, vMerge, tcBorders
            vm = OxmlElement("w:vMerge")
            vm.set(qn("w:val"), "{{ 'restart' if r.pertama else 'continue' }}")
            jangkar.addnext(vm)


def _sel_rincian(doc, cells, var: str) -> None:
    """Fill the two cells of one particular of an agreement held in ``var``."""
    nama, sel = cells
    _isi_sel(nama, f"{{{{ {var}.nama }}}}", "Sel Label", tebal=True)
    p = sel.paragraphs[0]
    p.style = doc.styles["Sel Teks"]
    p.add_run(f"{{%p for b in {var}.baris %}}")
    _tag(sel, "{%p if b.tingkat == 0 %}")
    _p(sel, "{{ b.teks }}", "Sel Teks")
    _tag(sel, "{%p else %}")
    _p(sel, "{{ b.label }}\t{{ b.teks }}", "Sel Butir 1")
    _tag(sel, "{%p endif %}")
    _tag(sel, "{%p endfor %}")


def _tanpa_bingkai(cell) -> None:
    """Remove the borders and the side/top margins of ``cell``."""
    tcpr = cell._tc.get_or_add_tcPr()
    bdr = OxmlElement("w:tcBorders")
    for sisi in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{sisi}")
        el.set(qn("w:val"), "nil")
        bdr.append(el)
    tcpr.append(bdr)
    mar = OxmlElement("w:tcMar")
    for sisi in ("top", "left", "right"):
        el = OxmlElement(f"w:{sisi}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tcpr.append(mar)


def _tak_terbelah(baris) -> None:
    """Forbid table row ``baris`` to break across pages."""
    baris._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _baris_penutup(doc, tabel, lebar: list[float], syarat: str, var: str, isi, ttd: str) -> None:
    """Add the closing row: the table's last data row and the signature block, unsplittable.

    LibreOffice ignores keep-with-next inside tables, so a signature block after a table can
    land alone on the next page. Here the last data row (``var``) is printed as a nested table
    in one borderless row that may not split, followed in the same cell by the signature
    block ``ttd``: the two always share a page. ``isi`` fills the nested row's cells.
    """
    buka = tabel.add_row()
    _isi_sel(buka.cells[0], f"{{%tr if {syarat} %}}")
    baris = tabel.add_row()
    sel = baris.cells[0].merge(baris.cells[-1])
    _tanpa_bingkai(sel)
    _tak_terbelah(baris)
    dalam = sel.add_table(rows=1, cols=len(lebar))
    _lebar_tabel(dalam, lebar, garis=True)
    # the row above (or the repeated heading on a new page) already draws the top rule
    atas = dalam._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top"))
    atas.attrib.clear()
    atas.set(qn("w:val"), "nil")
    isi(doc, dalam.rows[0].cells, var)
    tempat = f"{{{{ {ttd}.kota }}}}, {{{{ {ttd}.tanggal }}}}"
    _tanda_tangan(sel, ttd, penanda_tte=False, baris_tempat=[tempat])
    # drop the empty paragraphs python-docx leaves before and after the nested table
    for p in list(sel._tc.iterchildren(qn("w:p")))[:2]:
        if not "".join(t.text or "" for t in p.iter(qn("w:t"))):
            sel._tc.remove(p)
    tutup = tabel.add_row()
    _isi_sel(tutup.cells[0], "{%tr endif %}")


def _tabel_sp(doc) -> None:
    """Write the Standar Pelayanan: one NO | KOMPONEN | URAIAN table per part.

    The last part's last component is printed in the closing row with the signature block
    (``bagian.akhir``, see :func:`_baris_penutup`).
    """
    _tag(doc, "{%p if lp.sp %}")
    _tag(doc, "{%p for bagian in lp.sp.bagian %}")
    p = _p(doc, "{{ bagian.judul }}", "Judul Bagian")
    r = p.add_run("{% if bagian.judul_asing %} {{ bagian.judul_asing }}{% endif %}")
    r.italic = True
    lebar = list(KOLOM_SP_CM)
    t = doc.add_table(rows=4, cols=3)
    kepala = t.rows[0]
    _ulang_kepala(kepala)
    for cell, teks in zip(kepala.cells, ("NO", "KOMPONEN", "URAIAN"), strict=True):
        _isi_sel(cell, teks, "Sel Kepala")
        _arsir(cell)
    # One table row per item of a component (k.kelompok, see naskah.render.konteks): pages
    # break between items, never inside a short one (r.utuh rows may not split: LibreOffice
    # ignores widow/orphan control and keep-together in table cells); a long one still flows.
    tanda = ["{%tr for k in bagian.komponen %}", "{%tr for r in k.kelompok %}",
             "{%tr if r.utuh %}", None, "{%tr else %}", None, "{%tr endif %}",
             "{%tr endfor %}", "{%tr endfor %}"]  # fmt: skip
    for _ in range(len(tanda) - 3):
        t.add_row()
    _lebar_tabel(t, lebar, garis=True)
    for baris, tag in zip(t.rows[1:], tanda, strict=True):
        if tag:
            _isi_sel(baris.cells[0], tag)
        else:
            _sel_kelompok(doc, baris.cells)
    _tak_terbelah(t.rows[4])
    _baris_penutup(doc, t, lebar, "bagian.akhir", "bagian.akhir", _sel_komponen, "lp.ttd")
    _p(doc, "", "Jarak Tabel")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")


def _lampiran(doc, *, kerja_sama: bool = False) -> None:
    _tag(doc, "{%p for lp in lampiran %}")
    _kepala_lampiran(doc)
    _tabel_sp(doc)
    _tag(doc, "{%p for bg in lp.bagian %}")
    _tag(doc, "{%p if bg.judul %}")
    _p(doc, "{{ bg.judul }}", "Judul Bagian")
    _tag(doc, "{%p endif %}")
    _baris_uraian(doc, "bg.baris", "Isi")
    _tag(doc, "{%p endfor %}")
    if kerja_sama:
        _rincian_kerja_sama(doc)
    _tag(doc, "{%p if not lp.penutup_dalam_tabel %}")
    _tanda_tangan(
        doc, "lp.ttd", penanda_tte=False, baris_tempat=["{{ lp.ttd.kota }}, {{ lp.ttd.tanggal }}"]
    )
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")


def _rincian_kerja_sama(doc) -> None:
    """Write the cooperation's particulars (SK Kerja Sama only) as a two-column table."""
    _tag(doc, "{%p if lp.kerja_sama %}")
    lebar = [5.0, 11.0]
    t = doc.add_table(rows=3, cols=2)
    _lebar_tabel(t, lebar, garis=True)
    _isi_sel(t.rows[0].cells[0], "{%tr for r in kerja_sama.rincian %}")
    _sel_rincian(doc, t.rows[1].cells, "r")
    _isi_sel(t.rows[2].cells[0], "{%tr endfor %}")
    _baris_penutup(doc, t, lebar, "kerja_sama.akhir", "kerja_sama.akhir", _sel_rincian, "lp.ttd")
    _tag(doc, "{%p endif %}")


def buat_keputusan(tujuan: Path, *, kerja_sama: bool = False) -> None:
    """Write the keputusan template (or the SK Kerja Sama one) to ``tujuan``."""
    doc = _dokumen(BOOKMAN, 12)
    _gaya_keputusan(doc)
    _badan_keputusan(doc)
    _lampiran(doc, kerja_sama=kerja_sama)
    _kaki_halaman(doc, nomor_halaman=True)
    _simpan(doc, tujuan, BOOKMAN)


# --- buku standar pelayanan -------------------------------------------------------------------


def buat_standar_pelayanan(tujuan: Path) -> None:
    """Write the Standar Pelayanan booklet template: cover, kata pengantar, the standards."""
    doc = _dokumen(BOOKMAN, 12)
    _gaya_keputusan(doc)
    tengah = WD_ALIGN_PARAGRAPH.CENTER
    for nama, ukuran, tebal in (("Sampul Judul", 24, True), ("Sampul Baris", 14, None),
                                ("Sampul Unit", 14, True)):  # fmt: skip
        _tanpa_pemenggalan(_gaya(doc, nama, ukuran=ukuran, tebal=tebal, rata=tengah))
    _tanpa_pemenggalan(_gaya(doc, "Judul Kata Pengantar", ukuran=14, tebal=True, rata=tengah,
                             sesudah=18, jaga_berikut=True))  # fmt: skip
    # cover
    p = _p(doc, "", "Sampul Baris")
    p.paragraph_format.space_before = Pt(96)
    _p(doc, "{{ logo }}", "Sampul Baris")
    p = _p(doc, "", "Sampul Baris")
    p.paragraph_format.space_after = Pt(24)
    for var, gaya in (("sampul.judul", "Sampul Judul"), ("sampul.lingkungan", "Sampul Baris")):
        _tag(doc, f"{{%p for baris in {var} %}}")
        _p(doc, "{{ baris }}", gaya)
        _tag(doc, "{%p endfor %}")
    p = _p(doc, "", "Sampul Baris")
    p.paragraph_format.space_after = Pt(120)
    _tag(doc, "{%p for baris in kop.kementerian_baris %}")
    _p(doc, "{{ baris }}", "Sampul Baris")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for baris in kop.unit_baris %}")
    _p(doc, "{{ baris }}", "Sampul Unit")
    _tag(doc, "{%p endfor %}")
    _p(doc, "{{ sampul.tahun }}", "Sampul Unit")
    _pemisah_halaman(doc)
    # kata pengantar
    # the kata pengantar reads like the booklet's other prose: justified paragraphs with a
    # first-line indent and space between them (issue 21)
    rata = WD_ALIGN_PARAGRAPH.JUSTIFY
    _gaya(doc, "Pengantar Teks", dasar="Isi Teks", rata=rata, gantung=-1.0, sesudah=6,
          spasi=1.15)  # fmt: skip
    _gaya(doc, "Pengantar Teks Akhir", dasar="Pengantar Teks", jaga_berikut=True)
    for tingkat in (1, 2, 3):
        _gaya(doc, f"Pengantar Butir {tingkat}", dasar=f"Isi Butir {tingkat}", rata=rata,
              sesudah=4)  # fmt: skip
        _gaya(doc, f"Pengantar Butir {tingkat} Akhir", dasar=f"Pengantar Butir {tingkat}",
              jaga_berikut=True)  # fmt: skip
    _p(doc, "KATA PENGANTAR", "Judul Kata Pengantar")
    _baris_uraian(doc, "kata_pengantar", "Pengantar")
    _tanda_tangan(doc, "ttd", penanda_tte=True, baris_tempat=["{{ ttd.kota }}, {{ ttd.tanggal }}"])
    # the standards, each on a new page, each closed by its signature block
    _tag(doc, "{%p for lp in standar %}")
    _pemisah_halaman(doc)
    _tag(doc, "{%p for baris in lp.judul_baris %}")
    _p(doc, "{{ baris }}", "Judul Lampiran")
    _tag(doc, "{%p endfor %}")
    _p(doc, "", "Normal")
    _tabel_sp(doc)
    _tag(doc, "{%p endfor %}")
    _kaki_halaman(doc, nomor_halaman=True)
    _simpan(doc, tujuan, BOOKMAN)


# --- surat tugas ------------------------------------------------------------------------------


def buat_surat_tugas(tujuan: Path) -> None:
    """Write the surat tugas template to ``tujuan``."""
    doc = _dokumen(BOOKMAN, 12)
    _gaya_umum(doc)
    tab = (2.5, 3.0, 3.7)
    _tanpa_pemenggalan(_gaya(doc, "Konsiderans", kiri=3.7, gantung=3.7, tab=tab, sesudah=2,
                              rata=WD_ALIGN_PARAGRAPH.JUSTIFY))  # fmt: skip
    _gaya(doc, "Konsiderans Tunggal", dasar="Konsiderans", kiri=3.0, gantung=3.0)
    _gaya(doc, "Sel Kepala", ukuran=11, tebal=True, rata=WD_ALIGN_PARAGRAPH.CENTER)
    _kop(doc)
    _p(doc, "SURAT TUGAS", "Judul Naskah", tebal=True, garis_bawah=True)
    _p(doc, "NOMOR {{ nomor }}", "Judul Naskah")
    _p(doc, "")
    _daftar_konsiderans(doc, "Dasar", "dasar")
    _p(doc, "MEMBERI TUGAS", "Judul Naskah", tebal=True)
    _p(doc, "")
    _p(doc, "Kepada\t:", "Konsiderans")
    t = doc.add_table(rows=3, cols=4)
    # indented by the cell margin, so its borders stand on the text margins (issue 21)
    _lebar_tabel(t, [1.0, 6.6, 3.8, 4.6], garis=True, inden_cm=MARGIN_SEL_CM)
    for cell, teks in zip(t.rows[0].cells, ("NO", "NAMA / NIP", "PANGKAT/GOLONGAN", "JABATAN"),
                          strict=True):  # fmt: skip
        _isi_sel(cell, teks, "Sel Kepala")
        _arsir(cell)
    _ulang_kepala(t.rows[0])
    # one row per assignee: the loop tags sit in the row itself ({%tr … %} in the first cell
    # would need extra rows; here the tags wrap the row's cell contents)
    no, nama, pangkat, jabatan = t.rows[1].cells
    _isi_sel(no, "{%tr for p in petugas %}")
    no, nama, pangkat, jabatan = t.rows[2].cells
    _isi_sel(no, "{{ p.no }}.", "Sel Teks", rata=WD_ALIGN_PARAGRAPH.CENTER)
    _isi_sel(nama, "{{ p.nama }}", "Sel Teks")
    _tag(nama, "{%p if p.nip %}")
    _p(nama, "NIP {{ p.nip }}", "Sel Teks")
    _tag(nama, "{%p endif %}")
    _isi_sel(pangkat, "{{ p.pangkat }}", "Sel Teks")
    _isi_sel(jabatan, "{{ p.jabatan }}", "Sel Teks")
    baris_akhir = t.add_row()
    _isi_sel(baris_akhir.cells[0], "{%tr endfor %}")
    _p(doc, "")
    _daftar_konsiderans(doc, "Untuk", "untuk")
    # time, place, the closing sentence and the signature block stay on one page
    for baris in ("Waktu\t:\t{{ pelaksanaan.rentang }}", "Tempat\t:\t{{ pelaksanaan.tempat }}"):
        _p(doc, baris, "Konsiderans Tunggal").paragraph_format.keep_with_next = True
    _p(doc, "").paragraph_format.keep_with_next = True
    _p(doc, "Demikian surat tugas ini dibuat untuk dilaksanakan dengan penuh tanggung jawab.",
       "Isi Teks Akhir")  # fmt: skip
    _tanda_tangan(doc, "ttd", penanda_tte=True, baris_tempat=["{{ ttd.kota }}, {{ ttd.tanggal }}"])
    _tembusan(doc)
    _kaki_halaman(doc, nomor_halaman=True)
    _simpan(doc, tujuan, BOOKMAN)


# --- surat dinas ------------------------------------------------------------------------------

KOLOM_TITIK_DUA_SURAT = 2.3  # the colon after Nomor/Sifat/Lampiran/Hal
KOLOM_ISIAN_SURAT = 2.7  # the value after the colon
INDEN_YTH = 1.0  # the addressee's lines after "Yth."


def buat_surat_dinas(tujuan: Path) -> None:
    """Write the surat dinas (official letter) template to ``tujuan`` (Arial, as letters are)."""
    from docx.enum.text import WD_TAB_ALIGNMENT

    doc = _dokumen(ARIAL, 12)
    _gaya_umum(doc)
    # Nomor, Sifat, Lampiran, Hal: label, colon, value (a long Hal wraps under its value); the
    # date stands at the right of the Nomor line
    kepala = _gaya(doc, "Kepala Surat", kiri=KOLOM_ISIAN_SURAT, gantung=KOLOM_ISIAN_SURAT,
                   tab=(KOLOM_TITIK_DUA_SURAT, KOLOM_ISIAN_SURAT))  # fmt: skip
    kepala.paragraph_format.tab_stops.add_tab_stop(Cm(16.0), WD_TAB_ALIGNMENT.RIGHT)
    _tanpa_pemenggalan(kepala)
    _gaya(doc, "Penerima", kiri=INDEN_YTH, gantung=INDEN_YTH, tab=(INDEN_YTH,), sebelum=18)
    _gaya(doc, "Penerima Alamat", kiri=INDEN_YTH)
    _gaya(doc, "Penerima Lanjutan", dasar="Penerima", sebelum=0)
    # the body: justified, a line apart; the last paragraph keeps with the signature block
    for nama in ("Isi Teks", "Isi Teks Akhir"):
        st = doc.styles[nama]
        st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        st.paragraph_format.space_after = Pt(8)
        st.paragraph_format.first_line_indent = Cm(1.25)
    _kop(doc)
    _p(doc, "Nomor\t:\t{{ nomor }}\t{{ tanggal }}", "Kepala Surat")
    _p(doc, "Sifat\t:\t{{ sifat }}", "Kepala Surat")
    _p(doc, "Lampiran\t:\t{{ lampiran }}", "Kepala Surat")
    _p(doc, "Hal\t:\t{{ hal }}", "Kepala Surat")
    _tag(doc, "{%p for k in kepada %}")
    _tag(doc, "{%p if loop.first %}")
    _p(doc, "Yth.\t{{ k.nama }}", "Penerima")
    _tag(doc, "{%p else %}")
    _p(doc, "\t{{ k.nama }}", "Penerima Lanjutan")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if k.alamat %}")
    _p(doc, "{{ k.alamat }}", "Penerima Alamat")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    _p(doc, "")
    _baris_uraian(doc, "isi", "Isi")
    _tanda_tangan(doc, "ttd", penanda_tte=True, baris_tempat=[])


# --- perjanjian kerja sama (the cooperation agreement of the ULT desk) --------------------------

LEBAR_PIHAK = 8.0  # each party's signature cell (two side by side fill the 16 cm text width)
INDEN_AYAT = 1.0  # an ayat's text after "(1)"
INDEN_BUTIR = 0.75  # a lettered item's text after "a."


def buat_perjanjian_kerja_sama(tujuan: Path) -> None:
    """Write the cooperation agreement (PKS) template to ``tujuan``.

    No kop: the agreement belongs to both parties. The title names both, the subject and both
    numbers; the opening says who signs for whom; the pasal follow (``Pasal 1`` and its heading
    centred, ayat and lettered items hanging); the two signature blocks stand side by side,
    PIHAK KEDUA at the left (printed for a wet or separate signature, and saying so) and PIHAK
    PERTAMA at the right with the ``[[TTE]]`` marker of the electronic signature.
    """
    doc = _dokumen(BOOKMAN, 12)
    _gaya_umum(doc)
    _tanpa_pemenggalan(_gaya(doc, "Judul Perjanjian", dasar="Judul Naskah", tebal=True))
    _gaya(doc, "Nomor Perjanjian", dasar="Judul Naskah")
    rata = WD_ALIGN_PARAGRAPH.JUSTIFY
    _tanpa_pemenggalan(_gaya(doc, "Ayat Teks", rata=rata, sesudah=4))
    _gaya(doc, "Ayat 1", dasar="Ayat Teks", kiri=INDEN_AYAT, gantung=INDEN_AYAT, tab=(INDEN_AYAT,))
    _gaya(doc, "Ayat 2", dasar="Ayat Teks", kiri=INDEN_AYAT + INDEN_BUTIR, gantung=INDEN_BUTIR,
          tab=(INDEN_AYAT + INDEN_BUTIR,), sesudah=2)  # fmt: skip
    _gaya(doc, "Ayat 3", dasar="Ayat Teks", kiri=INDEN_BUTIR, gantung=INDEN_BUTIR,
          tab=(INDEN_BUTIR,), sesudah=2)  # fmt: skip
    # the agreement's last ayat keeps with the signature blocks below it
    for nama in ("Ayat Teks", "Ayat 1"):
        _gaya(doc, f"{nama} Akhir", dasar=nama, jaga_berikut=True)
    _gaya(doc, "Pihak", dasar="Ayat 3", sesudah=4)
    for nama, sebelum in (("Pasal Nomor", 12), ("Pasal Judul", 0)):
        _tanpa_pemenggalan(_gaya(doc, nama, rata=WD_ALIGN_PARAGRAPH.CENTER, tebal=True,
                                 sebelum=sebelum, sesudah=6 if sebelum == 0 else 0,
                                 jaga_berikut=True, utuh=True))  # fmt: skip
    # the signature cells: left-aligned lines kept together, the signature space between them
    _tanpa_pemenggalan(_gaya(doc, "TTD Pihak", rata=WD_ALIGN_PARAGRAPH.LEFT, jaga_berikut=True,
                             utuh=True))  # fmt: skip
    _gaya(doc, "Ruang TTD Pihak", dasar="TTD Pihak", ukuran=2, spasi_tepat=2, sesudah=68)
    _gaya(doc, "Penanda TTE Pihak", dasar="TTD Pihak", ukuran=2, spasi_tepat=2, sesudah=68,
          warna=RGBColor(0xFF, 0xFF, 0xFF))  # fmt: skip
    _gaya(doc, "Keterangan TTD Pihak", dasar="TTD Pihak", ukuran=9, miring=True, sebelum=4)

    _p(doc, "PERJANJIAN KERJA SAMA", "Judul Perjanjian")
    _p(doc, "ANTARA", "Judul Perjanjian")
    for var, lalu in (("pihak_pertama", "DAN"), ("pihak_kedua", "TENTANG"), ("tentang", None)):
        _tag(doc, f"{{%p for baris in judul.{var} %}}")
        _p(doc, "{{ baris }}", "Judul Perjanjian")
        _tag(doc, "{%p endfor %}")
        if lalu:
            _p(doc, lalu, "Judul Perjanjian")
    _p(doc, "", "Judul Naskah")
    _p(doc, "NOMOR {{ nomor }}", "Nomor Perjanjian")
    _p(doc, "NOMOR {{ nomor_mitra }}", "Nomor Perjanjian")
    _p(doc, "")
    _tag(doc, "{%p for b in pembuka %}")
    _tag(doc, "{%p if b.tingkat == 0 %}")
    _p(doc, "{{ b.teks }}", "Ayat Teks")
    _tag(doc, "{%p else %}")
    _p(doc, "{{ b.label }}\t{{ b.teks }}", "Pihak")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for ps in pasal %}")
    _p(doc, "{{ ps.nomor }}", "Pasal Nomor")
    _p(doc, "{{ ps.judul }}", "Pasal Judul")
    _tag(doc, "{%p for b in ps.baris %}")
    _tag(doc, "{%p if b.tingkat == 0 and b.akhir %}")
    _p(doc, "{{ b.teks }}", "Ayat Teks Akhir")
    _tag(doc, "{%p elif b.tingkat == 0 %}")
    _p(doc, "{{ b.teks }}", "Ayat Teks")
    _tag(doc, "{%p elif b.tingkat == 1 and b.akhir %}")
    _p(doc, "{{ b.label }}\t{{ b.teks }}", "Ayat 1 Akhir")
    for tingkat in (1, 2, 3):
        _tag(doc, f"{{%p elif b.tingkat == {tingkat} %}}")
        _p(doc, "{{ b.label }}\t{{ b.teks }}", f"Ayat {tingkat}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endfor %}")
    _p(doc, "").paragraph_format.keep_with_next = True

    t = doc.add_table(rows=1, cols=2)
    _lebar_tabel(t, [LEBAR_PIHAK, LEBAR_PIHAK], garis=False)
    _tak_terbelah(t.rows[0])
    for cell, var, tte in zip(t.rows[0].cells, ("ttd_kedua", "ttd_pertama"), (False, True),
                              strict=True):  # fmt: skip
        _isi_sel(cell, f"{{{{ {var}.sebutan }}}}", "TTD Pihak")
        _tag(cell, f"{{%p for baris in {var}.jabatan %}}")
        _p(cell, "{{ baris }}", "TTD Pihak")
        _tag(cell, "{%p endfor %}")
        # PIHAK PERTAMA signs electronically: the stamp is drawn at the marker; PIHAK KEDUA's
        # space is left blank for a wet signature (or one on a separate copy)
        _p(cell, "[[TTE]]" if tte else "", "Penanda TTE Pihak" if tte else "Ruang TTD Pihak")
        _p(cell, f"{{{{ {var}.nama }}}}", "TTD Pihak", tebal=True)
        _tag(cell, f"{{%p if {var}.nip %}}")
        _p(cell, f"NIP {{{{ {var}.nip }}}}", "TTD Pihak")
        _tag(cell, "{%p endif %}")
        if not tte:
            _p(cell, "(tanda tangan basah atau secara terpisah)", "Keterangan TTD Pihak")
    _p(doc, "")
    _kaki_halaman(doc, nomor_halaman=True)
    _simpan(doc, tujuan, BOOKMAN)


# --- laporan evaluasi (the yearly evaluation of the Standar Pelayanan; naskah.ult) ------------

LEBAR_LAPORAN = 16.0  # the text width (A4 less 3 cm + 2 cm margins)


def _tabel_laporan(doc, kolom: list[tuple[str, float]], var: str, sel: list[str], *,
                   tengah: tuple[int, ...] = ()):  # fmt: skip
    """Write a bordered table: a shaded heading row repeated on every page, then one row per
    item of ``var`` (``{%tr for %}`` rows); ``sel`` holds each cell's expression."""
    t = doc.add_table(rows=3, cols=len(kolom))
    _lebar_tabel(t, [w for _, w in kolom], garis=True, inden_cm=MARGIN_SEL_CM)
    for cell, (judul, _w) in zip(t.rows[0].cells, kolom, strict=True):
        _isi_sel(cell, judul, "Laporan Sel Kepala")
        _arsir(cell)
    _ulang_kepala(t.rows[0])
    _isi_sel(t.rows[1].cells[0], f"{{%tr for r in {var} %}}")
    for i, (cell, isi) in enumerate(zip(t.rows[2].cells, sel, strict=True)):
        _isi_sel(cell, isi, "Laporan Sel Tengah" if i in tengah else "Laporan Sel")
    _tak_terbelah(t.rows[2])  # a row never splits across pages
    _isi_sel(t.add_row().cells[0], "{%tr endfor %}")
    return t


def _judul_bagian(doc, teks: str) -> None:
    _p(doc, teks, "Laporan Judul Bagian")


def buat_laporan_evaluasi(tujuan: Path) -> None:
    """Write the Laporan Evaluasi Penerapan Standar Pelayanan template to ``tujuan``."""
    doc = _dokumen(ARIAL, 11)
    _gaya_umum(doc)
    kiri = WD_ALIGN_PARAGRAPH.LEFT
    _gaya(doc, "Laporan Teks", rata=WD_ALIGN_PARAGRAPH.JUSTIFY, sesudah=6, spasi=1.15)
    _gaya(doc, "Laporan Teks Akhir", dasar="Laporan Teks", jaga_berikut=True)
    _gaya(doc, "Laporan Butir", dasar="Laporan Teks", kiri=0.75, gantung=0.75, tab=(0.75,),
          sesudah=3)  # fmt: skip
    _gaya(doc, "Laporan Judul Bagian", tebal=True, sebelum=12, sesudah=6, jaga_berikut=True,
          rata=kiri)  # fmt: skip
    _gaya(doc, "Laporan Sub Judul", tebal=True, sebelum=8, sesudah=4, jaga_berikut=True,
          rata=kiri)  # fmt: skip
    _gaya(doc, "Laporan Sel", ukuran=9, rata=kiri, sesudah=1)
    _gaya(doc, "Laporan Sel Tengah", dasar="Laporan Sel", rata=WD_ALIGN_PARAGRAPH.CENTER)
    _gaya(doc, "Laporan Sel Kepala", dasar="Laporan Sel", tebal=True, ukuran=8,
          rata=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
    _gaya(doc, "Laporan Grafik", rata=WD_ALIGN_PARAGRAPH.CENTER, sebelum=6, sesudah=2,
          jaga_berikut=True)  # fmt: skip
    _gaya(doc, "Laporan Keterangan", ukuran=9, miring=True, rata=WD_ALIGN_PARAGRAPH.CENTER,
          sesudah=8)  # fmt: skip
    _kop(doc)
    _tag(doc, "{%p for baris in judul %}")
    _p(doc, "{{ baris }}", "Judul Naskah", tebal=True)
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for baris in subjudul %}")
    _p(doc, "{{ baris }}", "Judul Naskah", tebal=True)
    _tag(doc, "{%p endfor %}")
    _p(doc, "NOMOR {{ nomor }}", "Judul Naskah")
    _p(doc, "")

    _judul_bagian(doc, "A.\tRINGKASAN")
    _tag(doc, "{%p for t in ringkasan %}")
    _p(doc, "{{ t }}", "Laporan Teks")
    _tag(doc, "{%p endfor %}")
    _p(doc, "Angka dalam laporan ini dihitung dari catatan meja layanan per {{ per_hari }}.",
       "Laporan Teks")  # fmt: skip

    _judul_bagian(doc, "B.\tDASAR")
    _tag(doc, "{%p for m in dasar %}")
    _p(doc, "{{ m.label }}\t{{ m.teks }}", "Laporan Butir")
    _tag(doc, "{%p endfor %}")

    _judul_bagian(doc, "C.\tINDEKS KEPUASAN MASYARAKAT")
    _tag(doc, "{%p if ikm.ada %}")
    _p(doc, "Survei kepuasan masyarakat mengikuti Peraturan Menteri PANRB Nomor 14 Tahun 2017: "
            "sembilan unsur dengan empat pilihan jawaban bernilai 1 sampai 4. Nilai rata-rata "
            "(NRR) setiap unsur adalah jumlah nilai dibagi jumlah responden; IKM = (Σ NRR × 1/9) "
            "× 25 dengan bobot 1/9 yang tepat. Responden: {{ ikm.responden }} orang "
            "({{ ikm.daring }} daring, {{ ikm.kertas }} kuesioner kertas).",
       "Laporan Teks")  # fmt: skip
    t = _tabel_laporan(
        doc,
        [("NO", 0.9), ("UNSUR PELAYANAN", 6.3), ("JUMLAH NILAI", 2.2), ("NRR", 1.9),
         ("NRR × 1/9", 2.0), ("MUTU", 2.7)],
        "unsur",
        ["{{ r.no }}", "{{ r.kode }} {{ r.nama }}", "{{ r.jumlah }}", "{{ r.nrr }}",
         "{{ r.tertimbang }}", "{{ r.mutu }} ({{ r.kinerja }})"],
        tengah=(0, 2, 3, 4, 5),
    )  # fmt: skip
    jumlah = t.add_row().cells
    jumlah[0].merge(jumlah[2])
    _isi_sel(jumlah[0], "Jumlah", "Laporan Sel Kepala")
    _isi_sel(jumlah[3], "{{ ikm.jumlah_nrr }}", "Laporan Sel Kepala")
    _isi_sel(jumlah[4], "{{ ikm.jumlah_tertimbang }}", "Laporan Sel Kepala")
    _isi_sel(jumlah[5], "", "Laporan Sel")
    akhir = t.add_row().cells
    akhir[0].merge(akhir[5])
    _isi_sel(akhir[0], "IKM = {{ ikm.jumlah_tertimbang }} × 25 = {{ ikm.nilai }}; mutu pelayanan "
                       "{{ ikm.mutu }} ({{ ikm.kinerja }})", "Laporan Sel Kepala")  # fmt: skip
    _arsir(akhir[0], "EDEDED")
    _p(doc, "{{ grafik.nrr }}", "Laporan Grafik")
    _p(doc, "Grafik 1. Nilai rata-rata (NRR) setiap unsur; batang berwarna emas: unsur "
            "prioritas perbaikan.", "Laporan Keterangan")  # fmt: skip
    _p(doc, "Jumlah responden {{ ikm.responden }} {{ ikm.cukup }} sampel minimal "
            "{{ ikm.sampel }} untuk {{ ikm.populasi }} permohonan yang dilayani menurut tabel "
            "Krejcie dan Morgan dalam peraturan tersebut.", "Laporan Teks")  # fmt: skip
    _tag(doc, "{%p else %}")
    _p(doc, "Belum ada jawaban survei kepuasan masyarakat pada tahun ini.", "Laporan Teks")
    _tag(doc, "{%p endif %}")
    _p(doc, "Nilai persepsi, interval nilai dan mutu pelayanan:", "Laporan Sub Judul")
    _tabel_laporan(
        doc,
        [("NILAI PERSEPSI", 2.8), ("INTERVAL NRR", 3.6), ("INTERVAL IKM", 3.6),
         ("MUTU PELAYANAN", 2.8), ("KINERJA UNIT", 3.2)],
        "tabel_mutu",
        ["{{ r.persepsi }}", "{{ r.nrr }}", "{{ r.ikm }}", "{{ r.mutu }}", "{{ r.kinerja }}"],
        tengah=(0, 1, 2, 3, 4),
    )  # fmt: skip

    _judul_bagian(doc, "D.\tKETEPATAN WAKTU PELAYANAN")
    _p(doc, "Dari {{ tepat.diterima }} permohonan yang diterima, {{ tepat.jumlah }} dari "
            "{{ tepat.dinilai }} yang dapat dinilai ({{ tepat.persen }}) dijawab dan "
            "diselesaikan dalam jangka waktu standar pelayanan, dihitung dalam hari kerja (HK) "
            "kalender kantor. Median lama penyelesaian {{ tepat.median }} HK, persentil ke-90 "
            "{{ tepat.p90 }} HK.", "Laporan Teks")  # fmt: skip
    _tabel_laporan(
        doc,
        [("NO", 0.9), ("LAYANAN", 3.5), ("JANJI (HK) JAWAB / SELESAI", 2.1), ("TERIMA", 1.5),
         ("JAWAB TEPAT", 1.6), ("SELESAI TEPAT", 1.6), ("TEPAT WAKTU", 1.5),
         ("MED. / P90 (HK)", 1.4), ("IKM", 1.9)],
        "layanan",
        ["{{ r.no }}", "{{ r.nama }}", "{{ r.janji }}", "{{ r.diterima }}", "{{ r.jawab }}",
         "{{ r.selesai }}", "{{ r.persen }}", "{{ r.median }} / {{ r.p90 }}",
         "{{ r.ikm }} ({{ r.mutu }})"],
        tengah=(0, 2, 3, 4, 5, 6, 7, 8),
    )  # fmt: skip
    _p(doc, "{{ grafik.bulanan }}", "Laporan Grafik")
    _p(doc, "Grafik 2. Persentase permohonan yang selesai tepat waktu menurut bulan diterima.",
       "Laporan Keterangan")  # fmt: skip
    _tabel_laporan(
        doc,
        [("BULAN", 4.0), ("DITERIMA", 3.0), ("DAPAT DINILAI", 3.0), ("TEPAT WAKTU", 3.0),
         ("PERSENTASE", 3.0)],
        "bulanan",
        ["{{ r.bulan }}", "{{ r.diterima }}", "{{ r.dinilai }}", "{{ r.tepat }}",
         "{{ r.persen }}"],
        tengah=(1, 2, 3, 4),
    )  # fmt: skip
    _tag(doc, "{%p if terlama %}")
    _p(doc, "Permohonan dengan penyelesaian terlama:", "Laporan Sub Judul")
    _tabel_laporan(
        doc,
        [("NO", 0.9), ("KODE", 2.8), ("LAYANAN", 4.5), ("DITERIMA", 2.2), ("LAMA (HK)", 1.6),
         ("JANJI (HK)", 1.6), ("KETERANGAN", 2.4)],
        "terlama",
        ["{{ r.no }}", "{{ r.kode }}", "{{ r.layanan }}", "{{ r.diterima }}", "{{ r.durasi }}",
         "{{ r.janji }}", "{{ r.keterangan }}"],
        tengah=(0, 1, 3, 4, 5),
    )  # fmt: skip
    _tag(doc, "{%p endif %}")

    _judul_bagian(doc, "E.\tPENGADUAN")
    _p(doc, "Pengaduan yang diterima berjumlah {{ pengaduan.jumlah }}: {{ pengaduan.tepat }} "
            "ditangani dalam {{ pengaduan.janji }} hari kerja ({{ pengaduan.persen }}), "
            "{{ pengaduan.terlambat }} melewati batas itu dan {{ pengaduan.berjalan }} masih "
            "berjalan. Median lama penanganan {{ pengaduan.median }} HK, persentil ke-90 "
            "{{ pengaduan.p90 }} HK; {{ pengaduan.lapor }} pengaduan tercatat dengan tiket "
            "LAPOR! (SP4N).", "Laporan Teks")  # fmt: skip
    _tag(doc, "{%p if pengaduan.kanal %}")
    _tabel_laporan(doc, [("NO", 1.0), ("SALURAN PENGADUAN", 11.0), ("JUMLAH", 4.0)],
                   "pengaduan.kanal", ["{{ r.no }}", "{{ r.nama }}", "{{ r.jumlah }}"],
                   tengah=(0, 2))  # fmt: skip
    _p(doc, "")
    _tabel_laporan(doc, [("NO", 1.0), ("LAYANAN YANG DIADUKAN", 11.0), ("JUMLAH", 4.0)],
                   "pengaduan.layanan", ["{{ r.no }}", "{{ r.nama }}", "{{ r.jumlah }}"],
                   tengah=(0, 2))  # fmt: skip
    _tag(doc, "{%p endif %}")

    _judul_bagian(doc, "F.\tPRIORITAS PERBAIKAN")
    _tag(doc, "{%p if prioritas.ada %}")
    _p(doc, "{{ prioritas.teks }}", "Laporan Teks")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if saran %}")
    _p(doc, "Saran dan masukan responden, antara lain:", "Laporan Teks")
    _tag(doc, "{%p for t in saran %}")
    _p(doc, "–\t{{ t }}", "Laporan Butir")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for t in catatan %}")
    _p(doc, "{{ t }}", "Laporan Teks")
    _tag(doc, "{%p endfor %}")

    _judul_bagian(doc, "G.\tRENCANA TINDAK LANJUT")
    _tag(doc, "{%p if rtl %}")
    _tabel_laporan(
        doc,
        [("NO", 0.9), ("UNSUR", 1.5), ("PERMASALAHAN", 4.0), ("KEGIATAN", 4.6), ("WAKTU", 2.2),
         ("PENANGGUNG JAWAB", 2.8)],
        "rtl",
        ["{{ r.no }}", "{{ r.unsur }}", "{{ r.masalah }}", "{{ r.kegiatan }}", "{{ r.waktu }}",
         "{{ r.pj }}"],
        tengah=(0, 1),
    )  # fmt: skip
    _tag(doc, "{%p else %}")
    _p(doc, "Rencana tindak lanjut belum diisi.", "Laporan Teks")
    _tag(doc, "{%p endif %}")
    _p(doc, "")
    _p(doc, "Demikian laporan evaluasi ini disusun sebagai bahan perbaikan penerapan standar "
            "pelayanan.", "Laporan Teks Akhir")  # fmt: skip
    _tanda_tangan(doc, "ttd", penanda_tte=True, baris_tempat=["{{ ttd.kota }}, {{ ttd.tanggal }}"])
    _tembusan(doc)
    _kaki_halaman(doc, nomor_halaman=True)
    _simpan(doc, tujuan, ARIAL)


# --- sertifikat -------------------------------------------------------------------------------

# The certificate's palette: naskah.toml's [sertifikat] warna_utama / warna_aksen replace these two
# values wherever the template uses them (naskah.render.sertifikat.WARNA_UTAMA / WARNA_AKSEN).
UTAMA = RGBColor(0x1F, 0x3A, 0x68)
AKSEN = RGBColor(0xB8, 0x89, 0x2B)
ABU = RGBColor(0x55, 0x5B, 0x66)
# The closing row of both pages: verification note | gap | signature block. The signature cell's
# width and its 10.5 pt text are those naskah.render.konteks balances the jabatan lines for
# (LEBAR_TTD_SERTIFIKAT): keep them in step.
KAKI_SERTIFIKAT = [10.0, 3.5, 10.5]


def _latar(doc) -> None:
    """Put the full-page background picture (the frame) behind every page, in the header.

    It is an ordinary picture named "Latar Sertifikat" (Word: Alt Text): an office can change it
    in Word (Change Picture) or give its own image in naskah.toml ([sertifikat] latar).
    """
    import io

    from naskah.render.sertifikat import NAMA_LATAR, gambar_latar

    sec = doc.sections[0]
    kepala = sec.header
    kepala.is_linked_to_previous = False
    p = kepala.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    r = p.add_run()
    r.add_picture(io.BytesIO(gambar_latar()), width=sec.page_width, height=sec.page_height)
    inline = r._r.find(".//" + qn("wp:inline"))
    anchor = OxmlElement("wp:anchor")
    for k, v in (("distT", "0"), ("distB", "0"), ("distL", "0"), ("distR", "0"),
                 ("simplePos", "0"), ("relativeHeight", "0"), ("behindDoc", "1"),
                 ("locked", "1"), ("layoutInCell", "1"), ("allowOverlap", "1")):  # fmt: skip
        anchor.set(k, v)
    sp = OxmlElement("wp:simplePos")
    sp.set("x", "0")
    sp.set("y", "0")
    anchor.append(sp)
    for arah in ("H", "V"):
        pos = OxmlElement(f"wp:position{arah}")
        pos.set("relativeFrom", "page")
        off = OxmlElement("wp:posOffset")
        off.text = "0"
        pos.append(off)
        anchor.append(pos)
    anchor.append(inline.find(qn("wp:extent")))
    ee = OxmlElement("wp:effectExtent")
    for k in ("l", "t", "r", "b"):
        ee.set(k, "0")
    anchor.append(ee)
    anchor.append(OxmlElement("wp:wrapNone"))
    docpr = inline.find(qn("wp:docPr"))
    docpr.set("name", NAMA_LATAR)
    docpr.set("descr", "Bingkai sertifikat; ganti gambarnya atau atur [sertifikat] latar")
    anchor.append(docpr)
    anchor.append(inline.find(qn("wp:cNvGraphicFramePr")))
    anchor.append(inline.find(qn("a:graphic")))
    inline.getparent().replace(inline, anchor)


def _penanda_awal(p, nama: str | None = None, ident: str = "90") -> None:
    """Put a bookmark (AwalSertifikat by default) at the start of paragraph ``p``."""
    from naskah.render.sertifikat import PENANDA_AWAL

    awal = OxmlElement("w:bookmarkStart")
    awal.set(qn("w:id"), ident)
    awal.set(qn("w:name"), nama or PENANDA_AWAL)
    akhir = OxmlElement("w:bookmarkEnd")
    akhir.set(qn("w:id"), ident)
    ppr = p._p.pPr
    posisi = 0 if ppr is None else p._p.index(ppr) + 1
    p._p.insert(posisi, akhir)
    p._p.insert(posisi, awal)


def _garis_nama(p) -> None:
    """Give the name a short accent rule beneath it."""
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bawah = OxmlElement("w:bottom")
    bawah.set(qn("w:val"), "single")
    bawah.set(qn("w:sz"), "12")
    bawah.set(qn("w:space"), "4")
    bawah.set(qn("w:color"), str(AKSEN))
    bdr.append(bawah)
    ppr.append(bdr)


def _blok_ttd_sertifikat(cell, *, dengan_qr: bool = True) -> None:
    """Write the signature block into a cell: place and date, title, QR code, signer."""
    _isi_sel(cell, "{{ ttd.kota }}, {{ ttd.tanggal }}", "Sertifikat TTD")
    _tag(cell, "{%p for baris in ttd.jabatan %}")
    _p(cell, "{{ baris }}", "Sertifikat TTD")
    _tag(cell, "{%p endfor %}")
    if dengan_qr:
        _tag(cell, "{%p if s.qr %}")
        _p(cell, "{{ s.qr }}", "Sertifikat QR")
        _p(cell, "Ditandatangani secara elektronik", "Sertifikat TTE")
        _tag(cell, "{%p else %}")
        _p(cell, "", "Sertifikat Ruang QR")
        _tag(cell, "{%p endif %}")
    else:
        _p(cell, "Ditandatangani secara elektronik", "Sertifikat TTE")
    _p(cell, "{{ ttd.nama }}", "Sertifikat Penandatangan")
    _tag(cell, "{%p if ttd.nip %}")
    _p(cell, "NIP {{ ttd.nip }}", "Sertifikat TTD")
    _tag(cell, "{%p endif %}")


def _kaki_sertifikat(doc, *, lebar: list[float], dengan_qr: bool = True) -> None:
    """Write the closing row: verification note on the left, signature block on the right."""
    t = doc.add_table(rows=1, cols=3)
    _lebar_tabel(t, lebar, garis=False)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    kiri, _, kanan = t.rows[0].cells
    kiri.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    _isi_sel(kiri, "", "Sertifikat Catatan")
    if dengan_qr:
        _tag(kiri, "{%p if s.url %}")
        _p(kiri, "Keaslian sertifikat ini dapat diperiksa dengan memindai kode QR atau melalui "
                 "laman:", "Sertifikat Catatan").paragraph_format.space_after = Pt(0)  # fmt: skip
        _p(kiri, "{{ s.url }}", "Sertifikat Alamat")
        _tag(kiri, "{%p endif %}")
    else:  # the same text for every participant (the page is converted once, see above)
        _p(kiri, "Keaslian sertifikat ini dapat diperiksa dengan memindai kode QR pada halaman "
                 "pertama.", "Sertifikat Catatan")  # fmt: skip
    _tag(kiri, "{%p if catatan_kaki %}")
    _p(kiri, "{{ catatan_kaki }}", "Sertifikat Catatan")
    _tag(kiri, "{%p endif %}")
    _blok_ttd_sertifikat(kanan, dengan_qr=dengan_qr)


def buat_sertifikat(tujuan: Path) -> None:
    """Write the sertifikat template: landscape A4, a framed certificate and its materi page.

    One ``{%p for s in sertifikat %}`` loop prints every certificate of the context (one for an
    issued certificate, all participants for a draft, hundreds in naskah's fast path); the
    AwalSertifikat bookmark marks where each starts.
    """
    # the margins keep the text off the guilloche bands (1.9 cm from the top and bottom edges):
    # a short name, printed large, no longer pushes the NIP line onto the band (issue 21)
    doc = _dokumen(ARIAL, 11, lanskap=True, atas=1.95, bawah=1.95, kiri=2.6, kanan=2.6)
    doc.sections[0].header_distance = Cm(0.5)
    doc.sections[0].footer_distance = Cm(0.5)
    _gaya_umum(doc)
    tengah = WD_ALIGN_PARAGRAPH.CENTER
    g = _gaya(doc, "Sertifikat Dasar", ukuran=11, rata=tengah, warna=RGBColor(0x22, 0x22, 0x22))
    _gaya(doc, "Sertifikat Logo", dasar="Sertifikat Dasar", sesudah=2)
    _gaya(doc, "Sertifikat Kementerian", dasar="Sertifikat Dasar", ukuran=10, warna=UTAMA)
    _gaya(doc, "Sertifikat Instansi", dasar="Sertifikat Dasar", ukuran=12, tebal=True,
          warna=UTAMA)  # fmt: skip
    judul = _gaya(doc, "Sertifikat Judul", dasar="Sertifikat Dasar", ukuran=30, tebal=True,
                  sebelum=2, warna=UTAMA)  # fmt: skip
    judul.font.name = BOOKMAN
    _jarak_huruf(judul, 10)
    _gaya(doc, "Sertifikat Nomor", dasar="Sertifikat Dasar", ukuran=11, sesudah=3, warna=ABU)
    _gaya(doc, "Sertifikat Isi", dasar="Sertifikat Dasar", ukuran=12, sesudah=2)
    _gaya(doc, "Sertifikat Pengantar", dasar="Sertifikat Isi", miring=True, warna=ABU)
    # a long name gets a smaller size across the whole width, so that it keeps to one line
    for nama, ukuran, inden in (("Sertifikat Nama", 26, 3.0), ("Sertifikat Nama Panjang", 20, 0),
                                ("Sertifikat Nama Sangat Panjang", 14, 0)):  # fmt: skip
        st = _gaya(doc, nama, dasar="Sertifikat Dasar", ukuran=ukuran, tebal=True, sebelum=2,
                   sesudah=6, warna=UTAMA)  # fmt: skip
        st.font.name = BOOKMAN
        st.paragraph_format.left_indent = st.paragraph_format.right_indent = Cm(inden)
    _gaya(doc, "Sertifikat Peran", dasar="Sertifikat Dasar", ukuran=14, tebal=True, sebelum=2,
          sesudah=4, warna=AKSEN)  # fmt: skip
    _gaya(doc, "Sertifikat Kegiatan", dasar="Sertifikat Dasar", ukuran=13.5, tebal=True,
          sesudah=4, warna=UTAMA)  # fmt: skip
    # a long activity name (more than two lines at 13.5 pt) is printed smaller, so the page
    # still holds the signature block (issue 21)
    _gaya(doc, "Sertifikat Kegiatan Panjang", dasar="Sertifikat Kegiatan", ukuran=11)
    # the activity paragraph keeps clear of the frame's ornaments
    keterangan = _gaya(doc, "Sertifikat Keterangan", dasar="Sertifikat Isi", ukuran=11)
    keterangan.paragraph_format.left_indent = Cm(1.0)
    keterangan.paragraph_format.right_indent = Cm(1.0)
    _gaya(doc, "Sertifikat TTD", dasar="Sertifikat Dasar", ukuran=10.5, jaga_berikut=True)
    _gaya(doc, "Sertifikat QR", dasar="Sertifikat TTD", sebelum=3, sesudah=0)
    _gaya(doc, "Sertifikat Ruang QR", dasar="Sertifikat TTD", sesudah=60)
    _gaya(doc, "Sertifikat TTE", dasar="Sertifikat TTD", ukuran=8, miring=True, sesudah=3,
          warna=ABU)  # fmt: skip
    _gaya(doc, "Sertifikat Penandatangan", dasar="Sertifikat TTD", tebal=True)
    _gaya(doc, "Sertifikat Catatan", dasar="Sertifikat Dasar", ukuran=7.5, miring=True,
          rata=WD_ALIGN_PARAGRAPH.LEFT, sesudah=3, warna=ABU)  # fmt: skip
    _gaya(doc, "Sertifikat Alamat", dasar="Sertifikat Catatan", miring=False, warna=UTAMA)
    _gaya(doc, "Sertifikat Subjudul", dasar="Sertifikat Dasar", ukuran=20, tebal=True,
          sebelum=6, sesudah=2, warna=UTAMA).font.name = BOOKMAN  # fmt: skip
    _gaya(doc, "Sel Kepala", ukuran=10.5, tebal=True, rata=tengah,
          warna=RGBColor(0xFF, 0xFF, 0xFF))  # fmt: skip
    _gaya(doc, "Sel Teks", ukuran=10.5, sebelum=2, sesudah=2, rata=WD_ALIGN_PARAGRAPH.LEFT)
    _gaya(doc, "Sel Jumlah", dasar="Sel Teks", tebal=True, rata=tengah, warna=UTAMA)
    # a page break's own paragraph, 1 pt high: it still fits under a full page (an 11 pt one
    # would be pushed onto the next page and break again, leaving a blank page)
    _gaya(doc, "Sertifikat Pemisah", ukuran=1, spasi_tepat=1)
    del g
    _latar(doc)

    _tag(doc, "{%p for s in sertifikat %}")
    # --- page 1: the certificate
    p = _p(doc, "{{ logo }}", "Sertifikat Logo")
    _penanda_awal(p)
    _p(doc, "{{ kop.kementerian }}", "Sertifikat Kementerian")
    _p(doc, "{{ kop.unit }}", "Sertifikat Instansi")
    _p(doc, "SERTIFIKAT", "Sertifikat Judul")
    _p(doc, "Nomor: {{ s.nomor }}", "Sertifikat Nomor")
    _p(doc, "diberikan kepada", "Sertifikat Pengantar")
    _tag(doc, "{%p if s.nama_sangat_panjang %}")
    _garis_nama(_p(doc, "{{ s.nama }}", "Sertifikat Nama Sangat Panjang"))
    _tag(doc, "{%p elif s.nama_panjang %}")
    _garis_nama(_p(doc, "{{ s.nama }}", "Sertifikat Nama Panjang"))
    _tag(doc, "{%p else %}")
    _garis_nama(_p(doc, "{{ s.nama }}", "Sertifikat Nama"))
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if s.instansi %}")
    _p(doc, "{{ s.instansi }}", "Sertifikat Isi")
    _tag(doc, "{%p endif %}")
    _p(
        doc, "atas partisipasinya sebagai", "Sertifikat Pengantar"
    ).paragraph_format.space_before = Pt(4)
    _p(doc, "{{ s.peran|upper }}", "Sertifikat Peran")
    _p(doc, "dalam kegiatan", "Sertifikat Pengantar")
    _tag(doc, "{%p if kegiatan.nama_panjang %}")
    _p(doc, "{{ kegiatan.nama }}", "Sertifikat Kegiatan Panjang")
    _tag(doc, "{%p else %}")
    _p(doc, "{{ kegiatan.nama }}", "Sertifikat Kegiatan")
    _tag(doc, "{%p endif %}")
    _p(doc, "yang diselenggarakan oleh {{ kegiatan.penyelenggara }}{% if kegiatan.mitra %} "
            "bekerja sama dengan {{ kegiatan.mitra }}{% endif %} pada {{ kegiatan.rentang }} "
            "di {{ kegiatan.tempat }}, sebanyak {{ kegiatan.jp }} jam pelajaran (JP).",
       "Sertifikat Keterangan")  # fmt: skip
    _kaki_sertifikat(doc, lebar=KAKI_SERTIFIKAT)
    # --- page 2: the materi of the activity, signed by the same official
    _tag(doc, "{%p if kegiatan.materi %}")
    # The materi page is the same for every participant: naskah's fast path converts it once
    # and adds it to every certificate (it checks that the pages are equal; a template that
    # prints a participant's data here is converted page by page as usual).
    _pemisah_halaman(doc).style = "Sertifikat Pemisah"
    from naskah.render.sertifikat import PENANDA_MATERI

    _penanda_awal(_p(doc, "LAMPIRAN SERTIFIKAT", "Sertifikat Nomor"), PENANDA_MATERI, "91")
    _p(doc, "DAFTAR MATERI", "Sertifikat Subjudul")
    _p(doc, "{{ kegiatan.nama }}", "Sertifikat Isi").paragraph_format.space_after = Pt(2)
    # page 2 names its certificate: a loose page still says whose it is (issue 21)
    _p(doc, "Lampiran sertifikat nomor {{ s.nomor }} atas nama {{ s.nama }}",
       "Sertifikat Isi").paragraph_format.space_after = Pt(10)  # fmt: skip
    t = doc.add_table(rows=4, cols=4)
    _lebar_tabel(t, [1.3, 12.2, 8.0, 2.0], garis=True, inden_cm=0.0)
    for el in t._tbl.tblPr.iter(qn("w:top"), qn("w:left"), qn("w:bottom"), qn("w:right"),
                                qn("w:insideH"), qn("w:insideV")):  # fmt: skip
        el.set(qn("w:color"), str(UTAMA))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, teks in zip(t.rows[0].cells, ("NO", "MATERI", "NARASUMBER", "JP"), strict=True):
        _isi_sel(cell, teks, "Sel Kepala")
        _arsir(cell, str(UTAMA))
    _ulang_kepala(t.rows[0])
    _isi_sel(t.rows[1].cells[0], "{%tr for m in kegiatan.materi %}")
    no, nama, nara, jp = t.rows[2].cells
    _isi_sel(no, "{{ m.no }}.", "Sel Teks", rata=tengah)
    _isi_sel(nama, "{{ m.nama }}", "Sel Teks")
    _isi_sel(nara, "{{ m.narasumber }}", "Sel Teks")
    _isi_sel(jp, "{{ m.jp }}", "Sel Teks", rata=tengah)
    _isi_sel(t.rows[3].cells[0], "{%tr endfor %}")
    total = t.add_row()
    a = total.cells[0].merge(total.cells[2])
    _isi_sel(a, "JUMLAH", "Sel Jumlah")
    _isi_sel(total.cells[3], "{{ kegiatan.jp_materi }}", "Sel Jumlah")
    for cell in (a, total.cells[3]):
        _arsir(cell, "EEF1F6")
    _p(doc, "", "Sertifikat Isi").paragraph_format.space_after = Pt(6)
    # the same signer; one QR code per certificate (page one) keeps the conversion cheap
    _kaki_sertifikat(doc, lebar=KAKI_SERTIFIKAT, dengan_qr=False)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if not loop.last %}")
    _pemisah_halaman(doc).style = "Sertifikat Pemisah"
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    _simpan(doc, tujuan, ARIAL)
    _font_gaya(tujuan, BOOKMAN, ("Sertifikat Judul", "Sertifikat Nama", "Sertifikat Nama Panjang",
                                 "Sertifikat Nama Sangat Panjang",
                                 "Sertifikat Subjudul"))  # fmt: skip


def _jarak_huruf(gaya, pt: float) -> None:
    """Spread the letters of a style (the title's S E R T I F I K A T)."""
    rpr = gaya.element.get_or_add_rPr()
    sp = OxmlElement("w:spacing")
    sp.set(qn("w:val"), str(int(pt * 20)))
    rpr.append(sp)


def _font_gaya(tujuan: Path, font: str, gaya: tuple[str, ...]) -> None:
    """Give the named styles of the saved template ``tujuan`` another font (after _simpan)."""
    rfonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
    with tempfile.TemporaryDirectory() as tmp:
        salinan = Path(tmp) / "salinan.docx"
        shutil.copy(tujuan, salinan)
        with (
            zipfile.ZipFile(salinan) as zin,
            zipfile.ZipFile(tujuan, "w", zipfile.ZIP_DEFLATED) as zout,
        ):
            for item in zin.infolist():
                data = zin.read(item.filename)
                if item.filename == "word/styles.xml":
                    teks = data.decode("utf-8")
                    for nama in gaya:
                        pola = re.compile(
                            rf'(<w:style\b[^>]*>(?:(?!</w:style>).)*?<w:name w:val="{nama}"/>'
                            rf"(?:(?!</w:style>).)*?)<w:rFonts\b[^>]*/>",
                            re.S,
                        )
                        teks, n = pola.subn(lambda m: m.group(1) + rfonts, teks, count=1)
                        if not n:
                            raise SystemExit(f"gaya {nama} tanpa rFonts")
                    data = teks.encode("utf-8")
                zout.writestr(item, data)


# --- fonts and saving -------------------------------------------------------------------------


_RFONTS = re.compile(r"<w:rFonts\b[^>]*/>")


def _simpan(doc, tujuan: Path, font: str) -> None:
    """Save ``doc`` and make every style, the defaults and the theme name ``font``."""
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        mentah = Path(tmp) / "mentah.docx"
        doc.save(mentah)
        rfonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        with (
            zipfile.ZipFile(mentah) as zin,
            zipfile.ZipFile(tujuan, "w", zipfile.ZIP_DEFLATED) as zout,
        ):
            for item in zin.infolist():
                data = zin.read(item.filename)
                if item.filename in ("word/styles.xml", "word/document.xml") or re.match(
                    r"word/(header|footer)\d*\.xml", item.filename
                ):
                    teks = _RFONTS.sub(rfonts, data.decode("utf-8"))
                    if item.filename == "word/styles.xml":
                        teks = _font_bawaan(teks, rfonts)
                    data = teks.encode("utf-8")
                elif item.filename.startswith("word/theme/"):
                    teks = data.decode("utf-8")
                    teks = re.sub(
                        r'(<a:(?:latin|ea|cs) typeface=")[^"]*(")', rf"\g<1>{font}\g<2>", teks
                    )
                    teks = re.sub(
                        r'(<a:font script="[^"]*" typeface=")[^"]*(")', rf"\g<1>{font}\g<2>", teks
                    )
                    data = teks.encode("utf-8")
                elif item.filename == "word/fontTable.xml":
                    teks = data.decode("utf-8")
                    lama = (
                        r'w:name="(Calibri|Cambria|Times New Roman|Arial|MS Mincho|MS Gothic)'
                        r'[^"]*"'
                    )
                    teks = re.sub(lama, f'w:name="{font}"', teks)
                    data = teks.encode("utf-8")
                zout.writestr(item, data)


def _font_bawaan(styles: str, rfonts: str) -> str:
    """Put explicit fonts into docDefaults (python-docx's template points at theme fonts)."""
    m = re.search(r"<w:rPrDefault>\s*<w:rPr>", styles)
    if m and "<w:rFonts" not in styles[m.end() : m.end() + 400]:
        styles = styles[: m.end()] + rfonts + styles[m.end() :]
    return styles


def buat_logo(tujuan: Path) -> None:
    """Draw the neutral placeholder emblem (grey circle marked CONTOH LOGO)."""
    from PIL import Image, ImageDraw, ImageFont

    ukuran = 600
    img = Image.new("RGBA", (ukuran, ukuran), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((20, 20, ukuran - 20, ukuran - 20), outline=(90, 90, 90, 255), width=18,
              fill=(235, 235, 235, 255))  # fmt: skip
    d.ellipse((80, 80, ukuran - 80, ukuran - 80), outline=(150, 150, 150, 255), width=6)
    try:
        font = ImageFont.truetype(
            "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf", 86
        )
    except OSError:
        font = ImageFont.load_default()
    for teks, y in (("CONTOH", 215), ("LOGO", 315)):
        w = d.textlength(teks, font=font)
        d.text(((ukuran - w) / 2, y), teks, fill=(90, 90, 90, 255), font=font)
    # flattened onto white and reduced: an alpha channel costs LibreOffice time in every PDF
    datar = Image.new("RGB", img.size, "white")
    datar.paste(img, mask=img.split()[3])
    datar.resize((360, 360), Image.LANCZOS).save(tujuan, dpi=(300, 300), optimize=True)


def buat_lambang_contoh(tujuan: Path) -> None:
    """Draw the example office's emblem (an original design, marked CONTOH on its ribbon).

    ``naskah init --contoh`` installs it as the demo office's logo: a document with the grey
    CONTOH LOGO placeholder may not be issued, and the demo issues documents. It is no real
    government emblem; a real office sets its own in naskah.toml.
    """
    import math

    from PIL import Image, ImageDraw, ImageFont

    n = 1200
    biru, emas, putih = (22, 52, 110, 255), (214, 168, 46, 255), (255, 255, 255, 255)
    img = Image.new("RGBA", (n, n), (255, 255, 255, 0))
    d = ImageDraw.Draw(img)
    c = n / 2

    def lingkaran(r: float, **kw) -> None:
        d.ellipse((c - r, c - r, c + r, c + r), **kw)

    lingkaran(580, fill=biru)
    lingkaran(548, outline=emas, width=14)
    lingkaran(400, fill=emas)
    lingkaran(372, fill=putih)
    try:
        huruf = ImageFont.truetype(
            "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf", 78
        )
        huruf_pita = ImageFont.truetype(
            "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf", 92
        )
    except OSError:
        huruf = huruf_pita = ImageFont.load_default()
    # the ring's text, letter by letter along the upper arc
    teks = "KANTOR CONTOH NASKAH DINAS"
    jari = 468
    lebar = [d.textlength(h, font=huruf) + 6 for h in teks]  # spaced by each letter's width
    awal = [sum(lebar[:i]) + lebar[i] / 2 for i in range(len(teks))]
    sudut = [math.radians(-90 + (a - sum(lebar) / 2) / jari * 180 / math.pi) for a in awal]
    for h, a in zip(teks, sudut, strict=True):
        kotak = Image.new("RGBA", (120, 120), (0, 0, 0, 0))
        ImageDraw.Draw(kotak).text((60, 60), h, font=huruf, fill=putih, anchor="mm")
        kotak = kotak.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        x, y = c + jari * math.cos(a), c + jari * math.sin(a)
        img.alpha_composite(kotak, (int(x - 60), int(y - 60)))
    # two stars on the ring's lower side
    for a in (math.radians(35), math.radians(145)):
        x, y = c + jari * math.cos(a), c + jari * math.sin(a)
        titik = [(x + (34 if i % 2 == 0 else 14) * math.cos(math.radians(-90 + 36 * i)),
                  y + (34 if i % 2 == 0 else 14) * math.sin(math.radians(-90 + 36 * i)))
                 for i in range(10)]  # fmt: skip
        d.polygon(titik, fill=emas)
    # the field: a star over an open book
    titik = [(c + (120 if i % 2 == 0 else 48) * math.cos(math.radians(-90 + 36 * i)),
              c - 150 + (120 if i % 2 == 0 else 48) * math.sin(math.radians(-90 + 36 * i)))
             for i in range(10)]  # fmt: skip
    d.polygon(titik, fill=emas, outline=biru, width=6)
    for arah in (-1, 1):
        halaman = [(c, c + 10), (c + arah * 250, c - 40), (c + arah * 250, c + 170),
                   (c, c + 230)]  # fmt: skip
        d.polygon(halaman, fill=biru)
        for k in range(3):  # the page lines
            y0 = c + 40 + 45 * k
            d.line([(c + arah * 40, y0 + 12), (c + arah * 210, y0 - 32)], fill=putih, width=10)
    # the ribbon marks it an example
    d.rounded_rectangle((c - 330, c + 250, c + 330, c + 370), radius=24, fill=biru,
                        outline=emas, width=10)  # fmt: skip
    d.text((c, c + 312), "CONTOH", font=huruf_pita, fill=putih, anchor="mm")
    datar = Image.new("RGB", img.size, "white")
    datar.paste(img, mask=img.split()[3])
    # a 64-colour palette: a small file, and few pixels for LibreOffice to encode in every PDF
    kecil = datar.resize((360, 360), Image.LANCZOS).quantize(64)
    kecil.save(tujuan, dpi=(300, 300), optimize=True)


def main() -> None:
    """Build every template and the placeholder logo next to this script."""
    buat_logo(SINI / "logo-placeholder.png")
    buat_lambang_contoh(SINI.parent / "src" / "naskah" / "contoh" / "lambang-contoh.png")
    buat_keputusan(SINI / "keputusan" / "keputusan.docx")
    buat_keputusan(SINI / "keputusan" / "sk_kerja_sama.docx", kerja_sama=True)
    buat_surat_tugas(SINI / "surat" / "surat_tugas.docx")
    buat_surat_dinas(SINI / "surat" / "surat_dinas.docx")
    buat_perjanjian_kerja_sama(SINI / "perjanjian" / "perjanjian_kerja_sama.docx")
    buat_standar_pelayanan(SINI / "standar_pelayanan" / "standar_pelayanan.docx")
    buat_sertifikat(SINI / "surat" / "sertifikat.docx")
    buat_laporan_evaluasi(SINI / "laporan" / "laporan_evaluasi.docx")
    print("Templat ditulis ke", SINI)


if __name__ == "__main__":
    shutil.rmtree(SINI / "__pycache__", ignore_errors=True)
    main()
