"""Balanced line breaks for centred title and kop lines, as a typist would break them.

A word processor fills each line and leaves the rest to the last one, so a long title ends on
a lone word (``… PROVINSI KALIMANTAN`` / ``TIMUR,``). This module measures the words with the
font the PDF uses (fontconfig finds it; a character-count estimate when it is missing) and
splits a text into the fewest lines that fit, with lengths as even as possible. Each line is
then printed as its own centred paragraph, so LibreOffice and Word do not break it again.
"""

from __future__ import annotations

import functools
import itertools
import re
import subprocess
from collections.abc import Callable

Pengukur = Callable[[str], float]
"""Return the printed width of a text in points."""

CADANGAN_LEBAR_HURUF = 0.62
"""Average capital width in ems (Bookman-like fonts) used when the font file is not found."""


@functools.lru_cache(maxsize=16)
def _berkas_font(nama: str, tebal: bool) -> str | None:
    pola = f"{nama}:bold" if tebal else nama
    try:
        hasil = subprocess.run(
            ["fc-match", "-f", "%{file}", pola], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return hasil.stdout.strip() or None


@functools.lru_cache(maxsize=16)
def pengukur(nama_font: str, ukuran: float, *, tebal: bool = False) -> Pengukur:
    """Return a width function for ``nama_font`` at ``ukuran`` points (bold when ``tebal``)."""
    berkas = _berkas_font(nama_font, tebal)
    if berkas:
        try:
            from PIL import ImageFont

            font = ImageFont.truetype(berkas, size=int(ukuran * 20))
            return lambda s: font.getlength(s) / 20.0
        except (OSError, ValueError):
            pass
    return lambda s: len(s) * ukuran * CADANGAN_LEBAR_HURUF


_PEMISAH = re.compile(r"[ \t\n]+")


def pecah_seimbang(teks: str, lebar: float, ukur: Pengukur) -> list[str]:
    """Return ``teks`` as the fewest lines no wider than ``lebar``, broken as a typist would.

    Among the breaks with the fewest lines, an inverted pyramid wins (no line shorter than the
    one below it, so the last line is never a lone word), then the shortest longest line, then
    the most even lines. A single word wider than ``lebar`` stays on its own line.
    """
    kata = _PEMISAH.split(teks.strip(" \t\n"))  # a no-break space (rekat) keeps words together
    kata = [k for k in kata if k]
    if not kata:
        return []
    n = len(kata)
    spasi = ukur(" ")
    w = [ukur(k) for k in kata]

    def lebar_baris(i: int, j: int) -> float:
        return sum(w[i:j]) + spasi * (j - i - 1)

    if n > BATAS_KATA:  # a paragraph, not a title: fill greedily
        return _isi_rakus(kata, w, spasi, lebar)
    k = len(_isi_rakus(kata, w, spasi, lebar))  # greedy filling gives the fewest lines

    def susun(awal: int, sisa: int) -> list[list[int]]:
        """Return the ways to break words[awal:] into ``sisa`` lines that fit."""
        if sisa == 1:
            muat = lebar_baris(awal, n) <= lebar or n - awal == 1
            return [[n]] if muat else []
        out = []
        for j in range(awal + 1, n - sisa + 2):
            if lebar_baris(awal, j) > lebar and j - awal > 1:
                break
            out += [[j, *lanjut] for lanjut in susun(j, sisa - 1)]
        return out

    calon = []
    for putus in susun(0, k):
        batas = [0, *putus]
        lb = [lebar_baris(a, b) for a, b in itertools.pairwise(batas)]
        terbalik = sum(1 for x, y in itertools.pairwise(lb) if x < y)
        calon.append(((terbalik, max(lb), sum(x * x for x in lb)), batas))
    if calon:
        _, batas = min(calon)
        return [" ".join(kata[a:b]) for a, b in itertools.pairwise(batas)]
    raise AssertionError("unreachable: one word per line always fits")


BATAS_KATA = 30
"""Longer texts are filled greedily (titles are shorter)."""


def isi_baris(teks: str, lebar: float, ukur: Pengukur) -> list[str]:
    """Return ``teks`` as the lines a word processor fills ``lebar`` wide (greedy filling)."""
    kata = teks.split()
    return _isi_rakus(kata, [ukur(k) for k in kata], ukur(" "), lebar) if kata else [""]


def jumlah_baris(teks: str, lebar: float, ukur: Pengukur) -> int:
    """Return how many lines ``teks`` fills when a word processor fills lines ``lebar`` wide."""
    return len(isi_baris(teks, lebar, ukur))


def _isi_rakus(kata: list[str], w: list[float], spasi: float, lebar: float) -> list[str]:
    baris: list[list[str]] = [[]]
    isi = 0.0
    for k, lk in zip(kata, w, strict=True):
        tambah = lk + (spasi if baris[-1] else 0.0)
        if baris[-1] and isi + tambah > lebar:
            baris.append([k])
            isi = lk
        else:
            baris[-1].append(k)
            isi += tambah
    return [" ".join(b) for b in baris]
