"""The service over HTTP as a client sees it: pages, statuses, headers, attacks, read-only."""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx
import pytest
from markupsafe import escape

from tests.layanan.conftest import (
    EMAIL_PESERTA,
    ID_BARU,
    ID_BATAL,
    ID_LAMA,
    ID_SERTIFIKAT,
    NAMA_PESERTA,
    NIK_PESERTA,
    NIP_PESERTA,
    Kantor,
    Server,
)


def _get(server: Server, jalur: str) -> httpx.Response:
    return httpx.get(server.url + jalur, timeout=30)


def test_halaman_qr_sertifikat_menampilkan_yang_tercetak_saja(server: Server) -> None:
    r = _get(server, f"/verifikasi/{ID_SERTIFIKAT}")
    assert r.status_code == 200
    assert "ASLI DAN BERLAKU" in r.text
    assert "Siti Rahmawati, S.Pd., M.Pd." in r.text
    assert "JP" in r.text and "Narasumber" in r.text
    for rahasia in (NIK_PESERTA, NIP_PESERTA, EMAIL_PESERTA, "19780512"):
        assert rahasia not in r.text


def test_header_keamanan_pada_setiap_jawaban(server: Server) -> None:
    for jalur in ("/", f"/verifikasi/{ID_SERTIFIKAT}", "/tidak-ada", "/aset/gaya.css"):
        r = _get(server, jalur)
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src" not in csp
        assert "'unsafe-inline'" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert "server" not in r.headers
    assert "<script" not in _get(server, "/").text


def test_naskah_diganti_menautkan_versi_terbaru(server: Server) -> None:
    r = _get(server, f"/verifikasi/{ID_LAMA}")
    assert r.status_code == 200 and "SUDAH DIGANTI" in r.text
    assert f'href="/verifikasi/{ID_BARU}"' in r.text
    assert "ASLI DAN BERLAKU" in _get(server, f"/verifikasi/{ID_BARU}").text


def test_naskah_dibatalkan_dengan_tanggalnya(server: Server) -> None:
    from zoneinfo import ZoneInfo

    from naskah.jam import sistem, tanggal_di
    from naskah.models.common import format_tanggal

    r = _get(server, f"/verifikasi/{ID_BATAL}")
    assert r.status_code == 200 and "DIBATALKAN" in r.text
    # the day of the cancellation in the office's zone (WITA), whatever the computer's
    hari = tanggal_di(sistem(), ZoneInfo("Asia/Makassar"))
    assert f"dibatalkan di register pada {format_tanggal(hari)}" in r.text
    assert "salah alamat" not in r.text  # the register's internal reason is not printed


@pytest.mark.parametrize(
    "jalur",
    [
        "/verifikasi/bukan-id-yang-ada-di-arsip",
        "/verifikasi/..%2F..%2F..%2Fetc%2Fpasswd",
        "/verifikasi/%2e%2e%2f%2e%2e%2fregister.sqlite",
        "/verifikasi/" + "A" * 5000,
        "/verifikasi/%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00%00",
        "/verifikasi/'%20OR%20'1'='1'--%20aaaaaaaaaa",
        "/verifikasi/%F0%9F%92%A9%F0%9F%92%A9%F0%9F%92%A9%F0%9F%92%A9",
    ],
)
def test_id_aneh_dan_penjelajahan_jalur_jawab_404(server: Server, jalur: str) -> None:
    r = _get(server, jalur)
    assert r.status_code == 404
    assert "tidak ada dalam arsip kantor ini" in r.text
    assert "Traceback" not in r.text and "root:" not in r.text


@pytest.mark.parametrize(
    "jalur",
    [
        "/../../etc/passwd",
        "/aset/../naskah.toml",
        "/aset/..%2F..%2Fnaskah.toml",
        "/aset/%2e%2e/aplikasi.py",
        "/aset/",
        "/archive/register.sqlite",
        "/naskah.toml",
        "/templat/dasar.html",
    ],
)
def test_tidak_ada_jalur_permintaan_yang_sampai_ke_berkas(server: Server, jalur: str) -> None:
    r = _get(server, jalur)
    assert r.status_code == 404
    assert "[seri" not in r.text and "SQLite" not in r.text and "{%" not in r.text


def _unggah(server: Server, data: bytes, nama: str = "naskah.pdf") -> httpx.Response:
    return httpx.post(
        server.url + "/periksa", files={"berkas": (nama, data, "application/pdf")}, timeout=60
    )


def test_unggah_asli_diubah_dan_asing(server: Server, kantor: Kantor) -> None:
    r = _unggah(server, kantor.berkas["sertifikat"].read_bytes())
    assert r.status_code == 200 and ">ASLI DAN BERLAKU<" in r.text, r.text
    assert f"/verifikasi/{ID_SERTIFIKAT}" in r.text
    r = _unggah(server, kantor.berkas["diubah"].read_bytes())
    assert ">TIDAK SAH<" in r.text and "RUSAK" in r.text
    r = _unggah(server, kantor.berkas["asing"].read_bytes())
    assert ">TIDAK DIKENAL<" in r.text and "tidak ada di arsip kantor" in r.text
    r = _unggah(server, kantor.berkas["lama"].read_bytes())
    assert ">SUDAH DIGANTI<" in r.text
    r = _unggah(server, kantor.berkas["batal"].read_bytes())
    assert ">DIBATALKAN<" in r.text


def test_unggah_bukan_pdf_ditolak(server: Server) -> None:
    r = _unggah(server, b"MZ\x90\x00 bukan pdf " * 100, "virus.pdf")
    assert r.status_code == 415 and "Bukan berkas PDF" in r.text
    r = httpx.post(server.url + "/periksa", content=b"%PDF-1.7", timeout=30)
    assert r.status_code == 415
    r = _unggah(server, b"")
    assert r.status_code == 400


def test_unggah_terlalu_besar_ditolak(server: Server) -> None:
    besar = b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024)
    r = _unggah(server, besar)
    assert r.status_code == 413 and "terlalu besar" in r.text

    def potongan():  # no Content-Length: chunked, counted as it arrives
        yield b"--b\r\nContent-Disposition: form-data; name=berkas; filename=a.pdf\r\n\r\n"
        for _ in range(40):
            yield b"%" * (64 * 1024)

    r = httpx.post(
        server.url + "/periksa",
        content=potongan(),
        headers={"content-type": "multipart/form-data; boundary=b"},
        timeout=30,
    )
    assert r.status_code == 413


def test_peserta_menemukan_sertifikatnya_dengan_nomor_dan_nama(
    server: Server, kantor: Kantor
) -> None:
    nomor = kantor.nomor["sertifikat"]
    for nama in (NAMA_PESERTA, "siti rahmawati", "  SITI   RAHMAWATI, S.Pd., M.Pd. "):
        r = httpx.post(server.url + "/sertifikat", data={"nomor": nomor, "nama": nama})
        assert r.status_code == 303, nama
        assert r.headers["location"] == f"/verifikasi/{ID_SERTIFIKAT}"
    salah = [
        {"nomor": nomor, "nama": "Andi Kurniawan"},
        {"nomor": nomor, "nama": "Siti"},
        {"nomor": "9999/Sertifikat/BPMPKALTIM/2024", "nama": NAMA_PESERTA},
        {"nomor": nomor, "nama": ""},
    ]
    teks = set()
    for isian in salah:
        r = httpx.post(server.url + "/sertifikat", data=isian)
        assert r.status_code == 404
        # what was typed is kept in the form to correct it, and nothing else differs
        for nilai in isian.values():
            if nilai:
                assert f'value="{escape(nilai)}"' in r.text
        teks.add(
            r.text.replace(f'value="{escape(isian["nomor"])}"', "").replace(
                f'value="{escape(isian["nama"])}"', ""
            )
        )
    assert len(teks) == 1  # the same answer whether the number exists or not
    assert _get(server, "/sertifikat").status_code == 405  # no listing


def test_log_akses_tanpa_data_pribadi(server: Server, kantor: Kantor) -> None:
    _get(server, f"/verifikasi/{ID_SERTIFIKAT}")
    httpx.post(
        server.url + "/sertifikat", data={"nomor": kantor.nomor["sertifikat"], "nama": "Siti X"}
    )
    log = server.log_teks()
    assert "GET /verifikasi/{id} 200" in log
    assert "POST /sertifikat 404" in log
    for pribadi in (ID_SERTIFIKAT, "Siti", "127.0.0.1", kantor.nomor["sertifikat"]):
        assert pribadi not in log


def test_layanan_tidak_menulis_arsip(tmp_path: Path) -> None:
    from tests.layanan.conftest import buat_kantor, mulai_server

    k = buat_kantor(tmp_path / "kantor", "batas_permintaan = 100000\n")
    arsip = k.konfigurasi.folder_arsip

    def sidik() -> dict[str, str]:
        return {
            str(p.relative_to(arsip)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(arsip.rglob("*"))
            if p.is_file() and not p.name.endswith(("-shm", "-wal"))
        }

    sebelum = sidik()
    for s in mulai_server(k.folder):
        assert _get(s, f"/verifikasi/{ID_SERTIFIKAT}").status_code == 200
        assert _unggah(s, k.berkas["sertifikat"].read_bytes()).status_code == 200
    assert sidik() == sebelum
