"""Every QR code a signed document prints answers on the verification service (issue 21).

An office made with ``naskah init --contoh`` issues, signs visibly and archives a decree (the
operator's way: ``naskah render``, ``naskah tte tandatangani --tampak``, ``naskah arsip
simpan``), a surat tugas and an SK kerja sama (``naskah terbitkan --tandatangani``) and a
certificate (``naskah sertifikat terbitkan``). Each signed PDF's pages are rasterised
(pdftoppm), its QR codes decoded from the image (zbarimg) and opened on a running ``naskah
layanan``: every one answers 200 with the verdict of an original, and they all carry the one
verification id the archive knows the document by.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES
from tests.layanan.conftest import Server, mulai_server
from tests.register.conftest import jalankan_cli

pytestmark = pytest.mark.slow

SANDI = {"NASKAH_SANDI": "naskah-uji"}


def _cli(folder: Path, *args: str) -> str:
    r = jalankan_cli(folder, *args, **SANDI)
    assert r.returncode == 0, f"naskah {' '.join(args)}:\n{r.stdout}\n{r.stderr}"
    return r.stdout


@pytest.fixture(scope="module")
def kantor(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """The office and its signed documents, by kind."""
    folder = tmp_path_factory.mktemp("qr") / "kantor"
    folder.mkdir()
    _cli(folder, "init", "--contoh")
    for nama in ("keputusan-bpmp-kaltim-2024.yaml", "surat-tugas-narasumber.yaml",
                 "sk-kerja-sama-contoh.yaml"):  # fmt: skip
        shutil.copy(EXAMPLES / nama, folder / nama)
    # one participant is enough for the certificate
    with (EXAMPLES / "peserta-contoh.csv").open(encoding="utf-8") as f:
        baris = list(csv.reader(f))[:2]
    with (folder / "peserta.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(baris)
    kegiatan = yaml.safe_load((EXAMPLES / "sertifikat-kegiatan.yaml").read_text("utf-8"))
    kegiatan["berkas_peserta"] = "peserta.csv"
    (folder / "sertifikat.yaml").write_text(yaml.safe_dump(kegiatan, allow_unicode=True), "utf-8")
    (folder / "agenda.csv").write_text(
        "nomor,tanggal,perihal,jenis\n"
        "0512/C7.24/HK.03.01/2024,2024-05-21,Penetapan Standar Pelayanan,Keputusan\n",
        encoding="utf-8",
    )
    _cli(folder, "nomor", "impor", "agenda.csv", "--seri", "naskah")
    # the decree the operator's way: render, sign visibly, archive
    _cli(folder, "render", "keputusan-bpmp-kaltim-2024.yaml", "--format", "semua",
         "--keluaran", "render")  # fmt: skip
    _cli(folder, "tte", "tandatangani", "render/keputusan-bpmp-kaltim-2024.pdf", "--sandi-env",
         "NASKAH_SANDI", "--tampak", "--keluaran", "ttd")  # fmt: skip
    _cli(folder, "arsip", "simpan", "keputusan-bpmp-kaltim-2024.yaml", "--pdf",
         "render/keputusan-bpmp-kaltim-2024.pdf", "--ttd",
         "ttd/keputusan-bpmp-kaltim-2024-ttd.pdf")  # fmt: skip
    dokumen = {"keputusan": folder / "ttd" / "keputusan-bpmp-kaltim-2024-ttd.pdf"}
    for jenis, nama in (("surat_tugas", "surat-tugas-narasumber"),
                        ("sk_kerja_sama", "sk-kerja-sama-contoh")):  # fmt: skip
        _cli(folder, "terbitkan", f"{nama}.yaml", "--tandatangani", "--sandi-env",
             "NASKAH_SANDI")  # fmt: skip
        dokumen[jenis] = folder / "terbit" / f"{nama}-ttd.pdf"
    # archived unsigned first, signed later: the signed copy keeps the id printed in it
    shutil.copy(EXAMPLES / "sk-kerja-sama-contoh.yaml", folder / "sk-nanti.yaml")
    _cli(folder, "terbitkan", "sk-nanti.yaml")
    shutil.copy(folder / "terbit" / "sk-nanti.pdf", folder / "sk-nanti-tanpa-ttd.pdf")
    dokumen["tanpa_ttd"] = folder / "sk-nanti-tanpa-ttd.pdf"
    _cli(folder, "terbitkan", "sk-nanti.yaml", "--tandatangani", "--sandi-env", "NASKAH_SANDI")
    dokumen["ditandatangani_kemudian"] = folder / "terbit" / "sk-nanti-ttd.pdf"
    _cli(folder, "sertifikat", "terbitkan", "sertifikat.yaml", "--sandi-env", "NASKAH_SANDI",
         "--keluaran", "sertifikat")  # fmt: skip
    (dokumen["sertifikat"],) = sorted((folder / "sertifikat").glob("*.pdf"))
    return folder, dokumen


@pytest.fixture(scope="module")
def server(kantor: tuple[Path, dict[str, Path]]) -> Iterator[Server]:
    yield from mulai_server(kantor[0])


def kode_qr(pdf: Path, folder: Path) -> list[str]:
    """Return the text of every QR code on the pages of ``pdf``, read from their images."""
    awalan = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(awalan)], check=True)
    hasil: list[str] = []
    for png in sorted(folder.glob(f"{pdf.stem}*.png")):
        r = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
        assert r.returncode in (0, 4), r.stderr  # 4: no code on this page
        hasil += [b for b in r.stdout.splitlines() if b.strip()]
    return hasil


def _teks(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip


def test_salinan_bertanda_tangan_memuat_teks_yang_sama(
    kantor: tuple[Path, dict[str, Path]],
) -> None:
    # issue 21: the footnote is printed when the document is to be signed electronically (the
    # office names a key), in the TEST wording for a TEST certificate, and the signed copy
    # carries the unsigned PDF's text: every page of both, the stamp added
    folder, dokumen = kantor
    asli = _teks(folder / "render" / "keputusan-bpmp-kaltim-2024.pdf")
    ttd = _teks(dokumen["keputusan"])
    halaman = [h for h in asli.split("\f") if h.strip()]
    assert all("SERTIFIKAT UJI — bukan tanda tangan elektronik yang sah" in h for h in halaman)
    assert "BSrE" not in asli
    for baris in asli.splitlines():
        assert baris in ttd, baris
    assert "Ditandatangani secara elektronik oleh" in ttd


@pytest.mark.parametrize(
    "jenis",
    ["keputusan", "surat_tugas", "sk_kerja_sama", "sertifikat", "ditandatangani_kemudian"],
)
def test_setiap_qr_naskah_bertanda_tangan_dijawab_asli(
    kantor: tuple[Path, dict[str, Path]], server: Server, jenis: str, tmp_path: Path
) -> None:
    pdf = kantor[1][jenis]
    kode = kode_qr(pdf, tmp_path)
    assert kode, f"{jenis}: tidak ada kode QR yang terbaca di {pdf.name}"
    jalur = {urllib.parse.urlsplit(k).path for k in kode}
    assert len(jalur) == 1, f"{jenis}: kode QR menunjuk ke lebih dari satu id: {jalur}"
    (j,) = jalur
    assert j.startswith("/verifikasi/"), j
    # the stamp's QR code carries the record's id, not a digest of the unsigned PDF
    assert len(j.rsplit("/", 1)[1]) != 16, j
    with urllib.request.urlopen(server.url + j, timeout=30) as r:  # loopback only
        assert r.status == 200
        halaman = r.read().decode("utf-8")
    assert "ASLI DAN BERLAKU" in halaman, f"{jenis}: {halaman[:400]}"


def test_naskah_diarsipkan_lalu_ditandatangani_memakai_id_yang_sama(
    kantor: tuple[Path, dict[str, Path]], server: Server, tmp_path: Path
) -> None:
    # issue 21: a document archived unsigned (its QR codes printed) and signed later with
    # `naskah terbitkan --tandatangani` keeps its one id: the signed copy's QR codes carry the
    # id the unsigned PDF printed, and that id's page shows the signed version, current
    from naskah.catatan_ttd import id_verifikasi_berkas

    folder, dokumen = kantor
    idv = id_verifikasi_berkas(dokumen["tanpa_ttd"])
    assert idv and id_verifikasi_berkas(dokumen["ditandatangani_kemudian"]) == idv
    tercetak = {urllib.parse.urlsplit(k).path for k in kode_qr(dokumen["tanpa_ttd"], tmp_path)}
    assert tercetak == {f"/verifikasi/{idv}"}, tercetak  # the lampiran's QR, before signing
    kode = kode_qr(dokumen["ditandatangani_kemudian"], tmp_path)
    assert {urllib.parse.urlsplit(k).path for k in kode} == tercetak
    # the CLI reports that id, and the archive's lookup finds the signed version by it
    keluaran = _cli(folder, "terbitkan", "sk-nanti.yaml", "--json")
    assert idv in keluaran
    with urllib.request.urlopen(f"{server.url}/verifikasi/{idv}", timeout=30) as r:
        halaman = r.read().decode("utf-8")
    assert "ASLI DAN BERLAKU" in halaman and "diganti" not in halaman.lower(), halaman[:400]
