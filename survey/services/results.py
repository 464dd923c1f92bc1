"""Results back to families: composing a wave's findings and measures, publishing them in
the languages that are complete, and reading what families may see.

Figures come from :mod:`analysis.public` (the wave's latest release, through the one door
:func:`analysis.publication.publish`) and are copied into the finding; staff word the
sentence, never the number. Services flush; the request commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires import Questionnaire
from questionnaires.questions import ChoiceQuestion, ListChoice
from survey.models import (
    MEASURE_STATUSES,
    District,
    Finding,
    Location,
    Measure,
    MeasureUpdate,
    ResultSet,
    User,
    Wave,
    wave_locations,
)

if TYPE_CHECKING:  # analysis is imported when a staff page needs it, never by family pages
    from analysis.public import PublicFigure
    from analysis.publication import Publication

MAX_FINDINGS = 8
MAX_TEXT = 300
#: The key of the optional German version in Leichte Sprache in every text of the results
#: (a private-use language tag: the page itself is German).
EASY_GERMAN = "de-x-ls"


def locale_of(language: str) -> str:
    """The app language a results language is shown in (Leichte Sprache: German)."""
    return "de" if language == EASY_GERMAN else language


def editing_languages(offered: Sequence[str]) -> list[str]:
    """The languages results are written in: the questionnaire's, and Leichte Sprache
    beside German."""
    return [*offered, EASY_GERMAN] if "de" in offered else list(offered)


class ResultsError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def publication_of(session: Session, wave: Wave, today: dt.date, k: int) -> Publication:
    """The wave's publication through the one door (its latest release)."""
    from analysis.publication import publish, rules_from

    return publish(session.connection(), wave.id, today, rules_from(k=k))


def figures_of(publication: Publication) -> list[PublicFigure]:
    """The figures families may be shown (the latest release's whole-wave figures)."""
    from analysis.public import public_figures

    return public_figures(publication)


def result_set(session: Session, wave: Wave) -> ResultSet:
    """The wave's results, made (empty, unpublished) on first use."""
    found = session.scalar(select(ResultSet).filter_by(wave_id=wave.id))
    if found is None:
        found = ResultSet(wave_id=wave.id, languages=[])
        session.add(found)
        session.flush()
    return found


def _log(session: Session, wave_id: int, user: User | None, action: str) -> None:
    from survey.services.activity import record

    record(session, f"results_{action}", user=user, wave=session.get(Wave, wave_id))


def _texts(values: Mapping[str, str], languages: Iterable[str]) -> dict[str, str]:
    kept: dict[str, str] = {}
    for language in languages:
        value = " ".join((values.get(language) or "").split())
        if len(value) > MAX_TEXT:
            raise ResultsError("too_long")
        if value:
            kept[language] = value
    return kept


def add_finding(
    session: Session,
    wave: Wave,
    question: str,
    choice: str,
    publication: Publication,
    user: User,
    by: str | None = None,
) -> Finding:
    """Add the figure of ``question`` = ``choice`` (and, with ``by``, per location or
    district region) as the release shows it."""
    from analysis.public import public_breakdown

    figure = next((f for f in figures_of(publication) if (f.question, f.choice) == (question, choice)), None)
    if figure is None:
        raise ResultsError("no_figure")
    groups = public_breakdown(publication, question, choice, by) if by else ()
    if by and not groups:
        raise ResultsError("no_breakdown")
    results = result_set(session, wave)
    if len(results.findings) >= MAX_FINDINGS:
        raise ResultsError("too_many")
    if any((f.question, f.choice) == (question, choice) for f in results.findings):
        raise ResultsError("twice")
    finding = Finding(
        position=len(results.findings) + 1,
        question=question,
        choice=choice,
        texts={},
        count=figure.count,
        base=figure.base,
        tenths=figure.tenths,
        release=figure.release,
        by=by if groups else None,
        groups=[[group.group, group.count, group.base, group.tenths] for group in groups],
    )
    results.findings.append(finding)
    _log(session, wave.id, user, "finding_added")
    session.flush()
    return finding


def word_finding(
    session: Session,
    finding: Finding,
    texts: Mapping[str, str],
    languages: Sequence[str],
    user: User,
) -> None:
    finding.texts = _texts(texts, languages)
    _log(session, finding.result_set.wave_id, user, "finding_worded")
    session.flush()


def remove_finding(session: Session, finding: Finding, user: User) -> None:
    results = finding.result_set
    results.findings.remove(finding)
    for position, kept in enumerate(results.findings, start=1):
        kept.position = position
    _log(session, results.wave_id, user, "finding_removed")
    session.flush()


@dataclass(frozen=True)
class MeasureInput:
    what: Mapping[str, str]
    who: Mapping[str, str]
    reason: Mapping[str, str]
    starts_on: dt.date | None
    status: str
    question: str | None  # with ``choice``: the answer that would show the measure's effect
    choice: str | None = None
    updates: Mapping[int, Mapping[str, str]] = field(default_factory=dict)  # id: texts; all empty removes it


def save_measure(
    session: Session,
    finding: Finding,
    measure: Measure | None,
    given: MeasureInput,
    questionnaire: Questionnaire,
    languages: Sequence[str],
    user: User,
) -> Measure:
    """Add a measure to ``finding`` (``measure`` None) or change one."""
    if given.status not in MEASURE_STATUSES:
        raise ResultsError("status")
    if given.question and (given.question, given.choice) not in dict(effect_answers(questionnaire)):
        raise ResultsError("effect")
    what = _texts(given.what, languages)
    if not what:
        raise ResultsError("what_missing")
    reason = _texts(given.reason, languages) if given.status == "not_possible" else {}
    if given.status == "not_possible" and not reason:
        raise ResultsError("reason_missing")
    if measure is None:
        measure = Measure(position=len(finding.measures) + 1)
        finding.measures.append(measure)
    measure.what, measure.who, measure.reason = what, _texts(given.who, languages), reason
    measure.starts_on, measure.status = given.starts_on, given.status
    measure.question, measure.choice = (given.question, given.choice) if given.question else (None, None)
    for update in list(measure.updates):
        if update.id in given.updates:
            texts = _texts(given.updates[update.id], languages)
            if texts:
                update.texts = texts
            else:
                measure.updates.remove(update)
    _log(session, finding.result_set.wave_id, user, "measure_saved")
    session.flush()
    return measure


def add_update(
    session: Session,
    measure: Measure,
    texts: Mapping[str, str],
    languages: Sequence[str],
    user: User,
    today: dt.date,
) -> MeasureUpdate:
    kept = _texts(texts, languages)
    if not kept:
        raise ResultsError("update_missing")
    update = MeasureUpdate(made_on=today, texts=kept)
    measure.updates.append(update)
    _log(session, measure.finding.result_set.wave_id, user, "update_added")
    session.flush()
    return update


def missing_in(results: ResultSet, language: str) -> int:
    """How many texts families would miss in ``language``: measures, reasons and updates
    must be written in it (a finding's wording falls back to its answer's own text)."""
    missing = 0
    for finding in results.findings:
        for measure in finding.measures:
            missing += language not in measure.what
            missing += bool(measure.who) and language not in measure.who
            missing += measure.status == "not_possible" and language not in measure.reason
            missing += sum(language not in update.texts for update in measure.updates)
    return missing


def publish_results(
    session: Session,
    wave: Wave,
    languages: Sequence[str],
    offered: Sequence[str],
    publication: Publication,
    user: User,
    today: dt.date,
) -> None:
    """Publish in ``languages`` (each of the ``offered`` ones, see :func:`editing_languages`,
    and complete), with every finding's figure renewed from the latest release and the
    effects of earlier waves' measures as this wave's figures show them."""
    results = result_set(session, wave)
    if not results.findings:
        raise ResultsError("no_findings")
    chosen = [language for language in offered if language in languages]
    if not chosen:
        raise ResultsError("no_language")
    if any(missing_in(results, language) for language in chosen):
        raise ResultsError("incomplete")
    from analysis.public import public_breakdown

    current = {(f.question, f.choice): f for f in figures_of(publication)}
    for finding in results.findings:
        figure = current.get((finding.question, finding.choice))
        groups = (
            public_breakdown(publication, finding.question, finding.choice, finding.by) if finding.by else ()
        )
        if figure is None or (finding.by and not groups):
            raise ResultsError("figure_gone")
        finding.count, finding.base, finding.tenths = figure.count, figure.base, figure.tenths
        finding.release = figure.release
        finding.groups = [[group.group, group.count, group.base, group.tenths] for group in groups]
    results.effects = [
        {"measure": effect.measure.id, "before": effect.before.triple, "now": effect.now.triple}
        for effect in measure_effects(session, wave, publication, today)
        if effect.before is not None and effect.now is not None
    ]
    results.languages = chosen
    results.published_on = today
    _log(session, wave.id, user, "published")
    session.flush()


def withdraw_results(session: Session, wave: Wave, user: User) -> None:
    results = result_set(session, wave)
    results.languages = []
    results.published_on = None
    _log(session, wave.id, user, "withdrawn")
    session.flush()


def published_for_location(session: Session, location_id: int) -> list[tuple[Wave, ResultSet]]:
    """The published results of the waves at a location, newest wave first."""
    rows = session.execute(
        select(Wave, ResultSet)
        .join(ResultSet, ResultSet.wave_id == Wave.id)
        .join(wave_locations, wave_locations.c.wave_id == Wave.id)
        .where(wave_locations.c.location_id == location_id)
        .order_by(Wave.closes_on.desc(), Wave.id.desc())
    )
    return [(wave, results) for wave, results in rows if results.published]


def choice_text(questionnaire: Questionnaire, question: str, choice: str, language: str) -> str:
    """The answer's own words in ``language`` (a yes/no answer's are the app's; Leichte
    Sprache takes the German)."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    language = locale_of(language)
    definition = questionnaire.question(question)
    if definition.type_name == "yesno":
        with force_locale(language):
            return _("Yes") if choice == "yes" else _("No")
    for option in getattr(definition, "choices", ()):
        if option.code == choice:
            return option.text.get(language, questionnaire.source_language)
    return choice


def published_in_district(session: Session, district_code: str) -> list[tuple[Location, Wave, ResultSet]]:
    """Every location of the district with published results, and the wave they are of,
    newest wave first."""
    rows = session.execute(
        select(Location, Wave, ResultSet)
        .join(wave_locations, wave_locations.c.location_id == Location.id)
        .join(Wave, Wave.id == wave_locations.c.wave_id)
        .join(ResultSet, ResultSet.wave_id == Wave.id)
        .join(District, District.id == Location.district_id)
        .where(District.code == district_code)
        .order_by(Wave.closes_on.desc(), Location.name)
    )
    return [(location, wave, results) for location, wave, results in rows if results.published]


def effect_answers(questionnaire: Questionnaire) -> list[tuple[tuple[str, str], str]]:
    """Every answer a later wave could show a measure's effect by (those results may show):
    ((question, choice), "question – answer") in German, the staff pages' language."""
    source = questionnaire.source_language
    answers = []
    for question in questionnaire.questions:
        if not isinstance(question, ChoiceQuestion) or isinstance(question, ListChoice):
            continue  # as analysis.public: a list says where families live
        codes = [option.code for option in question.choices]
        asked = question.text.get("de", source)
        answers += [
            ((question.code, code), f"{asked} – {choice_text(questionnaire, question.code, code, 'de')}")
            for code in codes
        ]
    return answers


def earlier_measures(session: Session, wave: Wave) -> list[tuple[Wave, Measure]]:
    """The measures of earlier waves of the district (newest first) that name an answer this
    wave's questionnaire asks for: the answer that shows whether they helped."""
    from survey.services.questionnaires import questionnaire_of

    asked = set(dict(effect_answers(questionnaire_of(wave.questionnaire_version))))
    rows = session.execute(
        select(Wave, Measure)
        .join(ResultSet, ResultSet.wave_id == Wave.id)
        .join(Finding, Finding.result_set_id == ResultSet.id)
        .join(Measure, Measure.finding_id == Finding.id)
        .where(
            Wave.district_id == wave.district_id,
            Wave.id != wave.id,
            Wave.opens_on < wave.opens_on,
            Measure.question.is_not(None),
        )
        .order_by(Wave.opens_on.desc(), Finding.position, Measure.position)
    )
    return [(earlier, measure) for earlier, measure in rows if (measure.question, measure.choice) in asked]


@dataclass(frozen=True)
class Share:
    """A published figure: ``count`` of ``base`` families, ``tenths`` of 10."""

    count: int
    base: int
    tenths: int

    @property
    def triple(self) -> list[int]:
        return [self.count, self.base, self.tenths]


@dataclass(frozen=True)
class Effect:
    """An earlier wave's measure beside its answer's figure then and in this wave; a figure
    is None where that wave's report does not publish it."""

    wave: Wave
    measure: Measure
    before: Share | None
    now: Share | None


def measure_effects(session: Session, wave: Wave, publication: Publication, today: dt.date) -> list[Effect]:
    """What the earlier waves' measures changed, as both waves' published figures show it
    (each through the one door, so nothing is shown that the reports do not show)."""
    found = earlier_measures(session, wave)
    if not found:
        return []
    k = publication.rules.k
    shares = {wave.id: _shares(publication)}
    effects = []
    for earlier, measure in found:
        if earlier.id not in shares:
            shares[earlier.id] = _shares(publication_of(session, earlier, today, k))
        key = (measure.question or "", measure.choice or "")
        effects.append(Effect(earlier, measure, shares[earlier.id].get(key), shares[wave.id].get(key)))
    return effects


def _shares(publication: Publication) -> dict[tuple[str, str], Share]:
    return {
        (figure.question, figure.choice): Share(figure.count, figure.base, figure.tenths)
        for figure in figures_of(publication)
    }
