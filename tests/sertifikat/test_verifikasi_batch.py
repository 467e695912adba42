"""The batch verifier (each signer certificate's chain once, each file's bytes on their own):
it gives the full verification's report, and whatever it cannot confirm goes the full way, so
a tampered, re-signed, extended or foreign PDF is refused or reported exactly as alone."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from naskah.arsip import NaskahTerbit
from naskah.errors import ArchiveError
from naskah.tte import (
    OpsiTandaTangan,
    SesiTandaTangan,
    buat_p12_contoh,
    muat_akar,
    muat_p12,
    verifikasi,
)
from naskah.tte.batch import VerifikasiBatch, _baca_bukti
from tests.arsip.conftest import PEJABAT, SANDI, Kantor, _kantor
from tests.tte.pdfbuat import buat_pdf, catatan_untuk

CATATAN = catatan_untuk("Jarwoko", PEJABAT)


@pytest.fixture
def batch(tmp_path: Path) -> tuple[list[Path], list, Path]:
    """Four PDFs signed in one session by one key, the roots trusting it, the folder."""
    p12 = buat_p12_contoh(
        tmp_path / "pejabat.p12", PEJABAT, SANDI, jabatan="Kepala", sertifikat=tmp_path / "a.pem"
    )
    akar = muat_akar([tmp_path / "a.pem"])
    keluar = []
    with muat_p12(p12, SANDI) as p:
        sesi = SesiTandaTangan(p, OpsiTandaTangan(keluaran=tmp_path))
        for i in range(4):
            asli = tmp_path / f"sertifikat-{i}.pdf"
            asli.write_bytes(buat_pdf(f"Sertifikat peserta nomor {i}", catatan=CATATAN))
            keluar.append(sesi.tandatangani(asli, tmp_path / f"ttd-{i}.pdf").keluaran)
    return keluar, akar, tmp_path


def _sama(vb: VerifikasiBatch, data: bytes, path: Path, akar: list) -> None:
    """The batch verifier's report on ``data`` equals the full one's."""
    path.write_bytes(data)
    cepat, penuh = vb.verifikasi(data, str(path)), verifikasi(path, akar, ambil_daring=False)
    assert cepat.tanda_tangan == penuh.tanda_tangan
    assert cepat.catatan == penuh.catatan
    assert (cepat.galat is None) == (penuh.galat is None)


def test_laporan_sama_dengan_verifikasi_penuh(batch) -> None:
    ttd, akar, _ = batch
    vb = VerifikasiBatch(akar)
    for p in ttd:
        lap = vb.verifikasi(p.read_bytes(), str(p))
        penuh = verifikasi(p, akar, ambil_daring=False)
        assert lap.sah and lap.tanda_tangan == penuh.tanda_tangan
        assert lap.catatan == penuh.catatan and lap.catatan is not None
        assert lap.tanda_tangan[0].sesuai_catatan is True
    # the first file validated the chain; the other three only their own bytes
    assert vb.cepat == 3


def test_isi_diubah_ditolak_di_jalur_cepat(batch) -> None:
    ttd, akar, tmp = batch
    vb = VerifikasiBatch(akar)
    assert vb.verifikasi(ttd[0].read_bytes(), "pertama").sah  # the chain is now cached
    data = ttd[1].read_bytes()
    assert b"Demikian untuk" in data
    ubah = data.replace(b"Demikian untuk", b"Demikian untuj", 1)  # same length, structure intact
    bukti = _baca_bukti(ubah)
    assert bukti is not None and bukti.utuh is False  # the fast check read it and caught it
    lap = vb.verifikasi(ubah, "diubah.pdf")
    assert not lap.sah and not lap.tanda_tangan[0].utuh
    assert vb.cepat == 0
    _sama(vb, ubah, tmp / "diubah.pdf", akar)


def test_tanda_tangan_dipindah_ke_berkas_lain_ditolak(batch) -> None:
    """The signature container of one certificate copied into another's hole (files 2 and 3:
    the session reserves the same space for both)."""
    ttd, akar, tmp = batch
    vb = VerifikasiBatch(akar)
    assert vb.verifikasi(ttd[0].read_bytes(), "pertama").sah
    a, b = ttd[1].read_bytes(), ttd[2].read_bytes()
    awal_a, awal_b = a.rindex(b"/Contents <"), b.rindex(b"/Contents <")
    lubang_a = a[awal_a : a.index(b">", awal_a) + 1]
    akhir_b = b.index(b">", awal_b) + 1
    assert len(lubang_a) == akhir_b - awal_b
    campur = b[:awal_b] + lubang_a + b[akhir_b:]
    assert campur != b
    lap = vb.verifikasi(campur, "campur.pdf")
    assert not lap.sah and not lap.tanda_tangan[0].utuh and vb.cepat == 0
    _sama(vb, campur, tmp / "campur.pdf", akar)


def test_perubahan_setelah_ttd_lewat_jalur_penuh(batch) -> None:
    """An incremental update after signing: not the whole file covered, so fully verified."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    ttd, akar, tmp = batch
    vb = VerifikasiBatch(akar)
    assert vb.verifikasi(ttd[0].read_bytes(), "a").sah
    w = IncrementalPdfFileWriter(io.BytesIO(ttd[1].read_bytes()))
    halaman = w.root["/Pages"]["/Kids"][0]
    kotak = generic.ArrayObject([generic.NumberObject(x) for x in (0, 0, 600, 800)])
    annot = generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/Square"),
        generic.NameObject("/Rect"): kotak,
    })  # fmt: skip
    halaman.get_object()[generic.NameObject("/Annots")] = generic.ArrayObject([w.add_object(annot)])
    w.update_container(halaman.get_object())
    out = io.BytesIO()
    w.write(out)
    tambah = out.getvalue()
    assert _baca_bukti(tambah) is None
    lap = vb.verifikasi(tambah, "tambah.pdf")
    assert not lap.sah and vb.cepat == 0
    _sama(vb, tambah, tmp / "tambah.pdf", akar)


def test_kunci_lain_lewat_jalur_penuh(batch, tmp_path: Path) -> None:
    """Same structure, same name, another (untrusted) key: its own full verification."""
    ttd, akar, tmp = batch
    vb = VerifikasiBatch(akar)
    assert vb.verifikasi(ttd[0].read_bytes(), "a").sah
    lain = buat_p12_contoh(tmp / "palsu.p12", PEJABAT, SANDI, jabatan="Kepala")
    asli = tmp / "asli-palsu.pdf"
    asli.write_bytes(buat_pdf("Sertifikat peserta nomor 9", catatan=CATATAN))
    with muat_p12(lain, SANDI) as p:
        palsu = SesiTandaTangan(p).tandatangani(asli, tmp / "palsu.pdf").keluaran
    data = palsu.read_bytes()
    assert _baca_bukti(data) is not None
    lap = vb.verifikasi(data, "palsu.pdf")
    assert not lap.sah and not lap.tanda_tangan[0].tepercaya and vb.cepat == 0
    _sama(vb, data, tmp / "palsu2.pdf", akar)


def test_arsip_batch_menolak_berkas_diubah(tmp_path: Path) -> None:
    """The archive in batch mode: the first file fully, the next by its bytes; a changed file
    is refused with the same sentence as alone, and nothing of it is archived."""
    from naskah.arsip import Arsip, OpsiArsip, komponen_aman

    kantor: Kantor = _kantor(tmp_path / "kantor", None)
    pem = tmp_path / "pejabat.pem"
    # the signer's certificate, trusted by the office (kantor.ttd signs with this p12)
    p12 = kantor.masukan / f"{komponen_aman(PEJABAT)}.p12"
    buat_p12_contoh(p12, PEJABAT, SANDI, jabatan="Kepala", sertifikat=pem)
    k = kantor.konfigurasi
    k = k.model_copy(update={"tte": k.tte.model_copy(update={"akar_tepercaya": [pem]})})
    kantor.arsip.tutup()
    kantor.arsip = Arsip(k, register=kantor.register, opsi=OpsiArsip(indeks=False))
    try:
        m1, m2, m3 = kantor.model(), kantor.model(), kantor.model()
        t1, t2, t3 = (kantor.ttd(f"t{i}.pdf") for i in (1, 2, 3))
        h = kantor.arsip.simpan_banyak([
            NaskahTerbit(m1, ttd=t1, verifikasi_batch=True),
            NaskahTerbit(m2, ttd=t2, verifikasi_batch=True),
        ])  # fmt: skip
        assert all(e.ditandatangani for e in h.entri)
        vb = kantor.arsip._verifikasi_batch
        assert vb is not None and vb.cepat == 1
        data = t3.read_bytes().replace(b"Demikian untuk", b"Demikian untuj", 1)
        t3.write_bytes(data)
        with pytest.raises(ArchiveError) as galat:
            kantor.arsip.simpan(NaskahTerbit(m3, ttd=t3, verifikasi_batch=True))
        with pytest.raises(ArchiveError) as sendiri:
            kantor.arsip.simpan(NaskahTerbit(m3, ttd=t3))
        assert galat.value.pesan == sendiri.value.pesan
        assert "rusak" in galat.value.pesan
        assert m3.nomor is not None and kantor.arsip.riwayat(m3.nomor.teks) == []
        # a PDF from outside (no verifikasi_batch) is fully verified even in this session
        t4 = kantor.ttd("t4.pdf")
        assert kantor.arsip.simpan(NaskahTerbit(m3, ttd=t4)).entri[0].ditandatangani
        assert vb.cepat == 1
    finally:
        kantor.arsip.tutup()
        kantor.register.tutup()


def _ganti_cms(data: bytes, ubah) -> bytes:
    """Return ``data`` with its signature container rebuilt by ``ubah(signer_info)`` (same hole,
    zero-padded as the signer pads it)."""
    from asn1crypto import cms

    from naskah.tte.sign import _der_length

    awal = data.rindex(b"/Contents <") + len(b"/Contents <")
    akhir = data.index(b">", awal)
    isi = bytes.fromhex(data[awal:akhir].decode())
    ci = cms.ContentInfo.load(isi[: _der_length(isi)])
    si = ci["content"]["signer_infos"][0]
    ubah(si)
    baru = ci.dump(force=True).hex().encode()
    assert len(baru) <= akhir - awal
    return data[:awal] + baru.ljust(akhir - awal, b"0") + data[akhir:]


def _tanda_tangani_ulang(si, p12: Path) -> None:
    """Sign ``si``'s (changed) signed attributes again with the key in ``p12``."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.serialization import pkcs12

    kunci, _, _ = pkcs12.load_key_and_certificates(p12.read_bytes(), SANDI)
    bertanda = si["signed_attrs"].untag().dump(force=True)
    si["signature"] = kunci.sign(bertanda, padding.PKCS1v15(), hashes.SHA256())


def test_atribut_sertifikat_penanda_lain_ditolak(batch) -> None:
    """A file signed by the cached key whose signing-certificate attribute names another
    certificate: the remembered attribute match of the other files does not carry over."""
    ttd, akar, tmp = batch
    vb = VerifikasiBatch(akar)
    assert vb.verifikasi(ttd[0].read_bytes(), "pertama").sah
    assert vb.verifikasi(ttd[1].read_bytes(), "kedua").sah and vb.cepat == 1  # attribute cached

    def ubah(si) -> None:
        for a in si["signed_attrs"]:
            if a["type"].native == "signing_certificate_v2":
                certid = a["values"][0]["certs"][0]
                certid["cert_hash"] = bytes(32)  # names a certificate that is not the signer's
        _tanda_tangani_ulang(si, tmp / "pejabat.p12")

    palsu = _ganti_cms(ttd[2].read_bytes(), ubah)
    assert _baca_bukti(palsu, dict(vb._ess)) is None  # not for the fast path
    lap = vb.verifikasi(palsu, "palsu.pdf")
    assert not lap.sah and vb.cepat == 1
    _sama(vb, palsu, tmp / "palsu.pdf", akar)
    assert vb.verifikasi(ttd[3].read_bytes(), "keempat").sah and vb.cepat == 2


def test_nilai_tanda_tangan_rusak_ditolak(batch) -> None:
    """One file of the batch whose signature value is broken (its digest still right)."""
    ttd, akar, tmp = batch
    vb = VerifikasiBatch(akar)
    assert vb.verifikasi(ttd[0].read_bytes(), "pertama").sah

    def ubah(si) -> None:
        nilai = bytearray(si["signature"].native)
        nilai[len(nilai) // 2] ^= 0x01
        si["signature"] = bytes(nilai)

    rusak = _ganti_cms(ttd[1].read_bytes(), ubah)
    bukti = _baca_bukti(rusak, vb._ess)
    assert bukti is not None and bukti.utuh is False
    lap = vb.verifikasi(rusak, "rusak.pdf")
    assert not lap.sah and not lap.tanda_tangan[0].utuh and vb.cepat == 0
    _sama(vb, rusak, tmp / "rusak.pdf", akar)
    assert vb.verifikasi(ttd[2].read_bytes(), "ketiga").sah and vb.cepat == 1


def test_putusan_rantai_berumur(batch) -> None:
    """A chain verdict stands for UMUR_RANTAI only, and never past the certificate's validity:
    then the next file is fully verified again (a revocation seen as for a single file)."""
    from datetime import UTC, datetime

    from naskah.tte.batch import UMUR_RANTAI

    ttd, akar, _ = batch
    kini = [datetime.now(UTC)]
    vb = VerifikasiBatch(akar, jam=lambda: kini[0])
    assert vb.verifikasi(ttd[0].read_bytes(), "a").sah
    assert vb.verifikasi(ttd[1].read_bytes(), "b").sah and vb.cepat == 1
    kini[0] += UMUR_RANTAI
    assert vb.verifikasi(ttd[2].read_bytes(), "c").sah and vb.cepat == 1  # the full way again
    assert vb.verifikasi(ttd[3].read_bytes(), "d").sah and vb.cepat == 2  # cached afresh
    # past the certificate's end: never from the cache (the full path judges the file)
    akhir = _baca_bukti(ttd[1].read_bytes())
    assert akhir is not None
    kini[0] = akhir.sertifikat["tbs_certificate"]["validity"]["not_after"].native
    kini[0] = kini[0].replace(microsecond=0) + (UMUR_RANTAI / 10)
    vb._rantai = {k: (p, kini[0]) for k, (p, _) in vb._rantai.items()}
    vb.verifikasi(ttd[1].read_bytes(), "e")
    assert vb.cepat == 2
