"""Charts as small inline SVG with real text, drawn without matplotlib.

The web page and the HTML report draw every :class:`~analysis.chart_spec.Chart` here; the PDF
keeps matplotlib's pictures. What comes out is one ``<svg>`` element that scales with its
container (a ``viewBox``, no width or height), carries ``role="img"``, a ``<title>`` and a
``<desc>``, and writes every label and value as ``<text>``, so it stays sharp at any zoom,
can be searched and read aloud. It uses presentation attributes only — no ``style``
attribute or element, no script, nothing from elsewhere — so a strict Content-Security-
Policy lets it through, and it is the same bytes for the same chart.

The layout is made for a phone first: each label stands above its bar over the whole
width, wrapped onto as many lines as it needs, and the chart grows downwards. Widths of
texts are estimated from their characters (the SVG cannot measure them), generously, so a
text never runs out of the picture. A hidden value is drawn as no bar, with its mark.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from html import escape

from babel.numbers import format_decimal

from analysis.chart_spec import PALETTE, SEQUENTIAL_STOPS, Chart

WIDTH = 340  # viewBox units; a page shows the chart 300-384 px wide (report.css): text 13-17 px
PAD = 4
FONT = 15  # labels
SMALL = 13  # values, legends
LINE = 18  # line height of a label
BAR = 16
GAP = 10  # between one label's bar and the next label
INK = "#1a1a1a"
MUTED = "#595959"  # 7:1 on white: a hidden value's mark
HATCH = "#767676"  # 4.5:1 on white
WHITE = "#ffffff"


def svg(chart: Chart, ident: str, lang: str = "en") -> str:
    """The chart as one ``<svg>`` element; ``ident`` makes its ids unique in the page,
    ``lang`` writes the map's decimal numbers as the reader expects them."""
    draw: dict[str, Callable[[Chart, str, str], tuple[list[str], float]]] = {
        "bars": _bars,
        "stacked": _stacked,
        "waves": _waves,
        "map": _map,
    }
    if chart.kind not in draw:
        raise ValueError(f"unknown chart kind {chart.kind!r}")
    body, height = draw[chart.kind](chart, ident, lang)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {_n(math.ceil(height))}" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" font-size="{FONT}" fill="{INK}">'
        f'<title id="{ident}-t">{_esc(chart.title)}</title><desc id="{ident}-d">{_esc(chart.alt)}</desc>'
        + "".join(body)
        + "</svg>"
    )


# -- the kinds -------------------------------------------------------------------------------


def _bars(chart: Chart, ident: str, lang: str) -> tuple[list[str], float]:
    values = chart.series[0][1] if chart.series else ()
    marks = _marks(chart.marks, len(values))
    texts = [_value(v, chart.unit) if v is not None else m for v, m in zip(values, marks, strict=True)]
    room = max([_width(t, SMALL) for t in texts] or [0]) + 6
    top = max([v for v in values if v is not None] or [1]) or 1
    scale = (WIDTH - 2 * PAD - room) / top
    out: list[str] = []
    y = float(PAD)
    for label, value, text in zip(chart.labels, values, texts, strict=False):
        y = _label(out, label, y)
        if value is None:
            out.append(_text(PAD, y + BAR / 2, text, SMALL, fill=MUTED, middle=True))
        else:
            width = max(value, 0) * scale
            out.append(_rect(PAD, y, width, BAR, PALETTE[0]))
            out.append(_text(PAD + width + 4, y + BAR / 2, text, SMALL, middle=True))
        y += BAR + GAP
    return out, y - GAP + PAD


def _waves(chart: Chart, ident: str, lang: str) -> tuple[list[str], float]:
    """Grouped bars: under each label one bar per series (wave or group), in series order."""
    count = max(len(chart.series), 1)
    colours = PALETTE[:count][::-1] if count <= 2 else PALETTE[:count]
    mark = chart.marks[0] if chart.marks else ""
    shown = [v for _, values in chart.series for v in values if v is not None]
    texts = [_value(v, chart.unit) for v in shown] + [mark]
    room = max(_width(t, SMALL) for t in texts) + 6
    top = max(shown or [1]) or 1
    scale = (WIDTH - 2 * PAD - room) / top
    out: list[str] = []
    y = _legend(out, [(name, colour) for (name, _), colour in zip(chart.series, colours, strict=False)], PAD)
    thin = BAR - 2
    for i, label in enumerate(chart.labels):
        y = _label(out, label, y)
        for (_, values), colour in zip(chart.series, colours, strict=False):
            value = values[i] if i < len(values) else None
            if value is None:
                out.append(_text(PAD, y + thin / 2, mark, SMALL, fill=MUTED, middle=True))
            else:
                width = max(value, 0) * scale
                out.append(_rect(PAD, y, width, thin, colour, _outline(colour)))
                out.append(
                    _text(PAD + width + 4, y + thin / 2, _value(value, chart.unit), SMALL, middle=True)
                )
            y += thin + 2
        y += GAP - 2
    return out, y - GAP + PAD


def _stacked(chart: Chart, ident: str, lang: str) -> tuple[list[str], float]:
    """Rows of 100 %: each series a segment, its value inside when it fits, else under it.
    A row with a hidden value is drawn whole or not at all: hatched, with its mark."""
    rows = len(chart.labels)
    marks = _marks(chart.marks, rows)
    hidden_name = chart.marks[-1] if len(chart.marks) > rows else next((m for m in marks if m), "")
    hidden = [any(values[i] is None for _, values in chart.series) for i in range(rows)]
    entries = [(name, colour) for (name, _), colour in zip(chart.series, PALETTE, strict=False)]
    if any(hidden):
        entries.append((hidden_name, f"url(#{ident}-h)"))
    out: list[str] = [_hatch(ident)] if any(hidden) else []
    y = _legend(out, entries, PAD)
    span = WIDTH - 2 * PAD
    for i, label in enumerate(chart.labels):
        y = _label(out, label, y)
        if hidden[i]:
            text = marks[i] or hidden_name
            box = min(_width(text, SMALL) + 8, span - 4)
            out.append(_rect(PAD, y, span, BAR, f"url(#{ident}-h)", HATCH))
            out.append(_rect(PAD + (span - box) / 2, y + 1, box, BAR - 2, WHITE))
            out.append(_text(PAD + span / 2, y + BAR / 2, text, SMALL, "middle", middle=True))
            y += BAR + GAP
            continue
        left = float(PAD)
        below: list[tuple[float, str]] = []
        for (_, values), colour in zip(chart.series, PALETTE, strict=False):
            value = max(values[i] or 0.0, 0.0)
            width = value * span / 100
            text = _value(value, chart.unit)
            out.append(_rect(left, y, width, BAR, colour, WHITE, 0.8))
            if _width(text, SMALL) + 4 <= width:
                out.append(
                    _text(left + width / 2, y + BAR / 2, text, SMALL, "middle", _ink(colour), middle=True)
                )
            else:
                below.append((left + width / 2, text))
            left += width
        y += BAR
        if below:
            for x, text in _spread(below, SMALL):
                out.append(_text(x, y + 2 + SMALL * 0.8, text, SMALL, "middle"))
            y += SMALL + 4
        y += GAP
    return out, y - GAP + PAD


def _map(chart: Chart, ident: str, lang: str) -> tuple[list[str], float]:
    """The regions filled by their value (light = low, dark = high), hidden ones hatched;
    a number on each region and, under the map, the colour scale and a key of the numbers
    with each region's name and value."""
    values = chart.series[0][1] if chart.series else ()
    mark = chart.marks[0] if chart.marks else ""
    points = [p for region in chart.regions for ring in region.rings for p in ring]
    if not points:
        return [], PAD
    lats = [lat for _, lat in points]
    cos = math.cos(math.radians((min(lats) + max(lats)) / 2))
    xs = [lon * cos for lon, _ in points]
    scale = (WIDTH - 2 * PAD) / ((max(xs) - min(xs)) or 1)
    height = (max(lats) - min(lats)) * scale
    x0, y0 = min(xs), max(lats)

    def project(ring: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(PAD + (lon * cos - x0) * scale, PAD + (y0 - lat) * scale) for lon, lat in ring]

    shown = [v for v in values if v is not None]
    low, high = (min(shown), max(shown)) if shown else (0.0, 1.0)
    out: list[str] = [_hatch(ident)] if len(shown) < len(values) else []
    numbers = []
    for index, (region, value) in enumerate(zip(chart.regions, values, strict=True), start=1):
        rings = [project(ring) for ring in region.rings]
        path = "".join(_path(_simplify(ring, 0.6)) for ring in rings)
        if value is None:
            out.append(f'<path d="{path}" fill="url(#{ident}-h)" stroke="{MUTED}" stroke-width="0.6"/>')
        else:
            fill = _sequential((value - low) / (high - low) if high > low else 0.5)
            out.append(f'<path d="{path}" fill="{fill}" stroke="{WHITE}" stroke-width="0.8"/>')
        ring = max(rings, key=len)
        numbers.append((sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring), str(index)))
    for x, y, text in numbers:
        out.append(_text(x, y, text, SMALL, "middle", halo=True, middle=True, bold=True))
    y = PAD + height + 12

    def formatted(value: float) -> str:
        if chart.unit == "%":
            return _value(value, "%")
        return format_decimal(round(value, 1), format="#,##0.0", locale=lang)

    y = _label(out, chart.unit if chart.unit != "%" else chart.series[0][0], y)
    if shown:
        out.append(f'<defs><linearGradient id="{ident}-g">')
        for i, colour in enumerate(SEQUENTIAL_STOPS):
            out.append(f'<stop offset="{_n(i / (len(SEQUENTIAL_STOPS) - 1))}" stop-color="{colour}"/>')
        out.append("</linearGradient></defs>")
        out.append(_rect(PAD, y, 160, 12, f"url(#{ident}-g)", MUTED, 0.5))
        out.append(_text(PAD, y + 12 + SMALL + 2, formatted(low), SMALL))
        out.append(_text(PAD + 160, y + 12 + SMALL + 2, formatted(high), SMALL, "end"))
    below = 12 + SMALL + 14
    if len(shown) < len(values):
        left = PAD + 180 if shown else PAD
        lines = _wrap(mark, WIDTH - PAD - left - 24, SMALL)
        out.append(_rect(left, y, 18, 12, f"url(#{ident}-h)", MUTED, 0.6))
        out.append(_text(left + 24, y + 10, lines, SMALL))
        below = max(below, len(lines) * LINE + 10)
    y += below
    for i, (label, value) in enumerate(zip(chart.labels, values, strict=True), start=1):
        text = f"{label}: {formatted(value)}" if value is not None else f"{label}: {mark}"
        out.append(_text(PAD + 22, y + SMALL, str(i), SMALL, "end", bold=True))
        lines = _wrap(text, WIDTH - 2 * PAD - 28, SMALL)
        out.append(_text(PAD + 28, y + SMALL, lines, SMALL))
        y += len(lines) * LINE + 2
    return out, y + PAD


# -- pieces ----------------------------------------------------------------------------------


def _label(out: list[str], label: str, y: float) -> float:
    """A label over the whole width, wrapped; the ``y`` under it."""
    lines = _wrap(label, WIDTH - 2 * PAD, FONT)
    out.append(_text(PAD, y + FONT, lines, FONT))
    return y + len(lines) * LINE + 3


def _legend(out: list[str], entries: Sequence[tuple[str, str]], y: float) -> float:
    """Swatches with their names, side by side as long as they fit; the ``y`` under them."""
    x = float(PAD)
    for name, fill in entries:
        lines = _wrap(name, WIDTH - 2 * PAD - 18, SMALL)
        width = 18 + max(_width(line, SMALL) for line in lines) + 12
        if x > PAD and x + width > WIDTH - PAD:
            x, y = float(PAD), y + LINE
        out.append(_rect(x, y + 2, 12, 12, fill, _outline(fill) or (HATCH if fill.startswith("url") else "")))
        out.append(_text(x + 18, y + SMALL, lines, SMALL))
        if len(lines) > 1:
            x, y = float(PAD), y + len(lines) * LINE
        else:
            x += width
    return y + (LINE if x > PAD else 0) + 6


def _hatch(ident: str) -> str:
    return (
        f'<defs><pattern id="{ident}-h" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{WHITE}"/>'
        f'<path d="M0 0V6" stroke="{HATCH}" stroke-width="1.5"/></pattern></defs>'
    )


def _rect(x: float, y: float, width: float, height: float, fill: str, stroke: str = "", line=1.0) -> str:
    edge = f' stroke="{stroke}" stroke-width="{_n(line)}"' if stroke else ""
    return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" fill="{fill}"{edge}/>'


def _text(
    x: float,
    y: float,
    text: str | Sequence[str],
    size: int,
    anchor: str = "start",
    fill: str = "",
    halo: bool = False,
    middle: bool = False,
    bold: bool = False,
) -> str:
    """One ``<text>``: several lines as ``<tspan>``s (a space kept between them, so the
    words stay apart for search and reading). ``middle`` centres it on ``y`` vertically;
    ``halo`` puts a white edge around the letters, for text over colour or hatching. Text
    that begins in a right-to-left script is set right to left, still aligned as asked."""
    lines = [text] if isinstance(text, str) else list(text)
    attrs = f'x="{_n(x)}" y="{_n(y + (size * 0.35 if middle else 0))}"'
    if size != FONT:
        attrs += f' font-size="{size}"'
    if _rtl(" ".join(lines)):
        anchor = {"start": "end", "end": "start"}.get(anchor, anchor)
        attrs += ' direction="rtl" unicode-bidi="embed"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if fill:
        attrs += f' fill="{fill}"'
    if bold:
        attrs += ' font-weight="bold"'
    if halo:
        attrs += f' stroke="{WHITE}" stroke-width="3" stroke-linejoin="round" paint-order="stroke"'
    first, *rest = [_esc(line) + (" " if i < len(lines) - 1 else "") for i, line in enumerate(lines)]
    tail = "".join(f'<tspan x="{_n(x)}" dy="{LINE}">{line}</tspan>' for line in rest)
    return f"<text {attrs}>{first}{tail}</text>"


def _spread(items: list[tuple[float, str]], size: int) -> list[tuple[float, str]]:
    """Centred texts on one line moved apart so they do not overlap, and kept inside."""
    placed: list[list[float]] = []
    for x, text in items:
        half = _width(text, size) / 2 + 2
        x = max(x, PAD + half, (placed[-1][0] + placed[-1][1] + half) if placed else 0)
        placed.append([x, half])
    right = WIDTH - PAD
    for i in range(len(placed) - 1, -1, -1):
        x, half = placed[i]
        limit = right if i == len(placed) - 1 else placed[i + 1][0] - placed[i + 1][1]
        placed[i][0] = min(x, limit - half)
    return [(x, text) for (x, _), (_, text) in zip(placed, items, strict=True)]


def _path(ring: Sequence[tuple[float, float]]) -> str:
    """A closed ring as a path, relative steps after the first point (shorter)."""
    (x, y), *rest = [(round(a, 1), round(b, 1)) for a, b in ring]
    parts = [f"M{_n(x)} {_n(y)}"]
    steps = []
    for a, b in rest:
        if (a, b) != (x, y):
            steps.append(f"{_n(a - x)} {_n(b - y)}")
            x, y = a, b
    return parts[0] + ("l" + " ".join(steps) if steps else "") + "z"


def _simplify(ring: Sequence[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: the points that matter at this size (deterministic)."""
    if len(ring) < 4:
        return list(ring)
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = ring[first], ring[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        farthest, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = ring[i]
            if length:
                distance = abs(dy * (px - ax) - dx * (py - ay)) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > farthest:
                farthest, index = distance, i
        if index >= 0 and farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(ring, keep, strict=True) if kept]


# -- text and colour -------------------------------------------------------------------------


def _esc(text: str) -> str:
    """Text for XML: escaped, without the control characters XML forbids."""
    clean = "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 32)
    return escape(" ".join(clean.split()), quote=True)


def _n(value: float) -> str:
    """A coordinate rounded to one decimal, as short as it can be written."""
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _value(value: float, unit: str) -> str:
    return f"{value:.0f} {unit}".strip()


def _marks(marks: Sequence[str], count: int) -> list[str]:
    return [marks[i] if i < len(marks) else "" for i in range(count)]


def _em(ch: str) -> float:
    """A character's width in em, on the generous side (for wide sans-serif fonts)."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.05
    if unicodedata.combining(ch):
        return 0.0
    if ch in " .,:;'!|il1ijtfI()[]/-":
        return 0.36
    if ch in "mwMWÆŒœæ@%":
        return 0.95
    if ch.isupper() or ch.isdigit():
        return 0.7
    return 0.62


def _width(text: str, size: float) -> float:
    return sum(_em(ch) for ch in text) * size


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy line breaking at spaces by estimated width; a word longer than a line is cut."""
    lines: list[str] = []
    line = ""
    for word in " ".join(text.split()).split(" "):
        candidate = f"{line} {word}" if line else word
        if _width(candidate, size) <= width or not candidate:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        while _width(line, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and _width(line[:cut], size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    lines.append(line)
    return lines


def _rtl(text: str) -> bool:
    """Whether the text's first strong character belongs to a right-to-left script."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _ink(fill: str) -> str:
    """White or near-black text on ``fill``, whichever reads better (≥ 4.5:1 for the palette)."""
    return WHITE if contrast(WHITE, fill) >= contrast(INK, fill) else INK


def _outline(fill: str) -> str:
    """A dark edge for a bar too light to stand out from white on its own (< 3:1)."""
    return INK if fill.startswith("#") and contrast(fill, WHITE) < 3 else ""


def _sequential(t: float) -> str:
    """The colour at ``t`` (0-1) of the sequential scale, as charts.SEQUENTIAL mixes it."""
    stops = [_rgb(c) for c in SEQUENTIAL_STOPS]
    position = min(max(t, 0.0), 1.0) * (len(stops) - 1)
    i = min(int(position), len(stops) - 2)
    part = position - i
    mixed = (round(a + (b - a) * part) for a, b in zip(stops[i], stops[i + 1], strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)
