"""The public write API other packages use: Register.transaksi and Register.cari_nomor."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, select

from naskah.config import Konfigurasi
from naskah.errors import ArchiveError, RegisterError
from naskah.register import NomorTerdaftar, buka_register

from .conftest import tulis_kantor

K = {"klasifikasi": "HK.03.01", "tanggal": "2024-05-17"}

# a stand-in for the archive's catalog table (the real one comes with its own migration)
_meta = MetaData()
katalog = Table(
    "katalog_uji",
    _meta,
    Column("id", Integer, primary_key=True),
    Column("nomor_id", Integer, nullable=False),
    Column("berkas", String(200), nullable=False),
)


def _jumlah_katalog(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            return int(c.execute(select(func.count()).select_from(katalog)).scalar_one())
    finally:
        engine.dispose()


def test_baris_lain_ditulis_dalam_transaksi_yang_memeriksa_nomor(kantor_db: Konfigurasi) -> None:
    url = kantor_db.url_basis_data
    with buka_register(kantor_db) as reg:
        n = reg.ambil("naskah", perihal="Keputusan tim", **K)
        batal = reg.ambil("naskah", perihal="Salah", **K)
        reg.batal(batal.teks, alasan="salah ketik")
        _meta.create_all(reg.engine)
        with reg.transaksi() as conn:
            dicari = reg.cari_nomor(conn, n.teks)
            conn.execute(katalog.insert(), {"nomor_id": dicari.id, "berkas": "sk.pdf"})
        # anything raised inside the block rolls back the rows written in it
        with pytest.raises(ArchiveError), reg.transaksi() as conn:
            dibatalkan = reg.cari_nomor(conn, batal.teks, seri="naskah")
            conn.execute(katalog.insert(), {"nomor_id": dibatalkan.id, "berkas": "salah.pdf"})
            if dibatalkan.keadaan == "batal":
                raise ArchiveError(f"Nomor {dibatalkan.teks} sudah dibatalkan.")
        with pytest.raises(RegisterError, match="tidak ada di register"), reg.transaksi() as conn:
            reg.cari_nomor(conn, "0099/C7.24/HK.03.01/2024")
    assert isinstance(dicari, NomorTerdaftar)
    assert (dicari.id, dicari.teks, dicari.keadaan) == (n.id, n.teks, "terpakai")
    assert dibatalkan.keadaan == "batal"
    assert _jumlah_katalog(url) == 1


def test_nomor_yang_dicari_terkunci_sampai_transaksi_selesai(
    kantor_db: Konfigurasi, tmp_path: Path
) -> None:
    # another desk cannot cancel the number while the archive is cataloguing it
    lain = tulis_kantor(tmp_path / "meja-lain", url=kantor_db.url_basis_data, batas_tunggu=0.5)
    with buka_register(kantor_db) as reg, buka_register(lain) as reg_lain:
        n = reg.ambil("naskah", perihal="Keputusan tim", **K)
        with reg.transaksi() as conn:
            reg.cari_nomor(conn, n.teks)
            with pytest.raises(RegisterError, match="masih dikunci oleh proses lain"):
                reg_lain.batal(n.teks, alasan="tidak jadi")
        assert reg_lain.batal(n.teks, alasan="tidak jadi").keadaan == "batal"


def test_operasi_di_dalam_transaksi_ditolak_dengan_jelas(kantor_db: Konfigurasi) -> None:
    with buka_register(kantor_db) as reg:
        with (
            pytest.raises(RegisterError, match="Transaksi register sudah berjalan"),
            reg.transaksi(),
        ):
            reg.ambil("naskah", perihal="di dalam", **K)
        assert reg.daftar() == []  # the outer transaction was rolled back too
        assert reg.ambil("naskah", perihal="sesudahnya", **K).urut == 1
