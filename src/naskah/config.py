"""Settings of one office: naskah.toml, found in the working folder or given with --config.

This module owns the settings' shape (pydantic models), finding and reading the file, the
environment overrides (``NASKAH_DATABASE_URL``) and writing a first naskah.toml (``naskah init``).
Relative paths in the file are relative to the folder that holds it.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date, time, tzinfo
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from naskah.berkas import alasan_os
from naskah.errors import ConfigError, NomorError
from naskah.models.common import Instansi, Pejabat
from naskah.nomor import POLA_BAKU, GayaSisipan, PolaNomor
from naskah.zona import IANA_ZONA as IANA_ZONA
from naskah.zona import ZONA_PROVINSI as ZONA_PROVINSI
from naskah.zona import Zona as Zona
from naskah.zona import provinsi_dalam as provinsi_dalam
from naskah.zona import zona_dari_nama as _zona_dari_nama
from naskah.zona import zona_komputer

NAMA_BERKAS = "naskah.toml"
ENV_DATABASE_URL = "NASKAH_DATABASE_URL"


class _Bagian(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Seri(_Bagian):
    """A numbering series: how its numbers look and which classification codes it accepts."""

    pola: str = POLA_BAKU
    lebar: int = Field(4, ge=1, le=9)
    sisipan: GayaSisipan = "huruf"
    unit: str | None = None
    """Unit code put in ``{unit}``; the office's ``kode_unit`` when empty."""
    ulang_tahunan: bool = True
    """Restart the sequence every year (by the document's date, not the wall clock)."""
    klasifikasi: list[str] = []
    """Allowed classification codes (keys of [klasifikasi]); empty means all of them."""
    keterangan: str | None = None

    @property
    def pola_nomor(self) -> PolaNomor:
        """Return the :class:`PolaNomor` of this series."""
        return PolaNomor(self.pola, self.lebar, self.sisipan)


class Arsip(_Bagian):
    lokasi: Path = Path("archive")


class BasisData(_Bagian):
    url: str | None = None
    """SQLAlchemy URL; SQLite in the archive folder when empty. NASKAH_DATABASE_URL wins."""
    batas_tunggu: float = Field(30.0, gt=0)
    """Seconds to wait for a locked database before giving up."""


class Cari(_Bagian):
    """Search settings (see naskah.cari)."""

    mesin: Literal["whoosh", "postgresql"] | None = None
    """The search backend; PostgreSQL when the register is on PostgreSQL, else Whoosh."""
    batas_tunggu: float = Field(30.0, gt=0)
    """Seconds a writer waits for another process writing the index before giving up."""
    padanan: dict[str, str | list[str]] = {}
    """Office shorthand a search also reads in full, added to naskah's defaults
    (``naskah.cari.jawab.PADANAN_BAWAAN``): ``bimtek = "bimbingan teknis"``; several
    readings as a list; an empty string or list drops a default."""


class Render(_Bagian):
    kertas: Literal["A4", "F4"] = "A4"
    templat: Path | None = None
    """An office's own template folder; naskah's templates when empty."""
    pdfa: bool = True


class BSrE(_Bagian):
    """[tte.bsre]: signing through BSrE's Esign Client Service (see naskah.tte.bsre)."""

    url: str = Field(..., pattern=r"^https?://")
    """Base address of the office's ESC (``https://esc.kantor.go.id``)."""
    versi: Literal[1, 2] = 2
    """ESC API version: 1 (multipart, one file per call) or 2 (JSON, several files per call)."""
    pengguna_env: str = "NASKAH_BSRE_PENGGUNA"
    """Environment variable holding the ESC API user (HTTP Basic)."""
    sandi_env: str = "NASKAH_BSRE_SANDI"
    """Environment variable holding the ESC API password (never in naskah.toml)."""
    batas_waktu: float = Field(60.0, gt=0)
    """Seconds to wait for one ESC answer."""
    ca: Path | None = None
    """The office CA (PEM) that issued the ESC's TLS certificate; the system's when empty."""
    percobaan: int = Field(3, ge=1, le=10)
    """Attempts per call on network errors and 5xx (with backoff)."""
    sejajar: int = Field(4, ge=1, le=32)
    """ESC calls in flight at most."""
    ukuran_batch: int = Field(10, ge=1, le=100)
    """Files per call (API v2)."""
    totp: bool = False
    """Sign with a TOTP code (v2; the ESC sends it to the official) instead of the passphrase."""


class TTE(_Bagian):
    """Electronic-signature settings (see naskah.tte)."""

    url_verifikasi: str | None = None
    """Verification address put in the QR code; ``{id}`` is replaced by the document's id."""
    akar_tepercaya: list[Path] = []
    """Trusted root certificates (PEM or DER) used when verifying."""
    tsa: str | None = None
    """RFC 3161 timestamp authority URL for PAdES B-T and above."""
    catatan_kaki: str = (
        "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik "
        "yang diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), Badan Siber dan Sandi "
        "Negara."
    )
    p12: Path | None = None
    """Default PKCS#12 file of the signing officer."""
    tingkat: Literal["B-B", "B-T", "B-LT", "B-LTA"] = "B-B"
    """Default PAdES level for ``naskah tte tandatangani``."""
    lebar_kotak: float = Field(170.0, gt=0)
    """Width in points of the visible signature box anchored at the ``[[TTE]]`` marker."""
    tinggi_kotak: float = Field(70.0, gt=0)
    """Height in points of the visible signature box (it extends down from the marker)."""
    font: Path | None = None
    """TrueType/OpenType font of the visible stamp; Liberation Sans when empty."""
    lokasi: str | None = None
    """Signing location recorded in the signature (e.g. the office's city)."""
    pkcs11_pustaka: Path | None = None
    """PKCS#11 module of the signing token or HSM (e.g. /usr/lib/softhsm/libsofthsm2.so)."""
    pkcs11_token: str | None = None
    """Token label."""
    pkcs11_kunci: str | None = None
    """Label of the signing key on the token."""
    pkcs11_sertifikat: str | None = None
    """Label of the signer certificate on the token; the key label when empty."""
    zona_waktu: str | None = None
    """The office's time zone for the stamp and the reports: ``WIB``, ``WITA`` or ``WIT`` (or
    their IANA names Asia/Jakarta, Asia/Makassar, Asia/Jayapura). When empty it follows the
    office's province (``provinsi``, else the province named in [instansi])."""
    provinsi: str | None = None
    """The office's province, when [instansi] does not name it (``Kalimantan Tengah``)."""
    batas_ukuran_mb: float = Field(100.0, gt=0)
    """Largest PDF accepted for signing, in MB."""
    penyedia: Literal["lokal", "bsre"] = "lokal"
    """Who signs: ``lokal`` (PKCS#12 or PKCS#11 key) or ``bsre`` (the ESC in [tte.bsre])."""
    bsre: BSrE | None = None

    @field_validator("zona_waktu")
    @classmethod
    def _zona_dikenal(cls, v: str | None) -> str | None:
        if v is not None:
            zona = _zona_dari_nama(v)
            if zona is None:
                raise ValueError(
                    f"zona waktu {v!r} tidak dikenal; pakai WIB, WITA atau WIT"
                ) from None
            return zona
        return v

    @field_validator("provinsi")
    @classmethod
    def _provinsi_dikenal(cls, v: str | None) -> str | None:
        if v is not None and provinsi_dalam(v) is None:
            raise ValueError(f"provinsi {v!r} tidak dikenal; tulis nama provinsi lengkap")
        return v

    @property
    def zona(self) -> tzinfo:
        """Return the zone set in [tte] zona_waktu, or the computer's own when empty."""
        if self.zona_waktu:
            return ZoneInfo(IANA_ZONA[self.zona_waktu])
        return zona_komputer()


_WARNA = r"^#?[0-9A-Fa-f]{6}$"


class PengaturanSertifikat(_Bagian):
    """Certificates: the office's background and colours, the participant sheet's columns."""

    latar: Path | None = None
    """A full-page background image (PNG or JPEG, A4 landscape) replacing the template's frame."""
    warna_utama: str | None = Field(None, pattern=_WARNA)
    """Replaces the template's dark blue (#1F3A68): title, name, frame, table header."""
    warna_aksen: str | None = Field(None, pattern=_WARNA)
    """Replaces the template's gold (#B8892B): the role, the rule under the name, the frame."""
    kolom: dict[Literal["nama", "nik", "nip", "instansi", "email", "peran"], list[str]] = {}
    """Extra column names of the participant sheet per field (``nama = ["Nama Guru"]``)."""

    @field_validator("kolom", mode="before")
    @classmethod
    def _satu_atau_banyak(cls, v: object) -> object:
        if isinstance(v, dict):
            return {k: [x] if isinstance(x, str) else x for k, x in v.items()}
        return v


class Layanan(_Bagian):
    """The public verification web service (``naskah layanan``)."""

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    ukuran_unggah_mb: float = Field(10.0, gt=0, le=100)
    """Largest PDF accepted by the upload check, in MB."""
    batas_waktu_periksa: float = Field(20.0, gt=0, le=300)
    """Seconds one upload check may take before it is stopped."""
    pemeriksa: int = Field(2, ge=1, le=16)
    """Worker processes checking uploaded PDFs."""
    batas_permintaan: int = Field(120, ge=1)
    """Requests one client address may make per minute (pages); uploads and certificate
    look-ups count ten times."""
    proxy_tepercaya: list[str] = []
    """Addresses of reverse proxies whose X-Forwarded-For is believed (e.g. 127.0.0.1)."""
    tembolok_detik: float = Field(2.0, ge=0, le=60)
    """Seconds a looked-up entry is reused by the QR page (0: ask the archive every time); a
    cancellation or a new version shows after at most this long."""
    url_publik: str | None = Field(None, pattern=r"^https?://")
    """The public address of this service as the public reaches it (``https://ult.kantor.go.id``),
    used in links sent to applicants (the satisfaction survey); the origin of [tte]
    url_verifikasi when empty."""
    ambil_daring: bool = False
    """Fetch OCSP/CRL for uploaded PDFs (off: an uploaded file must not make the server
    connect to addresses it names)."""
    batas_formulir: int = Field(6, ge=1)
    """Requests, complaints and survey answers one client address may send per minute (the
    desk's public forms, when ``[ult] standar`` is set)."""
    batas_lacak: int = Field(10, ge=1)
    """Tracking-code look-ups one client address may make per minute."""
    ukuran_permohonan_mb: float = Field(25.0, gt=0, le=500)
    """Largest request form with all its attachments together, in MB (each attachment is
    held to ``[ult] lampiran_maks_mb`` too)."""


class PengaturanMeja(_Bagian):
    """The staff's web desk (``naskah meja``): where it listens, sessions and lock-out."""

    host: str = "127.0.0.1"
    """Loopback or an office (private) address; a public one is refused unless
    ``izinkan_alamat_publik``."""
    port: int = Field(8001, ge=0, le=65535)
    izinkan_alamat_publik: bool = False
    sesi_menit: int = Field(30, ge=1, le=24 * 60)
    """Minutes of inactivity that end a session."""
    sesi_jam_maks: int = Field(10, ge=1, le=72)
    """Hours after login that end a session whatever happens."""
    gagal_maks: int = Field(5, ge=1, le=100)
    """Wrong passwords in a row that lock an account."""
    kunci_menit: int = Field(15, ge=1, le=24 * 60)
    """Minutes a locked account stays locked."""
    batas_permintaan: int = Field(600, ge=1)
    """Requests one client address may make per minute (forms count ten times)."""
    proxy_tepercaya: list[str] = []
    """Reverse proxies whose X-Forwarded-For is believed (e.g. 127.0.0.1 behind nginx)."""
    tembolok_detik: float = Field(2.0, ge=0, le=60)
    """Seconds a user's rendered "Tugas saya" or request page is reused (0: never); a step
    taken in the desk clears it at once, a step from the command line shows after this long."""
    paraf: list[Literal["kasubbag_umum", "pokja"]] = ["kasubbag_umum"]
    """The roles whose paraf a request's product needs, in this order, before the head signs
    it in the desk (empty: the head signs at once)."""


class Surel(_Bagian):
    """Sending certificates by e-mail (``naskah sertifikat kirim``); the password is never here."""

    host: str = "localhost"
    port: int | None = Field(None, ge=1, le=65535)
    """587 with STARTTLS, 465 with SMTPS, 25 without TLS when empty."""
    keamanan: Literal["starttls", "smtps", "tanpa"] = "starttls"
    """``tanpa`` (no TLS) only for a relay on this machine."""
    pengguna: str | None = None
    """SMTP login; the password comes from the variable named by ``sandi_env`` or a prompt."""
    sandi_env: str = "NASKAH_SUREL_SANDI"
    cafile: Path | None = None
    """CA certificate (PEM) the SMTP server's certificate must chain to; the system's when
    empty (relative to naskah.toml)."""
    pengirim: str | None = None
    """The office's address (From); [instansi] email when empty."""
    nama_pengirim: str | None = None
    """The sender's display name; [instansi] unit when empty."""
    per_menit: int = Field(30, ge=1, le=6000)
    """Messages sent per minute at most."""
    batas_waktu: float = Field(60.0, gt=0)
    """Seconds to wait for the SMTP server."""


# -- [ult]: the service desk (naskah.ult) ------------------------------------------------------


class UltLayanan(_Bagian):
    """One service of the desk, where the office states what its standard's text can't say."""

    hari_kerja: int | None = Field(None, gt=0)
    """Working days to finish the service (wins over the standard's text)."""
    hari_kerja_jawaban: int | None = Field(None, gt=0)
    """Working days to tell the applicant approval or refusal."""
    hari_kerja_pemberitahuan: int | None = Field(None, gt=0)
    """Working days to tell the applicant that handling takes longer."""
    jeda_kegiatan: int | None = Field(None, ge=0)
    """Working days a request must come before its activity (wins over the persyaratan)."""
    unit: str | None = None
    """The unit that handles it by default (e.g. ``Subbag Umum``)."""


class UltFasilitas(_Bagian):
    """A room or piece of equipment lent to the public, with its PNBP tariffs (Rupiah)."""

    nama: str
    jenis: str = "ruang"
    """gedung, aula, ruang kelas, wisma, parkir, peralatan, …"""
    kapasitas: int | None = Field(None, gt=0)
    tarif_hari: int | None = Field(None, ge=0)
    tarif_setengah_hari: int | None = Field(None, ge=0)
    tarif_malam: int | None = Field(None, ge=0)


class Ult(_Bagian):
    """The Unit Layanan Terpadu desk (``naskah ult``): standards, calendar, limits, facilities."""

    standar: list[Path] = []
    """The issued decrees (YAML) whose lampiran are the office's Standar Pelayanan; each is in
    force from its ``tanggal`` until a later one replaces the same service."""
    layanan: dict[str, UltLayanan] = {}
    """Per service (the lampiran's id): numbers the standard's text does not state."""
    penutupan: dict[date, str] = {}
    """The office's own closures: date = reason."""
    hari_kerja_tambahan: list[date] = []
    """Dates the office works although the national calendar says otherwise."""
    cuti_bersama_libur: bool = True
    """Cuti bersama days are days off."""
    jam_buka: time = time(7, 30)
    jam_tutup: list[time] = [time(16, 0)] * 4 + [time(16, 30)]
    """Closing time Monday to Friday; a request after it is received the next working day."""
    jeda_kegiatan: Literal["tandai", "tolak"] = "tandai"
    """A request later than its lead time before the activity: flagged, or refused."""
    hari_kerja_pengaduan: int = Field(5, gt=0)
    """Working days to handle a complaint."""
    lampiran_maks: int = Field(10, ge=1, le=100)
    """Attachments per request at most."""
    lampiran_maks_mb: float = Field(10.0, gt=0, le=200)
    """Largest attachment, in MB."""
    fasilitas: dict[str, UltFasilitas] = {}
    """Rooms and equipment, keyed by a short name (``aula``, ``wisma-1``)."""
    ringkasan_kepada: list[str] = []
    """Who gets the daily digest of what is due (``naskah ult jatuh-tempo --kirim``)."""
    kirim_survei: bool = False
    """E-mail the applicant (when they gave an address) the closing notice with the one-time
    link to the satisfaction survey, through [surel], when a request is closed."""

    @field_validator("jam_tutup")
    @classmethod
    def _lima_hari(cls, v: list[time]) -> list[time]:
        if len(v) != 5:
            raise ValueError("jam_tutup berisi lima jam: Senin sampai Jumat")
        return v


class Konfigurasi(_Bagian):
    """The whole of naskah.toml."""

    instansi: Instansi | None = None
    pejabat: dict[str, Pejabat] = {}
    """Named officials, so documents can say ``penandatangan: kepala``."""
    seri: dict[str, Seri] = {"naskah": Seri()}
    klasifikasi: dict[str, str] = {}
    """Archive classification codes of the office's ministry with their descriptions."""
    arsip: Arsip = Arsip()
    basis_data: BasisData = BasisData()
    render: Render = Render()
    tte: TTE = TTE()
    cari: Cari = Cari()
    sertifikat: PengaturanSertifikat = PengaturanSertifikat()
    layanan: Layanan = Layanan()
    meja: PengaturanMeja = PengaturanMeja()
    surel: Surel = Surel()
    ult: Ult = Ult()
    folder: Path = Field(default=Path("."), exclude=True)
    """The folder holding naskah.toml; relative paths are resolved against it."""

    @model_validator(mode="after")
    def _seri_sah(self) -> Konfigurasi:
        for nama, seri in self.seri.items():
            try:
                seri.pola_nomor  # noqa: B018 - validates the pattern
            except NomorError as exc:
                raise ValueError(f"seri {nama!r}: {exc}") from None
            tak_dikenal = [
                k for k in seri.klasifikasi if self.klasifikasi and k not in self.klasifikasi
            ]
            if tak_dikenal:
                raise ValueError(
                    f"seri {nama!r} memakai kode klasifikasi yang tidak ada di [klasifikasi]: "
                    + ", ".join(tak_dikenal)
                )
        return self

    @property
    def provinsi_kantor(self) -> str | None:
        """Return the office's province: [tte] provinsi, else the one [instansi] names."""
        if self.tte.provinsi:
            return provinsi_dalam(self.tte.provinsi)
        i = self.instansi
        if i is None:
            return None
        return provinsi_dalam(i.unit) or provinsi_dalam(i.alamat) or provinsi_dalam(i.kota)

    @property
    def zona_kantor(self) -> Zona | None:
        """Return the office's zone: [tte] zona_waktu, else its province's; None if unknown."""
        if self.tte.zona_waktu:
            return self.tte.zona_waktu  # type: ignore[return-value]
        prov = self.provinsi_kantor
        return ZONA_PROVINSI[prov] if prov else None

    @property
    def zona(self) -> tzinfo:
        """Return the time zone of the office's stamps and reports (the computer's if unknown)."""
        z = self.zona_kantor
        return ZoneInfo(IANA_ZONA[z]) if z else self.tte.zona

    def path(self, p: Path) -> Path:
        """Return ``p`` resolved against the folder of naskah.toml."""
        return p if p.is_absolute() else (self.folder / p)

    @property
    def folder_arsip(self) -> Path:
        return self.path(self.arsip.lokasi)

    @property
    def url_basis_data(self) -> str:
        """Return the database URL: environment, then config, then SQLite in the archive."""
        env = os.environ.get(ENV_DATABASE_URL)
        if env:
            return env
        if self.basis_data.url:
            return self.basis_data.url
        return f"sqlite:///{(self.folder_arsip / 'register.sqlite').resolve()}"

    def ambil_seri(self, nama: str) -> Seri:
        """Return series ``nama`` or raise a ConfigError listing the known ones."""
        try:
            return self.seri[nama]
        except KeyError:
            raise ConfigError(
                f"Seri nomor {nama!r} tidak ada di naskah.toml; seri yang tersedia: "
                f"{', '.join(sorted(self.seri)) or '(belum ada)'}."
            ) from None

    def periksa_klasifikasi(self, seri: str, kode: str) -> None:
        """Refuse a classification code the series does not allow, listing the valid ones."""
        s = self.ambil_seri(seri)
        sah = s.klasifikasi or sorted(self.klasifikasi)
        if sah and kode not in sah:
            raise ConfigError(
                f"Kode klasifikasi {kode!r} tidak dikenal untuk seri {seri!r}; "
                f"kode yang sah: {', '.join(sah)}."
            )


def cari_konfigurasi(mulai: Path | None = None) -> Path | None:
    """Return naskah.toml in ``mulai`` (the current folder by default), or None."""
    kandidat = (mulai or Path.cwd()) / NAMA_BERKAS
    return kandidat if kandidat.is_file() else None


def muat_konfigurasi(path: Path | None = None, *, wajib: bool = False) -> Konfigurasi:
    """Read naskah.toml from ``path`` or the current folder.

    Without a file, return the defaults unless ``wajib`` (then raise ConfigError saying to run
    ``naskah init``).
    """
    if path is None:
        path = cari_konfigurasi()
        if path is None:
            if wajib:
                raise ConfigError(
                    "Berkas naskah.toml tidak ditemukan di folder ini; jalankan `naskah init` "
                    "atau sebutkan berkasnya dengan --config."
                )
            return Konfigurasi(folder=Path.cwd())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"Berkas konfigurasi {path} tidak ditemukan.") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Berkas konfigurasi {path} tidak dapat dibaca: {exc}.") from None
    except OSError as exc:
        raise ConfigError(
            f"Berkas konfigurasi {path} tidak dapat dibuka: {alasan_os(exc)}."
        ) from None
    try:
        return Konfigurasi.model_validate({**data, "folder": path.parent.resolve()})
    except ValidationError as exc:
        masalah = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"Isi {path} tidak sah: {masalah}.") from None
