"""Signing PDFs: one file or a batch, PAdES B-B to B-LTA, visible or invisible, paraf workflow.

This module owns :class:`SesiTandaTangan`, which holds everything that is set up once per batch
(the signer with its loaded key, the timestamper, the validation context, the stamp style and the
size reserved for the signature container) and signs files one by one, writing each output
atomically next to (never over) the original unless asked.

Paraf workflow: field names ``Paraf-1`` … ``Paraf-N`` for the verifikator (in order) and
``TTE`` for the pejabat. When the document is certified (DocMDP, form filling allowed) every
field is created before the certifying signature, because a later signer adding a field breaks
a certification.

Signer binding: a PDF rendered by naskah carries a record of who must sign it
(:mod:`naskah.catatan_ttd`). The certificate's holder is compared with that record before
anything is signed (:func:`naskah.tte.signers.ikatan_sertifikat`: the recorded NIP must be in
the certificate; paraf in the recorded verifikator order); a mismatch is refused. A naskah PDF
carrying form fields, optional content or annotations naskah did not create is refused
(:func:`naskah.tte.perubahan.isi_asing`). With trust roots configured, the certificate's chain
and revocation are checked once, before the first file. The visible stamp shows the name from
the certificate and the jabatan from the record. A PDF without a record is signed only with
``tanpa_catatan=True`` and its stamp then shows exactly what the certificate says.
"""

from __future__ import annotations

import hashlib
import io
import re
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Literal, get_args

import aiohttp
from asn1crypto import x509
from pkcs11.exceptions import PKCS11Error
from pyhanko.pdf_utils import misc
from pyhanko.pdf_utils.generic import ArrayObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import MDPPerm, SigFieldSpec
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator import errors as cv_errors

from naskah.berkas import alasan_os, bersihkan_sementara, tulis_atomik, tulis_bytes
from naskah.catatan_ttd import CatatanNaskah, Pihak, catatan_dari_pdf
from naskah.errors import TTEError
from naskah.jam import sistem
from naskah.tte.aktif import isi_aktif
from naskah.tte.appearance import (
    UKURAN_KOTAK,
    Letak,
    cari_penanda,
    format_waktu,
    gaya_cap,
    pilih_font,
)
from naskah.tte.perubahan import isi_asing
from naskah.tte.signers import (
    Penandatangan,
    ikatan_sertifikat,
    jabatan_subjek,
    nama_subjek,
    pemegang_sertifikat,
    periksa_rantai,
    periksa_sertifikat,
)

Tingkat = Literal["B-B", "B-T", "B-LT", "B-LTA"]
TINGKAT: tuple[Tingkat, ...] = get_args(Tingkat)
Peran = Literal["pejabat", "paraf"]

BATAS_UKURAN = 100 * 1024 * 1024
"""Default largest PDF accepted for signing, in bytes ([tte] batas_ukuran_mb)."""
POLA_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
"""A document id in the verification address: a safe alphabet, at most 64 characters."""

FIELD_PEJABAT = "TTE"
PREFIX_PARAF = "Paraf-"
_RE_PARAF = re.compile(r"^Paraf-(\d+)$")


@dataclass(frozen=True)
class OpsiTandaTangan:
    """How to sign: level, appearance, workflow role and output placement."""

    tingkat: Tingkat = "B-B"
    tsa: str | None = None
    """Timestamp authority URL (B-T and above) when no timestamper is injected."""
    akar_tepercaya: tuple[x509.Certificate, ...] = ()
    """Trust roots: the signer's certificate must chain to one of them (checked when the
    session starts, with revocation); also used to collect revocation data (B-LT, B-LTA)."""
    periksa_daring: bool = True
    """Fetch OCSP/CRL when checking the signer's certificate before signing."""
    tampak: bool = False
    ukuran_kotak: tuple[float, float] = UKURAN_KOTAK
    url_verifikasi: str | None = None
    font: Path | None = None
    alasan: str | None = None
    lokasi: str | None = None
    peran: Peran = "pejabat"
    tanpa_catatan: bool = False
    """Sign a PDF that carries no naskah signer record (a PDF not made by naskah)."""
    zona: tzinfo | None = None
    """Time zone of the stamp's signing time (the office's); UTC when None."""
    batas_ukuran: int = BATAS_UKURAN
    """Largest PDF accepted, in bytes."""
    sertifikasi: bool = False
    jumlah_paraf: int = 0
    """With ``sertifikasi`` and no signature yet: the number of paraf fields to create."""
    keluaran: Path | None = None
    """Output folder; next to the input when empty."""
    timpa: bool = False
    """Replace the input file (atomically) instead of writing ``<name>-ttd.pdf``."""
    akhiran: str = "-ttd"

    def __post_init__(self) -> None:
        # frozen: normalise through object.__setattr__; library callers may pass a list
        object.__setattr__(self, "akar_tepercaya", tuple(self.akar_tepercaya))
        if self.tingkat not in TINGKAT:
            raise TTEError(
                f"Tingkat tanda tangan {self.tingkat!r} tidak dikenal; pilih salah satu dari "
                f"{', '.join(TINGKAT)}."
            )
        if self.peran not in get_args(Peran):
            raise TTEError(f"Peran {self.peran!r} tidak dikenal; pilih pejabat atau paraf.")


@dataclass(frozen=True)
class HasilTandaTangan:
    """One signed file: where it went, which field, the document id, the level and who
    signed for whom (the record's person, None when signed without a record)."""

    masukan: Path
    keluaran: Path
    field: str
    id_dokumen: str
    tingkat: Tingkat
    tampak: bool
    sha256: str
    penandatangan: str = ""
    """The certificate holder's name."""
    tercatat: Pihak | None = None
    """The person the document's record names for this signature."""


def buat_timestamper(url: str) -> TimeStamper:
    """Return an RFC 3161 timestamper for ``url`` (one per batch)."""
    return HTTPTimeStamper(url, timeout=20)


def id_dokumen(data: bytes) -> str:
    """Return the document id used in the verification address: a SHA-256 prefix of the PDF."""
    return hashlib.sha256(data).hexdigest()[:16]


def periksa_id(ident: str) -> str:
    """Return ``ident`` when it is a safe document id; refuse anything else."""
    if not POLA_ID.fullmatch(ident):
        raise TTEError(
            "Id dokumen hanya boleh berisi huruf, angka, garis bawah dan tanda hubung, paling "
            f"banyak 64 karakter ({len(ident)} karakter diberikan); pilih id lain."
        )
    return ident


def alamat_verifikasi(pola: str, ident: str) -> str:
    """Return the verification address: ``{id}`` in ``pola`` replaced by the escaped id."""
    return pola.replace("{id}", urllib.parse.quote(ident, safe=""))


def _der_length(blob: bytes) -> int:
    """Return the length of the DER structure at the start of ``blob`` (header included)."""
    if len(blob) < 2:
        return len(blob)
    first = blob[1]
    if first < 0x80:
        return 2 + first
    n = first & 0x7F
    return 2 + n + int.from_bytes(blob[2 : 2 + n], "big")


class SesiTandaTangan:
    """A signing session: set up once, then sign many files with the same key and settings.

    ``jam`` returns the current time (injected for tests); ``timestamper`` may be injected,
    otherwise one is built from ``opsi.tsa`` for B-T and above.
    """

    def __init__(
        self,
        penandatangan: Penandatangan,
        opsi: OpsiTandaTangan | None = None,
        *,
        timestamper: TimeStamper | None = None,
        jam: Callable[[], datetime] | None = None,
    ) -> None:
        self.penandatangan = penandatangan
        self.opsi = opsi = opsi or OpsiTandaTangan()
        zona = opsi.zona or UTC
        self.jam = jam or (lambda: sistem().astimezone(zona))
        periksa_sertifikat(penandatangan.sertifikat, pada=self.jam())
        self._rantai_diperiksa = not opsi.akar_tepercaya
        """The chain is checked once, before the first file is signed (after that file's
        binding check, whose message is the more specific one)."""
        self.timestamper: TimeStamper | None = None
        if opsi.tingkat != "B-B":
            if timestamper is None and not opsi.tsa:
                raise TTEError(
                    f"Tingkat {opsi.tingkat} membutuhkan layanan cap waktu (TSA); isi --tsa atau "
                    "[tte] tsa di naskah.toml."
                )
            self.timestamper = timestamper or buat_timestamper(opsi.tsa or "")
        self.validation_context: ValidationContext | None = None
        if opsi.tingkat in ("B-LT", "B-LTA"):
            if not opsi.akar_tepercaya:
                raise TTEError(
                    f"Tingkat {opsi.tingkat} membutuhkan sertifikat akar tepercaya untuk "
                    "mengumpulkan data pencabutan; isi [tte] akar_tepercaya di naskah.toml."
                )
            self.validation_context = ValidationContext(
                trust_roots=list(opsi.akar_tepercaya), allow_fetching=True
            )
        cert = penandatangan.sertifikat
        self.pemegang = pemegang_sertifikat(cert)
        self.nama = nama_subjek(cert)
        """The stamp's name: always the certificate's."""
        self._font: str | None = None
        self._cadangan: int | None = None
        """Bytes reserved for the CMS container, measured on the first file of the batch."""

    # -- public -----------------------------------------------------------------------------

    def tandatangani(
        self,
        masukan: Path,
        keluaran: Path | None = None,
        *,
        id_dok: str | None = None,
        tahan_lama: bool = True,
        bersihkan: bool = True,
    ) -> HasilTandaTangan:
        """Sign one PDF and write the result atomically; return where it went.

        ``tahan_lama=False`` skips the per-file fsync: a batch caller then makes the whole
        folder durable at once (:func:`naskah.arsip.tulis.sinkronkan`) before relying on it.
        ``bersihkan=False`` skips looking for a killed run's temporary file beside the output:
        a batch caller then sweeps the folder once
        (:func:`naskah.berkas.bersihkan_sementara_folder`).

        Refused before anything is written: a PDF over the size limit, an unsafe ``id_dok``,
        active content (JavaScript, an /OpenAction other than going to a page), and a
        certificate whose holder is not the person the document's record names.
        """
        masukan = Path(masukan)
        if id_dok is not None:
            periksa_id(id_dok)
        data = _baca_pdf(masukan, self.opsi.batas_ukuran)
        tujuan = keluaran or self._tujuan(masukan)
        if bersihkan:
            bersihkan_sementara(tujuan)
        hasil, nama_field, tampak, tercatat, ident = self._tandatangani_bytes(
            data, masukan.name, id_dok
        )
        if tahan_lama:
            tulis_bytes(tujuan, hasil, galat=TTEError)
        else:
            with tulis_atomik(tujuan, galat=TTEError) as sementara:
                sementara.write_bytes(hasil)
        return HasilTandaTangan(
            masukan=masukan,
            keluaran=tujuan,
            field=nama_field,
            id_dokumen=ident,
            tingkat=self.opsi.tingkat,
            tampak=tampak,
            sha256=hashlib.sha256(hasil).hexdigest(),
            penandatangan=self.nama,
            tercatat=tercatat,
        )

    def tandatangani_banyak(self, berkas: Iterable[Path]) -> list[HasilTandaTangan]:
        """Sign many PDFs with this session's key, timestamper and style, in order."""
        return [self.tandatangani(Path(p)) for p in berkas]

    # -- internals --------------------------------------------------------------------------

    def _tujuan(self, masukan: Path) -> Path:
        if self.opsi.timpa:
            return masukan
        folder = self.opsi.keluaran or masukan.parent
        nama = f"{masukan.stem}{self.opsi.akhiran}{masukan.suffix or '.pdf'}"
        tujuan = Path(folder) / nama
        if tujuan.resolve() == masukan.resolve():
            raise TTEError(
                f"Berkas keluaran akan menimpa {masukan.name}; pilih folder keluaran lain atau "
                "pakai --timpa bila memang ingin menimpa."
            )
        return tujuan

    def _ikat(self, catatan: CatatanNaskah | None, nama: str, sudah_paraf: int = 0) -> Pihak | None:
        """Return the recorded person this certificate signs for; refuse a mismatch.

        Without a record (or, for a paraf, without recorded verifikator) signing needs
        ``tanpa_catatan``; then None is returned and the stamp shows the certificate only.
        A paraf follows the recorded order: after the verifikator who gave the last paraf
        (``sudah_paraf`` is how far the order has come), never one before.
        """
        opsi = self.opsi
        orang: Pihak | tuple[Pihak, ...] | None
        if catatan is None:
            orang = None
        elif opsi.peran == "paraf":
            orang = catatan.verifikator[sudah_paraf:] or None
            if orang is None and catatan.verifikator:
                raise TTEError(
                    f"Semua verifikator yang tercatat pada {nama} sudah memaraf; paraf "
                    "tambahan tidak diterima."
                )
        else:
            orang = catatan.penandatangan
        if orang is None:
            if opsi.tanpa_catatan and catatan is None:
                return None
            if catatan is None:
                raise TTEError(
                    f"{nama} tidak memuat catatan penandatangan dari naskah (bukan PDF hasil "
                    "`naskah render`), sehingga tidak dapat dipastikan siapa yang berhak "
                    "menandatanganinya; render ulang dengan naskah, atau pakai --tanpa-catatan "
                    "bila PDF ini memang dibuat di luar naskah."
                )
            raise TTEError(
                f"{nama} tidak mencatat verifikator pemberi paraf, sehingga paraf tidak dapat "
                "diterima; tambahkan verifikator pada naskahnya lalu render ulang."
            )
        k = ikatan_sertifikat(self.penandatangan.sertifikat, orang)
        if not k.cocok:
            p = self.pemegang
            milik = f"{p.nama}" + (f" (NIP/NIK {p.nomor})" if p.nomor else " (tanpa NIP)")
            t = k.tercatat
            harus = t.nama_lengkap + (f" (NIP {t.nip})" if t.nip else "")
            if isinstance(orang, tuple) and len(orang) > 1:
                harus = (
                    "salah satu verifikatornya (" + ", ".join(v.nama_lengkap for v in orang) + ")"
                )
            peran = "diparaf" if opsi.peran == "paraf" else "ditandatangani"
            syarat = (
                " yang memuat NIP tersebut"
                if k.dasar == "nip" and not isinstance(orang, tuple)
                else ""
            )
            raise TTEError(
                f"Sertifikat ini milik {milik}, padahal {nama} harus {peran} oleh {harus}; "
                f"gunakan sertifikat elektronik orang tersebut{syarat}."
            )
        return k.tercatat

    def _tandatangani_bytes(
        self, data: bytes, nama: str, id_dok: str | None
    ) -> tuple[bytes, str, bool, Pihak | None, str]:
        """Sign ``data``; return (signed bytes, field, visible, recorded person, document id).

        The document id (in the stamp's QR code) is ``id_dok``, else the verification id of the
        PDF's signer record (issue 21: one id per document), else a digest of ``data``.
        """
        opsi = self.opsi
        writer = _buka_writer(data, nama)
        aktif = isi_aktif(writer.prev)
        if aktif:
            raise TTEError(
                f"{nama} memuat isi aktif ({'; '.join(aktif)}) yang dapat mengubah tampilan "
                "dokumen setelah ditandatangani, sehingga tidak ditandatangani; render ulang "
                "PDF-nya dengan naskah."
            )
        ada = _daftar_field(writer)
        nama_field, spec, siapkan = self._pilih_field(writer, ada, nama)
        catatan = _catatan_tetap(data, writer)
        if catatan is not None:
            asing = isi_asing(writer.prev)
            if asing:
                raise TTEError(
                    f"{nama} memuat {'; '.join(asing[:5])} yang tidak dibuat naskah dan dapat "
                    "mengubah tampilan dokumen setelah ditandatangani, sehingga tidak "
                    "ditandatangani; render ulang PDF-nya dengan naskah."
                )
        sudah = _paraf_diberikan(writer, catatan) if opsi.peran == "paraf" else 0
        tercatat = self._ikat(catatan, nama, sudah)
        if not self._rantai_diperiksa:
            # the chain and revocation, as verification will check them (issue 20 item 7)
            periksa_rantai(
                self.penandatangan.sertifikat,
                opsi.akar_tepercaya,
                antara=_sertifikat_lain(self.penandatangan),
                pada=self.jam(),
                ambil_daring=opsi.periksa_daring,
            )
            self._rantai_diperiksa = True
        ident = id_dok or (catatan.id_verifikasi if catatan else None) or id_dokumen(data)
        certify = False
        if opsi.sertifikasi and not any(signed for signed, _ in ada.values()):
            certify = True
            for f in siapkan:
                fields.append_signature_field(writer, f)
            spec = None  # the field now exists
        elif siapkan:
            raise TTEError(
                f"Kolom tanda tangan pada {nama} tidak dapat disiapkan."
            )  # pragma: no cover
        # Is the target field visible (an existing field with a non-empty box, or a new one)?
        kotak = _kotak_field(writer, nama_field) if spec is None else spec.box
        tampak = bool(kotak and (kotak[2] - kotak[0]) > 1 and (kotak[3] - kotak[1]) > 1)

        meta = signers.PdfSignatureMetadata(
            field_name=nama_field,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=opsi.alasan or ("Paraf (persetujuan)" if opsi.peran == "paraf" else None),
            location=opsi.lokasi,
            certify=certify,
            docmdp_permissions=MDPPerm.FILL_FORMS,
            embed_validation_info=self.validation_context is not None,
            validation_context=self.validation_context,
            use_pades_lta=opsi.tingkat == "B-LTA",
        )
        style = None
        text_params = None
        if tampak:
            if self._font is None:
                self._font = str(pilih_font(opsi.font))
            url = alamat_verifikasi(opsi.url_verifikasi, ident) if opsi.url_verifikasi else None
            # name from the certificate; jabatan from the record (the certificate's without one)
            if tercatat is None:
                jabatan = jabatan_subjek(self.penandatangan.sertifikat)
            elif opsi.peran == "pejabat" and catatan is not None:
                jabatan = catatan.jabatan_cap
            else:
                jabatan = tercatat.jabatan
            style = gaya_cap(self.nama, jabatan, url is not None, self._font)
            text_params = {"url": url} if url else {}
            text_params["waktu"] = format_waktu(self.jam())
        pdf_signer = signers.PdfSigner(
            meta,
            signer=self.penandatangan.signer,
            timestamper=self.timestamper,
            stamp_style=style,
            new_field_spec=spec,
        )
        out = io.BytesIO()
        try:
            try:
                pdf_signer.sign_pdf(
                    writer,
                    bytes_reserved=self._cadangan,
                    appearance_text_params=text_params,
                    output=out,
                )
            except SigningError:
                if self._cadangan is None:
                    raise
                # Perhaps the reserved space was too small (a bigger timestamp, say): measure
                # again with pyHanko's own trial signature.
                self._cadangan = None
                writer = _buka_writer(data, nama)
                if certify:
                    for f in siapkan:
                        fields.append_signature_field(writer, f)
                out = io.BytesIO()
                pdf_signer.sign_pdf(writer, appearance_text_params=text_params, output=out)
        except _GALAT_PENANDATANGANAN as exc:
            raise _terjemahkan_galat(exc, nama, self.opsi) from exc
        hasil = out.getvalue()
        if self._cadangan is None:
            self._cadangan = self._ukur_cadangan(hasil, nama_field)
        return hasil, nama_field, tampak, tercatat, ident

    def _ukur_cadangan(self, hasil: bytes, nama_field: str) -> int | None:
        """Return the bytes to reserve for the next files' signature container."""
        from pyhanko.pdf_utils.reader import PdfFileReader

        try:
            reader = PdfFileReader(io.BytesIO(hasil))
            for emb in reader.embedded_signatures:
                if emb.field_name == nama_field:
                    ukuran = _der_length(emb.pkcs7_content)
                    margin = 1024 if self.opsi.tingkat == "B-B" else 8192
                    # pyHanko counts the hex digits of /Contents: two per DER byte.
                    return 2 * (ukuran + margin)
        except _GALAT_BACA:  # then simply keep pyHanko's trial signature
            return None
        return None

    def _pilih_field(
        self, writer: IncrementalPdfFileWriter, ada: dict[str, tuple[bool, object]], nama: str
    ) -> tuple[str, SigFieldSpec | None, list[SigFieldSpec]]:
        """Return (field name, spec of a new field or None, fields to create before certifying)."""
        opsi = self.opsi
        paraf = sorted(
            ((int(m.group(1)), n) for n in ada if (m := _RE_PARAF.match(n))), key=lambda t: t[0]
        )
        kosong_paraf = [n for _, n in paraf if not ada[n][0]]
        sudah_ditandatangani = any(s for s, _ in ada.values())
        perlu_letak = opsi.peran == "pejabat" and opsi.tampak and FIELD_PEJABAT not in ada
        letak = self._letak(writer, nama) if perlu_letak else None
        spec_pejabat = SigFieldSpec(
            FIELD_PEJABAT,
            on_page=letak.halaman if letak else 0,
            box=letak.kotak if letak else None,
        )
        if opsi.peran == "paraf":
            if kosong_paraf:
                return kosong_paraf[0], None, []
            if FIELD_PEJABAT in ada and ada[FIELD_PEJABAT][0]:
                raise TTEError(
                    f"{nama} sudah ditandatangani pejabat; paraf harus diberikan sebelum tanda "
                    "tangan pejabat."
                )
            berikut = (paraf[-1][0] + 1) if paraf else 1
            nama_field = f"{PREFIX_PARAF}{berikut}"
            if opsi.sertifikasi and not sudah_ditandatangani:
                jumlah = max(opsi.jumlah_paraf, 1)
                siapkan = [SigFieldSpec(f"{PREFIX_PARAF}{i}") for i in range(1, jumlah + 1)]
                siapkan.append(self._spec_pejabat_untuk_persiapan(writer, nama))
                return nama_field, None, siapkan
            if _tersertifikasi(writer):
                raise TTEError(
                    f"{nama} sudah disertifikasi dan tidak menyediakan kolom paraf lagi; menambah "
                    "kolom baru akan merusak sertifikasi."
                )
            return nama_field, SigFieldSpec(nama_field), []
        # pejabat
        if kosong_paraf:
            raise TTEError(
                f"Paraf pada {nama} belum lengkap ({', '.join(kosong_paraf)} masih kosong); "
                "verifikator harus memaraf lebih dahulu."
            )
        if FIELD_PEJABAT in ada:
            if ada[FIELD_PEJABAT][0]:
                raise TTEError(f"{nama} sudah ditandatangani pada kolom {FIELD_PEJABAT}.")
            return FIELD_PEJABAT, None, []
        if opsi.tampak and letak is None:
            raise TTEError(
                f"Penanda tempat tanda tangan [[TTE]] tidak ditemukan di {nama}; render ulang "
                "naskah dengan templat yang menyediakan blok tanda tangan, atau tanda tangani "
                "tanpa --tampak."
            )
        if not opsi.tampak:
            spec_pejabat = SigFieldSpec(FIELD_PEJABAT, on_page=0, box=None)
        if opsi.sertifikasi and not sudah_ditandatangani:
            return FIELD_PEJABAT, None, [spec_pejabat]
        if _tersertifikasi(writer):
            raise TTEError(
                f"{nama} sudah disertifikasi tanpa kolom {FIELD_PEJABAT}; menambah kolom baru akan "
                "merusak sertifikasi."
            )
        return FIELD_PEJABAT, spec_pejabat, []

    def _spec_pejabat_untuk_persiapan(
        self, writer: IncrementalPdfFileWriter, nama: str
    ) -> SigFieldSpec:
        """Return the pejabat's field created in advance: at the marker when there is one."""
        letak = self._letak(writer, nama)
        if letak is None:
            return SigFieldSpec(FIELD_PEJABAT)
        return SigFieldSpec(FIELD_PEJABAT, on_page=letak.halaman, box=letak.kotak)

    def _letak(self, writer: IncrementalPdfFileWriter, nama: str) -> Letak | None:
        import pypdf
        from pypdf.errors import PyPdfError

        try:
            reader = pypdf.PdfReader(io.BytesIO(_bytes_writer(writer)))
            return cari_penanda(reader, self.opsi.ukuran_kotak)
        except _GALAT_BACA:  # unreadable text means no marker
            return None
        except PyPdfError:
            return None


# -- helpers ----------------------------------------------------------------------------------


def _catatan_tetap(data: bytes, writer: IncrementalPdfFileWriter) -> CatatanNaskah | None:
    """Return the document's signer record: the one its first signature covers when it is
    signed already (the record is fixed from then on), else the latest revision's."""
    import pypdf
    from pypdf.errors import PyPdfError

    try:
        tanda = [e for e in writer.prev.embedded_signatures if e.sig_object_type == "/Sig"]
    except _GALAT_BACA:
        tanda = []
    if not tanda:
        return catatan_dari_pdf(writer.prev)
    pertama = min(tanda, key=lambda e: e.signed_revision)
    try:
        br = [int(v) for v in pertama.sig_object["/ByteRange"]]
        reader = pypdf.PdfReader(io.BytesIO(data[: br[2] + br[3]]))
        return catatan_dari_pdf(reader)
    except _GALAT_BACA:
        return None
    except PyPdfError:
        return None


def _sertifikat_lain(penandatangan: Penandatangan) -> list[x509.Certificate]:
    """Return the certificates the signer carries besides its own (its chain)."""
    try:
        return list(penandatangan.signer.cert_registry or ())
    except (AttributeError, TypeError):
        return []


def _paraf_diberikan(writer: IncrementalPdfFileWriter, catatan: CatatanNaskah | None) -> int:
    """Return how far the recorded verifikator order has come: one past the verifikator
    who gave the latest paraf (0 when none has)."""
    if catatan is None or not catatan.verifikator:
        return 0
    sampai = 0
    try:
        tanda = sorted(
            (e for e in writer.prev.embedded_signatures if e.sig_object_type == "/Sig"),
            key=lambda e: e.signed_revision,
        )
        for e in tanda:
            if not _RE_PARAF.match(str(e.field_name)):
                continue
            for i in range(sampai, len(catatan.verifikator)):
                if ikatan_sertifikat(e.signer_cert, catatan.verifikator[i]).cocok:
                    sampai = i  # the same verifikator may give a paraf again
                    break
    except _GALAT_BACA:
        return 0
    return sampai


def _bytes_writer(writer: IncrementalPdfFileWriter) -> bytes:
    stream = writer.prev.stream
    pos = stream.tell()
    stream.seek(0)
    data = stream.read()
    stream.seek(pos)
    return data


_GALAT_BACA: tuple[type[Exception], ...] = (
    misc.PdfError,
    KeyError,
    TypeError,
    ValueError,
    IndexError,
    AttributeError,
    RecursionError,
)
"""What reading a malformed PDF can raise in pyHanko/pypdf (a broken object graph)."""

_GALAT_PENANDATANGANAN: tuple[type[Exception], ...] = (
    *_GALAT_BACA,
    SigningError,
    TimestampRequestError,
    aiohttp.ClientError,
    TimeoutError,
    cv_errors.PathError,
    cv_errors.ValidationError,
    cv_errors.CRLValidationError,
    cv_errors.OCSPValidationError,
    OSError,
    PKCS11Error,
)
"""What pyHanko, the TSA/OCSP/CRL fetchers or a token can raise while signing."""


def _baca_pdf(path: Path, batas: int = BATAS_UKURAN) -> bytes:
    try:
        ukuran = path.stat().st_size
    except FileNotFoundError:
        raise TTEError(f"Berkas {path} tidak ditemukan; periksa nama dan foldernya.") from None
    except OSError as exc:
        raise TTEError(f"Berkas {path} tidak dapat dibaca ({alasan_os(exc)}).") from None
    if ukuran > batas:
        raise TTEError(
            f"Berkas {path.name} berukuran {ukuran / 1048576:.1f} MB, melebihi batas "
            f"{batas / 1048576:.0f} MB untuk ditandatangani; perkecil PDF-nya atau naikkan "
            "[tte] batas_ukuran_mb di naskah.toml."
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TTEError(f"Berkas {path} tidak ditemukan; periksa nama dan foldernya.") from None
    except IsADirectoryError:
        raise TTEError(f"{path} adalah folder, bukan berkas PDF.") from None
    except OSError as exc:
        raise TTEError(f"Berkas {path} tidak dapat dibaca ({alasan_os(exc)}).") from None
    if b"%PDF-" not in data[:1024]:
        raise TTEError(
            f"Berkas {path.name} bukan berkas PDF; tanda tangan elektronik hanya untuk PDF hasil "
            "render naskah."
        )
    return data


def _buka_writer(data: bytes, nama: str) -> IncrementalPdfFileWriter:
    if b"%%EOF" not in data[-2048:]:
        raise TTEError(
            f"Berkas {nama} terpotong atau rusak (penanda akhir %%EOF tidak ada); ambil ulang "
            "berkas aslinya lalu coba lagi."
        )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=True)
    except _GALAT_BACA:
        raise TTEError(
            f"Berkas {nama} rusak dan tidak dapat dibaca sebagai PDF; ambil ulang berkas aslinya "
            "lalu coba lagi."
        ) from None
    if writer.prev.encrypted:
        raise TTEError(
            f"Berkas {nama} terenkripsi (dilindungi kata sandi); buka kuncinya atau render ulang "
            "tanpa enkripsi sebelum ditandatangani."
        )
    if writer.prev.xrefs.hybrid_xrefs_present:
        raise TTEError(
            f"Berkas {nama} memakai tabel rujukan silang hibrida yang dapat dibaca berbeda oleh "
            "aplikasi lain sehingga tidak aman ditandatangani; simpan ulang PDF-nya (mis. `qpdf "
            "berkas.pdf baru.pdf`) lalu tanda tangani berkas baru itu."
        )
    try:
        writer.root  # noqa: B018 - forces the catalog to be read
        _ = writer.prev.root["/Pages"]
    except _GALAT_BACA:
        raise TTEError(
            f"Berkas {nama} rusak (katalog atau daftar halamannya tidak terbaca); ambil ulang "
            "berkas aslinya lalu coba lagi."
        ) from None
    return writer


def _daftar_field(writer: IncrementalPdfFileWriter) -> dict[str, tuple[bool, object]]:
    """Return {field name: (signed?, field dict)} for the document's signature fields."""
    hasil: dict[str, tuple[bool, object]] = {}
    try:
        for name, value, ref in fields.enumerate_sig_fields(writer.prev, filled_status=None):
            hasil[str(name)] = (value is not None, ref)
    except _GALAT_BACA:  # no AcroForm, or a broken one: no fields
        pass
    return hasil


def _kotak_field(writer: IncrementalPdfFileWriter, nama_field: str) -> tuple[float, ...] | None:
    try:
        for name, _value, ref in fields.enumerate_sig_fields(writer, filled_status=None):
            if str(name) == nama_field:
                obj = ref.get_object()
                rect = obj.get("/Rect")
                if rect is None and "/Kids" in obj:
                    rect = obj["/Kids"][0].get_object().get("/Rect")
                if isinstance(rect, ArrayObject | list):
                    return tuple(float(v) for v in rect)
    except _GALAT_BACA:
        return None
    return None


def _tersertifikasi(writer: IncrementalPdfFileWriter) -> bool:
    try:
        perms = writer.prev.root.get("/Perms")
        return perms is not None and "/DocMDP" in perms
    except _GALAT_BACA:
        return False


def _rantai(exc: BaseException) -> list[BaseException]:
    """Return ``exc`` and the exceptions it was raised from (pyHanko wraps its causes)."""
    hasil: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in hasil and len(hasil) < 10:
        hasil.append(cur)
        cur = cur.__cause__ or cur.__context__
    return hasil


def _terjemahkan_galat(exc: Exception, nama: str, opsi: OpsiTandaTangan) -> TTEError:
    """Translate a pyHanko/network/token failure during signing into one Indonesian sentence.

    Decided by the exception's type (and the types of its causes), never by its message.
    """
    rantai = _rantai(exc)

    def ada(*jenis: type[BaseException] | None) -> bool:
        kelas = tuple(j for j in jenis if j is not None)
        return any(isinstance(e, kelas) for e in rantai)

    if ada(TimestampRequestError):
        return TTEError(
            f"Layanan cap waktu (TSA) {opsi.tsa or ''} tidak dapat memberi cap waktu untuk {nama}; "
            "periksa alamat TSA dan sambungan jaringan lalu coba lagi."
        )
    if ada(cv_errors.RevokedError):
        return TTEError(
            f"Sertifikat penandatangan sudah dicabut sehingga {nama} tidak dapat ditandatangani; "
            "hubungi penerbit sertifikat."
        )
    if ada(
        cv_errors.PathError,
        cv_errors.ValidationError,
        cv_errors.CRLValidationError,
        cv_errors.OCSPValidationError,
    ):
        return TTEError(
            f"Data validasi jangka panjang (OCSP/CRL) untuk {nama} tidak dapat dikumpulkan; "
            "periksa akar tepercaya di naskah.toml dan sambungan ke layanan penerbit sertifikat."
        )
    if ada(aiohttp.ClientError, ConnectionError, TimeoutError):
        if opsi.tingkat != "B-B" and not opsi.akar_tepercaya:
            return TTEError(
                f"Layanan cap waktu (TSA) {opsi.tsa or ''} tidak dapat dihubungi untuk {nama}; "
                "periksa alamat TSA dan sambungan jaringan lalu coba lagi."
            )
        return TTEError(
            f"Sambungan jaringan gagal saat menandatangani {nama}; periksa jaringan lalu coba lagi."
        )
    if ada(PKCS11Error):
        return TTEError(
            f"Token gagal membuat tanda tangan untuk {nama}; pastikan token masih terpasang lalu "
            "coba lagi."
        )
    return TTEError(
        f"Berkas {nama} tidak dapat ditandatangani ({type(exc).__name__}); periksa apakah PDF-nya "
        "utuh, lalu ulangi dengan --verbose dan laporkan pesannya bila masih gagal."
    )
