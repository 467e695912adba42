"""Package layering: a package imports only those below it (reference/style.md)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

# package → naskah packages it must never pull in
_DI_ATAS = {
    "naskah.render": ["naskah.tte", "naskah.arsip", "naskah.cari", "naskah.terbit", "naskah.cli"],
    "naskah.tte": ["naskah.arsip", "naskah.terbit", "naskah.layanan", "naskah.cli"],
    "naskah.arsip": ["naskah.render", "naskah.terbit", "naskah.layanan", "naskah.cli"],
    "naskah.cari": ["naskah.arsip", "naskah.terbit", "naskah.layanan", "naskah.cli"],
}


@pytest.mark.parametrize("paket", sorted(_DI_ATAS))
def test_paket_tidak_mengimpor_paket_di_atasnya(paket: str) -> None:
    kode = f"import sys, json, {paket}; print(json.dumps(sorted(sys.modules)))"
    p = subprocess.run([sys.executable, "-c", kode], capture_output=True, text=True, check=True)
    dimuat = json.loads(p.stdout)
    terlarang = [
        m for m in dimuat for atas in _DI_ATAS[paket] if m == atas or m.startswith(atas + ".")
    ]
    assert not terlarang, f"{paket} mengimpor {terlarang}"


# -- who writes what ---------------------------------------------------------------------------

SRC = Path(__file__).resolve().parents[1] / "src" / "naskah"
_TABEL_REGISTER = {"nomor", "jejak"}
_SQL_TULIS = re.compile(r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(nomor|jejak)\b")


def _nama(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _tulisan_register(path: Path) -> list[str]:
    """Return the writes to ``nomor``/``jejak`` in one module: SQLAlchemy ``insert``/``update``/
    ``delete`` of those tables, SQL text writing them, or an import of the audit table."""
    pohon = ast.parse(path.read_text(encoding="utf-8"))
    temuan = []
    for node in ast.walk(pohon):
        if isinstance(node, ast.Call) and _nama(node.func) in ("insert", "update", "delete"):
            if node.args and _nama(node.args[0]) in _TABEL_REGISTER:
                temuan.append(
                    f"{path.name}:{node.lineno} {_nama(node.func)}({_nama(node.args[0])})"
                )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _SQL_TULIS.search(node.value):
                temuan.append(f"{path.name}:{node.lineno} SQL {node.value[:40]!r}")
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module == "naskah.register.skema"
            and any(a.name == "jejak" for a in node.names)
        ):
            temuan.append(f"{path.name}:{node.lineno} impor tabel jejak")
    return temuan


def test_hanya_register_yang_menulis_nomor_dan_jejak() -> None:
    # the register package is the only writer of the numbers and the audit log; others call
    # its verbs (naskah.register.catat) inside their transaction
    temuan = [
        t
        for path in sorted(SRC.rglob("*.py"))
        if "register" not in path.relative_to(SRC).parts[:1]
        for t in _tulisan_register(path)
    ]
    assert not temuan, f"menulis tabel register di luar naskah.register: {temuan}"


_JAM_DINDING = re.compile(r"\b(?:datetime\.(?:now|utcnow|today)|date\.today)\(")


def test_hanya_naskah_jam_yang_membaca_jam_dinding() -> None:
    # one clock: everything else takes naskah.jam's (or an injected one), so tests can set it
    temuan = [
        f"{path.relative_to(SRC)}:{no}"
        for path in sorted(SRC.rglob("*.py"))
        if path.relative_to(SRC).as_posix() != "jam.py"
        for no, baris in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _JAM_DINDING.search(baris.split("#", 1)[0])
    ]
    assert not temuan, f"membaca jam dinding di luar naskah.jam: {temuan}"


def test_pemeriksa_tulisan_register_mengenali_tulisan(tmp_path: Path) -> None:
    # the check above would see the archive's old direct writes
    contoh = tmp_path / "contoh.py"
    contoh.write_text(
        "from naskah.register.skema import jejak, nomor\n"
        "conn.execute(insert(jejak), {})\n"
        "conn.execute(update(nomor).values(keadaan='terpakai'))\n"
        "conn.exec_driver_sql('UPDATE nomor SET keadaan = 1')\n",
        encoding="utf-8",
    )
    assert len(_tulisan_register(contoh)) == 4


# -- the archive's one door --------------------------------------------------------------------


def _impor_naskah(path: Path, *, saat_jalan: bool = False) -> list[tuple[int, str]]:
    """Return (line, module) of the naskah imports of ``path``; with ``saat_jalan`` only those
    run at import time (not the ones under ``if TYPE_CHECKING:``, which never run)."""
    pohon = ast.parse(path.read_text(encoding="utf-8"))
    abaikan: set[int] = set()
    if saat_jalan:
        for node in ast.walk(pohon):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                abaikan |= {id(n) for b in node.body for n in ast.walk(b)}
    out = []
    for node in ast.walk(pohon):
        if id(node) in abaikan:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("naskah"):
            out.append((node.lineno, node.module))
            # `from naskah.arsip import katalog` imports the module naskah.arsip.katalog
            paket = SRC.parent / Path(*node.module.split("."))
            out += [
                (node.lineno, f"{node.module}.{a.name}")
                for a in node.names
                if (paket / f"{a.name}.py").is_file()
            ]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("naskah")]
    return out


@pytest.mark.parametrize("paket", ["terbit", "layanan"])
def test_terbit_dan_layanan_hanya_memakai_pintu_arsip(paket: str) -> None:
    # the archive's public verbs (naskah.arsip), never its modules, tables or private parts
    temuan = [
        f"{path.relative_to(SRC)}:{baris} {modul}"
        for path in sorted((SRC / paket).rglob("*.py"))
        for baris, modul in _impor_naskah(path)
        if modul.startswith("naskah.arsip.")
    ]
    assert not temuan, f"{paket} memakai bagian dalam arsip: {temuan}"


def test_tidak_ada_siklus_impor_di_arsip() -> None:
    graf: dict[str, set[str]] = {}
    for path in (SRC / "arsip").glob("*.py"):
        nama = f"naskah.arsip.{path.stem}"
        graf[nama] = {
            m for _, m in _impor_naskah(path, saat_jalan=True) if m.startswith("naskah.arsip.")
        }
    # the package itself re-exports; a cycle is between the modules
    dikunjungi: dict[str, int] = {}

    def jalan(m: str, jejak: tuple[str, ...]) -> None:
        if dikunjungi.get(m) == 2:
            return
        assert dikunjungi.get(m) != 1, f"siklus impor di arsip: {' -> '.join((*jejak, m))}"
        dikunjungi[m] = 1
        for n in graf.get(m, ()):
            jalan(n, (*jejak, m))
        dikunjungi[m] = 2

    for m in sorted(graf):
        jalan(m, ())


def test_berkas_arsip_tidak_lebih_dari_500_baris() -> None:
    panjang = {
        p.name: len(p.read_text(encoding="utf-8").splitlines())
        for p in (SRC / "arsip").glob("*.py")
    }
    assert all(n <= 500 for n in panjang.values()), panjang
