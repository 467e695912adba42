"""``naskah tte``: sign, paraf and verify PDFs (a thin adapter over :mod:`naskah.tte`).

Passphrases and PINs are read here (hidden prompt, an environment variable or a file descriptor
named by the user) and handed to the library in memory only.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

import click

from naskah.cli.base import Konteks, cetak_json, cli, json_option, pass_konteks
from naskah.config import Konfigurasi
from naskah.errors import NaskahError, TTEError, UsageError
from naskah.models.common import format_tanggal


@cli.group("tte")
def tte() -> None:
    """Tanda tangan elektronik (TTE): menandatangani, memaraf dan memverifikasi PDF.

    Contoh:

        naskah tte tandatangani surat.pdf --p12 pejabat.p12 --tampak

        naskah tte verifikasi surat-ttd.pdf
    """


# -- secrets ------------------------------------------------------------------------------------


def _baca_rahasia(env: str | None, fd: int | None, prompt: str) -> str:
    """Return a secret from an environment variable, a file descriptor, or a hidden prompt."""
    if env is not None and fd is not None:
        raise UsageError(
            "Pilih salah satu sumber rahasia saja: variabel lingkungan atau deskriptor berkas."
        )
    if env is not None:
        nilai = os.environ.get(env)
        if nilai is None:
            raise UsageError(
                f"Variabel lingkungan {env} tidak ada; isi variabelnya atau hilangkan opsinya agar "
                "ditanyakan."
            )
        return nilai
    if fd is not None:
        try:
            with os.fdopen(fd, "rb", closefd=False) as fh:
                baris = fh.readline()
        except OSError:
            raise UsageError(
                f"Deskriptor berkas {fd} tidak dapat dibaca; periksa nomornya."
            ) from None
        return baris.rstrip(b"\r\n").decode("utf-8")
    return click.prompt(prompt, hide_input=True, default="", show_default=False, err=True)


# -- shared signer options ------------------------------------------------------------------


def _opsi_penandatangan(f: Callable[..., Any]) -> Callable[..., Any]:
    opsi = [
        click.option(
            "--p12",
            "p12",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Berkas PKCS#12 (.p12/.pfx) penandatangan (bawaan: [tte] p12).",
        ),
        click.option(
            "--sandi-env",
            metavar="NAMA",
            help="Ambil frasa sandi PKCS#12 dari variabel lingkungan NAMA.",
        ),
        click.option(
            "--sandi-fd",
            type=int,
            metavar="N",
            help="Baca frasa sandi PKCS#12 dari deskriptor berkas N (satu baris).",
        ),
        click.option(
            "--pkcs11-lib",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Pustaka PKCS#11 token/HSM (bawaan: [tte] pkcs11_pustaka).",
        ),
        click.option("--token", help="Label token PKCS#11."),
        click.option("--kunci", help="Label kunci penandatangan di token."),
        click.option("--sertifikat-token", help="Label sertifikat di token (bawaan: label kunci)."),
        click.option(
            "--pin-env", metavar="NAMA", help="Ambil PIN token dari variabel lingkungan NAMA."
        ),
        click.option(
            "--pin-fd", type=int, metavar="N", help="Baca PIN token dari deskriptor berkas N."
        ),
        click.option(
            "--tingkat",
            type=click.Choice(["B-B", "B-T", "B-LT", "B-LTA"]),
            help="Tingkat PAdES (bawaan: [tte] tingkat, B-B).",
        ),
        click.option("--tsa", help="Alamat layanan cap waktu RFC 3161 (bawaan: [tte] tsa)."),
        click.option(
            "--tampak",
            is_flag=True,
            help="Tanda tangan tampak di blok tanda tangan (penanda [[TTE]]).",
        ),
        click.option(
            "--keluaran",
            type=click.Path(file_okay=False, path_type=Path),
            help="Folder keluaran (bawaan: di samping berkas asli, akhiran -ttd).",
        ),
        click.option("--timpa", is_flag=True, help="Timpa berkas asli (secara atomik)."),
        click.option(
            "--sertifikasi",
            is_flag=True,
            help="Sertifikasi dokumen (DocMDP, hanya pengisian formulir diizinkan).",
        ),
        click.option("--nama", help="Nama penandatangan pada cap (bawaan: dari sertifikat)."),
        click.option("--jabatan", help="Jabatan pada cap (bawaan: dari sertifikat)."),
        click.option(
            "--id", "id_dok", help="Id dokumen di alamat verifikasi (bawaan: awalan SHA-256)."
        ),
        click.option("--alasan", help="Alasan penandatanganan yang dicatat di tanda tangan."),
        json_option,
    ]
    for o in reversed(opsi):
        f = o(f)
    return f


def _buka_penandatangan(k: Konfigurasi, o: dict[str, Any]) -> Any:
    from naskah.tte import buka_pkcs11, muat_p12

    t = k.tte
    lib = o["pkcs11_lib"] or (None if o["p12"] else t.pkcs11_pustaka)
    if o["p12"] and o["pkcs11_lib"]:
        raise UsageError("Pilih salah satu: --p12 atau --pkcs11-lib, bukan keduanya.")
    if lib is not None:
        token = o["token"] or t.pkcs11_token
        kunci = o["kunci"] or t.pkcs11_kunci
        if not token or not kunci:
            raise UsageError("Penandatanganan dengan token membutuhkan --token dan --kunci.")
        pin = _baca_rahasia(o["pin_env"], o["pin_fd"], f"PIN token {token}")
        return buka_pkcs11(
            k.path(Path(lib)),
            token,
            pin,
            label_kunci=kunci,
            label_sertifikat=o["sertifikat_token"] or t.pkcs11_sertifikat,
        )
    p12 = o["p12"] or (k.path(t.p12) if t.p12 else None)
    if p12 is None:
        raise UsageError(
            "Sebutkan sertifikat penandatangan dengan --p12 BERKAS atau "
            "--pkcs11-lib/--token/--kunci (atau isi [tte] p12 di naskah.toml)."
        )
    sandi = _baca_rahasia(o["sandi_env"], o["sandi_fd"], f"Frasa sandi {Path(p12).name}")
    return muat_p12(Path(p12), sandi.encode("utf-8"))


def _jalankan(konteks: Konteks, berkas: tuple[Path, ...], peran: str, o: dict[str, Any]) -> None:
    from naskah.tte import OpsiTandaTangan, SesiTandaTangan, muat_akar

    k = konteks.konfigurasi()
    t = k.tte
    tingkat = o["tingkat"] or t.tingkat
    akar = muat_akar([k.path(p) for p in t.akar_tepercaya]) if tingkat in ("B-LT", "B-LTA") else []
    opsi = OpsiTandaTangan(
        tingkat=tingkat,
        tsa=o["tsa"] or t.tsa,
        akar_tepercaya=akar,
        tampak=o["tampak"],
        ukuran_kotak=(t.lebar_kotak, t.tinggi_kotak),
        url_verifikasi=t.url_verifikasi,
        nama=o["nama"],
        jabatan=o["jabatan"],
        font=k.path(t.font) if t.font else None,
        alasan=o["alasan"],
        lokasi=t.lokasi,
        peran=peran,
        sertifikasi=o["sertifikasi"],
        jumlah_paraf=o.get("jumlah_paraf") or 0,
        keluaran=o["keluaran"],
        timpa=o["timpa"],
    )
    if o["id_dok"] and len(berkas) > 1:
        raise UsageError("--id hanya dapat dipakai untuk satu berkas.")
    hasil: list[Any] = []
    gagal: list[tuple[Path, NaskahError]] = []
    with _buka_penandatangan(k, o) as penandatangan:
        zona = k.tte.zona
        sesi = SesiTandaTangan(penandatangan, opsi, jam=lambda: datetime.now(zona))
        for path in berkas:
            try:
                hasil.append(sesi.tandatangani(path, id_dok=o["id_dok"]))
            except NaskahError as exc:
                if len(berkas) == 1:
                    raise
                gagal.append((path, exc))
                click.echo(f"Galat: {path}: {exc}", err=True)
    if o["as_json"]:
        cetak_json(
            [
                {
                    "masukan": h.masukan,
                    "keluaran": h.keluaran,
                    "field": h.field,
                    "id": h.id_dokumen,
                    "tingkat": h.tingkat,
                    "tampak": h.tampak,
                    "sha256": h.sha256,
                }
                for h in hasil
            ]
        )
    else:
        kata = "Diparaf" if peran == "paraf" else "Ditandatangani"
        for h in hasil:
            click.echo(f"{kata} ({h.tingkat}{', tampak' if h.tampak else ''}): {h.keluaran}")
    if gagal:
        raise TTEError(
            f"{len(gagal)} dari {len(berkas)} berkas gagal ditandatangani; lihat pesan di atas."
        )


_BERKAS = click.argument(
    "berkas", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)


@tte.command("tandatangani")
@_BERKAS
@_opsi_penandatangan
@pass_konteks
def tandatangani(konteks: Konteks, berkas: tuple[Path, ...], **o: Any) -> None:
    """Tandatangani satu atau banyak PDF sebagai pejabat, dengan sekali memasukkan sandi/PIN.

    Berkas asli tidak diubah: hasilnya NAMA-ttd.pdf di folder yang sama atau di --keluaran,
    kecuali --timpa. Frasa sandi ditanyakan tanpa ditampilkan, atau diambil dari --sandi-env /
    --sandi-fd; sandi tidak pernah disimpan.

    Contoh:

        naskah tte tandatangani surat1.pdf surat2.pdf --p12 pejabat.p12 --tingkat B-LT --tampak
    """
    _jalankan(konteks, berkas, "pejabat", o)


@tte.command("paraf")
@_BERKAS
@_opsi_penandatangan
@click.option(
    "--jumlah-paraf",
    type=click.IntRange(1, 20),
    default=1,
    show_default=True,
    help="Dengan --sertifikasi: jumlah kolom paraf yang disiapkan.",
)
@pass_konteks
def paraf(konteks: Konteks, berkas: tuple[Path, ...], **o: Any) -> None:
    """Beri paraf (persetujuan verifikator) sebelum pejabat menandatangani.

    Verifikator memaraf berurutan pada kolom Paraf-1, Paraf-2, ...; pejabat menandatangani
    kolom TTE setelah semua paraf lengkap. Dengan --sertifikasi, paraf pertama menyiapkan semua
    kolom paraf dan kolom TTE lalu menyertifikasi dokumen (hanya pengisian formulir diizinkan).

    Contoh:

        naskah tte paraf konsep.pdf --p12 verifikator.p12 --sertifikasi --jumlah-paraf 2 --timpa
    """
    _jalankan(konteks, berkas, "paraf", o)


_DATA_VALIDASI = {
    "lengkap": "data validasi jangka panjang tertanam (dapat diverifikasi luring)",
    "tidak_lengkap": "data validasi jangka panjang tertanam tetapi tidak lengkap",
    "tidak_ada": "tidak ada data validasi jangka panjang",
}


@tte.command("verifikasi")
@_BERKAS
@click.option(
    "--luring",
    is_flag=True,
    help="Jangan ambil data pencabutan (OCSP/CRL) dari jaringan; pakai data yang tertanam saja.",
)
@json_option
@pass_konteks
def verifikasi(konteks: Konteks, berkas: tuple[Path, ...], luring: bool, as_json: bool) -> None:
    """Verifikasi setiap tanda tangan dan cap waktu dokumen pada PDF.

    Melaporkan penandatangan, waktu, keutuhan, cakupan (seluruh dokumen atau perubahan sesudah
    tanda tangan), cap waktu, data validasi jangka panjang dan kepercayaan terhadap akar di
    [tte] akar_tepercaya. Keluar 0 bila semua sah, 1 bila ada yang tidak sah, 2 bila salah pakai.

    Contoh:

        naskah tte verifikasi surat-ttd.pdf --json
    """
    from naskah.tte import muat_akar, verifikasi_banyak

    k = konteks.konfigurasi()
    akar = muat_akar([k.path(p) for p in k.tte.akar_tepercaya])
    laporan = verifikasi_banyak(berkas, akar, ambil_daring=not luring)
    if as_json:
        cetak_json([lap.ke_dict() for lap in laporan])
    else:
        for lap in laporan:
            click.echo(f"{lap.berkas}: {'SAH' if lap.sah else 'TIDAK SAH'}")
            if lap.galat:
                click.echo(f"  {lap.galat}")
            if not akar:
                click.echo(
                    "  Belum ada akar tepercaya di [tte] akar_tepercaya; kepercayaan tidak "
                    "dapat dipastikan."
                )
            for t in lap.tanda_tangan:
                jenis = "Cap waktu dokumen" if t.jenis == "cap_waktu_dokumen" else "Tanda tangan"
                click.echo(f"  {jenis} {t.field}: {'sah' if t.sah else 'TIDAK SAH'}")
                click.echo(f"    Penandatangan : {t.penandatangan or '-'}")
                click.echo(f"    Waktu         : {_waktu(t.waktu, k.tte.zona)}")
                click.echo(f"    Keutuhan      : {'utuh' if t.utuh else 'RUSAK'}")
                click.echo(f"    Cakupan       : {t.cakupan}")
                click.echo(f"    Cap waktu     : {t.cap_waktu.replace('_', ' ')}")
                click.echo(f"    Data validasi : {_DATA_VALIDASI.get(t.data_validasi, '-')}")
                click.echo(f"    Tepercaya     : {'ya' if t.tepercaya else 'tidak'}")
                for m in t.masalah:
                    click.echo(f"    ! {m}")
    if not all(lap.sah for lap in laporan):
        sys.exit(1)


def _waktu(waktu: datetime | None, zona: tzinfo) -> str:
    """Return a time as staff read it: ``23 November 2026 19.43.46 WITA``."""
    if waktu is None:
        return "-"
    w = waktu.astimezone(zona)
    return f"{format_tanggal(w.date())} {w:%H.%M.%S} {w.tzname() or ''}".rstrip()
