"""``naskah tte``: sign, paraf and verify PDFs (a thin adapter over :mod:`naskah.tte`).

Passphrases and PINs are read here (hidden prompt, an environment variable or a file descriptor
named by the user) and handed to the library in memory only. Only the CLI configures logging:
pyHanko's validation chatter is silenced for these commands (the report carries what matters)
unless --verbose. SIGTERM stops a signing run like Ctrl-C, so no temporary file is left behind.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

import click

from naskah.berkas import alasan_os
from naskah.cli.base import Konteks, cetak_json, cli, json_option, pass_konteks
from naskah.errors import TTEError, UsageError
from naskah.models.common import format_tanggal


def _atur_log(verbose: bool) -> None:
    """Silence pyHanko's and fontTools' log output unless --verbose."""
    tingkat = logging.DEBUG if verbose else logging.CRITICAL
    for nama in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
        logging.getLogger(nama).setLevel(tingkat)


def pasang_penghenti() -> None:
    """Make SIGTERM stop the run as Ctrl-C does, so cleanup code (temporary files) runs."""

    def henti(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, henti)


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
        if fd < 0:
            raise TTEError(
                f"Deskriptor berkas {fd} tidak sah; berikan nomor deskriptor 0 atau lebih yang "
                "terbuka untuk dibaca."
            )
        try:
            with os.fdopen(fd, "rb", closefd=False) as fh:
                baris = fh.readline(64 * 1024)
        except (OSError, ValueError):
            raise TTEError(
                f"Deskriptor berkas {fd} tidak dapat dibaca; periksa nomornya."
            ) from None
        try:
            return baris.rstrip(b"\r\n").decode("utf-8")
        except UnicodeDecodeError:
            # never show any byte of it
            raise TTEError(
                f"Rahasia dari deskriptor berkas {fd} bukan teks UTF-8; simpan frasa sandi atau "
                "PIN sebagai teks UTF-8 lalu coba lagi."
            ) from None
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
        click.option(
            "--tanpa-catatan",
            is_flag=True,
            help="Tandatangani PDF yang tidak dibuat naskah (tanpa catatan penandatangan); cap "
            "memuat apa yang tertulis di sertifikat saja.",
        ),
        click.option(
            "--id",
            "id_dok",
            help="Id dokumen di alamat verifikasi: huruf, angka, _ atau -, paling banyak 64 "
            "karakter (bawaan: awalan SHA-256).",
        ),
        click.option("--alasan", help="Alasan penandatanganan yang dicatat di tanda tangan."),
        json_option,
    ]
    for o in reversed(opsi):
        f = o(f)
    return f


def _jalankan(konteks: Konteks, berkas: tuple[Path, ...], peran: str, o: dict[str, Any]) -> None:
    from naskah.tte.perintah import PermintaanTandaTangan, tandatangani_berkas

    _atur_log(konteks.verbose)
    pasang_penghenti()
    k = konteks.konfigurasi()
    permintaan = PermintaanTandaTangan(
        berkas=tuple(berkas),
        peran="paraf" if peran == "paraf" else "pejabat",
        p12=o["p12"],
        pkcs11_pustaka=o["pkcs11_lib"],
        token=o["token"],
        kunci=o["kunci"],
        sertifikat_token=o["sertifikat_token"],
        tingkat=o["tingkat"],
        tsa=o["tsa"],
        tampak=o["tampak"],
        keluaran=o["keluaran"],
        timpa=o["timpa"],
        sertifikasi=o["sertifikasi"],
        jumlah_paraf=o.get("jumlah_paraf") or 0,
        id_dok=o["id_dok"],
        alasan=o["alasan"],
        tanpa_catatan=o["tanpa_catatan"],
    )

    def minta_rahasia(prompt: str) -> str:
        if prompt.startswith("PIN"):
            return _baca_rahasia(o["pin_env"], o["pin_fd"], prompt)
        return _baca_rahasia(o["sandi_env"], o["sandi_fd"], prompt)

    run = tandatangani_berkas(k, permintaan, minta_rahasia)
    for path, exc in run.gagal:
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
                    "penandatangan": h.penandatangan,
                    "tercatat": h.tercatat.nama_lengkap if h.tercatat else None,
                }
                for h in run.hasil
            ]
        )
    else:
        kata = "Diparaf" if peran == "paraf" else "Ditandatangani"
        for h in run.hasil:
            click.echo(f"{kata} ({h.tingkat}{', tampak' if h.tampak else ''}): {h.keluaran}")
    if run.gagal:
        raise TTEError(
            f"{len(run.gagal)} dari {len(berkas)} berkas gagal ditandatangani; lihat pesan di atas."
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


_STATUS = {"sah": "SAH", "tidak_sah": "TIDAK SAH", "belum_pasti": "BELUM DAPAT DIPASTIKAN"}
_DASAR = {
    "nip": "ya (NIP pada sertifikat sama dengan yang tercatat)",
    "nama": "ya, hanya berdasarkan nama (naskah tidak mencatat NIP)",
}
_PENCABUTAN = {
    "diperiksa": "diperiksa, tidak dicabut",
    "tidak_diperiksa": "TIDAK DAPAT DIPERIKSA (OCSP/CRL tidak tersedia)",
    "dicabut": "DICABUT",
}


@tte.command("verifikasi")
@_BERKAS
@click.option(
    "--luring",
    is_flag=True,
    help="Jangan ambil data pencabutan (OCSP/CRL) dari jaringan; pakai data yang tertanam saja.",
)
@click.option(
    "--bsre", is_flag=True, help="Tanyakan juga pendapat ESC BSrE ([tte.bsre]) dan tampilkan."
)
@json_option
@pass_konteks
def verifikasi(
    konteks: Konteks, berkas: tuple[Path, ...], luring: bool, bsre: bool, as_json: bool
) -> None:
    """Verifikasi setiap tanda tangan dan cap waktu dokumen pada PDF.

    Melaporkan penandatangan, waktu, keutuhan, cakupan (seluruh dokumen atau perubahan sesudah
    tanda tangan), cap waktu, data validasi jangka panjang dan kepercayaan terhadap akar di
    [tte] akar_tepercaya. Keluar 0 bila semua sah, 1 bila ada yang tidak sah, 2 bila salah pakai,
    3 bila belum dapat dipastikan (status pencabutan sertifikat tidak dapat diperiksa, mis.
    dengan --luring tanpa data validasi tertanam).

    Contoh:

        naskah tte verifikasi surat-ttd.pdf --json
    """
    from naskah.tte import muat_akar_longgar, verifikasi_banyak

    _atur_log(konteks.verbose)
    k = konteks.konfigurasi()
    # an unreadable root file is a reason a signature is not trusted, not a reason to stop
    akar, akar_gagal = muat_akar_longgar([k.path(p) for p in k.tte.akar_tepercaya])
    from naskah.arsip import pemeriksa_arsip  # the archive check (issue 10)

    laporan = verifikasi_banyak(
        berkas,
        akar,
        ambil_daring=not luring,
        periksa_arsip=pemeriksa_arsip(k),
        akar_gagal=akar_gagal,
    )
    if not as_json:
        for g in akar_gagal:
            click.echo(f"Peringatan: {g}", err=True)
    esc: list[Any] = [None] * len(laporan)
    if bsre:  # the ESC's own opinion, shown next to naskah's
        from naskah.tte.bsre.perintah import pendapat_esc

        esc = pendapat_esc(k, list(berkas))
    if as_json:
        cetak_json([
            {**lap.ke_dict(), "arsip": _arsip_dict(lap.arsip), **({"esc": e} if bsre else {})}
            for lap, e in zip(laporan, esc, strict=True)
        ])  # fmt: skip
    else:
        for lap, e in zip(laporan, esc, strict=True):
            click.echo(f"{lap.berkas}: {_STATUS[lap.status]}")
            if e is not None:
                click.echo(
                    f"  Pendapat naskah: {_STATUS[lap.status]} | pendapat ESC BSrE: "
                    f"{'SAH' if e['sah'] else 'TIDAK SAH'} ({e['ringkasan'] or '-'}; "
                    f"penandatangan: {', '.join(e['penandatangan']) or '-'})"
                )
            if lap.galat:
                click.echo(f"  {lap.galat}")
            if lap.arsip is not None:
                click.echo(f"  Arsip         : {lap.arsip.uraian()}")
            if not akar and not akar_gagal:
                click.echo(
                    "  Belum ada akar tepercaya di [tte] akar_tepercaya; kepercayaan tidak "
                    "dapat dipastikan."
                )
            if lap.catatan:
                c = lap.catatan
                click.echo(
                    f"  Naskah        : {c.judul or c.jenis}"
                    + (f", tanggal {format_tanggal(c.tanggal)}" if c.tanggal else "")
                )
                click.echo(
                    f"  Penandatangan yang tercatat: {c.penandatangan.nama_lengkap}"
                    + (f" (NIP {c.penandatangan.nip})" if c.penandatangan.nip else "")
                )
            for p in lap.perubahan:
                click.echo(f"  ! Ditambahkan setelah tanda tangan terakhir: {p.uraian}")
            for w in lap.peringatan:
                click.echo(f"  Peringatan: {w}")
            for t in lap.tanda_tangan:
                jenis = "Cap waktu dokumen" if t.jenis == "cap_waktu_dokumen" else "Tanda tangan"
                nilai = (
                    "sah" if t.sah else "BELUM DAPAT DIPASTIKAN" if t.belum_pasti else "TIDAK SAH"
                )
                click.echo(f"  {jenis} {t.field}: {nilai}")
                click.echo(f"    Penandatangan : {t.penandatangan or '-'}")
                if t.sesuai_catatan is not None:
                    click.echo(
                        "    Sesuai naskah : "
                        + (
                            _DASAR.get(t.dasar_catatan or "", "ya")
                            if t.sesuai_catatan
                            else f"TIDAK (tercatat {t.tercatat or '-'})"
                        )
                    )
                click.echo(f"    Waktu         : {_waktu(t.waktu, k.zona)}")
                click.echo(f"    Keutuhan      : {'utuh' if t.utuh else 'RUSAK'}")
                click.echo(f"    Cakupan       : {t.cakupan}")
                click.echo(f"    Cap waktu     : {t.cap_waktu.replace('_', ' ')}")
                click.echo(f"    Data validasi : {_DATA_VALIDASI.get(t.data_validasi, '-')}")
                click.echo(f"    Tepercaya     : {'ya' if t.tepercaya else 'tidak'}")
                if t.jenis == "tanda_tangan":
                    click.echo(f"    Pencabutan    : {_PENCABUTAN.get(t.pencabutan, '-')}")
                for m in t.masalah:
                    click.echo(f"    ! {m}")
    if any(lap.status == "tidak_sah" for lap in laporan):
        sys.exit(1)
    if any(lap.status == "belum_pasti" for lap in laporan):
        sys.exit(3)


def _arsip_dict(hasil: Any) -> Any:
    """Return the archive check's answer as JSON-ready values (None without an archive)."""
    return hasil.ke_dict() if hasil is not None else None


def _waktu(waktu: datetime | None, zona: tzinfo) -> str:
    """Return a time as staff read it: ``23 November 2026 19.43.46 WITA``."""
    if waktu is None:
        return "-"
    w = waktu.astimezone(zona)
    return f"{format_tanggal(w.date())} {w:%H.%M.%S} {w.tzname() or ''}".rstrip()


@tte.command("sertifikat-uji")
@click.option(
    "--pejabat",
    "kunci",
    required=True,
    metavar="KUNCI",
    help="Kunci pejabat di naskah.toml ([pejabat.KUNCI]), mis. kepala.",
)
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("tte-uji"),
    show_default=True,
    help="Folder tempat berkas .p12 dan .pem ditulis (relatif terhadap naskah.toml).",
)
@click.option("--sandi-env", metavar="NAMA", help="Ambil frasa sandi dari variabel lingkungan.")
@click.option("--sandi-fd", type=int, metavar="N", help="Baca frasa sandi dari deskriptor N.")
@click.option("--timpa", is_flag=True, help="Ganti sertifikat uji yang sudah ada.")
@json_option
@pass_konteks
def sertifikat_uji(
    konteks: Konteks,
    kunci: str,
    folder: Path,
    sandi_env: str | None,
    sandi_fd: int | None,
    timpa: bool,
    as_json: bool,
) -> None:
    """Buat sertifikat UJI (bukan untuk dokumen resmi) bagi seorang pejabat di naskah.toml.

    Sertifikat PKCS#12 memuat nama pejabat beserta gelarnya, NIP sebagai serialNumber dan
    O = "SERTIFIKAT UJI - BUKAN UNTUK DOKUMEN RESMI", sehingga naskah yang ditandatangani
    pejabat itu dapat dicoba ditandatangani. Tambahkan berkas .pem-nya ke [tte] akar_tepercaya
    agar tanda tangan uji dapat diverifikasi.

    Contoh:

        naskah tte sertifikat-uji --pejabat kepala --sandi-env SANDI_UJI
    """
    from naskah.tte.contoh import buat_sertifikat_uji

    k = konteks.konfigurasi(wajib=True)
    pejabat = k.pejabat.get(kunci)
    if pejabat is None:
        raise UsageError(
            f"Pejabat {kunci!r} tidak ada di naskah.toml; pejabat yang terdaftar: "
            f"{', '.join(sorted(k.pejabat)) or '(belum ada)'}."
        )
    sandi = _baca_rahasia(sandi_env, sandi_fd, "Frasa sandi sertifikat uji")
    if not sandi:
        raise UsageError("Frasa sandi sertifikat uji tidak boleh kosong.")
    hasil = buat_sertifikat_uji(pejabat, k.path(folder), kunci, sandi.encode("utf-8"), timpa=timpa)
    if as_json:
        cetak_json({"p12": hasil.p12, "sertifikat": hasil.sertifikat, "nama": hasil.nama,
                    "nip": hasil.nip})  # fmt: skip
        return
    click.echo(f"Sertifikat UJI untuk {hasil.nama} dibuat: {hasil.p12}")
    click.echo(f"Sertifikat publiknya: {hasil.sertifikat} (tambahkan ke [tte] akar_tepercaya).")
    click.echo("Tanda tangan dengan sertifikat uji BUKAN tanda tangan elektronik yang sah.")


@tte.command("simulator-bsre")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("tte-simulator"),
    show_default=True,
    help="Folder sertifikat UJI para pejabat (relatif terhadap naskah.toml).",
)
@click.option("--sandi-env", metavar="NAMA", help="Frasa sandi pengguna simulator dari variabel.")
@click.option("--sandi-fd", type=int, metavar="N", help="Baca frasa sandi dari deskriptor N.")
@click.option("--timpa", is_flag=True, help="Buat ulang sertifikat UJI simulator.")
@pass_konteks
def simulator_bsre(
    konteks: Konteks, port: int, folder: Path, sandi_env: str | None, sandi_fd: int | None,
    timpa: bool,
) -> None:  # fmt: skip
    """Jalankan SIMULATOR ESC BSrE di 127.0.0.1 untuk uji coba dan demo (BUKAN BSrE).

    Penggunanya adalah pejabat naskah.toml yang memiliki `nik`, masing-masing dengan sertifikat
    UJI di --folder dan frasa sandi yang sama (--sandi-env/--sandi-fd, atau ditanyakan). Isi
    [tte.bsre] url dengan alamat yang dicetak dan tambahkan sertifikat .pem-nya ke
    [tte] akar_tepercaya. Berhenti dengan Ctrl-C.

    Contoh:

        naskah tte simulator-bsre --sandi-env SANDI_SIMULATOR
    """
    import threading

    from naskah.tte.bsre.perintah import siapkan_simulator
    from naskah.tte.bsre.simulator import SIMULATOR

    k = konteks.konfigurasi(wajib=True)
    sandi = _baca_rahasia(sandi_env, sandi_fd, "Frasa sandi pengguna simulator")
    if not sandi:
        raise UsageError("Frasa sandi pengguna simulator tidak boleh kosong.")
    sim, akar = siapkan_simulator(k, k.path(folder), sandi, timpa=timpa)
    click.echo(f"SIMULATOR: {len(sim.pengguna)} pengguna; sertifikat UJI:", err=True)
    for p in akar:
        click.echo(f"  {p}", err=True)
    click.echo("SIMULATOR: tanda tangannya BUKAN tanda tangan elektronik yang sah.", err=True)
    berhenti = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: berhenti.set())
    try:
        with sim.jalankan(port=port) as url:
            # one line once it listens (scripts wait for it), as naskah layanan does
            click.echo(f"{SIMULATOR} siap di {url} (hentikan dengan Ctrl-C)")
            sys.stdout.flush()
            berhenti.wait()
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        raise UsageError(
            f"Port {port} tidak dapat dipakai ({alasan_os(exc)}); pilih --port lain."
        ) from None
