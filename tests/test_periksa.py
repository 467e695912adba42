"""The linter: the Kaltim seed's mistakes, one finding each, and the other rules."""

from __future__ import annotations

from collections import Counter
from datetime import date

import yaml

from naskah.config import muat_konfigurasi
from naskah.loader import muat_dokumen
from naskah.periksa import periksa_berkas, periksa_dokumen
from tests.conftest import DATA

KESALAHAN_KALTIM = Counter({
    "diktum-label-diketik": 1,
    "diktum-pertama": 1,
    "diktum-ganda": 1,
    "rujukan-diktum-diketik": 1,
    "rujukan-lampiran-diketik": 2,  # "lampiran satu" and "Lampiran Dua"
    "pejabat-nama-berbeda": 1,
    "nip-format": 1,
    "kop-nama-kementerian": 1,
    "judul-tanpa-koma": 1,
    "menimbang-titik-koma": 1,
    "menimbang-rujukan-huruf": 1,
    "kop-tanpa-logo": 1,  # the transcribed kop names no logo file
})  # fmt: skip


def test_kesalahan_seed_kaltim_satu_temuan_masing_masing(kantor):
    konfigurasi = muat_konfigurasi(kantor / "naskah.toml")
    temuan = periksa_berkas(DATA / "keputusan-kaltim-kesalahan.yaml", konfigurasi,
                            hari_ini=date(2024, 6, 1))  # fmt: skip
    assert Counter(t.kode for t in temuan) == KESALAHAN_KALTIM
    lokasi = {t.kode: t.lokasi for t in temuan}
    assert lokasi["diktum-pertama"] == "diktum[1]"
    assert lokasi["diktum-ganda"] == "diktum[4]"
    assert lokasi["menimbang-titik-koma"] == "menimbang[3]"
    assert all(t.pesan.rstrip().endswith((".", ")")) for t in temuan), [t.pesan for t in temuan]


def test_temuan_cli_kode_keluar_dan_json(naskah_cli, kantor):
    import json

    hasil = naskah_cli("--config", kantor / "naskah.toml", "periksa", "--json",
                       DATA / "keputusan-kaltim-kesalahan.yaml")  # fmt: skip
    assert hasil.returncode == 1
    data = json.loads(hasil.stdout)
    assert Counter(t["kode"] for t in data) == KESALAHAN_KALTIM
    assert {"kode", "tingkat", "lokasi", "pesan", "berkas"} <= set(data[0])
    assert "Traceback" not in hasil.stderr


def _keputusan(tmp_path, **ubah):
    data = yaml.safe_load((DATA / "keputusan-kaltim-kesalahan.yaml").read_text())
    data.update(ubah)
    p = tmp_path / "k.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True))
    return p


def test_tahun_nomor_harus_sama_dengan_tahun_tanggal(tmp_path):
    dok = muat_dokumen(_keputusan(tmp_path, tanggal="2025-01-02"))
    kode = {t.kode for t in periksa_dokumen(dok, hari_ini=date(2025, 2, 1))}
    assert "nomor-tahun" in kode


def test_tanggal_masa_depan_hanya_peringatan(tmp_path):
    dok = muat_dokumen(_keputusan(tmp_path))
    temuan = [
        t for t in periksa_dokumen(dok, hari_ini=date(2024, 5, 1)) if t.kode == "tanggal-masa-depan"
    ]
    assert [t.tingkat for t in temuan] == ["peringatan"]
    assert not [
        t
        for t in periksa_dokumen(dok, hari_ini=date(2024, 5, 21))
        if t.kode == "tanggal-masa-depan"
    ]


def test_nomor_tidak_sesuai_seri(tmp_path, kantor):
    konfigurasi = muat_konfigurasi(kantor / "naskah.toml")
    dok = muat_dokumen(_keputusan(tmp_path, nomor="512/C7.22/HK.03.01/2024"))
    kode = {t.kode for t in periksa_dokumen(dok, konfigurasi, hari_ini=date(2024, 6, 1))}
    assert {"nomor-lebar", "nomor-unit"} <= kode


def test_provinsi_terpotong_seperti_seed_kalteng(tmp_path):
    dok = muat_dokumen(
        _keputusan(
            tmp_path,
            menimbang=["bahwa Koordinator ULT BPMP Provinsi Kalimantan mengawasi layanan;"],
        )
    )
    temuan = [
        t for t in periksa_dokumen(dok, hari_ini=date(2024, 6, 1)) if t.kode == "nama-provinsi"
    ]
    assert len(temuan) == 1 and "Provinsi Kalimantan" in temuan[0].pesan
    assert temuan[0].lokasi == "menimbang[1]"


def test_kop_tidak_ada_tanpa_konfigurasi(tmp_path):
    p = _keputusan(tmp_path)
    data = yaml.safe_load(p.read_text())
    del data["instansi"]
    p.write_text(yaml.safe_dump(data, allow_unicode=True))
    kode = {t.kode for t in periksa_dokumen(muat_dokumen(p), hari_ini=date(2024, 6, 1))}
    assert "kop-tidak-ada" in kode


def test_berkas_rusak_menjadi_temuan(tmp_path):
    p = tmp_path / "rusak.yaml"
    p.write_text("jenis: keputusan\nmenimbang: [a\n")
    temuan = periksa_berkas(p)
    assert [t.kode for t in temuan] == ["berkas-tidak-sah"]


def test_hari_ini_menurut_zona_kantor(tmp_path, kantor, monkeypatch):
    """At 17:00 UTC a WITA office is already on the next day: a draft dated that day is not
    'in the future', whatever the computer's own zone."""
    from datetime import UTC, datetime

    from naskah import jam

    konfigurasi = muat_konfigurasi(kantor / "naskah.toml")
    assert konfigurasi.zona_kantor == "WITA"
    monkeypatch.setattr(jam, "sistem", lambda: datetime(2024, 5, 20, 17, 0, tzinfo=UTC))
    monkeypatch.setattr(jam, "zona_komputer", lambda: UTC)
    dok = muat_dokumen(_keputusan(tmp_path, tanggal="2024-05-21"))
    assert "tanggal-masa-depan" not in {t.kode for t in periksa_dokumen(dok, konfigurasi)}
    assert "tanggal-masa-depan" in {t.kode for t in periksa_dokumen(dok)}
