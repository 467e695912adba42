"""Without the optional extra `layanan`, ``naskah layanan`` says how to install it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# starlette made unimportable in the child, as on an install without naskah[layanan]
_TANPA_STARLETTE = """
import sys
sys.modules["starlette"] = None
from naskah.cli import main
main(["layanan", "--port", "0"])
"""


def test_layanan_tanpa_extra_satu_kalimat(tmp_path: Path) -> None:
    p = subprocess.run(
        [sys.executable, "-c", _TANPA_STARLETTE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode == 1
    assert p.stderr.strip().splitlines() == [
        "Galat: Layanan verifikasi membutuhkan pustaka starlette yang belum terpasang; pasang "
        "dengan `.venv/bin/pip install 'naskah[layanan]'`."
    ]
