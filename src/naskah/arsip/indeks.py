"""Turning archived document versions into the search index's records.

The index is derived data: :func:`ke_dokumen_indeks` makes a
:class:`~naskah.cari.DokumenIndeks` from an entry's ``metadata.json`` and its ``teks.txt`` (the
PDF's text layer), so ``naskah arsip indeks-ulang`` can always rebuild the index from the
archive alone.
"""

from __future__ import annotations

from typing import get_args

from naskah.arsip.catatan import Metadata, Orang
from naskah.cari import DokumenIndeks, JenisIndeks, OrangIndeks

_JENIS: tuple[str, ...] = get_args(JenisIndeks)


def _orang(o: Orang) -> OrangIndeks:
    return OrangIndeks(nama=o.nama, nip=o.nip, nik=o.nik, instansi=o.instansi, peran=o.peran)


def ke_dokumen_indeks(
    md: Metadata, teks_pdf: str, *, lokasi: str, terkini: bool = True
) -> DokumenIndeks:
    """Return the search record of one archived version."""
    isi = md.isi
    jenis: JenisIndeks = isi.jenis if isi.jenis in _JENIS else "lainnya"  # type: ignore[assignment]
    bagian = [isi.tentang, isi.teks, teks_pdf.replace("\f", "\n")]
    return DokumenIndeks(
        id=md.id,
        nomor=isi.nomor,
        jenis=jenis,
        tanggal=isi.tanggal,
        tentang=isi.tentang,
        teks="\n".join(b for b in bagian if b),
        unit=isi.unit,
        klasifikasi=isi.klasifikasi,
        penandatangan=tuple(_orang(o) for o in isi.penandatangan),
        mitra=isi.mitra,
        peserta=tuple(_orang(o) for o in isi.peserta),
        lokasi=lokasi,
        versi=md.versi,
        terkini=terkini,
    )
