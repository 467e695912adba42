"""``naskah render``: documents to DOCX and PDF/A."""

from __future__ import annotations

from pathlib import Path

import click

from naskah.cli.base import Konteks, cetak_json, cli, json_option, pass_konteks
from naskah.loader import muat_dokumen
from naskah.peserta import lengkapi_peserta
from naskah.render import PermintaanRender, render_berkas


@cli.command("render")
@click.argument("berkas", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "format_", type=click.Choice(["docx", "pdf", "semua"]), default="semua",
    show_default=True, help="Berkas yang dihasilkan.",
)  # fmt: skip
@click.option(
    "--keluaran", type=click.Path(file_okay=False, path_type=Path),
    help="Folder hasil (bawaan: folder berkas naskahnya).",
)  # fmt: skip
@click.option(
    "--templat", type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder templat kantor (bawaan: render.templat di naskah.toml, lalu templat naskah).",
)  # fmt: skip
@click.option("--tanpa-pdfa", is_flag=True, help="Buat PDF biasa, bukan PDF/A-2b.")
@click.option(
    "--catatan-tte/--tanpa-catatan-tte", default=None,
    help="Cetak catatan kaki TTE (tte.catatan_kaki) atau tidak (bawaan: dicetak bila naskah.toml "
    "menyebut kunci penandatangan, [tte] p12 atau token).",
)  # fmt: skip
@json_option
@pass_konteks
def render(
    konteks: Konteks,
    berkas: tuple[Path, ...],
    format_: str,
    keluaran: Path | None,
    templat: Path | None,
    tanpa_pdfa: bool,
    catatan_tte: bool | None,
    as_json: bool,
) -> None:
    """Render naskah ke DOCX dan/atau PDF/A dengan templat .docx.

    Nama berkas hasil mengikuti nama berkas naskah (keputusan.yaml → keputusan.docx,
    keputusan.pdf). Banyak berkas diubah ke PDF sekaligus dalam satu kelompok.

    Contoh:

        naskah render examples/keputusan-bpmp-kaltim-2024.yaml --format pdf --keluaran keluaran
    """
    konfigurasi = konteks.konfigurasi()
    kolom = konfigurasi.sertifikat.kolom
    dokumen = [(p, lengkapi_peserta(p, muat_dokumen(p, konfigurasi), kolom)) for p in berkas]
    permintaan = PermintaanRender(
        format=format_,  # type: ignore[arg-type]
        keluaran=keluaran,
        templat=templat,
        pdfa=False if tanpa_pdfa else None,
        catatan_tte=catatan_tte,
    )
    hasil = render_berkas(dokumen, permintaan, konfigurasi=konfigurasi)
    if as_json:
        cetak_json([{"sumber": h.sumber, "docx": h.docx, "pdf": h.pdf} for h in hasil])
        return
    for h in hasil:
        for b in h.berkas:
            click.echo(f"{h.sumber} → {b}")
