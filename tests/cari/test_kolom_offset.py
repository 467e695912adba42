"""naskah's replacement of Whoosh's ``VarBytesColumn.Reader._read_offsets_and_lengths`` reads
the same lengths and offsets as Whoosh's own, with and without offsets stored."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh.columns import VarBytesColumn
from whoosh.filedb.filestore import FileStorage

from naskah.cari import whoosh as cari_whoosh

# Whoosh 2.7's own, as released (kept by naskah.cari.whoosh when it replaced it)
ASLI = cari_whoosh._baca_offset_whoosh


def test_yang_diganti_adalah_milik_whoosh() -> None:
    assert ASLI.__module__ == "whoosh.columns"
    assert VarBytesColumn.Reader._read_offsets_and_lengths is cari_whoosh._baca_offset


@pytest.mark.parametrize("cutoff", [2**15, 10])  # offsets derived / offsets stored ("X")
def test_offset_sama_dengan_whoosh(tmp_path: Path, cutoff: int) -> None:
    acak = random.Random(cutoff)
    kolom = VarBytesColumn(write_offsets_cutoff=cutoff)
    simpan = FileStorage(str(tmp_path))
    berkas = simpan.create_file("kolom")
    penulis = kolom.writer(berkas)
    nilai: dict[int, bytes] = {}
    n = 3000
    for d in range(n):
        if acak.random() < 0.8:  # some documents hold nothing: lengths of 0
            nilai[d] = bytes(acak.randrange(256) for _ in range(acak.randrange(1, 400)))
            penulis.add(d, nilai[d])
    penulis.finish(n)
    panjang = berkas.tell()
    berkas.close()

    f = simpan.open_file("kolom")
    try:
        kita = kolom.reader(f, 0, panjang, n)
        whoosh = kolom.reader(f, 0, panjang, n)
        ASLI(whoosh)  # read again by Whoosh's own, over naskah's
        assert kita.had_stored_offsets == whoosh.had_stored_offsets == (cutoff < n)
        assert list(kita._lengths) == list(whoosh._lengths)
        assert list(kita._offsets) == list(whoosh._offsets)
        assert [kita[d] for d in range(n)] == [nilai.get(d, b"") for d in range(n)]
    finally:
        f.close()
