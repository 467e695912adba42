"""Rich text of documents: paragraphs, numbered/lettered/bulleted lists (nested) and tables.

Staff write these compactly in YAML and the models keep that shape when dumped:

.. code-block:: yaml

    persyaratan:
      - Paragraf pembuka.
      - angka:                     # 1., 2., … (huruf: a., b., …; poin: bullets)
          - Surat resmi;
          - teks: Proposal yang memuat:
            huruf: [tujuan;, sasaran.]
      - tabel:
          kolom: [No, Uraian]
          baris: [[1, Gedung]]

Labels are generated (never typed) so that lists restart and align the same way everywhere.
Also here: Indonesian number words (terbilang), ordinals for diktum and Roman numerals.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    Discriminator,
    RootModel,
    Tag,
    field_validator,
    model_serializer,
    model_validator,
)

from naskah.models.common import Model

GayaDaftar = Literal["angka", "huruf", "poin"]
GAYA_DAFTAR: tuple[GayaDaftar, ...] = ("angka", "huruf", "poin")

_SATUAN = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
           "sepuluh", "sebelas")  # fmt: skip


def terbilang(n: int) -> str:
    """Return ``n`` in Indonesian words: 5 → ``lima``, 12 → ``dua belas``, 100 → ``seratus``."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n == 0:
        return "nol"
    if n < 12:
        return _SATUAN[n]
    if n < 20:
        return f"{_SATUAN[n - 10]} belas"
    if n < 100:
        puluh, sisa = divmod(n, 10)
        return f"{_SATUAN[puluh]} puluh" + (f" {_SATUAN[sisa]}" if sisa else "")
    if n < 200:
        return "seratus" + (f" {terbilang(n - 100)}" if n > 100 else "")
    if n < 1000:
        ratus, sisa = divmod(n, 100)
        return f"{_SATUAN[ratus]} ratus" + (f" {terbilang(sisa)}" if sisa else "")
    if n < 2000:
        return "seribu" + (f" {terbilang(n - 1000)}" if n > 1000 else "")
    for besar, nama in ((10**9, "miliar"), (10**6, "juta"), (1000, "ribu")):
        if n >= besar:
            depan, sisa = divmod(n, besar)
            return f"{terbilang(depan)} {nama}" + (f" {terbilang(sisa)}" if sisa else "")
    raise AssertionError("unreachable")


def ordinal_diktum(n: int) -> str:
    """Return the diktum label for position ``n`` (1-based): KESATU, KEDUA, …, KEDUA BELAS."""
    if n < 1:
        raise ValueError("urutan diktum dimulai dari 1")
    return ("ke" + terbilang(n)).upper()


def romawi(n: int) -> str:
    """Return ``n`` as a Roman numeral (1 → I, 14 → XIV)."""
    if not 0 < n < 4000:
        raise ValueError("angka Romawi hanya untuk 1 sampai 3999")
    hasil = ""
    for nilai, simbol in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                          (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                          (4, "IV"), (1, "I")):  # fmt: skip
        while n >= nilai:
            hasil += simbol
            n -= nilai
    return hasil


def label_huruf(i: int) -> str:
    """Return the letter label of the ``i``-th item (0-based): a, b, …, z, aa, ab."""
    label = ""
    i += 1
    while i > 0:
        i, sisa = divmod(i - 1, 26)
        label = chr(ord("a") + sisa) + label
    return label


def label_butir(gaya: GayaDaftar, i: int) -> str:
    """Return the printed label of item ``i`` (0-based) of a list in ``gaya``."""
    if gaya == "angka":
        return f"{i + 1}."
    if gaya == "huruf":
        return f"{label_huruf(i)}."
    return "\u2022"


class Butir(Model):
    """One list item: its text and an optional nested list."""

    teks: str
    sub: Daftar | None = None

    @model_validator(mode="before")
    @classmethod
    def _ringkas(cls, data: Any) -> Any:
        if isinstance(data, (str, int, float)) and not isinstance(data, bool):
            return {"teks": str(data)}
        if isinstance(data, dict):
            gaya = [k for k in data if k in GAYA_DAFTAR]
            if len(gaya) > 1:
                raise ValueError("satu butir hanya boleh memuat satu daftar bertingkat")
            if gaya:
                data = dict(data)
                g = gaya[0]
                data["sub"] = {"gaya": g, "butir": data.pop(g)}
        return data

    @model_serializer(mode="wrap")
    def _tulis(self, handler: Any) -> Any:
        if self.sub is None:
            return self.teks
        return {"teks": self.teks, self.sub.gaya: [b._tulis(handler) for b in self.sub.butir]}


class Daftar(Model):
    """A list whose labels are generated from its style."""

    gaya: GayaDaftar = "angka"
    butir: list[Butir]

    @model_validator(mode="before")
    @classmethod
    def _ringkas(cls, data: Any) -> Any:
        if isinstance(data, dict) and "butir" not in data:
            gaya = [k for k in data if k in GAYA_DAFTAR]
            if len(gaya) == 1 and len(data) == 1:
                return {"gaya": gaya[0], "butir": data[gaya[0]]}
        return data

    @field_validator("butir")
    @classmethod
    def _tidak_kosong(cls, v: list[Butir]) -> list[Butir]:
        if not v:
            raise ValueError("daftar tidak boleh kosong")
        return v

    @model_serializer(mode="wrap")
    def _tulis(self, handler: Any) -> Any:
        return {self.gaya: [b._tulis(handler) for b in self.butir]}

    def berlabel(self) -> list[tuple[str, Butir]]:
        """Return ``(label, item)`` pairs: ``("1.", …)``, ``("a.", …)``."""
        return [(label_butir(self.gaya, i), b) for i, b in enumerate(self.butir)]

    def semua_teks(self) -> list[str]:
        """Return every item's text, nested ones included, in reading order."""
        out: list[str] = []
        for b in self.butir:
            out.append(b.teks)
            if b.sub:
                out.extend(b.sub.semua_teks())
        return out


class Tabel(Model):
    """A simple table: column headings and rows of cells."""

    kolom: list[str]
    baris: list[list[str]]

    @field_validator("baris", mode="before")
    @classmethod
    def _sel_teks(cls, v: Any) -> Any:
        if isinstance(v, list):
            return [
                [str(c) if isinstance(c, (int, float)) else c for c in r]
                if isinstance(r, list)
                else r
                for r in v
            ]
        return v

    @model_validator(mode="after")
    def _lebar_sama(self) -> Tabel:
        for i, r in enumerate(self.baris, 1):
            if len(r) != len(self.kolom):
                raise ValueError(
                    f"baris tabel ke-{i} memiliki {len(r)} sel, padahal kolomnya {len(self.kolom)}"
                )
        return self


class BlokTabel(Model):
    tabel: Tabel


def _jenis_blok(v: Any) -> str:
    if isinstance(v, (str, int, float)) and not isinstance(v, bool):
        return "paragraf"
    if isinstance(v, BlokTabel) or (isinstance(v, dict) and "tabel" in v):
        return "tabel"
    return "daftar"


Blok = Annotated[
    Annotated[str, Tag("paragraf")]
    | Annotated[Daftar, Tag("daftar")]
    | Annotated[BlokTabel, Tag("tabel")],
    Discriminator(_jenis_blok),
]
"""A block of rich text: a paragraph, a list or a table (errors name the kind tried)."""


class Uraian(RootModel[list[Blok]]):
    """Rich text: a sequence of paragraphs, lists and tables (a plain string is one paragraph)."""

    @model_validator(mode="before")
    @classmethod
    def _ringkas(cls, data: Any) -> Any:
        if isinstance(data, str):
            return [data]
        if isinstance(data, dict):
            return [data]
        return data

    @model_serializer(mode="wrap")
    def _tulis(self, handler: Any) -> Any:
        out = [b if isinstance(b, str) else b.model_dump() for b in self.root]
        if len(out) == 1 and isinstance(out[0], str):
            return out[0]
        return out

    def __iter__(self):
        return iter(self.root)

    def __len__(self) -> int:
        return len(self.root)

    def semua_teks(self) -> list[str]:
        """Return every paragraph, item and cell text in reading order."""
        out: list[str] = []
        for b in self.root:
            if isinstance(b, str):
                out.append(b)
            elif isinstance(b, Daftar):
                out.extend(b.semua_teks())
            else:
                out.extend(b.tabel.kolom)
                for r in b.tabel.baris:
                    out.extend(r)
        return out
