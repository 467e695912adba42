"""The satisfaction index (Indeks Kepuasan Masyarakat): owns its arithmetic, grades and sample.

Exactly as Peraturan Menteri PANRB Nomor 14 Tahun 2017 defines it:

- NRR per unsur (nilai rata-rata) = the sum of that unsur's scores ÷ the number of respondents;
- IKM = (Σ NRR × 1/9) × 25, i.e. the mean NRR (1..4) converted to 25..100. The weight is the
  fraction 1/9 itself (:data:`BOBOT`): computed with :class:`~fractions.Fraction`, rounded once,
  half up, to two decimals for display. Rounding the weight to 0.11, as many worked examples do,
  turns 91.48 into 90.56 on the same answers;
- the quality grade (mutu) of the rounded IKM: A Sangat Baik 88.31–100.00, B Baik 76.61–88.30,
  C Kurang Baik 65.00–76.60, D Tidak Baik 25.00–64.99 (:data:`MUTU`); an unsur's NRR is graded
  by the regulation's NRR intervals (:data:`TABEL_NRR`: 1.00–2.5996, 2.60–3.064, 3.0644–3.532,
  3.5324–4.00), which are the same intervals divided by 25;
- the number of respondents a period needs for the number of people served: the Krejcie and
  Morgan table the regulation gives (:func:`sampel_minimal`).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from naskah.errors import UltError

__all__ = [
    "BOBOT",
    "KREJCIE_MORGAN",
    "MUTU",
    "TABEL_NRR",
    "HasilIKM",
    "Mutu",
    "bulat",
    "dari_jumlah",
    "hitung",
    "mutu_ikm",
    "mutu_nrr",
    "sampel_minimal",
]

BOBOT = Fraction(1, 9)
"""The weight of each of the nine unsur: 1/9 exactly (never 0.11)."""

JUMLAH_UNSUR = 9


@dataclass(frozen=True)
class Mutu:
    """A quality grade: its letter, the performance words and the IKM interval."""

    huruf: str
    kinerja: str
    bawah: Decimal
    atas: Decimal
    nrr_bawah: Decimal
    nrr_atas: Decimal
    persepsi: int
    """The perception value (nilai persepsi) 1..4 of the regulation's table."""


MUTU: tuple[Mutu, ...] = (
    Mutu("A", "Sangat Baik", Decimal("88.31"), Decimal("100.00"),
         Decimal("3.5324"), Decimal("4.00"), 4),
    Mutu("B", "Baik", Decimal("76.61"), Decimal("88.30"),
         Decimal("3.0644"), Decimal("3.532"), 3),
    Mutu("C", "Kurang Baik", Decimal("65.00"), Decimal("76.60"),
         Decimal("2.60"), Decimal("3.064"), 2),
    Mutu("D", "Tidak Baik", Decimal("25.00"), Decimal("64.99"),
         Decimal("1.00"), Decimal("2.5996"), 1),
)  # fmt: skip
"""The regulation's table of perception values, NRR intervals, IKM intervals and grades."""

TABEL_NRR = tuple(sorted(MUTU, key=lambda m: m.persepsi))
"""The same table ordered by perception value 1..4 (as the regulation prints it)."""


def bulat(x: Fraction | Decimal | int, tempat: int = 2) -> Decimal:
    """Return ``x`` rounded half up to ``tempat`` decimals (the way figures are reported)."""
    if isinstance(x, Fraction):
        # exactly: half up on the fraction itself, never on a truncated decimal expansion
        skala = 10**tempat
        q = x * skala
        n = math.floor(q + Fraction(1, 2)) if q >= 0 else -math.floor(-q + Fraction(1, 2))
        return Decimal(n).scaleb(-tempat)
    return Decimal(x).quantize(Decimal(1).scaleb(-tempat), rounding=ROUND_HALF_UP)


def mutu_ikm(ikm: Fraction | Decimal) -> Mutu:
    """Return the grade of an IKM value (rounded to two decimals first, as it is reported)."""
    n = bulat(ikm)
    if n < MUTU[-1].bawah or n > MUTU[0].atas:
        raise UltError(f"IKM {n} di luar rentang 25,00–100,00; periksa perhitungannya.")
    for m in MUTU:
        if n >= m.bawah:
            return m
    raise AssertionError("unreachable")  # pragma: no cover


def mutu_nrr(nrr: Fraction | Decimal) -> Mutu:
    """Return the grade of an unsur's NRR (1..4): its interval, i.e. NRR × 25 graded as IKM."""
    return mutu_ikm(Fraction(nrr) * 25)


@dataclass(frozen=True)
class HasilIKM:
    """The index of one group of responses."""

    responden: int
    jumlah: tuple[int, ...]
    """Sum of scores per unsur, U1..U9."""
    nrr: tuple[Fraction, ...]
    """NRR per unsur (exact)."""
    ikm: Fraction
    """The index, exact (25..100)."""

    @property
    def nilai(self) -> Decimal:
        """The index as reported: two decimals, half up."""
        return bulat(self.ikm)

    @property
    def mutu(self) -> Mutu:
        return mutu_ikm(self.ikm)

    @property
    def nrr_tertimbang(self) -> tuple[Fraction, ...]:
        """NRR × 1/9 per unsur (the regulation's "NRR tertimbang")."""
        return tuple(n * BOBOT for n in self.nrr)

    def mutu_unsur(self) -> tuple[Mutu, ...]:
        return tuple(mutu_nrr(n) for n in self.nrr)

    def terendah(self) -> int:
        """Return the index (0-based) of the unsur with the lowest NRR (the first on a tie)."""
        return min(range(len(self.nrr)), key=lambda i: (self.nrr[i], i))


def hitung(jawaban: Sequence[Sequence[int]]) -> HasilIKM | None:
    """Return the index of ``jawaban`` (one row of nine scores 1..4 per respondent), or None
    without any respondent."""
    n = len(jawaban)
    if n == 0:
        return None
    jumlah = [0] * JUMLAH_UNSUR
    for baris in jawaban:
        if len(baris) != JUMLAH_UNSUR:
            raise UltError("Setiap jawaban survei berisi sembilan nilai, U1 sampai U9.")
        for i, v in enumerate(baris):
            if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 4:
                raise UltError("Nilai jawaban survei harus 1, 2, 3 atau 4.")
            jumlah[i] += v
    nrr = tuple(Fraction(j, n) for j in jumlah)
    ikm = sum((x * BOBOT for x in nrr), Fraction(0)) * 25
    return HasilIKM(n, tuple(jumlah), nrr, ikm)


def dari_jumlah(responden: int, jumlah: Sequence[int]) -> HasilIKM | None:
    """Return the index from the number of respondents and the sum of each unsur's scores."""
    if responden <= 0:
        return None
    if len(jumlah) != JUMLAH_UNSUR or any(not responden <= j <= 4 * responden for j in jumlah):
        raise UltError("Jumlah nilai survei tidak sesuai dengan jumlah responden.")
    nrr = tuple(Fraction(j, responden) for j in jumlah)
    return HasilIKM(responden, tuple(jumlah), nrr, sum(nrr, Fraction(0)) * BOBOT * 25)


# -- sample size -----------------------------------------------------------------------------------

KREJCIE_MORGAN: tuple[tuple[int, int], ...] = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113),
    (170, 118), (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144),
    (240, 148), (250, 152), (260, 155), (270, 159), (280, 162), (290, 165), (300, 169),
    (320, 175), (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205),
    (460, 210), (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248),
    (750, 254), (800, 260), (850, 265), (900, 269), (950, 274), (1000, 278), (1100, 285),
    (1200, 291), (1300, 297), (1400, 302), (1500, 306), (1600, 310), (1700, 313),
    (1800, 317), (1900, 320), (2000, 322), (2200, 327), (2400, 331), (2600, 335),
    (2800, 338), (3000, 341), (3500, 346), (4000, 351), (4500, 354), (5000, 357),
    (6000, 361), (7000, 364), (8000, 367), (9000, 368), (10000, 370), (15000, 375),
    (20000, 377), (30000, 379), (40000, 380), (50000, 381), (75000, 382), (1000000, 384),
)  # fmt: skip
"""Population (N) → sample (S), Krejcie and Morgan (1970), as the regulation's annex gives it."""

_POPULASI = [n for n, _ in KREJCIE_MORGAN]


def sampel_minimal(populasi: int) -> int:
    """Return the respondents needed for ``populasi`` people served: the table's row for the
    smallest population not below it (all of them when fewer than 10; 384 above the table)."""
    if populasi <= 0:
        return 0
    if populasi < _POPULASI[0]:
        return populasi
    i = bisect.bisect_left(_POPULASI, populasi)
    if i >= len(KREJCIE_MORGAN):
        return KREJCIE_MORGAN[-1][1]
    return KREJCIE_MORGAN[i][1]
