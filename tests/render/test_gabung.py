"""The merged batch path: merged DOCX structure, split PDFs equal to separate conversion, PDF/A."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

import naskah.render.pdf as modul_pdf
from naskah.errors import RenderError
from naskah.loader import muat_dokumen
from naskah.render import KonverterParalel, PerenderDocx, info_pdfa
from naskah.render.gabung import (
    FILTER_PDFA_PENANDA,
    TidakDapatDigabung,
    gabung_docx,
    kunci_gabung,
    pecah_pdf,
)
from naskah.render.templat import contoh_dokumen
from tests.render.conftest import CONTOH, padat, teks_pdf

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _surat_tugas(i: int, petugas: int = 1):  # type: ignore[no-untyped-def]
    d = contoh_dokumen("surat_tugas").model_copy(deep=True)
    d.petugas[0].nama = f"Petugas Unik{i:02d}"
    d.untuk = [f"Menjadi narasumber kegiatan Unik{i:02d} di kabupaten ke-{i}"]
    for j in range(1, petugas):
        p = d.petugas[0].model_copy(deep=True)
        p.nama = f"Pendamping Unik{i:02d} Ke{j:02d}"
        d.petugas.append(p)
    return d


@pytest.fixture(scope="module")
def docx_campuran(tmp_path_factory) -> list[Path]:
    """Five surat tugas (one of several pages), two keputusan with lampiran, one sertifikat."""
    folder = tmp_path_factory.mktemp("gabung-docx")
    perender = PerenderDocx()
    dok = [_surat_tugas(1), _surat_tugas(2), _surat_tugas(3, petugas=25), _surat_tugas(4)]
    dok += [muat_dokumen(CONTOH["kaltim"]), _surat_tugas(5), contoh_dokumen("keputusan")]
    dok += [contoh_dokumen("sertifikat")]
    return [
        perender.render(d, folder / f"d{i}-{type(d).__name__}.docx", catatan_tte=True)
        for i, d in enumerate(dok)
    ]


@pytest.fixture(scope="module")
def pdf_sendiri_dan_gabung(docx_campuran, tmp_path_factory):
    """Convert the same DOCX as separate files and through the merged path."""
    profil = tmp_path_factory.mktemp("profil-gabung")
    konverter = KonverterParalel.buat(2, folder_profil=profil)
    sendiri = konverter.konversi(docx_campuran, tmp_path_factory.mktemp("sendiri"), gabung=False)
    pecahan: list[int] = []
    asli = modul_pdf.pecah_pdf

    def catat(pdf, token, tujuan):  # type: ignore[no-untyped-def]
        pecahan.append(len(tujuan))
        return asli(pdf, token, tujuan)

    modul_pdf.pecah_pdf = catat
    try:
        gabung = konverter.konversi(docx_campuran, tmp_path_factory.mktemp("gabung"), gabung=True)
    finally:
        modul_pdf.pecah_pdf = asli
    return sendiri, gabung, pecahan


def _halaman(pdf: Path) -> list[str]:
    return [padat(h) for h in teks_pdf(pdf).split("\f")[: len(PdfReader(str(pdf)).pages)]]


@pytest.mark.slow
def test_pecahan_sama_dengan_konversi_sendiri(docx_campuran, pdf_sendiri_dan_gabung):
    sendiri, gabung, pecahan = pdf_sendiri_dan_gabung
    # really merged: the first worker its four surat tugas, the second its two keputusan (its
    # single surat tugas and the sertifikat, alone with their template there, go as files)
    assert sorted(pecahan) == [2, 4], pecahan
    assert [p.name for p in gabung] == [d.with_suffix(".pdf").name for d in docx_campuran]
    for a, b in zip(sendiri, gabung, strict=True):
        ha, hb = _halaman(a), _halaman(b)
        assert len(hb) == len(ha), f"{b.name}: {len(hb)} halaman, sendiri {len(ha)}"
        assert hb == ha, f"{b.name}: teks berbeda dari konversi sendiri"
        # one signature marker each; a certificate prints its QR code and e-signature text and
        # is signed invisibly, so it has none
        harap_tte = 0 if "Sertifikat" in b.name else 1
        assert teks_pdf(b).count("[[TTE]]") == teks_pdf(a).count("[[TTE]]") == harap_tte
    assert len(_halaman(gabung[2])) >= 2, "surat tugas panjang harus lebih dari satu halaman"
    # nothing of a neighbour: each surat tugas carries only its own names
    nomor_st = iter(["01", "02", "03", "04", "05"])
    for pdf in gabung:
        milik = set(re.findall(r"Unik(\d\d)", padat(teks_pdf(pdf))))
        harap = {next(nomor_st)} if "SuratTugas" in pdf.name else set()
        assert milik == harap, (pdf.name, milik)


@pytest.mark.slow
def test_nomor_halaman_mulai_lagi_dari_halaman_dua(pdf_sendiri_dan_gabung):
    _, gabung, _ = pdf_sendiri_dan_gabung
    for pdf in gabung:
        halaman = [h for h in teks_pdf(pdf).split("\f") if h.strip()]
        if len(halaman) < 2 or "Sertifikat" in pdf.name:
            continue
        # no number on the first page (its own first-page footer), then 2, 3, ... to the end
        assert not re.search(r"(^|\n)\s*1\s*$", halaman[0]), pdf.name
        for n, h in enumerate(halaman[1:], start=2):
            assert re.search(rf"(^|\n)\s*{n}\s*$", h), f"{pdf.name} halaman {n}"


def _xmp(reader: PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


@pytest.mark.slow
def test_pecahan_tetap_pdfa_2b(pdf_sendiri_dan_gabung):
    _, gabung, _ = pdf_sendiri_dan_gabung
    for pdf in gabung:
        assert info_pdfa(pdf) == ("2", "B"), pdf.name
        with open(pdf, "rb") as f:
            kepala = f.read(20)
        assert re.match(rb"%PDF-1\.[4-7]\r?\n%[\x80-\xff]{4}", kepala), kepala
        r = PdfReader(str(pdf))
        akar = r.trailer["/Root"]
        assert "/ID" in r.trailer
        intent = akar["/OutputIntents"][0].get_object()
        assert intent["/S"] == "/GTS_PDFA1"
        icc = intent["/DestOutputProfile"].get_object()
        assert icc["/N"] == 3 and len(icc.get_data()) > 1000
        metadata = akar["/Metadata"].get_object()
        assert "/Filter" not in metadata and metadata["/Subtype"] == "/XML"
        xmp = _xmp(r)
        info = r.metadata
        assert info["/Producer"] == re.search(r"<pdf:Producer>(.*?)<", xmp).group(1)
        assert "pypdf" not in info["/Producer"]
        assert info["/Creator"] == re.search(r"<xmp:CreatorTool>(.*?)<", xmp).group(1)
        # D:20240521101112Z' ↔ 2024-05-21T10:11:12Z
        tgl = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)", info["/CreationDate"])
        assert "{}-{}-{}T{}:{}:{}".format(*tgl.groups()) in xmp
        assert "/ModDate" not in info or "xmp:ModifyDate" in xmp
        assert ("/Title" in info) == ("dc:title" in xmp)
        fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                               text=True).stdout.splitlines()[2:]  # fmt: skip
        assert fonts
        for baris in fonts:
            assert "DejaVu" not in baris and baris.split()[-5] == "yes", baris
        cek = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert cek.returncode == 0 and "No syntax or stream encoding errors" in cek.stdout, (
            cek.stdout + cek.stderr
        )


def test_docx_gabungan_satu_bagian_per_dokumen(docx_campuran, tmp_path):
    st = [d for d in docx_campuran if "SuratTugas" in d.name]
    assert len({kunci_gabung(d) for d in st}) == 1
    assert kunci_gabung(st[0]) != kunci_gabung(docx_campuran[4])  # keputusan: other template
    token = gabung_docx(st, tmp_path / "g.docx")
    with zipfile.ZipFile(tmp_path / "g.docx") as z:
        dok = etree.fromstring(z.read("word/document.xml"))
        footer = [n for n in z.namelist() if re.match(r"word/footer.*\.xml$", n)]
        gambar = [n for n in z.namelist() if n.startswith("word/media/")]
    sectpr = list(dok.iter(f"{W}sectPr"))
    assert len(sectpr) == len(st)
    for s in sectpr:
        assert s.find(f"{W}titlePg") is not None
        assert s.find(f"{W}pgNumType").get(f"{W}start") == "1"
        assert s.find(f"{W}type").get(f"{W}val") == "nextPage"
        assert {f.get(f"{W}type") for f in s.iter(f"{W}footerReference")} == {"first", "default"}
    assert len(footer) == 2 and len(gambar) == 1, "bagian yang sama disimpan sekali"
    nama = [b.get(f"{W}name") for b in dok.iter(f"{W}bookmarkStart")]
    assert nama == [f"NSK{token}D{i:05d}" for i in range(len(st))]
    ids = [b.get(f"{W}id") for b in dok.iter(f"{W}bookmarkStart")]
    assert len(set(ids)) == len(ids)


def test_docx_bercatatan_kaki_tidak_digabung(docx_campuran, tmp_path):
    asal = docx_campuran[0]
    salinan = tmp_path / "catatan.docx"
    with zipfile.ZipFile(asal) as zin, zipfile.ZipFile(salinan, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("word/footnotes.xml", "<w:footnotes/>")
    with pytest.raises(TidakDapatDigabung):
        kunci_gabung(salinan)


@pytest.mark.slow
def test_pecah_salah_hitung_ditolak(docx_campuran, tmp_path):
    st = [d for d in docx_campuran if "SuratTugas" in d.name][:3]
    token = gabung_docx(st, tmp_path / "g.docx")
    konverter = KonverterParalel.buat(1, folder_profil=tmp_path).konverter[0]
    pdf = konverter._konversi_sekali(
        [tmp_path / "g.docx"], tmp_path / "pdf", True, filter_pdf=FILTER_PDFA_PENANDA
    )[0]
    keluar = tmp_path / "keluar"
    keluar.mkdir()
    # one document more than merged, or another merge's token: refused, nothing written
    with pytest.raises(RenderError, match="tidak dapat dipecah"):
        pecah_pdf(pdf, token, [keluar / f"{i}.pdf" for i in range(4)])
    with pytest.raises(RenderError, match="ditemukan 0 awal dokumen dari 3"):
        pecah_pdf(pdf, "00000000", [keluar / f"{i}.pdf" for i in range(3)])
    assert not list(keluar.iterdir())
    # the same merged PDF without its destinations (a plain export) is refused too
    shutil.copy(tmp_path / "g.docx", tmp_path / "polos.docx")
    polos = konverter.konversi([tmp_path / "polos.docx"], tmp_path / "pdf")[0]
    with pytest.raises(RenderError, match="tidak dapat dipecah"):
        pecah_pdf(polos, token, [keluar / f"{i}.pdf" for i in range(3)])
    assert len(pecah_pdf(pdf, token, [keluar / f"{i}.pdf" for i in range(3)])) == 3
