"""The desk's screens through HTTP: Tugas saya, complaints handled from the browser, the buku
agenda and its XLSX export, pages cleared by a step."""

from __future__ import annotations

import io
from datetime import timedelta

from naskah.ult import pengaduan as adu
from naskah.ult.meja import Meja
from tests.staf.conftest import Kantor, TestClient, csrf_dari, masuk


def test_tugas_saya_urut_tenggat_dan_yang_terlambat_ditandai(
    klien: TestClient, kantor: Kantor
) -> None:
    kantor.jam.t += timedelta(days=30)  # every deadline has passed
    masuk(klien, "kepala")
    r = klien.get("/tugas")
    assert r.status_code == 200
    assert 'id="jumlah-lewat"' in r.text and r.text.count("Terlambat") == 2
    assert r.text.index("SMA Negeri 1 Samarinda") >= 0
    # the Pokja sees only its own
    klien.cookies.clear()
    masuk(klien, "pokja")
    t = klien.get("/tugas").text
    assert "SMP Negeri 2 Bontang" in t and "Samarinda" not in t


def test_arsiparis_tanpa_tugas_permohonan(klien: TestClient) -> None:
    masuk(klien, "arsiparis")
    assert 'id="tanpa-tugas"' in klien.get("/tugas").text


def test_pengaduan_ditangani_dari_peramban(klien: TestClient, kantor: Kantor) -> None:
    with Meja(kantor.konfigurasi, jam=kantor.jam, oleh="uji") as m:
        a = adu.terima(m, adu.PengaduanBaru(isi="Antrean loket terlalu lama.", kanal="daring"))
    csrf = masuk(klien, "staf-ult")
    assert "Antrean loket" in klien.get("/tugas").text
    assert "Antrean loket" in klien.get("/pengaduan").text
    url = f"/pengaduan/{a.kode}"
    assert klien.get(url).status_code == 200
    assert klien.post(url + "/tindak", data={"csrf": csrf, "catatan": "Loket kedua dibuka."}
                      ).status_code == 303  # fmt: skip
    kosong = klien.post(url + "/jawab", data={"csrf": csrf, "jawaban": " "})
    assert kosong.status_code == 422 and 'id="galat"' in kosong.text
    r = klien.post(url + "/jawab", data={"csrf": csrf, "jawaban": "Loket kedua sudah dibuka."})
    assert r.status_code == 303
    assert klien.post(url + "/tutup", data={"csrf": csrf}).status_code == 303
    halaman = klien.get(url).text
    assert "Selesai" in halaman and "Loket kedua dibuka." in halaman
    with Meja(kantor.konfigurasi) as m, m.baca() as sql:
        assert sql is not None
        oleh = {r["aksi"]: r["oleh"] for r in sql.semua(
            "SELECT aksi, oleh FROM ult_jejak WHERE objek = 'pengaduan'")}  # fmt: skip
    assert oleh["jawab"] == "staf-ult" and oleh["tutup"] == "staf-ult"
    # the head reads complaints but takes no step on them
    klien.cookies.clear()
    csrf = masuk(klien, "kepala")
    assert klien.post(url + "/tindak", data={"csrf": csrf, "catatan": "x"}).status_code == 403


def test_halaman_berubah_segera_setelah_langkah(klien: TestClient, kantor: Kantor) -> None:
    csrf = masuk(klien, "kasubbag-umum")
    kode = kantor.kode["satu"]
    assert "Diterima" in klien.get(f"/permohonan/{kode}").text
    klien.get("/tugas")
    r = klien.post(f"/permohonan/{kode}/putuskan", data={"csrf": csrf, "keputusan": "tolak",
                                                         "alasan": "Jadwal penuh."})  # fmt: skip
    assert r.status_code == 303
    assert "Ditolak" in klien.get(f"/permohonan/{kode}").text  # not the page cached before
    salah = klien.post(
        f"/permohonan/{kode}/putuskan", data={"csrf": csrf, "keputusan": "tolak", "alasan": "x"}
    )
    assert salah.status_code == 422
    assert "tidak dapat diputuskan" in salah.text


def test_buku_agenda_saring_dan_ekspor_xlsx(klien: TestClient, kantor: Kantor) -> None:
    from openpyxl import load_workbook

    from naskah.register import buka_register

    reg = buka_register(kantor.konfigurasi)
    try:
        reg.ambil(
            "naskah",
            klasifikasi="KP.04.05",
            tanggal=kantor.jam.t.date(),
            perihal="Surat tugas narasumber",
        )
        reg.ambil(
            "naskah", klasifikasi="KP.04.05", tanggal=kantor.jam.t.date(), perihal="=HYPERLINK(1)"
        )
    finally:
        reg.tutup()
    masuk(klien, "arsiparis")
    r = klien.get("/agenda?cari=narasumber")
    assert "Surat tugas narasumber" in r.text and "HYPERLINK" not in r.text
    x = klien.get("/agenda.xlsx")
    assert x.status_code == 200 and x.headers["content-disposition"].startswith("attachment")
    ws = load_workbook(io.BytesIO(x.content)).active
    sel = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert "Surat tugas narasumber" in sel
    assert not any(isinstance(v, str) and v.startswith("=") for v in sel)  # no formula


def test_halaman_masuk_tanpa_sesi(klien: TestClient) -> None:
    r = klien.get("/masuk")
    assert r.status_code == 200 and csrf_dari(r.text)
    assert "<script" not in r.text


def test_kalender_fasilitas_bulanan(klien: TestClient, kantor: Kantor) -> None:
    from datetime import UTC, datetime

    from naskah.ult import fasilitas as fa

    with Meja(kantor.konfigurasi, jam=kantor.jam, oleh="uji") as m:
        fa.pesan(m, "aula", datetime(2025, 6, 10, 0, 0, tzinfo=UTC),
                 datetime(2025, 6, 11, 8, 0, tzinfo=UTC))  # fmt: skip
    masuk(klien, "staf-ult")
    r = klien.get("/fasilitas?bulan=2025-06")
    assert r.status_code == 200 and "Juni 2025" in r.text
    # on the 10th and the 11th, 08.00 WITA on the first day to 16.00 on the second
    assert r.text.count("Aula Utama 08.00–16.00") == 2
    assert "lencana lewat" not in r.text  # no clash marked
    assert "Juli 2025" in klien.get("/fasilitas?bulan=2025-07").text
    assert "Juni 2025" in klien.get("/fasilitas?bulan=bukan-bulan").text  # today's month
