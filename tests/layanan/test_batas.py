"""Limits of the service: a flood from one address, the time limit of a check, read-only mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from naskah.errors import RegisterError
from naskah.register import buka_register
from tests.layanan.conftest import ID_SERTIFIKAT, Kantor, Server, buat_kantor, mulai_server


@pytest.fixture(scope="module")
def kantor_ketat(tmp_path_factory: pytest.TempPathFactory) -> Kantor:
    """An office allowing 30 requests a minute per address and 1 ms per upload check."""
    return buat_kantor(
        tmp_path_factory.mktemp("ketat") / "kantor",
        "batas_permintaan = 30\nbatas_waktu_periksa = 0.001\n",
    )


@pytest.fixture(scope="module")
def server_ketat(kantor_ketat: Kantor) -> Iterator[Server]:
    yield from mulai_server(kantor_ketat.folder)


def test_banjir_dari_satu_alamat_dibatasi_alamat_lain_tetap_dilayani(
    server_ketat: Server,
) -> None:
    jalur = f"{server_ketat.url}/verifikasi/{ID_SERTIFIKAT}"
    with httpx.Client(timeout=30) as c:
        status = [c.get(jalur).status_code for _ in range(80)]
    assert status[:25] == [200] * 25
    assert status.count(429) >= 40
    with httpx.Client(timeout=30) as c:
        r = c.get(jalur)
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert "Terlalu banyak permintaan" in r.text
    # another client address (loopback 127.0.0.2) is still answered
    lain = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(transport=lain, timeout=30) as c:
        assert c.get(jalur).status_code == 200


def test_pemeriksaan_melewati_batas_waktu_dihentikan_layanan_tetap_jalan(
    tmp_path: Path, kantor_ketat: Kantor, server_ketat: Server
) -> None:
    lain = httpx.HTTPTransport(local_address="127.0.0.3")
    with httpx.Client(transport=lain, timeout=60) as c:
        data = kantor_ketat.berkas["sertifikat"].read_bytes()
        r = c.post(
            server_ketat.url + "/periksa", files={"berkas": ("a.pdf", data, "application/pdf")}
        )
        assert r.status_code == 503 and "melewati batas waktu" in r.text
        assert c.get(f"{server_ketat.url}/verifikasi/{ID_SERTIFIKAT}").status_code == 200


def test_register_baca_saja_menolak_menulis(kantor_ketat: Kantor) -> None:
    reg = buka_register(kantor_ketat.konfigurasi, baca_saja=True)
    try:
        assert reg.daftar()  # reads work
        with pytest.raises(RegisterError, match="hanya untuk dibaca"):
            reg.ambil("naskah", klasifikasi="HK.03.01", tanggal="2024-05-21", perihal="x")
    finally:
        reg.tutup()


def test_port_terpakai_satu_kalimat_tanpa_traceback(kantor_ketat: Kantor) -> None:
    import socket

    from tests.register.conftest import jalankan_cli

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        r = jalankan_cli(kantor_ketat.folder, "layanan", "--port", str(port))
    assert r.returncode == 1
    assert f"Alamat 127.0.0.1:{port} tidak dapat dipakai" in r.stderr
    assert "Traceback" not in r.stderr and r.stdout == ""
