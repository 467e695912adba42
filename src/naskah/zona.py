"""Indonesia's three time zones and the provinces they follow (pydantic-free: read by the settings
and by their quick reading, :mod:`naskah.config_cepat`)."""

from __future__ import annotations

import re
from typing import Literal

from naskah.jam import zona_komputer as zona_komputer  # the computer's zone: the clock's

Zona = Literal["WIB", "WITA", "WIT"]
IANA_ZONA: dict[str, str] = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
"""Indonesia's three zones and the IANA names that print them."""

ZONA_PROVINSI: dict[str, Zona] = {
    **dict.fromkeys(
        ("ACEH", "SUMATERA UTARA", "SUMATERA BARAT", "RIAU", "KEPULAUAN RIAU", "JAMBI",
         "SUMATERA SELATAN", "KEPULAUAN BANGKA BELITUNG", "BANGKA BELITUNG", "BENGKULU",
         "LAMPUNG", "DKI JAKARTA", "DAERAH KHUSUS JAKARTA", "JAKARTA", "BANTEN", "JAWA BARAT",
         "JAWA TENGAH", "DAERAH ISTIMEWA YOGYAKARTA", "DI YOGYAKARTA", "YOGYAKARTA",
         "JAWA TIMUR", "KALIMANTAN BARAT", "KALIMANTAN TENGAH"),
        "WIB",
    ),
    **dict.fromkeys(
        ("BALI", "NUSA TENGGARA BARAT", "NUSA TENGGARA TIMUR", "KALIMANTAN SELATAN",
         "KALIMANTAN TIMUR", "KALIMANTAN UTARA", "SULAWESI UTARA", "GORONTALO",
         "SULAWESI TENGAH", "SULAWESI BARAT", "SULAWESI SELATAN", "SULAWESI TENGGARA"),
        "WITA",
    ),
    **dict.fromkeys(
        ("MALUKU", "MALUKU UTARA", "PAPUA", "PAPUA BARAT", "PAPUA BARAT DAYA", "PAPUA SELATAN",
         "PAPUA TENGAH", "PAPUA PEGUNUNGAN"),
        "WIT",
    ),
}  # fmt: skip
"""Indonesia's provinces and their time zone (the zones follow province borders)."""

_POLA_PROVINSI = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, ZONA_PROVINSI), key=len, reverse=True)) + r")\b"
)


def provinsi_dalam(teks: str | None) -> str | None:
    """Return the first province named in ``teks`` (upper case), or None."""
    if not teks:
        return None
    m = _POLA_PROVINSI.search(" ".join(teks.upper().split()))
    return m.group(1) if m else None


def zona_dari_nama(v: str) -> Zona | None:
    """Return WIB/WITA/WIT for a zone written as the abbreviation or its IANA name."""
    teks = v.strip()
    if teks.upper() in IANA_ZONA:
        return teks.upper()  # type: ignore[return-value]
    for singkat, iana in IANA_ZONA.items():
        if teks == iana:
            return singkat  # type: ignore[return-value]
    return None
