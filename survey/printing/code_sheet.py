"""Sheets of one-time access codes: A4 pages of ten slips (two columns, five rows) with
dashed lines to cut along.

Each slip carries the QR code of its own link (which holds the code), the code in large
monospaced letters, the link to type in, and a short invitation. A family that gets a
slip can answer once.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas

from survey.printing.qr import draw_qr
from survey.printing.text import (
    MONO_BOLD,
    SANS,
    Invitation,
    fitting_size,
    register_fonts,
    visual,
    width,
    wrap,
)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 1 * cm
HEADER = 0.7 * cm
COLUMNS, ROWS = 2, 5
PER_PAGE = COLUMNS * ROWS
SLIP_WIDTH = (PAGE_WIDTH - 2 * MARGIN) / COLUMNS
SLIP_HEIGHT = (PAGE_HEIGHT - 2 * MARGIN - HEADER) / ROWS
PADDING = 0.3 * cm
QR_TOP = 0.15 * cm  # the quiet zone itself keeps the code clear of the cut lines
CODE_SIZE = 24
URL_SIZE = 8
SMALLEST_URL_SIZE = 6
INVITATION_SIZE = 9.5


def code_sheet_pdf(title: str, slips: list[tuple[str, str]], invitation: Invitation) -> bytes:
    """The slips, given as (code, url), on as many A4 pages as they need, in order, with
    the invitation in its language."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, lang=invitation.language, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Mitsprache")
    pages = list(_pages(slips))
    for number, page in enumerate(pages, start=1):
        _header(canvas, title, f"{number}/{len(pages)}")
        _cut_lines(canvas)
        for index, (code, url) in enumerate(page):
            column, row = index % COLUMNS, index // COLUMNS
            x = MARGIN + column * SLIP_WIDTH
            y = PAGE_HEIGHT - MARGIN - HEADER - (row + 1) * SLIP_HEIGHT
            _slip(canvas, code, url, invitation, x, y)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _pages(slips: list[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
    """The slips in pages of ten (one empty page when there are none)."""
    for start in range(0, max(len(slips), 1), PER_PAGE):
        yield slips[start : start + PER_PAGE]


def _header(canvas: Canvas, title: str, page: str) -> None:
    """The sheet's title and the page number above the slips."""
    baseline = PAGE_HEIGHT - MARGIN - 9
    canvas.setFont(SANS, 9)
    canvas.drawString(MARGIN, baseline, visual(title))
    canvas.drawRightString(PAGE_WIDTH - MARGIN, baseline, page)


def _cut_lines(canvas: Canvas) -> None:
    """Dashed grey lines around and between all slips of a page, with scissors."""
    left, right = MARGIN, PAGE_WIDTH - MARGIN
    top, bottom = PAGE_HEIGHT - MARGIN - HEADER, MARGIN
    canvas.saveState()
    canvas.setStrokeGray(0.35)
    canvas.setLineWidth(0.6)
    canvas.setDash(4, 3)
    for row in range(ROWS + 1):
        canvas.line(left, top - row * SLIP_HEIGHT, right, top - row * SLIP_HEIGHT)
    for column in range(COLUMNS + 1):
        canvas.line(left + column * SLIP_WIDTH, top, left + column * SLIP_WIDTH, bottom)
    canvas.restoreState()
    canvas.setFont(SANS, 11)
    canvas.drawString(left + 6, top - 4, "\u2702")


def _slip(canvas: Canvas, code: str, url: str, invitation: Invitation, x: float, y: float) -> None:
    """One slip with its lower left corner at (x, y): the QR code at the left, the
    invitation and the code beside it, the link along the bottom."""
    url_height = _link(canvas, url, x + PADDING, y + PADDING)
    side = SLIP_HEIGHT - PADDING - url_height - QR_TOP
    draw_qr(canvas, url, x + QR_TOP, y + PADDING + url_height, side)
    left = x + QR_TOP + side
    available = x + SLIP_WIDTH - PADDING - left
    code_size = fitting_size(code, MONO_BOLD, CODE_SIZE, available)
    code_baseline = y + PADDING + url_height + side * 0.2
    canvas.setFont(MONO_BOLD, code_size)
    canvas.drawString(left, code_baseline, code)
    top = y + SLIP_HEIGHT - PADDING
    _invitation(canvas, invitation, left, top, available, top - code_baseline - code_size * 1.5)


def _link(canvas: Canvas, url: str, x: float, y: float) -> float:
    """The link along the bottom of a slip, its last line's baseline at y; returns the
    height it takes."""
    available = SLIP_WIDTH - 2 * PADDING
    lines = _url_lines(url, available)
    leading = URL_SIZE * 1.25
    for index, line in enumerate(lines):
        canvas.setFont(MONO_BOLD, fitting_size(line, MONO_BOLD, URL_SIZE, available, SMALLEST_URL_SIZE))
        canvas.drawString(x, y + (len(lines) - 1 - index) * leading, line)
    return len(lines) * leading


def _invitation(
    canvas: Canvas, invitation: Invitation, left: float, top: float, width: float, height: float
) -> None:
    """The invitation in as many lines as it needs below ``top``, in the largest size at
    which they fit ``height``; right-to-left lines end at the right."""
    text = invitation.full
    size = INVITATION_SIZE
    lines = wrap(text, SANS, size, width)
    while size > 6 and len(lines) * size * 1.25 > height:
        size -= 0.5
        lines = wrap(text, SANS, size, width)
    for line in lines:
        top -= size * 1.25
        shown = visual(line, invitation.direction)
        canvas.setFont(SANS, fitting_size(shown, SANS, size, width))
        if invitation.direction == "rtl":
            canvas.drawRightString(left + width, top, shown)
        else:
            canvas.drawString(left, top, shown)


def _url_lines(url: str, available: float) -> list[str]:
    """The link in one line if it fits (at a smaller size if need be), else broken into
    lines that fit, after a slash, ? or & where there is one."""
    if width(url, MONO_BOLD, SMALLEST_URL_SIZE) <= available:
        return [url]
    lines: list[str] = []
    rest = url
    while rest:
        cut = len(rest)
        while cut > 1 and width(rest[:cut], MONO_BOLD, URL_SIZE) > available:
            cut -= 1
        if cut < len(rest):
            breaks = [i + 1 for i, char in enumerate(rest[:cut]) if char in "/?&" and i > 0]
            cut = breaks[-1] if breaks and breaks[-1] > cut // 2 else cut
        lines.append(rest[:cut])
        rest = rest[cut:]
    return lines
