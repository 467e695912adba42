"""naskah's replacement of Whoosh's ``W3LeafMatcher.skip_to`` lands where Whoosh's own walk does."""

from __future__ import annotations

import random
from pathlib import Path

from whoosh import fields, index
from whoosh.codec.whoosh3 import W3LeafMatcher

import naskah.cari.whoosh  # noqa: F401  (installs the bisecting skip_to)


def _jalan_whoosh(m: W3LeafMatcher, target: int) -> None:
    """Whoosh 2.7's skip_to, as released: to the block, then next() until at or past target."""
    if target <= m.id():
        return
    if target > m.block_max_id():
        m._skip_to_block(lambda: target > m.block_max_id())
    while m.is_active() and m.id() < target:
        m.next()


def test_lompat_sama_dengan_jalan_whoosh(tmp_path: Path) -> None:
    acak = random.Random(2024)
    skema = fields.Schema(kata=fields.KEYWORD)
    ix = index.create_in(str(tmp_path), skema)
    w = ix.writer()
    for _ in range(3000):  # "jarang" in about one document in 7: many blocks of 128 postings
        w.add_document(kata="jarang umum" if acak.random() < 0.15 else "umum")
    w.commit()
    with ix.searcher() as s:
        for kata in ("jarang", "umum"):
            for _ in range(200):
                a = s.postings("kata", kata)
                b = s.postings("kata", kata)
                assert isinstance(a, W3LeafMatcher)
                langkah = sorted(acak.sample(range(3100), 6))
                for t in langkah:
                    if not b.is_active():
                        break
                    a.skip_to(t)
                    _jalan_whoosh(b, t)
                    assert a.is_active() == b.is_active()
                    if not b.is_active():
                        break
                    assert a.id() == b.id(), (kata, t)
                    assert a.weight() == b.weight()
