"""People, not names (issue 20, item 8): from ``sertifikat terbitkan`` to ``sertifikat kirim``.

Two participants with the same name, without NIK, with different e-mails: ``terbitkan`` gives
each their own certificate (it tells them apart by e-mail), and ``kirim`` must send each their
own, not one certificate twice (it paired by name). Real LibreOffice, real signing, a real SMTP
server (aiosmtpd) on loopback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.layanan.test_surel import Kotak, smtp  # noqa: F401 - the SMTP server fixture
from tests.terbit.conftest import db, jalankan

PENGIRIM = "sertifikat@bpmpkaltim.example.go.id"
LEMBAR = """nama,nik,nip,instansi,email,peran
Budi Santoso,,,SD Negeri 001 Tenggarong,budi.tenggarong@example.org,peserta
Budi Santoso,,,SMP Negeri 2 Samarinda,budi.samarinda@example.org,peserta
Siti Rahmawati,6472035205780002,,BPMP Kaltim,siti@example.org,narasumber
"""


@pytest.mark.slow
def test_nama_kembar_masing_masing_menerima_sertifikatnya(
    kantor: Path,
    smtp: tuple[Kotak, int],  # noqa: F811
) -> None:
    kotak, port = smtp
    with (kantor / "naskah.toml").open("a", encoding="utf-8") as f:
        f.write(
            f'\n[surel]\nhost = "127.0.0.1"\nport = {port}\nkeamanan = "tanpa"\n'
            f'pengirim = "{PENGIRIM}"\nper_menit = 6000\n'
        )
    (kantor / "kembar.csv").write_text(LEMBAR, encoding="utf-8")
    yaml = kantor / "sertifikat-kegiatan.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8").replace(
            "berkas_peserta: peserta-contoh.xlsx", "berkas_peserta: kembar.csv"
        ),
        encoding="utf-8",
    )
    r = jalankan(kantor, "sertifikat", "terbitkan", yaml.name, "--sandi-env", "NASKAH_SANDI",
                 "--json", cek=True)  # fmt: skip
    assert json.loads(r.stdout)["diterbitkan"] == 3
    with db(kantor) as c:
        nomor_per_alamat = dict(c.execute("SELECT email, nomor FROM terbit_naskah").fetchall())
    assert len(set(nomor_per_alamat.values())) == 3

    r = jalankan(kantor, "sertifikat", "kirim", yaml.name, "--json", cek=True)
    kiriman = json.loads(r.stdout)["kiriman"]
    assert sorted(k["keadaan"] for k in kiriman) == ["terkirim"] * 3
    # each address got the certificate numbered for it, and no certificate went out twice
    assert {k["alamat"]: k["nomor"] for k in kiriman} == nomor_per_alamat
    assert sorted(m["To"] for m in kotak.pesan) == sorted(nomor_per_alamat)
    lampiran = [next(iter(m.iter_attachments())).get_content() for m in kotak.pesan]
    assert len(set(lampiran)) == 3
    for m in kotak.pesan:
        # the envelope holds the one address of the cell, nothing more
        assert m["To"].addresses[0].addr_spec == str(m["To"])
