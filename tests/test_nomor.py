"""NomorNaskah and PolaNomor: parse, format, sisipan, confidentiality, other patterns."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naskah.errors import NomorError
from naskah.nomor import NomorNaskah, PolaNomor, sisipan_ke_teks, teks_ke_sisipan


@pytest.mark.parametrize(
    ("teks", "urut", "unit", "klasifikasi", "tahun"),
    [
        ("0512/C7.24/HK.03.01/2024", 512, "C7.24", "HK.03.01", 2024),
        ("0274/C7.22/OT.02.02/2025", 274, "C7.22", "OT.02.02", 2025),
    ],
)
def test_pola_baku_membaca_dan_menulis(teks, urut, unit, klasifikasi, tahun):
    n = NomorNaskah.parse(teks)
    assert (n.urut, n.unit, n.klasifikasi, n.tahun, n.rahasia, n.sisipan) == (
        urut, unit, klasifikasi, tahun, False, None)  # fmt: skip
    assert (
        PolaNomor().format(urut=urut, unit=unit, klasifikasi=klasifikasi, tahun=tahun).teks == teks
    )


@pytest.mark.parametrize(
    ("pola", "lebar", "teks", "urut", "tahun"),
    [
        ("{urut}/E/KPT/{tahun}", 2, "38/E/KPT/2021", 38, 2021),
        ("{urut}/{unit}/{klasifikasi}/{tahun}", 3, "025/H1/OT/2021", 25, 2021),
        ("{urut}/Sertifikat/BPMPKALTIM/{tahun}", 4, "0001/Sertifikat/BPMPKALTIM/2024", 1, 2024),
    ],
)
def test_pola_lain_dapat_dinyatakan(pola, lebar, teks, urut, tahun):
    p = PolaNomor(pola, lebar)
    n = p.parse(teks)
    assert (n.urut, n.tahun) == (urut, tahun)
    assert p.format(urut=n.urut, tahun=n.tahun, unit=n.unit, klasifikasi=n.klasifikasi).teks == teks


def test_penanda_rahasia_setelah_kode_unit():
    n = NomorNaskah.parse("0012/B.B1/RHS/KP.04.05/2025")
    assert n.rahasia and n.unit == "B.B1" and n.klasifikasi == "KP.04.05"
    assert PolaNomor().format(urut=12, unit="B.B1", klasifikasi="KP.04.05", tahun=2025,
                              rahasia=True).teks == "0012/B.B1/RHS/KP.04.05/2025"  # fmt: skip


@pytest.mark.parametrize(("gaya", "teks"), [("huruf", "0512a"), ("titik", "0512.1")])
def test_sisipan_dapat_dikonfigurasi(gaya, teks):
    p = PolaNomor(gaya_sisipan=gaya)
    n = p.parse(f"{teks}/C7.24/HK.03.01/2024")
    assert (n.urut, n.sisipan) == (512, 1)
    assert n.kunci_urut > p.parse("0512/C7.24/HK.03.01/2024").kunci_urut
    assert n.kunci_urut < p.parse("0513/C7.24/HK.03.01/2024").kunci_urut


def test_kode_dengan_karakter_asing_ditolak_saat_format():
    with pytest.raises(NomorError, match="hanya boleh memuat"):
        PolaNomor().format(urut=1, tahun=2024, unit="C7/24", klasifikasi="HK")


def test_sisipan_huruf_setelah_z():
    assert [sisipan_ke_teks(i, "huruf") for i in (1, 26, 27, 28)] == ["a", "z", "aa", "ab"]


@pytest.mark.parametrize(
    ("pola", "pesan"),
    [
        ("{urut}/{bulan}/{tahun}", "tak dikenal {bulan}"),
        ("{urut}/{unit}", "{tahun} tepat satu kali"),
        ("{urut}/{tahun}/{tahun}", "{tahun} tepat satu kali"),
        ("{urut}/{unit/{tahun}", "tidak seimbang"),
    ],
)
def test_pola_rusak_ditolak_dengan_pesan(pola, pesan):
    with pytest.raises(NomorError, match=pesan.replace("{", r"\{").replace("}", r"\}")):
        PolaNomor(pola)


def test_nomor_tak_sesuai_pola_menyebut_contoh():
    with pytest.raises(
        NomorError, match="tidak sesuai pola .*contoh yang benar: 0512/C7.24/HK.03.01/2024"
    ):
        NomorNaskah.parse("NOMOR: 0512/C7.24/HK.03.01/2024")


_kode = st.from_regex(r"[A-Z][A-Z0-9]{0,3}(\.[A-Z0-9]{1,3}){0,2}", fullmatch=True)
_klasifikasi = st.from_regex(r"[A-Z]{2}(\.[0-9]{2}){0,3}", fullmatch=True)


@given(
    urut=st.integers(1, 99_999),
    tahun=st.integers(1990, 2100),
    unit=_kode,
    klasifikasi=_klasifikasi,
    sisipan=st.none() | st.integers(1, 400),
    rahasia=st.booleans(),
    gaya=st.sampled_from(["huruf", "titik"]),
    lebar=st.integers(1, 6),
)
def test_format_lalu_parse_kembali_sama(
    urut, tahun, unit, klasifikasi, sisipan, rahasia, gaya, lebar
):
    p = PolaNomor(lebar=lebar, gaya_sisipan=gaya)
    n = p.format(urut=urut, tahun=tahun, unit=unit, klasifikasi=klasifikasi, sisipan=sisipan,
                 rahasia=rahasia)  # fmt: skip
    balik = p.parse(n.teks)
    assert balik == n
    assert balik.teks == n.teks
    assert len(n.teks.split("/")[0].rstrip("abcdefghijklmnopqrstuvwxyz").split(".")[0]) >= lebar


@given(st.integers(1, 10_000))
def test_sisipan_teks_bolak_balik(i):
    assert teks_ke_sisipan(sisipan_ke_teks(i, "huruf")) == i
    assert teks_ke_sisipan(sisipan_ke_teks(i, "titik")) == i
