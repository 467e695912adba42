"""naskah.jam: one clock, aware UTC, stored naive UTC, shown in the office's zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from naskah import jam
from naskah.config import TTE, Konfigurasi
from naskah.register import buka_register


def test_sistem_sadar_zona_utc() -> None:
    w = jam.sistem()
    assert w.tzinfo is UTC


def test_simpan_dan_baca_kembali() -> None:
    wita = datetime(2026, 12, 7, 15, 4, 5, tzinfo=timezone(timedelta(hours=8)))
    assert jam.ke_tersimpan(wita) == datetime(2026, 12, 7, 7, 4, 5)
    assert jam.dari_tersimpan(datetime(2026, 12, 7, 7, 4, 5)) == wita
    assert jam.dari_tersimpan(None) is None


def test_tampil_di_zona_kantor() -> None:
    w = datetime(2026, 12, 7, 16, 30, tzinfo=UTC)
    assert jam.tampil(w, ZoneInfo("Asia/Makassar")) == "2026-12-08 00:30:00 WITA"
    assert jam.tampil(w, ZoneInfo("Asia/Jayapura")) == "2026-12-08 01:30:00 WIT"
    assert jam.tampil(w, ZoneInfo("Asia/Jakarta")) == "2026-12-07 23:30:00 WIB"
    assert jam.tanggal_di(w, ZoneInfo("Asia/Jakarta")).isoformat() == "2026-12-07"
    assert jam.tampil(None, UTC) == "-"


def test_register_memakai_jam_yang_disuntikkan(kantor: Konfigurasi) -> None:
    k = kantor.model_copy(update={"tte": TTE(zona_waktu="WIT")})
    tetap = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)  # 1 January 2027 01:00 WIT
    reg = buka_register(k)
    reg.jam = reg._jam = lambda: tetap
    with reg:
        n = reg.ambil("naskah", tanggal="2026-12-31", perihal="Uji jam", klasifikasi="HK.03.01")
        assert n.dicatat == tetap
        (j,) = reg.riwayat(n.teks)
    assert j.waktu == tetap
    assert j.ke_dict(k.zona)["waktu"] == "2027-01-01T01:00:00+09:00"
    # `nomor mulai` without a date takes the year of "today" in the office's zone
    reg2 = buka_register(k)
    reg2.jam = reg2._jam = lambda: tetap
    with reg2:
        p = reg2.mulai("naskah", 5)
    assert p.tahun == 2027


def test_hari_ini_menurut_jam_dan_zona() -> None:
    w = datetime(2026, 12, 7, 16, 30, tzinfo=UTC)
    assert jam.hari_ini(ZoneInfo("Asia/Makassar"), lambda: w).isoformat() == "2026-12-08"
    assert jam.hari_ini(ZoneInfo("Asia/Jakarta"), lambda: w).isoformat() == "2026-12-07"


def test_hari_ini_bawaan_seperti_date_today(monkeypatch) -> None:
    import time
    from datetime import date

    monkeypatch.setenv("TZ", "Asia/Jayapura")
    time.tzset()
    try:
        assert jam.zona_komputer().utcoffset(None) == timedelta(hours=9)
        w = datetime(2026, 12, 7, 16, 30, tzinfo=UTC)
        monkeypatch.setattr(jam, "sistem", lambda: w)
        assert jam.hari_ini().isoformat() == "2026-12-08"  # the computer's zone, as date.today()
        monkeypatch.undo()
        assert jam.hari_ini() == date.today()
    finally:
        time.tzset()
