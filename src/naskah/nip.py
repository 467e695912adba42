"""The civil servant number (NIP, or NI PPPK): its reading, checks and printed form.

Pydantic-free, so the settings' quick reading (:mod:`naskah.config_cepat`) checks an official's
NIP exactly as the models do; pydantic is imported only when a model holding a NIP is built.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from naskah import jam

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import core_schema

__all__ = ["NIP", "JenisNIP"]

JenisNIP = Literal["PNS", "PPPK"]
_NIP_PEMISAH = re.compile(r"[\s.\-]")


class NIP(str):
    """A civil servant number (NIP), or an NI PPPK when ``jenis`` is ``PPPK``.

    Accepts ``197003191997031001``, ``19700319 199703 1 001``, ``19700319.199703.1.001`` and
    ``19700319 199703 1001``; holds the 18 digits; ``tampil`` gives ``19700319 199703 1 001``.
    A NIP is birth date (8) + first appointment year-month (6) + sex (1) + sequence (3).
    An NI PPPK has another layout: only its length and birth date are checked.
    """

    jenis: JenisNIP

    def __new__(cls, value: str | int, jenis: JenisNIP = "PNS", *, hari_ini: date | None = None):
        digits = _NIP_PEMISAH.sub("", str(value))
        if not re.fullmatch(r"[0-9]{18}", digits):
            raise ValueError(f"NIP {value!r} harus 18 digit, misalnya 19700319 199703 1 001")
        lahir = _tanggal_dari(digits[:8])
        if lahir is None:
            raise ValueError(f"NIP {value!r}: 8 digit pertama bukan tanggal lahir yang sah")
        hari_ini = hari_ini or jam.hari_ini()
        if lahir > hari_ini:
            raise ValueError(f"NIP {value!r}: tanggal lahir ada di masa depan")
        if jenis == "PNS":
            tahun, bulan = int(digits[8:12]), int(digits[12:14])
            if not 1 <= bulan <= 12:
                raise ValueError(f"NIP {value!r}: bulan pengangkatan {bulan:02d} tidak sah")
            if (tahun, bulan) < (lahir.year + 18, lahir.month):
                raise ValueError(f"NIP {value!r}: diangkat sebelum berusia 18 tahun")
            if (tahun, bulan) > (hari_ini.year, hari_ini.month):
                raise ValueError(f"NIP {value!r}: tahun-bulan pengangkatan ada di masa depan")
            if digits[14] not in "12":
                raise ValueError(f"NIP {value!r}: digit jenis kelamin harus 1 atau 2")
            if digits[15:] == "000":
                raise ValueError(f"NIP {value!r}: nomor urut tidak boleh 000")
        obj = super().__new__(cls, digits)
        obj.jenis = jenis
        return obj

    @property
    def tampil(self) -> str:
        """Return the standard printed form ``19700319 199703 1 001``."""
        return f"{self[:8]} {self[8:14]} {self[14]} {self[15:]}"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        def validate(value: Any) -> NIP:
            if isinstance(value, NIP):
                return value
            if isinstance(value, dict):
                extra = set(value) - {"nomor", "jenis"}
                if extra or "nomor" not in value:
                    raise ValueError("NIP ditulis sebagai teks atau {nomor: ..., jenis: PPPK}")
                jenis = value.get("jenis", "PNS")
                if jenis not in ("PNS", "PPPK"):
                    raise ValueError("jenis NIP harus PNS atau PPPK")
                return cls(value["nomor"], jenis)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                return cls(value)
            raise ValueError("NIP harus berupa teks 18 digit")

        def serialize(nip: NIP) -> Any:
            if nip.jenis == "PPPK":
                return {"nomor": nip.tampil, "jenis": "PPPK"}
            return nip.tampil

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                serialize, when_used="always"
            ),
        )


def _tanggal_dari(yyyymmdd: str) -> date | None:
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None
