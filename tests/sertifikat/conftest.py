"""Certificate fixtures: the example activity's certificates rendered once by the fast path."""

from __future__ import annotations

import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from naskah.config import Konfigurasi
from naskah.loader import muat_dokumen
from naskah.models import Peserta, SertifikatKegiatan
from naskah.peserta import baca_peserta
from naskah.render import KonverterParalel
from naskah.render.sertifikat import render_sertifikat
from tests.conftest import EXAMPLES

URL = "https://bpmpkaltim.kemdikbud.go.id/verifikasi/{id}"
NAMA_PANJANG = "Dr. Hj. Siti Nurhaliza Rahmawati Kusumaningrum, S.Pd., M.Pd."
NAMA_ISTIMEWA = "A & B <C> \"D\" 'E' O’Neil"


@dataclass
class Terbit:
    """Certificates rendered in one call: inputs and the PDFs, index by index."""

    kegiatan: SertifikatKegiatan
    peserta: list[Peserta]
    nomor: list[str]
    id: list[str]
    pdf: list[Path]

    def url(self, i: int) -> str:
        return URL.replace("{id}", self.id[i])


def konfigurasi_uji(**sertifikat: object) -> Konfigurasi:
    """Return settings with the example office's verification address (and [sertifikat])."""
    return Konfigurasi.model_validate({"tte": {"url_verifikasi": URL}, "sertifikat": sertifikat})


def kegiatan_contoh() -> SertifikatKegiatan:
    dok = muat_dokumen(EXAMPLES / "sertifikat-kegiatan.yaml")
    assert isinstance(dok, SertifikatKegiatan)
    return dok


@pytest.fixture(scope="session")
def konverter(tmp_path_factory: pytest.TempPathFactory) -> KonverterParalel:
    return KonverterParalel.buat(2, folder_profil=tmp_path_factory.mktemp("profil"))


@pytest.fixture(scope="session")
def terbit(tmp_path_factory: pytest.TempPathFactory, konverter: KonverterParalel) -> Terbit:
    """Seven certificates: five example participants, a very long name, XML special characters.

    ``per_berkas=3`` cuts them into three parts, so the split is exercised across parts.
    """
    from naskah.render.sertifikat import OpsiSertifikat

    kegiatan = kegiatan_contoh()
    peserta = baca_peserta(EXAMPLES / "peserta-contoh.csv")[:5]
    peserta += [
        Peserta(nama=NAMA_PANJANG, instansi="SD Negeri 001 Tenggarong", peran="fasilitator"),
        Peserta(nama=NAMA_ISTIMEWA, instansi="SMP <Negeri> & Swasta", peran="panitia"),
    ]
    nomor = [f"{i:04d}/Sertifikat/BPMPKALTIM/2024" for i in range(1, len(peserta) + 1)]
    ids = [secrets.token_urlsafe(16) for _ in peserta]
    keluaran = tmp_path_factory.mktemp("sertifikat")
    pdf = render_sertifikat(
        kegiatan, peserta, nomor, ids, keluaran, OpsiSertifikat(per_berkas=3),
        konfigurasi=konfigurasi_uji(), konverter=konverter,
    )  # fmt: skip
    return Terbit(kegiatan, peserta, nomor, ids, pdf)


def teks_halaman(pdf: Path) -> list[str]:
    """Return the text of each page (pdftotext -layout)."""
    keluar = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return keluar.split("\f")[:-1]


def satu_baris(teks: str) -> str:
    """Return ``teks`` with every whitespace run collapsed to one space."""
    return " ".join(teks.split())


def png_halaman(pdf: Path, folder: Path, *, dpi: int = 150, halaman: int = 1) -> Path:
    """Render one page of ``pdf`` to PNG with poppler and return the file."""
    awalan = folder / f"{pdf.stem}-{halaman}"
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-f", str(halaman), "-l", str(halaman),
         "-singlefile", str(pdf), str(awalan)],
        check=True, capture_output=True,
    )  # fmt: skip
    return awalan.with_suffix(".png")


def baca_qr(png: Path) -> list[str]:
    """Return every QR code zbarimg finds in ``png``."""
    keluar = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
        capture_output=True, text=True,
    )  # fmt: skip
    return [b for b in keluar.stdout.splitlines() if b]
