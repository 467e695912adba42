"""Perjanjian Kerja Sama (cooperation agreement): the two parties, their numbers and the pasal.

An agreement between the office, PIHAK PERTAMA (represented by its head, who signs
electronically), and a partner institution, PIHAK KEDUA (represented by its own official, who
signs the printed block by hand or separately). It carries both parties' numbers: ``nomor`` is
the office's own, from the register; ``nomor_mitra`` the partner's (optional: dots are printed
for the partner to fill in).

Articles are derived, never numbered by hand: Pasal 1 MAKSUD DAN TUJUAN, RUANG LINGKUP, HAK DAN
KEWAJIBAN, PEMBIAYAAN, JANGKA WAKTU (from ``mulai`` and ``selesai``, never retyped), then the
``pasal_lain`` in order, then PENYELESAIAN PERSELISIHAN and PENUTUP, whose last ayat always says
how each party signs. An ayat is numbered ``(1)``, ``(2)`` only when its pasal has several; a
list under an ayat is lettered ``a.``, ``b.``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from naskah.models.common import Mewakili, Model, Pejabat, Tanggal, format_tanggal
from naskah.models.dokumen import Dokumen
from naskah.models.teks import label_huruf

PIHAK_PERTAMA = "PIHAK PERTAMA"
PIHAK_KEDUA = "PIHAK KEDUA"
PARA_PIHAK = "PARA PIHAK"

PERSELISIHAN_BAKU = [
    "Apabila terjadi perselisihan dalam pelaksanaan Perjanjian ini, PARA PIHAK sepakat "
    "menyelesaikannya secara musyawarah untuk mufakat.",
    "Apabila musyawarah sebagaimana dimaksud pada ayat (1) tidak mencapai mufakat, PARA PIHAK "
    "sepakat menyelesaikannya sesuai dengan ketentuan peraturan perundang-undangan.",
]
PENUTUP_BAKU = [
    "Hal-hal yang belum atau tidak cukup diatur dalam Perjanjian ini akan diatur kemudian oleh "
    "PARA PIHAK dalam adendum yang merupakan bagian tidak terpisahkan dari Perjanjian ini.",
]
AYAT_TANDA_TANGAN = (
    "Perjanjian ini ditandatangani secara elektronik oleh PIHAK PERTAMA dan ditandatangani "
    "basah atau secara terpisah oleh PIHAK KEDUA pada blok tanda tangan PIHAK KEDUA yang "
    "tercetak; kedua tanda tangan mempunyai kekuatan hukum yang sama dan Perjanjian ini berlaku "
    "sejak ditandatangani oleh PARA PIHAK."
)
"""The closing ayat every agreement ends with: how each party signs (derived, not editable)."""

Baris = tuple[int, str, str]
"""A printed row of a pasal: (level, label, text); level 0 a paragraph, 1 an ayat ``(1)``, 2 a
lettered item under an ayat, 3 a lettered item directly under a paragraph."""


class PihakMitra(Model):
    """PIHAK KEDUA: the partner institution and the official who signs for it."""

    nama: str = Field(min_length=1)
    """The partner institution as printed: ``Dinas Pendidikan Kota Samarinda``."""
    alamat: str | None = None
    """Where the partner is domiciled (``berkedudukan di``)."""
    wakil: Pejabat
    """The partner's official who signs (name, titles, jabatan; NIP when a civil servant)."""

    @field_validator("wakil")
    @classmethod
    def _berjabatan(cls, v: Pejabat) -> Pejabat:
        if not (v.jabatan or "").strip():
            raise ValueError("wakil mitra membutuhkan jabatan (dicetak di blok tanda tangannya)")
        return v


class HakKewajiban(Model):
    """What a party is entitled to (``hak``) and bound to do (``kewajiban``)."""

    hak: list[str] = []
    kewajiban: list[str] = Field(min_length=1)


class Pasal(Model):
    """A further article: its heading and its ayat (each a sentence)."""

    judul: str = Field(min_length=1)
    ayat: list[str] = Field(min_length=1)


class PerjanjianKerjaSama(Dokumen):
    """A cooperation agreement between the office and a partner institution."""

    jenis: Literal["perjanjian_kerja_sama"] = "perjanjian_kerja_sama"
    tentang: str = Field(min_length=1)
    """The subject: the activity agreed on (printed after ``TENTANG``)."""
    nomor_mitra: str | None = None
    """The partner's own number of the agreement; dots are printed when it is not known yet."""
    tanggal: Tanggal
    """The day the agreement is made (printed in words in the opening)."""
    tempat: str | None = None
    """Where it is made; the office's city when empty."""
    penandatangan: Pejabat
    """PIHAK PERTAMA's signer: the head of the office, who signs electronically."""
    mewakili: Mewakili | None = None
    """Signing for another office: a.n., u.b., Plt., Plh. or Pj. with the office's jabatan."""
    verifikator: list[Pejabat] = []
    """The officials who paraf before the penandatangan signs, in order."""
    mitra: PihakMitra
    maksud: str = Field(min_length=1)
    """The purpose (``Maksud Perjanjian ini adalah …``)."""
    tujuan: list[str] = Field(min_length=1)
    """The aims (``Tujuan Perjanjian ini adalah …``)."""
    ruang_lingkup: list[str] = Field(min_length=1)
    pihak_pertama: HakKewajiban
    """The office's rights and obligations."""
    pihak_kedua: HakKewajiban
    """The partner's rights and obligations."""
    pembiayaan: list[str] = Field(min_length=1)
    """Who bears which costs (one ayat each)."""
    mulai: Tanggal
    selesai: Tanggal
    pasal_lain: list[Pasal] = []
    """Further articles, printed after JANGKA WAKTU."""
    penyelesaian_perselisihan: list[str] = Field(
        default_factory=lambda: list(PERSELISIHAN_BAKU), min_length=1
    )
    penutup: list[str] = Field(default_factory=lambda: list(PENUTUP_BAKU))
    """The closing ayat; the ayat on how each party signs is always added after them."""

    @model_validator(mode="after")
    def _urutan_tanggal(self) -> PerjanjianKerjaSama:
        if self.selesai < self.mulai:
            raise ValueError("tanggal selesai perjanjian mendahului tanggal mulai")
        return self

    @property
    def jangka_waktu(self) -> str:
        """Return the period as printed in its pasal."""
        return (
            f"sejak tanggal {format_tanggal(self.mulai)} sampai dengan tanggal "
            f"{format_tanggal(self.selesai)}"
        )

    def daftar_pasal(self) -> list[tuple[str, list[Baris]]]:
        """Return every article in order as (heading, rows); the numbers are the order."""
        lingkup = _pengantar("Ruang lingkup Perjanjian ini meliputi:", self.ruang_lingkup)
        jangka = [
            f"Perjanjian ini berlaku {self.jangka_waktu}.",
            "Jangka waktu sebagaimana dimaksud pada ayat (1) dapat diperpanjang atau diakhiri "
            "lebih awal atas kesepakatan PARA PIHAK yang dituangkan secara tertulis.",
        ]
        pasal: list[tuple[str, list[Baris]]] = [
            ("MAKSUD DAN TUJUAN", self._maksud_tujuan()),
            ("RUANG LINGKUP", lingkup),
            ("HAK DAN KEWAJIBAN", self._hak_kewajiban()),
            ("PEMBIAYAAN", _ayat(self.pembiayaan)),
            ("JANGKA WAKTU", _ayat(jangka)),
        ]
        pasal += [(p.judul.upper(), _ayat(p.ayat)) for p in self.pasal_lain]
        pasal.append(("PENYELESAIAN PERSELISIHAN", _ayat(self.penyelesaian_perselisihan)))
        pasal.append(("PENUTUP", _ayat([*self.penutup, AYAT_TANDA_TANGAN])))
        return pasal

    def _maksud_tujuan(self) -> list[Baris]:
        maksud = f"Maksud Perjanjian ini adalah {_kalimat(self.maksud)}."
        if len(self.tujuan) == 1:
            return [(1, "(1)", maksud), (1, "(2)", f"Tujuan Perjanjian ini adalah "
                                                  f"{_kalimat(self.tujuan[0])}.")]  # fmt: skip
        return [(1, "(1)", maksud), (1, "(2)", "Tujuan Perjanjian ini adalah:"),
                *_huruf(self.tujuan, 2)]  # fmt: skip

    def _hak_kewajiban(self) -> list[Baris]:
        baris: list[Baris] = []
        for pihak, hk in ((PIHAK_PERTAMA, self.pihak_pertama), (PIHAK_KEDUA, self.pihak_kedua)):
            for kata, isi in (("berhak", hk.hak), ("berkewajiban", hk.kewajiban)):
                if len(isi) == 1:  # one item is no list: "PIHAK KEDUA berhak memperoleh …"
                    baris.append((1, "", f"{pihak} {kata} {_kalimat(isi[0])}."))
                elif isi:
                    baris.append((1, "", f"{pihak} {kata}:"))
                    baris += _huruf(isi, 2)
        n = sum(1 for b in baris if b[0] == 1)
        urut = iter(range(1, n + 1))
        return [(t, f"({next(urut)})" if t == 1 else lb, tx) for t, lb, tx in baris]


def _kalimat(teks: str) -> str:
    """Return ``teks`` as the end of a sentence: no closing stop, first letter lower case
    unless it starts an abbreviation (``BPMP``)."""
    t = " ".join(teks.split()).rstrip(".;")
    if len(t) > 1 and t[:2].isupper():
        return t
    return t[:1].lower() + t[1:]


def _huruf(butir: list[str], tingkat: int) -> list[Baris]:
    """Return lettered items ``a.``, ``b.`` … ending ``;``, ``; dan`` and ``.``."""
    bersih = [" ".join(b.split()).rstrip(".;") for b in butir]
    akhir = [";"] * (len(bersih) - 2) + ["; dan", "."] if len(bersih) > 1 else ["."]
    return [(tingkat, f"{label_huruf(i)}.", b + a)
            for i, (b, a) in enumerate(zip(bersih, akhir, strict=True))]  # fmt: skip


def _pengantar(pengantar: str, butir: list[str]) -> list[Baris]:
    """Return a sentence introducing a lettered list (the list alone when it has one item)."""
    if len(butir) == 1:
        return [(0, "", f"{pengantar.rstrip(':')} {_kalimat(butir[0])}.")]
    return [(0, "", pengantar), *_huruf(butir, 3)]


def _ayat(ayat: list[str]) -> list[Baris]:
    """Return ayat numbered ``(1)``, ``(2)`` …; a single ayat is a plain paragraph."""
    isi = [" ".join(a.split()) for a in ayat]
    if len(isi) == 1:
        return [(0, "", isi[0])]
    return [(1, f"({i})", a) for i, a in enumerate(isi, 1)]
