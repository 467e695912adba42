"""``metadata.json`` is written by a short encoder: the same text as ``json.dumps``."""

from __future__ import annotations

import json
import random
from datetime import date

from naskah.arsip.catatan import (
    BerkasArsip,
    IsiNaskah,
    Metadata,
    Orang,
    RingkasanTandaTangan,
    _json_berindentasi,
)

_ANEH = ["", 'a"b\\c/d', "baris\nbaru\ttab", "é ü ☃ 𝄞 \u2028 \x01 \x7f", "Dr. H. Siti, M.Pd."]


def _acak(r: random.Random, dalam: int = 0) -> object:
    x = r.random()
    if dalam > 4 or x < 0.45:
        return r.choice([None, True, False, 0, -7, 10**20, *_ANEH])
    if x < 0.75:
        return {r.choice(_ANEH) + str(i): _acak(r, dalam + 1) for i in range(r.randint(0, 4))}
    wadah = list if r.random() < 0.5 else tuple
    return wadah(_acak(r, dalam + 1) for _ in range(r.randint(0, 4)))


def test_sama_dengan_json_dumps_untuk_nilai_acak() -> None:
    r = random.Random(19)
    for _ in range(3000):
        nilai = _acak(r)
        assert _json_berindentasi(nilai, 0) == json.dumps(nilai, ensure_ascii=False, indent=2)


def test_metadata_sertifikat_sama_dengan_json_dumps() -> None:
    peserta = Orang(nama="Siti Rahmawati, S.Pd.", nik="6472012345678901",
                    instansi="SDN 1 Samarinda", peran="peserta")  # fmt: skip
    md = Metadata(
        id="0a1b2c", id_verifikasi="Xy_9-abcdefgh", versi=1, asal="terbit",
        isi=IsiNaskah(
            nomor="0001/Sertifikat/BPMPKALTIM/2024", jenis="sertifikat",
            tentang="Sertifikat “KOSP”",
            tanggal=date(2024, 5, 17), penandatangan=(Orang(nama="Kepala", nip="1970"),),
            mitra=("Dinas Pendidikan",), peserta=(peserta,), teks="baris 1\nbaris 2",
            rincian=(("Tanggal", "15–17 Mei 2024"), ("JP", "32")),
        ),
        berkas=(BerkasArsip("naskah.pdf", "pdf", "ab" * 32, 46_000),),
        tanda_tangan=(RingkasanTandaTangan(
            berkas="naskah-ttd.pdf", field="TTE", jenis="tanda_tangan", penandatangan="Kepala",
            waktu="2024-05-17T08:00:00+08:00", tingkat="B-B", utuh=True, sah=True,
        ),),
        diarsipkan="2024-05-17T00:00:00+00:00", oleh="operator",
    )  # fmt: skip
    from naskah.arsip.catatan import _sebagai_dict

    d = _sebagai_dict(md)
    d["isi"]["tanggal"] = "2024-05-17"
    assert md.ke_json() == (json.dumps(d, ensure_ascii=False, indent=2) + "\n").encode()
    assert Metadata.dari_json(md.ke_json()) == md


def test_nilai_lain_kembali_ke_json_dumps() -> None:
    for nilai in (1.5, {1: "a"}, {"a": [0.1]}, object()):
        try:
            _json_berindentasi(nilai, 0)
        except TypeError:
            continue
        raise AssertionError(nilai)
