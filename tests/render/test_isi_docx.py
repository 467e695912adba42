"""What the DOCX says: SK Kerja Sama content from its agreement, closings printed once."""

from __future__ import annotations

import re

import docx

from naskah.loader import muat_dokumen
from naskah.render import render_docx
from tests.conftest import EXAMPLES


def _teks_docx(path) -> str:
    """Return the text of every paragraph, table cells included, in document order."""
    from docx.oxml.ns import qn

    body = docx.Document(str(path)).element.body
    bagian = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]
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


def test_penutup_sp_tidak_mengulang_jabatan_penandatangan(tmp_path):
    # The Kalteng standard closes with "Kepala BPMP Provinsi Kalimantan Tengah", the signer's
    # own title: it must be printed once, not as a closing line and again as the title.
    k = muat_dokumen(EXAMPLES / "keputusan-bpmp-kalteng-2025.yaml")
    teks = _teks_docx(render_docx(k, tmp_path / "kalteng.docx"))
    penutup = teks[teks.rindex("Palangka Raya, 6 Maret 2025") :]
    # the signature block prints the jabatan in capitals, as the regulation and the seeds do
    assert penutup.upper().count("KEPALA BPMP PROVINSI KALIMANTAN TENGAH") == 1, penutup[:200]
    kaltim = muat_dokumen(EXAMPLES / "keputusan-bpmp-kaltim-2024.yaml")
    teks = _teks_docx(render_docx(kaltim, tmp_path / "kaltim.docx"))
    assert teks.count("Pimpinan Penyelenggara Pelayanan") == 3  # one closing per lampiran


def test_diktum_kapital_rata_kiri_lainnya_rata_kanan_kiri(tmp_path):
    # issue 21: justification stretches the gaps of a line in capitals; a diktum typed in
    # capitals (the Dekan decree's KESATU names the regulation it sets) is printed flush left,
    # every other diktum stays justified
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from naskah.render.docx import _perataan
    from tests.conftest import DATA

    ugm = muat_dokumen(DATA / "keputusan-dekan-farmasi-ugm-2005.yaml")
    doc = docx.Document(str(render_docx(ugm, tmp_path / "ugm.docx")))
    rata = {p.text.split("\t")[0]: _perataan(p) for p in doc.paragraphs if "\t:\t" in p.text}
    assert rata["KESATU"] == WD_ALIGN_PARAGRAPH.LEFT
    assert rata["Menetapkan"] == WD_ALIGN_PARAGRAPH.LEFT
    for label in ("KEDUA", "KETIGA", "KEEMPAT", "Menimbang", "Mengingat"):
        assert rata[label] == WD_ALIGN_PARAGRAPH.JUSTIFY, label
