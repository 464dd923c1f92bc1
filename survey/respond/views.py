"""Family pages. Views parse the request, call one flow step or service, and render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from questionnaires import AnswerError, Choice, Question, Questionnaire, Text
from questionnaires.icons import ICONS, face_path
from survey.dates import today
from survey.extensions import db, limiter
from survey.i18n import direction, endonym
from survey.models import Location, Wave
from survey.respond import blueprint
from survey.respond.flow import REVIEW, START, Screen, position, step
from survey.respond.messages import answer_message
from survey.respond.progress import Progress, ProgressExpired, ProgressInvalid, ProgressSigner
from survey.security import is_cross_site
from survey.services.geography import region_choices
from survey.services.questionnaires import questionnaire_of
from survey.services.responses import Submission, submit_response
from survey.services.waves import resolve_family_link

limiter.limit(lambda: current_app.config["RATELIMIT_FAMILY_PAGES"])(blueprint)


@blueprint.after_request
def keep_out_of_caches(response: WerkzeugResponse) -> WerkzeugResponse:
    """Answers must not stay in a shared phone's or tablet's cache, nor in a proxy's."""
    response.headers["Cache-Control"] = "no-store"
    return response


class FamilyPageProblem(Exception):
    """Ends a family request with a friendly page and the right status."""

    def __init__(self, status: int, kind: str, code: str | None = None):
        super().__init__(kind)
        self.status, self.kind, self.code = status, kind, code


@dataclass(frozen=True)
class Survey:
    """Everything a family page needs to know about the survey behind a link."""

    location: Location
    wave: Wave
    questionnaire: Questionnaire
    lists: dict[str, tuple[Choice, ...]]
    language: str

    @property
    def source(self) -> str:
        return self.questionnaire.source_language

    def text(self, text: Text | None) -> str:
        return text.get(self.language, self.source) if text else ""

    def lang_of(self, text: Text) -> str:
        return text.language_of(self.language, self.source)

    def label(self, question: Question, choice: Choice) -> str:
        if question.type_name == "yesno":
            return _("Yes") if choice.code == "yes" else _("No")
        return self.text(choice.text)

    def options(self, question: Question) -> tuple[Choice, ...]:
        return question.options(self.lists) if hasattr(question, "options") else ()


def offered_languages(questionnaire: Questionnaire) -> list[str]:
    shipped = current_app.config["LANGUAGES"]
    return [lang for lang in questionnaire.complete_languages if lang in shipped]


def _open_wave(code: str):
    link = resolve_family_link(db.session, code, today())
    if not link.exists:
        raise FamilyPageProblem(404, "unknown")
    if not link.is_open:
        raise FamilyPageProblem(410, "closed")
    return link


def _survey(code: str, language: str) -> Survey:
    link = _open_wave(code)
    questionnaire = questionnaire_of(link.wave.questionnaire_version)
    if language not in offered_languages(questionnaire):
        raise FamilyPageProblem(404, "language", code)
    lists = {"district_regions": region_choices(db.session, link.location)}
    return Survey(link.location, link.wave, questionnaire, lists, language)


def _signer() -> ProgressSigner:
    config = current_app.config
    return ProgressSigner(config["SECRET_KEY"], config["ANSWER_TOKEN_MAX_AGE"], config["ANSWER_MAX_DAYS"])


@blueprint.get("/<code>")
def choose_language(code: str) -> str:
    link = _open_wave(code)
    languages = offered_languages(questionnaire_of(link.wave.questionnaire_version))
    suggested = request.accept_languages.best_match(languages) or languages[0]
    return render_template(
        "respond/language.html", code=link.location.code, languages=languages,
        suggested=suggested, endonym=endonym, direction=direction, **_page(str(get_locale())),
    )


@blueprint.get("/<code>/start")
def start_in_chosen_language(code: str) -> WerkzeugResponse:
    language = request.args.get("lang", "")
    if not language:
        return redirect(url_for(".choose_language", code=code))
    return redirect(url_for(".start", code=code, lang=language))


@blueprint.get("/<code>/<lang>")
def start(code: str, lang: str) -> str:
    survey = _survey(code, lang)
    progress = Progress(wave=survey.wave.id, location=survey.location.id,
                        version=survey.wave.questionnaire_version_id, started=today().isoformat())
    return _render(survey, progress, Screen(START))


@blueprint.post("/<code>/<lang>")
def answer(code: str, lang: str) -> tuple[str, int]:
    if is_cross_site(request):
        raise FamilyPageProblem(403, "cross_site", code)
    survey = _survey(code, lang)
    form = request.form
    screen_name = form.get("screen", START)
    raw = form.getlist("answer")
    try:
        progress = _signer().load(form.get("progress", ""), today())
    except ProgressExpired as expired:
        # Nothing is lost: show the same page again, as it was filled in, to confirm.
        return _render(survey, expired.progress, Screen(screen_name, typed=raw), notice="expired"), 200
    except ProgressInvalid:
        raise FamilyPageProblem(400, "invalid", code) from None
    if (progress.wave, progress.location, progress.version) != (
        survey.wave.id, survey.location.id, survey.wave.questionnaire_version_id
    ):
        raise FamilyPageProblem(400, "invalid", code)

    result = step(survey.questionnaire, survey.lists, progress.answers, screen_name,
                  form.get("nav", ""), raw, form.get("edit"))
    progress.answers = result.answers
    if result.submit:
        return _submit(survey, progress), 200
    return _render(survey, progress, result.screen), (422 if result.screen.error else 200)


def _submit(survey: Survey, progress: Progress) -> str:
    submission = Submission(
        wave_id=survey.wave.id, location_id=survey.location.id,
        questionnaire_version_id=survey.wave.questionnaire_version_id,
        language=survey.language, answers=progress.answers, nonce=progress.nonce,
        assisted=progress.assisted,
    )
    try:
        submit_response(db.session, submission, survey.questionnaire, survey.lists, today(),
                        keep_days=current_app.config["ANSWER_MAX_DAYS"] + 1)
    except (AnswerError, KeyError):
        raise FamilyPageProblem(400, "invalid", survey.location.code) from None
    return render_template("respond/thanks.html", survey=survey, **_page(survey.language))


def _render(survey: Survey, progress: Progress, screen: Screen, notice: str | None = None) -> str:
    context: dict[str, Any] = {
        "survey": survey, "screen": screen, "notice": notice,
        "token": _signer().dump(progress), "answers": progress.answers,
        "icon_path": ICONS.get, "face_path": face_path,
        **_page(survey.language),
    }
    if screen.name == START:
        return render_template("respond/start.html", **context)
    if screen.name == REVIEW:
        rows = [(q, _summary(survey, q, progress.answers.get(q.code)))
                for q in survey.questionnaire.answerable(progress.answers)]
        return render_template("respond/review.html", rows=rows, **context)

    question = survey.questionnaire.question(screen.name)
    options = survey.options(question)
    number, total = position(survey.questionnaire, progress.answers, question.code)
    keep_typed = screen.error is not None or notice is not None
    selected = screen.typed if keep_typed else question.form_values(progress.answers.get(question.code))
    error = None
    if screen.error:
        error = answer_message(screen.error, question, {c.code: survey.label(question, c) for c in options})
    return render_template(
        "respond/question.html", question=question, options=options, selected=selected,
        error=error, number=number, total=total,
        **context,
    )


def _summary(survey: Survey, question: Question, answer: Any) -> list[str]:
    if answer is None:
        return []
    labels = {c.code: survey.label(question, c) for c in survey.options(question)}
    return [labels.get(value, value) for value in question.form_values(answer)]


def _page(language: str) -> dict[str, str]:
    return {"page_lang": language, "page_dir": direction(language)}


@blueprint.errorhandler(FamilyPageProblem)
def family_page_problem(problem: FamilyPageProblem) -> tuple[str, int]:
    return _problem_page(problem.status, problem.kind, problem.code)


@blueprint.errorhandler(429)
def too_many_requests(_error: Exception) -> tuple[str, int]:
    return _problem_page(429, "too_many", (request.view_args or {}).get("code"))


def _problem_page(status: int, kind: str, code: str | None) -> tuple[str, int]:
    language = str(get_locale())
    restart = url_for(".choose_language", code=code) if code and kind != "unknown" else None
    return render_template("respond/problem.html", kind=kind, restart=restart, **_page(language)), status
