"""A child process of the PostgreSQL search tests: one workstation indexing and searching.

Usage: python pekerja_cari.py URL NAMA MODE [N]
  bersama N  print "siap", wait for "mulai" on stdin, then index N batches of 20 documents
             (names drawn from a pool both workstations share), each batch one transaction;
             after each commit search for every own document so far and print "batch I J"
             (J = own documents found). After the first batch, wait until the other
             workstation's first batch is visible (so the two really overlap), then go on.
             Print "selesai" at the end.
  gantung    open a batch, send 600 documents to the server inside it, print "terkirim" and
             wait on stdin with the transaction open (the test kills it with SIGKILL)
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from naskah.cari import DokumenIndeks, Kueri, OrangIndeks
from naskah.cari.postgresql import MesinCariPostgres
from naskah.config import Konfigurasi

NAMA_BERSAMA = ["Nugroho", "Wibowo", "Lestari", "Saputra", "Kurniawan", "Rahayu", "Hidayat"]


def dokumen(nama: str, i: int) -> DokumenIndeks:
    """Return document ``i`` of workstation ``nama``: a certificate with a unique code word."""
    return DokumenIndeks(
        id=f"{nama}-{i:04d}",
        nomor=f"{i + 1:04d}/Sertifikat/{nama.upper()}/2024",
        jenis="sertifikat",
        tanggal=date(2024, 1 + i % 12, 1 + i % 28),
        tentang=f"Sertifikat pelatihan kode{nama}{i:04d}",
        teks="Diberikan kepada peserta pelatihan guru.",
        peserta=(
            OrangIndeks(
                f"{NAMA_BERSAMA[i % 7]} {NAMA_BERSAMA[(i // 7) % 7]} {nama}",
                nik=f"64{sum(map(ord, nama)) % 100:02d}{i:012d}",
            ),
        ),
        lokasi=f"2024/sertifikat/{nama}-{i:04d}/v1",
    )


def main() -> None:
    url, nama, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    mesin = MesinCariPostgres(Konfigurasi(folder=Path.cwd()), url=url)
    mesin.engine  # noqa: B018 - connect and migrate before the race starts
    if mode == "bersama":
        n = int(sys.argv[4])
        print("siap", flush=True)
        assert sys.stdin.readline().strip() == "mulai"
        lain = "b" if nama == "a" else "a"
        for b in range(n):
            with mesin.tulis() as p:
                for i in range(b * 20, (b + 1) * 20):
                    p.tambah(dokumen(nama, i))
            ditemukan = sum(
                1
                for i in range((b + 1) * 20)
                if [h.id for h in mesin.cari(Kueri(f"kode{nama}{i:04d}")).hasil]
                == [f"{nama}-{i:04d}"]
            )
            print(f"batch {b} {ditemukan}", flush=True)
            if b == 0:
                batas = time.monotonic() + 60
                while not mesin.cari(Kueri(f"kode{lain}0000")).hasil:
                    if time.monotonic() > batas:
                        raise SystemExit("stasiun lain tidak pernah menulis")
        print("selesai", flush=True)
    elif mode == "gantung":
        with mesin.tulis() as p:
            for i in range(600):
                p.tambah(replace(dokumen(nama, i), tentang=f"Sertifikat setengah jadi {i}"))
            print("terkirim", flush=True)
            sys.stdin.readline()
    mesin.tutup()


if __name__ == "__main__":
    main()
