"""Search corpora built from the models: the examples as archived, and generated documents.

Used by the judged relevance tests (tests/cari/test_relevansi.py) and by bench/search.py, so the
benchmark indexes the same kind of documents the tests judge. Every generated document is first
a validated model (SertifikatKegiatan, SuratTugas, Keputusan, SKKerjaSama) built from the
examples' text, then turned into the :class:`DokumenIndeks` records the archive would give the
index (one per issued certificate, one per other document).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from naskah.cari import DokumenIndeks, OrangIndeks
from naskah.loader import muat_dokumen
from naskah.models import (
    Dokumen,
    Keputusan,
    Pejabat,
    SertifikatKegiatan,
    SKKerjaSama,
    SuratTugas,
)
from naskah.peserta import baca_peserta

CONTOH = Path(__file__).resolve().parents[2] / "examples"

#: Numbers given to the examples that have none yet (as the register would).
NOMOR_CONTOH = {
    "sk-kerja-sama-contoh": "0530/C7.24/HK.03.01/2024",
    "surat-tugas-narasumber": "0461/C7.24/KP.04.05/2024",
}

_LEWATI = {"jenis", "seri", "nomor", "klasifikasi", "email", "berkas_peserta", "id", "gaya", "nip"}


def teks_model(dokumen: Any) -> str:
    """Return every human-readable string of a model (not its kop), references resolved."""
    data = dokumen.model_dump(mode="json", exclude={"instansi"}, exclude_none=True)
    out: list[str] = []

    def jalan(nilai: Any, kunci: str = "") -> None:
        if kunci in _LEWATI:
            return
        if isinstance(nilai, str):
            out.append(nilai)
        elif isinstance(nilai, dict):
            for k, v in nilai.items():
                jalan(v, k)
        elif isinstance(nilai, list):
            for v in nilai:
                jalan(v, kunci)

    jalan(data)
    teks = "\n".join(out)
    if isinstance(dokumen, Keputusan):
        teks = dokumen.uraikan(teks)
    return teks


def _orang(p: Pejabat, peran: str, instansi: str | None = None) -> OrangIndeks:
    return OrangIndeks(nama=p.nama, nip=str(p.nip) if p.nip else None, instansi=instansi,
                       peran=peran)  # fmt: skip


def _unit(nomor: str) -> str | None:
    bagian = nomor.split("/")
    return bagian[1] if len(bagian) >= 4 else None


def _lokasi(jenis: str, tanggal: date, nomor: str) -> str:
    aman = re.sub(r"[^A-Za-z0-9.\-]+", "_", nomor)
    return f"{tanggal.year}/{jenis}/{aman}/v1"


def dari_model(
    dokumen: Dokumen, nomor: str | list[str], *, teks_tambahan: str = ""
) -> list[DokumenIndeks]:
    """Return the index records of one document model: one per certificate for a
    SertifikatKegiatan (``nomor`` is then a list, one per participant), else one."""
    if isinstance(dokumen, SertifikatKegiatan):
        assert isinstance(nomor, list)
        umum = teks_model(dokumen.model_copy(update={"peserta": []}))
        hasil = []
        for no, p in zip(nomor, dokumen.peserta, strict=True):
            orang = OrangIndeks(
                nama=p.nama, nik=str(p.nik) if p.nik else None,
                nip=str(p.nip) if p.nip else None, instansi=p.instansi, peran=p.peran,
            )  # fmt: skip
            teks = (
                f"Diberikan kepada {p.nama}, {p.instansi}, sebagai {p.peran} pada kegiatan "
                f"{dokumen.kegiatan.nama}.\n{umum}"
            )
            hasil.append(
                DokumenIndeks(
                    id=f"sertifikat:{no}",
                    nomor=no,
                    jenis="sertifikat",
                    tanggal=dokumen.tanggal,
                    tentang=dokumen.kegiatan.nama,
                    teks=teks,
                    unit=_unit(no),
                    penandatangan=(_orang(dokumen.penandatangan, "penandatangan"),),
                    mitra=(dokumen.kegiatan.mitra,) if dokumen.kegiatan.mitra else (),
                    peserta=(orang,),
                    lokasi=_lokasi("sertifikat", dokumen.tanggal, no),
                )  # fmt: skip
            )
        return hasil
    assert isinstance(nomor, str)
    teks = teks_model(dokumen) + (f"\n{teks_tambahan}" if teks_tambahan else "")
    if isinstance(dokumen, SuratTugas):
        tentang = "Surat Tugas " + dokumen.untuk[0].rstrip(";.")
        peserta = tuple(_orang(p, "petugas") for p in dokumen.petugas)
        mitra: tuple[str, ...] = ()
    elif isinstance(dokumen, Keputusan):
        tentang = dokumen.tentang
        peserta = ()
        mitra = (dokumen.kerja_sama.mitra.nama,) if isinstance(dokumen, SKKerjaSama) else ()
    else:  # pragma: no cover - every kind is handled above
        raise TypeError(type(dokumen))
    return [
        DokumenIndeks(
            id=f"{dokumen.jenis}:{nomor}",
            nomor=nomor,
            jenis=dokumen.jenis,  # type: ignore[arg-type]
            tanggal=dokumen.tanggal,
            tentang=tentang,
            teks=teks,
            unit=_unit(nomor),
            klasifikasi=dokumen.klasifikasi,
            penandatangan=(_orang(dokumen.penandatangan, "penandatangan"),),
            mitra=mitra,
            peserta=peserta,
            lokasi=_lokasi(dokumen.jenis, dokumen.tanggal, nomor),
        )  # fmt: skip
    ]


def muat_contoh(nama: str) -> Dokumen:
    """Return the model of ``examples/<nama>.yaml`` (participants read from its sheet)."""
    dokumen = muat_dokumen(CONTOH / f"{nama}.yaml")
    if isinstance(dokumen, SertifikatKegiatan) and dokumen.berkas_peserta:
        dokumen = dokumen.model_copy(
            update={"peserta": baca_peserta(CONTOH / dokumen.berkas_peserta)}
        )
    return dokumen


def korpus_contoh() -> list[DokumenIndeks]:
    """Return the index records of every example document, numbered as the register would."""
    out: list[DokumenIndeks] = []
    for path in sorted(CONTOH.glob("*.yaml")):
        dokumen = muat_contoh(path.stem)
        if not isinstance(dokumen, (Keputusan, SuratTugas, SertifikatKegiatan)):
            continue  # a kind the judged set does not cover yet (e.g. a standalone SP)
        if isinstance(dokumen, SertifikatKegiatan):
            nomor: str | list[str] = [
                f"{i:04d}/Sertifikat/BPMPKALTIM/{dokumen.tanggal.year}"
                for i in range(1, len(dokumen.peserta) + 1)
            ]
        else:
            nomor = str(dokumen.nomor) if dokumen.nomor else NOMOR_CONTOH[path.stem]
        out.extend(dari_model(dokumen, nomor))
    return out


# --- generated documents -----------------------------------------------------------------

_DEPAN = (
    "Agus Ahmad Aisyah Andi Anisa Arif Ayu Bambang Budi Cahya Dedi Dewi Dian Eka Endang Fajar "
    "Fitri Gita Hadi Hendra Ika Indah Irfan Joko Kartika Lestari Lina Made Maria Mega Muhammad "
    "Nanda Novi Nur Putri Putu Rahmat Ratna Reza Rina Rudi Sari Setiawan Sinta Slamet Sri Teguh "
    "Tri Umar Wahyu Wulan Yanti Yoga Yohanes Yudi Yulia Zainal"
)
_BELAKANG = (
    "Hidayat Saputra Wijaya Pratama Santoso Nugroho Lestari Kurniawan Susanto Rahman Hakim "
    "Siregar Nasution Simanjuntak Lubis Harahap Wibowo Purnomo Setiadi Gunawan Halim Sembiring "
    "Rahayu Utami Permana Firmansyah Ramadhan Syahputra Hasibuan Tambunan Manurung Sitompul "
    "Prasetyo Hartono Suryadi Mulyadi Anggraini Maharani Wulandari Safitri Handayani Fauziah"
)
NAMA_DEPAN = tuple(_DEPAN.split())
NAMA_BELAKANG = tuple(_BELAKANG.split())
WILAYAH = (
    "Kota Samarinda", "Kota Balikpapan", "Kota Bontang", "Kabupaten Kutai Kartanegara",
    "Kabupaten Kutai Timur", "Kabupaten Kutai Barat", "Kabupaten Berau", "Kabupaten Paser",
    "Kabupaten Penajam Paser Utara", "Kabupaten Mahakam Ulu", "Kota Palangka Raya",
    "Kabupaten Kotawaringin Barat", "Kabupaten Kapuas", "Kabupaten Barito Utara",
)  # fmt: skip
TOPIK = (
    "Penyusunan Kurikulum Operasional Satuan Pendidikan", "Perencanaan Berbasis Data",
    "Pemanfaatan Rapor Pendidikan", "Penguatan Literasi dan Numerasi",
    "Pembelajaran Berdiferensiasi", "Asesmen Formatif dan Sumatif",
    "Projek Penguatan Profil Pelajar Pancasila", "Pendidikan Inklusif",
    "Pencegahan dan Penanganan Kekerasan di Satuan Pendidikan",
    "Penjaminan Mutu Pendidikan Anak Usia Dini", "Transisi PAUD ke SD yang Menyenangkan",
    "Supervisi Akademik Kepala Sekolah", "Pemanfaatan Platform Merdeka Mengajar",
    "Pengelolaan Dana BOSP", "Sekolah Penggerak", "Revitalisasi Bahasa Daerah",
)  # fmt: skip
BENTUK = ("Pendampingan", "Bimbingan Teknis", "Lokakarya", "Pelatihan", "Sosialisasi",
          "Workshop", "Diseminasi")  # fmt: skip
JENJANG = ("SD", "SMP", "SMA", "SMK", "PAUD", "SD dan SMP", "SMA dan SMK")
PERAN_ACAK = ("peserta",) * 12 + ("narasumber", "fasilitator", "moderator", "panitia")


class Generator:
    """Generate a realistic, reproducible mix of archived documents from the models.

    The mix follows the archive of a BPMP: mostly certificates (whole activities at a time), then
    surat tugas, keputusan (some with the Standar Pelayanan lampiran of the examples) and SK kerja
    sama. Numbers are unique per series and year.
    """

    def __init__(self, benih: int = 10) -> None:
        self.acak = random.Random(benih)
        self.kaltim = muat_contoh("keputusan-bpmp-kaltim-2024")
        self.kalteng = muat_contoh("keputusan-bpmp-kalteng-2025")
        self.sk = muat_contoh("sk-kerja-sama-contoh")
        self.st = muat_contoh("surat-tugas-narasumber")
        self.sert = muat_contoh("sertifikat-kegiatan")
        assert isinstance(self.kaltim, Keputusan) and isinstance(self.sk, SKKerjaSama)
        assert isinstance(self.st, SuratTugas) and isinstance(self.sert, SertifikatKegiatan)
        self.kalimat = self._kalimat()
        self.urut: dict[tuple[str, int], int] = {}
        self.nik_dipakai: set[str] = set()

    def _kalimat(self) -> list[str]:
        """Return the sentences of the examples, the generator's pool of Indonesian text."""
        out: list[str] = []
        for d in (self.kaltim, self.kalteng, self.sk, self.st):
            for bagian in re.split(r"(?<=[.;])\s+|\n", teks_model(d)):
                bagian = " ".join(bagian.split())
                if len(bagian) > 40:
                    out.append(bagian)
        return out

    def _nomor(self, seri: str, tahun: int, klasifikasi: str | None) -> str:
        kunci = (seri, tahun)
        self.urut[kunci] = self.urut.get(kunci, 0) + 1
        n = self.urut[kunci]
        if seri == "sertifikat":
            return f"{n:05d}/Sertifikat/BPMPKALTIM/{tahun}"
        return f"{n:04d}/C7.24/{klasifikasi}/{tahun}"

    def _tanggal(self) -> date:
        return date(2021, 1, 4) + timedelta(days=self.acak.randrange(0, 5 * 365))

    def _nama(self) -> str:
        a = self.acak
        nama = f"{a.choice(NAMA_DEPAN)} {a.choice(NAMA_BELAKANG)}"
        return nama if a.random() < 0.7 else f"{a.choice(NAMA_DEPAN)} {nama}"

    def _nip(self) -> str:
        a = self.acak
        lahir = date(1965, 1, 1) + timedelta(days=a.randrange(0, 30 * 365))
        angkat = min(lahir.year + a.randrange(22, 35), 2020)
        return (
            f"{lahir:%Y%m%d}{angkat}{a.randrange(1, 13):02d}{a.choice('12')}"
            f"{a.randrange(1, 1000):03d}"
        )

    def _nik(self) -> str:
        a = self.acak
        while True:
            lahir = date(1965, 1, 1) + timedelta(days=a.randrange(0, 35 * 365))
            hari = lahir.day + (40 if a.random() < 0.5 else 0)
            nik = f"64{a.randrange(1, 100):02d}{a.randrange(1, 100):02d}{hari:02d}{lahir:%m%y}"
            nik += f"{a.randrange(1, 10000):04d}"
            if nik not in self.nik_dipakai:
                self.nik_dipakai.add(nik)
                return nik

    def _instansi(self) -> str:
        a = self.acak
        wilayah = a.choice(WILAYAH)
        jenis = a.choice(("SD Negeri", "SMP Negeri", "SMA Negeri", "SMK Negeri", "TK Negeri"))
        if a.random() < 0.15:
            return f"Dinas Pendidikan {wilayah}"
        return f"{jenis} {a.randrange(1, 60):03d} {wilayah.split(' ', 1)[1]}"

    def _kepala(self) -> Pejabat:
        return self.acak.choice([self.kaltim.penandatangan, self.sk.penandatangan])

    def sertifikat(self) -> list[DokumenIndeks]:
        """Return the certificates of one generated activity (8 to 40 participants)."""
        a = self.acak
        mulai = self._tanggal()
        wilayah = a.choice(WILAYAH)
        topik = a.choice(TOPIK)
        peserta = []
        for _ in range(a.randrange(8, 41)):
            peserta.append(
                {
                    "nama": self._nama(),
                    "nik": self._nik(),
                    "nip": self._nip() if a.random() < 0.6 else None,
                    "instansi": self._instansi(),
                    "peran": a.choice(PERAN_ACAK),
                }
            )
        data = self.sert.model_dump(mode="json", exclude_none=True)
        data["kegiatan"].update(
            nama=f"{a.choice(BENTUK)} {topik} Jenjang {a.choice(JENJANG)} {wilayah}",
            mitra=f"Dinas Pendidikan {wilayah}",
            tanggal_mulai=mulai.isoformat(),
            tanggal_selesai=(mulai + timedelta(days=2)).isoformat(),
            tempat=f"Aula Dinas Pendidikan {wilayah}",
        )
        data.update(tanggal=(mulai + timedelta(days=2)).isoformat(), peserta=peserta)
        data.pop("berkas_peserta", None)
        model = SertifikatKegiatan.model_validate(data)
        nomor = [self._nomor("sertifikat", model.tanggal.year, None) for _ in peserta]
        return dari_model(model, nomor)

    def surat_tugas(self) -> list[DokumenIndeks]:
        """Return one generated surat tugas for 1 to 3 officers."""
        a = self.acak
        tanggal = self._tanggal()
        wilayah = a.choice(WILAYAH)
        topik = a.choice(TOPIK)
        data = self.st.model_dump(mode="json", exclude_none=True)
        data.update(
            dasar=[
                f"Surat Kepala Dinas Pendidikan {wilayah} Nomor 400.3/{a.randrange(100, 3000)}/"
                f"Disdik/{tanggal.year} perihal Permohonan Narasumber {topik};"
            ],
            petugas=[
                {"nama": self._nama(), "nip": self._nip(), "jabatan": "Widyaprada Ahli Muda"}
                for _ in range(a.randrange(1, 4))
            ],
            untuk=[
                f"menjadi narasumber pada kegiatan {a.choice(BENTUK)} {topik} bagi satuan "
                f"pendidikan jenjang {a.choice(JENJANG)} se-{wilayah};",
                *a.sample(self.st.untuk[1:], 2),
            ],
            pelaksanaan={
                "tanggal_mulai": (tanggal + timedelta(days=5)).isoformat(),
                "tempat": f"Aula Dinas Pendidikan {wilayah}",
            },
            tanggal=tanggal.isoformat(),
            penandatangan=self._kepala().model_dump(mode="json", exclude_none=True),
        )
        model = SuratTugas.model_validate(data)
        return dari_model(model, self._nomor("naskah", tanggal.year, "KP.04.05"))

    def keputusan(self) -> list[DokumenIndeks]:
        """Return one generated keputusan; a third carry the examples' Standar Pelayanan."""
        a = self.acak
        tanggal = self._tanggal()
        topik = a.choice(TOPIK)
        dasar = self.kaltim if a.random() < 0.5 else self.kalteng
        assert isinstance(dasar, Keputusan)
        update: dict[str, Any] = {
            "tentang": f"Penetapan Tim {topik} Tahun {tanggal.year}",
            "tanggal": tanggal,
            "menimbang": a.sample(self.kalimat, 3),
        }
        if a.random() >= 1 / 3:
            update["lampiran"] = [
                {
                    "id": "tim",
                    "judul": f"Susunan Tim {topik}",
                    "bagian": [
                        {"judul": "Uraian Tugas", "isi": a.sample(self.kalimat, 8)},
                        {"judul": "Susunan Tim", "isi": [self._nama() for _ in range(6)]},
                    ],
                }
            ]
            update["diktum"] = [{"isi": s} for s in a.sample(self.kalimat, 3)]
        data = dasar.model_dump(mode="json", exclude_none=True)
        data.update({k: (v.isoformat() if isinstance(v, date) else v) for k, v in update.items()})
        data.pop("nomor", None)
        model = Keputusan.model_validate(data)
        return dari_model(model, self._nomor("naskah", tanggal.year, "HK.03.01"))

    def sk_kerja_sama(self) -> list[DokumenIndeks]:
        """Return one generated SK kerja sama with a partner office of the region."""
        a = self.acak
        tanggal = self._tanggal()
        wilayah = a.choice(WILAYAH)
        topik = a.choice(TOPIK)
        data = self.sk.model_dump(mode="json", exclude_none=True)
        mitra = f"Dinas Pendidikan {wilayah}"
        data["kerja_sama"]["mitra"]["nama"] = mitra
        data["kerja_sama"].update(
            mulai=(tanggal + timedelta(days=15)).isoformat(),
            selesai=(tanggal + timedelta(days=135)).isoformat(),
        )
        data.update(
            tentang=(
                f"Kerja Sama {topik} antara Balai Penjaminan Mutu Pendidikan Provinsi "
                f"Kalimantan Timur dan {mitra} Tahun {tanggal.year}"
            ),
            tanggal=tanggal.isoformat(),
        )
        data.pop("nomor", None)
        model = SKKerjaSama.model_validate(data)
        return dari_model(model, self._nomor("naskah", tanggal.year, "HK.03.01"))

    def dokumen(self, jumlah: int) -> Iterator[DokumenIndeks]:
        """Yield ``jumlah`` records: ~85% certificates, 8% surat tugas, 5% keputusan, 2% SK."""
        dibuat = 0
        while dibuat < jumlah:
            r = self.acak.random()
            if r < 0.19:  # an activity gives ~24 certificates at once
                batch = self.sertifikat()
            elif r < 0.19 + 0.43:
                batch = self.surat_tugas()
            elif r < 0.19 + 0.43 + 0.27:
                batch = self.keputusan()
            else:
                batch = self.sk_kerja_sama()
            for d in batch[: jumlah - dibuat]:
                yield d
                dibuat += 1


# --- the judged corpus -------------------------------------------------------------------

#: Ids of the documents the judged queries name.
KALTIM = "keputusan:0512/C7.24/HK.03.01/2024"
KALTENG = "keputusan:0274/C7.22/OT.02.02/2025"
SK_KUKAR = "sk_kerja_sama:0530/C7.24/HK.03.01/2024"
ST_BONTANG = "surat_tugas:0461/C7.24/KP.04.05/2024"
ST_NARA_SUMBER = "surat_tugas:0620/C7.24/KP.04.05/2024"
KEP_TANDA_TANGAN = "keputusan:0415/C7.24/HK.03.01/2024"
SK_UNMUL = "sk_kerja_sama:0702/C7.24/HK.03.01/2023"
KEP_KERJASAMA = "keputusan:0105/C7.24/OT.02.02/2025"
TIM_V1 = "keputusan:0590/C7.24/HK.03.01/2024:v1"
TIM_V2 = "keputusan:0590/C7.24/HK.03.01/2024:v2"


def sertifikat_contoh(nama: str) -> str:
    """Return the id of the example certificate of participant ``nama`` (sheet order)."""
    dokumen = muat_contoh("sertifikat-kegiatan")
    assert isinstance(dokumen, SertifikatKegiatan)
    for i, p in enumerate(dokumen.peserta, 1):
        if p.nama.startswith(nama):
            return f"sertifikat:{i:04d}/Sertifikat/BPMPKALTIM/2024"
    raise KeyError(nama)


def _dokumen_khusus() -> list[DokumenIndeks]:
    """Return the hand-made documents of the judged cases the examples do not cover."""
    from dataclasses import replace

    st = muat_contoh("surat-tugas-narasumber").model_dump(mode="json", exclude_none=True)
    st.update(
        dasar=["Surat Kepala Dinas Pendidikan Kabupaten Mahakam Ulu Nomor 421/88/Disdik/2024."],
        petugas=[{"nama": "Made Suarsana", "nip": "19760214 200501 1 007"}],
        untuk=[
            "menjadi nara sumber pada Lokakarya Revitalisasi Bahasa Daerah bagi guru SD "
            "se-Kabupaten Mahakam Ulu;"
        ],
        pelaksanaan={"tanggal_mulai": "2024-09-17", "tempat": "Ujoh Bilang, Mahakam Ulu"},
        tanggal="2024-09-10",
    )
    kep = muat_contoh("keputusan-bpmp-kaltim-2024").model_dump(mode="json", exclude_none=True)
    kep.update(
        tentang=(
            "Penggunaan Tanda Tangan Elektronik pada Naskah Dinas di Lingkungan Balai Penjaminan "
            "Mutu Pendidikan Provinsi Kalimantan Timur"
        ),
        menimbang=[
            "bahwa untuk mempercepat penyelesaian naskah dinas, setiap naskah dinas dibubuhi "
            "tanda tangan elektronik yang tersertifikasi;"
        ],
        diktum=["Menetapkan penggunaan tanda tangan elektronik pada naskah dinas."],
        lampiran=[],
        tanggal="2024-04-02",
    )
    kep.pop("nomor")
    sk = muat_contoh("sk-kerja-sama-contoh").model_dump(mode="json", exclude_none=True)
    sk["kerja_sama"]["mitra"] = {"nama": "Universitas Mulawarman", "alamat": "Samarinda"}
    sk["kerja_sama"].update(mulai="2023-10-16", selesai="2024-10-15")
    sk.update(
        tentang="Kerja Sama Pendampingan Calon Guru Penggerak dengan Universitas Mulawarman",
        tanggal="2023-10-02",
    )
    ks = muat_contoh("keputusan-bpmp-kaltim-2024").model_dump(mode="json", exclude_none=True)
    ks.update(
        tentang="Pembentukan Tim Kerjasama Antarlembaga Tahun 2025",
        menimbang=["bahwa kerjasama antarlembaga perlu dikoordinasikan oleh satu tim;"],
        diktum=["Membentuk Tim Kerjasama Antarlembaga."],
        lampiran=[],
        tanggal="2025-01-20",
        klasifikasi="OT.02.02",
    )
    ks.pop("nomor")
    tim = muat_contoh("keputusan-bpmp-kaltim-2024").model_dump(mode="json", exclude_none=True)
    tim.update(
        tentang="Penetapan Tim Penjaminan Mutu Internal Tahun 2024",
        diktum=["Menetapkan Tim Penjaminan Mutu Internal."],
        lampiran=[],
        tanggal="2024-02-12",
    )
    tim.pop("nomor")
    out = [
        *dari_model(SuratTugas.model_validate(st), "0620/C7.24/KP.04.05/2024"),
        *dari_model(Keputusan.model_validate(kep), "0415/C7.24/HK.03.01/2024"),
        *dari_model(SKKerjaSama.model_validate(sk), "0702/C7.24/HK.03.01/2023"),
        *dari_model(Keputusan.model_validate(ks), "0105/C7.24/OT.02.02/2025"),
    ]
    (v1,) = dari_model(Keputusan.model_validate(tim), "0590/C7.24/HK.03.01/2024")
    tim["diktum"] = ["Menetapkan Tim Penjaminan Mutu Internal dengan susunan yang diperbarui."]
    (v2,) = dari_model(Keputusan.model_validate(tim), "0590/C7.24/HK.03.01/2024")
    out.append(replace(v1, id=TIM_V1, terkini=False))
    out.append(replace(v2, id=TIM_V2, versi=2, lokasi=v2.lokasi.replace("/v1", "/v2")))
    return out


def korpus_relevansi(jumlah_sintetis: int = 400) -> list[DokumenIndeks]:
    """Return the judged corpus: the examples, the hand-made cases and generated documents."""
    return [*korpus_contoh(), *_dokumen_khusus(), *Generator(benih=10).dokumen(jumlah_sintetis)]


# --- the corpus as a clerk meets it a year later ---------------------------------------------

KOP_KALTIM = (
    "KEMENTERIAN PENDIDIKAN DASAR DAN MENENGAH\nBALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI "
    "KALIMANTAN TIMUR\nJalan Cipto Mangunkusumo Km 2, Samarinda Seberang, Samarinda 75132"
)
CATATAN_KAKI_TTE = (
    "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik\n"
    "yang diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), Badan Siber dan Sandi "
    "Negara."
)
DIKTI = "lainnya:38/E/KPT/2021"
"""A decree of another office (Ditjen Dikti), imported into the archive: its own numbering."""


def lapisan_pdf(d: DokumenIndeks) -> DokumenIndeks:
    """Return ``d`` with the text a signed PDF's text layer adds: the letterhead, the visible
    signature stamp and the TTE footnote (what the archive hands the index)."""
    from dataclasses import replace

    nama = d.penandatangan[0].nama if d.penandatangan else ""
    cap = f"Ditandatangani secara elektronik oleh\n{nama}\nWaktu: 17 Mei 2024 09:12 WITA"
    return replace(d, teks=f"{KOP_KALTIM}\n{d.teks}\n{cap}\n{CATATAN_KAKI_TTE}")


def _dokumen_luar() -> list[DokumenIndeks]:
    """Return documents of other offices, imported as they came (kind ``lainnya``)."""
    return [
        DokumenIndeks(
            id=DIKTI,
            nomor="38/E/KPT/2021",
            jenis="lainnya",
            tanggal=date(2021, 3, 10),
            tentang=(
                "Keputusan Direktur Jenderal Pendidikan Tinggi tentang Pedoman Penyusunan "
                "Kurikulum Pendidikan Tinggi"
            ),
            teks=(
                "KEPUTUSAN DIREKTUR JENDERAL PENDIDIKAN TINGGI NOMOR 38/E/KPT/2021 TENTANG "
                "PEDOMAN PENYUSUNAN KURIKULUM PENDIDIKAN TINGGI. Direktorat Jenderal Pendidikan "
                "Tinggi (DIKTI) menetapkan pedoman bagi perguruan tinggi."
            ),
            penandatangan=(OrangIndeks("Nizam", nip="196107061986101001"),),
            lokasi="2021/lainnya/38-E-KPT-2021/v1",
        )
    ]


def korpus_ketik(jumlah_sintetis: int = 400) -> list[DokumenIndeks]:
    """Return the judged corpus of what clerks type: the relevance corpus as PDFs give it
    (letterhead, stamp and footnote in every text) and a decree of another office."""
    return [*(lapisan_pdf(d) for d in korpus_relevansi(jumlah_sintetis)), *_dokumen_luar()]
