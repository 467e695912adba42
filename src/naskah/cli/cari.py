"""``naskah cari``: search the archive by what staff remember, print the hits."""

from __future__ import annotations

import sys
import typing
from datetime import date

import click

from naskah.cari import Hasil, Kueri, cari
from naskah.cari.dokumen import JenisIndeks
from naskah.cli.base import Konteks, cetak_json, cli, json_option, pass_konteks
from naskah.errors import UsageError
from naskah.models.common import format_tanggal, parse_tanggal

NAMA_JENIS: dict[str, str] = {
    "keputusan": "Keputusan",
    "sk_kerja_sama": "SK Kerja Sama",
    "surat_tugas": "Surat Tugas",
    "sertifikat": "Sertifikat",
    "lainnya": "Lainnya",
}


def _tanggal(nilai: str | None, opsi: str) -> date | None:
    if not nilai:
        return None
    try:
        return parse_tanggal(nilai)
    except ValueError:
        raise UsageError(
            f"{opsi} {nilai!r} bukan tanggal; tulis TTTT-BB-HH atau 21 Mei 2024."
        ) from None


def _sorot(cuplikan: str, warna: bool) -> str:
    if not warna:
        return cuplikan
    return cuplikan.replace("[[", "\x1b[1m").replace("]]", "\x1b[0m")


@cli.command("cari")
@click.argument("teks", required=False, default="")
@click.option(
    "--jenis",
    "-j",
    type=click.Choice(typing.get_args(JenisIndeks)),
    help="Hanya naskah jenis ini.",
)
@click.option("--tahun", type=click.IntRange(1900, 2999), help="Hanya naskah bertanggal tahun ini.")
@click.option("--dari", help="Hanya naskah bertanggal sejak tanggal ini (TTTT-BB-HH).")
@click.option("--sampai", help="Hanya naskah bertanggal sampai tanggal ini (TTTT-BB-HH).")
@click.option("--unit", help="Kode unit pada nomor, misalnya C7.24.")
@click.option("--klasifikasi", "-k", help="Kode klasifikasi arsip, misalnya HK.03.01 atau HK.03.")
@click.option("--penandatangan", help="Nama (boleh sedikit salah ketik) atau NIP penandatangan.")
@click.option("--peserta", help="Nama (boleh sedikit salah ketik), NIK atau NIP peserta/petugas.")
@click.option(
    "--urut",
    type=click.Choice(["relevansi", "tanggal"]),
    default="relevansi",
    show_default=True,
    help="Urutan hasil: paling cocok dulu, atau paling baru dulu.",
)
@click.option(
    "--batas", "-n", type=click.IntRange(1, 1000), default=10, show_default=True,
    help="Jumlah hasil paling banyak.",
)  # fmt: skip
@json_option
@pass_konteks
def perintah_cari(
    konteks: Konteks,
    teks: str,
    jenis: JenisIndeks | None,
    tahun: int | None,
    dari: str | None,
    sampai: str | None,
    unit: str | None,
    klasifikasi: str | None,
    penandatangan: str | None,
    peserta: str | None,
    urut: typing.Literal["relevansi", "tanggal"],
    batas: int,
    as_json: bool,
) -> None:
    """Cari naskah di arsip menurut kata, frasa, nomor, nama mitra, peserta atau penandatangan.

    Ejaan "kerja sama"/"kerjasama", "tanda tangan"/"tandatangan" dan "nara sumber"/
    "narasumber" saling menemukan; nama orang boleh sedikit salah ketik; frasa ditulis di
    antara tanda petik.

    Contoh:

    \b
        naskah cari "standar pelayanan kerja sama"
        naskah cari 0512/C7.24/HK.03.01/2024
        naskah cari "Kutai Kartanegara" --jenis sk_kerja_sama --tahun 2024
        naskah cari --peserta "Siti Rahmawaty" --dari 2024-01-01 --sampai 2024-12-31
        naskah cari pendampingan --penandatangan Jarwoko --urut tanggal --json
    """
    if tahun is not None and (dari or sampai):
        raise UsageError("Pakai --tahun atau --dari/--sampai, tidak keduanya.")
    awal, akhir = _tanggal(dari, "--dari"), _tanggal(sampai, "--sampai")
    if tahun is not None:
        awal, akhir = date(tahun, 1, 1), date(tahun, 12, 31)
    kueri = Kueri(
        teks=teks, jenis=jenis, dari=awal, sampai=akhir, unit=unit, klasifikasi=klasifikasi,
        penandatangan=penandatangan, peserta=peserta, urut=urut, batas=batas,
    )  # fmt: skip
    konfigurasi = konteks.konfigurasi()
    hasil = cari(konfigurasi, kueri)
    folder = konfigurasi.folder_arsip

    def lokasi(h: Hasil) -> str:
        return str(folder / h.lokasi)

    if as_json:
        cetak_json(
            {
                "jumlah": hasil.jumlah,
                "jumlah_pasti": hasil.pasti,
                "hasil": [
                    {
                        "nomor": h.nomor,
                        "jenis": h.jenis,
                        "tanggal": h.tanggal.isoformat(),
                        "tentang": h.tentang,
                        "cuplikan": h.cuplikan,
                        "lokasi": lokasi(h),
                        "skor": round(h.skor, 4),
                    }
                    for h in hasil.hasil
                ],
            }
        )
        return
    if not hasil.hasil:
        click.echo("Tidak ada naskah yang cocok; coba kata lain atau longgarkan saringannya.")
        return
    warna = sys.stdout.isatty()
    if hasil.pasti:
        click.echo(f"Ditemukan {hasil.jumlah} naskah; ditampilkan {len(hasil.hasil)}.")
    else:
        click.echo(
            f"Ditemukan sekitar {hasil.jumlah} naskah; yang ditampilkan ({len(hasil.hasil)}) "
            "dipilih dari yang terbaru. Tambahkan kata atau saringan untuk mempersempit."
        )
    for i, h in enumerate(hasil.hasil, 1):
        click.echo("")
        kepala = (
            f"{i}. {h.nomor} · {NAMA_JENIS.get(h.jenis, h.jenis)} · {format_tanggal(h.tanggal)}"
        )
        click.echo(click.style(kepala, bold=True) if warna else kepala)
        click.echo(f"   Tentang: {' '.join(h.tentang.split())}")
        if h.cuplikan:
            click.echo(f"   {_sorot(h.cuplikan, warna)}")
        click.echo(f"   Arsip: {lokasi(h)}")
