"""The tokenizer's shortcut (a text continuing the last one split is scanned from where that one
ended) gives exactly the tokens of a scan from the start, on the judged corpus and the seeds."""

from __future__ import annotations

import random
import re

import pytest

from naskah.cari import _analisis
from naskah.cari._analisis import _gabung_nip, _pecah
from naskah.cari._skema import isian
from naskah.cari.ejaan import satukan_ejaan
from tests.cari.korpus import korpus_relevansi
from tests.conftest import BENIH


def _pecah_lama(teks: str) -> list[tuple[str, int, int]]:
    """The tokenizer as it was before the shortcut (one scan from the start, no memory)."""
    token = re.compile(r"[^\W_]+(?:[./\-][^\W_]+)*")
    pemisah = re.compile(r"[./\-]")
    out: list[tuple[str, int, int]] = []
    for m in token.finditer(teks):
        kata = m.group()
        awal = m.start()
        if not kata.isalnum():
            if not re.search(r"\d", kata):
                for bagian in pemisah.split(kata):
                    out.append((bagian, awal, awal + len(bagian)))
                    awal += len(bagian) + 1
                continue
        elif out:
            c = kata[0]
            if c in "sStT" and kata.lower().startswith(_analisis._AKHIR_PASANGAN):
                depan, awal_depan, _ = out[-1]
                satu = satukan_ejaan(f"{depan} {kata}")
                if " " not in satu:
                    out[-1] = (satu, awal_depan, m.end())
                    continue
            elif (c.isdigit() and len(kata) in (3, 4) and kata.isdigit()) and _gabung_nip(
                out, kata, m.end()
            ):
                continue
        out.append((kata, awal, m.end()))
    return out


def _teks_uji() -> list[str]:
    teks = []
    for d in korpus_relevansi(60):
        data = isian(d)  # in the order Whoosh analyses a document's fields: by name
        teks += [data[k] for k in sorted(data) if isinstance(data[k], str) and k != "id"]
    benih = sorted(BENIH.glob("*.txt"))
    assert len(benih) == 2, BENIH  # both seed decrees, never silently none
    teks += [p.read_text(encoding="utf-8") for p in benih]
    # the joins at a cut: a spelling pair, a spaced NIP, a number, split across lines
    teks += ["kerja\nsama", "Bekerja\n sama", "NIP 19780512\n200312 2\n004", "0512/C7.24\n/HK"]
    return teks


TEKS = _teks_uji()


def test_korpus_cukup() -> None:
    assert len(TEKS) > 500
    assert sum(len(t) for t in TEKS) > 200_000


def test_dokumen_berurutan_sama_dengan_pindai_penuh() -> None:
    # the fields in Whoosh's order (frasa, then semua beginning with it), document after document
    for t in TEKS:
        assert _pecah(t) == _pecah_lama(t)
    assert _pecah(TEKS[0]) == _pecah(TEKS[0]) == _pecah_lama(TEKS[0])


@pytest.mark.parametrize("benih", range(3))
def test_potongan_acak_sama_dengan_pindai_penuh(benih: int) -> None:
    acak = random.Random(benih)
    for t in acak.sample(TEKS, 200):
        for _ in range(3):
            # any prefix, cut at whitespace, inside a word, inside a number, at a separator
            potong = acak.randrange(len(t) + 1)
            awal = t[:potong]
            assert _pecah(awal) == _pecah_lama(awal)
            assert _pecah(t) == _pecah_lama(t)  # continuing the prefix just split
