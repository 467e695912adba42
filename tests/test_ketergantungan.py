"""Every third-party package the library imports is declared in pyproject.toml."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions

from tests.conftest import ROOT, env_naskah


def _nama(req: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[\[<>=!~; ]", req, maxsplit=1)[0]).lower()


def _proyek() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _diimpor() -> dict[str, set[str]]:
    """Return top-level third-party module name → files of src/naskah importing it."""
    hasil: dict[str, set[str]] = {}
    for f in (ROOT / "src" / "naskah").rglob("*.py"):
        for node in ast.walk(ast.parse(f.read_text(), str(f))):
            if isinstance(node, ast.Import):
                nama = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                nama = [node.module]
            else:
                continue
            for n in nama:
                akar = n.split(".")[0]
                if akar != "naskah" and akar not in sys.stdlib_module_names:
                    hasil.setdefault(akar, set()).add(str(f.relative_to(ROOT)))
    return hasil


def test_setiap_impor_dideklarasikan():
    proyek = _proyek()
    dideklarasikan = {_nama(r) for r in proyek["dependencies"]}
    # the optional parts: the PostgreSQL driver and the verification service (naskah.layanan)
    for bagian in ("postgresql", "layanan"):
        dideklarasikan |= {_nama(r) for r in proyek["optional-dependencies"][bagian]}
    distribusi = packages_distributions()
    hilang = {}
    for modul, berkas in _diimpor().items():
        dist = {_nama(d) for d in distribusi.get(modul, [modul])}
        if not dist & dideklarasikan:
            hilang[modul] = sorted(berkas)
    assert not hilang, hilang


def test_tidak_ada_ketergantungan_yang_tak_dipakai():
    proyek = _proyek()
    semua = [*proyek["dependencies"], *(r for v in proyek["optional-dependencies"].values()
                                         for r in v)]  # fmt: skip
    nama = {_nama(r) for r in semua}
    # profilers are tools, not dependencies; qrcode is declared exactly when naskah imports it
    # itself (render/sertifikat.py), otherwise it comes with pyHanko's `qr` extra
    assert "pyinstrument" not in nama
    assert ("qrcode" in nama) == ("qrcode" in _diimpor())
    assert any(r.startswith("pyhanko[") and "qr" in r for r in proyek["dependencies"])
    # psycopg only as the `postgresql` extra (which `test` includes)
    assert "psycopg" not in {_nama(r) for r in proyek["dependencies"]}
    assert "naskah[postgresql]" in proyek["optional-dependencies"]["test"]


def test_certvalidator_cocok_dengan_pyhanko():
    from importlib.metadata import requires

    kami = next(r for r in _proyek()["dependencies"] if _nama(r) == "pyhanko-certvalidator")
    milik_pyhanko = next(r for r in requires("pyhanko") or [] if "certvalidator" in r)
    batas = lambda r: sorted(re.findall(r"[<>=!~]+[0-9.]+", r))  # noqa: E731
    assert batas(kami) == batas(milik_pyhanko), (kami, milik_pyhanko)


def test_url_postgresql_tanpa_psycopg_satu_kalimat(kantor):
    # the driver is absent for this process only: an import of it fails as when uninstalled
    kode = ("import sys; sys.modules['psycopg'] = None\n"
            "from naskah.cli import main\n"
            "main(['nomor', 'ambil', '-k', 'HK.03.01', '-p', 'Uji tanpa psycopg'])\n")  # fmt: skip
    hasil = subprocess.run(
        [sys.executable, "-c", kode], cwd=kantor, capture_output=True, text=True,
        env=env_naskah(NASKAH_DATABASE_URL="postgresql://naskah@127.0.0.1:9/naskah"),
    )  # fmt: skip
    assert hasil.returncode == 1
    baris = hasil.stderr.strip().splitlines()
    assert len(baris) == 1 and baris[0].startswith("Galat: "), hasil.stderr
    assert "psycopg" in baris[0] and "naskah[postgresql]" in baris[0]
    assert "tak terduga" not in hasil.stderr and "Traceback" not in hasil.stderr
