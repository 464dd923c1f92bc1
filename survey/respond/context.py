"""Which survey a family link leads to, and how its content reads in one language."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from questionnaires import Choice, Question, Questionnaire, Text
from survey.dates import today
from survey.extensions import db
from survey.models import Location, Wave
from survey.services.geography import region_choices
from survey.services.questionnaires import questionnaire_of
from survey.services.waves import FamilyLink, resolve_family_link


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
    languages: list[str]

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
    """Languages a family may choose: the questionnaire is complete in them and the
    app's own texts are translated into them."""
    shipped = current_app.config["LANGUAGES"]
    return [lang for lang in questionnaire.complete_languages if lang in shipped]


def open_link(code: str) -> FamilyLink:
    link = resolve_family_link(db.session, code, today())
    if not link.exists:
        raise FamilyPageProblem(404, "unknown")
    if not link.is_open:
        raise FamilyPageProblem(410, "closed", code)
    return link


def open_survey(code: str, language: str) -> Survey:
    link = open_link(code)
    questionnaire = questionnaire_of(link.wave.questionnaire_version)
    languages = offered_languages(questionnaire)
    if language not in languages:
        raise FamilyPageProblem(404, "language", code)
    lists = {"district_regions": region_choices(db.session, link.location)}
    return Survey(link.location, link.wave, questionnaire, lists, language, languages)


def known_location(code: str) -> Location:
    link = resolve_family_link(db.session, code, today())
    if not link.exists:
        raise FamilyPageProblem(404, "unknown")
    return link.location
