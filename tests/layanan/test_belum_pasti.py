"""The public page on an upload whose signature is intact but whose certificate's revocation
cannot be established (the PKI's CRL and OCSP unreachable): the archive's verdict when this
exact file is archived, else the amber BELUM DAPAT DIPASTIKAN, never SAH and never TIDAK SAH.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import httpx
import pytest

from naskah.arsip import Arsip, NaskahTerbit, OpsiArsip
from naskah.loader import muat_dokumen
from naskah.register import buka_register
from tests.arsip.conftest import EXAMPLES, PEJABAT, bernomor
from tests.layanan.conftest import URL_QR, mulai_server, tulis_toml
from tests.tte.conftest import PASS, layani_pki
from tests.tte.pdfbuat import buat_pdf, catatan_untuk

ID_ARSIP = "keputusan-pki-diarsipkan-01"
ID_LUAR = "keputusan-pki-tak-diarsip-01"


def _putusan(teks: str) -> str:
    m = re.search(r'<span class="judul">([^<]*)</span>', teks)
    assert m is not None, teks
    return m.group(1)


def _unggah(url: str, p: Path) -> httpx.Response:
    r = httpx.post(
        url + "/periksa", files={"berkas": (p.name, p.read_bytes(), "application/pdf")}, timeout=60
    )
    assert r.status_code == 200
    return r


def _tandatangani(pki, masukan: Path, nama: str, ident: str) -> Path:  # type: ignore[no-untyped-def]
    """Sign a PDF with the test PKI's "Dr. Jarwoko, M.Pd." (CRL and OCSP URLs of the PKI)."""
    from naskah.tte import OpsiTandaTangan, SesiTandaTangan, muat_p12

    asli = masukan / nama.replace(".pdf", "-asli.pdf")
    catatan = catatan_untuk(PEJABAT.split(",")[0].removeprefix("Dr. "), PEJABAT)
    asli.write_bytes(buat_pdf(f"Keputusan {ident}", catatan=catatan))
    with muat_p12(pki.p12("jarwoko"), PASS) as p:
        opsi = OpsiTandaTangan(keluaran=masukan, url_verifikasi=URL_QR)  # type: ignore[call-arg]
        return SesiTandaTangan(p, opsi).tandatangani(asli, masukan / nama, id_dok=ident).keluaran


@pytest.fixture()
def pki_sementara(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The test PKI, served for this test only (which stops it)."""
    (tmp_path / "pki").mkdir()
    with layani_pki(tmp_path / "pki") as p:
        yield p


def test_pencabutan_tak_terperiksa(pki_sementara, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pki = pki_sementara
    folder = tmp_path / "kantor"
    k = tulis_toml(folder, "batas_permintaan = 100000\n")
    masukan = folder / "masukan"
    masukan.mkdir()
    shutil.copy(pki.root, masukan / "pejabat.pem")  # the office trusts the test PKI's root
    diarsip = _tandatangani(pki, masukan, "diarsip.pdf", ID_ARSIP)
    luar = _tandatangani(pki, masukan, "luar.pdf", ID_LUAR)
    reg = buka_register(k)
    arsip = Arsip(k, register=reg, opsi=OpsiArsip(indeks=False))
    try:
        m = muat_dokumen(EXAMPLES / "keputusan-bpmp-kaltim-2024.yaml", k)
        no = reg.ambil("naskah", klasifikasi=str(m.klasifikasi), tanggal=m.tanggal, perihal="u")
        arsip.simpan(
            NaskahTerbit(bernomor(m, no.teks, m.tanggal), ttd=diarsip, id_verifikasi=ID_ARSIP)
        )
    finally:
        arsip.tutup()
        reg.tutup()
    pki.hentikan()  # CRL and OCSP requests are refused from now on
    for s in mulai_server(folder):
        qr = httpx.get(f"{s.url}/verifikasi/{ID_ARSIP}", timeout=30)
        assert qr.status_code == 200

        # archived: the archive's verdict, the same as the QR page's
        r = _unggah(s.url, diarsip)
        assert _putusan(r.text) == _putusan(qr.text) == "ASLI DAN BERLAKU"
        assert f'href="/verifikasi/{ID_ARSIP}"' in r.text
        # not archived: intact, revocation unknown, not this office's file
        r = _unggah(s.url, luar)
        assert _putusan(r.text) == "BELUM DAPAT DIPASTIKAN"
        assert "status pencabutan" in r.text and "tidak ada dalam arsip kantor" in r.text
        assert "peringatan" in r.text
