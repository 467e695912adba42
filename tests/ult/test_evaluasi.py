"""On time, from the desk's records, in the office's working days: counted by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

from naskah.models.laporan_evaluasi import LaporanEvaluasi
from naskah.periksa import periksa_dokumen
from naskah.ult import evaluasi as ev
from naskah.ult import pengaduan as pg
from naskah.ult import permohonan as pm
from naskah.ult import survei
from naskah.ult.laporan import OpsiLaporan, data_laporan
from naskah.ult.meja import Meja


def _pada(jam, hari: int, pukul: int = 10) -> None:
    """Set the clock to ``hari`` June 2025, ``pukul`` o'clock WITA (UTC+8)."""
    jam.t = datetime(2025, 6, hari, pukul - 8, 0, tzinfo=UTC)


def _terima(meja: Meja, layanan: str = "kerjasama") -> pm.Permohonan:
    return pm.terima(meja, pm.PermohonanBaru(
        layanan=layanan, instansi="SMP Negeri 4 Balikpapan", telepon="081234567890",
        semua_syarat=True, kegiatan_mulai=date(2025, 8, 1)))  # fmt: skip


def test_tepat_waktu_dihitung_dalam_hari_kerja(meja: Meja, jam):
    # Monday 2 June 2025; 6 June is Idul Adha, 9 June cuti bersama: kerjasama answers within
    # 3 working days (5 June) and completes within 5 (11 June)
    _pada(jam, 2)
    a = _terima(meja)  # answered 4 June (2 WD), closed 12 June (6 WD): completed late
    b = _terima(meja, "fasilitas")  # answered 3 June (1 WD), within 2
    c = _terima(meja)  # refused 10 June: answer 4 WD after receipt, late
    d = _terima(meja)  # still open on 4 June: nothing judged yet
    assert a.tenggat_jawab == date(2025, 6, 5) and a.tenggat_selesai == date(2025, 6, 11)
    _pada(jam, 3)
    pm.putuskan(meja, b.kode, "setuju")
    pm.tutup(meja, b.kode)
    _pada(jam, 4)
    pm.putuskan(meja, a.kode, "setuju")
    e = ev.evaluasi(meja, 2025)
    (kd,) = [k for k in e.kasus if k.kode == d.kode_tampil]
    assert (kd.tepat_jawab, kd.tepat_selesai, kd.tepat) == (None, None, None)
    _pada(jam, 10)
    pm.putuskan(meja, c.kode, "tolak", alasan="Di luar program")
    _pada(jam, 12, 15)
    pm.tutup(meja, a.kode)
    e = ev.evaluasi(meja, 2025)
    k = {x.kode: x for x in e.kasus}
    ka, kb, kc, kd = (k[p.kode_tampil] for p in (a, b, c, d))
    assert (ka.janji_jawab, ka.janji_selesai) == (3, 5)
    assert (ka.durasi_jawab, ka.durasi_selesai) == (2, 6)  # never calendar days (10)
    assert (ka.tepat_jawab, ka.tepat_selesai, ka.tepat) == (True, False, False)
    assert (kb.durasi_jawab, kb.tepat_jawab, kb.tepat) == (1, True, True)
    assert kb.janji_selesai is None  # a facility promises only its answer
    assert (kc.durasi_jawab, kc.tepat_jawab, kc.tepat) == (4, False, False)
    # d: its answer deadline (5 June) passed on 12 June without an answer
    assert (kd.tepat_jawab, kd.tepat) == (False, False)
    assert (e.jawab.tepat, e.jawab.terlambat) == (2, 2)
    assert (e.semua.tepat, e.semua.dinilai) == (1, 4)
    assert e.semua.persen == Fraction(25)
    assert e.bulanan[5].dinilai == 4 and e.bulanan[0].dinilai == 0
    # durations to each end: a 6 (closing), b 1, c 4 (its refusal); d none
    assert e.durasi.jumlah == 3 and e.durasi.median == 4 and e.durasi.p90 == 6
    assert [x.kode for x in e.terlama(2)] == [a.kode_tampil, c.kode_tampil]
    kerja = next(x for x in e.layanan if x.layanan == "kerjasama")
    assert (kerja.diterima, kerja.jawab.tepat, kerja.jawab.dinilai) == (3, 1, 3)
    # completion: a closed late, d past its deadline unfinished; c refused (its answer ends it)
    assert (kerja.selesai.tepat, kerja.selesai.terlambat, kerja.selesai.berjalan) == (0, 2, 0)


def test_pengaduan_lima_hari_kerja(meja: Meja, jam):
    _pada(jam, 2)
    x = pg.terima(meja, pg.PengaduanBaru(isi="Belum ada balasan", kanal="telepon"))
    y = pg.terima(meja, pg.PengaduanBaru(isi="Aula panas", kanal="surat", lapor="LAPOR-123"))
    z = pg.terima(meja, pg.PengaduanBaru(isi="Antrean lama", kanal="surat"))
    assert x.tenggat_awal == date(2025, 6, 11)  # 3, 4, 5, 10, 11 June
    _pada(jam, 3)
    pg.jawab(meja, y.kode, "Sudah diperbaiki")
    _pada(jam, 12)
    pg.jawab(meja, x.kode, "Sudah dibalas")
    e = ev.evaluasi(meja, 2025)
    a = e.pengaduan
    assert (a.jumlah, a.selesai.tepat, a.selesai.terlambat, a.selesai.berjalan) == (3, 1, 2, 0)
    assert a.durasi.median == Fraction(7, 2) and a.durasi.terlama == 6
    assert a.per_kanal == {"Surat": 2, "Telepon/SMS/WhatsApp": 1} and a.lapor == 1
    assert z.kode  # unanswered and past its deadline on 12 June: late


def test_ringkasan_publik_dan_data_laporan(meja: Meja, jam):
    assert ev.ringkasan_publik(meja, 2025) == (None, None, None)
    _pada(jam, 2)
    p = _terima(meja, "fasilitas")
    pm.putuskan(meja, p.kode, "setuju")
    pm.tutup(meja, p.kode)
    for nilai in ([4] * 9, [3] * 8 + [2]):
        token = survei.undang(meja, p.kode)
        survei.jawab(meja, token, survei.JawabanSurvei(
            nilai={f"U{i}": v for i, v in enumerate(nilai, 1)}))  # fmt: skip
        p = _terima(meja, "fasilitas")
        pm.putuskan(meja, p.kode, "setuju")
        pm.tutup(meja, p.kode)
    # Σ NRR = 4 × 9 / 2 + (3 × 8 + 2) / 2 = 18 + 13 = 31; IKM = 31 / 9 × 25 = 86.11
    assert survei.ringkasan_publik(meja, 2025) == (86.11, "B (Baik)", 100.0)


def test_laporan_dari_meja_konsisten_dan_diperiksa(meja: Meja, jam):
    _pada(jam, 2)
    p = _terima(meja, "fasilitas")
    pm.putuskan(meja, p.kode, "setuju")
    pm.tutup(meja, p.kode)
    token = survei.undang(meja, p.kode)
    survei.jawab(meja, token, survei.JawabanSurvei(nilai={f"U{i}": 3 for i in range(1, 10)}))
    opsi = OpsiLaporan(tahun=2025, tanggal=date(2026, 1, 12), penandatangan="kepala")
    data = data_laporan(meja, opsi)
    assert data["penandatangan"] == "kepala"  # a name of naskah.toml's [pejabat.*]
    data["penandatangan"] = {"nama": "Kepala Contoh", "jabatan": "Kepala"}
    data["instansi"] = {"kementerian": "KEMENTERIAN", "unit": "BALAI", "alamat": "Jalan 1",
                        "kota": "Samarinda"}  # fmt: skip
    dok = LaporanEvaluasi.model_validate(data)
    assert dok.survei.ikm == Fraction(75) and dok.prioritas is not None
    assert dok.survei.populasi == dok.diterima == 1 and dok.persen_tepat == Fraction(100)
    kode = {t.kode for t in periksa_dokumen(dok, hari_ini=date(2026, 1, 12))}
    assert "laporan-rtl-kosong" in kode and not kode & {"laporan-populasi", "laporan-bulanan"}
    rusak = dok.model_copy(update={"survei": dok.survei.model_copy(update={"populasi": 5})})
    assert "laporan-populasi" in {t.kode for t in periksa_dokumen(rusak)}


def test_laporan_tanpa_responden_tetap_dirender(tmp_path):
    from naskah.render import render_docx
    from naskah.render.templat import contoh_dokumen, semua_teks_docx

    dok = contoh_dokumen("laporan_evaluasi")
    assert isinstance(dok, LaporanEvaluasi)
    kosong = dok.model_copy(update={"survei": dok.survei.model_copy(update={
        "responden": 0, "daring": 0, "kertas": 0,
        "unsur": [u.model_copy(update={"jumlah": 0}) for u in dok.survei.unsur]})})  # fmt: skip
    assert kosong.survei.ikm is None and kosong.prioritas is None
    teks = " ".join(semua_teks_docx(render_docx(kosong, tmp_path / "l.docx")))
    assert "Belum ada jawaban survei kepuasan masyarakat" in teks
    assert "IKM = " not in teks and "Rencana tindak lanjut" not in teks
