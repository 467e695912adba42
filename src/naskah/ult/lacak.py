"""What the holder of a tracking code may see: owns the public view of one request.

The web issue puts it behind a form; the code (50 random bits) is the only key. It shows the
request's own data (the applicant's contact included: the holder is the applicant), its state in
words, the flowchart step it has reached, its deadlines, the decision with its reason or
directions, and the documents it ended with. It never shows staff names, disposition notes or
the trail (internal work), nor anything of another request.
"""

from __future__ import annotations

from typing import Any

from naskah.errors import NaskahError
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja

__all__ = ["KEADAAN_PUBLIK", "lacak"]

KEADAAN_PUBLIK = {
    "diterima": "Permohonan diterima dan sedang diperiksa.",
    "didisposisi": "Permohonan sedang ditangani oleh unit terkait.",
    "revisi": "Permohonan perlu dilengkapi; lihat arahan perbaikan.",
    "disetujui": "Permohonan disetujui; dokumen layanan sedang disiapkan.",
    "ditolak": "Permohonan tidak dapat dipenuhi; lihat alasannya.",
    "selesai": "Layanan selesai.",
}


def lacak(meja: Meja, kode: str) -> dict[str, Any]:
    """Return the public view of request ``kode`` (UltError when there is none)."""
    r = pm.lihat(meja, kode)
    p = r.permohonan
    langkah = None
    try:
        for lay in meja.katalog().versi.get(p.layanan, ()):
            if lay.standar == p.standar:
                langkah = lay.tahap.teks(p.langkah)
    except NaskahError:  # the standard's file may be gone; the step's text is extra
        langkah = None
    zona = meja.konfigurasi.zona
    return {
        "kode": p.kode_tampil,
        "layanan": p.nama_layanan,
        "instansi": p.instansi,
        "kontak": p.kontak,
        "telepon": p.telepon,
        "email": p.email,
        "diterima": p.diterima.astimezone(zona).isoformat(timespec="minutes"),
        "keadaan": p.keadaan,
        "keterangan": KEADAAN_PUBLIK[p.keadaan],
        "langkah": langkah,
        "tenggat_jawab": p.tenggat_jawab.isoformat() if p.tenggat_jawab else None,
        "tenggat_selesai": p.tenggat_selesai.isoformat() if p.tenggat_selesai else None,
        "diperpanjang": p.diperpanjang is not None,
        "alasan": p.alasan if p.keputusan in ("tolak", "revisi") else None,
        "produk": [{"jenis": x["jenis"], "nomor": x["nomor"]} for x in r.produk],
    }
