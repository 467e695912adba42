"""The text layer of many PDFs from one poppler call, cut back per file and per page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from naskah.render.teks import teks_banyak
from tests.terbit.conftest import jalankan

pytestmark = pytest.mark.slow  # LibreOffice renders the PDFs


def test_teks_banyak_per_berkas_dan_halaman(kantor: Path) -> None:
    jalankan(
        kantor, "render", "surat-tugas-narasumber.yaml", "keputusan-bpmp-kaltim-2024.yaml",
        "--format", "pdf", "--keluaran", "hasil", cek=True,
    )  # fmt: skip
    st = kantor / "hasil" / "surat-tugas-narasumber.pdf"
    sk = kantor / "hasil" / "keputusan-bpmp-kaltim-2024.pdf"
    teks_st, teks_sk, teks_st2 = teks_banyak([st, sk, st])
    for path, teks in ((st, teks_st), (sk, teks_sk)):
        halaman = teks.split("\f")
        assert len(halaman) == len(PdfReader(path).pages)
        for i, h in enumerate(PdfReader(path).pages):
            # the same words on the same page (layout whitespace may differ; pdftotext joins a
            # word hyphenated at the line's end, as the index wants it, where pypdf does not)
            pypdf = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", h.extract_text() or "")
            kata = set(re.findall(r"\w+", pypdf))
            assert kata == set(re.findall(r"\w+", halaman[i])), i
    assert "SURAT TUGAS" in teks_st and "0512/C7.24/HK.03.01/2024" in teks_sk
    assert teks_st2 == teks_st
    assert teks_banyak([]) == []
