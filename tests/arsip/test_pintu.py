"""Verbs of the archive's one door that the web service uses: the verification ids archived
since a time, and the archive's answer in public or staff wording."""

from __future__ import annotations

from datetime import UTC, timedelta

from naskah.arsip import HasilPeriksaArsip
from tests.arsip.conftest import Kantor


def test_id_verifikasi_sejak(kantor: Kantor) -> None:
    assert kantor.arsip.id_verifikasi_sejak() == (set(), None)
    e1 = kantor.simpan(kantor.model(), pdf=kantor.pdf("a.pdf")).entri[0]
    ids, sejak = kantor.arsip.id_verifikasi_sejak()
    assert ids == {e1.id_verifikasi}
    assert sejak is not None and sejak.tzinfo is not None
    assert abs(sejak - kantor.register.jam()) < timedelta(minutes=5)
    e2 = kantor.simpan(kantor.model(), pdf=kantor.pdf("b.pdf")).entri[0]
    # since the last answer: the new id, and those recorded within the hour before it again
    baru, sejak2 = kantor.arsip.id_verifikasi_sejak(sejak)
    assert baru == {e1.id_verifikasi, e2.id_verifikasi} and sejak2 is not None
    assert sejak2 >= sejak
    # long after: nothing new, and the time handed back unchanged
    nanti = sejak2 + timedelta(hours=2)
    assert kantor.arsip.id_verifikasi_sejak(nanti) == (set(), nanti)
    assert kantor.arsip.id_verifikasi_sejak(nanti.astimezone(UTC))[0] == set()


def test_uraian_publik_tanpa_data_dalam(kantor: Kantor) -> None:
    model = kantor.model()
    pdf = kantor.pdf("a.pdf")
    e = kantor.simpan(model, pdf=pdf).entri[0]
    cek = kantor.arsip.periksa_berkas(pdf.read_bytes())
    staf, publik = cek.uraian(), cek.uraian(publik=True)
    assert e.lokasi in staf and e.lokasi not in publik
    assert publik == (
        f"Berkas ini sama persis dengan berkas arsip naskah {e.nomor} versi 1; nomornya "
        "terdaftar dan ini versi terkini."
    )
    assert model.nomor is not None
    kantor.register.batal(model.nomor.teks, alasan="uji", oleh="uji")
    batal = kantor.arsip.periksa_berkas(pdf.read_bytes())
    assert "berstatus" in batal.uraian() and "dibatalkan di register" in batal.uraian(publik=True)
    asing = kantor.arsip.periksa_berkas(b"%PDF-1.7 berkas lain")
    assert asing.uraian(publik=True).startswith("Berkas ini tidak ada di arsip kantor:")
    rusak = HasilPeriksaArsip(diarsipkan=False, sha256="0" * 64, galat="basis data /rahasia/x")
    assert "/rahasia" in rusak.uraian()
    assert rusak.uraian(publik=True) == HasilPeriksaArsip.TAK_TERPERIKSA
