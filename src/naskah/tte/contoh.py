"""TEST signing certificates (``naskah init --contoh``, ``naskah tte sertifikat-uji``).

This module owns making a self-signed PKCS#12 whose subject says it is not for official
documents (O = ``SERTIFIKAT UJI - BUKAN UNTUK DOKUMEN RESMI``), with non-repudiation in its key
usage so naskah accepts it for signing. :func:`buat_sertifikat_uji` makes one for any official of
naskah.toml: CN is the name with titles, serialNumber the NIP, title the jabatan, so it matches
the signer record naskah writes into that official's documents.

Passphrase handling: the caller passes the passphrase as bytes; it only encrypts the PKCS#12 in
memory and is never written to disk, logged or put in a message. The caller decides how the user
learns it (prompt, or a documented demo value shown once on screen); naskah.toml stores only the
path of the .p12, never its passphrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from naskah.berkas import tulis_bytes
from naskah.errors import TTEError
from naskah.jam import sistem

ORGANISASI_UJI = "SERTIFIKAT UJI - BUKAN UNTUK DOKUMEN RESMI"


def buat_p12_contoh(
    path: Path,
    nama: str,
    passphrase: bytes,
    *,
    jabatan: str | None = None,
    nip: str | None = None,
    sertifikat: Path | None = None,
    masa_berlaku_hari: int = 5 * 365,
) -> Path:
    """Create a self-signed demo PKCS#12 at ``path`` and return ``path``.

    ``passphrase`` (non-empty bytes) encrypts the file. ``nip`` goes into the subject's
    serialNumber, as the national CA puts the holder's NIP/NIK there. With ``sertifikat``, also
    write the public certificate as PEM there, to list it in ``[tte] akar_tepercaya`` so the demo
    signatures verify. The file is written atomically with mode 0600.
    """
    if not passphrase:
        raise TTEError("Frasa sandi sertifikat contoh tidak boleh kosong; berikan frasa sandinya.")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    atribut = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISASI_UJI),
        x509.NameAttribute(NameOID.COMMON_NAME, nama[:64]),
    ]
    if jabatan:
        atribut.append(x509.NameAttribute(NameOID.TITLE, jabatan[:64]))
    if nip:
        atribut.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, str(nip)))
    subjek = x509.Name(atribut)
    sekarang = sistem()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subjek)
        .issuer_name(subjek)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(sekarang - timedelta(days=1))
        .not_valid_after(sekarang + timedelta(days=masa_berlaku_hari))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # non-repudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        name=nama.encode("utf-8"),
        key=key,
        cert=cert,
        cas=None,
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
    )
    tulis_bytes(Path(path), data, galat=TTEError, mode=0o600)
    if sertifikat is not None:
        pem = cert.public_bytes(serialization.Encoding.PEM)
        tulis_bytes(Path(sertifikat), pem, galat=TTEError, mode=0o644)
    return Path(path)


@dataclass(frozen=True)
class SertifikatUji:
    """The files of a TEST certificate made for one official."""

    p12: Path
    sertifikat: Path
    """The public certificate (PEM), to list in [tte] akar_tepercaya for verifying."""
    nama: str
    nip: str | None


def buat_sertifikat_uji(
    pejabat: Any, folder: Path, kunci: str, passphrase: bytes, *, timpa: bool = False
) -> SertifikatUji:
    """Make a TEST certificate for ``pejabat`` (a :class:`naskah.models.Pejabat`) in ``folder``.

    Files: ``<kunci>-uji.p12`` and ``<kunci>-uji.pem`` (:func:`naskah.persiapan.nama_berkas_uji`,
    the rule ``naskah init --contoh`` follows too). Refuses to replace existing files unless
    ``timpa``.
    """
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", kunci):
        raise TTEError(
            f"Kunci pejabat {kunci!r} tidak dapat dipakai sebagai nama berkas; pakai huruf, angka, "
            "garis bawah atau tanda hubung."
        )
    from naskah.persiapan import nama_berkas_uji

    folder = Path(folder)
    p12, pem = (folder / n for n in nama_berkas_uji(kunci))
    if not timpa and (p12.exists() or pem.exists()):
        raise TTEError(
            f"Sertifikat uji {p12} sudah ada; hapus dahulu atau pakai --timpa untuk membuat yang "
            "baru."
        )
    nip = str(pejabat.nip) if getattr(pejabat, "nip", None) else None
    buat_p12_contoh(
        p12,
        pejabat.nama_lengkap,
        passphrase,
        jabatan=pejabat.jabatan,
        nip=nip,
        sertifikat=pem,
    )
    return SertifikatUji(p12=p12, sertifikat=pem, nama=pejabat.nama_lengkap, nip=nip)
