"""Revision 0015_cari_jenis_vektor: an index of schema version 2 gains the kind lexeme in place.

A version-2 index (documents written without the kind in their tsvector) is migrated: every
document gets the lexeme, the index becomes version 3 and answers kind filters on text queries
without a rebuild (those filters are matched through the lexeme alone, so a document without
it would be missed); the downgrade only gives the version back.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from naskah.cari import Kueri
from naskah.cari.postgresql import VERSI_SKEMA, MesinCariPostgres
from naskah.config import Konfigurasi
from tests.register.test_migrasi_waktu import _migrasi

pytestmark = pytest.mark.slow

# two documents as version 2 wrote them: the same words, two kinds
_ISI_V2 = """
    INSERT INTO cari_dokumen (id, nomor, nomor_kunci, jenis, tanggal, tentang, teks, orang, unit,
                              klasifikasi, lokasi, versi, terkini, orang_cari, vektor)
    VALUES (:id, :nomor, lower(:nomor), :jenis, '2024-05-17', 'Kurikulum operasional', '', '',
            NULL, NULL, :id, 1, true, '{}',
            setweight(to_tsvector('indonesian', :nomor), 'A')
            || setweight(to_tsvector('indonesian', 'Kurikulum operasional'), 'B'))
"""


def test_indeks_versi_2_diberi_leksem_jenis_di_tempat(kantor_pg: Konfigurasi) -> None:
    engine = sa.create_engine(kantor_pg.url_basis_data)
    try:
        _migrasi(engine, "0014_ult_paraf")
        with engine.begin() as c:
            assert c.execute(sa.text("SELECT nilai FROM cari_meta")).scalar() == "2"
            for id, nomor, jenis in (
                ("kep", "1/C7.24/HK.03.01/2024", "keputusan"),
                ("ser", "00001/Sertifikat/BPMPKALTIM/2024", "sertifikat"),
            ):
                c.execute(sa.text(_ISI_V2), {"id": id, "nomor": nomor, "jenis": jenis})
        _migrasi(engine, "0015_cari_jenis_vektor")
        with engine.connect() as c:
            assert c.execute(sa.text("SELECT nilai FROM cari_meta")).scalar() == str(VERSI_SKEMA)
            leksem = dict(
                c.execute(
                    sa.text(
                        "SELECT id, array_to_string(array(SELECT l FROM unnest(tsvector_to_array("
                        "vektor)) AS l WHERE l LIKE 'naskah jenis %'), ',') FROM cari_dokumen"
                    )
                ).all()
            )
        assert leksem == {"kep": "naskah jenis keputusan", "ser": "naskah jenis sertifikat"}
        with MesinCariPostgres(kantor_pg) as mesin:
            for kueri, ids in (
                (Kueri("kurikulum", jenis="keputusan"), ["kep"]),
                (Kueri("kurikulum", jenis_dalam=("sertifikat",)), ["ser"]),
                (Kueri("kurikulum", jenis_dalam=("keputusan", "sertifikat")), ["kep", "ser"]),
                (Kueri("kurikulum", jenis="surat_tugas"), []),
            ):
                assert sorted(h.id for h in mesin.cari(kueri).hasil) == ids, kueri
        _migrasi(engine, "0014_ult_paraf", turun=True)
        with engine.connect() as c:
            assert c.execute(sa.text("SELECT nilai FROM cari_meta")).scalar() == "2"
    finally:
        engine.dispose()
