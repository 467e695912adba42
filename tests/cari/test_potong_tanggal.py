"""The PostgreSQL backend's shortcuts on a broad query give the answer they stand in for.

* a date cutoff for the candidates (``MesinCariPostgres._tanggal_potong``): whether the
  newest matches all lie after the cutoff, some of them, or none, the hits, their order,
  scores and count are those of the query without it; and when enough lie after it, the
  older matches are never read;
* counting a word's documents through the GIN index or in table order
  (``postgresql._hitung_kata``) gives the same counts and suggestions.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from naskah.cari import DokumenIndeks, HasilCari, Kueri
from naskah.cari import postgresql as cari_postgresql
from naskah.cari.aturan import BATAS_PERINGKAT
from naskah.cari.postgresql import MesinCariPostgres
from tests.cari.conftest import konfigurasi_mesin
from tests.cari.korpus import Generator

pytestmark = pytest.mark.slow

N_DOKUMEN = 3 * BATAS_PERINGKAT

Arsip = tuple[MesinCariPostgres, list[DokumenIndeks]]


@pytest.fixture(scope="module")
def arsip(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Arsip]:
    """Return a PostgreSQL backend holding a generated archive of three times the window."""
    dokumen = list(Generator(benih=7).dokumen(N_DOKUMEN))
    folder: Path = tmp_path_factory.mktemp("potong")
    mesin = MesinCariPostgres(konfigurasi_mesin("postgresql", folder, request))
    mesin.bangun_ulang(dokumen)
    yield mesin, dokumen
    mesin.tutup()


def _ringkas(hasil: HasilCari) -> tuple[object, ...]:
    return (
        hasil.jumlah,
        hasil.pasti,
        tuple((h.id, h.skor, h.tanggal, h.cuplikan) for h in hasil.hasil),
    )


KUERI = [
    Kueri("pendidikan", batas=30),
    Kueri("pendidikan", batas=30, urut="tanggal"),
    Kueri("kurikulum operasional", batas=50),
    Kueri("pendidikan", jenis_dalam=("surat_tugas", "keputusan"), batas=20),
    Kueri("sertifikat", batas=10),
]


@pytest.mark.parametrize("kueri", KUERI, ids=lambda k: f"{k.teks}-{k.urut}-{len(k.jenis_dalam)}")
def test_potongan_tanggal_memberi_jawaban_yang_sama(
    arsip: Arsip, kueri: Kueri, monkeypatch: pytest.MonkeyPatch
) -> None:
    mesin, dokumen = arsip
    monkeypatch.setattr(MesinCariPostgres, "_tanggal_potong", lambda *a: None)
    tanpa = mesin.cari(kueri)
    assert len(tanpa.hasil) > 0

    tanggal = sorted({d.tanggal for d in dokumen}, reverse=True)
    potongan = [
        tanggal[0] + timedelta(days=1),  # nothing after it: every candidate is older
        tanggal[len(tanggal) // 10],  # some of the window after it, the rest older
        tanggal[-1],  # everything after it
        date(1900, 1, 1),
    ]
    for p in potongan:
        monkeypatch.setattr(MesinCariPostgres, "_tanggal_potong", lambda *a, p=p: p)
        assert _ringkas(mesin.cari(kueri)) == _ringkas(tanpa), p


def test_potongan_yang_cukup_tidak_membaca_yang_lebih_lama(arsip: Arsip) -> None:
    mesin, dokumen = arsip
    kueri = Kueri("pendidikan", batas=10)
    cocok = sorted(
        (d.tanggal for d in dokumen if "pendidikan" in (d.tentang + d.teks).lower()), reverse=True
    )
    assert len(cocok) > 2 * BATAS_PERINGKAT
    potong = cocok[2 * BATAS_PERINGKAT]  # more than the window on or after it
    with mesin._baca() as conn:
        bagian = mesin._susun(conn, kueri, cari_postgresql.urai_kueri(kueri.teks))
        rencana = conn.skalar(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + bagian.sql(False, potong=True),
            {**bagian.nilai, "tanggal_potong": potong},
        )
    if isinstance(rencana, str):
        rencana = json.loads(rencana)
    simpul = list(_simpul(rencana[0]["Plan"]))
    lama = [s for s in simpul if any("tanggal < " in str(s.get(k, "")) for k in _SYARAT)]
    baru = [s for s in simpul if any("tanggal >= " in str(s.get(k, "")) for k in _SYARAT)]
    assert lama and baru
    # the older matches sit below a LIMIT of 0: PostgreSQL never starts reading them
    assert all(s["Actual Loops"] == 0 for s in lama)
    assert all(s["Actual Loops"] == 1 for s in baru)


_SYARAT = ("Filter", "Recheck Cond", "Index Cond")


def _simpul(rencana: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield rencana
    for anak in rencana.get("Plans", ()):
        yield from _simpul(anak)


def test_tanggal_potong_hanya_untuk_kueri_luas_tanpa_rentang(arsip: Arsip) -> None:
    mesin, _ = arsip
    with mesin._baca() as conn:
        semua = float(N_DOKUMEN)
        luas = 10 * N_DOKUMEN  # an estimate: the arithmetic only, on this small archive
        assert mesin._tanggal_potong(conn, Kueri("x"), BATAS_PERINGKAT, semua) is None
        assert mesin._tanggal_potong(conn, Kueri("x"), luas, semua) is not None
        dari = Kueri("x", dari=date(2024, 1, 1))
        assert mesin._tanggal_potong(conn, dari, luas, semua) is None
        assert mesin._tanggal_potong(conn, Kueri("x"), luas, -1.0) is None  # never analysed
        # a cutoff past half the archive would spare little
        assert mesin._tanggal_potong(conn, Kueri("x"), N_DOKUMEN, semua) is None


def test_hitungan_kata_sama_lewat_indeks_atau_urutan_tabel(
    arsip: Arsip, monkeypatch: pytest.MonkeyPatch
) -> None:
    mesin, _ = arsip
    kata = ["pendidikan", "kutai", "kartanegra", "samarnda", "sertifikat", "zzzqqq"]
    monkeypatch.setattr(cari_postgresql, "_HARGA_HITUNG_URUT", 0)  # table order always
    urut = mesin.eja(kata)
    monkeypatch.setattr(cari_postgresql, "_HARGA_HITUNG_URUT", 10**12)  # the index always
    indeks = mesin.eja(kata)
    assert urut == indeks
    assert urut["pendidikan"].frekuensi > 0 and urut["zzzqqq"].frekuensi == 0
    assert urut["kartanegra"].mirip and urut["kartanegra"].mirip[0][0] == "kartanegara"
