"""The web desk as the office's staff use it, in a real headless Chromium (Debian's, through
Playwright) against ``naskah meja`` running as a child process: log in → Tugas saya → the
request's page → disposition → decision → the surat tugas issued (real LibreOffice) → its paraf
by the Kasubbag Umum and its signature by the head, in that order, each on the page showing the
PDF first (the head refused before the paraf, a Pokja refused out of turn, the passphrase typed
at signing time) → closed, at phone (390 px) and desktop (1280 px) width, in a watched page
(an outside fetch, a console error or a failed asset fails the test).

Screenshots go to a temporary folder, or to ``$NASKAH_FOTO_MEJA`` when set (to look at them).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from naskah.config import muat_konfigurasi
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja
from tests.layanan.conftest import Server, tunggu_baris
from tests.layanan.test_peramban import CHROMIUM, FLAG, UKURAN, halaman_diawasi
from tests.register.conftest import env_anak
from tests.ult.conftest import KALTENG, KALTIM

pytestmark = pytest.mark.slow

_LEBAR = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right >
  document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' +
  e.className + ' ' + e.textContent.slice(0, 40))"""

SANDI = "sandi-kasubbag-umum-2026"
TAMBAHAN = f"""

[pejabat.siti]
nama = "Siti Rahmawati"
gelar_belakang = "S.Pd., M.Pd."
nip = "19780512 200312 2 004"
pangkat = "Pembina (IV/a)"
jabatan = "Widyaprada Ahli Madya"

[ult]
standar = ["{KALTIM}", "{KALTENG}"]

[ult.fasilitas.aula]
nama = "Aula Utama"
kapasitas = 150
tarif_hari = 1500000

[meja]
batas_permintaan = 100000
"""


@pytest.fixture(scope="module")
def kantor(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    from naskah.persiapan import buat_konfigurasi

    folder = tmp_path_factory.mktemp("meja") / "kantor"
    buat_konfigurasi(folder, contoh=True)
    with open(folder / "naskah.toml", "a", encoding="utf-8") as f:
        f.write(TAMBAHAN)
    for nama, peran in (("rina", "kasubbag_umum"), ("budi", "pokja"), ("jarwoko", "kepala")):
        r = subprocess.run(
            [sys.executable, "-m", "naskah", "pengguna", "tambah", nama, "--nama-lengkap",
             f"{nama.title()} Petugas", "--peran", peran, "--sandi-env", "SANDI_UJI"],
            cwd=folder, env=env_anak(SANDI_UJI=SANDI), capture_output=True, text=True,
            timeout=120,
        )  # fmt: skip
        assert r.returncode == 0, r.stderr
    kode = {}
    with Meja(muat_konfigurasi(folder / "naskah.toml"), oleh="loket") as m:
        for ukuran, instansi in (("ponsel", "Disdikbud Kota Bontang"),
                                 ("desktop", "Disdik Kabupaten Kutai Kartanegara")):  # fmt: skip
            p = pm.terima(
                m,
                pm.PermohonanBaru(
                    layanan="narasumber", instansi=instansi, telepon="081122334455",
                    perihal=f"Bimbingan Teknis Perencanaan Berbasis Data ({ukuran})",
                    kegiatan_mulai=date(2099, 2, 2), kegiatan_selesai=date(2099, 2, 3),
                    semua_syarat=True,
                ),
            )  # fmt: skip
            kode[ukuran] = p.kode
        from naskah.ult import fasilitas as fa
        from naskah.ult import pengaduan as adu

        besok = m.sekarang() + timedelta(days=1)
        fa.pesan(m, "aula", besok, besok + timedelta(hours=8), peserta=80)
        adu.terima(m, adu.PengaduanBaru(isi="Balasan permohonan belum diterima.",
                                        kanal="telepon", nama="Pak Andi"))  # fmt: skip
    return folder, kode


@pytest.fixture(scope="module")
def server(kantor: tuple[Path, dict[str, str]]) -> Iterator[Server]:
    folder = kantor[0]
    log = folder / "meja.log"
    with log.open("w") as err:
        p = subprocess.Popen(
            [sys.executable, "-m", "naskah", "meja", "--host", "127.0.0.1", "--port", "0"],
            cwd=folder, env=env_anak(), stdout=subprocess.PIPE, stderr=err, text=True,
        )  # fmt: skip
        try:
            baris = tunggu_baris(p)
            yield Server(baris.split(" di ", 1)[1].split()[0], p, log)
        finally:
            p.terminate()
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            assert p.stdout is not None
            p.stdout.close()


@pytest.fixture(scope="module")
def peramban(server: Server) -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAG)
        yield b
        b.close()


@pytest.fixture(scope="module")
def foto(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tujuan = os.environ.get("NASKAH_FOTO_MEJA")
    p = Path(tujuan) if tujuan else tmp_path_factory.mktemp("foto-meja")
    p.mkdir(parents=True, exist_ok=True)
    return p


@pytest.mark.parametrize("ukuran", list(UKURAN))
def test_permohonan_dari_tugas_saya_sampai_ditutup(
    ukuran: str, peramban: Browser, server: Server, kantor: tuple[Path, dict[str, str]],
    foto: Path,
) -> None:  # fmt: skip
    with halaman_diawasi(peramban, ukuran) as page:
        _jalani(page, ukuran, server, kantor, foto)


def _csrf(page: Page) -> str:
    token = page.locator("nav.menu input[name=csrf]").get_attribute("value")
    assert token
    return token


def _jalani(
    page: Page, ukuran: str, server: Server, kantor: tuple[Path, dict[str, str]], foto: Path
) -> None:
    lebar = UKURAN[ukuran][0]
    kode = kantor[1][ukuran]
    tampil = f"{kode[:5]}-{kode[5:]}"
    page.set_default_timeout(30_000)

    def jepret(nama: str) -> None:
        if page.locator("#pratinjau").count():
            page.wait_for_load_state("networkidle")  # the PDF drawn in its frame
        page.screenshot(path=str(foto / f"{nama}-{ukuran}.png"), full_page=True)
        # readable on a phone: nothing wider than the screen
        lebar_isi = page.evaluate("document.documentElement.scrollWidth")
        assert lebar_isi <= lebar, (nama, lebar_isi, page.evaluate(_LEBAR))

    page.goto(server.url + "/tugas")
    assert "/masuk" in page.url
    jepret("01-masuk")
    page.fill("#nama", "rina")
    page.fill("#sandi", "salah-sandi-ini")
    page.click("#tombol-masuk")
    assert "kata sandi salah" in page.locator("#galat").inner_text()
    page.fill("#sandi", SANDI)
    page.click("#tombol-masuk")
    page.wait_for_url("**/tugas")
    assert "Rina Petugas" in page.locator("#siapa").inner_text()
    jepret("02-tugas-saya")
    page.click(f"text={tampil}")
    page.wait_for_url(f"**/permohonan/{kode}")
    assert page.locator("#keadaan").inner_text() == "Diterima"
    jepret("03-permohonan-diterima")

    page.select_option("#kepada", "budi")
    page.fill("#unit", "Pokja Narasumber")
    page.fill("#catatan-disposisi", "Mohon siapkan narasumber perencanaan.")
    page.click("#form-disposisi button")
    page.wait_for_load_state()
    assert page.locator("#keadaan").inner_text() == "Didisposisi"
    assert "budi" in page.locator("#disposisi").inner_text()

    page.check("input[name=keputusan][value=setuju]")
    page.click("#form-putuskan button")
    page.wait_for_load_state()
    assert page.locator("#keadaan").inner_text() == "Disetujui"
    jepret("04-permohonan-disetujui")

    page.select_option("#petugas", "siti")
    page.fill("#tempat", "Aula Disdikbud")
    page.fill("#klasifikasi", "KP.04.05")
    with page.expect_navigation(timeout=240_000):
        page.click("#form-terbitkan button")
    produk = page.locator("#produk").inner_text()
    assert "Surat Tugas" in produk and "/KP.04.05/" in produk, produk
    assert page.locator("#tautan-ttd").count() == 1  # the Kasubbag Umum gives the paraf
    jepret("05-surat-tugas-terbit")

    page.click("#produk a >> text=lihat naskah")
    page.wait_for_url("**/naskah/**")
    assert page.locator("#status-naskah").inner_text().startswith("TERCATAT")
    jepret("06-halaman-naskah")
    page.go_back()

    def masuk_sebagai(nama: str) -> None:
        page.click("nav.menu button")  # Keluar
        page.wait_for_url("**/masuk")
        page.fill("#nama", nama)
        page.fill("#sandi", SANDI)
        page.click("#tombol-masuk")
        page.wait_for_url("**/tugas")

    ttd = f"{server.url}/permohonan/{kode}/ttd"

    def buka_ttd() -> None:
        """The paraf and signing page; the PDF is shown (fetched) before anything else."""
        with page.expect_response(lambda r: r.url.endswith("/pdf")) as pdf:
            page.goto(ttd)
        assert pdf.value.status == 200
        assert pdf.value.headers["content-type"] == "application/pdf"

    def kirim(aksi: str, **isian: str) -> tuple[int, str]:
        r = page.request.post(f"{server.url}/permohonan/{kode}/{aksi}",
                              form={"csrf": _csrf(page), **isian}, max_redirects=0)  # fmt: skip
        return r.status, r.text()

    # the head before the paraf: refused until the PDF is read, then until the paraf is given
    masuk_sebagai("jarwoko")
    page.goto(f"{server.url}/permohonan/{kode}")
    id_naskah = (page.locator("#produk a.buka-pdf").get_attribute("href") or "").split("/")[2]
    status, isi = kirim("tandatangani", id=id_naskah, sandi="naskah-uji")
    assert status == 409 and "Buka dan baca PDF" in isi and "naskah-uji" not in isi
    buka_ttd()
    assert page.locator("#form-tandatangani").count() == 0
    assert "Menunggu paraf ke-1 oleh Kasubbag Umum" in page.locator("#menunggu").inner_text()
    jepret("07-ttd-menunggu-paraf")
    status, isi = kirim("tandatangani", id=id_naskah, sandi="naskah-uji")
    assert status == 422 and "paraf ke-1 oleh Kasubbag Umum belum diberikan" in isi

    # the Pokja the request was disposed to: not its turn (and not its paraf)
    masuk_sebagai("budi")
    buka_ttd()
    assert page.locator("#form-paraf").count() == 0
    status, isi = kirim("paraf", id=id_naskah)
    assert status == 422 and "menunggu gilirannya" in isi

    # the Kasubbag Umum reads the PDF and gives the paraf
    masuk_sebagai("rina")
    buka_ttd()
    jepret("08-paraf")
    with page.expect_navigation():
        page.click("#form-paraf button")
    assert page.url.endswith(f"/permohonan/{kode}")
    assert "paraf oleh rina" in page.locator("#linimasa").inner_text()

    # the head signs: the passphrase typed at signing time only
    masuk_sebagai("jarwoko")
    buka_ttd()
    assert "diberikan oleh rina" in page.locator("#urutan-paraf").inner_text()
    page.fill("#sandi-ttd", "frasa-yang-salah")
    page.click("#form-tandatangani button")
    page.wait_for_load_state()
    assert page.locator("#galat").count() == 1 and "frasa-yang-salah" not in page.content()
    jepret("09-tanda-tangan-ditolak")
    page.fill("#sandi-ttd", "naskah-uji")
    with page.expect_navigation(timeout=240_000):
        page.click("#form-tandatangani button")
    assert "ASLI DAN BERLAKU" in page.locator("#produk").inner_text()
    assert "naskah-uji" not in page.content()
    assert "tandatangani oleh jarwoko" in page.locator("#linimasa").inner_text()
    jepret("10-surat-tugas-ditandatangani")
    # the passphrase was kept nowhere: not in the database, its journal, nor the server's log
    folder = kantor[0]
    berkas = [*(folder / "archive").glob("register.sqlite*"), folder / "meja.log"]
    assert folder / "archive" / "register.sqlite" in berkas
    for f in berkas:
        assert b"naskah-uji" not in f.read_bytes(), f

    masuk_sebagai("rina")
    page.goto(f"{server.url}/permohonan/{kode}")
    page.fill("#catatan-tutup", "Surat tugas diserahkan kepada pemohon.")
    page.click("#form-tutup button")
    page.wait_for_load_state()
    assert page.locator("#keadaan").inner_text() == "Selesai"
    linimasa = page.locator("#linimasa").inner_text()
    for aksi in ("terima", "disposisi", "setuju", "produk", "paraf", "tandatangani", "tutup"):
        assert aksi in linimasa
    assert linimasa.count("oleh rina") == 5  # every step names who did it
    jepret("11-permohonan-selesai")

    page.goto(server.url + "/tugas")
    assert tampil not in page.locator("#isi").inner_text()
    page.goto(server.url + "/agenda")
    assert "KP.04.05" in page.locator("#agenda").inner_text()
    jepret("12-buku-agenda")
    page.goto(server.url + "/arsip?q=perencanaan")
    assert page.locator("#hasil mark").count() >= 1  # the snippet's match highlighted
    jepret("13-cari-arsip")
    page.goto(server.url + "/permohonan")
    jepret("14-daftar-permohonan")
    page.goto(server.url + "/pengaduan")
    jepret("15-pengaduan")
    page.goto(server.url + "/fasilitas")
    assert page.locator("#kalender td").count() >= 28
    jepret("16-kalender-fasilitas")
