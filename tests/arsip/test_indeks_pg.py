"""The PostgreSQL search index is written in the same transaction as the catalog row.

Real PostgreSQL server (the register tests' own), real archive, real child process for the
crash. Three things hold: a document is searchable as soon as ``simpan`` returns and not a
moment before its catalog row is visible to other connections (a replacement marks the old
version not current in that same transaction); a writer SIGKILLed between the index write and
the commit leaves neither the catalog row nor an index row, and a re-run archives and indexes
it; an index write the server refuses rolls the catalog row back too (nothing archived, one
sentence). With ``[cari] mesin = "whoosh"`` on the same PostgreSQL register, indexing still
happens after the commit, as before.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from naskah.arsip import Arsip, NaskahTerbit, OpsiArsip
from naskah.cari import Kueri, cari
from naskah.cari.postgresql import MesinCariPostgres
from naskah.cari.whoosh import NAMA_INDEKS
from naskah.config import muat_konfigurasi
from naskah.errors import ArchiveError
from naskah.loader import muat_dokumen
from naskah.models import Dokumen
from tests.arsip.conftest import EXAMPLES, Kantor, _kantor, bernomor
from tests.register.conftest import env_anak

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def kantor_pg(server_pg: object, tmp_path: Path) -> Iterator[Kantor]:
    """An office whose register, catalog and search index are on a fresh PostgreSQL database."""
    k = _kantor(tmp_path / "kantor", server_pg.basis_baru())  # type: ignore[attr-defined]
    yield k
    k.arsip.tutup()
    k.register.tutup()


def _teks_nomor(model: Dokumen) -> str:
    assert model.nomor is not None
    return model.nomor.teks


def _dsn(k: Kantor) -> str:
    return k.konfigurasi.url_basis_data.replace("postgresql+psycopg://", "postgresql://", 1)


def _satu(k: Kantor, sql: str, *nilai: object) -> list[tuple[object, ...]]:
    """Run one query on a fresh connection of its own (what another workstation sees)."""
    with psycopg.connect(_dsn(k), autocommit=True) as c:
        cur = c.execute(sql, nilai)  # type: ignore[arg-type]
        return cur.fetchall() if cur.description is not None else []


def _katalog(k: Kantor, nomor: str) -> list[tuple[object, ...]]:
    return _satu(k, "SELECT id, versi FROM arsip_entri WHERE nomor = %s ORDER BY versi", nomor)


def _indeks(k: Kantor, nomor: str) -> list[tuple[object, ...]]:
    return _satu(k, "SELECT id, terkini FROM cari_dokumen WHERE nomor = %s ORDER BY id", nomor)


def _ditemukan(k: Kantor, nomor: str) -> list[str]:
    return [h.nomor for h in cari(k.konfigurasi, Kueri(teks=nomor)).hasil]


def _arsip_berindeks(k: Kantor, titik: object = None) -> Arsip:
    return Arsip(
        k.konfigurasi,
        register=k.register,
        opsi=OpsiArsip(indeks=True),
        titik=titik,  # type: ignore[arg-type]
    )


def test_simpan_mengindeks_dalam_transaksi_katalog(kantor_pg: Kantor) -> None:
    k = kantor_pg
    model = k.model()
    nomor = _teks_nomor(model)
    langkah: list[str] = []
    terlihat: dict[str, object] = {}

    def titik(nama: str) -> None:
        langkah.append(nama)
        if nama == "sebelum_commit":
            # the index row is written but, like the catalog row, not visible to others yet,
            # and the writing transaction holds a write lock on the index table
            terlihat["katalog"] = _katalog(k, nomor)
            terlihat["indeks"] = _indeks(k, nomor)
            terlihat["kunci"] = _satu(
                k,
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE c.relname = 'cari_dokumen' AND l.mode = 'RowExclusiveLock' "
                "AND l.pid <> pg_backend_pid()",
            )[0][0]

    with _arsip_berindeks(k, titik) as a:
        hasil = a.simpan(NaskahTerbit(model, ttd=k.ttd("a.pdf")))
    assert hasil.peringatan == ()
    assert langkah.index("diindeks") < langkah.index("sebelum_commit")
    assert terlihat == {"katalog": [], "indeks": [], "kunci": 1}
    # committed together: searchable the moment simpan returns
    [(id_entri, _)] = _katalog(k, nomor)
    assert _indeks(k, nomor) == [(id_entri, True)]
    assert _ditemukan(k, nomor)[0] == nomor


def test_versi_pengganti_dan_versi_lama_diindeks_dalam_transaksi_yang_sama(
    kantor_pg: Kantor,
) -> None:
    k = kantor_pg
    model = k.model()
    nomor = _teks_nomor(model)
    terlihat: list[object] = []

    def titik(nama: str) -> None:
        if nama == "sebelum_commit":
            terlihat.append(_indeks(k, nomor))

    with _arsip_berindeks(k, titik) as a:
        v1 = a.simpan(NaskahTerbit(model, ttd=k.ttd("a.pdf"))).entri[0]
        v2 = a.simpan(
            NaskahTerbit(
                model,
                ttd=k.ttd("b.pdf", "Keputusan yang sudah diperbaiki salah ketiknya " * 2),
                koreksi="salah ketik pada diktum KEDUA",
            )
        ).entri[0]
    # while v2's transaction was open, others still saw v1 alone and current
    assert terlihat[1] == [(v1.id, True)]
    assert sorted(_indeks(k, nomor)) == sorted([(v1.id, False), (v2.id, True)])
    hasil = cari(k.konfigurasi, Kueri(teks=nomor)).hasil
    assert [h.id for h in hasil[:2]] == [v2.id, v1.id]


def test_tulisan_indeks_yang_ditolak_membatalkan_baris_katalog(kantor_pg: Kantor) -> None:
    k = kantor_pg
    model = k.model()
    nomor = _teks_nomor(model)
    # the server itself refuses the index row of this one number (a real failed write)
    _satu(
        k,
        f"ALTER TABLE cari_dokumen ADD CONSTRAINT uji_tolak_satu_nomor CHECK (nomor <> '{nomor}')",
    )
    keadaan = _satu(k, "SELECT keadaan FROM nomor WHERE teks = %s", nomor)
    with _arsip_berindeks(k) as a:
        with pytest.raises(ArchiveError) as galat:
            a.simpan(NaskahTerbit(model, ttd=k.ttd("a.pdf")))
        pesan = str(galat.value)
        assert pesan.startswith("Naskah tidak diarsipkan (tidak ada yang berubah) karena indeks")
        assert "\n" not in pesan and pesan.count(". ") == 0 and pesan.endswith(".")
        assert "Traceback" not in pesan
        # nothing archived: no catalog row, no index row, the number as it was, no folder
        assert _katalog(k, nomor) == [] and _indeks(k, nomor) == []
        assert _satu(k, "SELECT keadaan FROM nomor WHERE teks = %s", nomor) == keadaan
        laporan = a.periksa()
        assert laporan.bersih and laporan.entri == 0, laporan.temuan
        # once the server accepts it again, the same document is archived and indexed
        _satu(k, "ALTER TABLE cari_dokumen DROP CONSTRAINT uji_tolak_satu_nomor")
        hasil = a.simpan(NaskahTerbit(model, ttd=k.ttd("a.pdf")))
    assert hasil.peringatan == ()
    assert len(_katalog(k, nomor)) == 1 and _ditemukan(k, nomor)[0] == nomor


def _nomor_baru(k: Kantor) -> str:
    return k.register.ambil(
        "naskah", tanggal="2024-05-21", perihal="uji indeks", klasifikasi="HK.03.01"
    ).teks


def test_sigkill_antara_tulisan_indeks_dan_commit_tidak_meninggalkan_apa_pun(
    kantor_pg: Kantor,
) -> None:
    k = kantor_pg
    pdf = k.pdf("naskah.pdf")
    nomor = _nomor_baru(k)
    anak = subprocess.Popen(
        [sys.executable, "-m", "tests.arsip.anak_indeks", str(k.konfigurasi.folder), str(pdf),
         nomor, "diindeks"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=env_anak(NASKAH_PENGGUNA="anak"), cwd=ROOT,
    )  # fmt: skip
    assert anak.stdout is not None and anak.stderr is not None and anak.stdin is not None
    langkah: list[str] = []
    try:
        for baris in anak.stdout:
            langkah.append(baris.decode().strip())
            if langkah[-1] == "diindeks":
                # the child is inside its open transaction, its index rows written
                kunci = _satu(
                    k,
                    "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                    "WHERE c.relname = 'cari_dokumen' AND l.mode = 'RowExclusiveLock'",
                )
                assert kunci == [(1,)]
                anak.send_signal(signal.SIGKILL)
                break
    finally:
        anak.wait(timeout=120)
        err = anak.stderr.read().decode()
        for f in (anak.stdin, anak.stdout, anak.stderr):
            f.close()
    assert "diindeks" in langkah and "dikomit" not in langkah, (langkah, err)
    assert anak.returncode == -signal.SIGKILL, err
    assert _katalog(k, nomor) == [] and _indeks(k, nomor) == []
    assert _ditemukan(k, nomor) == []
    # the next run cleans up the moved folder and archives + indexes the document for real
    model = bernomor(
        muat_dokumen(EXAMPLES / "keputusan-bpmp-kaltim-2024.yaml", k.konfigurasi), nomor
    )
    with _arsip_berindeks(k) as a:
        hasil = a.simpan(NaskahTerbit(model, pdf=pdf, docx=pdf))
        assert hasil.peringatan == ()
        laporan = a.periksa()
    assert laporan.bersih and laporan.entri == 1, laporan.temuan
    [(id_entri, _)] = _katalog(k, nomor)
    assert _indeks(k, nomor) == [(id_entri, True)]
    assert _ditemukan(k, nomor)[0] == nomor


def test_mesin_whoosh_di_register_postgresql_tetap_mengindeks_setelah_commit(
    kantor_pg: Kantor,
) -> None:
    k = kantor_pg
    toml = k.konfigurasi.folder / "naskah.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[cari]\nmesin = "whoosh"\n', "utf-8")
    konfigurasi = muat_konfigurasi(toml)
    model: Dokumen = k.model()
    langkah: list[str] = []
    with Arsip(
        konfigurasi, register=k.register, opsi=OpsiArsip(indeks=True), titik=langkah.append
    ) as a:
        assert a.simpan(NaskahTerbit(model, ttd=k.ttd("a.pdf"))).peringatan == ()
    assert "diindeks" not in langkah
    assert (konfigurasi.folder_arsip / NAMA_INDEKS).is_dir()
    assert _indeks(k, _teks_nomor(model)) == []  # nothing in PostgreSQL's index
    assert [h.nomor for h in cari(konfigurasi, Kueri(teks=_teks_nomor(model))).hasil][0] == (
        _teks_nomor(model)
    )


def test_indeks_di_basis_data_lain_tidak_ditulis_dalam_transaksi_register(
    kantor_pg: Kantor, server_pg: object
) -> None:
    k = kantor_pg
    lain = server_pg.basis_baru()  # type: ignore[attr-defined]
    with k.register.transaksi() as conn:
        assert MesinCariPostgres(k.konfigurasi, url=lain).tulis_dalam(conn) is None
        assert MesinCariPostgres(k.konfigurasi).tulis_dalam(conn) is not None
