"""naskah terbitkan on the examples, as staff run it: numbers printed, states, resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.terbit.conftest import db, jalankan

pytestmark = pytest.mark.slow  # LibreOffice renders every document


def _teks(pdf: Path) -> str:
    return "\n".join(h.extract_text() or "" for h in PdfReader(pdf).pages)


def _keadaan(kantor: Path) -> list[tuple[str, str, str]]:
    with db(kantor) as c:
        return list(c.execute("SELECT kunci, nomor, keadaan FROM terbit_naskah ORDER BY id"))


def test_surat_tugas_terbit_bernomor_lalu_ditandatangani_kemudian(kantor: Path) -> None:
    r = jalankan(kantor, "terbitkan", "surat-tugas-narasumber.yaml", "--json", cek=True)
    h = json.loads(r.stdout)
    assert h["keadaan"] == "menunggu_ttd" and h["nomor_baru"]
    nomor = h["nomor"]
    pdf = kantor / "terbit" / "surat-tugas-narasumber.pdf"
    assert nomor in _teks(pdf)  # the number is printed, not NOMOR …/…
    arsip = kantor / "archive" / h["arsip"]
    assert f"nomor: {nomor}" in (arsip / "naskah.yaml").read_text(encoding="utf-8")
    # the same command later, signing: same number, signed copy archived, state terbit
    r = jalankan(
        kantor, "terbitkan", "surat-tugas-narasumber.yaml", "--tandatangani",
        "--sandi-env", "NASKAH_SANDI", "--json", cek=True,
    )  # fmt: skip
    h2 = json.loads(r.stdout)
    assert h2["nomor"] == nomor and not h2["nomor_baru"] and h2["keadaan"] == "terbit"
    ttd = kantor / "terbit" / "surat-tugas-narasumber-ttd.pdf"
    v = jalankan(kantor, "tte", "verifikasi", str(ttd), cek=True)
    assert "SAH" in v.stdout and "versi terkini" in v.stdout
    assert _keadaan(kantor) == [("naskah:surat-tugas-narasumber.yaml", nomor, "terbit")]
    with db(kantor) as c:
        langkah = [
            json.loads(s)["keadaan"]
            for (s,) in c.execute("SELECT sesudah FROM jejak WHERE aksi='keadaan' ORDER BY id")
        ]
    assert langkah == ["draf", "menunggu_ttd", "terbit"]


def test_lampiran_sk_kerja_sama_memuat_nomor(kantor: Path) -> None:
    r = jalankan(kantor, "terbitkan", "sk-kerja-sama-contoh.yaml", "--json", cek=True)
    nomor = json.loads(r.stdout)["nomor"]
    teks = _teks(kantor / "terbit" / "sk-kerja-sama-contoh.pdf")
    assert teks.count(nomor) >= 2  # the decree's heading and its lampiran heading


def _tsa_mati(kantor: Path) -> None:
    """Sign at B-T with a timestamp authority nobody answers at: signing fails only after the
    document was numbered and rendered (a failure that cannot be known before)."""
    toml = kantor / "naskah.toml"
    teks = toml.read_text(encoding="utf-8")
    toml.write_text(
        teks.replace("[tte]\n", '[tte]\ntingkat = "B-T"\ntsa = "http://127.0.0.1:9/tsa"\n', 1),
        encoding="utf-8",
    )


def test_p12_hilang_ditolak_sebelum_nomor(kantor: Path) -> None:
    # issue 22: what can be refused before numbering is refused before numbering
    r = jalankan(
        kantor, "terbitkan", "surat-tugas-narasumber.yaml", "--tandatangani",
        "--p12", "tidak-ada.p12", "--sandi-env", "NASKAH_SANDI",
    )  # fmt: skip
    assert r.returncode == 1 and r.stderr.startswith("Galat: ") and "tidak-ada.p12" in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (kantor / "archive" / "register.sqlite").exists() or _keadaan(kantor) == []


def test_gagal_tanda_tangan_lalu_diubah_tetap_bernomor_sama(kantor: Path) -> None:
    _tsa_mati(kantor)
    r = jalankan(
        kantor, "terbitkan", "surat-tugas-narasumber.yaml", "--tandatangani",
        "--sandi-env", "NASKAH_SANDI",
    )  # fmt: skip
    assert r.returncode == 1 and r.stderr.startswith("Galat: ") and "TSA" in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    [(kunci, nomor, keadaan)] = _keadaan(kantor)
    assert keadaan == "draf"  # the number has a record of what happened to it
    st = kantor / "surat-tugas-narasumber.yaml"
    st.write_text(st.read_text(encoding="utf-8").replace("Bontang", "Kota Bontang", 1), "utf-8")
    r = jalankan(kantor, "terbitkan", "surat-tugas-narasumber.yaml", "--json", cek=True)
    h = json.loads(r.stdout)
    assert h["nomor"] == nomor and not h["nomor_baru"]
    with db(kantor) as c:
        assert c.execute("SELECT count(*) FROM nomor").fetchone() == (1,)


def test_naskah_bergalat_tidak_diberi_nomor(kantor: Path) -> None:
    st = kantor / "surat-tugas-narasumber.yaml"
    st.write_text(st.read_text(encoding="utf-8").replace("tanggal: 2024-06-05", "tanggal: x"))
    r = jalankan(kantor, "terbitkan", "surat-tugas-narasumber.yaml")
    assert r.returncode == 1 and r.stderr.startswith("Galat: ") and "Traceback" not in r.stderr
    assert not (kantor / "archive" / "register.sqlite").exists() or _keadaan(kantor) == []


def test_nomor_dibatalkan_sebelum_terbit_diberi_nomor_baru(kantor: Path) -> None:
    _tsa_mati(kantor)
    r = jalankan(
        kantor, "terbitkan", "surat-tugas-narasumber.yaml", "--tandatangani",
        "--sandi-env", "NASKAH_SANDI",
    )  # fmt: skip
    assert r.returncode == 1
    [(_, lama, _)] = _keadaan(kantor)
    jalankan(kantor, "nomor", "batal", lama, "--alasan", "salah klasifikasi", cek=True)
    r = jalankan(kantor, "terbitkan", "surat-tugas-narasumber.yaml", "--json", cek=True)
    h = json.loads(r.stdout)
    assert h["nomor"] != lama and h["nomor_baru"]
    assert [(n, k) for _, n, k in _keadaan(kantor)] == [
        (lama, "batal"),
        (h["nomor"], "menunggu_ttd"),
    ]


def test_terbitkan_berkas_kegiatan_menerbitkan_sertifikat(kantor: Path) -> None:
    r = jalankan(kantor, "terbitkan", "sertifikat-kegiatan.yaml", "--sandi-env", "NASKAH_SANDI")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("12 sertifikat diterbitkan, 0 sudah terbit")


def test_lambang_contoh_boleh_dirender_tetapi_tidak_diterbitkan_atau_ditandatangani(
    kantor: Path,
) -> None:
    # issue 21: a kop printing the grey CONTOH LOGO placeholder is a draft: `render` makes it,
    # `terbitkan` and `tte tandatangani` refuse it in one Indonesian sentence, and nothing is
    # numbered; the example office (naskah init --contoh) has an emblem and issues documents
    toml = kantor / "naskah.toml"
    assert (kantor / "lambang-contoh.png").is_file()
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'logo = "lambang-contoh.png"', ""), encoding="utf-8")  # fmt: skip
    r = jalankan(kantor, "terbitkan", "surat-tugas-narasumber.yaml")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    (baris,) = [b for b in r.stderr.splitlines() if b.startswith("Galat: ")]
    assert "CONTOH LOGO" in baris and "[instansi] naskah.toml" in baris
    assert not (kantor / "archive" / "register.sqlite").exists() or _keadaan(kantor) == []
    r = jalankan(kantor, "render", "surat-tugas-narasumber.yaml", "--keluaran", "draf")
    assert r.returncode == 0, r.stderr
    r = jalankan(kantor, "tte", "tandatangani", "draf/surat-tugas-narasumber.pdf",
                 "--sandi-env", "NASKAH_SANDI")  # fmt: skip
    assert r.returncode == 1 and "CONTOH LOGO" in r.stderr and "Traceback" not in r.stderr
    assert not (kantor / "draf" / "surat-tugas-narasumber-ttd.pdf").exists()
    # a copy of the placeholder file named as the office's logo is the placeholder too
    (kantor / "logo.png").write_bytes(
        (Path(__file__).resolve().parents[2] / "templates" / "logo-placeholder.png").read_bytes()
    )
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "[instansi]", '[instansi]\nlogo = "logo.png"'), encoding="utf-8")  # fmt: skip
    r = jalankan(kantor, "terbitkan", "surat-tugas-narasumber.yaml")
    assert r.returncode == 1 and "CONTOH LOGO" in r.stderr
    # with the emblem back, the same document is issued
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'logo = "logo.png"', 'logo = "lambang-contoh.png"'), encoding="utf-8")  # fmt: skip
    r = jalankan(kantor, "terbitkan", "surat-tugas-narasumber.yaml")
    assert r.returncode == 0, r.stderr


def test_sertifikat_terbitkan_menolak_lambang_contoh(kantor: Path) -> None:
    # issue 21: `naskah sertifikat terbitkan` refuses a CONTOH LOGO kop like `naskah terbitkan`,
    # before any certificate is numbered, rendered or signed
    toml = kantor / "naskah.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'logo = "lambang-contoh.png"', ""), encoding="utf-8")  # fmt: skip
    r = jalankan(kantor, "sertifikat", "terbitkan", "sertifikat-kegiatan.yaml",
                 "--sandi-env", "NASKAH_SANDI", "--keluaran", "sert")  # fmt: skip
    assert r.returncode == 1 and "Traceback" not in r.stderr
    (baris,) = [b for b in r.stderr.splitlines() if b.startswith("Galat: ")]
    assert "CONTOH LOGO" in baris and "[instansi] naskah.toml" in baris
    assert not (kantor / "sert").exists()
    if (kantor / "archive" / "register.sqlite").exists():
        with db(kantor) as c:
            assert list(c.execute("SELECT teks FROM nomor")) == []
    # with the emblem back, the same activity is issued
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "[instansi]", '[instansi]\nlogo = "lambang-contoh.png"'), encoding="utf-8")  # fmt: skip
    r = jalankan(kantor, "sertifikat", "terbitkan", "sertifikat-kegiatan.yaml",
                 "--sandi-env", "NASKAH_SANDI", "--keluaran", "sert")  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert len(list((kantor / "sert").glob("*.pdf"))) == 12
