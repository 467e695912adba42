"""Never trust the ESC's answer: what a returned PDF must be before a byte of it is written.

This module owns :func:`periksa_hasil`. A PDF the ESC returns is accepted only when:

* it starts with exactly the bytes that were sent (an incremental update over them);
* it carries exactly one signature more than the sent PDF, and that new signature's
  /ByteRange covers the whole returned file except its /Contents hole;
* the signature is intact (digest and signature value) and its signer certificate chains to
  the roots of ``[tte] akar_tepercaya`` (pyHanko's validation);
* the difference analysis of the new revision over the sent one finds nothing beyond filling
  a signature field (the field, its widget and appearance): no page content, no other object;
* the signer certificate belongs to the official: the NIK configured for them in
  ``[pejabat.*]`` in the subject's serialNumber, else the binding rule of local signing
  (:func:`_ikat`, through local signing's :func:`naskah.tte.signers.ikatan_sertifikat`).

Anything else raises :class:`HasilDitolak` (one Indonesian sentence, no personal data).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from asn1crypto import x509

from naskah.catatan_ttd import Pihak
from naskah.errors import TTEError

__all__ = ["HasilDitolak", "PenandatanganLain", "DokumenDiubah", "periksa_hasil", "jumlah_ttd"]


class HasilDitolak(TTEError):
    """The ESC returned a PDF naskah refuses to write."""


class PenandatanganLain(HasilDitolak):
    """The returned PDF is signed by someone other than the official."""


class DokumenDiubah(HasilDitolak):
    """The returned PDF changes the document beyond adding the signature."""


@dataclass(frozen=True)
class HasilPeriksa:
    """What the check established about one returned PDF."""

    field: str
    sertifikat: x509.Certificate
    tampak: bool


def jumlah_ttd(data: bytes) -> int:
    """Return the number of signatures in a PDF (0 when it cannot be read)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return len(PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures)
    except Exception:  # unreadable means no signature we can count
        return 0


def _ikat(cert: x509.Certificate, nik: str | None, pihak: Pihak | None) -> bool:
    """Return whether ``cert`` belongs to the official: the NIK BSrE certifies, else the
    binding rule every signer goes through (:func:`naskah.tte.signers.ikatan_sertifikat`)."""
    from naskah.tte.signers import ikatan_sertifikat, pemegang_sertifikat

    pemegang = pemegang_sertifikat(cert)
    if nik and pemegang.nomor and len(pemegang.nomor) == 16:
        return pemegang.nomor == nik
    if pihak is None:
        return False
    return ikatan_sertifikat(cert, pihak).cocok


def periksa_hasil(
    dikirim: bytes,
    hasil: bytes,
    nama: str,
    *,
    akar: tuple[x509.Certificate, ...],
    nik: str | None,
    pihak: Pihak | None,
    tepercaya: set[bytes] | None = None,
) -> HasilPeriksa:
    """Check a PDF the ESC returned for ``dikirim`` (see the module doc); raise when refused.

    ``tepercaya`` (kept by the caller for a batch) holds the SHA-256 of signer certificates
    this check already found trusted and the official's: a file whose single signature is by
    one of them is then checked on its own bytes only (:func:`_cepat`), as
    :class:`naskah.tte.batch.VerifikasiBatch` does; anything that check cannot establish goes
    the full way, so it can only accept what the full check accepts.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel
    from pyhanko.sign.diff_analysis.policy_api import SuspiciousModification
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    if len(hasil) <= len(dikirim) or hasil[: len(dikirim)] != dikirim:
        raise DokumenDiubah(
            f"PDF {nama} yang dikembalikan ESC tidak memuat dokumen yang dikirim tanpa perubahan "
            "(bukan tambahan bertahap atas berkas aslinya); hasilnya ditolak dan tidak ditulis."
        )
    if tepercaya:
        cepat = _cepat(dikirim, hasil, tepercaya)
        if cepat is not None:
            return cepat
    if not akar:
        raise HasilDitolak(
            "Akar tepercaya BSrE belum diatur, sehingga hasil ESC tidak dapat diperiksa; isi "
            "[tte] akar_tepercaya dengan sertifikat akar dan antara BSrE."
        )
    try:
        asal = PdfFileReader(io.BytesIO(dikirim), strict=False)
        sebelum = len(asal.embedded_signatures)
        rev_kirim = asal.xrefs.total_revisions - 1
        reader = PdfFileReader(io.BytesIO(hasil), strict=False)
        semua = list(reader.embedded_signatures)
    except Exception:  # whatever pyHanko cannot read is refused
        raise HasilDitolak(
            f"PDF {nama} yang dikembalikan ESC rusak dan tidak dapat dibaca; hasilnya ditolak dan "
            "tidak ditulis."
        ) from None
    if len(semua) != sebelum + 1:
        raise DokumenDiubah(
            f"PDF {nama} yang dikembalikan ESC memuat {len(semua) - sebelum} tanda tangan baru, "
            "bukan tepat satu; hasilnya ditolak dan tidak ditulis."
        )
    baru = max(semua, key=lambda e: e.signed_revision)
    try:
        br = [int(v) for v in baru.sig_object["/ByteRange"]]
    except Exception:  # no readable /ByteRange: refused just below
        br = []
    if len(br) != 4 or br[0] != 0 or br[2] + br[3] != len(hasil) or br[1] < len(dikirim):
        raise DokumenDiubah(
            f"Tanda tangan baru pada PDF {nama} dari ESC tidak mencakup seluruh berkas; hasilnya "
            "ditolak dan tidak ditulis."
        )
    try:
        vc = ValidationContext(trust_roots=list(akar), allow_fetching=False)
        status = validate_pdf_signature(baru, vc, skip_diff=True)
    except Exception:  # whatever pyHanko cannot validate is refused
        raise HasilDitolak(
            f"Tanda tangan pada PDF {nama} dari ESC tidak dapat divalidasi; hasilnya ditolak dan "
            "tidak ditulis."
        ) from None
    if not (status.intact and status.valid):
        raise DokumenDiubah(
            f"Tanda tangan pada PDF {nama} dari ESC tidak utuh (isi tidak cocok dengan tanda "
            "tangannya); hasilnya ditolak dan tidak ditulis."
        )
    cert = status.signing_cert
    if not status.trusted:
        raise PenandatanganLain(
            f"Sertifikat penanda tangan PDF {nama} dari ESC tidak berantai ke akar BSrE di "
            "[tte] akar_tepercaya; hasilnya ditolak dan tidak ditulis."
        )
    if not _ikat(cert, nik, pihak):
        raise PenandatanganLain(
            f"PDF {nama} dari ESC ditandatangani dengan sertifikat orang lain, bukan pejabat yang "
            "diminta; hasilnya ditolak dan tidak ditulis."
        )
    try:
        diff = DEFAULT_DIFF_POLICY.review_file(reader, rev_kirim)
    except Exception:  # no diff analysis possible: refused just below
        diff = None
    if (
        diff is None
        or isinstance(diff, SuspiciousModification)
        or diff.modification_level > ModificationLevel.FORM_FILLING
    ):
        raise DokumenDiubah(
            f"PDF {nama} dari ESC mengubah dokumen selain menambah tanda tangan; hasilnya ditolak "
            "dan tidak ditulis."
        )
    from naskah.catatan_ttd import catatan_dari_pdf

    if catatan_dari_pdf(asal) != catatan_dari_pdf(PdfFileReader(io.BytesIO(hasil), strict=False)):
        raise DokumenDiubah(
            f"PDF {nama} dari ESC mengubah catatan penandatangan naskah di dalamnya; hasilnya "
            "ditolak dan tidak ditulis."
        )
    try:
        rect = baru.sig_field.get("/Rect")
        if rect is None and "/Kids" in baru.sig_field:
            rect = baru.sig_field["/Kids"][0].get_object().get("/Rect")
        kotak = [float(v) for v in rect] if rect is not None else []
        tampak = len(kotak) == 4 and kotak[2] - kotak[0] > 1 and kotak[3] - kotak[1] > 1
    except Exception:  # an unreadable box is reported as an invisible signature
        tampak = False
    if tepercaya is not None:
        import hashlib

        tepercaya.add(hashlib.sha256(cert.dump()).digest())
    return HasilPeriksa(field=str(baru.field_name), sertifikat=cert, tampak=tampak)


def _cepat(dikirim: bytes, hasil: bytes, tepercaya: set[bytes]) -> HasilPeriksa | None:
    """The batch's fast check of one returned PDF, or None when it does not apply.

    It applies to a document with one signature field only (a certificate): that signature,
    read and verified by :func:`naskah.tte.batch._baca_bukti` (one hole, the whole file
    covered, digest and signature value verified), is by a certificate in ``tepercaya``;
    every object of the sent document is unchanged in the returned one except the catalog
    (only /AcroForm and the /Extensions declaration may differ), the XMP metadata (naskah's
    signer record in it unchanged), the form (only the signature field) and the pages (only
    the field's widget added to /Annots).
    """
    import hashlib

    import pikepdf

    from naskah.tte.batch import _baca_bukti

    bukti = _baca_bukti(hasil)
    if bukti is None or not bukti.utuh or bukti.aktif or bukti.kunci not in tepercaya:
        return None
    try:
        with (
            pikepdf.open(io.BytesIO(dikirim), attempt_recovery=False) as a,
            pikepdf.open(io.BytesIO(hasil), attempt_recovery=False) as b,
        ):
            if not _hanya_tanda_tangan(a, b):
                return None
            field = b.Root.AcroForm.Fields[0]
            rect = [float(v) for v in field.get("/Rect", [0, 0, 0, 0])]
    except Exception:  # whatever qpdf cannot read plainly goes the full way
        return None
    tampak = len(rect) == 4 and rect[2] - rect[0] > 1 and rect[3] - rect[1] > 1
    assert hashlib.sha256(bukti.sertifikat.dump()).digest() == bukti.kunci
    return HasilPeriksa(field=bukti.field, sertifikat=bukti.sertifikat, tampak=tampak)


def _sama(x: object, y: object) -> bool:
    """Return whether two pikepdf objects are the same (streams: dictionary and raw data)."""
    import pikepdf

    if isinstance(x, pikepdf.Stream) or isinstance(y, pikepdf.Stream):
        if not (isinstance(x, pikepdf.Stream) and isinstance(y, pikepdf.Stream)):
            return False
        return bool(
            x.read_raw_bytes() == y.read_raw_bytes()
            and x.stream_dict.unparse() == y.stream_dict.unparse()
        )
    return bool(x.unparse() == y.unparse())  # type: ignore[attr-defined]


def _hanya_tanda_tangan(a: object, b: object) -> bool:
    """Return True when ``b`` is ``a`` plus one signature field and its widget, nothing else."""
    import pikepdf

    ra, rb = a.Root, b.Root  # type: ignore[attr-defined]
    fields = rb.get("/AcroForm", {}).get("/Fields", [])
    if len(fields) != 1 or len(a.pages) != len(b.pages):  # type: ignore[attr-defined]
        return False
    field = fields[0]
    ag = {ra.objgen}
    meta = ra.get("/Metadata")
    if meta is not None:
        # the signing software may refresh the XMP dates; naskah's signer record must stay
        from naskah.catatan_ttd import catatan_dari_xmp

        meta_b = rb.get("/Metadata")
        if meta_b is None or meta.objgen != meta_b.objgen:
            return False
        if catatan_dari_xmp(meta.read_bytes()) != catatan_dari_xmp(meta_b.read_bytes()):
            return False
        ag.add(meta.objgen)
    for k in set(ra.keys()) | set(rb.keys()):
        if k in ("/AcroForm", "/Extensions", "/Metadata"):  # the PAdES extension declaration
            continue
        if k not in ra or k not in rb or not _sama(ra[k], rb[k]):
            return False
    form_a = ra.get("/AcroForm")
    if form_a is not None:
        ag.add(form_a.objgen)
        lama = [f.objgen for f in form_a.get("/Fields", [])]
        if lama and lama != [field.objgen]:
            return False
    for pa, pb in zip(a.pages, b.pages, strict=True):  # type: ignore[attr-defined]
        ag.add(pa.obj.objgen)
        for k in set(pa.obj.keys()) | set(pb.obj.keys()):
            if k == "/Annots":
                continue
            if k not in pa.obj or k not in pb.obj or not _sama(pa.obj[k], pb.obj[k]):
                return False
        lama_annot = [x.objgen for x in pa.obj.get("/Annots", [])]
        baru_annot = [x.objgen for x in pb.obj.get("/Annots", [])]
        if baru_annot[: len(lama_annot)] != lama_annot:
            return False
        if any(g != field.objgen for g in baru_annot[len(lama_annot) :]):
            return False
    if field.objgen in ag or field.get("/FT") != pikepdf.Name.Sig:
        return False
    for obj in a.objects:  # type: ignore[attr-defined]
        g = obj.objgen
        if g == (0, 0) or g in ag:
            continue
        if g == field.objgen:
            continue  # the empty field naskah prepared, now filled
        try:
            if not _sama(obj, b.get_object(g)):  # type: ignore[attr-defined]
                return False
        except Exception:  # cannot compare: not the same, so the full check runs
            return False
    return True
