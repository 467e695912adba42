"""``naskah layanan``: the public verification web service (a thin adapter)."""

from __future__ import annotations

import click

from naskah.cli.base import Konteks, pass_konteks


@click.command("layanan")
@click.option("--host", default=None, help="Alamat yang didengarkan (bawaan: [layanan] host).")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=None, help="Port (bawaan: [layanan] port)."
)
@pass_konteks
def layanan(konteks: Konteks, host: str | None, port: int | None) -> None:
    """Jalankan layanan verifikasi naskah untuk publik (halaman di balik kode QR).

    Hanya membaca arsip dan register (kecuali formulir permohonan dan pengaduan ULT bila [ult]
    standar diisi). Menampilkan halaman verifikasi setiap naskah di alamat
    [tte] url_verifikasi, memeriksa berkas PDF yang diunggah, dan membantu peserta menemukan
    sertifikatnya dengan nomor dan nama. Hentikan dengan Ctrl-C.

    Contoh:

        naskah layanan --host 127.0.0.1 --port 8000
    """
    from naskah.layanan import OpsiServer, jalankan
    from naskah.layanan.aplikasi import jalur_verifikasi

    k = konteks.konfigurasi()
    opsi = OpsiServer(
        host=host or k.layanan.host,
        port=k.layanan.port if port is None else port,
        rinci=konteks.verbose,
    )

    def siap(alamat: str) -> None:
        contoh = jalur_verifikasi(k).replace("{id}", "ID")
        click.echo(f"Layanan verifikasi berjalan di {alamat} (halaman naskah: {alamat}{contoh})")

    jalankan(k, opsi, siap=siap)
