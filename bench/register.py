"""Measure the numbering register's allocation rate against raw sqlite3.

Runs 1 and 4 contending processes allocating numbers in one series, on SQLite (WAL,
synchronous=NORMAL) and on PostgreSQL, and as a baseline the same transaction shape written
directly with the sqlite3 module (BEGIN IMMEDIATE, read counter, update counter, insert number
row, insert audit row, commit). Prints ms per allocation and the register/raw ratio.

    PYTHONPATH=src python bench/register.py [--n 2000] [--pg-url postgresql://…]

Without --pg-url a throwaway PostgreSQL server is started from /usr/lib/postgresql/15/bin when
present (as an unprivileged user when run as root). Bar (issue 4): with 4 processes on SQLite
the register reaches at least 1/4 of the raw sqlite3 rate.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sqlite3
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "register"))

TOML = """\
[seri.naskah]
unit = "C7.24"
[klasifikasi]
"HK.03.01" = "Keputusan"
"""

RAW_SCHEMA = """
CREATE TABLE IF NOT EXISTS seri_nomor (seri TEXT, periode INT, terakhir INT, tanggal_terakhir DATE,
    PRIMARY KEY (seri, periode));
CREATE TABLE IF NOT EXISTS nomor (id INTEGER PRIMARY KEY, seri TEXT NOT NULL, periode INT NOT NULL,
    tahun INT NOT NULL, urut INT NOT NULL, sisipan INT NOT NULL, teks TEXT NOT NULL, klasifikasi TEXT,
    rahasia BOOLEAN NOT NULL, jenis TEXT, perihal TEXT, tanggal DATE NOT NULL, keadaan TEXT NOT NULL,
    alasan TEXT, oleh TEXT NOT NULL, dicatat DATETIME NOT NULL, diubah DATETIME,
    UNIQUE (seri, periode, urut, sisipan));
CREATE INDEX IF NOT EXISTS ix_nomor_teks ON nomor (teks);
CREATE INDEX IF NOT EXISTS ix_nomor_seri_tahun ON nomor (seri, tahun);
CREATE TABLE IF NOT EXISTS jejak (id INTEGER PRIMARY KEY, waktu DATETIME NOT NULL, oleh TEXT NOT NULL,
    aksi TEXT NOT NULL, nomor_id INT REFERENCES nomor(id), seri TEXT, teks TEXT, sebelum TEXT,
    sesudah TEXT);
CREATE INDEX IF NOT EXISTS ix_jejak_nomor_id ON jejak (nomor_id);
INSERT OR IGNORE INTO seri_nomor VALUES ('naskah', 2024, 0, NULL);
"""


def _raw(path: str, n: int, mulai: mp.Event) -> None:
    c = sqlite3.connect(path, isolation_level=None, timeout=60)
    c.execute("PRAGMA journal_mode=WAL")
    c.execute("PRAGMA synchronous=NORMAL")
    c.execute("PRAGMA foreign_keys=ON")
    mulai.wait()
    for _ in range(n):
        c.execute("BEGIN IMMEDIATE")
        (t,) = c.execute(
            "SELECT terakhir FROM seri_nomor WHERE seri = ? AND periode = ?", ("naskah", 2024)
        ).fetchone()
        c.execute(
            "UPDATE seri_nomor SET terakhir = ?, tanggal_terakhir = ? WHERE seri = ? AND periode = ?",
            (t + 1, "2024-05-17", "naskah", 2024),
        )
        teks = f"{t + 1:04d}/C7.24/HK.03.01/2024"
        waktu = datetime.now().strftime("%Y-%m-%d %H:%M:%S.%f")
        nid = c.execute(
            "INSERT INTO nomor (seri, periode, tahun, urut, sisipan, teks, klasifikasi, rahasia, "
            "jenis, perihal, tanggal, keadaan, alasan, oleh, dicatat, diubah) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                "naskah",
                2024,
                2024,
                t + 1,
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
                f'{{"teks": "{teks}", "keadaan": "terpakai"}}',
            ),
        )
        c.execute("COMMIT")
    c.close()


def _register(folder: str, url: str | None, n: int, mulai: mp.Event) -> None:
    from naskah.config import muat_konfigurasi
    from naskah.register import buka_register

    reg = buka_register(muat_konfigurasi(Path(folder) / "naskah.toml"), url=url)
    reg.engine  # noqa: B018 - open and migrate before the clock starts
    mulai.wait()
    for _ in range(n):
        reg.ambil(
            "naskah", klasifikasi="HK.03.01", tanggal="2024-05-17", perihal="bench", oleh="bench"
        )
    reg.tutup()


def _ukur(target, args: tuple, proses: int, n_total: int) -> float:  # type: ignore[no-untyped-def]
    """Run ``proses`` workers splitting ``n_total`` allocations; return ms per allocation."""
    mulai = mp.Event()
    ps = [mp.Process(target=target, args=(*args, n_total // proses, mulai)) for _ in range(proses)]
    for p in ps:
        p.start()
    time.sleep(0.5)
    t0 = time.perf_counter()
    mulai.set()
    for p in ps:
        p.join()
        assert p.exitcode == 0, f"worker failed ({p.exitcode})"
    return (time.perf_counter() - t0) * 1000 / n_total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="allocations per measurement")
    ap.add_argument("--pg-url", help="PostgreSQL URL (a fresh database is used as is)")
    args = ap.parse_args()
    hasil: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory(prefix="naskah-bench-") as tmp:
        for proses in (1, 4):
            raw = os.path.join(tmp, f"raw{proses}.sqlite")
            c = sqlite3.connect(raw)
            c.executescript(RAW_SCHEMA)
            c.close()
            hasil[("raw sqlite3", proses)] = _ukur(_raw, (raw,), proses, args.n)
            folder = Path(tmp) / f"sqlite{proses}"
            folder.mkdir()
            (folder / "naskah.toml").write_text(TOML)
            hasil[("register SQLite", proses)] = _ukur(
                _register, (str(folder), None), proses, args.n
            )
        pg_urls = _pg(args.pg_url)
        if pg_urls is not None:
            for proses in (1, 4):
                folder = Path(tmp) / f"pg{proses}"
                folder.mkdir()
                (folder / "naskah.toml").write_text(TOML)
                hasil[("register PostgreSQL", proses)] = _ukur(
                    _register, (str(folder), pg_urls(proses)), proses, args.n
                )
    print(f"{'':22} {'1 proses':>18} {'4 proses':>18}")
    for nama in ("raw sqlite3", "register SQLite", "register PostgreSQL"):
        if (nama, 1) not in hasil:
            continue
        sel = [f"{hasil[(nama, p)]:7.3f} ms {1000 / hasil[(nama, p)]:6.0f}/s" for p in (1, 4)]
        print(f"{nama:22} {sel[0]:>18} {sel[1]:>18}")
    for p in (1, 4):
        rasio = hasil[("raw sqlite3", p)] / hasil[("register SQLite", p)]
        print(f"rasio register SQLite / raw sqlite3, {p} proses: {rasio:.2f}")
    rasio4 = hasil[("raw sqlite3", 4)] / hasil[("register SQLite", 4)]
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
