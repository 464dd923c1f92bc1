"""What came of a survey, for families: the published results of the waves at a location,
in the family's language, with what the district does. Read-only; no cookie, no script."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response as WerkzeugResponse

from survey.extensions import db
from survey.i18n import EASY_GERMAN_SEGMENT
from survey.models import Finding, Measure, ResultSet, Wave
from survey.respond import blueprint
from survey.respond.context import known_place
from survey.respond.rendering import page
from survey.services.questionnaires import published_questionnaire
from survey.services.results import (
    EASY_GERMAN,
    choice_text,
    locale_of,
    published_for_location,
    published_in_district,
)


@dataclass(frozen=True)
class ShownFinding:
    finding: Finding
    question: str  # the question, in the family's language
    sentence: str  # staff's wording or the answer's own text


@dataclass(frozen=True)
class ShownEffect:
    """An earlier wave's measure and its answer's figure then and in this wave."""

    measure: Measure
    question: str  # in the family's language
    answer: str
    before: int  # of 10
    now: int


@dataclass(frozen=True)
class ShownWave:
    wave: Wave
    results: ResultSet
    findings: list[ShownFinding]
    effects: list[ShownEffect]


def _shown(wave: Wave, results: ResultSet, lang: str) -> ShownWave:
    """The wave's results in ``lang`` (a language code, or Leichte Sprache)."""
    questionnaire = published_questionnaire(db.session, wave.questionnaire_version.content_hash)
    source = questionnaire.source_language
    asked = locale_of(lang)
    findings = [
        ShownFinding(
            finding,
            questionnaire.question(finding.question).text.get(asked, source),
            finding.texts.get(lang)
            or finding.texts.get(asked)
            or choice_text(questionnaire, finding.question, finding.choice, lang),
        )
        for finding in results.findings
    ]
    effects = []
    for effect in results.effects:
        measure = db.session.get(Measure, effect["measure"])
        if measure is None or not measure.what.get(lang) or measure.question is None:
            continue  # removed since, or not written in this language
        effects.append(
            ShownEffect(
                measure,
                questionnaire.question(measure.question).text.get(asked, source),
                choice_text(questionnaire, measure.question, measure.choice or "", lang),
                effect["before"][2],
                effect["now"][2],
            )
        )
    return ShownWave(wave, results, findings, effects)


def _languages(result_sets: Iterable[ResultSet]) -> list[str]:
    """The app's languages that any of the results are published in, in the app's order."""
    published = {language for results in result_sets for language in results.languages}
    return [language for language in current_app.config["LANGUAGES"] if language in published]


def location_results(code: str) -> list[tuple[Wave, ResultSet]]:
    return published_for_location(db.session, known_place(code).id)


@blueprint.get("/<code>/results")
def results_language(code: str) -> str | WerkzeugResponse:
    """The languages the results are published in; one of them goes straight there."""
    published = location_results(code)
    languages = _languages(results for _wave, results in published)
    easy = any(EASY_GERMAN in results.languages for _wave, results in published)
    if not languages and not easy:
        abort(404)
    if len(languages) + easy == 1:
        return redirect(
            url_for(".results", code=code, lang=languages[0] if languages else EASY_GERMAN_SEGMENT)
        )
    suggested = request.accept_languages.best_match(languages) or (languages or ["de"])[0]
    return render_template(
        "respond/results_language.html",
        code=code,
        languages=languages,
        easy=easy,
        easy_segment=EASY_GERMAN_SEGMENT,
        suggested=suggested,
        **page(str(get_locale())),
    )


@blueprint.get("/<code>/<lang>/results")
def results(code: str, lang: str) -> str:
    """The results in ``lang``, or in Leichte Sprache (``lang`` "leichte-sprache", a German
    page with the staff's texts in Leichte Sprache)."""
    text_lang = EASY_GERMAN if lang == EASY_GERMAN_SEGMENT else lang
    published = location_results(code)
    shown = [_shown(wave, found, text_lang) for wave, found in published if text_lang in found.languages]
    if not shown:
        abort(404)
    others = [other for other in _languages(found for _wave, found in published) if other != lang]
    easy = text_lang != EASY_GERMAN and any(EASY_GERMAN in found.languages for _wave, found in published)
    return render_template(
        "respond/results.html",
        code=code,
        shown=shown,
        others=others,
        easy=easy,
        easy_segment=EASY_GERMAN_SEGMENT,
        text_lang=text_lang,
        **page(locale_of(text_lang)),
    )


@blueprint.get("/results/<district_code>")
def district_results(district_code: str) -> str:
    """Every published result of a district: each location's, newest first."""
    found = published_in_district(db.session, district_code)
    if not found:
        abort(404)
    languages = _languages(results for _location, _wave, results in found)
    lang = request.accept_languages.best_match(languages) or languages[0]
    return render_template(
        "respond/district_results.html", found=found, district=found[0][0].district, **page(lang)
    )
