"""The certificate as printed: read back from the PDFs the fast path writes."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from naskah.errors import ConfigError, InputError, RenderError
from naskah.models import Peserta
from naskah.render import info_pdfa
from naskah.render.docx import FOLDER_TEMPLAT
from naskah.render.sertifikat import OpsiSertifikat, nama_berkas, render_sertifikat
from tests.sertifikat.conftest import (
    NAMA_ISTIMEWA,
    NAMA_PANJANG,
    baca_qr,
    kegiatan_contoh,
    konfigurasi_uji,
    png_halaman,
    satu_baris,
    teks_halaman,
)

pytestmark = pytest.mark.slow


def test_satu_pdf_per_peserta_bernama_nomornya(terbit):
    assert [p.name for p in terbit.pdf] == [f"{nama_berkas(n)}.pdf" for n in terbit.nomor]
    assert terbit.pdf[0].name == "0001-Sertifikat-BPMPKALTIM-2024.pdf"
    assert all(p.is_file() for p in terbit.pdf)
    # nothing else is left in the output folder (no parts, no temporary files)
    assert sorted(terbit.pdf[0].parent.iterdir()) == sorted(terbit.pdf)


def test_halaman_depan_memuat_semua_isi(terbit):
    kg = terbit.kegiatan
    for i, (pdf, p) in enumerate(zip(terbit.pdf, terbit.peserta, strict=True)):
        depan, belakang = (satu_baris(t) for t in teks_halaman(pdf))
        assert "S E R T I F I K A T" in depan or "SERTIFIKAT" in depan
        assert f"Nomor: {terbit.nomor[i]}" in depan
        assert satu_baris(p.nama) in depan
        assert p.instansi in depan
        assert f"atas partisipasinya sebagai {p.peran.upper()}" in depan
        assert satu_baris(kg.kegiatan.nama) in depan
        assert "20 s.d. 22 Agustus 2024" in depan
        assert satu_baris(kg.kegiatan.tempat) in depan
        assert "sebanyak 32 jam pelajaran (JP)" in depan
        assert "Samarinda, 22 Agustus 2024" in depan
        assert "KEPALA BPMP PROVINSI KALIMANTAN TIMUR," in depan  # one line, as on decrees
        assert "Ditandatangani secara elektronik" in depan
        assert "Dr. Jarwoko, M.Pd." in depan
        assert "NIP 19700319 199703 1 001" in depan
        assert "Balai Besar Sertifikasi Elektronik (BSrE)" in depan
        assert terbit.url(i) in depan
        # no other participant's name or number on this certificate (page two lists the
        # narasumber, who may be participants too)
        for j, lain in enumerate(terbit.peserta):
            if j != i:
                assert satu_baris(lain.nama) not in depan
        assert all(terbit.nomor[j] not in depan for j in range(len(terbit.nomor)) if j != i)


def test_halaman_materi_dengan_penandatangan_yang_sama(terbit):
    for i, (pdf, p) in enumerate(zip(terbit.pdf, terbit.peserta, strict=True)):
        belakang = satu_baris(teks_halaman(pdf)[1])
        # issue 21: a loose page two still says whose certificate it is, and which
        assert f"nomor {terbit.nomor[i]} atas nama {satu_baris(p.nama)}" in belakang
        for j, lain in enumerate(terbit.nomor):
            if j != i:
                assert lain not in belakang
        assert "LAMPIRAN SERTIFIKAT DAFTAR MATERI" in belakang
        assert "NO MATERI NARASUMBER JP" in belakang
        for m in terbit.kegiatan.kegiatan.materi:
            assert satu_baris(m.nama)[:40] in belakang
        assert "JUMLAH 32" in belakang
        assert "Dr. Jarwoko, M.Pd." in belakang and "NIP 19700319 199703 1 001" in belakang
        assert "Ditandatangani secara elektronik" in belakang
        assert "memindai kode QR pada halaman" in belakang


def _templat_diubah(tmp_path: Path, lama: bytes, baru: bytes) -> Path:
    """Return a template folder whose sertifikat.docx has ``lama`` replaced by ``baru``."""
    folder = tmp_path / "templat" / "surat"
    folder.mkdir(parents=True)
    asli = FOLDER_TEMPLAT / "surat" / "sertifikat.docx"
    with zipfile.ZipFile(asli) as zin, zipfile.ZipFile(folder / "sertifikat.docx", "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                assert lama in data
                data = data.replace(lama, baru)
            zout.writestr(item, data)
    return folder.parent


def test_halaman_materi_berisi_data_peserta_tetap_benar(tmp_path, konverter):
    """An office template printing the participant's name on the materi page: no sharing."""
    templat = _templat_diubah(tmp_path, b">LAMPIRAN SERTIFIKAT<", b">LAMPIRAN UNTUK {{ s.nama }}<")
    peserta = [Peserta(nama=f"Peserta Ke {i}", instansi="SD 1") for i in range(1, 5)]
    pdf = render_sertifikat(
        kegiatan_contoh(), peserta, [f"{i}/S/2024" for i in range(1, 5)],
        [f"{'x' * 20}{i:02d}" for i in range(1, 5)], tmp_path / "k",
        OpsiSertifikat(templat=templat), konfigurasi=konfigurasi_uji(), konverter=konverter,
    )  # fmt: skip
    for p, berkas in zip(peserta, pdf, strict=True):
        depan, belakang = teks_halaman(berkas)
        assert p.nama in depan and f"LAMPIRAN UNTUK {p.nama}" in satu_baris(belakang)


def test_nama_panjang_dan_karakter_istimewa_tercetak_utuh(terbit):
    panjang = satu_baris(teks_halaman(terbit.pdf[5])[0])
    assert NAMA_PANJANG in panjang
    istimewa = satu_baris(teks_halaman(terbit.pdf[6])[0])
    assert NAMA_ISTIMEWA in istimewa and "SMP <Negeri> & Swasta" in istimewa


def test_qr_terbaca_kembali_sebagai_alamat_verifikasi(terbit, tmp_path):
    for i, pdf in enumerate(terbit.pdf):
        png = png_halaman(pdf, tmp_path, dpi=150)
        assert baca_qr(png) == [terbit.url(i)], pdf.name
        # one QR code per certificate: page two shows the signer without it
        assert baca_qr(png_halaman(pdf, tmp_path, dpi=150, halaman=2)) == []


def test_dua_halaman_a4_lanskap(terbit):
    for pdf in terbit.pdf:
        with pikepdf.open(pdf) as doc:
            assert len(doc.pages) == 2
            for h in doc.pages:
                x0, y0, x1, y1 = (float(v) for v in h.mediabox)
                assert round(x1 - x0) == 842 and round(y1 - y0) == 595  # A4 landscape, points


def test_pdfa_dengan_metadata_sendiri(terbit):
    judul = set()
    for i, pdf in enumerate(terbit.pdf):
        assert info_pdfa(pdf) == ("2", "B")
        with pikepdf.open(pdf) as doc:
            assert "/OutputIntents" in doc.Root
            intent = doc.Root.OutputIntents[0]
            assert intent.S == "/GTS_PDFA1" and "/DestOutputProfile" in intent
            info_judul = str(doc.docinfo["/Title"])
            meta = doc.open_metadata()
            assert meta["dc:title"] == info_judul  # Info and XMP say the same
            assert terbit.nomor[i] in info_judul and terbit.peserta[i].nama in info_judul
            nik = terbit.peserta[i].nik
            assert not nik or nik not in str(meta) + str(dict(doc.docinfo))  # no NIK
        judul.add(info_judul)
    assert len(judul) == len(terbit.pdf)


def test_semua_font_tertanam(terbit):
    for pdf in terbit.pdf[:2]:
        baris = subprocess.run(
            ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
        ).stdout.splitlines()[2:]
        assert baris
        for b in baris:
            assert b.split()[-5] == "yes", b
            assert "DejaVu" not in b, b
        assert any("LiberationSans" in b for b in baris)


# --- an office's own colours and background ---------------------------------------------


def _latar_merah(path: Path) -> Path:
    Image.new("RGB", (1169, 827), (200, 20, 20)).save(path, "JPEG", quality=90)
    return path


def test_latar_dan_warna_kantor(tmp_path, konverter):
    latar = _latar_merah(tmp_path / "latar-kantor.jpg")
    konf = konfigurasi_uji(latar=str(latar), warna_utama="#006400")
    kg = kegiatan_contoh()
    (pdf,) = render_sertifikat(
        kg, [Peserta(nama="Ani Suryani", instansi="SD 1")], ["0001/Sertifikat/X/2024"],
        ["a" * 22], tmp_path / "keluar", konfigurasi=konf, konverter=konverter,
    )  # fmt: skip
    img = Image.open(png_halaman(pdf, tmp_path, dpi=40)).convert("RGB")
    r, g, b = img.getpixel((3, 3))  # the corner: the office's red background
    assert r > 150 and g < 80 and b < 80
    # the title in the office's primary colour (dark green) somewhere on the page
    warna = img.getcolors(maxcolors=1 << 20) or []
    assert any(g > 70 and r < 40 and b < 40 for _, (r, g, b) in warna)


def test_latar_tidak_ada_atau_tegak(tmp_path, konverter):
    def buat(konf):
        p = [Peserta(nama="Ani", instansi="SD 1")]
        render_sertifikat(kegiatan_contoh(), p, ["1/S/2024"], ["b" * 22], tmp_path / "k",
                          konfigurasi=konf, konverter=konverter)  # fmt: skip

    with pytest.raises(ConfigError, match="tidak ditemukan"):
        buat(konfigurasi_uji(latar="tidak-ada.png"))
    tegak = tmp_path / "tegak.png"
    Image.new("RGB", (600, 900), "white").save(tegak)
    with pytest.raises(ConfigError, match="tegak"):
        buat(konfigurasi_uji(latar=str(tegak)))
    bukan = tmp_path / "bukan.png"
    bukan.write_bytes(b"bukan gambar")
    with pytest.raises(ConfigError, match="bukan gambar"):
        buat(konfigurasi_uji(latar=str(bukan)))


# --- bad calls: one sentence, nothing written -------------------------------------------


@pytest.mark.parametrize(
    "nomor, ids, pesan",
    [
        (["1/S/2024"], ["a" * 22, "b" * 22], "harus sama"),
        (["1/S/2024", "1/S/2024"], ["a" * 22, "b" * 22], "nomor kosong atau ganda"),
        (["1/S/2024", "2/S/2024"], ["a" * 22, "a" * 22], "tidak sah atau ganda"),
        (["1/S/2024", "2/S/2024"], ["a" * 22, "../../etc"], "tidak sah atau ganda"),
        (["1/S/2024", "1-S-2024"], ["a" * 22, "b" * 22], "nama berkas yang sama"),
    ],
)
def test_daftar_tidak_serasi_ditolak(tmp_path, nomor, ids, pesan):
    p = [Peserta(nama="Ani", instansi="SD 1"), Peserta(nama="Budi", instansi="SD 2")]
    with pytest.raises(InputError, match=pesan):
        render_sertifikat(kegiatan_contoh(), p, nomor, ids, tmp_path / "k",
                          konfigurasi=konfigurasi_uji())  # fmt: skip
    assert not (tmp_path / "k").exists() or not any((tmp_path / "k").iterdir())


def test_tanpa_url_verifikasi_ditolak(tmp_path):
    from naskah.config import Konfigurasi

    with pytest.raises(RenderError, match="url_verifikasi"):
        render_sertifikat(kegiatan_contoh(), [Peserta(nama="Ani", instansi="SD")], ["1/S/2024"],
                          ["a" * 22], tmp_path / "k", konfigurasi=Konfigurasi())  # fmt: skip
    assert not any((tmp_path / "k").iterdir())


def test_templat_tanpa_penanda_awal_ditolak(tmp_path, konverter):
    templat = _templat_diubah(tmp_path, b'w:name="AwalSertifikat"', b'w:name="Lain"')
    with pytest.raises(RenderError, match="AwalSertifikat"):
        render_sertifikat(
            kegiatan_contoh(), [Peserta(nama="Ani", instansi="SD")], ["1/S/2024"], ["a" * 22],
            tmp_path / "k", OpsiSertifikat(templat=templat),
            konfigurasi=konfigurasi_uji(), konverter=konverter,
        )  # fmt: skip
    assert not any((tmp_path / "k").iterdir())


def test_jabatan_dua_baris_nama_pendek_tetap_dua_halaman(tmp_path, konverter):
    """A signer's long jabatan (two lines) under a short name still fits the front page."""
    kg = kegiatan_contoh()
    kg.penandatangan.jabatan = "Kepala Balai Penjaminan Mutu Pendidikan Provinsi Kalimantan Timur"
    peserta = [Peserta(nama="Ani Suryani", instansi="SD 1"), Peserta(nama="Budi", instansi="SD 2")]
    pdf = render_sertifikat(
        kg, peserta, ["1/S/2024", "2/S/2024"], ["c" * 22, "d" * 22], tmp_path / "k",
        konfigurasi=konfigurasi_uji(), konverter=konverter,
    )  # fmt: skip
    for berkas in pdf:
        with pikepdf.open(berkas) as doc:
            assert len(doc.pages) == 2, berkas.name
        depan = satu_baris(teks_halaman(berkas)[0])
        assert "KEPALA BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TIMUR," in depan


KEGIATAN_PANJANG = (
    "Pendampingan Penyusunan Kurikulum Operasional Satuan Pendidikan dan Perencanaan Berbasis "
    "Data bagi Kepala Sekolah, Pengawas, dan Guru Jenjang Pendidikan Dasar dan Menengah di "
    "Kabupaten Kutai Kartanegara, Kutai Timur, dan Kutai Barat Tahun Anggaran 2024"
)
NAMA_80 = "Raden Roro Siti Nurhaliza Kusumaningrum Wijayakusuma Prawiranegara, S.Pd., M.Pd."[:80]


def _kotak_kata(pdf: Path, halaman: int) -> tuple[float, float, list[tuple[float, ...]]]:
    """Return (page width, page height, word boxes x0 y0 x1 y1) of one page, in points."""
    import re

    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(halaman), "-l", str(halaman), str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    lebar, tinggi = (float(v) for v in re.search(r'<page width="([\d.]+)" height="([\d.]+)"',
                                                  html).groups())  # fmt: skip
    pola = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"'
    kata = [tuple(float(v) for v in m.groups()) for m in re.finditer(pola, html)]
    return lebar, tinggi, kata


@pytest.mark.parametrize("nama_kegiatan", ["contoh", "panjang"])
def test_tata_letak_bertahan_untuk_nama_ekstrem(tmp_path, konverter, nama_kegiatan):
    # issue 21: names of 3 to 80 characters and a long activity name keep the certificate on
    # two pages, the name on one line, and every word clear of the frame's ornament bands
    kegiatan = kegiatan_contoh()
    if nama_kegiatan == "panjang":
        kegiatan = kegiatan.model_copy(deep=True)
        kegiatan.kegiatan.nama = KEGIATAN_PANJANG
    peserta = [
        Peserta(nama="Ani", instansi="SD 1", peran="peserta"),
        Peserta(
            nama=NAMA_80,
            instansi="Dinas Pendidikan dan Kebudayaan Kabupaten Kutai Kartanegara",
            peran="narasumber",
        ),  # fmt: skip
    ]
    assert len(NAMA_80) == 80
    pdf = render_sertifikat(
        kegiatan, peserta, ["0001/S/2024", "0002/S/2024"],
        [secrets_id(i) for i in range(2)], tmp_path / "k", OpsiSertifikat(),
        konfigurasi=konfigurasi_uji(), konverter=konverter,
    )  # fmt: skip
    cm = 72 / 2.54
    for p, berkas in zip(peserta, pdf, strict=True):
        with pikepdf.open(berkas) as doc:
            assert len(doc.pages) == 2, berkas.name
        baris = teks_halaman(berkas)[0].splitlines()
        assert any(p.nama in b for b in baris), f"{p.nama!r} tidak utuh di satu baris"
        for halaman in (1, 2):
            lebar, tinggi, kata = _kotak_kata(berkas, halaman)
            # the frame reaches 1.2 cm from each edge; the guilloche bands 1.9 cm from the top
            # and the bottom
            for x0, y0, x1, y1 in kata:
                assert 1.2 * cm <= x0 and x1 <= lebar - 1.2 * cm, (berkas.name, halaman, x0, x1)
                assert 1.9 * cm <= y0 and y1 <= tinggi - 1.9 * cm, (berkas.name, halaman, y0, y1)


def secrets_id(i: int) -> str:
    return f"ekstrem-{i:02d}-{'x' * 16}"


@pytest.mark.parametrize("materi_sama", [False, True])
def test_lapisan_teks_dari_bagian_sama_dengan_dari_berkasnya(tmp_path, monkeypatch, materi_sama):
    """The text layer read from the converted parts is what each certificate's own PDF gives.

    Seven certificates in parts of three, all converted by ONE converter in one call; with the
    materi page the same for everyone (the participant line removed) it is shared, and each
    certificate's text still ends with it.
    """
    from naskah.render import KonverterLibreOffice
    from naskah.render import sertifikat as modul
    from naskah.render.sertifikat import render_sertifikat_teks
    from naskah.render.teks import teks_banyak

    dibagi: list[bool] = []
    asli = modul._materi_sekali
    monkeypatch.setattr(modul, "_materi_sekali", lambda *a: dibagi.append(asli(*a)) or dibagi[-1])

    templat = None
    if materi_sama:
        templat = _templat_diubah(
            tmp_path, b">Lampiran sertifikat nomor {{ s.nomor }} atas nama {{ s.nama }}<", b"><"
        )
    peserta = [Peserta(nama=f"Peserta Ke {i}", instansi="SD 1") for i in range(1, 8)]
    konverter = KonverterLibreOffice(profil=tmp_path / "profil")
    pdf, teks = render_sertifikat_teks(
        kegiatan_contoh(), peserta, [f"{i}/S/2024" for i in range(1, 8)],
        [f"{'x' * 20}{i:02d}" for i in range(1, 8)], tmp_path / "k",
        OpsiSertifikat(templat=templat, per_berkas=3), konfigurasi=konfigurasi_uji(),
        konverter=konverter,
    )  # fmt: skip
    # parts of 3, 3 and 1 (a part of one certificate has nothing to share)
    assert dibagi == [materi_sama, materi_sama, False]
    assert teks == teks_banyak(pdf)
    for p, t, berkas in zip(peserta, teks, pdf, strict=True):
        depan, belakang = t.split("\f")
        assert p.nama in depan and "DAFTAR MATERI" in belakang
        assert len(pikepdf.open(berkas).pages) == 2
        assert (f"atas nama {p.nama}" in satu_baris(belakang)) is not materi_sama
