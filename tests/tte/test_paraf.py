"""Paraf workflow: verifikator approve in order, then the pejabat signs; optional certification."""

from __future__ import annotations

from pathlib import Path

import pytest

from naskah.errors import TTEError
from naskah.tte import OpsiTandaTangan, SesiTandaTangan, muat_akar, muat_p12, verifikasi
from tests.tte.conftest import PASS, periksa_luar, run_naskah


def _ttd(pki, label: str, path: Path, **opsi) -> Path:
    with muat_p12(pki.p12(label), PASS) as p:
        return SesiTandaTangan(p, OpsiTandaTangan(timpa=True, **opsi)).tandatangani(path).keluaran


def test_paraf_tersertifikasi_lalu_pejabat_tampak(pki, pdf: Path) -> None:
    akar = muat_akar([pki.root])
    # first verifikator prepares two paraf fields + the TTE field at the marker, and certifies
    _ttd(pki, "verifikator", pdf, peran="paraf", sertifikasi=True, jumlah_paraf=2)
    # the pejabat cannot sign before every paraf is given
    with pytest.raises(TTEError, match="Paraf .* belum lengkap"):
        _ttd(pki, "pejabat", pdf, tampak=True)
    _ttd(pki, "verifikator", pdf, peran="paraf")
    _ttd(pki, "pejabat", pdf, tampak=True, url_verifikasi="https://x.example/{id}")
    lap = verifikasi(pdf, akar)  # online: the loopback PKI answers CRL/OCSP
    assert lap.sah, lap.ke_dict()
    assert [t.field for t in lap.tanda_tangan] == ["Paraf-1", "Paraf-2", "TTE"]
    assert lap.tanda_tangan[0].sertifikasi
    # earlier signatures are followed only by form filling (the later signatures)
    assert [t.perubahan for t in lap.tanda_tangan] == [
        "pengisian_formulir",
        "pengisian_formulir",
        "tidak_ada",
    ]
    assert lap.tanda_tangan[2].seluruh_dokumen
    sigs = periksa_luar(pdf, jumlah=3)
    assert [s.total for s in sigs] == [False, False, True]
    # certified and every field used: no further paraf can be added without breaking it
    with pytest.raises(TTEError):
        _ttd(pki, "verifikator", pdf, peran="paraf")


def test_paraf_tanpa_sertifikasi_cli(pki, pdf: Path, naskah_toml: Path) -> None:
    env = {"S": PASS.decode()}
    base = ["--config", str(naskah_toml), "tte"]
    r = run_naskah(
        *base,
        "paraf",
        str(pdf),
        "--p12",
        str(pki.p12("verifikator")),
        "--sandi-env",
        "S",
        "--timpa",
        env=env,
    )
    assert r.returncode == 0, r.stderr
    r = run_naskah(
        *base,
        "tandatangani",
        str(pdf),
        "--p12",
        str(pki.p12("pejabat")),
        "--sandi-env",
        "S",
        "--timpa",
        "--tampak",
        env=env,
    )
    assert r.returncode == 0, r.stderr
    v = run_naskah(*base, "verifikasi", str(pdf))
    assert v.returncode == 0, v.stdout
    assert "Paraf-1" in v.stdout and "Siti Aminah" in v.stdout and "Dr. Budi Santoso" in v.stdout
    periksa_luar(pdf, jumlah=2)
