"""Participant sheets (CSV or XLSX) for certificates: read, validate, report every bad row.

The first row holds the column names (``nama``, ``nik``, ``nip``, ``instansi``, ``email``,
``peran``; case and surrounding spaces do not matter). Empty cells are empty values. A sheet with
any bad row is refused whole, listing each bad row by its number as the spreadsheet shows it.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from naskah.errors import InputError, Masalah
from naskah.models import Peserta

KOLOM = ("nama", "nik", "nip", "instansi", "email", "peran")
WAJIB = ("nama", "instansi")


def baca_peserta(path: Path) -> list[Peserta]:
    """Read a participant sheet; raise :class:`InputError` listing every bad row."""
    baris = _baca_baris(path)
    if not baris:
        raise InputError(f"Lembar peserta {path} kosong.")
    kepala = [str(c or "").strip().lower() for c in baris[0]]
    kurang = [k for k in WAJIB if k not in kepala]
    asing = [k for k in kepala if k and k not in KOLOM]
    if kurang or asing:
        raise InputError(
            f"Lembar peserta {path}: baris judul harus memuat kolom {', '.join(WAJIB)}"
            + (f" (belum ada: {', '.join(kurang)})" if kurang else "")
            + (f"; kolom tidak dikenal: {', '.join(asing)}" if asing else "")
            + f". Kolom yang dikenal: {', '.join(KOLOM)}."
        )
    peserta: list[Peserta] = []
    masalah: list[Masalah] = []
    for nomor, sel in enumerate(baris[1:], start=2):
        data = {k: _nilai(v) for k, v in zip(kepala, sel, strict=False) if k}
        if not any(data.values()):
            continue  # blank rows are common at the end of a spreadsheet
        data = {k: v for k, v in data.items() if v is not None}
        try:
            peserta.append(Peserta.model_validate(data))
        except ValidationError as exc:
            for e in exc.errors():
                kolom = ".".join(str(p) for p in e["loc"])
                pesan = str((e.get("ctx") or {}).get("error", e["msg"]))
                if e["type"] == "missing":
                    pesan = "wajib diisi"
                masalah.append(Masalah(str(path), kolom, pesan, baris=nomor))
    if masalah:
        raise InputError(
            f"Lembar peserta {path} memuat {len(masalah)} masalah; tidak ada peserta yang diambil.",
            masalah,
        )
    return peserta


def _nilai(v: Any) -> str | None:
    if v is None:
        return None
    teks = str(v).strip()
    if isinstance(v, float) and v.is_integer():
        teks = str(int(v))
    return teks or None


def _baca_baris(path: Path) -> list[list[Any]]:
    if not path.is_file():
        raise InputError(f"Lembar peserta {path} tidak ditemukan.")
    akhiran = path.suffix.lower()
    if akhiran == ".csv":
        try:
            with path.open(encoding="utf-8-sig", newline="") as f:
                contoh = f.read(4096)
                f.seek(0)
                try:
                    dialek = csv.Sniffer().sniff(contoh, delimiters=",;\t")
                except csv.Error:
                    dialek = csv.excel
                return [list(r) for r in csv.reader(f, dialek)]
        except UnicodeDecodeError:
            raise InputError(
                f"Lembar peserta {path} bukan teks UTF-8; simpan ulang sebagai CSV UTF-8."
            ) from None
    if akhiran == ".xlsx":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception:  # openpyxl raises several unrelated types for a broken file
            raise InputError(
                f"Lembar peserta {path} bukan berkas Excel (.xlsx) yang sah."
            ) from None
        try:
            return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
        finally:
            wb.close()
    raise InputError(f"Lembar peserta {path} harus berakhiran .csv atau .xlsx.")
