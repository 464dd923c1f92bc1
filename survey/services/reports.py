"""Reports of a wave for district decision-makers, and the staff review of free texts
that comes before any of them is published.

Every figure a report shows comes through :func:`analysis.publication.publish`, the one
door of the disclosure rules: it makes and records the wave's releases (an open wave's
batches, the report after closing) so that nothing published about a wave, taken
together and over time, lets a reader work out a count below k. The analysis modules
are imported inside the functions that need them, so that the web processes start
without pandas or matplotlib.

Free texts reach a report only as plain strings with the language of their answer
(which decides whether a quote may appear at all): the texts staff released, of the
responses the report is based on — no location or date goes with them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from questionnaires.answers import clean_text, mask_contacts
from questionnaires.questions import TEXT_MAX_LENGTH
from survey.models import Answer, ReportCache, Response, TextReview, Wave
from survey.models.reviews import REJECTED, RELEASED
from survey.services.questionnaires import questionnaire_of
from survey.services.report_cache import kept_report, report_key
from survey.services.results import Effect, measure_effects

if TYPE_CHECKING:
    from analysis.publication import Publication, ReportInputs
    from analysis.report import MeasureEffect, Report

LANGUAGES = ("de", "en")  # the languages a report is written in
EXPORTS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def count_responses(session: Session, wave_id: int) -> int:
    return session.scalar(select(func.count(Response.id)).where(Response.wave_id == wave_id)) or 0


# -- the report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WaveReport:
    """A wave's report as the reader asked for it, before it is made: what it is made
    from (``inputs``), and whether there is one yet (none while the wave has fewer than k
    answers)."""

    wave_id: int
    wave_name: str
    lang: str
    breakdown: str | None  # one the wave offers, else None
    inputs: ReportInputs
    today: dt.date
    measures: tuple[MeasureEffect, ...] = ()  # earlier waves' measures and their answer now

    @property
    def publication(self) -> Publication:
        return self.inputs.publication

    @property
    def compare(self) -> tuple[int, ...]:
        """The earlier waves that have results, as compared with."""
        return tuple(p.wave.id for p in self.inputs.compared)

    @property
    def exists(self) -> bool:
        return self.publication.release is not None

    def key(self, kind: str) -> str:
        """Under what the report as ``kind`` (html, pdf, xlsx, csv) is kept."""
        inputs, compared = self.inputs.fingerprint(), self.inputs.compared_fingerprint()
        return report_key(inputs, compared, kind, self.lang, self.breakdown, self.measures)

    def file_name(self, export: str) -> str:
        """A readable name for a download, e.g. ``bericht-herbst-2026-de-location.pdf``."""
        parts = ["bericht" if self.lang == "de" else "report", slug(self.wave_name), self.lang]
        if self.breakdown:
            parts.append(slug(self.breakdown.replace("_", "-")))
        return "-".join(part for part in parts if part) + "." + export


def publication(session: Session, wave: Wave, today: dt.date, k: int) -> Publication:
    """The wave as reports may show it (making and recording a release where the rules
    allow one; the request commits)."""
    from analysis.publication import publish, rules_from

    return publish(session.connection(), wave.id, today, rules_from(k=k))


def wave_report(
    session: Session,
    wave: Wave,
    lang: str,
    breakdown: str | None,
    today: dt.date,
    k: int,
    compare: Sequence[Wave] = (),
) -> WaveReport:
    """The report of ``wave`` in ``lang`` (``de``/``en``), with every question broken down
    by ``breakdown`` (one the wave offers, else none) and compared with the waves in
    ``compare`` — from the same inputs as the command line's."""
    return wave_reports(session, wave, (lang,), breakdown, today, k, compare)[0]


def wave_reports(
    session: Session,
    wave: Wave,
    languages: Sequence[str],
    breakdown: str | None,
    today: dt.date,
    k: int,
    compare: Sequence[Wave] = (),
) -> list[WaveReport]:
    """The report of ``wave`` in each of ``languages``, from one reading of its inputs."""
    if any(lang not in LANGUAGES for lang in languages):
        raise ValueError(f"reports are written in {', '.join(LANGUAGES)}")
    from analysis.publication import report_inputs, rules_from
    from analysis.report import breakdowns

    inputs = report_inputs(
        session.connection(), wave.id, today, rules_from(k=k), tuple(other.id for other in compare)
    )
    offered = breakdowns(inputs.publication) if inputs.publication.release else ()
    chosen = breakdown if breakdown in offered else None
    effects = measure_effects(session, wave, inputs.publication, today)
    return [
        WaveReport(
            wave.id, wave.name, lang, chosen, inputs, today, tuple(_measure_effect(e, lang) for e in effects)
        )
        for lang in languages
    ]


def _measure_effect(effect: Effect, lang: str) -> MeasureEffect:
    """An earlier measure as the report shows it, in the report's language (else German)."""
    from analysis.report import MeasureEffect

    measure = effect.measure
    what = measure.what.get(lang) or measure.what.get("de") or next(iter(measure.what.values()), "")
    return MeasureEffect(
        what,
        measure.status,
        effect.wave.name,
        measure.question or "",
        measure.choice or "",
        (effect.before.count, effect.before.base) if effect.before else None,
        (effect.now.count, effect.now.base) if effect.now else None,
    )


def prepare_reports(session: Session, today: dt.date, k: int, languages: Sequence[str] = LANGUAGES) -> int:
    """Make what the first reader of each wave would otherwise wait for: the next release
    where one is due, and the report part of the page (each language, no breakdown).
    Returns how many reports were made anew. For a timer; the command commits."""
    made = 0
    waves = session.scalars(
        select(Wave).where(Wave.opens_on <= today, Wave.answers_deleted_on.is_(None)).order_by(Wave.id)
    )
    for wave in waves:
        for built in wave_reports(session, wave, languages, None, today, k):
            if built.exists and session.get(ReportCache, built.key("html")) is None:
                report_html(session, built)
                made += 1
    return made


def _made(session: Session, built: WaveReport, kind: str, render: Callable[[Report], bytes]) -> bytes:
    """The report as ``kind``, kept until what it is made from changes."""
    from analysis.publication import built as report_of

    def make() -> bytes:
        report = report_of(built.inputs, built.lang, built.breakdown, built.today, built.measures)
        assert report is not None
        return render(report)

    return kept_report(session, built.wave_id, built.inputs.fingerprint(), built.key(kind), make, built.today)


def report_html(session: Session, built: WaveReport) -> str:
    """The report as a part of a staff page (no inline style; charts as images)."""
    from analysis.render import fragment

    assert built.exists
    return _made(session, built, "html", lambda report: fragment(report, level=2).encode()).decode()


def export(session: Session, built: WaveReport, kind: str) -> bytes:
    """The report as a PDF, an XLSX workbook or a CSV file of its published tables."""
    assert built.exists
    if kind not in EXPORTS:
        raise ValueError(f"unknown export {kind!r}")
    return _made(session, built, kind, _renderers()[kind])


def _renderers() -> dict[str, Callable[[Report], bytes]]:
    from analysis.pdf import pdf
    from analysis.render import csv_text, xlsx

    def workbook(report: Report) -> bytes:
        buffer = io.BytesIO()
        xlsx(report, buffer)
        return buffer.getvalue()

    return {"pdf": pdf, "xlsx": workbook, "csv": lambda report: csv_text(report).encode("utf-8")}


def comparable_waves(session: Session, wave: Wave, candidates: Sequence[Wave]) -> list[Wave]:
    """Other waves that share at least one question with ``wave`` (same code)."""
    own = {q.code for q in questionnaire_of(wave.questionnaire_version).questions if q.takes_answer}
    out = []
    for other in candidates:
        if other.id == wave.id or other.opens_on > wave.opens_on:
            continue
        theirs = {q.code for q in questionnaire_of(other.questionnaire_version).questions if q.takes_answer}
        if own & theirs:
            out.append(other)
    return out


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def slug(name: str) -> str:
    plain = name.translate(_UMLAUTS)
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60].strip("-")


# -- free-text review ------------------------------------------------------------------------


class ReviewError(ValueError):
    """A review that cannot be stored: ``reason`` is ``empty`` or ``too_long``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class TextItem:
    """A free-text answer as a reviewer sees it: its text and whether it is reviewed."""

    answer_id: int
    text: str
    status: str | None  # None: not reviewed yet; "released" or "rejected"


@dataclass(frozen=True)
class TextGroup:
    """The free texts of one question: not reviewed yet first, then released, rejected."""

    question: str  # the question's wording
    items: tuple[TextItem, ...]

    @property
    def released(self) -> int:
        return sum(1 for item in self.items if item.status == RELEASED)


def free_text_answers(wave_id: int, location_ids: Collection[int] | None) -> Select:
    """The free-text answers of a wave, of the responses at ``location_ids`` only (staff:
    their own locations) or at all the wave's locations (None)."""
    query = (
        select(Answer)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.wave_id == wave_id, Answer.text.is_not(None))
    )
    if location_ids is not None:
        query = query.where(Response.location_id.in_(list(location_ids)))
    return query


def texts_for_review(
    session: Session, wave: Wave, location_ids: Collection[int] | None, lang: str
) -> list[TextGroup]:
    """What a reviewer works through, per question in questionnaire order: the text only,
    without location, date or language."""
    questionnaire = questionnaire_of(wave.questionnaire_version)
    rows = session.execute(
        free_text_answers(wave.id, location_ids)
        .add_columns(TextReview.status)
        .outerjoin(TextReview, TextReview.answer_id == Answer.id)
        .order_by(Answer.id)
    ).all()
    order = {None: 0, RELEASED: 1, REJECTED: 2}
    by_question: dict[str, list[TextItem]] = {}
    for answer, status in rows:
        by_question.setdefault(answer.question, []).append(TextItem(answer.id, answer.text or "", status))
    codes = [q.code for q in questionnaire.questions]
    groups = []
    for code in sorted(by_question, key=lambda c: (codes.index(c) if c in codes else len(codes), c)):
        wording = code
        if questionnaire.has_question(code):
            wording = questionnaire.question(code).text.get(lang, questionnaire.source_language)
        items = sorted(by_question[code], key=lambda item: order[item.status])
        groups.append(TextGroup(wording, tuple(items)))
    return groups


def texts_to_review(
    session: Session, wave_ids: Collection[int], location_ids: Collection[int] | None
) -> dict[int, tuple[int, int]]:
    """Per wave: how many free texts there are, and how many of them are not reviewed yet."""
    query = (
        select(Response.wave_id, func.count(Answer.id), func.count(TextReview.answer_id))
        .select_from(Answer)
        .join(Response, Response.id == Answer.response_id)
        .outerjoin(TextReview, TextReview.answer_id == Answer.id)
        .where(Response.wave_id.in_(list(wave_ids)), Answer.text.is_not(None))
        .group_by(Response.wave_id)
    )
    if location_ids is not None:
        query = query.where(Response.location_id.in_(list(location_ids)))
    rows = session.execute(query)
    return {wave_id: (total, total - reviewed) for wave_id, total, reviewed in rows}


def text_answer(
    session: Session, wave_id: int, answer_id: int, location_ids: Collection[int] | None
) -> Answer | None:
    """One free-text answer of the wave, if the reviewer may see it."""
    return session.scalar(free_text_answers(wave_id, location_ids).where(Answer.id == answer_id))


def review_text(session: Session, answer: Answer, *, release: bool, text: str, today: dt.date) -> TextReview:
    """Release the answer's text as staff left it, or reject it.

    An edited text (a name or a place taken out) replaces the stored answer as well: what
    staff removed is not kept anywhere. Contact details are masked again, as when the
    family sent it.
    """
    edited = mask_contacts(clean_text(text)).strip()
    if len(edited) > TEXT_MAX_LENGTH:
        raise ReviewError("too_long")
    if not edited:
        if release:
            raise ReviewError("empty")
        edited = answer.text or ""
    review = session.get(TextReview, answer.id)
    if review is None:
        review = TextReview(answer_id=answer.id)
        session.add(review)
    if edited != answer.text:
        answer.text = edited
    review.status = RELEASED if release else REJECTED
    review.text = edited
    review.reviewed_on = today
    session.flush()
    return review
