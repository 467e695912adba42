"""The verification service's pages: home, the QR page, the upload check, certificate look-up.

:func:`buat_aplikasi` returns the ASGI application for one office. Every page is rendered
from the Jinja2 templates beside this module (autoescaped; every printed value that came from
a document or a visitor sits in ``<bdi>``, so a right-to-left override cannot reorder the text
around it) and every asset is served from memory out of a fixed table: no path from a request
ever reaches the filesystem. The event loop only moves bytes: the archive is read (and the QR
page rendered) in one thread of its own through a read-only register
(:func:`naskah.register.buka_register` with ``baca_saja``), multipart bodies are parsed in
another, and uploads are checked by :class:`~naskah.layanan.pemeriksa.Pemeriksa`'s worker
processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import re
import threading
import time
import unicodedata
import urllib.parse
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from naskah.arsip import Arsip, EntriArsip, HasilPeriksaArsip
from naskah.config import Konfigurasi
from naskah.errors import NaskahError
from naskah.jam import sistem
from naskah.layanan.formulir import bagian_multipart
from naskah.layanan.pelindung import Pelindung, ProxyTepercaya
from naskah.layanan.pemeriksa import GagalPeriksa, HasilPeriksa, Pemeriksa, Sibuk, WaktuHabis
from naskah.models.common import format_tanggal
from naskah.register import buka_register

if TYPE_CHECKING:
    from naskah.layanan.ult_publik import UltPublik

T = TypeVar("T")

POLA_BAKU = "/verifikasi/{id}"
_FOLDER = resources.files("naskah.layanan")
_ASET: dict[str, tuple[str, str]] = {
    "gaya.css": ("aset/gaya.css", "text/css; charset=utf-8"),
    "ikon.svg": ("aset/ikon.svg", "image/svg+xml"),
}
_BATAS_FORMULIR = 4096
"""Largest certificate look-up form (bytes)."""
_MAKS_ISIAN = 4
"""Fields a certificate look-up form may have."""
_CADANGAN_MULTIPART = 64 * 1024
"""What multipart framing may add to the file's size."""
MAKS_BAGIAN = 4
"""Parts an upload form may have (the form sends one: the file)."""
JEDA_BADAN = 15.0
"""Seconds a request body may pause between two pieces."""
WAKTU_BADAN = 120.0
"""Seconds a whole request body may take to arrive."""
_MUAT_ULANG_ID = 600.0
"""Seconds between two full reloads of the id index (a backstop for late commits)."""
BENANG_ARSIP = 2
"""Threads reading the archive (each with its own connection)."""
_TEMBOLOK_MAKS = 10_000
"""Looked-up ids kept at once (the least recently used go first)."""

JENIS_TAMPIL = {
    "keputusan": "Keputusan",
    "sk_kerja_sama": "SK Kerja Sama",
    "surat_tugas": "Surat Tugas",
    "surat_dinas": "Surat Dinas",
    "perjanjian_kerja_sama": "Perjanjian Kerja Sama",
    "sertifikat": "Sertifikat",
}
"""Kinds of document as the page names them."""


def jalur_verifikasi(konfigurasi: Konfigurasi) -> str:
    """Return the URL path of the QR page (``/verifikasi/{id}``) from ``[tte] url_verifikasi``."""
    url = konfigurasi.tte.url_verifikasi
    if not url:
        return POLA_BAKU
    jalur = urllib.parse.urlsplit(url.replace("{id}", "ID-NASKAH")).path
    if jalur.count("ID-NASKAH") != 1 or not jalur.endswith("/ID-NASKAH"):
        return POLA_BAKU
    return jalur.replace("ID-NASKAH", "{id}")


def jenis_tampil(jenis: str) -> str:
    """Return a kind of document as printed (``SK Kerja Sama``, ``Surat Tugas``)."""
    return JENIS_TAMPIL.get(jenis) or jenis.replace("_", " ").capitalize()


def tentang_tampil(tentang: str) -> str:
    """Return a "Tentang" as a heading: capitalised, without the clause's ``;``/``, dan``."""
    t = " ".join(tentang.split())
    t = re.sub(r"[\s;,:]*(\b(dan|atau)\b)?[\s;,:]*$", "", t).rstrip(" .;,:")
    return t[:1].upper() + t[1:] if t else "-"


def _rentang(mulai: str | None, selesai: str | None) -> str:
    from datetime import date

    if not mulai:
        return "-"
    m = date.fromisoformat(mulai)
    s = date.fromisoformat(selesai) if selesai else m
    return format_tanggal(m) if s == m else f"{format_tanggal(m)} s.d. {format_tanggal(s)}"


def _normal(nama: str) -> str:
    t = unicodedata.normalize("NFKC", nama).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", t).split())


def nama_cocok(ketikan: str, tercetak: str) -> bool:
    """Return whether a typed name is the printed one (case, spacing, punctuation ignored).

    The name without academic degrees (the part before the first comma) is accepted too.
    """
    k = _normal(ketikan)
    if not k:
        return False
    return k in (_normal(tercetak), _normal(tercetak.split(",")[0]))


def nama_berkas_tampil(nama: str) -> str:
    """Return an uploaded file's name fit to print: its last path part, no control characters."""
    nama = re.split(r"[/\\]", nama)[-1]
    nama = "".join(
        c for c in unicodedata.normalize("NFC", nama) if unicodedata.category(c)[0] != "C"
    )
    nama = " ".join(nama.split())[:120]
    return nama or "berkas.pdf"


def _lambang(konfigurasi: Konfigurasi) -> tuple[bytes, str] | None:
    """Return the office's emblem (the kop's logo, else the placeholder) and its media type."""
    i = konfigurasi.instansi
    if i is not None and not i.logo_contoh and i.logo:
        path = konfigurasi.path(Path(i.logo))
    else:
        dalam = Path(__file__).resolve().parents[1] / "templates" / "logo-placeholder.png"
        repo = Path(__file__).resolve().parents[3] / "templates" / "logo-placeholder.png"
        path = dalam if dalam.is_file() else repo
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return data, "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return data, "image/jpeg"
    return None


@dataclass(frozen=True)
class Unggahan:
    """The one file of an upload form."""

    nama: str
    data: bytes


class Layanan:
    """The verification service of one office: the archive read-only, pages and checks."""

    def __init__(
        self,
        konfigurasi: Konfigurasi,
        *,
        siap: Callable[[], None] | None = None,
        rinci: bool = False,
        jam: Callable[[], datetime] | None = None,
    ) -> None:
        self.konfigurasi = konfigurasi
        self.opsi = konfigurasi.layanan
        self._lokal = threading.local()
        self._ids: set[str] | None = None
        """Every archived verification id (None: unknown, ask the archive every time)."""
        self._ids_sejak: datetime | None = None
        self._ids_segar = 0.0
        self._ids_penuh = 0.0
        self._kunci_ids = threading.Lock()
        self._halaman_404: tuple[int, bytes] | None = None
        self.pemeriksa = Pemeriksa(konfigurasi, rinci=rinci)
        self.jalur = jalur_verifikasi(konfigurasi)
        self._awalan = self.jalur.removesuffix("{id}")
        self._tembolok: OrderedDict[str, tuple[float, int, bytes]] = OrderedDict()
        self._sedang: dict[str, asyncio.Future[tuple[int, bytes]]] = {}
        self.batas_unggah = int(self.opsi.ukuran_unggah_mb * 1024 * 1024)
        self._siap = siap
        self._jam = jam or sistem
        # archive reads on a few threads, each with its own read-only archive (a SQLite
        # connection belongs to the thread that made it); PostgreSQL's round trips overlap
        # and never wait on the event loop
        self._benang_arsip = ThreadPoolExecutor(BENANG_ARSIP, thread_name_prefix="layanan-arsip")
        self._benang_urai = ThreadPoolExecutor(2, thread_name_prefix="layanan-urai")
        self._env = Environment(
            loader=FileSystemLoader(str(_FOLDER / "templat")),
            autoescape=select_autoescape(default=True, default_for_string=True),
            auto_reload=False,
        )
        i = konfigurasi.instansi
        self._aset = {
            nama: ((_FOLDER / rel).read_bytes(), jenis) for nama, (rel, jenis) in _ASET.items()
        }
        lambang = _lambang(konfigurasi)
        if lambang is not None:
            self._aset["lambang"] = lambang
        self._global = {
            "instansi": i.unit if i else "Arsip naskah dinas",
            "kementerian": i.kementerian if i else "",
            "batas_mb": f"{self.opsi.ukuran_unggah_mb:g}",
            "lambang": lambang is not None,
            "ult": bool(konfigurasi.ult.standar),
        }
        self.ult: UltPublik | None = None
        if konfigurasi.ult.standar:  # the desk's public forms (naskah.layanan.ult_publik)
            from naskah.layanan.ult_publik import UltPublik

            self.ult = UltPublik(self)

    # -- plumbing --------------------------------------------------------------------------

    @property
    def arsip(self) -> Arsip:
        """This thread's read-only archive (opened on first use)."""
        arsip: Arsip | None = getattr(self._lokal, "arsip", None)
        if arsip is None:
            reg = buka_register(self.konfigurasi, baca_saja=True)
            arsip = self._lokal.arsip = Arsip(self.konfigurasi, register=reg)
        return arsip

    def _segarkan_ids(self, *, paksa: bool = False) -> None:
        """Add the ids archived since the last look (at most once per ``tembolok_detik``)."""
        with self._kunci_ids:
            kini = time.monotonic()
            if not paksa and kini - self._ids_segar < self.opsi.tembolok_detik:
                return
            penuh = self._ids is None or kini - self._ids_penuh >= _MUAT_ULANG_ID
            try:
                baru, sejak = self.arsip.id_verifikasi_sejak(None if penuh else self._ids_sejak)
            except Exception:  # no index then: every id is looked up
                self._ids = None
                return
            self._ids = baru if penuh else (self._ids or set()) | baru
            self._ids_sejak = sejak
            self._ids_segar = kini
            if penuh:
                self._ids_penuh = kini

    def _mungkin_ada(self, ident: str) -> bool:
        """Return False when ``ident`` is surely not archived (no query for unknown ids)."""
        if self._ids is None or ident in self._ids:
            return True
        self._segarkan_ids()
        return self._ids is None or ident in self._ids

    def _tutup_arsip(self, semua: threading.Barrier) -> None:
        """Close this thread's archive once every archive thread holds one such call."""
        with contextlib.suppress(threading.BrokenBarrierError):
            semua.wait(10)
        arsip: Arsip | None = getattr(self._lokal, "arsip", None)
        if arsip is not None:
            self._lokal.arsip = None
            with contextlib.suppress(NaskahError):
                arsip.tutup()

    async def _di_benang_arsip(self, fungsi: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._benang_arsip, fungsi, *args)

    def waktu_periksa(self) -> str:
        """Return now in the office's zone: ``7 Desember 2026 pukul 19.45 WITA``."""
        w = self._jam().astimezone(self.konfigurasi.zona)
        zona = self.konfigurasi.zona_kantor or w.tzname() or ""
        return f"{format_tanggal(w.date())} pukul {w:%H.%M} {zona}".rstrip()

    def _render(self, templat: str, **konteks: Any) -> str:
        return self._env.get_template(templat).render(
            **self._global, waktu=self.waktu_periksa(), **konteks
        )

    def _html(
        self,
        templat: str,
        status: int = 200,
        headers: dict[str, str] | None = None,
        **konteks: Any,
    ) -> HTMLResponse:
        return HTMLResponse(
            self._render(templat, **konteks),
            status_code=status,
            headers={"cache-control": "no-store", **(headers or {})},
        )

    def _galat(
        self,
        status: int,
        judul: str,
        pesan: str,
        kelas: str = "tidak-sah",
        headers: dict[str, str] | None = None,
    ) -> Response:
        return self._html("galat.html", status, headers, judul=judul, pesan=pesan, kelas=kelas)

    def halaman_429(self, tunggu: float) -> bytes:
        """Return the rate-limit page's bytes."""
        return self._render(
            "galat.html",
            judul="Terlalu banyak permintaan",
            pesan=f"Terlalu banyak permintaan dari alamat Anda; coba lagi dalam "
            f"{int(tunggu) + 1} detik.",
            kelas="peringatan",
        ).encode()

    @contextlib.asynccontextmanager
    async def _umur(self, app: Starlette) -> AsyncIterator[None]:
        self.pemeriksa.mulai()
        if self.ult is not None:
            await self.ult.mulai()
        with contextlib.suppress(NaskahError):  # opened now; an unreadable one answers 503
            await self._di_benang_arsip(lambda: self._segarkan_ids(paksa=True))
        if self._siap is not None:
            self._siap()
        try:
            yield
        finally:
            self.pemeriksa.tutup()
            if self.ult is not None:
                await self.ult.tutup()
            # one closing call per archive thread (the barrier keeps each thread to one)
            semua = threading.Barrier(BENANG_ARSIP)
            await asyncio.gather(
                *(self._di_benang_arsip(self._tutup_arsip, semua) for _ in range(BENANG_ARSIP))
            )
            self._benang_arsip.shutdown(wait=False)
            self._benang_urai.shutdown(wait=False)

    def aplikasi(self) -> Pelindung:
        """Return the ASGI application (wrapped in the hardening layer)."""
        rute = [
            Route("/", self.beranda, methods=["GET", "HEAD"]),
            Route(self.jalur, self.verifikasi, methods=["GET", "HEAD"]),
            Route("/periksa", self.periksa, methods=["POST"]),
            Route("/sertifikat", self.sertifikat, methods=["POST"]),
            Route("/aset/{nama}", self.aset, methods=["GET", "HEAD"]),
            *(self.ult.rute() if self.ult is not None else []),
        ]
        app = Starlette(
            routes=rute,
            lifespan=self._umur,
            exception_handlers={HTTPException: self._http_galat, Exception: self._galat_server},
        )
        # a redirect to the path with(out) a trailing slash would be built from the Host
        # header; such paths are answered 404 instead
        app.router.redirect_slashes = False
        return Pelindung(
            app,
            per_menit=self.opsi.batas_permintaan,
            proxy_tepercaya=ProxyTepercaya(self.opsi.proxy_tepercaya),
            halaman_429=self.halaman_429,
        )

    async def _http_galat(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        request.scope["rute_naskah"] = "(tidak dikenal)"
        if exc.status_code == 404 and request.url.path.startswith(self._awalan):
            return self._tidak_ada()
        if exc.status_code == 404:
            return self._galat(
                404, "Halaman tidak ditemukan", "Alamat ini tidak ada di layanan verifikasi."
            )
        if exc.status_code == 405:
            return self._galat(
                405,
                "Cara akses tidak didukung",
                "Buka halaman ini dari tautan.",
                headers=dict(exc.headers or {}),
            )
        return self._galat(exc.status_code, "Permintaan tidak dapat dilayani", "Coba lagi.")

    async def _galat_server(self, request: Request, exc: Exception) -> Response:
        import logging

        logging.getLogger("naskah.layanan").error("galat saat melayani: %s", type(exc).__name__)
        return self._galat(
            500,
            "Terjadi gangguan",
            "Layanan sedang mengalami gangguan; coba lagi beberapa saat lagi.",
        )

    # -- pages -----------------------------------------------------------------------------

    async def beranda(self, request: Request) -> Response:
        request.scope["rute_naskah"] = "/"
        return self._html("beranda.html")

    async def aset(self, request: Request) -> Response:
        request.scope["rute_naskah"] = "/aset/{nama}"
        ada = self._aset.get(request.path_params["nama"])
        if ada is None:
            raise HTTPException(404)
        return Response(
            ada[0], media_type=ada[1], headers={"cache-control": "public, max-age=86400"}
        )

    def tampil_entri(self, e: EntriArsip) -> dict[str, Any]:
        """Return what the page shows of an archived entry (only what is printed on it)."""
        r = dict(e.rincian)
        d: dict[str, Any] = {
            "jenis_tampil": jenis_tampil(e.jenis),
            "nomor": e.nomor,
            "tentang": tentang_tampil(e.tentang),
            "tanggal": format_tanggal(e.tanggal),
            "penandatangan": e.penandatangan,
            "versi": e.versi,
            "sertifikat": e.jenis == "sertifikat",
            "tautan_baru": None,
        }
        if e.jenis == "sertifikat":
            d.update(
                peserta=e.peserta[0] if e.peserta else "-",
                peran=(r.get("peran") or "").capitalize(),
                kegiatan=r.get("kegiatan") or e.tentang,
                penyelenggara=r.get("penyelenggara"),
                tanggal_kegiatan=_rentang(r.get("tanggal_mulai"), r.get("tanggal_selesai")),
                tempat=r.get("tempat"),
                jp=r.get("jp"),
            )
        d.update(self._putusan_entri(e))
        return d

    def _putusan_entri(self, e: EntriArsip) -> dict[str, Any]:
        """Return the QR page's verdict on an entry (the upload check says the same)."""
        if e.status == "batal":
            tgl = f" pada {format_tanggal(e.dibatalkan)}" if e.dibatalkan else ""
            return {
                "kelas": "tidak-sah",
                "putusan": "DIBATALKAN",
                "keterangan": f"Naskah ini tercatat di arsip kantor, tetapi nomornya dibatalkan "
                f"di register{tgl}. Naskah ini tidak berlaku.",
            }
        if e.status == "diganti":
            return {
                "kelas": "peringatan",
                "putusan": "SUDAH DIGANTI",
                "keterangan": "Naskah ini tercatat di arsip kantor, tetapi sudah diganti dengan "
                "versi yang lebih baru.",
                "tautan_baru": (
                    self.jalur.replace("{id}", e.diganti_oleh) if e.diganti_oleh else None
                ),
            }
        if not e.ditandatangani:
            return {
                "kelas": "peringatan",
                "putusan": "TERCATAT, BELUM BERTANDA TANGAN ELEKTRONIK",
                "keterangan": "Naskah ini tercatat di arsip kantor, tetapi salinan bertanda "
                "tangan elektroniknya belum diarsipkan.",
            }
        return {
            "kelas": "sah",
            "putusan": "ASLI DAN BERLAKU",
            "keterangan": "Naskah ini tercatat di arsip kantor, ditandatangani secara "
            "elektronik, dan merupakan versi terkini.",
        }

    def cari(self, id_verifikasi: str) -> EntriArsip | None:
        """Return the archived entry of a verification id (read from the archive)."""
        return self.arsip.cari_verifikasi(id_verifikasi)

    def _halaman_qr(self, id_verifikasi: str) -> tuple[int, bytes]:
        """Return the QR page's status and bytes, rendered afresh (on the archive thread)."""
        try:
            e = self.cari(id_verifikasi) if self._mungkin_ada(id_verifikasi) else None
        except NaskahError:
            r = self._galat(503, "Arsip tidak dapat dibaca", "Coba lagi beberapa saat lagi.")
            return r.status_code, bytes(r.body)
        if e is None:
            r = self._tidak_ada()
        else:
            r = self._html("verifikasi.html", e=self.tampil_entri(e))
        return r.status_code, bytes(r.body)

    async def _halaman_qr_bersama(self, ident: str) -> tuple[int, bytes]:
        """Return the QR page of ``ident``; concurrent requests for one id share one look-up."""
        ada = self._sedang.get(ident)
        if ada is not None:
            return await asyncio.shield(ada)
        fut: asyncio.Future[tuple[int, bytes]] = asyncio.get_running_loop().create_future()
        self._sedang[ident] = fut
        try:
            hasil = await self._di_benang_arsip(self._halaman_qr, ident)
        except BaseException as exc:
            fut.set_exception(exc)
            fut.exception()  # retrieved: no "never retrieved" warning when nobody shared it
            raise
        finally:
            self._sedang.pop(ident, None)
        fut.set_result(hasil)
        return hasil

    async def verifikasi(self, request: Request) -> Response:
        """Answer the QR page, reusing a rendered page for ``[layanan] tembolok_detik``."""
        request.scope["rute_naskah"] = self.jalur
        ident = request.path_params["id"]
        umur = self.opsi.tembolok_detik
        ada = self._tembolok.get(ident) if umur > 0 else None
        if ada is not None and ada[0] > time.monotonic():
            self._tembolok.move_to_end(ident)
            status, isi = ada[1], ada[2]
        elif (
            self._ids is not None
            and ident not in self._ids
            and time.monotonic() - self._ids_segar < umur
        ):
            # surely not archived (the id index was refreshed within the cache's age): the
            # same page for every unknown id, no thread, no query, not cached
            if self._halaman_404 is None:
                r = self._tidak_ada()
                self._halaman_404 = (r.status_code, bytes(r.body))
            status, isi = self._halaman_404
        else:
            status, isi = await self._halaman_qr_bersama(ident)
            if umur > 0 and status != 503:
                self._tembolok[ident] = (time.monotonic() + umur, status, isi)
                self._tembolok.move_to_end(ident)
                while len(self._tembolok) > _TEMBOLOK_MAKS:
                    self._tembolok.popitem(last=False)
        return Response(
            isi,
            status_code=status,
            media_type="text/html; charset=utf-8",
            headers={"cache-control": "no-store"},
        )

    def _tidak_ada(self) -> Response:
        return self._galat(
            404,
            "Tidak ada dalam arsip",
            "Naskah dengan kode ini tidak ada dalam arsip kantor ini. Periksa kembali alamatnya "
            "atau pindai ulang kode QR pada naskah.",
        )

    async def _baca_badan(self, request: Request, batas: int) -> bytes | Response:
        """Return the request body, or the answer when it is too long or too slow."""
        panjang = request.headers.get("content-length")
        if panjang is not None and (not panjang.isdigit() or int(panjang) > batas):
            return self._terlalu_besar(batas)
        badan = bytearray()
        akhir = time.monotonic() + WAKTU_BADAN
        aliran = request.stream().__aiter__()
        while True:
            sisa = min(JEDA_BADAN, akhir - time.monotonic())
            try:
                async with asyncio.timeout(max(0.0, sisa)):
                    potong = await anext(aliran)
            except StopAsyncIteration:
                return bytes(badan)
            except ClientDisconnect:  # nobody left to answer; nothing to log as an error
                return self._galat(
                    400, "Unggahan terputus", "Sambungan terputus; kirim ulang formulirnya."
                )
            except TimeoutError:
                return self._galat(
                    408,
                    "Unggahan terlalu lambat",
                    "Berkas tidak terkirim dalam batas waktu; periksa sambungan lalu coba lagi.",
                    headers={"connection": "close"},
                )
            badan += potong
            if len(badan) > batas:
                return self._terlalu_besar(batas)

    def _terlalu_besar(self, batas: int) -> Response:
        if batas == _BATAS_FORMULIR:
            return self._galat(413, "Isian terlalu panjang", "Periksa nomor dan nama Anda.")
        return self._galat(
            413,
            "Berkas terlalu besar",
            f"Berkas yang diunggah lebih besar dari {self._global['batas_mb']} MB; unggah berkas "
            "PDF naskah aslinya.",
            headers={"connection": "close"},
        )

    async def periksa(self, request: Request) -> Response:
        request.scope["rute_naskah"] = "/periksa"
        jenis = request.headers.get("content-type", "")
        if not jenis.startswith("multipart/form-data"):
            return self._galat(415, "Bukan unggahan berkas", "Unggah berkas PDF lewat formulir.")
        badan = await self._baca_badan(request, self.batas_unggah + _CADANGAN_MULTIPART)
        if isinstance(badan, Response):
            return badan
        loop = asyncio.get_running_loop()
        unggahan = await loop.run_in_executor(self._benang_urai, ambil_berkas, jenis, badan)
        del badan
        if unggahan is None or not unggahan.data:
            return self._galat(400, "Tidak ada berkas", "Pilih satu berkas PDF lalu tekan Periksa.")
        if len(unggahan.data) > self.batas_unggah:
            return self._terlalu_besar(self.batas_unggah)
        if b"%PDF-" not in unggahan.data[:1024]:
            return self._galat(
                415, "Bukan berkas PDF", "Berkas yang diunggah bukan PDF; unggah berkas PDF naskah."
            )
        try:
            h = await self.pemeriksa.periksa(unggahan.data, unggahan.nama)
        except WaktuHabis:
            return self._galat(
                503,
                "Pemeriksaan terlalu lama",
                "Pemeriksaan berkas ini melewati batas waktu dan dihentikan; coba lagi nanti.",
            )
        except Sibuk:
            return self._galat(
                503, "Layanan sedang sibuk", "Banyak berkas sedang diperiksa; coba lagi sebentar."
            )
        except GagalPeriksa:
            return self._galat(
                422,
                "Berkas tidak dapat diperiksa",
                "Berkas ini tidak dapat diperiksa; pastikan berkasnya PDF naskah asli.",
            )
        return self._html("hasil.html", h=self.tampil_hasil(h))

    def tampil_hasil(self, h: HasilPeriksa) -> dict[str, Any]:
        """Return the verdict page's values for one upload check.

        The verdict on an archived file is the QR page's verdict on its entry (cancelled,
        replaced, awaiting signature, valid) once its signatures, if any, are valid.
        """
        a: HasilPeriksaArsip | None = h.arsip
        entri = a.entri if a is not None and a.diarsipkan else None
        d: dict[str, Any] = {
            "nama": nama_berkas_tampil(h.nama),
            "sha256": a.sha256 if a is not None else "-",
            "arsip": a.uraian(publik=True) if a is not None else HasilPeriksaArsip.TAK_TERPERIKSA,
            "galat": h.galat,
            "perubahan": h.perubahan,
            "peringatan": h.peringatan,
            "tanda_tangan": [
                {
                    **t,
                    "waktu": (
                        f"{format_tanggal(t['waktu'].date())} {t['waktu']:%H.%M} "
                        f"{self.konfigurasi.zona_kantor or t['waktu'].tzname() or ''}".rstrip()
                        if t["waktu"] is not None
                        else "-"
                    ),
                }
                for t in h.tanda_tangan
            ],
            "entri": self.tampil_entri(entri) if entri is not None else None,
            "tautan": self.jalur.replace("{id}", entri.id_verifikasi) if entri else None,
        }
        ada_ttd = bool(h.tanda_tangan)
        utuh = h.sah_ttd or h.belum_pasti  # signatures intact, signers match their record
        if entri is not None and a is not None and (utuh or not ada_ttd):
            # this very file is archived: the QR page's verdict on its entry (an unsigned
            # copy is "awaiting signature" even when the entry's signed copy exists)
            status = entri.status
            if status == "batal" or not a.terdaftar:
                status = "batal"
            elif status == "diganti" or not a.terkini:
                status = "diganti"
            d.update(
                self._putusan_entri(
                    dataclasses.replace(
                        entri, status=status, ditandatangani=entri.ditandatangani and ada_ttd
                    )
                )
            )
            if not ada_ttd and status == "terkini":
                d["keterangan"] = (
                    "Berkas ini sama persis dengan naskah yang tercatat di arsip kantor, tetapi "
                    "tidak bertanda tangan elektronik."
                )
        elif ada_ttd and not utuh:
            rusak = any(not t["utuh"] for t in h.tanda_tangan)
            d.update(
                kelas="tidak-sah",
                putusan="TIDAK SAH",
                keterangan=(
                    "Isi berkas ini diubah sesudah ditandatangani, sehingga tanda tangan "
                    "elektroniknya tidak lagi berlaku; jangan gunakan berkas ini."
                    if rusak
                    else h.galat
                    or "Tanda tangan elektronik pada berkas ini tidak sah; lihat rinciannya di "
                    "bawah."
                ),
            )
        elif a is None or a.galat:
            d.update(
                kelas="peringatan",
                putusan="BELUM DAPAT DIPASTIKAN",
                keterangan="Arsip kantor sedang tidak dapat diperiksa; coba lagi beberapa saat "
                "lagi.",
            )
        elif h.belum_pasti:
            # not this office's file, and its certificate's revocation could not be checked
            d.update(
                kelas="peringatan",
                putusan="BELUM DAPAT DIPASTIKAN",
                keterangan="Tanda tangan elektroniknya utuh, tetapi status pencabutan "
                "sertifikatnya tidak dapat diperiksa saat ini, dan berkas ini tidak ada dalam "
                "arsip kantor ini.",
            )
        elif not ada_ttd:
            d.update(
                kelas="tidak-sah",
                putusan="TIDAK DIKENAL",
                keterangan=(h.galat or "Berkas ini tidak bertanda tangan elektronik.")
                + " Berkas ini juga tidak ada dalam arsip kantor ini.",
            )
        else:
            d.update(
                kelas="tidak-sah",
                putusan="TIDAK DIKENAL",
                keterangan="Tanda tangan elektroniknya utuh, tetapi berkas ini tidak ada dalam "
                "arsip kantor ini.",
            )
        return d

    async def sertifikat(self, request: Request) -> Response:
        request.scope["rute_naskah"] = "/sertifikat"
        badan = await self._baca_badan(request, _BATAS_FORMULIR)
        if isinstance(badan, Response):
            return badan
        try:
            isian = urllib.parse.parse_qs(
                badan.decode("utf-8", "replace"), max_num_fields=_MAKS_ISIAN
            )
        except ValueError:  # more fields than the form has
            return self._galat(400, "Isian tidak dikenal", "Isi nomor dan nama lewat formulir.")
        nomor = (isian.get("nomor") or [""])[0].strip()[:120]
        nama = (isian.get("nama") or [""])[0].strip()[:200]
        tidak_ada = self._html(
            "tidak_ditemukan.html",
            404,
            judul="Sertifikat tidak ditemukan",
            pesan="Tidak ada sertifikat dengan nomor dan nama itu dalam arsip kantor ini. "
            "Periksa kembali nomor dan nama Anda persis seperti tercetak pada sertifikat.",
            nomor=nomor,
            nama=nama,
        )
        if not nomor or not nama:
            return tidak_ada
        try:
            versi = await self._di_benang_arsip(self._sertifikat_nomor, nomor)
        except NaskahError:
            return self._galat(503, "Arsip tidak dapat dibaca", "Coba lagi beberapa saat lagi.")
        for e in reversed(versi):
            if e.peserta and nama_cocok(nama, e.peserta[0]):
                return RedirectResponse(self.jalur.replace("{id}", e.id_verifikasi), 303)
        return tidak_ada

    def _sertifikat_nomor(self, nomor: str) -> list[EntriArsip]:
        return [e for e in self.arsip.riwayat(nomor) if e.jenis == "sertifikat"]


def ambil_berkas(jenis: str, badan: bytes, nama_field: str = "berkas") -> Unggahan | None:
    """Return the one file of a multipart upload form, or None when it is not such a form.

    The form must hold exactly one file field named ``nama_field`` and at most
    :data:`MAKS_BAGIAN` parts, each with short headers; parsing stops at the first part too
    many. Runs off the event loop.
    """
    from python_multipart.multipart import parse_options_header

    bagian = bagian_multipart(jenis, badan, MAKS_BAGIAN)
    if bagian is None:
        return None
    berkas = []
    for h, data in bagian:
        _, cd = parse_options_header(h.get(b"content-disposition", b""))
        if b"filename" in cd:
            if cd.get(b"name") != nama_field.encode():
                return None  # a file in another field: not our form
            nama = cd[b"filename"].decode("utf-8", "replace")
            berkas.append(Unggahan(nama, bytes(data)))
    return berkas[0] if len(berkas) == 1 else None


def buat_aplikasi(
    konfigurasi: Konfigurasi,
    *,
    siap: Callable[[], None] | None = None,
    rinci: bool = False,
) -> Pelindung:
    """Return the ASGI application of the verification service of ``konfigurasi``."""
    return Layanan(konfigurasi, siap=siap, rinci=rinci).aplikasi()
