"""Measure the yearly evaluation on a generated year: the public summary against the naive way.

Fills a temporary office (the Kaltim standard) with a seeded year through the library
(``naskah.ult.simulasi``: requests walked to closing, complaints, survey answers), then runs,
interleaved (--ulang rounds), and prints the median wall time of:

* ``ringkasan_publik`` (what the public page shows: dates compared, the survey summed in SQL),
* the naive way to the same three numbers: the whole evaluation (every duration in working
  days, every table of the report), then picking them out; and the ratio of the two,
* ``data_laporan`` (the report's YAML content, no rendering).

    python bench/ikm.py [--permohonan 3000] [--ulang 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from naskah.config import muat_konfigurasi  # noqa: E402
from naskah.ult import evaluasi as ev  # noqa: E402
from naskah.ult.ikm import bulat  # noqa: E402
from naskah.ult.laporan import OpsiLaporan, data_laporan  # noqa: E402
from naskah.ult.meja import Meja  # noqa: E402
from naskah.ult.simulasi import isi_tahun  # noqa: E402

TOML = f"""
[pejabat.kepala]
nama = "Kepala Contoh"
jabatan = "Kepala"
[tte]
zona_waktu = "WITA"
[ult]
standar = ["{ROOT / "examples" / "keputusan-bpmp-kaltim-2024.yaml"}"]
[ult.layanan.kerjasama]
hari_kerja_jawaban = 3
"""


def naif(meja: Meja, tahun: int) -> tuple[float | None, str | None, float | None]:
    e = ev.evaluasi(meja, tahun)
    p = e.semua.persen
    return (
        float(e.ikm.nilai) if e.ikm else None,
        f"{e.ikm.mutu.huruf} ({e.ikm.mutu.kinerja})" if e.ikm else None,
        float(bulat(p)) if p is not None else None,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--permohonan", type=int, default=3000)
    ap.add_argument("--ulang", type=int, default=5)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "naskah.toml").write_text(TOML, encoding="utf-8")
        jam = datetime(2026, 1, 12, 2, 0, tzinfo=UTC)
        with Meja(muat_konfigurasi(folder / "naskah.toml"), jam=lambda: jam) as meja:
            t = time.perf_counter()
            h = isi_tahun(meja, 2025, permohonan=a.permohonan, pengaduan=a.permohonan // 10)
            isi = time.perf_counter() - t
            print(f"tahun contoh: {h.permohonan} permohonan, {h.pengaduan} pengaduan, "
                  f"{h.jawaban} jawaban survei, diisi dalam {isi:.1f} s")  # fmt: skip
            ukur: dict[str, list[float]] = {"ringkasan_publik": [], "naif": [], "data_laporan": []}
            hasil = set()
            for _ in range(a.ulang):
                t = time.perf_counter()
                hasil.add(ev.ringkasan_publik(meja, 2025))
                ukur["ringkasan_publik"].append(time.perf_counter() - t)
                t = time.perf_counter()
                hasil.add(naif(meja, 2025))
                ukur["naif"].append(time.perf_counter() - t)
                t = time.perf_counter()
                data_laporan(meja, OpsiLaporan(tahun=2025))
                ukur["data_laporan"].append(time.perf_counter() - t)
            assert len(hasil) == 1, hasil  # the same three numbers both ways
            med = {k: statistics.median(v) for k, v in ukur.items()}
            for k, v in med.items():
                print(f"{k:18s} {v * 1000:8.1f} ms")
            print(f"naif / ringkasan_publik: {med['naif'] / med['ringkasan_publik']:.1f}x "
                  f"(angka: {hasil.pop()})")  # fmt: skip


if __name__ == "__main__":
    main()
