"""The archive of one office: ingest, catalog, checks and the read side.

:class:`Arsip` owns the folder tree under ``[arsip] lokasi`` and the catalog tables in the
register's database. Every write goes through :meth:`Arsip.simpan_banyak`: the files are staged
and flushed (:mod:`naskah.arsip.tulis`), then ONE register transaction locks each number, checks
it is registered and not cancelled (a reserved ``dipesan`` number becomes ``terpakai``), writes
the catalog rows, moves the folders into place and commits. An archived entry is never changed
or removed; a corrected document is a new version that replaces the old one in the catalog.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn

from sqlalchemy import Connection, insert, select, update

from naskah.arsip import tulis
from naskah.arsip.catatan import (
    NAMA_METADATA,
    Asal,
    BerkasArsip,
    EntriArsip,
    HasilPeriksaArsip,
    HasilSimpan,
    IsiNaskah,
    Metadata,
    Orang,
    PeranBerkas,
    RingkasanTandaTangan,
    StatusEntri,
)
from naskah.arsip.isi import isi_dari_model, perlu_ocr, teks_pdf
from naskah.arsip.jalur import dalam_arsip, dengan_sidik, komponen_aman, lokasi_entri
from naskah.arsip.skema import arsip_berkas, arsip_entri
from naskah.config import Konfigurasi
from naskah.errors import ArchiveError, Masalah, NaskahError
from naskah.register import Register, buka_register, pengguna_bawaan
from naskah.register.skema import jejak, nomor

if TYPE_CHECKING:
    from naskah.cari import DokumenIndeks, MesinCari
    from naskah.models import Dokumen, Sertifikat
    from naskah.tte.batch import VerifikasiBatch

#: The names of an entry's files.
NAMA_BERKAS: dict[PeranBerkas, str] = {
    "sumber": "naskah.yaml",
    "docx": "naskah.docx",
    "pdf": "naskah.pdf",
    "ttd": "naskah-ttd.pdf",
    "teks": "teks.txt",
}
UKURAN_MAKS = 200 * 1024 * 1024
"""Largest file accepted into the archive (bytes)."""
_ID_VERIFIKASI = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class NaskahTerbit:
    """One issued document to archive: its model (with its number) and its files.

    The pipeline (``naskah terbitkan``) builds this after signing; ``id_verifikasi`` is the id
    printed in the QR code, a fresh random one when empty.
    """

    model: Dokumen | Sertifikat
    pdf: Path | None = None
    ttd: Path | None = None
    """The signed PDF; without it the entry is archived as awaiting signature."""
    docx: Path | None = None
    sumber: bytes | None = None
    """The source YAML as archived; the model written as YAML when empty."""
    id_verifikasi: str | None = None
    koreksi: str | None = None
    """Why this replaces the archived version of the same number (a correction)."""
    teks: str | None = None
    """The PDF's text layer (pages joined by form feeds) when the caller already extracted it
    (the certificate pipeline extracts a whole step at once); read from the PDF when None."""
    verifikasi_batch: bool = False
    """``ttd`` was signed in a batch by a key that signs many files (the certificate pipeline):
    each signer certificate's chain is validated once per archive session and each file is
    checked on its own bytes (:class:`naskah.tte.batch.VerifikasiBatch`). Whatever that check
    cannot confirm is fully verified; a PDF from outside is always fully verified."""


@dataclass(frozen=True)
class NaskahLama:
    """One older document to import: a PDF and what staff know of it."""

    pdf: Path
    nomor: str
    jenis: str
    tentang: str
    tanggal: date
    seri: str | None = None
    """The register's series of the number; looked up by its text when empty."""
    klasifikasi: str | None = None
    penandatangan: str | None = None
    id_verifikasi: str | None = None


@dataclass(frozen=True)
class OpsiArsip:
    """How the archive writes: who acts, whether it indexes, how it verifies signatures."""

    oleh: str | None = None
    indeks: bool = True
    """Index every new entry: in the catalog's transaction when the search index is in the
    register's database (PostgreSQL), else after the catalog commits."""
    ambil_daring: bool = False
    """Fetch OCSP/CRL when verifying signatures on ingest (offline by default)."""


JenisTemuan = Literal["berubah", "hilang", "tak_terduga", "tanpa_folder", "tanda_tangan", "sisa"]


@dataclass(frozen=True)
class Temuan:
    """One problem found by :meth:`Arsip.periksa`."""

    jenis: JenisTemuan
    lokasi: str
    pesan: str
    berkas: str | None = None

    def ke_dict(self) -> dict[str, Any]:
        return {
            "jenis": self.jenis,
            "lokasi": self.lokasi,
            "berkas": self.berkas,
            "pesan": self.pesan,
        }


@dataclass(frozen=True)
class LaporanPeriksa:
    """The result of checking the whole archive against its catalog."""

    entri: int
    berkas: int
    tanda_tangan: int
    temuan: tuple[Temuan, ...] = ()

    @property
    def bersih(self) -> bool:
        return not self.temuan

    def ke_dict(self) -> dict[str, Any]:
        return {
            "bersih": self.bersih,
            "entri": self.entri,
            "berkas": self.berkas,
            "tanda_tangan": self.tanda_tangan,
            "temuan": [t.ke_dict() for t in self.temuan],
        }


@dataclass
class _Calon:
    """An entry being prepared (before the catalog transaction)."""

    id: str
    asal: Asal
    isi: IsiNaskah
    data: dict[PeranBerkas, bytes]
    tanda_tangan: tuple[RingkasanTandaTangan, ...]
    perlu_ocr: bool
    id_verifikasi: str
    koreksi: str | None
    berkas: tuple[BerkasArsip, ...] = ()
    folder: Path | None = None
    # decided inside the transaction
    versi: int = 0
    lokasi: str = ""
    menggantikan: tuple[str, int] | None = None
    alasan: str | None = None
    sudah_ada: str | None = None
    """The id of an entry holding these exact files (nothing to write)."""
    nomor_id: int = 0
    keadaan_nomor: str = ""
    baris: int | None = None
    """The manifest row (imports)."""
    sumber: str = ""
    metadata: Metadata | None = field(default=None, repr=False)


def _tolak(masalah: list[Masalah], sumber: str) -> NoReturn:
    from naskah.arsip.manifest import ImporArsipError

    masalah.sort(key=lambda m: (m.baris or 0, m.lokasi))
    apa = f"Daftar {sumber}" if sumber else "Penyimpanan"
    raise ImporArsipError(
        f"{apa} memuat {len(masalah)} naskah yang salah, jadi tidak ada yang diarsipkan; "
        "perbaiki berikut lalu ulangi:",
        masalah,
    )


def _yaml_sumber(model: Dokumen | Sertifikat) -> bytes:
    """Return the model as the archived YAML source (as :func:`naskah.loader.ke_yaml` writes it).

    Dumped with libyaml's emitter when present: PyYAML's pure-Python one takes ~60 ms for a
    decree with three Standar Pelayanan, which would dominate a batch.
    """
    import yaml

    from naskah.models import Dokumen

    if isinstance(model, Dokumen):
        d = model.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        d = {"jenis": model.jenis, **d}
    else:
        d = model.model_dump(mode="json", exclude_none=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    teks = yaml.dump(d, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
    return teks.encode("utf-8")


def _penandatangan_tampil(md: Metadata) -> tuple[str, ...]:
    """Return the signers as printed: ``Dr. Jarwoko, M.Pd. (Kepala …)``."""
    return tuple(f"{o.nama} ({o.jabatan})" if o.jabatan else o.nama for o in md.isi.penandatangan)


def _peserta_tampil(md: Metadata) -> tuple[str, ...]:
    """Return the participants' names printed on a certificate (nothing else about them)."""
    return tuple(o.nama for o in md.isi.peserta) if md.isi.jenis == "sertifikat" else ()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _baca(path: Path, apa: str) -> bytes:
    try:
        ukuran = path.stat().st_size
        if not path.is_file():
            raise ArchiveError(f"{apa} {path} bukan berkas; sebutkan berkasnya.")
        if ukuran > UKURAN_MAKS:
            raise ArchiveError(
                f"{apa} {path} terlalu besar ({ukuran // (1024 * 1024)} MB; batasnya "
                f"{UKURAN_MAKS // (1024 * 1024)} MB)."
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise ArchiveError(f"{apa} {path} tidak ditemukan; periksa nama dan foldernya.") from None
    except OSError as exc:
        raise ArchiveError(f"{apa} {path} tidak dapat dibaca ({exc.strerror}).") from None


def _tingkat(hasil: list[Any], i: int) -> str:
    """Return the PAdES level signature ``i`` of a verification report reaches."""
    t = hasil[i]
    tingkat = "B-B"
    if t.cap_waktu != "tidak_ada":
        tingkat = "B-T"
    if t.data_validasi == "lengkap" or t.ltv_tertanam:
        tingkat = "B-LT"
        if any(h.jenis == "cap_waktu_dokumen" for h in hasil[i + 1 :]):
            tingkat = "B-LTA"
    return tingkat


def _waktu_iso(w: datetime | None) -> str | None:
    return w.isoformat() if w is not None else None


class Arsip:
    """The archive of one office (folder tree + catalog in the register's database).

    One instance per process; it opens the register lazily. ``mesin`` injects the search
    backend (by default :func:`naskah.cari.buka_mesin_cari` of the configuration).
    ``titik`` is called with the name of each ingest step (tests use it to kill at every step).
    """

    _verifikasi_batch: VerifikasiBatch | None = None
    """The session's batch verifier (:attr:`NaskahTerbit.verifikasi_batch`), made on first use."""

    def __init__(
        self,
        konfigurasi: Konfigurasi,
        *,
        register: Register | None = None,
        opsi: OpsiArsip | None = None,
        mesin: MesinCari | None = None,
        jam: Callable[[], datetime] | None = None,
        titik: Callable[[str], None] | None = None,
    ) -> None:
        self.konfigurasi = konfigurasi
        self.akar = konfigurasi.folder_arsip
        self.opsi = opsi or OpsiArsip()
        self._register = register
        self._register_milik = register is None
        self._mesin = mesin
        self._mesin_milik = mesin is None
        self._jam = jam or (lambda: datetime.now(UTC))
        self._titik = titik or (lambda _t: None)

    # -- plumbing --------------------------------------------------------------------------

    @property
    def register(self) -> Register:
        """Return the register whose database holds the catalog."""
        if self._register is None:
            self._register = buka_register(self.konfigurasi)
        return self._register

    def tutup(self) -> None:
        """Close the register and the search backend if this archive opened them."""
        if self._register is not None and self._register_milik:
            self._register.tutup()
            self._register = None
        if self._mesin is not None and self._mesin_milik:
            self._mesin.tutup()
            self._mesin = None

    def __enter__(self) -> Arsip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.tutup()

    @contextmanager
    def _transaksi(self) -> Iterator[Connection]:
        """Yield a connection inside one register write transaction (the only place opening one).

        The catalog rows are written in the same transaction that locks and uses the number.
        """
        with self.register.transaksi() as conn:
            yield conn

    @contextmanager
    def _baca(self) -> Iterator[Connection | None]:
        """Yield a lock-free read-only connection, or None while there is no register yet.

        Every catalog read goes through here (the web service reads a read-only register).
        """
        with self.register.transaksi_baca() as conn:
            yield conn

    def _akar_ada(self) -> bool:
        return self.akar.is_dir()

    # -- ingest ----------------------------------------------------------------------------

    def simpan(self, naskah: NaskahTerbit) -> HasilSimpan:
        """Archive one issued document (see :meth:`simpan_banyak`)."""
        return self.simpan_banyak([naskah])

    def simpan_banyak(self, daftar: Iterable[NaskahTerbit]) -> HasilSimpan:
        """Archive issued documents: all of them in one catalog transaction, or none.

        Each number must be in the register and not cancelled; a reserved number becomes used.
        Archiving the exact files already archived for a number is a no-op; different files
        for an archived number need ``koreksi`` (then they become its next version), except the
        signed copy of an entry archived unsigned.
        """
        calon = [self._siapkan_terbit(n) for n in daftar]
        return self._simpan(calon)

    def impor(
        self,
        daftar: Sequence[NaskahLama],
        *,
        baris: Sequence[int] | None = None,
        sumber: str = "",
    ) -> HasilSimpan:
        """Bring older PDFs into the archive: every one, or none (see :meth:`simpan_banyak`).

        The text comes from each PDF's text layer; a PDF without one is archived and flagged
        ``perlu_ocr``. Their numbers must already be in the register (``naskah nomor impor``).
        Every bad item is reported at once (by ``baris``, the manifest's row numbers, when
        given) in one :class:`~naskah.arsip.manifest.ImporArsipError`.
        """
        label = list(baris) if baris is not None else [None] * len(daftar)
        calon: list[_Calon] = []
        masalah: list[Masalah] = []
        for no, n in zip(label, daftar, strict=True):
            try:
                c = self._siapkan_lama(n)
            except ArchiveError as exc:
                masalah.append(Masalah(sumber or n.pdf.name, n.nomor, exc.pesan, no))
                continue
            c.baris = no
            c.sumber = sumber or n.pdf.name
            calon.append(c)
        return self._simpan(calon, masalah=masalah, sumber=sumber)

    def _id_verifikasi(self, diberikan: str | None) -> str:
        if diberikan is None:
            return secrets.token_urlsafe(18)
        if not _ID_VERIFIKASI.fullmatch(diberikan):
            raise ArchiveError(
                "Id verifikasi harus 16 sampai 64 karakter huruf, angka, '-' atau '_'."
            )
        return diberikan

    def _siapkan_terbit(self, n: NaskahTerbit) -> _Calon:

        isi = isi_dari_model(n.model)
        data: dict[PeranBerkas, bytes] = {}
        if n.sumber is not None:
            data["sumber"] = n.sumber
        else:
            data["sumber"] = _yaml_sumber(n.model)
        if n.docx is not None:
            data["docx"] = _baca(n.docx, "Berkas DOCX")
        if n.pdf is not None:
            data["pdf"] = _baca(n.pdf, "Berkas PDF")
        if n.ttd is not None:
            data["ttd"] = _baca(n.ttd, "Berkas PDF bertanda tangan")
        if "pdf" not in data and "ttd" not in data:
            raise ArchiveError(
                f"Naskah {isi.nomor} diarsipkan tanpa PDF; sebutkan --pdf atau --ttd."
            )
        teks = n.teks or ""
        tanda: tuple[RingkasanTandaTangan, ...] = ()
        for peran in ("ttd", "pdf") if n.teks is None else ():
            if peran in data:
                teks = teks_pdf(data[peran], f"{isi.nomor} ({NAMA_BERKAS[peran]})")  # type: ignore[index]
                break
        if "ttd" in data:
            tanda = self._verifikasi(data["ttd"], str(n.ttd), batch=n.verifikasi_batch)
        data["teks"] = teks.encode()
        return _Calon(
            id=secrets.token_hex(10),
            asal="terbit",
            isi=isi,
            data=data,
            tanda_tangan=tanda,
            perlu_ocr=perlu_ocr(teks),
            id_verifikasi=self._id_verifikasi(n.id_verifikasi),
            koreksi=(n.koreksi or "").strip() or None,
        )

    def _siapkan_lama(self, n: NaskahLama) -> _Calon:
        if not n.nomor.strip():
            raise ArchiveError("Nomor naskah kosong; sebutkan dengan --nomor.")
        if not n.tentang.strip():
            raise ArchiveError(
                f"Tentang/perihal naskah {n.nomor} kosong; sebutkan dengan --tentang."
            )
        jenis = komponen_aman(n.jenis.strip().lower().replace(" ", "_"), cadangan="lainnya")
        data = _baca(n.pdf, "Berkas PDF")
        teks = teks_pdf(data, n.pdf.name)
        bertanda = b"/ByteRange" in data and b"/Sig" in data
        tanda: tuple[RingkasanTandaTangan, ...] = ()
        peran: PeranBerkas = "pdf"
        if bertanda:
            tanda = self._verifikasi(data, n.pdf.name, wajib=False)
            if tanda:
                peran = "ttd"
        isi = IsiNaskah(
            nomor=" ".join(n.nomor.split()),
            jenis=jenis,
            tentang=" ".join(n.tentang.split()),
            tanggal=n.tanggal,
            seri=n.seri or "",
            klasifikasi=n.klasifikasi,
            penandatangan=(Orang(nama=n.penandatangan, peran="penandatangan"),)
            if n.penandatangan
            else (),
            teks="",
        )
        return _Calon(
            id=secrets.token_hex(10),
            asal="impor",
            isi=isi,
            data={peran: data, "teks": teks.encode()},
            tanda_tangan=tanda,
            perlu_ocr=perlu_ocr(teks),
            id_verifikasi=self._id_verifikasi(n.id_verifikasi),
            koreksi=None,
        )

    def _verifikasi(
        self, data: bytes, nama: str, *, wajib: bool = True, batch: bool = False
    ) -> tuple[RingkasanTandaTangan, ...]:
        """Verify a signed PDF's signatures; refuse one that is broken.

        With ``batch`` the session's :class:`~naskah.tte.batch.VerifikasiBatch` is used (each
        signer certificate's chain once); otherwise a fresh one, i.e. the full verification.
        """
        from naskah.tte import muat_akar
        from naskah.tte.batch import VerifikasiBatch

        pemeriksa = self._verifikasi_batch if batch else None
        if pemeriksa is None:
            k = self.konfigurasi
            try:
                akar = muat_akar([k.path(p) for p in k.tte.akar_tepercaya])
            except NaskahError:
                akar = []
            pemeriksa = VerifikasiBatch(
                akar, ambil_daring=self.opsi.ambil_daring, rantai_sekali=batch
            )
            if batch:
                self._verifikasi_batch = pemeriksa
        lap = pemeriksa.verifikasi(data, nama)
        if lap.galat:
            if not wajib:
                return ()
            raise ArchiveError(f"PDF bertanda tangan {nama} ditolak: {lap.galat}")
        rusak = [t.field for t in lap.tanda_tangan if not t.utuh]
        if rusak:
            raise ArchiveError(
                f"PDF bertanda tangan {nama} ditolak: tanda tangan {', '.join(rusak)} rusak "
                "(isi berkas berubah setelah ditandatangani)."
            )
        return tuple(
            RingkasanTandaTangan(
                berkas=NAMA_BERKAS["ttd"],
                field=t.field,
                jenis=t.jenis,
                penandatangan=t.penandatangan,
                waktu=_waktu_iso(t.waktu),
                tingkat=_tingkat(lap.tanda_tangan, i),
                utuh=t.utuh,
                sah=t.sah,
            )
            for i, t in enumerate(lap.tanda_tangan)
        )

    def _tercatat(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        with self._baca() as conn:
            if conn is None:
                return set()
            return set(
                conn.execute(select(arsip_entri.c.id).where(arsip_entri.c.id.in_(ids))).scalars()
            )

    def bersihkan(self) -> int:
        """Remove what interrupted ingests left behind; return how many entry folders went."""
        if not (self.akar / tulis.FOLDER_SEMENTARA).is_dir():
            return 0
        try:
            return tulis.bersihkan(self.akar, self._tercatat)
        except OSError as exc:
            raise ArchiveError(
                f"Sisa penyimpanan arsip yang terputus tidak dapat dibersihkan ({exc.strerror})."
            ) from None

    def _simpan(
        self, calon: list[_Calon], *, masalah: list[Masalah] | None = None, sumber: str = ""
    ) -> HasilSimpan:
        masalah = list(masalah or [])
        if not calon and not masalah:
            raise ArchiveError("Tidak ada naskah yang diarsipkan.")
        ganda = {c.isi.nomor for c in calon if sum(d.isi.nomor == c.isi.nomor for d in calon) > 1}
        if ganda:
            raise ArchiveError(
                f"Nomor {', '.join(sorted(ganda))} muncul lebih dari sekali; satu nomor satu "
                "naskah per penyimpanan."
            )
        if not calon:
            _tolak(masalah, sumber)
        self.bersihkan()
        oleh = self.opsi.oleh or pengguna_bawaan()
        waktu = self._jam()
        diindeks = False
        try:
            with tulis.niat(self.akar, self._titik) as n:
                for c in calon:
                    c.folder = n.tahap(c.id)
                    berkas = []
                    for peran, data in c.data.items():
                        nama = NAMA_BERKAS[peran]
                        tulis.tulis_baru(c.folder / nama, data)
                        self._titik("berkas")
                        berkas.append(BerkasArsip(nama, peran, _sha256(data), len(data)))
                    c.berkas = tuple(berkas)
                self._titik("ditulis")
                dipindah: list[Path] = []
                try:
                    with self._transaksi() as conn:
                        for c in calon:
                            try:
                                self._putuskan(conn, c, oleh, waktu)
                            except ArchiveError as exc:
                                if c.baris is None and not masalah and len(calon) == 1:
                                    raise
                                masalah.append(
                                    Masalah(
                                        c.sumber or c.isi.nomor, c.isi.nomor, exc.pesan, c.baris
                                    )
                                )
                        if masalah:
                            _tolak(masalah, sumber)
                        for c in calon:
                            if c.sudah_ada is None:
                                n.tujuan(c.id, c.lokasi)
                        # files, metadata and the intent's folders durable before any move
                        n.sinkron()
                        for c in calon:
                            if c.sudah_ada is None:
                                dipindah.append(n.pindahkan(c.id, c.lokasi))
                        n.sinkron()  # the moves durable before the catalog commits
                        self._titik("dipindah_semua")
                        for c in calon:
                            if c.sudah_ada is None:
                                self._catat_katalog(conn, c, oleh, waktu)
                        # PostgreSQL search: the index entries commit with the catalog rows
                        diindeks = self.opsi.indeks and self._indeks_dalam_transaksi(
                            conn, [c for c in calon if c.sudah_ada is None]
                        )
                        self._titik("sebelum_commit")
                except BaseException:
                    if dipindah:
                        self._batalkan_pindah(n, calon, dipindah)
                    raise
                self._titik("dikomit")
        except OSError as exc:
            raise ArchiveError(
                f"Arsip di {self.akar} tidak dapat ditulis ({exc.strerror}); tidak ada yang "
                "diarsipkan."
            ) from None
        baru = [c for c in calon if c.sudah_ada is None]
        entri = tuple(
            e
            for e in (
                self._entri_baru(c) if c.sudah_ada is None else self._entri_id(c.sudah_ada)
                for c in calon
            )
            if e is not None
        )
        peringatan: tuple[str, ...] = ()
        if baru and self.opsi.indeks and not diindeks:
            peringatan = self._indeks_setelah_simpan(baru)
        return HasilSimpan(entri=entri, baru=bool(baru), peringatan=peringatan)

    def _entri_baru(self, c: _Calon) -> EntriArsip:
        """Return the public view of an entry this call just committed (no database read)."""
        assert c.metadata is not None
        isi = c.isi
        return EntriArsip(
            id=c.id,
            id_verifikasi=c.id_verifikasi,
            nomor=isi.nomor,
            jenis=isi.jenis,
            tentang=isi.tentang,
            tanggal=isi.tanggal,
            versi=c.versi,
            status="terkini",
            lokasi=c.lokasi,
            ditandatangani=bool(c.tanda_tangan),
            penandatangan=_penandatangan_tampil(c.metadata),
            peserta=_peserta_tampil(c.metadata),
            perlu_ocr=c.perlu_ocr,
            rincian=isi.rincian,
        )

    def _batalkan_pindah(self, n: tulis.Niat, calon: list[_Calon], dipindah: list[Path]) -> None:
        """Undo the moves of a transaction that failed, unless it did commit after all.

        A lost connection can hide a commit the server made: the catalog is asked first. When
        it cannot be asked, everything stays as it is and the intent file is kept, so the next
        ingest's cleanup decides with the catalog at hand.
        """
        try:
            ada = self._tercatat([c.id for c in calon])
        except NaskahError:
            n.simpan_niat = True
            return
        for c, p in zip([c for c in calon if c.sudah_ada is None], dipindah, strict=False):
            if c.id not in ada:
                tulis.hapus_entri(self.akar, p)

    # -- inside the catalog transaction ------------------------------------------------------

    def _kunci_nomor(self, conn: Connection, c: _Calon) -> dict[str, Any]:
        q = select(nomor).where(nomor.c.teks == c.isi.nomor)
        if c.isi.seri:
            q = q.where(nomor.c.seri == c.isi.seri)
        rows = conn.execute(q.with_for_update()).mappings().all()
        if not rows:
            raise ArchiveError(
                f"Nomor {c.isi.nomor} tidak ada di register"
                + (f" seri {c.isi.seri!r}" if c.isi.seri else "")
                + "; naskah hanya diarsipkan dengan nomor yang terdaftar (ambil nomor dengan "
                "`naskah nomor ambil`, atau impor buku agenda lama dengan `naskah nomor impor`)."
            )
        if len(rows) > 1:
            raise ArchiveError(
                f"Nomor {c.isi.nomor} ada di beberapa seri ({', '.join(r['seri'] for r in rows)}); "
                "sebutkan serinya."
            )
        row = dict(rows[0])
        if row["keadaan"] == "batal":
            raise ArchiveError(
                f"Nomor {c.isi.nomor} dibatalkan di register"
                + (f" ({row['alasan']})" if row.get("alasan") else "")
                + "; naskah bernomor batal tidak diarsipkan."
            )
        if row["tahun"] != c.isi.tanggal.year:
            raise ArchiveError(
                f"Nomor {c.isi.nomor} terdaftar untuk tahun {row['tahun']}, tetapi naskahnya "
                f"bertanggal {c.isi.tanggal.isoformat()}; periksa nomor atau tanggal naskah."
            )
        return row

    def _putuskan(self, conn: Connection, c: _Calon, oleh: str, waktu: datetime) -> None:
        """Lock the number and decide the entry's version, folder and the version it replaces."""
        row = self._kunci_nomor(conn, c)
        c.nomor_id = row["id"]
        c.keadaan_nomor = row["keadaan"]
        if not c.isi.seri:
            c.isi = replace(c.isi, seri=row["seri"])
        lama = (
            conn.execute(
                select(arsip_entri)
                .where(arsip_entri.c.nomor_id == c.nomor_id)
                .order_by(arsip_entri.c.versi.desc())
            )
            .mappings()
            .all()
        )
        isi_berkas = {b.peran: b.sha256 for b in c.berkas if b.peran in ("pdf", "ttd", "docx")}
        for e in lama:
            ada = {
                r.peran: r.sha256
                for r in conn.execute(
                    select(arsip_berkas.c.peran, arsip_berkas.c.sha256).where(
                        arsip_berkas.c.entri_id == e["id"],
                        arsip_berkas.c.peran.in_(("pdf", "ttd", "docx")),
                    )
                )
            }
            if ada == isi_berkas:
                c.sudah_ada = e["id"]
                return
        ada_id = conn.execute(
            select(arsip_entri.c.id).where(arsip_entri.c.id_verifikasi == c.id_verifikasi)
        ).first()
        if ada_id is not None:
            raise ArchiveError(
                "Id verifikasi itu sudah dipakai entri arsip lain; setiap versi naskah memiliki "
                "id verifikasinya sendiri."
            )
        if lama:
            terbaru = lama[0]
            if c.koreksi:
                c.alasan = c.koreksi
            elif not terbaru["ditandatangani"] and "ttd" in isi_berkas:
                c.alasan = "salinan bertanda tangan elektronik"
            else:
                raise ArchiveError(
                    f"Nomor {c.isi.nomor} sudah diarsipkan (versi {terbaru['versi']}) dengan "
                    "berkas yang berbeda; arsip tidak pernah ditimpa. Untuk naskah yang "
                    'dikoreksi, simpan sebagai versi baru dengan --koreksi "ALASAN".'
                )
            c.versi = terbaru["versi"] + 1
            c.menggantikan = (terbaru["id"], terbaru["versi"])
            induk = terbaru["lokasi"].rsplit("/", 1)[0]
            c.lokasi = f"{induk}/v{c.versi}"
        else:
            c.versi = 1
            c.lokasi = self._lokasi_baru(conn, c)
        # the metadata is complete now: write it into the staged folder before the move
        assert c.folder is not None
        md = Metadata(
            id=c.id,
            id_verifikasi=c.id_verifikasi,
            versi=c.versi,
            asal=c.asal,
            isi=c.isi,
            berkas=c.berkas,
            tanda_tangan=c.tanda_tangan,
            menggantikan=c.menggantikan[0] if c.menggantikan else None,
            versi_diganti=c.menggantikan[1] if c.menggantikan else None,
            alasan=c.alasan,
            perlu_ocr=c.perlu_ocr,
            diarsipkan=waktu.isoformat(),
            oleh=oleh,
        )
        c.metadata = md
        tulis.tulis_baru(c.folder / NAMA_METADATA, md.ke_json())

    def _lokasi_baru(self, conn: Connection, c: _Calon) -> str:
        """Return the v1 folder of a number archived for the first time (never shared)."""
        nama = komponen_aman(c.isi.nomor, cadangan="tanpa-nomor")
        for percobaan in range(2):
            lokasi = lokasi_entri(c.isi.tanggal.year, c.isi.jenis, nama, 1)
            induk = lokasi.rsplit("/", 1)[0]
            dipakai = conn.execute(
                select(arsip_entri.c.id).where(
                    arsip_entri.c.lokasi.like(
                        induk.replace("%", "").replace("_", "\\_") + "/%", escape="\\"
                    ),
                    arsip_entri.c.nomor_id != c.nomor_id,
                )
            ).first()
            if dipakai is None and not dalam_arsip(self.akar, induk).exists():
                return lokasi
            if percobaan == 0:
                nama = dengan_sidik(nama, c.isi.nomor)
        raise ArchiveError(
            f"Folder arsip untuk nomor {c.isi.nomor} sudah dipakai; periksa dengan "
            "`naskah arsip periksa`."
        )

    def _catat_katalog(self, conn: Connection, c: _Calon, oleh: str, waktu: datetime) -> None:
        assert c.metadata is not None
        naive = waktu.astimezone(UTC).replace(tzinfo=None)
        conn.execute(
            insert(arsip_entri),
            {
                "id": c.id,
                "nomor_id": c.nomor_id,
                "nomor": c.isi.nomor,
                "versi": c.versi,
                "jenis": c.isi.jenis,
                "tanggal": c.isi.tanggal,
                "tentang": c.isi.tentang,
                "lokasi": c.lokasi,
                "id_verifikasi": c.id_verifikasi,
                "menggantikan": c.menggantikan[0] if c.menggantikan else None,
                "diganti_oleh": None,
                "alasan": c.alasan,
                "asal": c.asal,
                "ditandatangani": bool(c.tanda_tangan),
                "perlu_ocr": c.perlu_ocr,
                "sha256_metadata": _sha256(c.metadata.ke_json()),
                "oleh": oleh,
                "dicatat": naive,
            },
        )
        conn.execute(
            insert(arsip_berkas),
            [
                {
                    "entri_id": c.id,
                    "nama": b.nama,
                    "peran": b.peran,
                    "sha256": b.sha256,
                    "ukuran": b.ukuran,
                }
                for b in c.berkas
            ],
        )
        if c.menggantikan:
            conn.execute(
                update(arsip_entri)
                .where(arsip_entri.c.id == c.menggantikan[0])
                .values(diganti_oleh=c.id)
            )
        sebelum = {"keadaan": c.keadaan_nomor}
        sesudah = {
            "keadaan": "terpakai",
            "arsip": c.lokasi,
            "versi": c.versi,
        }
        if c.keadaan_nomor == "dipesan":
            conn.execute(
                update(nomor)
                .where(nomor.c.id == c.nomor_id)
                .values(
                    keadaan="terpakai",
                    perihal=c.isi.tentang,
                    jenis=c.isi.jenis,
                    tanggal=c.isi.tanggal,
                    diubah=naive,
                )
            )
        conn.execute(
            insert(jejak),
            {
                "waktu": naive,
                "oleh": oleh,
                "aksi": "arsip",
                "nomor_id": c.nomor_id,
                "seri": c.isi.seri,
                "teks": c.isi.nomor,
                "sebelum": json.dumps(sebelum, ensure_ascii=False),
                "sesudah": json.dumps(sesudah, ensure_ascii=False),
            },
        )

    # -- the read side ---------------------------------------------------------------------

    def _q_entri(self) -> Any:
        return select(
            arsip_entri,
            nomor.c.keadaan.label("keadaan_nomor"),
            nomor.c.alasan.label("alasan_batal"),
            nomor.c.diubah.label("nomor_diubah"),
        ).join(nomor, nomor.c.id == arsip_entri.c.nomor_id)

    def _ke_entri(self, conn: Connection, r: Any, md: Metadata | None = None) -> EntriArsip:
        status: StatusEntri = "terkini"
        diganti = None
        if r["keadaan_nomor"] == "batal":
            status = "batal"
        elif r["diganti_oleh"] is not None:
            status = "diganti"
        if r["diganti_oleh"] is not None:
            terbaru = r["diganti_oleh"]
            # follow the chain to the newest version
            for _ in range(1000):
                nxt = conn.execute(
                    select(arsip_entri.c.diganti_oleh, arsip_entri.c.id_verifikasi).where(
                        arsip_entri.c.id == terbaru
                    )
                ).first()
                if nxt is None:
                    break
                diganti = nxt.id_verifikasi
                if nxt.diganti_oleh is None:
                    break
                terbaru = nxt.diganti_oleh
        if md is None:
            md = self._metadata_atau_none(r["lokasi"])
        penandatangan = _penandatangan_tampil(md) if md is not None else ()
        peserta = _peserta_tampil(md) if md is not None else ()
        return EntriArsip(
            id=r["id"],
            id_verifikasi=r["id_verifikasi"],
            nomor=r["nomor"],
            jenis=r["jenis"],
            tentang=r["tentang"],
            tanggal=r["tanggal"],
            versi=r["versi"],
            status=status,
            lokasi=r["lokasi"],
            ditandatangani=bool(r["ditandatangani"]),
            penandatangan=penandatangan,
            peserta=peserta,
            diganti_oleh=diganti,
            dibatalkan=r["nomor_diubah"].date()
            if status == "batal" and r["nomor_diubah"]
            else None,
            alasan_batal=r["alasan_batal"] if status == "batal" else None,
            perlu_ocr=bool(r["perlu_ocr"]),
            rincian=md.isi.rincian if md is not None else (),
        )

    def _metadata_atau_none(self, lokasi: str) -> Metadata | None:
        try:
            p = dalam_arsip(self.akar, lokasi) / NAMA_METADATA
            return Metadata.dari_json(p.read_bytes())
        except (OSError, ArchiveError):
            return None

    def _entri_id(self, id_entri: str) -> EntriArsip | None:
        with self._baca() as conn:
            if conn is None:
                return None
            r = conn.execute(self._q_entri().where(arsip_entri.c.id == id_entri)).mappings().first()
            return self._ke_entri(conn, r) if r is not None else None

    def cari_verifikasi(self, id_verifikasi: str) -> EntriArsip | None:
        """Return the entry whose verification id is ``id_verifikasi``, or None.

        Any text is accepted (it comes from a URL); it is only compared, never used as a path.
        """
        if not isinstance(id_verifikasi, str) or not _ID_VERIFIKASI.fullmatch(id_verifikasi):
            return None
        with self._baca() as conn:
            if conn is None:
                return None
            r = (
                conn.execute(self._q_entri().where(arsip_entri.c.id_verifikasi == id_verifikasi))
                .mappings()
                .first()
            )
            return self._ke_entri(conn, r) if r is not None else None

    def riwayat(self, teks_nomor: str) -> list[EntriArsip]:
        """Return every archived version of a number, oldest first."""
        with self._baca() as conn:
            if conn is None:
                return []
            rows = (
                conn.execute(
                    self._q_entri()
                    .where(arsip_entri.c.nomor == " ".join(teks_nomor.split()))
                    .order_by(arsip_entri.c.versi)
                )
                .mappings()
                .all()
            )
            return [self._ke_entri(conn, r) for r in rows]

    def periksa_berkas(self, data: bytes) -> HasilPeriksaArsip:
        """Return whether this exact file is archived, registered, not cancelled and current."""
        sidik = _sha256(data)
        with self._baca() as conn:
            if conn is None:
                return HasilPeriksaArsip(diarsipkan=False, sha256=sidik)
            rows = conn.execute(
                select(arsip_berkas.c.entri_id, arsip_berkas.c.peran).where(
                    arsip_berkas.c.sha256 == sidik
                )
            ).all()
            if not rows:
                return HasilPeriksaArsip(diarsipkan=False, sha256=sidik)
            # the newest entry holding this file
            hasil = []
            for entri_id, peran in rows:
                r = (
                    conn.execute(self._q_entri().where(arsip_entri.c.id == entri_id))
                    .mappings()
                    .first()
                )
                if r is not None:
                    hasil.append((r, peran))
            hasil.sort(key=lambda x: (x[0]["diganti_oleh"] is None, x[0]["versi"]))
            r, peran = hasil[-1]
            entri = self._ke_entri(conn, r)
        return HasilPeriksaArsip(
            diarsipkan=True,
            sha256=sidik,
            entri=entri,
            terdaftar=r["keadaan_nomor"] != "batal",
            keadaan_nomor=r["keadaan_nomor"],
            terkini=r["diganti_oleh"] is None,
            peran=peran,
        )

    def daftar_metadata(
        self, ids: list[str] | None = None
    ) -> Iterator[tuple[Metadata, str, bool, str]]:
        """Yield (metadata, text, current, folder) of every archived version (or of ``ids``)."""
        q = select(arsip_entri.c.lokasi, arsip_entri.c.diganti_oleh).order_by(
            arsip_entri.c.tanggal, arsip_entri.c.nomor, arsip_entri.c.versi
        )
        if ids is not None:
            q = q.where(arsip_entri.c.id.in_(ids))
        with self._baca() as conn:
            rows = conn.execute(q).all() if conn is not None else []
        for lokasi, diganti in rows:
            md, teks = self._baca_entri(lokasi)
            yield md, teks, diganti is None, lokasi

    def baca_berkas(self, md: Metadata, peran: PeranBerkas = "ttd") -> bytes:
        """Return the bytes of one file of an archived entry, checked against its SHA-256."""
        b = next((b for b in md.berkas if b.peran == peran), None)
        if b is None:
            raise ArchiveError(f"Entri arsip {md.isi.nomor} tidak memiliki berkas {peran}.")
        with self._baca() as conn:
            r = (
                conn.execute(select(arsip_entri.c.lokasi).where(arsip_entri.c.id == md.id)).first()
                if conn is not None
                else None
            )
        if r is None:
            raise ArchiveError(f"Entri arsip {md.isi.nomor} tidak ada di katalog.")
        try:
            data = (dalam_arsip(self.akar, r.lokasi) / b.nama).read_bytes()
        except OSError:
            data = b""
        if _sha256(data) != b.sha256:
            raise ArchiveError(
                f"Berkas {b.nama} entri arsip {r.lokasi} hilang atau berubah; jalankan "
                "`naskah arsip periksa`."
            )
        return data

    def dokumen_indeks(self) -> Iterator[DokumenIndeks]:
        """Yield the search record of every archived version (the index is rebuilt from this)."""
        from naskah.arsip.indeks import ke_dokumen_indeks

        for md, teks, terkini, lokasi in self.daftar_metadata():
            yield ke_dokumen_indeks(md, teks, lokasi=lokasi, terkini=terkini)

    # -- search index ----------------------------------------------------------------------

    def mesin(self) -> MesinCari:
        """Return the search backend of this office (injected, or from naskah.toml)."""
        if self._mesin is None:
            try:
                from naskah.cari import buka_mesin_cari  # type: ignore[attr-defined]
            except ImportError:
                raise ArchiveError(
                    "Mesin pencari belum terpasang pada versi naskah ini; indeks tidak dibuat."
                ) from None
            self._mesin = buka_mesin_cari(self.konfigurasi)
        return self._mesin

    def _indeks_dalam_transaksi(self, conn: Connection, baru: list[_Calon]) -> bool:
        """Index the new entries inside the catalog transaction on ``conn``; return whether it
        did.

        Only a backend keeping its index in the register's database can (PostgreSQL on the same
        database, asked through :meth:`MesinCari.tulis_dalam`); for any other, or a backend that
        cannot be opened, nothing happens here and :meth:`_indeks_setelah_simpan` indexes after
        the commit. A failed index write fails the whole ingest: the transaction rolls back, so
        nothing is archived and the index is never behind the archive.
        """
        if not baru:
            return False
        try:
            mesin = self.mesin()
        except NaskahError:
            return False  # reported after the commit, as for any backend that cannot open
        penulis_dalam = mesin.tulis_dalam(conn)
        if penulis_dalam is None:
            return False
        try:
            with penulis_dalam as penulis:
                for d in self._dokumen_indeks_baru(baru, conn):
                    penulis.tambah(d)
        except NaskahError as exc:
            alasan = str(exc).rstrip(".")
            raise ArchiveError(
                "Naskah tidak diarsipkan (tidak ada yang berubah) karena indeks pencarian tidak "
                f"dapat diperbarui: {alasan[:1].lower()}{alasan[1:]}."
            ) from exc
        self._titik("diindeks")
        return True

    def _dokumen_indeks_baru(
        self, baru: list[_Calon], conn: Connection | None = None
    ) -> Iterator[DokumenIndeks]:
        """Yield the search records of new entries and of the versions they replace (no longer
        current); inside a transaction, the replaced entries are looked up on its ``conn``."""
        from naskah.arsip.indeks import ke_dokumen_indeks

        for c in baru:
            assert c.metadata is not None
            teks = c.data.get("teks", b"").decode("utf-8", "replace")
            yield ke_dokumen_indeks(c.metadata, teks, lokasi=c.lokasi)
            if not c.menggantikan:
                continue
            if conn is None:
                lama = [(md, t, lok) for md, t, _, lok in self.daftar_metadata([c.menggantikan[0]])]
            else:
                lokasi = conn.execute(
                    select(arsip_entri.c.lokasi).where(arsip_entri.c.id == c.menggantikan[0])
                ).scalar_one()
                lama = [(*self._baca_entri(lokasi), lokasi)]
            for md, teks_lama, lokasi in lama:
                yield ke_dokumen_indeks(md, teks_lama, lokasi=lokasi, terkini=False)

    def _baca_entri(self, lokasi: str) -> tuple[Metadata, str]:
        """Return the metadata and text of the entry in folder ``lokasi`` (text "" if none)."""
        folder = dalam_arsip(self.akar, lokasi)
        try:
            data = (folder / NAMA_METADATA).read_bytes()
        except OSError:
            raise ArchiveError(
                f"Entri arsip {lokasi} tidak dapat dibaca; jalankan `naskah arsip periksa`."
            ) from None
        md = Metadata.dari_json(data, f"{lokasi}/{NAMA_METADATA}")
        try:
            teks = (folder / NAMA_BERKAS["teks"]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            teks = ""
        return md, teks

    def _indeks_setelah_simpan(self, baru: list[_Calon]) -> tuple[str, ...]:
        """Index the new entries after the catalog committed (a backend outside the register's
        database: Whoosh); return the warning to show when that failed."""
        try:
            mesin = self.mesin()
            with mesin.tulis() as penulis:
                for d in self._dokumen_indeks_baru(baru):
                    penulis.tambah(d)
        except NaskahError as exc:
            return (
                f"Naskah sudah diarsipkan, tetapi indeks pencarian belum diperbarui ({exc}); "
                "jalankan `naskah arsip indeks-ulang`.",
            )
        return ()

    def indeks_ulang(self, *, jika_perlu: bool = False) -> int | None:
        """Rebuild the search index from the archive; None when ``jika_perlu`` and it is fine."""
        mesin = self.mesin()
        if jika_perlu and not mesin.perlu_dibangun_ulang():
            return None
        return mesin.bangun_ulang(self.dokumen_indeks())

    # -- checking --------------------------------------------------------------------------

    def periksa(self) -> LaporanPeriksa:
        """Check every archived file against the catalog and re-verify every signature.

        Reports changed, missing and unexpected files, catalog rows without folders, broken
        signatures and leftovers of interrupted ingests. Never writes.
        """
        from naskah.tte import muat_akar, verifikasi

        temuan: list[Temuan] = []
        k = self.konfigurasi
        try:
            akar_ttd = muat_akar([k.path(p) for p in k.tte.akar_tepercaya])
        except NaskahError:
            akar_ttd = []
        with self._baca() as conn:
            if conn is None:
                entri, berkas_rows = [], []
            else:
                entri = list(
                    conn.execute(
                        select(
                            arsip_entri.c.id, arsip_entri.c.lokasi, arsip_entri.c.sha256_metadata
                        ).order_by(arsip_entri.c.lokasi)
                    ).all()
                )
                berkas_rows = list(conn.execute(select(arsip_berkas)).mappings().all())
        per_entri: dict[str, list[Any]] = {}
        for b in berkas_rows:
            per_entri.setdefault(b["entri_id"], []).append(b)
        jumlah_berkas = 0
        jumlah_ttd = 0
        lokasi_katalog = set()
        for id_entri, lokasi, sha_md in entri:
            lokasi_katalog.add(lokasi)
            try:
                folder = dalam_arsip(self.akar, lokasi)
            except ArchiveError as exc:
                temuan.append(Temuan("tanpa_folder", lokasi, str(exc)))
                continue
            if not folder.is_dir():
                temuan.append(
                    Temuan(
                        "tanpa_folder",
                        lokasi,
                        f"Entri {lokasi} ada di katalog tetapi foldernya tidak ada.",
                    )
                )
                continue
            harapan = {b["nama"]: b for b in per_entri.get(id_entri, [])}
            harapan_md = {NAMA_METADATA: sha_md}
            try:
                ada = {p.name for p in folder.iterdir()}
            except OSError as exc:
                temuan.append(
                    Temuan(
                        "hilang", lokasi, f"Folder {lokasi} tidak dapat dibaca ({exc.strerror})."
                    )
                )
                continue
            for nama in sorted(ada - set(harapan) - set(harapan_md)):
                temuan.append(
                    Temuan(
                        "tak_terduga",
                        lokasi,
                        f"Berkas {lokasi}/{nama} tidak tercatat di katalog.",
                        nama,
                    )
                )
            for nama, sha in [
                *((n, b["sha256"]) for n, b in harapan.items()),
                (NAMA_METADATA, sha_md),
            ]:
                jumlah_berkas += 1
                p = folder / nama
                if nama not in ada:
                    temuan.append(Temuan("hilang", lokasi, f"Berkas {lokasi}/{nama} hilang.", nama))
                    continue
                try:
                    data = p.read_bytes()
                except OSError as exc:
                    temuan.append(
                        Temuan(
                            "hilang",
                            lokasi,
                            f"Berkas {lokasi}/{nama} tidak dapat dibaca ({exc.strerror}).",
                            nama,
                        )
                    )
                    continue
                baris = harapan.get(nama)
                if _sha256(data) != sha or (baris is not None and len(data) != baris["ukuran"]):
                    temuan.append(
                        Temuan(
                            "berubah",
                            lokasi,
                            f"Isi berkas {lokasi}/{nama} berubah (sidik SHA-256 berbeda).",
                            nama,
                        )
                    )
                if baris is not None and baris["peran"] == "ttd":
                    jumlah_ttd += 1
                    lap = verifikasi(p, akar_ttd, ambil_daring=False)
                    if lap.galat or not all(t.utuh for t in lap.tanda_tangan):
                        temuan.append(
                            Temuan(
                                "tanda_tangan",
                                lokasi,
                                f"Tanda tangan pada {lokasi}/{nama} tidak utuh lagi.",
                                nama,
                            )
                        )
        try:
            temuan.extend(self._folder_tak_terduga(lokasi_katalog))
        except OSError as exc:
            raise ArchiveError(
                f"Folder arsip {self.akar} tidak dapat dibaca seluruhnya ({exc.strerror}); "
                "periksa izin bacanya."
            ) from None
        for sisa in tulis.sisa_niat(self.akar):
            temuan.append(
                Temuan(
                    "sisa",
                    f"{tulis.FOLDER_SEMENTARA}/{sisa.berkas.name}",
                    "Sisa penyimpanan arsip yang terputus; dibersihkan otomatis pada penyimpanan "
                    "berikutnya.",
                )
            )
        return LaporanPeriksa(
            entri=len(entri), berkas=jumlah_berkas, tanda_tangan=jumlah_ttd, temuan=tuple(temuan)
        )

    def _folder_tak_terduga(self, lokasi_katalog: set[str]) -> list[Temuan]:
        """Return folders and files under the year folders that no catalog entry accounts for."""
        if not self._akar_ada():
            return []
        leluhur: set[str] = set()
        for lok in lokasi_katalog:
            bagian = lok.split("/")
            for i in range(1, len(bagian)):
                leluhur.add("/".join(bagian[:i]))
        temuan = []

        def jalan(folder: Path, rel: str) -> None:
            for p in sorted(folder.iterdir()):
                r = f"{rel}/{p.name}" if rel else p.name
                if r in lokasi_katalog:
                    continue
                if p.is_dir() and not p.is_symlink() and r in leluhur:
                    jalan(p, r)
                    continue
                apa = "Folder" if p.is_dir() else "Berkas"
                temuan.append(
                    Temuan("tak_terduga", r, f"{apa} {r} tidak tercatat di katalog arsip.")
                )

        for p in sorted(self.akar.iterdir()):
            if p.is_dir() and re.fullmatch(r"\d{4}", p.name):
                if p.name in leluhur:
                    jalan(p, p.name)
                else:
                    temuan.append(
                        Temuan(
                            "tak_terduga",
                            p.name,
                            f"Folder {p.name} tidak tercatat di katalog arsip.",
                        )
                    )
        return temuan


def buka_arsip(konfigurasi: Konfigurasi, **kw: Any) -> Arsip:
    """Open the archive of ``konfigurasi`` (the register is opened lazily)."""
    return Arsip(konfigurasi, **kw)


def pemeriksa_arsip(konfigurasi: Konfigurasi) -> Callable[[bytes], HasilPeriksaArsip] | None:
    """Return the archive check for ``naskah tte verifikasi``, or None when there is no archive.

    The callable answers for one PDF's bytes (see :meth:`Arsip.periksa_berkas`); it is None when
    the office has no archive folder yet, so verifying never creates a register.
    """
    if not konfigurasi.folder_arsip.is_dir() and not (konfigurasi.basis_data.url or _env_url()):
        return None
    arsip = Arsip(konfigurasi)

    def periksa(data: bytes) -> HasilPeriksaArsip:
        try:
            return arsip.periksa_berkas(data)
        except NaskahError as exc:  # the signature report still stands without the archive
            return HasilPeriksaArsip(diarsipkan=False, sha256=_sha256(data), galat=exc.pesan)

    return periksa


def _env_url() -> str | None:
    import os

    from naskah.config import ENV_DATABASE_URL

    return os.environ.get(ENV_DATABASE_URL)


__all__ = [
    "Arsip",
    "LaporanPeriksa",
    "NaskahLama",
    "NaskahTerbit",
    "OpsiArsip",
    "Temuan",
    "buka_arsip",
    "pemeriksa_arsip",
]
