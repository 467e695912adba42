"""One clock for the audit log: the CLI issuing under several computer zones, read in the office's.

The example office is in Kalimantan Timur (``[tte] zona_waktu = "Asia/Makassar"``, WITA). Whatever
``TZ`` the computer runs in, every row the register, the archive and the issuing pipeline write is
an instant of one clock, stored as UTC: the audit log is in the order things happened, inside the
time the commands ran, and ``naskah nomor riwayat`` shows it in WITA.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import env_naskah
from tests.terbit.conftest import NASKAH, ROOT, db, lingkungan

pytestmark = pytest.mark.slow  # LibreOffice renders, the demo key signs

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture
def kantor_contoh(tmp_path: Path) -> Path:
    """Return a fresh example office (``naskah init --contoh``) with the example documents."""
    k = tmp_path / "kantor"
    k.mkdir()
    _naskah(k, "UTC", "init", "--contoh")
    for f in (ROOT / "examples").iterdir():
        if f.is_file():
            shutil.copy(f, k / f.name)
    return k


def _naskah(kantor: Path, tz: str, *args: str) -> subprocess.CompletedProcess[str]:
    # this checkout's naskah (PYTHONPATH), the computer in zone ``tz``
    env = {**lingkungan(kantor), "TZ": tz, "PYTHONPATH": env_naskah()["PYTHONPATH"]}
    r = subprocess.run(
        [*NASKAH, *args], cwd=kantor, env=env, capture_output=True, text=True, timeout=600
    )
    assert r.returncode == 0, r.stderr + r.stdout
    return r


def _waktu(teks: str) -> datetime:
    """A stored time (naive UTC text) as an aware UTC instant."""
    return datetime.fromisoformat(teks).replace(tzinfo=UTC)


@pytest.mark.parametrize("tz", ["Asia/Makassar", "Asia/Jayapura", "UTC"])
def test_jejak_audit_berurutan_dan_tampil_di_zona_kantor(
    kantor_contoh: Path, tmp_path: Path, tz: str
) -> None:
    kantor = kantor_contoh
    lembar = kantor / "peserta-jam.csv"
    lembar.write_text(
        "nama,nik,nip,instansi,email,peran\n"
        "Siti Aminah,6472035205780001,,SMPN 1 Samarinda,siti@example.com,peserta\n"
        "Budi Santoso,6472035205780002,,SMPN 2 Samarinda,budi@example.com,peserta\n",
        encoding="utf-8",
    )
    # whole seconds: the CLI shows seconds, the window must hold what it shows
    mulai = datetime.now(UTC).replace(microsecond=0)
    r = _naskah(
        kantor, tz, "terbitkan", "surat-tugas-narasumber.yaml", "--tandatangani",
        "--sandi-env", "NASKAH_SANDI", "--json",
    )  # fmt: skip
    nomor_surat = json.loads(r.stdout)["nomor"]
    _naskah(
        kantor, tz, "sertifikat", "terbitkan", "sertifikat-kegiatan.yaml",
        str(lembar), "--sandi-env", "NASKAH_SANDI",
        "--keluaran", str(tmp_path / "sertifikat"),
    )  # fmt: skip
    selesai = datetime.now(UTC) + timedelta(seconds=1)

    with db(kantor) as c:
        c.row_factory = sqlite3.Row
        jejak = list(c.execute("SELECT id, waktu, aksi, nomor_id FROM jejak ORDER BY id"))
        nomor = list(c.execute("SELECT id, dicatat, diubah FROM nomor"))
        entri = list(c.execute("SELECT nomor_id, dicatat FROM arsip_entri"))
        terbit = list(c.execute("SELECT nomor_id, dicatat, diubah FROM terbit_naskah"))
    aksi = {j["aksi"] for j in jejak}
    assert {"ambil", "keadaan", "arsip"} <= aksi, aksi
    assert len({j["nomor_id"] for j in jejak}) == 3  # one letter, two certificates
    # the audit log, in the order it was written, is in time order (the archive's rows no
    # longer hours before or after the register's), and every time is inside the run
    waktu = [_waktu(j["waktu"]) for j in jejak]
    assert waktu == sorted(waktu), [(j["aksi"], j["waktu"]) for j in jejak]
    semua = [
        *waktu,
        *(_waktu(n["dicatat"]) for n in nomor),
        *(_waktu(n["diubah"]) for n in nomor if n["diubah"]),
        *(_waktu(e["dicatat"]) for e in entri),
        *(_waktu(t["dicatat"]) for t in terbit),
        *(_waktu(t["diubah"]) for t in terbit if t["diubah"]),
    ]
    assert all(mulai <= w <= selesai for w in semua), (mulai, selesai, sorted(semua))
    # per number: issued, then its states, then archived, never an earlier row after a later
    for nid in {j["nomor_id"] for j in jejak}:
        milik = [_waktu(j["waktu"]) for j in jejak if j["nomor_id"] == nid]
        assert milik == sorted(milik)

    # shown in the office's zone, whatever the computer's
    r = _naskah(kantor, tz, "nomor", "riwayat", nomor_surat)
    baris = r.stdout.strip().splitlines()
    milik_surat = [j for j in jejak if j["nomor_id"] == jejak[0]["nomor_id"]]  # ran first
    assert len(baris) == len(milik_surat)
    for teks, j in zip(baris, milik_surat, strict=True):
        m = re.match(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) WITA\t", teks)
        assert m, teks
        harap = _waktu(j["waktu"]).astimezone(WITA).strftime("%Y-%m-%d %H:%M:%S")
        assert m.group(1) == harap
    r = _naskah(kantor, tz, "nomor", "riwayat", nomor_surat, "--json")
    for item in json.loads(r.stdout):
        w = datetime.fromisoformat(item["waktu"])
        assert w.utcoffset() == timedelta(hours=8)
        assert mulai <= w <= selesai
    r = _naskah(kantor, tz, "nomor", "daftar", "--json")
    for item in json.loads(r.stdout):
        assert datetime.fromisoformat(item["dicatat"]).utcoffset() == timedelta(hours=8)
