"""``naskah tte verifikasi`` with the archive check: this exact file archived, its number
registered and not cancelled, the newest version; and what it says otherwise."""

from __future__ import annotations

import json

from naskah.arsip import pemeriksa_arsip
from tests.arsip.conftest import Kantor
from tests.conftest import run_naskah


def _verifikasi(kantor: Kantor, *berkas: object) -> list[dict]:
    r = run_naskah(
        "tte", "verifikasi", "--luring", "--json", *berkas, cwd=kantor.konfigurasi.folder
    )
    assert "Traceback" not in r.stderr, r.stderr
    return json.loads(r.stdout)


def test_verifikasi_menyebut_arsip(kantor: Kantor) -> None:
    model = kantor.model()
    v1 = kantor.ttd("v1.pdf")
    kantor.simpan(model, ttd=v1)
    asing = kantor.ttd("asing.pdf", "Surat lain yang tidak pernah diarsipkan oleh kantor ini " * 2)
    (lap,) = _verifikasi(kantor, v1)
    assert lap["arsip"]["sah"] and lap["arsip"]["peran"] == "ttd"
    assert lap["arsip"]["entri"]["nomor"] == model.nomor.teks
    assert lap["arsip"]["entri"]["status"] == "terkini"
    (lap,) = _verifikasi(kantor, asing)
    assert lap["arsip"]["diarsipkan"] is False and lap["arsip"]["entri"] is None
    # a corrected version replaces v1: v1 is still archived but no longer current
    kantor.simpan(
        model, ttd=kantor.ttd("v2.pdf", "Versi koreksi dengan isi berbeda " * 3), koreksi="koreksi"
    )
    (lap,) = _verifikasi(kantor, v1)
    assert lap["arsip"]["diarsipkan"] and not lap["arsip"]["terkini"] and not lap["arsip"]["sah"]
    assert lap["arsip"]["entri"]["status"] == "diganti"
    r = run_naskah("tte", "verifikasi", "--luring", v1, cwd=kantor.konfigurasi.folder)
    assert "sudah diganti oleh versi yang lebih baru" in r.stdout


def test_nomor_batal_disebut(kantor: Kantor) -> None:
    model = kantor.model()
    ttd = kantor.ttd("a.pdf")
    kantor.simpan(model, ttd=ttd)
    kantor.register.batal(model.nomor.teks, alasan="ditarik")
    r = run_naskah("tte", "verifikasi", "--luring", ttd, cwd=kantor.konfigurasi.folder)
    assert "nomornya berstatus batal di register" in r.stdout


def test_tanpa_arsip_tidak_membuat_register(tmp_path) -> None:
    from naskah.config import Konfigurasi

    k = Konfigurasi(folder=tmp_path)
    assert pemeriksa_arsip(k) is None
    assert not (tmp_path / "archive").exists()
