"""The template context of the evaluation report (``laporan_evaluasi``): owns its printed words.

Every figure printed is derived from the model's counts (:mod:`naskah.models.laporan_evaluasi`)
with the index arithmetic of :mod:`naskah.ult.ikm` (the exact 1/9 weight, rounded once, half up)
and printed with a decimal comma. The summary paragraphs are written here from the same figures,
so the sentence and the table can never disagree. The two charts are drawn by
:mod:`naskah.render.grafik` and placed through the template's :class:`~naskah.render.konteks.Bahan`.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from naskah.config import Konfigurasi
from naskah.models import Instansi
from naskah.models.laporan_evaluasi import LaporanEvaluasi
from naskah.render.konteks import (
    FONT_ARIAL,
    Bahan,
    _bernomor,
    _ttd,
    _umum,
    baris_jabatan_ttd,
    baris_judul,
    rekat,
    teks,
)
from naskah.ult import ikm as _ikm

__all__ = ["BULAN", "angka", "konteks_laporan_evaluasi", "persen"]

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
         "Oktober", "November", "Desember")  # fmt: skip
BULAN_SINGKAT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov",
                 "Des")  # fmt: skip
LEBAR_JUDUL_LAPORAN = 420.0
LEBAR_TTD_LAPORAN = 232.0


def angka(x: Decimal | Fraction | int | None, tempat: int = 2) -> str:
    """Return a number as printed: decimal comma, thousands with dots; a dash for None."""
    if x is None:
        return "–"
    if isinstance(x, int):
        return f"{x:,}".replace(",", ".")
    d = _ikm.bulat(x, tempat)
    bulat, _, pecahan = f"{d:f}".partition(".")
    ribuan = f"{int(bulat):,}".replace(",", ".")
    return f"{ribuan},{pecahan}" if pecahan else ribuan


def _desimal(x: Decimal) -> str:
    """A bound of the regulation's table exactly as it prints it (``2,5996``, ``4,00``)."""
    return str(x).replace(".", ",")


def persen(a: int, b: int, tempat: int = 1) -> str:
    """Return ``a`` of ``b`` as a percentage (``92,3%``), a dash when ``b`` is 0."""
    return f"{angka(Fraction(100 * a, b), tempat)}%" if b else "–"


def _hari(x: Decimal | int | None) -> str:
    if x is None:
        return "–"
    if isinstance(x, int):
        return str(x)
    return angka(x, 1).removesuffix(",0")


def _janji(jawab: int | None, selesai: int | None) -> str:
    """The promised working days as ``jawab / selesai`` (``3 / 5``, ``– / 2``)."""
    return f"{jawab or '–'} / {selesai or '–'}"


def _ringkasan(d: LaporanEvaluasi) -> list[str]:
    s = d.survei
    out = []
    nilai = s.ikm
    if nilai is not None:
        m = _ikm.mutu_ikm(nilai)
        p = d.prioritas
        assert p is not None
        out.append(
            f"Survei kepuasan masyarakat tahun {d.tahun} diikuti {angka(s.responden)} responden "
            f"dan menghasilkan Indeks Kepuasan Masyarakat (IKM) {angka(nilai)} dengan mutu "
            f"pelayanan {m.huruf} ({m.kinerja}). Unsur dengan nilai terendah adalah {p.kode} "
            f"{p.nama} (NRR {angka(Fraction(p.jumlah, s.responden), 2)}), yang menjadi prioritas "
            "perbaikan."
        )
        if s.cukup:
            out.append(
                f"Jumlah responden memenuhi sampel minimal {angka(s.sampel)} untuk "
                f"{angka(s.populasi)} permohonan yang dilayani (tabel Krejcie dan Morgan)."
            )
        else:
            out.append(
                f"Jumlah responden belum memenuhi sampel minimal {angka(s.sampel)} untuk "
                f"{angka(s.populasi)} permohonan yang dilayani (tabel Krejcie dan Morgan); hasil "
                "survei perlu dibaca dengan hati-hati."
            )
    else:
        out.append(f"Belum ada jawaban survei kepuasan masyarakat untuk tahun {d.tahun}.")
    out.append(
        f"Dari {angka(d.diterima)} permohonan yang diterima, {angka(d.tepat)} dari "
        f"{angka(d.dinilai)} yang dapat dinilai ({persen(d.tepat, d.dinilai)}) diselesaikan dalam "
        f"jangka waktu standar pelayanan; median lama penyelesaian {_hari(d.median_hari)} hari "
        f"kerja dan persentil ke-90 {_hari(d.p90_hari)} hari kerja."
    )
    a = d.pengaduan
    out.append(
        f"Pengaduan yang diterima berjumlah {angka(a.jumlah)}; {angka(a.tepat)} di antaranya "
        f"({persen(a.tepat, a.tepat + a.terlambat)}) ditangani dalam {a.janji} hari kerja."
    )
    return out


def konteks_laporan_evaluasi(
    dokumen: LaporanEvaluasi, konfigurasi: Konfigurasi, bahan: Bahan, *, catatan_tte: bool = False
) -> dict[str, Any]:
    """Return the context of an evaluation report template."""
    from naskah.render.grafik import grafik_bulanan, grafik_nrr
    from naskah.ult.survei import UNSUR

    d = dokumen
    umum = _umum(d, konfigurasi, bahan, catatan_tte)
    instansi: Instansi = umum.pop("_instansi")
    kota = d.ditetapkan_di or instansi.kota
    s = d.survei
    hasil = s.ikm
    nrr = s.nrr
    prioritas = d.prioritas
    unsur = []
    for i, u in enumerate(s.unsur):
        baris: dict[str, Any] = {
            "no": i + 1, "kode": u.kode, "nama": teks(u.nama), "jumlah": angka(u.jumlah),
            "nrr": "–", "tertimbang": "–", "mutu": "–", "kinerja": "–",
            "prioritas": prioritas is not None and u.kode == prioritas.kode,
        }  # fmt: skip
        if nrr:
            m = _ikm.mutu_nrr(nrr[i])
            baris.update(nrr=angka(nrr[i], 2), tertimbang=angka(nrr[i] * _ikm.BOBOT, 3),
                         mutu=m.huruf, kinerja=m.kinerja)  # fmt: skip
        unsur.append(baris)
    mutu = _ikm.mutu_ikm(hasil) if hasil is not None else None
    ikm = {
        "ada": hasil is not None,
        "nilai": angka(hasil) if hasil is not None else "–",
        "mutu": mutu.huruf if mutu else "–",
        "kinerja": mutu.kinerja if mutu else "–",
        "jumlah_nrr": angka(sum(nrr, Fraction(0)), 2) if nrr else "–",
        "jumlah_tertimbang": angka(sum(nrr, Fraction(0)) * _ikm.BOBOT, 3) if nrr else "–",
        "responden": angka(s.responden),
        "daring": angka(s.daring),
        "kertas": angka(s.kertas),
        "sampel": angka(s.sampel),
        "populasi": angka(s.populasi),
        "cukup": "memenuhi" if s.cukup else "belum memenuhi",
    }
    grafik = {"nrr": "", "bulanan": ""}
    if nrr:
        grafik["nrr"] = bahan.gambar(
            grafik_nrr([(f"{u.kode} {u.nama}", float(n)) for u, n in zip(s.unsur, nrr,
                        strict=True)], prioritas=s.unsur.index(prioritas) if prioritas else None),
            160.0,
        )  # fmt: skip
    per_bulan = {b.bulan: b for b in d.bulanan}
    grafik["bulanan"] = bahan.gambar(
        grafik_bulanan([
            (BULAN_SINGKAT[i - 1],
             float(Fraction(100 * per_bulan[i].tepat, per_bulan[i].dinilai))
             if i in per_bulan and per_bulan[i].dinilai else None)
            for i in range(1, 13)
        ]),
        160.0,
    )  # fmt: skip
    layanan = [
        {
            "no": i, "nama": teks(x.nama), "janji": _janji(x.janji_jawab, x.janji_selesai),
            "diterima": angka(x.diterima),
            "jawab": f"{x.jawab_tepat}/{x.jawab_dinilai}" if x.jawab_dinilai else "–",
            "selesai": f"{x.selesai_tepat}/{x.selesai_dinilai}" if x.selesai_dinilai else "–",
            "persen": persen(x.tepat, x.dinilai),
            "median": _hari(x.median_hari), "p90": _hari(x.p90_hari),
            "ikm": angka(x.ikm) if x.ikm is not None else "–",
            "mutu": _ikm.mutu_ikm(x.ikm).huruf if x.ikm is not None else "–",
            "responden": angka(x.responden),
        }
        for i, x in enumerate(d.layanan, 1)
    ]  # fmt: skip
    bulanan = [
        {"bulan": BULAN[b.bulan - 1], "diterima": angka(b.diterima), "dinilai": angka(b.dinilai),
         "tepat": angka(b.tepat), "persen": persen(b.tepat, b.dinilai)}
        for b in sorted(d.bulanan, key=lambda b: b.bulan)
    ]  # fmt: skip
    a = d.pengaduan
    pengaduan = {
        "jumlah": angka(a.jumlah), "janji": a.janji, "tepat": angka(a.tepat),
        "terlambat": angka(a.terlambat), "berjalan": angka(a.berjalan),
        "persen": persen(a.tepat, a.tepat + a.terlambat), "median": _hari(a.median_hari),
        "p90": _hari(a.p90_hari), "lapor": angka(a.lapor),
        "kanal": [{"no": i, "nama": teks(k), "jumlah": angka(v)}
                  for i, (k, v) in enumerate(a.per_kanal.items(), 1)],
        "layanan": [{"no": i, "nama": teks(k), "jumlah": angka(v)}
                    for i, (k, v) in enumerate(a.per_layanan.items(), 1)],
    }  # fmt: skip
    terlama = [
        {"no": i, "kode": teks(k.kode), "layanan": teks(k.layanan),
         "diterima": rekat(k.diterima.strftime("%d/%m/%Y")), "durasi": str(k.durasi),
         "janji": str(k.janji) if k.janji else "–", "keterangan": teks(k.keterangan) or "–"}
        for i, k in enumerate(d.terlama, 1)
    ]  # fmt: skip
    prio: dict[str, Any] = {"ada": False, "kode": "", "nama": "", "nrr": "", "pertanyaan": "",
                            "teks": ""}  # fmt: skip
    if prioritas is not None and nrr:
        soal = next(x for x in UNSUR if x.kode == prioritas.kode)
        n = Fraction(prioritas.jumlah, s.responden)
        m = _ikm.mutu_nrr(n)
        prio = {
            "ada": True, "kode": prioritas.kode, "nama": teks(prioritas.nama),
            "nrr": angka(n, 2), "pertanyaan": teks(soal.pertanyaan),
            "teks": (f"Unsur {prioritas.kode} {prioritas.nama} memperoleh NRR terendah, "
                     f"{angka(n, 2)} (mutu {m.huruf}, {m.kinerja}), sehingga ditetapkan sebagai "
                     "prioritas perbaikan pelayanan tahun berikutnya."),
        }  # fmt: skip
    rtl = [
        {"no": i, "unsur": teks(r.unsur or "–"), "masalah": teks(r.masalah),
         "kegiatan": teks(r.kegiatan), "waktu": teks(r.waktu),
         "pj": teks(r.penanggung_jawab)}
        for i, r in enumerate(d.rencana_tindak_lanjut, 1)
    ]  # fmt: skip
    pejabat = d.penandatangan
    judul = "LAPORAN EVALUASI PENERAPAN STANDAR PELAYANAN"
    return {
        **umum,
        "judul": baris_judul(judul, LEBAR_JUDUL_LAPORAN, ukuran=12, tebal=True, font=FONT_ARIAL),
        "subjudul": [teks(d.unit_layanan).upper(), f"TAHUN {d.tahun}"],
        "per_hari": rekat(f"{d.per_hari.day} {BULAN[d.per_hari.month - 1]} {d.per_hari.year}"),
        "ringkasan": [rekat(teks(x)) for x in _ringkasan(d)],
        "dasar": _bernomor(d.dasar),
        "ikm": ikm,
        "unsur": unsur,
        "tabel_mutu": [
            {
                "persepsi": m.persepsi,
                "nrr": f"{_desimal(m.nrr_bawah)} – {_desimal(m.nrr_atas)}",
                "ikm": f"{angka(m.bawah)} – {angka(m.atas)}",
                "mutu": m.huruf,
                "kinerja": m.kinerja,
            }
            for m in _ikm.TABEL_NRR
        ],  # fmt: skip
        "grafik": grafik,
        "layanan": layanan,
        "tepat": {
            "jumlah": angka(d.tepat),
            "dinilai": angka(d.dinilai),
            "persen": persen(d.tepat, d.dinilai),
            "diterima": angka(d.diterima),
            "median": _hari(d.median_hari),
            "p90": _hari(d.p90_hari),
        },  # fmt: skip
        "bulanan": bulanan,
        "terlama": terlama,
        "pengaduan": pengaduan,
        "prioritas": prio,
        "saran": [rekat(teks(x)) for x in d.saran],
        "catatan": [rekat(teks(x)) for x in d.catatan],
        "rtl": rtl,
        "ttd": _ttd(
            pejabat,
            kota,
            d.tanggal,
            baris_jabatan_ttd(pejabat, "Kepala", d.mewakili),
            lebar=LEBAR_TTD_LAPORAN,
            ukuran=11,
            font=FONT_ARIAL,
        ),  # fmt: skip
        "tembusan": _bernomor(d.tembusan),
    }
