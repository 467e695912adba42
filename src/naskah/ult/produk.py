"""A request's documents issued through the pipeline: owns drafting them from the request.

:func:`surat_tugas` drafts the surat tugas of an approved speaker request from what the desk
recorded (the applicant's letter as its basis, the activity's dates, the assignees chosen from
``[pejabat.*]``, signed by ``[pejabat.kepala]``) as an ordinary document file; staff may edit it
like any other. :func:`terbitkan_produk` issues a document file with ``naskah terbitkan``'s own
verb (numbered, rendered, signed when asked, archived) and links the number and the archived
version's verification id to the request as one of its products.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from naskah.berkas import alasan_os
from naskah.errors import UltError
from naskah.models.common import format_tanggal
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja

if TYPE_CHECKING:
    from naskah.terbit.naskah import MintaRahasia

__all__ = ["surat_tugas", "terbitkan_produk"]


@dataclass(frozen=True)
class HasilProduk:
    permohonan: pm.Permohonan
    nomor: str
    id_verifikasi: str
    salinan: tuple[Path, ...]


def surat_tugas(
    meja: Meja, kode: str, tujuan: Path, *, petugas: Sequence[str], tempat: str,
    klasifikasi: str | None = None, seri: str | None = None,
) -> Path:  # fmt: skip
    """Write the surat tugas of approved request ``kode`` to ``tujuan`` (YAML); return it."""
    import yaml

    k = meja.konfigurasi
    r = pm.lihat(meja, kode)
    p = r.permohonan
    if p.keadaan != "disetujui":
        raise UltError(
            f"Permohonan {p.kode_tampil} berkeadaan {p.keadaan}; surat tugas dibuat setelah "
            "permohonan disetujui."
        )
    if p.kegiatan_mulai is None:
        raise UltError(
            f"Permohonan {p.kode_tampil} tidak mencatat tanggal kegiatan; surat tugas "
            "membutuhkan tanggal pelaksanaan."
        )
    if not petugas:
        raise UltError("Pilih sedikitnya satu petugas dari [pejabat] naskah.toml dengan --petugas.")
    tak_ada = [x for x in petugas if x not in k.pejabat]
    if tak_ada:
        sah = ", ".join(sorted(k.pejabat)) or "(belum ada [pejabat.*])"
        raise UltError(f"Petugas {', '.join(tak_ada)} tidak ada di naskah.toml; pilihan: {sah}.")
    if "kepala" not in k.pejabat:
        raise UltError("Surat tugas ditandatangani [pejabat.kepala] yang belum ada di naskah.toml.")
    if not tempat.strip():
        raise UltError("Tempat pelaksanaan tugas belum diisi.")
    kegiatan = p.perihal or f"kegiatan {p.instansi}"
    data: dict[str, Any] = {
        "jenis": "surat_tugas",
        "seri": seri or ("naskah" if "naskah" in k.seri else next(iter(k.seri))),
        "dasar": [
            f"Surat {p.instansi} perihal {kegiatan} yang diterima tanggal "
            f"{format_tanggal(p.hari_terima)} (kode permohonan {p.kode_tampil});",
            f"Standar Pelayanan {p.nama_layanan} yang ditetapkan dengan Keputusan Nomor "
            f"{p.standar}.",
        ],
        "petugas": [k.pejabat[x].model_dump(mode="json", exclude_none=True) for x in petugas],
        "untuk": [
            f"menjadi narasumber pada {kegiatan} yang diselenggarakan oleh {p.instansi};",
            f"menyampaikan laporan hasil pelaksanaan tugas kepada {k.pejabat['kepala'].jabatan} "
            "setelah tugas selesai dilaksanakan.",
        ],
        "pelaksanaan": {
            "tanggal_mulai": p.kegiatan_mulai.isoformat(),
            "tempat": " ".join(tempat.split()),
        },
        "tanggal": meja.hari_ini().isoformat(),
        "penandatangan": "kepala",
        "tembusan": [p.instansi],
    }
    if klasifikasi:
        data["klasifikasi"] = klasifikasi
    if p.kegiatan_selesai and p.kegiatan_selesai != p.kegiatan_mulai:
        data["pelaksanaan"]["tanggal_selesai"] = p.kegiatan_selesai.isoformat()
    teks = (
        f"# Surat tugas permohonan {p.kode_tampil}, disusun oleh `naskah ult surat-tugas`;\n"
        "# periksa dan ubah seperlunya, lalu terbitkan dengan `naskah ult terbitkan`.\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=96)
    )
    if tujuan.exists():
        raise UltError(f"Berkas {tujuan} sudah ada; pilih nama lain agar tidak tertimpa.")
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(tujuan, "x", encoding="utf-8") as f:
            f.write(teks)
    except OSError as exc:
        raise UltError(f"Berkas {tujuan} tidak dapat ditulis ({alasan_os(exc)}).") from None
    return tujuan


def terbitkan_produk(
    meja: Meja, kode: str, berkas: Path, *, jenis: str | None = None, tandatangani: bool = False,
    p12: Path | None = None, keluaran: Path | None = None,
    minta_rahasia: MintaRahasia | None = None,
) -> HasilProduk:  # fmt: skip
    """Issue ``berkas`` with the pipeline and link it to approved request ``kode``."""
    from naskah.terbit.naskah import HasilTerbit, PermintaanTerbit, terbitkan

    r = pm.lihat(meja, kode)  # refuse an unknown request before issuing anything
    if r.permohonan.keadaan not in pm.BOLEH["produk"]:
        raise UltError(
            f"Permohonan {r.permohonan.kode_tampil} berkeadaan {r.permohonan.keadaan}; produk "
            "diterbitkan setelah permohonan disetujui."
        )
    hasil = terbitkan(
        meja.konfigurasi,
        PermintaanTerbit(
            berkas=berkas, tandatangani=tandatangani, p12=p12, keluaran=keluaran, oleh=meja.pelaku
        ),  # fmt: skip
        minta_rahasia,
    )
    if not isinstance(hasil, HasilTerbit):
        raise UltError("Berkas sertifikat kegiatan diterbitkan dengan `naskah sertifikat`.")
    nama = jenis or _nama_jenis(berkas)
    sudah = any(x["nomor"] == hasil.nomor for x in r.produk)
    p = r.permohonan if sudah else pm.catat_produk(
        meja, kode, nama, nomor=hasil.nomor, entri_arsip=hasil.id_verifikasi
    )  # fmt: skip
    return HasilProduk(p, hasil.nomor, hasil.id_verifikasi, hasil.salinan)


def _nama_jenis(berkas: Path) -> str:
    from naskah.loader import baca_data

    data, _ = baca_data(berkas)
    jenis = data.get("jenis") if isinstance(data, dict) else None
    return {"surat_tugas": "Surat Tugas", "sk_kerja_sama": "SK Kerja Sama",
            "keputusan": "Keputusan"}.get(str(jenis), str(jenis or "Naskah"))  # fmt: skip
