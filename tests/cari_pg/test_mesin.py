"""The PostgreSQL search backend against a real server: what only it has (its transactions, tables,
schema version and database errors); the shared behaviour is in tests/cari/test_kontrak.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from naskah.cari import Kueri
from naskah.cari.postgresql import MesinCariPostgres
from naskah.config import Konfigurasi
from naskah.errors import CariError, ConfigError, RegisterError
from naskah.register import buka_register
from naskah.register.basis import revisi_dikenal
from tests.cari import data
from tests.register.conftest import tulis_kantor

pytestmark = pytest.mark.slow  # a real PostgreSQL server


def ids(mesin: MesinCariPostgres, kueri: Kueri) -> list[str]:
    return [h.id for h in mesin.cari(kueri).hasil]


@pytest.fixture
def terisi(mesin: MesinCariPostgres) -> MesinCariPostgres:
    with mesin.tulis() as p:
        for d in data.SEMUA:
            p.tambah(d)
    return mesin


# The behaviour every backend shares (spelling, names, numbers, filters, writers) is tested on
# each backend by tests/cari/test_kontrak.py; here is what only this backend has.


def test_galat_basis_data_indeks_adalah_cari_error(tmp_path: Path):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    kantor = tulis_kantor(
        tmp_path / "kantor", url=f"postgresql+psycopg://naskah@127.0.0.1:{port}/naskah",
        batas_tunggu=2,
    )  # fmt: skip
    with MesinCariPostgres(kantor) as m:
        with pytest.raises(CariError, match="Indeks pencarian") as info:
            m.cari(Kueri("sertifikat"))
        assert not isinstance(info.value, RegisterError)
        with pytest.raises(CariError):
            m.eja(["sertifikat"])


def test_penulis_dalam_tidak_menerjemahkan_galat_pemanggil(mesin: MesinCariPostgres):
    with mesin.engine.connect() as conn, conn.begin():
        penulis_dalam = mesin.tulis_dalam(conn)
        assert penulis_dalam is not None
        with pytest.raises(RegisterError, match="katalog"), penulis_dalam:
            raise RegisterError("Baris katalog ditolak.")


def test_bangun_ulang_tabel_bentuk_migrasi(terisi: MesinCariPostgres):
    susunan = _susunan(terisi)
    assert terisi.bangun_ulang([data.SERTIFIKAT_2023]) == 1
    assert _susunan(terisi) == susunan  # the swapped-in tables have the migrations' shape
    assert terisi.bangun_ulang([data.SERTIFIKAT_2023, data.KEPUTUSAN_SP]) == 2
    assert _susunan(terisi) == susunan
    with terisi.engine.connect() as c:
        kata = {k for (k,) in c.execute(text("SELECT kata FROM cari_kata"))}
    assert {"standar", "pelayanan", "lokakarya", "asesmen"} <= kata
    assert terisi.jumlah_dokumen() == 2


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
        with pytest.raises(CariError, match="di dalam transaksi"), penulis_dalam:
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


# --- schema -------------------------------------------------------------------------------


def test_versi_skema_lain_diminta_bangun_ulang(terisi: MesinCariPostgres, kantor_pg: Konfigurasi):
    assert not terisi.perlu_dibangun_ulang()
    engine = create_engine(kantor_pg.url_basis_data)
    with engine.begin() as c:
        c.execute(text("UPDATE cari_meta SET nilai = '0' WHERE kunci = 'versi_skema'"))
    engine.dispose()
    assert terisi.perlu_dibangun_ulang()
    with MesinCariPostgres(kantor_pg) as baru, pytest.raises(CariError, match="indeks-ulang"):
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


# --- the read path ----------------------------------------------------------------------------


def test_cari_pertama_di_basis_kosong_membuat_skema(mesin: MesinCariPostgres):
    # a database without the schema: the search goes through the engine, which creates it
    assert mesin.cari(Kueri("sertifikat")).hasil == ()
    assert mesin.eja(["sertifikat"])["sertifikat"].frekuensi == 0
    assert not mesin.perlu_dibangun_ulang()
    with mesin.tulis() as p:
        p.tambah(data.KEPUTUSAN_SP)
    assert ids(mesin, Kueri("standar pelayanan")) == [data.KEPUTUSAN_SP.id]


def test_cari_membaca_tanpa_engine_dan_melihat_tulisan_baru(
    terisi: MesinCariPostgres, kantor_pg: Konfigurasi
):
    with MesinCariPostgres(kantor_pg) as pembaca:
        assert data.KEPUTUSAN_SP.id in ids(pembaca, Kueri("standar pelayanan"))
        assert pembaca._engine is None  # pg_baca's own connection, no SQLAlchemy engine
        with terisi.tulis() as p:
            p.hapus(data.KEPUTUSAN_SP.id)
        # the kept connection reads each search in a new transaction: the change is seen
        assert data.KEPUTUSAN_SP.id not in ids(pembaca, Kueri("standar pelayanan"))
        assert pembaca._engine is None


def test_sambungan_baca_yang_terputus_diganti(terisi: MesinCariPostgres, kantor_pg: Konfigurasi):
    with MesinCariPostgres(kantor_pg) as pembaca:
        assert data.KEPUTUSAN_SP.id in ids(pembaca, Kueri("standar pelayanan"))
        with terisi.engine.connect() as c:  # the server drops the reader's connection
            c.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND backend_type = 'client backend' AND application_name = ''"
                )
            )
        with pytest.raises(CariError, match="Indeks pencarian"):
            pembaca.cari(Kueri("standar pelayanan"))
        assert data.KEPUTUSAN_SP.id in ids(pembaca, Kueri("standar pelayanan"))
