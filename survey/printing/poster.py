"""The poster of one location: one A4 page to hang up in a family centre.

From top to bottom: the invitation in the first language as a large heading, with until
when the survey runs and whether a code is needed below it, the QR code of the location's
link (a vector drawing, 9.5 cm wide), the link as text to type in, the place's name, and
the same in every other language the survey offers, each in as few lines as it needs and
right-aligned for right-to-left languages. Black on white, so it prints on any printer.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas

from survey.printing.qr import QUIET_ZONE, draw_qr, modules
from survey.printing.text import (
    MONO_BOLD,
    SANS,
    SANS_BOLD,
    Invitation,
    fitting_size,
    register_fonts,
    visual,
    wrap,
)

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 1.5 * cm
WIDTH = PAGE_WIDTH - 2 * MARGIN
SYMBOL = 9.5 * cm  # the dark part of the code, without its quiet zone
HEADING_SIZES = (28, 26, 24, 22, 20, 18, 16)
HEADING_LINES = 3
LINE_SIZE = 14
SMALLEST_LINE_SIZE = 6.5
READABLE_LINE_SIZE = 9  # below it a line of its own per language is too small: lines are wrapped
WRAPPED_LEADING = 1.35
DETAILS_SIZE = 16
LINE_LEADING = 1.7
ARABIC_SCRIPT_SCALE = 1.15  # Arabic letters look smaller than Latin ones at one size


def poster_pdf(place_name: str, url: str, invitations: list[Invitation]) -> bytes:
    """The poster as a one-page A4 PDF (title and language in its metadata)."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, lang="de", pageCompression=1)
    canvas.setTitle(f"Mitsprache – {place_name}")
    canvas.setAuthor("Mitsprache")
    canvas.setSubject(url)
    top = PAGE_HEIGHT - MARGIN
    if invitations:
        top = _heading(canvas, invitations[0], top)
        if invitations[0].details:
            shown = visual(invitations[0].details, invitations[0].direction)
            top = _centred(canvas, shown, SANS_BOLD, DETAILS_SIZE, top - 4)
    top = _code(canvas, url, top)
    top = _centred(canvas, url, MONO_BOLD, 17, top)
    top = _centred(canvas, visual(place_name), SANS_BOLD, 22, top - 10)
    _other_languages(canvas, invitations[1:], floor=MARGIN, ceiling=top - 8)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _heading(canvas: Canvas, invitation: Invitation, top: float) -> float:
    """The invitation in large bold lines (at most three); returns the y below them."""
    size, lines = _heading_lines(invitation.text)
    leading = size * 1.2
    for line in lines:
        top -= leading
        text = visual(line, invitation.direction)
        line_size = fitting_size(text, SANS_BOLD, size, WIDTH)
        canvas.setFont(SANS_BOLD, line_size)
        canvas.drawCentredString(PAGE_WIDTH / 2, top + (leading - size), text)
    return top


def _heading_lines(text: str) -> tuple[float, list[str]]:
    """The largest heading size at which the text needs at most three lines, and them."""
    for size in HEADING_SIZES:
        lines = wrap(text, SANS_BOLD, size, WIDTH)
        if len(lines) <= HEADING_LINES:
            return size, lines
    return HEADING_SIZES[-1], lines


def _code(canvas: Canvas, url: str, top: float) -> float:
    """The QR code, centred; its quiet zone is the white space above and below it."""
    count = modules(url)
    side = SYMBOL * count / (count - 2 * QUIET_ZONE)
    draw_qr(canvas, url, (PAGE_WIDTH - side) / 2, top - side, side)
    return top - side


def _centred(canvas: Canvas, text: str, font: str, size: float, top: float) -> float:
    """One centred line (smaller if it would not fit); returns the y below it."""
    size = fitting_size(text, font, size, WIDTH)
    canvas.setFont(font, size)
    canvas.drawCentredString(PAGE_WIDTH / 2, top - size, text)
    return top - size * 1.4


def _other_languages(canvas: Canvas, invitations: list[Invitation], floor: float, ceiling: float) -> None:
    """The invitation with its details (until when, a code) in each further language: one
    line each where that is readable, else each wrapped into as few lines as it needs; all
    in one size, as large as fits between ``floor`` and ``ceiling``. Right-to-left lines a
    little larger where they fit, ending at the right margin."""
    if not invitations:
        return
    room = ceiling - floor - 4
    size = min(
        fitting_size(visual(each.full, each.direction), SANS, LINE_SIZE, WIDTH) for each in invitations
    )
    size = min(size, room / (LINE_LEADING * len(invitations)))
    leading = size * LINE_LEADING
    lines = [(visual(each.full, each.direction), each.direction) for each in invitations]
    if size < READABLE_LINE_SIZE:
        size = float(READABLE_LINE_SIZE) + 1
        while True:
            lines = [
                (visual(line, each.direction), each.direction)
                for each in invitations
                for line in wrap(
                    each.full, SANS, size * (ARABIC_SCRIPT_SCALE if each.direction == "rtl" else 1), WIDTH
                )
            ]
            leading = size * WRAPPED_LEADING
            if leading * len(lines) <= room or size <= SMALLEST_LINE_SIZE:
                break
            size -= 0.25
    rule = floor + leading * len(lines) + 4
    canvas.setLineWidth(0.75)
    canvas.line(MARGIN, rule, PAGE_WIDTH - MARGIN, rule)
    for index, (text, direction) in enumerate(lines):
        baseline = floor + leading * (len(lines) - 1 - index) + (leading - size)
        if direction == "rtl":
            canvas.setFont(SANS, fitting_size(text, SANS, size * ARABIC_SCRIPT_SCALE, WIDTH))
            canvas.drawRightString(PAGE_WIDTH - MARGIN, baseline, text)
        else:
            canvas.setFont(SANS, fitting_size(text, SANS, size, WIDTH))
            canvas.drawString(MARGIN, baseline, text)
