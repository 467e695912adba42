"""Measure the search backends on a synthetic archive: indexing rate, query latency, memory.

The archive is generated from the models by tests/cari/korpus.py (the same generator the judged
relevance tests use): a BPMP's mix of mostly certificates, then surat tugas, keputusan (a third
with the examples' Standar Pelayanan lampiran) and SK kerja sama. It is written once to a JSONL
file of index records, then every backend runs in its own child process (so peak memory is that
backend's alone) and reports:

* rebuild: ``bangun_ulang`` over the whole archive (docs/s), as ``naskah arsip indeks-ulang``;
* the naive way beside it: one commit per document (what archiving documents one at a time
  costs), on a sample, in ms per document;
* query latency p50/p95 over 30 fixed queries (free text, phrases, filters, names with typos,
  whole numbers, NIP/NIK), with the backend kept open (warm) and opened afresh for every query
  as each ``naskah cari`` does (cold);
* peak resident memory of the child and the index size on disk.

    PYTHONPATH=src python bench/search.py [--n 100000] [--mesin whoosh] [--folder DIR]

Bars (issue 10, 2-core machine): rebuild ≥ 500 docs/s, warm p95 ≤ 150 ms, peak < 1 GiB.
The bars are wall-clock; on a shared machine the load inflates them several times, so the CPU
time of the rebuild (sub-writers included) and of each warm query is printed beside them.

The Whoosh backend's design choices behind its figures are in :mod:`naskah.cari.whoosh` (how
a query stays proportional to its matches, not to the archive) and :mod:`naskah.cari._skema`
(``semua`` without positions, phrases in ``frasa``). The rebuild spreads analysis over the
cores (Whoosh's MpWriter, one segment per sub-writer, no final merge) with ``limitmb`` 256 per
sub-writer (about 400 MiB per sub-writer at 100,000 documents); the index is read without mmap
(a mapped compound segment was copied whole into every reader's memory).
A second backend (issue 14) is added in ``MESIN`` and :func:`buka` with its own setup.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from naskah.cari import DokumenIndeks, Kueri, MesinCari, OrangIndeks  # noqa: E402

MESIN = ("whoosh", "postgresql")  # postgresql: bench/search_pg.py (issue 14)
BATAS = {"laju": 500.0, "p95_ms": 150.0, "memori_mib": 1024.0}


# --- the synthetic archive -----------------------------------------------------------------


def buat_arsip(path: Path, n: int) -> float:
    """Write ``n`` generated index records to ``path`` (JSONL); return seconds taken."""
    from tests.cari.korpus import Generator

    mulai = time.perf_counter()
    with path.open("w", encoding="utf-8") as f:
        for d in Generator(benih=2024).dokumen(n):
            f.write(json.dumps(asdict(d), default=str, ensure_ascii=False) + "\n")
    return time.perf_counter() - mulai


def baca_arsip(path: Path) -> Iterator[DokumenIndeks]:
    """Yield the records of a JSONL archive file."""
    with path.open(encoding="utf-8") as f:
        for baris in f:
            data = json.loads(baris)
            data["tanggal"] = date.fromisoformat(data["tanggal"])
            for k in ("penandatangan", "peserta"):
                data[k] = tuple(OrangIndeks(**o) for o in data[k])
            data["mitra"] = tuple(data["mitra"])
            yield DokumenIndeks(**data)


def kueri_tetap(path: Path) -> list[tuple[str, Kueri]]:
    """Return the 30 fixed queries, drawing names and numbers from the archive itself."""
    sampel: dict[str, DokumenIndeks] = {}
    sert: list[DokumenIndeks] = []
    awal: list[DokumenIndeks] = []  # the first certificates, for an archive too small to spread
    for i, d in enumerate(baca_arsip(path)):
        sampel.setdefault(d.jenis, d)
        if d.jenis == "sertifikat" and len(awal) < 8:
            awal.append(d)
        if d.jenis == "sertifikat" and i % 997 == 0:
            sert.append(d)
        if len(sert) >= 8 and len(sampel) >= 4:
            break
    if len(sert) < 8:
        sert += [d for d in awal if d not in sert][: 8 - len(sert)]
    orang = [p for d in sert for p in d.peserta]

    def salah_ketik(nama: str) -> str:
        kata = nama.split()
        k = max(kata, key=len)
        i = len(k) // 2
        ganti = "a" if k[i] != "a" else "e"
        return nama.replace(k, k[:i] + ganti + k[i + 1 :])

    tahun: dict[str, Any] = {"dari": date(2023, 1, 1), "sampai": date(2023, 12, 31)}
    return [
        ("teks: kurikulum operasional", Kueri("kurikulum operasional")),
        ("teks: perencanaan berbasis data", Kueri("perencanaan berbasis data")),
        ("teks: literasi numerasi kutai", Kueri("literasi numerasi Kutai Kartanegara")),
        ("teks: pendidikan inklusif", Kueri("pendidikan inklusif")),
        ("teks: kerja sama (ejaan)", Kueri("kerjasama")),
        ("teks: narasumber (ejaan)", Kueri("nara sumber")),
        ("teks: tanda tangan (ejaan)", Kueri("ditanda tangani")),
        ("teks: standar pelayanan", Kueri("standar pelayanan")),
        ("frasa: rapor pendidikan", Kueri('"rapor pendidikan"')),
        ("frasa: SP", Kueri('"Prosedur Pendokumentasian Informasi"')),
        ("teks+jenis: sertifikat", Kueri("pendampingan", jenis="sertifikat")),
        ("teks+tahun: lokakarya 2023", Kueri("lokakarya", **tahun)),
        (
            "teks+rentang: bimtek",
            Kueri("bimbingan teknis", dari=date(2024, 3, 1), sampai=date(2024, 6, 30)),
        ),  # fmt: skip
        ("teks+unit+klas", Kueri("narasumber", unit="C7.24", klasifikasi="KP.04.05")),
        ("saringan: jenis+tahun", Kueri("", jenis="keputusan", **tahun)),
        ("saringan: urut tanggal", Kueri("sekolah penggerak", urut="tanggal")),
        ("mitra: dinas berau", Kueri("Dinas Pendidikan Kabupaten Berau", jenis="sk_kerja_sama")),
        ("instansi peserta", Kueri(orang[4].instansi or "SD Negeri 001")),
        ("nama tepat", Kueri(orang[1].nama)),
        ("nama salah ketik (teks)", Kueri(salah_ketik(orang[2].nama))),
        ("nama salah ketik (--peserta)", Kueri(peserta=salah_ketik(orang[3].nama))),
        ("nama salah ketik + teks", Kueri("kurikulum", peserta=salah_ketik(orang[0].nama))),
        ("penandatangan salah ketik", Kueri("standar pelayanan", penandatangan="Jarwako")),
        ("penandatangan + tahun", Kueri("", penandatangan="Jarwoko", **tahun)),
        ("nomor sertifikat utuh", Kueri(sert[0].nomor)),
        ("nomor keputusan utuh", Kueri(sampel["keputusan"].nomor)),
        ("nomor surat tugas utuh", Kueri(sampel["surat_tugas"].nomor)),
        ("bagian nomor: klasifikasi", Kueri("HK.03.01 kerja sama")),
        ("NIK", Kueri(next(p.nik for p in orang if p.nik) or "")),
        ("NIP berspasi", Kueri(_nip_tampil(next(p.nip for p in orang if p.nip) or ""))),
    ]


def _nip_tampil(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


# --- one backend, in a child process --------------------------------------------------------


def buka(nama: str, folder: Path) -> MesinCari:
    """Return backend ``nama`` on a fresh store in ``folder``."""
    from naskah.cari import buka_mesin_cari
    from naskah.config import Arsip, Cari, Konfigurasi

    if nama == "whoosh":
        konfigurasi = Konfigurasi(folder=folder, arsip=Arsip(lokasi=folder),
                                  cari=Cari(mesin="whoosh"))  # fmt: skip
        return buka_mesin_cari(konfigurasi)
    raise SystemExit(f"mesin {nama!r} belum dikenal bench ini")


def ukuran_folder(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _persentil(nilai: list[float], p: float) -> float:
    urut = sorted(nilai)
    k = (len(urut) - 1) * p
    a, b = int(k), min(int(k) + 1, len(urut) - 1)
    return urut[a] + (urut[b] - urut[a]) * (k - a)


def ukur_naif_dan_kueri(
    mesin: MesinCari,
    arsip: Path,
    daftar: list[tuple[str, Kueri]],
    sampel_naif: int,
    buka_ulang: Callable[[], MesinCari],
) -> dict[str, Any]:
    """Measure, on an indexed backend, the naive one-commit-per-document writes and the fixed
    queries warm (median of 3) and cold (a fresh backend from ``buka_ulang`` per query)."""
    tambahan = [
        replace(d, id=f"naif:{i}")
        for i, d in zip(range(sampel_naif), baca_arsip(arsip), strict=False)
    ]
    mulai = time.perf_counter()
    for d in tambahan:
        with mesin.tulis() as penulis:
            penulis.tambah(d)
    ms_naif = (time.perf_counter() - mulai) * 1000 / max(1, len(tambahan))
    mulai = time.perf_counter()
    with mesin.tulis() as penulis:
        for d in tambahan:
            penulis.hapus(d.id)
    ms_hapus = (time.perf_counter() - mulai) * 1000

    hangat: list[float] = []
    cpu: list[float] = []
    dingin: list[float] = []
    per_kueri = []
    for label, q in daftar:
        mesin.cari(q)  # warm the caches once
        waktu = []
        waktu_cpu = []
        for _ in range(3):
            t, c = time.perf_counter(), time.process_time()
            h = mesin.cari(q)
            waktu.append((time.perf_counter() - t) * 1000)
            waktu_cpu.append((time.process_time() - c) * 1000)
        hangat.append(statistics.median(waktu))
        cpu.append(statistics.median(waktu_cpu))
        t = time.perf_counter()
        baru = buka_ulang()
        baru.cari(q)
        dingin.append((time.perf_counter() - t) * 1000)
        baru.tutup()
        per_kueri.append((label, hangat[-1], h.jumlah, h.hasil[0].nomor if h.hasil else "-"))
    return {
        "ms_naif": ms_naif,
        "ms_hapus_batch": ms_hapus,
        "sampel_naif": len(tambahan),
        "p50_ms": _persentil(hangat, 0.5),
        "p95_ms": _persentil(hangat, 0.95),
        "p50_cpu_ms": _persentil(cpu, 0.5),
        "p95_cpu_ms": _persentil(cpu, 0.95),
        "p50_dingin_ms": _persentil(dingin, 0.5),
        "p95_dingin_ms": _persentil(dingin, 0.95),
        "per_kueri": per_kueri,
    }


def ukur(nama: str, arsip: Path, folder: Path, sampel_naif: int) -> dict[str, Any]:
    """Measure backend ``nama`` (runs in the child process)."""
    if nama == "postgresql":
        import search_pg

        return search_pg.ukur(arsip, sampel_naif)
    daftar = kueri_tetap(arsip)
    mesin = buka(nama, folder)
    mulai = time.perf_counter()
    jumlah = mesin.bangun_ulang(baca_arsip(arsip))
    detik_bangun = time.perf_counter() - mulai
    sendiri = resource.getrusage(resource.RUSAGE_SELF)
    anak = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds of the rebuild (the sub-writers' included): what the machine's load hides
    cpu_bangun = sum((sendiri.ru_utime, sendiri.ru_stime, anak.ru_utime, anak.ru_stime))

    naif = ukur_naif_dan_kueri(
        mesin, arsip, daftar, sampel_naif, lambda: buka_ulang_mesin(nama, folder)
    )
    return {
        "mesin": nama,
        "jumlah": jumlah,
        "detik_bangun": detik_bangun,
        "laju": jumlah / detik_bangun,
        "cpu_bangun_ms_dok": cpu_bangun * 1000 / max(1, jumlah),
        **naif,
        "memori_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        # the rebuild's sub-writer processes (Whoosh MpWriter): the largest of them
        "memori_anak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "ukuran_mib": ukuran_folder(folder) / 2**20,
    }


def buka_ulang_mesin(nama: str, folder: Path) -> MesinCari:
    """Return backend ``nama`` opened afresh on its existing store (as one CLI call does)."""
    if nama == "whoosh":
        from naskah.cari.whoosh import MesinCariWhoosh

        return MesinCariWhoosh(folder)
    raise SystemExit(nama)


# --- driver ---------------------------------------------------------------------------------


def _ukur_anak(nama: str, kerja: Path, arsip: Path, naif: int) -> dict[str, Any]:
    """Measure backend ``nama`` in a child process (so its peak memory is its own)."""
    folder = kerja / f"indeks-{nama}"
    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    p = subprocess.run(
        [sys.executable, __file__, "--anak", nama, str(arsip), str(folder), "--naif",
         str(naif)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if p.returncode != 0:
        print(p.stderr, file=sys.stderr)
        raise SystemExit(f"mesin {nama} gagal")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="documents in the archive")
    ap.add_argument("--mesin", nargs="+", default=list(MESIN), choices=MESIN)
    ap.add_argument("--folder", type=Path, help="work folder (a temporary one by default)")
    ap.add_argument("--naif", type=int, default=200, help="documents committed one at a time")
    ap.add_argument("--pg-url", help="an empty PostgreSQL database (a throwaway server otherwise)")
    ap.add_argument("--anak", nargs=3, help=argparse.SUPPRESS)  # MESIN ARSIP FOLDER
    args = ap.parse_args()

    if args.anak:
        nama, arsip, folder = args.anak
        hasil = ukur(nama, Path(arsip), Path(folder), args.naif)
        print(json.dumps(hasil))
        return

    kerja = args.folder or Path(tempfile.mkdtemp(prefix="bench-cari-"))
    kerja.mkdir(parents=True, exist_ok=True)
    arsip = kerja / f"arsip-{args.n}.jsonl"
    if not arsip.exists():
        detik = buat_arsip(arsip, args.n)
        print(f"arsip sintetis: {args.n} dokumen dibuat dalam {detik:.1f} s ({arsip})")
    print(f"mesin: 2 inti, mesin dipakai bersama (angka di bawah beban); CPU {os.cpu_count()}")
    import contextlib

    import search_pg  # a throwaway PostgreSQL server (or --pg-url) for the postgresql backend

    pg = search_pg.server(args.pg_url) if "postgresql" in args.mesin else contextlib.nullcontext()
    with pg:
        semua = [_ukur_anak(nama, kerja, arsip, args.naif) for nama in args.mesin]

    print()
    kolom = f"{'':34}" + "".join(f"{h['mesin']:>14}" for h in semua) + f"{'batas':>10}"
    print(kolom)

    def baris(label: str, kunci: str, fmt: str, batas: str = "") -> None:
        nilai = [h.get(kunci, float("nan")) for h in semua]  # a backend may not measure it
        print(f"{label:34}" + "".join(f"{v:>14{fmt}}" for v in nilai) + f"{batas:>10}")

    baris("dokumen", "jumlah", "d")
    baris("bangun ulang (dok/s)", "laju", ".0f", "≥500/1000")
    baris("bangun ulang (s)", "detik_bangun", ".1f")
    baris("  CPU bangun ulang (ms/dok)", "cpu_bangun_ms_dok", ".2f")
    baris("satu komit per dokumen (ms/dok)", "ms_naif", ".1f")
    for h in semua:
        h["rasio"] = h["ms_naif"] / (1000 / h["laju"])
    baris("  rasio naif / batch", "rasio", ".0f")
    baris("kueri hangat p50 (ms)", "p50_ms", ".1f")
    baris("kueri hangat p95 (ms)", "p95_ms", ".1f", "≤ 150")
    baris("  CPU kueri hangat p50 (ms)", "p50_cpu_ms", ".1f")
    baris("  CPU kueri hangat p95 (ms)", "p95_cpu_ms", ".1f")
    baris("kueri dingin p50 (ms)", "p50_dingin_ms", ".1f")
    baris("kueri dingin p95 (ms)", "p95_dingin_ms", ".1f")
    baris("memori puncak (MiB)", "memori_mib", ".0f", "< 1024")
    baris("  sub-penulis terbesar (MiB)", "memori_anak_mib", ".0f", "< 1024")
    baris("ukuran indeks (MiB)", "ukuran_mib", ".0f")
    print()
    for h in semua:
        print(f"[{h['mesin']}] per kueri (ms hangat, jumlah hasil, hasil pertama):")
        for label, ms, jumlah, pertama in h["per_kueri"]:
            print(f"  {label:34}{ms:8.1f}{jumlah:>8}  {pertama}")
    gagal = [
        f"{h['mesin']}: {k}"
        for h in semua
        for k, ok in (
            ("laju", h["laju"] >= (1000.0 if h["mesin"] == "postgresql" else BATAS["laju"])),
            ("p95", h["p95_ms"] <= BATAS["p95_ms"]),
            ("memori", max(h["memori_mib"], h["memori_anak_mib"]) < BATAS["memori_mib"]),
        )
        if not ok
    ]
    print("\nsemua batas terpenuhi" if not gagal else f"\nbatas TIDAK terpenuhi: {gagal}")


if __name__ == "__main__":
    main()
