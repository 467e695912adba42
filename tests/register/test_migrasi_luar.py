"""Revision 0012_arsip_luar: catalog entries of other offices (no number of this office).

On SQLite the catalog's two tables are rebuilt: their rows, indexes and append-only guards
must all survive; on PostgreSQL they are altered in place. Both: an outside entry needs its
office and no number, an office entry still needs its number, and the downgrade refuses while
an outside entry exists.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError

from naskah.config import Konfigurasi
from naskah.register import buka_register
from tests.register.test_hanya_tambah import KATALOG
from tests.register.test_migrasi_waktu import _migrasi


def _entri(ident: str, nomor_id: int | None, *, asal: str = "terbit", instansi=None) -> dict:
    return {
        "id": ident, "nomor_id": nomor_id, "nomor": "38/E/KPT/2021", "versi": 1,
        "jenis": "keputusan", "tanggal": date(2021, 3, 1), "tentang": "Uji",
        "lokasi": f"2021/{ident}", "id_verifikasi": f"v-{ident}", "asal": asal,
        "ditandatangani": False, "perlu_ocr": False, "sha256_metadata": "0" * 64,
        "oleh": "penguji", "dicatat": datetime(2024, 3, 1),
    } | ({"instansi": instansi} if instansi is not None else {})  # fmt: skip


def _sisip(c: sa.Connection, baris: dict) -> None:
    kolom = ", ".join(baris)
    nilai = ", ".join(f":{k}" for k in baris)
    c.execute(sa.text(f"INSERT INTO arsip_entri ({kolom}) VALUES ({nilai})"), baris)


def test_sqlite_lama_dibangun_ulang_isi_dan_pelindung_tetap(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'register.sqlite'}")
    try:
        _migrasi(engine, "0008_waktu_utc")
        with engine.begin() as c:
            c.execute(
                sa.text(
                    "INSERT INTO nomor (id, seri, periode, tahun, urut, sisipan, teks, rahasia, "
                    "tanggal, keadaan, oleh, dicatat) VALUES (1, 'naskah', 2021, 2021, 1, 0, "
                    "'1/X/2021', 0, '2021-03-01', 'terpakai', 'ani', '2021-03-01 10:00:00')"
                )
            )
            _sisip(c, _entri("lama", 1))
            c.execute(sa.text("INSERT INTO arsip_berkas VALUES ('lama', 'naskah.pdf', 'pdf', "
                              "'ab', 3)"))  # fmt: skip
        with engine.connect() as c:  # foreign keys on, as naskah's write connections have them
            c.exec_driver_sql("PRAGMA foreign_keys=ON")
            c.commit()
            cfg_conn = c
            from alembic import command
            from alembic.config import Config as AlembicConfig

            from naskah.register.basis import MIGRATIONS

            cfg = AlembicConfig()
            cfg.set_main_option("script_location", str(MIGRATIONS))
            with cfg_conn.begin():
                cfg.attributes["connection"] = cfg_conn
                command.upgrade(cfg, "0012_arsip_luar")
        with engine.connect() as c:
            assert c.execute(sa.text("SELECT id, nomor_id FROM arsip_entri")).all() == [("lama", 1)]
            assert c.execute(sa.text("SELECT entri_id, sha256 FROM arsip_berkas")).all() == [
                ("lama", "ab")
            ]
            nama = {r[0] for r in c.execute(sa.text("SELECT name FROM sqlite_master"))}
            assert {"ix_arsip_entri_nomor", "ix_arsip_berkas_sha256", "arsip_entri_tanpa_hapus",
                    "arsip_entri_tanpa_ubah", "arsip_berkas_tanpa_update",
                    "arsip_berkas_tanpa_delete"} <= nama  # fmt: skip
            assert "arsip_berkas_lama" not in nama and "arsip_entri_baru" not in nama
            assert c.execute(sa.text("PRAGMA foreign_key_check")).all() == []
        for sql in ("DELETE FROM arsip_entri", "DELETE FROM arsip_berkas",
                    "UPDATE arsip_entri SET lokasi = 'x'"):  # fmt: skip
            with pytest.raises(DBAPIError, match=KATALOG), engine.begin() as c:
                c.execute(sa.text(sql))
    finally:
        engine.dispose()


def test_entri_luar_tanpa_nomor_kantor(kantor_db: Konfigurasi) -> None:
    with buka_register(kantor_db) as reg:
        reg.ambil("naskah", tanggal="2024-03-01", perihal="a", klasifikasi="HK.03.01")
    engine = sa.create_engine(kantor_db.url_basis_data)
    try:
        with engine.begin() as c:
            nomor_id = c.execute(sa.text("SELECT id FROM nomor")).scalar_one()
            _sisip(c, _entri("luar", None, asal="luar", instansi="Ditjen Dikti"))
            _sisip(c, _entri("kantor", nomor_id))
        salah = [
            _entri("a", None, asal="luar"),  # an outside document names its office
            _entri("b", None),  # an office document has its number
            _entri("c", nomor_id, asal="luar", instansi="Ditjen Dikti"),
        ]
        for baris in salah:
            with pytest.raises(IntegrityError), engine.begin() as c:
                _sisip(c, baris)
        ganda = _entri("d", None, asal="luar", instansi="Ditjen Dikti")  # same office, number
        with pytest.raises(IntegrityError), engine.begin() as c:
            _sisip(c, ganda)
        if engine.dialect.name == "sqlite":
            with pytest.raises(RuntimeError, match="instansi lain"):
                _migrasi(engine, "0008_waktu_utc", turun=True)
    finally:
        engine.dispose()
