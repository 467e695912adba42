"""Where signatures come from: the signer interface and its PKCS#12 and PKCS#11 implementations.

This module owns loading key material (once per batch), checking the signer certificate
(non-repudiation, validity period) and closing token sessions. A remote signing service (such as
the national one, which signs with NIK and passphrase) can be added later by implementing
:class:`Penandatangan`: it only has to supply a pyHanko :class:`~pyhanko.sign.signers.Signer`
whose ``async_sign_raw`` calls the service.

Passphrases and PINs are taken as arguments (bytes/str) and are never stored on disk, logged or
put into an error message.
"""

from __future__ import annotations

import abc
import contextlib
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from asn1crypto import x509
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.sign import signers
from pyhanko_certvalidator import errors as cv_errors
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash, process_pss_params

from naskah.berkas import alasan_os
from naskah.catatan_ttd import Kecocokan, Pemegang, Pihak, cocokkan, nomor_identitas
from naskah.errors import TTEError
from naskah.jam import sistem

__all__ = [
    "Penandatangan",
    "PenandatanganP12",
    "PenandatanganPKCS11",
    "muat_p12",
    "buka_pkcs11",
    "periksa_sertifikat",
    "nama_subjek",
    "pemegang_sertifikat",
    "ikatan_sertifikat",
    "periksa_rantai",
    "alasan_rantai",
    "SumberKunci",
    "buka_penandatangan",
]


class Penandatangan(abc.ABC):
    """A signer: its certificate and a pyHanko signer that makes raw signatures.

    Implementations load their key material once; one instance signs a whole batch.
    Use as a context manager so token sessions are closed.
    """

    @property
    @abc.abstractmethod
    def sertifikat(self) -> x509.Certificate:
        """Return the signer's certificate."""

    @property
    @abc.abstractmethod
    def signer(self) -> signers.Signer:
        """Return the pyHanko signer used to produce the CMS signature."""

    def tutup(self) -> None:  # noqa: B027 - optional hook
        """Release the key material (close a token session); nothing to do by default."""

    def __enter__(self) -> Penandatangan:
        return self

    def __exit__(self, *exc: object) -> None:
        self.tutup()


def nama_subjek(cert: x509.Certificate) -> str:
    """Return the common name of a certificate's subject (or its whole subject)."""
    native = cert.subject.native
    return str(native.get("common_name") or cert.subject.human_friendly)


def pemegang_sertifikat(cert: x509.Certificate) -> Pemegang:
    """Return the certificate's holder: common name, NIP/NIK from serialNumber, title."""
    native = cert.subject.native
    serial = native.get("serial_number")
    return Pemegang(
        nama=nama_subjek(cert),
        nomor=nomor_identitas(str(serial) if serial else None),
        jabatan=jabatan_subjek(cert),
    )


def jabatan_subjek(cert: x509.Certificate) -> str | None:
    """Return the title (jabatan) in a certificate's subject, if any."""
    native = cert.subject.native
    nilai = native.get("title") or native.get("organizational_unit_name")
    if isinstance(nilai, list):
        nilai = ", ".join(nilai)
    return str(nilai) if nilai else None


def periksa_sertifikat(cert: x509.Certificate, *, pada: datetime | None = None) -> None:
    """Refuse a certificate that cannot make a legally meaningful signature now.

    The key usage must include non-repudiation and ``pada`` (now by default) must lie within the
    validity period.
    """
    nama = nama_subjek(cert)
    ku = cert.key_usage_value
    if ku is None or "non_repudiation" not in ku.native:
        raise TTEError(
            f"Sertifikat {nama!r} tidak mengizinkan nirsangkal (non-repudiation) sehingga tidak "
            "sah untuk tanda tangan elektronik naskah dinas; mintalah sertifikat penandatanganan "
            "kepada penerbit sertifikat (PSrE)."
        )
    saat = pada or sistem()
    validity = cert["tbs_certificate"]["validity"]
    mulai = validity["not_before"].native
    akhir = validity["not_after"].native
    if saat < mulai:
        raise TTEError(
            f"Sertifikat {nama!r} baru berlaku mulai {mulai:%Y-%m-%d}; periksa jam komputer atau "
            "tunggu sampai sertifikat berlaku."
        )
    if saat > akhir:
        raise TTEError(
            f"Sertifikat {nama!r} sudah kedaluwarsa sejak {akhir:%Y-%m-%d}; perbarui sertifikat "
            "elektronik Anda sebelum menandatangani."
        )


def ikatan_sertifikat(cert: x509.Certificate, orang: Pihak | tuple[Pihak, ...]) -> Kecocokan:
    """Return whether ``cert``'s holder is the recorded person (or one of the verifikator).

    The one binding check every signer goes through: a file or token signer before signing,
    a remote signing service (BSrE) on the certificate of the signature it returns, and
    verification on each signature found. The rule is :func:`naskah.catatan_ttd.cocokkan`'s:
    a recorded NIP must be carried by the certificate; names decide only without one.
    """
    return cocokkan(pemegang_sertifikat(cert), orang)


def uraian_ikatan(k: Kecocokan) -> str:
    """Return how a signer matched its record, for reports: by NIP, or by name only."""
    if k.dasar == "nip":
        return "NIP pada sertifikat sama dengan NIP yang tercatat"
    return "hanya berdasarkan nama, karena naskah tidak mencatat NIP"


def alasan_rantai(exc: BaseException, nama: str, *, swatanda: bool = False) -> str:
    """Return why a certificate failed path validation, as one Indonesian phrase.

    Decided by the exception's type: revoked, expired, not yet valid, key usage, an untrusted
    root (the chain does not end in a configured root), or revocation data unavailable.
    """
    if isinstance(exc, cv_errors.RevokedError):
        return f"sertifikat {nama} telah dicabut oleh penerbitnya"
    if isinstance(exc, cv_errors.ExpiredError):
        return f"sertifikat {nama} (atau sertifikat penerbitnya) sudah kedaluwarsa"
    if isinstance(exc, cv_errors.NotYetValidError):
        return f"sertifikat {nama} (atau sertifikat penerbitnya) belum berlaku"
    if isinstance(exc, cv_errors.InvalidCertificateError) and swatanda:
        # pyhanko-certvalidator refuses a self-signed certificate that is not a root this way
        return (
            f"sertifikat {nama} ditandatangani sendiri (swatanda) dan tidak berantai ke akar "
            "tepercaya yang dikonfigurasi"
        )
    if isinstance(exc, cv_errors.InvalidCertificateError):
        return (
            f"penggunaan kunci (key usage) sertifikat {nama} tidak mengizinkan tanda tangan "
            "nirsangkal"
        )
    if isinstance(exc, cv_errors.InsufficientRevinfoError):
        return f"status pencabutan sertifikat {nama} tidak dapat diperiksa"
    if isinstance(exc, cv_errors.PathBuildingError):
        return f"sertifikat {nama} tidak berantai ke akar tepercaya yang dikonfigurasi"
    return f"rantai sertifikat {nama} tidak sah"


def periksa_rantai(
    cert: x509.Certificate,
    akar: Iterable[x509.Certificate],
    *,
    antara: Iterable[x509.Certificate] = (),
    pada: datetime | None = None,
    ambil_daring: bool = True,
) -> None:
    """Refuse a signing certificate that does not chain to ``akar`` or is revoked.

    Checked before signing, as verification will check it: the chain to a configured root,
    each certificate's validity at ``pada``, non-repudiation in the key usage, and revocation
    when the OCSP/CRL services answer (soft-fail: an unreachable service does not stop
    signing, a revoked certificate does).
    """
    import asyncio

    from pyhanko_certvalidator import CertificateValidator, ValidationContext

    nama = nama_subjek(cert)
    vc = ValidationContext(
        trust_roots=list(akar),
        other_certs=list(antara),
        allow_fetching=ambil_daring,
        moment=pada,
        revocation_mode="soft-fail",
    )
    validator = CertificateValidator(cert, validation_context=vc)

    async def jalankan() -> None:
        try:
            await validator.async_validate_usage({"non_repudiation"})
        finally:
            await vc.aclose()  # closes the HTTP session it opened, if any

    try:
        asyncio.run(jalankan())
    except (cv_errors.PathError, cv_errors.ValidationError) as exc:
        alasan = alasan_rantai(exc, repr(nama), swatanda=cert.self_signed != "no")
        raise TTEError(
            f"Tidak dapat menandatangani: {alasan}; gunakan sertifikat "
            "yang sah dari penerbit sertifikat (PSrE) yang dipercaya di [tte] akar_tepercaya."
        ) from None


class _AtributTetap:
    """A signed attribute provider whose attribute is built once (DER), then reused parsed."""

    def __init__(self, asli: Any, simpanan: dict[str, bytes]) -> None:
        self.asli = asli
        self.attribute_type = asli.attribute_type
        self.simpanan = simpanan

    async def get_attribute(self, dry_run: bool = False) -> Any:
        from asn1crypto import cms

        der = self.simpanan.get(self.attribute_type)
        if der is None:
            attr = await self.asli.get_attribute(dry_run=dry_run)
            if attr is None:
                return None
            der = self.simpanan[self.attribute_type] = attr.dump()
        return cms.CMSAttribute.load(der)


class _SertifikatTetap:
    """Signer mixin: the signing-certificate-v2 attribute built once per key, then reused.

    That attribute is the same for every signature of a key, and asn1crypto serialising it
    afresh (issuer name, serial, hash) was two thirds of the cost of signing a small PDF; it is
    built once and then given as parsed DER, which serialises as it is.
    """

    def _signed_attr_providers(self, *args: Any, **kwargs: Any) -> Any:
        """Yield pyHanko's signed attribute providers, the signing-certificate-v2 one cached."""
        from pyhanko.sign.attributes import SigningCertificateV2Provider

        simpanan: dict[str, bytes] = self.__dict__.setdefault("_atribut_tetap", {})
        for prov in super()._signed_attr_providers(*args, **kwargs):  # type: ignore[misc]
            if type(prov) is SigningCertificateV2Provider:
                yield _AtributTetap(prov, simpanan)
            else:
                yield prov


class _CachedKeySigner(_SertifikatTetap, signers.SimpleSigner):
    """SimpleSigner that keeps the deserialised private key instead of parsing it per call.

    pyHanko's SimpleSigner re-parses the key (with cryptography's RSA key check) on every
    ``sign_raw``; that dominates the cost of signing a small PDF.
    """

    def __init__(self, *args: object, pyca_key: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._pyca_key = pyca_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mech = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            algo = mech.signature_algo
        except ValueError:
            algo = mech["algorithm"].native
        key = self._pyca_key
        if algo == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
            return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        if algo == "rsassa_pss" and isinstance(key, RSAPrivateKey):
            padding, hash_algo = process_pss_params(mech["parameters"])
            return key.sign(data, padding, hash_algo)
        if algo == "ecdsa" and isinstance(key, EllipticCurvePrivateKey):
            return key.sign(data, ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
        return super().sign_raw(data, digest_algorithm)


def _struktur_pkcs12(data: bytes) -> bool:
    """Return True when ``data`` is DER of a PKCS#12 PFX (without decrypting anything)."""
    from asn1crypto import pkcs12 as asn1_pkcs12
    from asn1crypto.core import ParsableOctetString

    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        _ = pfx["version"].native
        isi = pfx["auth_safe"]["content"]
        return isinstance(isi, ParsableOctetString) or isi is not None
    except (ValueError, TypeError, KeyError):
        return False


class PenandatanganP12(Penandatangan):
    """A signer whose key and certificate come from a PKCS#12 (.p12/.pfx) file."""

    def __init__(self, signer: signers.SimpleSigner, sumber: Path) -> None:
        self._signer = signer
        self.sumber = sumber

    @property
    def sertifikat(self) -> x509.Certificate:
        return self._signer.signing_cert

    @property
    def signer(self) -> signers.Signer:
        return self._signer


def muat_p12(
    path: Path, passphrase: bytes | None, *, periksa: bool = True, pada: datetime | None = None
) -> PenandatanganP12:
    """Load a PKCS#12 file once and return a signer that reuses its key for a whole batch.

    ``passphrase`` is used only in memory. With ``periksa`` the certificate is checked with
    :func:`periksa_sertifikat`.
    """
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise TTEError(
            f"Berkas sertifikat PKCS#12 {path} tidak ditemukan; periksa path-nya atau isi "
            "[tte] p12 di naskah.toml."
        ) from None
    except OSError as exc:
        raise TTEError(
            f"Berkas sertifikat PKCS#12 {path} tidak dapat dibaca ({alasan_os(exc)})."
        ) from None
    if not _struktur_pkcs12(data):
        raise TTEError(
            f"Berkas {Path(path).name} bukan berkas sertifikat PKCS#12 (.p12/.pfx) yang sah; "
            "periksa berkasnya."
        )
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase or None)
    except ValueError:
        # the structure is a PKCS#12 (checked above): what fails is decrypting it
        raise TTEError(
            f"Frasa sandi berkas sertifikat {Path(path).name} salah; ulangi dengan frasa "
            "sandi yang benar."
        ) from None
    except TypeError:
        raise TTEError(
            f"Berkas sertifikat {Path(path).name} dilindungi frasa sandi; berikan frasa sandinya."
        ) from None
    if key is None or cert is None:
        raise TTEError(
            f"Berkas {Path(path).name} tidak memuat kunci privat beserta sertifikatnya; minta "
            "berkas PKCS#12 yang lengkap kepada penerbit sertifikat."
        )
    asn_cert = translate_pyca_cryptography_cert_to_asn1(cert)
    if periksa:
        periksa_sertifikat(asn_cert, pada=pada)
    others = [translate_pyca_cryptography_cert_to_asn1(c) for c in (extra or [])]
    signer = _CachedKeySigner(
        signing_cert=asn_cert,
        signing_key=translate_pyca_cryptography_key_to_asn1(key),
        cert_registry=SimpleCertificateStore.from_certs([asn_cert, *others]),
        pyca_key=key,
    )
    return PenandatanganP12(signer, Path(path))


class PenandatanganPKCS11(Penandatangan):
    """A signer whose key stays on a PKCS#11 token or HSM (USB token, office HSM, SoftHSM2)."""

    def __init__(self, session: object, signer: signers.Signer) -> None:
        self._session = session
        self._signer = signer

    @property
    def sertifikat(self) -> x509.Certificate:
        return self._signer.signing_cert

    @property
    def signer(self) -> signers.Signer:
        return self._signer

    def tutup(self) -> None:
        if self._session is not None:
            from pkcs11.exceptions import PKCS11Error

            with contextlib.suppress(PKCS11Error):  # best effort: the token may be gone
                self._session.close()  # type: ignore[attr-defined]
            self._session = None


@functools.cache
def _kelas_pkcs11() -> Any:
    """Return pyHanko's PKCS11Signer with the signing-certificate attribute cached."""
    from pyhanko.sign import pkcs11 as ph11

    return type("_PKCS11Tetap", (_SertifikatTetap, ph11.PKCS11Signer), {})


def buka_pkcs11(
    pustaka: Path,
    token: str,
    pin: str,
    *,
    label_kunci: str,
    label_sertifikat: str | None = None,
    periksa: bool = True,
    pada: datetime | None = None,
) -> PenandatanganPKCS11:
    """Open one session on a PKCS#11 token and return a signer that reuses it for a batch.

    ``pustaka`` is the module (.so), ``token`` the token label, ``pin`` the user PIN (used only
    in memory).
    """
    import pkcs11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as ph11

    if not Path(pustaka).is_file():
        raise TTEError(f"Pustaka PKCS#11 {pustaka} tidak ditemukan; periksa path modul token Anda.")
    try:
        session = ph11.open_pkcs11_session(
            str(pustaka), token_criteria=TokenCriteria(label=token), user_pin=pin
        )
    except pkcs11.exceptions.PinIncorrect:
        raise TTEError(f"PIN token {token!r} salah; ulangi dengan PIN yang benar.") from None
    except pkcs11.exceptions.PinLocked:
        raise TTEError(f"PIN token {token!r} terkunci; hubungi pengelola token.") from None
    except pkcs11.exceptions.NoSuchToken:
        raise TTEError(
            f"Token dengan label {token!r} tidak ditemukan; pastikan token terpasang dan labelnya "
            "benar."
        ) from None
    except (pkcs11.exceptions.PKCS11Error, ph11.PKCS11Error, OSError, RuntimeError) as exc:
        # pyHanko wraps token errors; the cause's type decides
        sebab = exc.__cause__ or exc.__context__
        if isinstance(sebab, pkcs11.exceptions.PinIncorrect | pkcs11.exceptions.PinLenRange):
            raise TTEError(f"PIN token {token!r} salah; ulangi dengan PIN yang benar.") from None
        raise TTEError(
            f"Token {token!r} tidak dapat dibuka ({type(exc).__name__}); pastikan token terpasang "
            "dan pustakanya benar."
        ) from None
    try:
        signer = _kelas_pkcs11()(
            session,
            key_label=label_kunci,
            cert_label=label_sertifikat or label_kunci,
            other_certs_to_pull=None,  # embed the chain the token carries
        )
        cert = signer.signing_cert
    except (pkcs11.exceptions.PKCS11Error, ph11.PKCS11Error, KeyError, ValueError):
        session.close()
        raise TTEError(
            f"Kunci {label_kunci!r} atau sertifikat {label_sertifikat or label_kunci!r} tidak ada "
            f"di token {token!r}; periksa labelnya."
        ) from None
    if periksa:
        try:
            periksa_sertifikat(cert, pada=pada)
        except TTEError:
            session.close()
            raise
    return PenandatanganPKCS11(session, signer)


def _pem_atau_der(data: bytes) -> bytes:
    """Return DER bytes from PEM or DER certificate data."""
    if data.lstrip().startswith(b"-----"):
        from asn1crypto import pem

        _, _, der = pem.unarmor(data)
        return der
    return data


def muat_sertifikat(path: Path) -> list[x509.Certificate]:
    """Read one or more certificates (PEM or DER) from a file."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise TTEError(
            f"Berkas sertifikat akar {path} tidak dapat dibaca; periksa [tte] akar_tepercaya di "
            "naskah.toml."
        ) from None
    try:
        if b"-----BEGIN" in data:
            from asn1crypto import pem

            return [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
        cert = x509.Certificate.load(_pem_atau_der(data))
        _ = cert.subject  # parses lazily: force it
        return [cert]
    except (ValueError, TypeError, KeyError):
        raise TTEError(
            f"Berkas {path} bukan sertifikat PEM atau DER yang sah; periksa [tte] akar_tepercaya."
        ) from None


@dataclass(frozen=True)
class SumberKunci:
    """Where the signing key is: a PKCS#12 file or a PKCS#11 token (exactly one of them).

    Secrets are not part of it: :func:`buka_penandatangan` asks for the one it needs.
    """

    p12: Path | None = None
    pkcs11_pustaka: Path | None = None
    token: str | None = None
    kunci: str | None = None
    sertifikat_token: str | None = None
    jenis: str = field(init=False, default="p12")

    def __post_init__(self) -> None:
        object.__setattr__(self, "jenis", "pkcs11" if self.pkcs11_pustaka else "p12")


def buka_penandatangan(
    sumber: SumberKunci, minta_rahasia: Callable[[str], str], *, pada: datetime | None = None
) -> Penandatangan:
    """Open the signer ``sumber`` names; ``minta_rahasia(prompt)`` supplies its passphrase/PIN.

    The secret is asked for only once the source is known to be usable, and is kept only in
    memory.
    """
    if sumber.pkcs11_pustaka is not None:
        if not sumber.token or not sumber.kunci:
            from naskah.errors import UsageError

            raise UsageError("Penandatanganan dengan token membutuhkan --token dan --kunci.")
        pin = minta_rahasia(f"PIN token {sumber.token}")
        return buka_pkcs11(
            sumber.pkcs11_pustaka,
            sumber.token,
            pin,
            label_kunci=sumber.kunci,
            label_sertifikat=sumber.sertifikat_token,
            pada=pada,
        )
    if sumber.p12 is None:
        from naskah.errors import UsageError

        raise UsageError(
            "Sebutkan sertifikat penandatangan dengan --p12 BERKAS atau "
            "--pkcs11-lib/--token/--kunci (atau isi [tte] p12 di naskah.toml)."
        )
    sandi = minta_rahasia(f"Frasa sandi {sumber.p12.name}")
    return muat_p12(sumber.p12, sandi.encode("utf-8"), pada=pada)
