"""Signing PDFs: one file or a batch, PAdES B-B to B-LTA, visible or invisible, paraf workflow.

This module owns :class:`SesiTandaTangan`, which holds everything that is set up once per batch
(the signer with its loaded key, the timestamper, the validation context, the stamp style and the
size reserved for the signature container) and signs files one by one, writing each output
atomically next to (never over) the original unless asked.

Paraf workflow: field names ``Paraf-1`` … ``Paraf-N`` for the verifikator (in order) and
``TTE`` for the pejabat. When the document is certified (DocMDP, form filling allowed) every
field is created before the certifying signature, because a later signer adding a field breaks
a certification.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from asn1crypto import x509
from pyhanko.pdf_utils import misc
from pyhanko.pdf_utils.generic import ArrayObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import MDPPerm, SigFieldSpec
from pyhanko.sign.general import SigningError
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko_certvalidator import ValidationContext

from naskah.berkas import tulis_bytes
from naskah.errors import TTEError
from naskah.tte.appearance import (
    FORMAT_WAKTU,
    UKURAN_KOTAK,
    Letak,
    cari_penanda,
    gaya_cap,
    pilih_font,
)
from naskah.tte.signers import Penandatangan, jabatan_subjek, nama_subjek, periksa_sertifikat

Tingkat = Literal["B-B", "B-T", "B-LT", "B-LTA"]
TINGKAT: tuple[str, ...] = ("B-B", "B-T", "B-LT", "B-LTA")
Peran = Literal["pejabat", "paraf"]

FIELD_PEJABAT = "TTE"
PREFIX_PARAF = "Paraf-"
_RE_PARAF = re.compile(r"^Paraf-(\d+)$")


@dataclass
class OpsiTandaTangan:
    """How to sign: level, appearance, workflow role and output placement."""

    tingkat: str = "B-B"
    tsa: str | None = None
    """Timestamp authority URL (B-T and above) when no timestamper is injected."""
    akar_tepercaya: list[x509.Certificate] = field(default_factory=list)
    """Trust roots for collecting revocation data (B-LT, B-LTA)."""
    tampak: bool = False
    ukuran_kotak: tuple[float, float] = UKURAN_KOTAK
    url_verifikasi: str | None = None
    nama: str | None = None
    jabatan: str | None = None
    font: Path | None = None
    alasan: str | None = None
    lokasi: str | None = None
    peran: str = "pejabat"
    sertifikasi: bool = False
    jumlah_paraf: int = 0
    """With ``sertifikasi`` and no signature yet: the number of paraf fields to create."""
    keluaran: Path | None = None
    """Output folder; next to the input when empty."""
    timpa: bool = False
    """Replace the input file (atomically) instead of writing ``<name>-ttd.pdf``."""
    akhiran: str = "-ttd"


@dataclass(frozen=True)
class HasilTandaTangan:
    """One signed file: where it went, which field, the document id and the level."""

    masukan: Path
    keluaran: Path
    field: str
    id_dokumen: str
    tingkat: str
    tampak: bool
    sha256: str


def buat_timestamper(url: str) -> TimeStamper:
    """Return an RFC 3161 timestamper for ``url`` (one per batch)."""
    return HTTPTimeStamper(url, timeout=20)


def id_dokumen(data: bytes) -> str:
    """Return the document id used in the verification address: a SHA-256 prefix of the PDF."""
    return hashlib.sha256(data).hexdigest()[:16]


def _der_length(blob: bytes) -> int:
    """Return the length of the DER structure at the start of ``blob`` (header included)."""
    if len(blob) < 2:
        return len(blob)
    first = blob[1]
    if first < 0x80:
        return 2 + first
    n = first & 0x7F
    return 2 + n + int.from_bytes(blob[2 : 2 + n], "big")


class SesiTandaTangan:
    """A signing session: set up once, then sign many files with the same key and settings.

    ``jam`` returns the current time (injected for tests); ``timestamper`` may be injected,
    otherwise one is built from ``opsi.tsa`` for B-T and above.
    """

    def __init__(
        self,
        penandatangan: Penandatangan,
        opsi: OpsiTandaTangan | None = None,
        *,
        timestamper: TimeStamper | None = None,
        jam: Callable[[], datetime] | None = None,
    ) -> None:
        self.penandatangan = penandatangan
        self.opsi = opsi = opsi or OpsiTandaTangan()
        self.jam = jam or (lambda: datetime.now(UTC))
        if opsi.tingkat not in TINGKAT:
            raise TTEError(
                f"Tingkat tanda tangan {opsi.tingkat!r} tidak dikenal; pilih salah satu dari "
                f"{', '.join(TINGKAT)}."
            )
        if opsi.peran not in ("pejabat", "paraf"):
            raise TTEError(f"Peran {opsi.peran!r} tidak dikenal; pilih pejabat atau paraf.")
        periksa_sertifikat(penandatangan.sertifikat, pada=self.jam())
        self.timestamper: TimeStamper | None = None
        if opsi.tingkat != "B-B":
            if timestamper is None and not opsi.tsa:
                raise TTEError(
                    f"Tingkat {opsi.tingkat} membutuhkan layanan cap waktu (TSA); isi --tsa atau "
                    "[tte] tsa di naskah.toml."
                )
            self.timestamper = timestamper or buat_timestamper(opsi.tsa or "")
        self.validation_context: ValidationContext | None = None
        if opsi.tingkat in ("B-LT", "B-LTA"):
            if not opsi.akar_tepercaya:
                raise TTEError(
                    f"Tingkat {opsi.tingkat} membutuhkan sertifikat akar tepercaya untuk "
                    "mengumpulkan data pencabutan; isi [tte] akar_tepercaya di naskah.toml."
                )
            self.validation_context = ValidationContext(
                trust_roots=list(opsi.akar_tepercaya), allow_fetching=True
            )
        cert = penandatangan.sertifikat
        self.nama = opsi.nama or nama_subjek(cert)
        self.jabatan = opsi.jabatan or jabatan_subjek(cert)
        self._font: str | None = None
        self._cadangan: int | None = None
        """Bytes reserved for the CMS container, measured on the first file of the batch."""

    # -- public -----------------------------------------------------------------------------

    def tandatangani(
        self, masukan: Path, keluaran: Path | None = None, *, id_dok: str | None = None
    ) -> HasilTandaTangan:
        """Sign one PDF and write the result atomically; return where it went."""
        masukan = Path(masukan)
        data = _baca_pdf(masukan)
        ident = id_dok or id_dokumen(data)
        tujuan = keluaran or self._tujuan(masukan)
        hasil, nama_field, tampak = self._tandatangani_bytes(data, masukan.name, ident)
        tulis_bytes(tujuan, hasil, galat=TTEError)
        return HasilTandaTangan(
            masukan=masukan,
            keluaran=tujuan,
            field=nama_field,
            id_dokumen=ident,
            tingkat=self.opsi.tingkat,
            tampak=tampak,
            sha256=hashlib.sha256(hasil).hexdigest(),
        )

    def tandatangani_banyak(self, berkas: Iterable[Path]) -> list[HasilTandaTangan]:
        """Sign many PDFs with this session's key, timestamper and style, in order."""
        return [self.tandatangani(Path(p)) for p in berkas]

    # -- internals --------------------------------------------------------------------------

    def _tujuan(self, masukan: Path) -> Path:
        if self.opsi.timpa:
            return masukan
        folder = self.opsi.keluaran or masukan.parent
        nama = f"{masukan.stem}{self.opsi.akhiran}{masukan.suffix or '.pdf'}"
        tujuan = Path(folder) / nama
        if tujuan.resolve() == masukan.resolve():
            raise TTEError(
                f"Berkas keluaran akan menimpa {masukan.name}; pilih folder keluaran lain atau "
                "pakai --timpa bila memang ingin menimpa."
            )
        return tujuan

    def _tandatangani_bytes(self, data: bytes, nama: str, ident: str) -> tuple[bytes, str, bool]:
        opsi = self.opsi
        writer = _buka_writer(data, nama)
        ada = _daftar_field(writer)
        nama_field, spec, siapkan = self._pilih_field(writer, ada, nama)
        certify = False
        if opsi.sertifikasi and not any(signed for signed, _ in ada.values()):
            certify = True
            for f in siapkan:
                fields.append_signature_field(writer, f)
            spec = None  # the field now exists
        elif siapkan:
            raise TTEError(
                f"Kolom tanda tangan pada {nama} tidak dapat disiapkan."
            )  # pragma: no cover
        # Is the target field visible (an existing field with a non-empty box, or a new one)?
        kotak = _kotak_field(writer, nama_field) if spec is None else spec.box
        tampak = bool(kotak and (kotak[2] - kotak[0]) > 1 and (kotak[3] - kotak[1]) > 1)

        meta = signers.PdfSignatureMetadata(
            field_name=nama_field,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=opsi.alasan or ("Paraf (persetujuan)" if opsi.peran == "paraf" else None),
            location=opsi.lokasi,
            certify=certify,
            docmdp_permissions=MDPPerm.FILL_FORMS,
            embed_validation_info=self.validation_context is not None,
            validation_context=self.validation_context,
            use_pades_lta=opsi.tingkat == "B-LTA",
        )
        style = None
        text_params = None
        if tampak:
            if self._font is None:
                self._font = str(pilih_font(opsi.font))
            url = opsi.url_verifikasi.replace("{id}", ident) if opsi.url_verifikasi else None
            style = gaya_cap(self.nama, self.jabatan, url is not None, self._font)
            text_params = {"url": url} if url else {}
            text_params["waktu"] = self.jam().strftime(FORMAT_WAKTU)
        pdf_signer = signers.PdfSigner(
            meta,
            signer=self.penandatangan.signer,
            timestamper=self.timestamper,
            stamp_style=style,
            new_field_spec=spec,
        )
        out = io.BytesIO()
        try:
            try:
                pdf_signer.sign_pdf(
                    writer,
                    bytes_reserved=self._cadangan,
                    appearance_text_params=text_params,
                    output=out,
                )
            except SigningError as exc:
                if self._cadangan is None or "larger than expected" not in str(exc).lower():
                    raise
                # The reserved space was too small (a bigger timestamp, say): measure again.
                self._cadangan = None
                writer = _buka_writer(data, nama)
                if certify:
                    for f in siapkan:
                        fields.append_signature_field(writer, f)
                out = io.BytesIO()
                pdf_signer.sign_pdf(writer, appearance_text_params=text_params, output=out)
        except TTEError:
            raise
        except Exception as exc:  # noqa: BLE001 - translate every pyHanko/network failure
            raise _terjemahkan_galat(exc, nama, self.opsi) from exc
        hasil = out.getvalue()
        if self._cadangan is None:
            self._cadangan = self._ukur_cadangan(hasil, nama_field)
        return hasil, nama_field, tampak

    def _ukur_cadangan(self, hasil: bytes, nama_field: str) -> int | None:
        """Return the bytes to reserve for the next files' signature container."""
        from pyhanko.pdf_utils.reader import PdfFileReader

        try:
            reader = PdfFileReader(io.BytesIO(hasil))
            for emb in reader.embedded_signatures:
                if emb.field_name == nama_field:
                    ukuran = _der_length(emb.pkcs7_content)
                    margin = 1024 if self.opsi.tingkat == "B-B" else 8192
                    # pyHanko counts the hex digits of /Contents: two per DER byte.
                    return 2 * (ukuran + margin)
        except Exception:  # noqa: BLE001 - then simply keep pyHanko's trial signature
            return None
        return None

    def _pilih_field(
        self, writer: IncrementalPdfFileWriter, ada: dict[str, tuple[bool, object]], nama: str
    ) -> tuple[str, SigFieldSpec | None, list[SigFieldSpec]]:
        """Return (field name, spec of a new field or None, fields to create before certifying)."""
        opsi = self.opsi
        paraf = sorted(
            ((int(m.group(1)), n) for n in ada if (m := _RE_PARAF.match(n))), key=lambda t: t[0]
        )
        kosong_paraf = [n for _, n in paraf if not ada[n][0]]
        sudah_ditandatangani = any(s for s, _ in ada.values())
        perlu_letak = opsi.peran == "pejabat" and opsi.tampak and FIELD_PEJABAT not in ada
        letak = self._letak(writer, nama) if perlu_letak else None
        spec_pejabat = SigFieldSpec(
            FIELD_PEJABAT,
            on_page=letak.halaman if letak else 0,
            box=letak.kotak if letak else None,
        )
        if opsi.peran == "paraf":
            if kosong_paraf:
                return kosong_paraf[0], None, []
            if FIELD_PEJABAT in ada and ada[FIELD_PEJABAT][0]:
                raise TTEError(
                    f"{nama} sudah ditandatangani pejabat; paraf harus diberikan sebelum tanda "
                    "tangan pejabat."
                )
            berikut = (paraf[-1][0] + 1) if paraf else 1
            nama_field = f"{PREFIX_PARAF}{berikut}"
            if opsi.sertifikasi and not sudah_ditandatangani:
                jumlah = max(opsi.jumlah_paraf, 1)
                siapkan = [SigFieldSpec(f"{PREFIX_PARAF}{i}") for i in range(1, jumlah + 1)]
                siapkan.append(self._spec_pejabat_untuk_persiapan(writer, nama))
                return nama_field, None, siapkan
            if _tersertifikasi(writer):
                raise TTEError(
                    f"{nama} sudah disertifikasi dan tidak menyediakan kolom paraf lagi; menambah "
                    "kolom baru akan merusak sertifikasi."
                )
            return nama_field, SigFieldSpec(nama_field), []
        # pejabat
        if kosong_paraf:
            raise TTEError(
                f"Paraf pada {nama} belum lengkap ({', '.join(kosong_paraf)} masih kosong); "
                "verifikator harus memaraf lebih dahulu."
            )
        if FIELD_PEJABAT in ada:
            if ada[FIELD_PEJABAT][0]:
                raise TTEError(f"{nama} sudah ditandatangani pada kolom {FIELD_PEJABAT}.")
            return FIELD_PEJABAT, None, []
        if opsi.tampak and letak is None:
            raise TTEError(
                f"Penanda tempat tanda tangan [[TTE]] tidak ditemukan di {nama}; render ulang "
                "naskah dengan templat yang menyediakan blok tanda tangan, atau tanda tangani "
                "tanpa --tampak."
            )
        if not opsi.tampak:
            spec_pejabat = SigFieldSpec(FIELD_PEJABAT, on_page=0, box=None)
        if opsi.sertifikasi and not sudah_ditandatangani:
            return FIELD_PEJABAT, None, [spec_pejabat]
        if _tersertifikasi(writer):
            raise TTEError(
                f"{nama} sudah disertifikasi tanpa kolom {FIELD_PEJABAT}; menambah kolom baru akan "
                "merusak sertifikasi."
            )
        return FIELD_PEJABAT, spec_pejabat, []

    def _spec_pejabat_untuk_persiapan(
        self, writer: IncrementalPdfFileWriter, nama: str
    ) -> SigFieldSpec:
        """Return the pejabat's field created in advance: at the marker when there is one."""
        letak = self._letak(writer, nama)
        if letak is None:
            return SigFieldSpec(FIELD_PEJABAT)
        return SigFieldSpec(FIELD_PEJABAT, on_page=letak.halaman, box=letak.kotak)

    def _letak(self, writer: IncrementalPdfFileWriter, nama: str) -> Letak | None:
        import pypdf

        try:
            reader = pypdf.PdfReader(io.BytesIO(_bytes_writer(writer)))
            return cari_penanda(reader, self.opsi.ukuran_kotak)
        except Exception:  # noqa: BLE001 - unreadable text means no marker
            return None


# -- helpers ----------------------------------------------------------------------------------


def _bytes_writer(writer: IncrementalPdfFileWriter) -> bytes:
    stream = writer.prev.stream
    pos = stream.tell()
    stream.seek(0)
    data = stream.read()
    stream.seek(pos)
    return data


def _baca_pdf(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TTEError(f"Berkas {path} tidak ditemukan; periksa nama dan foldernya.") from None
    except IsADirectoryError:
        raise TTEError(f"{path} adalah folder, bukan berkas PDF.") from None
    except OSError as exc:
        raise TTEError(f"Berkas {path} tidak dapat dibaca ({exc.strerror}).") from None
    if b"%PDF-" not in data[:1024]:
        raise TTEError(
            f"Berkas {path.name} bukan berkas PDF; tanda tangan elektronik hanya untuk PDF hasil "
            "render naskah."
        )
    return data


def _buka_writer(data: bytes, nama: str) -> IncrementalPdfFileWriter:
    if b"%%EOF" not in data[-2048:]:
        raise TTEError(
            f"Berkas {nama} terpotong atau rusak (penanda akhir %%EOF tidak ada); ambil ulang "
            "berkas aslinya lalu coba lagi."
        )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=True)
    except misc.PdfReadError as exc:
        raise _galat_baca(exc, nama) from None
    except Exception:  # noqa: BLE001
        raise TTEError(
            f"Berkas {nama} rusak dan tidak dapat dibaca sebagai PDF; ambil ulang berkas aslinya "
            "lalu coba lagi."
        ) from None
    if writer.prev.encrypted:
        raise TTEError(
            f"Berkas {nama} terenkripsi (dilindungi kata sandi); buka kuncinya atau render ulang "
            "tanpa enkripsi sebelum ditandatangani."
        )
    if writer.prev.xrefs.hybrid_xrefs_present:
        raise TTEError(
            f"Berkas {nama} memakai tabel rujukan silang hibrida yang dapat dibaca berbeda oleh "
            "aplikasi lain sehingga tidak aman ditandatangani; simpan ulang PDF-nya (mis. `qpdf "
            "berkas.pdf baru.pdf`) lalu tanda tangani berkas baru itu."
        )
    try:
        writer.root  # noqa: B018 - forces the catalog to be read
        _ = writer.prev.root["/Pages"]
    except Exception:  # noqa: BLE001
        raise TTEError(
            f"Berkas {nama} rusak (katalog atau daftar halamannya tidak terbaca); ambil ulang "
            "berkas aslinya lalu coba lagi."
        ) from None
    return writer


def _galat_baca(exc: Exception, nama: str) -> TTEError:
    pesan = str(exc).lower()
    if "encrypt" in pesan:
        return TTEError(
            f"Berkas {nama} terenkripsi (dilindungi kata sandi); buka kuncinya sebelum "
            "ditandatangani."
        )
    if "hybrid" in pesan:
        return TTEError(
            f"Berkas {nama} memakai tabel rujukan silang hibrida; simpan ulang PDF-nya lalu "
            "tanda tangani berkas baru itu."
        )
    return TTEError(
        f"Berkas {nama} rusak atau terpotong sehingga tidak dapat dibaca sebagai PDF; ambil ulang "
        "berkas aslinya lalu coba lagi."
    )


def _daftar_field(writer: IncrementalPdfFileWriter) -> dict[str, tuple[bool, object]]:
    """Return {field name: (signed?, field dict)} for the document's signature fields."""
    hasil: dict[str, tuple[bool, object]] = {}
    try:
        for name, value, ref in fields.enumerate_sig_fields(writer.prev, filled_status=None):
            hasil[str(name)] = (value is not None, ref)
    except Exception:  # noqa: BLE001 - no AcroForm, or a broken one: no fields
        pass
    return hasil


def _kotak_field(writer: IncrementalPdfFileWriter, nama_field: str) -> tuple[float, ...] | None:
    try:
        for name, _value, ref in fields.enumerate_sig_fields(writer, filled_status=None):
            if str(name) == nama_field:
                obj = ref.get_object()
                rect = obj.get("/Rect")
                if rect is None and "/Kids" in obj:
                    rect = obj["/Kids"][0].get_object().get("/Rect")
                if isinstance(rect, ArrayObject | list):
                    return tuple(float(v) for v in rect)
    except Exception:  # noqa: BLE001
        return None
    return None


def _tersertifikasi(writer: IncrementalPdfFileWriter) -> bool:
    try:
        perms = writer.prev.root.get("/Perms")
        return perms is not None and "/DocMDP" in perms
    except Exception:  # noqa: BLE001
        return False


def _terjemahkan_galat(exc: Exception, nama: str, opsi: OpsiTandaTangan) -> TTEError:
    """Translate a pyHanko/network failure during signing into one Indonesian sentence."""
    teks = f"{type(exc).__name__}: {exc}".lower()
    if "hybrid" in teks:
        return TTEError(
            f"Berkas {nama} memakai tabel rujukan silang hibrida; simpan ulang PDF-nya lalu tanda "
            "tangani berkas baru itu."
        )
    if "timestamp" in teks or "tsa" in teks or "time stamp" in teks:
        return TTEError(
            f"Layanan cap waktu (TSA) {opsi.tsa or ''} tidak dapat memberi cap waktu untuk {nama}; "
            "periksa alamat TSA dan sambungan jaringan lalu coba lagi."
        )
    if "revoked" in teks:
        return TTEError(
            f"Sertifikat penandatangan sudah dicabut sehingga {nama} tidak dapat ditandatangani; "
            "hubungi penerbit sertifikat."
        )
    if (
        "validat" in teks
        or "revocation" in teks
        or "ocsp" in teks
        or "crl" in teks
        or "path" in teks
    ):
        return TTEError(
            f"Data validasi jangka panjang (OCSP/CRL) untuk {nama} tidak dapat dikumpulkan; "
            "periksa akar tepercaya di naskah.toml dan sambungan ke layanan penerbit sertifikat."
        )
    if "connect" in teks or "timeout" in teks or "network" in teks:
        return TTEError(
            f"Sambungan jaringan gagal saat menandatangani {nama}; periksa jaringan lalu coba lagi."
        )
    if "pin" in teks or "token" in teks or "pkcs11" in teks:
        return TTEError(
            f"Token gagal membuat tanda tangan untuk {nama}; pastikan token masih terpasang lalu "
            "coba lagi."
        )
    return TTEError(
        f"Berkas {nama} tidak dapat ditandatangani ({type(exc).__name__}); periksa apakah PDF-nya "
        "utuh, lalu ulangi dengan --verbose dan laporkan pesannya bila masih gagal."
    )
