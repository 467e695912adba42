"""A speaker request walked to its surat tugas, issued by the real pipeline (LibreOffice)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_naskah

from .conftest import KALTENG, KALTIM

TAMBAHAN = f"""

[pejabat.siti]
nama = "Siti Rahmawati"
gelar_belakang = "S.Pd., M.Pd."
nip = "19780512 200312 2 004"
pangkat = "Pembina (IV/a)"
jabatan = "Widyaprada Ahli Madya"

[ult]
standar = ["{KALTIM}", "{KALTENG}"]
"""


@pytest.fixture
def kantor_contoh(tmp_path: Path) -> Path:
    from naskah.persiapan import buat_konfigurasi

    folder = tmp_path / "kantor"
    buat_konfigurasi(folder, contoh=True)
    with open(folder / "naskah.toml", "a", encoding="utf-8") as f:
        f.write(TAMBAHAN)
    return folder


def _ult(kantor: Path, *args: str | Path):
    r = run_naskah("ult", *args, cwd=kantor, NASKAH_PENGGUNA="petugas-ult")
    assert r.returncode == 0, r.stderr
    return r


@pytest.mark.slow
def test_narasumber_sampai_surat_tugas_terbit_dan_tertaut(kantor_contoh: Path):
    k = kantor_contoh
    p = json.loads(_ult(k, "terima", "narasumber", "--instansi", "Disdikbud Kota Bontang",
                        "--telepon", "081122334455", "--syarat", "semua", "--kegiatan",
                        "2099-02-02", "--kegiatan-selesai", "2099-02-03", "--perihal",
                        "Bimbingan Teknis Perencanaan Berbasis Data", "--json").stdout)  # fmt: skip
    kode = p["kode"]
    gagal = run_naskah("ult", "surat-tugas", kode, "--petugas", "siti", "--tempat", "Aula",
                       cwd=k)  # fmt: skip
    assert gagal.returncode == 1 and "setelah permohonan disetujui" in gagal.stderr
    _ult(k, "putuskan", kode, "--setuju")
    salah = run_naskah("ult", "surat-tugas", kode, "--petugas", "budi", "--tempat", "Aula",
                       cwd=k)  # fmt: skip
    assert salah.returncode == 1 and "Petugas budi tidak ada" in salah.stderr
    berkas = json.loads(_ult(k, "surat-tugas", kode, "--petugas", "siti", "--tempat",
                             "Aula Disdikbud Kota Bontang", "--klasifikasi", "KP.04.05",
                             "--json").stdout)["berkas"]  # fmt: skip
    teks = (k / berkas).read_text(encoding="utf-8")
    assert "Disdikbud Kota Bontang" in teks and "2099-02-02" in teks and "081122" not in teks
    h = json.loads(_ult(k, "terbitkan", kode, berkas, "--json").stdout)
    assert h["nomor"].endswith("/KP.04.05/2026") or "/KP.04.05/" in h["nomor"]
    assert any(str(x).endswith(".pdf") for x in h["salinan"])
    lagi = json.loads(_ult(k, "terbitkan", kode, berkas, "--json").stdout)
    assert lagi["nomor"] == h["nomor"]  # resumed, not issued twice
    r = json.loads(_ult(k, "lihat", kode, "--json").stdout)
    assert [(x["jenis"], x["nomor"]) for x in r["produk"]] == [("Surat Tugas", h["nomor"])]
    assert r["produk"][0]["entri_arsip"] == h["id_verifikasi"]
    assert json.loads(_ult(k, "tutup", kode, "--json").stdout)["keadaan"] == "selesai"


# -- products drafted from the request's data ---------------------------------------------------

FASILITAS = """
[ult.fasilitas.aula]
nama = "Aula Utama"
jenis = "aula"
kapasitas = 150
tarif_hari = 1500000
tarif_setengah_hari = 800000
"""


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def meja_contoh(request: pytest.FixtureRequest, kantor_contoh: Path):
    """The desk of the example office (kop, [pejabat.kepala], series), on SQLite then PG."""
    from datetime import UTC, datetime

    from naskah.config import muat_konfigurasi
    from naskah.ult.meja import Meja

    from .conftest import Jam

    with open(kantor_contoh / "naskah.toml", "a", encoding="utf-8") as f:
        f.write(FASILITAS)
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("server_pg").basis_baru()
    # Monday 2 June 2025, 10:00 WITA
    jam = Jam(datetime(2025, 6, 2, 2, 0, tzinfo=UTC))
    m = Meja(muat_konfigurasi(kantor_contoh / "naskah.toml"), jam=jam, oleh="petugas-ult", url=url)
    yield m
    m.tutup()


def _terima(meja, layanan: str, **kw):
    from datetime import date

    from naskah.ult import permohonan as pm

    baru = pm.PermohonanBaru(
        layanan=layanan, instansi=kw.pop("instansi", "Dinas Pendidikan Kota Samarinda"),
        telepon="081122334455", perihal=kw.pop("perihal", "Pendampingan Penyusunan KOSP"),
        kegiatan_mulai=kw.pop("mulai", date(2025, 7, 14)),
        kegiatan_selesai=kw.pop("selesai", date(2025, 7, 16)), semua_syarat=True,
    )  # fmt: skip
    return pm.terima(meja, baru)


def _konsep(meja, kode: str, jenis: str, tujuan: Path, **opsi) -> dict:
    import yaml

    from naskah.ult.produk import OpsiProduk, terbitkan_jenis

    path = terbitkan_jenis(meja, kode, jenis, tujuan, OpsiProduk(**opsi), konsep=True)
    assert path == tujuan
    return yaml.safe_load(tujuan.read_text(encoding="utf-8"))


def test_konsep_produk_dari_data_permohonan(meja_contoh, tmp_path: Path):
    from datetime import datetime

    from naskah.loader import muat_dokumen
    from naskah.ult import fasilitas as fs
    from naskah.ult import permohonan as pm

    m = meja_contoh
    ks = _terima(m, "kerjasama")
    pm.putuskan(m, ks.kode, "setuju")
    d = _konsep(m, ks.kode, "kesediaan", tmp_path / "kesediaan.yaml", klasifikasi="KR")
    assert d["jenis"] == "surat_dinas" and d["penandatangan"] == "kepala"
    assert d["kepada"] == [{"nama": "Pimpinan Dinas Pendidikan Kota Samarinda",
                            "alamat": "di Tempat"}]  # fmt: skip
    teks = json.dumps(d, ensure_ascii=False)
    assert ks.kode_tampil in teks and "14 s.d. 16 Juli 2025" in teks
    assert "Balai Penjaminan Mutu Pendidikan Provinsi Kalimantan Timur bersedia" in teks
    assert "081122" not in teks  # the applicant's phone stays out of the letter
    assert muat_dokumen(tmp_path / "kesediaan.yaml", m.konfigurasi).jenis == "surat_dinas"
    peserta = tmp_path / "lembar" / "peserta.csv"
    peserta.parent.mkdir()
    peserta.write_bytes((EXAMPLES / "peserta-contoh.csv").read_bytes())
    sert = _konsep(m, ks.kode, "sertifikat", tmp_path / "kegiatan.yaml", tempat="Aula Utama",
                   jp=24, peserta=peserta)  # fmt: skip
    assert sert["seri"] == "sertifikat" and sert["berkas_peserta"] == "lembar/peserta.csv"
    assert sert["kegiatan"] == {
        "nama": "Pendampingan Penyusunan KOSP",
        "penyelenggara": "Balai Penjaminan Mutu Pendidikan Provinsi Kalimantan Timur",
        "mitra": "Dinas Pendidikan Kota Samarinda", "tanggal_mulai": "2025-07-14",
        "tanggal_selesai": "2025-07-16", "tempat": "Aula Utama", "jp": 24,
    }  # fmt: skip

    lingkup = ("pendampingan KOSP jenjang SD", "penyediaan narasumber")
    sk = _konsep(m, ks.kode, "sk-kerja-sama", tmp_path / "sk.yaml", ruang_lingkup=lingkup)
    assert sk["klasifikasi"] == "HK.03.01"  # the decree code of the example office
    assert sk["kerja_sama"]["mitra"]["nama"] == "Dinas Pendidikan Kota Samarinda"
    assert (sk["kerja_sama"]["mulai"], sk["kerja_sama"]["selesai"]) == ("2025-07-14", "2025-07-16")
    assert sk["kerja_sama"]["ruang_lingkup"] == ["pendampingan KOSP jenjang SD;",
                                                 "penyediaan narasumber."]  # fmt: skip
    dok = muat_dokumen(tmp_path / "sk.yaml", m.konfigurasi)
    assert dok.jenis == "sk_kerja_sama" and "DINAS PENDIDIKAN KOTA SAMARINDA" in dok.tentang

    ns = _terima(m, "narasumber", instansi="Disdikbud Kota Bontang")
    pm.putuskan(m, ns.kode, "tolak", alasan="Jadwal narasumber pada tanggal itu sudah penuh.")
    tolak = _konsep(m, ns.kode, "penolakan", tmp_path / "tolak.yaml", klasifikasi="KR",
                    kepada="Kepala Disdikbud Kota Bontang", alamat="di Bontang")  # fmt: skip
    assert tolak["kepada"] == [{"nama": "Kepala Disdikbud Kota Bontang", "alamat": "di Bontang"}]
    assert "karena jadwal narasumber pada tanggal itu sudah penuh." in tolak["isi"][0]

    fa = _terima(m, "fasilitas", instansi="MGMP Matematika Samarinda", mulai=None, selesai=None)
    pm.putuskan(m, fa.kode, "setuju")
    zona = m.konfigurasi.zona
    fs.pesan(m, "aula", datetime(2025, 7, 1, 8, 0, tzinfo=zona),
             datetime(2025, 7, 2, 16, 0, tzinfo=zona), permohonan=fa.kode)  # fmt: skip
    fs.pesan(m, "aula", datetime(2025, 7, 3, 8, 0, tzinfo=zona),
             datetime(2025, 7, 3, 12, 0, tzinfo=zona), satuan="setengah_hari",
             permohonan=fa.kode)  # fmt: skip
    b = _konsep(m, fa.kode, "balasan-fasilitas", tmp_path / "balasan.yaml", klasifikasi="KU")
    butir = b["isi"][2]["angka"]
    assert butir == [
        "Aula Utama: 1 Juli 2025 pukul 08.00 s.d. 2 Juli 2025 pukul 16.00 WITA; 2 hari × "
        "Rp1.500.000 = Rp3.000.000;",
        "Aula Utama: 3 Juli 2025 pukul 08.00 s.d. pukul 12.00 WITA; 1 setengah hari × "
        "Rp800.000 = Rp800.000.",
    ]
    assert "sebesar Rp3.800.000 (tiga juta delapan ratus ribu rupiah)" in b["isi"][3]
    assert "tarif PNBP" in b["isi"][3]  # the standard's own biaya text


def test_produk_yang_tidak_cocok_ditolak_tanpa_menulis_apa_pun(meja_contoh, tmp_path: Path):
    from naskah.errors import UltError
    from naskah.ult import permohonan as pm

    m = meja_contoh
    ks = _terima(m, "kerjasama")
    tujuan = tmp_path / "x.yaml"

    def gagal(kode: str, jenis: str, pesan: str, **opsi) -> None:
        with pytest.raises(UltError, match=pesan):
            _konsep(m, kode, jenis, tujuan, **opsi)
        assert not tujuan.exists()

    gagal(ks.kode, "kesediaan", "berkeadaan diterima; surat jawaban kesediaan dibuat setelah "
          "permohonan disetujui", klasifikasi="KR")  # fmt: skip
    gagal(ks.kode, "penolakan", "dibuat setelah permohonan ditolak", klasifikasi="KR")
    pm.putuskan(m, ks.kode, "setuju")
    gagal(ks.kode, "balasan-fasilitas", "hanya untuk permohonan penggunaan fasilitas")
    gagal(ks.kode, "surat-tugas", "Pilih sedikitnya satu petugas")
    gagal(ks.kode, "kesediaan", "memuat kode klasifikasi; sebutkan dengan --klasifikasi")
    gagal(ks.kode, "kesediaan", "Kode klasifikasi 'ZZ' tidak dikenal", klasifikasi="ZZ")
    gagal(ks.kode, "cetak", "Produk 'cetak' tidak dikenal")
    gagal(ks.kode, "sertifikat", "Lembar peserta belum ada", tempat="Aula", jp=8)
    gagal(ks.kode, "sertifikat", "--jp", tempat="Aula")
    fa = _terima(m, "fasilitas", mulai=None, selesai=None)
    pm.putuskan(m, fa.kode, "setuju")
    gagal(fa.kode, "balasan-fasilitas", "belum memiliki pemesanan fasilitas", klasifikasi="KU")
    gagal(fa.kode, "kesediaan", "hanya untuk permohonan kerja sama", klasifikasi="KU")
    assert [x["jenis"] for x in pm.lihat(m, ks.kode).produk] == []


def test_cli_produk_salah_satu_kalimat_dan_tidak_bernomor(kantor_contoh: Path):
    k = kantor_contoh
    kode = json.loads(_ult(k, "terima", "kerjasama", "--instansi", "Dinas Pendidikan Samarinda",
                           "--telepon", "081122334455", "--syarat", "semua",
                           "--json").stdout)["kode"]  # fmt: skip
    for args, pesan in (
        (("--produk", "kesediaan", "--klasifikasi", "KR"), "setelah permohonan disetujui"),
        (("--produk", "balasan-fasilitas"), "hanya untuk permohonan penggunaan fasilitas"),
    ):
        r = run_naskah("ult", "terbitkan", kode, *args, cwd=k)
        assert r.returncode == 1, r.stdout + r.stderr
        assert pesan in r.stderr and len(r.stderr.strip().splitlines()) == 1
        assert "Traceback" not in r.stderr
    berkas = k / "surat.yaml"
    berkas.write_text("jenis: surat_dinas\n", encoding="utf-8")
    r = run_naskah("ult", "terbitkan", kode, berkas, "--produk", "kesediaan", cwd=k)
    assert r.returncode == 2 and "salah satu saja" in r.stderr
    assert sorted(p.name for p in k.iterdir() if p.suffix == ".yaml") == ["surat.yaml"]
    nomor = run_naskah("nomor", "daftar", "--json", cwd=k)
    assert nomor.returncode == 0 and json.loads(nomor.stdout or "[]") in ([], {"nomor": []})


def _pdf_teks(path: str) -> list[str]:
    import subprocess

    out = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    return [" ".join(b.split()) for b in out.splitlines() if b.strip()]


@pytest.mark.slow
def test_produk_terbit_bertanda_tangan_dan_tertaut(kantor_contoh: Path):
    """Each service to its products through the real pipeline: numbered, rendered, signed with
    the test certificate, archived, linked; then the request closes."""
    import subprocess

    k = kantor_contoh
    with open(k / "naskah.toml", "a", encoding="utf-8") as f:
        f.write(FASILITAS)
    ttd = ("--tandatangani", "--sandi-env", "NASKAH_SANDI")

    def terbit(kode: str, *args: str) -> dict:
        r = run_naskah("ult", "terbitkan", kode, *args, "--json", cwd=k,
                       NASKAH_PENGGUNA="petugas-ult", NASKAH_SANDI="naskah-uji")  # fmt: skip
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)

    ks = json.loads(_ult(k, "terima", "kerjasama", "--instansi", "Dinas Pendidikan Kota Samarinda",
                         "--telepon", "081122334455", "--syarat", "semua", "--perihal",
                         "Pendampingan Penyusunan KOSP", "--kegiatan", "2099-02-02",
                         "--kegiatan-selesai", "2099-02-04", "--json").stdout)["kode"]  # fmt: skip
    _ult(k, "putuskan", ks, "--setuju")
    a = terbit(ks, "--produk", "kesediaan", "--klasifikasi", "KR", *ttd)
    assert a["produk"] == "Surat Jawaban Kesediaan" and "/KR/" in a["nomor"]
    pdf = next(x for x in a["salinan"] if x.endswith("-ttd.pdf"))
    baris = _pdf_teks(pdf)
    assert any(b.startswith(f"Nomor : {a['nomor']} ") for b in baris)
    assert "Hal : Kesediaan Kerja Sama Pendampingan Penyusunan KOSP" in baris
    assert "Yth. Pimpinan Dinas Pendidikan Kota Samarinda" in baris
    assert any("2 s.d. 4 Februari 2099" in b for b in baris)
    assert "Signature is Valid." in subprocess.run(["pdfsig", pdf], capture_output=True,
                                                   text=True).stdout  # fmt: skip
    sk = terbit(ks, "--produk", "sk-kerja-sama", "--ruang-lingkup", "pendampingan KOSP")
    assert sk["produk"] == "SK Kerja Sama" and "/HK.03.01/" in sk["nomor"]
    teks = " ".join(_pdf_teks(next(x for x in sk["salinan"] if x.endswith(".pdf"))))
    assert "sejak tanggal 2 Februari 2099 sampai dengan tanggal 4 Februari 2099" in teks
    assert "KERJA SAMA PENDAMPINGAN PENYUSUNAN KOSP ANTARA" in teks
    assert terbit(ks, "--produk", "sk-kerja-sama")["nomor"] == sk["nomor"]  # resumed, not twice
    r = json.loads(_ult(k, "lihat", ks, "--json").stdout)
    assert [(x["jenis"], x["nomor"]) for x in r["produk"]] == [
        ("Surat Jawaban Kesediaan", a["nomor"]),
        ("SK Kerja Sama", sk["nomor"]),
    ]
    assert r["produk"][0]["entri_arsip"] == a["id_verifikasi"]
    lembar = k / "peserta.csv"
    lembar.write_bytes((EXAMPLES / "peserta-contoh.csv").read_bytes())
    sert = terbit(ks, "--produk", "sertifikat", "--tempat", "Aula Utama", "--jp", "24",
                  "--peserta", lembar, "--sandi-env", "NASKAH_SANDI")  # fmt: skip
    assert sert["produk"] == "Sertifikat Peserta (12 sertifikat)" and len(sert["salinan"]) == 12
    satu = _pdf_teks(sert["salinan"][0])
    assert "Pendampingan Penyusunan KOSP" in " ".join(satu)
    sah = subprocess.run(["pdfsig", sert["salinan"][0]], capture_output=True, text=True).stdout
    assert "Signature is Valid." in sah
    lagi = terbit(ks, "--produk", "sertifikat", "--sandi-env", "NASKAH_SANDI")
    assert lagi["produk"] == "Sertifikat Peserta (12 sertifikat)"  # resumed: nothing twice
    r = json.loads(_ult(k, "lihat", ks, "--json").stdout)
    assert [x["jenis"] for x in r["produk"]][2:] == [
        "Sertifikat Peserta (12 sertifikat, sertifikat-kegiatan-" + ks.replace("-", "") + ")"
    ]
    assert json.loads(_ult(k, "tutup", ks, "--json").stdout)["keadaan"] == "selesai"

    ns = json.loads(
        _ult(
            k,
            "terima",
            "narasumber",
            "--instansi",
            "Disdikbud Kota Bontang",
            "--email",
            "disdik@example.org",
            "--syarat",
            "semua",
            "--kegiatan",
            "2099-03-03",
            "--json",
        ).stdout
    )["kode"]
    _ult(k, "putuskan", ns, "--tolak", "--alasan", "Jadwal narasumber sudah penuh")
    t = terbit(ns, "--produk", "penolakan", "--klasifikasi", "KR", "--kepada",
               "Kepala Disdikbud Kota Bontang", "--alamat", "di Bontang")  # fmt: skip
    teks = " ".join(_pdf_teks(next(x for x in t["salinan"] if x.endswith(".pdf"))))
    assert "belum dapat kami penuhi karena jadwal narasumber sudah penuh." in teks
    assert [x["jenis"] for x in json.loads(_ult(k, "lihat", ns, "--json").stdout)["produk"]] == [
        "Surat Penolakan"
    ]

    fa = json.loads(_ult(k, "terima", "fasilitas", "--instansi", "MGMP Matematika Samarinda",
                         "--email", "mgmp@example.org", "--syarat", "semua",
                         "--json").stdout)["kode"]  # fmt: skip
    _ult(k, "putuskan", fa, "--setuju")
    _ult(k, "fasilitas", "pesan", "aula", "--mulai", "2099-03-02 08:00", "--selesai",
         "2099-03-03 16:00", "--permohonan", fa)  # fmt: skip
    b = terbit(fa, "--produk", "balasan-fasilitas", "--klasifikasi", "KU")
    teks = " ".join(_pdf_teks(next(x for x in b["salinan"] if x.endswith(".pdf"))))
    assert "Aula Utama: 2 Maret 2099 pukul 08.00 s.d. 3 Maret 2099 pukul 16.00 WITA" in teks
    assert "Rp3.000.000 (tiga juta rupiah)" in teks
