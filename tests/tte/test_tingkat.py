"""PAdES levels B-T, B-LT and B-LTA against the certomancer PKI served on loopback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from naskah.tte import OpsiTandaTangan, SesiTandaTangan, muat_akar, muat_p12, verifikasi
from tests.tte.conftest import PASS, periksa_luar, run_naskah
from tests.tte.pdfbuat import tulis_pdf


@pytest.mark.parametrize("tingkat", ["B-T", "B-LT", "B-LTA"])
def test_tingkat_lebih_tinggi(tingkat: str, pki, pdf: Path, tmp_path: Path) -> None:
    akar = muat_akar([pki.root])
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        sesi = SesiTandaTangan(
            p, OpsiTandaTangan(tingkat=tingkat, tsa=pki.tsa, akar_tepercaya=akar)
        )
        kedua = tulis_pdf(tmp_path / "kedua.pdf", teks="Surat kedua")
        hasil = sesi.tandatangani_banyak([pdf, kedua])
    # the second file reuses the timestamper and the measured reservation
    assert sesi._cadangan is not None
    assert verifikasi(hasil[1].keluaran, akar).sah
    out = hasil[0].keluaran
    lap = verifikasi(out, akar)
    assert lap.sah, lap.ke_dict()
    ttd = [t for t in lap.tanda_tangan if t.jenis == "tanda_tangan"]
    assert len(ttd) == 1
    assert ttd[0].cap_waktu == "sah"
    assert ttd[0].waktu_cap is not None
    assert ttd[0].ltv_tertanam is (tingkat != "B-T")
    cap_dok = [t for t in lap.tanda_tangan if t.jenis == "cap_waktu_dokumen"]
    if tingkat == "B-LTA":
        assert len(cap_dok) == 1 and cap_dok[0].sah and cap_dok[0].penandatangan == "TSA Uji"
        # the signature is followed only by LTA updates (DSS + document timestamp)
        assert ttd[0].perubahan == "pembaruan_lta"
    else:
        assert not cap_dok
        if tingkat == "B-T":
            assert ttd[0].seluruh_dokumen
    periksa_luar(out, jumlah=2 if tingkat == "B-LTA" else 1)


def test_cli_b_lta_dan_verifikasi_json(pki, pdf: Path, naskah_toml: Path, tmp_path: Path) -> None:
    r = run_naskah(
        "--config",
        str(naskah_toml),
        "tte",
        "tandatangani",
        str(pdf),
        "--p12",
        str(pki.p12("pejabat")),
        "--sandi-env",
        "SANDI_UJI",
        "--tingkat",
        "B-LTA",
        env={"SANDI_UJI": PASS.decode()},
    )
    assert r.returncode == 0, r.stderr
    out = tmp_path / "surat-ttd.pdf"
    periksa_luar(out, jumlah=2)
    v = run_naskah("--config", str(naskah_toml), "tte", "verifikasi", str(out), "--json")
    assert v.returncode == 0, v.stdout + v.stderr
    data = json.loads(v.stdout)
    jenis = sorted(t["jenis"] for t in data[0]["tanda_tangan"])
    assert jenis == ["cap_waktu_dokumen", "tanda_tangan"]
    assert all(t["sah"] and t["tepercaya"] for t in data[0]["tanda_tangan"])


def test_tsa_tidak_terjangkau(pki, pdf: Path, tmp_path: Path) -> None:
    toml = tmp_path / "naskah.toml"
    toml.write_text("[tte]\n", encoding="utf-8")
    before = pdf.read_bytes()
    r = run_naskah(
        "--config",
        str(toml),
        "tte",
        "tandatangani",
        str(pdf),
        "--p12",
        str(pki.p12("pejabat")),
        "--sandi-env",
        "S",
        "--tingkat",
        "B-T",
        "--tsa",
        "http://127.0.0.1:9/tsa",
        env={"S": PASS.decode()},
    )
    assert r.returncode == 1
    assert "cap waktu" in r.stderr and "Traceback" not in r.stderr
    assert pdf.read_bytes() == before
    assert not (tmp_path / "surat-ttd.pdf").exists()
