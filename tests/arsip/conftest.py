"""Fixtures of the archive tests: an office with its register (SQLite, then PostgreSQL),
numbered example documents, real PDFs with a text layer and PDFs signed with a demo certificate.

The PostgreSQL server fixture is the register tests' own (imported, not copied).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from naskah.arsip import Arsip, NaskahTerbit, OpsiArsip, komponen_aman
from naskah.config import Konfigurasi
from naskah.loader import muat_dokumen
from naskah.models import Dokumen
from naskah.nomor import NomorNaskah
from naskah.register import Register, buka_register
from tests.register.conftest import (  # noqa: F401 - fixtures reused
    _lingkungan_bersih,
    server_pg,
    tulis_kantor,
    url_pg,
)
from tests.tte.pdfbuat import buat_pdf, catatan_untuk

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SANDI = b"sandi-arsip-uji"
PEJABAT = "Dr. Jarwoko, M.Pd."
TEKS_PDF = (
    "Keputusan Kepala Balai Penjaminan Mutu Pendidikan tentang Penetapan Standar Pelayanan "
    "di Unit Layanan Terpadu"
)


@dataclass
class Kantor:
    """An office under test: its settings, register, archive and a folder for inputs."""

    konfigurasi: Konfigurasi
    register: Register
    arsip: Arsip
    masukan: Path
    p12: Path

    def buka_arsip(self, **kw: object) -> Arsip:
        """Return another Arsip on the same office (as another process would open it)."""
        return Arsip(self.konfigurasi, opsi=OpsiArsip(indeks=False), **kw)  # type: ignore[arg-type]

    def model(self, contoh: str = "keputusan-bpmp-kaltim-2024.yaml", **ambil: object) -> Dokumen:
        """Return an example document numbered with a fresh number from the register."""
        m = muat_dokumen(EXAMPLES / contoh, self.konfigurasi)
        tanggal = ambil.pop("tanggal", m.tanggal)  # type: ignore[attr-defined]
        n = self.register.ambil(
            "naskah",
            klasifikasi=str(ambil.pop("klasifikasi", m.klasifikasi)),
            tanggal=tanggal,  # type: ignore[arg-type]
            perihal="uji arsip",
        )
        return bernomor(m, n.teks, tanggal)  # type: ignore[arg-type]

    def pdf(self, nama: str, teks: str = TEKS_PDF, penandatangan: str = PEJABAT) -> Path:
        """Write a PDF with a real text layer (and naskah's signer record); return its path."""
        p = self.masukan / nama
        catatan = catatan_untuk(penandatangan.split(",")[0].removeprefix("Dr. "), penandatangan)
        p.write_bytes(buat_pdf(teks, halaman=2, catatan=catatan))
        return p

    def ttd(self, nama: str, teks: str = TEKS_PDF, penandatangan: str = PEJABAT) -> Path:
        """Write a PDF and sign it (PAdES B-B) with a demo certificate of ``penandatangan``;
        return the signed path."""
        from naskah.tte import OpsiTandaTangan, SesiTandaTangan, buat_p12_contoh, muat_p12

        asli = self.pdf(nama.replace(".pdf", "-asli.pdf"), teks, penandatangan)
        p12 = self.masukan / f"{komponen_aman(penandatangan)}.p12"
        if not p12.exists():
            buat_p12_contoh(p12, penandatangan, SANDI, jabatan="Kepala")
        with muat_p12(p12, SANDI) as p:
            sesi = SesiTandaTangan(p, OpsiTandaTangan(keluaran=self.masukan))
            hasil = sesi.tandatangani(asli, self.masukan / nama)
        return hasil.keluaran

    def simpan(self, model: Dokumen, **kw: object) -> object:
        return self.arsip.simpan(NaskahTerbit(model, **kw))  # type: ignore[arg-type]


def bernomor(model: Dokumen, teks: str, tanggal: date | None = None) -> Dokumen:
    """Return ``model`` carrying number ``teks`` (and date)."""
    upd: dict[str, object] = {"nomor": NomorNaskah.parse(teks)}
    if tanggal is not None:
        upd["tanggal"] = tanggal
    return model.model_copy(update=upd)


def _kantor(folder: Path, url: str | None) -> Kantor:
    from naskah.tte import buat_p12_contoh

    k = tulis_kantor(folder, url=url)
    reg = buka_register(k)
    masukan = folder / "masukan"
    masukan.mkdir()
    p12 = buat_p12_contoh(masukan / "pejabat.p12", PEJABAT, SANDI, jabatan="Kepala")
    arsip = Arsip(k, register=reg, opsi=OpsiArsip(indeks=False))
    return Kantor(k, reg, arsip, masukan, p12)


@pytest.fixture(params=["sqlite", "postgresql"])
def kantor(request: pytest.FixtureRequest, tmp_path: Path) -> object:
    """An office whose register and catalog are SQLite, then (second run) PostgreSQL."""
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("server_pg").basis_baru()
    k = _kantor(tmp_path / "kantor", url)
    yield k
    k.arsip.tutup()
    k.register.tutup()


@pytest.fixture
def kantor_sqlite(tmp_path: Path) -> object:
    """An office with the default SQLite register (for tests of the folder tree only)."""
    k = _kantor(tmp_path / "kantor", None)
    yield k
    k.arsip.tutup()
    k.register.tutup()
