"""Bench: DOCX rendering, one soffice call per document, and the batch path, in one run.

Usage: ``PYTHONPATH=src python bench/render.py [--jumlah 200] [--sampel 20] [--pekerja 2]``

On ``--jumlah`` one-page surat tugas it measures (1) docxtpl rendering per document, (2) PDF/A
conversion with one ``soffice`` call per document, on a sample of ``--sampel`` documents (it is
about a second each, so the full set would only repeat the same number) and (3) the batch path:
every document in one ``soffice`` call per worker, ``--pekerja`` workers with separate profiles.
Profiles are created (warmed) before timing, as in a running office. Every batch output is checked
to declare PDF/A-2b. Bar: the batch path is at least 20 times faster per document.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from naskah.render import KonverterLibreOffice, KonverterParalel, PerenderDocx, info_pdfa
from naskah.render.templat import contoh_dokumen

BATAS_RASIO = 20.0


def main() -> int:
    """Run the bench and print ms/doc for each path and the ratio; exit 1 below the bar."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jumlah", type=int, default=200)
    ap.add_argument("--sampel", type=int, default=20)
    ap.add_argument("--pekerja", type=int, default=2)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="naskah-bench-") as tmp:
        tmp_path = Path(tmp)
        docx_dir, satu_dir, batch_dir = (tmp_path / n for n in ("docx", "satu", "batch"))
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

        mulai = time.perf_counter()
        pdfs = paralel.konversi(berkas, batch_dir)
        t_batch = (time.perf_counter() - mulai) / len(pdfs)

        bukan_pdfa = [p.name for p in pdfs if info_pdfa(p) != ("2", "B")]
        rasio = t_satu / t_batch
        print(f"dokumen: {len(berkas)} surat tugas satu halaman")
        print(f"render DOCX (docxtpl)              : {t_docx * 1000:8.1f} ms/dok")
        print(f"PDF/A, satu soffice per dokumen     : {t_satu * 1000:8.1f} ms/dok "
              f"(diukur pada sampel {len(sampel)} dokumen)")  # fmt: skip
        print(f"PDF/A, kelompok ({args.pekerja} pekerja, 1 panggilan/pekerja): "
              f"{t_batch * 1000:8.1f} ms/dok ({len(pdfs)} dokumen)")  # fmt: skip
        print(f"rasio satu-per-dokumen / kelompok   : {rasio:8.1f}x (batas >= {BATAS_RASIO:.0f}x)")
        print(f"keluaran kelompok PDF/A-2b          : {len(pdfs) - len(bukan_pdfa)}/{len(pdfs)}")
        lulus = rasio >= BATAS_RASIO and not bukan_pdfa
        print("LULUS" if lulus else "GAGAL")
        return 0 if lulus else 1


if __name__ == "__main__":
    sys.exit(main())
