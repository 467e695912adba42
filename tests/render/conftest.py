"""Render fixtures: every example and the special-character documents, converted in one batch.

LibreOffice starts are the expensive part, so the session renders all DOCX first and converts
them with two workers (separate profiles) in one call each.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml

from naskah.loader import muat_dokumen
from naskah.models import Keputusan, SertifikatKegiatan, SuratTugas
from naskah.peserta import lengkapi_peserta
from naskah.render import KonverterParalel, PermintaanRender, render_berkas
from naskah.render.templat import contoh_dokumen
from tests.conftest import DATA, EXAMPLES

CONTOH = {
    "kaltim": EXAMPLES / "keputusan-bpmp-kaltim-2024.yaml",
    "kalteng": EXAMPLES / "keputusan-bpmp-kalteng-2025.yaml",
    "sk_kerja_sama": EXAMPLES / "sk-kerja-sama-contoh.yaml",
    "surat_tugas": EXAMPLES / "surat-tugas-narasumber.yaml",
    "sertifikat": EXAMPLES / "sertifikat-kegiatan.yaml",
    "buku_sp": EXAMPLES / "standar-pelayanan-bpmp-kaltim-2024.yaml",
}
BERKAS_LUAR = {
    "madiun-2021": "keputusan-disdik-madiun-2021.yaml",
    "surabaya-2010": "keputusan-disdik-surabaya-2010.yaml",
    "ugm-2005": "keputusan-dekan-farmasi-ugm-2005.yaml",
    "blora-2022": "keputusan-sdn-selogender-blora-2022.yaml",
}
"""Decrees of other offices transcribed from public copies (tests/data; sources in the YAML)."""
LUAR = tuple(BERKAS_LUAR)
ISTIMEWA = "A & B <C> \"D\" 'E'"
"""Text with every character XML and docxtpl treat specially."""


def dokumen_istimewa() -> dict[str, object]:
    """Return documents carrying ``ISTIMEWA`` in every kind of field."""
    kep = contoh_dokumen("keputusan").model_dump()
    kep["menimbang"] = [f"bahwa menimbang {ISTIMEWA};", "bahwa kedua;"]
    kep["diktum"] = [{"isi": f"Diktum {ISTIMEWA}.", "angka": [f"butir {ISTIMEWA};", "b."]}]
    sp = kep["lampiran"][0]["standar_pelayanan"]
    sp["penyampaian"]["persyaratan"] = [f"sel {ISTIMEWA}", {"huruf": [f"butir sel {ISTIMEWA}"]}]
    kep["lampiran"][1]["bagian"] = [{"judul": f"Judul {ISTIMEWA}", "isi": f"bagian {ISTIMEWA}"}]
    st = contoh_dokumen("surat_tugas").model_dump()
    st["dasar"] = [f"Surat {ISTIMEWA}"]
    st["untuk"] = [f"Menjadi narasumber {ISTIMEWA}"]
    st["petugas"][0]["nama"] = f"Nama {ISTIMEWA}"
    sk = contoh_dokumen("sertifikat").model_dump()
    sk["kegiatan"]["nama"] = f"Kegiatan {ISTIMEWA}"
    sk["kegiatan"]["materi"][0]["nama"] = f"Materi {ISTIMEWA}"
    sk["peserta"][0]["nama"] = f"Peserta {ISTIMEWA}"
    return {
        "istimewa_keputusan": Keputusan.model_validate(kep),
        "istimewa_surat_tugas": SuratTugas.model_validate(st),
        "istimewa_sertifikat": SertifikatKegiatan.model_validate(sk),
    }


KEPALA = {
    "nama": "Jarwoko",
    "gelar_depan": "Dr.",
    "gelar_belakang": "M.Pd.",
    "nip": "19700319 199703 1 001",
    "jabatan": "Kepala BPMP Provinsi Kalimantan Timur",
}
KASUBBAG = {
    "nama": "Siti Rahmawati",
    "gelar_belakang": "S.E., M.Si.",
    "nip": "19800512 200501 2 003",
    "jabatan": "Kepala Subbagian Umum",
}
STAF = {"nama": "Ahmad Fauzi", "gelar_belakang": "S.Kom.", "nip": "19900101 201501 1 002",
        "jabatan": "Koordinator Unit Layanan Terpadu"}  # fmt: skip


def dokumen_tata_letak() -> dict[str, object]:
    """Return documents for the layout cases: deputy forms, a copy, a single lampiran."""
    kep = contoh_dokumen("keputusan").model_dump()
    kep["jabatan_penetap"] = "KEPALA BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TIMUR"
    kep["tentang"] = (
        "PENETAPAN STANDAR PELAYANAN (SP) DI UNIT LAYANAN TERPADU BPMP PROVINSI KALIMANTAN "
        "TIMUR TAHUN 2024"
    )
    kep["penandatangan"] = KASUBBAG
    kep["mewakili"] = {"bentuk": "Plh.", "jabatan": KEPALA["jabatan"]}
    kep["salinan"] = {"pengesah": STAF, "tanda": "TTD."}
    kep["lampiran"] = [kep["lampiran"][1]]  # one lampiran only: LAMPIRAN / Lampiran
    kep["diktum"] = [{"isi": "Menetapkan pedoman sebagaimana tercantum dalam {lampiran:bebas}."},
                     "Keputusan ini mulai berlaku pada tanggal ditetapkan."]  # fmt: skip
    an = contoh_dokumen("surat_tugas").model_dump()
    an["penandatangan"] = KASUBBAG
    an["mewakili"] = {"bentuk": "a.n.", "jabatan": KEPALA["jabatan"]}
    ub = contoh_dokumen("surat_tugas").model_dump()
    ub["penandatangan"] = STAF
    ub["mewakili"] = {"bentuk": "u.b.", "jabatan": KEPALA["jabatan"],
                      "perantara": KASUBBAG["jabatan"]}  # fmt: skip
    return {
        "alur_panjang": dokumen_alur_panjang(),
        # an invented decree of another office: three-level kop, SALINAN, a free-text lampiran
        "sulsel_salinan": muat_dokumen(DATA / "keputusan-bpmp-sulsel-salinan.yaml"),
        # decrees of other offices transcribed from public copies (sources in the YAML)
        **{k: muat_dokumen(DATA / berkas) for k, berkas in BERKAS_LUAR.items()},
        "butir_panjang": dokumen_butir_panjang(),
        "plh_salinan_satu_lampiran": Keputusan.model_validate(kep),
        "an_surat_tugas": SuratTugas.model_validate(an),
        "ub_surat_tugas": SuratTugas.model_validate(ub),
    }


BUTIR_PANJANG = (
    "Peraturan Menteri Pendidikan, Kebudayaan, Riset, dan Teknologi tentang pedoman "
    "penyelenggaraan pelayanan publik di lingkungan unit pelaksana teknis, " * 12
).rstrip(", ") + ";"
"""A 40-line Dasar Hukum item: longer than any row that may stay whole."""


def dokumen_butir_panjang() -> Keputusan:
    """Return the Kaltim decree with :data:`BUTIR_PANJANG` in lampiran I's Dasar Hukum.

    Six one-line items before it put a page break one line before its end: printed as one
    splittable row, its last line stood alone on the next page.
    """
    data = yaml.safe_load(CONTOH["kaltim"].read_text(encoding="utf-8"))
    pengelolaan = data["lampiran"][0]["standar_pelayanan"]["pengelolaan"]
    pengelolaan["dasar_hukum"] = [
        *(f"Peraturan ke-{i} tentang contoh" for i in range(6)),
        BUTIR_PANJANG,
        *pengelolaan["dasar_hukum"],
    ]
    return Keputusan.model_validate(data)


def dokumen_alur_panjang() -> Keputusan:
    """Return the Kaltim decree with a 20-step procedure in lampiran I: taller than a page."""
    from tests.test_tata_letak import alur_panjang

    data = yaml.safe_load(CONTOH["kaltim"].read_text(encoding="utf-8"))
    prosedur = data["lampiran"][0]["standar_pelayanan"]["penyampaian"]["prosedur"]
    prosedur["alur"] = alur_panjang().model_dump(exclude_defaults=True)
    return Keputusan.model_validate(data)


@dataclass
class Hasil:
    dokumen: object
    docx: Path
    pdf: Path


@pytest.fixture(scope="session")
def hasil_render(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Hasil]:
    """Render the examples and the special-character documents to DOCX and PDF/A."""
    folder = tmp_path_factory.mktemp("render")
    # the caller reads a certificate's participant sheet (render takes the models as they are)
    masukan = [
        (CONTOH[k].with_name(f"{k}.yaml"), lengkapi_peserta(CONTOH[k], muat_dokumen(CONTOH[k])))
        for k in CONTOH
    ]
    masukan += [(folder / f"{k}.yaml", d) for k, d in dokumen_istimewa().items()]
    masukan += [(folder / f"{k}.yaml", d) for k, d in dokumen_tata_letak().items()]
    konverter = KonverterParalel.buat(2, folder_profil=tmp_path_factory.mktemp("profil"))
    hasil = render_berkas(
        masukan, PermintaanRender(format="semua", keluaran=folder, catatan_tte=True),
        konverter=konverter,
    )  # fmt: skip
    # berkas_peserta is relative to the example's folder: the sertifikat is rendered from there
    return {
        h.sumber.stem: Hasil(d, h.docx, h.pdf)  # type: ignore[arg-type]
        for h, (_, d) in zip(hasil, masukan, strict=True)
    }


def teks_pdf(path: Path) -> str:
    """Return the PDF's text in content order (pdftotext -raw), pages separated by \\f."""
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def padat(teks: str) -> str:
    """Return ``teks`` without any whitespace (line breaks, justification and tabs vanish)."""
    return re.sub(r"\s+", "", teks)


PENGGAL = "\u00ad"
"""Marks a hyphen at a line end between two letters: hyphenation, or a word's own hyphen."""


def padat_pdf(teks: str) -> str:
    """Return PDF text like :func:`padat`, line-end hyphens marked, zero-width spaces removed.

    Justified text is hyphenated (``ke-`` / ``wajiban``); a hyphen at the end of a line between
    two letters becomes :data:`PENGGAL`, which :func:`pola_padat` accepts in place of a word's
    own hyphen or between any two letters. Hyphens inside a line stay as they are.
    """
    teks = re.sub(r"(?<=\w)-[ \t]*\n\s*(?=\w)", PENGGAL, teks.replace("\u200b", ""))
    return padat(teks)


def pola_padat(kalimat: str) -> re.Pattern[str]:
    """Return the pattern of ``padat(kalimat)`` in :func:`padat_pdf` text (hyphenation allowed)."""
    bagian = []
    sebelumnya = ""
    for c in padat(kalimat):
        if sebelumnya.isalnum() and c.isalnum():
            bagian.append(f"{PENGGAL}?")
        bagian.append(f"[-{PENGGAL}]" if c == "-" else re.escape(c))
        sebelumnya = c
    return re.compile("".join(bagian))


def tanggal_contoh() -> date:
    return date(2024, 5, 21)
