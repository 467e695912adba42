"""The whole pipeline through the ESC SIMULATOR: ``naskah terbitkan --tandatangani`` with paraf
then the pejabat, and ``naskah sertifikat terbitkan`` for 100 participants in batched v2 calls
(a resumed run sends nothing again). Results are validated with naskah (pyHanko) and pdfsig."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from naskah.config import muat_konfigurasi
from naskah.tte.bsre.perintah import siapkan_simulator
from tests.terbit.conftest import jalankan, kantor  # noqa: F401 - the fixture
from tests.tte.bsre.conftest import ENV
from tests.tte.conftest import SRC

pytestmark = [
    pytest.mark.slow,  # LibreOffice, an HTTP server
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

NIK = {"kepala": "6472000000000001", "kasubbag": "6472000000000002", "katim": "6472000000000003"}
PEJABAT = {
    "kasubbag": ("Rina Wulandari", "S.E.", "19800101 200501 2 001", "Kepala Subbagian Umum"),
    "katim": ("Ahmad Fauzi", "M.Pd.", "19850505 201001 1 002", "Ketua Tim Penjaminan Mutu"),
}


@pytest.fixture
def kantor_bsre(kantor: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: F811
    """The example office signing through a running ESC simulator (API v2, 8 files a call)."""
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    # the CLI in the subprocesses imports this checkout
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")]))
    )
    toml = kantor / "naskah.toml"
    teks = toml.read_text(encoding="utf-8")
    teks = teks.replace("[pejabat.kepala]\n", f'[pejabat.kepala]\nnik = "{NIK["kepala"]}"\n')
    pem = ", ".join(f'"tte-simulator/{k}-uji.pem"' for k in NIK)
    teks = teks.replace('akar_tepercaya = ["tte-uji/kepala-uji.pem"]', f"akar_tepercaya = [{pem}]")
    teks = teks.replace("[tte]\n", '[tte]\npenyedia = "bsre"\n')
    for kunci, (nama, gelar, nip, jabatan) in PEJABAT.items():
        teks += (
            f'\n[pejabat.{kunci}]\nnama = "{nama}"\ngelar_belakang = "{gelar}"\nnip = "{nip}"\n'
            f'jabatan = "{jabatan}"\nnik = "{NIK[kunci]}"\n'
        )
    toml.write_text(teks, encoding="utf-8")
    sim, _ = siapkan_simulator(muat_konfigurasi(toml), kantor / "tte-simulator", "naskah-uji")
    with sim.jalankan() as url:
        toml.write_text(
            teks + f'\n[tte.bsre]\nurl = "{url}"\nversi = 2\nukuran_batch = 8\nsejajar = 3\n',
            encoding="utf-8",
        )
        st = (kantor / "surat-tugas-narasumber.yaml").read_text(encoding="utf-8")
        (kantor / "st-paraf.yaml").write_text(st + "\nverifikator: [kasubbag, katim]\n", "utf-8")
        yield kantor, sim


def test_terbitkan_paraf_lalu_pejabat(kantor_bsre) -> None:
    k, sim = kantor_bsre
    r = jalankan(k, "terbitkan", "st-paraf.yaml", "--tandatangani", "--paraf", "kasubbag",
                 "--paraf", "katim", "--sandi-env", "NASKAH_SANDI", "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr
    h = json.loads(r.stdout)
    assert h["keadaan"] == "terbit"
    ttd = k / "terbit" / "st-paraf-ttd.pdf"
    v = jalankan(k, "tte", "verifikasi", "--luring", "--json", str(ttd), cek=True)
    [lap] = json.loads(v.stdout)
    assert lap["sah"], lap
    tt = lap["tanda_tangan"]
    assert [t["field"] for t in tt] == ["Paraf-1", "Paraf-2", "TTE"]
    assert [t["penandatangan"] for t in tt] == [
        "Rina Wulandari, S.E.", "Ahmad Fauzi, M.Pd.", "Dr. Jarwoko, M.Pd.",
    ]  # fmt: skip
    assert all(t["sah"] and t["sesuai_catatan"] is True for t in tt)
    sig = subprocess.run(["pdfsig", str(ttd)], capture_output=True, text=True)
    assert sig.stdout.count("Signature is Valid") == 3, sig.stdout
    for nik in NIK.values():
        assert nik not in r.stdout + r.stderr
    # three status checks before numbering, then one signing call per signature
    assert sim.berkas_ditandatangani == 3


def test_status_ditolak_sebelum_bernomor(kantor_bsre) -> None:
    k, sim = kantor_bsre
    sim.pengguna[NIK["katim"]].status = "SUSPEND"
    r = jalankan(k, "terbitkan", "st-paraf.yaml", "--tandatangani", "--paraf", "kasubbag",
                 "--paraf", "katim", "--sandi-env", "NASKAH_SANDI")  # fmt: skip
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "Ahmad Fauzi" in r.stderr and "dibekukan" in r.stderr
    assert not (k / "archive" / "register.sqlite").exists() or _nomor(k) == 0
    assert sim.berkas_ditandatangani == 0


def _nomor(k: Path) -> int:
    from tests.terbit.conftest import db

    with db(k) as c:
        return int(c.execute("SELECT count(*) FROM nomor").fetchone()[0])


def test_sertifikat_100_peserta_lalu_lanjut_tanpa_kirim_ulang(kantor_bsre) -> None:
    k, sim = kantor_bsre
    baris = [
        f"Peserta {i:03d},647201150190{i + 1:04d},,SD {i},p{i}@example.com,peserta"
        for i in range(100)
    ]
    lembar = k / "peserta-100.csv"
    lembar.write_text("nama,nik,nip,instansi,email,peran\n" + "\n".join(baris) + "\n", "utf-8")
    args = ("sertifikat", "terbitkan", "sertifikat-kegiatan.yaml", str(lembar),
            "--sandi-env", "NASKAH_SANDI", "--json")  # fmt: skip
    # steps of 50 (the first is a fifth of 250), calls of 8 files: the ESC fails in the
    # second step, after the status check, the first step's 7 calls and 3 more
    sim.atur_ulah("galat200", setelah=1 + 7 + 3)
    r = jalankan(k, *args)
    assert r.returncode == 1 and "Traceback" not in r.stderr and "ESC menolak" in r.stderr, r.stderr
    ditulis = sim.berkas_ditandatangani
    assert 50 + 24 <= ditulis < 100, (ditulis, sim.panggilan, r.stderr)
    sim.atur_ulah(None)
    r = jalankan(k, *args)
    assert r.returncode == 0, r.stderr
    h = json.loads(r.stdout)
    # what the ESC signed before it failed was archived by the failed run itself (no signed
    # certificate outside the archive, issue 20): the resume issues only the rest
    assert h["sudah_terbit"] == ditulis and h["diterbitkan"] == 100 - ditulis, (ditulis, h)
    # nothing the ESC signed before is sent again
    assert sim.berkas_ditandatangani == 100, (ditulis, sim.panggilan, h)
    pdfs = sorted(Path(h["keluaran"]).glob("*.pdf"))
    assert len(pdfs) == 100
    v = jalankan(k, "tte", "verifikasi", "--json", *map(str, pdfs[45:55]), cek=True)
    assert all(lap["sah"] for lap in json.loads(v.stdout)), v.stdout
    sig = subprocess.run(["pdfsig", str(pdfs[60])], capture_output=True, text=True)
    assert "Signature is Valid" in sig.stdout and "Jarwoko" in sig.stdout, sig.stdout + sig.stderr
