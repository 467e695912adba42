"""Participant sheets (XLSX or CSV) for certificates: read, check every row, report all problems.

This module owns reading a sheet the way offices make them and checking it before anything is
numbered:

* XLSX (openpyxl, the first worksheet) or CSV with any common delimiter (``,`` ``;`` tab ``|``,
  taken from the header line), in UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode
  text") or Windows-1252 (older Excel "CSV").
* The header is the first row (of the first ten) that names the ``nama`` column; its column
  names map to the fields ``nama``, ``nik``, ``nip``, ``instansi``, ``email`` and ``peran`` by
  Indonesian defaults (:data:`KOLOM_BAWAAN`: "Nama Lengkap", "Asal Instansi", "E-mail", …) plus
  an office's own names (``[sertifikat.kolom]`` in naskah.toml). Other columns (No, Nilai…) are
  ignored.
* Every row is checked and every problem is reported at once by the row number the spreadsheet
  shows: missing name or institution, invalid NIK (16 digits with a birth date) or NIP, invalid
  e-mail (exactly one address per cell, checked by email-validator without DNS), unknown role,
  the same NIK, NIP or e-mail as an earlier row, the same name as an earlier row with nothing
  (NIK, NIP, e-mail) to tell the two apart, a NIK or NIP typed as a number (Excel keeps 15
  digits), a cell that starts like a spreadsheet formula (``=``, ``+``, ``-``, ``@``: it would
  run when the list is exported and opened again), line breaks, control and invisible (zero-width,
  bidi) characters (:mod:`naskah.teks_aman`), merged cells, overlong cells.
* A participant's identity (:func:`kunci_peserta`, :func:`cocokkan_peserta`): NIK, else NIP,
  else e-mail, else the name; ``sertifikat terbitkan`` records it with each number and
  ``sertifikat kirim`` pairs participants with certificates by the same rule, so two namesakes
  with different e-mails get, and are sent, each their own certificate.
* Hostile files get one sentence each: too large, too many rows or columns, binary content, an
  XLSX whose compressed parts would expand enormously (a zip bomb), a broken or locked workbook,
  a CSV that is UTF-8 except in one place (the row is named; a file entirely in Windows-1252
  is still read).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import ValidationError

from naskah.berkas import alasan_os
from naskah.errors import InputError, Masalah
from naskah.models import Peserta
from naskah.models.common import NIP, alamat_email
from naskah.models.sertifikat import NIK
from naskah.teks_aman import AWAL_RUMUS, alasan_teks, dekode_csv

KOLOM_BAWAAN: dict[str, tuple[str, ...]] = {
    "nama": ("nama", "nama lengkap", "nama peserta", "nama lengkap dan gelar"),
    "nik": ("nik", "nomor induk kependudukan", "no ktp", "nomor ktp"),
    "nip": ("nip", "nomor induk pegawai", "nip/nippk"),
    "instansi": (
        "instansi",
        "asal instansi",
        "unit kerja",
        "satuan pendidikan",
        "sekolah",
        "asal sekolah",
        "lembaga",
        "asal lembaga",
    ),  # fmt: skip
    "email": ("email", "e-mail", "e mail", "surel", "pos-el", "alamat email", "alamat e-mail"),
    "peran": ("peran", "sebagai", "peran dalam kegiatan"),
}
"""The column names each field is recognised by (compared without case, spaces or ``*:``)."""
WAJIB = ("nama", "instansi")
PERAN = ("peserta", "narasumber", "fasilitator", "moderator", "panitia")

BATAS_BAIT = 20 * 1024 * 1024
"""Largest sheet file accepted (bytes)."""
BATAS_BARIS = 20_000
"""Most participant rows in one sheet."""
BATAS_KOLOM = 100
"""Most columns read from a row."""
BATAS_XLSX_ISI = 200 * 1024 * 1024
"""Largest total uncompressed size of an XLSX's parts (a zip bomb expands far beyond)."""
BATAS_RASIO = 200
"""Largest compression ratio of one XLSX part."""
PANJANG_MAKS = {"nama": 150, "instansi": 200, "email": 254, "nik": 40, "nip": 40, "peran": 40}
"""Longest cell accepted per field (characters)."""

_KENDALI = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_KENDALI_BAIT = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ILMIAH = re.compile(r"^[0-9]+([.,][0-9]+)?[eE]\+?[0-9]+$")
_SEL_GABUNG = re.compile(
    rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})([0-9]+)(?::([A-Z]{1,3})([0-9]+))?"'
)


@dataclass(frozen=True)
class BarisPeserta:
    """One good row of a sheet: its row number and the participant."""

    baris: int
    peserta: Peserta


@dataclass(frozen=True)
class LembarPeserta:
    """A checked sheet: the good rows, and the problems of the bad ones by row number."""

    berkas: Path
    baik: list[BarisPeserta] = field(default_factory=list)
    masalah: list[Masalah] = field(default_factory=list)

    @property
    def baris_buruk(self) -> list[int]:
        """Return the numbers of the rows that have a problem, in order."""
        return sorted({m.baris for m in self.masalah if m.baris is not None})

    @property
    def peserta(self) -> list[Peserta]:
        """Return the participants of the good rows."""
        return [b.peserta for b in self.baik]


def baca_peserta(path: Path, kolom: Mapping[Any, Sequence[str]] | None = None) -> list[Peserta]:
    """Read a participant sheet; raise :class:`InputError` listing every bad row.

    ``kolom`` adds an office's column names per field (``[sertifikat.kolom]``).
    """
    lembar = periksa_peserta(path, kolom)
    if lembar.masalah:
        raise InputError(
            f"Lembar peserta {path} memuat {len(lembar.masalah)} masalah di "
            f"{len(lembar.baris_buruk)} baris; tidak ada peserta yang diambil. Perbaiki barisnya "
            "lalu ulangi.",
            lembar.masalah,
        )
    return lembar.peserta


def periksa_peserta(path: Path, kolom: Mapping[Any, Sequence[str]] | None = None) -> LembarPeserta:
    """Read and check every row of a sheet; return the good rows and all row problems.

    Raises :class:`InputError` only for a sheet that cannot be read at all (missing, too large,
    not a spreadsheet, no header row, a required column missing).
    """
    path = Path(path)
    nama = str(path)
    baris, gabung = _baca_baris(path)
    kepala_di, peta = _cari_kepala(baris, nama, kolom or {})
    hasil = LembarPeserta(path)
    sudah: dict[str, dict[str, int]] = {"nik": {}, "nip": {}, "email": {}}
    tanpa_pembeda: dict[str, int] = {}
    sel_gabung = _sel_gabung(gabung, kepala_di + 1, peta)
    jumlah = 0
    for nomor, sel in enumerate(baris[kepala_di + 1 :], start=kepala_di + 2):
        mentah = {f: sel[i] if i < len(sel) else None for f, i in peta.items()}
        if nomor not in sel_gabung and all(v is None or str(v).strip() == ""
                                           for v in mentah.values()):  # fmt: skip
            continue  # blank rows are common at the end of a spreadsheet
        jumlah += 1
        if jumlah > BATAS_BARIS:
            raise InputError(
                f"Lembar peserta {nama} memuat lebih dari {BATAS_BARIS:,} peserta; pecah menjadi "
                "beberapa lembar.".replace(",", ".")
            )
        masalah: list[Masalah] = [
            Masalah(nama, f, (
                f"sel {rentang} digabung (merge); pisahkan gabungannya dan isi setiap sel, "
                "karena isi sel gabungan hanya tersimpan di sel pertamanya"), baris=nomor)
            for f, rentang in sel_gabung.get(nomor, ())
        ]  # fmt: skip
        data = _periksa_baris(mentah, nama, nomor, masalah)
        for f in ("nik", "nip", "email"):
            kunci = data.get(f)
            if kunci is None or any(m.lokasi == f for m in masalah):
                continue
            kunci = str(kunci).lower()
            if kunci in sudah[f]:
                masalah.append(Masalah(nama, f, f"{_LABEL[f]} sama dengan baris {sudah[f][kunci]}",
                                       baris=nomor))  # fmt: skip
            else:
                sudah[f][kunci] = nomor
        if "nama" in data and not any(data.get(f) for f in ("nik", "nip", "email")):
            # nothing but the name tells this participant apart: a namesake would get (and be
            # sent) the same certificate
            kunci = " ".join(data["nama"].casefold().split())
            if kunci in tanpa_pembeda and not any(m.lokasi in ("nik", "nip", "email")
                                                  for m in masalah):  # fmt: skip
                masalah.append(Masalah(nama, "nama", (
                    f"nama sama dengan baris {tanpa_pembeda[kunci]} dan keduanya tanpa NIK, NIP "
                    "atau e-mail; isi salah satunya agar setiap peserta mendapat sertifikatnya "
                    "sendiri"), baris=nomor))  # fmt: skip
            else:
                tanpa_pembeda.setdefault(kunci, nomor)
        if masalah:
            hasil.masalah.extend(masalah)
            continue
        try:
            hasil.baik.append(BarisPeserta(nomor, Peserta.model_validate(data)))
        except ValidationError as exc:  # the model's own rules, should the checks above miss one
            for e in exc.errors():
                lokasi = ".".join(str(p) for p in e["loc"])
                hasil.masalah.append(Masalah(nama, lokasi, str(e["msg"]), baris=nomor))
    if not hasil.baik and not hasil.masalah:
        raise InputError(f"Lembar peserta {nama} tidak memuat satu pun peserta di bawah judulnya.")
    return hasil


_LABEL = {"nama": "nama", "nik": "NIK", "nip": "NIP", "instansi": "instansi",
          "email": "e-mail", "peran": "peran"}  # fmt: skip


def _periksa_baris(
    mentah: dict[str, Any], nama: str, nomor: int, masalah: list[Masalah]
) -> dict[str, Any]:
    """Check one row's cells; append its problems; return the clean values."""
    data: dict[str, Any] = {}
    for f, v in mentah.items():
        if v is None:
            continue
        if isinstance(v, bool):
            masalah.append(Masalah(nama, f, "berisi nilai benar/salah, bukan teks", baris=nomor))
            continue
        if isinstance(v, float) and f in ("nik", "nip") and not v.is_integer():
            masalah.append(Masalah(nama, f, (
                f"{_LABEL[f]} tersimpan sebagai angka pecahan sehingga digitnya hilang; format "
                "kolom itu sebagai Teks lalu ketik ulang"), baris=nomor))  # fmt: skip
            continue
        if isinstance(v, (int, float)) and f in ("nik", "nip"):
            masalah.append(Masalah(nama, f, (
                f"{_LABEL[f]} tersimpan sebagai angka, bukan teks, padahal Excel hanya menyimpan "
                "15 digit angka (6472035205780002 menjadi 6472035205780000); format kolom "
                f"{_LABEL[f]} sebagai Teks lalu ketik ulang"), baris=nomor))  # fmt: skip
            continue
        teks = str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
        teks = teks.replace("\u00a0", " ").strip()
        if not teks:
            continue
        if teks.startswith(AWAL_RUMUS):
            pesan = (
                f"diawali {teks[0]!r} seperti rumus spreadsheet; hapus tanda itu (isi seperti ini "
                "dapat menjalankan perintah saat daftar dibuka di Excel)"
            )
            masalah.append(Masalah(nama, f, pesan, baris=nomor))
            continue
        alasan = alasan_teks(teks)
        if alasan:
            masalah.append(Masalah(nama, f, f"{alasan}; ketik ulang isi sel itu", baris=nomor))
            continue
        teks = " ".join(teks.split()) if f != "email" else teks
        if len(teks) > PANJANG_MAKS[f]:
            masalah.append(Masalah(nama, f, f"terlalu panjang ({len(teks)} karakter, paling "
                                   f"banyak {PANJANG_MAKS[f]})", baris=nomor))  # fmt: skip
            continue
        data[f] = teks
    for f in WAJIB:
        if f not in data and not any(m.lokasi == f for m in masalah):
            masalah.append(Masalah(nama, f, f"{_LABEL[f]} wajib diisi", baris=nomor))
    for f, kelas in (("nik", NIK), ("nip", NIP)):
        if f not in data:
            continue
        if _ILMIAH.match(data[f]):
            masalah.append(Masalah(nama, f, (
                f"{_LABEL[f]} {data[f]} tertulis dalam notasi ilmiah karena Excel menganggapnya "
                "angka; format kolom itu sebagai Teks lalu ketik ulang"), baris=nomor))  # fmt: skip
            del data[f]
            continue
        try:
            data[f] = str(kelas(data[f]))
        except ValueError as exc:
            masalah.append(Masalah(nama, f, str(exc), baris=nomor))
            del data[f]
    if "email" in data:
        try:
            data["email"] = alamat_email(data["email"])
        except ValueError as exc:
            masalah.append(Masalah(nama, "email", str(exc), baris=nomor))
            del data["email"]
    if "peran" in data:
        peran = re.sub(r"[\s_-]", "", data["peran"].lower())
        if peran not in PERAN:
            masalah.append(Masalah(nama, "peran", (
                f"peran {data['peran']!r} tidak dikenal; pilih salah satu: {', '.join(PERAN)}"),
                baris=nomor))  # fmt: skip
            del data["peran"]
        else:
            data["peran"] = peran
    return data


def _normal(judul: Any) -> str:
    teks = str(judul or "").replace("\ufeff", "").replace("_", " ").lower()
    return " ".join(teks.replace("*", " ").replace(":", " ").split())


def _cari_kepala(
    baris: list[list[Any]], nama: str, tambahan: Mapping[Any, Sequence[str]]
) -> tuple[int, dict[str, int]]:
    """Return the header row's index and each field's column index."""
    dikenal = {f: {_normal(k) for k in (*KOLOM_BAWAAN[f], *tambahan.get(f, ()))}
               for f in KOLOM_BAWAAN}  # fmt: skip
    for i, sel in enumerate(baris[:10]):
        judul = [_normal(s) for s in sel]
        if not any(j in dikenal["nama"] for j in judul):
            continue
        peta: dict[str, int] = {}
        for kol, j in enumerate(judul):
            for f, nama_kolom in dikenal.items():
                if j in nama_kolom:
                    if f in peta:
                        raise InputError(
                            f"Lembar peserta {nama}: kolom {_LABEL[f]} muncul dua kali (kolom "
                            f"{_huruf_kolom(peta[f])} dan {_huruf_kolom(kol)}); hapus salah satu."
                        )
                    peta[f] = kol
        kurang = [f for f in WAJIB if f not in peta]
        if kurang:
            lain = [str(s) for s, j in zip(sel, judul, strict=True)
                    if j and not any(j in n for n in dikenal.values())]  # fmt: skip
            raise InputError(
                f"Lembar peserta {nama}: baris judul (baris {i + 1}) belum memuat kolom "
                f"{', '.join(kurang)}"
                + (f"; kolom yang tidak dikenal: {', '.join(lain)}" if lain else "")
                + ". Ganti nama kolomnya atau atur [sertifikat.kolom] di naskah.toml."
            )
        return i, peta
    raise InputError(
        f"Lembar peserta {nama} tidak memiliki baris judul dengan kolom nama di sepuluh baris "
        f"pertama; baris pertama harus berisi judul kolom, misalnya {', '.join(KOLOM_BAWAAN)}."
    )


def _huruf_kolom(i: int) -> str:
    huruf = ""
    i += 1
    while i:
        i, sisa = divmod(i - 1, 26)
        huruf = chr(ord("A") + sisa) + huruf
    return huruf


# --- reading the file ---------------------------------------------------------------------


Gabungan = tuple[int, int, int, int]
"""A merged range of cells: (first row, last row, first column, last column), 1-based."""


def _sel_gabung(
    gabung: Sequence[Gabungan], baris_data: int, peta: Mapping[str, int]
) -> dict[int, list[tuple[str, str]]]:
    """Return, per data row, the fields whose cell is part of a merged range (and the range)."""
    hasil: dict[int, list[tuple[str, str]]] = {}
    for r1, r2, k1, k2 in gabung:
        if r2 < baris_data:
            continue  # a title above the header may be merged
        rentang = f"{_huruf_kolom(k1 - 1)}{r1}:{_huruf_kolom(k2 - 1)}{r2}"
        bidang = [f for f, i in peta.items() if k1 - 1 <= i <= k2 - 1]
        for r in range(max(r1, baris_data), min(r2, r1 + BATAS_BARIS) + 1):
            hasil.setdefault(r, []).extend((f, rentang) for f in bidang or ["nama"])
    return hasil


def _baca_baris(path: Path) -> tuple[list[list[Any]], list[Gabungan]]:
    nama = str(path)
    try:
        ukuran = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"Lembar peserta {nama} tidak ditemukan.") from None
    except OSError as exc:
        raise InputError(f"Lembar peserta {nama} tidak dapat dibuka ({alasan_os(exc)}).") from None
    if not path.is_file():
        raise InputError(f"Lembar peserta {nama} bukan berkas.")
    if ukuran > BATAS_BAIT:
        raise InputError(
            f"Lembar peserta {nama} berukuran {ukuran // (1024 * 1024)} MB, melebihi batas "
            f"{BATAS_BAIT // (1024 * 1024)} MB; pecah menjadi beberapa lembar."
        )
    akhiran = path.suffix.lower()
    if akhiran in (".csv", ".txt", ".tsv"):
        return _baca_csv(path.read_bytes(), nama), []
    if akhiran in (".xlsx", ".xlsm"):
        return _baca_xlsx(path, nama)
    if akhiran in (".xls", ".ods", ".numbers"):
        raise InputError(
            f"Lembar peserta {nama} berformat {akhiran}; simpan ulang sebagai Excel (.xlsx) atau "
            "CSV."
        )
    raise InputError(f"Lembar peserta {nama} harus berakhiran .xlsx atau .csv.")


def _baca_csv(data: bytes, nama: str) -> list[list[Any]]:
    """Decode (BOM, UTF-8, Windows-1252), find the delimiter and split a CSV into rows."""
    if data.startswith(b"\xef\xbb\xbf"):
        pengode = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        pengode = "utf-16"
    else:
        pengode = "utf-8"
    teks: str | None
    if pengode != "utf-16" and (
        b"\x00" in data or len(_KENDALI_BAIT.findall(data)) > max(3, len(data) // 200)
    ):
        teks = None  # binary content, whatever bytes it happens to hold
    else:
        teks = dekode_csv(data, f"Lembar peserta {nama}")
    # binary content: NUL bytes or many control characters (a stray one is a row's problem)
    if teks is None or "\x00" in teks or len(_KENDALI.findall(teks)) > max(3, len(teks) // 200):
        raise InputError(
            f"Lembar peserta {nama} bukan teks CSV (isinya biner atau rusak); simpan ulang dari "
            "Excel sebagai CSV atau kirim berkas .xlsx-nya."
        )
    # the delimiter the header uses most (a title line above the header may have none)
    awal = [b for b in teks.splitlines()[:50] if b.strip()][:10]
    hitung = {d: max((b.count(d) for b in awal), default=0) for d in (",", ";", "\t", "|")}
    pemisah = max(hitung, key=lambda d: hitung[d]) if any(hitung.values()) else ","
    try:
        baris: list[list[Any]] = []
        for r in csv.reader(io.StringIO(teks, newline=""), delimiter=pemisah):
            if len(baris) > BATAS_BARIS + 10:
                raise InputError(
                    f"Lembar peserta {nama} memuat lebih dari {BATAS_BARIS:,} baris; pecah "
                    "menjadi beberapa lembar.".replace(",", ".")
                )
            baris.append(r[:BATAS_KOLOM])
        return baris
    except csv.Error as exc:
        raise InputError(
            f"Lembar peserta {nama} tidak dapat dibaca sebagai CSV ({exc}); periksa tanda kutip "
            "dan simpan ulang dari Excel."
        ) from None


def _baca_gabungan(wb: Any, ws: Any) -> list[Gabungan]:
    """Return the merged ranges of a read-only worksheet (openpyxl skips them when streaming).

    The ``<mergeCell>`` elements sit after the cell data; the part is streamed in chunks (its
    size was bounded by the zip-bomb check) and matched, never parsed into a tree.
    """
    hasil: list[Gabungan] = []
    sisa = b""
    with wb._archive.open(ws._worksheet_path) as f:
        while potongan := f.read(1 << 20):
            teks = sisa + potongan
            akhir = 0
            for m in _SEL_GABUNG.finditer(teks):
                k1, r1 = _nomor_kolom(m.group(1)), int(m.group(2))
                k2 = _nomor_kolom(m.group(3)) if m.group(3) else k1
                r2 = int(m.group(4)) if m.group(4) else r1
                hasil.append((min(r1, r2), max(r1, r2), min(k1, k2), max(k1, k2)))
                akhir = m.end()
            sisa = teks[max(akhir, len(teks) - 200) :]
    return hasil


def _nomor_kolom(huruf: bytes) -> int:
    n = 0
    for c in huruf:
        n = n * 26 + c - ord("A") + 1
    return n


def _baca_xlsx(path: Path, nama: str) -> tuple[list[list[Any]], list[Gabungan]]:
    """Read the first worksheet's values after checking the package is not a zip bomb."""
    rusak = (
        f"Lembar peserta {nama} bukan berkas Excel (.xlsx) yang sah (rusak, terkunci kata sandi "
        "atau sebenarnya berformat lain); buka di Excel lalu simpan ulang sebagai .xlsx."
    )
    try:
        with zipfile.ZipFile(path) as z:
            total = 0
            for info in z.infolist():
                total += info.file_size
                rasio = info.file_size / max(info.compress_size, 1)
                if total > BATAS_XLSX_ISI or (info.file_size > 1024 * 1024 and rasio > BATAS_RASIO):
                    raise InputError(
                        f"Lembar peserta {nama} akan mengembang menjadi data yang sangat besar "
                        "(bom zip) dan tidak dibuka; simpan ulang dari Excel atau kirim CSV."
                    )
    except (zipfile.BadZipFile, OSError):
        raise InputError(rusak) from None
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many unrelated types for a broken package
        raise InputError(rusak) from None
    try:
        if not wb.worksheets:
            raise InputError(f"Lembar peserta {nama} tidak memiliki lembar kerja.")
        baris: list[list[Any]] = []
        for r in wb.worksheets[0].iter_rows(values_only=True, max_col=BATAS_KOLOM):
            if len(baris) > BATAS_BARIS + 10:
                raise InputError(
                    f"Lembar peserta {nama} memuat lebih dari {BATAS_BARIS:,} baris; pecah "
                    "menjadi beberapa lembar.".replace(",", ".")
                )
            baris.append(list(r))
        return baris, _baca_gabungan(wb, wb.worksheets[0])
    except InputError:
        raise
    except Exception:  # a worksheet that fails while streaming
        raise InputError(rusak) from None
    finally:
        wb.close()


def lengkapi_peserta(
    sumber: Path, dokumen: Any, kolom: Mapping[Any, Sequence[str]] | None = None
) -> Any:
    """Return ``dokumen`` with the participants of its ``berkas_peserta`` sheet added.

    The sheet's path is relative to the document file ``sumber``; other documents pass through.
    The caller reads the sheet (rendering takes the models as they are).
    """
    from naskah.models import SertifikatKegiatan

    if not isinstance(dokumen, SertifikatKegiatan) or not dokumen.berkas_peserta:
        return dokumen
    lembar = Path(dokumen.berkas_peserta)
    if not lembar.is_absolute():
        lembar = Path(sumber).parent / lembar
    tambahan = baca_peserta(lembar, kolom)
    return dokumen.model_copy(update={"peserta": [*dokumen.peserta, *tambahan]})


# --- a participant's identity, from issue to e-mail -----------------------------------------


class BarisTerbit(Protocol):
    """What a recorded certificate row holds of its participant (``terbit_naskah``)."""

    @property
    def kunci(self) -> str: ...
    @property
    def kegiatan(self) -> str | None: ...
    @property
    def nik(self) -> str | None: ...
    @property
    def nip(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...


def identitas_peserta(p: Peserta) -> tuple[str | None, str | None, str | None]:
    """Return the participant's (NIK, NIP, e-mail), e-mail in lower case."""
    return (
        str(p.nik) if p.nik else None,
        str(p.nip) if p.nip else None,
        p.email.strip().lower() if p.email else None,
    )


def _akhiran_kunci(p: Peserta) -> str:
    nik, nip, email = identitas_peserta(p)
    if nik:
        return f"nik:{nik}"
    if nip:
        return f"nip:{nip}"
    if email:
        return f"email:{email}"
    return f"nama:{' '.join(p.nama.lower().split())}"


def kunci_peserta(kegiatan: str, p: Peserta) -> str:
    """Return the participant's key within an activity: ``<activity>#nik:…`` (else nip, email,
    nama)."""
    return f"{kegiatan}#{_akhiran_kunci(p)}"


def kembar_tanpa_pembeda(peserta: Sequence[Peserta]) -> list[tuple[int, int]]:
    """Return pairs of participants (indexes) that nothing but the same name identifies.

    Such a pair would share one key, so one certificate for two people.
    """
    pertama: dict[str, int] = {}
    hasil = []
    for i, p in enumerate(peserta):
        kunci = _akhiran_kunci(p)
        if kunci.startswith("nama:"):
            if kunci in pertama:
                hasil.append((pertama[kunci], i))
            else:
                pertama[kunci] = i
    return hasil


_B = TypeVar("_B", bound=BarisTerbit)


def cocokkan_peserta(ada: Sequence[_B], peserta: Sequence[Peserta]) -> list[_B | None]:
    """Return, per participant, its recorded row among ``ada`` (by NIK, NIP, e-mail or key).

    ``sertifikat terbitkan`` (to number only who has no number yet) and ``sertifikat kirim``
    (to send each participant their own certificate) pair by this one rule.
    """
    per: dict[tuple[str, str], _B] = {}
    for c in ada:
        akhiran = c.kunci
        if c.kegiatan and akhiran.startswith(c.kegiatan + "#"):
            akhiran = akhiran[len(c.kegiatan) + 1 :]
        for jenis, nilai in (("nik", c.nik), ("nip", c.nip), ("email", c.email), ("k", akhiran)):
            if nilai:
                per.setdefault((jenis, nilai), c)
    hasil: list[_B | None] = []
    for p in peserta:
        nik, nip, email = identitas_peserta(p)
        cocok = None
        for jenis, nilai in (("nik", nik), ("nip", nip), ("email", email),
                             ("k", _akhiran_kunci(p))):  # fmt: skip
            if nilai and (jenis, nilai) in per:
                cocok = per[(jenis, nilai)]
                break
        hasil.append(cocok)
    return hasil
