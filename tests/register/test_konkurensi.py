"""Concurrency and crash guarantees, on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from sqlalchemy import create_engine, text

from naskah.config import Konfigurasi
from naskah.register import buka_register

from .conftest import ServerPG, env_anak

PEKERJA = Path(__file__).with_name("pekerja.py")


def _pekerja(folder: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(PEKERJA), str(folder), *args],
        env=env_anak(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def periksa_konsisten(url: str) -> int:
    """Assert the register has no gap, no orphan and an audit row per number; return the count."""
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            terakhir = c.execute(
                text("SELECT terakhir FROM seri_nomor WHERE seri='naskah' AND periode=2024")
            ).scalar_one()
            urut = [
                r[0]
                for r in c.execute(
                    text(
                        "SELECT urut FROM nomor WHERE seri='naskah' AND periode=2024 "
                        "AND sisipan=0 ORDER BY urut"
                    )
                )
            ]
            tanpa_jejak = c.execute(
                text(
                    "SELECT count(*) FROM nomor n WHERE NOT EXISTS "
                    "(SELECT 1 FROM jejak j WHERE j.nomor_id = n.id)"
                )
            ).scalar_one()
            jejak_yatim = c.execute(
                text(
                    "SELECT count(*) FROM jejak j WHERE j.nomor_id IS NOT NULL AND NOT EXISTS "
                    "(SELECT 1 FROM nomor n WHERE n.id = j.nomor_id)"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    assert urut == list(range(1, terakhir + 1))
    assert tanpa_jejak == 0
    assert jejak_yatim == 0
    return terakhir


def _tunggu_siap(p: subprocess.Popen[str]) -> None:
    """Block until worker ``p`` prints its readiness line (it has opened the register)."""
    assert p.stdout is not None
    baris = p.stdout.readline()
    assert baris == "siap\n", (baris, p.stderr.read() if p.stderr else "")


def test_empat_proses_seribu_nomor_tanpa_celah(kantor_db: Konfigurasi) -> None:
    folder = kantor_db.folder
    proses = [_pekerja(folder, "ambil", "250") for _ in range(4)]
    for p in proses:  # all four have opened the register: start them together
        _tunggu_siap(p)
    (folder / "mulai").write_text("")
    hasil = []
    for p in proses:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        hasil.append([int(x) for x in out.split()])
    semua = [u for h in hasil for u in h]
    assert len(semua) == 1000
    assert sorted(semua) == list(range(1, 1001))
    for h in hasil:  # each process sees its own numbers increasing
        assert h == sorted(h)
    assert periksa_konsisten(kantor_db.url_basis_data) == 1000
    with buka_register(kantor_db) as reg:
        teks = [n.teks for n in reg.daftar(seri="naskah")]
    assert len(set(teks)) == 1000
    assert teks[0] == "0001/C7.24/HK.03.01/2024" and teks[-1] == "1000/C7.24/HK.03.01/2024"


def test_postgresql_penghitung_dibuat_proses_lain_di_tengah_alokasi(
    server_pg: ServerPG, tmp_path: Path
) -> None:
    # READ COMMITTED: our UPDATE misses the counter row another process is creating; that process
    # commits before our SELECT … FOR UPDATE sees it. The number must be issued, not refused as
    # back-dated (found by bench/register.py; made deterministic with a statement trigger that
    # pauses this session right after its UPDATE).
    import threading

    from .conftest import tulis_kantor

    url = server_pg.basis_baru()
    kantor = tulis_kantor(tmp_path / "kantor", url=url + "?application_name=lambat")
    with buka_register(kantor) as reg:
        reg.engine  # noqa: B018 - create and migrate the schema first
    dsn = server_pg.dsn(url.rsplit("/", 1)[1])
    with psycopg.connect(dsn, autocommit=True) as c:
        c.execute(
            "CREATE FUNCTION tidur() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF current_setting('application_name') = 'lambat' THEN PERFORM pg_sleep(1); END IF; "
            "RETURN NULL; END $$"
        )
        c.execute(
            "CREATE TRIGGER tidur AFTER UPDATE ON seri_nomor "
            "FOR EACH STATEMENT EXECUTE FUNCTION tidur()"
        )
    lain = psycopg.connect(dsn)
    lain.execute(
        "INSERT INTO seri_nomor (seri, periode, terakhir, tanggal_terakhir) "
        "VALUES ('naskah', 2024, 7, '2024-05-01')"
    )  # uncommitted: invisible to the allocation's first UPDATE
    hasil: dict[str, object] = {}

    def alokasi() -> None:
        try:
            with buka_register(kantor) as reg:
                hasil["nomor"] = reg.ambil(
                    "naskah", klasifikasi="HK.03.01", tanggal="2024-05-17", perihal="balapan"
                )
        except Exception as exc:  # reported below by the assertion
            hasil["galat"] = exc

    t = threading.Thread(target=alokasi)
    t.start()
    with psycopg.connect(dsn, autocommit=True) as pengamat:
        # the allocation's UPDATE has run when its session sleeps in the trigger

        def tidur_di_pemicu() -> bool:
            assert t.is_alive() or "galat" in hasil or "nomor" in hasil
            return bool(
                pengamat.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'lambat' "
                    "AND wait_event = 'PgSleep'"
                ).fetchone()[0]  # type: ignore[index]
            )

        _tunggu(tidur_di_pemicu)
    lain.commit()
    lain.close()
    t.join(timeout=30)
    assert "galat" not in hasil, hasil.get("galat")
    assert hasil["nomor"].urut == 8  # type: ignore[union-attr]


def _tunggu(kondisi, batas: float = 30) -> None:  # type: ignore[no-untyped-def]
    akhir = time.monotonic() + batas
    while not kondisi():
        assert time.monotonic() < akhir, "waktu tunggu habis"
        time.sleep(0.02)


def test_sigkill_di_tengah_alokasi_sqlite(kantor: Konfigurasi) -> None:
    with buka_register(kantor) as reg:
        for _ in range(3):
            reg.ambil("naskah", klasifikasi="HK.03.01", tanggal="2024-05-17", perihal="sebelum")
    p = _pekerja(kantor.folder, "gantung")
    _tunggu(lambda: (kantor.folder / "terkunci").exists() or p.poll() is not None)
    assert p.poll() is None, p.stderr.read() if p.stderr else ""
    # the child holds the write lock with the counter and number rows written, uncommitted
    os.kill(p.pid, signal.SIGKILL)
    p.communicate()  # reap and close its pipes (warnings are errors)
    assert periksa_konsisten(kantor.url_basis_data) == 3
    with buka_register(kantor) as reg:
        n = reg.ambil("naskah", klasifikasi="HK.03.01", tanggal="2024-05-17", perihal="sesudah")
    assert n.urut == 4
    assert periksa_konsisten(kantor.url_basis_data) == 4


def test_sigkill_di_tengah_alokasi_postgresql(server_pg: ServerPG, tmp_path: Path) -> None:
    from .conftest import tulis_kantor

    url = server_pg.basis_baru()
    kantor = tulis_kantor(tmp_path / "kantor", url=url, batas_tunggu=10)
    with buka_register(kantor) as reg:
        for _ in range(3):
            reg.ambil("naskah", klasifikasi="HK.03.01", tanggal="2024-05-17", perihal="sebelum")
    dbname = url.rsplit("/", 1)[1]
    with psycopg.connect(server_pg.dsn(dbname), autocommit=True) as c:
        # test-only trigger: the audit insert sleeps, so the child hangs mid-transaction
        c.execute(
            "CREATE FUNCTION tidur() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN PERFORM pg_sleep(60); RETURN NEW; END $$"
        )
        c.execute(
            "CREATE TRIGGER tidur BEFORE INSERT ON jejak FOR EACH ROW EXECUTE FUNCTION tidur()"
        )
        p = _pekerja(kantor.folder, "gantung")

        def menggantung() -> bool:
            assert p.poll() is None, p.stderr.read() if p.stderr else ""
            return bool(
                c.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                    "AND query ILIKE 'INSERT INTO jejak%%' AND state = 'active'",
                    (dbname,),
                ).fetchone()[0]
            )

        _tunggu(menggantung)
        os.kill(p.pid, signal.SIGKILL)
        p.communicate()  # reap and close its pipes (warnings are errors)
        c.execute("DROP TRIGGER tidur ON jejak")
    assert periksa_konsisten(url) == 3
    with buka_register(kantor) as reg:  # the dead client's row lock is released by the server
        n = reg.ambil("naskah", klasifikasi="HK.03.01", tanggal="2024-05-17", perihal="sesudah")
    assert n.urut == 4
    assert periksa_konsisten(url) == 4


def test_sigkill_acak_berulang_sqlite(kantor: Konfigurasi) -> None:
    # The kill lands at a seeded random point of the allocation loop: the delay is counted from
    # the worker's readiness line (register open, first number committed), never from its start,
    # which takes 0.3-0.9 s on a loaded machine.
    acak = random.Random(4)
    for _ in range(4):
        p = _pekerja(kantor.folder, "terus")
        _tunggu_siap(p)
        time.sleep(acak.uniform(0.05, 0.4))
        assert p.poll() is None, p.stderr.read() if p.stderr else ""
        os.kill(p.pid, signal.SIGKILL)
        p.communicate()  # reap and close its pipes (warnings are errors)
        periksa_konsisten(kantor.url_basis_data)
    with buka_register(kantor) as reg:
        sebelum = len(reg.daftar())
        n = reg.ambil("naskah", klasifikasi="HK.03.01", tanggal="2024-05-17", perihal="sesudah")
    assert sebelum >= 4  # every worker committed at least its first number
    assert n.urut == sebelum + 1


def _buka_bersamaan(folder: str, siap, mulai, hasil) -> None:  # type: ignore[no-untyped-def]
    from naskah.config import muat_konfigurasi

    reg = buka_register(muat_konfigurasi(Path(folder) / "naskah.toml"))
    siap.release()
    mulai.wait()
    try:
        reg.engine  # noqa: B018 - connect: WAL switch and migrations
        hasil.put("ok")
    except Exception as exc:  # reported by the assertion in the test
        hasil.put(repr(exc))
    finally:
        reg.tutup()


def test_sqlite_baru_dibuka_empat_proses_bersamaan(tmp_path: Path) -> None:
    # Four processes opening a new register file at the same moment all switch it to WAL, which
    # needs an exclusive lock; SQLite answers "database is locked" at once (no busy wait) to all
    # but one. Seen as a flaky failure of the 4-process test in CI; about one round in five
    # failed before the fix, so ten rounds catch it.
    import multiprocessing as mp

    from .conftest import tulis_kantor

    ctx = mp.get_context("fork")
    for putaran in range(10):
        kantor = tulis_kantor(tmp_path / f"kantor-{putaran}")
        siap, mulai, hasil = ctx.Semaphore(0), ctx.Event(), ctx.Queue()
        proses = [
            ctx.Process(target=_buka_bersamaan, args=(str(kantor.folder), siap, mulai, hasil))
            for _ in range(4)
        ]
        for p in proses:
            p.start()
        for _ in proses:  # all four are ready: release them together
            assert siap.acquire(timeout=60)
        mulai.set()
        laporan = [hasil.get(timeout=60) for _ in proses]
        for p in proses:
            p.join(timeout=60)
        assert laporan == ["ok"] * 4, (putaran, laporan)
