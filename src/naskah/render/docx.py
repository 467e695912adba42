"""Render a document model to DOCX with its docxtpl template.

This module owns finding a kind's template (an office's own folder first, then naskah's
``templates/``), the images and sub-documents a context needs (logo, flowchart, rich-text
tables), rendering with autoescape on and strict undefined names, the paper size, and writing the
result atomically (a temporary file renamed into place).
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

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
    "sertifikat": Path("surat") / "sertifikat.docx",
    "standar_pelayanan": Path("standar_pelayanan") / "standar_pelayanan.docx",
}
"""The template of each document kind, relative to a template folder."""

KERTAS = {"A4": (Cm(21.0), Cm(29.7)), "F4": (Cm(21.5), Cm(33.0))}

# Room for pictures: the URAIAN column of the Standar Pelayanan table and the kop's logo cell.
LEBAR_ALUR = Mm(95)
TINGGI_ALUR_MAKS = Mm(175)
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
        """Return the flowchart as horizontal bands, one picture each, stacked without gaps.

        A table row can split between paragraphs but not inside a picture, so one tall chart
        pushes its whole row to the next page and leaves the page before half empty. Cut
        between the chart's ranks (rows of pixels that only thin edges cross), the row flows
        like text; the bands join seamlessly on one page.
        """
        png = self.penggambar.png(alur)
        from PIL import Image

        with Image.open(io.BytesIO(png)) as img:
            img.load()
            lebar, tinggi = img.size
            # printed at its natural (dpi) size, so its text is the table's size; wider charts
            # shrink to the column, and no chart is taller than most of a page
            emu_per_px = 914400 / self.penggambar.dpi
            skala = min(1.0, LEBAR_ALUR / (lebar * emu_per_px),
                        TINGGI_ALUR_MAKS / (tinggi * emu_per_px))  # fmt: skip
            pita = []
            for atas, bawah in potongan_alur(img, int(TINGGI_PITA / (emu_per_px * skala))):
                keluar = io.BytesIO()
                img.crop((0, atas, lebar, bawah)).save(
                    keluar,
                    format="PNG",
                    dpi=(self.penggambar.dpi, self.penggambar.dpi),
                    compress_level=3,
                )
                keluar.seek(0)
                pita.append(InlineImage(self.tpl, keluar, width=int(lebar * emu_per_px * skala)))
        return pita

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


TINGGI_PITA = Mm(22)
"""The tallest band of a flowchart: at most this much of a page is left empty before it."""


def potongan_alur(img: Any, tinggi_maks: int) -> list[tuple[int, int]]:
    """Return ``(top, bottom)`` pixel rows cutting ``img`` into bands of at most ``tinggi_maks``.

    Cuts fall on the emptiest rows (only edges cross them, no box or label); a chart with no
    such row stays whole.
    """
    lebar, tinggi = img.size
    alfa = img.getchannel("A") if "A" in img.getbands() else img.convert("L").point(
        lambda v: 255 if v < 250 else 0)  # fmt: skip
    # opaque pixels per row, counted in C: threshold, then average each row to one pixel
    from PIL import Image

    rata = alfa.point(lambda v: 255 if v > 40 else 0).resize((1, tinggi), Image.Resampling.BOX)
    isi = [round(v * lebar / 255) for v in rata.tobytes()]
    batas_tipis = max(2, lebar // 40)  # a few vertical edges, no box
    potong, atas = [], 0
    while tinggi - atas > tinggi_maks:
        calon = [y for y in range(atas + tinggi_maks // 3, atas + tinggi_maks)
                 if isi[y] <= batas_tipis]  # fmt: skip
        # the lowest thin row keeps bands as tall as allowed; a box taller than a band is
        # not cut: the band ends at the first thin row below it
        lebih = (y for y in range(atas + tinggi_maks, tinggi - 1) if isi[y] <= batas_tipis)
        y = max(calon) if calon else next(lebih, None)
        if y is None:
            break
        potong.append((atas, y))
        atas = y
    potong.append((atas, tinggi))
    return potong


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
        konteks = bangun_konteks(
            dokumen,
            self.konfigurasi,
            _Bahan(tpl, self.penggambar),
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
