"""Measure the desk's public forms against the QR page, in one run of ``naskah layanan``.

Starts the public service (a child process, loopback only) over a test office whose archive
holds a signed certificate and whose desk already holds 10,000 requests and 2,000 complaints
(filled as ``bench/ult.py`` does), on SQLite and on a throwaway PostgreSQL server, and measures
with --klien concurrent clients (each with its own cookie, as a browser without JavaScript):

* the certificate's QR page, idle (the reference);
* the complaint form sent (the public form without uploads: token check, honeypot, rate
  limit, one write transaction with its deadline in working days) — the issue's bar is p95 at
  most 5x the QR page's idle p95;
* a request sent with one small PDF attachment (multipart parsed off the event loop, the
  attachment stored by its hash), for comparison;
* the tracking look-up of an existing request.

A filled form's token is one submission, so each client first asks the form (not timed) and
then sends it (timed). QR, complaint and request are measured in --putaran interleaved rounds
(the machine is shared); the ratios use the median of the rounds' p95.

    PYTHONPATH=src:. python bench/layanan_formulir.py [--n 300] [--klien 4] [--tanpa-pg]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "tests" / "register")]


def _muat(nama: str) -> object:
    spec = importlib.util.spec_from_file_location(f"bench_{nama}", ROOT / "bench" / f"{nama}.py")
    assert spec is not None and spec.loader is not None
    modul = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modul)
    return modul


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_TOKEN = re.compile(r'name="token" value="([^"]+)"')


def _persentil(data: list[float], p: float) -> float:
    s = sorted(data)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


async def _ukur(
    url: str, klien: int, n: int, satu: Callable[[object], Awaitable[bool]]
) -> tuple[list[float], int, float]:
    """Run ``satu(client)`` ``n`` times over ``klien`` clients; return latencies (ms)."""
    import httpx

    sisa = [n]
    lat: list[float] = []
    gagal = [0]

    async def pekerja() -> None:
        async with httpx.AsyncClient(base_url=url, timeout=60) as c:
            while sisa[0] > 0:
                sisa[0] -= 1
                try:
                    t = await satu(c)
                except httpx.HTTPError:
                    gagal[0] += 1
                    continue
                if isinstance(t, float):
                    lat.append(t)
                else:
                    gagal[0] += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(pekerja() for _ in range(klien)))
    return lat, gagal[0], time.perf_counter() - t0


def _dengan_token(jalur_form: str, kirim: Callable[[object, str], Awaitable[object]]):  # type: ignore[no-untyped-def]
    async def satu(c) -> float | bool:  # type: ignore[no-untyped-def]
        r = await c.get(jalur_form)
        m = _TOKEN.search(r.text)
        if m is None:
            return False
        t = time.perf_counter()
        r = await kirim(c, m.group(1))
        ms = (time.perf_counter() - t) * 1000
        return ms if r.status_code == 200 else False  # type: ignore[attr-defined]

    return satu


def _qr(jalur: str):  # type: ignore[no-untyped-def]
    async def satu(c) -> float | bool:  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        r = await c.get(jalur)
        ms = (time.perf_counter() - t) * 1000
        return ms if r.status_code == 200 else False

    return satu


def _pengaduan(c, token: str):  # type: ignore[no-untyped-def]
    return c.post(
        "/pengaduan",
        data={
            "token": token,
            "situs_web": "",
            "isi": "Antrean terlalu lama pada hari Senin.",
            "layanan": "fasilitas",
            "nama": "",
            "telepon": "",
            "email": "",
            "permohonan": "",
        },  # fmt: skip
    )


def _permohonan(c, token: str):  # type: ignore[no-untyped-def]
    return c.post(
        "/ajukan/kerjasama",
        data={
            "token": token,
            "situs_web": "",
            "instansi": "SMA Negeri 1 Samarinda",
            "kontak": "Rina",
            "telepon": "081234567890",
            "email": "",
            "perihal": "Bench",
            "syarat": ["1", "2", "3"],
        },  # fmt: skip
        files={"lampiran": ("surat.pdf", PDF, "application/pdf")},
    )


def _baris(nama: str, lat: list[float], gagal: int, waktu: float) -> None:
    print(
        f"  {nama:<46}{len(lat) / waktu:>8.0f}{statistics.median(lat):>9.1f}"
        f"{_persentil(lat, 95):>9.1f}{max(lat):>9.1f}{gagal:>7}"
    )


def _satu_basis(nama_db: str, url_db: str | None, a: argparse.Namespace) -> dict[str, float]:
    from tests.layanan.conftest import ID_SERTIFIKAT, buat_kantor

    from naskah.config import muat_konfigurasi
    from naskah.ult.meja import Meja

    layanan = _muat("layanan")
    ult = _muat("ult")
    kaltim = ROOT / "examples" / "keputusan-bpmp-kaltim-2024.yaml"
    kalteng = ROOT / "examples" / "keputusan-bpmp-kalteng-2025.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        if url_db:
            os.environ["NASKAH_DATABASE_URL"] = url_db
        try:
            kantor = buat_kantor(
                Path(tmp) / "kantor",
                "batas_permintaan = 100000000\nbatas_formulir = 100000000\n"
                f'batas_lacak = 100000000\n\n[ult]\nstandar = ["{kaltim}", "{kalteng}"]\n'
                "\n[ult.layanan.kerjasama]\nhari_kerja_jawaban = 3\n",
            )
            k = muat_konfigurasi(kantor.folder / "naskah.toml")
            with Meja(k, url=url_db) as meja:
                ult._isi(meja)  # type: ignore[attr-defined]
                with meja.baca() as sql:
                    assert sql is not None
                    kode = sql.skalar("SELECT kode FROM ult_permohonan ORDER BY id LIMIT 1")
        finally:
            os.environ.pop("NASKAH_DATABASE_URL", None)
        s = layanan._Server(kantor.folder, "httptools", url_db)  # type: ignore[attr-defined]
        try:
            qr = _qr(f"/verifikasi/{ID_SERTIFIKAT}")
            adu = _dengan_token("/pengaduan", _pengaduan)
            mohon = _dengan_token("/ajukan/kerjasama", _permohonan)

            async def _lacak(c, token: str):  # type: ignore[no-untyped-def]
                return await c.post("/lacak", data={"token": token, "kode": kode})

            lacak = _dengan_token("/lacak", _lacak)
            for f in (qr, adu, mohon, lacak):  # warm up
                asyncio.run(_ukur(s.url, 2, 20, f))
            cara = {"qr": qr, "pengaduan": adu, "permohonan": mohon, "lacak": lacak}
            putaran: dict[str, list[float]] = {k: [] for k in cara}
            semua: dict[str, tuple[list[float], int, float]] = {}
            for _ in range(a.putaran):
                for kunci, f in cara.items():
                    lat, g, w = asyncio.run(_ukur(s.url, a.klien, a.n, f))
                    putaran[kunci].append(_persentil(lat, 95))
                    ada = semua.get(kunci)
                    semua[kunci] = (
                        (lat, g, w) if ada is None else (ada[0] + lat, ada[1] + g, ada[2] + w)
                    )
            print(
                f"\n{nama_db}: {a.klien} klien, {a.n} permintaan per baris per putaran, "
                f"{a.putaran} putaran; 10.000 permohonan dan 2.000 pengaduan di basis data"
            )
            print(f"  {'cara':<46}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'maks ms':>9}{'gagal':>7}")
            for kunci, nama in (
                ("qr", "halaman QR, diam"),
                ("pengaduan", "kirim pengaduan (tanpa unggahan)"),
                ("permohonan", "kirim permohonan (1 lampiran PDF)"),
                ("lacak", "lacak kode permohonan"),
            ):
                _baris(nama, *semua[kunci])
            p95 = {k: statistics.median(v) for k, v in putaran.items()}
            print(
                "  p95 per putaran: "
                + "; ".join(f"{k} " + "/".join(f"{x:.1f}" for x in v) for k, v in putaran.items())
            )
            print(
                f"  rasio p95 (median putaran) terhadap halaman QR diam: pengaduan "
                f"{p95['pengaduan'] / p95['qr']:.2f}x (target <= 5x), permohonan dengan lampiran "
                f"{p95['permohonan'] / p95['qr']:.2f}x, lacak {p95['lacak'] / p95['qr']:.2f}x"
            )
            return p95
        finally:
            s.berhenti()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="requests per row per round")
    ap.add_argument("--klien", type=int, default=4, help="concurrent clients")
    ap.add_argument("--putaran", type=int, default=3, help="interleaved rounds (median p95)")
    ap.add_argument("--tanpa-pg", action="store_true", help="SQLite only")
    a = ap.parse_args()
    hasil = {"SQLite": _satu_basis("SQLite", None, a)}
    if not a.tanpa_pg and Path("/usr/lib/postgresql/15/bin/initdb").exists():
        import conftest  # tests/register: the test suite's throwaway PostgreSQL server

        with conftest.server_sementara() as pg:
            hasil["PostgreSQL"] = _satu_basis("PostgreSQL", pg.basis_baru(), a)
    print("\np95 ms side by side: " + "; ".join(
        f"{db}: QR {p['qr']:.1f}, pengaduan {p['pengaduan']:.1f} "
        f"({p['pengaduan'] / p['qr']:.1f}x), permohonan {p['permohonan']:.1f}"
        for db, p in hasil.items()
    ))  # fmt: skip


if __name__ == "__main__":
    main()
