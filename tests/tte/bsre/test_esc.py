"""Signing through the ESC SIMULATOR (API v1 and v2): the result is validated with pyHanko and
pdfsig, and every failure is one Indonesian sentence with nothing written and no NIK shown."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from naskah.config import muat_konfigurasi
from naskah.tte.bsre import klien as kl
from naskah.tte.bsre import periksa as pr
from naskah.tte.perintah import PermintaanTandaTangan, tandatangani_berkas
from naskah.tte.verify import muat_akar, verifikasi
from tests.tte.bsre.conftest import (
    ENV,
    NIK_KEDALUWARSA,
    NIK_PEJABAT,
    NIK_VERIFIKATOR,
    SANDI_PEJABAT,
    SANDI_VERIFIKATOR,
    tulis_toml,
)
from tests.tte.conftest import periksa_luar, run_naskah
from tests.tte.pdfbuat import tulis_pdf

pytestmark = [
    pytest.mark.slow,  # a PKI and an HTTP server
    # Starlette's multipart parser in the simulator (v1) sometimes leaves a spooled upload to
    # the garbage collector when a client gave up mid-request; that is the simulator's, not
    # naskah's, so it is not an error here
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    for k, v in ENV.items():
        monkeypatch.setenv(k, v)


def _tandatangani(toml: Path, pdf: Path, sandi: str = SANDI_PEJABAT, **kw: object):
    k = muat_konfigurasi(toml)
    return tandatangani_berkas(k, PermintaanTandaTangan(berkas=(pdf,), **kw), lambda _p: sandi)


@pytest.mark.parametrize("versi", [1, 2])
def test_tampak_sah_untuk_pyhanko_dan_pdfsig(tmp_path, pki, esc, sim, versi):
    toml = tulis_toml(tmp_path, pki, esc, versi)
    pdf = tulis_pdf(tmp_path / "surat.pdf", penanda=(340, 300))
    run = _tandatangani(toml, pdf, tampak=True)
    h = run.hasil[0]
    assert h.keluaran == tmp_path / "surat-ttd.pdf" and h.field == "TTE" and h.tampak
    lap = verifikasi(h.keluaran, muat_akar([pki.root]))
    assert lap.galat is None and len(lap.tanda_tangan) == 1
    t = lap.tanda_tangan[0]
    assert t.sah and t.tepercaya and t.seluruh_dokumen and t.sesuai_catatan, t
    periksa_luar(h.keluaran, jumlah=1)
    assert h.keluaran.read_bytes().startswith(pdf.read_bytes())
    assert sim.berkas_ditandatangani == 1


def test_paraf_lalu_pejabat_lewat_cli(tmp_path, pki, esc):
    tulis_toml(tmp_path, pki, esc, 2)
    pdf = tulis_pdf(tmp_path / "surat.pdf", penanda=(340, 300))
    env = {**ENV, "SANDI_V": SANDI_VERIFIKATOR, "SANDI_P": SANDI_PEJABAT}
    r = run_naskah("tte", "paraf", str(pdf), "--timpa", "--sandi-env", "SANDI_V",
                   cwd=tmp_path, env=env)  # fmt: skip
    assert r.returncode == 0, r.stderr
    r = run_naskah("tte", "tandatangani", str(pdf), "--tampak", "--sandi-env", "SANDI_P",
                   cwd=tmp_path, env=env)  # fmt: skip
    assert r.returncode == 0, r.stderr
    out = tmp_path / "surat-ttd.pdf"
    lap = verifikasi(out, muat_akar([pki.root]))
    assert [t.field for t in lap.tanda_tangan] == ["Paraf-1", "TTE"]
    assert all(t.sah and t.sesuai_catatan for t in lap.tanda_tangan), lap.tanda_tangan
    periksa_luar(out, jumlah=2)
    for nik in (NIK_PEJABAT, NIK_VERIFIKATOR):
        assert nik not in r.stdout + r.stderr


def test_banyak_berkas_v2_dalam_sedikit_panggilan(tmp_path, pki, esc, sim):
    toml = tulis_toml(tmp_path, pki, esc, 2, ukuran_batch=4, sejajar=2)
    berkas = [tulis_pdf(tmp_path / f"s{i}.pdf") for i in range(9)]
    k = muat_konfigurasi(toml)
    run = tandatangani_berkas(
        k, PermintaanTandaTangan(berkas=tuple(berkas)), lambda _p: SANDI_PEJABAT
    )
    assert len(run.hasil) == 9 and not run.gagal
    # 1 status call + ceil(9 / 4) signing calls
    assert sim.panggilan == 1 + 3
    for h in run.hasil:
        assert verifikasi(h.keluaran, muat_akar([pki.root])).tanda_tangan[0].sah


def test_pemeriksaan_sejajar_tidak_berbagi_objek_akar(tmp_path, pki, esc, monkeypatch):
    """The checks running at once in the call threads each get their own trust-root objects:
    asn1crypto parses a certificate in place and not thread-safely, and a shared half-parsed
    root made a valid result "tidak dapat divalidasi" now and then."""
    from naskah.tte.bsre import sesi

    asli = sesi.periksa_hasil
    dipakai: list[tuple[str, tuple[object, ...]]] = []

    def catat(*a, akar, **kw):
        import threading

        dipakai.append((threading.current_thread().name, tuple(akar)))
        return asli(*a, akar=akar, **kw)

    monkeypatch.setattr(sesi, "periksa_hasil", catat)
    toml = tulis_toml(tmp_path, pki, esc, 2, ukuran_batch=2, sejajar=3)
    berkas = [tulis_pdf(tmp_path / f"s{i}.pdf") for i in range(8)]
    run = tandatangani_berkas(
        muat_konfigurasi(toml),
        PermintaanTandaTangan(berkas=tuple(berkas)),
        lambda _p: SANDI_PEJABAT,
    )
    assert len(run.hasil) == 8 and not run.gagal
    assert len(dipakai) == 8 and len({nama for nama, _ in dipakai}) >= 2
    objek = [id(a) for _, akar in dipakai for a in akar]
    assert objek and len(objek) == len(set(objek))  # no root object used by two checks


def test_totp(tmp_path, pki, esc):
    toml = tulis_toml(tmp_path, pki, esc, 2, totp=True)
    pdf = tulis_pdf(tmp_path / "surat.pdf")
    prompts: list[str] = []

    def minta(p: str) -> str:
        prompts.append(p)
        return "123456"

    k = muat_konfigurasi(toml)
    run = tandatangani_berkas(k, PermintaanTandaTangan(berkas=(pdf,)), minta)
    assert run.hasil and prompts == ["Kode TOTP TTE BSrE Dr. Budi Santoso, M.Pd."]


# -- every error: one sentence, nothing written, no NIK, no secret ---------------------------


def _gagal(tmp_path, toml, pdf, jenis, sandi=SANDI_PEJABAT, **kw):
    with pytest.raises(jenis) as ei:
        _tandatangani(toml, pdf, sandi=sandi, **kw)
    pesan = str(ei.value)
    for rahasia in (NIK_PEJABAT, NIK_VERIFIKATOR, NIK_KEDALUWARSA, SANDI_PEJABAT, "simulator"):
        assert rahasia not in pesan
    assert "\n" not in pesan and pesan.endswith("."), pesan
    assert not (tmp_path / "surat-ttd.pdf").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".surat")]
    return pesan


@pytest.mark.parametrize("versi", [1, 2])
def test_sandi_salah_lalu_terkunci(tmp_path, pki, esc, versi):
    toml = tulis_toml(tmp_path, pki, esc, versi)
    pdf = tulis_pdf(tmp_path / "surat.pdf")
    for _ in range(3):
        _gagal(tmp_path, toml, pdf, kl.SandiSalah, sandi="salah")
    _gagal(tmp_path, toml, pdf, kl.AkunTerkunci)


@pytest.mark.parametrize(
    ("status", "kata"),
    [
        ("EXPIRED", "kedaluwarsa"),
        ("REVOKE", "dicabut"),
        ("SUSPEND", "dibekukan"),
        ("WAITING_FOR_VERIFICATION", "menunggu verifikasi"),
    ],  # fmt: skip
)
@pytest.mark.parametrize("versi", [1, 2])
def test_status_bukan_issue(tmp_path, pki, esc, sim, versi, status, kata):
    sim.pengguna[NIK_KEDALUWARSA].status = status
    toml = tulis_toml(tmp_path, pki, esc, versi, nik_pejabat=NIK_KEDALUWARSA)
    pdf = tulis_pdf(tmp_path / "surat.pdf")
    pesan = _gagal(tmp_path, toml, pdf, kl.TTEError)
    assert kata in pesan and "Dr. Budi Santoso" in pesan
    assert sim.berkas_ditandatangani == 0


def test_tidak_terdaftar(tmp_path, pki, esc):
    toml = tulis_toml(tmp_path, pki, esc, 2, nik_pejabat="3201010101809999")
    pesan = _gagal(tmp_path, toml, tulis_pdf(tmp_path / "surat.pdf"), kl.TTEError)
    assert "belum terdaftar" in pesan


def test_tidak_terjangkau(tmp_path, pki):
    toml = tulis_toml(tmp_path, pki, "http://127.0.0.1:9", 2)
    _gagal(tmp_path, toml, tulis_pdf(tmp_path / "surat.pdf"), kl.EscTakTerjangkau)


def _sertifikat_tls(folder: Path) -> tuple[str, str]:
    """Write a self-signed TLS certificate for 127.0.0.1 (the untrusted ESC)."""
    import ipaddress
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    nama = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "esc-uji")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(nama).issuer_name(nama)
        .public_key(key.public_key()).serial_number(1)
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    c, k = folder / "tls.crt", folder / "tls.key"
    c.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    k.write_bytes(key.private_bytes(serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))  # fmt: skip
    return str(c), str(k)


def test_tls_tidak_dipercaya(tmp_path, pki):
    import ssl
    import threading
    from http.server import HTTPServer, SimpleHTTPRequestHandler

    srv = HTTPServer(("127.0.0.1", 0), SimpleHTTPRequestHandler)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(*_sertifikat_tls(tmp_path))
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        url = f"https://127.0.0.1:{srv.server_address[1]}"
        toml = tulis_toml(tmp_path, pki, url, 2)
        _gagal(tmp_path, toml, tulis_pdf(tmp_path / "surat.pdf"), kl.EscTlsTakDipercaya)
        # with the office CA file the TLS handshake succeeds (this server is no ESC: it
        # answers 501 Unsupported method, a server error)
        toml = tulis_toml(tmp_path, pki, url, 2, ca=str(tmp_path / "tls.crt"))
        _gagal(tmp_path, toml, tulis_pdf(tmp_path / "surat.pdf"), kl.EscGalatServer)
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.mark.parametrize(
    ("ulah", "jenis"),
    [
        ("lambat", kl.EscBatasWaktu),
        ("5xx", kl.EscGalatServer),
        ("galat200", kl.EscDitolak),
        ("potong", kl.TanggapanTakSah),
        ("putus", kl.EscTakTerjangkau),
        ("penandatangan_lain", pr.PenandatanganLain),
        ("ubah", pr.DokumenDiubah),
        ("ubah_awal", pr.DokumenDiubah),
    ],
)
@pytest.mark.parametrize("versi", [1, 2])
def test_ulah_esc_ditolak(tmp_path, pki, esc, sim, ulah, jenis, versi):
    if versi == 1 and ulah == "potong":
        jenis = kl.TanggapanTakSah
    toml = tulis_toml(tmp_path, pki, esc, versi)
    pdf = tulis_pdf(tmp_path / "surat.pdf")
    sim.atur_ulah(ulah)
    _gagal(tmp_path, toml, pdf, jenis)


def test_5xx_sekali_dicoba_ulang(tmp_path, pki, esc, sim):
    toml = tulis_toml(tmp_path, pki, esc, 2)
    pdf = tulis_pdf(tmp_path / "surat.pdf")
    _tandatangani(toml, pdf)  # warm: status + sign = 2 calls
    n = sim.panggilan
    sim.atur_ulah("5xx", 1)
    out = tmp_path / "lagi"
    run = _tandatangani(toml, pdf, keluaran=out)
    assert run.hasil[0].keluaran.is_file() and sim.panggilan == n + 3


def test_cli_galat_satu_kalimat_exit_1(tmp_path, pki, esc, sim):
    tulis_toml(tmp_path, pki, esc, 2)
    pdf = tulis_pdf(tmp_path / "surat.pdf")
    sim.atur_ulah("penandatangan_lain")
    r = run_naskah("tte", "tandatangani", str(pdf), "--sandi-env", "SP", cwd=tmp_path,
                   env={**ENV, "SP": SANDI_PEJABAT})  # fmt: skip
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and "orang lain" in r.stderr
    assert NIK_PEJABAT not in r.stderr and SANDI_PEJABAT not in r.stderr
    assert not (tmp_path / "surat-ttd.pdf").exists()


def test_verifikasi_bsre_dua_pendapat(tmp_path, pki, esc):
    tulis_toml(tmp_path, pki, esc, 2)
    pdf = tulis_pdf(tmp_path / "surat.pdf")
    env = {**ENV, "SP": SANDI_PEJABAT}
    r = run_naskah("tte", "tandatangani", str(pdf), "--sandi-env", "SP", cwd=tmp_path, env=env)
    assert r.returncode == 0, r.stderr
    # online: the test PKI on loopback answers for revocation (offline would be BELUM DAPAT
    # DIPASTIKAN, exit 3: nothing embedded in a B-B signature)
    r = run_naskah("tte", "verifikasi", "--bsre", str(tmp_path / "surat-ttd.pdf"),
                   cwd=tmp_path, env=env)  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Pendapat naskah: SAH | pendapat ESC BSrE: SAH" in r.stdout, r.stdout[:400]
    assert "penandatangan: Dr. Budi Santoso, M.Pd." in r.stdout


@pytest.mark.parametrize(
    ("ulah", "jenis"),
    [
        ("ubah", pr.DokumenDiubah),
        ("penandatangan_lain", pr.PenandatanganLain),
        ("ubah_awal", pr.DokumenDiubah),
    ],  # fmt: skip
)
def test_jalur_cepat_batch_tetap_menolak(tmp_path, pki, esc, sim, ulah, jenis):
    """After the first file, a batch checks files on their own bytes: a later misbehaving
    answer is still refused, and the files before it are complete and valid."""
    toml = tulis_toml(tmp_path, pki, esc, 2, ukuran_batch=1, sejajar=1)
    berkas = [tulis_pdf(tmp_path / f"s{i}.pdf") for i in range(3)]
    sim.atur_ulah(ulah, setelah=2)  # the status check and the first file answer normally
    k = muat_konfigurasi(toml)
    with pytest.raises(jenis):
        tandatangani_berkas(
            k, PermintaanTandaTangan(berkas=tuple(berkas)), lambda _p: SANDI_PEJABAT
        )
    assert (tmp_path / "s0-ttd.pdf").is_file()
    assert not (tmp_path / "s1-ttd.pdf").exists() and not (tmp_path / "s2-ttd.pdf").exists()
    assert verifikasi(tmp_path / "s0-ttd.pdf", muat_akar([pki.root])).tanda_tangan[0].sah


def test_perintah_simulator_untuk_demo(tmp_path, pki):
    """``naskah tte simulator-bsre`` serves the officials with a NIK (TEST certificates),
    prints one SIMULATOR line once it listens, and signs for naskah; SIGTERM stops it."""
    import subprocess
    import sys

    from tests.tte.conftest import SRC

    toml = tulis_toml(tmp_path, pki, "http://127.0.0.1:9", 2)
    teks = toml.read_text(encoding="utf-8").replace(
        f'akar_tepercaya = ["{pki.root}"]',
        'akar_tepercaya = ["tte-simulator/kepala-uji.pem", "tte-simulator/kasubbag-uji.pem"]',
    )
    toml.write_text(teks, encoding="utf-8")
    env = {**os.environ, **ENV, "SS": "sandi-demo", "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "naskah", "tte", "simulator-bsre", "--port", "0",
         "--sandi-env", "SS"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        baris = proc.stdout.readline()  # the readiness line: a signal, not a sleep
        assert baris.startswith("SIMULATOR ESC BSrE"), baris + (proc.stderr.read() if
                                                                 proc.poll() else "")  # fmt: skip
        url = baris.split(" di ", 1)[1].split()[0]
        toml.write_text(teks.replace("http://127.0.0.1:9", url), encoding="utf-8")
        pdf = tulis_pdf(tmp_path / "surat.pdf", penanda=(340, 300))
        r = run_naskah("tte", "tandatangani", str(pdf), "--tampak", "--sandi-env", "SS",
                       cwd=tmp_path, env={**ENV, "SS": "sandi-demo"})  # fmt: skip
        assert r.returncode == 0, r.stderr
        periksa_luar(tmp_path / "surat-ttd.pdf", jumlah=1)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "SIMULATOR" in err and "BUKAN tanda tangan elektronik yang sah" in err
    assert NIK_PEJABAT not in err


def test_nik_tidak_masuk_log(tmp_path, pki, esc, caplog):
    """v1 puts the NIK in the status URL: httpx's request log line never shows it."""
    import logging

    caplog.set_level(logging.DEBUG)
    toml = tulis_toml(tmp_path, pki, esc, 1)
    _tandatangani(toml, tulis_pdf(tmp_path / "surat.pdf"))
    teks = "\n".join(r.getMessage() for r in caplog.records)
    assert "/api/user/status/<NIK>" in teks
    assert NIK_PEJABAT not in teks and SANDI_PEJABAT not in teks


def test_banyak_berkas_satu_buruk_lainnya_tetap(tmp_path, pki, esc):
    """As with a local key: in a batch, a file refused before sending is reported and the
    others are signed."""
    from tests.tte.pdfbuat import catatan_untuk

    toml = tulis_toml(tmp_path, pki, esc, 2)
    baik = [tulis_pdf(tmp_path / f"s{i}.pdf") for i in range(2)]
    lain = tulis_pdf(tmp_path / "lain.pdf", catatan=catatan_untuk("Orang Lain"))
    k = muat_konfigurasi(toml)
    run = tandatangani_berkas(
        k, PermintaanTandaTangan(berkas=(baik[0], lain, baik[1])), lambda _p: SANDI_PEJABAT
    )
    assert [h.masukan for h in run.hasil] == baik
    assert [p for p, _ in run.gagal] == [lain] and "Orang Lain" in str(run.gagal[0][1])
    assert not (tmp_path / "lain-ttd.pdf").exists()


def test_lanjut_tidak_mengirim_ulang_yang_sama_tetapi_yang_berubah(tmp_path, pki, esc, sim):
    """Resuming a batch: a destination already holding the official's signature over the same
    text is not sent again; one whose document changed since is signed again."""
    from naskah.tte.bsre.perintah import buka_sesi_bsre
    from naskah.tte.bsre.sesi import Tugas
    from naskah.tte.perintah import opsi_tanda_tangan
    from tests.tte.pdfbuat import PEJABAT_UJI

    toml = tulis_toml(tmp_path, pki, esc, 2)
    k = muat_konfigurasi(toml)
    opsi = opsi_tanda_tangan(k, PermintaanTandaTangan(berkas=()))
    a, b = tulis_pdf(tmp_path / "a.pdf", teks="A"), tulis_pdf(tmp_path / "b.pdf", teks="B")
    tugas = [Tugas(a, tmp_path / "a-ttd.pdf"), Tugas(b, tmp_path / "b-ttd.pdf")]
    with buka_sesi_bsre(k, opsi, PEJABAT_UJI, lambda _p: SANDI_PEJABAT) as sesi:
        sesi.tandatangani_langkah(tugas)
        assert sim.berkas_ditandatangani == 2
        tulis_pdf(a, teks="A")  # rendered again: same text
        tulis_pdf(b, teks="B diubah")  # the document changed since
        hasil = sesi.tandatangani_langkah(tugas)
    assert sim.berkas_ditandatangani == 3 and sesi.dilewati == 1
    assert [h.keluaran for h in hasil] == [t.keluaran for t in tugas]
    lap = verifikasi(tmp_path / "b-ttd.pdf", muat_akar([pki.root]))
    assert lap.tanda_tangan[0].sah and lap.tanda_tangan[0].seluruh_dokumen
