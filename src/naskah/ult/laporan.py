"""The yearly evaluation report as a naskah: owns writing its YAML, DOCX/PDF and XLSX.

:func:`tulis_laporan` reads the year's figures (:func:`naskah.ult.evaluasi.evaluasi`), writes
them as a ``laporan_evaluasi`` document (YAML: the counts, plus the head's follow-up plan read
from an optional YAML file), renders it like any document (DOCX and PDF/A through
:func:`naskah.render.render_berkas`) and exports every figure to one workbook. Issuing it
(number, signature, archive) is the ordinary ``naskah terbitkan`` of that YAML, or
``--terbitkan`` here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

from naskah.berkas import tulis_atomik
from naskah.errors import InputError, UltError
from naskah.ult import evaluasi as ev
from naskah.ult import ikm as _ikm
from naskah.ult import survei
from naskah.ult.meja import Meja, kode_tersamar

__all__ = ["HasilLaporan", "OpsiLaporan", "data_laporan", "ekspor_angka", "tulis_laporan"]

FormatLaporan = Literal["yaml", "docx", "pdf", "semua"]
_KUNCI_RENCANA = (
    "rencana_tindak_lanjut", "catatan", "tembusan", "unit_layanan", "dasar", "penandatangan",
    "mewakili", "verifikator", "ditetapkan_di", "tanggal", "seri", "klasifikasi", "saran",
)  # fmt: skip
"""What the head's YAML (``--rencana``) may set; the figures always come from the desk."""


@dataclass(frozen=True)
class OpsiLaporan:
    tahun: int
    keluaran: Path = Path("laporan")
    """The folder the files are written to."""
    rencana: Path | None = None
    """A YAML file with the head's part: ``rencana_tindak_lanjut``, ``catatan``, … (see
    :data:`_KUNCI_RENCANA`)."""
    penandatangan: str | None = None
    """A name of naskah.toml's [pejabat.*]; ``kepala`` (or the only one) when None."""
    tanggal: date | None = None
    """The report's date; today (office zone) when None."""
    format: FormatLaporan = "semua"
    xlsx: bool = True
    pdfa: bool | None = None
    klasifikasi: str | None = None
    """The archive classification code (a series that needs one); the --rencana file's else."""
    terbitkan: bool = False
    """Issue it at once through the pipeline (number, render, archive) instead of drafts."""
    tandatangani: bool = False
    p12: Path | None = None


@dataclass
class HasilLaporan:
    yaml: Path
    docx: Path | None = None
    pdf: Path | None = None
    xlsx: Path | None = None
    nomor: str | None = None
    """The register number, when issued."""
    salinan: tuple[Path, ...] = ()
    """The issued files' copies, when issued."""
    evaluasi: ev.Evaluasi | None = field(default=None, repr=False)


def _d(x: Fraction | None, tempat: int = 1) -> str | None:
    return None if x is None else str(_ikm.bulat(x, tempat))


def _penandatangan(meja: Meja, opsi: OpsiLaporan, rencana: dict[str, Any]) -> Any:
    if "penandatangan" in rencana:
        return rencana["penandatangan"]
    pejabat = meja.konfigurasi.pejabat
    if opsi.penandatangan:
        return opsi.penandatangan
    if "kepala" in pejabat:
        return "kepala"
    if len(pejabat) == 1:
        return next(iter(pejabat))
    raise UltError(
        "Penandatangan laporan belum jelas; sebutkan --penandatangan dengan nama pejabat di "
        "naskah.toml (misalnya kepala) atau isi penandatangan di berkas --rencana."
    )


def _baca_rencana(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    from naskah.loader import baca_data

    data, _ = baca_data(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"Berkas {path.name} harus berisi pemetaan, misalnya "
                         "rencana_tindak_lanjut: [...].")  # fmt: skip
    asing = sorted(set(data) - set(_KUNCI_RENCANA))
    if asing:
        raise InputError(
            f"Berkas {path.name}: kunci {', '.join(asing)} tidak dapat diisi di sini (angka "
            f"laporan diambil dari catatan meja layanan); yang dapat diisi: "
            f"{', '.join(_KUNCI_RENCANA)}."
        )
    return data


def _saran_terpilih(e: ev.Evaluasi, n: int = 6) -> list[str]:
    """The most frequent suggestions (each once), most frequent first."""
    hitung = Counter(" ".join(s.split()) for s in e.saran)
    return [s for s, _ in sorted(hitung.items(), key=lambda x: (-x[1], x[0]))[:n]]


def data_laporan(meja: Meja, opsi: OpsiLaporan, e: ev.Evaluasi | None = None) -> dict[str, Any]:
    """Return the report's YAML content for ``opsi.tahun``."""
    e = e or ev.evaluasi(meja, opsi.tahun)
    if not e.kasus and not e.responden:
        raise UltError(
            f"Belum ada permohonan maupun jawaban survei pada tahun {opsi.tahun}; laporan "
            "evaluasi belum dapat disusun."
        )
    rencana = _baca_rencana(opsi.rencana)
    hasil = e.ikm
    unsur = [
        {"kode": u.kode, "nama": u.nama, "jumlah": hasil.jumlah[i] if hasil else 0}
        for i, u in enumerate(survei.UNSUR)
    ]
    layanan = []
    for x in e.layanan:
        if not x.diterima and not x.responden:
            continue
        layanan.append({
            "nama": x.nama, "janji_jawab": x.janji_jawab, "janji_selesai": x.janji_selesai,
            "diterima": x.diterima, "disetujui": x.disetujui, "ditolak": x.ditolak,
            "diperpanjang": x.diperpanjang,
            "jawab_tepat": x.jawab.tepat, "jawab_dinilai": x.jawab.dinilai,
            "selesai_tepat": x.selesai.tepat, "selesai_dinilai": x.selesai.dinilai,
            "tepat": x.semua.tepat, "dinilai": x.semua.dinilai,
            "median_hari": _d(x.durasi_selesai.median or x.durasi_jawab.median),
            "p90_hari": x.durasi_selesai.p90 if x.durasi_selesai.jumlah else x.durasi_jawab.p90,
            "responden": x.responden,
            "ikm": str(x.ikm.nilai) if x.ikm else None,
        })  # fmt: skip
    per_bulan: dict[int, int] = Counter(k.hari_terima.month for k in e.kasus)
    bulanan = [
        {"bulan": i, "diterima": per_bulan.get(i, 0), "dinilai": c.dinilai, "tepat": c.tepat}
        for i, c in enumerate(e.bulanan, 1)
    ]
    a = e.pengaduan
    terlama = []
    for k in e.terlama():
        janji = k.janji_selesai if k.durasi_selesai is not None else k.janji_jawab
        if k.tepat is False:
            ket = "terlambat"
        elif k.diperpanjang:
            ket = "diperpanjang"
        else:
            ket = "tepat waktu"
        # the report may be published: a full tracking code would open the applicant's request
        # on the public tracking page, so only its first half is printed (staff find the rest
        # with the service and the date)
        terlama.append({"kode": kode_tersamar(k.kode), "layanan": k.nama_layanan,
                        "diterima": k.hari_terima.isoformat(), "durasi": k.durasi,
                        "janji": janji, "keterangan": ket})  # fmt: skip
    tanggal = rencana.get("tanggal") or (opsi.tanggal or meja.hari_ini()).isoformat()
    data: dict[str, Any] = {
        "jenis": "laporan_evaluasi",
        "tahun": opsi.tahun,
        "unit_layanan": rencana.get("unit_layanan", "Unit Layanan Terpadu"),
        "per_hari": e.per_hari.isoformat(),
    }
    if "dasar" in rencana:
        data["dasar"] = rencana["dasar"]
    for kunci in ("seri", "klasifikasi"):
        if kunci in rencana:
            data[kunci] = rencana[kunci]
    if opsi.klasifikasi:
        data["klasifikasi"] = opsi.klasifikasi
    data.update({
        "survei": {
            "responden": e.responden, "populasi": len(e.kasus), "sampel": e.sampel,
            "daring": e.daring, "kertas": e.kertas, "unsur": unsur,
            "profil": {k: v for k, v in e.profil.items() if any(v.values())},
        },
        "layanan": layanan,
        "bulanan": bulanan,
        "median_hari": _d(e.durasi.median),
        "p90_hari": e.durasi.p90,
        "pengaduan": {
            "jumlah": a.jumlah, "janji": a.janji, "tepat": a.selesai.tepat,
            "terlambat": a.selesai.terlambat, "berjalan": a.selesai.berjalan,
            "median_hari": _d(a.durasi.median), "p90_hari": a.durasi.p90,
            "per_kanal": a.per_kanal, "per_layanan": a.per_layanan, "lapor": a.lapor,
        },
        "terlama": terlama,
        "saran": rencana.get("saran", _saran_terpilih(e)),
        "catatan": rencana.get("catatan", []),
        "rencana_tindak_lanjut": rencana.get("rencana_tindak_lanjut", []),
        "tanggal": tanggal if isinstance(tanggal, str) else str(tanggal),
        "penandatangan": _penandatangan(meja, opsi, rencana),
    })  # fmt: skip
    for kunci in ("mewakili", "verifikator", "ditetapkan_di", "tembusan"):
        if kunci in rencana:
            data[kunci] = rencana[kunci]
    return data


def _yaml(data: dict[str, Any]) -> str:
    import yaml

    kepala = (
        "# Laporan Evaluasi Penerapan Standar Pelayanan, disusun oleh `naskah ult laporan` dari\n"
        "# catatan meja layanan. Angka diambil dari catatan; yang diisi kepala: rencana tindak\n"
        "# lanjut, catatan, tembusan (lewat --rencana atau langsung di berkas ini).\n"
    )
    return kepala + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def tulis_laporan(
    meja: Meja, opsi: OpsiLaporan, minta_rahasia: Callable[[Path | None, str], str] | None = None
) -> HasilLaporan:
    """Write the report of ``opsi.tahun``: YAML, then DOCX/PDF (drafts, or issued with
    ``opsi.terbitkan``) and the XLSX of its figures."""
    from naskah.loader import muat_dokumen

    e = ev.evaluasi(meja, opsi.tahun)
    data = data_laporan(meja, opsi, e)
    folder = Path(opsi.keluaran)
    nama = f"laporan-evaluasi-{opsi.tahun}"
    yaml_path = folder / f"{nama}.yaml"
    with tulis_atomik(yaml_path, galat=UltError) as sementara:
        sementara.write_text(_yaml(data), encoding="utf-8")
    hasil = HasilLaporan(yaml=yaml_path, evaluasi=e)
    model = muat_dokumen(yaml_path, meja.konfigurasi)  # the file as staff will issue it
    if opsi.terbitkan:
        from naskah.terbit.naskah import HasilTerbit, PermintaanTerbit, terbitkan

        t = terbitkan(
            meja.konfigurasi,
            PermintaanTerbit(berkas=yaml_path, tandatangani=opsi.tandatangani, p12=opsi.p12,
                             keluaran=folder / "terbit", oleh=meja.pelaku),
            minta_rahasia,
        )  # fmt: skip
        assert isinstance(t, HasilTerbit)
        hasil.nomor, hasil.salinan = t.nomor, t.salinan
    elif opsi.format != "yaml":
        from naskah.render import PermintaanRender, render_berkas

        (h,) = render_berkas(
            [(yaml_path, model)],
            PermintaanRender(format=opsi.format, keluaran=folder, pdfa=opsi.pdfa),
            konfigurasi=meja.konfigurasi,
        )
        hasil.docx, hasil.pdf = h.docx, h.pdf
    if opsi.xlsx:
        hasil.xlsx = ekspor_angka(e, folder / f"{nama}.xlsx")
    return hasil


# -- the figures as a workbook ---------------------------------------------------------------------


def _angka(x: Any) -> Any:
    if isinstance(x, Fraction):
        return float(_ikm.bulat(x, 4))
    if isinstance(x, Decimal):
        return float(x)
    return x


def ekspor_angka(e: ev.Evaluasi, tujuan: Path) -> Path:
    """Write every figure of the evaluation to ``tujuan`` (.xlsx), one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from naskah.ult.ekspor import netralkan

    wb = Workbook()
    lembar: list[tuple[str, list[str], list[list[Any]]]] = []
    h = e.ikm
    lembar.append((
        "IKM",
        ["Kode", "Unsur", "Jumlah nilai", "Responden", "NRR", "NRR x 1/9", "Mutu", "Kinerja"],
        [[u.kode, u.nama, h.jumlah[i], h.responden, _angka(h.nrr[i]),
          _angka(h.nrr[i] * _ikm.BOBOT), _ikm.mutu_nrr(h.nrr[i]).huruf,
          _ikm.mutu_nrr(h.nrr[i]).kinerja] for i, u in enumerate(survei.UNSUR)] if h else [],
    ))  # fmt: skip
    lembar.append((
        "Ringkasan",
        ["Besaran", "Nilai"],
        [["Tahun", e.tahun], ["Per tanggal", e.per_hari],
         ["IKM", float(h.nilai) if h else None], ["Mutu", h.mutu.huruf if h else None],
         ["Kinerja", h.mutu.kinerja if h else None], ["Responden", e.responden],
         ["Responden daring", e.daring], ["Responden kertas", e.kertas],
         ["Permohonan dilayani", len(e.kasus)], ["Sampel minimal (Krejcie-Morgan)", e.sampel],
         ["Sampel cukup", "ya" if e.cukup else "tidak"],
         ["Tepat waktu (semua tenggat)", e.semua.tepat], ["Dapat dinilai", e.semua.dinilai],
         ["Persen tepat waktu", _angka(e.semua.persen)],
         ["Dijawab tepat", e.jawab.tepat], ["Jawaban dinilai", e.jawab.dinilai],
         ["Selesai tepat", e.selesai.tepat], ["Penyelesaian dinilai", e.selesai.dinilai],
         ["Median hari kerja", _angka(e.durasi.median)], ["Persentil 90 hari kerja", e.durasi.p90],
         ["Unsur prioritas", e.unsur_prioritas.kode if e.unsur_prioritas else None]],
    ))  # fmt: skip
    lembar.append((
        "Layanan",
        ["Kunci", "Layanan", "Janji jawab (HK)", "Janji selesai (HK)", "Diterima", "Disetujui",
         "Ditolak", "Diperpanjang", "Dijawab tepat", "Jawaban dinilai", "Selesai tepat",
         "Penyelesaian dinilai", "Tepat semua", "Dinilai", "Persen tepat", "Median jawab (HK)",
         "P90 jawab (HK)", "Median selesai (HK)", "P90 selesai (HK)", "Responden", "IKM",
         "Mutu", "Sampel minimal"],
        [[x.layanan, x.nama, x.janji_jawab, x.janji_selesai, x.diterima, x.disetujui, x.ditolak,
          x.diperpanjang, x.jawab.tepat, x.jawab.dinilai, x.selesai.tepat, x.selesai.dinilai,
          x.semua.tepat, x.semua.dinilai, _angka(x.semua.persen), _angka(x.durasi_jawab.median),
          x.durasi_jawab.p90, _angka(x.durasi_selesai.median), x.durasi_selesai.p90,
          x.responden, float(x.ikm.nilai) if x.ikm else None,
          x.ikm.mutu.huruf if x.ikm else None, x.sampel] for x in e.layanan],
    ))  # fmt: skip
    lembar.append((
        "Bulanan",
        ["Bulan", "Tepat", "Terlambat", "Berjalan", "Persen tepat"]
        + [f"Tepat {x.layanan}" for x in e.layanan],
        [[ev.NAMA_BULAN[i], c.tepat, c.terlambat, c.berjalan, _angka(c.persen)]
         + [f"{x.bulanan[i].tepat}/{x.bulanan[i].dinilai}" for x in e.layanan]
         for i, c in enumerate(e.bulanan)],
    ))  # fmt: skip
    a = e.pengaduan
    lembar.append((
        "Pengaduan",
        ["Besaran", "Nilai"],
        [["Jumlah", a.jumlah], ["Janji (HK)", a.janji], ["Tepat", a.selesai.tepat],
         ["Terlambat", a.selesai.terlambat], ["Berjalan", a.selesai.berjalan],
         ["Persen tepat", _angka(a.selesai.persen)], ["Median (HK)", _angka(a.durasi.median)],
         ["Persentil 90 (HK)", a.durasi.p90], ["Dengan tiket LAPOR!", a.lapor]]
        + [[f"Saluran: {k}", v] for k, v in a.per_kanal.items()]
        + [[f"Layanan: {k}", v] for k, v in a.per_layanan.items()],
    ))  # fmt: skip
    lembar.append((
        "Permohonan",
        ["Kode", "Layanan", "Diterima", "Keadaan", "Keputusan", "Janji jawab (HK)",
         "Lama jawab (HK)", "Jawab tepat", "Janji selesai (HK)", "Lama selesai (HK)",
         "Selesai tepat", "Diperpanjang"],
        [[k.kode, k.layanan, k.hari_terima, k.keadaan, k.keputusan, k.janji_jawab,
          k.durasi_jawab, _ya(k.tepat_jawab), k.janji_selesai, k.durasi_selesai,
          _ya(k.tepat_selesai), "ya" if k.diperpanjang else "tidak"] for k in e.kasus],
    ))  # fmt: skip
    lembar.append((
        "Profil responden",
        ["Data", "Pilihan", "Jumlah"],
        [[survei.NAMA_PROFIL[k], p, n] for k, v in e.profil.items() for p, n in v.items()],
    ))  # fmt: skip
    wb.remove(wb.active)
    for judul, kolom, baris in lembar:
        ws = wb.create_sheet(judul)
        ws.append(kolom)
        for c in ws[1]:
            c.font = Font(bold=True)
        for b in baris:
            ws.append([netralkan(v) for v in b])
    with tulis_atomik(tujuan, galat=UltError) as sementara:
        wb.save(sementara)
    return tujuan


def _ya(x: bool | None) -> str:
    return "-" if x is None else ("ya" if x else "tidak")
