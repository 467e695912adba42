"""naskah: write, number, render, sign, archive and search Indonesian official documents.

The library is usable without the command line: nothing here imports click, and no external
tool (LibreOffice, Graphviz, a signing token) is started at import time.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("naskah")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

from naskah.errors import NaskahError

__all__ = ["NaskahError", "__version__"]
