"""Render a document model to DOCX with its docxtpl template.

This module owns finding a kind's template (an office's own folder first, then naskah's
``templates/``), the images and sub-documents a context needs (logo, flowchart, rich-text
tables), rendering with autoescape on and strict undefined names, the paper size, left-aligning
justified paragraphs written in capitals, and writing the result atomically (a temporary file
renamed into place).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
from pathlib import Path
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, TemplateError, TemplateSyntaxError

from naskah.berkas import tulis_atomik
from naskah.config import Konfigurasi
from naskah.errors import NaskahError, RenderError
from naskah.models import Alur, Dokumen, Sertifikat, Tabel
from naskah.render.flowchart import PenggambarAlur
from naskah.render.konteks import bangun_konteks, jenis_dokumen

_DALAM_PAKET = Path(__file__).resolve().parents[1] / "templates"
FOLDER_TEMPLAT = (
    _DALAM_PAKET if _DALAM_PAKET.is_dir() else Path(__file__).resolve().parents[3] / "templates"
)
"""naskah's own templates: inside an installed wheel, else the repository's ``templates/``."""
LOGO_CONTOH = FOLDER_TEMPLAT / "logo-placeholder.png"
"""The neutral placeholder emblem printed when the office has no logo configured."""

BERKAS_TEMPLAT = {
    "keputusan": Path("keputusan") / "keputusan.docx",
    "sk_kerja_sama": Path("keputusan") / "sk_kerja_sama.docx",
    "surat_tugas": Path("surat") / "surat_tugas.docx",
    "surat_dinas": Path("surat") / "surat_dinas.docx",
    "perjanjian_kerja_sama": Path("perjanjian") / "perjanjian_kerja_sama.docx",
    "sertifikat": Path("surat") / "sertifikat.docx",
    "standar_pelayanan": Path("standar_pelayanan") / "standar_pelayanan.docx",
    "laporan_evaluasi": Path("laporan") / "laporan_evaluasi.docx",
}
"""The template of each document kind, relative to a template folder."""

KERTAS = {"A4": (Cm(21.0), Cm(29.7)), "F4": (Cm(21.5), Cm(33.0))}

# Room for pictures: the URAIAN column of the Standar Pelayanan table and the kop's logo cell.
LEBAR_ALUR = Mm(95)
TINGGI_ALUR_MAKS = Mm(225)
"""The tallest chart picture: an SP table page holds it below the repeated heading row (A4's
257 mm body less the footer, about 240 mm; F4 holds more). A taller chart is printed in parts."""
TINGGI_LOGO = Mm(21)
"""The logo's height; with the cell margins it fits the kop's 2.8 cm logo cell."""
LEBAR_LOGO_MAKS = Mm(24)
"""The widest logo the kop's logo cell holds inside its margins."""


def cari_templat(jenis: str, folder: Path | None = None) -> Path:
    """Return the template of kind ``jenis``: ``folder`` first, then naskah's own."""
    try:
        relatif = BERKAS_TEMPLAT[jenis]
    except KeyError:
        raise RenderError(f"Jenis naskah {jenis!r} belum memiliki templat.") from None
    kandidat = []
    if folder is not None:
        kandidat += [Path(folder) / relatif, Path(folder) / relatif.name]
    kandidat.append(FOLDER_TEMPLAT / relatif)
    for k in kandidat:
        if k.is_file():
            return k
    raise RenderError(
        f"Templat {relatif} tidak ditemukan di {folder or FOLDER_TEMPLAT}; salin templat bawaan "
        "naskah ke folder itu atau hapus pengaturan render.templat."
    )


class _Bahan:
    """Images and sub-documents for the context, made against one template."""

    def __init__(self, tpl: DocxTemplate, penggambar: PenggambarAlur) -> None:
        self.tpl = tpl
        self.penggambar = penggambar
        self.emf: dict[str, bytes] = {}
        """EMF of each flowchart, by the SHA-1 of its stand-in PNG."""

    def logo(self, path: str | None) -> Any:
        berkas = Path(path) if path else LOGO_CONTOH
        if not berkas.is_file():
            raise RenderError(
                f"Berkas logo {berkas} tidak ditemukan; perbaiki instansi.logo di naskah.toml."
            )
        from PIL import Image

        try:
            with Image.open(berkas) as img:
                lebar, tinggi = img.size
        except OSError:
            raise RenderError(
                f"Berkas logo {berkas} bukan gambar yang dapat dibaca; simpan ulang sebagai PNG."
            ) from None
        # a wide logo is limited by the cell's width instead of the height
        if lebar * TINGGI_LOGO > LEBAR_LOGO_MAKS * tinggi:
            return InlineImage(self.tpl, str(berkas), width=LEBAR_LOGO_MAKS)
        return InlineImage(self.tpl, str(berkas), height=TINGGI_LOGO)

    def gambar_alur(self, alur: Alur) -> Any:
        """Return the flowchart as one vector picture (EMF) printed whole, or its parts.

        The picture keeps the chart's natural size (its text the table's size); a wider chart
        shrinks to the column. A picture never splits, so a chart that does not fit the rest of
        a page moves to the next one whole; one taller than :data:`TINGGI_ALUR_MAKS` is drawn
        in parts that each fit a page, cut between two steps and joined by lettered off-page
        connectors (:meth:`PenggambarAlur.bagi`), one picture per part, all at one scale.
        docxtpl places pictures it can read (not EMF): a small unique PNG stands in for each
        picture and :meth:`tukar_gambar` puts the EMF in its part before saving.
        """
        emu_per_pt = 12700
        emf, lebar_pt, tinggi_pt = self.penggambar.emf(alur)
        skala = min(1.0, LEBAR_ALUR / (lebar_pt * emu_per_pt))
        if tinggi_pt * skala * emu_per_pt <= TINGGI_ALUR_MAKS:
            return self._gambar_emf(emf, lebar_pt * skala, tinggi_pt * skala)
        bagian = self.penggambar.bagi(alur, TINGGI_ALUR_MAKS / emu_per_pt / skala)
        # a part wider than the whole (a connector beside a step) or still too tall shrinks
        for _, lb, tg in bagian:
            skala = min(skala, LEBAR_ALUR / (lb * emu_per_pt), TINGGI_ALUR_MAKS / (tg * emu_per_pt))
        return [self._gambar_emf(e, lb * skala, tg * skala) for e, lb, tg in bagian]

    def _gambar_emf(self, emf: bytes, lebar_pt: float, tinggi_pt: float) -> Any:
        """Return the picture of ``emf`` (through its stand-in) at ``lebar_pt`` × ``tinggi_pt``."""
        emu_per_pt = 12700
        pengganti = _png_pengganti(emf)
        self.emf[hashlib.sha1(pengganti).hexdigest()] = emf
        return InlineImage(
            self.tpl,
            io.BytesIO(pengganti),
            width=int(lebar_pt * emu_per_pt),
            height=int(tinggi_pt * emu_per_pt),
        )

    def tukar_gambar(self) -> None:
        """Put each flowchart's EMF into the image part its stand-in PNG made."""
        if not self.emf:
            return
        from docx.opc.packuri import PackURI

        for part in self.tpl.docx.part.package.iter_parts():
            if part.content_type != "image/png":
                continue
            emf = self.emf.get(hashlib.sha1(part.blob).hexdigest())
            if emf is not None:
                part._blob = emf
                part._content_type = "image/x-emf"
                part.partname = PackURI(str(part.partname).rsplit(".", 1)[0] + ".emf")

    def tabel(self, tabel: Tabel) -> Any:
        sub = self.tpl.new_subdoc()
        t = sub.add_table(rows=1 + len(tabel.baris), cols=len(tabel.kolom))
        with contextlib.suppress(KeyError, ValueError):
            t.style = "Table Grid"
        for cell, teks in zip(t.rows[0].cells, tabel.kolom, strict=True):
            cell.paragraphs[0].add_run(teks).bold = True
        for r, baris in zip(t.rows[1:], tabel.baris, strict=True):
            for cell, teks in zip(r.cells, baris, strict=True):
                cell.paragraphs[0].add_run(teks)
        sub.add_paragraph()
        return sub

    def qr(self, url: str) -> Any:
        from naskah.render.sertifikat import LEBAR_QR, gambar_qr

        return InlineImage(self.tpl, io.BytesIO(gambar_qr(url)), width=LEBAR_QR)

    def gambar(self, png: bytes, lebar_mm: float) -> Any:
        return InlineImage(self.tpl, io.BytesIO(png), width=Mm(lebar_mm))


def _png_pengganti(emf: bytes) -> bytes:
    """Return a tiny PNG unique to ``emf`` (its digest in a text chunk): a chart's stand-in."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("naskah-alur", hashlib.sha256(emf).hexdigest())
    keluar = io.BytesIO()
    Image.new("1", (2, 2), 1).save(keluar, format="PNG", pnginfo=info)
    return keluar.getvalue()


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+")
_BAGIAN_TEKS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")


_TEKS_RUN = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")


def _patah_url(xml: str) -> str:
    """Return ``xml`` with a zero-width space after each slash of the URLs in its text runs."""

    def sisip(m: re.Match[str]) -> str:
        u = m.group(0)
        awal = u.index("//") + 2 if "//" in u else 0
        return u[:awal] + re.sub(r"/(?=[^/])", "/\u200b", u[awal:])

    def run(m: re.Match[str]) -> str:
        return m.group(1) + _URL.sub(sisip, m.group(2)) + m.group(3)

    return _TEKS_RUN.sub(run, xml)


def docx_untuk_pdf(docx: Path, tujuan: Path) -> Path:
    """Write to ``tujuan`` the copy of ``docx`` LibreOffice converts: URLs may break after '/'.

    LibreOffice (ICU line breaking) breaks a URL too long for its column inside a word
    (``inde|x.php``); Word breaks it after a slash. A zero-width space after each slash of a
    URL gives LibreOffice the same break opportunities. Only this copy carries them: the DOCX
    staff receive has no invisible characters (Word's Find works on it).
    """
    import zipfile

    tujuan.parent.mkdir(parents=True, exist_ok=True)
    sementara = tujuan.with_name(tujuan.name + ".tmp")
    with zipfile.ZipFile(docx) as zin, zipfile.ZipFile(sementara, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if _BAGIAN_TEKS.fullmatch(item.filename):
                data = _patah_url(data.decode("utf-8")).encode("utf-8")
            zout.writestr(item, data)
    sementara.replace(tujuan)
    return tujuan


_RATA = (WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.DISTRIBUTE)


def _perataan(paragraf: Any) -> Any:
    """Return a paragraph's alignment: its own, else its style's (through the base styles)."""
    if paragraf.paragraph_format.alignment is not None:
        return paragraf.paragraph_format.alignment
    gaya = paragraf.style
    while gaya is not None:
        if gaya.paragraph_format.alignment is not None:
            return gaya.paragraph_format.alignment
        gaya = gaya.base_style
    return None


def kapital(teks: str) -> bool:
    """Return whether ``teks`` is a run of words in capitals (three or more capital words).

    A diktum that names what it sets (``PERATURAN AKADEMIK PROGRAM …``) is typed in capitals;
    a label and a few capital words inside normal text (``Diktum KESATU``) are not.
    """
    kata = [k for k in re.findall(r"[^\W\d_]+", teks) if len(k) > 1]
    return len(kata) >= 3 and all(k.isupper() for k in kata)


def rata_kiri_kapital(dokumen: Any) -> None:
    """Left-align the justified paragraphs written in capitals (direct formatting).

    Justification stretches the gaps between long capital words across the line (issue 21);
    the real decrees print such lines flush left, as the Menetapkan line already is. The
    paragraph's own label (``KESATU``, before its tab) does not count.
    """
    from docx.text.paragraph import Paragraph

    for p in dokumen.element.body.iter(qn("w:p")):
        paragraf = Paragraph(p, dokumen)
        isi = paragraf.text.split("\t")[-1]
        if isi.strip() and kapital(isi) and _perataan(paragraf) in _RATA:
            paragraf.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT


def lingkungan_jinja() -> Environment:
    """Return the Jinja environment templates render in: autoescape on, strict names."""
    return Environment(autoescape=True, undefined=StrictUndefined)


class PerenderDocx:
    """Render document models to DOCX.

    ``konfigurasi`` gives the office (kop), paper, template folder and TTE footnote;
    ``templat`` overrides the template folder; ``penggambar`` draws flowcharts.
    """

    def __init__(
        self,
        konfigurasi: Konfigurasi | None = None,
        *,
        templat: Path | None = None,
        penggambar: PenggambarAlur | None = None,
    ) -> None:
        self.konfigurasi = konfigurasi or Konfigurasi()
        if templat is None and self.konfigurasi.render.templat is not None:
            templat = self.konfigurasi.path(self.konfigurasi.render.templat)
            if not templat.is_dir():  # a typo in naskah.toml must not fall back silently
                raise RenderError(
                    f"Folder templat {templat} (render.templat di naskah.toml) tidak ada; "
                    "perbaiki jalurnya atau hapus pengaturan itu."
                )
        self.templat = templat
        self.penggambar = penggambar or PenggambarAlur()

    def render(
        self,
        dokumen: Dokumen | Sertifikat,
        tujuan: Path,
        *,
        catatan_tte: bool = False,
        id_verifikasi: str | None = None,
    ) -> Path:
        """Render ``dokumen`` to the DOCX file ``tujuan`` (written atomically); return it.

        ``id_verifikasi`` is the document's verification id (its printed QR codes).
        """
        tujuan = Path(tujuan)
        jenis = jenis_dokumen(dokumen)
        path_templat = cari_templat(jenis, self.templat)
        sumber: Any = str(path_templat)
        if jenis == "sertifikat":  # the office's colours and background ([sertifikat])
            from naskah.render.sertifikat import templat_sertifikat

            sumber = templat_sertifikat(path_templat, self.konfigurasi)
        try:
            tpl = DocxTemplate(sumber)
            tpl.init_docx()
        except Exception as exc:  # a corrupt or non-DOCX file
            raise RenderError(
                f"Templat {path_templat} tidak dapat dibuka sebagai DOCX ({type(exc).__name__}); "
                "simpan ulang dari Word atau LibreOffice sebagai .docx."
            ) from None
        bahan = _Bahan(tpl, self.penggambar)
        konteks = bangun_konteks(
            dokumen,
            self.konfigurasi,
            bahan,
            catatan_tte=catatan_tte,
            id_verifikasi=id_verifikasi,
        )
        try:
            tpl.render(konteks, jinja_env=lingkungan_jinja(), autoescape=True)
        except TemplateSyntaxError as exc:
            raise RenderError(
                f"Templat {path_templat} memuat tag Jinja yang salah ({exc.message}); periksa "
                f"dengan `naskah templat periksa`."
            ) from None
        except TemplateError as exc:
            raise RenderError(
                f"Templat {path_templat} tidak dapat dirender ({exc.message or exc}); periksa "
                f"dengan `naskah templat periksa`."
            ) from None
        except NaskahError:
            raise
        self._atur_kertas(tpl)
        rata_kiri_kapital(tpl.docx)
        bahan.tukar_gambar()
        with tulis_atomik(tujuan, galat=RenderError) as sementara:
            tpl.save(sementara)
        return tujuan

    def _atur_kertas(self, tpl: DocxTemplate) -> None:
        lebar, tinggi = KERTAS[self.konfigurasi.render.kertas]
        for sec in tpl.docx.sections:
            if sec.page_width and sec.page_height and sec.page_width > sec.page_height:
                sec.page_width, sec.page_height = tinggi, lebar
            else:
                sec.page_width, sec.page_height = lebar, tinggi
