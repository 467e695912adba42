"""The desk's paraf on a request's product: owns their order and their record in the trail.

Before the head signs a product issued for a request, the officials named by role in ``[meja]
paraf`` (for example the Kasubbag Umum) each give their paraf, in that order, on the archived
version the head will sign. A paraf here is an approval recorded in the request's trail
(``ult_jejak``, aksi ``paraf``: who, when, which version and number), written by
:meth:`naskah.ult.meja.Meja.jejak` in the step's transaction with the request's row locked, so
two officials pressing at once are taken one after the other. It is not a signature in the PDF:
a verifikator's cryptographic paraf (the ``Paraf-N`` fields) is ``naskah terbitkan --paraf``.

- :func:`daftar`: each paraf the version needs, given or not (read from a request's trail);
- :func:`beri`: give the next paraf, refused out of order, by another role, or twice by one
  person;
- :func:`periksa_lengkap`: refuse signing until every paraf is given;
- :func:`catat_tanda_tangan`: record the head's signature in the trail.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from naskah.errors import UltError
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja, waktu_utc

__all__ = ["Paraf", "beri", "catat_tanda_tangan", "daftar", "periksa_lengkap"]

_RE_PARAF = re.compile(r"^paraf ke-\d+ \((?P<peran>\w+)\) naskah nomor .*, versi (?P<idv>\S+)$")
"""The ``keterangan`` of a paraf row (written by :func:`beri` only)."""


@dataclass(frozen=True)
class Paraf:
    """One paraf a version needs: its place, the role giving it, and who gave it when."""

    ke: int
    peran: str
    oleh: str | None = None
    waktu: datetime | None = None

    @property
    def diberikan(self) -> bool:
        return self.oleh is not None


def _diberikan(jejak: Sequence[Mapping[str, Any]], id_verifikasi: str) -> list[dict[str, Any]]:
    """The paraf rows of one version, in the order they were written."""
    out = []
    for j in jejak:
        if j.get("aksi") != "paraf":
            continue
        m = _RE_PARAF.match(j.get("keterangan") or "")
        if m and m["idv"] == id_verifikasi:
            out.append({"peran": m["peran"], "oleh": j["oleh"], "waktu": waktu_utc(j["waktu"])})
    return out


def daftar(
    jejak: Sequence[Mapping[str, Any]], id_verifikasi: str, urutan: Sequence[str]
) -> list[Paraf]:
    """Return each paraf that version ``id_verifikasi`` needs by ``urutan``, with who gave it
    (from the request's trail ``jejak``, as :func:`naskah.ult.permohonan.lihat` reads it)."""
    sudah = _diberikan(jejak, id_verifikasi)
    return [
        Paraf(i, peran, sudah[i - 1]["oleh"], sudah[i - 1]["waktu"])
        if i <= len(sudah)
        else Paraf(i, peran)
        for i, peran in enumerate(urutan, start=1)
    ]


def beri(
    meja: Meja, kode: str, id_verifikasi: str, nomor: str, *, peran: str,
    urutan: Sequence[str], nama_peran: Mapping[str, str] | None = None,
) -> Paraf:  # fmt: skip
    """Give the next paraf on version ``id_verifikasi`` (number ``nomor``) of request ``kode``'s
    product as ``meja.pelaku`` of role ``peran``; return it.

    Refused (nothing written) when every paraf is given already, when the next one belongs to
    another role, or when this person gave an earlier one."""
    nama = dict(nama_peran or {})

    def tampil(p: str) -> str:
        return nama.get(p, p)

    if not urutan:
        raise UltError("Naskah ini tidak memerlukan paraf; kepala dapat langsung menandatangani.")
    with pm._Langkah(meja, kode, "produk") as (sql, p):
        rows = sql.semua(
            "SELECT aksi, keterangan, waktu, oleh FROM ult_jejak WHERE objek = 'permohonan' "
            "AND objek_id = :i AND aksi = 'paraf' ORDER BY id",
            i=p.id,
        )
        sudah = _diberikan(rows, id_verifikasi)
        if len(sudah) >= len(urutan):
            raise UltError(
                f"Semua paraf naskah nomor {nomor} sudah lengkap; naskah tinggal ditandatangani."
            )
        ke = len(sudah) + 1
        harus = urutan[ke - 1]
        if peran != harus:
            raise UltError(
                f"Paraf berikutnya pada naskah nomor {nomor} adalah paraf ke-{ke} oleh "
                f"{tampil(harus)}; paraf {tampil(peran)} menunggu gilirannya."
            )
        if any(x["oleh"] == meja.pelaku for x in sudah):
            raise UltError(
                f"Anda sudah memaraf naskah nomor {nomor}; paraf ke-{ke} diberikan pejabat lain."
            )
        teks = f"paraf ke-{ke} ({peran}) naskah nomor {nomor}, versi {id_verifikasi}"
        meja.jejak(sql, "permohonan", p.id, "paraf", teks)
        return Paraf(ke, peran, meja.pelaku, meja.sekarang())


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
    with pm._Langkah(meja, kode, "produk") as (sql, p):
        meja.jejak(sql, "permohonan", p.id, "tandatangani",
                   f"naskah nomor {nomor}, versi {id_verifikasi}")  # fmt: skip
