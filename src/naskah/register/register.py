"""The numbering register: issuing, reserving, cancelling and inserting document numbers.

:class:`Register` is the only writer of the ``seri_nomor``, ``nomor`` and ``jejak`` tables. Every
write is one transaction on one path, :meth:`Register.transaksi` (``BEGIN IMMEDIATE`` on SQLite;
on PostgreSQL the series counter is locked first with ``UPDATE … RETURNING`` or ``SELECT … FOR
UPDATE``), so a number is issued once, never lost and never reused, and every change appends a row
to the audit log (``jejak``) in the same transaction. Reads (:meth:`Register.daftar`,
:meth:`Register.riwayat`) run on read-only connections and take no lock.

Other packages that keep rows about numbers in the same database (the archive's catalog) write
them with :meth:`Register.transaksi` and :meth:`Register.cari_nomor`, in the transaction that
checks the number.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Engine,
    Integer,
    and_,
    bindparam,
    func,
    insert,
    or_,
    select,
    update,
)

from naskah.config import Konfigurasi, Seri
from naskah.errors import ConfigError, NomorError, RegisterError
from naskah.nomor import NomorNaskah, PolaNomor
from naskah.register import basis
from naskah.register.impor import CalonNomor, ImporError, periksa_baris, periksa_bentrok
from naskah.register.masukan import baca_tanggal, pengguna_bawaan
from naskah.register.rekaman import KEADAAN, Jejak, NomorTerdaftar, PenghitungSeri, ringkas
from naskah.register.skema import jejak, nomor, seri_nomor

# -- statements, built once (SQLAlchemy caches their compiled form per dialect) ----------------

_KUNCI_SERI = (
    seri_nomor.c.seri == bindparam("b_seri"),
    seri_nomor.c.periode == bindparam("b_periode"),
)
_BACA_SERI = (
    select(seri_nomor.c.terakhir, seri_nomor.c.tanggal_terakhir)
    .where(*_KUNCI_SERI)
    .with_for_update()
)
# raise the counter and return its new value in one statement (RETURNING: SQLite 3.35+,
# PostgreSQL), refusing (no row) a date earlier than the counter's latest number
_NAIKKAN = (
    update(seri_nomor)
    .where(
        *_KUNCI_SERI,
        or_(
            seri_nomor.c.tanggal_terakhir.is_(None),
            seri_nomor.c.tanggal_terakhir <= bindparam("b_tanggal", type_=Date),
        ),
    )
    .values(
        terakhir=seri_nomor.c.terakhir + bindparam("b_jumlah", type_=Integer),
        tanggal_terakhir=bindparam("b_tanggal", type_=Date),
    )
    .returning(seri_nomor.c.terakhir)
)
_TAMBAH_NOMOR_BANYAK = insert(nomor).returning(nomor.c.id, sort_by_parameter_order=True)
_TAMBAH_JEJAK = insert(jejak)
# the three statements of issuing one number, run through basis.Pernyataan
_CEPAT_NAIKKAN = basis.Pernyataan(_NAIKKAN, [])
_CEPAT_NOMOR = basis.Pernyataan(
    insert(nomor).returning(nomor.c.id), [c.name for c in nomor.c if c.name != "id"]
)
_CEPAT_JEJAK = basis.Pernyataan(_TAMBAH_JEJAK, [c.name for c in jejak.c if c.name != "id"])


def _buat_seri(dialek: str) -> Any:
    """Return the counter insert that does nothing when another process created it first."""
    if dialek == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(seri_nomor).on_conflict_do_nothing()
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(seri_nomor).on_conflict_do_nothing()


class Register:
    """The numbering register of one office, in the database named by its configuration.

    Open it with :func:`buka_register`; one instance per process or thread (it holds a
    connection). Nothing touches the database until the first operation, and every
    operation checks its input before it opens a transaction.
    """

    def __init__(
        self,
        konfigurasi: Konfigurasi,
        *,
        url: str | None = None,
        jam: Callable[[], datetime] = datetime.now,
        baca_saja: bool = False,
    ) -> None:
        self.konfigurasi = konfigurasi
        self.baca_saja = baca_saja
        """Only read: no write engine, no migration, PostgreSQL reads in READ ONLY transactions."""
        self.url = basis.normalisasi_url(url or konfigurasi.url_basis_data)
        self.batas_tunggu = konfigurasi.basis_data.batas_tunggu
        self._jam = jam
        self._engine: Engine | None = None
        self._engine_baca: Engine | None = None
        self._conn: Connection | None = None
        self._buat_seri: Any = None
        self._seri_cache: dict[str, tuple[Seri, PolaNomor, str | None]] = {}
        # (series, year, classification, confidential) that format: whether RHS is printed
        self._sah: dict[tuple[str, int, str | None, bool], bool] = {}

    # -- connection ------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """Return the write engine, creating the register or migrating its schema on first use."""
        if self.baca_saja:
            raise RegisterError(
                "Register ini dibuka hanya untuk dibaca; perubahan dilakukan lewat perintah "
                "naskah, bukan lewat layanan verifikasi."
            )
        if self._engine is None:
            with self._galat():
                engine = basis.buka_engine(self.url, self.batas_tunggu)
            assert engine is not None  # writing always yields a database
            self._engine = engine
        return self._engine

    def tutup(self) -> None:
        """Close the connections and the pools."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        for engine in (self._engine, self._engine_baca):
            if engine is not None:
                engine.dispose()
        self._engine = self._engine_baca = None

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.tutup()

    def _galat(self) -> Any:
        return basis.terjemahkan_galat(self.url, self.batas_tunggu)

    @contextmanager
    def transaksi(self) -> Iterator[Connection]:
        """Yield a connection inside one write transaction; commit when the block succeeds.

        On SQLite the transaction begins with ``BEGIN IMMEDIATE`` (it holds the register's write
        lock until it ends); on PostgreSQL lock what you change with :meth:`cari_nomor` or
        ``SELECT … FOR UPDATE``. Any exception rolls everything back; database errors become a
        :class:`RegisterError`. Not reentrant: do not call other operations of this register
        inside the block.
        """
        with self._galat():
            if self._conn is None:
                self._conn = self.engine.connect()
            conn = self._conn
            if conn.in_transaction():
                raise RegisterError(
                    "Transaksi register sudah berjalan; operasi register tidak dapat dipanggil di "
                    "dalam Register.transaksi() (kesalahan program, laporkan kepada pengelola "
                    "naskah)."
                )
            try:
                with conn.begin():
                    yield conn
            except BaseException:
                if conn.invalidated or conn.closed:
                    self._conn = None
                raise

    @contextmanager
    def _baca(self) -> Iterator[Connection | None]:
        """Yield a read-only connection in a lock-free transaction, or None without a register."""
        with self._galat():
            if self._engine_baca is None:
                # None while there is no register yet: asked again at the next read
                self._engine_baca = basis.buka_engine(self.url, self.batas_tunggu, baca=True)
            if self._engine_baca is None:
                yield None
                return
            with self._engine_baca.connect() as conn, conn.begin():
                if self.baca_saja and conn.dialect.name == "postgresql":
                    conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                yield conn

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

    def _kunci_seri(self, conn: Connection, seri: str, periode: int, buat: bool) -> Any:
        """Lock and return the counter row of ``seri``/``periode`` (created when ``buat``)."""
        kunci = {"b_seri": seri, "b_periode": periode}
        row = conn.execute(_BACA_SERI, kunci).first()
        if row is None and buat:
            self._tambah_seri(conn, seri, periode)
            row = conn.execute(_BACA_SERI, kunci).first()
        return row

    def _tambah_seri(self, conn: Connection, seri: str, periode: int) -> None:
        if self._buat_seri is None:
            self._buat_seri = _buat_seri(conn.dialect.name)
        conn.execute(
            self._buat_seri,
            {"seri": seri, "periode": periode, "terakhir": 0, "tanggal_terakhir": None},
        )

    def _catat(
        self,
        conn: Connection,
        aksi: str,
        oleh: str,
        waktu: datetime,
        entri: Sequence[
            tuple[int | None, str, str | None, dict[str, Any] | None, dict[str, Any] | None]
        ],
    ) -> None:
        """Append audit rows: (nomor_id, seri, teks, before, after) each."""
        baris = [
            {
                "waktu": waktu,
                "oleh": oleh,
                "aksi": aksi,
                "nomor_id": nid,
                "seri": seri,
                "teks": teks,
                "sebelum": json.dumps(sbl, ensure_ascii=False) if sbl is not None else None,
                "sesudah": json.dumps(ssd, ensure_ascii=False) if ssd is not None else None,
            }
            for nid, seri, teks, sbl, ssd in entri
        ]
        if len(baris) == 1:
            _CEPAT_JEJAK.jalankan(conn, baris[0])
        else:
            conn.execute(_TAMBAH_JEJAK, baris)

    def _tambah_nomor(
        self,
        conn: Connection,
        aksi: str,
        oleh: str,
        baris: list[dict[str, Any]],
        tambahan: dict[str, Any] | None = None,
    ) -> list[NomorTerdaftar]:
        """Insert number rows with one audit row each (``tambahan`` joins its "after" values)."""
        if len(baris) == 1:
            ids = [int(_CEPAT_NOMOR.jalankan(conn, baris[0])[0])]
        else:
            ids = list(conn.execute(_TAMBAH_NOMOR_BANYAK, baris).scalars())
        self._catat(
            conn,
            aksi,
            oleh,
            baris[0]["dicatat"],
            [
                (i, b["seri"], b["teks"], None, {**ringkas(b), **(tambahan or {})})
                for i, b in zip(ids, baris, strict=True)
            ],
        )
        return [_rekaman({**b, "id": i}) for i, b in zip(ids, baris, strict=True)]

    def _naikkan(
        self, conn: Connection, seri: str, periode: int, tanggal: date, jumlah: int
    ) -> int:
        """Raise the counter by ``jumlah`` and return its new value; refuse a back-dated date."""
        nilai = {"b_seri": seri, "b_periode": periode, "b_tanggal": tanggal, "b_jumlah": jumlah}
        row = _CEPAT_NAIKKAN.jalankan(conn, nilai)
        if row is None:  # a new series/year, or a back-dated document
            lama = self._kunci_seri(conn, seri, periode, buat=True)
            if lama.tanggal_terakhir is not None and lama.tanggal_terakhir > tanggal:
                raise RegisterError(self._pesan_mundur(conn, seri, periode, tanggal, lama))
            # new counter, or (PostgreSQL, READ COMMITTED) another process created it after
            # our UPDATE took its snapshot; the row is locked by us now
            return int(conn.execute(_NAIKKAN, nilai).scalar_one())
        return int(row[0])

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
        catat: Callable[[Connection, list[NomorTerdaftar]], None] | None = None,
    ) -> list[NomorTerdaftar]:
        """Issue ``jumlah`` consecutive numbers in one transaction (``catat`` writes in it)."""
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
        with self.transaksi() as conn:
            terakhir = self._naikkan(conn, seri, periode, tanggal, jumlah)
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
            hasil = self._tambah_nomor(conn, aksi, dasar["oleh"], baris)
            if catat is not None:
                catat(conn, hasil)
            return hasil

    def _pesan_mundur(
        self, conn: Connection, seri: str, periode: int, tanggal: date, penghitung: Any
    ) -> str:
        """Return the refusal of a back-dated number: which number blocks it, where to insert."""
        di_seri = (nomor.c.seri == seri, nomor.c.periode == periode)
        # the number that carries the series' latest date (not necessarily the last sequence)
        penghalang = conn.execute(
            select(nomor.c.teks, nomor.c.tanggal)
            .where(*di_seri, nomor.c.tanggal > tanggal)
            .order_by(nomor.c.tanggal.desc(), nomor.c.urut.desc(), nomor.c.sisipan.desc())
            .limit(1)
        ).first()
        induk = conn.execute(
            select(nomor.c.teks)
            .where(*di_seri, nomor.c.sisipan == 0, nomor.c.tanggal <= tanggal)
            .order_by(nomor.c.urut.desc())
            .limit(1)
        ).scalar()
        if penghalang is not None:
            sebab = (
                f"nomor {penghalang.teks} yang sudah terbit di seri {seri!r} bertanggal "
                f"{penghalang.tanggal.isoformat()}"
            )
        else:  # the date was set with `naskah nomor mulai`
            sebab = (
                f"tanggal nomor terakhir seri {seri!r} "
                f"({penghitung.tanggal_terakhir.isoformat()}, dicatat dengan `naskah nomor mulai`)"
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
        )

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
        catat: Callable[[Connection, list[NomorTerdaftar]], None],
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
        with self.transaksi() as conn:
            self._kunci_seri(conn, seri, periode, buat=False)
            induk = conn.execute(
                select(nomor.c.teks, nomor.c.tanggal).where(
                    nomor.c.seri == seri,
                    nomor.c.periode == periode,
                    nomor.c.urut == urut,
                    nomor.c.sisipan == 0,
                )
            ).first()
            if induk is None:
                raise RegisterError(
                    f"Nomor induk {teks} tidak ada di register seri {seri!r}; nomor sisipan hanya "
                    "dapat ditempatkan setelah nomor yang sudah diterbitkan "
                    "(lihat `naskah nomor daftar`)."
                )
            if tanggal < induk.tanggal:
                raise RegisterError(
                    f"Tanggal {tanggal.isoformat()} lebih awal daripada nomor induk {induk.teks} "
                    f"(bertanggal {induk.tanggal.isoformat()}); sisipkan setelah nomor yang "
                    "lebih awal."
                )
            maks = conn.execute(
                select(func.max(nomor.c.sisipan)).where(
                    nomor.c.seri == seri, nomor.c.periode == periode, nomor.c.urut == urut
                )
            ).scalar_one()
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
            return self._tambah_nomor(conn, "sisip", oleh, [b])[0]

    def cari_nomor(self, conn: Connection, teks: str, *, seri: str | None = None) -> NomorTerdaftar:
        """Return number ``teks`` read and locked inside :meth:`transaksi`'s connection ``conn``.

        The row stays locked (PostgreSQL ``FOR UPDATE``; on SQLite the transaction holds the
        write lock) until the transaction ends, so a caller can check its state (for instance
        that it is not cancelled) and write rows about it that stay true. A number missing from
        the register, or found in several series without ``seri``, is a :class:`RegisterError`.
        """
        return self._cari(conn, teks, seri, kunci=True)

    def _cari(self, conn: Connection, teks: str, seri: str | None, kunci: bool) -> NomorTerdaftar:
        q = select(nomor).where(nomor.c.teks == teks.strip())
        if seri:
            q = q.where(nomor.c.seri == seri)
        if kunci:
            q = q.with_for_update()
        rows = conn.execute(q).mappings().all()
        if not rows:
            raise _tidak_ada(teks, seri)
        if len(rows) > 1:
            raise RegisterError(
                f"Nomor {teks.strip()} ada di beberapa seri "
                f"({', '.join(r['seri'] for r in rows)}); sebutkan serinya dengan --seri."
            )
        return _rekaman(dict(rows[0]))

    def _ubah(
        self, conn: Connection, lama: NomorTerdaftar, baru: dict[str, Any], aksi: str, oleh: str
    ) -> NomorTerdaftar:
        waktu = self._jam()
        baru = {**baru, "diubah": waktu}
        conn.execute(update(nomor).where(nomor.c.id == lama.id).values(**baru))
        hasil = replace(lama, **baru)
        self._catat(
            conn,
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
        with self.transaksi() as conn:
            lama = self._cari(conn, teks, seri, kunci=True)
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
                conn,
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
        oleh = oleh or pengguna_bawaan()
        with self.transaksi() as conn:
            lama = self._cari(conn, teks, seri, kunci=True)
            if lama.keadaan == "batal":
                raise RegisterError(f"Nomor {lama.teks} sudah dibatalkan sebelumnya.")
            return self._ubah(
                conn, lama, {"keadaan": "batal", "alasan": alasan.strip()}, "batal", oleh
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
            tahun = tgl.year if tgl else date.today().year
        if not 1000 <= tahun <= 9999:
            raise RegisterError(f"Tahun {tahun} harus empat digit, misalnya 2025.")
        if tgl is not None and s.ulang_tahunan and tgl.year != tahun:
            raise RegisterError(
                f"Tanggal {tgl.isoformat()} tidak berada pada tahun {tahun}; sebutkan tanggal "
                "nomor terakhir di tahun itu."
            )
        periode = tahun if s.ulang_tahunan else 0
        oleh = oleh or pengguna_bawaan()
        with self.transaksi() as conn:
            lama = self._kunci_seri(conn, seri, periode, buat=True)
            nama = f"seri {seri!r}" + (f" tahun {tahun}" if s.ulang_tahunan else "")
            if lama.terakhir > terakhir:
                raise RegisterError(
                    f"Register {nama} sudah menerbitkan sampai nomor urut {lama.terakhir}, "
                    f"lebih tinggi daripada {terakhir}; nomor terakhir tidak dapat diturunkan "
                    "(lihat `naskah nomor daftar`)."
                )
            if (
                tgl is not None
                and lama.tanggal_terakhir is not None
                and tgl < lama.tanggal_terakhir
            ):
                raise RegisterError(
                    f"Register {nama} sudah memuat nomor bertanggal "
                    f"{lama.tanggal_terakhir.isoformat()}, lebih akhir daripada {tgl.isoformat()}; "
                    "tanggal nomor terakhir tidak dapat dimundurkan."
                )
            tanggal_terakhir: date | None = tgl or lama.tanggal_terakhir
            conn.execute(_atur_seri(seri, periode, terakhir, tanggal_terakhir))
            sebelum = {"terakhir": lama.terakhir, "tanggal_terakhir": _iso(lama.tanggal_terakhir)}
            sesudah = {
                "tahun": tahun if s.ulang_tahunan else None,
                "terakhir": terakhir,
                "tanggal_terakhir": _iso(tanggal_terakhir),
                "alasan": (alasan or "").strip() or None,
            }
            self._catat(conn, "mulai", oleh, self._jam(), [(None, seri, None, sebelum, sesudah)])
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
        with self.transaksi() as conn:
            ada = {
                (r.periode, r.urut, r.sisipan): r.teks
                for r in conn.execute(
                    select(nomor.c.periode, nomor.c.urut, nomor.c.sisipan, nomor.c.teks)
                    .where(nomor.c.seri == seri)
                    .with_for_update()
                )
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
            hasil = self._tambah_nomor(conn, "impor", oleh, baris, {"berkas": berkas.name})
            self._naikkan_ke_impor(conn, seri, calon)
        return hasil

    def _naikkan_ke_impor(self, conn: Connection, seri: str, calon: Sequence[CalonNomor]) -> None:
        """Raise every counter to the highest imported number, so allocation continues after it."""
        puncak: dict[int, tuple[int, date]] = {}
        for c in calon:
            b = c.nilai
            urut, tgl = puncak.get(b["periode"], (b["urut"], b["tanggal"]))
            puncak[b["periode"]] = (max(urut, b["urut"]), max(tgl, b["tanggal"]))
        for periode, (urut, tgl) in puncak.items():
            row = self._kunci_seri(conn, seri, periode, buat=True)
            tanggal = max(row.tanggal_terakhir, tgl) if row.tanggal_terakhir else tgl
            conn.execute(_atur_seri(seri, periode, max(row.terakhir, urut), tanggal))

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
        syarat = []
        if seri:
            syarat.append(nomor.c.seri == seri)
        if tahun:
            syarat.append(nomor.c.tahun == tahun)
        if keadaan:
            syarat.append(nomor.c.keadaan == keadaan)
        if dari is not None:
            syarat.append(nomor.c.tanggal >= baca_tanggal(dari))
        if sampai is not None:
            syarat.append(nomor.c.tanggal <= baca_tanggal(sampai))
        if cari:
            pola = f"%{cari.strip()}%"
            kolom = (
                nomor.c.teks,
                nomor.c.perihal,
                nomor.c.klasifikasi,
                nomor.c.jenis,
                nomor.c.alasan,
            )
            syarat.append(or_(*(c.ilike(pola) for c in kolom)))
        q = (
            select(nomor)
            .where(and_(True, *syarat))
            .order_by(nomor.c.seri, nomor.c.periode, nomor.c.urut, nomor.c.sisipan)
        )
        with self._baca() as conn:
            rows = conn.execute(q).mappings().all() if conn is not None else []
        return [_rekaman(dict(r)) for r in rows]

    def riwayat(self, teks: str, *, seri: str | None = None) -> list[Jejak]:
        """Return the history of one number from the audit log, oldest first (no lock taken)."""
        with self._baca() as conn:
            if conn is None:
                raise _tidak_ada(teks, seri)
            n = self._cari(conn, teks, seri, kunci=False)
            rows = (
                conn.execute(select(jejak).where(jejak.c.nomor_id == n.id).order_by(jejak.c.id))
                .mappings()
                .all()
            )
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


def _atur_seri(seri: str, periode: int, terakhir: int, tanggal_terakhir: date | None) -> Any:
    return (
        update(seri_nomor)
        .where(seri_nomor.c.seri == seri, seri_nomor.c.periode == periode)
        .values(terakhir=terakhir, tanggal_terakhir=tanggal_terakhir)
    )


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
