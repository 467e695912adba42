"""Spellings that staff use interchangeably, made one before any backend analyses the text.

"kerja sama" and "kerjasama", "tanda tangan" and "tandatangan", "nara sumber" and "narasumber"
are both written in real decrees. Every backend passes documents *and* queries through
:func:`satukan_ejaan`, so each spelling finds the other and both backends agree on it.
Affixed forms join too ("bekerja sama" → "bekerjasama", "ditanda tangani" → "ditandatangani"),
so the stemmer sees one word.
"""

from __future__ import annotations

import re

#: (first part, second part) of the compounds written with or without a space.
PASANGAN: tuple[tuple[str, str], ...] = (
    ("kerja", "sama"),
    ("tanda", "tangan"),
    ("nara", "sumber"),
)

#: The joined compounds and the bare compound any affixed form of one is analysed as, by every
#: backend: Snowball mangles them ("kerjasama" → "rjasama" but "bekerjasama" → "kerjasama"),
#: and "penandatangan"/"menandatangani" drop the t after pe-/me-.
GABUNGAN: tuple[tuple[str, str], ...] = (
    *((awal + akhir, awal + akhir) for awal, akhir in PASANGAN),
    ("nandatangan", "tandatangan"),
)

# Only Indonesian affixes may stand around a compound, so "pekerja samaran" stays two words.
_AWALAN = r"(?:ber|be|di|mem|men|me|pe|per|ter|ke)?"
_AKHIRAN = r"(?:nya|kan|an|i)?"
_POLA = re.compile(
    rf"\b({_AWALAN})("
    + "|".join(f"{awal}\\s+{akhir}" for awal, akhir in PASANGAN)
    + rf")({_AKHIRAN})\b",
    re.IGNORECASE,
)


def satukan_ejaan(teks: str) -> str:
    """Return ``teks`` with every spaced compound of :data:`PASANGAN` written as one word."""
    return _POLA.sub(lambda m: m.group(1) + re.sub(r"\s+", "", m.group(2)) + m.group(3), teks)
