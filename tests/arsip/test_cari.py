"""The search hookup: archiving indexes, both seed decrees are found by a phrase, by their
number and by their signer, and ``naskah arsip indeks-ulang`` rebuilds the index from the
archive alone (real Whoosh index, real register)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from naskah.arsip import Arsip, NaskahTerbit, OpsiArsip
from naskah.cari import Kueri, cari
from naskah.loader import muat_dokumen
from tests.arsip.conftest import EXAMPLES, Kantor
from tests.conftest import run_naskah

SEED = {
    "keputusan-bpmp-kaltim-2024.yaml": "0512/C7.24/HK.03.01/2024",
    "keputusan-bpmp-kalteng-2025.yaml": "0274/C7.22/OT.02.02/2025",
}


@pytest.fixture
def arsip_seed(kantor_sqlite: Kantor) -> Kantor:
    """Both seed decrees registered with their own numbers, signed and archived (indexed)."""
    k = kantor_sqlite
    agenda = k.masukan / "buku-agenda.csv"
    agenda.write_text(
        "nomor,tanggal,perihal,jenis\n"
        "0512/C7.24/HK.03.01/2024,2024-05-21,Standar Pelayanan ULT,Keputusan\n"
        "0274/C7.22/OT.02.02/2025,2025-03-06,Standar Pelayanan Publik,Keputusan\n",
        encoding="utf-8",
    )
    k.register.impor("naskah", agenda)
    with Arsip(k.konfigurasi, opsi=OpsiArsip(indeks=True)) as a:
        for nama in SEED:
            model = muat_dokumen(EXAMPLES / nama, k.konfigurasi)
            ttd = k.ttd(
                nama.replace(".yaml", ".pdf"),
                model.tentang[:90],
                penandatangan=model.penandatangan.nama_lengkap,
            )
            hasil = a.simpan(NaskahTerbit(model, ttd=ttd))
            assert hasil.peringatan == ()
    return k


def _nomor(k: Kantor, **kw: object) -> list[str]:
    hasil = cari(k.konfigurasi, Kueri(**kw))  # type: ignore[arg-type]
    return [h.nomor for h in hasil.hasil]


def test_seed_ditemukan_dengan_frasa_nomor_dan_penandatangan(arsip_seed: Kantor) -> None:
    k = arsip_seed
    kaltim, kalteng = SEED.values()
    assert _nomor(k, teks="Unit Layanan Terpadu BPMP Provinsi Kalimantan Timur")[0] == kaltim
    assert _nomor(k, teks="standar pelayanan publik kalimantan tengah")[0] == kalteng
    assert _nomor(k, teks=kaltim)[0] == kaltim
    assert _nomor(k, teks=kalteng)[0] == kalteng
    assert _nomor(k, penandatangan="Jarwoko") == [kaltim]
    assert _nomor(k, penandatangan="Tomy Haridjaya") == [kalteng]


def test_cli_cari_setelah_arsip(arsip_seed: Kantor) -> None:
    r = run_naskah("cari", "Tomy Haridjaya", "--json", cwd=arsip_seed.konfigurasi.folder)
    assert r.returncode == 0, r.stderr
    hasil = json.loads(r.stdout)
    daftar = hasil["hasil"] if isinstance(hasil, dict) else hasil
    assert daftar[0]["nomor"] == SEED["keputusan-bpmp-kalteng-2025.yaml"]
    assert daftar[0]["lokasi"].endswith("archive/2025/keputusan/0274-C7.22-OT.02.02-2025/v1")


def test_indeks_ulang_dari_arsip(arsip_seed: Kantor) -> None:
    k = arsip_seed
    shutil.rmtree(k.konfigurasi.folder_arsip / ".indeks")
    folder = k.konfigurasi.folder
    r = run_naskah("arsip", "indeks-ulang", "--jika-perlu", cwd=folder)
    assert r.returncode == 0, r.stderr
    assert "2 naskah" in r.stdout
    r = run_naskah("arsip", "indeks-ulang", "--jika-perlu", cwd=folder)
    assert r.returncode == 0 and "masih baik" in r.stdout
    assert _nomor(k, penandatangan="Jarwoko") == [SEED["keputusan-bpmp-kaltim-2024.yaml"]]


def test_versi_lama_tidak_terkini_di_indeks(arsip_seed: Kantor) -> None:
    k = arsip_seed
    model = muat_dokumen(EXAMPLES / "keputusan-bpmp-kaltim-2024.yaml", k.konfigurasi)
    with Arsip(k.konfigurasi, opsi=OpsiArsip(indeks=True)) as a:
        ttd = k.ttd("kaltim-v2.pdf", "Koreksi " + model.tentang[:80])
        a.simpan(NaskahTerbit(model, ttd=ttd, koreksi="salah ketik"))
        versi = {d.versi: d.terkini for d in a.dokumen_indeks() if d.nomor == model.nomor.teks}
    assert versi == {1: False, 2: True}


def test_gagal_mengindeks_tidak_membatalkan_arsip(kantor_sqlite: Kantor) -> None:
    k = kantor_sqlite
    (k.konfigurasi.folder_arsip / ".indeks").mkdir(parents=True)
    (k.konfigurasi.folder_arsip / ".indeks" / "rusak").write_bytes(b"bukan indeks")
    (k.konfigurasi.folder_arsip / ".indeks" / "versi.json").write_text("{rusak")
    with Arsip(k.konfigurasi, opsi=OpsiArsip(indeks=True)) as a:
        hasil = a.simpan(NaskahTerbit(k.model(), pdf=k.pdf("a.pdf")))
        assert hasil.baru and len(hasil.entri) == 1
        (p,) = hasil.peringatan
        assert "indeks-ulang" in p
        assert a.periksa().bersih


def test_tanpa_folder_indeks_dihitung_sebagai_bukan_arsip(arsip_seed: Kantor) -> None:
    # the index lives inside the archive folder but is not an archive entry
    assert Path(arsip_seed.konfigurasi.folder_arsip / ".indeks").is_dir()
    assert Arsip(arsip_seed.konfigurasi).periksa().bersih
