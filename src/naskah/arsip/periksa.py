"""The archive's fixity check: every file against the catalog, every signature re-verified.

:func:`periksa` never writes. It reports changed, missing and unexpected files, catalog rows
without folders, broken signatures and leftovers of interrupted ingests, after checking the
register's database itself is intact. A document of another office (asal ``luar``) keeps the
signature it came with whatever it is: its signatures are said in the report's notes, and only a
change since its import is a problem.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from naskah.arsip import katalog, tulis
from naskah.arsip.catatan import NAMA_METADATA, Metadata, sha256, uraian_tanda_tangan_luar
from naskah.arsip.jalur import FOLDER_LUAR, dalam_arsip
from naskah.arsip.permintaan import LaporanPeriksa, Temuan
from naskah.berkas import alasan_os
from naskah.errors import ArchiveError

if TYPE_CHECKING:
    from naskah.arsip.arsip import Arsip


def periksa(arsip: Arsip) -> LaporanPeriksa:
    """Check every archived file against the catalog and re-verify every signature.

    Reports changed, missing and unexpected files, catalog rows without folders, broken
    signatures and leftovers of interrupted ingests. Never writes.
    """
    from naskah.tte import muat_akar_longgar, verifikasi

    temuan: list[Temuan] = []
    k = arsip.konfigurasi
    akar_ttd, _ = muat_akar_longgar([k.path(p) for p in k.tte.akar_tepercaya])
    arsip.register.periksa_keutuhan()  # a damaged register is reported as damaged first
    with arsip._baca() as conn:
        entri, berkas_rows = katalog.untuk_periksa(conn) if conn is not None else ([], [])
    per_entri: dict[str, list[Any]] = {}
    for b in berkas_rows:
        per_entri.setdefault(b["entri_id"], []).append(b)
    jumlah_berkas = 0
    jumlah_ttd = 0
    lokasi_katalog = set()
    catatan: list[str] = []
    for id_entri, lokasi, sha_md, asal in entri:
        lokasi_katalog.add(lokasi)
        try:
            folder = dalam_arsip(arsip.akar, lokasi)
        except ArchiveError as exc:
            temuan.append(Temuan("tanpa_folder", lokasi, str(exc)))
            continue
        if not folder.is_dir():
            temuan.append(
                Temuan(
                    "tanpa_folder",
                    lokasi,
                    f"Entri {lokasi} ada di katalog tetapi foldernya tidak ada.",
                )
            )
            continue
        md_luar = _metadata(folder) if asal == "luar" else None
        if md_luar is not None:
            catatan.extend(uraian_tanda_tangan_luar(md_luar))
        harapan = {b["nama"]: b for b in per_entri.get(id_entri, [])}
        harapan_md = {NAMA_METADATA: sha_md}
        try:
            ada = {p.name for p in folder.iterdir()}
        except OSError as exc:
            temuan.append(
                Temuan("hilang", lokasi, f"Folder {lokasi} tidak dapat dibaca ({alasan_os(exc)}).")
            )
            continue
        for nama in sorted(ada - set(harapan) - set(harapan_md)):
            temuan.append(
                Temuan(
                    "tak_terduga",
                    lokasi,
                    f"Berkas {lokasi}/{nama} tidak tercatat di katalog.",
                    nama,
                )
            )
        for nama, sha in [
            *((n, b["sha256"]) for n, b in harapan.items()),
            (NAMA_METADATA, sha_md),
        ]:
            jumlah_berkas += 1
            p = folder / nama
            if nama not in ada:
                temuan.append(Temuan("hilang", lokasi, f"Berkas {lokasi}/{nama} hilang.", nama))
                continue
            try:
                data = p.read_bytes()
            except OSError as exc:
                temuan.append(
                    Temuan(
                        "hilang",
                        lokasi,
                        f"Berkas {lokasi}/{nama} tidak dapat dibaca ({alasan_os(exc)}).",
                        nama,
                    )
                )
                continue
            baris = harapan.get(nama)
            if sha256(data) != sha or (baris is not None and len(data) != baris["ukuran"]):
                temuan.append(
                    Temuan(
                        "berubah",
                        lokasi,
                        f"Isi berkas {lokasi}/{nama} berubah (sidik SHA-256 berbeda).",
                        nama,
                    )
                )
            if baris is not None and baris["peran"] == "ttd":
                jumlah_ttd += 1
                lap = verifikasi(p, akar_ttd, ambil_daring=False)
                # an outside document imported with a broken signature: as it came, not a change
                rusak_dari_awal = md_luar is not None and any(
                    not t.utuh for t in md_luar.tanda_tangan
                )
                if not rusak_dari_awal and (lap.galat or not all(t.utuh for t in lap.tanda_tangan)):
                    temuan.append(
                        Temuan(
                            "tanda_tangan",
                            lokasi,
                            f"Tanda tangan pada {lokasi}/{nama} tidak utuh lagi.",
                            nama,
                        )
                    )
    try:
        temuan.extend(_folder_tak_terduga(arsip, lokasi_katalog))
    except OSError as exc:
        raise ArchiveError(
            f"Folder arsip {arsip.akar} tidak dapat dibaca seluruhnya ({alasan_os(exc)}); "
            "periksa izin bacanya."
        ) from None
    for sisa in tulis.sisa_niat(arsip.akar):
        temuan.append(
            Temuan(
                "sisa",
                f"{tulis.FOLDER_SEMENTARA}/{sisa.berkas.name}",
                "Sisa penyimpanan arsip yang terputus; dibersihkan otomatis pada penyimpanan "
                "berikutnya.",
            )
        )
    return LaporanPeriksa(
        entri=len(entri),
        berkas=jumlah_berkas,
        tanda_tangan=jumlah_ttd,
        temuan=tuple(temuan),
        catatan=tuple(catatan),
    )


def _metadata(folder: Path) -> Metadata | None:
    """Return the metadata of the entry in ``folder``, or None (a damaged one is a finding of
    its own, by its fingerprint)."""
    try:
        return Metadata.dari_json((folder / NAMA_METADATA).read_bytes())
    except (OSError, ArchiveError):
        return None


def _folder_tak_terduga(arsip: Arsip, lokasi_katalog: set[str]) -> list[Temuan]:
    """Return folders and files under the year folders that no catalog entry accounts for."""
    if not arsip.akar.is_dir():
        return []
    leluhur: set[str] = set()
    for lok in lokasi_katalog:
        bagian = lok.split("/")
        for i in range(1, len(bagian)):
            leluhur.add("/".join(bagian[:i]))
    temuan = []

    def jalan(folder: Path, rel: str) -> None:
        for p in sorted(folder.iterdir()):
            r = f"{rel}/{p.name}" if rel else p.name
            if r in lokasi_katalog:
                continue
            if p.is_dir() and not p.is_symlink() and r in leluhur:
                jalan(p, r)
                continue
            apa = "Folder" if p.is_dir() else "Berkas"
            temuan.append(Temuan("tak_terduga", r, f"{apa} {r} tidak tercatat di katalog arsip."))

    for p in sorted(arsip.akar.iterdir()):
        # year folders, and luar/ holding the documents of other offices
        if p.is_dir() and (re.fullmatch(r"\d{4}", p.name) or p.name == FOLDER_LUAR):
            if p.name in leluhur:
                jalan(p, p.name)
            else:
                temuan.append(
                    Temuan(
                        "tak_terduga",
                        p.name,
                        f"Folder {p.name} tidak tercatat di katalog arsip.",
                    )
                )
    return temuan
