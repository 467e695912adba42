"""naskah's remembered posting blocks (``W3LeafMatcher._goto``, ``_read_ids``, ``_read_weights``
read once per segment reader) give what Whoosh's own reads give, however often a block is
entered again, by stepping, by leaping, or after the kept blocks were dropped."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from whoosh import fields, index
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.query import Term

from naskah.cari import whoosh as cari_whoosh

_ASLI = {
    "_goto": cari_whoosh._goto_whoosh,
    "_read_ids": cari_whoosh._read_ids_whoosh,
    "_read_weights": cari_whoosh._read_weights_whoosh,
}


def _bangun(folder: Path) -> index.Index:
    acak = random.Random(7)
    skema = fields.Schema(kata=fields.TEXT)
    ix = index.create_in(str(folder), skema)
    w = ix.writer()
    for _ in range(3000):  # "jarang" in about one document in 7: many blocks of 128 postings
        kata = ["umum"] * acak.randint(1, 4)
        if acak.random() < 0.15:
            kata += ["jarang"] * acak.randint(1, 3)
        w.add_document(kata=" ".join(kata))
    w.commit()
    return ix


def _jalan(s: object, langkah: list[int]) -> list[tuple[str, int, float, int, int]]:
    """Return what each term's matcher shows at each leap and while stepping to its end."""
    out = []
    for kata in ("jarang", "umum"):
        m = s.postings("kata", kata)  # type: ignore[attr-defined]
        assert isinstance(m, W3LeafMatcher)
        for t in langkah:
            if not m.is_active():
                break
            m.skip_to(t)
            if m.is_active():
                out.append((kata, m.id(), m.weight(), m.block_max_id(), m._blocklength))
        while m.is_active():
            out.append((kata, m.id(), m.weight(), m.block_max_id(), m._blocklength))
            m.next()
    return out


def test_blok_diingat_sama_dengan_whoosh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ix = _bangun(tmp_path)
    acak = random.Random(2024)
    rencana = [sorted(acak.sample(range(3100), 8)) for _ in range(40)]
    with monkeypatch.context() as mp:
        for nama, f in _ASLI.items():
            mp.setattr(W3LeafMatcher, nama, f)
        with ix.searcher() as s:
            asli = [_jalan(s, r) for r in rencana]
    monkeypatch.setattr(cari_whoosh, "BATAS_BLOK_TEMBOLOK", 5)  # dropped and read again often
    with ix.searcher() as s:
        diingat = [_jalan(s, r) for r in rencana]
        tembolok = cari_whoosh._tembolok_blok(s.reader()._terms._postfile)
        assert tembolok.kepala and tembolok.ids and tembolok.bobot  # blocks really kept
    assert diingat == asli
    assert any(w != 1.0 for jalan in asli for _, _, w, _, _ in jalan)  # weights really read


def test_semua_id_sama_dengan_whoosh(tmp_path: Path) -> None:
    ix = _bangun(tmp_path)
    w = ix.writer()
    w.delete_by_query(Term("kata", "jarang"))  # some of "umum" too
    w.commit(merge=False)
    with ix.searcher() as s:
        for kata in ("jarang", "umum"):
            harap = list(s.postings("kata", kata).all_ids())
            m = s.postings("kata", kata)
            assert list(cari_whoosh._semua_id(m)) == harap
        assert len(list(s.postings("kata", "umum").all_ids())) < 3000  # deletions really left out


_KEADAAN = (
    "_nextoffset", "_dataoffset", "_blocklength", "_maxid", "_maxweight", "_compression",
    "_minlength", "_maxlength", "_lastblock", "_i", "_data", "_ids", "_weights", "_values",
)  # fmt: skip


@pytest.mark.parametrize("baca", [cari_whoosh._BACA_KEPALA, 2])  # 2: too short, Whoosh reads
def test_kepala_sekali_baca_sama_dengan_whoosh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, baca: int
) -> None:
    """Every block's header read in one go leaves the matcher and the file as Whoosh's own."""
    monkeypatch.setattr(cari_whoosh, "_BACA_KEPALA", baca)
    ix = _bangun(tmp_path)
    with ix.searcher() as s:
        for kata in ("jarang", "umum"):
            a = s.postings("kata", kata)
            b = s.postings("kata", kata)
            posisi = a._baseoffset
            blok = 0
            while True:
                cari_whoosh._baca_kepala(a, posisi)
                pos_a = a._postfile.tell()
                cari_whoosh._goto_whoosh(b, posisi)
                assert b._postfile.tell() == pos_a
                assert [getattr(a, n) for n in _KEADAAN] == [getattr(b, n) for n in _KEADAAN]
                blok += 1
                if b._lastblock:
                    break
                posisi = b._nextoffset
            assert blok > 2  # several blocks of 128 postings


def test_tabel_hash_dibuka_sama_dengan_whoosh(tmp_path: Path) -> None:
    """naskah's ``HashReader.__init__`` (the directory in one read) leaves every attribute and
    the file's position as Whoosh's own, for each term table of the index."""
    ix = _bangun(tmp_path)
    with ix.searcher() as s:
        terms = s.reader()._terms._tindex  # a FieldedOrderedHashReader
        dbfile = terms.dbfile
        a = object.__new__(type(terms))
        cari_whoosh._buka_hash(a, dbfile, None, b"HSH3", terms.startoffset)
        pos_a = dbfile.tell()
        b = object.__new__(type(terms))
        cari_whoosh._buka_hash_whoosh(b, dbfile, None, b"HSH3", terms.startoffset)
        assert dbfile.tell() == pos_a
        nama = ("startoffset", "hashtype", "hashfn", "startofdata", "extras", "tables", "endofdata")
        assert [getattr(a, n) for n in nama] == [getattr(b, n) for n in nama]
        assert len(a.tables) == 256 and a.endofdata == terms.endofdata
        with pytest.raises(cari_whoosh.FileFormatError):
            cari_whoosh._buka_hash(object.__new__(type(terms)), dbfile, None, b"XXXX", 0)
