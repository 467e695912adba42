"""Where third-party warnings go: owns the process-wide warning policy of naskah's programs.

Libraries naskah builds on warn about their own future (cryptography deprecating DSA inside
pyHanko, for instance). Those warnings are for naskah's developers, not for the tata usaha
staff at a terminal or the public behind the verification page. The programs (the CLI, the
web service and its check workers) call :func:`salurkan_peringatan` once at start: every
warning then goes to the ``py.warnings`` logger, which prints only when ``--verbose`` asked
for details. The library itself never changes the warning filters; the test suite keeps
warnings as errors (pyproject.toml) with a scoped, commented ignore per third-party warning.
"""

from __future__ import annotations

import logging
import sys
import warnings

__all__ = ["salurkan_peringatan"]


PUSTAKA_CEREWET = ("fontTools",)
"""Libraries whose warnings in their own logs are noise for staff (shown with --verbose)."""


def salurkan_peringatan(rinci: bool = False) -> None:
    """Route every warning of this process to logging; show them on stderr only when ``rinci``.

    Idempotent. With ``rinci`` (``--verbose``) warnings are printed once per place, as Python
    does by default; without it they are dropped before being formatted.
    """
    # libraries' own log chatter reaches stderr through logging's last resort (fontTools says
    # "FFTM NOT subset; … dropped" each time pyHanko subsets the stamp's font): --verbose only
    for nama in PUSTAKA_CEREWET:
        logging.getLogger(nama).setLevel(logging.WARNING if rinci else logging.ERROR)
    logger = logging.getLogger("py.warnings")
    logger.propagate = False
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    if rinci:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
        warnings.simplefilter("default")
        logging.captureWarnings(True)
    else:
        logger.addHandler(logging.NullHandler())
        logger.setLevel(logging.CRITICAL + 1)
        warnings.simplefilter("ignore")
