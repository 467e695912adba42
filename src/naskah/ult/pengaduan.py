"""Complaints (pengaduan): owns receiving them, their handling notes, answer and closing.

A complaint comes through one of the six channels (:data:`naskah.ult.meja.KANAL`), from a named
or an anonymous complainant, about a service or one request; it must be handled within ``[ult]
hari_kerja_pengaduan`` working days (5 in the seeds) and the outcome told to the complainant.
The LAPOR! (SP4N) ticket number is kept when the complaint came or went through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from naskah.errors import UltError
from naskah.ult.meja import (
    Meja,
    _SqlUlt,
    baca_kode,
    buat_kode,
    periksa_email,
    periksa_kanal,
    periksa_telepon,
    tampil_kode,
    tanggal,
    waktu_utc,
)

__all__ = ["Pengaduan", "PengaduanBaru", "catat_tindak", "daftar", "jawab", "terima", "tutup"]

KOLOM = (
    "id", "kode", "kanal", "anonim", "nama", "telepon", "email", "layanan", "permohonan_id",
    "isi", "diterima", "hari_terima", "tenggat", "tenggat_awal", "keadaan", "petugas", "unit",
    "jawaban", "dijawab", "lapor", "ditutup", "dicatat", "oleh",
)  # fmt: skip
_PILIH = f"SELECT {', '.join(KOLOM)} FROM ult_pengaduan"
PRIBADI = frozenset({"nama", "telepon", "email"})
BOLEH = {"tindak": ("diterima", "ditangani"), "jawab": ("diterima", "ditangani"),
         "tutup": ("dijawab",)}  # fmt: skip


@dataclass(frozen=True)
class Pengaduan:
    id: int
    kode: str
    kanal: str
    anonim: bool
    nama: str | None
    telepon: str | None
    email: str | None
    layanan: str | None
    permohonan_id: int | None
    isi: str
    diterima: datetime
    hari_terima: date
    tenggat: date | None
    tenggat_awal: date
    keadaan: str
    petugas: str | None
    unit: str | None
    jawaban: str | None
    dijawab: datetime | None
    lapor: str | None
    ditutup: datetime | None
    dicatat: datetime
    oleh: str

    @classmethod
    def dari_baris(cls, r: dict[str, Any]) -> Pengaduan:
        d = dict(r)
        for k in ("diterima", "dijawab", "ditutup", "dicatat"):
            d[k] = waktu_utc(d[k])
        for k in ("hari_terima", "tenggat", "tenggat_awal"):
            d[k] = tanggal(d[k])
        d["anonim"] = bool(d["anonim"])
        return cls(**d)

    def ke_dict(self, *, pribadi: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k in KOLOM:
            if k in PRIBADI and not pribadi:
                continue
            v = getattr(self, k)
            out[k] = v.isoformat() if isinstance(v, (date, datetime)) else v
        out["kode"] = tampil_kode(self.kode)
        return out


@dataclass(frozen=True)
class PengaduanBaru:
    isi: str
    kanal: str = "daring"
    nama: str | None = None
    """Empty for an anonymous complaint."""
    telepon: str | None = None
    email: str | None = None
    layanan: str | None = None
    permohonan: str | None = None
    """The tracking code of the request it is about."""
    lapor: str | None = None
    diterima: datetime | None = None
    petugas: str | None = None
    unit: str | None = None


def _lapor(nomor: str | None) -> str | None:
    t = (nomor or "").strip()
    if not t:
        return None
    if len(t) > 40 or not t.replace("-", "").replace("/", "").isalnum():
        raise UltError("Nomor tiket LAPOR! tidak sah; tulis nomor tiket seperti tertera di SP4N.")
    return t


def terima(meja: Meja, baru: PengaduanBaru) -> Pengaduan:
    """Receive a complaint; its deadline runs from the working day it counts as received."""
    sekarang = meja.sekarang()
    diterima = baru.diterima or sekarang
    if diterima.tzinfo is None or diterima.utcoffset() is None:
        raise UltError("Waktu diterima harus lengkap dengan zona waktunya.")
    if diterima > sekarang + timedelta(minutes=5):
        raise UltError("Waktu diterima ada di masa depan; periksa tanggal dan jamnya.")
    isi = " ".join(baru.isi.split())
    if not isi:
        raise UltError("Isi pengaduan belum diisi.")
    kanal = periksa_kanal(baru.kanal)
    nama = " ".join((baru.nama or "").split()) or None
    telepon, email = periksa_telepon(baru.telepon), periksa_email(baru.email)
    lapor = _lapor(baru.lapor)
    kode_p = baca_kode(baru.permohonan) if baru.permohonan else None
    layanan = (baru.layanan or "").strip() or None
    hari = meja.kalender.hari_terima(diterima)
    tenggat = meja.kalender.maju(hari, meja.konfigurasi.ult.hari_kerja_pengaduan)
    with meja.tulis() as sql:
        permohonan_id = None
        if kode_p:
            r = sql.satu("SELECT id, layanan FROM ult_permohonan WHERE kode = :k", k=kode_p)
            if r is None:
                raise UltError(
                    f"Permohonan dengan kode {tampil_kode(kode_p)} tidak ada; periksa kodenya."
                )
            permohonan_id, layanan = r["id"], layanan or r["layanan"]
        kode = buat_kode()
        ident = sql.sisip(
            "ult_pengaduan",
            {
                "kode": kode, "kanal": kanal, "anonim": nama is None and telepon is None
                and email is None, "nama": nama, "telepon": telepon, "email": email,
                "layanan": layanan, "permohonan_id": permohonan_id, "isi": isi,
                "diterima": diterima, "hari_terima": hari, "tenggat": tenggat,
                "tenggat_awal": tenggat, "keadaan": "diterima", "petugas": baru.petugas,
                "unit": baru.unit, "jawaban": None, "dijawab": None, "lapor": lapor,
                "ditutup": None, "dicatat": sekarang, "oleh": meja.pelaku,
            },
        )  # fmt: skip
        meja.jejak(sql, "pengaduan", ident, "terima",
                   f"saluran {kanal}" + (f"; LAPOR! {lapor}" if lapor else ""))  # fmt: skip
        return _baru(sql, ident)


def _baru(sql: _SqlUlt, ident: int) -> Pengaduan:
    row = sql.satu(f"{_PILIH} WHERE id = :id", id=ident)
    assert row is not None
    return Pengaduan.dari_baris(row)


def _ambil(meja: Meja, sql: _SqlUlt, kode: str, aksi: str) -> Pengaduan:
    k = baca_kode(kode)
    row = sql.satu(f"{_PILIH} WHERE kode = :kode{{kunci}}", kode=k)
    if row is None:
        raise UltError(f"Pengaduan dengan kode {tampil_kode(k)} tidak ada; periksa kodenya.")
    p = Pengaduan.dari_baris(row)
    if p.keadaan not in BOLEH[aksi]:
        raise UltError(
            f"Pengaduan {tampil_kode(k)} berkeadaan {p.keadaan}; langkah ini hanya untuk "
            f"pengaduan berkeadaan {' atau '.join(BOLEH[aksi])}."
        )
    return p


def catat_tindak(
    meja: Meja, kode: str, catatan: str, *, petugas: str | None = None, unit: str | None = None,
    lapor: str | None = None,
) -> Pengaduan:  # fmt: skip
    """Add a handling note (and who handles it, the LAPOR! ticket)."""
    teks = " ".join(catatan.split())
    if not teks:
        raise UltError("Catatan tindak lanjut belum diisi.")
    nomor = _lapor(lapor)
    baca_kode(kode)
    with meja.tulis() as sql:
        p = _ambil(meja, sql, kode, "tindak")
        sql.sisip_tanpa_id(
            "ult_tindak",
            {
                "pengaduan_id": p.id,
                "catatan": teks,
                "waktu": meja.sekarang(),
                "oleh": meja.pelaku,
            },  # fmt: skip
        )
        ubah = {"keadaan": "ditangani", "petugas": petugas or p.petugas, "unit": unit or p.unit,
                "lapor": nomor or p.lapor}  # fmt: skip
        sql.ubah("ult_pengaduan", p.id, ubah)
        meja.jejak(sql, "pengaduan", p.id, "tindak", None)
        return _baru(sql, p.id)


def jawab(meja: Meja, kode: str, jawaban: str) -> Pengaduan:
    """Record the outcome told to the complainant; nothing is due any more."""
    teks = " ".join(jawaban.split())
    if not teks:
        raise UltError("Jawaban pengaduan belum diisi.")
    baca_kode(kode)
    with meja.tulis() as sql:
        p = _ambil(meja, sql, kode, "jawab")
        sql.ubah("ult_pengaduan", p.id, {"keadaan": "dijawab", "jawaban": teks,
                                         "dijawab": meja.sekarang(), "tenggat": None})  # fmt: skip
        tepat = meja.hari_ini() <= p.tenggat_awal
        meja.jejak(sql, "pengaduan", p.id, "jawab", "tepat waktu" if tepat else "terlambat")
        return _baru(sql, p.id)


def tutup(meja: Meja, kode: str) -> Pengaduan:
    """Close an answered complaint."""
    baca_kode(kode)
    with meja.tulis() as sql:
        p = _ambil(meja, sql, kode, "tutup")
        sql.ubah("ult_pengaduan", p.id, {"keadaan": "selesai", "ditutup": meja.sekarang()})
        meja.jejak(sql, "pengaduan", p.id, "tutup", None)
        return _baru(sql, p.id)


def daftar(meja: Meja, *, terbuka: bool = False, layanan: str | None = None,
           batas: int | None = None) -> list[Pengaduan]:  # fmt: skip
    """Return complaints, newest first."""
    syarat, param = [], {}
    if terbuka:
        syarat.append("ditutup IS NULL")
    if layanan:
        syarat.append("layanan = :layanan")
        param["layanan"] = layanan
    where = f" WHERE {' AND '.join(syarat)}" if syarat else ""
    lim = f" LIMIT {int(batas)}" if batas else ""
    with meja.baca() as sql:
        if sql is None:
            return []
        rows = sql.semua(f"{_PILIH}{where} ORDER BY hari_terima DESC, id DESC{lim}", **param)
    return [Pengaduan.dari_baris(r) for r in rows]
