"""Import Whoosh without the standard-library modules it loads at import and never uses here.

Importing it first makes ``naskah cari`` start sooner: Whoosh's modules import, only to bind a
name they may use later,

* ``urllib.request`` (``whoosh.compat``'s ``urlretrieve``), which pulls in ``http.client``,
  ``email``, ``ssl`` and ``socket``: about 17 ms of a 2-core machine's 120 ms ``--version``;
* the ``cached_property`` package (``whoosh.reading``), which imports ``asyncio``: about 10 ms;
* ``whoosh.lang.morph_en`` (``whoosh.query.terms``, for the ``Variations`` query naskah never
  builds): about 5 ms;
* ``html`` (``whoosh.compat``'s ``htmlescape``, for an HTML highlight naskah never asks),
  ``calendar`` (``whoosh.util.times``, which parses dates naskah never gives it as text) and
  ``whoosh.lang.dmetaphone`` (``whoosh.analysis.morph``, for a sound-alike filter naskah's
  analysers never use): about 1 ms each.

While those three Whoosh modules are imported, each of those names is a small stand-in in
``sys.modules`` whose attribute loads the real module when it is first *called* (so a later use
behaves exactly as before); the stand-ins are removed right after, so anything importing them
later gets the real module. This is done only in a process running one thread (with several,
another could import one of those names meanwhile: Whoosh is then imported as it is).
``cached_property`` becomes :func:`functools.cached_property`, which does what Whoosh uses it for
(a per-reader value computed once).
"""

from __future__ import annotations

import functools
import importlib
import sys
import types
from collections.abc import Callable
from typing import Any

__all__: list[str] = []


def _malas(modul: str, nama: str) -> Callable[..., Any]:
    """Return a function that calls ``modul.nama``, importing ``modul`` on the first call."""

    def panggil(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(modul), nama)(*args, **kwargs)

    panggil.__name__ = nama
    return panggil


def _pengganti(nama: str, **isi: Any) -> types.ModuleType:
    modul = types.ModuleType(nama, "naskah: a stand-in while Whoosh is imported")
    modul.__dict__.update(isi)
    return modul


def _impor() -> None:
    if "whoosh.query.terms" in sys.modules:  # Whoosh is loaded already: nothing to spare
        return
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        # a web service: another thread importing one of those names meanwhile would get a
        # stand-in, so Whoosh is imported as it is (a one-command process has one thread)
        return
    pengganti = {
        "urllib.request": _pengganti("urllib.request", urlretrieve=_malas("urllib.request",
                                                                          "urlretrieve")),
        "cached_property": _pengganti("cached_property", cached_property=functools.cached_property),
        "whoosh.lang.morph_en": _pengganti(
            "whoosh.lang.morph_en", variations=_malas("whoosh.lang.morph_en", "variations")
        ),
        "html": _pengganti("html", escape=_malas("html", "escape")),
        "calendar": _pengganti("calendar", monthrange=_malas("calendar", "monthrange"),
                               isleap=_malas("calendar", "isleap")),
        "whoosh.lang.dmetaphone": _pengganti(
            "whoosh.lang.dmetaphone",
            double_metaphone=_malas("whoosh.lang.dmetaphone", "double_metaphone"),
        ),
    }  # fmt: skip
    dipasang = [n for n in pengganti if n not in sys.modules]
    for n in dipasang:
        sys.modules[n] = pengganti[n]
    try:
        importlib.import_module("whoosh.compat")
        importlib.import_module("whoosh.reading")
        importlib.import_module("whoosh.query.terms")
    finally:
        for n in dipasang:
            if sys.modules.get(n) is pengganti[n]:
                del sys.modules[n]


_impor()
