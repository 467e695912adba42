"""Serving the web desk with uvicorn, on a socket bound before it starts (as ``naskah layanan``).

The desk binds to loopback or an office (private) address only: a public address is refused
unless ``[meja] izinkan_alamat_publik`` says otherwise (the desk shows applicants' personal data
and is meant for the office network, behind nginx with TLS).
"""

from __future__ import annotations

import ipaddress
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from naskah.config import Konfigurasi
from naskah.errors import ConfigError
from naskah.layanan.sambungan import BatasSambungan, kelas_protokol
from naskah.layanan.server import _soket


@dataclass(frozen=True)
class OpsiMeja:
    """Where the desk listens."""

    host: str = "127.0.0.1"
    port: int = 8001
    batas: BatasSambungan = field(default_factory=BatasSambungan)
    url: str | None = None
    """Database URL (tests and the bench); the office's register when empty."""


def periksa_alamat(host: str, izinkan_publik: bool) -> None:
    """Refuse a public listening address (or every address) unless allowed."""
    if izinkan_publik or host in ("localhost",):
        return
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        raise ConfigError(
            f"Alamat {host} bukan alamat IP; tulis alamat IP jaringan kantor atau 127.0.0.1."
        ) from None
    if ip.is_unspecified or not (ip.is_loopback or ip.is_private or ip.is_link_local):
        raise ConfigError(
            f"Meja layanan tidak didengarkan di {host}: alamat itu terbuka ke luar kantor; pakai "
            "127.0.0.1 (di balik nginx) atau alamat jaringan kantor, atau setel [meja] "
            "izinkan_alamat_publik = true bila memang disengaja."
        )


def jalankan(
    konfigurasi: Konfigurasi, opsi: OpsiMeja, *, siap: Callable[[str], None] | None = None
) -> None:
    """Serve the desk until SIGINT/SIGTERM; ``siap`` gets its base URL once it accepts."""
    import uvicorn

    from naskah.staf.aplikasi import MejaWeb

    periksa_alamat(opsi.host, konfigurasi.meja.izinkan_alamat_publik)
    s = _soket(opsi.host, opsi.port)
    host, port = s.getsockname()[:2]
    alamat = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    log = logging.getLogger("naskah.staf")
    if not log.handlers:
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        log.addHandler(h)
        log.setLevel(logging.INFO)
    web = MejaWeb(konfigurasi, url=opsi.url, siap=(lambda: siap(alamat)) if siap else None)
    app = web.aplikasi()
    tepercaya = app.proxy_tepercaya.__contains__
    batas = BatasSambungan(opsi.batas.kepala, opsi.batas.waktu_kepala, opsi.batas.per_alamat,
                           tepercaya)  # fmt: skip
    config = uvicorn.Config(
        app,
        http=kelas_protokol(batas),
        log_config=None,
        access_log=False,
        server_header=False,
        proxy_headers=False,
        lifespan="on",
        timeout_keep_alive=5,
        limit_concurrency=1024,
    )
    try:
        uvicorn.Server(config).run(sockets=[s])
    finally:
        s.close()
