"""Measure the verification service's QR page under 20 concurrent clients (loopback only).

Starts ``naskah layanan`` on a free loopback port over a test office (a signed certificate in
its archive), then 20 concurrent clients make 5,000 GET requests of the certificate's QR page
in total, over kept-alive connections (a browser) and with each request on a new connection
(a phone that just scanned the code); once with the page reused for 2 s (the default
``[layanan] tembolok_detik``) and once asking the archive for every request (the naive way),
side by side in one run. Prints throughput, p50/p95/max
latency and failed requests. Bounded: at most --n requests and --batas seconds per run.

    PYTHONPATH=src:. python bench/layanan.py [--n 5000] [--klien 20] [--batas 120]

Bar (issue 13): p95 under 50 ms for the QR page, no failed request.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


async def _satu(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, permintaan: bytes
) -> int:
    writer.write(permintaan)
    await writer.drain()
    kepala = await reader.readuntil(b"\r\n\r\n")
    status = int(kepala.split(b" ", 2)[1])
    panjang = 0
    for baris in kepala.split(b"\r\n"):
        if baris.lower().startswith(b"content-length:"):
            panjang = int(baris.split(b":", 1)[1])
    await reader.readexactly(panjang)
    return status


async def _ukur(
    host: str, port: int, jalur: str, n: int, klien: int, batas: float, tetap: bool
) -> tuple[list[float], int, float]:
    sambungan = b"keep-alive" if tetap else b"close"
    permintaan = (
        f"GET {jalur} HTTP/1.1\r\nHost: {host}\r\n".encode()
        + b"Connection: "
        + sambungan
        + b"\r\n\r\n"
    )
    sisa = [n]
    lat: list[float] = []
    gagal = [0]
    akhir = time.monotonic() + batas

    async def pekerja() -> None:
        rw: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        while sisa[0] > 0 and time.monotonic() < akhir:
            sisa[0] -= 1
            t0 = time.perf_counter()
            try:
                if rw is None:
                    rw = await asyncio.open_connection(host, port)
                status = await _satu(*rw, permintaan)
                if status != 200:
                    gagal[0] += 1
            except (OSError, asyncio.IncompleteReadError, ValueError):
                gagal[0] += 1
                rw = None
            lat.append((time.perf_counter() - t0) * 1000)
            if not tetap and rw is not None:
                rw[1].close()
                rw = None
        if rw is not None:
            rw[1].close()

    t0 = time.perf_counter()
    await asyncio.gather(*(pekerja() for _ in range(klien)))
    return lat, gagal[0], time.perf_counter() - t0


def _persentil(data: list[float], p: float) -> float:
    s = sorted(data)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--klien", type=int, default=20)
    ap.add_argument("--batas", type=float, default=120.0, help="seconds per run at most")
    a = ap.parse_args()

    from tests.layanan.conftest import ID_SERTIFIKAT, buat_kantor, mulai_server

    print(f"{a.klien} klien, {a.n} permintaan halaman QR (loopback, mesin 2 inti)")
    print(f"{'cara':<44}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'maks ms':>9}{'gagal':>7}")
    hasil = {}
    for tembolok in (2.0, 0.0):
        with tempfile.TemporaryDirectory() as tmp:
            kantor = buat_kantor(
                Path(tmp) / "kantor",
                f"batas_permintaan = 100000000\ntembolok_detik = {tembolok}\n",
            )
            for server in mulai_server(kantor.folder):
                host, port = server.url.removeprefix("http://").rsplit(":", 1)
                jalur = f"/verifikasi/{ID_SERTIFIKAT}"
                # warm up (templates, the register's read connection)
                asyncio.run(_ukur(host, int(port), jalur, 200, 4, 30, True))
                for cara, tetap in (("sambungan tetap", True), ("sambungan baru", False)):
                    nama = f"{cara}, " + (
                        f"halaman disimpan {tembolok:g} s" if tembolok else "tanpa tembolok"
                    )
                    lat, gagal, waktu = asyncio.run(
                        _ukur(host, int(port), jalur, a.n, a.klien, a.batas, tetap)
                    )
                    hasil[nama] = (len(lat) / waktu, _persentil(lat, 95))
                    print(
                        f"{nama:<44}{len(lat) / waktu:>8.0f}{statistics.median(lat):>9.1f}"
                        f"{_persentil(lat, 95):>9.1f}{max(lat):>9.1f}{gagal:>7}"
                        + ("" if len(lat) == a.n else f"  (batas waktu: {len(lat)} saja)")
                    )
    (t1, p1), (t2, p2), (t3, p3), (t4, p4) = hasil.values()
    print(
        f"rasio tanpa tembolok / dengan tembolok (sambungan tetap): throughput {t3 / t1:.2f}x, "
        f"p95 {p3 / p1:.2f}x"
    )
    print("batas: p95 < 50 ms, tanpa permintaan gagal")


if __name__ == "__main__":
    main()
