"""Index records of the search contract tests (every backend), named after the case each carries."""

from __future__ import annotations

from datetime import date

from naskah.cari.dokumen import DokumenIndeks, OrangIndeks

KEPALA = OrangIndeks("Dr. Bambang Sutrisno, M.Pd.", nip="196805121994031002", peran="kepala")
SEKRETARIS = OrangIndeks("Sri Wahyuningsih, S.E.", nip="197503202000122001", peran="kepala")

SK_KERJA_SAMA_SPASI = DokumenIndeks(
    id="sk-kerja-sama-berspasi",
    nomor="0101/C7.24/HK.03.01/2024",
    jenis="sk_kerja_sama",
    tanggal=date(2024, 2, 5),
    tentang="Kerja Sama Peningkatan Mutu Pendidikan dengan Pemerintah Kota Samarinda",
    teks="Para pihak sepakat melaksanakan kerja sama di bidang pendampingan satuan pendidikan. "
    "Naskah ini dibubuhi tanda tangan kedua pihak di Samarinda.",
    unit="C7.24",
    klasifikasi="HK.03.01",
    penandatangan=(KEPALA,),
    mitra=("Pemerintah Kota Samarinda",),
    lokasi="2024/sk_kerja_sama/0101-C7.24-HK.03.01-2024/v1",
)
SURAT_TUGAS_NARASUMBER = DokumenIndeks(
    id="surat-tugas-narasumber-tersambung",
    nomor="0230/C7.24/OT.02.02/2024",
    jenis="surat_tugas",
    tanggal=date(2024, 4, 15),
    tentang="Penugasan Narasumber Bimbingan Teknis Kurikulum Merdeka",
    teks="Menugaskan pegawai sebagai narasumber pada bimbingan teknis. Surat ini berlaku sejak "
    "tandatangan kepala balai dan kerjasama dengan dinas pendidikan.",
    unit="C7.24",
    klasifikasi="OT.02.02",
    penandatangan=(SEKRETARIS,),
    peserta=(
        OrangIndeks("Agus Salim Nugroho", nip="198001012005011003", peran="narasumber"),
        OrangIndeks("Dewi Kartikasari", nip="198502142010122004", peran="narasumber"),
    ),
    lokasi="2024/surat_tugas/0230-C7.24-OT.02.02-2024/v1",
)
KEPUTUSAN_SP = DokumenIndeks(
    id="keputusan-standar-pelayanan",
    nomor="0512/C7.24/HK.03.01/2024",
    jenis="keputusan",
    tanggal=date(2024, 5, 21),
    tentang="Penetapan Standar Pelayanan pada Balai Penjaminan Mutu Pendidikan",
    teks="Standar pelayanan fasilitasi peningkatan mutu memuat persyaratan, sistem mekanisme dan "
    "prosedur, jangka waktu penyelesaian, biaya tarif, produk layanan serta penanganan "
    "pengaduan. Nara sumber dari satuan pendidikan dapat dilibatkan.",
    unit="C7.24",
    klasifikasi="HK.03.01",
    penandatangan=(KEPALA,),
    lokasi="2024/keputusan/0512-C7.24-HK.03.01-2024/v1",
)
KEPUTUSAN_MENYEBUT_0512 = DokumenIndeks(
    id="keputusan-yang-menyebut-nomor-lain",
    nomor="0601/C7.24/HK.03.01/2024",
    jenis="keputusan",
    tanggal=date(2024, 7, 1),
    tentang="Perubahan atas Keputusan Nomor 0512/C7.24/HK.03.01/2024",
    teks="Mengubah Keputusan Nomor 0512/C7.24/HK.03.01/2024 tentang standar pelayanan 0512.",
    unit="C7.24",
    klasifikasi="HK.03.01",
    penandatangan=(KEPALA,),
    lokasi="2024/keputusan/0601-C7.24-HK.03.01-2024/v1",
)
SERTIFIKAT_RAHMAT = DokumenIndeks(
    id="sertifikat-rahmat-hidayatullah",
    nomor="0001/Sertifikat/BPMPKALTIM/2024",
    jenis="sertifikat",
    tanggal=date(2024, 8, 17),
    tentang="Sertifikat Pelatihan Guru Penggerak",
    teks="Diberikan kepada peserta pelatihan guru penggerak angkatan 9.",
    unit="BPMPKALTIM",
    penandatangan=(KEPALA,),
    peserta=(
        OrangIndeks(
            "Rahmat Hidayatullah", nik="6472011203850001", instansi="SMAN 1 Balikpapan",
            peran="peserta",
        ),
    ),
    lokasi="2024/sertifikat/0001-Sertifikat-BPMPKALTIM-2024/v1",
)  # fmt: skip
SERTIFIKAT_2023 = DokumenIndeks(
    id="sertifikat-tahun-lalu",
    nomor="0457/Sertifikat/BPMPKALTIM/2023",
    jenis="sertifikat",
    tanggal=date(2023, 11, 3),
    tentang="Sertifikat Lokakarya Asesmen Nasional",
    teks="Diberikan kepada peserta lokakarya asesmen nasional.",
    unit="BPMPKALTIM",
    penandatangan=(SEKRETARIS,),
    peserta=(OrangIndeks("Siti Nurhaliza", nik="6471054406900002", peran="peserta"),),
    lokasi="2023/sertifikat/0457-Sertifikat-BPMPKALTIM-2023/v1",
)

SEMUA = (
    SK_KERJA_SAMA_SPASI,
    SURAT_TUGAS_NARASUMBER,
    KEPUTUSAN_SP,
    KEPUTUSAN_MENYEBUT_0512,
    SERTIFIKAT_RAHMAT,
    SERTIFIKAT_2023,
)
