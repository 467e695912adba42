"""Matching a certificate holder with the signer record: NIP first, else the name without
titles; a mismatch is refused at signing and is not SAH at verification."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from naskah.catatan_ttd import Pemegang, Pihak, cocokkan, normalisasi_nama
from naskah.errors import TTEError
from naskah.tte import OpsiTandaTangan, SesiTandaTangan, muat_akar, muat_p12, verifikasi
from tests.tte.conftest import PASS, periksa_luar, run_naskah, sha256

TOMY = Pihak("Tomy Haridjaya", "Dr. Tomy Haridjaya, S.Sos., M.M.", "197010192002121002", "Kepala")


@pytest.mark.parametrize(
    ("nama", "harap"),
    [
        ("Dr. Tomy Haridjaya, S.Sos., M.M.", "tomy haridjaya"),
        ("  TOMY   HARIDJAYA ", "tomy haridjaya"),
        ("Prof. Dr. Ir. H. Budi Santoso, M.Pd.", "budi santoso"),
        ("Drs. Siti Aminah", "siti aminah"),
    ],
)
def test_normalisasi_nama(nama: str, harap: str) -> None:
    assert normalisasi_nama(nama) == harap


def test_nip_menentukan_bila_ada() -> None:
    assert cocokkan(Pemegang("TOMY HARIDJAYA", "197010192002121002"), TOMY).cocok
    # same name, another NIP: another person
    k = cocokkan(Pemegang("Dr. Tomy Haridjaya", "197003191997031001"), TOMY)
    assert not k.cocok and k.dasar == "nip"
    # issue 20 item 4: the record holds a NIP, so the certificate must carry it; the same
    # name with a 16-digit NIK, or with no number at all, is not the official
    k = cocokkan(Pemegang("Tomy Haridjaya", "6271031910700002"), TOMY)
    assert not k.cocok and k.dasar == "nip"
    k = cocokkan(Pemegang("TOMY HARIDJAYA"), TOMY)
    assert not k.cocok and k.dasar == "nip"
    assert not cocokkan(Pemegang("Jarwoko"), TOMY).cocok
    # the name decides only when the record holds no NIP, and the answer says so
    tanpa_nip = Pihak(nama="Tomy Haridjaya", nama_lengkap="Dr. Tomy Haridjaya")
    k = cocokkan(Pemegang("TOMY HARIDJAYA", "6271031910700002"), tanpa_nip)
    assert k.cocok and k.dasar == "nama"


def test_paraf_oleh_bukan_verifikator_ditolak(pki, pdf: Path) -> None:
    sebelum = sha256(pdf)
    with muat_p12(pki.p12("pejabat"), PASS) as p:  # the pejabat is not the recorded verifikator
        sesi = SesiTandaTangan(p, OpsiTandaTangan(peran="paraf", tanpa_catatan=True))
        with pytest.raises(TTEError, match="harus diparaf oleh Siti Aminah, S.E."):
            sesi.tandatangani(pdf)  # tanpa_catatan never overrides an existing record
    assert sha256(pdf) == sebelum and not list(pdf.parent.glob("*-ttd.pdf"))


def test_tanda_tangan_orang_lain_tidak_sah(pki, pdf: Path, tmp_path: Path) -> None:
    """Signed outside naskah by someone the record does not name: verification says not SAH."""
    signer = signers.SimpleSigner.load_pkcs12(str(pki.p12("verifikator")), passphrase=PASS)
    out = tmp_path / "lain.pdf"
    w = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()))
    buf = io.BytesIO()
    signers.sign_pdf(w, signers.PdfSignatureMetadata(field_name="TTE"), signer=signer, output=buf)
    out.write_bytes(buf.getvalue())
    lap = verifikasi(out, muat_akar([pki.root]), ambil_daring=False)
    (t,) = lap.tanda_tangan
    assert t.utuh and t.tepercaya and t.seluruh_dokumen  # cryptographically fine ...
    assert t.sesuai_catatan is False and not t.sah and not lap.sah  # ... but not the signer
    assert t.tercatat == "Dr. Budi Santoso, M.Pd."
    assert any("bukan Dr. Budi Santoso, M.Pd." in m for m in t.masalah), t.masalah
    r = run_naskah("tte", "verifikasi", str(out), "--luring", cwd=tmp_path)
    assert r.returncode == 1 and "Sesuai naskah : TIDAK" in r.stdout, r.stdout


def test_wakil_plh_di_cap_dan_catatan(pki, tmp_path: Path) -> None:
    """A deputy signs as printed: the record keeps the form, the stamp shows Plh. <office>."""
    from types import SimpleNamespace

    from naskah.catatan_ttd import metadata_dokumen
    from naskah.models import Pejabat
    from tests.tte.pdfbuat import tulis_pdf
    from tests.tte.test_tandatangani import _teks_ap

    dok = SimpleNamespace(
        jenis="surat_tugas",
        nomor="0007/C7.99/KP.04.05/2026",
        tanggal=None,
        untuk=["Menjadi narasumber"],
        penandatangan=Pejabat(
            nama="Budi Santoso",
            gelar_depan="Dr.",
            gelar_belakang="M.Pd.",
            jabatan="Kepala Subbagian Umum",
        ),  # fmt: skip
        mewakili=SimpleNamespace(bentuk="Plh.", jabatan="Kepala BPMP Provinsi Uji"),
    )
    meta = metadata_dokumen(dok)
    assert meta.catatan is not None and meta.catatan.bentuk == "Plh. Kepala BPMP Provinsi Uji"
    src = tulis_pdf(tmp_path / "plh.pdf", penanda=(340, 300), catatan=meta.catatan)
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        h = SesiTandaTangan(p, OpsiTandaTangan(tampak=True)).tandatangani(src)
    teks = _teks_ap(h.keluaran, 0)
    assert "Dr. Budi Santoso, M.Pd." in teks and "Plh. Kepala BPMP Provinsi Uji" in teks, teks
    periksa_luar(h.keluaran, jumlah=1)


def test_catatan_diubah_setelah_paraf(pki, pdf: Path) -> None:
    """The record is fixed by the first signature: re-addressing the document to another
    pejabat between paraf and signature is refused at signing and not SAH at verification."""
    from pyhanko.pdf_utils import generic

    from naskah.catatan_ttd import MetadataPdf, buat_xmp
    from tests.tte.pdfbuat import catatan_untuk

    with muat_p12(pki.p12("verifikator"), PASS) as p:
        SesiTandaTangan(p, OpsiTandaTangan(peran="paraf", timpa=True)).tandatangani(pdf)
    # an attacker appends an update naming the verifikator as the one who signs
    w = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()))
    palsu = catatan_untuk("Siti Aminah", "Siti Aminah, S.E.")
    xmp = generic.StreamObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Metadata"),
            generic.NameObject("/Subtype"): generic.NameObject("/XML"),
        },
        stream_data=buat_xmp(MetadataPdf(catatan=palsu)),
    )
    w.root[generic.NameObject("/Metadata")] = w.add_object(xmp)
    w.update_root()
    buf = io.BytesIO()
    w.write(buf)
    pdf.write_bytes(buf.getvalue())
    ditolak = pytest.raises(TTEError, match="harus ditandatangani oleh Dr. Budi Santoso")
    with muat_p12(pki.p12("verifikator"), PASS) as p, ditolak:
        SesiTandaTangan(p, OpsiTandaTangan(timpa=True)).tandatangani(pdf)
    # signed anyway outside naskah: not SAH
    signer = signers.SimpleSigner.load_pkcs12(str(pki.p12("verifikator")), passphrase=PASS)
    w = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()))
    buf = io.BytesIO()
    signers.sign_pdf(w, signers.PdfSignatureMetadata(field_name="TTE"), signer=signer, output=buf)
    pdf.write_bytes(buf.getvalue())
    lap = verifikasi(pdf, muat_akar([pki.root]))
    assert not lap.sah
    assert lap.catatan is not None and lap.catatan.penandatangan.nama == "Budi Santoso"
    paraf, ttd = lap.tanda_tangan
    assert paraf.sesuai_catatan is True
    assert ttd.sesuai_catatan is False and not ttd.sah
    assert any("diubah setelah tanda tangan pertama" in m for m in ttd.masalah), ttd.masalah


def test_paraf_tanpa_verifikator_tercatat(pki, tmp_path: Path) -> None:
    """A record without verifikator: nobody may give a paraf (issue 20 item 1: the check was
    skipped). Refused at signing even with tanpa_catatan; forced in with pyHanko, not SAH."""
    from tests.tte.pdfbuat import catatan_untuk, tulis_pdf

    src = tulis_pdf(tmp_path / "st.pdf", catatan=catatan_untuk("Budi Santoso"))
    with muat_p12(pki.p12("verifikator"), PASS) as p:
        with pytest.raises(TTEError, match="tidak mencatat verifikator"):
            SesiTandaTangan(p, OpsiTandaTangan(peran="paraf", timpa=True)).tandatangani(src)
        opsi = OpsiTandaTangan(peran="paraf", timpa=True, tanpa_catatan=True)
        with pytest.raises(TTEError, match="tidak mencatat verifikator"):
            SesiTandaTangan(p, opsi).tandatangani(src)
    signer = signers.SimpleSigner.load_pkcs12(str(pki.p12("verifikator")), passphrase=PASS)
    w = IncrementalPdfFileWriter(io.BytesIO(src.read_bytes()))
    buf = io.BytesIO()
    signers.sign_pdf(
        w, signers.PdfSignatureMetadata(field_name="Paraf-1"), signer=signer, output=buf
    )
    src.write_bytes(buf.getvalue())
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        SesiTandaTangan(p, OpsiTandaTangan(timpa=True)).tandatangani(src)
    lap = verifikasi(src, muat_akar([pki.root]))
    assert not lap.sah and lap.status == "tidak_sah", lap.ke_dict()
    paraf, ttd = lap.tanda_tangan
    assert paraf.sesuai_catatan is False and not paraf.sah
    assert any("naskah tidak mencatat verifikator" in m for m in paraf.masalah), paraf.masalah
    assert ttd.sesuai_catatan is True and ttd.sah
