"""The archive's read side: entries as the public sees them, files checked on reading.

Every catalog read runs in a lock-free read-only transaction (:meth:`Arsip._baca`; the web
service reads a read-only register) through :mod:`naskah.arsip.katalog`; the files are read
from the entry's folder and checked against the catalog's fingerprints.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from naskah.arsip import katalog
from naskah.arsip.catatan import (
    NAMA_BERKAS,
    NAMA_METADATA,
    EntriArsip,
    HasilPeriksaArsip,
    Metadata,
    PeranBerkas,
    StatusEntri,
    penandatangan_tampil,
    peserta_tampil,
    sha256,
)
from naskah.arsip.jalur import dalam_arsip
from naskah.arsip.siapkan import ID_VERIFIKASI
from naskah.errors import ArchiveError
from naskah.jam import tanggal_di

if TYPE_CHECKING:
    from naskah.arsip.arsip import Arsip


def ke_entri(arsip: Arsip, conn: Connection, r: Any, md: Metadata | None = None) -> EntriArsip:
    """Return the public view of the joined catalog row ``r`` (see :func:`katalog.q_entri`)."""
    status: StatusEntri = "terkini"
    if r["keadaan_nomor"] == "batal":
        status = "batal"
    elif r["diganti_oleh"] is not None:
        status = "diganti"
    diganti = None
    if r["diganti_oleh"] is not None:
        diganti = katalog.pengganti_terbaru(conn, r["diganti_oleh"])
    if md is None:
        md = metadata_atau_none(arsip, r["lokasi"])
    batal = status == "batal"
    return EntriArsip(
        id=r["id"],
        id_verifikasi=r["id_verifikasi"],
        nomor=r["nomor"],
        jenis=r["jenis"],
        tentang=r["tentang"],
        tanggal=r["tanggal"],
        versi=r["versi"],
        status=status,
        lokasi=r["lokasi"],
        ditandatangani=bool(r["ditandatangani"]),
        penandatangan=penandatangan_tampil(md) if md is not None else (),
        peserta=peserta_tampil(md) if md is not None else (),
        diganti_oleh=diganti,
        # the day the number was cancelled, in the office's zone
        dibatalkan=tanggal_di(r["nomor_diubah"], arsip.konfigurasi.zona)
        if batal and r["nomor_diubah"]
        else None,
        alasan_batal=r["alasan_batal"] if batal else None,
        perlu_ocr=bool(r["perlu_ocr"]),
        rincian=md.isi.rincian if md is not None else (),
        asal=r["asal"],
        instansi=md.isi.instansi if md is not None else None,
    )


def metadata_atau_none(arsip: Arsip, lokasi: str) -> Metadata | None:
    """Return the metadata of the entry in folder ``lokasi``, or None when it cannot be read."""
    try:
        p = dalam_arsip(arsip.akar, lokasi) / NAMA_METADATA
        return Metadata.dari_json(p.read_bytes())
    except (OSError, ArchiveError):
        return None


def baca_entri(arsip: Arsip, lokasi: str) -> tuple[Metadata, str]:
    """Return the metadata and text of the entry in folder ``lokasi`` (text "" if none).

    A missing or unreadable folder or ``metadata.json`` is an :class:`ArchiveError` naming it.
    """
    try:
        folder = dalam_arsip(arsip.akar, lokasi)
        data = (folder / NAMA_METADATA).read_bytes()
    except OSError:
        raise ArchiveError(
            f"Entri arsip {lokasi} tidak dapat dibaca (folder atau {NAMA_METADATA} hilang); "
            "jalankan `naskah arsip periksa`."
        ) from None
    md = Metadata.dari_json(data, f"{lokasi}/{NAMA_METADATA}")
    try:
        teks = (folder / NAMA_BERKAS["teks"]).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        teks = ""
    return md, teks


def entri_id(arsip: Arsip, id_entri: str) -> EntriArsip | None:
    """Return the entry with id ``id_entri``, or None."""
    with arsip._baca() as conn:
        if conn is None:
            return None
        r = katalog.entri_id(conn, id_entri)
        return ke_entri(arsip, conn, r) if r is not None else None


def cari_verifikasi(arsip: Arsip, id_verifikasi: str) -> EntriArsip | None:
    """Return the entry whose verification id is ``id_verifikasi``, or None (any text)."""
    if not isinstance(id_verifikasi, str) or not ID_VERIFIKASI.fullmatch(id_verifikasi):
        return None
    with arsip._baca() as conn:
        if conn is None:
            return None
        r = katalog.entri_verifikasi(conn, id_verifikasi)
        return ke_entri(arsip, conn, r) if r is not None else None


def riwayat(arsip: Arsip, teks_nomor: str) -> list[EntriArsip]:
    """Return every archived version of a number, oldest first."""
    with arsip._baca() as conn:
        if conn is None:
            return []
        rows = katalog.entri_nomor(conn, " ".join(teks_nomor.split()))
        return [ke_entri(arsip, conn, r) for r in rows]


def periksa_berkas(arsip: Arsip, data: bytes, *, luar: bool = False) -> HasilPeriksaArsip:
    """Return whether this exact file is archived, registered, not cancelled and current.

    A document of another office counts only with ``luar`` (staff verifying a file): the
    public service never tells a visitor which letters the office received.
    """
    sidik = sha256(data)
    with arsip._baca() as conn:
        if conn is None:
            return HasilPeriksaArsip(diarsipkan=False, sha256=sidik)
        berkas = katalog.berkas_bersidik(conn, sidik)
        if not berkas:
            return HasilPeriksaArsip(diarsipkan=False, sha256=sidik)
        hasil = []
        for entri_id_, peran in berkas:
            r = katalog.entri_id(conn, entri_id_)
            if r is not None:
                hasil.append((r, peran))
        if not luar:
            hasil = [(r, peran) for r, peran in hasil if r["asal"] != "luar"]
            if (
                not hasil
                and berkas
                and all(katalog.entri_id(conn, e) is not None for e, _ in berkas)
            ):
                return HasilPeriksaArsip(diarsipkan=False, sha256=sidik)
        if not hasil:  # the file is catalogued but its entry or number cannot be read
            raise ArchiveError(
                "Berkas ini tercatat di katalog arsip, tetapi entri atau nomornya tidak terbaca "
                "di register (register mungkin rusak); jalankan `naskah arsip periksa`."
            )
        # the newest entry holding this file
        hasil.sort(key=lambda x: (x[0]["diganti_oleh"] is None, x[0]["versi"]))
        r, peran = hasil[-1]
        entri = ke_entri(arsip, conn, r)
    return HasilPeriksaArsip(
        diarsipkan=True,
        sha256=sidik,
        entri=entri,
        # a document of another office has no number here: never "registered"
        terdaftar=r["nomor_id"] is not None and r["keadaan_nomor"] != "batal",
        keadaan_nomor=r["keadaan_nomor"],
        terkini=r["diganti_oleh"] is None,
        peran=peran,
    )


def daftar_lokasi(arsip: Arsip, ids: list[str] | None = None) -> list[tuple[str, bool]]:
    """Return (folder, current) of every archived version (or of ``ids``)."""
    with arsip._baca() as conn:
        return katalog.daftar_lokasi(conn, ids) if conn is not None else []


def daftar_metadata(
    arsip: Arsip, ids: list[str] | None = None
) -> Iterator[tuple[Metadata, str, bool, str]]:
    """Yield (metadata, text, current, folder) of every archived version (or of ``ids``)."""
    for lokasi, terkini in daftar_lokasi(arsip, ids):
        md, teks = baca_entri(arsip, lokasi)
        yield md, teks, terkini, lokasi


def baca_berkas(arsip: Arsip, md: Metadata, peran: PeranBerkas = "ttd") -> bytes:
    """Return the bytes of one file of an archived entry, checked against its SHA-256."""
    b = next((b for b in md.berkas if b.peran == peran), None)
    if b is None:
        raise ArchiveError(f"Entri arsip {md.isi.nomor} tidak memiliki berkas {peran}.")
    with arsip._baca() as conn:
        lokasi = katalog.lokasi(conn, md.id) if conn is not None else None
    if lokasi is None:
        raise ArchiveError(f"Entri arsip {md.isi.nomor} tidak ada di katalog.")
    try:
        data = (dalam_arsip(arsip.akar, lokasi) / b.nama).read_bytes()
    except OSError:
        data = b""
    if sha256(data) != b.sha256:
        raise ArchiveError(
            f"Berkas {b.nama} entri arsip {lokasi} hilang atau berubah; jalankan "
            "`naskah arsip periksa`."
        )
    return data
