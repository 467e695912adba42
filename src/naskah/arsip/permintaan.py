"""What callers hand the archive and get back from its check: requests, options, reports.

Plain frozen values with no behaviour of their own: :class:`NaskahTerbit` (an issued document to
archive), :class:`NaskahLama` (an older PDF to import), :class:`NaskahLuar` (a document of
another office to keep), :class:`OpsiArsip` (how the archive
writes), :class:`LaporanPeriksa` with its :class:`Temuan` (the fixity check's report), and
:class:`ImporArsipError` (every bad item of an ingest at once).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn

from naskah.errors import ArchiveError, Masalah

if TYPE_CHECKING:
    from naskah.models import Dokumen, Sertifikat


@dataclass(frozen=True)
class NaskahTerbit:
    """One issued document to archive: its model (with its number) and its files.

    The pipeline (``naskah terbitkan``) builds this after signing; ``id_verifikasi`` is the id
    printed in the QR code, a fresh random one when empty.
    """

    model: Dokumen | Sertifikat
    pdf: Path | None = None
    ttd: Path | None = None
    """The signed PDF; without it the entry is archived as awaiting signature."""
    docx: Path | None = None
    sumber: bytes | None = None
    """The source YAML as archived; the model written as YAML when empty."""
    id_verifikasi: str | None = None
    koreksi: str | None = None
    """Why this replaces the archived version of the same number (a correction)."""
    teks: str | None = None
    """The PDF's text layer (pages joined by form feeds) when the caller already extracted it
    (the certificate pipeline extracts a whole step at once); read from the PDF when None."""
    verifikasi_batch: bool = False
    """``ttd`` was signed in a batch by a key that signs many files (the certificate pipeline):
    each signer certificate's chain is validated once per archive session and each file is
    checked on its own bytes (:class:`naskah.tte.batch.VerifikasiBatch`). Whatever that check
    cannot confirm is fully verified; a PDF from outside is always fully verified."""


@dataclass(frozen=True)
class NaskahLama:
    """One older document to import: a PDF and what staff know of it."""

    pdf: Path
    nomor: str
    jenis: str
    tentang: str
    tanggal: date
    seri: str | None = None
    """The register's series of the number; looked up by its text when empty."""
    klasifikasi: str | None = None
    penandatangan: str | None = None
    id_verifikasi: str | None = None


@dataclass(frozen=True)
class NaskahLuar:
    """One document of another office to keep (a letter received, a decree of the ministry).

    Only the PDF is required: every field left None is read from the PDF (its naskah signer
    record, its text layer's layout, its document information), and a field given here wins
    over what the PDF says. It never takes, needs or blocks a number of this office.
    """

    pdf: Path
    nomor: str | None = None
    tanggal: date | None = None
    tentang: str | None = None
    """Tentang (a decree) or hal/perihal (a letter)."""
    jenis: str | None = None
    instansi: str | None = None
    """The office that issued it."""
    penandatangan: str | None = None
    nip: str | None = None
    unit: str | None = None
    klasifikasi: str | None = None


@dataclass(frozen=True)
class OpsiArsip:
    """How the archive writes: who acts, whether it indexes, how it verifies signatures."""

    oleh: str | None = None
    indeks: bool = True
    """Index every new entry: in the catalog's transaction when the search index is in the
    register's database (PostgreSQL), else after the catalog commits."""
    ambil_daring: bool = False
    """Fetch OCSP/CRL when verifying signatures on ingest (offline by default)."""


JenisTemuan = Literal["berubah", "hilang", "tak_terduga", "tanpa_folder", "tanda_tangan", "sisa"]


@dataclass(frozen=True)
class Temuan:
    """One problem found by :meth:`Arsip.periksa`."""

    jenis: JenisTemuan
    lokasi: str
    pesan: str
    berkas: str | None = None

    def ke_dict(self) -> dict[str, Any]:
        return {
            "jenis": self.jenis,
            "lokasi": self.lokasi,
            "berkas": self.berkas,
            "pesan": self.pesan,
        }


@dataclass(frozen=True)
class LaporanPeriksa:
    """The result of checking the whole archive against its catalog."""

    entri: int
    berkas: int
    tanda_tangan: int
    temuan: tuple[Temuan, ...] = ()
    catatan: tuple[str, ...] = ()
    """What is said without being a problem: the signatures of documents of other offices."""

    @property
    def bersih(self) -> bool:
        return not self.temuan

    def ke_dict(self) -> dict[str, Any]:
        return {
            "bersih": self.bersih,
            "entri": self.entri,
            "berkas": self.berkas,
            "tanda_tangan": self.tanda_tangan,
            "temuan": [t.ke_dict() for t in self.temuan],
            "catatan": list(self.catatan),
        }


class ImporArsipError(ArchiveError):
    """Rows of an import are bad; nothing was archived. ``masalah`` lists every bad row."""

    def __init__(self, pesan: str, masalah: list[Masalah]) -> None:
        super().__init__(pesan)
        self.masalah = masalah

    def __str__(self) -> str:
        return "\n".join([self.pesan, *(f"  - {m}" for m in self.masalah)])


def tolak(masalah: list[Masalah], sumber: str) -> NoReturn:
    """Raise :class:`ImporArsipError` listing every problem of ``masalah``."""
    masalah.sort(key=lambda m: (m.baris or 0, m.lokasi))
    apa = f"Daftar {sumber}" if sumber else "Penyimpanan"
    raise ImporArsipError(
        f"{apa} memuat {len(masalah)} naskah yang salah, jadi tidak ada yang diarsipkan; "
        "perbaiki berikut lalu ulangi:",
        masalah,
    )
