"""Family pages: routes only. Each parses the request, calls one step or service, renders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import abort, current_app, redirect, render_template, request, send_from_directory, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response as WerkzeugResponse

from questionnaires import AnswerError
from survey.dates import today
from survey.extensions import db
from survey.ratelimit import check_rate_limit
from survey.respond import blueprint
from survey.respond.assisted import is_assisted
from survey.respond.context import (
    FamilyPageProblem,
    known_place,
    offered_languages,
    open_link,
    open_survey,
)
from survey.respond.flow import START, Screen, step
from survey.respond.messages import stored_masks
from survey.respond.progress import Progress, ProgressExpired, ProgressInvalid
from survey.respond.recordings import AUDIO_TYPES, audio_folder, send_recording
from survey.respond.rendering import page, render_code_page, render_screen, render_thanks, signer
from survey.respond.results import location_results
from survey.security import is_cross_site
from survey.services.access_codes import CodeNotUsable, code_usable, normal_code
from survey.services.questionnaires import published_questionnaire
from survey.services.recordings import recording_with_content
from survey.services.responses import Submission, submit_response, was_submitted
from survey.services.retention import days_for_place

STATEMENT_DATE = dt.date(2026, 11, 21)  # when the accessibility statement was last checked

blueprint.before_request(check_rate_limit)


@blueprint.after_request
def keep_out_of_caches(response: WerkzeugResponse) -> WerkzeugResponse:
    """Answers must not stay in a shared phone's or tablet's cache, nor in a proxy's."""
    if request.endpoint not in ("respond.recording", "respond.recorded"):
        response.headers["Cache-Control"] = "no-store"
    return response


def _kiosk() -> bool:
    return request.args.get("kiosk") == "1"


def _entry() -> dict[str, str]:
    """How the family came in, carried from the language page to the start page: a shared
    tablet (kiosk), a one-time code from a printed slip (access), assisted mode (assist)."""
    entry = {"kiosk": "1"} if _kiosk() else {}
    for name in ("access", "assist"):
        value = request.args.get(name, "")
        if value and len(value) <= 200:
            entry[name] = value
    return entry


@blueprint.get("/<code>")
def choose_language(code: str) -> str | WerkzeugResponse:
    try:
        link, wave = open_link(code)
    except FamilyPageProblem as problem:
        if problem.kind == "closed" and location_results(code):  # no survey now: what came of the last
            return redirect(url_for(".results_language", code=code))
        raise
    assert link.place is not None  # open_link() has made sure of it
    languages = offered_languages(published_questionnaire(db.session, wave.content_hash))
    if not languages:  # complete in none of the app's languages: nothing a family could read
        raise FamilyPageProblem(404, "language")
    suggested = request.accept_languages.best_match(languages) or languages[0]
    return render_template(
        "respond/language.html",
        code=link.place.code,
        languages=languages,
        suggested=suggested,
        entry=_entry(),
        results=bool(location_results(code)),
        **page(str(get_locale())),
    )


@blueprint.get("/<code>/start")
def start_in_chosen_language(code: str) -> WerkzeugResponse:
    language = request.args.get("lang", "")
    query: dict[str, Any] = _entry()  # as Any: mypy would match a str to url_for's _external too
    if not language:
        return redirect(url_for(".choose_language", code=code, **query))
    return redirect(url_for(".start", code=code, lang=language, **query))


@blueprint.get("/<code>/<lang>")
def start(code: str, lang: str) -> str | tuple[str, int]:
    survey = open_survey(code, lang)
    entry = _entry()
    access = ""
    if survey.wave.codes_required:
        typed = entry.get("access", "")
        access = normal_code(typed)
        if not access or not code_usable(db.session, survey.wave.id, survey.place.id, access):
            problem = "used_or_wrong" if typed else None
            return render_code_page(survey, typed, problem, entry), (403 if typed else 200)
    progress = Progress(
        wave=survey.wave.id,
        location=survey.place.id,
        version=survey.wave.questionnaire_version_id,
        started=today().isoformat(),
        kiosk=_kiosk(),
        access=access,
        assisted=is_assisted(code, entry.get("assist")),
    )
    return render_screen(survey, progress, Screen(START), entry=entry)


@blueprint.post("/<code>/<lang>")
def answer(code: str, lang: str) -> tuple[str, int]:
    if is_cross_site(request):
        raise FamilyPageProblem(403, "cross_site", code)
    survey = open_survey(code, lang)
    form = request.form
    screen_name = form.get("screen", START)
    raw = [stored_masks(value) for value in form.getlist("answer")]
    try:
        progress = signer().load(form.get("progress", ""), today())
    except ProgressExpired as expired:
        # Nothing is lost: show the same page again, as it was filled in, to confirm.
        return render_screen(survey, expired.progress, Screen(screen_name, typed=raw), notice="expired"), 200
    except ProgressInvalid:
        raise FamilyPageProblem(400, "invalid", code) from None
    if (progress.wave, progress.location, progress.version) != (
        survey.wave.id,
        survey.place.id,
        survey.wave.questionnaire_version_id,
    ):
        raise FamilyPageProblem(400, "invalid", code)
    if was_submitted(db.engine, progress.nonce):
        # Sent already (double tap, or the back button on a shared tablet): never show
        # these answers again.
        return render_thanks(survey, progress.kiosk), 200

    result = step(
        survey.questionnaire,
        survey.lists,
        progress.answers,
        screen_name,
        form.get("nav", ""),
        raw,
        form.get("edit"),
    )
    progress.answers = result.answers
    if not result.submit:
        return render_screen(survey, progress, result.screen), (422 if result.screen.error else 200)

    submission = Submission(
        wave_id=survey.wave.id,
        location_id=survey.place.id,
        questionnaire_version_id=survey.wave.questionnaire_version_id,
        language=survey.language,
        answers=progress.answers,
        nonce=progress.nonce,
        assisted=progress.assisted,
        access_code=progress.access,
    )
    if survey.wave.codes_required and not progress.access:
        raise FamilyPageProblem(400, "invalid", code)
    try:
        submit_response(
            db.session,
            submission,
            survey.questionnaire,
            survey.lists,
            today(),
            keep_days=current_app.config["ANSWER_MAX_DAYS"] + 1,
        )
    except (AnswerError, KeyError):
        raise FamilyPageProblem(400, "invalid", code) from None
    except CodeNotUsable:
        raise FamilyPageProblem(403, "code_used", code) from None
    return render_thanks(survey, progress.kiosk), 200


@dataclass(frozen=True)
class Office:
    name: str
    address: str
    url: str


@blueprint.route("/<code>/<lang>/<any(privacy, accessibility):topic>", methods=["GET", "POST"])
def about(code: str, lang: str, topic: str) -> str:
    """What happens with the answers, and how accessible the survey is, in plain words.
    Reached by a link (then "Back to the survey" leads to the page the link was on) or,
    from a question or the review, by a button of the answer form (then it leads back to
    that screen, with the answers: the form's fields are sent back as they came)."""
    place = known_place(code)
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    resend: list[tuple[str, str]] = []
    if request.method == "POST":
        if is_cross_site(request):
            raise FamilyPageProblem(403, "cross_site", code)
        resend = [
            (name, value) for name in ("progress", "screen", "answer") for value in request.form.getlist(name)
        ]
    config = current_app.config
    if request.args.get("back") == "start":
        back = url_for(".start", code=place.code, lang=lang)
    else:
        back = url_for(".choose_language", code=place.code)
    return render_template(
        f"respond/{topic}.html",
        place=place,
        statement_date=STATEMENT_DATE,
        contact=config["ACCESSIBILITY_CONTACT"],
        office=Office(
            config["ENFORCEMENT_OFFICE"],
            config["ENFORCEMENT_OFFICE_ADDRESS"],
            config["ENFORCEMENT_OFFICE_URL"],
        ),
        resend=resend,
        resend_to=url_for(".answer", code=place.code, lang=lang),
        back=back,
        kept_days=days_for_place(db.session, place.id, today()) if topic == "privacy" else 0,
        k=config["REPORT_K"],
        **page(lang),
    )


@blueprint.get("/<code>/leichte-sprache")
def easy_german(code: str) -> str:
    """The start page's content in German Leichte Sprache."""
    return render_template("respond/leichte_sprache.html", place=known_place(code), **page("de"))


@blueprint.get("/audio/<questionnaire>/<lang>/<name>")
def recording(questionnaire: str, lang: str, name: str) -> WerkzeugResponse:
    if not any(name.endswith(ext) for ext in AUDIO_TYPES):
        abort(404)
    return send_from_directory(audio_folder(questionnaire, lang), name, max_age=86400)


@blueprint.get("/audio/<int:recording_id>/<digest>")
def recorded(recording_id: int, digest: str) -> WerkzeugResponse:
    """A recording staff uploaded. The address names its content (the start of its hash),
    so it is cached for a year; it cannot be guessed from the id alone (a draft's
    recordings are not for everyone yet), and a replaced recording's old address is gone."""
    found = recording_with_content(db.session, recording_id)
    if found is None or len(digest) != 16 or not found.sha256.startswith(digest):
        abort(404)
    return send_recording(found, immutable=True)


@blueprint.errorhandler(FamilyPageProblem)
def family_page_problem(problem: FamilyPageProblem) -> tuple[str, int]:
    return _problem_page(problem.status, problem.kind, problem.code)


@blueprint.errorhandler(429)
def too_many_requests(_error: Exception) -> tuple[str, int]:
    return _problem_page(429, "too_many", (request.view_args or {}).get("code"))


def _problem_page(status: int, kind: str, code: str | None) -> tuple[str, int]:
    restart = url_for(".choose_language", code=code) if code and kind not in ("unknown", "closed") else None
    return render_template(
        "respond/problem.html", kind=kind, restart=restart, **page(str(get_locale()))
    ), status
