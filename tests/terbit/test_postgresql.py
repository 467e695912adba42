"""The whole pipeline on PostgreSQL: register, catalog and search index on one real server.

An office with several workstations points ``[basis_data] url`` at its PostgreSQL server and
runs exactly what a one-computer office runs: ``naskah terbitkan --tandatangani`` for a
keputusan and ``naskah sertifikat terbitkan`` for a few participants. Nothing lands in SQLite or
in a Whoosh folder; every archived version is in the PostgreSQL index as soon as it is in the
catalog (same transaction); ``naskah arsip periksa`` is clean; ``naskah cari`` finds the
decree by its number and a participant by name (also mistyped) and through ``--peserta``.
"""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from naskah.cari.whoosh import NAMA_INDEKS
from tests.register.conftest import _lingkungan_bersih, server_pg  # noqa: F401 - reused
from tests.terbit.conftest import jalankan

pytestmark = pytest.mark.slow  # LibreOffice renders every document

PESERTA = [
    '"Siti Rahmawati, S.Pd., M.Pd.",6472035205780002,,BPMP Kaltim,siti@example.com,narasumber',
    "Andi Kurniawan,6472012309850004,,SDN 1 Tenggarong,andi@example.com,peserta",
    "Dewi Lestari,,,SMPN 2 Samarinda,dewi@example.com,peserta",
]


@pytest.fixture
def kantor_pg(kantor: Path, server_pg: object) -> tuple[Path, str]:  # noqa: F811
    """Return the example office (``naskah init --contoh``) with its register on a fresh
    PostgreSQL database, and that database's address for psycopg."""
    url = server_pg.basis_baru()  # type: ignore[attr-defined]
    toml = kantor / "naskah.toml"
    isi = toml.read_text(encoding="utf-8")
    assert isi.count("[basis_data]\n") == 1
    toml.write_text(isi.replace("[basis_data]\n", f'[basis_data]\nurl = "{url}"\n'), "utf-8")
    return kantor, url.replace("postgresql+psycopg://", "postgresql://", 1)


def _sql(dsn: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(dsn, autocommit=True) as c:
        return c.execute(sql).fetchall()  # type: ignore[arg-type]


def _cari(kantor: Path, *args: str) -> list[dict[str, object]]:
    r = jalankan(kantor, "cari", *args, "--json", cek=True)
    return json.loads(r.stdout)["hasil"]  # type: ignore[no-any-return]


def test_terbitkan_dan_sertifikat_di_postgresql_lalu_periksa_dan_cari(
    kantor_pg: tuple[Path, str],
) -> None:
    kantor, dsn = kantor_pg
    # a new decree: the example without its number (terbitkan takes one from the register)
    contoh = (kantor / "keputusan-bpmp-kaltim-2024.yaml").read_text(encoding="utf-8")
    assert contoh.count("\nnomor: 0512/C7.24/HK.03.01/2024\n") == 1
    (kantor / "keputusan-baru.yaml").write_text(
        contoh.replace("\nnomor: 0512/C7.24/HK.03.01/2024\n", "\n"), encoding="utf-8"
    )
    r = jalankan(
        kantor, "terbitkan", "keputusan-baru.yaml", "--tandatangani",
        "--sandi-env", "NASKAH_SANDI", "--json", cek=True,
    )  # fmt: skip
    keputusan = json.loads(r.stdout)
    assert keputusan["keadaan"] == "terbit" and keputusan["nomor_baru"]
    nomor = keputusan["nomor"]

    lembar = kantor / "peserta-uji.csv"
    lembar.write_text(
        "\n".join(["nama,nik,nip,instansi,email,peran", *PESERTA]) + "\n", encoding="utf-8"
    )
    r = jalankan(
        kantor, "sertifikat", "terbitkan", "sertifikat-kegiatan.yaml", str(lembar),
        "--sandi-env", "NASKAH_SANDI", "--json", cek=True,
    )  # fmt: skip
    assert json.loads(r.stdout)["diterbitkan"] == len(PESERTA)

    # register, catalog and index are all on the server: no SQLite file, no Whoosh folder
    arsip = kantor / "archive"
    assert not (arsip / "register.sqlite").exists() and not (arsip / NAMA_INDEKS).exists()
    terbit = _sql(dsn, "SELECT nomor, keadaan FROM terbit_naskah ORDER BY id")
    assert len(terbit) == 1 + len(PESERTA) and all(k == "terbit" for _, k in terbit)
    assert (nomor, "terbit") in terbit
    # every catalog row has its index row, current (indexed in the catalog's transaction)
    katalog = _sql(dsn, "SELECT id, nomor FROM arsip_entri WHERE diganti_oleh IS NULL")
    indeks = _sql(dsn, "SELECT id, nomor FROM cari_dokumen WHERE terkini")
    assert len(katalog) == 1 + len(PESERTA) and sorted(katalog) == sorted(indeks)

    r = jalankan(kantor, "arsip", "periksa", "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads(r.stdout)["bersih"] is True

    # the decree by its number typed whole, first
    hasil = _cari(kantor, nomor)
    assert hasil[0]["nomor"] == nomor and hasil[0]["jenis"] == "keputusan"

    # a participant by name, as typed and with a typo, and through --peserta
    def sertifikat(kata: str) -> str:
        [(n,)] = _sql(
            dsn,
            "SELECT nomor FROM cari_dokumen WHERE jenis = 'sertifikat' "
            f"AND 'peserta:{kata}' = ANY(orang_cari)",
        )
        return str(n)

    andi, dewi = sertifikat("kurniawan"), sertifikat("lestari")
    assert _cari(kantor, "Andi Kurniawan")[0]["nomor"] == andi
    assert _cari(kantor, "Andi Kurniawab")[0]["nomor"] == andi
    assert [h["nomor"] for h in _cari(kantor, "--peserta", "Dewi Lestari")] == [dewi]
