"""QR codes of family links: as SVG and PNG files, and drawn as vectors into a PDF.

Every code uses error correction M or higher (segno raises it when that costs no size)
and the standard quiet zone of 4 modules, so that it scans from a poster on a wall with a
cheap phone. The same URL always gives the same bytes.
"""

from __future__ import annotations

import io
from functools import lru_cache

import segno
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4


@lru_cache(maxsize=256)
def _code(url: str) -> segno.QRCode:
    """The QR code of a URL (never a Micro QR: phones' camera apps do not read those)."""
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str) -> bytes:
    """The QR code as an SVG file with a <title> naming the link, for screen readers."""
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="svg", scale=10, border=QUIET_ZONE, xmldecl=False, title=f"QR code: {url}")
    return buffer.getvalue()


def qr_png(url: str, scale: int = 10) -> bytes:
    """The QR code as a black-and-white PNG, ``scale`` pixels per module."""
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="png", scale=scale, border=QUIET_ZONE)
    return buffer.getvalue()


def modules(url: str) -> int:
    """The number of modules along one side of the code, quiet zone included."""
    width, _height = _code(url).symbol_size(scale=1, border=QUIET_ZONE)
    return int(width)  # a whole number at scale 1; segno types it as int | float


def draw_qr(canvas: Canvas, url: str, x: float, y: float, size: float) -> None:
    """Draw the code as one filled vector path in the square of side ``size`` whose
    lower left corner is (x, y); the quiet zone lies inside that square and stays white.

    Dark modules next to each other in a row become one rectangle, and all of them are
    filled at once, so that no renderer leaves hairlines between modules.
    """
    module = size / modules(url)
    path = canvas.beginPath()
    for row_number, row in enumerate(_code(url).matrix):
        top = y + size - (QUIET_ZONE + row_number) * module
        for start, length in _dark_runs(row):
            path.rect(x + (QUIET_ZONE + start) * module, top - module, length * module, module)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _dark_runs(row: bytearray) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules in one row of the matrix."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for column, dark in enumerate([*row, 0]):
        if dark and start is None:
            start = column
        elif not dark and start is not None:
            runs.append((start, column - start))
            start = None
    return runs
