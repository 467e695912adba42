"""The archived YAML source: dumped entry by entry (the shared ``kegiatan`` reused), the same
bytes as one dump of the whole model."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from naskah.arsip.siapkan import yaml_sumber
from naskah.loader import muat_dokumen
from naskah.models import Dokumen, Peserta, Sertifikat, SertifikatKegiatan

CONTOH = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


def _sekali(model: Dokumen | Sertifikat) -> bytes:
    """The whole model in one dump (what the archive wrote before)."""
    if isinstance(model, Dokumen):
        d = model.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        d = {"jenis": model.jenis, **d}
    else:
        d = model.model_dump(mode="json", exclude_none=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(d, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100).encode()


@pytest.mark.parametrize("path", CONTOH, ids=lambda p: p.name)
def test_sama_dengan_satu_dump(path: Path) -> None:
    model = muat_dokumen(path)  # every example is a document: none is skipped
    if isinstance(model, SertifikatKegiatan):
        inti = model.model_copy(update={"peserta": [], "berkas_peserta": None})
        peserta = list(model.peserta) or [Peserta(nama="Budi Santoso, S.Pd.", instansi="SMA 1")]
        kegiatan = inti.kegiatan.model_copy(update={"tempat": f"{inti.kegiatan.tempat} (lain)"})
        lain = inti.model_copy(update={"kegiatan": kegiatan})
        for i, p in enumerate([*peserta[:4], *peserta[:2]]):
            # the same activity again and again, then another one (the reused text must go)
            keg = lain if i >= 4 else inti
            s = Sertifikat(kegiatan=keg, peserta=p, nomor=f"{i + 1:04d}/X/2024",
                           id_verifikasi="abcdefghijklmnop")  # fmt: skip
            assert yaml_sumber(s) == _sekali(s)
    else:
        assert isinstance(model, Dokumen), type(model)
        assert yaml_sumber(model) == _sekali(model)
        assert yaml_sumber(model) == _sekali(model)  # the second time from what was kept
