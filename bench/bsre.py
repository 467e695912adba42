"""Bench: the signing stage of N certificates through the ESC SIMULATOR vs the local key.

Both in one run, on the same N one-page PDFs carrying the signer record:

1. local: :class:`naskah.tte.sign.SesiTandaTangan` with a PKCS#12 key (the pipeline's path);
2. BSrE: :class:`naskah.tte.bsre.sesi.SesiBsre` against the ESC simulator (API v2) in its own
   process, with ``JEDA`` seconds added to every call (the network round trip), ``BATCH`` files
   per call and ``SEJAJAR`` calls in flight; every returned PDF is checked before it is
   written (one new signature over the whole file, the sent bytes untouched, the chain to the
   root, the official's certificate, no other change).

Prints ms per certificate both ways and the ratio (bar: BSrE within 2x of local), the calls
made, files per call and the peak resident memory of this (client) process.

Run: ``PYTHONPATH=src python bench/bsre.py [N] [JEDA] [BATCH] [SEJAJAR]`` (defaults 1000, 0.05,
10, 4).
"""

from __future__ import annotations

import multiprocessing
import resource
import socket
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests" / "tte"))

from pdfbuat import buat_pdf, catatan_untuk  # noqa: E402

NIK = "6472000000000001"
SANDI = "bench-123"


def _layani(p12: str, port: int, jeda: float, siap: object) -> None:
    """The child: serve the simulator with one user signing with ``p12``."""
    import threading

    import uvicorn

    from naskah.tte.bsre.simulator import SimulatorEsc, pengguna_dari_p12

    sim = SimulatorEsc({NIK: pengguna_dari_p12(NIK, SANDI, Path(p12), SANDI.encode())}, jeda=jeda)
    server = uvicorn.Server(
        uvicorn.Config(
            sim.app(),
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
            access_log=False,
        )  # fmt: skip
    )

    def tunggu() -> None:
        while not server.started:
            time.sleep(0.01)
        siap.set()  # type: ignore[attr-defined]

    threading.Thread(target=tunggu, daemon=True).start()
    server.run()


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(n: int = 1000, jeda: float = 0.05, batch: int = 10, sejajar: int = 4) -> None:
    import logging

    for nama in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
        logging.getLogger(nama).setLevel(logging.CRITICAL)
    from naskah.catatan_ttd import Pihak
    from naskah.tte import OpsiTandaTangan, SesiTandaTangan, buat_p12_contoh, muat_p12
    from naskah.tte.bsre.klien import KlienEsc, OpsiEsc
    from naskah.tte.bsre.sesi import SesiBsre, Tugas
    from naskah.tte.verify import muat_akar

    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        pem = folder / "bench.pem"
        p12 = buat_p12_contoh(folder / "bench.p12", "Pejabat Bench", SANDI.encode(), sertifikat=pem)
        ctx = multiprocessing.get_context("spawn")
        siap = ctx.Event()
        port = _port()
        anak = ctx.Process(target=_layani, args=(str(p12), port, jeda, siap), daemon=True)
        anak.start()
        try:
            src = folder / "src"
            src.mkdir()
            files = []
            for i in range(n):
                p = src / f"s{i:04d}.pdf"
                p.write_bytes(buat_pdf(f"Sertifikat {i}", catatan=catatan_untuk("Pejabat Bench")))
                files.append(p)
            if not siap.wait(120):
                raise SystemExit("simulator did not start")

            # 1. local key
            lokal = folder / "lokal"
            lokal.mkdir()
            with muat_p12(p12, SANDI.encode()) as penandatangan:
                sesi = SesiTandaTangan(penandatangan, OpsiTandaTangan())
                t0 = time.perf_counter()
                for p in files:
                    sesi.tandatangani(p, lokal / p.name, tahan_lama=False)
                t_lokal = time.perf_counter() - t0
            rss_lokal = _rss_mb()

            # 2. through the ESC simulator
            esc = folder / "esc"
            esc.mkdir()
            opsi = OpsiEsc(url=f"http://127.0.0.1:{port}", versi=2, pengguna="esc",
                           sandi="simulator", sejajar=sejajar, batas_waktu=120)  # fmt: skip
            pihak = Pihak(nama="Pejabat Bench", nama_lengkap="Pejabat Bench")
            with KlienEsc(opsi) as klien:
                sesi_b = SesiBsre(
                    klien, OpsiTandaTangan(), nik=NIK, pihak=pihak, akar=muat_akar([pem]),
                    passphrase=SANDI, ukuran_batch=batch,
                )  # fmt: skip
                t0 = time.perf_counter()
                hasil = sesi_b.tandatangani_langkah([Tugas(p, esc / p.name) for p in files])
                t_esc = time.perf_counter() - t0
                panggilan = klien.panggilan
            assert len(hasil) == n
            rss_esc = _rss_mb()
        finally:
            anak.terminate()
            anak.join(10)
    ms_lokal = 1000 * t_lokal / n
    ms_esc = 1000 * t_esc / n
    print(f"{n} sertifikat, jeda {1000 * jeda:.0f} ms per panggilan, {batch} berkas per "
          f"panggilan, {sejajar} panggilan sejajar")  # fmt: skip
    print(f"  kunci lokal (PKCS#12)      : {ms_lokal:6.2f} ms/sertifikat ({t_lokal:.1f} s)")
    print(f"  ESC BSrE (simulator, v2)   : {ms_esc:6.2f} ms/sertifikat ({t_esc:.1f} s)")
    print(f"  rasio ESC/lokal            : {ms_esc / ms_lokal:.2f}x (batas 2x)")
    print(f"  panggilan                  : {panggilan} ({n / panggilan:.1f} berkas/panggilan)")
    print(f"  memori puncak (RSS proses) : {rss_lokal:.0f} MB setelah lokal, {rss_esc:.0f} MB "
          "setelah ESC")  # fmt: skip


if __name__ == "__main__":
    a = sys.argv[1:]
    main(
        int(a[0]) if a else 1000,
        float(a[1]) if len(a) > 1 else 0.05,
        int(a[2]) if len(a) > 2 else 10,
        int(a[3]) if len(a) > 3 else 4,
    )
