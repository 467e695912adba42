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

from naskah.loader import muat_dokumen
from naskah.models import Keputusan, SertifikatKegiatan, SuratTugas
from naskah.peserta import lengkapi_peserta
from naskah.render import KonverterParalel, PermintaanRender, render_berkas
from naskah.render.templat import contoh_dokumen
from tests.conftest import EXAMPLES

CONTOH = {
    "kaltim": EXAMPLES / "keputusan-bpmp-kaltim-2024.yaml",
    "kalteng": EXAMPLES / "keputusan-bpmp-kalteng-2025.yaml",
    "sk_kerja_sama": EXAMPLES / "sk-kerja-sama-contoh.yaml",
    "surat_tugas": EXAMPLES / "surat-tugas-narasumber.yaml",
    "sertifikat": EXAMPLES / "sertifikat-kegiatan.yaml",
}
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


def tanggal_contoh() -> date:
    return date(2024, 5, 21)
