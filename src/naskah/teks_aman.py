"""Text hygiene: which characters a typed value may hold, and spreadsheet-safe cells.

This module owns two rules that every input path and every spreadsheet export apply, so they are
written once:

* **Input** (:func:`alasan_teks`, :func:`periksa_teks`): a value typed by staff or a visitor (a
  YAML document's fields, a participant sheet's cells, a register import, the public page's
  forms) holds no line break (CR/LF), no other control character (C0, DEL, C1) and no invisible
  formatting character: zero-width spaces and joiners, bidirectional overrides, embeddings,
  isolates and marks (U+200B–U+200F, U+202A–U+202E, U+2060–U+2064, U+2066–U+2069, U+061C,
  U+180E, U+FEFF). Such characters let a printed name read differently from what is stored
  ("MITLAK" shown as "KALTIM"), split a header of an e-mail, or hide a second value in a cell.
  Callers refuse the value with the sentence fragment returned; nothing is silently removed.
* **Encoding** (:func:`dekode_csv`): a CSV is decoded as a whole, UTF-8 (with or without BOM),
  UTF-16 with BOM, or entirely Windows-1252 (older Excel "CSV"); a file that is UTF-8 except in
  one place is refused with that row named, never decoded as Windows-1252 throughout (which
  garbles every accented name: "ZoÃ« Ã‘andÃº").
* **Output** (:func:`sel_aman`): a text cell written to XLSX or CSV that starts with ``=``,
  ``+``, ``-``, ``@``, a tab or a CR is prefixed with an apostrophe, so Excel and LibreOffice
  show it as text and never evaluate it as a formula (OWASP "CSV injection"). The stored value
  stays as typed; :func:`sel_asli` removes the prefix again when such an export is imported.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from naskah.errors import InputError, NaskahError

AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r")
"""How a cell starts that a spreadsheet would run as a formula (or a DDE call)."""

_PINDAH_BARIS = re.compile(r"[\r\n\u0085\u2028\u2029]")
_KENDALI = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TAK_TAMPAK = re.compile("[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_ARAH = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _kode(c: str) -> str:
    return f"U+{ord(c):04X}"


def alasan_teks(teks: str) -> str | None:
    """Return why ``teks`` cannot be a typed value (an Indonesian fragment), or None if it can.

    The fragment names the first offending character by its code point, never the value itself
    (it may be personal data): ``memuat pindah baris (U+000A)``.
    """
    m = _PINDAH_BARIS.search(teks)
    if m:
        return f"memuat pindah baris ({_kode(m.group())})"
    m = _KENDALI.search(teks)
    if m:
        return f"memuat karakter kendali yang tidak tercetak ({_kode(m.group())})"
    m = _TAK_TAMPAK.search(teks)
    if m:
        c = m.group()
        jenis = "pengatur arah teks" if c in _ARAH else "karakter tak tampak"
        return f"memuat {jenis} {_kode(c)} ({unicodedata.name(c, 'tanpa nama').lower()})"
    return None


def ada_masalah(teks: str) -> bool:
    """Return whether ``teks`` holds a character :func:`alasan_teks` refuses (fast check)."""
    return bool(_PINDAH_BARIS.search(teks) or _KENDALI.search(teks) or _TAK_TAMPAK.search(teks))


def periksa_teks(teks: str, label: str) -> str:
    """Return ``teks`` if it may be stored; raise :class:`InputError` naming ``label`` if not.

    ``label`` names the field for the user (``nama kegiatan``, ``perihal``, ``kolom nama``).
    """
    alasan = alasan_teks(teks)
    if alasan:
        raise InputError(
            f"{label[:1].upper()}{label[1:]} {alasan}; ketik ulang isinya tanpa karakter itu."
        )
    return teks


_UTF8_MULTIBAIT = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
"""A UTF-8 encoded non-ASCII character (Windows-1252 text practically never holds one)."""


def dekode_csv(data: bytes, label: str, galat: type[NaskahError] = InputError) -> str | None:
    """Return the text of a CSV file's bytes, decoded as a whole; None if it is no text.

    ``label`` names the file for the user (``Lembar peserta x.csv``, ``Berkas lama.csv``);
    a file mixing UTF-8 with another encoding raises ``galat`` naming the first bad row.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        pengode = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        pengode = "utf-16"
    else:
        pengode = "utf-8"
    try:
        return data.decode(pengode)
    except UnicodeDecodeError as exc:
        if pengode == "utf-16":
            return None
        if pengode == "utf-8-sig" or _UTF8_MULTIBAIT.search(data):
            # UTF-8 elsewhere: decoding it all as Windows-1252 would garble every accented name
            baris = data.count(b"\n", 0, exc.start) + 1
            raise galat(
                f"{label} berpengodean campuran: baris {baris} bukan UTF-8 padahal baris lain "
                "UTF-8; perbaiki baris itu lalu simpan ulang seluruh berkas sebagai CSV UTF-8."
            ) from None
    try:  # the whole file in Excel's older "CSV" (Windows-1252)
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def sel_aman(nilai: Any) -> Any:
    """Return ``nilai`` as it may be written to an XLSX or CSV cell.

    Text starting with ``= + - @``, a tab or a CR gets a leading apostrophe; other values
    (numbers, dates, ordinary text) are returned unchanged.
    """
    if isinstance(nilai, str) and nilai.startswith(AWAL_RUMUS):
        return "'" + nilai
    return nilai


def sel_asli(teks: str) -> str:
    """Return a cell read back from a naskah export without the apostrophe of :func:`sel_aman`."""
    if teks.startswith("'") and teks[1:].startswith(AWAL_RUMUS):
        return teks[1:]
    return teks


__all__ = [
    "AWAL_RUMUS",
    "ada_masalah",
    "alasan_teks",
    "dekode_csv",
    "periksa_teks",
    "sel_aman",
    "sel_asli",
]
