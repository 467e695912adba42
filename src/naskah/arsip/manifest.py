"""Import manifests: the CSV or XLSX list of older PDFs to bring into the archive.

One row per document with the columns ``berkas`` (the PDF, relative to the manifest),
``nomor``, ``jenis``, ``tentang`` and ``tanggal``; optionally ``seri``, ``klasifikasi`` and
``penandatangan``. Indonesian header variants are accepted (``perihal`` for ``tentang``, ``nomor
naskah`` …). Every bad row is reported with its row number at once.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from naskah.arsip.permintaan import ImporArsipError, NaskahLama
from naskah.berkas import alasan_os
from naskah.errors import ArchiveError, Masalah, RegisterError

__all__ = ["BARIS_MAKS", "ImporArsipError", "baca_manifest"]

_KOLOM = {
    "berkas": "berkas",
    "file": "berkas",
    "pdf": "berkas",
    "nama berkas": "berkas",
    "nomor": "nomor",
    "nomor naskah": "nomor",
    "nomor surat": "nomor",
    "jenis": "jenis",
    "jenis naskah": "jenis",
    "tentang": "tentang",
    "perihal": "tentang",
    "hal": "tentang",
    "tanggal": "tanggal",
    "tanggal naskah": "tanggal",
    "seri": "seri",
    "klasifikasi": "klasifikasi",
    "penandatangan": "penandatangan",
}
_WAJIB = ("berkas", "nomor", "jenis", "tentang", "tanggal")
BARIS_MAKS = 100_000


def _sel(v: Any) -> str:
    from datetime import date, datetime

    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _baris(path: Path) -> list[list[str]]:
    akhiran = path.suffix.lower()
    try:
        if akhiran == ".csv":
            mentah = path.read_bytes()
            for kode in ("utf-8-sig", "cp1252"):
                try:
                    teks = mentah.decode(kode)
                    break
                except UnicodeDecodeError:
                    continue
            try:
                dialek: Any = csv.Sniffer().sniff(teks[:4096], delimiters=",;\t|")
            except csv.Error:
                dialek = csv.excel
            return [[c.strip() for c in r] for r in csv.reader(io.StringIO(teks), dialek)]
        if akhiran in (".xlsx", ".xlsm"):
            import openpyxl

            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                ws = wb.worksheets[0]
                return [[_sel(v) for v in r] for r in ws.iter_rows(values_only=True)]
            finally:
                wb.close()
    except FileNotFoundError:
        raise ArchiveError(f"Daftar naskah {path} tidak ditemukan.") from None
    except OSError as exc:
        raise ArchiveError(f"Daftar naskah {path} tidak dapat dibaca ({alasan_os(exc)}).") from None
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise ArchiveError(
            f"Daftar naskah {path.name} tidak dapat dibaca sebagai XLSX ({type(exc).__name__})."
        ) from None
    raise ArchiveError(f"Daftar naskah {path.name} harus berformat CSV atau XLSX.")


def baca_manifest(path: Path) -> list[Any]:
    """Return the manifest's rows as :class:`~naskah.arsip.NaskahLama` (row numbers kept).

    Raises :class:`ImporArsipError` listing every bad row.
    """
    from naskah.register import baca_tanggal

    baris = _baris(path)
    if len(baris) > BARIS_MAKS:
        raise ArchiveError(
            f"Daftar naskah {path.name} terlalu panjang (lebih dari {BARIS_MAKS} baris)."
        )
    kepala: dict[str, int] | None = None
    hasil: list[Any] = []
    masalah: list[Masalah] = []
    for no, sel in enumerate(baris, start=1):
        if not any(sel):
            continue
        if kepala is None:
            peta = {_KOLOM.get(c.strip().lower()): i for i, c in enumerate(sel)}
            kurang = [k for k in _WAJIB if k not in peta]
            if kurang:
                raise ArchiveError(
                    f"Daftar naskah {path.name}: baris judul kolom ({no}) tidak memuat kolom "
                    f"{', '.join(kurang)}."
                )
            kepala = {k: v for k, v in peta.items() if k}
            continue
        d = {k: (sel[i].strip() if i < len(sel) else "") for k, i in kepala.items()}
        kosong = [k for k in _WAJIB if not d.get(k)]
        if kosong:
            masalah.append(Masalah(path.name, "", f"kolom {', '.join(kosong)} kosong", no))
            continue
        try:
            tgl = baca_tanggal(d["tanggal"])
        except RegisterError as exc:
            masalah.append(Masalah(path.name, "", str(exc), no))
            continue
        pdf = Path(d["berkas"])
        if not pdf.is_absolute():
            pdf = path.parent / pdf
        hasil.append(
            (
                no,
                NaskahLama(
                    pdf=pdf,
                    nomor=d["nomor"],
                    jenis=d["jenis"],
                    tentang=d["tentang"],
                    tanggal=tgl,
                    seri=d.get("seri") or None,
                    klasifikasi=d.get("klasifikasi") or None,
                    penandatangan=d.get("penandatangan") or None,
                ),
            )
        )
    if kepala is None or (not hasil and not masalah):
        raise ArchiveError(f"Daftar naskah {path.name} tidak memuat satu baris naskah pun.")
    if masalah:
        raise ImporArsipError(
            f"Daftar {path.name} memuat {len(masalah)} baris yang salah, jadi tidak ada yang "
            "diarsipkan; perbaiki baris berikut lalu ulangi:",
            masalah,
        )
    return hasil
