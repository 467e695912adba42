"""The satisfaction index of PermenPANRB 14/2017: by hand, the 0.11 trap, properties."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naskah.errors import UltError
from naskah.ult import ikm


def test_contoh_dihitung_tangan():
    # four respondents; sums per unsur: U1 4+3+3+4=14, U2 3+3+3+3=12, U3 2+3+2+3=10,
    # U4 4+4+4+4=16, U5 3+3+4+3=13, U6 3+4+3+4=14, U7 4+4+4+3=15, U8 2+2+3+2=9, U9 3+3+3+3=12
    jawaban = [
        [4, 3, 2, 4, 3, 3, 4, 2, 3],
        [3, 3, 3, 4, 3, 4, 4, 2, 3],
        [3, 3, 2, 4, 4, 3, 4, 3, 3],
        [4, 3, 3, 4, 3, 4, 3, 2, 3],
    ]
    h = ikm.hitung(jawaban)
    assert h is not None
    assert h.jumlah == (14, 12, 10, 16, 13, 14, 15, 9, 12)
    assert h.nrr[0] == Fraction(14, 4) == Fraction(7, 2)
    # Σ NRR = 115/4 = 28.75; × 1/9 × 25 = 2875/36 = 79.8611…
    assert h.ikm == Fraction(2875, 36)
    assert h.nilai == Decimal("79.86")
    assert (h.mutu.huruf, h.mutu.kinerja) == ("B", "Baik")
    # U8 (penanganan pengaduan): NRR 2.25 → D; U3: 2.5 → D; U4: 4.00 → A; U2: 3.00 → C
    g = h.mutu_unsur()
    assert (g[7].huruf, g[2].huruf, g[3].huruf, g[1].huruf) == ("D", "D", "A", "C")
    assert h.terendah() == 7


def test_jebakan_pembulatan_bobot():
    # 29 respondents, Σ of all scores 955: Σ NRR = 955/29 = 32.9310…
    jawaban = [[4] * 9 for _ in range(29)]
    kurang = 29 * 36 - 955
    for i in range(kurang):  # lower scores spread over respondents and unsur
        r, u = divmod(i, 9)
        jawaban[r % 29][u] -= 1
    h = ikm.hitung(jawaban)
    assert h is not None and sum(h.jumlah) == 955
    assert h.nilai == Decimal("91.48")
    salah = sum(h.nrr, Fraction(0)) * Fraction(11, 100) * 25  # the weight rounded to 0.11
    assert ikm.bulat(salah) == Decimal("90.56")
    assert Fraction(1, 9) == ikm.BOBOT


def test_batas_mutu_tepat_pada_tabel():
    m = {x: ikm.mutu_ikm(Decimal(x)).huruf for x in
         ("100", "88.31", "88.30", "76.61", "76.60", "65.00", "64.99", "25.00")}  # fmt: skip
    assert m == {"100": "A", "88.31": "A", "88.30": "B", "76.61": "B", "76.60": "C",
                 "65.00": "C", "64.99": "D", "25.00": "D"}  # fmt: skip
    # rounding first: 88.305 is reported 88.31 → A
    assert ikm.mutu_ikm(Fraction(88305, 1000)).huruf == "A"
    # the NRR interval table
    assert [ikm.mutu_nrr(Decimal(x)).huruf for x in ("2.5996", "2.60", "3.064", "3.0644",
            "3.532", "3.5324", "4")] == ["D", "C", "C", "B", "B", "A", "A"]  # fmt: skip
    with pytest.raises(UltError):
        ikm.mutu_ikm(Decimal("24.99"))


def test_masukan_salah_dan_kosong():
    assert ikm.hitung([]) is None
    with pytest.raises(UltError, match="sembilan"):
        ikm.hitung([[3] * 8])
    with pytest.raises(UltError, match="1, 2, 3 atau 4"):
        ikm.hitung([[3] * 8 + [5]])


def test_sampel_krejcie_morgan():
    assert ikm.sampel_minimal(0) == 0
    assert ikm.sampel_minimal(7) == 7
    assert ikm.sampel_minimal(100) == 80
    assert ikm.sampel_minimal(101) == 86  # the next row up
    assert ikm.sampel_minimal(1000) == 278
    assert ikm.sampel_minimal(10**7) == 384
    # every row of the table is the Krejcie–Morgan formula (χ² = 3.841, P = 0.5, d = 0.05)
    for n, s in ikm.KREJCIE_MORGAN:
        rumus = 3.841 * n * 0.25 / (0.0025 * (n - 1) + 3.841 * 0.25)
        assert abs(s - rumus) <= 1.0, (n, s, rumus)


jawaban_acak = st.lists(
    st.lists(st.integers(1, 4), min_size=9, max_size=9), min_size=1, max_size=60
)


@given(jawaban_acak)
def test_sifat_batas_dan_urutan(jawaban):
    h = ikm.hitung(jawaban)
    assert h is not None
    assert 25 <= h.ikm <= 100
    assert all(1 <= n <= 4 for n in h.nrr)
    # the index is the mean NRR × 25, and the grade follows the reported value
    assert h.ikm == sum(h.nrr, Fraction(0)) / 9 * 25
    m = h.mutu
    assert m.bawah <= h.nilai <= m.atas
    # one more top answer never lowers the index nor the grade
    h2 = ikm.hitung([*jawaban, [4] * 9])
    assert h2 is not None and h2.ikm >= h.ikm and h2.mutu.persepsi >= m.persepsi


@given(st.integers(2500, 10000))
def test_sifat_batas_mutu(seratus):
    nilai = Decimal(seratus).scaleb(-2)
    m = ikm.mutu_ikm(nilai)
    assert m.bawah <= nilai <= m.atas
    # the intervals tile 25.00..100.00 without gap or overlap at two decimals
    sekitar = [g for g in ikm.MUTU if g.bawah <= nilai <= g.atas]
    assert sekitar == [m]
    # the NRR table is the same grade for NRR = IKM / 25
    assert ikm.mutu_nrr(nilai / 25).huruf == m.huruf
    assert math.isclose(float(m.nrr_bawah) * 25, float(m.bawah), abs_tol=0.01)


@given(jawaban_acak)
def test_dari_jumlah_sama_dengan_hitung(jawaban):
    h = ikm.hitung(jawaban)
    assert h is not None
    assert ikm.dari_jumlah(h.responden, h.jumlah) == h
    assert ikm.dari_jumlah(0, (0,) * 9) is None
    with pytest.raises(UltError):
        ikm.dari_jumlah(h.responden, (5 * h.responden,) * 9)
