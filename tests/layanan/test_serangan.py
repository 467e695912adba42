"""Attacks on the running service from outside (real server on loopback, bounded waits).

Each test is one attack of issue 23: many multipart parts, odd forms and boundaries, header
floods, idle and slow connections, many connections from one address, method and Host tricks,
right-to-left overrides, spoofed forwarding headers, and what the check workers print.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from naskah.layanan.pelindung import ProxyTepercaya, alamat_klien, kunci_laju
from tests.layanan.conftest import ID_SERTIFIKAT, Kantor, Server, buat_kantor, mulai_server


def _alamat(server: Server) -> tuple[str, int]:
    host, port = server.url.removeprefix("http://").rsplit(":", 1)
    return host, int(port)


def _sambung(server: Server, lokal: str = "127.0.0.1") -> socket.socket:
    return socket.create_connection(_alamat(server), timeout=40, source_address=(lokal, 0))


def _baca_sampai_tutup(s: socket.socket) -> bytes:
    data = bytearray()
    while True:
        try:
            potong = s.recv(65536)
        except ConnectionResetError:
            break
        if not potong:
            break
        data += potong
    return bytes(data)


def _rss_mb(pid: int) -> float:
    for baris in Path(f"/proc/{pid}/status").read_text().splitlines():
        if baris.startswith("VmRSS:"):
            return int(baris.split()[1]) / 1024
    raise AssertionError("VmRSS tidak ada")


def _unggah_mentah(server: Server, badan: bytes, batas: str) -> httpx.Response:
    return httpx.post(
        server.url + "/periksa",
        content=badan,
        headers={"content-type": f"multipart/form-data; boundary={batas}"},
        timeout=60,
    )


def _bagian(nama: str, isi: bytes, berkas: str | None = None) -> bytes:
    cd = f'form-data; name="{nama}"' + (f'; filename="{berkas}"' if berkas else "")
    return b"--B\r\nContent-Disposition: " + cd.encode() + b"\r\n\r\n" + isi + b"\r\n"


# -- forms ---------------------------------------------------------------------------------------


def test_banyak_bagian_multipart_ditolak_tanpa_membekukan_layanan(server: Server) -> None:
    badan = _bagian("x", b"a") * 12_000 + b"--B--\r\n"
    assert len(badan) < 1024 * 1024
    hasil: list[httpx.Response] = []
    t = threading.Thread(target=lambda: hasil.append(_unggah_mentah(server, badan, "B")))
    t.start()
    status = []
    with httpx.Client(timeout=30) as c:
        while t.is_alive() or not status:
            status.append(c.get(f"{server.url}/verifikasi/{ID_SERTIFIKAT}").status_code)
    t.join()
    assert hasil[0].status_code == 400 and "Tidak ada berkas" in hasil[0].text
    assert set(status) == {200}


def test_dua_berkas_atau_field_lain_ditolak(server: Server, kantor: Kantor) -> None:
    pdf = kantor.berkas["sertifikat"].read_bytes()
    dua = _bagian("berkas", pdf, "a.pdf") + _bagian("berkas", pdf, "b.pdf") + b"--B--\r\n"
    assert _unggah_mentah(server, dua, "B").status_code == 400
    lain = _bagian("lain", pdf, "a.pdf") + b"--B--\r\n"
    assert _unggah_mentah(server, lain, "B").status_code == 400
    # one file and one small extra field is still the form
    satu = _bagian("catatan", b"x") + _bagian("berkas", pdf, "a.pdf") + b"--B--\r\n"
    r = _unggah_mentah(server, satu, "B")
    assert r.status_code == 200 and ">ASLI DAN BERLAKU<" in r.text


def test_batas_multipart_terlalu_panjang_400_bukan_500(server: Server, kantor: Kantor) -> None:
    batas = "x" * 300
    badan = (
        f"--{batas}\r\nContent-Disposition: form-data; name=berkas; filename=a.pdf\r\n\r\n".encode()
        + b"%PDF-1.7\r\n--"
        + batas.encode()
        + b"--\r\n"
    )
    r = _unggah_mentah(server, badan, batas)
    assert r.status_code == 400 and "Terjadi gangguan" not in r.text


def test_formulir_sertifikat_dengan_banyak_isian_400_bukan_500(server: Server) -> None:
    isian = "a=1&b=2&c=3&d=4&e=5&nomor=1&nama=x"
    r = httpx.post(
        server.url + "/sertifikat",
        content=isian,
        headers={"content-type": "application/x-www-form-urlencoded"},
        timeout=30,
    )
    assert r.status_code == 400 and "Isian tidak dikenal" in r.text


def test_nama_berkas_dengan_pembalik_arah_dibersihkan(server: Server, kantor: Kantor) -> None:
    pdf = kantor.berkas["asing"].read_bytes()
    nama = "\u202eFDP.exe"
    badan = (
        b'--B\r\nContent-Disposition: form-data; name="berkas"; filename="'
        + nama.encode()
        + b'"\r\n\r\n'
        + pdf
        + b"\r\n--B--\r\n"
    )
    r = _unggah_mentah(server, badan, "B")
    assert r.status_code == 200
    assert "<bdi>FDP.exe</bdi>" in r.text and "\u202e" not in r.text


# -- HTTP tricks ---------------------------------------------------------------------------------


def test_405_menyebut_cara_yang_boleh(server: Server) -> None:
    r = httpx.post(server.url + "/", timeout=30)
    assert r.status_code == 405
    assert set(r.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}
    r = httpx.delete(f"{server.url}/verifikasi/{ID_SERTIFIKAT}", timeout=30)
    assert r.status_code == 405 and "GET" in r.headers["allow"]


def test_garis_miring_di_akhir_tidak_mengalihkan_ke_host_lain(server: Server) -> None:
    for jalur in (f"/verifikasi/{ID_SERTIFIKAT}/", "/periksa/", "/aset/gaya.css/"):
        r = httpx.get(server.url + jalur, headers={"host": "jahat.example"}, timeout=30)
        assert r.status_code == 404, jalur
        assert "location" not in r.headers
        assert "jahat.example" not in r.text


# -- connections ---------------------------------------------------------------------------------


def test_kepala_raksasa_dijawab_431_dan_memori_tetap(server: Server) -> None:
    pid = server.proses.pid
    sebelum = _rss_mb(pid)
    for _ in range(4):
        with _sambung(server) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: a\r\nX-Panjang: ")
            terkirim = 0
            try:
                while terkirim < 50 * 1024 * 1024:
                    s.sendall(b"a" * 65536)
                    terkirim += 65536
            except (BrokenPipeError, ConnectionResetError):
                pass
            jawab = _baca_sampai_tutup(s)
        assert terkirim < 8 * 1024 * 1024  # cut off early, not after the whole header
        assert jawab.startswith(b"HTTP/1.1 431") or jawab == b""
    assert _rss_mb(pid) - sebelum < 40
    assert httpx.get(server.url + "/", timeout=30).status_code == 200


def test_sambungan_diam_kepala_setengah_dan_badan_lambat_diputus(server: Server) -> None:
    diam = _sambung(server, "127.0.0.21")
    setengah = _sambung(server, "127.0.0.22")
    setengah.sendall(b"GET / HTTP/1.1\r\nHost: a\r\nX-Satu: ")
    lambat = _sambung(server, "127.0.0.23")
    lambat.sendall(
        b"POST /periksa HTTP/1.1\r\nHost: a\r\nContent-Type: multipart/form-data; boundary=B"
        b"\r\nContent-Length: 100000\r\n\r\n--B\r\n"
    )
    hasil: dict[str, tuple[bytes, float]] = {}

    def tunggu(nama: str, s: socket.socket) -> None:
        t0 = time.monotonic()
        with s:
            hasil[nama] = (_baca_sampai_tutup(s), time.monotonic() - t0)

    benang = [
        threading.Thread(target=tunggu, args=a)
        for a in (("diam", diam), ("setengah", setengah), ("lambat", lambat))
    ]
    for b in benang:
        b.start()
    for b in benang:
        b.join(60)
    assert hasil["diam"][0] == b""  # idle: closed without an answer
    assert hasil["setengah"][0].startswith(b"HTTP/1.1 408")
    assert hasil["lambat"][0].startswith(b"HTTP/1.1 408")
    assert b"Unggahan terlalu lambat" in hasil["lambat"][0]
    assert all(w < 40 for _, w in hasil.values())


def test_sambungan_per_alamat_dibatasi_alamat_lain_dilayani(server: Server) -> None:
    terbuka = [_sambung(server, "127.0.0.31") for _ in range(32)]
    try:
        for s in terbuka[:1]:  # the connections are counted when accepted; one is served
            s.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            assert s.recv(12) == b"HTTP/1.1 200"
        with _sambung(server, "127.0.0.31") as lebih:
            assert _baca_sampai_tutup(lebih).startswith(b"HTTP/1.1 429")
        lain = httpx.HTTPTransport(local_address="127.0.0.32")
        with httpx.Client(transport=lain, timeout=30) as c:
            assert c.get(f"{server.url}/verifikasi/{ID_SERTIFIKAT}").status_code == 200
    finally:
        for s in terbuka:
            s.close()


def test_unggahan_terputus_bukan_galat_server(server: Server) -> None:
    sebelum = server.log_teks().count("POST /periksa 400")
    with _sambung(server, "127.0.0.41") as s:
        s.sendall(
            b"POST /periksa HTTP/1.1\r\nHost: a\r\nContent-Type: multipart/form-data; "
            b"boundary=B\r\nContent-Length: 3\r\n\r\nabc"
        )
        s.shutdown(socket.SHUT_WR)
        _baca_sampai_tutup(s)
    akhir = time.monotonic() + 30
    while server.log_teks().count("POST /periksa 400") == sebelum:  # the access log line
        assert time.monotonic() < akhir
        time.sleep(0.05)
    assert "POST /periksa 500" not in server.log_teks()
    assert "Traceback" not in server.log_teks()


# -- what the workers print ----------------------------------------------------------------------


def _anak(pid: int) -> list[int]:
    anak = []
    for tugas in Path(f"/proc/{pid}/task").iterdir():
        with __import__("contextlib").suppress(OSError):
            anak += [int(x) for x in (tugas / "children").read_text().split()]
    return anak


def test_pemeriksa_berprioritas_rendah_dan_diam(server: Server, kantor: Kantor) -> None:
    for nama in ("diubah", "asing"):
        httpx.post(
            server.url + "/periksa",
            files={"berkas": ("a.pdf", kantor.berkas[nama].read_bytes(), "application/pdf")},
            timeout=60,
        )
    rusak = b"%PDF-1.7\n1 0 obj << /Type /Catalog /AcroForm << /Fields [2 0 R] >> >> endobj\n"
    httpx.post(
        server.url + "/periksa",
        files={"berkas": ("a.pdf", rusak, "application/pdf")},
        timeout=60,
    )
    pid = server.proses.pid
    pekerja = [p for p in _anak(pid) if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
    assert len(pekerja) == 2
    for p in pekerja:
        assert os.getpriority(os.PRIO_PROCESS, p) >= os.getpriority(os.PRIO_PROCESS, pid) + 10
    log = server.log_teks()
    for kata in ("Traceback", "Jarwoko", "pyhanko", "Warning", "unggahan.pdf"):
        assert kata not in log


def test_dengan_verbose_peringatan_pustaka_tampil(tmp_path: Path) -> None:
    k = buat_kantor(tmp_path / "kantor", "batas_permintaan = 100000\n")
    for s in mulai_server(k.folder, awal=("--verbose",)):
        r = httpx.post(
            s.url + "/periksa",
            files={"berkas": ("a.pdf", k.berkas["diubah"].read_bytes(), "application/pdf")},
            timeout=60,
        )
        assert r.status_code == 200
        # the workers' library warnings (pyHanko's import) reach stderr only with --verbose
        assert "DeprecationWarning" in s.log_teks()


# -- forwarded addresses -------------------------------------------------------------------------


def test_alamat_klien_dari_semua_baris_x_forwarded_for() -> None:
    proxy = ProxyTepercaya(["127.0.0.1", "10.0.0.0/8"])

    def scope(*xff: str, dari: str = "127.0.0.1") -> dict[str, object]:
        return {"client": (dari, 1), "headers": [(b"x-forwarded-for", x.encode()) for x in xff]}

    assert alamat_klien(scope("203.0.113.7"), proxy) == "203.0.113.7"
    # the client's own (spoofed) line first, the proxy's appended line last
    assert alamat_klien(scope("1.2.3.4", "198.51.100.9"), proxy) == "198.51.100.9"
    assert alamat_klien(scope("1.2.3.4, 198.51.100.9", "10.1.2.3"), proxy) == "198.51.100.9"
    assert alamat_klien(scope("1.2.3.4", dari="198.51.100.1"), proxy) == "198.51.100.1"
    assert kunci_laju("2001:db8:1:2::1") == kunci_laju("2001:db8:1:2:ffff::9")
    assert kunci_laju("2001:db8:1:2::1") != kunci_laju("2001:db8:1:3::1")
    assert kunci_laju("::ffff:192.0.2.1") == "192.0.2.1"


@pytest.fixture(scope="module")
def server_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    k = buat_kantor(
        tmp_path_factory.mktemp("proxy") / "kantor",
        'batas_permintaan = 20\nproxy_tepercaya = ["127.0.0.1"]\n',
    )
    yield from mulai_server(k.folder)


def test_batas_laju_di_balik_proxy_tidak_bisa_dipalsukan(server_proxy: Server) -> None:
    jalur = f"{server_proxy.url}/verifikasi/{ID_SERTIFIKAT}"
    with httpx.Client(timeout=30) as c:
        status = [
            c.get(
                jalur,
                headers=[("x-forwarded-for", f"10.9.9.{i}"), ("x-forwarded-for", "198.51.100.9")],
            ).status_code
            for i in range(30)
        ]
        assert status[:20] == [200] * 20 and set(status[20:]) == {429}
        # one /64 is one client
        v6 = [
            c.get(jalur, headers={"x-forwarded-for": f"2001:db8:5:6::{i:x}"}).status_code
            for i in range(1, 31)
        ]
        assert v6.count(429) == 10
        assert c.get(jalur, headers={"x-forwarded-for": "198.51.100.10"}).status_code == 200
