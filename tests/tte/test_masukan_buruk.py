"""Bad input at the signing step: one Indonesian sentence, exit 1, nothing written, no secret
shown; temporary half-files of a killed run are cleaned on the next run, and at once on
SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from naskah.errors import TTEError
from naskah.tte import OpsiTandaTangan, SesiTandaTangan, muat_p12
from naskah.tte.sign import alamat_verifikasi
from tests.tte.conftest import PASS, SRC, periksa_luar, run_naskah, sha256


def _toml(tmp_path: Path, tambahan: str = "") -> Path:
    p = tmp_path / "naskah.toml"
    p.write_text(
        '[tte]\nurl_verifikasi = "https://bpmp.example.go.id/v/{id}"\n' + tambahan,
        encoding="utf-8",
    )
    return p


def _cek(r, pola: str, folder: Path, *jangan: bytes) -> None:  # type: ignore[no-untyped-def]
    assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr and "tak terduga" not in r.stderr
    baris = [b for b in r.stderr.strip().splitlines() if b.strip()]
    assert len(baris) == 1 and baris[0].startswith("Galat: "), r.stderr
    assert pola in baris[0], baris[0]
    for j in jangan:
        assert j.decode("latin-1") not in r.stderr
    assert not list(folder.glob("*-ttd.pdf")) and not list(folder.glob(".*.tmp"))


def _tandatangani(pki, pdf: Path, *arg: str, **kw):  # type: ignore[no-untyped-def]
    return run_naskah(
        "--config", str(_toml(pdf.parent, kw.pop("toml", ""))), "tte", "tandatangani", str(pdf),
        "--p12", str(pki.p12("pejabat")), *arg, **kw,
    )  # fmt: skip


def test_sandi_fd_negatif(pki, pdf: Path) -> None:
    r = _tandatangani(pki, pdf, "--sandi-fd", "-1")
    _cek(r, "Deskriptor berkas -1 tidak sah", pdf.parent)


def test_sandi_bukan_utf8_tidak_ditampilkan(pki, pdf: Path) -> None:
    rahasia = b"sandi-\xff\xfe-rahasia"
    r_fd, w_fd = os.pipe()
    os.write(w_fd, rahasia + b"\n")
    os.close(w_fd)
    r = _tandatangani(pki, pdf, "--sandi-fd", str(r_fd), pass_fds=(r_fd,))
    os.close(r_fd)
    _cek(r, "bukan teks UTF-8", pdf.parent, rahasia)
    assert "\\xff" not in r.stderr and "0xff" not in r.stderr and "rahasia" not in r.stderr


@pytest.mark.parametrize(
    "ident",
    ["x" * 5000, "../../x", "<b>", "spasi dalam", "id?x=1", ""],
    ids=["panjang", "jalur", "html", "spasi", "kueri", "kosong"],
)
def test_id_tidak_aman_ditolak(ident: str, pki, pdf: Path) -> None:
    r = _tandatangani(pki, pdf, "--sandi-env", "S", "--tampak", "--id", ident, env={"S": "x"})
    _cek(r, "Id dokumen hanya boleh berisi huruf, angka", pdf.parent)
    assert ident[:50] not in r.stderr or not ident  # the bad id is not echoed back


def test_id_aman_masuk_alamat_terkodekan(pki, pdf: Path) -> None:
    opsi = OpsiTandaTangan(tampak=True, url_verifikasi="https://x.example/v/{id}")
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        h = SesiTandaTangan(p, opsi).tandatangani(pdf, id_dok="SK-0274_2025")
    assert h.id_dokumen == "SK-0274_2025"
    # escaping: whatever reaches the address is percent-encoded, never raw
    assert alamat_verifikasi("https://x/v/{id}", "a/b<c>") == "https://x/v/a%2Fb%3Cc%3E"
    assert unquote(alamat_verifikasi("https://x/v/{id}", "SK-1")) == "https://x/v/SK-1"
    with muat_p12(pki.p12("pejabat"), PASS) as p, pytest.raises(TTEError, match="Id dokumen"):
        SesiTandaTangan(p, opsi).tandatangani(pdf, id_dok="../x")


def test_pdf_melebihi_batas_ukuran(pki, pdf: Path) -> None:
    with pdf.open("ab") as f:
        f.write(b"%" + b"0" * (1024 * 1024) + b"\n%%EOF\n")  # a comment: still a valid PDF
    sebelum = sha256(pdf)
    r = _tandatangani(pki, pdf, "--sandi-env", "S", env={"S": PASS.decode()},
                      toml="batas_ukuran_mb = 1\n")  # fmt: skip
    _cek(r, "melebihi batas 1 MB", pdf.parent, PASS)
    assert sha256(pdf) == sebelum


_PENULIS = """
import sys
from pathlib import Path
sys.path.insert(0, {src!r})
from naskah.cli.tte import pasang_penghenti
from naskah.berkas import tulis_atomik
pasang_penghenti()
tujuan = Path(sys.argv[1])
with tulis_atomik(tujuan) as tmp:
    tmp.write_bytes(b"%PDF-1.7 setengah" * 1000)
    print("SIAP", flush=True)
    sys.stdin.read()  # blocks until killed
"""


def _penulis_setengah_jalan(tujuan: Path) -> subprocess.Popen[str]:
    """Start a process stopped inside an atomic write of ``tujuan``; return once it says so."""
    proses = subprocess.Popen(
        [sys.executable, "-c", _PENULIS.format(src=str(SRC)), str(tujuan)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proses.stdout is not None
    try:
        assert proses.stdout.readline().strip() == "SIAP"  # the readiness line, not a sleep
    except BaseException:
        with proses:  # closes the pipes and reaps the child
            proses.kill()
        raise
    return proses


def test_sigkill_meninggalkan_tmp_dibersihkan_run_berikut(pki, pdf: Path) -> None:
    tujuan = pdf.parent / "surat-ttd.pdf"
    with _penulis_setengah_jalan(tujuan) as proses:  # `with` closes its pipes
        proses.send_signal(signal.SIGKILL)
        proses.wait(30)
    (yatim,) = pdf.parent.glob(".surat-ttd.pdf.*.tmp")  # SIGKILL cannot clean up
    r = _tandatangani(pki, pdf, "--sandi-env", "S", env={"S": PASS.decode()})
    assert r.returncode == 0, r.stderr
    assert not yatim.exists() and tujuan.exists()
    assert not list(pdf.parent.glob(".*.tmp"))
    periksa_luar(tujuan, jumlah=1)


def test_tmp_proses_hidup_tidak_disentuh(pki, pdf: Path) -> None:
    with _penulis_setengah_jalan(pdf.parent / "surat-ttd.pdf") as proses:
        try:
            (hidup,) = pdf.parent.glob(".surat-ttd.pdf.*.tmp")
            from naskah.berkas import bersihkan_sementara

            assert bersihkan_sementara(pdf.parent / "surat-ttd.pdf") == []
            assert hidup.exists()  # another run still writing it
        finally:
            proses.send_signal(signal.SIGTERM)
            proses.wait(30)


def test_sigterm_membersihkan_seketika(tmp_path: Path) -> None:
    with _penulis_setengah_jalan(tmp_path / "hasil.pdf") as proses:
        assert list(tmp_path.glob(".hasil.pdf.*.tmp"))
        proses.send_signal(signal.SIGTERM)
        assert proses.wait(30) != 0
    assert not list(tmp_path.glob(".*.tmp")) and not (tmp_path / "hasil.pdf").exists()
