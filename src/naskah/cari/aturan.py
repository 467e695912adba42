"""The search contract's shared rules: every backend applies these, none writes its own.

What lives here, once:

* **numbers**: the key a whole number is matched by (:func:`kunci_nomor`), the parts it is
  also found by (:func:`bagian_nomor`), and the terms of its contiguous parts
  (:func:`istilah_potongan_nomor`, :func:`istilah_potongan_kueri`): any run of its segments,
  typed with or without "/", dots or leading zeros (``0274/C7.22``, ``38/E``, ``KPT/2021``,
  ``7/sertifikat``) finds the documents with that number;
* **NIP and NIK**: a NIP printed with spaces (``19780512 200312 2 004``) is its 18 digits
  (:func:`satukan_nip`), and a person filter that is all digits is a NIP or NIK
  (:func:`angka_identitas`);
* **how many matches a query ranks** (:data:`BATAS_PERINGKAT`): a broader query ranks its newest
  this-many matches, on every backend alike;
* **query validation** (:func:`periksa_kueri`) and the sentence of a query with nothing to
  search (:func:`galat_kueri_kosong`);
* **the typo rule** (:func:`mirip`): how far a typed word may be from a word of the archive
  and still match it; the same on every backend;
* **document text**: the stamp and footnote boilerplate of a signed PDF is not document text
  (:func:`bersihkan_teks`), so "tanda tangan" selects documents about signatures, not every
  signed one.

Search errors (an index missing, unreadable, unreachable) are :class:`naskah.errors.CariError`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from naskah.cari.kata_henti import KATA_HENTI
from naskah.errors import CariError, InputError

if TYPE_CHECKING:
    from naskah.cari.dokumen import DokumenIndeks, Kueri

__all__ = [
    "BATAS_HASIL",
    "BATAS_PERINGKAT",
    "CariError",
    "ada_isi",
    "angka_identitas",
    "bagian_nomor",
    "batas_salah_ketik",
    "bersihkan_teks",
    "bisa_dicari",
    "galat_kueri_kosong",
    "istilah_potongan_kueri",
    "istilah_potongan_nomor",
    "jarak_ketik",
    "kata_isi",
    "kosakata",
    "kunci_nomor",
    "mirip",
    "periksa_kueri",
    "rapatkan_nomor",
    "satukan_nip",
]

BATAS_HASIL: Final = 1000
"""Largest ``batas`` a query may ask for."""

BATAS_PERINGKAT: Final = 500
"""A query matching more documents than this ranks only its newest this-many matches (and, on a
number typed whole, that document) and reports ``jumlah`` as an estimate (``pasti`` False).
One rule for every backend, so both answer a broad query from the same window; ranking every
one of tens of thousands of matches ("kurikulum", "pendidikan") costs seconds on a small
server, and staff narrow such a query with a filter or a second word anyway. Below it, every
match is ranked and counted exactly. The judged sets of tests/cari pass with it on both
backends; halving it from 1,000 halved the PostgreSQL ranking time at 100,000 documents
(bench/search_ketik.py)."""

# --- numbers --------------------------------------------------------------------------------

_SPASI = re.compile(r"\s+")
_PEMISAH_SEGMEN = re.compile(r"[\s/.\-]+")
_ADA_DIGIT = re.compile(r"\d")
#: A typed token that is (part of) a number: a digit and a separator, or parts joined by "/".
_POTONGAN = re.compile(r"[^\W_]+(?:[/.\-][^\W_]+)+")


_SPASI_GARIS = re.compile(r"(?<=[^\W_])\s*/\s*(?=[^\W_])")


def rapatkan_nomor(teks: str) -> str:
    """Return a typed query with the spaces around a number's slashes removed
    (``0512 / C7.24 / HK.03.01`` is typed as printed on some letters)."""
    return _SPASI_GARIS.sub("/", teks) if "/" in teks else teks


def kunci_nomor(nomor: str) -> str:
    """Return a number as the exact key it is matched by: lower case, no spaces anywhere."""
    return _SPASI.sub("", nomor).lower()


def bagian_nomor(nomor: str) -> list[str]:
    """Return the parts a number is also found by: sequence (with and without its zeros),
    unit, classification, year, each lower case."""
    out: list[str] = []
    for bagian in kunci_nomor(nomor).split("/"):
        if not bagian:
            continue
        out.append(bagian)
        m = re.fullmatch(r"0*(\d+)([a-z]*|\.\d+)", bagian)
        if m and m.group(1) != bagian:
            out.append(m.group(1))
    return out


def _segmen(teks: str) -> list[str]:
    """Return the segments of a number: split at "/", ".", "-" and spaces, lower case, a
    digits-only segment without its leading zeros."""
    out = []
    for s in _PEMISAH_SEGMEN.split(teks.lower()):
        if not s:
            continue
        out.append(s.lstrip("0") or "0" if s.isdigit() else s)
    return out


def _istilah(segmen: list[str]) -> str:
    """Return the index term of a run of number segments.

    A digest, not the segments themselves: both backends' tokenizers keep it one word (letters
    and digits only), and PostgreSQL's parser would otherwise cut a path apart.
    """
    from hashlib import blake2b  # only for numbers: OpenSSL's module costs a search 2 ms

    inti = blake2b("/".join(segmen).encode("utf-8"), digest_size=8).hexdigest()
    return f"nmr{inti}"


def istilah_potongan_nomor(nomor: str) -> list[str]:
    """Return the terms of every contiguous run of two or more segments of ``nomor``.

    ``0274/C7.22/OT.02.02/2025`` has the segments 274, c7, 22, ot, 2, 2, 2025; "0274/C7.22",
    "C7.22/OT.02.02" and "OT.02.02/2025" are each one of its runs. Single segments are the
    number's :func:`bagian_nomor`.
    """
    seg = _segmen(nomor)
    return list(
        dict.fromkeys(
            _istilah(seg[i:j]) for i in range(len(seg)) for j in range(i + 2, len(seg) + 1)
        )
    )


def istilah_potongan_kueri(kata: str) -> str | None:
    """Return the term of a typed part of a number (``0274/c7.22``, ``38/E``, ``C7.24``), or
    None when ``kata`` is not one (no digit, or no separator between two segments)."""
    kata = kata.strip(".,;:!?()[]\"'")
    if not _ADA_DIGIT.search(kata) or not _POTONGAN.fullmatch(kata):
        return None
    seg = _segmen(kata)
    return _istilah(seg) if len(seg) >= 2 else None


# --- NIP and NIK ----------------------------------------------------------------------------

#: A NIP as printed: 8 + 6 + 1 + 3 digits, or 8 + 6 + 4.
_NIP_BERSPASI = re.compile(r"\b(\d{8})\s+(\d{6})\s+(\d)\s*(\d{3})\b")
_ADA_8_ANGKA = re.compile(r"\d{8}\s")


def satukan_nip(teks: str) -> str:
    """Return ``teks`` with every NIP printed with spaces written as its 18 digits."""
    if not _ADA_8_ANGKA.search(teks):  # the regular expression is the costly part
        return teks
    return _NIP_BERSPASI.sub(r"\1\2\3\4", teks)


def angka_identitas(teks: str | None) -> str | None:
    """Return the digits of a NIP (18) or NIK (16) typed with or without spaces, dots or
    dashes, or None when ``teks`` is not one."""
    if not teks:
        return None
    angka = re.sub(r"[\s.\-]", "", teks)
    return angka if angka.isdigit() and len(angka) in (16, 18) else None


# --- queries --------------------------------------------------------------------------------

_KATA = re.compile(r"[^\W_]+")


def ada_isi(teks: str) -> bool:
    """Return whether ``teks`` holds a word to search for (not only stop words or marks)."""
    return any(k.lower() not in KATA_HENTI for k in _KATA.findall(teks))


def galat_kueri_kosong(teks: str) -> InputError:
    """Return the one sentence of a free text holding nothing to search for."""
    if not teks.strip():
        return InputError(
            "Tulis kata yang dicari (misalnya nama mitra, nama peserta, frasa atau nomor "
            "naskah) atau pilih saringan seperti --jenis atau --tahun; kueri kosong tidak "
            "dapat dijawab."
        )
    return InputError(
        f"Kata yang dicari ({teks.strip()!r}) hanya berisi kata umum atau tanda baca, jadi "
        "kosong untuk pencarian; tulis kata yang lebih khas, misalnya nama mitra, nama peserta "
        "atau nomor naskah."
    )


def periksa_kueri(kueri: Kueri) -> None:
    """Refuse a query no backend can answer, in one sentence (an InputError)."""
    if not 1 <= kueri.batas <= BATAS_HASIL:
        raise InputError(f"Batas jumlah hasil harus antara 1 dan {BATAS_HASIL}.")
    if kueri.dari and kueri.sampai and kueri.dari > kueri.sampai:
        raise InputError(
            f"Tanggal awal ({kueri.dari.isoformat()}) jatuh sesudah tanggal akhir "
            f"({kueri.sampai.isoformat()}); tukar keduanya."
        )
    for golongan, isi in (("penandatangan", kueri.penandatangan), ("peserta", kueri.peserta)):
        if isi is not None and not angka_identitas(isi) and not _KATA.search(isi):
            raise InputError(
                f"Saringan {golongan} {isi!r} tidak berisi nama, NIP atau NIK; tulis nama "
                "orangnya atau nomor induknya."
            )
    if not bisa_dicari(kueri):
        raise galat_kueri_kosong(kueri.teks)


# --- the typo rule --------------------------------------------------------------------------


def batas_salah_ketik(kata: str) -> int:
    """Return how many typos a typed word may carry and still match a word of the archive:
    none under four letters or with a digit, one up to seven letters, two from eight."""
    if len(kata) < 4 or not kata.isalpha():
        return 0
    return 1 if len(kata) < 8 else 2


def jarak_ketik(a: str, b: str, batas: int | None = None) -> int:
    """Return the edit distance of ``a`` and ``b`` (a swap of two neighbours counts once).

    With ``batas``, stop as soon as the distance must exceed it and return ``batas + 1``.
    """
    if a == b:
        return 0
    n, m = len(a), len(b)
    if batas is not None and abs(n - m) > batas:
        return batas + 1
    sebelum2: list[int] = []
    sebelum = list(range(m + 1))
    for i in range(1, n + 1):
        kini = [i] + [0] * m
        for j in range(1, m + 1):
            biaya = 0 if a[i - 1] == b[j - 1] else 1
            kini[j] = min(sebelum[j] + 1, kini[j - 1] + 1, sebelum[j - 1] + biaya)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                kini[j] = min(kini[j], sebelum2[j - 2] + 1)
        if batas is not None and min(kini) > batas:
            return batas + 1
        sebelum2, sebelum = sebelum, kini
    return sebelum[m]


def mirip(ketik: str, kata: str) -> bool:
    """Return whether the typed word ``ketik`` may be a typo of the archive's word ``kata``.

    The one typo rule of every backend: the same first letter, and at most
    :func:`batas_salah_ketik` edits (an edit is a letter added, dropped or changed, or two
    neighbours swapped).
    """
    batas = batas_salah_ketik(ketik)
    if not batas or not kata or kata[0] != ketik[0]:
        return ketik == kata
    return jarak_ketik(ketik, kata, batas) <= batas


# --- document text --------------------------------------------------------------------------

_BOILERPLATE = re.compile(
    # the TTE footnote of every signed page (config [tte] catatan_kaki, the BSrE sentence)
    r"Dokumen\s+ini\s+(?:telah\s+)?di\s*tanda\s*tangani\s+secara\s+elektronik[^.]*\.?"
    r"|Balai\s+Besar\s+Sertifikasi\s+Elektronik\s*(?:\(BSrE\))?"
    # the visible signature stamp: its caption and its signing time line
    r"|Di\s*tanda\s*tangani\s+secara\s+elektronik(?:\s+oleh)?"
    r"|^\s*Waktu\s*:[^\n]*$"
    r"|\[\[TTE\]\]",
    re.IGNORECASE | re.MULTILINE,
)


def bersihkan_teks(teks: str) -> str:
    """Return a document's text without the stamp and footnote boilerplate of a signed PDF."""
    if "lektronik" not in teks and "Waktu" not in teks and "[[TTE" not in teks:
        return teks
    return _BOILERPLATE.sub(" ", teks)


_KATA_KOSAKATA = re.compile(r"[^\W\d_]{3,30}")


def kosakata(dokumen: DokumenIndeks, teks: str | None = None) -> set[str]:
    """Return the words of a document typo suggestions may offer: lower case, letters only,
    three to thirty of them, no stop words; from its tentang, text (``teks`` when already
    cleaned by :func:`bersihkan_teks`), partners and people. Every backend keeps these."""
    isi = [
        dokumen.tentang,
        bersihkan_teks(dokumen.teks) if teks is None else teks,
        *dokumen.mitra,
        *(o.nama for o in (*dokumen.penandatangan, *dokumen.peserta)),
        *(o.instansi or "" for o in dokumen.peserta),
    ]
    kata = {k.lower() for t in isi for k in _KATA_KOSAKATA.findall(t)}
    return kata - KATA_HENTI


def _tanpa_kata_henti(kata: list[str]) -> list[str]:
    return [k for k in kata if k.lower() not in KATA_HENTI]


def kata_isi(teks: str) -> list[str]:
    """Return the words of ``teks`` a search looks for (stop words and marks dropped)."""
    return _tanpa_kata_henti(_KATA.findall(teks))


def bisa_dicari(kueri: Kueri) -> bool:
    """Return whether ``kueri`` asks for something: words to search, or at least one filter."""
    ada_saringan = any(
        (
            kueri.jenis,
            kueri.jenis_dalam,
            kueri.hanya_id,
            kueri.dari,
            kueri.sampai,
            kueri.unit,
            kueri.klasifikasi,
        )
    ) or any(x and x.strip() for x in (kueri.penandatangan, kueri.peserta))
    return ada_saringan or ada_isi(kueri.teks)
