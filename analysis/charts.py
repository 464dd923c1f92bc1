"""Charts for the PDF on :class:`matplotlib.figure.Figure` (never pyplot), colour-blind-safe;
the web page and the HTML report draw the same :class:`~analysis.chart_spec.Chart` as SVG
(analysis.svg_charts), so only the PDF loads matplotlib.

Every chart is drawn from figures that have already been through disclosure control:
a hidden value is drawn as no bar (with its marker as the label), never as a guess.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from matplotlib import rc_context
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Polygon

from analysis.chart_spec import HIDDEN, PALETTE, SEQUENTIAL_STOPS, Chart

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

SEQUENTIAL = LinearSegmentedColormap.from_list("blues", list(SEQUENTIAL_STOPS))
STYLE: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.fonttype": "none",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "mitsprache",
}


def draw(chart: Chart) -> Figure:
    with rc_context(STYLE):
        if chart.kind == "bars":
            return _bars(chart)
        if chart.kind == "stacked":
            return _stacked(chart)
        if chart.kind == "waves":
            return _waves(chart)
        if chart.kind == "map":
            return _map(chart)
    raise ValueError(f"unknown chart kind {chart.kind!r}")


def _height(rows: float) -> float:
    return max(1.6, 0.36 * rows + 0.9)


def _wrap(labels: Sequence[str]) -> list[str]:
    return [textwrap.fill(label, 30) for label in labels]


def _bars(chart: Chart) -> Figure:
    values = chart.series[0][1]
    figure = Figure(figsize=(6.4, _height(len(values))), layout="constrained")
    axes = figure.add_subplot()
    positions = range(len(values))
    axes.barh(list(positions), [v or 0 for v in values], color=PALETTE[0], height=0.65)
    for y, value, mark in zip(positions, values, chart.marks or [""] * len(values), strict=False):
        label = f"{value:.0f} {chart.unit}".strip() if value is not None else mark
        axes.text(
            (value or 0) + 0.8,
            y,
            label,
            va="center",
            fontsize=8,
            color="black" if value is not None else "#555555",
        )
    axes.set_yticks(list(positions), labels=_wrap(chart.labels))
    axes.invert_yaxis()
    top = max([v for v in values if v is not None] or [1])
    axes.set_xlim(0, top * 1.18 + 1)
    axes.set_xlabel(chart.unit)
    return figure


def _stacked(chart: Chart) -> Figure:
    figure = Figure(figsize=(6.4, _height(len(chart.labels)) + 0.5), layout="constrained")
    axes = figure.add_subplot()
    left = [0.0] * len(chart.labels)
    hatch_done = False
    for (name, values), colour in zip(chart.series, PALETTE, strict=False):
        widths = [v if v is not None else 0.0 for v in values]
        axes.barh(
            range(len(widths)),
            widths,
            left=left,
            color=colour,
            label=name,
            height=0.6,
            edgecolor="white",
            linewidth=0.5,
        )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    for y, total in enumerate(left):
        if total == 0:
            axes.barh([y], [100], color="white", edgecolor=HIDDEN, hatch="///", height=0.6)
            axes.text(50, y, chart.marks[y] if chart.marks else "", ha="center", va="center", fontsize=8)
            hatch_done = True
    axes.set_yticks(range(len(chart.labels)), labels=_wrap(chart.labels))
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel(chart.unit)
    handles, names = axes.get_legend_handles_labels()
    handles, names = handles[: len(chart.series)], names[: len(chart.series)]
    if hatch_done:
        handles.append(Patch(facecolor="white", edgecolor=HIDDEN, hatch="///"))
        names.append(chart.marks[-1] if chart.marks else "")
    figure.legend(
        handles, _wrap(names), loc="outside lower center", ncols=min(3, len(names)), frameon=False, fontsize=8
    )
    return figure


def _waves(chart: Chart) -> Figure:
    """Grouped bars: one bar per series (wave) for each label, in series order."""
    count = max(len(chart.series), 1)
    figure = Figure(figsize=(6.4, _height(len(chart.labels) * (0.6 + 0.5 * count))), layout="constrained")
    axes = figure.add_subplot()
    width = 0.8 / count
    colours = PALETTE[:count][::-1] if count <= 2 else PALETTE[:count]
    for offset, ((name, values), colour) in enumerate(zip(chart.series, colours, strict=False)):
        ys = [i + (offset - (count - 1) / 2) * width for i in range(len(values))]
        axes.barh(ys, [v or 0 for v in values], height=width, color=colour, label=name)
        for y, value in zip(ys, values, strict=True):
            axes.text(
                (value or 0) + 0.8,
                y,
                f"{value:.0f} {chart.unit}" if value is not None else (chart.marks[0] if chart.marks else ""),
                va="center",
                fontsize=7,
            )
    axes.set_yticks(range(len(chart.labels)), labels=_wrap(chart.labels))
    axes.invert_yaxis()
    top = max([v for _, vs in chart.series for v in vs if v is not None] or [1])
    axes.set_xlim(0, top * 1.25 + 1)
    axes.set_xlabel(chart.unit)
    figure.legend(loc="outside lower center", ncols=min(count, 3), frameon=False, fontsize=8)
    return figure


def _map(chart: Chart) -> Figure:
    values = chart.series[0][1]
    shown = [v for v in values if v is not None]
    norm = Normalize(vmin=min(shown) if shown else 0, vmax=max(shown) if shown else 1)
    figure = Figure(figsize=(6.4, 5.2), layout="constrained")
    axes = figure.add_subplot()
    lats = [y for region in chart.regions for ring in region.rings for _, y in ring]
    for region, value in zip(chart.regions, values, strict=True):
        for ring in region.rings:
            if value is None:
                patch = Polygon(
                    ring, closed=True, facecolor="white", edgecolor="#555555", hatch="///", linewidth=0.6
                )
            else:
                patch = Polygon(
                    ring, closed=True, facecolor=SEQUENTIAL(norm(value)), edgecolor="white", linewidth=0.8
                )
            axes.add_patch(patch)
    for region, label in zip(chart.regions, chart.labels, strict=True):
        xs = [x for ring in region.rings for x, _ in ring]
        ys = [y for ring in region.rings for _, y in ring]
        axes.text(
            sum(xs) / len(xs),
            sum(ys) / len(ys),
            label,
            ha="center",
            va="center",
            fontsize=6,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.7, "linewidth": 0},
        )
    axes.autoscale_view()
    middle = (min(lats) + max(lats)) / 2 if lats else 52.5
    axes.set_aspect(1 / math.cos(math.radians(middle)))
    axes.set_axis_off()
    mappable = _ScalarMappable(norm)
    bar = figure.colorbar(mappable, ax=axes, shrink=0.6, pad=0.02)
    bar.set_label(chart.unit)
    if any(v is None for v in values):
        axes.legend(
            [Patch(facecolor="white", edgecolor="#555555", hatch="///")],
            [chart.marks[0] if chart.marks else ""],
            loc="lower left",
            frameon=False,
            fontsize=8,
        )
    return figure


def _ScalarMappable(norm: Normalize):  # noqa: N802 - a tiny factory, named after what it makes
    from matplotlib.cm import ScalarMappable

    return ScalarMappable(norm=norm, cmap=SEQUENTIAL)


# -- output --------------------------------------------------------------------------------


def png(chart: Chart, dpi: int = 150) -> bytes:
    figure = draw(chart)
    buffer = io.BytesIO()
    with rc_context(STYLE):
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def size(chart: Chart) -> tuple[float, float]:
    """Width and height in inches."""
    width, height = draw(chart).get_size_inches()
    return float(width), float(height)
