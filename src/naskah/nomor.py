"""The document number (nomor naskah) as a value, and the patterns that read and write it.

A number such as ``0512/C7.24/HK.03.01/2024`` is sequence / unit code / archive classification /
year. Offices and series differ (``38/E/KPT/2021``, ``0001/Sertifikat/BPMPKALTIM/2024``), so the
layout is a :class:`PolaNomor` built from a pattern string with placeholders:

``{urut}``         the zero-padded sequence, with an optional sisipan (inserted-number) suffix
``{unit}``         the unit code (``C7.24``)
``{klasifikasi}``  the archive classification code (``HK.03.01``)
``{tahun}``        the four-digit year
``{rahasia}``      the confidentiality marker ``RHS``; left out together with the separator after
                   it when the document is not confidential

This module owns parsing, formatting and ordering; it knows nothing of storage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from naskah.errors import NomorError

if TYPE_CHECKING:  # pydantic is imported only by the models that hold a number
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import core_schema

POLA_BAKU = "{urut}/{unit}/{rahasia}/{klasifikasi}/{tahun}"
PENANDA_RAHASIA = "RHS"
_PLACEHOLDERS = ("urut", "unit", "rahasia", "klasifikasi", "tahun")
_TOKEN = re.compile(r"\{([^{}]*)\}")
_KODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]*", re.ASCII)

GayaSisipan = Literal["huruf", "titik"]


def sisipan_ke_teks(indeks: int, gaya: GayaSisipan) -> str:
    """Return the suffix of the ``indeks``-th inserted number: 1 → ``a`` or ``.1``."""
    if indeks < 1:
        raise NomorError("Nomor sisipan harus dimulai dari 1.")
    if gaya == "titik":
        return f".{indeks}"
    huruf = ""
    n = indeks
    while n > 0:  # bijective base 26: a … z, aa, ab, …
        n, sisa = divmod(n - 1, 26)
        huruf = chr(ord("a") + sisa) + huruf
    return huruf


def teks_ke_sisipan(teks: str) -> int:
    """Return the index of a sisipan suffix (``a`` → 1, ``.2`` → 2, ``aa`` → 27)."""
    if teks.startswith("."):
        return int(teks[1:])
    indeks = 0
    for c in teks:
        indeks = indeks * 26 + (ord(c) - ord("a") + 1)
    return indeks


@dataclass(frozen=True, order=False)
class NomorNaskah:
    """One document number: its parts and the text as printed."""

    urut: int
    tahun: int
    unit: str | None = None
    klasifikasi: str | None = None
    sisipan: int | None = None
    rahasia: bool = False
    teks: str = field(default="", compare=False)

    @property
    def kunci_urut(self) -> tuple[int, int, int]:
        """Sort key: year, sequence, then inserted numbers after their base number."""
        return (self.tahun, self.urut, self.sisipan or 0)

    def __str__(self) -> str:
        return self.teks

    @classmethod
    def parse(cls, teks: str, pola: PolaNomor | None = None) -> NomorNaskah:
        """Read a number with ``pola`` (the default pattern when not given)."""
        return (pola or PolaNomor()).parse(teks)

    # pydantic integration: a NomorNaskah field reads and writes the printed text.
    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        def validate(value: Any) -> NomorNaskah:
            if isinstance(value, NomorNaskah):
                return value
            if not isinstance(value, str):
                raise ValueError("nomor harus berupa teks, misalnya 0512/C7.24/HK.03.01/2024")
            try:
                return cls.parse(value)
            except NomorError as exc:
                raise ValueError(str(exc)) from None

        return core_schema.no_info_plain_validator_function(
            validate,
            json_schema_input_schema=core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda n: n.teks, when_used="always"
            ),
        )


@dataclass(frozen=True)
class PolaNomor:
    """A number layout: the pattern string, the zero-padding width and the sisipan style."""

    pola: str = POLA_BAKU
    lebar: int = 4
    gaya_sisipan: GayaSisipan = "huruf"

    def __post_init__(self) -> None:
        nama = _TOKEN.findall(self.pola)
        for n in nama:
            if n not in _PLACEHOLDERS:
                raise NomorError(
                    f"Pola nomor {self.pola!r} memuat bagian tak dikenal {{{n}}}; "
                    f"gunakan hanya {', '.join('{' + p + '}' for p in _PLACEHOLDERS)}."
                )
        for wajib in ("urut", "tahun"):
            if nama.count(wajib) != 1:
                raise NomorError(
                    f"Pola nomor {self.pola!r} harus memuat {{{wajib}}} tepat satu kali."
                )
        if len(set(nama)) != len(nama):
            raise NomorError(f"Pola nomor {self.pola!r} memuat bagian yang sama dua kali.")
        sisa = _TOKEN.sub("", self.pola)
        if "{" in sisa or "}" in sisa:
            raise NomorError(f"Kurung kurawal pada pola nomor {self.pola!r} tidak seimbang.")
        if not 1 <= self.lebar <= 9:
            raise NomorError("Lebar nomor urut harus antara 1 dan 9 digit.")
        object.__setattr__(self, "_regex", re.compile(self._build_regex()))

    @property
    def bagian(self) -> tuple[str, ...]:
        """Return the placeholders the pattern uses, in order."""
        return tuple(_TOKEN.findall(self.pola))

    def _build_regex(self) -> str:
        sisipan = r"[a-z]{1,3}" if self.gaya_sisipan == "huruf" else r"\.[0-9]{1,3}"
        parts: list[str] = []
        pos = 0
        rahasia_pending = False
        for m in _TOKEN.finditer(self.pola):
            literal = self.pola[pos : m.start()]
            if rahasia_pending:
                # the marker and the literal after it are optional together
                parts.append(f"(?:(?P<rahasia>{PENANDA_RAHASIA}){re.escape(literal)})?")
                rahasia_pending = False
            else:
                parts.append(re.escape(literal))
            pos = m.end()
            name = m.group(1)
            if name == "urut":
                parts.append(rf"(?P<urut>[0-9]+)(?P<sisipan>{sisipan})?")
            elif name == "tahun":
                parts.append(r"(?P<tahun>[0-9]{4})")
            elif name == "unit":
                parts.append(rf"(?P<unit>{_KODE.pattern})")
            elif name == "klasifikasi":
                parts.append(rf"(?P<klasifikasi>{_KODE.pattern})")
            elif name == "rahasia":
                rahasia_pending = True
        tail = self.pola[pos:]
        if rahasia_pending:
            parts.append(f"(?:(?P<rahasia>{PENANDA_RAHASIA}){re.escape(tail)})?")
        else:
            parts.append(re.escape(tail))
        return "^" + "".join(parts) + "$"

    def parse(self, teks: str) -> NomorNaskah:
        """Read ``teks``; raise :class:`NomorError` saying which pattern it does not fit."""
        bersih = teks.strip()
        m = self._regex.fullmatch(bersih)  # type: ignore[attr-defined]
        if m is None:
            contoh = self.format(urut=512, tahun=2024, unit="C7.24", klasifikasi="HK.03.01").teks
            raise NomorError(
                f"Nomor {teks!r} tidak sesuai pola {self.pola!r}; contoh yang benar: {contoh}."
            )
        g = m.groupdict()
        return NomorNaskah(
            urut=int(g["urut"]),
            tahun=int(g["tahun"]),
            unit=g.get("unit"),
            klasifikasi=g.get("klasifikasi"),
            sisipan=teks_ke_sisipan(g["sisipan"]) if g.get("sisipan") else None,
            rahasia=bool(g.get("rahasia")),
            teks=bersih,
        )

    def format(
        self,
        *,
        urut: int,
        tahun: int,
        unit: str | None = None,
        klasifikasi: str | None = None,
        sisipan: int | None = None,
        rahasia: bool = False,
    ) -> NomorNaskah:
        """Build the number from its parts; every placeholder of the pattern must be given."""
        if urut < 1:
            raise NomorError("Nomor urut harus bilangan bulat positif.")
        if not 1000 <= tahun <= 9999:
            raise NomorError(f"Tahun {tahun} pada nomor harus empat digit.")
        for nama, v in (("kode unit", unit), ("kode klasifikasi", klasifikasi)):
            if v is not None and not _KODE.fullmatch(v):
                raise NomorError(
                    f"{nama.capitalize()} {v!r} hanya boleh memuat huruf, angka, titik dan tanda "
                    "hubung."
                )
        nilai = {
            "urut": f"{urut:0{self.lebar}d}"
            + (sisipan_ke_teks(sisipan, self.gaya_sisipan) if sisipan else ""),
            "tahun": str(tahun),
            "unit": unit,
            "klasifikasi": klasifikasi,
        }
        out: list[str] = []
        pos = 0
        skip_literal = False
        for m in _TOKEN.finditer(self.pola):
            literal = self.pola[pos : m.start()]
            if not skip_literal:
                out.append(literal)
            skip_literal = False
            pos = m.end()
            name = m.group(1)
            if name == "rahasia":
                if rahasia:
                    out.append(PENANDA_RAHASIA)
                else:
                    skip_literal = True
                continue
            v = nilai[name]
            if not v:
                raise NomorError(f"Pola nomor {self.pola!r} membutuhkan {{{name}}}, tetapi kosong.")
            out.append(v)
        if not skip_literal:
            out.append(self.pola[pos:])
        teks = "".join(out)
        return NomorNaskah(
            urut=urut,
            tahun=tahun,
            unit=unit if "unit" in self.bagian else None,
            klasifikasi=klasifikasi if "klasifikasi" in self.bagian else None,
            sisipan=sisipan,
            rahasia=rahasia and "rahasia" in self.bagian,
            teks=teks,
        )
