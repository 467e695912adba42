"""A certificate signed by a deputy (``mewakili``): the form printed above the signature on both
pages, the deputy's name and NIP under it, and the signer record naming the deputy and form."""

from __future__ import annotations

import secrets
from pathlib import Path

from naskah.catatan_ttd import metadata_dokumen
from naskah.models import Mewakili, Pejabat, Peserta, Sertifikat
from naskah.peserta import baca_peserta
from naskah.render import KonverterParalel
from naskah.render.sertifikat import render_sertifikat
from tests.conftest import EXAMPLES
from tests.sertifikat.conftest import kegiatan_contoh, konfigurasi_uji, satu_baris, teks_halaman

WAKIL = Pejabat(
    nama="Rina Wulandari", gelar_belakang="S.E.", nip="19800101 200501 2 001",
    jabatan="Kepala Subbagian Umum",
)  # fmt: skip


def kegiatan_peserta() -> Peserta:
    return baca_peserta(EXAMPLES / "peserta-contoh.csv")[0]


def _render(kegiatan, folder: Path, konverter: KonverterParalel) -> Path:
    [p] = baca_peserta(EXAMPLES / "peserta-contoh.csv")[:1]
    [pdf] = render_sertifikat(
        kegiatan, [p], ["0001/Sertifikat/BPMPKALTIM/2024"], [secrets.token_urlsafe(16)], folder,
        konfigurasi=konfigurasi_uji(), konverter=konverter,
    )  # fmt: skip
    return pdf


def test_plh_tercetak_dan_tercatat(tmp_path: Path, konverter: KonverterParalel) -> None:
    kegiatan = kegiatan_contoh().model_copy(update={
        "penandatangan": WAKIL,
        "mewakili": Mewakili(bentuk="Plh.", jabatan="Kepala BPMP Provinsi Kalimantan Timur"),
    })  # fmt: skip
    pdf = _render(kegiatan, tmp_path, konverter)
    for halaman in teks_halaman(pdf):
        isi = satu_baris(halaman)
        assert "Plh. KEPALA BPMP PROVINSI KALIMANTAN TIMUR," in isi
        assert "Rina Wulandari, S.E." in isi and "NIP 19800101 200501 2 001" in isi
        assert "KEPALA SUBBAGIAN UMUM" not in isi  # Plh. prints the office filled, not her own
    # the signer record of a certificate names the deputy and the form (the pipeline signs
    # certificates without embedding it: it checks the key against the printed signer itself)
    meta = metadata_dokumen(
        Sertifikat(kegiatan=kegiatan, peserta=kegiatan_peserta(), nomor="1/S/2024")
    )
    assert meta.catatan is not None and meta.catatan.penandatangan.nip == "198001012005012001"
    assert meta.catatan.bentuk == "Plh. Kepala BPMP Provinsi Kalimantan Timur"


def test_atas_nama_mencetak_jabatan_sendiri(tmp_path: Path, konverter: KonverterParalel) -> None:
    kegiatan = kegiatan_contoh().model_copy(update={
        "penandatangan": WAKIL,
        "mewakili": Mewakili(bentuk="a.n.", jabatan="Kepala BPMP Provinsi Kalimantan Timur"),
    })  # fmt: skip
    isi = satu_baris(teks_halaman(_render(kegiatan, tmp_path, konverter))[0])
    assert "a.n. KEPALA BPMP PROVINSI KALIMANTAN TIMUR" in isi
    assert "KEPALA SUBBAGIAN UMUM," in isi
