"""What a chart shows, before anyone draws it: :class:`Chart`, the colours and the text
alternative. No drawing library here: the web page and the HTML report draw charts as SVG
(analysis.svg_charts), the PDF with matplotlib (analysis.charts), both from this.

Every chart is made from figures that have already been through disclosure control: a
hidden value is ``None`` with its mark, drawn as no bar, never as a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from analysis.geography import Region

# Okabe & Ito (2008), safe for the common colour-vision deficiencies
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
SEQUENTIAL_STOPS = ("#EAF2FA", "#56B4E9", "#0072B2", "#08306B")  # the map's scale: light = low
HIDDEN = "#BBBBBB"


@dataclass(frozen=True)
class Chart:
    """What to draw: ``kind`` is bars | stacked | waves | map."""

    kind: str
    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    marks: tuple[str, ...] = ()  # per label: what to write where a value is hidden
    unit: str = "%"
    alt: str = ""
    regions: tuple[Region, ...] = ()  # map only: the polygons, in the order of ``labels``


def alt_items(
    labels: Sequence[str], values: Sequence[float | None], marks: Sequence[str], unit: str, hidden: str
) -> str:
    parts = []
    for label, value, mark in zip(labels, values, marks or [""] * len(labels), strict=False):
        parts.append(
            f"{label} {value:.0f} {unit}".strip() if value is not None else f"{label}: {mark or hidden}"
        )
    return "; ".join(parts)
