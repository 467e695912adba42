"""Buku agenda files: reading an office's old register (CSV/XLSX) and exporting the register.

The export is laid out like the paper buku agenda (one row per number: sequence, number, date,
classification, kind, subject, state, remarks) and can be imported again. Every text cell goes
through :func:`naskah.teks_aman.sel_aman` (a subject typed as ``=HYPERLINK(…)`` is written as
text, never as a formula), and the importer takes that apostrophe off again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any

from naskah.berkas import alasan_os, tulis_atomik
from naskah.errors import RegisterError
from naskah.jam import di_zona, sistem
from naskah.register.rekaman import NomorTerdaftar
from naskah.teks_aman import dekode_csv, sel_aman, sel_asli

KOLOM = (
    ("No. Urut", 10),
    ("Nomor Naskah", 34),
    ("Tanggal", 12),
    ("Klasifikasi", 13),
    ("Jenis Naskah", 18),
    ("Perihal", 50),
    ("Keadaan", 10),
    ("Keterangan", 30),
    ("Dicatat oleh", 16),
    ("Waktu Dicatat", 20),
)

# header text (lower case) → field the importer reads
_NAMA_KOLOM = {
    "nomor": "nomor",
    "nomor naskah": "nomor",
    "no. naskah": "nomor",
    "nomor surat": "nomor",
    "tanggal": "tanggal",
    "tanggal naskah": "tanggal",
    "tanggal surat": "tanggal",
    "perihal": "perihal",
    "hal": "perihal",
    "tentang": "perihal",
    "jenis": "jenis",
    "jenis naskah": "jenis",
    "keadaan": "keadaan",
    "status": "keadaan",
    "keterangan": "alasan",
    "alasan": "alasan",
    "oleh": "oleh",
    "dicatat oleh": "oleh",
    "pencatat": "oleh",
}


def _sel(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def baca_buku_agenda(path: Path) -> list[tuple[int, dict[str, str]]]:
    """Return the data rows of a CSV or XLSX buku agenda as (row number, fields)."""
    if not path.is_file():
        raise RegisterError(f"Berkas {path} tidak ditemukan.")
    akhiran = path.suffix.lower()
    if akhiran == ".csv":
        baris = _baca_csv(path)
    elif akhiran in (".xlsx", ".xlsm"):
        baris = _baca_xlsx(path)
    else:
        raise RegisterError(f"Berkas {path.name} harus berformat CSV atau XLSX.")
    # the header is the first row naming a "nomor" column (an exported agenda has a title above)
    for i, (_no, sel) in enumerate(baris[:10]):
        nama = [_NAMA_KOLOM.get(s.strip().lower()) for s in sel]
        if "nomor" in nama:
            if "tanggal" not in nama:
                raise RegisterError(f"Berkas {path.name} tidak punya kolom Tanggal.")
            hasil = []
            for no, isi in baris[i + 1 :]:
                if not any(isi):
                    continue
                data: dict[str, str] = {}
                for kolom, nilai in zip(nama, isi, strict=False):
                    if kolom and kolom not in data:
                        data[kolom] = sel_asli(nilai)
                hasil.append((no, data))
            return hasil
    raise RegisterError(
        f"Berkas {path.name} tidak punya baris judul kolom dengan kolom Nomor dan Tanggal."
    )


def _baca_csv(path: Path) -> list[tuple[int, list[str]]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RegisterError(f"Berkas {path.name} tidak dapat dibaca ({alasan_os(exc)}).") from None
    teks = dekode_csv(data, f"Berkas {path.name}", RegisterError)
    if teks is None:
        raise RegisterError(
            f"Berkas {path.name} bukan teks CSV; simpan ulang dari Excel sebagai CSV."
        )
    try:
        dialek = csv.Sniffer().sniff(teks[:4096], delimiters=",;\t")
    except csv.Error:
        dialek = csv.excel
    # a quoted cell keeps its line breaks (the importer refuses them, naming the row)
    baris = csv.reader(io.StringIO(teks, newline=""), dialek)
    return [(i, [s.strip() for s in r]) for i, r in enumerate(baris, 1)]


def _baca_xlsx(path: Path) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise RegisterError(
            f"Berkas {path.name} tidak dapat dibaca sebagai XLSX ({exc})."
        ) from None
    try:
        ws = wb.worksheets[0]
        return [(i, [_sel(v) for v in r]) for i, r in enumerate(ws.iter_rows(values_only=True), 1)]
    finally:
        wb.close()


def _nilai(n: NomorTerdaftar, zona: tzinfo | None) -> list[Any]:
    return [
        n.urut,
        n.teks,
        n.tanggal,
        n.klasifikasi or "",
        n.jenis or "",
        n.perihal or "",
        n.keadaan,
        n.alasan or "",
        n.oleh,
        # the office's wall-clock time (spreadsheets hold no zone; the header names it)
        (di_zona(n.dicatat, zona) if zona is not None else n.dicatat).replace(
            microsecond=0, tzinfo=None
        ),
    ]


def ekspor(
    nomor: Sequence[NomorTerdaftar],
    path: Path,
    *,
    judul: str = "BUKU AGENDA",
    zona: tzinfo | None = None,
) -> Path:
    """Write ``nomor`` to ``path`` as a buku agenda; the suffix (.csv or .xlsx) picks the format.

    Recording times are written in ``zona`` (the office's zone; UTC when None).
    """
    zona = zona or UTC
    akhiran = path.suffix.lower()
    if akhiran not in (".csv", ".xlsx"):
        raise RegisterError(f"Berkas ekspor {path.name} harus berakhiran .csv atau .xlsx.")
    with tulis_atomik(path, galat=RegisterError) as sementara:
        if akhiran == ".csv":
            with sementara.open("x", encoding="utf-8-sig", newline="") as f:
                w = csv.writer(f)
                w.writerow(_judul_kolom(zona))
                for n in nomor:
                    w.writerow([sel_aman(_sel(v)) for v in _nilai(n, zona)])
        else:
            _ekspor_xlsx(nomor, sementara, judul, zona)
    return path


def _judul_kolom(zona: tzinfo) -> list[str]:
    """Return the header row: the recording time's column names its zone (``Waktu Dicatat
    (WITA)``)."""
    nama = di_zona(sistem(), zona).tzname() or ""
    return [f"{k} ({nama})" if k == "Waktu Dicatat" and nama else k for k, _ in KOLOM]


def _ekspor_xlsx(nomor: Sequence[NomorTerdaftar], path: Path, judul: str, zona: tzinfo) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Buku Agenda"
    ws.cell(row=1, column=1, value=sel_aman(judul)).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(KOLOM))
    tipis = Side(style="thin")
    garis = Border(left=tipis, right=tipis, top=tipis, bottom=tipis)
    for c, (nama, (_, lebar)) in enumerate(zip(_judul_kolom(zona), KOLOM, strict=True), 1):
        sel = ws.cell(row=3, column=c, value=nama)
        sel.font = Font(bold=True)
        sel.fill = PatternFill("solid", fgColor="DDDDDD")
        sel.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sel.border = garis
        ws.column_dimensions[get_column_letter(c)].width = lebar
    for r, n in enumerate(nomor, 4):
        for c, v in enumerate(_nilai(n, zona), 1):
            sel = ws.cell(row=r, column=c, value=sel_aman(v))
            sel.border = garis
            sel.alignment = Alignment(vertical="top", wrap_text=c == 6)
            if isinstance(v, date) and not isinstance(v, datetime):
                sel.number_format = "DD-MM-YYYY"
            elif isinstance(v, datetime):
                sel.number_format = "DD-MM-YYYY HH:MM"
            if n.keadaan == "batal":
                sel.font = Font(strike=c == 2, color="999999")
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    wb.save(path)
