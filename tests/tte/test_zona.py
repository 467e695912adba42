"""The office's time zone: WIB/WITA/WIT in naskah.toml, derived from the province when empty,
and a linter warning when it does not match the issuing office's province."""

from __future__ import annotations

from pathlib import Path

import pytest

from naskah.config import Konfigurasi, muat_konfigurasi
from naskah.errors import ConfigError
from naskah.loader import muat_dokumen
from naskah.periksa import periksa_dokumen
from tests.tte.conftest import REPO

INSTANSI = {"kementerian": "K", "alamat": "Jalan", "kota": "Kota"}


def _k(unit: str, **tte: str) -> Konfigurasi:
    return Konfigurasi.model_validate({"instansi": {**INSTANSI, "unit": unit}, "tte": tte})


@pytest.mark.parametrize(
    ("unit", "zona", "iana"),
    [
        ("BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TENGAH", "WIB", "Asia/Jakarta"),
        ("BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TIMUR", "WITA", "Asia/Makassar"),
        ("BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI PAPUA BARAT DAYA", "WIT", "Asia/Jayapura"),
        ("BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI NUSA TENGGARA TIMUR", "WITA", "Asia/Makassar"),
    ],
)
def test_zona_dari_provinsi(unit: str, zona: str, iana: str) -> None:
    k = _k(unit)
    assert k.zona_kantor == zona and str(k.zona) == iana


def test_zona_ditulis_dan_nama_iana_lama(tmp_path: Path) -> None:
    assert _k("BPMP PROVINSI KALIMANTAN TENGAH", zona_waktu="wita").zona_kantor == "WITA"
    assert _k("X", zona_waktu="Asia/Jayapura").zona_kantor == "WIT"  # older naskah.toml
    p = tmp_path / "naskah.toml"
    p.write_text('[tte]\nzona_waktu = "Asia/Tokyo"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="pakai WIB, WITA atau WIT"):
        muat_konfigurasi(p)


def test_linter_zona_tidak_cocok_provinsi() -> None:
    dok = muat_dokumen(REPO / "examples" / "keputusan-bpmp-kalteng-2025.yaml")
    salah = _k("BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TENGAH", zona_waktu="WITA")
    (t,) = [t for t in periksa_dokumen(dok, salah) if t.kode == "zona-waktu"]
    assert t.tingkat == "peringatan" and "WITA" in t.pesan and "WIB" in t.pesan
    benar = _k("BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TENGAH", zona_waktu="WIB")
    assert not [t for t in periksa_dokumen(dok, benar) if t.kode == "zona-waktu"]
