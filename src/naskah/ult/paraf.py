"""The desk's paraf on a request's product: owns their order and their records (``ult_paraf``).

Before the head signs a product issued for a request, the officials named by role in ``[meja]
paraf`` (for example the Kasubbag Umum) each give their paraf, in that order, on the archived
version the head will sign. A paraf here is an approval recorded in ``ult_paraf`` (the request,
the version and its number, its place among that version's paraf, the role, the user, the time)
together with its row in the request's trail (``ult_jejak``, aksi ``paraf``), both written by
:func:`beri` in the step's transaction with the request's row locked, so two officials pressing
at once are taken one after the other; the database itself refuses a second paraf in one place
or a second paraf of one person on one version. It is not a signature in the PDF: a
verifikator's cryptographic paraf (the ``Paraf-N`` fields) is ``naskah terbitkan --paraf``.

The paraf given are matched to ``[meja] paraf`` by role: when the office changes that order
while a version is half-paraphed, a paraf given under a role still in the order counts (in the
role's place of the new order), one under a role no longer in it does not, and the next paraf
needed is the first role of the new order without one on that version.

- :func:`daftar`: each paraf the version needs, given or not; :func:`pemaraf`: who gave one;
- :func:`beri`: give the next paraf, refused out of order, by another role, or twice by one
  person;
- :func:`periksa_lengkap`: refuse signing until every paraf is given;
- :func:`catat_tanda_tangan`: record the head's signature in the trail;
- :func:`sertakan`: put each paraf's record on its trail row (what :func:`naskah.ult.permohonan.
  lihat` returns, and what :func:`daftar` reads).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from naskah.errors import UltError
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja, waktu_utc

if TYPE_CHECKING:
    from naskah.register.sql import Sql
    from naskah.ult.meja import _SqlUlt

__all__ = [
    "Paraf",
    "beri",
    "catat_tanda_tangan",
    "daftar",
    "pemaraf",
    "periksa_lengkap",
    "sertakan",
]

_KOLOM = "f.jejak_id, f.id_verifikasi, f.nomor, f.ke, f.peran, f.pengguna, f.waktu"


@dataclass(frozen=True)
class Paraf:
    """One paraf a version needs: its place in the order, the role giving it, and who gave it
    when."""

    ke: int
    peran: str
    oleh: str | None = None
    waktu: datetime | None = None

    @property
    def diberikan(self) -> bool:
        return self.oleh is not None


def sertakan(meja: Meja, sql: Sql, permohonan_id: int, jejak: Sequence[dict[str, Any]]) -> None:
    """Put on each paraf row of request ``permohonan_id``'s trail ``jejak`` (rows with their
    ``id``) its record under ``paraf``: ``id_verifikasi``, ``nomor``, ``ke``, ``peran``,
    ``pengguna`` (the login), ``nama_lengkap`` (the account's name, None without an account) and
    ``waktu``.

    A register older than revision ``0014_ult_paraf`` (read as it is: reads never migrate) has
    no records yet: its rows are left as they are, and the paraf are read into the table by the
    migration at the next write."""
    if not meja.ada_tabel(sql, "ult_paraf"):
        return
    rows = sql.semua(
        f"SELECT {_KOLOM}, u.nama_lengkap FROM ult_paraf f LEFT JOIN staf_pengguna u "
        "ON u.nama = f.pengguna WHERE f.permohonan_id = :p",
        p=permohonan_id,
    )
    per_jejak = {int(r.pop("jejak_id")): r for r in rows}
    for j in jejak:
        r = per_jejak.get(int(j["id"]))
        if r is not None:
            r["waktu"] = waktu_utc(r["waktu"])
            j["paraf"] = r


def _cocokkan(diberikan: Sequence[Mapping[str, Any]], urutan: Sequence[str]) -> list[Paraf]:
    """Match the paraf given on one version (in the order given) to the places of ``urutan`` by
    role: the n-th place of a role takes the n-th paraf given under it."""
    sisa = list(diberikan)
    out = []
    for ke, peran in enumerate(urutan, start=1):
        x = next((d for d in sisa if d["peran"] == peran), None)
        if x is None:
            out.append(Paraf(ke, peran))
        else:
            sisa.remove(x)
            out.append(Paraf(ke, peran, x["pengguna"], waktu_utc(x["waktu"])))
    return out


def daftar(
    jejak: Sequence[Mapping[str, Any]], id_verifikasi: str, urutan: Sequence[str]
) -> list[Paraf]:
    """Return each paraf that version ``id_verifikasi`` needs by ``urutan``, with who gave it,
    from the request's trail ``jejak`` as :func:`naskah.ult.permohonan.lihat` returns it (each
    paraf's ``ult_paraf`` record on its row)."""
    catatan = (j["paraf"] for j in jejak if j.get("paraf"))
    diberikan = sorted(
        (r for r in catatan if r["id_verifikasi"] == id_verifikasi), key=lambda r: int(r["ke"])
    )
    return _cocokkan(diberikan, urutan)


def pemaraf(jejak: Sequence[Mapping[str, Any]], id_verifikasi: str) -> frozenset[str]:
    """Return the logins of everyone who gave a paraf on version ``id_verifikasi`` (counted in
    the order in force or not: one person gives one paraf per version)."""
    return frozenset(
        j["paraf"]["pengguna"]
        for j in jejak
        if j.get("paraf") and j["paraf"]["id_verifikasi"] == id_verifikasi
    )


def _diberikan(sql: _SqlUlt, permohonan_id: int, id_verifikasi: str) -> list[dict[str, Any]]:
    """The paraf recorded on one version of a request's product, in the order given."""
    return sql.semua(
        f"SELECT {_KOLOM} FROM ult_paraf f WHERE f.permohonan_id = :p "
        "AND f.id_verifikasi = :v ORDER BY f.ke",
        p=permohonan_id,
        v=id_verifikasi,
    )


def beri(
    meja: Meja, kode: str, id_verifikasi: str, nomor: str, *, peran: str,
    urutan: Sequence[str], nama_peran: Mapping[str, str] | None = None,
) -> Paraf:  # fmt: skip
    """Give the next paraf on version ``id_verifikasi`` (number ``nomor``) of request ``kode``'s
    product as ``meja.pelaku`` of role ``peran``; return it.

    Refused (nothing written) when every paraf is given already, when the next one belongs to
    another role, or when this person gave one on this version already."""
    nama = dict(nama_peran or {})

    def tampil(p: str) -> str:
        return nama.get(p, p)

    if not urutan:
        raise UltError("Naskah ini tidak memerlukan paraf; kepala dapat langsung menandatangani.")
    with pm.Langkah(meja, kode, "produk") as (sql, p):
        sudah = _diberikan(sql, p.id, id_verifikasi)
        berikut = next((x for x in _cocokkan(sudah, urutan) if not x.diberikan), None)
        if berikut is None:
            raise UltError(
                f"Semua paraf naskah nomor {nomor} sudah lengkap; naskah tinggal ditandatangani."
            )
        if peran != berikut.peran:
            raise UltError(
                f"Paraf berikutnya pada naskah nomor {nomor} adalah paraf ke-{berikut.ke} oleh "
                f"{tampil(berikut.peran)}; paraf {tampil(peran)} menunggu gilirannya."
            )
        if any(x["pengguna"] == meja.pelaku for x in sudah):
            raise UltError(
                f"Anda sudah memaraf naskah nomor {nomor}; paraf ke-{berikut.ke} diberikan "
                "pejabat lain."
            )
        waktu = meja.sekarang()
        ke = max((int(x["ke"]) for x in sudah), default=0) + 1
        teks = f"paraf ke-{berikut.ke} ({peran}) naskah nomor {nomor}, versi {id_verifikasi}"
        jejak_id = meja.jejak(sql, "permohonan", p.id, "paraf", teks, waktu=waktu)
        try:
            sql.sisip_tanpa_id(
                "ult_paraf",
                {
                    "permohonan_id": p.id,
                    "id_verifikasi": id_verifikasi,
                    "nomor": nomor,
                    "ke": ke,
                    "peran": peran,
                    "pengguna": meja.pelaku,
                    "waktu": waktu,
                    "jejak_id": jejak_id,
                },
            )
        except sql.galat_keutuhan:
            # another writer recorded a paraf on this version first (the database's own rule)
            raise UltError(
                f"Paraf pada naskah nomor {nomor} baru saja diberikan pejabat lain atau sudah "
                "Anda berikan; muat ulang halaman untuk melihat urutan paraf terkini."
            ) from None
        return Paraf(berikut.ke, peran, meja.pelaku, waktu)


def periksa_lengkap(
    jejak: Sequence[Mapping[str, Any]], id_verifikasi: str, nomor: str, urutan: Sequence[str],
    nama_peran: Mapping[str, str] | None = None,
) -> None:  # fmt: skip
    """Refuse signing version ``id_verifikasi`` until every paraf of ``urutan`` is given."""
    kurang = [x for x in daftar(jejak, id_verifikasi, urutan) if not x.diberikan]
    if kurang:
        x = kurang[0]
        raise UltError(
            f"Naskah nomor {nomor} belum dapat ditandatangani: paraf ke-{x.ke} oleh "
            f"{(nama_peran or {}).get(x.peran, x.peran)} belum diberikan."
        )


def catat_tanda_tangan(meja: Meja, kode: str, nomor: str, id_verifikasi: str) -> None:
    """Record in request ``kode``'s trail that its product ``nomor`` was signed by
    ``meja.pelaku`` (the signed version ``id_verifikasi``)."""
    with pm.Langkah(meja, kode, "produk") as (sql, p):
        meja.jejak(sql, "permohonan", p.id, "tandatangani",
                   f"naskah nomor {nomor}, versi {id_verifikasi}")  # fmt: skip
