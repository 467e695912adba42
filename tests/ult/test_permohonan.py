"""Requests through the library: receipt, deadlines from the standard, every step, the trail."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from naskah.errors import RegisterError, UltError
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja, baca_kode

from .conftest import PDF, PNG, jumlah


def _kerjasama(**lain) -> pm.PermohonanBaru:
    data = dict(
        layanan="kerjasama",
        instansi="Dinas Pendidikan Kota Samarinda",
        kontak="Budi",
        telepon="0812-3456-7890",
        email="budi@example.go.id",
        perihal="Pendampingan penyusunan KOSP",
        semua_syarat=True,
    )
    data.update(lain)
    return pm.PermohonanBaru(**data)


def test_terima_menghitung_tenggat_dari_standar_dan_naskah_toml(meja: Meja, pdf: Path):
    p = pm.terima(meja, _kerjasama(lampiran=(pdf,)))
    # Monday 2 June 2025: 3 working days → 5 June; 5 working days → 10 June (6 June is Idul
    # Adha, 9 June cuti bersama Idul Adha)
    assert p.hari_terima == date(2025, 6, 2)
    assert p.tenggat_jawab == date(2025, 6, 5)
    assert p.tenggat_selesai == date(2025, 6, 11)
    assert p.tenggat == p.tenggat_jawab
    assert p.standar == "0512/C7.24/HK.03.01/2024"
    assert p.keadaan == "diterima" and p.langkah == "A" and p.unit == "Subbag Umum"
    assert baca_kode(p.kode_tampil) == p.kode and len(p.kode) == 10
    r = pm.lihat(meja, p.kode_tampil.lower())
    assert [s["terpenuhi"] for s in r.syarat] == [True, True, True]
    (lamp,) = r.lampiran
    assert lamp["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert (meja.konfigurasi.folder_arsip / lamp["lokasi"]).read_bytes() == PDF
    assert [j["aksi"] for j in r.jejak] == ["terima"]
    assert "0812" not in (r.jejak[0]["keterangan"] or "")


def test_hari_libur_kantor_dan_sesudah_jam_kerja(meja: Meja, jam):
    # Friday 13 June 2025 17:00 WITA: after closing; Monday 16 June is the office's own closure
    jam.t = datetime(2025, 6, 13, 9, 0, tzinfo=UTC)
    p = pm.terima(meja, _kerjasama())
    assert p.hari_terima == date(2025, 6, 17)
    assert p.tenggat_jawab == date(2025, 6, 20)


def test_standar_yang_berlaku_pada_hari_diterima(meja: Meja):
    # the Kalteng decree (6 March 2025) sets "kerja-sama"; a request of 1 March precedes it
    lama = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)
    with pytest.raises(UltError, match="belum berlaku"):
        pm.terima(
            meja, _kerjasama(layanan="kerja-sama", diterima=lama, kegiatan_mulai=date(2025, 7, 1))
        )
    p = pm.terima(meja, _kerjasama(layanan="kerja-sama", kegiatan_mulai=date(2025, 7, 1)))
    assert p.standar == "0274/C7.22/OT.02.02/2025" and p.peringatan is None
    assert p.tenggat_pemberitahuan == date(2025, 6, 5)


def test_jeda_tujuh_hari_kerja_ditandai_atau_ditolak(meja: Meja):
    p = pm.terima(meja, _kerjasama(layanan="kerja-sama", kegiatan_mulai=date(2025, 6, 12)))
    assert p.peringatan and "kurang dari 7 hari kerja" in p.peringatan
    tolak = Meja(meja.konfigurasi.model_copy(update={"ult": meja.konfigurasi.ult.model_copy(
        update={"jeda_kegiatan": "tolak"})}), jam=meja.jam, url=meja.url)  # fmt: skip
    try:
        n = jumlah(meja, "ult_permohonan")
        with pytest.raises(UltError, match="tidak dapat diterima"):
            pm.terima(tolak, _kerjasama(layanan="kerja-sama", kegiatan_mulai=date(2025, 6, 12)))
        assert jumlah(meja, "ult_permohonan") == n
    finally:
        tolak.tutup()


@pytest.mark.parametrize(
    ("ubah", "pesan"),
    [
        ({"layanan": "sewa-mobil"}, "tidak dikenal"),
        ({"semua_syarat": False, "syarat": (1, 3)}, "Persyaratan belum lengkap: nomor 2"),
        ({"syarat": (9,)}, "Nomor persyaratan 9 tidak ada"),
        ({"layanan": "kerja-sama", "kegiatan_mulai": date(2025, 5, 1)}, "sudah lewat"),
        ({"layanan": "kerja-sama"}, "sebutkan tanggal kegiatan"),
        ({"telepon": None, "email": None}, "telepon/WhatsApp atau surel"),
        ({"telepon": "12ab"}, "Nomor telepon/WhatsApp tidak sah"),
        ({"email": "budi@@contoh"}, "Alamat surel tidak sah"),
        ({"kanal": "merpati"}, "Saluran 'merpati' tidak dikenal"),
        ({"diterima": datetime(2025, 7, 1, tzinfo=UTC)}, "masa depan"),
    ],
)
def test_masukan_buruk_tidak_menulis_apa_pun(meja: Meja, ubah, pesan):
    pm.terima(meja, _kerjasama())  # the register exists
    with pytest.raises(UltError, match=pesan) as e:
        pm.terima(meja, _kerjasama(**ubah))
    assert "budi@" not in str(e.value) and "3456" not in str(e.value)
    assert jumlah(meja, "ult_permohonan") == 1
    assert jumlah(meja, "ult_jejak") == 1


def test_lampiran_diperiksa_menurut_isi_ukuran_danjumlah(meja: Meja, tmp_path: Path):
    palsu = tmp_path / "proposal.pdf"
    palsu.write_bytes(b"MZ\x90\x00 not a pdf")
    besar = tmp_path / "besar.pdf"
    besar.write_bytes(PDF + b"\0" * 60_000)
    gambar = tmp_path / "ktp.png"
    gambar.write_bytes(PNG)
    with pytest.raises(UltError, match="bukan PDF, JPEG atau PNG menurut isinya"):
        pm.terima(meja, _kerjasama(lampiran=(palsu,)))
    with pytest.raises(UltError, match="terlalu besar"):
        pm.terima(meja, _kerjasama(lampiran=(besar,)))
    with pytest.raises(UltError, match="terlalu banyak"):
        pm.terima(meja, _kerjasama(lampiran=(gambar,) * 4))
    ult = meja.konfigurasi.folder_arsip / "ult"
    assert not [p for p in ult.rglob("*") if p.suffix in (".pdf", ".png", ".jpg")]
    p = pm.terima(meja, _kerjasama(lampiran=(gambar,)))
    q = pm.terima(meja, _kerjasama(lampiran=(gambar,)))  # same content: stored once
    assert p.kode != q.kode
    assert len(list((meja.konfigurasi.folder_arsip / "ult").rglob("*.png"))) == 1


def test_alur_lengkap_dan_jejak(meja: Meja, jam):
    p = pm.terima(meja, _kerjasama())
    p = pm.disposisi(meja, p.kode, "Kasubbag Umum", unit="Subbag Umum", catatan="Mohon dikaji")
    assert p.keadaan == "didisposisi" and p.langkah == "B" and p.petugas == "Kasubbag Umum"
    p = pm.disposisi(meja, p.kode, "Ketua Pokja Kemitraan", unit="Pokja Kemitraan")
    jam.t = datetime(2025, 6, 3, 3, 0, tzinfo=UTC)
    p = pm.putuskan(meja, p.kode, "setuju")
    assert p.keadaan == "disetujui" and p.langkah == "D"
    assert p.tenggat == p.tenggat_selesai and p.dijawab == jam.t
    with pytest.raises(UltError, match="berkeadaan disetujui"):
        pm.disposisi(meja, p.kode, "Kepala")
    with pytest.raises(UltError, match="tidak ada di register"):
        pm.catat_produk(meja, p.kode, "SK Kerja Sama", nomor="0999/C7.24/HK.03.01/2025")
    p = pm.catat_produk(meja, p.kode, "Dokumen Kesepakatan Kerjasama", entri_arsip="abc123")
    p = pm.tutup(meja, p.kode)
    assert p.keadaan == "selesai" and p.tenggat is None and p.langkah == "G"
    r = pm.lihat(meja, p.kode)
    assert [d["kepada"] for d in r.disposisi] == ["Kasubbag Umum", "Ketua Pokja Kemitraan"]
    assert [j["aksi"] for j in r.jejak] == [
        "terima", "disposisi", "disposisi", "setuju", "produk", "tutup"
    ]  # fmt: skip
    assert all(j["oleh"] == "petugas-ult" and j["waktu"].tzinfo for j in r.jejak)
    with pytest.raises(RegisterError), meja.tulis() as sql:
        sql.jalankan("DELETE FROM ult_jejak")
    with pytest.raises(RegisterError), meja.tulis() as sql:
        sql.jalankan("UPDATE ult_jejak SET oleh = 'lain'")
    assert jumlah(meja, "ult_jejak") == 6


def test_tolak_revisi_lengkapi_dan_perpanjang(meja: Meja, jam, pdf: Path):
    p = pm.terima(meja, _kerjasama())
    with pytest.raises(UltError, match="Alasan penolakan wajib"):
        pm.putuskan(meja, p.kode, "tolak")
    p = pm.perpanjang(meja, p.kode, hari=2, alasan="Menunggu jadwal pokja")
    assert p.tenggat == date(2025, 6, 11)  # 5 June + 2 working days (6 and 9 June off)
    with pytest.raises(UltError, match="hanya sekali"):
        pm.perpanjang(meja, p.kode, hari=1, alasan="lagi")
    p = pm.putuskan(meja, p.kode, "revisi", alasan="Lengkapi RAB per kegiatan")
    assert p.keadaan == "revisi" and p.tenggat is None
    jam.t = datetime(2025, 6, 12, 1, 0, tzinfo=UTC)  # Thursday 12 June
    p = pm.lengkapi(meja, p.kode, lampiran=(pdf,))
    # 3 working days from Thursday 12 June: 13, (16 closed), 17, 18
    assert p.keadaan == "diterima" and p.tenggat_jawab == date(2025, 6, 18)
    p = pm.putuskan(meja, p.kode, "tolak", alasan="Di luar program tahun ini")
    assert p.keadaan == "ditolak" and p.tenggat is None and p.alasan.startswith("Di luar")
    with pytest.raises(UltError, match="berkeadaan ditolak"):
        pm.putuskan(meja, p.kode, "setuju")
    assert pm.tutup(meja, p.kode).keadaan == "selesai"


def test_daftar_dengan_saringan(meja: Meja):
    a = pm.terima(meja, _kerjasama(instansi="SMA Negeri 1 Samarinda"))
    b = pm.terima(
        meja,
        _kerjasama(layanan="narasumber", instansi="SD 5 Bontang", kegiatan_mulai=date(2025, 7, 1)),
    )
    pm.putuskan(meja, b.kode, "tolak", alasan="Narasumber tidak tersedia")
    assert {p.kode for p in pm.daftar(meja)} == {a.kode, b.kode}
    assert [p.kode for p in pm.daftar(meja, pm.Saringan(layanan="narasumber"))] == [b.kode]
    assert [p.kode for p in pm.daftar(meja, pm.Saringan(keadaan="diterima"))] == [a.kode]
    assert [p.kode for p in pm.daftar(meja, pm.Saringan(cari="sma negeri"))] == [a.kode]
    d = pm.daftar(meja)[0].ke_dict()
    assert "telepon" not in d and "email" not in d


def test_setuju_tenggat_selesai_tetap_berjalan_tanpa_tenggat_jawaban(meja: Meja):
    # Kaltim narasumber promises only "paling lama 2 hari kerja": approval is not completion
    p = pm.terima(meja, _kerjasama(layanan="narasumber", kegiatan_mulai=date(2025, 7, 1),
                                   diterima=datetime(2025, 3, 3, 2, tzinfo=UTC)))  # fmt: skip
    assert p.standar == "0512/C7.24/HK.03.01/2024"  # before Kalteng's of 6 March 2025
    assert p.tenggat_jawab is None and p.tenggat == p.tenggat_selesai == date(2025, 3, 5)
    lama = pm.terima(meja, _kerjasama(layanan="fasilitas", semua_syarat=True))
    assert lama.tenggat_selesai is None and lama.tenggat == lama.tenggat_jawab
    assert pm.putuskan(meja, lama.kode, "setuju").tenggat is None
    p = pm.putuskan(meja, p.kode, "setuju")
    assert p.tenggat == p.tenggat_selesai is not None


def test_lacak_untuk_pemegang_kode_tanpa_catatan_internal(meja: Meja):
    from naskah.ult.lacak import lacak

    p = pm.terima(meja, _kerjasama())
    pm.disposisi(meja, p.kode, "Kasubbag Umum", catatan="Catatan internal pimpinan")
    pm.putuskan(meja, p.kode, "revisi", alasan="Lengkapi RAB per kegiatan")
    d = lacak(meja, p.kode_tampil.lower().replace("0", "O"))  # read over the phone
    assert d["kode"] == p.kode_tampil and d["keadaan"] == "revisi"
    assert d["alasan"] == "Lengkapi RAB per kegiatan" and d["telepon"] == "081234567890"
    assert d["langkah"] == "Kasubag Umum menganalisa permohonan kerjasama"
    teks = str(d)
    assert "Catatan internal" not in teks and "petugas-ult" not in teks
    assert "Kasubbag Umum" not in teks
