"""The working-day calendar: owns every answer to "is this a working day" and "when is it due".

Deadlines of the Unit Layanan Terpadu are promised in working days (hari kerja): "paling lambat 3
(tiga) hari kerja setelah surat permohonan diterima". A working day is a weekday (Perpres 21/2023:
offices work Monday to Friday) that is neither a national holiday nor, by default, cuti bersama
(both from the ``holidays`` package, country ``ID``, categories ``public`` and ``government``),
nor one of the office's own closures. Nothing in naskah counts days with ``timedelta(days=…)``:
every deadline comes from :class:`KalenderKerja`.

The rules, as an office counts them:

- A request received during office hours on a working day is received that day; one received
  after closing time, before opening the next morning, on a weekend or a holiday is received on
  the next working day (:meth:`KalenderKerja.hari_terima`). Office hours are read in the office's
  own zone (WIB, WITA, WIT), whatever zone the computer is in.
- "N hari kerja" ends on the N-th working day after the day of receipt
  (:meth:`KalenderKerja.tenggat`): received Thursday 27 March 2025, 3 working days fall on 10
  April 2025 (28 March cuti bersama Nyepi; 31 March to 7 April Idul Fitri and its cuti bersama).
- "paling lambat 7 hari kerja sebelum kegiatan" is :meth:`KalenderKerja.mundur`.
- Time spent is counted the same way (:meth:`KalenderKerja.hari_terpakai`): finishing on the
  deadline day has used exactly N working days.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from functools import lru_cache
from pathlib import Path

from naskah.errors import UltError

__all__ = ["JamLayanan", "KalenderKerja", "libur_nasional"]

_NAMA_HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def _esok(hari: date) -> date:
    return date.fromordinal(hari.toordinal() + 1)


def _kemarin(hari: date) -> date:
    return date.fromordinal(hari.toordinal() - 1)


@dataclass(frozen=True)
class JamLayanan:
    """Office hours, Monday to Friday, in the office's own zone."""

    buka: time = time(7, 30)
    """Opening time every working day."""
    tutup: tuple[time, time, time, time, time] = (
        time(16, 0), time(16, 0), time(16, 0), time(16, 0), time(16, 30),
    )  # fmt: skip
    """Closing time Monday … Friday (the 37.5-hour week: Friday half an hour longer)."""

    def __post_init__(self) -> None:
        if len(self.tutup) != 5 or any(t <= self.buka for t in self.tutup):
            raise UltError(
                "Jam layanan tidak masuk akal: setiap jam tutup Senin–Jumat harus sesudah jam buka."
            )


@lru_cache(maxsize=64)
def _libur_tahun(tahun: int, cuti_bersama: bool) -> dict[date, str]:
    import holidays

    kategori = ("public", "government") if cuti_bersama else ("public",)
    kalender = holidays.country_holidays("ID", years=tahun, categories=kategori, language="id")
    return {d: str(nama) for d, nama in kalender.items()}


def _kunci_paket() -> str | None:
    """Return a key that changes whenever the installed ``holidays`` package does (no import)."""
    import importlib.util

    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    akar = Path(spec.origin).parent
    try:
        bagian = [akar / "version.py", akar / "countries" / "indonesia.py"]
        return "-".join(f"{(st := b.stat()).st_mtime_ns:x}{st.st_size:x}" for b in bagian)
    except OSError:
        return None


@lru_cache(maxsize=64)
def _libur_tersimpan(tahun: int, cuti_bersama: bool, folder: Path | None) -> dict[date, str]:
    """Return :func:`_libur_tahun`, kept as JSON in ``folder`` between processes.

    Computing a year's Indonesian calendar imports and runs the ``holidays`` package (a few
    hundred ms at every command that counts working days); the stored table is keyed by the
    installed package's files, so an upgrade recomputes it. A folder that can't be written is
    no error: the table is computed every time instead.
    """
    kunci = _kunci_paket() if folder is not None else None
    if folder is None or kunci is None:
        return _libur_tahun(tahun, cuti_bersama)
    berkas = folder / f"libur-ID-{tahun}-{int(cuti_bersama)}-{kunci}.json"
    try:
        data = json.loads(berkas.read_text(encoding="utf-8"))
        return {date.fromisoformat(k): str(v) for k, v in data.items()}
    except (OSError, ValueError, AttributeError):
        pass
    hasil = _libur_tahun(tahun, cuti_bersama)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        sementara = berkas.with_name(f".{berkas.name}.{os.getpid()}")
        sementara.write_text(
            json.dumps({d.isoformat(): n for d, n in sorted(hasil.items())}, ensure_ascii=False),
            encoding="utf-8",
        )
        os.replace(sementara, berkas)
    except OSError:
        pass
    return hasil


def libur_nasional(tahun: int, *, cuti_bersama: bool = True) -> dict[date, str]:
    """Return the national holidays (and cuti bersama) of one year, with their Indonesian names."""
    return dict(_libur_tahun(tahun, cuti_bersama))


@dataclass(frozen=True)
class KalenderKerja:
    """The working days of one office: weekdays less holidays, cuti bersama and closures."""

    zona: tzinfo
    """The office's zone: office hours and "which day" are read there."""
    penutupan: Mapping[date, str] = field(default_factory=dict)
    """The office's own closures (date → reason), from naskah.toml."""
    hari_kerja_tambahan: frozenset[date] = frozenset()
    """Dates the office works although the national calendar says otherwise (rare)."""
    cuti_bersama_libur: bool = True
    """Whether cuti bersama days are days off (they are leave, not holidays; offices close)."""
    jam: JamLayanan = field(default_factory=JamLayanan)
    """Office hours: a request after closing time is received the next working day."""
    tembolok: Path | None = None
    """A folder keeping each year's national calendar between processes (optional)."""

    def libur(self, hari: date) -> str | None:
        """Return why ``hari`` is not a working day ("Sabtu", a holiday's name…), or None."""
        if hari in self.hari_kerja_tambahan:
            return None
        if hari in self.penutupan:
            return self.penutupan[hari]
        if hari.weekday() >= 5:
            return _NAMA_HARI[hari.weekday()]
        return _libur_tersimpan(hari.year, self.cuti_bersama_libur, self.tembolok).get(hari)

    def hari_kerja(self, hari: date) -> bool:
        """Return whether ``hari`` is a working day of this office."""
        return self.libur(hari) is None

    def berikut(self, hari: date) -> date:
        """Return the first working day after ``hari``."""
        hari = _esok(hari)
        while not self.hari_kerja(hari):
            hari = _esok(hari)
        return hari

    def maju(self, hari: date, jumlah: int) -> date:
        """Return the ``jumlah``-th working day after ``hari`` (``hari`` itself when 0)."""
        if jumlah < 0:
            return self.mundur(hari, -jumlah)
        for _ in range(jumlah):
            hari = self.berikut(hari)
        return hari

    def mundur(self, hari: date, jumlah: int) -> date:
        """Return the ``jumlah``-th working day before ``hari`` (``hari`` itself when 0)."""
        for _ in range(jumlah):
            hari = _kemarin(hari)
            while not self.hari_kerja(hari):
                hari = _kemarin(hari)
        return hari

    def _setempat(self, saat: datetime) -> datetime:
        if saat.tzinfo is None or saat.utcoffset() is None:
            raise UltError(
                "Waktu tanpa zona waktu tidak dapat dihitung sebagai hari kerja; "
                "berikan waktu lengkap dengan zonanya."
            )
        return saat.astimezone(self.zona)

    def hari_terima(self, diterima: datetime) -> date:
        """Return the working day a request received at ``diterima`` counts as received."""
        setempat = self._setempat(diterima)
        hari = setempat.date()
        if self.hari_kerja(hari) and setempat.time() < self.jam.tutup[hari.weekday()]:
            return hari
        return self.berikut(hari)

    def tenggat(self, diterima: datetime, hari_kerja: int) -> date:
        """Return the last day of "``hari_kerja`` hari kerja" for a request received then."""
        if hari_kerja < 0:
            raise UltError("Jangka waktu layanan tidak boleh negatif.")
        return self.maju(self.hari_terima(diterima), hari_kerja)

    def hari_terpakai(self, diterima: datetime, selesai: datetime) -> int:
        """Return the working days used from receipt to ``selesai`` (0 on the day of receipt)."""
        mulai = self.hari_terima(diterima)
        akhir = self._setempat(selesai).date()
        if akhir <= mulai:
            return 0
        jumlah, hari = 0, mulai
        while hari < akhir:
            hari = _esok(hari)
            jumlah += self.hari_kerja(hari)
        return jumlah

    def hari_kerja_antara(self, dari: date, sampai: date) -> Iterable[date]:
        """Yield the working days from ``dari`` to ``sampai``, both included."""
        hari = dari
        while hari <= sampai:
            if self.hari_kerja(hari):
                yield hari
            hari = _esok(hari)
