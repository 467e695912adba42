"""Long-term validation offline: a B-LT or B-LTA file verifies from its embedded validation data
alone once the PKI's OCSP, CRL and TSA services are gone; a file without such data does not
claim it."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from naskah.tte import OpsiTandaTangan, SesiTandaTangan, muat_akar, muat_p12, verifikasi
from tests.tte.conftest import PASS, run_naskah
from tests.tte.pdfbuat import tulis_pdf


def _mati(url: str) -> bool:
    host, port = url.removeprefix("http://").split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return False
    except OSError:
        return True


@pytest.mark.parametrize("tingkat", ["B-LT", "B-LTA"])
def test_ltv_diverifikasi_luring_setelah_pki_mati(
    tingkat: str, pki_sementara, tmp_path: Path
) -> None:
    pki = pki_sementara
    src = tulis_pdf(tmp_path / "surat.pdf", penanda=(340, 300))
    akar = muat_akar([pki.root])
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        opsi = OpsiTandaTangan(tingkat=tingkat, tsa=pki.tsa, akar_tepercaya=akar)
        h = SesiTandaTangan(p, opsi).tandatangani(src)
    toml = tmp_path / "naskah.toml"
    toml.write_text(f'[tte]\nakar_tepercaya = ["{pki.root}"]\n', encoding="utf-8")

    pki.hentikan()
    assert _mati(pki.url)

    lap = verifikasi(h.keluaran, akar, ambil_daring=False)
    assert lap.sah, lap.ke_dict()
    for t in lap.tanda_tangan:
        assert t.ltv_tertanam, t
        assert t.tepercaya and not t.dicabut
    ttd = [t for t in lap.tanda_tangan if t.jenis == "tanda_tangan"]
    assert len(ttd) == 1 and ttd[0].cap_waktu == "sah"
    if tingkat == "B-LTA":
        assert [t.jenis for t in lap.tanda_tangan].count("cap_waktu_dokumen") == 1

    # fetching allowed but the services gone: the embedded data still carries the verdict
    daring = verifikasi(h.keluaran, akar)
    assert daring.sah and all(t.ltv_tertanam for t in daring.tanda_tangan), daring.ke_dict()

    v = run_naskah("--config", str(toml), "tte", "verifikasi", str(h.keluaran), "--luring")
    assert v.returncode == 0, v.stdout + v.stderr
    baris = [b for b in v.stdout.splitlines() if "Data validasi" in b]
    assert len(baris) == (2 if tingkat == "B-LTA" else 1), v.stdout
    assert all("data validasi jangka panjang tertanam (dapat" in b for b in baris), v.stdout
    j = run_naskah(
        "--config", str(toml), "tte", "verifikasi", str(h.keluaran), "--luring", "--json"
    )
    assert j.returncode == 0, j.stdout + j.stderr
    data = json.loads(j.stdout)
    assert data[0]["sah"] and all(t["ltv_tertanam"] for t in data[0]["tanda_tangan"])
    assert all(t["data_validasi"] == "lengkap" for t in data[0]["tanda_tangan"])


def test_b_b_luring_tidak_mengaku_ltv(pki, pdf: Path) -> None:
    akar = muat_akar([pki.root])
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        h = SesiTandaTangan(p).tandatangani(pdf)
    lap = verifikasi(h.keluaran, akar, ambil_daring=False)
    # issue 20 item 7: offline, with nothing embedded, revocation was not checked: not plain
    # SAH but BELUM DAPAT DIPASTIKAN (EU DSS: INDETERMINATE), exit code 3
    assert not lap.sah and lap.status == "belum_pasti", lap.ke_dict()
    assert lap.tanda_tangan[0].pencabutan == "tidak_diperiksa"
    assert not lap.tanda_tangan[0].ltv_tertanam
    assert lap.tanda_tangan[0].data_validasi == "tidak_ada"
    assert verifikasi(h.keluaran, akar).sah  # online, the loopback PKI answers
    toml = pdf.parent / "naskah.toml"
    toml.write_text(f'[tte]\nakar_tepercaya = ["{pki.root}"]\n', encoding="utf-8")
    v = run_naskah("--config", str(toml), "tte", "verifikasi", str(h.keluaran), "--luring")
    assert v.returncode == 3, v.stdout + v.stderr
    assert "BELUM DAPAT DIPASTIKAN" in v.stdout and "TIDAK DAPAT DIPERIKSA" in v.stdout
    assert "tidak ada data validasi jangka panjang" in v.stdout
    assert "jangka panjang tertanam" not in v.stdout


def test_b_t_luring_tidak_mengaku_ltv(pki, pdf: Path) -> None:
    akar = muat_akar([pki.root])
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        h = SesiTandaTangan(p, OpsiTandaTangan(tingkat="B-T", tsa=pki.tsa)).tandatangani(pdf)
    lap = verifikasi(h.keluaran, akar, ambil_daring=False)
    assert lap.status == "belum_pasti", lap.ke_dict()  # revocation not checked offline
    assert not lap.tanda_tangan[0].ltv_tertanam


def test_dss_tanpa_data_penandatangan_tidak_mengaku_ltv(pki, pdf: Path, tmp_path: Path) -> None:
    """A DSS holding only the intermediate CA's CRL (no OCSP response for the signer) is not
    enough for long-term validation, although it does carry revocation data."""
    import io
    import urllib.request

    from asn1crypto import crl as asn1_crl
    from asn1crypto import x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import DocumentSecurityStore

    akar = muat_akar([pki.root])
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        h = SesiTandaTangan(p).tandatangani(pdf)
    interm: x509.Certificate = pki.arch.get_cert("interm")
    (url_crl,) = interm.crl_distribution_points[0]["distribution_point"].native
    with urllib.request.urlopen(url_crl, timeout=10) as r:
        crl = asn1_crl.CertificateList.load(r.read())
    data = h.keluaran.read_bytes()
    emb = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    w = IncrementalPdfFileWriter(io.BytesIO(data))
    DocumentSecurityStore.supply_dss_in_writer(w, emb.pkcs7_content, certs=[interm], crls=[crl])
    out = io.BytesIO()
    w.write(out)
    tambah = tmp_path / "dss-sebagian.pdf"
    tambah.write_bytes(out.getvalue())
    assert b"/CRLs" in out.getvalue()

    lap = verifikasi(tambah, akar, ambil_daring=False)
    # valid (soft-fail offline), but the signer's revocation is not provable: not plain SAH
    assert lap.status == "belum_pasti", lap.ke_dict()
    assert not lap.tanda_tangan[0].ltv_tertanam
    assert lap.tanda_tangan[0].data_validasi == "tidak_lengkap"
