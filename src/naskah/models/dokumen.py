"""What every official document shares: its kind, kop, number and numbering series."""

from __future__ import annotations

from pydantic import Field

from naskah.models.common import Instansi, Model
from naskah.nomor import NomorNaskah


class Dokumen(Model):
    """Base of every naskah dinas.

    ``nomor`` is empty until the register issues one; ``seri`` and ``klasifikasi`` say where the
    register takes it from. ``instansi`` falls back to naskah.toml's office when empty.
    """

    jenis: str
    instansi: Instansi | None = None
    nomor: NomorNaskah | None = None
    seri: str = "naskah"
    klasifikasi: str | None = Field(None, pattern=r"^[A-Z]{2}(\.[0-9]{2}){0,3}$")
