"""``naskah arsip impor``: one older PDF, or many from a CSV/XLSX manifest, all or nothing,
every bad row by its number; text from the PDF's text layer; a scan without text is flagged."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdf
import pytest

from naskah.arsip import Metadata, NaskahLama
from naskah.arsip.manifest import ImporArsipError, baca_manifest
from naskah.errors import ArchiveError
from tests.arsip.conftest import Kantor
from tests.conftest import run_naskah

LAMA = [
    ("0101/C7.24/HK.03.01/2023", "2023-01-09", "Tim Penjaminan Mutu"),
    ("0102/C7.24/HK.03.01/2023", "2023-01-10", "Panitia Seleksi"),
    ("0103/C7.24/HK.03.01/2023", "2023-01-11", "Satuan Pengawas Internal"),
    ("0104/C7.24/HK.03.01/2023", "2023-01-12", "Pengelola Barang Milik Negara"),
]


@pytest.fixture
def kantor_lama(kantor: Kantor) -> Kantor:
    """An office whose old buku agenda (2023) is in the register."""
    agenda = kantor.masukan / "agenda-2023.csv"
    agenda.write_text(
        "nomor,tanggal,perihal\n" + "".join(f"{n},{t},{p}\n" for n, t, p in LAMA), encoding="utf-8"
    )
    kantor.register.impor("naskah", agenda)
    return kantor


def _pdf_pindaian(path: Path) -> Path:
    """Write a PDF with a page and no text layer (as a scanner without OCR makes)."""
    w = pypdf.PdfWriter()
    w.add_blank_page(595, 842)
    buf = io.BytesIO()
    w.write(buf)
    path.write_bytes(buf.getvalue())
    return path


def _env(kantor: Kantor) -> dict[str, str]:
    return {"NASKAH_PENGGUNA": "arsiparis"}


def test_impor_satu_pdf_lewat_cli(kantor_lama: Kantor) -> None:
    k = kantor_lama
    pdf = k.pdf(
        "sk-tim-mutu.pdf", "Keputusan tentang Tim Penjaminan Mutu Pendidikan Balai tahun 2023"
    )
    nomor, tanggal, tentang = LAMA[0]
    r = run_naskah(
        "arsip", "impor", pdf, "--nomor", nomor, "--jenis", "keputusan", "--tentang", tentang,
        "--tanggal", tanggal, "--penandatangan", "Dr. Jarwoko, M.Pd.", "--json",
        cwd=k.konfigurasi.folder, **_env(k),
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    (e,) = json.loads(r.stdout)["entri"]
    assert e["nomor"] == nomor and e["lokasi"] == "2023/keputusan/0101-C7.24-HK.03.01-2023/v1"
    assert not e["perlu_ocr"]
    folder = k.konfigurasi.folder_arsip / e["lokasi"]
    md = Metadata.dari_json((folder / "metadata.json").read_bytes())
    assert md.asal == "impor" and md.isi.tentang == tentang and md.oleh == "arsiparis"
    assert "Tim Penjaminan Mutu" in (folder / "teks.txt").read_text(encoding="utf-8")
    assert (folder / "naskah.pdf").read_bytes() == pdf.read_bytes()
    assert k.arsip.periksa().bersih


def test_pdf_tanpa_teks_diarsipkan_dan_ditandai_perlu_ocr(kantor_lama: Kantor) -> None:
    k = kantor_lama
    nomor, tanggal, tentang = LAMA[1]
    pdf = _pdf_pindaian(k.masukan / "pindaian.pdf")
    (e,) = k.arsip.impor(
        [
            NaskahLama(
                pdf, nomor, "keputusan", tentang, __import__("datetime").date.fromisoformat(tanggal)
            )
        ]
    ).entri
    assert e.perlu_ocr
    md = Metadata.dari_json((k.konfigurasi.folder_arsip / e.lokasi / "metadata.json").read_bytes())
    assert md.perlu_ocr


def test_pdf_bertanda_tangan_lama_diringkas(kantor_lama: Kantor) -> None:
    k = kantor_lama
    nomor, tanggal, tentang = LAMA[2]
    ttd = k.ttd("lama-ttd.pdf")
    r = run_naskah(
        "arsip", "impor", ttd, "--nomor", nomor, "--jenis", "keputusan", "--tentang", tentang,
        "--tanggal", tanggal, "--json", cwd=k.konfigurasi.folder,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    (e,) = json.loads(r.stdout)["entri"]
    assert e["ditandatangani"]
    folder = k.konfigurasi.folder_arsip / e["lokasi"]
    md = Metadata.dari_json((folder / "metadata.json").read_bytes())
    assert [t.penandatangan for t in md.tanda_tangan] == ["Dr. Jarwoko, M.Pd."]
    assert (folder / "naskah-ttd.pdf").is_file()


def test_daftar_dengan_baris_salah_tidak_mengimpor_apa_pun(kantor_lama: Kantor) -> None:
    k = kantor_lama
    k.pdf("a.pdf")
    k.pdf("b.pdf")
    daftar = k.masukan / "daftar.csv"
    daftar.write_text(
        "berkas;nomor;jenis;perihal;tanggal\n"
        f"a.pdf;{LAMA[0][0]};keputusan;{LAMA[0][2]};{LAMA[0][1]}\n"  # 2: good
        f"hilang.pdf;{LAMA[1][0]};keputusan;{LAMA[1][2]};{LAMA[1][1]}\n"  # 3: missing file
        f"b.pdf;0999/C7.24/HK.03.01/2023;keputusan;Tidak terdaftar;2023-02-01\n"  # 4: unregistered
        f"b.pdf;{LAMA[2][0]};keputusan;;{LAMA[2][1]}\n"  # 5: empty tentang
        f"b.pdf;{LAMA[3][0]};keputusan;{LAMA[3][2]};31-31-2023\n",  # 6: bad date
        encoding="utf-8",
    )
    # rows that cannot even be read are reported together first
    with pytest.raises(ImporArsipError) as exc:
        baca_manifest(daftar)
    assert [m.baris for m in exc.value.masalah] == [5, 6]
    r = run_naskah("arsip", "impor", "--daftar", daftar, cwd=k.konfigurasi.folder)
    assert r.returncode == 1 and "baris yang salah" in r.stderr and ":5" in r.stderr
    assert ":6" in r.stderr and "Traceback" not in r.stderr
    # with those fixed, the file and register problems are reported, each by row
    teks = daftar.read_text(encoding="utf-8").splitlines()
    teks[4] = f"b.pdf;{LAMA[2][0]};keputusan;{LAMA[2][2]};{LAMA[2][1]}"
    teks[5] = f"b.pdf;{LAMA[3][0]};keputusan;{LAMA[3][2]};{LAMA[3][1]}"
    daftar.write_text("\n".join(teks) + "\n", encoding="utf-8")
    r = run_naskah("arsip", "impor", "--daftar", daftar, cwd=k.konfigurasi.folder)
    assert r.returncode == 1, r.stdout
    pesan = r.stderr
    assert "daftar.csv:3" in pesan and "tidak ditemukan" in pesan
    assert "daftar.csv:4" in pesan and "tidak ada di register" in pesan
    assert "daftar.csv:2" not in pesan and "daftar.csv:5" not in pesan
    assert not list(k.konfigurasi.folder_arsip.glob("2023"))
    assert k.arsip.riwayat(LAMA[0][0]) == []


def test_daftar_xlsx_semua_diimpor(kantor_lama: Kantor) -> None:
    import openpyxl

    k = kantor_lama
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Berkas", "Nomor Naskah", "Jenis Naskah", "Tentang", "Tanggal"])
    for i, (n, t, p) in enumerate(LAMA):
        k.pdf(f"{i}.pdf", f"Keputusan Kepala Balai tentang {p} tahun anggaran 2023 nomor {n}")
        ws.append([f"{i}.pdf", n, "Keputusan", p, __import__("datetime").date.fromisoformat(t)])
    wb.save(k.masukan / "daftar.xlsx")
    baris = baca_manifest(k.masukan / "daftar.xlsx")
    hasil = k.arsip.impor([n for _, n in baris], baris=[b for b, _ in baris], sumber="daftar.xlsx")
    assert [e.nomor for e in hasil.entri] == [n for n, _, _ in LAMA]
    assert all(e.lokasi.startswith("2023/keputusan/") for e in hasil.entri)
    assert k.arsip.periksa().bersih


@pytest.mark.parametrize(
    "jenis", ["../../../etc", "/etc/cron.d", "CON", "a\x00b", "ｓｕｒａｔ／..", "x" * 500]
)
def test_jenis_jahat_tetap_di_dalam_arsip(kantor_lama: Kantor, jenis: str) -> None:
    from datetime import date

    k = kantor_lama
    nomor, tanggal, tentang = LAMA[0]
    (e,) = k.arsip.impor(
        [NaskahLama(k.pdf("a.pdf"), nomor, jenis, tentang, date.fromisoformat(tanggal))]
    ).entri
    akar = k.konfigurasi.folder_arsip.resolve()
    folder = (akar / e.lokasi).resolve()
    assert folder.is_relative_to(akar) and folder.is_dir()
    assert len(e.lokasi.split("/")) == 4 and ".." not in e.lokasi.split("/")
    assert k.arsip.periksa().bersih


def test_impor_tanpa_keterangan_wajib_salah_pakai(kantor_lama: Kantor) -> None:
    r = run_naskah("arsip", "impor", "x.pdf", "--nomor", "1", cwd=kantor_lama.konfigurasi.folder)
    assert r.returncode == 2 and "--jenis" in r.stderr and "Traceback" not in r.stderr
    with pytest.raises(ArchiveError):
        baca_manifest(kantor_lama.masukan / "tidak-ada.csv")


def test_impor_membaca_nip_unit_klasifikasi_dari_catatan_pdf(kantor_lama: Kantor) -> None:
    # issue 22: the PDF's own naskah signer record gives the signer's NIP and jabatan, the
    # number's parts the unit and klasifikasi (they were lost before)
    from datetime import date

    from tests.tte.pdfbuat import buat_pdf, catatan_untuk

    k = kantor_lama
    nomor, tanggal, tentang = LAMA[2]
    catatan = catatan_untuk("Jarwoko", "Dr. Jarwoko, M.Pd.", nip="197003191997031001",
                            jabatan="Kepala BPMP Provinsi Kalimantan Timur")  # fmt: skip
    pdf = k.masukan / "spi.pdf"
    pdf.write_bytes(buat_pdf("Keputusan tentang Satuan Pengawas Internal", catatan=catatan))
    (e,) = k.arsip.impor(
        [NaskahLama(pdf, nomor, "keputusan", tentang, date.fromisoformat(tanggal))]
    ).entri
    md = Metadata.dari_json((k.konfigurasi.folder_arsip / e.lokasi / "metadata.json").read_bytes())
    (orang,) = md.isi.penandatangan
    assert (orang.nama, orang.nip) == ("Dr. Jarwoko, M.Pd.", "197003191997031001")
    assert orang.jabatan == "Kepala BPMP Provinsi Kalimantan Timur"
    assert (md.isi.unit, md.isi.klasifikasi) == ("C7.24", "HK.03.01")
    # a signer named by staff who is not the recorded one gets no NIP from the record
    nomor, tanggal, tentang = LAMA[3]
    pdf2 = k.masukan / "bmn.pdf"
    pdf2.write_bytes(buat_pdf("Keputusan tentang Pengelola Barang Milik Negara", catatan=catatan))
    (e,) = k.arsip.impor(
        [NaskahLama(pdf2, nomor, "keputusan", tentang, date.fromisoformat(tanggal),
                    penandatangan="Drs. Orang Lain")]
    ).entri  # fmt: skip
    md = Metadata.dari_json((k.konfigurasi.folder_arsip / e.lokasi / "metadata.json").read_bytes())
    assert md.isi.penandatangan[0].nama == "Drs. Orang Lain"
    assert md.isi.penandatangan[0].nip is None
