"""Fixtures for the TTE tests: a real certomancer PKI served on loopback, PKCS#12 files,
test PDFs, SoftHSM2 tokens and helpers that check outputs with poppler's pdfsig and qpdf."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from certomancer.integrations.animator import Animator, AnimatorArchStore
from certomancer.registry import CertomancerConfig
from werkzeug.serving import make_server

from tests.tte.pdfbuat import tulis_pdf

HERE = Path(__file__).parent
REPO = HERE.parent.parent
SRC = REPO / "src"
PKI_CONFIG = HERE / "pki" / "certomancer.yml"
PASS = b"sandi-uji-123"


@dataclass
class PKI:
    """The running test PKI: URLs and a way to package signers as PKCS#12."""

    arch: object
    url: str
    folder: Path
    hentikan: Callable[[], None] = lambda: None
    """Stop serving: OCSP, CRL and TSA requests are refused from then on."""

    @property
    def tsa(self) -> str:
        return f"{self.url}/uji/tsa/tsa"

    def cert_pem(self, label: str) -> Path:
        from asn1crypto import pem

        p = self.folder / f"{label}.crt.pem"
        if not p.exists():
            p.write_bytes(pem.armor("CERTIFICATE", self.arch.get_cert(label).dump()))
        return p

    @property
    def root(self) -> Path:
        return self.cert_pem("root")

    def p12(self, label: str, passphrase: bytes = PASS) -> Path:
        p = self.folder / f"{label}.p12"
        if not p.exists():
            p.write_bytes(self.arch.package_pkcs12(label, password=passphrase))
        return p


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def layani_pki(folder: Path):
    """Serve the certomancer PKI (OCSP, CRL, TSA) over HTTP on 127.0.0.1 in a thread."""
    holder: dict[str, object] = {}

    def app(environ, start_response):  # type: ignore[no-untyped-def]
        return holder["app"](environ, start_response)  # type: ignore[operator]

    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    cfg = CertomancerConfig.from_file(str(PKI_CONFIG), external_url_prefix=url)
    arch = cfg.get_pki_arch("uji")
    holder["app"] = Animator(AnimatorArchStore(cfg.pki_archs), with_web_ui=False)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    berhenti = False

    def hentikan() -> None:
        nonlocal berhenti
        if not berhenti:
            berhenti = True
            server.shutdown()
            server.server_close()  # the port refuses connections from now on
            thread.join(5)

    try:
        yield PKI(arch, url, folder, hentikan)
    finally:
        hentikan()


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory):
    """The test PKI, served for the whole session."""
    with layani_pki(tmp_path_factory.mktemp("pki")) as p:
        yield p


@pytest.fixture()
def pki_sementara(tmp_path: Path):
    """A PKI served only for one test, which may stop it (``pki_sementara.hentikan()``)."""
    folder = tmp_path / "pki"
    folder.mkdir()
    with layani_pki(folder) as p:
        yield p


@pytest.fixture()
def pdf(tmp_path: Path) -> Path:
    """A one-page PDF with the [[TTE]] marker in its signature block."""
    return tulis_pdf(tmp_path / "surat.pdf", penanda=(340, 300))


@pytest.fixture()
def naskah_toml(tmp_path: Path, pki: PKI) -> Path:
    """A naskah.toml trusting the test root, with the test TSA and a verification URL."""
    p = tmp_path / "naskah.toml"
    p.write_text(
        "[tte]\n"
        f'url_verifikasi = "https://bpmp.example.go.id/verifikasi/{{id}}"\n'
        f'akar_tepercaya = ["{pki.root}"]\n'
        f'tsa = "{pki.tsa}"\n',
        encoding="utf-8",
    )
    return p


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_naskah(*args: str, cwd: Path | None = None, env: dict | None = None, **kw):
    """Run ``python -m naskah ARGS`` in a subprocess and return the CompletedProcess."""
    e = dict(os.environ)
    e["PYTHONPATH"] = str(SRC) + os.pathsep + e.get("PYTHONPATH", "")
    if env:
        e.update(env)
    return subprocess.run(
        [sys.executable, "-m", "naskah", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=e,
        timeout=120,
        **kw,
    )


@dataclass
class PdfsigSig:
    field: str
    signer: str
    valid: bool
    total: bool
    validation: str
    jenis: str


def pdfsig(path: Path) -> list[PdfsigSig]:
    """Run poppler's pdfsig and parse one entry per signature (exit code is not trusted)."""
    assert shutil.which("pdfsig"), "poppler-utils (pdfsig) harus terpasang"
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60)
    text = out.stdout + out.stderr
    blocks = re.split(r"^Signature #\d+:\s*$", text, flags=re.M)[1:]
    hasil = []
    for b in blocks:
        field = re.search(r"Signature Field Name: (.*)", b)
        signer = re.search(r"Signer Certificate Common Name: (.*)", b)
        val = re.search(r"Signature Validation: (.*)", b)
        jenis = re.search(r"Signature Type: (.*)", b)
        hasil.append(
            PdfsigSig(
                field=field.group(1).strip() if field else "",
                signer=signer.group(1).strip() if signer else "",
                valid=bool(val and val.group(1).strip() == "Signature is Valid."),
                total="Total document signed" in b,
                validation=val.group(1).strip() if val else "",
                jenis=jenis.group(1).strip() if jenis else "",
            )
        )
    return hasil


def qpdf_ok(path: Path) -> bool:
    assert shutil.which("qpdf"), "qpdf harus terpasang"
    out = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, timeout=60)
    # exit 0 = ok, 3 = warnings only; 2 = errors
    return out.returncode in (0, 3) and "No syntax or stream encoding errors" in out.stdout


def periksa_luar(path: Path, jumlah: int | None = None) -> list[PdfsigSig]:
    """Check a signed output outside Python: every signature valid for pdfsig, qpdf clean."""
    sigs = pdfsig(path)
    assert sigs, f"pdfsig tidak menemukan tanda tangan di {path}"
    if jumlah is not None:
        assert len(sigs) == jumlah, sigs
    for s in sigs:
        if s.field.startswith("Timestamp-") and s.jenis in ("ETSI.RFC3161", "unknown"):
            # poppler does not verify document timestamps ("not yet been verified"); naskah's
            # own verification covers them.
            continue
        assert s.valid, f"pdfsig: {s}"
    assert any(not s.field.startswith("Timestamp-") for s in sigs)
    assert qpdf_ok(path), f"qpdf --check gagal untuk {path}"
    return sigs
