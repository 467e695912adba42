"""What was added to a signed PDF after its last signature, as a reader would see it.

This module owns :func:`perubahan_setelah`: it walks every incremental update made after a given
revision and lists each change that is not validation data (the DSS with its VRI, certificates,
OCSP responses and CRLs), a document timestamp (an invisible field whose value is a
/DocTimeStamp) or document metadata (Info, XMP). Everything else is reported, with its page:
a new or changed widget (the "shadow attack" overlay: an unsigned field whose appearance paints
over the page, which pyHanko's difference analysis accepts as form filling), an annotation, a
changed or replaced page content, a new page, a catalog action (/OpenAction, /AA, JavaScript),
an AcroForm entry other than the field list (/NeedAppearances makes viewers draw field values
whose appearance was empty) or any other object overwritten. Values are compared by content,
never by ``repr()`` of library objects.

It also owns :func:`isi_asing`, what a naskah PDF must not carry before it is signed.

It does not judge changes a later signature covers: the signer saw those and signed over them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pyhanko.pdf_utils import generic, misc
from pyhanko.pdf_utils.reader import PdfFileReader

JenisPerubahan = Literal[
    "widget", "anotasi", "isi_halaman", "halaman_baru", "aksi", "katalog", "formulir", "objek"
]

_KATALOG_BOLEH = {"/DSS", "/Metadata", "/Extensions"}
"""Catalog entries validation data and timestamps may add or change (pyHanko also declares
the ESIC extension and updates the XMP metadata when it writes)."""
_AKSI_KATALOG = {"/OpenAction", "/AA", "/Names"}
_FORMULIR_BOLEH = {"/Fields", "/SigFlags"}
"""AcroForm entries a signature or document timestamp may change: its field is added to
/Fields and /SigFlags set. Anything else (/NeedAppearances, /XFA, /DR, /DA …) can change what
a viewer draws, so it is a visible change."""


@dataclass(frozen=True)
class Perubahan:
    """One change made after the last signature."""

    jenis: JenisPerubahan
    uraian: str
    """What changed, one Indonesian phrase (``widget baru dengan tampilan di halaman 1``)."""
    halaman: int | None = None
    """The page (1-based) it is on, when it is on one."""
    revisi: int = 0
    """The incremental update (revision index) that made it."""


def _kanonik(o: Any, kedalaman: int = 0) -> Any:
    """Return a comparable form of a PDF value: references by number, containers by content."""
    if kedalaman > 20:
        return "..."
    if isinstance(o, generic.IndirectObject):
        return ("ref", o.idnum, o.generation)
    if isinstance(o, generic.StreamObject):
        return ("stream", _kanonik_dict(o, kedalaman), bytes(o.encoded_data or b""))
    if isinstance(o, generic.DictionaryObject):
        return _kanonik_dict(o, kedalaman)
    if isinstance(o, generic.ArrayObject | list):
        return tuple(_kanonik(v, kedalaman + 1) for v in o)
    return _kanonik_skalar(o)


def _kanonik_skalar(o: Any) -> tuple[str, Any]:
    """Return a comparable form of a PDF scalar, by value only (never ``repr()``: the repr of
    pyHanko's NullObject holds a memory address, so two reads of one null would differ)."""
    if o is None or isinstance(o, generic.NullObject):
        return ("null", None)
    if isinstance(o, generic.BooleanObject | bool):
        return ("bool", bool(o))
    if isinstance(o, generic.NameObject):
        return ("name", str(o))
    if isinstance(o, generic.TextStringObject | str):
        return ("str", str(o))
    if isinstance(o, generic.ByteStringObject | bytes):
        return ("bytes", bytes(o))
    if isinstance(o, generic.NumberObject | generic.FloatObject | int | float):
        return ("num", Decimal(str(o)) if not isinstance(o, int) else Decimal(int(o)))
    # an object type this module does not know: its class name only, so it never differs
    # between two reads of the same bytes (a change inside it is not seen: report the type)
    return ("?", type(o).__name__)


def _kanonik_dict(d: Any, kedalaman: int) -> tuple[Any, ...]:
    return tuple(sorted((str(k), _kanonik(d.raw_get(k), kedalaman + 1)) for k in d))


def _deref(o: Any) -> Any:
    return o.get_object() if isinstance(o, generic.IndirectObject) else o


def _halaman(resolver: Any) -> list[generic.Reference]:
    """Return the page object references of one revision, in page order."""
    hasil: list[generic.Reference] = []
    root = resolver.root
    pages = root.raw_get("/Pages")
    antre: list[Any] = [pages]
    terlihat: set[int] = set()
    while antre and len(hasil) < 100_000:
        ref = antre.pop(0)
        if not isinstance(ref, generic.IndirectObject) or ref.idnum in terlihat:
            continue
        terlihat.add(ref.idnum)
        node = ref.get_object()
        if "/Kids" in node:
            antre[:0] = list(node.raw_get("/Kids"))
        else:
            hasil.append(generic.Reference(ref.idnum, ref.generation))
    return hasil


def _ref_isi(resolver: Any, page_ref: generic.Reference) -> set[int]:
    """Return the object numbers of a page's content streams."""
    page = resolver.get_object(page_ref)
    isi = page.raw_get("/Contents") if "/Contents" in page else None
    hasil: set[int] = set()
    if isinstance(isi, generic.IndirectObject):
        obj = isi.get_object()
        if isinstance(obj, generic.ArrayObject):
            hasil.update(v.idnum for v in obj if isinstance(v, generic.IndirectObject))
        hasil.add(isi.idnum)
    elif isinstance(isi, generic.ArrayObject):
        hasil.update(v.idnum for v in isi if isinstance(v, generic.IndirectObject))
    return hasil


def _ref_anotasi(resolver: Any, page_ref: generic.Reference) -> set[int]:
    page = resolver.get_object(page_ref)
    annots = _deref(page.raw_get("/Annots")) if "/Annots" in page else None
    if not isinstance(annots, generic.ArrayObject):
        return set()
    return {a.idnum for a in annots if isinstance(a, generic.IndirectObject)}


def _ref_boleh(resolver: Any) -> set[int]:
    """Return the object numbers of validation data, metadata and the form's field list."""
    hasil: set[int] = set()
    root = resolver.root
    for kunci in ("/DSS", "/Metadata", "/Extensions"):
        if kunci in root and isinstance(root.raw_get(kunci), generic.IndirectObject):
            hasil.add(root.raw_get(kunci).idnum)
    if "/AcroForm" in root:
        form = _deref(root.raw_get("/AcroForm"))
        if isinstance(form, generic.DictionaryObject) and "/Fields" in form:
            fields = form.raw_get("/Fields")
            if isinstance(fields, generic.IndirectObject):
                hasil.add(fields.idnum)  # its new entries are checked as widgets
    info = resolver.trailer_view.raw_get("/Info") if "/Info" in resolver.trailer_view else None
    if isinstance(info, generic.IndirectObject):
        hasil.add(info.idnum)
    if "/DSS" in root:
        dss = _deref(root.raw_get("/DSS"))
        antre: list[Any] = [dss.raw_get(k) for k in dss]
        while antre and len(hasil) < 1_000_000:
            v = antre.pop()
            if isinstance(v, generic.IndirectObject):
                if v.idnum in hasil:
                    continue
                hasil.add(v.idnum)
                v = v.get_object()
            if isinstance(v, generic.StreamObject):
                continue
            if isinstance(v, generic.DictionaryObject):
                antre.extend(v.raw_get(k) for k in v)
            elif isinstance(v, generic.ArrayObject):
                antre.extend(v)
    return hasil


def _bidang(d: Any) -> tuple[str | None, Any]:
    """Return (field type, field value) of a widget, following /Parent for inherited entries."""
    node = d
    ft = v = None
    for _ in range(16):
        if ft is None and "/FT" in node:
            ft = str(node["/FT"])
        if v is None and "/V" in node:
            v = node["/V"]
        if "/Parent" not in node:
            break
        node = node["/Parent"]
    return ft, v


def _tanpa_luas(d: Any) -> bool:
    try:
        x1, y1, x2, y2 = (float(v) for v in d["/Rect"])
    except (KeyError, TypeError, ValueError):
        return True
    return abs(x2 - x1) < 1 or abs(y2 - y1) < 1


def _nama_bidang(d: Any) -> str:
    node = d
    for _ in range(16):
        if "/T" in node:
            return str(node["/T"])
        if "/Parent" not in node:
            break
        node = node["/Parent"]
    return "tanpa nama"


def perubahan_setelah(reader: PdfFileReader, sejak: int) -> list[Perubahan]:
    """Return every change after revision ``sejak`` that is not validation data, a document
    timestamp or metadata (see the module docstring), in file order."""
    hasil: list[Perubahan] = []
    total = reader.xrefs.total_revisions
    for rev in range(sejak + 1, total):
        try:
            hasil.extend(_perubahan_revisi(reader, rev))
        except (misc.PdfError, KeyError, TypeError, ValueError, AttributeError) as exc:
            hasil.append(
                Perubahan(
                    "objek", f"pembaruan yang tidak terbaca ({type(exc).__name__})", None, rev
                )
            )
    return hasil


def _perubahan_revisi(reader: PdfFileReader, rev: int) -> list[Perubahan]:
    hasil: list[Perubahan] = []
    lama = reader.get_historical_resolver(rev - 1)
    baru = reader.get_historical_resolver(rev)
    hal_lama = _halaman(lama)
    hal_baru = _halaman(baru)
    nomor_halaman = {r.idnum: i + 1 for i, r in enumerate(hal_baru)}
    idnum_lama = {r.idnum for r in hal_lama}
    for r in hal_baru:
        if r.idnum not in idnum_lama:
            hasil.append(
                Perubahan(
                    "halaman_baru", f"halaman baru {nomor_halaman[r.idnum]}",
                    nomor_halaman[r.idnum], rev,
                )
            )  # fmt: skip
    anotasi_halaman: dict[int, int] = {}
    isi_halaman: dict[int, int] = {}
    for r in hal_baru:
        for a in _ref_anotasi(baru, r):
            anotasi_halaman[a] = nomor_halaman[r.idnum]
        for c in _ref_isi(baru, r):
            isi_halaman[c] = nomor_halaman[r.idnum]
    boleh = _ref_boleh(baru)
    for ref in sorted(reader.xrefs.explicit_refs_in_revision(rev), key=lambda r: r.idnum):
        try:
            introduced = reader.xrefs.get_introducing_revision(ref)
        except KeyError:
            introduced = rev
        sudah_ada = introduced < rev
        if ref.idnum in boleh:
            continue  # validation data, metadata, the form dictionary
        try:
            obj = baru.get_object(generic.Reference(ref.idnum, ref.generation))
        except misc.PdfReadError:
            hasil.append(Perubahan("objek", f"objek {ref.idnum} tidak terbaca", None, rev))
            continue
        if not isinstance(obj, generic.DictionaryObject):
            if sudah_ada:
                hasil.append(Perubahan("objek", f"objek {ref.idnum} diubah", None, rev))
            continue
        jenis = str(obj.get("/Type", "")) if "/Type" in obj else ""
        sub = str(obj.raw_get("/Subtype")) if "/Subtype" in obj else ""
        if jenis == "/Catalog":
            hasil.extend(_katalog(lama.root, obj, rev))
            continue
        if sudah_ada and ref.idnum == _ref_formulir(lama):
            hasil.extend(_formulir(lama.get_object(generic.Reference(ref.idnum, ref.generation)),
                                   obj, rev))  # fmt: skip
            continue
        if jenis in ("/DocTimeStamp", "/Sig", "/Pages", "/ObjStm", "/XRef", "/Metadata"):
            continue
        hal = nomor_halaman.get(ref.idnum)
        if jenis == "/Page" or hal is not None:
            if sudah_ada and hal is not None:
                hasil.extend(_halaman_berubah(lama, ref, obj, hal, rev))
            continue
        if jenis == "/Annot" or ref.idnum in anotasi_halaman or "/Rect" in obj and sub:
            p = anotasi_halaman.get(ref.idnum)
            di = f" di halaman {p}" if p else ""
            if sub == "/Widget" or "/FT" in obj:
                ft, nilai = _bidang(obj)
                nilai = _deref(nilai)
                if (
                    ft == "/Sig"
                    and isinstance(nilai, generic.DictionaryObject)
                    and str(nilai.get("/Type", "")) == "/DocTimeStamp"
                    and _tanpa_luas(obj)
                ):
                    continue  # an invisible document timestamp field (B-LTA)
                tampak = "/AP" in obj and not _tanpa_luas(obj)
                kata = "diubah" if sudah_ada else "baru"
                uraian = (
                    f"kolom formulir {_nama_bidang(obj)!r} {kata} "
                    f"{'dengan tampilan' if tampak else 'tanpa tampilan'}{di}"
                )
                hasil.append(Perubahan("widget", uraian, p, rev))
            else:
                kata = "diubah" if sudah_ada else "ditambahkan"
                hasil.append(
                    Perubahan("anotasi", f"anotasi {sub.lstrip('/') or '?'} {kata}{di}", p, rev)
                )
            continue
        if sudah_ada:
            p = isi_halaman.get(ref.idnum)
            if p is not None:
                hasil.append(Perubahan("isi_halaman", f"isi halaman {p} diganti", p, rev))
            else:
                hasil.append(Perubahan("objek", f"objek {ref.idnum} diubah", None, rev))
    return hasil


def _ref_formulir(resolver: Any) -> int | None:
    """Return the object number of the AcroForm dictionary when it is an indirect object."""
    root = resolver.root
    form = root.raw_get("/AcroForm") if "/AcroForm" in root else None
    return form.idnum if isinstance(form, generic.IndirectObject) else None


def _formulir(lama: Any, baru: Any, rev: int) -> list[Perubahan]:
    """Report each AcroForm entry changed beyond adding a field (see _FORMULIR_BOLEH)."""
    lama = _deref(lama) if lama is not None else generic.DictionaryObject()
    baru = _deref(baru) if baru is not None else generic.DictionaryObject()
    if not isinstance(lama, generic.DictionaryObject):
        lama = generic.DictionaryObject()
    if not isinstance(baru, generic.DictionaryObject):
        return [Perubahan("formulir", "formulir (AcroForm) dokumen diganti", None, rev)]
    hasil: list[Perubahan] = []
    for k in sorted(set(baru) | set(lama)):
        if k in _FORMULIR_BOLEH:
            continue
        a = _kanonik(lama.raw_get(k)) if k in lama else None
        b = _kanonik(baru.raw_get(k)) if k in baru else None
        if a != b:
            kata = "ditambahkan" if a is None else ("dihapus" if b is None else "diubah")
            hasil.append(Perubahan("formulir", f"{k} pada formulir dokumen {kata}", None, rev))
    return hasil


def _katalog(lama: Any, baru: Any, rev: int) -> list[Perubahan]:
    hasil: list[Perubahan] = []
    for k in sorted(set(baru) | set(lama)):
        if k == "/AcroForm":
            a_ref, b_ref = (
                lama.raw_get(k) if k in lama else None,
                baru.raw_get(k) if k in baru else None,
            )
            if (
                isinstance(a_ref, generic.IndirectObject)
                and isinstance(b_ref, generic.IndirectObject)
                and (a_ref.idnum == b_ref.idnum)
            ):
                continue  # the same object: compared where it is rewritten
            hasil.extend(_formulir(a_ref, b_ref, rev))
            continue
        if k in _KATALOG_BOLEH:
            continue
        a = _kanonik(lama.raw_get(k)) if k in lama else None
        b = _kanonik(baru.raw_get(k)) if k in baru else None
        if a == b:
            continue
        jenis: JenisPerubahan = "aksi" if k in _AKSI_KATALOG else "katalog"
        kata = "ditambahkan" if a is None else ("dihapus" if b is None else "diubah")
        hasil.append(Perubahan(jenis, f"{k} pada katalog dokumen {kata}", None, rev))
    return hasil


def _halaman_berubah(lama: Any, ref: Any, baru: Any, hal: int, rev: int) -> list[Perubahan]:
    hasil: list[Perubahan] = []
    try:
        dulu = lama.get_object(generic.Reference(ref.idnum, ref.generation))
    except (misc.PdfError, KeyError):
        return [Perubahan("isi_halaman", f"halaman {hal} diganti", hal, rev)]
    for k in sorted(set(baru) | set(dulu)):
        if k == "/Annots":
            continue  # new annotations are reported one by one
        a = _kanonik(dulu.raw_get(k)) if k in dulu else None
        b = _kanonik(baru.raw_get(k)) if k in baru else None
        if a != b:
            hasil.append(Perubahan("isi_halaman", f"halaman {hal}: {k} diubah", hal, rev))
    return hasil


_RE_BIDANG_NASKAH = re.compile(r"^(?:TTE|Paraf-\d+)$")
"""Names of the signature fields naskah creates (the pejabat's and each paraf)."""


def isi_asing(reader: Any) -> list[str]:
    """Return what a naskah PDF carries that naskah did not create and that could change what
    a viewer draws after signing, one Indonesian phrase each (empty when clean).

    Form fields other than naskah's signature fields (``TTE``, ``Paraf-N``) and document
    timestamps, an AcroForm asking viewers to redraw fields (/NeedAppearances) or carrying
    XFA, optional content (layers a viewer may switch on), and annotations other than those
    fields' widgets and plain links without an appearance of their own.
    """
    hasil: list[str] = []
    root = reader.root
    if "/OCProperties" in root:
        hasil.append("konten opsional (lapisan /OCProperties)")
    form = _deref(root.raw_get("/AcroForm")) if "/AcroForm" in root else None
    widget_boleh: set[int] = set()
    dilaporkan: set[int] = set()
    if isinstance(form, generic.DictionaryObject):
        na = _deref(form.raw_get("/NeedAppearances")) if "/NeedAppearances" in form else None
        if isinstance(na, generic.BooleanObject) and bool(na):
            hasil.append(
                "formulir yang meminta penampil menggambar ulang kolomnya (/NeedAppearances)"
            )
        if "/XFA" in form:
            hasil.append("formulir XFA")
        fields = _deref(form.raw_get("/Fields")) if "/Fields" in form else None
        antre = list(fields) if isinstance(fields, generic.ArrayObject) else []
        terlihat: set[int] = set()
        while antre and len(terlihat) < 10_000:
            ref = antre.pop()
            if isinstance(ref, generic.IndirectObject):
                if ref.idnum in terlihat:
                    continue
                terlihat.add(ref.idnum)
            f = _deref(ref)
            if not isinstance(f, generic.DictionaryObject):
                continue
            if "/Kids" in f:
                kids = _deref(f.raw_get("/Kids"))
                if isinstance(kids, generic.ArrayObject):
                    antre.extend(kids)
                if "/T" in f and "/FT" not in f:
                    continue  # a parent node
            ft, nilai = _bidang(f)
            nama = _nama_bidang(f)
            nilai = _deref(nilai)
            ts = isinstance(nilai, generic.DictionaryObject) and (
                str(nilai.get("/Type", "")) == "/DocTimeStamp"
            )
            if ft == "/Sig" and (_RE_BIDANG_NASKAH.match(nama) or ts):
                if isinstance(ref, generic.IndirectObject):
                    widget_boleh.add(ref.idnum)
                continue
            if "/Kids" not in f:
                hasil.append(f"kolom formulir {nama!r}")
                if isinstance(ref, generic.IndirectObject):
                    dilaporkan.add(ref.idnum)
    for i, page_ref in enumerate(_halaman(reader)):
        page = reader.get_object(page_ref)
        annots = _deref(page.raw_get("/Annots")) if "/Annots" in page else None
        if not isinstance(annots, generic.ArrayObject):
            continue
        for a in annots:
            if isinstance(a, generic.IndirectObject) and a.idnum in widget_boleh:
                continue
            d = _deref(a)
            if not isinstance(d, generic.DictionaryObject):
                continue
            sub = str(d.raw_get("/Subtype")) if "/Subtype" in d else "?"
            if sub == "/Link" and "/AP" not in d:
                continue
            if sub == "/Widget" and isinstance(a, generic.IndirectObject) and a.idnum in dilaporkan:
                continue  # a field's widget: reported with its field above
            hasil.append(f"anotasi {sub.lstrip('/')} di halaman {i + 1}")
    return hasil
