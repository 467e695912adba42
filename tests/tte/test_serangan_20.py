"""Regression kit for issue 20 (items 1-4, 6, 7 and the low-severity TTE items): each attack is
built here and met through the CLI, where a user meets it.

Every test says, in its comments, what poppler's ``pdfsig`` (25.x) and pyHanko's own
validation (``validate_pdf_signature``: coverage / modification level) answer for the same
file, beside naskah's verdict before and after the fix. pdfsig's verdicts are also asserted
where they matter, so the comments cannot go stale silently.

The documents are rendered by the real pipeline (``naskah render`` through LibreOffice) from
the shipped surat tugas example, whose record names Dr. Jarwoko, M.Pd. with his NIP; the test
PKI's ``jarwoko`` certificate carries that NIP, ``penyerang`` is a trusted person under the same
root who is on no document.
"""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.content import RawContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import TextStampStyle

from naskah.catatan_ttd import Pihak
from naskah.tte import OpsiTandaTangan, SesiTandaTangan, muat_akar, muat_p12, verifikasi
from tests.conftest import INSTANSI_BERLOGO
from tests.tte.conftest import PASS, REPO, pdfsig, run_naskah
from tests.tte.pdfbuat import CATATAN_UJI, catatan_untuk, tulis_pdf

pytestmark = pytest.mark.slow

CONTOH = REPO / "examples" / "surat-tugas-narasumber.yaml"
PALSU = "NOMOR 9999/PALSU/2024"
KOTAK_NOMOR = (240, 612, 420, 642)
"""Where LibreOffice prints "NOMOR …/…" on the surat tugas (pdftotext -bbox, page 1)."""
S = {"S": PASS.decode()}


# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kantor(pki, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An office folder trusting the test root, with the surat tugas rendered twice to PDF by
    LibreOffice: as shipped (no verifikator) and with Siti Aminah as verifikator."""
    folder = tmp_path_factory.mktemp("kit20")
    (folder / "naskah.toml").write_text(
        "[tte]\n"
        'url_verifikasi = "https://bpmp.example.go.id/verifikasi/{id}"\n'
        f'akar_tepercaya = ["{pki.root}"]\n'
        f'tsa = "{pki.tsa}"\n' + INSTANSI_BERLOGO,
        encoding="utf-8",
    )
    shutil.copy(CONTOH, folder / "st.yaml")
    teks = CONTOH.read_text(encoding="utf-8")
    teks += (
        "\nverifikator:\n  - nama: Siti Aminah\n    gelar_belakang: S.E.\n"
        "    jabatan: Kepala Subbagian Umum\n"
    )
    (folder / "st-paraf.yaml").write_text(teks, encoding="utf-8")
    for nama in ("st.yaml", "st-paraf.yaml"):
        r = run_naskah("render", nama, "--format", "pdf", "--keluaran", "render", cwd=folder)
        assert r.returncode == 0, r.stderr
    return folder


def _salin(kantor: Path, tmp_path: Path, nama: str = "st") -> Path:
    tujuan = tmp_path / f"{nama}.pdf"
    shutil.copy(kantor / "render" / f"{nama}.pdf", tujuan)
    return tujuan


def _cli_ttd(
    kantor: Path, pdf: Path, label: str, *extra: str, pki=None, peran: str = "tandatangani"
):  # type: ignore[no-untyped-def]
    p12 = pki.p12(label) if pki is not None else label
    return run_naskah(
        "tte", peran, str(pdf), "--p12", str(p12), "--sandi-env", "S", "--timpa", *extra,
        cwd=kantor, env=S,
    )  # fmt: skip


def _cli_verifikasi(kantor: Path, pdf: Path, *extra: str):  # type: ignore[no-untyped-def]
    teks = run_naskah("tte", "verifikasi", str(pdf), *extra, cwd=kantor)
    js = run_naskah("tte", "verifikasi", str(pdf), "--json", *extra, cwd=kantor)
    return teks, json.loads(js.stdout)[0] if js.stdout.strip() else None


def _tanda_tangan_luar(
    pki,  # type: ignore[no-untyped-def]
    pdf: Path,
    label: str,
    field: str,
    *,
    kotak: tuple[int, int, int, int] | None = None,
    sebelum=None,  # type: ignore[no-untyped-def]
) -> None:
    """Sign ``pdf`` in place with pyHanko directly (as an attacker would, outside naskah): a
    new field ``field``, visible over ``kotak`` with a white box reading PALSU; ``sebelum(w)``
    changes the document in the same revision."""
    signer = signers.SimpleSigner.load_pkcs12(str(pki.p12(label)), passphrase=PASS)
    w = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()))
    if sebelum is not None:
        sebelum(w)
    spec = fields.SigFieldSpec(field, on_page=0, box=kotak) if kotak else fields.SigFieldSpec(field)
    putih = RawContent(b"1 1 1 rg 0 0 180 30 re f", box=BoxConstraints(180, 30))
    gaya = TextStampStyle(stamp_text=PALSU, border_width=0, background=putih,
                          background_opacity=1)  # fmt: skip
    ps = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name=field), signer=signer, stamp_style=gaya,
        new_field_spec=spec,
    )  # fmt: skip
    out = io.BytesIO()
    ps.sign_pdf(w, output=out)
    pdf.write_bytes(out.getvalue())


def _pyhanko(pdf: Path, pki) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Return pyHanko's own verdict per field: coverage / modification level / trusted."""
    from pyhanko_certvalidator import ValidationContext

    r = PdfFileReader(io.BytesIO(pdf.read_bytes()))
    hasil = {}
    for emb in r.embedded_signatures:
        vc = ValidationContext(trust_roots=muat_akar([pki.root]), allow_fetching=True)
        st = validate_pdf_signature(emb, vc)
        hasil[str(emb.field_name)] = (
            f"{st.coverage.name}/{st.modification_level.name if st.modification_level else '-'}"
            f"/{'trusted' if st.trusted else 'untrusted'}"
        )
    return hasil


def _tidak_sah(teks, js, *potongan: str) -> None:  # type: ignore[no-untyped-def]
    assert teks.returncode == 1, teks.stdout + teks.stderr
    assert teks.stdout.splitlines()[0].endswith(": TIDAK SAH"), teks.stdout
    assert js["status"] == "tidak_sah" and js["sah"] is False
    for p in potongan:
        assert p in teks.stdout, (p, teks.stdout)


# -- item 3: naskah's own B-T, B-LT, B-LTA on LibreOffice PDFs ---------------------------------


@pytest.mark.parametrize("tingkat", ["B-T", "B-LT", "B-LTA"])
def test_tingkat_dari_libreoffice_sah(tingkat: str, pki, kantor: Path, tmp_path: Path) -> None:
    """LibreOffice writes nulls in /OpenAction; the DSS of B-LT rewrites the catalog.

    before: B-T SAH; B-LT and B-LTA TIDAK SAH ("/OpenAction pada katalog dokumen diubah":
            the comparison used repr(), and a NullObject's repr holds its memory address)
    after:  SAH, exit 0, for all three (also after a verifikator's paraf)
    pdfsig: every signature "Signature is Valid." (the B-LTA document timestamp is not
            verified by poppler); pyHanko: ENTIRE_FILE for the last one, LTA_UPDATES before
    """
    pdf = _salin(kantor, tmp_path, "st-paraf")
    assert _cli_ttd(kantor, pdf, "verifikator", pki=pki, peran="paraf").returncode == 0
    r = _cli_ttd(kantor, pdf, "jarwoko", "--tingkat", tingkat, "--tampak", pki=pki)
    assert r.returncode == 0, r.stderr
    teks, js = _cli_verifikasi(kantor, pdf)
    assert teks.returncode == 0, teks.stdout + teks.stderr
    assert teks.stdout.splitlines()[0].endswith(": SAH") and js["status"] == "sah"
    assert js["perubahan_setelah_tanda_tangan"] == []
    assert "ya (NIP pada sertifikat sama dengan yang tercatat)" in teks.stdout
    for s in pdfsig(pdf):
        if not s.field.startswith("Timestamp-"):
            assert s.valid, s
    # Offline: B-LT and B-LTA embed the pejabat's revocation data, so that signature is proved
    # without the network; the paraf's is not embedded (pyHanko adds only the signer's own),
    # so the file is BELUM DAPAT DIPASTIKAN offline, never SAH and never TIDAK SAH.
    luring = run_naskah("tte", "verifikasi", str(pdf), "--luring", "--json", cwd=kantor)
    assert luring.returncode == 3, luring.stdout
    data = json.loads(luring.stdout)[0]
    assert data["status"] == "belum_pasti"
    paraf, ttd = data["tanda_tangan"][:2]
    assert paraf["pencabutan"] == "tidak_diperiksa" and paraf["tepercaya"]
    if tingkat == "B-T":
        assert ttd["pencabutan"] == "tidak_diperiksa"
    else:
        assert ttd["sah"] and ttd["pencabutan"] == "diperiksa" and ttd["ltv_tertanam"]


# -- item 1: signatures by allow-list of people and order ----------------------------------


def test_paraf_orang_luar_menutup_nomor(pki, kantor: Path, tmp_path: Path) -> None:
    """The issue's attack: a trusted person on no document adds a field ``Paraf-1`` whose
    appearance is a white box reading NOMOR 9999/PALSU/2024 over the number.

    before: SAH, exit 0 (pejabat "hanya pengisian formulir", the paraf not compared: the
            record lists no verifikator)
    after:  TIDAK SAH, exit 1: the paraf is unrecorded, comes after the pejabat, and the new
            field with its appearance on page 1 is reported
    pdfsig: both "Signature is Valid." (TTE not total, Paraf-1 total)
    pyHanko: TTE ENTIRE_REVISION/FORM_FILLING/trusted, Paraf-1 ENTIRE_FILE/trusted
    """
    pdf = _salin(kantor, tmp_path)
    assert _cli_ttd(kantor, pdf, "jarwoko", "--tampak", pki=pki).returncode == 0
    _tanda_tangan_luar(pki, pdf, "penyerang", "Paraf-1", kotak=KOTAK_NOMOR)
    assert [s.valid for s in pdfsig(pdf)] == [True, True]
    assert _pyhanko(pdf, pki)["TTE"].endswith("FORM_FILLING/trusted")
    teks, js = _cli_verifikasi(kantor, pdf)
    _tidak_sah(
        teks, js,
        "paraf oleh Andi Penyerang di kolom Paraf-1 tidak tercatat",
        "dibubuhkan setelah tanda tangan pejabat",
        "kolom formulir 'Paraf-1' baru dengan tampilan di halaman 1",
    )  # fmt: skip
    ttd, paraf = js["tanda_tangan"]
    assert ttd["field"] == "TTE" and not ttd["sah"] and ttd["sesuai_catatan"] is True
    assert paraf["sesuai_catatan"] is False and not paraf["sah"]


def test_verifikator_tercatat_memaraf_setelah_pejabat(pki, kantor: Path, tmp_path: Path) -> None:
    """The attacker is on the verifikator list but signs after the pejabat.

    before: SAH, exit 0 ("Sesuai naskah: ya" for both)
    after:  naskah refuses the paraf (exit 1); signed anyway with pyHanko, TIDAK SAH, exit 1
    pdfsig: both "Signature is Valid."
    pyHanko: TTE ENTIRE_REVISION/FORM_FILLING/trusted
    """
    pdf = _salin(kantor, tmp_path, "st-paraf")
    assert _cli_ttd(kantor, pdf, "jarwoko", "--tampak", pki=pki).returncode == 0
    r = _cli_ttd(kantor, pdf, "verifikator", pki=pki, peran="paraf")
    assert r.returncode == 1 and "paraf harus diberikan sebelum tanda tangan pejabat" in r.stderr
    _tanda_tangan_luar(pki, pdf, "verifikator", "Paraf-1", kotak=KOTAK_NOMOR)
    assert [s.valid for s in pdfsig(pdf)] == [True, True]
    teks, js = _cli_verifikasi(kantor, pdf)
    _tidak_sah(teks, js, "Siti Aminah, S.E. di kolom Paraf-1 dibubuhkan setelah tanda tangan "
               "pejabat", "kolom formulir 'Paraf-1' baru dengan tampilan")  # fmt: skip
    assert js["tanda_tangan"][1]["sesuai_catatan"] is True  # the right person, the wrong time


def test_paraf_tidak_berurutan(pki, tmp_path: Path) -> None:
    """Two recorded verifikator, the second gives the first paraf, then the first.

    before: SAH
    after:  naskah refuses the out-of-order paraf; forced in with pyHanko, TIDAK SAH
    pdfsig: every signature valid
    """
    kedua = Pihak(nama="Andi Penyerang", nama_lengkap="Andi Penyerang")
    c = dataclasses.replace(CATATAN_UJI, verifikator=(*CATATAN_UJI.verifikator, kedua))
    pdf = tulis_pdf(tmp_path / "dua.pdf", penanda=(340, 300), catatan=c)
    with muat_p12(pki.p12("penyerang"), PASS) as p:
        SesiTandaTangan(p, OpsiTandaTangan(peran="paraf", timpa=True)).tandatangani(pdf)
    from naskah.errors import TTEError

    with muat_p12(pki.p12("verifikator"), PASS) as p, pytest.raises(TTEError, match="Andi"):
        SesiTandaTangan(p, OpsiTandaTangan(peran="paraf", timpa=True)).tandatangani(pdf)
    _tanda_tangan_luar(pki, pdf, "verifikator", "Paraf-2")
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        SesiTandaTangan(p, OpsiTandaTangan(timpa=True)).tandatangani(pdf)
    assert all(s.valid for s in pdfsig(pdf))
    lap = verifikasi(pdf, muat_akar([pki.root]))
    assert lap.status == "tidak_sah"
    assert any("tidak sesuai urutan verifikator" in m for m in lap.tanda_tangan[1].masalah)


def _widget_tersembunyi(w: IncrementalPdfFileWriter, *, nama: str = "Bayangan") -> None:
    """Add a hidden (/F 2) text field whose appearance is a white box reading PALSU over the
    number: the shadow prepared before signing."""
    page_ref = w.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    x1, y1, x2, y2 = KOTAK_NOMOR
    ap = generic.StreamObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/XObject"),
            generic.NameObject("/Subtype"): generic.NameObject("/Form"),
            generic.NameObject("/BBox"): generic.ArrayObject(
                [
                    generic.NumberObject(0),
                    generic.NumberObject(0),
                    generic.NumberObject(x2 - x1),
                    generic.NumberObject(y2 - y1),
                ]
            ),  # fmt: skip
            generic.NameObject("/Resources"): generic.DictionaryObject(
                {
                    generic.NameObject("/Font"): generic.DictionaryObject(
                        {
                            generic.NameObject("/Helv"): w.add_object(
                                generic.DictionaryObject(
                                    {
                                        generic.NameObject("/Type"): generic.NameObject("/Font"),
                                        generic.NameObject("/Subtype"): generic.NameObject(
                                            "/Type1"
                                        ),
                                        generic.NameObject("/BaseFont"): generic.NameObject(
                                            "/Helvetica"
                                        ),
                                    }
                                )
                            )
                        }
                    )
                }  # fmt: skip
            ),
        },
        stream_data=b"1 1 1 rg 0 0 180 30 re f 1 0 0 rg BT /Helv 11 Tf 4 10 Td ("
        + PALSU.encode()
        + b") Tj ET",
    )
    widget = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Widget"),
            generic.NameObject("/FT"): generic.NameObject("/Tx"),
            generic.NameObject("/T"): generic.TextStringObject(nama),
            generic.NameObject("/F"): generic.NumberObject(2),  # hidden
            generic.NameObject("/P"): page_ref,
            generic.NameObject("/Rect"): generic.ArrayObject(
                map(generic.NumberObject, KOTAK_NOMOR)
            ),
            generic.NameObject("/AP"): generic.DictionaryObject(
                {generic.NameObject("/N"): w.add_object(ap)}
            ),
        }
    )
    ref = w.add_object(widget)
    page[generic.NameObject("/Annots")] = generic.ArrayObject(
        list(page.get("/Annots", generic.ArrayObject())) + [ref]
    )
    w.update_container(page)
    if "/AcroForm" in w.root:
        form = w.root["/AcroForm"]
        form["/Fields"].append(ref)
        w.update_container(form)
    else:
        w.root[generic.NameObject("/AcroForm")] = w.add_object(
            generic.DictionaryObject({generic.NameObject("/Fields"): generic.ArrayObject([ref])})
        )
        w.update_root()


def _tambah(pdf: Path, ubah) -> None:  # type: ignore[no-untyped-def]
    w = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()))
    ubah(w)
    out = io.BytesIO()
    w.write(out)
    pdf.write_bytes(out.getvalue())


def _tampakkan(w: IncrementalPdfFileWriter, nama: str = "Bayangan") -> None:
    """Clear the hidden flag of the shadow field (in whatever revision ``w`` writes)."""
    for ref in w.root["/AcroForm"]["/Fields"]:
        f = ref.get_object()
        if str(f.get("/T", "")) == nama:
            f[generic.NameObject("/F")] = generic.NumberObject(4)
            w.update_container(f)


def test_bayangan_tersembunyi_ditampakkan_bersama_paraf(pki, kantor: Path, tmp_path: Path) -> None:
    """Shadow attack: a hidden field is in the PDF before signing; inside a later revision
    that also adds a signature, its hidden flag is cleared, revealing PALSU over the number.

    before: naskah signed the prepared PDF without comment; the revealed file was SAH
    after:  naskah refuses to sign the prepared PDF (exit 1, "kolom formulir 'Bayangan'");
            signed outside naskah and revealed with a paraf: TIDAK SAH, exit 1, the changed
            field and its page are named
    pdfsig: both "Signature is Valid."; pyHanko: TTE ENTIRE_REVISION/FORM_FILLING/trusted
    """
    pdf = _salin(kantor, tmp_path)
    _tambah(pdf, _widget_tersembunyi)
    r = _cli_ttd(kantor, pdf, "jarwoko", "--tampak", pki=pki)
    assert r.returncode == 1 and "kolom formulir 'Bayangan'" in r.stderr, r.stderr
    _tanda_tangan_luar(pki, pdf, "jarwoko", "TTE")
    _tanda_tangan_luar(pki, pdf, "penyerang", "Paraf-1", sebelum=_tampakkan)
    assert [s.valid for s in pdfsig(pdf)] == [True, True]
    assert _pyhanko(pdf, pki)["TTE"].endswith("FORM_FILLING/trusted")
    teks, js = _cli_verifikasi(kantor, pdf)
    _tidak_sah(teks, js, "kolom formulir 'Bayangan' diubah dengan tampilan di halaman 1")


def test_bayangan_ditampakkan_setelah_pejabat_tanpa_tanda_tangan(
    pki, kantor: Path, tmp_path: Path
) -> None:
    """The same shadow revealed in a plain incremental update, no new signature.

    before: TIDAK SAH already (this held); after: TIDAK SAH, exit 1
    pdfsig: "Signature is Valid.", not total; pyHanko: FORM_FILLING/trusted
    """
    pdf = _salin(kantor, tmp_path)
    _tambah(pdf, _widget_tersembunyi)
    _tanda_tangan_luar(pki, pdf, "jarwoko", "TTE")
    _tambah(pdf, _tampakkan)
    (s,) = pdfsig(pdf)
    assert s.valid and not s.total
    teks, js = _cli_verifikasi(kantor, pdf)
    _tidak_sah(teks, js, "kolom formulir 'Bayangan' diubah dengan tampilan di halaman 1")


# -- item 2: /NeedAppearances flipped after signing -----------------------------------------


def _bidang_teks_kosong(w: IncrementalPdfFileWriter) -> None:
    """A text field whose value is the fake number and whose appearance is empty."""
    page_ref = w.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    kosong = w.add_object(
        generic.StreamObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/XObject"),
                generic.NameObject("/Subtype"): generic.NameObject("/Form"),
                generic.NameObject("/BBox"): generic.ArrayObject(
                    map(generic.NumberObject, (0, 0, 180, 30))
                ),
            },
            stream_data=b"",
        )
    )
    widget = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Widget"),
            generic.NameObject("/FT"): generic.NameObject("/Tx"),
            generic.NameObject("/T"): generic.TextStringObject("Nomor"),
            generic.NameObject("/V"): generic.TextStringObject(PALSU),
            generic.NameObject("/DA"): generic.TextStringObject("/Helv 11 Tf 1 0 0 rg"),
            generic.NameObject("/F"): generic.NumberObject(4),
            generic.NameObject("/P"): page_ref,
            generic.NameObject("/Rect"): generic.ArrayObject(
                map(generic.NumberObject, KOTAK_NOMOR)
            ),
            generic.NameObject("/AP"): generic.DictionaryObject({generic.NameObject("/N"): kosong}),
        }
    )
    ref = w.add_object(widget)
    page[generic.NameObject("/Annots")] = generic.ArrayObject(
        list(page.get("/Annots", generic.ArrayObject())) + [ref]
    )
    w.update_container(page)
    helv = w.add_object(
        generic.DictionaryObject({
            generic.NameObject("/Type"): generic.NameObject("/Font"),
            generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
            generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
        })
    )  # fmt: skip
    w.root[generic.NameObject("/AcroForm")] = w.add_object(
        generic.DictionaryObject(
            {
                generic.NameObject("/Fields"): generic.ArrayObject([ref]),
                generic.NameObject("/DR"): generic.DictionaryObject(
                    {
                        generic.NameObject("/Font"): generic.DictionaryObject(
                            {generic.NameObject("/Helv"): helv}
                        )
                    }  # fmt: skip
                ),
            }
        )
    )
    w.update_root()


def _need_appearances_pyhanko(w: IncrementalPdfFileWriter) -> None:
    form = w.root["/AcroForm"]
    form[generic.NameObject("/NeedAppearances")] = generic.BooleanObject(True)
    w.update_container(form)


def _need_appearances_tangan(pdf: Path) -> None:
    """Append, byte by byte, an update rewriting only the AcroForm object (no library)."""
    data = pdf.read_bytes()
    r = PdfFileReader(io.BytesIO(data))
    ref = r.root.raw_get("/AcroForm")
    assert isinstance(ref, generic.IndirectObject)
    form = ref.get_object()
    isi = io.BytesIO()
    form.write_to_stream(isi, None)
    badan = isi.getvalue().rstrip()
    assert badan.endswith(b">>")
    badan = badan[:-2] + b" /NeedAppearances true >>"
    prev = int(data[data.rindex(b"startxref") + 9 :].split()[0])
    ukuran = int(r.trailer_view["/Size"])
    root = r.trailer_view.raw_get("/Root")
    tambah = b"\n" if not data.endswith(b"\n") else b""
    off = len(data) + len(tambah)
    obj = b"%d 0 obj\n" % ref.idnum + badan + b"\nendobj\n"
    xref = off + len(obj)
    ekor = (
        b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n" % (ref.idnum, off)
        + b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\n" % (ukuran, root.idnum, prev)
        + b"startxref\n%d\n%%%%EOF\n" % xref
    )
    pdf.write_bytes(data + tambah + obj + ekor)


@pytest.mark.parametrize("penulis", ["pyhanko", "tangan"])
def test_need_appearances_setelah_tanda_tangan(
    penulis: str, pki, kantor: Path, tmp_path: Path
) -> None:
    """A text field valued NOMOR 9999/PALSU/2024 with an empty appearance is in the PDF before
    signing; afterwards an update only sets /NeedAppearances true: viewers draw the number.

    before: naskah signed the prepared PDF without comment; after the flip SAH ("hanya
            penambahan data validasi/cap waktu (LTA)"): AcroForm changes were ignored
    after:  signing refused (exit 1, "kolom formulir 'Nomor'"); signed outside naskah and
            flipped (by pyHanko's writer or by hand), TIDAK SAH, exit 1,
            "/NeedAppearances pada formulir dokumen ditambahkan"
    pdfsig: "Signature is Valid.", not total (both writers)
    pyHanko: ENTIRE_REVISION/LTA_UPDATES/trusted for both writers (its difference analysis
             accepts the AcroForm rewrite)
    """
    pdf = _salin(kantor, tmp_path)
    _tambah(pdf, _bidang_teks_kosong)
    r = _cli_ttd(kantor, pdf, "jarwoko", "--tampak", pki=pki)
    assert r.returncode == 1 and "kolom formulir 'Nomor'" in r.stderr, r.stderr
    _tanda_tangan_luar(pki, pdf, "jarwoko", "TTE")
    if penulis == "pyhanko":
        _tambah(pdf, _need_appearances_pyhanko)
    else:
        _need_appearances_tangan(pdf)
    (s,) = pdfsig(pdf)
    assert s.valid and not s.total
    assert _pyhanko(pdf, pki) == {"TTE": "ENTIRE_REVISION/LTA_UPDATES/trusted"}
    teks, js = _cli_verifikasi(kantor, pdf)
    _tidak_sah(teks, js, "/NeedAppearances pada formulir dokumen ditambahkan")


# -- item 4: binding by NIP --------------------------------------------------------------------


@pytest.mark.parametrize("label", ["mirip-tanpa-nip", "mirip-nik"])
def test_nama_sama_tanpa_nip_bukan_pejabat(label: str, pki, kantor: Path, tmp_path: Path) -> None:
    """CN "JARWOKO" without serialNumber, or "Jarwoko" with a 16-digit NIK; the record holds
    Jarwoko's NIP.

    before: signed, and verified "Sesuai naskah: ya", SAH
    after:  signing refused (exit 1, the NIP required is named); signed outside naskah:
            TIDAK SAH, exit 1, "Sesuai naskah : TIDAK"
    pdfsig: "Signature is Valid." (pdfsig knows nothing of the record)
    """
    pdf = _salin(kantor, tmp_path)
    r = _cli_ttd(kantor, pdf, label, pki=pki)
    assert r.returncode == 1, r.stdout
    assert "NIP 197003191997031001" in r.stderr and "yang memuat NIP tersebut" in r.stderr
    _tanda_tangan_luar(pki, pdf, label, "TTE")
    assert pdfsig(pdf)[0].valid
    teks, js = _cli_verifikasi(kantor, pdf)
    _tidak_sah(teks, js, "Sesuai naskah : TIDAK", "tidak memuat NIP yang tercatat")
    assert js["tanda_tangan"][0]["dasar_catatan"] == "nip"


def test_tanpa_nip_tercatat_nama_menentukan_dan_dikatakan(pki, tmp_path: Path) -> None:
    """A record without NIP: the name decides, and the verdict says so."""
    pdf = tulis_pdf(tmp_path / "tanpa-nip.pdf", penanda=(340, 300),
                    catatan=catatan_untuk("Budi Santoso", "Dr. Budi Santoso, M.Pd."))  # fmt: skip
    with muat_p12(pki.p12("pejabat"), PASS) as p:
        SesiTandaTangan(p, OpsiTandaTangan(timpa=True)).tandatangani(pdf)
    teks = run_naskah("tte", "verifikasi", str(pdf), cwd=_toml(tmp_path, pki))
    assert teks.returncode == 0, teks.stdout + teks.stderr
    assert "ya, hanya berdasarkan nama (naskah tidak mencatat NIP)" in teks.stdout


def _toml(folder: Path, pki) -> Path:  # type: ignore[no-untyped-def]
    k = folder / "kantor"
    k.mkdir(exist_ok=True)
    (k / "naskah.toml").write_text(
        f'[tte]\nakar_tepercaya = ["{pki.root}"]\ntsa = "{pki.tsa}"\n', encoding="utf-8"
    )
    return k


# -- item 7: revocation ------------------------------------------------------------------------


def test_sertifikat_dicabut_ditolak_saat_menandatangani(pki, tmp_path: Path) -> None:
    """before: signed without comment; after: refused, exit 1, "telah dicabut"
    (pdfsig on such a signature: "Signature is Valid.", it checks no revocation)."""
    pdf = tulis_pdf(tmp_path / "c.pdf", penanda=(340, 300),
                    catatan=catatan_untuk("Pejabat Dicabut"))  # fmt: skip
    r = _cli_ttd(_toml(tmp_path, pki), pdf, "dicabut", pki=pki)
    assert r.returncode == 1 and "telah dicabut" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_pencabutan_tak_terperiksa_belum_pasti(pki_sementara, tmp_path: Path) -> None:
    """A revoked certificate's B-B signature, verified offline (--luring) and with the PKI
    down.

    before: SAH, "Tepercaya: ya", exit 0, nothing said about revocation
    after:  BELUM DAPAT DIPASTIKAN, exit 3, "Pencabutan : TIDAK DAPAT DIPERIKSA"; online
            with the PKI up: TIDAK SAH, "telah dicabut", exit 1
    pdfsig: "Signature is Valid." (no revocation check)
    """
    pki = pki_sementara
    pdf = tulis_pdf(tmp_path / "c.pdf", penanda=(340, 300),
                    catatan=catatan_untuk("Pejabat Dicabut"))  # fmt: skip
    with muat_p12(pki.p12("dicabut"), PASS) as p:  # no roots given: no check at signing
        SesiTandaTangan(p, OpsiTandaTangan(timpa=True)).tandatangani(pdf)
    k = _toml(tmp_path, pki)
    daring = run_naskah("tte", "verifikasi", str(pdf), cwd=k)
    assert daring.returncode == 1 and "sertifikat penandatangan telah dicabut" in daring.stdout
    luring = run_naskah("tte", "verifikasi", str(pdf), "--luring", cwd=k)
    assert luring.returncode == 3, luring.stdout
    assert "BELUM DAPAT DIPASTIKAN" in luring.stdout
    assert "Pencabutan    : TIDAK DAPAT DIPERIKSA" in luring.stdout
    pki.hentikan()
    mati = run_naskah("tte", "verifikasi", str(pdf), cwd=k)
    assert mati.returncode == 3 and "BELUM DAPAT DIPASTIKAN" in mati.stdout, mati.stdout
    assert pdfsig(pdf)[0].valid


def test_sertifikat_tiruan_swatanda_ditolak_saat_menandatangani(
    pki, kantor: Path, tmp_path: Path
) -> None:
    """A self-signed look-alike (Dr. Jarwoko, M.Pd., the right NIP, not under the root).

    before: signed; refused only at verification ("tidak berantai")
    after:  refused at signing, exit 1, "tidak berantai ke akar tepercaya"
    """
    from naskah.models import Pejabat
    from naskah.tte import buat_sertifikat_uji

    tiruan = buat_sertifikat_uji(
        Pejabat(nama="Jarwoko", gelar_depan="Dr.", gelar_belakang="M.Pd.",
                nip="197003191997031001", jabatan="Kepala"),
        tmp_path, "tiruan", PASS,
    )  # fmt: skip
    pdf = _salin(kantor, tmp_path)
    r = _cli_ttd(kantor, pdf, str(tiruan.p12))
    assert r.returncode == 1, r.stdout
    assert "tidak berantai ke akar tepercaya" in r.stderr, r.stderr


# -- messages say the real reason ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "alasan"),
    [
        ("kedaluwarsa", "sertifikat penandatangan sudah kedaluwarsa"),
        ("belum-berlaku", "sertifikat penandatangan (atau sertifikat penerbitnya) belum berlaku"),
        ("tanpa-nr", "penggunaan kunci (key usage) sertifikat penandatangan"),
    ],
)
def test_alasan_sertifikat_tidak_sah(label: str, alasan: str, pki, tmp_path: Path) -> None:
    """before: "tidak berantai ke akar tepercaya" for all three; after: the real reason.
    pdfsig: "Signature is Valid.", total, for all three (it does not know the test root:
    "Certificate issuer isn't Trusted"; nothing about validity period or key usage)."""
    signer = signers.SimpleSigner.load_pkcs12(str(pki.p12(label)), passphrase=PASS)
    pdf = tulis_pdf(tmp_path / "a.pdf", catatan=None)
    w = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()))
    out = io.BytesIO()
    signers.sign_pdf(w, signers.PdfSignatureMetadata(field_name="TTE"), signer=signer, output=out)
    pdf.write_bytes(out.getvalue())
    (s,) = pdfsig(pdf)
    assert s.valid and s.total
    teks = run_naskah("tte", "verifikasi", str(pdf), cwd=_toml(tmp_path, pki))
    assert teks.returncode == 1 and alasan in teks.stdout, teks.stdout
    assert "tidak berantai" not in teks.stdout


def test_berkas_diubah_bukan_salah_sertifikat(pki, kantor: Path, tmp_path: Path) -> None:
    """Issue 23 item 6: a byte flipped inside the signed range.

    before: "digest tidak cocok" and "Tepercaya: tidak … tidak berantai ke akar tepercaya"
    after:  TIDAK SAH, exit 1, "digest tidak cocok", "Tepercaya : ya", no chain complaint
    pdfsig: "Digest Mismatch."
    """
    pdf = _salin(kantor, tmp_path)
    assert _cli_ttd(kantor, pdf, "jarwoko", "--tampak", pki=pki).returncode == 0
    data = bytearray(pdf.read_bytes())
    data[len(data) // 4] ^= 0x01
    pdf.write_bytes(bytes(data))
    (s,) = pdfsig(pdf)
    assert not s.valid
    teks, js = _cli_verifikasi(kantor, pdf)
    _tidak_sah(teks, js, "Tepercaya     : ya")
    assert "tidak berantai" not in teks.stdout
    assert js["tanda_tangan"][0]["tepercaya"] is True


def test_bait_setelah_eof(pki, kantor: Path, tmp_path: Path) -> None:
    """Unsigned bytes after the last %%EOF.

    before: SAH, "seluruh dokumen"
    after:  TIDAK SAH, exit 1, "bait tak bertanda tangan setelah akhir berkas"; a trailing
            line end only: still SAH, but not "seluruh dokumen"
    pdfsig: "Signature is Valid.", "not total document signed" (both)
    """
    pdf = _salin(kantor, tmp_path)
    assert _cli_ttd(kantor, pdf, "jarwoko", pki=pki).returncode == 0
    asli = pdf.read_bytes()
    pdf.write_bytes(asli + b"\r\n")
    (s,) = pdfsig(pdf)
    assert s.valid and not s.total
    teks, js = _cli_verifikasi(kantor, pdf)
    assert teks.returncode == 0, teks.stdout + teks.stderr
    assert js["tanda_tangan"][0]["seluruh_dokumen"] is False
    pdf.write_bytes(asli + b"% NOMOR 9999/PALSU/2024\n")
    (s,) = pdfsig(pdf)
    assert s.valid and not s.total
    teks, js = _cli_verifikasi(kantor, pdf)
    _tidak_sah(teks, js, "bait tak bertanda tangan setelah akhir berkas")


# -- item 6: terbitkan --tandatangani signs only the archived bytes ----------------------------


def test_terbitkan_menolak_pdf_arsip_yang_diganti(tmp_path: Path) -> None:
    """before: the replaced v1/naskah.pdf was signed and archived as v2
    after:  refused, exit 1, "tidak sama dengan yang diarsipkan"; nothing archived"""

    def jalankan(k: Path, *args: str, cek: bool = False):  # type: ignore[no-untyped-def]
        # tests.terbit.conftest.jalankan does not put this checkout's src on PYTHONPATH
        (k.parent / "tmp").mkdir(exist_ok=True)
        env = {"NASKAH_SANDI": "naskah-uji", "TMPDIR": str(k.parent / "tmp")}
        r = run_naskah(*args, cwd=k, env=env)
        if cek:
            assert r.returncode == 0, r.stderr + r.stdout
        return r

    k = tmp_path / "kantor"
    k.mkdir()
    jalankan(k, "init", "--contoh", cek=True)
    shutil.copy(CONTOH, k)
    h = json.loads(
        jalankan(k, "terbitkan", "surat-tugas-narasumber.yaml", "--json", cek=True).stdout
    )
    folder = k / "archive" / h["arsip"]
    asli = (folder / "naskah.pdf").read_bytes()
    # the replacement carries the same record, so only the bytes tell them apart
    (folder / "naskah.pdf").write_bytes(asli + b"% diganti\n")
    r = jalankan(
        k, "terbitkan", "surat-tugas-narasumber.yaml", "--tandatangani",
        "--sandi-env", "NASKAH_SANDI",
    )  # fmt: skip
    assert r.returncode == 1, r.stdout + r.stderr
    assert "tidak sama dengan yang diarsipkan" in r.stderr and "Traceback" not in r.stderr
    assert not list((k / "archive").rglob("naskah-ttd.pdf"))


def _lapisan(w: IncrementalPdfFileWriter) -> None:
    """Optional content: a layer a viewer may switch on later."""
    ocg = w.add_object(
        generic.DictionaryObject({
            generic.NameObject("/Type"): generic.NameObject("/OCG"),
            generic.NameObject("/Name"): generic.TextStringObject("Palsu"),
        })
    )  # fmt: skip
    w.root[generic.NameObject("/OCProperties")] = generic.DictionaryObject(
        {
            generic.NameObject("/OCGs"): generic.ArrayObject([ocg]),
            generic.NameObject("/D"): generic.DictionaryObject(
                {generic.NameObject("/OFF"): generic.ArrayObject([ocg])}
            ),
        }
    )
    w.update_root()


def _catatan_tempel(w: IncrementalPdfFileWriter) -> None:
    page = w.root["/Pages"]["/Kids"][0].get_object()
    a = w.add_object(
        generic.DictionaryObject({
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
            generic.NameObject("/Rect"): generic.ArrayObject(
                map(generic.NumberObject, KOTAK_NOMOR)
            ),
            generic.NameObject("/Contents"): generic.TextStringObject(PALSU),
        })
    )  # fmt: skip
    page[generic.NameObject("/Annots")] = generic.ArrayObject([a])
    w.update_container(page)


@pytest.mark.parametrize(
    ("ubah", "isi"),
    [(_lapisan, "konten opsional"), (_catatan_tempel, "anotasi FreeText di halaman 1")],
)
def test_isi_asing_ditolak_saat_menandatangani(ubah, isi: str, pki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Optional content and annotations naskah did not create are refused before signing
    (before: signed without comment); the file is left as it was."""
    pdf = tulis_pdf(tmp_path / "asing.pdf", penanda=(340, 300))
    _tambah(pdf, ubah)
    sebelum = pdf.read_bytes()
    r = _cli_ttd(_toml(tmp_path, pki), pdf, "pejabat", pki=pki)
    assert r.returncode == 1 and isi in r.stderr, r.stderr
    assert pdf.read_bytes() == sebelum
