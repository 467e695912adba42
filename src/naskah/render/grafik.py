"""The evaluation report's charts (matplotlib, Agg, no GUI): owns their drawing only.

Two charts: the NRR of each unsur as horizontal bars (:func:`grafik_nrr`) and the on-time share
of requests per month as a line (:func:`grafik_bulanan`). Both are PNG at 300 dpi in Liberation
Sans, the font the report's template (Arial) resolves to in the PDF, with decimal commas. The
figure is built with :class:`matplotlib.figure.Figure` and its Agg canvas directly: pyplot (and
its global backend and state) is never touched, so drawing is safe in a server process.
Output is deterministic (no timestamp in the PNG).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

__all__ = ["DPI", "FONT", "grafik_bulanan", "grafik_nrr"]

DPI = 300
FONT = "Liberation Sans"
WARNA = "#1F3A68"
WARNA_PRIORITAS = "#B8892B"
ABU = "#555B66"
BATAS_NRR = (2.60, 3.0644, 3.5324)
"""The NRR interval boundaries of PermenPANRB 14/2017 (grade C, B and A start there)."""


def _koma(x: float, tempat: int = 2) -> str:
    return f"{x:.{tempat}f}".replace(".", ",")


def _gambar(lebar_cm: float, tinggi_cm: float) -> tuple[Any, Any, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(lebar_cm / 2.54, tinggi_cm / 2.54), dpi=DPI)
    kanvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    return fig, kanvas, ax


def _png(fig: Any, kanvas: Any) -> bytes:
    """The figure as an RGB PNG (no alpha channel: a PDF then needs no soft mask)."""
    from PIL import Image

    fig.tight_layout(pad=0.4)
    kanvas.draw()
    rgba = Image.frombuffer("RGBA", kanvas.get_width_height(), kanvas.buffer_rgba())
    datar = Image.new("RGB", rgba.size, "white")
    datar.paste(rgba, mask=rgba.split()[3])
    keluar = io.BytesIO()
    datar.save(keluar, format="PNG", dpi=(DPI, DPI), optimize=True)
    return keluar.getvalue()


def _gaya() -> Any:
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [FONT],
        "font.size": 8,
        "axes.edgecolor": ABU,
        "axes.labelcolor": "#222222",
        "xtick.color": "#222222",
        "ytick.color": "#222222",
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def grafik_nrr(unsur: Sequence[tuple[str, float]], *, prioritas: int | None = None,
               lebar_cm: float = 16.0) -> bytes:  # fmt: skip
    """Return the bar chart of the NRR (1..4) of each unsur, ``(label, nrr)`` in order; bar
    ``prioritas`` (0-based) is drawn in the accent colour."""
    import matplotlib as mpl
    from matplotlib.ticker import FuncFormatter

    with mpl.rc_context(_gaya()):
        fig, kanvas, ax = _gambar(lebar_cm, 0.75 * len(unsur) + 2.0)
        label = [u[0] for u in unsur][::-1]
        nilai = [u[1] for u in unsur][::-1]
        warna = [WARNA] * len(unsur)
        if prioritas is not None:
            warna[prioritas] = WARNA_PRIORITAS
        warna = warna[::-1]
        batang = ax.barh(range(len(nilai)), nilai, color=warna, height=0.62)
        ax.set_yticks(range(len(label)), labels=label)
        ax.set_xlim(1, 4.35)
        ax.set_xticks([1, 1.5, 2, 2.5, 3, 3.5, 4])
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: _koma(x, 1)))
        ax.set_xlabel("Nilai rata-rata (NRR) per unsur, skala 1–4")
        for b in BATAS_NRR:
            ax.axvline(b, color="#999999", linewidth=0.6, linestyle=(0, (3, 2)), zorder=0)
        for x, huruf in zip((1.0, *BATAS_NRR), "DCBA", strict=True):
            ax.text(x + 0.03, len(nilai) - 0.35, huruf, color="#777777", fontsize=7, va="bottom")
        for rect, v in zip(batang, nilai, strict=True):
            ax.text(rect.get_width() + 0.03, rect.get_y() + rect.get_height() / 2, _koma(v),
                    va="center", fontsize=7.5)  # fmt: skip
        ax.set_ylim(-0.6, len(nilai) - 0.1)
        return _png(fig, kanvas)


def grafik_bulanan(bulan: Sequence[tuple[str, float | None]], *, lebar_cm: float = 16.0) -> bytes:
    """Return the line chart of the on-time share (percent) per month, ``(label, persen)``;
    a month without judged requests is a gap."""
    import matplotlib as mpl
    from matplotlib.ticker import FuncFormatter

    with mpl.rc_context(_gaya()):
        fig, kanvas, ax = _gambar(lebar_cm, 6.2)
        x = list(range(len(bulan)))
        y = [float("nan") if v is None else v for _, v in bulan]
        ada = [v for v in y if v == v]
        bawah = max(0.0, (min(ada) if ada else 0.0) - 12.0)
        ax.plot(x, y, color=WARNA, marker="o", markersize=3.5, linewidth=1.4)
        for xi, yi in zip(x, y, strict=True):
            if yi == yi:
                ax.annotate(
                    _koma(yi, 1),
                    (xi, yi),
                    xytext=(0, 5),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=7,
                    bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"},
                )
        ax.set_xticks(x, labels=[b for b, _ in bulan])
        ax.set_ylim(bawah, 104)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}%"))
        ax.set_ylabel("Permohonan selesai tepat waktu")
        ax.grid(axis="y", color="#DDDDDD", linewidth=0.6)
        ax.set_axisbelow(True)
        return _png(fig, kanvas)
