"""Verifying signed PDFs: every signature and document timestamp, against configured roots.

This module owns the verification report: for each signature its signer, signing time,
integrity, coverage (the whole document, or what changed after it according to pyHanko's
difference analysis), timestamp validity, whether long-term validation data is embedded, trust
against the configured roots, revocation and expiry. Document timestamps (PAdES B-LTA) are
checked with pyHanko's timestamp validator, since the signature validator refuses them.

Two checks go beyond pyHanko's own:

* **Changes after the last signature** (:mod:`naskah.tte.perubahan`): only validation data and
  document timestamps may follow it. pyHanko classes a new unsigned field whose appearance
  paints over the page as harmless form filling; here anything a reader could see (a widget,
  an annotation, a changed or new page, an action) makes every signature not SAH, and the
  report says what was added and on which page. Form filling that a later signature covers is
  accepted (that signer saw it).
* **Signer binding** (:mod:`naskah.catatan_ttd`): each signature's certificate holder is
  compared with the signer record in the revision that signature covers; a mismatch is not SAH.

Active content (JavaScript, an /OpenAction other than opening a page) is reported as a warning.

Checking that the document's number is registered in the archive is a later stage: callers pass
``periksa_arsip`` (a callable taking the file's bytes) and its answer is put into the report as
is. Logging is left to the program: this module configures no logger.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Iterable
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

from naskah.catatan_ttd import CatatanNaskah, catatan_dari_katalog, cocokkan
from naskah.tte.aktif import isi_aktif
from naskah.tte.perubahan import Perubahan, perubahan_setelah
from naskah.tte.signers import nama_subjek, pemegang_sertifikat

__all__ = ["LaporanBerkas", "PutusanTandaTangan", "verifikasi", "verifikasi_banyak"]

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

    def ke_dict(self) -> dict[str, Any]:
        """Return the report as plain data for JSON."""
        return {
            "berkas": str(self.berkas),
            "sah": self.sah,
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
) -> LaporanBerkas:
    """Verify every signature and document timestamp of one PDF and return the report.

    ``konteks`` builds a fresh validation context per signature (injected by tests); by default
    one trusting exactly ``akar``, fetching revocation data when ``ambil_daring``.
    """
    path = Path(path)
    akar = list(akar)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return LaporanBerkas(path, [], galat=f"Berkas {path} tidak dapat dibaca ({exc.strerror}).")
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
    if konteks is not None:
        buat_konteks = konteks
    elif dss is not None:
        # The embedded validation data (certificates, OCSP responses, CRLs) is always used;
        # the network only adds to it when fetching is allowed.
        def buat_konteks() -> ValidationContext:
            return dss.as_validation_context({"trust_roots": akar, "allow_fetching": ambil_daring})
    else:

        def buat_konteks() -> ValidationContext:
            return konteks_validasi(akar, ambil_daring=ambil_daring)

    hasil = []
    for emb in embedded:
        try:
            hasil.append(_periksa_satu(emb, buat_konteks, dss, akar))
        except _GALAT_VALIDASI as exc:  # a broken signature is reported, not raised
            hasil.append(_rusak(emb, exc))
    laporan = LaporanBerkas(path, hasil)
    _periksa_catatan(data, embedded, hasil, laporan)
    _periksa_perubahan(reader, embedded, hasil, laporan)
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
) -> None:
    """Compare each signature's certificate holder with the document's signer record.

    The record is the one the first signature covers, read from the signed bytes (pyHanko's
    historical view cannot read an XMP stream of an earlier revision): once someone has signed,
    the record is fixed. A later signature over a different record is not SAH, so nobody can
    re-address a document between the paraf and the pejabat's signature.
    """
    biasa = [(emb, p) for emb, p in zip(embedded, hasil, strict=True) if _biasa(emb) and p.utuh]
    if not biasa:
        return
    catatan: CatatanNaskah | None = None
    for i, (emb, putusan) in enumerate(sorted(biasa, key=lambda ep: ep[0].signed_revision)):
        try:
            sendiri = _catatan_revisi(data, emb)
            cert = emb.signer_cert
        except _GALAT_BACA:
            continue
        if i == 0:
            catatan = lap.catatan = sendiri
        if catatan is None:
            if sendiri is not None:
                putusan.masalah.append(
                    "catatan penandatangan ditambahkan setelah tanda tangan pertama"
                )
                putusan.sah = False
            continue
        if sendiri != catatan:
            putusan.masalah.append(
                "catatan penandatangan naskah diubah setelah tanda tangan pertama"
            )
            putusan.sah = False
        paraf = str(emb.field_name).startswith("Paraf-")
        orang = catatan.verifikator if paraf else catatan.penandatangan
        if not orang:
            # no verifikator recorded: the paraf was given with tanpa_catatan, as for a PDF
            # without a record; nothing to compare (sesuai_catatan stays None)
            continue
        k = cocokkan(pemegang_sertifikat(cert), orang)
        putusan.sesuai_catatan = k.cocok
        putusan.tercatat = k.tercatat.nama_lengkap
        if not k.cocok:
            putusan.masalah.append(
                f"penandatangan {putusan.penandatangan} bukan {k.tercatat.nama_lengkap} yang "
                "tercatat pada naskah sebagai " + ("verifikator" if paraf else "penandatangan")
            )
            putusan.sah = False


def _periksa_perubahan(
    reader: PdfFileReader, embedded: list[Any], hasil: list[PutusanTandaTangan], lap: LaporanBerkas
) -> None:
    """Report what was added after the last signature; every signature is then not SAH."""
    biasa = [emb for emb in embedded if _biasa(emb)]
    if not biasa:
        return
    try:
        terakhir = max(emb.signed_revision for emb in biasa)
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
            putusan.masalah.append(
                f"dokumen diubah setelah tanda tangan terakhir tanpa ditandatangani lagi: {ringkas}"
            )
            putusan.sah = False


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
    buat_konteks: Callable[[], ValidationContext],
    dss: DocumentSecurityStore | None,
    akar: list[x509.Certificate],
) -> PutusanTandaTangan:
    jenis_ts = emb.sig_object_type == "/DocTimeStamp"
    masalah: list[str] = []
    status: Any
    if jenis_ts:
        status = validate_pdf_timestamp(emb, validation_context=buat_konteks())
        waktu = status.timestamp
        cap, waktu_cap = "sah" if (status.valid and status.trusted) else "tidak_sah", waktu
    else:
        status = validate_pdf_signature(emb, buat_konteks(), buat_konteks())
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
    elif not tepercaya:
        masalah.append("sertifikat tidak berantai ke akar tepercaya yang dikonfigurasi")
    if cap == "tidak_sah":
        masalah.append("cap waktu tidak sah atau tidak tepercaya")
    penandatangan = nama_subjek(status.signing_cert) if status.signing_cert is not None else None
    ltv = utuh and _ltv_cukup(emb, dss, akar, waktu_cap)
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
    )


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
