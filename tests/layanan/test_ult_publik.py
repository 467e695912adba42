"""The desk's public forms over HTTP: applying, tracking, complaining, and every refusal.

The service runs as ``naskah layanan`` in a child process over the office of
:mod:`tests.layanan.ult_bantu` (standards, an archived certificate, a real SMTP server).
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from naskah.ult import pengaduan as pg
from naskah.ult import permohonan as pm
from naskah.ult.tanda_terima import hari_tanggal
from tests.layanan.conftest import ID_SERTIFIKAT, Kantor, Server
from tests.layanan.ult_bantu import (  # noqa: F401 - fixtures
    KEGIATAN,
    PDF,
    PENGIRIM,
    PNG,
    XSS,
    Kotak,
    Pengunjung,
    fixture_kantor_ketat,
    fixture_kantor_ult,
    fixture_server_ketat,
    fixture_server_ult,
    fixture_smtp,
    galat,
    kode_dari,
    meja_kantor,
)

pytestmark = pytest.mark.slow


def _jumlah(kantor: Kantor, tabel: str) -> int:
    with meja_kantor(kantor) as m, m.baca() as sql:
        return 0 if sql is None else int(sql.skalar(f"SELECT count(*) FROM {tabel}"))


def _berkas_ult(kantor: Kantor) -> set[str]:
    """Every file under the archive's ult/ folder but the calendar's cache."""
    ult = kantor.konfigurasi.folder_arsip / "ult"
    return {
        str(p.relative_to(ult))
        for p in ult.rglob("*")
        if p.is_file() and p.relative_to(ult).parts[0] != "kalender"
    }


# -- pages ---------------------------------------------------------------------------------------


def test_daftar_layanan_dan_formulir_menampilkan_standar(server_ult: Server) -> None:
    r = httpx.get(server_ult.url + "/ajukan", timeout=30)
    assert r.status_code == 200
    for nama in ("Permohonan Narasumber/Fasilitator", "Penggunaan Fasilitas",
                 "Kerjasama Fasilitasi Peningkatan Mutu Pendidikan"):  # fmt: skip
        assert nama in r.text
    r = httpx.get(server_ult.url + "/ajukan/narasumber", timeout=30)
    assert r.status_code == 200
    assert "Kerangka acuan kegiatan (KAK)" in r.text  # persyaratan
    assert "Jawaban (disetujui atau ditolak): 2 hari kerja" in r.text  # jangka waktu
    assert "Layanan selesai: 3 hari kerja" in r.text
    assert "Biaya layanan permohonan: Tidak dipungut biaya." in r.text  # biaya
    assert 'id="kegiatan_mulai"' in r.text and "5 hari kerja sebelum kegiatan" in r.text
    # the lead-time item is checked from the dates, not ticked
    assert 'id="syarat-4"' not in r.text and 'id="syarat-3"' in r.text
    assert "<script" not in r.text
    kuki = r.headers["set-cookie"]
    assert "httponly" in kuki.lower() and "samesite=strict" in kuki.lower()
    # a service without a lead time asks no dates
    r = httpx.get(server_ult.url + "/ajukan/kerjasama", timeout=30)
    assert 'id="kegiatan_mulai"' not in r.text
    assert httpx.get(server_ult.url + "/ajukan/sewa-mobil", timeout=30).status_code == 404
    beranda = httpx.get(server_ult.url + "/", timeout=30).text
    assert 'href="/ajukan"' in beranda and 'href="/pengaduan"' in beranda


# -- applying ------------------------------------------------------------------------------------


def test_permohonan_sah_kode_tenggat_tanda_terima_surel(
    server_ult: Server, kantor_ult: Kantor, smtp: tuple[Kotak, int]
) -> None:
    kotak, _ = smtp
    sebelum = len(kotak.pesan)
    with Pengunjung(server_ult) as v:
        r = v.ajukan(berkas=[("surat.pdf", PDF), ("ktp.png", PNG)])
    assert r.status_code == 200, r.text
    kode = kode_dari(r)
    with meja_kantor(kantor_ult) as m:
        rinci = pm.lihat(m, kode)
        p = rinci.permohonan
        assert p.kanal == "daring" and p.oleh == "formulir daring"
        assert p.instansi == "Dinas Pendidikan Kota Samarinda" and p.telepon == "081234567890"
        # 3 working days ([ult.layanan.kerjasama]) from the working day it counts as received
        assert p.tenggat_jawab == m.kalender.maju(p.hari_terima, 3)
        assert p.hari_terima == m.kalender.hari_terima(p.diterima)
        assert [x["nama"] for x in rinci.lampiran] == ["surat.pdf", "ktp.png"]
        assert [x["jenis"] for x in rinci.lampiran] == ["pdf", "png"]
    assert p.tenggat_jawab is not None
    assert f"{hari_tanggal(p.tenggat_jawab)} (3 hari kerja)" in r.text
    assert "Tanda terima dikirim ke alamat surel Anda" in r.text
    (surel,) = kotak.tunggu(sebelum + 1)[sebelum:]
    assert surel["To"] == "budi@example.go.id" and PENGIRIM in surel["From"]
    assert surel["Subject"] == f"Tanda terima permohonan {kode}"
    teks = surel.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert f"Kode pelacakan: {kode}" in teks
    assert f"Jawaban paling lambat: {hari_tanggal(p.tenggat_jawab)}" in teks
    assert "https://bpmpkaltim.example.go.id/lacak" in teks
    # the log has the route, never the code or the applicant
    log = server_ult.log_teks()
    assert "POST /ajukan/{kunci} 200" in log and kode not in log and "Budi" not in log


def test_permohonan_dengan_tanggal_kegiatan_dan_tanpa_surel(
    server_ult: Server, kantor_ult: Kantor, smtp: tuple[Kotak, int]
) -> None:
    kotak, _ = smtp
    with Pengunjung(server_ult) as v:
        r = v.ajukan("narasumber", email="", kegiatan_selesai="2099-03-03")
    assert r.status_code == 200, r.text
    assert "Tanda terima dikirim" not in r.text
    with meja_kantor(kantor_ult) as m:
        p = pm.lihat(m, kode_dari(r)).permohonan
    assert str(p.kegiatan_mulai) == KEGIATAN and str(p.kegiatan_selesai) == "2099-03-03"
    assert p.email is None and p.peringatan is None


def test_ulang_kirim_formulir_yang_sama_tidak_mencatat_dua_kali(
    server_ult: Server, kantor_ult: Kantor
) -> None:
    with Pengunjung(server_ult) as v:
        token = v.token("/ajukan/kerjasama")
        n = _jumlah(kantor_ult, "ult_permohonan")
        a = v.ajukan(token=token, email="")
        b = v.ajukan(token=token, email="")  # the browser's reload
    assert a.status_code == b.status_code == 200
    assert kode_dari(a) == kode_dari(b)
    assert _jumlah(kantor_ult, "ult_permohonan") == n + 1


@pytest.mark.parametrize(
    ("isian", "pesan"),
    [
        ({"instansi": "  "}, "Isi nama instansi atau pemohon."),
        ({"kontak": ""}, "Isi nama narahubung yang dapat dihubungi."),
        ({"telepon": "", "email": ""}, "Isi nomor telepon/WhatsApp atau alamat surel"),
        ({"telepon": "12ab"}, "Nomor telepon/WhatsApp tidak sah"),
        ({"email": "budi@"}, "Alamat surel tidak sah"),
        ({"syarat": ["1", "3"]}, "persyaratan nomor 2 belum dicentang"),
        ({"kegiatan_mulai": None}, "Isi tanggal mulai kegiatan"),
        ({"kegiatan_mulai": "02-03-2099"}, "Tanggal mulai kegiatan tidak sah"),
        ({"kegiatan_mulai": "2020-01-06"}, "sudah lewat"),
        ({"kegiatan_mulai": KEGIATAN, "kegiatan_selesai": "2099-03-01"}, "lebih awal"),
    ],
)
def test_isian_salah_satu_kalimat_isian_tetap(
    server_ult: Server, kantor_ult: Kantor, isian: dict[str, Any], pesan: str
) -> None:
    kunci = "narasumber" if "kegiatan_mulai" in isian else "kerjasama"
    n = _jumlah(kantor_ult, "ult_permohonan")
    berkas = _berkas_ult(kantor_ult)
    with Pengunjung(server_ult) as v:
        r = v.ajukan(kunci, **isian)
    assert r.status_code == 422
    assert pesan in galat(r) and galat(r).endswith(".")
    assert galat(r).count(". ") == 0  # one sentence
    # the field at fault is marked (the library's own date checks name no field)
    ditandai = 0 if pesan in ("sudah lewat", "lebih awal") else 1
    assert r.text.count('aria-invalid="true"') == ditandai
    assert 'value="Dinas Pendidikan Kota Samarinda"' in r.text or "instansi" in isian
    assert 'value="Budi Santoso"' in r.text or "kontak" in isian
    assert _jumlah(kantor_ult, "ult_permohonan") == n
    assert _berkas_ult(kantor_ult) == berkas  # nothing left behind


@pytest.mark.parametrize(
    ("berkas", "status", "pesan"),
    [
        ([], 422, "Lampirkan sedikitnya satu berkas persyaratan"),
        ([("surat.docx", b"PK\x03\x04" + b"\0" * 40)], 415, "bukan PDF, JPEG atau PNG menurut"),
        ([("palsu.pdf", b"<html>%PDF-1.4</html>")], 415, "Lampiran palsu.pdf bukan PDF"),
        ([("besar.pdf", PDF + b"\0" * 60_000)], 413, "lebih besar dari 0,05 MB"),
        ([("a.pdf", PDF), ("b.pdf", PDF), ("c.pdf", PDF), ("d.pdf", PDF)], 422, "terlalu banyak"),
        ([("../../etc/passwd.pdf", PDF + b"x"), ("ok.pdf", PNG)], 200, ""),
    ],
)
def test_lampiran_dikenali_dari_isi_ukuran_dan_jumlah_dibatasi(
    server_ult: Server,
    kantor_ult: Kantor,
    berkas: list[tuple[str, bytes]],
    status: int,
    pesan: str,
) -> None:
    n = _jumlah(kantor_ult, "ult_permohonan")
    sebelum = _berkas_ult(kantor_ult)
    with Pengunjung(server_ult) as v:
        r = v.ajukan(berkas=berkas, email="")
    assert r.status_code == status, r.text
    if status != 200:
        assert pesan in galat(r)
        assert _jumlah(kantor_ult, "ult_permohonan") == n
        assert _berkas_ult(kantor_ult) == sebelum
        return
    with meja_kantor(kantor_ult) as m:
        lamp = pm.lihat(m, kode_dari(r)).lampiran
    assert lamp[0]["nama"] == "passwd.pdf"  # the last part of the name only
    for x in lamp:
        assert (kantor_ult.konfigurasi.folder_arsip / x["lokasi"]).is_file()
    assert not (kantor_ult.folder / "etc").exists()


def test_badan_terlalu_besar_ditolak_sebelum_dibaca(server_ult: Server) -> None:
    import socket
    import urllib.parse

    u = urllib.parse.urlsplit(server_ult.url)
    with socket.create_connection((u.hostname, u.port), timeout=30) as s:
        s.sendall(
            b"POST /ajukan/kerjasama HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: multipart/form-data; boundary=abc\r\n"
            + f"Content-Length: {30 * 1024 * 1024}\r\n\r\n".encode()
            + b"x" * 1024
        )
        jawaban = b""
        while b"</html>" not in jawaban:
            potong = s.recv(65536)
            if not potong:
                break
            jawaban += potong
    kepala, _, isi = jawaban.partition(b"\r\n\r\n")
    assert kepala.startswith(b"HTTP/1.1 413")
    teks = isi.decode()
    assert "lebih besar dari 25 MB" in teks and 'name="token"' in teks
    with Pengunjung(server_ult) as v:
        r = v.c.post("/ajukan/kerjasama", data={"instansi": "x"})
        assert r.status_code == 415


def test_xss_di_setiap_isian_tidak_pernah_dijalankan(server_ult: Server) -> None:
    with Pengunjung(server_ult) as v:
        # refused (bad phone): every entry comes back escaped
        r = v.ajukan(
            instansi=XSS, kontak=XSS, telepon=XSS, email=XSS, perihal=XSS,
            syarat=["1", "2", "3", XSS], berkas=[(XSS + ".pdf", PDF)],
        )  # fmt: skip
        assert r.status_code == 422
        assert "<script>alert(1)</script>" not in r.text and "<img src=x" not in r.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
        # accepted: the confirmation and the tracking page escape them too
        r = v.ajukan(instansi=XSS, kontak=XSS, perihal=XSS, berkas=[(XSS + ".pdf", PDF)])
        assert r.status_code == 200, r.text
        assert "<script>" not in r.text and "&lt;script&gt;" in r.text
        kode = kode_dari(r)
        r = v.kirim("/lacak", kode=kode)
        assert r.status_code == 200 and "<script>" not in r.text and "&lt;script&gt;" in r.text
        r = v.kirim("/lacak", kode=XSS)
        assert r.status_code == 422 and "<script>" not in r.text
        r = v.kirim(
            "/pengaduan", isi=XSS, nama=XSS, telepon=XSS, email="", permohonan="", layanan=XSS
        )
        assert r.status_code == 422 and "<script>" not in r.text and "&lt;script&gt;" in r.text
        r = v.kirim("/pengaduan", isi=XSS, nama=XSS, telepon="", email="", permohonan="")
        assert r.status_code == 200 and "<script>" not in r.text


def test_madu_terisi_ditolak_tanpa_mencatat(server_ult: Server, kantor_ult: Kantor) -> None:
    n, m = _jumlah(kantor_ult, "ult_permohonan"), _jumlah(kantor_ult, "ult_pengaduan")
    with Pengunjung(server_ult) as v:
        r = v.ajukan(situs_web="http://spam.example")
        assert r.status_code == 400 and "kolom tersembunyi" in galat(r)
        assert 'value="Budi Santoso"' in r.text
        r = v.kirim("/pengaduan", isi="Iklan", situs_web="http://spam.example")
        assert r.status_code == 400
    assert _jumlah(kantor_ult, "ult_permohonan") == n
    assert _jumlah(kantor_ult, "ult_pengaduan") == m


def test_csrf_token_hilang_salah_atau_dari_situs_lain(
    server_ult: Server, kantor_ult: Kantor
) -> None:
    n = _jumlah(kantor_ult, "ult_permohonan")
    with Pengunjung(server_ult) as v:
        r = v.ajukan(token="")
        assert r.status_code == 400 and "kedaluwarsa" in galat(r)
        assert 'value="Budi Santoso"' in r.text  # the entries are kept
        r = v.ajukan(token=v.token("/pengaduan"))  # another form's token
        assert r.status_code == 400
        r = v.ajukan(token=v.token("/ajukan/kerjasama")[:-2] + "AA")  # altered
        assert r.status_code == 400
        token = v.token("/ajukan/kerjasama")
    # the same token from a browser without the cookie (another visitor, a cross-site post)
    with Pengunjung(server_ult) as lain:
        r = lain.ajukan(token=token)
        assert r.status_code == 400
        assert "set-cookie" in r.headers  # the form comes back ready to send
    with Pengunjung(server_ult) as v:
        t = v.token("/lacak")
        r = v.c.post("/lacak", data={"kode": "7KQ2M-X9D4P", "token": t},
                     headers={"sec-fetch-site": "cross-site"})  # fmt: skip
        assert r.status_code == 403
        r = v.c.post("/pengaduan", data={"isi": "tanpa token"})
        assert r.status_code == 400 and "Formulir sudah kedaluwarsa" in r.text
    assert _jumlah(kantor_ult, "ult_permohonan") == n


# -- tracking ------------------------------------------------------------------------------------


def test_lacak_keadaan_linimasa_dan_produk_saat_selesai(
    server_ult: Server, kantor_ult: Kantor
) -> None:
    with Pengunjung(server_ult) as v:
        kode = kode_dari(v.ajukan(email=""))
        lain = kode_dari(v.ajukan(instansi="SMA Negeri 99 Rahasia", email="", telepon="08111"
                                  "22233344", perihal="Perihal orang lain"))  # fmt: skip
        r = v.kirim("/lacak", kode=kode.lower().replace("-", " "))
        assert r.status_code == 200
        assert "Permohonan diterima dan sedang diperiksa." in r.text
        assert "Dinas Pendidikan Kota Samarinda" in r.text
        assert "SMA Negeri 99 Rahasia" not in r.text and lain not in r.text
        with meja_kantor(kantor_ult) as m:
            pm.disposisi(m, kode, "Kasubbag Umum", catatan="Catatan internal pimpinan")
            pm.putuskan(m, kode, "setuju")
            pm.catat_produk(m, kode, "Sertifikat peserta", nomor=kantor_ult.nomor["sertifikat"],
                            entri_arsip=ID_SERTIFIKAT)  # fmt: skip
        r = v.kirim("/lacak", kode=kode)
        assert "Disetujui" in r.text and 'id="produk"' not in r.text  # not closed yet
        with meja_kantor(kantor_ult) as m:
            pm.tutup(m, kode)
        r = v.kirim("/lacak", kode=kode)
    assert r.status_code == 200 and "Layanan selesai." in r.text
    linimasa = re.findall(r"<li><strong>(.*?)</strong>", r.text)
    assert linimasa == [
        "Diterima", "Diteruskan ke unit yang menangani", "Disetujui",
        "Dokumen layanan diterbitkan", "Selesai",
    ]  # fmt: skip
    assert f'href="/verifikasi/{ID_SERTIFIKAT}"' in r.text
    assert kantor_ult.nomor["sertifikat"] in r.text
    for internal in ("Catatan internal", "Kasubbag Umum", "petugas-ult", "formulir daring"):
        assert internal not in r.text
    qr = httpx.get(f"{server_ult.url}/verifikasi/{ID_SERTIFIKAT}", timeout=30)
    assert "ASLI DAN BERLAKU" in qr.text


def test_lacak_kode_salah_atau_tidak_ada(server_ult: Server) -> None:
    with Pengunjung(server_ult) as v:
        r = v.kirim("/lacak", kode="bukan kode")
        assert r.status_code == 422 and "Kode pelacakan tidak sah" in galat(r)
        assert 'value="bukan kode"' in r.text
        r = v.kirim("/lacak", kode="ZZZZZ-ZZZZZ")
        assert r.status_code == 404
        assert galat(r) == (
            "Tidak ada permohonan atau pengaduan dengan kode itu; periksa kembali kodenya."
        )
        r = v.kirim("/lacak", kode="")
        assert r.status_code == 422


# -- complaints ----------------------------------------------------------------------------------


def test_pengaduan_anonim_dan_bernama_dengan_tenggat_lima_hari_kerja(
    server_ult: Server, kantor_ult: Kantor
) -> None:
    with Pengunjung(server_ult) as v:
        kode_p = kode_dari(v.ajukan(email=""))
        r = v.kirim("/pengaduan", isi="Petugas tidak membalas pesan.", nama="", telepon="",
                    email="", permohonan="", layanan="")  # fmt: skip
        assert r.status_code == 200, r.text
        anonim = kode_dari(r)
        assert "tanpa identitas" in r.text
        r = v.kirim("/pengaduan", isi="Belum ada jawaban atas permohonan.", nama="Budi",
                    telepon="081234567890", email="", permohonan=kode_p.lower(),
                    layanan="kerjasama")  # fmt: skip
        assert r.status_code == 200, r.text
        bernama = kode_dari(r)
        r = v.kirim("/pengaduan", isi="x", nama="", telepon="", email="",
                    permohonan="ZZZZZ-ZZZZZ", layanan="")  # fmt: skip
        assert r.status_code == 422 and "tidak ada" in galat(r)
        r = v.kirim("/pengaduan", isi="  ", nama="Budi", telepon="", email="", permohonan="")
        assert r.status_code == 422 and galat(r) == "Tuliskan isi pengaduan Anda."
        assert 'value="Budi"' in r.text
    with meja_kantor(kantor_ult) as m:
        semua = {p.kode: p for p in pg.daftar(m)}
        a = semua[anonim.replace("-", "")]
        b = semua[bernama.replace("-", "")]
        assert a.anonim and a.nama is None and a.kanal == "daring"
        assert not b.anonim and b.layanan == "kerjasama" and b.permohonan_id is not None
        assert a.tenggat_awal == m.kalender.maju(a.hari_terima, 5)
        pg.jawab(m, anonim, "Sudah kami tindak lanjuti dengan petugas.")
    with Pengunjung(server_ult) as v:
        r = v.kirim("/lacak", kode=anonim)
    assert r.status_code == 200 and "Pengaduan sudah dijawab" in r.text
    assert "Sudah kami tindak lanjuti dengan petugas." in r.text
    assert re.findall(r"<li><strong>(.*?)</strong>", r.text) == ["Diterima", "Dijawab"]


# -- rate limits ---------------------------------------------------------------------------------


def test_batas_laju_formulir_dan_lacak(server_ketat: Server) -> None:
    with Pengunjung(server_ketat) as v:
        status = [v.ajukan(email="").status_code for _ in range(3)]
        assert status[:2] == [200, 200] and status[2] == 429
        r = v.ajukan(email="")
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        assert "Terlalu banyak formulir" in galat(r) and 'value="Budi Santoso"' in r.text
        tebak = [v.kirim("/lacak", kode=f"ZZZZZ-ZZZZ{i}").status_code for i in range(5)]
        assert tebak[:3] == [404] * 3 and tebak[3:] == [429, 429]
    # another address is still served
    lain = httpx.HTTPTransport(local_address="127.0.0.2")
    with Pengunjung(server_ketat, transport=lain) as v:
        assert v.kirim("/lacak", kode="ZZZZZ-ZZZZZ").status_code == 404


# -- the satisfaction survey ---------------------------------------------------------------------


def _tutup_dengan_survei(server: Server, kantor: Kantor) -> tuple[str, str]:
    """Submit a request online, close it at the desk; return its code and a survey token."""
    from naskah.ult import survei

    with Pengunjung(server) as v:
        kode = kode_dari(v.ajukan(email=""))
    with meja_kantor(kantor) as m:
        pm.putuskan(m, kode, "setuju")
        pm.tutup(m, kode)
        return kode, survei.undang(m, kode)


def _jawaban(**lain: str) -> dict[str, str]:
    d = {f"U{i}": str(1 + i % 4) for i in range(1, 10)}
    d.update(saran="Ruang tunggu perlu kipas angin.", usia="30–39 tahun", jenis_kelamin="",
             pendidikan="S1", pekerjaan="PNS")  # fmt: skip
    d.update(lain)
    return d


def test_survei_sekali_pakai_dan_anonim(server_ult: Server, kantor_ult: Kantor) -> None:
    from naskah.ult import survei

    kode, token = _tutup_dengan_survei(server_ult, kantor_ult)
    jalur = f"/survei/{token}"
    with Pengunjung(server_ult) as v:
        r = v.c.get(jalur)
        assert r.status_code == 200
        assert "Kerjasama Fasilitasi Peningkatan Mutu Pendidikan" in r.text
        assert r.text.count('type="radio"') == 36 and "Sangat sopan dan ramah" in r.text
        # incomplete: one sentence naming the question, the answers given kept
        r = v.kirim(jalur, **_jawaban(U3=""))
        assert r.status_code == 422
        assert galat(r) == (
            "Pilih satu jawaban untuk setiap pertanyaan; pertanyaan 3 (Waktu Penyelesaian) belum "
            "dijawab."
        )
        assert 'id="unsur-U3" aria-invalid="true"' in r.text
        assert 'id="U1-2" name="U1" value="2" required checked' in r.text
        assert "Ruang tunggu perlu kipas angin." in r.text
        r = v.kirim(jalur, **_jawaban(U5="7"))
        assert r.status_code == 422 and "pertanyaan 5" in galat(r)
        r = v.kirim(jalur, **_jawaban(pekerjaan=XSS, saran=XSS))
        assert r.status_code == 422 and "<script>" not in r.text
        assert "Pilih data responden dari daftar" in galat(r)
        r = v.kirim(jalur, **_jawaban(token=""))
        assert r.status_code == 400
        r = v.kirim(jalur, **_jawaban(situs_web="http://spam.example"))
        assert r.status_code == 400
        with meja_kantor(kantor_ult) as m:
            assert survei.buka(m, token).layanan  # nothing refused used the link
        kedua = v.token(jalur)  # a second tab holding the form
        r = v.kirim(jalur, **_jawaban(saran=XSS))
        assert r.status_code == 200 and "Penilaian Anda sudah kami terima." in r.text
        r = v.kirim(jalur, **_jawaban(token=kedua))  # a second answer through the same link
        assert r.status_code == 200 and "sudah diisi" in r.text
        assert "sudah diisi" in v.c.get(jalur).text
        r = v.c.get("/survei/" + "A" * 24)
        assert r.status_code == 404 and "Tautan survei tidak dikenal" in r.text
    with meja_kantor(kantor_ult) as m:
        semua = survei.daftar_jawaban(m, m.hari_ini().year)
    mine = [x for x in semua if x.saran == " ".join(XSS.split())]
    assert len(mine) == 1
    assert mine[0].nilai == tuple(1 + i % 4 for i in range(1, 10))
    assert dict(mine[0].profil) == {"usia": "30–39 tahun", "pendidikan": "S1", "pekerjaan": "PNS"}
    assert mine[0].sumber == "daring"
    assert kode not in str(mine[0])  # anonymous: the request is not kept with the answer
    log = server_ult.log_teks()
    assert token not in log and "GET /survei/{token} 200" in log


def test_kinerja_tahunan_di_halaman_layanan(server_ult: Server, kantor_ult: Kantor) -> None:
    from naskah.layanan import Layanan
    from naskah.ult import survei

    _, token = _tutup_dengan_survei(server_ult, kantor_ult)
    with meja_kantor(kantor_ult) as m:
        survei.jawab(m, token, survei.JawabanSurvei({f"U{i}": 4 for i in range(1, 10)}))
        tahun = m.hari_ini().year
    ult = Layanan(kantor_ult.konfigurasi).ult
    assert ult is not None
    d = ult._hitung_ringkasan(tahun)
    assert d is not None and d["tahun"] == tahun and d["ikm"] and d["mutu"]
    html = ult.l._render("ult_layanan.html", daftar=[], kinerja=d)
    assert f"Kinerja layanan tahun {tahun}" in html and d["ikm"] in html
    assert ult._hitung_ringkasan(1990) is None  # nothing that year: no card
