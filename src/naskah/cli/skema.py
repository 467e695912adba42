"""``naskah skema``: print the format reference of the document files (docs/format.md)."""

from __future__ import annotations

import click

from naskah.cli.base import cli
from naskah.referensi import referensi_format


@cli.command("skema")
@click.argument("jenis", required=False)
def skema(jenis: str | None) -> None:
    """Tampilkan rujukan format berkas naskah: setiap kunci, jenis, wajib, bawaan, contoh.

    Tanpa JENIS dicetak semua jenis naskah (sama dengan docs/format.md).

    Contoh:

        naskah skema keputusan
    """
    click.echo(referensi_format(jenis), nl=False)
