"""Value types and parties shared by every document: NIP, Tanggal, Instansi, Pejabat.

No I/O here: these are pure values that validate themselves and know how they are printed.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)

from naskah.nip import NIP as NIP
from naskah.nip import JenisNIP as JenisNIP
from naskah.tanggal import BULAN as BULAN
from naskah.tanggal import format_tanggal as format_tanggal
from naskah.tanggal import parse_tanggal as parse_tanggal
from naskah.teks_aman import alasan_teks


class Model(BaseModel):
    """Base of every document model: unknown keys are errors, values are validated on set."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_strip_whitespace=True)


# --- Tanggal -------------------------------------------------------------------------------


Tanggal = Annotated[
    date,
    BeforeValidator(parse_tanggal),
    PlainSerializer(lambda d: d.isoformat(), return_type=str, when_used="json"),
]
"""A date field: accepts ISO or Indonesian long form, printed with :func:`format_tanggal`."""


# --- e-mail -------------------------------------------------------------------------------

_BANYAK_ALAMAT = re.compile(r"[,;\s<>]")
_LOKAL_BIASA = re.compile(r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*")
"""A plain ASCII local part (a subset of what email-validator accepts unquoted)."""
_DOMAIN_SAH: dict[str, str | None] = {}
"""Domain → its normalized form, or None when email-validator refused it (per process)."""


def _validasi(teks: str) -> str | None:
    from email_validator import EmailNotValidError, validate_email

    try:
        return str(
            validate_email(teks, check_deliverability=False, allow_quoted_local=False).normalized
        )
    except EmailNotValidError:
        return None


def alamat_email(teks: str) -> str:
    """Return ``teks`` as one e-mail address (lower case); raise ValueError (Indonesian) if not.

    Exactly one address: a list (``a@x.id, b@y.id``), a display name (``Ani <a@x.id>``) or a
    quoted local part is refused, so a cell or field can never add a second recipient.
    Checked by email-validator for syntax only (no DNS look-up); a plain ASCII local part is
    checked by a pattern and its domain by email-validator once per domain (a sheet of 20,000
    participants shares a few dozen domains).
    """
    teks = teks.strip()
    if teks.count("@") != 1 or _BANYAK_ALAMAT.search(teks):
        raise ValueError(
            "sel e-mail harus memuat tepat satu alamat (tanpa koma, titik koma, spasi atau nama); "
            "tulis alamat lain di baris pesertanya sendiri"
        )
    lokal, domain = teks.split("@")
    if len(lokal) <= 64 and _LOKAL_BIASA.fullmatch(lokal):
        kunci = domain.lower()
        if kunci not in _DOMAIN_SAH:
            if len(_DOMAIN_SAH) > 10_000:
                _DOMAIN_SAH.clear()
            hasil = _validasi(f"a@{domain}")
            _DOMAIN_SAH[kunci] = hasil.split("@", 1)[1] if hasil else None
        normal = _DOMAIN_SAH[kunci]
        hasil = f"{lokal}@{normal}" if normal and len(lokal) + len(normal) < 254 else None
    else:
        hasil = _validasi(teks)
    if hasil is None:
        raise ValueError(
            "alamat e-mail tidak sah; periksa penulisannya, misalnya nama@contoh.go.id"
        )
    return hasil.lower()


# --- Parties -------------------------------------------------------------------------------


KontakTiada = Literal["telepon", "faksimile", "laman", "email"]
LOGO_CONTOH = "contoh"
"""The ``logo`` value that asks for the placeholder emblem on purpose (examples, drafts)."""


class Instansi(Model):
    """The issuing office as printed in the kop (letterhead)."""

    kementerian: str
    """The ministry, first line of the kop: ``KEMENTERIAN PENDIDIKAN DASAR DAN MENENGAH``."""
    unit_utama: str | None = None
    """A middle kop line between ministry and unit (e.g. the directorate general), if any."""
    unit: str
    """The office itself, printed bold: ``BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI …``."""
    alamat: str
    telepon: list[str] = []
    faksimile: list[str] = []
    laman: str | None = None
    email: str | None = None
    kontak: list[str] = []
    """Contact lines printed exactly as written, replacing the generated telephone/web lines
    (e.g. ``Pusat Panggilan ULT 126``, ``Telepon: (0536) 3221434; Faksimile: (0536) 3221435``)."""
    tanpa: list[KontakTiada] = []
    """Contact kinds the office does not have (``["email"]``): the linter stops asking."""
    kota: str
    kode_unit: str | None = None
    logo: str | None = None
    """Path of the logo image, relative to naskah.toml; ``contoh`` prints the placeholder
    emblem on purpose (samples); empty prints it too, with a linter warning."""

    @property
    def logo_contoh(self) -> bool:
        """Return whether the kop prints the placeholder emblem instead of a logo file."""
        return not self.logo or self.logo.strip().lower() == LOGO_CONTOH

    @property
    def baris_kontak(self) -> list[str]:
        """Return the kop's contact lines: ``kontak`` as written, else telephone/fax, web/e-mail."""
        if self.kontak:
            return list(self.kontak)
        baris = []
        tel = []
        if self.telepon:
            tel.append("Telepon " + ", ".join(self.telepon))
        if self.faksimile:
            tel.append("Faksimile " + ", ".join(self.faksimile))
        if tel:
            baris.append("; ".join(tel) if len(self.telepon) + len(self.faksimile) > 2
                         else ", ".join(tel))  # fmt: skip
        web = []
        if self.laman:
            web.append(f"Laman {self.laman}")
        if self.email:
            web.append(f"Pos-el {self.email}")
        if web:
            baris.append(", ".join(web))
        return baris


class Pejabat(Model):
    """A person who signs or is assigned: one object, printed the same way everywhere."""

    nama: str
    gelar_depan: str | None = None
    gelar_belakang: str | None = None
    nip: NIP | None = None
    jabatan: str | None = None
    """The position as printed above the signature (``Kepala``) or in an assignees table."""
    pangkat: str | None = None
    """Pangkat/golongan, e.g. ``Pembina Utama Muda (IV/c)``."""
    nik: str | None = Field(None, pattern=r"^[0-9]{16}$", exclude=True, repr=False)
    """NIK (16 digits) the official signs with at BSrE's ESC ([tte] penyedia = "bsre"); personal
    data: never printed, logged, dumped or put in a message."""

    @field_validator("nama")
    @classmethod
    def _nama_tanpa_gelar(cls, v: str) -> str:
        if not v:
            raise ValueError("nama tidak boleh kosong")
        alasan = alasan_teks(v)
        if alasan:
            raise ValueError(f"nama {alasan}")
        return v

    @property
    def nama_lengkap(self) -> str:
        """Return the name with its academic titles: ``Dr. Jarwoko, M.Pd.``."""
        nama = self.nama
        if self.gelar_depan:
            nama = f"{self.gelar_depan} {nama}"
        if self.gelar_belakang:
            nama = f"{nama}, {self.gelar_belakang}"
        return nama

    @property
    def nip_tampil(self) -> str | None:
        """Return the NIP as printed (``19700319 199703 1 001``), or None."""
        return self.nip.tampil if self.nip else None


# --- signing on behalf of someone, and copies ---------------------------------------------------

BentukWakil = Literal["a.n.", "u.b.", "Plt.", "Plh.", "Pj."]
_BENTUK_WAKIL: dict[str, BentukWakil] = {
    "an": "a.n.", "atasnama": "a.n.", "ub": "u.b.", "untukbeliau": "u.b.",
    "plt": "Plt.", "pelaksanatugas": "Plt.", "plh": "Plh.", "pelaksanaharian": "Plh.",
    "pj": "Pj.", "penjabat": "Pj.",
}  # fmt: skip


def _bentuk_wakil(value: Any) -> Any:
    if isinstance(value, str):
        kunci = re.sub(r"[^a-z]", "", value.lower())
        return _BENTUK_WAKIL.get(kunci, value)
    return value


class Mewakili(Model):
    """How the signer signs for an office that is not their own (a.n., u.b., Plt., Plh., Pj.).

    The person who signs, whose name is printed and whose certificate signs the PDF, is always
    the document's ``penandatangan``; this block only adds the office being represented.
    ``a.n.`` prints ``a.n. <JABATAN>`` above the signer's own jabatan; ``u.b.`` prints
    ``a.n. <JABATAN>`` / ``<PERANTARA>`` / ``u.b.`` / the signer's jabatan; ``Plt.``, ``Plh.``
    and ``Pj.`` print ``Plh. <JABATAN>,`` in place of the signer's own jabatan.
    """

    bentuk: Annotated[BentukWakil, BeforeValidator(_bentuk_wakil)]
    """``a.n.`` (atas nama), ``u.b.`` (untuk beliau), ``Plt.``, ``Plh.`` or ``Pj.``."""
    jabatan: str
    """The office represented: the superior's jabatan (a.n., u.b.) or the office filled (Plt.)."""
    perantara: str | None = None
    """u.b. only: the jabatan of the official who passed the mandate on to the signer."""

    @field_validator("jabatan")
    @classmethod
    def _jabatan_isi(cls, v: str) -> str:
        if not v.strip(" ,"):
            raise ValueError("jabatan yang diwakili tidak boleh kosong")
        return v

    @model_validator(mode="after")
    def _perantara_ub(self) -> Mewakili:
        if self.bentuk == "u.b." and not self.perantara:
            raise ValueError(
                "u.b. memerlukan perantara: jabatan pejabat yang meneruskan kuasa a.n. kepada "
                "penandatangan"
            )
        if self.bentuk != "u.b." and self.perantara:
            raise ValueError(f"perantara hanya dipakai pada u.b., bukan pada {self.bentuk}")
        return self


class Salinan(Model):
    """A published copy: ``SALINAN`` above the title, ``ttd.`` for the signature, a copy block.

    ``salinan: true`` is the short form (no copy block; the linter asks for ``pengesah``).
    """

    pengesah: Pejabat | None = None
    """The official who authenticates the copy (jabatan, name, NIP under "Salinan sesuai …")."""
    tanda: str = "ttd."
    """Printed in place of the original signature (``ttd.`` or ``TTD.``, as the office uses)."""
    keterangan: str = "Salinan sesuai dengan aslinya"
    """The first line of the copy block."""

    @model_validator(mode="before")
    @classmethod
    def _ringkas(cls, data: Any) -> Any:
        if data is True:
            return {}
        return data
