"""What a visible signature looks like and where it goes.

This module owns the contract with the renderer and the stamp style:

* **Marker contract.** The rendered PDF carries the text ``[[TTE]]`` (tiny, white) at the
  top-left corner of the box the signature block reserved for the signature. The first
  occurrence in page order is the main signature. The marker's text origin (its baseline start,
  in default user space) is the box's top-left corner; the box extends ``lebar`` points to the
  right and ``tinggi`` points down (default 170 x 70 pt, configurable in ``[tte]``).
* **Stamp.** A QR code with the verification address (``url_verifikasi`` with ``{id}``
  replaced by the document id), the signer's name and jabatan (wrapped when long) and the
  signing time, set in a TrueType/OpenType font that is embedded (subset) in the PDF so a PDF/A
  stays PDF/A. The stamp is laid out at its natural size and scaled as a whole into the box.

The stamp style is cached per signer, and the font is cut once per batch to the characters the
stamp can show (its fixed text plus what a signing time brings); that compiled subset is
embedded in every document, so a visible batch does no per-document font subsetting.
"""

from __future__ import annotations

import io
import string
import textwrap
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from pyhanko.pdf_utils.font.opentype import (
    CIDFontType2,
    GlyphAccumulator,
    GlyphAccumulatorFactory,
)
from pyhanko.pdf_utils.generic import ArrayObject, NameObject, NumberObject, StreamObject
from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import QRStampStyle, TextStampStyle
from pypdf.errors import PyPdfError

from naskah.errors import TTEError

PENANDA = "[[TTE]]"
"""The marker text the renderer puts at the top-left corner of the signature box."""

UKURAN_KOTAK = (170.0, 70.0)
"""Default signature box (width, height) in points."""

FONT_BAWAAN = (
    Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
    Path("/usr/share/fonts/opentype/texgyre/texgyreheros-regular.otf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)


_GALAT_TEKS: tuple[type[Exception], ...] = (
    PyPdfError,
    KeyError,
    TypeError,
    ValueError,
    IndexError,
    AttributeError,
    ZeroDivisionError,  # a degenerate text matrix
    RecursionError,
)
"""What pypdf's text extraction can raise on a malformed page."""


@dataclass(frozen=True)
class Letak:
    """Where the visible signature goes: page index and box (x1, y1, x2, y2) in points."""

    halaman: int
    kotak: tuple[int, int, int, int]


def cari_penanda(reader: object, ukuran: tuple[float, float] = UKURAN_KOTAK) -> Letak | None:
    """Find the first ``[[TTE]]`` marker in a pypdf reader and return the box it anchors.

    Returns None when no page carries the marker.
    """
    lebar, tinggi = ukuran
    for idx, page in enumerate(reader.pages):  # type: ignore[attr-defined]
        buf: list[tuple[str, list[float], list[float]]] = []

        def visitor(
            text: str,
            cm: list[float],
            tm: list[float],
            _font: object,
            _size: object,
            buf: list = buf,  # bind this page's buffer
        ) -> None:
            if text:
                buf.append((text, list(cm), list(tm)))

        try:
            page.extract_text(visitor_text=visitor)
        except _GALAT_TEKS:  # a page whose text cannot be read has no marker
            continue
        # The marker may come in one piece or split over several show operations: join the
        # texts and remember where each piece started.
        joined = ""
        starts: list[tuple[int, list[float], list[float]]] = []
        for text, cm, tm in buf:
            starts.append((len(joined), cm, tm))
            joined += text
        pos = joined.find(PENANDA)
        if pos < 0:
            continue
        _, cm, tm = max((s for s in starts if s[0] <= pos), key=lambda s: s[0])
        x, y = _apply(cm, *_apply(tm, 0.0, 0.0))
        return Letak(idx, (round(x), round(y - tinggi), round(x + lebar), round(y)))
    return None


def _apply(m: list[float], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def pilih_font(font: Path | None = None) -> Path:
    """Return the stamp font: the given one, or the first Debian font that is installed."""
    if font is not None:
        if not Path(font).is_file():
            raise TTEError(f"Berkas huruf {font} untuk cap tanda tangan tidak ditemukan.")
        return Path(font)
    for kandidat in FONT_BAWAAN:
        if kandidat.is_file():
            return kandidat
    raise TTEError(
        "Huruf TrueType untuk cap tanda tangan tidak ditemukan; pasang paket fonts-liberation2 "
        "atau sebutkan berkas hurufnya."
    )


class _AkumulatorGlif(GlyphAccumulator):
    """GlyphAccumulator that measures glyphs in thousandths of an em, as PDF requires, and can
    embed a font program prepared once per batch.

    pyHanko 0.38 writes a CIDFont's ``/W`` widths and its ``TJ`` kerning adjustments in the
    font's own design units. PDF reads both in thousandths of text space, so a font whose
    ``unitsPerEm`` is not 1000 (Liberation Sans and DejaVu Sans use 2048) gets every glyph
    advanced about twice too far: the stamp text comes out letter-spaced and runs past the box,
    although pyHanko's layout (which divides by ``unitsPerEm``) thinks it fits. Here HarfBuzz is
    scaled to 1000 units per em and the widths come from the same scaled font, so shaping,
    ``/W``, ``TJ`` and layout all agree; the font descriptor's metrics are scaled likewise.

    With ``program`` (TrueType outlines only), the font handed in is already a small subset made
    once per batch (:func:`_subset_cap`) and ``program`` is that same subset without its layout
    tables: it is embedded as is, with no per-document fontTools subsetting (which re-parses the
    font's layout tables every time and dominated the cost of a visible signature).
    """

    def __init__(self, *args, program: bytes | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if program is not None and isinstance(self.cidfont_obj, CIDFontType2):
            self.cidfont_obj = _CIDFontType2Tetap(
                self.tt, self.cidfont_obj.name.split("+", 1)[1], self.subset_prefix, program
            )
            # The program is a finished subset: pyHanko must not subset it again.
            self._subset_created = True
        upem = self.units_per_em
        if upem != 1000:
            self.hb_font.scale = (1000, 1000)
            self.units_per_em = 1000
            fd = self.cidfont_obj._font_descriptor
            for kunci in ("/Ascent", "/Descent", "/CapHeight"):
                if kunci in fd:
                    fd[NameObject(kunci)] = NumberObject(round(int(fd[kunci]) * 1000 / upem))
            fd[NameObject("/FontBBox")] = ArrayObject(
                NumberObject(round(int(v) * 1000 / upem)) for v in fd["/FontBBox"]
            )

    def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
        try:
            return self._glyphs[glyph_id]
        except KeyError:
            pass
        cid, _lebar_asli = super()._get_cid_and_width(glyph_id)
        # The advance HarfBuzz uses (scaled to 1000 units), so TJ needs no correction.
        self._glyphs[glyph_id] = hasil = cid, int(self.hb_font.get_glyph_h_advance(glyph_id))
        return hasil


class _CIDFontType2Tetap(CIDFontType2):
    """CIDFontType2 whose font program is given as bytes (compiled once per batch)."""

    def __init__(self, tt, base_ps_name, subset_prefix, program: bytes):
        super().__init__(tt, base_ps_name, subset_prefix)
        self._program = program

    def set_font_file(self, writer):
        stream = StreamObject(stream_data=self._program)
        stream.compress()
        ref = writer.add_object(stream)
        self._font_descriptor[NameObject("/FontFile2")] = ref
        return ref


@dataclass(frozen=True)
class _CachedFontFactory(GlyphAccumulatorFactory):
    """GlyphAccumulatorFactory serving the font from memory.

    With ``karakter`` (every character the stamp can show), the font is cut once to those
    characters and that subset is reused, already compiled, for every document of the batch.
    """

    karakter: str = ""

    def create_font_engine(self, writer, obj_stream=None):
        if self.karakter:
            data, program = _subset_cap(self.font_file, self.karakter)
        else:
            data, program = _font_bytes(self.font_file), None
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _AkumulatorGlif(
            writer=writer,
            font_handle=io.BytesIO(data),
            font_size=self.font_size,
            ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag,
            writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code,
            obj_stream=obj_stream,
            program=program,
        )


@lru_cache(maxsize=8)
def _font_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


_TATA_LETAK = ("GDEF", "GPOS", "GSUB")


@lru_cache(maxsize=16)
def _subset_cap(path: str, karakter: str) -> tuple[bytes, bytes | None]:
    """Return (subset for shaping, the same subset to embed, or None) for ``karakter``.

    The shaping subset keeps the layout tables (kerning) for HarfBuzz; the embedded one drops
    them, as pyHanko's own subsetting does, and keeps the glyph order, so the glyph ids
    HarfBuzz returns are the embedded font's CIDs. Hinting is kept for small-size rendering.
    CFF-flavoured fonts get no ready program (None): pyHanko subsets the small font per
    document, which is cheap.
    """
    from fontTools import subset, ttLib

    opsi = subset.Options()
    opsi.notdef_outline = True  # a missing character shows as a box, not as nothing
    opsi.name_IDs = ["*"]
    opsi.name_languages = ["*"]
    tt = ttLib.TTFont(io.BytesIO(_font_bytes(path)))
    pemotong = subset.Subsetter(options=opsi)
    pemotong.populate(text=karakter)
    pemotong.subset(tt)
    buf = io.BytesIO()
    tt.save(buf)
    bentuk = buf.getvalue()
    if "glyf" not in tt:
        return bentuk, None
    tt = ttLib.TTFont(io.BytesIO(bentuk))
    for tag in _TATA_LETAK:
        if tag in tt:
            del tt[tag]
    buf = io.BytesIO()
    tt.save(buf)
    return bentuk, buf.getvalue()


KARAKTER_WAKTU = "0123456789 -:+./" + string.ascii_letters
"""Characters a signing time can bring (digits, separators, month names, ``pukul``, a time-zone
abbreviation)."""


def _escape(s: str) -> str:
    return s.replace("%", "%%")


UKURAN_HURUF = 7
"""Stamp font size in points, before the stamp is scaled to fit the signature box."""

FORMAT_WAKTU = "%d-%m-%Y %H:%M:%S %Z"
"""pyHanko's own timestamp format (its ``%(ts)s``, which the stamp does not print)."""


def format_waktu(waktu: datetime) -> str:
    """Return the signing time as the stamp prints it: ``8 Desember 2026 pukul 00.07 WITA``.

    ``waktu`` is timezone-aware and already in the office's zone; the date is written the way
    the document writes its own (``21 Mei 2024``), the time with a full stop.
    """
    from naskah.models.common import format_tanggal

    zona = waktu.tzname() or ""
    return f"{format_tanggal(waktu.date())} pukul {waktu:%H.%M} {zona}".rstrip()


JARAK_BARIS = 8
"""Stamp leading (baseline to baseline) in points, before scaling."""

LEBAR_BARIS = 40
"""Longer name or jabatan lines are wrapped at this many characters so the stamp, scaled to
fit the box as a whole, does not shrink its text below legibility."""


def _bungkus(s: str) -> list[str]:
    return textwrap.wrap(s, LEBAR_BARIS, break_long_words=False) or [s]


@lru_cache(maxsize=32)
def gaya_cap(
    nama: str, jabatan: str | None, dengan_qr: bool, font: str, ukuran_huruf: int = UKURAN_HURUF
) -> TextStampStyle:
    """Return the (cached) stamp style for one signer: QR code, name, jabatan, signing time."""
    baris = ["Ditandatangani secara elektronik oleh", *map(_escape, _bungkus(nama))]
    if jabatan:
        baris.extend(map(_escape, _bungkus(jabatan)))
    # pyHanko's own %(ts)s is its clock in the computer's zone; %(waktu)s is ours (config zone)
    baris.append("Waktu: %(waktu)s")
    teks = "\n".join(baris)
    kotak = TextBoxStyle(
        font=_CachedFontFactory(
            font,
            font_size=ukuran_huruf,
            karakter="".join(sorted(set(teks.replace("%(waktu)s", "")) | set(KARAKTER_WAKTU))),
        ),
        font_size=ukuran_huruf,
        leading=round(JARAK_BARIS * ukuran_huruf / UKURAN_HURUF),  # pyHanko wants an int
        # Left-aligned next to the QR code with a small margin (pyHanko's default is 10 pt
        # on every side, which makes the stamp scale down further).
        box_layout_rule=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MIN,
            y_align=AxisAlignment.ALIGN_MID,
            margins=Margins.uniform(2),
        ),
    )
    umum = dict(
        stamp_text=teks,
        text_box_style=kotak,
        border_width=0,
        background=None,
        timestamp_format=FORMAT_WAKTU,
    )
    if dengan_qr:
        return QRStampStyle(**umum)  # type: ignore[arg-type]
    return TextStampStyle(**umum)  # type: ignore[arg-type]
