"""The records the search index works with: what it is told of a document, what it is asked, and
what it answers.

The archive (:mod:`naskah.arsip`) turns every archived document version into a
:class:`DokumenIndeks`; a search backend (:class:`naskah.cari.MesinCari`) stores and searches
them. Nothing here touches a backend, so the archive, the pipeline and the web service depend on
these records only, never on Whoosh or PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

#: The kinds of document the index knows; ``lainnya`` is an imported older document of any kind.
JenisIndeks = Literal[
    "keputusan",
    "sk_kerja_sama",
    "surat_tugas",
    "sertifikat",
    "standar_pelayanan",
    "surat_dinas",
    "laporan_evaluasi",
    "perjanjian_kerja_sama",
    "lainnya",
]

#: How hits are ordered.
Urutan = Literal["relevansi", "tanggal"]


@dataclass(frozen=True)
class OrangIndeks:
    """A person named on a document: a signer, a participant or an assignee."""

    nama: str
    nip: str | None = None
    """18 digits, no spaces."""
    nik: str | None = None
    """16 digits."""
    instansi: str | None = None
    peran: str | None = None
    """``peserta``, ``narasumber``, ``penandatangan``, ``verifikator`` …"""


@dataclass(frozen=True)
class DokumenIndeks:
    """What the search index knows of one archived document version."""

    id: str
    """The archive entry's id, stable across rebuilds (one per document version)."""
    nomor: str
    """The document number as printed, e.g. ``0512/C7.24/HK.03.01/2024``."""
    jenis: JenisIndeks
    tanggal: date
    tentang: str
    teks: str = ""
    """Full text: the model's own text and the PDF's text layer."""
    unit: str | None = None
    klasifikasi: str | None = None
    penandatangan: tuple[OrangIndeks, ...] = ()
    mitra: tuple[str, ...] = ()
    """Partner institutions (SK kerja sama)."""
    peserta: tuple[OrangIndeks, ...] = ()
    """Participants of a certificate, assignees of a surat tugas."""
    lokasi: str = ""
    """The entry's folder, relative to the archive root (``2024/keputusan/…/v1``)."""
    versi: int = 1
    terkini: bool = True
    """False once a newer version replaces this one."""


@dataclass(frozen=True)
class Kueri:
    """One search request; every filter is optional and they combine with AND."""

    teks: str = ""
    jenis: JenisIndeks | None = None
    jenis_dalam: tuple[JenisIndeks, ...] = ()
    """Only documents of one of these kinds (the kind words a clerk typed, "SK", "ST" …)."""
    padanan: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Office shorthand: a typed word (lower case) also matches the documents holding all the
    words of one of its expansions (``("kukar", ("kutai kartanegara",))``)."""
    dari: date | None = None
    sampai: date | None = None
    """Inclusive date range; a year filter is ``dari=1 Jan``, ``sampai=31 Dec``."""
    unit: str | None = None
    klasifikasi: str | None = None
    penandatangan: str | None = None
    """A signer's name (typos allowed) or NIP."""
    peserta: str | None = None
    """A participant's name (typos allowed), NIK or NIP."""
    urut: Urutan = "relevansi"
    batas: int = 10
    hanya_id: tuple[str, ...] = ()
    """Only these document versions (the hits a caller already holds, to add their snippets)."""
    cuplikan: bool = True
    """Whether hits carry a snippet; without, ``Hasil.cuplikan`` is empty (a snippet costs
    about a millisecond a hit, and a caller grouping many hits shows only a few)."""


@dataclass(frozen=True)
class Hasil:
    """One hit."""

    id: str
    nomor: str
    jenis: JenisIndeks
    tanggal: date
    tentang: str
    cuplikan: str
    """A short passage around the matched words; matches are wrapped in ``[[`` and ``]]``."""
    lokasi: str
    skor: float = 0.0


@dataclass(frozen=True)
class Ejaan:
    """How a typed word stands in the archive's vocabulary (for "did you mean")."""

    kata: str
    """The word as typed, lower case."""
    frekuensi: int
    """How many documents hold the word, as the backend analyses it (0: none); a backend may
    stop counting past a thousand."""
    mirip: tuple[tuple[str, int], ...] = ()
    """Words of the archive within the typo rule (:func:`naskah.cari.aturan.mirip`), with how
    many documents hold each, the closest and most frequent first."""


@dataclass(frozen=True)
class HasilCari:
    """The answer to a :class:`Kueri`: the hits in order and how many matched in all."""

    hasil: tuple[Hasil, ...] = field(default_factory=tuple)
    jumlah: int = 0
    pasti: bool = True
    """False when ``jumlah`` is an estimate: a very broad query ranks only its newest matches."""
