"""Measure the PostgreSQL search backend (issue 14) exactly as bench/search.py measures Whoosh.

Same synthetic archive (tests/cari/korpus.py's generator, written once to JSONL by
bench/search.py), same 30 queries (``search.kueri_tetap``), same figures under the same keys, so
bench/search.py prints both backends side by side:

* rebuild: ``bangun_ulang`` over the whole archive in one transaction (docs/s);
* the naive way beside it: one transaction per document, on a sample (ms per document);
* query latency p50/p95 over the 30 queries, warm (backend kept open) and cold (opened afresh
  per query, as each ``naskah cari`` does: a new connection pool, no migration check skipped);
* the CPU the rebuild costs per document in the naskah process and in its server backend (read
  from /proc when the server runs on this machine), and the rate that CPU alone would allow:
  on a shared machine the wall-clock rate mostly measures the other processes;
* peak resident memory of the naskah process (the server's own memory is not in it);
* the database size of the index: ``pg_total_relation_size`` of the cari_* tables (heap, TOAST
  and indexes).

How bench/search.py calls it: ``with search_pg.server() as url`` around the run (a throwaway
server unless ``--pg-url``/``NASKAH_BENCH_PG_URL`` names one), then in the measuring child
``search_pg.ukur(arsip, sampel_naif)``. Standalone::

    PYTHONPATH=src python bench/search_pg.py [--n 100000] [--pg-url postgresql://…] [--folder D]

The throwaway server is the test suite's (tests/register/conftest.py): fsync and
synchronous_commit are off, which flatters the one-commit-per-document figure far more than the
rebuild (one commit). Bars (issue 14, 2-core machine): rebuild ≥ 1,000 docs/s, warm p95 ≤ 150 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "bench")]

ENV_URL = "NASKAH_BENCH_PG_URL"
BATAS = {"laju": 1000.0, "p95_ms": 150.0}


@contextlib.contextmanager
def server(url: str | None = None) -> Iterator[str]:
    """Yield the URL of an empty database for the bench and export it as NASKAH_BENCH_PG_URL.

    With ``url`` (or the variable already set) that server is used (the database must exist and
    its cari_* tables are replaced by the rebuild); otherwise a throwaway server is started.
    """
    url = url or os.environ.get(ENV_URL)
    if url:
        os.environ[ENV_URL] = url
        yield url
        return
    from tests.register.conftest import server_sementara

    with server_sementara() as s:
        url = s.basis_baru()
        os.environ[ENV_URL] = url
        try:
            yield url
        finally:
            os.environ.pop(ENV_URL, None)


def buka(url: str) -> Any:
    """Return the PostgreSQL backend on ``url``, through naskah's own factory."""
    from naskah.cari import buka_mesin_cari
    from naskah.config import BasisData, Cari, Konfigurasi

    konfigurasi = Konfigurasi(
        folder=Path(tempfile.gettempdir()),
        basis_data=BasisData(url=url),
        cari=Cari(mesin="postgresql"),
    )
    return buka_mesin_cari(konfigurasi)


def ukuran_basis_data(url: str) -> int:
    """Return the bytes the index takes in the database (tables, TOAST and indexes)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as c:
            return int(
                c.execute(
                    text(
                        "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                        "WHERE c.relkind = 'r' AND c.relname LIKE 'cari\\_%'"
                    )
                ).scalar_one()
            )
    finally:
        engine.dispose()


def _cpu_proses(pid: Any) -> float | None:
    """Return the CPU seconds process ``pid`` has used (None when it is not on this machine)."""
    try:
        medan = Path(f"/proc/{int(pid)}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, ValueError, TypeError):
        return None
    return (int(medan[11]) + int(medan[12])) / os.sysconf("SC_CLK_TCK")


def ukur(arsip: Path, sampel_naif: int, url: str | None = None) -> dict[str, Any]:
    """Measure the backend on ``arsip``; return bench/search.py's keys (runs in the child)."""
    import search  # bench/search.py: the archive reader, the 30 queries, the percentiles

    url = url or os.environ[ENV_URL]
    daftar = search.kueri_tetap(arsip)
    mesin = buka(url)
    mesin.perlu_dibangun_ulang()  # connect and migrate before the clock starts
    with mesin.engine.connect() as c:  # the pooled connection the rebuild will use
        pid_server = c.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    cpu_server = _cpu_proses(pid_server)
    mulai, cpu = time.perf_counter(), time.process_time()
    jumlah = mesin.bangun_ulang(search.baca_arsip(arsip))
    detik_bangun = time.perf_counter() - mulai
    cpu_bangun = time.process_time() - cpu
    with mesin.engine.connect() as c:
        sama = c.exec_driver_sql("SELECT pg_backend_pid()").scalar() == pid_server
    sesudah = _cpu_proses(pid_server)
    ms_server = (
        (sesudah - cpu_server) * 1000 / max(1, jumlah)
        if sama and cpu_server is not None and sesudah is not None
        else float("nan")
    )
    # (bangun_ulang ends with VACUUM ANALYZE, so the planner has fresh statistics)

    naif = search.ukur_naif_dan_kueri(mesin, arsip, daftar, sampel_naif, lambda: buka(url))
    mesin.tutup()
    return {
        "mesin": "postgresql",
        "jumlah": jumlah,
        "detik_bangun": detik_bangun,
        "laju": jumlah / detik_bangun,
        "cpu_klien_ms": cpu_bangun * 1000 / max(1, jumlah),
        "cpu_server_ms": ms_server,
        "laju_cpu": jumlah / (cpu_bangun + ms_server * jumlah / 1000),
        **naif,
        "memori_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "memori_anak_mib": 0.0,  # no sub-writer processes (bench/search.py's Whoosh row)
        "ukuran_mib": ukuran_basis_data(url) / 2**20,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="documents in the archive")
    ap.add_argument("--pg-url", help="an existing, empty database (a throwaway server otherwise)")
    ap.add_argument("--folder", type=Path, help="work folder (a temporary one by default)")
    ap.add_argument("--naif", type=int, default=200, help="documents committed one at a time")
    ap.add_argument("--anak", type=Path, help=argparse.SUPPRESS)  # ARSIP, in the child
    args = ap.parse_args()
    if args.anak:
        print(json.dumps(ukur(args.anak, args.naif)))
        return

    import search

    kerja = args.folder or Path(tempfile.mkdtemp(prefix="bench-cari-pg-"))
    kerja.mkdir(parents=True, exist_ok=True)
    arsip = kerja / f"arsip-{args.n}.jsonl"
    if not arsip.exists():
        detik = search.buat_arsip(arsip, args.n)
        print(f"arsip sintetis: {args.n} dokumen dibuat dalam {detik:.1f} s ({arsip})")
    print(f"mesin: {os.cpu_count()} inti, dipakai bersama (angka di bawah beban)")
    with server(args.pg_url):
        p = subprocess.run(
            [sys.executable, __file__, "--anak", str(arsip), "--naif", str(args.naif)],
            capture_output=True, text=True, check=False, env=os.environ.copy(),
        )  # fmt: skip
    if p.returncode != 0:
        print(p.stderr, file=sys.stderr)
        raise SystemExit("mesin postgresql gagal")
    h = json.loads(p.stdout.strip().splitlines()[-1])
    print()
    for label, kunci, fmt, batas in (
        ("dokumen", "jumlah", "d", ""),
        ("bangun ulang (dok/s)", "laju", ".0f", "≥ 1000"),
        ("bangun ulang (s)", "detik_bangun", ".1f", ""),
        ("  CPU proses naskah (ms/dok)", "cpu_klien_ms", ".2f", ""),
        ("  CPU proses server (ms/dok)", "cpu_server_ms", ".2f", ""),
        ("  laju bila CPU tersedia (dok/s)", "laju_cpu", ".0f", ""),
        ("satu transaksi per dokumen (ms/dok)", "ms_naif", ".1f", ""),
        ("kueri hangat p50 (ms)", "p50_ms", ".1f", ""),
        ("kueri hangat p95 (ms)", "p95_ms", ".1f", "≤ 150"),
        ("kueri dingin p50 (ms)", "p50_dingin_ms", ".1f", ""),
        ("kueri dingin p95 (ms)", "p95_dingin_ms", ".1f", ""),
        ("memori puncak proses naskah (MiB)", "memori_mib", ".0f", ""),
        ("ukuran indeks di basis data (MiB)", "ukuran_mib", ".0f", ""),
    ):
        print(f"{label:38}{h[kunci]:>12{fmt}}{batas:>10}")
    print(f"  rasio naif / batch: {h['ms_naif'] / (1000 / h['laju']):.0f}×")
    print("\nper kueri (ms hangat, jumlah hasil, hasil pertama):")
    for label, ms, jumlah, pertama in h["per_kueri"]:
        print(f"  {label:34}{ms:8.1f}{jumlah:>8}  {pertama}")
    gagal = [k for k in ("laju", "p95_ms") if not (
        h[k] >= BATAS[k] if k == "laju" else h[k] <= BATAS[k])]  # fmt: skip
    print("\nsemua batas terpenuhi" if not gagal else f"\nbatas TIDAK terpenuhi: {gagal}")


if __name__ == "__main__":
    main()
