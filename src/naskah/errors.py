"""The one exception hierarchy of naskah.

Every error a user can cause is a :class:`NaskahError` whose message is one Indonesian sentence
saying what is wrong and what to do. The CLI turns these into text and an exit code in one place
(``naskah.cli``); library callers catch :class:`NaskahError` or one of its stage subclasses.
Builtin exceptions are not supposed to leak out of public entry points.
"""

from __future__ import annotations

from dataclasses import dataclass


class NaskahError(Exception):
    """Base class: ``str(error)`` is a complete Indonesian sentence for the user."""

    exit_code = 1

    def __init__(self, pesan: str) -> None:
        super().__init__(pesan)
        self.pesan = pesan


@dataclass(frozen=True)
class Masalah:
    """One problem found in an input file: where it is and what is wrong."""

    berkas: str
    lokasi: str
    pesan: str
    baris: int | None = None

    def __str__(self) -> str:
        tempat = self.berkas
        if self.baris is not None:
            tempat += f":{self.baris}"
        if self.lokasi:
            tempat += f" ({self.lokasi})"
        return f"{tempat}: {self.pesan}"


class InputError(NaskahError):
    """A document file could not be read or does not describe a valid document."""

    def __init__(self, pesan: str, masalah: list[Masalah] | None = None) -> None:
        super().__init__(pesan)
        self.masalah = list(masalah or [])

    def __str__(self) -> str:
        if not self.masalah:
            return self.pesan
        return "\n".join([self.pesan, *(f"  - {m}" for m in self.masalah)])


class ConfigError(NaskahError):
    """naskah.toml is missing, unreadable or inconsistent."""


class NomorError(NaskahError):
    """A document number does not fit its pattern, or a pattern is malformed."""


class RegisterError(NaskahError):
    """The numbering register refused an operation or could not be reached."""


class TanggalMundurError(RegisterError):
    """A number was asked for a date earlier than the series' last number (a back-dated
    document). ``induk`` is the last number dated on or before that date, after which an
    inserted number (sisipan) may be taken; None when there is none."""

    def __init__(self, pesan: str, induk: str | None = None) -> None:
        super().__init__(pesan)
        self.induk = induk


class RenderError(NaskahError):
    """A template or a conversion to DOCX/PDF failed."""


class ToolMissingError(NaskahError):
    """An external program naskah needs (LibreOffice, Graphviz, …) is not installed."""


class TTEError(NaskahError):
    """Signing or verifying an electronic signature failed."""


class ArchiveError(NaskahError):
    """The archive or its search index refused an operation."""


class CariError(ArchiveError):
    """The search index could not be read, written or reached (whichever backend holds it).

    A subclass of :class:`ArchiveError` because the index is the archive's derived data: code
    that keeps the archive and its index in step catches both alike.
    """


class UltError(NaskahError):
    """The service desk (Unit Layanan Terpadu) refused a request, a step or a setting."""


class SurveiError(UltError):
    """The satisfaction survey refused a link, an answer or a paper import."""


class SurveiTerpakai(SurveiError):
    """The survey link was already used: the request's one answer is in."""


class UsageError(NaskahError):
    """The command was called wrongly (exit code 2)."""

    exit_code = 2


class StafError(NaskahError):
    """The web desk (``naskah meja``) refused an account, a login or a step."""
