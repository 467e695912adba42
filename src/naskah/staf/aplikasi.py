"""The staff's web desk: owns its pages, who may open them, and the forms' protection.

:func:`buat_aplikasi` returns the ASGI application of one office. Pages are rendered on the
server from the Jinja2 templates beside this module (autoescaped; no JavaScript at all). Every
page but the login asks for a session (:mod:`naskah.staf.pengguna`) and checks the role's right
(:mod:`naskah.staf.hak`) before reading anything; a request the user may not see answers 404,
like one that does not exist. Every form carries the session's CSRF token (the login form a
double-submit cookie's) and a cross-site ``Origin`` is refused. Each button calls one library
verb of :mod:`naskah.ult` with the logged-in user as the desk's acting user, so the trail
(``ult_jejak``) names who did it. A product's paraf and signature are given on their own page
(``/permohonan/<kode>/ttd``), which shows the PDF first in a frame of the desk's own origin.

Database and archive work runs on a few threads of its own, each holding its own desk
(:class:`~naskah.ult.meja.Meja`) and read-only archive; the event loop only moves bytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import re
import secrets
import tempfile
import threading
import time
import urllib.parse
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from naskah.config import Konfigurasi
from naskah.errors import NaskahError, StafError
from naskah.layanan.pelindung import PembatasLaju, ProxyTepercaya, alamat_klien, kunci_laju
from naskah.models.common import format_tanggal
from naskah.staf import pengguna as pg
from naskah.staf.hak import PERAN, boleh, lihat_permohonan
from naskah.staf.tugas import (
    boleh_lihat,
    kalender_bulan,
    paraf_surat_tugas,
    tandatangani_surat_tugas,
    terbitkan_surat_tugas,
    tugas_saya,
)
from naskah.ult import paraf as pf
from naskah.ult import pengaduan as adu
from naskah.ult import permohonan as pm
from naskah.ult.meja import JAM_SISTEM, Jam, Meja, baca_kode

T = TypeVar("T")

COOKIE = "__Host-meja"
"""The session cookie: ``__Host-`` makes the browser insist on Secure, path / and no domain."""
COOKIE_MASUK = "__Host-meja-masuk"
"""The login form's double-submit CSRF cookie (there is no session yet)."""
BENANG = 4
"""Threads doing database and archive work on SQLite (the GIL serialises the rest)."""
BENANG_PG = 8
"""Threads on PostgreSQL: a thread waiting for the server's answer lets another one run."""
TEMBOLOK_MAKS = 2000
"""Rendered pages kept at once (per session and page; the least recently used go first)."""
BATAS_FORMULIR = 16 * 1024
"""Largest form body (bytes)."""
_FOLDER = resources.files("naskah.staf")
_ASET = {"gaya.css": ("aset/gaya.css", "text/css; charset=utf-8")}
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
CSP_BERKAS = "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
"""A PDF or image shown in the browser: the built-in viewer must run (no script of ours)."""
CSP_TTD = CSP + "; frame-src 'self'"
"""The paraf and signing page: it shows the office's own PDF in a frame before its form."""
CSP_NASKAH = "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
"""An issued document's PDF: shown in the paraf and signing page's frame (an applicant's
attachment never is)."""
HEADER_AMAN = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # same-origin, not no-referrer: with no-referrer the browser posts forms with "Origin: null",
    # which the desk refuses (a sandboxed frame of another site sends that too)
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
KEADAAN_TAMPIL = {
    "diterima": "Diterima",
    "didisposisi": "Didisposisi",
    "revisi": "Dikembalikan untuk perbaikan",
    "disetujui": "Disetujui",
    "ditolak": "Ditolak",
    "selesai": "Selesai",
    "ditangani": "Ditangani",
    "dijawab": "Dijawab",
}
_BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
_AKSI = ("disposisi", "putuskan", "perpanjang", "terbitkan", "paraf", "tandatangani", "tutup")
MAKS_DIBACA = 10_000
"""(session, number) pairs remembered as "this PDF was opened" at once."""


class Pelindung:
    """Headers, a rate limit per client and no-store on every answer of the staff app."""

    def __init__(self, app: Any, *, per_menit: int, proxy_tepercaya: ProxyTepercaya) -> None:
        self.app = app
        self.pembatas = PembatasLaju(per_menit)
        self.proxy_tepercaya = proxy_tepercaya

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        klien = kunci_laju(alamat_klien(scope, self.proxy_tepercaya))
        tunggu = self.pembatas.izinkan(klien, 10.0 if scope["method"] == "POST" else 1.0)

        async def kirim(pesan: Any) -> None:
            if pesan["type"] == "http.response.start":
                lama = [h for h in pesan.get("headers", []) if h[0].lower() != b"server"]
                jenis = next((v for k, v in lama if k.lower() == b"content-type"), b"")
                csp = CSP_BERKAS if jenis.startswith((b"application/pdf", b"image/")) else CSP
                ada = {k.lower() for k, _ in lama}  # a page may set its own policy or framing
                tambah = [
                    h for h in [(b"content-security-policy", csp.encode()), *HEADER_AMAN]
                    if h[0] not in ada
                ]  # fmt: skip
                if not any(k.lower() == b"cache-control" for k, _ in lama):
                    tambah.append((b"cache-control", b"no-store"))
                pesan = {**pesan, "headers": lama + tambah}
            await send(pesan)

        if tunggu > 0:
            isi = f"Terlalu banyak permintaan; coba lagi dalam {int(tunggu) + 1} detik.".encode()
            await kirim(
                {
                    "type": "http.response.start",
                    "status": 429,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"retry-after", str(int(tunggu) + 1).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": isi})
            return
        await self.app(scope, receive, kirim)


def _pecah(cuplikan: str) -> list[str]:
    """Split a search snippet at its ``[[match]]`` marks: plain, match, plain, … (the template
    escapes each part and wraps every second one in <mark>)."""
    return re.split(r"\[\[|\]\]", cuplikan)


class MejaWeb:
    """The web desk of one office."""

    def __init__(
        self,
        konfigurasi: Konfigurasi,
        *,
        jam: Jam = JAM_SISTEM,
        url: str | None = None,
        siap: Callable[[], None] | None = None,
    ) -> None:
        self.konfigurasi = konfigurasi
        self.opsi = konfigurasi.meja
        self.jam = jam
        self.url = url
        self._siap = siap
        self._lokal = threading.local()
        self._semua_meja: list[Meja] = []
        self._kunci = threading.Lock()
        from naskah.register import basis

        dialek = basis.alamat(url or konfigurasi.url_basis_data).dialek
        self._benang = ThreadPoolExecutor(
            BENANG if dialek == "sqlite" else BENANG_PG, thread_name_prefix="meja-web"
        )
        self._baca_di_loop = dialek == "sqlite"
        """A page's read runs on the event loop itself (:meth:`_halaman`). On SQLite a read in
        WAL mode never waits for a writer and takes a fraction of a millisecond, while handing
        it to a worker thread trades the GIL back and forth at every statement: that costs
        more CPU than the page (measured in bench/meja_web.py). On PostgreSQL the read waits
        for the server, so it stays on a worker thread."""
        self._tembolok: OrderedDict[tuple[str, str], tuple[float, int, bytes]] = OrderedDict()
        self._generasi = 0
        self._dibaca: OrderedDict[tuple[str, str], None] = OrderedDict()
        """(session's CSRF token, number) of every PDF a session opened: signing asks for it."""
        """Bumped by every step taken here: a page rendered before it is not reused."""
        self._env = Environment(
            loader=FileSystemLoader(str(_FOLDER / "templat")),
            autoescape=select_autoescape(default=True, default_for_string=True),
            auto_reload=False,
        )
        self._zona = konfigurasi.zona  # read once: the template filters run per field
        self._zona_kantor = konfigurasi.zona_kantor
        self._env.filters["tgl"] = self._tgl
        self._env.filters["waktu"] = self._waktu
        self._env.filters["pecah"] = _pecah
        self._aset = {n: ((_FOLDER / rel).read_bytes(), j) for n, (rel, j) in _ASET.items()}
        i = konfigurasi.instansi
        self._global = {
            "instansi": i.unit if i else "Meja layanan",
            "PERAN": PERAN,
            "KEADAAN": KEADAAN_TAMPIL,
        }

    # -- plumbing --------------------------------------------------------------------------

    def meja(self) -> Meja:
        """This thread's desk (its own database connections)."""
        m: Meja | None = getattr(self._lokal, "meja", None)
        if m is None:
            # a server: psycopg 3's prepared statements outweigh its import time
            m = self._lokal.meja = Meja(self.konfigurasi, jam=self.jam, url=self.url, ringan=False)
            with self._kunci:
                self._semua_meja.append(m)
        return m

    def arsip(self) -> Any:
        """This thread's read-only archive."""
        from naskah.arsip import Arsip
        from naskah.register import buka_register

        a = getattr(self._lokal, "arsip", None)
        if a is None:
            reg = buka_register(self.konfigurasi, url=self.url, baca_saja=True)
            a = self._lokal.arsip = Arsip(self.konfigurasi, register=reg)
        return a

    async def _kerja(self, fungsi: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._benang, fungsi, *args)

    async def _sebagai(self, sesi: pg.Sesi, fungsi: Callable[[Meja], T]) -> T:
        """Run ``fungsi`` with this thread's desk acting as the session's user."""

        def jalan() -> T:
            m = self.meja()
            m.oleh = sesi.pengguna.nama
            try:
                return fungsi(m)
            finally:
                m.oleh = None

        return await self._kerja(jalan)

    def _tgl(self, d: date | None) -> str:
        return format_tanggal(d) if d else "-"

    def _waktu(self, w: datetime | None) -> str:
        if w is None:
            return "-"
        t = w.astimezone(self._zona)
        zona = self._zona_kantor or t.tzname() or ""
        return f"{format_tanggal(t.date())} {t.hour:02d}.{t.minute:02d} {zona}".rstrip()

    def _ambil_tembolok(self, kunci: tuple[str, str]) -> bytes | None:
        with self._kunci:
            return self._ambil_tembolok_terkunci(kunci)

    def _ambil_tembolok_terkunci(self, kunci: tuple[str, str]) -> bytes | None:
        ada = self._tembolok.get(kunci)
        if ada is None:
            return None
        waktu, generasi, isi = ada
        if generasi != self._generasi or time.monotonic() - waktu > self.opsi.tembolok_detik:
            self._tembolok.pop(kunci, None)
            return None
        return isi

    def _simpan_tembolok(self, kunci: tuple[str, str], generasi: int, isi: bytes) -> None:
        if self.opsi.tembolok_detik <= 0 or generasi != self._generasi:
            return
        with self._kunci:
            self._tembolok[kunci] = (time.monotonic(), generasi, isi)
            self._tembolok.move_to_end(kunci)
            while len(self._tembolok) > TEMBOLOK_MAKS:
                self._tembolok.popitem(last=False)

    def _render(self, templat: str, **konteks: Any) -> str:
        return self._env.get_template(templat).render(**self._global, **konteks)

    def _html(self, templat: str, status: int = 200, **konteks: Any) -> HTMLResponse:
        isi = self._env.get_template(templat).render(**self._global, **konteks)
        return HTMLResponse(isi, status_code=status)

    def _galat(self, status: int, judul: str, pesan: str, sesi: pg.Sesi | None = None) -> Response:
        return self._html("galat.html", status, judul=judul, pesan=pesan, sesi=sesi)

    @contextlib.asynccontextmanager
    async def _umur(self, app: Starlette) -> AsyncIterator[None]:
        if self._siap is not None:
            self._siap()
        try:
            yield
        finally:
            self.tutup()

    def tutup(self) -> None:
        """Close every thread's desk (the threads are idle by then)."""
        self._benang.shutdown(wait=True)
        with self._kunci:
            for m in self._semua_meja:
                with contextlib.suppress(Exception):
                    m.tutup()
            self._semua_meja.clear()

    def aplikasi(self) -> Pelindung:
        """Return the ASGI application (wrapped in headers and the rate limit)."""
        r = [
            Route("/", self.beranda, methods=["GET"]),
            Route("/masuk", self.masuk, methods=["GET", "POST"]),
            Route("/keluar", self.keluar, methods=["POST"]),
            Route("/tugas", self.tugas, methods=["GET"]),
            Route("/permohonan", self.daftar_permohonan, methods=["GET"]),
            Route("/permohonan/{kode}", self.permohonan, methods=["GET"]),
            Route("/permohonan/{kode}/lampiran/{n:int}", self.lampiran, methods=["GET"]),
            Route("/permohonan/{kode}/ttd", self.ttd, methods=["GET"]),
            Route("/permohonan/{kode}/{aksi}", self.langkah, methods=["POST"]),
            Route("/pengaduan", self.daftar_pengaduan, methods=["GET"]),
            Route("/pengaduan/{kode}", self.pengaduan, methods=["GET"]),
            Route("/pengaduan/{kode}/{aksi}", self.langkah_pengaduan, methods=["POST"]),
            Route("/fasilitas", self.fasilitas, methods=["GET"]),
            Route("/agenda", self.agenda, methods=["GET"]),
            Route("/agenda.xlsx", self.agenda_xlsx, methods=["GET"]),
            Route("/arsip", self.cari_arsip, methods=["GET"]),
            Route("/naskah/{ident}", self.naskah, methods=["GET"]),
            Route("/naskah/{ident}/pdf", self.naskah_pdf, methods=["GET"]),
            Route("/aset/{nama}", self.aset, methods=["GET"]),
        ]
        app = Starlette(
            routes=r,
            lifespan=self._umur,
            exception_handlers={HTTPException: self._http_galat, Exception: self._galat_server},
        )
        app.router.redirect_slashes = False
        return Pelindung(
            app,
            per_menit=self.opsi.batas_permintaan,
            proxy_tepercaya=ProxyTepercaya(self.opsi.proxy_tepercaya),
        )

    async def _http_galat(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 404:
            return self._galat(404, "Halaman tidak ditemukan", "Alamat ini tidak ada.")
        if exc.status_code == 405:
            return self._galat(405, "Cara akses tidak didukung", "Buka halaman ini dari menu.")
        return self._galat(exc.status_code, "Permintaan tidak dapat dilayani", "Coba lagi.")

    async def _galat_server(self, request: Request, exc: Exception) -> Response:
        import logging

        logging.getLogger("naskah.staf").error("galat saat melayani: %s", type(exc).__name__)
        return self._galat(500, "Terjadi gangguan", "Meja layanan mengalami gangguan; coba lagi.")

    # -- sessions and forms ----------------------------------------------------------------

    async def _sesi(self, request: Request) -> pg.Sesi | None:
        token = request.cookies.get(COOKIE)
        if not token:
            return None
        return await self._kerja(lambda: pg.sesi(self.meja(), token, self.opsi))

    def _ke_masuk(self, request: Request) -> Response:
        tujuan = urllib.parse.quote(request.url.path, safe="/")
        r = RedirectResponse(f"/masuk?ke={tujuan}", 303)
        r.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="strict")
        return r

    def _tak_berwenang(self, s: pg.Sesi) -> Response:
        return self._galat(403, "Tidak berwenang", "Peran Anda tidak membuka halaman ini.", s)

    async def _wajib(self, request: Request, *hak: str) -> pg.Sesi | Response:
        """Return the session, or the answer: to the login page, or 403 without the right."""
        s = await self._sesi(request)
        if s is None:
            return self._ke_masuk(request)
        if hak and not any(boleh(s.pengguna.peran, h) for h in hak):
            return self._tak_berwenang(s)
        return s

    async def _halaman(
        self, request: Request, hak: tuple[str, ...], render: Callable[[pg.Sesi], bytes | None]
    ) -> Response:
        """Answer a page: the session checked (always), then the session's page reused
        (:meth:`_ambil_tembolok`) or rendered. ``render`` returns None for a page this user may
        not see (404, as if it did not exist).

        One trip to a worker thread, or none on SQLite (:attr:`_baca_di_loop`) unless the
        session must be written (ended, or its last-seen time due): a write may wait for
        another writer, and the event loop never waits."""
        token = request.cookies.get(COOKIE)
        jalur = request.scope["path"]  # the cache key (no URL object built)
        generasi = self._generasi

        def kerja(boleh_tulis: bool) -> tuple[pg.Sesi | None, bytes | None] | None:
            if not token:
                return None, None
            # one read for the session and the page's data (a nested read joins it); each
            # statement reads a whole answer, so no transaction round trips on PostgreSQL
            m = self.meja()
            with m.baca(per_pernyataan=True):
                if boleh_tulis:
                    s = pg.sesi(m, token, self.opsi)
                else:
                    b = pg.baca_sesi(m, token, self.opsi)
                    if b.tulis:
                        return None  # to a worker thread, which writes it
                    s = b.sesi
                if s is None or (hak and not any(boleh(s.pengguna.peran, h) for h in hak)):
                    return s, None
                kunci = (s.csrf, jalur)  # per session: its pages carry its CSRF token
                isi = self._ambil_tembolok(kunci)
                if isi is None:
                    isi = render(s)
                    if isi is not None:
                        self._simpan_tembolok(kunci, generasi, isi)
                return s, isi

        hasil = kerja(False) if self._baca_di_loop else None
        if hasil is None:
            hasil = await self._kerja(kerja, True)
        assert hasil is not None  # allowed to write, it always answers
        s, isi = hasil
        if s is None:
            return self._ke_masuk(request)
        if hak and not any(boleh(s.pengguna.peran, h) for h in hak):
            return self._tak_berwenang(s)
        if isi is None:
            raise HTTPException(404)
        return HTMLResponse(isi)

    def _asal_sah(self, request: Request) -> bool:
        """Refuse a form posted from another site (when the browser says where from)."""
        asal = request.headers.get("origin")
        if asal is None or asal == "null":
            return asal is None
        host = request.headers.get("host", "")
        return urllib.parse.urlsplit(asal).netloc == host

    async def _formulir(self, request: Request) -> dict[str, str] | Response:
        """Return the posted form's fields (one value each), or the answer refusing it."""
        if not self._asal_sah(request):
            return self._galat(403, "Formulir ditolak", "Kirim formulir dari halaman meja layanan.")
        panjang = request.headers.get("content-length")
        if panjang is None or not panjang.isdigit() or int(panjang) > BATAS_FORMULIR:
            return self._galat(413, "Isian terlalu panjang", "Persingkat isian lalu kirim lagi.")
        jenis = request.headers.get("content-type", "")
        if not jenis.startswith("application/x-www-form-urlencoded"):
            return self._galat(415, "Bukan formulir", "Kirim isian lewat formulir halaman ini.")
        badan = await request.body()
        if len(badan) > BATAS_FORMULIR:
            return self._galat(413, "Isian terlalu panjang", "Persingkat isian lalu kirim lagi.")
        try:
            isian = urllib.parse.parse_qs(
                badan.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=30
            )
        except ValueError:
            return self._galat(
                400, "Isian tidak dikenal", "Kirim isian lewat formulir halaman ini."
            )
        return {k: v[0] for k, v in isian.items()}

    async def _formulir_sesi(
        self, request: Request, *hak: str
    ) -> tuple[pg.Sesi, dict[str, str]] | Response:
        s = await self._wajib(request, *hak)
        if isinstance(s, Response):
            return s
        f = await self._formulir(request)
        if isinstance(f, Response):
            return f
        if not hmac.compare_digest(f.get("csrf", "").encode(), s.csrf.encode()):
            return self._galat(
                403, "Formulir kedaluwarsa", "Muat ulang halamannya lalu kirim lagi.", s
            )
        return s, f

    # -- pages -----------------------------------------------------------------------------

    async def aset(self, request: Request) -> Response:
        ada = self._aset.get(request.path_params["nama"])
        if ada is None:
            raise HTTPException(404)
        return Response(
            ada[0], media_type=ada[1], headers={"cache-control": "private, max-age=3600"}
        )

    async def beranda(self, request: Request) -> Response:
        s = await self._wajib(request)
        if isinstance(s, Response):
            return s
        if boleh(s.pengguna.peran, "pengguna") and not lihat_permohonan(s.pengguna.peran):
            return self._html("beranda_admin.html", sesi=s)
        return RedirectResponse("/tugas", 303)

    async def masuk(self, request: Request) -> Response:
        ke = request.query_params.get("ke", "/tugas")
        if not ke.startswith("/") or ke.startswith("//") or "\\" in ke:
            ke = "/tugas"
        if request.method == "GET":
            return self._halaman_masuk(ke)
        f = await self._formulir(request)
        if isinstance(f, Response):
            return f
        cookie = request.cookies.get(COOKIE_MASUK, "")
        if not cookie or not hmac.compare_digest(f.get("csrf", "").encode(), cookie.encode()):
            return self._halaman_masuk(ke, "Formulir kedaluwarsa; isi lagi lalu tekan Masuk.", 403)
        nama, sandi = f.get("nama", ""), f.get("sandi", "")
        lama = request.cookies.get(COOKIE)
        try:
            s = await self._kerja(lambda: pg.masuk(self.meja(), nama, sandi, self.opsi, lama))
        except StafError as exc:
            return self._halaman_masuk(ke, str(exc), 401, nama=nama[:64])
        r = RedirectResponse(ke, 303)
        r.set_cookie(COOKIE, s.token, path="/", secure=True, httponly=True, samesite="strict")
        r.delete_cookie(COOKIE_MASUK, path="/", secure=True, httponly=True, samesite="strict")
        return r

    def _halaman_masuk(
        self, ke: str, galat: str | None = None, status: int = 200, nama: str = ""
    ) -> Response:
        token = secrets.token_urlsafe(32)
        r = self._html("masuk.html", status, csrf=token, ke=ke, galat=galat, nama=nama, sesi=None)
        r.set_cookie(COOKIE_MASUK, token, path="/", secure=True, httponly=True, samesite="strict")
        return r

    async def keluar(self, request: Request) -> Response:
        h = await self._formulir_sesi(request)
        if isinstance(h, Response):
            return h
        token = request.cookies.get(COOKIE)
        await self._kerja(lambda: pg.keluar(self.meja(), token))
        r = RedirectResponse("/masuk", 303)
        r.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="strict")
        return r

    async def tugas(self, request: Request) -> Response:
        def render(s: pg.Sesi) -> bytes:
            d = tugas_saya(self.meja(), s.pengguna)
            lewat = sum(1 for t in d.tugas if t.status == "lewat")
            return self._render(
                "tugas.html", sesi=s, daftar=d.tugas, jumlah=d.jumlah, lewat=lewat
            ).encode()

        return await self._halaman(request, (), render)

    async def daftar_permohonan(self, request: Request) -> Response:
        s = await self._wajib(request, "permohonan_semua", "permohonan_sendiri")
        if isinstance(s, Response):
            return s
        q = request.query_params
        keadaan = q.get("keadaan") or None
        if keadaan not in (None, *pm.KEADAAN):
            keadaan = None
        saring = pm.Saringan(
            keadaan=keadaan,
            cari=(q.get("cari") or "").strip()[:100] or None,
            terbuka=q.get("terbuka") == "1",
            petugas=None if boleh(s.pengguna.peran, "permohonan_semua") else s.pengguna.nama,
            batas=200,
        )
        daftar = await self._kerja(lambda: pm.daftar(self.meja(), saring))
        return self._html(
            "permohonan_daftar.html", sesi=s, daftar=daftar, q=q, keadaan_semua=pm.KEADAAN
        )

    def _rincian(self, s: pg.Sesi, kode: str) -> pm.Rincian | None:
        """Return a request the user may see, or None (unknown, malformed or not theirs)."""
        try:
            baca_kode(kode)
            r = pm.lihat(self.meja(), kode)
        except NaskahError:
            return None
        return r if boleh_lihat(s.pengguna, r.permohonan) else None

    def _produk_status(self, produk: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Each product with its archived document's current version and verification state."""
        out = []
        for x in produk:
            d = dict(x)
            d["status"] = d["id_terkini"] = None
            with contextlib.suppress(NaskahError):
                versi = self.arsip().riwayat(x["nomor"]) if x.get("nomor") else []
                e = versi[-1] if versi else None
                if e is None and x.get("entri_arsip"):
                    e = self.arsip().cari_verifikasi(x["entri_arsip"])
                if e is not None:
                    d["status"], d["id_terkini"] = _status_entri(e), e.id_verifikasi
                    d["ditandatangani"] = e.ditandatangani
                elif x.get("entri_arsip"):
                    d["status"] = "tidak ada di arsip"
            out.append(d)
        return out

    async def permohonan(self, request: Request) -> Response:
        kode = request.path_params["kode"]
        return await self._halaman(
            request,
            ("permohonan_semua", "permohonan_sendiri"),
            lambda s: self._render_permohonan(s, kode, None),
        )

    async def _halaman_permohonan(
        self, s: pg.Sesi, kode: str, galat: str, status: int = 422
    ) -> Response:
        """A request's page with a refused step's sentence (never reused)."""
        isi = await self._kerja(self._render_permohonan, s, kode, galat)
        if isi is None:
            raise HTTPException(404)
        return HTMLResponse(isi, status_code=status)

    def _render_permohonan(self, s: pg.Sesi, kode: str, galat: str | None) -> bytes | None:
        """Return a request's page for ``s`` (on a worker thread), or None when not theirs."""
        r = self._rincian(s, kode)
        if r is None:
            return None
        p = r.permohonan
        peran = s.pengguna.peran
        bisa = {
            "disposisi": p.keadaan in pm.BOLEH["disposisi"] and boleh(peran, "disposisi"),
            "putuskan": p.keadaan in pm.BOLEH["putuskan"] and boleh(peran, "putuskan"),
            "perpanjang": p.keadaan in pm.BOLEH["perpanjang"]
            and p.diperpanjang is None
            and boleh(peran, "perpanjang"),
            "terbitkan": p.keadaan in pm.BOLEH["produk"]
            and p.layanan == "narasumber"
            and boleh(peran, "terbitkan"),
            "tutup": p.keadaan in pm.BOLEH["tutup"] and boleh(peran, "tutup"),
        }
        produk = self._produk_status(r.produk)
        bisa["ttd"] = (
            p.keadaan in pm.BOLEH["produk"]
            and p.layanan == "narasumber"
            and (boleh(peran, "tandatangani") or boleh(peran, "paraf"))
            and any(x["id_terkini"] and not x.get("ditandatangani") for x in produk)
        )
        penerima = (
            pg.daftar(self.meja(), peran=("pokja", "kasubbag_umum"), aktif=True)
            if bisa["disposisi"]
            else []
        )
        return self._render(
            "permohonan.html",
            sesi=s,
            r=r,
            p=p,
            produk=produk,
            bisa=bisa,
            penerima=penerima,
            pejabat=[x for x in sorted(self.konfigurasi.pejabat) if x != "kepala"],
            galat=galat,
        ).encode()

    async def lampiran(self, request: Request) -> Response:
        s = await self._wajib(request, "permohonan_semua", "permohonan_sendiri")
        if isinstance(s, Response):
            return s
        kode, n = request.path_params["kode"], request.path_params["n"]
        r = await self._kerja(lambda: self._rincian(s, kode))
        if r is None or not 1 <= n <= len(r.lampiran):
            raise HTTPException(404)
        x = r.lampiran[n - 1]
        akar = (self.konfigurasi.folder_arsip / "ult").resolve()
        path = (self.konfigurasi.folder_arsip / x["lokasi"]).resolve()
        if not path.is_relative_to(akar):
            raise HTTPException(404)
        try:
            data = await self._kerja(path.read_bytes)
        except OSError:
            return self._galat(
                404, "Lampiran tidak ada", "Berkas lampiran hilang dari folder arsip.", s
            )
        jenis = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}.get(x["jenis"])
        if jenis is None:
            raise HTTPException(404)
        ext = "jpg" if x["jenis"] == "jpeg" else x["jenis"]
        return Response(
            data,
            media_type=jenis,
            headers={"content-disposition": f'inline; filename="lampiran-{n}.{ext}"'},
        )

    async def langkah(self, request: Request) -> Response:
        aksi = request.path_params["aksi"]
        if aksi not in _AKSI:
            raise HTTPException(404)
        h = await self._formulir_sesi(request, aksi)
        if isinstance(h, Response):
            return h
        s, f = h
        kode = request.path_params["kode"]
        r = await self._kerja(lambda: self._rincian(s, kode))
        if r is None:
            raise HTTPException(404)
        if aksi in ("paraf", "tandatangani"):
            return await self._paraf_ttd(s, r, aksi, f)
        try:
            await self._sebagai(s, _verb(aksi, r.permohonan.kode, f))
        except NaskahError as exc:
            self._generasi += 1
            return await self._halaman_permohonan(s, kode, str(exc), 422)
        self._generasi += 1  # every cached page may show this request: none is reused
        return RedirectResponse(f"/permohonan/{r.permohonan.kode}", 303)

    # -- paraf and signing --------------------------------------------------------------------

    def _naskah_ttd(self, r: pm.Rincian) -> dict[str, Any] | None:
        """The request's surat tugas waiting for paraf and signature: its current archived
        version, unsigned (None when there is none)."""
        for x in self._produk_status(r.produk):
            if (
                str(x["jenis"]).startswith("Surat Tugas") and x.get("nomor")
                and x["id_terkini"] and not x.get("ditandatangani")
            ):  # fmt: skip
                return x
        return None

    def _render_ttd(self, s: pg.Sesi, kode: str, galat: str | None) -> bytes | None:
        """Return the paraf and signing page of a request for ``s``, or None when not theirs."""
        r = self._rincian(s, kode)
        if r is None:
            return None
        x = self._naskah_ttd(r)
        peran, nama = s.pengguna.peran, s.pengguna.nama
        urutan = self.konfigurasi.meja.paraf
        daftar = pf.daftar(r.jejak, x["id_terkini"], urutan) if x else []
        berikut = next((y for y in daftar if not y.diberikan), None)
        bisa_paraf = bisa_ttd = False
        menunggu = None
        if x is None:
            menunggu = "Tidak ada naskah permohonan ini yang menunggu paraf atau tanda tangan."
        elif r.permohonan.keadaan not in pm.BOLEH["produk"]:
            menunggu = (
                f"Permohonan berkeadaan {r.permohonan.keadaan}; paraf dan tanda tangan hanya "
                "untuk permohonan yang disetujui."
            )
        elif berikut is not None:
            sudah = nama in pf.pemaraf(r.jejak, x["id_terkini"])
            bisa_paraf = boleh(peran, "paraf") and berikut.peran == peran and not sudah
            if not bisa_paraf:
                menunggu = (
                    f"Menunggu paraf ke-{berikut.ke} oleh {PERAN.get(berikut.peran)}; "
                    "tanda tangan kepala menyusul setelah semua paraf diberikan."
                )
        elif boleh(peran, "tandatangani"):
            bisa_ttd = True
        else:
            menunggu = "Semua paraf sudah diberikan; naskah menunggu tanda tangan kepala."
        return self._render(
            "ttd.html", sesi=s, p=r.permohonan, x=x, paraf=daftar, bisa_paraf=bisa_paraf,
            bisa_ttd=bisa_ttd, menunggu=menunggu, galat=galat,
        ).encode()  # fmt: skip

    async def ttd(self, request: Request) -> Response:
        s = await self._wajib(request, "paraf", "tandatangani")
        if isinstance(s, Response):
            return s
        return await self._halaman_ttd(s, request.path_params["kode"], None, 200)

    async def _halaman_ttd(self, s: pg.Sesi, kode: str, galat: str | None, status: int) -> Response:
        isi = await self._kerja(self._render_ttd, s, kode, galat)
        if isi is None:
            raise HTTPException(404)
        return HTMLResponse(isi, status, headers={"content-security-policy": CSP_TTD})

    async def _paraf_ttd(self, s: pg.Sesi, r: pm.Rincian, aksi: str, f: dict[str, str]) -> Response:
        """Give a paraf or sign, on the version the form was shown, once this session opened
        its PDF; a refusal shows the paraf and signing page with its sentence."""
        kode = r.permohonan.kode
        x = await self._kerja(self._naskah_ttd, r)
        if x is None or not hmac.compare_digest(f.get("id", "").encode(), x["id_terkini"].encode()):
            return await self._halaman_ttd(
                s, kode, "Naskah ini sudah berubah atau sudah ditandatangani; baca lagi PDF-nya "
                "di halaman ini sebelum melanjutkan.", 409,
            )  # fmt: skip
        with self._kunci:
            dibaca = (s.csrf, x["nomor"]) in self._dibaca
        if not dibaca:
            return await self._halaman_ttd(
                s, kode, "Buka dan baca PDF naskahnya dulu, lalu beri paraf atau tandatangani.",
                409,
            )  # fmt: skip
        nomor, idv = x["nomor"], x["id_terkini"]

        def jalan(m: Meja) -> Any:
            if aksi == "paraf":
                return paraf_surat_tugas(m, kode, nomor=nomor, id_verifikasi=idv,
                                         peran=s.pengguna.peran)  # fmt: skip
            return tandatangani_surat_tugas(m, kode, f.get("sandi", ""), nomor=nomor,
                                            id_verifikasi=idv)  # fmt: skip

        try:
            await self._sebagai(s, jalan)
        except NaskahError as exc:
            self._generasi += 1
            return await self._halaman_ttd(s, kode, str(exc), 422)
        self._generasi += 1
        return RedirectResponse(f"/permohonan/{kode}", 303)

    async def daftar_pengaduan(self, request: Request) -> Response:
        s = await self._wajib(request, "pengaduan")
        if isinstance(s, Response):
            return s
        terbuka = request.query_params.get("terbuka") == "1"
        daftar = await self._kerja(lambda: adu.daftar(self.meja(), terbuka=terbuka, batas=200))
        return self._html("pengaduan_daftar.html", sesi=s, daftar=daftar, terbuka=terbuka)

    def _pengaduan(self, kode: str) -> tuple[Any, list[dict[str, Any]]] | None:
        try:
            k = baca_kode(kode)
        except NaskahError:
            return None
        with self.meja().baca() as sql:
            if sql is None:
                return None
            row = sql.satu(f"{adu._PILIH} WHERE kode = :k", k=k)
            if row is None:
                return None
            a = adu.Pengaduan.dari_baris(row)
            tindak = sql.semua(
                "SELECT catatan, waktu, oleh FROM ult_tindak WHERE pengaduan_id = :i ORDER BY id",
                i=a.id,
            )
        from naskah.ult.meja import waktu_utc

        for t in tindak:
            t["waktu"] = waktu_utc(t["waktu"])
        return a, tindak

    async def pengaduan(
        self, request: Request, galat: str | None = None, status: int = 200
    ) -> Response:
        s = await self._wajib(request, "pengaduan")
        if isinstance(s, Response):
            return s
        kode = request.path_params["kode"]
        h = await self._kerja(lambda: self._pengaduan(kode))
        if h is None:
            raise HTTPException(404)
        a, tindak = h
        return self._html(
            "pengaduan.html",
            status,
            sesi=s,
            a=a,
            tindak=tindak,
            galat=galat,
            ubah=boleh(s.pengguna.peran, "pengaduan_ubah"),
            BOLEH=adu.BOLEH,
        )

    async def langkah_pengaduan(self, request: Request) -> Response:
        aksi = request.path_params["aksi"]
        if aksi not in ("tindak", "jawab", "tutup"):
            raise HTTPException(404)
        h = await self._formulir_sesi(request, "pengaduan_ubah")
        if isinstance(h, Response):
            return h
        s, f = h
        kode = request.path_params["kode"]
        try:
            baca_kode(kode)
        except NaskahError:
            raise HTTPException(404) from None

        def jalan(m: Meja) -> Any:
            if aksi == "tindak":
                return adu.catat_tindak(m, kode, f.get("catatan", ""))
            if aksi == "jawab":
                return adu.jawab(m, kode, f.get("jawaban", ""))
            return adu.tutup(m, kode)

        try:
            await self._sebagai(s, jalan)
        except NaskahError as exc:
            self._generasi += 1
            request.scope["path_params"] = {"kode": kode}
            return await self.pengaduan(request, str(exc), 422)
        self._generasi += 1
        return RedirectResponse(f"/pengaduan/{baca_kode(kode)}", 303)

    async def fasilitas(self, request: Request) -> Response:
        s = await self._wajib(request, "fasilitas")
        if isinstance(s, Response):
            return s
        hari_ini = await self._kerja(lambda: self.meja().hari_ini())
        teks = request.query_params.get("bulan") or ""
        try:
            tahun, bulan = (int(x) for x in teks.split("-", 1))
            date(tahun, bulan, 1)
            if not 2000 <= tahun <= 2100:
                raise ValueError
        except ValueError:
            tahun, bulan = hari_ini.year, hari_ini.month
        minggu = await self._kerja(lambda: kalender_bulan(self.meja(), tahun, bulan))
        sebelum = f"{tahun - (bulan == 1)}-{12 if bulan == 1 else bulan - 1:02d}"
        sesudah = f"{tahun + (bulan == 12)}-{1 if bulan == 12 else bulan + 1:02d}"
        nama = {k: f.nama for k, f in self.konfigurasi.ult.fasilitas.items()}
        return self._html(
            "fasilitas.html", sesi=s, minggu=minggu, judul=f"{_BULAN[bulan - 1]} {tahun}",
            sebelum=sebelum, sesudah=sesudah, nama=nama, hari_ini=hari_ini,
            zona=self.konfigurasi.zona,
        )  # fmt: skip

    # -- register and archive ---------------------------------------------------------------

    def _saring_agenda(self, request: Request) -> dict[str, Any]:
        q = request.query_params
        out: dict[str, Any] = {}
        tahun = (q.get("tahun") or "").strip()
        if tahun.isdigit() and 1900 <= int(tahun) <= 2999:
            out["tahun"] = int(tahun)
        seri = (q.get("seri") or "").strip()
        if seri in self.konfigurasi.seri:
            out["seri"] = seri
        keadaan = (q.get("keadaan") or "").strip()
        if keadaan in ("dipesan", "terpakai", "batal"):
            out["keadaan"] = keadaan
        cari = (q.get("cari") or "").strip()[:100]
        if cari:
            out["cari"] = cari
        return out

    def _nomor(self, saring: dict[str, Any]) -> list[Any]:
        return self.arsip().register.daftar(**saring)

    async def agenda(self, request: Request) -> Response:
        s = await self._wajib(request, "agenda")
        if isinstance(s, Response):
            return s
        saring = self._saring_agenda(request)
        try:
            daftar = await self._kerja(lambda: self._nomor(saring))
        except NaskahError as exc:
            return self._galat(503, "Register tidak dapat dibaca", str(exc), s)
        ekspor = urllib.parse.urlencode(saring)
        return self._html(
            "agenda.html",
            sesi=s,
            daftar=daftar[-500:],
            jumlah=len(daftar),
            saring=saring,
            seri=sorted(self.konfigurasi.seri),
            ekspor=ekspor,
        )

    async def agenda_xlsx(self, request: Request) -> Response:
        s = await self._wajib(request, "agenda")
        if isinstance(s, Response):
            return s
        saring = self._saring_agenda(request)

        def tulis() -> bytes:
            from naskah.register.buku_agenda import ekspor

            daftar = self._nomor(saring)
            with tempfile.TemporaryDirectory(prefix="naskah-agenda-") as d:
                path = Path(d) / "buku-agenda.xlsx"
                ekspor(daftar, path, zona=self.konfigurasi.zona)
                return path.read_bytes()

        try:
            data = await self._kerja(tulis)
        except NaskahError as exc:
            return self._galat(503, "Register tidak dapat dibaca", str(exc), s)
        return Response(
            data,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"content-disposition": 'attachment; filename="buku-agenda.xlsx"'},
        )

    async def cari_arsip(self, request: Request) -> Response:
        s = await self._wajib(request, "arsip")
        if isinstance(s, Response):
            return s
        teks = (request.query_params.get("q") or "").strip()[:200]
        jawaban = None
        galat = None
        if teks:
            from naskah.cari import Kueri, jawab_kueri

            try:
                jawaban = await self._kerja(
                    lambda: jawab_kueri(
                        self.konfigurasi, Kueri(teks=teks, batas=20), kelompokkan=True
                    )
                )
            except NaskahError as exc:
                galat = str(exc)
        return self._html("arsip.html", sesi=s, teks=teks, jawaban=jawaban, galat=galat)

    def _entri(self, ident: str) -> Any:
        from naskah.arsip import baca

        a = self.arsip()
        e = a.cari_verifikasi(ident)
        if e is None and len(ident) <= 100:
            e = baca.entri_id(a, ident)
        return e

    async def naskah(self, request: Request) -> Response:
        s = await self._wajib(request, "arsip", "permohonan_semua", "permohonan_sendiri")
        if isinstance(s, Response):
            return s
        ident = request.path_params["ident"]

        def baca() -> tuple[Any, list[Any]]:
            e = self._entri(ident)
            return (e, self.arsip().riwayat(e.nomor)) if e is not None else (None, [])

        try:
            e, versi = await self._kerja(baca)
        except NaskahError:
            return self._galat(503, "Arsip tidak dapat dibaca", "Coba lagi beberapa saat lagi.", s)
        if e is None:
            raise HTTPException(404)
        return self._html("naskah.html", sesi=s, e=e, versi=versi, keadaan=_status_entri(e))

    async def naskah_pdf(self, request: Request) -> Response:
        s = await self._wajib(request, "arsip", "permohonan_semua", "permohonan_sendiri")
        if isinstance(s, Response):
            return s
        ident = request.path_params["ident"]

        def baca() -> tuple[bytes, str] | None:
            a = self.arsip()
            e = self._entri(ident)
            if e is None:
                return None
            for md, _teks, _kini, _folder in a.daftar_metadata([e.id]):
                peran = "ttd" if any(b.peran == "ttd" for b in md.berkas) else "pdf"
                return bytes(a.baca_berkas(md, peran)), e.nomor
            return None

        try:
            hasil = await self._kerja(baca)
        except NaskahError:
            return self._galat(503, "Arsip tidak dapat dibaca", "Berkas naskah tidak terbaca.", s)
        if hasil is None:
            raise HTTPException(404)
        data, nomor = hasil
        with self._kunci:  # signing this number asks that this session opened its PDF
            self._dibaca[(s.csrf, nomor)] = None
            while len(self._dibaca) > MAKS_DIBACA:
                self._dibaca.popitem(last=False)
        return Response(
            data,
            media_type="application/pdf",
            headers={
                "content-disposition": 'inline; filename="naskah.pdf"',
                "content-security-policy": CSP_NASKAH,
                "x-frame-options": "SAMEORIGIN",
            },
        )


def _status_entri(e: Any) -> str:
    if e.status == "batal":
        return "DIBATALKAN"
    if e.status == "diganti":
        return "SUDAH DIGANTI"
    if not e.ditandatangani:
        return "TERCATAT, BELUM BERTANDA TANGAN ELEKTRONIK"
    return "ASLI DAN BERLAKU"


def _verb(aksi: str, kode: str, f: dict[str, str]) -> Callable[[Meja], Any]:
    """Return the one library call of a request's button, reading its form's fields."""

    def jalan(m: Meja) -> Any:
        if aksi == "disposisi":
            return pm.disposisi(
                m,
                kode,
                f.get("kepada", ""),
                unit=f.get("unit") or None,
                catatan=f.get("catatan") or None,
            )
        if aksi == "putuskan":
            keputusan = f.get("keputusan", "")
            if keputusan not in ("setuju", "tolak", "revisi"):
                raise StafError("Pilih keputusan: setuju, tolak atau revisi.")
            return pm.putuskan(m, kode, keputusan, alasan=f.get("alasan") or None)  # type: ignore[arg-type]
        if aksi == "perpanjang":
            hari = f.get("hari", "").strip()
            if not hari.isdigit() or not 1 <= int(hari) <= 60:
                raise StafError("Lama perpanjangan ditulis dalam hari kerja, 1 sampai 60.")
            return pm.perpanjang(m, kode, hari=int(hari), alasan=f.get("alasan") or None)
        if aksi == "terbitkan":
            petugas = [x for x in (f.get("petugas") or "").split(",") if x.strip()]
            return terbitkan_surat_tugas(
                m,
                kode,
                petugas=[x.strip() for x in petugas],
                tempat=f.get("tempat", ""),
                klasifikasi=(f.get("klasifikasi") or "").strip() or None,
            )
        return pm.tutup(m, kode, catatan=f.get("catatan") or None)

    return jalan


def buat_aplikasi(
    konfigurasi: Konfigurasi,
    *,
    jam: Jam = JAM_SISTEM,
    url: str | None = None,
    siap: Callable[[], None] | None = None,
) -> Pelindung:
    """Return the ASGI application of the web desk of ``konfigurasi``."""
    return MejaWeb(konfigurasi, jam=jam, url=url, siap=siap).aplikasi()
