"""Tampering and bad certificates: naskah (and pdfsig where it can tell) report them."""

from __future__ import annotations

import io
import json
from pathlib import Path

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from naskah.tte import SesiTandaTangan, muat_akar, muat_p12, verifikasi
from tests.tte.conftest import PASS, pdfsig, run_naskah
from tests.tte.pdfbuat import catatan_untuk, tulis_pdf

NAMA_LABEL = {
    "dicabut": "Pejabat Dicabut",
    "kedaluwarsa": "Pejabat Kedaluwarsa",
    "tanpa-nr": "Pejabat Tanpa Nirsangkal",
}


def _tandatangani(pki, pdf: Path, label: str = "pejabat", periksa: bool = True) -> Path:
    if label in NAMA_LABEL:  # the document names that certificate's holder as its signer
        tulis_pdf(pdf, penanda=(340, 300), catatan=catatan_untuk(NAMA_LABEL[label]))
    with muat_p12(pki.p12(label), PASS, periksa=periksa) as p:
        return _sesi(p, periksa).tandatangani(pdf).keluaran


def _sesi(p, periksa: bool) -> SesiTandaTangan:
    if periksa:
        return SesiTandaTangan(p)
    # bypass the signing-time certificate check to produce a signature by an expired certificate
    import naskah.tte.sign as sign_mod

    asli = sign_mod.periksa_sertifikat
    sign_mod.periksa_sertifikat = lambda *a, **k: None
    try:
        return SesiTandaTangan(p)
    finally:
        sign_mod.periksa_sertifikat = asli


def test_byte_dibalik_dalam_rentang(pki, pdf: Path) -> None:
    out = _tandatangani(pki, pdf)
    data = bytearray(out.read_bytes())
    pos = data.index(b"Demikian")
    assert pos < data.index(b"/ByteRange")  # inside the first signed range
    data[pos] ^= 0x20  # 'D' -> 'd'
    out.write_bytes(bytes(data))
    lap = verifikasi(out, muat_akar([pki.root]), ambil_daring=False)
    assert not lap.sah
    (t,) = lap.tanda_tangan
    assert not t.utuh and any("digest" in m for m in t.masalah)
    (s,) = pdfsig(out)
    assert not s.valid and "Digest Mismatch" in s.validation
    r = run_naskah("tte", "verifikasi", str(out), "--json", cwd=out.parent)
    assert r.returncode == 1
    assert json.loads(r.stdout)[0]["tanda_tangan"][0]["utuh"] is False


def test_pembaruan_bertahap_mengubah_isi(pki, pdf: Path) -> None:
    out = _tandatangani(pki, pdf)
    w = IncrementalPdfFileWriter(io.BytesIO(out.read_bytes()))
    page = w.root["/Pages"]["/Kids"][0].get_object()
    baru = generic.StreamObject(stream_data=b"BT /F1 14 Tf 72 760 Td (Isi palsu) Tj ET")
    page["/Contents"] = w.add_object(baru)
    w.update_container(page)
    buf = io.BytesIO()
    w.write(buf)
    out.write_bytes(buf.getvalue())
    lap = verifikasi(out, muat_akar([pki.root]), ambil_daring=False)
    assert not lap.sah
    (t,) = lap.tanda_tangan
    assert t.utuh and not t.seluruh_dokumen  # the signed revision itself is intact ...
    assert t.perubahan == "perubahan_lain"  # ... but the page was changed afterwards
    assert any("diubah setelah ditandatangani" in m for m in t.masalah)
    (s,) = pdfsig(out)
    assert s.valid and not s.total  # pdfsig: valid, but not the whole document


def test_penandatangan_dicabut(pki, pdf: Path) -> None:
    out = _tandatangani(pki, pdf, "dicabut")
    lap = verifikasi(out, muat_akar([pki.root]))  # fetches OCSP/CRL from the loopback PKI
    (t,) = lap.tanda_tangan
    assert t.utuh and t.dicabut and not t.sah
    assert "sertifikat penandatangan telah dicabut" in t.masalah
    r = run_naskah("tte", "verifikasi", str(out), cwd=out.parent)
    assert r.returncode == 1


def test_penandatangan_kedaluwarsa(pki, pdf: Path) -> None:
    out = _tandatangani(pki, pdf, "kedaluwarsa", periksa=False)
    lap = verifikasi(out, muat_akar([pki.root]), ambil_daring=False)
    (t,) = lap.tanda_tangan
    assert t.utuh and t.kedaluwarsa and not t.sah
    assert "sertifikat penandatangan sudah kedaluwarsa" in t.masalah


def test_tanpa_nirsangkal_dilaporkan(pki, pdf: Path) -> None:
    out = _tandatangani(pki, pdf, "tanpa-nr", periksa=False)
    lap = verifikasi(out, muat_akar([pki.root]), ambil_daring=False)
    (t,) = lap.tanda_tangan
    assert t.utuh and not t.sah
