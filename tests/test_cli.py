"""The command line: version, help, init, clean errors, and the library's independence of click."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

import naskah
from naskah.cli import cli
from tests.conftest import env_naskah


def test_import_naskah_tidak_mengimpor_click():
    # Import every library module (all but naskah.cli and __main__), found on disk so that
    # walking packages does not import naskah.cli itself.
    kode = (
        "import sys, importlib, pathlib, naskah\n"
        "root = pathlib.Path(naskah.__file__).parent\n"
        "for f in sorted(root.rglob('*.py')):\n"
        "    rel = f.relative_to(root.parent).with_suffix('')\n"
        "    name = '.'.join(p for p in rel.parts if p != '__init__')\n"
        "    if name.startswith('naskah.cli') or name == 'naskah.__main__'"
        " or '.migrations' in name:\n"
        "        continue\n"
        "    importlib.import_module(name)\n"
        "assert 'click' not in sys.modules, sorted(k for k in sys.modules if 'click' in k)\n"
    )
    hasil = subprocess.run([sys.executable, "-c", kode], capture_output=True, text=True,
                           env=env_naskah())  # fmt: skip
    assert hasil.returncode == 0, hasil.stderr


def test_versi(naskah_cli):
    hasil = naskah_cli("--version")
    assert hasil.returncode == 0 and hasil.stdout.strip() == f"naskah {naskah.__version__}"


def _semua_perintah(grup: click.Group, awalan: tuple[str, ...] = ()):
    ctx = click.Context(grup)
    for nama in grup.list_commands(ctx):
        cmd = grup.get_command(ctx, nama)
        yield (*awalan, nama), cmd
        if isinstance(cmd, click.Group):
            yield from _semua_perintah(cmd, (*awalan, nama))


def test_setiap_perintah_berbantuan_indonesia_dengan_contoh(naskah_cli):
    for jalur, cmd in _semua_perintah(cli):
        assert cmd.help and "Contoh" in cmd.help, f"naskah {' '.join(jalur)} tanpa contoh"
    hasil = naskah_cli("periksa", "--help")
    assert "Penggunaan:" in hasil.stdout and "Opsi:" in hasil.stdout
    assert "Show this message" not in hasil.stdout


def test_init_contoh_lalu_menolak_menimpa(naskah_cli, tmp_path):
    hasil = naskah_cli("init", "--contoh", cwd=tmp_path)
    assert hasil.returncode == 0, hasil.stderr
    assert (tmp_path / "naskah.toml").is_file() and (tmp_path / "archive").is_dir()
    isi = (tmp_path / "naskah.toml").read_text()
    ulang = naskah_cli("init", cwd=tmp_path)
    assert ulang.returncode == 1
    assert ulang.stderr.startswith("Galat: ") and "sudah ada" in ulang.stderr
    assert "Traceback" not in ulang.stderr
    assert (tmp_path / "naskah.toml").read_text() == isi


def test_konfigurasi_rusak_pesan_jelas(naskah_cli, tmp_path):
    (tmp_path / "naskah.toml").write_text("[seri.naskah]\npola = '{urut}/{bulan}'\n")
    hasil = naskah_cli("periksa", tmp_path / "x.yaml", cwd=tmp_path)
    assert hasil.returncode == 1
    assert "Galat: Isi" in hasil.stderr and "{bulan}" in hasil.stderr
    assert "Traceback" not in hasil.stderr


def test_salah_pakai_keluar_dua(naskah_cli):
    hasil = naskah_cli("periksa")
    assert hasil.returncode == 2
    assert "Argumen wajib belum diisi" in hasil.stderr


def test_verbose_menampilkan_traceback(naskah_cli, tmp_path):
    (tmp_path / "naskah.toml").write_text("[seri.naskah]\npola = '{urut}/{bulan}'\n")
    hasil = naskah_cli("--verbose", "periksa", tmp_path / "x.yaml", cwd=tmp_path)
    assert hasil.returncode == 1 and "Traceback" in hasil.stderr


_BERAT = ("sqlalchemy", "pyhanko", "docxtpl", "pydantic", "alembic", "lxml", "naskah.cli.nomor")


@pytest.mark.parametrize("argumen", [["--version"], ["--help"]])
def test_versi_dan_bantuan_tidak_mengimpor_pustaka_berat(argumen):
    kode = (
        "import sys\n"
        "from naskah.cli import main\n"
        "try:\n"
        f"    main({argumen!r})\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        f"berat = [m for m in sys.modules if m.split('.')[0] in {_BERAT!r} or m in {_BERAT!r}]\n"
        "assert not berat, berat\n"
    )
    hasil = subprocess.run([sys.executable, "-c", kode], capture_output=True, text=True,
                           env=env_naskah())  # fmt: skip
    assert hasil.returncode == 0, hasil.stderr


def test_bantuan_mendaftar_setiap_kelompok_dengan_ringkasannya(naskah_cli):
    from naskah.cli import PERINTAH

    hasil = naskah_cli("--help")
    assert hasil.returncode == 0
    teks = " ".join(hasil.stdout.split())
    for nama, malas in PERINTAH.items():
        cmd = cli.get_command(click.Context(cli), nama)
        assert cmd is not None and cmd.name == nama
        # the stored one-line help is the command's own first paragraph, word for word
        assert malas.ringkas == " ".join((cmd.help or "").split("\n\n")[0].split())
        assert f"{nama} {malas.ringkas}" in teks


def test_nomor_ambil_tidak_mengimpor_yang_tak_perlu(kantor, naskah_cli):
    # SQLite register: no SQLAlchemy (once the register exists), no PostgreSQL driver, no
    # signing, no templates, no document models
    pertama = naskah_cli("nomor", "ambil", "-k", "HK.03.01", "-t", "2024-05-21", "-p", "Buat",
                         cwd=kantor)  # fmt: skip
    assert pertama.returncode == 0, pertama.stderr  # creates the register (with SQLAlchemy)
    kode = (
        "import sys\n"
        "from naskah.cli import main\n"
        "for perintah in (['nomor', 'ambil', '-k', 'HK.03.01', '-t', '2024-05-21', '-p', 'Uji'],\n"
        "                 ['nomor', 'daftar'], ['nomor', 'riwayat', sys.argv[1]]):\n"
        "    try:\n"
        "        main(perintah)\n"
        "    except SystemExit as e:\n"
        "        assert e.code == 0, e.code\n"
        "tak_perlu = ('sqlalchemy', 'alembic', 'psycopg', 'pyhanko', 'docxtpl', 'docx', "
        "'openpyxl', 'lxml', 'naskah.models.keputusan', 'naskah.render')\n"
        "ada = [m for m in sys.modules if m in tak_perlu or m.split('.')[0] in tak_perlu[:8]]\n"
        "assert not ada, ada\n"
    )
    nomor_pertama = pertama.stdout.strip()
    hasil = subprocess.run([sys.executable, "-c", kode, nomor_pertama], capture_output=True,
                           text=True, cwd=kantor, env=env_naskah())  # fmt: skip
    assert hasil.returncode == 0, hasil.stderr
    baris = hasil.stdout.splitlines()
    assert baris[0].endswith("/C7.24/HK.03.01/2024") and baris[0] != nomor_pertama
    assert nomor_pertama in hasil.stdout.split("\n", 1)[1]  # daftar and riwayat ran


def test_memuat_perintah_menjeda_gc_lalu_menyalakannya_kembali():
    # a command's imports run without the cyclic collector, are then frozen out of later
    # collections, and the collector is on again for the command's own work; a caller that had
    # switched it off keeps it off
    kode = (
        "import gc, click\n"
        "from naskah.cli import cli\n"
        "sebelum = gc.get_freeze_count()\n"
        "cli.get_command(click.Context(cli), 'nomor')\n"
        "assert gc.isenabled()\n"
        "assert gc.get_freeze_count() > sebelum + 10_000, gc.get_freeze_count()\n"
        "gc.disable()\n"
        "beku = gc.get_freeze_count()\n"
        "cli.get_command(click.Context(cli), 'arsip')\n"
        "assert not gc.isenabled()\n"
        "assert gc.get_freeze_count() == beku\n"
    )
    hasil = subprocess.run([sys.executable, "-c", kode], capture_output=True, text=True,
                           env=env_naskah())  # fmt: skip
    assert hasil.returncode == 0, hasil.stderr
