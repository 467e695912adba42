"""Numbering rules: year rollover, back-dating, sisipan, reservation, cancellation, audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from naskah.config import Konfigurasi
from naskah.errors import ConfigError, RegisterError
from naskah.register import buka_register

K = {"klasifikasi": "HK.03.01"}


def test_tahun_baru_menurut_tanggal_naskah(kantor_db: Konfigurasi) -> None:
    with buka_register(kantor_db) as reg:
        a = reg.ambil("naskah", tanggal="2024-12-31", perihal="akhir tahun", **K)
        b = reg.ambil("naskah", tanggal="2024-12-31", perihal="akhir tahun", **K)
        c = reg.ambil("naskah", tanggal="2025-01-02", perihal="awal tahun", **K)
        # a document dated 2024 but registered later still continues 2024's sequence
        d = reg.ambil("naskah", tanggal="2024-12-31", perihal="susulan", **K)
        # a series that never restarts keeps counting across years
        t1 = reg.ambil("tetap", tanggal="2024-12-31", perihal="x", **K)
        t2 = reg.ambil("tetap", tanggal="2025-01-02", perihal="y", **K)
    assert [a.teks, b.teks, c.teks, d.teks] == [
        "0001/C7.24/HK.03.01/2024",
        "0002/C7.24/HK.03.01/2024",
        "0001/C7.24/HK.03.01/2025",
        "0003/C7.24/HK.03.01/2024",
    ]
    assert (t1.teks, t2.teks) == ("0001/C7.24/HK.03.01/2024", "0002/C7.24/HK.03.01/2025")


def test_tanggal_mundur_ditolak_dan_diarahkan_ke_sisip(kantor_db: Konfigurasi) -> None:
    with buka_register(kantor_db) as reg:
        pertama = reg.ambil("naskah", tanggal="2024-05-10", perihal="a", **K)
        reg.ambil("naskah", tanggal="2024-05-17", perihal="b", **K)
        with pytest.raises(RegisterError) as e:
            reg.ambil("naskah", tanggal="2024-05-12", perihal="mundur", **K)
        assert "naskah nomor sisip" in str(e.value)
        assert f"--setelah {pertama.teks}" in str(e.value)
        # nothing was issued by the refused call
        assert [n.urut for n in reg.daftar()] == [1, 2]
        # the same date as the latest number is fine
        assert reg.ambil("naskah", tanggal="2024-05-17", perihal="c", **K).urut == 3


def test_sisipan_urut_setelah_induknya(kantor_db: Konfigurasi) -> None:
    with buka_register(kantor_db) as reg:
        for tgl in ("2024-05-10", "2024-05-11", "2024-05-20"):
            reg.ambil("naskah", tanggal=tgl, perihal="induk", **K)
        s1 = reg.sisip(
            "naskah", "0001/C7.24/HK.03.01/2024", tanggal="2024-05-10", perihal="s1", **K
        )
        s2 = reg.sisip(
            "naskah",
            "0001/C7.24/HK.03.01/2024",
            tanggal="2024-05-10",
            perihal="s2",
            klasifikasi="OT.02.02",
        )
        s3 = reg.sisip("naskah", "2", tanggal="2024-05-12", perihal="s3", **K)
        setelah = reg.ambil("naskah", tanggal="2024-05-21", perihal="lanjut", **K)
        teks = [n.teks for n in reg.daftar(seri="naskah")]
        with pytest.raises(RegisterError, match="tidak ada di register"):
            reg.sisip("naskah", "0009/C7.24/HK.03.01/2024", tanggal="2024-05-21", perihal="x", **K)
        with pytest.raises(RegisterError, match="lebih awal"):
            reg.sisip("naskah", "3", tanggal="2024-05-12", perihal="x", **K)
        # certificates use the .1 style
        reg.ambil("sertifikat", tanggal="2024-05-10", perihal="sertifikat")
        titik = reg.sisip(
            "sertifikat", "0001/Sertifikat/BPMPKALTIM/2024", tanggal="2024-05-10", perihal="t"
        )
    assert (s1.teks, s2.teks, s3.teks) == (
        "0001a/C7.24/HK.03.01/2024",
        "0001b/C7.24/OT.02.02/2024",
        "0002a/C7.24/HK.03.01/2024",
    )
    assert setelah.urut == 4  # sisipan never consume a sequence
    assert teks == [
        "0001/C7.24/HK.03.01/2024",
        "0001a/C7.24/HK.03.01/2024",
        "0001b/C7.24/OT.02.02/2024",
        "0002/C7.24/HK.03.01/2024",
        "0002a/C7.24/HK.03.01/2024",
        "0003/C7.24/HK.03.01/2024",
        "0004/C7.24/HK.03.01/2024",
    ]
    assert titik.teks == "0001.1/Sertifikat/BPMPKALTIM/2024"


def test_nomor_dipesan_dan_batal_tidak_pernah_diterbitkan_ulang(kantor_db: Konfigurasi) -> None:
    with buka_register(kantor_db) as reg:
        a = reg.ambil("naskah", tanggal="2024-03-01", perihal="a", **K)
        pesanan = reg.pesan(
            "naskah", 3, tanggal="2024-03-01", alasan="SK pangkat", klasifikasi="KP.04.05"
        )
        batal = reg.batal(a.teks, alasan="salah ketik")
        reg.batal(pesanan[2].teks, alasan="tidak jadi")
        dipakai = reg.pakai(pesanan[0].teks, perihal="Kenaikan pangkat Siti", tanggal="2024-03-05")
        berikut = reg.ambil("naskah", tanggal="2024-03-05", perihal="b", **K)
        with pytest.raises(RegisterError, match="sudah dibatalkan"):
            reg.batal(a.teks, alasan="lagi")
        with pytest.raises(RegisterError, match="bukan dipesan"):
            reg.pakai(dipakai.teks, perihal="dua kali")
        semua = reg.daftar()
        riwayat = reg.riwayat(pesanan[0].teks)
    assert [n.urut for n in pesanan] == [2, 3, 4]
    assert all(n.keadaan == "dipesan" for n in pesanan)
    assert batal.keadaan == "batal" and batal.alasan == "salah ketik"
    assert dipakai.keadaan == "terpakai" and dipakai.teks == "0002/C7.24/KP.04.05/2024"
    assert berikut.urut == 5
    assert [(n.urut, n.keadaan) for n in semua] == [
        (1, "batal"),
        (2, "terpakai"),
        (3, "dipesan"),
        (4, "batal"),
        (5, "terpakai"),
    ]
    assert [j.aksi for j in riwayat] == ["pesan", "pakai"]
    assert riwayat[1].sebelum["keadaan"] == "dipesan"
    assert riwayat[1].sesudah["perihal"] == "Kenaikan pangkat Siti"
    assert all(j.oleh == "penguji" for j in riwayat)


def test_jejak_hanya_boleh_ditambah(kantor_db: Konfigurasi) -> None:
    with buka_register(kantor_db) as reg:
        reg.ambil("naskah", tanggal="2024-03-01", perihal="a", **K)
    engine = create_engine(kantor_db.url_basis_data)
    try:
        for sql in ("UPDATE jejak SET oleh = 'penyusup'", "DELETE FROM jejak"):
            with pytest.raises(DBAPIError, match="hanya boleh ditambah"), engine.begin() as c:
                c.execute(text(sql))
        with engine.connect() as c:
            assert c.execute(text("SELECT oleh FROM jejak")).scalar_one() == "penguji"
    finally:
        engine.dispose()


def test_masukan_salah_ditolak_sebelum_basis_data_disentuh(kantor: Konfigurasi) -> None:
    db = kantor.folder_arsip / "register.sqlite"
    with buka_register(kantor) as reg:
        with pytest.raises(ConfigError, match="seri yang tersedia: naskah, sertifikat, tetap"):
            reg.ambil("surat", tanggal="2024-01-01", perihal="x", **K)
        with pytest.raises(ConfigError, match="kode yang sah: HK.03.01, KP.04.05, OT.02.02"):
            reg.ambil("naskah", tanggal="2024-01-01", perihal="x", klasifikasi="ZZ.01")
        with pytest.raises(RegisterError, match="membutuhkan kode klasifikasi"):
            reg.ambil("naskah", tanggal="2024-01-01", perihal="x")
        with pytest.raises(RegisterError, match="tidak sah"):
            reg.ambil("naskah", tanggal="2024-02-30", perihal="x", **K)
    assert not db.exists()


def test_penolakan_tanggal_mundur_menyebut_nomor_yang_menghalangi(
    kantor_db: Konfigurasi, tmp_path: Path
) -> None:
    # An old buku agenda whose number 2 carries the latest date (a slip in the paper book): the
    # refusal must name number 2 and its date, and suggest inserting after number 37, the last
    # number dated on or before the document.
    agenda = tmp_path / "agenda-tanggal-tidak-urut.csv"
    agenda.write_text(
        "Nomor Naskah;Tanggal;Perihal\n"
        "0001/C7.24/HK.03.01/2021;2021-02-01;a\n"
        "0002/C7.24/HK.03.01/2021;2021-03-09;b\n"
        "0037/C7.24/HK.03.01/2021;2021-03-01;c\n",
        encoding="utf-8",
    )
    with buka_register(kantor_db) as reg:
        reg.impor("naskah", agenda)
        with pytest.raises(RegisterError) as e:
            reg.ambil("naskah", tanggal="2021-03-05", perihal="mundur", **K)
        sisipan = reg.sisip(
            "naskah", "0037/C7.24/HK.03.01/2021", tanggal="2021-03-05", perihal="mundur", **K
        )
    assert str(e.value) == (
        "Tanggal 2021-03-05 lebih awal daripada nomor 0002/C7.24/HK.03.01/2021 yang sudah terbit "
        "di seri 'naskah' bertanggal 2021-03-09, jadi nomor urut berikutnya tidak boleh dipakai; "
        "untuk naskah bertanggal mundur gunakan nomor sisipan: "
        "`naskah nomor sisip --setelah 0037/C7.24/HK.03.01/2021`."
    )
    assert sisipan.teks == "0037a/C7.24/HK.03.01/2021"  # the suggestion works


def test_mulai_seri_dari_nomor_terakhir_sebelum_naskah(kantor_db: Konfigurasi) -> None:
    with buka_register(kantor_db) as reg:
        awal = reg.mulai(
            "naskah", 273, tahun=2025, tanggal="2025-03-03", alasan="buku agenda kertas", oleh="ani"
        )
        with pytest.raises(RegisterError) as mundur:
            reg.ambil("naskah", tanggal="2025-03-01", perihal="mundur", **K)
        n = reg.ambil("naskah", tanggal="2025-03-04", perihal="pertama dengan naskah", **K)
        lain_tahun = reg.ambil("naskah", tanggal="2024-12-30", perihal="tahun lalu", **K)
        with pytest.raises(RegisterError) as turun:
            reg.mulai("naskah", 200, tahun=2025)
        tetap = reg.mulai("tetap", 41)
        t = reg.ambil("tetap", tanggal="2025-01-02", perihal="x", **K)
        # the same last number again is harmless; numbers in the register are all still there
        reg.mulai("naskah", 274, tahun=2025)
        semua = reg.daftar()
    assert awal.ke_dict() == {
        "seri": "naskah",
        "tahun": 2025,
        "terakhir": 273,
        "tanggal_terakhir": "2025-03-03",
    }
    assert n.teks == "0274/C7.24/HK.03.01/2025"
    assert lain_tahun.teks == "0001/C7.24/HK.03.01/2024"  # other years are untouched
    assert str(turun.value) == (
        "Register seri 'naskah' tahun 2025 sudah menerbitkan sampai nomor urut 274, lebih tinggi "
        "daripada 200; nomor terakhir tidak dapat diturunkan (lihat `naskah nomor daftar`)."
    )
    assert str(mundur.value) == (
        "Tanggal 2025-03-01 lebih awal daripada tanggal nomor terakhir seri 'naskah' "
        "(2025-03-03, dicatat dengan `naskah nomor mulai`), jadi nomor urut berikutnya tidak "
        "boleh dipakai; belum ada nomor di register "
        "yang bertanggal sama atau lebih awal untuk disisipi, jadi pakai tanggal yang benar atau "
        "catat naskah itu secara manual."
    )
    assert (tetap.tahun, tetap.terakhir) == (None, 41)
    assert t.teks == "0042/C7.24/HK.03.01/2025"
    assert len(semua) == 3  # no fake buku agenda rows
    engine = create_engine(kantor_db.url_basis_data)
    try:
        with engine.connect() as c:
            jejak = c.execute(
                text(
                    "SELECT oleh, aksi, seri, nomor_id, sebelum, sesudah FROM jejak "
                    "WHERE aksi = 'mulai' ORDER BY id"
                )
            ).all()
    finally:
        engine.dispose()
    assert [(j.oleh, j.seri, j.nomor_id) for j in jejak] == [
        ("ani", "naskah", None),
        ("penguji", "tetap", None),
        ("penguji", "naskah", None),
    ]
    assert json.loads(jejak[0].sebelum) == {"terakhir": 0, "tanggal_terakhir": None}
    assert json.loads(jejak[0].sesudah) == {
        "tahun": 2025,
        "terakhir": 273,
        "tanggal_terakhir": "2025-03-03",
        "alasan": "buku agenda kertas",
    }
