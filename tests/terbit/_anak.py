"""Child process of the crash tests: the real CLI, printing each pipeline step as it completes.

``python _anak.py ARGS…`` runs ``naskah ARGS…``; every completed step is printed as
``TITIK <name>`` on stdout (flushed), so the parent can SIGKILL it at a chosen step.
"""

import sys

from naskah.cli import main
from naskah.terbit import atur_pengamat


def _lapor(nama: str) -> None:
    sys.stdout.write(f"TITIK {nama}\n")
    sys.stdout.flush()


if __name__ == "__main__":
    atur_pengamat(_lapor)
    main(sys.argv[1:])
