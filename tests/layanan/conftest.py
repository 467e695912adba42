"""Fixtures of the web service tests: an office whose archive holds a signed certificate, a
replaced and a cancelled decree, and the service itself running as ``naskah layanan`` in a
child process on a free loopback port (ready when it prints its address).
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from naskah.arsip import Arsip, NaskahTerbit, OpsiArsip
from naskah.config import Konfigurasi, muat_konfigurasi
from naskah.loader import muat_dokumen
from naskah.models import Peserta, Sertifikat
from naskah.register import buka_register
from tests.arsip.conftest import EXAMPLES, PEJABAT, SANDI, bernomor
from tests.conftest import LAMBANG_CONTOH
from tests.register.conftest import NASKAH_TOML, env_anak
from tests.tte.pdfbuat import buat_pdf, catatan_untuk

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "out" / "layanan"
URL_QR = "https://bpmpkaltim.example.go.id/verifikasi/{id}"
ID_SERTIFIKAT = "sertifikat-siti-0001abcd"
ID_LAMA = "keputusan-versi-1-abcdef"
ID_BARU = "keputusan-versi-2-abcdef"
ID_BATAL = "keputusan-batal-abcdef01"
ID_TUGAS = "surat-tugas-belum-ttd-0001"
NAMA_PESERTA = "Siti Rahmawati, S.Pd., M.Pd."
NIK_PESERTA = "6472035205780002"
NIP_PESERTA = "19780512 200312 2 004"
EMAIL_PESERTA = "siti.rahmawati@example.com"


@dataclass
class Kantor:
    """The office under test: its folder, settings and the files made for it."""

    folder: Path
    konfigurasi: Konfigurasi
    berkas: dict[str, Path] = field(default_factory=dict)
    nomor: dict[str, str] = field(default_factory=dict)


def tulis_toml(folder: Path, layanan: str = "") -> Konfigurasi:
    """Write the office's naskah.toml (trusting its demo signing certificate)."""
    folder.mkdir(parents=True, exist_ok=True)
    teks = NASKAH_TOML.replace("{batas_tunggu}", "30").replace("{url}", "")
    teks += (
        '\n[instansi]\nkementerian = "Kementerian Pendidikan Dasar dan Menengah"\n'
        'unit = "Balai Penjaminan Mutu Pendidikan Provinsi Kalimantan Timur"\n'
        'alamat = "Jalan Cipto Mangunkusumo Km. 2, Samarinda Seberang"\nkota = "Samarinda"\n'
        f'logo = "{LAMBANG_CONTOH}"\n'
        f'\n[tte]\nurl_verifikasi = "{URL_QR}"\nakar_tepercaya = ["masukan/pejabat.pem"]\n'
        f'zona_waktu = "WITA"\n\n[layanan]\n{layanan}\n'
    )
    (folder / "naskah.toml").write_text(teks, encoding="utf-8")
    return muat_konfigurasi(folder / "naskah.toml")


def _tandatangani(masukan: Path, nama: str, teks: str, ident: str) -> Path:
    """Write a PDF and sign it visibly with the QR code of ``ident``; return the signed path."""
    from naskah.tte import OpsiTandaTangan, SesiTandaTangan, muat_p12

    asli = masukan / nama.replace(".pdf", "-asli.pdf")
    catatan = catatan_untuk(PEJABAT.split(",")[0].removeprefix("Dr. "), PEJABAT)
    asli.write_bytes(buat_pdf(teks, catatan=catatan))
    with muat_p12(masukan / "pejabat.p12", SANDI) as p:
        opsi = OpsiTandaTangan(keluaran=masukan, url_verifikasi=URL_QR)  # type: ignore[call-arg]
        hasil = SesiTandaTangan(p, opsi).tandatangani(asli, masukan / nama, id_dok=ident)
    return hasil.keluaran


def buat_kantor(folder: Path, layanan: str = "") -> Kantor:
    """Make the office: register, demo certificate, and the archived documents."""
    from naskah.tte import buat_p12_contoh

    k = tulis_toml(folder, layanan)
    masukan = folder / "masukan"
    masukan.mkdir()
    buat_p12_contoh(
        masukan / "pejabat.p12",
        PEJABAT,
        SANDI,
        jabatan="Kepala",
        sertifikat=masukan / "pejabat.pem",
    )
    kantor = Kantor(folder, k)
    reg = buka_register(k)
    arsip = Arsip(k, register=reg, opsi=OpsiArsip(indeks=False))
    try:
        # a certificate of one participant (NIK, NIP and e-mail in the archive, never shown)
        kegiatan = muat_dokumen(EXAMPLES / "sertifikat-kegiatan.yaml", k)
        (n,) = reg.pesan("sertifikat", 1, tanggal=kegiatan.tanggal, alasan="sertifikat")
        peserta = Peserta(
            nama=NAMA_PESERTA,
            nik=NIK_PESERTA,
            nip=NIP_PESERTA,
            instansi="BPMP Provinsi Kalimantan Timur",
            email=EMAIL_PESERTA,
            peran="narasumber",
        )
        nomor = k.seri["sertifikat"].pola_nomor.parse(n.teks)
        s = Sertifikat(kegiatan=kegiatan, peserta=peserta, nomor=nomor)  # type: ignore[arg-type]
        ttd = _tandatangani(masukan, "sertifikat.pdf", "Sertifikat Siti Rahmawati", ID_SERTIFIKAT)
        arsip.simpan(NaskahTerbit(s, ttd=ttd, id_verifikasi=ID_SERTIFIKAT))
        kantor.berkas["sertifikat"] = ttd
        kantor.nomor["sertifikat"] = n.teks

        # a decree archived, then corrected (version 2 replaces version 1)
        m = muat_dokumen(EXAMPLES / "keputusan-bpmp-kaltim-2024.yaml", k)
        no = reg.ambil("naskah", klasifikasi=str(m.klasifikasi), tanggal=m.tanggal, perihal="uji")
        m = bernomor(m, no.teks, m.tanggal)
        v1 = _tandatangani(masukan, "keputusan-v1.pdf", "Keputusan versi satu", ID_LAMA)
        arsip.simpan(NaskahTerbit(m, ttd=v1, id_verifikasi=ID_LAMA))
        v2 = _tandatangani(masukan, "keputusan-v2.pdf", "Keputusan versi dua", ID_BARU)
        arsip.simpan(NaskahTerbit(m, ttd=v2, id_verifikasi=ID_BARU, koreksi="salah ketik"))
        kantor.berkas["lama"], kantor.berkas["baru"] = v1, v2

        # a decree archived, then its number cancelled in the register
        m2 = muat_dokumen(EXAMPLES / "keputusan-bpmp-kaltim-2024.yaml", k)
        no2 = reg.ambil("naskah", klasifikasi=str(m2.klasifikasi), tanggal=m2.tanggal, perihal="x")
        m2 = bernomor(m2, no2.teks, m2.tanggal)
        b = _tandatangani(masukan, "keputusan-batal.pdf", "Keputusan yang dibatalkan", ID_BATAL)
        arsip.simpan(NaskahTerbit(m2, ttd=b, id_verifikasi=ID_BATAL))
        reg.batal(no2.teks, alasan="salah alamat")
        kantor.berkas["batal"] = b

        # a surat tugas archived before it was signed (its PDF only)
        st = muat_dokumen(EXAMPLES / "surat-tugas-narasumber.yaml", k)
        no3 = reg.ambil("naskah", klasifikasi=str(st.klasifikasi), tanggal=st.tanggal, perihal="t")
        st = bernomor(st, no3.teks, st.tanggal)
        tugas = masukan / "surat-tugas.pdf"
        tugas.write_bytes(buat_pdf("Surat tugas narasumber"))
        arsip.simpan(NaskahTerbit(st, pdf=tugas, id_verifikasi=ID_TUGAS))
        kantor.berkas["tugas"] = tugas

        # signed by the same trusted certificate but never archived
        kantor.berkas["asing"] = _tandatangani(
            masukan, "asing.pdf", "Naskah yang tidak diarsipkan", "naskah-asing-00000001"
        )
        # the certificate with one printed word changed after signing
        data = ttd.read_bytes()
        assert data.count(b"Siti Rahmawati halaman 1") == 1
        ubah = masukan / "sertifikat-diubah.pdf"
        ubah.write_bytes(data.replace(b"Siti Rahmawati halaman 1", b"Siti Rahmawati halaman 9"))
        kantor.berkas["diubah"] = ubah
    finally:
        arsip.tutup()
        reg.tutup()
    return kantor


@dataclass
class Server:
    """A running ``naskah layanan`` child process."""

    url: str
    proses: subprocess.Popen[str]
    log: Path

    def log_teks(self) -> str:
        return self.log.read_text(encoding="utf-8")


def tunggu_baris(proses: subprocess.Popen[str], batas: float = 60) -> str:
    """Return the first stdout line of ``proses`` (its readiness line), waiting on the pipe."""
    assert proses.stdout is not None
    akhir = time.monotonic() + batas
    while True:
        sisa = akhir - time.monotonic()
        if sisa <= 0:
            raise AssertionError("layanan tidak siap dalam batas waktu")
        siap, _, _ = select.select([proses.stdout], [], [], sisa)
        if siap:
            baris = proses.stdout.readline()
            if not baris:
                raise AssertionError(f"layanan berhenti (kode {proses.wait()})")
            return baris


@pytest.fixture(autouse=True)
def _lingkungan_bersih(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NASKAH_DATABASE_URL", raising=False)
    monkeypatch.setenv("NASKAH_PENGGUNA", "penguji")


def mulai_server(
    folder: Path, *args: str, host: str = "127.0.0.1", awal: tuple[str, ...] = ()
) -> Iterator[Server]:
    """Start the service in ``folder`` on a free port; stop it (SIGTERM) afterwards.

    ``awal`` are options of ``naskah`` itself (``--verbose``), before the command.
    """
    log = folder / f"layanan-{os.getpid()}-{time.monotonic_ns()}.log"
    with log.open("w") as err:
        env = env_anak()
        env.pop("NASKAH_DATABASE_URL", None)
        p = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "naskah",
                *awal,
                "layanan",
                "--host",
                host,
                "--port",
                "0",
                *args,
            ],
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
        try:
            baris = tunggu_baris(p)
            url = baris.split(" di ", 1)[1].split()[0]
            yield Server(url, p, log)
        finally:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            assert p.stdout is not None
            p.stdout.close()


@pytest.fixture(scope="module")
def kantor(tmp_path_factory: pytest.TempPathFactory) -> Kantor:
    """The office, with a 1 MB upload limit and a generous rate limit."""
    return buat_kantor(
        tmp_path_factory.mktemp("layanan") / "kantor",
        "ukuran_unggah_mb = 1\nbatas_permintaan = 100000\n",
    )


@pytest.fixture(scope="module")
def server(kantor: Kantor) -> Iterator[Server]:
    yield from mulai_server(kantor.folder)
