"""The examples: both seed decrees and the other kinds load, lint clean and round-trip."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from naskah.config import muat_konfigurasi
from naskah.loader import ke_yaml, muat_dokumen
from naskah.models import Keputusan
from naskah.periksa import periksa_berkas
from tests.conftest import EXAMPLES

CONTOH = sorted(EXAMPLES.glob("*.yaml"))


def test_semua_jenis_ada_contohnya():
    jenis = {muat_dokumen(p).jenis for p in CONTOH}
    assert jenis == {"keputusan", "sk_kerja_sama", "surat_tugas", "sertifikat", "standar_pelayanan"}
    nama = {p.name for p in CONTOH}
    assert {"keputusan-bpmp-kaltim-2024.yaml", "keputusan-bpmp-kalteng-2025.yaml"} <= nama


@pytest.mark.parametrize("path", CONTOH, ids=lambda p: p.name)
def test_contoh_bersih_menurut_linter(path: Path, kantor):
    konfigurasi = muat_konfigurasi(kantor / "naskah.toml")
    temuan = periksa_berkas(path, konfigurasi, hari_ini=date(2026, 1, 1))
    assert temuan == []


@pytest.mark.parametrize("path", CONTOH, ids=lambda p: p.name)
def test_contoh_bolak_balik_tanpa_kehilangan(path: Path, tmp_path):
    dok = muat_dokumen(path)
    teks = ke_yaml(dok)
    salinan = tmp_path / path.name
    salinan.write_text(teks, encoding="utf-8")
    balik = muat_dokumen(salinan)
    assert balik == dok
    assert ke_yaml(balik) == teks


def test_seed_kaltim_lengkap():
    k = muat_dokumen(EXAMPLES / "keputusan-bpmp-kaltim-2024.yaml")
    assert isinstance(k, Keputusan)
    assert k.nomor.teks == "0512/C7.24/HK.03.01/2024" and k.tanggal == date(2024, 5, 21)
    assert [lbl for lbl, _ in k.lampiran_berlabel()] == ["I", "II", "III"]
    assert len(k.mengingat) == 10 and len(k.menimbang) == 3
    for _, lp in k.lampiran_berlabel():
        sp = lp.standar_pelayanan
        assert sp is not None and sp.penyampaian.prosedur.alur is not None
        assert len(sp.pengelolaan.dasar_hukum.semua_teks()) == 8
    teks_alur = [s.teks for s in k.lampiran[1].standar_pelayanan.penyampaian.prosedur.alur.langkah]
    assert teks_alur[0] == "Pengajuan Surat Resmi kepada Kepala BPMP Provinsi Kalimantan Timur"
    assert len(teks_alur) == 6


def test_seed_kalteng_lampiran_ketiga():
    k = muat_dokumen(EXAMPLES / "keputusan-bpmp-kalteng-2025.yaml")
    assert k.nomor.teks == "0274/C7.22/OT.02.02/2025"
    label, lp = k.lampiran_berlabel()[2]
    assert label == "III"
    sp = lp.standar_pelayanan
    assert sp.penyampaian.jangka_waktu.hari_kerja == 5
    assert sp.penyampaian.jangka_waktu.hari_kerja_jawaban == 3
    assert len(sp.pengelolaan.dasar_hukum.semua_teks()) == 10
    langkah = [s for s in sp.penyampaian.prosedur.alur.langkah]
    assert any(s.bentuk == "keputusan" and s.teks == "Permohonan Disetujui?" for s in langkah)
