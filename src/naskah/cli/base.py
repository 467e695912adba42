"""The root ``naskah`` group, its shared options and the context every command receives.

The root group loads its command groups lazily (:class:`KelompokMalas`): a command's module,
and the heavy libraries it imports (SQLAlchemy, pyHanko, docxtpl), are imported only when that
command runs, so ``naskah --version`` and ``naskah --help`` answer at once.
"""

from __future__ import annotations

import gc
import importlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

import naskah
from naskah.cli import bahasa

if TYPE_CHECKING:
    from naskah.config import Konfigurasi

bahasa.pasang()

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Indonesia:
    """Indonesian usage lines: ``[OPSI]`` and ``PERINTAH [ARG]...`` (texts via bahasa.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPSI]")
        if issubclass(type(self), click.Group):
            kwargs.setdefault("subcommand_metavar", "PERINTAH [ARG]...")
        super().__init__(*args, **kwargs)


class Perintah(_Indonesia, click.Command):
    """A command with Indonesian help."""


class KelompokPerintah(_Indonesia, click.Group):
    """A command group with Indonesian help; its subcommands and subgroups are too."""

    command_class = Perintah
    group_class = type  # subgroups use this same class


def _impor_tanpa_gc(modul: str) -> Any:
    """Import a command's module with the cyclic garbage collector paused.

    A command's imports (SQLAlchemy, pydantic models, ...) allocate hundreds of thousands of
    objects that all live until the process ends, and the collector would walk them again and
    again while they are made: about 50 ms of a ``naskah nomor ambil`` (bench/cli.py). Afterwards
    they are frozen out of every later collection and the collector runs as usual for the
    command's own work.
    """
    aktif = gc.isenabled()
    gc.disable()
    try:
        return importlib.import_module(modul)
    finally:
        if aktif:
            gc.freeze()
            gc.enable()


@dataclass(frozen=True)
class PerintahMalas:
    """Where a lazily loaded command lives (``"module:attr"``) and its one-line help."""

    lokasi: str
    ringkas: str


class KelompokMalas(KelompokPerintah):
    """A group whose subcommands are imported only when used (click's LazyGroup pattern).

    ``malas`` maps a command name to its :class:`PerintahMalas`; ``naskah --help`` lists them
    from the stored one-line helps without importing anything. Commands registered the usual
    way (``@cli.command``) work as well.
    """

    def __init__(self, *args: Any, malas: Mapping[str, PerintahMalas] | None = None,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.malas: dict[str, PerintahMalas] = dict(malas or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.malas})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in self.malas:
            return super().get_command(ctx, cmd_name)
        modul, _, atribut = self.malas[cmd_name].lokasi.partition(":")
        perintah = getattr(_impor_tanpa_gc(modul), atribut)
        if not isinstance(perintah, click.Command):  # a programming error, not a user's
            raise TypeError(f"{self.malas[cmd_name].lokasi} is not a click command")
        self.commands[cmd_name] = perintah
        return perintah

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List every command with its one-line help, importing only what is not lazy."""
        baris = []
        for nama in self.list_commands(ctx):
            if nama in self.commands:
                cmd = self.commands[nama]
                if cmd.hidden:
                    continue
                baris.append((nama, cmd.get_short_help_str(formatter.width - 6 - len(nama))))
            else:
                baris.append((nama, self.malas[nama].ringkas))
        if baris:
            with formatter.section(bahasa._("Commands")):
                formatter.write_dl(baris)


@dataclass
class Konteks:
    """What every command gets: the config path, verbosity and the lazily loaded config."""

    config_path: Path | None = None
    verbose: bool = False
    _konfigurasi: Konfigurasi | None = field(default=None, repr=False)

    def konfigurasi(self, *, wajib: bool = False) -> Konfigurasi:
        """Return naskah.toml's settings (defaults when there is none, unless ``wajib``)."""
        if self._konfigurasi is None:
            from naskah.config import muat_konfigurasi

            self._konfigurasi = muat_konfigurasi(self.config_path, wajib=wajib)
        return self._konfigurasi

    def konfigurasi_cepat(self, *, wajib: bool = False) -> Konfigurasi:
        """Return the same settings read without pydantic when the file allows it, for the
        read commands (see :mod:`naskah.config_cepat`)."""
        if self._konfigurasi is None:
            from naskah.config_cepat import muat_cepat

            self._konfigurasi = muat_cepat(self.config_path, wajib=wajib)
        return self._konfigurasi


pass_konteks = click.make_pass_decorator(Konteks, ensure=True)


def json_option(f: Any) -> Any:
    """Add ``--json``: print machine-readable output instead of text."""
    return click.option("--json", "as_json", is_flag=True, help="Cetak hasil sebagai JSON.")(f)


def cetak_json(data: Any) -> None:
    """Print ``data`` as indented JSON (dates and paths as strings)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group(cls=KelompokMalas, context_settings=CONTEXT_SETTINGS)
@click.version_option(
    naskah.__version__,
    "--version",
    prog_name="naskah",
    message="%(prog)s %(version)s",
    help="Tampilkan versi naskah lalu keluar.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Berkas naskah.toml (bawaan: naskah.toml di folder ini).",
)
@click.option("--verbose", "-v", is_flag=True, help="Tampilkan rincian teknis bila terjadi galat.")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, verbose: bool) -> None:
    """naskah: menulis, menomori, merender, menandatangani dan mengarsipkan naskah dinas.

    Contoh:

        naskah init --contoh

        naskah periksa examples/keputusan-bpmp-kaltim-2024.yaml
    """
    ctx.obj = Konteks(config_path=config_path, verbose=verbose)
