"""The ESC behind naskah's signing verbs: settings, the official's NIK, status, the secret once.

This module owns turning naskah.toml (``[tte] penyedia = "bsre"``, ``[tte.bsre]``, each
official's ``nik`` in ``[pejabat.*]``) into an open :class:`~naskah.tte.bsre.sesi.SesiBsre`:
the API account from the environment, the official found for a document (by the record's NIP,
else name), their status checked (one sentence per status that cannot sign), and only then the
passphrase (or TOTP) asked, once. NIKs never appear in a message.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from naskah.berkas import alasan_os
from naskah.catatan_ttd import Pihak, normalisasi_nama
from naskah.config import Konfigurasi
from naskah.errors import ConfigError, NaskahError, TTEError
from naskah.tte.bsre.klien import STATUS_SIAP, KlienEsc, OpsiEsc
from naskah.tte.bsre.sesi import SesiBsre, Tugas

_STATUS = {
    "NOT_REGISTERED": "belum terdaftar di BSrE; daftarkan pejabatnya melalui pengelola TTE "
    "instansi",
    "NO_CERTIFICATE": "belum memiliki sertifikat elektronik; ajukan penerbitan sertifikat ke "
    "BSrE melalui pengelola TTE instansi",
    "NEW": "belum memiliki sertifikat elektronik yang terbit; tunggu verifikasi BSrE",
    "WAITING_FOR_VERIFICATION": "masih menunggu verifikasi BSrE; tunggu sampai sertifikatnya "
    "terbit",
    "EXPIRED": "sudah kedaluwarsa; perbarui sertifikat elektronik di BSrE",
    "RENEW": "sedang diperbarui; tunggu sampai sertifikat barunya terbit",
    "REVOKE": "sudah dicabut; ajukan sertifikat baru ke BSrE",
    "SUSPEND": "sedang dibekukan (suspend); hubungi pengelola TTE instansi untuk membukanya",
}


def opsi_esc(k: Konfigurasi) -> OpsiEsc:
    """Return how to reach the office's ESC, the API account read from the environment."""
    b = k.tte.bsre
    if b is None:
        raise ConfigError(
            '[tte] penyedia = "bsre" membutuhkan bagian [tte.bsre] dengan url ESC kantor di '
            "naskah.toml."
        )
    pengguna = os.environ.get(b.pengguna_env)
    sandi = os.environ.get(b.sandi_env)
    if not pengguna or sandi is None:
        raise ConfigError(
            f"Akun API ESC belum tersedia: isi variabel lingkungan {b.pengguna_env} dan "
            f"{b.sandi_env} (minta kepada administrator ESC/BSrE)."
        )
    return OpsiEsc(
        url=b.url, versi=b.versi, pengguna=pengguna, sandi=sandi, batas_waktu=b.batas_waktu,
        ca=k.path(b.ca) if b.ca else None, percobaan=b.percobaan, sejajar=b.sejajar,
    )  # fmt: skip


def cari_nik(k: Konfigurasi, pihak: Pihak, kunci: str | None = None) -> str:
    """Return the NIK of the official ``pihak`` (or of ``[pejabat.<kunci>]``) from naskah.toml."""
    calon = None
    if kunci is not None:
        calon = k.pejabat.get(kunci)
    if calon is None and pihak.nip:
        calon = next((p for p in k.pejabat.values() if p.nip and str(p.nip) == pihak.nip), None)
    if calon is None:
        n = normalisasi_nama(pihak.nama)
        calon = next((p for p in k.pejabat.values() if normalisasi_nama(p.nama) == n), None)
    if calon is None or not calon.nik:
        raise ConfigError(
            f"NIK {pihak.nama_lengkap} untuk TTE BSrE belum ada; isi `nik` pada [pejabat.*] "
            "orang itu di naskah.toml."
        )
    return str(calon.nik)


def periksa_status(klien: KlienEsc, nik: str, nama: str) -> None:
    """Refuse an official whose ESC status is not ISSUE (one sentence per status)."""
    status = klien.status(nik)
    if status == STATUS_SIAP:
        return
    alasan = _STATUS.get(status, f"berstatus {status} sehingga belum dapat menandatangani")
    raise TTEError(f"Sertifikat elektronik BSrE {nama} {alasan}.")


@contextlib.contextmanager
def buka_sesi_bsre(
    k: Konfigurasi,
    opsi: Any,
    pihak: Pihak,
    minta_rahasia: Callable[[str], str],
    *,
    kunci: str | None = None,
    jumlah: int = 1,
    klien: KlienEsc | None = None,
) -> Iterator[SesiBsre]:
    """Open a session signing as ``pihak``: status checked, then the secret asked once."""
    from naskah.tte.verify import muat_akar

    nik = cari_nik(k, pihak, kunci)
    b = k.tte.bsre
    assert b is not None  # opsi_esc checked it
    dibuka = klien is None
    klien = klien or KlienEsc(opsi_esc(k))
    try:
        akar = tuple(muat_akar([k.path(a) for a in k.tte.akar_tepercaya]))
        if not akar:
            raise ConfigError(
                "Penandatanganan melalui BSrE membutuhkan sertifikat akar dan antara BSrE di "
                "[tte] akar_tepercaya, agar hasil dari ESC dapat diperiksa."
            )
        periksa_status(klien, nik, pihak.nama_lengkap)
        passphrase = totp = None
        if b.totp:
            klien.minta_totp(nik, jumlah)
            totp = minta_rahasia(f"Kode TOTP TTE BSrE {pihak.nama_lengkap}")
        else:
            passphrase = minta_rahasia(f"Frasa sandi TTE BSrE {pihak.nama_lengkap}")
        yield SesiBsre(
            klien, opsi, nik=nik, pihak=pihak, akar=akar, passphrase=passphrase, totp=totp,
            ukuran_batch=b.ukuran_batch,
        )  # fmt: skip
    finally:
        if dibuka:
            klien.tutup()


def pihak_untuk(
    k: Konfigurasi, berkas: Path, peran: str, kunci: str | None
) -> tuple[Pihak, str | None]:
    """Return who signs ``berkas``: ``[pejabat.<kunci>]``, else the record's person whose turn
    it is (the pejabat, or the next verifikator for a paraf)."""
    from naskah.catatan_ttd import catatan_dari_pdf
    from naskah.tte.sign import _baca_pdf, _buka_writer, _daftar_field

    if kunci is not None and kunci in k.pejabat:
        return Pihak.dari_pejabat(k.pejabat[kunci]), kunci
    writer = _buka_writer(_baca_pdf(berkas), berkas.name)
    catatan = catatan_dari_pdf(writer.prev)
    if catatan is None:
        raise TTEError(
            f"{berkas.name} tidak memuat catatan penandatangan dari naskah, sehingga pejabat "
            "penanda tangan BSrE tidak dapat ditentukan; sebutkan --p12 NAMA dengan nama "
            "[pejabat.NAMA] di naskah.toml."
        )
    if peran != "paraf":
        return catatan.penandatangan, None
    ada = _daftar_field(writer)
    sudah = sum(1 for n, (isi, _) in ada.items() if n.startswith("Paraf-") and isi)
    if sudah >= len(catatan.verifikator):
        raise TTEError(f"Semua verifikator {berkas.name} sudah memaraf.")
    return catatan.verifikator[sudah], None


def tandatangani_berkas_bsre(k: Konfigurasi, p: Any, minta_rahasia: Callable[[str], str]) -> Any:
    """``naskah tte tandatangani``/``paraf`` through the ESC (see
    :func:`naskah.tte.perintah.tandatangani_berkas`)."""
    from naskah.tte.perintah import HasilPenandatanganan, opsi_tanda_tangan

    if p.pkcs11_pustaka is not None:
        raise TTEError(
            '[tte] penyedia = "bsre" menandatangani melalui ESC; --pkcs11-lib tidak dipakai.'
        )
    opsi = opsi_tanda_tangan(k, p)
    kunci = None
    if p.p12 is not None and not Path(p.p12).is_file():
        kunci = str(p.p12)
        if kunci not in k.pejabat:
            raise ConfigError(f"Pejabat {kunci!r} tidak ada di [pejabat] naskah.toml.")
    berkas = [Path(b) for b in p.berkas]
    pihak, kunci = pihak_untuk(k, berkas[0], p.peran, kunci)
    gagal: list[tuple[Path, NaskahError]] = []
    with buka_sesi_bsre(k, opsi, pihak, minta_rahasia, kunci=kunci, jumlah=len(berkas)) as sesi:
        tugas = []
        for b in berkas:
            try:
                tugas.append(Tugas(b, sesi._tujuan(b), p.id_dok))
            except NaskahError as exc:
                if len(berkas) == 1:
                    raise
                gagal.append((b, exc))
        hasil = sesi.tandatangani_langkah(
            tugas, tahan_lama=True, lewati_ada=False, gagal=gagal if len(berkas) > 1 else None
        )
    return HasilPenandatanganan(tuple(hasil), tuple(gagal))


def siapkan_terbit(
    k: Konfigurasi,
    model: Any,
    paraf: tuple[Path, ...],
    p12: Path | None,
    minta: Callable[[Path | None, str], str],
) -> Callable[[Path | None, str], str]:
    """Before ``naskah terbitkan`` numbers anything: check the status of the pejabat and of the
    verifikator who paraf and ask each secret once; return ``minta`` answering from memory.

    ``paraf`` are the ``--paraf`` values (under BSrE: ``[pejabat.*]`` keys), ``p12`` the
    ``--p12`` value; they are handed to ``minta`` so each role's secret source applies.
    """
    simpan: dict[str, str] = {}
    orang: list[tuple[Pihak, Path | None]] = [(Pihak.dari_pejabat(model.penandatangan), p12)]
    verifikator = list(getattr(model, "verifikator", None) or [])[: len(paraf)]
    orang += [(Pihak.dari_pejabat(v), kunci) for v, kunci in zip(verifikator, paraf, strict=False)]
    b = k.tte.bsre
    with KlienEsc(opsi_esc(k)) as klien:
        for o, kunci in orang:
            nik = cari_nik(k, o)
            periksa_status(klien, nik, o.nama_lengkap)
            if b is not None and b.totp:
                continue  # a TOTP code is asked when it is sent, valid for a short time only
            prompt = f"Frasa sandi TTE BSrE {o.nama_lengkap}"
            if prompt not in simpan:
                simpan[prompt] = minta(kunci, prompt)

    def dari_ingatan(kunci: Path | None, prompt: str) -> str:
        if prompt in simpan:
            return simpan[prompt]
        return minta(kunci, prompt)

    return dari_ingatan


def pendapat_esc(k: Konfigurasi, berkas: list[Path]) -> list[dict[str, Any]]:
    """Ask the ESC's verify endpoint about each file; return its opinion, normalised.

    Each entry: ``sah`` (the ESC's conclusion), ``ringkasan`` (its words), ``penandatangan``
    (the names it reports).
    """
    hasil = []
    with KlienEsc(opsi_esc(k)) as klien:
        for b in berkas:
            try:
                data = Path(b).read_bytes()
            except OSError as exc:
                raise TTEError(f"Berkas {b} tidak dapat dibaca ({alasan_os(exc)}).") from None
            j = klien.verifikasi(data)
            if "conclusion" in j:  # v2
                ringkas = str(j.get("conclusion") or "")
                nama = [str(i.get("signerName") or "") for i in j.get("signatureInformations") or []
                        if isinstance(i, dict)]  # fmt: skip
                sah = ringkas.upper() == "VALID"
            else:  # v1
                ringkas = str(j.get("SUMMARY") or j.get("notes") or "")
                nama = [str((d.get("info_signer") or {}).get("signer_name") or "")
                        for d in j.get("details") or [] if isinstance(d, dict)]  # fmt: skip
                sah = "VALID" in ringkas.upper() and "INVALID" not in ringkas.upper()
            hasil.append({"sah": sah, "ringkasan": ringkas[:200], "penandatangan": nama})
    return hasil


def siapkan_simulator(
    k: Konfigurasi, folder: Path, sandi: str, *, timpa: bool = False
) -> tuple[Any, list[Path]]:
    """Return a SIMULATOR of the ESC whose users are the officials of naskah.toml with a
    ``nik``, each signing with a TEST certificate made in ``folder`` (passphrase ``sandi``),
    and the certificate files to list in ``[tte] akar_tepercaya``."""
    from naskah.persiapan import nama_berkas_uji
    from naskah.tte.bsre.simulator import SimulatorEsc, pengguna_dari_p12
    from naskah.tte.contoh import buat_sertifikat_uji

    pengguna = {}
    akar = []
    for kunci, pejabat in k.pejabat.items():
        if not pejabat.nik:
            continue
        p12, pem = (folder / n for n in nama_berkas_uji(kunci))
        if timpa or not (p12.is_file() and pem.is_file()):
            uji = buat_sertifikat_uji(pejabat, folder, kunci, sandi.encode(), timpa=True)
            p12, pem = uji.p12, uji.sertifikat
        pengguna[pejabat.nik] = pengguna_dari_p12(pejabat.nik, sandi, p12, sandi.encode())
        akar.append(pem)
    if not pengguna:
        raise ConfigError(
            "Belum ada pejabat dengan `nik` di [pejabat.*] naskah.toml; simulator ESC tidak "
            "punya pengguna."
        )
    b = k.tte.bsre
    pengguna_api = os.environ.get(b.pengguna_env, "esc") if b else "esc"
    sandi_api = os.environ.get(b.sandi_env, "simulator") if b else "simulator"
    return SimulatorEsc(pengguna, pengguna_api=pengguna_api, sandi_api=sandi_api), akar
