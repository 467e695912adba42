"""Shadow attacks: every visible change after the last signature makes the document not SAH.

Each attack is built here with pyHanko's incremental writer, the way an attacker would append
an update to a signed PDF. pyHanko's own difference analysis accepts the overlay widget as form
filling and pdfsig reports the signature valid: naskah must not.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from naskah.errors import TTEError
from naskah.tte import OpsiTandaTangan, SesiTandaTangan, muat_akar, muat_p12, verifikasi
from tests.tte.conftest import PASS, pdfsig, periksa_luar, run_naskah
from tests.tte.pdfbuat import tulis_pdf

OVERLAY = b"q 1 1 1 rg 0 0 595 120 re f 1 0 0 rg BT /Helv 36 Tf 40 40 Td (PALSU 9999) Tj ET Q"


def _ttd(pki, pdf: Path, **opsi) -> Path:
    with muat_p12(pki.p12(opsi.pop("label", "pejabat")), PASS) as p:
        return SesiTandaTangan(p, OpsiTandaTangan(timpa=True, **opsi)).tandatangani(pdf).keluaran


def _tambah(path: Path, ubah) -> None:  # type: ignore[no-untyped-def]
    """Append one incremental update made by ``ubah(writer)`` to ``path``."""
    w = IncrementalPdfFileWriter(io.BytesIO(path.read_bytes()))
    ubah(w)
    buf = io.BytesIO()
    w.write(buf)
    path.write_bytes(buf.getvalue())


def _ap(w: IncrementalPdfFileWriter, data: bytes, box: tuple[int, int, int, int]):  # type: ignore[no-untyped-def]
    font = w.add_object(
        generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Font"),
                generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
                generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
            }
        )
    )
    stream = generic.StreamObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/XObject"),
            generic.NameObject("/Subtype"): generic.NameObject("/Form"),
            generic.NameObject("/BBox"): generic.ArrayObject(
                [generic.NumberObject(0), generic.NumberObject(0)]
                + [generic.NumberObject(box[2] - box[0]), generic.NumberObject(box[3] - box[1])]
            ),
            generic.NameObject("/Resources"): generic.DictionaryObject(
                {
                    generic.NameObject("/Font"): generic.DictionaryObject(
                        {generic.NameObject("/Helv"): font}
                    )
                }
            ),
        },
        stream_data=data,
    )
    return w.add_object(stream)


def _halaman(w: IncrementalPdfFileWriter, i: int = 0):  # type: ignore[no-untyped-def]
    return w.root["/Pages"]["/Kids"][i].get_object(), w.root["/Pages"]["/Kids"][i]


def _widget_bayangan(w: IncrementalPdfFileWriter) -> None:
    """An unsigned signature field whose appearance paints a white box with PALSU 9999."""
    page, page_ref = _halaman(w)
    box = (0, 700, 595, 842)
    widget = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Widget"),
            generic.NameObject("/FT"): generic.NameObject("/Sig"),
            generic.NameObject("/T"): generic.TextStringObject("Bayangan"),
            generic.NameObject("/F"): generic.NumberObject(4),
            generic.NameObject("/P"): page_ref,
            generic.NameObject("/Rect"): generic.ArrayObject(map(generic.NumberObject, box)),
            generic.NameObject("/AP"): generic.DictionaryObject(
                {generic.NameObject("/N"): _ap(w, OVERLAY, box)}
            ),
        }
    )
    ref = w.add_object(widget)
    annots = page.get("/Annots", generic.ArrayObject())
    annots = generic.ArrayObject(list(annots) + [ref])
    page[generic.NameObject("/Annots")] = annots
    w.update_container(page)
    form = w.root["/AcroForm"]
    form["/Fields"].append(ref)
    w.update_container(form)


def _freetext(w: IncrementalPdfFileWriter) -> None:
    page, page_ref = _halaman(w)
    annot = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
            generic.NameObject("/Rect"): generic.ArrayObject(
                map(generic.NumberObject, (60, 740, 400, 780))
            ),
            generic.NameObject("/Contents"): generic.TextStringObject("PALSU 9999"),
            generic.NameObject("/DA"): generic.TextStringObject("/Helv 24 Tf 1 0 0 rg"),
            generic.NameObject("/P"): page_ref,
        }
    )
    ref = w.add_object(annot)
    page[generic.NameObject("/Annots")] = generic.ArrayObject(list(page.get("/Annots", [])) + [ref])
    w.update_container(page)


def _ganti_isi(w: IncrementalPdfFileWriter) -> None:
    page, _ = _halaman(w)
    baru = generic.StreamObject(stream_data=b"BT /F1 14 Tf 72 760 Td (Isi palsu) Tj ET")
    page[generic.NameObject("/Contents")] = w.add_object(baru)
    w.update_container(page)


def _halaman_baru(w: IncrementalPdfFileWriter) -> None:
    pages = w.root["/Pages"]
    isi = w.add_object(generic.StreamObject(stream_data=b"BT /F1 30 Tf 72 700 Td (PALSU) Tj ET"))
    page = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Page"),
            generic.NameObject("/Parent"): w.root.raw_get("/Pages"),
            generic.NameObject("/MediaBox"): generic.ArrayObject(
                map(generic.NumberObject, (0, 0, 595, 842))
            ),
            generic.NameObject("/Contents"): isi,
        }
    )
    ref = w.add_object(page)
    pages["/Kids"].append(ref)
    pages[generic.NameObject("/Count")] = generic.NumberObject(int(pages["/Count"]) + 1)
    w.update_container(pages)


def _openaction_js(w: IncrementalPdfFileWriter) -> None:
    js = generic.DictionaryObject(
        {
            generic.NameObject("/S"): generic.NameObject("/JavaScript"),
            generic.NameObject("/JS"): generic.TextStringObject("app.alert('PALSU 9999');"),
        }
    )
    w.root[generic.NameObject("/OpenAction")] = w.add_object(js)
    w.update_root()


SERANGAN = {
    "widget_bayangan": (_widget_bayangan, "widget",
                        "kolom formulir 'Bayangan' baru dengan tampilan di halaman 1"),
    "anotasi_freetext": (_freetext, "anotasi", "anotasi FreeText ditambahkan di halaman 1"),
    "isi_diganti": (_ganti_isi, "isi_halaman", "halaman 1: /Contents diubah"),
    "halaman_baru": (_halaman_baru, "halaman_baru", "halaman baru 2"),
    "openaction_js": (_openaction_js, "aksi", "/OpenAction pada katalog dokumen ditambahkan"),
}  # fmt: skip


def _cek_tidak_sah(pki, out: Path, jenis: str, uraian: str) -> None:
    lap = verifikasi(out, muat_akar([pki.root]), ambil_daring=False)
    assert not lap.sah, lap.ke_dict()
    assert [p.jenis for p in lap.perubahan] == [jenis], lap.perubahan
    assert lap.perubahan[0].uraian == uraian
    for t in lap.tanda_tangan:
        assert t.utuh and not t.sah  # the signed revision itself is intact ...
        assert any(uraian in m for m in t.masalah), t.masalah  # ... the report says what
    r = run_naskah("tte", "verifikasi", str(out), "--json", "--luring", cwd=out.parent)
    assert r.returncode == 1, r.stdout
    data = json.loads(r.stdout)[0]
    assert data["sah"] is False
    assert data["perubahan_setelah_tanda_tangan"][0]["uraian"] == uraian
    teks = run_naskah("tte", "verifikasi", str(out), "--luring", cwd=out.parent)
    assert teks.returncode == 1 and "TIDAK SAH" in teks.stdout and uraian in teks.stdout


@pytest.mark.parametrize("nama", sorted(SERANGAN))
def test_serangan_setelah_tanda_tangan_persetujuan(nama: str, pki, pdf: Path) -> None:
    ubah, jenis, uraian = SERANGAN[nama]
    out = _ttd(pki, pdf, tampak=True)
    _tambah(out, ubah)
    _cek_tidak_sah(pki, out, jenis, uraian)
    if nama == "widget_bayangan":
        # the reason this check exists: pdfsig calls the overlaid document valid
        (s,) = [x for x in pdfsig(out) if x.field == "TTE"]
        assert s.valid


def test_widget_bayangan_setelah_sertifikasi(pki, pdf: Path) -> None:
    out = _ttd(pki, pdf, label="verifikator", peran="paraf", sertifikasi=True, jumlah_paraf=1)
    _tambah(out, _widget_bayangan)
    _cek_tidak_sah(pki, out, "widget", SERANGAN["widget_bayangan"][2])


def test_openaction_js_diperingatkan(pki, pdf: Path) -> None:
    out = _ttd(pki, pdf)
    _tambah(out, _openaction_js)
    lap = verifikasi(out, muat_akar([pki.root]), ambil_daring=False)
    assert any("JavaScript" in w for w in lap.peringatan), lap.peringatan


def test_rantai_paraf_pejabat_tetap_sah(pki, pdf: Path) -> None:
    """Form filling a later signature covers is accepted: the paraf chain stays SAH."""
    _ttd(pki, pdf, label="verifikator", peran="paraf", sertifikasi=True, jumlah_paraf=1)
    _ttd(pki, pdf, tampak=True)
    lap = verifikasi(pdf, muat_akar([pki.root]))
    assert lap.sah, lap.ke_dict()
    assert lap.perubahan == [] and lap.peringatan == []
    assert [t.sesuai_catatan for t in lap.tanda_tangan] == [True, True]
    periksa_luar(pdf, jumlah=2)


def test_b_lta_tetap_sah(pki, pdf: Path) -> None:
    akar = muat_akar([pki.root])
    out = _ttd(pki, pdf, tingkat="B-LTA", tsa=pki.tsa, akar_tepercaya=akar, tampak=True)
    lap = verifikasi(out, akar)
    assert lap.sah, lap.ke_dict()
    assert lap.perubahan == []
    periksa_luar(out, jumlah=2)


@pytest.mark.parametrize("nama", ["openaction_js", "anotasi_javascript"])
def test_isi_aktif_ditolak_saat_menandatangani(nama: str, pki, tmp_path: Path) -> None:
    src = tulis_pdf(tmp_path / "aktif.pdf", penanda=(340, 300))

    def link_js(w: IncrementalPdfFileWriter) -> None:
        page, _ = _halaman(w)
        a = w.add_object(
            generic.DictionaryObject(
                {
                    generic.NameObject("/Type"): generic.NameObject("/Annot"),
                    generic.NameObject("/Subtype"): generic.NameObject("/Link"),
                    generic.NameObject("/Rect"): generic.ArrayObject(
                        map(generic.NumberObject, (0, 0, 595, 842))
                    ),
                    generic.NameObject("/A"): generic.DictionaryObject(
                        {
                            generic.NameObject("/S"): generic.NameObject("/JavaScript"),
                            generic.NameObject("/JS"): generic.TextStringObject("app.alert(1)"),
                        }
                    ),
                }
            )
        )
        page[generic.NameObject("/Annots")] = generic.ArrayObject([a])
        w.update_container(page)

    _tambah(src, _openaction_js if nama == "openaction_js" else link_js)
    sebelum = src.read_bytes()
    with muat_p12(pki.p12("pejabat"), PASS) as p, pytest.raises(TTEError, match="isi aktif"):
        SesiTandaTangan(p).tandatangani(src)
    assert src.read_bytes() == sebelum
    assert sorted(x.name for x in tmp_path.iterdir()) == ["aktif.pdf"]  # nothing written
