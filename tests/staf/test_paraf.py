"""The desk's paraf in order before the head signs (naskah.ult.paraf), one step at a time, and
the same rules through the web desk's forms (the archived version stubbed: the real issue,
paraf and signature in a browser are in test_peramban.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from naskah.errors import UltError
from naskah.staf.aplikasi import MejaWeb
from naskah.staf.hak import boleh
from naskah.ult import paraf as pf
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja
from tests.staf.conftest import Kantor, TestClient, masuk

IDV, NOMOR = "AB12CD34EF", "800.1.11/17/C7.24/2025"
NAMA = {"kasubbag_umum": "Kasubbag Umum", "pokja": "Pokja/Tim"}


def _paraf_tercatat(m: Meja, kode: str) -> list[dict[str, Any]]:
    return [j for j in pm.lihat(m, kode).jejak if j["aksi"] in ("paraf", "tandatangani")]


@pytest.fixture
def disetujui(kantor: Kantor) -> str:
    kode = kantor.kode["satu"]
    with Meja(kantor.konfigurasi, jam=kantor.jam, oleh="kepala") as m:
        pm.putuskan(m, kode, "setuju")
    return kode


def test_paraf_berurutan_satu_per_satu(kantor: Kantor, disetujui: str) -> None:
    urutan = ["kasubbag_umum", "pokja"]
    k = kantor.konfigurasi
    with Meja(k, jam=kantor.jam, oleh="budi") as m:
        # nothing given yet: both wait, and signing is refused naming the first one
        d = pf.daftar(pm.lihat(m, disetujui).jejak, IDV, urutan)
        assert [(x.ke, x.peran, x.diberikan) for x in d] == [
            (1, "kasubbag_umum", False), (2, "pokja", False),
        ]  # fmt: skip
        with pytest.raises(UltError, match=r"paraf ke-1 oleh Kasubbag Umum belum diberikan"):
            pf.periksa_lengkap(pm.lihat(m, disetujui).jejak, IDV, NOMOR, urutan, NAMA)
        # the Pokja first: out of order, nothing written
        with pytest.raises(UltError, match=r"paraf ke-1 oleh Kasubbag Umum; paraf Pokja/Tim"):
            pf.beri(m, disetujui, IDV, NOMOR, peran="pokja", urutan=urutan, nama_peran=NAMA)
        assert _paraf_tercatat(m, disetujui) == []
    with Meja(k, jam=kantor.jam, oleh="rina") as m:
        x = pf.beri(m, disetujui, IDV, NOMOR, peran="kasubbag_umum", urutan=urutan)
        assert (x.ke, x.oleh, x.waktu) == (1, "rina", kantor.jam())
        # the same person cannot give the next one too (even holding that role)
        with pytest.raises(UltError, match="Anda sudah memaraf"):
            pf.beri(m, disetujui, IDV, NOMOR, peran="pokja", urutan=urutan)
        with pytest.raises(UltError, match=r"paraf ke-2 oleh pokja belum diberikan"):
            pf.periksa_lengkap(pm.lihat(m, disetujui).jejak, IDV, NOMOR, urutan)
    with Meja(k, jam=kantor.jam, oleh="budi") as m:
        with pytest.raises(UltError, match=r"paraf ke-2 oleh pokja"):
            pf.beri(m, disetujui, IDV, NOMOR, peran="kasubbag_umum", urutan=urutan)
        pf.beri(m, disetujui, IDV, NOMOR, peran="pokja", urutan=urutan)
        with pytest.raises(UltError, match="sudah lengkap"):
            pf.beri(m, disetujui, IDV, NOMOR, peran="pokja", urutan=urutan)
        jejak = pm.lihat(m, disetujui).jejak
    pf.periksa_lengkap(jejak, IDV, NOMOR, urutan)  # complete: no refusal
    d = pf.daftar(jejak, IDV, urutan)
    assert [(x.oleh, x.diberikan) for x in d] == [("rina", True), ("budi", True)]
    # each paraf is one trail row naming who gave it and on which version
    rows = [j for j in jejak if j["aksi"] == "paraf"]
    assert [j["oleh"] for j in rows] == ["rina", "budi"]
    assert all(IDV in j["keterangan"] and NOMOR in j["keterangan"] for j in rows)
    # another version of the document (re-issued) needs its own paraf
    assert not any(x.diberikan for x in pf.daftar(jejak, "LAIN999999", urutan))


def test_tanda_tangan_dicatat_dengan_penggunanya(kantor: Kantor, disetujui: str) -> None:
    with Meja(kantor.konfigurasi, jam=kantor.jam, oleh="jarwoko") as m:
        pf.catat_tanda_tangan(m, disetujui, NOMOR, IDV)
        rows = _paraf_tercatat(m, disetujui)
    assert [(j["aksi"], j["oleh"]) for j in rows] == [("tandatangani", "jarwoko")]
    assert NOMOR in rows[0]["keterangan"]


def test_paraf_ditolak_sebelum_disetujui_dan_tanpa_urutan(kantor: Kantor) -> None:
    kode = kantor.kode["dua"]  # disposed, not approved
    with Meja(kantor.konfigurasi, jam=kantor.jam, oleh="rina") as m:
        with pytest.raises(UltError, match="berkeadaan didisposisi"):
            pf.beri(m, kode, IDV, NOMOR, peran="kasubbag_umum", urutan=["kasubbag_umum"])
        with pytest.raises(UltError, match="tidak memerlukan paraf"):
            pf.beri(m, kode, IDV, NOMOR, peran="kasubbag_umum", urutan=[])
        assert _paraf_tercatat(m, kode) == []
    pf.periksa_lengkap([], IDV, NOMOR, [])  # no paraf asked: the head signs at once


# -- through the web desk's forms ---------------------------------------------------------------


@pytest.fixture
def web(kantor: Kantor, disetujui: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The desk with the request's surat tugas stubbed as archived, unsigned, version IDV; the
    real signing pipeline is replaced by one that records what it was asked."""
    from naskah.staf import tugas

    produk = {"jenis": "Surat Tugas", "nomor": NOMOR, "id_terkini": IDV, "ditandatangani": False}
    monkeypatch.setattr(MejaWeb, "_naskah_ttd", lambda self, r: dict(produk))
    monkeypatch.setattr(MejaWeb, "_produk_status", lambda self, p: [dict(produk)])
    ditandatangani: list[str] = []

    def tandatangani(m: Meja, kode: str, sandi: str, *, nomor: str, id_verifikasi: str) -> str:
        pf.periksa_lengkap(pm.lihat(m, kode).jejak, id_verifikasi, nomor,
                           m.konfigurasi.meja.paraf)  # fmt: skip
        ditandatangani.append(sandi)
        pf.catat_tanda_tangan(m, kode, nomor, "VERSI2TTD")
        return nomor

    monkeypatch.setattr("naskah.staf.aplikasi.tandatangani_surat_tugas", tandatangani)
    assert tugas.tandatangani_surat_tugas is not tandatangani
    w = MejaWeb(kantor.konfigurasi, jam=kantor.jam)
    with TestClient(w.aplikasi(), base_url="https://meja.kantor", follow_redirects=False) as c:
        c.meja_web = w  # type: ignore[attr-defined]
        c.ditandatangani = ditandatangani  # type: ignore[attr-defined]
        yield c


def _pdf_dibuka(c: TestClient, csrf: str) -> None:
    c.meja_web._dibaca[(csrf, NOMOR)] = None  # type: ignore[attr-defined]


def test_paraf_dan_tanda_tangan_dari_formulir(web: TestClient, disetujui: str) -> None:
    kode = disetujui
    # the head first: the page says who is awaited; the sign button is refused
    csrf = masuk(web, "kepala")
    r = web.get(f"/permohonan/{kode}")
    assert 'id="tautan-ttd"' in r.text and 'id="form-tandatangani"' not in r.text
    r = web.get(f"/permohonan/{kode}/ttd")
    assert r.status_code == 200 and 'id="form-tandatangani"' not in r.text
    assert "Menunggu paraf ke-1 oleh Kasubbag Umum" in r.text
    assert f'src="/naskah/{IDV}/pdf"' in r.text  # the PDF shown first
    assert "frame-src 'self'" in r.headers["content-security-policy"]
    data = {"csrf": csrf, "id": IDV, "sandi": "rahasia-kepala"}
    r = web.post(f"/permohonan/{kode}/tandatangani", data=data)
    assert r.status_code == 409 and "Buka dan baca PDF" in r.text  # the PDF not opened yet
    _pdf_dibuka(web, csrf)
    r = web.post(f"/permohonan/{kode}/tandatangani", data=data)
    assert r.status_code == 422
    assert "belum dapat ditandatangani: paraf ke-1 oleh kasubbag_umum" in r.text
    assert "rahasia-kepala" not in r.text and web.ditandatangani == []  # type: ignore[attr-defined]
    # the head may not give the paraf; the front desk neither (no right at all)
    assert web.post(f"/permohonan/{kode}/paraf", data={"csrf": csrf, "id": IDV}).status_code == 403
    web.post("/keluar", data={"csrf": csrf})
    csrf = masuk(web, "staf-ult")
    assert web.post(f"/permohonan/{kode}/paraf", data={"csrf": csrf, "id": IDV}).status_code == 403
    web.post("/keluar", data={"csrf": csrf})

    # the Kasubbag Umum: a paraf on another version is refused, then given on this one
    csrf = masuk(web, "kasubbag-umum")
    r = web.get(f"/permohonan/{kode}/ttd")
    assert 'id="form-paraf"' in r.text and 'id="form-tandatangani"' not in r.text
    r = web.post(f"/permohonan/{kode}/paraf", data={"csrf": csrf, "id": IDV})
    assert r.status_code == 409 and "Buka dan baca PDF" in r.text
    _pdf_dibuka(web, csrf)
    r = web.post(f"/permohonan/{kode}/paraf", data={"csrf": csrf, "id": "VERSILAMA1"})
    assert r.status_code == 409 and "sudah berubah" in r.text
    r = web.post(f"/permohonan/{kode}/paraf", data={"csrf": csrf, "id": IDV})
    assert r.status_code == 303
    r = web.get(f"/permohonan/{kode}/ttd")
    assert 'id="form-paraf"' not in r.text and "diberikan</span> oleh kasubbag-umum" in r.text
    r = web.post(f"/permohonan/{kode}/paraf", data={"csrf": csrf, "id": IDV})
    assert r.status_code == 422 and "sudah lengkap" in r.text
    web.post("/keluar", data={"csrf": csrf})

    # the head signs now; the trail names each step's user
    csrf = masuk(web, "kepala")
    _pdf_dibuka(web, csrf)
    r = web.get(f"/permohonan/{kode}/ttd")
    assert 'id="form-tandatangani"' in r.text
    r = web.post(f"/permohonan/{kode}/tandatangani", data={**data, "csrf": csrf})
    assert r.status_code == 303, r.text
    assert web.ditandatangani == ["rahasia-kepala"]  # type: ignore[attr-defined]
    with Meja(web.meja_web.konfigurasi) as m:  # type: ignore[attr-defined]
        rows = _paraf_tercatat(m, kode)
    assert [(j["aksi"], j["oleh"]) for j in rows] == [
        ("paraf", "kasubbag-umum"), ("tandatangani", "kepala"),
    ]  # fmt: skip
    r = web.get(f"/permohonan/{kode}")
    assert "paraf</strong> oleh kasubbag-umum" in r.text
    assert "tandatangani</strong> oleh kepala" in r.text


def test_pokja_bukan_gilirannya(web: TestClient, kantor: Kantor, disetujui: str) -> None:
    # a Pokja may give a paraf only where [meja] paraf names it; here only the Kasubbag Umum
    with Meja(kantor.konfigurasi, jam=kantor.jam, oleh="kepala") as m:
        kode = kantor.kode["dua"]
        pm.putuskan(m, kode, "setuju")
    csrf = masuk(web, "pokja")
    r = web.get(f"/permohonan/{kode}/ttd")
    assert 'id="form-paraf"' not in r.text and "Menunggu paraf ke-1 oleh Kasubbag Umum" in r.text
    _pdf_dibuka(web, csrf)
    r = web.post(f"/permohonan/{kode}/paraf", data={"csrf": csrf, "id": IDV})
    assert r.status_code == 422 and "menunggu gilirannya" in r.text
    # another request (not disposed to this Pokja) is not found at all
    assert web.get(f"/permohonan/{disetujui}/ttd").status_code == 404
    r = web.post(f"/permohonan/{disetujui}/paraf", data={"csrf": csrf, "id": IDV})
    assert r.status_code == 404


@pytest.mark.parametrize(
    ("nilai", "sah"),
    [('["pokja", "kasubbag_umum"]', True), ("[]", True), ('["kepala"]', False),
     ('["admin"]', False), ('"kasubbag_umum"', False)],
)  # fmt: skip
def test_urutan_paraf_di_naskah_toml(tmp_path: Path, nilai: str, sah: bool) -> None:
    # who may give the paraf is a role with that right: the head signs, the admin sees nothing
    from naskah.config import muat_konfigurasi
    from naskah.config_cepat import muat_cepat
    from naskah.errors import ConfigError

    toml = tmp_path / "naskah.toml"
    toml.write_text(f"[meja]\nparaf = {nilai}\n", encoding="utf-8")
    if sah:
        assert muat_konfigurasi(toml).meja.paraf == muat_cepat(toml).meja.paraf
        assert all(boleh(p, "paraf") for p in muat_konfigurasi(toml).meja.paraf)
    else:
        for muat in (muat_konfigurasi, muat_cepat):
            with pytest.raises(ConfigError, match="paraf"):
                muat(toml)


def test_permohonan_ditutup_tanpa_paraf(web: TestClient, kantor: Kantor, disetujui: str) -> None:
    with Meja(kantor.konfigurasi, jam=kantor.jam, oleh="kasubbag-umum") as m:
        pm.tutup(m, disetujui)
    csrf = masuk(web, "kasubbag-umum")
    r = web.get(f"/permohonan/{disetujui}/ttd")
    assert 'id="form-paraf"' not in r.text and "hanya untuk permohonan yang disetujui" in r.text
    _pdf_dibuka(web, csrf)
    r = web.post(f"/permohonan/{disetujui}/paraf", data={"csrf": csrf, "id": IDV})
    assert r.status_code == 422 and "berkeadaan selesai" in r.text
    with Meja(kantor.konfigurasi) as m:
        assert _paraf_tercatat(m, disetujui) == []
