"""Two writers at once (each its own connection, as two workstations): different numbers all
land once; the same number with different files gets one entry and one clear refusal."""

from __future__ import annotations

import threading

from naskah.arsip import Arsip, NaskahTerbit, OpsiArsip
from naskah.errors import ArchiveError
from tests.arsip.conftest import Kantor, bernomor


def _bersamaan(kerja: list) -> list:  # type: ignore[type-arg]
    """Run the callables at the same moment (a barrier, no sleeping); return results/errors."""
    mulai = threading.Barrier(len(kerja))
    hasil: list[object] = [None] * len(kerja)

    def jalan(i: int) -> None:
        mulai.wait()
        try:
            hasil[i] = kerja[i]()
        except Exception as exc:  # collected for the assertions
            hasil[i] = exc

    utas = [threading.Thread(target=jalan, args=(i,)) for i in range(len(kerja))]
    for u in utas:
        u.start()
    for u in utas:
        u.join(timeout=300)
    return hasil


def test_dua_penulis_nomor_berbeda(kantor: Kantor) -> None:
    dasar = kantor.model()
    nomor = [
        n.teks
        for n in kantor.register.pesan(
            "naskah", 8, tanggal="2024-05-21", alasan="uji", klasifikasi="HK.03.01"
        )
    ]
    pdf = kantor.pdf("a.pdf")

    def penulis(bagian: list[str]):  # type: ignore[no-untyped-def]
        def kerja() -> int:
            with Arsip(kantor.konfigurasi, opsi=OpsiArsip(indeks=False)) as a:
                for n in bagian:
                    a.simpan(NaskahTerbit(bernomor(dasar, n), pdf=pdf))
            return len(bagian)

        return kerja

    hasil = _bersamaan([penulis(nomor[0::2]), penulis(nomor[1::2])])
    assert hasil == [4, 4]
    assert all(len(kantor.arsip.riwayat(n)) == 1 for n in nomor)
    assert kantor.arsip.periksa().bersih


def test_dua_penulis_nomor_sama(kantor: Kantor) -> None:
    model = kantor.model()
    pdf = [
        kantor.pdf("a.pdf", "Naskah versi pertama yang diarsipkan " * 3),
        kantor.pdf("b.pdf", "Naskah lain dengan isi berbeda sekali " * 3),
    ]

    def kerja(p):  # type: ignore[no-untyped-def]
        def f() -> str:
            with Arsip(kantor.konfigurasi, opsi=OpsiArsip(indeks=False)) as a:
                return a.simpan(NaskahTerbit(model, pdf=p)).entri[0].lokasi

        return f

    hasil = _bersamaan([kerja(pdf[0]), kerja(pdf[1])])
    menang = [h for h in hasil if isinstance(h, str)]
    kalah = [h for h in hasil if isinstance(h, ArchiveError)]
    assert len(menang) == 1 and len(kalah) == 1, hasil
    assert "tidak pernah ditimpa" in str(kalah[0])
    assert [e.versi for e in kantor.arsip.riwayat(model.nomor.teks)] == [1]
    assert kantor.arsip.periksa().bersih
