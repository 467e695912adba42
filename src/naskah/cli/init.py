"""``naskah init``: set up an office folder."""

from __future__ import annotations

from pathlib import Path

import click

from naskah.cli.base import cli


@cli.command("init")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--contoh", is_flag=True, help="Isi dengan data contoh BPMP Provinsi Kalimantan Timur."
)
def init(folder: Path | None, contoh: bool) -> None:
    """Buat naskah.toml dan folder arsip di FOLDER (bawaan: folder ini).

    Berkas yang sudah ada tidak ditimpa. Bila satu langkah gagal, tidak ada yang tertinggal.

    Contoh:

        naskah init --contoh
    """
    from naskah.persiapan import (
        FOLDER_UJI,
        PEJABAT_CONTOH,
        SANDI_CONTOH,
        buat_konfigurasi,
        nama_berkas_uji,
    )

    hasil = buat_konfigurasi(folder or Path.cwd(), contoh=contoh)
    click.echo(f"Dibuat: {hasil.naskah_toml}")
    click.echo(f"Folder arsip: {hasil.arsip}")
    if contoh:
        click.echo(
            "Berisi data contoh BPMP Provinsi Kalimantan Timur; sesuaikan dengan kantor Anda."
        )
        p12 = f"{FOLDER_UJI}/{nama_berkas_uji(PEJABAT_CONTOH)[0]}"
        click.echo(
            f"Sertifikat UJI untuk mencoba TTE: {p12} (frasa sandi: "
            f"{SANDI_CONTOH}). Sertifikat ini bukan untuk dokumen resmi."
        )
    if hasil.logo is None:
        click.echo(
            f"Logo kantor belum dipasang: simpan logo sebagai gambar PNG di {hasil.saran_logo} "
            f'lalu tulis logo = "{hasil.saran_logo.name}" di bagian [instansi] naskah.toml. '
            "Sampai itu, kop memakai lambang pengganti."
        )
