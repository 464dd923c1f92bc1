"""What came of a survey, for families: the published results of the waves at a location,
in the family's language, with what the district does. Read-only; no cookie, no script."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response as WerkzeugResponse

from survey.extensions import db
from survey.models import Finding, ResultSet, Wave
from survey.respond import blueprint
from survey.respond.context import known_place
from survey.respond.rendering import page
from survey.services.questionnaires import published_questionnaire
from survey.services.results import choice_text, published_for_location, published_in_district


@dataclass(frozen=True)
class ShownFinding:
    finding: Finding
    question: str  # the question, in the family's language
    sentence: str  # staff's wording or the answer's own text


def _shown(wave: Wave, results: ResultSet, lang: str) -> list[ShownFinding]:
    questionnaire = published_questionnaire(db.session, wave.questionnaire_version.content_hash)
    source = questionnaire.source_language
    return [
        ShownFinding(
            finding,
            questionnaire.question(finding.question).text.get(lang, source),
            finding.texts.get(lang) or choice_text(questionnaire, finding.question, finding.choice, lang),
        )
        for finding in results.findings
    ]


def _languages(result_sets: Iterable[ResultSet]) -> list[str]:
    """The app's languages that any of the results are published in, in the app's order."""
    published = {language for results in result_sets for language in results.languages}
    return [language for language in current_app.config["LANGUAGES"] if language in published]


def location_results(code: str) -> list[tuple[Wave, ResultSet]]:
    return published_for_location(db.session, known_place(code).id)


@blueprint.get("/<code>/results")
def results_language(code: str) -> str | WerkzeugResponse:
    """The languages the results are published in; one of them goes straight there."""
    languages = _languages(results for _wave, results in location_results(code))
    if not languages:
        abort(404)
    if len(languages) == 1:
        return redirect(url_for(".results", code=code, lang=languages[0]))
    suggested = request.accept_languages.best_match(languages) or languages[0]
    return render_template(
        "respond/results_language.html",
        code=code,
        languages=languages,
        suggested=suggested,
        **page(str(get_locale())),
    )


@blueprint.get("/<code>/<lang>/results")
def results(code: str, lang: str) -> str:
    published = location_results(code)
    shown = [(wave, found, _shown(wave, found, lang)) for wave, found in published if lang in found.languages]
    if not shown:
        abort(404)
    others = [other for other in _languages(found for _wave, found in published) if other != lang]
    return render_template("respond/results.html", code=code, shown=shown, others=others, **page(lang))


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
