"""The services read from the standards: checklist, deadlines, lead time, flowchart steps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from naskah.config import muat_konfigurasi
from naskah.errors import UltError
from naskah.ult.layanan import muat_katalog, periksa_layanan

from .conftest import KALTENG, KALTIM


def test_layanan_kaltim_dan_kalteng(kantor: Path):
    k = muat_konfigurasi(kantor / "naskah.toml")
    kat = muat_katalog(k)
    ks = kat.pilih("kerjasama", date(2025, 6, 2))
    assert (ks.hari_kerja, ks.hari_kerja_jawaban, ks.jeda_kegiatan) == (5, 3, None)
    assert ks.tahap.disposisi == "B" and ks.tahap.keputusan == "C" and ks.tahap.ya == "D"
    assert len(ks.produk) == 4 and "APBN/APBD" in ks.biaya
    kalteng = kat.pilih("kerja-sama", date(2025, 6, 2))
    assert (kalteng.hari_kerja, kalteng.hari_kerja_jawaban,
            kalteng.hari_kerja_pemberitahuan, kalteng.jeda_kegiatan) == (5, 3, 3, 7)  # fmt: skip
    assert [s.otomatis for s in kalteng.syarat] == [False] * 4 + [True]
    fas = kat.pilih("fasilitas", date(2025, 6, 2))
    assert len(fas.syarat) == 1 and len(fas.syarat[0].pilihan) == 2  # organisation or person
    # narasumber: Kaltim's from 21 May 2024, replaced by Kalteng's from 6 March 2025
    assert kat.pilih("narasumber", date(2025, 1, 10)).standar == "0512/C7.24/HK.03.01/2024"
    assert kat.pilih("narasumber", date(2025, 3, 6)).standar == "0274/C7.22/OT.02.02/2025"
    assert periksa_layanan(k) == []


def test_jangka_tak_terbaca_dilaporkan_lalu_ditulis_di_naskah_toml(kantor: Path, tmp_path: Path):
    data = yaml.safe_load(KALTIM.read_text(encoding="utf-8"))
    jw = data["lampiran"][0]["standar_pelayanan"]["penyampaian"]["jangka_waktu"]
    jw.pop("hari_kerja")
    jw["uraian"] = "5 (tiga) hari kerja sejak surat permohonan kerjasama diterima"
    berkas = tmp_path / "sp.yaml"
    berkas.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    toml = kantor / "naskah.toml"
    toml.write_text(toml.read_text().replace(f'"{KALTIM}", "{KALTENG}"', f'"{berkas}"')
                    .replace("hari_kerja_jawaban = 3\n", ""), encoding="utf-8")  # fmt: skip
    k = muat_konfigurasi(toml)
    masalah = periksa_layanan(k)
    assert any("kerjasama" in m and "tidak sama" in m for m in masalah)
    assert any("[ult.layanan.kerjasama]" in m for m in masalah)
    lay = muat_katalog(k).pilih("kerjasama", date(2025, 6, 2))
    assert not lay.siap
    from naskah.ult import permohonan as pm
    from naskah.ult.meja import Meja

    with Meja(k) as meja, pytest.raises(UltError, match=r"tulis hari_kerja di \[ult.layanan"):
        pm.terima(meja, pm.PermohonanBaru(layanan="kerjasama", instansi="X",
                                          telepon="081122334455", semua_syarat=True))  # fmt: skip
    toml.write_text(
        toml.read_text().replace(
            "[ult.layanan.kerjasama]\n", "[ult.layanan.kerjasama]\nhari_kerja = 5\n"
        )
    )
    k = muat_konfigurasi(toml)
    assert muat_katalog(k).pilih("kerjasama", date(2025, 6, 2)).hari_kerja == 5
    assert not [m for m in periksa_layanan(k) if "[ult.layanan.kerjasama]" in m]
