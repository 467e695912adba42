"""A generated, seeded year of the desk (for the demo and the report's tests): owns only that.

:func:`isi_tahun` walks requests, complaints and survey answers through the library's own verbs
(:func:`~naskah.ult.permohonan.terima`, ``putuskan``, ``perpanjang``, ``tutup``; the complaints'
``terima``/``jawab``/``tutup``; :func:`~naskah.ult.survei.undang` and ``jawab``), moving the
desk's clock to each step's moment. The same seed gives the same year. Most requests are handled
within their working-day deadlines, some late, a few refused or extended; answers spread over the
four scores, lower where the service was late. Nothing here is real personal data.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from naskah.errors import UltError
from naskah.ult import pengaduan as pg
from naskah.ult import permohonan as pm
from naskah.ult import survei
from naskah.ult.meja import KANAL, Meja

__all__ = ["HasilSimulasi", "isi_tahun"]


@dataclass(frozen=True)
class HasilSimulasi:
    permohonan: int
    pengaduan: int
    jawaban: int


_INSTANSI = (
    "SD Negeri 012 Samarinda", "SMP Negeri 4 Balikpapan", "SMA Negeri 1 Bontang",
    "Dinas Pendidikan Kota Samarinda", "Disdikbud Kabupaten Kutai Kartanegara",
    "MGMP Matematika Samarinda", "KKG Gugus 3 Penajam", "Universitas Mulawarman",
    "SMK Negeri 2 Tenggarong", "Dinas Pendidikan Kabupaten Berau", "PGRI Kota Balikpapan",
    "Yayasan Pendidikan Borneo", "SLB Negeri Pembina Samarinda", "Disdik Kabupaten Paser",
)  # fmt: skip
_PERIHAL = (
    "Pendampingan penyusunan KOSP", "Bimbingan teknis asesmen diagnostik",
    "Narasumber lokakarya P5", "Penggunaan aula untuk rapat koordinasi",
    "Pelatihan literasi dan numerasi", "Pendampingan perencanaan berbasis data",
)  # fmt: skip
_ADUAN = (
    "Balasan permohonan belum diterima", "Petugas sulit dihubungi lewat telepon",
    "Informasi persyaratan di laman tidak sama dengan yang diminta",
    "Ruang aula panas, pendingin udara tidak menyala", "Surat tugas narasumber terlambat",
    "Antrean di loket layanan lama",
)  # fmt: skip
_SARAN = (
    "Pertahankan keramahan petugas.", "Mohon percepat jawaban permohonan.",
    "Informasi persyaratan di laman perlu diperjelas.", "Sediakan nomor WhatsApp layanan.",
    "Ruang tunggu perlu diperbaiki.", "Pelayanan sudah sangat baik, terima kasih.",
    "Mohon kabari perkembangan permohonan lewat surel.",
)  # fmt: skip


class _Jam:
    def __init__(self, t: datetime) -> None:
        self.t = t

    def __call__(self) -> datetime:
        return self.t


def _pada(meja: Meja, hari: date, jam: int, menit: int) -> datetime:
    return datetime.combine(hari, time(jam, menit), tzinfo=meja.konfigurasi.zona).astimezone(UTC)


def _skor(acak: random.Random, dasar: float, unsur: int) -> int:
    """One answer 1..4 around ``dasar``, unsur U3 (time) and U8 (complaints) a little lower."""
    geser = {2: -0.35, 7: -0.5, 3: 0.2}.get(unsur, 0.0)
    v = acak.gauss(dasar + geser, 0.55)
    return max(1, min(4, round(v)))


def isi_tahun(
    meja: Meja,
    tahun: int,
    *,
    benih: int = 2025,
    permohonan: int = 240,
    pengaduan: int = 24,
    kemajuan: Callable[[int], None] | None = None,
) -> HasilSimulasi:
    """Fill year ``tahun`` of ``meja``'s desk with a generated, seeded year; return the counts.

    ``permohonan`` requests are drawn; one falling before its service's standard took force is
    skipped (the counts say how many were received).

    The desk's clock is moved step by step and restored afterwards. The office's standards must
    offer the Kaltim services (``kerjasama``, ``narasumber``, ``fasilitas``) or their Kalteng
    counterparts.
    """
    with meja.baca() as sql:
        if sql is not None and sql.skalar("SELECT count(*) FROM ult_permohonan"):
            raise UltError(
                "Meja layanan ini sudah berisi permohonan; data contoh hanya diisikan ke folder "
                "kantor yang masih kosong (misalnya folder demo)."
            )
    acak = random.Random(benih)
    kal = meja.kalender
    katalog = meja.katalog()
    pilihan = [k for k in ("kerjasama", "kerja-sama", "narasumber", "fasilitas", "informasi")
               if k in katalog.versi]  # fmt: skip
    if not pilihan:
        raise UltError("Standar pelayanan kantor tidak memuat layanan yang dapat disimulasikan.")
    bobot = {"kerjasama": 3, "kerja-sama": 3, "narasumber": 4, "fasilitas": 3, "informasi": 1}
    hari_kerja = list(kal.hari_kerja_antara(date(tahun, 1, 2), date(tahun, 12, 22)))
    jam_asli = meja.jam
    jam = _Jam(_pada(meja, hari_kerja[0], 8, 0))
    meja.jam = jam
    jumlah_jawaban = 0
    diterima = 0
    try:
        hari_masuk = sorted(acak.choice(hari_kerja) for _ in range(permohonan))
        for i, hari in enumerate(hari_masuk):
            kunci = acak.choices(pilihan, weights=[bobot[k] for k in pilihan])[0]
            try:
                lay = katalog.pilih(kunci, hari)
            except UltError:
                continue
            jam.t = _pada(meja, hari, acak.randint(8, 14), acak.randint(0, 59))
            kegiatan = None
            if lay.jeda_kegiatan is not None:
                kegiatan = kal.maju(hari, lay.jeda_kegiatan + acak.randint(2, 20))
            elif kunci in ("narasumber", "kerjasama", "kerja-sama"):
                kegiatan = kal.maju(hari, acak.randint(8, 25))
            email = f"pemohon{i:03d}@sekolah.example.sch.id" if acak.random() < 0.6 else None
            p = pm.terima(
                meja,
                pm.PermohonanBaru(
                    layanan=kunci,
                    instansi=acak.choice(_INSTANSI),
                    kanal=acak.choice(tuple(KANAL)),
                    telepon=f"0812{acak.randint(10_000_000, 99_999_999)}",
                    email=email,
                    perihal=acak.choice(_PERIHAL),
                    kegiatan_mulai=kegiatan,
                    semua_syarat=True,
                ),
            )
            diterima += 1
            telat = acak.random() < 0.12
            janji_jawab = lay.hari_kerja_jawaban
            janji_selesai = lay.hari_kerja
            # the decision: within the answer deadline, or late by 1–4 working days
            batas = janji_jawab or janji_selesai or 2
            hari_jawab = (
                kal.maju(p.hari_terima, batas + acak.randint(1, 4))
                if telat
                else kal.maju(p.hari_terima, acak.randint(0 if batas == 1 else 1, batas))
            )
            jam.t = _pada(meja, hari_jawab, acak.randint(8, 15), acak.randint(0, 59))
            if acak.random() < 0.04 and p.tenggat is not None:
                jam.t = _pada(meja, p.hari_terima, 15, 0)
                pm.perpanjang(meja, p.kode, hari=3, alasan="Menunggu jadwal tim")
                jam.t = _pada(meja, hari_jawab, acak.randint(8, 15), acak.randint(0, 59))
            tolak = acak.random() < 0.08
            pm.disposisi(meja, p.kode, "Kasubbag Umum", unit="Subbag Umum")
            if tolak:
                pm.putuskan(meja, p.kode, "tolak", alasan="Jadwal tim penuh pada tanggal itu")
                hari_tutup = hari_jawab
            else:
                pm.putuskan(meja, p.kode, "setuju")
                if janji_selesai and janji_jawab:
                    sisa = max(janji_selesai - batas, 0)
                    hari_tutup = kal.maju(
                        hari_jawab,
                        acak.randint(0, max(sisa, 1))
                        + (acak.randint(1, 5) if acak.random() < 0.1 else 0),
                    )
                else:
                    hari_tutup = hari_jawab
            jam.t = _pada(meja, hari_tutup, 15, acak.randint(0, 59))
            pm.tutup(meja, p.kode)
            terlambat = telat or hari_tutup > (p.tenggat_selesai or hari_tutup)
            if acak.random() < 0.72:
                token = survei.undang(meja, p.kode)
                dasar = 3.45 - (0.9 if terlambat else 0.0) - (0.6 if tolak else 0.0)
                dasar += acak.gauss(0, 0.25)
                profil = {}
                if acak.random() < 0.8:
                    profil = {
                        k: acak.choice(v[:-1] if k == "usia" else v)
                        for k, v in survei.PROFIL.items()
                    }
                survei.jawab(
                    meja,
                    token,
                    survei.JawabanSurvei(
                        nilai={u.kode: _skor(acak, dasar, j) for j, u in enumerate(survei.UNSUR)},
                        saran=acak.choice(_SARAN) if acak.random() < 0.3 else None,
                        profil=profil,
                    ),
                )
                jumlah_jawaban += 1
            if kemajuan:
                kemajuan(i + 1)
        n_aduan = 0
        for hari in sorted(acak.choice(hari_kerja) for _ in range(pengaduan)):
            jam.t = _pada(meja, hari, acak.randint(8, 15), acak.randint(0, 59))
            anonim = acak.random() < 0.4
            a = pg.terima(
                meja,
                pg.PengaduanBaru(
                    isi=acak.choice(_ADUAN),
                    kanal=acak.choice(tuple(KANAL)),
                    nama=None if anonim else "Pelapor",
                    telepon=None if anonim else f"0813{acak.randint(10_000_000, 99_999_999)}",
                    layanan=acak.choice(pilihan) if acak.random() < 0.7 else None,
                    lapor=f"LAPOR-{tahun}{acak.randint(10000, 99999)}"
                    if acak.random() < 0.2
                    else None,
                ),
            )
            janji = meja.konfigurasi.ult.hari_kerja_pengaduan
            lama = acak.randint(janji + 1, janji + 6) if acak.random() < 0.15 else (
                acak.randint(1, janji))  # fmt: skip
            jam.t = _pada(meja, kal.maju(a.hari_terima, lama), 14, 0)
            pg.jawab(meja, a.kode, "Sudah ditindaklanjuti dan dijelaskan kepada pelapor.")
            jam.t += timedelta(hours=1)
            pg.tutup(meja, a.kode)
            n_aduan += 1
    finally:
        meja.jam = jam_asli
    return HasilSimulasi(diterima, n_aduan, jumlah_jawaban)
