"""Child process of the crash tests: archives documents and reports every ingest step.

Usage: ``python -m tests.arsip.anak_simpan KANTOR PDF NOMOR...``. It prints ``siap`` and then
each step name (``berkas``, ``ditulis``, ``dipindah``, ``sebelum_commit``, ``dikomit`` …) on
stdout, flushed, so the parent can SIGKILL it right after any step without sleeping.
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
    folder, pdf, *nomor = sys.argv[1:]
    k = muat_konfigurasi(Path(folder) / "naskah.toml")
    dasar = muat_dokumen(CONTOH, k)

    def titik(nama: str) -> None:
        sys.stdout.write(nama + "\n")
        sys.stdout.flush()

    with Arsip(k, opsi=OpsiArsip(indeks=False), titik=titik) as arsip:
        arsip.bersihkan()
        titik("siap")
        for teks in nomor:
            model = dasar.model_copy(update={"nomor": NomorNaskah.parse(teks)})
            arsip.simpan(NaskahTerbit(model, pdf=Path(pdf), docx=Path(pdf)))
            titik("selesai")


if __name__ == "__main__":
    main()
