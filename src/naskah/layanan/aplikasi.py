"""The verification service's pages: home, the QR page, the upload check, certificate look-up.

:func:`buat_aplikasi` returns the ASGI application for one office. Every page is rendered
from the Jinja2 templates beside this module (autoescaped) and every asset is served from
memory out of a fixed table: no path from a request ever reaches the filesystem. The archive
is read through a read-only register (:func:`naskah.register.buka_register` with
``baca_saja``); uploads are checked by :class:`~naskah.layanan.pemeriksa.Pemeriksa`.
"""

from __future__ import annotations

import contextlib
import re
import time
import unicodedata
import urllib.parse
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from importlib import resources
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from naskah.arsip import Arsip, EntriArsip
from naskah.config import Konfigurasi
from naskah.errors import NaskahError
from naskah.layanan.pelindung import Pelindung
from naskah.layanan.pemeriksa import HasilPeriksa, Pemeriksa, Sibuk, WaktuHabis
from naskah.models.common import format_tanggal
from naskah.register import buka_register

POLA_BAKU = "/verifikasi/{id}"
_FOLDER = resources.files("naskah.layanan")
_ASET: dict[str, tuple[str, str]] = {
    "gaya.css": ("aset/gaya.css", "text/css; charset=utf-8"),
    "ikon.svg": ("aset/ikon.svg", "image/svg+xml"),
}
_BATAS_FORMULIR = 4096
"""Largest certificate look-up form (bytes)."""
_CADANGAN_MULTIPART = 64 * 1024
"""What multipart framing may add to the file's size."""
_TEMBOLOK_MAKS = 10_000
"""Looked-up ids kept at once (the least recently used go first)."""


def jalur_verifikasi(konfigurasi: Konfigurasi) -> str:
    """Return the URL path of the QR page (``/verifikasi/{id}``) from ``[tte] url_verifikasi``."""
    url = konfigurasi.tte.url_verifikasi
    if not url:
        return POLA_BAKU
    jalur = urllib.parse.urlsplit(url.replace("{id}", "ID-NASKAH")).path
    if jalur.count("ID-NASKAH") != 1 or not jalur.endswith("/ID-NASKAH"):
        return POLA_BAKU
    return jalur.replace("ID-NASKAH", "{id}")


def _jenis_tampil(jenis: str) -> str:
    return jenis.replace("_", " ").title()


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


class Layanan:
    """The verification service of one office: the archive read-only, pages and checks."""

    def __init__(
        self,
        konfigurasi: Konfigurasi,
        *,
        siap: Callable[[], None] | None = None,
    ) -> None:
        self.konfigurasi = konfigurasi
        self.opsi = konfigurasi.layanan
        self.arsip = Arsip(konfigurasi, register=buka_register(konfigurasi, baca_saja=True))
        self.pemeriksa = Pemeriksa(konfigurasi)
        self.jalur = jalur_verifikasi(konfigurasi)
        self._awalan = self.jalur.removesuffix("{id}")
        self._tembolok: OrderedDict[str, tuple[float, int, bytes]] = OrderedDict()
        self.batas_unggah = int(self.opsi.ukuran_unggah_mb * 1024 * 1024)
        self._siap = siap
        self._env = Environment(
            loader=FileSystemLoader(str(_FOLDER / "templat")),
            autoescape=select_autoescape(default=True, default_for_string=True),
            auto_reload=False,
        )
        i = konfigurasi.instansi
        self._global = {
            "instansi": i.unit if i else "Arsip naskah dinas",
            "kementerian": i.kementerian if i else "",
            "batas_mb": f"{self.opsi.ukuran_unggah_mb:g}",
        }
        self._aset = {
            nama: ((_FOLDER / rel).read_bytes(), jenis) for nama, (rel, jenis) in _ASET.items()
        }

    # -- plumbing --------------------------------------------------------------------------

    def _html(self, templat: str, status: int = 200, **konteks: Any) -> HTMLResponse:
        isi = self._env.get_template(templat).render(**self._global, **konteks)
        return HTMLResponse(isi, status_code=status, headers={"cache-control": "no-store"})

    def _galat(self, status: int, judul: str, pesan: str, kelas: str = "tidak-sah") -> Response:
        return self._html("galat.html", status, judul=judul, pesan=pesan, kelas=kelas)

    def halaman_429(self, tunggu: float) -> bytes:
        """Return the rate-limit page's bytes."""
        return (
            self._env.get_template("galat.html")
            .render(
                **self._global,
                judul="Terlalu banyak permintaan",
                pesan=f"Terlalu banyak permintaan dari alamat Anda; coba lagi dalam "
                f"{int(tunggu) + 1} detik.",
                kelas="peringatan",
            )
            .encode()
        )

    @contextlib.asynccontextmanager
    async def _umur(self, app: Starlette) -> AsyncIterator[None]:
        self.pemeriksa.mulai()
        if self._siap is not None:
            self._siap()
        try:
            yield
        finally:
            self.pemeriksa.tutup()
            self.arsip.tutup()

    def aplikasi(self) -> Pelindung:
        """Return the ASGI application (wrapped in the hardening layer)."""
        rute = [
            Route("/", self.beranda, methods=["GET", "HEAD"]),
            Route(self.jalur, self.verifikasi, methods=["GET", "HEAD"]),
            Route("/periksa", self.periksa, methods=["POST"]),
            Route("/sertifikat", self.sertifikat, methods=["POST"]),
            Route("/aset/{nama}", self.aset, methods=["GET", "HEAD"]),
        ]
        app = Starlette(
            routes=rute,
            lifespan=self._umur,
            exception_handlers={HTTPException: self._http_galat, Exception: self._galat_server},
        )
        return Pelindung(
            app,
            per_menit=self.opsi.batas_permintaan,
            proxy_tepercaya=frozenset(self.opsi.proxy_tepercaya),
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
            return self._galat(405, "Cara akses tidak didukung", "Buka halaman ini dari tautan.")
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
            "jenis_tampil": _jenis_tampil(e.jenis),
            "nomor": e.nomor,
            "tentang": e.tentang,
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
        if e.status == "batal":
            tgl = f" pada {format_tanggal(e.dibatalkan)}" if e.dibatalkan else ""
            d.update(
                kelas="tidak-sah",
                putusan="DIBATALKAN",
                keterangan=f"Naskah ini tercatat di arsip kantor, tetapi nomornya dibatalkan di "
                f"register{tgl}. Naskah ini tidak berlaku.",
            )
        elif e.status == "diganti":
            d.update(
                kelas="peringatan",
                putusan="SUDAH DIGANTI",
                keterangan="Naskah ini tercatat di arsip kantor, tetapi sudah diganti dengan "
                "versi yang lebih baru.",
                tautan_baru=self.jalur.replace("{id}", e.diganti_oleh) if e.diganti_oleh else None,
            )
        elif not e.ditandatangani:
            d.update(
                kelas="peringatan",
                putusan="TERCATAT, BELUM BERTANDA TANGAN ELEKTRONIK",
                keterangan="Naskah ini tercatat di arsip kantor, tetapi salinan bertanda tangan "
                "elektroniknya belum diarsipkan.",
            )
        else:
            d.update(
                kelas="sah",
                putusan="ASLI DAN BERLAKU",
                keterangan="Naskah ini tercatat di arsip kantor, ditandatangani secara "
                "elektronik, dan merupakan versi terkini.",
            )
        return d

    def cari(self, id_verifikasi: str) -> EntriArsip | None:
        """Return the archived entry of a verification id (read from the archive)."""
        return self.arsip.cari_verifikasi(id_verifikasi)

    def _halaman_qr(self, id_verifikasi: str) -> tuple[int, bytes]:
        """Return the QR page's status and bytes, rendered afresh."""
        try:
            e = self.cari(id_verifikasi)
        except NaskahError:
            r = self._galat(503, "Arsip tidak dapat dibaca", "Coba lagi beberapa saat lagi.")
            return r.status_code, bytes(r.body)
        if e is None:
            r = self._tidak_ada()
        else:
            r = self._html("verifikasi.html", e=self.tampil_entri(e))
        return r.status_code, bytes(r.body)

    async def verifikasi(self, request: Request) -> Response:
        """Answer the QR page, reusing a rendered page for ``[layanan] tembolok_detik``."""
        request.scope["rute_naskah"] = self.jalur
        ident = request.path_params["id"]
        umur = self.opsi.tembolok_detik
        kini = time.monotonic()
        ada = self._tembolok.get(ident) if umur > 0 else None
        if ada is not None and ada[0] > kini:
            self._tembolok.move_to_end(ident)
            status, isi = ada[1], ada[2]
        else:
            status, isi = self._halaman_qr(ident)
            if umur > 0 and status != 503:
                self._tembolok[ident] = (kini + umur, status, isi)
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

    async def _baca_badan(self, request: Request, batas: int) -> bytes | None:
        """Return the request body, or None as soon as it is longer than ``batas``."""
        panjang = request.headers.get("content-length")
        if panjang is not None and (not panjang.isdigit() or int(panjang) > batas):
            return None
        badan = bytearray()
        async for potong in request.stream():
            badan += potong
            if len(badan) > batas:
                return None
        return bytes(badan)

    def _terlalu_besar(self) -> Response:
        return self._galat(
            413,
            "Berkas terlalu besar",
            f"Berkas yang diunggah lebih besar dari {self._global['batas_mb']} MB; unggah berkas "
            "PDF naskah aslinya.",
        )

    async def periksa(self, request: Request) -> Response:
        request.scope["rute_naskah"] = "/periksa"
        jenis = request.headers.get("content-type", "")
        if not jenis.startswith("multipart/form-data"):
            return self._galat(415, "Bukan unggahan berkas", "Unggah berkas PDF lewat formulir.")
        badan = await self._baca_badan(request, self.batas_unggah + _CADANGAN_MULTIPART)
        if badan is None:
            return self._terlalu_besar()
        data = ambil_berkas(jenis, badan, "berkas")
        if data is None or not data:
            return self._galat(400, "Tidak ada berkas", "Pilih berkas PDF lalu tekan Periksa.")
        if len(data) > self.batas_unggah:
            return self._terlalu_besar()
        if b"%PDF-" not in data[:1024]:
            return self._galat(
                415, "Bukan berkas PDF", "Berkas yang diunggah bukan PDF; unggah berkas PDF naskah."
            )
        try:
            h = await self.pemeriksa.periksa(data)
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
        return self._html("hasil.html", h=self.tampil_hasil(h))

    def tampil_hasil(self, h: HasilPeriksa) -> dict[str, Any]:
        """Return the verdict page's values for one upload check."""
        a = h.arsip
        entri = a.entri if a is not None and a.diarsipkan else None
        d: dict[str, Any] = {
            "sha256": a.sha256 if a is not None else "-",
            "arsip": a.uraian() if a is not None else "Arsip kantor belum ada.",
            "galat": h.galat,
            "perubahan": h.perubahan,
            "peringatan": h.peringatan,
            "tanda_tangan": [
                {
                    **t,
                    "waktu": (
                        f"{format_tanggal(t['waktu'].date())} {t['waktu']:%H.%M} "
                        f"{t['waktu'].tzname() or ''}".rstrip()
                        if t["waktu"] is not None
                        else "-"
                    ),
                }
                for t in h.tanda_tangan
            ],
            "entri": self.tampil_entri(entri) if entri is not None else None,
            "tautan": self.jalur.replace("{id}", entri.id_verifikasi) if entri else None,
        }
        if not h.sah_ttd:
            d.update(
                kelas="tidak-sah",
                putusan="TIDAK SAH",
                keterangan=h.galat
                or "Tanda tangan elektronik pada berkas ini tidak sah: berkas diubah sesudah "
                "ditandatangani, atau sertifikat penandatangannya tidak tepercaya.",
            )
        elif entri is None:
            d.update(
                kelas="tidak-sah",
                putusan="TIDAK DIKENAL",
                keterangan="Tanda tangan elektroniknya utuh, tetapi berkas ini tidak ada dalam "
                "arsip kantor ini.",
            )
        elif entri.status == "batal" or not a.terdaftar:
            d.update(
                kelas="tidak-sah",
                putusan="DIBATALKAN",
                keterangan="Berkas ini ada di arsip kantor, tetapi nomornya dibatalkan di "
                "register.",
            )
        elif not a.terkini:
            d.update(
                kelas="peringatan",
                putusan="SUDAH DIGANTI",
                keterangan="Berkas ini ada di arsip kantor, tetapi sudah diganti dengan versi "
                "yang lebih baru.",
            )
        else:
            d.update(
                kelas="sah",
                putusan="ASLI",
                keterangan="Tanda tangan elektroniknya sah dan berkas ini sama persis dengan "
                "arsip kantor; nomornya terdaftar dan ini versi terkini.",
            )
        return d

    async def sertifikat(self, request: Request) -> Response:
        request.scope["rute_naskah"] = "/sertifikat"
        badan = await self._baca_badan(request, _BATAS_FORMULIR)
        if badan is None:
            return self._galat(413, "Isian terlalu panjang", "Periksa nomor dan nama Anda.")
        isian = urllib.parse.parse_qs(badan.decode("utf-8", "replace"), max_num_fields=4)
        nomor = (isian.get("nomor") or [""])[0].strip()[:120]
        nama = (isian.get("nama") or [""])[0].strip()[:200]
        tidak_ada = self._galat(
            404,
            "Sertifikat tidak ditemukan",
            "Tidak ada sertifikat dengan nomor dan nama itu dalam arsip kantor ini. Periksa "
            "kembali nomor dan nama Anda persis seperti tercetak pada sertifikat.",
        )
        if not nomor or not nama:
            return tidak_ada
        try:
            versi = [e for e in self.arsip.riwayat(nomor) if e.jenis == "sertifikat"]
        except NaskahError:
            return self._galat(503, "Arsip tidak dapat dibaca", "Coba lagi beberapa saat lagi.")
        for e in reversed(versi):
            if e.peserta and nama_cocok(nama, e.peserta[0]):
                return RedirectResponse(self.jalur.replace("{id}", e.id_verifikasi), 303)
        return tidak_ada


def ambil_berkas(jenis: str, badan: bytes, nama_field: str) -> bytes | None:
    """Return the bytes of file field ``nama_field`` of a multipart body, in memory."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    _, param = parse_options_header(jenis)
    batas = param.get(b"boundary")
    if not batas:
        return None
    bagian: list[tuple[dict[bytes, bytes], bytearray]] = []
    kepala: dict[bytes, bytes] = {}
    nama_h = bytearray()
    nilai_h = bytearray()

    def mulai() -> None:
        kepala.clear()
        bagian.append(({}, bytearray()))

    def field(d: bytes, a: int, b: int) -> None:
        nama_h.extend(d[a:b])

    def nilai(d: bytes, a: int, b: int) -> None:
        nilai_h.extend(d[a:b])

    def akhir_kepala() -> None:
        bagian[-1][0][bytes(nama_h).lower()] = bytes(nilai_h)
        nama_h.clear()
        nilai_h.clear()

    def isi(d: bytes, a: int, b: int) -> None:
        bagian[-1][1].extend(d[a:b])

    p = MultipartParser(
        batas,
        {
            "on_part_begin": mulai,
            "on_header_field": field,
            "on_header_value": nilai,
            "on_header_end": akhir_kepala,
            "on_part_data": isi,
        },
    )
    try:
        p.write(badan)
        p.finalize()
    except Exception:  # a malformed body is just "no file"
        return None
    for h, data in bagian:
        _, cd = parse_options_header(h.get(b"content-disposition", b""))
        if cd.get(b"name") == nama_field.encode():
            return bytes(data)
    return None


def buat_aplikasi(konfigurasi: Konfigurasi, *, siap: Callable[[], None] | None = None) -> Pelindung:
    """Return the ASGI application of the verification service of ``konfigurasi``."""
    return Layanan(konfigurasi, siap=siap).aplikasi()
