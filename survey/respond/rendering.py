"""Rendering the family's screens: start, one question, review, thank-you."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from flask import current_app, render_template
from flask_babel import format_date, get_locale

from questionnaires import Question
from questionnaires.icons import ICONS, face_path
from survey.i18n import direction, endonym
from survey.respond.context import Survey
from survey.respond.flow import REVIEW, START, Screen, position
from survey.respond.messages import answer_message
from survey.respond.progress import Progress, ProgressSigner
from survey.respond.recordings import recordings

KIOSK_RETURN_SECONDS = 30


def signer() -> ProgressSigner:
    config = current_app.config
    return ProgressSigner(config["SECRET_KEY"], config["ANSWER_TOKEN_MAX_AGE"], config["ANSWER_MAX_DAYS"])


def page(language: str) -> dict[str, Any]:
    """What every page template needs: its language, direction and number format."""
    return {
        "page_lang": language,
        "page_dir": direction(language),
        "endonym": endonym,
        "direction": direction,
        "format_date": format_date,
        "number": lambda value: format_decimal(value, locale=str(get_locale())),
    }


def render_screen(survey: Survey, progress: Progress, screen: Screen, notice: str | None = None) -> str:
    context: dict[str, Any] = {
        "survey": survey, "screen": screen, "notice": notice, "kiosk": progress.kiosk,
        "token": signer().dump(progress), "answers": progress.answers,
        "icon_path": ICONS.get, "face_path": face_path,
        "recordings": recordings(survey.questionnaire.code, survey.language),
        **page(survey.language),
    }
    if screen.name == START:
        return render_template("respond/start.html", **context)
    if screen.name == REVIEW:
        rows = [(q, summary(survey, q, progress.answers.get(q.code)))
                for q in survey.questionnaire.answerable(progress.answers)]
        return render_template("respond/review.html", rows=rows, **context)

    question = survey.questionnaire.question(screen.name)
    options = survey.options(question)
    at, total = position(survey.questionnaire, progress.answers, question.code)
    keep_typed = screen.error is not None or notice is not None
    selected = screen.typed if keep_typed else question.form_values(progress.answers.get(question.code))
    error = None
    if screen.error:
        labels = {choice.code: survey.label(question, choice) for choice in options}
        error = answer_message(screen.error, question, labels)
    return render_template("respond/question.html", question=question, options=options,
                           selected=selected, error=error, at=at, total=total, **context)


def render_thanks(survey: Survey, kiosk: bool) -> str:
    return render_template("respond/thanks.html", survey=survey, kiosk=kiosk,
                           kiosk_seconds=KIOSK_RETURN_SECONDS, **page(survey.language))


def summary(survey: Survey, question: Question, answer: Any) -> list[str]:
    """The answer as the family reads it on the review page."""
    if answer is None:
        return []
    labels = {c.code: survey.label(question, c) for c in survey.options(question)}
    return [labels.get(value, value) for value in question.form_values(answer)]
