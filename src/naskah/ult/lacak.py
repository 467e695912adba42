"""What the holder of a tracking code may see: owns the public view of one request or complaint.

The public service puts it behind a form; the code (50 random bits) is the only key. For a
request it shows the request's own data (the applicant's contact included: the holder is the
applicant), its state in words, the flowchart step it has reached, its deadlines, the decision
with its reason or directions, the documents it ended with (with their verification ids), and
its milestones (:data:`PERISTIWA`: what happened and when, from the trail). It never shows
staff names, disposition notes, the trail's remarks or who acted (internal work), nor anything
of another request. A complaint shows its state, deadline, answer and milestones, never its
handling notes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from naskah.errors import NaskahError, UltError
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja, baca_kode, tampil_kode, tanggal, waktu_utc

__all__ = ["KEADAAN_PUBLIK", "KEADAAN_PENGADUAN", "PERISTIWA", "lacak", "lacak_pengaduan"]

KEADAAN_PUBLIK = {
    "diterima": "Permohonan diterima dan sedang diperiksa.",
    "didisposisi": "Permohonan sedang ditangani oleh unit terkait.",
    "revisi": "Permohonan perlu dilengkapi; lihat arahan perbaikan.",
    "disetujui": "Permohonan disetujui; dokumen layanan sedang disiapkan.",
    "ditolak": "Permohonan tidak dapat dipenuhi; lihat alasannya.",
    "selesai": "Layanan selesai.",
}

KEADAAN_PENGADUAN = {
    "diterima": "Pengaduan diterima dan akan ditindaklanjuti.",
    "ditangani": "Pengaduan sedang ditindaklanjuti.",
    "dijawab": "Pengaduan sudah dijawab; lihat jawabannya.",
    "selesai": "Pengaduan selesai.",
}

PERISTIWA = {
    "terima": "Diterima",
    "disposisi": "Diteruskan ke unit yang menangani",
    "setuju": "Disetujui",
    "tolak": "Tidak dapat dipenuhi",
    "revisi": "Diminta melengkapi",
    "lengkapi": "Dilengkapi pemohon",
    "perpanjang": "Pemohon diberi tahu bahwa penanganan lebih lama",
    "produk": "Dokumen layanan diterbitkan",
    "tutup": "Selesai",
    "tindak": "Ditindaklanjuti",
    "jawab": "Dijawab",
}
"""The trail's actions as the public reads them; any other action is not shown."""


def _linimasa(jejak: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the milestones (UTC times and public labels) of a trail, oldest first."""
    out: list[dict[str, Any]] = []
    for j in jejak:
        label = PERISTIWA.get(j["aksi"])
        if label is None:
            continue
        waktu = j["waktu"] if isinstance(j["waktu"], datetime) else waktu_utc(j["waktu"])
        if out and out[-1]["peristiwa"] == label and j["aksi"] == "disposisi":
            continue  # a second disposition is internal routing, not news for the applicant
        out.append({"peristiwa": label, "waktu": waktu})
    return out


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
        "produk": [
            {"jenis": x["jenis"], "nomor": x["nomor"], "id_verifikasi": x["entri_arsip"]}
            for x in r.produk
        ],
        "linimasa": [
            {**m, "waktu": m["waktu"].astimezone(zona).isoformat(timespec="minutes")}
            for m in _linimasa(r.jejak)
        ],
    }


def lacak_pengaduan(meja: Meja, kode: str) -> dict[str, Any]:
    """Return the public view of complaint ``kode`` (UltError when there is none)."""
    k = baca_kode(kode)
    with meja.baca() as sql:
        row = None
        if sql is not None:
            row = sql.satu(
                "SELECT id, kode, layanan, diterima, tenggat_awal, keadaan, jawaban, dijawab "
                "FROM ult_pengaduan WHERE kode = :kode",
                kode=k,
            )
        if sql is None or row is None:
            raise UltError(f"Pengaduan dengan kode {tampil_kode(k)} tidak ada; periksa kodenya.")
        jejak = sql.semua(
            "SELECT aksi, waktu FROM ult_jejak WHERE objek = 'pengaduan' AND objek_id = :id "
            "ORDER BY id",
            id=row["id"],
        )
    zona = meja.konfigurasi.zona
    nama_layanan = None
    if row["layanan"]:
        try:
            versi = meja.katalog().versi.get(row["layanan"], ())
            nama_layanan = versi[-1].nama if versi else None
        except NaskahError:
            nama_layanan = None
    diterima = waktu_utc(row["diterima"])
    dijawab = waktu_utc(row["dijawab"])
    tenggat = tanggal(row["tenggat_awal"])
    assert diterima is not None and tenggat is not None
    return {
        "kode": tampil_kode(row["kode"]),
        "layanan": nama_layanan,
        "diterima": diterima.astimezone(zona).isoformat(timespec="minutes"),
        "keadaan": row["keadaan"],
        "keterangan": KEADAAN_PENGADUAN.get(row["keadaan"], row["keadaan"]),
        "tenggat": tenggat.isoformat(),
        "jawaban": row["jawaban"] if row["keadaan"] in ("dijawab", "selesai") else None,
        "dijawab": dijawab.astimezone(zona).isoformat(timespec="minutes") if dijawab else None,
        "linimasa": [
            {**m, "waktu": m["waktu"].astimezone(zona).isoformat(timespec="minutes")}
            for m in _linimasa(jejak)
        ],
    }
