"""naskah's replacement of Whoosh's ``W3PerDocReader._cached_reader`` answers as Whoosh's own:
the same field lengths, the same scores, and an absent column looked for once per reader."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import fields, index
from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.qparser import QueryParser

import naskah.cari.whoosh  # noqa: F401  (installs the remembering column reader)


def _whoosh_asli(self: W3PerDocReader, fieldname: str, column: object) -> object:
    """Whoosh 2.7's ``_cached_reader``, as released."""
    if fieldname in self._readers:
        return self._readers[fieldname]
    if not self.has_column(fieldname):
        return None
    reader = self.column_reader(fieldname, column)
    self._readers[fieldname] = reader
    return reader


def _bangun(folder: Path) -> index.Index:
    folder.mkdir()
    skema = fields.Schema(id=fields.ID(unique=True, stored=True), teks=fields.TEXT)
    ix = index.create_in(str(folder), skema)
    w = ix.writer()
    for i in range(60):
        w.update_document(id=f"d{i}", teks=" ".join(["kata"] * (i % 7 + 1) + [f"unik{i}"]))
    w.commit()
    w = ix.writer()
    for i in range(0, 60, 3):  # a second segment replacing some of the first
        w.update_document(id=f"d{i}", teks=f"ganti unik{i} kata")
    w.commit(merge=False)
    return ix


def _jawaban(ix: index.Index) -> tuple[list, list]:
    with ix.searcher() as s:
        panjang = [
            (n, f, s.reader().doc_field_length(n, f))
            for n in range(s.reader().doc_count_all())
            for f in ("id", "teks")
        ]
        q = QueryParser("teks", ix.schema).parse("kata")
        skor = [(h["id"], round(h.score, 9)) for h in s.search(q, limit=None)]
    return panjang, skor


def test_kolom_sama_dengan_whoosh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dipasang = _jawaban(_bangun(tmp_path / "naskah"))
    with monkeypatch.context() as m:
        m.setattr(W3PerDocReader, "_cached_reader", _whoosh_asli)
        asli = _jawaban(_bangun(tmp_path / "whoosh"))
    assert dipasang == asli
    assert any(p for _, f, p in dipasang[0] if f == "teks")  # lengths really read


def test_kolom_absen_dicari_sekali(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ix = _bangun(tmp_path / "ix")
    dicari: list[str] = []
    asli = W3PerDocReader.has_column

    def has_column(self: W3PerDocReader, fieldname: str) -> bool:
        dicari.append(fieldname)
        return asli(self, fieldname)

    monkeypatch.setattr(W3PerDocReader, "has_column", has_column)
    with ix.searcher() as s:
        for _ in range(3):
            for n in range(s.reader().doc_count_all()):
                s.reader().doc_field_length(n, "id")
    segmen = len(ix.reader().leaf_readers()) if hasattr(ix.reader(), "leaf_readers") else 1
    assert 1 <= len(dicari) <= segmen
