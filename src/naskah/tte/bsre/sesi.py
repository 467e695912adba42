"""Signing through the ESC: one official, many files, checked before anything is written.

This module owns :class:`SesiBsre`, the ESC counterpart of :class:`naskah.tte.sign.SesiTandaTangan`
with the same verbs (``tandatangani``, ``tandatangani_banyak``) plus ``tandatangani_langkah``
for a batch: files are prepared here (read, refused when unsafe, their signer record compared
with the official, the naskah signature field ``TTE`` or ``Paraf-N`` added as an empty field so
roles stay recognisable), sent in calls of ``ukuran_batch`` files (v2; one per call in v1) with
at most ``sejajar`` calls in flight, and each answer is checked by
:func:`naskah.tte.bsre.periksa.periksa_hasil` before it is written atomically. A destination
that already holds a valid signature of this official (a resumed batch) is not sent again.

The secret (passphrase or TOTP) is held only by the session object, in memory, for the run.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509

from naskah.berkas import bersihkan_sementara, tulis_atomik, tulis_bytes
from naskah.catatan_ttd import Pemegang, Pihak, catatan_dari_pdf, cocokkan
from naskah.errors import NaskahError, TTEError
from naskah.tte.appearance import Letak
from naskah.tte.bsre.klien import KlienEsc, PropertiTandaTangan
from naskah.tte.bsre.periksa import HasilDitolak, periksa_hasil
from naskah.tte.sign import (
    FIELD_PEJABAT,
    PREFIX_PARAF,
    HasilTandaTangan,
    OpsiTandaTangan,
    _baca_pdf,
    _buka_writer,
    _daftar_field,
    alamat_verifikasi,
    id_dokumen,
    periksa_id,
)

__all__ = ["SesiBsre", "Tugas"]


@dataclass(frozen=True)
class Tugas:
    """One file of a batch: where it is, where the signed copy goes, its document id."""

    masukan: Path
    keluaran: Path
    id_dok: str | None = None


@dataclass(frozen=True)
class _Siap:
    tugas: Tugas
    kirim: bytes
    properti: PropertiTandaTangan
    ident: str
    tercatat: Pihak | None


class SesiBsre:
    """Sign as one official (``nik``) through an ESC client, with the secret given once."""

    def __init__(
        self,
        klien: KlienEsc,
        opsi: OpsiTandaTangan,
        *,
        nik: str,
        pihak: Pihak,
        akar: Sequence[x509.Certificate],
        passphrase: str | None = None,
        totp: str | None = None,
        ukuran_batch: int = 10,
    ) -> None:
        self.klien = klien
        self.opsi = opsi
        self._nik = nik
        self.pihak = pihak
        self._akar_der = tuple(c.dump() for c in akar)
        """The trust roots as bytes: each check loads its own copies (see :meth:`_akar`)."""
        self._passphrase = passphrase
        self._totp = totp
        self.ukuran_batch = 1 if klien.opsi.versi == 1 else max(1, ukuran_batch)
        self.pemegang = Pemegang(nama=pihak.nama, nomor=pihak.nip, jabatan=pihak.jabatan)
        """Who signs, as the signer check of the certificate pipeline compares it."""
        self.nama = pihak.nama_lengkap
        self.dilewati = 0
        self._tepercaya: set[bytes] = set()
        """Signer certificates the full check found trusted and the official's (this run)."""
        """Files not sent because their destination already held this official's signature."""

    # -- the verbs of SesiTandaTangan --------------------------------------------------------

    def tandatangani(
        self,
        masukan: Path,
        keluaran: Path | None = None,
        *,
        id_dok: str | None = None,
        tahan_lama: bool = True,
    ) -> HasilTandaTangan:
        """Sign one PDF through the ESC and write the checked result atomically."""
        masukan = Path(masukan)
        tujuan = keluaran or self._tujuan(masukan)
        return self.tandatangani_langkah(
            [Tugas(masukan, tujuan, id_dok)], tahan_lama=tahan_lama, lewati_ada=False
        )[0]

    def tandatangani_banyak(self, berkas: Iterable[Path]) -> list[HasilTandaTangan]:
        """Sign many PDFs (batched calls)."""
        return self.tandatangani_langkah([Tugas(Path(p), self._tujuan(Path(p))) for p in berkas])

    def tandatangani_langkah(
        self,
        tugas: Sequence[Tugas],
        *,
        tahan_lama: bool = False,
        lewati_ada: bool = True,
        kemajuan: Callable[[int], None] | None = None,
        gagal: list[tuple[Path, NaskahError]] | None = None,
    ) -> list[HasilTandaTangan]:
        """Sign ``tugas`` in batched, bounded calls; return one result per task, in order.

        With ``gagal``, a file refused before sending (unsafe, someone else's record) is listed
        there and the others are still signed; without it, it raises.

        Files are prepared in this thread while earlier calls are in flight (at most
        ``sejajar`` calls, and as many prepared batches waiting). The first failure (a file
        refused, a call failing) raises once the calls in flight have finished; files already
        written stay (each complete and checked, and not sent again on resume).
        """
        from concurrent.futures import FIRST_COMPLETED, Future, wait

        hasil: list[HasilTandaTangan | None] = [None] * len(tugas)
        sejajar = max(1, self.klien.opsi.sejajar)

        def kerjakan(k: list[tuple[int, _Siap]]) -> list[tuple[int, HasilTandaTangan]]:
            ditandatangani = self.klien.tandatangani(
                self._nik, [s.kirim for _, s in k], [s.properti for _, s in k],
                passphrase=self._passphrase, totp=self._totp,
            )  # fmt: skip
            keluar = []
            for (i, s), data in zip(k, ditandatangani, strict=True):
                keluar.append((i, self._tulis(s, data, tahan_lama)))
            return keluar

        jalan: set[Future[list[tuple[int, HasilTandaTangan]]]] = set()

        def kumpulkan(selesai: Iterable[Future[list[tuple[int, HasilTandaTangan]]]]) -> None:
            for f in selesai:
                jalan.discard(f)
                keluar = f.result()
                for i, h in keluar:
                    hasil[i] = h
                if kemajuan:
                    kemajuan(len(keluar))

        with ThreadPoolExecutor(max_workers=sejajar, thread_name_prefix="naskah-esc") as ex:
            try:
                kelompok: list[tuple[int, _Siap]] = []
                for n, (i, t) in enumerate(enumerate(tugas), start=1):
                    if t.id_dok is not None:
                        periksa_id(t.id_dok)
                    ada = self._sudah(t) if lewati_ada else None
                    if ada is not None:
                        hasil[i] = ada
                        self.dilewati += 1
                    else:
                        try:
                            kelompok.append((i, self._siapkan(t)))
                        except NaskahError as exc:
                            if gagal is None:
                                raise
                            gagal.append((t.masukan, exc))
                    if kelompok and (len(kelompok) == self.ukuran_batch or n == len(tugas)):
                        while len(jalan) >= 2 * sejajar:  # bounded: memory and calls
                            kumpulkan(wait(jalan, return_when=FIRST_COMPLETED).done)
                        jalan.add(ex.submit(kerjakan, kelompok))
                        kelompok = []
                kumpulkan(wait(jalan).done)
            except BaseException:
                for f in jalan:
                    f.cancel()
                wait(jalan)  # calls in flight finish (their files are complete and checked)
                raise
        return [h for h in hasil if h is not None]

    # -- internals ---------------------------------------------------------------------------

    def _akar(self) -> tuple[x509.Certificate, ...]:
        """Return private copies of the trust roots for one check.

        asn1crypto parses a certificate lazily, filling its parts in place and not thread-safely:
        checks running at once in the call threads of :meth:`tandatangani_langkah` against one
        shared root object could see it half-parsed, and a valid result was then refused as
        "tidak dapat divalidasi" (seen with three ESC calls in flight). Copies loaded from the
        bytes are each parsed by the one thread using them."""
        return tuple(x509.Certificate.load(d) for d in self._akar_der)

    def _tujuan(self, masukan: Path) -> Path:
        if self.opsi.timpa:
            return masukan
        folder = self.opsi.keluaran or masukan.parent
        tujuan = Path(folder) / f"{masukan.stem}{self.opsi.akhiran}{masukan.suffix or '.pdf'}"
        if tujuan.resolve() == masukan.resolve():
            raise TTEError(
                f"Berkas keluaran akan menimpa {masukan.name}; pilih folder keluaran lain atau "
                "pakai --timpa bila memang ingin menimpa."
            )
        return tujuan

    def _siapkan(self, t: Tugas) -> _Siap:
        """Read and check one file, add its naskah signature field; return what is sent."""
        from pyhanko.pdf_utils import generic
        from pyhanko.sign import fields
        from pyhanko.sign.fields import SigFieldSpec

        from naskah.tte.aktif import isi_aktif

        opsi = self.opsi
        nama = t.masukan.name
        data = _baca_pdf(t.masukan, opsi.batas_ukuran)
        ident = t.id_dok or id_dokumen(data)
        writer = _buka_writer(data, nama)
        aktif = isi_aktif(writer.prev)
        if aktif:
            raise TTEError(
                f"{nama} memuat isi aktif ({'; '.join(aktif)}) yang dapat mengubah tampilan "
                "dokumen setelah ditandatangani, sehingga tidak ditandatangani; render ulang "
                "PDF-nya dengan naskah."
            )
        tercatat = self._ikat_catatan(catatan_dari_pdf(writer.prev), nama)
        ada = _daftar_field(writer)
        nama_field, baru = self._field(ada, nama)
        letak = None
        if opsi.tampak and opsi.peran == "pejabat":
            letak = self._letak(data)
            if letak is None and baru:
                raise TTEError(
                    f"Penanda tempat tanda tangan [[TTE]] tidak ditemukan di {nama}; render ulang "
                    "naskah dengan templat yang menyediakan blok tanda tangan, atau tanda tangani "
                    "tanpa --tampak."
                )
        kirim = data
        if baru:
            spec = SigFieldSpec(
                nama_field,
                on_page=letak.halaman if letak else 0,
                box=letak.kotak if letak else None,
            )
            fields.append_signature_field(writer, spec)
            # as signing sets it: signatures exist, append only (else the ESC's revision
            # changes /SigFlags, which the difference analysis rightly flags)
            form = writer.root["/AcroForm"]
            form["/SigFlags"] = generic.NumberObject(3)
            writer.update_container(form)
            out = io.BytesIO()
            writer.write(out)
            kirim = out.getvalue()
        url = alamat_verifikasi(opsi.url_verifikasi, ident) if opsi.url_verifikasi else None
        tampak = letak is not None
        properti = PropertiTandaTangan(
            tampak=tampak,
            tag_koordinat="[[TTE]]" if tampak else None,
            halaman=letak.halaman + 1 if letak else None,
            x=float(letak.kotak[0]) if letak else None,
            y=float(letak.kotak[1]) if letak else None,
            lebar=float(letak.kotak[2] - letak.kotak[0]) if letak else None,
            tinggi=float(letak.kotak[3] - letak.kotak[1]) if letak else None,
            gambar=_png_qr(url) if tampak and url and self.klien.opsi.versi == 2 else None,
            link_qr=url if tampak else None,
            alasan=opsi.alasan or ("Paraf (persetujuan)" if opsi.peran == "paraf" else None),
            lokasi=opsi.lokasi,
        )
        return _Siap(t, kirim, properti, ident, tercatat)

    def _ikat_catatan(self, catatan: object, nama: str) -> Pihak | None:
        """Refuse a document whose record names someone else than this official."""
        opsi = self.opsi
        if catatan is None:
            if opsi.tanpa_catatan:
                return None
            raise TTEError(
                f"{nama} tidak memuat catatan penandatangan dari naskah (bukan PDF hasil "
                "`naskah render`), sehingga tidak dapat dipastikan siapa yang berhak "
                "menandatanganinya; render ulang dengan naskah, atau pakai --tanpa-catatan."
            )
        orang = catatan.verifikator if opsi.peran == "paraf" else catatan.penandatangan  # type: ignore[attr-defined]
        if not orang:
            if opsi.tanpa_catatan:
                return None
            raise TTEError(
                f"{nama} tidak mencatat verifikator pemberi paraf; tambahkan verifikator pada "
                "naskahnya lalu render ulang, atau pakai --tanpa-catatan."
            )
        k = cocokkan(self.pemegang, orang)
        if not k.cocok:
            peran = "diparaf" if opsi.peran == "paraf" else "ditandatangani"
            raise TTEError(
                f"{nama} harus {peran} oleh {k.tercatat.nama_lengkap}, bukan "
                f"{self.pihak.nama_lengkap}; pilih pejabat yang tercatat pada naskahnya."
            )
        return k.tercatat

    def _field(self, ada: dict[str, tuple[bool, object]], nama: str) -> tuple[str, bool]:
        """Return (the naskah field this signature fills, whether it must be created)."""
        import re

        paraf = sorted((int(m.group(1)), n) for n in ada if (m := re.fullmatch(r"Paraf-(\d+)", n)))
        kosong = [n for _, n in paraf if not ada[n][0]]
        ttd = ada.get(FIELD_PEJABAT)
        if self.opsi.peran == "paraf":
            if ttd is not None and ttd[0]:
                raise TTEError(
                    f"{nama} sudah ditandatangani pejabat; paraf harus diberikan sebelum tanda "
                    "tangan pejabat."
                )
            if kosong:
                return kosong[0], False
            return f"{PREFIX_PARAF}{(paraf[-1][0] + 1) if paraf else 1}", True
        if kosong:
            raise TTEError(
                f"Paraf pada {nama} belum lengkap ({', '.join(kosong)} masih kosong); "
                "verifikator harus memaraf lebih dahulu."
            )
        if ttd is not None:
            if ttd[0]:
                raise TTEError(f"{nama} sudah ditandatangani pada kolom {FIELD_PEJABAT}.")
            return FIELD_PEJABAT, False
        return FIELD_PEJABAT, True

    def _letak(self, data: bytes) -> Letak | None:
        import pypdf
        from pypdf.errors import PyPdfError

        from naskah.tte.appearance import cari_penanda

        try:
            return cari_penanda(pypdf.PdfReader(io.BytesIO(data)), self.opsi.ukuran_kotak)
        except (PyPdfError, ValueError, KeyError, TypeError):
            return None

    def _tulis(self, s: _Siap, data: bytes, tahan_lama: bool) -> HasilTandaTangan:
        """Check one returned PDF; write it atomically only when it passes."""
        t = s.tugas
        cek = periksa_hasil(
            s.kirim, data, t.masukan.name, akar=self._akar(), nik=self._nik, pihak=self.pihak,
            tepercaya=self._tepercaya,
        )  # fmt: skip
        bersihkan_sementara(t.keluaran)
        if tahan_lama:
            tulis_bytes(t.keluaran, data, galat=TTEError)
        else:
            with tulis_atomik(t.keluaran, galat=TTEError) as sementara:
                sementara.write_bytes(data)
        from naskah.tte.signers import nama_subjek

        return HasilTandaTangan(
            masukan=t.masukan, keluaran=t.keluaran, field=cek.field, id_dokumen=s.ident,
            tingkat="B-B", tampak=cek.tampak, sha256=hashlib.sha256(data).hexdigest(),
            penandatangan=nama_subjek(cek.sertifikat), tercatat=s.tercatat,
        )  # fmt: skip

    def _sudah(self, t: Tugas) -> HasilTandaTangan | None:
        """Return the result already at ``t.keluaran`` when it holds this official's valid
        signature over the whole file and shows the same text as the file to sign (a resumed
        batch: the document rendered again), else None."""
        if not t.keluaran.is_file():
            return None
        try:
            data = t.keluaran.read_bytes()
            cek = _periksa_ada(data, t.keluaran.name, self)
            if cek is None:
                return None
            ada, baru = _teks(data), _teks(t.masukan.read_bytes())
            if ada is None or ada != baru:
                return None
        except (OSError, HasilDitolak):
            return None
        from naskah.tte.signers import nama_subjek

        return HasilTandaTangan(
            masukan=t.masukan, keluaran=t.keluaran, field=cek[0], id_dokumen=t.id_dok or "",
            tingkat="B-B", tampak=cek[1], sha256=hashlib.sha256(data).hexdigest(),
            penandatangan=nama_subjek(cek[2]), tercatat=None,
        )  # fmt: skip


def _periksa_ada(
    data: bytes, nama: str, sesi: SesiBsre
) -> tuple[str, bool, x509.Certificate] | None:
    """Check an existing signed file: its last signature covers it all, is valid, trusted and
    the official's; return (field, visible, certificate) or None."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        semua = list(reader.embedded_signatures)
    except Exception:  # an unreadable earlier file is signed again, never reused
        return None
    if not semua:
        return None
    akhir = max(semua, key=lambda e: e.signed_revision)
    br = [int(v) for v in akhir.sig_object["/ByteRange"]]
    # the bytes the last signature was made over, as if they had been sent
    dikirim = data[: br[1]]
    ujung = dikirim.rfind(b"%%EOF")
    if ujung < 0:
        return None
    dasar = data[: ujung + 5]
    while len(data) > len(dasar) and data[len(dasar) : len(dasar) + 1] in (b"\r", b"\n"):
        dasar = data[: len(dasar) + 1]
    try:
        cek = periksa_hasil(dasar, data, nama, akar=sesi._akar(), nik=sesi._nik, pihak=sesi.pihak)
    except HasilDitolak:
        return None
    return cek.field, cek.tampak, cek.sertifikat


def _teks(data: bytes) -> list[str] | None:
    """Return the text of every page (None when unreadable, which never matches)."""
    import pypdf
    from pypdf.errors import PyPdfError

    try:
        return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]
    except (PyPdfError, ValueError, KeyError, TypeError):
        return None


def _png_qr(url: str) -> bytes:
    """Return a PNG of the QR code of ``url`` (the v2 visible signature image)."""
    import qrcode

    img = qrcode.make(url, border=1)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()
