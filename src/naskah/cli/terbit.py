"""``naskah terbitkan``: issue one document end to end (number, render, sign, archive, index)."""

from __future__ import annotations

from pathlib import Path

import click

from naskah.cli.base import Konteks, cetak_json, cli, json_option, pass_konteks


@cli.command("terbitkan")
@click.argument("berkas", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--tandatangani", is_flag=True, help="Tandatangani (TTE) oleh pejabat penandatangan.")
@click.option(
    "--p12",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Berkas PKCS#12 pejabat penandatangan (bawaan: [tte] p12).",
)
@click.option(
    "--paraf",
    "paraf",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Berkas PKCS#12 verifikator yang memaraf, sesuai urutan (boleh berulang).",
)
@click.option("--sandi-env", metavar="NAMA", help="Frasa sandi pejabat dari variabel NAMA.")
@click.option(
    "--sandi-paraf-env",
    metavar="NAMA",
    help="Frasa sandi verifikator dari variabel NAMA (bawaan: sama dengan --sandi-env).",
)
@click.option("--tanpa-tampak", is_flag=True, help="Tanda tangan tidak tampak di halaman.")
@click.option(
    "--keluaran",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder salinan berkas yang terbit (bawaan: terbit/ di folder ini).",
)
@json_option
@pass_konteks
def terbitkan(
    konteks: Konteks,
    berkas: Path,
    tandatangani: bool,
    p12: Path | None,
    paraf: tuple[Path, ...],
    sandi_env: str | None,
    sandi_paraf_env: str | None,
    tanpa_tampak: bool,
    keluaran: Path | None,
    as_json: bool,
) -> None:
    """Terbitkan satu naskah: periksa, beri nomor, render DOCX dan PDF/A, tandatangani (bila
    diminta), arsipkan dan indeks.

    Bila sebuah langkah gagal, jalankan perintah yang sama lagi: naskah melanjutkan dari
    langkah yang gagal dengan nomor yang sama. Naskah dikenali dari lokasi berkasnya di folder
    kantor; naskah yang diarsipkan tanpa tanda tangan ditandatangani kemudian dengan perintah
    yang sama ditambah --tandatangani. Berkas kegiatan sertifikat (jenis: sertifikat)
    menerbitkan sertifikat setiap pesertanya, seperti `naskah sertifikat terbitkan`.

    Contoh:

        naskah terbitkan surat-tugas.yaml

        naskah terbitkan keputusan.yaml --tandatangani --p12 kepala.p12 --paraf kasubag.p12
    """
    from naskah.cli.tte import _atur_log, _baca_rahasia, pasang_penghenti
    from naskah.terbit import PermintaanTerbit
    from naskah.terbit import terbitkan as terbitkan_naskah

    _atur_log(konteks.verbose)
    pasang_penghenti()  # SIGTERM stops like Ctrl-C: work files are removed, the run resumes

    def minta(kunci: Path | None, prompt: str) -> str:
        env = sandi_env if kunci is None or kunci == p12 else (sandi_paraf_env or sandi_env)
        return _baca_rahasia(env, None, f"{prompt} ({kunci.name})" if kunci else prompt)

    h = terbitkan_naskah(
        konteks.konfigurasi(),
        PermintaanTerbit(
            berkas=berkas, tandatangani=tandatangani, p12=p12, paraf=tuple(paraf),
            tampak=not tanpa_tampak, keluaran=keluaran,
        ),
        minta,
    )  # fmt: skip
    from naskah.terbit import HasilTerbit

    if not isinstance(h, HasilTerbit):  # an activity's certificates
        from naskah.cli.sertifikat import cetak_ringkasan

        cetak_ringkasan(h, as_json)
        return
    if as_json:
        cetak_json({
            "berkas": h.berkas, "naskah": h.kunci, "nomor": h.nomor, "keadaan": h.keadaan,
            "nomor_baru": h.nomor_baru, "id_verifikasi": h.id_verifikasi,
            "arsip": h.lokasi_arsip, "salinan": list(h.salinan), "catatan": list(h.catatan),
        })  # fmt: skip
        return
    kata = {"terbit": "Terbit", "menunggu_ttd": "Diarsipkan, menunggu tanda tangan"}
    click.echo(f"{kata.get(h.keadaan, h.keadaan)}: {h.berkas} nomor {h.nomor}"
               + (" (nomor baru)" if h.nomor_baru else ""))  # fmt: skip
    click.echo(f"  arsip: {h.lokasi_arsip}")
    for s in h.salinan:
        click.echo(f"  berkas: {s}")
    for c in h.catatan:
        click.echo(f"  catatan: {c}")
