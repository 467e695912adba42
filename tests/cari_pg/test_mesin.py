"""The PostgreSQL search backend against a real server: analysis, exact terms, filters, writers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from naskah.cari import Kueri
from naskah.cari.postgresql import MesinCariPostgres, jarak_ketik, urai_kueri
from naskah.config import Konfigurasi
from naskah.errors import ArchiveError, ConfigError, InputError
from naskah.register import buka_register
from naskah.register.basis import revisi_dikenal
from tests.register.conftest import tulis_kantor

from . import data


def ids(mesin: MesinCariPostgres, kueri: Kueri) -> list[str]:
    return [h.id for h in mesin.cari(kueri).hasil]


@pytest.fixture
def terisi(mesin: MesinCariPostgres) -> MesinCariPostgres:
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
def test_ejaan_berpasangan_saling_menemukan(terisi: MesinCariPostgres, kueri: str, harus: str):
    assert harus in ids(terisi, Kueri(kueri))


# --- names with typos ---------------------------------------------------------------------


def test_nama_peserta_salah_ketik_satu_huruf_ditemukan(terisi: MesinCariPostgres):
    hasil = terisi.cari(Kueri("Rahmat Hidayatulah"))
    assert [h.id for h in hasil.hasil] == [data.SERTIFIKAT_RAHMAT.id]
    assert "[[Rahmat]]" in hasil.hasil[0].cuplikan
    assert "[[Hidayatullah]]" in hasil.hasil[0].cuplikan
    assert ids(terisi, Kueri("Rahmad")) == [data.SERTIFIKAT_RAHMAT.id]  # t → d
    assert ids(terisi, Kueri("Siti Nurhalzia")) == [data.SERTIFIKAT_2023.id]  # swapped letters


def test_kata_biasa_tidak_dibuat_kabur(terisi: MesinCariPostgres):
    # "pelatihn" is one letter off "pelatihan", but only names are widened, not every word
    assert ids(terisi, Kueri("pelatihn")) == []
    assert ids(terisi, Kueri("Rahmat Hidayatulah lokakarya")) == []


def test_saringan_peserta_nama_salah_ketik_nik_dan_penandatangan(terisi: MesinCariPostgres):
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
    with pytest.raises(InputError):
        terisi.cari(Kueri(peserta="!!!"))


# --- exact numbers, NIP, NIK ---------------------------------------------------------------


@pytest.mark.parametrize(
    "kueri",
    ["0512/C7.24/HK.03.01/2024", "0512 / C7.24 / HK.03.01 / 2024", "0512/c7.24/hk.03.01/2024"],
)
def test_nomor_utuh_dokumennya_pertama(terisi: MesinCariPostgres, kueri: str):
    hasil = ids(terisi, Kueri(kueri))
    # the decree that cites the number twice in its text still comes second
    assert hasil == [data.KEPUTUSAN_SP.id, data.KEPUTUSAN_MENYEBUT_0512.id]
    assert ids(terisi, Kueri(kueri, urut="tanggal"))[0] == data.KEPUTUSAN_SP.id


def test_nomor_menurut_bagiannya(terisi: MesinCariPostgres):
    assert set(ids(terisi, Kueri("OT.02.02"))) == {data.SURAT_TUGAS_NARASUMBER.id}
    assert data.KEPUTUSAN_SP.id in ids(terisi, Kueri("0512"))
    assert set(ids(terisi, Kueri("BPMPKALTIM 2023"))) == {data.SERTIFIKAT_2023.id}
    assert ids(terisi, Kueri("0513/C7.24/HK.03.01/2024")) == []


def test_nip_dan_nik_istilah_persis(terisi: MesinCariPostgres):
    assert ids(terisi, Kueri("198502142010122004")) == [data.SURAT_TUGAS_NARASUMBER.id]
    assert ids(terisi, Kueri("19850214 201012 2 004")) == [data.SURAT_TUGAS_NARASUMBER.id]
    assert ids(terisi, Kueri("198502142010122005")) == []  # one digit off: nothing
    assert ids(terisi, Kueri("6471054406900002")) == [data.SERTIFIKAT_2023.id]
    assert ids(terisi, Kueri("647105440690")) == []  # a prefix is not the NIK


# --- filters, ordering, snippets -------------------------------------------------------------


def test_saringan_jenis_tanggal_unit_klasifikasi(terisi: MesinCariPostgres):
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


def test_urut_tanggal_dan_batas_dan_jumlah(terisi: MesinCariPostgres):
    hasil = terisi.cari(Kueri(unit="C7.24", urut="tanggal", batas=2))
    assert [h.id for h in hasil.hasil] == [data.KEPUTUSAN_MENYEBUT_0512.id, data.KEPUTUSAN_SP.id]
    assert hasil.jumlah == 4


def test_relevansi_tentang_di_atas_teks(terisi: MesinCariPostgres):
    # "Standar Pelayanan" is the tentang of one decree and only body text of the other
    hasil = ids(terisi, Kueri("standar pelayanan"))
    assert hasil[:2] == [data.KEPUTUSAN_SP.id, data.KEPUTUSAN_MENYEBUT_0512.id]


def test_cuplikan_menandai_kata_yang_cocok(terisi: MesinCariPostgres):
    (h,) = terisi.cari(Kueri('"penanganan pengaduan"')).hasil
    assert h.id == data.KEPUTUSAN_SP.id
    assert "[[penanganan]] [[pengaduan]]" in h.cuplikan
    assert h.nomor == data.KEPUTUSAN_SP.nomor and h.lokasi == data.KEPUTUSAN_SP.lokasi
    assert h.tanggal == data.KEPUTUSAN_SP.tanggal and h.jenis == "keputusan"


def test_kata_umum_tidak_wajib_dan_kata_bertanda_minus_dikecualikan(terisi: MesinCariPostgres):
    assert ids(terisi, Kueri("sertifikat untuk yang guru")) == [data.SERTIFIKAT_RAHMAT.id]
    assert ids(terisi, Kueri("sertifikat -penggerak")) == [data.SERTIFIKAT_2023.id]


@pytest.mark.parametrize("teks", ["", "   ", "yang dan untuk", '""', "/ - ."])
def test_kueri_kosong_satu_kalimat(terisi: MesinCariPostgres, teks: str):
    with pytest.raises(InputError, match="kosong"):
        terisi.cari(Kueri(teks))


def test_kueri_aneh_tidak_pernah_galat_tak_terduga(terisi: MesinCariPostgres):
    for teks in ["a & b | !c", "'; DROP TABLE cari_dokumen; --", "(((", "<->", ":*", "\\", "ñ"]:
        try:
            terisi.cari(Kueri(teks))
        except InputError as exc:  # a clear sentence is fine; any other exception is a bug
            assert "kosong" in str(exc)
    assert terisi.jumlah_dokumen() == len(data.SEMUA)
    with pytest.raises(InputError):
        terisi.cari(Kueri("guru", dari=date(2024, 2, 1), sampai=date(2024, 1, 1)))


def test_urai_kueri_dan_jarak_ketik():
    assert urai_kueri("0512 / C7.24 / HK.03.01 / 2024").kunci_nomor == "0512/c7.24/hk.03.01/2024"
    u = urai_kueri('"standar pelayanan" kerja sama -surat untuk')
    assert u.frasa == ("standar pelayanan",) and u.kata == ("kerjasama",) and u.tanpa == ("surat",)
    assert jarak_ketik("fauzi", "fauzy") == 1
    assert jarak_ketik("nurhaliza", "nurhalzia") == 1
    assert jarak_ketik("budi", "bud") == 1
    assert jarak_ketik("hidayat", "hidayatullah") == 5


# --- writers ------------------------------------------------------------------------------


def test_tambah_mengganti_id_yang_sama_dan_hapus(terisi: MesinCariPostgres):
    baru = replace(
        data.SERTIFIKAT_RAHMAT,
        tentang="Sertifikat Pelatihan Kepala Sekolah",
        teks="Diberikan kepada peserta pelatihan kepala sekolah.",
    )
    with terisi.tulis() as p:
        p.tambah(baru)
    assert ids(terisi, Kueri("penggerak")) == []
    assert ids(terisi, Kueri("kepala sekolah")) == [baru.id]
    assert terisi.jumlah_dokumen() == len(data.SEMUA)
    with terisi.tulis() as p:
        p.hapus(baru.id)
        p.hapus("tidak-pernah-ada")
    assert ids(terisi, Kueri("Rahmat")) == []
    assert ids(terisi, Kueri(peserta="Rahmat Hidayatullah")) == []
    assert terisi.jumlah_dokumen() == len(data.SEMUA) - 1


def test_penulis_yang_gagal_tidak_meninggalkan_apa_pun(mesin: MesinCariPostgres):
    with pytest.raises(RuntimeError), mesin.tulis() as p:
        for i in range(700):  # more than one round trip already sent before the failure
            p.tambah(replace(data.KEPUTUSAN_SP, id=f"gagal-{i}"))
        raise RuntimeError("gangguan di tengah batch")
    assert mesin.jumlah_dokumen() == 0
    assert ids(mesin, Kueri("Bambang")) == []


def test_tulis_dalam_transaksi_pemanggil(mesin: MesinCariPostgres):
    with mesin.engine.connect() as conn:
        with conn.begin():
            penulis_dalam = mesin.tulis_dalam(conn)
            assert penulis_dalam is not None
            with penulis_dalam as penulis:
                penulis.tambah(data.KEPUTUSAN_SP)
            # sent when the block ends: visible inside the caller's transaction, not outside
            assert conn.execute(text("SELECT count(*) FROM cari_dokumen")).scalar_one() == 1
            assert mesin.jumlah_dokumen() == 0
        assert ids(mesin, Kueri("standar pelayanan")) == [data.KEPUTUSAN_SP.id]
        transaksi = conn.begin()
        penulis_dalam = mesin.tulis_dalam(conn)
        assert penulis_dalam is not None
        with penulis_dalam as penulis:
            penulis.tambah(data.SERTIFIKAT_RAHMAT)
            penulis.hapus(data.KEPUTUSAN_SP.id)
        transaksi.rollback()  # the catalog row failed: the index entry goes with it
    assert ids(mesin, Kueri("standar pelayanan")) == [data.KEPUTUSAN_SP.id]
    assert ids(mesin, Kueri("Rahmat")) == []


def test_tulis_dalam_tanpa_transaksi_ditolak(mesin: MesinCariPostgres):
    with mesin.engine.connect() as conn:
        penulis_dalam = mesin.tulis_dalam(conn)
        assert penulis_dalam is not None
        with pytest.raises(ArchiveError, match="di dalam transaksi"), penulis_dalam:
            pass


def _susunan(mesin: MesinCariPostgres) -> set[tuple[str, str]]:
    with mesin.engine.connect() as c:
        indeks = c.execute(
            text("SELECT tablename, indexdef FROM pg_indexes WHERE tablename LIKE 'cari%'")
        ).all()
        batasan = c.execute(
            text(
                "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) || ' ' || conname "
                "FROM pg_constraint WHERE conrelid::regclass::text LIKE 'cari%'"
            )
        ).all()
    return {(a, b) for a, b in [*indeks, *batasan]}


def test_bangun_ulang_mengganti_semuanya(terisi: MesinCariPostgres):
    susunan = _susunan(terisi)
    assert terisi.bangun_ulang([data.SERTIFIKAT_2023]) == 1
    assert _susunan(terisi) == susunan  # the swapped-in tables have the migration's shape
    assert terisi.bangun_ulang([data.SERTIFIKAT_2023, data.KEPUTUSAN_SP]) == 2
    assert _susunan(terisi) == susunan
    assert terisi.bangun_ulang([data.SERTIFIKAT_2023]) == 1
    assert terisi.jumlah_dokumen() == 1
    # the same id twice in one rebuild: the later one wins
    lagi = replace(data.SERTIFIKAT_2023, tentang="Sertifikat Lokakarya Asesmen Diperbaiki")
    assert terisi.bangun_ulang([data.SERTIFIKAT_2023, data.KEPUTUSAN_SP, lagi]) == 3
    assert terisi.jumlah_dokumen() == 2
    assert ids(terisi, Kueri("diperbaiki")) == [lagi.id]
    assert ids(terisi, Kueri(peserta="Siti Nurhaliza")) == [lagi.id]
    assert terisi.bangun_ulang([data.SERTIFIKAT_2023]) == 1
    assert ids(terisi, Kueri("Rahmad")) == []  # old names no longer widen queries
    assert ids(terisi, Kueri("Siti")) == [data.SERTIFIKAT_2023.id]
    with pytest.raises(RuntimeError):

        def rusak():
            yield data.KEPUTUSAN_SP
            raise RuntimeError("arsip tidak terbaca")

        terisi.bangun_ulang(rusak())
    assert ids(terisi, Kueri("Siti")) == [data.SERTIFIKAT_2023.id]  # nothing replaced


# --- schema -------------------------------------------------------------------------------


def test_versi_skema_lain_diminta_bangun_ulang(terisi: MesinCariPostgres, kantor_pg: Konfigurasi):
    assert not terisi.perlu_dibangun_ulang()
    engine = create_engine(kantor_pg.url_basis_data)
    with engine.begin() as c:
        c.execute(text("UPDATE cari_meta SET nilai = '0' WHERE kunci = 'versi_skema'"))
    engine.dispose()
    assert terisi.perlu_dibangun_ulang()
    with MesinCariPostgres(kantor_pg) as baru, pytest.raises(ArchiveError, match="indeks-ulang"):
        baru.cari(Kueri("sertifikat"))
    terisi.bangun_ulang(data.SEMUA)
    assert not terisi.perlu_dibangun_ulang()


def test_register_sqlite_menolak_mesin_postgresql_dan_migrasinya_kosong(tmp_path: Path):
    kantor = tulis_kantor(tmp_path / "kantor")
    with pytest.raises(ConfigError, match="PostgreSQL"):
        MesinCariPostgres(kantor)
    with buka_register(kantor) as reg:
        reg.ambil("naskah", klasifikasi="HK.03.01", tanggal="2024-05-17", perihal="uji")
        tabel = inspect(reg.engine).get_table_names()
        with reg.engine.connect() as c:
            kepala = c.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert not [t for t in tabel if t.startswith("cari_")]
    # the chain ran through 0003_cari_postgresql (a no-op here) up to the one newest revision
    assert {kepala} == set(revisi_dikenal()[1])


def test_register_dan_indeks_satu_basis_data(kantor_pg: Konfigurasi, mesin: MesinCariPostgres):
    with buka_register(kantor_pg) as reg:
        reg.ambil("naskah", klasifikasi="HK.03.01", tanggal="2024-05-17", perihal="uji")
    assert not mesin.perlu_dibangun_ulang()
    tabel = set(inspect(mesin.engine).get_table_names())
    assert {"nomor", "cari_dokumen", "cari_kata_nama", "cari_meta"} <= tabel


def test_tentang_ditampilkan_seperti_ditulis(terisi: MesinCariPostgres):
    (h,) = terisi.cari(Kueri("kerjasama samarinda")).hasil
    assert h.tentang == data.SK_KERJA_SAMA_SPASI.tentang  # "Kerja Sama …", not "kerjasama …"
