"""The Standar Pelayanan lampiran: the 14 components of PermenPANRB 15/2014 and the procedure.

Components come in two groups, printed as two parts of a ``NO | KOMPONEN | URAIAN`` table:
six of service delivery (Penyampaian Pelayanan) and eight of service management (Pengelolaan
Pelayanan). The procedure (alur) is a graph of steps and Ya/Tidak decisions, enough to draw the
seeds' flowcharts.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from naskah.models.common import Mewakili, Model, Pejabat, Tanggal
from naskah.models.dokumen import Dokumen
from naskah.models.teks import Uraian

BentukLangkah = Literal["mulai", "proses", "keputusan", "selesai"]


class Langkah(Model):
    """One node of the procedure: a step, a decision, or a start/end."""

    id: str = Field(pattern=r"^[A-Za-z0-9_\-]+$")
    teks: str
    bentuk: BentukLangkah = "proses"
    lanjut: str | None = None
    """The next step; by default the one after it in the list (none after the last)."""
    ya: str | None = None
    """For a decision: the step taken when the answer is Ya."""
    tidak: str | None = None
    """For a decision: the step taken when the answer is Tidak."""

    @model_validator(mode="after")
    def _cabang(self) -> Langkah:
        if self.bentuk == "keputusan":
            if not (self.ya and self.tidak):
                raise ValueError(
                    f"langkah keputusan {self.id!r} harus memiliki cabang ya dan tidak"
                )
            if self.lanjut:
                raise ValueError(f"langkah keputusan {self.id!r} memakai ya/tidak, bukan lanjut")
        elif self.ya or self.tidak:
            raise ValueError(
                f"hanya langkah berbentuk keputusan yang boleh memiliki ya/tidak ({self.id!r})"
            )
        return self


class Alur(Model):
    """The procedure as a directed graph of :class:`Langkah`."""

    langkah: list[Langkah] = Field(min_length=1)

    @model_validator(mode="after")
    def _rujukan(self) -> Alur:
        ids = [s.id for s in self.langkah]
        ganda = {i for i in ids if ids.count(i) > 1}
        if ganda:
            raise ValueError(f"id langkah ganda: {', '.join(sorted(ganda))}")
        for s in self.langkah:
            for tujuan in (s.lanjut, s.ya, s.tidak):
                if tujuan and tujuan not in ids:
                    raise ValueError(f"langkah {s.id!r} menuju {tujuan!r} yang tidak ada")
        return self

    def sisi(self) -> list[tuple[str, str, str | None]]:
        """Return the edges ``(from, to, label)``; label is ``Ya``/``Tidak`` on decisions."""
        out: list[tuple[str, str, str | None]] = []
        for i, s in enumerate(self.langkah):
            if s.bentuk == "keputusan":
                out.append((s.id, s.ya, "Ya"))  # type: ignore[arg-type]
                out.append((s.id, s.tidak, "Tidak"))  # type: ignore[arg-type]
            elif s.lanjut:
                out.append((s.id, s.lanjut, None))
            elif s.bentuk != "selesai" and i + 1 < len(self.langkah):
                out.append((s.id, self.langkah[i + 1].id, None))
        return out


class Prosedur(Model):
    """Sistem, Mekanisme dan Prosedur: text and/or the flowchart."""

    uraian: Uraian = Uraian([])
    alur: Alur | None = None

    @model_validator(mode="after")
    def _ada_isi(self) -> Prosedur:
        if not len(self.uraian) and self.alur is None:
            raise ValueError("prosedur harus memiliki uraian atau alur")
        return self


class JangkaWaktu(Model):
    """Jangka Waktu Pelayanan: the text, and the working days when the text gives them."""

    uraian: Uraian
    hari_kerja: int | None = Field(None, gt=0)
    """Working days to finish the service."""
    hari_kerja_jawaban: int | None = Field(None, gt=0)
    """Working days to answer the request, where stated separately."""


class PenyampaianPelayanan(Model):
    """The six components of service delivery."""

    persyaratan: Uraian
    prosedur: Prosedur
    jangka_waktu: JangkaWaktu
    biaya: Uraian
    produk: Uraian
    pengaduan: Uraian


class PengelolaanPelayanan(Model):
    """The eight components of service management."""

    dasar_hukum: Uraian
    sarana: Uraian
    kompetensi: Uraian
    pengawasan: Uraian
    jumlah_pelaksana: Uraian
    jaminan_pelayanan: Uraian
    jaminan_keamanan: Uraian
    evaluasi: Uraian


KOMPONEN_PENYAMPAIAN: tuple[tuple[str, str], ...] = (
    ("persyaratan", "Persyaratan Pelayanan"),
    ("prosedur", "Sistem, Mekanisme, dan Prosedur"),
    ("jangka_waktu", "Jangka Waktu Pelayanan"),
    ("biaya", "Biaya/Tarif"),
    ("produk", "Produk Pelayanan"),
    ("pengaduan", "Penanganan Pengaduan, Saran, dan Masukan"),
)
KOMPONEN_PENGELOLAAN: tuple[tuple[str, str], ...] = (
    ("dasar_hukum", "Dasar Hukum"),
    ("sarana", "Sarana dan Prasarana, dan/atau Fasilitas"),
    ("kompetensi", "Kompetensi Pelaksana"),
    ("pengawasan", "Pengawasan Internal"),
    ("jumlah_pelaksana", "Jumlah Pelaksana"),
    ("jaminan_pelayanan", "Jaminan Pelayanan"),
    ("jaminan_keamanan", "Jaminan Keamanan dan Keselamatan Pelayanan"),
    ("evaluasi", "Evaluasi Kinerja Pelaksana"),
)
JUDUL_PENYAMPAIAN = "Penyampaian Pelayanan (Service Delivery)"
JUDUL_PENGELOLAAN = "Pengelolaan Pelayanan (Manufacturing)"


class StandarPelayanan(Model):
    """A service standard: its name and its 14 components in two groups."""

    nama: str
    """The service, e.g. ``Permohonan Narasumber``."""
    penyampaian: PenyampaianPelayanan
    pengelolaan: PengelolaanPelayanan
    jabatan_penutup: str = "Pimpinan Penyelenggara Pelayanan"
    """The line above the signer at the end of the standard."""

    def komponen(self) -> list[tuple[str, list[tuple[int, str, Any]]]]:
        """Return both parts as ``(part title, [(no, component name, value)])``."""
        return [
            (
                JUDUL_PENYAMPAIAN,
                [(i, nama, getattr(self.penyampaian, f)) for i, (f, nama) in
                 enumerate(KOMPONEN_PENYAMPAIAN, 1)],
            ),
            (
                JUDUL_PENGELOLAAN,
                [(i, nama, getattr(self.pengelolaan, f)) for i, (f, nama) in
                 enumerate(KOMPONEN_PENGELOLAAN, 1)],
            ),
        ]  # fmt: skip


class BukuStandarPelayanan(Dokumen):
    """Service standards published as their own booklet, not as a decree's lampiran.

    A cover (``STANDAR PELAYANAN`` / ``di Lingkungan …`` / ``TAHUN …``), a kata pengantar signed
    by the head of the office, then each standard as a ``NO | KOMPONEN | URAIAN`` table.
    """

    jenis: Literal["standar_pelayanan"] = "standar_pelayanan"
    judul: str = "STANDAR PELAYANAN"
    """The cover title."""
    lingkungan: str | None = None
    """The cover line under the title; ``di Lingkungan <unit>`` when empty."""
    tahun: int = Field(ge=2000, le=2100)
    kata_pengantar: Uraian
    standar: list[StandarPelayanan] = Field(min_length=1)
    ditetapkan_di: str | None = None
    tanggal: Tanggal
    penandatangan: Pejabat
    """The person who signs the kata pengantar and the standards."""
    mewakili: Mewakili | None = None
