"""Bench: DOCX rendering, one soffice call per document, and both batch paths, in one run.

Usage: ``PYTHONPATH=src python bench/render.py [--jumlah 200] [--sampel 20] [--pekerja 2]``

On ``--jumlah`` one-page surat tugas it measures (1) docxtpl rendering per document, (2) PDF/A
conversion with one ``soffice`` call per document, on a sample of ``--sampel`` documents (it is
about a second each, so the full set would only repeat the same number) and the two batch paths,
``--pekerja`` workers with separate profiles, one ``soffice`` call per worker: (3) every document
as its own file in the call, (4) the worker's documents merged into one DOCX, converted once and
the PDF split back per document (the default from ``AMBANG_GABUNG`` documents on). Profiles are
created (warmed) before timing, as in a running office. Every batch output is checked to declare
PDF/A-2b and to have one page. Bar: the best batch path with valid output is at least 20 times
faster per document. ``--ambang`` also times both batch paths on small batches (the crossover).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from naskah.render import KonverterLibreOffice, KonverterParalel, PerenderDocx, info_pdfa
from naskah.render.templat import contoh_dokumen

BATAS_RASIO = 20.0


def main() -> int:
    """Run the bench and print ms/doc for each path and the ratio; exit 1 below the bar."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jumlah", type=int, default=200)
    ap.add_argument("--sampel", type=int, default=20)
    ap.add_argument("--pekerja", type=int, default=2)
    ap.add_argument("--ambang", action="store_true", help="also time batches of 2 to 16")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="naskah-bench-") as tmp:
        tmp_path = Path(tmp)
        docx_dir, satu_dir = tmp_path / "docx", tmp_path / "satu"
        batch_dir, gabung_dir = tmp_path / "batch", tmp_path / "gabung"
        perender = PerenderDocx()
        dasar = contoh_dokumen("surat_tugas")
        dokumen = []
        for i in range(args.jumlah):
            d = dasar.model_copy(deep=True)
            d.petugas[0].nama = f"Petugas Nomor {i + 1}"
            dokumen.append(d)

        mulai = time.perf_counter()
        berkas = [perender.render(d, docx_dir / f"st-{i:04d}.docx") for i, d in enumerate(dokumen)]
        t_docx = (time.perf_counter() - mulai) / len(berkas)

        tunggal = KonverterLibreOffice(profil=tmp_path / "profil-tunggal")
        paralel = KonverterParalel.buat(args.pekerja, folder_profil=tmp_path)
        for k in (tunggal, *paralel.konverter):  # warm up: create each profile once
            k.konversi([berkas[0]], tmp_path / "pemanasan")

        sampel = berkas[: args.sampel]
        mulai = time.perf_counter()
        for b in sampel:
            tunggal.konversi([b], satu_dir)
        t_satu = (time.perf_counter() - mulai) / len(sampel)

        def ukur(gabung: bool, daftar: list[Path], folder: Path) -> tuple[float, list[Path]]:
            mulai = time.perf_counter()
            pdfs = paralel.konversi(daftar, folder, gabung=gabung)
            return (time.perf_counter() - mulai) / len(pdfs), pdfs

        t_batch, pdfs = ukur(False, berkas, batch_dir)
        t_gabung, pdfs_gabung = ukur(True, berkas, gabung_dir)

        def sah(pdfs: list[Path]) -> int:
            return sum(
                info_pdfa(p) == ("2", "B") and len(PdfReader(str(p)).pages) == 1 for p in pdfs
            )

        jalur = {
            f"berkas terpisah ({args.pekerja} pekerja, 1 panggilan/pekerja)": (t_batch, pdfs),
            f"digabung lalu dipecah ({args.pekerja} pekerja, 1 panggilan/pekerja)": (
                t_gabung,
                pdfs_gabung,
            ),
        }
        print(f"dokumen: {len(berkas)} surat tugas satu halaman")
        print(f"render DOCX (docxtpl)           : {t_docx * 1000:8.1f} ms/dok")
        print(f"PDF/A, satu soffice per dokumen : {t_satu * 1000:8.1f} ms/dok "
              f"(diukur pada sampel {len(sampel)} dokumen)")  # fmt: skip
        terbaik = 0.0
        for nama, (t, keluaran) in jalur.items():
            n_sah = sah(keluaran)
            print(f"PDF/A, kelompok {nama}: {t * 1000:8.1f} ms/dok, rasio {t_satu / t:6.1f}x, "
                  f"PDF/A-2b satu halaman {n_sah}/{len(keluaran)}")  # fmt: skip
            if n_sah == len(keluaran) == len(berkas):
                terbaik = max(terbaik, t_satu / t)
        print(f"rasio terbaik (keluaran sah)    : {terbaik:8.1f}x (batas >= {BATAS_RASIO:.0f}x)")

        if args.ambang:
            print("ambang (ms/dok, berkas terpisah vs digabung):")
            for n in (2, 3, 4, 6, 8, 16):
                a, _ = ukur(False, berkas[:n], tmp_path / f"a{n}")
                b, _ = ukur(True, berkas[:n], tmp_path / f"b{n}")
                print(f"  {n:3d} dokumen: {a * 1000:7.1f} vs {b * 1000:7.1f}")
        lulus = terbaik >= BATAS_RASIO
        print("LULUS" if lulus else "GAGAL")
        return 0 if lulus else 1


if __name__ == "__main__":
    sys.exit(main())
