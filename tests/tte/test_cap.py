"""The visible stamp as a reader sees it: rendered by poppler, its text inside the box, set at
the font's own widths (not letter-spaced), the QR code drawn, the font embedded."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from fontTools import ttLib

from naskah.tte import OpsiTandaTangan, SesiTandaTangan, muat_p12
from naskah.tte.appearance import JARAK_BARIS, UKURAN_HURUF, pilih_font
from tests.tte.conftest import PASS, periksa_luar
from tests.tte.pdfbuat import catatan_untuk, tulis_pdf

KOTAK = (340, 230, 510, 300)  # the marker at (340, 300) anchors a 170 x 70 pt box
JABATAN_PANJANG = "Kepala Balai Penjaminan Mutu Pendidikan Provinsi Nusa Tenggara Timur"
DPI = 100


def _kata(pdf: Path, halaman: int) -> list[tuple[float, float, float, float, str]]:
    """Return poppler's text boxes (x1, y1, x2, y2 in PDF user space, bottom-up) of a page."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(halaman + 1), "-l", str(halaman + 1), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    tinggi = float(pypdf.PdfReader(pdf).pages[halaman].mediabox.height)
    hasil = []
    pola = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    for m in re.finditer(pola, out):
        x1, y1, x2, y2 = (float(v) for v in m.groups()[:4])
        hasil.append((x1, tinggi - y2, x2, tinggi - y1, m.group(5)))
    return hasil


def _lebar_alami(teks: str, font: Path) -> float:
    """Return the width of ``teks`` at 1 pt from the font's own advance widths (no kerning)."""
    tt = ttLib.TTFont(font)
    cmap = tt.getBestCmap()
    hmtx = tt["hmtx"]
    upem = tt["head"].unitsPerEm
    return sum(hmtx[cmap[ord(c)]][0] for c in teks) / upem


def _render(pdf: Path, halaman: int, tujuan: Path):
    from PIL import Image

    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(DPI),
            "-gray",
            "-png",
            "-f",
            str(halaman + 1),
            "-singlefile",
            str(pdf),
            str(tujuan),
        ],
        check=True,
        timeout=60,
    )
    return Image.open(f"{tujuan}.png").convert("L")


_CFF = [
    Path("/usr/share/fonts/opentype/texgyre/texgyreheros-regular.otf"),
    Path("/usr/share/texmf/fonts/opentype/public/tex-gyre/texgyreheros-regular.otf"),
]
FONT = [
    pytest.param(None, id="bawaan"),  # Liberation Sans: TrueType, 2048 units per em
    pytest.param(Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), id="dejavu"),
    pytest.param(
        next((p for p in _CFF if p.is_file()), _CFF[0]), id="cff"
    ),  # TeX Gyre Heros: CFF outlines, 1000 units per em
]


@pytest.mark.parametrize("font", FONT)
def test_cap_tampak_terbaca_di_dalam_kotak(font: Path | None, pki, tmp_path: Path) -> None:
    # scripts/install.sh --test installs these fonts; a missing one is a broken set-up
    assert font is None or font.is_file(), f"huruf {font} tidak terpasang"
    # the stamp's jabatan comes from the document's signer record
    catatan = catatan_untuk("Budi Santoso", "Dr. Budi Santoso, M.Pd.", jabatan=JABATAN_PANJANG)
    src = tulis_pdf(tmp_path / "surat.pdf", penanda=(340, 300), catatan=catatan)
    opsi = OpsiTandaTangan(
        tampak=True,
        url_verifikasi="https://bpmp.example.go.id/v/{id}",
        font=font,
    )
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        h = SesiTandaTangan(p, opsi).tandatangani(src)
    periksa_luar(h.keluaran, jumlah=1)

    # -- text: every line of the stamp inside the signature box, at the font's widths ----------
    x1, y1, x2, y2 = KOTAK
    kata_asli = {k[4] for k in _kata(src, 0)}
    baris = [k for k in _kata(h.keluaran, 0) if k[4] not in kata_asli]
    teks = " ".join(b[4] for b in baris)
    for bagian in ("Ditandatangani secara elektronik oleh", "Budi Santoso", "Waktu:"):
        assert bagian in teks, teks
    # the long jabatan is wrapped, not squeezed onto one line
    assert "Kepala Balai Penjaminan Mutu Pendidikan" in teks and "Nusa Tenggara Timur" in teks
    for bx1, by1, bx2, by2, isi in baris:
        assert x1 - 0.5 <= bx1 and bx2 <= x2 + 0.5, f"{isi!r} keluar kotak: {bx1}..{bx2}"
        assert y1 - 0.5 <= by1 and by2 <= y2 + 0.5, f"{isi!r} keluar kotak: {by1}..{by2}"
    # Effective font size from the line pitch (the stamp is scaled as a whole to fit the box).
    tops = sorted((b[3] for b in baris), reverse=True)
    jarak = min(a - b for a, b in zip(tops, tops[1:], strict=False))
    ukuran = jarak * UKURAN_HURUF / JARAK_BARIS
    assert ukuran >= 4.5, f"huruf cap terlalu kecil ({ukuran:.1f} pt)"
    font = pilih_font(font)
    for bx1, _, bx2, _, isi in baris:
        diharapkan = _lebar_alami(isi, font) * ukuran
        # letter-spaced text (widths in font units read as thousandths) is ~2x too wide
        assert abs((bx2 - bx1) - diharapkan) <= 0.06 * diharapkan, (isi, bx2 - bx1, diharapkan)

    # -- pixels: the stamp (QR code and text) is drawn, and nothing outside the box changed ----
    from PIL import ImageChops

    asli = _render(src, 0, tmp_path / "asli")
    jadi = _render(h.keluaran, 0, tmp_path / "jadi")
    beda = ImageChops.difference(asli, jadi).point(lambda v: 255 if v > 64 else 0)
    skala = DPI / 72
    tinggi_hal = 842
    kiri, atas = int(x1 * skala) - 1, int((tinggi_hal - y2) * skala) - 1
    kanan, bawah = int(x2 * skala) + 2, int((tinggi_hal - y1) * skala) + 2
    bbox = beda.getbbox()
    assert bbox is not None, "cap tanda tangan tidak tergambar"
    assert kiri <= bbox[0] and atas <= bbox[1] and bbox[2] <= kanan and bbox[3] <= bawah, (
        bbox,
        (kiri, atas, kanan, bawah),
    )
    # a QR code is a dense square of dark modules on the left of the box
    gelap = jadi.crop((kiri, atas, kiri + (bawah - atas), bawah)).point(
        lambda v: 255 if v < 128 else 0
    )
    hist = gelap.histogram()
    assert hist[255] > 0.25 * (bawah - atas) ** 2 * 0.5, "kode QR tidak tergambar"

    # -- font: embedded, so a PDF/A stays PDF/A ------------------------------------------------
    fonts = subprocess.run(
        ["pdffonts", str(h.keluaran)], capture_output=True, text=True, check=True
    ).stdout
    baris_font = [b for b in fonts.splitlines()[2:] if "CID TrueType" in b or "CID Type 0" in b]
    assert len(baris_font) == 1, fonts
    assert all(re.search(r"\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$", b) for b in baris_font), fonts


def test_cap_batch_memakai_huruf_yang_sama(pki, tmp_path: Path) -> None:
    """A visible batch cuts the font once: every document embeds the same small program."""
    from naskah.tte import appearance

    catatan = catatan_untuk("Budi Santoso", jabatan="Kepala Seksi Ñandú")
    files = [
        tulis_pdf(tmp_path / f"d{i}.pdf", penanda=(340, 300), catatan=catatan) for i in range(3)
    ]
    appearance._subset_cap.cache_clear()
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        sesi = SesiTandaTangan(p, OpsiTandaTangan(tampak=True))
        hasil = sesi.tandatangani_banyak(files)
    info = appearance._subset_cap.cache_info()
    assert info.misses == 1 and info.hits >= 2, info
    program = []
    for h in hasil:
        periksa_luar(h.keluaran, jumlah=1)
        r = pypdf.PdfReader(h.keluaran)
        (widget,) = [a.get_object() for a in r.pages[0]["/Annots"]]
        ((cidfont, fd),) = _fonts(widget["/AP"]["/N"].get_object())
        assert "/FontFile2" in fd
        program.append(fd["/FontFile2"].get_object().get_data())
        # PDF/A (ISO 19005-2, 6.2.11.5): the /W widths (thousandths of an em) must agree with
        # the embedded program's advance widths; pyHanko alone writes design units here.
        tt = ttLib.TTFont(io.BytesIO(program[-1]))
        upem = tt["head"].unitsPerEm
        lebar = _lebar_w(cidfont["/W"])
        assert len(lebar) > 20
        for cid, w in lebar.items():
            asli = tt["hmtx"][tt.getGlyphName(cid)][0] * 1000 / upem
            assert abs(w - asli) <= 1, (cid, w, asli)
    assert program[0] == program[1] == program[2]
    tt = ttLib.TTFont(io.BytesIO(program[0]))
    assert tt["maxp"].numGlyphs < 150  # a subset, not the whole font
    assert not {"GPOS", "GSUB", "GDEF"} & set(tt.keys())
    # the non-ASCII letters of the jabatan are in the subset and rendered, not .notdef
    cmap = tt.getBestCmap()
    assert ord("Ñ") in cmap and ord("ú") in cmap
    teks = subprocess.run(
        ["pdftotext", str(hasil[0].keluaran), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Kepala Seksi Ñandú" in teks


def _lebar_w(w) -> dict[int, float]:
    """Return {CID: width} from a CIDFont /W array (both ``c [w...]`` and ``c1 c2 w`` forms)."""
    hasil: dict[int, float] = {}
    i = 0
    while i < len(w):
        awal = int(w[i])
        if isinstance(w[i + 1], list):
            for k, v in enumerate(w[i + 1]):
                hasil[awal + k] = float(v)
            i += 2
        else:
            for c in range(awal, int(w[i + 1]) + 1):
                hasil[c] = float(w[i + 2])
            i += 3
    return hasil


def _fonts(xobj) -> list:
    """Return (CIDFont dict, font descriptor) for every Type0 font the appearance uses."""
    hasil = []

    def jalan(o, depth=0):
        res = o.get("/Resources")
        if res is None or depth > 6:
            return
        res = res.get_object()
        for f in (res.get("/Font") or {}).values():
            for d in f.get_object().get("/DescendantFonts", []):
                d = d.get_object()
                hasil.append((d, d["/FontDescriptor"].get_object()))
        for x in (res.get("/XObject") or {}).values():
            jalan(x.get_object(), depth + 1)

    jalan(xobj)
    return hasil


def test_waktu_cap_dan_laporan_memakai_zona_kantor(pdf, naskah_toml, pki, tmp_path: Path) -> None:
    # Samarinda works in WITA: the stamp and the report must not print the computer's UTC.
    from tests.tte.conftest import run_naskah

    with naskah_toml.open("a", encoding="utf-8") as f:
        f.write('zona_waktu = "Asia/Makassar"\n')
    env = {"SANDI": PASS.decode(), "TZ": "UTC"}
    p12 = pki.p12("pejabat")
    hasil = run_naskah("--config", str(naskah_toml), "tte", "tandatangani", str(pdf), "--p12",
                       str(p12), "--sandi-env", "SANDI", "--tampak", "--keluaran",
                       str(tmp_path / "ttd"), env=env)  # fmt: skip
    assert hasil.returncode == 0, hasil.stderr
    ttd = tmp_path / "ttd" / "surat-ttd.pdf"
    teks = subprocess.run(["pdftotext", str(ttd), "-"], capture_output=True, text=True).stdout
    # in Indonesian, as the document writes its date (issue 21)
    assert re.search(r"Waktu: \d{1,2} [A-Z][a-z]+ \d{4} pukul \d\d\.\d\d WITA", teks), teks
    laporan = run_naskah("--config", str(naskah_toml), "tte", "verifikasi", str(ttd), env=env)
    assert re.search(r"Waktu\s+: \d{1,2} \w+ \d{4} \d\d\.\d\d\.\d\d WITA", laporan.stdout), (
        laporan.stdout
    )


def test_zona_waktu_tak_dikenal_ditolak(pdf, naskah_toml) -> None:
    from tests.tte.conftest import run_naskah

    with naskah_toml.open("a", encoding="utf-8") as f:
        f.write('zona_waktu = "Asia/Samarinda"\n')
    hasil = run_naskah("--config", str(naskah_toml), "tte", "verifikasi", str(pdf))
    assert hasil.returncode == 1
    assert "zona waktu 'Asia/Samarinda' tidak dikenal" in hasil.stderr
    assert "Traceback" not in hasil.stderr
