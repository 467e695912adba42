"""Revision 0013_indeks_pemesanan: facility bookings are indexed by their request.

On SQLite and PostgreSQL: an older register gains the index (its bookings kept), the index is
the one the table definition declares (so a fresh register and a migrated one agree), the
request's bookings are read through it, and the downgrade takes it away again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from naskah.ult.skema import ult_pemesanan
from tests.register.test_migrasi_waktu import _migrasi

INDEKS = "ix_ult_pemesanan_permohonan_id"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def engine(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'register.sqlite'}"
    else:
        url = request.getfixturevalue("server_pg").basis_baru()
    e = sa.create_engine(url)
    try:
        yield e
    finally:
        e.dispose()


def _indeks(engine: sa.Engine) -> dict[str, list[str | None]]:
    return {i["name"]: i["column_names"] for i in sa.inspect(engine).get_indexes("ult_pemesanan")}


def _isi(c: sa.Connection) -> None:
    c.execute(
        sa.text(
            "INSERT INTO ult_permohonan (id, kode, layanan, nama_layanan, standar, kanal, "
            "instansi, hari_terima, diterima, keadaan, dicatat, oleh) VALUES (1, 'ABCD2345', "
            "'fasilitas', 'Penggunaan Fasilitas', '1/X/2024', 'surat', 'SMA 1', '2025-06-02', "
            "'2025-06-02 02:00:00+00', 'diterima', '2025-06-02 02:00:00+00', 'ani')"
        )
    )
    c.execute(
        sa.text(
            "INSERT INTO ult_pemesanan (fasilitas, permohonan_id, mulai, selesai, satuan, jumlah, "
            "tarif, keadaan, dicatat, oleh) VALUES ('aula', 1, '2025-06-10 00:00:00+00', "
            "'2025-06-10 08:00:00+00', 'hari', 1, 1500000, 'dipesan', "
            "'2025-06-02 02:00:00+00', 'ani')"
        )
    )


def test_indeks_dibuat_sama_dengan_definisi_tabel_dan_dibatalkan(engine: sa.Engine) -> None:
    _migrasi(engine, "0012_arsip_luar")
    assert INDEKS not in _indeks(engine)
    with engine.begin() as c:
        _isi(c)
    _migrasi(engine, "0013_indeks_pemesanan")
    dideklarasikan = {i.name: [k.name for k in i.columns] for i in ult_pemesanan.indexes}
    assert dideklarasikan[INDEKS] == ["permohonan_id"]
    assert _indeks(engine) == dideklarasikan  # migrated schema == the table definition
    with engine.connect() as c:
        baris = c.execute(sa.text("SELECT fasilitas FROM ult_pemesanan WHERE permohonan_id = 1"))
        assert baris.all() == [("aula",)]
        if engine.dialect.name == "sqlite":
            rencana = " ".join(
                str(r[-1])
                for r in c.exec_driver_sql(
                    "EXPLAIN QUERY PLAN SELECT * FROM ult_pemesanan WHERE permohonan_id = 1"
                )
            )
            assert INDEKS in rencana
        else:
            c.exec_driver_sql("SET enable_seqscan = off")
            rencana = " ".join(
                r[0]
                for r in c.exec_driver_sql(
                    "EXPLAIN SELECT * FROM ult_pemesanan WHERE permohonan_id = 1"
                )
            )
            assert INDEKS in rencana
    _migrasi(engine, "0012_arsip_luar", turun=True)
    assert INDEKS not in _indeks(engine)
    assert "ix_ult_pemesanan_fasilitas" in _indeks(engine)


def test_register_baru_memuat_indeks(tmp_path: Path) -> None:
    from naskah.register import buka_register
    from tests.register.conftest import tulis_kantor

    k = tulis_kantor(tmp_path / "kantor")
    with buka_register(k) as reg:
        reg.ambil("naskah", tanggal="2024-03-01", perihal="a", klasifikasi="HK.03.01")
    e = sa.create_engine(k.url_basis_data)
    try:
        assert _indeks(e)[INDEKS] == ["permohonan_id"]
    finally:
        e.dispose()
