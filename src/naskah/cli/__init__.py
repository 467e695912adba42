"""The ``naskah`` command line: a thin adapter over the library.

Each command parses its arguments, calls one library verb and prints the result (text, or JSON
with ``--json``). Errors become one Indonesian sentence and an exit code here, in :func:`main`:
1 for a failure, 2 for a usage error; a traceback only with ``--verbose``.
"""

from __future__ import annotations

import sys
import traceback

import click

# Command groups, one module each; importing a module registers its commands on ``cli``.
from naskah.cli import arsip as _arsip  # noqa: F401
from naskah.cli import cari as _cari  # noqa: F401
from naskah.cli import init as _init  # noqa: F401
from naskah.cli import nomor as _nomor  # noqa: F401
from naskah.cli import periksa as _periksa  # noqa: F401
from naskah.cli import render as _render  # noqa: F401
from naskah.cli import sertifikat as _sertifikat  # noqa: F401
from naskah.cli import templat as _templat  # noqa: F401
from naskah.cli import terbit as _terbit  # noqa: F401
from naskah.cli import tte as _tte  # noqa: F401
from naskah.cli.base import Konteks, cli
from naskah.errors import NaskahError

__all__ = ["cli", "main", "Konteks"]


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and turn every error into a message and an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "--verbose" in args or "-v" in args
    try:
        cli.main(args=args, prog_name="naskah", standalone_mode=False)
    except NaskahError as exc:
        if verbose:
            traceback.print_exc()
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Dibatalkan.", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        if verbose:
            traceback.print_exc()
        click.echo(f"Galat: {exc.format_message()}", err=True)
        if isinstance(exc, click.UsageError):
            click.echo("Lihat `naskah --help` atau `naskah PERINTAH --help`.", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Dihentikan oleh pengguna.", err=True)
        sys.exit(130)
    except Exception as exc:  # last resort: never show a bare traceback to staff
        if verbose:
            traceback.print_exc()
        click.echo(
            f"Galat tak terduga ({type(exc).__name__}: {exc}); ulangi dengan --verbose dan "
            "laporkan pesan lengkapnya kepada pengelola naskah.",
            err=True,
        )
        sys.exit(1)
    sys.exit(0)
