"""``naskah sertifikat terbitkan``: every participant of an activity gets a signed certificate.

Order: check the activity (lint) and every sheet row (all problems at once) → open the signer's
key and check it is the printed signer → number the participants not yet numbered in this
activity (one register transaction writes the numbers and their ``draf`` rows, each with its
verification id) → in steps of :attr:`PermintaanSertifikat.per_langkah`: render (the fast path
of :func:`naskah.render.sertifikat.render_sertifikat`, in the render process of
:mod:`naskah.terbit.perender`, one step ahead), sign B-B with the QR and the signer visible
(the step's files made durable at once), archive (one catalog transaction per step, each
signer certificate's chain validated once: :class:`naskah.tte.batch.VerifikasiBatch`) and
index, then mark the step's rows ``terbit``. A participant is recognised in the activity by
NIK, NIP or e-mail (else by name), so a killed run, a re-run or a sheet with added rows numbers
only who has no number yet; rows left in ``draf`` whose number is already archived are
re-indexed and marked ``terbit``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import shutil
import tempfile
import time
import unicodedata
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from naskah.arsip import Arsip, NaskahTerbit, OpsiArsip, sinkronkan
from naskah.berkas import alasan_os, bersihkan_sementara_folder, tulis_atomik
from naskah.config import Konfigurasi
from naskah.errors import ArchiveError, InputError, Masalah, NaskahError, RegisterError, TTEError
from naskah.loader import muat_dokumen
from naskah.models import Peserta, Sertifikat, SertifikatKegiatan
from naskah.nomor import NomorNaskah
from naskah.peserta import cocokkan_peserta, kembar_tanpa_pembeda
from naskah.peserta import identitas_peserta as _identitas
from naskah.peserta import kunci_peserta as _kunci_peserta
from naskah.register import pengguna_bawaan
from naskah.terbit import keadaan as kd
from naskah.terbit.bersama import (
    gerbang_periksa,
    id_verifikasi_baru,
    indeks_ulang_entri,
    kunci_berkas,
    titik,
)

Kemajuan = Callable[[int, int], None]
"""``kemajuan(done, total)``: called as certificates are issued (the CLI's progress bar)."""


@dataclass(frozen=True)
class PermintaanSertifikat:
    """What ``naskah sertifikat terbitkan`` was asked to do."""

    kegiatan: Path
    peserta: Path | None = None
    """The participant sheet; the activity's ``berkas_peserta`` when None."""
    lewati_buruk: bool = False
    """Issue the good rows and list the bad ones, instead of issuing nothing."""
    p12: Path | None = None
    """The signer's PKCS#12 (else naskah.toml's ``[tte] p12`` or token)."""
    keluaran: Path | None = None
    """Folder of the signed PDFs; ``sertifikat-<activity file>/`` in the working folder."""
    zip: bool = False
    per_langkah: int = 250
    """Certificates rendered, signed and archived per step (what a crash can cost again); the
    first step is a fifth of it, so signing starts early."""
    oleh: str | None = None


@dataclass(frozen=True)
class HasilSertifikat:
    """The summary of a run."""

    diterbitkan: int
    sudah: int
    """Participants already issued by an earlier run (nothing done for them)."""
    dilewati: tuple[Masalah, ...]
    """Problems of the sheet rows skipped (with ``lewati_buruk``)."""
    detik: float
    keluaran: Path
    zip: Path | None = None
    berkas: tuple[Path, ...] = field(default=())


def nama_aman(nama: str) -> str:
    """Return a file name made from a participant's name (ASCII letters, digits, dashes)."""
    ascii_ = unicodedata.normalize("NFKD", nama).encode("ascii", "ignore").decode()
    aman = re.sub(r"[^0-9A-Za-z]+", "-", ascii_).strip("-")[:80]
    return aman or "peserta"


def _cocokkan_baris(
    ada: Sequence[kd.CatatanTerbit], peserta: Sequence[Peserta], kegiatan: str
) -> list[kd.CatatanTerbit | None]:
    """Return, per participant, the row of an earlier run (the rule of ``sertifikat kirim``)."""
    return cocokkan_peserta(ada, peserta)


def _buka_sesi(
    konfigurasi: Konfigurasi, p: PermintaanSertifikat, minta: Callable[[str], str]
) -> Any:
    """Open the signer's key once and check it is the activity's printed signer."""
    from naskah.tte.perintah import PermintaanTandaTangan, opsi_tanda_tangan, sumber_kunci
    from naskah.tte.signers import buka_penandatangan

    # invisible: the certificate prints its own signature block, QR code and signer; its
    # template has no [[TTE]] stamp box
    permintaan = PermintaanTandaTangan(berkas=(), p12=p.p12, tampak=False, tanpa_catatan=True)
    if konfigurasi.tte.penyedia == "bsre":  # the ESC: status checked, secret asked, now
        from naskah.catatan_ttd import Pihak
        from naskah.tte.bsre.perintah import buka_sesi_bsre

        opsi = opsi_tanda_tangan(konfigurasi, permintaan)
        model = muat_dokumen(Path(p.kegiatan), konfigurasi)
        pihak = Pihak.dari_pejabat(model.penandatangan)  # type: ignore[attr-defined]
        return opsi, buka_sesi_bsre(konfigurasi, opsi, pihak, minta)
    sumber = sumber_kunci(konfigurasi, permintaan)
    if sumber.p12 is None and sumber.pkcs11_pustaka is None:
        raise TTEError(
            "Sertifikat harus ditandatangani, tetapi kunci penandatangan belum ditentukan; "
            "sebutkan --p12 atau isi [tte] p12 di naskah.toml."
        )
    return opsi_tanda_tangan(konfigurasi, permintaan), buka_penandatangan(sumber, minta)


def _periksa_penandatangan(sesi: Any, kegiatan: SertifikatKegiatan) -> None:
    from naskah.catatan_ttd import Pihak, cocokkan

    hasil = cocokkan(sesi.pemegang, Pihak.dari_pejabat(kegiatan.penandatangan))
    if not hasil.cocok:
        raise TTEError(
            f"Sertifikat TTE milik {sesi.nama}, bukan {kegiatan.penandatangan.nama_lengkap} yang "
            "tercetak sebagai penandatangan sertifikat; pakai kunci penandatangan itu."
        )


def terbitkan_sertifikat(
    konfigurasi: Konfigurasi,
    p: PermintaanSertifikat,
    minta_rahasia: Callable[[str], str] | None = None,
    kemajuan: Kemajuan | None = None,
) -> HasilSertifikat:
    """Issue the certificates of an activity, resuming an earlier run (see the module doc)."""
    from naskah.peserta import periksa_peserta
    from naskah.terbit.perender import PerenderLangkah
    from naskah.tte.sign import SesiTandaTangan

    mulai = time.monotonic()
    path = Path(p.kegiatan)
    model = muat_dokumen(path, konfigurasi)
    gerbang_periksa(path, konfigurasi, model)
    if not isinstance(model, SertifikatKegiatan):
        raise InputError(
            f"{path} bukan berkas kegiatan sertifikat (jenis: sertifikat); naskah lain "
            f"diterbitkan dengan `naskah terbitkan {path}`."
        )
    from naskah.render.konteks import PESAN_LOGO_CONTOH, logo_contoh

    if logo_contoh(model, konfigurasi):  # a draft's emblem: nothing numbered, issued or signed
        raise InputError(PESAN_LOGO_CONTOH)
    lembar_path = p.peserta or (
        (path.parent / model.berkas_peserta) if model.berkas_peserta else None
    )
    peserta = list(model.peserta)
    dilewati: tuple[Masalah, ...] = ()
    if lembar_path is not None:
        lembar = periksa_peserta(Path(lembar_path), konfigurasi.sertifikat.kolom)
        if lembar.masalah and not p.lewati_buruk:
            raise InputError(
                f"Lembar peserta {lembar_path} memuat {len(lembar.masalah)} masalah di "
                f"{len(lembar.baris_buruk)} baris, jadi belum ada sertifikat yang diterbitkan; "
                "perbaiki barisnya lalu ulangi (atau terbitkan baris yang baik saja dengan "
                "--lewati-baris-buruk):",
                lembar.masalah,
            )
        dilewati = tuple(lembar.masalah)
        peserta += lembar.peserta
    kembar = kembar_tanpa_pembeda(peserta)
    if kembar:
        ke, lagi = kembar[0]
        raise InputError(
            f"Peserta ke-{ke + 1} dan ke-{lagi + 1} kegiatan {path} sama-sama bernama "
            f"{peserta[ke].nama} tanpa NIK, NIP atau e-mail, sehingga hanya satu sertifikat yang "
            "akan terbit untuk keduanya; isi NIK, NIP atau e-mail salah satunya lalu ulangi."
        )
    if not peserta:
        raise InputError(
            f"Kegiatan {path} belum memiliki peserta; isi `peserta` atau `berkas_peserta`, atau "
            "sebutkan lembar pesertanya."
        )
    inti = model.model_copy(update={"peserta": [], "berkas_peserta": None})
    pola = konfigurasi.ambil_seri(model.seri).pola_nomor
    kegiatan = kunci_berkas(konfigurasi, path, "sertifikat")
    keluaran = Path(p.keluaran or Path.cwd() / f"sertifikat-{path.stem}")
    oleh = p.oleh or pengguna_bawaan()
    perender = PerenderLangkah()  # forked before the key and the register are opened
    kunci: KunciKegiatan | None = None
    try:
        # after the fork, so the render process never holds the activity's lock
        kunci = KunciKegiatan(konfigurasi, kegiatan, path)
        opsi, buka = _buka_sesi(konfigurasi, p, minta_rahasia or (lambda _p: ""))
    except BaseException:
        perender.tutup()
        if kunci is not None:
            kunci.lepas()
        raise
    berkas: list[Path] = []
    with (
        kunci,
        perender,
        buka as penandatangan,
        Arsip(konfigurasi, opsi=OpsiArsip(oleh=oleh), titik=lambda n: titik(f"arsip:{n}")) as arsip,
    ):
        sesi = penandatangan if hasattr(penandatangan, "tandatangani_langkah") else (
            SesiTandaTangan(penandatangan, opsi)
        )  # fmt: skip
        _periksa_penandatangan(sesi, model)
        reg = arsip.register
        with reg.transaksi() as conn:
            baris = _cocokkan_baris(kd.daftar_kegiatan(conn, kegiatan), peserta, kegiatan)
        baru = [i for i, b in enumerate(baris) if b is None]
        if baru:

            def catat(conn: Any, nomor: list[Any]) -> None:
                kd.tambah(conn, [
                    {"kunci": _kunci_peserta(kegiatan, peserta[i]), "jenis": "sertifikat",
                     "nomor_id": n.id, "nomor": n.teks, "id_verifikasi": id_verifikasi_baru(),
                     "kegiatan": kegiatan, "nama": peserta[i].nama[:300],
                     **dict(zip(("nik", "nip", "email"), _identitas(peserta[i]), strict=True))}
                    for i, n in zip(baru, nomor, strict=True)
                ], oleh=oleh, waktu=reg.jam())  # fmt: skip

            reg.ambil_untuk(
                model.seri, len(baru), tanggal=model.tanggal,
                perihal=f"Sertifikat {model.kegiatan.nama}", catat=catat, jenis="sertifikat",
                oleh=oleh,
            )  # fmt: skip
            with reg.transaksi() as conn:
                baris = _cocokkan_baris(kd.daftar_kegiatan(conn, kegiatan), peserta, kegiatan)
        titik("bernomor")
        semua = [(ps, b) for ps, b in zip(peserta, baris, strict=True) if b is not None]
        sudah = sum(1 for _, b in semua if b.keadaan == "terbit")
        tunda = [(ps, b) for ps, b in semua if b.keadaan == "draf"]
        # a crash after the archive committed: those numbers are archived, finish them
        diarsip = arsip.terkini_per_nomor([b.nomor for _, b in tunda])
        if diarsip:
            selesai = [b for _, b in tunda if b.nomor in diarsip]
            indeks_ulang_entri(arsip, [diarsip[b.nomor] for b in selesai])
            with reg.transaksi() as conn:
                kd.ubah_keadaan(conn, selesai, "terbit", oleh=oleh, waktu=reg.jam())
            tunda = [(ps, b) for ps, b in tunda if b.nomor not in diarsip]
            sudah += len(selesai)  # archived by the run that was cut short
        total = len(tunda)
        dibuat = 0
        if kemajuan:
            kemajuan(0, total)
        keluaran.mkdir(parents=True, exist_ok=True)
        # what a killed run of this activity left: its work folder (participants' data) and
        # signed certificates that never reached the archive (they would verify "not archived")
        _bersihkan_sisa(keluaran, kunci.sidik, [b.nomor for _, b in tunda])
        # a killed signer's temporary files, in one listing (not one per signed file)
        bersihkan_sementara_folder(keluaran)
        kerja = Path(tempfile.mkdtemp(prefix=f".naskah-terbit-{kunci.sidik}-", dir=keluaran))
        per = max(1, p.per_langkah)
        # the first step is smaller: nothing is signed before it is rendered, so its render
        # is the one wait that no other step hides
        awal = [0, *range(min(per, max(1, per // 5)), total, per)]
        daftar_langkah = [
            tunda[a:b] for a, b in zip(awal, [*awal[1:], total], strict=True) if b > a
        ]

        def kirim(j: int) -> Future[tuple[list[Path], list[str]]]:
            langkah = daftar_langkah[j]
            return perender.kirim(
                inti, [ps for ps, _ in langkah], nomor_langkah[j],
                [b.id_verifikasi for _, b in langkah], kerja / f"{j:04d}", konfigurasi,
            )  # fmt: skip

        nomor_langkah = [
            [NomorNaskah.parse(b.nomor, pola) for _, b in langkah] for langkah in daftar_langkah
        ]
        # Steps j+1.. render in the render processes while step j is signed and archived here;
        # only this process touches the register, the archive and the signed folder, in order.
        berikut: deque[Future[tuple[list[Path], list[str]]]] = deque()
        belum_diarsip: list[Path] = []  # signed in this step, not archived yet
        pembersih = ThreadPoolExecutor(max_workers=1, thread_name_prefix="naskah-bersih")
        try:
            berikut.extend(kirim(j) for j in range(min(perender.pekerja, len(daftar_langkah))))
            for j, langkah in enumerate(daftar_langkah):
                pdfs, teks = perender.hasil(berikut.popleft())
                nomor = nomor_langkah[j]
                if j + perender.pekerja < len(daftar_langkah):
                    berikut.append(kirim(j + perender.pekerja))
                titik("dirender")
                ttd = []
                # each output counts as signed-but-unarchived from before its signing starts
                belum_diarsip.extend(keluaran / pdf.name for pdf in pdfs)
                if hasattr(sesi, "tandatangani_langkah"):  # BSrE: batched calls, resume-aware
                    from naskah.tte.bsre.sesi import Tugas

                    try:
                        ttd = [h.keluaran for h in sesi.tandatangani_langkah([
                            Tugas(pdf, keluaran / pdf.name, b.id_verifikasi)
                            for pdf, (_, b) in zip(pdfs, langkah, strict=True)
                        ])]  # fmt: skip
                    except NaskahError:
                        # the ESC failed part-way: archive what it already signed (a signed
                        # file is written only after its checks), so that neither a signed
                        # certificate outside the archive is left nor one is sent twice
                        dibuat += _arsipkan_sebagian(
                            arsip, reg, kd, inti, langkah, nomor, pdfs, teks, keluaran,
                            belum_diarsip, oleh,
                        )  # fmt: skip
                        raise
                for pdf, (_, b) in zip(pdfs, langkah, strict=True) if not ttd else ():
                    h = sesi.tandatangani(
                        pdf,
                        keluaran / pdf.name,
                        id_dok=b.id_verifikasi,
                        tahan_lama=False,
                        bersihkan=False,
                    )
                    ttd.append(h.keluaran)
                sinkronkan(keluaran)  # the step's signed files durable at once
                titik("ditandatangani")
                hasil = arsip.simpan_banyak(
                    _naskah_terbit(inti, langkah, nomor, pdfs, ttd, teks, range(len(pdfs)))
                )
                belum_diarsip.clear()
                if hasil.peringatan:
                    raise NaskahError(hasil.peringatan[0])
                titik("diarsipkan")
                with reg.transaksi() as conn:
                    kd.ubah_keadaan(conn, [b for _, b in langkah], "terbit", oleh=oleh,
                                    waktu=reg.jam())  # fmt: skip
                titik("langkah")
                # the unsigned PDFs go in the background: an unlink can wait on the file
                # system's journal (~3 ms a file on a busy disk) and this process has the next
                # step to sign
                pembersih.submit(_hapus, pdfs)
                dibuat += len(langkah)
                berkas.extend(ttd)
                if kemajuan:
                    kemajuan(dibuat, total)
        except (OSError, NaskahError) as exc:
            # say what was archived (a step's own error speaks only of that step) and, on a
            # full disk, say so in Indonesian instead of LibreOffice's or the C library's words
            galat = _galat_langkah(exc, [keluaran, Path(konfigurasi.folder_arsip)], dibuat,
                                   sudah, total)  # fmt: skip
            if galat is exc:
                raise
            raise galat from None
        finally:
            perender.tutup()  # a step being rendered finishes before its folder goes
            pembersih.shutdown(wait=True)
            for f in belum_diarsip:  # never leave a signed certificate the archive lacks
                f.unlink(missing_ok=True)
            shutil.rmtree(kerja, ignore_errors=True)
        zip_path = _buat_zip(keluaran, path.stem, semua) if p.zip else None
    return HasilSertifikat(
        diterbitkan=dibuat, sudah=sudah, dilewati=dilewati, detik=time.monotonic() - mulai,
        keluaran=keluaran, zip=zip_path, berkas=tuple(berkas),
    )  # fmt: skip


def _hapus(berkas: Iterable[Path]) -> None:
    """Remove a step's unsigned PDFs (the work folder goes whole at the end anyway)."""
    for f in berkas:
        with contextlib.suppress(OSError):
            f.unlink(missing_ok=True)


def _naskah_terbit(
    inti: Any,
    langkah: list[Any],
    nomor: list[NomorNaskah],
    pdfs: list[Path],
    ttd: list[Path],
    teks: list[str],
    pilih: Iterable[int],
) -> list[NaskahTerbit]:
    """Return what the archive keeps of the step's certificates at the indices ``pilih``."""
    return [
        NaskahTerbit(
            Sertifikat(kegiatan=inti, peserta=langkah[i][0], nomor=nomor[i],
                       id_verifikasi=langkah[i][1].id_verifikasi),
            pdf=pdfs[i], ttd=ttd[i], id_verifikasi=langkah[i][1].id_verifikasi, teks=teks[i],
            verifikasi_batch=True,
        )
        for i in pilih
    ]  # fmt: skip


def _arsipkan_sebagian(
    arsip: Arsip,
    reg: Any,
    kd: Any,
    inti: Any,
    langkah: list[Any],
    nomor: list[NomorNaskah],
    pdfs: list[Path],
    teks: list[str],
    keluaran: Path,
    belum_diarsip: list[Path],
    oleh: str,
) -> int:
    """Archive the certificates of a step whose signed file exists; return how many.

    Best effort after a failed signing call: what cannot be archived now stays unarchived and
    is removed with the rest of the step (the caller's ``finally``), never half-recorded.
    """
    pilih = [i for i, pdf in enumerate(pdfs) if (keluaran / pdf.name).is_file()]
    if not pilih:
        return 0
    try:
        ttd = [keluaran / pdf.name for pdf in pdfs]
        hasil = arsip.simpan_banyak(_naskah_terbit(inti, langkah, nomor, pdfs, ttd, teks, pilih))
        if hasil.peringatan:
            return 0
        for i in pilih:
            belum_diarsip.remove(keluaran / pdfs[i].name)
        with reg.transaksi() as conn:
            kd.ubah_keadaan(conn, [langkah[i][1] for i in pilih], "terbit", oleh=oleh,
                            waktu=reg.jam())  # fmt: skip
    except (NaskahError, OSError, ValueError):
        return 0
    return len(pilih)


class SedangDiterbitkanError(RegisterError):
    """Another run is issuing the same activity's certificates right now (nothing was done)."""


class KunciKegiatan:
    """The lock of one activity's issuing run: ``<archive>/.terbit/<sidik>.kunci`` (flock).

    Held from before numbering to the end of the run, so a second run of the same activity
    stops at once with one sentence and leaves nothing; the kernel drops it when the holder
    dies (even by SIGKILL). The folder of the archive is used because every run of an office
    writes there, whichever machine it runs on.
    """

    def __init__(self, konfigurasi: Konfigurasi, kegiatan: str, path: Path) -> None:
        self.sidik = hashlib.sha256(kegiatan.encode()).hexdigest()[:12]
        folder = Path(konfigurasi.folder_arsip) / ".terbit"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder / f"{self.sidik}.kunci", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC,
                         0o600)  # fmt: skip
        except OSError as exc:
            raise ArchiveError(
                f"Folder arsip {folder} tidak dapat ditulis ({alasan_os(exc)}); periksa [arsip] "
                "lokasi dan izin tulisnya."
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise SedangDiterbitkanError(
                f"Sertifikat kegiatan {path} sedang diterbitkan oleh proses lain, jadi proses ini "
                "berhenti tanpa mengubah apa pun; tunggu proses itu selesai lalu jalankan lagi "
                "bila masih ada peserta yang belum terbit."
            ) from None
        self._fd: int | None = fd

    def lepas(self) -> None:
        """Release the lock (idempotent)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> KunciKegiatan:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lepas()


def _bersihkan_sisa(keluaran: Path, sidik: str, nomor_tunda: Sequence[str]) -> None:
    """Remove what a killed run of this activity left in ``keluaran`` (the lock is held)."""
    from naskah.render.sertifikat import nama_berkas

    for kerja in keluaran.glob(".naskah-terbit-*"):
        # this activity's, or one of a version that did not name the activity (8 random
        # characters): an older run can no longer be alive
        if kerja.name.startswith(f".naskah-terbit-{sidik}-") or re.fullmatch(
            r"\.naskah-terbit-[a-z0-9_]{8}", kerja.name
        ):
            shutil.rmtree(kerja, ignore_errors=True)
    for nomor in nomor_tunda:  # numbered, not archived: any signed file is from a killed run
        (keluaran / f"{nama_berkas(nomor)}.pdf").unlink(missing_ok=True)


_RUANG_MINIMUM = 8 * 1024 * 1024
"""Free bytes below which a failed step is blamed on a full disk (LibreOffice and SQLite
report it in their own words)."""


def _penuh(exc: BaseException, folder: Sequence[Path]) -> bool:
    """Tell whether ``exc`` (or what it was raised from) is a full disk."""
    e: BaseException | None = exc
    while e is not None:
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        e = e.__cause__ or e.__context__
    for f in folder:
        try:
            if shutil.disk_usage(f).free < _RUANG_MINIMUM:
                return True
        except OSError:
            continue
    return False


def _galat_langkah(
    exc: OSError | NaskahError, folder: Sequence[Path], dibuat: int, sudah: int, total: int
) -> OSError | NaskahError:
    """Return the error a failed step ends the run with (``exc`` itself when it is right)."""
    ringkasan = f"{dibuat} sertifikat sudah diterbitkan dan diarsipkan oleh proses ini"
    if sudah:
        ringkasan += f" (ditambah {sudah} dari proses sebelumnya)"
    ringkasan += f", {total - dibuat} belum; sertifikat yang belum diarsipkan tidak ditinggalkan"
    if _penuh(exc, folder):
        tempat = " atau ".join(dict.fromkeys(str(f) for f in folder))
        return NaskahError(
            f"Penyimpanan penuh, jadi penerbitan berhenti: {ringkasan}. Kosongkan ruang di "
            f"{tempat} lalu jalankan perintah yang sama lagi."
        )
    if isinstance(exc, OSError):
        return NaskahError(
            f"Folder keluaran {folder[0]} tidak dapat ditulis ({alasan_os(exc)}), jadi penerbitan "
            f"berhenti: {ringkasan}. Atasi masalahnya lalu jalankan perintah yang sama lagi."
        )
    if isinstance(exc, ArchiveError):  # "nothing archived" is true of the step, not the run
        return ArchiveError(
            f"{exc.pesan.rstrip('.')}; dalam proses ini {ringkasan}. Atasi masalahnya lalu "
            "jalankan perintah yang sama lagi."
        )
    return exc


def _buat_zip(keluaran: Path, stem: str, semua: Sequence[tuple[Peserta, kd.CatatanTerbit]]) -> Path:
    """Write a ZIP of the signed PDFs named by participant (names made safe, made unique)."""
    from naskah.render.sertifikat import nama_berkas

    tujuan = keluaran.parent / f"{keluaran.name}.zip"
    dipakai: set[str] = set()
    with (
        tulis_atomik(tujuan, galat=InputError) as sementara,
        zipfile.ZipFile(sementara, "w", zipfile.ZIP_STORED) as z,
    ):
        for ps, b in semua:
            asal = keluaran / f"{nama_berkas(b.nomor)}.pdf"
            if not asal.is_file():
                continue
            nama = nama_aman(ps.nama)
            calon, n = nama, 2
            while calon.lower() in dipakai:
                calon, n = f"{nama}-{n}", n + 1
            dipakai.add(calon.lower())
            z.write(asal, f"{stem}/{calon}.pdf")
    return tujuan
