"""The judged set of what a tata usaha clerk types a year later, through naskah.cari.jawab.

Each case is a query as typed (parts of numbers, typos, kind words, office shorthand, names,
NIPs with spaces, English by mistake) and the documents that must be among its first three
lines (a grouped line counts for every certificate it holds). The corpus is the relevance corpus
as signed PDFs give it (letterhead, stamp and footnote in every text) plus a decree of another
office (tests/cari/korpus.py ``korpus_ketik``). Every case runs on every backend; bench/search.py
prints recall@3 of the same set per backend (``KASUS`` is shared).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from naskah.cari import Kueri, MesinCari, buka_mesin_cari
from naskah.cari.jawab import Jawaban, jawab
from tests.cari.conftest import MESIN, konfigurasi_mesin
from tests.cari.korpus import (
    DIKTI,
    KALTENG,
    KALTIM,
    KEP_KERJASAMA,
    KEP_TANDA_TANGAN,
    SK_KUKAR,
    SK_UNMUL,
    ST_BONTANG,
    ST_NARA_SUMBER,
    TIM_V2,
    korpus_ketik,
    korpus_relevansi,
    sertifikat_contoh,
)


@dataclass(frozen=True)
class Ketik:
    nama: str
    kueri: Kueri
    harus: tuple[str, ...] = ()
    """Ids that must be in the first three lines."""
    pertama: bool = False
    """The first of ``harus`` must be in the very first line."""
    saran: str | None = None
    """The suggestion the answer must make (and apply)."""
    jenis: tuple[str, ...] = ()
    """The only kinds allowed among the lines (kind words typed)."""
    catatan: dict[str, str] = field(default_factory=dict)


def _k(teks: str = "", **isi: object) -> Kueri:
    return Kueri(teks, **isi)  # type: ignore[arg-type]


BAMBANG = sertifikat_contoh("Bambang")
KOSP = sertifikat_contoh("Siti")  # one of the example activity's twelve certificates

KASUS: list[Ketik] = [
    # --- a part of a number, with or without its zeros, dots and slashes
    Ketik("nomor_sebagian_kalteng", _k("0274/C7.22"), (KALTENG,), pertama=True),
    Ketik("nomor_sebagian_tanpa_nol", _k("274/c7.22"), (KALTENG,), pertama=True),
    Ketik("nomor_sebagian_kaltim", _k("0512/C7.24"), (KALTIM,), pertama=True),
    Ketik("nomor_unit_klasifikasi_tahun", _k("C7.22/OT.02.02/2025"), (KALTENG,), pertama=True),
    Ketik("nomor_klasifikasi_tahun", _k("OT.02.02/2025"), (KALTENG, KEP_KERJASAMA)),
    Ketik("nomor_kantor_lain_awal", _k("38/E"), (DIKTI,), pertama=True),
    Ketik("nomor_kantor_lain_akhir", _k("KPT/2021"), (DIKTI,), pertama=True),
    Ketik("nomor_sertifikat_sebagian", _k("0007/Sertifikat/BPMPKALTIM/2024"), (BAMBANG,)),
    Ketik("nomor_versi_terbaru", _k("0590/C7.24"), (TIM_V2,), pertama=True),
    Ketik("nomor_surat_tugas_tanpa_tahun", _k("0461/C7.24/KP.04.05"), (ST_BONTANG,),
          pertama=True),
    Ketik("nomor_dengan_kata_nomor", _k("nomor 0530/C7.24"), (SK_KUKAR,), pertama=True),
    Ketik("nomor_berspasi_di_garis_miring", _k("0274 / C7.22"), (KALTENG,), pertama=True),
    # --- typos in any word: a suggestion from the archive's own words
    Ketik("salah_ketik_kutai_kartanegara", _k("kutai kartanegra"), (SK_KUKAR,),
          saran="kutai kartanegara"),
    Ketik("salah_ketik_samarinda_seberang", _k("samarnda seberang"),
          saran="samarinda seberang"),
    Ketik("salah_ketik_bahasa_daerah", _k("revitalisasi bahasa daera mahakam ulu"),
          (ST_NARA_SUMBER,), pertama=True, saran="revitalisasi bahasa daerah mahakam ulu"),
    Ketik("salah_ketik_mitra", _k("universitas mulawarmn"), (SK_UNMUL,), pertama=True,
          saran="universitas mulawarman"),
    Ketik("salah_ketik_elektronik", _k("tanda tangan elektronk"), (KEP_TANDA_TANGAN,),
          pertama=True, saran="tanda tangan elektronik"),
    Ketik("salah_ketik_kurikulum", _k("kurikulim operasional kutai"), (KOSP,),
          saran="kurikulum operasional kutai"),
    Ketik("salah_ketik_dua_huruf_kata_panjang", _k("standar pelayanan pengadaun"), (KALTIM,),
          saran="standar pelayanan pengaduan"),
    # --- kind words: a filter, not text
    Ketik("jenis_sk_kerjasama_tahun", _k("SK kerjasama 2024"), (SK_KUKAR,),
          jenis=("sk_kerja_sama",)),
    Ketik("jenis_sk_kantor_lain", _k("sk dikti 38"), (DIKTI,), pertama=True),
    Ketik("jenis_surat_tugas", _k("surat tugas bontang"), (ST_BONTANG,), pertama=True,
          jenis=("surat_tugas",)),
    Ketik("jenis_st", _k("ST mahakam ulu"), (ST_NARA_SUMBER,), pertama=True,
          jenis=("surat_tugas",)),
    Ketik("jenis_sertifikat_nama", _k("sertifikat Bambang Sutrisno"), (BAMBANG,), pertama=True,
          jenis=("sertifikat",)),
    Ketik("jenis_mou", _k("MoU universitas mulawarman"), (SK_UNMUL,), pertama=True,
          jenis=("sk_kerja_sama",)),
    Ketik("jenis_perjanjian_kerja_sama", _k("perjanjian kerja sama kutai kartanegara"),
          (SK_KUKAR,), jenis=("sk_kerja_sama",)),
    Ketik("jenis_keputusan", _k("keputusan tanda tangan elektronik"), (KEP_TANDA_TANGAN,),
          pertama=True, jenis=("keputusan", "sk_kerja_sama", "lainnya")),
    Ketik("jenis_surat_keputusan", _k("surat keputusan standar pelayanan publik 2025"),
          (KALTENG,), pertama=True, jenis=("keputusan", "sk_kerja_sama", "lainnya")),
    Ketik("jenis_standar_pelayanan", _k("standar pelayanan ULT"), (KALTIM,), pertama=True),
    # --- office shorthand
    Ketik("singkatan_bimtek", _k("bimtek rapor pendidikan bontang"), (ST_BONTANG,)),
    Ketik("singkatan_kukar", _k("kukar fasilitasi"), (SK_KUKAR,), pertama=True),
    Ketik("singkatan_disdik", _k("disdik mahakam ulu bahasa daerah"), (ST_NARA_SUMBER,)),
    Ketik("singkatan_narsum", _k("narsum bahasa daerah mahakam ulu"), (ST_NARA_SUMBER,),
          pertama=True),
    Ketik("singkatan_kosp", _k("KOSP kutai kartanegara"), (KOSP,)),
    Ketik("singkatan_pmi", _k("tim pmi"), (TIM_V2,), pertama=True),
    # --- people, NIP and NIK
    Ketik("nama_salah_satu_huruf", _k("Rina Marlena"), (sertifikat_contoh("Rina"),),
          pertama=True),
    Ketik("nama_huruf_diganti", _k("Yohanis Dami"), (sertifikat_contoh("Yohanes"),),
          pertama=True),
    Ketik("nama_petugas", _k("Made Suarsana"), (ST_NARA_SUMBER,), pertama=True),
    Ketik("nama_penandatangan_dan_topik", _k("Tomy Haridjaya standar pelayanan"), (KALTENG,),
          pertama=True),
    Ketik("nip_berspasi", _k("19780512 200312 2 004"), (sertifikat_contoh("Siti"), ST_BONTANG)),
    Ketik("nip_berspasi_petugas", _k("19760214 200501 1 007"), (ST_NARA_SUMBER,), pertama=True),
    Ketik("nik_peserta", _k(peserta="6402061001730003"), (BAMBANG,), pertama=True),
    # --- English by mistake
    Ketik("inggris_certificate", _k("certificate bambang sutrisno"), (BAMBANG,), pertama=True,
          jenis=("sertifikat",)),
    Ketik("inggris_cooperation_agreement", _k("cooperation agreement mulawarman"), (SK_UNMUL,),
          pertama=True),
    Ketik("inggris_service_standard", _k("service standard kalteng"), (KALTENG,)),
    Ketik("inggris_training_teacher", _k("mentoring teacher penggerak"), (SK_UNMUL,)),
    # --- the stamp and footnote are not text; one activity does not crowd out the rest
    Ketik("tanda_tangan_bukan_cap", _k("tanda tangan"), (KEP_TANDA_TANGAN,), pertama=True),
    Ketik("kutai_dikelompokkan", _k("kutai kartanegara"), (SK_KUKAR, KOSP)),
]  # fmt: skip


def test_set_cukup_besar():
    assert len(KASUS) >= 40
    assert len({k.nama for k in KASUS}) == len(KASUS)


@pytest.fixture(scope="module", params=MESIN)
def mesin_ketik(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[MesinCari]:
    """Return a backend holding the clerk's corpus."""
    folder = tmp_path_factory.mktemp(f"ketik-{request.param}")
    mesin = buka_mesin_cari(konfigurasi_mesin(request.param, folder, request))
    mesin.bangun_ulang(korpus_ketik())
    yield mesin
    mesin.tutup()


def tiga_teratas(jawaban: Jawaban) -> set[str]:
    """Return the ids the first three lines stand for (every certificate of a grouped line)."""
    return {i for b in jawaban.baris[:3] for i in b.anggota}


def periksa(kasus: Ketik, jawaban: Jawaban) -> list[str]:
    """Return what is wrong with ``jawaban`` for ``kasus`` (empty: it passes)."""
    salah: list[str] = []
    atas = tiga_teratas(jawaban)
    for harus in kasus.harus:
        if harus not in atas:
            salah.append(f"{harus} tidak di 3 teratas: {[b.hasil.id for b in jawaban.baris[:5]]}")
    if kasus.pertama and kasus.harus and kasus.harus[0] not in jawaban.baris[0].anggota:
        salah.append(f"{kasus.harus[0]} bukan yang pertama")
    if kasus.saran is not None:
        if jawaban.saran != kasus.saran or not jawaban.saran_dipakai:
            salah.append(f"saran {jawaban.saran!r} ({jawaban.saran_dipakai}) != {kasus.saran!r}")
        if not jawaban.baris:
            salah.append("saran tidak menemukan apa pun")
    if kasus.jenis:
        lain = [b.hasil.jenis for b in jawaban.baris if b.hasil.jenis not in kasus.jenis]
        if lain or jawaban.jenis_dilonggarkan:
            salah.append(f"jenis lain ikut: {lain}")
    return salah


@pytest.mark.parametrize("kasus", KASUS, ids=[k.nama for k in KASUS])
def test_ketikan_staf(mesin_ketik: MesinCari, kasus: Ketik):
    jawaban = jawab(mesin_ketik, kasus.kueri)
    assert periksa(kasus, jawaban) == []


def test_cap_tte_tidak_membuat_tanda_tangan_cocok_dengan_semua(mesin_ketik: MesinCari):
    # every document carries the stamp and footnote; only those whose own text speaks of
    # signing ("ditandatangani oleh pimpinan …", "penandatangan") may match
    sendiri = {
        d.id
        for d in korpus_relevansi()
        if d.jenis == "keputusan"
        and re.search(r"[tn]anda\s*tangan", f"{d.tentang} {d.teks}", re.IGNORECASE)
    }
    semua = mesin_ketik.cari(Kueri(jenis="keputusan", batas=1000)).jumlah
    cocok = {
        h.id for h in mesin_ketik.cari(Kueri("tanda tangan", jenis="keputusan", batas=1000)).hasil
    }
    assert cocok == sendiri
    assert len(cocok) < semua


def test_kelompok_sertifikat_tidak_menyesakkan_jenis_lain(mesin_ketik: MesinCari):
    jawaban = jawab(mesin_ketik, Kueri("kutai kartanegara"))
    (kosp,) = [b for b in jawaban.baris if KOSP in b.anggota]
    assert kosp.sekelompok == 12  # the example activity's twelve certificates, one line
    assert len(jawaban.baris) == 10
    assert len({b.hasil.jenis for b in jawaban.baris}) >= 2
    semua = jawab(mesin_ketik, Kueri("kutai kartanegara"), kelompokkan=False)
    assert all(b.sekelompok == 1 for b in semua.baris)
    assert semua.jumlah == jawaban.jumlah


def test_tanpa_hasil_menyebut_kata_yang_tidak_ada(mesin_ketik: MesinCari):
    j = jawab(mesin_ketik, Kueri("kartanegara zzqxv"))
    assert j.baris == () and j.kata_kosong == ("zzqxv",) and j.saran is None
    j = jawab(mesin_ketik, Kueri("Nizam bontang"))  # both words exist, never together
    assert j.baris == () and j.kata_kosong == ()
    j = jawab(mesin_ketik, Kueri("sertifikat dikti"))  # no certificate: every kind searched
    assert j.jenis_dilonggarkan and j.baris[0].hasil.id == DIKTI


def test_baris_berkelompok_tetap_bercuplikan(mesin_ketik: MesinCari):
    jawaban = jawab(mesin_ketik, Kueri("kutai kartanegara"))
    assert all("[[" in b.hasil.cuplikan for b in jawaban.baris), [
        b.hasil.cuplikan for b in jawaban.baris
    ]
