"""Complaints, facility bookings, what is due, and the export, through the library."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from naskah.errors import UltError
from naskah.ult import fasilitas as fs
from naskah.ult import pengaduan as pg
from naskah.ult import permohonan as pm
from naskah.ult.ekspor import ekspor, netralkan
from naskah.ult.jatuh_tempo import jatuh_tempo
from naskah.ult.meja import Meja

WITA = ZoneInfo("Asia/Makassar")


def test_pengaduan_anonim_lima_hari_kerja_dan_lapor(meja: Meja, jam):
    a = pg.terima(meja, pg.PengaduanBaru(isi="Petugas tidak ramah", kanal="media_sosial",
                                         lapor="LPR-2025-000123"))  # fmt: skip
    assert a.anonim and a.nama is None
    # Monday 2 June + 5 working days: 3, 4, 5, (6 Idul Adha, 9 cuti bersama) 10, 11
    assert a.tenggat == date(2025, 6, 11) and a.lapor == "LPR-2025-000123"
    with pytest.raises(UltError, match="berkeadaan diterima"):
        pg.tutup(meja, a.kode)
    a = pg.catat_tindak(meja, a.kode, "Dikonfirmasi ke koordinator ULT", petugas="Koordinator ULT")
    assert a.keadaan == "ditangani" and a.petugas == "Koordinator ULT"
    a = pg.jawab(meja, a.kode, "Petugas telah dibina; terima kasih atas masukannya.")
    assert a.keadaan == "dijawab" and a.tenggat is None
    assert pg.tutup(meja, a.kode).keadaan == "selesai"
    with pytest.raises(UltError, match="Saluran"):
        pg.terima(meja, pg.PengaduanBaru(isi="x", kanal="burung"))
    with pytest.raises(UltError, match="tidak ada"):
        pg.terima(meja, pg.PengaduanBaru(isi="x", permohonan="AAAAA-AAAAA"))


def test_pemesanan_bentrok_kapasitas_dan_tarif(meja: Meja):
    a = datetime(2025, 6, 10, 8, 0, tzinfo=WITA)
    b = datetime(2025, 6, 11, 16, 0, tzinfo=WITA)
    p = fs.pesan(meja, "aula", a, b, peserta=120)
    assert (p.jumlah, p.tarif) == (2, 3_000_000)
    with pytest.raises(UltError, match="sudah dipesan 2025-06-10 08:00"):
        fs.pesan(meja, "aula", datetime(2025, 6, 11, 13, 0, tzinfo=WITA),
                 datetime(2025, 6, 11, 17, 0, tzinfo=WITA), satuan="setengah_hari")  # fmt: skip
    with pytest.raises(UltError, match="berkapasitas 150"):
        fs.pesan(meja, "aula", datetime(2025, 6, 20, 8, tzinfo=WITA),
                 datetime(2025, 6, 20, 12, tzinfo=WITA), peserta=151)  # fmt: skip
    with pytest.raises(UltError, match="tidak memiliki tarif per malam"):
        fs.pesan(meja, "aula", datetime(2025, 6, 20, 8, tzinfo=WITA),
                 datetime(2025, 6, 21, 12, tzinfo=WITA), satuan="malam")  # fmt: skip
    with pytest.raises(UltError, match="sudah lewat"):
        fs.pesan(meja, "wisma", datetime(2025, 5, 1, 14, tzinfo=WITA),
                 datetime(2025, 5, 2, 12, tzinfo=WITA), satuan="malam")  # fmt: skip
    w = fs.pesan(meja, "wisma", datetime(2025, 6, 10, 14, tzinfo=WITA),
                 datetime(2025, 6, 13, 12, tzinfo=WITA), satuan="malam")  # fmt: skip
    assert (w.jumlah, w.tarif) == (3, 750_000)
    fs.batal(meja, p.id)
    ulang = fs.pesan(meja, "aula", datetime(2025, 6, 11, 13, 0, tzinfo=WITA),
                     datetime(2025, 6, 11, 17, 0, tzinfo=WITA), satuan="setengah_hari")  # fmt: skip
    assert ulang.tarif == 800_000
    assert fs.masuk(meja, ulang.id).keadaan == "masuk"
    assert fs.keluar(meja, ulang.id).keadaan == "keluar"
    with pytest.raises(UltError, match="berkeadaan keluar"):
        fs.batal(meja, ulang.id)


def test_jatuh_tempo_per_petugas_urut_tenggat(meja: Meja, jam):
    def baru(instansi: str) -> pm.Permohonan:
        return pm.terima(
            meja,
            pm.PermohonanBaru(
                layanan="kerjasama", instansi=instansi, telepon="081122334455", semua_syarat=True
            ),
        )

    a = baru("Disdik Bontang")  # answer due Thursday 5 June
    jam.t = datetime(2025, 6, 3, 2, tzinfo=UTC)
    b = baru("Disdik Balikpapan")  # answer due Tuesday 10 June
    pm.disposisi(meja, b.kode, "Ketua Pokja", unit="Pokja Kemitraan")
    adu = pg.terima(meja, pg.PengaduanBaru(isi="Belum dijawab"))  # due 12 June
    jam.t = datetime(2025, 6, 5, 2, tzinfo=UTC)  # Thursday 5 June; next working day 10 June
    daftar = jatuh_tempo(meja)
    assert [(t.kode, t.status) for t in daftar] == [
        (a.kode_tampil, "hari_ini"), (b.kode_tampil, "besok")
    ]  # fmt: skip
    assert [t.kode for t in jatuh_tempo(meja, unit="Pokja Kemitraan")] == [b.kode_tampil]
    jam.t = datetime(2025, 6, 12, 2, tzinfo=UTC)  # Thursday 12 June
    daftar = jatuh_tempo(meja)
    # a: due 5 June, overdue 10, 11, 12; b: due 10 June, overdue 11, 12; complaint due today
    assert [(t.jenis, t.status, t.terlambat) for t in daftar] == [
        ("permohonan", "lewat", 3), ("permohonan", "lewat", 2), ("pengaduan", "hari_ini", 0)
    ]  # fmt: skip
    assert daftar[0].tenggat <= daftar[1].tenggat <= daftar[2].tenggat
    assert daftar[-1].kode.replace("-", "") == adu.kode
    pm.putuskan(meja, a.kode, "tolak", alasan="Di luar program")
    assert a.kode_tampil not in [t.kode for t in jatuh_tempo(meja)]


def test_ekspor_xlsx_menetralkan_rumus_tanpa_data_pribadi(meja: Meja, tmp_path: Path):
    from openpyxl import load_workbook

    pm.terima(meja, pm.PermohonanBaru(layanan="kerjasama", instansi="=HYPERLINK(\"x\")",
                                      telepon="081122334455", email="rahasia@example.go.id",
                                      semua_syarat=True))  # fmt: skip
    pg.terima(meja, pg.PengaduanBaru(isi="@SUM(A1)", nama="Warga", telepon="081199887766"))
    tujuan = tmp_path / "ult.xlsx"
    assert ekspor(meja, tujuan) == (1, 1)
    wb = load_workbook(tujuan)
    sel = [c.value for row in wb["Permohonan"].iter_rows() for c in row]
    sel += [c.value for row in wb["Pengaduan"].iter_rows() for c in row]
    assert '\'=HYPERLINK("x")' in sel and "'@SUM(A1)" in sel
    teks = " ".join(str(v) for v in sel)
    assert "rahasia@" not in teks and "0811" not in teks and "Warga" not in teks
    assert netralkan("-1") == "'-1" and netralkan("+62") == "'+62" and netralkan(5) == 5


def test_rincian_tarif_untuk_surat_balasan(meja: Meja):
    p = pm.terima(meja, pm.PermohonanBaru(layanan="fasilitas", instansi="MGMP Matematika",
                                          email="mgmp@example.org", semua_syarat=True))  # fmt: skip
    a = fs.pesan(meja, "aula", datetime(2025, 6, 10, 8, tzinfo=WITA),
                 datetime(2025, 6, 11, 16, tzinfo=WITA), permohonan=p.kode)  # fmt: skip
    fs.pesan(meja, "wisma", datetime(2025, 6, 10, 14, tzinfo=WITA),
             datetime(2025, 6, 11, 12, tzinfo=WITA), satuan="malam", permohonan=p.kode)  # fmt: skip
    batal = fs.pesan(meja, "aula", datetime(2025, 6, 20, 8, tzinfo=WITA),
                     datetime(2025, 6, 20, 12, tzinfo=WITA), permohonan=p.kode)  # fmt: skip
    fs.batal(meja, batal.id)
    r = fs.rincian_tarif(meja, p.kode)
    assert [b["fasilitas"] for b in r.baris] == ["Aula Utama", "Wisma Tamu"]
    assert r.jumlah == a.tarif + 250_000 == 3_250_000
    assert r.dasar.startswith("Tarif PNBP")
