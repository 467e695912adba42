"""Serving the verification service with uvicorn on a socket bound before it starts.

:func:`jalankan` binds the address itself (``port`` 0 picks a free one), so the address it
reports through ``siap`` is the real one, and it calls ``siap`` only once the application has
started (worker processes launched): a client connecting after that line is served.

The HTTP parser is httptools behind :func:`naskah.layanan.sambungan.kelas_protokol` (header
size cap, header timeout, connections per address). ``parser="h11"`` serves with uvicorn's
pure-Python h11 protocol and its own ``h11_max_incomplete_event_size`` instead (no header
timeout, no per-address cap): kept for ``bench/layanan.py``'s comparison only.
"""

from __future__ import annotations

import dataclasses
import logging
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from naskah.berkas import alasan_os
from naskah.config import Konfigurasi
from naskah.errors import ConfigError
from naskah.layanan.sambungan import BatasSambungan, kelas_protokol


@dataclass(frozen=True)
class OpsiServer:
    """Where the service listens."""

    host: str = "127.0.0.1"
    port: int = 8000
    rinci: bool = False
    """``--verbose``: the check workers' warnings and tracebacks go to stderr."""
    parser: Literal["httptools", "h11"] = "httptools"
    batas: BatasSambungan = field(default_factory=BatasSambungan)
    """Header size and time, connections per address (trusted proxies from the config)."""


def _soket(host: str, port: int) -> socket.socket:
    keluarga = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto IPPROTO_TCP: asyncio sets TCP_NODELAY only on such sockets (with proto 0 every
    # kept-alive response waited ~40 ms for the client's delayed ACK)
    s = socket.socket(keluarga, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind((host, port))
    except OSError as exc:
        s.close()
        raise ConfigError(
            f"Alamat {host}:{port} tidak dapat dipakai ({alasan_os(exc)}); pilih --port lain atau "
            "hentikan layanan yang memakainya."
        ) from None
    s.listen(512)
    s.set_inheritable(True)
    return s


def jalankan(
    konfigurasi: Konfigurasi,
    opsi: OpsiServer,
    *,
    siap: Callable[[str], None] | None = None,
) -> None:
    """Serve the verification service until SIGINT/SIGTERM; ``siap`` gets its base URL."""
    import uvicorn

    from naskah.layanan.aplikasi import buat_aplikasi

    s = _soket(opsi.host, opsi.port)
    host, port = s.getsockname()[:2]
    tampil = f"[{host}]" if ":" in host else host
    alamat = f"http://{tampil}:{port}"

    def mulai() -> None:
        if siap is not None:
            siap(alamat)

    log = logging.getLogger("naskah.layanan")
    if not log.handlers:
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
        log.addHandler(h)
        log.setLevel(logging.INFO)
    app = buat_aplikasi(konfigurasi, siap=mulai, rinci=opsi.rinci)
    batas = dataclasses.replace(opsi.batas, tepercaya=app.proxy_tepercaya.__contains__)
    config = uvicorn.Config(
        app,
        http=kelas_protokol(batas) if opsi.parser == "httptools" else "h11",
        log_config=None,
        access_log=False,
        server_header=False,
        proxy_headers=False,  # X-Forwarded-For is read by the service for trusted proxies only
        lifespan="on",
        timeout_keep_alive=5,
        limit_concurrency=1024,
        h11_max_incomplete_event_size=batas.kepala,
    )
    try:
        uvicorn.Server(config).run(sockets=[s])
    finally:
        s.close()
