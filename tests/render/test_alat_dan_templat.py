"""External tools (injected), the flowchart, paper, the template checker and the CLI."""

from __future__ import annotations

import io
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from PIL import Image

from naskah.config import Konfigurasi, Render
from naskah.errors import RenderError, ToolMissingError
from naskah.render import KonverterLibreOffice, KonverterParalel, PenggambarAlur, render_docx
from naskah.render.docx import FOLDER_TEMPLAT
from naskah.render.templat import contoh_dokumen, periksa_templat
from tests.conftest import EXAMPLES, run_naskah


@pytest.fixture(scope="module")
def docx_contoh(tmp_path_factory) -> Path:
    return render_docx(contoh_dokumen("surat_tugas"), tmp_path_factory.mktemp("d") / "st.docx")


def test_tanpa_graphviz_galat_jelas(tmp_path):
    dok = contoh_dokumen("keputusan")
    with pytest.raises(ToolMissingError, match="apt-get install graphviz"):
        render_docx(dok, tmp_path / "k.docx", penggambar=PenggambarAlur("/tidak/ada/dot"))
    assert not (tmp_path / "k.docx").exists()


def test_tanpa_libreoffice_galat_jelas(tmp_path, docx_contoh):
    konverter = KonverterLibreOffice("/tidak/ada/soffice", tmp_path / "profil")
    with pytest.raises(
        ToolMissingError, match="apt-get install libreoffice.* atau pilih format docx"
    ):
        konverter.konversi([docx_contoh], tmp_path)


def _program_palsu(tmp_path: Path, isi: str) -> str:
    p = tmp_path / "soffice-palsu"
    p.write_text(f"#!/bin/sh\n{isi}\n")
    p.chmod(0o755)
    return str(p)


def test_batas_waktu_menghentikan_grup_proses(tmp_path, docx_contoh):
    import os
    import threading

    from tests.test_proses import menunggu_mati

    fifo = tmp_path / "pid-anak"
    os.mkfifo(fifo)
    anak: list[str] = []
    pembaca = threading.Thread(target=lambda: anak.append(fifo.read_text().strip()))
    pembaca.start()
    # the fake soffice starts a child that would outlive it unless the whole group is killed
    palsu = _program_palsu(tmp_path, f"sleep 1000 & echo $! > {fifo}; wait")
    konverter = KonverterLibreOffice(palsu, tmp_path / "profil", batas_waktu=1,
                                     batas_per_berkas=0)  # fmt: skip
    mulai = time.monotonic()
    with pytest.raises(RenderError, match="tidak selesai"):
        konverter.konversi([docx_contoh], tmp_path / "keluar")
    assert time.monotonic() - mulai < 10
    pembaca.join(30)
    assert anak and menunggu_mati(int(anak[0])), "proses anak soffice tidak ikut dihentikan"
    assert not list((tmp_path / "keluar").glob("*.pdf"))
    assert not list((tmp_path / "keluar").glob(".naskah-pdf-*"))


def test_keluaran_tidak_ada_galat_jelas(tmp_path, docx_contoh):
    konverter = KonverterLibreOffice(_program_palsu(tmp_path, "exit 0"), tmp_path / "profil")
    with pytest.raises(RenderError, match="tidak menghasilkan PDF untuk st.docx"):
        konverter.konversi([docx_contoh], tmp_path)


def test_pekerja_paralel_tidak_berbagi_profil(tmp_path):
    with pytest.raises(RenderError, match="paling sedikit satu konverter"):
        KonverterParalel([])
    with pytest.raises(RenderError, match="tidak boleh berbagi folder profil"):
        KonverterParalel(
            [KonverterLibreOffice(profil=tmp_path), KonverterLibreOffice(profil=tmp_path)]
        )
    par = KonverterParalel.buat(2, folder_profil=tmp_path)
    assert len({k.profil for k in par.konverter}) == 2


def test_bagan_alur_bentuk_label_dan_resolusi():
    dok = contoh_dokumen("keputusan")
    alur = dok.lampiran[0].standar_pelayanan.penyampaian.prosedur.alur
    alur.langkah[0].teks = "Pemohon menyampaikan surat permohonan kerja sama kepada Kepala BPMP"
    p = PenggambarAlur()
    sumber = p.sumber(alur)
    assert "shape=diamond" in sumber and "rounded" in sumber
    # Ya on the straight main path; Tidak back to an earlier step is a label at the edge's
    # start, on the right side, where its own arrow does not cross it
    assert 'label=" Ya"' in sumber and "taillabel=Tidak" in sumber
    assert "xlabel" not in sumber  # xlabels are placed over edges (issue 21)
    for label in re.findall(r'label="([^"]*)"', sumber):
        assert all(len(b) <= 28 for b in label.split("\\n")), label
    png = p.png(alur)
    with Image.open(io.BytesIO(png)) as img:
        assert img.format == "PNG"
        assert round(img.info["dpi"][0]) >= 200


def test_kertas_f4(tmp_path):
    konf = Konfigurasi(render=Render(kertas="F4"))
    path = render_docx(contoh_dokumen("sertifikat"), tmp_path / "s.docx", konfigurasi=konf)
    sec = Document(str(path)).sections[0]
    assert round(sec.page_width.cm, 1) == 33.0 and round(sec.page_height.cm, 1) == 21.5
    path = render_docx(contoh_dokumen("surat_tugas"), tmp_path / "t.docx", konfigurasi=konf)
    sec = Document(str(path)).sections[0]
    assert round(sec.page_height.cm, 1) == 33.0


def test_salinan_hanya_bila_ditandai(tmp_path):
    dok = contoh_dokumen("keputusan")
    teks = lambda p: [x.text for x in Document(str(p)).paragraphs]  # noqa: E731
    assert "SALINAN" in teks(render_docx(dok, tmp_path / "a.docx"))
    dok.salinan = False
    assert "SALINAN" not in teks(render_docx(dok, tmp_path / "b.docx"))


def test_templat_bawaan_bersih():
    assert periksa_templat() == []


def _ubah_templat(tmp_path: Path, ganti: tuple[str, str]) -> Path:
    folder = tmp_path / "templat" / "keputusan"
    folder.mkdir(parents=True)
    asal = FOLDER_TEMPLAT / "keputusan" / "keputusan.docx"
    with zipfile.ZipFile(asal) as zin, zipfile.ZipFile(folder / "keputusan.docx", "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                teks = data.decode()
                assert ganti[0] in teks
                data = teks.replace(ganti[0], ganti[1], 1).encode()
            zout.writestr(item, data)
    return tmp_path / "templat"


@pytest.mark.parametrize(
    "ganti, pesan",
    [
        # a broken tag followed by plain text (TENTANG) in the lampiran heading block
        (("{{ tanggal_kapital }}", "{{ tanggal_kapital }"), "sintaks Jinja"),
        (("{{ tentang }}", "{{ tentang_baru }}"), "'tentang_baru' tidak disediakan"),
        (("{{ tentang }}", "{{ kop.unitt }}"), "gagal dirender"),
        (("{{ tentang }}", "{{ tentang | default(\u201cx\u201d) }}"), "kutip melengkung"),
    ],
)
def test_periksa_templat_menemukan_masalah(tmp_path, ganti, pesan):
    folder = _ubah_templat(tmp_path, ganti)
    temuan = periksa_templat(folder)
    assert any(pesan in str(t) for t in temuan), temuan
    hasil = run_naskah("templat", "periksa", folder)
    assert hasil.returncode == 1
    assert pesan in hasil.stdout


def test_render_dengan_templat_rusak_galat_jelas(tmp_path):
    folder = _ubah_templat(tmp_path, ("{{ tanggal_kapital }}", "{{ tanggal_kapital }"))
    with pytest.raises(RenderError, match="templat periksa"):
        render_docx(contoh_dokumen("keputusan"), tmp_path / "k.docx", templat=folder)


def test_cli_render_docx(tmp_path):
    hasil = run_naskah("render", EXAMPLES / "surat-tugas-narasumber.yaml", "--format", "docx",
                       "--keluaran", tmp_path)  # fmt: skip
    assert hasil.returncode == 0, hasil.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["surat-tugas-narasumber.docx"]


@pytest.mark.slow
def test_cli_render_pdf_saja(tmp_path):
    hasil = run_naskah("render", EXAMPLES / "sk-kerja-sama-contoh.yaml", "--format", "pdf",
                       "--keluaran", tmp_path, "--tanpa-pdfa")  # fmt: skip
    assert hasil.returncode == 0, hasil.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sk-kerja-sama-contoh.pdf"]


def test_cli_galat_masukan(tmp_path):
    hasil = run_naskah("render", tmp_path / "tidak-ada.yaml")
    assert hasil.returncode == 1
    assert "Galat:" in hasil.stderr and "Traceback" not in hasil.stderr


def test_logo_kantor_tidak_ada(tmp_path):
    dok = contoh_dokumen("surat_tugas")
    dok.instansi.logo = "tidak-ada.png"
    with pytest.raises(RenderError, match="logo"):
        render_docx(dok, tmp_path / "x.docx")


def test_logo_kantor_dipakai(tmp_path):
    logo = tmp_path / "logo.png"
    shutil.copy(FOLDER_TEMPLAT / "logo-placeholder.png", logo)
    dok = contoh_dokumen("surat_tugas")
    dok.instansi.logo = str(logo)
    path = render_docx(dok, tmp_path / "x.docx")
    with zipfile.ZipFile(path) as z:
        assert any(n.startswith("word/media/") for n in z.namelist())
