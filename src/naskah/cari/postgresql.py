"""The PostgreSQL full-text search backend: the archive's index beside the register.

An office with several workstations keeps its register on PostgreSQL; this backend keeps the
search index in the same database, so every workstation writes through the server's own locking
instead of a Whoosh folder on a network share. The tables come from the Alembic revision
``0003_cari_postgresql`` (see :mod:`naskah.register.basis`, whose engine and migrations this
module reuses for writing). A search reads on psycopg's own connection without SQLAlchemy
(:class:`_Baca`; importing SQLAlchemy would cost a ``naskah cari`` more than its queries):
SQLAlchemy and Alembic are loaded only to write, to rebuild, or to create or migrate the schema
a search finds missing or older.

How a document is stored (``cari_dokumen``):

- ``vektor``: one tsvector in PostgreSQL's built-in ``indonesian`` configuration (Snowball's
  Indonesian stemmer, the same algorithm the Whoosh backend runs through PyStemmer), weighted
  A = the number and its parts, B = tentang, C = people, institutions, partners, unit and
  classification, D = the full text. Numbers, NIP, NIK and document numbers are not stemmed:
  the parser reads ``0512/C7.24/HK.03.01/2024`` as one path token, ``C7.24`` as another and an
  18-digit NIP as an integer, all of which the configuration keeps whole, so they match exactly.
  The document's kind is in it too, as a lexeme the parser can never produce
  (``'naskah jenis keputusan'``, without a position, so it never counts in a rank): a kind
  filter on a text query is then answered by the GIN index with the words, instead of testing
  the kind of every document holding the words (tens of thousands, for two common words).
- ``nomor_kunci``: the number lower-cased without spaces, so a query that is a whole number
  puts that document first.
- ``teks`` and ``orang`` (the C-weight text): what ``ts_headline`` cuts the snippet from, with
  ``[[``/``]]`` around the matches, so a hit on a participant's name shows the name.
- ``orang_cari``: ``penandatangan:<word>``, ``peserta:<NIK>`` … (GIN), for the person filters.

Ranking (:data:`_RANG`) is field by field; a query matching more than :data:`BATAS_PERINGKAT`
documents ranks only its newest ones and reports an estimated ``jumlah`` (see there).

Every text, document or query, first goes through :func:`naskah.cari.ejaan.satukan_ejaan`, so
"kerja sama" and "kerjasama" are one word for this backend exactly as for Whoosh.

Names with typos: every word of every signer's and participant's name is kept in
``cari_kata_nama`` with a pg_trgm index. A query word is widened to the name words within a
small edit distance (1, or 2 for words of eight letters or more, same first letter), so a
mistyped name finds the person while every other word still has to match as typed.

Indonesian stop words: PostgreSQL's ``indonesian`` configuration has no stop-word list (and a
custom one would need a file on the server), so the documents keep every word and the query
drops the shared stop words (:mod:`naskah.cari.kata_henti`) before it is built; "surat tugas
untuk pelatihan" then does not require "untuk".

Transactions: :meth:`MesinCariPostgres.tulis` is one transaction; :meth:`MesinCariPostgres.
tulis_dalam` writes inside a caller's transaction (the archive indexes a document in the same
transaction as its catalog row, so the index is never behind the archive);
:meth:`MesinCariPostgres.bangun_ulang` replaces everything in one transaction (fresh tables
swapped in), during which searches keep reading the old index and other writers wait.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from naskah.cari.aturan import (
    BATAS_PERINGKAT,
    angka_identitas,
    bagian_nomor,
    batas_salah_ketik,
    bersihkan_teks,
    galat_kueri_kosong,
    istilah_potongan_kueri,
    istilah_potongan_nomor,
    jarak_ketik,
    kosakata,
    kunci_nomor,
    mirip,
    periksa_kueri,
    satukan_nip,
)
from naskah.cari.dokumen import DokumenIndeks, Ejaan, Hasil, HasilCari, Kueri, OrangIndeks
from naskah.cari.ejaan import GABUNGAN, PASANGAN, satukan_ejaan
from naskah.cari.kata_henti import KATA_HENTI
from naskah.errors import CariError, ConfigError, InputError, NaskahError, RegisterError
from naskah.register import basis

if TYPE_CHECKING:
    from concurrent.futures import Future

    from sqlalchemy import URL, Connection, Engine, TextClause

    from naskah.config import Konfigurasi  # only its fields are read: no import at run time

__all__ = ["VERSI_SKEMA", "MesinCariPostgres", "jarak_ketik"]

VERSI_SKEMA: Final = 3
"""Version of the stored fields and the analysis; bump it together with a migration that
writes the new value into ``cari_meta`` (2: number parts, the vocabulary ``cari_kata``, no
stamp boilerplate; revision ``0006_cari_kosakata``; 3: the kind lexeme in ``vektor``,
revision ``0015_cari_jenis_vektor``, which adds it in place)."""

KONFIGURASI_TS: Final = "indonesian"

_RANG: Final = (
    "ts_rank('{0, 0.2, 0.4, 1.0}', d.vektor, {tq})"
    " + 0.3 * ts_rank('{1, 0, 0, 0}', d.vektor, {tq}, 32)"
)
"""Relevance, field by field as BM25F does for Whoosh: the short fields (number A, tentang B,
people and partners C) score as they match; the full text (D) scores apart, saturated
(rank / (rank + 1)) and at 0.3, so a long text repeating a word refines the order but never
buries a document whose number or tentang is what was asked. Chosen on the judged set of
tests/cari against plain ``ts_rank``/``ts_rank_cd`` with and without length
normalisation, each of which failed two to four cases."""

_HARGA_LANGKAH_TANGGAL: Final = 10
"""How many rows of the GIN index's answer cost as much as one row read newest first (which
reads and tests that row's tsvector)."""

_RUANG_POTONG: Final = 2
"""How many times the expected share of the archive a date cutoff spans (see
:meth:`MesinCariPostgres._tanggal_potong`): the planner's estimate of a match count is often a
few times off (two correlated words are estimated as independent), and a cutoff too narrow
costs one query more."""

_HARGA_HITUNG_URUT: Final = 25
"""How many rows of the GIN index's answer cost as much as one row read in table order by a
count of a word's documents (which reads and tests that row's tsvector); measured at 100,000
documents: a word of a third of them is counted twice as fast through the index, one of
nearly all of them twice as fast in table order."""

# BATAS_PERINGKAT (naskah.cari.aturan, shared with Whoosh): beyond it, ``jumlah`` is the
# planner's estimate from the index statistics, never below it, with ``pasti`` False.

_BATAS_FREKUENSI: Final = 1000
"""The most documents :meth:`MesinCariPostgres.eja` counts for a word."""

_UKURAN_ANTRIAN: Final = 500
"""Documents a batch writer sends to the server in one round trip."""

_KATA = re.compile(r"[^\W\d_]+")
# Snowball mangles the joined compounds ("kerjasama" → "rjasama" but "bekerjasama" →
# "kerjasama"), so, as in the Whoosh backend, any affixed form of one becomes the bare compound.
_ADA_PASANGAN = re.compile(
    "|".join(rf"{awal}\s+{akhir}" for awal, akhir in PASANGAN), re.IGNORECASE
)
_KATA_GABUNGAN = tuple(g for g, _ in GABUNGAN)
_DASAR_GABUNGAN = dict(GABUNGAN)
_GABUNGAN = re.compile(r"\b\w*?(" + "|".join(_KATA_GABUNGAN) + r")\w*\b", re.IGNORECASE)
_FRASA = re.compile(r'"([^"]*)"')
# A whole document number typed as the query: parts joined by slashes (spaces allowed around).
_BENTUK_NOMOR = re.compile(r"[\w.\-]+(?:\s*/\s*[\w.\-]+)+")


def _rapikan(teks: str) -> str:
    """Return text as this backend analyses it: one spelling per compound, NIPs unspaced."""
    # The regular expressions cost most of the indexing time; most texts need none of them.
    if _ADA_PASANGAN.search(teks):
        teks = satukan_ejaan(teks)
    kecil = teks.lower()
    if any(g in kecil for g in _KATA_GABUNGAN):
        teks = _GABUNGAN.sub(lambda m: _DASAR_GABUNGAN[m.group(1).lower()], teks)
    return satukan_nip(teks)


def _kata_nama(nama: str) -> list[str]:
    """Return the lower-cased words of a person's name (titles included: they do no harm)."""
    return [k.lower() for k in _KATA.findall(nama)]


# --- SQL ------------------------------------------------------------------------------------


def text(sql: str) -> TextClause:
    """Return SQLAlchemy's ``text(sql)``, importing SQLAlchemy on first use: only the writers,
    the rebuild and the schema checks of the write engine need it, never a search."""
    from sqlalchemy import text as sa_text

    return sa_text(sql)


# sqlalchemy.text()'s ``:name`` parameters (not ``::type`` casts, not ``\:`` escapes)
_PARAMETER_TEKS = re.compile(r"(?<![:\w\\]):(\w+)(?!:)")


def _ke_psycopg(sql: str) -> str:
    """Return SQL written for ``sqlalchemy.text()`` as psycopg's (``%(name)s``, ``%%``)."""
    return _PARAMETER_TEKS.sub(r"%(\1)s", sql.replace("%", "%%")).replace("\\:", ":")


class _Baca:
    """One read transaction on a driver's own connection (psycopg2's through
    :mod:`naskah.register.pg_baca`, or psycopg 3's from the engine): the search's SQL, written
    with ``:name`` parameters, run without SQLAlchemy (whose import would cost a ``naskah cari``
    more than its queries)."""

    def __init__(self, koneksi: Any) -> None:
        self._koneksi = koneksi

    def execute(
        self, sql: str, nilai: Mapping[str, Any] | None = None, *, bernama: bool = False
    ) -> Any:
        """Run ``sql``; return the cursor, whose rows are tuples (``bernama``: named tuples,
        for a statement whose columns have distinct names)."""
        kursor_ringan = getattr(self._koneksi, "kursor", None)  # naskah.register.pg_baca's
        if kursor_ringan is not None:
            kursor = kursor_ringan(bernama=bernama)
        else:
            from psycopg.rows import namedtuple_row, tuple_row  # loaded with the connection

            kursor = self._koneksi.cursor(row_factory=namedtuple_row if bernama else tuple_row)
        if nilai is None:  # sent as it is: psycopg reads no placeholders without values
            return kursor.execute(sql)
        return kursor.execute(_ke_psycopg(sql), nilai)

    def skalar(self, sql: str, nilai: Mapping[str, Any] | None = None) -> Any:
        """Return the first column of the first row, None without a row."""
        baris = self.execute(sql, nilai).fetchone()
        return None if baris is None else baris[0]


# A gap of 100 positions between the fields of the one tsvector (a lexeme the parser can never
# produce, holding a space): without it, words at the end of one field and the start of the next
# count as near each other, and the length of a participant's name would shift the ranking.
_JEDA = r"CAST('''naskah jeda''\:100' AS tsvector)"
# The kind of a document as a lexeme of its tsvector (no position: it never counts in a rank).
_JENIS = "naskah jenis "

_SQL_HAPUS = "DELETE FROM cari_dokumen WHERE id = ANY(CAST(:ids AS text[]))"

_SQL_TAMBAH = f"""
    INSERT INTO cari_dokumen (id, nomor, nomor_kunci, jenis, tanggal, tentang, teks, orang,
                              unit, klasifikasi, lokasi, versi, terkini, orang_cari, vektor)
    SELECT t.id, t.nomor, t.kunci, t.jenis, t.tanggal, t.tentang, t.teks, t.o, t.unit,
           t.klasifikasi, t.lokasi, t.versi, t.terkini,
           CASE WHEN t.oc = '' THEN '{{}}'::text[] ELSE string_to_array(t.oc, ' ') END,
           -- the kind first: a lexeme without position shifts no position after it, and the
           -- long vector is not copied once more for it
           array_to_tsvector(ARRAY['{_JENIS}' || t.jenis])
           || setweight(to_tsvector('{KONFIGURASI_TS}', t.a), 'A') || {_JEDA}
           || setweight(to_tsvector('{KONFIGURASI_TS}', t.b), 'B') || {_JEDA}
           || setweight(to_tsvector('{KONFIGURASI_TS}', t.c), 'C') || {_JEDA}
           || setweight(to_tsvector('{KONFIGURASI_TS}', t.teks), 'D')
    FROM unnest(CAST(:id AS text[]), CAST(:nomor AS text[]), CAST(:kunci AS text[]),
                CAST(:jenis AS text[]), CAST(:tanggal AS date[]), CAST(:tentang AS text[]),
                CAST(:teks AS text[]), CAST(:unit AS text[]), CAST(:klasifikasi AS text[]),
                CAST(:lokasi AS text[]), CAST(:versi AS integer[]), CAST(:terkini AS boolean[]),
                CAST(:a AS text[]), CAST(:c AS text[]), CAST(:o AS text[]),
                CAST(:oc AS text[]), CAST(:b AS text[]))
         AS t(id, nomor, kunci, jenis, tanggal, tentang, teks, unit, klasifikasi, lokasi, versi,
              terkini, a, c, o, oc, b)
    ORDER BY t.id
    ON CONFLICT (id) DO UPDATE SET
        nomor = EXCLUDED.nomor, nomor_kunci = EXCLUDED.nomor_kunci, jenis = EXCLUDED.jenis,
        tanggal = EXCLUDED.tanggal, tentang = EXCLUDED.tentang, teks = EXCLUDED.teks,
        orang = EXCLUDED.orang,
        unit = EXCLUDED.unit, klasifikasi = EXCLUDED.klasifikasi, lokasi = EXCLUDED.lokasi,
        versi = EXCLUDED.versi, terkini = EXCLUDED.terkini, orang_cari = EXCLUDED.orang_cari,
        vektor = EXCLUDED.vektor
"""

# Sorted, in one statement: two writers adding the same new words take their locks in the same
# order, so they wait for each other instead of deadlocking.
_SQL_TAMBAH_KATA = """
    INSERT INTO cari_kata_nama (kata)
    SELECT k FROM unnest(CAST(:kata AS text[])) AS k ORDER BY k
    ON CONFLICT (kata) DO NOTHING
"""

# Candidates for a mistyped name word, checked by edit distance in Python: by trigram
# similarity (pg_trgm's index) for words of six letters or more; a shorter word shares too few
# trigrams with its typo ("dami" / "dmai" share one), so there every name word with the same
# first letter and a length one apart is a candidate (a range scan of the primary key).
_SQL_KATA_MIRIP = """
    SELECT w.kata, k.kata
    FROM unnest(CAST(:panjang AS text[])) AS w(kata)
    JOIN {tabel} k ON k.kata % w.kata AND left(k.kata, 1) = left(w.kata, 1)
    UNION ALL
    SELECT w.kata, k.kata
    FROM unnest(CAST(:pendek AS text[])) AS w(kata)
    JOIN {tabel} k ON k.kata >= left(w.kata, 1) AND k.kata < left(w.kata, 1) || 'zzzz'
         AND abs(length(k.kata) - length(w.kata)) <= 1
"""
_SQL_NAMA_MIRIP = _SQL_KATA_MIRIP.format(tabel="cari_kata_nama")
_SQL_KOSAKATA_MIRIP = _SQL_KATA_MIRIP.format(tabel="cari_kata")
_SQL_TAMBAH_KOSAKATA = """
    INSERT INTO cari_kata (kata)
    SELECT k FROM unnest(CAST(:kata AS text[])) AS k ORDER BY k
    ON CONFLICT (kata) DO NOTHING
"""


@dataclass(frozen=True)
class _Kueri:
    """A parsed free-text query, ready to be turned into SQL."""

    kunci_nomor: str | None
    """The query as a whole number, when it looks like one."""
    kata: tuple[str, ...]
    """Plain words and exact terms, each of which must match."""
    frasa: tuple[str, ...]
    """Quoted phrases."""
    tanpa: tuple[str, ...]
    """Words after a minus sign, which must not match."""

    @property
    def kosong(self) -> bool:
        return not (self.kunci_nomor or self.kata or self.frasa)


def urai_kueri(teks: str) -> _Kueri:
    """Return the parts of a free-text query: phrases, words, excluded words, a whole number."""
    rapi = _rapikan(teks).strip()
    if _BENTUK_NOMOR.fullmatch(rapi):
        kunci = kunci_nomor(rapi)
        return _Kueri(kunci, (kunci,), (), ())
    frasa = tuple(f.strip() for f in _FRASA.findall(rapi) if f.strip())
    sisa = _FRASA.sub(" ", rapi)
    kata: list[str] = []
    tanpa: list[str] = []
    for token in sisa.split():
        if not any(c.isalnum() for c in token):
            continue
        if token.startswith("-") and len(token) > 1 and not token[1].isdigit():
            tanpa.append(token[1:])
        elif token.lower().strip(".,;:!?()") not in KATA_HENTI:
            kata.append(token)
    return _Kueri(None, tuple(kata), frasa, tuple(tanpa))


@dataclass(frozen=True)
class _Sql:
    """The parts of one search's SQL: which rows match, how they rank, what the snippet is."""

    syarat: str
    nilai: dict[str, Any]
    persis: str
    skor: str
    cuplikan: str
    urutan: str

    @property
    def sql_jumlah(self) -> str:
        """Return the SQL counting every match (only EXPLAINed, for a very broad query)."""
        return f"SELECT count(*) FROM cari_dokumen d WHERE {self.syarat}"

    def sql(self, lewat_tanggal: bool, potong: bool = False) -> str:
        """Return the SQL of the ranked hits with their snippets and the (capped) match count.

        The newest :data:`BATAS_PERINGKAT` + 1 matches are taken first, plus the document whose
        number was typed whole; only those are ranked. ``n`` is how many were taken. With
        ``lewat_tanggal`` they are read newest first through the date index, stopping early
        (right for a broad query); otherwise all matches come from the GIN index and are
        sorted (right for a narrow one): ``tanggal + 0`` keeps the planner off the date index
        for the order. With ``potong`` (GIN only), the candidates are first taken among the
        matches dated on or after ``:tanggal_potong`` (the date index intersected with the GIN
        index's answer, so the older matches are never read), and only when fewer than the
        window are there, the rest among the older ones: the same candidates either way.
        """
        urut_calon = "d.tanggal" if lewat_tanggal else "d.tanggal + 0"
        n_calon = BATAS_PERINGKAT + 1
        if potong:
            # a LIMIT of 0 runs nothing below it: the older matches are read only when needed
            calon = f"""
                WITH baru AS MATERIALIZED (
                    SELECT d.id, d.tanggal
                    FROM cari_dokumen d
                    WHERE {self.syarat} AND d.tanggal >= :tanggal_potong
                    ORDER BY d.tanggal + 0 DESC, d.id
                    LIMIT {n_calon}
                ),
                calon AS MATERIALIZED (
                    SELECT id, tanggal FROM baru
                    UNION ALL
                    (SELECT d.id, d.tanggal
                     FROM cari_dokumen d
                     WHERE {self.syarat} AND d.tanggal < :tanggal_potong
                     ORDER BY d.tanggal + 0 DESC, d.id
                     LIMIT {n_calon} - (SELECT count(*) FROM baru))
                ),"""
        else:
            calon = f"""
                WITH calon AS MATERIALIZED (
                    SELECT d.id, d.tanggal
                    FROM cari_dokumen d
                    WHERE {self.syarat}
                    ORDER BY {urut_calon} DESC, d.id
                    LIMIT {n_calon}
                ),"""
        persis = ""
        if self.persis != "false":
            persis = f"""
                UNION ALL
                SELECT d.id, d.tanggal, d.terkini, d.nomor_kunci, d.vektor
                FROM cari_dokumen d
                WHERE {self.syarat} AND {self.persis} AND d.id NOT IN (SELECT id FROM calon)"""
        return f"""{calon}
            semua AS (
                SELECT d.id, d.tanggal, d.terkini, d.nomor_kunci, d.vektor
                FROM calon c JOIN cari_dokumen d ON d.id = c.id {persis}
            ),
            cocok AS (
                SELECT d.id, d.tanggal, {self.persis} AS persis, {self.skor} AS skor
                FROM semua d
                ORDER BY {self.urutan.format(p="")}
                LIMIT :batas
            )
            SELECT h.id, h.nomor, h.jenis, h.tanggal, h.tentang, h.lokasi, c.skor,
                   (SELECT count(*) FROM calon) AS n, {self.cuplikan} AS cuplikan
            FROM cocok c JOIN cari_dokumen h ON h.id = c.id
            ORDER BY {self.urutan.format(p="c.")}
        """


class MesinCariPostgres:
    """The search index in the register's PostgreSQL database (implements ``MesinCari``).

    One instance per process or thread (it holds a connection pool); nothing is connected until
    the first call. Searches (:meth:`cari`, :meth:`eja`) read on one psycopg connection of
    their own, without SQLAlchemy, when the URL is a plain one and the schema the newest;
    otherwise, and for every write, the register's engine is used, which brings the schema up
    to date by the register's migrations on first use.
    """

    versi_skema: int = VERSI_SKEMA
    cuplikan_mahal: bool = False

    def __init__(self, konfigurasi: Konfigurasi, *, url: str | None = None) -> None:
        self.alamat = basis.alamat(url or konfigurasi.url_basis_data)
        if self.alamat.dialek != "postgresql":
            raise ConfigError(
                "Mesin pencarian postgresql membutuhkan register di PostgreSQL; isi "
                "[basis_data] url dengan alamat server PostgreSQL atau pilih "
                '[cari] mesin = "whoosh".'
            )
        self.batas_tunggu = konfigurasi.basis_data.batas_tunggu
        self._engine: Engine | None = None
        self._baca_pg: Any = None
        """psycopg's read connection; NotImplemented: searches read through the engine."""
        self._versi_diperiksa = False

    @functools.cached_property
    def url(self) -> URL:
        """The database's URL as SQLAlchemy's (imports SQLAlchemy)."""
        return self.alamat.sqlalchemy()

    # -- connection ------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """Return the engine, migrating the database schema on first use."""
        if self._engine is None:
            with self._galat():
                engine = basis.buat_engine(self.alamat.url, self.batas_tunggu)
                try:
                    basis.siapkan_skema(engine)
                except BaseException:
                    engine.dispose()
                    raise
            self._engine = engine
        return self._engine

    def tutup(self) -> None:
        """Close the read connection and the connection pool."""
        if self._baca_pg is not None and self._baca_pg is not NotImplemented:
            self._baca_pg.close()
        self._baca_pg = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @contextmanager
    def _baca(self) -> Iterator[_Baca]:
        """Yield one read transaction (rolled back at the end), database errors translated.

        On :mod:`naskah.register.pg_baca`'s connection, kept open between searches, when the URL
        is a plain one and the schema the newest (one query checks it); otherwise on the engine's
        connection, which creates or migrates the schema first, as every use did before.
        """
        with self._galat():
            lama = self._baca_pg
            if lama is not None and lama is not NotImplemented and lama.closed:
                lama.close()  # lost with the server (as the engine's pool drops such a one)
                self._baca_pg = None
            if self._baca_pg is None:
                self._baca_pg = basis.sambung_postgresql_baca(
                    self.alamat, self.batas_tunggu, terkini=True, ringan=True
                )
            c = self._baca_pg
            if c is NotImplemented:
                with self.engine.connect() as conn:
                    try:
                        yield _Baca(conn.connection.driver_connection)
                    finally:
                        conn.rollback()
                return
            try:
                yield _Baca(c)
            finally:
                if not c.closed:
                    with contextlib.suppress(c.Error):
                        c.rollback()

    def __enter__(self) -> MesinCariPostgres:
        return self

    def __exit__(self, *exc: object) -> None:
        self.tutup()

    @contextmanager
    def _galat(self) -> Iterator[None]:
        """Turn a database error inside the block into one :class:`CariError` sentence.

        The register's translation of driver errors is reused (it knows which are a lock, a
        refused password, a server down), but the error is the search index's, never a
        ``RegisterError``. A NaskahError raised by a caller inside the block passes unchanged.
        """
        try:
            yield
        except NaskahError:
            raise
        except Exception as exc:  # translated when a database error, else re-raised
            try:
                with basis.terjemahkan_galat(self.alamat, self.batas_tunggu):
                    raise exc
            except RegisterError as galat:
                raise CariError(
                    f"Indeks pencarian di PostgreSQL tidak dapat dipakai: {galat.pesan}"
                ) from exc

    # -- writing ---------------------------------------------------------------------------

    @contextmanager
    def tulis(self) -> Iterator[_PenulisPostgres]:
        """Open a batch writer: one transaction, committed when the block ends without error."""
        with self._galat(), self.engine.connect() as conn, conn.begin():
            penulis = _PenulisPostgres(conn, _UKURAN_ANTRIAN)
            yield penulis
            penulis.selesai()

    def tulis_dalam(self, conn: Connection) -> AbstractContextManager[_PenulisPostgres] | None:
        """Open a batch writer inside the caller's open transaction on ``conn``, or return None
        when ``conn`` is not connected to this backend's database.

        The queued changes are sent when the block ends (before the caller commits) and commit
        or roll back with the caller's transaction: the archive writes its catalog row and the
        index entry in one transaction. The index's database errors become a
        :class:`~naskah.errors.CariError` sentence; the transaction is then lost and the caller
        must let it roll back.
        """
        if not _basis_sama(conn.engine.url, self.url):
            return None
        return self._tulis_dalam(conn)

    @contextmanager
    def _tulis_dalam(self, conn: Connection) -> Iterator[_PenulisPostgres]:
        if not conn.in_transaction():
            raise CariError(
                "Indeks pencarian hanya ditulis di dalam transaksi yang sedang berjalan "
                "(kesalahan program, laporkan kepada pengelola naskah)."
            )
        penulis = _PenulisPostgres(conn, _UKURAN_ANTRIAN, galat=self._galat)
        yield penulis  # the caller's own errors inside the block are the caller's
        with self._galat():
            penulis.selesai()

    def bangun_ulang(self, dokumen: Iterable[DokumenIndeks]) -> int:
        """Replace the whole index with ``dokumen`` in one transaction; return how many.

        The new index is written into fresh tables without their secondary indexes, which are
        then built in bulk (several times faster than keeping a GIN index up to date row by
        row), and swapped in for the old tables before the commit. Other writers wait (up to
        the lock timeout); searches keep reading the old index until the swap.
        """
        with self._galat(), self.engine.connect() as conn:
            with conn.begin():
                conn.execute(text("LOCK TABLE cari_dokumen IN SHARE ROW EXCLUSIVE MODE"))
                # The commit need not wait for the WAL flush of the whole rebuild: the index is
                # derived data, and a crash losing this commit brings back the old tables whole
                # (any later commit that waits for its flush, an archived document's, flushes
                # this one too, the WAL being sequential).
                conn.execute(text("SET LOCAL synchronous_commit = off"))
                indeks = _siapkan_tabel_baru(conn)
                penulis = _PenulisPostgres(conn, _UKURAN_ANTRIAN, _BARU, serentak=True)
                try:
                    for d in dokumen:
                        penulis.tambah(d)
                    penulis.selesai()
                finally:
                    penulis.tutup()
                _tukar_tabel(conn, indeks)
                conn.execute(
                    text(
                        "INSERT INTO cari_meta VALUES ('versi_skema', :v) "
                        "ON CONFLICT (kunci) DO UPDATE SET nilai = EXCLUDED.nilai"
                    ),
                    {"v": str(VERSI_SKEMA)},
                )
            self._versi_diperiksa = True
        # Statistics and the visibility map for the new tables (VACUUM cannot run inside a
        # transaction; autovacuum would do the same a little later).
        with self._galat(), self.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT")
            for tabel in _TABEL_INDEKS:
                conn.execute(text(f"VACUUM ANALYZE {tabel}"))
        return penulis.jumlah

    def perlu_dibangun_ulang(self) -> bool:
        """Return whether the index is missing, unreadable or of another schema version."""
        from sqlalchemy import exc as sa_exc

        try:
            with self._galat(), self.engine.connect() as conn:
                nilai = conn.execute(
                    text("SELECT nilai FROM cari_meta WHERE kunci = 'versi_skema'")
                ).scalar()
        except sa_exc.SQLAlchemyError:
            return True
        return nilai != str(VERSI_SKEMA)

    def jumlah_dokumen(self) -> int:
        """Return how many document versions the index holds."""
        with self._galat(), self.engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM cari_dokumen")).scalar_one())

    # -- searching -------------------------------------------------------------------------

    def cari(self, kueri: Kueri) -> HasilCari:
        """Answer one query: whole number first, then by relevance (or date), with snippets."""
        periksa_kueri(kueri)
        urai = urai_kueri(kueri.teks)
        ada_saring = any(
            v is not None
            for v in (
                kueri.jenis,
                kueri.dari,
                kueri.sampai,
                kueri.unit,
                kueri.klasifikasi,
                kueri.penandatangan,
                kueri.peserta,
            )
        ) or bool(kueri.jenis_dalam or kueri.hanya_id)
        if urai.kosong and not ada_saring:
            raise galat_kueri_kosong(kueri.teks)
        with self._baca() as conn:
            self._periksa_versi(conn)
            bagian = self._susun(conn, kueri, urai)
            perkiraan = _perkiraan(conn, bagian)
            semua = conn.skalar(
                "SELECT reltuples FROM pg_class WHERE oid = 'cari_dokumen'::regclass"
            )
            # Reading newest first visits about BATAS_PERINGKAT * semua / perkiraan rows and
            # tests each (reading its tsvector from TOAST); the GIN index finds about perkiraan
            # without testing any, about ten times cheaper a row (measured at 100,000
            # documents): take the cheaper. Either way the candidates are the same newest ones.
            lewat_tanggal = perkiraan * perkiraan > _HARGA_LANGKAH_TANGGAL * (
                BATAS_PERINGKAT + 1
            ) * max(semua, 1)
            if not lewat_tanggal and "d.vektor @@" in bagian.syarat:
                # The planner prices a match test as one operator call, but each reads a whole
                # document's tsvector from TOAST: it scans the table where the GIN index is
                # several times faster (bench/search_ketik.py at 100,000 documents). For this
                # statement only (the read transaction ends with a rollback).
                conn.execute("SET LOCAL enable_seqscan = off")
            potong = None if lewat_tanggal else self._tanggal_potong(conn, kueri, perkiraan, semua)
            if potong is None:
                sql, nilai = bagian.sql(lewat_tanggal), bagian.nilai
            else:
                sql, nilai = (
                    bagian.sql(False, potong=True),
                    {**bagian.nilai, "tanggal_potong": potong},
                )
            baris = conn.execute(sql, nilai, bernama=True).fetchall()
            jumlah = int(baris[0].n) if baris else 0
            pasti = jumlah <= BATAS_PERINGKAT
            if not pasti:
                jumlah = max(jumlah, perkiraan)
        return HasilCari(
            hasil=tuple(
                Hasil(
                    id=b.id,
                    nomor=b.nomor,
                    jenis=b.jenis,
                    tanggal=b.tanggal,
                    tentang=b.tentang,
                    cuplikan=b.cuplikan or "",
                    lokasi=b.lokasi,
                    skor=float(b.skor),
                )
                for b in baris
            ),
            jumlah=jumlah,
            pasti=pasti,
        )

    def _tanggal_potong(
        self, conn: _Baca, kueri: Kueri, perkiraan: int, semua: float
    ) -> date | None:
        """Return a date on or after which the newest :data:`BATAS_PERINGKAT` + 1 matches
        probably all lie, or None when no cutoff would spare much.

        The candidates of a query matching thousands of documents come from the GIN index,
        and each must be read from the table for its date (at 100,000 documents, 15,000 rows
        of 'kutai kartanegara' took 50 ms for 501 candidates). A cutoff lets the date index
        drop the older ones before any row is read. Matches are taken as spread over the
        archive like its documents: the cutoff is the date of the document ``k`` places from
        the newest, ``k`` :data:`_RUANG_POTONG` times the documents expected to hold the
        window (an index-only scan of ``k`` dates, under a millisecond at ``k`` = 17,000).
        When fewer matches than the window lie after it, the statement takes the rest among
        the older ones (:meth:`_Sql.sql`), so the answer never depends on the guess.
        """
        if perkiraan <= BATAS_PERINGKAT or kueri.dari is not None or kueri.sampai is not None:
            return None  # few matches, or a date filter that narrows them already
        if semua <= 0:
            return None  # a table never analysed (reltuples -1): nothing to reckon with
        k = int(_RUANG_POTONG * (BATAS_PERINGKAT + 1) * semua / perkiraan)
        if k >= semua / 2:
            return None
        tanggal: date | None = conn.skalar(
            "SELECT tanggal FROM cari_dokumen ORDER BY tanggal DESC OFFSET :k LIMIT 1", {"k": k}
        )
        return tanggal

    def _periksa_versi(self, conn: _Baca) -> None:
        if self._versi_diperiksa:
            return
        nilai = conn.skalar("SELECT nilai FROM cari_meta WHERE kunci = 'versi_skema'")
        if nilai != str(VERSI_SKEMA):
            raise CariError(
                "Indeks pencarian di PostgreSQL dibuat dengan susunan lain "
                f"(versi {nilai or '-'}, naskah ini memakai versi {VERSI_SKEMA}); bangun ulang "
                "dengan `naskah arsip indeks-ulang`."
            )
        self._versi_diperiksa = True

    def _perluas_nama(self, conn: _Baca, kata: Sequence[str]) -> dict[str, list[str]]:
        """Return, for each word, the name words it may be a typo of (itself excluded)."""
        calon = sorted({k for k in kata if batas_salah_ketik(k)})
        if not calon:
            return {}
        conn.execute("SET LOCAL pg_trgm.similarity_threshold = 0.2")
        hasil: dict[str, list[str]] = {}
        nilai = {
            "panjang": [k for k in calon if len(k) >= 6],
            "pendek": [k for k in calon if len(k) < 6],
        }
        for asal, nama in conn.execute(_SQL_NAMA_MIRIP, nilai):
            if nama != asal and mirip(asal, nama):
                hasil.setdefault(asal, []).append(nama)
        return hasil

    def eja(self, kata: Sequence[str]) -> dict[str, Ejaan]:
        """Return how each typed word stands in the archive: how many documents hold it, and
        the archive's words it may be a typo of (the typo rule of :mod:`naskah.cari.aturan`),
        the closest and most frequent first."""
        kecil = list(dict.fromkeys(k.lower() for k in kata))
        out: dict[str, Ejaan] = {}
        with self._baca() as conn:
            self._periksa_versi(conn)
            conn.execute("SET LOCAL pg_trgm.similarity_threshold = 0.2")
            calon = [k for k in kecil if batas_salah_ketik(k)]
            luas: dict[str, list[str]] = {}
            nilai = {
                "panjang": [k for k in calon if len(k) >= 6],
                "pendek": [k for k in calon if len(k) < 6],
            }
            if calon:
                for asal, lain in conn.execute(_SQL_KOSAKATA_MIRIP, nilai):
                    if lain != asal and mirip(asal, lain):
                        luas.setdefault(asal, []).append(lain)
            semua = conn.skalar(
                "SELECT reltuples FROM pg_class WHERE oid = 'cari_dokumen'::regclass"
            )
            for k in kecil:
                frekuensi = _hitung_kata(conn, _rapikan(k), semua)
                urut = sorted((jarak_ketik(k, w), w) for w in luas.get(k, ()))[:5]
                dengan = sorted((j, -_hitung_kata(conn, w, semua), w) for j, w in urut)
                out[k] = Ejaan(k, frekuensi, tuple((w, -n) for _, n, w in dengan if n))
        return out

    def _susun(self, conn: _Baca, kueri: Kueri, urai: _Kueri) -> _Sql:
        """Return the SQL and values of one search."""
        nilai: dict[str, Any] = {"batas": kueri.batas}
        ts = KONFIGURASI_TS
        bagian_tq: list[str] = []
        kata_huruf = [k.lower() for t in urai.kata for k in _KATA.findall(t) if not _ada_angka(t)]
        luas = self._perluas_nama(conn, kata_huruf)
        padanan = dict(kueri.padanan)
        potongan: list[str] = []
        for i, token in enumerate(urai.kata):
            nilai[f"k{i}"] = token
            alternatif = [f"plainto_tsquery('{ts}', :k{i})"]
            kecil = token.lower().strip(".,;:!?()")
            if not _ada_angka(token) and _KATA.fullmatch(kecil):
                for j, lain in enumerate(sorted(luas.get(kecil, ()))):
                    nilai[f"k{i}_{j}"] = lain
                    alternatif.append(f"plainto_tsquery('{ts}', :k{i}_{j})")
            for j, luasan in enumerate(padanan.get(kecil, ())):
                nilai[f"k{i}_p{j}"] = _rapikan(luasan)
                alternatif.append(f"plainto_tsquery('{ts}', :k{i}_p{j})")
            istilah_potongan = istilah_potongan_kueri(token)
            if istilah_potongan is not None:
                nilai[f"k{i}_n"] = istilah_potongan
                alternatif.append(f"plainto_tsquery('{ts}', :k{i}_n)")
                potongan.append(f"d.vektor @@ plainto_tsquery('{ts}', :k{i}_n)")
            bagian_tq.append("(" + " || ".join(alternatif) + ")")
        for i, f in enumerate(urai.frasa):
            nilai[f"f{i}"] = f
            bagian_tq.append(f"phraseto_tsquery('{ts}', :f{i})")
        for i, t in enumerate(urai.tanpa):
            nilai[f"t{i}"] = t
            bagian_tq.append(f"(!! plainto_tsquery('{ts}', :t{i}))")
        ada_teks = bool(urai.kata or urai.frasa)
        # Written out wherever it is used (not a CTE): a constant expression lets the planner
        # use the GIN index.
        tq = "(" + " && ".join(bagian_tq) + ")" if ada_teks else "NULL::tsquery"

        # The kind filters of a text query go into the match itself (the kind lexeme of
        # ``vektor``): the GIN index then answers words and kinds together.
        saring_jenis: list[str] = []
        if ada_teks:
            for nama, daftar in (
                ("jenis_tq", (kueri.jenis,) if kueri.jenis else ()),
                ("jenis_dalam_tq", tuple(kueri.jenis_dalam or ())),
            ):
                if daftar:
                    nilai[nama] = " | ".join(_leksem_jenis(j) for j in daftar)
                    saring_jenis.append(f"CAST(:{nama} AS tsquery)")
        tq_cocok = "(" + " && ".join([*saring_jenis, tq]) + ")" if saring_jenis else tq

        syarat: list[str] = []
        jenis_terlipat = False
        if ada_teks and urai.kunci_nomor:
            nilai["kunci"] = urai.kunci_nomor
            syarat.append(f"(d.vektor @@ {tq_cocok} OR d.nomor_kunci = :kunci)")
            persis = "(" + " OR ".join(["d.nomor_kunci = :kunci", *potongan]) + ")"
        elif ada_teks:
            syarat.append(f"d.vektor @@ {tq_cocok}")
            jenis_terlipat = True  # the kinds are tested by the match alone
            # a typed part of a number: the documents whose number holds it come first
            persis = "(" + " OR ".join(potongan) + ")" if potongan else "false"
        else:
            persis = "false"
        if kueri.jenis and not jenis_terlipat:
            nilai["jenis"] = kueri.jenis
            syarat.append("d.jenis = :jenis")
        if kueri.jenis_dalam and not jenis_terlipat:
            nilai["jenis_dalam"] = list(kueri.jenis_dalam)
            syarat.append("d.jenis = ANY(CAST(:jenis_dalam AS text[]))")
        if kueri.hanya_id:
            nilai["hanya_id"] = list(kueri.hanya_id)
            syarat.append("d.id = ANY(CAST(:hanya_id AS text[]))")
        if kueri.dari:
            nilai["dari"] = kueri.dari
            syarat.append("d.tanggal >= :dari")
        if kueri.sampai:
            nilai["sampai"] = kueri.sampai
            syarat.append("d.tanggal <= :sampai")
        if kueri.unit:
            nilai["unit"] = kueri.unit.strip().lower()
            syarat.append("lower(d.unit) = :unit")
        if kueri.klasifikasi:
            # a code or its head: "KP.04" also finds KP.04.05
            k = re.sub(r"\s+", "", kueri.klasifikasi).lower()
            nilai["klasifikasi"] = k
            nilai["klasifikasi_awal"] = (
                k.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ".%"
            )
            syarat.append(
                "(lower(d.klasifikasi) = :klasifikasi OR lower(d.klasifikasi) LIKE "
                ":klasifikasi_awal)"
            )
        for golongan, isi in (("penandatangan", kueri.penandatangan), ("peserta", kueri.peserta)):
            if isi is not None:
                syarat.append(self._saring_orang(conn, golongan, isi, nilai))

        if ada_teks:
            # a replaced version counts half, so the current one of the same number comes first
            skor = f"({_RANG.replace('{tq}', tq)}) * CASE WHEN d.terkini THEN 1.0 ELSE 0.5 END"
            cuplikan = (
                f"ts_headline('{ts}', concat_ws(' · ', nullif(h.teks, ''), nullif(h.orang, ''), "
                f"h.tentang), {tq}, 'StartSel=[[, StopSel=]], MaxWords=30, MinWords=12, "
                'MaxFragments=2, FragmentDelimiter=" … "\')'
            )
        else:
            skor = "CASE WHEN d.terkini THEN 1.0 ELSE 0.5 END"
            cuplikan = "left(CASE WHEN h.teks = '' THEN h.tentang ELSE h.teks END, 200)"
        if not kueri.cuplikan:
            cuplikan = "''"
        if kueri.urut == "tanggal":
            urutan = "{p}persis DESC, {p}tanggal DESC, {p}skor DESC, {p}id"
        else:
            urutan = "{p}persis DESC, {p}skor DESC, {p}tanggal DESC, {p}id"
        return _Sql(
            syarat=" AND ".join(syarat) or "true",
            nilai=nilai,
            persis=persis,
            skor=skor,
            cuplikan=cuplikan,
            urutan=urutan,
        )

    def _saring_orang(self, conn: _Baca, golongan: str, isi: str, nilai: dict[str, Any]) -> str:
        """Return the condition that a signer or participant matches ``isi`` (name, NIP, NIK).

        Every word of the name must be on the document (typos allowed) for that role. The
        words are the document's, not one person's: on a surat tugas with several assignees,
        "Ahmad Fauzi" also finds Ahmad Rahman with Budi Fauzi (one array on the document keeps
        the filter in the document's own GIN index, so the planner estimates it well).
        """
        awal = "pt" if golongan == "penandatangan" else "ps"
        angka = angka_identitas(isi)
        if angka is not None:
            nilai[f"{awal}n"] = [f"{golongan}:{angka}"]
            return f"d.orang_cari && CAST(:{awal}n AS text[])"
        kata = _kata_nama(satukan_ejaan(isi))
        if not kata:
            raise InputError(
                f"Saringan {golongan} {isi!r} tidak berisi nama, NIP atau NIK; tulis nama "
                "orangnya atau nomor induknya."
            )
        luas = self._perluas_nama(conn, kata)
        bagian = []
        for i, k in enumerate(kata):
            nilai[f"{awal}k{i}"] = [f"{golongan}:{x}" for x in (k, *sorted(luas.get(k, ())))]
            bagian.append(f"d.orang_cari && CAST(:{awal}k{i} AS text[])")
        return "(" + " AND ".join(bagian) + ")"


def _leksem_jenis(jenis: str) -> str:
    """Return the kind lexeme of ``jenis`` as a quoted tsquery operand."""
    leksem = (_JENIS + jenis).replace("\\", "\\\\").replace("'", "''")
    return f"'{leksem}'"


def _perkiraan(conn: _Baca, bagian: _Sql) -> int:
    """Return the planner's estimate of how many documents match (from the index statistics)."""
    isi = conn.skalar("EXPLAIN (FORMAT JSON) " + bagian.sql_jumlah, bagian.nilai)
    if isinstance(isi, str):
        isi = json.loads(isi)
    return int(isi[0]["Plan"]["Plans"][0]["Plan Rows"])


_SQL_PEMEGANG_KATA = (
    f"SELECT 1 FROM cari_dokumen WHERE vektor @@ plainto_tsquery('{KONFIGURASI_TS}', :k)"
)


def _hitung_kata(conn: _Baca, kata: str, semua: float) -> int:
    """Return how many documents hold ``kata``, counted up to :data:`_BATAS_FREKUENSI`: only
    "none" and the order of suggestions depend on it, and counting every holder of a common
    word is slow.

    The planner reads the table in order until it has counted enough (a whole tsvector read
    and tested a row), as cheap to it as the GIN index's list; that is right only for a word of
    nearly every document (at 100,000 documents, one of 15,000 was counted in 20 ms so, 2 ms
    through the index). Which way is cheaper is told by the planner's estimate of the
    holders (:data:`_HARGA_HITUNG_URUT`); the count is the same either way.
    """
    rencana = conn.skalar("EXPLAIN (FORMAT JSON) " + _SQL_PEMEGANG_KATA, {"k": kata})
    if isinstance(rencana, str):
        rencana = json.loads(rencana)
    perkiraan = float(rencana[0]["Plan"]["Plan Rows"])
    urut = perkiraan * perkiraan > _HARGA_HITUNG_URUT * _BATAS_FREKUENSI * max(semua, 1)
    # for this statement only (the read transaction ends with a rollback)
    conn.execute(f"SET LOCAL enable_seqscan = {'on' if urut else 'off'}")
    hitung = f"SELECT count(*) FROM ({_SQL_PEMEGANG_KATA} LIMIT {_BATAS_FREKUENSI}) AS t"
    return int(conn.skalar(hitung, {"k": kata}))


def _basis_sama(a: URL, b: URL) -> bool:
    """Return whether two URLs name the same PostgreSQL database (user and password aside)."""

    def kunci(u: URL) -> tuple[object, ...]:
        return (
            u.get_backend_name(),
            u.host or "",
            u.port or 5432,
            u.database or "",
            str(u.query.get("host", "")),
            str(u.query.get("port", "")),
        )

    return kunci(a) == kunci(b)


def _ada_angka(token: str) -> bool:
    return any(c.isdigit() for c in token)


@dataclass(frozen=True)
class _Kiriman:
    """One batch ready for the server: ids to remove, the added documents' columns, and the
    words of their people's names."""

    hapus: list[str]
    kolom: dict[str, list[Any]] | None
    kata: frozenset[str]
    kosakata: frozenset[str]
    """Every word of the documents (lower case, letters only): the vocabulary of suggestions."""


def _siapkan_kiriman(antrian: dict[str, DokumenIndeks | None]) -> _Kiriman:
    """Return a queued batch in the form the statements take (pure: runs in any thread)."""
    ids = sorted(antrian)
    dokumen = [d for i in ids if (d := antrian[i]) is not None]
    kata: set[str] = set()
    for d in dokumen:
        for o in (*d.penandatangan, *d.peserta):
            kata.update(k for k in _kata_nama(satukan_ejaan(o.nama)) if len(k) >= 3)
    kata_arsip: set[str] = set()
    for d in dokumen:
        kata_arsip |= kosakata(d)
    return _Kiriman(
        hapus=[i for i in ids if antrian[i] is None],
        kolom=_kolom_dokumen(dokumen) if dokumen else None,
        kata=frozenset(kata),
        kosakata=frozenset(kata_arsip),
    )


class _PenulisPostgres:
    """A batch of index changes on one connection (implements ``Penulis``).

    Documents are queued and sent ``ukuran`` at a time, each batch as a handful of statements
    over arrays (one round trip per table), so a rebuild of 100,000 documents is not 100,000
    round trips. The caller owns the transaction. With ``ukuran`` 1 every change is sent at
    once; otherwise the new name words of the whole batch are inserted last, sorted, in
    :meth:`selesai`, so two batches sharing new names wait for each other in one order and
    never deadlock.

    With ``serentak`` (the rebuild), the next batch is prepared (text normalised, columns
    built: half of the rebuild's CPU) in a helper thread while the server works on the
    previous one; the connection is only ever used by the caller's thread, and batches reach
    the server in the order they were queued.
    """

    def __init__(
        self,
        conn: Connection,
        ukuran: int,
        akhiran: str = "",
        *,
        serentak: bool = False,
        galat: Any = contextlib.nullcontext,
    ) -> None:
        self._conn = conn
        self._galat = galat
        self._ukuran = ukuran
        self._akhiran = akhiran
        self._antrian: dict[str, DokumenIndeks | None] = {}
        self._kata: set[str] = set()
        self._kosakata: set[str] = set()
        self._pelaksana = None
        if serentak:
            from concurrent.futures import ThreadPoolExecutor

            self._pelaksana = ThreadPoolExecutor(1, "naskah-cari")
        self._tertunda: Future[_Kiriman] | None = None
        self.jumlah = 0
        """Documents added so far."""

    def tambah(self, dokumen: DokumenIndeks) -> None:
        """Add a document version, replacing the entry with the same id."""
        if not dokumen.id:
            raise InputError("Dokumen tanpa id tidak dapat diindeks.")
        self._antrian[dokumen.id] = dokumen
        self.jumlah += 1
        if len(self._antrian) >= self._ukuran:
            self.kirim()

    def hapus(self, id: str) -> None:
        """Remove a document version; an unknown id is not an error."""
        self._antrian[id] = None
        if len(self._antrian) >= self._ukuran:
            self.kirim()

    def kirim(self) -> None:
        """Send the queued changes to the server (inside the caller's transaction); with
        ``serentak``, send the batch prepared before and start preparing this one."""
        if not self._antrian:
            return
        with self._galat():
            self._kirim()

    def _kirim(self) -> None:
        antrian, self._antrian = self._antrian, {}
        if self._pelaksana is None:
            self._kirim_siap(_siapkan_kiriman(antrian))
        else:
            berikut = self._pelaksana.submit(_siapkan_kiriman, antrian)
            self._kirim_tertunda()
            self._tertunda = berikut
        if self._ukuran == 1:
            self._tambah_kata()

    def _kirim_tertunda(self) -> None:
        if self._tertunda is not None:
            siap, self._tertunda = self._tertunda, None
            self._kirim_siap(siap.result())

    def _kirim_siap(self, k: _Kiriman) -> None:
        if k.hapus:
            self._conn.execute(text(_ke_tabel(_SQL_HAPUS, self._akhiran)), {"ids": k.hapus})
        if k.kolom is not None:
            self._conn.exec_driver_sql(_ke_driver(_SQL_TAMBAH, self._akhiran), k.kolom)
        self._kata.update(k.kata)
        self._kosakata.update(k.kosakata)

    def selesai(self) -> None:
        """Send everything still queued, then the batch's name words (before the commit)."""
        self.kirim()
        self._kirim_tertunda()
        self._tambah_kata()
        self.tutup()

    def tutup(self) -> None:
        """Stop the helper thread (a batch it is still preparing is dropped)."""
        if self._pelaksana is not None:
            self._pelaksana.shutdown(wait=True, cancel_futures=True)
            self._pelaksana = None
            self._tertunda = None

    def _tambah_kata(self) -> None:
        if self._kata:
            self._conn.execute(
                text(_ke_tabel(_SQL_TAMBAH_KATA, self._akhiran)), {"kata": sorted(self._kata)}
            )
            self._kata = set()
        if self._kosakata:
            self._conn.exec_driver_sql(
                _ke_driver(_SQL_TAMBAH_KOSAKATA, self._akhiran),
                {"kata": sorted(self._kosakata)},
            )
            self._kosakata = set()


_TABEL = re.compile(r"\b(cari_dokumen|cari_kata_nama|cari_kata)\b")


@functools.cache
def _ke_tabel(pernyataan: str, akhiran: str) -> str:
    """Return ``pernyataan`` on the tables whose names end in ``akhiran`` (a rebuild's)."""
    if not akhiran:
        return pernyataan
    return _TABEL.sub(lambda m: m.group(1) + akhiran, pernyataan)


_PARAMETER = re.compile(r"(?<![:\\]):([a-z]\w*)")


@functools.cache
def _ke_driver(pernyataan: str, akhiran: str) -> str:
    """Return ``pernyataan`` (on the tables ending in ``akhiran``) as psycopg SQL whose
    parameters are sent in binary (``%(name)b``).

    The insert sends seventeen arrays of 500 values per batch: in text form psycopg escapes
    every value in Python and the server parses every array literal; in binary neither
    happens (a sixth of the client CPU of a rebuild).
    """
    sql = _ke_tabel(pernyataan, akhiran)
    assert "%" not in sql, "a literal % would have to be doubled"
    return _PARAMETER.sub(r"%(\1)b", sql).replace("\\:", ":")


def _orang_teks(o: OrangIndeks) -> str:
    return " ".join(filter(None, (o.nama, o.nip, o.nik, o.instansi)))


def _kolom_dokumen(dokumen: Sequence[DokumenIndeks]) -> dict[str, list[Any]]:
    """Return the documents as one array per column (the ``unnest`` form of the insert)."""
    k: dict[str, list[Any]] = {
        n: []
        for n in [
            "id",
            "nomor",
            "kunci",
            "jenis",
            "tanggal",
            "tentang",
            "teks",
            "unit",
            "klasifikasi",
            "lokasi",
            "versi",
            "terkini",
            "a",
            "c",
            "o",
            "oc",
            "b",
        ]
    }
    for d in dokumen:
        bagian = [*bagian_nomor(d.nomor), *istilah_potongan_nomor(d.nomor)]
        k["id"].append(d.id)
        k["nomor"].append(d.nomor)
        k["kunci"].append(kunci_nomor(d.nomor))
        k["jenis"].append(d.jenis)
        k["tanggal"].append(_tanggal(d.tanggal))
        k["tentang"].append(d.tentang)  # shown as it was written
        k["b"].append(_rapikan(d.tentang))
        k["teks"].append(_rapikan(bersihkan_teks(d.teks)))
        k["unit"].append(d.unit)
        k["klasifikasi"].append(d.klasifikasi)
        k["lokasi"].append(d.lokasi)
        k["versi"].append(d.versi)
        k["terkini"].append(d.terkini)
        k["a"].append(" ".join([d.nomor, *bagian]))
        orang = _rapikan(
            " ".join([*(_orang_teks(o) for o in (*d.penandatangan, *d.peserta)), *d.mitra])
        )
        k["o"].append(orang)
        k["c"].append(" ".join(filter(None, (orang, d.unit, d.klasifikasi))))
        k["oc"].append(" ".join(_istilah_orang(d)))
    return k


def _istilah_orang(d: DokumenIndeks) -> list[str]:
    """Return the person terms of a document: each name word, NIP and NIK, by role."""
    out: list[str] = []
    for golongan, orang in (("penandatangan", d.penandatangan), ("peserta", d.peserta)):
        for o in orang:
            out.extend(f"{golongan}:{k}" for k in _kata_nama(satukan_ejaan(o.nama)))
            out.extend(f"{golongan}:{n}" for n in (_angka(o.nip), _angka(o.nik)) if n)
    return out


def _angka(v: str | None) -> str | None:
    return re.sub(r"\s+", "", v) if v else None


def _tanggal(v: date) -> date:
    if not isinstance(v, date):
        raise InputError(f"Tanggal dokumen {v!r} tidak sah untuk indeks pencarian.")
    return v


# --- rebuild by swap ------------------------------------------------------------------------

_BARU: Final = "_baru"
_TABEL_INDEKS: Final = ("cari_dokumen", "cari_kata_nama", "cari_kata")
_KUNCI_UTAMA: Final = {"cari_dokumen": "id", "cari_kata_nama": "kata", "cari_kata": "kata"}


def _siapkan_tabel_baru(conn: Connection) -> list[tuple[str, str]]:
    """Create empty copies of the index tables (columns, checks and primary keys only).

    Return the other indexes of the current tables, as (name, definition), to be built on the
    copies once they are filled. The copies follow whatever the migrations made of the tables.
    """
    indeks: list[tuple[str, str]] = []
    for tabel in _TABEL_INDEKS:
        baru = tabel + _BARU
        conn.execute(text(f"DROP TABLE IF EXISTS {baru} CASCADE"))
        conn.execute(
            text(f"CREATE TABLE {baru} (LIKE {tabel} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
        )
        if tabel in _KUNCI_UTAMA:  # needed by the inserts' ON CONFLICT
            conn.execute(
                text(
                    f"ALTER TABLE {baru} ADD CONSTRAINT {tabel}_pkey{_BARU} "
                    f"PRIMARY KEY ({_KUNCI_UTAMA[tabel]})"
                )
            )
        for nama, definisi in conn.execute(
            text(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid "
                "WHERE x.indrelid = CAST(:t AS regclass) AND NOT x.indisprimary "
                "ORDER BY i.relname"
            ),
            {"t": tabel},
        ):
            definisi = re.sub(
                rf" ON (\S+\.)?{tabel} ", f" ON {baru} ", definisi.replace(nama, nama + _BARU, 1)
            )
            indeks.append((nama, definisi))
    return indeks


def _tukar_tabel(conn: Connection, indeks: list[tuple[str, str]]) -> None:
    """Build the copies' indexes, drop the old tables and give the copies their names."""
    # PostgreSQL's default 64 MB makes the GIN build of 100,000 documents spill to disk.
    conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    for _nama, definisi in indeks:
        conn.execute(text(definisi))
    conn.execute(text("DROP TABLE cari_kata, cari_kata_nama, cari_dokumen"))
    for tabel in _TABEL_INDEKS:
        conn.execute(text(f"ALTER TABLE {tabel}{_BARU} RENAME TO {tabel}"))
    for nama, _definisi in indeks:
        conn.execute(text(f"ALTER INDEX {nama}{_BARU} RENAME TO {nama}"))
    for tabel in _KUNCI_UTAMA:
        conn.execute(text(f"ALTER INDEX {tabel}_pkey{_BARU} RENAME TO {tabel}_pkey"))
