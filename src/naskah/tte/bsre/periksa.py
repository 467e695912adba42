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
  (:func:`_ikat`, the one place to swap when that rule changes).

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
    except Exception:  # noqa: BLE001 - unreadable means no signature we can count
        return 0


def _ikat(cert: x509.Certificate, nik: str | None, pihak: Pihak | None) -> bool:
    """Return whether ``cert`` belongs to the official (NIK, else local signing's rule).

    The one seam to the binding rule of local signing (naskah.catatan_ttd.cocokkan), so the
    integrator can swap it for the rewritten rule in one place.
    """
    from naskah.catatan_ttd import cocokkan
    from naskah.tte.signers import pemegang_sertifikat

    pemegang = pemegang_sertifikat(cert)
    if nik and pemegang.nomor and len(pemegang.nomor) == 16:
        return pemegang.nomor == nik
    if pihak is None:
        return False
    return cocokkan(pemegang, pihak).cocok


def periksa_hasil(
    dikirim: bytes,
    hasil: bytes,
    nama: str,
    *,
    akar: tuple[x509.Certificate, ...],
    nik: str | None,
    pihak: Pihak | None,
) -> HasilPeriksa:
    """Check a PDF the ESC returned for ``dikirim`` (see the module doc); raise when refused."""
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
    except Exception:  # noqa: BLE001 - whatever pyHanko cannot read is refused
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
    except Exception:  # noqa: BLE001
        br = []
    if len(br) != 4 or br[0] != 0 or br[2] + br[3] != len(hasil) or br[1] < len(dikirim):
        raise DokumenDiubah(
            f"Tanda tangan baru pada PDF {nama} dari ESC tidak mencakup seluruh berkas; hasilnya "
            "ditolak dan tidak ditulis."
        )
    try:
        vc = ValidationContext(trust_roots=list(akar), allow_fetching=False)
        status = validate_pdf_signature(baru, vc, skip_diff=True)
    except Exception:  # noqa: BLE001
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
    except Exception:  # noqa: BLE001
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
    try:
        rect = baru.sig_field.get("/Rect")
        if rect is None and "/Kids" in baru.sig_field:
            rect = baru.sig_field["/Kids"][0].get_object().get("/Rect")
        kotak = [float(v) for v in rect] if rect is not None else []
        tampak = len(kotak) == 4 and kotak[2] - kotak[0] > 1 and kotak[3] - kotak[1] > 1
    except Exception:  # noqa: BLE001
        tampak = False
    return HasilPeriksa(field=str(baru.field_name), sertifikat=cert, tampak=tampak)
