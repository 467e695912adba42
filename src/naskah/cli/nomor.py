"""``naskah nomor``: the numbering register from the command line, one command per operation."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from naskah.cli.base import Konteks, cetak_json, cli, json_option, pass_konteks
from naskah.config import Konfigurasi
from naskah.errors import UsageError
from naskah.jam import hari_ini, tampil
from naskah.register import KEADAAN, NomorTerdaftar, Register, baca_tanggal, buka_register, ekspor


def _opsi_seri(f: Any) -> Any:
    return click.option(
        "--seri",
        "-s",
        help="Seri nomor dari naskah.toml (bawaan: satu-satunya seri, atau 'naskah').",
    )(f)


def _opsi_oleh(f: Any) -> Any:
    return click.option(
        "--oleh", help="Nama petugas yang dicatat (bawaan: NASKAH_PENGGUNA atau pengguna sistem)."
    )(f)


def _seri(konfigurasi: Konfigurasi, seri: str | None) -> str:
    if seri:
        return seri
    if len(konfigurasi.seri) == 1:
        return next(iter(konfigurasi.seri))
    if "naskah" in konfigurasi.seri:
        return "naskah"
    raise UsageError(
        f"naskah.toml memuat beberapa seri ({', '.join(sorted(konfigurasi.seri))}); pilih salah "
        "satu dengan --seri."
    )


def _register(konteks: Konteks) -> tuple[Konfigurasi, Register]:
    konfigurasi = konteks.konfigurasi(wajib=True)
    return konfigurasi, buka_register(konfigurasi)


def _tanggal(nilai: str | None) -> date:
    return baca_tanggal(nilai) if nilai else hari_ini()


def _cetak(daftar: list[NomorTerdaftar], as_json: bool) -> None:
    if as_json:
        cetak_json([n.ke_dict() for n in daftar])
        return
    for n in daftar:
        click.echo(n.teks)


@cli.group("nomor")
def nomor() -> None:
    """Register penomoran: setiap nomor diterbitkan sekali, tidak hilang, tidak dipakai ulang.

    Operasi: ambil, pesan, pakai, batal, sisip, mulai, impor, daftar, riwayat. Register disimpan di
    SQLite dalam folder arsip, atau di PostgreSQL bila [basis_data] url atau
    NASKAH_DATABASE_URL diisi.

    Contoh (satu untuk setiap operasi):

    \b
        naskah nomor ambil -k HK.03.01 -t 2024-05-17 -p "Penetapan tim penjaminan mutu"
        naskah nomor pesan 5 -k KP.04.05 -a "SK kenaikan pangkat April"
        naskah nomor pakai 0513/C7.24/KP.04.05/2024 -p "Kenaikan pangkat a.n. Siti Aminah"
        naskah nomor batal 0512/C7.24/HK.03.01/2024 -a "Naskah tidak jadi diterbitkan"
        naskah nomor sisip --setelah 0512/C7.24/HK.03.01/2024 -k HK.03.01 -t 2024-05-17 -p "Ralat"
        naskah nomor mulai --seri naskah --tahun 2025 --terakhir 273 -t 2025-03-03
        naskah nomor impor buku-agenda-2023.xlsx --seri naskah
        naskah nomor daftar --tahun 2024 --ekspor buku-agenda-2024.xlsx
        naskah nomor riwayat 0512/C7.24/HK.03.01/2024
    """


@nomor.command("ambil")
@_opsi_seri
@click.option("--klasifikasi", "-k", help="Kode klasifikasi arsip, misalnya HK.03.01.")
@click.option("--tanggal", "-t", help="Tanggal naskah TTTT-BB-HH (bawaan: hari ini).")
@click.option("--perihal", "-p", required=True, help="Perihal atau tentang naskah.")
@click.option("--jenis", "-j", help="Jenis naskah, misalnya Keputusan atau Surat Tugas.")
@click.option("--rahasia", is_flag=True, help="Tandai nomor sebagai rahasia (RHS).")
@_opsi_oleh
@json_option
@pass_konteks
def ambil(
    konteks: Konteks,
    seri: str | None,
    klasifikasi: str | None,
    tanggal: str | None,
    perihal: str,
    jenis: str | None,
    rahasia: bool,
    oleh: str | None,
    as_json: bool,
) -> None:
    """Ambil nomor berikutnya dari satu seri.

    Tanggal yang lebih awal daripada nomor terakhir seri itu ditolak: naskah bertanggal mundur
    memakai `naskah nomor sisip`.

    Contoh:

        naskah nomor ambil -k HK.03.01 -t 2024-05-17 -p "Penetapan tim penjaminan mutu"
    """
    konfigurasi, reg = _register(konteks)
    with reg:
        n = reg.ambil(
            _seri(konfigurasi, seri),
            klasifikasi=klasifikasi,
            tanggal=_tanggal(tanggal),
            perihal=perihal,
            jenis=jenis,
            rahasia=rahasia,
            oleh=oleh,
        )
    if as_json:
        cetak_json(n.ke_dict())
    else:
        click.echo(n.teks)


@nomor.command("pesan")
@click.argument("jumlah", type=click.IntRange(1, 1000))
@_opsi_seri
@click.option("--klasifikasi", "-k", help="Kode klasifikasi arsip nomor yang dipesan.")
@click.option("--tanggal", "-t", help="Tanggal pemesanan TTTT-BB-HH (bawaan: hari ini).")
@click.option("--alasan", "-a", required=True, help="Untuk apa nomor dipesan.")
@_opsi_oleh
@json_option
@pass_konteks
def pesan(
    konteks: Konteks,
    jumlah: int,
    seri: str | None,
    klasifikasi: str | None,
    tanggal: str | None,
    alasan: str,
    oleh: str | None,
    as_json: bool,
) -> None:
    """Pesan sejumlah nomor berurutan untuk dipakai kemudian.

    Nomor yang dipesan kelak dipakai (`naskah nomor pakai`) atau dibatalkan, tidak pernah
    diterbitkan ulang.

    Contoh:

        naskah nomor pesan 5 -k KP.04.05 -a "SK kenaikan pangkat April"
    """
    konfigurasi, reg = _register(konteks)
    with reg:
        daftar = reg.pesan(
            _seri(konfigurasi, seri),
            jumlah,
            klasifikasi=klasifikasi,
            tanggal=_tanggal(tanggal),
            alasan=alasan,
            oleh=oleh,
        )
    _cetak(daftar, as_json)


@nomor.command("pakai")
@click.argument("nomor_teks", metavar="NOMOR")
@click.option("--perihal", "-p", required=True, help="Perihal atau tentang naskah.")
@click.option("--tanggal", "-t", help="Tanggal naskah TTTT-BB-HH (bawaan: tanggal pemesanan).")
@click.option("--klasifikasi", "-k", help="Kode klasifikasi lain bila berbeda dari pesanan.")
@click.option("--jenis", "-j", help="Jenis naskah.")
@_opsi_seri
@_opsi_oleh
@json_option
@pass_konteks
def pakai(
    konteks: Konteks,
    nomor_teks: str,
    perihal: str,
    tanggal: str | None,
    klasifikasi: str | None,
    jenis: str | None,
    seri: str | None,
    oleh: str | None,
    as_json: bool,
) -> None:
    """Pakai nomor yang sudah dipesan untuk sebuah naskah.

    Contoh:

        naskah nomor pakai 0513/C7.24/KP.04.05/2024 -p "Kenaikan pangkat a.n. Siti Aminah"
    """
    tgl = baca_tanggal(tanggal) if tanggal else None
    _konfigurasi, reg = _register(konteks)
    with reg:
        n = reg.pakai(
            nomor_teks,
            perihal=perihal,
            tanggal=tgl,
            klasifikasi=klasifikasi,
            jenis=jenis,
            seri=seri,
            oleh=oleh,
        )
    if as_json:
        cetak_json(n.ke_dict())
    else:
        click.echo(n.teks)


@nomor.command("batal")
@click.argument("nomor_teks", metavar="NOMOR")
@click.option("--alasan", "-a", required=True, help="Mengapa nomor dibatalkan.")
@_opsi_seri
@_opsi_oleh
@json_option
@pass_konteks
def batal(
    konteks: Konteks,
    nomor_teks: str,
    alasan: str,
    seri: str | None,
    oleh: str | None,
    as_json: bool,
) -> None:
    """Batalkan nomor dengan alasan; nomor tetap tercatat dan tidak diterbitkan lagi.

    Contoh:

        naskah nomor batal 0512/C7.24/HK.03.01/2024 -a "Naskah tidak jadi diterbitkan"
    """
    _konfigurasi, reg = _register(konteks)
    with reg:
        n = reg.batal(nomor_teks, alasan=alasan, seri=seri, oleh=oleh)
    if as_json:
        cetak_json(n.ke_dict())
    else:
        click.echo(f"{n.teks} dibatalkan.")


@nomor.command("sisip")
@click.option(
    "--setelah", required=True, help="Nomor induk yang sudah ada (teks lengkap atau urutannya)."
)
@_opsi_seri
@click.option("--klasifikasi", "-k", help="Kode klasifikasi arsip.")
@click.option("--tanggal", "-t", help="Tanggal naskah TTTT-BB-HH (bawaan: hari ini).")
@click.option("--perihal", "-p", required=True, help="Perihal atau tentang naskah.")
@click.option("--jenis", "-j", help="Jenis naskah.")
@click.option("--rahasia", is_flag=True, help="Tandai nomor sebagai rahasia (RHS).")
@_opsi_oleh
@json_option
@pass_konteks
def sisip(
    konteks: Konteks,
    setelah: str,
    seri: str | None,
    klasifikasi: str | None,
    tanggal: str | None,
    perihal: str,
    jenis: str | None,
    rahasia: bool,
    oleh: str | None,
    as_json: bool,
) -> None:
    """Ambil nomor sisipan (0512a, 0512b atau 0512.1) untuk naskah bertanggal mundur.

    Nomor induknya harus sudah ada di register.

    Contoh:

        naskah nomor sisip --setelah 0512/C7.24/HK.03.01/2024 -k HK.03.01 -t 2024-05-17 -p "Ralat"
    """
    konfigurasi, reg = _register(konteks)
    with reg:
        n = reg.sisip(
            _seri(konfigurasi, seri),
            setelah,
            klasifikasi=klasifikasi,
            tanggal=_tanggal(tanggal),
            perihal=perihal,
            jenis=jenis,
            rahasia=rahasia,
            oleh=oleh,
        )
    if as_json:
        cetak_json(n.ke_dict())
    else:
        click.echo(n.teks)


@nomor.command("mulai")
@_opsi_seri
@click.option(
    "--terakhir",
    required=True,
    type=click.IntRange(min=1),
    help="Nomor urut terakhir yang sudah dipakai sebelum memakai naskah, misalnya 273.",
)
@click.option("--tahun", type=int, help="Tahun seri itu (bawaan: tahun --tanggal, atau tahun ini).")
@click.option("--tanggal", "-t", help="Tanggal nomor terakhir itu TTTT-BB-HH (tidak wajib).")
@click.option("--alasan", "-a", help="Keterangan, misalnya asal nomor (buku agenda kertas).")
@_opsi_oleh
@json_option
@pass_konteks
def mulai(
    konteks: Konteks,
    seri: str | None,
    terakhir: int,
    tahun: int | None,
    tanggal: str | None,
    alasan: str | None,
    oleh: str | None,
    as_json: bool,
) -> None:
    """Mulai seri dari nomor tertentu: nomor berikutnya melanjutkan nomor terakhir di buku lama.

    Untuk kantor yang mulai memakai naskah di tengah tahun. Tidak ada baris buku agenda palsu
    yang dibuat; penetapan ini tercatat di jejak audit. Ditolak bila register sudah
    menerbitkan nomor yang lebih tinggi.

    Contoh:

        naskah nomor mulai --seri naskah --tahun 2025 --terakhir 273 -t 2025-03-03
    """
    tgl = baca_tanggal(tanggal) if tanggal else None
    konfigurasi, reg = _register(konteks)
    with reg:
        hasil = reg.mulai(
            _seri(konfigurasi, seri), terakhir, tahun=tahun, tanggal=tgl, alasan=alasan, oleh=oleh
        )
    if as_json:
        cetak_json(hasil.ke_dict())
        return
    tahun_seri = f" tahun {hasil.tahun}" if hasil.tahun is not None else ""
    click.echo(
        f"Seri {hasil.seri}{tahun_seri}: nomor terakhir {hasil.terakhir}, nomor berikutnya "
        f"bernomor urut {hasil.terakhir + 1}."
    )


@nomor.command("impor")
@click.argument("berkas", type=click.Path(dir_okay=False, path_type=Path))
@_opsi_seri
@_opsi_oleh
@json_option
@pass_konteks
def impor(
    konteks: Konteks, berkas: Path, seri: str | None, oleh: str | None, as_json: bool
) -> None:
    """Impor buku agenda lama (CSV atau XLSX) ke register: semua baris, atau tidak sama sekali.

    Kolom yang dibaca: Nomor Naskah, Tanggal, Perihal, Jenis Naskah, Keadaan, Keterangan,
    Dicatat oleh. Setiap baris yang salah dilaporkan dengan nomor barisnya.

    Contoh:

        naskah nomor impor buku-agenda-2023.xlsx --seri naskah
    """
    konfigurasi, reg = _register(konteks)
    with reg:
        daftar = reg.impor(_seri(konfigurasi, seri), berkas, oleh=oleh)
    if as_json:
        cetak_json([n.ke_dict() for n in daftar])
    else:
        click.echo(f"{len(daftar)} nomor diimpor dari {berkas.name}.")


@nomor.command("daftar")
@click.option("--seri", "-s", help="Hanya seri ini.")
@click.option("--tahun", type=int, help="Hanya tahun ini.")
@click.option("--keadaan", type=click.Choice(KEADAAN), help="Hanya nomor dengan keadaan ini.")
@click.option("--dari", help="Tanggal naskah paling awal (TTTT-BB-HH).")
@click.option("--sampai", help="Tanggal naskah paling akhir (TTTT-BB-HH).")
@click.option(
    "--cari", help="Teks yang dicari pada nomor, perihal, klasifikasi, jenis, keterangan."
)
@click.option(
    "--ekspor",
    "berkas_ekspor",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Tulis hasilnya sebagai buku agenda ke berkas .csv atau .xlsx.",
)
@json_option
@pass_konteks
def daftar(
    konteks: Konteks,
    seri: str | None,
    tahun: int | None,
    keadaan: str | None,
    dari: str | None,
    sampai: str | None,
    cari: str | None,
    berkas_ekspor: Path | None,
    as_json: bool,
) -> None:
    """Tampilkan nomor di register, disaring, dan ekspor sebagai buku agenda.

    Contoh:

        naskah nomor daftar --tahun 2024 --keadaan batal --ekspor buku-agenda-2024.xlsx
    """
    dari_t = baca_tanggal(dari) if dari else None
    sampai_t = baca_tanggal(sampai) if sampai else None
    konfigurasi, reg = _register(konteks)
    with reg:
        hasil = reg.daftar(
            seri=seri, tahun=tahun, keadaan=keadaan, dari=dari_t, sampai=sampai_t, cari=cari
        )
    if berkas_ekspor is not None:
        judul = (
            "BUKU AGENDA"
            + (f" SERI {seri.upper()}" if seri else "")
            + (f" TAHUN {tahun}" if tahun else "")
        )
        ekspor(hasil, berkas_ekspor, judul=judul, zona=konfigurasi.zona)
    if as_json:
        cetak_json([n.ke_dict(konfigurasi.zona) for n in hasil])
        return
    for n in hasil:
        keterangan = n.perihal or ""
        if n.keadaan != "terpakai":
            keterangan = f"[{n.keadaan}] " + (n.alasan or keterangan)
        click.echo(f"{n.teks}\t{n.tanggal.isoformat()}\t{keterangan}")
    if berkas_ekspor is not None:
        click.echo(f"{len(hasil)} nomor diekspor ke {berkas_ekspor}.", err=True)


@nomor.command("riwayat")
@click.argument("nomor_teks", metavar="NOMOR")
@_opsi_seri
@json_option
@pass_konteks
def riwayat(konteks: Konteks, nomor_teks: str, seri: str | None, as_json: bool) -> None:
    """Tampilkan riwayat satu nomor dari jejak audit: siapa, kapan, apa, sebelum dan sesudah.

    Contoh:

        naskah nomor riwayat 0512/C7.24/HK.03.01/2024
    """
    konfigurasi, reg = _register(konteks)
    with reg:
        jejak = reg.riwayat(nomor_teks, seri=seri)
    if as_json:
        cetak_json([j.ke_dict(konfigurasi.zona) for j in jejak])
        return
    for j in jejak:
        ringkas = ""
        if j.sesudah:
            ringkas = f"{j.sesudah.get('keadaan')}"
            if j.sesudah.get("alasan"):
                ringkas += f" ({j.sesudah['alasan']})"
        waktu = tampil(j.waktu, konfigurasi.zona)
        click.echo(f"{waktu}\t{j.oleh}\t{j.aksi}\t{j.teks}\t{ringkas}")
