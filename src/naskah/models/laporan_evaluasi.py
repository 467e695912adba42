"""Laporan Evaluasi Penerapan Standar Pelayanan: the yearly evaluation report of a service unit.

The file holds the year's counted figures (the survey's sums per unsur, requests and deadlines
met per service and month, complaints, the longest cases) as ``naskah ult laporan`` read them
from the desk, plus what the head writes: the follow-up plan (rencana tindak lanjut) and notes.
Everything printed that can be derived (NRR, IKM, grades, on-time shares, the priority unsur,
the summary sentences) is derived here from the counts, so an edited figure can never disagree
with the sentence that quotes it.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Literal

from pydantic import Field, model_validator

from naskah.models.common import Mewakili, Model, Pejabat, Tanggal
from naskah.models.dokumen import Dokumen

__all__ = [
    "CapaianBulan",
    "KasusLaporan",
    "LaporanEvaluasi",
    "LayananLaporan",
    "PengaduanLaporan",
    "RencanaTindakLanjut",
    "SurveiLaporan",
    "UnsurNilai",
]


class UnsurNilai(Model):
    """One unsur of the survey: the sum of its scores over all respondents."""

    kode: str = Field(pattern=r"^U[1-9]$")
    nama: str
    jumlah: int = Field(ge=0)


class SurveiLaporan(Model):
    """The year's satisfaction survey."""

    responden: int = Field(ge=0)
    populasi: int = Field(ge=0)
    """People served in the year (requests received): the sample is read from it."""
    sampel: int = Field(ge=0)
    """Respondents needed (the regulation's Krejcie–Morgan table)."""
    daring: int = Field(0, ge=0)
    kertas: int = Field(0, ge=0)
    unsur: list[UnsurNilai] = Field(min_length=9, max_length=9)
    profil: dict[str, dict[str, int]] = {}

    @model_validator(mode="after")
    def _masuk_akal(self) -> SurveiLaporan:
        if [u.kode for u in self.unsur] != [f"U{i}" for i in range(1, 10)]:
            raise ValueError("unsur survei harus U1 sampai U9 berurutan")
        for u in self.unsur:
            if not self.responden <= u.jumlah <= 4 * self.responden:
                raise ValueError(
                    f"jumlah nilai {u.kode} ({u.jumlah}) harus antara {self.responden} dan "
                    f"{4 * self.responden} untuk {self.responden} responden"
                )
        return self

    @property
    def nrr(self) -> list[Fraction]:
        if not self.responden:
            return []
        return [Fraction(u.jumlah, self.responden) for u in self.unsur]

    @property
    def ikm(self) -> Fraction | None:
        """IKM = (Σ NRR × 1/9) × 25, exact; None without respondents."""
        if not self.responden:
            return None
        return sum((n * Fraction(1, 9) for n in self.nrr), Fraction(0)) * 25

    @property
    def cukup(self) -> bool:
        return self.responden >= self.sampel


class CapaianBulan(Model):
    """One month: requests received, judged (deadlines known) and with every deadline met."""

    bulan: int = Field(ge=1, le=12)
    diterima: int = Field(0, ge=0)
    dinilai: int = Field(ge=0)
    tepat: int = Field(ge=0)

    @model_validator(mode="after")
    def _urut(self) -> CapaianBulan:
        if self.tepat > self.dinilai:
            raise ValueError(f"bulan {self.bulan}: tepat waktu melebihi yang dinilai")
        return self


class LayananLaporan(Model):
    """One service over the year."""

    nama: str
    janji_jawab: int | None = None
    """Working days promised for the answer (the standard)."""
    janji_selesai: int | None = None
    diterima: int = Field(ge=0)
    disetujui: int = Field(0, ge=0)
    ditolak: int = Field(0, ge=0)
    diperpanjang: int = Field(0, ge=0)
    jawab_tepat: int = Field(0, ge=0)
    jawab_dinilai: int = Field(0, ge=0)
    selesai_tepat: int = Field(0, ge=0)
    selesai_dinilai: int = Field(0, ge=0)
    tepat: int = Field(0, ge=0)
    dinilai: int = Field(0, ge=0)
    median_hari: Decimal | None = None
    p90_hari: int | None = None
    responden: int = Field(0, ge=0)
    ikm: Decimal | None = Field(None, ge=25, le=100)


class PengaduanLaporan(Model):
    jumlah: int = Field(ge=0)
    janji: int = Field(5, gt=0)
    """Working days promised to handle a complaint."""
    tepat: int = Field(0, ge=0)
    terlambat: int = Field(0, ge=0)
    berjalan: int = Field(0, ge=0)
    median_hari: Decimal | None = None
    p90_hari: int | None = None
    per_kanal: dict[str, int] = {}
    per_layanan: dict[str, int] = {}
    lapor: int = Field(0, ge=0)
    """Complaints with a LAPOR! (SP4N) ticket."""


class KasusLaporan(Model):
    """One of the longest cases (tracking code only, no personal data)."""

    kode: str
    layanan: str
    diterima: Tanggal
    durasi: int = Field(ge=0)
    """Working days from receipt to its end."""
    janji: int | None = None
    keterangan: str = ""


class RencanaTindakLanjut(Model):
    """One follow-up action the head commits to."""

    unsur: str | None = None
    """The unsur or finding it answers (``U8`` or a short text)."""
    masalah: str
    kegiatan: str
    waktu: str
    penanggung_jawab: str


class LaporanEvaluasi(Dokumen):
    """Laporan Evaluasi Penerapan Standar Pelayanan of one year."""

    jenis: Literal["laporan_evaluasi"] = "laporan_evaluasi"
    tahun: int = Field(ge=2000, le=2100)
    unit_layanan: str = "Unit Layanan Terpadu"
    per_hari: Tanggal
    """The figures are as the desk's records stood on this day."""
    dasar: list[str] = [
        "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 14 Tahun "
        "2017 tentang Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara "
        "Pelayanan Publik",
        "Keputusan Kepala tentang Standar Pelayanan yang berlaku",
    ]
    survei: SurveiLaporan
    layanan: list[LayananLaporan] = Field(min_length=1)
    bulanan: list[CapaianBulan] = Field(min_length=1, max_length=12)
    median_hari: Decimal | None = None
    """Median working days to the end of a request, all services."""
    p90_hari: int | None = None
    pengaduan: PengaduanLaporan
    terlama: list[KasusLaporan] = []
    saran: list[str] = []
    """Respondents' suggestions quoted (a selection)."""
    catatan: list[str] = []
    """The head's own remarks, printed after the findings."""
    rencana_tindak_lanjut: list[RencanaTindakLanjut] = []
    ditetapkan_di: str | None = None
    tanggal: Tanggal
    penandatangan: Pejabat
    mewakili: Mewakili | None = None
    verifikator: list[Pejabat] = []
    tembusan: list[str] = []

    @model_validator(mode="after")
    def _bulan_unik(self) -> LaporanEvaluasi:
        bulan = [b.bulan for b in self.bulanan]
        if len(set(bulan)) != len(bulan):
            raise ValueError("setiap bulan hanya boleh muncul sekali di bulanan")
        return self

    @property
    def tentang(self) -> str:
        return f"Evaluasi Penerapan Standar Pelayanan {self.unit_layanan} Tahun {self.tahun}"

    @property
    def tepat(self) -> int:
        return sum(x.tepat for x in self.layanan)

    @property
    def dinilai(self) -> int:
        return sum(x.dinilai for x in self.layanan)

    @property
    def persen_tepat(self) -> Fraction | None:
        return Fraction(100 * self.tepat, self.dinilai) if self.dinilai else None

    @property
    def diterima(self) -> int:
        return sum(x.diterima for x in self.layanan)

    @property
    def prioritas(self) -> UnsurNilai | None:
        """The unsur with the lowest NRR (the first on a tie): the improvement priority."""
        if not self.survei.responden:
            return None
        return min(self.survei.unsur, key=lambda u: (u.jumlah, u.kode))
