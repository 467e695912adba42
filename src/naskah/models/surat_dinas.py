"""Surat Dinas (official letter): nomor, sifat, lampiran, hal, addressee, body and signature.

The parts follow the tata naskah dinas letter: the kop; ``Nomor``, ``Sifat``, ``Lampiran`` and
``Hal`` at the left with the date at the right of the first line; ``Yth.`` and the addressee(s)
with their address; the body (rich text: paragraphs, lists, tables); the signature block
(jabatan, name, NIP); the tembusan.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field, field_validator

from naskah.models.common import Mewakili, Model, Pejabat, Tanggal
from naskah.models.dokumen import Dokumen
from naskah.models.teks import Uraian

Sifat = Literal["Biasa", "Penting", "Segera", "Sangat Segera", "Rahasia", "Sangat Rahasia"]
"""The sifat (urgency or security grade) a letter may carry."""
SIFAT: tuple[str, ...] = get_args(Sifat)


class Penerima(Model):
    """An addressee: the jabatan or name after ``Yth.`` and where the letter goes."""

    nama: str
    """The addressee as printed after ``Yth.``: ``Kepala Dinas Pendidikan Kota Samarinda``."""
    alamat: str | None = None
    """The address under the name: a street or ``di Samarinda``."""

    @field_validator("nama")
    @classmethod
    def _isi(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("nama penerima tidak boleh kosong")
        return v


class SuratDinas(Dokumen):
    """An official letter signed by an official of the office."""

    jenis: Literal["surat_dinas"] = "surat_dinas"
    sifat: Sifat = "Biasa"
    lampiran: str | None = None
    """What is attached, e.g. ``1 (satu) berkas``; printed ``-`` when empty."""
    hal: str = Field(min_length=1)
    """The subject (``Hal``)."""
    tanggal: Tanggal
    kepada: list[Penerima] = Field(min_length=1)
    isi: Uraian
    """The body: paragraphs, lists and tables."""
    penutup: str | None = "Atas perhatian dan kerja sama Bapak/Ibu, kami sampaikan terima kasih."
    """The closing sentence; ``null`` leaves it out."""
    penandatangan: Pejabat
    """The person who signs (name, NIP, own jabatan); the signing certificate is theirs."""
    mewakili: Mewakili | None = None
    """Signing for another office: a.n., u.b., Plt., Plh. or Pj. with the office's jabatan."""
    verifikator: list[Pejabat] = []
    """The officials who paraf before the penandatangan signs, in order."""
    tembusan: list[str] = []

    @field_validator("isi")
    @classmethod
    def _isi_ada(cls, v: Uraian) -> Uraian:
        if not v.root:
            raise ValueError("isi surat tidak boleh kosong")
        return v
