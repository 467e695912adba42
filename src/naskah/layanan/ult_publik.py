"""The desk's public forms in the public service: owns applying, tracking and complaining online.

Mounted by :class:`naskah.layanan.aplikasi.Layanan` when ``[ult] standar`` is set:

- ``/ajukan``: the services of the office's Standar Pelayanan in force today; ``/ajukan/{id}``
  the form of one (its persyaratan, jangka waktu and biaya, the applicant's data, the activity's
  dates where the service sets a lead time, the attachments) received through
  :func:`naskah.ult.permohonan.terima` on channel ``daring``; the confirmation gives the
  tracking code and the answer deadline, and a receipt goes by e-mail when an address is given;
- ``/lacak``: a request's or complaint's public view (:mod:`naskah.ult.lacak`) by its code;
- ``/pengaduan``: a complaint, anonymous if the complainant wishes.

Every post carries the signed anti-forgery token and the honeypot of
:mod:`naskah.layanan.formulir`, and is rate limited per client address on top of the service's
own limit (``[layanan] batas_formulir``, ``batas_lacak``). A refused post gets its form back
with one Indonesian sentence and the visitor's entries (autoescaped; uploaded files must be
chosen again: nothing of them is kept). The desk's database is written on one thread of its
own; attachments are checked in memory and reach the disk only through ``terima``, which
removes what it wrote when it refuses.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from naskah.errors import NaskahError, UltError
from naskah.layanan.formulir import (
    KUKI,
    MADU,
    UMUR_TOKEN,
    Formulir,
    PenjagaFormulir,
    urai_isian,
    urai_multipart,
)
from naskah.layanan.pelindung import PembatasLaju, ProxyTepercaya, alamat_klien, kunci_laju
from naskah.models.common import format_tanggal
from naskah.ult.lampiran import jenis_isi
from naskah.ult.meja import Meja, baca_kode, periksa_email, periksa_telepon, tampil_kode
from naskah.ult.tanda_terima import hari_tanggal

if TYPE_CHECKING:
    from naskah.layanan.aplikasi import Layanan
    from naskah.ult.layanan import Katalog
    from naskah.ult.layanan import Layanan as LayananUlt
    from naskah.ult.permohonan import Permohonan

T = TypeVar("T")
log = logging.getLogger("naskah.layanan")

PELAKU = "formulir daring"
"""Who the desk's trail records for what the public forms write."""
_BATAS_LACAK = 4096
_BATAS_PENGADUAN = 64 * 1024
_MAKS_ISIAN_PENGADUAN = 16
_UMUR_RINGKASAN = 600.0
"""Seconds the year's public figures (IKM, on time) are reused on the services page."""
_JAWABAN_MAKS = 2_000
"""Answers kept for repeated posts of one filled form (the oldest go first)."""
PANJANG = {
    "instansi": 300,
    "kontak": 100,
    "telepon": 30,
    "email": 254,
    "perihal": 1000,
    "nama": 200,
    "isi": 4000,
    "kode": 40,
    "permohonan": 40,
}
"""Longest value kept of each text field."""


class FormulirDitolak(NaskahError):
    """A post refused with one sentence shown on its form.

    ``tunggu``: a rate limit's wait (Retry-After); ``isian``: the field at fault (marked
    ``aria-invalid`` on the form).
    """

    def __init__(
        self, pesan: str, status: int = 422, tunggu: int | None = None, isian: str | None = None
    ) -> None:
        super().__init__(pesan)
        self.pesan, self.status, self.tunggu, self.isian = pesan, status, tunggu, isian

    @property
    def headers(self) -> dict[str, str] | None:
        return {"retry-after": str(self.tunggu)} if self.tunggu else None


def angka(x: float) -> str:
    """Return a number as Indonesian writes it: ``0,05``, ``25``."""
    return f"{x:g}".replace(".", ",")


def _periksa_isian(periksa: Callable[[str], Any], nilai: str, isian: str) -> None:
    """Run one of the desk's value checks; its refusal names the field at fault."""
    try:
        periksa(nilai)
    except UltError as exc:
        raise FormulirDitolak(exc.pesan, isian=isian) from None


def _waktu_tampil(iso: str, zona: str) -> str:
    """Return ``2 Juni 2025 pukul 10.00 WITA`` from an ISO time in the office's zone."""
    w = datetime.fromisoformat(iso)
    return f"{format_tanggal(w.date())} pukul {w:%H.%M} {zona or w.tzname() or ''}".rstrip()


def _nama_berkas(nama: str, i: int) -> str:
    """Return an upload's name fit for a file: its last part, at most 200 bytes of UTF-8."""
    from naskah.layanan.aplikasi import nama_berkas_tampil

    n = nama_berkas_tampil(nama)
    b = n.encode("utf-8")[:200].decode("utf-8", "ignore").strip()
    return b if b not in ("", ".", "..") else f"lampiran-{i}"


class UltPublik:
    """The desk's public pages of one service (routes, forms, the desk's thread)."""

    def __init__(self, layanan: Layanan) -> None:
        self.l = layanan
        k = layanan.konfigurasi
        self.konfigurasi = k
        self.penjaga = PenjagaFormulir()
        self.laju_kirim = PembatasLaju(k.layanan.batas_formulir)
        self.laju_lacak = PembatasLaju(k.layanan.batas_lacak)
        self.proxy = ProxyTepercaya(k.layanan.proxy_tepercaya)
        self.batas_permohonan = int(k.layanan.ukuran_permohonan_mb * 1024 * 1024)
        self.batas_lampiran = int(k.ult.lampiran_maks_mb * 1024 * 1024)
        # one thread owns the desk (a SQLite connection belongs to its thread); receipts go
        # out on another so a slow mail server never holds a form
        self._benang = ThreadPoolExecutor(1, thread_name_prefix="layanan-ult")
        self._benang_surel = ThreadPoolExecutor(1, thread_name_prefix="layanan-surel")
        self._meja: Meja | None = None
        self._katalog: Katalog | None = None
        self._jawaban: OrderedDict[str, tuple[float, int, bytes]] = OrderedDict()
        self._ringkasan: tuple[float, dict[str, Any] | None] | None = None
        self._kunci_jawaban = threading.Lock()
        self.sandi_surel = os.environ.get(k.surel.sandi_env)
        self.surel_terkirim: Callable[[str, bool], None] | None = None
        """Called (code, sent) after each receipt attempt; tests and the bench wait on it."""

    # -- plumbing --------------------------------------------------------------------------

    @property
    def meja(self) -> Meja:
        """The desk (on the desk's thread only)."""
        if self._meja is None:
            self._meja = Meja(self.konfigurasi, jam=self.l._jam, oleh=PELAKU)
        return self._meja

    async def _di_meja(self, fungsi: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._benang, fungsi, *args)

    def _muat_katalog(self) -> Katalog | None:
        try:
            self._katalog = self.meja.katalog()
        except NaskahError as exc:
            log.error("standar pelayanan tidak terbaca: %s", type(exc).__name__)
            self._katalog = None
        return self._katalog

    async def mulai(self) -> None:
        await self._di_meja(self._muat_katalog)

    async def tutup(self) -> None:
        def tutup_meja() -> None:
            if self._meja is not None:
                with contextlib.suppress(NaskahError):
                    self._meja.tutup()
                self._meja = None

        with contextlib.suppress(RuntimeError):
            await self._di_meja(tutup_meja)
        self._benang.shutdown(wait=False)
        self._benang_surel.shutdown(wait=True, cancel_futures=False)

    def rute(self) -> list[Route]:
        return [
            Route("/ajukan", self.daftar_layanan, methods=["GET", "HEAD"]),
            Route("/ajukan/{kunci}", self.formulir_permohonan, methods=["GET", "HEAD"]),
            Route("/ajukan/{kunci}", self.kirim_permohonan, methods=["POST"]),
            Route("/lacak", self.formulir_lacak, methods=["GET", "HEAD"]),
            Route("/lacak", self.kirim_lacak, methods=["POST"]),
            Route("/pengaduan", self.formulir_pengaduan, methods=["GET", "HEAD"]),
            Route("/pengaduan", self.kirim_pengaduan, methods=["POST"]),
            Route("/survei/{token}", self.formulir_survei, methods=["GET", "HEAD"]),
            Route("/survei/{token}", self.kirim_survei, methods=["POST"]),
        ]

    def _aman(self, request: Request) -> bool:
        """Return whether the visitor reached the service over HTTPS."""
        if request.url.scheme == "https":
            return True
        klien = request.client.host if request.client else None
        return klien in self.proxy and request.headers.get("x-forwarded-proto") == "https"

    def _kuki(self, request: Request) -> tuple[str, bool]:
        """Return the browser's form cookie and whether it is new (to be set)."""
        ada = request.cookies.get(KUKI)
        if self.penjaga.kuki_sah(ada):
            assert ada is not None
            return ada, False
        return self.penjaga.kuki_baru(), True

    def _kini(self) -> float:
        return self.l._jam().timestamp()

    def _halaman(
        self,
        request: Request,
        templat: str,
        nama_form: str,
        status: int = 200,
        headers: dict[str, str] | None = None,
        **konteks: Any,
    ) -> HTMLResponse:
        """Render a page holding form ``nama_form`` with a fresh token (and the cookie)."""
        kuki, baru = self._kuki(request)
        token = self.penjaga.token(kuki, nama_form, self._kini())
        r = self.l._html(templat, status, headers, token=token, madu=MADU, **konteks)
        if baru:
            r.set_cookie(
                KUKI,
                kuki,
                max_age=UMUR_TOKEN,
                path="/",
                secure=self._aman(request),
                httponly=True,
                samesite="strict",
            )
        return r

    def _klien(self, request: Request) -> str:
        return kunci_laju(alamat_klien(request.scope, self.proxy))

    def _periksa_kiriman(
        self, request: Request, f: Formulir, nama_form: str, laju: PembatasLaju
    ) -> str:
        """Check a post's origin, token, honeypot and rate; return the token's nonce."""
        if request.headers.get("sec-fetch-site") == "cross-site":
            raise FormulirDitolak("Formulir ini hanya dapat dikirim dari halaman layanan ini.", 403)
        nonce = self.penjaga.periksa(
            request.cookies.get(KUKI), nama_form, f.nilai("token", 64), self._kini()
        )
        if nonce is None:
            raise FormulirDitolak(
                "Formulir sudah kedaluwarsa atau tidak dikirim dari halaman ini; periksa isian "
                "lalu kirim ulang.",
                400,
            )
        if f.nilai(MADU):
            raise FormulirDitolak(
                "Formulir tidak dapat diterima; kosongkan kolom tersembunyi.", 400
            )
        tunggu = laju.izinkan(self._klien(request))
        if tunggu > 0:
            raise FormulirDitolak(
                f"Terlalu banyak formulir dikirim dari alamat Anda; coba lagi dalam "
                f"{int(tunggu) + 1} detik.",
                429,
                int(tunggu) + 1,
            )
        return nonce

    def _jawaban_lama(self, nonce: str) -> Response | None:
        """Return the answer already given to this filled form (a repeated post), if any."""
        with self._kunci_jawaban:
            ada = self._jawaban.get(nonce)
        if ada is None or ada[0] < time.monotonic():
            return None
        return HTMLResponse(ada[2], ada[1], headers={"cache-control": "no-store"})

    def _simpan_jawaban(self, nonce: str, r: Response) -> Response:
        with self._kunci_jawaban:
            self._jawaban[nonce] = (time.monotonic() + UMUR_TOKEN, r.status_code, bytes(r.body))
            while len(self._jawaban) > _JAWABAN_MAKS:
                self._jawaban.popitem(last=False)
        return r

    def _tidak_tersedia(self) -> Response:
        return self.l._galat(
            503,
            "Layanan permohonan belum tersedia",
            "Standar pelayanan kantor sedang tidak dapat dibaca; coba lagi nanti atau hubungi "
            "kantor.",
            kelas="peringatan",
        )

    def _hari_ini(self) -> date:
        return self.l._jam().astimezone(self.konfigurasi.zona).date()

    def layanan_berlaku(self) -> list[LayananUlt]:
        """Return the services a request can be made for today (their standard in force)."""
        kat = self._katalog
        if kat is None:
            return []
        hari = self._hari_ini()
        out = []
        for kunci in kat.kunci:
            try:
                lay = kat.pilih(kunci, hari)
            except UltError:
                continue
            if lay.siap:
                out.append(lay)
        return out

    def _cari_layanan(self, kunci: str) -> LayananUlt | None:
        return next((x for x in self.layanan_berlaku() if x.kunci == kunci), None)

    @staticmethod
    def tampil_layanan(lay: LayananUlt) -> dict[str, Any]:
        """Return what the pages show of a service."""
        jangka = []
        if lay.hari_kerja_jawaban:
            jangka.append(f"Jawaban (disetujui atau ditolak): {lay.hari_kerja_jawaban} hari kerja")
        if lay.hari_kerja:
            jangka.append(f"Layanan selesai: {lay.hari_kerja} hari kerja")
        if lay.hari_kerja_pemberitahuan:
            jangka.append(
                f"Pemberitahuan bila penanganan lebih lama: {lay.hari_kerja_pemberitahuan} hari "
                "kerja"
            )
        jangka.append("Dihitung sejak permohonan diterima, di luar hari libur kantor.")
        return {
            "kunci": lay.kunci,
            "nama": lay.nama,
            "syarat": [
                {"no": i, "teks": s.teks, "pilihan": list(s.pilihan), "otomatis": s.otomatis}
                for i, s in enumerate(lay.syarat, 1)
            ],
            "jangka": jangka,
            "biaya": lay.biaya or "-",
            "produk": list(lay.produk),
            "jeda": lay.jeda_kegiatan,
            "standar": lay.standar,
        }

    # -- applying --------------------------------------------------------------------------

    def _hitung_ringkasan(self, tahun: int) -> dict[str, Any] | None:
        """Return the year's public figures (IKM, grade, on time), on the desk's thread."""
        try:
            from naskah.ult.survei import ringkasan_publik
        except ImportError:  # pragma: no cover - the survey is part of the desk
            return None
        try:
            ikm, mutu, tepat = ringkasan_publik(self.meja, tahun)
        except NaskahError:
            return None
        if ikm is None and tepat is None:
            return None
        return {
            "tahun": tahun,
            "ikm": f"{ikm:.2f}".replace(".", ",") if ikm is not None else None,
            "mutu": mutu,
            "tepat": f"{tepat:.1f}".replace(".", ",") if tepat is not None else None,
        }

    async def ringkasan(self) -> dict[str, Any] | None:
        """Return this year's public figures, computed at most every ``_UMUR_RINGKASAN`` s."""
        kini = time.monotonic()
        if self._ringkasan is not None and self._ringkasan[0] > kini:
            return self._ringkasan[1]
        d = await self._di_meja(self._hitung_ringkasan, self._hari_ini().year)
        self._ringkasan = (kini + _UMUR_RINGKASAN, d)
        return d

    async def daftar_layanan(self, request: Request) -> Response:
        request.scope["rute_naskah"] = "/ajukan"
        if self._katalog is None:
            return self._tidak_tersedia()
        return self.l._html(
            "ult_layanan.html",
            daftar=[self.tampil_layanan(x) for x in self.layanan_berlaku()],
            kinerja=await self.ringkasan(),
        )

    def _form_permohonan(
        self,
        request: Request,
        lay: LayananUlt,
        nilai: dict[str, Any] | None = None,
        galat: str | None = None,
        status: int = 200,
        headers: dict[str, str] | None = None,
        salah: str | None = None,
    ) -> Response:
        u = self.konfigurasi.ult
        return self._halaman(
            request,
            "ult_ajukan.html",
            f"ajukan:{lay.kunci}",
            status,
            headers,
            lay=self.tampil_layanan(lay),
            nilai=nilai or {"syarat": []},
            galat=galat,
            salah=salah,
            lampiran_maks=u.lampiran_maks,
            lampiran_mb=angka(u.lampiran_maks_mb),
            total_mb=angka(self.konfigurasi.layanan.ukuran_permohonan_mb),
            hari_ini=self._hari_ini().isoformat(),
        )

    async def formulir_permohonan(self, request: Request) -> Response:
        request.scope["rute_naskah"] = "/ajukan/{kunci}"
        if self._katalog is None:
            return self._tidak_tersedia()
        lay = self._cari_layanan(request.path_params["kunci"])
        if lay is None:
            return self._layanan_tak_dikenal()
        return self._form_permohonan(request, lay)

    def _layanan_tak_dikenal(self) -> Response:
        return self.l._galat(
            404,
            "Layanan tidak ditemukan",
            "Layanan ini tidak ada di standar pelayanan kantor; pilih layanan dari daftar "
            "permohonan.",
        )

    async def kirim_permohonan(self, request: Request) -> Response:
        request.scope["rute_naskah"] = "/ajukan/{kunci}"
        if self._katalog is None:
            return self._tidak_tersedia()
        lay = self._cari_layanan(request.path_params["kunci"])
        if lay is None:
            return self._layanan_tak_dikenal()
        jenis = request.headers.get("content-type", "")
        if not jenis.startswith("multipart/form-data"):
            return self._form_permohonan(
                request, lay, galat="Kirim permohonan lewat formulir di halaman ini.", status=415
            )
        badan = await self.l._baca_badan(request, self.batas_permohonan + 256 * 1024)
        if isinstance(badan, Response):
            if badan.status_code == 413:
                return self._form_permohonan(
                    request,
                    lay,
                    galat=f"Lampiran seluruhnya lebih besar dari "
                    f"{angka(self.konfigurasi.layanan.ukuran_permohonan_mb)} MB; kecilkan "
                    "berkasnya lalu kirim ulang.",
                    status=413,
                    headers={"connection": "close"},
                )
            return badan
        maks = 48 + len(lay.syarat) + self.konfigurasi.ult.lampiran_maks
        f = await asyncio.get_running_loop().run_in_executor(
            self.l._benang_urai, functools.partial(urai_multipart, jenis, badan, maks_bagian=maks)
        )
        del badan
        if f is None:
            return self._form_permohonan(
                request,
                lay,
                galat="Isian formulir tidak dapat dibaca atau lampirannya terlalu banyak; isi "
                "ulang formulir ini.",
                status=400,
            )
        nilai = self._nilai_permohonan(f)
        try:
            nonce = self._periksa_kiriman(request, f, f"ajukan:{lay.kunci}", self.laju_kirim)
            lama = self._jawaban_lama(nonce)
            if lama is not None:
                return lama
            baru = self._periksa_permohonan(lay, f, nilai)
            p = await self._di_meja(self._terima, baru, f)
        except FormulirDitolak as t:
            return self._form_permohonan(request, lay, nilai, t.pesan, t.status, t.headers, t.isian)
        except UltError as exc:
            return self._form_permohonan(request, lay, nilai, exc.pesan, 422)
        except NaskahError:
            return self.l._galat(
                503, "Permohonan belum tercatat", "Basis data kantor sedang tidak dapat ditulis; "
                "coba lagi beberapa saat lagi."
            )  # fmt: skip
        surel = bool(p.email) and self._kirim_surel(p)
        r = self.l._html("ult_diterima.html", p=self.tampil_permohonan(p), surel=surel)
        return self._simpan_jawaban(nonce, r)

    @staticmethod
    def _nilai_permohonan(f: Formulir) -> dict[str, Any]:
        """Return the entries to show again on the form."""
        d: dict[str, Any] = {
            k: f.nilai(k, PANJANG[k]) for k in ("instansi", "kontak", "telepon", "email", "perihal")
        }
        d["kegiatan_mulai"] = f.nilai("kegiatan_mulai", 10)
        d["kegiatan_selesai"] = f.nilai("kegiatan_selesai", 10)
        d["syarat"] = [s for s in f.semua("syarat")[:64] if s.isdigit()]
        return d

    def _periksa_permohonan(self, lay: LayananUlt, f: Formulir, nilai: dict[str, Any]) -> Any:
        """Check the form's entries and attachments; return the request to receive."""
        from naskah.ult.permohonan import PermohonanBaru

        if not " ".join(nilai["instansi"].split()):
            raise FormulirDitolak("Isi nama instansi atau pemohon.", isian="instansi")
        if not " ".join(nilai["kontak"].split()):
            raise FormulirDitolak("Isi nama narahubung yang dapat dihubungi.", isian="kontak")
        if not nilai["telepon"] and not nilai["email"]:
            raise FormulirDitolak(
                "Isi nomor telepon/WhatsApp atau alamat surel agar jawaban dapat disampaikan.",
                isian="telepon",
            )
        _periksa_isian(periksa_telepon, nilai["telepon"], "telepon")
        _periksa_isian(periksa_email, nilai["email"], "email")
        mulai = self._tanggal(nilai["kegiatan_mulai"], "mulai")
        selesai = self._tanggal(nilai["kegiatan_selesai"], "selesai")
        if lay.jeda_kegiatan is not None and mulai is None:
            raise FormulirDitolak(
                f"Isi tanggal mulai kegiatan; layanan ini mensyaratkan permohonan masuk paling "
                f"lambat {lay.jeda_kegiatan} hari kerja sebelum kegiatan.",
                isian="kegiatan_mulai",
            )
        if lay.jeda_kegiatan is None:
            mulai = selesai = None  # the form shows no dates for this service
        dicentang = {int(s) for s in nilai["syarat"]}
        kurang = [
            str(i)
            for i, s in enumerate(lay.syarat, 1)
            if not s.otomatis and i not in dicentang
        ]  # fmt: skip
        if kurang:
            raise FormulirDitolak(
                f"Centang persyaratan yang sudah Anda penuhi dan lampirkan; persyaratan nomor "
                f"{', '.join(kurang)} belum dicentang.",
                isian=f"syarat-{kurang[0]}",
            )
        u = self.konfigurasi.ult
        berkas = [b for b in f.berkas if b.field == "lampiran"]
        if not berkas:
            raise FormulirDitolak(
                "Lampirkan sedikitnya satu berkas persyaratan (PDF, JPEG atau PNG).",
                isian="lampiran",
            )
        if len(berkas) > u.lampiran_maks:
            raise FormulirDitolak(
                f"Lampiran terlalu banyak ({len(berkas)}); paling banyak {u.lampiran_maks} berkas.",
                isian="lampiran",
            )
        for i, b in enumerate(berkas, 1):
            nama = _nama_berkas(b.nama, i)
            if len(b.data) > self.batas_lampiran:
                raise FormulirDitolak(
                    f"Lampiran {nama} lebih besar dari {angka(u.lampiran_maks_mb)} MB; kecilkan "
                    "berkasnya lalu kirim ulang.",
                    413,
                    isian="lampiran",
                )
            if jenis_isi(b.data[:16]) is None:
                raise FormulirDitolak(
                    f"Lampiran {nama} bukan PDF, JPEG atau PNG menurut isinya; kirim berkas "
                    "dalam salah satu bentuk itu.",
                    415,
                    isian="lampiran",
                )
        return PermohonanBaru(
            layanan=lay.kunci,
            instansi=nilai["instansi"],
            kanal="daring",
            kontak=nilai["kontak"],
            telepon=nilai["telepon"] or None,
            email=nilai["email"] or None,
            perihal=" ".join(nilai["perihal"].split()) or None,
            kegiatan_mulai=mulai,
            kegiatan_selesai=selesai,
            syarat=tuple(sorted(dicentang & set(range(1, len(lay.syarat) + 1)))),
        )

    @staticmethod
    def _tanggal(teks: str, bagian: str) -> date | None:
        if not teks:
            return None
        try:
            return date.fromisoformat(teks)
        except ValueError:
            raise FormulirDitolak(
                f"Tanggal {bagian} kegiatan tidak sah; tulis tahun-bulan-hari, misalnya "
                "2025-07-01.",
                isian=f"kegiatan_{bagian}",
            ) from None

    def _terima(self, baru: Any, f: Formulir) -> Permohonan:
        """Receive the request on the desk's thread; attachments pass through a private
        temporary folder removed at once (``terima`` stores them by their hash)."""
        import dataclasses

        from naskah.ult.permohonan import terima

        berkas = [b for b in f.berkas if b.field == "lampiran"]
        with tempfile.TemporaryDirectory(prefix="naskah-unggah-") as tmp:
            paths = []
            for i, b in enumerate(berkas, 1):
                folder = Path(tmp) / str(i)
                folder.mkdir()
                p = folder / _nama_berkas(b.nama, i)
                p.write_bytes(b.data)
                paths.append(p)
            baru = dataclasses.replace(baru, lampiran=tuple(paths))
            return terima(self.meja, baru, self._katalog)

    def tampil_permohonan(self, p: Permohonan) -> dict[str, Any]:
        zona = self.konfigurasi.zona
        diterima = p.diterima.astimezone(zona)
        nama_zona = self.konfigurasi.zona_kantor or diterima.tzname() or ""
        lay = None
        if self._katalog is not None:
            lay = next(
                (x for x in self._katalog.versi.get(p.layanan, ()) if x.standar == p.standar), None
            )
        return {
            "kode": p.kode_tampil,
            "layanan": p.nama_layanan,
            "instansi": p.instansi,
            "diterima": f"{format_tanggal(diterima.date())} pukul {diterima:%H.%M} "
            f"{nama_zona}".rstrip(),
            "hari_terima": hari_tanggal(p.hari_terima),
            "hari_lain": p.hari_terima != diterima.date(),
            "tenggat_jawab": hari_tanggal(p.tenggat_jawab) if p.tenggat_jawab else None,
            "hari_jawab": lay.hari_kerja_jawaban if lay else None,
            "tenggat_selesai": hari_tanggal(p.tenggat_selesai) if p.tenggat_selesai else None,
            "hari_selesai": lay.hari_kerja if lay else None,
            "peringatan": p.peringatan is not None,
        }

    def _kirim_surel(self, p: Permohonan) -> bool:
        """Queue the receipt of ``p``; return whether one will be sent."""
        from naskah.ult.tanda_terima import bisa_dikirim, kirim_tanda_terima

        if not bisa_dikirim(self.konfigurasi):
            return False

        def kirim() -> None:
            ok = False
            try:
                kirim_tanda_terima(self.konfigurasi, p, sandi=self.sandi_surel)
                ok = True
            except NaskahError as exc:
                log.warning("tanda terima permohonan tidak terkirim: %s", type(exc).__name__)
            finally:
                if self.surel_terkirim is not None:
                    self.surel_terkirim(p.kode_tampil, ok)

        self._benang_surel.submit(kirim)
        return True

    # -- tracking --------------------------------------------------------------------------

    async def formulir_lacak(self, request: Request) -> Response:
        request.scope["rute_naskah"] = "/lacak"
        return self._halaman(request, "ult_lacak.html", "lacak", kode="")

    async def kirim_lacak(self, request: Request) -> Response:
        request.scope["rute_naskah"] = "/lacak"
        badan = await self.l._baca_badan(request, _BATAS_LACAK)
        if isinstance(badan, Response):
            return badan
        f = urai_isian(badan, 8) or Formulir()
        kode = f.nilai("kode", PANJANG["kode"])

        def tolak(
            pesan: str, status: int, headers: dict[str, str] | None = None, isian: str | None = None
        ) -> Response:
            return self._halaman(
                request, "ult_lacak.html", "lacak", status, headers, kode=kode, galat=pesan,
                salah=isian,
            )  # fmt: skip

        try:
            self._periksa_kiriman(request, f, "lacak", self.laju_lacak)
            if not kode:
                raise FormulirDitolak(
                    "Isi kode pelacakan yang Anda terima, misalnya 7KQ2M-X9D4P.", isian="kode"
                )
            _periksa_isian(baca_kode, kode, "kode")
            jenis, d = await self._di_meja(self._lacak, kode)
        except FormulirDitolak as t:
            return tolak(t.pesan, t.status, t.headers, t.isian)
        except UltError as exc:
            return tolak(exc.pesan, 422)
        except NaskahError:
            return self.l._galat(503, "Data tidak dapat dibaca", "Coba lagi beberapa saat lagi.")
        if d is None:
            return tolak(
                "Tidak ada permohonan atau pengaduan dengan kode itu; periksa kembali kodenya.",
                404,
            )
        return self._halaman(
            request, "ult_lacak.html", "lacak", kode="", jenis=jenis, d=self._tampil_lacak(d)
        )

    def _lacak(self, kode: str) -> tuple[str, dict[str, Any] | None]:
        from naskah.ult.lacak import lacak, lacak_pengaduan

        with contextlib.suppress(UltError):
            return "permohonan", lacak(self.meja, kode)
        with contextlib.suppress(UltError):
            return "pengaduan", lacak_pengaduan(self.meja, kode)
        return "", None

    def _tampil_lacak(self, d: dict[str, Any]) -> dict[str, Any]:
        zona = self.konfigurasi.zona_kantor or ""
        out = dict(d)
        out["diterima"] = _waktu_tampil(d["diterima"], zona)
        for k in ("tenggat_jawab", "tenggat_selesai", "tenggat"):
            if d.get(k):
                out[k] = hari_tanggal(date.fromisoformat(d[k]))
        if d.get("dijawab"):
            out["dijawab"] = _waktu_tampil(d["dijawab"], zona)
        out["linimasa"] = [
            {"peristiwa": m["peristiwa"], "waktu": _waktu_tampil(m["waktu"], zona)}
            for m in d.get("linimasa", [])
        ]
        out["produk"] = [
            {
                **x,
                "tautan": self.l.jalur.replace("{id}", x["id_verifikasi"])
                if x.get("id_verifikasi") and x["id_verifikasi"].replace("-", "").isalnum()
                else None,
            }
            for x in d.get("produk", [])
        ]
        return out

    # -- complaints ------------------------------------------------------------------------

    def _form_pengaduan(
        self,
        request: Request,
        nilai: dict[str, Any] | None = None,
        galat: str | None = None,
        status: int = 200,
        headers: dict[str, str] | None = None,
        salah: str | None = None,
    ) -> Response:
        return self._halaman(
            request,
            "ult_pengaduan.html",
            "pengaduan",
            status,
            headers,
            nilai=nilai or {},
            galat=galat,
            salah=salah,
            daftar=[{"kunci": x.kunci, "nama": x.nama} for x in self.layanan_berlaku()],
            hari=self.konfigurasi.ult.hari_kerja_pengaduan,
        )

    async def formulir_pengaduan(self, request: Request) -> Response:
        request.scope["rute_naskah"] = "/pengaduan"
        return self._form_pengaduan(request)

    async def kirim_pengaduan(self, request: Request) -> Response:
        request.scope["rute_naskah"] = "/pengaduan"
        badan = await self.l._baca_badan(request, _BATAS_PENGADUAN)
        if isinstance(badan, Response):
            if badan.status_code == 413:
                return self._form_pengaduan(
                    request, galat="Isian pengaduan terlalu panjang; ringkas isinya.", status=413
                )
            return badan
        f = await asyncio.get_running_loop().run_in_executor(
            self.l._benang_urai, urai_isian, badan, _MAKS_ISIAN_PENGADUAN
        )
        if f is None:
            return self._form_pengaduan(
                request, galat="Isian formulir tidak dapat dibaca; isi ulang formulir ini.",
                status=400,
            )  # fmt: skip
        nilai = {
            k: f.nilai(k, PANJANG[k])
            for k in ("nama", "telepon", "email", "permohonan", "isi")
        }  # fmt: skip
        nilai["layanan"] = f.nilai("layanan", 64)
        try:
            nonce = self._periksa_kiriman(request, f, "pengaduan", self.laju_kirim)
            lama = self._jawaban_lama(nonce)
            if lama is not None:
                return lama
            baru = self._periksa_pengaduan(nilai, f)
            p = await self._di_meja(self._terima_pengaduan, baru)
        except FormulirDitolak as t:
            return self._form_pengaduan(request, nilai, t.pesan, t.status, t.headers, t.isian)
        except UltError as exc:
            return self._form_pengaduan(request, nilai, exc.pesan, 422)
        except NaskahError:
            return self.l._galat(
                503, "Pengaduan belum tercatat", "Basis data kantor sedang tidak dapat ditulis; "
                "coba lagi beberapa saat lagi."
            )  # fmt: skip
        r = self.l._html(
            "ult_pengaduan_diterima.html",
            kode=tampil_kode(p.kode),
            tenggat=hari_tanggal(p.tenggat_awal),
            hari=self.konfigurasi.ult.hari_kerja_pengaduan,
            anonim=p.anonim,
        )
        return self._simpan_jawaban(nonce, r)

    def _periksa_pengaduan(self, nilai: dict[str, Any], f: Formulir) -> Any:
        from naskah.ult.pengaduan import PengaduanBaru

        if not " ".join(nilai["isi"].split()):
            raise FormulirDitolak("Tuliskan isi pengaduan Anda.", isian="isi")
        if len(f.nilai("isi", 100_000)) > PANJANG["isi"]:
            raise FormulirDitolak(
                f"Isi pengaduan terlalu panjang; ringkas menjadi {PANJANG['isi']} huruf.",
                isian="isi",
            )
        _periksa_isian(periksa_telepon, nilai["telepon"], "telepon")
        _periksa_isian(periksa_email, nilai["email"], "email")
        if nilai["permohonan"]:
            _periksa_isian(baca_kode, nilai["permohonan"], "permohonan")
        kunci = nilai["layanan"]
        if kunci and self._cari_layanan(kunci) is None:
            raise FormulirDitolak("Pilih layanan dari daftar.", isian="layanan")
        return PengaduanBaru(
            isi=nilai["isi"],
            kanal="daring",
            nama=nilai["nama"] or None,
            telepon=nilai["telepon"] or None,
            email=nilai["email"] or None,
            layanan=kunci or None,
            permohonan=nilai["permohonan"] or None,
        )

    def _terima_pengaduan(self, baru: Any) -> Any:
        from naskah.ult.pengaduan import terima

        return terima(self.meja, baru)

    # -- the satisfaction survey -------------------------------------------------------------

    def _form_survei(
        self,
        request: Request,
        token: str,
        layanan: str,
        nilai: dict[str, Any] | None = None,
        galat: str | None = None,
        status: int = 200,
        headers: dict[str, str] | None = None,
        salah: str | None = None,
    ) -> Response:
        from naskah.ult.survei import NAMA_PROFIL, PROFIL, SARAN_MAKS, UNSUR

        return self._halaman(
            request,
            "ult_survei.html",
            "survei",
            status,
            headers,
            token_survei=token,
            layanan=layanan,
            unsur=UNSUR,
            profil=[(k, NAMA_PROFIL.get(k, k), v) for k, v in PROFIL.items()],
            saran_maks=SARAN_MAKS,
            nilai=nilai or {},
            galat=galat,
            salah=salah,
        )

    def _survei_selesai(self, sudah: bool) -> Response:
        return self.l._html("ult_survei_selesai.html", sudah=sudah)

    def _survei_tak_dikenal(self) -> Response:
        return self.l._galat(
            404,
            "Tautan survei tidak dikenal",
            "Tautan survei ini tidak dikenal; periksa alamatnya atau minta tautan baru kepada "
            "petugas layanan.",
        )

    async def formulir_survei(self, request: Request) -> Response:
        from naskah.errors import SurveiError, SurveiTerpakai

        request.scope["rute_naskah"] = "/survei/{token}"
        token = request.path_params["token"]
        tunggu = self.laju_lacak.izinkan(self._klien(request))  # links are not to be guessed
        if tunggu > 0:
            return Response(
                self.l.halaman_429(tunggu),
                429,
                media_type="text/html; charset=utf-8",
                headers={"retry-after": str(int(tunggu) + 1), "cache-control": "no-store"},
            )
        try:
            u = await self._di_meja(self._buka_survei, token)
        except SurveiTerpakai:
            return self._survei_selesai(sudah=True)
        except SurveiError:
            return self._survei_tak_dikenal()
        except NaskahError:
            return self.l._galat(503, "Data tidak dapat dibaca", "Coba lagi beberapa saat lagi.")
        return self._form_survei(request, token, u.layanan)

    def _buka_survei(self, token: str) -> Any:
        from naskah.ult.survei import buka

        return buka(self.meja, token)

    def _jawab_survei(self, token: str, jawaban: Any) -> None:
        from naskah.ult.survei import jawab

        jawab(self.meja, token, jawaban)

    async def kirim_survei(self, request: Request) -> Response:
        from naskah.errors import SurveiError, SurveiTerpakai
        from naskah.ult.survei import KODE_UNSUR, PROFIL, JawabanSurvei

        request.scope["rute_naskah"] = "/survei/{token}"
        token = request.path_params["token"]
        badan = await self.l._baca_badan(request, _BATAS_PENGADUAN)
        if isinstance(badan, Response):
            return badan
        f = urai_isian(badan, 24) or Formulir()
        nilai: dict[str, Any] = {k: f.nilai(k, 1) for k in KODE_UNSUR}
        nilai.update({k: f.nilai(k, 100) for k in PROFIL})
        nilai["saran"] = f.nilai("saran", 4000)
        try:
            u = await self._di_meja(self._buka_survei, token)
        except SurveiTerpakai:
            return self._survei_selesai(sudah=True)
        except SurveiError:
            return self._survei_tak_dikenal()
        except NaskahError:
            return self.l._galat(503, "Data tidak dapat dibaca", "Coba lagi beberapa saat lagi.")
        try:
            self._periksa_kiriman(request, f, "survei", self.laju_kirim)
            kurang = [k for k in KODE_UNSUR if nilai[k] not in ("1", "2", "3", "4")]
            if kurang:
                from naskah.ult.survei import UNSUR

                nama = next(x.nama for x in UNSUR if x.kode == kurang[0])
                raise FormulirDitolak(
                    f"Pilih satu jawaban untuk setiap pertanyaan; pertanyaan {kurang[0][1:]} "
                    f"({nama}) belum dijawab.",
                    isian=kurang[0],
                )
            for k, pilihan in PROFIL.items():
                if nilai[k] and nilai[k] not in pilihan:
                    raise FormulirDitolak(
                        "Pilih data responden dari daftar yang tersedia.", isian=k
                    )
            jawaban = JawabanSurvei(
                nilai={k: int(nilai[k]) for k in KODE_UNSUR},
                saran=nilai["saran"] or None,
                profil={k: nilai[k] for k in PROFIL if nilai[k]},
            )
            await self._di_meja(self._jawab_survei, token, jawaban)
        except FormulirDitolak as t:
            return self._form_survei(
                request, token, u.layanan, nilai, t.pesan, t.status, t.headers, t.isian
            )
        except SurveiTerpakai:
            return self._survei_selesai(sudah=True)
        except UltError as exc:
            return self._form_survei(request, token, u.layanan, nilai, exc.pesan, 422)
        except NaskahError:
            return self.l._galat(
                503, "Jawaban belum tercatat", "Basis data kantor sedang tidak dapat ditulis; "
                "coba lagi beberapa saat lagi."
            )  # fmt: skip
        return self._survei_selesai(sudah=False)
