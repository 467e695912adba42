"""Checking uploaded PDFs in worker processes, each check under its own time limit.

A check runs ``naskah tte verifikasi``'s verification (:func:`naskah.tte.verify.verifikasi`,
offline unless ``[layanan] ambil_daring``) and the archive check on a read-only register, in
worker processes: the web server's event loop never runs pyHanko. Every worker process has one
supervising thread in the server that hands it one check at a time; the time limit
(``[layanan] batas_waktu_periksa``) counts from the moment the worker says it started the
check, and a check that overruns it is stopped by killing that worker alone (the other
workers' checks go on). A replacement is started at once, before the next check is taken, so
the pool stays warm.

Workers run at a lower CPU priority than the server (``nice``), limit their own address space,
refuse files with more than :data:`MAKS_TANDA_TANGAN` signatures or more than
:data:`MAKS_DIHASH` bytes to hash, and print nothing to stderr (no signer name, no traceback)
unless the service runs with ``--verbose``. The uploaded bytes are written to a private
temporary folder (mode 0700) of the worker, read there and removed at once; nothing is kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import multiprocessing
import os
import queue
import resource
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from naskah.config import Konfigurasi
from naskah.errors import TTEError

BATAS_MEMORI = 1536 * 1024 * 1024
"""Address space of one worker process (bytes)."""
MAKS_TANDA_TANGAN = 16
"""Signatures (and document timestamps) one uploaded file may hold."""
MAKS_DIHASH = 64 * 1024 * 1024
"""Bytes all signatures of one file may cover together (each byte range is hashed)."""
NICE_PEKERJA = 10
"""How much lower the workers' CPU priority is than the server's."""
BATAS_SIAP = 120.0
"""Seconds a new worker may take to start (imports, trust roots, archive)."""
NAMA_SEMENTARA = "berkas-unggahan.pdf"
"""The uploaded file's name inside the worker's private folder (never shown)."""

log = logging.getLogger("naskah.layanan")
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
    """The archive's :class:`~naskah.arsip.HasilPeriksaArsip` (always asked)."""
    nama: str = ""
    """The file's name as the visitor's browser sent it."""
    belum_pasti: bool = False
    """Every signature holds except that a certificate's revocation could not be checked."""


class WaktuHabis(TTEError):
    """A check overran its time limit (its worker was stopped)."""

    def __init__(self) -> None:
        super().__init__("Pemeriksaan berkas melewati batas waktu dan dihentikan; coba lagi nanti.")


class Sibuk(TTEError):
    """Too many checks are waiting already."""

    def __init__(self) -> None:
        super().__init__("Terlalu banyak pemeriksaan sedang berjalan; coba lagi sebentar lagi.")


class GagalPeriksa(TTEError):
    """The worker could not check the file (it failed or ran out of memory)."""

    def __init__(self) -> None:
        super().__init__("Berkas ini tidak dapat diperiksa; pastikan berkasnya PDF naskah asli.")


# -- inside a worker process -------------------------------------------------------------------


def _senyapkan(rinci: bool) -> None:
    """Send this worker's log records and warnings nowhere, or to stderr with ``rinci``."""
    import sys

    from naskah.peringatan import salurkan_peringatan

    salurkan_peringatan(rinci)
    akar = logging.getLogger()
    for h in list(akar.handlers):
        akar.removeHandler(h)
    if rinci:
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter("%(asctime)s pemeriksa %(name)s %(message)s"))
        akar.addHandler(h)
        akar.setLevel(logging.WARNING)
    else:
        # pyHanko logs validation problems with signer names; Python's last-resort handler
        # would print them to stderr: a handler that drops everything stops that
        akar.addHandler(logging.NullHandler())
        akar.setLevel(logging.CRITICAL + 1)


def _mulai_pekerja(konfigurasi: Konfigurasi, rinci: bool) -> None:
    """Set up one worker: priority, memory limit, logging, trust roots, a read-only archive."""
    os.nice(NICE_PEKERJA)
    _senyapkan(rinci)  # before pyHanko is imported (it warns on import)

    from naskah.arsip import Arsip
    from naskah.register import buka_register
    from naskah.tte import muat_akar
    from naskah.tte import verify as _verify  # noqa: F401 - imported now, not on the first check

    _, keras = resource.getrlimit(resource.RLIMIT_AS)
    batas = BATAS_MEMORI if keras == resource.RLIM_INFINITY else min(BATAS_MEMORI, keras)
    resource.setrlimit(resource.RLIMIT_AS, (batas, keras))
    _pekerja["k"] = konfigurasi
    _pekerja["akar"] = muat_akar([konfigurasi.path(p) for p in konfigurasi.tte.akar_tepercaya])
    _pekerja["arsip"] = Arsip(konfigurasi, register=buka_register(konfigurasi, baca_saja=True))


def _melebihi_batas(data: bytes) -> str | None:
    """Return why this PDF is not checked (too many signatures or bytes to hash), or None."""
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=True)
        if reader.encrypted:
            return None
        dihash = 0
        # counted from the form fields, before any signature's CMS is parsed
        isian = enumerate_sig_fields(reader, filled_status=True)
        for jumlah, (_nama, nilai, _ref) in enumerate(isian, 1):
            if jumlah > MAKS_TANDA_TANGAN:
                return (
                    f"Berkas ini memuat lebih dari {MAKS_TANDA_TANGAN} tanda tangan elektronik "
                    "sehingga tidak diperiksa; unggah berkas PDF naskah aslinya."
                )
            nilai = nilai.get_object() if hasattr(nilai, "get_object") else nilai
            br = [int(v) for v in nilai.get("/ByteRange", ())]
            dihash += sum(max(0, n) for n in br[1::2])
            if dihash > MAKS_DIHASH:
                return (
                    "Tanda tangan pada berkas ini mencakup terlalu banyak data sehingga tidak "
                    "diperiksa; unggah berkas PDF naskah aslinya."
                )
    except Exception:  # unreadable here: verifikasi() says why, in its words
        return None
    return None


def _periksa_arsip(data: bytes) -> Any:
    from naskah.arsip import HasilPeriksaArsip
    from naskah.errors import NaskahError

    try:
        return _pekerja["arsip"].periksa_berkas(data)
    except NaskahError as exc:
        return HasilPeriksaArsip(
            diarsipkan=False, sha256=hashlib.sha256(data).hexdigest(), galat=exc.pesan
        )


def _periksa(data: bytes, nama: str) -> HasilPeriksa:
    """Verify one uploaded PDF's bytes in this worker and return what the page shows."""
    from naskah.tte.verify import verifikasi

    k: Konfigurasi = _pekerja["k"]
    arsip = _periksa_arsip(data)
    alasan = _melebihi_batas(data)
    if alasan is not None:
        return HasilPeriksa(False, alasan, (), (), (), arsip, nama)
    with tempfile.TemporaryDirectory(prefix="naskah-periksa-") as folder:
        path = Path(folder) / NAMA_SEMENTARA
        path.write_bytes(data)
        lap = verifikasi(
            path,
            _pekerja["akar"],
            ambil_daring=k.layanan.ambil_daring,
            periksa_arsip=lambda _isi: arsip,
        )

    def milik_pengguna(teks: str) -> str:
        # the report names the file it read: the visitor's own name, never the temporary one
        return teks.replace(str(path), nama).replace(NAMA_SEMENTARA, nama)

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
                "masalah": [milik_pengguna(m) for m in t.masalah],
            }
        )
    return HasilPeriksa(
        sah_ttd=lap.sah,
        belum_pasti=lap.status == "belum_pasti",
        galat=milik_pengguna(lap.galat) if lap.galat else None,
        tanda_tangan=tuple(ttd),
        perubahan=tuple(milik_pengguna(p.uraian) for p in lap.perubahan),
        peringatan=tuple(milik_pengguna(p) for p in lap.peringatan),
        arsip=arsip,
        nama=nama,
    )


def _pekerja_utama(conn: Connection, konfigurasi: Konfigurasi, rinci: bool) -> None:
    """A worker process: set up, say ``siap``, then check one file per message until EOF.

    Each check is announced with ``mulai`` before it starts (its time limit counts from
    there) and answered with ``hasil`` or ``galat`` (the exception's type name only).
    """
    try:
        _mulai_pekerja(konfigurasi, rinci)
    except Exception as exc:  # reported to the server by type, never raised
        with contextlib.suppress(OSError):
            conn.send(("galat", type(exc).__name__))
        return
    conn.send(("siap", None))
    while True:
        try:
            pesan = conn.recv()
        except (EOFError, OSError):
            return
        if pesan is None:
            return
        nama, data = pesan
        conn.send(("mulai", None))
        try:
            conn.send(("hasil", _periksa(data, nama)))
        except Exception as exc:  # one bad file must not stop the worker
            logging.getLogger("naskah.layanan").warning(
                "pemeriksaan gagal: %s", type(exc).__name__, exc_info=rinci
            )
            with contextlib.suppress(OSError):
                conn.send(("galat", type(exc).__name__))


# -- in the server -----------------------------------------------------------------------------


class _Proses:
    """One worker process and the server's end of its pipe."""

    def __init__(self, ctx: Any, konfigurasi: Konfigurasi, rinci: bool) -> None:
        self.conn, anak = ctx.Pipe()
        self.proses = ctx.Process(
            target=_pekerja_utama, args=(anak, konfigurasi, rinci), daemon=True
        )
        self.proses.start()
        anak.close()

    def siap(self) -> bool:
        """Wait until the worker is set up; False when it failed or took too long."""
        try:
            if not self.conn.poll(BATAS_SIAP):
                return False
            jenis, _ = self.conn.recv()
        except (EOFError, OSError):
            return False
        return bool(jenis == "siap")

    def hentikan(self) -> None:
        """Kill the worker at once and reap it."""
        with contextlib.suppress(OSError):
            self.proses.kill()
        self.proses.join(10)
        with contextlib.suppress(OSError):
            self.conn.close()

    def tutup(self) -> None:
        """Ask the worker to end (it is killed if it does not within a few seconds)."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.proses.join(3)
        if self.proses.is_alive():
            self.hentikan()
        with contextlib.suppress(OSError):
            self.conn.close()


@dataclass
class _Tugas:
    data: bytes
    nama: str
    loop: asyncio.AbstractEventLoop
    hasil: asyncio.Future[HasilPeriksa]


def _taruh(
    fut: asyncio.Future[HasilPeriksa], hasil: HasilPeriksa | None, exc: BaseException | None
) -> None:
    if fut.done():  # the visitor went away
        return
    if exc is not None:
        fut.set_exception(exc)
    else:
        assert hasil is not None
        fut.set_result(hasil)


def _kembalikan(tugas: _Tugas, hasil: HasilPeriksa | None, exc: BaseException | None) -> None:
    with contextlib.suppress(RuntimeError):  # the server's loop has ended
        tugas.loop.call_soon_threadsafe(_taruh, tugas.hasil, hasil, exc)


class Pemeriksa:
    """Worker processes checking uploaded PDFs, one supervising thread each."""

    def __init__(self, konfigurasi: Konfigurasi, *, rinci: bool = False) -> None:
        self.konfigurasi = konfigurasi
        self.batas_waktu = konfigurasi.layanan.batas_waktu_periksa
        self.jumlah = konfigurasi.layanan.pemeriksa
        self.rinci = rinci
        self._ctx = multiprocessing.get_context("spawn")
        self._antre: queue.Queue[_Tugas | None] = queue.Queue(maxsize=self.jumlah * 4)
        self._pengawas: list[threading.Thread] = []
        self._proses: list[_Proses | None] = []
        self._berhenti = threading.Event()
        self._siap = threading.Barrier(self.jumlah + 1)

    def mulai(self, *, tunggu: bool = True) -> None:
        """Start the workers; with ``tunggu``, return once each has set up (or failed to)."""
        if self._pengawas:
            return
        self._proses = [None] * self.jumlah
        for i in range(self.jumlah):
            t = threading.Thread(target=self._awasi, args=(i,), name=f"pemeriksa-{i}", daemon=True)
            t.start()
            self._pengawas.append(t)
        if tunggu:
            with contextlib.suppress(threading.BrokenBarrierError):
                self._siap.wait(BATAS_SIAP + 10)

    def tutup(self) -> None:
        """Stop the workers (a check in progress is abandoned)."""
        self._berhenti.set()
        self._siap.abort()
        for _ in self._pengawas:
            with contextlib.suppress(queue.Full):
                self._antre.put_nowait(None)
        for p in list(self._proses):
            if p is not None:
                p.hentikan()
        for t in self._pengawas:
            t.join(15)
        self._pengawas = []

    def pid_pekerja(self) -> list[int]:
        """Return the process ids of the running workers."""
        return [p.proses.pid for p in self._proses if p is not None and p.proses.pid]

    async def periksa(self, data: bytes, nama: str = "berkas.pdf") -> HasilPeriksa:
        """Return the check of one PDF; raise WaktuHabis past the limit, Sibuk when full."""
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[HasilPeriksa] = loop.create_future()
        try:
            self._antre.put_nowait(_Tugas(data, nama, loop, fut))
        except queue.Full:
            raise Sibuk from None
        return await fut

    # -- the supervising threads -------------------------------------------------------------

    def _baru(self, i: int) -> _Proses | None:
        p = _Proses(self._ctx, self.konfigurasi, self.rinci)
        self._proses[i] = p
        if p.siap():
            return p
        log.error("pemeriksa berkas tidak dapat dimulai")
        p.hentikan()
        self._proses[i] = None
        return None

    def _awasi(self, i: int) -> None:
        p: _Proses | None = None
        pertama = True
        while not self._berhenti.is_set():
            if p is None:  # start the replacement before taking the next check: kept warm
                p = self._baru(i)
            if pertama:
                pertama = False
                with contextlib.suppress(threading.BrokenBarrierError):
                    self._siap.wait()
            tugas = self._antre.get()
            if tugas is None or self._berhenti.is_set():
                break
            if tugas.hasil.done():  # the visitor went away while it waited
                continue
            if p is None:
                p = self._baru(i)
            if p is None:
                _kembalikan(tugas, None, GagalPeriksa())
                continue
            hasil, exc, buang = self._jalankan(p, tugas)
            _kembalikan(tugas, hasil, exc)
            if buang:  # only this worker: the others' checks go on
                p.hentikan()
                self._proses[i] = p = None
        if p is not None:
            p.tutup()
            self._proses[i] = None

    def _jalankan(
        self, p: _Proses, tugas: _Tugas
    ) -> tuple[HasilPeriksa | None, BaseException | None, bool]:
        """Run one check in worker ``p``: (result, exception, whether to replace the worker)."""
        try:
            p.conn.send((tugas.nama, tugas.data))
            if not p.conn.poll(BATAS_SIAP):  # an idle worker answers ``mulai`` at once
                return None, GagalPeriksa(), True
            jenis, _ = p.conn.recv()
            if jenis != "mulai":
                return None, GagalPeriksa(), True
            # the time limit counts from here: the worker has started this check
            akhir = time.monotonic() + self.batas_waktu
            if not p.conn.poll(max(0.0, akhir - time.monotonic())):
                log.warning("pemeriksaan melewati batas waktu; pemeriksanya dihentikan")
                return None, WaktuHabis(), True
            jenis, isi = p.conn.recv()
        except (EOFError, OSError):  # the worker died (memory limit, crash)
            return None, GagalPeriksa(), True
        if jenis == "hasil":
            return isi, None, False
        return None, GagalPeriksa(), True
