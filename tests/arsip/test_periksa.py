"""``naskah arsip periksa``: a flipped byte, a deleted file, an extra file, a catalog row
without its folder, a stray folder and a broken signature are each reported; it never writes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from naskah.arsip import Arsip
from tests.arsip.conftest import Kantor
from tests.conftest import run_naskah


def _potret(akar: Path) -> dict[str, tuple[int, int, bytes]]:
    """Return every path under the archive with its mode, mtime and content (files)."""
    hasil = {}
    for p in sorted(akar.rglob("*")):
        st = p.lstat()
        isi = p.read_bytes() if p.is_file() and not p.name.startswith("register.sqlite") else b""
        hasil[str(p.relative_to(akar))] = (st.st_mode, st.st_mtime_ns, isi)
    return hasil


def _isi_arsip(kantor: Kantor) -> tuple[str, str]:
    e1 = kantor.simpan(kantor.model(), pdf=kantor.pdf("a.pdf"), ttd=kantor.ttd("a-ttd.pdf")).entri[
        0
    ]
    e2 = kantor.simpan(kantor.model("surat-tugas-narasumber.yaml"), pdf=kantor.pdf("b.pdf")).entri[
        0
    ]
    return e1.lokasi, e2.lokasi


def test_arsip_utuh_bersih(kantor: Kantor) -> None:
    _isi_arsip(kantor)
    lap = kantor.arsip.periksa()
    assert lap.bersih, lap.temuan
    assert lap.entri == 2 and lap.tanda_tangan == 1
    assert lap.berkas == 4 + 1 + 3 + 1  # yaml, pdf, ttd, teks + metadata; yaml, pdf, teks + md


def test_satu_bit_berubah_terdeteksi(kantor: Kantor) -> None:
    lokasi, _ = _isi_arsip(kantor)
    p = kantor.konfigurasi.folder_arsip / lokasi / "naskah.pdf"
    data = bytearray(p.read_bytes())
    data[len(data) // 2] ^= 0x01
    p.write_bytes(bytes(data))
    (t,) = kantor.arsip.periksa().temuan
    assert (t.jenis, t.lokasi, t.berkas) == ("berubah", lokasi, "naskah.pdf")


def test_pdf_bertanda_tangan_berubah_terdeteksi_dua_kali(kantor: Kantor) -> None:
    lokasi, _ = _isi_arsip(kantor)
    p = kantor.konfigurasi.folder_arsip / lokasi / "naskah-ttd.pdf"
    data = bytearray(p.read_bytes())
    i = data.index(b"halaman 1")
    data[i] = ord("H")
    p.write_bytes(bytes(data))
    jenis = sorted(t.jenis for t in kantor.arsip.periksa().temuan)
    assert jenis == ["berubah", "tanda_tangan"]


def test_berkas_dihapus_terdeteksi(kantor: Kantor) -> None:
    _, lokasi = _isi_arsip(kantor)
    (kantor.konfigurasi.folder_arsip / lokasi / "naskah.yaml").unlink()
    (t,) = kantor.arsip.periksa().temuan
    assert (t.jenis, t.lokasi, t.berkas) == ("hilang", lokasi, "naskah.yaml")


def test_berkas_tambahan_terdeteksi(kantor: Kantor) -> None:
    lokasi, _ = _isi_arsip(kantor)
    akar = kantor.konfigurasi.folder_arsip
    (akar / lokasi / "salinan.pdf").write_bytes(b"%PDF-1.4 sisipan")
    (akar / "2024" / "catatan.txt").write_text("bukan arsip")
    (akar / "2023" / "keputusan" / "x" / "v1").mkdir(parents=True)
    temuan = {(t.jenis, t.lokasi, t.berkas) for t in kantor.arsip.periksa().temuan}
    assert temuan == {
        ("tak_terduga", lokasi, "salinan.pdf"),
        ("tak_terduga", "2024/catatan.txt", None),
        ("tak_terduga", "2023", None),
    }


def test_entri_katalog_tanpa_folder_terdeteksi(kantor: Kantor) -> None:
    lokasi, _ = _isi_arsip(kantor)
    shutil.rmtree(kantor.konfigurasi.folder_arsip / lokasi)
    (t,) = kantor.arsip.periksa().temuan
    assert (t.jenis, t.lokasi) == ("tanpa_folder", lokasi)


def test_periksa_tidak_menulis_apa_pun(kantor: Kantor) -> None:
    lokasi, _ = _isi_arsip(kantor)
    akar = kantor.konfigurasi.folder_arsip
    (akar / lokasi / "naskah.yaml").unlink()
    (akar / lokasi / "lain.txt").write_text("x")
    sebelum = _potret(akar)
    for _ in range(2):
        with Arsip(kantor.konfigurasi) as a:
            assert not a.periksa().bersih
    assert _potret(akar) == sebelum


def test_cli_periksa_json_dan_kode_keluar(kantor: Kantor) -> None:
    lokasi, _ = _isi_arsip(kantor)
    folder = kantor.konfigurasi.folder
    env = {"NASKAH_PENGGUNA": "penguji"}
    if kantor.konfigurasi.basis_data.url:
        env["NASKAH_DATABASE_URL"] = kantor.konfigurasi.basis_data.url
    r = run_naskah("arsip", "periksa", cwd=folder, **env)
    assert r.returncode == 0, r.stderr
    assert "Arsip utuh." in r.stdout
    os.remove(kantor.konfigurasi.folder_arsip / lokasi / "teks.txt")
    r = run_naskah("arsip", "periksa", "--json", cwd=folder, **env)
    assert r.returncode == 1
    d = json.loads(r.stdout)
    assert not d["bersih"] and [t["jenis"] for t in d["temuan"]] == ["hilang"]
    r = run_naskah("arsip", "periksa", cwd=folder, **env)
    assert r.returncode == 1 and "[hilang]" in r.stdout and "Traceback" not in r.stderr
