"""Writers of the Whoosh index: one batch, one commit, one writer at a time, crash-safe.

Child processes (tests/cari/pekerja.py) hold the lock or die mid-commit; the test and the child
talk through pipes (a line each way), never by sleeping.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from naskah.cari import Kueri
from naskah.cari.whoosh import MesinCariWhoosh
from naskah.errors import ArchiveError
from tests.cari.pekerja import dokumen_uji
from tests.conftest import ROOT, env_naskah

_PROSES: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _tutup_pipa():
    """Close every child's pipes after the test (and kill one left running)."""
    yield
    while _PROSES:
        p = _PROSES.pop()
        if p.poll() is None:
            p.kill()
            p.wait(timeout=60)
        for pipa in (p.stdin, p.stdout, p.stderr):
            if pipa is not None:
                pipa.close()


def _pekerja(arsip: Path, mode: str, n: int, **env: str) -> subprocess.Popen[str]:
    lingkungan = env_naskah(**env)
    lingkungan["PYTHONPATH"] = os.pathsep.join([str(ROOT), lingkungan["PYTHONPATH"]])
    p = subprocess.Popen(
        [sys.executable, "-m", "tests.cari.pekerja", str(arsip), mode, str(n)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=lingkungan, cwd=ROOT,
    )  # fmt: skip
    _PROSES.append(p)
    return p


def _tunggu_baris(p: subprocess.Popen[str], baris: str) -> None:
    assert p.stdout is not None
    keluar = p.stdout.readline().strip()
    assert keluar == baris, (keluar, p.stderr.read() if p.stderr else "")


def _jumlah(mesin: MesinCariWhoosh) -> int:
    return mesin.cari(Kueri("lokakarya penulisan", batas=1000)).jumlah


def test_batch_terlihat_setelah_satu_komit(tmp_path: Path):
    mesin = MesinCariWhoosh(tmp_path)
    with mesin.tulis() as penulis:
        penulis.tambah(dokumen_uji(1))
        penulis.tambah(dokumen_uji(2))
        assert MesinCariWhoosh(tmp_path).perlu_dibangun_ulang() is False
        assert _jumlah(MesinCariWhoosh(tmp_path)) == 0  # nothing visible before the commit
    assert _jumlah(mesin) == 2
    with mesin.tulis() as penulis:
        penulis.tambah(dokumen_uji(1))  # same id: replaced, not doubled
        penulis.hapus("uji:2")
        penulis.hapus("tidak-ada")
    assert _jumlah(mesin) == 1


def test_batch_gagal_dibatalkan_dan_kunci_dilepas(tmp_path: Path):
    mesin = MesinCariWhoosh(tmp_path, batas_tunggu=0.2)
    with mesin.tulis() as penulis:
        penulis.tambah(dokumen_uji(1))
    with pytest.raises(RuntimeError), mesin.tulis() as penulis:
        penulis.tambah(dokumen_uji(2))
        raise RuntimeError("gagal di tengah batch")
    assert _jumlah(mesin) == 1
    with mesin.tulis() as penulis:  # the lock was released: no wait, no timeout
        penulis.tambah(dokumen_uji(3))
    assert _jumlah(mesin) == 2


def test_proses_kedua_berhenti_dengan_pesan_jelas_setelah_batas_tunggu(tmp_path: Path):
    MesinCariWhoosh(tmp_path).bangun_ulang([])
    pertama = _pekerja(tmp_path, "tahan", 5)
    try:
        _tunggu_baris(pertama, "terkunci")
        kedua = _pekerja(tmp_path, "tulis", 1, AWAL="100", BATAS_TUNGGU="0.5")
        _, galat = kedua.communicate(timeout=60)
        assert kedua.returncode == 1
        assert "sedang ditulis oleh proses lain" in galat
        assert "Traceback" not in galat
        # the same from this process, as the library raises it
        with pytest.raises(ArchiveError), MesinCariWhoosh(tmp_path, batas_tunggu=0.1).tulis():
            pass
    finally:
        assert pertama.stdin is not None
        pertama.stdin.write("lanjut\n")
        pertama.stdin.flush()
    _tunggu_baris(pertama, "selesai")
    assert pertama.wait(timeout=60) == 0
    assert _jumlah(MesinCariWhoosh(tmp_path)) == 5


def test_proses_kedua_menunggu_lalu_menulis(tmp_path: Path):
    MesinCariWhoosh(tmp_path).bangun_ulang([])
    pertama = _pekerja(tmp_path, "tahan", 5)
    _tunggu_baris(pertama, "terkunci")
    kedua = _pekerja(tmp_path, "tulis", 3, AWAL="100", BATAS_TUNGGU="60")
    _tunggu_baris(kedua, "menunggu")
    assert pertama.stdin is not None
    pertama.stdin.write("lanjut\n")
    pertama.stdin.flush()
    _tunggu_baris(pertama, "selesai")
    _tunggu_baris(kedua, "selesai")
    assert pertama.wait(timeout=60) == 0 and kedua.wait(timeout=60) == 0
    assert _jumlah(MesinCariWhoosh(tmp_path)) == 8


def _periksa_setelah_mati(arsip: Path, sebelum: int, baru: int) -> None:
    """After a killed writer: search works, the batch is all or nothing, writers can go on,
    and a rebuild gives the whole archive back."""
    mesin = MesinCariWhoosh(arsip, batas_tunggu=5)
    assert mesin.perlu_dibangun_ulang() is False
    jumlah = _jumlah(mesin)
    assert jumlah in (sebelum, sebelum + baru)
    assert mesin.cari(Kueri("00003/Sertifikat/UJI/2024")).hasil[0].id == "uji:3"
    with mesin.tulis() as penulis:  # the dead writer's lock is gone with it
        penulis.tambah(dokumen_uji(9999))
    assert _jumlah(mesin) == jumlah + 1
    semua = [dokumen_uji(i) for i in range(sebelum)] + [dokumen_uji(9999)]
    assert mesin.bangun_ulang(semua) == sebelum + 1
    assert _jumlah(mesin) == sebelum + 1
    assert not (arsip / ".indeks.baru").exists()


def test_penulis_dibunuh_di_tengah_komit(tmp_path: Path):
    MesinCariWhoosh(tmp_path).bangun_ulang([dokumen_uji(i) for i in range(20)])
    p = _pekerja(tmp_path, "gantung", 500, AWAL="20")
    _tunggu_baris(p, "di-tengah-komit")  # segment files written, table of contents not yet
    os.kill(p.pid, signal.SIGKILL)
    p.wait(timeout=60)
    _periksa_setelah_mati(tmp_path, 20, 500)
    assert _jumlah(MesinCariWhoosh(tmp_path)) == 21


@pytest.mark.parametrize("putaran", range(3))
def test_penulis_dibunuh_saat_komit_dimulai(tmp_path: Path, putaran: int):
    MesinCariWhoosh(tmp_path).bangun_ulang([dokumen_uji(i) for i in range(20)])
    p = _pekerja(tmp_path, "komit", 2000 + 500 * putaran, AWAL="20")
    _tunggu_baris(p, "komit")
    os.kill(p.pid, signal.SIGKILL)
    p.wait(timeout=60)
    _periksa_setelah_mati(tmp_path, 20, 2000 + 500 * putaran)


def test_versi_skema_lain_tidak_dipakai_dan_tidak_dihapus(tmp_path: Path):
    mesin = MesinCariWhoosh(tmp_path)
    mesin.bangun_ulang([dokumen_uji(1)])
    skema = tmp_path / ".indeks" / "skema.json"
    data = json.loads(skema.read_text())
    data["versi_skema"] = 0
    skema.write_text(json.dumps(data))
    berkas = sorted(p.name for p in (tmp_path / ".indeks").iterdir())
    baru = MesinCariWhoosh(tmp_path)
    assert baru.perlu_dibangun_ulang() is True
    with pytest.raises(ArchiveError, match="indeks-ulang") as info:
        baru.cari(Kueri("lokakarya"))
    assert "versi skema 0" in str(info.value)
    with pytest.raises(ArchiveError, match="indeks-ulang"), baru.tulis():
        pass
    assert sorted(p.name for p in (tmp_path / ".indeks").iterdir()) == berkas
    assert baru.bangun_ulang([dokumen_uji(1), dokumen_uji(2)]) == 2
    assert baru.perlu_dibangun_ulang() is False
    assert _jumlah(baru) == 2


def test_indeks_rusak_minta_bangun_ulang(tmp_path: Path):
    mesin = MesinCariWhoosh(tmp_path)
    mesin.bangun_ulang([dokumen_uji(1)])
    (toc,) = (tmp_path / ".indeks").glob("*.toc")
    toc.write_bytes(b"\x00rusak" * 10)
    baru = MesinCariWhoosh(tmp_path)
    assert baru.perlu_dibangun_ulang() is True
    with pytest.raises(ArchiveError, match="tidak dapat dibuka.*indeks-ulang"):
        baru.cari(Kueri("lokakarya"))
    assert toc.exists()
    assert baru.bangun_ulang([dokumen_uji(1)]) == 1
    assert _jumlah(baru) == 1


def test_indeks_belum_ada(tmp_path: Path):
    mesin = MesinCariWhoosh(tmp_path)
    assert mesin.perlu_dibangun_ulang() is True
    with pytest.raises(ArchiveError, match="belum ada"):
        mesin.cari(Kueri("lokakarya"))
    with mesin.tulis() as penulis:  # the first archived document creates it
        penulis.tambah(dokumen_uji(1))
    assert _jumlah(mesin) == 1


def test_sisa_bangun_ulang_yang_terputus_dibersihkan(tmp_path: Path):
    mesin = MesinCariWhoosh(tmp_path)
    (tmp_path / ".indeks.baru").mkdir()
    (tmp_path / ".indeks.baru" / "_MAIN_1.toc").write_bytes(b"sisa")
    assert mesin.bangun_ulang([dokumen_uji(1)]) == 1
    assert not (tmp_path / ".indeks.baru").exists()
    assert _jumlah(mesin) == 1


def test_bangun_ulang_gagal_indeks_lama_tetap(tmp_path: Path):
    mesin = MesinCariWhoosh(tmp_path, batas_tunggu=0.5)
    mesin.bangun_ulang([dokumen_uji(1)])

    def rusak():
        yield dokumen_uji(2)
        yield dokumen_uji(3)
        raise ArchiveError("metadata.json entri 2024/x rusak.")

    with pytest.raises(ArchiveError, match="rusak"):
        mesin.bangun_ulang(rusak())
    assert not (tmp_path / ".indeks.baru").exists()
    assert _jumlah(MesinCariWhoosh(tmp_path)) == 1
    with mesin.tulis() as penulis:  # the lock was released
        penulis.tambah(dokumen_uji(4))
    assert _jumlah(mesin) == 2


def test_komit_kecil_tidak_menggabung_segmen_besar(tmp_path: Path, monkeypatch):
    import naskah.cari.whoosh as modul

    monkeypatch.setattr(modul, "SEGMEN_KECIL", 10)
    mesin = MesinCariWhoosh(tmp_path)
    mesin.bangun_ulang([dokumen_uji(i) for i in range(30)])

    def segmen() -> dict[str, int]:
        from whoosh import index

        ix = index.open_dir(str(tmp_path / ".indeks"))
        return {s.segment_id(): s.doc_count_all() for s in ix._segments()}

    besar = {i for i, n in segmen().items() if n >= 10}
    assert besar
    for i in range(100, 110):
        with mesin.tulis() as penulis:
            penulis.tambah(dokumen_uji(i))
    sesudah = segmen()
    assert besar <= set(sesudah)  # the rebuild's segments were never rewritten
    assert sum(1 for n in sesudah.values() if n < 10) < 4  # small ones are merged
    assert _jumlah(mesin) == 40


def _segmen(folder: Path) -> dict[str, int]:
    from whoosh import index

    ix = index.open_dir(str(folder / ".indeks"))
    try:
        return {s.segment_id(): s.doc_count_all() for s in ix._segments()}
    finally:
        ix.close()


def test_komit_menggabung_per_tingkat_ukuran(tmp_path: Path):
    # three steps of 64 documents (one size tier), then one-document commits: the small ones
    # are merged among themselves, the steps' segments are not read back and rewritten
    mesin = MesinCariWhoosh(tmp_path)
    n = 0
    for _ in range(3):
        with mesin.tulis() as penulis:
            for _ in range(64):
                penulis.tambah(dokumen_uji(n))
                n += 1
    langkah = set(_segmen(tmp_path))
    assert len(langkah) == 3
    for _ in range(12):
        with mesin.tulis() as penulis:
            penulis.tambah(dokumen_uji(n))
            n += 1
        sekarang = _segmen(tmp_path)
        assert langkah <= set(sekarang)
        assert sum(1 for i in sekarang if i not in langkah) <= 4  # the one-document ones
    assert _jumlah(mesin) == n
    # once a fourth step's segment joins that tier, the next commit merges the tier (and the
    # smaller ones) into its own segment
    with mesin.tulis() as penulis:
        for _ in range(64):
            penulis.tambah(dokumen_uji(n))
            n += 1
    assert langkah <= set(_segmen(tmp_path))
    with mesin.tulis() as penulis:
        penulis.tambah(dokumen_uji(n))
        n += 1
    sekarang = _segmen(tmp_path)
    assert not langkah & set(sekarang)
    assert len(sekarang) == 1 and sum(sekarang.values()) == n
    assert _jumlah(mesin) == n
