"""Measure the staff's web desk under 20 concurrent logged-in users (loopback only).

One office with 10,000 requests in its database (most closed, a few hundred open) and the
public verification service's archive: ``naskah meja`` and ``naskah layanan`` each run as a
child process, on SQLite and on a throwaway PostgreSQL server, printed side by side. With
--klien concurrent keep-alive clients (each its own logged-in user, a real session cookie):

* "Tugas saya" (``/tugas``) of a Kasubbag Umum (the role that sees the most);
* a request's page (``/permohonan/{kode}``), a random request of the 10,000 each time;
* the public QR page of ``naskah layanan``, idle: the yardstick (target: both desk pages'
  p95 at most 3x its p95).

Measured in --putaran interleaved rounds (the machine is shared); each ratio uses the median
p95 over the rounds. Bounded: at most --n requests and --batas seconds per run. Beside the
latencies, the CPU time each page costs (the server process, and on PostgreSQL the server's
backends, from /proc): a figure other load on a shared machine disturbs far less than a p95.

    PYTHONPATH=src:. python bench/meja_web.py [--n 2000] [--klien 20] [--permohonan 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "tests" / "register")]

SANDI = "sandi-bench-meja-2026"

_MEJA = """
import sys
from pathlib import Path
from naskah.config import muat_konfigurasi
from naskah.peringatan import salurkan_peringatan
from naskah.staf.server import OpsiMeja, jalankan
salurkan_peringatan()
k = muat_konfigurasi(Path(sys.argv[1]))
jalankan(k, OpsiMeja(port=0), siap=lambda a: print("siap di", a, flush=True))
"""
_LAYANAN = """
import sys
from pathlib import Path
from naskah.config import muat_konfigurasi
from naskah.layanan import OpsiServer, jalankan
from naskah.peringatan import salurkan_peringatan
salurkan_peringatan()
k = muat_konfigurasi(Path(sys.argv[1]))
jalankan(k, OpsiServer(port=0), siap=lambda a: print("siap di", a, flush=True))
"""


class _Server:
    def __init__(self, folder: Path, kode: str, url_db: str | None, nama: str) -> None:
        from tests.register.conftest import env_anak

        env = env_anak()
        env.pop("NASKAH_DATABASE_URL", None)
        if url_db:
            env["NASKAH_DATABASE_URL"] = url_db
        self.log = (folder / f"bench-{nama}.log").open("w")
        self.p = subprocess.Popen(
            [sys.executable, "-c", kode, str(folder / "naskah.toml")],
            cwd=folder, env=env, stdout=subprocess.PIPE, stderr=self.log, text=True,
        )  # fmt: skip
        assert self.p.stdout is not None
        baris = self.p.stdout.readline()
        if "siap di" not in baris:
            raise SystemExit(f"{nama} tidak mulai: {(folder / f'bench-{nama}.log').read_text()}")
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


async def _satu(r: asyncio.StreamReader, w: asyncio.StreamWriter, permintaan: bytes) -> int:
    w.write(permintaan)
    await w.drain()
    kepala = await r.readuntil(b"\r\n\r\n")
    status = int(kepala.split(b" ", 2)[1])
    panjang = 0
    for baris in kepala.split(b"\r\n"):
        if baris.lower().startswith(b"content-length:"):
            panjang = int(baris.split(b":", 1)[1])
    await r.readexactly(panjang)
    return status


async def _ukur(
    host: str, port: int, jalur: list[str], kuki: list[str], n: int, batas: float
) -> tuple[list[float], int, float]:
    """``len(kuki)`` clients (one per cookie; "" for none) ask ``jalur`` (cycled) n times."""
    sisa = [n]
    lat: list[float] = []
    gagal = [0]
    akhir = time.monotonic() + batas

    async def pekerja(k: str) -> None:
        rw: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        tambahan = f"Cookie: __Host-meja={k}\r\n" if k else ""
        while sisa[0] > 0 and time.monotonic() < akhir:
            sisa[0] -= 1
            j = jalur[sisa[0] % len(jalur)]
            p = f"GET {j} HTTP/1.1\r\nHost: {host}\r\n{tambahan}\r\n".encode()
            t0 = time.perf_counter()
            try:
                if rw is None:
                    rw = await asyncio.open_connection(host, port)
                if await _satu(*rw, p) != 200:
                    gagal[0] += 1
            except (OSError, asyncio.IncompleteReadError, ValueError):
                gagal[0] += 1
                rw = None
            lat.append((time.perf_counter() - t0) * 1000)
        if rw is not None:
            rw[1].close()

    t0 = time.perf_counter()
    await asyncio.gather(*(pekerja(k) for k in kuki))
    return lat, gagal[0], time.perf_counter() - t0


def _cpu(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used, all its threads (0 without /proc)."""
    try:
        f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


def _backend_pg(url_db: str | None) -> list[int]:
    """The process ids of the PostgreSQL server's client connections (the servers' reads)."""
    if not url_db:
        return []
    import psycopg

    with psycopg.connect(url_db.replace("postgresql+psycopg://", "postgresql://")) as c:
        rows = c.execute(
            "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'"
        ).fetchall()
    return [r[0] for r in rows]


def _persentil(data: list[float], p: float) -> float:
    s = sorted(data)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def _isi_permohonan(folder: Path, url_db: str | None, jumlah: int, pengguna: int) -> list[str]:
    """Receive one request with the library, copy it to ``jumlah`` rows; make the users."""
    from naskah.config import muat_konfigurasi
    from naskah.staf import pengguna as pg
    from naskah.ult import permohonan as pm
    from naskah.ult.meja import Meja, buat_kode

    k = muat_konfigurasi(folder / "naskah.toml")
    with Meja(k, url=url_db, oleh="loket") as m:
        p = pm.terima(
            m,
            pm.PermohonanBaru(
                layanan="narasumber", instansi="Disdikbud Kota Bontang", telepon="081122334455",
                perihal="Bimbingan Teknis Perencanaan Berbasis Data",
                kegiatan_mulai=date.today() + timedelta(days=60), semua_syarat=True,
            ),
        )  # fmt: skip
        with m.baca() as sql:
            assert sql is not None
            asal = sql.satu("SELECT * FROM ult_permohonan WHERE id = :i", i=p.id)
        assert asal is not None
        rnd = random.Random(7)
        baris, kode = [], []
        for i in range(jumlah - 1):
            r = dict(asal)
            r.pop("id")
            r["kode"] = buat_kode()
            hari = date.today() - timedelta(days=rnd.randrange(0, 700))
            r["hari_terima"] = hari
            r["diterima"] = datetime(hari.year, hari.month, hari.day, 2, tzinfo=UTC)
            r["dicatat"] = r["diterima"]
            r["instansi"] = f"Satuan Pendidikan {i:05d}"
            if i % 30 == 0:  # open, waiting: deadlines around today, some overdue
                r["keadaan"] = rnd.choice(["diterima", "didisposisi", "disetujui"])
                r["tenggat"] = date.today() + timedelta(days=rnd.randrange(-10, 15))
            else:
                r["keadaan"], r["tenggat"] = "selesai", None
                r["ditutup"] = r["diterima"] + timedelta(days=5)
            baris.append(r)
            kode.append(r["kode"])
        with m.tulis() as sql:
            kolom = list(baris[0])
            sql.jalankan_banyak(
                f"INSERT INTO ult_permohonan ({', '.join(kolom)}) "
                f"VALUES ({', '.join(':' + c for c in kolom)})",
                baris,
            )
            sql.jalankan(
                "INSERT INTO ult_jejak (objek, objek_id, aksi, keterangan, waktu, oleh) "
                "SELECT 'permohonan', id, 'terima', 'salinan bench', dicatat, oleh "
                "FROM ult_permohonan WHERE id <> :i",
                i=p.id,
            )
            sql.jalankan(
                "INSERT INTO ult_syarat (permohonan_id, urut, teks, terpenuhi, otomatis) "
                "SELECT u.id, s.urut, s.teks, s.terpenuhi, s.otomatis FROM ult_permohonan u "
                "CROSS JOIN ult_syarat s WHERE s.permohonan_id = :i AND u.id <> :i",
                i=p.id,
            )
        for n in range(pengguna):
            pg.tambah(m, f"kasubbag{n:02d}", nama_lengkap=f"Kasubbag {n}", peran="kasubbag_umum",
                      sandi=SANDI)  # fmt: skip
    return kode


def _masuk(url: str, nama: str) -> str:
    import httpx

    with httpx.Client(base_url=url, follow_redirects=False, timeout=60) as c:
        r = c.get("/masuk")
        csrf = re.search(r'name="csrf" value="([^"]+)"', r.text)
        kuki = r.headers.get_list("set-cookie")
        masuk = next(x.split(";")[0] for x in kuki if x.startswith("__Host-meja-masuk="))
        assert csrf is not None
        r = c.post(
            "/masuk",
            data={"csrf": csrf.group(1), "nama": nama, "sandi": SANDI},
            headers={"cookie": masuk},
        )
        if r.status_code != 303:
            raise SystemExit(f"masuk gagal: {r.status_code}")
        sesi = next(
            x.split(";")[0] for x in r.headers.get_list("set-cookie")
            if x.startswith("__Host-meja=")
        )  # fmt: skip
        return sesi.split("=", 1)[1]


def _satu_basis(nama_db: str, url_db: str | None, a: argparse.Namespace) -> dict[str, float]:
    from tests.layanan.conftest import ID_SERTIFIKAT, buat_kantor
    from tests.ult.conftest import KALTENG, KALTIM

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "kantor"
        if url_db:
            os.environ["NASKAH_DATABASE_URL"] = url_db
        try:
            buat_kantor(folder, "batas_permintaan = 100000000\n")
        finally:
            os.environ.pop("NASKAH_DATABASE_URL", None)
        with (folder / "naskah.toml").open("a", encoding="utf-8") as f:
            f.write(f'\n[ult]\nstandar = ["{KALTIM}", "{KALTENG}"]\n\n'
                    "[meja]\nbatas_permintaan = 100000000\n")  # fmt: skip
        t0 = time.perf_counter()
        kode = _isi_permohonan(folder, url_db, a.permohonan, a.klien)
        print(
            f"\n{nama_db}: {a.permohonan} permohonan dicatat ({time.perf_counter() - t0:.1f} s), "
            f"{a.klien} petugas masuk bersamaan, {a.n} permintaan per baris"
        )
        meja = _Server(folder, _MEJA, url_db, "meja")
        layanan = _Server(folder, _LAYANAN, url_db, "layanan")
        try:
            kuki = [_masuk(meja.url, f"kasubbag{n:02d}") for n in range(a.klien)]
            rnd = random.Random(11)
            halaman = [f"/permohonan/{rnd.choice(kode)}" for _ in range(a.n)]
            cara = {
                "qr": (layanan, [f"/verifikasi/{ID_SERTIFIKAT}"], [""] * a.klien),
                "tugas": (meja, ["/tugas"], kuki),
                "permohonan": (meja, halaman, kuki),
            }
            for s, jalur, k in cara.values():  # warm up (every client's connection)
                asyncio.run(_ukur(s.host, s.port, jalur, k, 400, 30))
            backend = _backend_pg(url_db)
            cpu: dict[str, float] = dict.fromkeys(cara, 0.0)
            cpu_pg: dict[str, float] = dict.fromkeys(cara, 0.0)
            p95: dict[str, list[float]] = {c: [] for c in cara}
            semua: dict[str, list[float]] = {c: [] for c in cara}
            gagal: dict[str, int] = dict.fromkeys(cara, 0)
            waktu: dict[str, float] = dict.fromkeys(cara, 0.0)
            for _ in range(a.putaran):
                for c, (s, jalur, k) in cara.items():
                    c0, b0 = _cpu(s.p.pid), sum(_cpu(b) for b in backend)
                    lat, g, w = asyncio.run(_ukur(s.host, s.port, jalur, k, a.n, a.batas))
                    cpu[c] += _cpu(s.p.pid) - c0
                    cpu_pg[c] += sum(_cpu(b) for b in backend) - b0
                    p95[c].append(_persentil(lat, 95))
                    semua[c] += lat
                    gagal[c] += g
                    waktu[c] += w
            print(f"  {'halaman':<44}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'maks ms':>9}"
                  f"{'gagal':>7}{'CPU us':>8}{'+PG us':>8}")  # fmt: skip
            nama = {
                "qr": "halaman QR publik, diam (patokan)",
                "tugas": "Tugas saya (Kasubbag Umum)",
                "permohonan": "halaman permohonan (acak dari semua)",
            }
            for c in cara:
                lat = semua[c]
                print(
                    f"  {nama[c]:<44}{len(lat) / waktu[c]:>8.0f}{statistics.median(lat):>9.1f}"
                    f"{statistics.median(p95[c]):>9.1f}{max(lat):>9.1f}{gagal[c]:>7}"
                    f"{cpu[c] / len(lat) * 1e6:>8.0f}"
                    + (f"{cpu_pg[c] / len(lat) * 1e6:>8.0f}" if backend else f"{'-':>8}")
                )
            d = statistics.median(p95["qr"])
            hasil = {c: statistics.median(p95[c]) / d for c in ("tugas", "permohonan")}
            cpu_qr = (cpu["qr"] + cpu_pg["qr"]) / len(semua["qr"])
            for c in ("tugas", "permohonan"):
                hasil[f"cpu_{c}"] = (cpu[c] + cpu_pg[c]) / len(semua[c]) / cpu_qr if cpu_qr else 0
            print(
                "  p95 per putaran: "
                + "; ".join(f"{c} " + "/".join(f"{x:.1f}" for x in v) for c, v in p95.items())
            )
            print(
                f"  rasio p95 terhadap halaman QR: Tugas saya {hasil['tugas']:.2f}x, halaman "
                f"permohonan {hasil['permohonan']:.2f}x (target <= 3x)"
            )
            return hasil
        finally:
            meja.berhenti()
            layanan.berhenti()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--klien", type=int, default=20)
    ap.add_argument("--permohonan", type=int, default=10_000)
    ap.add_argument("--batas", type=float, default=60.0, help="seconds per run at most")
    ap.add_argument("--putaran", type=int, default=3, help="interleaved rounds (median p95)")
    ap.add_argument("--tanpa-pg", action="store_true", help="SQLite only")
    a = ap.parse_args()
    hasil = {"SQLite": _satu_basis("SQLite", None, a)}
    if not a.tanpa_pg and Path("/usr/lib/postgresql/15/bin/initdb").exists():
        import conftest  # tests/register: the test suite's throwaway PostgreSQL server

        with conftest.server_sementara() as pg:
            hasil["PostgreSQL"] = _satu_basis("PostgreSQL", pg.basis_baru(), a)
    print("\nringkasan (rasio p95 terhadap halaman QR publik, target <= 3x):")
    print(f"  {'':<22}" + "".join(f"{n:>14}" for n in hasil))
    for c, nama in (("tugas", "Tugas saya"), ("permohonan", "halaman permohonan")):
        print(f"  {nama:<22}" + "".join(f"{h[c]:>13.2f}x" for h in hasil.values()))
    print("rasio CPU per permintaan (server + PostgreSQL) terhadap halaman QR publik:")
    for c, nama in (("tugas", "Tugas saya"), ("permohonan", "halaman permohonan")):
        print(f"  {nama:<22}" + "".join(f"{h['cpu_' + c]:>13.2f}x" for h in hasil.values()))


if __name__ == "__main__":
    main()
