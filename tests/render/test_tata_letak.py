"""Read the rendered layout back: closing blocks never alone, title lines without a lone word,
the logo inside its cell, deputy forms, copies, single lampiran, URL breaks, italics."""

from __future__ import annotations

import itertools
import re
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn

from naskah.models import Keputusan, SuratTugas
from naskah.render.konteks import baris_jabatan_ttd
from tests.render.conftest import LUAR

BERTANDA_TANGAN = ["kaltim", "kalteng", "sk_kerja_sama", "surat_tugas", "istimewa_keputusan",
                   "istimewa_surat_tugas", "plh_salinan_satu_lampiran", "an_surat_tugas",
                   "ub_surat_tugas", "buku_sp", *LUAR]  # fmt: skip
EMU_PER_TWIP = 635
MARGIN_SEL_TWIP = 108  # Word's and LibreOffice's default left/right cell margin (0.19 cm)


def halaman(pdf) -> list[str]:
    """Return the text of every page (pdftotext -layout), zero-width spaces removed."""
    teks = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout  # fmt: skip
    return teks.replace("\u200b", "").split("\f")[:-1]


def _kata(teks: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9][\w.,/:;()\-]*", teks)


def _kata_penutup(dok) -> set[str]:
    """Return the words a closing block (place, date, jabatan, name, NIP, footnote) prints."""
    p = dok.penandatangan
    teks = [p.nama_lengkap, p.nip_tampil or "", "Ditetapkan di pada tanggal NIP ttd. TTD.",
            dok.ditetapkan_di or "", "Samarinda Palangka Raya Kota Contoh",
            "Pimpinan Penyelenggara Pelayanan", "Dokumen ini telah ditandatangani secara "
            "elektronik menggunakan sertifikat elektronik yang diterbitkan oleh Balai Besar "
            "Sertifikasi Elektronik (BSrE), Badan Siber dan Sandi Negara.",
            " ".join(baris_jabatan_ttd(p, "Kepala", dok.mewakili)),
            "Mei Maret Juli Juni 2024 2025 2026 Januari"]  # fmt: skip
    if isinstance(dok, Keputusan):
        teks.append(" ".join(baris_jabatan_ttd(p, dok.jabatan_penetap, dok.mewakili)))
    return {k.strip(",.;:").lower() for t in teks for k in t.split()}


@pytest.mark.slow
@pytest.mark.parametrize("nama", BERTANDA_TANGAN)
def test_blok_penutup_tidak_pernah_sendirian(hasil_render, nama):
    h = hasil_render[nama]
    nama_ttd = h.dokumen.penandatangan.nama_lengkap
    penutup = _kata_penutup(h.dokumen)
    dilihat = 0
    for i, teks in enumerate(halaman(h.pdf), 1):
        if nama_ttd not in teks:
            continue
        dilihat += 1
        lain = [k for k in _kata(teks) if k.strip(",.;:").lower() not in penutup
                and not k.isdigit()]  # fmt: skip
        assert len(lain) >= 12, f"{nama} halaman {i}: blok penutup sendirian ({lain})"
    assert dilihat >= 1 + len(getattr(h.dokumen, "lampiran", []))


@pytest.mark.slow
@pytest.mark.parametrize("nama", ["kaltim", "kalteng"])
def test_komponen_terakhir_sehalaman_dengan_penutup(hasil_render, nama):
    h = hasil_render[nama]
    nama_ttd = h.dokumen.penandatangan.nama_lengkap
    hal = halaman(h.pdf)
    jumlah_sp = sum(1 for lp in h.dokumen.lampiran if lp.standar_pelayanan)
    # each Standar Pelayanan lampiran starts with its delivery part and ends with its closing
    diperiksa, dalam_sp = 0, False
    for i, teks in enumerate(hal, 1):
        dalam_sp = dalam_sp or "Penyampaian Pelayanan" in teks
        if dalam_sp and nama_ttd in teks:
            assert "Evaluasi Kinerja" in teks, f"{nama} halaman {i}"
            diperiksa += 1
            dalam_sp = False
    assert diperiksa == jumlah_sp


@pytest.mark.slow
def test_penutup_lampiran_dalam_baris_tak_terbelah(hasil_render):
    doc = Document(str(hasil_render["kaltim"].docx))
    nama = hasil_render["kaltim"].dokumen.penandatangan.nama_lengkap
    baris_ttd = [tr for tr in doc.element.body.iter(qn("w:tr"))
                 if any(nama in (t.text or "") for t in tr.iter(qn("w:t")))
                 and tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None]  # fmt: skip
    assert len(baris_ttd) == 3  # one per Standar Pelayanan lampiran


def _tinggi_penutup(hal, nama: str) -> float | None:
    """Return the height (pt) from the page's top to the end of the signature block, if there.

    The block ends at the NIP line below the signer's ``nama`` (or at the name).
    """
    kata = [k for _, _, k in hal.kata]
    awal = nama.split()
    i = next((j for j in range(len(kata)) if kata[j : j + len(awal)] == awal), None)
    if i is None:
        return None
    akhir = i + len(awal) - 1
    if akhir + 1 < len(kata) and kata[akhir + 1] == "NIP":
        akhir += 1
        while akhir + 1 < len(kata) and kata[akhir + 1].replace("\xa0", "").isdigit():
            akhir += 1
    return hal.kata[akhir][1] - hal.atas


@pytest.mark.slow
@pytest.mark.parametrize(
    "nama", ["kaltim", "kalteng", "sk_kerja_sama", "plh_salinan_satu_lampiran"]
)
def test_baris_judul_dan_kop_tanpa_kata_tunggal(hasil_render, nama):
    pertama = halaman(hasil_render[nama].pdf)[0].splitlines()
    awal = next(i for i, b in enumerate(pertama) if b.strip() == "KEPUTUSAN")
    akhir = next(i for i, b in enumerate(pertama) if b.strip().startswith("Menimbang"))
    kop = [b.strip() for b in pertama[:awal] if b.strip() and set(b.strip()) != {"_"}]
    judul = [b.strip() for b in pertama[awal:akhir] if b.strip()]
    for b in kop + judul:
        if b in ("KEPUTUSAN", "TENTANG", "SALINAN"):
            continue
        assert len(b.split()) >= 2, f"{nama}: baris judul/kop berisi satu kata: {b!r}"


@pytest.mark.slow
@pytest.mark.parametrize("nama", ["kaltim", "surat_tugas", "sk_kerja_sama"])
def test_logo_di_dalam_selnya(hasil_render, nama):
    doc = Document(str(hasil_render[nama].docx))
    sel = doc.tables[0].rows[0].cells[0]
    lebar_sel = int(sel._tc.tcPr.find(qn("w:tcW")).get(qn("w:w")))
    extent = next(sel._tc.iter(qn("wp:extent")))
    lebar_logo = int(extent.get("cx")) / EMU_PER_TWIP
    assert lebar_logo + 2 * MARGIN_SEL_TWIP <= lebar_sel, (lebar_logo, lebar_sel)


def _paragraf(docx, gaya: str | None = None) -> list[str]:
    doc = Document(str(docx))
    nama_gaya = {st.style_id: st.name for st in doc.styles}
    out = []
    for p in doc.element.body.iter(qn("w:p")):
        ps = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        nama = ps.get(qn("w:val")) if ps is not None else None
        if gaya is None or (nama and nama_gaya.get(nama) == gaya):
            out.append("".join(t.text or "" for t in p.iter(qn("w:t"))).replace("\u200b", ""))
    return out


@pytest.mark.slow
def test_jabatan_ttd_kapital_dan_bentuk_mewakili(hasil_render):
    an = " ".join(_paragraf(hasil_render["an_surat_tugas"].docx, "Tanda Tangan"))
    assert "a.n. KEPALA BPMP PROVINSI KALIMANTAN TIMUR KEPALA SUBBAGIAN UMUM, " in an
    assert an.index("SUBBAGIAN UMUM,") < an.index("Siti Rahmawati, S.E., M.Si.")
    ub = " ".join(_paragraf(hasil_render["ub_surat_tugas"].docx, "Tanda Tangan"))
    assert (
        "a.n. KEPALA BPMP PROVINSI KALIMANTAN TIMUR KEPALA SUBBAGIAN UMUM u.b. "
        "KOORDINATOR UNIT LAYANAN TERPADU, Ahmad Fauzi, S.Kom."
    ) in ub
    plh = " ".join(_paragraf(hasil_render["plh_salinan_satu_lampiran"].docx, "Tanda Tangan"))
    assert "Plh. KEPALA BPMP PROVINSI KALIMANTAN TIMUR, Siti Rahmawati" in plh
    kaltim = " ".join(_paragraf(hasil_render["kaltim"].docx, "Tanda Tangan"))
    assert "KEPALA BPMP PROVINSI KALIMANTAN TIMUR," in kaltim
    # the PDF prints the same lines on the page with the signer's name
    teks = " ".join(" ".join(halaman(hasil_render["ub_surat_tugas"].pdf)).split())
    assert "KEPALA SUBBAGIAN UMUM u.b. KOORDINATOR UNIT LAYANAN TERPADU," in teks


@pytest.mark.slow
def test_nama_bergelar_tidak_terpotong(hasil_render):
    for teks in halaman(hasil_render["kalteng"].pdf):
        if "Haridjaya" in teks:
            assert "Dr. Tomy Haridjaya, S.Sos., M.M." in teks


@pytest.mark.slow
def test_salinan_ttd_dan_blok_pengesahan(hasil_render):
    h = hasil_render["plh_salinan_satu_lampiran"]
    semua = _paragraf(h.docx)
    assert semua[semua.index("SALINAN") + 1] == "KEPUTUSAN"
    ttd = _paragraf(h.docx, "Tanda Salinan")
    assert ttd == ["TTD.", "TTD."]  # the decree and its lampiran: no signature space
    assert "[[TTE]]" not in _paragraf(h.docx, "Penanda TTE")
    blok = _paragraf(h.docx, "Blok Salinan")
    # the NIP's groups are joined by no-break spaces: never broken across a line (issue 21)
    assert blok == ["Salinan sesuai dengan aslinya", "KOORDINATOR UNIT LAYANAN TERPADU,",
                    "Ahmad Fauzi, S.Kom.", "NIP 19900101\xa0201501\xa01\xa0002"]  # fmt: skip
    teks = " ".join(" ".join(halaman(h.pdf)).split())
    assert teks.count("[[TTE]]") == 1
    assert teks.index("Salinan sesuai dengan aslinya") < teks.index("[[TTE]]")
    assert teks.index("TTD.") < teks.index("Salinan sesuai dengan aslinya")


@pytest.mark.slow
def test_satu_lampiran_berkepala_lampiran(hasil_render):
    h = hasil_render["plh_salinan_satu_lampiran"]
    semua = _paragraf(h.docx)
    assert "LAMPIRAN" in semua and not any(p.startswith("LAMPIRAN I") for p in semua)
    teks = " ".join(" ".join(halaman(h.pdf)).split())
    assert "tercantum dalam Lampiran." in teks
    sk = " ".join(_paragraf(hasil_render["sk_kerja_sama"].docx))
    assert "LAMPIRAN KEPUTUSAN" in sk and "LAMPIRAN I " not in sk


@pytest.mark.slow
def test_url_hanya_patah_sesudah_garis_miring(hasil_render):
    url = "https://bpmpkalteng.kemdikbud.go.id/ult/index.php?page=pengaduan"
    teks = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(hasil_render["kalteng"].pdf),
                           "-"], check=True, capture_output=True, text=True).stdout  # fmt: skip
    teks = teks.replace("\u200b", "")
    pola = r"\s*".join(re.escape(c) for c in url)
    m = re.search(pola, teks)
    assert m, "URL tidak ditemukan di PDF"
    for patah in re.finditer(r"\s+", m.group(0)):  # no hyphen added, no break inside a word
        assert m.group(0)[patah.start() - 1] in "/?", m.group(0)


@pytest.mark.slow
def test_judul_bagian_bahasa_inggris_miring(hasil_render):
    doc = Document(str(hasil_render["kaltim"].docx))
    miring = {r.text.strip() for p in doc.paragraphs for r in p.runs if r.italic}
    assert {"(Service Delivery)", "(Manufacturing)"} <= miring


def test_dokumen_uji_sah():
    from tests.render.conftest import dokumen_tata_letak

    d = dokumen_tata_letak()
    assert isinstance(d["plh_salinan_satu_lampiran"], Keputusan)
    assert isinstance(d["ub_surat_tugas"], SuratTugas)


@pytest.mark.slow
@pytest.mark.parametrize("nama", ["kaltim", "kalteng"])
def test_bagan_alur_utuh_di_satu_halaman_dan_teksnya_terbaca(hasil_render, nama):
    # issue 21: a chart is never cut across pages (one that does not fit the rest of a page
    # moves to the next whole), and its steps are text in the PDF, not pixels
    h = hasil_render[nama]
    hal = [" ".join(t.split()) for t in halaman(h.pdf)]
    pertama = [i for i, t in enumerate(halaman(h.pdf))
               if re.search(r"^\s*LAMPIRAN( [IVX]+)?\s*$", t, re.M)]  # fmt: skip
    assert len(pertama) == len(h.dokumen.lampiran)
    bagan = 0
    for i, lp in zip(pertama, h.dokumen.lampiran, strict=True):
        if not lp.standar_pelayanan:
            continue
        assert "Persyaratan" in hal[i], f"{nama} halaman {i + 1}"  # the table starts there
        alur = lp.standar_pelayanan.penyampaian.prosedur.alur
        if alur is None:
            continue
        bagan += 1
        # the first word of each step (a step's text wraps inside its box, and the page's
        # text flows around the chart's columns)
        awal = [s.teks.split()[0] for s in alur.langkah]
        tempat = {j for j, t in enumerate(hal) if all(a in t for a in awal)}
        assert tempat, f"{nama}: langkah bagan lampiran tidak semuanya di satu halaman: {awal}"
    assert bagan


def test_bagan_alur_satu_gambar_vektor_emf(tmp_path):
    # issue 21: one picture per chart (never cut in bands), EMF: vector in Word and LibreOffice
    import struct
    import zipfile

    from naskah.models import Alur
    from naskah.render import render_docx
    from naskah.render.flowchart import PenggambarAlur

    alur = Alur.model_validate({"langkah": [
        {"id": f"L{i}", "teks": f"Langkah ke-{i} yang cukup panjang untuk dua baris teks"}
        for i in range(8)]})  # fmt: skip
    emf, lebar, tinggi = PenggambarAlur().emf(alur)
    jenis, ukuran = struct.unpack_from("<II", emf)
    assert jenis == 1 and emf[40:44] == b" EMF"  # EMR_HEADER, signature
    assert struct.unpack_from("<I", emf, 48)[0] == len(emf)  # nBytes
    assert "Langkah ke-7".encode("utf-16-le") in emf  # text as text, not pixels
    assert emf[-20:-16] == struct.pack("<I", 14)  # EMR_EOF closes it
    assert tinggi > lebar > 0
    from naskah.render.templat import contoh_dokumen

    path = render_docx(contoh_dokumen("keputusan"), tmp_path / "k.docx")
    with zipfile.ZipFile(path) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        jenis_isi = z.read("[Content_Types].xml").decode()
    assert any(n.endswith(".emf") for n in media), media
    assert 'Extension="emf"' in jenis_isi or "image/x-emf" in jenis_isi


@pytest.mark.slow
@pytest.mark.parametrize("nama", ["sertifikat", "kaltim", "surat_tugas"])
def test_nama_kop_dicetak_sebagai_teks(hasil_render, nama):
    # kop.kementerian / kop.unit stay strings for every template (the certificate's, an
    # office's own); the balanced lines are kop.kementerian_baris / kop.unit_baris
    teks = " ".join(halaman(hasil_render[nama].pdf))
    assert "['" not in teks and "KEMENTERIAN PENDIDIKAN" in teks


@pytest.mark.slow
def test_buku_standar_pelayanan(hasil_render):
    h = hasil_render["buku_sp"]
    hal = halaman(h.pdf)
    sampul = " ".join(hal[0].split())
    assert sampul.startswith("STANDAR PELAYANAN di Lingkungan Balai Penjaminan Mutu Pendidikan "
                             "Provinsi Kalimantan Timur")  # fmt: skip
    catatan_tte = "Dokumen ini telah ditandatangani secara elektronik"
    assert sampul.split(catatan_tte)[0].rstrip().endswith("TAHUN 2024")  # no page number
    assert hal[1].split()[:2] == ["KATA", "PENGANTAR"]
    assert h.dokumen.penandatangan.nama_lengkap in hal[1]
    for s in h.dokumen.standar:
        judul = f"STANDAR PELAYANAN {s.nama.upper()}"
        awal = [i for i, t in enumerate(hal) if " ".join(t.split()).startswith(judul)]
        assert len(awal) == 1, judul
    teks = " ".join(" ".join(hal).split())
    assert teks.count("[[TTE]]") == 1


# --- Standar Pelayanan tables: pages break between items ---------------------------------------

KIRI_PT = 3.0 * 72 / 2.54  # the decree's left margin (templates/_buat_templat.py)
BAWAH_PT = 2.0 * 72 / 2.54  # its bottom margin: the page number below it is not table text


def _sel_sp(docx) -> tuple[list[str], list[str]]:
    """Return the URAIAN paragraphs (one an item) and the KOMPONEN names of the SP tables."""
    from tests.render.conftest import padat

    butir, label = [], []
    for tr in Document(str(docx)).element.body.iter(qn("w:tr")):
        sel = tr.findall(qn("w:tc"))
        if len(sel) != 3 or "".join(t.text or "" for t in sel[2].iter(qn("w:t"))) == "URAIAN":
            continue
        for p in sel[2].findall(qn("w:p")):
            teks = padat("".join(t.text or "" for t in p.iter(qn("w:t"))).replace("\u200b", ""))
            if teks:
                butir.append(teks)
        nama = padat("".join(t.text or "" for t in sel[1].iter(qn("w:t"))))
        if nama:
            label.append(nama)
    return butir, label


def _baris_kolom(pdf) -> list[tuple[int, str, str, bool]]:
    """Return the text lines of the URAIAN and KOMPONEN columns, page by page, in order.

    Each is ``(page, column, text without whitespace, below a repeated header on that page)``;
    the columns are told apart by their left edge (KOLOM_SP_CM from the left margin).
    """
    from naskah.render.konteks import KOLOM_SP_CM

    x_label = KIRI_PT + KOLOM_SP_CM[0] * 72 / 2.54
    x_uraian = KIRI_PT + (KOLOM_SP_CM[0] + KOLOM_SP_CM[1]) * 72 / 2.54
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    out = []
    for i, hal in enumerate(re.findall(r"<page (.*?)</page>", xml, re.S), 1):
        tinggi = float(re.search(r'height="([\d.]+)"', hal).group(1))
        kata = [
            (float(x), float(y), w.replace("\u200b", ""))
            for x, y, w in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', hal
            )
        ]
        kepala = [y for x, y, w in kata if w == "URAIAN" and x > x_uraian]
        # the footer (page number, the TTE footnote) is no table text
        kaki = [y for (_, y, w), (_, _, w2) in itertools.pairwise(kata)
                if (w, w2) == ("Dokumen", "ini") and y > tinggi / 2]  # fmt: skip
        batas = min([tinggi - BAWAH_PT, *kaki])
        baris: dict[tuple[str, int], list[tuple[float, str]]] = {}
        for x, y, w in kata:
            if y >= batas - 0.5 or any(abs(y - k) < 1 for k in kepala):
                continue  # the footer, the repeated header row
            kolom = "uraian" if x >= x_uraian - 1 else "label" if x >= x_label - 1 else None
            if kolom:
                baris.setdefault((kolom, round(y)), []).append((x, w))
        for (kolom, y), isi in sorted(baris.items(), key=lambda b: b[0][1]):
            teks = "".join(w for _, w in sorted(isi))
            out.append((i, kolom, teks, bool(kepala) and min(kepala) < y))
    return out


def _cari_urut(teks: list[str], baris: list[tuple[int, str, bool]], jenis: str) -> list[str]:
    """Find every text of ``teks`` in order in the column's lines; return what is wrong.

    A text split across pages must keep two lines on each side (no page starts with its last
    line, none ends with its first line alone), and each page it is printed on repeats the
    table header above it.
    """
    salah, pos = [], 0
    for b in teks:
        while pos < len(baris) and not (baris[pos][1] and b.startswith(baris[pos][1])):
            pos += 1  # a line outside the items (a heading, the closing block)
        if pos == len(baris):
            return [*salah, f"{jenis} tidak ditemukan di PDF: {b[:60]}"]
        kumpul, hal_b = "", []
        while kumpul != b:
            hal, isi, kepala = baris[pos]
            if not b.startswith(kumpul + isi):
                return [*salah, f"{jenis} terpotong di halaman {hal}: {b[:60]}"]
            kumpul += isi
            hal_b.append(hal)
            if not kepala:
                salah.append(f"halaman {hal}: {jenis} tanpa kepala tabel di atasnya: {b[:40]}")
            pos += 1
        if len(set(hal_b)) > 1:
            awal, akhir = hal_b.count(hal_b[0]), hal_b.count(hal_b[-1])
            if jenis == "komponen" or awal < 2 or akhir < 2:
                salah.append(f"halaman {hal_b[0]}–{hal_b[-1]}: {jenis} terbelah "
                             f"{awal}|{akhir} baris: {b[:50]}")  # fmt: skip
    return salah


def periksa_pemisah_butir(docx, pdf) -> list[str]:
    """Return the page breaks of the SP tables a typesetter would refuse (empty: none).

    Every item of a URAIAN cell is found, line by line, in the PDF (see :func:`_cari_urut`);
    every component name must stand whole on one page.
    """
    butir, label = _sel_sp(docx)
    semua = _baris_kolom(pdf)
    kolom = {k: [(hal, teks, kepala) for hal, kk, teks, kepala in semua if kk == k]
             for k in ("uraian", "label")}  # fmt: skip
    return _cari_urut(butir, kolom["uraian"], "butir") + _cari_urut(
        label, kolom["label"], "komponen"
    )


@pytest.mark.slow
@pytest.mark.parametrize("nama", ["kaltim", "kalteng", "buku_sp"])
def test_tabel_sp_hanya_patah_di_antara_butir(hasil_render, nama):
    h = hasil_render[nama]
    butir, _ = _sel_sp(h.docx)
    assert len(butir) > 50  # every example's items are checked, not a few
    assert periksa_pemisah_butir(h.docx, h.pdf) == []
    # the tables do run over pages: the check above saw page breaks inside them
    halaman_sp = {hal for hal, kolom, _, _ in _baris_kolom(h.pdf) if kolom == "uraian"}
    assert len(halaman_sp) >= 4


@pytest.mark.slow
def test_komponen_satu_baris_per_butir_digabung_vertikal(hasil_render):
    # one table row per item: NO and KOMPONEN are merged down the component's rows
    doc = Document(str(hasil_render["kaltim"].docx))
    baris = [tr for tr in doc.element.body.iter(qn("w:tr")) if len(tr.findall(qn("w:tc"))) == 3]
    lanjut = [tr for tr in baris
              if tr.find(f"{qn('w:tc')}/{qn('w:tcPr')}/{qn('w:vMerge')}") is not None
              and tr.find(f"{qn('w:tc')}/{qn('w:tcPr')}/{qn('w:vMerge')}").get(qn("w:val"))
              == "continue"]  # fmt: skip
    assert len(lanjut) > 50
    for tr in lanjut:  # a continuation row prints no number or name again
        no, nama, _ = tr.findall(qn("w:tc"))
        assert not "".join(t.text or "" for c in (no, nama) for t in c.iter(qn("w:t"))).strip()


@pytest.mark.slow
@pytest.mark.parametrize("nama", ["kaltim", "kalteng", "sk_kerja_sama", "buku_sp", *LUAR])
def test_tidak_ada_halaman_kosong(hasil_render, nama):
    # the paragraph after a closing row that fills its page is 1 pt high: no empty last page
    for i, teks in enumerate(halaman(hasil_render[nama].pdf), 1):
        kata = [k for k in teks.split() if k != str(i)]
        assert len(kata) >= 12, f"{nama} halaman {i} hampir kosong: {kata}"


@pytest.mark.slow
def test_butir_panjang_terbelah_dua_baris_di_setiap_sisi(hasil_render):
    from tests.render.conftest import BUTIR_PANJANG, padat

    h = hasil_render["butir_panjang"]
    assert periksa_pemisah_butir(h.docx, h.pdf) == []
    # the long item is printed in pieces (rows) and does run over a page break here
    panjang, kumpul, hal = padat(BUTIR_PANJANG), "", []
    baris = [(i, t) for i, k, t, _ in _baris_kolom(h.pdf) if k == "uraian"]
    pos = next(j for j, (_, t) in enumerate(baris) if len(t) > 20 and panjang.startswith(t))
    while kumpul != panjang:
        kumpul += baris[pos][1]
        hal.append(baris[pos][0])
        pos += 1
    assert len(set(hal)) == 2, hal
    assert hal.count(hal[0]) >= 2 and hal.count(hal[-1]) >= 2, hal


KOSONG_MAKS = 1 / 3
"""Issue 21: no page less than two-thirds full when what follows would have fitted on it."""
AWAL_BAGIAN = ("LAMPIRAN", "KATA", "STANDAR")
"""First words of a part that starts on a new page (a lampiran, the booklet's parts)."""


def _alur(data: object) -> list[list[str]]:
    """Return the steps' words of every flowchart in a dumped document (any depth)."""
    if isinstance(data, dict):
        if isinstance(data.get("alur"), dict):
            return [[s["teks"].split() for s in data["alur"]["langkah"]], *_alur(
                {k: v for k, v in data.items() if k != "alur"})]  # fmt: skip
        return [a for v in data.values() for a in _alur(v)]
    if isinstance(data, list):
        return [a for v in data for a in _alur(v)]
    return []


def _tinggi_bagan(hal, langkah: list[list[str]]) -> float | None:
    """Return the height (pt) a chart (or the part of it) on page ``hal`` spans, if there.

    Measured from its topmost step's first line to its lowermost step's first line.
    """
    kata = [k for _, _, k in hal.kata]
    y = [hal.kata[i]
         for awal in langkah for i in range(len(kata)) if kata[i : i + 2] == awal[:2]]  # fmt: skip
    if len(y) < 2:
        return None
    return max(b for _, b, _ in y) - min(a for a, _, _ in y)


def _tinggi_penutup(hal, nama: str) -> float | None:
    """Return the height (pt) from the page's top to the end of the signature block, if there.

    The block ends at the NIP line below the signer's ``nama`` (or at the name).
    """
    kata = [k for _, _, k in hal.kata]
    awal = nama.split()
    i = next((j for j in range(len(kata)) if kata[j : j + len(awal)] == awal), None)
    if i is None:
        return None
    akhir = i + len(awal) - 1
    if akhir + 1 < len(kata) and kata[akhir + 1] == "NIP":
        akhir += 1
        while akhir + 1 < len(kata) and kata[akhir + 1].replace("\xa0", "").isdigit():
            akhir += 1
    return hal.kata[akhir][1] - hal.atas


@pytest.mark.slow
@pytest.mark.parametrize(
    "nama", ["kaltim", "kalteng", "sk_kerja_sama", "surat_tugas", "buku_sp",
             "plh_salinan_satu_lampiran", "butir_panjang", "alur_panjang",
             "sulsel_salinan", *LUAR])  # fmt: skip
def test_halaman_tidak_kosong_bila_lanjutannya_muat(hasil_render, nama):
    # issue 21 (page flow): a page ends less than two-thirds full only before a part that starts
    # on a new page, or before a flowchart taller than the room left (a chart moves whole)
    from tests.render.halaman_kosong import ukur

    h = hasil_render[nama]
    bagan = _alur(h.dokumen.model_dump())
    hal = ukur(h.pdf)
    dilewati = 0
    # no blank page anywhere (a page break after a block that fills its page)
    assert all(h.kosong < 0.95 for h in hal), [round(h.kosong, 2) for h in hal]
    for i, (ini, lanjut) in enumerate(itertools.pairwise(hal), 1):
        if ini.kosong <= KOSONG_MAKS:
            continue
        if lanjut.kata and lanjut.kata[0][2] in AWAL_BAGIAN:
            dilewati += 1
            continue
        tinggi = [t for b in bagan if (t := _tinggi_bagan(lanjut, b)) is not None]
        # a closing block (the last lines kept with the signature) that did not fit either
        penutup = _tinggi_penutup(lanjut, h.dokumen.penandatangan.nama_lengkap)
        if penutup is not None:
            tinggi.append(penutup)
        assert tinggi and max(tinggi) > ini.ruang, (
            f"{nama} halaman {i}: {ini.kosong:.0%} kosong, padahal lanjutannya "
            f"({lanjut.teks()[:80]}…) tidak berupa bagian baru atau bagan yang tak muat"
        )


@pytest.mark.slow
def test_bagan_setinggi_lebih_dari_halaman_terbagi_dengan_penghubung(hasil_render):
    # issue 21: a 20-step chart is printed in parts, cut between steps: each step's box whole
    # on one page, the parts in order over consecutive pages, each break marked by the same
    # connector letter at the end of one part and the start of the next
    from tests.render.halaman_kosong import ukur

    h = hasil_render["alur_panjang"]
    alur = h.dokumen.lampiran[0].standar_pelayanan.penyampaian.prosedur.alur
    hal = ukur(h.pdf)
    tempat = []
    for s in alur.langkah:
        awal = s.teks.split()[:2]
        ada = [
            i
            for i, p in enumerate(hal)
            if any([k for _, _, k in p.kata[j : j + 2]] == awal for j in range(len(p.kata)))
        ]
        assert len(ada) == 1, (awal, ada)  # fmt: skip
        tempat.append(ada[0])
    assert tempat == sorted(tempat) and tempat[-1] - tempat[0] >= 1
    for i in range(tempat[0], tempat[-1]):
        akhir = [k for _, _, k in hal[i].kata if len(k) == 1 and k.isupper()]
        awal = [k for _, _, k in hal[i + 1].kata if len(k) == 1 and k.isupper()]
        assert set(akhir) & set(awal), f"halaman {i + 1}-{i + 2}: {akhir} / {awal}"


@pytest.mark.slow
def test_baris_kapital_tanpa_celah_lebar(hasil_render):
    # issue 21: a diktum in capitals (KESATU of the Dekan decree) is printed without the wide
    # gaps justification would stretch between its words
    h = hasil_render["ugm-2005"]
    bbox = subprocess.run(["pdftotext", "-bbox", str(h.pdf), "-"], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip
    kata = [(float(x0), float(x1), float(y0), k) for x0, y0, x1, k in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)<', bbox)]  # fmt: skip
    awal = next(i for i, k in enumerate(kata) if k[3] == "KESATU")
    baris = [k for k in kata[awal + 2 :] if abs(k[2] - kata[awal][2]) < 1]
    assert [k[3] for k in baris[:3]] == ["PERATURAN", "AKADEMIK", "PROGRAM"]
    celah = [b[0] - a[1] for a, b in itertools.pairwise(baris)]
    assert max(celah) < 6, celah  # a space of 12 pt Bonum is about 3 pt
