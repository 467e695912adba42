"""Document models: generated labels, symbolic references, rich text, one signer object."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from naskah.models import Alur, Keputusan, SuratTugas, Uraian
from naskah.models.teks import ordinal_diktum, romawi, terbilang

DASAR = {
    "jenis": "keputusan",
    "jabatan_penetap": "KEPALA BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TIMUR",
    "tentang": "Standar Pelayanan",
    "menimbang": ["bahwa satu;", "bahwa dua;", "bahwa berdasarkan pertimbangan …;"],
    "mengingat": ["UU 25/2009;", "Permendikbud 3/2021."],
    "diktum": [
        {"id": "sp", "isi": "Menetapkan standar sebagaimana tercantum dalam {lampiran:b}."},
        "Standar dalam {diktum:sp} dan {lampiran:a} berlaku.",
        "Keputusan ini mulai berlaku pada tanggal ditetapkan.",
    ],
    "tanggal": "21 Mei 2024",
    "penandatangan": {"nama": "Jarwoko", "gelar_depan": "Dr.", "gelar_belakang": "M.Pd.",
                      "nip": "19700319 199703 1 001", "jabatan": "Kepala"},
    "lampiran": [
        {"id": "a", "judul": "A", "bagian": [{"isi": "Isi A."}]},
        {"id": "b", "judul": "B", "bagian": [{"isi": "Isi B."}]},
    ],
}  # fmt: skip


def test_label_dibuat_otomatis():
    k = Keputusan.model_validate(DASAR)
    assert [lbl for lbl, _ in k.menimbang_berlabel()] == ["a.", "b.", "c."]
    assert [lbl for lbl, _ in k.mengingat_berlabel()] == ["1.", "2."]
    assert [lbl for lbl, _, _ in k.diktum_berlabel()] == ["KESATU", "KEDUA", "KETIGA"]
    assert [lbl for lbl, _ in k.lampiran_berlabel()] == ["I", "II"]
    assert k.judul_penetap.endswith(",")
    assert k.judul_menetapkan == (
        "KEPUTUSAN KEPALA BALAI PENJAMINAN MUTU PENDIDIKAN PROVINSI KALIMANTAN TIMUR TENTANG "
        "STANDAR PELAYANAN."
    )


def test_satu_butir_menimbang_tanpa_huruf():
    k = Keputusan.model_validate({**DASAR, "menimbang": ["bahwa hanya satu;"]})
    assert k.menimbang_berlabel() == [("", "bahwa hanya satu;")]


def test_rujukan_simbolik_mengikuti_urutan():
    k = Keputusan.model_validate(DASAR)
    teks = [t for _, t, _ in k.diktum_berlabel()]
    assert teks[0] == "Menetapkan standar sebagaimana tercantum dalam Lampiran II."
    assert teks[1] == "Standar dalam Diktum KESATU dan Lampiran I berlaku."
    # reorder the lampiran: the references follow, nothing is retyped
    dibalik = Keputusan.model_validate({**DASAR, "lampiran": DASAR["lampiran"][::-1]})
    assert [t for _, t, _ in dibalik.diktum_berlabel()][0].endswith("dalam Lampiran I.")


def test_rujukan_ke_lampiran_yang_tidak_ada_ditolak():
    data = {**DASAR, "diktum": ["Lihat {lampiran:tidak-ada}."]}
    with pytest.raises(
        ValidationError, match=r"\{lampiran:tidak-ada\} menunjuk lampiran yang tidak ada"
    ):
        Keputusan.model_validate(data)


def test_id_lampiran_ganda_ditolak():
    data = {**DASAR, "lampiran": [DASAR["lampiran"][0], DASAR["lampiran"][0]]}
    with pytest.raises(ValidationError, match="id lampiran ganda"):
        Keputusan.model_validate(data)


def test_kunci_tak_dikenal_ditolak():
    with pytest.raises(ValidationError, match="Extra inputs"):
        Keputusan.model_validate({**DASAR, "menimbang_": ["x"]})


@pytest.mark.parametrize(
    ("n", "label"),
    [(1, "KESATU"), (4, "KEEMPAT"), (6, "KEENAM"), (10, "KESEPULUH"), (11, "KESEBELAS"),
     (12, "KEDUA BELAS"), (20, "KEDUA PULUH"), (21, "KEDUA PULUH SATU")],
)  # fmt: skip
def test_ordinal_diktum(n, label):
    assert ordinal_diktum(n) == label


def test_terbilang_dan_romawi():
    assert terbilang(5) == "lima" and terbilang(2024) == "dua ribu dua puluh empat"
    assert [romawi(i) for i in (1, 3, 4, 9, 14, 40)] == ["I", "III", "IV", "IX", "XIV", "XL"]


def test_uraian_ringkas_bolak_balik():
    data = ["Pembuka.", {"huruf": ["a;", {"teks": "b:", "angka": ["x;", "y."]}]},
            {"tabel": {"kolom": ["No", "Sarana"], "baris": [["1", "Gedung"]]}}]  # fmt: skip
    u = Uraian.model_validate(data)
    assert u.model_dump() == data
    assert u.semua_teks() == ["Pembuka.", "a;", "b:", "x;", "y.", "No", "Sarana", "1", "Gedung"]
    daftar = u.root[1]
    assert [lbl for lbl, _ in daftar.berlabel()] == ["a.", "b."]
    assert [lbl for lbl, _ in daftar.butir[1].sub.berlabel()] == ["1.", "2."]


def test_alur_ya_tidak_dan_sisi_bawaan():
    alur = Alur.model_validate({"langkah": [
        {"id": "A", "teks": "Permohonan masuk", "bentuk": "mulai"},
        {"id": "B", "teks": "Disetujui?", "bentuk": "keputusan", "ya": "C", "tidak": "A"},
        {"id": "C", "teks": "Layanan diberikan", "bentuk": "selesai"},
    ]})  # fmt: skip
    assert alur.sisi() == [("A", "B", None), ("B", "C", "Ya"), ("B", "A", "Tidak")]


def test_alur_menolak_cabang_yang_hilang():
    with pytest.raises(ValidationError, match="cabang ya dan tidak"):
        Alur.model_validate(
            {"langkah": [{"id": "A", "teks": "?", "bentuk": "keputusan", "ya": "A"}]}
        )
    with pytest.raises(ValidationError, match="menuju 'Z' yang tidak ada"):
        Alur.model_validate({"langkah": [{"id": "A", "teks": "x", "lanjut": "Z"}]})


def test_surat_tugas_tanggal_berurutan():
    data = {
        "jenis": "surat_tugas", "dasar": ["Surat Dinas …"], "untuk": ["Narasumber"],
        "petugas": [{"nama": "A", "nip": "19700319 199703 1 001"}],
        "pelaksanaan": {"tanggal_mulai": "2024-06-03", "tanggal_selesai": "2024-06-05",
                        "tempat": "Tenggarong"},
        "tanggal": "2024-05-28", "penandatangan": {"nama": "B"},
    }  # fmt: skip
    st = SuratTugas.model_validate(data)
    assert st.pelaksanaan.rentang == "3 s.d. 5 Juni 2024"
    data["pelaksanaan"]["tanggal_selesai"] = "2024-06-01"
    with pytest.raises(ValidationError, match="mendahului"):
        SuratTugas.model_validate(data)


def test_sk_kerja_sama_merujuk_isi_kerja_sama_tanpa_mengetik_ulang():
    from naskah.models import SKKerjaSama

    data = {
        **DASAR,
        "jenis": "sk_kerja_sama",
        "lampiran": [],
        "diktum": [
            {"id": "kerja-sama", "isi": "Menetapkan kerja sama dengan {kerja_sama:mitra}."},
            {"isi": "Ruang lingkup {diktum:kerja-sama} meliputi:", "daftar_dari": "ruang_lingkup"},
            "Kerja sama berlaku {kerja_sama:jangka_waktu}.",
        ],
        "kerja_sama": {
            "mitra": {"nama": "Dinas Pendidikan Kabupaten Kutai Kartanegara"},
            "ruang_lingkup": ["pendampingan KOSP;", "penyediaan narasumber."],
            "mulai": "2024-08-01",
            "selesai": "2024-11-29",
            "pendanaan": "DIPA BPMP Provinsi Kalimantan Timur",
        },
    }
    sk = SKKerjaSama.model_validate(data)
    (_, satu, _), (_, dua, butir), (_, tiga, _) = sk.diktum_berlabel()
    assert satu == "Menetapkan kerja sama dengan Dinas Pendidikan Kabupaten Kutai Kartanegara."
    assert dua == "Ruang lingkup Diktum KESATU meliputi:"
    assert butir == [("1.", "pendampingan KOSP;"), ("2.", "penyediaan narasumber.")]
    assert tiga == (
        "Kerja sama berlaku sejak tanggal 1 Agustus 2024 sampai dengan tanggal 29 November 2024."
    )
    data["diktum"] = ["Berlaku {kerja_sama:durasi}."]
    with pytest.raises(ValidationError, match=r"pilihan: mitra, mulai, selesai, jangka_waktu"):
        SKKerjaSama.model_validate(data)


def test_rujukan_kerja_sama_hanya_pada_sk_kerja_sama():
    with pytest.raises(ValidationError, match="hanya berlaku pada SK Kerja Sama"):
        Keputusan.model_validate({**DASAR, "diktum": ["Dengan {kerja_sama:mitra}."]})
    with pytest.raises(ValidationError, match="daftar_dari hanya berlaku pada SK Kerja Sama"):
        Keputusan.model_validate(
            {**DASAR, "diktum": [{"isi": "Meliputi:", "daftar_dari": "ruang_lingkup"}]}
        )
