"""The Indonesian stop words every search backend leaves out of a query.

Both backends share this one list, so "surat tugas untuk pelatihan" means the same on Whoosh and
on PostgreSQL: the Whoosh analyzer drops these words from documents and queries alike, and the
PostgreSQL backend drops them from queries (its ``indonesian`` configuration has no stop-word
list of its own).
"""

from __future__ import annotations

from typing import Final

__all__ = ["KATA_HENTI"]

#: Indonesian function words that carry no meaning in a search. Kept short on purpose: words
#: that name things in official documents ("tahun", "kepala", "pendidikan") are not here.
#: "nomor"/"no" are here so "nomor 0512/…" finds the number alone.
_KATA_HENTI = """
    ada adalah agar akan antara apa apabila atas atau bagi bahwa baik beberapa begitu
    belum bila dalam dan dapat dari daripada demikian dengan di dia hal hanya harus ia ini itu
    jika juga kami kamu karena ke kepada kita maka masih mereka namun nomor no oleh pada para
    saat sebagai sebagaimana secara sedang sehingga sejak semua serta setiap sudah supaya tanpa
    telah tentang terhadap tersebut tetapi untuk yaitu yakni yang
"""
KATA_HENTI: Final[frozenset[str]] = frozenset(_KATA_HENTI.split())
