"""Checking uploaded PDFs in worker processes, each check under a time limit.

A check runs ``naskah tte verifikasi``'s verification (:func:`naskah.tte.verify.verifikasi`,
offline unless ``[layanan] ambil_daring``) and the archive check on a read-only register, in a
pool of worker processes: the web server's event loop never runs pyHanko, and a check that
overruns ``[layanan] batas_waktu_periksa`` is stopped by terminating the pool (then a new one is
started). The uploaded bytes are written to a private temporary folder (mode 0700) of the
worker, read there and removed at once; nothing is kept. Each worker limits its own address
space, so a crafted PDF cannot exhaust the machine's memory.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import resource
import tempfile
from dataclasses import dataclass
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any

from naskah.config import Konfigurasi
from naskah.errors import TTEError

BATAS_MEMORI = 1536 * 1024 * 1024
"""Address space of one worker process (bytes)."""

_pekerja: dict[str, Any] = {}


@dataclass(frozen=True)
class HasilPeriksa:
    """What one upload check found, as plain values the page shows."""

    sah_ttd: bool
    """The signature report is SAH (read, signed, every signature valid)."""
    galat: str | None
    tanda_tangan: tuple[dict[str, Any], ...]
    perubahan: tuple[str, ...]
    peringatan: tuple[str, ...]
    arsip: Any
    """The archive's :class:`~naskah.arsip.HasilPeriksaArsip` (None: no archive)."""


def _mulai_pekerja(konfigurasi: Konfigurasi) -> None:
    """Set up one worker: memory limit, trust roots, a read-only archive."""
    from naskah.arsip import Arsip
    from naskah.peringatan import salurkan_peringatan
    from naskah.register import buka_register
    from naskah.tte import muat_akar

    salurkan_peringatan()  # a spawned worker starts with Python's default filters
    lunak, keras = resource.getrlimit(resource.RLIMIT_AS)
    batas = BATAS_MEMORI if keras == resource.RLIM_INFINITY else min(BATAS_MEMORI, keras)
    resource.setrlimit(resource.RLIMIT_AS, (batas, keras))
    _pekerja["k"] = konfigurasi
    _pekerja["akar"] = muat_akar([konfigurasi.path(p) for p in konfigurasi.tte.akar_tepercaya])
    _pekerja["arsip"] = Arsip(konfigurasi, register=buka_register(konfigurasi, baca_saja=True))


def _periksa(data: bytes) -> HasilPeriksa:
    """Verify one uploaded PDF's bytes in this worker and return what the page shows."""
    from naskah.arsip import HasilPeriksaArsip
    from naskah.errors import NaskahError
    from naskah.tte.verify import verifikasi

    k: Konfigurasi = _pekerja["k"]
    arsip = _pekerja["arsip"]

    def periksa_arsip(isi: bytes) -> HasilPeriksaArsip:
        import hashlib

        try:
            return arsip.periksa_berkas(isi)
        except NaskahError as exc:
            return HasilPeriksaArsip(
                diarsipkan=False, sha256=hashlib.sha256(isi).hexdigest(), galat=exc.pesan
            )

    with tempfile.TemporaryDirectory(prefix="naskah-periksa-") as folder:
        path = Path(folder) / "unggahan.pdf"
        path.write_bytes(data)
        lap = verifikasi(
            path, _pekerja["akar"], ambil_daring=k.layanan.ambil_daring, periksa_arsip=periksa_arsip
        )
    zona = k.zona
    ttd = []
    for t in lap.tanda_tangan:
        w = t.waktu.astimezone(zona) if t.waktu is not None else None
        ttd.append(
            {
                "jenis": "Cap waktu dokumen" if t.jenis == "cap_waktu_dokumen" else "Tanda tangan",
                "sah": t.sah,
                "penandatangan": t.penandatangan or "-",
                "waktu": w,
                "utuh": t.utuh,
                "tepercaya": t.tepercaya,
                "masalah": list(t.masalah),
            }
        )
    return HasilPeriksa(
        sah_ttd=lap.sah,
        galat=lap.galat,
        tanda_tangan=tuple(ttd),
        perubahan=tuple(p.uraian for p in lap.perubahan),
        peringatan=tuple(lap.peringatan),
        arsip=lap.arsip,
    )


class WaktuHabis(TTEError):
    """A check overran its time limit (it was stopped)."""

    def __init__(self) -> None:
        super().__init__("Pemeriksaan berkas melewati batas waktu dan dihentikan; coba lagi nanti.")


class Sibuk(TTEError):
    """Too many checks are waiting already."""

    def __init__(self) -> None:
        super().__init__("Terlalu banyak pemeriksaan sedang berjalan; coba lagi sebentar lagi.")


class Pemeriksa:
    """A pool of worker processes checking uploaded PDFs, one time limit per check."""

    def __init__(self, konfigurasi: Konfigurasi) -> None:
        self.konfigurasi = konfigurasi
        self.batas_waktu = konfigurasi.layanan.batas_waktu_periksa
        self.jumlah = konfigurasi.layanan.pemeriksa
        self._ctx = multiprocessing.get_context("spawn")
        self._pool: Pool | None = None
        self._antre = asyncio.Semaphore(self.jumlah * 4)
        self._menunggu = 0

    def mulai(self) -> None:
        """Start the worker processes."""
        if self._pool is None:
            self._pool = self._ctx.Pool(
                self.jumlah, initializer=_mulai_pekerja, initargs=(self.konfigurasi,)
            )

    def tutup(self) -> None:
        """Stop the worker processes at once."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    async def periksa(self, data: bytes) -> HasilPeriksa:
        """Return the check of one PDF; raise WaktuHabis past the limit, Sibuk when full."""
        if self._menunggu >= self.jumlah * 4:
            raise Sibuk
        self._menunggu += 1
        try:
            async with self._antre:
                return await self._jalankan(data)
        finally:
            self._menunggu -= 1

    async def _jalankan(self, data: bytes) -> HasilPeriksa:
        self.mulai()
        assert self._pool is not None
        loop = asyncio.get_running_loop()
        hasil: asyncio.Future[HasilPeriksa] = loop.create_future()

        def taruh(r: HasilPeriksa | None, exc: BaseException | None) -> None:
            if hasil.done():  # the time limit already answered
                return
            if exc is not None:
                hasil.set_exception(exc)
            else:
                hasil.set_result(r)  # type: ignore[arg-type]

        def selesai(r: HasilPeriksa) -> None:
            loop.call_soon_threadsafe(taruh, r, None)

        def gagal(exc: BaseException) -> None:
            loop.call_soon_threadsafe(taruh, None, exc)

        pool = self._pool
        pool.apply_async(_periksa, (data,), callback=selesai, error_callback=gagal)
        try:
            return await asyncio.wait_for(hasil, self.batas_waktu)
        except TimeoutError:
            # stop the overrunning check (and the pool with it), start a fresh pool
            if self._pool is pool:
                self._pool = None
            await asyncio.to_thread(_hentikan, pool)
            raise WaktuHabis from None


def _hentikan(pool: Pool) -> None:
    pool.terminate()
    pool.join()
