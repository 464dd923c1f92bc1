"""The results poster of one location: what families said and what the district does, in
the languages staff choose, with a QR code to the results page. A4, black on white.

Each language gets its own block: a heading, then every finding ("7 of 10 families: …")
with its measures and their status. Right-to-left languages are drawn from the right
margin. A block that does not fit the page starts a new one; the QR code and the link are
at the foot of the first page.
"""

from __future__ import annotations

import io

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
from survey.services.results import choice_text

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 1.5 * cm
WIDTH = PAGE_WIDTH - 2 * MARGIN
CODE = 4.5 * cm
FOOT = CODE + 1.6 * cm  # the QR code, the link below it
HEADING = 20
BODY = 13


def results_poster_pdf(
    wave: Wave, results: ResultSet, location: Location, languages: list[str], url: str
) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, lang=languages[0] if languages else "de", pageCompression=1)
    canvas.setTitle(f"Mitsprache – {location.name}")
    canvas.setAuthor("Mitsprache")
    canvas.setSubject(url)
    questionnaire = questionnaire_of(wave.questionnaire_version)
    _foot(canvas, url, location.name)
    floor = MARGIN + FOOT
    top = PAGE_HEIGHT - MARGIN
    for language in languages:
        lines = _block(results, questionnaire, language)
        needed = sum(size * 1.35 for _text, _font, size in lines)
        if top - needed < floor and top < PAGE_HEIGHT - MARGIN:
            canvas.showPage()
            top, floor = PAGE_HEIGHT - MARGIN, MARGIN
        rtl = direction(language) == "rtl"
        for text, font, size in lines:
            top -= size * 1.35
            if top < floor:
                canvas.showPage()
                top, floor = PAGE_HEIGHT - MARGIN - size * 1.35, MARGIN
            drawn = visual(text, "rtl" if rtl else "ltr")
            canvas.setFont(font, fitting_size(drawn, font, size, WIDTH))
            if rtl:
                canvas.drawRightString(PAGE_WIDTH - MARGIN, top, drawn)
            else:
                canvas.drawString(MARGIN, top, drawn)
        top -= BODY
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _block(results: ResultSet, questionnaire, language: str) -> list[tuple[str, str, float]]:
    """The lines of one language's block (logical order), each with its font and size."""
    lines: list[tuple[str, str, float]] = []
    with force_locale(language):
        statuses = {
            "planned": _("Planned"),
            "started": _("Started"),
            "done": _("Done"),
            "not_possible": _("Not possible"),
        }
        for text in wrap(_("What families said"), SANS_BOLD, HEADING, WIDTH):
            lines.append((text, SANS_BOLD, HEADING))
        for finding in results.findings:
            said = finding.texts.get(language) or choice_text(
                questionnaire, finding.question, finding.choice, language
            )
            sentence = f"{_('%(n)s of 10 families', n=finding.tenths)}: {said}"
            lines += [(text, SANS_BOLD, BODY) for text in wrap(sentence, SANS_BOLD, BODY, WIDTH)]
            for measure in finding.measures:
                what = f"{statuses[measure.status]} – {measure.what.get(language, '')}"
                lines += [(text, SANS, BODY) for text in wrap(what, SANS, BODY, WIDTH - 0.5 * cm)]
    return lines


def _foot(canvas: Canvas, url: str, place: str) -> None:
    count = modules(url)
    side = CODE * count / (count - 2 * QUIET_ZONE)
    draw_qr(canvas, url, (PAGE_WIDTH - side) / 2, MARGIN + 1.2 * cm, side)
    canvas.setFont(MONO_BOLD, fitting_size(url, MONO_BOLD, 12, WIDTH))
    canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN + 0.6 * cm, url)
    name = visual(place)
    canvas.setFont(SANS, fitting_size(name, SANS, 11, WIDTH))
    canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN, name)
