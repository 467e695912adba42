"""NIP: the accepted spellings, the validation rules and the PPPK kind."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from naskah.models import NIP, Pejabat


@pytest.mark.parametrize(
    "teks",
    [
        "197003191997031001",
        "19700319 199703 1 001",
        "19700319.199703.1.001",
        "19700319 199703 1001",
    ],
)
def test_empat_cara_tulis_diterima(teks):
    nip = NIP(teks)
    assert nip == "197003191997031001"
    assert nip.tampil == "19700319 199703 1 001"


@pytest.mark.parametrize(
    ("teks", "pesan"),
    [
        ("1970031919970310", "18 digit"),
        ("19700319199703100A", "18 digit"),
        ("19701319 199703 1 001", "tanggal lahir"),
        ("19700230 199703 1 001", "tanggal lahir"),
        ("19700319 199713 1 001", "bulan pengangkatan"),
        ("19700319 198001 1 001", "sebelum berusia 18"),
        ("19700319 209901 1 001", "masa depan"),
        ("19700319 199703 3 001", "jenis kelamin"),
        ("19700319 199703 1 000", "urut"),
    ],
)
def test_nip_tidak_sah_ditolak(teks, pesan):
    with pytest.raises(ValueError, match=pesan):
        NIP(teks)


def test_pppk_memakai_aturan_longgar():
    # An NI PPPK does not follow the CPNS month rule: month 21 would be refused for a PNS.
    nomor = "19850412 202321 1 005"
    with pytest.raises(ValueError):
        NIP(nomor)
    p = Pejabat(nama="Rina", nip={"nomor": nomor, "jenis": "PPPK"})
    assert p.nip.jenis == "PPPK" and p.nip_tampil == nomor
    assert Pejabat.model_validate(p.model_dump()) == p
    assert p.model_dump()["nip"] == {"nomor": nomor, "jenis": "PPPK"}


def test_nip_di_model_menjelaskan_kesalahan():
    with pytest.raises(ValidationError, match="jenis kelamin"):
        Pejabat(nama="A", nip="19700319 199703 3 001")


@st.composite
def nip_sah(draw):
    lahir = draw(st.dates(date(1950, 1, 1), date(2000, 12, 31)))
    tahun = draw(st.integers(lahir.year + 19, 2025))
    bulan = draw(st.integers(1, 12))
    kelamin = draw(st.sampled_from("12"))
    urut = draw(st.integers(1, 999))
    return f"{lahir:%Y%m%d}", f"{tahun}{bulan:02d}", kelamin, f"{urut:03d}"


@given(nip_sah())
def test_semua_bentuk_tampil_sama(bagian):
    lahir, angkat, kelamin, urut = bagian
    baku = f"{lahir} {angkat} {kelamin} {urut}"
    for bentuk in (lahir + angkat + kelamin + urut, baku, f"{lahir}.{angkat}.{kelamin}.{urut}",
                   f"{lahir} {angkat} {kelamin}{urut}"):  # fmt: skip
        nip = NIP(bentuk)
        assert nip == lahir + angkat + kelamin + urut
        assert nip.tampil == baku
        assert NIP(nip.tampil) == nip


@given(nip_sah(), st.sampled_from("03456789"))
def test_digit_kelamin_selain_1_2_selalu_ditolak(bagian, kelamin):
    lahir, angkat, _, urut = bagian
    with pytest.raises(ValueError, match="jenis kelamin"):
        NIP(lahir + angkat + kelamin + urut)
