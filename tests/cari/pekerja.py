"""A child process of the search writer tests: writes the index of an archive folder.

Usage: python -m tests.cari.pekerja ARSIP MODE [N]
  tahan N     open a batch, add N documents, print "terkunci", wait for a line on stdin,
              then commit and print "selesai"
  tulis N     open a batch (waiting for the lock), add N documents, commit, print "selesai"
              (prints "menunggu" just before asking for the lock)
  gantung N   add N documents and commit, but stop inside the commit after the segment files
              are written and before the table of contents is renamed into place: print
              "di-tengah-komit" and wait to be killed
  komit N     add N documents, print "komit" as the batch ends and its commit starts
Documents are numbered from the ``AWAL`` environment variable (0 by default), so runs do not
overlap. A lock timeout prints the error's message on stderr and exits 1.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from naskah.cari import DokumenIndeks, OrangIndeks, buka_mesin_cari
from naskah.config import Arsip, Cari, Konfigurasi
from naskah.errors import NaskahError


def dokumen_uji(i: int) -> DokumenIndeks:
    """Return test document ``i``: a certificate with a findable participant and number."""
    return DokumenIndeks(
        id=f"uji:{i}",
        nomor=f"{i:05d}/Sertifikat/UJI/2024",
        jenis="sertifikat",
        tanggal=date(2024, 1, 1 + i % 28),
        tentang=f"Sertifikat uji penulis nomor {i}",
        teks=f"Diberikan kepada peserta uji {i} pada lokakarya penulisan indeks konkurensi.",
        peserta=(OrangIndeks(nama=f"Peserta Uji {i}", instansi="SD Negeri 001 Samarinda"),),
        lokasi=f"2024/sertifikat/{i:05d}/v1",
    )


def main() -> None:
    arsip, mode = Path(sys.argv[1]), sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    awal = int(os.environ.get("AWAL", "0"))
    batas = float(os.environ.get("BATAS_TUNGGU", "30"))
    konfigurasi = Konfigurasi(
        folder=arsip, arsip=Arsip(lokasi=arsip), cari=Cari(mesin="whoosh", batas_tunggu=batas)
    )
    mesin = buka_mesin_cari(konfigurasi)
    docs = [dokumen_uji(i) for i in range(awal, awal + n)]
    if mode == "gantung":
        from whoosh.index import TOC

        asli = TOC.write

        def berhenti(self, storage, indexname):  # type: ignore[no-untyped-def]
            print("di-tengah-komit", flush=True)
            sys.stdin.readline()  # the test kills us here
            return asli(self, storage, indexname)

        TOC.write = berhenti
    try:
        if mode == "tulis":
            print("menunggu", flush=True)
        with mesin.tulis() as penulis:
            for d in docs:
                penulis.tambah(d)
            if mode == "tahan":
                print("terkunci", flush=True)
                sys.stdin.readline()
            if mode == "komit":
                print("komit", flush=True)
    except NaskahError as exc:
        print(exc, file=sys.stderr, flush=True)
        sys.exit(1)
    print("selesai", flush=True)


if __name__ == "__main__":
    main()
