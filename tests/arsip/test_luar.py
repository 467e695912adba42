"""Documents of other offices (issue 22): ``naskah arsip impor --luar``.

A decree of the ministry or a letter received is kept without any naskah.toml change and
without taking, needing or blocking a number of this office; its fields come from its PDF (the
layouts of :mod:`naskah.arsip.luar`), options override them; its signature is verified and said
honestly, never as this office's SAH; it is found by ``naskah cari`` on both engines; bad input
is one sentence and stores nothing.
"""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import date
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from naskah.arsip.luar import baca_kepala, bagian_nomor
from tests.conftest import BENIH
from tests.register.conftest import jalankan_cli, tulis_kantor
from tests.tte.pdfbuat import buat_pdf_terenkripsi

DIKTI = """\
KEMENTERIAN PENDIDIKAN, KEBUDAYAAN,
RISET, DAN TEKNOLOGI
DIREKTORAT JENDERAL PENDIDIKAN TINGGI
Jalan Jenderal Sudirman Pintu Satu, Senayan, Jakarta 10270
KEPUTUSAN DIREKTUR JENDERAL PENDIDIKAN TINGGI
NOMOR 38/E/KPT/2021
TENTANG
PEDOMAN PENYELENGGARAAN PROGRAM STUDI
DI LUAR KAMPUS UTAMA
DIREKTUR JENDERAL PENDIDIKAN TINGGI,
Menimbang : a. bahwa untuk meningkatkan akses pendidikan tinggi di daerah terpencil;
MEMUTUSKAN:
Ditetapkan di Jakarta
pada tanggal 15 Maret 2021
DIREKTUR JENDERAL,
ttd.
NIZAM
NIP 196107061987101001
"""

DISDIK = """\
PEMERINTAH KABUPATEN KUTAI KARTANEGARA
DINAS PENDIDIKAN DAN KEBUDAYAAN
Jalan Wolter Monginsidi Nomor 1 Tenggarong 75512
Nomor : 421/2345/Disdikbud/PR.01.01/2024          Tenggarong, 12 Maret 2024
Lampiran : 1 berkas
Hal : Permohonan Narasumber Bimbingan Teknis Kurikulum Merdeka
Yth. Kepala BPMP Provinsi Kalimantan Timur
di Samarinda
Dengan hormat, kami mohon kesediaan Bapak menugaskan narasumber bimtek kurikulum.
Kepala Dinas,
Dr. H. Thauhid Afrilian Noor, M.Pd.
NIP 19700101 199503 1 002
"""

KALTENG = """\
LAMPIRAN III
KEPUTUSAN KEPALA BALAI PENJAMINAN MUTU
PENDIDIKAN PROVINSI KALIMANTAN TENGAH NOMOR:
0274/C7.22/OT.02.02/2025, TANGGAL 6 MARET 2025
TENTANG
PENETAPAN STANDAR PELAYANAN PUBLIK BALAI
PENJAMINAN MUTU PENDIDIKAN PROVINSI
KALIMANTAN TENGAH
Penyampaian Pelayanan (Service Delivery)
Palangka Raya, 6 Maret 2025
Kepala BPMP Provinsi Kalimantan Tengah
Dr. Tomy Haridjaya, S.Sos.,M.M.
NIP 197010192002121002
"""


def pdf_baris(teks: str, halaman: int = 1) -> bytes:
    """Return a PDF whose text layer holds ``teks`` line by line (as a word processor writes)."""
    w = pypdf.PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    ref = w._add_object(font)
    garis = [
        b.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for b in teks.splitlines()
    ]
    isi = "BT /F1 10 Tf 12 TL 50 800 Td " + " ".join(f"({b}) Tj T*" for b in garis) + " ET"
    for _ in range(halaman):
        page = w.add_blank_page(595, 842)
        st = DecodedStreamObject()
        st.set_data(isi.encode("cp1252"))
        page[NameObject("/Contents")] = w._add_object(st)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): ref})}
        )
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


# -- reading the layouts -----------------------------------------------------------------------


def test_keputusan_kementerian_dengan_kop() -> None:
    k = baca_kepala(DIKTI)
    assert k.nomor == "38/E/KPT/2021" and k.tanggal == date(2021, 3, 15)
    assert k.tentang == "PEDOMAN PENYELENGGARAAN PROGRAM STUDI DI LUAR KAMPUS UTAMA"
    assert k.instansi == "DIREKTORAT JENDERAL PENDIDIKAN TINGGI" and k.jenis == "keputusan"
    assert (k.penandatangan, k.nip) == ("NIZAM", "196107061987101001")


def test_surat_dinas_pemda_hal_dan_tanggal_surat() -> None:
    k = baca_kepala(DISDIK)
    assert k.nomor == "421/2345/Disdikbud/PR.01.01/2024" and k.tanggal == date(2024, 3, 12)
    assert k.tentang == "Permohonan Narasumber Bimbingan Teknis Kurikulum Merdeka"
    assert k.jenis == "surat"
    # the regional office keeps the local government it belongs to
    assert k.instansi == "DINAS PENDIDIKAN DAN KEBUDAYAAN KABUPATEN KUTAI KARTANEGARA"
    assert (k.penandatangan, k.nip) == ("Dr. H. Thauhid Afrilian Noor, M.Pd.", "197001011995031002")


def test_lampiran_tanpa_kop_instansi_dari_jabatan_judul() -> None:
    k = baca_kepala(KALTENG)
    assert k.nomor == "0274/C7.22/OT.02.02/2025" and k.tanggal == date(2025, 3, 6)
    assert k.instansi == "BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TENGAH"
    assert k.tentang == (
        "PENETAPAN STANDAR PELAYANAN PUBLIK BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI "
        "KALIMANTAN TENGAH"
    )
    assert k.penandatangan == "Dr. Tomy Haridjaya, S.Sos.,M.M."


def test_keputusan_benih_tanda_tangan_bukan_tabel_lampiran() -> None:
    (seed,) = [p for p in BENIH.glob("003_*.txt")]
    k = baca_kepala(seed.read_text(encoding="utf-8"))
    assert k.nomor == "0512/C7.24/HK.03.01/2024" and k.tanggal == date(2024, 5, 21)
    assert k.nip == "197003191997031001"  # the signature block's, not an appendix table row


def test_teks_kosong_dan_bagian_nomor() -> None:
    assert baca_kepala("") == baca_kepala("\f\f")
    assert baca_kepala("").nomor is None
    assert bagian_nomor("0274/C7.22/OT.02.02/2025") == ("C7.22", "OT.02.02")
    assert bagian_nomor("38/E/KPT/2021") == ("E", None)
    assert bagian_nomor("421/2345/Disdikbud/PR.01.01/2024") == (None, "PR.01.01")
    assert bagian_nomor("12/2024") == (None, None)


# -- through the CLI, on both registers and search engines ---------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def kantor(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """An office folder: SQLite register + Whoosh search, then PostgreSQL for both."""
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("server_pg").basis_baru()
    folder = tmp_path / "kantor"
    tulis_kantor(folder, url=url)
    if url:
        with (folder / "naskah.toml").open("a", encoding="utf-8") as f:
            f.write('\n[cari]\nmesin = "postgresql"\n')
    (folder / "masuk").mkdir()
    (folder / "masuk" / "sk-dikti.pdf").write_bytes(pdf_baris(DIKTI))
    (folder / "masuk" / "surat-disdik.pdf").write_bytes(pdf_baris(DISDIK))
    return folder


def _nomor_kantor(folder: Path) -> int:
    """Return how many numbers the office's register holds (SQLite only; None elsewhere)."""
    db = folder / "archive" / "register.sqlite"
    if not db.exists():
        return 0
    with sqlite3.connect(db) as c:
        return int(c.execute("SELECT count(*) FROM nomor").fetchone()[0])


def _satu_galat(r) -> str:  # type: ignore[no-untyped-def]
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and "tak terduga" not in r.stderr, r.stderr
    (baris,) = r.stderr.strip().splitlines()
    assert baris.startswith("Galat: ")
    return baris


@pytest.mark.slow
def test_impor_luar_tanpa_nomor_kantor_dan_dapat_dicari(kantor: Path) -> None:
    toml = (kantor / "naskah.toml").read_bytes()
    r = jalankan_cli(kantor, "arsip", "impor", "--luar", "masuk/sk-dikti.pdf",
                     "masuk/surat-disdik.pdf", "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr
    hasil = json.loads(r.stdout)
    assert hasil["baru"] and len(hasil["entri"]) == 2
    dikti, disdik = sorted(hasil["entri"], key=lambda e: e["tanggal"])
    assert dikti["asal"] == "luar" and dikti["instansi"] == "DIREKTORAT JENDERAL PENDIDIKAN TINGGI"
    assert dikti["lokasi"] == "luar/2021/keputusan/38-E-KPT-2021/v1"
    assert disdik["jenis"] == "surat" and disdik["lokasi"].startswith("luar/2024/surat/")
    md = json.loads((kantor / "archive" / dikti["lokasi"] / "metadata.json").read_text())
    assert md["asal"] == "luar" and md["isi"]["seri"] == ""
    assert (md["isi"]["nomor"], md["isi"]["tanggal"]) == ("38/E/KPT/2021", "2021-03-15")
    assert md["isi"]["unit"] == "E" and md["isi"]["klasifikasi"] is None
    (orang,) = md["isi"]["penandatangan"]
    assert (orang["nama"], orang["nip"]) == ("NIZAM", "196107061987101001")
    # no number of this office taken, blocked or needed; naskah.toml untouched
    assert (kantor / "naskah.toml").read_bytes() == toml
    assert _nomor_kantor(kantor) == 0
    r = jalankan_cli(kantor, "nomor", "ambil", "-s", "naskah", "-t", "2024-03-13", "-p",
                     "Balasan", "-k", "HK.03.01", "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["teks"] == "0001/C7.24/HK.03.01/2024", r.stdout
    # found by naskah cari like the office's own: by part of its number, its office, its subject
    kueri = {
        "38/E": "38/E/KPT/2021",
        "dikti 38": "38/E/KPT/2021",
        "kutai kartanegara narasumber": "421/2345/Disdikbud/PR.01.01/2024",
    }
    for teks, nomor in kueri.items():
        r = jalankan_cli(kantor, "cari", teks, "--json")
        assert r.returncode == 0, (teks, r.stdout, r.stderr)
        daftar = json.loads(r.stdout)["hasil"]
        assert daftar and daftar[0]["nomor"] == nomor, (teks, daftar)
    # the same files again: nothing new
    r = jalankan_cli(kantor, "arsip", "impor", "--luar", "masuk/sk-dikti.pdf")
    assert r.returncode == 0 and r.stdout.startswith("Sudah diarsipkan"), r.stdout + r.stderr
    r = jalankan_cli(kantor, "arsip", "periksa")
    assert r.returncode == 0 and "Arsip utuh." in r.stdout, r.stdout


@pytest.mark.slow
def test_opsi_menggantikan_isian_pdf(kantor: Path) -> None:
    r = jalankan_cli(kantor, "arsip", "impor", "--luar", "masuk/sk-dikti.pdf", "--perihal",
                     "Pedoman PSDKU", "--instansi", "Ditjen Diktiristek", "--tanggal",
                     "2021-03-16", "--nip", "19610706 198710 1 001", "--klasifikasi", "PP.03.01",
                     "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr
    (e,) = json.loads(r.stdout)["entri"]
    assert (e["tentang"], e["instansi"], e["tanggal"]) == (
        "Pedoman PSDKU",
        "Ditjen Diktiristek",
        "2021-03-16",
    )
    md = json.loads((kantor / "archive" / e["lokasi"] / "metadata.json").read_text())
    assert md["isi"]["klasifikasi"] == "PP.03.01"
    assert md["isi"]["penandatangan"][0]["nip"] == "196107061987101001"
    # the same file again, its fields read differently this time: the entry kept before
    r = jalankan_cli(kantor, "arsip", "impor", "--luar", "masuk/sk-dikti.pdf", "--json")
    assert r.returncode == 0, r.stderr
    hasil = json.loads(r.stdout)
    assert not hasil["baru"] and hasil["entri"][0]["id"] == e["id"]


def _kosong(kantor: Path) -> bool:
    """Return True when nothing was archived (no outside folder, no leftovers)."""
    arsip = kantor / "archive"
    return not (arsip / "luar").exists() and not list((arsip / ".sementara").glob("*"))


@pytest.mark.slow
def test_masukan_buruk_satu_kalimat_tanpa_menyimpan(kantor: Path) -> None:
    m = kantor / "masuk"
    (m / "bukan.pdf").write_text("ini surat biasa, bukan PDF", encoding="utf-8")
    buat_pdf_terenkripsi(m / "terkunci.pdf")
    (m / "terpotong.pdf").write_bytes(pdf_baris(DIKTI)[:400])
    with (m / "raksasa.pdf").open("wb") as f:  # sparse: its size alone is refused
        f.truncate(201 * 1024 * 1024)
    (m / "tanpa-nomor.pdf").write_bytes(pdf_baris("Undangan rapat koordinasi tanpa kop\n" * 3))
    harapan = {
        "bukan.pdf": "bukan berkas PDF",
        "terkunci.pdf": "terenkripsi",
        "terpotong.pdf": "rusak atau terpotong",
        "raksasa.pdf": "terlalu besar",
        "tanpa-nomor.pdf": "tidak terbaca dari PDF-nya; sebutkan dengan --nomor",
        "tidak-ada.pdf": "tidak ditemukan",
    }
    for nama, pesan in harapan.items():
        baris = _satu_galat(jalankan_cli(kantor, "arsip", "impor", "--luar", f"masuk/{nama}"))
        assert pesan in baris, (nama, baris)
        assert _kosong(kantor), nama
    # several PDFs: one bad one stores none of them, and is named
    r = jalankan_cli(kantor, "arsip", "impor", "--luar", "masuk/sk-dikti.pdf", "masuk/bukan.pdf")
    assert r.returncode == 1 and "bukan.pdf" in r.stderr and "Traceback" not in r.stderr
    assert _kosong(kantor)
    # usage: fields of one document for several
    r = jalankan_cli(kantor, "arsip", "impor", "--luar", "masuk/sk-dikti.pdf",
                     "masuk/surat-disdik.pdf", "--nomor", "1/X/2024")  # fmt: skip
    assert r.returncode == 2 and _kosong(kantor)


@pytest.mark.slow
def test_pindaian_tanpa_teks_dengan_opsi_ditandai_perlu_ocr(kantor: Path) -> None:
    w = pypdf.PdfWriter()
    w.add_blank_page(595, 842)
    buf = io.BytesIO()
    w.write(buf)
    (kantor / "masuk" / "pindaian.pdf").write_bytes(buf.getvalue())
    baris = _satu_galat(jalankan_cli(kantor, "arsip", "impor", "--luar", "masuk/pindaian.pdf"))
    assert "--nomor, --tanggal, --tentang, --instansi" in baris
    r = jalankan_cli(kantor, "arsip", "impor", "--luar", "masuk/pindaian.pdf", "--nomor",
                     "005/UND/2024", "--tanggal", "2024-02-01", "--tentang", "Undangan",
                     "--instansi", "LPMP Kaltara", "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr
    (e,) = json.loads(r.stdout)["entri"]
    assert e["perlu_ocr"] and e["jenis"] == "lainnya"


@pytest.mark.slow
def test_tanda_tangan_pihak_lain_disebut_bukan_sah_kantor(kantor: Path, tmp_path: Path) -> None:
    from naskah.tte import OpsiTandaTangan, SesiTandaTangan, buat_p12_contoh, muat_p12

    p12 = buat_p12_contoh(tmp_path / "nizam.p12", "Nizam", b"sandi", jabatan="Direktur Jenderal")
    with muat_p12(p12, b"sandi") as p:
        sesi = SesiTandaTangan(p, OpsiTandaTangan(keluaran=kantor / "masuk", tanpa_catatan=True))
        ttd = sesi.tandatangani(kantor / "masuk" / "sk-dikti.pdf").keluaran
    r = jalankan_cli(kantor, "arsip", "impor", "--luar", str(ttd.relative_to(kantor)))
    assert r.returncode == 0, r.stderr
    kalimat = [b.strip() for b in r.stdout.splitlines() if b.strip().startswith("Tanda tangan")]
    assert len(kalimat) == 1, r.stdout
    assert "dari pihak lain" in kalimat[0] and "tidak berantai ke akar tepercaya" in kalimat[0]
    assert "38/E/KPT/2021" in kalimat[0]
    r = jalankan_cli(kantor, "arsip", "periksa", "--json")
    lap = json.loads(r.stdout)
    assert r.returncode == 0 and lap["bersih"] and lap["tanda_tangan"] == 1, r.stdout
    assert len(lap["catatan"]) == 1 and "dari pihak lain" in lap["catatan"][0]
    r = jalankan_cli(kantor, "arsip", "periksa")
    assert "[naskah instansi lain] Tanda tangan" in r.stdout and "Arsip utuh." in r.stdout
    # tte verifikasi: archived, but as another office's document, never this office's SAH
    r = jalankan_cli(kantor, "tte", "verifikasi", str(ttd), "--luring", "--json")
    (v,) = json.loads(r.stdout)
    assert v["arsip"]["diarsipkan"] and not v["arsip"]["sah"] and not v["arsip"]["terdaftar"]
    assert v["arsip"]["entri"]["asal"] == "luar"
    r = jalankan_cli(kantor, "tte", "verifikasi", str(ttd), "--luring")
    assert "naskah dari instansi lain" in r.stdout and "nomornya terdaftar" not in r.stdout
    # the public service (asking without luar) is not told the office holds this letter
    from naskah.arsip import Arsip
    from naskah.config import muat_konfigurasi

    with Arsip(muat_konfigurasi(kantor / "naskah.toml")) as a:
        data = ttd.read_bytes()
        assert not a.periksa_berkas(data).diarsipkan
        assert a.periksa_berkas(data, luar=True).luar
        (e,) = [e for e in a.riwayat("38/E/KPT/2021")]
        assert a.cari_verifikasi(e.id_verifikasi) is None  # no public verification page
