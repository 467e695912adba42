"""Issue 22: the Standar Pelayanan booklet is issued like every kind, and every refusal that
can be known before rendering comes before rendering.

The refusals run with no LibreOffice on PATH: a refusal that came after a render would say
LibreOffice is missing instead. Each is one sentence, takes no number and writes nothing.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.terbit.conftest import NASKAH, db, jalankan, lingkungan

BUKU = "standar-pelayanan-bpmp-kaltim-2024.yaml"


def _nomor(kantor: Path) -> list[tuple[str, str]]:
    if not (kantor / "archive" / "register.sqlite").exists():
        return []
    with db(kantor) as c:
        return list(c.execute("SELECT teks, keadaan FROM nomor ORDER BY id"))


def _tanpa_libreoffice(kantor: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI with a PATH holding no soffice (nor anything else)."""
    kosong = kantor.parent / "bin-kosong"
    kosong.mkdir(exist_ok=True)
    env = {**lingkungan(kantor), "PATH": str(kosong)}
    return subprocess.run(
        [*NASKAH, *args], cwd=kantor, env=env, capture_output=True, text=True, timeout=120
    )


def _satu_kalimat(r: subprocess.CompletedProcess[str]) -> str:
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and "LibreOffice" not in r.stderr, r.stderr
    (baris,) = r.stderr.strip().splitlines()
    assert baris.startswith("Galat: ")
    return baris


def test_penolakan_sebelum_render_tanpa_nomor(kantor: Path, tmp_path: Path) -> None:
    from naskah.tte import buat_p12_contoh

    buku = kantor / BUKU
    asli = buku.read_text(encoding="utf-8")
    sandi = ["--sandi-env", "NASKAH_SANDI"]
    # no klasifikasi in the YAML: the fix is the YAML's key, not an option terbitkan lacks
    buku.write_text(asli.replace("klasifikasi: OT.02.02\n", ""), encoding="utf-8")
    baris = _satu_kalimat(_tanpa_libreoffice(kantor, "terbitkan", BUKU))
    assert "`klasifikasi`" in baris and "--klasifikasi" not in baris and "OT.02.02" in baris
    buku.write_text(asli, encoding="utf-8")
    # the signer's certificate: missing, another passphrase, someone else's
    lain = buat_p12_contoh(tmp_path / "lain.p12", "Budi Lain, S.Pd.", b"naskah-uji",
                           nip="19800101 200501 1 001")  # fmt: skip
    kasus = {
        ("--p12", "tidak-ada.p12"): "tidak-ada.p12 tidak ditemukan",
        ("--p12", "tte-uji/kepala-uji.p12", "--sandi-env", "SALAH"): "Frasa sandi",
        ("--p12", str(lain)): "milik Budi Lain",
    }
    for opsi, pesan in kasus.items():
        args = ["terbitkan", BUKU, "--tandatangani", *sandi, *opsi]
        r = _tanpa_libreoffice(kantor, *args) if "SALAH" not in opsi else subprocess.run(
            [*NASKAH, *args], cwd=kantor, capture_output=True, text=True, timeout=120,
            env={**lingkungan(kantor), "PATH": str(kantor.parent / "bin-kosong"),
                 "SALAH": "bukan-sandinya"},
        )  # fmt: skip
        baris = _satu_kalimat(r)
        assert pesan in baris, (opsi, baris)
        assert "bukan-sandinya" not in r.stderr
    assert _nomor(kantor) == []  # no number taken by any refusal
    assert not (kantor / "terbit").exists()
    # back-dated: one path, spelled out (an inserted number written in the YAML)
    jalankan(kantor, "nomor", "ambil", "-t", "2024-05-02", "-p", "Surat awal", "-k", "HK.03.01",
             cek=True)  # fmt: skip
    jalankan(kantor, "nomor", "ambil", "-t", "2024-06-03", "-p", "Surat kemudian", "-k",
             "HK.03.01", cek=True)  # fmt: skip
    sebelum = _nomor(kantor)
    baris = _satu_kalimat(_tanpa_libreoffice(kantor, "terbitkan", BUKU, "--tandatangani", *sandi))
    m = re.search(r"`(naskah nomor sisip --setelah [^`]+)`", baris)
    assert m is not None and "0001/C7.24/HK.03.01/2024" in m.group(1), baris
    assert f"kunci `nomor` di {BUKU}" in baris and "-k OT.02.02 -t 2024-05-21" in m.group(1)
    assert _nomor(kantor) == sebelum


@pytest.mark.slow  # LibreOffice renders the booklet
def test_buku_standar_pelayanan_terbit_bertanggal_mundur_lewat_sisipan(kantor: Path) -> None:
    jalankan(kantor, "nomor", "ambil", "-t", "2024-05-02", "-p", "Surat awal", "-k", "HK.03.01",
             cek=True)  # fmt: skip
    jalankan(kantor, "nomor", "ambil", "-t", "2024-06-03", "-p", "Surat kemudian", "-k",
             "HK.03.01", cek=True)  # fmt: skip
    r = jalankan(kantor, "terbitkan", BUKU, "--tandatangani", "--sandi-env", "NASKAH_SANDI")
    m = re.search(r"`naskah (nomor sisip --setelah [^`]+)`", r.stderr)
    assert r.returncode == 1 and m is not None, r.stderr
    # the path the refusal spells out, as staff would type it
    args = re.findall(r'"[^"]*"|\S+', m.group(1))
    s = jalankan(kantor, *[a.strip('"') for a in args], "--json", cek=True)
    sisipan = json.loads(s.stdout)["teks"]
    assert sisipan == "0001a/C7.24/OT.02.02/2024"
    buku = kantor / BUKU
    buku.write_text(buku.read_text(encoding="utf-8") + f"nomor: {sisipan}\n", encoding="utf-8")
    r = jalankan(kantor, "terbitkan", BUKU, "--tandatangani", "--sandi-env", "NASKAH_SANDI",
                 "--json", cek=True)  # fmt: skip
    h = json.loads(r.stdout)
    assert h["nomor"] == sisipan and not h["nomor_baru"] and h["keadaan"] == "terbit"
    assert h["arsip"] == "2024/standar_pelayanan/0001a-C7.24-OT.02.02-2024/v1"
    ttd = kantor / "terbit" / "standar-pelayanan-bpmp-kaltim-2024-ttd.pdf"
    v = jalankan(kantor, "tte", "verifikasi", str(ttd), cek=True)
    assert "SAH" in v.stdout and "versi terkini" in v.stdout
    c = jalankan(kantor, "cari", "standar pelayanan 0001a", "--json", cek=True)
    assert json.loads(c.stdout)["hasil"][0]["nomor"] == sisipan
    assert os.path.isfile(kantor / "archive" / h["arsip"] / "naskah.yaml")
