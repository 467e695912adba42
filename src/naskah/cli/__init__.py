"""The ``naskah`` command line: a thin adapter over the library.

Each command parses its arguments, calls one library verb and prints the result (text, or JSON
with ``--json``). Errors become one Indonesian sentence and an exit code here, in :func:`main`:
1 for a failure, 2 for a usage error; a traceback only with ``--verbose``.

Command groups are loaded lazily: :data:`PERINTAH` names each group's ``"module:attr"`` and its
one-line help, so ``naskah --version`` and ``naskah --help`` import no command module and no
heavy library. A new command group is one line in :data:`PERINTAH`.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import traceback
from types import FrameType

import click

from naskah.cli.base import Konteks, PerintahMalas, cli
from naskah.errors import NaskahError
from naskah.peringatan import salurkan_peringatan

__all__ = ["PERINTAH", "Konteks", "cli", "main"]

PERINTAH: dict[str, PerintahMalas] = {
    # name: PerintahMalas("module:attr", first paragraph of the command's help)
    "arsip": PerintahMalas(
        "naskah.cli.arsip:arsip",
        "Arsip naskah: simpan, impor, periksa dan bangun ulang indeks pencarian.",
    ),
    "cari": PerintahMalas(
        "naskah.cli.cari:perintah_cari",
        "Cari naskah di arsip menurut kata, frasa, nomor, nama mitra, peserta atau penandatangan.",
    ),
    "init": PerintahMalas(
        "naskah.cli.init:init", "Buat naskah.toml dan folder arsip di FOLDER (bawaan: folder ini)."
    ),
    "layanan": PerintahMalas(
        "naskah.cli.layanan:layanan",
        "Jalankan layanan verifikasi naskah untuk publik (halaman di balik kode QR).",
    ),
    "meja": PerintahMalas(
        "naskah.cli.meja:meja",
        "Jalankan meja layanan web untuk petugas kantor (hanya di jaringan kantor).",
    ),
    "nomor": PerintahMalas(
        "naskah.cli.nomor:nomor",
        "Register penomoran: setiap nomor diterbitkan sekali, tidak hilang, tidak dipakai ulang.",
    ),
    "pengguna": PerintahMalas(
        "naskah.cli.pengguna:pengguna",
        "Akun meja layanan web (naskah meja): tambah, ubah, nonaktifkan, daftar.",
    ),
    "periksa": PerintahMalas(
        "naskah.cli.periksa:periksa",
        "Periksa naskah terhadap aturan tata naskah dinas sebelum diterbitkan.",
    ),
    "render": PerintahMalas(
        "naskah.cli.render:render", "Render naskah ke DOCX dan/atau PDF/A dengan templat .docx."
    ),
    "sertifikat": PerintahMalas(
        "naskah.cli.sertifikat:sertifikat", "Sertifikat kegiatan: lembar peserta dan sertifikatnya."
    ),
    "skema": PerintahMalas(
        "naskah.cli.skema:skema",
        "Tampilkan rujukan format berkas naskah: setiap kunci, jenis, wajib, bawaan, contoh.",
    ),
    "templat": PerintahMalas("naskah.cli.templat:templat", "Kelola templat .docx naskah."),
    "terbitkan": PerintahMalas(
        "naskah.cli.terbit:terbitkan",
        "Terbitkan satu naskah: periksa, beri nomor, render DOCX dan PDF/A, tandatangani (bila "
        "diminta), arsipkan dan indeks.",
    ),
    "tte": PerintahMalas(
        "naskah.cli.tte:tte",
        "Tanda tangan elektronik (TTE): menandatangani, memaraf dan memverifikasi PDF.",
    ),
    "ult": PerintahMalas(
        "naskah.cli.ult:ult",
        "Meja layanan ULT: permohonan, pengaduan, fasilitas dan tenggatnya dalam hari kerja.",
    ),
}
"""Every command group of ``naskah``, loaded when it is used."""

cli.malas.update(PERINTAH)


def _hentikan(signum: int, frame: FrameType | None) -> None:
    """On SIGTERM/SIGINT: kill LibreOffice/Graphviz at once, then unwind (work folders go)."""
    proses = sys.modules.get("naskah.proses")  # not imported: no child process to stop
    if proses is not None:
        proses.hentikan_semua()
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and turn every error into a message and an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "--verbose" in args or "-v" in args
    salurkan_peringatan(verbose)
    for s in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(ValueError):  # only the main thread may; elsewhere: defaults
            signal.signal(s, _hentikan)
    try:
        cli.main(args=args, prog_name="naskah", standalone_mode=False)
    except NaskahError as exc:
        if verbose:
            traceback.print_exc()
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):
            click.echo("Dihentikan oleh pengguna.", err=True)
            sys.exit(130)
        click.echo("Dibatalkan.", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        if verbose:
            traceback.print_exc()
        click.echo(f"Galat: {exc.format_message()}", err=True)
        if isinstance(exc, click.UsageError):
            click.echo("Lihat `naskah --help` atau `naskah PERINTAH --help`.", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Dihentikan oleh pengguna.", err=True)
        sys.exit(130)
    except SystemExit as exc:
        if exc.code == 128 + signal.SIGTERM:
            click.echo("Dihentikan (SIGTERM); berkas yang belum selesai tidak ditulis.", err=True)
        raise
    except Exception as exc:  # last resort: never show a bare traceback to staff
        if verbose:
            traceback.print_exc()
        click.echo(
            f"Galat tak terduga ({type(exc).__name__}: {exc}); ulangi dengan --verbose dan "
            "laporkan pesan lengkapnya kepada pengelola naskah.",
            err=True,
        )
        sys.exit(1)
    sys.exit(0)
