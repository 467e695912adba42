"""Measure how much of each page's body is left empty at the bottom (issue 21's page flow).

A page's body runs from the top margin down to its footer (the TTE footnote and the page
number, whose top varies with the footnote's length). The lowest inked pixel row above the
footer (text, table rules, a chart's lines) ends the page's content; what lies below it, as a
share of the body's height, is the page's empty share.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

MARGIN_PT = 2.0 / 2.54 * 72
"""Top and bottom page margin of every template (2 cm)."""
DPI = 36


@dataclass(frozen=True)
class Halaman:
    """One page: its text words ``(y_min, y_max, word)`` and the body's bounds (points)."""

    kata: tuple[tuple[float, float, str], ...]
    atas: float
    batas: float
    bawah_isi: float

    @property
    def kosong(self) -> float:
        """The empty share of the body (0 full, 1 blank)."""
        return (self.batas - self.bawah_isi) / (self.batas - self.atas)

    @property
    def ruang(self) -> float:
        """The empty room below the content (points)."""
        return self.batas - self.bawah_isi

    def teks(self) -> str:
        return " ".join(k for _, _, k in self.kata)


def ukur(pdf: Path) -> list[Halaman]:
    """Return every page of ``pdf`` measured (pdftotext -bbox for the footer, pdftoppm for ink)."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout  # fmt: skip
    halaman = bbox.split("<page ")[1:]
    hasil = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(pdf), f"{tmp}/h"],
                       check=True)  # fmt: skip
        gambar = sorted(Path(tmp).glob("h-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        assert len(gambar) == len(halaman)
        for hal, berkas in zip(halaman, gambar, strict=True):
            tinggi = float(re.search(r'height="([\d.]+)"', hal).group(1))  # type: ignore[union-attr]
            kata = tuple(
                (float(a), float(b), k)
                for a, b, k in re.findall(r'yMin="([\d.]+)"[^>]*yMax="([\d.]+)">([^<]*)<', hal)
            )
            # the footer: anything starting inside the bottom margin (or just above it, where
            # a two-line footnote pushes the footer up)
            kaki = [a for a, _, _ in kata if a > tinggi - MARGIN_PT - 10]
            batas = min(kaki) - 2 if kaki else tinggi - MARGIN_PT
            with Image.open(berkas) as im:
                abu = im.convert("L")
            skala = abu.height / tinggi
            px = abu.load()
            bawah = MARGIN_PT
            for r in range(int(batas * skala) - 1, int(MARGIN_PT * skala), -1):
                if any(px[c, r] < 160 for c in range(abu.width)):  # type: ignore[index]
                    bawah = (r + 1) / skala
                    break
            isi = tuple(k for k in kata if k[0] < batas)
            hasil.append(Halaman(isi, MARGIN_PT, batas, bawah))
    return hasil
