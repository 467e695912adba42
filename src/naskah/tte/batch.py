"""Verifying many PDFs signed by the same key: each certificate's chain once, each file's bytes.

This module owns :class:`VerifikasiBatch`. A batch of certificates is signed by one key, so the
trust part of verification (the signer's chain to the configured roots, its validity, key usage
and revocation) gives the same answer for every file: it is done once per signer certificate,
by the full :func:`naskah.tte.verify.verifikasi` of the first file that certificate signed. Each
further file is checked on its own bytes only:

* qpdf (pikepdf, no repair of a damaged file) finds exactly one signature field with a value,
  a plain approval signature (no DocMDP certification, no document timestamp, no DSS);
* its /ByteRange covers the WHOLE file except one hole, the hole is exactly the ``<hex>``
  /Contents string qpdf read for that signature, so nothing was added after signing;
* the CMS container holds one signer whose certificate is one whose chain this batch already
  validated, the digest of the covered bytes equals its signed message digest, and the
  signature over the signed attributes verifies with that certificate's key (no unsigned
  attributes, so no timestamp to validate); the signing-certificate attribute names that
  certificate (the answer remembered per certificate and attribute, the same for every file);
* the signer record in the XMP (:mod:`naskah.catatan_ttd`), when there is one, names the
  certificate's holder, and the file carries no active content.

A chain verdict stands for ten minutes (:data:`UMUR_RANTAI`, so a long session sees a
revocation as a single file would, give or take that) and only while the certificate is within
its validity period; then the next file is fully verified again.

Nothing a file says decides which path it takes: whatever the fast check cannot establish
(another structure, an unknown certificate, a broken digest, an unreadable file) goes through
the full verification, which then gives the same report, or refusal, as for a single file.
The fast path can therefore only confirm what the full path would have accepted.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from asn1crypto import cms, core, x509

from naskah.catatan_ttd import CatatanNaskah, catatan_dari_xmp
from naskah.jam import Jam, sistem
from naskah.tte.verify import LaporanBerkas, PutusanTandaTangan, verifikasi

__all__ = ["VerifikasiBatch"]

_HEKSA = re.compile(rb"[0-9A-Fa-f\s]*")
_SUBFILTER = {"/ETSI.CAdES.detached", "/adbe.pkcs7.detached"}


@dataclass(frozen=True)
class _Bukti:
    """What the fast check read from one file."""

    field: str
    sertifikat: x509.Certificate
    kunci: bytes
    """SHA-256 of the signer certificate's DER (the cache key)."""
    waktu: datetime | None
    utuh: bool
    """The covered bytes' digest matches and the signature verifies with ``sertifikat``."""
    catatan: CatatanNaskah | None
    aktif: bool
    """The file carries an action or JavaScript (the full path reports it)."""


class VerifikasiBatch:
    """Verify many signed PDFs against the same roots, each signer certificate's chain once.

    :meth:`verifikasi` returns the same kind of report as :func:`naskah.tte.verify.verifikasi`
    (without the archive hook);
    ``cepat`` counts the files confirmed by the fast check (the bench reports it).
    """

    def __init__(
        self,
        akar: Iterable[x509.Certificate],
        *,
        ambil_daring: bool = False,
        rantai_sekali: bool = True,
        jam: Jam | None = None,
    ) -> None:
        self.akar = list(akar)
        self.ambil_daring = ambil_daring
        self.rantai_sekali = rantai_sekali
        """False: every file is fully verified (a PDF from outside)."""
        self._rantai: dict[bytes, tuple[PutusanTandaTangan, datetime]] = {}
        """Certificate SHA-256 → the full verdict on its chain and when it was reached."""
        self._jam: Jam = jam or sistem
        self._ess: dict[tuple[bytes, bytes], bool] = {}
        """(certificate SHA-256, signing-certificate attribute DER) → whether they match."""
        self.cepat = 0

    def verifikasi(self, data: bytes, nama: str) -> LaporanBerkas:
        """Verify the signed PDF ``data`` (named ``nama`` in the report and its messages)."""
        bukti = _baca_bukti(data, self._ess) if self.rantai_sekali else None
        if bukti is not None:
            lap = self._dari_cache(Path(nama), bukti)
            if lap is not None:
                self.cepat += 1
                return lap
        with tempfile.TemporaryDirectory(prefix="naskah-verifikasi-") as tmp:
            p = Path(tmp) / "ttd.pdf"
            p.write_bytes(data)
            lap = verifikasi(p, self.akar, ambil_daring=self.ambil_daring)
        lap.berkas = Path(nama)
        if lap.galat:
            lap.galat = lap.galat.replace(str(p), nama).replace(p.name, nama)
        if bukti is not None and bukti.utuh and _layak_disimpan(lap, bukti):
            self._rantai[bukti.kunci] = (lap.tanda_tangan[0], self._jam())
        return lap

    def _dari_cache(self, path: Path, b: _Bukti) -> LaporanBerkas | None:
        """Return the report built from the cached chain verdict, or None (full path)."""
        simpanan = self._rantai.get(b.kunci)
        if simpanan is None or not b.utuh or b.aktif:
            return None
        dasar, saat = simpanan
        if not _masih_berlaku(b.sertifikat, saat, self._jam()):
            del self._rantai[b.kunci]  # validated afresh by the full path
            return None
        sesuai, tercatat, dasar_catatan = _cocok_catatan(b)
        if sesuai is False:
            return None
        putusan = dataclasses.replace(
            dasar, field=b.field, waktu=b.waktu, masalah=[], sesuai_catatan=sesuai,
            tercatat=tercatat, dasar_catatan=dasar_catatan,
        )  # fmt: skip
        return LaporanBerkas(path, [putusan], catatan=b.catatan)


UMUR_RANTAI = timedelta(minutes=10)
"""How long a chain verdict stands for further files (the certificate may be revoked later)."""


def _masih_berlaku(sertifikat: x509.Certificate, saat: datetime, kini: datetime) -> bool:
    """Return whether a chain verdict reached at ``saat`` still stands at ``kini``: within
    :data:`UMUR_RANTAI` of it and inside the certificate's validity period."""
    masa = sertifikat["tbs_certificate"]["validity"]
    mulai, akhir = masa["not_before"].native, masa["not_after"].native
    return saat <= kini < saat + UMUR_RANTAI and mulai <= kini <= akhir


def _layak_disimpan(lap: LaporanBerkas, b: _Bukti) -> bool:
    """Return True when a full report may stand for every file this certificate signs."""
    if lap.galat or len(lap.tanda_tangan) != 1 or lap.perubahan or lap.peringatan:
        return False
    t = lap.tanda_tangan[0]
    return bool(
        t.sah and t.utuh and t.seluruh_dokumen and t.tepercaya and not t.dicabut
        and not t.kedaluwarsa and t.cap_waktu == "tidak_ada" and not t.sertifikasi
        and t.jenis == "tanda_tangan" and t.field == b.field and t.data_validasi == "tidak_ada"
    )  # fmt: skip


def _cocok_catatan(b: _Bukti) -> tuple[bool | None, str | None, str | None]:
    """Compare the certificate's holder with the record, as the full verification does.

    The one signature of a fast-path file must be the pejabat's (``TTE``) by the recorded
    penandatangan; anything else (a lone paraf, another field, another person) answers False
    and goes the full way, which reports it.
    """
    from naskah.tte.signers import ikatan_sertifikat

    c = b.catatan
    if c is None:
        return None, None, None
    if b.field != "TTE":
        return False, None, None
    k = ikatan_sertifikat(b.sertifikat, c.penandatangan)
    return k.cocok, k.tercatat.nama_lengkap, k.dasar


def _baca_bukti(data: bytes, ess: dict[tuple[bytes, bytes], bool] | None = None) -> _Bukti | None:
    """Read and check one file's single signature; None when the fast check does not apply.

    ``ess`` remembers signing-certificate attribute matches across files (see
    :func:`_integritas`).
    """
    import pikepdf

    if ess is None:
        ess = {}
    try:
        with pikepdf.open(io.BytesIO(data), attempt_recovery=False) as pdf:
            if pdf.is_encrypted or pdf.get_warnings():
                return None
            root = pdf.Root
            if "/DSS" in root or "/Perms" in root:
                return None
            af = root.get("/AcroForm")
            if af is None:
                return None
            sig = [f for f in af.get("/Fields", []) if f.get("/FT") == "/Sig"]
            if any("/Kids" in f for f in af.get("/Fields", [])) or len(sig) != 1:
                return None
            v = sig[0].get("/V")
            if v is None or "/Reference" in v or v.get("/Type", "/Sig") != "/Sig":
                return None
            if str(v.get("/SubFilter")) not in _SUBFILTER:
                return None
            br = [int(x) for x in v.ByteRange]
            isi = bytes(v.Contents)
            field = str(sig[0].get("/T"))
            m = v.get("/M")
            tanggal = str(m) if m is not None else None
            md = root.get("/Metadata")
            xmp = md.read_bytes() if md is not None else None
            aktif = _aktif(pdf)
            if pdf.get_warnings():
                return None
    except Exception:  # whatever qpdf cannot read plainly goes the full way
        return None
    if len(br) != 4 or br[0] != 0 or not 0 < br[1] < br[2] or br[2] + br[3] != len(data):
        return None
    if data[br[1] : br[1] + 1] != b"<" or data[br[2] - 1 : br[2]] != b">":
        return None
    lubang = data[br[1] + 1 : br[2] - 1]
    if not _HEKSA.fullmatch(lubang):
        return None
    try:
        if bytes.fromhex(lubang.decode("ascii")) != isi:
            return None
        return _periksa_cms(data, br, isi, field, xmp, aktif, tanggal, ess)
    except Exception:  # a malformed container: the full path reports it
        return None


def _periksa_cms(
    data: bytes,
    br: list[int],
    isi: bytes,
    field: str,
    xmp: bytes | None,
    aktif: bool,
    tanggal: str | None,
    ess: dict[tuple[bytes, bytes], bool],
) -> _Bukti | None:
    from pyhanko.pdf_utils.generic import parse_pdf_date
    from pyhanko.sign.validation.generic_cms import extract_self_reported_ts

    from naskah.tte.sign import _der_length

    ci = cms.ContentInfo.load(isi[: _der_length(isi)])
    if ci["content_type"].native != "signed_data":
        return None
    sd = ci["content"]
    if len(sd["signer_infos"]) != 1 or sd["encap_content_info"]["content"] not in (None, core.VOID):
        return None
    si = sd["signer_infos"][0]
    if si["signed_attrs"] is core.VOID:
        return None
    if si["unsigned_attrs"] is not core.VOID and len(si["unsigned_attrs"]):
        return None  # a signature timestamp: the full path validates it
    cert = _sertifikat_penanda(sd, si)
    if cert is None:
        return None
    nama_md = si["digest_algorithm"]["algorithm"].native
    if nama_md not in ("sha256", "sha384", "sha512"):
        return None
    h = hashlib.new(nama_md)
    h.update(memoryview(data)[: br[1]])
    h.update(memoryview(data)[br[2] : br[2] + br[3]])
    kunci = hashlib.sha256(cert.dump()).digest()
    utuh = _integritas(si, cert, kunci, h.digest(), ess)
    if utuh is None:
        return None
    # as pyHanko: the signed signing-time attribute, else the signature dictionary's /M
    waktu = extract_self_reported_ts(si)
    if waktu is None and tanggal is not None:
        waktu = parse_pdf_date(tanggal, strict=True)
    return _Bukti(
        field=field, sertifikat=cert, kunci=kunci, waktu=waktu, utuh=utuh,
        catatan=catatan_dari_xmp(xmp), aktif=aktif,
    )  # fmt: skip


def _integritas(
    si: Any,
    cert: x509.Certificate,
    kunci: bytes,
    digest: bytes,
    ess: dict[tuple[bytes, bytes], bool],
) -> bool | None:
    """Return whether the covered bytes' ``digest`` and the signature match, as pyHanko's
    ``validate_sig_integrity`` decides; None when the signer info is not one it accepts as is.

    The same steps in the same order (algorithm protection, the signing-certificate attribute,
    content type, message digest, the signature over the signed attributes), with one
    difference: the signing-certificate attribute's match against ``cert`` is remembered in
    ``ess``, keyed by the certificate's SHA-256 and the attribute's DER. pyHanko's byte-for-byte
    shortcut never applies to an ``ESSCertIDv2`` (it compares the tagged directory name), so
    every file would otherwise compare the issuer names through LDAP string preparation (about
    60 % of this check); the answer is a function of those two values alone.
    """
    from cryptography.exceptions import InvalidSignature
    from pyhanko.sign.general import check_ess_certid, find_unique_cms_attribute
    from pyhanko.sign.validation.generic_cms import (
        get_signing_cert_attr,
        validate_algorithm_protection,
    )
    from pyhanko_certvalidator.sig_validate import (
        DefaultSignatureValidator,
        SignatureValidationContext,
    )

    algoritma_ttd = si["signature_algorithm"]
    algoritma_md = si["digest_algorithm"]
    atribut = si["signed_attrs"].untag()
    bertanda = atribut.dump()
    validate_algorithm_protection(
        atribut, claimed_digest_algorithm_obj=algoritma_md,
        claimed_signature_algorithm_obj=algoritma_ttd, claimed_mac_algorithm_obj=None,
    )  # fmt: skip
    attr = get_signing_cert_attr(atribut)
    if attr is not None:
        certid = attr["certs"][0]
        k = (kunci, certid.dump())
        cocok = ess.get(k)
        if cocok is None:
            cocok = ess[k] = bool(check_ess_certid(cert, certid))
        if not cocok:
            return None  # the full path refuses it with pyHanko's own reason
    if find_unique_cms_attribute(atribut, "content_type").native != "data":
        return None
    tertanam = find_unique_cms_attribute(atribut, "message_digest").native
    try:
        DefaultSignatureValidator().validate_signature(
            si["signature"].native, bertanda, cert.public_key, algoritma_ttd,
            context=SignatureValidationContext(
                contextual_md_algorithm=algoritma_md["algorithm"].native, prehashed=False
            ),
        )  # fmt: skip
    except InvalidSignature:
        return False
    return bool(tertanam == digest)


def _sertifikat_penanda(sd: Any, si: Any) -> x509.Certificate | None:
    """Return the certificate the signer info names (issuer and serial, or key id)."""
    sid = si["sid"]
    for c in sd["certificates"]:
        if c.name != "certificate":
            continue
        cert = c.chosen
        if sid.name == "issuer_and_serial_number":
            ias = sid.chosen
            # the serial first, then the issuer's DER (asn1crypto's Name equality is slow)
            if (
                cert.serial_number == ias["serial_number"].native
                and cert["tbs_certificate"]["issuer"].dump() == ias["issuer"].dump()
            ):
                return cert
        elif sid.name == "subject_key_identifier" and cert.key_identifier == sid.chosen.native:
            return cert
    return None


def _aktif(pdf: Any) -> bool:
    """Return True when the catalog, a page or an annotation carries an action or script."""
    import pikepdf

    root = pdf.Root
    buka = root.get("/OpenAction")
    if isinstance(buka, pikepdf.Dictionary):
        if str(buka.get("/S")) != "/GoTo" or "/Next" in buka:
            return True
    elif buka is not None and not isinstance(buka, pikepdf.Array):
        return True
    if "/AA" in root:
        return True
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names:
        return True
    for halaman in pdf.pages:
        if "/AA" in halaman.obj:
            return True
        for annot in halaman.obj.get("/Annots", []):
            if "/AA" in annot:
                return True
            a = annot.get("/A")
            if a is not None and (str(a.get("/S")) != "/URI" or "/Next" in a):
                return True
    return False
