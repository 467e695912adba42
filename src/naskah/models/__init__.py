"""Pydantic models: the single source of truth for every document (no I/O here).

``JENIS_DOKUMEN`` maps the ``jenis`` key of an input file to its model.
"""

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
from naskah.models.sertifikat import NIK, Kegiatan, Materi, Peserta, Sertifikat, SertifikatKegiatan
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
from naskah.models.surat_tugas import Pelaksanaan, SuratTugas
from naskah.models.teks import Butir, Daftar, Tabel, Uraian

JENIS_DOKUMEN: dict[str, type[Dokumen]] = {
    "keputusan": Keputusan,
    "sk_kerja_sama": SKKerjaSama,
    "surat_tugas": SuratTugas,
    "sertifikat": SertifikatKegiatan,
    "standar_pelayanan": BukuStandarPelayanan,
}

__all__ = [
    "BULAN", "JENIS_DOKUMEN", "NIK", "NIP", "Alur", "Bagian", "BukuStandarPelayanan", "Butir",
    "Daftar", "Diktum", "Dokumen", "Instansi", "JangkaWaktu", "Kegiatan", "KerjaSama",
    "Keputusan", "Lampiran", "Langkah", "Materi", "Mewakili", "Mitra", "Model", "Pejabat",
    "Pelaksanaan", "PengelolaanPelayanan", "PenyampaianPelayanan", "Peserta", "Prosedur",
    "SKKerjaSama", "Salinan", "Sertifikat", "SertifikatKegiatan", "StandarPelayanan",
    "SuratTugas", "Tabel", "Tanggal", "Uraian", "format_tanggal",
]  # fmt: skip
