"""One exception hierarchy: every exception class naskah defines is a NaskahError."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import naskah
from naskah.errors import NaskahError, RenderError


def _modul():
    for info in pkgutil.walk_packages(naskah.__path__, "naskah."):
        if ".migrations" in info.name or info.name == "naskah.__main__":
            continue
        yield importlib.import_module(info.name)


def test_setiap_kelas_galat_publik_dalam_hierarki():
    luar = []
    for m in _modul():
        for nama, obj in vars(m).items():
            if (isinstance(obj, type) and issubclass(obj, BaseException)
                    and obj.__module__ == m.__name__ and not nama.startswith("_")
                    and not issubclass(obj, NaskahError)):  # fmt: skip
                luar.append(f"{m.__name__}.{nama}")
    assert not luar, luar


def test_gabung_tanpa_berkas_dan_tidak_dapat_digabung(tmp_path: Path):
    from naskah.render.gabung import TidakDapatDigabung, gabung_docx, kunci_gabung

    with pytest.raises(RenderError, match="Tidak ada berkas DOCX untuk digabung"):
        gabung_docx([], tmp_path / "g.docx")
    bukan = tmp_path / "bukan.docx"
    bukan.write_text("bukan zip")
    with pytest.raises(TidakDapatDigabung) as info:
        kunci_gabung(bukan)
    assert isinstance(info.value, RenderError)
    assert str(info.value).startswith("Berkas bukan.docx tidak dapat digabung")
