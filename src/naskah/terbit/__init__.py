"""Issuing documents end to end: the only place that knows the order of the stages.

``naskah terbitkan`` (one document, :func:`terbitkan`) and ``naskah sertifikat terbitkan`` (an
activity's certificates, :func:`terbitkan_sertifikat`) lint, number, render, sign, archive and
index through the library verbs of the other packages, and keep each document's state
(``draf`` → ``menunggu_ttd`` → ``terbit``, or ``batal``) in the register's database
(:mod:`naskah.terbit.skema`, audit rows in ``jejak``), so any failed or killed run resumes on the
same command without a second number.
"""

from naskah.terbit.bersama import atur_pengamat, kunci_berkas
from naskah.terbit.naskah import HasilTerbit, PermintaanTerbit, terbitkan
from naskah.terbit.skema import KEADAAN_NASKAH, Keadaan

__all__ = [
    "KEADAAN_NASKAH",
    "HasilTerbit",
    "Keadaan",
    "PermintaanTerbit",
    "atur_pengamat",
    "kunci_berkas",
    "terbitkan",
]
