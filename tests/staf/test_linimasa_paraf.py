"""A request's timeline in the web desk names each paraf's role and the official who gave it
(from ``ult_paraf`` and the account), not the trail's raw text."""

from __future__ import annotations

import re

from naskah.ult import paraf as pf
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja
from tests.staf.conftest import Kantor, TestClient, masuk

IDV, NOMOR = "AB12CD34EF", "800.1.11/17/C7.24/2025"


def test_linimasa_menyebut_peran_dan_nama_pemaraf(kantor: Kantor, klien: TestClient) -> None:
    kode = kantor.kode["dua"]  # disposed to the Pokja
    k = kantor.konfigurasi
    with Meja(k, jam=kantor.jam, oleh="kepala") as m:
        pm.putuskan(m, kode, "setuju")
    urutan = ["kasubbag_umum", "pokja"]
    for oleh, peran in (("kasubbag-umum", "kasubbag_umum"), ("pokja", "pokja")):
        with Meja(k, jam=kantor.jam, oleh=oleh) as m:
            pf.beri(m, kode, IDV, NOMOR, peran=peran, urutan=urutan)
    masuk(klien, "kasubbag-umum")
    html = klien.get(f"/permohonan/{kode}").text
    linimasa = re.search(r'<ol class="linimasa" id="linimasa">(.*?)</ol>', html, re.S)
    assert linimasa is not None
    paraf = [li for li in linimasa.group(1).split("<li>") if "<strong>paraf</strong>" in li]
    assert len(paraf) == 2
    # the login (as for every step), the account's full name, the role's name, the number
    assert "oleh kasubbag-umum (<bdi>Petugas kasubbag_umum</bdi>): paraf ke-1 sebagai " in paraf[0]
    assert '<span class="paraf-peran">Kasubbag Umum</span>' in paraf[0]
    assert "oleh pokja (<bdi>Petugas pokja</bdi>): paraf ke-2 sebagai " in paraf[1]
    assert '<span class="paraf-peran">Pokja/Tim</span>' in paraf[1]
    assert all(f"naskah nomor <bdi>{NOMOR}</bdi>" in li for li in paraf)
    # not the trail's raw text (role codes, the version's id)
    assert "(kasubbag_umum)" not in linimasa.group(1) and IDV not in linimasa.group(1)
    # other steps keep their text, with the desk account's full name
    assert "<strong>setuju</strong> oleh kepala (<bdi>Petugas kepala</bdi>)" in linimasa.group(1)


def test_pemaraf_tanpa_akun_disebut_nama_penggunanya(kantor: Kantor, klien: TestClient) -> None:
    # a paraf recorded outside the web desk (a login without an account): the login only
    kode = kantor.kode["satu"]
    with Meja(kantor.konfigurasi, jam=kantor.jam, oleh="kepala") as m:
        pm.putuskan(m, kode, "setuju")
    with Meja(kantor.konfigurasi, jam=kantor.jam, oleh="rina") as m:
        pf.beri(m, kode, IDV, NOMOR, peran="kasubbag_umum", urutan=["kasubbag_umum"])
    masuk(klien, "kasubbag-umum")
    html = klien.get(f"/permohonan/{kode}").text
    assert "<strong>paraf</strong> oleh rina: paraf ke-1 sebagai " in html
    assert '<span class="paraf-peran">Kasubbag Umum</span>' in html
