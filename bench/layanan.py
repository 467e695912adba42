"""Measure the verification service's QR page under 20 concurrent clients (loopback only).

Starts ``naskah layanan`` (the library's :func:`naskah.layanan.jalankan`, in a child process)
over a test office, on SQLite and on a throwaway PostgreSQL server, and measures with 20
concurrent keep-alive clients, side by side in one run:

* the certificate's QR page, reused for 2 s (``[layanan] tembolok_detik``): idle;
* the same while two other clients upload and check a signed PDF continuously;
* pages of random ids never asked before (unknown to the service's index of archived ids:
  404 without a query);
* the QR page asked of the archive on every request (``tembolok_detik = 0``, the naive way);
* with uvicorn's pure-Python h11 parser (its own header cap) instead of httptools behind
  naskah's connection limits (:mod:`naskah.layanan.sambungan`), idle.

Idle, random ids and loaded are measured in --putaran interleaved rounds (the machine is
shared); the ratios use each figure's median p95 over the rounds. Prints throughput,
p50/p95/max latency, failed requests, the ratios (targets: loaded p95 and random-id p95 at
most 2x the idle p95), and peak memory (VmHWM) of the server and of each check
worker. Bounded: at most --n requests and --batas seconds per run.

    PYTHONPATH=src:. python bench/layanan.py [--n 3000] [--klien 20] [--batas 60] [--tanpa-pg]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "tests" / "register")]

_SERVER = """
import sys
from naskah.config import muat_konfigurasi
from naskah.layanan import OpsiServer, jalankan
from naskah.peringatan import salurkan_peringatan
salurkan_peringatan()
from pathlib import Path
k = muat_konfigurasi(Path(sys.argv[1]))
jalankan(k, OpsiServer(port=0, parser=sys.argv[2]), siap=lambda a: print("siap di", a, flush=True))
"""


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
    host: str, port: int, jalur: list[str] | str, n: int, klien: int, batas: float
) -> tuple[list[float], int, float]:
    sisa = [n]
    lat: list[float] = []
    gagal = [0]
    akhir = time.monotonic() + batas

    def permintaan() -> tuple[bytes, int]:
        j = jalur if isinstance(jalur, str) else jalur[sisa[0] % len(jalur)]
        harap = 200 if isinstance(jalur, str) else 404
        return f"GET {j} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode(), harap

    async def pekerja() -> None:
        rw: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        while sisa[0] > 0 and time.monotonic() < akhir:
            sisa[0] -= 1
            p, harap = permintaan()
            t0 = time.perf_counter()
            try:
                if rw is None:
                    rw = await asyncio.open_connection(host, port)
                if await _satu(*rw, p) != harap:
                    gagal[0] += 1
            except (OSError, asyncio.IncompleteReadError, ValueError):
                gagal[0] += 1
                rw = None
            lat.append((time.perf_counter() - t0) * 1000)
        if rw is not None:
            rw[1].close()

    t0 = time.perf_counter()
    await asyncio.gather(*(pekerja() for _ in range(klien)))
    return lat, gagal[0], time.perf_counter() - t0


def _gabung(
    ada: tuple[list[float], int, float] | None, lat: list[float], gagal: int, waktu: float
) -> tuple[list[float], int, float]:
    if ada is None:
        return lat, gagal, waktu
    return ada[0] + lat, ada[1] + gagal, ada[2] + waktu


def _persentil(data: list[float], p: float) -> float:
    s = sorted(data)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def _hwm_mb(pid: int) -> float:
    for baris in Path(f"/proc/{pid}/status").read_text().splitlines():
        if baris.startswith("VmHWM:"):
            return int(baris.split()[1]) / 1024
    return 0.0


def _pekerja(pid: int) -> list[int]:
    hasil = []
    for tugas in Path(f"/proc/{pid}/task").iterdir():
        try:
            anak = [int(x) for x in (tugas / "children").read_text().split()]
        except OSError:
            continue
        for p in anak:
            try:
                if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes():
                    hasil.append(p)
            except OSError:
                continue
    return hasil


class _Server:
    def __init__(self, folder: Path, parser: str, url_db: str | None) -> None:
        from tests.register.conftest import env_anak

        env = env_anak()
        env.pop("NASKAH_DATABASE_URL", None)
        if url_db:
            env["NASKAH_DATABASE_URL"] = url_db
        self.log = (folder / f"bench-{parser}.log").open("w")
        self.p = subprocess.Popen(
            [sys.executable, "-c", _SERVER, str(folder / "naskah.toml"), parser],
            cwd=folder,
            env=env,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        assert self.p.stdout is not None
        baris = self.p.stdout.readline()
        if "siap di" not in baris:
            raise SystemExit(f"layanan tidak mulai: {(folder / f'bench-{parser}.log').read_text()}")
        self.url = baris.split(" di ", 1)[1].strip()
        self.host, port = self.url.removeprefix("http://").rsplit(":", 1)
        self.port = int(port)

    def berhenti(self) -> None:
        self.p.send_signal(signal.SIGTERM)
        try:
            self.p.wait(30)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        self.log.close()


def _baris(nama: str, lat: list[float], gagal: int, waktu: float, n: int) -> float:
    p95 = _persentil(lat, 95)
    print(
        f"  {nama:<44}{len(lat) / waktu:>8.0f}{statistics.median(lat):>9.1f}{p95:>9.1f}"
        f"{max(lat):>9.1f}{gagal:>7}" + ("" if len(lat) == n else f"  (batas waktu: {len(lat)})")
    )
    return p95


def _unggah_terus(url: str, data: bytes, henti: threading.Event, hitung: list[int]) -> None:
    import httpx

    with httpx.Client(timeout=120) as c:
        while not henti.is_set():
            r = c.post(url + "/periksa", files={"berkas": ("a.pdf", data, "application/pdf")})
            hitung[0 if r.status_code == 200 else 1] += 1


def _satu_basis(nama_db: str, url_db: str | None, a: argparse.Namespace) -> None:
    from tests.layanan.conftest import ID_SERTIFIKAT, buat_kantor

    with tempfile.TemporaryDirectory() as tmp:
        if url_db:
            os.environ["NASKAH_DATABASE_URL"] = url_db
        try:
            kantor = buat_kantor(Path(tmp) / "kantor", "batas_permintaan = 100000000\n")
        finally:
            os.environ.pop("NASKAH_DATABASE_URL", None)
        pdf = kantor.berkas["sertifikat"].read_bytes()
        print(f"\n{nama_db}: {a.klien} klien, {a.n} permintaan per baris (sambungan tetap)")
        print(f"  {'cara':<44}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'maks ms':>9}{'gagal':>7}")
        jalur = f"/verifikasi/{ID_SERTIFIKAT}"
        parsers = ["httptools", "h11"] if nama_db == "SQLite" else ["httptools"]
        p95: dict[str, float] = {}
        for parser in parsers:
            s = _Server(Path(tmp) / "kantor", parser, url_db)
            try:
                asyncio.run(_ukur(s.host, s.port, jalur, 300, 4, 30))  # warm up
                if parser != "httptools":
                    lat, g, w = asyncio.run(_ukur(s.host, s.port, jalur, a.n, a.klien, a.batas))
                    p95[f"diam-{parser}"] = _baris(f"halaman QR, diam ({parser})", lat, g, w, a.n)
                    continue
                # idle, random ids and loaded, interleaved --putaran times: the machine is
                # shared, so each figure is the median of its rounds' p95
                putaran: dict[str, list[float]] = {"diam": [], "acak": [], "beban": []}
                semua: dict[str, tuple[list[float], int, float]] = {}
                hitung = [0, 0]
                for _ in range(a.putaran):
                    lat, g, w = asyncio.run(_ukur(s.host, s.port, jalur, a.n, a.klien, a.batas))
                    putaran["diam"].append(_persentil(lat, 95))
                    semua["diam"] = _gabung(semua.get("diam"), lat, g, w)
                    acak = [f"/verifikasi/{secrets.token_hex(12)}" for _ in range(a.n)]
                    lat, g, w = asyncio.run(_ukur(s.host, s.port, acak, a.n, a.klien, a.batas))
                    putaran["acak"].append(_persentil(lat, 95))
                    semua["acak"] = _gabung(semua.get("acak"), lat, g, w)
                    henti = threading.Event()
                    pengunggah = [
                        threading.Thread(target=_unggah_terus, args=(s.url, pdf, henti, hitung))
                        for _ in range(2)
                    ]
                    awal = sum(hitung)
                    for t in pengunggah:
                        t.start()
                    try:
                        while sum(hitung) == awal:  # wait until the checks are running
                            time.sleep(0.05)
                        lat, g, w = asyncio.run(_ukur(s.host, s.port, jalur, a.n, a.klien, a.batas))
                    finally:
                        henti.set()
                        for t in pengunggah:
                            t.join()
                    putaran["beban"].append(_persentil(lat, 95))
                    semua["beban"] = _gabung(semua.get("beban"), lat, g, w)
                for kunci, nama in (
                    ("diam", "halaman QR, diam (httptools)"),
                    ("acak", "id acak, belum pernah diminta (404)"),
                    ("beban", "halaman QR, sambil 2 unggahan diperiksa"),
                ):
                    lat, g, w = semua[kunci]
                    _baris(nama, lat, g, w, a.n * a.putaran)
                    p95[kunci if kunci != "diam" else "diam-httptools"] = statistics.median(
                        putaran[kunci]
                    )
                print(
                    "  p95 per putaran: "
                    + "; ".join(
                        f"{k} " + "/".join(f"{x:.1f}" for x in v) for k, v in putaran.items()
                    )
                )
                print(f"  (unggahan selesai: {hitung[0]} sah diperiksa, {hitung[1]} gagal)")
                pekerja = _pekerja(s.p.pid)
                print(
                    f"  memori puncak: server {_hwm_mb(s.p.pid):.0f} MB, pemeriksa "
                    + ", ".join(f"{_hwm_mb(p):.0f} MB" for p in pekerja)
                )
            finally:
                s.berhenti()
        # the naive way: every request asks the archive (no page reuse, an existing id)
        with (Path(tmp) / "kantor" / "naskah.toml").open("a") as f:
            f.write("tembolok_detik = 0\n")
        s = _Server(Path(tmp) / "kantor", "httptools", url_db)
        try:
            asyncio.run(_ukur(s.host, s.port, jalur, 300, 4, 30))
            lat, g, w = asyncio.run(_ukur(s.host, s.port, jalur, a.n, a.klien, a.batas))
            p95["naif"] = _baris("halaman QR, tanpa tembolok (tiap kali ke arsip)", lat, g, w, a.n)
        finally:
            s.berhenti()
        d = p95["diam-httptools"]
        print(
            f"  rasio p95 (median putaran): beban/diam {p95['beban'] / d:.2f}x, acak/tembolok "
            f"{p95['acak'] / d:.2f}x (target <= 2x), tanpa tembolok/tembolok "
            f"{p95['naif'] / d:.2f}x"
            + (f"; h11/httptools {p95['diam-h11'] / d:.2f}x" if "diam-h11" in p95 else "")
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--klien", type=int, default=20)
    ap.add_argument("--batas", type=float, default=60.0, help="seconds per run at most")
    ap.add_argument("--putaran", type=int, default=3, help="interleaved rounds (median p95)")
    ap.add_argument("--tanpa-pg", action="store_true", help="SQLite only")
    a = ap.parse_args()
    _satu_basis("SQLite", None, a)
    if a.tanpa_pg or not Path("/usr/lib/postgresql/15/bin/initdb").exists():
        return
    import conftest  # tests/register: the test suite's throwaway PostgreSQL server

    with conftest.server_sementara() as pg:
        _satu_basis("PostgreSQL", pg.basis_baru(), a)


if __name__ == "__main__":
    main()
