"""``naskah arsip simpan`` as staff run it, and bad input through the CLI: one Indonesian
sentence, exit 1 (2 for wrong usage), no traceback, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from naskah.loader import ke_yaml
from tests.arsip.conftest import EXAMPLES, Kantor
from tests.conftest import run_naskah


def _yaml(kantor: Kantor, nama: str = "keputusan.yaml") -> Path:
    p = kantor.masukan / nama
    p.write_text(ke_yaml(kantor.model()), encoding="utf-8")
    return p


def _arsip_kosong(kantor: Kantor) -> bool:
    akar = kantor.konfigurasi.folder_arsip
    return not [p for p in akar.iterdir() if p.name[:1].isdigit()] if akar.is_dir() else True


def test_simpan_lewat_cli(kantor: Kantor) -> None:
    yaml = _yaml(kantor)
    pdf = kantor.pdf("k.pdf")
    ttd = kantor.ttd("k-ttd.pdf")
    r = run_naskah(
        "arsip", "simpan", yaml, "--pdf", pdf, "--ttd", ttd, cwd=kantor.konfigurasi.folder
    )
    assert r.returncode == 0, r.stderr
    assert "Diarsipkan:" in r.stdout and "versi 1" in r.stdout and "Id verifikasi:" in r.stdout
    r = run_naskah(
        "arsip", "simpan", yaml, "--pdf", pdf, "--ttd", ttd, "--json", cwd=kantor.konfigurasi.folder
    )
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["baru"] is False and d["entri"][0]["versi"] == 1
    assert kantor.arsip.periksa().bersih


def test_masukan_salah_satu_kalimat_tanpa_traceback(kantor: Kantor) -> None:
    folder = kantor.konfigurasi.folder
    yaml = _yaml(kantor)
    pdf = kantor.pdf("k.pdf")
    rusak = kantor.masukan / "rusak.pdf"
    rusak.write_bytes(b"%PDF-1.4\n bukan pdf sungguhan")
    bukan_yaml = kantor.masukan / "x.yaml"
    bukan_yaml.write_bytes(b"\x00\x01\x02")
    tanpa_nomor = kantor.masukan / "tanpa-nomor.yaml"
    tanpa_nomor.write_text(
        "\n".join(
            b
            for b in (EXAMPLES / "keputusan-bpmp-kaltim-2024.yaml")
            .read_text(encoding="utf-8")
            .splitlines()
            if not b.startswith("nomor:")
        ),
        encoding="utf-8",
    )
    kasus = [
        (["arsip", "simpan", yaml], 2, "--pdf"),
        (
            ["arsip", "simpan", yaml, "--pdf", kantor.masukan / "tidak-ada.pdf"],
            1,
            "tidak ditemukan",
        ),
        (["arsip", "simpan", yaml, "--pdf", rusak], 1, "bukan PDF yang dapat dibaca"),
        (["arsip", "simpan", yaml, "--ttd", pdf], 1, "tidak memuat tanda tangan"),
        (["arsip", "simpan", bukan_yaml, "--pdf", pdf], 1, "x.yaml"),
        (["arsip", "simpan", tanpa_nomor, "--pdf", pdf], 1, "belum bernomor"),
        (
            ["arsip", "simpan", EXAMPLES / "sertifikat-kegiatan.yaml", "--pdf", pdf],
            1,
            "per peserta",
        ),
        (["arsip", "simpan", yaml, "--pdf", pdf, "--id-verifikasi", "../x"], 1, "Id verifikasi"),
    ]
    for args, kode, kata in kasus:
        r = run_naskah(*args, cwd=folder)
        assert r.returncode == kode, (args, r.stdout, r.stderr)
        assert kata in r.stderr, (args, r.stderr)
        assert "Traceback" not in r.stderr and "Galat tak terduga" not in r.stderr, r.stderr
    assert _arsip_kosong(kantor)


def test_tanpa_naskah_toml(tmp_path: Path) -> None:
    r = run_naskah("arsip", "periksa", cwd=tmp_path)
    assert r.returncode == 1 and "naskah.toml" in r.stderr and "Traceback" not in r.stderr
