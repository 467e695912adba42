"""Fixtures for the BSrE ESC tests: the ESC SIMULATOR on loopback (users signing with the
certomancer test PKI) and a naskah.toml whose [tte] penyedia is "bsre"."""

from __future__ import annotations

from pathlib import Path

import pytest

from naskah.tte.bsre.simulator import PenggunaSim, SimulatorEsc, pengguna_dari_p12
from naskah.tte.signers import muat_p12
from tests.tte.conftest import PASS, PKI

NIK_PEJABAT = "3201010101800001"
NIK_VERIFIKATOR = "3201010101800002"
NIK_KEDALUWARSA = "3201010101800003"
SANDI_PEJABAT = "sandi-pejabat-rahasia"
SANDI_VERIFIKATOR = "sandi-verifikator-rahasia"
ENV = {"NASKAH_BSRE_PENGGUNA": "esc", "NASKAH_BSRE_SANDI": "simulator"}


@pytest.fixture()
def sim(pki: PKI) -> SimulatorEsc:
    lain = muat_p12(pki.p12("verifikator"), PASS, periksa=False).signer
    return SimulatorEsc(
        pengguna={
            NIK_PEJABAT: pengguna_dari_p12(
                NIK_PEJABAT, SANDI_PEJABAT, pki.p12("pejabat"), PASS, totp="123456"
            ),
            NIK_VERIFIKATOR: pengguna_dari_p12(
                NIK_VERIFIKATOR, SANDI_VERIFIKATOR, pki.p12("verifikator"), PASS
            ),
            NIK_KEDALUWARSA: PenggunaSim(NIK_KEDALUWARSA, "x", signer=None, status="EXPIRED"),
        },
        penandatangan_lain=lain,
        lambat_detik=3.0,
    )


@pytest.fixture()
def esc(sim: SimulatorEsc):
    with sim.jalankan() as url:
        yield url


def tulis_toml(
    folder: Path, pki: PKI, url: str, versi: int = 2, nik_pejabat: str = NIK_PEJABAT, **bsre: object
) -> Path:
    tambahan = "".join(f"{k} = {v!r}\n".replace("'", '"') for k, v in bsre.items())
    tambahan = tambahan.replace("True", "true").replace("False", "false")
    p = folder / "naskah.toml"
    p.write_text(
        "[tte]\n"
        'penyedia = "bsre"\n'
        'url_verifikasi = "https://bpmp.example.go.id/verifikasi/{id}"\n'
        f'akar_tepercaya = ["{pki.root}"]\n'
        "[tte.bsre]\n"
        f'url = "{url}"\n'
        f"versi = {versi}\n"
        "batas_waktu = 1.5\n"
        "percobaan = 2\n"
        f"{tambahan}"
        "[pejabat.kepala]\n"
        'nama = "Budi Santoso"\n'
        'gelar_depan = "Dr."\n'
        'gelar_belakang = "M.Pd."\n'
        'nip = "197003191997031001"\n'
        'jabatan = "Kepala BPMP Provinsi Uji"\n'
        f'nik = "{nik_pejabat}"\n'
        "[pejabat.kasubbag]\n"
        'nama = "Siti Aminah"\n'
        'gelar_belakang = "S.E."\n'
        'jabatan = "Kepala Subbagian Umum"\n'
        f'nik = "{NIK_VERIFIKATOR}"\n',
        encoding="utf-8",
    )
    return p
