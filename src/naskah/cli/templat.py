"""``naskah templat``: work with the .docx templates (``periksa`` checks them)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from naskah.cli.base import Konteks, cetak_json, cli, json_option, pass_konteks
from naskah.render.templat import periksa_templat


@cli.group("templat")
def templat() -> None:
    """Kelola templat .docx naskah.

    Contoh:

        naskah templat periksa templat-kantor/
    """


@templat.command("periksa")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@json_option
@pass_konteks
def periksa(konteks: Konteks, folder: Path | None, as_json: bool) -> None:
    """Periksa templat .docx sebelum dipakai; keluar dengan kode 1 bila ada temuan.

    Memeriksa kesalahan sintaks Jinja beserta letaknya, variabel yang tidak disediakan model,
    tanda kutip melengkung Word di dalam tag, dan mencoba merender dengan naskah contoh.
    Tanpa FOLDER: render.templat di naskah.toml, lalu templat bawaan naskah.

    Contoh:

        naskah templat periksa templat-kantor/
    """
    if folder is None:
        konfigurasi = konteks.konfigurasi()
        if konfigurasi.render.templat is not None:
            folder = konfigurasi.path(konfigurasi.render.templat)
    temuan = periksa_templat(folder)
    if as_json:
        cetak_json([t.ke_dict() for t in temuan])
    else:
        for t in temuan:
            click.echo(str(t))
        if not temuan:
            click.echo("Tidak ada temuan: templat siap dipakai.")
    if temuan:
        sys.exit(1)
