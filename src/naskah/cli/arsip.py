"""``naskah arsip``: archive issued and older documents, check the archive, rebuild the index."""

from __future__ import annotations

import logging
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from naskah.cli.base import Konteks, cetak_json, cli, json_option, pass_konteks
from naskah.errors import UsageError

_BERKAS = click.Path(dir_okay=False, path_type=Path)


@cli.group("arsip")
def arsip() -> None:
    """Arsip naskah: simpan, impor, periksa dan bangun ulang indeks pencarian.

    Contoh:

        naskah arsip simpan keputusan.yaml --pdf hasil/keputusan.pdf

        naskah arsip periksa
    """


def _buka(konteks: Konteks, **kw: Any) -> Any:
    from naskah.arsip import Arsip

    # signatures are verified on ingest and by periksa: pyHanko's log stays quiet unless -v
    tingkat = logging.DEBUG if konteks.verbose else logging.CRITICAL
    for nama in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
        logging.getLogger(nama).setLevel(tingkat)
    return Arsip(konteks.konfigurasi(wajib=True), **kw)


def _cetak_hasil(hasil: Any, as_json: bool) -> None:
    if as_json:
        cetak_json(
            {
                "baru": hasil.baru,
                "entri": [e.ke_dict() for e in hasil.entri],
                "peringatan": list(hasil.peringatan),
            }
        )
    else:
        for e in hasil.entri:
            kata = "Diarsipkan" if hasil.baru else "Sudah diarsipkan"
            click.echo(f"{kata}: {e.nomor} versi {e.versi} → {e.lokasi}")
            click.echo(f"  Id verifikasi: {e.id_verifikasi}")
            if e.perlu_ocr:
                click.echo(
                    "  PDF tanpa lapisan teks: ditandai perlu_ocr (isinya belum dapat dicari)."
                )
    for p in hasil.peringatan:
        click.echo(f"Peringatan: {p}", err=True)


@arsip.command("simpan")
@click.argument("berkas", type=_BERKAS)
@click.option("--pdf", type=_BERKAS, help="PDF naskah (hasil `naskah render`).")
@click.option("--ttd", type=_BERKAS, help="PDF yang sudah ditandatangani secara elektronik.")
@click.option("--docx", type=_BERKAS, help="DOCX naskah.")
@click.option(
    "--koreksi", help="Alasan koreksi: simpan sebagai versi baru yang menggantikan versi lama."
)
@click.option(
    "--id-verifikasi",
    help="Id verifikasi yang tercetak pada kode QR (bawaan: id yang dicatat naskah di PDF-nya).",
)
@json_option
@pass_konteks
def simpan(
    konteks: Konteks,
    berkas: Path,
    pdf: Path | None,
    ttd: Path | None,
    docx: Path | None,
    koreksi: str | None,
    id_verifikasi: str | None,
    as_json: bool,
) -> None:
    """Arsipkan naskah yang sudah terbit beserta berkasnya.

    Nomor naskah harus terdaftar di register dan tidak batal (nomor yang dipesan menjadi
    terpakai). Arsip tidak pernah ditimpa: naskah yang dikoreksi disimpan dengan --koreksi
    sebagai versi baru, dan versi lama tetap ada dengan tanda diganti.

    Contoh:

        naskah arsip simpan keputusan.yaml --pdf hasil/keputusan.pdf --ttd ttd/keputusan-ttd.pdf
    """
    from naskah.arsip import NaskahTerbit
    from naskah.loader import muat_dokumen

    k = konteks.konfigurasi(wajib=True)
    model = muat_dokumen(berkas, k)
    if pdf is None and ttd is None:
        raise UsageError("Sebutkan PDF naskah dengan --pdf atau --ttd.")
    with _buka(konteks) as a:
        if id_verifikasi is None:
            # the id the PDF was rendered with (its QR codes), unless another entry has it
            from naskah.catatan_ttd import id_verifikasi_berkas

            tercatat = id_verifikasi_berkas(Path(ttd or pdf))  # type: ignore[arg-type]
            if tercatat is not None and a.cari_verifikasi(tercatat) is None:
                id_verifikasi = tercatat
        hasil = a.simpan(
            NaskahTerbit(
                model, pdf=pdf, ttd=ttd, docx=docx, id_verifikasi=id_verifikasi, koreksi=koreksi
            )
        )
    _cetak_hasil(hasil, as_json)


@arsip.command("impor")
@click.argument("pdf", type=_BERKAS, nargs=-1)
@click.option(
    "--luar",
    is_flag=True,
    help="Naskah instansi lain (surat masuk, keputusan kementerian): disimpan terpisah dari "
    "penomoran kantor; isiannya dibaca dari PDF.",
)
@click.option("--nomor", help="Nomor naskah (naskah lama: harus sudah ada di register).")
@click.option("--jenis", help="Jenis naskah, misalnya keputusan atau surat_tugas.")
@click.option("--tentang", "--perihal", "tentang", help="Tentang/perihal naskah.")
@click.option("--tanggal", help="Tanggal naskah (TTTT-BB-HH).")
@click.option("--seri", "-s", help="Seri nomor di register (bawaan: dicari dari teks nomornya).")
@click.option("--penandatangan", help="Nama penandatangan.")
@click.option("--nip", help="NIP penandatangan (--luar).")
@click.option("--instansi", help="Instansi yang menerbitkan naskah (--luar).")
@click.option("--unit", help="Kode unit pada nomornya (--luar).")
@click.option("--klasifikasi", help="Kode klasifikasi naskah (--luar).")
@click.option(
    "--daftar",
    "manifest",
    type=_BERKAS,
    help="Berkas CSV/XLSX berisi banyak naskah (kolom berkas, nomor, jenis, tentang, tanggal).",
)
@json_option
@pass_konteks
def impor(
    konteks: Konteks,
    pdf: tuple[Path, ...],
    luar: bool,
    nomor: str | None,
    jenis: str | None,
    tentang: str | None,
    tanggal: str | None,
    seri: str | None,
    penandatangan: str | None,
    nip: str | None,
    instansi: str | None,
    unit: str | None,
    klasifikasi: str | None,
    manifest: Path | None,
    as_json: bool,
) -> None:
    """Bawa naskah lama (PDF) ke arsip: satu berkas, atau banyak dari daftar CSV/XLSX.

    Dari daftar: semua baris diarsipkan atau tidak satu pun; setiap baris yang salah disebut
    nomor barisnya. Teks diambil dari lapisan teks PDF; PDF hasil pindai tanpa teks tetap
    diarsipkan dan ditandai perlu_ocr.

    Dengan --luar: naskah instansi lain (surat masuk, keputusan kementerian) disimpan tanpa
    mengubah naskah.toml dan tanpa memakai nomor kantor ini. Nomor, tanggal, tentang/perihal,
    penandatangan dan instansinya dibaca dari PDF; opsi yang disebut menggantikan hasil
    bacaan itu. Tanda tangan elektroniknya diperiksa dan disebut apa adanya, tidak pernah
    sebagai naskah sah kantor ini.

    Contoh:

        naskah arsip impor sk-lama.pdf --nomor 0101/C7.24/HK.03.01/2023 --jenis keputusan
        --tentang "Tim Penjaminan Mutu" --tanggal 2023-01-09

        naskah arsip impor --daftar arsip-lama.xlsx

        naskah arsip impor --luar sk-dirjen-dikti-38-2021.pdf surat-disdik-kukar.pdf
    """
    from naskah.arsip import NaskahLama
    from naskah.arsip.manifest import baca_manifest
    from naskah.register import baca_tanggal

    if luar:
        if manifest is not None or seri:
            raise UsageError("--luar tidak dipakai bersama --daftar atau --seri.")
        _impor_luar(
            konteks, pdf, as_json, nomor=nomor, jenis=jenis, tentang=tentang, tanggal=tanggal,
            penandatangan=penandatangan, nip=nip, instansi=instansi, unit=unit,
            klasifikasi=klasifikasi,
        )  # fmt: skip
        return
    if any((nip, instansi, unit, klasifikasi)):
        raise UsageError("--nip, --instansi, --unit dan --klasifikasi hanya untuk --luar.")
    if len(pdf) > 1:
        raise UsageError(
            "Naskah lama diimpor satu per satu (atau banyak dengan --daftar); untuk naskah "
            "instansi lain pakai --luar."
        )
    berkas = pdf[0] if pdf else None
    if manifest is not None:
        if berkas is not None or any((nomor, jenis, tentang, tanggal)):
            raise UsageError(
                "Pakai --daftar saja, atau satu PDF dengan --nomor --jenis --tentang --tanggal."
            )
        baris = baca_manifest(manifest)
        with _buka(konteks) as a:
            hasil = a.impor(
                [n for _, n in baris], baris=[no for no, _ in baris], sumber=manifest.name
            )
        _cetak_hasil(hasil, as_json)
        return
    else:
        if berkas is None:
            raise UsageError("Sebutkan berkas PDF, atau daftar naskah dengan --daftar.")
        kurang = [
            n
            for n, v in (
                ("--nomor", nomor),
                ("--jenis", jenis),
                ("--tentang", tentang),
                ("--tanggal", tanggal),
            )
            if not v
        ]
        if kurang:
            raise UsageError(
                f"Untuk mengimpor satu PDF sebutkan juga {', '.join(kurang)} (atau --luar untuk "
                "naskah instansi lain)."
            )
        tgl: date = baca_tanggal(tanggal or "")
        daftar = [
            NaskahLama(
                pdf=berkas,
                nomor=nomor or "",
                jenis=jenis or "",
                tentang=tentang or "",
                tanggal=tgl,
                seri=seri,
                penandatangan=penandatangan,
            )
        ]
    with _buka(konteks) as a:
        hasil = a.impor(daftar)
    _cetak_hasil(hasil, as_json)


def _impor_luar(
    konteks: Konteks, pdf: tuple[Path, ...], as_json: bool, *, tanggal: str | None, **isian: Any
) -> None:
    """Keep documents of other offices (``naskah arsip impor --luar``)."""
    from naskah.arsip import NaskahLuar
    from naskah.register import baca_tanggal

    if not pdf:
        raise UsageError("Sebutkan berkas PDF naskah instansi lain.")
    if len(pdf) > 1 and (isian.get("nomor") or isian.get("tentang") or tanggal):
        raise UsageError(
            "--nomor, --tentang dan --tanggal hanya untuk satu PDF; setiap naskah punya isiannya "
            "sendiri."
        )
    tgl = baca_tanggal(tanggal) if tanggal else None
    daftar = [NaskahLuar(pdf=p, tanggal=tgl, **isian) for p in pdf]
    with _buka(konteks) as a:
        hasil = a.impor_luar(daftar)
    if as_json:
        cetak_json(
            {
                "baru": hasil.baru,
                "entri": [e.ke_dict() for e in hasil.entri],
                "tanda_tangan": list(hasil.catatan),
                "peringatan": list(hasil.peringatan),
            }
        )
    else:
        for e in hasil.entri:
            kata = "Diarsipkan" if hasil.baru else "Sudah diarsipkan"
            click.echo(
                f"{kata} sebagai naskah instansi lain: {e.nomor} ({e.instansi}) → {e.lokasi}"
            )
            click.echo(f"  Tanggal {e.tanggal.isoformat()}, jenis {e.jenis}: {e.tentang}")
            if e.penandatangan:
                click.echo(f"  Penandatangan: {', '.join(e.penandatangan)}")
            if e.perlu_ocr:
                click.echo(
                    "  PDF tanpa lapisan teks: ditandai perlu_ocr (isinya belum dapat dicari)."
                )
        click.echo("Nomor kantor ini tidak dipakai; naskah.toml tidak berubah.")
        for k in hasil.catatan:
            click.echo(f"  {k}")
    for p in hasil.peringatan:
        click.echo(f"Peringatan: {p}", err=True)


@arsip.command("periksa")
@json_option
@pass_konteks
def periksa(konteks: Konteks, as_json: bool) -> None:
    """Periksa keutuhan arsip: sidik setiap berkas, setiap tanda tangan, katalog dan folder.

    Melaporkan berkas yang berubah, hilang atau tidak terduga dan entri katalog tanpa folder.
    Tidak menulis apa pun. Keluar 1 bila ada masalah.

    Contoh:

        naskah arsip periksa --json
    """
    with _buka(konteks) as a:
        lap = a.periksa()
    if as_json:
        cetak_json(lap.ke_dict())
    else:
        click.echo(
            f"{lap.entri} entri, {lap.berkas} berkas, {lap.tanda_tangan} PDF bertanda tangan "
            "diperiksa."
        )
        for t in lap.temuan:
            click.echo(f"  [{t.jenis}] {t.pesan}")
        for c in lap.catatan:
            click.echo(f"  [naskah instansi lain] {c}")
        click.echo("Arsip utuh." if lap.bersih else f"{len(lap.temuan)} masalah ditemukan.")
    if not lap.bersih:
        sys.exit(1)


@arsip.command("indeks-ulang")
@click.option(
    "--jika-perlu",
    is_flag=True,
    help="Bangun ulang hanya bila indeks belum ada, rusak atau versi skemanya lain.",
)
@pass_konteks
def indeks_ulang(konteks: Konteks, jika_perlu: bool) -> None:
    """Bangun ulang indeks pencarian dari arsip.

    Indeks adalah data turunan: arsip tidak berubah.

    Contoh:

        naskah arsip indeks-ulang --jika-perlu
    """
    dilewati: list[str] = []
    with _buka(konteks) as a:
        jumlah = a.indeks_ulang(jika_perlu=jika_perlu, dilewati=dilewati)
    if jumlah is None:
        click.echo("Indeks pencarian masih baik; tidak dibangun ulang.")
        return
    click.echo(f"Indeks pencarian dibangun ulang: {jumlah} naskah.")
    if dilewati:
        click.echo(
            f"{len(dilewati)} entri arsip tidak dapat dibaca, jadi tidak diindeks "
            "(periksa dengan `naskah arsip periksa`):",
            err=True,
        )
        for pesan in dilewati:
            click.echo(f"  - {pesan}", err=True)
