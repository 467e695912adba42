"""The service as a person uses it, in a real headless Chromium (Debian's, driven by Playwright).

Screenshots at phone (390x844) and desktop (1280x900) size are written to out/layanan/.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.layanan.conftest import ID_BARU, ID_LAMA, ID_SERTIFIKAT, OUT, URL_QR, Kantor, Server

CHROMIUM = "/usr/bin/chromium"
FLAG = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
UKURAN = {"ponsel": (390, 844), "desktop": (1280, 900)}


@pytest.fixture(scope="module")
def peramban(server: Server) -> Iterator[Browser]:
    # after the office is made: signing runs its own asyncio loop, Playwright's sync API too
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAG)
        yield b
        b.close()


@contextmanager
def halaman_diawasi(peramban: Browser, ukuran: str, *, javascript: bool = True) -> Iterator[Page]:
    """Open a page at ``ukuran`` (phone or desktop) in Indonesian; on leaving, assert nothing
    was fetched from outside naskah and no asset failed or broke the content policy."""
    lebar, tinggi = UKURAN[ukuran]
    ctx = peramban.new_context(
        viewport={"width": lebar, "height": tinggi},
        is_mobile=ukuran == "ponsel",
        device_scale_factor=2 if ukuran == "ponsel" else 1,
        locale="id-ID",
        java_script_enabled=javascript,
    )
    page = ctx.new_page()
    luar: list[str] = []
    galat: list[str] = []
    # the browser's own PDF viewer (chrome://, chrome-extension://) is not an outside fetch
    page.on(
        "request",
        lambda r: (
            luar.append(r.url)
            if "127.0.0.1" not in r.url and not r.url.startswith(("chrome://", "chrome-extension:"))
            else None
        ),
    )
    # CSP violations and script errors; a missing asset is caught by its response below
    page.on(
        "console",
        lambda m: (
            galat.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            galat.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.request.resource_type != "document"
            else None
        ),
    )
    yield page
    ctx.close()
    assert luar == []  # every asset served by naskah
    assert galat == []  # no CSP violation, no missing asset


@pytest.fixture(params=list(UKURAN))
def halaman(request: pytest.FixtureRequest, peramban: Browser) -> Iterator[tuple[Page, str]]:
    with halaman_diawasi(peramban, request.param) as page:
        yield page, request.param


def _foto(page: Page, nama: str, ukuran: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    p = OUT / f"{nama}-{ukuran}.png"
    page.screenshot(path=str(p), full_page=True)
    return p


def test_membuka_alamat_qr_sertifikat(halaman: tuple[Page, str], server: Server) -> None:
    page, ukuran = halaman
    alamat_qr = URL_QR.replace("{id}", ID_SERTIFIKAT)
    # the address printed in the QR code, opened on this office's service
    page.goto(server.url + alamat_qr.split(".go.id", 1)[1])
    putusan = page.locator("#putusan")
    assert "ASLI DAN BERLAKU" in putusan.inner_text()
    assert page.locator("#peserta").inner_text() == "Siti Rahmawati, S.Pd., M.Pd."
    assert page.evaluate("getComputedStyle(document.querySelector('#putusan')).borderLeftColor")
    # readable on a phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= UKURAN[ukuran][0]
    assert _foto(page, "qr-sertifikat", ukuran).stat().st_size > 10_000


def test_naskah_diganti_lalu_ikuti_tautan(halaman: tuple[Page, str], server: Server) -> None:
    page, ukuran = halaman
    page.goto(f"{server.url}/verifikasi/{ID_LAMA}")
    assert "SUDAH DIGANTI" in page.locator("#putusan").inner_text()
    _foto(page, "diganti", ukuran)
    page.locator("#versi-baru").click()
    assert page.url.endswith(f"/verifikasi/{ID_BARU}")
    assert "ASLI DAN BERLAKU" in page.locator("#putusan").inner_text()


def test_id_tak_dikenal_halaman_404(halaman: tuple[Page, str], server: Server) -> None:
    page, ukuran = halaman
    r = page.goto(f"{server.url}/verifikasi/tidak-ada-di-arsip-0000")
    assert r is not None and r.status == 404
    assert "tidak ada dalam arsip kantor ini" in page.locator("#putusan").inner_text()
    _foto(page, "404", ukuran)


@pytest.mark.parametrize(
    ("berkas", "putusan"),
    [
        ("sertifikat", "ASLI DAN BERLAKU"),
        ("batal", "DIBATALKAN"),
        ("lama", "SUDAH DIGANTI"),
        ("tugas", "TERCATAT, BELUM BERTANDA TANGAN ELEKTRONIK"),
        ("diubah", "TIDAK SAH"),
        ("asing", "TIDAK DIKENAL"),
    ],
)
def test_unggah_pdf_dan_baca_putusan(
    halaman: tuple[Page, str], server: Server, kantor: Kantor, berkas: str, putusan: str
) -> None:
    page, ukuran = halaman
    page.goto(server.url + "/")
    if berkas == "sertifikat":
        _foto(page, "beranda", ukuran)
    page.set_input_files("#berkas", str(kantor.berkas[berkas]))
    with page.expect_navigation():
        page.get_by_role("button", name="Periksa berkas").click()
    judul = page.locator("#putusan .judul").inner_text()
    assert judul == putusan
    assert page.locator("#nama-berkas").inner_text() == kantor.berkas[berkas].name
    assert page.locator("img.lambang").evaluate("i => i.complete && i.naturalWidth > 0")
    assert page.evaluate("document.documentElement.scrollWidth") <= UKURAN[ukuran][0]
    _foto(page, f"unggah-{berkas}", ukuran)


def test_peserta_mencari_sertifikatnya(
    halaman: tuple[Page, str], server: Server, kantor: Kantor
) -> None:
    page, _ = halaman
    page.goto(server.url + "/")
    page.fill("#nomor", kantor.nomor["sertifikat"])
    page.fill("#nama", "Siti Rahmawati")
    with page.expect_navigation():
        page.get_by_role("button", name="Cari sertifikat").click()
    assert page.url.endswith(f"/verifikasi/{ID_SERTIFIKAT}")
    assert "ASLI DAN BERLAKU" in page.locator("#putusan").inner_text()
