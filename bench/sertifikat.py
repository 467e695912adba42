"""Bench: certificates of one activity, the fast pipeline against the naive one, in one run.

Usage: ``PYTHONPATH=src python bench/sertifikat.py [--jumlah 1000] [--sampel 50] [--pekerja 2]``

The example activity (examples/sertifikat-kegiatan.yaml, two pages: the certificate and its
materi table) is issued to ``--jumlah`` participants by the fast pipeline and to ``--sampel`` of
them by the naive one (about a second per certificate, so the full set would only repeat the
same number). Each pipeline is a list of stages (:data:`TAHAP_CEPAT`, :data:`TAHAP_NAIF`); today
both have the render + PDF/A stage; signing, archiving and indexing are added as further stages
the same way. For every stage it prints wall time and CPU time (this process plus LibreOffice)
per certificate, then the ratio per certificate and the peak memory (this process, and the
largest child process). Every output is checked: two pages, PDF/A-2b. Profiles are warmed
before timing, as in a running office. On a busy machine wall time is inflated: compare the
CPU figures too, and ratios within one run.

Design (render + PDF/A), and why. Measured here: one docxtpl render costs about 30 ms per
separate document (loading the template, parsing it, writing a package), while one render of the
template's own loop over many participants costs 2–5 ms per certificate; LibreOffice lays out
one long document much more cheaply per page than many files, and one ``soffice`` start costs
about a second. So :func:`naskah.render.sertifikat.render_sertifikat` cuts the participants into
parts (``--per-berkas``, 50 by default), renders each part with ONE docxtpl pass, converts
each converter's share of the parts in ONE LibreOffice call (``--pekerja`` converters with their
own profiles, converting while the next converter's parts are rendered) and splits the PDF back at
the per-certificate bookmarks with qpdf (pikepdf; pypdf cost four times more per certificate),
giving each certificate its own PDF/A identity and title. The materi page (page two) is the same
for every participant: it is converted once per part and added to each certificate, which
halves LibreOffice's work (checked page by page; a template printing participant data there is
converted as usual). The QR code is a small picture printed
at render time (no visible signature stamp is needed later); pictures are what LibreOffice pays
for per page, so the frame is a JPEG (embedded as it is), the logo is reduced to 200 dpi and
there is one QR code per certificate.

The whole pipeline (``naskah sertifikat terbitkan``, :func:`naskah.terbit.sertifikat.
terbitkan_sertifikat`) is measured after that on an office made by ``naskah init --contoh``:
numbers (all new participants in ONE register transaction that also writes their state rows),
then steps of 250: render + PDF/A as above, B-B signing with one key opened once
(:class:`SesiTandaTangan`: the CMS size measured on the first file, the signer check done once
against the printed signer), archive (one catalog transaction and one syncfs pass per step) and
index (one index commit per step), then the states. Its stages are timed from the pipeline's own
step reports; since steps overlap, "render + PDF/A" is only the time this process WAITED for a
step's render. The naive pipeline on the sample does the same per certificate:
``Register.ambil``, docxtpl, one ``soffice`` call, pyHanko's documented ``signers.sign_pdf``
with default settings, ``Arsip.simpan`` (one catalog transaction and one index commit per
document).

Design of the whole pipeline, and why (profiled with pyinstrument on 200-250 certificates,
``--hanya-lengkap``). Before: render 21.8 ms, signing 16.5 ms, archive + index 21.1 ms per
certificate, one after the other (59.6 s for 1000; earlier still, 70 % was the archive reading
each PDF's text with pypdf: a step's text now comes from ONE ``pdftotext`` call,
:mod:`naskah.render.teks`). Three things changed:

* The archive verified every signed PDF with the full pyHanko validation (~17 ms: pyHanko
  reads the 8 KB /Contents hex string byte by byte, then validates the chain). All 1000 are
  signed by one key, so :class:`naskah.tte.batch.VerifikasiBatch` validates each signer
  certificate's chain once (the full verification of its first file) and checks each further
  file on its own bytes with qpdf + asn1crypto (~3 ms): one approval signature whose /ByteRange
  covers the whole file, the hole exactly its /Contents, the digest and the RSA signature
  against the cached certificate, the signer record, no active content. Anything else goes the
  full way, so a tampered file is refused with the same sentence (tests/sertifikat/
  test_verifikasi_batch.py). Only the pipeline asks for it (``NaskahTerbit.verifikasi_batch``);
  ``naskah arsip simpan --ttd`` stays fully verified.
* Signing: two thirds of pyHanko's time per file went into asn1crypto serialising the
  signing-certificate-v2 attribute afresh (issuer name, serial, hash). It is the same for every
  signature of a key: built once, reused as parsed DER (``_CachedKeySigner``), about 2.2x less
  per signature. Each signed file is no longer fsynced alone: one syncfs per step.
* Overlap: render (docxtpl, QR, LibreOffice, split, text layer) and sign + archive are both
  mostly Python; in one process they take turns on the GIL. The render runs in a forked child
  process (:mod:`naskah.terbit.perender`, forked before the key and the register are opened, dying
  with its parent) which drives LibreOffice, while this process signs and archives the previous
  step. A thread instead of a process was tried first: on the same busy machine it was ~10 %
  slower (the render's Python work then waits for the signer's).
Then (issue 19, profiled with pyinstrument and cProfile on 500 certificates): of the
archive stage, half was Whoosh (analysis, postings, commit), a fifth the per-file signature check,
and of that check 60 % was pyHanko matching the signing-certificate attribute against the
certificate by comparing issuer names through LDAP string preparation (its byte shortcut never
applies to an ``ESSCertIDv2``): the match is now remembered per certificate and attribute
(``VerifikasiBatch``, about 3x less per file); ``metadata.json`` is serialised once per entry;
Whoosh no longer looks for an absent length column's file once per posting (~120 ``stat`` per
certificate). Measured under load 8-19 (other sessions running; 1000 certificates, naive sample
50), before and after in alternation: archive + index 107.8 of 246.7 ms (44 %, 31.2x naive) and
63.8 of 170.9 ms (37 %, 28.9x) before; 68.7 of 211.0 ms (33 %, 35.6x) and 47.2 of 134.9 ms
(35 %, 28.4x) after. Under such load a run differs from the next by 30 %; the bar of issue 19
(under 25 %, 60x) is not reached: Whoosh's indexing is the largest part left.
Then (issue 19 item 6, second pass; pyinstrument and cProfile on 500 certificates of the whole
pipeline, this process): of the archive stage, 53 % was Whoosh (adding 33 %, the commit 18 %,
of which a merge reading back every earlier step's postings), 22 % preparing (the signature
check 14 %, the YAML source 4 %), 14 % deciding each entry with four or five catalog queries of
its own and 11 % writing files, moving folders and the catalog rows one by one. Five changes:
the catalog reads of a step are a few ``IN (...)`` statements and its writes one statement per
table (:class:`naskah.arsip.katalog.Prasimpan`, the same answers, read inside the same
transaction; the deciding went from 5.2 to 1.0 s per 500); ``metadata.json`` is built without
``asdict``'s deep copy; the YAML source is dumped entry by entry and the activity's shared
``kegiatan`` text reused (the same bytes: tests/arsip/test_yaml_sumber.py); the tokenizer scans
a document's long text once (``semua`` begins with ``frasa``: tests/cari/test_pecah.py checks
identical tokens against the old scan); and a commit merges small index segments by size tier
instead of every small segment once there are four (a step of 250 read back every certificate
before it). The unsigned PDFs of a step are removed in a background thread (an unlink waited
about 3 ms on a busy disk). Nothing about durability changed: the same syncfs passes, one
catalog transaction, the index committed and fsynced before a step's rows become ``terbit``.
Measured with other sessions running (1000 certificates, naive sample 50), the code before
these changes: 67.2 ms per certificate, archive + index 24.8 (37 %), 27.7x (load 4.6); after,
two runs: 71.3 ms, archive + index 21.4 (30 %), 32.9x (load 1.2-5) and 64.9 ms, 18.1 (28 %),
35.9x (load 4.9). Under such load the bar (under 25 %, 60x) is still not reached. What is
left in the archive stage is Whoosh's own work per posting (about 400 postings per certificate:
analysis, the posting pool, the commit; 55-60 % of the stage) and the per-file signature check
of :mod:`naskah.tte.batch` (about 15 %). Indexing in a process of its own while the next step
is signed was tried: it takes the index off this process, but a step is then issued only
during the next one, which changes what a crash or a full disk leaves at each step
(tests/terbit/test_sertifikat_gangguan.py), so it was left out. The render wait (the render
process, LibreOffice) is now the largest stage.
The first step's render is the one wait nothing hides, so the first step is a fifth of the
others (50 of 250); smaller steps throughout would cost a LibreOffice start per converter each.
Measured after these changes on a busy machine (load 2.7-3.6, other sessions running; 1000
certificates, naive sample 50): 38.8 s (render wait 10.2, signing 12.6, archive + index 14.9 ms
per certificate), 45.2x, peak 331 MiB here and 391 MiB in the largest child; CPU (this process
+ children) about 58 ms per certificate, so on two quiet cores the floor is about 29 s.
Then (issue 19 item 6, third pass; cProfile and pyinstrument on 250 and 500 certificates of
the whole pipeline, and the render step alone with its CPU counted per part). Where the CPU of
a certificate goes: LibreOffice about 30 ms (its children's CPU; the same with one QR picture
for all, so the pictures are not what it pays for), the render process about 11.5 ms (docxtpl
and QR 4, splitting 4.5, the text layer 3), this process about 12 ms (signing 5-6.5, archive +
index 6.8; printed as "CPU proses ini" since this pass). The pipeline is CPU-bound on two
cores, so its floor is about half the sum, ~28 ms per certificate; 60x the naive figure needs
~24 ms, which no change outside LibreOffice's per-page layout can reach (even the whole of this
process's work is only 12 ms). The one thing found and changed: each signed file looked for a
killed signer's temporary file by listing the output folder (``bersihkan_sementara``), which
grows to a thousand names, so a run listed it a thousand times (1.8 s per 1000 certificates);
the folder is now swept once per run (``bersihkan_sementara_folder``, the same rule: only a
dead writer's files) and the signing stage's CPU went from 6.6 to 5.3 ms per certificate.
Tried and left out: ``pdftotext`` on LibreOffice's part PDF instead of the split files (23 s
for 250 pages: the part's structure tree), LibreOffice without tagged PDF (no measurable
change), a faster ``metadata.json`` encoder (its cost in the pipeline was the profiler's).
Measured under load 8-14 (other sessions' suites running), 1000 certificates, naive sample 50,
the code before, three runs: 135.0 ms (archive + index 37.4, 28 %, 23.9x), 181.3 (61.9, 34 %,
36.0x), 115.3 (23.1, 20 %, 21.6x); after: 105.0 (38.8, 37 %, 35.9x), 97.8 (23.7, 24 %, 36.4x),
74.5 (22.2, 30 %; its 67.1x is not a result: the naive sample ran beside a test suite).
A run differs from the next by 30-50 % at such load; the CPU column is the steadier figure.
Then (issue 19 item 6, fourth pass), with the CPU of the whole run now printed (this process,
the render processes and their LibreOffice, "CPU seluruhnya"): 62.4 and 64.4 ms per certificate
before. Measured on the part DOCX of a step: a ``soffice`` start costs 1.05 s of CPU, and
LibreOffice's own cost per certificate grows with the document's length (21-23 ms in documents
of 50, 23 in one of 125, 30.5 in one of 250; from ODT the export alone shows it, so it is the
layout and PDF export, not the DOCX import). Each step of 250 was two documents of 125 on two
converters, two starts per step (10.5 ms per certificate of starts). Now two render processes
(:mod:`naskah.terbit.perender`) each take whole steps, two steps in flight, and convert a step
as five documents of 50 in ONE ``soffice`` call (``OpsiSertifikat.per_berkas`` 50; a converter's
parts go in one call): one start per step and shorter documents. The text layer is read from
a copy of each converted part's pages (one ``pdftotext`` per part, the same text: tests/
sertifikat/test_render.py) instead of re-opening every certificate's file. The render
processes run at nice 3, so the signer, whose work is what issues certificates, goes first on
a busy core. Also found: the materi page (page two) names its participant since issue 21, so
it is no longer the same for every participant and LibreOffice lays it out once per
certificate again (the "converted once per part" path above only applies to templates without
participant data there); that is about half of LibreOffice's pages. Tried and left out: cutting
the last step as small as the first (its extra index commit cost the archive ~2 ms per
certificate); driving one long-lived ``soffice`` (a forwarded ``--convert-to`` ends the running
instance, a forwarded macro URL is ignored; without Python-UNO there is no other door).
After, 1000 certificates, naive sample 50: CPU 53.4, 56.8, 51.1, 52.6 ms per certificate (the
code before, the same hour: 62.4, 64.4, 59.9); on the quiet run (load 0.6) 27.8 ms per
certificate wall, archive + index 8.7 (31 %), 52.9x naive (1470 ms); under load 2-5: 44.8 ms
(34.2x), 31.8 (44.6x), 51.6 (39.8x); the code before under load 2.4: 53.1 ms (43.5x). The bar
of issue 19 is not reached: the wall floor on two cores is half the CPU, ~26 ms, against the
~24 ms that 60x a quiet naive run asks; and archive + index (6.7-7.3 ms of CPU in this
process) is more than a quarter of any pipeline under ~28 ms.
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from naskah.config import Konfigurasi  # noqa: E402
from naskah.loader import muat_dokumen  # noqa: E402
from naskah.models import Peserta, Sertifikat, SertifikatKegiatan  # noqa: E402
from naskah.peserta import baca_peserta  # noqa: E402
from naskah.render import KonverterLibreOffice, KonverterParalel, PerenderDocx  # noqa: E402
from naskah.render.pdf import info_pdfa  # noqa: E402
from naskah.render.sertifikat import OpsiSertifikat, nama_berkas, render_sertifikat  # noqa: E402

URL = "https://bpmpkaltim.kemdikbud.go.id/verifikasi/{id}"


@dataclass
class Keadaan:
    """What flows from stage to stage: the activity, its participants and their files."""

    kegiatan: SertifikatKegiatan
    peserta: list[Peserta]
    nomor: list[str]
    id_verifikasi: list[str]
    folder: Path
    konfigurasi: Konfigurasi
    pekerja: int
    per_berkas: int
    pdf: list[Path] = field(default_factory=list)


Tahap = tuple[str, Callable[[Keadaan], None]]


def cepat_render(k: Keadaan) -> None:
    """Render + PDF/A, the fast path: one docxtpl pass and one conversion per part."""
    konverter = KonverterParalel.buat(k.pekerja, folder_profil=k.folder.parent / "profil")
    k.pdf = render_sertifikat(
        k.kegiatan, k.peserta, k.nomor, k.id_verifikasi, k.folder,
        OpsiSertifikat(per_berkas=k.per_berkas), konfigurasi=k.konfigurasi, konverter=konverter,
    )  # fmt: skip


def naif_render(k: Keadaan) -> None:
    """Render + PDF/A, the naive way: docxtpl per certificate, one ``soffice`` call each."""
    perender = PerenderDocx(k.konfigurasi)
    konverter = KonverterLibreOffice(profil=k.folder.parent / "profil" / "naif")
    for p, n, i in zip(k.peserta, k.nomor, k.id_verifikasi, strict=True):
        s = Sertifikat(kegiatan=k.kegiatan, peserta=p, nomor=n, id_verifikasi=i)
        docx = perender.render(s, k.folder / "docx" / f"{nama_berkas(n)}.docx", catatan_tte=True)
        k.pdf += konverter.konversi([docx], k.folder)


TAHAP_CEPAT: list[Tahap] = [("render + PDF/A", cepat_render)]
"""The fast pipeline's stages, in order (signing, archive and index stages go after these)."""
TAHAP_NAIF: list[Tahap] = [("render + PDF/A", naif_render)]
"""The naive pipeline's stages, in the same order."""


def _cpu() -> float:
    diri = resource.getrusage(resource.RUSAGE_SELF)
    anak = resource.getrusage(resource.RUSAGE_CHILDREN)
    return diri.ru_utime + diri.ru_stime + anak.ru_utime + anak.ru_stime


def jalankan(nama: str, tahap: list[Tahap], k: Keadaan) -> dict[str, tuple[float, float]]:
    """Run the stages on ``k``; print and return wall and CPU ms per certificate per stage."""
    hasil: dict[str, tuple[float, float]] = {}
    n = len(k.peserta)
    for judul, fungsi in tahap:
        c0, t0 = _cpu(), time.perf_counter()
        fungsi(k)
        dinding = (time.perf_counter() - t0) * 1000 / n
        cpu = (_cpu() - c0) * 1000 / n
        hasil[judul] = (dinding, cpu)
        print(f"  {nama:6} {judul:24} {dinding:8.1f} ms/sertifikat (CPU {cpu:6.1f} ms)")
    jumlah_dinding = sum(d for d, _ in hasil.values())
    jumlah_cpu = sum(c for _, c in hasil.values())
    print(f"  {nama:6} {'JUMLAH':24} {jumlah_dinding:8.1f} ms/sertifikat (CPU {jumlah_cpu:6.1f} ms)"
          f"; {n} sertifikat dalam {jumlah_dinding * n / 1000:.1f} s")  # fmt: skip
    return hasil


def periksa(pdf: list[Path], n: int) -> None:
    """Check every output: ``n`` files, two pages each, PDF/A-2b."""
    from pypdf import PdfReader

    assert len(pdf) == n, (len(pdf), n)
    for p in pdf:
        assert len(PdfReader(str(p)).pages) == 2, p
        assert info_pdfa(p) == ("2", "B"), p


def keadaan(
    folder: Path, jumlah: int, pekerja: int, per_berkas: int, kegiatan: SertifikatKegiatan
) -> Keadaan:
    contoh = baca_peserta(ROOT / "examples" / "peserta-contoh.csv")
    peserta = [
        Peserta(nama=f"{contoh[i % len(contoh)].nama.split(',')[0]} {i + 1}",
                instansi=contoh[i % len(contoh)].instansi, peran=contoh[i % len(contoh)].peran)
        for i in range(jumlah)
    ]  # fmt: skip
    folder.mkdir(parents=True)
    return Keadaan(
        kegiatan, peserta, [f"{i + 1:04d}/Sertifikat/BPMPKALTIM/2024" for i in range(jumlah)],
        [secrets.token_urlsafe(16) for _ in range(jumlah)], folder,
        Konfigurasi.model_validate({"tte": {"url_verifikasi": URL}}), pekerja, per_berkas,
    )  # fmt: skip


def main() -> int:
    """Run both pipelines and print ms per certificate, the ratio and peak memory."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jumlah", type=int, default=1000)
    ap.add_argument("--sampel", type=int, default=50)
    ap.add_argument("--pekerja", type=int, default=2)
    ap.add_argument("--per-berkas", type=int, default=OpsiSertifikat.per_berkas)
    ap.add_argument(
        "--hanya-lengkap", action="store_true", help="only the whole pipeline comparison"
    )
    ap.add_argument(
        "--tanpa-lengkap", dest="lengkap", action="store_false",
        help="skip the whole pipeline (numbered, signed, archived, indexed)",
    )  # fmt: skip
    args = ap.parse_args()
    dok = muat_dokumen(ROOT / "examples" / "sertifikat-kegiatan.yaml")
    assert isinstance(dok, SertifikatKegiatan)
    print(f"Beban mesin (1/5/15 menit): {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
          f"{os.cpu_count()} inti")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="naskah-bench-sertifikat-") as tmp:
        if args.hanya_lengkap:
            lengkap(args.jumlah, args.sampel)
            _memori()
            return 0
        tmp_path = Path(tmp)
        # warm up: create the profiles once, as in a running office
        pemanasan = keadaan(tmp_path / "pemanasan", args.pekerja * 2, args.pekerja, 1, dok)
        cepat_render(pemanasan)
        naif_pemanasan = keadaan(tmp_path / "pemanasan-naif", 1, 1, 1, dok)
        naif_render(naif_pemanasan)

        cepat = keadaan(tmp_path / "cepat", args.jumlah, args.pekerja, args.per_berkas, dok)
        print(f"Jalur cepat, {args.jumlah} sertifikat, {args.pekerja} pekerja:")
        h_cepat = jalankan("cepat", TAHAP_CEPAT, cepat)
        periksa(cepat.pdf, args.jumlah)
        naif = keadaan(tmp_path / "naif", args.sampel, 1, 1, dok)
        print(f"Jalur naif, sampel {args.sampel} sertifikat:")
        h_naif = jalankan("naif", TAHAP_NAIF, naif)
        periksa(naif.pdf, args.sampel)

    print("Perbandingan per sertifikat (naif / cepat):")
    for judul in h_cepat:
        if judul in h_naif:
            (dc, cc), (dn, cn) = h_cepat[judul], h_naif[judul]
            print(f"  {judul:24} dinding {dn / dc:5.1f}×   CPU {cn / cc:5.1f}×")
    total_c = sum(d for d, _ in h_cepat.values())
    total_n = sum(d for d, _ in h_naif.values())
    print(f"  {'JUMLAH':24} dinding {total_n / total_c:5.1f}×")
    if args.lengkap:
        lengkap(args.jumlah, args.sampel)
    _memori()
    return 0


def _memori() -> None:
    """Print the peak memory of this process and of its largest child."""
    diri = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    anak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    # a forked child starts as a copy of this process: the children's figure is at least ours
    print(f"Memori puncak: proses ini {diri:.0f} MiB; proses anak terbesar (LibreOffice, atau "
          f"proses perender sertifikat) {anak:.0f} MiB")  # fmt: skip


# -- the whole pipeline -------------------------------------------------------------------------


def _kantor(folder: Path, jumlah: int) -> Path:
    """Make an office with the example settings and an activity of ``jumlah`` participants."""
    import shutil

    from naskah.persiapan import buat_konfigurasi

    folder.mkdir(parents=True)
    buat_konfigurasi(folder, contoh=True)
    shutil.copy(ROOT / "examples" / "sertifikat-kegiatan.yaml", folder / "kegiatan.yaml")
    contoh = baca_peserta(ROOT / "examples" / "peserta-contoh.csv")
    baris = ["nama,instansi,email,peran"]
    for i in range(jumlah):
        c = contoh[i % len(contoh)]
        baris.append(
            f'"{c.nama.split(",")[0]} {i + 1}",{c.instansi},p{i + 1}@example.com,{c.peran}'
        )
    (folder / "peserta.csv").write_text("\n".join(baris) + "\n", encoding="utf-8")
    return folder


def lengkap_cepat(kantor: Path, cpu: dict[str, float] | None = None) -> dict[str, float]:
    """Run ``naskah sertifikat terbitkan`` in ``kantor``; return seconds per stage.

    ``cpu`` receives this process's CPU seconds per stage (the render stage's is only this
    process's waiting; the render process and LibreOffice are not in it).
    """
    from naskah.config import muat_konfigurasi
    from naskah.terbit import atur_pengamat
    from naskah.terbit.sertifikat import PermintaanSertifikat, terbitkan_sertifikat

    waktu: dict[str, float] = {}
    akhir = [time.perf_counter()]
    akhir_cpu = [time.process_time()]
    nama = {"bernomor": "periksa + nomor", "dirender": "render + PDF/A",
            "ditandatangani": "tanda tangan B-B", "diarsipkan": "arsip + indeks",
            "langkah": "keadaan"}  # fmt: skip

    def amati(titik: str) -> None:
        if titik in nama:
            t = time.perf_counter()
            waktu[nama[titik]] = waktu.get(nama[titik], 0.0) + t - akhir[0]
            akhir[0] = t
            c = time.process_time()
            if cpu is not None:
                cpu[nama[titik]] = cpu.get(nama[titik], 0.0) + c - akhir_cpu[0]
            akhir_cpu[0] = c

    k = muat_konfigurasi(kantor / "naskah.toml")
    atur_pengamat(amati)
    try:
        terbitkan_sertifikat(
            k, PermintaanSertifikat(kantor / "kegiatan.yaml", kantor / "peserta.csv",
                                    keluaran=kantor / "keluaran"),
            lambda _p: "naskah-uji",
        )  # fmt: skip
    finally:
        atur_pengamat(None)
    return waktu


def lengkap_naif(kantor: Path, jumlah: int) -> dict[str, float]:
    """The naive pipeline per certificate; return seconds per stage."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from naskah.arsip import Arsip, NaskahTerbit
    from naskah.config import muat_konfigurasi
    from naskah.nomor import NomorNaskah

    k = muat_konfigurasi(kantor / "naskah.toml")
    dok = muat_dokumen(kantor / "kegiatan.yaml", k)
    assert isinstance(dok, SertifikatKegiatan)
    peserta = baca_peserta(kantor / "peserta.csv")[:jumlah]
    waktu = dict.fromkeys(("periksa + nomor", "render + PDF/A", "tanda tangan B-B",
                           "arsip + indeks"), 0.0)  # fmt: skip
    pola = k.ambil_seri(dok.seri).pola_nomor
    perender = PerenderDocx(k)
    konverter = KonverterLibreOffice(profil=kantor / "profil-naif")
    signer = signers.SimpleSigner.load_pkcs12(str(kantor / "tte-uji" / "kepala-uji.p12"),
                                              passphrase=b"naskah-uji")  # fmt: skip
    assert signer is not None
    keluar = kantor / "naif"
    with Arsip(k) as arsip:
        for p in peserta:
            t = time.perf_counter()
            n = arsip.register.ambil(dok.seri, tanggal=dok.tanggal, perihal=f"Sertifikat {p.nama}")
            t1 = time.perf_counter()
            idv = secrets.token_urlsafe(16)
            s = Sertifikat(kegiatan=dok, peserta=p, nomor=NomorNaskah.parse(n.teks, pola),
                           id_verifikasi=idv)  # fmt: skip
            docx = perender.render(s, keluar / f"{nama_berkas(n.teks)}.docx", catatan_tte=True)
            [pdf] = konverter.konversi([docx], keluar)
            t2 = time.perf_counter()
            ttd = pdf.with_name(pdf.stem + "-ttd.pdf")
            with pdf.open("rb") as masuk, ttd.open("wb") as out:
                w = IncrementalPdfFileWriter(masuk)
                signers.sign_pdf(
                    w, signers.PdfSignatureMetadata(field_name="Signature"), signer=signer,
                    output=out,
                )  # fmt: skip
            t3 = time.perf_counter()
            arsip.simpan(NaskahTerbit(s, pdf=pdf, ttd=ttd, id_verifikasi=idv))
            t4 = time.perf_counter()
            tahap = (
                ("periksa + nomor", t, t1),
                ("render + PDF/A", t1, t2),
                ("tanda tangan B-B", t2, t3),
                ("arsip + indeks", t3, t4),
            )
            for judul, a, b in tahap:
                waktu[judul] += b - a
    return waktu


def lengkap(jumlah: int, sampel: int) -> None:
    """Run and compare the whole pipelines (fast on ``jumlah``, naive on ``sampel``)."""
    with tempfile.TemporaryDirectory(prefix="naskah-bench-terbit-") as tmp:
        os.environ["TMPDIR"] = tmp  # the LibreOffice profiles of this run
        tempfile.tempdir = None
        hangat = _kantor(Path(tmp) / "hangat", 4)
        lengkap_cepat(hangat)  # warm: profiles, imports
        kantor = _kantor(Path(tmp) / "cepat", jumlah)
        t0, c0 = time.perf_counter(), _cpu()
        cpu_cepat: dict[str, float] = {}
        w_cepat = lengkap_cepat(kantor, cpu_cepat)
        total_cepat = time.perf_counter() - t0
        cpu_total = _cpu() - c0  # this process, the render processes and their LibreOffice
        n_ttd = len(list((kantor / "keluaran").glob("*.pdf")))
        assert n_ttd == jumlah, n_ttd
        kantor_naif = _kantor(Path(tmp) / "naif", sampel)
        w_naif = lengkap_naif(kantor_naif, sampel)
        total_naif = sum(w_naif.values())
    print(f"Pipeline lengkap (nomor, render, PDF/A, TTE B-B, arsip, indeks): {jumlah} sertifikat "
          f"dalam {total_cepat:.1f} s (batas 40 s)")  # fmt: skip
    for judul in w_cepat:
        c = w_cepat[judul] * 1000 / jumlah
        n = w_naif.get(judul)
        naif = f"   naif {n * 1000 / sampel:8.1f} ms" if n is not None else ""
        cpu = cpu_cepat.get(judul, 0.0) * 1000 / jumlah
        print(f"  {judul:20} cepat {c:8.1f} ms/sertifikat (CPU proses ini {cpu:5.1f}){naif}")
    mc, mn = total_cepat * 1000 / jumlah, total_naif * 1000 / sampel
    print(f"  {'JUMLAH':20} cepat {mc:8.1f} ms/sertifikat   naif {mn:8.1f} ms   "
          f"rasio {mn / mc:5.1f}× (sasaran issue 19: ≥ 60×)")  # fmt: skip
    print(f"  CPU seluruhnya (proses ini, proses perender, LibreOffice): "
          f"{cpu_total * 1000 / jumlah:.1f} ms/sertifikat; dinding {mc:.1f} ms pada "
          f"{os.cpu_count()} inti")  # fmt: skip
    bagian = w_cepat.get("arsip + indeks", 0.0) / total_cepat
    print(f"  arsip + indeks {bagian:.0%} dari pipeline (sasaran issue 19: < 25%)")


if __name__ == "__main__":
    sys.exit(main())
