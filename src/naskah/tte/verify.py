"""Verifying signed PDFs: every signature and document timestamp, against configured roots.

This module owns the verification report: for each signature its signer, signing time,
integrity, coverage (the whole document, or what changed after it according to pyHanko's
difference analysis), timestamp validity, whether long-term validation data is embedded, trust
against the configured roots, revocation and expiry. Document timestamps (PAdES B-LTA) are
checked with pyHanko's timestamp validator, since the signature validator refuses them.

Checks beyond pyHanko's own:

* **Signatures by allow-list** (:mod:`naskah.catatan_ttd`): in a document carrying naskah's
  signer record, ``Paraf-N`` fields are signed by the recorded verifikator in the recorded
  order, then ``TTE`` by the recorded penandatangan, last; each certificate is bound to its
  person by :func:`naskah.tte.signers.ikatan_sertifikat` (the recorded NIP, else the name).
  Any other signer or field, a paraf out of order and any signature after the pejabat's is
  not SAH.
* **Changes after the pejabat's signature** (after the last signature for a PDF without a
  record; :mod:`naskah.tte.perubahan`): only validation data and document timestamps may
  follow. pyHanko classes a new field whose appearance paints over the page, or an AcroForm
  rewrite such as ``/NeedAppearances true``, as harmless; here anything a reader could see
  makes every signature not SAH, and the report says what was added and on which page.
* **Revocation actually checked**: a signature trusted only because revocation could not be
  checked (soft-fail: no OCSP/CRL answer, nothing embedded) is BELUM DAPAT DIPASTIKAN
  (``LaporanBerkas.status == "belum_pasti"``, EU DSS's INDETERMINATE), never plain SAH.
* **The real reason**: why a certificate is not trusted is asked of the certificate alone
  (revoked, expired, not yet valid, key usage, self-signed, untrusted root), so a changed
  document is reported as changed content, not as a certificate problem; unsigned bytes
  after the last ``%%EOF`` are not "seluruh dokumen".

Active content (JavaScript, an /OpenAction other than opening a page) is reported as a warning.

Checking that the document's number is registered in the archive is a later stage: callers pass
``periksa_arsip`` (a callable taking the file's bytes) and its answer is put into the report as
is. Logging is left to the program: this module configures no logger.
"""

from __future__ import annotations

import asyncio
import dataclasses
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from asn1crypto import x509
from pyhanko.pdf_utils import misc
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import (
    DocumentSecurityStore,
    validate_pdf_signature,
    validate_pdf_timestamp,
)
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator import errors as cv_errors

from naskah.berkas import alasan_os
from naskah.catatan_ttd import CatatanNaskah, catatan_dari_katalog
from naskah.errors import NaskahError
from naskah.tte.aktif import isi_aktif
from naskah.tte.perubahan import Perubahan, perubahan_setelah
from naskah.tte.signers import alasan_rantai, ikatan_sertifikat, nama_subjek

__all__ = ["LaporanBerkas", "PutusanTandaTangan", "verifikasi", "verifikasi_banyak"]

FIELD_PEJABAT = "TTE"
_RE_PARAF = re.compile(r"^Paraf-\d+$")

_GALAT_BACA: tuple[type[Exception], ...] = (
    misc.PdfError,
    KeyError,
    TypeError,
    ValueError,
    IndexError,
    AttributeError,
    RecursionError,
)
"""What reading a malformed PDF or signature can raise in pyHanko."""
_GALAT_VALIDASI: tuple[type[Exception], ...] = (
    *_GALAT_BACA,
    cv_errors.PathError,
    cv_errors.ValidationError,
    cv_errors.CRLValidationError,
    cv_errors.OCSPValidationError,
    OSError,
)
"""What validating one signature can raise; such a signature is reported broken."""

_CAKUPAN = {
    "seluruh": "seluruh dokumen",
    ModificationLevel.NONE: "tidak ada perubahan setelah tanda tangan",
    ModificationLevel.LTA_UPDATES: "hanya penambahan data validasi/cap waktu dokumen (LTA)",
    ModificationLevel.FORM_FILLING: "hanya pengisian formulir/tanda tangan berikutnya",
    ModificationLevel.ANNOTATIONS: "penambahan anotasi",
    ModificationLevel.OTHER: "isi dokumen diubah setelah ditandatangani",
}
_PERUBAHAN = {
    ModificationLevel.NONE: "tidak_ada",
    ModificationLevel.LTA_UPDATES: "pembaruan_lta",
    ModificationLevel.FORM_FILLING: "pengisian_formulir",
    ModificationLevel.ANNOTATIONS: "anotasi",
    ModificationLevel.OTHER: "perubahan_lain",
}


@dataclass
class PutusanTandaTangan:
    """The verdict on one signature or document timestamp."""

    field: str
    jenis: str
    """``tanda_tangan`` or ``cap_waktu_dokumen``."""
    penandatangan: str | None
    waktu: datetime | None
    """Signing time: the timestamp's time when there is one, else the signer-reported time."""
    utuh: bool
    """The signed bytes are unchanged and the cryptographic signature is valid."""
    seluruh_dokumen: bool
    perubahan: str
    """What changed after this signature: tidak_ada, pembaruan_lta, pengisian_formulir,
    anotasi, perubahan_lain."""
    cakupan: str
    tepercaya: bool
    dicabut: bool
    kedaluwarsa: bool
    cap_waktu: str
    """``tidak_ada``, ``sah`` or ``tidak_sah``."""
    waktu_cap: datetime | None
    ltv_tertanam: bool
    """The embedded validation data (DSS) alone proves this signature's certificate chains, so
    it can be verified offline long after the OCSP/CRL services are gone."""
    data_validasi: str
    """``lengkap`` (as ``ltv_tertanam``), ``tidak_lengkap`` (a DSS with revocation data that
    does not cover this signature) or ``tidak_ada``."""
    sertifikasi: bool
    sah: bool
    # dataclasses.field: the class's own ``field`` attribute shadows the name here
    masalah: list[str] = dataclasses.field(default_factory=list)
    sesuai_catatan: bool | None = None
    """Whether the signer is the person the document's record names (None: no record, or a
    document timestamp)."""
    tercatat: str | None = None
    """The person the record names for this signature (name with titles)."""
    dasar_catatan: str | None = None
    """What decided ``sesuai_catatan``: ``nip`` (the certificate carries the recorded NIP) or
    ``nama`` (the record holds no NIP, so only the name could be compared)."""
    pencabutan: str = "diperiksa"
    """``diperiksa`` (the certificate's revocation status was established: fetched, or
    embedded), ``tidak_diperiksa`` (no OCSP/CRL answer could be had: the signature is then
    BELUM DAPAT DIPASTIKAN, not SAH) or ``dicabut``."""
    belum_pasti: bool = False
    """Nothing is wrong except that revocation could not be checked (EU DSS: INDETERMINATE)."""


@dataclass
class LaporanBerkas:
    """The verdict on one file."""

    berkas: Path
    tanda_tangan: list[PutusanTandaTangan]
    galat: str | None = None
    arsip: Any = None
    """What the archive hook answered (None when no hook was given)."""
    catatan: CatatanNaskah | None = None
    """The signer record of the document's first signed revision."""
    perubahan: list[Perubahan] = dataclasses.field(default_factory=list)
    """What was added after the last signature (beyond validation data and timestamps)."""
    peringatan: list[str] = dataclasses.field(default_factory=list)
    """Warnings that do not by themselves make the file not SAH (active content)."""

    @property
    def sah(self) -> bool:
        """Return True when the file was read, has a signature and every signature is valid."""
        return (
            self.galat is None and bool(self.tanda_tangan) and all(t.sah for t in self.tanda_tangan)
        )

    @property
    def status(self) -> str:
        """Return ``sah``, ``belum_pasti`` (every signature valid except that a certificate's
        revocation could not be checked: EU DSS's INDETERMINATE) or ``tidak_sah``."""
        if self.sah:
            return "sah"
        if (
            self.galat is None
            and self.tanda_tangan
            and all(t.sah or t.belum_pasti for t in self.tanda_tangan)
        ):
            return "belum_pasti"
        return "tidak_sah"

    def ke_dict(self) -> dict[str, Any]:
        """Return the report as plain data for JSON."""
        return {
            "berkas": str(self.berkas),
            "sah": self.sah,
            "status": self.status,
            "galat": self.galat,
            "arsip": self.arsip,
            "catatan": self.catatan.ke_dict() if self.catatan else None,
            "perubahan_setelah_tanda_tangan": [asdict(p) for p in self.perubahan],
            "peringatan": list(self.peringatan),
            "tanda_tangan": [asdict(t) for t in self.tanda_tangan],
        }


def konteks_validasi(
    akar: Iterable[x509.Certificate], *, ambil_daring: bool = True, **kw: Any
) -> ValidationContext:
    """Return a validation context trusting exactly ``akar`` (fetching OCSP/CRL if allowed)."""
    return ValidationContext(trust_roots=list(akar), allow_fetching=ambil_daring, **kw)


def verifikasi(
    path: Path,
    akar: Iterable[x509.Certificate],
    *,
    ambil_daring: bool = True,
    periksa_arsip: Callable[[bytes], Any] | None = None,
    konteks: Callable[[], ValidationContext] | None = None,
    akar_gagal: Sequence[str] = (),
) -> LaporanBerkas:
    """Verify every signature and document timestamp of one PDF and return the report.

    ``konteks`` builds a fresh validation context per signature (injected by tests); by default
    one trusting exactly ``akar``, fetching revocation data when ``ambil_daring``.
    ``akar_gagal`` says why configured trust roots could not be read
    (:func:`muat_akar_longgar`): each is added to the problems of every untrusted signature.
    """
    path = Path(path)
    akar = list(akar)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return LaporanBerkas(
            path, [], galat=f"Berkas {path} tidak dapat dibaca ({alasan_os(exc)})."
        )
    if b"%PDF-" not in data[:1024]:
        return LaporanBerkas(path, [], galat=f"Berkas {path.name} bukan berkas PDF.")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=True)
        if reader.encrypted:
            return LaporanBerkas(
                path,
                [],
                galat=f"Berkas {path.name} terenkripsi; tanda tangannya tidak dapat diperiksa.",
            )
        embedded = list(reader.embedded_signatures)
    except _GALAT_BACA:
        return LaporanBerkas(
            path,
            [],
            galat=f"Berkas {path.name} rusak atau terpotong sehingga tanda tangannya tidak dapat "
            "diperiksa.",
        )
    if not embedded:
        return LaporanBerkas(
            path, [], galat=f"Berkas {path.name} tidak memuat tanda tangan elektronik."
        )
    dss = _baca_dss(reader)

    def buat_konteks_mode(mode: str, pakai_dss: bool = True) -> ValidationContext:
        if konteks is not None:
            return konteks()
        if dss is not None and pakai_dss:
            # The embedded validation data (certificates, OCSP responses, CRLs) is always
            # used; the network only adds to it when fetching is allowed.
            return dss.as_validation_context(
                {"trust_roots": akar, "allow_fetching": ambil_daring, "revocation_mode": mode}
            )
        if mode == "hard-fail" and not ambil_daring:
            # no network and nothing embedded: the check then finds no revocation data
            return konteks_validasi(
                akar, ambil_daring=False, revocation_mode=mode, crls=[], ocsps=[]
            )
        return konteks_validasi(akar, ambil_daring=ambil_daring, revocation_mode=mode)

    hasil = []
    for emb in embedded:
        try:
            hasil.append(_periksa_satu(emb, buat_konteks_mode, dss, akar, len(data)))
        except _GALAT_VALIDASI as exc:  # a broken signature is reported, not raised
            hasil.append(_rusak(emb, exc))
    for t in hasil:
        if not t.tepercaya and not t.belum_pasti:
            t.masalah.extend(f"tidak tepercaya: {g}" for g in akar_gagal)
    laporan = LaporanBerkas(path, hasil)
    acuan = _periksa_catatan(data, embedded, hasil, laporan)
    _periksa_perubahan(reader, embedded, hasil, laporan, acuan)
    _periksa_ekor(data, embedded, hasil, laporan)
    try:
        aktif = isi_aktif(reader)
    except _GALAT_BACA:
        aktif = ["isi aktif tidak dapat diperiksa"]
    laporan.peringatan.extend(
        f"PDF memuat {a}; isi aktif dapat mengubah tampilan dokumen" for a in aktif
    )
    if periksa_arsip is not None:
        laporan.arsip = periksa_arsip(data)
    return laporan


def verifikasi_banyak(
    berkas: Iterable[Path], akar: Iterable[x509.Certificate], **kw: Any
) -> list[LaporanBerkas]:
    """Verify several PDFs with the same roots and settings."""
    akar = list(akar)
    return [verifikasi(Path(p), akar, **kw) for p in berkas]


def _biasa(emb: Any) -> bool:
    return emb.sig_object_type != "/DocTimeStamp"


def _catatan_revisi(data: bytes, emb: Any) -> CatatanNaskah | None:
    """Return the record of the revision ``emb`` signed: read from the signed bytes alone."""
    import pypdf
    from pypdf.errors import PyPdfError

    br = [int(v) for v in emb.sig_object["/ByteRange"]]
    try:
        reader = pypdf.PdfReader(io.BytesIO(data[: br[2] + br[3]]))
        return catatan_dari_katalog(reader.trailer["/Root"])
    except (PyPdfError, *_GALAT_BACA):  # type: ignore[misc]
        return None


def _periksa_catatan(
    data: bytes, embedded: list[Any], hasil: list[PutusanTandaTangan], lap: LaporanBerkas
) -> int | None:
    """Check every signature against the document's signer record: people and order.

    The record is the one the first signature covers, read from the signed bytes (pyHanko's
    historical view cannot read an XMP stream of an earlier revision): once someone has signed,
    the record is fixed. A later signature over a different record is not SAH, so nobody can
    re-address a document between the paraf and the pejabat's signature.

    With a record, signatures are accepted by allow-list: ``Paraf-N`` fields signed by the
    recorded verifikator in the recorded order (the same verifikator may sign again), then
    ``TTE`` signed by the recorded penandatangan, last. Any other signer, any other field, a
    paraf by a verifikator earlier in the order than the previous one and any signature after
    the pejabat's is not SAH, and the report says which field and who.

    Return the revision the pejabat signed (changes after it are judged by
    :func:`_periksa_perubahan`), or None for a document without a record or not yet signed by
    the pejabat (then the last signature is the reference).
    """
    biasa = [(emb, p) for emb, p in zip(embedded, hasil, strict=True) if _biasa(emb)]
    if not biasa:
        return None
    catatan: CatatanNaskah | None = None
    urutan = 0
    """Position reached in the recorded verifikator order."""
    rev_pejabat: int | None = None
    for i, (emb, putusan) in enumerate(sorted(biasa, key=lambda ep: ep[0].signed_revision)):
        try:
            sendiri = _catatan_revisi(data, emb)
            cert = emb.signer_cert
        except _GALAT_BACA:
            if catatan is not None:
                _tolak(putusan, "penanda tangan tidak dapat dibaca sehingga tidak dapat "
                       "dicocokkan dengan catatan naskah")  # fmt: skip
            continue
        if i == 0:
            catatan = lap.catatan = sendiri
        if catatan is None:
            if sendiri is not None:
                _tolak(putusan, "catatan penandatangan ditambahkan setelah tanda tangan pertama")
            continue
        if sendiri != catatan:
            _tolak(putusan, "catatan penandatangan naskah diubah setelah tanda tangan pertama")
        field = putusan.field
        siapa = putusan.penandatangan or "?"
        if rev_pejabat is not None:
            _tolak(
                putusan,
                f"tanda tangan {siapa} di kolom {field} dibubuhkan setelah tanda tangan pejabat; "
                "pejabat harus menandatangani paling akhir",
            )
        if _RE_PARAF.match(field):
            if not catatan.verifikator:
                _tolak(
                    putusan,
                    f"paraf oleh {siapa} di kolom {field} tidak tercatat: naskah tidak mencatat "
                    "verifikator",
                )
                putusan.sesuai_catatan = False
                continue
            k = ikatan_sertifikat(cert, catatan.verifikator[urutan:])
            if k.cocok:
                urutan = catatan.verifikator.index(k.tercatat)
            else:
                semua = ikatan_sertifikat(cert, catatan.verifikator)
                if semua.cocok:
                    k = semua
                    _tolak(
                        putusan,
                        f"paraf {siapa} di kolom {field} tidak sesuai urutan verifikator yang "
                        "tercatat pada naskah",
                    )
                else:
                    _tolak(
                        putusan,
                        f"penandatangan {siapa} di kolom {field} bukan verifikator yang "
                        "tercatat pada naskah",
                    )
        elif field == FIELD_PEJABAT:
            k = ikatan_sertifikat(cert, catatan.penandatangan)
            if rev_pejabat is None:
                rev_pejabat = emb.signed_revision
            if not k.cocok:
                _tolak(
                    putusan,
                    f"penandatangan {siapa} bukan {k.tercatat.nama_lengkap} yang tercatat pada "
                    "naskah sebagai penandatangan"
                    + (
                        " (sertifikatnya tidak memuat NIP yang tercatat)"
                        if k.dasar == "nip"
                        else ""
                    ),
                )
        else:
            _tolak(
                putusan,
                f"tanda tangan {siapa} di kolom {field!r} tidak tercatat: naskah hanya menerima "
                "paraf verifikator (Paraf-1, Paraf-2, …) dan tanda tangan pejabat "
                f"({FIELD_PEJABAT})",
            )
            putusan.sesuai_catatan = False
            continue
        putusan.sesuai_catatan = k.cocok
        putusan.tercatat = k.tercatat.nama_lengkap
        putusan.dasar_catatan = k.dasar
    if catatan is not None and rev_pejabat is None:
        lap.peringatan.append(
            "naskah belum ditandatangani pejabat (kolom TTE); yang ada baru paraf"
        )
    return rev_pejabat


def _tolak(putusan: PutusanTandaTangan, masalah: str) -> None:
    putusan.masalah.append(masalah)
    putusan.sah = False
    putusan.belum_pasti = False


def _periksa_perubahan(
    reader: PdfFileReader,
    embedded: list[Any],
    hasil: list[PutusanTandaTangan],
    lap: LaporanBerkas,
    acuan: int | None = None,
) -> None:
    """Report what was added after the pejabat's signature (``acuan``), else after the last
    signature; every signature is then not SAH.

    After the pejabat, only validation data and document timestamps may follow: a later
    signature (its field, its appearance) is a change like any other.
    """
    biasa = [emb for emb in embedded if _biasa(emb)]
    if not biasa:
        return
    try:
        terakhir = acuan if acuan is not None else max(emb.signed_revision for emb in biasa)
        lap.perubahan = perubahan_setelah(reader, terakhir)
    except _GALAT_BACA as exc:
        lap.perubahan = [
            Perubahan("objek", f"perubahan tidak dapat diperiksa ({type(exc).__name__})")
        ]
    if not lap.perubahan:
        return
    ringkas = "; ".join(p.uraian for p in lap.perubahan[:10])
    if len(lap.perubahan) > 10:
        ringkas += f"; dan {len(lap.perubahan) - 10} perubahan lain"
    for emb, putusan in zip(embedded, hasil, strict=True):
        if _biasa(emb):
            _tolak(
                putusan,
                "dokumen diubah setelah tanda tangan "
                + ("pejabat" if acuan is not None else "terakhir tanpa ditandatangani lagi")
                + f": {ringkas}",
            )


def _periksa_ekor(
    data: bytes, embedded: list[Any], hasil: list[PutusanTandaTangan], lap: LaporanBerkas
) -> None:
    """Report bytes after the file's last revision that no signature covers.

    pyHanko counts a signature that ends before such bytes as covering the whole file;
    pdfsig does not. Line ends and padding alone are harmless (the signature then still does
    not cover the whole file); anything else is reported as a change.
    """
    akhir = data.rfind(b"%%EOF")
    if akhir < 0:
        return
    ekor = data[akhir + 5 :]
    if not ekor.strip(b"\r\n\t\f\x00 "):
        ekor = b""
    for emb, putusan in zip(embedded, hasil, strict=True):
        try:
            br = [int(v) for v in emb.sig_object["/ByteRange"]]
        except _GALAT_BACA:
            continue
        sisa = len(data) - (br[2] + br[3])
        if putusan.seluruh_dokumen and sisa > 0:
            putusan.seluruh_dokumen = False
            putusan.cakupan = f"seluruh revisinya; {sisa} bait di akhir berkas tidak ditandatangani"
    if ekor:
        lap.perubahan.append(
            Perubahan("objek", f"{len(ekor)} bait tak bertanda tangan setelah akhir berkas (%%EOF)")
        )
        for emb, putusan in zip(embedded, hasil, strict=True):
            if _biasa(emb):
                _tolak(
                    putusan,
                    f"berkas memuat {len(ekor)} bait tak bertanda tangan setelah akhir berkas "
                    "(%%EOF)",
                )


def _baca_dss(reader: PdfFileReader) -> DocumentSecurityStore | None:
    """Return the document security store when it carries revocation data (OCSP or CRL)."""
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return None
    except _GALAT_BACA:  # an unreadable DSS is no usable validation data
        return None
    if not (dss.ocsps or dss.crls):
        return None
    return dss


def _ltv_cukup(
    emb: Any,
    dss: DocumentSecurityStore | None,
    akar: list[x509.Certificate],
    waktu: datetime | None,
) -> bool:
    """Return True when the embedded validation data alone proves the signature's chains.

    Offline (no fetching) and with hard-fail revocation checking: every certificate below the
    trust root, the signer's and the timestamp authority's, must have its OCSP response or CRL
    in the DSS. The check is made at ``waktu`` (the time proved by the timestamp), accepting
    revocation data issued after it, as PAdES long-term validation does.
    """
    if dss is None or not akar:
        return False

    def ctx() -> ValidationContext:
        return dss.as_validation_context(
            {
                "trust_roots": akar,
                "allow_fetching": False,
                "revocation_mode": "hard-fail",
                "moment": waktu,
                "retroactive_revinfo": True,
            }
        )

    try:
        if emb.sig_object_type == "/DocTimeStamp":
            st_ts = validate_pdf_timestamp(emb, validation_context=ctx(), skip_diff=True)
            return bool(st_ts.valid and st_ts.trusted)
        st = validate_pdf_signature(emb, ctx(), ctx(), skip_diff=True)
        ts = st.timestamp_validity
        ts_ok = ts is None or bool(ts.intact and ts.valid and ts.trusted)
        return bool(st.intact and st.valid and st.trusted and not st.revoked and ts_ok)
    except _GALAT_VALIDASI:  # whatever fails here means the data is not enough
        return False


def _cakupan(status: Any) -> tuple[bool, str, str, bool]:
    """Return (whole document?, change code, description, acceptable?)."""
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True, "tidak_ada", _CAKUPAN["seluruh"], True
    level = status.modification_level
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION or level is None:
        return False, "perubahan_lain", "cakupan tanda tangan tidak jelas", False
    ok = level <= ModificationLevel.FORM_FILLING and status.docmdp_ok is not False
    return False, _PERUBAHAN.get(level, "perubahan_lain"), _CAKUPAN.get(level, str(level)), ok


def _periksa_satu(
    emb: Any,
    buat_konteks: Callable[..., ValidationContext],
    dss: DocumentSecurityStore | None,
    akar: list[x509.Certificate],
    panjang: int = 0,
) -> PutusanTandaTangan:
    jenis_ts = emb.sig_object_type == "/DocTimeStamp"
    masalah: list[str] = []
    status: Any
    if jenis_ts:
        status = validate_pdf_timestamp(emb, validation_context=buat_konteks("soft-fail"))
        waktu = status.timestamp
        cap, waktu_cap = "sah" if (status.valid and status.trusted) else "tidak_sah", waktu
    else:
        status = validate_pdf_signature(emb, buat_konteks("soft-fail"), buat_konteks("soft-fail"))
        ts = status.timestamp_validity
        if ts is None:
            cap, waktu_cap = "tidak_ada", None
        else:
            cap = "sah" if (ts.intact and ts.valid and ts.trusted) else "tidak_sah"
            waktu_cap = ts.timestamp
        waktu = waktu_cap or status.signer_reported_dt
    utuh = bool(status.intact and status.valid)
    seluruh, perubahan, cakupan, cakupan_ok = _cakupan(status)
    tepercaya = bool(status.trusted)
    dicabut = bool(status.revoked)
    indic = str(getattr(status, "trust_problem_indic", "") or "")
    kedaluwarsa = "EXPIRED" in indic.upper() or "OUT_OF_BOUNDS" in indic.upper()
    sertifikasi = bool(getattr(emb, "docmdp_level", None))
    alasan: str | None = None
    revinfo_kurang = False
    """The chain is fine but no usable OCSP/CRL answer was had (a stale one, say)."""
    if not tepercaya and not dicabut:
        # Why is it not trusted? Ask the certificate alone: a changed document (the digest
        # no longer matches) is not a certificate problem (issue 23 item 6).
        galat = _periksa_sertifikat(emb, buat_konteks("soft-fail"), jenis_ts)
        if galat is not None and _tanpa_data_pencabutan(galat) and dss is not None:
            # The DSS holds revocation data for another signer of the same issuer (a later
            # B-LT signature embeds its own only), which certvalidator then takes as this
            # one's and finds not matching: ask again without it.
            galat = _periksa_sertifikat(emb, buat_konteks("soft-fail", False), jenis_ts)
        if galat is None:
            tepercaya = True
        elif _tanpa_data_pencabutan(galat):
            revinfo_kurang = True
        else:
            dicabut = isinstance(galat, cv_errors.RevokedError)
            kedaluwarsa = kedaluwarsa or isinstance(galat, cv_errors.ExpiredError)
            alasan = alasan_rantai(galat, "penandatangan", swatanda=_swatanda(emb))
    pencabutan = "dicabut" if dicabut else ("tidak_diperiksa" if revinfo_kurang else "diperiksa")
    if not status.intact:
        masalah.append("isi yang ditandatangani telah berubah (digest tidak cocok)")
    elif not status.valid:
        masalah.append("tanda tangan kriptografisnya tidak sah")
    if not cakupan_ok:
        masalah.append(f"dokumen diubah setelah ditandatangani: {cakupan}")
    if dicabut:
        masalah.append("sertifikat penandatangan telah dicabut")
    elif kedaluwarsa:
        masalah.append("sertifikat penandatangan sudah kedaluwarsa")
    elif revinfo_kurang:
        masalah.append(_PESAN_PENCABUTAN)
    elif not tepercaya:
        masalah.append(alasan or "sertifikat tidak berantai ke akar tepercaya yang dikonfigurasi")
    if cap == "tidak_sah":
        masalah.append("cap waktu tidak sah atau tidak tepercaya")
    penandatangan = nama_subjek(status.signing_cert) if status.signing_cert is not None else None
    ltv = utuh and _ltv_cukup(emb, dss, akar, waktu_cap)
    belum_pasti = masalah == [_PESAN_PENCABUTAN]
    if not masalah and not jenis_ts and not ltv and akar:
        # trusted with soft-fail revocation checking: was revocation really checked?
        galat = _periksa_sertifikat(emb, buat_konteks("hard-fail"), jenis_ts, pakai=set())
        if galat is not None and _tanpa_data_pencabutan(galat) and dss is not None:
            galat = _periksa_sertifikat(
                emb, buat_konteks("hard-fail", False), jenis_ts, pakai=set()
            )
        if isinstance(galat, cv_errors.RevokedError):
            dicabut, pencabutan = True, "dicabut"
            masalah.append("sertifikat penandatangan telah dicabut")
        elif galat is not None:
            pencabutan = "tidak_diperiksa"
            belum_pasti = True
            masalah.append(_PESAN_PENCABUTAN)
    return PutusanTandaTangan(
        field=str(emb.field_name),
        jenis="cap_waktu_dokumen" if jenis_ts else "tanda_tangan",
        penandatangan=penandatangan,
        waktu=waktu,
        utuh=utuh,
        seluruh_dokumen=seluruh,
        perubahan=perubahan,
        cakupan=cakupan,
        tepercaya=tepercaya,
        dicabut=dicabut,
        kedaluwarsa=kedaluwarsa,
        cap_waktu=cap,
        waktu_cap=waktu_cap,
        ltv_tertanam=ltv,
        data_validasi="lengkap" if ltv else ("tidak_lengkap" if dss is not None else "tidak_ada"),
        sertifikasi=sertifikasi,
        sah=not masalah,
        masalah=masalah,
        pencabutan=pencabutan,
        belum_pasti=belum_pasti,
    )


def _swatanda(emb: Any) -> bool:
    try:
        return bool(emb.signer_cert.self_signed != "no")
    except _GALAT_BACA:
        return False


_PESAN_PENCABUTAN = (
    "status pencabutan sertifikat penandatangan tidak dapat diperiksa (OCSP/CRL tidak dapat "
    "diambil atau sudah usang, dan tidak tertanam); verifikasi ulang dengan jaringan"
)


def _tanpa_data_pencabutan(galat: BaseException) -> bool:
    """Return True when ``galat`` only says revocation data was missing or unusable."""
    return isinstance(
        galat,
        cv_errors.InsufficientRevinfoError
        | cv_errors.CRLValidationError
        | cv_errors.OCSPValidationError,
    )


def _periksa_sertifikat(
    emb: Any, konteks: ValidationContext, jenis_ts: bool, pakai: set[str] | None = None
) -> BaseException | None:
    """Return why the signer's certificate fails path validation on its own, or None.

    Validated as pyHanko validates a signer: the chain to a configured root, validity, key
    usage (non-repudiation for a signature; a timestamp token's signer is checked by pyHanko),
    revocation as ``konteks`` asks (soft-fail or hard-fail).
    """
    from pyhanko_certvalidator import CertificateValidator

    try:
        cert = emb.signer_cert
        lain = list(emb.other_embedded_certs)
    except _GALAT_BACA as exc:
        return exc
    validator = CertificateValidator(cert, intermediate_certs=lain, validation_context=konteks)
    if pakai is None:
        pakai = set() if jenis_ts else {"non_repudiation"}

    async def jalankan() -> None:
        try:
            await validator.async_validate_usage(pakai)
        finally:
            await konteks.aclose()  # closes the HTTP session it opened, if any

    try:
        asyncio.run(jalankan())
    except (cv_errors.PathError, cv_errors.ValidationError) as exc:
        return exc
    except (cv_errors.CRLValidationError, cv_errors.OCSPValidationError, OSError) as exc:
        return exc
    return None


def _rusak(emb: Any, exc: Exception) -> PutusanTandaTangan:
    try:
        nama = str(emb.field_name)
    except _GALAT_BACA:
        nama = "?"
    return PutusanTandaTangan(
        field=nama,
        jenis="tanda_tangan",
        penandatangan=None,
        waktu=None,
        utuh=False,
        seluruh_dokumen=False,
        perubahan="perubahan_lain",
        cakupan="tidak dapat ditentukan",
        tepercaya=False,
        dicabut=False,
        kedaluwarsa=False,
        cap_waktu="tidak_ada",
        waktu_cap=None,
        ltv_tertanam=False,
        data_validasi="tidak_ada",
        sertifikasi=False,
        sah=False,
        masalah=[f"tanda tangan rusak dan tidak dapat diperiksa ({type(exc).__name__})"],
    )


def muat_akar(paths: Iterable[Path]) -> list[x509.Certificate]:
    """Read the configured trust roots (PEM/DER files)."""
    from naskah.tte.signers import muat_sertifikat

    hasil: list[x509.Certificate] = []
    for p in paths:
        hasil.extend(muat_sertifikat(Path(p)))
    return hasil


def muat_akar_longgar(paths: Iterable[Path]) -> tuple[list[x509.Certificate], list[str]]:
    """Read the configured trust roots for VERIFYING: (the roots read, why the others were not).

    A missing, unreadable or malformed root file is no reason to refuse to verify: the roots
    that could be read are used, and a signature that does not chain to one of them is reported
    as not trusted, with the unread file as a reason (:func:`verifikasi`'s ``akar_gagal``).
    Signing keeps :func:`muat_akar` (a wrong configuration stops it before anything is signed).
    """
    from naskah.tte.signers import muat_sertifikat

    hasil: list[x509.Certificate] = []
    gagal: list[str] = []
    for p in paths:
        try:
            hasil.extend(muat_sertifikat(Path(p)))
        except NaskahError as exc:
            gagal.append(exc.pesan)
    return hasil, gagal
