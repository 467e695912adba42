"""The public forms' plumbing: owns their anti-forgery token, honeypot and body parsing.

Forgery (CSRF) is refused without server sessions and without JavaScript by a signed double
submit: the browser holds a random value in a cookie (HttpOnly, SameSite=Strict, Secure over
HTTPS) and every form carries a token that signs that value, the form's name, the time it was
given and a nonce with the process's secret key (HMAC-SHA256). A post is accepted only when its
token signs the cookie it came with, for that form, less than :data:`UMUR_TOKEN` ago; a browser
never sends the cookie of a cross-site post, and another site can neither read the cookie nor
sign a token for it. The nonce makes each filled form one submission: the service keeps the
answer to a nonce for the token's lifetime and gives it again to a repeated post (a reload)
instead of recording the request twice.

A honeypot field (:data:`MADU`), hidden from people by the stylesheet and from screen readers,
is left empty by people and filled by most form robots.

Bodies are parsed off the event loop (:func:`urai_multipart`, :func:`urai_isian`), with limits
on the number of parts, header and field sizes; files are kept in memory, never written.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import struct
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "KUKI",
    "MADU",
    "UMUR_TOKEN",
    "BerkasUnggah",
    "Formulir",
    "Bagian",
    "PenjagaFormulir",
    "bagian_multipart",
    "urai_isian",
    "urai_multipart",
]

KUKI = "naskah_formulir"
"""The cookie holding the browser's random value."""
MADU = "situs_web"
"""The honeypot field's name (a plausible one, so robots fill it)."""
UMUR_TOKEN = 4 * 3600
"""Seconds a form's token stays valid (filling a form with attachments may take a while)."""
Bagian = tuple[dict[bytes, bytes], bytearray]
"""One part of a multipart body: its headers (lower-cased names) and its content."""
_POLA_KUKI = re.compile(r"[0-9a-f]{32}")
_MAKS_KEPALA_BAGIAN = 2048
_MAKS_BATAS_MULTIPART = 70


@dataclass(frozen=True)
class BerkasUnggah:
    """One uploaded file, in memory."""

    field: str
    nama: str
    data: bytes


@dataclass(frozen=True)
class Formulir:
    """A parsed form: its text fields (each value as sent) and its files."""

    isian: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    berkas: tuple[BerkasUnggah, ...] = ()

    def nilai(self, nama: str, panjang: int = 1000) -> str:
        """Return field ``nama``'s first value, stripped and cut to ``panjang`` characters."""
        v = self.isian.get(nama)
        return v[0].strip()[:panjang] if v else ""

    def semua(self, nama: str) -> tuple[str, ...]:
        return self.isian.get(nama, ())


class PenjagaFormulir:
    """Issues and checks the forms' signed tokens (one secret key per process)."""

    def __init__(self, kunci: bytes | None = None) -> None:
        self._kunci = kunci or secrets.token_bytes(32)

    @staticmethod
    def kuki_baru() -> str:
        return secrets.token_hex(16)

    @staticmethod
    def kuki_sah(nilai: str | None) -> bool:
        return bool(nilai) and _POLA_KUKI.fullmatch(nilai or "") is not None

    def _tanda(self, kuki: str, nama: str, waktu: int, nonce: bytes) -> bytes:
        pesan = b"|".join([kuki.encode(), nama.encode(), str(waktu).encode(), nonce])
        return hmac.new(self._kunci, pesan, hashlib.sha256).digest()[:16]

    def token(self, kuki: str, nama: str, waktu: float) -> str:
        """Return a new token of form ``nama`` for the browser holding cookie ``kuki``."""
        t = int(waktu)
        nonce = secrets.token_bytes(12)
        mentah = struct.pack(">Q", t) + nonce + self._tanda(kuki, nama, t, nonce)
        return base64.urlsafe_b64encode(mentah).decode().rstrip("=")

    def periksa(self, kuki: str | None, nama: str, token: str, waktu: float) -> str | None:
        """Return the token's nonce (hex) when it is valid for ``kuki`` and ``nama``, else None."""
        if not self.kuki_sah(kuki) or not token or len(token) > 64:
            return None
        assert kuki is not None
        try:
            mentah = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        except (ValueError, TypeError):
            return None
        if len(mentah) != 8 + 12 + 16:
            return None
        (t,) = struct.unpack(">Q", mentah[:8])
        nonce, tanda = mentah[8:20], mentah[20:]
        if not hmac.compare_digest(tanda, self._tanda(kuki, nama, t, nonce)):
            return None
        if not t - 60 <= waktu <= t + UMUR_TOKEN:
            return None
        return nonce.hex()


class _BentukTidakDikenal(Exception):
    """The body is not a form this service sends."""


def urai_isian(badan: bytes, maks_isian: int) -> Formulir | None:
    """Return an urlencoded form's fields, or None when it has more than ``maks_isian``."""
    try:
        isian = urllib.parse.parse_qs(
            badan.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=maks_isian
        )
    except ValueError:
        return None
    return Formulir({k: tuple(v) for k, v in isian.items()})


def bagian_multipart(jenis: str, badan: bytes, maks_bagian: int) -> list[Bagian] | None:
    """Return the parts of a multipart body (each: its headers, lower-cased names, and its
    content), or None when it is not such a body: a bad boundary, more than ``maks_bagian``
    parts (parsing stops at the first one too many), a part's headers over
    :data:`_MAKS_KEPALA_BAGIAN` bytes, or malformed framing. Runs off the event loop.
    """
    from python_multipart.multipart import MultipartParser, parse_options_header

    _, param = parse_options_header(jenis)
    batas = param.get(b"boundary")
    if not batas or len(batas) > _MAKS_BATAS_MULTIPART:
        return None
    bagian: list[Bagian] = []
    nama_h = bytearray()
    nilai_h = bytearray()
    kepala = [0]

    def mulai() -> None:
        if len(bagian) >= maks_bagian:
            raise _BentukTidakDikenal
        kepala[0] = 0
        bagian.append(({}, bytearray()))

    def tambah(buf: bytearray, d: bytes, a: int, b: int) -> None:
        kepala[0] += b - a
        if kepala[0] > _MAKS_KEPALA_BAGIAN:
            raise _BentukTidakDikenal
        buf.extend(d[a:b])

    def akhir_kepala() -> None:
        bagian[-1][0][bytes(nama_h).lower()] = bytes(nilai_h)
        nama_h.clear()
        nilai_h.clear()

    def isi(d: bytes, a: int, b: int) -> None:
        bagian[-1][1].extend(d[a:b])

    try:
        p = MultipartParser(
            batas,
            {
                "on_part_begin": mulai,
                "on_header_field": lambda d, a, b: tambah(nama_h, d, a, b),
                "on_header_value": lambda d, a, b: tambah(nilai_h, d, a, b),
                "on_header_end": akhir_kepala,
                "on_part_data": isi,
            },
        )
        p.write(badan)
        p.finalize()
    except Exception:  # a malformed or foreign body is just "not our form"
        return None
    return bagian


def urai_multipart(
    jenis: str, badan: bytes, *, maks_bagian: int, maks_isian: int = 64 * 1024
) -> Formulir | None:
    """Return a multipart form's fields and files, or None when it is not such a form.

    At most ``maks_bagian`` parts, each with short headers; a text field longer than
    ``maks_isian`` bytes refuses the form. Runs off the event loop.
    """
    from python_multipart.multipart import parse_options_header

    bagian = bagian_multipart(jenis, badan, maks_bagian)
    if bagian is None:
        return None
    isian: dict[str, list[str]] = {}
    berkas: list[BerkasUnggah] = []
    for h, data in bagian:
        _, cd = parse_options_header(h.get(b"content-disposition", b""))
        nama = cd.get(b"name")
        if nama is None:
            return None
        kunci = nama.decode("utf-8", "replace")
        if b"filename" in cd:
            if data:  # an empty file input sends a part without content
                berkas.append(
                    BerkasUnggah(kunci, cd[b"filename"].decode("utf-8", "replace"), bytes(data))
                )
            continue
        if len(data) > maks_isian:
            return None
        isian.setdefault(kunci, []).append(bytes(data).decode("utf-8", "replace"))
    return Formulir({k: tuple(v) for k, v in isian.items()}, tuple(berkas))
