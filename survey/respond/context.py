"""Which survey a family link leads to, and how its content reads in one language."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

from flask import current_app, url_for
from flask_babel import gettext as _

from questionnaires import Choice, Question, Questionnaire, Text
from survey.dates import today
from survey.extensions import db
from survey.i18n import direction, endonym
from survey.services.questionnaires import published_questionnaire
from survey.services.waves import FamilyLink, Place, WaveDates, find_family_link


class FamilyPageProblem(Exception):
    """Ends a family request with a friendly page and the right status."""

    def __init__(self, status: int, kind: str, code: str | None = None):
        super().__init__(kind)
        self.status, self.kind, self.code = status, kind, code


@dataclass(frozen=True)
class Survey:
    """Everything a family page needs to know about the survey behind a link."""

    place: Place
    wave: WaveDates
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

    @property
    def language_name(self) -> str:
        return endonym(self.language)

    def other_languages(self) -> tuple[LanguageLink, ...]:
        return language_links(self.place.code, self.language, tuple(self.languages))


@dataclass(frozen=True)
class LanguageLink:
    language: str
    name: str  # in the language itself
    direction: str
    start: str  # the start page in that language
    answer: str  # where the answer form posts in that language


@lru_cache(maxsize=1024)
def language_links(code: str, current: str, languages: tuple[str, ...]) -> tuple[LanguageLink, ...]:
    """The languages to switch to from ``current``; computed once per place and language."""
    return tuple(
        LanguageLink(
            language,
            endonym(language),
            direction(language),
            url_for("respond.start", code=code, lang=language),
            url_for("respond.answer", code=code, lang=language),
        )
        for language in languages
        if language != current
    )


def offered_languages(questionnaire: Questionnaire) -> list[str]:
    """Languages a family may choose: the questionnaire is complete in them and the
    app's own texts are translated into them."""
    shipped = current_app.config["LANGUAGES"]
    return [lang for lang in questionnaire.complete_languages if lang in shipped]


def family_link(code: str) -> FamilyLink:
    """What a link leads to, kept for FAMILY_LINK_CACHE_SECONDS in this process, so that
    answering a screen needs no database read. Whether a wave is open is still decided
    by today's date on every request."""
    cache: dict[str, tuple[float, FamilyLink]] = current_app.extensions.setdefault("family_links", {})
    key, now = code.upper(), time.monotonic()
    hit = cache.get(key)
    if hit is not None and now - hit[0] < current_app.config["FAMILY_LINK_CACHE_SECONDS"]:
        return hit[1]
    link = find_family_link(db.session, key, today())
    if len(cache) >= 10_000:
        cache.clear()
    cache[key] = (now, link)
    return link


def open_link(code: str) -> tuple[FamilyLink, WaveDates]:
    link = family_link(code)
    if link.place is None:
        raise FamilyPageProblem(404, "unknown")
    wave = link.open_wave(today())
    if wave is None:
        raise FamilyPageProblem(410, "closed", code)
    return link, wave


def open_survey(code: str, language: str) -> Survey:
    link, wave = open_link(code)
    questionnaire = published_questionnaire(db.session, wave.content_hash)
    languages = offered_languages(questionnaire)
    if language not in languages:
        raise FamilyPageProblem(404, "language", code)
    assert link.place is not None
    return Survey(link.place, wave, questionnaire, {"district_regions": link.regions}, language, languages)


def known_place(code: str) -> Place:
    place = family_link(code).place
    if place is None:
        raise FamilyPageProblem(404, "unknown")
    return place
