"""The check workers under slow and crafted uploads: time limit per check from its start, one
worker killed on overrun (others' checks go on, a replacement is started at once), and the
caps on signatures per file.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.layanan.conftest import Kantor, Server, buat_kantor, mulai_server

BATAS_WAKTU = 5


def tambah_objek(data: bytes, n: int) -> bytes:
    """Return ``data`` with an incremental update adding ``n`` tiny objects (slow to check)."""
    ukuran = int(re.findall(rb"/Size (\d+)", data)[-1])
    sx = data.rindex(b"startxref")
    sebelum = int(data[sx:].split()[1])
    akar = re.findall(rb"/Root (\d+ \d+ R)", data)[-1]
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    letak = []
    for i in range(n):
        letak.append(len(out))
        out += b"%d 0 obj\n<< /A [1 2 3] >>\nendobj\n" % (ukuran + i)
    xref = len(out)
    out += b"xref\n%d %d\n" % (ukuran, n)
    for o in letak:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        ukuran + n,
        akar,
        sebelum,
        xref,
    )
    return bytes(out)


def pdf_banyak_tanda_tangan(n: int, rentang: int = 10) -> bytes:
    """Return a PDF whose form has ``n`` filled signature fields sharing one signature value
    whose two byte ranges are ``rentang`` bytes long each."""
    obj = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields ["
        + b" ".join(b"%d 0 R" % (5 + i) for i in range(n))
        + b"] /SigFlags 3 >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
        b"/ByteRange [0 %d %d %d] /Contents <"
        % (rentang, rentang + 130, rentang)
        + b"00" * 64
        + b"> >>",
    ] + [b"<< /FT /Sig /T (ttd%d) /V 4 0 R /Rect [0 0 0 0] >>" % i for i in range(n)]
    out = bytearray(b"%PDF-1.7\n")
    letak = []
    for i, o in enumerate(obj, 1):
        letak.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(obj) + 1)
    for o in letak:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(obj) + 1, xref)
    return bytes(out)


@pytest.fixture(scope="module")
def kantor_lambat(tmp_path_factory: pytest.TempPathFactory) -> Kantor:
    return buat_kantor(
        tmp_path_factory.mktemp("lambat") / "kantor",
        f"batas_permintaan = 100000\nbatas_waktu_periksa = {BATAS_WAKTU}\npemeriksa = 2\n",
    )


@pytest.fixture(scope="module")
def server_lambat(kantor_lambat: Kantor) -> Iterator[Server]:
    yield from mulai_server(kantor_lambat.folder)


def _unggah(server: Server, data: bytes, lokal: str = "127.0.0.1") -> httpx.Response:
    t = httpx.HTTPTransport(local_address=lokal)
    with httpx.Client(transport=t, timeout=120) as c:
        return c.post(server.url + "/periksa", files={"berkas": ("a.pdf", data, "application/pdf")})


def _pekerja(pid: int) -> set[int]:
    anak: set[int] = set()
    for tugas in Path(f"/proc/{pid}/task").iterdir():
        try:
            daftar = [int(x) for x in (tugas / "children").read_text().split()]
        except OSError:
            continue
        for p in daftar:
            try:
                if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes():
                    anak.add(p)
            except OSError:
                continue
    return anak


def _waktu_cpu(pid: int) -> float:
    """Return the CPU seconds ``pid`` has used; infinity once it is gone (killed at its limit)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return math.inf
    bagian = stat.rsplit(")", 1)[1].split()
    return (int(bagian[11]) + int(bagian[12])) / 100  # utime + stime, in clock ticks of 1/100 s


def _tunggu(syarat: object, batas: float = 60) -> None:
    """Wait until ``syarat()`` holds (polling state, not ordering by sleep)."""
    akhir = time.monotonic() + batas
    while not syarat():  # type: ignore[operator]
        assert time.monotonic() < akhir, "syarat tidak terpenuhi dalam batas waktu"
        time.sleep(0.05)


def test_batas_waktu_dihitung_sejak_mulai_hanya_pekerja_itu_dihentikan(
    server_lambat: Server, kantor_lambat: Kantor
) -> None:
    lambat = tambah_objek(kantor_lambat.berkas["sertifikat"].read_bytes(), 100_000)
    asli = kantor_lambat.berkas["sertifikat"].read_bytes()
    pid = server_lambat.proses.pid
    lama = _pekerja(pid)
    assert len(lama) == 2
    cpu = {p: _waktu_cpu(p) for p in lama}
    hasil: dict[str, httpx.Response] = {}

    def kirim(nama: str, data: bytes, lokal: str) -> None:
        hasil[nama] = _unggah(server_lambat, data, lokal)

    benang = [
        threading.Thread(target=kirim, args=(f"lambat{i}", lambat, f"127.0.1.{i}")) for i in (1, 2)
    ]
    for b in benang:
        b.start()
    # both workers are busy with the slow files (an idle worker uses no CPU; on a loaded machine
    # a worker may get little CPU before its limit): the next check waits in the queue
    _tunggu(lambda: all(_waktu_cpu(p) - cpu[p] > 0.1 for p in lama))
    t0 = time.monotonic()
    kirim("antre", asli, "127.0.1.3")
    menunggu = time.monotonic() - t0
    for b in benang:
        b.join(120)
    for i in (1, 2):
        r = hasil[f"lambat{i}"]
        assert r.status_code == 503 and "melewati batas waktu" in r.text
    # the queued check waited for a worker longer than the limit, then got its own limit
    r = hasil["antre"]
    assert r.status_code == 200 and ">ASLI DAN BERLAKU<" in r.text, r.text
    assert menunggu > BATAS_WAKTU - 1
    # the killed workers were replaced without waiting for a new check
    _tunggu(lambda: len(_pekerja(pid)) == 2 and not (_pekerja(pid) & lama))
    assert "Traceback" not in server_lambat.log_teks()


def test_pekerja_lain_tetap_memeriksa_saat_satu_dihentikan(
    server_lambat: Server, kantor_lambat: Kantor
) -> None:
    lambat = tambah_objek(kantor_lambat.berkas["sertifikat"].read_bytes(), 100_000)
    asli = kantor_lambat.berkas["lama"].read_bytes()
    hasil: list[httpx.Response] = []
    t = threading.Thread(
        target=lambda: hasil.append(_unggah(server_lambat, lambat, "127.0.2.1")), daemon=True
    )
    t.start()
    lain = []
    while t.is_alive() or not lain:
        lain.append(_unggah(server_lambat, asli, "127.0.2.2"))
    t.join()
    assert hasil[0].status_code == 503
    assert all(r.status_code == 200 and ">SUDAH DIGANTI<" in r.text for r in lain)
    assert len(lain) >= 2


def test_terlalu_banyak_tanda_tangan_tidak_diperiksa(server_lambat: Server) -> None:
    r = _unggah(server_lambat, pdf_banyak_tanda_tangan(1000))
    assert r.status_code == 200
    assert ">TIDAK DIKENAL<" in r.text or ">TIDAK SAH<" in r.text
    assert "lebih dari 16 tanda tangan" in r.text
    r = _unggah(server_lambat, pdf_banyak_tanda_tangan(3))
    assert "lebih dari 16 tanda tangan" not in r.text
    # 10 signatures over 2 x 4 MB each: 80 MB to hash
    r = _unggah(server_lambat, pdf_banyak_tanda_tangan(10, 4 * 1024 * 1024))
    assert "mencakup terlalu banyak data" in r.text
