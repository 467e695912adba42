"""Pydantic models: the single source of truth for every document (no I/O here).

``JENIS_DOKUMEN`` maps the ``jenis`` key of an input file to its model. The names below are
loaded on first use (PEP 562), so that reading naskah.toml (``naskah.models.common``) does not
build every document model: it keeps ``naskah nomor ambil`` fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from naskah.models.common import (
        BULAN,
        NIP,
        Instansi,
        Mewakili,
        Model,
        Pejabat,
        Salinan,
        Tanggal,
        format_tanggal,
    )
    from naskah.models.dokumen import Dokumen
    from naskah.models.keputusan import (
        Bagian,
        Diktum,
        Keputusan,
        KerjaSama,
        Lampiran,
        Mitra,
        SKKerjaSama,
    )
    from naskah.models.laporan_evaluasi import LaporanEvaluasi
    from naskah.models.perjanjian import HakKewajiban, Pasal, PerjanjianKerjaSama, PihakMitra
    from naskah.models.sertifikat import (
        NIK,
        Kegiatan,
        Materi,
        Peserta,
        Sertifikat,
        SertifikatKegiatan,
    )
    from naskah.models.standar_pelayanan import (
        Alur,
        BukuStandarPelayanan,
        JangkaWaktu,
        Langkah,
        PengelolaanPelayanan,
        PenyampaianPelayanan,
        Prosedur,
        StandarPelayanan,
    )
    from naskah.models.surat_dinas import Penerima, SuratDinas
    from naskah.models.surat_tugas import Pelaksanaan, SuratTugas
    from naskah.models.teks import Butir, Daftar, Tabel, Uraian

    JENIS_DOKUMEN: dict[str, type[Dokumen]]

_MODUL: dict[str, str] = {
    "BULAN": "naskah.models.common",
    "NIP": "naskah.models.common",
    "Instansi": "naskah.models.common",
    "Mewakili": "naskah.models.common",
    "Model": "naskah.models.common",
    "Pejabat": "naskah.models.common",
    "Salinan": "naskah.models.common",
    "Tanggal": "naskah.models.common",
    "format_tanggal": "naskah.models.common",
    "Dokumen": "naskah.models.dokumen",
    "Bagian": "naskah.models.keputusan",
    "Diktum": "naskah.models.keputusan",
    "Keputusan": "naskah.models.keputusan",
    "KerjaSama": "naskah.models.keputusan",
    "Lampiran": "naskah.models.keputusan",
    "Mitra": "naskah.models.keputusan",
    "SKKerjaSama": "naskah.models.keputusan",
    "NIK": "naskah.models.sertifikat",
    "Kegiatan": "naskah.models.sertifikat",
    "Materi": "naskah.models.sertifikat",
    "Peserta": "naskah.models.sertifikat",
    "Sertifikat": "naskah.models.sertifikat",
    "SertifikatKegiatan": "naskah.models.sertifikat",
    "Alur": "naskah.models.standar_pelayanan",
    "BukuStandarPelayanan": "naskah.models.standar_pelayanan",
    "JangkaWaktu": "naskah.models.standar_pelayanan",
    "Langkah": "naskah.models.standar_pelayanan",
    "PengelolaanPelayanan": "naskah.models.standar_pelayanan",
    "PenyampaianPelayanan": "naskah.models.standar_pelayanan",
    "Prosedur": "naskah.models.standar_pelayanan",
    "StandarPelayanan": "naskah.models.standar_pelayanan",
    "Penerima": "naskah.models.surat_dinas",
    "SuratDinas": "naskah.models.surat_dinas",
    "LaporanEvaluasi": "naskah.models.laporan_evaluasi",
    "HakKewajiban": "naskah.models.perjanjian",
    "Pasal": "naskah.models.perjanjian",
    "PerjanjianKerjaSama": "naskah.models.perjanjian",
    "PihakMitra": "naskah.models.perjanjian",
    "Pelaksanaan": "naskah.models.surat_tugas",
    "SuratTugas": "naskah.models.surat_tugas",
    "Butir": "naskah.models.teks",
    "Daftar": "naskah.models.teks",
    "Tabel": "naskah.models.teks",
    "Uraian": "naskah.models.teks",
}


def _jenis_dokumen() -> dict[str, Any]:
    from naskah.models.keputusan import Keputusan, SKKerjaSama
    from naskah.models.laporan_evaluasi import LaporanEvaluasi
    from naskah.models.sertifikat import SertifikatKegiatan
    from naskah.models.standar_pelayanan import BukuStandarPelayanan
    from naskah.models.surat_tugas import SuratTugas

    jenis: dict[str, Any] = {
        "keputusan": Keputusan,
        "sk_kerja_sama": SKKerjaSama,
        "surat_tugas": SuratTugas,
        "sertifikat": SertifikatKegiatan,
        "standar_pelayanan": BukuStandarPelayanan,
        "laporan_evaluasi": LaporanEvaluasi,  # the yearly evaluation of the desk (naskah.ult)
    }
    jenis.update(_jenis_surat())
    return jenis


def _jenis_surat() -> dict[str, Any]:
    """The letter kinds (kept apart from the other kinds to ease merging)."""
    from naskah.models.perjanjian import PerjanjianKerjaSama
    from naskah.models.surat_dinas import SuratDinas

    # the cooperation agreement (PKS) of the ULT desk's cooperation requests
    return {"surat_dinas": SuratDinas, "perjanjian_kerja_sama": PerjanjianKerjaSama}


def __getattr__(nama: str) -> Any:
    """Return a model (or ``JENIS_DOKUMEN``) from its module, importing it on first use."""
    if nama == "JENIS_DOKUMEN":
        nilai: Any = _jenis_dokumen()
    elif nama in _MODUL:
        nilai = getattr(importlib.import_module(_MODUL[nama]), nama)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {nama!r}")
    globals()[nama] = nilai
    return nilai


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


__all__ = [
    "BULAN", "JENIS_DOKUMEN", "NIK", "NIP", "Alur", "Bagian", "BukuStandarPelayanan", "Butir",
    "Daftar", "Diktum", "Dokumen", "Instansi", "JangkaWaktu", "Kegiatan", "KerjaSama",
    "Keputusan", "Lampiran", "Langkah", "Materi", "Mewakili", "Mitra", "Model", "Pejabat",
    "Pelaksanaan", "Penerima", "PengelolaanPelayanan", "PenyampaianPelayanan", "Peserta",
    "Prosedur",
    "Keputusan", "Lampiran", "Langkah", "LaporanEvaluasi", "Materi", "Mewakili", "Mitra", "Model",
    "Pejabat",
    "Pelaksanaan", "PengelolaanPelayanan", "PenyampaianPelayanan", "Peserta", "Prosedur",
    "HakKewajiban", "Pasal", "PerjanjianKerjaSama", "PihakMitra",
    "SKKerjaSama", "Salinan", "Sertifikat", "SertifikatKegiatan", "StandarPelayanan",
    "SuratDinas", "SuratTugas", "Tabel", "Tanggal", "Uraian", "format_tanggal",
]  # fmt: skip
