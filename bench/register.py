"""Measure the numbering register's allocation rate against raw sqlite3.

Runs 1 and 4 contending processes allocating numbers in one series, on SQLite (WAL,
synchronous=NORMAL) and on PostgreSQL, and as a baseline the same transaction shape written
directly with the sqlite3 module (BEGIN IMMEDIATE, raise the counter with UPDATE … RETURNING,
insert the number row, insert the audit row, commit). Every measurement is repeated --ulang
times, interleaved, and the median is printed: ms per allocation and the register/raw ratio.

    PYTHONPATH=src python bench/register.py [--n 2000] [--ulang 3] [--pg-url postgresql://…]

It first measures opening: a fresh process that imports the register, opens an existing SQLite
register and takes one number (what `naskah nomor ambil` does after parsing its arguments), beside
the same process that also asks Alembic whether the schema is at head (the naive way, what
opening did before) and beside `python -c pass`; medians of --ulang-buka runs, whole process and
open+ambil alone.

Without --pg-url a throwaway PostgreSQL server is started from /usr/lib/postgresql/15/bin when
present (as an unprivileged user when run as root). Bar (issue 4): with 4 processes on SQLite
the register reaches at least 1/4 of the raw sqlite3 rate.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import queue
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "register"))

TOML = """\
[seri.naskah]
unit = "C7.24"
[klasifikasi]
"HK.03.01" = "Keputusan"
"""

RAW_SCHEMA = """
CREATE TABLE IF NOT EXISTS seri_nomor (seri TEXT, periode INT, terakhir INT,
    tanggal_terakhir DATE, PRIMARY KEY (seri, periode));
CREATE TABLE IF NOT EXISTS nomor (id INTEGER PRIMARY KEY, seri TEXT NOT NULL,
    periode INT NOT NULL, tahun INT NOT NULL, urut INT NOT NULL, sisipan INT NOT NULL,
    teks TEXT NOT NULL, klasifikasi TEXT, rahasia BOOLEAN NOT NULL, jenis TEXT, perihal TEXT,
    tanggal DATE NOT NULL, keadaan TEXT NOT NULL, alasan TEXT, oleh TEXT NOT NULL,
    dicatat DATETIME NOT NULL, diubah DATETIME, UNIQUE (seri, periode, urut, sisipan));
CREATE INDEX IF NOT EXISTS ix_nomor_teks ON nomor (teks);
CREATE INDEX IF NOT EXISTS ix_nomor_seri_tahun ON nomor (seri, tahun);
CREATE TABLE IF NOT EXISTS jejak (id INTEGER PRIMARY KEY, waktu DATETIME NOT NULL,
    oleh TEXT NOT NULL, aksi TEXT NOT NULL, nomor_id INT REFERENCES nomor(id), seri TEXT,
    teks TEXT, sebelum TEXT, sesudah TEXT);
CREATE INDEX IF NOT EXISTS ix_jejak_nomor_id ON jejak (nomor_id);
INSERT OR IGNORE INTO seri_nomor VALUES ('naskah', 2024, 0, NULL);
"""


def _raw(path: str, n: int, siap: Any, mulai: Any, selesai: Any) -> None:
    c = sqlite3.connect(path, isolation_level=None, timeout=60)
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("PRAGMA synchronous=NORMAL")
    c.execute("PRAGMA foreign_keys=ON")
    # the same audit "after" JSON as the register's, prepared once (the register does it per
    # call, before its transaction)
    sesudah = (
        '{"keadaan": "terpakai", "klasifikasi": "HK.03.01", "jenis": null, "perihal": "bench", '
        '"tanggal": "2024-05-17", "alasan": null, "teks": '
    )
    siap.release()
    mulai.wait()
    for _ in range(n):
        c.execute("BEGIN IMMEDIATE")
        (t,) = c.execute(
            "UPDATE seri_nomor SET terakhir = terakhir + ?, tanggal_terakhir = ? "
            "WHERE seri = ? AND periode = ? "
            "AND (tanggal_terakhir IS NULL OR tanggal_terakhir <= ?) RETURNING terakhir",
            (1, "2024-05-17", "naskah", 2024, "2024-05-17"),
        ).fetchone()
        teks = f"{t:04d}/C7.24/HK.03.01/2024"
        waktu = datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f")
        nid = c.execute(
            "INSERT INTO nomor (seri, periode, tahun, urut, sisipan, teks, klasifikasi, rahasia, "
            "jenis, perihal, tanggal, keadaan, alasan, oleh, dicatat, diubah) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                "naskah",
                2024,
                2024,
                t,
                0,
                teks,
                "HK.03.01",
                0,
                None,
                "bench",
                "2024-05-17",
                "terpakai",
                None,
                "bench",
                waktu,
                None,
            ),
        ).lastrowid
        c.execute(
            "INSERT INTO jejak (waktu, oleh, aksi, nomor_id, seri, teks, sebelum, sesudah) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (
                waktu,
                "bench",
                "ambil",
                nid,
                "naskah",
                teks,
                None,
                f'{sesudah}"{teks}"}}',
            ),
        )
        c.execute("COMMIT")
    selesai.put(time.perf_counter())
    c.close()


def _register(folder: str, url: str | None, n: int, siap: Any, mulai: Any, selesai: Any) -> None:
    from naskah.config import muat_konfigurasi
    from naskah.register import buka_register

    reg = buka_register(muat_konfigurasi(Path(folder) / "naskah.toml"), url=url)
    reg.engine  # noqa: B018 - open and migrate before the clock starts
    siap.release()
    mulai.wait()
    for _ in range(n):
        reg.ambil(
            "naskah", klasifikasi="HK.03.01", tanggal="2024-05-17", perihal="bench", oleh="bench"
        )
    selesai.put(time.perf_counter())
    reg.tutup()


_BUKA = """
import sys, time
t0 = time.perf_counter()
from naskah.config import muat_konfigurasi
from naskah.register import buka_register
t1 = time.perf_counter()
reg = buka_register(muat_konfigurasi())
{naif}
with reg:
    reg.ambil("naskah", klasifikasi="HK.03.01", tanggal="2024-05-17", perihal="buka", oleh="b")
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""

_NAIF = """
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from naskah.register import basis
cfg = Config()
cfg.set_main_option("script_location", str(basis.MIGRATIONS))
heads = set(ScriptDirectory.from_config(cfg).get_heads())
with reg.engine.connect() as c:
    assert set(MigrationContext.configure(c).get_current_heads()) == heads
"""


def _ukur_buka(folder: Path, ulang: int) -> dict[str, tuple[float, float]]:
    """Return median (whole process, open+ambil in-process) seconds of each way to open."""
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    cara = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "buka + ambil (register)": [sys.executable, "-c", _BUKA.format(naif="")],
        "buka + ambil (cek Alembic)": [sys.executable, "-c", _BUKA.format(naif=_NAIF)],
    }
    waktu: dict[str, list[tuple[float, float]]] = {k: [] for k in cara}
    for _ in range(ulang):  # interleaved, so load changes hit every way alike
        for nama, perintah in cara.items():
            t = time.perf_counter()
            r = subprocess.run(perintah, cwd=folder, env=env, capture_output=True, text=True)
            utuh = time.perf_counter() - t
            if r.returncode != 0:
                raise SystemExit(f"pengukuran buka gagal: {r.stderr}")
            dalam = float(r.stdout.split()[1]) if r.stdout.strip() else 0.0
            waktu[nama].append((utuh, dalam))
    return {
        k: (statistics.median(u for u, _ in v), statistics.median(d for _, d in v))
        for k, v in waktu.items()
    }


def _ukur(target, args: tuple, proses: int, n_total: int) -> float:  # type: ignore[no-untyped-def]
    """Run ``proses`` workers splitting ``n_total`` allocations; return ms per allocation.

    The clock starts once every worker has imported, connected and migrated (importing
    SQLAlchemy and Alembic in 4 processes on a loaded 2-core machine takes longer than any fixed
    pause), and stops when the last worker has committed its last allocation (perf_counter is
    the system-wide monotonic clock on Linux), so process start-up and teardown are not counted
    for either side.
    """
    siap, mulai, selesai = mp.Semaphore(0), mp.Event(), mp.Queue()
    ps = [
        mp.Process(target=target, args=(*args, n_total // proses, siap, mulai, selesai))
        for _ in range(proses)
    ]
    for p in ps:
        p.start()
    for _ in ps:
        if not siap.acquire(timeout=120):
            raise SystemExit("pekerja bench tidak siap dalam 120 detik")
    t0 = time.perf_counter()
    mulai.set()
    akhir = 0.0
    for _ in ps:  # a worker that dies puts nothing: notice it instead of waiting 10 minutes
        while True:
            try:
                akhir = max(akhir, selesai.get(timeout=1))
                break
            except queue.Empty:
                mati = [p for p in ps if p.exitcode not in (None, 0)]
                if mati:
                    raise SystemExit(
                        f"pekerja bench gagal (kode keluar {mati[0].exitcode})"
                    ) from None
    for p in ps:
        p.join()
        assert p.exitcode == 0, f"worker failed ({p.exitcode})"
    return (akhir - t0) * 1000 / n_total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="allocations per measurement")
    ap.add_argument("--ulang", type=int, default=3, help="repeats; the median is printed")
    ap.add_argument("--pg-url", help="PostgreSQL URL (a fresh database is used as is)")
    ap.add_argument("--ulang-buka", type=int, default=15, help="runs of the opening measurement")
    args = ap.parse_args()
    hasil: dict[tuple[str, int], list[float]] = {}

    def catat(nama: str, proses: int, ms: float) -> None:
        hasil.setdefault((nama, proses), []).append(ms)

    with tempfile.TemporaryDirectory(prefix="naskah-bench-") as tmp:
        folder = Path(tmp) / "buka"
        folder.mkdir()
        (folder / "naskah.toml").write_text(TOML)
        buka = _ukur_buka(folder, args.ulang_buka)
        print(f"membuka register yang sudah ada, median dari {args.ulang_buka} proses:")
        print(f"{'':28} {'proses utuh':>12} {'buka + ambil':>13}")
        for nama, (utuh, dalam) in buka.items():
            kolom = f"{dalam * 1000:10.1f} ms" if dalam else f"{'-':>13}"
            print(f"{nama:28} {utuh * 1000:9.1f} ms {kolom}")
        pg_urls = _pg(args.pg_url)
        for ulang in range(args.ulang):
            for proses in (1, 4):
                raw = os.path.join(tmp, f"raw{proses}-{ulang}.sqlite")
                c = sqlite3.connect(raw)
                # WAL is persistent: switch once here, not in 4 racing workers (the switch needs
                # an exclusive lock and does not wait on the busy handler)
                c.execute("PRAGMA journal_mode=WAL")
                c.executescript(RAW_SCHEMA)
                c.close()
                catat("raw sqlite3", proses, _ukur(_raw, (raw,), proses, args.n))
                folder = Path(tmp) / f"sqlite{proses}-{ulang}"
                folder.mkdir()
                (folder / "naskah.toml").write_text(TOML)
                ms = _ukur(_register, (str(folder), None), proses, args.n)
                catat("register SQLite", proses, ms)
                if pg_urls is not None:
                    folder = Path(tmp) / f"pg{proses}-{ulang}"
                    folder.mkdir()
                    (folder / "naskah.toml").write_text(TOML)
                    ms = _ukur(_register, (str(folder), pg_urls(proses)), proses, args.n)
                    catat("register PostgreSQL", proses, ms)
    med = {k: statistics.median(v) for k, v in hasil.items()}
    print(f"median dari {args.ulang} pengukuran, {args.n} alokasi masing-masing")
    print(f"{'':22} {'1 proses':>18} {'4 proses':>18}")
    for nama in ("raw sqlite3", "register SQLite", "register PostgreSQL"):
        if (nama, 1) not in med:
            continue
        sel = [f"{med[(nama, p)]:7.3f} ms {1000 / med[(nama, p)]:6.0f}/s" for p in (1, 4)]
        print(f"{nama:22} {sel[0]:>18} {sel[1]:>18}")
    for p in (1, 4):
        rasio = med[("raw sqlite3", p)] / med[("register SQLite", p)]
        print(f"rasio register SQLite / raw sqlite3, {p} proses: {rasio:.2f}")
    rasio4 = med[("raw sqlite3", 4)] / med[("register SQLite", 4)]
    print(
        f"syarat (>= 0.25 dengan 4 proses): {'TERPENUHI' if rasio4 >= 0.25 else 'TIDAK TERPENUHI'}"
    )
    if _SERVER:
        _SERVER.__exit__(None, None, None)


_SERVER = None


def _pg(url: str | None):  # type: ignore[no-untyped-def]
    """Return a function giving a fresh database URL per measurement, or None without PostgreSQL."""
    global _SERVER
    if url:
        return lambda _p: url
    if not Path("/usr/lib/postgresql/15/bin/initdb").exists():
        print("PostgreSQL tidak terpasang; pengukuran PostgreSQL dilewati.", file=sys.stderr)
        return None
    import conftest  # the test suite's throwaway server (same settings: fsync off)

    _SERVER = conftest.server_sementara()
    server = _SERVER.__enter__()
    return lambda _p: server.basis_baru()


if __name__ == "__main__":
    main()
