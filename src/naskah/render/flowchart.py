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
from collections.abc import Iterable, Mapping, Sequence

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

    def sumber(
        self,
        alur: Alur,
        bagian: Sequence[str] | None = None,
        penghubung: Mapping[str, str] | None = None,
    ) -> str:
        """Return the DOT source of ``alur`` (or of its steps ``bagian`` only).

        The main path (from the first step, through every ``Ya``) is one straight column;
        a ``Tidak`` branch to a step off that path stands beside its decision; edges back to an
        earlier step leave and enter on the right side, so their labels stay readable.

        Drawing a part (``bagian``), an edge to a step outside it ends at an off-page connector
        (a small pentagon pointing down, lettered as ``penghubung`` says for the step it leads
        to) and an edge from outside starts at one: the chart continues where the same letter
        stands.
        """
        if bagian is None:
            bagian = [s.id for s in alur.langkah]
        penghubung = penghubung or {}
        masuk_ada: set[str] = set()  # the steps given an entering connector
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
            if langkah.id not in bagian:
                continue
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
            if asal not in bagian or tujuan not in bagian:
                self._penghubung(g, bagian, penghubung, utama, masuk_ada, asal, tujuan, label)
                continue
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

    def _penghubung(
        self,
        g: graphviz.Digraph,
        bagian: Sequence[str],
        penghubung: Mapping[str, str],
        utama: Mapping[str, int],
        masuk_ada: set[str],
        asal: str,
        tujuan: str,
        label: str | None,
    ) -> None:
        """Draw the edge ``asal`` → ``tujuan`` that leaves or enters the part ``bagian``."""
        if asal not in bagian and tujuan not in bagian:
            return
        huruf = penghubung.get(tujuan, "A")
        atribut = {"shape": "invhouse", "label": huruf, "width": "0.32", "height": "0.3",
                   "fixedsize": "true", "margin": "0"}  # fmt: skip
        lurus = asal in utama and tujuan in utama and utama[tujuan] == utama[asal] + 1
        if asal in bagian:  # leaves the part: ends at a connector below (or beside) the step
            simpul = f"keluar_{tujuan}_{asal}"
            if lurus:
                atribut["group"] = "utama"
            g.node(simpul, **atribut)
            g.edge(asal, simpul, **({"label": f" {label}"} if label else {}))
        elif tujuan not in masuk_ada:  # enters the part: one connector per step
            masuk_ada.add(tujuan)
            simpul = f"masuk_{tujuan}"
            if tujuan == bagian[0]:  # the part's first step: straight above it
                if tujuan in utama:
                    atribut["group"] = "utama"
                g.node(simpul, **atribut)
                g.edge(simpul, tujuan)
            else:  # a step further down (a loop back from a later part): beside it, right
                with g.subgraph() as sisi:
                    sisi.attr(rank="same")
                    sisi.node(simpul, **atribut)
                    sisi.node(tujuan)
                g.edge(simpul, tujuan, tailport="w", headport="e")

    def bagi(self, alur: Alur, tinggi_maks: float) -> list[tuple[bytes, float, float]]:
        """Return ``alur`` drawn in parts no taller than ``tinggi_maks`` pt (EMF and size each).

        A part is a run of steps in the list's order; parts end between two steps of the main
        path, never right after a decision (its branches stay with it), unless no such place
        fits. Edges between parts end and start at lettered off-page connectors.
        """
        ids = [s.id for s in alur.langkah]
        utama = _jalur_utama(alur)
        boleh = [i for i in range(1, len(ids))
                 if alur.langkah[i - 1].bentuk != "keputusan" and ids[i] in utama]  # fmt: skip
        posisi = self._posisi(alur)
        batas: list[int] = []
        mulai = 0
        while mulai < len(ids):
            akhir = self._akhir_bagian(alur, ids, mulai, [i for i in boleh if i > mulai],
                                       tinggi_maks, posisi)  # fmt: skip
            if akhir is None:  # no good place fits: any place between steps
                akhir = self._akhir_bagian(alur, ids, mulai, range(mulai + 1, len(ids)),
                                           tinggi_maks, posisi) or mulai + 1  # fmt: skip
            batas.append(akhir)
            mulai = akhir
        bagian = [ids[a:b] for a, b in zip([0, *batas], batas, strict=False)]
        ke_bagian = {i: n for n, b in enumerate(bagian) for i in b}
        silang = sorted({t for a, t, _ in alur.sisi() if ke_bagian[a] != ke_bagian[t]},
                        key=ids.index)  # fmt: skip
        penghubung = {t: _huruf(n) for n, t in enumerate(silang)}
        return [self.emf(alur, b, penghubung) for b in bagian]

    def _posisi(self, alur: Alur) -> dict[str, tuple[float, float]]:
        """Return each step's top and bottom (pt, y up) in the whole chart's layout."""
        import json

        try:
            graf = json.loads(self._jalankan(self.sumber(alur), "json"))
            return {
                o["name"]: (float(o["pos"].split(",")[1]) + float(o["height"]) * 36,
                            float(o["pos"].split(",")[1]) - float(o["height"]) * 36)
                for o in graf.get("objects", []) if "pos" in o and "height" in o
            }  # fmt: skip
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            return {}  # no estimate: every place is drawn and measured

    def _akhir_bagian(
        self,
        alur: Alur,
        ids: list[str],
        mulai: int,
        calon: Iterable[int],
        tinggi_maks: float,
        posisi: Mapping[str, tuple[float, float]],
    ) -> int | None:
        """Return the furthest end (exclusive) from ``calon`` whose part fits, else None.

        The whole chart's layout estimates where that is (the steps' span, without the
        connectors); from there each place is drawn and measured, one at a time, so a long
        chart costs a few drawings per part rather than one per step.
        """
        akhir = [*calon, len(ids)]

        def taksir(a: int) -> float:
            langkah = [posisi[i] for i in ids[mulai:a] if i in posisi]
            if len(langkah) < a - mulai:
                return 0.0
            return max(t for t, _ in langkah) - min(b for _, b in langkah)

        def muat(a: int) -> bool:
            return self.emf(alur, ids[mulai:a])[2] <= tinggi_maks

        k = max((j for j, a in enumerate(akhir) if taksir(a) <= tinggi_maks), default=0)
        if muat(akhir[k]):
            while k + 1 < len(akhir) and muat(akhir[k + 1]):
                k += 1
            return akhir[k]
        while k > 0:
            k -= 1
            if muat(akhir[k]):
                return akhir[k]
        return None

    def emf(
        self,
        alur: Alur,
        bagian: Sequence[str] | None = None,
        penghubung: Mapping[str, str] | None = None,
    ) -> tuple[bytes, float, float]:
        """Return the flowchart of ``alur`` (or of part ``bagian``, see :meth:`sumber`) as EMF
        (vector, text as text) and its size in pt."""
        import json

        from naskah.render.emf import emf_dari_json

        try:
            graf = json.loads(self._jalankan(self.sumber(alur, bagian, penghubung), "json"))
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


def _huruf(n: int) -> str:
    """Return the connector letter number ``n``: A … Z, then AA, AB …"""
    return ("" if n < 26 else _huruf(n // 26 - 1)) + chr(ord("A") + n % 26)


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
