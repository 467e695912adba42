"""Package layering: a package imports only those below it (reference/style.md)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# package → naskah packages it must never pull in
_DI_ATAS = {
    "naskah.render": ["naskah.tte", "naskah.arsip", "naskah.cari", "naskah.terbit", "naskah.cli"],
    "naskah.tte": ["naskah.arsip", "naskah.terbit", "naskah.layanan", "naskah.cli"],
    "naskah.arsip": ["naskah.render", "naskah.terbit", "naskah.layanan", "naskah.cli"],
    "naskah.cari": ["naskah.arsip", "naskah.terbit", "naskah.layanan", "naskah.cli"],
}


@pytest.mark.parametrize("paket", sorted(_DI_ATAS))
def test_paket_tidak_mengimpor_paket_di_atasnya(paket: str) -> None:
    kode = f"import sys, json, {paket}; print(json.dumps(sorted(sys.modules)))"
    p = subprocess.run([sys.executable, "-c", kode], capture_output=True, text=True, check=True)
    dimuat = json.loads(p.stdout)
    terlarang = [
        m for m in dimuat for atas in _DI_ATAS[paket] if m == atas or m.startswith(atas + ".")
    ]
    assert not terlarang, f"{paket} mengimpor {terlarang}"
