"""Flowcharts of a Standar Pelayanan procedure (``Prosedur.alur``), drawn with Graphviz ``dot``.

Steps are boxes, decisions diamonds with ``Ya``/``Tidak`` edges, start and end rounded boxes;
Indonesian text is wrapped to about 28 characters; the picture is a PNG at print resolution.
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
    "keputusan": {"shape": "diamond", "margin": "0.02,0.02"},
}


class PenggambarAlur:
    """Draw :class:`Alur` graphs as PNG with the ``dot`` program.

    ``dot`` is the program's path or name; ``dpi`` the resolution (at least 200 for print);
    ``lebar`` the wrapping width in characters; ``font`` a font fontconfig resolves.
    """

    def __init__(
        self,
        dot: str = "dot",
        *,
        dpi: int = 220,
        lebar: int = 28,
        font: str = "Liberation Sans",
        batas_waktu: float = 60.0,
    ) -> None:
        self.dot = dot
        self.dpi = dpi
        self.lebar = lebar
        self.font = font
        self.batas_waktu = batas_waktu

    def sumber(self, alur: Alur) -> str:
        """Return the DOT source of ``alur``."""
        g = graphviz.Digraph("alur")
        g.attr(rankdir="TB", nodesep="0.3", ranksep="0.3", dpi=str(self.dpi), pad="0.1",
               bgcolor="white")  # fmt: skip
        g.attr("node", fontname=self.font, fontsize="11", margin="0.12,0.06", penwidth="1.2")
        g.attr("edge", fontname=self.font, fontsize="10", arrowsize="0.7", penwidth="1.1")
        for langkah in alur.langkah:
            lebar = self.lebar - 6 if langkah.bentuk == "keputusan" else self.lebar
            # a backslash in the text must not start a DOT escape (\\n, \\l …)
            kata = " ".join(langkah.teks.replace("\\", "\\\\").split())
            label = "\\n".join(textwrap.wrap(kata, lebar)) or " "
            g.node(langkah.id, label=label, **_BENTUK[langkah.bentuk])
        for asal, tujuan, label_sisi in alur.sisi():
            if label_sisi:
                g.edge(asal, tujuan, xlabel=f" {label_sisi} ", fontcolor="black")
            else:
                g.edge(asal, tujuan)
        return g.source

    def png(self, alur: Alur) -> bytes:
        """Return the flowchart of ``alur`` as PNG bytes (resolution recorded in the file)."""
        from PIL import Image

        png = self._jalankan(self.sumber(alur), "png")
        keluar = io.BytesIO()
        with Image.open(io.BytesIO(png)) as img:
            img.save(keluar, format="PNG", dpi=(self.dpi, self.dpi), optimize=True)
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
