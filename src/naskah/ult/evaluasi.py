"""The yearly evaluation of the Standar Pelayanan: owns its figures, from the desk's own records.

Both seed decrees end with "Evaluasi Kinerja Pelaksana": the share of satisfied users (the
survey, :mod:`naskah.ult.ikm`), the requests finished on time and the complaints. This module
reads a year of the desk (requests received that year, their deadlines as stored on receipt, the
times they were answered and closed; complaints and their five-working-day deadline) and the
year's survey answers, and returns every figure of the report (:func:`evaluasi`).

On time, per request: *answered* on time when the day (office zone) of its decision is not after
``tenggat_jawab``; *completed* on time when an approved request was closed not after
``tenggat_selesai`` (the promise made on receipt; an extension told to the applicant is counted
separately, it does not move the promise). A deadline not met and already past on the day of the
evaluation counts as late; one still running is left out of the rates. Durations are working days
of the office's calendar (:meth:`~naskah.ult.kalender.KalenderKerja.hari_terpakai`), never
calendar days; the 90th percentile is the nearest-rank one.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from naskah.errors import ConfigError, UltError
from naskah.ult import ikm as _ikm
from naskah.ult import survei
from naskah.ult.meja import KANAL, Meja, tampil_kode, tanggal, waktu_utc

__all__ = [
    "Capaian",
    "Evaluasi",
    "Kasus",
    "KinerjaLayanan",
    "RingkasanPengaduan",
    "evaluasi",
    "ringkasan_publik",
]

NAMA_BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
              "September", "Oktober", "November", "Desember")  # fmt: skip
SINGKAT_BULAN = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov",
                 "Des")  # fmt: skip


@dataclass
class Capaian:
    """How many deadlines of one kind were met, missed, or still running."""

    tepat: int = 0
    terlambat: int = 0
    berjalan: int = 0

    def tambah(self, hasil: bool | None) -> None:
        if hasil is None:
            self.berjalan += 1
        elif hasil:
            self.tepat += 1
        else:
            self.terlambat += 1

    @property
    def dinilai(self) -> int:
        return self.tepat + self.terlambat

    @property
    def persen(self) -> Fraction | None:
        """The on-time share in percent (exact), None when nothing could be judged yet."""
        return Fraction(100 * self.tepat, self.dinilai) if self.dinilai else None


@dataclass(frozen=True)
class Kasus:
    """One request as the evaluation sees it (no personal data)."""

    kode: str
    layanan: str
    nama_layanan: str
    hari_terima: date
    keadaan: str
    keputusan: str | None
    janji_jawab: int | None
    janji_selesai: int | None
    durasi_jawab: int | None
    durasi_selesai: int | None
    tepat_jawab: bool | None
    tepat_selesai: bool | None
    diperpanjang: bool

    @property
    def tepat(self) -> bool | None:
        """All of its deadlines met (None while one is still running)."""
        hasil = [h for h, janji in ((self.tepat_jawab, self.janji_jawab),
                                    (self.tepat_selesai, self.janji_selesai)) if janji]  # fmt: skip
        if any(h is False for h in hasil):
            return False
        if any(h is None for h in hasil):
            return None
        return True

    @property
    def durasi(self) -> int | None:
        """Working days to its end (closing when approved and closed, else its answer)."""
        return self.durasi_selesai if self.durasi_selesai is not None else self.durasi_jawab


@dataclass(frozen=True)
class Sebaran:
    """Median and 90th percentile (nearest rank) of durations in working days."""

    jumlah: int
    median: Fraction | None
    p90: int | None
    terlama: int | None

    @classmethod
    def dari(cls, nilai: Iterable[int]) -> Sebaran:
        d = sorted(nilai)
        if not d:
            return cls(0, None, None, None)
        med = Fraction(statistics.median_low(d) + statistics.median_high(d), 2)
        return cls(len(d), med, d[math.ceil(0.9 * len(d)) - 1], d[-1])


@dataclass(frozen=True)
class KinerjaLayanan:
    """One service over the year."""

    layanan: str
    nama: str
    janji_jawab: int | None
    janji_selesai: int | None
    diterima: int
    disetujui: int
    ditolak: int
    diperpanjang: int
    jawab: Capaian
    selesai: Capaian
    semua: Capaian
    durasi_jawab: Sebaran
    durasi_selesai: Sebaran
    bulanan: tuple[Capaian, ...]
    """All deadlines met, per month of receipt (12)."""
    ikm: _ikm.HasilIKM | None
    responden: int
    sampel: int


@dataclass(frozen=True)
class RingkasanPengaduan:
    jumlah: int
    selesai: Capaian
    durasi: Sebaran
    per_kanal: dict[str, int]
    per_layanan: dict[str, int]
    lapor: int
    """Complaints with a LAPOR! (SP4N) ticket."""
    janji: int


@dataclass(frozen=True)
class Evaluasi:
    """Every figure of one year's evaluation."""

    tahun: int
    per_hari: date
    """The day the figures were computed (deadlines past by then count)."""
    kasus: tuple[Kasus, ...]
    layanan: tuple[KinerjaLayanan, ...]
    bulanan: tuple[Capaian, ...]
    semua: Capaian
    jawab: Capaian
    selesai: Capaian
    durasi: Sebaran
    pengaduan: RingkasanPengaduan
    ikm: _ikm.HasilIKM | None
    responden: int
    sampel: int
    """Respondents the year needs (Krejcie–Morgan) for the requests served."""
    daring: int
    kertas: int
    saran: tuple[str, ...]
    profil: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def cukup(self) -> bool:
        return self.responden >= self.sampel

    def terlama(self, n: int = 5) -> list[Kasus]:
        """The ``n`` longest cases (working days to their end), longest first."""
        ada = [k for k in self.kasus if k.durasi is not None]
        return sorted(ada, key=lambda k: (-(k.durasi or 0), k.hari_terima, k.kode))[:n]

    @property
    def unsur_prioritas(self) -> survei.Unsur | None:
        return survei.UNSUR[self.ikm.terendah()] if self.ikm else None


# -- reading the desk ------------------------------------------------------------------------------

_KOLOM_P = ("kode", "layanan", "nama_layanan", "diterima", "hari_terima", "tenggat_jawab",
            "tenggat_selesai", "keadaan", "keputusan", "dijawab", "diperpanjang",
            "ditutup")  # fmt: skip
_KOLOM_A = ("kanal", "layanan", "diterima", "hari_terima", "tenggat_awal", "dijawab", "ditutup",
            "lapor")  # fmt: skip


def _baca(
    meja: Meja, tahun: int, *, pengaduan: bool = True
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dari, sampai = date(tahun, 1, 1), date(tahun, 12, 31)
    with meja.baca() as sql:
        if sql is None:
            return [], []
        p = sql.semua(
            f"SELECT {', '.join(_KOLOM_P)} FROM ult_permohonan "
            "WHERE hari_terima >= :dari AND hari_terima <= :sampai ORDER BY hari_terima, id",
            dari=dari, sampai=sampai,
        )  # fmt: skip
        a = [] if not pengaduan else sql.semua(
            f"SELECT {', '.join(_KOLOM_A)} FROM ult_pengaduan "
            "WHERE hari_terima >= :dari AND hari_terima <= :sampai ORDER BY hari_terima, id",
            dari=dari, sampai=sampai,
        )  # fmt: skip
    for r in p + a:
        for k in ("diterima", "dijawab", "diperpanjang", "ditutup"):
            if k in r:
                r[k] = waktu_utc(r[k])
        for k in ("hari_terima", "tenggat_jawab", "tenggat_selesai", "tenggat_awal"):
            if k in r:
                r[k] = tanggal(r[k])
    return p, a


def _kasus(meja: Meja, r: dict[str, Any], hari_ini: date, *, rinci: bool = True) -> Kasus:
    """One request as judged on ``hari_ini``; without ``rinci`` only whether it was on time
    (dates compared; no working days counted, promises given as 1 where one applies)."""
    kal = meja.kalender
    zona = meja.konfigurasi.zona

    def hari(t: datetime | None) -> date | None:
        return None if t is None else t.astimezone(zona).date()

    def janji(tenggat: date | None) -> int | None:
        if tenggat is None:
            return None
        if not rinci:
            return 1
        return sum(1 for _ in kal.hari_kerja_antara(kal.berikut(r["hari_terima"]), tenggat))

    def nilai(tenggat: date | None, selesai: date | None) -> bool | None:
        if tenggat is None:
            return None
        if selesai is not None:
            return selesai <= tenggat
        return False if tenggat < hari_ini else None

    dijawab, ditutup = r["dijawab"], r["ditutup"]
    tj, ts = r["tenggat_jawab"], r["tenggat_selesai"]
    disetujui = r["keputusan"] == "setuju"
    durasi_jawab = kal.hari_terpakai(r["diterima"], dijawab) if dijawab and rinci else None
    # completion: an approved request ends when closed; a refused one ends with its answer
    if ts is not None and (disetujui or r["keputusan"] is None or tj is None):
        if disetujui:
            akhir = ditutup if r["keadaan"] == "selesai" else None
        else:
            akhir = dijawab if r["keputusan"] is not None else None
        tepat_selesai = nilai(ts, hari(akhir))
        durasi_selesai = (
            kal.hari_terpakai(r["diterima"], akhir) if akhir is not None and rinci else None
        )
        janji_selesai = janji(ts)
    else:
        tepat_selesai, durasi_selesai, janji_selesai = None, None, None
    return Kasus(
        kode=tampil_kode(r["kode"]),
        layanan=r["layanan"],
        nama_layanan=r["nama_layanan"],
        hari_terima=r["hari_terima"],
        keadaan=r["keadaan"],
        keputusan=r["keputusan"],
        janji_jawab=janji(tj),
        janji_selesai=janji_selesai,
        durasi_jawab=durasi_jawab,
        durasi_selesai=durasi_selesai,
        tepat_jawab=nilai(tj, hari(dijawab)),
        tepat_selesai=tepat_selesai,
        diperpanjang=r["diperpanjang"] is not None,
    )


def _modus(nilai: Iterable[int | None]) -> int | None:
    ada = [v for v in nilai if v]
    return statistics.mode(ada) if ada else None


def _capaian(kasus: Sequence[Kasus], attr: str) -> Capaian:
    c = Capaian()
    for k in kasus:
        janji = k.janji_jawab if attr == "tepat_jawab" else (
            k.janji_selesai if attr == "tepat_selesai" else 1)  # fmt: skip
        if janji:
            c.tambah(getattr(k, attr))
    return c


def _bulanan(kasus: Sequence[Kasus]) -> tuple[Capaian, ...]:
    bulan = [Capaian() for _ in range(12)]
    for k in kasus:
        bulan[k.hari_terima.month - 1].tambah(k.tepat)
    return tuple(bulan)


def evaluasi(meja: Meja, tahun: int) -> Evaluasi:
    """Return every figure of year ``tahun``: on time, complaints, the index and its sample."""
    hari_ini = meja.hari_ini()
    baris_p, baris_a = _baca(meja, tahun)
    kasus = [_kasus(meja, r, hari_ini) for r in baris_p]
    respon = survei.daftar_jawaban(meja, tahun)
    kal = meja.kalender

    per_layanan: dict[str, list[Kasus]] = {}
    for k in kasus:
        per_layanan.setdefault(k.layanan, []).append(k)
    respon_layanan: dict[str, list[survei.Respon]] = {}
    for r in respon:
        respon_layanan.setdefault(r.layanan, []).append(r)
    nama: dict[str, str] = {k.layanan: k.nama_layanan for k in kasus}
    nama.update({r.layanan: r.nama_layanan for r in respon if r.layanan not in nama})
    try:
        for daftar in meja.katalog().versi.values():
            for lay in daftar:
                nama.setdefault(lay.kunci, lay.nama)
    except (UltError, ConfigError):
        pass  # the standard's file is gone: the records still name their services

    layanan = []
    for kunci in sorted(nama):
        ks = per_layanan.get(kunci, [])
        rs = respon_layanan.get(kunci, [])
        layanan.append(
            KinerjaLayanan(
                layanan=kunci,
                nama=nama[kunci],
                janji_jawab=_modus(k.janji_jawab for k in ks),
                janji_selesai=_modus(k.janji_selesai for k in ks),
                diterima=len(ks),
                disetujui=sum(k.keputusan == "setuju" for k in ks),
                ditolak=sum(k.keputusan == "tolak" for k in ks),
                diperpanjang=sum(k.diperpanjang for k in ks),
                jawab=_capaian(ks, "tepat_jawab"),
                selesai=_capaian(ks, "tepat_selesai"),
                semua=_capaian(ks, "tepat"),
                durasi_jawab=Sebaran.dari(k.durasi_jawab for k in ks if k.durasi_jawab is not None),
                durasi_selesai=Sebaran.dari(
                    k.durasi_selesai for k in ks if k.durasi_selesai is not None
                ),
                bulanan=_bulanan(ks),
                ikm=_ikm.hitung([r.nilai for r in rs]),
                responden=len(rs),
                sampel=_ikm.sampel_minimal(len(ks)),
            )
        )

    # complaints
    selesai_a = Capaian()
    durasi_a = []
    kanal: dict[str, int] = {}
    per_lay_a: dict[str, int] = {}
    zona = meja.konfigurasi.zona
    for a in baris_a:
        ditangani = a["dijawab"] or a["ditutup"]
        if ditangani is not None:
            selesai_a.tambah(ditangani.astimezone(zona).date() <= a["tenggat_awal"])
            durasi_a.append(kal.hari_terpakai(a["diterima"], ditangani))
        else:
            selesai_a.tambah(False if a["tenggat_awal"] < hari_ini else None)
        nama_kanal = KANAL.get(a["kanal"], a["kanal"])
        kanal[nama_kanal] = kanal.get(nama_kanal, 0) + 1
        tentang = nama.get(a["layanan"] or "", "Umum / tidak menyebut layanan")
        per_lay_a[tentang] = per_lay_a.get(tentang, 0) + 1
    pengaduan = RingkasanPengaduan(
        jumlah=len(baris_a),
        selesai=selesai_a,
        durasi=Sebaran.dari(durasi_a),
        per_kanal=dict(sorted(kanal.items(), key=lambda x: (-x[1], x[0]))),
        per_layanan=dict(sorted(per_lay_a.items(), key=lambda x: (-x[1], x[0]))),
        lapor=sum(1 for a in baris_a if a["lapor"]),
        janji=meja.konfigurasi.ult.hari_kerja_pengaduan,
    )

    profil: dict[str, dict[str, int]] = {k: dict.fromkeys(v, 0) for k, v in survei.PROFIL.items()}
    for r in respon:
        for kunci_p, v in r.profil.items():
            profil[kunci_p][v] = profil[kunci_p].get(v, 0) + 1
    return Evaluasi(
        tahun=tahun,
        per_hari=hari_ini,
        kasus=tuple(kasus),
        layanan=tuple(layanan),
        bulanan=_bulanan(kasus),
        semua=_capaian(kasus, "tepat"),
        jawab=_capaian(kasus, "tepat_jawab"),
        selesai=_capaian(kasus, "tepat_selesai"),
        durasi=Sebaran.dari(k.durasi for k in kasus if k.durasi is not None),
        pengaduan=pengaduan,
        ikm=_ikm.hitung([r.nilai for r in respon]),
        responden=len(respon),
        sampel=_ikm.sampel_minimal(len(kasus)),
        daring=sum(r.sumber == "daring" for r in respon),
        kertas=sum(r.sumber == "kertas" for r in respon),
        saran=tuple(r.saran for r in respon if r.saran),
        profil=profil,
    )


def ringkasan_publik(meja: Meja, tahun: int) -> tuple[float | None, str | None, float | None]:
    """Return what the public page shows for ``tahun``: the IKM (two decimals), its grade
    (``"A (Sangat Baik)"``) and the on-time share of requests in percent (two decimals)."""
    hari_ini = meja.hari_ini()
    baris, _ = _baca(meja, tahun, pengaduan=False)
    semua = _capaian([_kasus(meja, r, hari_ini, rinci=False) for r in baris], "tepat")
    h = _ikm.dari_jumlah(*survei.jumlah_nilai(meja, tahun))
    nilai = float(h.nilai) if h else None
    mutu = f"{h.mutu.huruf} ({h.mutu.kinerja})" if h else None
    p = semua.persen
    return nilai, mutu, (float(_ikm.bulat(p)) if p is not None else None)


def persen(x: Fraction | None, tempat: int = 1) -> str:
    """Return a share as the report prints it (``92,3%``), a dash without one."""
    if x is None:
        return "–"
    return f"{angka(_ikm.bulat(x, tempat))}%"


def angka(x: Decimal | Fraction | int | None, tempat: int | None = None) -> str:
    """Return a number with a decimal comma (Indonesian), a dash for None."""
    if x is None:
        return "–"
    if isinstance(x, Fraction):
        x = _ikm.bulat(x, 1 if tempat is None else tempat)
    elif tempat is not None:
        x = _ikm.bulat(Decimal(x), tempat)
    t = str(x)
    if "." in t:
        bulat_, pecahan = t.split(".")
    else:
        bulat_, pecahan = t, ""
    ribuan = f"{int(bulat_):,}".replace(",", ".") if bulat_.lstrip("-").isdigit() else bulat_
    return f"{ribuan},{pecahan}" if pecahan else ribuan
