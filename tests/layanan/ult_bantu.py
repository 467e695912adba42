"""Shared parts of the desk's public-form tests: the office, its SMTP server, a visitor.

The office's standards are the Kaltim and Kalteng decrees, its archive holds a signed
certificate (to be a request's product), and its ``[surel]`` points at a real SMTP server
(aiosmtpd) on loopback that records every message and lets a test wait for one.
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from naskah.config import muat_konfigurasi
from naskah.ult.meja import Meja
from tests.layanan.conftest import Kantor, Server, buat_kantor, mulai_server, tulis_toml

ROOT = Path(__file__).resolve().parents[2]
KALTIM = ROOT / "examples" / "keputusan-bpmp-kaltim-2024.yaml"
KALTENG = ROOT / "examples" / "keputusan-bpmp-kalteng-2025.yaml"
PENGIRIM = "ult@bpmpkaltim.example.go.id"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
XSS = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
KEGIATAN = "2099-03-02"  # far enough ahead of any run


class Kotak:
    """The SMTP server's handler: accepted messages, and a way to wait for them."""

    def __init__(self) -> None:
        self.pesan: list[EmailMessage] = []
        self.ada = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        m = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(m, EmailMessage)
        with self.ada:
            self.pesan.append(m)
            self.ada.notify_all()
        return "250 OK"

    def tunggu(self, n: int, batas: float = 30) -> list[EmailMessage]:
        with self.ada:
            assert self.ada.wait_for(lambda: len(self.pesan) >= n, batas), "surel tidak datang"
            return list(self.pesan)


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def toml_ult(port: int, layanan: str) -> str:
    return (
        f'{layanan}\n[ult]\nstandar = ["{KALTIM}", "{KALTENG}"]\nlampiran_maks = 3\n'
        "lampiran_maks_mb = 0.05\n\n[ult.layanan.kerjasama]\nhari_kerja_jawaban = 3\n\n"
        f'[surel]\nhost = "127.0.0.1"\nport = {port}\nkeamanan = "tanpa"\n'
        f'pengirim = "{PENGIRIM}"\nper_menit = 6000\n'
    )


@pytest.fixture(scope="module", name="smtp")
def fixture_smtp() -> Iterator[tuple[Kotak, int]]:
    kotak = Kotak()
    port = _port_bebas()
    c = Controller(kotak, hostname="127.0.0.1", port=port)
    c.start()
    yield kotak, port
    c.stop()


@pytest.fixture(scope="module", name="kantor_ult")
def fixture_kantor_ult(tmp_path_factory: pytest.TempPathFactory, smtp: tuple[Kotak, int]) -> Kantor:
    return buat_kantor(
        tmp_path_factory.mktemp("ult") / "kantor",
        toml_ult(smtp[1], "batas_permintaan = 100000\nbatas_formulir = 1000\nbatas_lacak = 1000"),
    )


@pytest.fixture(scope="module", name="server_ult")
def fixture_server_ult(kantor_ult: Kantor) -> Iterator[Server]:
    yield from mulai_server(kantor_ult.folder)


@pytest.fixture(scope="module", name="kantor_ketat")
def fixture_kantor_ketat(tmp_path_factory: pytest.TempPathFactory, smtp: tuple[Kotak, int]) -> Path:
    folder = tmp_path_factory.mktemp("ult-ketat") / "kantor"
    tulis_toml(folder, toml_ult(smtp[1], "batas_formulir = 2\nbatas_lacak = 3"))
    return folder


@pytest.fixture(scope="module", name="server_ketat")
def fixture_server_ketat(kantor_ketat: Path) -> Iterator[Server]:
    yield from mulai_server(kantor_ketat)


class Pengunjung:
    """One browser without JavaScript: a cookie jar, reading each form's token."""

    def __init__(self, server: Server, **kw: Any) -> None:
        self.server = server
        self.c = httpx.Client(base_url=server.url, timeout=30, **kw)

    def __enter__(self) -> Pengunjung:
        return self

    def __exit__(self, *exc: object) -> None:
        self.c.close()

    def token(self, jalur: str) -> str:
        r = self.c.get(jalur)
        assert r.status_code == 200, r.text
        m = re.search(r'name="token" value="([^"]+)"', r.text)
        assert m is not None
        return m.group(1)

    def ajukan(
        self,
        kunci: str = "kerjasama",
        *,
        token: str | None = None,
        berkas: list[tuple[str, bytes]] | None = None,
        **isian: Any,
    ) -> httpx.Response:
        data: dict[str, Any] = {
            "instansi": "Dinas Pendidikan Kota Samarinda",
            "kontak": "Budi Santoso",
            "telepon": "0812 3456 7890",
            "email": "budi@example.go.id",
            "perihal": "Pendampingan penyusunan KOSP",
            "syarat": ["1", "2", "3", "4"],
            "situs_web": "",
        }
        if kunci in ("kerja-sama", "narasumber"):
            data["kegiatan_mulai"] = KEGIATAN
        data.update(isian)
        data = {k: v for k, v in data.items() if v is not None}
        data["token"] = token if token is not None else self.token(f"/ajukan/{kunci}")
        files = [
            ("lampiran", (n, b, "application/octet-stream"))
            for n, b in (berkas if berkas is not None else [("surat-permohonan.pdf", PDF)])
        ]
        return self.c.post(f"/ajukan/{kunci}", data=data, files=files or {"x": ("", b"")})

    def kirim(self, jalur: str, **isian: str) -> httpx.Response:
        data = {"situs_web": "", **isian}
        if "token" not in data:
            data["token"] = self.token(jalur)
        return self.c.post(jalur, data=data)


def kode_dari(r: httpx.Response) -> str:
    m = re.search(r'id="kode">([0-9A-Z]{5}-[0-9A-Z]{5})<', r.text)
    assert m is not None, r.text
    return m.group(1)


def galat(r: httpx.Response) -> str:
    m = re.search(r'id="galat" role="alert"><span><bdi>(.*?)</bdi>', r.text, re.S)
    assert m is not None, r.text
    return m.group(1)


def meja_kantor(kantor: Kantor) -> Meja:
    return Meja(muat_konfigurasi(kantor.folder / "naskah.toml"), oleh="petugas-ult")
