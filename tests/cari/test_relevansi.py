"""The judged query set: what staff type, and the documents each must (and must not) return.

Each case names the documents that must be among the first three hits and, for some, documents
that must not appear at all. The corpus is the examples as archived, a few hand-made documents
for cases the examples do not cover, and 400 generated documents (tests/cari/korpus.py). The
backend is a fixture, so the same set runs on every backend.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from naskah.cari import Kueri, MesinCari
from tests.cari.korpus import (
    KALTENG,
    KALTIM,
    KEP_KERJASAMA,
    KEP_TANDA_TANGAN,
    SK_KUKAR,
    SK_UNMUL,
    ST_BONTANG,
    ST_NARA_SUMBER,
    TIM_V1,
    TIM_V2,
    sertifikat_contoh,
)


@dataclass(frozen=True)
class Kasus:
    nama: str
    kueri: Kueri
    harus: tuple[str, ...]
    """Ids that must be among the first three hits."""
    tidak: tuple[str, ...] = ()
    """Ids that must not be returned at all."""
    pertama: bool = False
    """The first of ``harus`` must be the very first hit."""


SERT_EXAMPLES = tuple(
    sertifikat_contoh(n)
    for n in ("Siti", "Andi", "Muhammad", "Dewi", "Fajar", "Hj. Nurul", "Bambang", "Rina",
              "Yohanes", "Sri", "Ahmad", "Fitriani")
)  # fmt: skip
TAHUN_2025 = {"dari": date(2025, 1, 1), "sampai": date(2025, 12, 31)}

KASUS = [
    # the spelling pairs, each way round
    Kasus("ejaan_kerjasama_rapat_menemukan_kerja_sama_renggang",
          Kueri("kerjasama fasilitasi Kutai Kartanegara"), (SK_KUKAR,)),
    Kasus("ejaan_kerja_sama_renggang_menemukan_kerjasama_rapat",
          Kueri("tim kerja sama antarlembaga"), (KEP_KERJASAMA,), pertama=True),
    Kasus("ejaan_tandatangan_rapat_menemukan_tanda_tangan_renggang",
          Kueri("tandatangan elektronik"), (KEP_TANDA_TANGAN,)),
    Kasus("ejaan_tanda_tangan_renggang_menemukan_ditandatangani",
          Kueri("perjanjian kerja sama di tanda tangani Kutai Kartanegara"), (SK_KUKAR,)),
    Kasus("ejaan_narasumber_rapat_menemukan_nara_sumber_renggang",
          Kueri("narasumber revitalisasi bahasa daerah"), (ST_NARA_SUMBER,)),
    Kasus("ejaan_nara_sumber_renggang_menemukan_narasumber_rapat",
          Kueri("nara sumber Bimbingan Teknis Rapor Pendidikan Kota Bontang"), (ST_BONTANG,)),
    # people: participants, typos, numbers
    Kasus("peserta_satu_huruf_salah_lewat_saringan",
          Kueri(peserta="Bambang Sutrisna"), (sertifikat_contoh("Bambang"),),
          tidak=tuple(s for s in SERT_EXAMPLES if s != sertifikat_contoh("Bambang")),
          pertama=True),
    Kasus("peserta_satu_huruf_salah_di_teks_bebas",
          Kueri("Rina Marlena"), (sertifikat_contoh("Rina"),), pertama=True),
    Kasus("peserta_nama_satu_huruf_diganti", Kueri(peserta="Yohanis Dami"),
          (sertifikat_contoh("Yohanes"),), pertama=True),
    Kasus("peserta_dua_huruf_tertukar", Kueri(peserta="Yohanes Dmai"),
          (sertifikat_contoh("Yohanes"),), pertama=True),
    Kasus("nip_berspasi_seperti_tercetak", Kueri("19780512 200312 2 004"),
          (sertifikat_contoh("Siti"), ST_BONTANG)),
    Kasus("nip_lewat_saringan_peserta", Kueri(peserta="198509232010121003"),
          (sertifikat_contoh("Andi"), ST_BONTANG), tidak=(sertifikat_contoh("Siti"),)),
    Kasus("nik_peserta", Kueri("6402061001730003"), (sertifikat_contoh("Bambang"),),
          pertama=True),
    Kasus("instansi_peserta", Kueri("SD Negeri 003 Loa Janan"), (sertifikat_contoh("Sri"),),
          pertama=True),
    # partners
    Kasus("mitra_dinas", Kueri("Dinas Pendidikan Kabupaten Kutai Kartanegara",
                               jenis="sk_kerja_sama"), (SK_KUKAR,)),
    Kasus("mitra_universitas", Kueri("Universitas Mulawarman"), (SK_UNMUL,), pertama=True),
    # phrases of a Standar Pelayanan
    Kasus("frasa_standar_pelayanan_kalteng",
          Kueri('"mencerminkan kebutuhan finansial" standar pelayanan publik'),
          (KALTENG,), tidak=(KALTIM,)),
    Kasus("frasa_standar_pelayanan_kaltim",
          Kueri('"Prosedur Pendokumentasian Informasi yang dikecualikan" penetapan standar'),
          (KALTIM,), tidak=(KALTENG,)),
    # numbers typed whole, and by their parts
    Kasus("nomor_utuh_kaltim", Kueri("0512/C7.24/HK.03.01/2024"), (KALTIM,), pertama=True),
    Kasus("nomor_utuh_huruf_kecil", Kueri("0274/c7.22/ot.02.02/2025"), (KALTENG,),
          pertama=True),
    Kasus("nomor_utuh_sertifikat", Kueri("0007/Sertifikat/BPMPKALTIM/2024"),
          (sertifikat_contoh("Bambang"),), pertama=True),
    Kasus("nomor_versi_terbaru_dulu", Kueri("0590/C7.24/HK.03.01/2024"), (TIM_V2, TIM_V1),
          pertama=True),
    Kasus("nomor_bagian_klasifikasi", Kueri("OT.02.02"), (KALTENG, KEP_KERJASAMA),
          tidak=(KALTIM, SK_KUKAR)),
    # signers
    Kasus("penandatangan_nama", Kueri("standar pelayanan", penandatangan="Tomy Haridjaya"),
          (KALTENG,), tidak=(KALTIM, SK_KUKAR)),
    Kasus("penandatangan_salah_ketik", Kueri("standar pelayanan", penandatangan="Jarwako"),
          (KALTIM,), tidak=(KALTENG,)),
    Kasus("penandatangan_nip", Kueri("standar pelayanan", penandatangan="197010192002121002"),
          (KALTENG,), tidak=(KALTIM,)),
    # dates and filters
    Kasus("saringan_tahun", Kueri("standar pelayanan publik", **TAHUN_2025), (KALTENG,),
          tidak=(KALTIM,)),
    Kasus("saringan_rentang_tanggal",
          Kueri("Kutai Kartanegara", dari=date(2024, 7, 1), sampai=date(2024, 7, 31)),
          (SK_KUKAR,), tidak=SERT_EXAMPLES),
    Kasus("saringan_jenis",
          Kueri("kurikulum operasional Kutai Kartanegara narasumber", jenis="sertifikat"),
          SERT_EXAMPLES[:2], tidak=(SK_KUKAR, KALTIM)),
    Kasus("saringan_unit", Kueri("standar pelayanan", unit="C7.22"), (KALTENG,),
          tidak=(KALTIM,)),
    Kasus("saringan_awal_klasifikasi",
          Kueri("narasumber Bimbingan Teknis Rapor Pendidikan Kota Bontang", klasifikasi="KP.04"),
          (ST_BONTANG,), tidak=(KALTIM, SK_KUKAR)),
    # only names are fuzzy: a typo in an ordinary word does not match the word
    Kasus("kata_biasa_tidak_kabur", Kueri("kurikulim operasional Kutai"), (),
          tidak=(SK_KUKAR, *SERT_EXAMPLES)),
]  # fmt: skip


def test_set_cukup_besar():
    assert len(KASUS) >= 25
    assert len({k.nama for k in KASUS}) == len(KASUS)


@pytest.mark.parametrize("kasus", KASUS, ids=[k.nama for k in KASUS])
def test_relevansi(mesin_korpus: MesinCari, kasus: Kasus):
    hasil = mesin_korpus.cari(kasus.kueri)
    ids = [h.id for h in hasil.hasil]
    for harus in kasus.harus:
        assert harus in ids[:3], f"{harus} tidak di 3 teratas: {ids[:5]}"
    if kasus.pertama:
        assert ids[0] == kasus.harus[0], ids[:5]
    semua = [h.id for h in mesin_korpus.cari(_tanpa_batas(kasus.kueri)).hasil]
    for tidak in kasus.tidak:
        assert tidak not in semua, f"{tidak} tidak boleh muncul"


def _tanpa_batas(kueri: Kueri) -> Kueri:
    from dataclasses import replace

    return replace(kueri, batas=1000)
