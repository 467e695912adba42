"""Setting up an office folder (``naskah init``): naskah.toml and the archive folder.

With ``contoh`` the settings describe BPMP Provinsi Kalimantan Timur as in the 2024 seed decree,
so that the examples can be numbered, rendered and signed right away.
"""

from __future__ import annotations

from pathlib import Path

from naskah.berkas import tulis_atomik
from naskah.config import NAMA_BERKAS, muat_konfigurasi
from naskah.errors import ConfigError

SANDI_CONTOH = "naskah-uji"
"""Passphrase of the demo TEST certificate; it protects nothing and is documented on purpose."""
FOLDER_UJI = "tte-uji"

_KLASIFIKASI_CONTOH = """\
# Kode klasifikasi arsip yang terlihat pada naskah BPMP. Tabel lengkap ada pada Permendikbud
# 23/2019 tentang Klasifikasi Arsip: salin dari peraturan itu, jangan meminjam tabel instansi lain.
[klasifikasi]
"HK.03" = "Hukum: keputusan/ketetapan"
"HK.03.01" = "Keputusan pimpinan unit kerja"
"OT.02.00" = "Organisasi dan tata laksana: ketatalaksanaan"
"OT.02.02" = "Standar pelayanan"
"GT.02.01" = "Pendidik dan tenaga kependidikan"
"KP.04.05" = "Kepegawaian: penugasan"
"KR" = "Kerumahtanggaan"
"KU" = "Keuangan"
"""

_CONTOH = """\
# naskah.toml: pengaturan kantor untuk naskah (contoh: BPMP Provinsi Kalimantan Timur).
# Jalur relatif dihitung dari folder berkas ini.

[instansi]
kementerian = "KEMENTERIAN PENDIDIKAN, KEBUDAYAAN, RISET, DAN TEKNOLOGI"
unit = "BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TIMUR"
alamat = "Jalan Cipto Mangunkusumo Km 2, Samarinda Seberang, Samarinda 75132"
telepon = ["(0541) 260304"]
faksimile = ["(0541) 262059"]
laman = "www.bpmpkaltim.kemdikbud.go.id"
email = "lpmpkaltim@kemdikbud.go.id"
kota = "Samarinda"
kode_unit = "C7.24"
# logo = "logo-kemendikbudristek.png"

# Pejabat yang menandatangani; naskah dapat menulis `penandatangan: kepala`.
[pejabat.kepala]
nama = "Jarwoko"
gelar_depan = "Dr."
gelar_belakang = "M.Pd."
nip = "19700319 199703 1 001"
jabatan = "Kepala BPMP Provinsi Kalimantan Timur"

# Seri penomoran. {{urut}} nomor urut, {{unit}} kode unit, {{rahasia}} penanda RHS,
# {{klasifikasi}} kode klasifikasi arsip, {{tahun}} tahun naskah.
[seri.naskah]
keterangan = "Naskah dinas (keputusan, surat tugas, surat)"
pola = "{{urut}}/{{unit}}/{{rahasia}}/{{klasifikasi}}/{{tahun}}"
lebar = 4
sisipan = "huruf"
ulang_tahunan = true

[seri.sertifikat]
keterangan = "Sertifikat kegiatan"
pola = "{{urut}}/Sertifikat/BPMPKALTIM/{{tahun}}"
lebar = 4
ulang_tahunan = true

{klasifikasi}
[arsip]
lokasi = "archive"

[basis_data]
# Kosong: SQLite di folder arsip. Beberapa komputer: PostgreSQL, misalnya
# url = "postgresql+psycopg://naskah@server-tu/naskah"
batas_tunggu = 30

[render]
kertas = "A4"   # A4 atau F4
pdfa = true

[tte]
url_verifikasi = "https://bpmpkaltim.kemdikbud.go.id/verifikasi/{{id}}"
lokasi = "Samarinda"
zona_waktu = "Asia/Makassar"   # WITA
# SERTIFIKAT UJI buatan `naskah init --contoh` (frasa sandi: {sandi}). Tanda tangan dengan
# sertifikat ini BUKAN tanda tangan elektronik yang sah: ganti dengan sertifikat dari BSrE.
p12 = "{folder_uji}/pejabat-uji.p12"
akar_tepercaya = ["{folder_uji}/pejabat-uji.pem"]
"""

_KOSONG = """\
# naskah.toml: pengaturan kantor untuk naskah. Isi bagian [instansi] sesuai kop kantor Anda.
# Jalur relatif dihitung dari folder berkas ini.

# [instansi]
# kementerian = "KEMENTERIAN …"
# unit = "BALAI …"
# alamat = "…"
# telepon = ["(0541) …"]
# faksimile = ["(0541) …"]
# laman = "…"
# email = "…"
# kota = "…"
# kode_unit = "C7.xx"

[seri.naskah]
pola = "{urut}/{unit}/{rahasia}/{klasifikasi}/{tahun}"
lebar = 4
sisipan = "huruf"
ulang_tahunan = true

[arsip]
lokasi = "archive"

[render]
kertas = "A4"
pdfa = true
"""


def buat_konfigurasi(folder: Path, *, contoh: bool = False) -> Path:
    """Write naskah.toml and the archive folder in ``folder``; refuse to overwrite.

    Returns the path of the new naskah.toml. The written file is read back before returning so
    that a broken template can never be left behind.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / NAMA_BERKAS
    if path.exists():
        raise ConfigError(
            f"{path} sudah ada; naskah tidak menimpanya. Hapus atau ubah berkas itu secara "
            "langsung."
        )
    teks = (
        _CONTOH.format(klasifikasi=_KLASIFIKASI_CONTOH, sandi=SANDI_CONTOH, folder_uji=FOLDER_UJI)
        if contoh
        else _KOSONG
    )
    with tulis_atomik(path, galat=ConfigError) as sementara:
        sementara.write_text(teks, encoding="utf-8")
        konfigurasi = muat_konfigurasi(sementara)  # never leave a file naskah cannot read
    konfigurasi.folder = folder.resolve()
    arsip = konfigurasi.folder_arsip
    arsip.mkdir(parents=True, exist_ok=True)
    if contoh:
        _buat_sertifikat_uji(konfigurasi)
    return path


def _buat_sertifikat_uji(konfigurasi) -> None:  # type: ignore[no-untyped-def]
    """Create the demo TEST signing certificate named in the example naskah.toml."""
    from naskah.tte.contoh import buat_p12_contoh  # pyHanko is heavy: only when asked

    pejabat = konfigurasi.pejabat["kepala"]
    p12 = konfigurasi.path(konfigurasi.tte.p12)
    p12.parent.mkdir(parents=True, exist_ok=True)
    buat_p12_contoh(
        p12,
        pejabat.nama_lengkap,
        SANDI_CONTOH.encode(),
        jabatan=pejabat.jabatan,
        nip=str(pejabat.nip) if pejabat.nip else None,  # matches the record in her documents
        sertifikat=konfigurasi.path(konfigurasi.tte.akar_tepercaya[0]),
    )
