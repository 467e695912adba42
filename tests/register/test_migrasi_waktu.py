"""Revision 0008_waktu_utc: rows written in local time before it are converted to UTC."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig

from naskah.register.basis import MIGRATIONS


@pytest.fixture
def di_wita() -> Iterator[None]:
    """Run the test with the computer in WITA (UTC+8), as an office in Samarinda."""
    lama = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Makassar"
    time.tzset()
    try:
        yield
    finally:
        if lama is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = lama
        time.tzset()


def _migrasi(engine: sa.Engine, tujuan: str, turun: bool = False) -> None:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if turun else command.upgrade)(cfg, tujuan)


def _isi_lama(conn: sa.Connection) -> None:
    """Rows as naskah wrote them before 0008: register and pipeline local, archive UTC."""
    salah = "false" if conn.dialect.name == "postgresql" else "0"
    conn.execute(
        sa.text(
            "INSERT INTO nomor (id, seri, periode, tahun, urut, sisipan, teks, rahasia, tanggal,"
            f" keadaan, oleh, dicatat, diubah) VALUES (1, 'naskah', 2024, 2024, 1, 0, '1/X/2024',"
            f" {salah}, '2024-05-17', 'terpakai', 'ani', '2024-05-17 10:00:00.000000',"
            " '2024-05-17 02:30:00.000000'),"
            f" (2, 'naskah', 2024, 2024, 2, 0, '2/X/2024', {salah}, '2024-05-17', 'batal', 'ani',"
            " '2024-05-17 10:10:00.000000', '2024-05-17 10:20:00.000000')"
        )
    )
    conn.execute(
        sa.text(
            "INSERT INTO jejak (waktu, oleh, aksi, nomor_id, teks) VALUES "
            "('2024-05-17 10:00:00.000000', 'ani', 'pesan', 1, '1/X/2024'),"
            "('2024-05-17 02:30:00.000000', 'ani', 'arsip', 1, '1/X/2024'),"
            "('2024-05-17 10:10:00.000000', 'ani', 'ambil', 2, '2/X/2024'),"
            "('2024-05-17 10:15:00.000000', 'ani', 'keadaan', 2, '2/X/2024'),"
            "('2024-05-17 10:20:00.000000', 'ani', 'batal', 2, '2/X/2024')"
        )
    )
    conn.execute(
        sa.text(
            "INSERT INTO terbit_naskah (kunci, jenis, nomor_id, nomor, keadaan, id_verifikasi,"
            " oleh, dicatat, diubah) VALUES ('naskah:a.yaml', 'surat', 2, '2/X/2024', 'batal',"
            " 'abcdefghijklmnopqrstuv', 'ani', '2024-05-17 10:15:00.000000',"
            " '2024-05-17 10:20:00.000000')"
        )
    )


def test_waktu_lokal_lama_menjadi_utc(tmp_path: Path, di_wita: None) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'register.sqlite'}")
    try:
        _migrasi(engine, "0005_terbit")
        with engine.begin() as conn:
            _isi_lama(conn)
        _migrasi(engine, "heads")
        with engine.connect() as conn:
            jejak = [
                (a, w)
                for a, w in conn.execute(sa.text("SELECT aksi, waktu FROM jejak ORDER BY id"))
            ]
            nomor = list(conn.execute(sa.text("SELECT dicatat, diubah FROM nomor ORDER BY id")))
            terbit = conn.execute(sa.text("SELECT dicatat, diubah FROM terbit_naskah")).one()
            # the audit log is append-only again after the conversion
            with pytest.raises(sa.exc.DatabaseError, match="hanya boleh ditambah"):
                conn.execute(sa.text("UPDATE jejak SET oleh = 'x'"))
            conn.rollback()
    finally:
        engine.dispose()
    assert [w[11:19] for _, w in jejak] == [
        "02:00:00", "02:30:00", "02:10:00", "02:15:00", "02:20:00",
    ]  # fmt: skip
    # now in the order things happened, per number
    assert [w for a, w in jejak[:2]] == sorted(w for a, w in jejak[:2])
    assert [(d[11:19], u[11:19]) for d, u in nomor] == [
        ("02:00:00", "02:30:00"),  # diubah written by the archive: already UTC, kept
        ("02:10:00", "02:20:00"),
    ]
    assert (terbit[0][11:19], terbit[1][11:19]) == ("02:15:00", "02:20:00")
    assert datetime.fromisoformat(jejak[0][1]).date().isoformat() == "2024-05-17"


def test_turun_mengembalikan_waktu_lokal(tmp_path: Path, di_wita: None) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'register.sqlite'}")
    try:
        _migrasi(engine, "0005_terbit")
        with engine.begin() as conn:
            _isi_lama(conn)
            sebelum = list(conn.execute(sa.text("SELECT waktu FROM jejak ORDER BY id")))
        _migrasi(engine, "heads")
        _migrasi(engine, "0005_terbit", turun=True)
        with engine.connect() as conn:
            sesudah = list(conn.execute(sa.text("SELECT waktu FROM jejak ORDER BY id")))
    finally:
        engine.dispose()
    assert sesudah == sebelum


def test_postgresql_waktu_lokal_lama_menjadi_utc(server_pg, di_wita: None) -> None:  # type: ignore[no-untyped-def]
    # the audit log's trigger is lifted for the conversion only, then refuses changes again
    engine = sa.create_engine(server_pg.basis_baru())
    try:
        _migrasi(engine, "0005_terbit")
        with engine.begin() as conn:
            _isi_lama(conn)
        _migrasi(engine, "heads")
        with engine.connect() as conn:
            waktu = [
                w.strftime("%H:%M")
                for (w,) in conn.execute(sa.text("SELECT waktu FROM jejak ORDER BY id"))
            ]
            with pytest.raises(sa.exc.DatabaseError, match="hanya boleh ditambah"):
                conn.execute(sa.text("UPDATE jejak SET oleh = 'x'"))
            conn.rollback()
    finally:
        engine.dispose()
    assert waktu == ["02:00", "02:30", "02:10", "02:15", "02:20"]
