"""Archiving issued documents: layout, metadata, catalog in the register's transaction, versions.

Every test runs on SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from naskah.arsip import Metadata, NaskahTerbit
from naskah.arsip.skema import arsip_berkas, arsip_entri
from naskah.errors import ArchiveError
from tests.arsip.conftest import Kantor


def _pohon(akar: Path) -> dict[str, bytes]:
    """Return every file under the year folders with its bytes."""
    return {
        str(p.relative_to(akar)): p.read_bytes()
        for p in sorted(akar.rglob("*"))
        if p.is_file() and p.relative_to(akar).parts[0].isdigit()
    }


def _katalog(kantor: Kantor) -> list[dict]:
    with kantor.arsip._transaksi() as conn:
        return [
            dict(r)
            for r in conn.execute(select(arsip_entri).order_by(arsip_entri.c.dicatat)).mappings()
        ]


def test_keputusan_bertanda_tangan_diarsipkan_lengkap(kantor: Kantor) -> None:
    model = kantor.model()
    pdf = kantor.pdf("keputusan.pdf")
    ttd = kantor.ttd("keputusan-ttd.pdf")
    docx = kantor.masukan / "keputusan.docx"
    docx.write_bytes(b"PK\x03\x04 bukan docx sungguhan tetapi tetap diarsipkan apa adanya")
    hasil = kantor.simpan(model, pdf=pdf, ttd=ttd, docx=docx)
    (e,) = hasil.entri
    assert hasil.baru
    assert e.nomor == model.nomor.teks
    assert e.versi == 1 and e.status == "terkini" and e.ditandatangani
    assert e.lokasi == f"2024/keputusan/{model.nomor.teks.replace('/', '-')}/v1"
    folder = kantor.konfigurasi.folder_arsip / e.lokasi
    assert sorted(p.name for p in folder.iterdir()) == [
        "metadata.json",
        "naskah-ttd.pdf",
        "naskah.docx",
        "naskah.pdf",
        "naskah.yaml",
        "teks.txt",
    ]
    assert (folder / "naskah-ttd.pdf").read_bytes() == ttd.read_bytes()
    assert (folder / "naskah.pdf").read_bytes() == pdf.read_bytes()
    # the archived YAML holds the number and loads back to the same document
    from naskah.loader import muat_dokumen

    assert muat_dokumen(folder / "naskah.yaml") == model
    md = Metadata.dari_json((folder / "metadata.json").read_bytes())
    assert md.id_verifikasi == e.id_verifikasi and len(md.id_verifikasi) >= 22
    assert md.isi.nomor == model.nomor.teks
    assert md.isi.jenis == "keputusan"
    assert md.isi.tentang.startswith("PENETAPAN STANDAR PELAYANAN (SP)")
    assert md.isi.tanggal.isoformat() == "2024-05-21"
    assert md.isi.unit == "C7.24" and md.isi.klasifikasi == "HK.03.01"
    assert md.isi.penandatangan[0].nip == str(model.penandatangan.nip)
    assert md.menggantikan is None and md.versi == 1 and not md.perlu_ocr
    for b in md.berkas:
        data = (folder / b.nama).read_bytes()
        assert b.sha256 == hashlib.sha256(data).hexdigest() and b.ukuran == len(data)
    (t,) = md.tanda_tangan
    assert t.penandatangan == "Dr. Jarwoko, M.Pd." and t.tingkat == "B-B" and t.utuh
    assert t.waktu is not None
    assert "Standar Pelayanan" in (folder / "teks.txt").read_text(encoding="utf-8")
    # the catalog row and its file rows, with the same hashes
    (row,) = _katalog(kantor)
    assert row["lokasi"] == e.lokasi and row["nomor_id"] > 0
    assert (
        row["sha256_metadata"]
        == hashlib.sha256((folder / "metadata.json").read_bytes()).hexdigest()
    )
    with kantor.arsip._transaksi() as conn:
        berkas = {r.nama: r.sha256 for r in conn.execute(select(arsip_berkas))}
    assert berkas == {b.nama: b.sha256 for b in md.berkas}
    # the register's audit log says the number was archived
    aksi = [j.aksi for j in kantor.register.riwayat(model.nomor.teks)]
    assert aksi == ["ambil", "arsip"]


def test_nomor_dipesan_menjadi_terpakai_dalam_transaksi_yang_sama(kantor: Kantor) -> None:
    m = kantor.model()
    (n,) = kantor.register.pesan(
        "naskah", 1, tanggal="2024-05-21", alasan="cadangan", klasifikasi="HK.03.01"
    )
    model = m.model_copy(update={"nomor": type(m.nomor).parse(n.teks)})
    kantor.simpan(model, pdf=kantor.pdf("a.pdf"))
    (baru,) = [x for x in kantor.register.daftar() if x.teks == n.teks]
    assert baru.keadaan == "terpakai"
    assert baru.perihal == model.tentang
    assert [j.aksi for j in kantor.register.riwayat(n.teks)] == ["pesan", "arsip"]


def test_nomor_batal_ditolak_tanpa_menulis_apa_pun(kantor: Kantor) -> None:
    model = kantor.model()
    kantor.register.batal(model.nomor.teks, alasan="salah ketik perihal")
    sebelum = _pohon(kantor.konfigurasi.folder_arsip)
    with pytest.raises(ArchiveError, match="dibatalkan di register"):
        kantor.simpan(model, pdf=kantor.pdf("a.pdf"))
    assert _katalog(kantor) == []
    assert _pohon(kantor.konfigurasi.folder_arsip) == sebelum
    assert list((kantor.konfigurasi.folder_arsip / ".sementara").iterdir()) == []


def test_nomor_tidak_terdaftar_ditolak(kantor: Kantor) -> None:
    from tests.arsip.conftest import bernomor

    m = kantor.model()
    asing = bernomor(m, "0999/C7.24/HK.03.01/2024")
    with pytest.raises(ArchiveError, match="tidak ada di register"):
        kantor.simpan(asing, pdf=kantor.pdf("a.pdf"))
    assert _katalog(kantor) == []


def test_naskah_tanpa_nomor_ditolak(kantor: Kantor) -> None:
    m = kantor.model().model_copy(update={"nomor": None})
    with pytest.raises(ArchiveError, match="belum bernomor"):
        kantor.simpan(m, pdf=kantor.pdf("a.pdf"))


def test_pdf_bertanda_tangan_yang_diubah_ditolak(kantor: Kantor) -> None:
    model = kantor.model()
    ttd = kantor.ttd("ttd.pdf")
    data = bytearray(ttd.read_bytes())
    i = data.index(b"halaman 1")
    data[i] = ord("H")
    ttd.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match="rusak"):
        kantor.simpan(model, ttd=ttd)
    assert _katalog(kantor) == []


def test_berkas_sama_dua_kali_tidak_membuat_versi_baru(kantor: Kantor) -> None:
    model = kantor.model()
    pdf = kantor.pdf("a.pdf")
    h1 = kantor.simpan(model, pdf=pdf)
    h2 = kantor.simpan(model, pdf=pdf)
    assert not h2.baru and h2.entri[0].id == h1.entri[0].id
    assert len(_katalog(kantor)) == 1


def test_berkas_lain_tanpa_koreksi_ditolak_dan_arsip_lama_utuh(kantor: Kantor) -> None:
    model = kantor.model()
    kantor.simpan(model, ttd=kantor.ttd("a.pdf"))
    sebelum = _pohon(kantor.konfigurasi.folder_arsip)
    with pytest.raises(ArchiveError, match="tidak pernah ditimpa"):
        kantor.simpan(
            model, ttd=kantor.ttd("b.pdf", "Keputusan yang sudah diperbaiki salah ketiknya " * 2)
        )
    assert _pohon(kantor.konfigurasi.folder_arsip) == sebelum


def test_koreksi_menjadi_versi_baru_dan_versi_lama_ditandai_diganti(kantor: Kantor) -> None:
    model = kantor.model()
    v1 = kantor.simpan(model, ttd=kantor.ttd("a.pdf")).entri[0]
    sebelum = _pohon(kantor.konfigurasi.folder_arsip)
    v2 = kantor.simpan(
        model,
        ttd=kantor.ttd("b.pdf", "Keputusan yang sudah diperbaiki salah ketiknya " * 2),
        koreksi="salah ketik pada diktum KEDUA",
    ).entri[0]
    assert v2.versi == 2 and v2.lokasi.endswith("/v2")
    assert v2.lokasi.rsplit("/", 1)[0] == v1.lokasi.rsplit("/", 1)[0]
    # the old version's files are untouched
    sesudah = _pohon(kantor.konfigurasi.folder_arsip)
    assert {k: v for k, v in sesudah.items() if k in sebelum} == sebelum
    lama = kantor.arsip.cari_verifikasi(v1.id_verifikasi)
    assert lama is not None and lama.status == "diganti" and lama.diganti_oleh == v2.id_verifikasi
    baru = kantor.arsip.cari_verifikasi(v2.id_verifikasi)
    assert baru is not None and baru.status == "terkini"
    md = Metadata.dari_json(
        (kantor.konfigurasi.folder_arsip / v2.lokasi / "metadata.json").read_bytes()
    )
    assert md.menggantikan == v1.id and md.versi_diganti == 1
    assert md.alasan == "salah ketik pada diktum KEDUA"
    assert [e.versi for e in kantor.arsip.riwayat(model.nomor.teks)] == [1, 2]


def test_salinan_bertanda_tangan_menggantikan_entri_tanpa_tanda_tangan(kantor: Kantor) -> None:
    model = kantor.model()
    v1 = kantor.simpan(model, pdf=kantor.pdf("a.pdf")).entri[0]
    assert not v1.ditandatangani
    v2 = kantor.simpan(model, pdf=kantor.pdf("a.pdf"), ttd=kantor.ttd("a-ttd.pdf")).entri[0]
    assert v2.versi == 2 and v2.ditandatangani


def test_katalog_menolak_penghapusan_dan_perubahan(kantor: Kantor) -> None:
    from sqlalchemy import delete, update

    kantor.simpan(kantor.model(), pdf=kantor.pdf("a.pdf"))
    from naskah.errors import RegisterError

    for stmt in (
        delete(arsip_entri),
        delete(arsip_berkas),
        update(arsip_berkas).values(sha256="0" * 64),
        update(arsip_entri).values(lokasi="lain"),
    ):
        with pytest.raises(RegisterError), kantor.arsip._transaksi() as conn:
            conn.execute(stmt)
    assert len(_katalog(kantor)) == 1


def test_id_verifikasi_dari_pemanggil_dan_pencarian_verifikasi(kantor: Kantor) -> None:
    model = kantor.model()
    e = kantor.simpan(
        model, ttd=kantor.ttd("a.pdf"), id_verifikasi="QR-id-dari-pipeline-0001"
    ).entri[0]
    assert e.id_verifikasi == "QR-id-dari-pipeline-0001"
    ketemu = kantor.arsip.cari_verifikasi("QR-id-dari-pipeline-0001")
    assert ketemu is not None and ketemu.nomor == model.nomor.teks
    assert ketemu.penandatangan == (
        f"{model.penandatangan.nama_lengkap} ({model.penandatangan.jabatan})",
    )
    for aneh in (
        "../../etc/passwd",
        "",
        "x" * 500,
        "QR-id-dari-pipeline-0002",
        "a\x00b" * 8,
        "%2e%2e%2f" * 3,
    ):
        assert kantor.arsip.cari_verifikasi(aneh) is None
    with pytest.raises(ArchiveError, match="Id verifikasi"):
        kantor.simpan(kantor.model(), pdf=kantor.pdf("b.pdf"), id_verifikasi="../pendek")
    with pytest.raises(ArchiveError, match="sudah dipakai"):
        kantor.simpan(
            kantor.model(), pdf=kantor.pdf("c.pdf"), id_verifikasi="QR-id-dari-pipeline-0001"
        )


def test_nomor_dibatalkan_setelah_diarsipkan_terlihat_batal(kantor: Kantor) -> None:
    model = kantor.model()
    ttd = kantor.ttd("a.pdf")
    e = kantor.simpan(model, ttd=ttd).entri[0]
    kantor.register.batal(model.nomor.teks, alasan="naskah ditarik")
    lihat = kantor.arsip.cari_verifikasi(e.id_verifikasi)
    assert lihat is not None and lihat.status == "batal" and lihat.alasan_batal == "naskah ditarik"
    assert lihat.dibatalkan is not None
    cek = kantor.arsip.periksa_berkas(ttd.read_bytes())
    assert cek.diarsipkan and not cek.terdaftar and cek.keadaan_nomor == "batal" and not cek.sah


def test_periksa_berkas_untuk_verifikasi_tte(kantor: Kantor) -> None:
    model = kantor.model()
    ttd1 = kantor.ttd("a.pdf")
    kantor.simpan(model, ttd=ttd1)
    cek = kantor.arsip.periksa_berkas(ttd1.read_bytes())
    assert cek.sah and cek.peran == "ttd" and cek.terkini and cek.entri is not None
    assert cek.entri.nomor == model.nomor.teks
    assert json.dumps(cek.ke_dict())
    ttd2 = kantor.ttd("b.pdf", "Keputusan hasil koreksi dengan isi yang berbeda sama sekali " * 2)
    kantor.simpan(model, ttd=ttd2, koreksi="koreksi")
    lama = kantor.arsip.periksa_berkas(ttd1.read_bytes())
    assert lama.diarsipkan and lama.terdaftar and not lama.terkini and not lama.sah
    asing = kantor.arsip.periksa_berkas(b"%PDF-1.7 berkas lain")
    assert not asing.diarsipkan and asing.entri is None
    assert "tidak ada di arsip" in asing.uraian()


def test_jenis_lain_surat_tugas_dan_sk_kerja_sama(kantor: Kantor) -> None:
    st = kantor.model("surat-tugas-narasumber.yaml")
    sk = kantor.model("sk-kerja-sama-contoh.yaml")
    e1 = kantor.simpan(st, pdf=kantor.pdf("st.pdf")).entri[0]
    e2 = kantor.simpan(sk, pdf=kantor.pdf("sk.pdf")).entri[0]
    assert e1.lokasi.startswith("2024/surat_tugas/") and e2.lokasi.startswith("2024/sk_kerja_sama/")
    md = Metadata.dari_json(
        (kantor.konfigurasi.folder_arsip / e2.lokasi / "metadata.json").read_bytes()
    )
    assert md.isi.mitra == (sk.kerja_sama.mitra.nama,)
    md1 = Metadata.dari_json(
        (kantor.konfigurasi.folder_arsip / e1.lokasi / "metadata.json").read_bytes()
    )
    assert [o.nama for o in md1.isi.peserta] == [p.nama_lengkap for p in st.petugas]


def test_simpan_banyak_semua_atau_tidak_sama_sekali(kantor: Kantor) -> None:
    baik = kantor.model()
    batal = kantor.model()
    kantor.register.batal(batal.nomor.teks, alasan="uji")
    with pytest.raises(ArchiveError, match="1 naskah yang salah"):
        kantor.arsip.simpan_banyak(
            [
                NaskahTerbit(baik, pdf=kantor.pdf("a.pdf")),
                NaskahTerbit(batal, pdf=kantor.pdf("b.pdf")),
            ]
        )
    assert _katalog(kantor) == []
    assert _pohon(kantor.konfigurasi.folder_arsip) == {}
    assert [n.keadaan for n in kantor.register.daftar() if n.teks == baik.nomor.teks] == [
        "terpakai"
    ]


def test_sertifikat_per_peserta_tanpa_data_pribadi_di_tampilan(kantor: Kantor) -> None:
    from naskah.models import Peserta, Sertifikat
    from naskah.nomor import NomorNaskah
    from tests.arsip.conftest import EXAMPLES

    kegiatan = muat_dokumen_contoh(kantor, "sertifikat-kegiatan.yaml")
    (n,) = kantor.register.pesan("sertifikat", 1, tanggal=kegiatan.tanggal, alasan="sertifikat")
    peserta = Peserta(
        nama="Siti Rahmawati, S.Pd., M.Pd.",
        nik="6472035205780002",
        nip="19780512 200312 2 004",
        instansi="BPMP Provinsi Kalimantan Timur",
        email="siti.rahmawati@example.com",
        peran="narasumber",
    )
    assert EXAMPLES.is_dir()
    nomor = kantor.konfigurasi.seri["sertifikat"].pola_nomor.parse(n.teks)
    assert isinstance(nomor, NomorNaskah)
    s = Sertifikat(kegiatan=kegiatan, peserta=peserta, nomor=nomor)
    e = kantor.arsip.simpan(NaskahTerbit(s, ttd=kantor.ttd("s.pdf"))).entri[0]
    assert e.jenis == "sertifikat" and e.lokasi.startswith(f"{kegiatan.tanggal.year}/sertifikat/")
    assert e.peserta == ("Siti Rahmawati, S.Pd., M.Pd.",)
    assert "6472035205780002" not in json.dumps(
        kantor.arsip.cari_verifikasi(e.id_verifikasi).ke_dict()
    )
    md = Metadata.dari_json(
        (kantor.konfigurasi.folder_arsip / e.lokasi / "metadata.json").read_bytes()
    )
    assert md.isi.peserta[0].nik == "6472035205780002"  # kept in the archive, never shown
    assert md.isi.tentang == kegiatan.kegiatan.nama
    lihat = kantor.arsip.cari_verifikasi(e.id_verifikasi)
    assert lihat is not None
    rincian = dict(lihat.rincian)
    assert rincian["jp"] == str(kegiatan.kegiatan.jp) and rincian["peran"] == "narasumber"
    assert rincian["tanggal_mulai"] == kegiatan.kegiatan.tanggal_mulai.isoformat()


def test_galat_sebelum_commit_tidak_meninggalkan_apa_pun(kantor: Kantor) -> None:
    from naskah.arsip import Arsip, OpsiArsip

    class Putus(Exception):
        pass

    def titik(nama: str) -> None:
        if nama == "sebelum_commit":
            raise Putus

    model = kantor.model()
    pdf = kantor.pdf("a.pdf")
    with (
        Arsip(kantor.konfigurasi, opsi=OpsiArsip(indeks=False), titik=titik) as a,
        pytest.raises(Putus),
    ):
        a.simpan(NaskahTerbit(model, pdf=pdf))
    assert _katalog(kantor) == []
    assert _pohon(kantor.konfigurasi.folder_arsip) == {}
    assert not [p for p in kantor.konfigurasi.folder_arsip.iterdir() if p.name[:1].isdigit()]
    assert [n.keadaan for n in kantor.register.daftar() if n.teks == model.nomor.teks] == [
        "terpakai"
    ]
    assert kantor.arsip.periksa().bersih


def muat_dokumen_contoh(kantor: Kantor, nama: str):  # type: ignore[no-untyped-def]
    from naskah.loader import muat_dokumen
    from tests.arsip.conftest import EXAMPLES

    return muat_dokumen(EXAMPLES / nama, kantor.konfigurasi)
