"""Rendering the family's screens: start, one question, review, thank-you.

The same rendering serves staff previewing a questionnaire (:class:`Preview`): the page
is the family's, with a banner, its forms posting to the preview and nothing stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from babel.numbers import format_decimal
from flask import current_app, render_template
from flask_babel import format_date, get_locale
from markupsafe import Markup

from questionnaires import Question
from questionnaires.icons import ICONS, face_path
from questionnaires.questions import Scale
from questionnaires.timing import estimated_minutes
from survey.i18n import direction, endonym
from survey.respond.context import LanguageLink, Survey
from survey.respond.flow import REVIEW, START, Screen, position
from survey.respond.messages import answer_message, shown_masks, typed_number
from survey.respond.progress import Progress, ProgressSigner
from survey.respond.recordings import recordings


def signer() -> ProgressSigner:
    """The signer of the hidden progress field, made once per app and settings."""
    config = current_app.config
    settings = (config["SECRET_KEY"], config["ANSWER_TOKEN_MAX_AGE"], config["ANSWER_MAX_DAYS"])
    signers: dict = current_app.extensions.setdefault("progress_signers", {})
    if settings not in signers:
        signers[settings] = ProgressSigner(*settings)
    return signers[settings]


def number(value: int) -> str:
    """A count as the page's language writes it (Latin digits, like the texts)."""
    return str(value) if 0 <= value < 1000 else format_decimal(value, locale=str(get_locale()))


def page(language: str) -> dict[str, Any]:
    """What every page template needs: its language, direction and number format."""
    return {
        "page_lang": language,
        "page_dir": direction(language),
        "endonym": endonym,
        "direction": direction,
        "format_date": format_date,
        "number": number,
        "language_switch": language_switch,
    }


@dataclass(frozen=True)
class Preview:
    """Staff looking at a questionnaire as families will see it. The forms post to
    ``action`` and the language switch stays within the preview."""

    action: str  # where the form of this language posts
    restart: str  # the start screen in this language
    others: tuple[LanguageLink, ...]  # the other languages: start and action of each
    banner: str  # e.g. "Preview – nothing is saved", in the staff member's language
    banner_lang: str
    back: str  # back to the editor
    back_label: str

    def language_switch(
        self, survey: Survey, form_id: str = "", links: bool = False, query: str = ""
    ) -> Markup:
        return Markup(
            render_template(
                "respond/_language_switch.html",
                others=self.others,
                current=survey.language_name,
                form_id=form_id,
                links=links,
                query="",
            )
        )


def render_screen(
    survey: Survey,
    progress: Progress,
    screen: Screen,
    notice: str | None = None,
    entry: dict[str, str] | None = None,
    preview: Preview | None = None,
) -> str:
    context: dict[str, Any] = {
        "survey": survey,
        "screen": screen,
        "notice": notice,
        "kiosk": progress.kiosk,
        "assisted": progress.assisted,
        "entry_query": f"?{urlencode(entry)}" if entry else "",
        "token": signer().dump(progress),
        "answers": progress.answers,
        "recordings": recordings(survey.questionnaire.code, survey.language, survey.place.district_id),
        **page(survey.language),
        "preview": preview,
    }
    if preview is not None:
        context["language_switch"] = preview.language_switch
    if screen.name == START:
        return render_template(
            "respond/start.html", minutes=estimated_minutes(survey.questionnaire), **context
        )
    if screen.name == REVIEW:
        rows = [
            (q, summary(survey, q, progress.answers.get(q.code)))
            for q in survey.questionnaire.answerable(progress.answers)
        ]
        return render_template("respond/review.html", rows=rows, **context)

    question = survey.questionnaire.question(screen.name)
    at, total = position(survey.questionnaire, progress.answers, question.code)
    keep_typed = screen.error is not None or notice is not None
    selected = screen.typed if keep_typed else question.form_values(progress.answers.get(question.code))
    if question.type_name == "text":
        selected = [shown_masks(value) for value in selected]
    if question.type_name == "number" and not keep_typed:
        selected = [typed_number(value, survey.language) for value in selected]
    choices = choice_views(survey, question, selected, context["recordings"])
    error = None
    if screen.error:
        error = answer_message(screen.error, question, {c.code: c.label for c in choices}, survey.language)
    return render_template(
        "respond/question.html",
        question=question,
        choices=choices,
        selected=selected,
        error=error,
        at=at,
        total=total,
        **context,
    )


@dataclass(frozen=True)
class ChoiceView:
    """One choice as the question page shows it."""

    code: str
    label: str
    lang: str
    icon: str | None  # SVG path data
    audio: str | None  # URL of a recording
    checked: bool


def choice_views(
    survey: Survey, question: Question, selected: list[str], recorded: dict[str, str]
) -> list[ChoiceView]:
    views = []
    for choice in survey.options(question):
        lang = survey.language if question.type_name == "yesno" else survey.lang_of(choice.text)
        icon = (
            face_path(question.face(choice.code))
            if isinstance(question, Scale)
            else ICONS.get(choice.icon or "")
        )
        views.append(
            ChoiceView(
                choice.code,
                survey.label(question, choice),
                lang,
                icon,
                recorded.get(f"{question.code}.{choice.code}"),
                choice.code in selected,
            )
        )
    return views


def language_switch(survey: Survey, form_id: str = "", links: bool = False, query: str = "") -> Markup:
    """The language switch of a page; the same for every screen of a place and language."""
    key = (survey.place.code, survey.language, tuple(survey.languages), form_id, links, query)
    switches: dict = current_app.extensions.setdefault("language_switches", {})
    if key not in switches:
        if len(switches) >= 10_000:
            switches.clear()
        switches[key] = Markup(
            render_template(
                "respond/_language_switch.html",
                others=survey.other_languages(),
                current=survey.language_name,
                form_id=form_id,
                links=links,
                query=query,
            )
        )
    return switches[key]


def render_code_page(survey: Survey, typed: str, problem: str | None, entry: dict[str, str]) -> str:
    """Asks for the one-time code from the family's printed slip."""
    keep = {name: value for name, value in entry.items() if name != "access"}
    return render_template(
        "respond/code.html", survey=survey, typed=typed, problem=problem, keep=keep, **page(survey.language)
    )


def render_thanks(survey: Survey, kiosk: bool, preview: Preview | None = None) -> str:
    return render_template(
        "respond/thanks.html",
        survey=survey,
        kiosk=kiosk,
        preview=preview,
        kiosk_seconds=current_app.config["KIOSK_RETURN_SECONDS"],
        **page(survey.language),
    )


@dataclass(frozen=True)
class AnswerView:
    """One answer on the review page, isolated in its own direction: a choice in the
    direction of its language (so "Kita أو المدرسة" reads as on the question page), what
    the family typed in the direction of its first letter."""

    text: str
    lang: str | None
    dir: str


def summary(survey: Survey, question: Question, answer: Any) -> list[AnswerView]:
    """The answer as the family reads it on the review page."""
    if answer is None:
        return []
    values = question.form_values(answer)
    if question.type_name == "text":
        return [AnswerView(shown_masks(value), None, "auto") for value in values]
    if question.type_name == "number":
        return [AnswerView(typed_number(value, survey.language), None, "ltr") for value in values]
    views = []
    choices = {c.code: c for c in survey.options(question)}
    for value in values:
        choice = choices.get(value)
        if choice is None:
            views.append(AnswerView(value, None, "auto"))
            continue
        lang = survey.language if question.type_name == "yesno" else survey.lang_of(choice.text)
        views.append(AnswerView(survey.label(question, choice), lang, direction(lang)))
    return views
