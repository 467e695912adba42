"""An office's template folder from naskah.toml: a wrong path is an error, not a fallback."""

from __future__ import annotations

from tests.conftest import EXAMPLES, run_naskah


def test_folder_templat_salah_di_konfigurasi_ditolak(kantor, tmp_path):
    toml = kantor / "naskah.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'kertas = "A4"', 'kertas = "A4"\ntemplat = "templat-kantor"'
        ),
        encoding="utf-8",
    )
    keluaran = tmp_path / "hasil"
    hasil = run_naskah(
        "render", EXAMPLES / "surat-tugas-narasumber.yaml", "--format", "docx",
        "--keluaran", keluaran, cwd=kantor,
    )  # fmt: skip
    assert hasil.returncode == 1
    assert "Folder templat" in hasil.stderr and "templat-kantor" in hasil.stderr
    assert "Traceback" not in hasil.stderr
    assert not keluaran.exists() or not any(keluaran.iterdir())
