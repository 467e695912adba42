"""Revision 0014_ult_paraf: the desk's paraf move from the trail's text into ``ult_paraf``.

On SQLite and PostgreSQL: a register at 0013 holding paraf rows as the desk wrote them (two
versions of one product, a paraf of one person written twice, a trail row of another step, a
paraf of another request) is upgraded; each paraf is then a row of ``ult_paraf`` (version,
number, place per version, role, user, time, its trail row), the trail is unchanged, the desk
reads the paraf back from the new table, the table's constraints are the ones its definition
declares, it is append-only, and the downgrade takes it away again leaving the trail.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from naskah.config import Konfigurasi
from naskah.ult import paraf as pf
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja
from naskah.ult.skema import ult_paraf
from tests.register.conftest import tulis_kantor
from tests.register.test_migrasi_waktu import _migrasi

NOMOR = "800.1.11/17/C7.24/2025"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def kantor(request: pytest.FixtureRequest, tmp_path: Path) -> Konfigurasi:
    if request.param == "sqlite":
        return tulis_kantor(tmp_path / "kantor")
    url = request.getfixturevalue("server_pg").basis_baru()
    return tulis_kantor(tmp_path / "kantor", url=url)


@pytest.fixture
def engine(kantor: Konfigurasi) -> Iterator[sa.Engine]:
    e = sa.create_engine(kantor.url_basis_data)
    if e.dialect.name == "sqlite":
        Path(e.url.database or "").parent.mkdir(parents=True, exist_ok=True)
    try:
        yield e
    finally:
        e.dispose()


def _permohonan(c: sa.Connection, ident: int, kode: str) -> None:
    c.execute(
        sa.text(
            "INSERT INTO ult_permohonan (id, kode, layanan, nama_layanan, standar, kanal, "
            "instansi, hari_terima, diterima, keadaan, dicatat, oleh) VALUES (:i, :k, "
            "'narasumber', 'Narasumber', '1/X/2024', 'surat', 'SMA 1', '2025-06-02', "
            "'2025-06-02 02:00:00+00', 'disetujui', '2025-06-02 02:00:00+00', 'ani')"
        ),
        {"i": ident, "k": kode},
    )


def _jejak(c: sa.Connection, objek_id: int, aksi: str, keterangan: str, menit: int, oleh: str):
    c.execute(
        sa.text(
            "INSERT INTO ult_jejak (objek, objek_id, aksi, keterangan, waktu, oleh) "
            "VALUES ('permohonan', :o, :a, :k, :w, :oleh)"
        ),
        {"o": objek_id, "a": aksi, "k": keterangan, "w": _waktu(c, menit), "oleh": oleh},
    )


def _waktu(c: sa.Connection, menit: int) -> str:
    """A time as naskah stores it: naive UTC text on SQLite, with its zone on PostgreSQL."""
    t = f"2025-06-03 01:{menit:02d}:00"
    return f"{t}.000000" if c.dialect.name == "sqlite" else f"{t}+00"


def _lama(ke: int, peran: str, versi: str) -> str:
    """A paraf's trail text as naskah.ult.paraf wrote it before 0014."""
    return f"paraf ke-{ke} ({peran}) naskah nomor {NOMOR}, versi {versi}"


def _isi(c: sa.Connection) -> None:
    _permohonan(c, 1, "ABCDE23456")
    _permohonan(c, 2, "FGHJK23456")
    _jejak(c, 1, "setuju", "", 0, "kepala")
    _jejak(c, 1, "paraf", _lama(1, "kasubbag_umum", "VERSI11111"), 1, "rina")
    _jejak(c, 1, "paraf", _lama(2, "pokja", "VERSI11111"), 2, "budi")
    _jejak(c, 1, "paraf", _lama(2, "pokja", "VERSI11111"), 3, "budi")  # never by the desk
    _jejak(c, 1, "tandatangani", f"naskah nomor {NOMOR}, versi VERSI11111", 4, "kepala")
    _jejak(c, 1, "paraf", _lama(1, "kasubbag_umum", "VERSI22222"), 5, "rina")  # re-issued
    _jejak(c, 2, "paraf", _lama(1, "kasubbag_umum", "VERSI33333"), 6, "sari")


def _paraf(c: sa.Connection) -> list[tuple[object, ...]]:
    return [
        tuple(r)
        for r in c.execute(
            sa.text(
                "SELECT f.permohonan_id, f.id_verifikasi, f.nomor, f.ke, f.peran, f.pengguna, "
                "j.aksi, j.oleh FROM ult_paraf f JOIN ult_jejak j ON j.id = f.jejak_id "
                "ORDER BY f.id"
            )
        )
    ]


def test_paraf_lama_dibaca_ke_tabel_sendiri(kantor: Konfigurasi, engine: sa.Engine) -> None:
    _migrasi(engine, "0013_indeks_pemesanan")
    assert "ult_paraf" not in sa.inspect(engine).get_table_names()
    with engine.begin() as c:
        _isi(c)
        jejak_lama = c.execute(sa.text("SELECT * FROM ult_jejak ORDER BY id")).all()
    # read as it is before the migration (reads never migrate): no records yet, no error
    with Meja(kantor) as m:
        r = pm.lihat(m, "ABCDE23456")
    assert [j["aksi"] for j in r.jejak].count("paraf") == 4
    assert not any("paraf" in j for j in r.jejak)
    assert "ult_paraf" not in sa.inspect(engine).get_table_names()
    _migrasi(engine, "0014_ult_paraf")
    with engine.connect() as c:
        assert _paraf(c) == [
            (1, "VERSI11111", NOMOR, 1, "kasubbag_umum", "rina", "paraf", "rina"),
            (1, "VERSI11111", NOMOR, 2, "pokja", "budi", "paraf", "budi"),
            (1, "VERSI22222", NOMOR, 1, "kasubbag_umum", "rina", "paraf", "rina"),
            (2, "VERSI33333", NOMOR, 1, "kasubbag_umum", "sari", "paraf", "sari"),
        ]
        # the paraf's time is its trail row's, unchanged; the trail is untouched
        assert c.execute(sa.text("SELECT * FROM ult_jejak ORDER BY id")).all() == jejak_lama
        waktu = c.execute(sa.text("SELECT waktu FROM ult_paraf ORDER BY id")).scalars().all()
    asli = [datetime(2025, 6, 3, 1, m, tzinfo=UTC) for m in (1, 2, 5, 6)]
    assert [w if isinstance(w, datetime) else datetime.fromisoformat(w).replace(tzinfo=UTC)
            for w in waktu] == asli  # fmt: skip

    # the desk reads them back from the new table, matched to the order by role
    with Meja(kantor) as m:
        r = pm.lihat(m, "ABCDE23456")
        d = pf.daftar(r.jejak, "VERSI11111", ["kasubbag_umum", "pokja"])
        assert [(x.ke, x.peran, x.oleh, x.waktu) for x in d] == [
            (1, "kasubbag_umum", "rina", asli[0]), (2, "pokja", "budi", asli[1]),
        ]  # fmt: skip
        pf.periksa_lengkap(r.jejak, "VERSI11111", NOMOR, ["kasubbag_umum", "pokja"])
        d = pf.daftar(r.jejak, "VERSI22222", ["kasubbag_umum", "pokja"])
        assert [x.diberikan for x in d] == [True, False]
        # only the rows read into the table carry a record (the doubled one does not)
        assert [("paraf" in j) for j in r.jejak if j["aksi"] == "paraf"] == [
            True, True, False, True,
        ]  # fmt: skip

    # the migrated table is the one its definition declares
    periksa = sa.inspect(engine)
    unik = {u["name"]: u["column_names"] for u in periksa.get_unique_constraints("ult_paraf")}
    assert unik == {
        u.name: [k.name for k in u.columns]
        for u in ult_paraf.constraints
        if isinstance(u, sa.UniqueConstraint)
    }
    assert unik["uq_ult_paraf_ke"] == ["permohonan_id", "id_verifikasi", "ke"]
    assert unik["uq_ult_paraf_pengguna"] == ["permohonan_id", "id_verifikasi", "pengguna"]
    kolom = {k["name"]: k["nullable"] for k in periksa.get_columns("ult_paraf")}
    assert kolom == {k.name: k.nullable for k in ult_paraf.columns}

    # append-only, like the trail
    for perintah in ("UPDATE ult_paraf SET pengguna = 'lain'", "DELETE FROM ult_paraf"):
        galat = pytest.raises(sa.exc.DBAPIError, match="tidak boleh diubah atau dihapus")
        with galat, engine.begin() as c:
            c.execute(sa.text(perintah))

    _migrasi(engine, "0013_indeks_pemesanan", turun=True)
    assert "ult_paraf" not in sa.inspect(engine).get_table_names()
    with engine.connect() as c:
        assert c.execute(sa.text("SELECT * FROM ult_jejak ORDER BY id")).all() == jejak_lama


def test_register_tanpa_paraf_dimigrasi_kosong(engine: sa.Engine) -> None:
    _migrasi(engine, "0013_indeks_pemesanan")
    with engine.begin() as c:
        _permohonan(c, 1, "ABCDE23456")
        _jejak(c, 1, "setuju", "", 0, "kepala")
        _jejak(c, 1, "paraf", "ditulis tangan", 1, "rina")  # not the desk's text: left alone
    _migrasi(engine, "0014_ult_paraf")
    with engine.connect() as c:
        assert _paraf(c) == []
