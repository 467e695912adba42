"""Preparing what the archive ingests: files read and checked, text extracted, signatures verified.

Everything here happens before the catalog transaction and writes nothing: a :class:`Calon` is
one entry being prepared, built from an issued document (:func:`siapkan_terbit`), an older PDF
(:func:`siapkan_lama`) or a document of another office (:func:`siapkan_luar`, its fields read
from the PDF by :mod:`naskah.arsip.luar`). A signed PDF of this office whose signature is broken
is refused here; another office's is kept as it came, and said.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from naskah.arsip.catatan import (
    NAMA_BERKAS,
    Asal,
    BerkasArsip,
    IsiNaskah,
    Metadata,
    Orang,
    PeranBerkas,
    RingkasanTandaTangan,
)
from naskah.arsip.isi import isi_dari_model, perlu_ocr, teks_pdf
from naskah.arsip.jalur import komponen_aman
from naskah.arsip.permintaan import NaskahLama, NaskahLuar, NaskahTerbit
from naskah.berkas import alasan_os
from naskah.errors import ArchiveError

if TYPE_CHECKING:
    from naskah.arsip.arsip import Arsip
    from naskah.models import Dokumen, Sertifikat

UKURAN_MAKS = 200 * 1024 * 1024
"""Largest file accepted into the archive (bytes)."""
ID_VERIFIKASI = re.compile(r"[A-Za-z0-9_-]{16,64}")
"""What a verification id looks like (it comes from URLs and QR codes)."""


@dataclass
class Calon:
    """An entry being prepared (before the catalog transaction)."""

    id: str
    asal: Asal
    isi: IsiNaskah
    data: dict[PeranBerkas, bytes]
    tanda_tangan: tuple[RingkasanTandaTangan, ...]
    perlu_ocr: bool
    id_verifikasi: str
    koreksi: str | None
    berkas: tuple[BerkasArsip, ...] = ()
    folder: Path | None = None
    # decided inside the transaction
    versi: int = 0
    lokasi: str = ""
    menggantikan: tuple[str, int] | None = None
    alasan: str | None = None
    sudah_ada: str | None = None
    """The id of an entry holding these exact files (nothing to write)."""
    nomor_id: int | None = 0
    """The register row of the number (None for a document of another office)."""
    keadaan_nomor: str = ""
    baris: int | None = None
    """The manifest row (imports)."""
    sumber: str = ""
    metadata: Metadata | None = field(default=None, repr=False)
    metadata_json: bytes = field(default=b"", repr=False)
    """``metadata`` as written to ``metadata.json`` (its SHA-256 goes into the catalog)."""


def yaml_sumber(model: Dokumen | Sertifikat) -> bytes:
    """Return the model as the archived YAML source (as :func:`naskah.loader.ke_yaml` writes it).

    Dumped with libyaml's emitter when present: PyYAML's pure-Python one takes ~60 ms for a
    decree with three Standar Pelayanan, which would dominate a batch. Each top-level entry is
    dumped on its own (a block mapping's entries are written independently, so the bytes are
    the same) and the last text of each key is reused while its value is equal: the
    certificates of one activity share the whole ``kegiatan`` entry.
    """
    import yaml

    from naskah.models import Dokumen

    if isinstance(model, Dokumen):
        d = model.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        d = {"jenis": model.jenis, **d}
    else:
        d = model.model_dump(mode="json", exclude_none=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    bagian = []
    for kunci, nilai in d.items():
        lalu = _YAML_TERAKHIR.get(kunci)
        if lalu is not None and type(lalu[0]) is type(nilai) and lalu[0] == nilai:
            bagian.append(lalu[1])
            continue
        teks = yaml.dump(
            {kunci: nilai}, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100
        )
        if isinstance(nilai, (dict, list)):  # worth keeping: a scalar dumps as fast as compared
            _YAML_TERAKHIR[kunci] = (nilai, teks)
        bagian.append(teks)
    return "".join(bagian).encode("utf-8")


_YAML_TERAKHIR: dict[str, tuple[Any, str]] = {}
"""Per top-level key, the last value dumped and its YAML (see :func:`yaml_sumber`)."""


def baca(path: Path, apa: str) -> bytes:
    """Return the bytes of the input file ``path`` (``apa`` names it in messages), refusing a
    missing, unreadable or oversized one."""
    try:
        ukuran = path.stat().st_size
        if not path.is_file():
            raise ArchiveError(f"{apa} {path} bukan berkas; sebutkan berkasnya.")
        if ukuran > UKURAN_MAKS:
            raise ArchiveError(
                f"{apa} {path} terlalu besar ({ukuran // (1024 * 1024)} MB; batasnya "
                f"{UKURAN_MAKS // (1024 * 1024)} MB)."
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise ArchiveError(f"{apa} {path} tidak ditemukan; periksa nama dan foldernya.") from None
    except OSError as exc:
        raise ArchiveError(f"{apa} {path} tidak dapat dibaca ({alasan_os(exc)}).") from None


def tingkat(hasil: list[Any], i: int) -> str:
    """Return the PAdES level signature ``i`` of a verification report reaches."""
    t = hasil[i]
    tingkat = "B-B"
    if t.cap_waktu != "tidak_ada":
        tingkat = "B-T"
    if t.data_validasi == "lengkap" or t.ltv_tertanam:
        tingkat = "B-LT"
        if any(h.jenis == "cap_waktu_dokumen" for h in hasil[i + 1 :]):
            tingkat = "B-LTA"
    return tingkat


def waktu_iso(w: datetime | None) -> str | None:
    return w.isoformat() if w is not None else None


def id_verifikasi(diberikan: str | None) -> str:
    """Return ``diberikan`` checked, or a fresh random verification id when None."""
    if diberikan is None:
        return secrets.token_urlsafe(18)
    if not ID_VERIFIKASI.fullmatch(diberikan):
        raise ArchiveError("Id verifikasi harus 16 sampai 64 karakter huruf, angka, '-' atau '_'.")
    return diberikan


def siapkan_terbit(arsip: Arsip, n: NaskahTerbit) -> Calon:
    """Read, extract and verify an issued document's files into a candidate entry."""
    isi = isi_dari_model(n.model)
    data: dict[PeranBerkas, bytes] = {}
    if n.sumber is not None:
        data["sumber"] = n.sumber
    else:
        data["sumber"] = yaml_sumber(n.model)
    if n.docx is not None:
        data["docx"] = baca(n.docx, "Berkas DOCX")
    if n.pdf is not None:
        data["pdf"] = baca(n.pdf, "Berkas PDF")
    if n.ttd is not None:
        data["ttd"] = baca(n.ttd, "Berkas PDF bertanda tangan")
    if "pdf" not in data and "ttd" not in data:
        raise ArchiveError(f"Naskah {isi.nomor} diarsipkan tanpa PDF; sebutkan --pdf atau --ttd.")
    teks = n.teks or ""
    tanda: tuple[RingkasanTandaTangan, ...] = ()
    for peran in ("ttd", "pdf") if n.teks is None else ():
        if peran in data:
            teks = teks_pdf(data[peran], f"{isi.nomor} ({NAMA_BERKAS[peran]})")
            break
    if "ttd" in data:
        tanda = verifikasi(arsip, data["ttd"], str(n.ttd), batch=n.verifikasi_batch)
    data["teks"] = teks.encode()
    return Calon(
        id=secrets.token_hex(10),
        asal="terbit",
        isi=isi,
        data=data,
        tanda_tangan=tanda,
        perlu_ocr=perlu_ocr(teks),
        id_verifikasi=id_verifikasi(n.id_verifikasi),
        koreksi=(n.koreksi or "").strip() or None,
    )


def siapkan_lama(arsip: Arsip, n: NaskahLama) -> Calon:
    """Read and check an older PDF (its signatures verified when it has any)."""
    if not n.nomor.strip():
        raise ArchiveError("Nomor naskah kosong; sebutkan dengan --nomor.")
    if not n.tentang.strip():
        raise ArchiveError(f"Tentang/perihal naskah {n.nomor} kosong; sebutkan dengan --tentang.")
    jenis = komponen_aman(n.jenis.strip().lower().replace(" ", "_"), cadangan="lainnya")
    data = baca(n.pdf, "Berkas PDF")
    teks = teks_pdf(data, n.pdf.name)
    bertanda = b"/ByteRange" in data and b"/Sig" in data
    tanda: tuple[RingkasanTandaTangan, ...] = ()
    peran: PeranBerkas = "pdf"
    if bertanda:
        tanda = verifikasi(arsip, data, n.pdf.name, wajib=False)
        if tanda:
            peran = "ttd"
    # the PDF's own signer record (a document naskah rendered) gives the NIP and jabatan; the
    # number's parts give the unit and the klasifikasi, unless staff said otherwise
    from naskah.arsip.luar import bagian_nomor
    from naskah.catatan_ttd import normalisasi_nama

    catatan, _ = _info_pdf(data)
    pihak = catatan.penandatangan if catatan is not None else None
    nomor = " ".join(n.nomor.split())
    unit, klasifikasi = bagian_nomor(nomor)
    nama = n.penandatangan or (pihak.nama_lengkap if pihak else None)
    sama = pihak is not None and nama is not None and (
        normalisasi_nama(nama) == normalisasi_nama(pihak.nama_lengkap)
    )  # fmt: skip
    isi = IsiNaskah(
        nomor=nomor,
        jenis=jenis,
        tentang=" ".join(n.tentang.split()),
        tanggal=n.tanggal,
        seri=n.seri or "",
        unit=unit,
        klasifikasi=n.klasifikasi or klasifikasi,
        penandatangan=(
            Orang(
                nama=nama,
                nip=pihak.nip if sama and pihak else None,
                jabatan=pihak.jabatan if sama and pihak else None,
                peran="penandatangan",
            ),
        )
        if nama
        else (),
        teks="",
    )
    return Calon(
        id=secrets.token_hex(10),
        asal="impor",
        isi=isi,
        data={peran: data, "teks": teks.encode()},
        tanda_tangan=tanda,
        perlu_ocr=perlu_ocr(teks),
        id_verifikasi=id_verifikasi(n.id_verifikasi),
        koreksi=None,
    )


_WAJIB_LUAR = (("nomor", "--nomor"), ("tanggal", "--tanggal"), ("tentang", "--tentang"),
               ("instansi", "--instansi"))  # fmt: skip


def _info_pdf(data: bytes) -> tuple[Any, dict[str, str]]:
    """Return the PDF's naskah signer record (or None) and its document information."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    from naskah.catatan_ttd import catatan_dari_pdf

    try:
        reader = PdfReader(io.BytesIO(data))
        catatan = catatan_dari_pdf(reader)
        meta: Any = reader.metadata or {}
        info = {
            k: " ".join(str(meta.get(f"/{k.title()}") or "").split())
            for k in ("title", "author", "subject")
        }
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError):
        return None, {}
    return catatan, {k: v for k, v in info.items() if v}


def _instansi_jabatan(jabatan: str | None) -> str | None:
    """Return the office of a jabatan as recorded (``Kepala BPMP Provinsi …`` → ``BPMP …``)."""
    if not jabatan:
        return None
    m = re.match(r"(?i)^(?:kepala|ketua|rektor|dekan)\s+(.+)$", jabatan.strip())
    return m.group(1).strip() if m else None


def siapkan_luar(arsip: Arsip, n: NaskahLuar) -> Calon:
    """Read a document of another office: fields from the options, else from the PDF's signer
    record, its text and its document information; its signatures verified and kept, good or
    not (:func:`naskah.arsip.catatan.uraian_tanda_tangan_luar` says what they are)."""
    from naskah.arsip.luar import baca_kepala, bagian_nomor

    nama = n.pdf.name
    data = baca(n.pdf, "Berkas PDF")
    if b"%PDF-" not in data[:1024]:
        raise ArchiveError(
            f"Berkas {nama} bukan berkas PDF; naskah instansi lain diarsipkan sebagai PDF."
        )
    teks = teks_pdf(data, nama)
    catatan, info = _info_pdf(data)
    kepala = baca_kepala(teks)
    pihak = catatan.penandatangan if catatan is not None else None

    def pilih(*nilai: Any) -> Any:
        for v in nilai:
            if isinstance(v, str):
                v = " ".join(v.split())
            if v:
                return v
        return None

    nomor = pilih(n.nomor, catatan.nomor if catatan else None, kepala.nomor)
    isian = {
        "nomor": nomor,
        "tanggal": pilih(n.tanggal, catatan.tanggal if catatan else None, kepala.tanggal),
        "tentang": pilih(n.tentang, kepala.tentang, info.get("subject")),
        "instansi": pilih(
            n.instansi, kepala.instansi, _instansi_jabatan(pihak.jabatan if pihak else None)
        ),
    }
    kurang = [opsi for kunci, opsi in _WAJIB_LUAR if not isian[kunci]]
    if kurang:
        apa = ", ".join(k.removeprefix("--") for k in kurang)
        raise ArchiveError(
            f"{apa.capitalize()} naskah {nama} tidak terbaca dari PDF-nya; sebutkan dengan "
            f"{', '.join(kurang)}."
        )
    nip = pilih(n.nip, pihak.nip if pihak else None, kepala.nip)
    if nip is not None:
        nip = re.sub(r"\s", "", str(nip))
        if not re.fullmatch(r"\d{18}", nip):
            raise ArchiveError(f"NIP {nip} tidak sah; NIP terdiri atas 18 angka.")
    penandatangan = pilih(
        n.penandatangan, pihak.nama_lengkap if pihak else None, kepala.penandatangan,
        info.get("author"),
    )  # fmt: skip
    unit, klasifikasi = bagian_nomor(str(nomor))
    jenis = pilih(n.jenis, catatan.jenis if catatan else None, kepala.jenis) or "lainnya"
    tanda: tuple[RingkasanTandaTangan, ...] = ()
    peran: PeranBerkas = "pdf"
    if b"/ByteRange" in data and b"/Sig" in data:
        tanda = verifikasi(arsip, data, nama, wajib=False, terima_rusak=True)
        if tanda:
            peran = "ttd"
    isi = IsiNaskah(
        nomor=str(nomor),
        jenis=komponen_aman(str(jenis).strip().lower().replace(" ", "_"), cadangan="lainnya"),
        tentang=str(isian["tentang"]),
        tanggal=isian["tanggal"],
        seri="",
        unit=pilih(n.unit, unit),
        klasifikasi=pilih(n.klasifikasi, klasifikasi),
        penandatangan=(
            Orang(
                nama=str(penandatangan),
                nip=nip,
                jabatan=pihak.jabatan if pihak else None,
                peran="penandatangan",
            ),
        )
        if penandatangan
        else (),
        teks="",
        instansi=str(isian["instansi"]),
    )
    return Calon(
        id=secrets.token_hex(10),
        asal="luar",
        isi=isi,
        data={peran: data, "teks": teks.encode()},
        tanda_tangan=tanda,
        perlu_ocr=perlu_ocr(teks),
        id_verifikasi=id_verifikasi(None),
        koreksi=None,
    )


def verifikasi(
    arsip: Arsip,
    data: bytes,
    nama: str,
    *,
    wajib: bool = True,
    batch: bool = False,
    terima_rusak: bool = False,
) -> tuple[RingkasanTandaTangan, ...]:
    """Verify a signed PDF's signatures; refuse one that is broken (unless ``terima_rusak``:
    a document of another office is kept as it came).

    With ``batch`` the session's :class:`~naskah.tte.batch.VerifikasiBatch` is used (each
    signer certificate's chain once); otherwise a fresh one, i.e. the full verification.
    """
    from naskah.tte import muat_akar_longgar
    from naskah.tte.batch import VerifikasiBatch

    pemeriksa = arsip._verifikasi_batch if batch else None
    if pemeriksa is None:
        k = arsip.konfigurasi
        # the readable roots count; a signature chaining to an unreadable one is untrusted
        akar, _ = muat_akar_longgar([k.path(p) for p in k.tte.akar_tepercaya])
        pemeriksa = VerifikasiBatch(akar, ambil_daring=arsip.opsi.ambil_daring, rantai_sekali=batch)
        if batch:
            arsip._verifikasi_batch = pemeriksa
    lap = pemeriksa.verifikasi(data, nama)
    if lap.galat:
        if not wajib:
            return ()
        raise ArchiveError(f"PDF bertanda tangan {nama} ditolak: {lap.galat}")
    rusak = [t.field for t in lap.tanda_tangan if not t.utuh]
    if rusak and not terima_rusak:
        raise ArchiveError(
            f"PDF bertanda tangan {nama} ditolak: tanda tangan {', '.join(rusak)} rusak "
            "(isi berkas berubah setelah ditandatangani)."
        )
    return tuple(
        RingkasanTandaTangan(
            berkas=NAMA_BERKAS["ttd"],
            field=t.field,
            jenis=t.jenis,
            penandatangan=t.penandatangan,
            waktu=waktu_iso(t.waktu),
            tingkat=tingkat(lap.tanda_tangan, i),
            utuh=t.utuh,
            sah=t.sah,
            tepercaya=t.tepercaya,
        )
        for i, t in enumerate(lap.tanda_tangan)
    )
