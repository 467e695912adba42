"""The archive: every issued document version kept intact, with its catalog and checks.

Layout under ``[arsip] lokasi``: one folder per document version,
``<year>/<kind>/<number made safe>/v<N>/`` holding ``naskah.yaml`` (the source with its number),
``naskah.docx``, ``naskah.pdf``, ``naskah-ttd.pdf`` (when signed), ``teks.txt`` (the PDF's text
layer) and ``metadata.json``. The catalog lives in the register's database. Public facade::

    from naskah.arsip import Arsip, NaskahTerbit

    with Arsip(konfigurasi) as arsip:
        hasil = arsip.simpan(NaskahTerbit(model, pdf=..., ttd=...))
        arsip.periksa()                       # LaporanPeriksa, never writes
        arsip.cari_verifikasi(id_verifikasi)  # EntriArsip | None, for the web service
        arsip.periksa_berkas(pdf_bytes)       # HasilPeriksaArsip, for `naskah tte verifikasi`
        arsip.impor_luar([NaskahLuar(Path("sk-dikti.pdf"))])  # a document of another office

This package is the archive's one door: other packages import from ``naskah.arsip`` only,
never its modules (a layer test keeps it so). Also :func:`dalam_arsip` (an entry's folder) and
:func:`sinkronkan` (make a folder's new files durable), which the issuing pipeline shares.
"""

from naskah.arsip.arsip import Arsip, buka_arsip, pemeriksa_arsip
from naskah.arsip.catatan import (
    BerkasArsip,
    EntriArsip,
    HasilPeriksaArsip,
    HasilSimpan,
    IsiNaskah,
    Metadata,
    Orang,
    RingkasanTandaTangan,
    uraian_tanda_tangan_luar,
)
from naskah.arsip.isi import periksa_dapat_diarsipkan, tentang_buku
from naskah.arsip.jalur import dalam_arsip, komponen_aman, lokasi_entri
from naskah.arsip.permintaan import (
    LaporanPeriksa,
    NaskahLama,
    NaskahLuar,
    NaskahTerbit,
    OpsiArsip,
    Temuan,
)
from naskah.arsip.tulis import sinkronkan

__all__ = [
    "Arsip",
    "BerkasArsip",
    "EntriArsip",
    "HasilPeriksaArsip",
    "HasilSimpan",
    "IsiNaskah",
    "LaporanPeriksa",
    "Metadata",
    "NaskahLama",
    "NaskahLuar",
    "NaskahTerbit",
    "OpsiArsip",
    "Orang",
    "RingkasanTandaTangan",
    "Temuan",
    "buka_arsip",
    "dalam_arsip",
    "komponen_aman",
    "lokasi_entri",
    "pemeriksa_arsip",
    "periksa_dapat_diarsipkan",
    "sinkronkan",
    "tentang_buku",
    "uraian_tanda_tangan_luar",
]
