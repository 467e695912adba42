"""The root ``naskah`` group, its shared options and the context every command receives."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

import naskah
from naskah.cli import bahasa
from naskah.config import Konfigurasi, muat_konfigurasi

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


@dataclass
class Konteks:
    """What every command gets: the config path, verbosity and the lazily loaded config."""

    config_path: Path | None = None
    verbose: bool = False
    _konfigurasi: Konfigurasi | None = field(default=None, repr=False)

    def konfigurasi(self, *, wajib: bool = False) -> Konfigurasi:
        """Return naskah.toml's settings (defaults when there is none, unless ``wajib``)."""
        if self._konfigurasi is None:
            self._konfigurasi = muat_konfigurasi(self.config_path, wajib=wajib)
        return self._konfigurasi


pass_konteks = click.make_pass_decorator(Konteks, ensure=True)


def json_option(f: Any) -> Any:
    """Add ``--json``: print machine-readable output instead of text."""
    return click.option("--json", "as_json", is_flag=True, help="Cetak hasil sebagai JSON.")(f)


def cetak_json(data: Any) -> None:
    """Print ``data`` as indented JSON (dates and paths as strings)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group(cls=KelompokPerintah, context_settings=CONTEXT_SETTINGS)
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
