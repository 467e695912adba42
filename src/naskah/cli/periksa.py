"""``naskah periksa``: lint documents before they are issued."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from naskah.cli.base import Konteks, cetak_json, cli, json_option, pass_konteks
from naskah.periksa import periksa_berkas


@cli.command("periksa")
@click.argument("berkas", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
@pass_konteks
def periksa(konteks: Konteks, berkas: tuple[Path, ...], as_json: bool) -> None:
    """Periksa naskah terhadap aturan tata naskah dinas sebelum diterbitkan.

    Setiap temuan memiliki kode tetap, tingkat (galat, peringatan, info), lokasi dan pesan.
    Keluar dengan kode 1 bila ada galat.

    Contoh:

        naskah periksa examples/keputusan-bpmp-kaltim-2024.yaml
    """
    konfigurasi = konteks.konfigurasi()
    semua = []
    for path in berkas:
        semua.extend(periksa_berkas(path, konfigurasi))
    if as_json:
        cetak_json([t.ke_dict() for t in semua])
    else:
        for path in berkas:
            milik = [t for t in semua if t.berkas == str(path)]
            if not milik:
                click.echo(f"{path}: tidak ada temuan.")
            for t in milik:
                click.echo(f"{path}: {t.tingkat} {t.kode} [{t.lokasi}] {t.pesan}")
    if any(t.tingkat == "galat" for t in semua):
        sys.exit(1)
