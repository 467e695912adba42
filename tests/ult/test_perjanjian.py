"""The cooperation agreement (perjanjian kerja sama, PKS): its derived pasal, its draft from a
cooperation request, its lint rules, and (slow) the whole walk kesediaan → SK → PKS through the
real pipeline, read back from the DOCX, the PDF text and the signed PDF's annotations."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from naskah.models.perjanjian import AYAT_TANDA_TANGAN, PerjanjianKerjaSama
from tests.conftest import run_naskah

from .test_produk import _konsep, _terima, _ult, kantor_contoh, meja_contoh  # noqa: F401

DASAR = {
    "tentang": "Pendampingan Penyusunan KOSP",
    "tanggal": "2025-06-02",
    "nomor": "0001/C7.24/HK.03/2025",
    "penandatangan": {"nama": "Jarwoko", "gelar_depan": "Dr.", "jabatan": "Kepala BPMP"},
    "mitra": {"nama": "Dinas Pendidikan Kota Samarinda",
              "wakil": {"nama": "Asli Nuryadin", "jabatan": "Kepala Dinas Pendidikan"}},
    "maksud": "Sebagai landasan kerja sama.",
    "tujuan": ["terlaksananya kegiatan", "meningkatnya mutu"],
    "ruang_lingkup": ["pendampingan", "narasumber", "pelaporan"],
    "pihak_pertama": {"hak": ["memperoleh data"], "kewajiban": ["menyediakan narasumber",
                                                               "menerbitkan sertifikat"]},
    "pihak_kedua": {"kewajiban": ["menyiapkan peserta"]},
    "pembiayaan": ["Biaya ditanggung PIHAK KEDUA."],
    "mulai": "2025-07-14",
    "selesai": "2025-07-16",
}  # fmt: skip


def _pks(**ubah) -> PerjanjianKerjaSama:
    return PerjanjianKerjaSama.model_validate({**DASAR, **ubah})


def test_pasal_diturunkan_berurutan_dengan_ayat_dan_huruf():
    p = _pks(pasal_lain=[{"judul": "Kerahasiaan", "ayat": ["PARA PIHAK menjaga data."]}])
    pasal = p.daftar_pasal()
    assert [j for j, _ in pasal] == [
        "MAKSUD DAN TUJUAN", "RUANG LINGKUP", "HAK DAN KEWAJIBAN", "PEMBIAYAAN", "JANGKA WAKTU",
        "KERAHASIAAN", "PENYELESAIAN PERSELISIHAN", "PENUTUP",
    ]  # fmt: skip
    isi = dict(pasal)
    assert isi["MAKSUD DAN TUJUAN"] == [
        (1, "(1)", "Maksud Perjanjian ini adalah sebagai landasan kerja sama."),
        (1, "(2)", "Tujuan Perjanjian ini adalah:"),
        (2, "a.", "terlaksananya kegiatan; dan"),
        (2, "b.", "meningkatnya mutu."),
    ]
    assert isi["RUANG LINGKUP"][1:] == [(3, "a.", "pendampingan;"), (3, "b.", "narasumber; dan"),
                                        (3, "c.", "pelaporan.")]  # fmt: skip
    # one right is a sentence, several obligations a list; the ayat are numbered through
    assert isi["HAK DAN KEWAJIBAN"] == [
        (1, "(1)", "PIHAK PERTAMA berhak memperoleh data."),
        (1, "(2)", "PIHAK PERTAMA berkewajiban:"),
        (2, "a.", "menyediakan narasumber; dan"),
        (2, "b.", "menerbitkan sertifikat."),
        (1, "(3)", "PIHAK KEDUA berkewajiban menyiapkan peserta."),
    ]
    assert isi["PEMBIAYAAN"] == [(0, "", "Biaya ditanggung PIHAK KEDUA.")]  # one ayat: no (1)
    assert isi["JANGKA WAKTU"][0] == (
        1, "(1)", "Perjanjian ini berlaku sejak tanggal 14 Juli 2025 sampai dengan tanggal "
        "16 Juli 2025.",
    )  # fmt: skip
    assert isi["PENUTUP"][-1] == (1, "(2)", AYAT_TANDA_TANGAN)
    assert "basah atau secara terpisah oleh PIHAK KEDUA" in AYAT_TANDA_TANGAN
    # an empty closing still ends with the ayat on how each party signs
    assert dict(_pks(penutup=[]).daftar_pasal())["PENUTUP"] == [(0, "", AYAT_TANDA_TANGAN)]


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        ({"selesai": "2025-07-01"}, "mendahului tanggal mulai"),
        ({"mitra": {"nama": "Dinas", "wakil": {"nama": "Asli"}}}, "membutuhkan jabatan"),
        ({"ruang_lingkup": []}, "ruang_lingkup"),
        ({"pihak_kedua": {"hak": ["x"]}}, "kewajiban"),
    ],
)
def test_perjanjian_tidak_sah_ditolak(ubah, pesan):
    with pytest.raises(ValidationError, match=pesan):
        _pks(**ubah)


def test_konteks_nomor_mitra_blok_tanda_tangan_dan_tanda_hubung():
    from naskah.config import Konfigurasi
    from naskah.render.konteks import bangun_konteks
    from naskah.render.perjanjian import NB_HYPHEN, NOMOR_MITRA_KOSONG
    from naskah.render.templat import _BahanContoh, contoh_dokumen

    dok = contoh_dokumen("perjanjian_kerja_sama")
    assert isinstance(dok, PerjanjianKerjaSama)
    k = bangun_konteks(dok, Konfigurasi(), _BahanContoh())
    assert k["nomor"] == "0001/C7.24/HK.03.01/2024" and k["nomor_mitra"] == "1/PKS/2024"
    tanpa = bangun_konteks(dok.model_copy(update={"nomor_mitra": None}), Konfigurasi(),
                           _BahanContoh())  # fmt: skip
    assert tanpa["nomor_mitra"] == NOMOR_MITRA_KOSONG
    assert k["ttd_pertama"]["sebutan"] == "PIHAK PERTAMA,"
    assert k["ttd_kedua"] == {"sebutan": "PIHAK KEDUA,", "jabatan": ["KEPALA MITRA"],
                              "nama": "Wakil", "nip": ""}  # fmt: skip
    assert k["pembuka"][0]["teks"].startswith(
        "Pada hari ini Selasa tanggal dua puluh satu bulan Mei tahun dua ribu dua puluh empat"
    )
    assert [p["nomor"] for p in k["pasal"]] == [f"Pasal {i}" for i in range(1, 9)]
    semua = " ".join(b["teks"] for p in k["pasal"] for b in p["baris"])
    assert f"perundang{NB_HYPHEN}undangan" in semua and "perundang-undangan" not in semua
    akhir = [b["akhir"] for p in k["pasal"] for b in p["baris"]]
    assert akhir[-1] and not any(akhir[:-1])  # only the last ayat keeps with the signatures


def test_periksa_perjanjian(tmp_path: Path):
    from naskah.periksa import periksa_dokumen

    def kode(dok) -> set[str]:
        return {t.kode for t in periksa_dokumen(dok, hari_ini=date(2025, 6, 2))
                if t.kode.startswith("perjanjian")}  # fmt: skip

    assert kode(_pks(nomor_mitra="421/7/Disdik/2025")) == set()
    assert kode(_pks()) == {"perjanjian-nomor-mitra"}
    sama = _pks(nomor_mitra="1", mitra={"nama": "Dinas", "wakil": {
        "nama": "Jarwoko", "jabatan": "Kepala"}})  # fmt: skip
    assert kode(sama) == {"perjanjian-pihak-sama"}
    telat = _pks(nomor_mitra="1", tanggal="2025-08-01")
    assert kode(telat) == {"perjanjian-sesudah-berakhir"}


def test_konsep_pks_dari_permohonan_kerja_sama(meja_contoh, tmp_path: Path):  # noqa: F811
    from naskah.errors import UltError
    from naskah.loader import muat_dokumen
    from naskah.ult import permohonan as pm

    m = meja_contoh
    ks = _terima(m, "kerjasama")
    tujuan = tmp_path / "pks.yaml"
    wakil = {"wakil_mitra": "Dr. Asli Nuryadin, M.Pd.",
             "jabatan_mitra": "Kepala Dinas Pendidikan Kota Samarinda"}  # fmt: skip

    def gagal(kode: str, pesan: str, **opsi) -> None:
        with pytest.raises(UltError, match=pesan):
            _konsep(m, kode, "pks", tujuan, **opsi)
        assert not tujuan.exists()

    gagal(ks.kode, "setelah permohonan disetujui", klasifikasi="KR", **wakil)
    pm.putuskan(m, ks.kode, "setuju")
    gagal(ks.kode, "--wakil-mitra dan --jabatan-mitra", klasifikasi="KR")
    gagal(ks.kode, "memuat kode klasifikasi", **wakil)
    gagal(ks.kode, r"Produk tidak dapat disusun \(mitra\.wakil\.nip", klasifikasi="KR",
          nip_mitra="123", **wakil)  # fmt: skip
    ns = _terima(m, "narasumber", instansi="Disdikbud Kota Bontang")
    pm.putuskan(m, ns.kode, "setuju")
    gagal(ns.kode, "hanya untuk permohonan kerja sama", klasifikasi="KR", **wakil)

    d = _konsep(m, ks.kode, "pks", tujuan, klasifikasi="KR", nomor_mitra="421/77/Disdik/2025",
                alamat="Samarinda", ruang_lingkup=("pendampingan KOSP", "narasumber"),
                **wakil)  # fmt: skip
    assert d["jenis"] == "perjanjian_kerja_sama" and d["penandatangan"] == "kepala"
    assert d["tentang"] == "Pendampingan Penyusunan KOSP"
    assert d["mitra"] == {
        "nama": "Dinas Pendidikan Kota Samarinda", "alamat": "Samarinda",
        "wakil": {"nama": "Dr. Asli Nuryadin, M.Pd.",
                  "jabatan": "Kepala Dinas Pendidikan Kota Samarinda"},
    }  # fmt: skip
    assert (d["mulai"], d["selesai"], d["tanggal"]) == ("2025-07-14", "2025-07-16", "2025-06-02")
    assert d["ruang_lingkup"] == ["pendampingan KOSP", "narasumber"]
    assert d["nomor_mitra"] == "421/77/Disdik/2025" and d["klasifikasi"] == "KR"
    assert "081122" not in json.dumps(d)  # the applicant's phone stays out of the agreement
    dok = muat_dokumen(tujuan, m.konfigurasi)
    assert isinstance(dok, PerjanjianKerjaSama) and dok.penandatangan.nama == "Jarwoko"
    assert "Dinas Pendidikan Kota Samarinda" in dok.pembiayaan[0]
    assert pm.lihat(m, ks.kode).produk == []  # a draft is not a product yet


def _pdf_baris(path: str) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    return [" ".join(b.split()) for b in out.splitlines() if b.strip()]


@pytest.mark.slow
def test_kerja_sama_kesediaan_sk_lalu_pks_terbit_bertanda_tangan(kantor_contoh: Path):  # noqa: F811
    """kesediaan → SK → PKS, each numbered, signed, archived and linked; the PKS read back."""
    from docx import Document
    from pypdf import PdfReader

    k = kantor_contoh
    ttd = ("--tandatangani", "--sandi-env", "NASKAH_SANDI")

    def terbit(kode: str, *args: str) -> dict:
        r = run_naskah("ult", "terbitkan", kode, *args, "--json", cwd=k,
                       NASKAH_PENGGUNA="petugas-ult", NASKAH_SANDI="naskah-uji")  # fmt: skip
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)

    ks = json.loads(_ult(k, "terima", "kerjasama", "--instansi", "Dinas Pendidikan Kota Samarinda",
                         "--telepon", "081122334455", "--syarat", "semua", "--perihal",
                         "Pendampingan Penyusunan Kurikulum Operasional Satuan Pendidikan",
                         "--kegiatan", "2099-02-02", "--kegiatan-selesai", "2099-02-04",
                         "--json").stdout)["kode"]  # fmt: skip
    r = run_naskah("ult", "terbitkan", ks, "--produk", "pks", "--klasifikasi", "KR", cwd=k)
    assert r.returncode == 1 and "setelah permohonan disetujui" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    _ult(k, "putuskan", ks, "--setuju")
    a = terbit(ks, "--produk", "kesediaan", "--klasifikasi", "KR", *ttd)
    sk = terbit(ks, "--produk", "sk-kerja-sama", "--ruang-lingkup", "pendampingan KOSP", *ttd)
    pks = terbit(ks, "--produk", "pks", "--klasifikasi", "KR", "--wakil-mitra",
                 "Dr. Asli Nuryadin, M.Pd.", "--jabatan-mitra",
                 "Kepala Dinas Pendidikan Kota Samarinda", "--nip-mitra",
                 "19700101 199503 1 002", "--nomor-mitra", "421/77/Disdik/2099",
                 "--ruang-lingkup", "pendampingan penyusunan KOSP jenjang SD dan SMP",
                 "--ruang-lingkup", "penyediaan narasumber dan fasilitator", *ttd)  # fmt: skip
    assert pks["produk"] == "Perjanjian Kerja Sama" and "/KR/" in pks["nomor"]
    assert len({a["nomor"], sk["nomor"], pks["nomor"]}) == 3
    assert terbit(ks, "--produk", "pks")["nomor"] == pks["nomor"]  # resumed, not numbered twice
    lihat = json.loads(_ult(k, "lihat", ks, "--json").stdout)
    assert [(x["jenis"], x["nomor"]) for x in lihat["produk"]] == [
        ("Surat Jawaban Kesediaan", a["nomor"]), ("SK Kerja Sama", sk["nomor"]),
        ("Perjanjian Kerja Sama", pks["nomor"]),
    ]  # fmt: skip
    assert lihat["produk"][2]["entri_arsip"] == pks["id_verifikasi"]

    pdf = next(x for x in pks["salinan"] if x.endswith("-ttd.pdf"))
    sah = subprocess.run(["pdfsig", pdf], capture_output=True, text=True).stdout
    assert "Signature is Valid." in sah
    baris = _pdf_baris(pdf)
    teks = " ".join(baris)
    # both numbers whole on their own lines, the office's first
    nomor = [b for b in baris if b.startswith("NOMOR ")]
    assert nomor == [f"NOMOR {pks['nomor']}", "NOMOR 421/77/Disdik/2099"]
    assert baris[:4] == ["PERJANJIAN KERJA SAMA", "ANTARA", "BALAI PENJAMINAN MUTU PENDIDIKAN",
                         "PROVINSI KALIMANTAN TIMUR"]  # fmt: skip
    judul = ["MAKSUD DAN TUJUAN", "RUANG LINGKUP", "HAK DAN KEWAJIBAN", "PEMBIAYAAN",
             "JANGKA WAKTU", "PENYELESAIAN PERSELISIHAN", "PENUTUP"]  # fmt: skip
    for i, j in enumerate(judul, 1):
        assert baris[baris.index(f"Pasal {i}") + 1] == j
    assert "Pasal 8" not in baris
    assert "sejak tanggal 2 Februari 2099 sampai dengan tanggal 4 Februari 2099" in teks
    assert "selanjutnya disebut PIHAK PERTAMA;" in teks and "disebut PIHAK KEDUA." in teks
    # both parties' blocks side by side, the partner's for a wet or separate signature
    assert "PIHAK KEDUA, PIHAK PERTAMA," in baris
    assert "KEPALA DINAS PENDIDIKAN KEPALA BPMP PROVINSI" in baris
    assert "Dr. Asli Nuryadin, M.Pd. Dr. Jarwoko, M.Pd." in baris
    assert "NIP 19700101 199503 1 002 NIP 19700319 199703 1 001" in baris
    assert "(tanda tangan basah atau secara terpisah)" in baris
    assert "081122" not in teks
    # no hyphenation: no line of the body ends in a hyphen, reduplicated words stay whole
    assert not [b for b in baris if b.endswith("-") or b.endswith("\u2011")]
    assert "perundang\u2011undangan" in teks or "perundang-undangan" in teks
    # the visible signature stands in PIHAK PERTAMA's (right) cell of the last page
    akhir = PdfReader(pdf).pages[-1]
    lebar = float(akhir.mediabox.width)
    widget = [a.get_object() for a in akhir.get("/Annots", [])
              if a.get_object().get("/Subtype") == "/Widget"]  # fmt: skip
    assert widget and all(float(w["/Rect"][0]) > lebar / 2 for w in widget)
    # the Word file is an ordinary document with named styles staff can edit
    docx = Document(next(x for x in pks["salinan"] if x.endswith(".docx")))
    gaya = {p.style.name for p in docx.paragraphs}
    assert {"Judul Perjanjian", "Pasal Nomor", "Pasal Judul", "Ayat 1"} <= gaya
    sel = [c.text for t in docx.tables for row in t.rows for c in row.cells]
    assert any(s.startswith("PIHAK KEDUA,") and "basah" in s for s in sel)
    assert any(s.startswith("PIHAK PERTAMA,") and "Dr. Jarwoko, M.Pd." in s for s in sel)
    assert json.loads(_ult(k, "tutup", ks, "--json").stdout)["keadaan"] == "selesai"
