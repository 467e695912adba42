"""Measure how fast the command line answers, as whole processes, beside bare Python.

Runs each command --ulang times, interleaved (one round runs every command once, so load on the
machine hits all of them alike), and prints the median wall time in ms and its ratio against
``python -c "import click"``, the floor of any click program:

* ``python -c pass`` and ``python -c "import click"`` (the baselines),
* ``naskah --version`` and ``naskah --help`` (bar: within 2x of ``import click``),
* ``naskah nomor ambil`` in a temporary office folder made by ``naskah init --contoh`` (bar: under
  300 ms median).

    python bench/cli.py [--ulang 15]

Profile a slow start with ``python -X importtime -m naskah …``.

naskah's own modules are byte-compiled first (``compileall``), as ``pip install`` does: with an
editable install and ``PYTHONDONTWRITEBYTECODE`` set, every run would otherwise recompile them
from source (about 30 ms), a cost no installed copy pays.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BAR_RASIO = 2.0
BAR_AMBIL_MS = 300.0


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    env.pop("NASKAH_DATABASE_URL", None)
    return env


def _waktu(perintah: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Run ``perintah`` once; return its wall time in ms (it must succeed)."""
    mulai = time.perf_counter()
    hasil = subprocess.run(perintah, cwd=cwd, env=env, capture_output=True, text=True)
    waktu = (time.perf_counter() - mulai) * 1000
    if hasil.returncode != 0:
        raise SystemExit(f"{' '.join(perintah)} failed:\n{hasil.stderr}")
    return waktu


def main() -> None:
    """Run the measurements and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ulang", type=int, default=15, help="runs of each command (median)")
    args = ap.parse_args()
    py = sys.executable
    naskah = [py, "-m", "naskah"]
    env = _env()
    compileall.compile_dir(ROOT / "src" / "naskah", quiet=1)
    with tempfile.TemporaryDirectory(prefix="naskah-bench-cli-") as tmp:
        kantor = Path(tmp)
        subprocess.run([*naskah, "init", "--contoh"], cwd=kantor, env=env, check=True,
                       capture_output=True)  # fmt: skip
        perintah = {
            "python -c pass": [py, "-c", "pass"],
            'python -c "import click"': [py, "-c", "import click"],
            "naskah --version": [*naskah, "--version"],
            "naskah --help": [*naskah, "--help"],
            "naskah nomor ambil": [*naskah, "nomor", "ambil", "-k", "HK.03.01", "-t",
                                   "2024-05-21", "-p", "Bench"],
        }  # fmt: skip
        _waktu(perintah["naskah nomor ambil"], kantor, env)  # creates the register: not timed
        hasil: dict[str, list[float]] = {nama: [] for nama in perintah}
        for _ in range(args.ulang):
            for nama, p in perintah.items():
                hasil[nama].append(_waktu(p, kantor, env))
    median = {nama: statistics.median(w) for nama, w in hasil.items()}
    dasar = median['python -c "import click"']
    print(f"{'command':28} {'median ms':>10} {'min ms':>8} {'x import click':>15}")
    for nama, w in hasil.items():
        print(f"{nama:28} {median[nama]:10.1f} {min(w):8.1f} {median[nama] / dasar:15.2f}")
    print()
    for nama in ("naskah --version", "naskah --help"):
        ok = median[nama] <= BAR_RASIO * dasar
        print(f"bar {nama} <= {BAR_RASIO}x import click: {'met' if ok else 'NOT MET'}")
    ok = median["naskah nomor ambil"] < BAR_AMBIL_MS
    print(f"bar naskah nomor ambil < {BAR_AMBIL_MS:.0f} ms: {'met' if ok else 'NOT MET'}")


if __name__ == "__main__":
    main()
