"""Answering what a clerk types: kind words, office shorthand, typos, and grouped certificates.

A backend (:class:`naskah.cari.MesinCari`) answers a query literally. This module reads the
query first as staff mean it, on any backend alike:

* **kind words** ("SK", "surat keputusan", "ST", "sertifikat", "MoU", "perjanjian kerja sama",
  "standar pelayanan" …) become a filter on the document's kind instead of words to match
  (:data:`KATA_JENIS`); when nothing of that kind matches, every kind is searched and the answer
  says so;
* **office shorthand** ("bimtek", "kukar", "disdik", "ULT", "KOSP", "narsum" …) also matches its
  expansion (:data:`PADANAN_BAWAAN`, extended by naskah.toml's ``[cari] padanan``);
* **typos in any word**: when the typed words find nothing, each word no document holds is
  replaced by the nearest word of the archive's own vocabulary (the typo rule of
  :mod:`naskah.cari.aturan`) and the query is asked again ("Maksud Anda: kutai kartanegara?");
  when that finds nothing either, the answer names the words that match nothing;
* **grouping**: the certificates of one activity (same kind, tentang and date) are one line with
  a count, so one activity's dozens of near-identical certificates do not crowd out every other
  document of a broad query; ``kelompokkan=False`` shows them all.

The answer (:class:`Jawaban`) keeps what was read and done, so the CLI can say it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final, get_args

from naskah.cari.aturan import BATAS_HASIL, bisa_dicari
from naskah.cari.dokumen import Hasil, HasilCari, JenisIndeks, Kueri
from naskah.cari.ejaan import satukan_ejaan
from naskah.cari.kata_henti import KATA_HENTI

if TYPE_CHECKING:
    from naskah.cari import MesinCari

__all__ = ["KATA_JENIS", "PADANAN_BAWAAN", "Baris", "Jawaban", "gabung_padanan", "jawab"]

_KEPUTUSAN: Final[tuple[JenisIndeks, ...]] = ("keputusan", "sk_kerja_sama", "lainnya")
_KERJA_SAMA: Final[tuple[JenisIndeks, ...]] = ("perjanjian_kerja_sama", "sk_kerja_sama")
"""A cooperation is written down twice: the head's SK and the agreement (PKS) both parties sign."""

KATA_JENIS: Final[tuple[tuple[str, tuple[JenisIndeks, ...], bool], ...]] = (
    # (words as typed, the kinds they mean, whether the words are also searched as text);
    # "lainnya" (an imported document of another office) may be a decree of any name
    ("perjanjian kerja sama", _KERJA_SAMA, False),
    ("naskah kerja sama", _KERJA_SAMA, False),
    ("sk kerja sama", ("sk_kerja_sama",), False),
    ("nota kesepahaman", _KERJA_SAMA, False),
    ("perjanjian", ("perjanjian_kerja_sama",), False),
    ("mou", _KERJA_SAMA, False),
    ("pks", _KERJA_SAMA, False),
    ("cooperation agreement", _KERJA_SAMA, False),
    ("agreement", _KERJA_SAMA, False),
    ("surat keputusan", _KEPUTUSAN, False),
    ("keputusan", _KEPUTUSAN, False),
    ("sk", _KEPUTUSAN, False),
    ("decree", _KEPUTUSAN, False),
    ("surat tugas", ("surat_tugas",), False),
    ("st", ("surat_tugas",), False),
    ("spt", ("surat_tugas",), False),
    ("assignment letter", ("surat_tugas",), False),
    ("surat dinas", ("surat_dinas",), False),
    ("sertifikat", ("sertifikat",), False),
    ("certificate", ("sertifikat",), False),
    # also a subject of decrees: the words still count, the kind is a preference
    ("standar pelayanan", ("standar_pelayanan", "keputusan", "lainnya"), True),
    ("service standard", ("standar_pelayanan", "keputusan", "lainnya"), False),
)
"""Words naming a kind of document, longest first where one holds another."""

PADANAN_BAWAAN: Final[dict[str, tuple[str, ...]]] = {
    # activities and documents
    "bimtek": ("bimbingan teknis",),
    "narsum": ("narasumber",),
    "juknis": ("petunjuk teknis",),
    "juklak": ("petunjuk pelaksanaan",),
    "rakor": ("rapat koordinasi",),
    "monev": ("monitoring evaluasi",),
    "sosper": ("sosialisasi",),
    "kosp": ("kurikulum operasional satuan pendidikan",),
    "kurop": ("kurikulum operasional",),
    "pmm": ("platform merdeka mengajar",),
    "p5": ("projek penguatan profil pelajar pancasila",),
    "bosp": ("bantuan operasional satuan pendidikan",),
    "pmi": ("penjaminan mutu internal",),
    "sp": ("standar pelayanan",),
    # offices and units
    "ult": ("unit layanan terpadu",),
    "disdik": ("dinas pendidikan",),
    "dikbud": ("pendidikan kebudayaan",),
    "disdikbud": ("dinas pendidikan kebudayaan",),
    "bpmp": ("balai penjaminan mutu pendidikan",),
    "kemendikbud": ("kementerian pendidikan kebudayaan",),
    "kemendikdasmen": ("kementerian pendidikan dasar menengah",),
    "dikti": ("pendidikan tinggi",),
    "unmul": ("universitas mulawarman",),
    # places of the region
    "kukar": ("kutai kartanegara",),
    "kutim": ("kutai timur",),
    "kubar": ("kutai barat",),
    "ppu": ("penajam paser utara",),
    "mahulu": ("mahakam ulu",),
    "kaltim": ("kalimantan timur",),
    "kalteng": ("kalimantan tengah",),
    "kaltara": ("kalimantan utara",),
    "smd": ("samarinda",),
    "bpn": ("balikpapan",),
    "palangkaraya": ("palangka raya",),
    # English typed by mistake
    "training": ("pelatihan",),
    "workshop": ("lokakarya",),
    "cooperation": ("kerjasama",),
    "curriculum": ("kurikulum",),
    "teacher": ("guru",),
    "school": ("sekolah",),
    "assessment": ("asesmen",),
    "mentoring": ("pendampingan",),
    "education": ("pendidikan",),
    "principal": ("kepala sekolah",),
}
"""Office shorthand of a BPMP and what each reads as (naskah.toml's ``[cari] padanan`` adds to
or overrides these)."""

_TOKEN = re.compile(r'"[^"]*"?|\S+')
_KATA = re.compile(r"[^\W\d_]+")
_ADA_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Baris:
    """One line of an answer: a hit, and how many documents of the same activity it stands
    for (itself included)."""

    hasil: Hasil
    sekelompok: int = 1
    anggota: tuple[str, ...] = ()
    """The ids of the documents folded into this line (itself first)."""


@dataclass(frozen=True)
class Jawaban:
    """The answer to what was typed: the lines, and what was read into the query."""

    baris: tuple[Baris, ...]
    jumlah: int
    """How many documents matched (before grouping)."""
    pasti: bool = True
    jenis: tuple[JenisIndeks, ...] = ()
    """The kinds the kind words asked for (empty: none typed)."""
    kata_jenis: tuple[str, ...] = ()
    """The kind words as they were typed."""
    jenis_dilonggarkan: bool = False
    """Nothing of those kinds matched, so every kind was searched."""
    padanan: tuple[tuple[str, str], ...] = ()
    """Shorthand typed and what it was also read as."""
    kata_kosong: tuple[str, ...] = ()
    """Typed words no document holds."""
    saran: str | None = None
    """The query with each such word replaced by the nearest word of the archive."""
    saran_dipakai: bool = False
    """Whether the lines answer :attr:`saran` (the typed words found nothing)."""

    @property
    def hasil(self) -> tuple[Hasil, ...]:
        """Return the hit of each line."""
        return tuple(b.hasil for b in self.baris)


def gabung_padanan(
    tambahan: Mapping[str, str | Sequence[str]] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Return the defaults with an office's own shorthand: a reading replaces the default of
    the same word; an empty one drops it."""
    out = dict(PADANAN_BAWAAN)
    for kata, isi in (tambahan or {}).items():
        bacaan = (isi,) if isinstance(isi, str) else tuple(isi)
        bacaan = tuple(b.strip() for b in bacaan if b.strip())
        if bacaan:
            out[kata.strip().lower()] = bacaan
        else:
            out.pop(kata.strip().lower(), None)
    return out


@dataclass(frozen=True)
class _Tafsir:
    teks: str
    jenis: tuple[JenisIndeks, ...]
    kata_jenis: tuple[str, ...]
    padanan: tuple[tuple[str, tuple[str, ...]], ...]


def _baca_jenis(teks: str) -> tuple[str, tuple[JenisIndeks, ...], tuple[str, ...]]:
    """Return the text without its kind words, the kinds they name and the words as typed.

    Only whole words outside quotes count, never a part of a number ("0007/Sertifikat"); the
    spelling pairs are one word for the comparison ("SK kerja sama" is "sk kerjasama"), and
    the rest of the text keeps the spelling it was typed in.
    """
    token = _TOKEN.findall(teks)
    pola = [(satukan_ejaan(k).split(), j, tetap) for k, j, tetap in KATA_JENIS]
    sisa: list[str] = []
    jenis: list[JenisIndeks] = []
    diketik: list[str] = []
    i = 0
    while i < len(token):
        for kata, j, tetap in pola:
            # a pattern of n words spans n typed words, or one more for a spaced compound
            cocok = next(
                (
                    n
                    for n in (len(kata), len(kata) + 1)
                    if i + n <= len(token)
                    and satukan_ejaan(" ".join(token[i : i + n])).lower().split() == kata
                ),
                0,
            )
            if cocok:
                diketik.append(" ".join(token[i : i + cocok]))
                jenis.extend(x for x in j if x not in jenis)
                if tetap:
                    sisa.extend(token[i : i + cocok])
                i += cocok
                break
        else:
            sisa.append(token[i])
            i += 1
    return " ".join(sisa), tuple(jenis), tuple(diketik)


def _tafsirkan(kueri: Kueri, padanan: Mapping[str, tuple[str, ...]]) -> _Tafsir:
    teks = kueri.teks
    jenis: tuple[JenisIndeks, ...] = ()
    kata_jenis: tuple[str, ...] = ()
    if kueri.jenis is None and not kueri.jenis_dalam:
        teks, jenis, kata_jenis = _baca_jenis(kueri.teks)
    dipakai = []
    for t in _TOKEN.findall(teks):
        k = t.lower().strip(".,;:!?()")
        if k in padanan and (k, padanan[k]) not in dipakai:
            dipakai.append((k, padanan[k]))
    return _Tafsir(teks, jenis, kata_jenis, tuple(dipakai))


def _kueri(kueri: Kueri, tafsir: _Tafsir, teks: str, jenis: bool, batas: int) -> Kueri:
    return replace(
        kueri,
        teks=teks,
        jenis_dalam=tafsir.jenis if jenis else kueri.jenis_dalam,
        padanan=tafsir.padanan,
        batas=batas,
    )


def _kelompokkan(hasil: Sequence[Hasil], batas: int) -> tuple[Baris, ...]:
    """Return the hits as lines, the certificates of one activity folded into the first."""
    urutan: list[list[Hasil]] = []
    kelompok: dict[tuple[str, str, object], list[Hasil]] = {}
    for h in hasil:
        if h.jenis != "sertifikat":
            urutan.append([h])
            continue
        kunci = (h.jenis, " ".join(h.tentang.lower().split()), h.tanggal)
        if kunci in kelompok:
            kelompok[kunci].append(h)
        else:
            kelompok[kunci] = [h]
            urutan.append(kelompok[kunci])
    return tuple(Baris(hs[0], len(hs), tuple(x.id for x in hs)) for hs in urutan[:batas])


def _kata_dieja(teks: str, padanan: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Return the typed words worth checking for typos (no numbers, stop words, shorthand or
    excluded words)."""
    out: list[str] = []
    for t in _TOKEN.findall(satukan_ejaan(teks)):  # "tanda tangan" is one word
        if t.startswith("-") or _ADA_DIGIT.search(t):
            continue
        for k in _KATA.findall(t):
            kecil = k.lower()
            if kecil not in KATA_HENTI and kecil not in padanan and kecil not in out:
                out.append(kecil)
    return out


def jawab(
    mesin: MesinCari,
    kueri: Kueri,
    *,
    padanan: Mapping[str, tuple[str, ...]] | None = None,
    kelompokkan: bool = True,
) -> Jawaban:
    """Answer ``kueri`` as staff mean it (see the module docstring) with backend ``mesin``."""
    padanan = PADANAN_BAWAAN if padanan is None else padanan
    tafsir = _tafsirkan(kueri, padanan)
    # a few more hits than lines, so grouped certificates leave room for other documents
    ambil = min(BATAS_HASIL, max(kueri.batas * 3, 30)) if kelompokkan else kueri.batas
    # grouping shows a third of the hits or fewer: where snippets are dear (Whoosh: a third of
    # a warm answer) the hits are fetched without, and made for the lines shown only
    cuplikan_nanti = kelompokkan and kueri.cuplikan and getattr(mesin, "cuplikan_mahal", False)
    if cuplikan_nanti:
        kueri = replace(kueri, cuplikan=False)

    def tanya(teks: str) -> tuple[HasilCari, Kueri, bool] | None:
        """Ask with the kind filter, then without it (the answer, the query that gave it,
        whether the kinds were dropped); None when there is nothing to ask."""
        hasil: tuple[HasilCari, Kueri, bool] | None = None
        if tafsir.jenis:
            k = _kueri(kueri, tafsir, teks, True, ambil)
            hasil = (mesin.cari(k), k, False)
            if hasil[0].hasil:
                return hasil
        k = _kueri(kueri, tafsir, teks, False, ambil)
        if not bisa_dicari(k):
            return hasil
        lagi = mesin.cari(k)
        return lagi, k, bool(tafsir.jenis) and bool(lagi.hasil)

    def jadi(
        dasar: Jawaban, jawaban: tuple[HasilCari, Kueri, bool], saran_dipakai: bool = False
    ) -> Jawaban:
        hasil, dipakai, dilonggarkan = jawaban
        if kelompokkan:
            baris = _kelompokkan(hasil.hasil, kueri.batas)
            if len(baris) < kueri.batas < hasil.jumlah and any(b.sekelompok > 1 for b in baris):
                baris = _lengkapi(mesin, dipakai, baris, kueri)
            if cuplikan_nanti:
                baris = _beri_cuplikan(mesin, dipakai, baris)
        else:
            baris = tuple(Baris(h, 1, (h.id,)) for h in hasil.hasil[: kueri.batas])
        return replace(
            dasar, baris=baris, jumlah=hasil.jumlah, pasti=hasil.pasti,
            jenis_dilonggarkan=dilonggarkan, saran_dipakai=saran_dipakai,
        )  # fmt: skip

    pertama = tanya(tafsir.teks)
    if pertama is None:  # only kind words, nothing of those kinds: ask as typed
        sendiri = replace(kueri, batas=ambil)
        pertama = (mesin.cari(sendiri), sendiri, False)
    dasar = Jawaban(
        baris=(),
        jumlah=0,
        jenis=tafsir.jenis,
        kata_jenis=tafsir.kata_jenis,
        padanan=tuple((k, " / ".join(v)) for k, v in tafsir.padanan),
    )
    if pertama[0].hasil:
        return jadi(dasar, pertama)

    kata = _kata_dieja(tafsir.teks, padanan)
    if not kata:
        return jadi(dasar, pertama)
    eja = mesin.eja(kata)
    kosong = tuple(k for k in kata if eja[k].frekuensi == 0)
    saran_teks = tafsir.teks
    for k in kosong:
        if eja[k].mirip:
            ganti = eja[k].mirip[0][0]
            saran_teks = re.sub(
                rf"(?<!\w){re.escape(k)}(?!\w)", ganti, saran_teks, flags=re.IGNORECASE
            )
    dasar = replace(dasar, kata_kosong=kosong)
    if saran_teks == tafsir.teks:
        return jadi(dasar, pertama)
    dasar = replace(dasar, saran=saran_teks)
    kedua = tanya(saran_teks)
    if kedua is None or not kedua[0].hasil:
        return jadi(dasar, pertama)
    return jadi(dasar, kedua, saran_dipakai=True)


def _lebih_banyak(mesin: MesinCari, dipakai: Kueri, kueri: Kueri) -> tuple[Baris, ...]:
    """Return the lines of five times as many hits, when only certificates are asked for and
    a few activities took every hit; the snippets are then made for the lines only (by the
    caller when it makes them later: ``dipakai`` asks for none)."""
    hasil = mesin.cari(replace(dipakai, batas=min(BATAS_HASIL, dipakai.batas * 5), cuplikan=False))
    baris = _kelompokkan(hasil.hasil, kueri.batas)
    return _beri_cuplikan(mesin, dipakai, baris) if dipakai.cuplikan else baris


def _beri_cuplikan(mesin: MesinCari, dipakai: Kueri, baris: tuple[Baris, ...]) -> tuple[Baris, ...]:
    """Return ``baris`` with the snippet of each line's hit, asked of the query that found them
    (``dipakai``) for those documents only."""
    if not baris:
        return baris
    ids = tuple(b.hasil.id for b in baris)
    bercuplikan = mesin.cari(replace(dipakai, hanya_id=ids, batas=len(ids), cuplikan=True))
    cuplikan = {h.id: h.cuplikan for h in bercuplikan.hasil}
    return tuple(
        replace(b, hasil=replace(b.hasil, cuplikan=cuplikan.get(b.hasil.id, ""))) for b in baris
    )


def _lengkapi(
    mesin: MesinCari, dipakai: Kueri, baris: tuple[Baris, ...], kueri: Kueri
) -> tuple[Baris, ...]:
    """Return ``baris`` filled up to ``kueri.batas`` lines with the best matches of every other
    kind than certificates, when one activity's certificates took the hits asked for.

    One more query for the missing lines only (fetching ever more hits of the same query until
    enough activities appear cost seconds on a broad word); both queries score alike, so the
    lines are merged by score (by date for ``--urut tanggal``).
    """
    semua: tuple[JenisIndeks, ...] = dipakai.jenis_dalam or get_args(JenisIndeks)
    if dipakai.jenis is not None:
        semua = (dipakai.jenis,)
    lain = tuple(j for j in semua if j != "sertifikat")
    if not lain:
        return _lebih_banyak(mesin, dipakai, kueri)
    tambahan = mesin.cari(replace(dipakai, jenis=None, jenis_dalam=lain, batas=kueri.batas))
    ada = {i for b in baris for i in b.anggota}
    gabung = [*baris, *(Baris(h, 1, (h.id,)) for h in tambahan.hasil if h.id not in ada)]
    if kueri.urut == "tanggal":
        gabung.sort(key=lambda b: b.hasil.tanggal, reverse=True)
    else:
        gabung.sort(key=lambda b: b.hasil.skor, reverse=True)
    return tuple(gabung[: kueri.batas])
