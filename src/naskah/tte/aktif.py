"""Active content in a PDF: JavaScript and actions that run when the document is opened.

This module owns :func:`isi_aktif`, used to refuse such a PDF for signing (naskah's own PDF/A
never carries any: an action can change what a reader sees after the signature) and to warn
about it when verifying. A catalog /OpenAction that only shows a page (a destination array or
a GoTo action, as LibreOffice writes) is not active content.
"""

from __future__ import annotations

from typing import Any

_AKSI_AMAN = {"/GoTo"}
_BATAS_HALAMAN = 10_000


def _obj(o: Any) -> Any:
    """Return ``o`` dereferenced (pyHanko and pypdf indirect objects have get_object)."""
    seen = 0
    while hasattr(o, "get_object") and seen < 8:
        baru = o.get_object()
        if baru is o:
            break
        o, seen = baru, seen + 1
    return o


def _get(d: Any, kunci: str) -> Any:
    try:
        return _obj(d.get(kunci)) if hasattr(d, "get") else None
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _aksi(a: Any) -> str | None:
    """Return a description of an action dictionary that is active, or None."""
    a = _obj(a)
    if a is None or isinstance(a, list) or not hasattr(a, "get"):
        return None  # a destination array just opens a page
    jenis = str(_get(a, "/S") or "")
    if jenis in _AKSI_AMAN and _get(a, "/Next") is None:
        return None
    if jenis == "/JavaScript" or _get(a, "/JS") is not None:
        return "JavaScript"
    return f"aksi {jenis.lstrip('/') or 'tanpa jenis'}"


def isi_aktif(reader: Any) -> list[str]:
    """Return what in a PDF runs by itself (one Indonesian phrase each); empty when nothing.

    Looks at the catalog's /OpenAction and /AA, the document-level JavaScript name tree,
    every page's /AA and every annotation's /A and /AA. ``reader`` is a pyHanko or pypdf reader.
    """
    hasil: list[str] = []
    root = getattr(reader, "root", None)
    if root is None:
        try:
            root = reader.trailer["/Root"]
        except (KeyError, TypeError, AttributeError):
            return hasil
    root = _obj(root)
    buka = _get(root, "/OpenAction")
    if buka is not None:
        a = _aksi(buka)
        if a:
            hasil.append(f"/OpenAction dengan {a} saat dokumen dibuka")
    if _get(root, "/AA") is not None:
        hasil.append("aksi otomatis dokumen (/AA)")
    names = _get(root, "/Names")
    if names is not None and _get(names, "/JavaScript") is not None:
        hasil.append("JavaScript tingkat dokumen (/Names /JavaScript)")
    halaman = _get(root, "/Pages")
    antre = [halaman] if halaman is not None else []
    nomor = 0
    while antre and nomor < _BATAS_HALAMAN:
        node = antre.pop(0)
        kids = _get(node, "/Kids")
        if kids is not None:
            antre[:0] = [_obj(k) for k in kids]
            continue
        nomor += 1
        if _get(node, "/AA") is not None:
            hasil.append(f"aksi otomatis halaman {nomor} (/AA)")
        for annot in _get(node, "/Annots") or []:
            annot = _obj(annot)
            a = _aksi(_get(annot, "/A"))
            if a and a != "aksi /URI" and a != "aksi URI":
                hasil.append(f"anotasi dengan {a} di halaman {nomor}")
            if _get(annot, "/AA") is not None:
                hasil.append(f"aksi otomatis anotasi di halaman {nomor} (/AA)")
    return hasil
