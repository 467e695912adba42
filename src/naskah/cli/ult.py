"""``naskah ult``: the service desk (Unit Layanan Terpadu) from the command line.

Each command parses its options, calls one verb of :mod:`naskah.ult` and prints the result
(text, or JSON with ``--json``). Lists never print phone numbers or e-mail addresses; ``lihat``
shows them to the staff member looking at one request.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from naskah.cli.base import Konteks, cetak_json, cli, json_option, pass_konteks
from naskah.errors import UltError, UsageError
from naskah.ult.meja import KANAL, Meja

__all__ = ["ult"]


def _opsi_oleh(f: Any) -> Any:
    return click.option(
        "--oleh", help="Nama petugas yang dicatat (bawaan: NASKAH_PENGGUNA atau pengguna sistem)."
    )(f)


@contextmanager
def _meja(konteks: Konteks, oleh: str | None = None, *, baca: bool = False) -> Iterator[Meja]:
    """The desk; ``baca`` for the read commands: settings read without pydantic if they can be."""
    konfigurasi = konteks.konfigurasi_cepat if baca else konteks.konfigurasi
    m = Meja(konfigurasi(wajib=True), oleh=oleh)
    try:
        yield m
    finally:
        m.tutup()


def _tanggal(nilai: str | None, nama: str) -> date | None:
    if not nilai:
        return None
    try:
        return date.fromisoformat(nilai.strip())
    except ValueError:
        raise UltError(
            f"{nama} {nilai!r} tidak sah; tulis TTTT-BB-HH, misalnya 2025-06-02."
        ) from None


def _waktu(nilai: str | None, meja: Meja, nama: str) -> datetime | None:
    """Read a time; without a zone it is the office's local time."""
    if not nilai:
        return None
    try:
        t = datetime.fromisoformat(nilai.strip())
    except ValueError:
        raise UltError(
            f"{nama} {nilai!r} tidak sah; tulis TTTT-BB-HH JJ:MM, misalnya 2025-06-02 09:30."
        ) from None
    if t.tzinfo is None:
        t = t.replace(tzinfo=meja.konfigurasi.zona)
    return t


def _rp(n: int) -> str:
    return f"Rp{n:,}".replace(",", ".")


@cli.group("ult")
def ult() -> None:
    """Meja layanan ULT: permohonan, pengaduan, fasilitas dan tenggatnya dalam hari kerja."""


# -- services ----------------------------------------------------------------------------------


@ult.command("layanan")
@json_option
@pass_konteks
def perintah_layanan(konteks: Konteks, as_json: bool) -> None:
    """Tampilkan layanan menurut standar pelayanan yang berlaku: syarat, tenggat, produk."""
    with _meja(konteks) as meja:
        daftar = meja.katalog().terkini()
    if as_json:
        cetak_json([lay.ke_dict() for lay in daftar])
        return
    for lay in daftar:
        click.echo(f"{lay.kunci}: {lay.nama} ({lay.standar}, berlaku {lay.berlaku})")
        for i, s in enumerate(lay.syarat, 1):
            click.echo(f"  syarat {i}. {s.teks}" + (" [diperiksa otomatis]" if s.otomatis else ""))
        for nama, n in (("jawaban", lay.hari_kerja_jawaban), ("selesai", lay.hari_kerja),
                        ("pemberitahuan", lay.hari_kerja_pemberitahuan)):  # fmt: skip
            if n:
                click.echo(f"  {nama}: {n} hari kerja")
        if lay.jeda_kegiatan:
            click.echo(f"  masuk paling lambat {lay.jeda_kegiatan} hari kerja sebelum kegiatan")


@ult.command("periksa")
@json_option
@pass_konteks
def perintah_periksa(konteks: Konteks, as_json: bool) -> None:
    """Periksa apakah jangka waktu setiap layanan terbaca dari standarnya."""
    from naskah.ult.layanan import periksa_layanan

    masalah = periksa_layanan(konteks.konfigurasi(wajib=True))
    if as_json:
        cetak_json(masalah)
    else:
        for m in masalah:
            click.echo(m)
        if not masalah:
            click.echo("Semua layanan terbaca.")
    if masalah:
        raise SystemExit(1)


# -- requests ----------------------------------------------------------------------------------


def _cetak_permohonan(p: Any, as_json: bool, *, pribadi: bool = False) -> None:
    if as_json:
        cetak_json(p.ke_dict(pribadi=pribadi))
        return
    click.echo(f"{p.kode_tampil}  {p.layanan}  {p.keadaan}  {p.instansi}")
    for nama, t in (("jawaban", p.tenggat_jawab), ("pemberitahuan", p.tenggat_pemberitahuan),
                    ("selesai", p.tenggat_selesai)):  # fmt: skip
        if t:
            click.echo(f"  tenggat {nama}: {t.isoformat()}")
    if p.peringatan:
        click.echo(f"  Perhatian: {p.peringatan}")


@ult.command("terima")
@click.argument("layanan")
@click.option("--instansi", required=True, help="Instansi/lembaga pemohon, atau nama perorangan.")
@click.option("--kontak", help="Nama narahubung.")
@click.option("--telepon", help="Nomor telepon/WhatsApp narahubung.")
@click.option("--email", help="Surel narahubung.")
@click.option("--kanal", default="surat", show_default=True, type=click.Choice(list(KANAL)),
              help="Saluran masuknya permohonan.")  # fmt: skip
@click.option("--perihal", help="Perihal surat permohonan.")
@click.option("--kegiatan", help="Tanggal mulai kegiatan (TTTT-BB-HH).")
@click.option("--kegiatan-selesai", help="Tanggal selesai kegiatan (TTTT-BB-HH).")
@click.option("--diterima", help="Waktu surat diterima (bawaan: sekarang), waktu kantor.")
@click.option("--syarat", help="Nomor persyaratan yang dipenuhi (1,2,3) atau 'semua'.")
@click.option("--lampiran", multiple=True, type=click.Path(path_type=Path),
              help="Berkas lampiran (PDF/JPEG/PNG); boleh berulang.")  # fmt: skip
@_opsi_oleh
@json_option
@pass_konteks
def perintah_terima(konteks: Konteks, layanan: str, instansi: str, kontak: str | None,
                    telepon: str | None, email: str | None, kanal: str, perihal: str | None,
                    kegiatan: str | None, kegiatan_selesai: str | None, diterima: str | None,
                    syarat: str | None, lampiran: tuple[Path, ...], oleh: str | None,
                    as_json: bool) -> None:  # fmt: skip
    """Terima permohonan LAYANAN; cetak kode pelacakan dan tenggatnya."""
    from naskah.ult import permohonan as pm

    semua = (syarat or "").strip().lower() == "semua"
    nomor: tuple[int, ...] = ()
    if syarat and not semua:
        try:
            nomor = tuple(int(x) for x in syarat.replace(" ", "").split(",") if x)
        except ValueError:
            raise UsageError("--syarat berisi nomor dipisah koma (1,2,3) atau 'semua'.") from None
    with _meja(konteks, oleh) as meja:
        p = pm.terima(
            meja,
            pm.PermohonanBaru(
                layanan=layanan, instansi=instansi, kanal=kanal, kontak=kontak, telepon=telepon,
                email=email, perihal=perihal,
                kegiatan_mulai=_tanggal(kegiatan, "Tanggal kegiatan"),
                kegiatan_selesai=_tanggal(kegiatan_selesai, "Tanggal selesai kegiatan"),
                diterima=_waktu(diterima, meja, "Waktu diterima"), syarat=nomor,
                semua_syarat=semua, lampiran=lampiran,
            ),
        )  # fmt: skip
    _cetak_permohonan(p, as_json)


@ult.command("daftar")
@click.option("--layanan")
@click.option("--keadaan")
@click.option("--unit")
@click.option("--petugas")
@click.option("--dari", help="Diterima sejak tanggal ini (TTTT-BB-HH).")
@click.option("--sampai", help="Diterima sampai tanggal ini (TTTT-BB-HH).")
@click.option("--terbuka", is_flag=True, help="Hanya yang belum ditutup.")
@click.option("--terlambat", is_flag=True, help="Hanya yang melewati tenggatnya.")
@click.option("--cari", help="Kata dalam nama instansi atau perihal.")
@click.option("--batas", type=click.IntRange(1), help="Paling banyak sekian baris.")
@json_option
@pass_konteks
def perintah_daftar(konteks: Konteks, layanan: str | None, keadaan: str | None,
                    unit: str | None, petugas: str | None, dari: str | None, sampai: str | None,
                    terbuka: bool, terlambat: bool, cari: str | None, batas: int | None,
                    as_json: bool) -> None:  # fmt: skip
    """Daftar permohonan, terbaru lebih dulu (tanpa data pribadi)."""
    from naskah.ult import permohonan as pm

    saring = pm.Saringan(
        layanan=layanan, keadaan=keadaan, unit=unit, petugas=petugas,
        dari=_tanggal(dari, "Tanggal --dari"), sampai=_tanggal(sampai, "Tanggal --sampai"),
        terbuka=terbuka, terlambat=terlambat, cari=cari, batas=batas,
    )  # fmt: skip
    with _meja(konteks, baca=True) as meja:
        daftar = pm.daftar(meja, saring)
    if as_json:
        cetak_json([p.ke_dict() for p in daftar])
        return
    for p in daftar:
        tenggat = p.tenggat.isoformat() if p.tenggat else "-"
        click.echo(f"{p.kode_tampil}  {p.hari_terima}  {p.layanan:<12} {p.keadaan:<11} "
                   f"tenggat {tenggat}  {p.instansi}")  # fmt: skip


@ult.command("lihat")
@click.argument("kode")
@json_option
@pass_konteks
def perintah_lihat(konteks: Konteks, kode: str, as_json: bool) -> None:
    """Tampilkan satu permohonan lengkap dengan syarat, disposisi, produk dan jejaknya."""
    from naskah.ult import permohonan as pm

    with _meja(konteks, baca=True) as meja:
        r = pm.lihat(meja, kode)
        zona = meja.konfigurasi.zona
    if as_json:
        cetak_json(r.ke_dict())
        return
    p = r.permohonan
    _cetak_permohonan(p, False)
    click.echo(f"  standar: {p.standar}; langkah: {p.langkah or '-'}; unit: {p.unit or '-'}")
    if p.kontak or p.telepon or p.email:
        click.echo(f"  narahubung: {' / '.join(x for x in (p.kontak, p.telepon, p.email) if x)}")
    for s in r.syarat:
        click.echo(f"  [{'x' if s['terpenuhi'] else ' '}] {s['urut']}. {s['teks']}")
    for j in r.jejak:
        w = j["waktu"].astimezone(zona)
        click.echo(f"  {w:%Y-%m-%d %H:%M} {j['oleh']}: {j['aksi']}"
                   + (f" — {j['keterangan']}" if j["keterangan"] else ""))  # fmt: skip


@ult.command("disposisi")
@click.argument("kode")
@click.option("--kepada", required=True, help="Pejabat/petugas penerima disposisi.")
@click.option("--unit", help="Unit penerima (Subbag Umum, Pokja …).")
@click.option("--catatan", help="Catatan disposisi.")
@_opsi_oleh
@json_option
@pass_konteks
def perintah_disposisi(konteks: Konteks, kode: str, kepada: str, unit: str | None,
                       catatan: str | None, oleh: str | None, as_json: bool) -> None:  # fmt: skip
    """Disposisikan permohonan KODE kepada pejabat atau tim."""
    from naskah.ult import permohonan as pm

    with _meja(konteks, oleh) as meja:
        p = pm.disposisi(meja, kode, kepada, unit=unit, catatan=catatan)
    _cetak_permohonan(p, as_json)


@ult.command("putuskan")
@click.argument("kode")
@click.option("--setuju", "keputusan", flag_value="setuju", help="Permohonan disetujui.")
@click.option("--tolak", "keputusan", flag_value="tolak", help="Ditolak (isi --alasan).")
@click.option("--revisi", "keputusan", flag_value="revisi", help="Perlu perbaikan (isi --alasan).")
@click.option("--alasan", help="Alasan penolakan atau arahan perbaikan.")
@_opsi_oleh
@json_option
@pass_konteks
def perintah_putuskan(konteks: Konteks, kode: str, keputusan: str | None, alasan: str | None,
                      oleh: str | None, as_json: bool) -> None:  # fmt: skip
    """Catat keputusan atas permohonan KODE: setuju, tolak atau revisi."""
    from naskah.ult import permohonan as pm

    if keputusan is None:
        raise UsageError("Pilih salah satu: --setuju, --tolak atau --revisi.")
    with _meja(konteks, oleh) as meja:
        p = pm.putuskan(meja, kode, keputusan, alasan=alasan)  # type: ignore[arg-type]
    _cetak_permohonan(p, as_json)


@ult.command("perpanjang")
@click.argument("kode")
@click.option("--hari", type=int, required=True, help="Tambahan hari kerja.")
@click.option("--alasan", required=True, help="Alasan yang disampaikan kepada pemohon.")
@_opsi_oleh
@json_option
@pass_konteks
def perintah_perpanjang(konteks: Konteks, kode: str, hari: int, alasan: str, oleh: str | None,
                        as_json: bool) -> None:  # fmt: skip
    """Catat pemberitahuan bahwa penanganan permohonan KODE membutuhkan waktu lebih lama."""
    from naskah.ult import permohonan as pm

    with _meja(konteks, oleh) as meja:
        p = pm.perpanjang(meja, kode, hari=hari, alasan=alasan)
    _cetak_permohonan(p, as_json)


@ult.command("lengkapi")
@click.argument("kode")
@click.option("--lampiran", multiple=True, type=click.Path(path_type=Path))
@click.option("--catatan")
@_opsi_oleh
@json_option
@pass_konteks
def perintah_lengkapi(konteks: Konteks, kode: str, lampiran: tuple[Path, ...],
                      catatan: str | None, oleh: str | None, as_json: bool) -> None:  # fmt: skip
    """Catat berkas perbaikan permohonan KODE; tenggat dihitung ulang."""
    from naskah.ult import permohonan as pm

    with _meja(konteks, oleh) as meja:
        p = pm.lengkapi(meja, kode, lampiran=lampiran, catatan=catatan)
    _cetak_permohonan(p, as_json)


@ult.command("produk")
@click.argument("kode")
@click.option("--jenis", required=True, help="Produk layanan (SK, perjanjian, surat tugas …).")
@click.option("--nomor", help="Nomor naskah di register.")
@click.option("--entri", help="Id entri arsip.")
@_opsi_oleh
@json_option
@pass_konteks
def perintah_produk(konteks: Konteks, kode: str, jenis: str, nomor: str | None,
                    entri: str | None, oleh: str | None, as_json: bool) -> None:  # fmt: skip
    """Tautkan produk layanan (nomor register/entri arsip) ke permohonan KODE."""
    from naskah.ult import permohonan as pm

    with _meja(konteks, oleh) as meja:
        p = pm.catat_produk(meja, kode, jenis, nomor=nomor, entri_arsip=entri)
    _cetak_permohonan(p, as_json)


@ult.command("tutup")
@click.argument("kode")
@click.option("--catatan")
@_opsi_oleh
@json_option
@pass_konteks
def perintah_tutup(konteks: Konteks, kode: str, catatan: str | None, oleh: str | None,
                   as_json: bool) -> None:  # fmt: skip
    """Tutup permohonan KODE."""
    from naskah.ult import permohonan as pm

    with _meja(konteks, oleh) as meja:
        p = pm.tutup(meja, kode, catatan=catatan)
    _cetak_permohonan(p, as_json)


@ult.command("surat-tugas")
@click.argument("kode")
@click.option("--petugas", multiple=True, required=True,
              help="Kunci [pejabat.*] naskah.toml yang ditugaskan; boleh berulang.")  # fmt: skip
@click.option("--tempat", required=True, help="Tempat pelaksanaan tugas.")
@click.option("--klasifikasi", help="Kode klasifikasi arsip surat tugas.")
@click.option("--keluar", "tujuan", type=click.Path(dir_okay=False, path_type=Path),
              help="Berkas YAML yang ditulis (bawaan: surat-tugas-KODE.yaml).")  # fmt: skip
@json_option
@pass_konteks
def perintah_surat_tugas(konteks: Konteks, kode: str, petugas: tuple[str, ...], tempat: str,
                         klasifikasi: str | None, tujuan: Path | None,
                         as_json: bool) -> None:  # fmt: skip
    """Susun surat tugas narasumber dari permohonan KODE yang disetujui (berkas YAML)."""
    from naskah.ult.meja import baca_kode
    from naskah.ult.produk import surat_tugas

    tujuan = tujuan or Path(f"surat-tugas-{baca_kode(kode)}.yaml")
    with _meja(konteks) as meja:
        path = surat_tugas(meja, kode, tujuan, petugas=petugas, tempat=tempat,
                           klasifikasi=klasifikasi)  # fmt: skip
    if as_json:
        cetak_json({"berkas": str(path)})
    else:
        click.echo(f"Surat tugas disusun di {path}; terbitkan dengan `naskah ult terbitkan {kode} "
                   f"{path}`.")  # fmt: skip


@ult.command("terbitkan")
@click.argument("kode")
@click.argument("berkas", required=False,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))  # fmt: skip
@click.option("--produk", "produk",
              type=click.Choice(["kesediaan", "penolakan", "sk-kerja-sama", "pks",
                                 "balasan-fasilitas", "surat-tugas", "sertifikat"]),
              help="Susun produk dari data permohonan lalu terbitkan (ganti BERKAS).")  # fmt: skip
@click.option("--konsep", is_flag=True, help="Dengan --produk: tulis konsepnya saja, tanpa terbit.")
@click.option("--keluar", "tujuan", type=click.Path(dir_okay=False, path_type=Path),
              help="Dengan --produk: berkas konsep YAML (bawaan: PRODUK-KODE.yaml).")  # fmt: skip
@click.option("--kepada", help="Penerima surat sesudah Yth. (bawaan: Pimpinan <instansi>).")
@click.option("--alamat", help="Alamat penerima (bawaan: di Tempat); pks: kedudukan mitra.")
@click.option("--petugas", multiple=True, help="Surat tugas: kunci [pejabat.*]; boleh berulang.")
@click.option("--tempat", help="Surat tugas: tempat pelaksanaan tugas.")
@click.option("--ruang-lingkup", multiple=True, help="SK kerja sama, pks: butir ruang lingkup.")
@click.option("--pendanaan", help="SK kerja sama, pks: sumber pendanaan.")
@click.option("--wakil-mitra", help="pks: nama penanda tangan dari pihak mitra.")
@click.option("--jabatan-mitra", help="pks: jabatan penanda tangan dari pihak mitra.")
@click.option("--nip-mitra", help="pks: NIP penanda tangan mitra (bila ada).")
@click.option("--nomor-mitra", help="pks: nomor perjanjian dari pihak mitra (bila sudah ada).")
@click.option("--peserta", type=click.Path(dir_okay=False, path_type=Path),
              help="Sertifikat: lembar peserta (CSV atau XLSX).")  # fmt: skip
@click.option("--jp", type=int, help="Sertifikat: jumlah jam pelajaran kegiatan.")
@click.option("--klasifikasi", help="Kode klasifikasi arsip produk.")
@click.option("--jenis", help="Nama produk layanan (bawaan: dari jenis naskah).")
@click.option("--tandatangani", is_flag=True, help="Tandatangani secara elektronik.")
@click.option("--p12", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sandi-env", metavar="NAMA", help="Frasa sandi pejabat dari variabel NAMA.")
@click.option("--keluaran", type=click.Path(file_okay=False, path_type=Path))
@_opsi_oleh
@json_option
@pass_konteks
def perintah_terbitkan(konteks: Konteks, kode: str, berkas: Path | None, produk: str | None,
                       konsep: bool, tujuan: Path | None, kepada: str | None, alamat: str | None,
                       petugas: tuple[str, ...], tempat: str | None,
                       ruang_lingkup: tuple[str, ...], pendanaan: str | None,
                       wakil_mitra: str | None, jabatan_mitra: str | None,
                       nip_mitra: str | None, nomor_mitra: str | None,
                       peserta: Path | None, jp: int | None, klasifikasi: str | None,
                       jenis: str | None, tandatangani: bool,
                       p12: Path | None, sandi_env: str | None, keluaran: Path | None,
                       oleh: str | None, as_json: bool) -> None:  # fmt: skip
    """Terbitkan produk permohonan KODE (nomor, render, tanda tangan, arsip) dan tautkan.

    Dengan --produk, naskahnya disusun dari data permohonan: kesediaan (kerja sama disetujui),
    penolakan (permohonan ditolak, dengan alasannya), sk-kerja-sama, pks (perjanjian kerja
    sama, ditandatangani juga oleh --wakil-mitra), balasan-fasilitas
    (pemesanan dan tarif PNBP), surat-tugas (narasumber), sertifikat (peserta kegiatan kerja
    sama, dari --peserta). Tanpa --produk, BERKAS diterbitkan.
    """
    from naskah.cli.tte import _baca_rahasia
    from naskah.ult.produk import OpsiProduk, terbitkan_jenis, terbitkan_produk

    if (berkas is None) == (produk is None):
        raise UsageError("Sebut BERKAS atau --produk, salah satu saja.")
    if produk is None and (konsep or tujuan):
        raise UsageError("--konsep dan --keluar hanya dipakai bersama --produk.")

    def minta(kunci: Path | None, prompt: str) -> str:
        return _baca_rahasia(sandi_env, None, prompt)

    with _meja(konteks, oleh) as meja:
        if produk is not None:
            opsi = OpsiProduk(klasifikasi=klasifikasi, kepada=kepada, alamat=alamat,
                              petugas=petugas, tempat=tempat, ruang_lingkup=ruang_lingkup,
                              pendanaan=pendanaan, peserta=peserta, jp=jp,
                              wakil_mitra=wakil_mitra, jabatan_mitra=jabatan_mitra,
                              nip_mitra=nip_mitra, nomor_mitra=nomor_mitra)  # fmt: skip
            h = terbitkan_jenis(meja, kode, produk, tujuan, opsi, konsep=konsep,
                                tandatangani=tandatangani, p12=p12, keluaran=keluaran,
                                minta_rahasia=minta)  # fmt: skip
        else:
            assert berkas is not None
            h = terbitkan_produk(meja, kode, berkas, jenis=jenis, tandatangani=tandatangani,
                                 p12=p12, keluaran=keluaran, minta_rahasia=minta)  # fmt: skip
    if isinstance(h, Path):
        if as_json:
            cetak_json({"berkas": str(h)})
        else:
            click.echo(
                f"Konsep {produk} disusun di {h}; periksa lalu terbitkan dengan "
                f"`naskah ult terbitkan {kode} --produk {produk} --keluar {h}`."
            )
        return
    if as_json:
        cetak_json({
            "kode": h.permohonan.kode_tampil, "produk": h.jenis, "nomor": h.nomor,
            "id_verifikasi": h.id_verifikasi, "berkas": str(h.berkas) if h.berkas else None,
            "salinan": [str(x) for x in h.salinan],
        })  # fmt: skip
    else:
        nomor = f" {h.nomor}" if h.nomor else ""
        click.echo(f"{h.permohonan.kode_tampil}: {h.jenis}{nomor} diterbitkan dan ditautkan.")


@ult.command("lacak")
@click.argument("kode")
@json_option
@pass_konteks
def perintah_lacak(konteks: Konteks, kode: str, as_json: bool) -> None:
    """Tampilkan yang boleh dilihat pemegang kode pelacakan KODE (tanpa catatan internal)."""
    from naskah.ult.lacak import lacak

    with _meja(konteks) as meja:
        d = lacak(meja, kode)
    if as_json:
        cetak_json(d)
        return
    click.echo(f"{d['kode']}  {d['layanan']}  {d['instansi']}")
    click.echo(f"  {d['keterangan']}")
    for k in ("langkah", "tenggat_jawab", "tenggat_selesai", "alasan"):
        if d[k]:
            click.echo(f"  {k.replace('_', ' ')}: {d[k]}")
    for x in d["produk"]:
        click.echo(f"  produk: {x['jenis']}" + (f" nomor {x['nomor']}" if x["nomor"] else ""))


# -- complaints --------------------------------------------------------------------------------


@ult.group("pengaduan")
def pengaduan() -> None:
    """Pengaduan, saran dan masukan: diterima, ditindaklanjuti, dijawab dalam hari kerja."""


def _cetak_pengaduan(a: Any, as_json: bool) -> None:
    if as_json:
        cetak_json(a.ke_dict())
        return
    d = a.ke_dict()
    tenggat = d["tenggat"] or "-"
    click.echo(f"{d['kode']}  {a.kanal}  {a.keadaan}  tenggat {tenggat}"
               + (f"  LAPOR! {a.lapor}" if a.lapor else ""))  # fmt: skip


@pengaduan.command("terima")
@click.option("--isi", required=True, help="Isi pengaduan.")
@click.option("--kanal", default="daring", show_default=True, type=click.Choice(list(KANAL)))
@click.option("--nama", help="Nama pelapor (kosongkan untuk anonim).")
@click.option("--telepon")
@click.option("--email")
@click.option("--layanan", help="Layanan yang diadukan.")
@click.option("--permohonan", help="Kode permohonan yang diadukan.")
@click.option("--lapor", help="Nomor tiket LAPOR! (SP4N).")
@click.option("--diterima", help="Waktu diterima (bawaan: sekarang), waktu kantor.")
@_opsi_oleh
@json_option
@pass_konteks
def pengaduan_terima(konteks: Konteks, isi: str, kanal: str, nama: str | None,
                     telepon: str | None, email: str | None, layanan: str | None,
                     permohonan: str | None, lapor: str | None, diterima: str | None,
                     oleh: str | None, as_json: bool) -> None:  # fmt: skip
    """Terima pengaduan."""
    from naskah.ult import pengaduan as pg

    with _meja(konteks, oleh) as meja:
        a = pg.terima(meja, pg.PengaduanBaru(
            isi=isi, kanal=kanal, nama=nama, telepon=telepon, email=email, layanan=layanan,
            permohonan=permohonan, lapor=lapor, diterima=_waktu(diterima, meja, "Waktu diterima"),
        ))  # fmt: skip
    _cetak_pengaduan(a, as_json)


@pengaduan.command("tindak")
@click.argument("kode")
@click.option("--catatan", required=True)
@click.option("--petugas")
@click.option("--unit")
@click.option("--lapor", help="Nomor tiket LAPOR! (SP4N).")
@_opsi_oleh
@json_option
@pass_konteks
def pengaduan_tindak(konteks: Konteks, kode: str, catatan: str, petugas: str | None,
                     unit: str | None, lapor: str | None, oleh: str | None,
                     as_json: bool) -> None:  # fmt: skip
    """Catat tindak lanjut pengaduan KODE."""
    from naskah.ult import pengaduan as pg

    with _meja(konteks, oleh) as meja:
        a = pg.catat_tindak(meja, kode, catatan, petugas=petugas, unit=unit, lapor=lapor)
    _cetak_pengaduan(a, as_json)


@pengaduan.command("jawab")
@click.argument("kode")
@click.option("--jawaban", required=True)
@_opsi_oleh
@json_option
@pass_konteks
def pengaduan_jawab(konteks: Konteks, kode: str, jawaban: str, oleh: str | None,
                    as_json: bool) -> None:  # fmt: skip
    """Catat jawaban yang disampaikan kepada pelapor."""
    from naskah.ult import pengaduan as pg

    with _meja(konteks, oleh) as meja:
        a = pg.jawab(meja, kode, jawaban)
    _cetak_pengaduan(a, as_json)


@pengaduan.command("tutup")
@click.argument("kode")
@_opsi_oleh
@json_option
@pass_konteks
def pengaduan_tutup(konteks: Konteks, kode: str, oleh: str | None, as_json: bool) -> None:
    """Tutup pengaduan KODE yang sudah dijawab."""
    from naskah.ult import pengaduan as pg

    with _meja(konteks, oleh) as meja:
        a = pg.tutup(meja, kode)
    _cetak_pengaduan(a, as_json)


@pengaduan.command("daftar")
@click.option("--terbuka", is_flag=True)
@click.option("--layanan")
@click.option("--batas", type=click.IntRange(1))
@json_option
@pass_konteks
def pengaduan_daftar(konteks: Konteks, terbuka: bool, layanan: str | None, batas: int | None,
                     as_json: bool) -> None:  # fmt: skip
    """Daftar pengaduan (tanpa data pribadi)."""
    from naskah.ult import pengaduan as pg

    with _meja(konteks) as meja:
        daftar = pg.daftar(meja, terbuka=terbuka, layanan=layanan, batas=batas)
    if as_json:
        cetak_json([a.ke_dict() for a in daftar])
        return
    for a in daftar:
        _cetak_pengaduan(a, False)


# -- facilities --------------------------------------------------------------------------------


@ult.group("fasilitas")
def fasilitas() -> None:
    """Fasilitas (gedung, aula, ruang kelas, wisma …): pemesanan dan tarif PNBP."""


def _cetak_pesan(b: Any, meja: Meja, as_json: bool) -> None:
    if as_json:
        cetak_json(b.ke_dict())
        return
    z = meja.konfigurasi.zona
    click.echo(f"#{b.id}  {b.fasilitas}  {b.mulai.astimezone(z):%Y-%m-%d %H:%M} – "
               f"{b.selesai.astimezone(z):%Y-%m-%d %H:%M}  {b.jumlah} {b.satuan}  "
               f"{_rp(b.tarif)}  {b.keadaan}")  # fmt: skip


@fasilitas.command("daftar")
@click.option("--aktif", is_flag=True, help="Hanya pemesanan yang belum selesai.")
@json_option
@pass_konteks
def fasilitas_daftar(konteks: Konteks, aktif: bool, as_json: bool) -> None:
    """Daftar fasilitas dengan tarifnya, lalu pemesanannya."""
    from naskah.ult import fasilitas as fs

    with _meja(konteks) as meja:
        pesanan = fs.daftar(meja, aktif=aktif)
        semua = meja.konfigurasi.ult.fasilitas
        if as_json:
            cetak_json({
                "fasilitas": {k: f.model_dump() for k, f in semua.items()},
                "pemesanan": [b.ke_dict() for b in pesanan],
            })  # fmt: skip
            return
        for k, f in semua.items():
            tarif = ", ".join(
                f"{_rp(v)}/{n}" for n, v in (("hari", f.tarif_hari),
                ("setengah hari", f.tarif_setengah_hari), ("malam", f.tarif_malam))
                if v is not None
            )  # fmt: skip
            kap = f", {f.kapasitas} orang" if f.kapasitas else ""
            click.echo(f"{k}: {f.nama} ({f.jenis}{kap}) {tarif}")
        for b in pesanan:
            _cetak_pesan(b, meja, False)


@fasilitas.command("pesan")
@click.argument("kunci")
@click.option("--mulai", required=True, help="Waktu cek-in (TTTT-BB-HH JJ:MM), waktu kantor.")
@click.option("--selesai", required=True, help="Waktu cek-out (TTTT-BB-HH JJ:MM), waktu kantor.")
@click.option("--satuan", default="hari", show_default=True,
              type=click.Choice(["hari", "setengah_hari", "malam"]))  # fmt: skip
@click.option("--peserta", type=click.IntRange(1))
@click.option("--permohonan", help="Kode permohonan penggunaan fasilitas.")
@_opsi_oleh
@json_option
@pass_konteks
def fasilitas_pesan(konteks: Konteks, kunci: str, mulai: str, selesai: str, satuan: str,
                    peserta: int | None, permohonan: str | None, oleh: str | None,
                    as_json: bool) -> None:  # fmt: skip
    """Pesan fasilitas KUNCI; tarif dihitung dari naskah.toml."""
    from naskah.ult import fasilitas as fs

    with _meja(konteks, oleh) as meja:
        a, b = _waktu(mulai, meja, "Waktu mulai"), _waktu(selesai, meja, "Waktu selesai")
        assert a is not None and b is not None
        p = fs.pesan(meja, kunci, a, b, satuan=satuan, peserta=peserta, permohonan=permohonan)
        _cetak_pesan(p, meja, as_json)


@fasilitas.command("rincian")
@click.argument("kode")
@json_option
@pass_konteks
def fasilitas_rincian(konteks: Konteks, kode: str, as_json: bool) -> None:
    """Rincian fasilitas yang dipesan permohonan KODE dan tarifnya (untuk surat balasan)."""
    from naskah.ult import fasilitas as fs

    with _meja(konteks) as meja:
        r = fs.rincian_tarif(meja, kode)
    if as_json:
        cetak_json(r.ke_dict())
        return
    for b in r.baris:
        click.echo(f"{b['fasilitas']}  {b['mulai']} – {b['selesai']}  {b['jumlah']} "
                   f"{b['satuan']}  {_rp(b['tarif'])}")  # fmt: skip
    click.echo(f"Jumlah: {_rp(r.jumlah)}" + (f" ({r.dasar})" if r.dasar else ""))


def _ubah_pesan(nama: str, bantuan: str) -> None:
    @fasilitas.command(nama, help=bantuan)
    @click.argument("nomor", type=int)
    @_opsi_oleh
    @json_option
    @pass_konteks
    def perintah(konteks: Konteks, nomor: int, oleh: str | None, as_json: bool) -> None:
        from naskah.ult import fasilitas as fs

        with _meja(konteks, oleh) as meja:
            b = getattr(fs, nama)(meja, nomor)
            _cetak_pesan(b, meja, as_json)


_ubah_pesan("masuk", "Catat cek-in pemesanan NOMOR.")
_ubah_pesan("keluar", "Catat cek-out pemesanan NOMOR.")
_ubah_pesan("batal", "Batalkan pemesanan NOMOR yang belum dipakai.")


# -- due, export -------------------------------------------------------------------------------


@ult.command("jatuh-tempo")
@click.option("--petugas", help="Hanya milik petugas ini.")
@click.option("--unit", help="Hanya milik unit ini.")
@click.option("--kirim", is_flag=True, help="Kirim ringkasannya lewat surel ([surel]).")
@click.option(
    "--kepada", multiple=True, help="Penerima ringkasan (bawaan: [ult] ringkasan_kepada)."
)
@json_option
@pass_konteks
def perintah_jatuh_tempo(konteks: Konteks, petugas: str | None, unit: str | None, kirim: bool,
                         kepada: tuple[str, ...], as_json: bool) -> None:  # fmt: skip
    """Daftar yang jatuh tempo hari ini, hari kerja berikutnya, dan yang sudah lewat."""
    from naskah.ult.jatuh_tempo import jatuh_tempo

    if kirim:
        import os

        from naskah.ult.ringkasan import kirim_ringkasan

        with _meja(konteks, baca=True) as meja:
            s = meja.konfigurasi.surel
            sandi = os.environ.get(s.sandi_env) if s.pengguna else None
            if s.pengguna and not sandi:
                raise UltError(
                    f"Sandi surel belum ada; isi variabel {s.sandi_env} sebelum mengirim ringkasan."
                )
            h = kirim_ringkasan(meja, kepada=kepada, sandi=sandi)
        if as_json:
            cetak_json({"jumlah": h.jumlah, "terkirim": list(h.terkirim)})
        elif h.jumlah == 0:
            click.echo("Tidak ada yang jatuh tempo; ringkasan tidak dikirim.")
        else:
            click.echo(f"Ringkasan {h.jumlah} butir terkirim ke {len(h.terkirim)} penerima.")
        return
    with _meja(konteks, baca=True) as meja:
        daftar = jatuh_tempo(meja, petugas=petugas, unit=unit)
    if as_json:
        cetak_json([t.ke_dict() for t in daftar])
        return
    if not daftar:
        click.echo("Tidak ada yang jatuh tempo.")
    label = {"lewat": "LEWAT", "hari_ini": "HARI INI", "besok": "BESOK"}
    kelompok: dict[tuple[str, str], list[Any]] = {}
    for t in daftar:
        kelompok.setdefault((t.unit or "(tanpa unit)", t.petugas or "(belum didisposisi)"),
                            []).append(t)  # fmt: skip
    baris = []  # one write: a thousand lines echoed one by one cost more than reading them
    for (u, orang), isi in sorted(kelompok.items()):
        baris.append(f"{u} — {orang}")
        for t in isi:
            lewat = f" {t.terlambat} hari kerja" if t.terlambat else ""
            baris.append(f"  {t.tenggat}  {label[t.status]}{lewat}  {t.jenis} {t.kode}  "
                         f"{t.layanan or '-'}  {t.instansi or ''}".rstrip())  # fmt: skip
    if baris:
        click.echo("\n".join(baris))


@ult.command("ekspor")
@click.argument("berkas", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--layanan")
@click.option("--dari")
@click.option("--sampai")
@json_option
@pass_konteks
def perintah_ekspor(konteks: Konteks, berkas: Path, layanan: str | None, dari: str | None,
                    sampai: str | None, as_json: bool) -> None:  # fmt: skip
    """Ekspor permohonan dan pengaduan ke BERKAS .xlsx (tanpa data pribadi)."""
    from naskah.ult import permohonan as pm
    from naskah.ult.ekspor import ekspor

    saring = pm.Saringan(layanan=layanan, dari=_tanggal(dari, "Tanggal --dari"),
                         sampai=_tanggal(sampai, "Tanggal --sampai"))  # fmt: skip
    with _meja(konteks) as meja:
        n, m = ekspor(meja, berkas, saring)
    if as_json:
        cetak_json({"berkas": str(berkas), "permohonan": n, "pengaduan": m})
    else:
        click.echo(f"{n} permohonan dan {m} pengaduan diekspor ke {berkas}.")


_CONTOH: dict[tuple[str, ...], str] = {
    (): "naskah ult jatuh-tempo",
    ("layanan",): "naskah ult layanan --json",
    ("periksa",): "naskah ult periksa",
    ("terima",): 'naskah ult terima kerjasama --instansi "Disdik Kota Samarinda" --telepon '
    "0811xxxxxxx --syarat semua --kegiatan 2025-07-14 --lampiran surat.pdf",
    ("daftar",): "naskah ult daftar --layanan kerjasama --terbuka",
    ("lihat",): "naskah ult lihat 7KQ2M-X9D4P",
    ("lacak",): "naskah ult lacak 7kq2m-x9d4p --json",
    (
        "disposisi",
    ): 'naskah ult disposisi 7KQ2M-X9D4P --kepada "Kasubbag Umum" --unit "Subbag Umum"',
    ("putuskan",): 'naskah ult putuskan 7KQ2M-X9D4P --revisi --alasan "Lengkapi RAB"',
    ("perpanjang",): 'naskah ult perpanjang 7KQ2M-X9D4P --hari 3 --alasan "Menunggu jadwal"',
    ("lengkapi",): "naskah ult lengkapi 7KQ2M-X9D4P --lampiran rab-perbaikan.pdf",
    (
        "produk",
    ): 'naskah ult produk 7KQ2M-X9D4P --jenis "SK Kerja Sama" --nomor 0601/C7.24/HK.03.01/2025',
    ("tutup",): "naskah ult tutup 7KQ2M-X9D4P",
    ("surat-tugas",): 'naskah ult surat-tugas 7KQ2M-X9D4P --petugas siti --tempat "Aula Disdik"',
    ("terbitkan",): "naskah ult terbitkan 7KQ2M-X9D4P surat-tugas-7KQ2MX9D4P.yaml --tandatangani",
    ("pengaduan",): "naskah ult pengaduan daftar --terbuka",
    (
        "pengaduan",
        "terima",
    ): 'naskah ult pengaduan terima --isi "Belum ada balasan" --kanal telepon',
    ("pengaduan", "tindak"): 'naskah ult pengaduan tindak 4M2QX-PP7ZA --catatan "Diteruskan"',
    ("pengaduan", "jawab"): 'naskah ult pengaduan jawab 4M2QX-PP7ZA --jawaban "Sudah dibalas"',
    ("pengaduan", "tutup"): "naskah ult pengaduan tutup 4M2QX-PP7ZA",
    ("pengaduan", "daftar"): "naskah ult pengaduan daftar --terbuka --json",
    ("fasilitas",): "naskah ult fasilitas daftar",
    ("fasilitas", "daftar"): "naskah ult fasilitas daftar --aktif",
    ("fasilitas", "pesan"): 'naskah ult fasilitas pesan aula --mulai "2025-07-14 08:00" '
    '--selesai "2025-07-14 12:00" --satuan setengah_hari',
    ("fasilitas", "masuk"): "naskah ult fasilitas masuk 12",
    ("fasilitas", "keluar"): "naskah ult fasilitas keluar 12",
    ("fasilitas", "batal"): "naskah ult fasilitas batal 12",
    ("fasilitas", "rincian"): "naskah ult fasilitas rincian FTXS9-FK1P4",
    ("jatuh-tempo",): "naskah ult jatuh-tempo --unit 'Subbag Umum'",
    ("ekspor",): "naskah ult ekspor laporan-ult-2025.xlsx --dari 2025-01-01",
}
"""One example per command, appended to its help (``naskah ult … --help``)."""


def _pasang_contoh(grup: click.Group, jalur: tuple[str, ...] = ()) -> None:
    cmd: click.Command = grup
    if jalur in _CONTOH:
        cmd.help = f"{cmd.help or ''}\n\nContoh:\n\n    {_CONTOH[jalur]}"
    for nama, sub in grup.commands.items():
        if isinstance(sub, click.Group):
            _pasang_contoh(sub, (*jalur, nama))
        elif (*jalur, nama) in _CONTOH:
            sub.help = f"{sub.help or ''}\n\nContoh:\n\n    {_CONTOH[(*jalur, nama)]}"


from naskah.cli import ult_evaluasi  # noqa: E402, F401 - the survey and the yearly report

_pasang_contoh(ult)
