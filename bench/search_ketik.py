"""Measure search as a clerk meets it, on both backends, in one run.

* **recall@3 of the judged set** (tests/cari/test_jawab.py ``KASUS``: parts of numbers, typos,
  kind words, shorthand, names, NIPs with spaces, English by mistake) through
  :func:`naskah.cari.jawab.jawab` on the clerk's corpus (tests/cari/korpus.py ``korpus_ketik``):
  the share of expected documents found in the first three lines, and how many cases pass whole;
* **``naskah cari`` as a whole process** (start, open, query, print) against ``naskah --version``
  on an office folder holding a generated archive, interleaved round by round so the machine's
  load hits both alike: medians and their ratio (issue 22's bar: ≤ 3×);
* **warm query p95**: the same backend kept open in this process, every query through ``jawab``
  (grouping and suggestions included), against the ``naskah --version`` median (bar: ≤ 1×);
* beside both, the **CPU time** of each process (the PostgreSQL server's excluded) and of each
  warm answer, and their ratios: on a shared machine they move less with the load than the
  wall-clock;
* **import cost**: importing a backend module against importing its driver alone (bar: no more);
  the PostgreSQL module loads psycopg only when it connects, so it is timed with psycopg, and
  its driver is psycopg alone (a search never loads SQLAlchemy: tests/cari/test_impor_ringan.py).

    python bench/search_ketik.py                          # quick: 2,000 documents per backend
    python bench/search_ketik.py --n 20000 --n-pg 100000  # issue 22's sizes (tens of minutes)
    python bench/search_ketik.py --mesin whoosh           # one backend

The PostgreSQL server is the suite's throwaway one (fsync off) unless ``--pg-url`` names one.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "bench")]

from naskah.cari import Kueri, MesinCari, buka_mesin_cari  # noqa: E402
from naskah.cari.jawab import jawab  # noqa: E402
from naskah.config import muat_konfigurasi  # noqa: E402

MESIN = ("whoosh", "postgresql")
#: What a clerk types, for the whole-process and warm timings (answers of every kind: a part of
#: a number, a typo with its suggestion, a kind word, shorthand, a name, a broad word).
KETIKAN = (
    "0512/C7.24",
    "kutai kartanegra",
    "SK kerjasama 2024",
    "bimtek kukar",
    "surat tugas narasumber bontang",
    "sertifikat literasi numerasi",
    "19780512 200312 2 004",
    "pendidikan",
    "kurikulum operasional",
    "perencanaan berbasis data 2023",
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env.pop("NASKAH_DATABASE_URL", None)
    return env


def _persentil(nilai: list[float], p: float) -> float:
    urut = sorted(nilai)
    k = (len(urut) - 1) * p
    a, b = int(k), min(int(k) + 1, len(urut) - 1)
    return urut[a] + (urut[b] - urut[a]) * (k - a)


@contextlib.contextmanager
def _basis_pg(url: str | None) -> Iterator[Any]:
    """Yield a function giving a fresh empty database URL (a throwaway server unless ``url``)."""
    if url:
        yield lambda: url
        return
    from tests.register.conftest import server_sementara

    with server_sementara() as s:
        yield s.basis_baru


def _kantor(folder: Path, nama: str, url_baru: Any) -> Path:
    """Write an office folder whose search runs on backend ``nama``; return the folder."""
    from tests.register.conftest import tulis_kantor

    tulis_kantor(folder, url=url_baru() if nama == "postgresql" else None)
    return folder


def _buka(folder: Path) -> MesinCari:
    return buka_mesin_cari(muat_konfigurasi(folder / "naskah.toml"))


# --- recall ---------------------------------------------------------------------------------


def recall(folder: Path) -> dict[str, Any]:
    """Return recall@3 and the passing cases of the judged set on the office in ``folder``."""
    from tests.cari.korpus import korpus_ketik
    from tests.cari.test_jawab import KASUS, periksa, tiga_teratas

    mesin = _buka(folder)
    try:
        mesin.bangun_ulang(korpus_ketik())
        ditemukan = diharapkan = lulus = 0
        gagal: list[str] = []
        for kasus in KASUS:
            jawaban = jawab(mesin, kasus.kueri)
            atas = tiga_teratas(jawaban)
            diharapkan += len(kasus.harus)
            ditemukan += sum(1 for h in kasus.harus if h in atas)
            if periksa(kasus, jawaban):
                gagal.append(kasus.nama)
            else:
                lulus += 1
    finally:
        mesin.tutup()
    return {
        "recall3": ditemukan / max(1, diharapkan),
        "lulus": lulus,
        "kasus": len(KASUS),
        "gagal": gagal,
    }


# --- speed ----------------------------------------------------------------------------------


def isi_arsip(folder: Path, n: int) -> float:
    """Index ``n`` generated documents into the office in ``folder``; return docs/s."""
    from tests.cari.korpus import Generator, korpus_ketik

    mesin = _buka(folder)
    try:
        mulai = time.perf_counter()

        def semua() -> Iterator[Any]:
            yield from korpus_ketik(0)
            yield from Generator(benih=2024).dokumen(n)

        jumlah = mesin.bangun_ulang(semua())
        return jumlah / (time.perf_counter() - mulai)
    finally:
        mesin.tutup()


def proses_utuh(folder: Path, ulang: int) -> dict[str, float]:
    """Time ``naskah --version`` and ``naskah cari`` as whole processes, interleaved."""
    env = _env()
    versi: list[float] = []
    cari: list[float] = []
    cpu: dict[str, list[float]] = {"versi": [], "cari": []}
    for i in range(ulang):
        for perintah, wadah, kunci in (
            (["--version"], versi, "versi"),
            (["cari", KETIKAN[i % len(KETIKAN)]], cari, "cari"),
        ):
            sebelum = resource.getrusage(resource.RUSAGE_CHILDREN)
            mulai = time.perf_counter()
            p = subprocess.run(
                [sys.executable, "-m", "naskah", *perintah],
                cwd=folder, env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            wadah.append((time.perf_counter() - mulai) * 1000)
            sesudah = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[kunci].append(
                (sesudah.ru_utime + sesudah.ru_stime - sebelum.ru_utime - sebelum.ru_stime) * 1000
            )
            if p.returncode != 0:
                raise SystemExit(f"naskah {' '.join(perintah)} gagal: {p.stderr.strip()}")
    return {
        "versi_ms": statistics.median(versi),
        "cari_ms": statistics.median(cari),
        "cari_p95_ms": _persentil(cari, 0.95),
        # the CPU of the process alone (the PostgreSQL server's is not in it): what the load
        # of a shared machine hides least
        "versi_cpu_ms": statistics.median(cpu["versi"]),
        "cari_cpu_ms": statistics.median(cpu["cari"]),
    }


def hangat(folder: Path) -> dict[str, float]:
    """Return the warm p50/p95 of the clerk's queries through ``jawab`` (median of 3 each)."""
    from naskah.cari.jawab import gabung_padanan

    konfigurasi = muat_konfigurasi(folder / "naskah.toml")
    padanan = gabung_padanan(konfigurasi.cari.padanan)
    mesin = buka_mesin_cari(konfigurasi)
    try:
        waktu: list[float] = []
        cpu: list[float] = []
        for teks in KETIKAN:
            jawab(mesin, Kueri(teks), padanan=padanan)
            kali = []
            kali_cpu = []
            for _ in range(3):
                mulai, mulai_cpu = time.perf_counter(), time.process_time()
                jawab(mesin, Kueri(teks), padanan=padanan)
                kali.append((time.perf_counter() - mulai) * 1000)
                kali_cpu.append((time.process_time() - mulai_cpu) * 1000)
            waktu.append(statistics.median(kali))
            cpu.append(statistics.median(kali_cpu))
    finally:
        mesin.tutup()
    return {
        "hangat_p50_ms": _persentil(waktu, 0.5),
        "hangat_p95_ms": _persentil(waktu, 0.95),
        "hangat_cpu_p95_ms": _persentil(cpu, 0.95),
    }


def biaya_impor(ulang: int) -> dict[str, float]:
    """Return the median ms each backend module adds to what ``naskah cari`` has already
    imported (its settings, read by naskah.config_cepat, and the search interface), and what its
    driver adds to bare Python (PostgreSQL's module with psycopg2, naskah.register.pg_baca's
    driver, which it loads to connect).
    """
    dasar = "import naskah.config_cepat, naskah.cari.jawab"
    kode = {
        "python": "pass",
        "dasar": dasar,
        "whoosh": f"{dasar}; import naskah.cari.whoosh",
        "driver_whoosh": "import whoosh.index, whoosh.query, whoosh.highlight, Stemmer",
        "pg": f"{dasar}; import naskah.cari.postgresql, naskah.register.pg_baca",
        "driver_pg": "import psycopg2, psycopg2.extensions",
    }
    waktu: dict[str, list[float]] = {k: [] for k in kode}
    env = _env()
    for _ in range(ulang):
        for k, c in kode.items():
            mulai = time.perf_counter()
            subprocess.run([sys.executable, "-c", c], env=env, check=True)
            waktu[k].append((time.perf_counter() - mulai) * 1000)
    m = {k: statistics.median(v) for k, v in waktu.items()}
    return {
        "impor_python_ms": m["python"],
        "impor_whoosh_ms": m["whoosh"] - m["dasar"],
        "impor_driver_whoosh_ms": m["driver_whoosh"] - m["python"],
        "impor_pg_ms": m["pg"] - m["dasar"],
        "impor_driver_pg_ms": m["driver_pg"] - m["python"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=2_000, help="generated documents (Whoosh)")
    ap.add_argument("--n-pg", type=int, help="generated documents (PostgreSQL; default --n)")
    ap.add_argument("--mesin", nargs="+", default=list(MESIN), choices=MESIN)
    ap.add_argument("--ulang", type=int, default=11, help="whole-process runs of each command")
    ap.add_argument("--pg-url", help="an empty PostgreSQL database (a throwaway server otherwise)")
    args = ap.parse_args()
    compileall.compile_dir(ROOT / "src" / "naskah", quiet=1)  # as an installed copy is

    hasil: dict[str, dict[str, Any]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="bench-ketik-") as kerja,
        _basis_pg(args.pg_url if "postgresql" in args.mesin else None)
        if "postgresql" in args.mesin
        else contextlib.nullcontext(None) as url_baru,
    ):
        for nama in args.mesin:
            h: dict[str, Any] = {}
            kantor = _kantor(Path(kerja) / f"juri-{nama}", nama, url_baru)
            h.update(recall(kantor))
            n = args.n_pg if (nama == "postgresql" and args.n_pg) else args.n
            kantor = _kantor(Path(kerja) / f"kantor-{nama}", nama, url_baru)
            h["n"] = n
            h["laju"] = isi_arsip(kantor, n)
            h.update(proses_utuh(kantor, args.ulang))
            h.update(hangat(kantor))
            hasil[nama] = h
    impor = biaya_impor(max(3, args.ulang // 2))

    print(f"CPU {os.cpu_count()}; mesin dipakai bersama: bandingkan rasio, bukan angka mutlak\n")
    print(f"{'':44}" + "".join(f"{m:>14}" for m in hasil) + f"{'batas':>10}")

    def baris(label: str, nilai: list[str], batas: str = "") -> None:
        print(f"{label:44}" + "".join(f"{v:>14}" for v in nilai) + f"{batas:>10}")

    hs = list(hasil.values())
    baris("recall@3 set juri (jawab)", [f"{h['recall3']:.3f}" for h in hs], "1.000")
    baris("  kasus lulus", [f"{h['lulus']}/{h['kasus']}" for h in hs])
    baris("dokumen di arsip", [f"{h['n']}" for h in hs])
    baris("  bangun ulang (dok/s)", [f"{h['laju']:.0f}" for h in hs])
    baris("naskah --version median (ms)", [f"{h['versi_ms']:.0f}" for h in hs])
    baris("naskah cari median (ms)", [f"{h['cari_ms']:.0f}" for h in hs])
    baris("  rasio cari / --version", [f"{h['cari_ms'] / h['versi_ms']:.2f}" for h in hs], "≤ 3")
    baris("kueri hangat p50 (ms)", [f"{h['hangat_p50_ms']:.0f}" for h in hs])
    baris("kueri hangat p95 (ms)", [f"{h['hangat_p95_ms']:.0f}" for h in hs])
    baris(
        "  rasio p95 hangat / --version",
        [f"{h['hangat_p95_ms'] / h['versi_ms']:.2f}" for h in hs],
        "≤ 1",
    )
    baris("CPU proses --version median (ms)", [f"{h['versi_cpu_ms']:.0f}" for h in hs])
    baris("CPU proses cari median (ms)", [f"{h['cari_cpu_ms']:.0f}" for h in hs])
    baris(
        "  rasio CPU cari / --version", [f"{h['cari_cpu_ms'] / h['versi_cpu_ms']:.2f}" for h in hs]
    )
    baris("CPU kueri hangat p95 (ms)", [f"{h['hangat_cpu_p95_ms']:.0f}" for h in hs])
    baris(
        "  rasio CPU p95 hangat / CPU --version",
        [f"{h['hangat_cpu_p95_ms'] / h['versi_cpu_ms']:.2f}" for h in hs],
    )
    print()
    print(f"python kosong: {impor['impor_python_ms']:.0f} ms")
    for m, kunci in (("whoosh", "whoosh"), ("postgresql", "pg")):
        a, b = impor[f"impor_{kunci}_ms"], impor[f"impor_driver_{kunci}_ms"]
        print(
            f"impor mesin {m} (di atas naskah.config_cepat dan naskah.cari): {a:.0f} ms; "
            f"drivernya saja: {b:.0f} ms (rasio {a / b:.2f}, batas ≤ 1)"
        )
    for m, h in hasil.items():
        if h["gagal"]:
            print(f"[{m}] kasus gagal: {', '.join(h['gagal'])}")


if __name__ == "__main__":
    main()
