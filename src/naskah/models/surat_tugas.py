"""Surat Tugas (assignment letter): basis, assignees, task, time and place."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from naskah.models.common import Mewakili, Model, Pejabat, Tanggal, format_tanggal
from naskah.models.dokumen import Dokumen


class Pelaksanaan(Model):
    """When and where the task is carried out."""

    tanggal_mulai: Tanggal
    tanggal_selesai: Tanggal | None = None
    tempat: str

    @model_validator(mode="after")
    def _urutan(self) -> Pelaksanaan:
        if self.tanggal_selesai and self.tanggal_selesai < self.tanggal_mulai:
            raise ValueError("tanggal selesai mendahului tanggal mulai")
        return self

    @property
    def rentang(self) -> str:
        """Return the dates as printed: ``21 Mei 2024`` or ``21 s.d. 23 Mei 2024``."""
        a, b = self.tanggal_mulai, self.tanggal_selesai
        if b is None or a == b:
            return format_tanggal(a)
        return rentang_tanggal(a, b)


def rentang_tanggal(a, b) -> str:
    """Return a date range in Indonesian, sharing the month and year where they agree."""
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day} s.d. {format_tanggal(b)}"
    if a.year == b.year:
        return f"{format_tanggal(a).rsplit(' ', 1)[0]} s.d. {format_tanggal(b)}"
    return f"{format_tanggal(a)} s.d. {format_tanggal(b)}"


class SuratTugas(Dokumen):
    """An assignment letter signed by the head of the office."""

    jenis: Literal["surat_tugas"] = "surat_tugas"
    dasar: list[str] = Field(min_length=1)
    """The basis: e.g. the requester's letter with its number and date."""
    petugas: list[Pejabat] = Field(min_length=1)
    untuk: list[str] = Field(min_length=1)
    """The task(s)."""
    pelaksanaan: Pelaksanaan
    ditetapkan_di: str | None = None
    tanggal: Tanggal
    penandatangan: Pejabat
    """The person who signs (name, NIP, own jabatan); the signing certificate is theirs."""
    mewakili: Mewakili | None = None
    """Signing for another office: a.n., u.b., Plt., Plh. or Pj. with the office's jabatan."""
    verifikator: list[Pejabat] = []
    """The officials who paraf before the penandatangan signs, in order (e.g. the Kasubbag
    Umum, then the Kepala Bagian): written into the PDF's signer record, so only their
    certificates can give the paraf (``naskah terbitkan --tandatangani --paraf``)."""
    tembusan: list[str] = []
