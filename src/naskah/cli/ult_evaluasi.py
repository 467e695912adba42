"""``naskah ult survei …``, ``naskah ult laporan`` and ``naskah ult simulasi``: the evaluation.

Registered on the ``ult`` group by :mod:`naskah.cli.ult`. Each command calls one verb of
:mod:`naskah.ult.survei`, :mod:`naskah.ult.laporan` or :mod:`naskah.ult.simulasi`.
"""

from __future__ import annotations

from pathlib import Path

import click

from naskah.cli.base import Konteks, cetak_json, json_option, pass_konteks
from naskah.cli.ult import _CONTOH, _meja, _opsi_oleh, _tanggal, ult
from naskah.errors import ConfigError, UltError

__all__ = ["laporan", "simulasi", "survei"]


@ult.group("survei")
def survei() -> None:
    """Survei kepuasan masyarakat (Permen PANRB 14/2017): tautan dan kuesioner kertas."""


@survei.command("undang")
@click.argument("kode")
@_opsi_oleh
@json_option
@pass_konteks
def survei_undang(konteks: Konteks, kode: str, oleh: str | None, as_json: bool) -> None:
    """Buat tautan survei baru untuk permohonan KODE yang sudah ditutup (tautan lama tidak
    berlaku lagi)."""
    from naskah.ult import survei as sv

    with _meja(konteks, oleh) as meja:
        token = sv.undang(meja, kode)
        try:
            tautan: str | None = sv.tautan(meja.konfigurasi, token)
        except ConfigError:
            tautan = None
    if as_json:
        cetak_json({"token": token, "tautan": tautan})
    elif tautan:
        click.echo(tautan)
    else:
        click.echo(f"Token survei: {token}")
        click.echo("Isi [layanan] url_publik di naskah.toml agar tautan lengkapnya tercetak.")


@survei.command("templat")
@click.argument("berkas", type=click.Path(dir_okay=False, path_type=Path))
@pass_konteks
def survei_templat(konteks: Konteks, berkas: Path) -> None:
    """Tulis templat XLSX untuk menyalin kuesioner kertas (satu baris per responden)."""
    from naskah.ult import survei as sv

    if berkas.exists():
        raise UltError(f"Berkas {berkas} sudah ada; pilih nama lain agar tidak tertimpa.")
    with _meja(konteks) as meja:
        sv.tulis_templat(meja, berkas)
    click.echo(f"Templat survei ditulis ke {berkas}.")


@survei.command("impor")
@click.argument("berkas", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_opsi_oleh
@json_option
@pass_konteks
def survei_impor(konteks: Konteks, berkas: Path, oleh: str | None, as_json: bool) -> None:
    """Impor jawaban kuesioner kertas dari templat XLSX yang sudah diisi (semua atau tidak
    sama sekali)."""
    from naskah.ult import survei as sv

    with _meja(konteks, oleh) as meja:
        n = sv.impor(meja, berkas)
    if as_json:
        cetak_json({"diimpor": n})
    else:
        click.echo(f"{n} jawaban survei diimpor dari {berkas.name}.")


@ult.command("laporan")
@click.option("--tahun", type=click.IntRange(2000, 2100), required=True)
@click.option("--keluaran", type=click.Path(file_okay=False, path_type=Path),
              default=Path("laporan"), show_default=True, help="Folder hasil.")  # fmt: skip
@click.option("--rencana", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML bagian kepala: rencana_tindak_lanjut, catatan, tembusan, …")  # fmt: skip
@click.option("--penandatangan", help="Nama pejabat di naskah.toml (bawaan: kepala).")
@click.option("--tanggal", help="Tanggal laporan TTTT-BB-HH (bawaan: hari ini).")
@click.option("--format", "format_", type=click.Choice(["yaml", "docx", "pdf", "semua"]),
              default="semua", show_default=True)  # fmt: skip
@click.option("--klasifikasi", help="Kode klasifikasi arsip laporan (bila serinya memerlukan).")
@click.option("--tanpa-xlsx", is_flag=True, help="Jangan tulis XLSX angka-angkanya.")
@click.option("--terbitkan", is_flag=True,
              help="Langsung terbitkan: nomor, render, arsip.")  # fmt: skip
@click.option("--tandatangani", is_flag=True, help="Dengan --terbitkan: tandatangani (TTE).")
@click.option("--p12", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sandi-env", metavar="NAMA", help="Frasa sandi pejabat dari variabel NAMA.")
@_opsi_oleh
@json_option
@pass_konteks
def laporan(konteks: Konteks, tahun: int, keluaran: Path, rencana: Path | None,
            penandatangan: str | None, tanggal: str | None, format_: str,
            klasifikasi: str | None, tanpa_xlsx: bool,
            terbitkan: bool, tandatangani: bool, p12: Path | None, sandi_env: str | None,
            oleh: str | None, as_json: bool) -> None:  # fmt: skip
    """Susun Laporan Evaluasi Penerapan Standar Pelayanan satu tahun: IKM per unsur, ketepatan
    waktu per layanan dan bulan, pengaduan, prioritas perbaikan dan rencana tindak lanjut."""
    from naskah.cli.tte import _baca_rahasia
    from naskah.errors import UsageError
    from naskah.ult.laporan import OpsiLaporan, tulis_laporan

    if tandatangani and not terbitkan:
        raise UsageError("--tandatangani hanya dipakai bersama --terbitkan.")

    def minta(_kunci: Path | None, prompt: str) -> str:
        return _baca_rahasia(sandi_env, None, prompt)

    opsi = OpsiLaporan(
        tahun=tahun, keluaran=keluaran, rencana=rencana, penandatangan=penandatangan,
        tanggal=_tanggal(tanggal, "Tanggal laporan"), format=format_,  # type: ignore[arg-type]
        xlsx=not tanpa_xlsx, klasifikasi=klasifikasi, terbitkan=terbitkan,
        tandatangani=tandatangani, p12=p12,
    )  # fmt: skip
    with _meja(konteks, oleh) as meja:
        h = tulis_laporan(meja, opsi, minta)
    e = h.evaluasi
    assert e is not None
    if as_json:
        cetak_json({
            "tahun": tahun, "yaml": h.yaml, "docx": h.docx, "pdf": h.pdf, "xlsx": h.xlsx,
            "nomor": h.nomor, "salinan": [str(x) for x in h.salinan],
            "ikm": float(e.ikm.nilai) if e.ikm else None,
            "mutu": e.ikm.mutu.huruf if e.ikm else None, "responden": e.responden,
            "sampel": e.sampel,
            "tepat_waktu": float(round(e.semua.persen, 2)) if e.semua.persen is not None else None,
        })  # fmt: skip
        return
    if e.ikm:
        click.echo(f"IKM {tahun}: {str(e.ikm.nilai).replace('.', ',')} "
                   f"({e.ikm.mutu.huruf}, {e.ikm.mutu.kinerja}); {e.responden} responden, "
                   f"sampel minimal {e.sampel}.")  # fmt: skip
    if e.semua.persen is not None:
        click.echo(f"Tepat waktu: {e.semua.tepat} dari {e.semua.dinilai} permohonan.")
    for b in (h.yaml, h.docx, h.pdf, h.xlsx, *h.salinan):
        if b:
            click.echo(f"→ {b}")
    if h.nomor:
        click.echo(f"Diterbitkan dengan nomor {h.nomor}.")


@ult.command("simulasi")
@click.option("--tahun", type=click.IntRange(2000, 2100), required=True)
@click.option("--benih", type=int, default=2025, show_default=True)
@click.option("--permohonan", "jumlah", type=click.IntRange(1, 20000), default=240,
              show_default=True)  # fmt: skip
@click.option("--pengaduan", type=click.IntRange(0, 5000), default=24, show_default=True)
@json_option
@pass_konteks
def simulasi(konteks: Konteks, tahun: int, benih: int, jumlah: int, pengaduan: int,
             as_json: bool) -> None:  # fmt: skip
    """Isi meja layanan KOSONG dengan satu tahun data contoh (permohonan, pengaduan, jawaban
    survei) untuk demo dan pelatihan; ditolak bila sudah ada permohonan."""
    from naskah.ult.simulasi import isi_tahun

    with _meja(konteks, "simulasi") as meja:
        h = isi_tahun(meja, tahun, benih=benih, permohonan=jumlah, pengaduan=pengaduan)
    if as_json:
        cetak_json({"permohonan": h.permohonan, "pengaduan": h.pengaduan, "jawaban": h.jawaban})
    else:
        click.echo(f"Tahun {tahun} diisi: {h.permohonan} permohonan, {h.pengaduan} pengaduan, "
                   f"{h.jawaban} jawaban survei.")  # fmt: skip


_CONTOH.update({
    ("survei",): "naskah ult survei templat survei-kertas.xlsx",
    ("survei", "undang"): "naskah ult survei undang 7KQ2M-X9D4P",
    ("survei", "templat"): "naskah ult survei templat survei-kertas.xlsx",
    ("survei", "impor"): "naskah ult survei impor survei-kertas.xlsx",
    ("laporan",): "naskah ult laporan --tahun 2025 --rencana rencana-tindak-lanjut.yaml",
    ("simulasi",): "naskah ult simulasi --tahun 2025 --benih 7",
})  # fmt: skip
