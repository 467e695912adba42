"""The desk's public forms as a person uses them, in a real headless Chromium (Debian's).

Phone (390x844) and desktop (1280x900); no JavaScript on the pages (the context runs none,
so what works here works without it). Screenshots go to out/layanan/ult-*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from naskah.ult import permohonan as pm
from tests.layanan.conftest import ID_SERTIFIKAT, OUT, Kantor, Server
from tests.layanan.test_peramban import CHROMIUM, FLAG, UKURAN, halaman_diawasi
from tests.layanan.ult_bantu import (  # noqa: F401 - fixtures
    KEGIATAN,
    PDF,
    PNG,
    XSS,
    Kotak,
    fixture_kantor_ult,
    fixture_server_ult,
    fixture_smtp,
    meja_kantor,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def peramban(server_ult: Server) -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAG)
        yield b
        b.close()


@pytest.fixture(params=list(UKURAN))
def halaman(request: pytest.FixtureRequest, peramban: Browser) -> Iterator[tuple[Page, str]]:
    # no JavaScript runs: what works here works without it
    with halaman_diawasi(peramban, request.param, javascript=False) as page:
        yield page, request.param


def _foto(page: Page, nama: str, ukuran: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    p = OUT / f"ult-{nama}-{ukuran}.png"
    page.screenshot(path=str(p), full_page=True)
    return p


def _pas_layar(page: Page, ukuran: str) -> None:
    """Nothing wider than the screen; the emblem shown; every visible field labelled."""
    assert page.evaluate("document.documentElement.scrollWidth") <= UKURAN[ukuran][0]
    assert page.locator("img.lambang").evaluate("i => i.complete && i.naturalWidth > 0")
    tanpa_label = page.locator(
        "input:not([type=hidden]):not([tabindex='-1']), select, textarea"
    ).evaluate_all("els => els.filter(e => !e.labels || e.labels.length === 0).map(e => e.id)")
    assert tanpa_label == []


def _berkas(tmp: Path) -> list[str]:
    a, b = tmp / "surat-permohonan.pdf", tmp / "kak.png"
    a.write_bytes(PDF)
    b.write_bytes(PNG)
    return [str(a), str(b)]


def _isi_narasumber(page: Page, tmp: Path, telepon: str = "0812 3456 7890") -> None:
    page.fill("#instansi-pemohon", "SMA Negeri 1 Samarinda")
    page.fill("#kontak", "Rina Marlina")
    page.fill("#telepon", telepon)
    page.fill("#email", "")
    page.fill("#perihal", "Narasumber In House Training Kurikulum Merdeka")
    page.fill("#kegiatan_mulai", KEGIATAN)
    for i in (1, 2, 3):
        page.check(f"#syarat-{i}")
    page.set_input_files("#lampiran", _berkas(tmp))


def test_mengajukan_permohonan_narasumber_dari_awal(
    halaman: tuple[Page, str], server_ult: Server, kantor_ult: Kantor, tmp_path: Path
) -> None:
    page, ukuran = halaman
    page.goto(server_ult.url + "/")
    _foto(page, "beranda", ukuran)
    page.get_by_role("link", name="Ajukan permohonan layanan").click()
    assert page.url.endswith("/ajukan")
    _pas_layar(page, ukuran)
    _foto(page, "daftar-layanan", ukuran)
    page.get_by_role("link", name="Ajukan permohonan Permohonan Narasumber/Fasilitator").click()
    assert "Kerangka acuan kegiatan (KAK)" in page.locator("ol.syarat").inner_text()
    _pas_layar(page, ukuran)
    # the honeypot is out of sight and out of the keyboard's way
    kotak = page.locator("#situs_web").bounding_box()
    assert kotak is not None and kotak["x"] + kotak["width"] < 0
    _isi_narasumber(page, tmp_path)
    _foto(page, "formulir-terisi", ukuran)
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim permohonan").click()
    assert page.locator("h1").inner_text() == "Permohonan diterima"
    kode = page.locator("#kode").inner_text()
    assert len(kode) == 11 and kode[5] == "-"
    assert "(2 hari kerja)" in page.locator("#tenggat").inner_text()
    _pas_layar(page, ukuran)
    _foto(page, "diterima", ukuran)
    with meja_kantor(kantor_ult) as m:
        r = pm.lihat(m, kode)
    assert r.permohonan.instansi == "SMA Negeri 1 Samarinda"
    assert [x["nama"] for x in r.lampiran] == ["surat-permohonan.pdf", "kak.png"]


def test_isian_salah_kembali_dengan_satu_kalimat_dan_isian_tetap(
    halaman: tuple[Page, str], server_ult: Server, tmp_path: Path
) -> None:
    page, ukuran = halaman
    page.goto(server_ult.url + "/ajukan/narasumber")
    _isi_narasumber(page, tmp_path, telepon="12ab")
    page.fill("#instansi-pemohon", XSS)
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim permohonan").click()
    pesan = page.locator("#galat").inner_text()
    assert pesan.startswith("Nomor telepon/WhatsApp tidak sah")
    assert page.get_attribute("#telepon", "aria-invalid") == "true"
    assert page.get_attribute("#telepon", "aria-describedby") == "galat ket-kontak"
    assert page.input_value("#instansi-pemohon") == XSS  # kept, and shown as text
    assert page.input_value("#kontak") == "Rina Marlina"
    assert page.is_checked("#syarat-2") and page.input_value("#kegiatan_mulai") == KEGIATAN
    assert page.locator("img[src=x]").count() == 0
    _pas_layar(page, ukuran)
    _foto(page, "formulir-galat", ukuran)


def test_papan_ketik_fokus_terlihat_dan_lompat_ke_isi(
    halaman: tuple[Page, str], server_ult: Server
) -> None:
    page, ukuran = halaman
    page.goto(server_ult.url + "/pengaduan")
    page.keyboard.press("Tab")
    lompat = page.locator("a.lompat")
    assert page.evaluate("document.activeElement.className") == "lompat"
    kotak = lompat.bounding_box()
    assert kotak is not None and kotak["x"] >= 0  # shown when focused
    for _ in range(6):  # the home link, four menu links, then the form's first field
        page.keyboard.press("Tab")
    aktif = page.evaluate("document.activeElement.id")
    assert aktif == "isi"  # the complaint's text: the first field (the honeypot is skipped)
    garis = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert garis == "solid"
    _foto(page, "fokus-papan-ketik", ukuran)


def test_lacak_sampai_selesai_dan_buka_tautan_verifikasi(
    halaman: tuple[Page, str], server_ult: Server, kantor_ult: Kantor, tmp_path: Path
) -> None:
    page, ukuran = halaman
    page.goto(server_ult.url + "/ajukan/narasumber")
    _isi_narasumber(page, tmp_path)
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim permohonan").click()
    kode = page.locator("#kode").inner_text()
    page.get_by_role("link", name="Lacak permohonan").click()
    _pas_layar(page, ukuran)
    _foto(page, "lacak-kosong", ukuran)
    page.fill("#kode-lacak", kode.lower())
    with page.expect_navigation():
        page.get_by_role("button", name="Lacak").click()
    assert "sedang diperiksa" in page.locator("#keadaan").inner_text()
    _foto(page, "lacak-diterima", ukuran)
    with meja_kantor(kantor_ult) as m:
        pm.putuskan(m, kode, "setuju")
        pm.catat_produk(m, kode, "Surat tugas narasumber", nomor=kantor_ult.nomor["sertifikat"],
                        entri_arsip=ID_SERTIFIKAT)  # fmt: skip
        pm.tutup(m, kode)
    page.fill("#kode-lacak", kode)
    with page.expect_navigation():
        page.get_by_role("button", name="Lacak").click()
    assert page.locator("#keadaan").inner_text() == "Layanan selesai."
    assert page.locator("#linimasa li").count() == 4
    _pas_layar(page, ukuran)
    _foto(page, "lacak-selesai", ukuran)
    page.get_by_role("link", name="Periksa keaslian dokumen ini").click()
    assert page.url.endswith(f"/verifikasi/{ID_SERTIFIKAT}")
    assert "ASLI DAN BERLAKU" in page.locator("#putusan").inner_text()


def test_pengaduan_tanpa_identitas(halaman: tuple[Page, str], server_ult: Server) -> None:
    page, ukuran = halaman
    page.goto(server_ult.url + "/")
    page.get_by_role("link", name="Sampaikan pengaduan").click()
    _pas_layar(page, ukuran)
    _foto(page, "pengaduan", ukuran)
    page.fill("#isi", "Antrean layanan tatap muka terlalu lama pada hari Senin.")
    page.select_option("#layanan", "fasilitas")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim pengaduan").click()
    assert page.locator("h1").inner_text() == "Pengaduan diterima"
    assert "(5 hari kerja)" in page.locator("#tenggat").inner_text()
    _pas_layar(page, ukuran)
    _foto(page, "pengaduan-diterima", ukuran)
    kode = page.locator("#kode").inner_text()
    page.get_by_role("link", name="Lacak pengaduan").click()
    page.fill("#kode-lacak", kode)
    with page.expect_navigation():
        page.get_by_role("button", name="Lacak").click()
    assert "Pengaduan diterima" in page.locator("#keadaan").inner_text()
    _foto(page, "lacak-pengaduan", ukuran)


def test_survei_kepuasan_dari_tautan(
    halaman: tuple[Page, str], server_ult: Server, kantor_ult: Kantor, tmp_path: Path
) -> None:
    from naskah.ult import survei

    page, ukuran = halaman
    page.goto(server_ult.url + "/ajukan/narasumber")
    _isi_narasumber(page, tmp_path)
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim permohonan").click()
    kode = page.locator("#kode").inner_text()
    with meja_kantor(kantor_ult) as m:
        pm.putuskan(m, kode, "setuju")
        pm.tutup(m, kode)
        token = survei.undang(m, kode)
    page.goto(f"{server_ult.url}/survei/{token}")
    assert "Permohonan Narasumber/Fasilitator" in page.locator("main").inner_text()
    _pas_layar(page, ukuran)
    for i in range(1, 9):  # the ninth left out
        page.check(f"#U{i}-4")
    page.select_option("#pendidikan", "S1")
    page.fill("#saran", "Pelayanan cepat dan ramah.")
    # the browser itself asks for the ninth answer (required radios, no script)...
    page.get_by_role("button", name="Kirim penilaian").click()
    assert page.url.endswith(f"/survei/{token}") and page.locator("#galat").count() == 0
    assert page.locator("#U9-1").evaluate("e => !e.validity.valid")
    # ...and the service refuses it too when a browser doesn't check
    page.locator("#formulir").evaluate("f => { f.noValidate = true; }")
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim penilaian").click()
    assert "pertanyaan 9 (Sarana dan Prasarana)" in page.locator("#galat").inner_text()
    assert page.is_checked("#U1-4") and page.input_value("#saran") == "Pelayanan cepat dan ramah."
    _foto(page, "survei-galat", ukuran)
    page.check("#U9-3")
    _foto(page, "survei", ukuran)
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim penilaian").click()
    assert page.locator("#putusan .judul").inner_text() == "Terima kasih"
    _pas_layar(page, ukuran)
    _foto(page, "survei-terima-kasih", ukuran)
    page.goto(f"{server_ult.url}/survei/{token}")
    assert "sudah diisi" in page.locator("#putusan").inner_text()
