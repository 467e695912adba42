"""The archive's ingest transaction: staged files, one catalog transaction, folders moved in.

:func:`simpan` writes every candidate's files into a staging folder (:mod:`naskah.arsip.tulis`),
then in ONE register transaction locks each number, checks it is registered and not cancelled,
decides each entry's version and folder (:func:`putuskan`), makes the files durable, moves the
folders into place, writes the catalog rows (:mod:`naskah.arsip.katalog`) with the number's use
and its audit row (the register's verbs) and commits. A failure before the commit undoes the
moves; nothing is ever half-archived.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from naskah.arsip import indeks, katalog, tulis
from naskah.arsip.catatan import (
    NAMA_BERKAS,
    NAMA_METADATA,
    BerkasArsip,
    EntriArsip,
    HasilSimpan,
    Metadata,
    penandatangan_tampil,
    peserta_tampil,
    sha256,
)
from naskah.arsip.jalur import dalam_arsip, dengan_sidik, komponen_aman, lokasi_entri
from naskah.arsip.permintaan import tolak
from naskah.arsip.siapkan import Calon
from naskah.berkas import alasan_os
from naskah.errors import ArchiveError, Masalah, NaskahError
from naskah.register import catat_jejak, pakai_untuk_arsip, pengguna_bawaan

if TYPE_CHECKING:
    from naskah.arsip.arsip import Arsip


def simpan(
    arsip: Arsip, calon: list[Calon], *, masalah: list[Masalah] | None = None, sumber: str = ""
) -> HasilSimpan:
    """Archive the prepared candidates: all in one catalog transaction, or none.

    ``masalah`` are the problems already found while preparing (an import reports them all
    together, by manifest row, from ``sumber``).
    """
    masalah = list(masalah or [])
    if not calon and not masalah:
        raise ArchiveError("Tidak ada naskah yang diarsipkan.")
    ganda = {c.isi.nomor for c in calon if sum(d.isi.nomor == c.isi.nomor for d in calon) > 1}
    if ganda:
        raise ArchiveError(
            f"Nomor {', '.join(sorted(ganda))} muncul lebih dari sekali; satu nomor satu "
            "naskah per penyimpanan."
        )
    if not calon:
        tolak(masalah, sumber)
    arsip.bersihkan()
    oleh = arsip.opsi.oleh or pengguna_bawaan()
    waktu = arsip._jam()
    diindeks = False
    try:
        with tulis.niat(arsip.akar, arsip._titik) as n:
            for c in calon:
                c.folder = n.tahap(c.id)
                berkas = []
                for peran, data in c.data.items():
                    nama = NAMA_BERKAS[peran]
                    tulis.tulis_baru(c.folder / nama, data)
                    arsip._titik("berkas")
                    berkas.append(BerkasArsip(nama, peran, sha256(data), len(data)))
                c.berkas = tuple(berkas)
            arsip._titik("ditulis")
            dipindah: list[Path] = []
            try:
                with arsip._transaksi() as conn:
                    pra = prasimpan(conn, calon)
                    for c in calon:
                        try:
                            putuskan(arsip, conn, c, oleh, waktu, pra)
                        except ArchiveError as exc:
                            if c.baris is None and not masalah and len(calon) == 1:
                                raise
                            masalah.append(
                                Masalah(c.sumber or c.isi.nomor, c.isi.nomor, exc.pesan, c.baris)
                            )
                    if masalah:
                        tolak(masalah, sumber)
                    for c in calon:
                        if c.sudah_ada is None:
                            n.tujuan(c.id, c.lokasi)
                    # files, metadata and the intent's folders durable before any move
                    n.sinkron()
                    for c in calon:
                        if c.sudah_ada is None:
                            dipindah.append(n.pindahkan(c.id, c.lokasi))
                    n.sinkron()  # the moves durable before the catalog commits
                    arsip._titik("dipindah_semua")
                    catat_katalog(conn, [c for c in calon if c.sudah_ada is None], oleh, waktu)
                    # PostgreSQL search: the index entries commit with the catalog rows
                    diindeks = arsip.opsi.indeks and indeks.dalam_transaksi(
                        arsip, conn, [c for c in calon if c.sudah_ada is None]
                    )
                    arsip._titik("sebelum_commit")
            except BaseException:
                if dipindah:
                    batalkan_pindah(arsip, n, calon, dipindah)
                raise
            arsip._titik("dikomit")
    except OSError as exc:
        raise ArchiveError(
            f"Arsip di {arsip.akar} tidak dapat ditulis ({alasan_os(exc)}); tidak ada yang "
            "diarsipkan."
        ) from None
    baru = [c for c in calon if c.sudah_ada is None]
    entri = tuple(
        e
        for e in (
            entri_baru(c) if c.sudah_ada is None else arsip._entri_id(c.sudah_ada) for c in calon
        )
        if e is not None
    )
    peringatan: tuple[str, ...] = ()
    if baru and arsip.opsi.indeks and not diindeks:
        peringatan = indeks.setelah_simpan(arsip, baru)
    return HasilSimpan(entri=entri, baru=bool(baru), peringatan=peringatan)


def entri_baru(c: Calon) -> EntriArsip:
    """Return the public view of an entry this call just committed (no database read)."""
    assert c.metadata is not None
    isi = c.isi
    return EntriArsip(
        id=c.id,
        id_verifikasi=c.id_verifikasi,
        nomor=isi.nomor,
        jenis=isi.jenis,
        tentang=isi.tentang,
        tanggal=isi.tanggal,
        versi=c.versi,
        status="terkini",
        lokasi=c.lokasi,
        ditandatangani=bool(c.tanda_tangan),
        penandatangan=penandatangan_tampil(c.metadata),
        peserta=peserta_tampil(c.metadata),
        perlu_ocr=c.perlu_ocr,
        rincian=isi.rincian,
        asal=c.asal,
        instansi=isi.instansi,
    )


def batalkan_pindah(arsip: Arsip, n: tulis.Niat, calon: list[Calon], dipindah: list[Path]) -> None:
    """Undo the moves of a transaction that failed, unless it did commit after all.

    A lost connection can hide a commit the server made: the catalog is asked first. When
    it cannot be asked, everything stays as it is and the intent file is kept, so the next
    ingest's cleanup decides with the catalog at hand.
    """
    try:
        ada = arsip._tercatat([c.id for c in calon])
    except NaskahError:
        n.simpan_niat = True
        return
    for c, p in zip([c for c in calon if c.sudah_ada is None], dipindah, strict=False):
        if c.id not in ada:
            tulis.hapus_entri(arsip.akar, p)


def prasimpan(conn: Connection, calon: list[Calon]) -> katalog.Prasimpan:
    """Read (and lock) in a few statements what deciding this office's candidates needs."""
    kantor = [c for c in calon if c.asal != "luar"]
    induk = []
    for c in kantor:
        try:
            nama = komponen_aman(c.isi.nomor, cadangan="tanpa-nomor")
            induk.append(lokasi_entri(c.isi.tanggal.year, c.isi.jenis, nama, 1).rsplit("/", 1)[0])
        except ArchiveError:
            continue  # refused with its sentence by lokasi_baru
    return katalog.prasimpan(
        conn, [c.isi.nomor for c in kantor], [c.id_verifikasi for c in kantor], induk
    )


def kunci_nomor(conn: Connection, c: Calon, pra: katalog.Prasimpan | None = None) -> dict[str, Any]:
    """Lock and return the register row of ``c``'s number; refuse one that cannot be archived."""
    if pra is not None:
        rows = pra.kunci_nomor(c.isi.nomor, c.isi.seri or None)
    else:
        rows = katalog.kunci_nomor(conn, c.isi.nomor, c.isi.seri or None)
    if not rows:
        raise ArchiveError(
            f"Nomor {c.isi.nomor} tidak ada di register"
            + (f" seri {c.isi.seri!r}" if c.isi.seri else "")
            + "; naskah hanya diarsipkan dengan nomor yang terdaftar (ambil nomor dengan "
            "`naskah nomor ambil`, atau impor buku agenda lama dengan `naskah nomor impor`)."
        )
    if len(rows) > 1:
        raise ArchiveError(
            f"Nomor {c.isi.nomor} ada di beberapa seri ({', '.join(r['seri'] for r in rows)}); "
            "sebutkan serinya."
        )
    row = rows[0]
    if row["keadaan"] == "batal":
        raise ArchiveError(
            f"Nomor {c.isi.nomor} dibatalkan di register"
            + (f" ({row['alasan']})" if row.get("alasan") else "")
            + "; naskah bernomor batal tidak diarsipkan."
        )
    if row["tahun"] != c.isi.tanggal.year:
        raise ArchiveError(
            f"Nomor {c.isi.nomor} terdaftar untuk tahun {row['tahun']}, tetapi naskahnya "
            f"bertanggal {c.isi.tanggal.isoformat()}; periksa nomor atau tanggal naskah."
        )
    return row


def putuskan_luar(arsip: Arsip, conn: Connection, c: Calon) -> bool:
    """Decide the folder of a document of another office; return False when these exact files
    are already archived for it (``c.sudah_ada``). It has no number of this office: it is known
    by its office and its number, and is never replaced (a different file is refused)."""
    assert c.isi.instansi is not None
    isi_berkas = {b.peran: b.sha256 for b in c.berkas if b.peran in ("pdf", "ttd", "docx")}
    # the same file kept before (whatever its fields were read or typed as then)
    sama = {e for sha in isi_berkas.values() for e in katalog.luar_bersidik(conn, sha)}
    for id_sama in sorted(sama):
        if katalog.sidik_isi(conn, id_sama) == isi_berkas:
            c.sudah_ada = id_sama
            return False
    lama = katalog.versi_luar(conn, c.isi.instansi, c.isi.nomor)
    for e in lama:
        if katalog.sidik_isi(conn, e["id"]) == isi_berkas:
            c.sudah_ada = e["id"]
            return False
    if lama:
        raise ArchiveError(
            f"Naskah {c.isi.nomor} dari {c.isi.instansi} sudah diarsipkan dengan berkas yang "
            "berbeda; arsip tidak pernah ditimpa. Periksa apakah ini naskah yang sama."
        )
    c.nomor_id = None
    c.versi = 1
    c.lokasi = lokasi_baru(arsip, conn, c)
    return True


def putuskan(
    arsip: Arsip,
    conn: Connection,
    c: Calon,
    oleh: str,
    waktu: datetime,
    pra: katalog.Prasimpan | None = None,
) -> None:
    """Lock the number and decide the entry's version, folder and the version it replaces.

    ``pra``: the batch's reads done at once (:func:`prasimpan`), else each is asked here.
    """
    if c.asal == "luar":
        if putuskan_luar(arsip, conn, c):
            tulis_metadata(c, oleh, waktu)
        return
    row = kunci_nomor(conn, c, pra)
    c.nomor_id = row["id"]
    c.keadaan_nomor = row["keadaan"]
    if not c.isi.seri:
        c.isi = replace(c.isi, seri=row["seri"])
    nid = c.nomor_id
    lama = pra.versi_nomor(nid) if pra is not None else katalog.versi_nomor(conn, nid)
    isi_berkas = {b.peran: b.sha256 for b in c.berkas if b.peran in ("pdf", "ttd", "docx")}
    for e in lama:
        sidik = pra.sidik_isi(e["id"]) if pra is not None else katalog.sidik_isi(conn, e["id"])
        if sidik == isi_berkas:
            c.sudah_ada = e["id"]
            return
    if (
        pra.id_verifikasi_dipakai(c.id_verifikasi)
        if pra is not None
        else katalog.id_verifikasi_dipakai(conn, c.id_verifikasi)
    ):
        raise ArchiveError(
            "Id verifikasi itu sudah dipakai entri arsip lain; setiap versi naskah memiliki "
            "id verifikasinya sendiri."
        )
    if lama:
        terbaru = lama[0]
        if c.koreksi:
            c.alasan = c.koreksi
        elif not terbaru["ditandatangani"] and "ttd" in isi_berkas:
            c.alasan = katalog.ALASAN_SALINAN_TTD
        else:
            raise ArchiveError(
                f"Nomor {c.isi.nomor} sudah diarsipkan (versi {terbaru['versi']}) dengan "
                "berkas yang berbeda; arsip tidak pernah ditimpa. Untuk naskah yang "
                'dikoreksi, simpan sebagai versi baru dengan --koreksi "ALASAN".'
            )
        c.versi = terbaru["versi"] + 1
        c.menggantikan = (terbaru["id"], terbaru["versi"])
        induk = terbaru["lokasi"].rsplit("/", 1)[0]
        c.lokasi = f"{induk}/v{c.versi}"
    else:
        c.versi = 1
        c.lokasi = lokasi_baru(arsip, conn, c, pra)
    tulis_metadata(c, oleh, waktu)


def tulis_metadata(c: Calon, oleh: str, waktu: datetime) -> None:
    """Write the (now complete) metadata into the staged folder, before the move."""
    assert c.folder is not None
    md = Metadata(
        id=c.id,
        id_verifikasi=c.id_verifikasi,
        versi=c.versi,
        asal=c.asal,
        isi=c.isi,
        berkas=c.berkas,
        tanda_tangan=c.tanda_tangan,
        menggantikan=c.menggantikan[0] if c.menggantikan else None,
        versi_diganti=c.menggantikan[1] if c.menggantikan else None,
        alasan=c.alasan,
        perlu_ocr=c.perlu_ocr,
        diarsipkan=waktu.isoformat(),
        oleh=oleh,
    )
    c.metadata = md
    c.metadata_json = md.ke_json()
    tulis.tulis_baru(c.folder / NAMA_METADATA, c.metadata_json)


def lokasi_baru(
    arsip: Arsip, conn: Connection, c: Calon, pra: katalog.Prasimpan | None = None
) -> str:
    """Return the v1 folder of a number archived for the first time (never shared)."""
    nama = komponen_aman(c.isi.nomor, cadangan="tanpa-nomor")
    luar = c.asal == "luar"
    for percobaan in range(2):
        lokasi = lokasi_entri(c.isi.tanggal.year, c.isi.jenis, nama, 1, luar=luar)
        induk = lokasi.rsplit("/", 1)[0]
        dipakai = pra.folder_dipakai(induk, c.nomor_id) if pra is not None else None
        if dipakai is None:
            dipakai = katalog.folder_dipakai(conn, induk, c.nomor_id)
        if not dipakai and not dalam_arsip(arsip.akar, induk).exists():
            return lokasi
        if percobaan == 0:  # another office's number may print the same: tell them apart
            nama = dengan_sidik(nama, f"{c.isi.nomor}\n{c.isi.instansi}" if luar else c.isi.nomor)
    raise ArchiveError(
        f"Folder arsip untuk nomor {c.isi.nomor} sudah dipakai; periksa dengan "
        "`naskah arsip periksa`."
    )


def catat_katalog(conn: Connection, calon: list[Calon], oleh: str, waktu: datetime) -> None:
    """Write the candidates' catalog rows, their numbers' use and their audit rows (in
    ``conn``), a statement per table for the whole batch."""
    entri = []
    jejak = []
    for c in calon:
        assert c.metadata is not None
        menggantikan = c.menggantikan[0] if c.menggantikan else None
        baris = {
            "id": c.id,
            "nomor_id": c.nomor_id,
            "nomor": c.isi.nomor,
            "versi": c.versi,
            "jenis": c.isi.jenis,
            "tanggal": c.isi.tanggal,
            "tentang": c.isi.tentang,
            "lokasi": c.lokasi,
            "id_verifikasi": c.id_verifikasi,
            "menggantikan": menggantikan,
            "diganti_oleh": None,
            "alasan": c.alasan,
            "asal": c.asal,
            "ditandatangani": bool(c.tanda_tangan),
            "perlu_ocr": c.perlu_ocr,
            "sha256_metadata": sha256(c.metadata_json),
            "oleh": oleh,
            "instansi": c.isi.instansi if c.asal == "luar" else None,
        }
        entri.append((baris, c.berkas, menggantikan))
        if c.asal == "luar":
            continue  # no number of this office: nothing to use, nothing in the register's log
        assert c.nomor_id is not None
        sesudah = {"keadaan": "terpakai", "arsip": c.lokasi, "versi": c.versi}
        jejak.append((c.nomor_id, c.isi.seri, c.isi.nomor, {"keadaan": c.keadaan_nomor}, sesudah))
    katalog.tambah_entri_banyak(conn, entri, waktu=waktu)
    for c in calon:
        if c.asal != "luar" and c.keadaan_nomor == "dipesan":
            assert c.nomor_id is not None
            pakai_untuk_arsip(
                conn,
                c.nomor_id,
                perihal=c.isi.tentang,
                jenis=c.isi.jenis,
                tanggal=c.isi.tanggal,
                waktu=waktu,
            )
    catat_jejak(conn, "arsip", jejak, oleh=oleh, waktu=waktu)
