"""A quick reading of naskah.toml for the everyday read commands, without pydantic.

Importing pydantic and building the settings' models costs about twice a whole
``naskah --version``: more than ``naskah ult jatuh-tempo`` may take in all. :func:`muat_cepat`
gives the same settings as :func:`naskah.config.muat_konfigurasi` without it, for a file it can
vouch for: every key one it knows (:data:`SPESIFIKASI`, the models of :mod:`naskah.config` written
out once more) and every value of the type TOML writes it in and within its bounds, so pydantic
would take it unchanged. Anything else (a key it does not know, a value pydantic would convert or
refuse, a file it cannot read) goes to :func:`~naskah.config.muat_konfigurasi`: the same settings,
or the same error, the slow way. Nothing is cached between processes.

The answer, :class:`KonfigurasiCepat`, holds the sections the read paths use (``arsip``,
``basis_data``, ``cari``, ``ult``) and the office's zone; the first use of anything else (``seri``,
``tte``, a model method) validates the file with pydantic once and answers from that: vouched
for, it cannot fail. tests/test_config_cepat.py holds the models' fields as they were when the
spec was written: changing a field in config.py fails that test until the spec follows.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from datetime import date, time, tzinfo
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast, get_args

from naskah.errors import NomorError
from naskah.nip import NIP
from naskah.nomor import POLA_BAKU, GayaSisipan, PolaNomor
from naskah.teks_aman import alasan_teks
from naskah.zona import (
    IANA_ZONA,
    ZONA_PROVINSI,
    Zona,
    provinsi_dalam,
    zona_dari_nama,
    zona_komputer,
)

if TYPE_CHECKING:
    from naskah.config import Konfigurasi

__all__ = ["SPESIFIKASI", "KonfigurasiCepat", "muat_cepat", "serahkan"]

NAMA_BERKAS = "naskah.toml"  # naskah.config's, not imported from there (pydantic)
ENV_DATABASE_URL = "NASKAH_DATABASE_URL"


class _Ragu(Exception):
    """A value the quick reading cannot vouch for: pydantic decides."""


Periksa = Callable[[Any], Any]
"""Return the value as pydantic would hold it, or raise _Ragu."""


def serahkan(v: Any) -> Any:
    """The rule of a field the quick reading does not check: a file that sets it is read by
    pydantic (correct, only slower). For a new field before its own rule is written here."""
    raise _Ragu


def _teks(v: Any) -> str:
    if type(v) is not str:
        raise _Ragu
    return v


def _pola(pola: str) -> Periksa:
    r = re.compile(pola)

    def periksa(v: Any) -> str:
        # pydantic's regex engine has no "$ before a final newline": refuse any newline
        if type(v) is not str or "\n" in v or not r.search(v):
            raise _Ragu
        return v

    return periksa


def _benar(v: Any) -> bool:
    if type(v) is not bool:
        raise _Ragu
    return v


def _bulat(ge: int | None = None, le: int | None = None, gt: int | None = None) -> Periksa:
    def periksa(v: Any) -> int:
        if type(v) is not int:
            raise _Ragu
        if (
            (ge is not None and v < ge)
            or (le is not None and v > le)
            or (gt is not None and v <= gt)
        ):
            raise _Ragu
        return v

    return periksa


def _pecahan(gt: float | None = None, ge: float | None = None, le: float | None = None) -> Periksa:
    def periksa(v: Any) -> float:
        if type(v) not in (int, float) or not math.isfinite(v):
            raise _Ragu
        if (
            (gt is not None and v <= gt)
            or (ge is not None and v < ge)
            or (le is not None and v > le)
        ):
            raise _Ragu
        return float(v)

    return periksa


def _path(v: Any) -> Path:
    return Path(_teks(v))


def _pilihan(*pilihan: object) -> Periksa:
    def periksa(v: Any) -> Any:
        if not any(type(v) is type(p) and v == p for p in pilihan):
            raise _Ragu
        return v

    return periksa


def _daftar(isi: Periksa) -> Periksa:
    def periksa(v: Any) -> list[Any]:
        if type(v) is not list:
            raise _Ragu
        return [isi(x) for x in v]

    return periksa


def _peta(kunci: Periksa, isi: Periksa) -> Periksa:
    def periksa(v: Any) -> dict[Any, Any]:
        if type(v) is not dict:
            raise _Ragu
        return {kunci(k): isi(x) for k, x in v.items()}

    return periksa


_TANGGAL = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _tanggal(v: Any) -> date:
    if type(v) is date:
        return v
    if type(v) is str and _TANGGAL.fullmatch(v):
        try:
            return date.fromisoformat(v)
        except ValueError:
            raise _Ragu from None
    raise _Ragu


def _jam(v: Any) -> time:
    if type(v) is not time or v.tzinfo is not None:
        raise _Ragu
    return v


def _salah_satu(*cara: Periksa) -> Periksa:
    def periksa(v: Any) -> Any:
        for c in cara:
            try:
                return c(v)
            except _Ragu:
                continue
        raise _Ragu

    return periksa


_WAJIB = object()
"""The default of a required field."""


class Bagian(SimpleNamespace):
    """One section of the quick settings: its fields as attributes, defaults filled in."""


def _bagian(
    medan: Mapping[str, tuple[Periksa, Any]],
    *,
    rapikan: bool = False,
    sesudah: Callable[[dict[str, Any]], None] | None = None,
) -> Periksa:
    """Check a model's table: only its keys, each by its rule, the required ones present.

    ``rapikan``: the model strips whitespace of its text fields (the document models' config).
    A default is a value or a zero-argument factory (a fresh list for every answer).
    """

    def periksa(v: Any) -> Bagian:
        if type(v) is not dict or not set(v) <= set(medan):
            raise _Ragu
        nilai: dict[str, Any] = {}
        for nama, (aturan, bawaan) in medan.items():
            if nama in v:
                x = v[nama]
                if rapikan and type(x) is str:
                    x = x.strip()
                nilai[nama] = aturan(x)
            elif bawaan is _WAJIB:
                raise _Ragu
            else:
                nilai[nama] = bawaan() if callable(bawaan) else bawaan
        if sesudah is not None:
            sesudah(nilai)
        return Bagian(**nilai)

    periksa.medan = medan  # type: ignore[attr-defined]  # its fields, for the tests
    return periksa


# -- the models of naskah.config and naskah.models.common, written out -------------------------


def _nip(v: Any) -> NIP:
    try:
        if type(v) is dict:
            if set(v) - {"nomor", "jenis"} or "nomor" not in v:
                raise _Ragu
            jenis = v.get("jenis", "PNS")
            if jenis not in ("PNS", "PPPK") or type(v["nomor"]) not in (str, int):
                raise _Ragu
            return NIP(v["nomor"], jenis)
        if type(v) in (str, int):
            return NIP(v)
    except ValueError:
        raise _Ragu from None
    raise _Ragu


def _nama_pejabat(v: Any) -> str:
    # stripped already (rapikan); the model refuses an empty name or a control character
    if not _teks(v) or alasan_teks(v):
        raise _Ragu
    return v


def _nik(v: Any) -> str:
    if type(v) is not str or not re.fullmatch(r"[0-9]{16}", v):
        raise _Ragu
    return v


def _zona_waktu(v: Any) -> str:
    zona = zona_dari_nama(_teks(v))
    if zona is None:
        raise _Ragu
    return zona


def _provinsi(v: Any) -> str:
    if provinsi_dalam(_teks(v)) is None:
        raise _Ragu
    return v


def _kolom(v: Any) -> dict[str, list[str]]:
    if type(v) is not dict:
        raise _Ragu
    satu = {k: [x] if isinstance(x, str) else x for k, x in v.items()}
    return cast(
        "dict[str, list[str]]",
        _peta(_pilihan("nama", "nik", "nip", "instansi", "email", "peran"), _daftar(_teks))(satu),
    )


def _lima_jam(nilai: dict[str, Any]) -> None:
    if len(nilai["jam_tutup"]) != 5:
        raise _Ragu


_KONTAK = _pilihan("telepon", "faksimile", "laman", "email")
_TEKS_ATAU_KOSONG = (_teks, None)

INSTANSI = _bagian(
    {
        "kementerian": (_teks, _WAJIB),
        "unit_utama": _TEKS_ATAU_KOSONG,
        "unit": (_teks, _WAJIB),
        "alamat": (_teks, _WAJIB),
        "telepon": (_daftar(_teks), list),
        "faksimile": (_daftar(_teks), list),
        "laman": _TEKS_ATAU_KOSONG,
        "email": _TEKS_ATAU_KOSONG,
        "kontak": (_daftar(_teks), list),
        "tanpa": (_daftar(_KONTAK), list),
        "kota": (_teks, _WAJIB),
        "kode_unit": _TEKS_ATAU_KOSONG,
        "logo": _TEKS_ATAU_KOSONG,
    },
    rapikan=True,
)
PEJABAT = _bagian(
    {
        "nama": (_nama_pejabat, _WAJIB),
        "gelar_depan": _TEKS_ATAU_KOSONG,
        "gelar_belakang": _TEKS_ATAU_KOSONG,
        "nip": (_nip, None),
        "jabatan": _TEKS_ATAU_KOSONG,
        "pangkat": _TEKS_ATAU_KOSONG,
        "nik": (_nik, None),
    },
    rapikan=True,
)
SERI = _bagian(
    {
        "pola": (_teks, POLA_BAKU),
        "lebar": (_bulat(ge=1, le=9), 4),
        "sisipan": (_pilihan(*get_args(GayaSisipan)), "huruf"),
        "unit": _TEKS_ATAU_KOSONG,
        "ulang_tahunan": (_benar, True),
        "klasifikasi": (_daftar(_teks), list),
        "keterangan": _TEKS_ATAU_KOSONG,
    }
)
BSRE = _bagian(
    {
        "url": (_pola(r"^https?://"), _WAJIB),
        "versi": (_pilihan(1, 2), 2),
        "pengguna_env": (_teks, "NASKAH_BSRE_PENGGUNA"),
        "sandi_env": (_teks, "NASKAH_BSRE_SANDI"),
        "batas_waktu": (_pecahan(gt=0), 60.0),
        "ca": (_path, None),
        "percobaan": (_bulat(ge=1, le=10), 3),
        "sejajar": (_bulat(ge=1, le=32), 4),
        "ukuran_batch": (_bulat(ge=1, le=100), 10),
        "totp": (_benar, False),
    }
)
ULT_LAYANAN = _bagian(
    {
        "hari_kerja": (_bulat(gt=0), None),
        "hari_kerja_jawaban": (_bulat(gt=0), None),
        "hari_kerja_pemberitahuan": (_bulat(gt=0), None),
        "jeda_kegiatan": (_bulat(ge=0), None),
        "unit": _TEKS_ATAU_KOSONG,
    }
)
ULT_FASILITAS = _bagian(
    {
        "nama": (_teks, _WAJIB),
        "jenis": (_teks, "ruang"),
        "kapasitas": (_bulat(gt=0), None),
        "tarif_hari": (_bulat(ge=0), None),
        "tarif_setengah_hari": (_bulat(ge=0), None),
        "tarif_malam": (_bulat(ge=0), None),
    }
)
_WARNA = r"^#?[0-9A-Fa-f]{6}$"
SPESIFIKASI: dict[str, tuple[Periksa, Any]] = {
    "instansi": (INSTANSI, None),
    "pejabat": (_peta(_teks, PEJABAT), dict),
    "seri": (_peta(_teks, SERI), None),  # its default is built by pydantic: never read here
    "klasifikasi": (_peta(_teks, _teks), dict),
    "arsip": (_bagian({"lokasi": (_path, lambda: Path("archive"))}), None),
    "basis_data": (
        _bagian({"url": _TEKS_ATAU_KOSONG, "batas_tunggu": (_pecahan(gt=0), 30.0)}),
        None,
    ),
    "render": (
        _bagian(
            {
                "kertas": (_pilihan("A4", "F4"), "A4"),
                "templat": (_path, None),
                "pdfa": (_benar, True),
            }
        ),
        None,
    ),
    "tte": (
        _bagian(
            {
                "url_verifikasi": _TEKS_ATAU_KOSONG,
                "akar_tepercaya": (_daftar(_path), list),
                "tsa": _TEKS_ATAU_KOSONG,
                "catatan_kaki": (_teks, None),
                "p12": (_path, None),
                "tingkat": (_pilihan("B-B", "B-T", "B-LT", "B-LTA"), "B-B"),
                "lebar_kotak": (_pecahan(gt=0), 170.0),
                "tinggi_kotak": (_pecahan(gt=0), 70.0),
                "font": (_path, None),
                "lokasi": _TEKS_ATAU_KOSONG,
                "pkcs11_pustaka": (_path, None),
                "pkcs11_token": _TEKS_ATAU_KOSONG,
                "pkcs11_kunci": _TEKS_ATAU_KOSONG,
                "pkcs11_sertifikat": _TEKS_ATAU_KOSONG,
                "zona_waktu": (_zona_waktu, None),
                "provinsi": (_provinsi, None),
                "batas_ukuran_mb": (_pecahan(gt=0), 100.0),
                "penyedia": (_pilihan("lokal", "bsre"), "lokal"),
                "bsre": (BSRE, None),
            }
        ),
        None,
    ),
    "cari": (
        _bagian(
            {
                "mesin": (_pilihan("whoosh", "postgresql"), None),
                "batas_tunggu": (_pecahan(gt=0), 30.0),
                "padanan": (_peta(_teks, _salah_satu(_teks, _daftar(_teks))), dict),
            }
        ),
        None,
    ),
    "sertifikat": (
        _bagian(
            {
                "latar": (_path, None),
                "warna_utama": (_pola(_WARNA), None),
                "warna_aksen": (_pola(_WARNA), None),
                "kolom": (_kolom, dict),
            }
        ),
        None,
    ),
    "layanan": (
        _bagian(
            {
                "host": (_teks, "127.0.0.1"),
                "port": (_bulat(ge=0, le=65535), 8000),
                "ukuran_unggah_mb": (_pecahan(gt=0, le=100), 10.0),
                "batas_waktu_periksa": (_pecahan(gt=0, le=300), 20.0),
                "pemeriksa": (_bulat(ge=1, le=16), 2),
                "batas_permintaan": (_bulat(ge=1), 120),
                "proxy_tepercaya": (_daftar(_teks), list),
                "tembolok_detik": (_pecahan(ge=0, le=60), 2.0),
                "url_publik": (_pola(r"^https?://"), None),
                "ambil_daring": (_benar, False),
                "batas_formulir": (_bulat(ge=1), 6),
                "batas_lacak": (_bulat(ge=1), 10),
                "ukuran_permohonan_mb": (_pecahan(gt=0, le=500), 25.0),
            }
        ),
        None,
    ),
    "meja": (
        _bagian(
            {
                "host": (_teks, "127.0.0.1"),
                "port": (_bulat(ge=0, le=65535), 8001),
                "izinkan_alamat_publik": (_benar, False),
                "sesi_menit": (_bulat(ge=1, le=24 * 60), 30),
                "sesi_jam_maks": (_bulat(ge=1, le=72), 10),
                "gagal_maks": (_bulat(ge=1, le=100), 5),
                "kunci_menit": (_bulat(ge=1, le=24 * 60), 15),
                "batas_permintaan": (_bulat(ge=1), 600),
                "proxy_tepercaya": (_daftar(_teks), list),
                "tembolok_detik": (_pecahan(ge=0, le=60), 2.0),
                "paraf": (_daftar(_pilihan("kasubbag_umum", "pokja")), lambda: ["kasubbag_umum"]),
            }
        ),
        None,
    ),
    "surel": (
        _bagian(
            {
                "host": (_teks, "localhost"),
                "port": (_bulat(ge=1, le=65535), None),
                "keamanan": (_pilihan("starttls", "smtps", "tanpa"), "starttls"),
                "pengguna": _TEKS_ATAU_KOSONG,
                "sandi_env": (_teks, "NASKAH_SUREL_SANDI"),
                "cafile": (_path, None),
                "pengirim": _TEKS_ATAU_KOSONG,
                "nama_pengirim": _TEKS_ATAU_KOSONG,
                "per_menit": (_bulat(ge=1, le=6000), 30),
                "batas_waktu": (_pecahan(gt=0), 60.0),
            }
        ),
        None,
    ),
    "ult": (
        _bagian(
            {
                "standar": (_daftar(_path), list),
                "layanan": (
                    _peta(
                        _teks,
                        ULT_LAYANAN,
                    ),
                    dict,
                ),
                "penutupan": (_peta(_tanggal, _teks), dict),
                "hari_kerja_tambahan": (_daftar(_tanggal), list),
                "cuti_bersama_libur": (_benar, True),
                "jam_buka": (_jam, time(7, 30)),
                "jam_tutup": (_daftar(_jam), lambda: [time(16, 0)] * 4 + [time(16, 30)]),
                "jeda_kegiatan": (_pilihan("tandai", "tolak"), "tandai"),
                "hari_kerja_pengaduan": (_bulat(gt=0), 5),
                "lampiran_maks": (_bulat(ge=1, le=100), 10),
                "lampiran_maks_mb": (_pecahan(gt=0, le=200), 10.0),
                "fasilitas": (
                    _peta(
                        _teks,
                        ULT_FASILITAS,
                    ),
                    dict,
                ),
                "ringkasan_kepada": (_daftar(_teks), list),
                "kirim_survei": (_benar, False),
            },
            sesudah=_lima_jam,
        ),
        None,
    ),
}
"""Every key of naskah.toml with its rule and its default. Only the defaults of the sections in
:data:`DIJAWAB` are ever read; the others' (None here, or a field's) come from pydantic."""

DIJAWAB = ("arsip", "basis_data", "cari", "ult")
"""The sections :class:`KonfigurasiCepat` answers itself (every field, defaults filled in)."""


def _periksa_seri(data: Mapping[str, Any]) -> None:
    """The model's check of the series: a valid pattern, only known classification codes."""
    klasifikasi = data.get("klasifikasi") or {}
    for seri in (data.get("seri") or {}).values():
        try:
            PolaNomor(seri.pola, seri.lebar, seri.sisipan)
        except NomorError:  # the model's refusal: pydantic says it
            raise _Ragu from None
        if klasifikasi and any(k not in klasifikasi for k in seri.klasifikasi):
            raise _Ragu


class KonfigurasiCepat:
    """Settings vouched for by :func:`muat_cepat`: the read paths' sections, the rest on demand.

    Stands in for :class:`~naskah.config.Konfigurasi` (the same names, the same values); an
    attribute it does not hold is taken from the pydantic settings, validated on first use.
    """

    def __init__(self, bagian: Mapping[str, Any], folder: Path, sumber: Path | None) -> None:
        self.folder = folder
        self._sumber = sumber
        self._penuh: Konfigurasi | None = None
        for nama in DIJAWAB:  # a missing section: every field its default
            setattr(self, nama, bagian[nama] if nama in bagian else SPESIFIKASI[nama][0]({}))
        tte = bagian.get("tte")
        self._zona_waktu: str | None = tte.zona_waktu if tte is not None else None
        self._provinsi: str | None = tte.provinsi if tte is not None else None
        self._instansi = bagian.get("instansi")

    def __getattr__(self, nama: str) -> Any:
        if nama.startswith("_"):
            raise AttributeError(nama)
        return getattr(self.penuh(), nama)

    def penuh(self) -> Konfigurasi:
        """Return the pydantic settings of the same file (validated once, on first use)."""
        if self._penuh is None:
            from naskah.config import Konfigurasi, muat_konfigurasi

            self._penuh = (
                muat_konfigurasi(self._sumber)
                if self._sumber is not None
                else Konfigurasi(folder=self.folder)
            )
        return self._penuh

    # the same as Konfigurasi's
    @property
    def provinsi_kantor(self) -> str | None:
        if self._provinsi:
            return provinsi_dalam(self._provinsi)
        i = self._instansi
        if i is None:
            return None
        return provinsi_dalam(i.unit) or provinsi_dalam(i.alamat) or provinsi_dalam(i.kota)

    @property
    def zona_kantor(self) -> Zona | None:
        if self._zona_waktu:
            return self._zona_waktu  # type: ignore[return-value]
        prov = self.provinsi_kantor
        return ZONA_PROVINSI[prov] if prov else None

    @property
    def zona(self) -> tzinfo:
        from zoneinfo import ZoneInfo  # only when a time is shown: a search shows none

        z = self.zona_kantor
        return ZoneInfo(IANA_ZONA[z]) if z else zona_komputer()

    def path(self, p: Path) -> Path:
        return p if p.is_absolute() else (self.folder / p)

    @property
    def folder_arsip(self) -> Path:
        return self.path(self.arsip.lokasi)

    @property
    def url_basis_data(self) -> str:
        env = os.environ.get(ENV_DATABASE_URL)
        if env:
            return env
        if self.basis_data.url:
            return cast(str, self.basis_data.url)
        return f"sqlite:///{(self.folder_arsip / 'register.sqlite').resolve()}"


def baca_cepat(data: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return the file's sections checked (``Bagian`` values), or None if pydantic must decide."""
    if type(data) is not dict:
        return None
    isi = {k: v for k, v in data.items() if k != "folder"}  # the loader sets the folder
    if not set(isi) <= set(SPESIFIKASI):
        return None
    try:
        bagian = {nama: SPESIFIKASI[nama][0](nilai) for nama, nilai in isi.items()}
        _periksa_seri(bagian)
    except _Ragu:
        return None
    return bagian


def muat_cepat(path: Path | None = None, *, wajib: bool = False) -> Konfigurasi:
    """Return the settings of ``path`` (naskah.toml here when None), as ``muat_konfigurasi``.

    Typed as :class:`~naskah.config.Konfigurasi`, which :class:`KonfigurasiCepat` stands in for.
    """
    sumber = path
    if sumber is None:
        kandidat = Path.cwd() / NAMA_BERKAS
        sumber = kandidat if kandidat.is_file() else None
    if sumber is None:
        if wajib:
            from naskah.config import muat_konfigurasi

            return muat_konfigurasi(None, wajib=True)  # its error
        return cast("Konfigurasi", KonfigurasiCepat({}, Path.cwd(), None))
    try:
        data = tomllib.loads(sumber.read_text(encoding="utf-8"))
        folder = sumber.parent.resolve()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        data = None
    bagian = baca_cepat(data) if data is not None else None
    if bagian is None:
        from naskah.config import muat_konfigurasi

        return muat_konfigurasi(sumber, wajib=wajib)
    return cast("Konfigurasi", KonfigurasiCepat(bagian, folder, sumber))
