"""The surat dinas kind: model, lint rules, and issued by the real pipeline (LibreOffice, TTE)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from naskah.config import muat_konfigurasi
from naskah.errors import InputError
from naskah.loader import muat_dokumen
from naskah.periksa import periksa_berkas
from tests.conftest import EXAMPLES, run_naskah

SURAT = {
    "jenis": "surat_dinas",
    "klasifikasi": "KR",
    "sifat": "Segera",
    "lampiran": "1 (satu) berkas",
    "hal": "Jawaban Permohonan Kerja Sama Pendampingan Penyusunan KOSP",
    "tanggal": "2026-12-07",
    "kepada": [{"nama": "Kepala Dinas Pendidikan Kota Samarinda", "alamat": "di Samarinda"}],
    "isi": [
        "Menindaklanjuti surat Saudara perihal pendampingan penyusunan KOSP, dengan ini kami "
        "sampaikan bahwa kami bersedia melaksanakan kerja sama tersebut.",
        {"angka": ["Kegiatan dilaksanakan pada tanggal 2 s.d. 3 Februari 2027;",
                   "Tempat kegiatan di Aula Utama."]},
    ],
    "penandatangan": "kepala",
    "tembusan": ["Kasubbag Umum"],
}  # fmt: skip


def _tulis(folder: Path, nama: str, data: dict) -> Path:
    p = folder / nama
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


def test_surat_dinas_dimuat_dan_ditolak_bila_salah(kantor: Path):
    k = muat_konfigurasi(kantor / "naskah.toml")
    dok = muat_dokumen(_tulis(kantor, "surat.yaml", SURAT), k)
    assert dok.jenis == "surat_dinas" and dok.sifat == "Segera"
    assert dok.penandatangan.nama == k.pejabat["kepala"].nama
    for salah in ({"sifat": "Kilat"}, {"kepada": []}, {"hal": ""}, {"isi": []}):
        with pytest.raises(InputError):
            muat_dokumen(_tulis(kantor, "salah.yaml", {**SURAT, **salah}), k)


def test_periksa_surat_dinas(kantor: Path):
    k = muat_konfigurasi(kantor / "naskah.toml")
    baik = periksa_berkas(_tulis(kantor, "surat.yaml", SURAT), k)
    assert not [t for t in baik if t.kode.startswith("surat-")]
    buruk = {**SURAT, "kepada": [{"nama": "Kepala Dinas Pendidikan Kota Samarinda"}],
             "tembusan": ["Kepala  Dinas Pendidikan Kota Samarinda"]}  # fmt: skip
    kode = {t.kode: t for t in periksa_berkas(_tulis(kantor, "buruk.yaml", buruk), k)}
    assert kode["surat-tanpa-alamat"].lokasi == "kepada[1].alamat"
    assert kode["surat-tembusan-penerima"].lokasi == "tembusan[1]"


def test_periksa_standar_pelayanan_memanggil_meja_ult(kantor: Path):
    """A jangka waktu the desk can't read is reported by `naskah periksa` on the decree, and the
    number stated in naskah.toml silences it."""
    data = yaml.safe_load((EXAMPLES / "keputusan-bpmp-kaltim-2024.yaml").read_text("utf-8"))
    for lp in data["lampiran"]:
        if lp["id"] == "narasumber":
            lp["standar_pelayanan"]["penyampaian"]["jangka_waktu"] = {"uraian": "Secepatnya."}
    berkas = _tulis(kantor, "kep.yaml", data)
    temuan = [t for t in periksa_berkas(berkas, muat_konfigurasi(kantor / "naskah.toml"))
              if t.kode == "standar-layanan"]  # fmt: skip
    assert len(temuan) == 1 and temuan[0].tingkat == "peringatan"
    assert "narasumber" in temuan[0].pesan and "[ult.layanan.narasumber]" in temuan[0].pesan
    r = run_naskah("periksa", berkas, cwd=kantor)
    assert "standar-layanan" in r.stdout, r.stdout + r.stderr
    with open(kantor / "naskah.toml", "a", encoding="utf-8") as f:
        f.write("\n[ult.layanan.narasumber]\nhari_kerja = 2\n")
    lagi = periksa_berkas(berkas, muat_konfigurasi(kantor / "naskah.toml"))
    assert not [t for t in lagi if t.kode == "standar-layanan"]


@pytest.mark.slow
def test_surat_dinas_terbit_bertanda_tangan_dan_terbaca(kantor: Path):
    berkas = _tulis(kantor, "surat.yaml", SURAT)
    r = run_naskah("terbitkan", berkas, "--tandatangani", "--sandi-env", "NASKAH_SANDI",
                   "--json", cwd=kantor, NASKAH_SANDI="naskah-uji")  # fmt: skip
    assert r.returncode == 0, r.stderr
    h = json.loads(r.stdout)
    assert h["nomor"] == "0001/C7.24/KR/2026" or h["nomor"].startswith("0001/C7.24/KR/")
    assert "/surat_dinas/" in h["arsip"]
    ttd = next(Path(p) for p in h["salinan"] if p.endswith("-ttd.pdf"))
    teks = subprocess.run(["pdftotext", "-layout", ttd, "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    baris = [" ".join(b.split()) for b in teks.splitlines() if b.strip()]
    assert f"Nomor : {h['nomor']} 7 Desember 2026" in baris
    assert "Sifat : Segera" in baris and "Lampiran : 1 (satu) berkas" in baris
    assert any(b.startswith("Hal : Jawaban Permohonan Kerja Sama") for b in baris)
    assert "Yth. Kepala Dinas Pendidikan Kota Samarinda" in baris and "di Samarinda" in baris
    assert "1. Kegiatan dilaksanakan pada tanggal 2 s.d. 3 Februari 2027;" in baris
    assert any("kami sampaikan terima kasih" in b for b in baris)
    assert "NIP 19700319 199703 1 001" in baris and "Tembusan:" in baris
    assert "{{" not in teks and "{%" not in teks  # the white [[TTE]] marker stays, unseen
    sah = subprocess.run(["pdfsig", ttd], capture_output=True, text=True).stdout
    assert "Signature is Valid." in sah
    versi = kantor / "archive" / h["arsip"]
    assert versi.is_dir() and any(p.suffix == ".pdf" for p in versi.iterdir())
    cari = run_naskah("cari", "surat dinas KOSP", "--json", cwd=kantor)
    assert cari.returncode == 0 and h["nomor"] in cari.stdout, cari.stdout + cari.stderr


def test_tabel_dalam_isi_dirender_sebagai_tabel_word(kantor: Path, tmp_path: Path):
    # A `tabel:` block in any rich text is a real Word table (docxtpl's subdoc, which needs
    # docxcompose); it once failed with "Galat tak terduga" because that package was missing.
    import docx

    from naskah.render import render_docx

    k = muat_konfigurasi(kantor / "naskah.toml")
    data = {**SURAT, "isi": [*SURAT["isi"], {"tabel": {
        "kolom": ["No", "Ruang", "Tarif"],
        "baris": [[1, "Aula Utama", "Rp1.500.000"], [2, "Wisma", "Rp250.000"]],
    }}]}  # fmt: skip
    dok = muat_dokumen(_tulis(kantor, "surat-tabel.yaml", data), k)
    keluaran = render_docx(dok, tmp_path / "surat.docx", konfigurasi=k)
    tabel = [
        [[c.text for c in r.cells] for r in t.rows] for t in docx.Document(str(keluaran)).tables
    ]
    assert [["No", "Ruang", "Tarif"], ["1", "Aula Utama", "Rp1.500.000"],
            ["2", "Wisma", "Rp250.000"]] in tabel  # fmt: skip
