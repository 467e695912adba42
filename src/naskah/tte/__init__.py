"""Electronic signatures (TTE) on PDFs: sign, paraf, verify; pyHanko underneath.

The package owns signing and verifying; its modules are:

* :mod:`naskah.tte.signers`: the signer interface (:class:`Penandatangan`) and its PKCS#12
  and PKCS#11 implementations, loaded once per batch;
* :mod:`naskah.tte.appearance`: the ``[[TTE]]`` marker contract with the renderer and the
  visible stamp (QR code, name, jabatan, time, embedded font);
* :mod:`naskah.tte.sign`: :class:`SesiTandaTangan`, PAdES B-B/B-T/B-LT/B-LTA, the paraf
  workflow and certification, atomic output;
* :mod:`naskah.tte.verify`: the verification report, including what changed after each
  signature (:mod:`naskah.tte.perubahan`);
* the signer record the renderer writes into the PDF (XMP), and comparing a certificate's
  holder with it, live below both packages in :mod:`naskah.catatan_ttd`;
* :mod:`naskah.tte.perintah`: the one verb the CLI calls to sign (config defaults, PKCS#12 or
  token, batch);
* :mod:`naskah.tte.contoh`: TEST certificates (``naskah init --contoh``, ``sertifikat-uji``).

The names below are loaded lazily, so ``import naskah.tte`` does not load pyHanko.

Typical use::

    with muat_p12(Path("pejabat.p12"), passphrase) as p:
        sesi = SesiTandaTangan(p, OpsiTandaTangan(tingkat="B-T", tsa=url))
        sesi.tandatangani_banyak(paths)
"""

from __future__ import annotations

import importlib
from typing import Any

_EKSPOR = {
    "PENANDA": "appearance",
    "UKURAN_KOTAK": "appearance",
    "cari_penanda": "appearance",
    "buat_p12_contoh": "contoh",
    "buat_sertifikat_uji": "contoh",
    "TINGKAT": "sign",
    "HasilTandaTangan": "sign",
    "OpsiTandaTangan": "sign",
    "SesiTandaTangan": "sign",
    "buat_timestamper": "sign",
    "HasilPenandatanganan": "perintah",
    "PermintaanTandaTangan": "perintah",
    "tandatangani_berkas": "perintah",
    "SertifikatUji": "contoh",
    "Penandatangan": "signers",
    "PenandatanganP12": "signers",
    "PenandatanganPKCS11": "signers",
    "SumberKunci": "signers",
    "buka_penandatangan": "signers",
    "buka_pkcs11": "signers",
    "muat_p12": "signers",
    "periksa_sertifikat": "signers",
    "LaporanBerkas": "verify",
    "PutusanTandaTangan": "verify",
    "muat_akar": "verify",
    "muat_akar_longgar": "verify",
    "verifikasi": "verify",
    "verifikasi_banyak": "verify",
}

__all__ = sorted(_EKSPOR)


def __getattr__(nama: str) -> Any:
    modul = _EKSPOR.get(nama)
    if modul is None:
        raise AttributeError(f"module 'naskah.tte' has no attribute {nama!r}")
    nilai = getattr(importlib.import_module(f"naskah.tte.{modul}"), nama)
    globals()[nama] = nilai
    return nilai
