"""Accounts of the web desk: owns users, roles, password hashes, sessions and lock-out.

Passwords are hashed with argon2id (argon2-cffi) and never stored, logged or repeated. A session
is a random token (256 bits) given to the browser in a cookie; the database keeps only its
SHA-256, so a copy of the database opens no session. A new token is made at every login (a
token planted before login is never promoted: no session fixation), and every session of an
account ends when the account is disabled, its role or password changed. After
``[meja] gagal_maks`` wrong passwords in a row the account is locked for ``kunci_menit``
minutes; the answer to a wrong name, a wrong password and a locked account is the same
sentence. Every login, failure, lock-out, logout and account change is written to
``staf_jejak`` (append-only).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from naskah.errors import StafError
from naskah.staf.hak import PERAN
from naskah.ult.meja import Meja, _SqlUlt, waktu_utc

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from naskah.config import PengaturanMeja

__all__ = [
    "Pengguna",
    "Sesi",
    "daftar",
    "keluar",
    "masuk",
    "nonaktif",
    "sesi",
    "tambah",
    "ubah",
]

SANDI_MIN = 10
"""Shortest password accepted."""
_NAMA = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
_SEGAR = timedelta(seconds=60)
"""How stale a session's last-seen time may be before a request writes it again."""
GAGAL_MASUK = "Nama pengguna atau kata sandi salah, atau akun sedang dikunci; coba lagi."
"""The one answer to every refused login (it never says which part was wrong)."""


@dataclass(frozen=True)
class Pengguna:
    """One account (never its password hash)."""

    id: int
    nama: str
    nama_lengkap: str
    peran: str
    aktif: bool
    terkunci_sampai: datetime | None

    @property
    def nama_peran(self) -> str:
        return PERAN.get(self.peran, self.peran)


@dataclass(frozen=True)
class Sesi:
    """A logged-in session: who, and the CSRF token its forms carry."""

    pengguna: Pengguna
    csrf: str
    token: str
    """The cookie's value (only at login: the database holds its hash)."""


@cache
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


@cache
def _hash_tiruan() -> str:
    """A hash checked when the name is unknown, so both answers take as long."""
    return _hasher().hash(secrets.token_hex(16))


def sidik_token(token: str) -> str:
    """Return what the database keeps of a session token."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def _periksa_nama(nama: str) -> str:
    n = nama.strip().lower()
    if not _NAMA.fullmatch(n):
        raise StafError(
            "Nama pengguna tidak sah; pakai 2–64 huruf kecil, angka, titik, garis bawah atau "
            "tanda hubung, diawali huruf atau angka."
        )
    return n


def _periksa_peran(peran: str) -> str:
    p = peran.strip().lower()
    if p not in PERAN:
        raise StafError(f"Peran {peran!r} tidak dikenal; pilih salah satu dari {', '.join(PERAN)}.")
    return p


def _periksa_sandi(sandi: str) -> str:
    if len(sandi) < SANDI_MIN:
        raise StafError(f"Kata sandi terlalu pendek; pakai sedikitnya {SANDI_MIN} karakter.")
    if len(sandi) > 1024:
        raise StafError("Kata sandi terlalu panjang; pakai paling banyak 1024 karakter.")
    return sandi


def _pengguna(r: dict[str, Any]) -> Pengguna:
    return Pengguna(
        id=int(r["id"]),
        nama=r["nama"],
        nama_lengkap=r["nama_lengkap"],
        peran=r["peran"],
        aktif=bool(r["aktif"]),
        terkunci_sampai=waktu_utc(r["terkunci_sampai"]),
    )


_PILIH = "SELECT id, nama, nama_lengkap, peran, aktif, terkunci_sampai FROM staf_pengguna"


def _jejak(meja: Meja, sql: _SqlUlt, pengguna: str | None, aksi: str, ket: str | None = None,
           oleh: str | None = None) -> None:  # fmt: skip
    sql.sisip_tanpa_id(
        "staf_jejak",
        {
            "pengguna": pengguna,
            "aksi": aksi,
            "keterangan": ket,
            "waktu": meja.sekarang(),
            "oleh": (oleh or meja.pelaku)[:100],
        },
    )


def tambah(meja: Meja, nama: str, *, nama_lengkap: str, peran: str, sandi: str) -> Pengguna:
    """Create an account; refuse a name already taken."""
    n = _periksa_nama(nama)
    p = _periksa_peran(peran)
    lengkap = " ".join(nama_lengkap.split())[:200]
    if not lengkap:
        raise StafError("Nama lengkap pengguna belum diisi.")
    h = _hasher().hash(_periksa_sandi(sandi))
    with meja.tulis() as sql:
        if sql.satu("SELECT id FROM staf_pengguna WHERE nama = :n", n=n):
            raise StafError(f"Pengguna {n} sudah ada; ubah dengan `naskah pengguna ubah {n}`.")
        kini = meja.sekarang()
        ident = sql.sisip(
            "staf_pengguna",
            {
                "nama": n, "nama_lengkap": lengkap, "peran": p, "sandi": h, "aktif": True,
                "gagal": 0, "terkunci_sampai": None, "dibuat": kini, "diubah": kini,
            },
        )  # fmt: skip
        _jejak(meja, sql, n, "tambah", f"peran {p}")
        row = sql.satu(f"{_PILIH} WHERE id = :i", i=ident)
    assert row is not None
    return _pengguna(row)


def _ambil(sql: _SqlUlt, nama: str) -> dict[str, Any]:
    row = sql.satu(f"{_PILIH} WHERE nama = :n", n=nama)
    if row is None:
        raise StafError(
            f"Pengguna {nama} tidak ada; lihat daftarnya dengan `naskah pengguna daftar`."
        )
    return row


def ubah(
    meja: Meja, nama: str, *, peran: str | None = None, nama_lengkap: str | None = None,
    sandi: str | None = None, aktif: bool | None = None,
) -> Pengguna:  # fmt: skip
    """Change an account; a new role, password or state ends its open sessions and its lock."""
    n = _periksa_nama(nama)
    nilai: dict[str, Any] = {}
    ket: list[str] = []
    if peran is not None:
        nilai["peran"] = _periksa_peran(peran)
        ket.append(f"peran {nilai['peran']}")
    if nama_lengkap is not None:
        lengkap = " ".join(nama_lengkap.split())[:200]
        if not lengkap:
            raise StafError("Nama lengkap pengguna belum diisi.")
        nilai["nama_lengkap"] = lengkap
        ket.append("nama lengkap")
    if sandi is not None:
        nilai["sandi"] = _hasher().hash(_periksa_sandi(sandi))
        ket.append("kata sandi")
    if aktif is not None:
        nilai["aktif"] = aktif
        ket.append("aktif" if aktif else "nonaktif")
    if not nilai:
        raise StafError(
            "Tidak ada yang diubah; sebutkan --peran, --nama-lengkap, --sandi atau --aktif."
        )
    nilai.update(gagal=0, terkunci_sampai=None, diubah=meja.sekarang())
    with meja.tulis() as sql:
        row = _ambil(sql, n)
        sql.ubah("staf_pengguna", int(row["id"]), nilai)
        if {"peran", "sandi", "aktif"} & set(nilai):
            sql.jalankan("DELETE FROM staf_sesi WHERE pengguna_id = :i", i=row["id"])
        _jejak(meja, sql, n, "ubah", ", ".join(ket))
        baru = sql.satu(f"{_PILIH} WHERE nama = :n", n=n)
    assert baru is not None
    return _pengguna(baru)


def nonaktif(meja: Meja, nama: str) -> Pengguna:
    """Disable an account: it can no longer log in, and its open sessions end now."""
    return ubah(meja, nama, aktif=False)


def daftar(meja: Meja, *, peran: tuple[str, ...] = (), aktif: bool = False) -> list[Pengguna]:
    """Return the accounts (of ``peran`` when given; only the active ones with ``aktif``)."""
    with meja.baca() as sql:
        if sql is None:
            return []
        rows = sql.semua(f"{_PILIH} ORDER BY nama")
    out = [_pengguna(r) for r in rows]
    return [p for p in out if (not peran or p.peran in peran) and (p.aktif or not aktif)]


def masuk(meja: Meja, nama: str, sandi: str, opsi: PengaturanMeja,
          token_lama: str | None = None) -> Sesi:  # fmt: skip
    """Check a login; return a NEW session (the old token, if any, is ended), or refuse."""
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    n = nama.strip().lower()[:64]
    ph = _hasher()
    with meja.baca() as sql:
        row = (
            sql.satu(
                "SELECT id, sandi, aktif, gagal, terkunci_sampai FROM staf_pengguna "
                "WHERE nama = :n",
                n=n,
            )  # fmt: skip
            if sql is not None and _NAMA.fullmatch(n)
            else None
        )
    kini = meja.sekarang()
    cocok = False
    try:
        cocok = ph.verify(row["sandi"] if row else _hash_tiruan(), sandi[:1024])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        cocok = False
    kunci = waktu_utc(row["terkunci_sampai"]) if row else None
    terkunci = kunci is not None and kunci > kini
    hasil: Sesi | None = None
    with meja.tulis() as sql:
        if token_lama:
            sql.jalankan("DELETE FROM staf_sesi WHERE token = :t", t=sidik_token(token_lama))
        if row is None:
            _jejak(meja, sql, None, "gagal_masuk", "nama tidak dikenal", oleh="-")
            tolak = True
        elif not cocok or terkunci or not row["aktif"]:
            gagal = int(row["gagal"]) + (0 if cocok else 1)
            nilai: dict[str, Any] = {"gagal": gagal}
            alasan = "terkunci" if terkunci else ("nonaktif" if not row["aktif"] else "sandi salah")
            if not cocok and gagal >= opsi.gagal_maks and not terkunci:
                nilai["terkunci_sampai"] = kini + timedelta(minutes=opsi.kunci_menit)
                nilai["gagal"] = 0
                _jejak(meja, sql, n, "dikunci", f"{gagal} kali gagal", oleh="-")
            sql.ubah("staf_pengguna", int(row["id"]), nilai)
            _jejak(meja, sql, n, "gagal_masuk", alasan, oleh="-")
            tolak = True
        else:
            tolak = False
            hasil = _sesi_baru(meja, sql, row, n, sandi, opsi, kini)
    # outside the transaction: the failure and the lock are committed before refusing
    if tolak:
        raise StafError(GAGAL_MASUK)
    assert hasil is not None
    return hasil


def _sesi_baru(meja: Meja, sql: _SqlUlt, row: dict[str, Any], n: str, sandi: str,
               opsi: PengaturanMeja, kini: datetime) -> Sesi:  # fmt: skip
    """Write a new session for the account of ``row`` (its password just checked)."""
    ph = _hasher()
    if ph.check_needs_rehash(row["sandi"]):
        sql.ubah("staf_pengguna", int(row["id"]), {"sandi": ph.hash(sandi)})
    sql.ubah("staf_pengguna", int(row["id"]), {"gagal": 0, "terkunci_sampai": None})
    # housekeeping: this account's expired sessions
    sql.jalankan(
        "DELETE FROM staf_sesi WHERE pengguna_id = :i AND (terakhir < :idle OR dibuat < :maks)",
        i=row["id"],
        idle=kini - timedelta(minutes=opsi.sesi_menit),
        maks=kini - timedelta(hours=opsi.sesi_jam_maks),
    )
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    sql.sisip(
        "staf_sesi",
        {"pengguna_id": row["id"], "token": sidik_token(token), "csrf": csrf,
         "dibuat": kini, "terakhir": kini},
    )  # fmt: skip
    _jejak(meja, sql, n, "masuk", None, oleh=n)
    p = sql.satu(f"{_PILIH} WHERE id = :i", i=row["id"])
    assert p is not None
    return Sesi(_pengguna(p), csrf, token)


@dataclass(frozen=True)
class BacaanSesi:
    """What a cookie's token reads as, before anything is written.

    ``sesi`` is the live session, or None; ``tulis`` says whether the check must still write
    (the session ended and is deleted, or its last-seen time is refreshed):
    :func:`sesi` does that write, :func:`baca_sesi` leaves it to the caller.
    """

    sesi: Sesi | None
    tulis: bool
    sesi_id: int | None = None
    habis: bool = False


def baca_sesi(meja: Meja, token: str | None, opsi: PengaturanMeja) -> BacaanSesi:
    """Read the session of a cookie's token without writing (one statement, or none)."""
    if not token or len(token) > 100:
        return BacaanSesi(None, False)
    h = sidik_token(token)
    with meja.baca() as sql:
        if sql is None:
            return BacaanSesi(None, False)
        row = sql.satu(
            "SELECT s.id AS sesi_id, s.csrf, s.dibuat AS sesi_dibuat, s.terakhir, p.id, p.nama, "
            "p.nama_lengkap, p.peran, p.aktif, p.terkunci_sampai FROM staf_sesi s "
            "JOIN staf_pengguna p ON p.id = s.pengguna_id WHERE s.token = :t",
            t=h,
        )
    if row is None:
        return BacaanSesi(None, False)
    kini = meja.sekarang()
    terakhir = waktu_utc(row["terakhir"])
    dibuat = waktu_utc(row["sesi_dibuat"])
    assert terakhir is not None and dibuat is not None
    if (
        not row["aktif"]
        or kini - terakhir > timedelta(minutes=opsi.sesi_menit)
        or kini - dibuat > timedelta(hours=opsi.sesi_jam_maks)
    ):
        return BacaanSesi(None, True, int(row["sesi_id"]), habis=True)
    s = Sesi(_pengguna(row), row["csrf"], "")
    return BacaanSesi(s, kini - terakhir > _SEGAR, int(row["sesi_id"]))


def sesi(meja: Meja, token: str | None, opsi: PengaturanMeja) -> Sesi | None:
    """Return the session of a cookie's token, or None (unknown, expired, account disabled).

    An ended session is deleted; a live one's last-seen time is written at most once a
    minute."""
    b = baca_sesi(meja, token, opsi)
    if b.tulis:
        with meja.tulis() as sql:
            if b.habis:
                sql.jalankan("DELETE FROM staf_sesi WHERE id = :i", i=b.sesi_id)
            else:
                sql.jalankan("UPDATE staf_sesi SET terakhir = :k WHERE id = :i",
                             k=meja.sekarang(), i=b.sesi_id)  # fmt: skip
    return b.sesi


def keluar(meja: Meja, token: str | None) -> None:
    """End the session of ``token`` (nothing when unknown)."""
    if not token:
        return
    with meja.tulis() as sql:
        row = sql.satu(
            "SELECT p.nama FROM staf_sesi s JOIN staf_pengguna p ON p.id = s.pengguna_id "
            "WHERE s.token = :t", t=sidik_token(token),
        )  # fmt: skip
        if row is None:
            return
        sql.jalankan("DELETE FROM staf_sesi WHERE token = :t", t=sidik_token(token))
        _jejak(meja, sql, row["nama"], "keluar", None, oleh=row["nama"])
