"""Child process of the in-transaction index crash test: archives one document with indexing
on and stops inside the catalog transaction.

Usage: ``python -m tests.arsip.anak_indeks KANTOR PDF NOMOR LANGKAH``. It prints ``siap`` and
then each ingest step name on stdout, flushed; after printing ``LANGKAH`` it blocks reading
stdin, so the parent sees the transaction open at that step and SIGKILLs it (no sleeping).
"""

from __future__ import annotations

import sys
from pathlib import Path

from naskah.arsip import Arsip, NaskahTerbit, OpsiArsip
from naskah.config import muat_konfigurasi
from naskah.loader import muat_dokumen
from naskah.nomor import NomorNaskah

CONTOH = Path(__file__).resolve().parents[2] / "examples" / "keputusan-bpmp-kaltim-2024.yaml"


def main() -> None:
    folder, pdf, teks, langkah = sys.argv[1:]
    k = muat_konfigurasi(Path(folder) / "naskah.toml")
    model = muat_dokumen(CONTOH, k).model_copy(update={"nomor": NomorNaskah.parse(teks)})

    def titik(nama: str) -> None:
        sys.stdout.write(nama + "\n")
        sys.stdout.flush()
        if nama == langkah:
            sys.stdin.readline()  # the parent kills this process here

    with Arsip(k, opsi=OpsiArsip(indeks=True), titik=titik) as arsip:
        titik("siap")
        arsip.simpan(NaskahTerbit(model, pdf=Path(pdf), docx=Path(pdf)))
        titik("selesai")


if __name__ == "__main__":
    main()
