"""Measure the ULT desk's everyday reads on a year of work, as whole processes, beside --version.

Fills a temporary office (the Kaltim and Kalteng standards) with 10,000 requests and 2,000
complaints spread over 2025 (deadlines computed by the desk's calendar; rows written in one
transaction, as a year of ``naskah ult terima`` would leave them), then runs, interleaved
(--ulang rounds), and prints the median wall time and its ratio to ``naskah --version``:

* ``naskah --version`` (the floor of any naskah command),
* ``naskah ult jatuh-tempo`` (bar of the issue: within 2x of --version),
* ``naskah ult daftar --layanan kerjasama --terbuka --batas 50``,
* ``naskah ult daftar --keadaan diterima --dari 2025-11-01 --sampai 2025-11-30``;
* on PostgreSQL, for reference, ``python -c "import psycopg"`` (what the reads would cost with
  psycopg before their first query) and the import of :mod:`naskah.register.pg_baca`, the small
  client they use instead.

In the same run it times, in process, ``jatuh_tempo`` (one indexed query per table) against the
naive way (reading every request and complaint and filtering in Python).

    python bench/ult.py [--ulang 9] [--postgresql postgresql://…/db]
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from naskah.config import muat_konfigurasi  # noqa: E402
from naskah.ult import pengaduan as pg  # noqa: E402
from naskah.ult import permohonan as pm  # noqa: E402
from naskah.ult.jatuh_tempo import jatuh_tempo  # noqa: E402
from naskah.ult.meja import Meja, buat_kode  # noqa: E402

TOML = """
[tte]
zona_waktu = "WITA"
[ult]
standar = ["{kaltim}", "{kalteng}"]
[ult.layanan.kerjasama]
hari_kerja_jawaban = 3
"""
N_PERMOHONAN, N_PENGADUAN = 10_000, 2_000
LAYANAN = (("kerjasama", 3, 5), ("narasumber", 2, 3), ("fasilitas", 2, None))
UNIT = ("Subbag Umum", "Pokja Kemitraan", "Pokja Pemetaan", "Tim ULT")


def _isi(meja: Meja) -> None:
    rnd = random.Random(25)
    kal = meja.kalender
    awal = datetime(2025, 1, 2, 1, 0, tzinfo=UTC)
    mohon, adu = [], []
    for i in range(N_PERMOHONAN):
        diterima = awal + timedelta(minutes=int(i * 525_600 * 0.93 / N_PERMOHONAN))
        hari = kal.hari_terima(diterima)
        kunci, nj, ns = LAYANAN[i % 3]
        jawab = kal.maju(hari, nj)
        selesai = kal.maju(hari, ns) if ns else None
        tutup = rnd.random() < 0.9
        keadaan = "selesai" if tutup else rnd.choice(("diterima", "didisposisi", "disetujui"))
        mohon.append({
            "kode": buat_kode(), "layanan": kunci, "nama_layanan": kunci, "standar": "bench",
            "kanal": "surat", "instansi": f"Sekolah {i % 700}", "kontak": None,
            "telepon": "081100000000", "email": None, "perihal": f"Permohonan {i}",
            "kegiatan_mulai": None, "kegiatan_selesai": None, "peringatan": None,
            "diterima": diterima, "hari_terima": hari, "tenggat_jawab": jawab,
            "tenggat_pemberitahuan": None, "tenggat_selesai": selesai,
            "tenggat": None if tutup else (selesai if keadaan == "disetujui" else jawab),
            "keadaan": keadaan, "langkah": None, "keputusan": None, "alasan": None,
            "dijawab": None, "diperpanjang": None, "petugas": f"petugas-{i % 9}",
            "unit": UNIT[i % 4], "ditutup": diterima + timedelta(days=5) if tutup else None,
            "dicatat": diterima, "oleh": "bench",
        })  # fmt: skip
    for i in range(N_PENGADUAN):
        diterima = awal + timedelta(minutes=int(i * 525_600 * 0.93 / N_PENGADUAN))
        hari = kal.hari_terima(diterima)
        tutup = rnd.random() < 0.9
        adu.append({
            "kode": buat_kode(), "kanal": "daring", "anonim": True, "nama": None,
            "telepon": None, "email": None, "layanan": LAYANAN[i % 3][0], "permohonan_id": None,
            "isi": f"Pengaduan {i}", "diterima": diterima, "hari_terima": hari,
            "tenggat": None if tutup else kal.maju(hari, 5), "tenggat_awal": kal.maju(hari, 5),
            "keadaan": "selesai" if tutup else "diterima", "petugas": None, "unit": UNIT[i % 4],
            "jawaban": None, "dijawab": None, "lapor": None,
            "ditutup": diterima + timedelta(days=3) if tutup else None, "dicatat": diterima,
            "oleh": "bench",
        })  # fmt: skip
    with meja.tulis() as sql:
        for tabel, baris in (("ult_permohonan", mohon), ("ult_pengaduan", adu)):
            kolom = list(baris[0])
            sql.jalankan_banyak(
                f"INSERT INTO {tabel} ({', '.join(kolom)}) "
                f"VALUES ({', '.join(':' + k for k in kolom)})",
                baris,
            )


def _naif(meja: Meja) -> int:
    """Every request and complaint read, then filtered in Python."""
    besok = meja.kalender.berikut(meja.hari_ini())
    n = sum(1 for p in pm.daftar(meja) if p.tenggat and p.tenggat <= besok)
    return n + sum(1 for a in pg.daftar(meja) if a.tenggat and a.tenggat <= besok)


def _ms(f, ulang: int) -> float:  # type: ignore[no-untyped-def]
    hasil = []
    for _ in range(ulang):
        t = time.perf_counter()
        f()
        hasil.append((time.perf_counter() - t) * 1000)
    return statistics.median(hasil)


def _waktu(perintah: list[str], cwd: Path, env: dict[str, str]) -> float:
    mulai = time.perf_counter()
    r = subprocess.run(perintah, cwd=cwd, env=env, capture_output=True, text=True)
    waktu = (time.perf_counter() - mulai) * 1000
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(perintah)} failed:\n{r.stderr}")
    return waktu


def _ukur(folder: Path, url: str | None, ulang: int, label: str) -> None:
    toml = TOML.format(kaltim=ROOT / "examples" / "keputusan-bpmp-kaltim-2024.yaml",
                       kalteng=ROOT / "examples" / "keputusan-bpmp-kalteng-2025.yaml")  # fmt: skip
    if url:
        toml += f'\n[basis_data]\nurl = "{url}"\n'
    (folder / "naskah.toml").write_text(toml, encoding="utf-8")
    hari = datetime(2025, 12, 10, 2, tzinfo=UTC)
    meja = Meja(muat_konfigurasi(folder / "naskah.toml"), jam=lambda: hari)
    t = time.perf_counter()
    _isi(meja)
    print(f"[{label}] filled {N_PERMOHONAN} requests + {N_PENGADUAN} complaints in "
          f"{time.perf_counter() - t:.1f} s")  # fmt: skip
    n = len(jatuh_tempo(meja))
    assert n == _naif(meja)
    indeks, naif = _ms(lambda: jatuh_tempo(meja), 5), _ms(lambda: _naif(meja), 3)
    print(f"[{label}] in process: jatuh_tempo {indeks:.1f} ms ({n} items) vs naive scan "
          f"{naif:.1f} ms  ({naif / indeks:.0f}x)")  # fmt: skip
    meja.tutup()

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env.pop("NASKAH_DATABASE_URL", None)
    py = [sys.executable, "-m", "naskah"]
    perintah = {
        "naskah --version": [*py, "--version"],
        "ult jatuh-tempo": [*py, "ult", "jatuh-tempo"],
        "ult daftar --layanan --terbuka --batas 50": [
            *py, "ult", "daftar", "--layanan", "kerjasama", "--terbuka", "--batas", "50"],
        "ult daftar --keadaan --dari --sampai": [
            *py, "ult", "daftar", "--keadaan", "diterima", "--dari", "2025-11-01",
            "--sampai", "2025-11-30"],
    }  # fmt: skip
    if url:  # what the reads no longer load: psycopg, beside the small client they use
        perintah["(ref) python -c 'import psycopg'"] = [sys.executable, "-c", "import psycopg"]
        perintah["(ref) python -c 'import naskah.register.pg_baca'"] = [
            sys.executable, "-c", "import naskah.register.pg_baca"]  # fmt: skip
    waktu: dict[str, list[float]] = {k: [] for k in perintah}
    for _ in range(ulang):
        for k, cmd in perintah.items():
            waktu[k].append(_waktu(cmd, folder, env))
    dasar = statistics.median(waktu["naskah --version"])
    print(f"[{label}] {'command':<50} {'median ms':>10} {'x --version':>12}")
    for k, v in waktu.items():
        m = statistics.median(v)
        print(f"[{label}] {k:<50} {m:>10.1f} {m / dasar:>12.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ulang", type=int, default=9)
    ap.add_argument("--postgresql", help="URL of an empty PostgreSQL database to measure too")
    args = ap.parse_args()
    compileall.compile_dir(str(ROOT / "src" / "naskah"), quiet=1)
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d) / "sqlite"
        folder.mkdir()
        _ukur(folder, None, args.ulang, "sqlite")
        if args.postgresql:
            folder = Path(d) / "pg"
            folder.mkdir()
            _ukur(folder, args.postgresql, args.ulang, "postgresql")


if __name__ == "__main__":
    main()
