"""What the web desk's screens read and the one composite step they take.

:func:`tugas_saya` is "Tugas saya": the open requests and complaints waiting for one user, by
deadline, overdue ones marked (one indexed query per table, its count included, bounded).
:func:`boleh_lihat` decides whether a user may see a request (the Pokja sees only what was
disposed to it).
:func:`terbitkan_surat_tugas` drafts an approved speaker request's surat tugas and issues it,
linked to the request, with the desk's own verbs; :func:`paraf_surat_tugas` gives its paraf in
the order ``[meja] paraf`` sets and :func:`tandatangani_surat_tugas` signs it once they are all
given (both recorded in the request's trail, :mod:`naskah.ult.paraf`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from naskah.errors import UltError
from naskah.staf.hak import PERAN, boleh
from naskah.staf.pengguna import Pengguna
from naskah.ult import paraf
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja, tampil_kode, tanggal

__all__ = [
    "DaftarTugas",
    "HariKalender",
    "Tugas",
    "kalender_bulan",
    "boleh_lihat",
    "paraf_surat_tugas",
    "tandatangani_surat_tugas",
    "terbitkan_surat_tugas",
    "tugas_saya",
]

BATAS_TUGAS = 50
"""Items "Tugas saya" shows at most (the earliest deadlines); the rest are counted."""

_MENUNGGU: dict[str, tuple[str, ...]] = {
    "kepala": ("diterima", "didisposisi"),
    "kasubbag_umum": ("diterima", "didisposisi", "disetujui"),
    "staf_ult": ("diterima", "disetujui", "ditolak", "revisi"),
    "pokja": ("didisposisi", "disetujui"),
}
"""The states in which a request waits for each role's next step."""


@dataclass(frozen=True)
class Tugas:
    """One item waiting (never personal data)."""

    jenis: str
    kode: str
    judul: str
    instansi: str | None
    keadaan: str
    tenggat: date | None
    status: str
    """``lewat`` (overdue), ``hari_ini`` or ``nanti`` (or ``-`` with no deadline)."""


def boleh_lihat(pengguna: Pengguna, p: pm.Permohonan) -> bool:
    """Return whether ``pengguna`` may see request ``p``."""
    if boleh(pengguna.peran, "permohonan_semua"):
        return True
    return boleh(pengguna.peran, "permohonan_sendiri") and p.petugas == pengguna.nama


@dataclass(frozen=True)
class DaftarTugas:
    """The first :data:`BATAS_TUGAS` items and how many wait in all."""

    tugas: list[Tugas]
    jumlah: int


def tugas_saya(meja: Meja, pengguna: Pengguna) -> DaftarTugas:
    """Return what waits for ``pengguna``, earliest deadline first (no deadline last)."""
    keadaan = _MENUNGGU.get(pengguna.peran)
    hari_ini = meja.hari_ini()
    out: list[Tugas] = []
    jumlah = 0
    with meja.baca() as sql:
        if sql is None:
            return DaftarTugas([], 0)
        if keadaan:
            param: dict[str, Any] = {f"k{i}": k for i, k in enumerate(keadaan)}
            syarat = f"ditutup IS NULL AND keadaan IN ({', '.join(':' + k for k in param)})"
            if pengguna.peran == "pokja":
                syarat += " AND petugas = :petugas"
                param["petugas"] = pengguna.nama
            # the open requests only, through their partial index (ix_ult_permohonan_terbuka)
            # the count of all before the LIMIT rides on every row (one statement, one snapshot)
            rows = sql.semua(
                "SELECT kode, nama_layanan, instansi, keadaan, tenggat, count(*) OVER () AS n "
                f"FROM ult_permohonan WHERE {syarat} ORDER BY "
                f"CASE WHEN tenggat IS NULL THEN 1 ELSE 0 END, tenggat, id LIMIT {BATAS_TUGAS}",
                **param,
            )
            jumlah += int(rows[0]["n"]) if rows else 0
            out += [_tugas("permohonan", r, r["nama_layanan"], hari_ini) for r in rows]
        if boleh(pengguna.peran, "pengaduan_ubah"):
            rows = sql.semua(
                "SELECT kode, isi, NULL AS instansi, keadaan, tenggat, count(*) OVER () AS n "
                "FROM ult_pengaduan WHERE ditutup IS NULL ORDER BY "
                f"CASE WHEN tenggat IS NULL THEN 1 ELSE 0 END, tenggat, id LIMIT {BATAS_TUGAS}"
            )
            out += [_tugas("pengaduan", r, _ringkas(r["isi"]), hari_ini) for r in rows]
            jumlah += int(rows[0]["n"]) if rows else 0
    out.sort(key=lambda t: (t.tenggat is None, t.tenggat or date.max, t.jenis, t.kode))
    return DaftarTugas(out[:BATAS_TUGAS], jumlah)


def _ringkas(teks: str, n: int = 80) -> str:
    t = " ".join(teks.split())
    return t if len(t) <= n else t[: n - 1] + "…"


def _tugas(jenis: str, r: dict[str, Any], judul: str, hari_ini: date) -> Tugas:
    t = tanggal(r["tenggat"])
    if t is None:
        status = "-"
    elif t < hari_ini:
        status = "lewat"
    elif t == hari_ini:
        status = "hari_ini"
    else:
        status = "nanti"
    return Tugas(jenis, tampil_kode(r["kode"]), judul, r["instansi"], r["keadaan"], t, status)


def terbitkan_surat_tugas(
    meja: Meja, kode: str, *, petugas: Sequence[str], tempat: str, klasifikasi: str | None = None
) -> str:
    """Draft (once) and issue the surat tugas of approved speaker request ``kode``; return its
    number. The draft is kept under the archive folder (``ult/draf``) so a retry resumes."""
    from naskah.ult import produk

    draf = _draf(meja, kode)
    if not draf.exists():
        produk.surat_tugas(meja, kode, draf, petugas=petugas, tempat=tempat,
                           klasifikasi=klasifikasi)  # fmt: skip
    hasil = produk.terbitkan_produk(meja, kode, Path(draf), jenis="Surat Tugas")
    return hasil.nomor


@dataclass(frozen=True)
class HariKalender:
    """One day of the facility calendar: its bookings and whether two of one facility clash."""

    tanggal: date
    dalam_bulan: bool
    pesanan: tuple[Any, ...]
    bentrok: bool
    libur: bool


def kalender_bulan(meja: Meja, tahun: int, bulan: int) -> list[list[HariKalender]]:
    """Return the weeks (Monday first) of a month with the live bookings touching each day."""
    from datetime import timedelta

    from naskah.ult import fasilitas as fa

    awal = date(tahun, bulan, 1)
    akhir = (awal + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    mulai = awal - timedelta(days=awal.weekday())
    selesai = akhir + timedelta(days=6 - akhir.weekday())
    zona = meja.konfigurasi.zona
    pesanan = [
        b for b in fa.daftar(meja)
        if b.keadaan != "batal"
        and b.mulai.astimezone(zona).date() <= selesai
        and b.selesai.astimezone(zona).date() >= mulai
    ]  # fmt: skip
    kal = meja.kalender
    minggu: list[list[HariKalender]] = []
    hari = mulai
    while hari <= selesai:
        if hari.weekday() == 0:
            minggu.append([])
        ada = tuple(
            b for b in pesanan
            if b.mulai.astimezone(zona).date() <= hari <= b.selesai.astimezone(zona).date()
        )  # fmt: skip
        per_fasilitas = [b.fasilitas for b in ada]
        minggu[-1].append(
            HariKalender(
                hari,
                hari.month == bulan,
                ada,
                bentrok=len(per_fasilitas) != len(set(per_fasilitas)) and _tumpang(ada),
                libur=not kal.hari_kerja(hari),
            )  # fmt: skip
        )
        hari += timedelta(days=1)
    return minggu


def _tumpang(pesanan: tuple[Any, ...]) -> bool:
    """Whether two bookings of one facility overlap in time (the desk refuses that; an old
    import or a direct write could still hold one)."""
    for i, a in enumerate(pesanan):
        for b in pesanan[i + 1 :]:
            if a.fasilitas == b.fasilitas and a.mulai < b.selesai and b.mulai < a.selesai:
                return True
    return False


def _draf(meja: Meja, kode: str) -> Path:
    return meja.konfigurasi.folder_arsip / "ult" / "draf" / f"{pm.baca_kode(kode)}-surat-tugas.yaml"


def paraf_surat_tugas(
    meja: Meja, kode: str, *, nomor: str, id_verifikasi: str, peran: str
) -> paraf.Paraf:
    """Give the next paraf (``[meja] paraf``, in order) on the archived version
    ``id_verifikasi`` of request ``kode``'s surat tugas ``nomor``, as ``meja.pelaku`` of role
    ``peran``; return it."""
    return paraf.beri(
        meja, kode, id_verifikasi, nomor, peran=peran, urutan=meja.konfigurasi.meja.paraf,
        nama_peran=PERAN,
    )  # fmt: skip


def tandatangani_surat_tugas(
    meja: Meja, kode: str, sandi: str, *, nomor: str, id_verifikasi: str
) -> str:
    """Sign the issued (archived unsigned) surat tugas of request ``kode`` with the office's key
    (``[tte] p12``), its passphrase ``sandi`` given for this call only; return its number.

    Refused until every paraf of ``[meja] paraf`` is given on the archived version
    ``id_verifikasi`` (number ``nomor``), the one the signer was shown. The pipeline signs from
    the archived PDF and archives the signed version; the request's product keeps its number
    and its trail records who signed."""
    from naskah.ult import produk

    draf = _draf(meja, kode)
    if not draf.exists():
        raise UltError(
            f"Surat tugas permohonan {pm.tampil_kode(pm.baca_kode(kode))} belum diterbitkan; "
            "terbitkan dulu, baca PDF-nya, lalu tandatangani."
        )
    paraf.periksa_lengkap(pm.lihat(meja, kode).jejak, id_verifikasi, nomor,
                          meja.konfigurasi.meja.paraf, PERAN)  # fmt: skip
    if not sandi:
        raise UltError("Frasa sandi kunci penandatangan belum diisi.")
    hasil = produk.terbitkan_produk(
        meja, kode, draf, jenis="Surat Tugas", tandatangani=True,
        minta_rahasia=lambda _p12, _prompt: sandi,
    )  # fmt: skip
    paraf.catat_tanda_tangan(meja, kode, hasil.nomor, hasil.id_verifikasi)
    return hasil.nomor
