"""The format reference: every document kind and field, generated from the models.

:func:`referensi_format` walks the pydantic models of :data:`naskah.models.JENIS_DOKUMEN` and
writes Markdown: per kind, one table per mapping (key, type, required, default, example,
Indonesian description). ``docs/format.md`` is this text for all kinds (a test fails when it is
out of date) and ``naskah skema [JENIS]`` prints it. The Indonesian descriptions and examples
live here, keyed ``Model.field``; the model docstrings stay in English for developers.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, RootModel
from pydantic_core import PydanticUndefined

from naskah.errors import UsageError
from naskah.models import JENIS_DOKUMEN

JUDUL_JENIS = {
    "keputusan": "Keputusan (keputusan kepala kantor, dengan lampiran)",
    "sk_kerja_sama": "SK Kerja Sama (keputusan tentang kerja sama)",
    "surat_tugas": "Surat Tugas",
    "surat_dinas": "Surat Dinas (surat keluar: jawaban, balasan, pemberitahuan)",
    "sertifikat": "Sertifikat kegiatan",
    "standar_pelayanan": "Buku Standar Pelayanan",
    "laporan_evaluasi": "Laporan Evaluasi Penerapan Standar Pelayanan (`naskah ult laporan`)",
    "perjanjian_kerja_sama": "Perjanjian Kerja Sama (PKS antara kantor dan instansi mitra)",
}

# (keterangan, contoh) per Model.field; contoh is YAML as written in a document file.
KETERANGAN: dict[str, tuple[str, str]] = {
    # documents
    "*.jenis": ("Jenis naskah; menentukan kunci lain yang berlaku.", "keputusan"),
    "*.instansi": ("Kop naskah; bila kosong dipakai [instansi] di naskah.toml.", "(pemetaan)"),
    "*.nomor": ("Nomor naskah dari register; kosong selama konsep.", "0512/C7.24/HK.03.01/2024"),
    "*.seri": ("Seri penomoran di naskah.toml tempat nomor diambil.", "naskah"),
    "*.klasifikasi": ("Kode klasifikasi arsip.", "HK.03.01"),
    "*.ditetapkan_di": ("Kota tempat naskah ditetapkan; kota kantor bila kosong.", "Samarinda"),
    "*.tanggal": ("Tanggal naskah (2024-05-21 atau 21 Mei 2024).", "2024-05-21"),
    "*.penandatangan": (
        "Orang yang menandatangani (nama dan NIP dicetak, sertifikat TTE "
        "miliknya); boleh nama pejabat di naskah.toml.",
        "kepala",
    ),
    "*.mewakili": (
        "Penandatanganan atas nama/untuk beliau/Plt./Plh./Pj.: jabatan yang "
        "diwakili dicetak di atas tanda tangan.",
        "(pemetaan)",
    ),
    "*.verifikator": (
        "Pejabat yang memaraf sebelum penandatangan, berurutan (nama, NIP, jabatan, atau nama "
        "pejabat di naskah.toml); hanya sertifikat TTE merekalah yang dapat memberi paraf.",
        "[kasubbag, katim]",
    ),
    "*.tembusan": (
        "Daftar tembusan (dinomori otomatis bila lebih dari satu).",
        "[Sekretaris Jenderal]",
    ),
    "*.salinan": (
        "Naskah salinan: SALINAN di atas judul, ttd. sebagai pengganti tanda tangan "
        "dan blok pengesahan salinan; true untuk tanda SALINAN saja.",
        "(pemetaan)",
    ),
    "*.jabatan_penetap": (
        "Jabatan penetap dalam huruf kapital, dicetak di blok judul dan baris Menetapkan.",
        "KEPALA BALAI PENJAMINAN MUTU PENDIDIKAN ...",
    ),
    "*.penetap": (
        "Baris jabatan sebelum Menimbang bila berbeda dari blok judul (koma di "
        "dalamnya tetap); jabatan_penetap diikuti koma bila kosong.",
        "MENTERI PENDIDIKAN, KEBUDAYAAN, RISET, DAN TEKNOLOGI,",
    ),
    "*.tentang": (
        "Judul keputusan (TENTANG ...) dalam huruf kapital.",
        "PENETAPAN STANDAR PELAYANAN ...",
    ),
    "*.menimbang": (
        'Butir Menimbang, masing-masing diawali "bahwa" dan diakhiri ";"; '
        "huruf a., b. dibuat otomatis.",
        "[bahwa ...;, bahwa ...;]",
    ),
    "*.mengingat": ("Dasar hukum; nomor 1., 2. dibuat otomatis.", "[Undang-Undang ...;]"),
    "*.memperhatikan": ("Butir Memperhatikan (tidak wajib).", "[Keputusan ...;]"),
    "*.menetapkan": (
        "Baris Menetapkan; dibentuk dari jabatan_penetap dan tentang bila kosong.",
        "KEPUTUSAN KEPALA ... TENTANG ....",
    ),
    "*.diktum": ("Diktum berurutan; label KESATU, KEDUA dibuat otomatis.", "[Keputusan ini ...]"),
    "*.lampiran": (
        "Lampiran berurutan; satu lampiran berjudul LAMPIRAN, lebih dari satu "
        "LAMPIRAN I, II, ...; rujuk dengan {lampiran:id}.",
        "(daftar pemetaan)",
    ),
    "*.kerja_sama": (
        "Isi perjanjian kerja sama; dirujuk dengan {kerja_sama:mitra} dan "
        "dicetak sebagai lampiran RINCIAN KERJA SAMA ({lampiran:rincian_kerja_sama}).",
        "(pemetaan)",
    ),
    "*.dasar": (
        "Dasar penugasan, misalnya surat permohonan dengan nomor dan tanggalnya.",
        "[Surat Kepala SMA ... Nomor ...]",
    ),
    "*.petugas": ("Orang yang ditugaskan.", "(daftar pemetaan)"),
    "*.untuk": ("Tugas yang diberikan.", "[Menjadi narasumber ...]"),
    "*.pelaksanaan": ("Waktu dan tempat pelaksanaan tugas.", "(pemetaan)"),
    "*.kegiatan": ("Kegiatan yang disertifikatkan.", "(pemetaan)"),
    "*.peserta": ("Peserta, ditulis di sini atau dimuat dari berkas_peserta.", "(daftar pemetaan)"),
    "*.berkas_peserta": (
        "Berkas Excel/CSV daftar peserta, relatif terhadap berkas naskah.",
        "peserta.xlsx",
    ),
    "*.judul": ("Judul.", "STANDAR PELAYANAN"),
    # Instansi
    "Instansi.kementerian": (
        "Nama kementerian, baris pertama kop.",
        "KEMENTERIAN PENDIDIKAN DASAR DAN MENENGAH",
    ),
    "Instansi.unit_utama": (
        "Baris kop di antara kementerian dan unit (misalnya direktorat "
        "jenderal), bila kantor memakainya.",
        "DIREKTORAT JENDERAL PENDIDIKAN ANAK USIA DINI, ...",
    ),
    "Instansi.unit": (
        "Nama kantor, dicetak tebal.",
        "BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TIMUR",
    ),
    "Instansi.alamat": ("Alamat kantor.", "Jalan Cipto Mangunkusumo Km 2, Samarinda 75132"),
    "Instansi.telepon": ("Nomor telepon.", '["(0541) 260304"]'),
    "Instansi.faksimile": ("Nomor faksimile.", '["(0541) 262059"]'),
    "Instansi.laman": ("Alamat laman.", "www.bpmpkaltim.kemdikbud.go.id"),
    "Instansi.email": ("Alamat pos-el.", "bpmpkaltim@kemdikbud.go.id"),
    "Instansi.kontak": (
        "Baris kontak kop persis seperti ditulis, menggantikan baris telepon "
        "dan laman yang dibentuk otomatis.",
        '["Pusat Panggilan ULT 126", "Telepon: (0536) 3221434; ..."]',
    ),
    "Instansi.tanpa": (
        "Jenis kontak yang memang tidak dimiliki kantor; pemeriksa tidak lagi menanyakannya.",
        "[email]",
    ),
    "Instansi.kota": ("Kota kantor (tempat penetapan bawaan).", "Samarinda"),
    "Instansi.kode_unit": ("Kode unit pada nomor naskah.", "C7.24"),
    "Instansi.logo": (
        "Berkas logo, relatif terhadap naskah.toml; contoh untuk lambang contoh.",
        "logo-kementerian.png",
    ),
    # Pejabat
    "Pejabat.nama": ("Nama tanpa gelar.", "Jarwoko"),
    "Pejabat.gelar_depan": ("Gelar di depan nama.", "Dr."),
    "Pejabat.gelar_belakang": ("Gelar di belakang nama.", "M.Pd."),
    "Pejabat.nip": ("NIP 18 digit (atau {nomor: ..., jenis: PPPK}).", "19700319 199703 1 001"),
    "Pejabat.jabatan": (
        "Jabatan orang itu sendiri, dicetak di atas tanda tangan (huruf "
        "kapital) atau di tabel petugas.",
        "Kepala BPMP Provinsi Kalimantan Timur",
    ),
    "Pejabat.pangkat": ("Pangkat/golongan.", "Pembina Utama Muda (IV/c)"),
    "Pejabat.nik": (
        "NIK 16 digit yang dipakai menandatangani lewat Esign Client Service BSrE (hanya di "
        "naskah.toml; data pribadi, tidak pernah dicetak).",
        "-",
    ),
    # Mewakili, Salinan
    "Mewakili.bentuk": ("a.n. (atas nama), u.b. (untuk beliau), Plt., Plh. atau Pj.", "a.n."),
    "Mewakili.jabatan": (
        "Jabatan yang diwakili: atasan (a.n., u.b.) atau jabatan yang diisi (Plt., Plh., Pj.).",
        "Kepala BPMP Provinsi Kalimantan Timur",
    ),
    "Mewakili.perantara": (
        "Khusus u.b.: jabatan pejabat yang meneruskan kuasa a.n.",
        "Kepala Subbagian Umum",
    ),
    "Salinan.pengesah": (
        "Pejabat yang mengesahkan salinan (jabatan, nama, NIP); boleh nama pejabat di naskah.toml.",
        "kasubbag_umum",
    ),
    "Salinan.tanda": ("Pengganti tanda tangan asli pada salinan.", "ttd."),
    "Salinan.keterangan": ("Baris pertama blok pengesahan.", "Salinan sesuai dengan aslinya"),
    # Diktum, lampiran
    "Diktum.id": ("Nama rujukan diktum: {diktum:id}.", "penetapan"),
    "Diktum.isi": (
        "Teks diktum; boleh memuat {lampiran:id} dan {diktum:id}.",
        "Menetapkan ... sebagaimana tercantum dalam {lampiran:sp}.",
    ),
    "Diktum.daftar": (
        "Daftar di bawah diktum (atau tulis angka:/huruf:/poin: langsung).",
        "(pemetaan)",
    ),
    "Diktum.daftar_dari": (
        "SK Kerja Sama: ambil daftar dari ruang lingkup kerja sama.",
        "ruang_lingkup",
    ),
    "Daftar.gaya": ("Gaya label: angka (1.), huruf (a.) atau poin (•).", "angka"),
    "Daftar.butir": ("Butir daftar.", "[Butir pertama;, Butir kedua.]"),
    "Butir.teks": ("Teks butir.", "Surat permohonan;"),
    "Butir.sub": ("Daftar bertingkat di bawah butir.", "(pemetaan)"),
    "Lampiran.id": ("Nama rujukan lampiran: {lampiran:id}.", "kerjasama"),
    "Lampiran.judul": (
        "Judul isi lampiran, di bawah kepala lampiran.",
        "STANDAR PELAYANAN KERJASAMA ...",
    ),
    "Lampiran.standar_pelayanan": (
        "Isi lampiran berupa Standar Pelayanan (14 komponen).",
        "(pemetaan)",
    ),
    "Lampiran.bagian": (
        "Isi lampiran berupa bagian bebas (judul dan uraian).",
        "(daftar pemetaan)",
    ),
    "Bagian.judul": ("Judul bagian (tidak wajib).", "Ketentuan Umum"),
    "Bagian.isi": ("Uraian: paragraf, daftar dan tabel.", "Teks ..."),
    # Standar pelayanan
    "StandarPelayanan.nama": ("Nama layanan.", "Permohonan Narasumber"),
    "StandarPelayanan.penyampaian": ("Enam komponen penyampaian pelayanan.", "(pemetaan)"),
    "StandarPelayanan.pengelolaan": ("Delapan komponen pengelolaan pelayanan.", "(pemetaan)"),
    "StandarPelayanan.jabatan_penutup": (
        "Baris di atas jabatan penandatangan pada akhir standar.",
        "Pimpinan Penyelenggara Pelayanan",
    ),
    "PenyampaianPelayanan.persyaratan": ("Persyaratan Pelayanan.", "[Surat permohonan;]"),
    "PenyampaianPelayanan.prosedur": (
        "Sistem, Mekanisme, dan Prosedur: uraian dan/atau bagan alur.",
        "(pemetaan)",
    ),
    "PenyampaianPelayanan.jangka_waktu": ("Jangka Waktu Pelayanan.", "(pemetaan)"),
    "PenyampaianPelayanan.biaya": ("Biaya/Tarif.", "Tidak dipungut biaya."),
    "PenyampaianPelayanan.produk": ("Produk Pelayanan.", "Surat tugas narasumber."),
    "PenyampaianPelayanan.pengaduan": (
        "Penanganan Pengaduan, Saran, dan Masukan.",
        "[Melalui ULT ...]",
    ),
    "Prosedur.uraian": ("Uraian prosedur.", "[angka: [Pemohon ...;]]"),
    "Prosedur.alur": ("Bagan alur: langkah dan keputusan Ya/Tidak.", "(pemetaan)"),
    "Alur.langkah": ("Langkah bagan alur berurutan.", "(daftar pemetaan)"),
    "Langkah.id": ("Nama langkah, dirujuk oleh lanjut/ya/tidak.", "A"),
    "Langkah.teks": ("Teks di dalam kotak.", "Pemohon menyerahkan surat"),
    "Langkah.bentuk": ("mulai, proses, keputusan atau selesai.", "proses"),
    "Langkah.lanjut": ("Langkah berikutnya; langkah sesudahnya di daftar bila kosong.", "C"),
    "Langkah.ya": ("Keputusan: langkah bila jawabannya Ya.", "C"),
    "Langkah.tidak": ("Keputusan: langkah bila jawabannya Tidak.", "T"),
    "JangkaWaktu.uraian": ("Uraian jangka waktu.", "Paling lambat 5 (lima) hari kerja."),
    "JangkaWaktu.hari_kerja": ("Hari kerja sampai layanan selesai.", "5"),
    "JangkaWaktu.hari_kerja_jawaban": ("Hari kerja sampai permohonan dijawab.", "3"),
    "PengelolaanPelayanan.dasar_hukum": ("Dasar Hukum.", "[Undang-Undang ...;]"),
    "PengelolaanPelayanan.sarana": (
        "Sarana dan Prasarana, dan/atau Fasilitas.",
        "[Ruang layanan;]",
    ),
    "PengelolaanPelayanan.kompetensi": ("Kompetensi Pelaksana.", "[Memahami tugas ...;]"),
    "PengelolaanPelayanan.pengawasan": ("Pengawasan Internal.", "Dilakukan oleh Kepala ..."),
    "PengelolaanPelayanan.jumlah_pelaksana": ("Jumlah Pelaksana.", "3 (tiga) orang."),
    "PengelolaanPelayanan.jaminan_pelayanan": ("Jaminan Pelayanan.", "Pelayanan sesuai ..."),
    "PengelolaanPelayanan.jaminan_keamanan": (
        "Jaminan Keamanan dan Keselamatan Pelayanan.",
        "Kerahasiaan data ...",
    ),
    "PengelolaanPelayanan.evaluasi": ("Evaluasi Kinerja Pelaksana.", "Evaluasi tahunan ..."),
    # kerja sama
    "KerjaSama.mitra": ("Lembaga mitra.", "(pemetaan)"),
    "KerjaSama.ruang_lingkup": ("Ruang lingkup kerja sama.", "[Pendampingan ...;]"),
    "KerjaSama.mulai": ("Tanggal mulai.", "2024-08-01"),
    "KerjaSama.selesai": ("Tanggal selesai.", "2024-12-31"),
    "KerjaSama.pendanaan": ("Sumber pendanaan.", "DIPA BPMP ..."),
    "KerjaSama.nomor_perjanjian": (
        "Nomor perjanjian kerja sama yang ditandatangani.",
        "001/PKS/2024",
    ),
    "Mitra.nama": ("Nama mitra.", "Dinas Pendidikan Kabupaten Kutai Kartanegara"),
    "Mitra.alamat": ("Alamat mitra.", "Jalan ..."),
    "Mitra.pimpinan": ("Nama dan jabatan pimpinan mitra.", "Kepala Dinas ..."),
    # perjanjian kerja sama (PKS)
    "PerjanjianKerjaSama.tentang": (
        "Pokok perjanjian: kegiatan yang disepakati (dicetak sesudah TENTANG).",
        "Pendampingan Penyusunan KOSP",
    ),
    "PerjanjianKerjaSama.nomor_mitra": (
        "Nomor perjanjian dari pihak mitra; bila kosong dicetak titik-titik untuk diisi mitra.",
        "421/123/Disdik/2025",
    ),
    "PerjanjianKerjaSama.tanggal": (
        "Tanggal perjanjian dibuat (dicetak dengan huruf pada pembuka).",
        "2025-06-02",
    ),
    "PerjanjianKerjaSama.tempat": (
        "Tempat perjanjian dibuat; kota kantor bila kosong.",
        "Samarinda",
    ),  # fmt: skip
    "PerjanjianKerjaSama.penandatangan": (
        "PIHAK PERTAMA: kepala kantor yang menandatangani secara elektronik; boleh nama pejabat "
        "di naskah.toml.",
        "kepala",
    ),
    "PerjanjianKerjaSama.mitra": (
        "PIHAK KEDUA: instansi mitra dan pejabatnya yang menandatangani blok tercetak (basah "
        "atau terpisah).",
        "(pemetaan)",
    ),
    "PerjanjianKerjaSama.maksud": (
        "Maksud perjanjian (Pasal MAKSUD DAN TUJUAN).",
        "sebagai landasan ...",
    ),  # fmt: skip
    "PerjanjianKerjaSama.tujuan": (
        "Tujuan perjanjian; huruf a., b. dibuat otomatis.",
        "[terlaksananya ...]",
    ),  # fmt: skip
    "PerjanjianKerjaSama.ruang_lingkup": ("Ruang lingkup kerja sama.", "[pendampingan ...]"),
    "PerjanjianKerjaSama.pihak_pertama": ("Hak dan kewajiban PIHAK PERTAMA.", "(pemetaan)"),
    "PerjanjianKerjaSama.pihak_kedua": ("Hak dan kewajiban PIHAK KEDUA.", "(pemetaan)"),
    "PerjanjianKerjaSama.pembiayaan": (
        "Ketentuan pembiayaan, satu ayat per butir.",
        "[Biaya yang timbul ...]",
    ),  # fmt: skip
    "PerjanjianKerjaSama.mulai": ("Tanggal mulai berlakunya kerja sama.", "2025-07-14"),
    "PerjanjianKerjaSama.selesai": ("Tanggal berakhirnya kerja sama.", "2025-07-16"),
    "PerjanjianKerjaSama.pasal_lain": (
        "Pasal tambahan sesudah JANGKA WAKTU (judul dan ayat); nomor pasal dibuat otomatis.",
        "(daftar pemetaan)",
    ),
    "PerjanjianKerjaSama.penyelesaian_perselisihan": (
        "Ayat Pasal PENYELESAIAN PERSELISIHAN (bawaan: musyawarah, lalu peraturan "
        "perundang-undangan).",
        "[Apabila terjadi perselisihan ...]",
    ),
    "PerjanjianKerjaSama.penutup": (
        "Ayat Pasal PENUTUP; ayat tentang cara penandatanganan PARA PIHAK selalu ditambahkan.",
        "[Hal-hal yang belum diatur ...]",
    ),
    "PihakMitra.nama": ("Nama instansi mitra.", "Dinas Pendidikan Kota Samarinda"),
    "PihakMitra.alamat": ("Kedudukan atau alamat mitra.", "Samarinda"),
    "PihakMitra.wakil": (
        "Pejabat mitra yang menandatangani (nama, jabatan, NIP bila ada).",
        "(pemetaan)",
    ),  # fmt: skip
    "HakKewajiban.hak": ("Hak pihak (tidak wajib).", "[memperoleh ...]"),
    "HakKewajiban.kewajiban": ("Kewajiban pihak.", "[menyediakan ...]"),
    "Pasal.judul": ("Judul pasal (dicetak dalam huruf kapital).", "Kerahasiaan"),
    "Pasal.ayat": (
        "Ayat pasal; (1), (2) dibuat otomatis bila lebih dari satu.",
        "[PARA PIHAK menjaga ...]",
    ),  # fmt: skip
    # surat tugas
    "Pelaksanaan.tanggal_mulai": ("Tanggal mulai tugas.", "2024-06-03"),
    "Pelaksanaan.tanggal_selesai": ("Tanggal selesai tugas (tidak wajib).", "2024-06-05"),
    "Pelaksanaan.tempat": ("Tempat tugas.", "SMA Negeri 1 Samarinda"),
    # surat dinas
    "SuratDinas.sifat": (
        "Sifat surat: Biasa, Penting, Segera, Sangat Segera, Rahasia atau Sangat Rahasia.",
        "Biasa",
    ),
    "SuratDinas.lampiran": ("Yang dilampirkan; dicetak - bila kosong.", "1 (satu) berkas"),
    "SuratDinas.hal": ("Hal (pokok) surat.", "Jawaban Permohonan Kerja Sama"),
    "SuratDinas.kepada": ("Penerima surat (Yth.), berurutan.", "(daftar pemetaan)"),
    "SuratDinas.isi": ("Isi surat: paragraf, daftar dan tabel.", "(uraian)"),
    "SuratDinas.penutup": (
        "Kalimat penutup; null untuk meniadakannya.",
        "Atas perhatian Bapak/Ibu, kami sampaikan terima kasih.",
    ),
    "Penerima.nama": ("Jabatan atau nama penerima sesudah Yth.", "Kepala Dinas Pendidikan ..."),
    "Penerima.alamat": ("Alamat atau tempat penerima.", "di Samarinda"),
    # sertifikat
    "Kegiatan.nama": ("Nama kegiatan.", "Bimbingan Teknis ..."),
    "Kegiatan.penyelenggara": ("Penyelenggara.", "BPMP Provinsi Kalimantan Timur"),
    "Kegiatan.mitra": ("Mitra penyelenggara (tidak wajib).", "Dinas Pendidikan ..."),
    "Kegiatan.tanggal_mulai": ("Tanggal mulai kegiatan.", "2024-06-03"),
    "Kegiatan.tanggal_selesai": ("Tanggal selesai kegiatan.", "2024-06-05"),
    "Kegiatan.tempat": ("Tempat kegiatan.", "Samarinda"),
    "Kegiatan.jp": ("Jumlah jam pelajaran.", "32"),
    "Kegiatan.materi": ("Materi kegiatan.", "(daftar pemetaan)"),
    "Materi.nama": ("Nama materi.", "Kurikulum Merdeka"),
    "Materi.jp": ("Jam pelajaran materi.", "4"),
    "Materi.narasumber": ("Narasumber materi.", "Dr. ..."),
    "Peserta.nama": ("Nama peserta.", "Siti Aminah, S.Pd."),
    "Peserta.nik": ("NIK 16 digit.", "6472..."),
    "Peserta.nip": ("NIP peserta.", "19850101 201001 2 001"),
    "Peserta.instansi": ("Instansi peserta.", "SMA Negeri 1 Samarinda"),
    "Peserta.email": ("Pos-el peserta.", "siti@example.org"),
    "Peserta.peran": ("Peran dalam kegiatan.", "peserta"),
    # buku standar pelayanan
    "BukuStandarPelayanan.judul": ("Judul sampul.", "STANDAR PELAYANAN"),
    "BukuStandarPelayanan.lingkungan": (
        "Baris di bawah judul sampul.",
        "di Lingkungan Balai Penjaminan Mutu Pendidikan ...",
    ),
    "BukuStandarPelayanan.tahun": ("Tahun pada sampul.", "2025"),
    "BukuStandarPelayanan.kata_pengantar": (
        "Kata pengantar: paragraf, daftar dan tabel.",
        "[Puji syukur ...]",
    ),
    "BukuStandarPelayanan.standar": (
        "Standar pelayanan yang dimuat, berurutan.",
        "(daftar pemetaan)",
    ),
}

# the evaluation report (laporan_evaluasi, written by `naskah ult laporan` from the desk)
_LAP = "LaporanEvaluasi"
KETERANGAN.update({
    f"{_LAP}.tahun": ("Tahun yang dievaluasi.", "2025"),
    f"{_LAP}.unit_layanan": ("Nama unit layanan yang dievaluasi.", "Unit Layanan Terpadu"),
    f"{_LAP}.per_hari": ("Tanggal catatan meja layanan dibaca (angka per tanggal ini).",
                         "2026-01-12"),
    f"{_LAP}.dasar": ("Dasar evaluasi (peraturan), dinomori otomatis.",
                      "[Permen PANRB Nomor 14 Tahun 2017 ...]"),
    f"{_LAP}.survei": ("Hasil survei kepuasan masyarakat tahun itu (jumlah nilai per unsur).",
                       "(pemetaan)"),
    f"{_LAP}.layanan": ("Capaian setiap layanan: diterima, tepat waktu, lama, IKM.", "(daftar)"),
    f"{_LAP}.bulanan": ("Permohonan tepat waktu per bulan diterima (1–12).", "(daftar)"),
    f"{_LAP}.median_hari": ("Median lama penyelesaian semua permohonan, hari kerja.", "2"),
    f"{_LAP}.p90_hari": ("Persentil ke-90 lama penyelesaian, hari kerja.", "5"),
    f"{_LAP}.pengaduan": ("Ringkasan pengaduan tahun itu.", "(pemetaan)"),
    f"{_LAP}.terlama": ("Permohonan dengan penyelesaian terlama (kode pelacakan saja).",
                        "(daftar)"),
    f"{_LAP}.saran": ("Saran responden yang dikutip.", "[Mohon percepat jawaban.]"),
    f"{_LAP}.catatan": ("Catatan kepala, dicetak setelah prioritas perbaikan.", "[...]"),
    f"{_LAP}.rencana_tindak_lanjut": ("Rencana tindak lanjut yang diisi kepala.", "(daftar)"),
    "SurveiLaporan.responden": ("Jumlah responden survei.", "179"),
    "SurveiLaporan.populasi": ("Jumlah permohonan yang dilayani (populasi).", "240"),
    "SurveiLaporan.sampel": ("Sampel minimal menurut tabel Krejcie dan Morgan.", "148"),
    "SurveiLaporan.daring": ("Responden lewat tautan survei.", "150"),
    "SurveiLaporan.kertas": ("Responden kuesioner kertas yang diimpor.", "29"),
    "SurveiLaporan.unsur": ("Jumlah nilai setiap unsur U1–U9 (NRR dan IKM dihitung darinya).",
                            "(daftar)"),
    "SurveiLaporan.profil": ("Jumlah responden per pilihan data responden.", "(pemetaan)"),
    "UnsurNilai.kode": ("Kode unsur, U1 sampai U9.", "U1"),
    "UnsurNilai.nama": ("Nama unsur menurut Permen PANRB 14/2017.", "Persyaratan"),
    "UnsurNilai.jumlah": ("Jumlah nilai (1–4) unsur ini dari semua responden.", "594"),
    "LayananLaporan.nama": ("Nama layanan.", "Penggunaan Fasilitas"),
    "LayananLaporan.janji_jawab": ("Jangka waktu jawaban menurut standar, hari kerja.", "3"),
    "LayananLaporan.janji_selesai": ("Jangka waktu penyelesaian menurut standar, hari kerja.",
                                     "5"),
    "LayananLaporan.diterima": ("Permohonan diterima.", "83"),
    "LayananLaporan.disetujui": ("Permohonan disetujui.", "76"),
    "LayananLaporan.ditolak": ("Permohonan ditolak.", "7"),
    "LayananLaporan.diperpanjang": ("Permohonan yang diberi pemberitahuan perpanjangan.", "3"),
    "LayananLaporan.jawab_tepat": ("Dijawab dalam jangka waktu jawaban.", "76"),
    "LayananLaporan.jawab_dinilai": ("Jawaban yang dapat dinilai.", "83"),
    "LayananLaporan.selesai_tepat": ("Diselesaikan dalam jangka waktu penyelesaian.", "67"),
    "LayananLaporan.selesai_dinilai": ("Penyelesaian yang dapat dinilai.", "74"),
    "LayananLaporan.tepat": ("Permohonan yang memenuhi semua jangka waktunya.", "73"),
    "LayananLaporan.dinilai": ("Permohonan yang dapat dinilai.", "83"),
    "LayananLaporan.median_hari": ("Median lama, hari kerja.", "3"),
    "LayananLaporan.p90_hari": ("Persentil ke-90 lama, hari kerja.", "5"),
    "LayananLaporan.responden": ("Responden survei layanan ini.", "60"),
    "LayananLaporan.ikm": ("IKM layanan ini (dua desimal).", "79.63"),
    "CapaianBulan.bulan": ("Bulan diterima, 1–12.", "3"),
    "CapaianBulan.diterima": ("Permohonan diterima bulan itu.", "18"),
    "CapaianBulan.dinilai": ("Permohonan bulan itu yang dapat dinilai.", "18"),
    "CapaianBulan.tepat": ("Permohonan bulan itu yang tepat waktu.", "17"),
    "PengaduanLaporan.jumlah": ("Pengaduan diterima.", "24"),
    "PengaduanLaporan.janji": ("Jangka waktu penanganan pengaduan, hari kerja.", "5"),
    "PengaduanLaporan.tepat": ("Ditangani dalam jangka waktunya.", "21"),
    "PengaduanLaporan.terlambat": ("Ditangani melewati jangka waktunya.", "3"),
    "PengaduanLaporan.berjalan": ("Masih berjalan, belum lewat jangka waktunya.", "0"),
    "PengaduanLaporan.median_hari": ("Median lama penanganan, hari kerja.", "3.5"),
    "PengaduanLaporan.p90_hari": ("Persentil ke-90 lama penanganan, hari kerja.", "8"),
    "PengaduanLaporan.per_kanal": ("Jumlah pengaduan per saluran.", "{Surat: 4}"),
    "PengaduanLaporan.per_layanan": ("Jumlah pengaduan per layanan.", "{Penggunaan Fasilitas: 6}"),
    "PengaduanLaporan.lapor": ("Pengaduan dengan tiket LAPOR! (SP4N).", "5"),
    "KasusLaporan.kode": ("Kode pelacakan permohonan.", "7KQ2M-X9D4P"),
    "KasusLaporan.layanan": ("Nama layanan.", "Penggunaan Fasilitas"),
    "KasusLaporan.diterima": ("Hari permohonan dihitung diterima.", "2025-02-24"),
    "KasusLaporan.durasi": ("Lama sampai selesai, hari kerja.", "8"),
    "KasusLaporan.janji": ("Jangka waktu menurut standar, hari kerja.", "5"),
    "KasusLaporan.keterangan": ("Keterangan singkat.", "terlambat"),
    "RencanaTindakLanjut.unsur": ("Unsur atau temuan yang ditindaklanjuti.", "U8"),
    "RencanaTindakLanjut.masalah": ("Permasalahan yang ditemukan.",
                                    "Pengaduan lewat telepon tidak tercatat"),
    "RencanaTindakLanjut.kegiatan": ("Kegiatan perbaikan.", "Mencatat semua pengaduan di naskah"),
    "RencanaTindakLanjut.waktu": ("Waktu pelaksanaan.", "Triwulan I 2026"),
    "RencanaTindakLanjut.penanggung_jawab": ("Penanggung jawab.", "Kasubbag Umum"),
})  # fmt: skip


def _keterangan(model: type[BaseModel], nama: str) -> tuple[str, str]:
    for kunci in (f"{model.__name__}.{nama}", f"*.{nama}"):
        if kunci in KETERANGAN:
            return KETERANGAN[kunci]
    return ("(belum ada keterangan)", "-")


def _tipe(anotasi: Any) -> str:
    """Return a field type in words staff know (teks, tanggal, daftar teks …)."""
    asal = get_origin(anotasi)
    args = [a for a in get_args(anotasi) if a is not type(None)]
    if asal in (typing.Union, types.UnionType):
        return " atau ".join(_tipe(a) for a in args)
    if asal is Literal:
        return "salah satu dari " + ", ".join(f"`{a}`" for a in get_args(anotasi))
    if asal is typing.Annotated:
        return _tipe(args[0])
    if asal is list:
        return f"daftar {_tipe(args[0])}" if args else "daftar"
    if asal is dict:
        return "pemetaan"
    if isinstance(anotasi, type):
        if issubclass(anotasi, RootModel):
            return "uraian (paragraf, daftar, tabel)"
        if issubclass(anotasi, BaseModel):
            return f"pemetaan {anotasi.__name__}"
        nama = {"str": "teks", "int": "bilangan bulat", "bool": "ya/tidak", "date": "tanggal",
                "NIP": "NIP", "NIK": "NIK", "NomorNaskah": "nomor naskah"}  # fmt: skip
        return nama.get(anotasi.__name__, anotasi.__name__)
    return str(anotasi)


def _bawaan(bidang: Any) -> str:
    if bidang.is_required():
        return ""
    nilai = bidang.default
    if nilai is PydanticUndefined or nilai is None:
        return "kosong"
    if nilai == []:
        return "[]"
    if isinstance(nilai, BaseModel):
        return "kosong"
    return f"`{nilai}`"


def _anotasi(model: type[BaseModel], nama: str, anotasi: Any) -> Any:
    """Return a field's annotation with forward references (``Daftar | None``) resolved."""
    if isinstance(anotasi, typing.ForwardRef | str):
        try:
            return typing.get_type_hints(model, include_extras=True)[nama]
        except (NameError, KeyError, TypeError):
            return anotasi
    return anotasi


def _model_dalam(anotasi: Any) -> list[type[BaseModel]]:
    if isinstance(anotasi, type) and issubclass(anotasi, BaseModel):
        return [] if issubclass(anotasi, RootModel) else [anotasi]
    return [m for a in get_args(anotasi) for m in _model_dalam(a)]


def _tabel(model: type[BaseModel]) -> list[str]:
    baris = [
        f"#### `{model.__name__}`",
        "",
        "| Kunci | Jenis | Wajib | Bawaan | Contoh | Keterangan |",
        "|---|---|---|---|---|---|",
    ]
    for nama, bidang in model.model_fields.items():
        keterangan, contoh = _keterangan(model, nama)
        wajib = "ya" if bidang.is_required() else "tidak"
        tipe = _tipe(_anotasi(model, nama, bidang.annotation))
        sel = [f"`{nama}`", tipe, wajib, _bawaan(bidang), contoh, keterangan]
        baris.append("| " + " | ".join(s.replace("|", "\\|") for s in sel) + " |")
    return [*baris, ""]


def _bagian_jenis(jenis: str) -> list[str]:
    model = JENIS_DOKUMEN[jenis]
    out = [f"## `jenis: {jenis}` — {JUDUL_JENIS.get(jenis, jenis)}", ""]
    antre: list[type[BaseModel]] = [model]
    dilihat: set[type[BaseModel]] = set()
    while antre:
        m = antre.pop(0)
        if m in dilihat:
            continue
        dilihat.add(m)
        out += _tabel(m)
        for nama, bidang in m.model_fields.items():
            dalam = _model_dalam(_anotasi(m, nama, bidang.annotation))
            antre += [s for s in dalam if s not in dilihat]
    return out


PEMBUKA = """# Format berkas naskah

Dokumen ini DIBANGKITKAN dari model naskah (`naskah skema > docs/format.md`); jangan disunting
dengan tangan. Setiap naskah adalah satu berkas YAML dengan kunci `jenis` di tingkat teratas.
Kunci yang tidak dikenal adalah galat (pesan galat menyebut kunci yang sah dan yang paling
mirip). Label (a., 1., KESATU, LAMPIRAN I) dan rujukan ({lampiran:id}, {diktum:id}) dibuat
otomatis; jangan diketik.

Uraian (teks kaya) ditulis sebagai teks, atau daftar berisi paragraf, `angka:`/`huruf:`/`poin:`
(daftar bertingkat) dan `tabel:` (`kolom` dan `baris`).
"""


def referensi_format(jenis: str | None = None) -> str:
    """Return the Markdown format reference of one document kind, or of all of them."""
    if jenis is not None and jenis not in JENIS_DOKUMEN:
        raise UsageError(
            f"Jenis naskah {jenis!r} tidak dikenal; pilihan: {', '.join(JENIS_DOKUMEN)}."
        )
    semua = [jenis] if jenis else list(JENIS_DOKUMEN)
    baris = [PEMBUKA] if jenis is None else []
    for j in semua:
        baris += _bagian_jenis(j)
    return "\n".join(baris).rstrip() + "\n"
