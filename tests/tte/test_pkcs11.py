"""PKCS#11 signing with a real SoftHSM2 token (Debian softhsm2)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from naskah.errors import TTEError
from naskah.tte import OpsiTandaTangan, SesiTandaTangan, buka_pkcs11, muat_akar, verifikasi
from tests.tte.conftest import periksa_luar, run_naskah, sha256
from tests.tte.pdfbuat import tulis_pdf

LIB = Path("/usr/lib/softhsm/libsofthsm2.so")
PIN = "24681357"
TOKEN = "naskah-uji"


@pytest.fixture(scope="module")
def softhsm(pki, tmp_path_factory: pytest.TempPathFactory):
    """A SoftHSM2 token holding the pejabat's key and certificate (config in a temp folder)."""
    assert LIB.is_file() and shutil.which("softhsm2-util"), "softhsm2 harus terpasang"
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    lama = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    env = dict(os.environ)
    subprocess.run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            TOKEN,
            "--pin",
            PIN,
            "--so-pin",
            "13572468",
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    key = Path(__file__).parent / "pki" / "keys" / "pejabat.key.pem"
    subprocess.run(
        [
            "softhsm2-util",
            "--import",
            str(key),
            "--token",
            TOKEN,
            "--label",
            "pejabat",
            "--id",
            "01",
            "--pin",
            PIN,
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    lib = pkcs11.lib(str(LIB))
    tok = lib.get_token(token_label=TOKEN)
    with tok.open(rw=True, user_pin=PIN) as s:
        for label in ("pejabat", "interm"):
            cert = pki.arch.get_cert(label)
            s.create_object(
                {
                    Attribute.SUBJECT: cert.subject.dump(),
                    Attribute.ISSUER: cert.issuer.dump(),
                    Attribute.SERIAL_NUMBER: cert["tbs_certificate"]["serial_number"].dump(),
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: label,
                    Attribute.ID: b"\x01" if label == "pejabat" else b"\x02",
                    Attribute.VALUE: cert.dump(),
                }
            )
    yield conf
    if lama is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = lama


def test_pkcs11_batch(softhsm, pki, tmp_path: Path) -> None:
    files = [tulis_pdf(tmp_path / f"t{i}.pdf") for i in range(2)]
    with buka_pkcs11(LIB, TOKEN, PIN, label_kunci="pejabat") as p:
        hasil = SesiTandaTangan(p, OpsiTandaTangan()).tandatangani_banyak(files)
    akar = muat_akar([pki.root])
    for h in hasil:
        lap = verifikasi(h.keluaran, akar)  # online: the loopback PKI answers
        assert lap.sah, lap.ke_dict()
        assert lap.tanda_tangan[0].penandatangan == "Dr. Budi Santoso, M.Pd."
        periksa_luar(h.keluaran, jumlah=1)


def test_pkcs11_pin_salah(softhsm) -> None:
    with pytest.raises(TTEError, match="PIN token"):
        buka_pkcs11(LIB, TOKEN, "00000000", label_kunci="pejabat")


def test_pkcs11_label_salah(softhsm) -> None:
    with pytest.raises(TTEError, match="tidak ada di token"):
        buka_pkcs11(LIB, TOKEN, PIN, label_kunci="tidak-ada")


def test_cli_pkcs11_pin_ditanya_dan_pin_salah(softhsm, pki, tmp_path: Path) -> None:
    pdf = tulis_pdf(tmp_path / "token.pdf")
    args = [
        "tte",
        "tandatangani",
        str(pdf),
        "--pkcs11-lib",
        str(LIB),
        "--token",
        TOKEN,
        "--kunci",
        "pejabat",
    ]
    env = {"SOFTHSM2_CONF": str(softhsm)}
    sebelum = sha256(pdf)
    r = run_naskah(*args, cwd=tmp_path, env=env, input="11111111\n")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "Galat: PIN token" in r.stderr and "11111111" not in r.stderr
    assert sha256(pdf) == sebelum and not (tmp_path / "token-ttd.pdf").exists()
    r = run_naskah(*args, cwd=tmp_path, env=env, input=PIN + "\n")
    assert r.returncode == 0, r.stderr
    periksa_luar(tmp_path / "token-ttd.pdf", jumlah=1)
