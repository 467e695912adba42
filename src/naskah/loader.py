"""Read document files (YAML or JSON) into models, reporting every problem at once.

Staff write documents by hand, so this module is strict and explains itself: unknown keys are
errors (a typo never silently drops a clause), duplicate keys are errors, and every problem is
reported with file, line and field path in Indonesian. Hostile or broken input (binary files,
huge files, alias bombs, malformed YAML) gets one clear :class:`InputError`, never a traceback.
It also writes models back to YAML (:func:`ke_yaml`) without loss.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any, get_args

import yaml
from pydantic import BaseModel, RootModel, ValidationError

from naskah.berkas import alasan_os
from naskah.config import Konfigurasi
from naskah.errors import InputError, Masalah
from naskah.models import JENIS_DOKUMEN, Dokumen, Instansi
from naskah.teks_aman import ada_masalah, alasan_teks

UKURAN_MAKS = 2 * 1024 * 1024
"""Largest document file accepted (bytes); a decree with its lampiran is well under 200 KB."""
SIMPUL_MAKS = 200_000
"""Largest number of values after expanding YAML aliases (stops alias bombs)."""
KEDALAMAN_MAKS = 100
"""Deepest nesting of lists and mappings accepted; a real decree nests fewer than 15 levels."""

_BOM_UTF16 = (b"\xff\xfe", b"\xfe\xff")
_SIMPAN_UTF8 = (
    "simpan sebagai UTF-8 dari penyunting teks (Notepad: Simpan Sebagai, Pengodean UTF-8)"
)
_MAGIC_GAMBAR = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")

# Tags pydantic puts in error locations for union members; they are not field names.
_TAG_UNION = {"paragraf", "daftar", "tabel", "function-before", "function-after"}


def muat_dokumen(path: Path | str, konfigurasi: Konfigurasi | None = None) -> Dokumen:
    """Read a document file and return its model.

    ``penandatangan: kepala`` refers to ``[pejabat.kepala]`` of naskah.toml when ``konfigurasi``
    is given. Raises :class:`InputError` listing every problem with its line.
    """
    path = Path(path)
    data, node = baca_data(path)
    nama = str(path)
    if not isinstance(data, dict):
        raise InputError(
            f"Berkas {nama} harus berisi pemetaan (kunci: nilai) dengan kunci 'jenis' di tingkat "
            "teratas."
        )
    jenis = data.get("jenis")
    if jenis not in JENIS_DOKUMEN:
        sah = ", ".join(JENIS_DOKUMEN)
        raise InputError(
            f"Berkas {nama}: kunci 'jenis' harus salah satu dari {sah}"
            + (f", bukan {jenis!r}." if jenis is not None else ", tetapi belum diisi.")
        )
    kotor = _periksa_karakter(data, nama, node)
    if kotor:
        raise InputError(
            f"Berkas {nama} memuat {len(kotor)} nilai dengan pindah baris, karakter kendali atau "
            "karakter tak tampak; tulis setiap nilai dalam satu baris tanpa karakter itu.",
            kotor,
        )
    if konfigurasi is not None:
        data = _rujuk_pejabat(data, konfigurasi, nama, node)
    model = JENIS_DOKUMEN[jenis]
    try:
        dokumen = model.model_validate(data)
    except ValidationError as exc:
        masalah = [_masalah(nama, node, e, model) for e in exc.errors()]
        raise InputError(
            f"Berkas {nama} memuat {len(masalah)} masalah; perbaiki lalu ulangi.", masalah
        ) from None
    _periksa_logo_dokumen(dokumen, konfigurasi, nama)
    return dokumen


def periksa_logo(path: Path) -> str | None:
    """Return why ``path`` cannot be the kop's logo (missing, unreadable, not PNG/JPEG), or None.

    The answer is the end of an Indonesian sentence: ``berkas logo … ; …``.
    """
    try:
        with open(path, "rb") as f:
            awal = f.read(8)
    except FileNotFoundError:
        return f"berkas logo {path} tidak ditemukan; periksa jalurnya"
    except IsADirectoryError:
        return f"logo {path} adalah folder; sebutkan berkas gambar PNG atau JPEG"
    except OSError as exc:
        return f"berkas logo {path} tidak dapat dibaca ({alasan_os(exc)})"
    if not awal.startswith(_MAGIC_GAMBAR):
        return f"berkas logo {path} bukan gambar PNG atau JPEG; simpan logonya sebagai .png"
    return None


def baca_data(path: Path) -> tuple[Any, yaml.Node | None]:
    """Read a YAML/JSON file into plain data and its YAML node tree (for line numbers)."""
    nama = str(path)
    try:
        ukuran = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"Berkas {nama} tidak ditemukan; periksa nama dan foldernya.") from None
    except OSError as exc:
        raise InputError(f"Berkas {nama} tidak dapat dibuka: {alasan_os(exc)}.") from None
    if path.is_dir():
        raise InputError(f"{nama} adalah folder, bukan berkas naskah.")
    if ukuran > UKURAN_MAKS:
        raise InputError(
            f"Berkas {nama} terlalu besar ({ukuran // 1024} KB; batasnya "
            f"{UKURAN_MAKS // 1024 // 1024} MB); satu berkas YAML berisi satu naskah."
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Berkas {nama} tidak dapat dibaca: {alasan_os(exc)}.") from None
    teks = _dekode(raw, nama)
    if path.suffix.lower() == ".json":
        return _baca_json(teks, nama), None
    try:
        node = _Penyusun(teks).susun()
    except yaml.YAMLError as exc:
        raise InputError(f"Berkas {nama} bukan YAML yang sah: {_pesan_yaml(exc)}") from None
    except _TerlaluDalam as exc:
        raise InputError(
            f"Berkas {nama} bersarang lebih dari {KEDALAMAN_MAKS} tingkat (baris {exc.baris}); "
            "tulis daftar dan pemetaannya lebih datar."
        ) from None
    if node is None:
        raise InputError(f"Berkas {nama} kosong.")
    _periksa_simpul(node, nama)
    try:
        data = _Konstruktor(node).hasil
    except yaml.YAMLError as exc:
        raise InputError(f"Berkas {nama} bukan YAML yang sah: {_pesan_yaml(exc)}") from None
    return data, node


def ke_yaml(dokumen: Dokumen) -> str:
    """Return the document as YAML that :func:`muat_dokumen` reads back to an equal model."""
    data = dokumen.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data = {"jenis": dokumen.jenis, **data}
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


# --- internals ------------------------------------------------------------------------------


def _dekode(raw: bytes, nama: str) -> str:
    """Decode UTF-8 (with or without BOM) or UTF-16 with BOM (Notepad's "Unicode")."""
    if raw.startswith(_BOM_UTF16):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(
                f"Berkas {nama} bukan teks UTF-16 yang utuh; {_SIMPAN_UTF8}."
            ) from None
    if b"\x00" in raw:
        if _mirip_utf16(raw):
            raise InputError(
                f"Berkas {nama} tersimpan sebagai UTF-16 tanpa penanda; {_SIMPAN_UTF8}."
            )
        raise InputError(
            f"Berkas {nama} adalah berkas biner, bukan teks YAML atau JSON; pilih berkas .yaml."
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"Berkas {nama} bukan teks UTF-8; {_SIMPAN_UTF8}.") from None


def _mirip_utf16(raw: bytes) -> bool:
    """Tell whether BOM-less ``raw`` looks like UTF-16 text (every other byte NUL)."""
    if len(raw) < 4 or len(raw) % 2:
        return False
    return raw[1::2].count(0) == len(raw) // 2 or raw[0::2].count(0) == len(raw) // 2


def _baca_json(teks: str, nama: str) -> Any:
    try:
        data = json.loads(teks)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"Berkas {nama} bukan JSON yang sah (baris {exc.lineno}, kolom {exc.colno}): {exc.msg}."
        ) from None
    except RecursionError:
        data = _TerlaluDalam(0)
    if isinstance(data, _TerlaluDalam) or _kedalaman(data) > KEDALAMAN_MAKS:
        raise InputError(
            f"Berkas {nama} bersarang lebih dari {KEDALAMAN_MAKS} tingkat; tulis daftar dan "
            "pemetaannya lebih datar."
        )
    return data


def _kedalaman(data: Any) -> int:
    """Return the nesting depth of plain JSON data (iteratively: no recursion limit)."""
    terdalam = 0
    tumpukan = [(data, 1)]
    while tumpukan:
        nilai, d = tumpukan.pop()
        if isinstance(nilai, dict):
            nilai = list(nilai.values())
        if isinstance(nilai, list):
            terdalam = max(terdalam, d)
            if d > KEDALAMAN_MAKS:
                return d
            tumpukan.extend((v, d + 1) for v in nilai)
    return terdalam


class _TerlaluDalam(Exception):  # internal signal, turned into InputError here
    def __init__(self, baris: int) -> None:
        super().__init__(baris)
        self.baris = baris


class _Penyusun(yaml.SafeLoader):
    """Compose a YAML stream into one node tree, refusing nesting deeper than KEDALAMAN_MAKS.

    PyYAML's composer recurses once per level; without the bound a file nested ~500 levels deep
    ends in RecursionError.
    """

    def __init__(self, teks: str) -> None:
        super().__init__(teks)
        self._kedalaman = 0

    def susun(self) -> yaml.Node | None:
        """Return the single document's node tree (None for an empty stream)."""
        try:
            return self.get_single_node()
        finally:
            self.dispose()

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._kedalaman += 1
        try:
            if self._kedalaman > KEDALAMAN_MAKS:
                raise _TerlaluDalam(self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._kedalaman -= 1


def _periksa_logo_dokumen(dokumen: Dokumen, konfigurasi: Konfigurasi | None, nama: str) -> None:
    """Refuse a kop logo (the document's or naskah.toml's) that is not a PNG/JPEG image."""
    if isinstance(dokumen.instansi, Instansi):
        instansi, asal = dokumen.instansi, nama
    elif konfigurasi is not None and konfigurasi.instansi is not None:
        instansi, asal = konfigurasi.instansi, "naskah.toml"
    else:
        return
    if instansi.logo is None or instansi.logo_contoh:  # none, or the placeholder on purpose
        return
    logo = Path(instansi.logo)
    if konfigurasi is not None:
        logo = konfigurasi.path(logo)
    alasan = periksa_logo(logo)
    if alasan:
        raise InputError(f"Berkas {nama}: instansi.logo di {asal}: {alasan}.")


class _Konstruktor(yaml.SafeLoader):
    """Build data from an already composed node tree, refusing duplicate keys."""

    def __init__(self, node: yaml.Node) -> None:
        super().__init__("")
        self.hasil = self.construct_document(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (str, int)) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"kunci {key!r} ditulis dua kali", key_node.start_mark
                )
            if isinstance(key, (str, int)):
                seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def _periksa_simpul(node: yaml.Node, nama: str) -> None:
    """Refuse node trees that expand beyond SIMPUL_MAKS values (billion-laughs aliases)."""
    ukuran: dict[int, int] = {}

    def hitung(n: yaml.Node) -> int:
        if id(n) in ukuran:
            return ukuran[id(n)]
        ukuran[id(n)] = 1  # guards recursive aliases
        total = 1
        if isinstance(n, yaml.SequenceNode):
            total += sum(hitung(c) for c in n.value)
        elif isinstance(n, yaml.MappingNode):
            total += sum(hitung(k) + hitung(v) for k, v in n.value)
        if total > SIMPUL_MAKS:
            raise InputError(
                f"Berkas {nama} mengembang menjadi lebih dari {SIMPUL_MAKS} nilai karena alias "
                "YAML (&/*); tulis isinya secara langsung tanpa alias berantai."
            )
        ukuran[id(n)] = total
        return total

    hitung(node)


def _periksa_karakter(data: Any, nama: str, node: yaml.Node | None) -> list[Masalah]:
    """Return a problem for every text value holding CR/LF, a control or an invisible character.

    Every value of a document is printed on one line of a form, a table cell, a QR page or an
    e-mail header; a folded YAML block (``>-``) still gives one line. The rules are
    :func:`naskah.teks_aman.alasan_teks`.
    """
    masalah: list[Masalah] = []
    tumpukan: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while tumpukan:
        nilai, loc = tumpukan.pop()
        if isinstance(nilai, dict):
            tumpukan.extend((v, (*loc, k)) for k, v in reversed(list(nilai.items())))
        elif isinstance(nilai, list):
            tumpukan.extend((v, (*loc, i)) for i, v in reversed(list(enumerate(nilai))))
        elif isinstance(nilai, str) and ada_masalah(nilai.strip()):
            _, teks = _jalur(loc)
            alasan = alasan_teks(nilai.strip()) or ""
            masalah.append(Masalah(nama, teks, alasan, baris=_baris(node, loc)))
    return masalah


def _pesan_yaml(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is not None:
        return f"baris {mark.line + 1}, kolom {mark.column + 1}: {problem}."
    return f"{problem}."


def _rujuk_pejabat(data: dict, konfigurasi: Konfigurasi, nama: str, node: Any) -> dict:
    """Replace ``penandatangan: kepala`` (and ``salinan.pengesah: …``, each entry of
    ``verifikator: [kasubbag, …]``) by the named official."""

    def ganti(ref: Any, kunci: str) -> Any:
        if not isinstance(ref, str):
            return ref
        if ref not in konfigurasi.pejabat:
            sah = ", ".join(sorted(konfigurasi.pejabat)) or "(belum ada [pejabat.*] di naskah.toml)"
            raise InputError(
                f"Berkas {nama}: {kunci} {ref!r} tidak ada di naskah.toml; pilihan: {sah}."
            )
        return konfigurasi.pejabat[ref].model_dump()

    data = {**data, "penandatangan": ganti(data.get("penandatangan"), "penandatangan")}
    if data["penandatangan"] is None:
        del data["penandatangan"]
    salinan = data.get("salinan")
    if isinstance(salinan, dict) and "pengesah" in salinan:
        data["salinan"] = {**salinan, "pengesah": ganti(salinan["pengesah"], "salinan.pengesah")}
    if isinstance(data.get("verifikator"), list):
        data["verifikator"] = [
            ganti(v, f"verifikator[{i}]") for i, v in enumerate(data["verifikator"], 1)
        ]
    return data


def _baris(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Return the 1-based line of the deepest node of ``loc`` that exists in the YAML tree."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for k, v in node.value:
                if k.value == part:
                    node = v
                    line = k.start_mark.line + 1
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        # union tags and model names leave the node unchanged
    return line


def _jalur(loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], str]:
    """Return the data path without union tags, and its printed form ``a.b[1].c``."""
    bersih = tuple(
        p for p in loc if not (isinstance(p, str) and (p in _TAG_UNION or p.startswith("function")))
    )
    teks = ""
    for p in bersih:
        teks += f"[{p + 1}]" if isinstance(p, int) else (f".{p}" if teks else str(p))
    return bersih, teks


_PESAN = {
    "missing": "wajib diisi",
    "extra_forbidden": "kunci tidak dikenal (salah ketik?); hapus atau perbaiki namanya",
    "string_type": "harus berupa teks",
    "int_type": "harus berupa bilangan bulat",
    "int_parsing": "harus berupa bilangan bulat",
    "bool_type": "harus ya/tidak (true/false)",
    "bool_parsing": "harus ya/tidak (true/false)",
    "list_type": "harus berupa daftar (baris-baris yang diawali '- ')",
    "dict_type": "harus berupa pemetaan (kunci: nilai)",
    "model_type": "harus berupa pemetaan (kunci: nilai)",
    "model_attributes_type": "harus berupa pemetaan (kunci: nilai)",
    "string_pattern_mismatch": "formatnya tidak sah",
    "union_tag_invalid": "bentuknya tidak dikenal",
}


def kunci_sah(model: type[BaseModel], jalur: tuple[Any, ...]) -> list[str] | None:
    """Return the keys a mapping at ``jalur`` (a data path) may hold, or None if unknown."""
    tipe: Any = model
    for bagian in jalur:
        tipe = _model_dalam(tipe)
        if tipe is None:
            return None
        if isinstance(bagian, int):
            continue  # the list's items: _model_dalam already looked inside list[...]
        bidang = tipe.model_fields.get(bagian)
        if bidang is None:
            return None
        tipe = bidang.annotation
    tipe = _model_dalam(tipe)
    return list(tipe.model_fields) if tipe is not None else None


def _model_dalam(tipe: Any) -> type[BaseModel] | None:
    """Return the one model class inside ``X | None``, ``list[X]`` or ``dict[str, X]``."""
    if isinstance(tipe, type) and issubclass(tipe, BaseModel):
        return tipe if not issubclass(tipe, RootModel) else None
    calon = [_model_dalam(a) for a in get_args(tipe) if a is not type(None)]
    calon = [c for c in calon if c is not None]
    return calon[0] if len(calon) == 1 else None


def _pesan_kunci_asing(model: type[BaseModel] | None, bersih: tuple[Any, ...]) -> str:
    pesan = _PESAN["extra_forbidden"]
    sah = kunci_sah(model, bersih[:-1]) if model is not None and bersih else None
    if not sah:
        return pesan
    mirip = difflib.get_close_matches(str(bersih[-1]), sah, n=1, cutoff=0.6)
    saran = f"maksud Anda `{mirip[0]}`? " if mirip else ""
    return f"kunci tidak dikenal; {saran}kunci yang sah di sini: {', '.join(sah)}."


def _masalah(
    nama: str, node: yaml.Node | None, err: Any, model: type[BaseModel] | None = None
) -> Masalah:
    loc = tuple(err.get("loc", ()))
    bersih, teks = _jalur(loc)
    jenis = err.get("type", "")
    ctx = err.get("ctx") or {}
    if jenis == "extra_forbidden":
        pesan = _pesan_kunci_asing(model, bersih)
    elif jenis == "value_error":
        pesan = str(ctx.get("error", err.get("msg", "")))
    elif jenis == "literal_error":
        pesan = f"harus salah satu dari {ctx.get('expected', '')}"
    elif jenis == "too_short":
        pesan = f"minimal {ctx.get('min_length', 1)} butir"
    elif jenis in ("greater_than", "greater_than_equal"):
        pesan = f"harus lebih besar dari {ctx.get('gt', ctx.get('ge', ''))}"
    elif jenis in ("less_than_equal", "less_than"):
        pesan = f"harus paling besar {ctx.get('le', ctx.get('lt', ''))}"
    elif jenis == "string_pattern_mismatch" and bersih and bersih[-1] == "klasifikasi":
        pesan = "kode klasifikasi harus berbentuk seperti HK.03.01"
    else:
        pesan = _PESAN.get(jenis, err.get("msg", "tidak sah"))
    return Masalah(berkas=nama, lokasi=teks, pesan=pesan, baris=_baris(node, bersih))
