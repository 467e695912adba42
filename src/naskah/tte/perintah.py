"""The signing verb behind ``naskah tte tandatangani`` and ``naskah tte paraf``.

This module owns turning one request plus the office's settings (naskah.toml ``[tte]``) into a
signing run: merging the request with the configured defaults (level, TSA, trust roots, stamp
box, font, verification address, office time zone, size limit), choosing the PKCS#12 file or
the PKCS#11 token, opening it once, signing every file and collecting per-file failures. The
CLI only reads secrets (through ``minta_rahasia``) and prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from naskah.catatan_ttd import Pemegang, Pihak
from naskah.config import Konfigurasi
from naskah.errors import NaskahError, TTEError, UsageError
from naskah.tte.sign import (
    HasilTandaTangan,
    OpsiTandaTangan,
    Peran,
    SesiTandaTangan,
    Tingkat,
    periksa_id,
)
from naskah.tte.signers import SumberKunci, buka_penandatangan
from naskah.tte.verify import muat_akar


@dataclass(frozen=True)
class PermintaanTandaTangan:
    """What the user asked for; None means "the naskah.toml default"."""

    berkas: tuple[Path, ...]
    peran: Peran = "pejabat"
    p12: Path | None = None
    pkcs11_pustaka: Path | None = None
    token: str | None = None
    kunci: str | None = None
    sertifikat_token: str | None = None
    tingkat: Tingkat | None = None
    tsa: str | None = None
    tampak: bool = False
    keluaran: Path | None = None
    timpa: bool = False
    sertifikasi: bool = False
    jumlah_paraf: int = 0
    id_dok: str | None = None
    alasan: str | None = None
    tanpa_catatan: bool = False


@dataclass(frozen=True)
class HasilPenandatanganan:
    """A signing run: the files signed and, for a batch, the files that failed."""

    hasil: tuple[HasilTandaTangan, ...]
    gagal: tuple[tuple[Path, NaskahError], ...] = ()


def sumber_kunci(k: Konfigurasi, p: PermintaanTandaTangan) -> SumberKunci:
    """Return where the key is: the request's --p12 or token, else naskah.toml's."""
    t = k.tte
    if p.p12 and p.pkcs11_pustaka:
        raise UsageError("Pilih salah satu: --p12 atau --pkcs11-lib, bukan keduanya.")
    lib = p.pkcs11_pustaka or (None if p.p12 else t.pkcs11_pustaka)
    if lib is not None:
        return SumberKunci(
            pkcs11_pustaka=k.path(Path(lib)),
            token=p.token or t.pkcs11_token,
            kunci=p.kunci or t.pkcs11_kunci,
            sertifikat_token=p.sertifikat_token or t.pkcs11_sertifikat,
        )
    p12 = p.p12 or (k.path(t.p12) if t.p12 else None)
    return SumberKunci(p12=Path(p12) if p12 else None)


def opsi_tanda_tangan(k: Konfigurasi, p: PermintaanTandaTangan) -> OpsiTandaTangan:
    """Return the signing options: the request merged over naskah.toml's [tte] defaults."""
    t = k.tte
    tingkat: Tingkat = p.tingkat or t.tingkat
    # the roots are always loaded: the signer's chain is checked before signing at any level
    akar = muat_akar([k.path(a) for a in t.akar_tepercaya])
    return OpsiTandaTangan(
        tingkat=tingkat,
        tsa=p.tsa or t.tsa,
        akar_tepercaya=tuple(akar),
        tampak=p.tampak,
        ukuran_kotak=(t.lebar_kotak, t.tinggi_kotak),
        url_verifikasi=t.url_verifikasi,
        font=k.path(t.font) if t.font else None,
        alasan=p.alasan,
        lokasi=t.lokasi,
        peran=p.peran,
        tanpa_catatan=p.tanpa_catatan,
        zona=k.zona,
        batas_ukuran=int(t.batas_ukuran_mb * 1024 * 1024),
        sertifikasi=p.sertifikasi,
        jumlah_paraf=p.jumlah_paraf,
        keluaran=p.keluaran,
        timpa=p.timpa,
    )


def tandatangani_berkas(
    k: Konfigurasi,
    p: PermintaanTandaTangan,
    minta_rahasia: Callable[[str], str],
) -> HasilPenandatanganan:
    """Sign (or paraf) every file of the request with one key opened once.

    ``minta_rahasia(prompt)`` returns the passphrase or PIN; it is called once, after the
    options are known to be valid. With one file, its error is raised; in a batch each failed
    file is collected and the others are still signed.
    """
    if p.id_dok is not None and len(p.berkas) > 1:
        raise UsageError("--id hanya dapat dipakai untuk satu berkas.")
    if p.id_dok is not None:
        periksa_id(p.id_dok)  # before asking for any secret
    from naskah.catatan_ttd import logo_contoh_berkas
    from naskah.render.konteks import PESAN_LOGO_CONTOH

    # a draft printing the CONTOH LOGO placeholder is never signed (issue 21); in a batch it
    # fails alone, the others are signed
    contoh = [Path(b) for b in p.berkas if logo_contoh_berkas(Path(b))]
    if len(p.berkas) == 1 and contoh:
        raise TTEError(f"{contoh[0].name}: {PESAN_LOGO_CONTOH}")
    if contoh:
        ditolak = tuple((b, TTEError(PESAN_LOGO_CONTOH)) for b in contoh)
        sisa = tuple(b for b in p.berkas if Path(b) not in contoh)
        if not sisa:
            return HasilPenandatanganan((), ditolak)
        h = tandatangani_berkas(k, replace(p, berkas=sisa), minta_rahasia)
        return HasilPenandatanganan(h.hasil, h.gagal + ditolak)
    if k.tte.penyedia == "bsre":  # the officials' BSrE certificates, through the office's ESC
        from naskah.tte.bsre.perintah import tandatangani_berkas_bsre

        return tandatangani_berkas_bsre(k, p, minta_rahasia)
    opsi = opsi_tanda_tangan(k, p)
    sumber = sumber_kunci(k, p)
    hasil: list[HasilTandaTangan] = []
    gagal: list[tuple[Path, NaskahError]] = []
    with buka_penandatangan(sumber, minta_rahasia) as penandatangan:
        sesi = SesiTandaTangan(penandatangan, opsi)
        for path in p.berkas:
            try:
                hasil.append(sesi.tandatangani(Path(path), id_dok=p.id_dok))
            except NaskahError as exc:
                if len(p.berkas) == 1:
                    raise
                gagal.append((Path(path), exc))
    return HasilPenandatanganan(tuple(hasil), tuple(gagal))


def periksa_kunci(
    k: Konfigurasi, p12: Path | None, orang: Pihak, minta_rahasia: Callable[[str], str]
) -> Pemegang | None:
    """Open a key as signing will and return its holder when it is NOT ``orang`` (else None).

    ``p12``, else naskah.toml's ``[tte] p12`` or token. A missing or unreadable file, a wrong
    passphrase or an unusable certificate raises (one sentence each); whether the holder is
    ``orang`` follows :func:`~naskah.tte.signers.ikatan_sertifikat` (the recorded NIP, else the
    name). The key is closed again at once. ``naskah terbitkan`` calls it before numbering.
    """
    from naskah.tte.signers import ikatan_sertifikat, pemegang_sertifikat

    sumber = sumber_kunci(k, PermintaanTandaTangan(berkas=(), p12=p12))
    if sumber.p12 is not None and not sumber.p12.is_file():
        raise TTEError(
            f"Berkas sertifikat {sumber.p12} tidak ditemukan; periksa --p12/--paraf atau "
            "[tte] p12 di naskah.toml. Tidak ada nomor baru yang diambil."
        )
    with buka_penandatangan(sumber, minta_rahasia) as penandatangan:
        if ikatan_sertifikat(penandatangan.sertifikat, orang).cocok:
            return None
        return pemegang_sertifikat(penandatangan.sertifikat)
