"""``naskah cari``: search the archive by what staff remember, print the hits."""

from __future__ import annotations

import sys
import typing
from datetime import date

import click

from naskah.cari import Hasil, Kueri, jawab_kueri
from naskah.cari.dokumen import JenisIndeks
from naskah.cari.jawab import Jawaban
from naskah.cli.base import Konteks, cetak_json, cli, json_option, pass_konteks
from naskah.errors import UsageError
from naskah.tanggal import format_tanggal, parse_tanggal

NAMA_JENIS: dict[str, str] = {
    "keputusan": "Keputusan",
    "sk_kerja_sama": "SK Kerja Sama",
    "surat_tugas": "Surat Tugas",
    "surat_dinas": "Surat Dinas",
    "sertifikat": "Sertifikat",
    "standar_pelayanan": "Standar Pelayanan",
    "laporan_evaluasi": "Laporan Evaluasi",
    "perjanjian_kerja_sama": "Perjanjian Kerja Sama",
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
@click.option(
    "--semua", "semua", is_flag=True,
    help="Tampilkan setiap sertifikat satu per satu (tanpa menggabungkan satu kegiatan).",
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
    semua: bool,
    as_json: bool,
) -> None:
    """Cari naskah di arsip menurut kata, frasa, nomor, nama mitra, peserta atau penandatangan.

    Nomor boleh ditulis sebagian (0274/C7.22, 38/E, KPT/2021), dengan atau tanpa nol di
    depan; kata jenis ("SK", "surat tugas", "ST", "sertifikat", "MoU") memilih jenis naskah;
    singkatan kantor (bimtek, kukar, disdik, ULT, KOSP, narsum, dan [cari] padanan di
    naskah.toml) dibaca juga kepanjangannya; salah ketik diberi saran dari kata-kata arsip
    sendiri ("Maksud Anda: …"). Sertifikat satu kegiatan digabung dalam satu baris
    (--semua untuk melihat semuanya). Ejaan "kerja sama"/"kerjasama" saling menemukan; frasa
    ditulis di antara tanda petik; kata berawalan "-" tidak boleh ada.

    Kode keluar: 0 bila pencarian berjalan, ada hasil atau tidak; 1 bila kueri atau indeks
    bermasalah; 2 bila perintah salah tulis.

    Contoh:

    \b
        naskah cari "standar pelayanan kerja sama"
        naskah cari 0274/C7.22
        naskah cari "sk kerjasama 2024"
        naskah cari "bimtek kukar"
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
    konfigurasi = konteks.konfigurasi_cepat()
    jawaban = jawab_kueri(konfigurasi, kueri, kelompokkan=not (semua or as_json))
    folder = konfigurasi.folder_arsip

    def lokasi(h: Hasil) -> str:
        return str(folder / h.lokasi)

    if as_json:
        cetak_json(
            {
                "jumlah": jawaban.jumlah,
                "jumlah_pasti": jawaban.pasti,
                "kata_jenis": list(jawaban.kata_jenis),
                "jenis": list(jawaban.jenis),
                "jenis_dilonggarkan": jawaban.jenis_dilonggarkan,
                "padanan": dict(jawaban.padanan),
                "kata_tanpa_hasil": list(jawaban.kata_kosong),
                "saran": jawaban.saran,
                "saran_dipakai": jawaban.saran_dipakai,
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
                    for h in jawaban.hasil
                ],
            }
        )
        return
    for baris in keterangan(jawaban):
        click.echo(baris)
    if not jawaban.baris:
        return
    warna = sys.stdout.isatty()
    for i, b in enumerate(jawaban.baris, 1):
        h = b.hasil
        click.echo("")
        kepala = (
            f"{i}. {h.nomor} · {NAMA_JENIS.get(h.jenis, h.jenis)} · {format_tanggal(h.tanggal)}"
        )
        click.echo(click.style(kepala, bold=True) if warna else kepala)
        click.echo(f"   Tentang: {' '.join(h.tentang.split())}")
        if b.sekelompok > 1:
            click.echo(
                f"   Bersama {b.sekelompok - 1} sertifikat lain dari kegiatan yang sama "
                "(--semua untuk menampilkannya)."
            )
        if h.cuplikan:  # one line (PostgreSQL's ts_headline keeps the text's line breaks)
            click.echo(f"   {_sorot(' '.join(h.cuplikan.split()), warna)}")
        click.echo(f"   Arsip: {lokasi(h)}")


def _nama_jenis(jenis: tuple[str, ...]) -> str:
    nama = [NAMA_JENIS.get(j, j) for j in jenis if j != "lainnya"]
    return ", ".join(nama) if nama else "Lainnya"


def keterangan(jawaban: Jawaban) -> list[str]:
    """Return the lines above the hits: how many, and what was read into the query."""
    out: list[str] = []
    if jawaban.baris:
        if jawaban.pasti:
            out.append(f"Ditemukan {jawaban.jumlah} naskah; ditampilkan {len(jawaban.baris)}.")
        else:
            out.append(
                f"Ditemukan sekitar {jawaban.jumlah} naskah; yang ditampilkan "
                f"({len(jawaban.baris)}) dipilih dari yang terbaru. Tambahkan kata atau "
                "saringan untuk mempersempit."
            )
    else:
        out.append("Tidak ada naskah yang cocok; coba kata lain atau longgarkan saringannya.")
    if jawaban.kata_jenis:
        kata = " dan ".join(f'"{k}"' for k in jawaban.kata_jenis)
        jenis = _nama_jenis(jawaban.jenis)
        if jawaban.jenis_dilonggarkan:
            out.append(
                f"Kata {kata} dibaca sebagai jenis naskah ({jenis}), tetapi tidak ada naskah "
                "jenis itu yang cocok; ditampilkan semua jenis."
            )
        else:
            out.append(f"Hanya jenis {jenis}: dibaca dari kata {kata}.")
    if jawaban.padanan:
        daftar = "; ".join(f"{k} = {v}" for k, v in jawaban.padanan)
        out.append(f"Singkatan dibaca juga kepanjangannya: {daftar}.")
    if jawaban.saran_dipakai:
        kosong = ", ".join(f'"{k}"' for k in jawaban.kata_kosong)
        out.append(
            f"Tidak ada naskah yang memuat {kosong}. Maksud Anda: {jawaban.saran}? "
            "Ditampilkan hasil untuk kata itu."
        )
    elif not jawaban.baris:
        if jawaban.kata_kosong:
            kosong = ", ".join(f'"{k}"' for k in jawaban.kata_kosong)
            out.append(f"Kata yang tidak ada di naskah mana pun: {kosong}.")
            if jawaban.saran:
                out.append(f"Maksud Anda: {jawaban.saran}? (itu pun tidak menemukan naskah)")
        else:
            out.append(
                "Setiap kata ada di arsip, tetapi tidak ada naskah yang memuat semuanya dengan "
                "saringan ini; kurangi kata atau saringannya."
            )
    return out
