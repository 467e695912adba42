"""The register's SQL on the driver connection: the same rows as SQLAlchemy writes and reads."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Boolean, Date, DateTime, select
from sqlalchemy.dialects import sqlite as sa_sqlite

from naskah.config import Konfigurasi
from naskah.errors import RegisterError
from naskah.jam import ke_tersimpan
from naskah.register import buka_register
from naskah.register import sql as q
from naskah.register.skema import jejak, nomor
from naskah.register.sql import Sql

K = {"klasifikasi": "HK.03.01", "tanggal": "2024-05-17"}


def test_kolom_sama_dengan_tabel_skema():
    assert tuple(c.name for c in nomor.c) == q.KOLOM_NOMOR
    assert tuple(c.name for c in jejak.c) == q.KOLOM_JEJAK


@pytest.mark.parametrize(
    "nilai",
    [datetime(2024, 5, 17, 9, 3, 0), datetime(2024, 12, 31, 23, 59, 59, 123456)],
)
def test_waktu_disimpan_seperti_sqlalchemy_menyimpannya(nilai):
    # whole seconds included: SQLAlchemy always writes six fractional digits
    dialek = sa_sqlite.dialect()
    jenis = DateTime().dialect_impl(dialek)
    simpan, baca = jenis.bind_processor(dialek), jenis.result_processor(dialek, None)
    assert simpan is not None and baca is not None
    assert q._nilai_sqlite(nilai) == simpan(nilai)
    assert baca(simpan(nilai)) == nilai
    # stored as naive UTC text, read back as the aware UTC instant (naskah.jam)
    assert q._baca_sqlite("dicatat", simpan(nilai)) == nilai.replace(tzinfo=UTC)
    assert q._nilai_sqlite(nilai.replace(tzinfo=UTC)) == simpan(nilai)


def test_tanggal_dan_benar_salah_disimpan_seperti_sqlalchemy():
    dialek = sa_sqlite.dialect()
    simpan_tgl = Date().dialect_impl(dialek).bind_processor(dialek)
    assert simpan_tgl is not None
    assert q._nilai_sqlite(date(2024, 5, 17)) == simpan_tgl(date(2024, 5, 17)) == "2024-05-17"
    simpan_bool = Boolean().dialect_impl(dialek).bind_processor(dialek)
    nilai_bool = simpan_bool(True) if simpan_bool else True
    assert q._nilai_sqlite(True) == nilai_bool == 1
    assert q._baca_sqlite("rahasia", 0) is False
    assert q._baca_sqlite("tanggal", "2024-05-17") == date(2024, 5, 17)


def test_parameter_dan_kunci_menurut_dialek():
    pg, lite = Sql(None, "postgresql"), Sql(None, "sqlite")
    assert pg._sql(q.NAIKKAN).count("%(tanggal)s") == 2 and ":" not in pg._sql(q.NAIKKAN)
    assert pg._sql(q.BACA_SERI).endswith(" FOR UPDATE")
    assert lite._sql(q.BACA_SERI) == q.BACA_SERI.replace("{kunci}", "")
    assert ":tanggal" in lite._sql(q.NAIKKAN)


def test_baris_tulisan_register_dibaca_sqlalchemy_sama(kantor_db: Konfigurasi) -> None:
    # numbers written on the driver connection (the register's own SQLite connection, or
    # PostgreSQL's under SQLAlchemy) read back through SQLAlchemy with their Python types
    with buka_register(kantor_db) as reg:
        n = reg.ambil("naskah", perihal="Keputusan tim", rahasia=True, **K)
        b = reg.batal(reg.ambil("naskah", perihal="Salah", **K).teks, alasan="salah ketik")
        with reg.engine.connect() as c:
            baris = {r.id: r for r in c.execute(select(nomor).order_by(nomor.c.id))}
            audit = list(c.execute(select(jejak).where(jejak.c.nomor_id == b.id)))
        terdaftar = {x.id: x for x in reg.daftar()}
    for x in (n, b):
        r = baris[x.id]
        # the register reads aware UTC instants; the table holds them as naive UTC
        diubah = ke_tersimpan(x.diubah) if x.diubah else None
        assert (r.teks, r.tanggal, r.rahasia, r.dicatat, r.diubah, r.keadaan) == (
            x.teks, x.tanggal, x.rahasia, ke_tersimpan(x.dicatat), diubah, x.keadaan,
        )  # fmt: skip
        assert x.dicatat.tzinfo is UTC
        assert terdaftar[x.id] == x
    assert isinstance(baris[n.id].dicatat, datetime) and baris[n.id].rahasia is True
    assert isinstance(baris[b.id].diubah, datetime)
    assert [a.aksi for a in audit] == ["ambil", "batal"]


def test_nomor_dari_ambil_untuk_dan_ambil_berlanjut_tanpa_celah(kantor_db: Konfigurasi) -> None:
    # ambil_untuk runs the same statements on SQLAlchemy's connection; ambil on the own one
    dicatat: list[str] = []
    with buka_register(kantor_db) as reg:
        a = reg.ambil("naskah", perihal="Satu", **K)
        b = reg.ambil_untuk(
            "naskah", 3, perihal="Sertifikat",
            catat=lambda _c, ns: dicatat.extend(x.teks for x in ns), **K,
        )  # fmt: skip
        c = reg.ambil("naskah", perihal="Lima", **K)
    assert [a.urut, *(x.urut for x in b), c.urut] == [1, 2, 3, 4, 5]
    assert dicatat == [x.teks for x in b]


def test_operasi_register_di_dalam_transaksi_ditolak_bukan_menunggu(
    kantor_db: Konfigurasi,
) -> None:
    with buka_register(kantor_db) as reg:
        reg.ambil("naskah", perihal="Satu", **K)
        with (
            pytest.raises(RegisterError, match="Transaksi register sudah berjalan"),
            reg.transaksi(),
        ):
            reg.ambil("naskah", perihal="Dua", **K)
        # and the register is still usable: nothing of the refused call was written
        assert [x.urut for x in reg.daftar()] == [1]
        assert reg.ambil("naskah", perihal="Tiga", **K).urut == 2


def test_galat_di_tengah_transaksi_sendiri_membatalkan_semuanya(kantor: Konfigurasi) -> None:
    # SQLite's own connection: a failure after the counter was raised and the number row
    # written (the audit insert is refused) leaves nothing behind, and the connection goes on
    with buka_register(kantor) as reg:
        reg.ambil("naskah", perihal="Satu", **K)
        koneksi = reg._koneksi_tulis()
        koneksi.execute(
            "CREATE TEMP TRIGGER gagal BEFORE INSERT ON jejak BEGIN SELECT RAISE(ABORT, 'uji'); END"
        )
        with pytest.raises(RegisterError, match="menolak perintah"):
            reg.ambil("naskah", perihal="Terputus", **K)
        assert not koneksi.in_transaction
        koneksi.execute("DROP TRIGGER gagal")
        assert reg.ambil("naskah", perihal="Dua", **K).urut == 2
    c = sqlite3.connect(kantor.folder_arsip / "register.sqlite")
    try:
        assert c.execute("SELECT count(*) FROM nomor").fetchone()[0] == 2
        assert c.execute("SELECT count(*) FROM jejak").fetchone()[0] == 2
        assert c.execute("SELECT terakhir FROM seri_nomor").fetchall() == [(2,)]
    finally:
        c.close()


def test_saringan_daftar(kantor_db: Konfigurasi) -> None:
    # every filter of `naskah nomor daftar`, on both databases, as SQL of register.sql
    with buka_register(kantor_db) as reg:
        a = reg.ambil("naskah", perihal="Penetapan Tim Mutu", klasifikasi="HK.03.01",
                      tanggal="2024-01-05")  # fmt: skip
        b = reg.ambil("naskah", perihal="Surat tugas rapat", klasifikasi="HK.03.01",
                      tanggal="2024-03-10", jenis="Surat Tugas")  # fmt: skip
        c = reg.ambil("naskah", perihal="Keputusan 2025", klasifikasi="HK.03.01",
                      tanggal="2025-02-01")  # fmt: skip
        d = reg.batal(
            reg.ambil("naskah", perihal="Salah ketik", **K).teks, alasan="Tidak jadi, TIM lain"
        )

        def teks(**saring: Any) -> list[str]:
            return [n.teks for n in reg.daftar(**saring)]

        assert teks() == [a.teks, b.teks, d.teks, c.teks]  # register order: year, sequence
        assert teks(tahun=2025) == [c.teks]
        assert teks(keadaan="batal") == [d.teks]
        assert teks(dari="2024-03-01", sampai="2024-12-31") == [b.teks, d.teks]
        assert teks(dari="2025-01-01") == [c.teks]
        # case-insensitive, over the text, perihal, classification, kind and reason
        assert teks(cari="tim") == [a.teks, d.teks]
        assert teks(cari="surat TUGAS") == [b.teks]
        assert teks(cari=c.teks) == [c.teks]
        assert teks(cari="tidak ada di mana pun") == []
        assert teks(seri="naskah", tahun=2024, keadaan="terpakai", cari="HK.03") == [a.teks, b.teks]
