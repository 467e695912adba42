"""Authorisation of the web desk, rule by rule: roles, IDOR, session fixation, CSRF, XSS,
a disabled account's open session, cookie flags and headers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from naskah.staf import pengguna as pg
from naskah.staf.aplikasi import COOKIE
from naskah.ult import pengaduan as adu
from naskah.ult import permohonan as pm
from naskah.ult.meja import Meja, waktu_utc
from tests.staf.conftest import SANDI, Kantor, TestClient, csrf_dari, masuk

# role → (pages it opens, pages refused with 403)
HALAMAN = [
    "/tugas", "/permohonan", "/pengaduan", "/fasilitas", "/agenda", "/agenda.xlsx", "/arsip",
]  # fmt: skip
_KANTOR = {"/tugas", "/permohonan", "/pengaduan", "/fasilitas", "/agenda", "/agenda.xlsx", "/arsip"}
BOLEH = {
    "staf-ult": _KANTOR,
    "kasubbag-umum": _KANTOR,
    "kepala": _KANTOR,
    "pokja": {"/tugas", "/permohonan", "/arsip"},
    "arsiparis": {"/tugas", "/agenda", "/agenda.xlsx", "/arsip"},
    "admin": {"/tugas"},
}
# role → the request steps it may take
LANGKAH = {
    "staf-ult": {"perpanjang", "terbitkan", "tutup"},
    "kasubbag-umum": {"disposisi", "putuskan", "perpanjang", "terbitkan", "paraf", "tutup"},
    "kepala": {"disposisi", "putuskan", "tandatangani"},
    "pokja": {"perpanjang", "terbitkan", "paraf"},
    "arsiparis": set(),
    "admin": set(),
}
LANGKAH_SEMUA = ("disposisi", "putuskan", "perpanjang", "terbitkan", "paraf", "tandatangani",
                 "tutup")  # fmt: skip


@pytest.mark.parametrize("nama", list(BOLEH))
def test_setiap_peran_hanya_membuka_halamannya(klien: TestClient, nama: str) -> None:
    masuk(klien, nama)
    for h in HALAMAN:
        r = klien.get(h)
        if h in BOLEH[nama]:
            assert r.status_code == 200, (nama, h, r.status_code)
        else:
            assert r.status_code == 403, (nama, h, r.status_code)
            assert "Tidak berwenang" in r.text


@pytest.mark.parametrize("nama", list(LANGKAH))
def test_setiap_peran_hanya_melakukan_langkahnya(
    klien: TestClient, kantor: Kantor, nama: str
) -> None:
    csrf = masuk(klien, nama)
    kode = kantor.kode["dua" if nama == "pokja" else "satu"]  # the Pokja's own request
    for aksi in LANGKAH_SEMUA:
        r = klien.post(f"/permohonan/{kode}/{aksi}", data={"csrf": csrf})
        if aksi in LANGKAH[nama]:
            # allowed: the library answers (a missing field or a wrong state is its sentence;
            # signing first asks that the PDF was opened)
            assert r.status_code in (303, 409, 422), (nama, aksi, r.status_code)
        else:
            assert r.status_code == 403, (nama, aksi, r.status_code)
    with Meja(kantor.konfigurasi) as m:
        jejak = pm.lihat(m, kode).jejak
    # nothing was done by a role that may not: every trail row is the receipt or a refusal-free
    # step of an allowed role
    assert all(j["oleh"] in ("uji", nama) for j in jejak)


def test_tombol_hanya_untuk_langkah_yang_boleh(klien: TestClient, kantor: Kantor) -> None:
    masuk(klien, "kepala")
    r = klien.get(f"/permohonan/{kantor.kode['satu']}")
    assert 'id="form-disposisi"' in r.text and 'id="form-putuskan"' in r.text
    assert 'id="form-tutup"' not in r.text and 'id="form-terbitkan"' not in r.text


def test_pokja_tidak_melihat_permohonan_orang_lain_idor(klien: TestClient, kantor: Kantor) -> None:
    csrf = masuk(klien, "pokja-lain")
    for kode in (kantor.kode["dua"], kantor.kode["satu"]):
        r = klien.get(f"/permohonan/{kode}")
        assert r.status_code == 404
        assert "Bontang" not in r.text and "Samarinda" not in r.text
        assert klien.get(f"/permohonan/{kode}/lampiran/1").status_code == 404
        data = {"csrf": csrf, "hari": "3", "alasan": "x"}
        assert klien.post(f"/permohonan/{kode}/perpanjang", data=data).status_code == 404
    assert "Bontang" not in klien.get("/permohonan").text
    assert "Bontang" not in klien.get("/tugas").text


def test_pokja_melihat_yang_didisposisikan_kepadanya(klien: TestClient, kantor: Kantor) -> None:
    masuk(klien, "pokja")
    r = klien.get(f"/permohonan/{kantor.kode['dua']}")
    assert r.status_code == 200 and "SMP Negeri 2 Bontang" in r.text
    assert klien.get(f"/permohonan/{kantor.kode['satu']}").status_code == 404
    tugas = klien.get("/tugas").text
    assert "SMP Negeri 2 Bontang" in tugas and "Samarinda" not in tugas
    lampiran = klien.get(f"/permohonan/{kantor.kode['dua']}/lampiran/1")
    assert lampiran.status_code == 200
    assert lampiran.headers["content-type"] == "application/pdf"
    assert lampiran.headers["content-disposition"].startswith("inline")
    assert lampiran.content.startswith(b"%PDF")
    assert klien.get(f"/permohonan/{kantor.kode['dua']}/lampiran/2").status_code == 404


def test_tanpa_sesi_diarahkan_ke_halaman_masuk(klien: TestClient, kantor: Kantor) -> None:
    for h in [*HALAMAN, f"/permohonan/{kantor.kode['satu']}", "/naskah/x", "/"]:
        r = klien.get(h)
        assert r.status_code == 303 and r.headers["location"].startswith("/masuk"), h
    r = klien.post(f"/permohonan/{kantor.kode['satu']}/tutup", data={"csrf": "x"})
    assert r.status_code == 303 and r.headers["location"].startswith("/masuk")
    # a forged cookie is no session
    klien.cookies.set(COOKIE, "tebakan-token", domain="meja.kantor")
    assert klien.get("/tugas").status_code == 303


def test_fiksasi_sesi_token_baru_setiap_masuk(klien: TestClient) -> None:
    # an attacker's planted cookie is not promoted to a session at login
    klien.cookies.set(COOKIE, "token-tanaman-penyerang", domain="meja.kantor")
    masuk(klien, "staf-ult")
    pertama = klien.cookies.get(COOKIE)
    assert pertama and pertama != "token-tanaman-penyerang"
    # logging in again gives another token, and the previous one is dead
    masuk(klien, "staf-ult")
    kedua = klien.cookies.get(COOKIE)
    assert kedua and kedua != pertama
    klien.cookies.set(COOKIE, pertama, domain="meja.kantor")
    assert klien.get("/tugas").status_code == 303


def test_cookie_sesi_secure_httponly_samesite_strict(klien: TestClient) -> None:
    r = klien.get("/masuk")
    r = klien.post("/masuk", data={"csrf": csrf_dari(r.text), "nama": "kepala", "sandi": SANDI})
    kuki = [
        v for k, v in r.headers.multi_items() if k == "set-cookie" and v.startswith(COOKIE + "=")
    ]
    assert len(kuki) == 1
    k = kuki[0].lower()
    assert "secure" in k and "httponly" in k and "samesite=strict" in k and "path=/" in k
    assert "domain=" not in k


def test_csrf_hilang_atau_salah_ditolak(klien: TestClient, kantor: Kantor) -> None:
    csrf = masuk(klien, "kasubbag-umum")
    kode = kantor.kode["satu"]
    data = {"kepada": "pokja", "unit": "X"}
    assert klien.post(f"/permohonan/{kode}/disposisi", data=data).status_code == 403
    salah = {**data, "csrf": csrf[:-1] + ("A" if csrf[-1] != "A" else "B")}
    assert klien.post(f"/permohonan/{kode}/disposisi", data=salah).status_code == 403
    lintas = klien.post(f"/permohonan/{kode}/disposisi", data={**data, "csrf": csrf},
                        headers={"origin": "https://penyerang.example"})  # fmt: skip
    assert lintas.status_code == 403
    with Meja(kantor.konfigurasi) as m:
        assert pm.lihat(m, kode).disposisi == []
    ok = klien.post(f"/permohonan/{kode}/disposisi", data={**data, "csrf": csrf},
                    headers={"origin": "https://meja.kantor"})  # fmt: skip
    assert ok.status_code == 303
    # the login form has its own token (double-submit cookie)
    klien.cookies.clear()
    r = klien.post("/masuk", data={"csrf": "apa-saja", "nama": "kepala", "sandi": SANDI})
    assert r.status_code == 403 and COOKIE + "=" not in r.headers.get("set-cookie", "")


def test_keluar_mengakhiri_sesi(klien: TestClient) -> None:
    csrf = masuk(klien, "kepala")
    token = klien.cookies.get(COOKIE)
    assert klien.post("/keluar", data={"csrf": csrf}).status_code == 303
    klien.cookies.set(COOKIE, token or "", domain="meja.kantor")
    assert klien.get("/tugas").status_code == 303


def test_akun_dinonaktifkan_sesinya_yang_terbuka_ditolak(klien: TestClient, kantor: Kantor) -> None:
    masuk(klien, "staf-ult")
    assert klien.get("/tugas").status_code == 200
    with Meja(kantor.konfigurasi, jam=kantor.jam) as m:
        pg.nonaktif(m, "staf-ult")
    r = klien.get("/tugas")
    assert r.status_code == 303 and r.headers["location"].startswith("/masuk")
    r = klien.get("/masuk")
    r = klien.post("/masuk", data={"csrf": csrf_dari(r.text), "nama": "staf-ult", "sandi": SANDI})
    assert r.status_code == 401 and pg.GAGAL_MASUK in r.text


def _sesi_tersimpan(kantor: Kantor) -> list[dict[str, object]]:
    with Meja(kantor.konfigurasi, jam=kantor.jam) as m, m.baca() as sql:
        assert sql is not None
        return sql.semua("SELECT id, terakhir FROM staf_sesi ORDER BY id")


def test_halaman_menyegarkan_lalu_mengakhiri_sesi_yang_menganggur(
    klien: TestClient, kantor: Kantor
) -> None:
    """A page read on the event loop (SQLite) still writes what the session check must: the
    last-seen time once it is due, and the deletion of a session idle too long."""
    masuk(klien, "kepala")
    kode = kantor.kode["satu"]
    (awal,) = _sesi_tersimpan(kantor)
    kantor.jam.t += timedelta(seconds=30)
    assert klien.get(f"/permohonan/{kode}").status_code == 200
    assert _sesi_tersimpan(kantor) == [awal], "refreshed before a minute had passed"
    kantor.jam.t += timedelta(seconds=40)
    assert klien.get(f"/permohonan/{kode}").status_code == 200
    (segar,) = _sesi_tersimpan(kantor)
    assert segar["id"] == awal["id"] and waktu_utc(segar["terakhir"]) == kantor.jam.t
    kantor.jam.t += timedelta(minutes=kantor.konfigurasi.meja.sesi_menit, seconds=1)
    r = klien.get(f"/permohonan/{kode}")
    assert r.status_code == 303 and r.headers["location"].startswith("/masuk")
    assert _sesi_tersimpan(kantor) == [], "the idle session was not deleted"


def test_kunci_akun_lewat_formulir(klien: TestClient) -> None:
    for _ in range(3):
        r = klien.get("/masuk")
        r = klien.post("/masuk", data={"csrf": csrf_dari(r.text), "nama": "kepala",
                                       "sandi": "bukan-sandinya"})  # fmt: skip
        assert r.status_code == 401
    r = klien.get("/masuk")
    r = klien.post("/masuk", data={"csrf": csrf_dari(r.text), "nama": "kepala", "sandi": SANDI})
    assert r.status_code == 401 and pg.GAGAL_MASUK in r.text


def test_alihan_setelah_masuk_hanya_ke_halaman_sendiri(klien: TestClient) -> None:
    r = klien.get("/masuk?ke=//penyerang.example/x")
    r = klien.post("/masuk?ke=//penyerang.example/x",
                   data={"csrf": csrf_dari(r.text), "nama": "kepala", "sandi": SANDI})  # fmt: skip
    assert r.headers["location"] == "/tugas"


XSS = '<script>alert("x")</script>"><img src=x onerror=alert(1)>'


def test_xss_di_setiap_isian_yang_ditampilkan(klien: TestClient, kantor: Kantor) -> None:
    with Meja(kantor.konfigurasi, jam=kantor.jam, oleh="uji") as m:
        p = pm.terima(
            m,
            pm.PermohonanBaru(
                layanan="narasumber", instansi="Sekolah " + XSS, kontak="Narahubung " + XSS,
                email="a@example.com", perihal="Perihal " + XSS,
                kegiatan_mulai=date(2025, 7, 1), semua_syarat=True,
            ),
        )  # fmt: skip
        pm.disposisi(m, p.kode, "pokja", unit="Unit " + XSS, catatan="Catatan " + XSS)
        pm.putuskan(m, p.kode, "tolak", alasan="Alasan " + XSS)
        adu.terima(m, adu.PengaduanBaru(isi="Aduan " + XSS, kanal="daring", nama="Nama " + XSS,
                                        email="b@example.com"))  # fmt: skip
        kode_adu = adu.daftar(m)[0].kode
    masuk(klien, "kasubbag-umum")
    halaman = [
        klien.get(f"/permohonan/{p.kode}").text,
        klien.get("/permohonan").text,
        klien.get("/tugas").text,
        klien.get("/pengaduan").text,
        klien.get(f"/pengaduan/{kode_adu}").text,
        klien.get("/permohonan?cari=" + XSS).text,
        klien.get("/arsip?q=" + XSS).text,
        klien.get("/agenda?cari=" + XSS).text,
    ]
    for h in halaman:
        assert "<script>alert" not in h and "<img src=x" not in h
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in halaman[0]
    assert halaman[0].count("&lt;script&gt;") >= 5  # instansi, kontak, perihal, unit, catatan…
    assert "&lt;script&gt;" in halaman[4]


def test_header_keamanan_dan_tanpa_tembolok(klien: TestClient, kantor: Kantor) -> None:
    masuk(klien, "kepala")
    r = klien.get(f"/permohonan/{kantor.kode['satu']}")
    h = r.headers
    assert "default-src 'none'" in h["content-security-policy"]
    assert "script-src" not in h["content-security-policy"]  # no script at all
    assert h["x-frame-options"] == "DENY" and h["cache-control"] == "no-store"
    assert h["referrer-policy"] == "same-origin"


def test_kode_aneh_di_alamat_404(klien: TestClient) -> None:
    masuk(klien, "kepala")
    for kode in ("../../etc/passwd", "%2e%2e", "AAAAAAAAAA", "x" * 500):
        r = klien.get(f"/permohonan/{kode}")
        assert r.status_code == 404, kode
    assert klien.get("/naskah/..%2F..%2Fregister.sqlite").status_code == 404
    assert klien.get("/naskah/tidak-ada/pdf").status_code == 404


def test_cuplikan_pencarian_disorot_tanpa_html_dari_arsip(kantor: Kantor) -> None:
    from types import SimpleNamespace

    from naskah.staf.aplikasi import MejaWeb

    h = SimpleNamespace(id="x", nomor="1/2", tanggal=None, tentang="T",
                        cuplikan='<img src=x onerror=alert(1)> [[kerja sama]] <b>')  # fmt: skip
    jawaban = SimpleNamespace(saran=None, jumlah=1, baris=[SimpleNamespace(hasil=h, sekelompok=1)])
    web = MejaWeb(kantor.konfigurasi)
    try:
        teks = web._render("arsip.html", sesi=None, teks="kerja", jawaban=jawaban, galat=None)
    finally:
        web.tutup()
    assert "<mark>kerja sama</mark>" in teks
    assert "<img" not in teks and "&lt;img src=x" in teks and "&lt;b&gt;" in teks
