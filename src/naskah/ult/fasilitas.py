"""Facilities lent to the public: owns bookings, their conflicts, check-in/out and the tariff.

Rooms and equipment come from ``[ult.fasilitas.<kunci>]`` (name, kind, capacity, PNBP tariffs per
day, half day and night). A booking holds a facility from ``mulai`` to ``selesai`` (office zone);
two live bookings of one facility may not overlap. The tariff is computed when booking:

- ``hari`` and ``setengah_hari``: per calendar day the booking touches;
- ``malam``: per night between the first and the last day (at least one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from naskah.config import UltFasilitas
from naskah.errors import UltError
from naskah.ult.meja import Meja, baca_kode, tampil_kode, waktu_utc

__all__ = [
    "Pemesanan", "RincianTarif", "batal", "daftar", "hitung_tarif", "keluar", "masuk", "pesan",
    "rincian_tarif",
]  # fmt: skip

Satuan = Literal["hari", "setengah_hari", "malam"]
KOLOM = (
    "id", "fasilitas", "permohonan_id", "mulai", "selesai", "satuan", "jumlah", "tarif", "peserta",
    "keadaan", "masuk", "keluar", "dicatat", "oleh",
)  # fmt: skip
_PILIH = f"SELECT {', '.join(KOLOM)} FROM ult_pemesanan"
BOLEH = {"masuk": ("dipesan",), "keluar": ("masuk",), "batal": ("dipesan",)}


@dataclass(frozen=True)
class Pemesanan:
    id: int
    fasilitas: str
    permohonan_id: int | None
    mulai: datetime
    selesai: datetime
    satuan: str
    jumlah: int
    tarif: int
    peserta: int | None
    keadaan: str
    masuk: datetime | None
    keluar: datetime | None
    dicatat: datetime
    oleh: str

    @classmethod
    def dari_baris(cls, r: dict[str, Any]) -> Pemesanan:
        d = dict(r)
        for k in ("mulai", "selesai", "masuk", "keluar", "dicatat"):
            d[k] = waktu_utc(d[k])
        return cls(**d)

    def ke_dict(self) -> dict[str, Any]:
        return {
            k: (v.isoformat() if isinstance(v, (date, datetime)) else v)
            for k, v in ((k, getattr(self, k)) for k in KOLOM)
        }


def _fasilitas(meja: Meja, kunci: str) -> UltFasilitas:
    f = meja.konfigurasi.ult.fasilitas.get(kunci)
    if f is None:
        sah = ", ".join(sorted(meja.konfigurasi.ult.fasilitas)) or "(belum ada di [ult.fasilitas])"
        raise UltError(f"Fasilitas {kunci!r} tidak dikenal; fasilitas yang ada: {sah}.")
    return f


def hitung_tarif(f: UltFasilitas, satuan: str, mulai: date, selesai: date) -> tuple[int, int]:
    """Return ``(units, tariff in Rupiah)`` of a booking from day ``mulai`` to ``selesai``."""
    tarif = {"hari": f.tarif_hari, "setengah_hari": f.tarif_setengah_hari,
             "malam": f.tarif_malam}.get(satuan)  # fmt: skip
    if satuan not in ("hari", "setengah_hari", "malam"):
        raise UltError(f"Satuan {satuan!r} tidak dikenal; pilih hari, setengah_hari atau malam.")
    if tarif is None:
        raise UltError(f"{f.nama} tidak memiliki tarif per {satuan.replace('_', ' ')}.")
    hari = (selesai - mulai).days
    jumlah = max(1, hari) if satuan == "malam" else hari + 1
    return jumlah, jumlah * tarif


def pesan(
    meja: Meja, kunci: str, mulai: datetime, selesai: datetime, *, satuan: str = "hari",
    peserta: int | None = None, permohonan: str | None = None,
) -> Pemesanan:  # fmt: skip
    """Book facility ``kunci``; refuse an overlap, too many people or a time in the past."""
    f = _fasilitas(meja, kunci)
    for t in (mulai, selesai):
        if t.tzinfo is None or t.utcoffset() is None:
            raise UltError("Waktu pemesanan harus lengkap dengan zona waktunya.")
    if selesai <= mulai:
        raise UltError("Waktu selesai pemesanan harus sesudah waktu mulainya.")
    if mulai < meja.sekarang():
        raise UltError("Waktu mulai pemesanan sudah lewat; pilih waktu yang akan datang.")
    if peserta is not None and f.kapasitas is not None and peserta > f.kapasitas:
        raise UltError(f"{f.nama} berkapasitas {f.kapasitas} orang, kurang dari {peserta} peserta.")
    zona = meja.konfigurasi.zona
    jumlah, tarif = hitung_tarif(f, satuan, mulai.astimezone(zona).date(),
                                 selesai.astimezone(zona).date())  # fmt: skip
    kode_p = baca_kode(permohonan) if permohonan else None
    with meja.tulis() as sql:
        permohonan_id = None
        if kode_p:
            r = sql.satu("SELECT id FROM ult_permohonan WHERE kode = :k{kunci}", k=kode_p)
            if r is None:
                raise UltError(f"Permohonan dengan kode {tampil_kode(kode_p)} tidak ada.")
            permohonan_id = r["id"]
        if sql.dialek == "postgresql":
            # two desks booking the same free slot at once: one waits for the other's commit
            # (row locks can't lock rows that don't exist yet); SQLite's write lock does this
            sql.jalankan("SELECT pg_advisory_xact_lock(hashtext(:k))", k=f"ult_pemesanan:{kunci}")
        bentrok = sql.satu(
            "SELECT id, mulai, selesai FROM ult_pemesanan WHERE fasilitas = :f AND keadaan IN "
            "('dipesan', 'masuk') AND mulai < :selesai AND :mulai < selesai{kunci}",
            f=kunci, mulai=mulai, selesai=selesai,
        )  # fmt: skip
        if bentrok:
            a = waktu_utc(bentrok["mulai"]).astimezone(zona)  # type: ignore[union-attr]
            b = waktu_utc(bentrok["selesai"]).astimezone(zona)  # type: ignore[union-attr]
            raise UltError(
                f"{f.nama} sudah dipesan {a:%Y-%m-%d %H:%M} sampai {b:%Y-%m-%d %H:%M} "
                f"(pemesanan #{bentrok['id']}); pilih waktu atau fasilitas lain."
            )
        ident = sql.sisip(
            "ult_pemesanan",
            {"fasilitas": kunci, "permohonan_id": permohonan_id, "mulai": mulai,
             "selesai": selesai, "satuan": satuan, "jumlah": jumlah, "tarif": tarif,
             "peserta": peserta, "keadaan": "dipesan", "masuk": None, "keluar": None,
             "dicatat": meja.sekarang(), "oleh": meja.pelaku},
        )  # fmt: skip
        meja.jejak(sql, "pemesanan", ident, "pesan",
                   f"{kunci} {jumlah} {satuan}, Rp{tarif:,}".replace(",", "."))  # fmt: skip
        row = sql.satu(f"{_PILIH} WHERE id = :id", id=ident)
    assert row is not None
    return Pemesanan.dari_baris(row)


def _ubah(meja: Meja, ident: int, aksi: str, nilai: dict[str, Any]) -> Pemesanan:
    with meja.tulis() as sql:
        row = sql.satu(f"{_PILIH} WHERE id = :id{{kunci}}", id=ident)
        if row is None:
            raise UltError(f"Pemesanan #{ident} tidak ada; lihat `naskah ult fasilitas daftar`.")
        if row["keadaan"] not in BOLEH[aksi]:
            raise UltError(
                f"Pemesanan #{ident} berkeadaan {row['keadaan']}; langkah ini hanya untuk "
                f"pemesanan berkeadaan {' atau '.join(BOLEH[aksi])}."
            )
        sql.ubah("ult_pemesanan", ident, nilai)
        meja.jejak(sql, "pemesanan", ident, aksi, None)
        baru = sql.satu(f"{_PILIH} WHERE id = :id", id=ident)
    assert baru is not None
    return Pemesanan.dari_baris(baru)


def masuk(meja: Meja, ident: int) -> Pemesanan:
    """Check in."""
    return _ubah(meja, ident, "masuk", {"keadaan": "masuk", "masuk": meja.sekarang()})


def keluar(meja: Meja, ident: int) -> Pemesanan:
    """Check out."""
    return _ubah(meja, ident, "keluar", {"keadaan": "keluar", "keluar": meja.sekarang()})


def batal(meja: Meja, ident: int) -> Pemesanan:
    """Cancel a booking not yet used (frees its time)."""
    return _ubah(meja, ident, "batal", {"keadaan": "batal"})


def daftar(meja: Meja, *, fasilitas: str | None = None, aktif: bool = False) -> list[Pemesanan]:
    """Return bookings by start time."""
    syarat, param = [], {}
    if fasilitas:
        syarat.append("fasilitas = :f")
        param["f"] = fasilitas
    if aktif:
        syarat.append("keadaan IN ('dipesan', 'masuk')")
    where = f" WHERE {' AND '.join(syarat)}" if syarat else ""
    with meja.baca() as sql:
        if sql is None:
            return []
        rows = sql.semua(f"{_PILIH}{where} ORDER BY mulai, id", **param)
    return [Pemesanan.dari_baris(r) for r in rows]


@dataclass(frozen=True)
class RincianTarif:
    """What the reply to a facility request prints: the booked facilities and their tariff."""

    kode: str
    baris: tuple[dict[str, Any], ...]
    jumlah: int
    """Total in Rupiah of the bookings not cancelled."""
    dasar: str
    """The standard's biaya text (e.g. "Tarif PNBP yang ditetapkan Kepala BPMP …")."""

    def ke_dict(self) -> dict[str, Any]:
        return {"kode": self.kode, "baris": list(self.baris), "jumlah": self.jumlah,
                "dasar": self.dasar}  # fmt: skip


def rincian_tarif(meja: Meja, kode: str) -> RincianTarif:
    """Return the bookings of request ``kode`` with their tariff and the total."""
    k = baca_kode(kode)
    with meja.baca() as sql:
        if sql is None:
            raise UltError(f"Permohonan dengan kode {tampil_kode(k)} tidak ada.")
        p = sql.satu("SELECT id, layanan, standar FROM ult_permohonan WHERE kode = :k", k=k)
        if p is None:
            raise UltError(f"Permohonan dengan kode {tampil_kode(k)} tidak ada.")
        rows = sql.semua(
            f"{_PILIH} WHERE permohonan_id = :id AND keadaan <> 'batal' ORDER BY mulai, id",
            id=p["id"],
        )
    zona = meja.konfigurasi.zona
    baris: list[dict[str, Any]] = []
    total = 0
    for r in rows:
        b = Pemesanan.dari_baris(r)
        total += b.tarif
        f = meja.konfigurasi.ult.fasilitas.get(b.fasilitas)
        baris.append({
            "fasilitas": f.nama if f else b.fasilitas,
            "mulai": b.mulai.astimezone(zona).isoformat(timespec="minutes"),
            "selesai": b.selesai.astimezone(zona).isoformat(timespec="minutes"),
            "satuan": b.satuan, "jumlah": b.jumlah, "tarif": b.tarif,
        })  # fmt: skip
    dasar = ""
    try:
        for lay in meja.katalog().versi.get(p["layanan"], ()):
            if lay.standar == p["standar"]:
                dasar = lay.biaya
    except UltError:
        dasar = ""
    return RincianTarif(tampil_kode(k), tuple(baris), total, dasar)
