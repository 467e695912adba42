"""Bench: checking a participant sheet, and its e-mail check against the naive one, in one run.

Usage: ``PYTHONPATH=src python bench/peserta.py [--jumlah 20000] [--domain 40]``

A CSV of ``--jumlah`` participants (NIK, institution, e-mail over ``--domain`` domains, as an
office's sheet has) is checked by :func:`naskah.peserta.periksa_peserta` (every rule: text
hygiene, NIK, e-mail, duplicates, the model). Then the e-mail check alone: naskah's
:func:`naskah.models.common.alamat_email` (email-validator once per domain for plain ASCII local
parts) against the naive way, email-validator's ``validate_email`` for every address (which the
sheet check and the model each did, twice per row). Best of three; ratios in the same run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _terbaik(fn: Callable[[], object], kali: int = 3) -> float:
    terbaik = float("inf")
    for _ in range(kali):
        mulai = time.perf_counter()
        fn()
        terbaik = min(terbaik, time.perf_counter() - mulai)
    return terbaik


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jumlah", type=int, default=20_000)
    ap.add_argument("--domain", type=int, default=40)
    a = ap.parse_args()

    from email_validator import validate_email

    from naskah.models.common import _DOMAIN_SAH, alamat_email
    from naskah.peserta import periksa_peserta

    alamat = [f"peserta.{i}@sekolah{i % a.domain}.sch.id" for i in range(a.jumlah)]
    folder = Path(tempfile.mkdtemp(prefix="bench-peserta-"))
    lembar = folder / "peserta.csv"
    baris = ["nama,nik,instansi,email,peran"]
    baris += [f"Peserta Nomor {i},64720145019{i % 100000:05d},SDN {i % 300},{e},peserta"
              for i, e in enumerate(alamat)]  # fmt: skip
    lembar.write_text("\n".join(baris) + "\n", encoding="utf-8")

    def periksa() -> None:
        _DOMAIN_SAH.clear()  # each run starts cold, as a new process does
        hasil = periksa_peserta(lembar)
        assert len(hasil.baik) == a.jumlah and not hasil.masalah

    def cepat() -> None:
        _DOMAIN_SAH.clear()
        for e in alamat:
            alamat_email(e)

    def naif() -> None:
        for e in alamat:
            validate_email(e, check_deliverability=False)

    t_lembar = _terbaik(periksa)
    t_cepat = _terbaik(cepat)
    t_naif = _terbaik(naif)
    n = a.jumlah
    print(f"{n} peserta, {a.domain} domain")
    print(f"periksa_peserta (semua aturan): {t_lembar:6.2f} s  {t_lembar / n * 1e6:7.1f} µs/baris")
    print(f"e-mail, naskah (per domain):    {t_cepat:6.2f} s  {t_cepat / n * 1e6:7.1f} µs/alamat")
    print(f"e-mail, naif (validate_email):  {t_naif:6.2f} s  {t_naif / n * 1e6:7.1f} µs/alamat")
    print(
        f"rasio naif/naskah: {t_naif / t_cepat:.1f}x (lembar lama memanggilnya dua kali per baris)"
    )


if __name__ == "__main__":
    main()
