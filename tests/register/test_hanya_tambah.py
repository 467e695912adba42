"""The append-only guards the database itself keeps (naskah.register.skema.sql_hanya_tambah):
the archive catalog and the issuing records refuse deletes and changes on SQLite and PostgreSQL
alike; an archive entry may only gain the newer version that replaces it, once. (The audit log's
guard is held by test_aturan.test_jejak_hanya_boleh_ditambah.)"""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from naskah.config import Konfigurasi
from naskah.register import buka_register
from naskah.register.skema import HanyaTambah, sql_hanya_tambah, sql_lepas_hanya_tambah

KATALOG = "katalog arsip tidak boleh dihapus atau diubah"
TERBIT = "catatan penerbitan tidak boleh dihapus"


def _entri(ident: str, nomor_id: int, versi: int) -> dict[str, object]:
    return {
        "id": ident, "nomor_id": nomor_id, "nomor": "0001/HK.03.01/2024", "versi": versi,
        "jenis": "keputusan", "tanggal": datetime(2024, 3, 1).date(), "tentang": "Uji",
        "lokasi": f"2024/{ident}", "id_verifikasi": f"v-{ident}", "asal": "terbit",
        "ditandatangani": False, "perlu_ocr": False, "sha256_metadata": "0" * 64,
        "oleh": "penguji", "dicatat": datetime(2024, 3, 1),
    }  # fmt: skip


def test_katalog_dan_catatan_terbit_hanya_boleh_ditambah(kantor_db: Konfigurasi) -> None:
    with buka_register(kantor_db) as reg:
        reg.ambil("naskah", tanggal="2024-03-01", perihal="a", klasifikasi="HK.03.01")
    engine = create_engine(kantor_db.url_basis_data)
    kolom = ", ".join(_entri("x", 0, 0))
    nilai = ", ".join(f":{k}" for k in _entri("x", 0, 0))
    try:
        with engine.begin() as c:
            nomor_id = c.execute(text("SELECT id FROM nomor")).scalar_one()
            for ident, versi in (("lama", 1), ("baru", 2)):
                c.execute(text(f"INSERT INTO arsip_entri ({kolom}) VALUES ({nilai})"),
                          _entri(ident, nomor_id, versi))  # fmt: skip
            c.execute(text("INSERT INTO arsip_berkas (entri_id, nama, peran, sha256, ukuran) "
                           "VALUES ('lama', 'naskah.pdf', 'pdf', :h, 1)"),
                      {"h": "1" * 64})  # fmt: skip
            c.execute(
                text("INSERT INTO terbit_naskah (kunci, jenis, nomor_id, nomor, keadaan, "
                     "id_verifikasi, oleh, dicatat) VALUES ('k', 'keputusan', :n, 'x', 'terbit', "
                     "'v', 'penguji', :t)"),
                {"n": nomor_id, "t": datetime(2024, 3, 1)},
            )  # fmt: skip
        # the one change an entry may get: the newer version that replaces it, once
        with engine.begin() as c:
            c.execute(text("UPDATE arsip_entri SET diganti_oleh = 'baru' WHERE id = 'lama'"))
        ditolak = {
            "UPDATE arsip_entri SET diganti_oleh = 'lain' WHERE id = 'lama'": KATALOG,
            "UPDATE arsip_entri SET lokasi = 'pindah' WHERE id = 'baru'": KATALOG,
            "UPDATE arsip_entri SET diganti_oleh = 'lama', versi = 9 WHERE id = 'baru'": KATALOG,
            "DELETE FROM arsip_entri WHERE id = 'baru'": KATALOG,
            "UPDATE arsip_berkas SET ukuran = 2": KATALOG,
            "DELETE FROM arsip_berkas": KATALOG,
            "DELETE FROM terbit_naskah": TERBIT,
        }
        for sql, pesan in ditolak.items():
            with pytest.raises(DBAPIError, match=pesan), engine.begin() as c:
                c.execute(text(sql))
        with engine.connect() as c:
            assert c.execute(text("SELECT id, diganti_oleh, lokasi FROM arsip_entri ORDER BY id"))\
                .all() == [("baru", None, "2024/baru"), ("lama", "baru", "2024/lama")]  # fmt: skip
            assert c.execute(text("SELECT ukuran FROM arsip_berkas")).scalar_one() == 1
            assert c.execute(text("SELECT count(*) FROM terbit_naskah")).scalar_one() == 1
    finally:
        engine.dispose()


def test_sql_hanya_tambah_satu_aturan_dua_dialek() -> None:
    aturan = HanyaTambah("t", (("UPDATE", "t_tanpa_update"), ("DELETE", "t_tanpa_delete")),
                         sekali="ganti", tetap=("id",))  # fmt: skip
    assert sql_hanya_tambah("sqlite", "f", "tidak boleh", aturan) == [
        "CREATE TRIGGER t_tanpa_update BEFORE UPDATE ON t WHEN OLD.ganti IS NOT NULL "
        "OR NEW.id IS NOT OLD.id BEGIN SELECT RAISE(ABORT, 'tidak boleh'); END",
        "CREATE TRIGGER t_tanpa_delete BEFORE DELETE ON t "
        "BEGIN SELECT RAISE(ABORT, 'tidak boleh'); END",
    ]
    assert sql_hanya_tambah("postgresql", "f", "tidak boleh", aturan) == [
        "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_TABLE_NAME = 't' "
        "AND TG_OP = 'UPDATE' THEN IF OLD.ganti IS NULL AND NEW.id = OLD.id THEN RETURN NEW; "
        "END IF; END IF; RAISE EXCEPTION 'tidak boleh'; END $$",
        "CREATE TRIGGER t_tanpa_ubah BEFORE UPDATE OR DELETE ON t "
        "FOR EACH ROW EXECUTE FUNCTION f()",
    ]
    assert sql_lepas_hanya_tambah("postgresql", "f", aturan) == [
        "DROP TRIGGER IF EXISTS t_tanpa_ubah ON t", "DROP FUNCTION IF EXISTS f()"]  # fmt: skip
    assert sql_lepas_hanya_tambah("sqlite", "f", aturan) == []
