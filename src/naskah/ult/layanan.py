"""The desk's services, read from the office's own Standar Pelayanan: owns what a service promises.

Each lampiran Standar Pelayanan of an issued decree (``[ult] standar`` in naskah.toml) is one
service, keyed by the lampiran's id (``kerjasama``, ``narasumber``, ``fasilitas``):

- persyaratan → the checklist of a request (:attr:`Layanan.syarat`); items written as
  alternatives ("Organisasi: …", "Perorangan: …") are one requirement met by either; the item
  "diajukan paling lambat 7 hari kerja sebelum pelaksanaan kegiatan" is the lead time
  (:attr:`Layanan.jeda_kegiatan`), checked from the activity's date instead of ticked;
- jangka waktu → the deadlines in working days: to answer (approval or refusal), to tell the
  applicant that handling takes longer, to finish. The numbers in the model win, then the ones
  read from the text (:func:`naskah.ult.jangka.baca_jangka`); ``[ult.layanan.<id>]`` wins over
  both. A service whose deadlines can't be read is reported by :func:`periksa_layanan`;
- the procedure's flowchart → the steps a request moves through (:attr:`Layanan.tahap`):
  receipt, disposition, the decision and its Ya/Tidak branches, the last step;
- produk → the documents it ends with; biaya → the tariff text.

A decree is in force from its ``tanggal``; a request follows the standard in force on the day
it was received (:meth:`Katalog.pilih`), and keeps it: a later decree never changes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from naskah.config import Konfigurasi, UltLayanan
from naskah.errors import NaskahError, UltError
from naskah.models.keputusan import Keputusan
from naskah.models.standar_pelayanan import Alur, StandarPelayanan
from naskah.models.teks import Daftar, Uraian
from naskah.ult.jangka import baca_jangka

__all__ = ["Katalog", "Layanan", "Syarat", "Tahap", "muat_katalog", "periksa_layanan"]


@dataclass(frozen=True)
class Syarat:
    """One requirement of the checklist; ``pilihan`` lists alternatives any one of which does."""

    teks: str
    pilihan: tuple[str, ...] = ()
    otomatis: bool = False
    """Checked by the desk itself (the lead time), not ticked by staff."""


@dataclass(frozen=True)
class Tahap:
    """The steps of the procedure a request's state maps to (flowchart step ids)."""

    langkah: tuple[tuple[str, str, str], ...]
    """Every step as ``(id, text, shape)``, in the order drawn."""
    awal: str | None = None
    disposisi: str | None = None
    keputusan: str | None = None
    ya: str | None = None
    tidak: str | None = None
    akhir: str | None = None

    def teks(self, ident: str | None) -> str | None:
        """Return the text of step ``ident``."""
        for i, t, _ in self.langkah:
            if i == ident:
                return t
        return None


@dataclass(frozen=True)
class Layanan:
    """One service as the standard in force promises it."""

    kunci: str
    nama: str
    standar: str
    """The decree that sets it (its number, else its file name)."""
    berlaku: date
    syarat: tuple[Syarat, ...]
    tahap: Tahap
    hari_kerja: int | None
    hari_kerja_jawaban: int | None
    hari_kerja_pemberitahuan: int | None
    jeda_kegiatan: int | None
    produk: tuple[str, ...]
    biaya: str
    masalah: tuple[str, ...] = ()
    """What could not be read (Indonesian sentences), for ``periksa``."""

    @property
    def siap(self) -> bool:
        """Whether a request can be received: some deadline is known."""
        return self.hari_kerja is not None or self.hari_kerja_jawaban is not None

    def ke_dict(self) -> dict[str, object]:
        return {
            "kunci": self.kunci,
            "nama": self.nama,
            "standar": self.standar,
            "berlaku": self.berlaku.isoformat(),
            "syarat": [
                {"no": i, "teks": s.teks, "pilihan": list(s.pilihan), "otomatis": s.otomatis}
                for i, s in enumerate(self.syarat, 1)
            ],
            "hari_kerja": self.hari_kerja,
            "hari_kerja_jawaban": self.hari_kerja_jawaban,
            "hari_kerja_pemberitahuan": self.hari_kerja_pemberitahuan,
            "jeda_kegiatan": self.jeda_kegiatan,
            "tahap": [{"id": i, "teks": t, "bentuk": b} for i, t, b in self.tahap.langkah],
            "produk": list(self.produk),
            "biaya": self.biaya,
            "masalah": list(self.masalah),
        }


def _butir_atas(uraian: Uraian) -> list[str]:
    """Return the top-level items of ``uraian`` (a paragraph ending in ':' is a heading)."""
    out: list[str] = []
    for blok in uraian:
        if isinstance(blok, str):
            if not blok.rstrip().endswith(":"):
                out.append(blok)
        elif isinstance(blok, Daftar):
            out.extend(b.teks for b in blok.butir)
    return [" ".join(t.split()).rstrip(";.") for t in out]


_LABEL = re.compile(r"^([A-Za-z][\w /-]{0,30}):\s+\S")


def _syarat(butir: list[str]) -> tuple[list[Syarat], int | None, list[str]]:
    """Return the checklist, the lead time (working days before the activity) and problems."""
    jeda: int | None = None
    masalah: list[str] = []
    biasa: list[str] = []
    otomatis: list[Syarat] = []
    for t in butir:
        sebelum = [j for j in baca_jangka(t) if j.sebelum]
        if sebelum:
            if sebelum[0].hari is None:
                masalah.append(f"jeda sebelum kegiatan \u201c{sebelum[0].teks}\u201d tidak terbaca "
                               f"({sebelum[0].masalah})")  # fmt: skip
            else:
                jeda = sebelum[0].hari
            otomatis.append(Syarat(t, otomatis=True))
        else:
            biasa.append(t)
    if len(biasa) > 1 and all(_LABEL.match(t) for t in biasa):
        # "Organisasi: surat permohonan; Perorangan: kartu identitas": one of them
        return [Syarat(" atau ".join(biasa), tuple(biasa)), *otomatis], jeda, masalah
    return [*(Syarat(t) for t in biasa), *otomatis], jeda, masalah


_JAWABAN = ("jawaban", "penolakan", "persetujuan", "konfirmasi", "informasi", "balasan")


def _jangka(uraian: Uraian) -> tuple[dict[str, int], list[str]]:
    """Return the deadlines read from the jangka waktu text, by kind, and what was unreadable."""
    hasil: dict[str, int] = {}
    masalah: list[str] = []
    for t in uraian.semua_teks():
        rendah = t.lower()
        for j in baca_jangka(t):
            if j.sebelum:
                continue
            if j.hari is None:
                masalah.append(f"jangka waktu \u201c{j.teks}\u201d tidak terbaca ({j.masalah})")
                continue
            if "lebih lama" in rendah or "diberitahu" in rendah:
                jenis = "pemberitahuan"
            elif any(k in rendah for k in _JAWABAN):
                jenis = "jawaban"
            else:
                jenis = "selesai"
            hasil.setdefault(jenis, j.hari)
    return hasil, masalah


_DISPOSISI = ("disposisi", "mendisposisi", "menugaskan", "meneruskan")


def _tahap(alur: Alur | None) -> Tahap:
    if alur is None:
        return Tahap(())
    langkah = tuple((s.id, " ".join(s.teks.split()), s.bentuk) for s in alur.langkah)
    disposisi = next(
        (s.id for s in alur.langkah if any(k in s.teks.lower() for k in _DISPOSISI)), None
    )
    keputusan = next((s for s in alur.langkah if s.bentuk == "keputusan"), None)
    sisi = {dari for dari, _, _ in alur.sisi()}
    akhir = next((s.id for s in alur.langkah if s.bentuk == "selesai"), None)
    if akhir is None:
        ujung = [s.id for s in alur.langkah if s.id not in sisi]
        akhir = ujung[-1] if ujung else alur.langkah[-1].id
    return Tahap(
        langkah,
        awal=alur.langkah[0].id,
        disposisi=disposisi,
        keputusan=keputusan.id if keputusan else None,
        ya=keputusan.ya if keputusan else None,
        tidak=keputusan.tidak if keputusan else None,
        akhir=akhir,
    )


def layanan_dari_standar(
    kunci: str, sp: StandarPelayanan, standar: str, berlaku: date, atur: UltLayanan | None
) -> Layanan:
    """Return the service that standard ``sp`` describes, with the office's settings applied."""
    p = sp.penyampaian
    syarat, jeda, masalah = _syarat(_butir_atas(p.persyaratan))
    dibaca, masalah_jangka = _jangka(p.jangka_waktu.uraian)
    masalah += masalah_jangka
    selesai = p.jangka_waktu.hari_kerja or dibaca.get("selesai")
    jawaban = p.jangka_waktu.hari_kerja_jawaban or dibaca.get("jawaban")
    pemberitahuan = dibaca.get("pemberitahuan")
    if atur is not None:
        selesai = atur.hari_kerja or selesai
        jawaban = atur.hari_kerja_jawaban or jawaban
        pemberitahuan = atur.hari_kerja_pemberitahuan or pemberitahuan
        if atur.jeda_kegiatan is not None:
            jeda = atur.jeda_kegiatan
    if selesai is None and jawaban is None:
        masalah.append(
            "jangka waktu tidak terbaca dari standar; tulis hari_kerja atau hari_kerja_jawaban "
            f"di [ult.layanan.{kunci}] naskah.toml"
        )
    elif atur is not None and (atur.hari_kerja or atur.hari_kerja_jawaban):
        masalah = [m for m in masalah if not m.startswith("jangka waktu")]
    return Layanan(
        kunci=kunci,
        nama=sp.nama,
        standar=standar,
        berlaku=berlaku,
        syarat=tuple(syarat),
        tahap=_tahap(p.prosedur.alur),
        hari_kerja=selesai,
        hari_kerja_jawaban=jawaban,
        hari_kerja_pemberitahuan=pemberitahuan,
        jeda_kegiatan=jeda,
        produk=tuple(_butir_atas(p.produk)),
        biaya=" ".join(" ".join(p.biaya.semua_teks()).split()),
        masalah=tuple(masalah),
    )


@dataclass(frozen=True)
class Katalog:
    """Every version of every service the office's decrees set, oldest first per service."""

    versi: dict[str, tuple[Layanan, ...]] = field(default_factory=dict)

    @property
    def kunci(self) -> list[str]:
        return sorted(self.versi)

    def pilih(self, kunci: str, hari: date) -> Layanan:
        """Return service ``kunci`` as the standard in force on ``hari`` sets it."""
        daftar = self.versi.get(kunci)
        if not daftar:
            sah = ", ".join(self.kunci) or "(belum ada; isi [ult] standar di naskah.toml)"
            raise UltError(f"Layanan {kunci!r} tidak dikenal; layanan yang tersedia: {sah}.")
        berlaku = [lay for lay in daftar if lay.berlaku <= hari]
        if not berlaku:
            raise UltError(
                f"Layanan {kunci!r} belum berlaku pada {hari.isoformat()}; standarnya berlaku "
                f"mulai {daftar[0].berlaku.isoformat()}."
            )
        return berlaku[-1]

    def terkini(self) -> list[Layanan]:
        """Return the newest version of every service."""
        return [self.versi[k][-1] for k in self.kunci]


def _muat_standar(path: Path, konfigurasi: Konfigurasi) -> list[tuple[str, StandarPelayanan, str,
                                                                      date]]:  # fmt: skip
    from naskah.loader import muat_dokumen
    from naskah.models.keputusan import Keputusan

    dok = muat_dokumen(path, konfigurasi)
    if not isinstance(dok, Keputusan):
        raise UltError(
            f"Berkas standar {path.name} bukan keputusan; [ult] standar berisi keputusan yang "
            "lampirannya Standar Pelayanan."
        )
    nama = str(getattr(dok, "nomor", None) or path.stem)
    out = [
        (lp.id, lp.standar_pelayanan, nama, dok.tanggal)
        for lp in dok.lampiran
        if lp.standar_pelayanan is not None
    ]
    if not out:
        raise UltError(f"Keputusan {path.name} tidak memuat lampiran Standar Pelayanan.")
    return out


def muat_katalog(konfigurasi: Konfigurasi, berkas: Iterable[Path] | None = None) -> Katalog:
    """Read the services of every decree in ``[ult] standar`` (or ``berkas``)."""
    paths: Sequence[Path] = (
        list(berkas)
        if berkas is not None
        else [konfigurasi.path(p) for p in konfigurasi.ult.standar]
    )
    semua: dict[str, list[Layanan]] = {}
    for path in paths:
        try:
            isi = _muat_standar(path, konfigurasi)
        except UltError:
            raise
        except NaskahError as exc:
            raise UltError(
                f"Standar pelayanan {path.name} tidak dapat dibaca: {exc.pesan}"
            ) from None
        for kunci, sp, nama, tanggal in isi:
            lay = layanan_dari_standar(kunci, sp, nama, tanggal, konfigurasi.ult.layanan.get(kunci))
            semua.setdefault(kunci, []).append(lay)
    return Katalog({k: tuple(sorted(v, key=lambda x: x.berlaku)) for k, v in semua.items()})


def periksa_layanan(konfigurasi: Konfigurasi, dokumen: Keputusan | None = None) -> list[str]:
    """Return what the desk can't read from the office's standards, one sentence each.

    With ``dokumen`` (a decree being checked by ``naskah periksa``), only the Standar Pelayanan
    lampiran of that decree are read, with the office's ``[ult.layanan.<id>]`` settings applied.
    """
    out: list[str] = []
    if dokumen is not None:
        nama = str(dokumen.nomor or "naskah ini")
        for lp in dokumen.lampiran:
            if lp.standar_pelayanan is None:
                continue
            lay = layanan_dari_standar(lp.id, lp.standar_pelayanan, nama, dokumen.tanggal,
                                       konfigurasi.ult.layanan.get(lp.id))  # fmt: skip
            out.extend(f"Layanan {lay.kunci} (lampiran {lp.id}): {m}." for m in lay.masalah)
        return out
    if not konfigurasi.ult.standar:
        return ["[ult] standar di naskah.toml belum diisi; layanan ULT belum dapat dipakai."]
    katalog = muat_katalog(konfigurasi)
    for daftar in katalog.versi.values():
        for lay in daftar:
            out.extend(f"Layanan {lay.kunci} ({lay.standar}): {m}." for m in lay.masalah)
    for kunci in konfigurasi.ult.layanan:
        if kunci not in katalog.versi:
            out.append(f"[ult.layanan.{kunci}] tidak cocok dengan layanan mana pun di standar.")
    return out
