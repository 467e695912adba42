"""Setting up an office folder (``naskah init``): naskah.toml, the archive folder, the demo key.

The settings are data files shipped in the package (``naskah/contoh/``): ``kosong.toml`` for a
new office and ``kaltim.toml``, BPMP Provinsi Kalimantan Timur as in the 2024 seed decree, so
that the examples can be numbered, rendered and signed right away. Both go through one
mechanism (:class:`string.Template`, ``$name`` placeholders, which TOML's ``{urut}`` patterns
never clash with).

Setting up is all or nothing: everything is checked and made first (the archive folder, the
TEST certificate), naskah.toml is written last and atomically; when a step fails, what this
call made is removed again and nothing is left that names a missing file.
"""

from __future__ import annotations

import contextlib
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from string import Template

from naskah.berkas import alasan_os, tulis_atomik, tulis_bytes
from naskah.config import NAMA_BERKAS, Konfigurasi, muat_konfigurasi
from naskah.errors import ConfigError

SANDI_CONTOH = "naskah-uji"
"""Passphrase of the demo TEST certificate; it protects nothing and is documented on purpose."""
FOLDER_UJI = "tte-uji"
NAMA_LAMBANG_CONTOH = "lambang-contoh.png"
"""The example office's emblem shipped in ``naskah/contoh/`` (``naskah init --contoh``)."""
PEJABAT_CONTOH = "kepala"
"""The official of the example naskah.toml whose TEST certificate ``naskah init --contoh`` makes."""


def nama_berkas_uji(kunci: str) -> tuple[str, str]:
    """Return the file names of official ``kunci``'s TEST certificate: (PKCS#12, public PEM).

    The one naming rule for every TEST certificate naskah makes (``naskah init --contoh``,
    ``naskah tte sertifikat-uji``, the ESC simulator): ``<kunci>-uji.p12`` and
    ``<kunci>-uji.pem``, ``kunci`` being the official's key in naskah.toml (``[pejabat.<kunci>]``).
    Certificates made under an older name (``pejabat-uji.p12``) stay usable: naskah.toml names
    its files by path, and nothing looks them up by name.
    """
    return f"{kunci}-uji.p12", f"{kunci}-uji.pem"


NAMA_LOGO = "logo.png"
"""Where ``naskah init`` tells staff to put the office's logo (next to naskah.toml)."""


@dataclass(frozen=True)
class HasilPersiapan:
    """What ``naskah init`` made."""

    naskah_toml: Path
    arsip: Path
    sertifikat_uji: Path | None
    """The demo TEST PKCS#12 (only with ``contoh``)."""
    logo: Path | None
    """The kop's logo named in naskah.toml; None when the office has none yet."""
    saran_logo: Path
    """Where to put the logo and what to write in [instansi] logo (``NAMA_LOGO``)."""


def teks_konfigurasi(*, contoh: bool = False) -> str:
    """Return the text of a first naskah.toml (the Kaltim example with ``contoh``)."""
    nama = "kaltim.toml" if contoh else "kosong.toml"
    templat = files("naskah").joinpath("contoh", nama).read_text(encoding="utf-8")
    p12, pem = nama_berkas_uji(PEJABAT_CONTOH)
    return Template(templat).substitute(
        sandi=SANDI_CONTOH, folder_uji=FOLDER_UJI, p12_uji=p12, pem_uji=pem
    )


def buat_konfigurasi(folder: Path, *, contoh: bool = False) -> HasilPersiapan:
    """Set up ``folder``: archive folder, TEST certificate (``contoh``), then naskah.toml.

    Refuses to overwrite an existing naskah.toml or demo certificate. On any failure, the
    files and folders made by this call are removed and the error is raised.
    """
    folder = Path(folder)
    path = folder / NAMA_BERKAS
    if path.exists():
        raise ConfigError(
            f"{path} sudah ada; naskah tidak menimpanya. Hapus atau ubah berkas itu secara "
            "langsung."
        )
    teks = teks_konfigurasi(contoh=contoh)
    konfigurasi = _periksa_teks(teks, folder)
    dibuat: list[Path] = []  # what this call made, removed again on failure (last first)
    try:
        _buat_folder(folder, dibuat)
        arsip = konfigurasi.folder_arsip
        _buat_folder(arsip, dibuat)
        sertifikat = _buat_sertifikat_uji(konfigurasi, dibuat) if contoh else None
        if contoh:
            _pasang_lambang_contoh(konfigurasi, dibuat)
        with tulis_atomik(path, galat=ConfigError) as sementara:
            sementara.write_text(teks, encoding="utf-8")
            muat_konfigurasi(sementara)  # never leave a file naskah cannot read
    except BaseException:
        _hapus(dibuat)
        raise
    instansi = konfigurasi.instansi
    logo = konfigurasi.path(Path(instansi.logo)) if instansi and instansi.logo else None
    return HasilPersiapan(path, arsip, sertifikat, logo, folder / NAMA_LOGO)


def _periksa_teks(teks: str, folder: Path) -> Konfigurasi:
    """Validate the settings before anything is written (a broken data file is a bug)."""
    try:
        data = tomllib.loads(teks)
        return Konfigurasi.model_validate({**data, "folder": folder.resolve()})
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise ConfigError(
            f"Contoh naskah.toml bawaan naskah tidak sah ({exc}); laporkan kepada pengelola naskah."
        ) from None


def _buat_folder(folder: Path, dibuat: list[Path]) -> None:
    """Make ``folder`` and its missing parents, recording the ones made."""
    baru = [p for p in [folder, *folder.parents] if not p.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"Folder {folder} tidak dapat dibuat ({alasan_os(exc)}); pilih folder lain."
        ) from None
    dibuat.extend(reversed(baru))


def _buat_sertifikat_uji(konfigurasi: Konfigurasi, dibuat: list[Path]) -> Path:
    """Create the demo TEST signing certificate named in the example naskah.toml."""
    from naskah.tte.contoh import buat_p12_contoh  # cryptography is heavy: only when asked

    pejabat = konfigurasi.pejabat[PEJABAT_CONTOH]
    if konfigurasi.tte.p12 is None or not konfigurasi.tte.akar_tepercaya:
        raise ConfigError("Contoh naskah.toml bawaan tidak menyebut sertifikat uji [tte].")
    p12 = konfigurasi.path(konfigurasi.tte.p12)
    pem = konfigurasi.path(konfigurasi.tte.akar_tepercaya[0])
    for p in (p12, pem):
        if p.is_file():
            raise ConfigError(
                f"{p} sudah ada; naskah tidak menimpanya. Hapus folder {p.parent} bila sertifikat "
                "uji lama tidak dipakai lagi, lalu ulangi."
            )
    _buat_folder(p12.parent, dibuat)
    # buat_p12_contoh writes each file atomically; a file it made is removed on failure
    dibuat.extend(p for p in (p12, pem) if not p.exists() and not p.is_symlink())
    buat_p12_contoh(
        p12,
        pejabat.nama_lengkap,
        SANDI_CONTOH.encode(),
        jabatan=pejabat.jabatan,
        nip=str(pejabat.nip) if pejabat.nip else None,  # matches the record in her documents
        sertifikat=pem,
    )
    return p12


def _pasang_lambang_contoh(konfigurasi: Konfigurasi, dibuat: list[Path]) -> None:
    """Copy the example office's emblem to where the example naskah.toml names it.

    Documents printing the CONTOH LOGO placeholder are never issued; the example office issues
    documents, so it gets an emblem of its own (an original design marked CONTOH).
    """
    instansi = konfigurasi.instansi
    if instansi is None or instansi.logo_contoh:
        raise ConfigError("Contoh naskah.toml bawaan tidak menyebut logo [instansi].")
    tujuan = konfigurasi.path(Path(instansi.logo or ""))
    if tujuan.exists():  # an office's own file is never overwritten: it is the office's logo
        return
    data = files("naskah").joinpath("contoh", NAMA_LAMBANG_CONTOH).read_bytes()
    tulis_bytes(tujuan, data, galat=ConfigError)
    dibuat.append(tujuan)


def _hapus(dibuat: list[Path]) -> None:
    """Remove, last first, the files and (empty) folders this set-up made."""
    for p in reversed(dibuat):
        with contextlib.suppress(OSError):
            if p.is_dir() and not p.is_symlink():
                p.rmdir()  # only when empty: never what someone else put there
            elif p.exists() or p.is_symlink():
                p.unlink()
