"""A SIMULATOR of BSrE's Esign Client Service (API v1 and v2), a real HTTP server on loopback.

This module owns :class:`SimulatorEsc`: a Starlette application (served by uvicorn) built from
the same public description of the ESC API as :mod:`naskah.tte.bsre.klien` (see there), for
tests, the bench and demos. It is NOT BSrE: its certificates are test certificates, and every
place it shows itself (the stamp it draws, its log line, its answers' ``simulator`` key) says
SIMULATOR.

* Users by NIK with a passphrase, a status (``ISSUE``, ``EXPIRED``, ``REVOKE``, ``SUSPEND``,
  ...) and optionally a TOTP code; three wrong passphrases lock the account.
* Signing with pyHanko and the user's key (a certomancer CA in the tests, TEST certificates in
  the demo): the first empty signature field when the PDF has one, else a new field, visible
  at ``tag_koordinat`` or page and coordinates.
* Misbehaviour on demand (:attr:`SimulatorEsc.ulah`, for the next ``ulah_sisa`` calls):
  ``lambat`` (answers after the client gave up), ``5xx``, ``galat200`` (HTTP 200 with an error
  body), ``penandatangan_lain`` (signed with another key), ``ubah`` (the page changed in the
  signed revision), ``ubah_awal`` (a byte of the sent document changed), ``potong`` (a
  truncated JSON body), ``putus`` (the connection dropped mid-answer).
* ``jeda``: seconds added to every call (the bench's round trip).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import io
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SIMULATOR = "SIMULATOR ESC BSrE (bukan layanan BSrE sebenarnya)"
"""How the simulator names itself wherever it shows."""

ULAH = (
    "lambat", "5xx", "galat200", "penandatangan_lain", "ubah", "ubah_awal", "potong", "putus",
)  # fmt: skip


@dataclass
class PenggunaSim:
    """One signer known to the simulator."""

    nik: str
    passphrase: str
    signer: Any
    """pyHanko signer (e.g. :func:`naskah.tte.signers.muat_p12(...).signer`)."""
    status: str = "ISSUE"
    totp: str | None = None
    """The TOTP code the simulator accepts (as if sent to the user)."""
    salah: int = 0
    terkunci: bool = False


@dataclass
class SimulatorEsc:
    """The simulated ESC: its users, its API account and what it does wrong on demand."""

    pengguna: dict[str, PenggunaSim]
    pengguna_api: str = "esc"
    sandi_api: str = field(default="simulator", repr=False)
    ulah: str | None = None
    ulah_sisa: int = -1
    """How many calls misbehave; -1: every call until :attr:`ulah` is cleared."""
    ulah_setelah: int = 0
    """Calls answered normally before the misbehaviour starts."""
    jeda: float = 0.0
    lambat_detik: float = 5.0
    penandatangan_lain: Any = None
    """pyHanko signer used for ``penandatangan_lain``."""
    panggilan: int = 0
    berkas_ditandatangani: int = 0
    _kunci: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _kunci_ttd: threading.Lock = field(default_factory=threading.Lock, repr=False)
    """Signing is one at a time: the users' pyHanko signers (their asn1crypto certificates,
    parsed lazily in place) are not safe to use from two threads at once."""

    # -- misbehaviour ----------------------------------------------------------------------

    def atur_ulah(self, ulah: str | None, sisa: int = -1, *, setelah: int = 0) -> None:
        """Misbehave as ``ulah`` for ``sisa`` calls (-1: until cleared), after ``setelah``
        calls answered normally."""
        if ulah is not None and ulah not in ULAH:
            raise ValueError(f"unknown misbehaviour {ulah!r}")
        with self._kunci:
            self.ulah, self.ulah_sisa, self.ulah_setelah = ulah, sisa, setelah

    def _ambil_ulah(self) -> str | None:
        with self._kunci:
            self.panggilan += 1
            if self.ulah_setelah > 0:
                self.ulah_setelah -= 1
                return None
            if self.ulah is None or self.ulah_sisa == 0:
                return None
            if self.ulah_sisa > 0:
                self.ulah_sisa -= 1
            return self.ulah

    # -- the application -------------------------------------------------------------------

    def app(self) -> Any:
        """Return the ASGI application."""
        from starlette.applications import Starlette
        from starlette.routing import Route

        return _Pembungkus(
            self,
            Starlette(
                routes=[
                    Route("/api/sign/pdf", self._v1_sign, methods=["POST"]),
                    Route("/api/sign/verify", self._v1_verify, methods=["POST"]),
                    Route("/api/user/status/{nik}", self._v1_status, methods=["GET"]),
                    Route("/api/v2/sign/pdf", self._v2_sign, methods=["POST"]),
                    Route("/api/v2/verify/pdf", self._v2_verify, methods=["POST"]),
                    Route("/api/v2/user/check/status", self._v2_status, methods=["POST"]),
                    Route("/api/v2/sign/get/totp", self._v2_totp, methods=["POST"]),
                ]
            ),
        )

    @contextlib.contextmanager
    def jalankan(self, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
        """Serve on loopback in a background thread; yield the base URL; stop on exit."""
        import uvicorn

        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        config = uvicorn.Config(self.app(), log_level="warning", lifespan="off", access_log=False)
        server = uvicorn.Server(config)
        t = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        t.start()
        mulai = time.monotonic()
        while not server.started:  # a signal: uvicorn sets it once it listens
            if not t.is_alive() or time.monotonic() - mulai > 30:
                raise RuntimeError("simulator did not start")
            time.sleep(0.01)
        try:
            yield f"http://{host}:{sock.getsockname()[1]}"
        finally:
            server.should_exit = True
            t.join(timeout=10)
            sock.close()

    # -- endpoints -------------------------------------------------------------------------

    def _galat(self, kode: int, pesan: str, http: int = 200) -> Any:
        from starlette.responses import JSONResponse

        return JSONResponse({"status_code": kode, "error": pesan, "simulator": True}, http)

    def _cek_pengguna(self, nik: str | None, passphrase: str | None, totp: str | None) -> Any:
        """Return the user, or the error response the ESC gives."""
        u = self.pengguna.get(nik or "")
        if u is None:
            return self._galat(2011, "Penandatangan tidak terdaftar")
        if u.terkunci:
            return self._galat(2032, "Akun terkunci")
        if u.status != "ISSUE":
            return self._galat(2021, f"Status sertifikat pengguna {u.status}")
        if totp is not None:
            if u.totp is None or totp != u.totp:
                return self._galat(2031, "TOTP anda salah !!!")
        elif passphrase != u.passphrase:
            u.salah += 1
            if u.salah >= 3:
                u.terkunci = True
            return self._galat(2031, "Passphrase anda salah !!!")
        u.salah = 0
        return u

    async def _v1_status(self, request: Any) -> Any:
        from starlette.responses import JSONResponse

        u = self.pengguna.get(request.path_params["nik"])
        if u is None:
            return JSONResponse({"status_code": 1110, "status": "NOT_REGISTERED",
                                 "message": "NIK tidak terdaftar", "simulator": True})  # fmt: skip
        return JSONResponse({"status_code": 1111, "status": u.status,
                             "message": "Proses berhasil", "simulator": True})  # fmt: skip

    async def _v2_status(self, request: Any) -> Any:
        from starlette.responses import JSONResponse

        data = await request.json()
        u = self.pengguna.get(str(data.get("nik") or ""))
        status = "NOT_REGISTERED" if u is None else u.status
        return JSONResponse({"status": status, "message": "Proses berhasil", "simulator": True})

    async def _v2_totp(self, request: Any) -> Any:
        from starlette.responses import JSONResponse

        data = await request.json()
        if str(data.get("nik") or "") not in self.pengguna:
            return self._galat(2011, "Penandatangan tidak terdaftar")
        return JSONResponse({"message": "TOTP telah dikirim", "simulator": True})

    async def _v1_sign(self, request: Any) -> Any:
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import Response

        async with request.form() as form:
            u = self._cek_pengguna(form.get("nik"), form.get("passphrase"), None)
            if not isinstance(u, PenggunaSim):
                return u
            berkas = form.get("file")
            if berkas is None:
                return self._galat(4001, "File harus diisi", 400)
            data = await berkas.read()
            prop = {
                "tampak": str(form.get("tampilan", "")).lower() == "visible",
                "tag": form.get("tag_koordinat"),
                "url": form.get("linkQR"),
                "gambar": None,
                "alasan": form.get("reason"),
                "lokasi": form.get("location"),
                "halaman": form.get("page"),
                "kotak": _kotak(
                    form.get("xAxis"), form.get("yAxis"), form.get("width"), form.get("height")
                ),  # fmt: skip
            }
        ulah = request.state.ulah
        try:
            hasil = await run_in_threadpool(self._tandatangani, u, data, prop, ulah)
        except Exception:  # an unsignable PDF is a refusal, as the ESC does
            return self._galat(2061, "Dokumen gagal ditandatangani")
        return Response(hasil, media_type="application/pdf", headers={"id_dokumen": "sim"})

    async def _v2_sign(self, request: Any) -> Any:
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import JSONResponse

        data = await request.json()
        u = self._cek_pengguna(
            str(data.get("nik") or "") or None, data.get("passphrase"), data.get("totp")
        )
        if not isinstance(u, PenggunaSim):
            return u
        files = data.get("file") or []
        props = data.get("signatureProperties") or []
        if not files or len(props) not in (1, len(files)):
            return self._galat(4001, "file dan signatureProperties tidak sesuai", 400)
        ulah = request.state.ulah
        keluar = []
        for i, b64 in enumerate(files):
            p = props[i] if len(props) == len(files) else props[0]
            gambar = p.get("imageBase64")
            prop = {
                "tampak": str(p.get("tampilan", "")).upper() == "VISIBLE",
                "tag": p.get("tag_koordinat"),
                "url": None,
                "gambar": base64.b64decode(gambar) if gambar else None,
                "alasan": p.get("reason"),
                "lokasi": p.get("location"),
                "halaman": p.get("page"),
                "kotak": _kotak(
                    p.get("originX"), p.get("originY"), p.get("width"), p.get("height")
                ),  # fmt: skip
            }
            try:
                hasil = await run_in_threadpool(
                    self._tandatangani, u, base64.b64decode(b64), prop, ulah
                )
            except Exception:  # an unsignable PDF is a refusal, as the ESC does
                return self._galat(2061, "Dokumen gagal ditandatangani")
            keluar.append(base64.b64encode(hasil).decode("ascii"))
        return JSONResponse({"file": keluar, "time": "0 ms", "simulator": True})

    async def _v1_verify(self, request: Any) -> Any:
        from starlette.responses import JSONResponse

        async with request.form() as form:
            berkas = form.get("signed_file")
            data = await berkas.read() if berkas is not None else b""
        info = await _verifikasi_sim(data)
        return JSONResponse({
            "SUMMARY": "DOCUMENT VALID !!!" if info["sah"] else "DOCUMENT INVALID !!!",
            "details": [{"info_signer": {"signer_name": n}} for n in info["nama"]],
            "jumlah_signature": len(info["nama"]),
            "notes": SIMULATOR,
            "simulator": True,
        })  # fmt: skip

    async def _v2_verify(self, request: Any) -> Any:
        from starlette.responses import JSONResponse

        data = await request.json()
        try:
            pdf = base64.b64decode(str(data.get("file") or ""))
        except ValueError:
            pdf = b""
        info = await _verifikasi_sim(pdf)
        return JSONResponse({
            "conclusion": "VALID" if info["sah"] else "INVALID",
            "description": SIMULATOR,
            "signatureInformations": [{"signerName": n} for n in info["nama"]],
            "simulator": True,
        })  # fmt: skip

    # -- signing ---------------------------------------------------------------------------

    def _tandatangani(self, u: PenggunaSim, data: bytes, prop: dict[str, Any], ulah: Any) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers
        from pyhanko.sign.fields import SigFieldSpec

        signer = self.penandatangan_lain if ulah == "penandatangan_lain" else u.signer
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        kosong = [
            str(n) for n, v, _ in fields.enumerate_sig_fields(writer.prev, filled_status=False)
        ]
        spec = None
        if kosong:
            nama_field = kosong[0]
        else:
            ada = len(list(fields.enumerate_sig_fields(writer.prev)))
            nama_field = f"Signature{ada + 1}"
            halaman, kotak = 0, None
            if prop["tampak"]:
                halaman, kotak = _letak(data, prop)
            spec = SigFieldSpec(nama_field, on_page=halaman, box=kotak)
        if ulah == "ubah":
            _ubah_halaman(writer)
        style, params = _gaya(prop)
        meta = signers.PdfSignatureMetadata(
            field_name=nama_field, md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=prop["alasan"] or None, location=prop["lokasi"] or None,
        )  # fmt: skip
        out = io.BytesIO()
        # a fixed reservation (as a production signer would), not pyHanko's trial signature
        with self._kunci_ttd:
            signers.PdfSigner(meta, signer=signer, stamp_style=style, new_field_spec=spec).sign_pdf(
                writer, output=out, appearance_text_params=params, bytes_reserved=16384
            )
        hasil = out.getvalue()
        if ulah == "ubah_awal":
            i = hasil.find(b"/Title")
            hasil = hasil[:i] + b"/Titel" + hasil[i + 6 :] if i >= 0 else b"%PDF-9" + hasil[6:]
        with self._kunci:
            self.berkas_ditandatangani += 1
        return hasil


class _Pembungkus:
    """ASGI wrapper: the API account, the added round trip and the transport misbehaviour."""

    def __init__(self, sim: SimulatorEsc, app: Any) -> None:
        self.sim = sim
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        sim = self.sim
        ulah = sim._ambil_ulah()
        if sim.jeda:
            await asyncio.sleep(sim.jeda)
        if not _izin(scope, sim):
            return await _kirim_json(send, 401, {"error": "Unauthorized", "simulator": True})
        if ulah == "lambat":  # answers only after the client gave up
            await asyncio.sleep(sim.lambat_detik)
            return await _kirim_json(send, 200, {"status_code": 5002, "error": "Terlambat"})
        if ulah == "5xx":
            return await _kirim_json(send, 503, {"error": "Service Unavailable"})
        elif ulah == "galat200":
            return await _kirim_json(
                send, 200, {"status_code": 5001, "error": "Gagal memproses dokumen"}
            )
        elif ulah in ("potong", "putus"):
            return await _rusak(send, ulah)
        scope.setdefault("state", {})["ulah"] = ulah
        await self.app(scope, receive, send)


def _izin(scope: Any, sim: SimulatorEsc) -> bool:
    harus = "Basic " + base64.b64encode(f"{sim.pengguna_api}:{sim.sandi_api}".encode()).decode()
    for k, v in scope.get("headers", []):
        if k == b"authorization":
            return bool(v.decode("latin-1") == harus)
    return False


def _kepala(panjang: int) -> list[tuple[bytes, bytes]]:
    return [(b"content-type", b"application/json"), (b"content-length", str(panjang).encode())]


async def _kirim_json(send: Any, status: int, isi: dict[str, Any]) -> None:
    import json

    badan = json.dumps(isi).encode()
    await send({"type": "http.response.start", "status": status, "headers": _kepala(len(badan))})
    await send({"type": "http.response.body", "body": badan})


async def _rusak(send: Any, ulah: str) -> None:
    badan = b'{"file": ["JVBERi0xLjcKJeLjz9MK'
    if ulah == "potong":  # a complete HTTP answer whose JSON is cut off
        await send({"type": "http.response.start", "status": 200, "headers": _kepala(len(badan))})
        await send({"type": "http.response.body", "body": badan})
        return
    # the connection drops mid-answer: fewer bytes than announced, then uvicorn closes it
    await send({"type": "http.response.start", "status": 200, "headers": _kepala(100_000)})
    await send({"type": "http.response.body", "body": badan, "more_body": True})
    raise ConnectionAbortedError("simulated drop")


def _kotak(x: Any, y: Any, w: Any, h: Any) -> tuple[int, int, int, int] | None:
    try:
        fx, fy, fw, fh = float(x), float(y), float(w), float(h)
    except (TypeError, ValueError):
        return None
    return (round(fx), round(fy), round(fx + fw), round(fy + fh))


def _letak(data: bytes, prop: dict[str, Any]) -> tuple[int, tuple[int, int, int, int] | None]:
    """Return the page and box of a new visible field: at the tag, else the coordinates."""
    if prop["tag"]:
        import pypdf

        from naskah.tte.appearance import PENANDA, cari_penanda

        if prop["tag"] == PENANDA:
            letak = cari_penanda(pypdf.PdfReader(io.BytesIO(data)))
            if letak is not None:
                return letak.halaman, letak.kotak
    try:
        halaman = max(0, int(prop["halaman"]) - 1) if prop["halaman"] else 0
    except (TypeError, ValueError):
        halaman = 0
    return halaman, prop["kotak"] or (50, 50, 220, 120)


def _gaya(prop: dict[str, Any]) -> tuple[Any, dict[str, str] | None]:
    """Return the stamp: labelled SIMULATOR; the QR of linkQR (v1) or the image given (v2)."""
    from pyhanko.stamp import QRStampStyle, TextStampStyle

    teks = "SIMULATOR ESC - BUKAN TTE BSrE\nDitandatangani oleh %(signer)s\n%(ts)s"
    if not prop["tampak"]:
        return None, None
    if prop["url"]:
        return QRStampStyle(stamp_text=teks, border_width=0), {"url": str(prop["url"])}
    if prop["gambar"]:
        from PIL import Image
        from pyhanko.pdf_utils.images import PdfImage
        from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule

        gambar = PdfImage(Image.open(io.BytesIO(prop["gambar"])).convert("RGB"))
        # the QR code given on the left, the SIMULATOR text on the right
        return TextStampStyle(
            stamp_text=teks, background=gambar, border_width=0, background_opacity=1,
            background_layout=SimpleBoxLayoutRule(
                x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MID,
                margins=Margins.uniform(2),
            ),
            inner_content_layout=SimpleBoxLayoutRule(
                x_align=AxisAlignment.ALIGN_MAX, y_align=AxisAlignment.ALIGN_MID,
                margins=Margins(left=75, right=2, top=2, bottom=2),
            ),
        ), {}  # fmt: skip
    return TextStampStyle(stamp_text=teks, border_width=0), {}


def _ubah_halaman(writer: Any) -> None:
    """Misbehave: change the first page's content in the revision being signed."""
    from pyhanko.pdf_utils import generic

    halaman = writer.root["/Pages"]["/Kids"][0].get_object()
    aliran = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 72 Td (DIUBAH) Tj ET")
    ref = writer.add_object(aliran)
    isi = halaman.get("/Contents")
    daftar = list(isi) if isinstance(isi, generic.ArrayObject) else ([isi] if isi else [])
    halaman["/Contents"] = generic.ArrayObject([*daftar, ref])
    writer.update_container(halaman)


async def _verifikasi_sim(data: bytes) -> dict[str, Any]:
    """The simulator's own opinion: every signature intact (no trust decision)."""
    import warnings

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        nama, sah = [], True
        for emb in reader.embedded_signatures:
            with warnings.catch_warnings():  # no trust roots: pyHanko warns about the path
                warnings.simplefilter("ignore")
                st = await async_validate_pdf_signature(emb, skip_diff=True)
            nama.append(str(st.signing_cert.subject.native.get("common_name", "")))
            sah = sah and bool(st.intact and st.valid)
        return {"sah": sah and bool(nama), "nama": nama}
    except Exception:  # an unreadable PDF is simply not valid
        return {"sah": False, "nama": []}


def pengguna_dari_p12(
    nik: str, passphrase: str, p12: Path, sandi_p12: bytes, **kw: Any
) -> PenggunaSim:
    """Return a simulated user signing with the key of a PKCS#12 file."""
    from naskah.tte.signers import muat_p12

    return PenggunaSim(nik=nik, passphrase=passphrase,
                       signer=muat_p12(p12, sandi_p12, periksa=False).signer, **kw)  # fmt: skip
