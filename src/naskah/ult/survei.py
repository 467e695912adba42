"""The satisfaction survey (Survei Kepuasan Masyarakat): owns its questions, links and answers.

The questionnaire is the one of Peraturan Menteri PANRB Nomor 14 Tahun 2017 (Pedoman Penyusunan
Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik): nine unsur (:data:`UNSUR`, in
the regulation's order U1..U9), one question each with four answers scored 1..4, a free-text
suggestion, and an optional respondent profile (:data:`PROFIL`).

One response per closed request: when a request is closed (:func:`naskah.ult.permohonan.tutup`)
the desk makes a one-time token (:func:`undang`), keeps only its SHA-256 hash, and (with
``[ult] kirim_survei``) e-mails the applicant the closing notice with the public link
(:func:`tautan`). The public form reads the token (:func:`buka`) and records the answer
(:func:`jawab`) once. Answers are anonymous: a response row keeps the service and the month the
request was closed, never the request, the token or the person, and not when it was given.

Paper questionnaires are typed into an XLSX template (:func:`tulis_templat`) and imported
(:func:`impor`) all or nothing; a workbook already imported is refused.

Tables (revision ``0009_survei``): ``ult_survei_undangan`` (the links: hash, request, used?),
``ult_survei_jawaban`` (the anonymous answers), ``ult_survei_impor`` (imported workbooks).
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from naskah.berkas import alasan_os, tulis_atomik
from naskah.config import Konfigurasi
from naskah.errors import ConfigError, SurveiError, SurveiTerpakai, UltError
from naskah.ult.meja import Meja, _SqlUlt, baca_kode

if TYPE_CHECKING:
    from naskah.ult.permohonan import Permohonan

__all__ = [
    "PROFIL",
    "UNSUR",
    "JawabanSurvei",
    "Respon",
    "Undangan",
    "Unsur",
    "buka",
    "daftar_jawaban",
    "impor",
    "jawab",
    "ringkasan_publik",
    "tautan",
    "tulis_templat",
    "undang",
]

_log = logging.getLogger(__name__)

# -- the questionnaire ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Unsur:
    """One element (unsur) of the survey: its question and its four answers, scored 1..4."""

    kode: str
    nama: str
    pertanyaan: str
    jawaban: tuple[str, str, str, str]


UNSUR: tuple[Unsur, ...] = (
    Unsur(
        "U1",
        "Persyaratan",
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
        "pelayanannya?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Unsur(
        "U2",
        "Sistem, Mekanisme, dan Prosedur",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ),
    Unsur(
        "U3",
        "Waktu Penyelesaian",
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ),
    Unsur(
        "U4",
        "Biaya/Tarif",
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ),
    Unsur(
        "U5",
        "Produk Spesifikasi Jenis Pelayanan",
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
        "dalam standar pelayanan dengan hasil yang diberikan?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ),
    Unsur(
        "U6",
        "Kompetensi Pelaksana",
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    ),
    Unsur(
        "U7",
        "Perilaku Pelaksana",
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan "
        "dan keramahan?",
        (
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
    ),  # fmt: skip
    Unsur(
        "U8",
        "Penanganan Pengaduan, Saran dan Masukan",
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        (
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
    ),  # fmt: skip
    Unsur(
        "U9",
        "Sarana dan Prasarana",
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
    ),
)
"""The nine unsur in the regulation's order (its scope list; its sample questionnaire asks the
facilities question before the complaints one, the numbering here follows the unsur)."""

KODE_UNSUR: tuple[str, ...] = tuple(u.kode for u in UNSUR)

PROFIL: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "usia": (
            "< 20 tahun",
            "20–29 tahun",
            "30–39 tahun",
            "40–49 tahun",
            "50–59 tahun",
            "≥ 60 tahun",
        ),  # fmt: skip
        "jenis_kelamin": ("Laki-laki", "Perempuan"),
        "pendidikan": ("SD", "SMP", "SMA", "D1-D3-D4", "S1", "S2 ke atas"),
        "pekerjaan": ("PNS", "TNI", "POLRI", "Swasta", "Wirausaha", "Lainnya"),
    }
)
"""The optional respondent profile: the regulation's questionnaire asks age (in years; grouped
here in ten-year ranges), sex, education and occupation with these choices."""

NAMA_PROFIL = {
    "usia": "Usia",
    "jenis_kelamin": "Jenis kelamin",
    "pendidikan": "Pendidikan",
    "pekerjaan": "Pekerjaan",
}

SARAN_MAKS = 2000
BARIS_IMPOR_MAKS = 20000
"""Rows of one paper-survey workbook at most."""
SUDAH_DIISI = "Survei untuk tautan ini sudah diisi; terima kasih atas penilaian Anda."

# -- values --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Undangan:
    """What the public form shows for a link: the service it asks about."""

    layanan: str
    """The service's name as the standard calls it."""
    terpakai: bool = False


@dataclass(frozen=True)
class JawabanSurvei:
    """One respondent's answers: ``nilai`` maps ``U1``..``U9`` to 1..4."""

    nilai: Mapping[str, int]
    saran: str | None = None
    profil: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Respon:
    """One stored (anonymous) response."""

    layanan: str
    nama_layanan: str
    periode: str
    """``YYYY-MM``: the month the request was closed (paper: the month written on it)."""
    nilai: tuple[int, ...]
    """Scores of U1..U9, in order."""
    saran: str | None
    profil: Mapping[str, str]
    sumber: str
    """``daring`` (the link) or ``kertas`` (a paper questionnaire imported)."""

    @property
    def tahun(self) -> int:
        return int(self.periode[:4])

    @property
    def bulan(self) -> int:
        return int(self.periode[5:7])


def periksa_jawaban(jawaban: JawabanSurvei) -> tuple[tuple[int, ...], str | None, dict[str, str]]:
    """Return the scores in order, the cleaned suggestion and profile, or refuse the answer."""
    nilai = dict(jawaban.nilai)
    kurang = [k for k in KODE_UNSUR if k not in nilai]
    if kurang:
        nama = ", ".join(f"{k} ({UNSUR[KODE_UNSUR.index(k)].nama})" for k in kurang)
        raise SurveiError(f"Jawaban belum lengkap: pilih satu jawaban untuk unsur {nama}.")
    asing = sorted(set(nilai) - set(KODE_UNSUR))
    if asing:
        raise SurveiError(f"Unsur {', '.join(asing)} tidak ada; unsur survei adalah U1 sampai U9.")
    skor = []
    for k in KODE_UNSUR:
        v = nilai[k]
        if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 4:
            raise SurveiError(f"Nilai unsur {k} harus 1, 2, 3 atau 4.")
        skor.append(v)
    saran = " ".join((jawaban.saran or "").split()) or None
    if saran is not None and len(saran) > SARAN_MAKS:
        raise SurveiError(f"Saran terlalu panjang; tulis paling banyak {SARAN_MAKS} huruf.")
    profil: dict[str, str] = {}
    for k, isian in dict(jawaban.profil).items():
        if k not in PROFIL:
            raise SurveiError(
                f"Data responden {k!r} tidak dikenal; yang dapat diisi: {', '.join(PROFIL)}."
            )
        t = str(isian or "").strip()
        if not t:
            continue
        if t not in PROFIL[k]:
            raise SurveiError(
                f"Pilihan {NAMA_PROFIL[k].lower()} tidak dikenal; pilih salah satu dari "
                f"{', '.join(PROFIL[k])}."
            )
        profil[k] = t
    return tuple(skor), saran, profil


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _periode(meja: Meja, waktu: datetime | None) -> str:
    hari = (waktu or meja.sekarang()).astimezone(meja.konfigurasi.zona).date()
    return f"{hari.year:04d}-{hari.month:02d}"


def _baris_jawaban(
    layanan: str, nama: str, periode: str, skor: Sequence[int], saran: str | None,
    profil: Mapping[str, str], sumber: str,
) -> dict[str, Any]:  # fmt: skip
    return {
        "layanan": layanan,
        "nama_layanan": nama[:300],
        "periode": periode,
        **{k.lower(): v for k, v in zip(KODE_UNSUR, skor, strict=True)},
        "saran": saran,
        **{k: profil.get(k) for k in PROFIL},
        "sumber": sumber,
    }


# -- links ---------------------------------------------------------------------------------------


def _undang_dalam(meja: Meja, sql: _SqlUlt, p: Permohonan, *, jejak: bool = True) -> str:
    """Make (or renew, while unused) the request's one-time token inside ``sql``'s transaction."""
    token = secrets.token_urlsafe(18)
    ada = sql.satu(
        "SELECT id, terpakai FROM ult_survei_undangan WHERE permohonan_id = :id", id=p.id
    )
    if ada is not None and ada["terpakai"]:
        raise SurveiTerpakai(
            f"Survei kepuasan untuk permohonan {p.kode_tampil} sudah diisi; setiap permohonan "
            "hanya dapat dinilai sekali."
        )
    nilai = {
        "token_hash": _hash(token),
        "layanan": p.layanan,
        "nama_layanan": p.nama_layanan,
        "periode": _periode(meja, p.ditutup),
        "terpakai": False,
        "dibuat": meja.sekarang(),
    }
    if ada is None:
        sql.sisip("ult_survei_undangan", {"permohonan_id": p.id, **nilai})
    else:
        sql.ubah("ult_survei_undangan", int(ada["id"]), nilai)
    if jejak:
        meja.jejak(sql, "permohonan", p.id, "survei", "tautan survei dibuat ulang")
    return token


def undang(meja: Meja, kode_permohonan: str) -> str:
    """Return a new one-time survey token for a closed request (only its hash is kept).

    A request has one link at a time: a new one replaces an unused earlier one (which stops
    working); once answered, no new link is made.
    """
    from naskah.ult.permohonan import _ambil

    baca_kode(kode_permohonan)
    with meja.tulis() as sql:
        p = _ambil(sql, kode_permohonan, kunci=True)
        if p.keadaan != "selesai":
            raise SurveiError(
                f"Permohonan {p.kode_tampil} belum ditutup; tautan survei dibuat setelah "
                "permohonan selesai."
            )
        return _undang_dalam(meja, sql, p)


def _cari_undangan(sql: _SqlUlt, token: str, *, kunci: bool = False) -> dict[str, Any]:
    t = (token or "").strip()
    row = None
    if 16 <= len(t) <= 64:
        row = sql.satu(
            "SELECT id, layanan, nama_layanan, periode, terpakai FROM ult_survei_undangan "
            "WHERE token_hash = :h" + ("{kunci}" if kunci else ""),
            h=_hash(t),
        )
    if row is None:
        raise SurveiError(
            "Tautan survei tidak dikenal; periksa alamatnya atau minta tautan baru kepada petugas."
        )
    if row["terpakai"]:
        raise SurveiTerpakai(
            "Survei untuk tautan ini sudah diisi; terima kasih atas penilaian Anda."
        )
    return row


def buka(meja: Meja, token: str) -> Undangan:
    """Return what the link asks about; :class:`SurveiError` when unknown, :class:`SurveiTerpakai`
    when already answered."""
    with meja.baca() as sql:
        if sql is None or not _ada_tabel(sql):
            raise SurveiError(
                "Tautan survei tidak dikenal; periksa alamatnya atau minta tautan baru kepada "
                "petugas."
            )
        row = _cari_undangan(sql, token)
    return Undangan(layanan=row["nama_layanan"], terpakai=False)


def jawab(meja: Meja, token: str, jawaban: JawabanSurvei) -> None:
    """Record the answer of link ``token`` (once): anonymous, kept by service and month only."""
    skor, saran, profil = periksa_jawaban(jawaban)
    with meja.tulis() as sql:
        # the row is locked (FOR UPDATE; SQLite's write transaction is exclusive): a double
        # submit waits, then finds it used
        row = _cari_undangan(sql, token, kunci=True)
        sql.jalankan(
            "UPDATE ult_survei_undangan SET terpakai = :ya WHERE id = :id", ya=True, id=row["id"]
        )
        sql.sisip_tanpa_id(
            "ult_survei_jawaban",
            _baris_jawaban(row["layanan"], row["nama_layanan"], row["periode"], skor, saran,
                           profil, "daring"),
        )  # fmt: skip


def tautan(konfigurasi: Konfigurasi, token: str) -> str:
    """Return the public link of ``token``: ``<public base URL>/survei/<token>``."""
    dasar = konfigurasi.layanan.url_publik
    if not dasar and konfigurasi.tte.url_verifikasi:
        u = urlsplit(konfigurasi.tte.url_verifikasi)
        if u.scheme and u.netloc:
            dasar = f"{u.scheme}://{u.netloc}"
    if not dasar:
        raise ConfigError(
            "Alamat publik layanan belum diatur; isi [layanan] url_publik di naskah.toml agar "
            "tautan survei dapat dibuat."
        )
    return f"{dasar.rstrip('/')}/survei/{token}"


def _ada_tabel(sql: _SqlUlt) -> bool:
    if sql.dialek == "postgresql":
        return bool(sql.skalar("SELECT to_regclass('ult_survei_undangan') IS NOT NULL"))
    return bool(
        sql.skalar(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
            "AND name = 'ult_survei_undangan'"
        )
    )


# -- the closing notice ----------------------------------------------------------------------------


def teks_pemberitahuan(konfigurasi: Konfigurasi, p: Permohonan, link: str) -> str:
    """Return the closing notice's plain text (no personal data beyond the request's code)."""
    zona = konfigurasi.zona
    kantor = konfigurasi.instansi.unit if konfigurasi.instansi else ""
    ditutup = (p.ditutup or p.dicatat).astimezone(zona).date()
    hasil = {
        "setuju": "disetujui",
        "tolak": "tidak dapat dipenuhi",
        "revisi": "ditutup tanpa perbaikan berkas",
    }.get(p.keputusan or "", "selesai")
    baris = [
        "Yth. Bapak/Ibu,",
        "",
        f"Permohonan {p.nama_layanan} dengan kode {p.kode_tampil} telah selesai diproses "
        f"dan ditutup pada {ditutup.isoformat()} ({hasil}).",
        "",
        "Kami mohon kesediaan Bapak/Ibu menilai pelayanan kami melalui survei kepuasan "
        "masyarakat singkat (9 pertanyaan, tanpa nama) di alamat berikut. Tautan ini hanya "
        "dapat dipakai sekali.",
        "",
        link,
        "",
        "Hormat kami,",
        kantor or "Unit Layanan Terpadu",
    ]
    return "\n".join(baris) + "\n"


def kabari_tutup(meja: Meja, p: Permohonan, token: str, *, sandi: str | None = None) -> bool:
    """E-mail the applicant the closing notice with the survey link, when ``[ult] kirim_survei``
    is on and they gave an address. Return whether it was sent; a failure is logged (without
    the address) and never undoes the closing: staff can make a new link with ``undang``."""
    k = meja.konfigurasi
    if not k.ult.kirim_survei or not p.email:
        return False
    from naskah.surel import _periksa_keamanan, _sambung_smtp

    try:
        link = tautan(k, token)
        pengirim = k.surel.pengirim or (k.instansi.email if k.instansi else None)
        if not pengirim:
            raise ConfigError("Alamat pengirim surel belum diatur; isi [surel] pengirim.")
        _periksa_keamanan(k)
        m = EmailMessage()
        nama = k.surel.nama_pengirim or (k.instansi.unit if k.instansi else "")
        m["From"] = formataddr((nama, pengirim)) if nama else pengirim
        m["To"] = p.email
        m["Subject"] = f"Permohonan {p.kode_tampil} selesai: mohon penilaian Anda"
        m["Message-ID"] = make_msgid(domain=pengirim.split("@", 1)[1])
        m.set_content(teks_pemberitahuan(k, p, link))
        smtp = _sambung_smtp(k, sandi if sandi is not None else os.environ.get(k.surel.sandi_env))
        try:
            smtp.send_message(m)
        finally:
            try:
                smtp.quit()
            except OSError:
                smtp.close()
    except (OSError, UltError, ConfigError) as exc:
        _log.warning(
            "Pemberitahuan penutupan permohonan %s tidak terkirim (%s).",
            p.kode_tampil, type(exc).__name__,
        )  # fmt: skip
        return False
    return True


def setelah_tutup(meja: Meja, sql: _SqlUlt, p: Permohonan) -> str | None:
    """The survey's part of closing a request (called inside :func:`permohonan.tutup`'s
    transaction): make its one-time link. Return the token (None if already answered)."""
    try:
        return _undang_dalam(meja, sql, p, jejak=False)  # the closing row says it
    except SurveiTerpakai:
        return None


# -- reading -------------------------------------------------------------------------------------


def daftar_jawaban(meja: Meja, tahun: int) -> list[Respon]:
    """Return every response of year ``tahun`` (by the month it is kept under)."""
    with meja.baca() as sql:
        if sql is None or not _ada_tabel(sql):
            return []
        rows = sql.semua(
            "SELECT layanan, nama_layanan, periode, "
            + ", ".join(k.lower() for k in KODE_UNSUR)
            + ", saran, usia, jenis_kelamin, pendidikan, pekerjaan, sumber "
            "FROM ult_survei_jawaban WHERE periode >= :dari AND periode <= :sampai "
            "ORDER BY periode, id",
            dari=f"{tahun:04d}-01",
            sampai=f"{tahun:04d}-12",
        )
    return [
        Respon(
            layanan=r["layanan"],
            nama_layanan=r["nama_layanan"],
            periode=r["periode"],
            nilai=tuple(int(r[k.lower()]) for k in KODE_UNSUR),
            saran=r["saran"],
            profil={k: r[k] for k in PROFIL if r[k]},
            sumber=r["sumber"],
        )
        for r in rows
    ]


def jumlah_nilai(meja: Meja, tahun: int) -> tuple[int, tuple[int, ...]]:
    """Return the year's respondents and the sum of each unsur's scores (one SQL aggregate)."""
    with meja.baca() as sql:
        if sql is None or not _ada_tabel(sql):
            return 0, (0,) * len(KODE_UNSUR)
        row = sql.satu(
            "SELECT count(*) AS n, "
            + ", ".join(f"sum({k.lower()}) AS {k.lower()}" for k in KODE_UNSUR)
            + " FROM ult_survei_jawaban WHERE periode >= :dari AND periode <= :sampai",
            dari=f"{tahun:04d}-01",
            sampai=f"{tahun:04d}-12",
        )
    assert row is not None
    return int(row["n"]), tuple(int(row[k.lower()] or 0) for k in KODE_UNSUR)


# -- paper questionnaires ------------------------------------------------------------------------

KOLOM_TEMPLAT: tuple[str, ...] = (
    "No", "Layanan", "Bulan (YYYY-MM)", *KODE_UNSUR, *(NAMA_PROFIL[k] for k in PROFIL), "Saran",
)  # fmt: skip


def _simpan_xlsx(wb: Any, tujuan: Path) -> None:
    if tujuan.suffix.lower() != ".xlsx":
        raise SurveiError(f"Berkas {tujuan.name} harus berakhiran .xlsx.")
    with tulis_atomik(tujuan, galat=SurveiError) as sementara:
        wb.save(sementara)


def tulis_templat(meja: Meja, tujuan: Path, *, baris: int = 200) -> None:
    """Write the XLSX template staff fill from paper questionnaires (one row per respondent)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    layanan = sorted({lay.kunci for lay in _semua_layanan(meja)})
    wb = Workbook()
    ws = wb.active
    ws.title = "Jawaban"
    ws.append(list(KOLOM_TEMPLAT))
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.freeze_panes = "B2"
    pilihan = wb.create_sheet("Pilihan")
    kolom_pilihan = [("Layanan", layanan)] + [(NAMA_PROFIL[k], list(v)) for k, v in PROFIL.items()]
    for j, (judul, isi) in enumerate(kolom_pilihan, 1):
        pilihan.cell(1, j, judul).font = Font(bold=True)
        for i, v in enumerate(isi, 2):
            pilihan.cell(i, j, v)
    akhir = baris + 1

    def huruf(j: int) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(j)

    def daftar(kolom_sumber: int, n: int, kolom_sasaran: int) -> None:
        h = huruf(kolom_sumber)
        dv = DataValidation(type="list", formula1=f"=Pilihan!${h}$2:${h}${n + 1}",
                            allow_blank=True)  # fmt: skip
        dv.error = "Pilih dari daftar."
        ws.add_data_validation(dv)
        dv.add(f"{huruf(kolom_sasaran)}2:{huruf(kolom_sasaran)}{akhir}")

    daftar(1, len(layanan), 2)
    nilai = DataValidation(type="whole", operator="between", formula1="1", formula2="4",
                           allow_blank=True)  # fmt: skip
    nilai.error = "Nilai 1 sampai 4."
    ws.add_data_validation(nilai)
    nilai.add(f"{huruf(4)}2:{huruf(12)}{akhir}")
    for j, k in enumerate(PROFIL, 2):
        daftar(j, len(PROFIL[k]), 12 + j - 1)
    for i in range(2, akhir + 1):
        ws.cell(i, 1, i - 1)
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 16
    ws.column_dimensions[huruf(len(KOLOM_TEMPLAT))].width = 50
    petunjuk = wb.create_sheet("Petunjuk", 0)
    petunjuk.column_dimensions["A"].width = 8
    petunjuk.column_dimensions["B"].width = 95
    isi = [
        (
            "",
            "Survei Kepuasan Masyarakat (Permen PANRB Nomor 14 Tahun 2017): salin setiap "
            "kuesioner kertas ke satu baris lembar Jawaban.",
        ),  # fmt: skip
        (
            "",
            "Layanan: kunci layanan (lihat lembar Pilihan). Bulan: bulan pelayanan, "
            "misalnya 2025-03. U1–U9: nilai jawaban 1 sampai 4 (a=1, b=2, c=3, d=4).",
        ),  # fmt: skip
        ("", "Data responden dan saran boleh dikosongkan. Baris yang seluruhnya kosong dilewati."),
        ("", ""),
    ]
    for u in UNSUR:
        isi.append((u.kode, f"{u.nama}. {u.pertanyaan}"))
        isi.append(("", "   " + "   ".join(f"{n} = {t}" for n, t in enumerate(u.jawaban, 1))))
    for a, b in isi:
        petunjuk.append([a, b])
    for row in petunjuk.iter_rows():
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    _simpan_xlsx(wb, tujuan)


def _semua_layanan(meja: Meja) -> list[Any]:
    return [lay for daftar in meja.katalog().versi.values() for lay in daftar]


def _bulan(v: Any) -> str | None:
    if isinstance(v, datetime):
        v = v.date()
    if isinstance(v, date):
        return f"{v.year:04d}-{v.month:02d}"
    t = str(v).strip().replace("/", "-")
    bagian = t.split("-")
    if len(bagian) >= 2 and bagian[0].isdigit() and bagian[1].isdigit():
        th, bl = int(bagian[0]), int(bagian[1])
        if 2000 <= th <= 2100 and 1 <= bl <= 12:
            return f"{th:04d}-{bl:02d}"
    return None


def _baca_baris(nomor: int, sel: Sequence[Any], layanan: Mapping[str, str]) -> dict[str, Any]:
    """Return one template row as a response row, or refuse it naming the row."""

    def salah(pesan: str) -> SurveiError:
        return SurveiError(f"Baris {nomor}: {pesan}; tidak ada jawaban yang diimpor.")

    sel = list(sel) + [None] * (len(KOLOM_TEMPLAT) - len(sel))
    kunci = str(sel[1] or "").strip()
    cocok = layanan.get(kunci) or layanan.get(kunci.casefold())
    if cocok is None:
        return {"_galat": salah(f"layanan {kunci!r} tidak dikenal (pilih dari lembar Pilihan)")}
    periode = _bulan(sel[2]) if sel[2] not in (None, "") else None
    if periode is None:
        return {"_galat": salah("bulan harus ditulis seperti 2025-03")}
    skor = []
    for j, k in enumerate(KODE_UNSUR, 3):
        v = sel[j]
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if isinstance(v, str) and v.strip().isdigit():
            v = int(v.strip())
        if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 4:
            return {"_galat": salah(f"nilai {k} harus 1, 2, 3 atau 4")}
        skor.append(v)
    profil = {}
    for j, k in enumerate(PROFIL, 12):
        t = str(sel[j] or "").strip()
        if t:
            if t not in PROFIL[k]:
                return {"_galat": salah(f"{NAMA_PROFIL[k].lower()} {t!r} bukan pilihan yang ada")}
            profil[k] = t
    saran = " ".join(str(sel[16] or "").split()) or None
    if saran and len(saran) > SARAN_MAKS:
        return {"_galat": salah(f"saran lebih dari {SARAN_MAKS} huruf")}
    return _baris_jawaban(cocok, _nama_layanan(layanan, cocok), periode, skor, saran, profil,
                          "kertas")  # fmt: skip


def _nama_layanan(layanan: Mapping[str, str], kunci: str) -> str:
    return layanan.get(f"\0nama:{kunci}", kunci)


def impor(meja: Meja, sumber: Path) -> int:
    """Import a filled template: every row or none. Return how many responses were added."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        data = sumber.read_bytes()
    except OSError as exc:
        raise SurveiError(f"Berkas {sumber.name} tidak dapat dibaca ({alasan_os(exc)}).") from None
    sha = hashlib.sha256(data).hexdigest()
    try:
        import io
        import zipfile

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise SurveiError(
            f"Berkas {sumber.name} bukan buku kerja XLSX; isi templat dari "
            "`naskah ult survei templat`."
        ) from None
    try:
        if "Jawaban" not in wb.sheetnames:
            raise SurveiError(
                f"Berkas {sumber.name} tidak memiliki lembar Jawaban; pakai templat dari "
                "`naskah ult survei templat`."
            )
        ws = wb["Jawaban"]
        semua = list(ws.iter_rows(values_only=True))
    finally:
        wb.close()
    if not semua or [str(c or "").strip() for c in semua[0][: len(KOLOM_TEMPLAT)]] != list(
        KOLOM_TEMPLAT
    ):
        raise SurveiError(
            f"Judul kolom lembar Jawaban di {sumber.name} tidak sesuai templat; buat templat baru "
            "dengan `naskah ult survei templat`."
        )
    layanan: dict[str, str] = {}
    for lay in _semua_layanan(meja):
        layanan[lay.kunci] = lay.kunci
        layanan[lay.kunci.casefold()] = lay.kunci
        layanan[lay.nama.casefold()] = lay.kunci
        layanan[f"\0nama:{lay.kunci}"] = lay.nama
    if len(semua) - 1 > BARIS_IMPOR_MAKS:
        raise SurveiError(
            f"Lembar Jawaban di {sumber.name} berisi lebih dari {BARIS_IMPOR_MAKS} baris; bagi "
            "menjadi beberapa berkas."
        )
    rows = []
    for nomor, sel in enumerate(semua[1:], 2):
        isi = list(sel[1 : len(KOLOM_TEMPLAT)])
        if all(v is None or str(v).strip() == "" for v in isi):
            continue
        r = _baca_baris(nomor, sel, layanan)
        if "_galat" in r:
            raise r["_galat"]
        rows.append(r)
    if not rows:
        raise SurveiError(f"Lembar Jawaban di {sumber.name} belum berisi jawaban.")
    with meja.tulis() as sql:
        if sql.satu("SELECT id FROM ult_survei_impor WHERE sha256 = :s", s=sha):
            raise SurveiError(
                f"Berkas {sumber.name} sudah pernah diimpor; jawabannya tidak diimpor dua kali."
            )
        for r in rows:
            sql.sisip_tanpa_id("ult_survei_jawaban", r)
        sql.sisip_tanpa_id(
            "ult_survei_impor",
            {"sha256": sha, "jumlah": len(rows), "waktu": meja.sekarang(), "oleh": meja.pelaku},
        )
    return len(rows)


def ringkasan_publik(meja: Meja, tahun: int) -> tuple[float | None, str | None, float | None]:
    """Return the year's IKM, its grade and the on-time share of requests (for the public
    page); see :func:`naskah.ult.evaluasi.ringkasan_publik`."""
    from naskah.ult.evaluasi import ringkasan_publik as ringkasan

    return ringkasan(meja, tahun)
