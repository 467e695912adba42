"""Connection-level limits in front of the HTTP parser: header size, read timeouts, per-address cap.

uvicorn's httptools protocol has no header size limit (``h11_max_incomplete_event_size`` is
read by the h11 protocol only) and no timeout while a request's headers arrive. The protocol
class returned by :func:`kelas_protokol` adds both to it, plus a cap on the connections one
client address holds at once:

* the request line and headers may be at most :attr:`BatasSambungan.kepala` bytes, counted as
  they arrive (so a never-ending header costs at most that much memory): 431 and close;
* they must be complete within :attr:`BatasSambungan.waktu_kepala` seconds of the connection
  opening or of the previous answer (an idle connection is closed silently, a half-sent
  header gets 408);
* one address may hold :attr:`BatasSambungan.per_alamat` connections; more are answered 429
  and closed. Trusted proxies are exempt (nginx holds its clients' connections itself).

Slow request bodies are bounded where the body is read (:mod:`naskah.layanan.aplikasi`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing uvicorn imports its command line, and with it click
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


@dataclass(frozen=True)
class BatasSambungan:
    """Limits of one connection and of one client address."""

    kepala: int = 16 * 1024
    """Bytes of request line and headers of one request."""
    waktu_kepala: float = 10.0
    """Seconds for a request's headers to arrive completely."""
    per_alamat: int = 32
    """Connections one client address may hold at once."""
    tepercaya: Callable[[str], bool] = field(default=lambda _a: False)
    """Whether an address is a trusted proxy (exempt from ``per_alamat``)."""


def _jawaban(status: bytes) -> bytes:
    return b"HTTP/1.1 " + status + b"\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"


_431 = _jawaban(b"431 Request Header Fields Too Large")
_408 = _jawaban(b"408 Request Timeout")
_429 = _jawaban(b"429 Too Many Requests")


def kelas_protokol(batas: BatasSambungan) -> type[HttpToolsProtocol]:
    """Return uvicorn's httptools protocol with ``batas`` enforced (one count per server)."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    terbuka: dict[str, int] = {}

    class ProtokolTerjaga(HttpToolsProtocol):
        _kunci: str | None = None
        _menunggu_kepala = True
        _terbaca = 0
        _jam: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            alamat = self.client[0] if self.client else "-"
            if not batas.tepercaya(alamat):
                if terbuka.get(alamat, 0) >= batas.per_alamat:
                    self._menunggu_kepala = False
                    transport.write(_429)
                    transport.close()
                    return
                terbuka[alamat] = terbuka.get(alamat, 0) + 1
                self._kunci = alamat
            self._mulai_menunggu()

        def connection_lost(self, exc: Exception | None) -> None:
            self._henti_jam()
            if self._kunci is not None:
                n = terbuka.get(self._kunci, 1) - 1
                if n <= 0:
                    terbuka.pop(self._kunci, None)
                else:
                    terbuka[self._kunci] = n
                self._kunci = None
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if self.transport.is_closing():
                return
            if self._menunggu_kepala:
                self._terbaca += len(data)
            super().data_received(data)
            if (
                self._menunggu_kepala
                and self._terbaca > batas.kepala
                and not self.transport.is_closing()
            ):
                self._tutup(_431)

        def on_headers_complete(self) -> None:
            self._menunggu_kepala = False
            self._henti_jam()
            super().on_headers_complete()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing() and not self.pipeline:
                self._mulai_menunggu()

        # -- plumbing ----------------------------------------------------------------------

        def _mulai_menunggu(self) -> None:
            self._henti_jam()
            self._menunggu_kepala = True
            self._terbaca = 0
            self._jam = self.loop.call_later(batas.waktu_kepala, self._habis_waktu)

        def _henti_jam(self) -> None:
            if self._jam is not None:
                self._jam.cancel()
                self._jam = None

        def _habis_waktu(self) -> None:
            self._jam = None
            if not self._menunggu_kepala or self.transport.is_closing():
                return
            if self._terbaca:
                self._tutup(_408)
            else:  # idle: nothing to answer
                self.transport.close()

        def _tutup(self, jawaban: bytes) -> None:
            self._menunggu_kepala = False
            self._henti_jam()
            self.transport.write(jawaban)
            self.transport.close()

    return ProtokolTerjaga
