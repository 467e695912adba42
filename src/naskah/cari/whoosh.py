"""The Whoosh search backend: an index folder inside the archive, written by one process at a time.

Layout, all derived data that ``naskah arsip indeks-ulang`` can rebuild from the archive::

    <arsip>/.indeks/            the Whoosh index files and skema.json (schema version, analysis)
    <arsip>/.indeks.kunci       the writers' lock (flock: the kernel drops it when a writer dies)
    <arsip>/.indeks.baru/       a rebuild in progress; swapped in whole when complete

Writers go through one batch (:meth:`MesinCariWhoosh.tulis`): it takes the lock (waiting up to
``batas_tunggu`` seconds), commits once when the block ends without error, cancels otherwise, and
always releases the lock. Whoosh's own commit writes the new segment files first and its table of
contents last under a temporary name renamed into place, so a writer killed mid-commit leaves the
previous state readable; its stray files are cleaned by the next commit. AsyncWriter is never
used: it would silently buffer documents in a thread when the lock is taken.

An index that is missing, unreadable or of another schema version is never wiped or rebuilt
behind the user's back: every operation raises :class:`~naskah.errors.CariError` telling them
to run ``naskah arsip indeks-ulang``.

How a query stays fast on a large archive (found by profiling at 10k-30k documents; Whoosh is
pure Python, so the cost is the number of matcher steps and of posting blocks decoded):

* every filter (kind, dates, unit, classification) is a clause of one intersection that scores
  nothing (:class:`_Saring`), never a Whoosh ``filter`` (a set of every document of the filter,
  computed over the whole archive first); dates are whole-month terms plus a day range only
  inside a month cut by either end;
* the clauses are ordered rarest first, and a posting list leaps inside a block by bisection
  (:func:`_lompat_ke`), not one ``next()`` at a time;
* counting steps the matcher; Whoosh's ``all_ids()`` on an intersection builds a set of every
  id of every side;
* a first count, unscored and stopped at :data:`BATAS_PERINGKAT` matches, decides: few matches
  are all ranked (the collector's count is exact, ``optimize=False``); many are ranked only in
  the newest months expected to hold about that many (:meth:`MesinCariWhoosh._cari_terbaru`),
  the months read once per searcher as one sorted list of document numbers;
* ``semua`` keeps no positions (its blocks decode cheaply); quoted phrases read ``frasa``;
* a posting block's header, ids and weights, and a term's place in the term table, are read
  once per segment reader (:func:`_ke_blok`, :func:`_rentang_istilah`): a clerk's answer asks
  up to three queries over the same words, and a service the same common words again;
* few matches (all found by the first count) are scored leaf by leaf outside Whoosh's
  collector, which then ranks only the shortlist that can reach the top hits
  (:func:`_peringkat_daftar`): the same hits in the same order as ranking every match.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import json
import os
import pickle
import re
import shutil
import struct
import sys
import time
import warnings
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from io import BytesIO
from itertools import accumulate
from pathlib import Path
from typing import Any, Final

import naskah.cari._whoosh_ringan  # noqa: F401  (before any Whoosh module: see there)

# isort: split
from whoosh import highlight
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3PerDocReader
from whoosh.collectors import TopCollector
from whoosh.columns import VarBytesColumn
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import (
    FileFormatError,
    HashReader,
    _dir_entry,
    _directory_size,
    _hash_functions,
)
from whoosh.matching import (
    AndMaybeMatcher,
    AndNotMatcher,
    FilterMatcher,
    IntersectionMatcher,
    ListMatcher,
    Matcher,
    NullMatcher,
    NullMatcherClass,
    ReadTooFar,
    UnionMatcher,
    WrappingMatcher,
)
from whoosh.query import (
    And,
    AndMaybe,
    AndNot,
    Every,
    NullQuery,
    NumericRange,
    Or,
    Phrase,
    Prefix,
    Query,
    Term,
)
from whoosh.query.spans import SpanNear2, SpanWrappingMatcher
from whoosh.query.wrappers import WrappingQuery
from whoosh.reading import TermNotFound
from whoosh.system import _INT_SIZE, unpack_int
from whoosh.util import make_binary_tree
from whoosh.util.numeric import byte_to_length

from naskah.cari._analisis import PENGATURAN, analis_nama, analis_teks
from naskah.cari._skema import (
    BOBOT_PERINGKAT,
    FIELD_NAMA,
    VERSI_SKEMA,
    angka_tanggal,
    buat_skema,
    isian,
    tanggal_angka,
)
from naskah.cari.aturan import (
    BATAS_PERINGKAT,
    angka_identitas,
    batas_salah_ketik,
    galat_kueri_kosong,
    istilah_potongan_kueri,
    jarak_ketik,
    kunci_nomor,
    mirip,
    periksa_kueri,
    rapatkan_nomor,
    satukan_nip,
)
from naskah.cari.dokumen import DokumenIndeks, Ejaan, Hasil, HasilCari, Kueri
from naskah.cari.ejaan import satukan_ejaan
from naskah.errors import CariError, InputError

NAMA_INDEKS = ".indeks"
BERKAS_SKEMA = "skema.json"
BOBOT_NOMOR = 50.0
"""Weight of the exact whole-number term: typing a whole number puts that document first."""
BOBOT_POTONGAN = 30.0
"""Weight of a typed part of a number (``0274/C7.22``): the documents with that number come
before those merely citing it."""
BATAS_FRASA = 250
"""The same for a query with a quoted phrase, whose every candidate costs the decoding of
its words' positions (about 0.1 ms a document on a long decree)."""
BATAS_CUPLIKAN = 20_000
"""Characters of a document's text searched for a snippet (the start of a long decree)."""
_MEMORI_PENULIS_MB = 128
_MEMORI_BANGUN_ULANG_MB = 256
"""Each rebuild sub-writer's pool before it spills a sorted run to disk (fewer runs to merge
at the end); a sub-writer peaked near 230 MiB with 128."""
# The index is read without mmap: a mapped compound segment is read through a BytesIO over
# the mapping, which copies every file inside it into memory, so each search process held
# the whole index twice (about 600 MiB at 100,000 documents), and again at each reopen after
# a commit; unmapped, a segment's files are windows on one open file.
_PERINTAH_ULANG = "jalankan `naskah arsip indeks-ulang` untuk membangunnya ulang dari arsip"


def _lompat_ke(self: Any, targetid: int) -> None:
    """Move a posting list to the first id at or after ``targetid`` (Whoosh's own
    ``W3LeafMatcher.skip_to`` with a binary search inside the block).

    Whoosh steps through a block of 128 postings one ``next()`` at a time; an intersection of a
    rare word with a month, a kind or a common word leaps into every block it touches, so a
    query spent most of its time stepping. Same result, a bisection instead of the walk.
    """
    if not self.is_active():
        raise ReadTooFar
    if targetid <= self.id():
        return
    if targetid > self._maxid:
        self._skip_to_block(lambda: targetid > self._maxid)
        if not self.is_active():
            return
    if self._ids is None:
        self._read_ids()
    self._i = bisect_left(self._ids, targetid, self._i)
    if self._i >= self._blocklength:  # not reached: the block's last id is its _maxid
        self._i = self._blocklength - 1
        self.next()


W3LeafMatcher.skip_to = _lompat_ke


def _baca_offset(self: Any) -> None:
    """Read a variable-length column's lengths and offsets (Whoosh's own
    ``VarBytesColumn.Reader._read_offsets_and_lengths``, the offsets summed by
    :func:`itertools.accumulate` instead of a Python loop).

    Whoosh stores the offsets only in a column of more than 32,768 documents and otherwise
    sums the lengths one by one when a searcher opens the column: at 20,000 documents, about
    1.5 ms of every ``naskah cari`` process for each segment's stored fields. Same arrays.
    """
    dbfile = self._dbfile
    lastbyte = self._basepos + self._length - 1
    lens_code = chr(dbfile.get_byte(lastbyte))
    offsets = None
    if lens_code == "X":
        self.had_stored_offsets = True
        lens_code = chr(dbfile.get_byte(lastbyte - 2))
        offsets_code = chr(dbfile.get_byte(lastbyte - 1))
        offsetstart = (lastbyte - 2) - self._doccount * struct.calcsize(offsets_code)
        offsets = dbfile.get_array(offsetstart, offsets_code, self._doccount)
        lastbyte = offsetstart
    lenstart = lastbyte - struct.calcsize(lens_code) * self._doccount
    lengths = dbfile.get_array(lenstart, lens_code, self._doccount)
    if offsets is None:
        offsets = array("L", accumulate(lengths, initial=0))
        offsets.pop()  # the sum of every length: the end, not an offset
    self._offsets = offsets
    self._lengths = lengths


_baca_offset_whoosh = VarBytesColumn.Reader._read_offsets_and_lengths
VarBytesColumn.Reader._read_offsets_and_lengths = _baca_offset

BATAS_BLOK_TEMBOLOK = 4096
"""Decoded posting blocks (ids and weights, about 1 KiB each) kept per segment; past that the
segment's kept blocks are dropped and kept again as read."""
_BATAS_KEPALA_TEMBOLOK = 16384
"""Posting block headers (a few small numbers each) kept per segment."""
_goto_whoosh = W3LeafMatcher._goto
_read_ids_whoosh = W3LeafMatcher._read_ids
_read_weights_whoosh = W3LeafMatcher._read_weights


class _TembolokBlok:
    """The posting blocks of one segment's postings file already read: each block's header by
    its position, its decoded ids and weights by its data's position.

    A segment's files never change once written, and this lives on the segment reader's own
    postings file, so it is dropped with the reader (a reopened searcher starts afresh).
    """

    __slots__ = ("ids", "kepala", "bobot")

    def __init__(self) -> None:
        self.kepala: dict[int, tuple[Any, ...]] = {}
        self.ids: dict[int, array[int]] = {}
        self.bobot: dict[int, Any] = {}


def _simpan_terbatas(tembolok: dict[Any, Any], kunci: Any, nilai: Any, batas: int) -> None:
    """Keep ``nilai`` under ``kunci`` in a cache of at most ``batas`` entries (a full one is
    emptied first: the entries are cheap to read again, and no order needs keeping)."""
    if len(tembolok) >= batas:
        tembolok.clear()
    tembolok[kunci] = nilai


def _tembolok_blok(postfile: Any) -> _TembolokBlok:
    t = getattr(postfile, "_naskah_blok", None)
    if t is None:
        t = _TembolokBlok()
        postfile._naskah_blok = t
    return t


def _ke_blok(self: Any, position: int) -> None:
    """Go to the posting block at ``position`` (Whoosh's own ``W3LeafMatcher._goto``, its
    header read from the file once per segment reader).

    Whoosh reads a block's header (a length and a pickled tuple, through the compound file)
    each time any matcher enters the block; a clerk's answer asks three queries over the
    same words, each building a matcher per word per segment, and a warm service asks the
    same common words again and again.
    """
    kepala = _tembolok_blok(self._postfile).kepala
    blok = kepala.get(position)
    if blok is None:
        _baca_kepala(self, position)
        _simpan_terbatas(kepala, position, (
            self._lastblock, self._nextoffset, self._dataoffset, self._blocklength, self._maxid,
            self._maxweight, self._compression, self._minlength, self._maxlength,
        ), _BATAS_KEPALA_TEMBOLOK)  # fmt: skip
        return
    _kosongkan_blok(self)
    (
        akhir, self._nextoffset, self._dataoffset, self._blocklength, self._maxid,
        self._maxweight, self._compression, self._minlength, self._maxlength,
    ) = blok  # fmt: skip
    if akhir:  # as Whoosh: set when the last block is entered, cleared only by reset()
        self._lastblock = True


def _kosongkan_blok(self: Any) -> None:
    """Forget the block a W3LeafMatcher had read (as Whoosh's ``_goto`` does first)."""
    self._data = self._ids = self._weights = self._values = None
    self._i = 0


_BACA_KEPALA: Final = 128
"""Bytes read at once for a posting block's header (its length and pickled tuple of six small
numbers, a few dozen bytes)."""


def _baca_kepala(self: Any, position: int) -> None:
    """Go to the posting block at ``position`` reading its header in one read (Whoosh's own
    ``W3LeafMatcher._goto``, the same state after it, the file's position included).

    Whoosh unpickles the header straight from the segment's compound file, which makes
    ``pickle.load`` ask it for a byte or a few at a time: about twenty seeks and reads per
    header, 7,000 for a clerk's first query of a process. A header too long for the bytes
    read (never written by Whoosh 2.7) is read by Whoosh's own.
    """
    postfile = self._postfile
    postfile.seek(position)
    data = postfile.read(_INT_SIZE + _BACA_KEPALA)
    sisa = BytesIO(data[_INT_SIZE:])
    try:
        info = pickle.load(sisa)
    except (EOFError, pickle.UnpicklingError):
        _goto_whoosh(self, position)
        return
    _kosongkan_blok(self)
    length = unpack_int(data[:_INT_SIZE])[0]
    if length < 0:
        self._lastblock = True
        length *= -1
    self._nextoffset = position + _INT_SIZE + length
    self._dataoffset = position + _INT_SIZE + sisa.tell()
    postfile.seek(self._dataoffset)
    (
        self._blocklength, self._maxid, self._maxweight, self._compression, mnlen, mxlen,
    ) = info  # fmt: skip
    self._minlength = byte_to_length(mnlen)
    self._maxlength = byte_to_length(mxlen)


def _baca_ids(self: Any) -> None:
    """Decode the current block's ids (Whoosh's ``_read_ids``), once per segment reader."""
    if self._byteids:
        _read_ids_whoosh(self)
        return
    simpan = _tembolok_blok(self._postfile).ids
    ids = simpan.get(self._dataoffset)
    if ids is None:
        _read_ids_whoosh(self)
        ids = array("I", self._ids)
        _simpan_terbatas(simpan, self._dataoffset, ids, BATAS_BLOK_TEMBOLOK)
    self._ids = ids


def _baca_bobot(self: Any) -> None:
    """Decode the current block's weights (Whoosh's ``_read_weights``), once per segment
    reader."""
    simpan = _tembolok_blok(self._postfile).bobot
    bobot = simpan.get(self._dataoffset)
    if bobot is None:
        _read_weights_whoosh(self)
        bobot = self._weights
        _simpan_terbatas(simpan, self._dataoffset, bobot, BATAS_BLOK_TEMBOLOK)
    self._weights = bobot


W3LeafMatcher._goto = _ke_blok
W3LeafMatcher._read_ids = _baca_ids
W3LeafMatcher._read_weights = _baca_bobot


def _pembaca_kolom(self: Any, fieldname: str, column: Any) -> Any:
    """Return a segment's cached column reader, or None when the segment has no such column
    (Whoosh's own ``W3PerDocReader._cached_reader`` remembering an absent column too).

    Whoosh asks for a field's length column once per posting while writing a segment; for a
    field without lengths (the ids and keys) it looked for the column's file every time, about
    120 ``stat`` calls per archived certificate. A segment's files never change once written,
    so the answer for one reader stands.
    """
    if fieldname in self._readers:
        return self._readers[fieldname]
    reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
    if reader is not None and column is LENGTHS_COLUMN:
        reader = _PanjangDiMemori(reader)
    self._readers[fieldname] = reader
    return reader


class _PanjangDiMemori:
    """A segment's column of field lengths (one byte a document), read in one piece and
    answered from memory.

    BM25F asks for the length of every field it scores in every document it scores; Whoosh
    read each byte from the file (a seek and a read through the compound file, unmapped), a
    good part of a broad query's time. The column is a byte per document (20 KiB at 20,000
    documents), never changed once written.
    """

    def __init__(self, pembaca: Any) -> None:
        self._bytes = pembaca._dbfile.get(pembaca._basepos, pembaca._count)
        self._jumlah = len(self._bytes)
        self._dokumen = pembaca._doccount
        self._bawaan = pembaca._default

    def __getitem__(self, docnum: int) -> int:
        return self._bytes[docnum] if docnum < self._jumlah else self._bawaan

    def __iter__(self) -> Iterator[int]:
        yield from self._bytes
        for _ in range(self._jumlah, self._dokumen):
            yield self._bawaan

    def __len__(self) -> int:
        return self._dokumen


W3PerDocReader._cached_reader = _pembaca_kolom


_BATAS_ISTILAH_TEMBOLOK = 16384
"""Term lookups kept per segment's term table."""
_ranges_for_key_whoosh = HashReader.ranges_for_key


def _rentang_istilah(self: Any, key: bytes) -> Iterator[tuple[int, int]]:
    """Yield where a key's values lie in a hash file (Whoosh's ``HashReader.ranges_for_key``),
    looked up once per reader.

    Every term of a query is looked up in a segment's term table several times (its size to
    order an intersection, its statistics, its postings), each a hash and a few reads through
    the compound file; a clerk's answer asks three queries over the same words. The file never
    changes once written.
    """
    tembolok = self.__dict__.get("_naskah_rentang")
    if tembolok is None:
        tembolok = self._naskah_rentang = {}
    rentang = tembolok.get(key)
    if rentang is None:
        rentang = tuple(_ranges_for_key_whoosh(self, key))
        _simpan_terbatas(tembolok, key, rentang, _BATAS_ISTILAH_TEMBOLOK)
    return iter(rentang)


HashReader.ranges_for_key = _rentang_istilah
_buka_hash_whoosh = HashReader.__init__


def _buka_hash(
    self: Any, dbfile: Any, length: int | None = None, magic: bytes = b"HSH3", startoffset: int = 0
) -> None:
    """Open a hash file (Whoosh's own ``HashReader.__init__``, its directory of 256 tables read
    in one read instead of one read per table).

    Every segment's term tables open so in each ``naskah cari`` process: 256 seeks and reads
    through the compound file each. Same attributes, the file's position included.
    """
    self.dbfile = dbfile
    self.startoffset = startoffset
    self.is_closed = False
    if length is None:
        dbfile.seek(0, os.SEEK_END)
        length = dbfile.tell() - startoffset
    dbfile.seek(startoffset)
    filemagic = dbfile.read(4)
    if filemagic != magic:
        raise FileFormatError(f"Unknown file header {filemagic!r}")
    self.hashtype = dbfile.read_byte()
    self.hashfn = _hash_functions[self.hashtype]
    dbfile.read_int()
    dbfile.read_int()
    self.startofdata = dbfile.tell()
    exptr = startoffset + length - _INT_SIZE
    exlen = dbfile.get_int(exptr)
    expos = exptr - exlen
    dbfile.seek(expos)
    self._read_extras()
    dbfile.seek(expos - _directory_size)
    self.tables = list(_dir_entry.iter_unpack(dbfile.read(_directory_size)))
    self.endofdata = self.tables[0][0]


HashReader.__init__ = _buka_hash


class PenulisWhoosh:
    """One batch of changes to the Whoosh index (see :class:`naskah.cari.Penulis`)."""

    def __init__(self, penulis: Any) -> None:
        self._penulis = penulis
        self.jumlah = 0

    def tambah(self, dokumen: DokumenIndeks) -> None:
        """Add a document version, replacing the entry with the same id."""
        self._penulis.update_document(**isian(dokumen))
        self.jumlah += 1

    def hapus(self, id: str) -> None:
        """Remove a document version; an unknown id is not an error."""
        self._penulis.delete_by_term("id", id)


class _Kurung(highlight.Formatter):
    """Wrap matched words in ``[[`` and ``]]``."""

    between = " … "

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        """Return the matched word wrapped in brackets."""
        return f"[[{highlight.get_text(text, token, replace)}]]"


class _Saring(WrappingQuery):
    """A filter clause: matches what its child matches and scores nothing.

    Not Whoosh's ConstantScoreQuery: that one reads every id of its child into a list first
    (every "sertifikat" of the archive), where this one leaps with the intersection.
    """

    def _rewrap(self, child: Query) -> _Saring:
        return _Saring(child)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        """Return the child's matcher (unscored) wrapped to score nothing."""
        m = self.child.matcher(searcher, searcher.boolean_context())
        if isinstance(m, NullMatcherClass):
            return m
        return _MatcherSaring(m)


class _TanpaSkor:
    """The scoring half of a matcher that only narrows a search: it adds nothing to a score and
    has no block quality to skip by (a filter, a window of documents)."""

    def supports_block_quality(self) -> bool:
        """Return False: nothing to skip by quality."""
        return False

    def max_quality(self) -> float:
        """Return 0: nothing is added to a score."""
        return 0.0

    def block_quality(self) -> float:
        """Return 0: nothing is added to a score."""
        return 0.0

    def weight(self) -> float:
        """Return 0: nothing is added to a score."""
        return 0.0

    def score(self) -> float:
        """Return 0: nothing is added to a score."""
        return 0.0


class _MatcherSaring(_TanpaSkor, WrappingMatcher):
    """The matcher of :class:`_Saring`."""

    def __init__(self, child: Any, boost: float = 0.0) -> None:
        super().__init__(child, boost=0.0)

    def _replacement(self, newchild: Any) -> _MatcherSaring:
        return _MatcherSaring(newchild)

    def replace(self, minquality: float = 0) -> Any:
        """Return the matcher with its child simplified (a filter has no quality to meet)."""
        r = self.child.replace(0)
        return self if r is self.child else _MatcherSaring(r)


class _DalamJendela(Query):
    """The documents holding any of a few terms of one field (the months of the newest window
    of the archive, or the kinds a kind word asked for), as one sorted list of document numbers
    per segment, read once per searcher and kept.

    Not an ``Or`` of the terms: a union of a dozen posting lists costs every intersection step
    a walk down a dozen matchers, where this one bisects one list.
    """

    def __init__(
        self, bulan: tuple[str, ...], tembolok: dict[Any, Any], medan: str = "bulan"
    ) -> None:
        self.bulan = bulan
        self.medan = medan
        self._tembolok = tembolok

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _DalamJendela)
            and other.bulan == self.bulan
            and other.medan == self.medan
        )

    def __hash__(self) -> int:
        return hash(("_DalamJendela", self.medan, self.bulan))

    def __repr__(self) -> str:
        return f"_DalamJendela({self.medan!r}, {self.bulan!r})"

    def estimate_size(self, ixreader: Any) -> int:
        """Return how many documents hold the terms (deleted ones included)."""
        return int(sum(ixreader.doc_frequency(self.medan, b) for b in self.bulan))

    def field(self) -> None:
        """Return None: no field's terms (highlighting asks every clause)."""
        return None

    def normalize(self) -> _DalamJendela:
        """Return itself: nothing to simplify."""
        return self

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        """Return a matcher over the terms' documents of this segment, scoring nothing."""
        pembaca = searcher.reader()
        kunci = (id(pembaca), self.medan, self.bulan)
        ids = self._tembolok.get(kunci)
        if ids is None:
            semua = array("I")
            for b in self.bulan:
                if (self.medan, b) in pembaca:
                    semua.extend(_semua_id(pembaca.postings(self.medan, b)))
            ids = array("I", sorted(semua))
            if len(self._tembolok) > 64:
                self._tembolok.clear()
            self._tembolok[kunci] = ids
        return _MatcherDaftar(ids) if ids else NullMatcher()


def _semua_id(m: Any) -> array[int]:
    """Return every document number of a fresh posting list (Whoosh's ``all_ids()``), a
    block at a time where the list is Whoosh's own (a Python step per document otherwise:
    the months of a window or the kinds of a kind word hold thousands)."""
    hapus: Any = None
    if type(m) is FilterMatcher and m._exclude:  # a segment's deleted documents left out
        hapus, m = m._ids, m.child
    if type(m) is not W3LeafMatcher:
        ids = array("I", m.all_ids())
    else:
        ids = array("I")
        while m.is_active():
            if m._ids is None:
                m._read_ids()
            ids.extend(m._ids[m._i : m._blocklength])
            m._next_block()
    if hapus:
        ids = array("I", (d for d in ids if d not in hapus))
    return ids


class _DaftarDokumen(Query):
    """Given documents (by segment reader), scoring nothing: the matches a first count found."""

    def __init__(self, per_segmen: dict[int, array[int]], ukuran: int | None = None) -> None:
        self.per_segmen = per_segmen
        self._ukuran = ukuran

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _DaftarDokumen) and other.per_segmen is self.per_segmen

    def __hash__(self) -> int:
        return id(self.per_segmen)

    def __repr__(self) -> str:
        return f"_DaftarDokumen({sum(len(v) for v in self.per_segmen.values())} dokumen)"

    def estimate_size(self, ixreader: Any) -> int:
        """Return how many documents are listed (or the size it stands in for: a shortlist
        of the same matches keeps the place of the whole list in an intersection's tree)."""
        if self._ukuran is not None:
            return self._ukuran
        return sum(len(v) for v in self.per_segmen.values())

    def field(self) -> None:
        """Return None: no field's terms (highlighting asks every clause)."""
        return None

    def normalize(self) -> _DaftarDokumen:
        """Return itself: nothing to simplify."""
        return self

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        """Return a matcher over this segment's listed documents."""
        ids = self.per_segmen.get(id(searcher.reader()))
        return _MatcherDaftar(ids) if ids else NullMatcher()


class _MatcherDaftar(_TanpaSkor, Matcher):
    """A sorted list of document numbers as a matcher that scores nothing."""

    def __init__(self, ids: Any, i: int = 0) -> None:
        self._ids = ids
        self._i = i

    def is_active(self) -> bool:
        """Return whether documents remain."""
        return bool(self._i < len(self._ids))

    def id(self) -> int:
        """Return the current document number."""
        return int(self._ids[self._i])

    def next(self) -> bool:
        """Move to the next document."""
        self._i += 1
        return False

    def skip_to(self, id: int) -> bool:
        """Move to the first document at or after ``id``."""
        if not self.is_active():
            raise ReadTooFar
        self._i = bisect_left(self._ids, id, self._i)
        return False

    def reset(self) -> None:
        """Go back to the first document."""
        self._i = 0

    def copy(self) -> _MatcherDaftar:
        """Return a copy at the same place."""
        return _MatcherDaftar(self._ids, self._i)

    def replace(self, minquality: float = 0) -> Any:
        """Return itself, or a null matcher once exhausted."""
        return self if self.is_active() else NullMatcher()

    def all_ids(self) -> Iterator[int]:
        """Yield the remaining document numbers."""
        return iter(self._ids[self._i :])

    def supports(self, astype: str) -> bool:
        """Return False: the list has no positions or frequencies."""
        return False

    def value(self) -> bytes:
        """Return no posting value."""
        return b""

    def term(self) -> None:
        """Return None: no term."""
        return None


class _FrasaDalam(Phrase):
    """A phrase looked for only among the documents of ``pagar`` (the newest-months window).

    Whoosh's phrase matcher, asked for the next match after a document, walks every document
    holding all the words, decoding their positions, until the phrase occurs; inside an
    intersection with the window it would read the whole archive. Here the window joins the
    words' own intersection, so positions are decoded only for documents inside it.
    """

    def __init__(self, frasa: Phrase, pagar: Query) -> None:
        super().__init__(frasa.fieldname, frasa.words, slop=frasa.slop, boost=frasa.boost)
        self.pagar = pagar

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        """Return the phrase's matcher with the window inside its intersection."""
        m = super().matcher(searcher, context)
        if not isinstance(m, SpanNear2.SpanNear2Matcher):
            return m  # a word absent from this segment: nothing matches
        pagar = self.pagar.matcher(searcher, context)
        if not pagar.is_active():
            return NullMatcher()
        return _MatcherFrasaDalam(m.ms, pagar, slop=m.slop, ordered=m.ordered, mindist=m.mindist)


class _MatcherFrasaDalam(SpanNear2.SpanNear2Matcher):
    """The matcher of :class:`_FrasaDalam`: spans from the words, documents from the words and
    the window together."""

    def __init__(  # Whoosh's span matcher arguments and the window
        self, ms: list[Any], pagar: Any, slop: int = 1, ordered: bool = True, mindist: int = 1
    ) -> None:
        self.ms = ms
        self.pagar = pagar
        self.slop = slop
        self.ordered = ordered
        self.mindist = mindist
        SpanWrappingMatcher.__init__(self, make_binary_tree(IntersectionMatcher, [pagar, *ms]))

    def copy(self) -> _MatcherFrasaDalam:
        """Return a copy at the same place."""
        return _MatcherFrasaDalam(
            [m.copy() for m in self.ms], self.pagar.copy(), slop=self.slop,
            ordered=self.ordered, mindist=self.mindist,
        )  # fmt: skip


def _frasa_dalam(kueri: Query, pagar: Query) -> Query:
    """Return ``kueri`` with every phrase looked for only inside ``pagar``."""

    def batasi(q: Query) -> Query:
        if isinstance(q, Phrase) and not isinstance(q, _FrasaDalam):
            return _FrasaDalam(q, pagar)
        return q

    return kueri.accept(batasi)


class MesinCariWhoosh:
    """The archive's Whoosh index (see :class:`naskah.cari.MesinCari`)."""

    versi_skema = VERSI_SKEMA
    cuplikan_mahal = True

    def tutup(self) -> None:
        """Close the kept searcher and its index files; the next call opens them again.

        A searcher left open keeps its segment files mapped: every backend opened and dropped
        without closing (one per ``naskah cari`` in a long-lived process) kept its own
        mapping, and the process's resident memory grew by the index size each time.
        """
        self._tutup()

    def __init__(self, folder_arsip: Path, batas_tunggu: float = 30.0) -> None:
        self.folder_arsip = Path(folder_arsip)
        self.folder = self.folder_arsip / NAMA_INDEKS
        self.batas_tunggu = batas_tunggu
        self._ix: Any = None
        self._inode: int | None = None
        self._pencari: Any = None
        self._mirip: dict[tuple[str, str], list[str]] = {}
        self._bulan_df: list[tuple[str, int]] | None = None
        self._jendela: dict[Any, Any] = {}

    # --- lock and opening -------------------------------------------------------------------

    @contextmanager
    def _kunci(self) -> Iterator[None]:
        """Hold the writers' lock, waiting up to ``batas_tunggu`` seconds."""
        try:
            self.folder_arsip.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder_arsip / f"{NAMA_INDEKS}.kunci", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            from naskah.berkas import alasan_os  # writers only: a search never loads it

            raise CariError(
                f"Kunci indeks pencarian di {self.folder_arsip} tidak dapat dibuat "
                f"({alasan_os(exc)}); periksa izin tulis folder arsip."
            ) from None
        try:
            batas = time.monotonic() + self.batas_tunggu
            jeda = 0.01
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= batas:
                        raise CariError(
                            "Indeks pencarian sedang ditulis oleh proses lain dan belum selesai "
                            f"setelah {self.batas_tunggu:g} detik; tunggu proses itu selesai lalu "
                            "ulangi (atau naikkan [cari] batas_tunggu di naskah.toml)."
                        ) from None
                    time.sleep(jeda)  # waiting for another process: nothing to signal on
                    jeda = min(jeda * 2, 0.2)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _baca_pengaturan(self, folder: Path) -> dict[str, Any] | None:
        try:
            data = json.loads((folder / BERKAS_SKEMA).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _alasan_tak_terpakai(self) -> str | None:
        """Return why the index cannot be used, or None when it can."""
        if not self.folder.is_dir():
            return "belum ada"
        data = self._baca_pengaturan(self.folder)
        if data is None:
            return "tidak dapat dibaca (skema.json hilang atau rusak)"
        if data.get("versi_skema") != VERSI_SKEMA:
            return (
                f"dibuat dengan versi skema {data.get('versi_skema')!r}, sedangkan naskah ini "
                f"memakai versi {VERSI_SKEMA}"
            )
        if data.get("analisis") != PENGATURAN:
            return "dibuat dengan pengaturan analisis bahasa yang lain"
        return None

    def _buka(self) -> Any:
        """Return the open Whoosh index, or raise CariError saying to rebuild it."""
        try:
            inode = os.stat(self.folder).st_ino
        except OSError:
            inode = None
        if self._ix is not None and inode == self._inode:
            return self._ix
        self._tutup()
        alasan = self._alasan_tak_terpakai()
        if alasan is not None:
            raise CariError(f"Indeks pencarian di {self.folder} {alasan}; {_PERINTAH_ULANG}.")
        gagal: str | None = None
        with warnings.catch_warnings():
            # Whoosh leaves a broken table of contents open; it is closed quietly here
            warnings.simplefilter("ignore", ResourceWarning)
            try:
                ix = _storage(self.folder).open_index()
                with ix.reader():
                    pass
            except Exception as exc:  # a derived index that fails: rebuild it
                gagal = type(exc).__name__
            if gagal is not None:
                gc.collect()
        if gagal is not None:
            raise CariError(
                f"Indeks pencarian di {self.folder} tidak dapat dibuka ({gagal}); "
                f"{_PERINTAH_ULANG}."
            )
        self._ix, self._inode = ix, inode
        return ix

    def __del__(self) -> None:
        # a backend dropped without tutup() still closes its searcher's open segment files
        with contextlib.suppress(Exception):  # nothing to report to at collection time
            self._tutup()

    def _tutup(self) -> None:
        if self._pencari is not None:
            self._pencari.close()
        if self._ix is not None:
            self._ix.close()
        self._pencari = None
        self._ix = None
        self._inode = None

    def _tulis_pengaturan(self, folder: Path) -> None:
        data = {"versi_skema": VERSI_SKEMA, "mesin": "whoosh", "analisis": PENGATURAN}
        teks = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        from naskah.berkas import tulis_bytes  # writers only: a search never loads it

        tulis_bytes(folder / BERKAS_SKEMA, teks.encode("utf-8"), galat=CariError)

    def _buat_baru(self, folder: Path) -> Any:
        folder.mkdir(parents=True, exist_ok=True)
        ix = _storage(folder).create_index(buat_skema())
        self._tulis_pengaturan(folder)
        return ix

    # --- the interface ----------------------------------------------------------------------

    def perlu_dibangun_ulang(self) -> bool:
        """Return whether the index is missing, unreadable or of another schema version."""
        try:
            self._buka()
        except CariError:
            return True
        return False

    @contextmanager
    def tulis(self) -> Iterator[PenulisWhoosh]:
        """Open a batch writer: commit once at the end of the block, cancel on error.

        On an archive without an index yet, an empty index is created first.
        """
        with self._kunci():
            if not self.folder.exists():
                self._buat_baru(self.folder)
            ix = self._buka()
            try:
                penulis = ix.writer(limitmb=_MEMORI_PENULIS_MB)
            except Exception as exc:  # Whoosh's own lock or files
                raise CariError(
                    f"Indeks pencarian di {self.folder} tidak dapat ditulis "
                    f"({type(exc).__name__}); {_PERINTAH_ULANG}."
                ) from None
            batch = PenulisWhoosh(penulis)
            try:
                yield batch
            except BaseException:
                penulis.cancel()
                raise
            penulis.commit(mergetype=_gabung_segmen_kecil)
            _fsync_indeks(self.folder)

    def tulis_dalam(self, conn: object) -> None:
        """Return None: the index is a folder, never inside a database transaction (the
        archive indexes after its catalog commits, with :meth:`tulis`)."""
        return None

    def bangun_ulang(self, dokumen: Iterable[DokumenIndeks]) -> int:
        """Build a new index from ``dokumen`` beside the old one, then swap it in whole."""
        baru = self.folder_arsip / f"{NAMA_INDEKS}.baru"
        lama = self.folder_arsip / f"{NAMA_INDEKS}.lama"
        if self.folder.exists() and not self.folder.is_dir():
            raise CariError(
                f"{self.folder} adalah berkas, bukan folder indeks pencarian; pindahkan atau "
                "hapus berkas itu lalu jalankan lagi `naskah arsip indeks-ulang`."
            )
        with self._kunci():
            for sisa in (baru, lama):
                if sisa.is_file() or sisa.is_symlink():  # left by an older naskah
                    sisa.unlink()
                shutil.rmtree(sisa, ignore_errors=True)
            self._tutup()
            ix = self._buat_baru(baru)
            # A rebuild analyses every document: spread it over the cores (Whoosh's MpWriter,
            # one sub-writer process each, every one leaving its own segment, so no final merge).
            procs = min(2, os.cpu_count() or 1)
            if procs > 1:
                penulis = ix.writer(procs=procs, multisegment=True, limitmb=_MEMORI_BANGUN_ULANG_MB)
            else:
                penulis = ix.writer(limitmb=_MEMORI_PENULIS_MB)
            jumlah = 0
            dilihat: set[str] = set()
            ganda: dict[str, DokumenIndeks] = {}
            try:
                for d in dokumen:
                    if d.id in dilihat:  # the same id again: the later one wins (below)
                        ganda[d.id] = d
                    else:
                        dilihat.add(d.id)
                        penulis.add_document(**isian(d))
                    jumlah += 1
                penulis.commit()
                if ganda:
                    with ix.writer(limitmb=_MEMORI_PENULIS_MB) as ulang:
                        for d in ganda.values():
                            ulang.update_document(**isian(d))
            except BaseException:
                with contextlib.suppress(Exception):  # already committed or cancelled
                    penulis.cancel()
                ix.close()
                shutil.rmtree(baru, ignore_errors=True)
                raise
            ix.close()
            _fsync_indeks(baru)
            if self.folder.exists():
                os.replace(self.folder, lama)
            os.replace(baru, self.folder)
            _fsync_folder(self.folder_arsip)
            shutil.rmtree(lama, ignore_errors=True)
        return jumlah

    def _pencari_kini(self) -> Any:
        """Return the kept searcher, reopened when the index changed since."""
        ix = self._buka()
        if self._pencari is not None and not self._pencari.up_to_date():
            # not refresh(): it reuses segment readers and misses deletions in a kept segment
            self._pencari.close()
            self._pencari = None
        if self._pencari is None:
            self._pencari = ix.searcher()
            self._mirip = {}
            self._bulan_df = None
            self._jendela = {}
        return self._pencari

    def eja(self, kata: Sequence[str]) -> dict[str, Ejaan]:
        """Return how each typed word stands in the archive: how many documents hold it, and
        the archive's words it may be a typo of (the typo rule of :mod:`naskah.cari.aturan`),
        the closest and most frequent first."""
        pembaca = self._pencari_kini().reader()
        analis = analis_teks()
        out: dict[str, Ejaan] = {}
        for k in kata:
            kecil = k.lower()
            istilah = [t for _, t in _istilah_kata(analis, kecil)]
            frekuensi = min((pembaca.doc_frequency("semua", t) for t in istilah), default=0)
            batas = batas_salah_ketik(kecil)
            calon: list[tuple[int, int, str]] = []
            if batas:
                for b in pembaca.expand_prefix("kata", kecil[0]):
                    c = b.decode("utf-8") if isinstance(b, bytes) else b
                    if c != kecil and abs(len(c) - len(kecil)) <= batas and mirip(kecil, c):
                        df = pembaca.doc_frequency("kata", c)
                        calon.append((jarak_ketik(kecil, c, batas), -df, c))
            calon.sort()
            out[kecil] = Ejaan(kecil, int(frekuensi), tuple((c, -f) for _, f, c in calon[:5]))
        return out

    def cari(self, kueri: Kueri) -> HasilCari:
        """Answer one query (raises InputError for a query that cannot be searched)."""
        periksa_kueri(kueri)
        pencari = self._pencari_kini()
        pembaca = pencari.reader()
        wajib, peringkat, nomor = self._susun(kueri, pembaca)
        # optimize=False: every match is visited, so the collector's count is exact and no
        # second pass counts them (block-quality skipping would leave the count unknown)
        opsi: dict[str, Any] = {"limit": kueri.batas, "optimize": False}
        if kueri.urut == "tanggal":
            opsi.update(sortedby="tanggal", reverse=True)
        longgar = _tanpa_frasa(wajib)
        batas = BATAS_FRASA if _ada_frasa(wajib) else BATAS_PERINGKAT
        cocok, sampai, temuan = _hitung_awal(pencari, longgar, batas)
        if sampai is None:  # all its matches are known: at most ``batas`` of them
            # ranked from the list of the documents just found: the intersection then
            # decodes only the blocks holding them, not every block of its dense words again
            hasil, jumlah = _peringkat_daftar(pencari, wajib, peringkat, opsi, temuan)
            pasti = True
        else:
            # the rate of matches over the documents stepped so far, over the whole archive
            perkiraan = cocok * max(1, pembaca.doc_count_all()) // (sampai + 1)
            rentang = (
                f"{kueri.dari:%Y%m}" if kueri.dari else "000000",
                f"{kueri.sampai:%Y%m}" if kueri.sampai else "999999",
            )
            hasil, jumlah, pasti = self._cari_terbaru(
                pencari, wajib, peringkat, opsi, perkiraan, rentang, batas
            )
        daftar = _ke_hasil(hasil, kueri.cuplikan)
        if nomor and kueri.urut == "tanggal":
            # newest first, but the documents with the typed number before the rest (as the
            # ranking does): asked apart, as a sort by date alone would bury them
            utama = pencari.search(And([wajib, Or(nomor)]), **opsi)
            pertama = _ke_hasil(utama, kueri.cuplikan)
            sudah = {h.id for h in pertama}
            daftar = [*pertama, *(h for h in daftar if h.id not in sudah)][: kueri.batas]
        return HasilCari(hasil=tuple(daftar), jumlah=jumlah, pasti=pasti)

    def _cari_terbaru(
        self,
        pencari: Any,
        wajib: Query,
        peringkat: Query,
        opsi: dict[str, Any],
        perkiraan: int,
        rentang: tuple[str, str],
        batas: int,
    ) -> tuple[Any, int, bool]:
        """Rank only the newest matches of a very broad query; return the hits, the
        estimated number of all matches and whether that number is exact.

        ``perkiraan`` is the rate of matches seen in the first documents (by document number)
        over the whole archive; assuming matches are spread evenly over time, the newest
        window of the archive that should hold about ``batas`` of them is
        searched (widened until it holds enough hits).
        Intersecting with that window keeps the work proportional to the window, not to the
        archive: ranking every one of tens of thousands of matches ("pendidikan") would cost
        seconds.
        """
        pembaca = pencari.reader()
        semua = max(1, pembaca.doc_count())
        jendela = min(semua, max(batas, batas * semua // max(1, perkiraan)))
        hasil: Any = None
        while True:
            # the month counts include deleted documents, so a window as large as the archive
            # takes every month in range: it cannot grow further (it would loop for ever)
            ambil = jendela if jendela < semua else sys.maxsize
            bulan, isi, isi_rentang = self._bulan_terbaru(pembaca, ambil, rentang)
            habis = isi >= isi_rentang
            jendela_q = _DalamJendela(tuple(bulan), self._jendela)
            dalam = And([_frasa_dalam(wajib, jendela_q), jendela_q])
            pertama = hasil is None
            if pertama:  # the first window, mostly the only one: ranked and counted at once
                hasil, cocok = _cari_hitung(pencari, AndMaybe(dalam, peringkat), opsi)
            else:  # a wider one: counted unscored, ranked only once it holds enough
                cocok = _hitung(pencari, dalam)
            if cocok >= batas // 2 or habis:
                break
            # fewer matches than the statistics promised (filters, words that seldom meet):
            # widen at once to where the rate seen so far would give enough, or to everything
            jendela = max(4 * jendela, jendela * batas // max(1, cocok))
            if cocok == 0 or jendela >= semua:
                jendela = semua
        if not pertama:
            # counted already: Whoosh's own collector ranks it, skipping the matches that can
            # no longer reach the top hits (scoring every one of thousands cost more than this
            # whole answer; the ranking is then Whoosh's estimate, as it always was here)
            hasil = pencari.search(AndMaybe(dalam, peringkat), **opsi)
        if habis:
            return hasil, cocok, True
        return hasil, max(cocok, min(perkiraan, cocok * isi_rentang // max(1, isi))), False

    def _bulan(self, pembaca: Any) -> list[tuple[str, int]]:
        """Return the archive's months (yyyymm), newest first, with their document counts."""
        if self._bulan_df is None:
            self._bulan_df = sorted(
                ((b.decode("ascii"), pembaca.doc_frequency("bulan", b))
                 for b in pembaca.lexicon("bulan")),
                reverse=True,
            )  # fmt: skip
        return self._bulan_df

    def _bulan_terbaru(
        self, pembaca: Any, jendela: int, rentang: tuple[str, str]
    ) -> tuple[list[str], int, int]:
        """Return the newest months within ``rentang`` (yyyymm, inclusive) holding at least
        ``jendela`` documents, how many documents they hold, and how many the whole range
        holds."""
        dalam = [(b, df) for b, df in self._bulan(pembaca) if rentang[0] <= b <= rentang[1]]
        bulan: list[str] = []
        isi = 0
        for b, df in dalam:
            bulan.append(b)
            isi += df
            if isi >= jendela:
                break
        return bulan, isi, sum(df for _, df in dalam)

    # --- queries ----------------------------------------------------------------------------

    def _susun(self, kueri: Kueri, pembaca: Any) -> tuple[Query, Query, list[Query]]:
        """Return what ``kueri`` must match, what ranks it, and the terms of a number typed
        whole or in part (the documents holding it come first).

        Every word (or quoted phrase) must match ``semua``, or, for a word of four letters or
        more, a name within one typo; ranking adds the word's matches in tentang, partners
        and names, and a large weight for the whole number typed.

        The filters (kind, dates, unit, classification) are clauses of the same intersection,
        scoring nothing, not a Whoosh ``filter``: a filter is computed over the whole archive
        before the search (every posting of "sertifikat", of every day of a year) and hides
        how few documents a query can match, where an intersection leaps from one match of
        its rarest clause to the next.
        """
        bagian: list[Query] = []
        peringkat: list[Query] = []
        tanpa: list[Query] = []
        teks = _siapkan_teks(kueri.teks)
        if teks:
            padanan = dict(kueri.padanan)
            bagian.extend(self._kata_kata(teks, kueri.teks, pembaca, peringkat, padanan, tanpa))
        if kueri.penandatangan and kueri.penandatangan.strip():
            bagian.append(
                self._orang(kueri.penandatangan, "penandatangan_nama", "penandatangan_nip", pembaca)
            )
        if kueri.peserta and kueri.peserta.strip():
            bagian.append(self._orang(kueri.peserta, "peserta_nama", "peserta_id", pembaca))
        saring: list[Query] = []
        if kueri.jenis:
            saring.append(Term("jenis", kueri.jenis))
        if kueri.jenis_dalam:
            # one cached list of the kinds' documents, not a union of their posting lists
            # (a kind word, or every kind but certificates when grouping fills up its lines)
            saring.append(_DalamJendela(tuple(sorted(kueri.jenis_dalam)), self._jendela, "jenis"))
        if kueri.hanya_id:
            saring.append(Or([Term("id", i) for i in kueri.hanya_id]))
        if kueri.dari or kueri.sampai:
            saring.append(self._rentang_tanggal(kueri.dari, kueri.sampai, pembaca))
        if kueri.unit:
            saring.append(Term("unit", kunci_nomor(kueri.unit)))
        if kueri.klasifikasi:
            k = kunci_nomor(kueri.klasifikasi)
            saring.append(Or([Term("klasifikasi", k), Prefix("klasifikasi", k + ".")]))
        bagian.extend(_Saring(q) for q in saring)
        # rarest clause first: the intersection tree then leaps along the rare lists
        bagian.sort(key=lambda q: q.estimate_size(pembaca))
        wajib: Query = And(bagian) if len(bagian) > 1 else (bagian[0] if bagian else Every())
        if tanpa:
            wajib = AndNot(wajib, Or(tanpa) if len(tanpa) > 1 else tanpa[0])
        if ("terkini", "tidak") in pembaca:
            # only when a replaced version exists: otherwise every document gets the same
            # bonus, and the bonus costs a step along a list of the whole archive per match
            peringkat.append(Term("terkini", "ya", boost=0.5))
        nomor = [q for q in peringkat if q.field() in ("nomor_kunci", "nomor_potongan")]
        return wajib, Or(peringkat), [Term(q.fieldname, q.text) for q in nomor]

    def _rentang_tanggal(self, dari: date | None, sampai: date | None, pembaca: Any) -> Query:
        """Return the clause of an inclusive date range: the whole months inside it as one
        cached list of their documents (:class:`_DalamJendela`), the days of a month cut by
        either end as a numeric range within that month only (a numeric range over a year is
        a union of hundreds of terms)."""
        from calendar import monthrange  # a date filter only (its import costs a search 1 ms)

        awal = f"{dari:%Y%m}" if dari else "000000"
        akhir = f"{sampai:%Y%m}" if sampai else "999999"
        klausa: list[Query] = []
        utuh: list[str] = []
        for b, _ in self._bulan(pembaca):
            if not awal <= b <= akhir:
                continue
            tahun, bulan = int(b[:4]), int(b[4:])
            pertama = date(tahun, bulan, 1)
            terakhir = date(tahun, bulan, monthrange(tahun, bulan)[1])
            lo = max(pertama, dari) if dari else pertama
            hi = min(terakhir, sampai) if sampai else terakhir
            if lo == pertama and hi == terakhir:
                utuh.append(b)
            else:
                klausa.append(NumericRange("tanggal", angka_tanggal(lo), angka_tanggal(hi)))
        if utuh:  # the whole months as one cached list (a year is not a union of 12 lists)
            klausa.append(_DalamJendela(tuple(utuh), self._jendela))
        if not klausa:
            return NullQuery
        return Or(klausa) if len(klausa) > 1 else klausa[0]

    def _kata_kata(
        self,
        teks: str,
        asli: str,
        pembaca: Any,
        peringkat: list[Query],
        padanan: dict[str, tuple[str, ...]],
        tanpa: list[Query],
    ) -> list[Query]:
        """Return one clause per word or phrase of the free text (all must match): the word
        itself, a name within the typo rule, its office shorthand's expansions, or, for a
        part of a number, the documents whose number holds it."""
        analis = analis_teks()
        klausa: list[Query] = []
        for m in _KATA_ATAU_FRASA.finditer(teks):
            frasa, kata = m.group(1), m.group(2)
            if frasa is not None:
                istilah = [t.text for t in analis(frasa)]
                if len(istilah) > 1:
                    klausa.append(Phrase("frasa", istilah))
                    # ranked (and highlighted) by its words too, as any word of "semua"
                    peringkat.extend(Term(f, t, boost=b) for t in istilah
                                     for f, b in (("tentang", 2.0), ("semua", 1.0)))  # fmt: skip
                elif istilah:
                    klausa.append(Term("semua", istilah[0]))
                continue
            if kata.startswith("-") and len(kata) > 1 and not kata[1].isdigit():
                # a word that must not occur ("sertifikat -penggerak")
                tanpa.extend(Term("semua", t) for _, t in _istilah_kata(analis, kata[1:]))
                continue
            if "/" in kata and any(c.isdigit() for c in kata):
                peringkat.append(Term("nomor_kunci", kunci_nomor(kata), boost=BOBOT_NOMOR))
            potongan = istilah_potongan_kueri(kata)
            if potongan is not None:
                # one clause for the whole typed part: its own terms, or a number holding it
                istilah_semua = [t for _, t in _istilah_kata(analis, kata)]
                pilihan_nomor: list[Query] = [Term("nomor_potongan", potongan)]
                if istilah_semua:
                    pilihan_nomor.append(And([Term("semua", t) for t in istilah_semua]))
                peringkat.append(Term("nomor_potongan", potongan, boost=BOBOT_POTONGAN))
                klausa.append(Or(pilihan_nomor))
                continue
            alternatif = [
                And(q) if len(q) > 1 else q[0]
                for luas in padanan.get(kata.lower(), ())
                if (q := [Term("semua", t) for _, t in _istilah_kata(analis, luas)])
            ]
            sebelum = len(klausa)
            for mentah, istilah_ in _istilah_kata(analis, kata):
                pilihan: list[Query] = [Term("semua", istilah_)]
                for field in FIELD_NAMA:
                    for v in self._nama_mirip(pembaca, field, mentah):
                        pilihan.append(Term(field, v, boost=0.8))
                for field, bobot in BOBOT_PERINGKAT.items():
                    t = mentah if field in FIELD_NAMA else istilah_
                    peringkat.append(Term(field, t, boost=bobot))
                klausa.append(Or(pilihan) if len(pilihan) > 1 else pilihan[0])
            if alternatif:
                # the shorthand is one typed word: it (all its terms) or one of its expansions
                sendiri, klausa[sebelum:] = klausa[sebelum:], []
                if sendiri:
                    alternatif.insert(0, And(sendiri) if len(sendiri) > 1 else sendiri[0])
                klausa.append(Or(alternatif))
                peringkat.extend(
                    Term(f, t.text, boost=b)
                    for q in alternatif
                    for t in q.leaves()
                    for f, b in (("tentang", 2.0), ("mitra", 1.0))
                )
        if not klausa:
            raise galat_kueri_kosong(asli)
        return klausa

    def _nama_mirip(self, pembaca: Any, field: str, kata: str) -> list[str]:
        """Return the terms of name field ``field`` a typo of ``kata`` may stand for (the typo
        rule :func:`naskah.cari.aturan.mirip`)."""
        if not batas_salah_ketik(kata):
            return []
        kunci = (field, kata)
        hasil = self._mirip.get(kunci)
        if hasil is None:
            awalan = kata[0]
            hasil = []
            for b in pembaca.expand_prefix(field, awalan):
                calon = b.decode("utf-8") if isinstance(b, bytes) else b
                if mirip(kata, calon):
                    hasil.append(calon)
            if len(self._mirip) > 10_000:
                self._mirip.clear()
            self._mirip[kunci] = hasil
        return hasil

    def _orang(self, teks: str, field_nama: str, field_nomor: str, pembaca: Any) -> Query:
        """Return the query of a person: by NIP/NIK when digits, else by name with small typos."""
        digit = angka_identitas(teks)
        if digit is not None:
            return Term(field_nomor, digit)
        kata = [t.text for t in analis_nama()(_siapkan_teks(teks))]
        if not kata:
            raise InputError(f"Nama {teks.strip()!r} tidak berisi kata yang dapat dicari.")
        klausa: list[Query] = []
        for k in kata:
            varian = self._nama_mirip(pembaca, field_nama, k) or [k]
            klausa.append(Or([Term(field_nama, v) for v in varian]) if len(varian) > 1 else
                          Term(field_nama, varian[0]))  # fmt: skip
        return And(klausa) if len(klausa) > 1 else klausa[0]


SEGMEN_KECIL = 10_000
"""Segments with fewer documents than this are merged by an ordinary commit; larger ones (a
rebuild's) are left alone, so archiving one document never rewrites the whole index."""
_GABUNG_MULAI = 4
"""Small segments of one size tier kept before a commit merges them."""
_RASIO_TINGKAT = 8
"""A size tier spans this factor of documents (1-7, 8-63, 64-511, 512-4095, ...)."""


def _tingkat(jumlah: int) -> int:
    """Return the size tier of a segment of ``jumlah`` documents."""
    t = 0
    while jumlah >= _RASIO_TINGKAT:
        jumlah //= _RASIO_TINGKAT
        t += 1
    return t


def _gabung_segmen_kecil(penulis: Any, segmen: list[Any]) -> list[Any]:
    """Return the segments to keep after merging small ones into the new segment.

    Whoosh's default policy can pick a rebuild's large segments too and merge tens of
    thousands of documents inside a one-document commit (minutes and a gigabyte); here only
    segments under :data:`SEGMEN_KECIL` documents are merged, by size tier: once a tier holds
    :data:`_GABUNG_MULAI` segments, they and every smaller one go into the new segment. A
    document is so rewritten about once per tier on its way to a large segment; merging every
    small segment once there were four rewrote up to 10,000 documents every fourth commit
    (a step of 250 certificates read back the postings of every certificate before it).
    """
    from whoosh.reading import SegmentReader

    kecil = [s for s in segmen if s.doc_count_all() < SEGMEN_KECIL]
    per_tingkat: dict[int, int] = {}
    for s in kecil:
        t = _tingkat(s.doc_count_all())
        per_tingkat[t] = per_tingkat.get(t, 0) + 1
    penuh = [t for t, n in per_tingkat.items() if n >= _GABUNG_MULAI]
    if not penuh:
        return segmen
    batas = max(penuh)
    gabung = [s for s in kecil if _tingkat(s.doc_count_all()) <= batas]
    for s in gabung:
        pembaca = SegmentReader(penulis.storage, penulis.schema, s)
        penulis.add_reader(pembaca)
        pembaca.close()
    return [s for s in segmen if all(s is not g for g in gabung)]


def _cari_hitung(pencari: Any, kueri: Query, opsi: dict[str, Any]) -> tuple[Any, int]:
    """Return the hits of ``kueri`` and how many documents it matched, in one pass.

    Whoosh's top-hits collector, even with ``optimize=False``, replaces its matcher every few
    matches by one that skips what it estimates can no longer reach the top hits, so its count
    stops short (169 matches were reported as 13 for 10 hits) and the estimate also dropped
    better-scoring documents; a second pass stepping the matcher then counted them, costing as
    much as the search. :class:`_KolektorTepat` visits, scores and counts every match.
    """
    kolektor = pencari.collector(**opsi)
    if type(kolektor) is TopCollector:
        kolektor = _KolektorTepat(kolektor.limit, usequality=False)
    pencari.search_with_collector(kueri, kolektor)
    return kolektor.results(), kolektor.count()


class _TakTerbaca(Exception):
    """A matcher whose score :func:`_penilai` does not know how to reckon."""


_Penilai = Callable[[int], "float | None"]


def _penilai(m: Any, skor: bool = True) -> _Penilai:
    """Return a function giving a segment matcher's score at document ``d`` (None when it
    does not match there), called with ascending documents; the sums are Whoosh's own, node
    by node (``a.score() + b.score()``, a wrapper's boost), with leaves scored by their own
    scorer. With ``skor`` False, only whether it matches (a filter's child has no scorer).

    Raises :class:`_TakTerbaca` for a matcher of another kind (a phrase, Whoosh's preloaded
    union of a small segment): that segment is then ranked by Whoosh as before.
    """
    t = type(m)
    if t is UnionMatcher:
        fa, fb = _penilai(m.a, skor), _penilai(m.b, skor)

        def gabungan(d: int) -> float | None:
            sa, sb = fa(d), fb(d)
            if sa is None:
                return sb
            if sb is None:
                return sa
            return sa + sb

        return gabungan
    if t is IntersectionMatcher or t is AndMaybeMatcher or t is AndNotMatcher:
        fa, fb = _penilai(m.a, skor), _penilai(m.b, skor and t is not AndNotMatcher)
        wajib_b = t is IntersectionMatcher

        def irisan(d: int) -> float | None:
            sa = fa(d)
            if sa is None:
                return None
            sb = fb(d)
            if t is AndNotMatcher:
                return sa if sb is None else None
            if sb is None:
                return None if wajib_b else sa
            return sa + sb

        return irisan
    if t is _MatcherSaring:
        fc = _penilai(m.child, False)
        return lambda d: None if fc(d) is None else 0.0
    if t is _MatcherDaftar:
        ids, n = m._ids, len(m._ids)

        def daftar(d: int) -> float | None:
            i = bisect_left(ids, d)
            return 0.0 if i < n and ids[i] == d else None

        return daftar
    if t is WrappingMatcher or t is FilterMatcher:
        fc, boost = _penilai(m.child, skor), m.boost
        saring = m._ids if t is FilterMatcher else None
        buang = t is FilterMatcher and m._exclude

        def bungkus(d: int) -> float | None:
            if saring is not None and (d in saring) is buang:
                return None
            sc = fc(d)
            return None if sc is None else sc * boost

        return bungkus
    if t is NullMatcherClass:
        return lambda d: None
    if t is W3LeafMatcher or t is ListMatcher:

        def daun(d: int) -> float | None:
            if not m.is_active():
                return None
            if m.id() < d:
                m.skip_to(d)
                if not m.is_active():
                    return None
            if m.id() != d:
                return None
            return float(m.score()) if skor else 0.0

        return daun
    raise _TakTerbaca(t.__name__)


SELISIH_SKOR = 1e-6
"""Relative margin below the last top hit's pre-reckoned score within which documents are
still handed to Whoosh's ranking (a sum reckoned in another order may differ in its last
bits; the final order is always Whoosh's own)."""


def _peringkat_daftar(
    pencari: Any, wajib: Query, peringkat: Query, opsi: dict[str, Any], calon: dict[int, array[int]]
) -> tuple[Any, int]:
    """Return the hits of ``AndMaybe(wajib, peringkat)`` and how many documents match, when a
    first count found every match of ``wajib`` (``calon``, by segment reader).

    Every match is scored by :func:`_penilai`, leaf by leaf, without Whoosh's collector
    stepping its matcher tree through them, and only the documents scoring within
    :data:`SELISIH_SKOR` of the ``limit``-th best are then ranked by Whoosh's collector,
    exactly as it ranked all of them: the same hits, in the same order, with the same scores.
    """
    batas = opsi.get("limit")
    jumlah = sum(len(v) for v in calon.values())
    kueri = AndMaybe(And([_DaftarDokumen(calon), wajib]), peringkat)
    if "sortedby" in opsi or batas is None or _ada_frasa(wajib) or jumlah <= 2 * batas:
        # by date, or as many hits as matches, or a phrase (fewer matches than the loose
        # first count found, and a matcher not reckoned here): Whoosh ranks them all
        return _cari_hitung(pencari, kueri, opsi)
    # a union as Whoosh's binary tree of unions, never its preloaded array (a small
    # segment's): the sums may then differ in their last bits, which the margin absorbs
    konteks = pencari.context(needs_current=True)
    dinilai: list[tuple[float, int, int]] = []
    pendek: dict[int, array[int]] = {}
    for sub, _awal in pencari.subsearchers or [(pencari, 0)]:
        kunci = id(sub.reader())
        ids = calon.get(kunci)
        if not ids:
            continue
        try:
            nilai = _penilai(kueri.matcher(sub, konteks))
        except _TakTerbaca:
            pendek[kunci] = ids  # ranked by Whoosh alone
            continue
        for d in ids:
            s = nilai(d)
            if s is None:  # not expected (every match of the count scores): Whoosh decides
                pendek.setdefault(kunci, array("I")).append(d)
            else:
                dinilai.append((s, kunci, d))
    if len(dinilai) > batas:
        ambang = sorted((s for s, _, _ in dinilai), reverse=True)[batas - 1]
        ambang -= SELISIH_SKOR * max(1.0, abs(ambang))
        dinilai = [x for x in dinilai if x[0] >= ambang]
    for _s, kunci, d in dinilai:
        pendek.setdefault(kunci, array("I")).append(d)
    for kunci in pendek:
        pendek[kunci] = array("I", sorted(pendek[kunci]))
    # the shortlist stands in the intersection where the whole list stood: the same tree,
    # so the same sums in the same order
    hanya = _DaftarDokumen(pendek, ukuran=jumlah)
    hasil, _ = _cari_hitung(pencari, AndMaybe(And([hanya, wajib]), peringkat), opsi)
    return hasil, jumlah


class _KolektorTepat(TopCollector):
    """Whoosh's top-hits collector without skipping by score: the least score of the top hits
    is never passed on, so the matcher's periodic replacement only drops its exhausted parts
    (a union of twenty terms, half absent from the archive, no longer walks them all at every
    step) and every match is scored and counted."""

    @property
    def minscore(self) -> float:
        """Return 0: no match is ever skipped for its score."""
        return 0

    @minscore.setter
    def minscore(self, nilai: float) -> None:
        pass


def _hitung_awal(
    pencari: Any, wajib: Query, batas: int
) -> tuple[int, int | None, dict[int, array[int]]]:
    """Step through the matches of ``wajib`` unscored, in document order, up to ``batas`` of
    them; return how many were found, the document number reached, or None when that is
    all of them (the count is then exact), and the matches found by segment reader.

    A broad word stops after ``batas`` steps; words that seldom meet leap through their
    rarest list to the end. Either way the answer is cheap and far better than Whoosh's
    ``estimate_size`` (the smallest list of an intersection, blind to how seldom its words
    meet).
    """
    jumlah = 0
    temuan: dict[int, array[int]] = {}
    for sub, awal, m in _pencocok_per_segmen(pencari, wajib):
        ids = temuan.setdefault(id(sub.reader()), array("I"))
        while m.is_active():
            jumlah += 1
            if jumlah > batas:
                return jumlah, awal + m.id(), temuan
            ids.append(m.id())
            m.next()
    return jumlah, None, temuan


def _ada_frasa(kueri: Query) -> bool:
    """Return whether ``kueri`` holds a quoted phrase."""
    return isinstance(kueri, Phrase) or any(_ada_frasa(q) for q in kueri.children())


def _tanpa_frasa(kueri: Query) -> Query:
    """Return ``kueri`` with every phrase loosened to its words (in ``semua``).

    Counting a phrase's matches decodes the positions of every document holding all its
    words; the loose query counts them cheaply and never finds fewer, so the first count
    decides as well whether the phrase's matches are few enough to rank them all.
    """

    def longgar(q: Query) -> Query:
        if isinstance(q, Phrase):
            return And([Term("semua", w) for w in q.words])
        return q

    return kueri.accept(longgar)


def _hitung(pencari: Any, wajib: Query) -> int:
    """Return how many documents match ``wajib`` (Whoosh's own count of a ranked search skips
    blocks and undercounts).

    The matcher is stepped, not asked for ``all_ids()``: Whoosh's intersection answers that
    with a set of every id of each side, reading every posting of every word ("pendidikan"
    in a window of a month reads the whole archive's list), where stepping leaps from one
    match to the next.
    """
    jumlah = 0
    for _sub, _awal, m in _pencocok_per_segmen(pencari, wajib):
        while m.is_active():
            jumlah += 1
            m.next()
    return jumlah


def _pencocok_per_segmen(pencari: Any, wajib: Query) -> Iterator[tuple[Any, int, Any]]:
    """Yield (segment searcher, its first document number, the unscored matcher of ``wajib``)
    for each segment holding every word of ``wajib``."""
    for sub, awal in pencari.subsearchers or [(pencari, 0)]:
        try:
            m = wajib.matcher(sub, sub.boolean_context())
        except TermNotFound:
            continue
        yield sub, awal, m


_KATA_ATAU_FRASA = re.compile(r'"([^"]*)"|([^\s"]+)')


def _istilah_kata(analis: Any, kata: str) -> list[tuple[str, str]]:
    """Return (raw lowercase token, index term) for each term of one typed word."""
    out = []
    for t in analis(kata, keeporiginal=True):
        out.append((t.original.lower(), t.text))
    return out


def _siapkan_teks(teks: str) -> str:
    """Return the query text with spellings joined and spaced NIPs written as 18 digits."""
    return rapatkan_nomor(satukan_nip(satukan_ejaan(teks.strip())))


def _ke_hasil(hasil: Any, cuplikan: bool) -> list[Hasil]:
    """Return Whoosh's hits as the contract's records, each with its highlighted snippet
    when ``cuplikan``."""
    hasil.formatter = _Kurung()
    hasil.fragmenter = highlight.ContextFragmenter(maxchars=200, surround=60)
    return [
        Hasil(
            id=hit["id"],
            nomor=hit["nomor"],
            jenis=hit["jenis"],
            tanggal=tanggal_angka(hit["tanggal"]),
            tentang=hit.get("tentang", ""),
            cuplikan=_cuplikan(hit) if cuplikan else "",
            lokasi=hit.get("lokasi", ""),
            skor=float(hit.score or 0.0),
        )
        for hit in hasil
    ]


def _cuplikan(hit: Any) -> str:
    """Return a highlighted passage of the hit: from its text, else its tentang."""
    sumber = (
        ("semua", hit.get("teks") or ""),
        ("peserta_nama", hit.get("orang") or ""),  # a name matched within the typo rule
        ("semua", hit.get("orang") or ""),  # an institution, a NIK
        ("semua", hit.get("tentang") or ""),
    )
    for field, teks in sumber:
        if not teks:
            continue
        try:
            potongan = hit.highlights(field, text=teks[:BATAS_CUPLIKAN], top=2)
        except Exception:  # a snippet is never worth failing a search
            potongan = ""
        if potongan:
            return " ".join(potongan.split())
    teks = " ".join((hit.get("teks") or hit.get("tentang") or "").split())
    return teks[:200] + ("…" if len(teks) > 200 else "")


def _storage(folder: Path) -> FileStorage:
    """Return the index folder's Whoosh storage, read without mmap (see _MEMORI_PENULIS_MB)."""
    return FileStorage(str(folder), supports_mmap=False)


def _fsync_indeks(folder: Path) -> None:
    """Flush the index files and their folder to disk (Whoosh itself never fsyncs), so a power
    cut after a commit cannot leave a table of contents naming segments that were lost."""
    for berkas in folder.iterdir():
        if berkas.is_file():
            fd = os.open(berkas, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
