"""Requests (permohonan) at the desk: owns receiving one and every step it moves through.

A request is received (:func:`terima`) under the standard in force that day: its checklist must
be complete, its attachments PDF or images, its activity not in the past and (where the standard
sets a lead time) far enough ahead — flagged or refused as ``[ult] jeda_kegiatan`` says. Its
deadlines are computed once, in working days from the day it counts as received, and kept.

Then, each allowed only in the states listed (:data:`BOLEH`):

- :func:`disposisi`: the head sends it to the Kasubbag Umum or a Pokja/Tim, with notes;
- :func:`putuskan`: approved; refused with a reason; or a revision asked with directions (the
  file goes back to the applicant and no deadline runs until :func:`lengkapi`);
- :func:`perpanjang`: the applicant is told that handling takes longer (once);
- :func:`catat_produk`: a document it ends with (register number, archive entry); a refused
  request's refusal letter too;
- :func:`tutup`: closing.

Every step writes one ``ult_jejak`` row (who, when, what) in the same transaction; a refused step
writes nothing. ``tenggat`` is the deadline the desk works to now, used by ``jatuh-tempo``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from naskah.errors import UltError
from naskah.ult.lampiran import periksa_lampiran, simpan_lampiran
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

if TYPE_CHECKING:
    from naskah.ult.layanan import Katalog, Layanan

__all__ = [
    "BOLEH",
    "KEADAAN",
    "Langkah",
    "Permohonan",
    "PermohonanBaru",
    "Rincian",
    "Saringan",
    "catat_produk",
    "daftar",
    "disposisi",
    "lengkapi",
    "lihat",
    "perpanjang",
    "putuskan",
    "terima",
    "tutup",
]

Keadaan = Literal["diterima", "didisposisi", "revisi", "disetujui", "ditolak", "selesai"]
KEADAAN: tuple[Keadaan, ...] = (
    "diterima", "didisposisi", "revisi", "disetujui", "ditolak", "selesai",
)  # fmt: skip
Keputusan = Literal["setuju", "tolak", "revisi"]

BOLEH: dict[str, tuple[str, ...]] = {
    "disposisi": ("diterima", "didisposisi"),
    "putuskan": ("diterima", "didisposisi"),
    "perpanjang": ("diterima", "didisposisi"),
    "lengkapi": ("revisi",),
    "produk": ("disetujui",),
    "produk_penolakan": ("ditolak",),
    "tutup": ("disetujui", "ditolak", "revisi"),
}
"""The states in which each step is allowed."""

_NAMA_LANGKAH = {
    "disposisi": "didisposisi",
    "putuskan": "diputuskan",
    "perpanjang": "diberi pemberitahuan perpanjangan",
    "lengkapi": "dilengkapi",
    "produk": "diberi produk",
    "produk_penolakan": "diberi surat penolakan",
    "tutup": "ditutup",
}

KOLOM = (
    "id", "kode", "layanan", "nama_layanan", "standar", "kanal", "instansi", "kontak", "telepon",
    "email", "perihal", "kegiatan_mulai", "kegiatan_selesai", "peringatan", "diterima",
    "hari_terima", "tenggat_jawab", "tenggat_pemberitahuan", "tenggat_selesai", "tenggat",
    "keadaan", "langkah", "keputusan", "alasan", "dijawab", "diperpanjang", "petugas", "unit",
    "ditutup", "dicatat", "oleh",
)  # fmt: skip
_PILIH = f"SELECT {', '.join(KOLOM)} FROM ult_permohonan"
PRIBADI = frozenset({"kontak", "telepon", "email"})
"""Personal data: shown only to staff looking at one request (``lihat``), never in lists."""


@dataclass(frozen=True)
class Permohonan:
    """One request as stored."""

    id: int
    kode: str
    layanan: str
    nama_layanan: str
    standar: str
    kanal: str
    instansi: str
    kontak: str | None
    telepon: str | None
    email: str | None
    perihal: str | None
    kegiatan_mulai: date | None
    kegiatan_selesai: date | None
    peringatan: str | None
    diterima: datetime
    hari_terima: date
    tenggat_jawab: date | None
    tenggat_pemberitahuan: date | None
    tenggat_selesai: date | None
    tenggat: date | None
    keadaan: str
    langkah: str | None
    keputusan: str | None
    alasan: str | None
    dijawab: datetime | None
    diperpanjang: datetime | None
    petugas: str | None
    unit: str | None
    ditutup: datetime | None
    dicatat: datetime
    oleh: str

    @classmethod
    def dari_baris(cls, r: dict[str, Any]) -> Permohonan:
        d = dict(r)
        for k in ("diterima", "dijawab", "diperpanjang", "ditutup", "dicatat"):
            d[k] = waktu_utc(d[k])
        for k in ("kegiatan_mulai", "kegiatan_selesai", "hari_terima", "tenggat_jawab",
                  "tenggat_pemberitahuan", "tenggat_selesai", "tenggat"):  # fmt: skip
            d[k] = tanggal(d[k])
        return cls(**d)

    @property
    def kode_tampil(self) -> str:
        return tampil_kode(self.kode)

    def ke_dict(self, *, pribadi: bool = False) -> dict[str, Any]:
        """Return the request as JSON-ready values; personal data only with ``pribadi``."""
        out: dict[str, Any] = {}
        for k in KOLOM:
            if k in PRIBADI and not pribadi:
                continue
            v = getattr(self, k)
            out[k] = v.isoformat() if isinstance(v, (date, datetime)) else v
        out["kode"] = self.kode_tampil
        return out


@dataclass(frozen=True)
class PermohonanBaru:
    """What staff record when a request comes in."""

    layanan: str
    instansi: str
    kanal: str = "surat"
    kontak: str | None = None
    telepon: str | None = None
    email: str | None = None
    perihal: str | None = None
    kegiatan_mulai: date | None = None
    kegiatan_selesai: date | None = None
    diterima: datetime | None = None
    """When it arrived (a letter recorded later); now when empty."""
    syarat: tuple[int, ...] = ()
    """The numbers of the requirements met (1-based, as ``naskah ult layanan`` lists them)."""
    semua_syarat: bool = False
    lampiran: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Saringan:
    """Filters of :func:`daftar`."""

    layanan: str | None = None
    keadaan: str | None = None
    unit: str | None = None
    petugas: str | None = None
    dari: date | None = None
    sampai: date | None = None
    terbuka: bool = False
    terlambat: bool = False
    cari: str | None = None
    batas: int | None = None


@dataclass(frozen=True)
class Rincian:
    """One request with its checklist, attachments, dispositions, products and trail."""

    permohonan: Permohonan
    syarat: list[dict[str, Any]] = field(default_factory=list)
    lampiran: list[dict[str, Any]] = field(default_factory=list)
    disposisi: list[dict[str, Any]] = field(default_factory=list)
    produk: list[dict[str, Any]] = field(default_factory=list)
    pemesanan: list[dict[str, Any]] = field(default_factory=list)
    jejak: list[dict[str, Any]] = field(default_factory=list)

    def ke_dict(self) -> dict[str, Any]:
        def nilai(v: Any) -> Any:
            if isinstance(v, dict):  # a paraf's record on its trail row
                return {k: nilai(x) for k, x in v.items()}
            return v.isoformat() if isinstance(v, (date, datetime)) else v

        def iso(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return [{k: nilai(v) for k, v in r.items()} for r in rows]

        return {
            **self.permohonan.ke_dict(pribadi=True),
            "syarat": iso(self.syarat),
            "lampiran": iso(self.lampiran),
            "disposisi": iso(self.disposisi),
            "produk": iso(self.produk),
            "pemesanan": iso(self.pemesanan),
            "jejak": iso(self.jejak),
        }


# -- receiving ---------------------------------------------------------------------------------


def _periksa_syarat(layanan: Layanan, baru: PermohonanBaru) -> list[bool]:
    n = len(layanan.syarat)
    salah = [i for i in baru.syarat if not 1 <= i <= n]
    if salah:
        raise UltError(
            f"Nomor persyaratan {', '.join(map(str, salah))} tidak ada; layanan {layanan.kunci} "
            f"memiliki persyaratan nomor 1 sampai {n}."
        )
    terpenuhi = [
        s.otomatis or baru.semua_syarat or i in baru.syarat for i, s in enumerate(layanan.syarat, 1)
    ]
    kurang = [
        f"{i} ({s.teks})"
        for i, (s, ok) in enumerate(zip(layanan.syarat, terpenuhi, strict=True), 1)
        if not ok
    ]
    if kurang:
        raise UltError(
            f"Persyaratan belum lengkap: nomor {'; '.join(kurang)}; terima permohonan setelah "
            "persyaratan itu dipenuhi, lalu catat dengan --syarat."
        )
    return terpenuhi


def _periksa_kegiatan(meja: Meja, layanan: Layanan, baru: PermohonanBaru, hari: date) -> str | None:
    """Check the activity's dates; return the lead-time flag (or refuse, as the office sets)."""
    mulai, selesai = baru.kegiatan_mulai, baru.kegiatan_selesai
    if mulai is None:
        if layanan.jeda_kegiatan is not None:
            raise UltError(
                f"Layanan {layanan.kunci} mensyaratkan permohonan masuk {layanan.jeda_kegiatan} "
                "hari kerja sebelum kegiatan; sebutkan tanggal kegiatan dengan --kegiatan."
            )
        if selesai is not None:
            raise UltError("Tanggal selesai kegiatan diberikan tanpa tanggal mulainya.")
        return None
    if mulai < hari:
        raise UltError(
            f"Tanggal kegiatan {mulai.isoformat()} sudah lewat (permohonan dihitung diterima "
            f"{hari.isoformat()}); periksa tanggalnya."
        )
    if selesai is not None and selesai < mulai:
        raise UltError("Tanggal selesai kegiatan lebih awal daripada tanggal mulainya.")
    jeda = layanan.jeda_kegiatan
    if jeda is None:
        return None
    batas = meja.kalender.mundur(mulai, jeda)
    if hari <= batas:
        return None
    pesan = (
        f"Permohonan masuk {hari.isoformat()}, kurang dari {jeda} hari kerja sebelum kegiatan "
        f"{mulai.isoformat()} (paling lambat {batas.isoformat()})."
    )
    if meja.konfigurasi.ult.jeda_kegiatan == "tolak":
        raise UltError(pesan[:-1] + "; permohonan tidak dapat diterima menurut standar pelayanan.")
    return pesan


def terima(meja: Meja, baru: PermohonanBaru, katalog: Katalog | None = None) -> Permohonan:
    """Receive a request: check it all, store its files, write its row, checklist and trail."""
    sekarang = meja.sekarang()
    diterima = baru.diterima or sekarang
    if diterima.tzinfo is None or diterima.utcoffset() is None:
        raise UltError("Waktu diterima harus lengkap dengan zona waktunya.")
    if diterima > sekarang + timedelta(minutes=5):
        raise UltError("Waktu diterima ada di masa depan; periksa tanggal dan jamnya.")
    hari = meja.kalender.hari_terima(diterima)
    katalog = katalog or meja.katalog()
    layanan = katalog.pilih(baru.layanan.strip(), diterima.astimezone(meja.konfigurasi.zona).date())
    if not layanan.siap:
        raise UltError(
            f"Jangka waktu layanan {layanan.kunci} tidak terbaca dari standar; tulis hari_kerja "
            f"di [ult.layanan.{layanan.kunci}] naskah.toml."
        )
    instansi = " ".join(baru.instansi.split())
    if not instansi:
        raise UltError("Nama instansi atau pemohon belum diisi.")
    kanal = periksa_kanal(baru.kanal)
    telepon = periksa_telepon(baru.telepon)
    email = periksa_email(baru.email)
    if telepon is None and email is None:
        raise UltError(
            "Isi nomor telepon/WhatsApp atau surel pemohon agar jawaban dapat disampaikan."
        )
    terpenuhi = _periksa_syarat(layanan, baru)
    peringatan = _periksa_kegiatan(meja, layanan, baru, hari)
    berkas = periksa_lampiran(meja.konfigurasi, list(baru.lampiran))

    kal = meja.kalender
    jawab = kal.maju(hari, layanan.hari_kerja_jawaban) if layanan.hari_kerja_jawaban else None
    beritahu = (
        kal.maju(hari, layanan.hari_kerja_pemberitahuan)
        if layanan.hari_kerja_pemberitahuan
        else None
    )
    selesai = kal.maju(hari, layanan.hari_kerja) if layanan.hari_kerja else None
    atur = meja.konfigurasi.ult.layanan.get(layanan.kunci)
    unit = atur.unit if atur else None
    folder = meja.konfigurasi.folder_arsip
    dibuat = simpan_lampiran(folder, berkas)
    try:
        with meja.tulis() as sql:
            kode = buat_kode()
            while sql.satu("SELECT id FROM ult_permohonan WHERE kode = :kode", kode=kode):
                kode = buat_kode()  # pragma: no cover - 50 random bits
            ident = sql.sisip(
                "ult_permohonan",
                {
                    "kode": kode,
                    "layanan": layanan.kunci,
                    "nama_layanan": layanan.nama,
                    "standar": layanan.standar,
                    "kanal": kanal,
                    "instansi": instansi[:300],
                    "kontak": (" ".join((baru.kontak or "").split()) or None),
                    "telepon": telepon,
                    "email": email,
                    "perihal": baru.perihal,
                    "kegiatan_mulai": baru.kegiatan_mulai,
                    "kegiatan_selesai": baru.kegiatan_selesai,
                    "peringatan": peringatan,
                    "diterima": diterima,
                    "hari_terima": hari,
                    "tenggat_jawab": jawab,
                    "tenggat_pemberitahuan": beritahu,
                    "tenggat_selesai": selesai,
                    "tenggat": jawab or selesai,
                    "keadaan": "diterima",
                    "langkah": layanan.tahap.awal,
                    "keputusan": None,
                    "alasan": None,
                    "dijawab": None,
                    "diperpanjang": None,
                    "petugas": None,
                    "unit": unit,
                    "ditutup": None,
                    "dicatat": meja.sekarang(),
                    "oleh": meja.pelaku,
                },
            )
            sql.jalankan_banyak(
                "INSERT INTO ult_syarat (permohonan_id, urut, teks, terpenuhi, otomatis) "
                "VALUES (:permohonan_id, :urut, :teks, :terpenuhi, :otomatis)",
                [
                    {
                        "permohonan_id": ident,
                        "urut": i,
                        "teks": s.teks,
                        "terpenuhi": ok,
                        "otomatis": s.otomatis,
                    }  # fmt: skip
                    for i, (s, ok) in enumerate(zip(layanan.syarat, terpenuhi, strict=True), 1)
                ],
            )
            _catat_lampiran(meja, sql, ident, berkas)
            meja.jejak(
                sql, "permohonan", ident, "terima",
                f"layanan {layanan.kunci} menurut {layanan.standar}; saluran {kanal}"
                + (f"; {peringatan}" if peringatan else ""),
            )  # fmt: skip
            row = sql.satu(f"{_PILIH} WHERE id = :id", id=ident)
    except BaseException:
        for p in dibuat:
            p.unlink(missing_ok=True)
        raise
    assert row is not None
    return Permohonan.dari_baris(row)


def _catat_lampiran(meja: Meja, sql: _SqlUlt, ident: int, berkas: Sequence[Any],
                    kolom: str = "permohonan_id") -> None:  # fmt: skip
    for b in berkas:
        sql.sisip_tanpa_id(
            "ult_lampiran",
            {
                kolom: ident,
                "nama": b.nama,
                "jenis": b.jenis,
                "ukuran": len(b.isi),
                "sha256": b.sha256,
                "lokasi": b.lokasi,
                "dicatat": meja.sekarang(),
                "oleh": meja.pelaku,
            },
        )


# -- reading -----------------------------------------------------------------------------------


def daftar(meja: Meja, saring: Saringan = Saringan()) -> list[Permohonan]:
    """Return the requests matching ``saring``, newest first (no personal data is needed)."""
    syarat: list[str] = []
    param: dict[str, Any] = {}
    for k in ("layanan", "keadaan", "unit", "petugas"):
        v = getattr(saring, k)
        if v:
            syarat.append(f"{k} = :{k}")
            param[k] = v
    if saring.keadaan and saring.keadaan not in KEADAAN:
        raise UltError(
            f"Keadaan {saring.keadaan!r} tidak dikenal; pilih salah satu dari {', '.join(KEADAAN)}."
        )
    if saring.dari:
        syarat.append("hari_terima >= :dari")
        param["dari"] = saring.dari
    if saring.sampai:
        syarat.append("hari_terima <= :sampai")
        param["sampai"] = saring.sampai
    if saring.terbuka:
        syarat.append("ditutup IS NULL")
    if saring.terlambat:
        syarat.append("tenggat < :hari_ini")
        param["hari_ini"] = meja.hari_ini()
    if saring.cari:
        syarat.append("(lower(instansi) LIKE :cari OR lower(perihal) LIKE :cari)")
        param["cari"] = f"%{saring.cari.lower()}%"
    where = f" WHERE {' AND '.join(syarat)}" if syarat else ""
    batas = f" LIMIT {int(saring.batas)}" if saring.batas else ""
    with meja.baca() as sql:
        if sql is None:
            return []
        rows = sql.semua(f"{_PILIH}{where} ORDER BY hari_terima DESC, id DESC{batas}", **param)
    return [Permohonan.dari_baris(r) for r in rows]


def _ambil(sql: _SqlUlt, kode: str, *, kunci: bool = False) -> Permohonan:
    k = baca_kode(kode)
    row = sql.satu(f"{_PILIH} WHERE kode = :kode{{kunci}}" if kunci else
                   f"{_PILIH} WHERE kode = :kode", kode=k)  # fmt: skip
    if row is None:
        raise UltError(
            f"Permohonan dengan kode {tampil_kode(k)} tidak ada; periksa kodenya dengan "
            "`naskah ult daftar`."
        )
    return Permohonan.dari_baris(row)


_ANAK = (
    ("syarat", "ult_syarat", ("urut", "teks", "terpenuhi", "otomatis"), "permohonan_id", "urut"),
    ("lampiran", "ult_lampiran", ("nama", "jenis", "ukuran", "sha256", "lokasi"), "permohonan_id",
     "id"),
    ("disposisi", "ult_disposisi", ("kepada", "unit", "catatan", "waktu", "oleh"),
     "permohonan_id", "id"),
    ("produk", "ult_produk", ("jenis", "nomor", "entri_arsip", "waktu", "oleh"), "permohonan_id",
     "id"),
    ("pemesanan", "ult_pemesanan", ("id", "fasilitas", "satuan", "jumlah", "tarif", "keadaan"),
     "permohonan_id", "id"),
    ("jejak", "ult_jejak", ("id", "aksi", "keterangan", "waktu", "oleh"), "objek_id", "id"),
)  # fmt: skip
"""A request's child rows read by :func:`lihat`: field, table, columns, key column, order."""


def _sql_lihat(dialek: str, nama_akun: bool) -> str:
    """One statement: the request's row and each child table as a JSON array of objects.

    With ``nama_akun`` each trail row also carries ``nama_lengkap``, the full name of the
    desk account that took the step (None for a command-line user or the public form)."""
    kolom = [f"u.{k}" for k in KOLOM]
    for nama, tabel, isi, kunci, urut in _ANAK:
        syarat = f"c.{kunci} = u.id"
        pasangan = ", ".join(f"'{k}', c.{k}" for k in isi)
        sumber = f"{tabel} c"
        if tabel == "ult_jejak":
            syarat += " AND c.objek = 'permohonan'"
            if nama_akun:
                pasangan += ", 'nama_lengkap', a.nama_lengkap"
                sumber += " LEFT JOIN staf_pengguna a ON a.nama = c.oleh"
        if dialek == "sqlite":
            sub = (
                f"SELECT json_group_array(json(j)) FROM (SELECT json_object({pasangan}) AS j "
                f"FROM {sumber} WHERE {syarat} ORDER BY c.{urut})"
            )
        else:
            sub = (
                f"SELECT coalesce(json_agg(json_build_object({pasangan}) ORDER BY c.{urut}), "
                f"'[]'::json) FROM {sumber} WHERE {syarat}"
            )
        kolom.append(f"({sub}) AS _anak_{nama}")
    return f"SELECT {', '.join(kolom)} FROM ult_permohonan u WHERE u.kode = :kode"


_SQL_LIHAT = {
    (d, nama): _sql_lihat(d, nama) for d in ("sqlite", "postgresql") for nama in (False, True)
}


def lihat(meja: Meja, kode: str) -> Rincian:
    """Return one request with everything recorded about it (personal data included).

    One statement (the request's row with its child rows as JSON arrays): a page showing a
    request costs one round trip to the database, two when it has a paraf (each paraf's trail
    row then carries its record under ``paraf``, :func:`naskah.ult.paraf.sertakan`). Each
    trail row carries ``nama_lengkap``, the full name of the desk account that took the step
    (None for anyone else).
    """
    with meja.baca() as sql:
        if sql is None:
            baca_kode(kode)
            raise UltError(f"Permohonan dengan kode {kode} tidak ada; belum ada permohonan.")
        k = baca_kode(kode)
        # the accounts' table came with the desk's accounts (a register read as it is may
        # predate it)
        row = sql.satu(_SQL_LIHAT[sql.dialek, meja.ada_tabel(sql, "staf_pengguna")], kode=k)
        if row is None:
            raise UltError(
                f"Permohonan dengan kode {tampil_kode(k)} tidak ada; periksa kodenya dengan "
                "`naskah ult daftar`."
            )
        anak: dict[str, list[dict[str, Any]]] = {}
        for nama, *_ in _ANAK:
            v = row.pop(f"_anak_{nama}")
            rows = json.loads(v) if isinstance(v, str) else list(v or [])
            anak[nama] = _waktu_baris(rows) if rows and "waktu" in rows[0] else rows
        if any(j["aksi"] == "paraf" for j in anak["jejak"]):
            # each paraf's record (ult_paraf) on its trail row, in the same read; a request
            # without one (nearly all) costs no second statement
            from naskah.ult import paraf

            paraf.sertakan(meja, sql, int(row["id"]), anak["jejak"])
    for j in anak["jejak"]:
        del j["id"]
    return Rincian(Permohonan.dari_baris(row), **anak)


def _waktu_baris(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in rows:
        r["waktu"] = waktu_utc(r["waktu"])
    return rows


# -- steps -------------------------------------------------------------------------------------


class Langkah:
    """One step on one request: lock it, check its state allows ``aksi``, write, log.

    ``with Langkah(meja, kode, aksi) as (sql, p)`` yields the statements of one write
    transaction and the request ``p`` read with its row locked (two steps on one request are
    taken one after the other); it refuses, writing nothing, a request whose state is not one
    of ``BOLEH[aksi]``. The block writes the step's rows and its ``ult_jejak`` row."""

    def __init__(self, meja: Meja, kode: str, aksi: str) -> None:
        self.meja, self.kode, self.aksi = meja, kode, aksi

    def __enter__(self) -> tuple[_SqlUlt, Permohonan]:
        baca_kode(self.kode)  # refuse a malformed code before opening anything
        self._cm = self.meja.tulis()
        sql = self._cm.__enter__()
        try:
            p = _ambil(sql, self.kode, kunci=True)
            if p.keadaan not in BOLEH[self.aksi]:
                raise UltError(
                    f"Permohonan {p.kode_tampil} berkeadaan {p.keadaan}, sehingga tidak dapat "
                    f"{_NAMA_LANGKAH[self.aksi]}; langkah ini hanya untuk permohonan berkeadaan "
                    f"{' atau '.join(BOLEH[self.aksi])}."
                )
        except BaseException as exc:
            self._cm.__exit__(type(exc), exc, exc.__traceback__)
            raise
        self.sql = sql
        return sql, p

    def __exit__(self, *exc: Any) -> Any:
        return self._cm.__exit__(*exc)


def _baru(sql: _SqlUlt, ident: int) -> Permohonan:
    row = sql.satu(f"{_PILIH} WHERE id = :id", id=ident)
    assert row is not None
    return Permohonan.dari_baris(row)


def _teks(nilai: str | None, nama: str, wajib: bool = False) -> str | None:
    t = " ".join((nilai or "").split()) or None
    if wajib and t is None:
        raise UltError(f"{nama} wajib diisi untuk langkah ini.")
    return t


def _wajib(nilai: str | None, nama: str) -> str:
    t = _teks(nilai, nama, wajib=True)
    assert t is not None
    return t


def disposisi(
    meja: Meja, kode: str, kepada: str, *, unit: str | None = None, catatan: str | None = None
) -> Permohonan:
    """Send the request to ``kepada`` (a person) of ``unit``, with notes; one row each time."""
    kepada_t = _wajib(kepada, "Penerima disposisi")
    with Langkah(meja, kode, "disposisi") as (sql, p):
        sql.sisip_tanpa_id(
            "ult_disposisi",
            {
                "permohonan_id": p.id,
                "kepada": kepada_t[:100],
                "unit": _teks(unit, "Unit"),
                "catatan": _teks(catatan, "Catatan"),
                "waktu": meja.sekarang(),
                "oleh": meja.pelaku,
            },
        )
        tahap = _tahap_layanan(meja, p, "disposisi")
        sql.ubah(
            "ult_permohonan",
            p.id,
            {
                "keadaan": "didisposisi",
                "petugas": kepada_t,
                "unit": _teks(unit, "Unit") or p.unit,
                "langkah": tahap or p.langkah,
            },  # fmt: skip
        )
        meja.jejak(sql, "permohonan", p.id, "disposisi",
                   f"kepada {kepada_t}" + (f" ({unit})" if unit else ""))  # fmt: skip
        return _baru(sql, p.id)


def _tahap_layanan(meja: Meja, p: Permohonan, peristiwa: str) -> str | None:
    """Return the flowchart step a request reaches on ``peristiwa``, from its own standard."""
    try:
        katalog = meja.katalog()
    except UltError:
        return None  # the standard's file is gone: the step stays as it was
    for lay in katalog.versi.get(p.layanan, ()):
        if lay.standar == p.standar:
            t = lay.tahap
            return {
                "disposisi": t.disposisi,
                "setuju": t.ya,
                "tolak": t.tidak,
                "revisi": t.tidak,
                "lengkapi": t.awal,
                "tutup": t.akhir,
            }.get(peristiwa)
    return None


def putuskan(
    meja: Meja, kode: str, keputusan: Keputusan, *, alasan: str | None = None
) -> Permohonan:
    """Record the decision: approved, refused (with a reason) or revision (with directions)."""
    if keputusan not in ("setuju", "tolak", "revisi"):
        raise UltError(f"Keputusan {keputusan!r} tidak dikenal; pilih setuju, tolak atau revisi.")
    nama = {"setuju": "Catatan", "tolak": "Alasan penolakan", "revisi": "Arahan perbaikan"}
    teks = _teks(alasan, nama[keputusan], wajib=keputusan != "setuju")
    with Langkah(meja, kode, "putuskan") as (sql, p):
        keadaan = {"setuju": "disetujui", "tolak": "ditolak", "revisi": "revisi"}[keputusan]
        # approved: the completion deadline still runs (none for a service promising only an
        # answer, such as a facility); refused or sent back: nothing is due from the desk
        tenggat = p.tenggat_selesai if keputusan == "setuju" else None
        sql.ubah(
            "ult_permohonan",
            p.id,
            {
                "keadaan": keadaan,
                "keputusan": keputusan,
                "alasan": teks,
                "dijawab": p.dijawab or meja.sekarang(),
                "tenggat": tenggat,
                "langkah": _tahap_layanan(meja, p, keputusan) or p.langkah,
            },  # fmt: skip
        )
        meja.jejak(sql, "permohonan", p.id, keputusan, teks)
        return _baru(sql, p.id)


def perpanjang(meja: Meja, kode: str, *, hari: int, alasan: str | None = None) -> Permohonan:
    """Record that the applicant was told handling takes ``hari`` more working days (once)."""
    if hari <= 0:
        raise UltError("Perpanjangan harus sedikitnya 1 hari kerja.")
    teks = _teks(alasan, "Alasan perpanjangan", wajib=True)
    with Langkah(meja, kode, "perpanjang") as (sql, p):
        if p.diperpanjang is not None:
            raise UltError(
                f"Permohonan {p.kode_tampil} sudah pernah diperpanjang; pemberitahuan "
                "perpanjangan hanya sekali."
            )
        dasar = p.tenggat or meja.hari_ini()
        baru = meja.kalender.maju(dasar, hari)
        sekarang = meja.sekarang()
        telat = p.tenggat_pemberitahuan and meja.hari_ini() > p.tenggat_pemberitahuan
        sql.ubah("ult_permohonan", p.id, {"diperpanjang": sekarang, "tenggat": baru})
        meja.jejak(
            sql, "permohonan", p.id, "perpanjang",
            f"tenggat menjadi {baru.isoformat()}: {teks}"
            + ("; pemberitahuan melewati tenggatnya" if telat else ""),
        )  # fmt: skip
        return _baru(sql, p.id)


def lengkapi(meja: Meja, kode: str, *, lampiran: Sequence[Path] = (),
             catatan: str | None = None) -> Permohonan:  # fmt: skip
    """Record the revised file: the deadlines run again from the day it counts as received."""
    berkas = periksa_lampiran(meja.konfigurasi, list(lampiran))
    dibuat = simpan_lampiran(meja.konfigurasi.folder_arsip, berkas)
    try:
        with Langkah(meja, kode, "lengkapi") as (sql, p):
            ada = sql.skalar("SELECT count(*) FROM ult_lampiran WHERE permohonan_id = :id", id=p.id)
            if ada + len(berkas) > meja.konfigurasi.ult.lampiran_maks:
                raise UltError(
                    f"Lampiran terlalu banyak; paling banyak {meja.konfigurasi.ult.lampiran_maks} "
                    "berkas per permohonan."
                )
            kal = meja.kalender
            sekarang = meja.sekarang()
            hari = kal.hari_terima(sekarang)

            def geser(t: date | None) -> date | None:
                if t is None:
                    return None
                n = sum(1 for _ in kal.hari_kerja_antara(kal.berikut(p.hari_terima), t))
                return kal.maju(hari, n)

            jawab, selesai = geser(p.tenggat_jawab), geser(p.tenggat_selesai)
            _catat_lampiran(meja, sql, p.id, berkas)
            sql.ubah(
                "ult_permohonan",
                p.id,
                {
                    "keadaan": "diterima",
                    "keputusan": None,
                    "tenggat_jawab": jawab,
                    "tenggat_selesai": selesai,
                    "tenggat": jawab or selesai,
                    "dijawab": None,
                    "langkah": _tahap_layanan(meja, p, "lengkapi") or p.langkah,
                },  # fmt: skip
            )
            meja.jejak(sql, "permohonan", p.id, "lengkapi",
                       _teks(catatan, "Catatan") or f"{len(berkas)} lampiran baru")  # fmt: skip
            return _baru(sql, p.id)
    except BaseException:
        for f in dibuat:
            f.unlink(missing_ok=True)
        raise


def catat_produk(
    meja: Meja, kode: str, jenis: str, *, nomor: str | None = None,
    entri_arsip: str | None = None, penolakan: bool = False,
) -> Permohonan:  # fmt: skip
    """Link a document the request ended with (its register number and/or archive entry).

    Products belong to approved requests; ``penolakan`` links a refused request's refusal letter.
    """
    jenis_t = _wajib(jenis, "Jenis produk")
    with Langkah(meja, kode, "produk_penolakan" if penolakan else "produk") as (sql, p):
        nomor_t = _teks(nomor, "Nomor")
        if nomor_t is not None and not sql.satu(
            "SELECT id FROM nomor WHERE teks = :teks", teks=nomor_t
        ):
            raise UltError(
                f"Nomor {nomor_t} tidak ada di register; terbitkan naskahnya dulu atau periksa "
                "penulisannya dengan `naskah nomor daftar --cari`."
            )
        sql.sisip_tanpa_id(
            "ult_produk",
            {
                "permohonan_id": p.id,
                "jenis": jenis_t,
                "nomor": nomor_t,
                "entri_arsip": _teks(entri_arsip, "Entri arsip"),
                "waktu": meja.sekarang(),
                "oleh": meja.pelaku,
            },  # fmt: skip
        )
        meja.jejak(sql, "permohonan", p.id, "produk",
                   jenis_t + (f" nomor {nomor_t}" if nomor_t else ""))  # fmt: skip
        return _baru(sql, p.id)


def tutup(meja: Meja, kode: str, *, catatan: str | None = None) -> Permohonan:
    """Close the request (after its decision); nothing is due on it any more."""
    with Langkah(meja, kode, "tutup") as (sql, p):
        sql.ubah(
            "ult_permohonan",
            p.id,
            {
                "keadaan": "selesai",
                "tenggat": None,
                "ditutup": meja.sekarang(),
                "langkah": (_tahap_layanan(meja, p, "tutup") if p.keadaan == "disetujui" else None)
                or p.langkah,
            },  # fmt: skip
        )
        meja.jejak(sql, "permohonan", p.id, "tutup", _teks(catatan, "Catatan"))
        hasil = _baru(sql, p.id)
        # imported here: the survey reads the settings with pydantic, which the everyday read
        # commands (`ult daftar`, `jatuh-tempo`) never load (tests/ult/test_impor_ringan.py)
        from naskah.ult import survei

        token = survei.setelah_tutup(meja, sql, hasil)  # the one-time survey link
    if token is not None:
        survei.kabari_tutup(meja, hasil, token)  # e-mailed with [ult] kirim_survei
    return hasil
