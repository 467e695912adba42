"""``naskah meja``: the staff's web desk (a thin adapter over :mod:`naskah.staf.server`)."""

from __future__ import annotations

import click

from naskah.cli.base import Konteks, pass_konteks


@click.command("meja")
@click.option("--host", default=None, help="Alamat yang didengarkan (bawaan: [meja] host).")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=None, help="Port (bawaan: [meja] port)."
)
@pass_konteks
def meja(konteks: Konteks, host: str | None, port: int | None) -> None:
    """Jalankan meja layanan web untuk petugas kantor (hanya di jaringan kantor).

    Petugas masuk dengan akun dari `naskah pengguna tambah`, lalu melihat Tugas saya,
    permohonan, pengaduan, buku agenda dan arsip sesuai perannya. Hentikan dengan Ctrl-C.

    Contoh:

        naskah meja --host 127.0.0.1 --port 8001
    """
    from naskah.staf.server import OpsiMeja, jalankan

    k = konteks.konfigurasi(wajib=True)
    opsi = OpsiMeja(host=host or k.meja.host, port=k.meja.port if port is None else port)

    def siap(alamat: str) -> None:
        click.echo(f"Meja layanan berjalan di {alamat}", err=False)

    jalankan(k, opsi, siap=siap)
