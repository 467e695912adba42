"""Certificates in bulk: many participants of one activity rendered and converted at once.

This module owns the certificate's own pictures (the QR code of each certificate's verification
address, the default frame drawn in the office's colours), the office's changes to the
certificate template (``[sertifikat]`` in naskah.toml: colours and a background image) and the
fast path :func:`render_sertifikat`.

The fast path, and why: docxtpl costs about 30 ms per separate document (loading the template,
parsing it, saving a package), while one render of the template's own loop over many
participants costs about 2 ms per certificate, and LibreOffice lays out one long document much
faster per page than many short ones. So the participants are cut into parts
(:attr:`OpsiSertifikat.per_berkas` certificates each); each part is ONE docxtpl render of the
template (its ``{%p for s in sertifikat %}`` loop), saved as one DOCX; the parts are shared out
among the converters, contiguously, and each converter converts its parts to PDF/A-2b in ONE
LibreOffice call (while the next converter's parts are being rendered): a ``soffice`` start
costs about a second of CPU, and LibreOffice's cost per page grows with a document's length
(measured with LibreOffice 7.4: 21-23 ms per certificate in documents of 50, 23 in one of 125,
30.5 in one of 250), so several short documents per start are cheapest. Each part is split back
into one PDF per certificate (:func:`pecah_sertifikat`, which keeps the PDF/A
identity: XMP, output intent, Info, and gives each file its own title). Each certificate's
first paragraph carries the template's ``AwalSertifikat`` bookmark, renamed per certificate
after rendering; LibreOffice exports the bookmarks as named destinations that mark where each
certificate starts, so a certificate that runs onto a third page is still cut correctly.
"""

from __future__ import annotations

import functools
import io
import math
import queue
import re
import secrets
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError
from lxml import etree

from naskah.berkas import tulis_atomik
from naskah.config import Konfigurasi
from naskah.errors import ConfigError, InputError, NaskahError, RenderError
from naskah.models import Peserta, Sertifikat, SertifikatKegiatan
from naskah.nomor import NomorNaskah
from naskah.render.docx import LOGO_CONTOH, cari_templat, lingkungan_jinja
from naskah.render.gabung import nama_penanda
from naskah.render.konteks import konteks_sertifikat_banyak, teks
from naskah.render.pdf import KonverterLibreOffice, KonverterParalel

WARNA_UTAMA = "1F3A68"
"""The template's primary colour (dark blue); ``[sertifikat] warna_utama`` replaces it."""
WARNA_AKSEN = "B8892B"
"""The template's accent colour (gold); ``[sertifikat] warna_aksen`` replaces it."""
NAMA_LATAR = "Latar Sertifikat"
"""The name (Word: Alt Text title) of the template's full-page background picture."""
PENANDA_AWAL = "AwalSertifikat"
"""The bookmark at the start of each certificate in the template's loop."""
PENANDA_MATERI = "HalamanMateri"
"""The bookmark at the start of the materi page, the same for every participant of a part."""
TINGGI_LOGO_SERTIFIKAT = Mm(16)
"""The logo's height on a certificate: the page keeps its text off the frame's bands."""
LEBAR_QR = Mm(22)
"""Printed width of the QR code (a 2.2 cm square scans well from a phone)."""
BATAS_LATAR = 15 * 1024 * 1024
"""Largest background image accepted, in bytes."""

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_POLA_ID = re.compile(r"^[A-Za-z0-9_-]{8,128}$")


# --- pictures ---------------------------------------------------------------------------------


def gambar_qr(url: str) -> bytes:
    """Return the QR code of ``url`` as a small black-and-white PNG (error correction M).

    Four pixels per module (scaled without smoothing, so edges stay sharp): LibreOffice's cost
    grows with an image's pixels. The mask pattern is fixed: choosing the "best" of eight costs
    five times more and every mask scans equally well.
    """
    import qrcode
    from PIL import Image

    kode = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=4, mask_pattern=2
    )
    kode.add_data(url)
    kode.make(fit=True)
    matriks = kode.get_matrix()
    n = len(matriks)
    img = Image.new("1", (n, n), 1)
    img.putdata([0 if v else 1 for baris in matriks for v in baris])
    img = img.resize((n * 4, n * 4), Image.Resampling.NEAREST)
    keluar = io.BytesIO()
    img.save(keluar, "PNG")
    return keluar.getvalue()


def _rgb(warna: str) -> tuple[int, int, int]:
    h = warna.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _campur(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    r, g, bb = (round(x * (1 - t) + y * t) for x, y in zip(a, b, strict=True))
    return r, g, bb


@functools.lru_cache(maxsize=8)
def gambar_latar(utama: str = WARNA_UTAMA, aksen: str = WARNA_AKSEN, dpi: int = 150) -> bytes:
    """Return the default certificate frame (A4 landscape PNG) drawn in the two colours.

    A broad band in the primary colour, a thin accent line and a thin primary line inside it,
    accent corner and side ornaments, faint guilloche bands along the top and bottom and a faint
    guilloche rosette in the middle (the kind of fine line work printed certificates carry).
    """
    from PIL import Image, ImageDraw

    s = 2  # drawn at twice the size and reduced, for smooth lines
    lebar, tinggi = round(29.7 / 2.54 * dpi) * s, round(21.0 / 2.54 * dpi) * s
    cm = dpi / 2.54 * s
    u, a, putih = _rgb(utama), _rgb(aksen), (255, 255, 255)
    img = Image.new("RGB", (lebar, tinggi), putih)
    d = ImageDraw.Draw(img)
    garis_halus = max(1, int(0.02 * cm))
    pucat = _campur(u, putih, 0.86)
    for y0, arah in ((1.55 * cm, 1), (tinggi - 1.55 * cm, -1)):
        for k in range(7):
            fase = k * math.pi / 7
            titik: list[tuple[float, float]] = []
            for xi in range(int(1.3 * cm), int(lebar - 1.3 * cm), 3):
                x = float(xi)
                t = x / cm
                y = y0 + arah * (
                    0.22 * cm * math.sin(t * 2.1 + fase) + 0.12 * cm * math.sin(t * 5.3 + 2 * fase)
                )
                titik.append((x, y))
            d.line(titik, fill=pucat, width=garis_halus)
    cx, cy, jari = lebar / 2, tinggi * 0.53, 6.2 * cm
    samar = _campur(u, putih, 0.93)
    for k in range(18):
        titik = []
        for j in range(1441):
            t = j / 1440 * 2 * math.pi
            r = jari * (
                0.78 + 0.14 * math.cos(14 * t + k * 2 * math.pi / 18) + 0.08 * math.cos(5 * t)
            )
            titik.append((cx + r * math.cos(t), cy + r * math.sin(t)))
        d.line(titik, fill=samar, width=garis_halus)

    def bingkai(tepi: float, tebal: float, warna: tuple[int, int, int]) -> None:
        d.rectangle((tepi, tepi, lebar - tepi, tinggi - tepi), outline=warna, width=int(tebal))

    bingkai(0.55 * cm, 0.32 * cm, u)
    bingkai(0.98 * cm, 0.07 * cm, a)
    bingkai(1.15 * cm, 0.025 * cm, u)

    def wajik(x: float, y: float, r: float, warna: tuple[int, int, int]) -> None:
        d.polygon([(x, y - r), (x + r, y), (x, y + r), (x - r, y)], fill=warna)

    m = 0.98 * cm
    for x, y in ((m, m), (lebar - m, m), (m, tinggi - m), (lebar - m, tinggi - m)):
        wajik(x, y, 0.42 * cm, a)
        wajik(x, y, 0.27 * cm, putih)
        wajik(x, y, 0.2 * cm, u)
    for x, y in ((lebar / 2, m), (lebar / 2, tinggi - m), (m, tinggi / 2), (lebar - m, tinggi / 2)):
        wajik(x, y, 0.22 * cm, a)
    img = img.resize((lebar // s, tinggi // s), Image.Resampling.LANCZOS)
    # JPEG: LibreOffice embeds a JPEG as it is, while a PNG becomes a large lossless image in
    # every certificate's PDF (and costs more to convert)
    keluar = io.BytesIO()
    img.save(keluar, "JPEG", quality=88, optimize=True, dpi=(dpi, dpi))
    return keluar.getvalue()


# --- the office's template ----------------------------------------------------------------------


def templat_sertifikat(path: Path, konfigurasi: Konfigurasi) -> io.BytesIO | str:
    """Return the certificate template with the office's ``[sertifikat]`` colours and background.

    Without either setting the template file itself is returned (its path). The colours replace
    the template's own :data:`WARNA_UTAMA` and :data:`WARNA_AKSEN` wherever they are used
    (styles, borders, shading); the background replaces the picture named :data:`NAMA_LATAR`
    (a given image; otherwise the default frame redrawn in the office's colours).
    """
    atur = konfigurasi.sertifikat
    utama = (atur.warna_utama or WARNA_UTAMA).lstrip("#").upper()
    aksen = (atur.warna_aksen or WARNA_AKSEN).lstrip("#").upper()
    if atur.latar is None and utama == WARNA_UTAMA and aksen == WARNA_AKSEN:
        return str(path)
    if atur.latar is not None:
        latar, ekstensi = _baca_latar(konfigurasi.path(atur.latar))
    else:
        latar, ekstensi = gambar_latar(utama, aksen), "jpeg"
    warna = {WARNA_UTAMA: utama, WARNA_AKSEN: aksen}
    pola_warna = re.compile(rf'"({WARNA_UTAMA}|{WARNA_AKSEN})"', re.I)

    def ganti_warna(teks: str) -> str:
        return pola_warna.sub(lambda m: f'"{warna[m.group(1).upper()]}"', teks)

    try:
        with zipfile.ZipFile(path) as zin:
            bagian = {n: zin.read(n) for n in zin.namelist()}
    except (OSError, zipfile.BadZipFile, KeyError):
        raise RenderError(
            f"Templat {path} tidak dapat dibuka sebagai DOCX; simpan ulang dari Word atau "
            "LibreOffice sebagai .docx."
        ) from None
    for nama in list(bagian):
        if re.fullmatch(r"word/(document|styles|header\d*|footer\d*)\.xml", nama):
            bagian[nama] = ganti_warna(bagian[nama].decode("utf-8")).encode("utf-8")
    _ganti_latar(bagian, latar, ekstensi)
    keluar = io.BytesIO()
    with zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for nama, data in bagian.items():
            zout.writestr(nama, data)
    keluar.seek(0)
    return keluar


def _baca_latar(path: Path) -> tuple[bytes, str]:
    """Read the office's background image; refuse what is not a sane PNG or JPEG."""
    from PIL import Image, UnidentifiedImageError

    try:
        ukuran = path.stat().st_size
        if ukuran > BATAS_LATAR:
            raise ConfigError(
                f"Gambar latar sertifikat {path} berukuran {ukuran // (1024 * 1024)} MB; "
                f"batasnya {BATAS_LATAR // (1024 * 1024)} MB, perkecil gambarnya (150 dpi cukup)."
            )
        data = path.read_bytes()
        with Image.open(io.BytesIO(data)) as img:
            jenis = img.format
            lebar, tinggi = img.size
    except FileNotFoundError:
        raise ConfigError(
            f"Gambar latar sertifikat {path} tidak ditemukan; perbaiki sertifikat.latar di "
            "naskah.toml."
        ) from None
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        raise ConfigError(
            f"Berkas latar sertifikat {path} bukan gambar PNG atau JPEG yang dapat dibaca."
        ) from None
    if jenis not in ("PNG", "JPEG"):
        raise ConfigError(
            f"Gambar latar sertifikat {path} berformat {jenis}; simpan sebagai PNG atau JPEG."
        )
    if lebar < tinggi:
        raise ConfigError(
            f"Gambar latar sertifikat {path} tegak ({lebar}×{tinggi} piksel); sertifikat "
            "mendatar (A4 lanskap), pakai gambar mendatar."
        )
    return data, "png" if jenis == "PNG" else "jpeg"


def _ganti_latar(bagian: dict[str, bytes], gambar: bytes, ekstensi: str) -> None:
    """Put ``gambar`` in place of the template's background picture (in ``bagian``, in place)."""
    diganti = False
    for nama in [n for n in bagian if re.fullmatch(r"word/header\d*\.xml", n)]:
        xml = etree.fromstring(bagian[nama])
        rels_nama = f"word/_rels/{nama.split('/')[-1]}.rels"
        if rels_nama not in bagian:
            continue
        rels = etree.fromstring(bagian[rels_nama])
        for docpr in xml.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
        ):
            if docpr.get("name") != NAMA_LATAR:
                continue
            gambar_el = docpr.getparent()
            blip = next(
                gambar_el.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"), None
            )
            rid = blip.get(f"{{{_R}}}embed") if blip is not None else None
            for rel in rels:
                if rel.get("Id") == rid:
                    target = f"media/latar-kantor.{ekstensi}"
                    rel.set("Target", target)
                    bagian[f"word/{target}"] = gambar
                    diganti = True
        bagian[rels_nama] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8")
    if not diganti:
        raise ConfigError(
            f"Templat sertifikat tidak memuat gambar latar bernama {NAMA_LATAR!r}, jadi "
            "sertifikat.latar dan warna di naskah.toml tidak dapat dipakai; beri nama itu pada "
            "gambar latar templat (Word: Format Gambar → Teks Alt) atau hapus pengaturannya."
        )
    ct = etree.fromstring(bagian["[Content_Types].xml"])
    if not any(
        d.get("Extension", "").lower() == ekstensi for d in ct if d.tag == f"{{{_CT}}}Default"
    ):
        el = etree.SubElement(ct, f"{{{_CT}}}Default")
        el.set("Extension", ekstensi)
        el.set("ContentType", f"image/{ekstensi}")
        bagian["[Content_Types].xml"] = etree.tostring(ct, xml_declaration=True, encoding="UTF-8")


# --- the fast path ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OpsiSertifikat:
    """How to render a batch of certificates."""

    pdfa: bool | None = None
    """PDF/A-2b; naskah.toml's render.pdfa when None."""
    templat: Path | None = None
    """Template folder overriding naskah.toml's render.templat."""
    catatan_tte: bool = True
    """Print the electronic-signature statement (``[tte] catatan_kaki``)."""
    per_berkas: int = 50
    """Most certificates in one DOCX; a converter converts its DOCX files in one call."""
    materi_bersama: bool = True
    """Convert the materi page once per part when it is the same for every participant."""


class _BahanSertifikat:
    """The pictures a certificate context needs, made against one template."""

    def __init__(self, tpl: DocxTemplate) -> None:
        self.tpl = tpl
        self._logo: dict[str, bytes] = {}

    def logo(self, path: str | None) -> Any:
        berkas = Path(path) if path else LOGO_CONTOH
        if not berkas.is_file():
            raise RenderError(
                f"Berkas logo {berkas} tidak ditemukan; perbaiki instansi.logo di naskah.toml."
            )
        return InlineImage(self.tpl, io.BytesIO(_logo_cetak(berkas)), height=TINGGI_LOGO_SERTIFIKAT)

    def qr(self, url: str) -> Any:
        return InlineImage(self.tpl, io.BytesIO(gambar_qr(url)), width=LEBAR_QR)

    def gambar_alur(self, alur: Any) -> Any:
        raise RenderError("Templat sertifikat tidak memuat bagan alur.")

    def tabel(self, tabel: Any) -> Any:
        raise RenderError("Templat sertifikat tidak memuat tabel uraian.")

    def gambar(self, png: bytes, lebar_mm: float) -> Any:
        raise RenderError("Templat sertifikat tidak memuat grafik.")


DPI_LOGO = 200
"""Resolution the logo is printed at on certificates (its pixels cost LibreOffice time)."""


@functools.lru_cache(maxsize=4)
def _logo_cetak(berkas: Path) -> bytes:
    """Return the logo reduced to :data:`DPI_LOGO` at its printed height (once per file)."""
    from PIL import Image, UnidentifiedImageError

    data = berkas.read_bytes()
    try:
        with Image.open(io.BytesIO(data)) as img:
            tinggi = round(TINGGI_LOGO_SERTIFIKAT.mm / 25.4 * DPI_LOGO)
            if img.height <= tinggi * 1.2:
                return data
            lebar = max(1, round(img.width * tinggi / img.height))
            kecil = img.convert("RGBA" if "A" in img.getbands() else "RGB").resize(
                (lebar, tinggi), Image.Resampling.LANCZOS
            )
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        raise RenderError(
            f"Berkas logo {berkas} bukan gambar yang dapat dibaca; perbaiki instansi.logo di "
            "naskah.toml."
        ) from None
    keluar = io.BytesIO()
    kecil.save(keluar, "PNG", optimize=True, dpi=(DPI_LOGO, DPI_LOGO))
    return keluar.getvalue()


def nama_berkas(nomor: str) -> str:
    """Return the file name (without ``.pdf``) of the certificate numbered ``nomor``."""
    nama = re.sub(r"[^0-9A-Za-z.]+", "-", nomor).strip("-.")
    return nama or "sertifikat"


def render_sertifikat(
    kegiatan: SertifikatKegiatan,
    peserta: Sequence[Peserta],
    nomor: Sequence[str | NomorNaskah],
    id_verifikasi: Sequence[str],
    keluaran: Path,
    opsi: OpsiSertifikat | None = None,
    *,
    konfigurasi: Konfigurasi | None = None,
    konverter: KonverterParalel | KonverterLibreOffice | None = None,
) -> list[Path]:
    """Render one certificate PDF per participant into ``keluaran``; return them in order.

    ``peserta[i]`` gets number ``nomor[i]`` and the QR code of ``id_verifikasi[i]`` (a random
    URL-safe token the caller makes with :mod:`secrets` and keeps). Each PDF is named after its
    number (:func:`nama_berkas`) and written atomically; nothing else is left in ``keluaran``.
    When a part fails, the certificates of the parts already done stay written (each one
    complete) and the error is raised: the caller's resume renders the rest.
    """
    return _render(kegiatan, peserta, nomor, id_verifikasi, keluaran, opsi, konfigurasi,
                   konverter, teks=False)[0]  # fmt: skip


def render_sertifikat_teks(
    kegiatan: SertifikatKegiatan,
    peserta: Sequence[Peserta],
    nomor: Sequence[str | NomorNaskah],
    id_verifikasi: Sequence[str],
    keluaran: Path,
    opsi: OpsiSertifikat | None = None,
    *,
    konfigurasi: Konfigurasi | None = None,
    konverter: KonverterParalel | KonverterLibreOffice | None = None,
) -> tuple[list[Path], list[str]]:
    """Like :func:`render_sertifikat`, and return each certificate's text layer too.

    The text is what :func:`naskah.render.teks.teks_banyak` reads from the certificates' PDFs
    (each page stripped, pages joined by form feeds), read by ONE ``pdftotext`` call per
    converted part (:func:`naskah.render.teks.teks_halaman`), not from every certificate's own
    file, each with its own copy of the fonts. Needs poppler's ``pdftotext``.
    """
    return _render(kegiatan, peserta, nomor, id_verifikasi, keluaran, opsi, konfigurasi,
                   konverter, teks=True)  # fmt: skip


def _render(
    kegiatan: SertifikatKegiatan,
    peserta: Sequence[Peserta],
    nomor: Sequence[str | NomorNaskah],
    id_verifikasi: Sequence[str],
    keluaran: Path,
    opsi: OpsiSertifikat | None,
    konfigurasi: Konfigurasi | None,
    konverter: KonverterParalel | KonverterLibreOffice | None,
    *,
    teks: bool,
) -> tuple[list[Path], list[str]]:
    opsi = opsi or OpsiSertifikat()
    konfigurasi = konfigurasi or Konfigurasi()
    daftar = _daftar(kegiatan, peserta, nomor, id_verifikasi)
    tujuan = [Path(keluaran) / f"{nama_berkas(str(n))}.pdf" for n in nomor]
    if len(set(tujuan)) != len(tujuan):
        raise InputError(
            "Dua nomor sertifikat menghasilkan nama berkas yang sama; periksa nomor yang diberikan."
        )
    pdfa = konfigurasi.render.pdfa if opsi.pdfa is None else opsi.pdfa
    folder_templat = opsi.templat
    if folder_templat is None and konfigurasi.render.templat is not None:
        folder_templat = konfigurasi.path(konfigurasi.render.templat)
    sumber = templat_sertifikat(cari_templat("sertifikat", folder_templat), konfigurasi)
    data_templat = (
        sumber.getvalue() if isinstance(sumber, io.BytesIO) else Path(sumber).read_bytes()
    )
    if isinstance(konverter, KonverterLibreOffice):
        semua = [konverter]
    else:
        semua = list((konverter or KonverterParalel.buat()).konverter)
    per = max(1, min(opsi.per_berkas, math.ceil(len(daftar) / len(semua))))
    bagian = [range(i, min(i + per, len(daftar))) for i in range(0, len(daftar), per)]
    # one LibreOffice call per converter: its parts, contiguous, converted in one start
    n_kelompok = min(len(semua), len(bagian))
    ukuran = [len(bagian) // n_kelompok + (g < len(bagian) % n_kelompok) for g in range(n_kelompok)]
    batas = [sum(ukuran[:g]) for g in range(n_kelompok + 1)]
    kelompok = [bagian[batas[g] : batas[g + 1]] for g in range(n_kelompok)]
    bebas: queue.Queue[KonverterLibreOffice] = queue.Queue()
    for k in semua:
        bebas.put(k)
    Path(keluaran).mkdir(parents=True, exist_ok=True)
    kerja = Path(tempfile.mkdtemp(prefix=".naskah-sertifikat-", dir=keluaran))
    try:
        with ThreadPoolExecutor(max_workers=len(semua)) as pool:
            tugas: list[Future[tuple[list[Path], list[str]]]] = []
            try:
                for nomor_kelompok, isi in enumerate(kelompok):
                    folder = kerja / f"{nomor_kelompok:04d}"
                    potong: list[_Potong] = []
                    for r in isi:
                        docx = folder / f"sertifikat-{r.start:06d}.docx"
                        token, bersama = _render_bagian(
                            data_templat, kegiatan, [daftar[i] for i in r], docx, konfigurasi,
                            catatan_tte=opsi.catatan_tte, materi_bersama=opsi.materi_bersama,
                        )  # fmt: skip
                        potong.append(_Potong(
                            docx, token, [tujuan[i] for i in r],
                            [_judul(kegiatan, daftar[i]) for i in r], bersama,
                        ))  # fmt: skip
                    tugas.append(pool.submit(_ubah_dan_pecah, bebas, folder, potong, pdfa, teks))
            except BaseException:
                # a rendering failure: parts not started are dropped, running ones finish
                for t in tugas:
                    t.cancel()
                wait(tugas)
                raise
            hasil = [t.result() for t in tugas]  # the first conversion failure is raised
    except NaskahError:
        raise
    except OSError as exc:
        raise RenderError(f"Berkas sertifikat tidak dapat ditulis: {exc}.") from None
    finally:
        shutil.rmtree(kerja, ignore_errors=True)
    return [p for h, _ in hasil for p in h], [t for _, ts in hasil for t in ts]


def _judul(kegiatan: SertifikatKegiatan, s: Sertifikat) -> tuple[str, str]:
    """Return a certificate PDF's title and subject (what is printed on it, nothing more)."""
    return (
        f"Sertifikat {s.nomor} a.n. {teks(s.peserta.nama)}",
        f"Sertifikat {teks(kegiatan.kegiatan.nama)}",
    )


def _daftar(
    kegiatan: SertifikatKegiatan,
    peserta: Sequence[Peserta],
    nomor: Sequence[str | NomorNaskah],
    id_verifikasi: Sequence[str],
) -> list[Sertifikat]:
    """Check the three lists against each other and return one :class:`Sertifikat` each."""
    if not peserta:
        raise InputError("Tidak ada peserta untuk diberi sertifikat.")
    if not len(peserta) == len(nomor) == len(id_verifikasi):
        raise InputError(
            f"Jumlah peserta ({len(peserta)}), nomor ({len(nomor)}) dan id verifikasi "
            f"({len(id_verifikasi)}) harus sama."
        )
    teks_nomor = [str(n).strip() for n in nomor]
    if any(not n for n in teks_nomor) or len(set(teks_nomor)) != len(teks_nomor):
        raise InputError(
            "Setiap sertifikat harus punya nomor sendiri; ada nomor kosong atau ganda."
        )
    buruk = [i for i in id_verifikasi if not isinstance(i, str) or not _POLA_ID.fullmatch(i)]
    if buruk or len(set(id_verifikasi)) != len(id_verifikasi):
        raise InputError(
            "Setiap sertifikat harus punya id verifikasi sendiri: 8–128 huruf, angka, - atau _ "
            "(buat dengan secrets.token_urlsafe); ada yang tidak sah atau ganda."
        )
    return [
        Sertifikat.model_construct(kegiatan=kegiatan, peserta=p, nomor=n, id_verifikasi=i)
        for p, n, i in zip(peserta, teks_nomor, id_verifikasi, strict=True)
    ]


def _render_bagian(
    data_templat: bytes,
    kegiatan: SertifikatKegiatan,
    daftar: list[Sertifikat],
    tujuan: Path,
    konfigurasi: Konfigurasi,
    *,
    catatan_tte: bool,
    materi_bersama: bool = True,
) -> tuple[str, bool]:
    """Render ``daftar`` with one pass of the template into the DOCX ``tujuan``.

    Return the token naming the start bookmarks (:func:`~naskah.render.gabung.nama_penanda`)
    and whether the materi page is printed once for the part (:func:`_materi_sekali`).
    """
    tpl = DocxTemplate(io.BytesIO(data_templat))
    try:
        tpl.init_docx()
    except Exception as exc:  # a corrupt or non-DOCX template
        raise RenderError(
            f"Templat sertifikat tidak dapat dibuka sebagai DOCX ({type(exc).__name__}); simpan "
            "ulang dari Word atau LibreOffice sebagai .docx."
        ) from None
    konteks = konteks_sertifikat_banyak(
        kegiatan, daftar, konfigurasi, _BahanSertifikat(tpl), catatan_tte=catatan_tte
    )
    try:
        tpl.render(konteks, jinja_env=lingkungan_jinja(), autoescape=True)
    except TemplateError as exc:
        raise RenderError(
            f"Templat sertifikat tidak dapat dirender ({exc.message or exc}); periksa dengan "
            "`naskah templat periksa`."
        ) from None
    token = secrets.token_hex(4).upper()
    body = tpl.docx.element.body
    _tandai_awal(body, token, len(daftar))
    bersama = materi_bersama and _materi_sekali(body, token, len(daftar))
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    tpl.save(tujuan)
    return token, bersama


def _tandai_awal(body: etree._Element, token: str, jumlah: int) -> None:
    """Rename the ``AwalSertifikat`` bookmark of each rendered certificate to its own name."""
    awal = [
        el for el in body.iter(f"{{{_W}}}bookmarkStart") if el.get(f"{{{_W}}}name") == PENANDA_AWAL
    ]
    if len(awal) != jumlah:
        raise RenderError(
            f"Templat sertifikat harus memuat penanda (bookmark) {PENANDA_AWAL} tepat sekali di "
            f"awal setiap sertifikat (di dalam perulangan peserta); ditemukan {len(awal)} untuk "
            f"{jumlah} sertifikat. Pulihkan penanda itu di Word (Sisipkan → Penanda)."
        )
    ids = [int(i) for el in body.iter(f"{{{_W}}}bookmarkStart", f"{{{_W}}}bookmarkEnd")
           if (i := el.get(f"{{{_W}}}id", "")).isdigit()]  # fmt: skip
    berikut = max(ids, default=0) + 1
    lama_id = awal[0].get(f"{{{_W}}}id")
    akhir = [el for el in body.iter(f"{{{_W}}}bookmarkEnd") if el.get(f"{{{_W}}}id") == lama_id]
    for i, el in enumerate(awal):
        baru = str(berikut + i)
        el.set(f"{{{_W}}}name", nama_penanda(token, i))
        el.set(f"{{{_W}}}id", baru)
        if i < len(akhir):
            akhir[i].set(f"{{{_W}}}id", baru)


def _induk_atas(el: etree._Element, body: etree._Element) -> int:
    while el.getparent() is not body:
        el = el.getparent()
    return body.index(el)


def _pemisah_halaman(el: etree._Element) -> bool:
    """Tell whether ``el`` is a paragraph holding only a page break."""
    return (
        el.tag == f"{{{_W}}}p"
        and any(br.get(f"{{{_W}}}type") == "page" for br in el.iter(f"{{{_W}}}br"))
        and not "".join(t.text or "" for t in el.iter(f"{{{_W}}}t")).strip()
    )


_ID = re.compile(rb'\s(?:w:)?id="\d+"')


def _materi_sekali(body: etree._Element, token: str, jumlah: int) -> bool:
    """Keep only the first certificate's materi page when every certificate's is the same.

    The materi page runs from the :data:`PENANDA_MATERI` bookmark to the page break before the
    next certificate. When the pages of all certificates are equal (ids aside), the others are
    removed (with the page break before them), the first one's bookmark is renamed
    ``NSK{token}M00000`` and :func:`pecah_sertifikat` adds that page to every certificate:
    LibreOffice lays out one materi page instead of one per participant. Otherwise (a template
    printing a participant's data there, an unexpected layout) nothing changes.
    """
    if jumlah < 2:
        return False
    anak = list(body)
    cari = {el.get(f"{{{_W}}}name"): el for el in body.iter(f"{{{_W}}}bookmarkStart")}
    awal = [cari.get(nama_penanda(token, i)) for i in range(jumlah)]
    materi = [el for el in body.iter(f"{{{_W}}}bookmarkStart")
              if el.get(f"{{{_W}}}name") == PENANDA_MATERI]  # fmt: skip
    if len(materi) != jumlah or any(a is None for a in awal) or anak[-1].tag != f"{{{_W}}}sectPr":
        return False
    a = [_induk_atas(el, body) for el in awal if el is not None]
    m = [_induk_atas(el, body) for el in materi]
    akhir = [*(x - 1 for x in a[1:]), len(anak) - 1]
    if not all(a[i] < m[i] - 1 and m[i] < akhir[i] for i in range(jumlah)):
        return False
    if not all(_pemisah_halaman(anak[x - 1]) for x in m) or not all(
        _pemisah_halaman(anak[x]) for x in akhir[:-1]
    ):
        return False
    kunci = [
        b"".join(_ID.sub(b"", etree.tostring(el)) for el in anak[m[i] : akhir[i]])
        for i in range(jumlah)
    ]
    if any(k != kunci[0] for k in kunci[1:]):
        return False
    for i in range(1, jumlah):
        for el in anak[m[i] - 1 : akhir[i]]:
            body.remove(el)
    materi[0].set(f"{{{_W}}}name", f"NSK{token}M00000")
    return True


@dataclass(frozen=True)
class _Potong:
    """One rendered part: its DOCX, bookmark token, certificates' PDFs and titles."""

    docx: Path
    token: str
    tujuan: list[Path]
    judul: list[tuple[str, str]]
    bersama: bool


def _ubah_dan_pecah(
    bebas: queue.Queue[KonverterLibreOffice],
    folder: Path,
    potong: list[_Potong],
    pdfa: bool,
    teks: bool = False,
) -> tuple[list[Path], list[str]]:
    """Convert parts in ONE call on a free converter; split them into the certificates' PDFs.

    Several documents in one LibreOffice start, not one long document: a start costs about a
    second of CPU, and LibreOffice's layout and export cost per page grows with the length of
    the document (measured: 23 ms per certificate in a document of 50, 30 ms in one of 250).
    """
    konverter = bebas.get()
    try:
        pdfs = konverter.konversi([p.docx for p in potong], folder / "pdf", pdfa=pdfa, penanda=True)
    finally:
        bebas.put(konverter)
    hasil: list[Path] = []
    isi: list[str] = []
    for p, pdf in zip(potong, pdfs, strict=True):
        berkas, halaman = _pecah(pdf, p.token, p.tujuan, p.judul, materi_bersama=p.bersama)
        hasil += berkas
        if teks:
            isi += _teks_per_sertifikat(pdf, halaman)
    shutil.rmtree(folder, ignore_errors=True)
    return hasil, isi


def _teks_per_sertifikat(pdf: Path, halaman: list[list[int]]) -> list[str]:
    """Return the text layer of each certificate of a converted part (see
    :func:`render_sertifikat_teks`); ``halaman`` holds each certificate's pages in the part."""
    from naskah.render.teks import teks_halaman, teks_per_kelompok

    teks, _ = teks_halaman([pdf])
    if len(teks) <= max((i for h in halaman for i in h), default=-1):
        raise RenderError("Teks PDF tidak lengkap (halaman hilang); ulangi.")
    return teks_per_kelompok(teks, halaman)


def pecah_sertifikat(
    pdf: Path,
    token: str,
    tujuan: Sequence[Path],
    judul: Sequence[tuple[str, str]],
    *,
    materi_bersama: bool = False,
) -> list[Path]:
    """Split a converted part into one PDF per certificate, each with its own title.

    Like :func:`naskah.render.gabung.pecah_pdf` (the same start markers, the same checks, the
    merged file's PDF/A identity: XMP, output intent, language, Info), but with qpdf (pikepdf),
    about five times cheaper per certificate than pypdf, and each file gets its own title and
    subject (``judul``: one ``(title, subject)`` per certificate) in both the XMP and Info.
    With ``materi_bersama`` the pages from the ``NSK{token}M00000`` destination to the second
    certificate's start are the materi pages printed once (:func:`_materi_sekali`): every
    certificate gets them after its own pages.
    """
    return _pecah(pdf, token, tujuan, judul, materi_bersama=materi_bersama)[0]


def _pecah(
    pdf: Path,
    token: str,
    tujuan: Sequence[Path],
    judul: Sequence[tuple[str, str]],
    *,
    materi_bersama: bool = False,
) -> tuple[list[Path], list[list[int]]]:
    """:func:`pecah_sertifikat`, also returning each certificate's pages (indices in ``pdf``)."""
    import pikepdf

    pola = re.compile(rf"^/?NSK{token}D(\d{{5}})$")
    try:
        with pikepdf.open(pdf) as sumber:
            indeks = {h.obj.objgen: i for i, h in enumerate(sumber.pages)}
            awal: dict[int, int] = {}
            materi = -1
            tujuan_pdf = sumber.Root.get("/Dests", pikepdf.Dictionary())
            for nama, dest in tujuan_pdf.items():
                if isinstance(dest, pikepdf.Dictionary):
                    dest = dest.D
                m = pola.match(str(nama))
                if m:
                    awal[int(m.group(1))] = indeks.get(dest[0].objgen, -1)
                elif str(nama).lstrip("/") == f"NSK{token}M00000":
                    materi = indeks.get(dest[0].objgen, -1)
            halaman = [awal.get(i, -1) for i in range(len(tujuan))]
            if not (
                len(awal) == len(tujuan)
                and halaman[0] == 0
                and all(a < b for a, b in zip(halaman, halaman[1:], strict=False))
            ):
                raise RenderError(
                    f"PDF sertifikat {pdf.name} tidak dapat dipecah: ditemukan {len(awal)} awal "
                    f"sertifikat dari {len(tujuan)}; periksa penanda {PENANDA_AWAL} di templat."
                )
            akhir = [*halaman[1:], len(sumber.pages)]
            ulang: list[Any] = []  # the materi pages every certificate gets
            if materi_bersama:
                if len(halaman) < 2 or not halaman[0] < materi < halaman[1]:
                    raise RenderError(
                        f"PDF sertifikat {pdf.name} tidak dapat dipecah: halaman materi "
                        f"bersama tidak ditemukan; periksa penanda {PENANDA_MATERI} di templat."
                    )
                ulang = list(sumber.pages[materi : halaman[1]])
                akhir[0] = materi
            bersama = {}
            for kunci in ("/Metadata", "/OutputIntents", "/Lang"):
                if kunci in sumber.Root:
                    nilai = sumber.Root[kunci]
                    berobjek = isinstance(
                        nilai, pikepdf.Array | pikepdf.Dictionary | pikepdf.Stream
                    )
                    if berobjek and not nilai.is_indirect:
                        nilai = sumber.make_indirect(nilai)
                    bersama[kunci] = nilai
            info = sumber.trailer.get("/Info")
            if info is not None and not info.is_indirect:
                info = sumber.make_indirect(info)
            hasil = []
            nomor_ulang = list(range(materi, halaman[1])) if ulang else []
            per_sertifikat = [
                [*range(a, b), *nomor_ulang] for a, b in zip(halaman, akhir, strict=True)
            ]
            for a, b, path, (judul_, subjek) in zip(halaman, akhir, tujuan, judul, strict=True):
                baru = pikepdf.new()
                baru.pages.extend(sumber.pages[a:b])
                baru.pages.extend(ulang)
                for kunci, nilai in bersama.items():
                    baru.Root[kunci] = (
                        baru.copy_foreign(nilai) if isinstance(nilai, pikepdf.Object)
                        and nilai.is_indirect else nilai
                    )  # fmt: skip
                if info is not None:
                    baru.trailer.Info = baru.copy_foreign(info)
                with baru.open_metadata(set_pikepdf_as_editor=False) as meta:
                    meta["dc:title"] = judul_
                    meta["dc:description"] = subjek
                with tulis_atomik(Path(path), galat=RenderError) as sementara:
                    baru.save(sementara, min_version=sumber.pdf_version)
                hasil.append(Path(path))
            return hasil, per_sertifikat
    except pikepdf.PdfError as exc:
        raise RenderError(
            f"PDF sertifikat {pdf.name} tidak dapat dibaca untuk dipecah ({exc}); ulangi render."
        ) from None


__all__ = [
    "LEBAR_QR", "NAMA_LATAR", "OpsiSertifikat", "PENANDA_AWAL", "PENANDA_MATERI", "WARNA_AKSEN",
    "WARNA_UTAMA",
    "gambar_latar", "gambar_qr", "nama_berkas", "pecah_sertifikat", "render_sertifikat",
    "render_sertifikat_teks",
    "templat_sertifikat",
]  # fmt: skip
