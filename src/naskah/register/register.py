"""The numbering register: issuing, reserving, cancelling and inserting document numbers.

:class:`Register` is the only writer of the ``seri_nomor``, ``nomor`` and ``jejak`` tables. Every
write is one transaction running the statements of :mod:`naskah.register.sql` on the database
driver's connection (``BEGIN IMMEDIATE`` on SQLite; on PostgreSQL the series counter is locked
first with ``UPDATE … RETURNING`` or ``SELECT … FOR UPDATE``), so a number is issued once, never
lost and never reused, and every change appends a row to the audit log (``jejak``) in the same
transaction. Reads (:meth:`Register.daftar`, :meth:`Register.riwayat`) run on read-only
connections and take no lock. On SQLite the connection is the register's own and SQLAlchemy is
not imported: ``naskah nomor ambil`` answers without loading it.

Other packages that keep rows about numbers in the same database (the archive's catalog) write
them with :meth:`Register.transaksi` (a SQLAlchemy connection) and :meth:`Register.cari_nomor`,
in the transaction that checks the number; :meth:`Register.ambil_untuk` issues numbers in such a
transaction, with the same statements on that connection's driver connection. They never write
``nomor`` or ``jejak`` themselves: the verbs of :mod:`naskah.register.catat` do, on that
connection. Every time written comes from the injected clock ``jam`` (:mod:`naskah.jam`): an
aware UTC instant, stored as naive UTC.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from naskah.errors import ConfigError, NomorError, RegisterError, TanggalMundurError
from naskah.jam import Jam, sistem, tanggal_di
from naskah.nomor import NomorNaskah, PolaNomor
from naskah.register import basis
from naskah.register import sql as q
from naskah.register.catat import EntriJejak, sql_koneksi, tulis_jejak
from naskah.register.impor import CalonNomor, ImporError, periksa_baris, periksa_bentrok
from naskah.register.masukan import baca_tanggal, pengguna_bawaan
from naskah.register.rekaman import KEADAAN, Jejak, NomorTerdaftar, PenghitungSeri, ringkas
from naskah.register.sql import Sql
from naskah.teks_aman import periksa_teks

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from naskah.config import Konfigurasi, Seri

Catat = Callable[["Connection", list[NomorTerdaftar]], None]
"""Writes the caller's own rows about numbers just issued, in their transaction."""


def _periksa_isian(**isian: str | None) -> None:
    """Refuse line breaks, control and invisible characters in what a user typed for a number
    (they would break the buku agenda and can disguise what is shown)."""
    for label, nilai in isian.items():
        if nilai:
            periksa_teks(nilai, label.replace("_", " "))


class Register:
    """The numbering register of one office, in the database named by its configuration.

    Open it with :func:`buka_register`; one instance per process or thread (it holds its
    connections). Nothing touches the database until the first operation, and every
    operation checks its input before it opens a transaction.
    """

    def __init__(
        self,
        konfigurasi: Konfigurasi,
        *,
        url: str | None = None,
        jam: Jam = sistem,
        baca_saja: bool = False,
    ) -> None:
        self.konfigurasi = konfigurasi
        self.baca_saja = baca_saja
        """Only read: no write connection, no migration, PostgreSQL reads in READ ONLY."""
        self.alamat = basis.alamat(url or konfigurasi.url_basis_data)
        self.batas_tunggu = konfigurasi.basis_data.batas_tunggu
        self.jam: Jam = jam
        """The clock of every row this register writes (aware UTC; :mod:`naskah.jam`)."""
        self._jam = jam
        self._engine: Engine | None = None
        self._engine_baca: Engine | None = None
        self._conn: Connection | None = None
        # SQLite: the register's own connections, without SQLAlchemy (writes; reads)
        self._koneksi: sqlite3.Connection | None = None
        self._koneksi_baca: sqlite3.Connection | None = None
        self._seri_cache: dict[str, tuple[Seri, PolaNomor, str | None]] = {}
        # (series, year, classification, confidential) that format: whether RHS is printed
        self._sah: dict[tuple[str, int, str | None, bool], bool] = {}

    # -- connection ------------------------------------------------------------------------

    def _tolak_baca_saja(self) -> None:
        if self.baca_saja:
            raise RegisterError(
                "Register ini dibuka hanya untuk dibaca; perubahan dilakukan lewat perintah "
                "naskah, bukan lewat layanan verifikasi."
            )

    @property
    def engine(self) -> Engine:
        """Return the write engine, creating the register or migrating its schema on first use."""
        self._tolak_baca_saja()
        if self._engine is None:
            with self._galat():
                engine = basis.buka_engine(self.alamat, self.batas_tunggu)
            assert engine is not None  # writing always yields a database
            self._engine = engine
        return self._engine

    def _koneksi_tulis(self) -> sqlite3.Connection:
        """Return the register's own SQLite write connection, opening the register on first use."""
        self._tolak_baca_saja()
        if self._koneksi is None:
            with self._galat():
                self._koneksi = basis.sambung_sqlite(self.alamat, self.batas_tunggu)
        assert self._koneksi is not None  # writing always yields a database
        return self._koneksi

    def periksa_keutuhan(self) -> None:
        """Refuse a damaged register database (SQLite ``PRAGMA quick_check``), without writing.

        Every write connection is checked when it opens; ``naskah arsip periksa`` calls this.
        """
        with self._galat():
            basis.periksa_keutuhan_berkas(self.alamat, self.batas_tunggu)

    def tutup(self) -> None:
        """Close the connections and the pools."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        for koneksi in (self._koneksi, self._koneksi_baca):
            if koneksi is not None:
                koneksi.close()
        self._koneksi = self._koneksi_baca = None
        for engine in (self._engine, self._engine_baca):
            if engine is not None:
                engine.dispose()
        self._engine = self._engine_baca = None

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.tutup()

    def _galat(self) -> Any:
        return basis.terjemahkan_galat(self.alamat, self.batas_tunggu)

    def _tolak_bersarang(self) -> None:
        sibuk = (self._conn is not None and self._conn.in_transaction()) or (
            self._koneksi is not None and self._koneksi.in_transaction
        )
        if sibuk:
            raise RegisterError(
                "Transaksi register sudah berjalan; operasi register tidak dapat dipanggil di "
                "dalam Register.transaksi() (kesalahan program, laporkan kepada pengelola "
                "naskah)."
            )

    @contextmanager
    def transaksi(self) -> Iterator[Connection]:
        """Yield a SQLAlchemy connection in one write transaction; commit when the block succeeds.

        For other packages that write their own rows in the register's database. On SQLite the
        transaction begins with ``BEGIN IMMEDIATE`` (it holds the register's write lock until it
        ends); on PostgreSQL lock what you change with :meth:`cari_nomor` or ``SELECT … FOR
        UPDATE``. Any exception rolls everything back; database errors become a
        :class:`RegisterError`. Not reentrant: do not call other operations of this register
        inside the block.
        """
        with self._galat():
            if self._conn is None:
                self._conn = self.engine.connect()
            conn = self._conn
            self._tolak_bersarang()
            try:
                with conn.begin():
                    yield conn
            except BaseException:
                if conn.invalidated or conn.closed:
                    self._conn = None
                raise

    @contextmanager
    def _tulis(self) -> Iterator[Sql]:
        """Yield the register's statements inside one write transaction; commit on success.

        SQLite: the register's own connection (``BEGIN IMMEDIATE``), no SQLAlchemy; PostgreSQL:
        the driver connection of :meth:`transaksi`. Database errors become a RegisterError.
        """
        if self.alamat.dialek != "sqlite":
            with self.transaksi() as conn:
                yield _sql(conn)
            return
        with self._galat():
            c = self._koneksi_tulis()
            self._tolak_bersarang()
            c.execute("BEGIN IMMEDIATE")
            try:
                yield Sql(c, "sqlite")
                c.execute("COMMIT")
            except BaseException:
                _batalkan(c)
                raise

    @contextmanager
    def transaksi_baca(self) -> Iterator[Connection | None]:
        """Yield a SQLAlchemy connection in a read-only, lock-free transaction, or None.

        For other packages that read their rows in the register's database (the archive's
        catalog; the web service reads a read-only register). None means there is no register
        yet (asked again at the next read).
        """
        with self._galat():
            if self._engine_baca is None:
                self._engine_baca = basis.buka_engine(self.alamat, self.batas_tunggu, baca=True)
            if self._engine_baca is None:
                yield None
                return
            with self._engine_baca.connect() as conn, conn.begin():
                if self.baca_saja and conn.dialect.name == "postgresql":
                    conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                yield conn

    @contextmanager
    def _baca(self) -> Iterator[Sql | None]:
        """Yield the register's statements in a read-only, lock-free transaction, or None.

        SQLite: the register's own read-only connection, no SQLAlchemy; PostgreSQL: the driver
        connection of :meth:`transaksi_baca`.
        """
        if self.alamat.dialek != "sqlite":
            with self.transaksi_baca() as conn:
                yield None if conn is None else _sql(conn)
            return
        with self._galat():
            if self._koneksi_baca is None:
                self._koneksi_baca = basis.sambung_sqlite(self.alamat, self.batas_tunggu, baca=True)
            c = self._koneksi_baca
            if c is None:
                yield None
                return
            c.execute("BEGIN")  # deferred: in WAL mode a reader never waits for a writer
            try:
                yield Sql(c, "sqlite")
            finally:
                _batalkan(c)

    # -- checks ----------------------------------------------------------------------------

    def _seri(self, nama: str) -> tuple[Seri, PolaNomor, str | None]:
        if nama in self._seri_cache:
            return self._seri_cache[nama]
        s = self.konfigurasi.ambil_seri(nama)
        pola = s.pola_nomor
        unit = s.unit or (
            self.konfigurasi.instansi.kode_unit if self.konfigurasi.instansi else None
        )
        if "unit" in pola.bagian and not unit:
            raise ConfigError(
                f"Seri {nama!r} membutuhkan kode unit; isi `unit` pada [seri.{nama}] atau "
                "`kode_unit` pada [instansi] di naskah.toml."
            )
        self._seri_cache[nama] = (s, pola, unit)
        return s, pola, unit

    def _klasifikasi(self, nama: str, pola: PolaNomor, kode: str | None) -> str | None:
        if "klasifikasi" not in pola.bagian:
            return kode
        if not kode:
            s = self.konfigurasi.seri[nama]
            sah = s.klasifikasi or sorted(self.konfigurasi.klasifikasi)
            raise RegisterError(
                f"Seri {nama!r} membutuhkan kode klasifikasi; sebutkan dengan --klasifikasi"
                + (f" (kode yang sah: {', '.join(sah)})." if sah else ".")
            )
        self.konfigurasi.periksa_klasifikasi(nama, kode)
        return kode

    def _format(self, pola: PolaNomor, **bagian: Any) -> NomorNaskah:
        try:
            return pola.format(**bagian)
        except NomorError as exc:
            raise RegisterError(str(exc)) from None

    # -- writing ---------------------------------------------------------------------------

    def _kunci_seri(self, sql: Sql, seri: str, periode: int, buat: bool) -> dict[str, Any] | None:
        """Lock and return the counter row of ``seri``/``periode`` (created when ``buat``)."""
        row = sql.satu(q.BACA_SERI, seri=seri, periode=periode)
        if row is None and buat:
            sql.jalankan(q.TAMBAH_SERI, seri=seri, periode=periode)
            row = sql.satu(q.BACA_SERI, seri=seri, periode=periode)
        return row

    def _catat(
        self, sql: Sql, aksi: str, oleh: str, waktu: datetime, entri: Sequence[EntriJejak]
    ) -> None:
        """Append audit rows: (nomor_id, seri, teks, before, after) each."""
        tulis_jejak(sql, aksi, oleh, waktu, entri)

    def _tambah_nomor(
        self,
        sql: Sql,
        aksi: str,
        oleh: str,
        baris: list[dict[str, Any]],
        tambahan: dict[str, Any] | None = None,
    ) -> list[NomorTerdaftar]:
        """Insert number rows with one audit row each (``tambahan`` joins its "after" values)."""
        ids = [int(sql.skalar(q.TAMBAH_NOMOR, **b)) for b in baris]
        self._catat(
            sql,
            aksi,
            oleh,
            baris[0]["dicatat"],
            [
                (i, b["seri"], b["teks"], None, {**ringkas(b), **(tambahan or {})})
                for i, b in zip(ids, baris, strict=True)
            ],
        )
        return [_rekaman({**b, "id": i}) for i, b in zip(ids, baris, strict=True)]

    def _naikkan(self, sql: Sql, seri: str, periode: int, tanggal: date, jumlah: int) -> int:
        """Raise the counter by ``jumlah`` and return its new value; refuse a back-dated date."""
        nilai = {"seri": seri, "periode": periode, "tanggal": tanggal, "jumlah": jumlah}
        baru = sql.skalar(q.NAIKKAN, **nilai)
        if baru is None:  # a new series/year, or a back-dated document
            lama = self._kunci_seri(sql, seri, periode, buat=True)
            assert lama is not None  # created above when missing
            if lama["tanggal_terakhir"] is not None and lama["tanggal_terakhir"] > tanggal:
                pesan, induk = self._pesan_mundur(sql, seri, periode, tanggal, lama)
                raise TanggalMundurError(pesan, induk)
            # new counter, or (PostgreSQL, READ COMMITTED) another process created it after
            # our UPDATE took its snapshot; the row is locked by us now
            baru = sql.skalar(q.NAIKKAN, **nilai)
        return int(baru)

    def _terbitkan(
        self,
        seri: str,
        *,
        jumlah: int,
        keadaan: str,
        klasifikasi: str | None,
        tanggal: date | str,
        perihal: str | None,
        jenis: str | None,
        rahasia: bool,
        alasan: str | None,
        oleh: str | None,
        aksi: str,
        catat: Catat | None = None,
    ) -> list[NomorTerdaftar]:
        """Issue ``jumlah`` consecutive numbers in one transaction (``catat`` writes in it)."""
        _periksa_isian(perihal=perihal, jenis=jenis, alasan=alasan, nama_petugas=oleh)
        s, pola, unit = self._seri(seri)
        klasifikasi = self._klasifikasi(seri, pola, klasifikasi)
        tanggal = baca_tanggal(tanggal)
        bagian: dict[str, Any] = {"tahun": tanggal.year, "unit": unit, "klasifikasi": klasifikasi}
        kunci_sah = (seri, tanggal.year, klasifikasi, rahasia)
        sah = self._sah.get(kunci_sah)
        if sah is None:  # refuse bad parts before the lock; remember the parts that format
            sah = self._format(pola, urut=1, rahasia=rahasia, **bagian).rahasia
            if len(self._sah) < 256:
                self._sah[kunci_sah] = sah
        periode = tanggal.year if s.ulang_tahunan else 0
        dasar: dict[str, Any] = {
            "seri": seri,
            "periode": periode,
            "tahun": tanggal.year,
            "sisipan": 0,
            "klasifikasi": klasifikasi,
            "rahasia": sah,
            "jenis": jenis,
            "perihal": perihal,
            "tanggal": tanggal,
            "keadaan": keadaan,
            "alasan": alasan,
            "oleh": oleh or pengguna_bawaan(),
            "diubah": None,
        }

        def terbitkan(sql: Sql) -> list[NomorTerdaftar]:
            terakhir = self._naikkan(sql, seri, periode, tanggal, jumlah)
            waktu = self._jam()
            baris = [
                {
                    **dasar,
                    "urut": urut,
                    "teks": pola.format(urut=urut, rahasia=rahasia, **bagian).teks,
                    "dicatat": waktu,
                }
                for urut in range(terakhir - jumlah + 1, terakhir + 1)
            ]
            return self._tambah_nomor(sql, aksi, dasar["oleh"], baris)

        if catat is None:
            with self._tulis() as sql:
                return terbitkan(sql)
        with self.transaksi() as conn:  # the caller's rows go in the same transaction
            hasil = terbitkan(_sql(conn))
            catat(conn, hasil)
            return hasil

    def _pesan_mundur(
        self, sql: Sql, seri: str, periode: int, tanggal: date, penghitung: dict[str, Any]
    ) -> tuple[str, str | None]:
        """Return the refusal of a back-dated number (which number blocks it, where to insert)
        and the number to insert after (None when there is none)."""
        di_seri = {"seri": seri, "periode": periode, "tanggal": tanggal}
        penghalang = sql.satu(q.PENGHALANG, **di_seri)
        induk = sql.skalar(q.INDUK_TERAKHIR, **di_seri)
        if penghalang is not None:
            sebab = (
                f"nomor {penghalang['teks']} yang sudah terbit di seri {seri!r} bertanggal "
                f"{penghalang['tanggal'].isoformat()}"
            )
        else:  # the date was set with `naskah nomor mulai`
            sebab = (
                f"tanggal nomor terakhir seri {seri!r} "
                f"({penghitung['tanggal_terakhir'].isoformat()}, dicatat dengan "
                "`naskah nomor mulai`)"
            )
        if induk:
            saran = (
                "untuk naskah bertanggal mundur gunakan nomor sisipan: "
                f"`naskah nomor sisip --setelah {induk}`"
            )
        else:
            saran = (
                "belum ada nomor di register yang bertanggal sama atau lebih awal untuk "
                "disisipi, jadi pakai tanggal yang benar atau catat naskah itu secara manual"
            )
        return (
            f"Tanggal {tanggal.isoformat()} lebih awal daripada {sebab}, jadi nomor urut "
            f"berikutnya tidak boleh dipakai; {saran}."
        ), (str(induk) if induk else None)

    # -- operations ------------------------------------------------------------------------

    def ambil(
        self,
        seri: str,
        *,
        tanggal: date | str,
        perihal: str,
        klasifikasi: str | None = None,
        jenis: str | None = None,
        rahasia: bool = False,
        oleh: str | None = None,
    ) -> NomorTerdaftar:
        """Issue the next number of ``seri`` for a document dated ``tanggal``.

        A date earlier than the latest issued number of the series and year is refused: a
        back-dated document gets an inserted number (:meth:`sisip`) instead.
        """
        if not (perihal or "").strip():
            raise RegisterError("Perihal naskah kosong; sebutkan dengan --perihal.")
        return self._terbitkan(
            seri,
            jumlah=1,
            keadaan="terpakai",
            klasifikasi=klasifikasi,
            tanggal=tanggal,
            perihal=perihal.strip(),
            jenis=jenis,
            rahasia=rahasia,
            alasan=None,
            oleh=oleh,
            aksi="ambil",
        )[0]

    def ambil_untuk(
        self,
        seri: str,
        jumlah: int,
        *,
        tanggal: date | str,
        perihal: str,
        catat: Catat,
        klasifikasi: str | None = None,
        jenis: str | None = None,
        oleh: str | None = None,
    ) -> list[NomorTerdaftar]:
        """Issue ``jumlah`` used numbers and record what they are for in the same transaction.

        ``catat(conn, numbers)`` writes the caller's own rows about the numbers (the issuing
        pipeline's document states) before the commit: either the numbers and those rows are
        committed together, or neither is.
        """
        if not 1 <= jumlah <= 10000:
            raise RegisterError("Jumlah nomor yang diambil sekaligus harus antara 1 dan 10000.")
        if not (perihal or "").strip():
            raise RegisterError("Perihal naskah kosong; isi perihal atau tentang naskahnya.")
        return self._terbitkan(
            seri,
            jumlah=jumlah,
            keadaan="terpakai",
            klasifikasi=klasifikasi,
            tanggal=tanggal,
            perihal=" ".join(perihal.split())[:2000],
            jenis=jenis,
            rahasia=False,
            alasan=None,
            oleh=oleh,
            aksi="ambil",
            catat=catat,
        )

    def pesan(
        self,
        seri: str,
        jumlah: int,
        *,
        tanggal: date | str,
        alasan: str,
        klasifikasi: str | None = None,
        rahasia: bool = False,
        oleh: str | None = None,
    ) -> list[NomorTerdaftar]:
        """Reserve ``jumlah`` consecutive numbers, each later used (:meth:`pakai`) or cancelled."""
        if not 1 <= jumlah <= 1000:
            raise RegisterError("Jumlah nomor yang dipesan harus antara 1 dan 1000.")
        if not (alasan or "").strip():
            raise RegisterError("Alasan pemesanan nomor kosong; sebutkan dengan --alasan.")
        return self._terbitkan(
            seri,
            jumlah=jumlah,
            keadaan="dipesan",
            klasifikasi=klasifikasi,
            tanggal=tanggal,
            perihal=None,
            jenis=None,
            rahasia=rahasia,
            alasan=alasan.strip(),
            oleh=oleh,
            aksi="pesan",
        )

    def sisip(
        self,
        seri: str,
        setelah: str,
        *,
        tanggal: date | str,
        perihal: str,
        klasifikasi: str | None = None,
        jenis: str | None = None,
        rahasia: bool = False,
        oleh: str | None = None,
    ) -> NomorTerdaftar:
        """Issue an inserted number (0512a, 0512b or 0512.1) after the existing number ``setelah``.

        ``setelah`` is the base number's full text, or its sequence alone (the year then comes
        from ``tanggal``). The base must exist in the register.
        """
        _periksa_isian(perihal=perihal, jenis=jenis, nama_petugas=oleh)
        s, pola, unit = self._seri(seri)
        klasifikasi = self._klasifikasi(seri, pola, klasifikasi)
        tanggal = baca_tanggal(tanggal)
        oleh = oleh or pengguna_bawaan()
        if not (perihal or "").strip():
            raise RegisterError("Perihal naskah kosong; sebutkan dengan --perihal.")
        teks = setelah.strip()
        if re.fullmatch(r"[0-9]+", teks):
            urut, tahun = int(teks), tanggal.year
        else:
            try:
                induk_nomor = pola.parse(teks)
            except NomorError as exc:
                raise RegisterError(str(exc)) from None
            urut, tahun = induk_nomor.urut, induk_nomor.tahun
        if s.ulang_tahunan and tanggal.year != tahun:
            raise RegisterError(
                f"Tanggal {tanggal.isoformat()} tidak berada pada tahun {tahun} nomor induknya; "
                "nomor sisipan harus setahun dengan nomor yang disisipi."
            )
        periode = tahun if s.ulang_tahunan else 0
        with self._tulis() as sql:
            self._kunci_seri(sql, seri, periode, buat=False)
            induk = sql.satu(q.INDUK, seri=seri, periode=periode, urut=urut)
            if induk is None:
                raise RegisterError(
                    f"Nomor induk {teks} tidak ada di register seri {seri!r}; nomor sisipan hanya "
                    "dapat ditempatkan setelah nomor yang sudah diterbitkan "
                    "(lihat `naskah nomor daftar`)."
                )
            if tanggal < induk["tanggal"]:
                raise RegisterError(
                    f"Tanggal {tanggal.isoformat()} lebih awal daripada nomor induk "
                    f"{induk['teks']} (bertanggal {induk['tanggal'].isoformat()}); sisipkan "
                    "setelah nomor yang lebih awal."
                )
            maks = int(sql.skalar(q.SISIPAN_TERAKHIR, seri=seri, periode=periode, urut=urut))
            n = self._format(
                pola,
                urut=urut,
                tahun=tanggal.year,
                unit=unit,
                klasifikasi=klasifikasi,
                sisipan=maks + 1,
                rahasia=rahasia,
            )
            b = {
                "seri": seri,
                "periode": periode,
                "tahun": tanggal.year,
                "urut": urut,
                "sisipan": maks + 1,
                "teks": n.teks,
                "klasifikasi": klasifikasi,
                "rahasia": n.rahasia,
                "jenis": jenis,
                "perihal": perihal.strip(),
                "tanggal": tanggal,
                "keadaan": "terpakai",
                "alasan": None,
                "oleh": oleh,
                "dicatat": self._jam(),
                "diubah": None,
            }
            return self._tambah_nomor(sql, "sisip", oleh, [b])[0]

    def cari_nomor(self, conn: Connection, teks: str, *, seri: str | None = None) -> NomorTerdaftar:
        """Return number ``teks`` read and locked inside :meth:`transaksi`'s connection ``conn``.

        The row stays locked (PostgreSQL ``FOR UPDATE``; on SQLite the transaction holds the
        write lock) until the transaction ends, so a caller can check its state (for instance
        that it is not cancelled) and write rows about it that stay true. A number missing from
        the register, or found in several series without ``seri``, is a :class:`RegisterError`.
        """
        return self._cari(_sql(conn), teks, seri, kunci=True)

    def _cari(self, sql: Sql, teks: str, seri: str | None, kunci: bool) -> NomorTerdaftar:
        pernyataan = q.CARI_NOMOR_SERI if seri else q.CARI_NOMOR
        rows = sql.semua(pernyataan + ("{kunci}" if kunci else ""), teks=teks.strip(), seri=seri)
        if not rows:
            raise _tidak_ada(teks, seri)
        if len(rows) > 1:
            raise RegisterError(
                f"Nomor {teks.strip()} ada di beberapa seri "
                f"({', '.join(r['seri'] for r in rows)}); sebutkan serinya dengan --seri."
            )
        return _rekaman(rows[0])

    def _ubah(
        self, sql: Sql, lama: NomorTerdaftar, baru: dict[str, Any], aksi: str, oleh: str
    ) -> NomorTerdaftar:
        waktu = self._jam()
        baru = {**baru, "diubah": waktu}
        sql.jalankan(q.ubah_nomor(list(baru)), **baru, id=lama.id)
        hasil = replace(lama, **baru)
        self._catat(
            sql,
            aksi,
            oleh,
            waktu,
            [(lama.id, lama.seri, hasil.teks, ringkas(vars(lama)), ringkas(vars(hasil)))],
        )
        return hasil

    def pakai(
        self,
        teks: str,
        *,
        perihal: str,
        tanggal: date | str | None = None,
        klasifikasi: str | None = None,
        jenis: str | None = None,
        seri: str | None = None,
        oleh: str | None = None,
    ) -> NomorTerdaftar:
        """Use a reserved number for a document (its classification may change its text)."""
        if not (perihal or "").strip():
            raise RegisterError("Perihal naskah kosong; sebutkan dengan --perihal.")
        tgl = baca_tanggal(tanggal) if tanggal is not None else None
        oleh = oleh or pengguna_bawaan()
        with self._tulis() as sql:
            lama = self._cari(sql, teks, seri, kunci=True)
            if lama.keadaan != "dipesan":
                raise RegisterError(
                    f"Nomor {lama.teks} berstatus {lama.keadaan}, bukan dipesan; hanya nomor "
                    "yang dipesan dapat dipakai dengan `naskah nomor pakai`."
                )
            s, pola, unit = self._seri(lama.seri)
            kode = (
                self._klasifikasi(lama.seri, pola, klasifikasi) if klasifikasi else lama.klasifikasi
            )
            tgl = tgl or lama.tanggal
            if s.ulang_tahunan and tgl.year != lama.tahun:
                raise RegisterError(
                    f"Nomor {lama.teks} dipesan untuk tahun {lama.tahun}; tanggal "
                    f"{tgl.isoformat()} berada di tahun lain, jadi ambil nomor baru untuk naskah "
                    "ini."
                )
            n = self._format(
                pola,
                urut=lama.urut,
                tahun=tgl.year,
                unit=unit,
                klasifikasi=kode,
                sisipan=lama.sisipan or None,
                rahasia=lama.rahasia,
            )
            return self._ubah(
                sql,
                lama,
                {
                    "keadaan": "terpakai",
                    "perihal": perihal.strip(),
                    "tanggal": tgl,
                    "klasifikasi": kode,
                    "jenis": jenis or lama.jenis,
                    "teks": n.teks,
                    "tahun": tgl.year,
                },
                "pakai",
                oleh,
            )

    def batal(
        self, teks: str, *, alasan: str, seri: str | None = None, oleh: str | None = None
    ) -> NomorTerdaftar:
        """Cancel a number with a reason; it stays in the register and is never issued again."""
        if not (alasan or "").strip():
            raise RegisterError("Alasan pembatalan kosong; sebutkan dengan --alasan.")
        _periksa_isian(alasan=alasan, nama_petugas=oleh)
        oleh = oleh or pengguna_bawaan()
        with self._tulis() as sql:
            lama = self._cari(sql, teks, seri, kunci=True)
            if lama.keadaan == "batal":
                raise RegisterError(f"Nomor {lama.teks} sudah dibatalkan sebelumnya.")
            return self._ubah(
                sql, lama, {"keadaan": "batal", "alasan": alasan.strip()}, "batal", oleh
            )

    def mulai(
        self,
        seri: str,
        terakhir: int,
        *,
        tahun: int | None = None,
        tanggal: date | str | None = None,
        alasan: str | None = None,
        oleh: str | None = None,
    ) -> PenghitungSeri:
        """Set the last number of ``seri`` already used outside naskah; the next one follows it.

        For an office that starts numbering with naskah in the middle of a year: the series of
        ``tahun`` (ignored for a series that never restarts) continues after ``terakhir``.
        ``tanggal`` is the date of that last number (back-dated documents before it are then
        refused). Refused when the register already issued a number above ``terakhir`` or a
        later date; recorded in the audit log.
        """
        s, _pola, _unit = self._seri(seri)
        if terakhir < 1:
            raise RegisterError("Nomor terakhir harus bilangan bulat positif, misalnya 273.")
        tgl = baca_tanggal(tanggal) if tanggal is not None else None
        if tahun is None:
            tahun = tgl.year if tgl else tanggal_di(self._jam(), self.konfigurasi.zona).year
        if not 1000 <= tahun <= 9999:
            raise RegisterError(f"Tahun {tahun} harus empat digit, misalnya 2025.")
        if tgl is not None and s.ulang_tahunan and tgl.year != tahun:
            raise RegisterError(
                f"Tanggal {tgl.isoformat()} tidak berada pada tahun {tahun}; sebutkan tanggal "
                "nomor terakhir di tahun itu."
            )
        periode = tahun if s.ulang_tahunan else 0
        oleh = oleh or pengguna_bawaan()
        with self._tulis() as sql:
            lama = self._kunci_seri(sql, seri, periode, buat=True)
            assert lama is not None  # created above when missing
            nama = f"seri {seri!r}" + (f" tahun {tahun}" if s.ulang_tahunan else "")
            if lama["terakhir"] > terakhir:
                raise RegisterError(
                    f"Register {nama} sudah menerbitkan sampai nomor urut {lama['terakhir']}, "
                    f"lebih tinggi daripada {terakhir}; nomor terakhir tidak dapat diturunkan "
                    "(lihat `naskah nomor daftar`)."
                )
            if (
                tgl is not None
                and lama["tanggal_terakhir"] is not None
                and tgl < lama["tanggal_terakhir"]
            ):
                raise RegisterError(
                    f"Register {nama} sudah memuat nomor bertanggal "
                    f"{lama['tanggal_terakhir'].isoformat()}, lebih akhir daripada "
                    f"{tgl.isoformat()}; "
                    "tanggal nomor terakhir tidak dapat dimundurkan."
                )
            tanggal_terakhir: date | None = tgl or lama["tanggal_terakhir"]
            sql.jalankan(
                q.ATUR_SERI, seri=seri, periode=periode, terakhir=terakhir, tanggal=tanggal_terakhir
            )
            sebelum = {
                "terakhir": lama["terakhir"],
                "tanggal_terakhir": _iso(lama["tanggal_terakhir"]),
            }
            sesudah = {
                "tahun": tahun if s.ulang_tahunan else None,
                "terakhir": terakhir,
                "tanggal_terakhir": _iso(tanggal_terakhir),
                "alasan": (alasan or "").strip() or None,
            }
            self._catat(sql, "mulai", oleh, self._jam(), [(None, seri, None, sebelum, sesudah)])
        return PenghitungSeri(
            seri=seri,
            tahun=tahun if s.ulang_tahunan else None,
            terakhir=terakhir,
            tanggal_terakhir=tanggal_terakhir,
        )

    def impor(self, seri: str, berkas: Path, *, oleh: str | None = None) -> list[NomorTerdaftar]:
        """Load an old buku agenda (CSV or XLSX) into ``seri``: every row, or none at all.

        Every bad row is reported with its row number in one :class:`ImporError`; numbers that
        repeat in the file or already exist in the register are refused.
        """
        from naskah.register.buku_agenda import baca_buku_agenda

        self._seri(seri)
        oleh = oleh or pengguna_bawaan()
        baris_berkas = baca_buku_agenda(berkas)
        calon, masalah = periksa_baris(
            baris_berkas, konfigurasi=self.konfigurasi, seri=seri, berkas=berkas.name, oleh=oleh
        )
        if not baris_berkas:
            raise RegisterError(f"Berkas {berkas.name} tidak memuat satu baris nomor pun.")
        with self._tulis() as sql:
            ada = {
                (r["periode"], r["urut"], r["sisipan"]): r["teks"]
                for r in sql.semua(q.URUTAN_SERI, seri=seri)
            }
            masalah += periksa_bentrok(calon, ada, berkas=berkas.name)
            if masalah:
                masalah.sort(key=lambda m: m.baris or 0)
                raise ImporError(
                    f"Berkas {berkas.name} memuat {len(masalah)} baris yang salah, jadi tidak ada "
                    "yang diimpor; perbaiki baris berikut lalu ulangi:",
                    masalah,
                )
            waktu = self._jam()
            baris = [{**c.nilai, "dicatat": waktu, "diubah": None} for c in calon]
            hasil = self._tambah_nomor(sql, "impor", oleh, baris, {"berkas": berkas.name})
            self._naikkan_ke_impor(sql, seri, calon)
        return hasil

    def _naikkan_ke_impor(self, sql: Sql, seri: str, calon: Sequence[CalonNomor]) -> None:
        """Raise every counter to the highest imported number, so allocation continues after it."""
        puncak: dict[int, tuple[int, date]] = {}
        for c in calon:
            b = c.nilai
            urut, tgl = puncak.get(b["periode"], (b["urut"], b["tanggal"]))
            puncak[b["periode"]] = (max(urut, b["urut"]), max(tgl, b["tanggal"]))
        for periode, (urut, tgl) in puncak.items():
            row = self._kunci_seri(sql, seri, periode, buat=True)
            assert row is not None  # created above when missing
            tanggal = max(row["tanggal_terakhir"], tgl) if row["tanggal_terakhir"] else tgl
            terakhir = max(row["terakhir"], urut)
            sql.jalankan(
                q.ATUR_SERI, seri=seri, periode=periode, terakhir=terakhir, tanggal=tanggal
            )

    # -- reading ---------------------------------------------------------------------------

    def daftar(
        self,
        *,
        seri: str | None = None,
        tahun: int | None = None,
        keadaan: str | None = None,
        dari: date | str | None = None,
        sampai: date | str | None = None,
        cari: str | None = None,
    ) -> list[NomorTerdaftar]:
        """Return the numbers matching every given filter, in register order (no lock taken)."""
        if seri is not None:
            self.konfigurasi.ambil_seri(seri)
        if keadaan is not None and keadaan not in KEADAAN:
            raise RegisterError(
                f"Keadaan {keadaan!r} tidak dikenal; pilih salah satu dari {', '.join(KEADAAN)}."
            )
        syarat: list[str] = []
        param: dict[str, Any] = {}
        for kolom, nilai in (("seri", seri), ("tahun", tahun), ("keadaan", keadaan)):
            if nilai:
                syarat.append(f"{kolom} = :{kolom}")
                param[kolom] = nilai
        if dari is not None:
            syarat.append("tanggal >= :dari")
            param["dari"] = baca_tanggal(dari)
        if sampai is not None:
            syarat.append("tanggal <= :sampai")
            param["sampai"] = baca_tanggal(sampai)
        if cari:
            # case-insensitive as SQLAlchemy's ilike renders it on SQLite, on both databases
            kolom_cari = ("teks", "perihal", "klasifikasi", "jenis", "alasan")
            syarat.append(
                "(" + " OR ".join(f"lower({k}) LIKE lower(:pola)" for k in kolom_cari) + ")"
            )
            param["pola"] = f"%{cari.strip()}%"
        with self._baca() as sql:
            rows = sql.semua(q.daftar_nomor(syarat), **param) if sql is not None else []
        return [_rekaman(r) for r in rows]

    def riwayat(self, teks: str, *, seri: str | None = None) -> list[Jejak]:
        """Return the history of one number from the audit log, oldest first (no lock taken)."""
        with self._baca() as sql:
            if sql is None:
                raise _tidak_ada(teks, seri)
            n = self._cari(sql, teks, seri, kunci=False)
            rows = sql.semua(q.JEJAK_NOMOR, id=n.id)
        return [
            Jejak(
                waktu=r["waktu"],
                oleh=r["oleh"],
                aksi=r["aksi"],
                teks=r["teks"],
                sebelum=json.loads(r["sebelum"]) if r["sebelum"] else None,
                sesudah=json.loads(r["sesudah"]) if r["sesudah"] else None,
            )
            for r in rows
        ]


_sql = sql_koneksi


def _batalkan(c: sqlite3.Connection) -> None:
    """Roll back ``c``'s open transaction, if any (a failing rollback leaves it to SQLite)."""
    if c.in_transaction:
        # a connection that is gone: SQLite rolls back what was not committed
        with suppress(sqlite3.Error):
            c.execute("ROLLBACK")


def _rekaman(row: dict[str, Any]) -> NomorTerdaftar:
    row.pop("periode", None)
    return NomorTerdaftar(**row)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _tidak_ada(teks: str, seri: str | None) -> RegisterError:
    return RegisterError(
        f"Nomor {teks.strip()} tidak ada di register"
        + (f" seri {seri!r}" if seri else "")
        + "; periksa penulisannya dengan `naskah nomor daftar --cari`."
    )


def buka_register(
    konfigurasi: Konfigurasi, *, url: str | None = None, baca_saja: bool = False
) -> Register:
    """Open the register named by ``konfigurasi`` (or ``url``); the database is touched lazily.

    With ``baca_saja`` every write is refused before a connection is opened (the web service).
    """
    return Register(konfigurasi, url=url, baca_saja=baca_saja)
