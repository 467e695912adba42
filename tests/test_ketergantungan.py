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


def _kunci(nama_berkas: str) -> dict[str, str]:
    """Return package → exact version pinned by one lock file of requirements/ for this Python.

    The lock is universal: a package may be pinned twice, each with an environment marker
    (numpy for Python < 3.12 and for 3.12 up); the pin whose marker this interpreter meets counts.
    """
    from packaging.markers import Marker

    pin = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)(?: ; ([^\\]+))?")
    hasil = {}
    for baris in (ROOT / "requirements" / nama_berkas).read_text().splitlines():
        m = pin.match(baris)
        if m and (m.group(3) is None or Marker(m.group(3).strip()).evaluate()):
            hasil[_nama(m.group(1))] = m.group(2)
    return hasil


def _dibutuhkan(bagian: tuple[str, ...]) -> list:
    """Return the requirements of the main install plus the named extras (self-references out)."""
    from packaging.requirements import Requirement

    proyek = _proyek()
    tampung, antre, dilihat = [], list(bagian), set()
    semua = [Requirement(r) for r in proyek["dependencies"]]
    while antre:
        b = antre.pop()
        if b in dilihat:
            continue
        dilihat.add(b)
        for r in map(Requirement, proyek["optional-dependencies"][b]):
            if _nama(r.name) == "naskah":
                antre.extend(r.extras)
            else:
                semua.append(r)
    for r in semua:
        if r.marker is None or r.marker.evaluate({"extra": ""}):
            tampung.append(r)
    return tampung


def test_kunci_memenuhi_rentang_pyproject():
    """Each lock pins every declared dependency at a version pyproject.toml's range admits."""
    for berkas, bagian in (("utama.txt", ("layanan", "postgresql")), ("uji.txt", ("test", "dev"))):
        kunci = _kunci(berkas)
        salah = {
            str(r): kunci.get(_nama(r.name), "tidak ada")
            for r in _dibutuhkan(bagian)
            if _nama(r.name) not in kunci or not r.specifier.contains(kunci[_nama(r.name)], True)
        }
        assert not salah, (berkas, salah)


def test_kunci_utama_sama_dengan_kunci_uji():
    """The main install runs the versions the tests ran: utama.txt is a subset of uji.txt."""
    utama, uji = _kunci("utama.txt"), _kunci("uji.txt")
    beda = {p: (v, uji.get(p)) for p, v in utama.items() if uji.get(p) != v}
    assert not beda, beda


def test_kunci_berhash_dan_terpasang_sesuai():
    """Every pin carries hashes, and this environment runs exactly the locked versions."""
    from importlib.metadata import PackageNotFoundError, version

    from packaging.version import Version

    teks = (ROOT / "requirements" / "uji.txt").read_text()
    for blok in re.split(r"\n(?=[A-Za-z0-9])", teks):
        if "==" in blok.split("\n", 1)[0]:
            assert "--hash=sha256:" in blok, blok.split("\n", 1)[0]
    lain = {}
    for paket, versi in _kunci("uji.txt").items():
        try:
            terpasang = version(paket)
        except PackageNotFoundError:
            continue  # a marker excluded it on this platform (colorama on Windows, …)
        if Version(terpasang) != Version(versi):
            lain[paket] = (versi, terpasang)
    assert not lain, lain


def test_whoosh_dan_pyhanko_dipasak_persis():
    """Libraries whose internals naskah replaces or reads are pinned to one exact version."""
    deps = {_nama(r): r for r in _proyek()["dependencies"]}
    assert re.search(r"==2\.7\.5\b", deps["whoosh-reloaded"])
    assert re.search(r"==0\.38\.0\b", deps["pyhanko"])
