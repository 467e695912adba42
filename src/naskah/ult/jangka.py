"""Reading the "jangka waktu" of a Standar Pelayanan: owns turning its sentences into working days.

A standard states its promises in prose, and the seeds show how differently offices write them:

- "Paling lambat 5 (lima) hari kerja setelah surat permohonan kerja sama dan kelengkapan dokumen
  diterima."
- "5 (lima) hari kerja sejak surat permohonan kerjasama diterima"
- "Paling lama 2 hari kerja sejak surat permohonan narasumber diterima"
- "Jangka waktu pemberian jawaban 2 (dua) hari kerja, terhitung sejak permohonan masuk."
- "Permohonan diajukan paling lambat 7 (tujuh) hari kerja sebelum pelaksanaan kegiatan." (a lead
  time before the activity, not a deadline after receipt)

:func:`baca_jangka` finds every "N hari kerja" in such a text, in figures, in words or both. A
figure and its words that disagree ("5 (tiga) hari kerja"), or calendar days where working days
are meant, are not guessed at: the phrase is returned as unreadable, so that the office states the
number in naskah.toml and ``periksa`` can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from naskah.models.teks import terbilang

__all__ = ["Jangka", "baca_jangka"]

_KATA_ANGKA = {terbilang(n): n for n in range(1, 61)}
_KATA = "|".join(sorted(map(re.escape, _KATA_ANGKA), key=len, reverse=True))
_POLA = re.compile(
    rf"(?:(?P<angka>\d{{1,3}})\s*(?:\(\s*(?P<kurung>[a-z ]+?)\s*\)\s*)?|(?P<kata>{_KATA})\s+)"
    r"(?P<satuan>hari\s+kerja|hari(?!\s+kerja))"
    r"(?P<sesudah>[^.;]*)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Jangka:
    """One "N hari kerja" found in a standard's text."""

    hari: int | None
    """The number of working days; None when the phrase can't be read safely."""
    sebelum: bool
    """True for a lead time ("… sebelum pelaksanaan kegiatan"), False for a time after receipt."""
    teks: str
    """The phrase as written, for messages ("5 (lima) hari kerja setelah …")."""
    masalah: str | None = None
    """Why the phrase was not read (in Indonesian), when ``hari`` is None."""


def baca_jangka(teks: str) -> list[Jangka]:
    """Return every working-day duration stated in ``teks``, in the order written."""
    hasil = []
    for m in _POLA.finditer(teks):
        frasa = m.group(0).strip()
        sesudah = m.group("sesudah").lower()
        sebelum = re.search(r"\bsebelum\b", sesudah) is not None
        if m.group("kata"):
            angka = _KATA_ANGKA[m.group("kata").lower()]
        else:
            angka = int(m.group("angka"))
            kurung = m.group("kurung")
            if kurung and _KATA_ANGKA.get(" ".join(kurung.lower().split())) != angka:
                hasil.append(Jangka(None, sebelum, frasa, (
                    f"angka {angka} dan tulisan \u201c{kurung}\u201d tidak sama"
                )))  # fmt: skip
                continue
        if not re.match(r"hari\s+kerja", m.group("satuan"), re.IGNORECASE):
            hasil.append(Jangka(None, sebelum, frasa, "ditulis dalam hari, bukan hari kerja"))
            continue
        if angka == 0:
            hasil.append(Jangka(None, sebelum, frasa, "jangka waktu nol hari kerja"))
            continue
        hasil.append(Jangka(angka, sebelum, frasa))
    return hasil
