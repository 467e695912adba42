"""The numbering register: issuing, reserving, cancelling and inserting document numbers.

:class:`Register` is the only writer of the ``seri_nomor``, ``nomor`` and ``jejak`` tables. Every
operation is one transaction that locks the series counter of the year first (``BEGIN IMMEDIATE``
on SQLite, ``SELECT … FOR UPDATE`` on PostgreSQL), so a number is issued once, never lost and never
reused, and every change appends a row to the audit log (``jejak``) in the same transaction.
"""

from __future__ import annotations

import functools
import getpass
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
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
    literal_column,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Dialect

from naskah.config import Konfigurasi, Seri
from naskah.errors import ConfigError, Masalah, NomorError, RegisterError
from naskah.nomor import NomorNaskah, PolaNomor
from naskah.register import basis
from naskah.register.skema import KEADAAN, jejak, nomor, seri_nomor

ENV_PENGGUNA = "NASKAH_PENGGUNA"


@dataclass(frozen=True)
class NomorTerdaftar:
    """One number as recorded in the register."""

    id: int
    seri: str
    tahun: int
    urut: int
    sisipan: int
    """0 for a base number, 1 for the first number inserted after it, …"""
    teks: str
    klasifikasi: str | None
    rahasia: bool
    jenis: str | None
    perihal: str | None
    tanggal: date
    keadaan: str
    """``dipesan`` (reserved), ``terpakai`` (used) or ``batal`` (cancelled)."""
    alasan: str | None
    oleh: str
    dicatat: datetime
    diubah: datetime | None = None

    @property
    def kunci_urut(self) -> tuple[str, int, int, int]:
        """Return the register order: series, year, sequence, inserted numbers after their base."""
        return (self.seri, self.tahun, self.urut, self.sisipan)

    def ke_dict(self) -> dict[str, Any]:
        """Return the record as JSON-ready values (dates as ISO text)."""
        d = asdict(self)
        for k in ("tanggal", "dicatat", "diubah"):
            if d[k] is not None:
                d[k] = d[k].isoformat()
        return d


@dataclass(frozen=True)
class Jejak:
    """One entry of the audit log: who did what to a number, with the state before and after."""

    waktu: datetime
    oleh: str
    aksi: str
    teks: str | None
    sebelum: dict[str, Any] | None
    sesudah: dict[str, Any] | None

    def ke_dict(self) -> dict[str, Any]:
        """Return the entry as JSON-ready values."""
        d = asdict(self)
        d["waktu"] = self.waktu.isoformat()
        return d


class ImporError(RegisterError):
    """An import file has bad rows; nothing was imported. ``masalah`` lists every bad row."""

    def __init__(self, pesan: str, masalah: list[Masalah]) -> None:
        super().__init__(pesan)
        self.masalah = masalah

    def __str__(self) -> str:
        return "\n".join([self.pesan, *(f"  - {m}" for m in self.masalah)])


_FORMAT_TANGGAL = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


def baca_tanggal(nilai: date | str) -> date:
    """Return ``nilai`` as a date; text may be 2024-05-17, 17-05-2024 or 17/05/2024."""
    if isinstance(nilai, datetime):
        return nilai.date()
    if isinstance(nilai, date):
        return nilai
    teks = str(nilai).strip()
    if len(teks) == 10 and teks[4] == "-":
        try:
            return date.fromisoformat(teks)
        except ValueError:
            pass
    for fmt in _FORMAT_TANGGAL:
        try:
            return datetime.strptime(teks, fmt).date()
        except ValueError:
            continue
    raise RegisterError(
        f"Tanggal {teks!r} tidak sah; tulis sebagai TTTT-BB-HH, misalnya 2024-05-17."
    )


def pengguna_bawaan() -> str:
    """Return who is acting: NASKAH_PENGGUNA, else the operating-system user name."""
    env = os.environ.get(ENV_PENGGUNA, "").strip()
    if env:
        return env
    return _pengguna_os()


@functools.cache
def _pengguna_os() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "tidak-diketahui"


def _ringkas(row: dict[str, Any]) -> dict[str, Any]:
    """Return the audited part of a number row, JSON-ready."""
    out = {}
    for k in ("teks", "keadaan", "klasifikasi", "jenis", "perihal", "tanggal", "alasan"):
        v = row.get(k)
        out[k] = v.isoformat() if isinstance(v, date) else v
    return out


class Register:
    """The numbering register of one office, in the database named by its configuration.

    Open it with :func:`buka_register`; one instance per process or thread (it holds a
    connection pool). Nothing touches the database until the first operation, and every
    operation checks its input before it opens a transaction.
    """

    def __init__(
        self,
        konfigurasi: Konfigurasi,
        *,
        url: str | None = None,
        jam: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.konfigurasi = konfigurasi
        self.url = basis.normalisasi_url(url or konfigurasi.url_basis_data)
        self.batas_tunggu = konfigurasi.basis_data.batas_tunggu
        self._jam = jam
        self._engine: Engine | None = None
        self._conn: Connection | None = None
        self._cur: Any = None
        self._cepat: _Cepat | None = None
        self._seri_cache: dict[str, tuple[Seri, PolaNomor, str | None]] = {}
        self._templat_cache: dict[tuple[str, int, str | None, bool], _Templat] = {}

    # -- connection ------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """Return the engine, creating the database and migrating its schema on first use."""
        if self._engine is None:
            with self._galat():
                if self.url.get_backend_name() == "sqlite":
                    Path(self.url.database or "").parent.mkdir(parents=True, exist_ok=True)
                engine = basis.buat_engine(self.url.render_as_string(False), self.batas_tunggu)
                try:
                    basis.siapkan_skema(engine)
                except BaseException:
                    engine.dispose()
                    raise
            self._engine = engine
        return self._engine

    def tutup(self) -> None:
        """Close the connection and the pool."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            self._cur = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.tutup()

    def _galat(self) -> Any:
        return basis.terjemahkan_galat(self.url, self.batas_tunggu)

    @contextmanager
    def _transaksi(self) -> Iterator[Connection]:
        """Yield a connection inside one write transaction; commit on success."""
        with self._galat():
            if self._conn is None:
                self._conn = self.engine.connect()
            conn = self._conn
            try:
                with conn.begin():
                    yield conn
            except BaseException:
                if conn.invalidated or conn.closed:
                    self._conn = None
                    self._cur = None
                raise

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

    # -- locking and writing -----------------------------------------------------------------

    def _kunci_seri(self, conn: Connection, seri: str, periode: int, buat: bool) -> Any:
        """Lock and return the counter row of ``seri``/``periode`` (created when ``buat``)."""
        q = (
            select(seri_nomor.c.terakhir, seri_nomor.c.tanggal_terakhir)
            .where(seri_nomor.c.seri == seri, seri_nomor.c.periode == periode)
            .with_for_update()
        )
        row = conn.execute(q).first()
        if row is None and buat:
            conn.execute(
                self._insert_abaikan(seri_nomor),
                {"seri": seri, "periode": periode, "terakhir": 0, "tanggal_terakhir": None},
            )
            row = conn.execute(q).first()
        return row

    def _insert_abaikan(self, tabel: Any) -> Any:
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            return pg_insert(tabel).on_conflict_do_nothing()
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(tabel).on_conflict_do_nothing()

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
        conn.execute(
            insert(jejak),
            [
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
            ],
        )

    def _siapkan_cepat(self) -> _Cepat:
        """Return the allocation statements compiled for this database (once per instance)."""
        if self._cepat is None:
            self._cepat = _Cepat(self.engine.dialect)
        return self._cepat

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
    ) -> list[NomorTerdaftar]:
        """Issue ``jumlah`` consecutive numbers in one transaction (the allocation hot path)."""
        s, pola, unit = self._seri(seri)
        klasifikasi = self._klasifikasi(seri, pola, klasifikasi)
        tanggal = baca_tanggal(tanggal)
        oleh = oleh or pengguna_bawaan()
        periode = tanggal.year if s.ulang_tahunan else 0
        # everything but the sequence is prepared before the lock is taken, to keep it short
        kunci_templat = (seri, tanggal.year, klasifikasi, rahasia)
        templat = self._templat_cache.get(kunci_templat)
        if templat is None:
            templat = _Templat(
                self, pola, tahun=tanggal.year, unit=unit, klasifikasi=klasifikasi, rahasia=rahasia
            )
            if len(self._templat_cache) < 256:
                self._templat_cache[kunci_templat] = templat
        dasar = {
            "seri": seri,
            "periode": periode,
            "tahun": tanggal.year,
            "sisipan": 0,
            "klasifikasi": klasifikasi,
            "rahasia": templat.rahasia,
            "jenis": jenis,
            "perihal": perihal,
            "tanggal": tanggal,
            "keadaan": keadaan,
            "alasan": alasan,
            "oleh": oleh,
            "diubah": None,
        }
        ringkas = _ringkas(dasar)
        del ringkas["teks"]
        # the audit row's "after" JSON with the number text last, filled in under the lock
        jejak_awal = json.dumps(ringkas, ensure_ascii=False)[:-1] + ', "teks": '
        q = self._siapkan_cepat()
        dialek = self.engine.dialect
        # every value but the sequence, the ids and the clock, in the DBAPI's own form
        naik = basis.nilai_dbapi(
            dialek, {"seri": seri, "periode": periode, "jumlah": jumlah, "tanggal": tanggal}
        )
        nomor_db = basis.nilai_dbapi(dialek, dasar)
        jejak_db = {"oleh": oleh, "aksi": aksi, "seri": seri, "sebelum": None}
        terbit: list[tuple[int, int, str]] = []
        mundur: date | None = None
        with self._galat():
            dbapi, cur = self._dbapi()
            try:
                if q.begin:
                    cur.execute(q.begin)
                # one round trip: raise the counter unless the date is earlier than its last one
                row = q.naikkan.jalankan_siap(cur, naik).fetchone()
                if row is None:  # a new series/year, or a back-dated document
                    lama = q.kunci.jalankan_siap(cur, naik).fetchone()
                    if lama is None:
                        q.buat.jalankan_siap(cur, naik)
                        row = q.naikkan.jalankan_siap(cur, naik).fetchone()
                    elif (terakhir := basis.ke_tanggal(lama[1])) is None or terakhir <= tanggal:
                        # PostgreSQL, READ COMMITTED: another process created the counter
                        # after our UPDATE took its snapshot; the row is locked by us now
                        row = q.naikkan.jalankan_siap(cur, naik).fetchone()
                    else:
                        mundur = basis.ke_tanggal(lama[1])
                if row is not None:
                    waktu = self._jam()
                    nomor_db["dicatat"] = jejak_db["waktu"] = q.ke_waktu(waktu)
                    for urut in range(row[0] - jumlah + 1, row[0] + 1):
                        teks = templat.teks(urut)
                        nomor_db["urut"] = urut
                        nomor_db["teks"] = jejak_db["teks"] = teks
                        jejak_db["nomor_id"] = nid = q.nomor.jalankan_siap(
                            cur, nomor_db
                        ).fetchone()[0]
                        jejak_db["sesudah"] = (
                            jejak_awal + json.dumps(teks, ensure_ascii=False) + "}"
                        )
                        q.jejak.jalankan_siap(cur, jejak_db)
                        terbit.append((nid, urut, teks))
                    dbapi.commit()
                else:
                    dbapi.rollback()
            except BaseException:
                self._batalkan_dbapi(dbapi)
                raise
        if mundur is not None:
            with self._transaksi() as conn:
                pesan = self._pesan_mundur(conn, seri, periode, tanggal, mundur)
            raise RegisterError(pesan)
        return [
            NomorTerdaftar(id=nid, **_tanpa(dasar, "periode"), urut=urut, teks=teks, dicatat=waktu)
            for nid, urut, teks in terbit
        ]

    def _dbapi(self) -> tuple[Any, Any]:
        """Return the DBAPI connection of this instance and its reusable cursor."""
        if self._conn is None:
            self._conn = self.engine.connect()
            self._cur = None
        if self._cur is None:
            self._cur = self._conn.connection.dbapi_connection.cursor()
        return self._conn.connection.dbapi_connection, self._cur

    def _batalkan_dbapi(self, dbapi: Any) -> None:
        """Roll back after a failed allocation; drop the connection if it is broken."""
        try:
            dbapi.rollback()
        except Exception:
            if self._conn is not None:
                self._conn.invalidate()
                self._conn.close()
            self._conn = None
            self._cur = None

    def _sisipkan_nomor(self, conn: Connection, baris: list[dict[str, Any]]) -> list[int]:
        if len(baris) == 1:
            return [conn.execute(insert(nomor).returning(nomor.c.id), baris[0]).scalar_one()]
        hasil = conn.execute(
            insert(nomor).returning(nomor.c.id, sort_by_parameter_order=True), baris
        )
        return list(hasil.scalars())

    def _pesan_mundur(
        self, conn: Connection, seri: str, periode: int, tanggal: date, tanggal_terakhir: date
    ) -> str:
        induk = conn.execute(
            select(nomor.c.teks)
            .where(
                nomor.c.seri == seri,
                nomor.c.periode == periode,
                nomor.c.sisipan == 0,
                nomor.c.tanggal <= tanggal,
            )
            .order_by(nomor.c.urut.desc())
            .limit(1)
        ).scalar()
        saran = f"naskah nomor sisip --setelah {induk}" if induk else "naskah nomor sisip"
        return (
            f"Tanggal {tanggal.isoformat()} lebih awal daripada nomor terakhir seri {seri!r} "
            f"(bertanggal {tanggal_terakhir.isoformat()}), jadi nomor urut berikutnya tidak boleh "
            f"dipakai; untuk naskah bertanggal mundur gunakan nomor sisipan: `{saran}`."
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
        if re.fullmatch(r"\d+", teks):
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
        with self._transaksi() as conn:
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
            waktu = self._jam()
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
                "dicatat": waktu,
                "diubah": None,
            }
            (nid,) = self._sisipkan_nomor(conn, [b])
            self._catat(conn, "sisip", oleh, waktu, [(nid, seri, n.teks, None, _ringkas(b))])
        return NomorTerdaftar(id=nid, **_tanpa(b, "periode"))

    def _cari(self, conn: Connection, teks: str, seri: str | None, kunci: bool) -> dict[str, Any]:
        q = select(nomor).where(nomor.c.teks == teks.strip())
        if seri:
            q = q.where(nomor.c.seri == seri)
        if kunci:
            q = q.with_for_update()
        rows = conn.execute(q).mappings().all()
        if not rows:
            raise RegisterError(
                f"Nomor {teks.strip()} tidak ada di register"
                + (f" seri {seri!r}" if seri else "")
                + "; periksa penulisannya dengan `naskah nomor daftar --cari`."
            )
        if len(rows) > 1:
            raise RegisterError(
                f"Nomor {teks.strip()} ada di beberapa seri "
                f"({', '.join(r['seri'] for r in rows)}); sebutkan serinya dengan --seri."
            )
        return dict(rows[0])

    def _ubah(
        self, conn: Connection, lama: dict[str, Any], baru: dict[str, Any], aksi: str, oleh: str
    ) -> NomorTerdaftar:
        waktu = self._jam()
        baru = {**baru, "diubah": waktu}
        conn.execute(update(nomor).where(nomor.c.id == lama["id"]).values(**baru))
        hasil = {**lama, **baru}
        self._catat(
            conn,
            aksi,
            oleh,
            waktu,
            [(lama["id"], lama["seri"], hasil["teks"], _ringkas(lama), _ringkas(hasil))],
        )
        return NomorTerdaftar(**_tanpa(hasil, "periode"))

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
        with self._transaksi() as conn:
            lama = self._cari(conn, teks, seri, kunci=True)
            if lama["keadaan"] != "dipesan":
                raise RegisterError(
                    f"Nomor {lama['teks']} berstatus {lama['keadaan']}, bukan dipesan; hanya nomor "
                    "yang dipesan dapat dipakai dengan `naskah nomor pakai`."
                )
            s, pola, unit = self._seri(lama["seri"])
            kode = (
                self._klasifikasi(lama["seri"], pola, klasifikasi)
                if klasifikasi
                else lama["klasifikasi"]
            )
            tgl = tgl or lama["tanggal"]
            if s.ulang_tahunan and tgl.year != lama["tahun"]:
                raise RegisterError(
                    f"Nomor {lama['teks']} dipesan untuk tahun {lama['tahun']}; tanggal "
                    f"{tgl.isoformat()} berada di tahun lain, jadi ambil nomor baru untuk naskah "
                    "ini."
                )
            n = self._format(
                pola,
                urut=lama["urut"],
                tahun=tgl.year,
                unit=unit,
                klasifikasi=kode,
                sisipan=lama["sisipan"] or None,
                rahasia=lama["rahasia"],
            )
            return self._ubah(
                conn,
                lama,
                {
                    "keadaan": "terpakai",
                    "perihal": perihal.strip(),
                    "tanggal": tgl,
                    "klasifikasi": kode,
                    "jenis": jenis or lama["jenis"],
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
        with self._transaksi() as conn:
            lama = self._cari(conn, teks, seri, kunci=True)
            if lama["keadaan"] == "batal":
                raise RegisterError(f"Nomor {lama['teks']} sudah dibatalkan sebelumnya.")
            return self._ubah(
                conn, lama, {"keadaan": "batal", "alasan": alasan.strip()}, "batal", oleh
            )

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
        """Return the numbers matching every given filter, in register order."""
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
            syarat.append(
                or_(
                    *(
                        c.ilike(pola)
                        for c in (
                            nomor.c.teks,
                            nomor.c.perihal,
                            nomor.c.klasifikasi,
                            nomor.c.jenis,
                            nomor.c.alasan,
                        )
                    )
                )
            )
        q = (
            select(nomor)
            .where(and_(True, *syarat))
            .order_by(nomor.c.seri, nomor.c.periode, nomor.c.urut, nomor.c.sisipan)
        )
        with self._transaksi() as conn:
            rows = conn.execute(q).mappings().all()
        return [NomorTerdaftar(**_tanpa(dict(r), "periode")) for r in rows]

    def riwayat(self, teks: str, *, seri: str | None = None) -> list[Jejak]:
        """Return the history of one number from the audit log, oldest first."""
        with self._transaksi() as conn:
            n = self._cari(conn, teks, seri, kunci=False)
            rows = (
                conn.execute(select(jejak).where(jejak.c.nomor_id == n["id"]).order_by(jejak.c.id))
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

    def impor(self, seri: str, berkas: Path, *, oleh: str | None = None) -> list[NomorTerdaftar]:
        """Load an old buku agenda (CSV or XLSX) into ``seri``: every row, or none at all.

        Every bad row is reported with its row number in one :class:`ImporError`; numbers that
        repeat in the file or already exist in the register are refused.
        """
        from naskah.register.berkas import baca_buku_agenda

        s, pola, _unit = self._seri(seri)
        oleh = oleh or pengguna_bawaan()
        baris_berkas = baca_buku_agenda(berkas)
        masalah: list[Masalah] = []
        calon: list[tuple[int, dict[str, Any]]] = []
        dilihat: dict[tuple[int, int, int], int] = {}

        def salah(no: int, pesan: str) -> None:
            masalah.append(Masalah(berkas=berkas.name, lokasi="", pesan=pesan, baris=no))

        for no, data in baris_berkas:
            teks = (data.get("nomor") or "").strip()
            if not teks:
                salah(no, "kolom nomor kosong")
                continue
            try:
                n = pola.parse(teks)
            except NomorError as exc:
                salah(no, str(exc))
                continue
            try:
                tgl = baca_tanggal(data.get("tanggal") or "")
            except RegisterError as exc:
                salah(no, str(exc))
                continue
            if n.klasifikasi is not None:
                try:
                    self.konfigurasi.periksa_klasifikasi(seri, n.klasifikasi)
                except ConfigError as exc:
                    salah(no, str(exc))
                    continue
            if s.ulang_tahunan and tgl.year != n.tahun:
                salah(
                    no, f"tahun pada nomor ({n.tahun}) berbeda dengan tahun tanggalnya ({tgl.year})"
                )
                continue
            keadaan = (data.get("keadaan") or "terpakai").strip().lower()
            if keadaan not in KEADAAN:
                salah(no, f"keadaan {keadaan!r} tidak dikenal; pilih {', '.join(KEADAAN)}")
                continue
            alasan = (data.get("alasan") or "").strip() or None
            if keadaan == "batal" and not alasan:
                salah(no, "nomor batal harus disertai alasan di kolom keterangan")
                continue
            periode = n.tahun if s.ulang_tahunan else 0
            kunci = (periode, n.urut, n.sisipan or 0)
            if kunci in dilihat:
                salah(no, f"nomor {teks} sudah muncul di baris {dilihat[kunci]}")
                continue
            dilihat[kunci] = no
            calon.append(
                (
                    no,
                    {
                        "seri": seri,
                        "periode": periode,
                        "tahun": n.tahun,
                        "urut": n.urut,
                        "sisipan": n.sisipan or 0,
                        "teks": n.teks,
                        "klasifikasi": n.klasifikasi,
                        "rahasia": n.rahasia,
                        "jenis": (data.get("jenis") or "").strip() or None,
                        "perihal": (data.get("perihal") or "").strip() or None,
                        "tanggal": tgl,
                        "keadaan": keadaan,
                        "alasan": alasan,
                        "oleh": (data.get("oleh") or "").strip() or oleh,
                    },
                )
            )
        if not baris_berkas:
            raise RegisterError(f"Berkas {berkas.name} tidak memuat satu baris nomor pun.")

        with self._transaksi() as conn:
            ada = {
                (r.periode, r.urut, r.sisipan): r.teks
                for r in conn.execute(
                    select(nomor.c.periode, nomor.c.urut, nomor.c.sisipan, nomor.c.teks)
                    .where(nomor.c.seri == seri)
                    .with_for_update()
                )
            }
            for no, b in calon:
                k = (b["periode"], b["urut"], b["sisipan"])
                if k in ada:
                    salah(no, f"nomor {b['teks']} sudah ada di register ({ada[k]})")
                elif b["sisipan"] and (k[0], k[1], 0) not in ada and (k[0], k[1], 0) not in dilihat:
                    salah(
                        no,
                        f"nomor sisipan {b['teks']} tidak punya nomor induk di berkas maupun "
                        "register",
                    )
            if masalah:
                masalah.sort(key=lambda m: m.baris or 0)
                raise ImporError(
                    f"Berkas {berkas.name} memuat {len(masalah)} baris yang salah, jadi tidak ada "
                    "yang diimpor; perbaiki baris berikut lalu ulangi:",
                    masalah,
                )
            waktu = self._jam()
            baris = [{**b, "dicatat": waktu, "diubah": None} for _, b in calon]
            ids = self._sisipkan_nomor(conn, baris) if baris else []
            # raise every counter to the highest imported number, so allocation continues after it
            puncak: dict[int, tuple[int, date]] = {}
            for b in baris:
                p = puncak.get(b["periode"])
                puncak[b["periode"]] = (
                    max(p[0], b["urut"]) if p else b["urut"],
                    max(p[1], b["tanggal"]) if p else b["tanggal"],
                )
            for periode, (urut, tgl) in puncak.items():
                row = self._kunci_seri(conn, seri, periode, buat=True)
                conn.execute(
                    update(seri_nomor)
                    .where(seri_nomor.c.seri == seri, seri_nomor.c.periode == periode)
                    .values(
                        terakhir=max(row.terakhir, urut),
                        tanggal_terakhir=max(row.tanggal_terakhir, tgl)
                        if row.tanggal_terakhir
                        else tgl,
                    )
                )
            self._catat(
                conn,
                "impor",
                oleh,
                waktu,
                [
                    (i, seri, b["teks"], None, {**_ringkas(b), "berkas": berkas.name})
                    for i, b in zip(ids, baris, strict=True)
                ],
            )
        return [
            NomorTerdaftar(id=i, **_tanpa(b, "periode")) for i, b in zip(ids, baris, strict=True)
        ]


class _Templat:
    """The text of a number whose sequence is not known yet, formatted once by PolaNomor."""

    _PENANDA = 987654321  # 9 digits: wider than any sequence width, so never zero-padded

    def __init__(self, register: Register, pola: PolaNomor, **bagian: Any) -> None:
        self._register = register
        self._pola = pola
        self._bagian = bagian
        n = register._format(pola, urut=self._PENANDA, **bagian)
        self.rahasia = n.rahasia
        self._penanda = str(self._PENANDA)
        self._teks = n.teks if n.teks.count(self._penanda) == 1 else None

    def teks(self, urut: int) -> str:
        """Return the number text for sequence ``urut``."""
        if self._teks is None:  # the marker happens to occur elsewhere: format in full
            return self._register._format(self._pola, urut=urut, **self._bagian).teks
        return self._teks.replace(self._penanda, f"{urut:0{self._pola.lebar}d}", 1)


class _Cepat:
    """The allocation statements, compiled once for one database dialect."""

    def __init__(self, dialect: Dialect) -> None:
        kunci = (
            seri_nomor.c.seri == bindparam("seri"),
            seri_nomor.c.periode == bindparam("periode"),
        )
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        # SQLite locks the whole database with BEGIN IMMEDIATE; psycopg begins implicitly and
        # the counter row is locked by FOR UPDATE below
        self.begin = "BEGIN IMMEDIATE" if dialect.name == "sqlite" else None

        def p(stmt: Any) -> basis.Pernyataan:
            return basis.Pernyataan(stmt, dialect)

        self._sqlite = dialect.name == "sqlite"
        self.kunci = p(
            select(seri_nomor.c.terakhir, seri_nomor.c.tanggal_terakhir)
            .where(*kunci)
            .with_for_update()
        )
        self.buat = p(
            dialect_insert(seri_nomor)
            .values(
                seri=bindparam("seri"),
                periode=bindparam("periode"),
                terakhir=literal_column("0"),
                tanggal_terakhir=null(),
            )
            .on_conflict_do_nothing()
        )
        # raise the counter and return its new value in one statement (RETURNING: SQLite 3.35+,
        # PostgreSQL), refusing (no row) a date earlier than the counter's latest number
        self.naikkan = p(
            update(seri_nomor)
            .where(
                *kunci,
                or_(
                    seri_nomor.c.tanggal_terakhir.is_(None),
                    seri_nomor.c.tanggal_terakhir <= bindparam("tanggal", type_=Date),
                ),
            )
            .values(
                terakhir=seri_nomor.c.terakhir + bindparam("jumlah", type_=Integer),
                tanggal_terakhir=bindparam("tanggal", type_=Date),
            )
            .returning(seri_nomor.c.terakhir)
        )
        self.nomor = p(
            insert(nomor)
            .values({c.name: bindparam(c.name) for c in nomor.c if c.name != "id"})
            .returning(nomor.c.id)
        )
        self.jejak = p(
            insert(jejak).values({c.name: bindparam(c.name) for c in jejak.c if c.name != "id"})
        )

    def ke_waktu(self, waktu: datetime) -> Any:
        """Return a timestamp in the DBAPI's form (SQLAlchemy's text on SQLite)."""
        return waktu.strftime("%Y-%m-%d %H:%M:%S.%f") if self._sqlite else waktu


def _tanpa(d: dict[str, Any], *kunci: str) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in kunci}


def buka_register(konfigurasi: Konfigurasi, *, url: str | None = None) -> Register:
    """Open the register named by ``konfigurasi`` (or ``url``); the database is touched lazily."""
    return Register(konfigurasi, url=url)
