"""Bench: sign 200 one-page PDFs (PKCS#12, PAdES B-B, invisible) two ways in one run.

1. naskah's batch path: key loaded and deserialised once, ``bytes_reserved`` measured on the
   first file so no trial signature is made afterwards.
2. pyHanko's documented per-file path: ``SimpleSigner.load_pkcs12`` once, then
   ``signers.sign_pdf`` with default settings for every file.

Prints ms per document both ways and the ratio (bar: naskah at least 5x faster).

Then the same comparison for visible signatures (QR code, name, jabatan and time in an
embedded TrueType font, placed at the ``[[TTE]]`` marker) on N_TAMPAK PDFs (default N/4):

1. naskah's batch path: the stamp font is cut to the stamp's characters once per batch and
   that compiled subset is embedded in every document, no per-document fontTools work.
2. pyHanko's documented per-file path: ``PdfSigner.sign_pdf`` with a ``QRStampStyle`` whose
   text box uses ``GlyphAccumulatorFactory`` (the font is parsed and subset per document).

Run: ``PYTHONPATH=src python bench/tte.py [N] [N_TAMPAK]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "tests" / "tte"))

from pdfbuat import buat_pdf, catatan_untuk  # noqa: E402

from naskah.tte import SesiTandaTangan, buat_p12_contoh, muat_p12  # noqa: E402

KOTAK = (340, 230, 510, 300)
"""The box the marker at (340, 300) anchors (170 x 70 pt)."""


def main(n: int = 200, n_tampak: int | None = None) -> None:
    import logging

    # the program configures logging, not the library: keep fontTools' subsetting chatter out
    for nama in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
        logging.getLogger(nama).setLevel(logging.CRITICAL)
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        sandi = b"bench-123"
        p12 = buat_p12_contoh(folder / "bench.p12", "Pejabat Bench", sandi)
        src = folder / "src"
        src.mkdir()
        files = []
        for i in range(n):
            p = src / f"d{i:03d}.pdf"
            # as naskah render writes it: the signer record naming the bench official
            p.write_bytes(buat_pdf(f"Dokumen {i}", catatan=catatan_untuk("Pejabat Bench")))
            files.append(p)

        # naskah: batch path
        (folder / "naskah").mkdir()
        t0 = time.perf_counter()
        with muat_p12(p12, sandi) as pen:
            from naskah.tte import OpsiTandaTangan

            sesi = SesiTandaTangan(pen, OpsiTandaTangan(keluaran=folder / "naskah"))
            sesi.tandatangani_banyak(files)
        t_naskah = time.perf_counter() - t0

        # pyHanko documented default: load once, sign_pdf per file
        (folder / "pyhanko").mkdir()
        t0 = time.perf_counter()
        signer = signers.SimpleSigner.load_pkcs12(pfx_file=str(p12), passphrase=sandi)
        for p in files:
            with p.open("rb") as inf:
                w = IncrementalPdfFileWriter(inf)
                with (folder / "pyhanko" / p.name).open("wb") as outf:
                    signers.sign_pdf(
                        w,
                        signers.PdfSignatureMetadata(field_name="Signature1"),
                        signer=signer,
                        output=outf,
                    )
        t_ph = time.perf_counter() - t0

    ms_naskah = 1000 * t_naskah / n
    ms_ph = 1000 * t_ph / n
    print("tak tampak (B-B)")
    print(f"  dokumen            : {n}")
    print(f"  naskah (batch)     : {ms_naskah:.1f} ms/dokumen")
    print(f"  pyHanko sign_pdf   : {ms_ph:.1f} ms/dokumen")
    print(f"  rasio              : {ms_ph / ms_naskah:.1f}x (syarat >= 5x)")
    tampak(n_tampak if n_tampak is not None else max(n // 4, 1))


def tampak(n: int) -> None:
    """Visible signatures: naskah's batch versus pyHanko's per-file sign_pdf with a QR stamp."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import QRStampStyle

    from naskah.tte import OpsiTandaTangan
    from naskah.tte.appearance import pilih_font

    font = str(pilih_font())
    url = "https://bpmp.example.go.id/verifikasi/{id}"
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        sandi = b"bench-123"
        p12 = buat_p12_contoh(
            folder / "bench.p12", "Pejabat Bench", sandi, jabatan="Kepala BPMP Provinsi Bench"
        )
        src = folder / "src"
        src.mkdir()
        files = []
        for i in range(n):
            p = src / f"d{i:03d}.pdf"
            catatan = catatan_untuk("Pejabat Bench", jabatan="Kepala BPMP Provinsi Bench")
            p.write_bytes(buat_pdf(f"Dokumen {i}", penanda=(KOTAK[0], KOTAK[3]), catatan=catatan))
            files.append(p)

        (folder / "naskah").mkdir()
        t0 = time.perf_counter()
        with muat_p12(p12, sandi) as pen:
            opsi = OpsiTandaTangan(tampak=True, url_verifikasi=url, keluaran=folder / "naskah")
            SesiTandaTangan(pen, opsi).tandatangani_banyak(files)
        t_naskah = time.perf_counter() - t0
        ukuran_naskah = sum(p.stat().st_size for p in (folder / "naskah").iterdir()) / n

        (folder / "pyhanko").mkdir()
        t0 = time.perf_counter()
        signer = signers.SimpleSigner.load_pkcs12(pfx_file=str(p12), passphrase=sandi)
        style = QRStampStyle(
            stamp_text="Ditandatangani secara elektronik oleh\nPejabat Bench\n"
            "Kepala BPMP Provinsi Bench\nWaktu: %(ts)s",
            text_box_style=TextBoxStyle(
                font=GlyphAccumulatorFactory(font, font_size=7), font_size=7
            ),
            border_width=0,
        )
        for p in files:
            with p.open("rb") as inf:
                w = IncrementalPdfFileWriter(inf)
                with (folder / "pyhanko" / p.name).open("wb") as outf:
                    signers.PdfSigner(
                        signers.PdfSignatureMetadata(field_name="TTE"),
                        signer=signer,
                        stamp_style=style,
                        new_field_spec=fields.SigFieldSpec("TTE", on_page=0, box=KOTAK),
                    ).sign_pdf(
                        w,
                        output=outf,
                        appearance_text_params={"url": url.replace("{id}", p.stem)},
                    )
        t_ph = time.perf_counter() - t0
        ukuran_ph = sum(p.stat().st_size for p in (folder / "pyhanko").iterdir()) / n

    ms_naskah = 1000 * t_naskah / n
    ms_ph = 1000 * t_ph / n
    print("tampak (B-B, cap QR + huruf tertanam)")
    print(f"  dokumen            : {n}")
    print(
        f"  naskah (batch)     : {ms_naskah:.1f} ms/dokumen, {ukuran_naskah / 1024:.1f} KiB/berkas"
    )
    print(f"  pyHanko sign_pdf   : {ms_ph:.1f} ms/dokumen, {ukuran_ph / 1024:.1f} KiB/berkas")
    print(f"  rasio              : {ms_ph / ms_naskah:.1f}x")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 200,
        int(sys.argv[2]) if len(sys.argv) > 2 else None,
    )
