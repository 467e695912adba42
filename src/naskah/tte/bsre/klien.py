"""HTTP client of BSrE's Esign Client Service (ESC), API v1 and v2.

This module owns talking to the ESC: the requests of both API versions, reading their answers
(the body decides success, never the HTTP status alone: business errors come back with HTTP 200),
retries with backoff on network errors and 5xx (tenacity), timeouts, the office CA file for the
ESC's TLS and the bound on calls in flight. It knows nothing of PDFs beyond bytes; checking what
comes back is :mod:`naskah.tte.bsre.periksa`'s job.

What it relies on (public material; the official "Petunjuk Teknis API Esign Client Service
v2.2.1" itself is not public):

* kiiskominfokepri/esign-ts (``src/v1/EsignClient.ts``, ``src/v2/EsignClient.ts``,
  ``src/dto/SignatureProperties.ts``, ``src/response/BaseResponse.ts``,
  ``src/v2/UserStatusResponse.ts``, ``src/v2/VerifyResponse.ts``): endpoints, v1 multipart
  fields (``file``, ``nik``, ``passphrase``, ``tampilan``, ``signed_file``), v2 JSON fields
  (``nik``/``email``, ``passphrase``/``totp``, ``signatureProperties[]`` with ``tampilan``
  VISIBLE/INVISIBLE, ``imageBase64``, ``page``, ``originX``, ``originY``, ``width``,
  ``height``, ``tag_koordinat``, ``reason``, ``location``; ``file[]`` base64), the v2 sign
  answer ``{"file": [base64, ...], "time": ...}``, the v1 sign answer (the PDF itself, its id
  in an ``id_dokumen`` header), a 200 body with an ``error`` key being a failure, the TOTP
  request ``{"nik", "data": <number of files>}``, the status values (``ISSUE``, ``EXPIRED``,
  ``RENEW``, ``WAITING_FOR_VERIFICATION``, ``NEW``, ``NO_CERTIFICATE``, ``NOT_REGISTERED``,
  ``SUSPEND``, ``REVOKE``) read from ``status``, ``userStatus`` or ``data.status``, and the v2
  verify answer (``conclusion``, ``description``, ``signatureInformations[]``);
* the Banda Aceh PHP library notes (Diskominfotik-Banda-Aceh/E-Sign-BSrE-PHP lineage): error
  bodies ``{"status_code": N, "error": "..."}``, 2031 = wrong passphrase, 2011 = signer not
  registered; the v1 verify answer (``SUMMARY``, ``details[].info_signer.signer_name``,
  ``jumlah_signature``, ``notes``).

Not confirmed by any public source, hence kept in :data:`KODE_GALAT` (one table to correct
against the real ESC): the code of a locked account (2032 here) and whether v2 takes
``linkQR`` (it is sent in v1 only; in v2 the QR travels as ``imageBase64``).

Secrets (the API password, passphrases, TOTP codes) and NIKs are never logged, never put in an
exception message and never kept beyond the call.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import ssl
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import tenacity

# httpx's package __init__ imports its own command line (httpx._main), which imports click when
# click is installed, as it is for naskah's CLI; the library never imports click
# (tests/test_cli.py). Marking that module absent makes httpx take its documented no-CLI
# fallback. httpx is pinned exactly in pyproject.toml for this.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
import httpx  # noqa: E402

from naskah.errors import TTEError  # noqa: E402

__all__ = [
    "GalatEsc",
    "EscTakTerjangkau",
    "EscTlsTakDipercaya",
    "EscBatasWaktu",
    "EscGalatServer",
    "EscDitolak",
    "SandiSalah",
    "AkunTerkunci",
    "TidakTerdaftar",
    "TanggapanTakSah",
    "KlienEsc",
    "OpsiEsc",
    "PropertiTandaTangan",
    "KODE_GALAT",
    "STATUS_SIAP",
]

STATUS_SIAP = "ISSUE"
"""The only user status that can sign."""

KODE_GALAT: dict[int, str] = {
    2011: "tidak_terdaftar",
    2031: "sandi_salah",
    2032: "terkunci",  # not confirmed by a public source; see the module docstring
}
"""ESC ``status_code`` values naskah tells apart; any other code is a generic refusal."""


class GalatEsc(TTEError):
    """Something went wrong talking to the ESC (the subclasses say what)."""


class EscTakTerjangkau(GalatEsc):
    """The ESC cannot be reached (connection refused or dropped, DNS)."""


class EscTlsTakDipercaya(GalatEsc):
    """The ESC's TLS certificate is not trusted (no office CA file, or the wrong one)."""


class EscBatasWaktu(GalatEsc):
    """The ESC did not answer within the configured time."""


class EscGalatServer(GalatEsc):
    """The ESC answered 5xx on every attempt."""


class EscDitolak(GalatEsc):
    """The ESC refused the request in its body (an ``error``), whatever the HTTP status."""

    def __init__(self, pesan: str, kode: int | None = None) -> None:
        super().__init__(pesan)
        self.kode = kode


class SandiSalah(EscDitolak):
    """Wrong passphrase or TOTP."""


class AkunTerkunci(EscDitolak):
    """The signer's account is locked (too many wrong passphrases)."""


class TidakTerdaftar(EscDitolak):
    """The NIK is not registered at BSrE."""


class TanggapanTakSah(GalatEsc):
    """The ESC's answer is not what the API promises (malformed JSON, missing files, truncated)."""


@dataclass(frozen=True)
class OpsiEsc:
    """How to reach one ESC: address, API version, API account, limits."""

    url: str
    versi: Literal[1, 2] = 2
    pengguna: str = ""
    """HTTP Basic user of the application's ESC account."""
    sandi: str = field(default="", repr=False)
    """HTTP Basic password (read from the environment; never printed)."""
    batas_waktu: float = 60.0
    """Seconds to wait for one answer (signing many files takes the ESC longer)."""
    ca: Path | None = None
    """The office CA file (PEM) that signed the ESC's TLS certificate; the system's when None."""
    percobaan: int = 3
    """Attempts per call on network errors and 5xx."""
    jeda: float = 0.5
    """First backoff pause in seconds (doubled on every retry, with jitter)."""
    sejajar: int = 4
    """Calls in flight at most."""


@dataclass(frozen=True)
class PropertiTandaTangan:
    """Where and how the ESC draws the signature of one file."""

    tampak: bool = False
    tag_koordinat: str | None = None
    """Text in the PDF the ESC anchors the visible signature at (naskah's ``[[TTE]]``)."""
    halaman: int | None = None
    x: float | None = None
    y: float | None = None
    lebar: float | None = None
    tinggi: float | None = None
    gambar: bytes | None = None
    """PNG of the visible signature (the verification QR code), v2 ``imageBase64``."""
    link_qr: str | None = None
    """The verification address the ESC puts in its QR code (v1 ``linkQR``)."""
    alasan: str | None = None
    lokasi: str | None = None

    def ke_v2(self) -> dict[str, Any]:
        """Return the v2 ``signatureProperties`` entry."""
        d: dict[str, Any] = {"tampilan": "VISIBLE" if self.tampak else "INVISIBLE"}
        if self.tampak:
            if self.gambar is not None:
                d["imageBase64"] = base64.b64encode(self.gambar).decode("ascii")
            for kunci, nilai in (("page", self.halaman), ("originX", self.x),
                                 ("originY", self.y), ("width", self.lebar),
                                 ("height", self.tinggi)):  # fmt: skip
                if nilai is not None:
                    d[kunci] = nilai
            if self.tag_koordinat:
                d["tag_koordinat"] = self.tag_koordinat
        d["location"] = self.lokasi
        d["reason"] = self.alasan or ""
        return d

    def ke_v1(self) -> dict[str, str]:
        """Return the v1 multipart text fields (besides ``file``, ``nik``, ``passphrase``)."""
        d = {"tampilan": "visible" if self.tampak else "invisible"}
        if self.tampak:
            d["image"] = "false"
            if self.link_qr:
                d["linkQR"] = self.link_qr
            for kunci, nilai in (("page", self.halaman), ("xAxis", self.x), ("yAxis", self.y),
                                 ("width", self.lebar), ("height", self.tinggi)):  # fmt: skip
                if nilai is not None:
                    d[kunci] = str(nilai)
            if self.tag_koordinat:
                d["tag_koordinat"] = self.tag_koordinat
        if self.alasan:
            d["reason"] = self.alasan
        if self.lokasi:
            d["location"] = self.lokasi
        return d


_ANGKA_NIK = re.compile(r"\d{16}")


class _SamarkanNik(logging.Filter):
    """Blank out 16-digit numbers (a NIK in the v1 status URL) in httpx's request log lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(_ANGKA_NIK.sub("<NIK>", str(a)) if isinstance(a, str | httpx.URL)
                                else a for a in args)  # fmt: skip
        record.msg = _ANGKA_NIK.sub("<NIK>", str(record.msg))
        return True


_SARINGAN = _SamarkanNik()
logging.getLogger("httpx").addFilter(_SARINGAN)  # idempotent: the same filter object


class _Sementara(Exception):
    """A failure worth another attempt (network error, 5xx)."""

    def __init__(self, asal: BaseException | None = None, status: int | None = None) -> None:
        super().__init__()
        self.asal = asal
        self.status = status


def _konteks_tls(ca: Path | None) -> ssl.SSLContext | bool:
    if ca is None:
        return True
    try:
        return ssl.create_default_context(cafile=str(ca))
    except (OSError, ssl.SSLError):
        raise GalatEsc(
            f"Berkas CA kantor {ca} untuk sambungan ke ESC tidak dapat dibaca sebagai sertifikat "
            "PEM; periksa [tte.bsre] ca."
        ) from None


def _rantai(exc: BaseException) -> list[BaseException]:
    hasil: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in hasil and len(hasil) < 10:
        hasil.append(cur)
        cur = cur.__cause__ or cur.__context__
    return hasil


class KlienEsc:
    """One connection pool to one ESC, shared by the threads of a batch (bounded in flight).

    Use as a context manager (the pool is closed on exit).
    """

    def __init__(self, opsi: OpsiEsc, *, transport: httpx.BaseTransport | None = None) -> None:
        self.opsi = opsi
        self.url = opsi.url.rstrip("/")
        self._batas = threading.BoundedSemaphore(max(1, opsi.sejajar))
        self._http = httpx.Client(
            auth=httpx.BasicAuth(opsi.pengguna, opsi.sandi) if opsi.pengguna else None,
            timeout=httpx.Timeout(opsi.batas_waktu, connect=min(10.0, opsi.batas_waktu)),
            verify=_konteks_tls(opsi.ca),
            limits=httpx.Limits(max_connections=max(1, opsi.sejajar)),
            transport=transport,
            follow_redirects=False,
        )
        self.panggilan = 0
        """Calls made (the bench reports them)."""
        self._kunci = threading.Lock()

    def __enter__(self) -> KlienEsc:
        return self

    def __exit__(self, *exc: object) -> None:
        self.tutup()

    def tutup(self) -> None:
        """Close the connection pool."""
        self._http.close()

    # -- the API ---------------------------------------------------------------------------

    def status(self, nik: str) -> str:
        """Return the signer's status (``ISSUE`` when they can sign)."""
        if self.opsi.versi == 1:
            r = self._kirim("GET", f"/api/user/status/{nik}")
        else:
            r = self._kirim("POST", "/api/v2/user/check/status", json={"nik": nik})
        data = self._json(r)
        self._periksa_galat(r, data)
        s = data.get("status") if isinstance(data, dict) else None
        if not isinstance(s, str) and isinstance(data, dict):
            s = data.get("userStatus")
            if not isinstance(s, str) and isinstance(data.get("data"), dict):
                s = data["data"].get("status")
        if not isinstance(s, str) or not s:
            raise TanggapanTakSah(
                "Jawaban ESC atas pemeriksaan status penandatangan tidak memuat status; periksa "
                "alamat dan versi API ESC di [tte.bsre]."
            )
        return s.upper()

    def minta_totp(self, nik: str, jumlah: int) -> None:
        """Ask the ESC to send the signer a TOTP code good for ``jumlah`` files (v2)."""
        r = self._kirim("POST", "/api/v2/sign/get/totp", json={"nik": nik, "data": jumlah})
        self._periksa_galat(r, self._json(r))

    def tandatangani(
        self,
        nik: str,
        berkas: Sequence[bytes],
        properti: Sequence[PropertiTandaTangan],
        *,
        passphrase: str | None = None,
        totp: str | None = None,
    ) -> list[bytes]:
        """Send ``berkas`` to be signed as ``nik``; return the signed PDFs, in the same order.

        v2 signs them all in one call; v1 takes one file per call (``berkas`` must hold one).
        """
        if not berkas or len(properti) != len(berkas):
            raise ValueError("one signature property per file")  # a programming error
        if self.opsi.versi == 1:
            if len(berkas) != 1 or passphrase is None:
                raise ValueError("API v1 signs one file per call, with a passphrase")
            fields = {"nik": nik, "passphrase": passphrase, **properti[0].ke_v1()}
            r = self._kirim(
                "POST", "/api/sign/pdf", data=fields,
                files={"file": ("naskah.pdf", berkas[0], "application/pdf")},
            )  # fmt: skip
            isi = r.content
            if isi.lstrip()[:1] in (b"{", b"["):
                self._periksa_galat(r, self._json(r))
                raise TanggapanTakSah(
                    "ESC menjawab permintaan tanda tangan dengan JSON tanpa berkas PDF; periksa "
                    "versi API ESC di [tte.bsre]."
                )
            if r.status_code != 200 or not isi.startswith(b"%PDF-"):
                raise TanggapanTakSah(
                    "Jawaban ESC atas permintaan tanda tangan bukan berkas PDF; tidak ada yang "
                    "ditulis, coba lagi atau hubungi pengelola ESC."
                )
            return [isi]
        badan: dict[str, Any] = {
            "nik": nik,
            "signatureProperties": [p.ke_v2() for p in properti],
            "file": [base64.b64encode(b).decode("ascii") for b in berkas],
        }
        if totp is not None:
            badan["totp"] = totp
        else:
            badan["passphrase"] = passphrase
        r = self._kirim("POST", "/api/v2/sign/pdf", json=badan)
        data = self._json(r)
        self._periksa_galat(r, data)
        daftar = data.get("file") if isinstance(data, dict) else None
        if not isinstance(daftar, list) or len(daftar) != len(berkas):
            raise TanggapanTakSah(
                f"ESC mengembalikan {len(daftar) if isinstance(daftar, list) else 0} berkas "
                f"untuk {len(berkas)} yang dikirim; tidak ada yang ditulis, coba lagi."
            )
        hasil = []
        for item in daftar:
            try:
                hasil.append(base64.b64decode(str(item), validate=True))
            except ValueError:
                raise TanggapanTakSah(
                    "Berkas dalam jawaban ESC bukan base64 yang sah; tidak ada yang ditulis, coba "
                    "lagi."
                ) from None
        return hasil

    def verifikasi(self, data: bytes) -> dict[str, Any]:
        """Ask the ESC's verify endpoint about a signed PDF; return its answer as it is."""
        if self.opsi.versi == 1:
            r = self._kirim(
                "POST", "/api/sign/verify",
                files={"signed_file": ("naskah.pdf", data, "application/pdf")},
            )  # fmt: skip
        else:
            r = self._kirim(
                "POST", "/api/v2/verify/pdf", json={"file": base64.b64encode(data).decode()}
            )
        jawab = self._json(r)
        self._periksa_galat(r, jawab)
        if not isinstance(jawab, dict):
            raise TanggapanTakSah("Jawaban verifikasi ESC bukan objek JSON.")
        return jawab

    # -- plumbing --------------------------------------------------------------------------

    def _kirim(self, metode: str, jalur: str, **kw: Any) -> httpx.Response:
        """Send one request, retrying network errors and 5xx; translate what is left."""
        opsi = self.opsi

        def sekali() -> httpx.Response:
            with self._kunci:
                self.panggilan += 1
            try:
                r = self._http.request(metode, self.url + jalur, **kw)
            except httpx.TransportError as exc:
                if any(isinstance(e, ssl.SSLCertVerificationError) for e in _rantai(exc)):
                    raise  # retrying does not make a certificate trusted
                raise _Sementara(exc) from exc
            if r.status_code >= 500:
                raise _Sementara(status=r.status_code)
            return r

        ulang = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(max(1, opsi.percobaan)),
            wait=tenacity.wait_exponential(multiplier=opsi.jeda, max=10 * max(opsi.jeda, 0.1))
            + tenacity.wait_random(0, opsi.jeda),
            retry=tenacity.retry_if_exception_type(_Sementara),
            reraise=True,
        )
        try:
            with self._batas:
                return ulang(sekali)
        except _Sementara as exc:
            raise self._terjemahkan(exc) from None
        except httpx.TransportError as exc:
            raise self._terjemahkan(_Sementara(exc)) from None

    def _terjemahkan(self, exc: _Sementara) -> GalatEsc:
        n = max(1, self.opsi.percobaan)
        if exc.status is not None:
            return EscGalatServer(
                f"ESC di {self.url} menjawab galat server (HTTP {exc.status}) pada {n} percobaan; "
                "tidak ada yang ditulis, coba lagi nanti atau hubungi pengelola ESC."
            )
        asal = exc.asal
        rantai = _rantai(asal) if asal is not None else []
        if any(isinstance(e, ssl.SSLCertVerificationError) for e in rantai):
            return EscTlsTakDipercaya(
                f"Sertifikat TLS ESC di {self.url} tidak dipercaya; isi [tte.bsre] ca dengan "
                "berkas CA kantor yang menerbitkannya (minta kepada pengelola ESC)."
            )
        if isinstance(asal, httpx.TimeoutException):
            return EscBatasWaktu(
                f"ESC di {self.url} tidak menjawab dalam {self.opsi.batas_waktu:g} detik pada {n} "
                "percobaan; tidak ada yang ditulis, coba lagi atau naikkan [tte.bsre] batas_waktu."
            )
        if isinstance(asal, httpx.RemoteProtocolError | httpx.ReadError):
            return EscTakTerjangkau(
                f"Sambungan ke ESC di {self.url} terputus sebelum jawabannya lengkap ({n} "
                "percobaan); tidak ada yang ditulis, coba lagi."
            )
        return EscTakTerjangkau(
            f"ESC di {self.url} tidak dapat dihubungi; periksa [tte.bsre] url dan jaringan kantor "
            "lalu coba lagi."
        )

    @staticmethod
    def _json(r: httpx.Response) -> Any:
        try:
            return json.loads(r.content)
        except (ValueError, UnicodeDecodeError):
            if r.status_code in (401, 403):
                return {}
            raise TanggapanTakSah(
                f"Jawaban ESC (HTTP {r.status_code}) bukan JSON yang utuh; tidak ada yang "
                "ditulis, coba lagi atau hubungi pengelola ESC."
            ) from None

    def _periksa_galat(self, r: httpx.Response, data: Any) -> None:
        """Raise the refusal the body (or, without one, the HTTP status) carries."""
        if r.status_code == 401:
            raise EscDitolak(
                "ESC menolak akun aplikasi (HTTP 401); periksa pengguna dan sandi API ESC di "
                "variabel lingkungan yang disebut [tte.bsre] pengguna_env dan sandi_env."
            )
        galat = data.get("error") if isinstance(data, Mapping) else None
        if galat is None and r.status_code == 200:
            return
        kode_mentah = data.get("status_code") if isinstance(data, Mapping) else None
        try:
            kode = int(kode_mentah) if kode_mentah is not None else None
        except (TypeError, ValueError):
            kode = None
        jenis = KODE_GALAT.get(kode) if kode is not None else None
        if jenis == "sandi_salah":
            raise SandiSalah(
                "Frasa sandi (passphrase) atau kode TOTP TTE BSrE salah; ulangi dengan yang benar "
                "(akun terkunci setelah beberapa kali salah).",
                kode,
            )
        if jenis == "terkunci":
            raise AkunTerkunci(
                "Akun TTE BSrE penandatangan terkunci karena terlalu sering salah frasa sandi; "
                "minta pengelola TTE/BSrE membukanya.",
                kode,
            )
        if jenis == "tidak_terdaftar":
            raise TidakTerdaftar(
                "NIK penandatangan tidak terdaftar di BSrE; periksa NIK di [pejabat] naskah.toml "
                "atau daftarkan pejabatnya ke BSrE.",
                kode,
            )
        teks = galat if isinstance(galat, str) else None
        # the ESC's own sentence may name the signer: show only a short, NIK-free part
        if teks is not None:
            teks = "".join(ch for ch in teks[:160] if not ch.isdigit()).strip() or None
        raise EscDitolak(
            f"ESC menolak permintaan (HTTP {r.status_code}"
            + (f", kode {kode}" if kode is not None else "")
            + ")"
            + (f": {teks}" if teks else "")
            + "; tidak ada yang ditulis.",
            kode,
        )
