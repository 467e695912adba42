"""The template checker behind ``naskah templat periksa``: find what would break a render.

For every ``.docx`` in a template folder it reports Jinja syntax errors with their location
(the text around the line docxtpl points at), names the model's context does not provide
(docxtpl's ``get_undeclared_template_variables`` against the keys :mod:`naskah.render.konteks`
builds), Word's curly quotes inside tags, and finally renders the template with a small example
document under strict undefined names, which catches misspelt attributes (``ttd.nma``).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document as BukaDocx
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError

from naskah.config import Konfigurasi
from naskah.errors import NaskahError, RenderError
from naskah.models import (
    BukuStandarPelayanan,
    Dokumen,
    Instansi,
    Keputusan,
    Pejabat,
    SertifikatKegiatan,
    SKKerjaSama,
    SuratDinas,
    SuratTugas,
)
from naskah.render.docx import BERKAS_TEMPLAT, FOLDER_TEMPLAT, lingkungan_jinja
from naskah.render.konteks import bangun_konteks

_TAG = re.compile(r"\{[{%].*?[}%]\}", re.S)
_KUTIP_MELENGKUNG = "\u201c\u201d\u2018\u2019\u201e\u201a"


@dataclass(frozen=True)
class Temuan:
    """One problem in a template: which file, where, and what is wrong."""

    berkas: str
    pesan: str
    lokasi: str = ""

    def __str__(self) -> str:
        return f"{self.berkas}{f' ({self.lokasi})' if self.lokasi else ''}: {self.pesan}"

    def ke_dict(self) -> dict[str, str]:
        """Return the finding as a plain dict (for ``--json``)."""
        return {"berkas": self.berkas, "lokasi": self.lokasi, "pesan": self.pesan}


class _BahanContoh:
    """Stand-ins for pictures and sub-documents: the checker needs names, not images."""

    def logo(self, path: str | None) -> Any:
        return "[logo]"

    def gambar_alur(self, alur: Any) -> Any:
        return "[bagan alur]"

    def tabel(self, tabel: Any) -> Any:
        return "[tabel]"

    def qr(self, url: str) -> Any:
        return "[kode QR]"

    def gambar(self, png: bytes, lebar_mm: float) -> Any:
        return "[grafik]"


def contoh_dokumen(jenis: str) -> Dokumen:
    """Return a small but complete example document of kind ``jenis`` (every part present)."""
    instansi = Instansi(
        kementerian="KEMENTERIAN CONTOH", unit="BALAI CONTOH", alamat="Jalan Contoh 1",
        telepon=["(0000) 1"], laman="contoh.go.id", email="a@contoh.go.id", kota="Kota Contoh",
    )  # fmt: skip
    pejabat = Pejabat(nama="Nama Contoh", gelar_depan="Dr.", nip="19700319 199703 1 001",
                      jabatan="Kepala", pangkat="Pembina (IV/a)")  # fmt: skip
    teks = ["Isi pertama;", "Isi kedua."]
    uraian: list[Any] = ["Paragraf.", {"angka": [{"teks": "Butir", "huruf": ["Sub"]}]}]
    sp = {
        "nama": "Contoh",
        "penyampaian": {
            "persyaratan": uraian, "biaya": uraian, "produk": uraian, "pengaduan": uraian,
            "prosedur": {"uraian": uraian, "alur": {"langkah": [
                {"id": "a", "teks": "Mulai", "bentuk": "mulai"},
                {"id": "b", "teks": "Setuju?", "bentuk": "keputusan", "ya": "c", "tidak": "a"},
                {"id": "c", "teks": "Selesai", "bentuk": "selesai"}]}},
            "jangka_waktu": {"uraian": uraian},
        },
        "pengelolaan": {k: uraian for k in (
            "dasar_hukum", "sarana", "kompetensi", "pengawasan", "jumlah_pelaksana",
            "jaminan_pelayanan", "jaminan_keamanan", "evaluasi")},
    }  # fmt: skip
    kep: dict[str, Any] = {
        "instansi": instansi, "jabatan_penetap": "KEPALA BALAI CONTOH", "tentang": "CONTOH",
        "menimbang": teks, "mengingat": teks, "memperhatikan": teks,
        "diktum": [{"isi": "Diktum.", "angka": ["a;", "b."]}, "Berlaku."],
        "tanggal": date(2024, 5, 21), "penandatangan": pejabat, "tembusan": teks,
        "salinan": True, "nomor": "0001/C7.24/HK.03.01/2024",
        "lampiran": [
            {"id": "sp", "judul": "STANDAR PELAYANAN", "standar_pelayanan": sp},
            {"id": "bebas", "judul": "LAIN", "bagian": [{"judul": "Bagian", "isi": uraian}]},
        ],
    }  # fmt: skip
    if jenis == "keputusan":
        return Keputusan.model_validate(kep)
    if jenis == "sk_kerja_sama":
        return SKKerjaSama.model_validate({**kep, "kerja_sama": {
            "mitra": {"nama": "Mitra", "alamat": "Alamat", "pimpinan": "Pimpinan"},
            "ruang_lingkup": teks, "mulai": "2024-06-01", "selesai": "2024-12-31",
            "pendanaan": "DIPA", "nomor_perjanjian": "1/PKS/2024"}})  # fmt: skip
    if jenis == "surat_tugas":
        return SuratTugas.model_validate({
            "instansi": instansi, "dasar": teks, "petugas": [pejabat], "untuk": teks,
            "pelaksanaan": {"tanggal_mulai": "2024-06-03", "tanggal_selesai": "2024-06-05",
                            "tempat": "Samarinda"},
            "tanggal": date(2024, 5, 21), "penandatangan": pejabat, "tembusan": teks,
        })  # fmt: skip
    if jenis == "perjanjian_kerja_sama":
        from naskah.models.perjanjian import PerjanjianKerjaSama

        return PerjanjianKerjaSama.model_validate({
            "instansi": instansi, "tentang": "Contoh", "tanggal": date(2024, 5, 21),
            "nomor": "0001/C7.24/HK.03.01/2024", "nomor_mitra": "1/PKS/2024",
            "penandatangan": pejabat,
            "mitra": {"nama": "Mitra", "alamat": "Alamat",
                      "wakil": {"nama": "Wakil", "jabatan": "Kepala Mitra"}},
            "maksud": "contoh", "tujuan": teks, "ruang_lingkup": teks,
            "pihak_pertama": {"hak": teks, "kewajiban": teks}, "pihak_kedua": {"kewajiban": teks},
            "pembiayaan": teks, "mulai": "2024-06-01", "selesai": "2024-12-31",
            "pasal_lain": [{"judul": "Lain", "ayat": teks}],
        })  # fmt: skip
    if jenis == "surat_dinas":
        return SuratDinas.model_validate({
            "instansi": instansi, "hal": "Contoh", "tanggal": date(2024, 5, 21),
            "lampiran": "1 (satu) berkas",
            "kepada": [{"nama": "Kepala Dinas Contoh", "alamat": "di Samarinda"}],
            "isi": uraian, "penandatangan": pejabat, "tembusan": teks,
        })  # fmt: skip
    if jenis == "sertifikat":
        return SertifikatKegiatan.model_validate({
            "instansi": instansi, "tanggal": date(2024, 5, 21), "penandatangan": pejabat,
            "kegiatan": {"nama": "Kegiatan", "penyelenggara": "Balai", "mitra": "Mitra",
                         "tanggal_mulai": "2024-06-03", "tanggal_selesai": "2024-06-05",
                         "tempat": "Samarinda", "jp": 4,
                         "materi": [{"nama": "Materi", "jp": 4, "narasumber": "Nara"}]},
            "peserta": [{"nama": "Peserta", "instansi": "Sekolah"}],
        })  # fmt: skip
    if jenis == "standar_pelayanan":
        return BukuStandarPelayanan.model_validate({
            "instansi": instansi, "tahun": 2024, "kata_pengantar": uraian,
            "standar": [sp, {**sp, "nama": "Contoh Kedua"}], "tanggal": date(2024, 5, 21),
            "penandatangan": pejabat,
        })  # fmt: skip
    if jenis == "laporan_evaluasi":
        return _contoh_laporan(instansi, pejabat)
    raise RenderError(f"Jenis naskah {jenis!r} belum memiliki templat.")


def _contoh_laporan(instansi: Instansi, pejabat: Pejabat) -> Dokumen:
    """A small evaluation report with every part present (the template checker's example)."""
    from naskah.models.laporan_evaluasi import LaporanEvaluasi

    return LaporanEvaluasi.model_validate({
        "instansi": instansi, "tahun": 2024, "per_hari": "2025-01-10",
        "tanggal": date(2025, 1, 15), "penandatangan": pejabat, "tembusan": ["Contoh"],
        "survei": {"responden": 2, "populasi": 2, "sampel": 2, "daring": 1, "kertas": 1,
                   "unsur": [{"kode": f"U{i}", "nama": f"Unsur {i}", "jumlah": 6}
                             for i in range(1, 10)]},
        "layanan": [{"nama": "Layanan", "janji_jawab": 3, "janji_selesai": 5, "diterima": 2,
                     "jawab_tepat": 2, "jawab_dinilai": 2, "selesai_tepat": 1,
                     "selesai_dinilai": 2, "tepat": 1, "dinilai": 2, "median_hari": "3",
                     "p90_hari": 5, "responden": 2, "ikm": "75.00"}],
        "bulanan": [{"bulan": 1, "diterima": 2, "dinilai": 2, "tepat": 1}],
        "median_hari": "3", "p90_hari": 5,
        "pengaduan": {"jumlah": 1, "tepat": 1, "median_hari": "2", "p90_hari": 2,
                      "per_kanal": {"Surat": 1}, "per_layanan": {"Layanan": 1}},
        "terlama": [{"kode": "7KQ2M-X9D4P", "layanan": "Layanan", "diterima": "2024-03-01",
                     "durasi": 9, "janji": 5, "keterangan": "selesai"}],
        "saran": ["Saran."], "catatan": ["Catatan."],
        "rencana_tindak_lanjut": [{"unsur": "U1", "masalah": "Masalah", "kegiatan": "Kegiatan",
                                   "waktu": "Triwulan I", "penanggung_jawab": "Kasubbag"}],
    })  # fmt: skip


def konteks_contoh(jenis: str) -> dict[str, Any]:
    """Return the context a template of kind ``jenis`` receives, from the example document."""
    return bangun_konteks(contoh_dokumen(jenis), Konfigurasi(), _BahanContoh(), catatan_tte=True)


def _jenis_berkas(path: Path) -> str | None:
    for jenis, relatif in BERKAS_TEMPLAT.items():
        if path.name == relatif.name:
            return jenis
    return None


def periksa_templat(folder: Path | None = None) -> list[Temuan]:
    """Check every template in ``folder`` (naskah's own when None); return the findings."""
    folder = Path(folder) if folder else FOLDER_TEMPLAT
    if not folder.is_dir():
        raise RenderError(f"Folder templat {folder} tidak ditemukan.")
    berkas = sorted(p for p in folder.rglob("*.docx") if not p.name.startswith(("~$", ".")))
    if not berkas:
        raise RenderError(f"Folder {folder} tidak memuat templat .docx.")
    temuan: list[Temuan] = []
    for path in berkas:
        temuan.extend(periksa_satu(path, nama=str(path.relative_to(folder))))
    return temuan


def periksa_satu(path: Path, *, nama: str | None = None) -> list[Temuan]:
    """Check one template file; return its findings."""
    nama = nama or path.name
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
        xml = _xml_templat(tpl)
    except Exception as exc:  # not a DOCX at all
        return [Temuan(nama, f"bukan berkas DOCX yang dapat dibuka ({type(exc).__name__})")]
    temuan = []
    # docxtpl straightens curly quotes itself when it patches the XML, so look at the raw text
    # (Word's quotes still show that the tag was typed with AutoFormat on, and break elsewhere).
    mentah = re.sub(r"<[^>]+>", "", _xml_templat(tpl, tambal=False))
    for teks_tag in _TAG.findall(mentah):
        if any(c in teks_tag for c in _KUTIP_MELENGKUNG):
            temuan.append(Temuan(
                nama, f"tanda kutip melengkung Word di dalam tag {teks_tag!r}; ganti dengan "
                "kutip lurus (' atau \") atau matikan AutoFormat kutip di Word"))  # fmt: skip
    env = lingkungan_jinja()
    try:
        env.parse(xml)
    except TemplateSyntaxError as exc:
        temuan.append(Temuan(nama, f"kesalahan sintaks Jinja: {exc.message}",
                             f"dekat teks {_sekitar(xml, exc.lineno)!r}"))  # fmt: skip
        return temuan
    jenis = _jenis_berkas(path)
    if jenis is None:
        temuan.append(Temuan(nama, "nama berkas tidak dikenal; templat bernama "
                             + ", ".join(r.name for r in BERKAS_TEMPLAT.values())))  # fmt: skip
        return temuan
    konteks = konteks_contoh(jenis)
    for var in sorted(tpl.get_undeclared_template_variables(jinja_env=env, context=konteks)):
        temuan.append(Temuan(nama, f"variabel {var!r} tidak disediakan oleh model {jenis}; "
                             f"yang tersedia: {', '.join(sorted(konteks))}"))  # fmt: skip
    if not temuan:
        temuan.extend(_coba_render(path, nama, konteks))
    return temuan


def _coba_render(path: Path, nama: str, konteks: dict[str, Any]) -> list[Temuan]:
    """Render with the example context and strict names, and look for tags left over."""
    tpl = DocxTemplate(str(path))
    try:
        tpl.render(konteks, jinja_env=lingkungan_jinja(), autoescape=True)
    except TemplateError as exc:
        return [Temuan(nama, f"gagal dirender dengan naskah contoh: {exc.message or exc}")]
    except NaskahError as exc:
        return [Temuan(nama, str(exc))]
    except Exception as exc:  # docxtpl's own errors (a tag split across a table, …)
        return [Temuan(nama, f"gagal dirender dengan naskah contoh ({type(exc).__name__}: {exc})")]
    with tempfile.TemporaryDirectory() as tmp:
        keluar = Path(tmp) / "contoh.docx"
        tpl.save(keluar)
        sisa = [t for t in semua_teks_docx(keluar) if any(s in t for s in ("{{", "{%", "}}", "%}"))]
    return [Temuan(nama, f"tag tersisa setelah dirender: {t[:60]!r}") for t in sisa[:5]]


def semua_teks_docx(path: Path) -> list[str]:
    """Return the text of every paragraph of a DOCX: body, tables (nested), headers, footers."""
    doc = BukaDocx(str(path))
    out: list[str] = []

    def dari(wadah: Any) -> None:
        for p in wadah.paragraphs:
            out.append(p.text)
        for t in wadah.tables:
            for r in t.rows:
                for c in r.cells:
                    dari(c)

    dari(doc)
    for sec in doc.sections:
        for bagian in (sec.header, sec.footer, sec.first_page_header, sec.first_page_footer):
            dari(bagian)
    return out


def _xml_templat(tpl: DocxTemplate, *, tambal: bool = True) -> str:
    tambal_ = tpl.patch_xml if tambal else (lambda x: x)
    xml = tambal_(tpl.get_xml())
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _, part in tpl.get_headers_footers(uri):
            xml += tambal_(tpl.get_part_xml(part))
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _sekitar(xml: str, baris: int | None) -> str:
    if not baris:
        return ""
    potongan = xml.splitlines()[max(baris - 2, 0) : baris + 1]
    return " ".join(" ".join(re.sub(r"<[^>]+>", " ", p).split()) for p in potongan)[:120]
