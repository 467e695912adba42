"""Indonesian text analysis for the Whoosh backend: how documents and queries become terms.

One tokenizer for every text field, then filters:

* tokens are runs of letters and digits; a token holding a digit keeps its inner ``.``, ``/``
  and ``-`` whole, so document numbers (``0512/c7.24/hk.03.01/2024``), classification codes
  (``hk.03.01``), unit codes (``c7.24``) and dates stay one exact term; a word without digits is
  split at them (``undang-undang`` → ``undang``, ``undang``; ``s.pd`` → ``s``, ``pd``);
* a NIP printed with spaces (``19780512 200312 2 004``) becomes its 18 digits;
* the spelling pairs of :mod:`naskah.cari.ejaan` are joined (``kerja sama`` → ``kerjasama``,
  ``bekerja sama`` → ``bekerjasama``): two adjacent tokens are merged when
  :func:`~naskah.cari.ejaan.satukan_ejaan` joins them, so highlighting still knows where each
  word stood in the original text;
* lowercase, Indonesian stop words, and for prose fields Snowball's Indonesian stemmer.

Why PyStemmer's Snowball stemmer and not Sastrawi: Sastrawi's root-word dictionary is licensed
CC BY-NC-SA (non-commercial, share-alike: unfit for a toolkit others redeploy freely) and it is
about 500× slower (dictionary look-ups per affix candidate, ~70 µs a word against ~0.14 µs), which
alone would miss the indexing bar of issue 10 on a 100,000-document archive. Snowball's
algorithmic stemmer is BSD-licensed, removes the same particles, possessives and affixes, and is
deterministic, so documents and queries always meet on the same stem.

The analyzers are pickled into the Whoosh index's table of contents, so the classes here must
keep their import path; renaming one makes old indexes unreadable (they are then rebuilt,
never used wrongly: see :mod:`naskah.cari.whoosh`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import Stemmer
from whoosh.analysis import (
    Composable,
    Filter,
    LowercaseFilter,
    SpaceSeparatedTokenizer,
    Token,
    Tokenizer,
)

from naskah.cari.ejaan import PASANGAN, satukan_ejaan

#: Indonesian function words that carry no meaning in a search. Kept short on purpose: words
#: that name things in official documents ("tahun", "kepala", "pendidikan") are not here.
#: "nomor"/"no" are here so "nomor 0512/…" finds the number alone.
_KATA_HENTI = """
    ada adalah agar akan antara apa apabila atas atau bagi bahwa baik beberapa begitu
    belum bila dalam dan dapat dari daripada demikian dengan di dia hal hanya harus ia ini itu
    jika juga kami kamu karena ke kepada kita maka masih mereka namun nomor no oleh pada para
    saat sebagai sebagaimana secara sedang sehingga sejak semua serta setiap sudah supaya tanpa
    telah tentang terhadap tersebut tetapi untuk yaitu yakni yang
"""
KATA_HENTI: frozenset[str] = frozenset(_KATA_HENTI.split())

_TOKEN = re.compile(r"[^\W_]+(?:[./\-][^\W_]+)*")
_PEMISAH = re.compile(r"[./\-]")
_AKHIR_PASANGAN = tuple(akhir for _, akhir in PASANGAN)
#: The joined compounds; Snowball mangles them ("kerjasama" → "rjasama" but "bekerjasama" →
#: "kerjasama"), so any affixed form of one is stemmed to the bare compound instead.
_GABUNGAN = tuple(awal + akhir for awal, akhir in PASANGAN)
# A NIP as printed: 8 + 6 + 1 + 3 digits (or 8 + 6 + 4).
_POLA_NIP = ((8, 6, 1, 3), (8, 6, 4))


def _pecah(teks: str) -> list[tuple[str, int, int]]:
    """Return the raw tokens of ``teks`` as (text, start, end), after splitting and joining."""
    mentah: list[tuple[str, int, int]] = []
    for m in _TOKEN.finditer(teks):
        kata = m.group()
        if ("." in kata or "/" in kata or "-" in kata) and not any(c.isdigit() for c in kata):
            awal = m.start()
            for bagian in _PEMISAH.split(kata):
                mentah.append((bagian, awal, awal + len(bagian)))
                awal += len(bagian) + 1
        else:
            mentah.append((kata, m.start(), m.end()))
    out: list[tuple[str, int, int]] = []
    i, n = 0, len(mentah)
    while i < n:
        kata, awal, akhir = mentah[i]
        if kata.isdigit() and len(kata) == 8:
            gabung = _gabung_nip(mentah, i)
            if gabung:
                j, digit = gabung
                out.append((digit, awal, mentah[j - 1][2]))
                i = j
                continue
        if i + 1 < n:
            berikut = mentah[i + 1][0]
            if berikut.lower().startswith(_AKHIR_PASANGAN):
                satu = satukan_ejaan(f"{kata} {berikut}")
                if " " not in satu:
                    out.append((satu, awal, mentah[i + 1][2]))
                    i += 2
                    continue
        out.append((kata, awal, akhir))
        i += 1
    return out


def _gabung_nip(mentah: list[tuple[str, int, int]], i: int) -> tuple[int, str] | None:
    for pola in _POLA_NIP:
        if i + len(pola) > len(mentah):
            continue
        bagian = [mentah[i + k][0] for k in range(len(pola))]
        if all(b.isdigit() and len(b) == p for b, p in zip(bagian, pola, strict=True)):
            return i + len(pola), "".join(bagian)
    return None


class TokenizerNaskah(Tokenizer):  # type: ignore[misc]
    """Split text into lowercase terms; numbers, codes and spaced NIPs stay whole."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(  # noqa: PLR0913 - Whoosh's tokenizer signature
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        """Yield one Whoosh token per term of ``value``."""
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value.lower()
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        for pos, (kata, awal, akhir) in enumerate(_pecah(value)):
            t.text = kata.lower()
            if keeporiginal:
                t.original = kata
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + awal
                t.endchar = start_char + akhir
            yield t


class PenghentiNaskah(Filter):  # type: ignore[misc]
    """Drop Indonesian stop words (positions are renumbered so phrases still line up)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        """Yield the tokens that are not stop words."""
        geser = 0
        for t in tokens:
            if t.text in KATA_HENTI:
                geser += 1
                if not t.removestops:
                    t.stopped = True
                    yield t
                continue
            if t.positions:
                t.pos -= geser
            yield t


class PemotongNaskah(Filter):  # type: ignore[misc]
    """Reduce alphabetic words to their Snowball Indonesian stem (cached per process)."""

    def __init__(self) -> None:
        self._pemotong: Any = None
        self._tembolok: dict[str, str] = {}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __getstate__(self) -> dict[str, Any]:
        return {}  # the C stemmer does not pickle; it is rebuilt on first use

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__()  # type: ignore[misc]

    def potong(self, kata: str) -> str:
        """Return the stem of ``kata`` (words with digits are returned unchanged)."""
        hasil = self._tembolok.get(kata)
        if hasil is None:
            gabungan = next((g for g in _GABUNGAN if g in kata), None)
            if gabungan is not None:
                hasil = gabungan
            elif not kata.isalpha():
                hasil = kata
            else:
                if self._pemotong is None:
                    self._pemotong = Stemmer.Stemmer("indonesian")
                hasil = self._pemotong.stemWord(kata)
            if len(self._tembolok) < 200_000:
                self._tembolok[kata] = hasil
        return hasil

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        """Yield the tokens with their text stemmed."""
        for t in tokens:
            if not t.stopped:
                t.text = self.potong(t.text)
            yield t


def analis_teks() -> Composable:
    """Return the analyzer of prose fields: tokens, stop words, stems."""
    return TokenizerNaskah() | PenghentiNaskah() | PemotongNaskah()


def analis_nama() -> Composable:
    """Return the analyzer of person names: tokens and stop words, no stemming."""
    return TokenizerNaskah() | PenghentiNaskah()


def analis_kode() -> Composable:
    """Return the analyzer of exact codes (numbers, their parts, NIP, NIK): one term per
    space-separated value, lowercased; stop words dropped so a query's "dan" never has to
    match a code."""
    return SpaceSeparatedTokenizer() | LowercaseFilter() | PenghentiNaskah()


#: What is stored beside the index: an index analysed otherwise must be rebuilt.
PENGATURAN: dict[str, Any] = {
    "pemotong": "snowball-indonesian",
    "kata_henti": sorted(KATA_HENTI),
    "ejaan": [list(p) for p in PASANGAN],
    "token": _TOKEN.pattern,
}
