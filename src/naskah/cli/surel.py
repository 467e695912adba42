"""``naskah sertifikat kirim``: certificates to participants by e-mail (a thin adapter).

The command joins the ``sertifikat`` group of :mod:`naskah.cli.sertifikat`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from naskah.cli.base import Konteks, Perintah, pass_konteks

_LABEL = {
    "terkirim": "terkirim",
    "ditolak": "DITOLAK",
    "sudah": "sudah terkirim sebelumnya",
    "akan": "akan dikirim",
    "tanpa_surel": "tanpa alamat surel",
    "belum_terbit": "sertifikat belum ada di arsip",
}


@click.command("kirim", cls=Perintah)
@click.argument("kegiatan", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--uji", is_flag=True, help="Jangan kirim apa pun; tampilkan yang akan dikirim.")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
@pass_konteks
def kirim(konteks: Konteks, kegiatan: Path, uji: bool, as_json: bool) -> None:
    """Kirim setiap peserta sertifikatnya yang bertanda tangan lewat surel.

    Sertifikat dibaca dari arsip; pesan berbahasa Indonesia memuat lampiran PDF dan tautan
    verifikasinya, dari alamat kantor ([surel] di naskah.toml). Sandi SMTP diambil dari
    variabel lingkungan [surel] sandi_env atau ditanyakan; tidak pernah disimpan. Yang sudah
    terkirim tidak dikirim ulang; alamat yang ditolak dicatat dengan jawaban server.

    Contoh:

        naskah sertifikat kirim examples/sertifikat-kegiatan.yaml --uji
    """
    from naskah.surel import OpsiKirim, kirim_sertifikat, muat_kegiatan

    k = konteks.konfigurasi(wajib=True)
    model = muat_kegiatan(kegiatan, k)
    sandi = None
    if not uji and k.surel.pengguna:
        sandi = os.environ.get(k.surel.sandi_env)
        if sandi is None:
            sandi = click.prompt(f"Sandi SMTP {k.surel.pengguna}", hide_input=True)
    hasil = kirim_sertifikat(k, model, OpsiKirim(uji=uji), sandi=sandi)
    if as_json:
        import json

        click.echo(json.dumps(hasil.ke_dict(), ensure_ascii=False, indent=2))
    else:
        for x in hasil.kiriman:
            click.echo(f"{_LABEL[x.keadaan]:<30} {x.nama} <{x.alamat or '-'}> {x.nomor or ''}")
        click.echo(
            f"Terkirim {hasil.jumlah('terkirim')}, sudah sebelumnya {hasil.jumlah('sudah')}, "
            f"ditolak {hasil.jumlah('ditolak')}"
            + (f", akan dikirim {hasil.jumlah('akan')}" if hasil.jumlah("akan") else "")
            + "."
        )
        for x in hasil.ditolak:
            click.echo(f"Ditolak: {x.alamat}: {x.jawaban}")
    if hasil.terputus:
        click.echo(
            f"Pengiriman berhenti: {hasil.terputus}; jalankan perintah ini lagi untuk "
            "melanjutkan (yang sudah terkirim tidak dikirim ulang).",
            err=True,
        )
        sys.exit(1)
