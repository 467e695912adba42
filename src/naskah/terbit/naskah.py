"""``naskah terbitkan``: one document from YAML to numbered, rendered, signed, archived, indexed.

The stages, in this order and nowhere else:

1. lint (stop on ``galat``);
2. number: the document's row (state ``draf``) is written in the transaction that takes the
   number (:meth:`naskah.register.Register.ambil_untuk`), or the number the YAML already carries
   (registered earlier, e.g. imported from the old buku agenda) is linked to it;
3. render DOCX and PDF/A with that number (printed in the document and every lampiran heading);
4. sign when asked: each verifikator's paraf in order, then the pejabat;
5. archive (the archived YAML holds the number) and index;
6. state ``terbit`` (signed) or ``menunggu_ttd`` (archived unsigned).

Resume: every run starts from the register and the archive. A document with a row keeps its
number (even when the YAML was edited after a failed attempt); a row in ``draf`` whose number
is already archived (a crash after the archive committed) is re-indexed and its state
advanced; a document archived unsigned is signed from its archived PDF when ``naskah terbitkan
--tandatangani`` runs again.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from naskah.arsip import (
    Arsip,
    EntriArsip,
    NaskahTerbit,
    OpsiArsip,
    dalam_arsip,
    periksa_dapat_diarsipkan,
    tentang_buku,
)
from naskah.berkas import alasan_os, tulis_bytes
from naskah.config import Konfigurasi
from naskah.errors import (
    ArchiveError,
    InputError,
    NaskahError,
    RegisterError,
    TanggalMundurError,
    TTEError,
    UsageError,
)
from naskah.loader import muat_dokumen
from naskah.models import (
    BukuStandarPelayanan,
    Dokumen,
    Keputusan,
    SertifikatKegiatan,
    SuratDinas,
    SuratTugas,
)
from naskah.nomor import NomorNaskah
from naskah.register import Register, pengguna_bawaan
from naskah.terbit import keadaan as kd
from naskah.terbit.bersama import (
    gerbang_periksa,
    id_verifikasi_baru,
    indeks_ulang_entri,
    kunci_berkas,
    titik,
)
from naskah.terbit.skema import Keadaan

if TYPE_CHECKING:
    from naskah.terbit.sertifikat import HasilSertifikat

MintaRahasia = Callable[[Path | None, str], str]
"""``minta(p12, prompt)``: the passphrase of the key file ``p12`` (None: naskah.toml's key)."""


@dataclass(frozen=True)
class PermintaanTerbit:
    """What ``naskah terbitkan`` was asked to do for one document file."""

    berkas: Path
    tandatangani: bool = False
    """Sign with the pejabat's key (``p12``, else naskah.toml's ``[tte] p12``/token)."""
    p12: Path | None = None
    paraf: tuple[Path, ...] = ()
    """The verifikator's PKCS#12 files, in the order they paraf; only with ``tandatangani``."""
    tampak: bool = True
    """Visible signature in the signature block."""
    keluaran: Path | None = None
    """Folder for copies of the issued files; ``terbit/`` in the working folder when None."""
    oleh: str | None = None


@dataclass(frozen=True)
class HasilTerbit:
    """What one run did to one document."""

    berkas: Path
    kunci: str
    nomor: str
    keadaan: Keadaan
    nomor_baru: bool
    """The number was taken in this run."""
    id_verifikasi: str
    lokasi_arsip: str
    salinan: tuple[Path, ...] = ()
    catatan: tuple[str, ...] = field(default=())
    """Notes for the user (already issued, index warnings)."""


def _perihal(model: Dokumen) -> str:
    if isinstance(model, Keputusan):
        return model.tentang
    if isinstance(model, BukuStandarPelayanan):
        return tentang_buku(model)
    if isinstance(model, SuratTugas):
        return model.untuk[0] if model.untuk else "Surat Tugas"
    if isinstance(model, SuratDinas):
        return model.hal
    if model.jenis == "perjanjian_kerja_sama":
        return f"Perjanjian Kerja Sama {getattr(model, 'tentang', '')}".strip()
    return str(getattr(model, "tentang", None) or model.jenis)


def _ambil_atau_tautkan(
    reg: Register, model: Dokumen, kunci: str, oleh: str
) -> tuple[kd.CatatanTerbit, bool]:
    """Return the document's row, taking (or linking) its number when it has none."""
    with reg.transaksi() as conn:
        ada = kd.cari_kunci(conn, kunci)
        if ada is not None and ada.keadaan != "terbit":
            n = reg.cari_nomor(conn, ada.nomor)
            if n.keadaan == "batal":
                # the number was cancelled (`naskah nomor batal`) before the document was
                # issued: the row keeps that record under another key; the file gets a new one
                kd.lepaskan_batal(conn, ada, oleh=oleh, waktu=reg.jam())
                ada = None
        if ada is None and model.nomor is not None:
            # a number given in the YAML: it must be in the register, not used by another file
            n = reg.cari_nomor(conn, model.nomor.teks, seri=model.seri)
            if n.keadaan == "batal":
                raise RegisterError(
                    f"Nomor {n.teks} sudah dibatalkan di register; hapus kunci `nomor` dari "
                    "berkasnya agar naskah mendapat nomor baru."
                )
            from sqlalchemy import select

            from naskah.terbit.skema import terbit_naskah

            lain = conn.execute(
                select(terbit_naskah.c.kunci).where(terbit_naskah.c.nomor_id == n.id)
            ).scalar()
            if lain is not None:
                raise RegisterError(
                    f"Nomor {n.teks} sudah dipakai naskah lain ({lain.split(':', 1)[-1]}); "
                    "hapus kunci `nomor` dari berkas ini agar mendapat nomor sendiri."
                )
            kd.tambah(
                conn,
                [{"kunci": kunci, "jenis": model.jenis, "nomor_id": n.id, "nomor": n.teks,
                  "id_verifikasi": id_verifikasi_baru()}],
                oleh=oleh, waktu=reg.jam(),
            )  # fmt: skip
            ada = kd.cari_kunci(conn, kunci)
            assert ada is not None
            return ada, False
    if ada is not None:
        return ada, False
    idv = id_verifikasi_baru()

    def catat(conn: object, nomor: list) -> None:
        kd.tambah(
            conn,  # type: ignore[arg-type]
            [{"kunci": kunci, "jenis": model.jenis, "nomor_id": nomor[0].id,
              "nomor": nomor[0].teks, "id_verifikasi": idv}],
            oleh=oleh, waktu=reg.jam(),
        )  # fmt: skip

    tanggal = getattr(model, "tanggal", None)
    if tanggal is None:
        raise InputError(f"Naskah {kunci} belum bertanggal; isi kunci `tanggal` lalu ulangi.")
    nama = kunci.split(":", 1)[-1]
    _periksa_klasifikasi(reg, model, nama)
    try:
        reg.ambil_untuk(
            model.seri, 1, tanggal=tanggal, perihal=_perihal(model), catat=catat,
            klasifikasi=model.klasifikasi, jenis=model.jenis, oleh=oleh,
        )  # fmt: skip
    except TanggalMundurError as exc:
        raise _jalan_mundur(exc, model, nama) from None
    except RegisterError:
        # another process numbered this same document first: use its number
        with reg.transaksi() as conn:
            ada = kd.cari_kunci(conn, kunci)
        if ada is None:
            raise
        return ada, False
    with reg.transaksi() as conn:
        ada = kd.cari_kunci(conn, kunci)
    assert ada is not None
    return ada, True


def _periksa_klasifikasi(reg: Register, model: Dokumen, nama: str) -> None:
    """Refuse, before a number is taken, a document whose series needs a klasifikasi it lacks
    (or names one the office does not use): the fix is in the YAML, not an option."""
    k = reg.konfigurasi
    pola = k.ambil_seri(model.seri).pola_nomor
    if "klasifikasi" not in pola.bagian:
        return
    sah = k.seri[model.seri].klasifikasi or sorted(k.klasifikasi)
    if not model.klasifikasi or (sah and model.klasifikasi not in sah):
        apa = f"menulis kode klasifikasi {model.klasifikasi!r} yang tidak dikenal" if (
            model.klasifikasi) else "belum memuat kode klasifikasi arsip"  # fmt: skip
        raise InputError(
            f"Naskah {nama} {apa}, padahal nomor seri {model.seri!r} memuatnya; isi kunci "
            f"`klasifikasi` pada berkasnya"
            + (f" (kode yang sah: {', '.join(sah)})" if sah else "")
            + " lalu ulangi. Tidak ada nomor baru yang diambil."
        )


def _jalan_mundur(exc: TanggalMundurError, model: Dokumen, nama: str) -> InputError:
    """Return the refusal of a back-dated document with its one path: take an inserted number
    after ``exc.induk``, write it in the YAML's ``nomor`` key, issue again (the number given
    in the YAML is linked, not taken)."""
    if exc.induk is None:
        return InputError(f"{exc.pesan} Tidak ada nomor baru yang diambil.")
    tanggal = getattr(model, "tanggal", None)
    k = f" -k {model.klasifikasi}" if model.klasifikasi else ""
    t = f" -t {tanggal.isoformat()}" if tanggal else ""
    return InputError(
        f"{exc.pesan.split(';', 1)[0]}; untuk naskah bertanggal mundur ambil nomor sisipan "
        f"dengan `naskah nomor sisip --setelah {exc.induk} -s {model.seri}{k}{t} -p "
        f'"{_perihal(model)}"`, tulis nomor itu pada kunci `nomor` di {nama}, lalu '
        "jalankan `naskah terbitkan` lagi. Tidak ada nomor baru yang diambil."
    )


def _periksa_sebelum_nomor(
    konfigurasi: Konfigurasi, model: Dokumen, path: Path, p: PermintaanTerbit, minta: MintaRahasia
) -> None:
    """Refuse before any number is taken or anything rendered what would be refused later:
    a kind the archive cannot keep, and (when signing with a key file or token) each key that
    is missing, locked with another passphrase or held by someone else."""
    periksa_dapat_diarsipkan(model)
    if not p.tandatangani or konfigurasi.tte.penyedia == "bsre":
        return  # BSrE: its own checks ran (naskah.tte.bsre.perintah.siapkan_terbit)
    from naskah.catatan_ttd import Pemegang, Pihak
    from naskah.tte.perintah import periksa_kunci

    def milik(pemegang: Pemegang) -> str:
        nomor = f" (NIP/NIK {pemegang.nomor})" if pemegang.nomor else " (tanpa NIP)"
        return pemegang.nama + nomor

    verifikator = list(getattr(model, "verifikator", None) or [])
    for i, (kunci, v) in enumerate(zip(p.paraf, verifikator, strict=False), start=1):
        harus = Pihak.dari_pejabat(v)
        lain = periksa_kunci(konfigurasi, kunci, harus, lambda t, k=kunci: minta(k, t))  # type: ignore[misc]
        if lain is not None:
            urutan = ", lalu ".join(x.nama_lengkap for x in verifikator)
            raise TTEError(
                f"Paraf ke-{i} ({kunci.name}) milik {milik(lain)}, padahal paraf ke-{i} "
                f"diberikan {harus.nama_lengkap}; sebutkan --paraf berurutan: {urutan}. Tidak "
                "ada nomor baru yang diambil."
            )
    pejabat = getattr(model, "penandatangan", None)
    if pejabat is not None:
        harus = Pihak.dari_pejabat(pejabat)
        lain = periksa_kunci(konfigurasi, p.p12, harus, lambda t: minta(p.p12, t))
        if lain is not None:
            nip = f" (NIP {harus.nip})" if harus.nip else ""
            raise TTEError(
                f"Sertifikat {p.p12.name if p.p12 else 'penandatangan'} milik {milik(lain)}, "
                f"padahal naskah {path.name} ditandatangani {harus.nama_lengkap}{nip}; gunakan "
                "sertifikat elektronik orang tersebut. Tidak ada nomor baru yang diambil."
            )


def _bernomor(konfigurasi: Konfigurasi, model: Dokumen, teks: str) -> Dokumen:
    pola = konfigurasi.ambil_seri(model.seri).pola_nomor
    return model.model_copy(update={"nomor": NomorNaskah.parse(teks, pola)})


def _tanda_tangan(
    konfigurasi: Konfigurasi,
    p: PermintaanTerbit,
    pdf: Path,
    kerja: Path,
    id_dok: str,
    minta: MintaRahasia,
    model: object = None,
) -> Path:
    """Paraf ``pdf`` by each verifikator in order, then sign it; return the signed file.

    The i-th paraf key must be the i-th verifikator of ``model`` (the document the PDF was
    rendered from); the signer check compares each key's holder with the PDF's record.
    """
    from naskah.catatan_ttd import Pihak
    from naskah.tte.perintah import PermintaanTandaTangan, tandatangani_berkas

    verifikator = list(getattr(model, "verifikator", None) or [])
    sekarang_pdf = pdf
    for i, kunci in enumerate(p.paraf, start=1):
        folder = kerja / f"paraf-{i}"
        hasil = tandatangani_berkas(
            konfigurasi,
            PermintaanTandaTangan(
                berkas=(sekarang_pdf,), peran="paraf", p12=kunci, tampak=p.tampak,
                keluaran=folder, id_dok=id_dok,
            ),
            lambda prompt, k=kunci: minta(k, prompt),  # type: ignore[misc]
        )  # fmt: skip
        sekarang_pdf = hasil.hasil[0].keluaran
        tercatat = hasil.hasil[0].tercatat
        if i <= len(verifikator) and tercatat is not None:
            harus = Pihak.dari_pejabat(verifikator[i - 1])
            if tercatat != harus:
                urutan = ", lalu ".join(v.nama_lengkap for v in verifikator)
                raise TTEError(
                    f"Paraf ke-{i} ({kunci.name}) milik {tercatat.nama_lengkap}, padahal paraf "
                    f"ke-{i} diberikan {harus.nama_lengkap}; sebutkan --paraf berurutan: "
                    f"{urutan}."
                )
        titik(f"paraf-{i}")
    hasil = tandatangani_berkas(
        konfigurasi,
        PermintaanTandaTangan(
            berkas=(sekarang_pdf,), peran="pejabat", p12=p.p12, tampak=p.tampak,
            keluaran=kerja / "ttd", id_dok=id_dok, jumlah_paraf=len(p.paraf),
        ),
        lambda prompt: minta(p.p12, prompt),
    )  # fmt: skip
    titik("ditandatangani")
    return hasil.hasil[0].keluaran


def _pdf_arsip(arsip: Arsip, entri: EntriArsip, pdf: Path, kerja: Path) -> Path:
    """Return a copy (in ``kerja``) of the archived PDF, refused unless its bytes are the ones
    the archive recorded for this entry (SHA-256 in the catalog): a replaced file is never
    signed (issue 20 item 6)."""
    try:
        data = pdf.read_bytes()
    except OSError as exc:
        raise ArchiveError(f"PDF arsip {pdf} tidak dapat dibaca ({alasan_os(exc)}).") from None
    cek = arsip.periksa_berkas(data)
    if not (cek.diarsipkan and cek.peran == "pdf" and cek.entri and cek.entri.id == entri.id):
        raise ArchiveError(
            f"PDF arsip {pdf} tidak sama dengan yang diarsipkan untuk nomor {entri.nomor} "
            "(SHA-256 berbeda), sehingga tidak ditandatangani; periksa arsip dengan `naskah "
            "arsip periksa` dan pulihkan berkas aslinya."
        )
    salinan = kerja / "naskah.pdf"
    salinan.write_bytes(data)
    return salinan


def _salin(keluaran: Path, stem: str, entri: EntriArsip, akar: Path) -> tuple[Path, ...]:
    """Copy the archived files of ``entri`` to the user's output folder."""
    folder = dalam_arsip(akar, entri.lokasi)
    hasil = []
    for nama, akhiran in (("naskah.docx", ".docx"), ("naskah.pdf", ".pdf"),
                          ("naskah-ttd.pdf", "-ttd.pdf")):  # fmt: skip
        asal = folder / nama
        if asal.is_file():
            hasil.append(tulis_bytes(keluaran / f"{stem}{akhiran}", asal.read_bytes()))
    return tuple(hasil)


def _terkini(arsip: Arsip, nomor: str) -> EntriArsip | None:
    entri = [e for e in arsip.riwayat(nomor) if e.status == "terkini"]
    return entri[-1] if entri else None


def _periksa_paraf(path: Path, model: object, p: PermintaanTerbit) -> None:
    """Refuse, before any number is taken, paraf keys that do not match the verifikator."""
    verifikator = list(getattr(model, "verifikator", None) or [])
    if not p.tandatangani or len(verifikator) == len(p.paraf):
        return
    if not verifikator:
        raise InputError(
            f"Naskah {path} tidak mencantumkan verifikator, jadi tidak ada yang memaraf; isi "
            "`verifikator` pada naskahnya atau hapus --paraf."
        )
    nama = ", lalu ".join(v.nama_lengkap for v in verifikator)
    raise InputError(
        f"Naskah {path} diparaf oleh {len(verifikator)} verifikator ({nama}), tetapi "
        f"{len(p.paraf)} kunci --paraf diberikan; sebutkan satu --paraf untuk setiap "
        "verifikator, berurutan."
    )


def terbitkan(
    konfigurasi: Konfigurasi,
    p: PermintaanTerbit,
    minta_rahasia: MintaRahasia | None = None,
) -> HasilTerbit | HasilSertifikat:
    """Issue one document file, resuming whatever an earlier run left (see the module doc).

    An activity's certificate file (jenis: sertifikat) issues its participants' certificates
    (:func:`naskah.terbit.sertifikat.terbitkan_sertifikat`, always signed) and returns its
    summary.
    """
    if p.paraf and not p.tandatangani:
        raise UsageError("--paraf hanya dipakai bersama --tandatangani.")
    path = Path(p.berkas)
    gerbang_periksa(path, konfigurasi)
    model = muat_dokumen(path, konfigurasi)
    from naskah.render.konteks import PESAN_LOGO_CONTOH, logo_contoh

    if logo_contoh(model, konfigurasi):  # a draft's emblem: never numbered, issued or signed
        raise InputError(PESAN_LOGO_CONTOH)
    _periksa_paraf(path, model, p)
    minta = minta_rahasia or (lambda _k, prompt: "")
    if p.tandatangani and konfigurasi.tte.penyedia == "bsre" and hasattr(model, "penandatangan"):
        # BSrE: every signer's status checked and secret asked before anything is numbered
        from naskah.tte.bsre.perintah import siapkan_terbit

        minta = siapkan_terbit(konfigurasi, model, p.paraf, p.p12, minta)
    if isinstance(model, SertifikatKegiatan):
        # an activity: one signed certificate per participant of its berkas_peserta
        from naskah.terbit.sertifikat import PermintaanSertifikat, terbitkan_sertifikat

        return terbitkan_sertifikat(
            konfigurasi,
            PermintaanSertifikat(kegiatan=path, p12=p.p12, keluaran=p.keluaran, oleh=p.oleh),
            lambda prompt: minta(p.p12, prompt),
        )
    oleh = p.oleh or pengguna_bawaan()
    # every secret asked once: the checks below open each key, signing opens it again
    rahasia: dict[Path | None, str] = {}
    minta_asli = minta

    def sekali(k: Path | None, prompt: str) -> str:
        if k not in rahasia:
            rahasia[k] = minta_asli(k, prompt)
        return rahasia[k]

    minta = sekali
    _periksa_sebelum_nomor(konfigurasi, model, path, p, minta)
    kunci = kunci_berkas(konfigurasi, path, "naskah")
    keluaran = Path(p.keluaran or Path.cwd() / "terbit")
    catatan: list[str] = []
    with Arsip(
        konfigurasi, opsi=OpsiArsip(oleh=oleh), titik=lambda n: titik(f"arsip:{n}")
    ) as arsip:
        reg = arsip.register
        baris, baru = _ambil_atau_tautkan(reg, model, kunci, oleh)
        titik("bernomor")
        if baris.keadaan == "batal":
            raise RegisterError(
                f"Naskah {path} bernomor {baris.nomor} sudah dibatalkan; naskah yang dibatalkan "
                "tidak diterbitkan lagi."
            )
        if model.nomor is not None and model.nomor.teks != baris.nomor:
            raise InputError(
                f"Naskah {path} sudah bernomor {baris.nomor} di register, tetapi berkasnya "
                f"menulis {model.nomor.teks}; hapus atau betulkan kunci `nomor`."
            )
        entri = _terkini(arsip, baris.nomor)
        kerja = Path(tempfile.mkdtemp(prefix="naskah-terbit-"))
        try:
            if entri is not None and not entri.ditandatangani and p.tandatangani:
                # archived awaiting signature: sign the archived PDF, archive the signed copy
                folder = dalam_arsip(arsip.akar, entri.lokasi)
                arsip_model = muat_dokumen(folder / "naskah.yaml", konfigurasi)
                # the signed copy keeps the id printed in the document (its lampiran QR codes,
                # its signer record): the stamp's QR carries it too. The archive gives the new
                # version a catalog id of its own (one per version), and answers the printed
                # id with the signed version that replaced the unsigned one.
                idv = entri.id_verifikasi
                asli = _pdf_arsip(arsip, entri, folder / "naskah.pdf", kerja)
                ttd = _tanda_tangan(konfigurasi, p, asli, kerja, idv, minta, arsip_model)
                hasil = arsip.simpan(NaskahTerbit(
                    arsip_model, pdf=folder / "naskah.pdf", ttd=ttd,
                    docx=folder / "naskah.docx" if (folder / "naskah.docx").is_file() else None,
                    sumber=(folder / "naskah.yaml").read_bytes(),
                    id_verifikasi=id_verifikasi_baru(),
                ))  # fmt: skip
                catatan.extend(hasil.peringatan)
                entri = hasil.entri[0]
                titik("diarsipkan")
            elif entri is None:
                bernomor = _bernomor(konfigurasi, model, baris.nomor)
                from naskah.render import PermintaanRender, render_berkas

                r = render_berkas(
                    [(path, bernomor)],
                    PermintaanRender(
                        # awaiting signature: signed electronically later when the office signs
                        format="semua",
                        keluaran=kerja,
                        catatan_tte=p.tandatangani or None,
                    ),
                    konfigurasi=konfigurasi,
                    id_verifikasi=[baris.id_verifikasi],  # the id given with the number
                )[0]
                assert r.pdf is not None
                titik("dirender")
                ditandatangani = (
                    _tanda_tangan(
                        konfigurasi, p, r.pdf, kerja, baris.id_verifikasi, minta, bernomor
                    )
                    if p.tandatangani
                    else None
                )
                hasil = arsip.simpan(NaskahTerbit(
                    bernomor, pdf=r.pdf, ttd=ditandatangani, docx=r.docx,
                    id_verifikasi=baris.id_verifikasi,
                ))  # fmt: skip
                catatan.extend(hasil.peringatan)
                entri = hasil.entri[0]
                titik("diarsipkan")
            else:
                if baris.keadaan == "draf":
                    indeks_ulang_entri(arsip, [entri.id])  # a crash may have cut indexing short
                else:
                    catatan.append(
                        f"Naskah ini sudah {'terbit' if entri.ditandatangani else 'diarsipkan'} "
                        f"dengan nomor {baris.nomor}; tidak ada yang diubah."
                        + ("" if entri.ditandatangani else
                           " Tandatangani dengan `naskah terbitkan --tandatangani`.")
                    )  # fmt: skip
        except NaskahError:
            raise
        except OSError as exc:
            raise InputError(f"Berkas kerja tidak dapat ditulis ({alasan_os(exc)}).") from None
        finally:
            shutil.rmtree(kerja, ignore_errors=True)
        keadaan: Keadaan = "terbit" if entri.ditandatangani else "menunggu_ttd"
        with reg.transaksi() as conn:
            kd.ubah_keadaan(conn, [baris], keadaan, oleh=oleh, waktu=reg.jam())
        titik("selesai")
        salinan = _salin(keluaran, path.stem, entri, arsip.akar)
    return HasilTerbit(
        berkas=path, kunci=kunci, nomor=baris.nomor, keadaan=keadaan, nomor_baru=baru,
        # the id printed in the document (its QR codes), the signed version's too
        id_verifikasi=baris.id_verifikasi, lokasi_arsip=entri.lokasi, salinan=salinan,
        catatan=tuple(catatan),
    )  # fmt: skip
