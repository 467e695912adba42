"""Indonesian for click's own texts (usage errors, help markers, metavars).

click marks its user-facing strings with gettext; naskah has no message catalog, so this module
swaps click's ``_``/``ngettext`` for a lookup in :data:`TERJEMAHAN`, falling back to English.
It is applied once, by importing :mod:`naskah.cli.base`; the library never imports it.
"""

from __future__ import annotations

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

TERJEMAHAN: dict[str, str] = {
    "Usage:": "Penggunaan:",
    "Options": "Opsi",
    "Commands": "Perintah",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "Error: {message}": "Galat: {message}",
    "Aborted!": "Dibatalkan.",
    "Try '{command} {option}' for help.": "Lihat '{command} {option}' untuk bantuan.",
    "Missing argument": "Argumen wajib belum diisi",
    "Missing option": "Opsi wajib belum diisi",
    "Missing parameter": "Parameter wajib belum diisi",
    "Missing command.": "Perintah belum disebut.",
    "Missing {param_type}": "{param_type} belum diisi",
    "No such command {name!r}.": "Perintah {name!r} tidak dikenal.",
    "No such option {name!r}.": "Opsi {name!r} tidak dikenal.",
    "Option {name!r} does not take a value.": "Opsi {name!r} tidak memakai nilai.",
    "Invalid value for {param_hint}: {message}": "Nilai tidak sah untuk {param_hint}: {message}",
    "Invalid value: {message}": "Nilai tidak sah: {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type} yang sah.",
    "{value} is not in the range {range}.": "{value} di luar rentang {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} tidak dapat dibaca.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} tidak dapat ditulisi.",
    "Could not open file {filename!r}: {message}": (
        "Berkas {filename!r} tidak dapat dibuka: {message}"
    ),
    "default: {default}": "bawaan: {default}",
    "required": "wajib",
    "env var: {var}": "variabel lingkungan: {var}",
    "directory": "folder",
    "file": "berkas",
    "path": "jalur",
    "Repeat for confirmation": "Ulangi untuk konfirmasi",
    "Error: The two entered values do not match.": "Galat: kedua isian tidak sama.",
    # ngettext pairs are looked up by their singular and plural forms
    "Got unexpected extra argument ({args})": "Argumen berlebih ({args})",
    "Got unexpected extra arguments ({args})": "Argumen berlebih ({args})",
    "Option {name!r} requires an argument.": "Opsi {name!r} membutuhkan nilai.",
    "Option {name!r} requires {nargs} arguments.": "Opsi {name!r} membutuhkan {nargs} nilai.",
    "{value!r} is not {choice}.": "{value!r} bukan {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} bukan salah satu dari {choices}.",
    "{value!r} does not match the format {format}.": "{value!r} tidak sesuai format {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} tidak sesuai format {formats}.",
    "Did you mean {possibility}?": "Maksud Anda {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Maksud Anda salah satu dari: {possibilities}?)",
}

_NAMA_TIPE = {"text": "teks", "integer": "bilangan", "float": "angka", "boolean": "ya/tidak"}


def _(pesan: str) -> str:
    return TERJEMAHAN.get(pesan, pesan)


def _ngettext(tunggal: str, jamak: str, n: int) -> str:
    return _(tunggal if n == 1 else jamak)


def pasang() -> None:
    """Make click speak Indonesian in this process (idempotent)."""
    for modul in (click.core, click.decorators, click.exceptions, click.formatting,
                  click.parser, click.termui, click.types):  # fmt: skip
        if hasattr(modul, "_"):
            modul._ = _  # type: ignore[attr-defined]
        if hasattr(modul, "ngettext"):
            modul.ngettext = _ngettext  # type: ignore[attr-defined]
    for tipe in (click.STRING, click.INT, click.FLOAT, click.BOOL):
        tipe.name = _NAMA_TIPE.get(tipe.name, tipe.name)
