"""The satisfaction survey: one-time links made on closing, anonymous answers, paper imports."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from naskah.config import muat_konfigurasi
from naskah.errors import ConfigError, SurveiError, SurveiTerpakai
from naskah.ult import permohonan as pm
from naskah.ult import survei
from naskah.ult.meja import Meja

from .conftest import jumlah


def _tutup(meja: Meja, email: str | None = "budi@example.go.id") -> pm.Permohonan:
    p = pm.terima(
        meja,
        pm.PermohonanBaru(
            layanan="narasumber", instansi="SMA Negeri 1 Samarinda", email=email,
            telepon="081234567890", semua_syarat=True, kegiatan_mulai=date(2025, 7, 1),
        ),
    )  # fmt: skip
    pm.putuskan(meja, p.kode, "setuju")
    return pm.tutup(meja, p.kode)


def _token(meja: Meja, p: pm.Permohonan) -> str:
    return survei.undang(meja, p.kode)


PENUH = survei.JawabanSurvei(
    nilai={f"U{i}": 1 + i % 4 for i in range(1, 10)},
    saran="  Mohon  percepat jawaban  ",
    profil={"pendidikan": "S1", "jenis_kelamin": "Perempuan", "usia": ""},
)


def test_kuesioner_sembilan_unsur_empat_jawaban():
    assert [u.kode for u in survei.UNSUR] == [f"U{i}" for i in range(1, 10)]
    assert survei.UNSUR[0].nama == "Persyaratan"
    assert survei.UNSUR[7].nama.startswith("Penanganan Pengaduan")
    assert survei.UNSUR[8].nama == "Sarana dan Prasarana"
    assert all(len(u.jawaban) == 4 and u.pertanyaan.endswith("?") for u in survei.UNSUR)
    assert survei.UNSUR[3].jawaban == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
    assert set(survei.PROFIL) == {"usia", "jenis_kelamin", "pendidikan", "pekerjaan"}
    assert "D1-D3-D4" in survei.PROFIL["pendidikan"]


def test_tutup_membuat_tautan_sekali_pakai_dan_jawaban_anonim(meja: Meja):
    p = _tutup(meja)
    assert jumlah(meja, "ult_survei_undangan") == 1
    token = _token(meja, p)  # a new link replaces the first (unused) one
    assert jumlah(meja, "ult_survei_undangan") == 1
    with meja.baca() as sql:
        assert sql is not None
        simpan = sql.satu("SELECT token_hash, periode FROM ult_survei_undangan")
    assert simpan is not None and token not in str(simpan) and simpan["periode"] == "2025-06"
    u = survei.buka(meja, token)
    assert u == survei.Undangan(layanan=p.nama_layanan, terpakai=False)
    survei.jawab(meja, token, PENUH)
    with pytest.raises(SurveiTerpakai):
        survei.buka(meja, token)
    with pytest.raises(SurveiTerpakai):
        survei.jawab(meja, token, PENUH)
    with pytest.raises(SurveiTerpakai, match="sudah diisi"):
        survei.undang(meja, p.kode)
    (r,) = survei.daftar_jawaban(meja, 2025)
    assert r.nilai == (2, 3, 4, 1, 2, 3, 4, 1, 2) and r.periode == "2025-06"
    assert r.saran == "Mohon percepat jawaban" and r.sumber == "daring"
    assert dict(r.profil) == {"pendidikan": "S1", "jenis_kelamin": "Perempuan"}
    assert survei.daftar_jawaban(meja, 2024) == []
    with meja.baca() as sql:
        assert sql is not None
        kolom = sql.satu("SELECT * FROM ult_survei_jawaban")
    assert kolom is not None
    assert not {"permohonan_id", "kode", "email", "dicatat", "waktu"} & set(kolom)


@pytest.mark.parametrize(
    ("nilai", "pesan"),
    [
        ({f"U{i}": 3 for i in range(1, 9)}, "U9"),
        ({**{f"U{i}": 3 for i in range(1, 10)}, "U4": 5}, "U4 harus 1, 2, 3 atau 4"),
        ({**{f"U{i}": 3 for i in range(1, 10)}, "U2": True}, "U2"),
        ({**{f"U{i}": 3 for i in range(1, 10)}, "U10": 3}, "U10"),
    ],
)
def test_jawaban_buruk_ditolak_tanpa_menulis(meja: Meja, nilai: dict[str, Any], pesan: str):
    token = _token(meja, _tutup(meja))
    with pytest.raises(SurveiError, match=pesan):
        survei.jawab(meja, token, survei.JawabanSurvei(nilai=nilai))
    with pytest.raises(SurveiError, match="pendidikan"):
        survei.jawab(meja, token, survei.JawabanSurvei(
            nilai={f"U{i}": 3 for i in range(1, 10)}, profil={"pendidikan": "S9"}))  # fmt: skip
    assert jumlah(meja, "ult_survei_jawaban") == 0
    assert survei.buka(meja, token).terpakai is False


def test_tautan_tidak_dikenal_dan_permohonan_belum_tutup(meja: Meja):
    with pytest.raises(SurveiError, match="tidak dikenal"):
        survei.buka(meja, "x" * 24)
    _tutup(meja)
    with pytest.raises(SurveiError, match="tidak dikenal"):
        survei.buka(meja, "bukan-token-yang-benar-000")
    p = pm.terima(meja, pm.PermohonanBaru(layanan="narasumber", instansi="SMP 2",
                                          telepon="081234567890", semua_syarat=True,
                                          kegiatan_mulai=date(2025, 7, 1)))  # fmt: skip
    with pytest.raises(SurveiError, match="belum ditutup"):
        survei.undang(meja, p.kode)


def test_tautan_dari_alamat_publik(kantor: Path):
    k = muat_konfigurasi(kantor / "naskah.toml")
    with pytest.raises(ConfigError, match="url_publik"):
        survei.tautan(k, "abc")
    k2 = k.model_copy(update={"layanan": k.layanan.model_copy(
        update={"url_publik": "https://ult.bpmp.example.go.id/"})})  # fmt: skip
    assert survei.tautan(k2, "abc") == "https://ult.bpmp.example.go.id/survei/abc"
    k3 = k.model_copy(update={"tte": k.tte.model_copy(
        update={"url_verifikasi": "https://verif.example.go.id/v/{id}"})})  # fmt: skip
    assert survei.tautan(k3, "abc") == "https://verif.example.go.id/survei/abc"


def test_templat_dan_impor_kertas(meja: Meja, tmp_path: Path):
    from openpyxl import load_workbook

    templat = tmp_path / "survei.xlsx"
    survei.tulis_templat(meja, templat)
    wb = load_workbook(templat)
    ws = wb["Jawaban"]
    assert [c.value for c in ws[1]] == list(survei.KOLOM_TEMPLAT)
    baris = [
        ["kerjasama", "2025-03", 4, 4, 3, 4, 3, 3, 4, 3, 3, "30–39 tahun", None, "S2 ke atas",
         "PNS", "Ruang tunggu  kurang nyaman"],
        ["permohonan narasumber/fasilitator", "2025-04", 3, 3, 3, 3, 3, 3, 3, 3, 3],
    ]  # fmt: skip
    for i, b in enumerate(baris, 2):
        for j, v in enumerate(b, 2):
            ws.cell(i, j, v)
    wb.save(templat)
    # a bad row: nothing is imported, the row is named
    buruk = tmp_path / "buruk.xlsx"
    ws.cell(4, 2, "fasilitas")
    ws.cell(4, 3, "2025-05")
    for j in range(4, 13):
        ws.cell(4, j, 2)
    ws.cell(4, 8, 7)
    wb.save(buruk)
    with pytest.raises(SurveiError, match=r"^Baris 4: nilai U5 harus 1, 2, 3 atau 4"):
        survei.impor(meja, buruk)
    assert jumlah(meja, "ult_survei_jawaban") == 0
    assert survei.impor(meja, templat) == 2
    with pytest.raises(SurveiError, match="sudah pernah diimpor"):
        survei.impor(meja, templat)
    r = survei.daftar_jawaban(meja, 2025)
    assert [x.periode for x in r] == ["2025-03", "2025-04"]
    assert r[0].sumber == "kertas" and r[0].nilai[0] == 4
    assert r[0].saran == "Ruang tunggu kurang nyaman"
    assert r[1].layanan == "narasumber" and r[1].nama_layanan.startswith("Permohonan Narasumber")
    bukan = tmp_path / "bukan.xlsx"
    bukan.write_bytes(b"%PDF-1.4")
    with pytest.raises(SurveiError, match="bukan buku kerja XLSX"):
        survei.impor(meja, bukan)


# -- the closing notice by e-mail (a real SMTP server on loopback) --------------------------------


class _Kotak:
    def __init__(self) -> None:
        self.pesan: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        m = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(m, EmailMessage)
        self.pesan.append(m)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[_Kotak, int]]:
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    kotak = _Kotak()
    c = Controller(kotak, hostname="127.0.0.1", port=port)
    c.start()
    yield kotak, port
    c.stop()


@pytest.mark.slow
def test_pemberitahuan_tutup_membawa_tautan(kantor: Path, jam, smtp):
    kotak, port = smtp
    toml = kantor / "naskah.toml"
    isi = toml.read_text(encoding="utf-8").replace("[ult]\n", "[ult]\nkirim_survei = true\n") + (
        f'\n[surel]\nhost = "127.0.0.1"\nport = {port}\nkeamanan = "tanpa"\n'
        'pengirim = "ult@bpmp.example.go.id"\n'
        '\n[layanan]\nurl_publik = "https://ult.bpmp.example.go.id"\n'
    )
    toml.write_text(isi, encoding="utf-8")
    with Meja(muat_konfigurasi(toml), jam=jam, oleh="petugas-ult") as meja:
        p = _tutup(meja)
        _tutup(meja, email=None)  # no address: nothing sent
    (m,) = kotak.pesan
    assert m["To"] == "budi@example.go.id" and p.kode_tampil in m["Subject"]
    teks = m.get_content()
    (baris,) = [b for b in teks.splitlines() if "/survei/" in b]
    token = baris.rsplit("/", 1)[1]
    assert baris.startswith("https://ult.bpmp.example.go.id/survei/")
    with Meja(muat_konfigurasi(toml), jam=jam) as meja:
        assert survei.buka(meja, token).layanan == p.nama_layanan
