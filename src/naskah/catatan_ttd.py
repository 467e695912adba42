"""The signer record: who must sign a PDF, written into the PDF at render time and read back.

This module owns the naskah XMP record (namespace :data:`NS`, prefix ``naskah``): the document's
kind, number and date, the penandatangan (name, name with titles, NIP, jabatan, the optional
deputy form such as ``a.n.`` or ``Plt.``) and each verifikator who gives a paraf. The record is
declared with a PDF/A extension schema, so a PDF/A-2b stays PDF/A-2b.

It also owns comparing a certificate's holder with that record (:func:`cocokkan`): when the
record holds a NIP, the certificate subject's serialNumber must carry that NIP; the names
(without academic titles, ignoring case and spacing) decide only when the record holds none.

It imports no pyHanko and sits below both `render` (which writes the record) and `tte` (which
checks it); only the standard library (and pypdf, in :func:`id_verifikasi_berkas` alone).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal
from xml.dom import minidom
from xml.etree import ElementTree
from xml.parsers.expat import ExpatError
from xml.sax.saxutils import escape

NS = "https://naskah.kemdikbud.go.id/ns/catatan/1.0/"
"""XMP namespace of the naskah signer record."""
PREFIX = "naskah"
VERSI = "1"

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PDFAID = "http://www.aiim.org/pdfa/ns/id/"


@dataclass(frozen=True)
class Pihak:
    """One person in the record: the penandatangan or a verifikator."""

    nama: str
    """The name without academic titles (``Tomy Haridjaya``)."""
    nama_lengkap: str
    """The name as printed, with titles (``Dr. Tomy Haridjaya, S.Sos., M.M.``)."""
    nip: str | None = None
    """18 digits, no spaces."""
    jabatan: str | None = None

    def ke_dict(self) -> dict[str, str | None]:
        """Return the person as plain data."""
        return {
            "nama": self.nama,
            "nama_lengkap": self.nama_lengkap,
            "nip": self.nip,
            "jabatan": self.jabatan,
        }

    @classmethod
    def dari_pejabat(cls, pejabat: Any) -> Pihak:
        """Return the record entry of a :class:`naskah.models.Pejabat`."""
        return cls(
            nama=str(pejabat.nama),
            nama_lengkap=str(pejabat.nama_lengkap),
            nip=str(pejabat.nip) if getattr(pejabat, "nip", None) else None,
            jabatan=pejabat.jabatan or None,
        )


@dataclass(frozen=True)
class CatatanNaskah:
    """Who must sign the document, and which document it is."""

    jenis: str
    penandatangan: Pihak
    nomor: str | None = None
    tanggal: date | None = None
    bentuk: str | None = None
    """Deputy form printed above the signature with the office represented (``a.n. Kepala
    BPMP Provinsi Kalimantan Timur``, ``Plh. Kepala …``); the signer is still
    ``penandatangan``."""

    @property
    def jabatan_cap(self) -> str | None:
        """Return the jabatan the stamp shows: ``Plt./Plh./Pj. <office>`` in place of the
        signer's own (as printed), else the signer's own jabatan."""
        if self.bentuk and self.bentuk.split(" ", 1)[0] in ("Plt.", "Plh.", "Pj."):
            return self.bentuk
        return self.penandatangan.jabatan

    verifikator: tuple[Pihak, ...] = ()
    judul: str | None = None
    id_verifikasi: str | None = None
    """The document's one verification id (the ``{id}`` of ``[tte] url_verifikasi``): given
    when the document is numbered (``naskah terbitkan``), issued (a certificate) or rendered
    (``naskah render``); the visible signature, the printed QR codes and the archive all use
    it."""
    logo_contoh: bool = False
    """The kop prints the CONTOH LOGO placeholder: a draft, never signed (issue 21)."""

    def ke_dict(self) -> dict[str, Any]:
        """Return the record as plain data (for JSON reports)."""
        return {
            "jenis": self.jenis,
            "id_verifikasi": self.id_verifikasi,
            "nomor": self.nomor,
            "tanggal": self.tanggal.isoformat() if self.tanggal else None,
            "bentuk": self.bentuk,
            "judul": self.judul,
            "penandatangan": self.penandatangan.ke_dict(),
            "verifikator": [v.ke_dict() for v in self.verifikator],
        }


@dataclass(frozen=True)
class MetadataPdf:
    """What the renderer writes into a PDF: Info/XMP title, subject, author and the record."""

    judul: str | None = None
    subjek: str | None = None
    penulis: str | None = None
    catatan: CatatanNaskah | None = None


_JENIS_JUDUL = {
    "keputusan": "Keputusan",
    "sk_kerja_sama": "Keputusan",
    "surat_tugas": "Surat Tugas",
    "surat_dinas": "Surat Dinas",
    "sertifikat": "Sertifikat",
    "laporan_evaluasi": "Laporan Evaluasi",
    "perjanjian_kerja_sama": "Perjanjian Kerja Sama",
}


def metadata_dokumen(
    dokumen: Any, id_verifikasi: str | None = None, *, logo_contoh: bool = False
) -> MetadataPdf:
    """Return the PDF metadata of a document model: title, subject, author and signer record.

    Title: the kind and number (``Keputusan Nomor 0274/C7.22/OT.02.02/2025``); subject: what it
    is about (``tentang`` of a decree, the activity of a certificate, the tasks of a surat
    tugas); author: the printed signer with jabatan. A model without a penandatangan gets no
    record. ``id_verifikasi`` is the document's verification id (a certificate carries its own);
    ``logo_contoh`` marks a kop printing the placeholder emblem (signing refuses it).
    """
    jenis = str(getattr(dokumen, "jenis", "") or "naskah")
    if not hasattr(dokumen, "penandatangan") and hasattr(dokumen, "kegiatan"):
        # one issued certificate (models.Sertifikat): the activity document signs it
        induk = dokumen.kegiatan
        nomor = getattr(dokumen, "nomor", None)
        jenis = str(getattr(induk, "jenis", jenis))
    else:
        induk = dokumen
        nomor = getattr(dokumen, "nomor", None)
    label = _JENIS_JUDUL.get(jenis, jenis.replace("_", " ").title())
    judul = f"{label} Nomor {nomor}" if nomor else label
    subjek = _subjek(induk)
    pejabat = getattr(induk, "penandatangan", None)
    if pejabat is None:
        return MetadataPdf(judul=judul, subjek=subjek)
    pihak = Pihak.dari_pejabat(pejabat)
    verifikator = tuple(Pihak.dari_pejabat(v) for v in (getattr(induk, "verifikator", None) or []))
    # deputies (models.Mewakili, issue 12): the form and the office represented, as printed
    mewakili = getattr(induk, "mewakili", None)
    bentuk = (
        f"{mewakili.bentuk} {mewakili.jabatan}".strip(" ,")
        if mewakili is not None and getattr(mewakili, "bentuk", None)
        else None
    )
    tanggal = getattr(induk, "tanggal", None)
    catatan = CatatanNaskah(
        jenis=jenis,
        penandatangan=pihak,
        nomor=str(nomor) if nomor else None,
        tanggal=tanggal if isinstance(tanggal, date) else None,
        bentuk=str(bentuk) if isinstance(bentuk, str) and bentuk else None,
        verifikator=verifikator,
        judul=judul,
        id_verifikasi=id_verifikasi or getattr(dokumen, "id_verifikasi", None) or None,
        logo_contoh=logo_contoh,
    )
    penulis = pihak.nama_lengkap + (f", {pihak.jabatan}" if pihak.jabatan else "")
    return MetadataPdf(judul=judul, subjek=subjek, penulis=penulis, catatan=catatan)


def _subjek(dokumen: Any) -> str | None:
    tentang = getattr(dokumen, "tentang", None)
    if tentang:
        return " ".join(str(tentang).split())
    kegiatan = getattr(dokumen, "kegiatan", None)
    nama = getattr(kegiatan, "nama", None) if kegiatan is not None else None
    if nama:
        return " ".join(str(nama).split())
    hal = getattr(dokumen, "hal", None)
    if hal:
        return " ".join(str(hal).split())
    untuk = getattr(dokumen, "untuk", None)
    if untuk:
        return " ".join(" ".join(str(u) for u in untuk).split())
    return None


# -- XMP ------------------------------------------------------------------------------------

_PROPERTI: tuple[tuple[str, str, str], ...] = (
    ("versi", "Text", "Versi catatan naskah"),
    ("jenis", "Text", "Jenis naskah dinas"),
    ("nomor", "Text", "Nomor naskah"),
    ("tanggal", "Text", "Tanggal naskah (ISO 8601)"),
    ("judul", "Text", "Judul naskah"),
    ("bentuk", "Text", "Bentuk penandatanganan (a.n., u.b., Plt., Plh.)"),
    ("penandatanganNama", "Text", "Nama penandatangan tanpa gelar"),
    ("penandatanganNamaLengkap", "Text", "Nama penandatangan dengan gelar"),
    ("penandatanganNIP", "Text", "NIP penandatangan"),
    ("penandatanganJabatan", "Text", "Jabatan penandatangan"),
    ("verifikator", "seq Text", "Verifikator pemberi paraf (JSON per orang), berurutan"),
    ("idVerifikasi", "Text", "Id verifikasi naskah (alamat kode QR)"),
    ("logoContoh", "Text", "Kop memakai lambang CONTOH LOGO (draf, tidak untuk ditandatangani)"),
)


def _teks(s: str) -> str:
    return escape(s, {'"': "&quot;"})


def _xmp_skema() -> str:
    props = "".join(
        "<rdf:li rdf:parseType='Resource'>"
        f"<pdfaProperty:name>{n}</pdfaProperty:name>"
        f"<pdfaProperty:valueType>{t}</pdfaProperty:valueType>"
        "<pdfaProperty:category>external</pdfaProperty:category>"
        f"<pdfaProperty:description>{_teks(d)}</pdfaProperty:description>"
        "</rdf:li>"
        for n, t, d in _PROPERTI
    )
    return (
        "<rdf:Description rdf:about=''"
        " xmlns:pdfaExtension='http://www.aiim.org/pdfa/ns/extension/'"
        " xmlns:pdfaSchema='http://www.aiim.org/pdfa/ns/schema#'"
        " xmlns:pdfaProperty='http://www.aiim.org/pdfa/ns/property#'>"
        "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType='Resource'>"
        "<pdfaSchema:schema>Catatan penandatangan naskah</pdfaSchema:schema>"
        f"<pdfaSchema:namespaceURI>{NS}</pdfaSchema:namespaceURI>"
        f"<pdfaSchema:prefix>{PREFIX}</pdfaSchema:prefix>"
        f"<pdfaSchema:property><rdf:Seq>{props}</rdf:Seq></pdfaSchema:property>"
        "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
    )


def _xmp_catatan(c: CatatanNaskah) -> str:
    nilai: dict[str, str | None] = {
        "versi": VERSI,
        "jenis": c.jenis,
        "nomor": c.nomor,
        "tanggal": c.tanggal.isoformat() if c.tanggal else None,
        "judul": c.judul,
        "bentuk": c.bentuk,
        "penandatanganNama": c.penandatangan.nama,
        "penandatanganNamaLengkap": c.penandatangan.nama_lengkap,
        "penandatanganNIP": c.penandatangan.nip,
        "penandatanganJabatan": c.penandatangan.jabatan,
        "idVerifikasi": c.id_verifikasi,
        "logoContoh": "ya" if c.logo_contoh else None,
    }
    isi = "".join(
        f"<{PREFIX}:{k}>{_teks(v)}</{PREFIX}:{k}>" for k, v in nilai.items() if v is not None
    )
    if c.verifikator:
        li = "".join(
            f"<rdf:li>{_teks(json.dumps(v.ke_dict(), ensure_ascii=False))}</rdf:li>"
            for v in c.verifikator
        )
        isi += f"<{PREFIX}:verifikator><rdf:Seq>{li}</rdf:Seq></{PREFIX}:verifikator>"
    return f"<rdf:Description rdf:about='' xmlns:{PREFIX}='{NS}'>{isi}</rdf:Description>"


@dataclass(frozen=True)
class _XmpLama:
    """What is kept from the converter's XMP: PDF/A identity, producer, tool and dates."""

    pdfa_part: str | None = None
    pdfa_conformance: str | None = None
    producer: str | None = None
    keywords: str | None = None
    creator_tool: str | None = None
    create_date: str | None = None
    modify_date: str | None = None
    metadata_date: str | None = None


def _nilai_xmp(doc: minidom.Document, ns: str, nama: str) -> str | None:
    for desc in doc.getElementsByTagNameNS(_RDF, "Description"):
        if desc.hasAttributeNS(ns, nama):
            return str(desc.getAttributeNS(ns, nama))
        for el in desc.getElementsByTagNameNS(ns, nama):
            teks = "".join(n.data for n in el.childNodes if n.nodeType == n.TEXT_NODE).strip()
            if teks:
                return teks
    return None


def _baca_xmp_lama(data: bytes | None) -> _XmpLama:
    if not data:
        return _XmpLama()
    try:
        doc = minidom.parseString(data)
    except (ExpatError, ValueError):
        return _XmpLama()
    xmp = "http://ns.adobe.com/xap/1.0/"
    pdf = "http://ns.adobe.com/pdf/1.3/"
    return _XmpLama(
        pdfa_part=_nilai_xmp(doc, _PDFAID, "part"),
        pdfa_conformance=_nilai_xmp(doc, _PDFAID, "conformance"),
        producer=_nilai_xmp(doc, pdf, "Producer"),
        keywords=_nilai_xmp(doc, pdf, "Keywords"),
        creator_tool=_nilai_xmp(doc, xmp, "CreatorTool"),
        create_date=_nilai_xmp(doc, xmp, "CreateDate"),
        modify_date=_nilai_xmp(doc, xmp, "ModifyDate"),
        metadata_date=_nilai_xmp(doc, xmp, "MetadataDate"),
    )


def buat_xmp(meta: MetadataPdf, xmp_lama: bytes | None = None) -> bytes:
    """Return a whole XMP packet: the converter's PDF/A identity and dates kept, Dublin Core
    title/description/creator from ``meta``, and the naskah record with its PDF/A extension
    schema."""
    lama = _baca_xmp_lama(xmp_lama)
    bagian: list[str] = []
    if lama.pdfa_part:
        conf = f"<pdfaid:conformance>{_teks(lama.pdfa_conformance or 'B')}</pdfaid:conformance>"
        bagian.append(
            f"<rdf:Description rdf:about='' xmlns:pdfaid='{_PDFAID}'>"
            f"<pdfaid:part>{_teks(lama.pdfa_part)}</pdfaid:part>{conf}</rdf:Description>"
        )
    dc = ""
    if meta.judul:
        dc += (
            "<dc:title><rdf:Alt><rdf:li xml:lang='x-default'>"
            f"{_teks(meta.judul)}</rdf:li></rdf:Alt></dc:title>"
        )
    if meta.subjek:
        dc += (
            "<dc:description><rdf:Alt><rdf:li xml:lang='x-default'>"
            f"{_teks(meta.subjek)}</rdf:li></rdf:Alt></dc:description>"
        )
    if meta.penulis:
        dc += f"<dc:creator><rdf:Seq><rdf:li>{_teks(meta.penulis)}</rdf:li></rdf:Seq></dc:creator>"
    dc += "<dc:format>application/pdf</dc:format>"
    bagian.append(
        f"<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/'>{dc}"
        "</rdf:Description>"
    )
    pdf = ""
    if lama.producer:
        pdf += f"<pdf:Producer>{_teks(lama.producer)}</pdf:Producer>"
    if lama.keywords:
        pdf += f"<pdf:Keywords>{_teks(lama.keywords)}</pdf:Keywords>"
    if pdf:
        bagian.append(
            f"<rdf:Description rdf:about='' xmlns:pdf='http://ns.adobe.com/pdf/1.3/'>{pdf}"
            "</rdf:Description>"
        )
    xmp = ""
    for tag, v in (
        ("CreatorTool", lama.creator_tool),
        ("CreateDate", lama.create_date),
        ("ModifyDate", lama.modify_date),
        ("MetadataDate", lama.metadata_date),
    ):
        if v:
            xmp += f"<xmp:{tag}>{_teks(v)}</xmp:{tag}>"
    if xmp:
        bagian.append(
            f"<rdf:Description rdf:about='' xmlns:xmp='http://ns.adobe.com/xap/1.0/'>{xmp}"
            "</rdf:Description>"
        )
    if meta.catatan is not None:
        bagian.append(_xmp_skema())
        bagian.append(_xmp_catatan(meta.catatan))
    isi = "".join(bagian)
    paket = (
        "<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>"
        "<x:xmpmeta xmlns:x='adobe:ns:meta/'>"
        f"<rdf:RDF xmlns:rdf='{_RDF}'>{isi}</rdf:RDF></x:xmpmeta>"
        + " " * 512
        + "<?xpacket end='w'?>"
    )
    return paket.encode("utf-8")


def catatan_dari_xmp(data: bytes | None) -> CatatanNaskah | None:
    """Return the naskah record in an XMP packet, or None when it carries none.

    A record that is present but unreadable (no penandatangan name) is treated as absent. One
    pass over the packet with ElementTree (this runs once per signed file).
    """
    if not data or NS.encode() not in data:
        return None
    try:
        akar = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        return None
    awalan = "{" + NS + "}"
    nilai: dict[str, str] = {}
    verifikator: list[Pihak] = []
    for el in akar.iter():
        for k, v in el.attrib.items():  # properties written as attributes
            if k.startswith(awalan):
                nilai.setdefault(k[len(awalan) :], v.strip())
        if not isinstance(el.tag, str) or not el.tag.startswith(awalan):
            continue
        nama_el = el.tag[len(awalan) :]
        if nama_el == "verifikator":
            for li in el.iter("{" + _RDF + "}li"):
                pihak = _pihak_json(li.text or "")
                if pihak is not None:
                    verifikator.append(pihak)
        elif el.text and el.text.strip():
            nilai.setdefault(nama_el, el.text.strip())
    nama = nilai.get("penandatanganNama")
    if not nama:
        return None
    tanggal_teks = nilai.get("tanggal")
    try:
        tanggal = date.fromisoformat(tanggal_teks) if tanggal_teks else None
    except ValueError:
        tanggal = None
    return CatatanNaskah(
        jenis=nilai.get("jenis") or "naskah",
        penandatangan=Pihak(
            nama=nama,
            nama_lengkap=nilai.get("penandatanganNamaLengkap") or nama,
            nip=nilai.get("penandatanganNIP"),
            jabatan=nilai.get("penandatanganJabatan"),
        ),
        nomor=nilai.get("nomor"),
        tanggal=tanggal,
        bentuk=nilai.get("bentuk"),
        verifikator=tuple(verifikator),
        judul=nilai.get("judul"),
        id_verifikasi=nilai.get("idVerifikasi")
        if _POLA_ID.fullmatch(nilai.get("idVerifikasi") or "")
        else None,
        logo_contoh=nilai.get("logoContoh") == "ya",
    )


def _pihak_json(teks: str) -> Pihak | None:
    try:
        d = json.loads(teks)
    except ValueError:
        return None
    if not isinstance(d, dict) or not isinstance(d.get("nama"), str) or not d["nama"]:
        return None
    return Pihak(
        nama=d["nama"],
        nama_lengkap=str(d.get("nama_lengkap") or d["nama"]),
        nip=str(d["nip"]) if d.get("nip") else None,
        jabatan=str(d["jabatan"]) if d.get("jabatan") else None,
    )


def catatan_dari_katalog(root: Any) -> CatatanNaskah | None:
    """Return the naskah record of a document catalog (pypdf or pyHanko object), or None."""
    try:
        root = root.get_object() if hasattr(root, "get_object") else root
        if "/Metadata" not in root:
            return None
        meta = root["/Metadata"].get_object()
        # pyHanko streams have .data, pypdf streams get_data()
        data = meta.data if hasattr(meta, "data") else meta.get_data()
    except (KeyError, AttributeError, TypeError, ValueError, OSError):
        return None
    return catatan_dari_xmp(bytes(data))


_POLA_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
"""What a verification id looks like (the archive's rule): anything else in a record is
ignored."""


def id_verifikasi_berkas(path: Path) -> str | None:
    """Return the verification id in the signer record of the PDF file ``path``, or None.

    The record of the latest revision is read (pypdf, imported here only); an unreadable file
    has none (whoever archives or signs it reports why it cannot be read).
    """
    import pypdf
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(path)
        catatan = catatan_dari_pdf(reader)
    except (OSError, PyPdfError, KeyError, TypeError, ValueError, AttributeError, IndexError,
            RecursionError):  # fmt: skip
        return None
    return catatan.id_verifikasi if catatan is not None else None


def logo_contoh_berkas(path: Path) -> bool:
    """Return whether the PDF file ``path``'s signer record says its kop prints CONTOH LOGO.

    An unreadable file says no (whoever signs it reports why it cannot be read).
    """
    import logging

    import pypdf
    from pypdf.errors import PyPdfError

    # quietly: a broken file is reported once, by the signing that refuses it
    pencatat = logging.getLogger("pypdf")
    tingkat = pencatat.level
    pencatat.setLevel(logging.CRITICAL)
    try:
        catatan = catatan_dari_pdf(pypdf.PdfReader(path))
    except (OSError, PyPdfError, KeyError, TypeError, ValueError, AttributeError, IndexError,
            RecursionError):  # fmt: skip
        return False
    finally:
        pencatat.setLevel(tingkat)
    return catatan is not None and catatan.logo_contoh


def catatan_dari_pdf(reader: Any) -> CatatanNaskah | None:
    """Return the naskah record of a PDF opened with pypdf or pyHanko (its latest revision)."""
    root = getattr(reader, "root", None)
    if root is None:
        try:
            root = reader.trailer["/Root"]
        except (KeyError, AttributeError, TypeError):
            return None
    return catatan_dari_katalog(root)


# -- matching a certificate holder with the record --------------------------------------------

_GELAR_DEPAN = re.compile(r"^(?:[A-Za-z]{1,6}\.\s*)+")
"""Leading academic/honorific titles: ``Dr.``, ``Prof. Dr.``, ``Drs.``, ``Ir.``, ``H.``."""


def normalisasi_nama(nama: str) -> str:
    """Return a name without academic titles, in lower case with single spaces.

    ``Dr. Tomy Haridjaya, S.Sos., M.M.`` → ``tomy haridjaya``: titles after the first comma and
    title words ending in a full stop before the name are dropped.
    """
    s = unicodedata.normalize("NFKC", nama)
    s = s.split(",", 1)[0]
    s = _GELAR_DEPAN.sub("", s.strip())
    return " ".join(s.lower().split())


def nomor_identitas(serial: str | None) -> str | None:
    """Return the NIP (18 digits) or NIK (16 digits) in a subject serialNumber, or None."""
    if not serial:
        return None
    digit = re.sub(r"\D", "", serial)
    return digit if len(digit) in (16, 18) else None


@dataclass(frozen=True)
class Pemegang:
    """The holder of a signing certificate, as far as naskah needs it."""

    nama: str
    """The subject's common name as it stands (``Dr. Tomy Haridjaya, S.Sos., M.M.``)."""
    nomor: str | None = None
    """NIP or NIK from the subject's serialNumber."""
    jabatan: str | None = None


@dataclass(frozen=True)
class Kecocokan:
    """Whether a certificate holder is the person the record names for a signature."""

    cocok: bool
    dasar: Literal["nip", "nama"]
    """What decided: the NIP/NIK, or the normalised name."""
    tercatat: Pihak
    """The person the record names (for a paraf: the verifikator that matched, or the one
    expected)."""


def cocokkan(pemegang: Pemegang, orang: Pihak | tuple[Pihak, ...]) -> Kecocokan:
    """Return whether ``pemegang`` is the recorded person (or one of several verifikator).

    The binding rule, the same for every signer (file, token, a remote service): when the
    record holds a NIP, the certificate must carry that same 18-digit NIP in its subject's
    serialNumber; a certificate without one, or with a 16-digit NIK, is not that person
    whatever its name says. Only when the record holds no NIP do the names decide (without
    titles, ignoring case and spacing), and the answer says so (``dasar == "nama"``).
    """
    calon = orang if isinstance(orang, tuple) else (orang,)
    hasil: Kecocokan | None = None
    for p in calon:
        if p.nip:
            k = Kecocokan(pemegang.nomor is not None and pemegang.nomor == p.nip, "nip", p)
        else:
            k = Kecocokan(normalisasi_nama(pemegang.nama) == normalisasi_nama(p.nama), "nama", p)
        if k.cocok:
            return k
        hasil = hasil or k
    return hasil or Kecocokan(False, "nama", Pihak(nama="-", nama_lengkap="-"))
