"""What a visible signature looks like and where it goes.

This module owns the contract with the renderer and the stamp style:

* **Marker contract.** The rendered PDF carries the text ``[[TTE]]`` (tiny, white) at the
  top-left corner of the box the signature block reserved for the signature. The first
  occurrence in page order is the main signature. The marker's text origin (its baseline start,
  in default user space) is the box's top-left corner; the box extends ``lebar`` points to the
  right and ``tinggi`` points down (default 170 x 70 pt, configurable in ``[tte]``).
* **Stamp.** A QR code with the verification address (``url_verifikasi`` with ``{id}``
  replaced by the document id), the signer's name and jabatan and the signing time, set in a
  TrueType font that is embedded (subset) in the PDF so a PDF/A stays PDF/A.

The parsed stamp style (and the font bytes) are cached so a batch builds them once.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import QRStampStyle, TextStampStyle

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
        except Exception:  # noqa: BLE001 - a page whose text cannot be read has no marker
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


@dataclass(frozen=True)
class _CachedFontFactory(GlyphAccumulatorFactory):
    """GlyphAccumulatorFactory that reads the font file once and serves it from memory."""

    def create_font_engine(self, writer, obj_stream=None):  # type: ignore[no-untyped-def]
        data = _font_bytes(self.font_file)
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(data),
            font_size=self.font_size,
            ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag,
            writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code,
            obj_stream=obj_stream,
        )


@lru_cache(maxsize=8)
def _font_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


def _escape(s: str) -> str:
    return s.replace("%", "%%")


@lru_cache(maxsize=32)
def gaya_cap(
    nama: str, jabatan: str | None, dengan_qr: bool, font: str, ukuran_huruf: int = 7
) -> TextStampStyle:
    """Return the (cached) stamp style for one signer: QR code, name, jabatan, signing time."""
    baris = ["Ditandatangani secara elektronik oleh", _escape(nama)]
    if jabatan:
        baris.append(_escape(jabatan))
    baris.append("Waktu: %(ts)s")
    teks = "\n".join(baris)
    kotak = TextBoxStyle(
        font=_CachedFontFactory(font, font_size=ukuran_huruf), font_size=ukuran_huruf
    )
    umum = dict(
        stamp_text=teks,
        text_box_style=kotak,
        border_width=0,
        background=None,
        timestamp_format="%d-%m-%Y %H:%M:%S %Z",
    )
    if dengan_qr:
        return QRStampStyle(**umum)  # type: ignore[arg-type]
    return TextStampStyle(**umum)  # type: ignore[arg-type]
