"""The quick reading of naskah.toml gives what pydantic gives, or leaves the file to pydantic."""

from __future__ import annotations

import hashlib
import math
import tomllib
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from naskah import config
from naskah import config_cepat as cc
from naskah.config_cepat import (
    DIJAWAB,
    SPESIFIKASI,
    Bagian,
    KonfigurasiCepat,
    baca_cepat,
    muat_cepat,
)
from naskah.errors import ConfigError
from naskah.models.common import Instansi, Pejabat

LENGKAP = """
[instansi]
kementerian = "KEMENTERIAN PENDIDIKAN DASAR DAN MENENGAH"
unit = " BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TIMUR "
alamat = "Jalan Cipto Mangunkusumo Km. 2, Samarinda Seberang"
kota = "Samarinda"
telepon = ["(0541) 260304"]
tanpa = ["faksimile"]

[pejabat.kepala]
nama = " Jarwoko "
gelar_depan = "Dr."
nip = "19700319 199703 1 001"
jabatan = "Kepala"

[pejabat.pppk]
nama = "Sari"
nip = { nomor = "19900101 202221 2 003", jenis = "PPPK" }

[seri.naskah]
unit = "C7.24"
klasifikasi = ["HK.03.01"]

[seri.sertifikat]
pola = "{urut}/Sertifikat/{unit}/{tahun}"
unit = "BPMPKALTIM"
sisipan = "titik"
lebar = 5

[klasifikasi]
"HK.03.01" = "Keputusan"

[arsip]
lokasi = "arsip-kantor"

[basis_data]
batas_tunggu = 12

[render]
kertas = "F4"

[tte]
zona_waktu = "Asia/Makassar"
akar_tepercaya = ["akar.pem"]
lebar_kotak = 150
bsre = { url = "https://esc.kantor.go.id", versi = 1 }

[cari]
mesin = "whoosh"
batas_tunggu = 4.5
padanan = { bimtek = "bimbingan teknis", ktr = ["kantor", "kator"] }

[sertifikat]
warna_utama = "#1F3A68"
kolom = { nama = "Nama Guru", nip = ["NIP", "Nomor Induk"] }

[layanan]
port = 8080
tembolok_detik = 0

[surel]
port = 587
pengguna = "ult"

[ult]
standar = ["keputusan.yaml"]
penutupan = { "2025-12-24" = "Libur kantor" }
hari_kerja_tambahan = [2025-12-27, "2025-12-28"]
jam_buka = 08:00:00
jam_tutup = [16:00:00, 16:00:00, 16:00:00, 16:00:00, 11:30:00]
hari_kerja_pengaduan = 4
lampiran_maks_mb = 20

[ult.layanan.kerjasama]
hari_kerja_jawaban = 3
unit = "Subbag Umum"

[ult.fasilitas.aula]
nama = "Aula Utama"
kapasitas = 200
tarif_hari = 1500000
"""


def _model(m: BaseModel) -> Any:
    return m.model_dump()


def _cepat(b: Any) -> Any:
    if isinstance(b, Bagian):
        return {k: _cepat(v) for k, v in vars(b).items()}
    if isinstance(b, dict):
        return {k: _cepat(v) for k, v in b.items()}
    if isinstance(b, list):
        return [_cepat(v) for v in b]
    return b


def _sama(cepat: KonfigurasiCepat, penuh: config.Konfigurasi) -> None:
    for nama in DIJAWAB:
        assert _cepat(getattr(cepat, nama)) == _model(getattr(penuh, nama)), nama
    assert cepat.zona == penuh.zona and cepat.zona_kantor == penuh.zona_kantor
    assert cepat.provinsi_kantor == penuh.provinsi_kantor
    assert cepat.folder_arsip == penuh.folder_arsip
    assert cepat.url_basis_data == penuh.url_basis_data
    assert cepat.folder == penuh.folder


def _tulis(tmp_path: Path, teks: str) -> Path:
    berkas = tmp_path / "naskah.toml"
    berkas.write_text(teks, encoding="utf-8")
    return berkas


def test_berkas_lengkap_dibaca_tanpa_pydantic_dan_sama(tmp_path: Path):
    berkas = _tulis(tmp_path, LENGKAP)
    cepat = muat_cepat(berkas)
    assert isinstance(cepat, KonfigurasiCepat)
    penuh = config.muat_konfigurasi(berkas)
    _sama(cepat, penuh)
    assert cepat.zona_kantor == "WITA"
    # anything else comes from the pydantic settings of the same file, validated on first use
    assert cepat.seri == penuh.seri and cepat.pejabat == penuh.pejabat
    assert cepat.tte.bsre is not None and cepat.tte.bsre.versi == 1
    assert cepat.ambil_seri("sertifikat").lebar == 5


def test_tanpa_berkas_bawaan_atau_galat_yang_sama(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    cepat = muat_cepat()
    assert isinstance(cepat, KonfigurasiCepat)
    _sama(cepat, config.muat_konfigurasi())
    with pytest.raises(ConfigError) as a:
        muat_cepat(wajib=True)
    with pytest.raises(ConfigError) as b:
        config.muat_konfigurasi(wajib=True)
    assert str(a.value) == str(b.value)


def test_medan_yang_diserahkan_dibaca_pydantic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    aturan = dict(cc.ULT_FASILITAS.medan)  # type: ignore[attr-defined]
    monkeypatch.setitem(cc.ULT_FASILITAS.medan, "jenis", (cc.serahkan, "ruang"))  # type: ignore[attr-defined]
    assert aturan["jenis"][0] is not cc.serahkan
    # a file that leaves the field alone is still read quickly; one that sets it, by pydantic
    assert isinstance(muat_cepat(_tulis(tmp_path, LENGKAP)), KonfigurasiCepat)
    jenis = LENGKAP.replace('nama = "Aula Utama"', 'nama = "Aula Utama"\njenis = "aula"')
    penuh = muat_cepat(_tulis(tmp_path, jenis))
    assert isinstance(penuh, config.Konfigurasi) and penuh.ult.fasilitas["aula"].jenis == "aula"


def test_env_basis_data_menang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NASKAH_DATABASE_URL", "postgresql://u@h/d")
    cepat = muat_cepat(_tulis(tmp_path, LENGKAP))
    assert cepat.url_basis_data == "postgresql://u@h/d"


# values put in place of every field of LENGKAP (or added to its section), one at a time
GANTI: list[Any] = [
    0,
    -1,
    1,
    2,
    3,
    16,
    100,
    101,
    65535,
    65536,
    1.5,
    0.0,
    -0.5,
    math.inf,
    math.nan,
    True,
    False,
    "",
    " ",
    "x",
    "WITA",
    "Asia/Jakarta",
    "Kalimantan Tengah",
    "#FFFFFF",
    "#FFFFFF\n",
    "A4",
    "postgresql",
    "tolak",
    "2025-01-02",
    "2025-1-2",
    "2025-02-30",
    "07:30",
    "https://a",
    "1234567890123456",
    "19700319 199703 1 001",
    "19700319199703100",
    [],
    ["x"],
    [1],
    [time(8, 0)] * 5,
    [time(8, 0)] * 4,
    {},
    {"a": "b"},
    {"nomor": "x"},
    date(2025, 1, 2),
    time(8, 0),
]


def _varian() -> list[tuple[str, dict[str, Any]]]:
    dasar = tomllib.loads(LENGKAP)
    out = []
    for bagian, isi in dasar.items():
        aturan = {"pejabat": cc.PEJABAT, "seri": cc.SERI}.get(bagian, SPESIFIKASI[bagian][0])
        for k in getattr(aturan, "medan", isi):
            for nilai in GANTI:
                data = tomllib.loads(LENGKAP)
                data[bagian][k] = nilai
                out.append((f"{bagian}.{k}={nilai!r}", data))
    for nilai in GANTI:  # a nested table's field
        data = tomllib.loads(LENGKAP)
        data["ult"]["layanan"]["kerjasama"]["hari_kerja"] = nilai
        out.append((f"ult.layanan.kerjasama.hari_kerja={nilai!r}", data))
        data = tomllib.loads(LENGKAP)
        data["pejabat"]["kepala"]["nip"] = nilai
        out.append((f"pejabat.kepala.nip={nilai!r}", data))
    data = tomllib.loads(LENGKAP)
    data["tidak_dikenal"] = {"a": 1}
    out.append(("bagian tak dikenal", data))
    return out


def test_yang_dijamin_selalu_diterima_pydantic_dengan_nilai_yang_sama(tmp_path: Path):
    # soundness: a file the quick reading vouches for is one pydantic takes, with the same values
    dijamin = ditolak_pydantic = 0
    for nama, data in _varian():
        bagian = baca_cepat(data)
        try:
            penuh = config.Konfigurasi.model_validate({**data, "folder": tmp_path})
        except Exception as exc:
            assert bagian is None, f"{nama}: dijamin, padahal pydantic menolak: {exc}"
            ditolak_pydantic += 1
            continue
        if bagian is None:
            continue  # left to pydantic: slower, never wrong
        dijamin += 1
        _sama(KonfigurasiCepat(bagian, tmp_path, None), penuh)
    assert dijamin > 200 and ditolak_pydantic > 200  # both sides really exercised


def test_berkas_yang_ditolak_galatnya_sama(tmp_path: Path):
    for teks in ("[cari]\nmesin = 'lain'\n", "[ult]\njam_tutup = [16:00:00]\n", "tak sah = [",
                 "[tte]\nzona_waktu = 'GMT'\n"):  # fmt: skip
        berkas = _tulis(tmp_path, teks)
        with pytest.raises(ConfigError) as a:
            muat_cepat(berkas)
        with pytest.raises(ConfigError) as b:
            config.muat_konfigurasi(berkas)
        assert str(a.value) == str(b.value)


def _pasangan() -> dict[str, tuple[type[BaseModel], Any]]:
    """Every model of naskah.toml with the quick reading's rule for it."""
    out: dict[str, tuple[type[BaseModel], Any]] = {
        "instansi": (Instansi, cc.INSTANSI),
        "pejabat": (Pejabat, cc.PEJABAT),
        "seri": (config.Seri, cc.SERI),
        "tte.bsre": (config.BSrE, cc.BSRE),
        "ult.layanan": (config.UltLayanan, cc.ULT_LAYANAN),
        "ult.fasilitas": (config.UltFasilitas, cc.ULT_FASILITAS),
    }
    for nama, f in config.Konfigurasi.model_fields.items():
        if isinstance(f.annotation, type) and issubclass(f.annotation, BaseModel):
            out[nama] = (f.annotation, SPESIFIKASI[nama][0])
    return out


def test_setiap_medan_model_ada_di_spesifikasi():
    assert set(SPESIFIKASI) == set(config.Konfigurasi.model_fields) - {"folder"}
    pasangan = _pasangan()
    assert len(pasangan) == 16
    for jalan, (model, aturan) in pasangan.items():
        assert set(aturan.medan) == set(model.model_fields), (
            f"{jalan}: medan {model.__name__} berubah; perbarui naskah.config_cepat.SPESIFIKASI"
        )


SIDIK_MODEL = "7d8d8bfcb2c0ec75"


def test_sidik_model_belum_berubah():
    # a changed type, bound or default of any field must be written into the quick reading too
    teks = []
    for jalan, (model, _) in sorted(_pasangan().items()):
        for nama, f in sorted(model.model_fields.items()):
            teks.append(f"{jalan}.{nama}:{f.annotation!r}:{f.metadata!r}:{f.default!r}")
    teks.append(repr(config.Konfigurasi.model_fields["seri"].default))
    sidik = hashlib.sha256("\n".join(teks).encode()).hexdigest()[:16]
    assert sidik == SIDIK_MODEL, (
        f"model pengaturan berubah (sidik {sidik}); perbarui naskah.config_cepat.SPESIFIKASI "
        "lalu SIDIK_MODEL di uji ini"
    )
