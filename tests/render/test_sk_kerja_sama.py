"""SK Kerja Sama: what the kerja_sama block says reaches the decree without being typed twice."""

from __future__ import annotations

import re

import docx

from naskah.loader import muat_dokumen
from naskah.render import render_docx
from tests.conftest import EXAMPLES


def _teks_docx(path) -> str:
    d = docx.Document(str(path))
    bagian = [p.text for p in d.paragraphs]
    for t in d.tables:
        for baris in t.rows:
            for sel in baris.cells:
                bagian.extend(p.text for p in sel.paragraphs)
    return re.sub(r"\s+", " ", " ".join(bagian))


def test_ruang_lingkup_dan_jangka_waktu_dari_blok_kerja_sama(tmp_path, kantor):
    from naskah.config import muat_konfigurasi

    sk = muat_dokumen(EXAMPLES / "sk-kerja-sama-contoh.yaml")
    keluaran = render_docx(
        sk, tmp_path / "sk.docx", konfigurasi=muat_konfigurasi(kantor / "naskah.toml")
    )
    teks = _teks_docx(keluaran)
    # the scope is listed under its diktum (KEDUA), not only in the RINCIAN lampiran
    kedua = teks[teks.index("Ruang lingkup kerja sama") : teks.index("KETIGA")]
    for butir in sk.kerja_sama.ruang_lingkup:
        assert re.sub(r"\s+", " ", butir) in kedua
    assert "berlaku sejak tanggal 1 Agustus 2024 sampai dengan tanggal 29 November 2024" in teks
    assert sk.kerja_sama.mitra.nama in teks
    assert "{kerja_sama:" not in teks and "{diktum:" not in teks
