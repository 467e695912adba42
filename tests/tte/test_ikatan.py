"""Signer binding end to end: naskah render records who must sign (XMP, PDF/A-2b kept), the
Kalteng decree is refused with the Kaltim head's certificate and signed with a Kalteng TEST
certificate made by ``naskah tte sertifikat-uji``, its stamp in WIB; the merged batch path gives
each split PDF its own record."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pypdf
import pytest

from naskah.catatan_ttd import catatan_dari_pdf
from naskah.config import Konfigurasi
from naskah.loader import muat_dokumen
from naskah.models import Pejabat
from naskah.render import KonverterParalel, PermintaanRender, info_pdfa, render_berkas
from naskah.tte import buat_sertifikat_uji
from tests.conftest import LAMBANG_CONTOH
from tests.tte.conftest import REPO, periksa_luar, run_naskah
from tests.tte.test_tandatangani import _teks_ap

pytestmark = pytest.mark.slow  # LibreOffice renders the decree to PDF/A

KALTENG = REPO / "examples" / "keputusan-bpmp-kalteng-2025.yaml"
SANDI = "sandi-kalteng-uji"

TOML_KALTENG = REPO / "examples" / "kalteng" / "naskah.toml"
"""BPMP Kalteng's office settings, shipped with the example (the demo uses the same file)."""


@pytest.fixture(scope="module")
def kantor_kalteng(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An office folder for BPMP Kalteng (no zona_waktu: WIB follows from the province) with
    the seed decree rendered to PDF/A."""
    folder = tmp_path_factory.mktemp("kalteng")
    # the office's emblem (a CONTOH LOGO kop is never signed)
    teks = TOML_KALTENG.read_text(encoding="utf-8")
    teks = teks.replace("[instansi]\n", f'[instansi]\nlogo = "{LAMBANG_CONTOH}"\n', 1)
    (folder / "naskah.toml").write_text(teks, encoding="utf-8")
    r = run_naskah("render", str(KALTENG), "--format", "pdf", "--keluaran", "render", cwd=folder)
    assert r.returncode == 0, r.stderr
    return folder


def test_render_mencatat_penandatangan_dan_metadata(kantor_kalteng: Path) -> None:
    pdf = kantor_kalteng / "render" / "keputusan-bpmp-kalteng-2025.pdf"
    r = pypdf.PdfReader(pdf)
    info = r.metadata
    assert info["/Title"] == "Keputusan Nomor 0274/C7.22/OT.02.02/2025"
    assert info["/Subject"].startswith("PENETAPAN STANDAR PELAYANAN PUBLIK BALAI PENJAMINAN")
    assert info["/Author"] == (
        "Dr. Tomy Haridjaya, S.Sos., M.M., Kepala BPMP Provinsi Kalimantan Tengah"
    )
    xmp = r.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": info["/Title"]}
    assert xmp.dc_description == {"x-default": info["/Subject"]}
    assert xmp.dc_creator == [info["/Author"]]
    assert xmp.pdf_producer == info["/Producer"]  # the converter's, as in Info
    assert info_pdfa(pdf) == ("2", "B")  # still PDF/A-2b ...
    raw = r.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfaExtension:schemas" in raw  # ... with the naskah namespace declared
    c = catatan_dari_pdf(r)
    assert c is not None
    assert c.jenis == "keputusan" and c.nomor == "0274/C7.22/OT.02.02/2025"
    assert c.tanggal is not None and c.tanggal.isoformat() == "2025-03-06"
    assert c.penandatangan.nama == "Tomy Haridjaya"
    assert c.penandatangan.nip == "197010192002121002"
    assert c.penandatangan.jabatan == "Kepala BPMP Provinsi Kalimantan Tengah"


def test_kalteng_ditolak_dengan_sertifikat_kaltim(kantor_kalteng: Path, tmp_path: Path) -> None:
    jarwoko = Pejabat(
        nama="Jarwoko",
        gelar_depan="Dr.",
        gelar_belakang="M.Pd.",
        nip="19700319 199703 1 001",
        jabatan="Kepala BPMP Provinsi Kalimantan Timur",
    )
    kaltim = buat_sertifikat_uji(jarwoko, tmp_path, "kepala", SANDI.encode())
    pdf = kantor_kalteng / "render" / "keputusan-bpmp-kalteng-2025.pdf"
    # the office's configured root (its own test certificate) must exist: the roots are
    # loaded at every level, since the signer's chain is checked before signing
    r = run_naskah(
        "tte", "sertifikat-uji", "--pejabat", "kepala", "--sandi-env", "S", "--timpa",
        cwd=kantor_kalteng, env={"S": SANDI},
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    r = run_naskah(
        "tte", "tandatangani", str(pdf), "--p12", str(kaltim.p12), "--sandi-env", "S",
        "--tampak", "--keluaran", str(tmp_path / "out"),
        cwd=kantor_kalteng, env={"S": SANDI},
    )  # fmt: skip
    assert r.returncode == 1, r.stderr
    (baris,) = r.stderr.strip().splitlines()
    assert baris.startswith("Galat: Sertifikat ini milik Dr. Jarwoko, M.Pd.")
    assert "Dr. Tomy Haridjaya, S.Sos., M.M." in baris and "Traceback" not in r.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_kalteng_dengan_sertifikat_uji_kalteng_cap_wib(kantor_kalteng: Path) -> None:
    r = run_naskah(
        "tte", "sertifikat-uji", "--pejabat", "kepala", "--sandi-env", "S", "--json", "--timpa",
        cwd=kantor_kalteng, env={"S": SANDI},
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["nip"] == "197010192002121002"
    from naskah.tte import muat_p12

    with muat_p12(Path(info["p12"]), SANDI.encode()) as p:
        subj = p.sertifikat.subject.native
    assert subj["organization_name"] == "SERTIFIKAT UJI - BUKAN UNTUK DOKUMEN RESMI"
    assert subj["serial_number"] == "197010192002121002"
    assert subj["common_name"] == "Dr. Tomy Haridjaya, S.Sos., M.M."
    pdf = kantor_kalteng / "render" / "keputusan-bpmp-kalteng-2025.pdf"
    r = run_naskah(
        "tte", "tandatangani", str(pdf), "--p12", info["p12"], "--sandi-env", "S", "--tampak",
        "--keluaran", "ditandatangani", cwd=kantor_kalteng, env={"S": SANDI},
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    out = kantor_kalteng / "ditandatangani" / "keputusan-bpmp-kalteng-2025-ttd.pdf"
    halaman = [i for i, pg in enumerate(pypdf.PdfReader(out).pages) if pg.get("/Annots")]
    teks = _teks_ap(out, halaman[0])
    assert "Dr. Tomy Haridjaya, S.Sos., M.M." in teks
    assert "Kepala BPMP Provinsi Kalimantan Tengah" in teks
    assert " WIB" in teks and "WITA" not in teks, teks
    v = run_naskah("tte", "verifikasi", str(out), "--json", "--luring", cwd=kantor_kalteng)
    assert v.returncode == 0, v.stdout
    (lap,) = json.loads(v.stdout)
    (t,) = lap["tanda_tangan"]
    assert t["sesuai_catatan"] is True and t["tercatat"] == "Dr. Tomy Haridjaya, S.Sos., M.M."
    teks_v = run_naskah("tte", "verifikasi", str(out), "--luring", cwd=kantor_kalteng).stdout
    assert "WIB" in teks_v and "Sesuai naskah : ya" in teks_v
    periksa_luar(out, jumlah=1)


def test_batch_gabung_setiap_pdf_catatannya_sendiri(tmp_path: Path) -> None:
    """The merged-and-split path: two surat tugas signed by two people, one record each."""
    dok = muat_dokumen(REPO / "examples" / "surat-tugas-narasumber.yaml")
    lain = dok.model_copy(
        update={
            "penandatangan": Pejabat(
                nama="Siti Aminah", gelar_belakang="S.E.", jabatan="Plh. Kepala"
            )
        }  # fmt: skip
    )
    konverter = KonverterParalel.buat(1, folder_profil=tmp_path / "profil", ambang_gabung=2)
    hasil = render_berkas(
        [(tmp_path / "st-satu.yaml", dok), (tmp_path / "st-dua.yaml", lain)],
        PermintaanRender(format="pdf", keluaran=tmp_path / "out"),
        konfigurasi=Konfigurasi(folder=tmp_path),
        konverter=konverter,
    )
    assert not list((tmp_path / "out").glob(".naskah-*"))
    nama = []
    for h in hasil:
        assert h.pdf is not None
        c = catatan_dari_pdf(pypdf.PdfReader(h.pdf))
        assert c is not None and c.jenis == "surat_tugas"
        nama.append(c.penandatangan.nama)
        assert info_pdfa(h.pdf) == ("2", "B")
    assert nama == [dok.penandatangan.nama, "Siti Aminah"]
    assert os.path.getsize(hasil[0].pdf or "") > 0
