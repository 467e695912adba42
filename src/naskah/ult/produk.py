"""A request's documents issued through the pipeline: owns drafting them from the request.

Each product kind has one drafting verb that writes an ordinary document file from what the
desk recorded; staff may edit it like any other:

- :func:`surat_tugas`: the surat tugas of an approved speaker request (the applicant's letter as
  its basis, the activity's dates, the assignees chosen from ``[pejabat.*]``);
- :func:`surat_kesediaan`: the letter telling a cooperation applicant the office agrees;
- :func:`surat_penolakan`: the letter telling an applicant of any service its request is
  refused, with the decision's reason;
- :func:`sk_kerja_sama`: the SK Kepala tentang kerja sama, filled from the request (partner,
  scope, the activity's dates, funding);
- :func:`perjanjian_kerja_sama`: the cooperation agreement (PKS) between the office and the
  applicant's instansi, filled from the request (partner and its signer, scope, the activity's
  dates as its period, funding); the partner's own number is optional;
- :func:`surat_balasan_fasilitas`: the reply to a facility request listing the booked rooms and
  equipment, their dates and the PNBP tariff computed by :mod:`naskah.ult.fasilitas`;
- the participants' certificates of a cooperation activity (``sertifikat``): the activity file
  of the existing sertifikat kind, filled from the request, issued by ``naskah sertifikat``'s
  verb and linked once.

Every file is signed by ``[pejabat.kepala]`` (the agreement also by the partner's official, on
its printed block). :func:`terbitkan_produk` issues a document file with
``naskah terbitkan``'s own verb (numbered, rendered, signed when asked, archived) and links the
number and the archived version's verification id to the request as one of its products;
:func:`terbitkan_jenis` drafts a product kind (:data:`PRODUK`) and issues it in one step,
refusing a kind that does not fit the request's service or state before anything is written or
numbered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from naskah.berkas import alasan_os
from naskah.errors import UltError
from naskah.models.common import format_tanggal
from naskah.models.teks import terbilang
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja

if TYPE_CHECKING:
    from naskah.config import Konfigurasi
    from naskah.terbit.naskah import MintaRahasia


@dataclass(frozen=True)
class HasilProduk:
    permohonan: pm.Permohonan
    nomor: str
    id_verifikasi: str
    salinan: tuple[Path, ...]
    berkas: Path | None = None
    """The document file issued (the draft written from the request, or the one given)."""
    jenis: str = ""


@dataclass(frozen=True)
class OpsiProduk:
    """What staff add to the request's data when drafting a product (all optional but the
    assignees and place of a surat tugas)."""

    klasifikasi: str | None = None
    seri: str | None = None
    kepada: str | None = None
    """The addressee after ``Yth.`` (default: ``Pimpinan <instansi>``)."""
    alamat: str | None = None
    """The addressee's address (default: ``di Tempat``)."""
    petugas: tuple[str, ...] = ()
    tempat: str | None = None
    ruang_lingkup: tuple[str, ...] = ()
    """SK kerja sama: the scope (default: the request's perihal)."""
    pendanaan: str | None = None
    peserta: Path | None = None
    """Sertifikat: the participant sheet (CSV or XLSX, as ``naskah sertifikat`` reads it)."""
    jp: int | None = None
    """Sertifikat: the activity's volume in JP (jam pelajaran)."""
    wakil_mitra: str | None = None
    """PKS: the name of the partner's official who signs for it (with titles as printed)."""
    jabatan_mitra: str | None = None
    """PKS: that official's jabatan."""
    nip_mitra: str | None = None
    """PKS: that official's NIP, when a civil servant."""
    nomor_mitra: str | None = None
    """PKS: the partner's own number of the agreement (dots are printed when unknown)."""


def _seri(k: Konfigurasi, seri: str | None) -> str:
    if seri:
        if seri not in k.seri:
            sah = ", ".join(sorted(k.seri)) or "(belum ada [seri.*])"
            raise UltError(f"Seri {seri!r} tidak ada di naskah.toml; pilihan: {sah}.")
        return seri
    if not k.seri:
        raise UltError("Belum ada seri penomoran [seri.*] di naskah.toml.")
    return "naskah" if "naskah" in k.seri else next(iter(k.seri))


def _kepala(k: Konfigurasi, jenis: str) -> None:
    if "kepala" not in k.pejabat:
        raise UltError(f"{jenis} ditandatangani [pejabat.kepala] yang belum ada di naskah.toml.")


def _keadaan(p: pm.Permohonan, boleh: tuple[str, ...], jenis: str) -> None:
    if p.keadaan not in boleh:
        syarat = "disetujui" if boleh == ("disetujui",) else " atau ".join(boleh)
        raise UltError(
            f"Permohonan {p.kode_tampil} berkeadaan {p.keadaan}; {jenis} dibuat setelah "
            f"permohonan {syarat}."
        )


def _layanan(p: pm.Permohonan, jenis_layanan: str, jenis: str) -> None:
    if golongan_layanan(p) != jenis_layanan:
        raise UltError(
            f"{jenis} hanya untuk permohonan {NAMA_GOLONGAN[jenis_layanan]}, sedangkan "
            f"permohonan {p.kode_tampil} adalah {p.nama_layanan}."
        )


NAMA_GOLONGAN = {
    "kerjasama": "kerja sama",
    "narasumber": "narasumber",
    "fasilitas": "penggunaan fasilitas",
}


def golongan_layanan(p: pm.Permohonan) -> str | None:
    """Return which of the seeds' services a request is (by its key, else its name), or None."""
    teks = f"{p.layanan} {p.nama_layanan}".lower().replace(" ", "")
    for kunci in ("kerjasama", "narasumber", "fasilitas"):
        if kunci in teks:
            return kunci
    return None


def _kegiatan(p: pm.Permohonan) -> str:
    return " ".join((p.perihal or f"kegiatan {p.instansi}").split())


def _rentang(a: date, b: date | None) -> str:
    from naskah.models.surat_tugas import rentang_tanggal

    return format_tanggal(a) if b is None or a == b else rentang_tanggal(a, b)


def _tulis(tujuan: Path, data: dict[str, Any], judul: str, perintah: str) -> Path:
    import yaml

    teks = (
        f"# {judul}, disusun oleh `{perintah}`;\n"
        "# periksa dan ubah seperlunya, lalu terbitkan dengan `naskah ult terbitkan`.\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=96)
    )
    if tujuan.exists():
        raise UltError(f"Berkas {tujuan} sudah ada; pilih nama lain agar tidak tertimpa.")
    try:
        tujuan.parent.mkdir(parents=True, exist_ok=True)
        with open(tujuan, "x", encoding="utf-8") as f:
            f.write(teks)
    except OSError as exc:
        raise UltError(f"Berkas {tujuan} tidak dapat ditulis ({alasan_os(exc)}).") from None
    return tujuan


def _pembuka(meja: Meja, p: pm.Permohonan) -> str:
    return (
        f"Menindaklanjuti surat {p.instansi} perihal {_kegiatan(p)} yang kami terima pada tanggal "
        f"{format_tanggal(p.hari_terima)} dengan kode permohonan {p.kode_tampil}, dengan ini kami "
        "sampaikan hal-hal sebagai berikut."
    )


_KATA_BIASA = frozenset({"MUTU", "KOTA", "DAN", "DI", "KE", "JAWA", "BALI", "RIAU", "ACEH", "RAYA"})


def _unit(meja: Meja) -> str:
    """Return the office's unit in title case, abbreviations (BPMP, ULT) kept."""
    i = meja.konfigurasi.instansi
    if i is None:
        raise UltError("Data [instansi] di naskah.toml belum diisi; surat membutuhkan kop kantor.")
    kata = []
    for n, w in enumerate(i.unit.split()):
        if w.isupper() and len(w) <= 4 and w not in _KATA_BIASA:
            kata.append(w)
        elif n and w.lower() in ("dan", "di", "ke", "dari", "untuk", "pada", "yang"):
            kata.append(w.lower())
        else:
            kata.append(w[:1].upper() + w[1:].lower())
    return " ".join(kata)


def _surat(meja: Meja, p: pm.Permohonan, opsi: OpsiProduk, hal: str, isi: list[Any],
           *, lampiran: str | None = None) -> dict[str, Any]:  # fmt: skip
    k = meja.konfigurasi
    _kepala(k, "Surat")
    data: dict[str, Any] = {
        "jenis": "surat_dinas",
        "seri": _seri(k, opsi.seri),
        "sifat": "Biasa",
        "hal": hal,
        "tanggal": meja.hari_ini().isoformat(),
        "kepada": [{
            "nama": " ".join((opsi.kepada or f"Pimpinan {p.instansi}").split()),
            "alamat": " ".join((opsi.alamat or "di Tempat").split()),
        }],
        "isi": isi,
        "penandatangan": "kepala",
    }  # fmt: skip
    if lampiran:
        data["lampiran"] = lampiran
    if opsi.klasifikasi:
        data["klasifikasi"] = opsi.klasifikasi
    return data


def surat_tugas(
    meja: Meja, kode: str, tujuan: Path, *, petugas: Sequence[str], tempat: str,
    klasifikasi: str | None = None, seri: str | None = None,
) -> Path:  # fmt: skip
    """Write the surat tugas of approved request ``kode`` to ``tujuan`` (YAML); return it."""
    p = pm.lihat(meja, kode).permohonan
    opsi = OpsiProduk(klasifikasi=klasifikasi, seri=seri, petugas=tuple(petugas), tempat=tempat)
    data = _data_surat_tugas(meja, p, opsi)
    return _tulis(tujuan, data, f"Surat tugas permohonan {p.kode_tampil}",
                  "naskah ult surat-tugas")  # fmt: skip


def _data_surat_tugas(meja: Meja, p: pm.Permohonan, opsi: OpsiProduk) -> dict[str, Any]:
    k = meja.konfigurasi
    _keadaan(p, ("disetujui",), "surat tugas")
    if p.kegiatan_mulai is None:
        raise UltError(
            f"Permohonan {p.kode_tampil} tidak mencatat tanggal kegiatan; surat tugas "
            "membutuhkan tanggal pelaksanaan."
        )
    petugas = opsi.petugas
    if not petugas:
        raise UltError("Pilih sedikitnya satu petugas dari [pejabat] naskah.toml dengan --petugas.")
    tak_ada = [x for x in petugas if x not in k.pejabat]
    if tak_ada:
        sah = ", ".join(sorted(k.pejabat)) or "(belum ada [pejabat.*])"
        raise UltError(f"Petugas {', '.join(tak_ada)} tidak ada di naskah.toml; pilihan: {sah}.")
    _kepala(k, "Surat tugas")
    tempat = " ".join((opsi.tempat or "").split())
    if not tempat:
        raise UltError("Tempat pelaksanaan tugas belum diisi; tulis dengan --tempat.")
    kegiatan = _kegiatan(p)
    data: dict[str, Any] = {
        "jenis": "surat_tugas",
        "seri": _seri(k, opsi.seri),
        "dasar": [
            f"Surat {p.instansi} perihal {kegiatan} yang diterima tanggal "
            f"{format_tanggal(p.hari_terima)} (kode permohonan {p.kode_tampil});",
            f"Standar Pelayanan {p.nama_layanan} yang ditetapkan dengan Keputusan Nomor "
            f"{p.standar}.",
        ],
        "petugas": [k.pejabat[x].model_dump(mode="json", exclude_none=True) for x in petugas],
        "untuk": [
            f"menjadi narasumber pada {kegiatan} yang diselenggarakan oleh {p.instansi};",
            f"menyampaikan laporan hasil pelaksanaan tugas kepada {k.pejabat['kepala'].jabatan} "
            "setelah tugas selesai dilaksanakan.",
        ],
        "pelaksanaan": {"tanggal_mulai": p.kegiatan_mulai.isoformat(), "tempat": tempat},
        "tanggal": meja.hari_ini().isoformat(),
        "penandatangan": "kepala",
        "tembusan": [p.instansi],
    }
    if opsi.klasifikasi:
        data["klasifikasi"] = opsi.klasifikasi
    if p.kegiatan_selesai and p.kegiatan_selesai != p.kegiatan_mulai:
        data["pelaksanaan"]["tanggal_selesai"] = p.kegiatan_selesai.isoformat()
    return data


def _data_kesediaan(meja: Meja, p: pm.Permohonan, opsi: OpsiProduk) -> dict[str, Any]:
    _layanan(p, "kerjasama", "Surat jawaban kesediaan")
    _keadaan(p, ("disetujui",), "surat jawaban kesediaan")
    butir = [f"{_unit(meja)} bersedia bekerja sama dalam {_kegiatan(p)};"]
    if p.kegiatan_mulai is not None:
        butir.append(
            f"kegiatan direncanakan pada tanggal {_rentang(p.kegiatan_mulai, p.kegiatan_selesai)};"
        )
    if p.tenggat_selesai is not None:
        butir.append(
            "surat keputusan dan naskah perjanjian kerja sama kami sampaikan paling lambat "
            f"tanggal {format_tanggal(p.tenggat_selesai)};"
        )
    butir.append(
        "koordinasi lebih lanjut dilakukan melalui Unit Layanan Terpadu dengan menyebutkan kode "
        f"permohonan {p.kode_tampil}."
    )
    isi = [_pembuka(meja, p), {"angka": butir}]
    return _surat(meja, p, opsi, f"Kesediaan Kerja Sama {_kegiatan(p)}", isi)


def _data_penolakan(meja: Meja, p: pm.Permohonan, opsi: OpsiProduk) -> dict[str, Any]:
    _keadaan(p, ("ditolak",), "surat penolakan")
    alasan = " ".join((p.alasan or "").split()).rstrip(".")
    isi = [
        f"Menindaklanjuti surat {p.instansi} perihal {_kegiatan(p)} yang kami terima pada "
        f"tanggal {format_tanggal(p.hari_terima)} dengan kode permohonan {p.kode_tampil}, dengan "
        f"ini kami sampaikan bahwa permohonan {p.nama_layanan} tersebut belum dapat kami penuhi "
        f"karena {alasan[:1].lower() + alasan[1:]}.",
        "Kami berharap dapat melayani Bapak/Ibu pada kesempatan lain.",
    ]
    return _surat(meja, p, opsi, f"Jawaban Permohonan {p.nama_layanan}", isi)


def _data_balasan_fasilitas(meja: Meja, p: pm.Permohonan, opsi: OpsiProduk) -> dict[str, Any]:
    from naskah.ult.fasilitas import rincian_tarif

    _layanan(p, "fasilitas", "Surat balasan penggunaan fasilitas")
    _keadaan(p, ("disetujui",), "surat balasan penggunaan fasilitas")
    r = rincian_tarif(meja, p.kode)
    if not r.baris:
        raise UltError(
            f"Permohonan {p.kode_tampil} belum memiliki pemesanan fasilitas; pesan dulu dengan "
            f"`naskah ult fasilitas pesan <fasilitas> --permohonan {p.kode_tampil}`."
        )
    zona = meja.konfigurasi.zona_kantor or ""
    satuan = {"hari": "hari", "setengah_hari": "setengah hari", "malam": "malam"}
    butir = []
    for b in r.baris:
        from datetime import datetime

        a, z = datetime.fromisoformat(b["mulai"]), datetime.fromisoformat(b["selesai"])
        waktu = (
            f"{format_tanggal(a.date())} pukul {a:%H.%M} s.d. "
            + (f"pukul {z:%H.%M}" if a.date() == z.date() else
               f"{format_tanggal(z.date())} pukul {z:%H.%M}")
            + (f" {zona}" if zona else "")
        )  # fmt: skip
        per = b["tarif"] // b["jumlah"] if b["jumlah"] else b["tarif"]
        butir.append(
            f"{b['fasilitas']}: {waktu}; {b['jumlah']} {satuan.get(b['satuan'], b['satuan'])} "
            f"\u00d7 {_rp(per)} = {_rp(b['tarif'])};"
        )
    butir[-1] = butir[-1].rstrip(";") + "."
    isi: list[Any] = [
        _pembuka(meja, p),
        f"Permohonan penggunaan fasilitas {_unit(meja)} kami setujui dengan rincian pemesanan "
        "sebagai berikut:",
        {"angka": butir},
        f"Jumlah tarif Penerimaan Negara Bukan Pajak (PNBP) yang harus dibayarkan sebesar "
        f"{_rp(r.jumlah)} ({terbilang(r.jumlah)} rupiah)"
        + (f", sesuai dengan {_kalimat(r.dasar)}" if r.dasar else "") + ".",
        "Penggunaan fasilitas sesuai dengan jadwal di atas, dengan cek masuk dan cek keluar "
        "melalui Unit Layanan Terpadu.",
    ]  # fmt: skip
    return _surat(meja, p, opsi, "Jawaban Permohonan Penggunaan Fasilitas", isi)


def _kalimat(teks: str) -> str:
    t = " ".join(teks.split()).rstrip(".;")
    return t[:1].lower() + t[1:]


def _rp(n: int) -> str:
    return f"Rp{n:,}".replace(",", ".")


def _data_sk_kerja_sama(meja: Meja, p: pm.Permohonan, opsi: OpsiProduk) -> dict[str, Any]:
    k = meja.konfigurasi
    _layanan(p, "kerjasama", "SK kerja sama")
    _keadaan(p, ("disetujui",), "SK kerja sama")
    _kepala(k, "SK kerja sama")
    if p.kegiatan_mulai is None:
        raise UltError(
            f"Permohonan {p.kode_tampil} tidak mencatat tanggal kegiatan; SK kerja sama "
            "membutuhkan jangka waktu kerja sama (catat dengan --kegiatan saat menerima)."
        )
    if k.instansi is None:
        raise UltError("Data [instansi] di naskah.toml belum diisi; SK membutuhkan kop kantor.")
    unit = _unit(meja)
    kegiatan = _kegiatan(p)
    tentang = f"KERJA SAMA {kegiatan} ANTARA {k.instansi.unit} DAN {p.instansi}".upper()
    judul = f"Kerja Sama {kegiatan} antara {unit} dan {p.instansi}"
    lingkup = [" ".join(x.split()) for x in opsi.ruang_lingkup if x.strip()] or [kegiatan]
    lingkup = [x.rstrip(".;") + ";" for x in lingkup]
    lingkup[-1] = lingkup[-1].rstrip(";") + "."
    pendanaan = " ".join((opsi.pendanaan or
                          f"sesuai dengan Rincian Anggaran Biaya yang diajukan {p.instansi} "
                          "dan disepakati kedua belah pihak").split())  # fmt: skip
    jabatan = (k.pejabat["kepala"].jabatan or f"Kepala {unit}").upper()
    if not jabatan.startswith("KEPALA"):
        jabatan = f"KEPALA {k.instansi.unit}".upper()
    data: dict[str, Any] = {
        "jenis": "sk_kerja_sama",
        "seri": _seri(k, opsi.seri),
        "jabatan_penetap": f"KEPALA {k.instansi.unit}".upper(),
        "tentang": tentang,
        "menimbang": [
            f"bahwa {p.instansi} telah mengajukan permohonan kerja sama perihal {kegiatan} yang "
            f"diterima pada tanggal {format_tanggal(p.hari_terima)} dengan kode permohonan "
            f"{p.kode_tampil}, dan permohonan tersebut telah memenuhi persyaratan Standar "
            f"Pelayanan {p.nama_layanan} serta disetujui;",
            "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan "
            f"Keputusan Kepala {unit} tentang {judul};",
        ],
        "mengingat": [
            "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik;",
            "Peraturan Menteri Pendidikan dan Kebudayaan Nomor 3 Tahun 2021 tentang Tata Naskah "
            "Dinas;",
        ],
        "memperhatikan": [
            f"Keputusan Kepala {unit} Nomor {p.standar} tentang Standar Pelayanan;",
        ],
        "diktum": [
            {"id": "penetapan", "isi": (
                f"Menetapkan {judul} dengan rincian sebagaimana tercantum dalam "
                "{lampiran:rincian_kerja_sama} yang merupakan bagian tidak terpisahkan dari "
                "Keputusan ini.")},
            {"id": "ruang-lingkup", "isi": (
                "Ruang lingkup kerja sama sebagaimana dimaksud dalam {diktum:penetapan} meliputi:"),
             "daftar_dari": "ruang_lingkup"},
            {"id": "jangka-waktu", "isi": (
                "Kerja sama sebagaimana dimaksud dalam {diktum:penetapan} berlaku "
                "{kerja_sama:jangka_waktu}.")},
            {"id": "biaya", "isi": (
                f"Biaya yang timbul sebagai akibat pelaksanaan Keputusan ini {pendanaan}.")},
            {"id": "berlaku", "isi": "Keputusan ini mulai berlaku pada tanggal ditetapkan."},
        ],
        "tanggal": meja.hari_ini().isoformat(),
        "penandatangan": "kepala",
        "tembusan": [f"Pimpinan {p.instansi}"],
        "kerja_sama": {
            "mitra": {"nama": p.instansi, "pimpinan": f"Pimpinan {p.instansi}"},
            "ruang_lingkup": lingkup,
            "mulai": p.kegiatan_mulai.isoformat(),
            "selesai": (p.kegiatan_selesai or p.kegiatan_mulai).isoformat(),
            "pendanaan": pendanaan[:1].upper() + pendanaan[1:],
        },
    }  # fmt: skip
    if opsi.alamat:
        data["kerja_sama"]["mitra"]["alamat"] = " ".join(opsi.alamat.split())
    data["klasifikasi"] = opsi.klasifikasi or _klasifikasi_keputusan(k)
    if data["klasifikasi"] is None:
        del data["klasifikasi"]
    return data


def _data_perjanjian(meja: Meja, p: pm.Permohonan, opsi: OpsiProduk) -> dict[str, Any]:
    k = meja.konfigurasi
    _layanan(p, "kerjasama", "Perjanjian kerja sama")
    _keadaan(p, ("disetujui",), "perjanjian kerja sama")
    _kepala(k, "Perjanjian kerja sama")
    if p.kegiatan_mulai is None:
        raise UltError(
            f"Permohonan {p.kode_tampil} tidak mencatat tanggal kegiatan; perjanjian kerja sama "
            "membutuhkan jangka waktu kerja sama (catat dengan --kegiatan saat menerima)."
        )
    wakil = " ".join((opsi.wakil_mitra or "").split())
    jabatan = " ".join((opsi.jabatan_mitra or "").split())
    if not wakil or not jabatan:
        raise UltError(
            f"Penanda tangan perjanjian dari pihak {p.instansi} belum diisi; tulis nama dan "
            "jabatannya dengan --wakil-mitra dan --jabatan-mitra."
        )
    unit = _unit(meja)
    kegiatan = _kegiatan(p)
    lingkup = [" ".join(x.split()) for x in opsi.ruang_lingkup if x.strip()] or [kegiatan]
    pendanaan = " ".join((
        opsi.pendanaan
        or f"dibebankan sesuai dengan Rincian Anggaran Biaya yang diajukan {p.instansi} dan "
        "disepakati PARA PIHAK"
    ).split()).rstrip(".")  # fmt: skip
    mitra: dict[str, Any] = {"nama": p.instansi, "wakil": {"nama": wakil, "jabatan": jabatan}}
    if opsi.nip_mitra:
        mitra["wakil"]["nip"] = " ".join(opsi.nip_mitra.split())
    if opsi.alamat:
        mitra["alamat"] = " ".join(opsi.alamat.split())
    data: dict[str, Any] = {
        "jenis": "perjanjian_kerja_sama",
        "seri": _seri(k, opsi.seri),
        "tentang": kegiatan,
        "tanggal": meja.hari_ini().isoformat(),
        "penandatangan": "kepala",
        "mitra": mitra,
        "maksud": f"sebagai landasan bagi PARA PIHAK dalam melaksanakan kerja sama {kegiatan}",
        "tujuan": [
            f"terlaksananya {kegiatan} secara efektif, efisien, dan akuntabel",
            "meningkatnya mutu pendidikan melalui sinergi PARA PIHAK",
        ],
        "ruang_lingkup": lingkup,
        "pihak_pertama": {
            "hak": ["memperoleh data dan informasi yang diperlukan dari PIHAK KEDUA untuk "
                    "pelaksanaan kegiatan"],
            "kewajiban": [
                "menyediakan narasumber dan fasilitator sesuai dengan ruang lingkup Perjanjian "
                "ini",
                "memberikan pendampingan teknis dalam pelaksanaan kegiatan",
                "menerbitkan sertifikat bagi peserta kegiatan yang memenuhi ketentuan",
            ],
        },
        "pihak_kedua": {
            "hak": ["memperoleh narasumber, fasilitator dan pendampingan sesuai dengan ruang "
                    "lingkup Perjanjian ini"],
            "kewajiban": [
                "menyiapkan peserta, tempat dan perlengkapan kegiatan",
                "menanggung biaya kegiatan sesuai dengan ketentuan pembiayaan dalam Perjanjian "
                "ini",
                f"menyampaikan data dan informasi yang diperlukan kepada {unit}",
            ],
        },
        "pembiayaan": [f"Biaya yang timbul sebagai akibat pelaksanaan Perjanjian ini "
                       f"{pendanaan[:1].lower() + pendanaan[1:]}."],
        "mulai": p.kegiatan_mulai.isoformat(),
        "selesai": (p.kegiatan_selesai or p.kegiatan_mulai).isoformat(),
    }  # fmt: skip
    if opsi.nomor_mitra:
        data["nomor_mitra"] = " ".join(opsi.nomor_mitra.split())
    if opsi.klasifikasi:
        data["klasifikasi"] = opsi.klasifikasi
    return data


def _klasifikasi_keputusan(k: Konfigurasi) -> str | None:
    kode = getattr(k, "klasifikasi", None) or {}
    return "HK.03.01" if "HK.03.01" in kode else None


def _data_sertifikat(meja: Meja, p: pm.Permohonan, opsi: OpsiProduk,
                     tujuan: Path | None = None) -> dict[str, Any]:  # fmt: skip
    import os

    k = meja.konfigurasi
    _layanan(p, "kerjasama", "Sertifikat kegiatan")
    _keadaan(p, ("disetujui",), "sertifikat kegiatan")
    _kepala(k, "Sertifikat")
    if p.kegiatan_mulai is None:
        raise UltError(
            f"Permohonan {p.kode_tampil} tidak mencatat tanggal kegiatan; sertifikat membutuhkan "
            "tanggal pelaksanaan."
        )
    tempat = " ".join((opsi.tempat or "").split())
    if not tempat:
        raise UltError("Tempat kegiatan belum diisi; tulis dengan --tempat.")
    if not opsi.jp or opsi.jp <= 0:
        raise UltError("Jumlah jam pelajaran kegiatan belum diisi; tulis dengan --jp, misalnya 32.")
    if opsi.peserta is None or not opsi.peserta.is_file():
        raise UltError(
            "Lembar peserta belum ada; sebutkan berkas CSV atau XLSX peserta dengan --peserta."
        )
    seri = opsi.seri or ("sertifikat" if "sertifikat" in k.seri else None)
    folder = (tujuan or Path.cwd()).resolve().parent
    data: dict[str, Any] = {
        "jenis": "sertifikat",
        "seri": _seri(k, seri),
        "kegiatan": {
            "nama": _kegiatan(p), "penyelenggara": _unit(meja), "mitra": p.instansi,
            "tanggal_mulai": p.kegiatan_mulai.isoformat(),
            "tanggal_selesai": (p.kegiatan_selesai or p.kegiatan_mulai).isoformat(),
            "tempat": tempat, "jp": opsi.jp,
        },
        "tanggal": meja.hari_ini().isoformat(),
        "penandatangan": "kepala",
        "berkas_peserta": os.path.relpath(opsi.peserta.resolve(), folder),
    }  # fmt: skip
    return data


def surat_kesediaan(meja: Meja, kode: str, tujuan: Path, opsi: OpsiProduk = OpsiProduk()) -> Path:
    """Write the letter agreeing to approved cooperation request ``kode``; return its path."""
    return _susun(meja, kode, tujuan, opsi, "kesediaan")


def surat_penolakan(meja: Meja, kode: str, tujuan: Path, opsi: OpsiProduk = OpsiProduk()) -> Path:
    """Write the letter refusing request ``kode`` (any service) with its reason; return it."""
    return _susun(meja, kode, tujuan, opsi, "penolakan")


def sk_kerja_sama(meja: Meja, kode: str, tujuan: Path, opsi: OpsiProduk = OpsiProduk()) -> Path:
    """Write the SK kerja sama of approved cooperation request ``kode``; return its path."""
    return _susun(meja, kode, tujuan, opsi, "sk-kerja-sama")


def perjanjian_kerja_sama(
    meja: Meja, kode: str, tujuan: Path, opsi: OpsiProduk = OpsiProduk()
) -> Path:
    """Write the cooperation agreement (PKS) of approved cooperation request ``kode``."""
    return _susun(meja, kode, tujuan, opsi, "pks")


def surat_balasan_fasilitas(
    meja: Meja, kode: str, tujuan: Path, opsi: OpsiProduk = OpsiProduk()
) -> Path:
    """Write the reply to approved facility request ``kode`` (bookings and tariff); return it."""
    return _susun(meja, kode, tujuan, opsi, "balasan-fasilitas")


def sertifikat_kegiatan(
    meja: Meja, kode: str, tujuan: Path, opsi: OpsiProduk = OpsiProduk()
) -> Path:
    """Write the certificate activity file of approved cooperation request ``kode``."""
    return _susun(meja, kode, tujuan, opsi, "sertifikat")


@dataclass(frozen=True)
class JenisProduk:
    """A product kind the desk drafts from a request."""

    nama: str
    """The product's name as linked to the request (``Surat Jawaban Kesediaan``)."""
    susun: Callable[[Meja, pm.Permohonan, OpsiProduk], dict[str, Any]]
    keadaan: tuple[str, ...]


PRODUK: dict[str, JenisProduk] = {
    "kesediaan": JenisProduk("Surat Jawaban Kesediaan", _data_kesediaan, ("disetujui",)),
    "penolakan": JenisProduk("Surat Penolakan", _data_penolakan, ("ditolak",)),
    "sk-kerja-sama": JenisProduk("SK Kerja Sama", _data_sk_kerja_sama, ("disetujui",)),
    "pks": JenisProduk("Perjanjian Kerja Sama", _data_perjanjian, ("disetujui",)),
    "balasan-fasilitas": JenisProduk(
        "Surat Balasan Penggunaan Fasilitas", _data_balasan_fasilitas, ("disetujui",)
    ),
    "surat-tugas": JenisProduk("Surat Tugas", _data_surat_tugas, ("disetujui",)),
    "sertifikat": JenisProduk("Sertifikat Peserta", _data_sertifikat, ("disetujui",)),
}
"""The product kinds ``naskah ult terbitkan --produk`` drafts and issues."""


def _jenis(jenis: str) -> JenisProduk:
    if jenis not in PRODUK:
        raise UltError(f"Produk {jenis!r} tidak dikenal; pilihan: {', '.join(PRODUK)}.")
    return PRODUK[jenis]


def _susun(meja: Meja, kode: str, tujuan: Path, opsi: OpsiProduk, jenis: str) -> Path:
    j = _jenis(jenis)
    p = pm.lihat(meja, kode).permohonan
    data = (_data_sertifikat(meja, p, opsi, tujuan) if jenis == "sertifikat"
            else j.susun(meja, p, opsi))  # fmt: skip
    _periksa_data(meja, data)
    return _tulis(tujuan, data, f"{j.nama} permohonan {p.kode_tampil}",
                  f"naskah ult terbitkan {p.kode_tampil} --produk {jenis} --konsep")  # fmt: skip


def _periksa_data(meja: Meja, data: dict[str, Any]) -> None:
    """Refuse a draft the models or the register would refuse before writing it."""
    from pydantic import ValidationError

    from naskah.errors import NaskahError
    from naskah.models import JENIS_DOKUMEN

    k = meja.konfigurasi
    isi = {**data, "penandatangan": k.pejabat["kepala"].model_dump()}
    if isinstance(isi.get("petugas"), list):
        isi["petugas"] = list(isi["petugas"])
    try:
        JENIS_DOKUMEN[data["jenis"]].model_validate(isi)
    except ValidationError as exc:
        e = exc.errors()[0]
        lokasi = ".".join(str(x) for x in e.get("loc", ()))
        raise UltError(f"Produk tidak dapat disusun ({lokasi}: {e.get('msg', '')}).") from None
    seri = k.seri[data["seri"]]
    if data.get("klasifikasi"):
        try:
            k.periksa_klasifikasi(data["seri"], data["klasifikasi"])
        except NaskahError as exc:
            raise UltError(exc.pesan) from None
    elif "klasifikasi" in seri.pola_nomor.bagian:
        sah = ", ".join(seri.klasifikasi or sorted(k.klasifikasi)) or "(lihat [klasifikasi])"
        raise UltError(
            f"Nomor seri {data['seri']!r} memuat kode klasifikasi; sebutkan dengan --klasifikasi "
            f"(kode yang sah: {sah})."
        )


def terbitkan_jenis(
    meja: Meja, kode: str, jenis: str, tujuan: Path | None = None, opsi: OpsiProduk = OpsiProduk(),
    *, konsep: bool = False, tandatangani: bool = False, p12: Path | None = None,
    keluaran: Path | None = None, minta_rahasia: MintaRahasia | None = None,
) -> HasilProduk | Path:  # fmt: skip
    """Draft product ``jenis`` of request ``kode`` from its data and issue it, linked.

    The draft goes to ``tujuan`` (default ``<jenis>-<KODE>.yaml``; ``kegiatan-<KODE>.yaml`` for
    the certificates' activity file). With ``konsep`` only the draft
    is written (its path returned), for staff to edit before issuing. A draft that exists already
    (written with ``konsep``, or left by an issue that stopped part-way) is issued as it stands,
    once the request is checked again: nothing is drafted twice and nothing numbered twice.
    """
    from naskah.ult.meja import baca_kode

    j = _jenis(jenis)
    p = pm.lihat(meja, kode).permohonan
    nama_berkas = "kegiatan" if jenis == "sertifikat" else jenis
    tujuan = tujuan or Path(f"{nama_berkas}-{baca_kode(kode)}.yaml")
    if tujuan.exists():
        if konsep:
            raise UltError(f"Berkas {tujuan} sudah ada; pilih nama lain agar tidak tertimpa.")
        _keadaan(p, j.keadaan, j.nama.lower())  # the draft stands; the request must still fit
    else:
        data = (_data_sertifikat(meja, p, opsi, tujuan) if jenis == "sertifikat"
                else j.susun(meja, p, opsi))  # fmt: skip
        _periksa_data(meja, data)
        _tulis(tujuan, data, f"{j.nama} permohonan {p.kode_tampil}",
               f"naskah ult terbitkan {p.kode_tampil} --produk {jenis}")  # fmt: skip
        if konsep:
            return tujuan
    if jenis == "sertifikat":
        return _terbitkan_sertifikat(meja, kode, tujuan, j.nama, p12=p12, keluaran=keluaran,
                                     minta_rahasia=minta_rahasia)  # fmt: skip
    h = terbitkan_produk(meja, kode, tujuan, jenis=j.nama, tandatangani=tandatangani, p12=p12,
                         keluaran=keluaran, minta_rahasia=minta_rahasia,
                         keadaan=j.keadaan)  # fmt: skip
    return HasilProduk(h.permohonan, h.nomor, h.id_verifikasi, h.salinan, tujuan, j.nama)


def _terbitkan_sertifikat(
    meja: Meja, kode: str, kegiatan: Path, nama: str, *, p12: Path | None,
    keluaran: Path | None, minta_rahasia: MintaRahasia | None,
) -> HasilProduk:  # fmt: skip
    """Issue the participants' certificates with ``naskah sertifikat``'s verb (each numbered,
    signed, archived; a second run resumes) and link them to the request once."""
    from naskah.terbit.sertifikat import PermintaanSertifikat, terbitkan_sertifikat

    def minta(prompt: str) -> str:
        if minta_rahasia is None:
            raise UltError("Frasa sandi sertifikat penandatangan dibutuhkan; pakai --sandi-env.")
        return minta_rahasia(None, prompt)

    h = terbitkan_sertifikat(
        meja.konfigurasi,
        PermintaanSertifikat(kegiatan=kegiatan, p12=p12, keluaran=keluaran, oleh=meja.pelaku),
        minta,
    )
    r = pm.lihat(meja, kode)
    jumlah = h.diterbitkan + h.sudah
    p = r.permohonan
    if not any(str(x["jenis"]).startswith(nama) for x in r.produk):
        p = pm.catat_produk(meja, kode, f"{nama} ({jumlah} sertifikat, {h.keluaran.name})")
    return HasilProduk(p, "", "", h.berkas, kegiatan, f"{nama} ({jumlah} sertifikat)")


def terbitkan_produk(
    meja: Meja, kode: str, berkas: Path, *, jenis: str | None = None, tandatangani: bool = False,
    p12: Path | None = None, keluaran: Path | None = None,
    minta_rahasia: MintaRahasia | None = None, keadaan: tuple[str, ...] = ("disetujui",),
) -> HasilProduk:  # fmt: skip
    """Issue ``berkas`` with the pipeline and link it to request ``kode`` (approved, unless
    ``keadaan`` says otherwise: a refusal letter is linked to a refused request)."""
    from naskah.terbit.naskah import HasilTerbit, PermintaanTerbit, terbitkan

    r = pm.lihat(meja, kode)  # refuse an unknown request before issuing anything
    if r.permohonan.keadaan not in keadaan:
        raise UltError(
            f"Permohonan {r.permohonan.kode_tampil} berkeadaan {r.permohonan.keadaan}; produk "
            "diterbitkan setelah permohonan disetujui."
            if keadaan == ("disetujui",)
            else f"Permohonan {r.permohonan.kode_tampil} berkeadaan {r.permohonan.keadaan}; "
            f"produk ini hanya untuk permohonan berkeadaan {' atau '.join(keadaan)}."
        )
    hasil = terbitkan(
        meja.konfigurasi,
        PermintaanTerbit(
            berkas=berkas, tandatangani=tandatangani, p12=p12, keluaran=keluaran, oleh=meja.pelaku
        ),  # fmt: skip
        minta_rahasia,
    )
    if not isinstance(hasil, HasilTerbit):
        raise UltError("Berkas sertifikat kegiatan diterbitkan dengan `naskah sertifikat`.")
    nama = jenis or _nama_jenis(berkas)
    sudah = any(x["nomor"] == hasil.nomor for x in r.produk)
    p = r.permohonan if sudah else pm.catat_produk(
        meja, kode, nama, nomor=hasil.nomor, entri_arsip=hasil.id_verifikasi,
        penolakan=keadaan == ("ditolak",),
    )  # fmt: skip
    return HasilProduk(p, hasil.nomor, hasil.id_verifikasi, hasil.salinan, berkas, nama)


def _nama_jenis(berkas: Path) -> str:
    from naskah.loader import baca_data

    data, _ = baca_data(berkas)
    jenis = data.get("jenis") if isinstance(data, dict) else None
    return {"surat_tugas": "Surat Tugas", "sk_kerja_sama": "SK Kerja Sama",
            "keputusan": "Keputusan", "surat_dinas": "Surat Dinas",
            "perjanjian_kerja_sama": "Perjanjian Kerja Sama"}.get(
        str(jenis), str(jenis or "Naskah"))  # fmt: skip
