"""Measure archiving: documents per second, one call per document against one batch.

Builds a fresh office (SQLite register in the archive folder), takes N numbers, and archives N
documents whose PDFs carry a text layer (half of them signed, PAdES B-B with a demo
certificate), first one ``Arsip.simpan`` per document (the naive way: one staging folder, one
transaction, one fsync'ed rename each) and then, on new numbers, one ``Arsip.simpan_banyak`` for
all of them. Prints ms per document for both, their ratio and where the time goes (reading and
verifying the PDFs vs. writing). Indexing is off: bench/search.py measures it. The machine is
shared: figures taken under load are noted as such by whoever runs it.

    PYTHONPATH=src:. python bench/arsip.py [--n 200]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

TOML = """\
[seri.naskah]
unit = "C7.24"
[klasifikasi]
"HK.03.01" = "Keputusan"
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200)
    n = ap.parse_args().n

    from tests.tte.pdfbuat import buat_pdf, catatan_untuk

    from naskah.arsip import Arsip, NaskahTerbit, OpsiArsip
    from naskah.config import muat_konfigurasi
    from naskah.loader import muat_dokumen
    from naskah.nomor import NomorNaskah
    from naskah.register import buka_register
    from naskah.tte import OpsiTandaTangan, SesiTandaTangan, buat_p12_contoh, muat_p12

    with tempfile.TemporaryDirectory(prefix="naskah-bench-arsip-") as tmp:
        folder = Path(tmp)
        (folder / "naskah.toml").write_text(TOML, encoding="utf-8")
        k = muat_konfigurasi(folder / "naskah.toml")
        dasar = muat_dokumen(ROOT / "examples" / "keputusan-bpmp-kaltim-2024.yaml", k)
        masukan = folder / "masukan"
        masukan.mkdir()
        p12 = buat_p12_contoh(masukan / "p.p12", "Dr. Jarwoko, M.Pd.", b"bench", jabatan="Kepala")
        catatan = catatan_untuk("Jarwoko", "Dr. Jarwoko, M.Pd.")
        pdf = []
        for i in range(n):
            p = masukan / f"{i}.pdf"
            p.write_bytes(
                buat_pdf(f"Keputusan nomor {i} tentang standar pelayanan", catatan=catatan)
            )
            pdf.append(p)
        with muat_p12(p12, b"bench") as signer:
            sesi = SesiTandaTangan(signer, OpsiTandaTangan())
            ttd = [
                sesi.tandatangani(p, masukan / f"{i}-ttd.pdf").keluaran for i, p in enumerate(pdf)
            ]
        reg = buka_register(k)

        def naskah(jumlah: int) -> list[NaskahTerbit]:
            nomor = reg.pesan(
                "naskah", jumlah, tanggal="2024-05-21", alasan="bench", klasifikasi="HK.03.01"
            )
            return [
                NaskahTerbit(
                    dasar.model_copy(update={"nomor": NomorNaskah.parse(x.teks)}),
                    pdf=pdf[i],
                    ttd=ttd[i] if i % 2 else None,
                )
                for i, x in enumerate(nomor)
            ]

        logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
        logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
        with Arsip(k, register=reg, opsi=OpsiArsip(indeks=False)) as arsip:
            arsip.simpan(naskah(1)[0])  # warm up: schema, imports
            satu = naskah(n)
            t0 = time.perf_counter()
            for x in satu:
                arsip.simpan(x)
            t_satu = time.perf_counter() - t0
            banyak = naskah(n)
            t0 = time.perf_counter()
            siap = [arsip._siapkan_terbit(x) for x in banyak]
            t_siap = time.perf_counter() - t0
            arsip._simpan(siap)
            t_banyak = time.perf_counter() - t0
            t0 = time.perf_counter()
            lap = arsip.periksa()
            t_periksa = time.perf_counter() - t0
            assert lap.bersih, lap.temuan
        reg.tutup()
    ms = 1000 / n
    print(f"arsip: {n} naskah (separuh bertanda tangan), SQLite")
    print(f"  satu per satu (simpan)   : {t_satu * ms:7.2f} ms/naskah")
    print(
        f"  sekaligus (simpan_banyak): {t_banyak * ms:7.2f} ms/naskah "
        f"(baca+verifikasi {t_siap * ms:.2f}, tulis+katalog {(t_banyak - t_siap) * ms:.2f})"
    )
    print(f"  rasio                    : {t_satu / t_banyak:7.2f}x")
    print(f"  periksa                  : {t_periksa * 1000 / (2 * n + 1):7.2f} ms/entri")


if __name__ == "__main__":
    main()
