"""The search contract: what every backend must do, run on each through one fixture.

A new backend joins by adding its name to ``MESIN`` in tests/cari/conftest.py; it is accepted
when this file, the judged sets (test_relevansi.py, test_jawab.py) and the writers' tests pass
on it. Backend-only behaviour (Whoosh's lock and files, PostgreSQL's transactions and tables) is
tested beside each backend (test_penulis.py, tests/cari_pg/).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from naskah.cari import DokumenIndeks, Kueri, MesinCari
from naskah.config import Konfigurasi
from naskah.errors import InputError

from . import data

BuatMesin = Callable[[], tuple[Konfigurasi, MesinCari]]


def ids(mesin: MesinCari, kueri: Kueri) -> list[str]:
    return [h.id for h in mesin.cari(kueri).hasil]


def jumlah_dokumen(mesin: MesinCari) -> int:
    """Return how many document versions the index holds (every date matches)."""
    return mesin.cari(Kueri(dari=date(1900, 1, 1), batas=1000)).jumlah


@pytest.fixture
def mesin(buat_mesin: BuatMesin) -> MesinCari:
    return buat_mesin()[1]


@pytest.fixture
def terisi(mesin: MesinCari) -> MesinCari:
    with mesin.tulis() as p:
        for d in data.SEMUA:
            p.tambah(d)
    return mesin


# --- spelling pairs ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kueri", "harus"),
    [
        ("kerjasama", data.SK_KERJA_SAMA_SPASI.id),  # document says "kerja sama"
        ("kerja sama", data.SURAT_TUGAS_NARASUMBER.id),  # document says "kerjasama"
        ("tandatangan", data.SK_KERJA_SAMA_SPASI.id),  # document says "tanda tangan"
        ("tanda tangan", data.SURAT_TUGAS_NARASUMBER.id),  # document says "tandatangan"
        ("narasumber", data.KEPUTUSAN_SP.id),  # document says "Nara sumber"
        ("nara sumber", data.SURAT_TUGAS_NARASUMBER.id),  # document says "narasumber"
    ],
)
def test_ejaan_berpasangan_saling_menemukan(terisi: MesinCari, kueri: str, harus: str):
    assert harus in ids(terisi, Kueri(kueri))


# --- names with typos -----------------------------------------------------------------------


def test_nama_peserta_salah_ketik_satu_huruf_ditemukan(terisi: MesinCari):
    hasil = terisi.cari(Kueri("Rahmat Hidayatulah"))
    assert [h.id for h in hasil.hasil] == [data.SERTIFIKAT_RAHMAT.id]
    assert "[[Rahmat]]" in hasil.hasil[0].cuplikan
    assert "[[Hidayatullah]]" in hasil.hasil[0].cuplikan
    assert ids(terisi, Kueri("Rahmad")) == [data.SERTIFIKAT_RAHMAT.id]  # t → d
    assert ids(terisi, Kueri("Siti Nurhalzia")) == [data.SERTIFIKAT_2023.id]  # swapped letters


def test_kata_biasa_tidak_dibuat_kabur_oleh_mesin(terisi: MesinCari):
    # "pelatihn" is one letter off "pelatihan": a backend widens only names; a suggestion
    # for other words is the caller's (naskah.cari.jawab), never a silent match
    assert ids(terisi, Kueri("pelatihn")) == []
    assert ids(terisi, Kueri("Rahmat Hidayatulah lokakarya")) == []


def test_saringan_peserta_nama_salah_ketik_nik_dan_penandatangan(terisi: MesinCari):
    assert ids(terisi, Kueri(peserta="Rahmat Hidayatulah")) == [data.SERTIFIKAT_RAHMAT.id]
    assert ids(terisi, Kueri(peserta="6472011203850001")) == [data.SERTIFIKAT_RAHMAT.id]
    assert ids(terisi, Kueri(peserta="6472011203850009")) == []
    # the signer is not a participant
    assert ids(terisi, Kueri(peserta="Bambang Sutrisno")) == []
    ditandatangani = set(ids(terisi, Kueri(penandatangan="Sri Wahyuningsi")))
    assert ditandatangani == {data.SURAT_TUGAS_NARASUMBER.id, data.SERTIFIKAT_2023.id}
    assert ids(terisi, Kueri("asesmen", penandatangan="197503202000122001")) == [
        data.SERTIFIKAT_2023.id
    ]
    assert ids(terisi, Kueri("asesmen", penandatangan="19750320 200012 2 001")) == [
        data.SERTIFIKAT_2023.id
    ]
    with pytest.raises(InputError):
        terisi.cari(Kueri(peserta="!!!"))


# --- exact numbers, their parts, NIP, NIK -----------------------------------------------------


@pytest.mark.parametrize(
    "kueri",
    ["0512/C7.24/HK.03.01/2024", "0512 / C7.24 / HK.03.01 / 2024", "0512/c7.24/hk.03.01/2024"],
)
def test_nomor_utuh_dokumennya_pertama(terisi: MesinCari, kueri: str):
    hasil = ids(terisi, Kueri(kueri))
    # the decree that cites the number twice in its text still comes second
    assert hasil == [data.KEPUTUSAN_SP.id, data.KEPUTUSAN_MENYEBUT_0512.id]
    assert ids(terisi, Kueri(kueri, urut="tanggal"))[0] == data.KEPUTUSAN_SP.id


def test_nomor_menurut_bagiannya(terisi: MesinCari):
    assert set(ids(terisi, Kueri("OT.02.02"))) == {data.SURAT_TUGAS_NARASUMBER.id}
    assert data.KEPUTUSAN_SP.id in ids(terisi, Kueri("0512"))
    assert set(ids(terisi, Kueri("BPMPKALTIM 2023"))) == {data.SERTIFIKAT_2023.id}
    assert ids(terisi, Kueri("0513/C7.24/HK.03.01/2024")) == []


@pytest.mark.parametrize(
    ("kueri", "pertama"),
    [
        ("0512/C7.24", data.KEPUTUSAN_SP.id),
        ("512/c7.24", data.KEPUTUSAN_SP.id),  # without its leading zero
        ("0512/C7.24/HK.03.01", data.KEPUTUSAN_SP.id),
        ("0230/C7.24/OT.02.02", data.SURAT_TUGAS_NARASUMBER.id),
        ("OT.02.02/2024", data.SURAT_TUGAS_NARASUMBER.id),
        ("0001/Sertifikat", data.SERTIFIKAT_RAHMAT.id),
        ("1/sertifikat/bpmpkaltim", data.SERTIFIKAT_RAHMAT.id),
        ("Sertifikat/BPMPKALTIM/2023", data.SERTIFIKAT_2023.id),
        ("dikti 0457/Sertifikat", None),  # every word must still match
    ],
)
def test_potongan_nomor_menemukan_nomornya_dulu(terisi: MesinCari, kueri: str, pertama: str):
    hasil = ids(terisi, Kueri(kueri))
    if pertama is None:
        assert hasil == []
    else:
        assert hasil[0] == pertama, hasil


def test_potongan_nomor_mencari_nomor_naskah_bukan_kutipan(terisi: MesinCari):
    # KEPUTUSAN_MENYEBUT_0512 cites 0512/C7.24/HK.03.01/2024 in its text: a part of a number
    # finds the numbers of documents (the whole number typed also finds the citation)
    assert ids(terisi, Kueri("0512/C7.24")) == [data.KEPUTUSAN_SP.id]
    # every document numbered …/C7.24/HK.03.01/2024, and nothing of another classification
    assert set(ids(terisi, Kueri("C7.24/HK.03.01/2024"))) == {
        data.SK_KERJA_SAMA_SPASI.id,
        data.KEPUTUSAN_SP.id,
        data.KEPUTUSAN_MENYEBUT_0512.id,
    }
    assert ids(terisi, Kueri("KPT/2021")) == []


def test_nip_dan_nik_istilah_persis(terisi: MesinCari):
    assert ids(terisi, Kueri("198502142010122004")) == [data.SURAT_TUGAS_NARASUMBER.id]
    assert ids(terisi, Kueri("19850214 201012 2 004")) == [data.SURAT_TUGAS_NARASUMBER.id]
    assert ids(terisi, Kueri("198502142010122005")) == []  # one digit off: nothing
    assert ids(terisi, Kueri("6471054406900002")) == [data.SERTIFIKAT_2023.id]
    assert ids(terisi, Kueri("647105440690")) == []  # a prefix is not the NIK


# --- filters, ordering, snippets -------------------------------------------------------------


def test_saringan_jenis_tanggal_unit_klasifikasi(terisi: MesinCari):
    assert set(ids(terisi, Kueri(jenis="sertifikat"))) == {
        data.SERTIFIKAT_RAHMAT.id,
        data.SERTIFIKAT_2023.id,
    }
    tahun_2023 = Kueri("sertifikat", dari=date(2023, 1, 1), sampai=date(2023, 12, 31))
    assert ids(terisi, tahun_2023) == [data.SERTIFIKAT_2023.id]
    rentang = Kueri(dari=date(2024, 4, 15), sampai=date(2024, 5, 21))  # both ends inclusive
    assert set(ids(terisi, rentang)) == {data.SURAT_TUGAS_NARASUMBER.id, data.KEPUTUSAN_SP.id}
    assert set(ids(terisi, Kueri("pendidikan", unit="c7.24", klasifikasi="HK.03.01"))) == {
        data.SK_KERJA_SAMA_SPASI.id,
        data.KEPUTUSAN_SP.id,
    }
    assert ids(terisi, Kueri("pendidikan", jenis="sertifikat")) == []


def test_saringan_beberapa_jenis(terisi: MesinCari):
    kueri = Kueri("pendidikan", jenis_dalam=("keputusan", "sk_kerja_sama"))
    assert set(ids(terisi, kueri)) == {data.SK_KERJA_SAMA_SPASI.id, data.KEPUTUSAN_SP.id}
    assert set(ids(terisi, Kueri(jenis_dalam=("surat_tugas",)))) == {data.SURAT_TUGAS_NARASUMBER.id}


def test_padanan_singkatan_kantor(terisi: MesinCari):
    padanan = (("bimtek", ("bimbingan teknis",)), ("kaltim", ("kalimantan timur",)))
    assert ids(terisi, Kueri("bimtek")) == []  # the word alone is in no document
    assert ids(terisi, Kueri("bimtek", padanan=padanan)) == [data.SURAT_TUGAS_NARASUMBER.id]
    assert ids(terisi, Kueri("bimtek kurikulum", padanan=padanan)) == [
        data.SURAT_TUGAS_NARASUMBER.id
    ]
    assert ids(terisi, Kueri("bimtek asesmen", padanan=padanan)) == []


def test_urut_tanggal_dan_batas_dan_jumlah(terisi: MesinCari):
    hasil = terisi.cari(Kueri(unit="C7.24", urut="tanggal", batas=2))
    assert [h.id for h in hasil.hasil] == [data.KEPUTUSAN_MENYEBUT_0512.id, data.KEPUTUSAN_SP.id]
    assert hasil.jumlah == 4


def test_relevansi_tentang_di_atas_teks(terisi: MesinCari):
    # "Standar Pelayanan" is the tentang of one decree and only body text of the other
    hasil = ids(terisi, Kueri("standar pelayanan"))
    assert hasil[:2] == [data.KEPUTUSAN_SP.id, data.KEPUTUSAN_MENYEBUT_0512.id]


def test_cuplikan_menandai_kata_yang_cocok(terisi: MesinCari):
    (h,) = terisi.cari(Kueri('"penanganan pengaduan"')).hasil
    assert h.id == data.KEPUTUSAN_SP.id
    assert "[[penanganan]] [[pengaduan]]" in h.cuplikan
    assert h.nomor == data.KEPUTUSAN_SP.nomor and h.lokasi == data.KEPUTUSAN_SP.lokasi
    assert h.tanggal == data.KEPUTUSAN_SP.tanggal and h.jenis == "keputusan"


def test_kata_umum_tidak_wajib_dan_kata_bertanda_minus_dikecualikan(terisi: MesinCari):
    assert ids(terisi, Kueri("sertifikat untuk yang guru")) == [data.SERTIFIKAT_RAHMAT.id]
    assert ids(terisi, Kueri("sertifikat -penggerak")) == [data.SERTIFIKAT_2023.id]


@pytest.mark.parametrize("teks", ["", "   ", "yang dan untuk", '""', "/ - ."])
def test_kueri_kosong_satu_kalimat(terisi: MesinCari, teks: str):
    with pytest.raises(InputError, match="kosong"):
        terisi.cari(Kueri(teks))


def test_kueri_aneh_tidak_pernah_galat_tak_terduga(terisi: MesinCari):
    for teks in ["a & b | !c", "'; DROP TABLE cari_dokumen; --", "(((", "<->", ":*", "\\", "ñ"]:
        try:
            terisi.cari(Kueri(teks))
        except InputError as exc:  # a clear sentence is fine; any other exception is a bug
            assert "kosong" in str(exc)
    assert jumlah_dokumen(terisi) == len(data.SEMUA)
    with pytest.raises(InputError, match="tukar"):
        terisi.cari(Kueri("guru", dari=date(2024, 2, 1), sampai=date(2024, 1, 1)))
    with pytest.raises(InputError, match="Batas"):
        terisi.cari(Kueri("guru", batas=0))


def test_tentang_ditampilkan_seperti_ditulis(terisi: MesinCari):
    (h,) = terisi.cari(Kueri("kerjasama samarinda")).hasil
    assert h.tentang == data.SK_KERJA_SAMA_SPASI.tentang  # "Kerja Sama …", not "kerjasama …"


# --- vocabulary: what a typed word stands for ------------------------------------------------


def test_eja_frekuensi_dan_kata_mirip_dari_arsip(terisi: MesinCari):
    eja = terisi.eja(["Samarnda", "pendidikan", "pelatihn", "zzzzqqq", "sk"])
    assert eja["samarnda"].frekuensi == 0
    assert eja["samarnda"].mirip[0][0] == "samarinda"
    assert eja["samarnda"].mirip[0][1] == 1
    assert eja["pendidikan"].frekuensi >= 3
    assert eja["pelatihn"].frekuensi == 0
    assert eja["pelatihn"].mirip[0][0] == "pelatihan"
    assert eja["zzzzqqq"] == type(eja["zzzzqqq"])("zzzzqqq", 0, ())
    assert eja["sk"].mirip == ()  # too short for a typo


# --- the stamp and footnote of a signed PDF are not document text ------------------------


def test_cap_dan_catatan_kaki_tte_bukan_teks_naskah(mesin: MesinCari):
    cap = (
        "Ditandatangani secara elektronik oleh\nDr. Bambang Sutrisno, M.Pd.\nKepala Balai\n"
        "Waktu: 21 Mei 2024 10:12 WITA\n"
        "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat\n"
        "elektronik yang diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), Badan "
        "Siber dan Sandi Negara."
    )
    bertanda = [replace(d, teks=f"{d.teks}\n{cap}") for d in data.SEMUA]
    with mesin.tulis() as p:
        for d in bertanda:
            p.tambah(d)
    # only the two documents whose own text speaks of signatures
    assert set(ids(mesin, Kueri("tanda tangan"))) == {
        data.SK_KERJA_SAMA_SPASI.id,
        data.SURAT_TUGAS_NARASUMBER.id,
    }
    assert ids(mesin, Kueri("elektronik")) == []
    assert ids(mesin, Kueri("BSrE")) == []
    (h,) = mesin.cari(Kueri('"penanganan pengaduan"')).hasil
    assert "elektronik" not in h.cuplikan


# --- writers --------------------------------------------------------------------------------


def test_tambah_mengganti_id_yang_sama_dan_hapus(terisi: MesinCari):
    baru = replace(
        data.SERTIFIKAT_RAHMAT,
        tentang="Sertifikat Pelatihan Kepala Sekolah",
        teks="Diberikan kepada peserta pelatihan kepala sekolah.",
    )
    with terisi.tulis() as p:
        p.tambah(baru)
    assert ids(terisi, Kueri("penggerak")) == []
    assert ids(terisi, Kueri("kepala sekolah")) == [baru.id]
    assert jumlah_dokumen(terisi) == len(data.SEMUA)
    with terisi.tulis() as p:
        p.hapus(baru.id)
        p.hapus("tidak-pernah-ada")
    assert ids(terisi, Kueri("Rahmat")) == []
    assert ids(terisi, Kueri(peserta="Rahmat Hidayatullah")) == []
    assert jumlah_dokumen(terisi) == len(data.SEMUA) - 1


def test_penulis_yang_gagal_tidak_meninggalkan_apa_pun(terisi: MesinCari):
    with pytest.raises(RuntimeError), terisi.tulis() as p:
        for i in range(700):  # more than one round trip already sent before the failure
            p.tambah(replace(data.KEPUTUSAN_SP, id=f"gagal-{i}"))
        raise RuntimeError("gangguan di tengah batch")
    assert jumlah_dokumen(terisi) == len(data.SEMUA)


def test_bangun_ulang_mengganti_semuanya(terisi: MesinCari):
    assert terisi.bangun_ulang([data.SERTIFIKAT_2023]) == 1
    assert jumlah_dokumen(terisi) == 1
    # the same id twice in one rebuild: the later one wins
    lagi = replace(data.SERTIFIKAT_2023, tentang="Sertifikat Lokakarya Asesmen Diperbaiki")
    assert terisi.bangun_ulang([data.SERTIFIKAT_2023, data.KEPUTUSAN_SP, lagi]) == 3
    assert jumlah_dokumen(terisi) == 2
    assert ids(terisi, Kueri("diperbaiki")) == [lagi.id]
    assert ids(terisi, Kueri(peserta="Siti Nurhaliza")) == [lagi.id]
    assert terisi.bangun_ulang([data.SERTIFIKAT_2023]) == 1
    assert ids(terisi, Kueri("Rahmad")) == []  # old names no longer widen queries
    assert terisi.eja(["samarinda"])["samarinda"].frekuensi == 0
    assert ids(terisi, Kueri("Siti")) == [data.SERTIFIKAT_2023.id]

    def rusak():
        yield data.KEPUTUSAN_SP
        raise RuntimeError("arsip tidak terbaca")

    with pytest.raises(RuntimeError):
        terisi.bangun_ulang(rusak())
    assert ids(terisi, Kueri("Siti")) == [data.SERTIFIKAT_2023.id]  # nothing replaced
    assert not terisi.perlu_dibangun_ulang()


def test_dokumen_tanpa_teks_tetap_terindeks(mesin: MesinCari):
    polos = DokumenIndeks(
        id="polos", nomor="38/E/KPT/2021", jenis="lainnya", tanggal=date(2021, 3, 1),
        tentang="Akreditasi Program Studi",
    )  # fmt: skip
    with mesin.tulis() as p:
        p.tambah(polos)
    assert ids(mesin, Kueri("38/E")) == ["polos"]
    assert ids(mesin, Kueri("KPT/2021")) == ["polos"]
    assert ids(mesin, Kueri("38/E/KPT/2021")) == ["polos"]
    assert ids(mesin, Kueri("akreditasi")) == ["polos"]


def test_jumlah_tidak_bergantung_pada_batas(mesin: MesinCari):
    from tests.cari.korpus import korpus_contoh

    mesin.bangun_ulang(korpus_contoh())
    semua = mesin.cari(Kueri("kutai", batas=1000))
    assert semua.jumlah == len(semua.hasil) >= 12
    for batas in (1, 5, 10):
        hasil = mesin.cari(Kueri("kutai", batas=batas))
        assert (hasil.jumlah, len(hasil.hasil)) == (semua.jumlah, batas)


def test_hanya_id_dan_tanpa_cuplikan(terisi: MesinCari):
    polos = terisi.cari(Kueri("standar pelayanan", cuplikan=False))
    assert [h.id for h in polos.hasil][:2] == [
        data.KEPUTUSAN_SP.id,
        data.KEPUTUSAN_MENYEBUT_0512.id,
    ]
    assert all(h.cuplikan == "" for h in polos.hasil)
    satu = terisi.cari(Kueri("standar pelayanan", hanya_id=(data.KEPUTUSAN_MENYEBUT_0512.id,)))
    assert [h.id for h in satu.hasil] == [data.KEPUTUSAN_MENYEBUT_0512.id]
    assert satu.jumlah == 1 and "[[" in satu.hasil[0].cuplikan
    assert set(ids(terisi, Kueri(hanya_id=(data.SERTIFIKAT_2023.id, "tidak-ada")))) == {
        data.SERTIFIKAT_2023.id
    }
