"""Working days against the 2024–2026 national calendars (holidays and cuti bersama)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naskah.errors import UltError
from naskah.ult.kalender import JamLayanan, KalenderKerja, libur_nasional

WITA = ZoneInfo("Asia/Makassar")
WIB = ZoneInfo("Asia/Jakarta")
WIT = ZoneInfo("Asia/Jayapura")
KALTIM = KalenderKerja(zona=WITA)


def _pukul(hari: date, jam: int, menit: int = 0, zona=WITA) -> datetime:
    return datetime.combine(hari, time(jam, menit), tzinfo=zona)


def test_contoh_isu_27_maret_2025_tiga_hari_kerja_jatuh_10_april():
    # Thursday; 28 March cuti bersama Nyepi, 31 March – 7 April Idul Fitri and cuti bersama
    assert KALTIM.tenggat(_pukul(date(2025, 3, 27), 10), 3) == date(2025, 4, 10)


def test_cuti_bersama_dihitung_hari_kerja_bila_kantor_memilihnya():
    buka = KalenderKerja(zona=WITA, cuti_bersama_libur=False)
    # 28 March, 2, 3 April are cuti bersama: working days for such an office
    assert buka.tenggat(_pukul(date(2025, 3, 27), 10), 3) == date(2025, 4, 3)


@pytest.mark.parametrize(
    ("tahun", "libur", "cuti"),
    [
        # the SKB 3 Menteri of each year, as the holidays package carries them
        (2024, [date(2024, 4, 10), date(2024, 4, 11), date(2024, 12, 25)],
         [date(2024, 4, 8), date(2024, 4, 9), date(2024, 4, 12), date(2024, 4, 15),
          date(2024, 12, 26)]),
        (2025, [date(2025, 3, 31), date(2025, 4, 1), date(2025, 8, 17)],
         [date(2025, 4, 2), date(2025, 4, 3), date(2025, 4, 4), date(2025, 4, 7),
          date(2025, 8, 18)]),
        (2026, [date(2026, 3, 21), date(2026, 3, 22), date(2026, 5, 27)],
         [date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 24), date(2026, 5, 28),
          date(2026, 12, 24)]),
    ],
)  # fmt: skip
def test_kalender_nasional_2024_2026(tahun, libur, cuti):
    semua = libur_nasional(tahun)
    tanpa_cuti = libur_nasional(tahun, cuti_bersama=False)
    for d in libur:
        assert d in tanpa_cuti and not KALTIM.hari_kerja(d), d
    for d in cuti:
        assert d in semua and d not in tanpa_cuti, d
        assert "Cuti Bersama" in semua[d]
        assert KALTIM.libur(d) == semua[d]


def test_penutupan_kantor_dan_hari_kerja_tambahan():
    kantor = KalenderKerja(
        zona=WITA,
        penutupan={date(2025, 5, 2): "Rapat kerja di luar kantor"},
        hari_kerja_tambahan=frozenset({date(2025, 5, 3)}),  # a Saturday worked
    )
    assert kantor.libur(date(2025, 5, 2)) == "Rapat kerja di luar kantor"
    assert kantor.hari_kerja(date(2025, 5, 3))
    assert kantor.libur(date(2025, 5, 4)) == "Minggu"
    # received Wednesday 30 April; 1 May Hari Buruh, 2 May closed, 3 May worked
    assert kantor.tenggat(_pukul(date(2025, 4, 30), 9), 2) == date(2025, 5, 5)


def test_sesudah_jam_tutup_diterima_hari_kerja_berikutnya():
    kamis = date(2025, 3, 27)
    assert KALTIM.hari_terima(_pukul(kamis, 15, 59)) == kamis
    assert KALTIM.hari_terima(_pukul(kamis, 16, 0)) == date(2025, 4, 8)
    assert KALTIM.tenggat(_pukul(kamis, 20), 3) == date(2025, 4, 11)
    # Friday closes half an hour later
    jumat = date(2025, 5, 16)
    assert KALTIM.hari_terima(_pukul(jumat, 16, 15)) == jumat
    assert KALTIM.hari_terima(_pukul(jumat, 16, 30)) == date(2025, 5, 19)
    # early in the morning counts as that day; a Sunday as Monday
    assert KALTIM.hari_terima(_pukul(date(2025, 5, 19), 6)) == date(2025, 5, 19)
    assert KALTIM.hari_terima(_pukul(date(2025, 5, 18), 10)) == date(2025, 5, 19)
    # Friday 9 May after closing: Monday 12 May is Waisak, 13 May its cuti bersama
    assert KALTIM.hari_terima(_pukul(date(2025, 5, 9), 17)) == date(2025, 5, 14)


def test_jam_dibaca_di_zona_kantor_bukan_zona_komputer():
    # 08:30 UTC is 16:30 WITA (closed), 15:30 WIB (open), 17:30 WIT (closed)
    saat = datetime(2025, 5, 8, 8, 30, tzinfo=UTC)
    assert KalenderKerja(zona=WIB).hari_terima(saat) == date(2025, 5, 8)
    assert KalenderKerja(zona=WITA).hari_terima(saat) == date(2025, 5, 9)
    assert KalenderKerja(zona=WIT).hari_terima(saat) == date(2025, 5, 9)
    # 23:30 UTC on the 8th is already the 9th in WITA
    assert KALTIM.hari_terima(datetime(2025, 5, 8, 23, 30, tzinfo=UTC)) == date(2025, 5, 9)


def test_waktu_tanpa_zona_ditolak_dengan_kalimat():
    with pytest.raises(UltError, match="tanpa zona waktu"):
        KALTIM.hari_terima(datetime(2025, 3, 27, 10))


def test_jam_layanan_tidak_masuk_akal_ditolak():
    with pytest.raises(UltError, match="Jam layanan"):
        JamLayanan(buka=time(17, 0))


def test_mundur_untuk_tenggang_sebelum_kegiatan():
    # a cooperation request at least 7 working days before an activity on 14 April 2025
    assert KALTIM.mundur(date(2025, 4, 14), 7) == date(2025, 3, 25)
    assert KALTIM.maju(date(2025, 3, 25), 7) == date(2025, 4, 14)


def test_hari_terpakai_tepat_di_tenggat_sama_dengan_jangka():
    diterima = _pukul(date(2025, 3, 27), 10)
    tenggat = KALTIM.tenggat(diterima, 3)
    assert KALTIM.hari_terpakai(diterima, _pukul(tenggat, 15)) == 3
    assert KALTIM.hari_terpakai(diterima, _pukul(date(2025, 3, 27), 15)) == 0
    assert KALTIM.hari_terpakai(diterima, _pukul(date(2025, 4, 14), 9)) == 5


@given(
    hari=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 20)),
    jam=st.integers(0, 23),
    jumlah=st.integers(0, 30),
)
def test_sifat_tenggat(hari: date, jam: int, jumlah: int):
    diterima = _pukul(hari, jam)
    tenggat = KALTIM.tenggat(diterima, jumlah)
    mulai = KALTIM.hari_terima(diterima)
    assert KALTIM.hari_kerja(tenggat) and KALTIM.hari_kerja(mulai)
    assert tenggat >= mulai
    # exactly `jumlah` working days lie after the day of receipt up to the deadline
    hitung = sum(
        KALTIM.hari_kerja(mulai + timedelta(n)) for n in range(1, (tenggat - mulai).days + 1)
    )
    assert hitung == jumlah
    assert KALTIM.hari_terpakai(diterima, _pukul(tenggat, 12)) == jumlah
    assert KALTIM.mundur(tenggat, jumlah) == mulai


def test_kalender_tersimpan_antarproses_tanpa_mengimpor_holidays(tmp_path):
    import subprocess
    import sys

    from tests.conftest import env_naskah

    kode = (
        "import sys; from datetime import date, datetime; from zoneinfo import ZoneInfo\n"
        "from pathlib import Path\n"
        "from naskah.ult.kalender import KalenderKerja\n"
        f"k = KalenderKerja(zona=ZoneInfo('Asia/Makassar'), tembolok=Path({str(tmp_path)!r}))\n"
        "t = k.tenggat(datetime(2025, 3, 27, 10, tzinfo=ZoneInfo('Asia/Makassar')), 3)\n"
        "print(t.isoformat(), 'holidays' in sys.modules)\n"
    )

    def jalan() -> str:
        r = subprocess.run([sys.executable, "-c", kode], capture_output=True, text=True,
                           env=env_naskah(), timeout=120)  # fmt: skip
        assert r.returncode == 0, r.stderr
        return r.stdout.split()

    assert jalan() == ["2025-04-10", "True"]  # computed, then stored
    (berkas,) = tmp_path.glob("libur-ID-2025-1-*.json")
    assert jalan() == ["2025-04-10", "False"]  # read back: the package is not even imported
    berkas.write_text("{rusak", encoding="utf-8")
    assert jalan() == ["2025-04-10", "True"]  # a damaged table is recomputed
