"""The archive's records: what ``metadata.json`` of an entry holds, and what readers are told.

:class:`IsiNaskah` is what the archive knows of the document itself (number, kind, tentang,
date, people), made from a model by :func:`isi_dari_model` or from an import's fields.
:class:`Metadata` is one entry's ``metadata.json``: the document, its files with their SHA-256
and size, a summary of every signature, its version and the one it replaces, and the
verification id. :class:`EntriArsip` is the public view a web service may show (nothing that is
not printed on the document: no NIK, NIP of participants or e-mail).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import date
from typing import Any, ClassVar, Literal

from naskah.errors import ArchiveError

FORMAT_METADATA = 1
NAMA_METADATA = "metadata.json"

#: Where an entry came from: issued by naskah, an older document of this office brought in, or
#: a document of another office (a letter received, a decree of the ministry) kept for reference.
Asal = Literal["terbit", "impor", "luar"]
#: What a file is in its entry.
PeranBerkas = Literal["sumber", "docx", "pdf", "ttd", "teks"]
#: An entry's state as readers see it.
StatusEntri = Literal["terkini", "diganti", "batal"]


@dataclass(frozen=True)
class Orang:
    """A person named on a document (signer, participant, assignee)."""

    nama: str
    nip: str | None = None
    nik: str | None = None
    instansi: str | None = None
    peran: str | None = None
    jabatan: str | None = None


@dataclass(frozen=True)
class IsiNaskah:
    """The document as the archive records it."""

    nomor: str
    jenis: str
    tentang: str
    tanggal: date
    seri: str = "naskah"
    unit: str | None = None
    klasifikasi: str | None = None
    penandatangan: tuple[Orang, ...] = ()
    mitra: tuple[str, ...] = ()
    peserta: tuple[Orang, ...] = ()
    teks: str = ""
    """The model's own text (lines joined); the PDF's text layer is stored in ``teks.txt``."""
    rincian: tuple[tuple[str, str], ...] = ()
    """Other facts printed on the document, for the verification page: a certificate's
    activity dates, place, JP and the participant's role."""
    instansi: str | None = None
    """The office that issued a document of another office (asal ``luar``); None for ours."""


@dataclass(frozen=True)
class BerkasArsip:
    """One file of an entry."""

    nama: str
    peran: PeranBerkas
    sha256: str
    ukuran: int


@dataclass(frozen=True)
class RingkasanTandaTangan:
    """One signature or document timestamp of an archived signed PDF, as verified on ingest."""

    berkas: str
    field: str
    jenis: str
    penandatangan: str | None
    waktu: str | None
    """ISO 8601 with offset."""
    tingkat: str
    """PAdES level it reaches: B-B, B-T, B-LT or B-LTA."""
    utuh: bool
    sah: bool
    """Valid (intact, trusted, not revoked) when ingested, against the configured roots."""
    tepercaya: bool | None = None
    """Its certificate chained to a root of ``[tte] akar_tepercaya`` when ingested (None in
    entries archived before this was recorded)."""


@dataclass(frozen=True)
class Metadata:
    """One entry's ``metadata.json``."""

    id: str
    id_verifikasi: str
    versi: int
    asal: Asal
    isi: IsiNaskah
    berkas: tuple[BerkasArsip, ...]
    tanda_tangan: tuple[RingkasanTandaTangan, ...] = ()
    menggantikan: str | None = None
    """The id of the entry this version replaces."""
    versi_diganti: int | None = None
    alasan: str | None = None
    """Why this version was made (a correction, the signed copy of an unsigned entry)."""
    perlu_ocr: bool = False
    """The PDF has no text layer: the text could not be indexed (no OCR yet)."""
    diarsipkan: str = ""
    oleh: str = ""
    format: int = FORMAT_METADATA

    def ke_json(self) -> bytes:
        """Return the metadata as UTF-8 JSON bytes (stable key order)."""
        d = _sebagai_dict(self)
        d["isi"]["tanggal"] = self.isi.tanggal.isoformat()
        return (json.dumps(d, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()

    @classmethod
    def dari_json(cls, data: bytes, nama: str = NAMA_METADATA) -> Metadata:
        """Read ``metadata.json`` bytes back; a damaged file is an ArchiveError."""
        try:
            d = json.loads(data)
            isi = d["isi"]
            return cls(
                id=d["id"],
                id_verifikasi=d["id_verifikasi"],
                versi=int(d["versi"]),
                asal=d["asal"],
                isi=IsiNaskah(
                    **{
                        **isi,
                        "tanggal": date.fromisoformat(isi["tanggal"]),
                        "penandatangan": tuple(Orang(**o) for o in isi["penandatangan"]),
                        "mitra": tuple(isi["mitra"]),
                        "peserta": tuple(Orang(**o) for o in isi["peserta"]),
                        "rincian": tuple((str(k), str(v)) for k, v in isi.get("rincian", ())),
                    }
                ),
                berkas=tuple(BerkasArsip(**b) for b in d["berkas"]),
                tanda_tangan=tuple(RingkasanTandaTangan(**t) for t in d["tanda_tangan"]),
                menggantikan=d.get("menggantikan"),
                versi_diganti=d.get("versi_diganti"),
                alasan=d.get("alasan"),
                perlu_ocr=bool(d.get("perlu_ocr", False)),
                diarsipkan=d.get("diarsipkan", ""),
                oleh=d.get("oleh", ""),
                format=int(d.get("format", FORMAT_METADATA)),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ArchiveError(
                f"{nama} tidak dapat dibaca ({type(exc).__name__}); jalankan `naskah arsip "
                "periksa` untuk melihat entri yang rusak."
            ) from None


@dataclass(frozen=True)
class EntriArsip:
    """One archived document version as a reader (the web service, ``naskah cari``) sees it.

    Only what is printed on the document: no participant NIK, NIP or e-mail.
    """

    id: str
    id_verifikasi: str
    nomor: str
    jenis: str
    tentang: str
    tanggal: date
    versi: int
    status: StatusEntri
    lokasi: str
    ditandatangani: bool
    penandatangan: tuple[str, ...] = ()
    """Signers as printed: ``Dr. Jarwoko, M.Pd. (Kepala)``."""
    peserta: tuple[str, ...] = ()
    """Participants' names as printed (certificates)."""
    diganti_oleh: str | None = None
    """The id_verifikasi of the newer version, when replaced."""
    dibatalkan: date | None = None
    """When the register cancelled the number."""
    alasan_batal: str | None = None
    perlu_ocr: bool = False
    rincian: tuple[tuple[str, str], ...] = ()
    """Other printed facts (a certificate's activity dates, place, JP, role)."""
    asal: Asal = "terbit"
    instansi: str | None = None
    """The issuing office of a document of another office (asal ``luar``)."""

    def ke_dict(self) -> dict[str, Any]:
        """Return the entry as JSON-ready values."""
        d = asdict(self)
        d["rincian"] = dict(self.rincian)
        d["tanggal"] = self.tanggal.isoformat()
        d["dibatalkan"] = self.dibatalkan.isoformat() if self.dibatalkan else None
        return d


@dataclass(frozen=True)
class HasilSimpan:
    """What one archiving call did."""

    entri: tuple[EntriArsip, ...]
    baru: bool = True
    """False when these exact files were already archived (nothing written)."""
    peringatan: tuple[str, ...] = field(default_factory=tuple)
    """Problems after the catalog committed (e.g. indexing failed): the entry stays."""
    catatan: tuple[str, ...] = field(default_factory=tuple)
    """What is said of the documents of other offices kept: their signatures."""


@dataclass(frozen=True)
class HasilPeriksaArsip:
    """The archive's answer about one PDF file (``naskah tte verifikasi``'s archive check)."""

    diarsipkan: bool
    """This exact file (by SHA-256) is a file of an archived entry."""
    sha256: str
    entri: EntriArsip | None = None
    terdaftar: bool = False
    """Its number is in the register and not cancelled."""
    keadaan_nomor: str | None = None
    terkini: bool = False
    """It is the newest version of its document."""
    peran: str | None = None
    """Which file of the entry it is: ``ttd`` (signed PDF), ``pdf`` …"""
    galat: str | None = None
    """Why the archive could not be asked (then nothing else is known)."""

    TAK_TERPERIKSA: ClassVar[str] = "Arsip kantor sedang tidak dapat diperiksa."
    """The public page's sentence when the archive cannot answer (no detail of why)."""

    @property
    def luar(self) -> bool:
        """Return True when the file is archived as a document of another office."""
        return self.entri is not None and self.entri.asal == "luar"

    @property
    def sah(self) -> bool:
        """Return True when the file is archived, registered, not cancelled and current (a
        document of another office never is: this office did not issue it)."""
        return self.diarsipkan and self.terdaftar and self.terkini and not self.luar

    def ke_dict(self) -> dict[str, Any]:
        """Return the answer as JSON-ready values."""
        return {
            "diarsipkan": self.diarsipkan,
            "sha256": self.sha256,
            "terdaftar": self.terdaftar,
            "keadaan_nomor": self.keadaan_nomor,
            "terkini": self.terkini,
            "peran": self.peran,
            "sah": self.sah,
            "galat": self.galat,
            "entri": self.entri.ke_dict() if self.entri else None,
        }

    def uraian(self, *, publik: bool = False) -> str:
        """Return the verdict as one Indonesian sentence.

        ``publik``: the public page's wording, which never shows the error's detail, the
        archive's folder or the number's register state.
        """
        if self.galat:
            if publik:
                return self.TAK_TERPERIKSA
            return f"Arsip tidak dapat diperiksa: {self.galat}"
        if not self.diarsipkan or self.entri is None:
            if publik:
                return (
                    "Berkas ini tidak ada di arsip kantor: tidak ada berkas arsip yang sama persis."
                )
            return (
                "Berkas ini tidak ada di arsip kantor (tidak ada berkas arsip dengan sidik yang "
                "sama)."
            )
        e = self.entri
        if e.asal == "luar":
            return (
                f"Berkas ini diarsipkan sebagai naskah dari instansi lain ({e.instansi}), nomor "
                f"{e.nomor} ({e.lokasi}); bukan naskah terbitan kantor ini, jadi arsip tidak "
                "menyatakannya sah."
            )
        if publik:
            dasar = f"Berkas ini sama persis dengan berkas arsip naskah {e.nomor} versi {e.versi}"
        else:
            dasar = f"Berkas ini diarsipkan sebagai {e.nomor} versi {e.versi} ({e.lokasi})"
        if not self.terdaftar:
            keadaan = "dibatalkan" if publik else f"berstatus {self.keadaan_nomor}"
            return f"{dasar}, tetapi nomornya {keadaan} di register."
        if not self.terkini:
            return f"{dasar}, tetapi sudah diganti oleh versi yang lebih baru."
        return f"{dasar}; nomornya terdaftar dan ini versi terkini."


_NAMA_FIELD: dict[type, tuple[str, ...]] = {}


def _sebagai_dict(obj: Any) -> Any:
    """Return ``obj`` as :func:`dataclasses.asdict` does (dataclasses to dicts, field order
    kept, lists and tuples and dicts walked), without its deep copy of every value: about four
    times faster on an entry's metadata, which is written once per archived document."""
    if is_dataclass(obj) and not isinstance(obj, type):
        nama = _NAMA_FIELD.get(type(obj))
        if nama is None:
            nama = _NAMA_FIELD[type(obj)] = tuple(f.name for f in fields(obj))
        return {n: _sebagai_dict(getattr(obj, n)) for n in nama}
    if isinstance(obj, (list, tuple)):
        return type(obj)(_sebagai_dict(v) for v in obj)
    if isinstance(obj, dict):
        return {_sebagai_dict(k): _sebagai_dict(v) for k, v in obj.items()}
    return obj


#: The names of an entry's files.
NAMA_BERKAS: dict[PeranBerkas, str] = {
    "sumber": "naskah.yaml",
    "docx": "naskah.docx",
    "pdf": "naskah.pdf",
    "ttd": "naskah-ttd.pdf",
    "teks": "teks.txt",
}


def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of ``data`` (the catalog's fingerprint of a file)."""
    return hashlib.sha256(data).hexdigest()


def penandatangan_tampil(md: Metadata) -> tuple[str, ...]:
    """Return the signers as printed: ``Dr. Jarwoko, M.Pd. (Kepala …)``."""
    return tuple(f"{o.nama} ({o.jabatan})" if o.jabatan else o.nama for o in md.isi.penandatangan)


def peserta_tampil(md: Metadata) -> tuple[str, ...]:
    """Return the participants' names printed on a certificate (nothing else about them)."""
    return tuple(o.nama for o in md.isi.peserta) if md.isi.jenis == "sertifikat" else ()


def uraian_tanda_tangan_luar(md: Metadata) -> tuple[str, ...]:
    """Return one sentence per signature of a document of another office, as ingested.

    Said at import and by ``naskah arsip periksa``: such a signature is kept whatever it is,
    and never shown as this office's own SAH.
    """
    if md.asal != "luar":
        return ()
    return uraian_tanda_tangan(md.isi, md.tanda_tangan)


def uraian_tanda_tangan(
    isi: IsiNaskah, tanda_tangan: tuple[RingkasanTandaTangan, ...]
) -> tuple[str, ...]:
    """Return one sentence per signature of a document of another office (see
    :func:`uraian_tanda_tangan_luar`)."""
    asal = f"{isi.nomor} ({isi.instansi})"
    hasil = []
    for t in tanda_tangan:
        siapa = t.penandatangan or "penanda tangan tak dikenal"
        if not t.utuh:
            hasil.append(
                f"Tanda tangan {t.field} oleh {siapa} pada naskah {asal} TIDAK UTUH: isinya "
                "berubah setelah ditandatangani; disimpan apa adanya sebagai naskah pihak lain."
            )
        elif t.sah:
            hasil.append(
                f"Tanda tangan {t.field} oleh {siapa} pada naskah {asal} utuh dan berantai ke "
                "akar tepercaya kantor ini; naskahnya tetap naskah pihak lain, bukan terbitan "
                "kantor ini."
            )
        elif t.tepercaya:
            hasil.append(
                f"Tanda tangan {t.field} oleh {siapa} pada naskah {asal} utuh dan berantai ke "
                "akar tepercaya kantor ini, tetapi tidak sah saat diimpor (sertifikatnya "
                "kedaluwarsa, dicabut, atau status pencabutannya belum dapat diperiksa)."
            )
        else:
            hasil.append(
                f"Tanda tangan {t.field} oleh {siapa} pada naskah {asal} utuh, tetapi dari pihak "
                "lain: sertifikatnya tidak berantai ke akar tepercaya kantor ini, jadi "
                "keabsahannya tidak dinyatakan oleh naskah."
            )
    return tuple(hasil)
