"""Faults of ``sertifikat terbitkan`` (issue 20, item 12 and the Low list), through the real CLI.

* Two runs of one activity at once: the second says in one sentence that another run is
  issuing this activity, and leaves nothing (no number, no signed PDF).
* Work folders with participants' data (``.naskah-terbit-*``) left by SIGKILL are removed by the
  next run; SIGTERM never leaves one; signed certificates the archive lacks are not left in the
  output folder.
* A full disk (a real tmpfs, mounted for the test) mid-run: every message is Indonesian, and
  true about what was archived; nothing signed and unarchived stays behind.

The child (tests/terbit/_anak.py) reports each completed step on stdout; the parent acts on
reading the chosen step (SIGSTOP, SIGTERM, SIGKILL, filling the disk), never by sleeping.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.terbit.conftest import ANAK, db, jalankan, lingkungan, tunggu_soffice

ARGS = (
    "sertifikat", "terbitkan", "sertifikat-kegiatan.yaml", "--sandi-env", "NASKAH_SANDI",
    "--per-langkah", "4",
)  # fmt: skip
KELUARAN = "sertifikat-sertifikat-kegiatan"
JUMLAH = 12
"""Participants of the example sheet."""


def _anak(kantor: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*ANAK, *args], cwd=kantor, env=lingkungan(kantor), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _tunggu_titik(p: subprocess.Popen[str], nama: str, ke: int = 1) -> list[str]:
    """Read the child's steps until the ``ke``-th ``nama``; return the steps seen."""
    assert p.stdout is not None
    dilihat: list[str] = []
    for baris in p.stdout:
        if baris.startswith("TITIK "):
            dilihat.append(baris.split(" ", 1)[1].strip())
            if dilihat.count(nama) == ke:
                return dilihat
    raise AssertionError(f"the child ended before step {nama}: {dilihat}")


def _jumlah(kantor: Path, sql: str) -> int:
    with db(kantor) as c:
        return int(c.execute(sql).fetchone()[0])


def _isi_keluaran(kantor: Path) -> list[str]:
    folder = kantor / KELUARAN
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _sisa_kerja(kantor: Path) -> list[Path]:
    return sorted((kantor / KELUARAN).glob(".naskah-terbit-*"))


def _pdf_tak_terarsip(kantor: Path) -> list[str]:
    """Signed PDFs in the output folder whose number the archive lacks."""
    from naskah.render.sertifikat import nama_berkas

    with db(kantor) as c:
        arsip = {nama_berkas(t) for (t,) in c.execute("SELECT nomor FROM arsip_entri")}
    return sorted(p.stem for p in (kantor / KELUARAN).glob("*.pdf") if p.stem not in arsip)


def _satu_kalimat_indonesia(r: subprocess.CompletedProcess[str]) -> str:
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and "tak terduga" not in r.stderr, r.stderr
    for inggris in ("No space", "Errno", "device", "Permission", "denied"):
        assert inggris not in r.stderr, r.stderr
    baris = [b for b in r.stderr.splitlines() if b.strip()]
    assert len(baris) == 1 and baris[0].startswith("Galat: "), r.stderr
    return baris[0]


@pytest.mark.slow
def test_dua_proses_satu_kegiatan_yang_kalah_tidak_meninggalkan_apa_pun(kantor: Path) -> None:
    a = _anak(kantor, *ARGS)
    try:
        _tunggu_titik(a, "bernomor")
        a.send_signal(signal.SIGSTOP)  # A holds the activity, numbered, mid-run
        nomor = _jumlah(kantor, "SELECT count(*) FROM nomor")
        sebelum = _isi_keluaran(kantor)
        b = jalankan(kantor, *ARGS)
        pesan = _satu_kalimat_indonesia(b)
        assert "sedang diterbitkan oleh proses lain" in pesan, pesan
        assert "sudah dipakai" not in b.stderr
        assert _jumlah(kantor, "SELECT count(*) FROM nomor") == nomor
        assert _isi_keluaran(kantor) == sebelum
    finally:
        a.send_signal(signal.SIGCONT)
    _, err = a.communicate(timeout=600)
    assert a.returncode == 0, err
    tunggu_soffice(kantor)
    assert _jumlah(kantor, "SELECT count(*) FROM arsip_entri") == JUMLAH
    assert _pdf_tak_terarsip(kantor) == []
    assert len(list((kantor / KELUARAN).glob("*.pdf"))) == JUMLAH
    # and once A is done, the activity is free again: a rerun has nothing left to do
    r = jalankan(kantor, *ARGS, "--json", cek=True)
    assert json.loads(r.stdout)["diterbitkan"] == 0


@pytest.mark.slow
def test_sisa_proses_yang_dibunuh_dibersihkan_dan_sigterm_tidak_meninggalkan_sisa(
    kantor: Path,
) -> None:
    # SIGKILL after the first step's certificates are signed but before they are archived:
    # the work folder (PDFs of participants) and the signed, unarchived certificate stay
    a = _anak(kantor, *ARGS)
    _tunggu_titik(a, "ditandatangani")
    a.send_signal(signal.SIGKILL)
    a.communicate(timeout=600)
    tunggu_soffice(kantor)
    assert _sisa_kerja(kantor), "the killed run should have left its work folder"
    assert _pdf_tak_terarsip(kantor), "the killed run should have left a signed, unarchived PDF"
    # a work folder left by a version that did not name the activity in it
    lama = kantor / KELUARAN / ".naskah-terbit-k3x9_a0q"
    lama.mkdir()
    (lama / "0001-Sertifikat.docx").write_bytes(b"data peserta")
    # SIGTERM (as systemd or `kill` sends) in the middle of the next run: it removes the work
    # folder it made, and the killed run's leftovers are gone too
    b = _anak(kantor, *ARGS)
    _tunggu_titik(b, "ditandatangani")
    assert len(_sisa_kerja(kantor)) == 1  # the killed run's folder went; this run's is there
    b.send_signal(signal.SIGTERM)
    b.communicate(timeout=600)
    tunggu_soffice(kantor)
    assert b.returncode != 0
    assert _sisa_kerja(kantor) == []
    assert _pdf_tak_terarsip(kantor) == []
    r = jalankan(kantor, *ARGS, "--json", cek=True)
    h = json.loads(r.stdout)
    assert h["diterbitkan"] + h["sudah_terbit"] == JUMLAH
    assert _sisa_kerja(kantor) == [] and _pdf_tak_terarsip(kantor) == []
    assert len(list((kantor / KELUARAN).glob("*.pdf"))) == JUMLAH


@pytest.mark.slow
def test_berkas_sementara_penanda_tangan_yang_dibunuh_dibersihkan_sekali(kantor: Path) -> None:
    """A signer killed mid-write leaves ``.<name>.<pid>-<hex>.tmp`` in the output folder; the
    next run sweeps the folder once (not once per signed file) and keeps a live writer's."""
    folder = kantor / KELUARAN
    folder.mkdir()
    mati = subprocess.Popen(["true"])
    mati.wait()  # exited and reaped: its pid names no live process
    yatim = [folder / f".{n:04d}-Sertifikat-X-2024.pdf.{mati.pid}-{n:012x}.tmp" for n in (1, 7)]
    hidup = folder / f".0003-Sertifikat-X-2024.pdf.{os.getpid()}-{3:012x}.tmp"
    for f in (*yatim, hidup):
        f.write_bytes(b"%PDF-1.7 setengah")
    r = jalankan(kantor, *ARGS, "--json", cek=True)
    assert json.loads(r.stdout)["diterbitkan"] == JUMLAH
    assert not any(f.exists() for f in yatim)
    assert hidup.exists()  # this test process is alive: another writer's file is left alone
    assert len(list(folder.glob("*.pdf"))) == JUMLAH and _pdf_tak_terarsip(kantor) == []


# --- a full disk ------------------------------------------------------------------------------


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 64 MB tmpfs mounted for this test (root only), unmounted afterwards."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    titik = tmp_path / f"penuh-{uuid.uuid4().hex[:6]}"
    titik.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(titik)],
                       capture_output=True, text=True)  # fmt: skip
    if r.returncode != 0:
        pytest.skip(f"tmpfs cannot be mounted here: {r.stderr.strip()}")
    try:
        yield titik
    finally:
        subprocess.run(["umount", "-l", str(titik)], check=False)


def _isi_sampai_penuh(folder: Path, sisa: int) -> None:
    """Fill ``folder``'s filesystem, then free ``sisa`` bytes again."""
    isi = folder / "pengisi.bin"
    potong = b"\0" * (64 * 1024)
    with open(isi, "wb", buffering=0) as f:
        try:
            while True:
                f.write(potong)
        except OSError:
            pass
    os.truncate(isi, max(0, isi.stat().st_size - sisa))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("titik", "ke", "hanya_arsip", "diarsip"),
    [
        # the whole office on the small disk, full after two steps: the next render fails
        ("langkah", 2, False, 5),
        # full once step 3 is rendered: its signing fails
        ("dirender", 3, False, 5),
        # only the archive (and its register) on the small disk, full once step 2 is signed:
        # archiving fails, and the four signed certificates must not stay in the output folder
        ("ditandatangani", 2, True, 1),
    ],
)
def test_disk_penuh_pesan_indonesia_dan_benar(
    kantor: Path, tmpfs: Path, titik: str, ke: int, hanya_arsip: bool, diarsip: int
) -> None:
    if hanya_arsip:
        k = kantor
        toml = k / "naskah.toml"
        toml.write_text(toml.read_text().replace('lokasi = "archive"',
                                                 f'lokasi = "{tmpfs / "archive"}"'))  # fmt: skip
        shutil.copytree(k / "archive", tmpfs / "archive", symlinks=True)
        shutil.rmtree(k / "archive")
        (k / "archive").symlink_to(tmpfs / "archive")  # where db() of the tests looks
    else:
        k = tmpfs / "kantor"
        shutil.copytree(kantor, k, symlinks=True)
        (k.parent / "tmp").mkdir(exist_ok=True)
    a = _anak(k, *ARGS)
    _tunggu_titik(a, titik, ke=ke)
    a.send_signal(signal.SIGSTOP)
    _isi_sampai_penuh(tmpfs, 16 * 1024)
    a.send_signal(signal.SIGCONT)
    _, err = a.communicate(timeout=600)
    tunggu_soffice(k)
    r = subprocess.CompletedProcess(a.args, a.returncode or 0, "", err)
    pesan = _satu_kalimat_indonesia(r)
    (tmpfs / "pengisi.bin").unlink()
    assert _jumlah(k, "SELECT count(*) FROM arsip_entri") == diarsip
    assert "Penyimpanan penuh" in pesan, pesan
    assert "tidak ada yang diarsipkan" not in pesan, pesan
    assert f"{diarsip} sertifikat sudah diterbitkan dan diarsipkan" in pesan, pesan
    assert _pdf_tak_terarsip(k) == []
    assert _sisa_kerja(k) == []
    # with room again, the same command finishes the rest
    r = jalankan(k, *ARGS, "--json", cek=True)
    h = json.loads(r.stdout)
    assert (h["diterbitkan"], h["sudah_terbit"]) == (JUMLAH - diarsip, diarsip)
    assert _pdf_tak_terarsip(k) == []
    cek = jalankan(k, "arsip", "periksa")
    assert cek.returncode == 0 and "Arsip utuh" in cek.stdout, cek.stdout + cek.stderr


@pytest.mark.parametrize(
    ("kode", "alasan"),
    [(28, "penyimpanan penuh"), (122, "kuota penyimpanan habis"), (13, "izin ditolak"),
     (30, "penyimpanan hanya dapat dibaca"), (5, "galat baca/tulis"), (16, "sedang dipakai"),
     (11, "galat sistem EAGAIN")],
)  # fmt: skip
def test_galat_tulis_berbahasa_indonesia(tmp_path: Path, kode: int, alasan: str) -> None:
    """The write seam every output file goes through names the OS error in Indonesian."""
    import errno

    from naskah.berkas import tulis_atomik
    from naskah.errors import TTEError

    with (
        pytest.raises(TTEError) as e,
        tulis_atomik(tmp_path / "sertifikat.pdf", galat=TTEError) as sementara,
    ):
        raise OSError(kode, os.strerror(kode), str(sementara))
    assert f"tidak dapat ditulis ({alasan}" in str(e.value)
    assert (
        os.strerror(kode) not in str(e.value)
        and errno.errorcode[kode] != ""
        and not list(tmp_path.iterdir())
    )
