"""Crash safety: SIGKILL the pipelines at random completed steps, several rounds, then re-run.

The child (tests/terbit/_anak.py, the real CLI) prints ``TITIK <step>`` as each step completes;
the parent kills it on reading the chosen line (never by sleeping). After the final run every
participant has exactly one number, every number in the register has a recorded state (and
every issued one an archive entry), ``naskah arsip periksa`` is clean and the index finds every
certificate by participant name.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
from pathlib import Path

import pytest

from naskah.peserta import baca_peserta
from tests.terbit.conftest import ANAK, db, jalankan, lingkungan, tunggu_soffice

pytestmark = pytest.mark.slow  # LibreOffice renders every document

ARGS_SERTIFIKAT = (
    "sertifikat", "terbitkan", "sertifikat-kegiatan.yaml", "--sandi-env", "NASKAH_SANDI",
    "--per-langkah", "4",
)  # fmt: skip
ARGS_SK = (
    "terbitkan",
    "sk-kerja-sama-contoh.yaml",
    "--tandatangani",
    "--sandi-env",
    "NASKAH_SANDI",
)


def _bunuh_pada(kantor: Path, args: tuple[str, ...], ke: int) -> list[str]:
    """Run the child and SIGKILL it when it reports its ``ke``-th step; return the steps seen."""
    p = subprocess.Popen(
        [*ANAK, *args], cwd=kantor, env=lingkungan(kantor), stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert p.stdout is not None
    langkah: list[str] = []
    for baris in p.stdout:
        if baris.startswith("TITIK "):
            langkah.append(baris.split(" ", 1)[1].strip())
            if len(langkah) == ke:
                p.send_signal(signal.SIGKILL)
                break
    p.stdout.close()
    p.wait(timeout=600)
    tunggu_soffice(kantor)
    return langkah


def _periksa_register(kantor: Path) -> dict[str, str]:
    """Every number has exactly one state row; return number → state."""
    with db(kantor) as c:
        nomor = [t for (t,) in c.execute("SELECT teks FROM nomor")]
        baris = dict(c.execute("SELECT nomor, keadaan FROM terbit_naskah"))
        arsip = {t for (t,) in c.execute("SELECT nomor FROM arsip_entri")}
    assert len(nomor) == len(set(nomor))
    assert set(nomor) == set(baris)  # never a number without a record of what happened
    for n, k in baris.items():
        assert k in ("draf", "menunggu_ttd", "terbit")
        if k != "draf":
            assert n in arsip
    return baris


def test_sertifikat_dibunuh_berulang_lalu_dilanjutkan(kantor: Path) -> None:
    rnd = random.Random(11)
    for _ in range(4):
        # 3 steps of 4 certificates: ~30 reported steps in a whole run
        _bunuh_pada(kantor, ARGS_SERTIFIKAT, rnd.randint(1, 30))
        _periksa_register(kantor)
    r = jalankan(kantor, *ARGS_SERTIFIKAT, "--json", cek=True)
    peserta = baca_peserta(kantor / "peserta-contoh.xlsx")
    baris = _periksa_register(kantor)
    assert len(baris) == len(peserta) and set(baris.values()) == {"terbit"}
    with db(kantor) as c:
        per_orang = list(c.execute("SELECT nama, count(*) FROM terbit_naskah GROUP BY kunci"))
    assert len(per_orang) == len(peserta) and {n for _, n in per_orang} == {1}
    assert json.loads(r.stdout)["diterbitkan"] + json.loads(r.stdout)["sudah_terbit"] == len(
        peserta
    )
    cek = jalankan(kantor, "arsip", "periksa")
    assert cek.returncode == 0 and "Arsip utuh" in cek.stdout, cek.stdout + cek.stderr
    for p in peserta:
        cari = jalankan(kantor, "cari", "--peserta", p.nama, "--jenis", "sertifikat", "--json")
        hasil = json.loads(cari.stdout)["hasil"]
        assert any(h["nomor"] in baris for h in hasil), p.nama


def test_sk_dibunuh_berulang_lalu_dilanjutkan(kantor: Path) -> None:
    rnd = random.Random(7)
    for _ in range(3):
        _bunuh_pada(kantor, ARGS_SK, rnd.randint(1, 9))
        _periksa_register(kantor)
    r = jalankan(kantor, *ARGS_SK, "--json", cek=True)
    h = json.loads(r.stdout)
    assert h["keadaan"] == "terbit"
    assert _periksa_register(kantor) == {h["nomor"]: "terbit"}
    cek = jalankan(kantor, "arsip", "periksa")
    assert cek.returncode == 0 and "Arsip utuh" in cek.stdout, cek.stdout + cek.stderr
    cari = jalankan(kantor, "cari", h["nomor"], "--json")
    assert json.loads(cari.stdout)["hasil"][0]["nomor"] == h["nomor"]
