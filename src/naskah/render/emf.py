"""Graphviz drawings as Enhanced Metafiles (EMF): vector pictures Word and LibreOffice both draw.

A flowchart must stay sharp at any zoom and keep its text searchable in the PDF. Word draws SVG
(with a PNG fallback) but LibreOffice 7.4 shows only the fallback; both draw EMF as vectors, and
LibreOffice exports EMF text as PDF text. Graphviz writes no EMF, so this module translates the
drawing operations of Graphviz's JSON output (``dot -Tjson``: the xdot ``_draw_``, ``_ldraw_``,
``_hdraw_``, ``_tdraw_`` lists) into EMF records (MS-EMF): polygons, polylines, Bézier curves,
ellipses and text in a TrueType font. Only the standard library.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Sequence
from typing import Any

SATUAN_PER_PT = 20
"""Logical units per point (twips): 1440 per inch, enough precision for 32-bit coordinates."""

_EMR_HEADER = 1
_EMR_POLYBEZIER = 2
_EMR_POLYGON = 3
_EMR_POLYLINE = 4
_EMR_EOF = 14
_EMR_SETBKMODE = 18
_EMR_SETPOLYFILLMODE = 19
_EMR_SETTEXTALIGN = 22
_EMR_SETTEXTCOLOR = 24
_EMR_SELECTOBJECT = 37
_EMR_CREATEPEN = 38
_EMR_CREATEBRUSHINDIRECT = 39
_EMR_DELETEOBJECT = 40
_EMR_ELLIPSE = 42
_EMR_BEGINPATH = 59
_EMR_ENDPATH = 60
_EMR_STROKEANDFILLPATH = 63
_EMR_EXTCREATEFONTINDIRECTW = 82
_EMR_EXTTEXTOUTW = 84

_NULL_BRUSH = 0x80000005
_TA_BASELINE = 24
_TA_PERATAAN = {"l": 0, "c": 6, "r": 2}  # TA_LEFT, TA_CENTER, TA_RIGHT
_WARNA_NAMA = {"black": (0, 0, 0), "white": (255, 255, 255), "none": None,
               "transparent": None}  # fmt: skip


def _warna(teks: str | None) -> tuple[int, int, int] | None:
    """Return an RGB triple from a Graphviz colour (``#rrggbb[aa]`` or a few names)."""
    if not teks:
        return None
    teks = teks.strip().lower()
    if teks.startswith("#") and len(teks) in (7, 9):
        if len(teks) == 9 and teks[7:] == "00":
            return None  # fully transparent
        return int(teks[1:3], 16), int(teks[3:5], 16), int(teks[5:7], 16)
    return _WARNA_NAMA.get(teks, (0, 0, 0))


def _colorref(rgb: tuple[int, int, int]) -> int:
    r, g, b = rgb
    return r | (g << 8) | (b << 16)


class _Penulis:
    """Collects EMF records and hands out object indexes."""

    def __init__(self, tinggi_pt: float) -> None:
        self.tinggi = tinggi_pt
        self.rekaman: list[bytes] = []
        self.indeks = 0
        self.batas = [2**31, 2**31, -(2**31), -(2**31)]

    def titik(self, x: float, y: float) -> tuple[int, int]:
        """Graphviz points (y up) → logical units (y down)."""
        px, py = round(x * SATUAN_PER_PT), round((self.tinggi - y) * SATUAN_PER_PT)
        b = self.batas
        b[0], b[1], b[2], b[3] = min(b[0], px), min(b[1], py), max(b[2], px), max(b[3], py)
        return px, py

    def rekam(self, jenis: int, isi: bytes) -> None:
        isi += b"\0" * (-len(isi) % 4)
        self.rekaman.append(struct.pack("<II", jenis, 8 + len(isi)) + isi)

    def objek(self, jenis: int, isi: bytes) -> int:
        self.indeks += 1
        self.rekam(jenis, struct.pack("<I", self.indeks) + isi)
        return self.indeks

    def pilih(self, indeks: int) -> None:
        self.rekam(_EMR_SELECTOBJECT, struct.pack("<I", indeks))

    def hapus(self, indeks: int) -> None:
        self.rekam(_EMR_DELETEOBJECT, struct.pack("<I", indeks))

    def titik_titik(self, jenis: int, titik: Sequence[tuple[int, int]]) -> None:
        xs, ys = [p[0] for p in titik], [p[1] for p in titik]
        isi = struct.pack("<iiiiI", min(xs), min(ys), max(xs), max(ys), len(titik))
        isi += b"".join(struct.pack("<ii", *p) for p in titik)
        self.rekam(jenis, isi)


def _bezier_tertutup(titik: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return a Bézier point list (1 + 3n points) closed back to its first point."""
    if titik and titik[-1] != titik[0]:
        titik = [*titik, titik[-1], titik[0], titik[0]]
    return titik


def _operasi(objek: dict[str, Any]) -> Iterable[dict[str, Any]]:
    for kunci in ("_draw_", "_hdraw_", "_tdraw_", "_ldraw_", "_hldraw_", "_tldraw_"):
        yield from objek.get(kunci, ())


def emf_dari_json(graf: dict[str, Any]) -> tuple[bytes, float, float]:
    """Return (EMF bytes, width pt, height pt) of a ``dot -Tjson`` graph.

    Every node and edge is played in order (the background is left out): outlines with the
    current pen colour and width, filled shapes with the current fill colour, text in the
    current font at its baseline with the alignment Graphviz computed.
    """
    x0, y0, x1, y1 = (float(v) for v in str(graf.get("bb", "0,0,0,0")).split(","))
    lebar, tinggi = x1 - x0, y1 - y0
    w = _Penulis(y1)
    w.rekam(_EMR_SETBKMODE, struct.pack("<I", 1))  # TRANSPARENT
    w.rekam(_EMR_SETPOLYFILLMODE, struct.pack("<I", 2))  # WINDING
    pena: int | None = None
    kuas: int | None = None
    huruf: int | None = None
    garis: tuple[int, int, int] | None = (0, 0, 0)
    isi: tuple[int, int, int] | None = None
    tebal = 1.0
    ukuran, wajah = 14.0, "Times New Roman"
    perlu_pena = True

    def pasang_pena() -> None:
        nonlocal pena, perlu_pena
        if not perlu_pena:
            return
        gaya = 0 if garis is not None else 5  # PS_SOLID, or PS_NULL for a transparent line
        baru = w.objek(
            _EMR_CREATEPEN,
            struct.pack(
                "<IiiI", gaya, round(tebal * SATUAN_PER_PT), 0, _colorref(garis or (0, 0, 0))
            ),
        )
        w.pilih(baru)
        if pena is not None:
            w.hapus(pena)
        pena, perlu_pena = baru, False

    def pasang_kuas(warna: tuple[int, int, int] | None) -> None:
        nonlocal kuas
        if warna is None:
            w.pilih(_NULL_BRUSH)
        else:
            baru = w.objek(_EMR_CREATEBRUSHINDIRECT, struct.pack("<III", 0, _colorref(warna), 0))
            w.pilih(baru)
            if kuas is not None:
                w.hapus(kuas)
            kuas = baru

    # the graph's own drawing is its background (white, past the bounding box by the pad):
    # left out, so the picture is transparent and never covers a table border
    objek = [*graf.get("objects", ()), *graf.get("edges", ())]
    for o in objek:
        for op in _operasi(o):
            kode = op.get("op")
            if kode == "c":
                garis = _warna(op.get("color"))  # None: transparent, no outline
                perlu_pena = True
            elif kode == "C":
                isi = _warna(op.get("color"))
            elif kode == "S":
                m = re.match(r"setlinewidth\(([\d.]+)\)", str(op.get("style", "")))
                if m:
                    tebal = float(m.group(1))
                    perlu_pena = True
            elif kode == "F":
                ukuran, wajah = float(op.get("size", ukuran)), str(op.get("face", wajah))
                logfont = struct.pack(
                    "<iiiiiBBBBBBBB", -round(ukuran * SATUAN_PER_PT), 0, 0, 0, 400,
                    0, 0, 0, 1, 0, 0, 0, 0,
                )  # fmt: skip
                nama = wajah.encode("utf-16-le")[:62]
                logfont += nama + b"\0" * (64 - len(nama))
                baru = w.objek(_EMR_EXTCREATEFONTINDIRECTW, logfont)
                w.pilih(baru)
                if huruf is not None:
                    w.hapus(huruf)
                huruf = baru
            elif kode in ("p", "P", "L", "b", "B"):
                titik = [w.titik(float(x), float(y)) for x, y in op.get("points", ())]
                if len(titik) < 2:
                    continue
                pasang_pena()
                if kode == "L":
                    w.titik_titik(_EMR_POLYLINE, titik)
                elif kode == "b":
                    w.titik_titik(_EMR_POLYBEZIER, titik)
                elif kode == "B":
                    pasang_kuas(isi)
                    titik = _bezier_tertutup(titik)
                    w.rekam(_EMR_BEGINPATH, b"")
                    w.titik_titik(_EMR_POLYBEZIER, titik)
                    w.rekam(_EMR_ENDPATH, b"")
                    xs, ys = [p[0] for p in titik], [p[1] for p in titik]
                    w.rekam(
                        _EMR_STROKEANDFILLPATH,
                        struct.pack("<iiii", min(xs), min(ys), max(xs), max(ys)),
                    )
                else:
                    pasang_kuas(isi if kode == "P" else None)
                    w.titik_titik(_EMR_POLYGON, titik)
            elif kode in ("e", "E"):
                (cx, cy), rx, ry = op["rect"][:2], float(op["rect"][2]), float(op["rect"][3])
                a, b = w.titik(float(cx) - rx, float(cy) + ry), w.titik(float(cx) + rx,
                                                                      float(cy) - ry)  # fmt: skip
                pasang_pena()
                pasang_kuas(isi if kode == "E" else None)
                w.rekam(_EMR_ELLIPSE, struct.pack("<iiii", a[0], a[1], b[0], b[1]))
            elif kode == "T":
                teks = str(op.get("text", ""))
                if not teks:
                    continue
                x, y = w.titik(float(op["pt"][0]), float(op["pt"][1]))
                w.rekam(
                    _EMR_SETTEXTALIGN,
                    struct.pack("<I", _TA_BASELINE | _TA_PERATAAN.get(op.get("align", "c"), 6)),
                )
                w.rekam(_EMR_SETTEXTCOLOR, struct.pack("<I", _colorref(garis or (0, 0, 0))))
                kode_teks = teks.encode("utf-16-le")
                n = len(kode_teks) // 2
                setengah = round(float(op.get("width", 0)) * SATUAN_PER_PT)
                kotak = (x - setengah, y - round(ukuran * SATUAN_PER_PT), x + setengah, y)
                # bounds, graphics mode (compatible), scales, then the EmrText object; the
                # string follows the fixed part (offsets count from the record's start)
                tetap = struct.pack("<iiiiIff", *kotak, 1, 0.0, 0.0)
                off_teks = 8 + len(tetap) + 8 + 4 + 4 + 4 + 16 + 4
                tetap += struct.pack("<iiIIIiiiiI", x, y, n, off_teks, 0, *kotak, 0)
                w.rekam(_EMR_EXTTEXTOUTW, tetap + kode_teks)
    w.rekam(_EMR_EOF, struct.pack("<III", 0, 16, 20))
    return _dengan_kepala(w, lebar, tinggi), lebar, tinggi


def _dengan_kepala(w: _Penulis, lebar: float, tinggi: float) -> bytes:
    """Return the records behind an EMR_HEADER describing the picture's size."""
    satuan_per_mm = 72 * SATUAN_PER_PT / 25.4  # the reference device: 1440 units per inch
    mm = (210, 297)
    perangkat = (round(mm[0] * satuan_per_mm), round(mm[1] * satuan_per_mm))
    lebar_u, tinggi_u = round(lebar * SATUAN_PER_PT), round(tinggi * SATUAN_PER_PT)
    bingkai = (0, 0, round(lebar * 2540 / 72), round(tinggi * 2540 / 72))  # 0.01 mm
    badan = b"".join(w.rekaman)
    ukuran_kepala = 108
    jumlah = ukuran_kepala + len(badan)
    kepala = struct.pack(
        "<II iiii iiii IIIIHH III ii ii III ii",
        _EMR_HEADER, ukuran_kepala,
        0, 0, lebar_u, tinggi_u,
        *bingkai,
        0x464D4520, 0x10000, jumlah, len(w.rekaman) + 1, w.indeks + 1, 0,
        0, 0, 0,
        *perangkat, *mm,
        0, 0, 0,
        mm[0] * 1000, mm[1] * 1000,
    )  # fmt: skip
    assert len(kepala) == ukuran_kepala
    return kepala + badan


__all__ = ["SATUAN_PER_PT", "emf_dari_json"]
