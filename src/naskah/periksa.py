"""The decree linter: checks a document against the tata naskah rules before it is issued.

Each rule yields :class:`Temuan` with a stable code, a severity (``galat`` blocks issuing,
``peringatan`` and ``info`` do not), a location and an Indonesian message. Many mistakes seen in
real decrees are impossible in naskah's models (generated labels, one signer object, symbolic
references); the rules here catch what is still possible: text typed the old way (labels and
references typed by hand, usually from an imported text), wording rules of Menimbang, the number
against its series, the kop, dates, names and the numbers of persons.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from naskah import jam
from naskah.config import Konfigurasi
from naskah.errors import InputError, NaskahError
from naskah.loader import baca_data, muat_dokumen
from naskah.models import (
    Dokumen,
    Keputusan,
    Pejabat,
    SertifikatKegiatan,
    SuratDinas,
    SuratTugas,
)
from naskah.models.teks import label_huruf, ordinal_diktum, terbilang
from naskah.peserta import baca_peserta

Tingkat = Literal["galat", "peringatan", "info"]


@dataclass(frozen=True)
class Temuan:
    """One finding of the linter."""

    kode: str
    tingkat: Tingkat
    lokasi: str
    pesan: str
    berkas: str = ""

    def ke_dict(self) -> dict[str, str]:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.berkas}: {self.tingkat} {self.kode} [{self.lokasi}] {self.pesan}"


KEMENTERIAN_RESMI = (
    "KEMENTERIAN PENDIDIKAN, KEBUDAYAAN, RISET, DAN TEKNOLOGI",
    "KEMENTERIAN PENDIDIKAN DAN KEBUDAYAAN",
    "KEMENTERIAN PENDIDIKAN DASAR DAN MENENGAH",
    "KEMENTERIAN PENDIDIKAN TINGGI, SAINS, DAN TEKNOLOGI",
)

PROVINSI = (
    "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Kepulauan Riau", "Jambi",
    "Sumatera Selatan", "Kepulauan Bangka Belitung", "Bengkulu", "Lampung", "DKI Jakarta",
    "Daerah Khusus Jakarta", "Jawa Barat", "Banten", "Jawa Tengah",
    "Daerah Istimewa Yogyakarta", "DI Yogyakarta", "Jawa Timur", "Bali", "Nusa Tenggara Barat",
    "Nusa Tenggara Timur", "Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan",
    "Kalimantan Timur", "Kalimantan Utara", "Sulawesi Utara", "Gorontalo", "Sulawesi Tengah",
    "Sulawesi Barat", "Sulawesi Selatan", "Sulawesi Tenggara", "Maluku", "Maluku Utara",
    "Papua", "Papua Barat", "Papua Barat Daya", "Papua Selatan", "Papua Tengah",
    "Papua Pegunungan",
)  # fmt: skip

_ORDINAL = {ordinal_diktum(i): i for i in range(1, 41)}
_LABEL_DIKETIK = re.compile(
    r"^\s*(?:DIKTUM\s+)?(PERTAMA|" + "|".join(sorted(_ORDINAL, key=len, reverse=True)) + r")\s*:",
    re.IGNORECASE,
)
_LABEL_BUTIR = re.compile(r"^\s*(?:[a-z]|\d{1,2})[.)]\s+")
_ANGKA_KATA = "|".join(sorted((terbilang(i) for i in range(1, 21)), key=len, reverse=True))
_LAMPIRAN_DIKETIK = re.compile(
    r"\blampiran\s+(?:ke-?\s*)?(?:[IVX]+\b|\d+\b|(?:" + _ANGKA_KATA + r")\b)", re.IGNORECASE
)
_DIKTUM_DIKETIK = re.compile(
    r"\bdiktum\s+(PERTAMA|" + "|".join(sorted(_ORDINAL, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


def periksa_berkas(
    path: Path, konfigurasi: Konfigurasi | None = None, *, hari_ini: date | None = None
) -> list[Temuan]:
    """Lint one file; a file that does not load yields its load problems as findings."""
    nama = str(path)
    try:
        dok = muat_dokumen(path, konfigurasi)
        data, _ = baca_data(path)
    except InputError as exc:
        if exc.masalah:
            return [
                Temuan("berkas-tidak-sah", "galat", m.lokasi or "-", m.pesan
                       + (f" (baris {m.baris})" if m.baris else ""), nama)
                for m in exc.masalah
            ]  # fmt: skip
        return [Temuan("berkas-tidak-sah", "galat", "-", exc.pesan, nama)]
    temuan = periksa_dokumen(dok, konfigurasi, data=data, hari_ini=hari_ini)
    if isinstance(dok, SertifikatKegiatan) and dok.berkas_peserta:
        temuan += _lembar_peserta(path.parent / dok.berkas_peserta)
    return [Temuan(t.kode, t.tingkat, t.lokasi, t.pesan, nama) for t in temuan]


def _lembar_peserta(path: Path) -> list[Temuan]:
    """The participant sheet named by a certificate document reads without a bad row."""
    try:
        baca_peserta(path)
    except InputError as exc:
        if not exc.masalah:
            return [_t("peserta-tidak-sah", "galat", "berkas_peserta", exc.pesan)]
        return [
            _t(
                "peserta-tidak-sah",
                "galat",
                f"{path.name} baris {m.baris}",
                f"{m.lokasi}: {m.pesan}",
            )
            for m in exc.masalah
        ]
    return []


def periksa_dokumen(
    dok: Dokumen,
    konfigurasi: Konfigurasi | None = None,
    *,
    data: dict[str, Any] | None = None,
    hari_ini: date | None = None,
) -> list[Temuan]:
    """Return every finding for ``dok``; ``data`` is the raw file content, when there is one.

    "Today" is the office's date (its zone from naskah.toml), as the desk dates its drafts: in
    the evening UTC a WITA office is already on the next day.
    """
    if hari_ini is None:
        hari_ini = jam.hari_ini(konfigurasi.zona if konfigurasi is not None else None)
    k = _Konteks(dok, konfigurasi, data or {}, hari_ini)
    temuan: list[Temuan] = []
    for aturan in ATURAN:
        temuan.extend(aturan(k))
    return temuan


@dataclass
class _Konteks:
    dok: Dokumen
    konfigurasi: Konfigurasi | None
    data: dict[str, Any]
    hari_ini: date


def _t(kode: str, tingkat: Tingkat, lokasi: str, pesan: str) -> Temuan:
    return Temuan(kode, tingkat, lokasi, pesan)


# --- rules ---------------------------------------------------------------------------------


def _diktum(k: _Konteks) -> Iterator[Temuan]:
    """Typed diktum labels: PERTAMA, duplicates and gaps (typical of imported text)."""
    if not isinstance(k.dok, Keputusan):
        return
    diketik: list[tuple[int, str]] = []
    for i, d in enumerate(k.dok.diktum, 1):
        m = _LABEL_DIKETIK.match(d.isi)
        if m:
            diketik.append((i, m.group(1).upper()))
    if not diketik:
        return
    yield _t(
        "diktum-label-diketik", "galat", "diktum",
        "label diktum diketik di dalam teks (" + ", ".join(lbl for _, lbl in diketik)
        + "); hapus label itu, naskah membuat KESATU, KEDUA, … sendiri.",
    )  # fmt: skip
    seen: dict[str, int] = {}
    for i, lbl in diketik:
        if lbl == "PERTAMA":
            yield _t("diktum-pertama", "galat", f"diktum[{i}]",
                     "label PERTAMA tidak dipakai dalam tata naskah dinas; diktum pertama "
                     "berlabel KESATU.")  # fmt: skip
        if lbl in seen:
            yield _t(
                "diktum-ganda",
                "galat",
                f"diktum[{i}]",
                f"label diktum {lbl} dipakai dua kali (juga pada diktum ke-{seen[lbl]}).",
            )
        seen.setdefault(lbl, i)
    nomor = sorted({1 if lbl == "PERTAMA" else _ORDINAL[lbl] for _, lbl in diketik})
    hilang = [n for n in range(1, max(nomor) + 1) if n not in nomor]
    if hilang:
        yield _t("diktum-loncat", "galat", "diktum",
                 "urutan label diktum melompati " + ", ".join(ordinal_diktum(n) for n in hilang)
                 + ".")  # fmt: skip


def _butir_diketik(k: _Konteks) -> Iterator[Temuan]:
    """Menimbang/Mengingat items that start with a typed label such as ``a.`` or ``1.``."""
    if not isinstance(k.dok, Keputusan):
        return
    for bagian in ("menimbang", "mengingat", "memperhatikan"):
        for i, teks in enumerate(getattr(k.dok, bagian), 1):
            if _LABEL_BUTIR.match(teks):
                yield _t("butir-label-diketik", "galat", f"{bagian}[{i}]",
                         "butir diawali label yang diketik (a., 1.); hapus, labelnya dibuat "
                         "otomatis.")  # fmt: skip


def _menimbang(k: _Konteks) -> Iterator[Temuan]:
    """Menimbang: "bahwa", ";" and the closing formula citing every earlier letter."""
    if not isinstance(k.dok, Keputusan):
        return
    items = k.dok.menimbang
    for i, teks in enumerate(items, 1):
        bersih = _LABEL_BUTIR.sub("", teks)
        if not bersih.lower().startswith("bahwa"):
            yield _t(
                "menimbang-bahwa",
                "galat",
                f"menimbang[{i}]",
                'butir Menimbang harus diawali kata "bahwa".',
            )
        if not bersih.rstrip().endswith(";"):
            yield _t(
                "menimbang-titik-koma",
                "galat",
                f"menimbang[{i}]",
                "butir Menimbang harus diakhiri tanda titik koma (;).",
            )
    if len(items) < 2:
        return
    akhir = items[-1].lower()
    if "berdasarkan pertimbangan sebagaimana dimaksud" not in akhir:
        yield _t(
            "menimbang-formula",
            "galat",
            f"menimbang[{len(items)}]",
            'butir Menimbang terakhir harus berbunyi "bahwa berdasarkan pertimbangan '
            'sebagaimana dimaksud dalam huruf …, perlu menetapkan Keputusan … tentang …;".',
        )
        return
    huruf = [label_huruf(i) for i in range(len(items) - 1)]
    kurang = [h for h in huruf if not re.search(rf"\bhuruf {h}\b", akhir)]
    if kurang:
        harap = _daftar_huruf(huruf)
        yield _t("menimbang-rujukan-huruf", "galat", f"menimbang[{len(items)}]",
                 f"formula Menimbang harus merujuk \"{harap}\"; tidak ditemukan: "
                 + ", ".join(f"huruf {h}" for h in kurang) + ".")  # fmt: skip


def _daftar_huruf(huruf: list[str]) -> str:
    teks = [f"huruf {h}" for h in huruf]
    if len(teks) <= 2:
        return " dan ".join(teks)
    return ", ".join(teks[:-1]) + ", dan " + teks[-1]


def _rujukan(k: _Konteks) -> Iterator[Temuan]:
    """References typed as text instead of {lampiran:id} / {diktum:id}; unreferenced lampiran."""
    if not isinstance(k.dok, Keputusan):
        return
    for i, d in enumerate(k.dok.diktum, 1):
        teks = [d.isi, *(d.daftar.semua_teks() if d.daftar else [])]
        for t in teks:
            for m in _LAMPIRAN_DIKETIK.finditer(t):
                yield _t("rujukan-lampiran-diketik", "peringatan", f"diktum[{i}]",
                         f"\"{m.group(0)}\" diketik sebagai teks; tulis {{lampiran:<id>}} agar "
                         "nomor lampiran selalu benar.")  # fmt: skip
            for m in _DIKTUM_DIKETIK.finditer(t):
                yield _t("rujukan-diktum-diketik", "peringatan", f"diktum[{i}]",
                         f"\"{m.group(0)}\" diketik sebagai teks; tulis {{diktum:<id>}} agar "
                         "rujukan mengikuti urutan diktum.")  # fmt: skip
    dirujuk = {ident for t in k.dok.teks_berujukan()
               for jenis, ident in re.findall(r"\{(lampiran):([A-Za-z0-9_\-]+)\}", t)}  # fmt: skip
    for i, ident in enumerate(k.dok.id_lampiran(), 1):
        if ident not in dirujuk:
            sebutan = k.dok.sebutan_lampiran(i)
            yield _t(
                "lampiran-tidak-dirujuk",
                "peringatan",
                sebutan.lower(),
                f"{sebutan} ({ident}) tidak dirujuk oleh diktum mana pun; tulis "
                f"{{lampiran:{ident}}} di diktum yang menetapkannya.",
            )


def _judul(k: _Konteks) -> Iterator[Temuan]:
    """The title block: the official's title line ends with a comma."""
    if isinstance(k.dok, Keputusan) and not k.dok.judul_penetap.rstrip().endswith(","):
        yield _t(
            "judul-tanpa-koma",
            "galat",
            "penetap",
            "baris jabatan penetap sebelum Menimbang harus diakhiri koma.",
        )


def _kop(k: _Konteks) -> Iterator[Temuan]:
    """The kop: present, complete, and the ministry's name spelled officially."""
    instansi = k.dok.instansi or (k.konfigurasi.instansi if k.konfigurasi else None)
    if instansi is None:
        yield _t(
            "kop-tidak-ada",
            "galat",
            "instansi",
            "kop naskah belum diisi; isi 'instansi' di berkas atau [instansi] di naskah.toml.",
        )
        return
    kosong = [f for f in ("alamat", "laman", "email") if not getattr(instansi, f)]
    if not instansi.telepon:
        kosong.append("telepon")
    kosong = [f for f in kosong if f not in instansi.tanpa]
    if kosong and not instansi.kontak:
        yield _t(
            "kop-tidak-lengkap",
            "peringatan",
            "instansi",
            "kop belum lengkap: " + ", ".join(kosong) + " belum diisi; bila kantor memang tidak "
            "memilikinya, tulis tanpa = ["
            + ", ".join(f'"{f}"' for f in kosong)
            + "] di [instansi] naskah.toml.",
        )
    if instansi.logo_contoh and not instansi.logo:  # ``logo: contoh`` is on purpose
        yield _t(
            "kop-tanpa-logo",
            "peringatan",
            "instansi.logo",
            "kop belum memiliki logo, sehingga dicetak lambang CONTOH LOGO; simpan berkas logo "
            'kementerian di folder kantor lalu tulis logo = "nama-berkas.png" di [instansi] '
            "naskah.toml.",
        )
    elif not instansi.logo_contoh:
        logo = Path(instansi.logo or "")
        berkas = k.konfigurasi.path(logo) if k.konfigurasi else logo
        if not berkas.is_file():
            yield _t(
                "kop-logo-tidak-ada",
                "galat",
                "instansi.logo",
                f"berkas logo {berkas} tidak ditemukan; perbaiki instansi.logo di naskah.toml.",
            )
    nama = instansi.kementerian.strip()
    for resmi in KEMENTERIAN_RESMI:
        if _huruf_saja(nama) == _huruf_saja(resmi) and nama.upper() != resmi:
            yield _t(
                "kop-nama-kementerian",
                "galat",
                "instansi.kementerian",
                f'nama kementerian harus ditulis "{resmi}" (tanda baca resmi).',
            )


def _mewakili(k: _Konteks) -> Iterator[Temuan]:
    """Signing for another office: the forms need the right jabatan in the right place."""
    wakil = getattr(k.dok, "mewakili", None)
    ttd = getattr(k.dok, "penandatangan", None)
    if wakil is None or ttd is None:
        return
    if wakil.bentuk in ("a.n.", "u.b.") and not ttd.jabatan:
        yield _t(
            "ttd-jabatan-sendiri",
            "galat",
            "penandatangan.jabatan",
            f"pada {wakil.bentuk} jabatan penandatangan sendiri dicetak di bawah "
            f'"a.n. {wakil.jabatan}"; isi penandatangan.jabatan.',
        )
    if ttd.jabatan and _huruf_saja(ttd.jabatan) == _huruf_saja(wakil.jabatan):
        yield _t(
            "ttd-mewakili-diri",
            "galat",
            "mewakili.jabatan",
            f"penandatangan mewakili jabatannya sendiri ({ttd.jabatan}); isi mewakili.jabatan "
            "dengan jabatan atasan yang diwakili, atau hapus mewakili.",
        )
    if isinstance(k.dok, Keputusan) and wakil.bentuk in ("a.n.", "u.b."):
        yield _t(
            "ttd-keputusan-atas-nama",
            "peringatan",
            "mewakili.bentuk",
            f"keputusan biasanya ditandatangani sendiri oleh pejabat penetap atau oleh Plt./Plh.; "
            f"periksa aturan tata naskah kementerian sebelum memakai {wakil.bentuk}.",
        )


def _sama_orang(a: Pejabat, b: Pejabat) -> bool:
    if a.nip is not None and b.nip is not None:
        return a.nip == b.nip
    return _nama_kunci(a.nama) == _nama_kunci(b.nama)


def _verifikator(k: _Konteks) -> Iterator[Temuan]:
    """Who paraf: other people than the signer, each once, known by NIP."""
    daftar: list[Pejabat] = list(getattr(k.dok, "verifikator", None) or [])
    ttd = getattr(k.dok, "penandatangan", None)
    for i, v in enumerate(daftar, 1):
        lokasi = f"verifikator[{i}]"
        if ttd is not None and _sama_orang(v, ttd):
            yield _t(
                "paraf-oleh-penandatangan",
                "galat",
                lokasi,
                f"{v.nama_lengkap} adalah penandatangan naskah ini, jadi tidak memaraf sendiri; "
                "hapus dari verifikator.",
            )
        if any(_sama_orang(v, w) for w in daftar[: i - 1]):
            yield _t(
                "paraf-ganda",
                "galat",
                lokasi,
                f"{v.nama_lengkap} tercantum lebih dari sekali sebagai verifikator; setiap "
                "verifikator memaraf satu kali.",
            )
        if v.nip is None:
            yield _t(
                "paraf-tanpa-nip",
                "peringatan",
                lokasi,
                f"verifikator {v.nama_lengkap} tanpa NIP: sertifikat parafnya hanya dapat "
                "dicocokkan dengan nama; isi nip-nya.",
            )
        if not v.jabatan:
            yield _t(
                "paraf-tanpa-jabatan",
                "peringatan",
                lokasi,
                f"verifikator {v.nama_lengkap} tanpa jabatan; isi jabatannya (dicetak pada "
                "cap paraf).",
            )


def _salinan(k: _Konteks) -> Iterator[Temuan]:
    """A published copy carries the authenticating official's copy block."""
    salinan = getattr(k.dok, "salinan", None)
    if salinan is None:
        return
    if salinan.pengesah is None:
        yield _t(
            "salinan-tanpa-pengesah",
            "galat",  # issue 21: an unauthenticated copy is not published
            "salinan",
            'salinan belum memiliki blok "Salinan sesuai dengan aslinya"; isi salinan.pengesah '
            "(jabatan, nama, NIP pejabat yang mengesahkan salinan).",
        )
    elif not salinan.pengesah.jabatan or not salinan.pengesah.nip:
        yield _t(
            "salinan-pengesah-tidak-lengkap",
            "galat",  # issue 21: an unauthenticated copy is not published
            "salinan.pengesah",
            "blok pengesahan salinan memerlukan jabatan dan NIP pejabat yang mengesahkan; "
            "lengkapi salinan.pengesah.",
        )


def _huruf_saja(teks: str) -> str:
    return re.sub(r"[^A-Z]", "", teks.upper())


def _nomor(k: _Konteks) -> Iterator[Temuan]:
    """The number fits its series pattern and width, and its year is the date's year."""
    nomor = k.dok.nomor
    if nomor is None:
        return
    if k.konfigurasi and k.dok.seri in k.konfigurasi.seri:
        seri = k.konfigurasi.seri[k.dok.seri]
        try:
            nomor = seri.pola_nomor.parse(nomor.teks)
        except NaskahError as exc:
            yield _t("nomor-pola", "galat", "nomor", str(exc))
            return
        lebar = seri.lebar
        instansi = k.dok.instansi or k.konfigurasi.instansi
        unit = seri.unit or (instansi.kode_unit if instansi else None)
        if unit and nomor.unit and nomor.unit != unit:
            yield _t(
                "nomor-unit",
                "galat",
                "nomor",
                f"kode unit pada nomor ({nomor.unit}) berbeda dengan kode unit kantor ({unit}).",
            )
    else:
        lebar = 4
    digit = re.match(r"\d+", nomor.teks)
    if digit and len(digit.group(0)) != lebar and nomor.urut < 10**lebar:
        yield _t("nomor-lebar", "peringatan", "nomor",
                 f"nomor urut ditulis {len(digit.group(0))} digit; seri ini memakai {lebar} digit "
                 f"({nomor.urut:0{lebar}d}).")  # fmt: skip
    tanggal = getattr(k.dok, "tanggal", None)
    if tanggal and nomor.tahun != tanggal.year:
        yield _t("nomor-tahun", "galat", "nomor",
                 f"tahun pada nomor ({nomor.tahun}) berbeda dengan tahun tanggal naskah "
                 f"({tanggal.year}).")  # fmt: skip
    if k.dok.klasifikasi and nomor.klasifikasi and nomor.klasifikasi != k.dok.klasifikasi:
        yield _t("nomor-klasifikasi", "galat", "nomor",
                 f"kode klasifikasi pada nomor ({nomor.klasifikasi}) berbeda dengan "
                 f"klasifikasi naskah ({k.dok.klasifikasi}).")  # fmt: skip


def _tanggal(k: _Konteks) -> Iterator[Temuan]:
    """A document dated in the future."""
    tanggal = getattr(k.dok, "tanggal", None)
    if tanggal and tanggal > k.hari_ini:
        yield _t(
            "tanggal-masa-depan",
            "peringatan",
            "tanggal",
            f"tanggal naskah ({tanggal.isoformat()}) ada di masa depan.",
        )


def _pejabat_dalam(dok: Dokumen) -> list[tuple[str, Pejabat]]:
    out: list[tuple[str, Pejabat]] = []
    ttd = getattr(dok, "penandatangan", None)
    if ttd is not None:
        out.append(("penandatangan", ttd))
    if isinstance(dok, SuratTugas):
        out.extend((f"petugas[{i}]", p) for i, p in enumerate(dok.petugas, 1))
    out.extend((f"verifikator[{i}]", p) for i, p in enumerate(getattr(dok, "verifikator", []), 1))
    salinan = getattr(dok, "salinan", None)
    if salinan is not None and salinan.pengesah is not None:
        out.append(("salinan.pengesah", salinan.pengesah))
    return out


def _orang(k: _Konteks) -> Iterator[Temuan]:
    """One NIP per person, one person per NIP, names as registered, NIP in standard form."""
    daftar: list[tuple[str, Pejabat]] = []
    if k.konfigurasi:  # the registered officials come first: they are the reference
        daftar += [(f"naskah.toml pejabat.{n}", p) for n, p in k.konfigurasi.pejabat.items()]
    daftar += _pejabat_dalam(k.dok)
    per_nip: dict[str, tuple[str, Pejabat]] = {}
    per_nama: dict[str, tuple[str, Pejabat]] = {}
    for lokasi, p in daftar:
        if p.nip is None:
            continue
        if p.nip in per_nip:
            lain_lokasi, lain = per_nip[p.nip]
            if _nama_kunci(lain.nama) != _nama_kunci(p.nama) or lain.nama_lengkap != p.nama_lengkap:
                yield _t("pejabat-nama-berbeda", "galat", lokasi,
                         f"NIP {p.nip.tampil} tercatat atas nama \"{lain.nama_lengkap}\" "
                         f"({lain_lokasi}), tetapi di sini \"{p.nama_lengkap}\"; satu orang harus "
                         "ditulis sama di semua tempat.")  # fmt: skip
        else:
            per_nip[p.nip] = (lokasi, p)
        kunci = _nama_kunci(p.nama)
        lain_nip = per_nama[kunci][1].nip if kunci in per_nama else None
        if lain_nip is not None and lain_nip != p.nip:
            yield _t(
                "pejabat-nip-berbeda",
                "galat",
                lokasi,
                f'"{p.nama_lengkap}" memakai dua NIP berbeda '
                f"({lain_nip.tampil} dan {p.nip.tampil}).",
            )
        per_nama.setdefault(kunci, (lokasi, p))
    yield from _nip_baku(k)


def _nama_kunci(nama: str) -> str:
    return re.sub(r"[^a-z]", "", nama.lower())


def _nip_baku(k: _Konteks) -> Iterator[Temuan]:
    """NIP typed in a non-standard form in the file (it is printed in standard form anyway)."""

    def cari(node: Any, jalur: str) -> Iterator[Temuan]:
        if isinstance(node, dict):
            for key, v in node.items():
                sub = f"{jalur}.{key}" if jalur else str(key)
                if key == "nip" and isinstance(v, (str, int)) and str(v).strip():
                    teks = str(v).strip()
                    digits = re.sub(r"\D", "", teks)
                    baku = f"{digits[:8]} {digits[8:14]} {digits[14:15]} {digits[15:]}"
                    if len(digits) == 18 and teks != baku:
                        yield _t("nip-format", "info", sub,
                                 f"NIP \"{teks}\" sebaiknya ditulis \"{baku}\" (dicetak dalam "
                                 "bentuk baku).")  # fmt: skip
                else:
                    yield from cari(v, sub)
        elif isinstance(node, list):
            for i, v in enumerate(node, 1):
                yield from cari(v, f"{jalur}[{i}]")

    yield from cari(k.data, "")


def _provinsi(k: _Konteks) -> Iterator[Temuan]:
    """Province names cut short (``Provinsi Kalimantan``)."""
    teks = _semua_teks(k.dok.model_dump(mode="json"))
    pola = re.compile(r"\bProvinsi\s+([A-Z][\w]*(?:\s+[A-Z][\w]*){0,3})")
    sah = sorted((p.lower() for p in PROVINSI), key=len, reverse=True)
    dilaporkan: set[str] = set()
    for jalur, t in teks:
        for m in pola.finditer(t):
            sisa = t[m.start(1) :].lower()
            if any(sisa.startswith(p) and (len(sisa) == len(p) or not sisa[len(p)].isalpha())
                   for p in sah):  # fmt: skip
                continue
            kunci = m.group(0)
            if kunci in dilaporkan:
                continue
            dilaporkan.add(kunci)
            yield _t(
                "nama-provinsi",
                "peringatan",
                jalur,
                f'"{m.group(0)}" bukan nama provinsi yang lengkap; periksa apakah terpotong.',
            )


def _semua_teks(node: Any, jalur: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield jalur, node
    elif isinstance(node, dict):
        for key, v in node.items():
            yield from _semua_teks(v, f"{jalur}.{key}" if jalur else str(key))
    elif isinstance(node, list):
        for i, v in enumerate(node, 1):
            yield from _semua_teks(v, f"{jalur}[{i}]")


def _sertifikat(k: _Konteks) -> Iterator[Temuan]:
    """The JP of an activity equals the sum of its materials' JP."""
    if isinstance(k.dok, SertifikatKegiatan) and k.dok.kegiatan.materi:
        total = sum(m.jp for m in k.dok.kegiatan.materi)
        if total != k.dok.kegiatan.jp:
            yield _t("sertifikat-jp", "galat", "kegiatan.jp",
                     f"jumlah JP kegiatan ({k.dok.kegiatan.jp}) berbeda dengan jumlah JP materi "
                     f"({total}).")  # fmt: skip


def _zona_waktu(k: _Konteks) -> Iterator[Temuan]:
    """The office's time zone ([tte] zona_waktu) matches the office's province."""
    if k.konfigurasi is None or not k.konfigurasi.tte.zona_waktu:
        return
    from naskah.config import ZONA_PROVINSI

    zona = k.konfigurasi.tte.zona_waktu
    prov = k.konfigurasi.provinsi_kantor
    if prov and ZONA_PROVINSI[prov] != zona:
        yield _t(
            "zona-waktu",
            "peringatan",
            "tte.zona_waktu",
            f"zona waktu {zona} di naskah.toml tidak sesuai dengan provinsi kantor "
            f"({prov.title()}) yang memakai {ZONA_PROVINSI[prov]}; cap waktu tanda tangan akan "
            f"tertulis {zona}. Ubah [tte] zona_waktu menjadi {ZONA_PROVINSI[prov]} atau "
            "kosongkan agar mengikuti provinsi.",
        )


def _standar_layanan(k: _Konteks) -> Iterator[Temuan]:
    """What the ULT desk can't read from a Standar Pelayanan (a jangka waktu without a number)."""
    if not isinstance(k.dok, Keputusan) or not any(
        lp.standar_pelayanan is not None for lp in k.dok.lampiran
    ):
        return
    from naskah.config import Konfigurasi
    from naskah.ult.layanan import periksa_layanan

    for pesan in periksa_layanan(k.konfigurasi or Konfigurasi(), dokumen=k.dok):
        yield _t("standar-layanan", "peringatan", "lampiran", pesan)


def _surat_dinas(k: _Konteks) -> Iterator[Temuan]:
    """A letter's addressees have an address, and the signer is not also a tembusan."""
    if not isinstance(k.dok, SuratDinas):
        return
    for i, p in enumerate(k.dok.kepada, 1):
        if not (p.alamat or "").strip():
            yield _t(
                "surat-tanpa-alamat",
                "peringatan",
                f"kepada[{i}].alamat",
                f'penerima {p.nama!r} belum beralamat; tulis alamatnya atau "di <kota>".',
            )
    nama = {" ".join(p.nama.lower().split()) for p in k.dok.kepada}
    for i, t in enumerate(k.dok.tembusan, 1):
        if " ".join(t.lower().split()) in nama:
            yield _t("surat-tembusan-penerima", "peringatan", f"tembusan[{i}]",
                     f"{t!r} sudah menjadi penerima surat; hapus dari tembusan.")  # fmt: skip


def _laporan_evaluasi(k: _Konteks) -> Iterator[Temuan]:
    """The evaluation report: its figures agree with each other; the head's part is filled."""
    from naskah.models.laporan_evaluasi import LaporanEvaluasi

    d = k.dok
    if not isinstance(d, LaporanEvaluasi):
        return
    for i, x in enumerate(d.layanan, 1):
        for tepat, dinilai in (
            ("jawab_tepat", "jawab_dinilai"),
            ("selesai_tepat", "selesai_dinilai"),
            ("tepat", "dinilai"),
        ):
            if getattr(x, tepat) > getattr(x, dinilai):
                yield _t("laporan-angka", "galat", f"layanan[{i}].{tepat}",
                         f"{tepat} ({getattr(x, tepat)}) melebihi {dinilai} "
                         f"({getattr(x, dinilai)}) pada layanan {x.nama}.")  # fmt: skip
        if x.dinilai > x.diterima:
            yield _t("laporan-angka", "galat", f"layanan[{i}].dinilai",
                     f"permohonan dinilai ({x.dinilai}) melebihi yang diterima ({x.diterima}) "
                     f"pada layanan {x.nama}.")  # fmt: skip
    if d.survei.populasi != d.diterima:
        yield _t("laporan-populasi", "galat", "survei.populasi",
                 f"populasi survei ({d.survei.populasi}) tidak sama dengan jumlah permohonan "
                 f"semua layanan ({d.diterima}); susun ulang dengan `naskah ult laporan`."
                 )  # fmt: skip
    if sum(b.diterima for b in d.bulanan) != d.diterima:
        yield _t("laporan-bulanan", "galat", "bulanan",
                 "jumlah permohonan per bulan tidak sama dengan jumlah permohonan semua "
                 "layanan; susun ulang dengan `naskah ult laporan`.")  # fmt: skip
    if sum(b.tepat for b in d.bulanan) != d.tepat or sum(b.dinilai for b in d.bulanan) != d.dinilai:
        yield _t("laporan-bulanan", "galat", "bulanan",
                 "permohonan tepat waktu per bulan tidak sama dengan jumlahnya per layanan; "
                 "susun ulang dengan `naskah ult laporan`.")  # fmt: skip
    if d.survei.responden and not d.survei.cukup:
        yield _t("laporan-sampel", "peringatan", "survei.responden",
                 f"responden ({d.survei.responden}) kurang dari sampel minimal "
                 f"({d.survei.sampel}) untuk {d.survei.populasi} permohonan; laporan "
                 "menyebutnya, tetapi hasil survei kurang mewakili.")  # fmt: skip
    if not d.rencana_tindak_lanjut:
        yield _t("laporan-rtl-kosong", "peringatan", "rencana_tindak_lanjut",
                 "rencana tindak lanjut belum diisi; kepala mengisinya (berkas --rencana atau "
                 "kunci rencana_tindak_lanjut) sebelum laporan diterbitkan.")  # fmt: skip
    elif d.prioritas is not None and not any(
        (r.unsur or "").upper().startswith(d.prioritas.kode) for r in d.rencana_tindak_lanjut
    ):
        yield _t("laporan-prioritas", "info", "rencana_tindak_lanjut",
                 f"unsur prioritas {d.prioritas.kode} {d.prioritas.nama} (NRR terendah) belum "
                 "punya rencana tindak lanjut.")  # fmt: skip
    if d.tanggal.year <= d.tahun and d.tanggal.month < 12:
        yield _t("laporan-tanggal", "peringatan", "tanggal",
                 f"laporan tahun {d.tahun} bertanggal {d.tanggal.isoformat()}, sebelum tahun itu "
                 "berakhir; angkanya belum lengkap setahun.")  # fmt: skip


def _perjanjian(k: _Konteks) -> Iterator[Temuan]:
    """A cooperation agreement: two different parties, the partner's number, a sane date."""
    if k.dok.jenis != "perjanjian_kerja_sama":
        return
    from naskah.models.perjanjian import PerjanjianKerjaSama

    d = k.dok
    assert isinstance(d, PerjanjianKerjaSama)
    instansi = d.instansi or (k.konfigurasi.instansi if k.konfigurasi else None)
    if instansi is not None and _huruf_saja(d.mitra.nama) == _huruf_saja(instansi.unit):
        yield _t("perjanjian-pihak-sama", "galat", "mitra.nama",
                 "PIHAK KEDUA sama dengan kantor sendiri; tulis instansi mitra.")  # fmt: skip
    if _nama_kunci(d.mitra.wakil.nama) == _nama_kunci(d.penandatangan.nama):
        yield _t("perjanjian-pihak-sama", "galat", "mitra.wakil",
                 "penanda tangan PIHAK KEDUA sama dengan penanda tangan PIHAK PERTAMA; tulis "
                 "pejabat mitra.")  # fmt: skip
    if not (d.nomor_mitra or "").strip():
        yield _t("perjanjian-nomor-mitra", "info", "nomor_mitra",
                 "nomor perjanjian dari pihak mitra belum diisi; titik-titik dicetak untuk "
                 "diisi mitra.")  # fmt: skip
    if d.tanggal > d.selesai:
        yield _t(
            "perjanjian-sesudah-berakhir", "peringatan", "tanggal",
            f"perjanjian bertanggal {d.tanggal.isoformat()}, sesudah jangka waktunya berakhir "
            f"({d.selesai.isoformat()}); periksa tanggal atau jangka waktunya.",
        )  # fmt: skip


ATURAN: tuple[Callable[[_Konteks], Iterator[Temuan]], ...] = (
    _kop, _judul, _nomor, _tanggal, _menimbang, _butir_diketik, _diktum, _rujukan, _orang,
    _provinsi, _sertifikat, _mewakili, _verifikator, _salinan, _zona_waktu, _standar_layanan,
    _surat_dinas, _laporan_evaluasi, _perjanjian,
)  # fmt: skip
