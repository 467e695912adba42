"""Electronic signatures (TTE) on PDFs: sign, paraf, verify; pyHanko underneath.

The package owns signing and verifying; its modules are:

* :mod:`naskah.tte.signers`: the signer interface (:class:`Penandatangan`) and its PKCS#12
  and PKCS#11 implementations, loaded once per batch;
* :mod:`naskah.tte.appearance`: the ``[[TTE]]`` marker contract with the renderer and the
  visible stamp (QR code, name, jabatan, time, embedded font);
* :mod:`naskah.tte.sign`: :class:`SesiTandaTangan`, PAdES B-B/B-T/B-LT/B-LTA, the paraf
  workflow and certification, atomic output;
* :mod:`naskah.tte.verify`: the verification report;
* :mod:`naskah.tte.contoh`: the demo test certificate for ``naskah init --contoh``.

Typical use::

    with muat_p12(Path("pejabat.p12"), passphrase) as p:
        sesi = SesiTandaTangan(p, OpsiTandaTangan(tingkat="B-T", tsa=url))
        sesi.tandatangani_banyak(paths)
"""

from naskah.tte.appearance import PENANDA, UKURAN_KOTAK, cari_penanda
from naskah.tte.contoh import buat_p12_contoh
from naskah.tte.sign import (
    TINGKAT,
    HasilTandaTangan,
    OpsiTandaTangan,
    SesiTandaTangan,
    buat_timestamper,
)
from naskah.tte.signers import (
    Penandatangan,
    PenandatanganP12,
    PenandatanganPKCS11,
    buka_pkcs11,
    muat_p12,
    periksa_sertifikat,
)
from naskah.tte.verify import LaporanBerkas, muat_akar, verifikasi, verifikasi_banyak

__all__ = [
    "PENANDA",
    "TINGKAT",
    "UKURAN_KOTAK",
    "HasilTandaTangan",
    "LaporanBerkas",
    "OpsiTandaTangan",
    "Penandatangan",
    "PenandatanganP12",
    "PenandatanganPKCS11",
    "SesiTandaTangan",
    "buat_p12_contoh",
    "buat_timestamper",
    "buka_pkcs11",
    "cari_penanda",
    "muat_akar",
    "muat_p12",
    "periksa_sertifikat",
    "verifikasi",
    "verifikasi_banyak",
]
