"""PKCS#12 signing at B-B, batch, visible stamp at the [[TTE]] marker, checked by naskah,
pdfsig and qpdf; bad input through the CLI."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pypdf
import pytest

from naskah.errors import TTEError
from naskah.tte import (
    OpsiTandaTangan,
    SesiTandaTangan,
    buat_p12_contoh,
    cari_penanda,
    muat_akar,
    muat_p12,
    verifikasi,
)
from tests.tte.conftest import PASS, periksa_luar, run_naskah, sha256
from tests.tte.pdfbuat import buat_pdf_hibrida, buat_pdf_terenkripsi, catatan_untuk, tulis_pdf

# -- library ------------------------------------------------------------------------------------


def test_b_b_tak_tampak_batch(pki, tmp_path: Path) -> None:
    files = [tulis_pdf(tmp_path / f"s{i}.pdf", teks=f"Surat {i}") for i in range(3)]
    hash_asli = [sha256(f) for f in files]
    keluar = tmp_path / "hasil"
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        sesi = SesiTandaTangan(p, OpsiTandaTangan(keluaran=keluar))
        hasil = sesi.tandatangani_banyak(files)
    assert [sha256(f) for f in files] == hash_asli  # originals untouched
    akar = muat_akar([pki.root])
    for h in hasil:
        assert h.keluaran.parent == keluar and h.keluaran.name.endswith("-ttd.pdf")
        assert not h.tampak
        lap = verifikasi(h.keluaran, akar)
        assert lap.sah, lap.ke_dict()
        (t,) = lap.tanda_tangan
        assert t.penandatangan == "Dr. Budi Santoso, M.Pd."
        assert t.seluruh_dokumen and t.utuh and t.tepercaya and t.cap_waktu == "tidak_ada"
        sig = periksa_luar(h.keluaran, jumlah=1)
        assert sig[0].total and sig[0].signer == "Dr. Budi Santoso, M.Pd."
    assert not list(keluar.glob(".*.tmp"))  # no temp files left behind


def test_tanpa_akar_tidak_tepercaya(pki, pdf: Path) -> None:
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        h = SesiTandaTangan(p).tandatangani(pdf)
    lap = verifikasi(h.keluaran, [], ambil_daring=False)
    assert not lap.sah
    assert lap.tanda_tangan[0].utuh and not lap.tanda_tangan[0].tepercaya


def test_tampak_di_penanda(pki, tmp_path: Path) -> None:
    # marker on page 2 of 2, at x=340, y=300: the box is (340, 230, 510, 300)
    src = tulis_pdf(tmp_path / "dua.pdf", halaman=2, penanda=(340, 300))
    letak = cari_penanda(pypdf.PdfReader(src))
    assert letak is not None and letak.halaman == 1 and letak.kotak == (340, 230, 510, 300)
    opsi = OpsiTandaTangan(tampak=True, url_verifikasi="https://bpmp.example.go.id/v/{id}")
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        h = SesiTandaTangan(p, opsi).tandatangani(src, id_dok="SE-001")
    assert h.tampak and h.id_dokumen == "SE-001"
    r = pypdf.PdfReader(h.keluaran)
    annots = [a.get_object() for a in r.pages[1].get("/Annots", [])]
    widget = [a for a in annots if a.get("/FT") == "/Sig" or a.get("/Subtype") == "/Widget"]
    assert len(widget) == 1
    assert [round(float(v)) for v in widget[0]["/Rect"]] == [340, 230, 510, 300]
    assert not r.pages[0].get("/Annots")
    # the appearance stream uses an embedded (subset) TrueType font, not a base-14 font
    ap = widget[0]["/AP"]["/N"].get_object()
    fonts = _fonts(ap)
    assert fonts and all("/FontFile2" in f or "/FontFile3" in f for f in fonts), fonts
    # the QR code carries the verification address with the id; the text the signer's name
    teks = _teks_ap(h.keluaran, 1)
    assert "Budi Santoso" in teks and "Kepala BPMP Provinsi Uji" in teks
    assert b"https://bpmp.example.go.id/v/SE-001" not in h.keluaran.read_bytes()  # only in QR
    lap = verifikasi(h.keluaran, muat_akar([pki.root]))
    assert lap.sah
    periksa_luar(h.keluaran, jumlah=1)


def _fonts(xobj) -> list:
    hasil = []

    def jalan(o, depth=0):
        if depth > 6:
            return
        res = o.get("/Resources")
        if res is None:
            return
        res = res.get_object()
        for f in (res.get("/Font") or {}).values():
            f = f.get_object()
            for d in f.get("/DescendantFonts", []):
                d = d.get_object()
                hasil.append(d["/FontDescriptor"].get_object())
            if "/FontDescriptor" in f:
                hasil.append(f["/FontDescriptor"].get_object())
        for x in (res.get("/XObject") or {}).values():
            jalan(x.get_object(), depth + 1)

    jalan(xobj)
    return hasil


def _teks_ap(path: Path, halaman: int) -> str:
    """Extract the stamp's text: draw the widget's appearance on a new page and read it."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    w = pypdf.PdfWriter(clone_from=pypdf.PdfReader(path))
    (widget,) = [a.get_object() for a in w.pages[halaman]["/Annots"]]
    ref = widget["/AP"].get_object().raw_get("/N")
    page = w.add_blank_page(300, 200)
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject("/S"): ref})}
    )
    c = DecodedStreamObject()
    c.set_data(b"q /S Do Q")
    page[NameObject("/Contents")] = w._add_object(c)
    buf = io.BytesIO()
    w.write(buf)
    return pypdf.PdfReader(buf).pages[-1].extract_text()


def test_tampak_tanpa_penanda_galat(pki, tmp_path: Path) -> None:
    src = tulis_pdf(tmp_path / "polos.pdf")
    with (
        muat_p12(pki.p12("pejabat"), PASS) as p,
        pytest.raises(TTEError, match=r"Penanda tempat tanda tangan \[\[TTE\]\] tidak ditemukan"),
    ):
        SesiTandaTangan(p, OpsiTandaTangan(tampak=True)).tandatangani(src)
    assert not (tmp_path / "polos-ttd.pdf").exists()


def test_pdf_libreoffice_dengan_penanda(pki, tmp_path: Path) -> None:
    """A real LibreOffice PDF not made by naskah (no signer record; its /OpenAction only opens
    page 1) is signed only with tanpa_catatan, visibly at the marker, with the certificate's
    own name and title on the stamp."""
    from tests.tte.pdfbuat import buat_pdf_libreoffice

    src = buat_pdf_libreoffice(tmp_path, "Kepala BPMP [[TTE]]")
    assert "/OpenAction" in pypdf.PdfReader(src).trailer["/Root"]
    letak = cari_penanda(pypdf.PdfReader(src))
    assert letak is not None and letak.halaman == 0
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        with pytest.raises(TTEError, match="tidak memuat catatan penandatangan"):
            SesiTandaTangan(p, OpsiTandaTangan(tampak=True)).tandatangani(src)
        assert not list(tmp_path.glob("lo-ttd.pdf"))
        opsi = OpsiTandaTangan(tampak=True, tanpa_catatan=True)
        h = SesiTandaTangan(p, opsi).tandatangani(src)
    assert h.tampak and h.tercatat is None and h.penandatangan == "Dr. Budi Santoso, M.Pd."
    teks = _teks_ap(h.keluaran, 0)
    assert "Dr. Budi Santoso, M.Pd." in teks and "Kepala BPMP Provinsi Uji" in teks, teks
    periksa_luar(h.keluaran, jumlah=1)


def test_tanpa_nirsangkal_ditolak(pki) -> None:
    with pytest.raises(TTEError, match="nirsangkal"):
        muat_p12(pki.p12("tanpa-nr"), PASS)


def test_kedaluwarsa_ditolak_saat_menandatangani(pki) -> None:
    with pytest.raises(TTEError, match="kedaluwarsa"):
        muat_p12(pki.p12("kedaluwarsa"), PASS)


def test_p12_contoh(tmp_path: Path) -> None:
    pdf = tulis_pdf(tmp_path / "surat.pdf", catatan=catatan_untuk("Pejabat Contoh"))
    p12 = tmp_path / "contoh.p12"
    crt = tmp_path / "contoh.crt"
    buat_p12_contoh(p12, "Pejabat Contoh", b"contoh-123", jabatan="Kepala", sertifikat=crt)
    assert oct(p12.stat().st_mode & 0o777) == "0o600"
    assert b"contoh-123" not in p12.read_bytes()
    with pytest.raises(TTEError, match="Frasa sandi"):
        muat_p12(p12, b"salah")
    with muat_p12(p12, b"contoh-123") as p:
        subj = p.sertifikat.subject.native
        assert subj["organization_name"] == "SERTIFIKAT UJI - BUKAN UNTUK DOKUMEN RESMI"
        h = SesiTandaTangan(p).tandatangani(pdf)
    lap = verifikasi(h.keluaran, muat_akar([crt]), ambil_daring=False)
    assert lap.sah, lap.ke_dict()
    periksa_luar(h.keluaran, jumlah=1)


# -- CLI ----------------------------------------------------------------------------------------


def _toml(tmp_path: Path, pki) -> Path:
    p = tmp_path / "naskah.toml"
    p.write_text(
        f'[tte]\nakar_tepercaya = ["{pki.root}"]\n'
        'url_verifikasi = "https://bpmp.example.go.id/v/{id}"\n',
        encoding="utf-8",
    )
    return p


def test_cli_batch_sandi_dari_fd_lalu_verifikasi(pki, tmp_path: Path) -> None:
    files = [tulis_pdf(tmp_path / f"d{i}.pdf", penanda=(300, 250)) for i in range(3)]
    toml = _toml(tmp_path, pki)
    r_fd, w_fd = os.pipe()
    os.write(w_fd, PASS + b"\n")
    os.close(w_fd)
    r = run_naskah(
        "--config",
        str(toml),
        "tte",
        "tandatangani",
        *map(str, files),
        "--p12",
        str(pki.p12("pejabat")),
        "--sandi-fd",
        str(r_fd),
        "--tampak",
        "--keluaran",
        str(tmp_path / "out"),
        "--json",
        pass_fds=(r_fd,),
    )
    os.close(r_fd)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert len(data) == 3 and all(d["tampak"] for d in data)
    assert PASS.decode() not in r.stdout + r.stderr
    outs = sorted((tmp_path / "out").glob("*.pdf"))
    assert len(outs) == 3
    v = run_naskah("--config", str(toml), "tte", "verifikasi", *map(str, outs))
    assert v.returncode == 0, v.stdout
    assert v.stdout.count("SAH") == 3 and "Dr. Budi Santoso" in v.stdout
    for o in outs:
        periksa_luar(o, jumlah=1)


def test_cli_sandi_ditanya_tersembunyi(pki, pdf: Path, tmp_path: Path) -> None:
    toml = _toml(tmp_path, pki)
    r = run_naskah(
        "--config",
        str(toml),
        "tte",
        "tandatangani",
        str(pdf),
        "--p12",
        str(pki.p12("pejabat")),
        "--timpa",
        input=PASS.decode() + "\n",
    )
    assert r.returncode == 0, r.stderr
    assert PASS.decode() not in r.stdout + r.stderr  # hidden input is not echoed
    assert verifikasi(pdf, muat_akar([pki.root])).sah  # replaced in place


def _cek_galat(r, pola: str) -> None:
    assert r.returncode == 1, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.strip().splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Galat: "), r.stderr
    assert pola in lines[0], lines[0]
    assert PASS.decode() not in r.stderr


@pytest.mark.parametrize(
    ("jenis", "pola"),
    [
        ("terenkripsi", "terenkripsi"),
        ("bukan_pdf", "bukan berkas PDF"),
        ("terpotong", "terpotong"),
        ("hibrida", "rujukan silang hibrida"),
    ],
)
def test_cli_masukan_buruk(jenis: str, pola: str, pki, tmp_path: Path) -> None:
    p = tmp_path / "masukan.pdf"
    if jenis == "terenkripsi":
        buat_pdf_terenkripsi(p)
    elif jenis == "bukan_pdf":
        p.write_text("Ini hanya teks, bukan PDF.\n", encoding="utf-8")
    elif jenis == "terpotong":
        data = tulis_pdf(tmp_path / "utuh.pdf").read_bytes()
        p.write_bytes(data[: len(data) // 2])
    else:
        buat_pdf_hibrida(p)
        # pyHanko reads the hybrid file: the refusal is a policy, not a parse failure
        from pyhanko.pdf_utils.reader import PdfFileReader

        with p.open("rb") as fh:
            assert PdfFileReader(fh, strict=False).xrefs.hybrid_xrefs_present
    sebelum = sha256(p)
    r = run_naskah(
        "--config",
        str(_toml(tmp_path, pki)),
        "tte",
        "tandatangani",
        str(p),
        "--p12",
        str(pki.p12("pejabat")),
        "--sandi-env",
        "S",
        env={"S": PASS.decode()},
    )
    _cek_galat(r, pola)
    assert sha256(p) == sebelum
    assert not (tmp_path / "masukan-ttd.pdf").exists()
    v = run_naskah("--config", str(_toml(tmp_path, pki)), "tte", "verifikasi", str(p))
    assert v.returncode == 1 and "Traceback" not in v.stderr


def test_cli_sandi_salah(pki, pdf: Path, tmp_path: Path) -> None:
    sebelum = sha256(pdf)
    r = run_naskah(
        "--config",
        str(_toml(tmp_path, pki)),
        "tte",
        "tandatangani",
        str(pdf),
        "--p12",
        str(pki.p12("pejabat")),
        "--sandi-env",
        "S",
        env={"S": "bukan-sandinya"},
    )
    _cek_galat(r, "Frasa sandi")
    assert "bukan-sandinya" not in r.stderr
    assert sha256(pdf) == sebelum


def test_cli_salah_pakai_keluar_2(pki, pdf: Path, tmp_path: Path) -> None:
    toml = _toml(tmp_path, pki)
    r = run_naskah("--config", str(toml), "tte", "tandatangani", str(pdf))
    assert r.returncode == 2 and "--p12" in r.stderr
    r = run_naskah("--config", str(toml), "tte", "tandatangani", str(pdf), "--tingkat", "B-X")
    assert r.returncode == 2
    r = run_naskah("--config", str(toml), "tte", "verifikasi", str(tmp_path / "tidak-ada.pdf"))
    assert r.returncode == 2
    r = run_naskah(
        "--config",
        str(toml),
        "tte",
        "tandatangani",
        str(pdf),
        "--p12",
        "a.p12",
        "--pkcs11-lib",
        "/x.so",
    )
    assert r.returncode == 2


def test_cli_batch_sebagian_gagal(pki, tmp_path: Path) -> None:
    baik = tulis_pdf(tmp_path / "baik.pdf")
    buruk = tmp_path / "buruk.pdf"
    buruk.write_bytes(b"bukan pdf")
    r = run_naskah(
        "--config",
        str(_toml(tmp_path, pki)),
        "tte",
        "tandatangani",
        str(baik),
        str(buruk),
        "--p12",
        str(pki.p12("pejabat")),
        "--sandi-env",
        "S",
        env={"S": PASS.decode()},
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "buruk.pdf" in r.stderr and "1 dari 2 berkas gagal" in r.stderr
    assert (tmp_path / "baik-ttd.pdf").exists()
