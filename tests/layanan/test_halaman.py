"""What the pages say: the upload verdict agrees with the QR page for every state, the office's
emblem and name, the time of the check in the office's zone, kind names, a clean "Tentang",
the certificate look-up that keeps what was typed, and right-to-left text isolated.
"""

from __future__ import annotations

import hashlib
import re
import time
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from naskah.arsip import EntriArsip
from naskah.layanan.aplikasi import Layanan, jenis_tampil, nama_berkas_tampil, tentang_tampil
from tests.layanan.conftest import (
    ID_BARU,
    ID_BATAL,
    ID_LAMA,
    ID_SERTIFIKAT,
    ID_TUGAS,
    Kantor,
    Server,
)


def _putusan(teks: str) -> str:
    m = re.search(r'<span class="judul">([^<]*)</span>', teks)
    assert m is not None, teks
    return m.group(1)


def _unggah(server: Server, data: bytes, nama: str) -> httpx.Response:
    return httpx.post(
        server.url + "/periksa", files={"berkas": (nama, data, "application/pdf")}, timeout=60
    )


@pytest.mark.parametrize(
    ("berkas", "ident", "putusan"),
    [
        ("sertifikat", ID_SERTIFIKAT, "ASLI DAN BERLAKU"),
        ("baru", ID_BARU, "ASLI DAN BERLAKU"),
        ("lama", ID_LAMA, "SUDAH DIGANTI"),
        ("batal", ID_BATAL, "DIBATALKAN"),
        ("tugas", ID_TUGAS, "TERCATAT, BELUM BERTANDA TANGAN ELEKTRONIK"),
    ],
)
def test_putusan_unggahan_sama_dengan_halaman_qr(
    server: Server, kantor: Kantor, berkas: str, ident: str, putusan: str
) -> None:
    qr = httpx.get(f"{server.url}/verifikasi/{ident}", timeout=30)
    data = kantor.berkas[berkas].read_bytes()
    r = _unggah(server, data, "Naskah saya (salinan).pdf")
    assert r.status_code == 200
    assert _putusan(qr.text) == _putusan(r.text) == putusan
    assert f'href="/verifikasi/{ident}"' in r.text
    if berkas == "lama":
        assert f'id="versi-baru" href="/verifikasi/{ID_BARU}"' in r.text
    assert hashlib.sha256(data).hexdigest() in r.text
    assert "<bdi>Naskah saya (salinan).pdf</bdi>" in r.text
    # neither the worker's temporary file nor the archive's folders are named
    for dalam in ("berkas-unggahan", "unggahan.pdf", "naskah-periksa", "/tmp/", "/v1)", "2024/"):
        assert dalam not in r.text


def test_berkas_diubah_dan_tak_dikenal(server: Server, kantor: Kantor) -> None:
    r = _unggah(server, kantor.berkas["diubah"].read_bytes(), "sertifikat.pdf")
    assert _putusan(r.text) == "TIDAK SAH"
    assert "diubah sesudah ditandatangani" in r.text
    assert "<bdi>sertifikat.pdf</bdi>" in r.text
    qr = httpx.get(f"{server.url}/verifikasi/tidak-ada-di-arsip-0000", timeout=30)
    assert qr.status_code == 404 and "tidak ada dalam arsip" in qr.text
    r = _unggah(server, kantor.berkas["asing"].read_bytes(), "asing.pdf")
    assert _putusan(r.text) == "TIDAK DIKENAL"
    # a PDF without a signature that is not archived: named by the visitor's file name
    from tests.tte.pdfbuat import buat_pdf

    r = _unggah(server, buat_pdf("Bukan naskah kantor"), "surat palsu.pdf")
    assert _putusan(r.text) == "TIDAK DIKENAL"
    assert "surat palsu.pdf tidak memuat tanda tangan elektronik" in r.text


def test_lambang_nama_kantor_dan_waktu_periksa(server: Server) -> None:
    r = httpx.get(f"{server.url}/verifikasi/{ID_SERTIFIKAT}", timeout=30)
    assert '<img class="lambang" src="/aset/lambang"' in r.text
    assert "Balai Penjaminan Mutu Pendidikan Provinsi Kalimantan Timur" in r.text
    assert re.search(r"Diperiksa pada \d{1,2} \w+ \d{4} pukul \d\d\.\d\d WITA", r.text)
    g = httpx.get(f"{server.url}/aset/lambang", timeout=30)
    assert g.status_code == 200 and g.headers["content-type"] == "image/png"
    assert g.content.startswith(b"\x89PNG")


def test_surat_tugas_jenis_dan_tentang_rapi(server: Server) -> None:
    r = httpx.get(f"{server.url}/verifikasi/{ID_TUGAS}", timeout=30)
    assert "<dd>Surat Tugas</dd>" in r.text
    m = re.search(r'<dd id="tentang"><bdi>([^<]*)</bdi>', r.text)
    assert m is not None
    assert m.group(1).startswith("Menjadi narasumber pada kegiatan")
    assert not m.group(1).endswith((";", ","))


def test_nama_jenis_dan_tentang() -> None:
    assert jenis_tampil("sk_kerja_sama") == "SK Kerja Sama"
    assert jenis_tampil("surat_tugas") == "Surat Tugas"
    assert jenis_tampil("nota_dinas") == "Nota dinas"
    assert tentang_tampil("melaksanakan tugas;") == "Melaksanakan tugas"
    assert tentang_tampil("melaksanakan tugas; dan") == "Melaksanakan tugas"
    assert tentang_tampil("Penetapan Standar Pelayanan") == "Penetapan Standar Pelayanan"
    assert nama_berkas_tampil("C:\\Dokumen\\\u202eSK.pdf") == "SK.pdf"
    assert nama_berkas_tampil("\x00\u200f") == "berkas.pdf"


def test_sertifikat_tidak_ditemukan_menyimpan_ketikan_judul_sekali(server: Server) -> None:
    r = httpx.post(
        server.url + "/sertifikat",
        data={"nomor": "0009/Sertifikat/X/2024", "nama": "Budi <b>Santoso</b>"},
        timeout=30,
    )
    assert r.status_code == 404
    assert 'value="0009/Sertifikat/X/2024"' in r.text
    assert 'value="Budi &lt;b&gt;Santoso&lt;/b&gt;"' in r.text
    utama = r.text.split("<main>", 1)[1]
    assert utama.count("Sertifikat tidak ditemukan") == 1


def test_teks_kanan_ke_kiri_diisolasi(kantor: Kantor) -> None:
    layanan = Layanan(kantor.konfigurasi, jam=lambda: datetime(2024, 6, 5, 1, 30, tzinfo=UTC))
    e = EntriArsip(
        id="x",
        id_verifikasi="a" * 20,
        nomor="001/\u202eKALTIM",
        jenis="sertifikat",
        tentang="Bimtek",
        tanggal=date(2024, 6, 5),
        versi=1,
        status="terkini",
        lokasi="-",
        ditandatangani=True,
        penandatangan=("\u202eOKOWRAJ",),
        peserta=("\u202eMITLAK",),
    )
    html = layanan._render("verifikasi.html", e=layanan.tampil_entri(e))
    for teks in ("001/\u202eKALTIM", "\u202eOKOWRAJ", "\u202eMITLAK"):
        assert f"<bdi>{teks}</bdi>" in html
    assert "5 Juni 2024 pukul 09.30 WITA" in html


def test_naskah_baru_diarsipkan_tampil_tanpa_memulai_ulang(tmp_path: Path) -> None:
    from naskah.arsip import Arsip, NaskahTerbit, OpsiArsip
    from naskah.loader import muat_dokumen
    from naskah.register import buka_register
    from tests.arsip.conftest import EXAMPLES, bernomor
    from tests.layanan.conftest import buat_kantor, mulai_server
    from tests.tte.pdfbuat import buat_pdf

    k = buat_kantor(tmp_path / "kantor", "batas_permintaan = 100000\n")
    ident = "surat-tugas-baru-00000001"
    for s in mulai_server(k.folder):
        jalur = f"{s.url}/verifikasi/{ident}"
        assert httpx.get(jalur, timeout=30).status_code == 404
        reg = buka_register(k.konfigurasi)
        arsip = Arsip(k.konfigurasi, register=reg, opsi=OpsiArsip(indeks=False))
        try:
            st = muat_dokumen(EXAMPLES / "surat-tugas-narasumber.yaml", k.konfigurasi)
            no = reg.ambil(
                "naskah", klasifikasi=str(st.klasifikasi), tanggal=st.tanggal, perihal="b"
            )
            pdf = tmp_path / "baru.pdf"
            pdf.write_bytes(buat_pdf("Surat tugas baru"))
            arsip.simpan(
                NaskahTerbit(bernomor(st, no.teks, st.tanggal), pdf=pdf, id_verifikasi=ident)
            )
        finally:
            arsip.tutup()
            reg.tutup()
        # shown once the page cache and the id index are refreshed (2 s by default)
        akhir = time.monotonic() + 20
        while httpx.get(jalur, timeout=30).status_code != 200:
            assert time.monotonic() < akhir, "naskah baru tidak tampil"
            time.sleep(0.1)
