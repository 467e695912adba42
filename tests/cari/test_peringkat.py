"""Whoosh: ranking a query whose matches a first count found all (at most ``BATAS_PERINGKAT``)
by pre-reckoned scores, with only the shortlist ranked by Whoosh's collector, gives the same
hits, in the same order, with the same scores and count, as Whoosh ranking every match."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh.query import And, AndMaybe

from naskah.cari import Kueri, buka_mesin_cari
from naskah.cari import whoosh as cari_whoosh
from tests.cari.conftest import konfigurasi_mesin
from tests.cari.korpus import Generator

KUERI = (
    "kutai kartanegara",
    "bimtek",
    "literasi numerasi",
    "kurikulum operasional samarinda",
    "narasumber bontang",
    "surat tugas pendampingan",
    "perencanaan berbasis data",
    "sertifikat penggerak",
    "pendidikan -sertifikat",
    "kukar",
)


def _semua_oleh_whoosh(
    pencari: Any, wajib: Any, peringkat: Any, opsi: dict[str, Any], calon: Any
) -> tuple[Any, int]:
    """Every match ranked by Whoosh's collector (as before the shortlist)."""
    kueri = AndMaybe(And([cari_whoosh._DaftarDokumen(calon), wajib]), peringkat)
    return cari_whoosh._cari_hitung(pencari, kueri, opsi)


@pytest.fixture(scope="module")
def mesin(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    folder: Path = tmp_path_factory.mktemp("peringkat")
    m = buka_mesin_cari(konfigurasi_mesin("whoosh", folder, request))
    dokumen = list(Generator(benih=11).dokumen(1200))
    m.bangun_ulang([*dokumen, *dokumen[:40]])  # replaced versions: segments with deletions
    yield m
    m.tutup()


def _jawab(mesin: Any) -> list[tuple[str, int, list[tuple[str, float]]]]:
    out = []
    for teks in KUERI:
        for batas in (1, 5, 10, 30):
            h = mesin.cari(Kueri(teks, batas=batas, cuplikan=False))
            out.append((teks, h.jumlah, [(x.id, x.skor) for x in h.hasil]))
    return out


def test_daftar_pendek_sama_dengan_semua_dinilai_whoosh(
    mesin: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    dipanggil: list[int] = []
    asli = cari_whoosh._cari_hitung

    def hitung(pencari: Any, kueri: Any, opsi: dict[str, Any]) -> tuple[Any, int]:
        hasil, jumlah = asli(pencari, kueri, opsi)
        dipanggil.append(jumlah)
        return hasil, jumlah

    monkeypatch.setattr(cari_whoosh, "_cari_hitung", hitung)
    pendek = _jawab(mesin)
    monkeypatch.setattr(cari_whoosh, "_peringkat_daftar", _semua_oleh_whoosh)
    n = len(dipanggil)
    semua = _jawab(mesin)
    assert pendek == semua
    # the shortlist really stood in: some answers ranked far fewer documents than they matched
    diperingkat = list(zip(dipanggil[:n], dipanggil[n:], strict=True))
    assert sum(1 for pendek_, semua_ in diperingkat if 4 * pendek_ < semua_) >= 4
    assert sum(1 for _, jumlah, hits in pendek if jumlah > 2 * 30 and hits) >= 3
