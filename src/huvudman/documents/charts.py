"""Charts as SVG with their text kept as text (readable, searchable, translatable): the same
drawing in the portal's pages and in the PDF documents."""

from __future__ import annotations

import io
from collections.abc import Sequence

#: Colours that keep apart for common colour blindness, and on paper in grey.
COLOURS = ("#1f4e79", "#5b8db8", "#8a4b00", "#d4a017", "#4d4d4d")


def plain(text: str) -> str:
    """Text the chart library shows as it is (a `$` would start its mathematics)."""
    return text.replace("$", r"\$")


def figure(width: float, height: float):
    """A new figure and its axes, drawn off screen, text left as text."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["font.family"] = "DejaVu Sans"
    return plt.subplots(figsize=(width, height), dpi=100)


def to_svg(fig) -> str:
    """The figure as an SVG document (from its `<svg` element), the figure closed."""
    import matplotlib.pyplot as plt

    fig.tight_layout()
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    plt.close(fig)
    svg = buf.getvalue()
    return svg[svg.index("<svg"):]


def monthly_svg(labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]],
                title: str) -> str:
    """Grouped bars per month (one colour per series) with a legend: a trend over a year."""
    import numpy as np

    fig, ax = figure(8, 3.2)
    x = np.arange(len(labels))
    width = 0.8 / max(len(series), 1)
    for k, (name, values) in enumerate(series):
        ax.bar(x + (k - (len(series) - 1) / 2) * width, list(values), width,
               label=plain(name), color=COLOURS[k % len(COLOURS)])
    ax.set_xticks(x, [plain(label) for label in labels], fontsize=8)
    ax.set_title(plain(title), fontsize=10)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False)
    return to_svg(fig)
