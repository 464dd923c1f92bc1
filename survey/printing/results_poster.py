"""The results poster of one location: what families said and what the district does, in
the languages staff choose, with a QR code to the results page. A4, black on white.

Each language gets its own block: a heading, then every finding ("7 of 10 families: …")
with its measures and their status. Right-to-left languages are drawn from the right
margin. A block that does not fit the page starts a new one; the QR code and the link are
at the foot of the first page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas

from survey.i18n import direction
from survey.models import Location, ResultSet, Wave
from survey.printing.qr import QUIET_ZONE, draw_qr, modules
from survey.printing.text import MONO_BOLD, SANS, SANS_BOLD, fitting_size, register_fonts, visual, wrap
from survey.services.questionnaires import questionnaire_of
from survey.services.results import choice_text, locale_of

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 1.5 * cm
WIDTH = PAGE_WIDTH - 2 * MARGIN
CODE = 5.5 * cm
FOOT = CODE + 1.6 * cm  # the QR code, the link below it
BODY = 13


SIZES = (22, 20, 18, 16, 14, 12, 11, 10)  # body sizes tried, largest first; a heading is 1.5×
PEOPLE = 10


def results_poster_pdf(
    wave: Wave, results: ResultSet, location: Location, languages: list[str], url: str
) -> bytes:
    """The poster as A4 PDF: each language's block in the largest size at which all of
    them fit above the QR code (further pages only when even the smallest does not)."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=A4, lang=locale_of(languages[0]) if languages else "de", pageCompression=1
    )
    canvas.setTitle(f"Mitsprache – {location.name}")
    canvas.setAuthor("Mitsprache")
    canvas.setSubject(url)
    questionnaire = questionnaire_of(wave.questionnaire_version)
    room = PAGE_HEIGHT - 2 * MARGIN - FOOT
    for size in SIZES:
        blocks = [_block(results, questionnaire, language, size) for language in languages]
        if sum(_height(block) for block in blocks) + size * (len(blocks) - 1) <= room:
            break
    _foot(canvas, url, location.name)
    floor = MARGIN + FOOT
    top = PAGE_HEIGHT - MARGIN
    for language, block in zip(languages, blocks, strict=True):
        rtl = direction(locale_of(language)) == "rtl"
        for line in block:
            step = line.size * 1.35 + (line.size * 1.1 if line.people is not None else 0)
            if top - step < floor:
                canvas.showPage()
                top, floor = PAGE_HEIGHT - MARGIN, MARGIN
            top -= line.size * 1.35
            drawn = visual(line.text, "rtl" if rtl else "ltr")
            canvas.setFont(line.font, fitting_size(drawn, line.font, line.size, WIDTH))
            if rtl:
                canvas.drawRightString(PAGE_WIDTH - MARGIN, top, drawn)
            else:
                canvas.drawString(MARGIN, top, drawn)
            if line.people is not None:
                top -= line.size * 1.1
                _people(canvas, line.people, top, line.size, rtl)
        top -= blocks[0][-1].size if blocks and blocks[0] else BODY
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@dataclass(frozen=True)
class _Line:
    text: str  # logical order
    font: str
    size: float
    people: int | None = None  # draw ten people below, this many filled


def _height(block: list[_Line]) -> float:
    return sum(line.size * 1.35 + (line.size * 1.1 if line.people is not None else 0) for line in block)


def _block(results: ResultSet, questionnaire, language: str, size: float) -> list[_Line]:
    """The lines of one language's block, at body size ``size``."""
    lines: list[_Line] = []
    with force_locale(locale_of(language)):
        statuses = {
            "planned": _("Planned"),
            "started": _("Started"),
            "done": _("Done"),
            "not_possible": _("Not possible"),
        }
        heading = size * 1.5
        lines += [
            _Line(text, SANS_BOLD, heading)
            for text in wrap(_("What families said"), SANS_BOLD, heading, WIDTH)
        ]
        for finding in results.findings:
            said = (
                finding.texts.get(language)
                or finding.texts.get(locale_of(language))
                or choice_text(questionnaire, finding.question, finding.choice, language)
            )
            sentence = f"{_('%(n)s of 10 families', n=finding.tenths)}: {said}"
            wrapped = wrap(sentence, SANS_BOLD, size, WIDTH)
            lines += [_Line(text, SANS_BOLD, size) for text in wrapped[:-1]]
            lines.append(_Line(wrapped[-1], SANS_BOLD, size, people=finding.tenths))
            for measure in finding.measures:
                what = f"{statuses[measure.status]} – {measure.what.get(language, '')}"
                lines += [_Line(text, SANS, size) for text in wrap(what, SANS, size, WIDTH)]
    return lines


def _people(canvas: Canvas, filled: int, baseline: float, size: float, rtl: bool) -> None:
    """Ten small people in a row, the first ``filled`` dark (from the right in right-to-left)."""
    step = size * 1.05
    for index in range(PEOPLE):
        on = index < filled
        slot = PEOPLE - 1 - index if rtl else index
        x = (PAGE_WIDTH - MARGIN - step * PEOPLE if rtl else MARGIN) + slot * step
        canvas.setFillGray(0 if on else 0.78)
        canvas.circle(x + step * 0.45, baseline + size * 0.72, size * 0.2, stroke=0, fill=1)
        canvas.roundRect(x + step * 0.15, baseline, step * 0.6, size * 0.45, size * 0.12, stroke=0, fill=1)
    canvas.setFillGray(0)


def _foot(canvas: Canvas, url: str, place: str) -> None:
    count = modules(url)
    side = CODE * count / (count - 2 * QUIET_ZONE)
    draw_qr(canvas, url, (PAGE_WIDTH - side) / 2, MARGIN + 1.2 * cm, side)
    canvas.setFont(MONO_BOLD, fitting_size(url, MONO_BOLD, 12, WIDTH))
    canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN + 0.6 * cm, url)
    name = visual(place)
    canvas.setFont(SANS, fitting_size(name, SANS, 11, WIDTH))
    canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN, name)
