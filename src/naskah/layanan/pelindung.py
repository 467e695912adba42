"""The service's outer ASGI layer: security headers, rate limit per client, access log.

It wraps the whole application (error pages included), so every answer carries the headers
and every request is counted. The access log records method, route pattern (never the path
itself, so no verification id, name or number), status and duration: no client address, no
query, no user agent.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log_akses = logging.getLogger("naskah.layanan.akses")

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADER_AMAN: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
_BERAT = {"POST"}
"""Methods that cost ten tokens (uploads and look-ups)."""
MAKS_KLIEN = 50_000
"""Client addresses tracked at once; the least recently seen are forgotten first."""


@dataclass
class _Ember:
    token: float
    waktu: float


class PembatasLaju:
    """A token bucket per client address: ``per_menit`` tokens, refilled continuously."""

    def __init__(self, per_menit: int, jam: Callable[[], float] = time.monotonic) -> None:
        self.kapasitas = float(per_menit)
        self.laju = per_menit / 60.0
        self._jam = jam
        self._ember: OrderedDict[str, _Ember] = OrderedDict()

    def izinkan(self, klien: str, biaya: float = 1.0) -> float:
        """Take ``biaya`` tokens for ``klien``; return 0 if allowed, else seconds to wait."""
        kini = self._jam()
        e = self._ember.get(klien)
        if e is None:
            e = _Ember(self.kapasitas, kini)
            self._ember[klien] = e
            if len(self._ember) > MAKS_KLIEN:
                self._ember.popitem(last=False)
        else:
            e.token = min(self.kapasitas, e.token + (kini - e.waktu) * self.laju)
            e.waktu = kini
            self._ember.move_to_end(klien)
        if e.token >= biaya:
            e.token -= biaya
            return 0.0
        return (biaya - e.token) / self.laju


class ProxyTepercaya:
    """The reverse proxies whose X-Forwarded-For is believed: addresses or networks (CIDR)."""

    def __init__(self, daftar: frozenset[str] | list[str] = frozenset()) -> None:
        self._jaringan: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for teks in daftar:
            with contextlib.suppress(ValueError):
                self._jaringan.append(ipaddress.ip_network(teks.strip(), strict=False))

    def __contains__(self, alamat: object) -> bool:
        if not isinstance(alamat, str) or not self._jaringan:
            return False
        ip = _ip(alamat)
        return ip is not None and any(ip in j for j in self._jaringan)

    def __bool__(self) -> bool:
        return bool(self._jaringan)


def _ip(teks: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        ip = ipaddress.ip_address(teks.strip().removeprefix("[").removesuffix("]"))
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def alamat_klien(scope: Scope, proxy_tepercaya: ProxyTepercaya) -> str:
    """Return the client's address; X-Forwarded-For only when the peer is a trusted proxy.

    Every X-Forwarded-For line counts (a proxy may append its own line instead of extending
    the first): their entries are read right to left, skipping trusted proxies, and the first
    other address is the client (what the nearest trusted proxy saw).
    """
    klien = scope.get("client")
    alamat = klien[0] if klien else "-"
    if alamat not in proxy_tepercaya:
        return alamat
    rantai: list[str] = []
    for nama, nilai in scope.get("headers", ()):
        if nama == b"x-forwarded-for":
            rantai += [a.strip() for a in nilai.decode("latin-1").split(",") if a.strip()]
    for a in reversed(rantai):
        if a not in proxy_tepercaya:
            return a
    return rantai[0] if rantai else alamat


def kunci_laju(alamat: str) -> str:
    """Return the rate-limit bucket of an address: itself, or its /64 network for IPv6."""
    ip = _ip(alamat)
    if ip is None:
        return alamat[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


class Pelindung:
    """Wrap an ASGI app with headers, a rate limit and the access log."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        per_menit: int,
        proxy_tepercaya: ProxyTepercaya | None = None,
        halaman_429: Callable[[float], bytes],
    ) -> None:
        self.app = app
        self.pembatas = PembatasLaju(per_menit)
        self.proxy_tepercaya = proxy_tepercaya or ProxyTepercaya()
        self.halaman_429 = halaman_429

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        mulai = time.perf_counter()
        status = 0
        klien = kunci_laju(alamat_klien(scope, self.proxy_tepercaya))
        biaya = 10.0 if scope["method"] in _BERAT else 1.0
        tunggu = self.pembatas.izinkan(klien, biaya)

        async def kirim(pesan: Message) -> None:
            nonlocal status
            if pesan["type"] == "http.response.start":
                status = pesan["status"]
                headers = [
                    h for h in pesan.get("headers", []) if h[0].lower() != b"server"
                ] + HEADER_AMAN
                pesan = {**pesan, "headers": headers}
            await send(pesan)

        try:
            if tunggu > 0:
                isi = self.halaman_429(tunggu)
                await kirim(
                    {
                        "type": "http.response.start",
                        "status": 429,
                        "headers": [
                            (b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(isi)).encode()),
                            (b"retry-after", str(int(tunggu) + 1).encode()),
                            (b"cache-control", b"no-store"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": isi})
                return
            await self.app(scope, receive, kirim)
        finally:
            rute = scope.get("rute_naskah", "-")
            log_akses.info(
                "%s %s %d %.1fms",
                scope["method"],
                rute,
                status,
                (time.perf_counter() - mulai) * 1e3,
            )
