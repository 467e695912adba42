"""Crash safety: a SIGKILL at any point of an ingest leaves the whole entry or nothing visible.

A real child process archives documents and reports each step through a pipe; the parent kills
it right after a randomly chosen step, several rounds, then opens the archive again (which
cleans up) and checks: the archive is clean (``periksa``), every reserved number is ``terpakai``
exactly when its entry is in the catalog, and nothing is left in the staging folder. At the end
the numbers whose ingest was killed are archived for real.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

from naskah.arsip import Arsip, NaskahTerbit, OpsiArsip
from tests.arsip.conftest import Kantor, bernomor
from tests.register.conftest import env_anak

ROOT = Path(__file__).resolve().parents[2]
PUTARAN = 13
PER_PUTARAN = 2


def _jalankan_dan_bunuh(kantor: Kantor, pdf: Path, nomor: list[str], batas: int) -> int:
    """Run the child; SIGKILL it right after its ``batas``-th step; return the steps seen."""
    anak = subprocess.Popen(
        [sys.executable, "-m", "tests.arsip.anak_simpan", str(kantor.konfigurasi.folder), str(pdf)]
        + nomor,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env_anak(NASKAH_PENGGUNA="anak"),
        cwd=ROOT,
    )
    assert anak.stdout is not None and anak.stderr is not None
    dilihat = 0
    siap = False
    try:
        for baris in anak.stdout:
            if baris.strip() == b"siap":
                siap = True
                continue
            dilihat += 1
            if dilihat >= batas:
                anak.send_signal(signal.SIGKILL)
                break
    finally:
        anak.wait(timeout=120)
        err = anak.stderr.read().decode()
        anak.stdout.close()
        anak.stderr.close()
    assert siap, err
    assert anak.returncode in (0, -signal.SIGKILL), err
    return dilihat


def test_sigkill_di_titik_acak_meninggalkan_entri_utuh_atau_tidak_ada(kantor: Kantor) -> None:
    pdf = kantor.pdf("naskah.pdf")
    acak = random.Random(20261201)
    semua: list[str] = []
    langkah_penuh = langkah_per_naskah = 0
    terputus = 0
    urutan_langkah: list[int] = []
    for putaran in range(PUTARAN):
        nomor = [
            n.teks
            for n in kantor.register.pesan(
                "naskah", PER_PUTARAN, tanggal="2024-05-21", alasan=f"uji {putaran}",
                klasifikasi="HK.03.01",
            )
        ]  # fmt: skip
        semua += nomor
        # round 0 runs to the end to count the steps; every later round kills right after one
        # step kind (in random order) of a randomly chosen document of the run
        if putaran == 0:
            batas = 10**6
        else:
            batas = acak.randrange(PER_PUTARAN) * langkah_per_naskah + urutan_langkah.pop() + 1
        dilihat = _jalankan_dan_bunuh(kantor, pdf, nomor, batas)
        if putaran == 0:
            langkah_penuh = dilihat
            langkah_per_naskah = langkah_penuh // PER_PUTARAN
            assert langkah_per_naskah * PER_PUTARAN == langkah_penuh and langkah_per_naskah >= 8
            assert langkah_per_naskah <= PUTARAN - 1
            setiap = list(range(langkah_per_naskah))
            acak.shuffle(setiap)
            # popped from the end: every step kind first, then random ones
            urutan_langkah = [acak.randrange(langkah_per_naskah) for _ in range(PUTARAN)] + setiap
        with Arsip(kantor.konfigurasi) as arsip:
            arsip.bersihkan()
            lap = arsip.periksa()
            assert lap.bersih, (putaran, batas, lap.temuan)
            diarsipkan = {e.nomor for n in semua for e in arsip.riwayat(n)}
        keadaan = {n.teks: n.keadaan for n in kantor.register.daftar() if n.teks in semua}
        for n in semua:
            assert (keadaan[n] == "terpakai") == (n in diarsipkan), (putaran, batas, n)
        assert list((kantor.konfigurasi.folder_arsip / ".sementara").iterdir()) == []
        terputus += any(n not in diarsipkan for n in nomor)
    assert terputus >= (PUTARAN - 1) // 2
    # what was cut short can be archived now, once each
    dasar = kantor.model()
    with Arsip(kantor.konfigurasi, opsi=OpsiArsip(indeks=False)) as arsip:
        sisa = [n for n in semua if not arsip.riwayat(n)]
        for n in sisa:
            arsip.simpan(NaskahTerbit(bernomor(dasar, n), pdf=pdf, docx=pdf))
        assert all(len(arsip.riwayat(n)) == 1 for n in semua)
        assert arsip.periksa().bersih
    assert all(n.keadaan == "terpakai" for n in kantor.register.daftar() if n.teks in semua)
