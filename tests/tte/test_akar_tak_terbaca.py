"""An unreadable trust-root file: `naskah tte verifikasi` says "tidak tepercaya" and why.

Issue 22: a missing, unreadable or malformed file in ``[tte] akar_tepercaya`` used to stop the
verification with an error. Verifying now uses the roots it could read; a signature that does
not chain to one of them is TIDAK SAH with "Tepercaya: tidak" and the unread file as its reason,
and a signature that chains to a readable root stays SAH (the unread file is a warning).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from naskah.tte import SesiTandaTangan, muat_p12
from tests.tte.conftest import PASS, run_naskah
from tests.tte.pdfbuat import tulis_pdf

pytestmark = pytest.mark.slow  # a PKI is served for the session


@pytest.fixture()
def ttd(pki, tmp_path: Path) -> Path:
    """A PDF signed at B-B (no timestamp, no validation data) by the test PKI's official."""
    pdf = tulis_pdf(tmp_path / "surat.pdf", penanda=(340, 300))
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        return SesiTandaTangan(p).tandatangani(pdf).keluaran


def _toml(tmp_path: Path, *akar: Path) -> Path:
    p = tmp_path / "naskah.toml"
    daftar = ", ".join(f'"{a}"' for a in akar)
    p.write_text(f"[tte]\nakar_tepercaya = [{daftar}]\n", encoding="utf-8")
    return p


@pytest.mark.parametrize("jenis", ["hilang", "rusak"])
def test_akar_tak_terbaca_tidak_tepercaya_bukan_galat(ttd: Path, tmp_path: Path, jenis: str):
    akar = tmp_path / "akar-bsre.pem"
    if jenis == "rusak":
        akar.write_bytes(b"-----BEGIN CERTIFICATE-----\nbukan sertifikat\n")
    toml = _toml(tmp_path, akar)
    r = run_naskah("--config", str(toml), "tte", "verifikasi", str(ttd), "--luring")
    assert r.returncode == 1, r.stdout + r.stderr  # TIDAK SAH, not a usage error or a crash
    assert "Traceback" not in r.stderr and "Galat" not in r.stderr, r.stderr
    assert "TIDAK SAH" in r.stdout
    assert "Tepercaya     : tidak" in r.stdout
    alasan = [b for b in r.stdout.splitlines() if b.strip().startswith("! tidak tepercaya:")]
    assert len(alasan) == 1 and str(akar) in alasan[0], r.stdout
    assert ("tidak dapat dibaca" if jenis == "hilang" else "bukan sertifikat") in alasan[0]
    # said once on stderr as well, and not the "no roots configured" line
    assert f"Peringatan: Berkas {'sertifikat akar ' if jenis == 'hilang' else ''}{akar}" in (
        r.stderr
    )
    assert "Belum ada akar tepercaya" not in r.stdout

    j = run_naskah("--config", str(toml), "tte", "verifikasi", str(ttd), "--luring", "--json")
    assert j.returncode == 1 and not j.stderr.strip(), j.stderr
    (lap,) = json.loads(j.stdout)
    (t,) = lap["tanda_tangan"]
    assert lap["status"] == "tidak_sah" and t["utuh"] and not t["tepercaya"]
    assert any(str(akar) in m for m in t["masalah"])


def test_akar_lain_terbaca_tetap_sah(pki, ttd: Path, tmp_path: Path):
    hilang = tmp_path / "tidak-ada.pem"
    toml = _toml(tmp_path, hilang, Path(pki.root))
    r = run_naskah("--config", str(toml), "tte", "verifikasi", str(ttd))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "SAH" in r.stdout and "TIDAK SAH" not in r.stdout
    assert "Tepercaya     : ya" in r.stdout and "! " not in r.stdout
    assert f"Peringatan: Berkas sertifikat akar {hilang} tidak dapat dibaca" in r.stderr
