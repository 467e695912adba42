"""Keputusan (decree), its diktum and lampiran, and the SK Kerja Sama built on it.

Labels are derived, never typed: Menimbang ``a.``, ``b.`` (none for a single point), Mengingat
``1.``, ``2.``, diktum ``KESATU``, ``KEDUA``, … and lampiran ``I``, ``II``, …. Text may refer to a
lampiran or a diktum symbolically, ``{lampiran:kerjasama}`` or ``{diktum:penetapan}``; the
references render as ``Lampiran I`` / ``Diktum KESATU`` and an unknown one is a validation
error, so references cannot drift when parts are added or reordered. An SK Kerja Sama also
refers to its agreement, ``{kerja_sama:mitra}``, ``{kerja_sama:jangka_waktu}``, …, and a diktum
can take its list from the agreement's scope (``daftar_dari: ruang_lingkup``), so what the
``kerja_sama`` block says is never typed again in the diktum.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from naskah.models.common import Mewakili, Model, Pejabat, Salinan, Tanggal, format_tanggal
from naskah.models.dokumen import Dokumen
from naskah.models.standar_pelayanan import StandarPelayanan
from naskah.models.teks import Butir, Daftar, Uraian, label_huruf, ordinal_diktum, romawi

RUJUKAN = re.compile(r"\{(lampiran|diktum|kerja_sama):([A-Za-z0-9_\-]+)\}")


class Diktum(Model):
    """One diktum: its text and an optional list under it."""

    id: str | None = Field(None, pattern=r"^[A-Za-z0-9_\-]+$")
    isi: str
    daftar: Daftar | None = None
    daftar_dari: Literal["ruang_lingkup"] | None = None
    """SK Kerja Sama: number the agreement's scope under this diktum instead of a typed list."""

    @model_validator(mode="after")
    def _satu_daftar(self) -> Diktum:
        if self.daftar is not None and self.daftar_dari is not None:
            raise ValueError("diktum memakai daftar atau daftar_dari, tidak keduanya")
        return self

    @model_validator(mode="before")
    @classmethod
    def _ringkas(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"isi": data}
        if isinstance(data, dict):
            from naskah.models.teks import GAYA_DAFTAR

            gaya = [k for k in data if k in GAYA_DAFTAR]
            if len(gaya) == 1:
                data = dict(data)
                data["daftar"] = {"gaya": gaya[0], "butir": data.pop(gaya[0])}
        return data


class Bagian(Model):
    """A free section of a lampiran: an optional heading and rich text."""

    judul: str | None = None
    isi: Uraian


class Lampiran(Model):
    """An attachment of a decree: a Standar Pelayanan or free sections."""

    id: str = Field(pattern=r"^[A-Za-z0-9_\-]+$")
    judul: str
    """The content title printed under the heading block."""
    standar_pelayanan: StandarPelayanan | None = None
    bagian: list[Bagian] = []

    @model_validator(mode="after")
    def _satu_jenis_isi(self) -> Lampiran:
        if (self.standar_pelayanan is None) == (not self.bagian):
            raise ValueError(
                f"lampiran {self.id!r} harus berisi tepat satu dari standar_pelayanan atau bagian"
            )
        return self


class Keputusan(Dokumen):
    """A decree of a head of unit (Keputusan Kepala …)."""

    jenis: Literal["keputusan"] = "keputusan"
    salinan: Salinan | None = None
    """A published copy: ``SALINAN`` above the title, ``ttd.`` and the copy block
    (``salinan: true`` for the flag alone)."""
    jabatan_penetap: str
    """The issuing office in capitals as printed in the title block: ``KEPALA BALAI …``."""
    penetap: str | None = None
    """The line before Menimbang, when it differs from the title block (e.g. without
    ``REPUBLIK INDONESIA``); ``<jabatan_penetap>,`` when empty. Commas inside are kept."""
    tentang: str
    menimbang: list[str] = Field(min_length=1)
    mengingat: list[str] = Field(min_length=1)
    memperhatikan: list[str] = []
    menetapkan: str | None = None
    """The Menetapkan line; derived from jabatan_penetap and tentang when empty."""
    diktum: list[Diktum] = Field(min_length=1)
    ditetapkan_di: str | None = None
    """The city; the office's city when empty."""
    tanggal: Tanggal
    penandatangan: Pejabat
    """The person who signs (name, NIP, own jabatan); the signing certificate is theirs."""
    mewakili: Mewakili | None = None
    """Signing for another office: a.n., u.b., Plt., Plh. or Pj. with the office's jabatan."""
    verifikator: list[Pejabat] = []
    """The officials who paraf before the penandatangan signs, in order (e.g. the Kasubbag
    Umum, then the Kepala Bagian): written into the PDF's signer record, so only their
    certificates can give the paraf (``naskah terbitkan --tandatangani --paraf``)."""
    tembusan: list[str] = []
    lampiran: list[Lampiran] = []

    @field_validator("salinan", mode="before")
    @classmethod
    def _salinan_ringkas(cls, v: Any) -> Any:
        """Read ``salinan: false`` as no copy (``true`` is the flag alone, see Salinan)."""
        return None if v is False else v

    @model_validator(mode="after")
    def _rujukan_sah(self) -> Keputusan:
        self._periksa_id("lampiran", self.id_lampiran())
        self._periksa_id("diktum", [d.id for d in self.diktum if d.id])
        peta = self._peta_rujukan()
        for teks in self.teks_berujukan():
            for jenis, ident in RUJUKAN.findall(teks):
                if jenis == "kerja_sama" and not peta[jenis]:
                    raise ValueError(
                        f"rujukan {{kerja_sama:{ident}}} hanya berlaku pada SK Kerja Sama"
                    )
                if ident not in peta[jenis]:
                    pilihan = f"; pilihan: {', '.join(peta[jenis])}" if peta[jenis] else ""
                    raise ValueError(
                        f"rujukan {{{jenis}:{ident}}} menunjuk {jenis} yang tidak ada{pilihan}"
                    )
        for d in self.diktum:
            if d.daftar_dari is not None and self._daftar_sumber(d.daftar_dari) is None:
                raise ValueError("daftar_dari hanya berlaku pada SK Kerja Sama")
        return self

    @staticmethod
    def _periksa_id(jenis: str, ids: list[str]) -> None:
        ganda = sorted({i for i in ids if ids.count(i) > 1})
        if ganda:
            raise ValueError(f"id {jenis} ganda: {', '.join(ganda)}")

    def id_lampiran(self) -> list[str]:
        """Return the ids of every lampiran in print order (generated ones included)."""
        return [lp.id for lp in self.lampiran]

    def nomor_lampiran(self, i: int) -> str:
        """Return the number of the ``i``-th lampiran (1-based): ``I``, ``II``, or ``""`` alone.

        A document with a single lampiran heads it ``LAMPIRAN`` and refers to it as
        ``Lampiran``; with more, they are numbered in Roman numerals (UU 12/2011).
        """
        return "" if len(self.id_lampiran()) == 1 else romawi(i)

    def sebutan_lampiran(self, i: int) -> str:
        """Return how the text refers to the ``i``-th lampiran: ``Lampiran I`` or ``Lampiran``."""
        return f"Lampiran {self.nomor_lampiran(i)}".strip()

    def _peta_rujukan(self) -> dict[str, dict[str, str]]:
        return {
            "lampiran": {
                ident: self.sebutan_lampiran(i) for i, ident in enumerate(self.id_lampiran(), 1)
            },
            "diktum": {
                d.id: f"Diktum {ordinal_diktum(i)}" for i, d in enumerate(self.diktum, 1) if d.id
            },
            "kerja_sama": {},
        }

    def _daftar_sumber(self, nama: str) -> list[str] | None:
        """Return the list a diktum takes with ``daftar_dari`` (none on a plain Keputusan)."""
        return None

    def teks_berujukan(self) -> list[str]:
        """Return every text that may hold a symbolic reference."""
        out = [*self.menimbang, *self.mengingat, *self.memperhatikan]
        for d in self.diktum:
            out.append(d.isi)
            if d.daftar:
                out.extend(d.daftar.semua_teks())
        return out

    def uraikan(self, teks: str) -> str:
        """Return ``teks`` with ``{lampiran:id}`` / ``{diktum:id}`` replaced by their labels."""
        peta = self._peta_rujukan()
        return RUJUKAN.sub(lambda m: peta[m.group(1)][m.group(2)], teks)

    # --- derived, labelled views for templates and checks --------------------------------

    @property
    def judul_penetap(self) -> str:
        """Return the official's title line before Menimbang, with its trailing comma."""
        return self.penetap if self.penetap is not None else f"{self.jabatan_penetap},"

    @property
    def judul_menetapkan(self) -> str:
        """Return the Menetapkan line: ``KEPUTUSAN <JABATAN> TENTANG <JUDUL>.``."""
        if self.menetapkan:
            return self.menetapkan
        return f"KEPUTUSAN {self.jabatan_penetap} TENTANG {self.tentang}.".upper()

    def menimbang_berlabel(self) -> list[tuple[str, str]]:
        """Return Menimbang points with ``a.``, ``b.``; a single point gets no label."""
        if len(self.menimbang) == 1:
            return [("", self.uraikan(self.menimbang[0]))]
        return [(f"{label_huruf(i)}.", self.uraikan(t)) for i, t in enumerate(self.menimbang)]

    def mengingat_berlabel(self) -> list[tuple[str, str]]:
        """Return Mengingat points numbered ``1.``, ``2.``; a single one gets no number."""
        if len(self.mengingat) == 1:
            return [("", self.uraikan(self.mengingat[0]))]
        return [(f"{i}.", self.uraikan(t)) for i, t in enumerate(self.mengingat, 1)]

    def memperhatikan_berlabel(self) -> list[tuple[str, str]]:
        """Return Memperhatikan points, numbered like Mengingat."""
        if len(self.memperhatikan) == 1:
            return [("", self.uraikan(self.memperhatikan[0]))]
        return [(f"{i}.", self.uraikan(t)) for i, t in enumerate(self.memperhatikan, 1)]

    def diktum_berlabel(self) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """Return ``(KESATU, text, [(label, item)])`` for every diktum, references resolved."""
        out = []
        for i, d in enumerate(self.diktum, 1):
            daftar = self.daftar_diktum(d)
            butir = [(lbl, self.uraikan(b.teks)) for lbl, b in daftar.berlabel()] if daftar else []
            out.append((ordinal_diktum(i), self.uraikan(d.isi), butir))
        return out

    def daftar_diktum(self, diktum: Diktum) -> Daftar | None:
        """Return the list under ``diktum``: its own, or the one named by ``daftar_dari``."""
        if diktum.daftar_dari is not None:
            sumber = self._daftar_sumber(diktum.daftar_dari) or []
            return Daftar(gaya="angka", butir=[Butir(teks=t) for t in sumber])
        return diktum.daftar

    def lampiran_berlabel(self) -> list[tuple[str, Lampiran]]:
        """Return ``("I", lampiran)`` pairs; a single lampiran gets ``""`` (``LAMPIRAN``)."""
        return [(self.nomor_lampiran(i), lp) for i, lp in enumerate(self.lampiran, 1)]


class Mitra(Model):
    """The partner institution of a kerja sama."""

    nama: str
    alamat: str | None = None
    pimpinan: str | None = None
    """Name and title of the partner's head, as printed."""


class KerjaSama(Model):
    """What an SK Kerja Sama agrees: partner, scope, duration and funding."""

    mitra: Mitra
    ruang_lingkup: list[str] = Field(min_length=1)
    mulai: Tanggal
    selesai: Tanggal
    pendanaan: str
    nomor_perjanjian: str | None = None
    """The number of the signed agreement (perjanjian kerja sama), when there is one."""

    @model_validator(mode="after")
    def _urutan_tanggal(self) -> KerjaSama:
        if self.selesai < self.mulai:
            raise ValueError("tanggal selesai kerja sama mendahului tanggal mulai")
        return self


ID_RINCIAN_KERJA_SAMA = "rincian_kerja_sama"
"""The id of the SK Kerja Sama's generated last lampiran (the particulars of the agreement)."""


class SKKerjaSama(Keputusan):
    """A decree that establishes a cooperation (Keputusan tentang Kerja Sama).

    Its last lampiran, RINCIAN KERJA SAMA, is generated from ``kerja_sama``; the diktum refers to
    it as ``{lampiran:rincian_kerja_sama}``.
    """

    jenis: Literal["sk_kerja_sama"] = "sk_kerja_sama"  # type: ignore[assignment]
    kerja_sama: KerjaSama

    def id_lampiran(self) -> list[str]:
        return [*super().id_lampiran(), ID_RINCIAN_KERJA_SAMA]

    def _peta_rujukan(self) -> dict[str, dict[str, str]]:
        peta = super()._peta_rujukan()
        ks = self.kerja_sama
        peta["kerja_sama"] = {
            "mitra": ks.mitra.nama,
            "mulai": format_tanggal(ks.mulai),
            "selesai": format_tanggal(ks.selesai),
            "jangka_waktu": (
                f"sejak tanggal {format_tanggal(ks.mulai)} sampai dengan tanggal "
                f"{format_tanggal(ks.selesai)}"
            ),
            "pendanaan": ks.pendanaan,
            **({"nomor_perjanjian": ks.nomor_perjanjian} if ks.nomor_perjanjian else {}),
        }
        return peta

    def _daftar_sumber(self, nama: str) -> list[str] | None:
        return list(self.kerja_sama.ruang_lingkup) if nama == "ruang_lingkup" else None
