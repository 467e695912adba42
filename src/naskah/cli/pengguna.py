"""``naskah pengguna``: accounts of the web desk (a thin adapter over :mod:`naskah.staf.pengguna`).

A password is never an argument (it would stay in the shell's history and in ``ps``): it is read
from the variable named by ``--sandi-env`` or typed twice at a hidden prompt.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager

import click

from naskah.cli.base import Konteks, cetak_json, cli, json_option, pass_konteks
from naskah.errors import StafError
from naskah.staf.hak import PERAN
from naskah.ult.meja import Meja

__all__ = ["pengguna"]


@contextmanager
def _meja(konteks: Konteks) -> Iterator[Meja]:
    m = Meja(konteks.konfigurasi(wajib=True))
    try:
        yield m
    finally:
        m.tutup()


def _sandi(env: str | None) -> str:
    if env:
        nilai = os.environ.get(env)
        if not nilai:
            raise StafError(
                f"Variabel lingkungan {env} kosong atau tidak ada; isi kata sandinya di situ."
            )
        return nilai
    pertama = getpass.getpass("Kata sandi: ")
    kedua = getpass.getpass("Ulangi kata sandi: ")
    if pertama != kedua:
        raise StafError("Kedua kata sandi tidak sama; ulangi perintahnya.")
    return pertama


def _cetak(p: object, as_json: bool) -> None:
    from naskah.staf.pengguna import Pengguna

    assert isinstance(p, Pengguna)
    if as_json:
        cetak_json({"nama": p.nama, "nama_lengkap": p.nama_lengkap, "peran": p.peran,
                    "aktif": p.aktif})  # fmt: skip
        return
    keadaan = "aktif" if p.aktif else "nonaktif"
    click.echo(f"{p.nama} · {p.nama_lengkap} · {p.nama_peran} · {keadaan}")


_PERAN = click.Choice(list(PERAN))
_OPSI_ENV = click.option(
    "--sandi-env", metavar="NAMA", help="Baca kata sandi dari variabel lingkungan NAMA "
    "(tanpa opsi ini: diketik dua kali tanpa tampil).",
)  # fmt: skip


@cli.group("pengguna")
def pengguna() -> None:
    """Akun meja layanan web (naskah meja): tambah, ubah, nonaktifkan, daftar.

    Kata sandi tidak pernah ditulis sebagai argumen: diketik tanpa tampil, atau dibaca dari
    variabel lingkungan yang disebut --sandi-env.

    Contoh:

    \b
        naskah pengguna tambah rina --nama-lengkap "Rina Wati" --peran kasubbag_umum
        naskah pengguna nonaktif rina
    """


@pengguna.command("tambah")
@click.argument("nama")
@click.option("--nama-lengkap", required=True, help="Nama lengkap petugas seperti ditampilkan.")
@click.option("--peran", type=_PERAN, required=True, help="Peran: " + ", ".join(PERAN) + ".")
@_OPSI_ENV
@json_option
@pass_konteks
def tambah(konteks: Konteks, nama: str, nama_lengkap: str, peran: str, sandi_env: str | None,
           as_json: bool) -> None:  # fmt: skip
    """Buat akun NAMA dengan perannya; kata sandi diketik (atau dari --sandi-env).

    Contoh:

        naskah pengguna tambah rina --nama-lengkap "Rina Wati" --peran staf_ult
    """
    from naskah.staf import pengguna as pg

    with _meja(konteks) as m:
        _cetak(pg.tambah(m, nama, nama_lengkap=nama_lengkap, peran=peran,
                         sandi=_sandi(sandi_env)), as_json)  # fmt: skip


@pengguna.command("ubah")
@click.argument("nama")
@click.option("--nama-lengkap", default=None, help="Nama lengkap baru.")
@click.option("--peran", type=_PERAN, default=None, help="Peran baru.")
@click.option("--sandi", "ganti_sandi", is_flag=True, help="Ganti kata sandi (diketik).")
@click.option("--aktif", "aktif", flag_value=True, default=None, help="Aktifkan lagi akunnya.")
@_OPSI_ENV
@json_option
@pass_konteks
def ubah(konteks: Konteks, nama: str, nama_lengkap: str | None, peran: str | None,
         ganti_sandi: bool, aktif: bool | None, sandi_env: str | None,
         as_json: bool) -> None:  # fmt: skip
    """Ubah akun NAMA; peran, kata sandi atau pengaktifan baru mengakhiri sesinya yang terbuka.

    Juga membuka kunci akun yang terkunci karena salah kata sandi berulang kali.

    Contoh:

        naskah pengguna ubah rina --peran kasubbag_umum
        naskah pengguna ubah rina --sandi
    """
    from naskah.staf import pengguna as pg

    sandi = _sandi(sandi_env) if ganti_sandi or sandi_env else None
    with _meja(konteks) as m:
        _cetak(pg.ubah(m, nama, peran=peran, nama_lengkap=nama_lengkap, sandi=sandi,
                       aktif=aktif), as_json)  # fmt: skip


@pengguna.command("nonaktif")
@click.argument("nama")
@json_option
@pass_konteks
def nonaktif(konteks: Konteks, nama: str, as_json: bool) -> None:
    """Nonaktifkan akun NAMA: tidak dapat masuk lagi, sesinya yang terbuka berakhir saat itu.

    Contoh:

        naskah pengguna nonaktif rina
    """
    from naskah.staf import pengguna as pg

    with _meja(konteks) as m:
        _cetak(pg.nonaktif(m, nama), as_json)


@pengguna.command("daftar")
@json_option
@pass_konteks
def daftar(konteks: Konteks, as_json: bool) -> None:
    """Tampilkan semua akun meja layanan web dengan perannya.

    Contoh:

        naskah pengguna daftar --json
    """
    from naskah.staf import pengguna as pg

    with _meja(konteks) as m:
        semua = pg.daftar(m)
    if as_json:
        cetak_json([{"nama": p.nama, "nama_lengkap": p.nama_lengkap, "peran": p.peran,
                     "aktif": p.aktif} for p in semua])  # fmt: skip
        return
    if not semua:
        click.echo("Belum ada akun; buat dengan `naskah pengguna tambah`.")
    for p in semua:
        _cetak(p, False)
