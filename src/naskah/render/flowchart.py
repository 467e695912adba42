"""Flowcharts of a Standar Pelayanan procedure (``Prosedur.alur``), drawn with Graphviz ``dot``.

Steps are boxes, decisions diamonds with ``Ya``/``Tidak`` edges, start and end rounded boxes;
Indonesian text is wrapped to about 28 characters; the picture is an EMF (vector, its text
searchable in the PDF, :mod:`naskah.render.emf`), or a PNG at print resolution.
The ``dot`` program is injected (:class:`PenggambarAlur`), so tests can point it at a missing
binary; the ``graphviz`` Python package only builds the DOT source (it escapes labels).
"""

from __future__ import annotations

import io
import textwrap

import graphviz

from naskah.errors import RenderError
from naskah.models import Alur
from naskah.proses import Alat, jalankan

PASANG_GRAPHVIZ = "sudo apt-get install graphviz"

_BENTUK = {
    "proses": {"shape": "box"},
    "mulai": {"shape": "box", "style": "rounded,bold"},
    "selesai": {"shape": "box", "style": "rounded,bold"},
    "keputusan": {"shape": "diamond", "margin": "0.14,0.08"},
}


class PenggambarAlur:
    """Draw :class:`Alur` graphs as PNG with the ``dot`` program.

    ``dot`` is the program's path or name; ``dpi`` the resolution (at least 200 for print);
    ``lebar`` the wrapping width in characters; ``ukuran`` the text size in points, printed at
    that size when the chart fits its column (the table's 11 pt); ``font`` a font fontconfig
    resolves.
    """

    def __init__(
        self,
        dot: str = "dot",
        *,
        dpi: int = 220,
        lebar: int = 26,
        ukuran: float = 10,
        font: str = "Liberation Sans",
        batas_waktu: float = 60.0,
    ) -> None:
        self.dot = dot
        self.dpi = dpi
        self.lebar = lebar
        self.ukuran = ukuran
        self.font = font
        self.batas_waktu = batas_waktu

    def sumber(self, alur: Alur) -> str:
        """Return the DOT source of ``alur``.

        The main path (from the first step, through every ``Ya``) is one straight column;
        a ``Tidak`` branch to a step off that path stands beside its decision; edges back to an
        earlier step leave and enter on the right side, so their labels stay readable.
        """
        g = graphviz.Digraph("alur")
        g.attr(rankdir="TB", nodesep="0.3", ranksep="0.2", dpi=str(self.dpi), pad="0.05",
               bgcolor="transparent", splines="spline", newrank="true")  # fmt: skip
        g.attr("node", fontname=self.font, fontsize=str(self.ukuran), margin="0.12,0.05",
               penwidth="1.1", style="filled", fillcolor="white")  # fmt: skip
        g.attr("edge", fontname=self.font, fontsize=str(self.ukuran - 1), arrowsize="0.7",
               penwidth="1.0")  # fmt: skip
        urutan = {s.id: i for i, s in enumerate(alur.langkah)}
        utama = _jalur_utama(alur)
        for langkah in alur.langkah:
            lebar = self.lebar - 8 if langkah.bentuk == "keputusan" else self.lebar
            if langkah.id not in utama:  # a side step: narrower, so the chart fits its column
                lebar = self.lebar - 8
            # a backslash in the text must not start a DOT escape (\\n, \\l …)
            kata = " ".join(langkah.teks.replace("\\", "\\\\").split())
            isi = "\\n".join(textwrap.wrap(kata, lebar)) or " "
            atribut = dict(_BENTUK[langkah.bentuk])
            if "style" in atribut:
                atribut["style"] += ",filled"
            if langkah.id in utama:
                atribut["group"] = "utama"
            g.node(langkah.id, label=isi, **atribut)
        masuk: dict[str, int] = {}
        for _, ke, _ in alur.sisi():
            masuk[ke] = masuk.get(ke, 0) + 1
        for asal, tujuan, label in alur.sisi():
            mundur = tujuan in utama and asal in utama and utama[tujuan] <= utama[asal]
            mundur = mundur or (asal not in utama and urutan[tujuan] < urutan[asal])
            attr: dict[str, str] = {}
            if asal == tujuan:  # a decision repeated until it passes: a loop on the right
                if label:
                    attr.update(label=f" {label}")
            elif mundur:  # back to an earlier step: around the right side
                attr.update(constraint="false", tailport="e", headport="e")
                if label:
                    attr.update(taillabel=label, labelangle="-40", labeldistance="2.2")
            elif asal in utama and tujuan not in utama and masuk.get(tujuan) == 1:
                # a side branch stands beside its decision
                with g.subgraph() as sisi:
                    sisi.attr(rank="same")
                    sisi.node(asal)
                    sisi.node(tujuan)
                attr.update(tailport="e", headport="w")
                if label:
                    attr.update(label=label)
            elif label:
                # a real label: dot gives it its own place beside the edge, never on it
                attr.update(label=f" {label}")
            g.edge(asal, tujuan, **attr)
        return g.source

    def emf(self, alur: Alur) -> tuple[bytes, float, float]:
        """Return the flowchart of ``alur`` as EMF (vector, text as text) and its size in pt."""
        import json

        from naskah.render.emf import emf_dari_json

        try:
            graf = json.loads(self._jalankan(self.sumber(alur), "json"))
        except ValueError:
            raise RenderError(
                "Graphviz memberi gambar bagan alur yang tidak terbaca; periksa langkah-langkah "
                "alurnya."
            ) from None
        return emf_dari_json(graf)

    def png(self, alur: Alur) -> bytes:
        """Return the flowchart of ``alur`` as PNG bytes (resolution recorded in the file)."""
        from PIL import Image

        png = self._jalankan(self.sumber(alur), "png")
        keluar = io.BytesIO()
        with Image.open(io.BytesIO(png)) as img:
            # no optimize pass: it costs most of the render time of a chart (measured)
            img.save(keluar, format="PNG", dpi=(self.dpi, self.dpi), compress_level=6)
        return keluar.getvalue()

    def _jalankan(self, sumber: str, format_: str) -> bytes:
        proses = jalankan(
            Alat(self.dot, "Program Graphviz untuk menggambar bagan alur", PASANG_GRAPHVIZ),
            [f"-T{format_}"],
            masukan=sumber.encode("utf-8"),
            batas_waktu=self.batas_waktu,
            pesan_waktu_habis=(
                f"Graphviz tidak selesai menggambar bagan alur dalam {self.batas_waktu:.0f} "
                "detik; sederhanakan alurnya lalu ulangi."
            ),
        )
        if proses.kode != 0 or not proses.keluaran:
            pesan = proses.galat.decode("utf-8", "replace").strip().splitlines()
            raise RenderError(
                "Graphviz gagal menggambar bagan alur"
                + (f" ({pesan[-1]})" if pesan else "")
                + "; periksa langkah-langkah alurnya."
            )
        return proses.keluaran


def _jalur_utama(alur: Alur) -> dict[str, int]:
    """Return the main path's steps with their position: from the first, following Ya."""
    ke = {s.id: s for s in alur.langkah}
    berikut: dict[str, str] = {}
    for asal, tujuan, label in alur.sisi():
        if label in (None, "Ya") and asal not in berikut:
            berikut[asal] = tujuan
    jalur: dict[str, int] = {}
    sekarang: str | None = alur.langkah[0].id
    while sekarang is not None and sekarang not in jalur and sekarang in ke:
        jalur[sekarang] = len(jalur)
        sekarang = berikut.get(sekarang)
    return jalur
