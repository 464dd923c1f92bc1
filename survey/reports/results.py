"""Results back to families, composed by district administrators: findings taken from the
wave's published figures, what the district does about each, in every language, and the
publishing of it all (with a poster for each location)."""

from __future__ import annotations

import datetime as dt

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from survey.auth.access import managers_only, wave_or_404
from survey.dates import today
from survey.extensions import db
from survey.models import MEASURE_STATUSES, Finding, Measure, Wave
from survey.reports import blueprint
from survey.respond.context import offered_languages
from survey.services.questionnaires import questionnaire_of
from survey.services.results import (
    EASY_GERMAN,
    MeasureInput,
    ResultsError,
    add_finding,
    add_update,
    choice_text,
    editing_languages,
    effect_answers,
    figures_of,
    missing_in,
    publication_of,
    publish_results,
    remove_finding,
    result_set,
    save_measure,
    withdraw_results,
    word_finding,
)

RESULTS_PROBLEMS = {
    "no_figure": _l(
        "This answer has no published figure yet (too few answers, or hidden to protect families)."
    ),
    "too_many": _l("A results page holds at most 8 findings."),
    "twice": _l("This finding is on the page already."),
    "too_long": _l("A text is too long (at most 300 characters)."),
    "status": _l("Choose a status."),
    "what_missing": _l("Say what is done, in at least one language."),
    "reason_missing": _l("Say why it is not possible."),
    "update_missing": _l("Write the update in at least one language."),
    "no_findings": _l("Add at least one finding first."),
    "no_language": _l("Choose at least one language."),
    "incomplete": _l("A chosen language is not complete yet."),
    "figure_gone": _l("A finding's figure is no longer published; remove that finding."),
    "effect": _l("Choose an answer of this questionnaire to show the effect."),
    "no_breakdown": _l(
        "This answer cannot be shown per location or district region: the report breaks it down so "
        "only after the wave has closed, and only where every group has enough answers."
    ),
}
STATUS_LABELS = {
    "planned": _l("Planned"),
    "started": _l("Started"),
    "done": _l("Done"),
    "not_possible": _l("Not possible"),
}


def _context(wave: Wave) -> tuple:
    """The wave's questionnaire and the languages its results are written in."""
    questionnaire = questionnaire_of(wave.questionnaire_version)
    return questionnaire, editing_languages(offered_languages(questionnaire))


def _back(wave: Wave, anchor: str | None = None) -> Response:
    return redirect(url_for(".results", wave_id=wave.id, _anchor=anchor), 303)


def _refused(wave: Wave, error: ResultsError) -> Response:
    db.session.rollback()  # a refused change stores nothing, though the answer is a redirect
    flash(str(RESULTS_PROBLEMS[error.reason]))
    return _back(wave)


def _texts(prefix: str, languages: list[str]) -> dict[str, str]:
    return {language: request.form.get(f"{prefix}-{language}", "") for language in languages}


def _finding(wave: Wave, finding_id: int) -> Finding:
    finding = db.session.get(Finding, finding_id)
    if finding is None or finding.result_set.wave_id != wave.id:
        abort(404)
    return finding


@blueprint.get("/waves/<int:wave_id>/results")
@managers_only
def results(wave_id: int) -> str:
    wave = wave_or_404(wave_id)
    questionnaire, languages = _context(wave)
    publication = publication_of(db.session, wave, today(), current_app.config["REPORT_K"])
    figures = figures_of(publication)
    chosen = result_set(db.session, wave)
    source = questionnaire.source_language
    candidates: dict[str, list] = {}
    taken = {(finding.question, finding.choice) for finding in chosen.findings}
    for figure in figures:
        if (figure.question, figure.choice) in taken:
            continue
        question = questionnaire.question(figure.question).text.get("de", source)
        label = choice_text(questionnaire, figure.question, figure.choice, "de")
        candidates.setdefault(question, []).append((figure, label))
    labels = {
        (f.question, f.choice): (
            questionnaire.question(f.question).text.get("de", source),
            {lang: choice_text(questionnaire, f.question, f.choice, lang) for lang in languages},
        )
        for f in chosen.findings
    }
    return render_template(
        "reports/results.html",
        wave=wave,
        results=chosen,
        candidates=candidates,
        labels=labels,
        languages=languages,
        missing={language: missing_in(chosen, language) for language in languages},
        language_labels={EASY_GERMAN: _("Leichte Sprache")},
        statuses=[(status, STATUS_LABELS[status]) for status in MEASURE_STATUSES],
        status_labels=STATUS_LABELS,
        effects=[
            (f"{question} {choice}", label) for (question, choice), label in effect_answers(questionnaire)
        ],
        opened=request.args.get("measure", type=int),
        locations=wave.locations,
    )


@blueprint.post("/waves/<int:wave_id>/results/findings")
@managers_only
def new_finding(wave_id: int) -> Response:
    wave = wave_or_404(wave_id)
    question, _sep, choice = request.form.get("finding", "").partition(" ")
    publication = publication_of(db.session, wave, today(), current_app.config["REPORT_K"])
    by = request.form.get("by") or None
    try:
        finding = add_finding(db.session, wave, question, choice, publication, current_user, by)
    except ResultsError as error:
        return _refused(wave, error)
    return _back(wave, f"finding-{finding.id}")


@blueprint.post("/waves/<int:wave_id>/results/findings/<int:finding_id>")
@managers_only
def change_finding(wave_id: int, finding_id: int) -> Response:
    wave = wave_or_404(wave_id)
    finding = _finding(wave, finding_id)
    _questionnaire, languages = _context(wave)
    try:
        if request.form.get("action") == "remove":
            remove_finding(db.session, finding, current_user)
            flash(_("The finding is removed."))
            return _back(wave)
        word_finding(db.session, finding, _texts("text", languages), languages, current_user)
    except ResultsError as error:
        return _refused(wave, error)
    flash(_("Saved."))
    return _back(wave, f"finding-{finding.id}")


@blueprint.post(
    "/waves/<int:wave_id>/results/findings/<int:finding_id>/measures", defaults={"measure_id": None}
)
@blueprint.post("/waves/<int:wave_id>/results/findings/<int:finding_id>/measures/<int:measure_id>")
@managers_only
def measure(wave_id: int, finding_id: int, measure_id: int | None) -> Response:
    wave = wave_or_404(wave_id)
    finding = _finding(wave, finding_id)
    existing = None
    if measure_id is not None:
        existing = db.session.get(Measure, measure_id)
        if existing is None or existing.finding_id != finding.id:
            abort(404)
    questionnaire, languages = _context(wave)
    try:
        starts_on = (
            dt.date.fromisoformat(request.form["starts_on"]) if request.form.get("starts_on") else None
        )
    except ValueError:
        flash(_("Enter the date as YYYY-MM-DD."))
        return _back(wave, f"finding-{finding.id}")
    question, _sep, choice = request.form.get("effect", "").partition(" ")
    given = MeasureInput(
        what=_texts("what", languages),
        who=_texts("who", languages),
        reason=_texts("reason", languages),
        starts_on=starts_on,
        status=request.form.get("status", ""),
        question=question or None,
        choice=choice or None,
        updates={
            update.id: _texts(f"update{update.id}", languages)
            for update in (existing.updates if existing else [])
        },
    )
    try:
        saved = save_measure(db.session, finding, existing, given, questionnaire, languages, current_user)
        if any(_texts("update", languages).values()):
            add_update(db.session, saved, _texts("update", languages), languages, current_user, today())
    except ResultsError as error:
        return _refused(wave, error)
    flash(_("Saved."))
    return redirect(
        url_for(".results", wave_id=wave.id, measure=saved.id, _anchor=f"measure-{saved.id}"), 303
    )


@blueprint.post("/waves/<int:wave_id>/results/publication")
@managers_only
def publication(wave_id: int) -> Response:
    wave = wave_or_404(wave_id)
    _questionnaire, languages = _context(wave)
    try:
        if request.form.get("action") == "withdraw":
            withdraw_results(db.session, wave, current_user)
            flash(_("The results are withdrawn: families no longer see them."))
        else:
            publication = publication_of(db.session, wave, today(), current_app.config["REPORT_K"])
            chosen = request.form.getlist("language")
            publish_results(db.session, wave, chosen, languages, publication, current_user, today())
            flash(_("The results are published."))
    except ResultsError as error:
        return _refused(wave, error)
    return _back(wave)


@blueprint.get("/waves/<int:wave_id>/results/poster.pdf")
@managers_only
def results_poster(wave_id: int) -> Response:
    """The results poster of one location (``location``), in up to three of the published
    languages (``lang``, in the order given; all published ones when none is given)."""
    from survey.printing.results_poster import results_poster_pdf

    wave = wave_or_404(wave_id)
    location_id = request.args.get("location", type=int)
    location = next((place for place in wave.locations if place.id == location_id), None)
    chosen = result_set(db.session, wave)
    if location is None or not chosen.published:
        abort(404)
    languages = [
        lang for lang in request.args.getlist("lang") if lang in chosen.languages
    ] or chosen.languages
    url = url_for("respond.results_language", code=location.code, _external=True)
    pdf = results_poster_pdf(wave, chosen, location, languages[:3], url)
    return current_app.response_class(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="ergebnisse-{location.code}.pdf"'},
    )
