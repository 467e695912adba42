"""``naskah sertifikat``: certificates of an activity (``periksa`` checks a participant sheet)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from naskah.cli.base import Konteks, cetak_json, cli, json_option, pass_konteks
from naskah.cli.surel import kirim
from naskah.peserta import periksa_peserta


@cli.group("sertifikat")
def sertifikat() -> None:
    """Sertifikat kegiatan: lembar peserta dan sertifikatnya.

    Contoh:

        naskah sertifikat periksa peserta.xlsx

        naskah sertifikat kirim kegiatan.yaml --uji
    """


sertifikat.add_command(kirim)


@sertifikat.command("periksa")
@click.argument("peserta", type=click.Path(dir_okay=False, path_type=Path))
@json_option
@pass_konteks
def periksa(konteks: Konteks, peserta: Path, as_json: bool) -> None:
    """Periksa lembar peserta (.xlsx atau .csv) sebelum sertifikat diterbitkan.

    Semua masalah dilaporkan sekaligus menurut nomor barisnya di spreadsheet: nama atau
    instansi kosong, NIK/NIP tidak sah, e-mail tidak sah atau lebih dari satu alamat, peran
    tidak dikenal, NIK/NIP/e-mail ganda, nama kembar tanpa NIK/NIP/e-mail, isi yang diawali
    tanda rumus (=, +, -, @), pindah baris atau karakter tak tampak, NIK/NIP yang tersimpan
    sebagai angka, sel gabungan. Keluar dengan kode 1 bila ada masalah.
    Nama kolom tambahan diatur di [sertifikat.kolom] naskah.toml.

    Contoh:

        naskah sertifikat periksa peserta.xlsx --json
    """
    lembar = periksa_peserta(peserta, konteks.konfigurasi().sertifikat.kolom)
    if as_json:
        cetak_json(
            {
                "berkas": str(lembar.berkas),
                "peserta": len(lembar.baik),
                "baris_buruk": lembar.baris_buruk,
                "masalah": [
                    {"baris": m.baris, "kolom": m.lokasi, "pesan": m.pesan} for m in lembar.masalah
                ],
            }
        )
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


@sertifikat.command("terbitkan")
@click.argument("kegiatan", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("peserta", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--p12",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Berkas PKCS#12 penandatangan (bawaan: [tte] p12).",
)
@click.option("--sandi-env", metavar="NAMA", help="Frasa sandi PKCS#12 dari variabel NAMA.")
@click.option(
    "--lewati-baris-buruk",
    is_flag=True,
    help="Terbitkan baris yang baik dan laporkan baris bermasalah yang dilewati.",
)
@click.option(
    "--keluaran",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder PDF bertanda tangan (bawaan: sertifikat-NAMA/ di folder ini).",
)
@click.option(
    "--zip",
    "buat_zip",
    is_flag=True,
    help="Tulis juga ZIP berisi PDF yang dinamai menurut peserta.",
)
@click.option(
    "--per-langkah",
    type=click.IntRange(1, 1000),
    default=250,
    show_default=True,
    help="Sertifikat yang dirender, ditandatangani dan diarsipkan per langkah.",
)
@json_option
@pass_konteks
def terbitkan(
    konteks: Konteks,
    kegiatan: Path,
    peserta: Path | None,
    p12: Path | None,
    sandi_env: str | None,
    lewati_baris_buruk: bool,
    keluaran: Path | None,
    buat_zip: bool,
    per_langkah: int,
    as_json: bool,
) -> None:
    """Terbitkan sertifikat setiap peserta kegiatan: nomor, PDF/A dua halaman dengan kode QR,
    TTE penandatangan, arsip dan indeks.

    Semua baris lembar peserta diperiksa lebih dahulu; bila ada yang bermasalah tidak ada yang
    diterbitkan (kecuali --lewati-baris-buruk). Bila terhenti (galat, Ctrl-C), jalankan
    perintah yang sama lagi: peserta yang sudah bernomor tidak diberi nomor kedua, dan baris
    yang ditambahkan ke lembar saja yang diterbitkan.

    Contoh:

        naskah sertifikat terbitkan kegiatan.yaml peserta.xlsx --zip
    """
    from naskah.cli.tte import _atur_log, _baca_rahasia, pasang_penghenti
    from naskah.terbit.sertifikat import PermintaanSertifikat, terbitkan_sertifikat

    _atur_log(konteks.verbose)
    pasang_penghenti()  # SIGTERM stops like Ctrl-C: work files are removed, the run resumes
    tampil = sys.stdout.isatty() and not as_json
    progres: Any = None
    tugas: Any = None

    def kemajuan(selesai: int, total: int) -> None:
        nonlocal progres, tugas
        if not tampil or total == 0:
            return
        if progres is None:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            progres = Progress(
                TextColumn("Sertifikat"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("sisa"),
                TimeRemainingColumn(),
            )
            progres.start()
            tugas = progres.add_task("terbit", total=total)
        progres.update(tugas, completed=selesai)

    try:
        h = terbitkan_sertifikat(
            konteks.konfigurasi(),
            PermintaanSertifikat(
                kegiatan=kegiatan,
                peserta=peserta,
                lewati_buruk=lewati_baris_buruk,
                p12=p12,
                keluaran=keluaran,
                zip=buat_zip,
                per_langkah=per_langkah,
            ),
            lambda prompt: _baca_rahasia(sandi_env, None, prompt),
            kemajuan,
        )
    finally:
        if progres is not None:
            progres.stop()
    cetak_ringkasan(h, as_json)


def cetak_ringkasan(h: Any, as_json: bool) -> None:
    """Print the summary of a certificate run (text, or JSON)."""
    if as_json:
        cetak_json(
            {
                "diterbitkan": h.diterbitkan,
                "sudah_terbit": h.sudah,
                "dilewati": [
                    {"baris": m.baris, "kolom": m.lokasi, "pesan": m.pesan} for m in h.dilewati
                ],
                "detik": round(h.detik, 2),
                "keluaran": h.keluaran,
                "zip": h.zip,
            }
        )
        return
    for m in h.dilewati:
        click.echo(f"dilewati: baris {m.baris} ({m.lokasi}): {m.pesan}")
    baris_lewat = len({m.baris for m in h.dilewati})
    click.echo(
        f"{h.diterbitkan} sertifikat diterbitkan, {h.sudah} sudah terbit sebelumnya, "
        f"{baris_lewat} baris dilewati; {h.detik:.1f} detik. Folder: {h.keluaran}"
    )
    if h.zip:
        click.echo(f"ZIP: {h.zip}")
