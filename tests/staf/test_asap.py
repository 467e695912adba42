from tests.staf.conftest import masuk


def test_asap(klien, kantor):
    csrf = masuk(klien, "kasubbag-umum")
    r = klien.get("/tugas")
    assert r.status_code == 200, r.text
    print(r.text[:3000])
    kode = kantor.kode["satu"]
    r = klien.get(f"/permohonan/{kode}")
    assert r.status_code == 200, r.text
    r = klien.post(
        f"/permohonan/{kode}/disposisi", data={"csrf": csrf, "kepada": "pokja", "unit": "X"}
    )
    assert r.status_code == 303, r.text
    r = klien.post(f"/permohonan/{kode}/putuskan", data={"csrf": csrf, "keputusan": "setuju"})
    assert r.status_code == 303, r.text
    r = klien.get(f"/permohonan/{kode}")
    assert "Disetujui" in r.text
    for u in (
        "/permohonan",
        "/pengaduan",
        "/agenda",
        "/agenda.xlsx",
        "/arsip?q=bimtek",
        f"/permohonan/{kode}/lampiran/1",
    ):
        r = klien.get(u)
        assert r.status_code == 200, (u, r.text[:2000])
