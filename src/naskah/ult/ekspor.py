"""The desk's XLSX export: owns writing requests and complaints to a workbook staff can open.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` would be taken for a formula by a
spreadsheet (CSV/formula injection from an applicant's text): :func:`netralkan` prefixes it with
a single quote (the cell is stored as text). This is the desk's own
small copy; the register's export may get a shared one later.
Personal data (phone, e-mail, names of contacts) is not exported.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from naskah.berkas import tulis_atomik
from naskah.errors import UltError
from naskah.ult import pengaduan as pg
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja

__all__ = ["ekspor", "netralkan"]

_BAHAYA = ("=", "+", "-", "@", "\t", "\r")


def netralkan(nilai: Any) -> Any:
    """Return ``nilai`` safe for a spreadsheet cell: a text starting like a formula is quoted."""
    if isinstance(nilai, str) and nilai.startswith(_BAHAYA):
        return "'" + nilai
    if isinstance(nilai, datetime):
        return nilai.replace(tzinfo=None)
    return nilai


def ekspor(meja: Meja, tujuan: Path, saring: pm.Saringan | None = None) -> tuple[int, int]:
    """Write requests (filtered) and complaints to ``tujuan`` (.xlsx); return the row counts."""
    from openpyxl import Workbook

    if tujuan.suffix.lower() != ".xlsx":
        raise UltError(f"Berkas ekspor {tujuan.name} harus berakhiran .xlsx.")
    zona = meja.konfigurasi.zona
    mohon = pm.daftar(meja, saring or pm.Saringan())
    adu = pg.daftar(meja)
    wb = Workbook()
    ws = wb.active
    ws.title = "Permohonan"
    kolom = [k for k in pm.KOLOM if k not in pm.PRIBADI and k != "id"]
    ws.append(kolom)
    for p in mohon:
        d = p.ke_dict()
        d["diterima"] = p.diterima.astimezone(zona)
        ws.append([netralkan(_sel(d[k])) for k in kolom])
    ws2 = wb.create_sheet("Pengaduan")
    kolom2 = [k for k in pg.KOLOM if k not in pg.PRIBADI and k != "id"]
    ws2.append(kolom2)
    for a in adu:
        d = a.ke_dict()
        ws2.append([netralkan(_sel(d[k])) for k in kolom2])
    with tulis_atomik(tujuan, galat=UltError) as sementara:
        wb.save(sementara)
    return len(mohon), len(adu)


def _sel(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.replace(tzinfo=None)
    if isinstance(v, date):
        return v
    return v
