"""The desk's tables in the register's database (revision ``0007_ult``): their shape only.

:mod:`naskah.ult` is the only writer of these tables. Times are stored in UTC (``DateTime`` with
a time zone on PostgreSQL, ISO text on SQLite), days as dates in the office's calendar.

- ``ult_permohonan``: one row per request, with its deadlines computed on receipt from the
  standard then in force; ``tenggat`` is the deadline the desk is working to now (answer, then
  completion), NULL while the applicant has the file (revision) or once closed.
- ``ult_syarat``: the request's checklist; ``ult_lampiran``: its files (stored by hash in the
  archive folder under ``ult/``); ``ult_disposisi``: each disposition; ``ult_produk``: the
  documents it ended with (register numbers, archive entries).
- ``ult_pengaduan`` and ``ult_tindak``: complaints and their handling notes.
- ``ult_pemesanan``: facility bookings with their tariff.
- ``ult_jejak``: every step of every request, complaint and booking, who and when; append-only
  (the database refuses UPDATE and DELETE).
- ``ult_paraf`` (revision ``0014_ult_paraf``): each paraf given on a request's product before
  the head signs: the archived version, its place among that version's paraf, the role, the
  user, the time and its ``ult_jejak`` row; one per (request, version, place) and one per
  (request, version, user), enforced by the database; append-only.

Applicants' and complainants' phone numbers and e-mail addresses live only in their own columns,
never in ``ult_jejak``.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from naskah.register.skema import metadata

__all__ = [
    "ult_disposisi",
    "ult_jejak",
    "ult_lampiran",
    "ult_pemesanan",
    "ult_paraf",
    "ult_pengaduan",
    "ult_permohonan",
    "ult_produk",
    "ult_syarat",
    "ult_tindak",
]

_WAKTU = DateTime(timezone=True)

ult_permohonan = Table(
    "ult_permohonan",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kode", String(12), nullable=False),
    Column("layanan", String(64), nullable=False),
    Column("nama_layanan", String(300), nullable=False),
    Column("standar", String(200), nullable=False),
    Column("kanal", String(20), nullable=False),
    Column("instansi", String(300), nullable=False),
    Column("kontak", String(200), nullable=True),
    Column("telepon", String(40), nullable=True),
    Column("email", String(320), nullable=True),
    Column("perihal", Text, nullable=True),
    Column("kegiatan_mulai", Date, nullable=True),
    Column("kegiatan_selesai", Date, nullable=True),
    Column("peringatan", Text, nullable=True),
    Column("diterima", _WAKTU, nullable=False),
    Column("hari_terima", Date, nullable=False),
    Column("tenggat_jawab", Date, nullable=True),
    Column("tenggat_pemberitahuan", Date, nullable=True),
    Column("tenggat_selesai", Date, nullable=True),
    Column("tenggat", Date, nullable=True),
    Column("keadaan", String(20), nullable=False),
    Column("langkah", String(40), nullable=True),
    Column("keputusan", String(10), nullable=True),
    Column("alasan", Text, nullable=True),
    Column("dijawab", _WAKTU, nullable=True),
    Column("diperpanjang", _WAKTU, nullable=True),
    Column("petugas", String(100), nullable=True),
    Column("unit", String(100), nullable=True),
    Column("ditutup", _WAKTU, nullable=True),
    Column("dicatat", _WAKTU, nullable=False),
    Column("oleh", String(100), nullable=False),
    UniqueConstraint("kode", name="uq_ult_permohonan_kode"),
    Index("ix_ult_permohonan_tenggat", "tenggat"),
    Index("ix_ult_permohonan_hari_terima", "hari_terima"),
    Index("ix_ult_permohonan_layanan", "layanan", "hari_terima"),
)

ult_syarat = Table(
    "ult_syarat",
    metadata,
    Column("permohonan_id", Integer, ForeignKey("ult_permohonan.id"), primary_key=True),
    Column("urut", Integer, primary_key=True),
    Column("teks", Text, nullable=False),
    Column("terpenuhi", Boolean, nullable=False),
    Column("otomatis", Boolean, nullable=False),
)

ult_lampiran = Table(
    "ult_lampiran",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("permohonan_id", Integer, ForeignKey("ult_permohonan.id"), nullable=True),
    Column("pengaduan_id", Integer, ForeignKey("ult_pengaduan.id"), nullable=True),
    Column("nama", String(255), nullable=False),
    Column("jenis", String(10), nullable=False),
    Column("ukuran", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("lokasi", String(300), nullable=False),
    Column("dicatat", _WAKTU, nullable=False),
    Column("oleh", String(100), nullable=False),
    Index("ix_ult_lampiran_permohonan_id", "permohonan_id"),
)

ult_disposisi = Table(
    "ult_disposisi",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("permohonan_id", Integer, ForeignKey("ult_permohonan.id"), nullable=False),
    Column("kepada", String(100), nullable=False),
    Column("unit", String(100), nullable=True),
    Column("catatan", Text, nullable=True),
    Column("waktu", _WAKTU, nullable=False),
    Column("oleh", String(100), nullable=False),
    Index("ix_ult_disposisi_permohonan_id", "permohonan_id"),
)

ult_produk = Table(
    "ult_produk",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("permohonan_id", Integer, ForeignKey("ult_permohonan.id"), nullable=False),
    Column("jenis", Text, nullable=False),
    Column("nomor", String(200), nullable=True),
    Column("entri_arsip", String(64), nullable=True),
    Column("waktu", _WAKTU, nullable=False),
    Column("oleh", String(100), nullable=False),
    Index("ix_ult_produk_permohonan_id", "permohonan_id"),
)

ult_pengaduan = Table(
    "ult_pengaduan",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kode", String(12), nullable=False),
    Column("kanal", String(20), nullable=False),
    Column("anonim", Boolean, nullable=False),
    Column("nama", String(200), nullable=True),
    Column("telepon", String(40), nullable=True),
    Column("email", String(320), nullable=True),
    Column("layanan", String(64), nullable=True),
    Column("permohonan_id", Integer, ForeignKey("ult_permohonan.id"), nullable=True),
    Column("isi", Text, nullable=False),
    Column("diterima", _WAKTU, nullable=False),
    Column("hari_terima", Date, nullable=False),
    Column("tenggat", Date, nullable=True),
    Column("tenggat_awal", Date, nullable=False),
    Column("keadaan", String(20), nullable=False),
    Column("petugas", String(100), nullable=True),
    Column("unit", String(100), nullable=True),
    Column("jawaban", Text, nullable=True),
    Column("dijawab", _WAKTU, nullable=True),
    Column("lapor", String(40), nullable=True),
    Column("ditutup", _WAKTU, nullable=True),
    Column("dicatat", _WAKTU, nullable=False),
    Column("oleh", String(100), nullable=False),
    UniqueConstraint("kode", name="uq_ult_pengaduan_kode"),
    Index("ix_ult_pengaduan_tenggat", "tenggat"),
    Index("ix_ult_pengaduan_hari_terima", "hari_terima"),
)

ult_tindak = Table(
    "ult_tindak",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("pengaduan_id", Integer, ForeignKey("ult_pengaduan.id"), nullable=False),
    Column("catatan", Text, nullable=False),
    Column("waktu", _WAKTU, nullable=False),
    Column("oleh", String(100), nullable=False),
    Index("ix_ult_tindak_pengaduan_id", "pengaduan_id"),
)

ult_pemesanan = Table(
    "ult_pemesanan",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("fasilitas", String(64), nullable=False),
    Column("permohonan_id", Integer, ForeignKey("ult_permohonan.id"), nullable=True),
    Column("mulai", _WAKTU, nullable=False),
    Column("selesai", _WAKTU, nullable=False),
    Column("satuan", String(15), nullable=False),
    Column("jumlah", Integer, nullable=False),
    Column("tarif", Integer, nullable=False),
    Column("peserta", Integer, nullable=True),
    Column("keadaan", String(12), nullable=False),
    Column("masuk", _WAKTU, nullable=True),
    Column("keluar", _WAKTU, nullable=True),
    Column("dicatat", _WAKTU, nullable=False),
    Column("oleh", String(100), nullable=False),
    Index("ix_ult_pemesanan_fasilitas", "fasilitas", "mulai"),
    Index("ix_ult_pemesanan_permohonan_id", "permohonan_id"),  # revision 0013_indeks_pemesanan
)

ult_jejak = Table(
    "ult_jejak",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("objek", String(12), nullable=False),
    Column("objek_id", Integer, nullable=False),
    Column("aksi", String(20), nullable=False),
    Column("keterangan", Text, nullable=True),
    Column("waktu", _WAKTU, nullable=False),
    Column("oleh", String(100), nullable=False),
    Index("ix_ult_jejak_objek", "objek", "objek_id"),
)

ult_paraf = Table(
    "ult_paraf",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "permohonan_id",
        Integer,
        ForeignKey("ult_permohonan.id", name="fk_ult_paraf_permohonan_id"),
        nullable=False,
    ),
    Column("id_verifikasi", String(64), nullable=False),
    Column("nomor", String(200), nullable=False),
    Column("ke", Integer, nullable=False),
    Column("peran", String(20), nullable=False),
    Column("pengguna", String(100), nullable=False),
    Column("waktu", _WAKTU, nullable=False),
    Column(
        "jejak_id",
        Integer,
        ForeignKey("ult_jejak.id", name="fk_ult_paraf_jejak_id"),
        nullable=False,
    ),  # fmt: skip
    UniqueConstraint("permohonan_id", "id_verifikasi", "ke", name="uq_ult_paraf_ke"),
    UniqueConstraint("permohonan_id", "id_verifikasi", "pengguna", name="uq_ult_paraf_pengguna"),
    UniqueConstraint("jejak_id", name="uq_ult_paraf_jejak_id"),
    CheckConstraint("ke >= 1", name="ck_ult_paraf_ke"),
)
