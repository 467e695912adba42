"""Damage the archive and the register the way an attack round did, then run the CLI as staff do.

An unreadable entry does not stop ``naskah arsip indeks-ulang``; a ``.indeks`` that is a file is
explained; a register with a flipped page is called damaged (``arsip periksa``, ``nomor ambil``)
and never crashes ``tte verifikasi``.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from naskah.arsip import NaskahTerbit, OpsiArsip
from tests.arsip.conftest import Kantor
from tests.conftest import run_naskah

_GALAT_TAK_TERDUGA = "Galat tak terduga"


def _arsipkan(kantor: Kantor, jumlah: int, ttd: bool = False) -> list[str]:
    """Archive ``jumlah`` numbered documents; return their folders."""
    lokasi = []
    for i in range(jumlah):
        model = kantor.model()
        berkas = {"ttd": kantor.ttd(f"k{i}.pdf")} if ttd else {"pdf": kantor.pdf(f"k{i}.pdf")}
        hasil = kantor.arsip.simpan(NaskahTerbit(model, **berkas))  # type: ignore[arg-type]
        lokasi.append(hasil.entri[0].lokasi)
    return lokasi


def _cli(kantor: Kantor, *args: str):  # type: ignore[no-untyped-def]
    return run_naskah(*args, cwd=kantor.konfigurasi.folder)


def _satu_kalimat(stderr: str) -> None:
    assert _GALAT_TAK_TERDUGA not in stderr and "Traceback" not in stderr, stderr


def test_indeks_ulang_melewati_entri_tak_terbaca(kantor_sqlite: Kantor) -> None:
    kantor = kantor_sqlite
    lokasi = _arsipkan(kantor, 3)
    akar = kantor.konfigurasi.folder_arsip
    (akar / lokasi[0] / "metadata.json").unlink()
    shutil.rmtree(akar / lokasi[1])  # the whole version folder gone
    r = _cli(kantor, "arsip", "indeks-ulang")
    assert r.returncode == 0, r.stderr
    _satu_kalimat(r.stderr)
    assert "dibangun ulang: 1 naskah" in r.stdout
    assert "2 entri arsip tidak dapat dibaca" in r.stderr
    assert lokasi[0] in r.stderr and lokasi[1] in r.stderr
    # the readable entry is searchable
    nomor = json.loads((akar / lokasi[2] / "metadata.json").read_text())["isi"]["nomor"]
    r = _cli(kantor, "cari", nomor, "--json")
    assert r.returncode == 0, r.stderr
    assert nomor in r.stdout


def test_indeks_berupa_berkas_dijelaskan(kantor_sqlite: Kantor) -> None:
    kantor = kantor_sqlite
    _arsipkan(kantor, 1)
    akar = kantor.konfigurasi.folder_arsip
    (akar / ".indeks").write_text("bukan folder", encoding="utf-8")
    for _ in range(2):  # and again: the same sentence, nothing left behind
        r = _cli(kantor, "arsip", "indeks-ulang")
        assert r.returncode == 1
        _satu_kalimat(r.stderr)
        assert "adalah berkas, bukan folder indeks pencarian" in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert not (akar / ".indeks.lama").exists()
        assert (akar / ".indeks").read_text(encoding="utf-8") == "bukan folder"
    (akar / ".indeks").unlink()
    r = _cli(kantor, "arsip", "indeks-ulang")
    assert r.returncode == 0, r.stderr


def _balik_halaman_nomor(db: Path) -> None:
    """Set the cell count of a leaf page of ``nomor`` to 0: its rows vanish from every read
    without an SQLite error (the page still parses), as a flipped page on disk does."""
    c = sqlite3.connect(db)
    try:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        akar = c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'nomor'").fetchone()[0]
        ukuran = c.execute("PRAGMA page_size").fetchone()[0]
    finally:
        c.close()
    data = bytearray(db.read_bytes())
    awal = (akar - 1) * ukuran
    assert data[awal] == 0x0D, "nomor's root page is a table leaf (few rows)"
    data[awal + 3 : awal + 5] = b"\x00\x00"
    db.write_bytes(bytes(data))


def test_register_rusak_disebut_rusak(kantor_sqlite: Kantor) -> None:
    kantor = kantor_sqlite
    _arsipkan(kantor, 2, ttd=True)
    ttd = kantor.masukan / "k0.pdf"
    kantor.arsip.tutup()
    kantor.register.tutup()
    db = kantor.konfigurasi.folder_arsip / "register.sqlite"
    _balik_halaman_nomor(db)

    r = _cli(kantor, "tte", "verifikasi", str(ttd))
    _satu_kalimat(r.stderr + r.stdout)
    assert "register mungkin rusak" in r.stdout + r.stderr

    r = _cli(kantor, "arsip", "periksa")
    assert r.returncode == 1
    _satu_kalimat(r.stderr)
    assert "rusak" in r.stderr and "bukan basis data register yang sah" not in r.stderr

    sebelum = db.read_bytes()
    r = _cli(
        kantor, "nomor", "ambil", "--seri", "naskah", "--klasifikasi", "HK.03.01",
        "--tanggal", "2024-12-31", "--perihal", "Sesudah rusak",
    )  # fmt: skip
    assert r.returncode == 1
    _satu_kalimat(r.stderr)
    assert "rusak" in r.stderr and "cadangan" in r.stderr
    assert db.read_bytes() == sebelum  # nothing written on top of the damage


def test_arsip_tanpa_indeks_tetap_bisa_diperiksa(kantor_sqlite: Kantor) -> None:
    # the facade keeps its options: an archive opened without indexing writes no index
    kantor = kantor_sqlite
    a = kantor.buka_arsip()
    assert a.opsi == OpsiArsip(indeks=False)
    _arsipkan(kantor, 1)
    assert not (kantor.konfigurasi.folder_arsip / ".indeks").exists()
    assert a.periksa().bersih
    a.tutup()
