"""``naskah sertifikat``: certificates of an activity (``periksa`` checks a participant sheet)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from naskah.cli.base import Konteks, cetak_json, cli, json_option, pass_konteks
from naskah.peserta import periksa_peserta


@cli.group("sertifikat")
def sertifikat() -> None:
    """Sertifikat kegiatan: lembar peserta dan sertifikatnya.

    Contoh:

        naskah sertifikat periksa peserta.xlsx
    """


@sertifikat.command("periksa")
@click.argument("peserta", type=click.Path(dir_okay=False, path_type=Path))
@json_option
@pass_konteks
def periksa(konteks: Konteks, peserta: Path, as_json: bool) -> None:
    """Periksa lembar peserta (.xlsx atau .csv) sebelum sertifikat diterbitkan.

    Semua masalah dilaporkan sekaligus menurut nomor barisnya di spreadsheet: nama atau
    instansi kosong, NIK/NIP tidak sah, e-mail tidak sah, peran tidak dikenal, NIK/NIP/e-mail
    ganda, isi yang diawali tanda rumus (=, +, -, @). Keluar dengan kode 1 bila ada masalah.
    Nama kolom tambahan diatur di [sertifikat.kolom] naskah.toml.

    Contoh:

        naskah sertifikat periksa peserta.xlsx --json
    """
    lembar = periksa_peserta(peserta, konteks.konfigurasi().sertifikat.kolom)
    if as_json:
        cetak_json({
            "berkas": str(lembar.berkas),
            "peserta": len(lembar.baik),
            "baris_buruk": lembar.baris_buruk,
            "masalah": [
                {"baris": m.baris, "kolom": m.lokasi, "pesan": m.pesan} for m in lembar.masalah
            ],
        })  # fmt: skip
    else:
        for m in lembar.masalah:
            click.echo(f"baris {m.baris} ({m.lokasi}): {m.pesan}")
        if lembar.masalah:
            click.echo(
                f"{len(lembar.baik)} peserta baik; {len(lembar.baris_buruk)} baris bermasalah "
                "harus diperbaiki sebelum sertifikat diterbitkan."
            )
        else:
            click.echo(f"{len(lembar.baik)} peserta; tidak ada masalah.")
    if lembar.masalah:
        sys.exit(1)
