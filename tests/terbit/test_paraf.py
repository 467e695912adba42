"""``naskah terbitkan --tandatangani --paraf …``: the verifikator listed on the document paraf in
order, then the pejabat signs; a key of someone who is not a verifikator is refused naming the
holder, and the same command with the right keys resumes with the same number. Every signature
is checked with pyHanko (``naskah tte verifikasi``) and with poppler's pdfsig."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from naskah.catatan_ttd import catatan_dari_xmp
from tests.terbit.conftest import db, jalankan

pytestmark = pytest.mark.slow  # LibreOffice renders every document

PEJABAT_PARAF = {
    "kasubbag": ("Rina Wulandari", "S.E.", "19800101 200501 2 001", "Kepala Subbagian Umum"),
    "katim": ("Ahmad Fauzi", "M.Pd.", "19850505 201001 1 002", "Ketua Tim Penjaminan Mutu"),
    "staf": ("Budi Santoso", None, "19900909 201503 1 003", "Pranata Komputer"),
}


@pytest.fixture
def kantor_paraf(kantor: Path) -> Path:
    """The example office with three more officials, their TEST certificates trusted, and the
    example surat tugas listing kasubbag then katim as verifikator."""
    toml = kantor / "naskah.toml"
    teks = toml.read_text(encoding="utf-8")
    pem = ", ".join(f'"tte-uji/{k}-uji.pem"' for k in PEJABAT_PARAF)
    teks = teks.replace(
        'akar_tepercaya = ["tte-uji/kepala-uji.pem"]',
        f'akar_tepercaya = ["tte-uji/kepala-uji.pem", {pem}]',
    )
    assert pem in teks
    for kunci, (nama, gelar, nip, jabatan) in PEJABAT_PARAF.items():
        teks += f'\n[pejabat.{kunci}]\nnama = "{nama}"\nnip = "{nip}"\njabatan = "{jabatan}"\n'
        if gelar:
            teks += f'gelar_belakang = "{gelar}"\n'
    toml.write_text(teks, encoding="utf-8")
    for kunci in PEJABAT_PARAF:
        jalankan(
            kantor, "tte", "sertifikat-uji", "--pejabat", kunci, "--sandi-env", "NASKAH_SANDI",
            cek=True,
        )  # fmt: skip
    st = (kantor / "surat-tugas-narasumber.yaml").read_text(encoding="utf-8")
    (kantor / "st-paraf.yaml").write_text(st + "\nverifikator: [kasubbag, katim]\n", "utf-8")
    return kantor


def _terbitkan(kantor: Path, *paraf: str) -> subprocess.CompletedProcess[str]:
    args = [a for k in paraf for a in ("--paraf", f"tte-uji/{k}-uji.p12")]
    return jalankan(
        kantor, "terbitkan", "st-paraf.yaml", "--tandatangani", *args,
        "--sandi-env", "NASKAH_SANDI", "--json",
    )  # fmt: skip


def _nomor(kantor: Path) -> list[tuple[str, str]]:
    if not (kantor / "archive" / "register.sqlite").exists():
        return []  # refused before the register was even opened
    with db(kantor) as c:
        return list(c.execute("SELECT nomor, keadaan FROM terbit_naskah ORDER BY id"))


def _kalimat(r: subprocess.CompletedProcess[str]) -> str:
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and "Galat tak terduga" not in r.stderr
    return r.stderr


def test_jumlah_paraf_salah_ditolak_sebelum_bernomor(kantor_paraf: Path) -> None:
    pesan = _kalimat(_terbitkan(kantor_paraf, "kasubbag"))
    assert "2 verifikator" in pesan and "Rina Wulandari, S.E., lalu Ahmad Fauzi, M.Pd." in pesan
    assert _nomor(kantor_paraf) == []


def test_paraf_berurutan_lalu_pejabat(kantor_paraf: Path) -> None:
    k = kantor_paraf
    # someone who is not a verifikator: refused, naming the holder and who must paraf,
    # before any number is taken (issue 22: the keys are checked before rendering)
    pesan = _kalimat(_terbitkan(k, "kasubbag", "staf"))
    assert "Budi Santoso" in pesan and "Ahmad Fauzi" in pesan
    assert _nomor(k) == []
    # both verifikator, in the wrong order: refused, saying the order
    pesan = _kalimat(_terbitkan(k, "katim", "kasubbag"))
    assert "Paraf ke-1" in pesan and "berurutan: Rina Wulandari" in pesan
    assert not (k / "terbit" / "st-paraf-ttd.pdf").exists()
    assert _nomor(k) == []
    # the right keys in order: three signatures, archived as terbit
    r = _terbitkan(k, "kasubbag", "katim")
    assert r.returncode == 0, r.stderr
    h = json.loads(r.stdout)
    nomor = h["nomor"]
    assert h["nomor_baru"] and h["keadaan"] == "terbit"
    assert _nomor(k) == [(nomor, "terbit")]
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
    assert [v["nip"] for v in lap["catatan"]["verifikator"]] == [
        "198001012005012001", "198505052010011002",
    ]  # fmt: skip

    # the record in the PDF's XMP names both verifikator in order
    import pikepdf

    with pikepdf.open(ttd) as pdf:
        catatan = catatan_dari_xmp(pdf.Root.Metadata.read_bytes())
    assert catatan is not None
    assert [p.nama for p in catatan.verifikator] == ["Rina Wulandari", "Ahmad Fauzi"]
    assert [p.jabatan for p in catatan.verifikator] == [
        "Kepala Subbagian Umum", "Ketua Tim Penjaminan Mutu",
    ]  # fmt: skip

    sig = subprocess.run(["pdfsig", str(ttd)], capture_output=True, text=True)
    assert sig.stdout.count("Signature is Valid") == 3, sig.stdout
    nama = re.findall(r"Signer Certificate Common Name: (.*)", sig.stdout)
    assert nama == ["Rina Wulandari, S.E.", "Ahmad Fauzi, M.Pd.", "Dr. Jarwoko, M.Pd."]
    # the archive holds the signed copy with its three signatures
    assert "versi terkini" in jalankan(k, "tte", "verifikasi", "--luring", str(ttd)).stdout


def test_verifikator_diperiksa_linter(kantor_paraf: Path) -> None:
    st = (kantor_paraf / "surat-tugas-narasumber.yaml").read_text(encoding="utf-8")
    (kantor_paraf / "st-buruk.yaml").write_text(
        st + "\nverifikator: [kasubbag, kepala, kasubbag]\n", "utf-8"
    )
    r = jalankan(kantor_paraf, "periksa", "st-buruk.yaml", "--json")
    kode = {t["kode"] for t in json.loads(r.stdout)}
    assert {"paraf-oleh-penandatangan", "paraf-ganda"} <= kode, r.stdout
    r = jalankan(kantor_paraf, "terbitkan", "st-buruk.yaml")
    assert "paraf-oleh-penandatangan" in _kalimat(r) and _nomor(kantor_paraf) == []
