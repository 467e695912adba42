"""Layout rules that need no word processor: balanced lines, deputy forms, copies, lampiran
naming, the flowchart's drawing rules, the format reference and the linter's layout findings."""

from __future__ import annotations

import io
import itertools
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from PIL import Image
from pydantic import ValidationError

from naskah.errors import InputError
from naskah.loader import muat_dokumen
from naskah.models import Alur, Keputusan, Mewakili, Pejabat, Salinan
from naskah.periksa import periksa_dokumen
from naskah.referensi import referensi_format
from naskah.render.flowchart import PenggambarAlur
from naskah.render.konteks import NBSP, baris_jabatan_ttd, rekat
from naskah.render.pecah import pecah_seimbang, pengukur
from naskah.render.templat import contoh_dokumen
from tests.conftest import EXAMPLES

AKAR = Path(__file__).resolve().parents[1]
BOOKMAN = pengukur("Bookman Old Style", 12)


# --- balanced lines ----------------------------------------------------------------------------


@pytest.mark.parametrize("judul", [
    "KEPALA BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TIMUR,",
    "PENETAPAN STANDAR PELAYANAN (SP) DI UNIT LAYANAN TERPADU BPMP PROVINSI KALIMANTAN TIMUR "
    "TAHUN 2024",
    "KERJA SAMA FASILITASI PENINGKATAN MUTU PENDIDIKAN ANTARA BALAI PENJAMINAN MUTU PENDIDIKAN "
    "PROVINSI KALIMANTAN TIMUR DAN DINAS PENDIDIKAN KABUPATEN KUTAI KARTANEGARA TAHUN 2024",
])  # fmt: skip
def test_judul_panjang_dipecah_seimbang_tanpa_kata_tunggal(judul):
    baris = pecah_seimbang(judul, 430, BOOKMAN)
    assert " ".join(baris) == judul
    assert len(baris) >= 2
    assert all(BOOKMAN(b) <= 430 for b in baris)
    assert all(len(b.split()) >= 2 for b in baris), baris
    # inverted pyramid: no line shorter than the one below it
    assert all(BOOKMAN(a) >= BOOKMAN(b) for a, b in zip(baris, baris[1:], strict=False)), baris


def test_judul_seperti_juru_ketik():
    assert pecah_seimbang(
        "KEPALA BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TIMUR,", 430, BOOKMAN
    ) == ["KEPALA BALAI PENJAMINAN MUTU PENDIDIKAN", "PROVINSI KALIMANTAN TIMUR,"]


def test_judul_pendek_satu_baris():
    assert pecah_seimbang("KEPUTUSAN", 430, BOOKMAN) == ["KEPUTUSAN"]
    assert pecah_seimbang("", 430, BOOKMAN) == []


def test_nomor_tanggal_dan_nip_tidak_dipatah_tanpa_karakter_tak_terlihat():
    # issue 21: no zero-width spaces; dates, NIPs and numbers with their names stay together
    teks = rekat(
        "Keputusan Nomor 0512/C7.24/HK.03.01/2024 tanggal 21 Mei 2024, NIP 19700319 199703 1 "
        "001, paling lambat 7 (tujuh) hari, TANGGAL 6 MARET 2025, lihat https://a.go.id/b/c."
    )
    assert "\u200b" not in teks and "\u2060" not in teks
    assert "Nomor 0512/C7.24/HK.03.01/2024" in teks  # one word: never broken, no glue needed
    assert f"21{NBSP}Mei{NBSP}2024" in teks and f"6{NBSP}MARET{NBSP}2025" in teks
    assert f"19700319{NBSP}199703{NBSP}1{NBSP}001" in teks
    assert f"7{NBSP}(tujuh) hari" in teks
    assert "https://a.go.id/b/c." in teks and "lihat https" in teks  # other spaces untouched
    assert rekat("pada 12 orang") == "pada 12 orang"
    # a year range typed with spaces (the Blora school decree) is one unit too
    assert rekat("TAHUN PELAJARAN 2021 / 2022.") == f"TAHUN PELAJARAN 2021{NBSP}/{NBSP}2022."


def test_judul_tidak_memulai_baris_dengan_angka_pendek():
    # the Blora school decree's title broke "SEMESTER | 2 TAHUN PELAJARAN 2021 / | 2022"
    from naskah.render.konteks import LEBAR_JUDUL, baris_judul

    baris = baris_judul(
        "PEMBAGIAN TUGAS GURU DALAM KEGIATAN PROSES BELAJAR MENGAJAR / BIMBINGAN SEMESTER 2 "
        "TAHUN PELAJARAN 2021 / 2022",
        LEBAR_JUDUL,
    )
    assert len(baris) > 1
    for b in baris:
        assert not re.match(r"\d{1,2}\b", b) and not b.startswith(("/", "2022")), baris
    assert any(f"SEMESTER{NBSP}2" in b for b in baris)


# --- deputy forms and copies -------------------------------------------------------------------

KEPALA = "Kepala BPMP Provinsi Kalimantan Timur"


def _pejabat(jabatan: str | None = "Kepala Subbagian Umum") -> Pejabat:
    return Pejabat(nama="Siti Rahmawati", nip="19800512 200501 2 003", jabatan=jabatan)


@pytest.mark.parametrize("tulisan, bentuk", [
    ("a.n.", "a.n."), ("an", "a.n."), ("A.N", "a.n."), ("atas nama", "a.n."), ("u.b.", "u.b."),
    ("ub", "u.b."), ("plt", "Plt."), ("PLH.", "Plh."), ("pj", "Pj."),
])  # fmt: skip
def test_bentuk_mewakili_dibakukan(tulisan, bentuk):
    perantara = "Kepala Subbagian Umum" if bentuk == "u.b." else None
    assert Mewakili(bentuk=tulisan, jabatan=KEPALA, perantara=perantara).bentuk == bentuk


def test_ub_memerlukan_perantara_dan_perantara_hanya_untuk_ub():
    with pytest.raises(ValidationError, match="u.b. memerlukan perantara"):
        Mewakili(bentuk="u.b.", jabatan=KEPALA)
    with pytest.raises(ValidationError, match="perantara hanya dipakai pada u.b."):
        Mewakili(bentuk="a.n.", jabatan=KEPALA, perantara="Kepala Subbagian Umum")
    with pytest.raises(ValidationError, match="literal_error"):
        Mewakili(bentuk="wakil", jabatan=KEPALA)


def test_baris_jabatan_setiap_bentuk():
    p = _pejabat()
    assert baris_jabatan_ttd(p, "Kepala") == ["KEPALA SUBBAGIAN UMUM,"]
    assert baris_jabatan_ttd(p, "x", Mewakili(bentuk="a.n.", jabatan=KEPALA)) == [
        "a.n. KEPALA BPMP PROVINSI KALIMANTAN TIMUR", "KEPALA SUBBAGIAN UMUM,"]  # fmt: skip
    ub = Mewakili(bentuk="u.b.", jabatan=KEPALA, perantara="Kepala Subbagian Umum")
    staf = _pejabat("Koordinator ULT")
    assert baris_jabatan_ttd(staf, "x", ub) == [
        "a.n. KEPALA BPMP PROVINSI KALIMANTAN TIMUR", "KEPALA SUBBAGIAN UMUM", "u.b.",
        "KOORDINATOR ULT,"]  # fmt: skip
    for bentuk in ("Plt.", "Plh.", "Pj."):
        assert baris_jabatan_ttd(p, "x", Mewakili(bentuk=bentuk, jabatan=KEPALA)) == [
            f"{bentuk} KEPALA BPMP PROVINSI KALIMANTAN TIMUR,"]  # fmt: skip


def test_salinan_bentuk_ringkas_dan_lengkap():
    data = contoh_dokumen("keputusan").model_dump()
    data["salinan"] = True
    assert Keputusan.model_validate(data).salinan == Salinan()
    data["salinan"] = False
    assert Keputusan.model_validate(data).salinan is None
    data["salinan"] = {"pengesah": _pejabat().model_dump(), "tanda": "TTD."}
    k = Keputusan.model_validate(data)
    assert k.salinan and k.salinan.pengesah and k.salinan.tanda == "TTD."


def test_pengesah_salinan_boleh_merujuk_pejabat_di_naskah_toml(tmp_path, kantor):
    from naskah.config import muat_konfigurasi

    konf = muat_konfigurasi(kantor / "naskah.toml")
    nama = next(iter(konf.pejabat))
    data = yaml.safe_load((EXAMPLES / "keputusan-bpmp-kaltim-2024.yaml").read_text())
    data["salinan"] = {"pengesah": nama}
    path = tmp_path / "salinan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    k = muat_dokumen(path, konf)
    assert isinstance(k, Keputusan) and k.salinan and k.salinan.pengesah
    assert k.salinan.pengesah == konf.pejabat[nama]


# --- lampiran naming ---------------------------------------------------------------------------


def test_satu_lampiran_disebut_lampiran_tanpa_nomor():
    data = contoh_dokumen("keputusan").model_dump()
    data["lampiran"] = data["lampiran"][1:]
    data["diktum"] = ["Pedoman tercantum dalam {lampiran:bebas}.", "Berlaku."]
    k = Keputusan.model_validate(data)
    assert k.lampiran_berlabel()[0][0] == ""
    assert k.diktum_berlabel()[0][1] == "Pedoman tercantum dalam Lampiran."
    data["lampiran"] = contoh_dokumen("keputusan").model_dump()["lampiran"]
    k = Keputusan.model_validate(data)
    assert [n for n, _ in k.lampiran_berlabel()] == ["I", "II"]
    assert k.diktum_berlabel()[0][1] == "Pedoman tercantum dalam Lampiran II."


def test_sk_kerja_sama_merujuk_rincian_yang_dibangkitkan():
    sk = muat_dokumen(EXAMPLES / "sk-kerja-sama-contoh.yaml")
    assert sk.id_lampiran() == ["rincian_kerja_sama"]  # type: ignore[attr-defined]
    assert "tercantum dalam Lampiran yang" in sk.diktum_berlabel()[0][1]  # type: ignore[attr-defined]


# --- the linter's layout findings --------------------------------------------------------------


def _kode(dok) -> list[str]:
    return [t.kode for t in periksa_dokumen(dok, hari_ini=date(2026, 1, 1))]


def test_linter_bentuk_mewakili():
    data = contoh_dokumen("surat_tugas").model_dump()
    data["mewakili"] = {"bentuk": "a.n.", "jabatan": KEPALA}
    data["penandatangan"] = {"nama": "Siti Rahmawati", "nip": "19800512 200501 2 003"}
    from naskah.models import SuratTugas

    assert "ttd-jabatan-sendiri" in _kode(SuratTugas.model_validate(data))
    data["penandatangan"]["jabatan"] = KEPALA
    assert "ttd-mewakili-diri" in _kode(SuratTugas.model_validate(data))
    data["penandatangan"]["jabatan"] = "Kepala Subbagian Umum"
    kode = _kode(SuratTugas.model_validate(data))
    assert not {"ttd-jabatan-sendiri", "ttd-mewakili-diri"} & set(kode)
    kep = contoh_dokumen("keputusan").model_dump()
    kep["mewakili"] = {"bentuk": "a.n.", "jabatan": KEPALA}
    assert "ttd-keputusan-atas-nama" in _kode(Keputusan.model_validate(kep))
    kep["mewakili"] = {"bentuk": "Plh.", "jabatan": KEPALA}
    assert "ttd-keputusan-atas-nama" not in _kode(Keputusan.model_validate(kep))


def test_linter_salinan_tanpa_pengesah():
    kep = contoh_dokumen("keputusan").model_dump()
    kep["salinan"] = True
    assert "salinan-tanpa-pengesah" in _kode(Keputusan.model_validate(kep))
    kep["salinan"] = {"pengesah": {"nama": "Ahmad Fauzi"}}
    assert "salinan-pengesah-tidak-lengkap" in _kode(Keputusan.model_validate(kep))
    kep["salinan"] = {"pengesah": _pejabat().model_dump()}
    kode = _kode(Keputusan.model_validate(kep))
    assert not {"salinan-tanpa-pengesah", "salinan-pengesah-tidak-lengkap"} & set(kode)


def test_salinan_tidak_lengkap_adalah_galat():
    # issue 21: a copy without the authenticating official's jabatan, name and NIP is not issued
    kep = contoh_dokumen("keputusan").model_dump()
    for salinan in (True, {"pengesah": {"nama": "Ahmad Fauzi"}}):
        kep["salinan"] = salinan
        temuan = periksa_dokumen(Keputusan.model_validate(kep), hari_ini=date(2026, 1, 1))
        tingkat = {t.tingkat for t in temuan if t.kode.startswith("salinan-")}
        assert tingkat == {"galat"}, temuan


def test_linter_kantor_tanpa_logo_dan_tanpa_email():
    kep = contoh_dokumen("keputusan").model_dump()
    kep["instansi"]["email"] = None
    kode = _kode(Keputusan.model_validate(kep))
    assert "kop-tanpa-logo" in kode and "kop-tidak-lengkap" in kode
    kep["instansi"]["tanpa"] = ["email"]
    kep["instansi"]["logo"] = "contoh"
    kode = _kode(Keputusan.model_validate(kep))
    assert "kop-tanpa-logo" not in kode and "kop-tidak-lengkap" not in kode
    kep["instansi"]["logo"] = "tidak-ada.png"
    assert "kop-logo-tidak-ada" in _kode(Keputusan.model_validate(kep))


def test_linter_lampiran_tidak_dirujuk():
    kep = contoh_dokumen("keputusan").model_dump()
    kep["diktum"] = ["Menetapkan {lampiran:sp}.", "Berlaku."]
    temuan = periksa_dokumen(Keputusan.model_validate(kep), hari_ini=date(2026, 1, 1))
    tidak = [t for t in temuan if t.kode == "lampiran-tidak-dirujuk"]
    assert [t.lokasi for t in tidak] == ["lampiran ii"]
    assert "{lampiran:bebas}" in tidak[0].pesan


# --- unknown keys -----------------------------------------------------------------------------


def test_kunci_asing_menyebut_kunci_sah_dan_yang_termirip(tmp_path):
    data = yaml.safe_load((EXAMPLES / "surat-tugas-narasumber.yaml").read_text())
    data["tembusn"] = data.pop("tembusan", ["Arsip"])
    data["petugas"][0]["jabtan"] = data["petugas"][0].pop("jabatan", "Widyaiswara")
    path = tmp_path / "salah-ketik.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(InputError) as exc:
        muat_dokumen(path)
    pesan = {m.lokasi: m.pesan for m in exc.value.masalah}
    assert "maksud Anda `tembusan`?" in pesan["tembusn"]
    assert "petugas" in pesan["tembusn"] and "pelaksanaan" in pesan["tembusn"]
    assert "maksud Anda `jabatan`?" in pesan["petugas[1].jabtan"]
    assert "gelar_depan" in pesan["petugas[1].jabtan"]


# --- flowcharts -------------------------------------------------------------------------------

ALUR_BALIK = Alur.model_validate({"langkah": [
    {"id": "A", "teks": "Menyerahkan surat permohonan kerja sama", "bentuk": "mulai"},
    {"id": "B", "teks": "Permohonan Disetujui?", "bentuk": "keputusan", "ya": "C", "tidak": "T"},
    {"id": "C", "teks": "Menerima surat jawaban"},
    {"id": "D", "teks": "Evaluasi dan pelaporan", "bentuk": "selesai"},
    {"id": "T", "teks": "Menerima arahan penyesuaian", "lanjut": "A"},
]})  # fmt: skip


def test_alur_jalur_utama_lurus_dan_sisi_balik_lewat_kanan():
    src = PenggambarAlur().sumber(ALUR_BALIK)
    for langkah in "ABCD":
        assert re.search(rf"\b{langkah} \[[^\]]*group=utama", src), langkah
    assert not re.search(r"\bT \[[^\]]*group=utama", src)
    balik = re.search(r"T -> A \[([^\]]*)\]", src)
    assert balik and "constraint=false" in balik.group(1)
    assert "tailport=e" in balik.group(1) and "headport=e" in balik.group(1)
    tidak = re.search(r"B -> T \[([^\]]*)\]", src)
    assert tidak and "label=Tidak" in tidak.group(1)
    assert re.search(r"\{\s*rank=same\s*B\s*T\s*\}", src)
    assert "bgcolor=transparent" in src


def test_alur_latar_transparan_dan_teks_seukuran_tabel():
    penggambar = PenggambarAlur()
    with Image.open(io.BytesIO(penggambar.png(ALUR_BALIK))) as img:
        assert img.mode == "RGBA"
        assert img.getpixel((0, 0))[3] == 0  # the corner is transparent
    assert penggambar.ukuran >= 10  # the table's text is 11 pt; charts print at natural size


# --- the format reference ---------------------------------------------------------------------


def test_docs_format_md_mutakhir():
    assert (AKAR / "docs" / "format.md").read_text(encoding="utf-8") == referensi_format(), (
        "docs/format.md tidak sesuai model; bangkitkan ulang: naskah skema > docs/format.md"
    )


def test_referensi_memuat_setiap_jenis_dan_kunci():
    from naskah.models import JENIS_DOKUMEN

    teks = referensi_format()
    for jenis, model in JENIS_DOKUMEN.items():
        assert f"`jenis: {jenis}`" in teks
        for kunci in model.model_fields:
            assert f"| `{kunci}` |" in teks
    assert "(belum ada keterangan)" not in teks


def test_skema_cli_mencetak_referensi(naskah_cli):
    hasil = naskah_cli("skema", "surat_tugas")
    assert hasil.returncode == 0
    assert hasil.stdout == referensi_format("surat_tugas")
    salah = naskah_cli("skema", "suratugas")
    assert salah.returncode == 2 and "pilihan: keputusan" in salah.stderr


# --- kop and title block, read back from the DOCX ----------------------------------------------


def _teks_docx(path) -> list[str]:
    from naskah.render.templat import semua_teks_docx

    return [t.replace("\u200b", "") for t in semua_teks_docx(path) if t.strip()]


def test_kop_tiga_tingkat_dan_baris_kontak_berlabel(tmp_path):
    from naskah.models import Instansi
    from naskah.render import render_docx

    dok = contoh_dokumen("surat_tugas")
    dok.instansi = Instansi(
        kementerian="KEMENTERIAN PENDIDIKAN DASAR DAN MENENGAH",
        unit_utama="DIREKTORAT JENDERAL PENDIDIKAN ANAK USIA DINI, PENDIDIKAN DASAR, DAN "
        "PENDIDIKAN MENENGAH",
        unit="BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TENGAH",
        alamat="Jalan Tjilik Riwut Km 4,5 Nomor 74, Palangka Raya",
        kontak=["Pusat Panggilan ULT 126",
                "Telepon: (0536) 3221434, 3221435; Faksimile: (0536) 3221436, 3221437"],
        kota="Palangka Raya", tanpa=["email"],
    )  # fmt: skip
    from docx import Document

    sel = Document(str(render_docx(dok, tmp_path / "kop.docx"))).tables[0].rows[0].cells[1]
    kop = [p.text.replace("\u200b", "") for p in sel.paragraphs if p.text.strip()]
    gabung = " ".join(kop)
    assert "KEMENTERIAN PENDIDIKAN DASAR DAN MENENGAH DIREKTORAT JENDERAL" in gabung
    assert gabung.index("DIREKTORAT JENDERAL") < gabung.index("BALAI PENJAMINAN MUTU")
    assert kop[-2:] == [
        "Pusat Panggilan ULT 126",
        "Telepon: (0536) 3221434, 3221435; Faksimile: (0536) 3221436, 3221437",
    ]
    assert all(len(b.split()) >= 2 for b in kop), kop  # balanced: no lone word


def test_baris_kontak_bawaan_dua_nomor_masing_masing():
    from naskah.models import Instansi

    i = Instansi(kementerian="K", unit="U", alamat="A", kota="Kota",
                 telepon=["(0541) 260304", "260305"], faksimile=["(0541) 262059", "262060"],
                 laman="bpmp.go.id")  # fmt: skip
    assert i.baris_kontak == [
        "Telepon (0541) 260304, 260305; Faksimile (0541) 262059, 262060",
        "Laman bpmp.go.id",
    ]


def test_judul_penetap_boleh_berbeda_dan_komanya_tetap(tmp_path):
    from naskah.render import render_docx

    data = contoh_dokumen("keputusan").model_dump()
    data["jabatan_penetap"] = (
        "MENTERI PENDIDIKAN, KEBUDAYAAN, RISET, DAN TEKNOLOGI REPUBLIK INDONESIA"
    )
    data["penetap"] = "MENTERI PENDIDIKAN, KEBUDAYAAN, RISET, DAN TEKNOLOGI,"
    teks = " ".join(_teks_docx(render_docx(Keputusan.model_validate(data), tmp_path / "k.docx")))
    judul = teks[teks.index("KEPUTUSAN") : teks.index("Menimbang")]
    assert "KEPUTUSAN MENTERI PENDIDIKAN, KEBUDAYAAN, RISET, DAN TEKNOLOGI REPUBLIK INDONESIA" in (
        judul
    )
    assert judul.rstrip().endswith("MENTERI PENDIDIKAN, KEBUDAYAAN, RISET, DAN TEKNOLOGI,")
    # by default both come from one value
    data["penetap"] = None
    k = Keputusan.model_validate(data)
    assert k.judul_penetap == f"{data['jabatan_penetap']},"


# --- Standar Pelayanan rows: one per item --------------------------------------------------------


def _b(tingkat, isi: str, label: str = "") -> dict:
    from naskah.render.konteks import _baris

    return _baris(tingkat, label, isi)


def test_satu_baris_tabel_per_butir_pengantar_ikut_butir_berikutnya():
    from naskah.render.konteks import kelompok_baris

    baris = [_b(0, "Mekanisme pengaduan:"), _b(1, "Surat resmi;", "1."),
             _b(1, "Telepon;", "2."), _b(0, "Laman: https://bpmp.go.id")]  # fmt: skip
    kelompok = kelompok_baris(baris, "Biaya/Tarif")
    assert [[b["teks"] for b in k["baris"]] for k in kelompok] == [
        ["Mekanisme pengaduan:", "Surat resmi;"], ["Telepon;"], ["Laman: https://bpmp.go.id"]
    ]  # fmt: skip
    assert [k["pertama"] for k in kelompok] == [True, False, False]
    assert [k["terakhir"] for k in kelompok] == [False, False, True]
    assert all(k["utuh"] for k in kelompok)


def test_baris_pertama_setinggi_nama_komponen():
    from naskah.render.konteks import baris_label, kelompok_baris

    nama = "Penanganan Pengaduan, Saran, dan Masukan"
    assert baris_label(nama) == 3  # as printed in the 4.4 cm KOMPONEN column
    baris = [_b(1, "Gedung;", "1."), _b(1, "Wisma;", "2."), _b(1, "Parkir;", "3."),
             _b(1, "Meja;", "4.")]  # fmt: skip
    kelompok = kelompok_baris(baris, nama)
    assert [len(k["baris"]) for k in kelompok] == [3, 1]  # the name never splits


def test_butir_panjang_boleh_terbelah_bagan_dan_tabel_mengalir():
    from naskah.render.konteks import BARIS_UTUH_MAKS, kelompok_baris

    panjang = " ".join(["peraturan perundang-undangan yang berlaku"] * 60)
    kelompok = kelompok_baris([_b(0, "Pendek."), _b(1, panjang, "2.")], "Dasar Hukum")
    # a long item is cut into pieces of 4 lines, each an unsplittable row, the last 2-5 lines
    potong = [b for k in kelompok[1:] for b in k["baris"]]
    assert len(kelompok) > 3 and all(len(k["baris"]) == 1 and k["utuh"] for k in kelompok)
    assert [b["potong"] for b in potong] == ["awal", *["tengah"] * (len(potong) - 2), "akhir"]
    assert [b["label"] for b in potong] == ["2.", *[""] * (len(potong) - 1)]
    assert " ".join(b["teks"] for b in potong) == panjang
    assert BARIS_UTUH_MAKS >= 10
    gambar = [_b(0, "Alur:"), {**_b("gambar", ""), "gambar": "pita 1"},
              {**_b("gambar", ""), "gambar": "pita 2"}]  # fmt: skip
    kelompok = kelompok_baris(gambar, "Sistem, Mekanisme, dan Prosedur")
    assert [len(k["baris"]) for k in kelompok] == [1, 1, 1]  # chart bands flow one by one
    assert [k["utuh"] for k in kelompok] == [True, False, False]
    assert [b["potong"] for k in kelompok for b in k["baris"]] == ["", "", ""]
    assert kelompok_baris([], "Produk") == [
        {"baris": [], "pertama": True, "terakhir": True, "utuh": True}
    ]


def test_jumlah_baris_mengisi_seperti_pengolah_kata():
    from naskah.render.pecah import jumlah_baris

    def ukur(s: str) -> float:
        return float(len(s))

    assert jumlah_baris("", 10, ukur) == 1
    assert jumlah_baris("aaaa bbbb cccc", 9, ukur) == 2  # "aaaa bbbb" fits 9, "cccc" wraps
    assert jumlah_baris("aaaa bbbb cccc", 8, ukur) == 3


# --- a flowchart taller than a page: parts with off-page connectors -----------------------------


def _teks_emf(emf: bytes) -> list[str]:
    """Return the strings of an EMF's EMR_EXTTEXTOUTW records, in drawing order."""
    import struct

    out, pos = [], 0
    while pos < len(emf):
        jenis, ukuran = struct.unpack_from("<II", emf, pos)
        if jenis == 84:
            n, off = struct.unpack_from("<II", emf, pos + 44)
            out.append(emf[pos + off : pos + off + 2 * n].decode("utf-16-le"))
        pos += ukuran
    return out


def alur_panjang(n: int = 20) -> Alur:
    """Return an ``n``-step procedure with two decisions looping back two steps."""
    langkah = []
    for i in range(1, n + 1):
        teks = f"Langkah ke-{i}: petugas memeriksa berkas permohonan dan mencatatnya di register"
        s: dict[str, object] = {"id": f"L{i}", "teks": teks}
        if i in (1, n):
            s["bentuk"] = "mulai" if i == 1 else "selesai"
        if i in (6, 13):
            s.update(bentuk="keputusan", teks=f"Berkas ke-{i} lengkap?", ya=f"L{i + 1}",
                     tidak=f"L{i - 2}")  # fmt: skip
        langkah.append(s)
    return Alur.model_validate({"langkah": langkah})


def test_bagan_lebih_tinggi_dari_halaman_dibagi_di_antara_langkah():
    # issue 21: a chart taller than a page is cut only between two steps, each part within
    # the height given, joined by lettered off-page connectors (pentagons)
    alur = alur_panjang()
    penggambar = PenggambarAlur()
    tinggi_maks = 600.0
    bagian = penggambar.bagi(alur, tinggi_maks)
    assert len(bagian) >= 2
    teks = [_teks_emf(emf) for emf, _, _ in bagian]
    for _, lebar, tinggi in bagian:
        assert 0 < tinggi <= tinggi_maks and lebar > 0
    # every step drawn once: its text's first line in exactly one part
    awal = [" ".join(s.teks.split()[:2]) + " " for s in alur.langkah]
    di = []
    for a in awal:
        tempat = [k for k, isi in enumerate(teks) if any((t + " ").startswith(a) for t in isi)]
        assert len(tempat) == 1, (a, tempat)
        di.append(tempat[0])
    # each part is a run of the list's steps; no part ends with a decision
    assert di == sorted(di) and di[0] == 0 and di[-1] == len(bagian) - 1
    for k in range(len(bagian) - 1):
        terakhir = max(i for i, d in enumerate(di) if d == k)
        assert alur.langkah[terakhir].bentuk != "keputusan"
    # connectors: the first part ends at one, a middle part starts and ends at one, the last
    # starts at one; a letter left in one part is the letter the next part starts from
    huruf = [[t for t in isi if len(t) <= 2 and t.isalpha() and t.isupper()] for isi in teks]
    for k, h in enumerate(huruf):
        assert len(h) >= (1 if k in (0, len(huruf) - 1) else 2), (k, h)
    for a, b in itertools.pairwise(huruf):
        assert set(a) & set(b)
    # the whole chart is one picture when it fits
    assert len(penggambar.bagi(alur, 10_000)) == 1
