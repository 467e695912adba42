"""The daily digest of what is due, sent to a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from naskah.config import muat_konfigurasi
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja
from naskah.ult.ringkasan import kirim_ringkasan

from .conftest import Jam


class Kotak:
    def __init__(self) -> None:
        self.pesan: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        m = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(m, EmailMessage)
        self.pesan.append(m)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Kotak, int]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    kotak = Kotak()
    c = Controller(kotak, hostname="127.0.0.1", port=port)
    c.start()
    yield kotak, port
    c.stop()


@pytest.mark.slow
def test_ringkasan_harian_tanpa_data_pribadi(kantor: Path, smtp: tuple[Kotak, int]):
    kotak, port = smtp
    toml = kantor / "naskah.toml"
    isi = toml.read_text(encoding="utf-8").replace(
        "[ult]\n", '[ult]\nringkasan_kepada = ["kasubbag@bpmp.example.go.id"]\n', 1
    )
    isi += (f'\n[surel]\nhost = "127.0.0.1"\nport = {port}\nkeamanan = "tanpa"\n'
            'pengirim = "ult@bpmp.example.go.id"\n')  # fmt: skip
    toml.write_text(isi, encoding="utf-8")
    jam = Jam(datetime(2025, 6, 2, 2, tzinfo=UTC))
    with Meja(muat_konfigurasi(toml), jam=jam) as meja:
        assert kirim_ringkasan(meja).jumlah == 0 and not kotak.pesan  # nothing due: no mail
        p = pm.terima(meja, pm.PermohonanBaru(layanan="kerjasama", instansi="Disdik Bontang",
                                              telepon="081234000111", email="x@example.go.id",
                                              semua_syarat=True))  # fmt: skip
        pm.disposisi(meja, p.kode, "Kasubbag Umum", unit="Subbag Umum")
        jam.t = datetime(2025, 6, 10, 2, tzinfo=UTC)  # due 5 June: 1 working day overdue
        h = kirim_ringkasan(meja)
    assert h.jumlah == 1 and h.terkirim == ("kasubbag@bpmp.example.go.id",)
    (m,) = kotak.pesan
    teks = m.get_content()
    assert "1 perlu ditangani" in m["Subject"] and m["To"] == "kasubbag@bpmp.example.go.id"
    assert p.kode_tampil in teks and "LEWAT 1 hari kerja" in teks and "Subbag Umum" in teks
    assert "081234" not in teks and "x@example" not in teks
