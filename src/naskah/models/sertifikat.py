"""Sertifikat: an activity (kegiatan) with its materials, its participants and their certificates.

A :class:`SertifikatKegiatan` document describes the activity once; its participants come inline
or from a spreadsheet. Each issued :class:`Sertifikat` is one participant with one number.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import Field, GetCoreSchemaHandler, field_validator, model_validator
from pydantic_core import core_schema

from naskah.models.common import NIP, Mewakili, Model, Pejabat, Tanggal, alamat_email
from naskah.models.dokumen import Dokumen
from naskah.nomor import NomorNaskah
from naskah.teks_aman import alasan_teks

Peran = Literal["peserta", "narasumber", "fasilitator", "moderator", "panitia"]


class NIK(str):
    """A 16-digit population number; digits 7-12 hold the birth date (day + 40 for women)."""

    def __new__(cls, value: str | int):
        digits = re.sub(r"\s", "", str(value))
        if not re.fullmatch(r"[0-9]{16}", digits):
            raise ValueError(f"NIK {value!r} harus 16 digit")
        hari, bulan, tahun = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
        if hari > 40:
            hari -= 40
        for abad in (1900, 2000):
            try:
                date(abad + tahun, bulan, hari)
                break
            except ValueError:
                continue
        else:
            raise ValueError(f"NIK {value!r}: digit 7-12 bukan tanggal lahir yang sah")
        return super().__new__(cls, digits)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def validate(value: Any) -> NIK:
            if isinstance(value, NIK):
                return value
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                return cls(value)
            raise ValueError("NIK harus berupa teks 16 digit")

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )


class Materi(Model):
    """One subject of the activity with its volume in JP (1 JP = 45 minutes)."""

    nama: str
    jp: int = Field(gt=0)
    narasumber: str | None = None


class Kegiatan(Model):
    """The activity certificates are issued for."""

    nama: str
    penyelenggara: str
    mitra: str | None = None
    tanggal_mulai: Tanggal
    tanggal_selesai: Tanggal
    tempat: str
    jp: int = Field(gt=0)
    materi: list[Materi] = []

    @model_validator(mode="after")
    def _urutan(self) -> Kegiatan:
        if self.tanggal_selesai < self.tanggal_mulai:
            raise ValueError("tanggal selesai kegiatan mendahului tanggal mulai")
        return self


class Peserta(Model):
    """One participant: identity, institution and role."""

    nama: str
    nik: NIK | None = None
    nip: NIP | None = None
    instansi: str
    email: str | None = None
    """Exactly one address (:func:`~naskah.models.common.alamat_email`), stored lower case."""
    peran: Peran = "peserta"

    @field_validator("email")
    @classmethod
    def _satu_alamat(cls, v: str | None) -> str | None:
        return alamat_email(v) if v else None

    @field_validator("nama")
    @classmethod
    def _nama_tampak(cls, v: str) -> str:
        alasan = alasan_teks(v)
        if alasan:
            raise ValueError(f"nama {alasan}")
        return v


class SertifikatKegiatan(Dokumen):
    """The certificate document of an activity: printed once per participant."""

    jenis: Literal["sertifikat"] = "sertifikat"
    seri: str = "sertifikat"
    kegiatan: Kegiatan
    ditetapkan_di: str | None = None
    tanggal: Tanggal
    penandatangan: Pejabat
    """The person who signs (name, NIP, own jabatan); the signing certificate is theirs."""
    mewakili: Mewakili | None = None
    """Signing for another office (a deputy): a.n., u.b., Plt., Plh. or Pj. with its jabatan."""
    peserta: list[Peserta] = []
    berkas_peserta: str | None = None
    """A CSV or XLSX participant sheet, relative to this file."""


class Sertifikat(Model):
    """One issued certificate: one participant of an activity, with its own number."""

    kegiatan: SertifikatKegiatan
    peserta: Peserta
    nomor: NomorNaskah | str
    """The number from the certificate series, as printed."""
    id_verifikasi: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]{8,128}$")
    """The unguessable URL-safe token of the verification address (``secrets``); no QR without."""
