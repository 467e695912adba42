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
* lowercase, Indonesian stop words (:mod:`naskah.cari.kata_henti`), and for prose fields
  Snowball's Indonesian stemmer.

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
    LowercaseFilter,
    SpaceSeparatedTokenizer,
    StopFilter,
    Token,
    Tokenizer,
)

from naskah.cari.ejaan import GABUNGAN, PASANGAN, satukan_ejaan
from naskah.cari.kata_henti import KATA_HENTI

_TOKEN = re.compile(r"[^\W_]+(?:[./\-][^\W_]+)*")
_PEMISAH = re.compile(r"[./\-]")
_AKHIR_PASANGAN = tuple(akhir for _, akhir in PASANGAN)
_GABUNGAN = GABUNGAN
# A NIP as printed: 8 + 6 + 1 + 3 digits (or 8 + 6 + 4).
_POLA_NIP = ((8, 6, 1, 3), (8, 6, 4))
_ADA_DIGIT = re.compile(r"\d")


_LALU: tuple[tuple[str, tuple[tuple[str, int, int], ...]], ...] = ()
"""The last few texts :func:`_pecah` split, and their tokens (newest first)."""
_INGAT = 4
"""How many: a document's fields are analysed in name order, and ``mitra``, ``peserta_nama``
and ``penandatangan_nama`` come between ``frasa`` and ``semua``."""


def _pecah(teks: str) -> list[tuple[str, int, int]]:
    """Return the raw tokens of ``teks`` as (text, start, end), after splitting and joining.

    A document's ``semua`` field begins with its ``frasa`` field (tentang and the text) and is
    analysed soon after it: when ``teks`` continues one of the last texts split, after
    whitespace, its tokens are that text's followed by the rest's, scanned from there with the
    same state (a token never spans whitespace, and every join looks back only at the tokens
    already made), so the long text is scanned once per document instead of twice.
    """
    global _LALU
    ingat = _LALU
    mulai = 0
    awal: tuple[tuple[str, int, int], ...] = ()
    for lalu, token_lalu in ingat:
        if len(lalu) > mulai and teks.startswith(lalu):
            if len(teks) == len(lalu):
                return list(token_lalu)
            if teks[len(lalu)].isspace():
                mulai, awal = len(lalu), token_lalu
    out = list(awal)
    _pindai(teks, mulai, out)
    _LALU = ((teks, tuple(out)), *ingat[: _INGAT - 1])
    return out


def _pindai(teks: str, mulai: int, out: list[tuple[str, int, int]]) -> None:
    """Append to ``out`` the tokens of ``teks`` from ``mulai`` (see :func:`_pecah`)."""
    tambah = out.append
    for m in _TOKEN.finditer(teks, mulai):
        kata = m.group()
        awal = m.start()
        if not kata.isalnum():  # holds a separator
            if not _ADA_DIGIT.search(kata):
                for bagian in _PEMISAH.split(kata):
                    tambah((bagian, awal, awal + len(bagian)))
                    awal += len(bagian) + 1
                continue
        elif out:
            c = kata[0]
            if c in "sStT" and kata.lower().startswith(_AKHIR_PASANGAN):
                depan, awal_depan, _ = out[-1]
                satu = satukan_ejaan(f"{depan} {kata}")
                if " " not in satu:
                    out[-1] = (satu, awal_depan, m.end())
                    continue
            elif (c.isdigit() and len(kata) in (3, 4) and kata.isdigit()) and _gabung_nip(
                out, kata, m.end()
            ):
                continue
        tambah((kata, awal, m.end()))


def _gabung_nip(out: list[tuple[str, int, int]], akhir: str, ujung: int) -> bool:
    """Join a NIP printed with spaces whose last group is ``akhir`` with the groups before it
    in ``out``; return whether it was one."""
    for pola in _POLA_NIP:
        k = len(pola) - 1
        if len(out) < k or len(akhir) != pola[-1]:
            continue
        bagian = [t[0] for t in out[-k:]]
        if all(b.isdigit() and len(b) == p for b, p in zip(bagian, pola[:-1], strict=True)):
            awal = out[-k][1]
            del out[-k:]
            out.append(("".join(bagian) + akhir, awal, ujung))
            return True
    return False


class AnalisNaskah(Tokenizer):
    """The whole analysis in one pass: tokens, lowercase, stop words and (for prose) stems.

    One generator instead of a tokenizer and two filters: Whoosh's analyzer chain costs a
    Python generator step per token per stage, and analysis is half of the indexing time.
    Each distinct word is analysed once per process (the term cache).
    """

    def __init__(self, potong: bool = True) -> None:
        self.potong = potong
        self._tembolok: dict[str, str | None] = {}
        self._pemotong: Any = None

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.potong == self.potong

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.potong))

    def __getstate__(self) -> dict[str, Any]:
        return {"potong": self.potong}  # the C stemmer and the cache are rebuilt on use

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state.get("potong", True))  # type: ignore[misc]

    def istilah(self, kata: str) -> str | None:
        """Return the index term of one raw token, or None for a stop word."""
        hasil = self._tembolok.get(kata, "")
        if hasil != "":
            return hasil
        kecil = kata.lower()
        if kecil in KATA_HENTI:
            hasil = None
        elif not self.potong or not kecil.isalpha():
            hasil = kecil
        else:
            gabungan = next((dasar for g, dasar in _GABUNGAN if g in kecil), None)
            if gabungan is not None:
                hasil = gabungan
            else:
                if self._pemotong is None:
                    self._pemotong = Stemmer.Stemmer("indonesian")
                hasil = self._pemotong.stemWord(kecil)
        if len(self._tembolok) < 500_000:
            self._tembolok[kata] = hasil
        return hasil

    def __call__(  # Whoosh's tokenizer signature
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
        t.boost = 1.0
        if not tokenize:
            t.original = t.text = value.lower()
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        mentah = _pecah(value)
        istilah = self.istilah
        pos = start_pos
        for kata, awal, akhir in mentah:
            teks = istilah(kata)
            if teks is None:
                if removestops:
                    continue
                t.stopped = True
                t.text = kata.lower()
            else:
                t.stopped = False
                t.text = teks
            if keeporiginal:
                t.original = kata
            if positions:
                t.pos = pos
            if chars:
                t.startchar = start_char + awal
                t.endchar = start_char + akhir
            pos += 1
            yield t


def analis_teks() -> AnalisNaskah:
    """Return the analyzer of prose fields: tokens, stop words, stems."""
    return AnalisNaskah(potong=True)


def analis_nama() -> AnalisNaskah:
    """Return the analyzer of person names: tokens and stop words, no stemming."""
    return AnalisNaskah(potong=False)


def analis_kode() -> Composable:
    """Return the analyzer of exact codes (numbers, their parts, NIP, NIK): one term per
    space-separated value, lowercased; stop words dropped so a query's "dan" never has to
    match a code."""
    return SpaceSeparatedTokenizer() | LowercaseFilter() | StopFilter(stoplist=KATA_HENTI)


#: What is stored beside the index: an index analysed otherwise must be rebuilt.
PENGATURAN: dict[str, Any] = {
    "pemotong": "snowball-indonesian",
    "kata_henti": sorted(KATA_HENTI),
    "ejaan": [list(p) for p in PASANGAN],
    "gabungan": [list(g) for g in _GABUNGAN],
    "token": _TOKEN.pattern,
}
