"""naskah: write, number, render, sign, archive and search Indonesian official documents.

The library is usable without the command line: nothing here imports click, and no external
tool (LibreOffice, Graphviz, a signing token) is started at import time.
"""

from naskah.errors import NaskahError

__version__ = "0.1.0.dev0"
"""The one place the version is written (pyproject.toml reads it: hatch's dynamic version)."""

__all__ = ["NaskahError", "__version__"]
