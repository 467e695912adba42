"""What the archive records of a document, read from its model; text from a PDF's text layer.

:func:`isi_dari_model` turns a :class:`~naskah.models.Dokumen` (keputusan, SK kerja sama, surat
tugas) or one participant's :class:`~naskah.models.Sertifikat` into an :class:`IsiNaskah`.
:func:`teks_pdf` reads a PDF's text layer with pypdf (no OCR: a PDF without text is flagged).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

from naskah.arsip.catatan import IsiNaskah, Orang
from naskah.errors import ArchiveError
from naskah.models import (
    BukuStandarPelayanan,
    Dokumen,
    Keputusan,
    LaporanEvaluasi,
    Pejabat,
    PerjanjianKerjaSama,
    Sertifikat,
    SKKerjaSama,
    SuratDinas,
    SuratTugas,
)
from naskah.models.sertifikat import SertifikatKegiatan
from naskah.nomor import NomorNaskah

TEKS_MINIMUM = 40
"""Fewer letters than this in a PDF's text layer means it is a scan that needs OCR."""

# keys whose values never go into the searchable text (personal data kept in its own fields)
_TANPA_TEKS = {"nik", "email", "nip", "logo", "berkas_peserta", "id", "jenis", "seri"}

logging.getLogger("pypdf").setLevel(logging.ERROR)


def _pejabat(p: Pejabat, peran: str) -> Orang:
    return Orang(
        nama=p.nama_lengkap, nip=str(p.nip) if p.nip else None, jabatan=p.jabatan, peran=peran
    )


def _teks(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        if data.strip():
            yield data.strip()
    elif isinstance(data, dict):
        for k, v in data.items():
            if k not in _TANPA_TEKS:
                yield from _teks(v)
    elif isinstance(data, list | tuple):
        for v in data:
            yield from _teks(v)


def teks_model(model: Dokumen | Sertifikat) -> str:
    """Return every text of the model, one per line (no NIK, NIP or e-mail)."""
    return "\n".join(_teks(model.model_dump(mode="json", exclude_none=True)))


def isi_dari_model(model: Dokumen | Sertifikat) -> IsiNaskah:
    """Return what the archive records of ``model``; it must carry its number."""
    if isinstance(model, SertifikatKegiatan):
        raise ArchiveError(
            "Berkas kegiatan sertifikat memuat banyak peserta dengan nomornya masing-masing; "
            "sertifikat diarsipkan per peserta oleh `naskah sertifikat terbitkan`."
        )
    if isinstance(model, Sertifikat):
        k = model.kegiatan
        p = model.peserta
        # the register hands out NomorNaskah; a number given as plain text has no known parts
        bagian = model.nomor if isinstance(model.nomor, NomorNaskah) else None
        return IsiNaskah(
            nomor=str(model.nomor),
            jenis="sertifikat",
            tentang=k.kegiatan.nama,
            tanggal=k.tanggal,
            seri=k.seri,
            unit=bagian.unit if bagian else None,
            klasifikasi=k.klasifikasi or (bagian.klasifikasi if bagian else None),
            penandatangan=(_pejabat(k.penandatangan, "penandatangan"),),
            mitra=tuple(m for m in (k.kegiatan.mitra,) if m),
            peserta=(
                Orang(
                    nama=p.nama,
                    nik=str(p.nik) if p.nik else None,
                    nip=str(p.nip) if p.nip else None,
                    instansi=p.instansi,
                    peran=p.peran,
                ),
            ),
            teks=teks_model(model),
            rincian=(
                ("kegiatan", k.kegiatan.nama),
                ("penyelenggara", k.kegiatan.penyelenggara),
                ("tanggal_mulai", k.kegiatan.tanggal_mulai.isoformat()),
                ("tanggal_selesai", k.kegiatan.tanggal_selesai.isoformat()),
                ("tempat", k.kegiatan.tempat),
                ("jp", str(k.kegiatan.jp)),
                ("peran", p.peran),
            ),
        )
    if model.nomor is None:
        raise ArchiveError(
            "Naskah belum bernomor; ambil nomor dari register (`naskah nomor ambil`) dan isi "
            "kunci `nomor` sebelum mengarsipkan."
        )
    mitra: tuple[str, ...] = ()
    peserta: tuple[Orang, ...] = ()
    if isinstance(model, SKKerjaSama):
        mitra = (model.kerja_sama.mitra.nama,)
    if isinstance(model, Keputusan):
        tentang = model.tentang
    elif isinstance(model, BukuStandarPelayanan):
        tentang = tentang_buku(model)
    elif isinstance(model, SuratTugas):
        tentang = model.untuk[0]
        peserta = tuple(_pejabat(p, "petugas") for p in model.petugas)
    elif isinstance(model, SuratDinas):
        tentang = model.hal
    elif isinstance(model, LaporanEvaluasi):
        tentang = model.tentang
    elif isinstance(model, PerjanjianKerjaSama):
        tentang = f"Perjanjian Kerja Sama {model.tentang}"
        mitra = (model.mitra.nama,)
    else:  # pragma: no cover - every kind of JENIS_DOKUMEN is handled above
        raise ArchiveError(f"Jenis naskah {model.jenis!r} belum dapat diarsipkan.")
    return IsiNaskah(
        nomor=model.nomor.teks,
        jenis=model.jenis,
        tentang=" ".join(tentang.split()),
        tanggal=model.tanggal,
        seri=model.seri,
        unit=model.nomor.unit,
        klasifikasi=model.klasifikasi or model.nomor.klasifikasi,
        penandatangan=(_pejabat(model.penandatangan, "penandatangan"),),
        mitra=mitra,
        peserta=peserta,
        teks=teks_model(model),
    )


def tentang_buku(model: BukuStandarPelayanan) -> str:
    """Return what a Standar Pelayanan booklet is about, as its cover reads
    (``Standar Pelayanan di Lingkungan <unit> Tahun 2024``)."""
    unit = model.instansi.unit if model.instansi is not None else None
    lingkungan = model.lingkungan or (f"di Lingkungan {unit.title()}" if unit else "")
    return " ".join(f"{model.judul.title()} {lingkungan} Tahun {model.tahun}".split())


def periksa_dapat_diarsipkan(model: Dokumen | Sertifikat) -> None:
    """Refuse, before anything is numbered or rendered, a kind the archive cannot record.

    The same test the archive makes on ingest (:func:`isi_dari_model`), on the unnumbered model
    given a stand-in number, so every kind it knows passes and no other.
    """
    if getattr(model, "nomor", None) is None:
        model = model.model_copy(update={"nomor": NomorNaskah(urut=1, tahun=2000, teks="1/2000")})
    isi_dari_model(model)


def teks_pdf(data: bytes, nama: str) -> str:
    """Return the text layer of a PDF (pages separated by form feeds)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ArchiveError(
                f"Berkas {nama} terenkripsi; simpan salinan tanpa kata sandi untuk diarsipkan."
            )
        return "\f".join((hal.extract_text() or "").strip() for hal in reader.pages)
    except ArchiveError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError):
        raise ArchiveError(
            f"Berkas {nama} bukan PDF yang dapat dibaca (rusak atau terpotong); periksa berkasnya."
        ) from None


def perlu_ocr(teks: str) -> bool:
    """Return True when a PDF's text layer is too thin to be the document's text."""
    huruf = 0
    for c in teks:  # stops at the minimum: a certificate's text is thousands of characters
        if c.isalpha():
            huruf += 1
            if huruf >= TEKS_MINIMUM:
                return False
    return True
