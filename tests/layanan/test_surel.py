"""Certificates by e-mail against a real SMTP server (aiosmtpd) on loopback.

The archive holds the signed certificates of three participants of the example activity; the
server records every accepted message, can refuse one address, and can drop the connection
once after N messages.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from naskah.arsip import Arsip, NaskahTerbit, OpsiArsip
from naskah.config import muat_konfigurasi
from naskah.models import Sertifikat
from naskah.register import buka_register
from naskah.surel import OpsiKirim, kirim_sertifikat, muat_kegiatan
from tests.arsip.conftest import EXAMPLES
from tests.layanan.conftest import _tandatangani, tulis_toml
from tests.register.conftest import jalankan_cli

PENGIRIM = "sertifikat@bpmpkaltim.example.go.id"
TERBIT = 3
"""Participants (the first three of the example sheet) whose certificates are archived."""


class Kotak:
    """The SMTP server's handler: accepted messages, a refused address, one dropped link."""

    def __init__(self) -> None:
        self.pesan: list[EmailMessage] = []
        self.tolak: set[str] = set()
        self.putus_setelah: int | None = None

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, alamat: str, _o: Any):
        if alamat in self.tolak:
            return "550 5.1.1 Kotak surat tidak dikenal"
        envelope.rcpt_tos.append(alamat)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.putus_setelah is not None and len(self.pesan) >= self.putus_setelah:
            self.putus_setelah = None
            server.transport.close()  # the link drops before the message is accepted
            return "421 putus"
        m = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(m, EmailMessage)
        self.pesan.append(m)
        return "250 OK"


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Kotak, int]]:
    kotak = Kotak()
    port = _port_bebas()
    c = Controller(kotak, hostname="127.0.0.1", port=port)
    c.start()  # returns once the server answers
    yield kotak, port
    c.stop()


@pytest.fixture
def kantor(tmp_path: Path, smtp: tuple[Kotak, int]) -> Path:
    folder = tmp_path / "kantor"
    tulis_toml(
        folder,
        f'\n[surel]\nhost = "127.0.0.1"\nport = {smtp[1]}\nkeamanan = "tanpa"\n'
        f'pengirim = "{PENGIRIM}"\nper_menit = 6000\n',
    )
    from naskah.tte import buat_p12_contoh
    from tests.arsip.conftest import PEJABAT, SANDI

    masukan = folder / "masukan"
    masukan.mkdir()
    buat_p12_contoh(
        masukan / "pejabat.p12",
        PEJABAT,
        SANDI,
        jabatan="Kepala",
        sertifikat=masukan / "pejabat.pem",
    )
    k = muat_konfigurasi(folder / "naskah.toml")
    kegiatan = muat_kegiatan(EXAMPLES / "sertifikat-kegiatan.yaml", k)
    reg = buka_register(k)
    arsip = Arsip(k, register=reg, opsi=OpsiArsip(indeks=False))
    try:
        nomor = reg.pesan("sertifikat", TERBIT, tanggal=kegiatan.tanggal, alasan="sertifikat")
        for i, (n, p) in enumerate(zip(nomor, kegiatan.peserta, strict=False)):
            s = Sertifikat(
                kegiatan=kegiatan.model_copy(update={"peserta": []}),
                peserta=p,
                nomor=k.seri["sertifikat"].pola_nomor.parse(n.teks),  # type: ignore[arg-type]
            )
            ident = f"sertifikat-surel-{i:04d}-abcd"
            ttd = _tandatangani(masukan, f"s{i}.pdf", f"Sertifikat {i}", ident)
            arsip.simpan(NaskahTerbit(s, ttd=ttd, id_verifikasi=ident))
    finally:
        arsip.tutup()
        reg.tutup()
    return folder


def _kirim(folder: Path, uji: bool = False):  # type: ignore[no-untyped-def]
    k = muat_konfigurasi(folder / "naskah.toml")
    kegiatan = muat_kegiatan(EXAMPLES / "sertifikat-kegiatan.yaml", k)
    return kirim_sertifikat(k, kegiatan, OpsiKirim(uji=uji), tidur=lambda _s: None)


def test_setiap_peserta_menerima_sertifikat_dan_tautannya(
    kantor: Path, smtp: tuple[Kotak, int]
) -> None:
    kotak, _ = smtp
    hasil = _kirim(kantor)
    assert hasil.terputus is None
    assert hasil.jumlah("terkirim") == TERBIT and hasil.jumlah("belum_terbit") == 12 - TERBIT
    assert len(kotak.pesan) == TERBIT
    siti = next(m for m in kotak.pesan if m["To"] == "siti.rahmawati@example.com")
    assert PENGIRIM in siti["From"] and siti["Subject"].startswith("Sertifikat ")
    teks = siti.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Yth. Siti Rahmawati, S.Pd., M.Pd.," in teks
    assert "https://bpmpkaltim.example.go.id/verifikasi/sertifikat-surel-0000-abcd" in teks
    (lampiran,) = list(siti.iter_attachments())
    assert lampiran.get_content_type() == "application/pdf"
    pdf = lampiran.get_content()
    arsip_pdf = (kantor / "masukan" / "s0.pdf").read_bytes()
    assert pdf == arsip_pdf  # the archived signed certificate, byte for byte
    # a re-run sends nothing again
    lagi = _kirim(kantor)
    assert lagi.jumlah("sudah") == TERBIT and lagi.jumlah("terkirim") == 0
    assert len(kotak.pesan) == TERBIT


def test_alamat_ditolak_dicatat_dengan_jawaban_server(
    kantor: Path, smtp: tuple[Kotak, int]
) -> None:
    kotak, _ = smtp
    kotak.tolak.add("andi.kurniawan@example.com")
    hasil = _kirim(kantor)
    (ditolak,) = hasil.ditolak
    assert ditolak.alamat == "andi.kurniawan@example.com"
    assert ditolak.jawaban is not None and ditolak.jawaban.startswith("550")
    assert "tidak dikenal" in ditolak.jawaban
    assert hasil.jumlah("terkirim") == TERBIT - 1
    r = jalankan_cli(kantor, "sertifikat", "kirim", str(EXAMPLES / "sertifikat-kegiatan.yaml"))
    assert "Ditolak: andi.kurniawan@example.com: 550" in r.stdout, r.stderr
    assert len(kotak.pesan) == TERBIT - 1


def test_sambungan_putus_lalu_dilanjutkan_tiap_pesan_sekali(
    kantor: Path, smtp: tuple[Kotak, int]
) -> None:
    kotak, _ = smtp
    kotak.putus_setelah = 1
    pertama = _kirim(kantor)
    assert pertama.terputus is not None and "terputus" in pertama.terputus
    assert pertama.jumlah("terkirim") == 1 and len(kotak.pesan) == 1
    kedua = _kirim(kantor)
    assert kedua.terputus is None
    assert kedua.jumlah("sudah") == 1 and kedua.jumlah("terkirim") == TERBIT - 1
    penerima = sorted(str(m["To"]) for m in kotak.pesan)
    assert len(penerima) == TERBIT and len(set(penerima)) == TERBIT  # each exactly once


def test_uji_tidak_mengirim_apa_pun(kantor: Path, smtp: tuple[Kotak, int]) -> None:
    kotak, _ = smtp
    r = jalankan_cli(
        kantor, "sertifikat", "kirim", str(EXAMPLES / "sertifikat-kegiatan.yaml"), "--uji"
    )
    assert r.returncode == 0, r.stderr
    assert "akan dikirim" in r.stdout and "siti.rahmawati@example.com" in r.stdout
    assert f"akan dikirim {TERBIT}" in r.stdout
    assert kotak.pesan == []


def test_batas_laju_kantor_dan_tanpa_tls_hanya_lokal(kantor: Path, smtp: tuple[Kotak, int]) -> None:
    from naskah.errors import ConfigError

    k = muat_konfigurasi(kantor / "naskah.toml")
    kegiatan = muat_kegiatan(EXAMPLES / "sertifikat-kegiatan.yaml", k)
    jeda: list[float] = []
    lambat = k.model_copy(update={"surel": k.surel.model_copy(update={"per_menit": 12})})
    hasil = kirim_sertifikat(lambat, kegiatan, OpsiKirim(), tidur=jeda.append)
    assert hasil.jumlah("terkirim") == TERBIT
    assert jeda == [5.0] * (TERBIT - 1)  # 12 a minute: 5 s between messages
    jauh = k.model_copy(update={"surel": k.surel.model_copy(update={"host": "smtp.example.com"})})
    kotak, _ = smtp
    kotak.pesan.clear()
    with pytest.raises(ConfigError, match="hanya boleh untuk server surel di komputer ini"):
        kirim_sertifikat(
            jauh,
            kegiatan,
            OpsiKirim(),
            tidur=lambda _s: None,
        )


def _sertifikat_tls(folder: Path) -> tuple[Path, Path]:
    """Write a self-signed certificate for 127.0.0.1 (the test SMTP server's) and its key."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    kunci = ec.generate_private_key(ec.SECP256R1())
    nama = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "smtp uji")])
    kini = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(nama)
        .issuer_name(nama)
        .public_key(kunci.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(kini - dt.timedelta(hours=1))
        .not_valid_after(kini + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(kunci, hashes.SHA256())
    )
    crt, key = folder / "smtp.pem", folder / "smtp.key"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        kunci.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return crt, key


def test_starttls_dan_login_sandi_dari_lingkungan_tidak_ditampilkan(
    kantor: Path, tmp_path: Path
) -> None:
    import ssl

    from aiosmtpd.smtp import AuthResult

    crt, key = _sertifikat_tls(tmp_path)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(crt, key)
    masuk: list[tuple[str, str]] = []

    def periksa_login(server: Any, session: Any, envelope: Any, mekanisme: str, data: Any):
        masuk.append((data.login.decode(), data.password.decode()))
        return AuthResult(success=data.password == b"rahasia-smtp-uji", handled=False)

    kotak = Kotak()
    port = _port_bebas()
    c = Controller(
        kotak,
        hostname="127.0.0.1",
        port=port,
        tls_context=ctx,
        require_starttls=True,
        authenticator=periksa_login,
        auth_require_tls=True,
    )
    c.start()
    try:
        toml = kantor / "naskah.toml"
        teks = toml.read_text(encoding="utf-8")
        teks = teks.replace('keamanan = "tanpa"', 'keamanan = "starttls"').replace(
            f"port = {teks.split('port = ')[1].split()[0]}", f"port = {port}"
        )
        teks += f'pengguna = "bpmp"\ncafile = "{crt}"\n'
        toml.write_text(teks, encoding="utf-8")
        kegiatan = str(EXAMPLES / "sertifikat-kegiatan.yaml")
        r = jalankan_cli(kantor, "sertifikat", "kirim", kegiatan, NASKAH_SUREL_SANDI="keliru-1")
        assert r.returncode == 1 and "menolak login bpmp" in r.stderr
        assert "keliru-1" not in r.stdout + r.stderr and "Traceback" not in r.stderr
        r = jalankan_cli(
            kantor, "sertifikat", "kirim", kegiatan, NASKAH_SUREL_SANDI="rahasia-smtp-uji"
        )
        assert r.returncode == 0, r.stderr
        assert "rahasia-smtp-uji" not in r.stdout + r.stderr
        assert len(kotak.pesan) == TERBIT and masuk[-1] == ("bpmp", "rahasia-smtp-uji")
        assert "rahasia-smtp-uji" not in toml.read_text(encoding="utf-8")
    finally:
        c.stop()
