"""The questionnaire model: immutable values with stable codes and per-language texts."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from questionnaires.questions import Question


@dataclass(frozen=True, slots=True)
class Text:
    """One piece of content in several languages, e.g. ``{"de": "Ja", "en": "Yes"}``."""

    by_language: Mapping[str, str]

    def get(self, language: str, fallback: str) -> str:
        """The text in ``language``, else in ``fallback``, else in any language it has."""
        texts = self.by_language
        if texts.get(language):
            return texts[language]
        if texts.get(fallback):
            return texts[fallback]
        return next((t for t in texts.values() if t), "")

    def has(self, language: str) -> bool:
        return bool(self.by_language.get(language, "").strip())

    def language_of(self, language: str, fallback: str) -> str:
        """The language :meth:`get` actually answers in (for the ``lang`` attribute)."""
        if self.has(language):
            return language
        if self.has(fallback):
            return fallback
        return next((lang for lang, t in self.by_language.items() if t), fallback)

    def to_data(self) -> dict[str, str]:
        return dict(self.by_language)


#: The fields of action of Berlin's strategy against child and family poverty; a choice
#: may name the one it belongs to, and the needs report says so.
FIELDS = ("participation", "education", "health", "material")


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a choice question. Answers store ``code``, never the text."""

    code: str
    text: Text
    icon: str | None = None
    exclusive: bool = False
    field: str | None = None  # one of FIELDS

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "text": self.text.to_data()}
        if self.icon:
            data["icon"] = self.icon
        if self.exclusive:
            data["exclusive"] = True
        if self.field:
            data["field"] = self.field
        return data


#: What a question can mean for the needs report. A role's section appears in a report
#: only when a question with that role is in the wave. ``needs`` and ``offer`` may be
#: given to several questions, every other role to one.
class Role(StrEnum):
    """What a question can mean for the needs report (its ``report.role``). A role names a
    section of the report, never a question: any questionnaire may give it to any question
    of a fitting type."""

    HOME_REGION = "home_region"  # where the family lives: reach per 100 children, the map
    HOUSEHOLD = "household"  # who looks after the children (single parents)
    CHILDREN_COUNT = "children_count"  # how many children
    CHILDREN_AGES = "children_ages"  # the children's age groups
    BENEFITS = "benefits"  # whether the family receives benefits (reach into poverty)
    WELLBEING = "wellbeing"  # how the family is doing
    SUPPORT = "support"  # whether the family has someone to ask
    NEEDS = "needs"  # what is hard, what is wished for: ranked
    OFFER = "offer"  # one offer: known, used (all offers share their choice codes)
    BARRIERS = "barriers"  # what makes offers hard to use, by language
    CHANNELS = "channels"  # how families hear about offers, by language


ROLES: tuple[str, ...] = tuple(role.value for role in Role)
REPEATABLE_ROLES = (Role.NEEDS.value, Role.OFFER.value)


@dataclass(frozen=True, slots=True)
class ReportPart:
    """What a question means for reports: its ``role`` (one of :data:`ROLES`) and whether
    reports may break every other question down by its answers (``breakdown``)."""

    role: str | None = None
    breakdown: bool = False

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.role:
            data["role"] = self.role
        if self.breakdown:
            data["breakdown"] = True
        return data


@dataclass(frozen=True, slots=True)
class Condition:
    """Show a question only if an earlier answer is one of ``any_of``."""

    question: str
    any_of: tuple[str, ...]

    def holds(self, answers: Mapping[str, Any]) -> bool:
        given = answers.get(self.question)
        if given is None:
            return False
        chosen = set(given) if isinstance(given, list | tuple) else {str(given)}
        return bool(chosen.intersection(self.any_of))

    def to_data(self) -> dict[str, Any]:
        return {"question": self.question, "any_of": list(self.any_of)}


@dataclass(frozen=True)
class Questionnaire:
    code: str
    title: Text
    source_language: str
    languages: tuple[str, ...]
    questions: tuple[Question, ...]
    intro: Text | None = None
    thanks: Text | None = None
    # set by __post_init__; neither arguments nor part of equality, hash or repr
    _by_code: dict[str, Question] = field(init=False, repr=False, compare=False)
    complete_languages: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {q.code: q for q in self.questions})
        complete = tuple(lang for lang in self.languages if not self.missing_texts(lang))
        object.__setattr__(self, "complete_languages", complete)

    def question(self, code: str) -> Question:
        return self._by_code[code]

    def has_question(self, code: str) -> bool:
        return code in self._by_code

    def visible_questions(self, answers: Mapping[str, Any]) -> list[Question]:
        """The questions a family sees, given its answers so far, in order."""
        return [q for q in self.questions if q.show_if is None or q.show_if.holds(answers)]

    def answerable(self, answers: Mapping[str, Any]) -> Iterator[Question]:
        return (q for q in self.visible_questions(answers) if q.takes_answer)

    def kept_answers(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """Only the answers to questions that are still shown (conditions may have changed)."""
        kept: dict[str, Any] = {}
        for question in self.questions:
            if question.show_if is not None and not question.show_if.holds(kept):
                continue
            if question.code in answers:
                kept[question.code] = answers[question.code]
        return kept

    def texts(self) -> Iterator[tuple[str, str, Text]]:
        """Every text with where it stands: (question code or "", field, text)."""
        yield "", "title", self.title
        if self.intro:
            yield "", "intro", self.intro
        if self.thanks:
            yield "", "thanks", self.thanks
        for question in self.questions:
            yield from question.texts()

    def missing_texts(self, language: str) -> list[tuple[str, str]]:
        """(question, field) of every text not yet given in ``language``."""
        return [(where, fld) for where, fld, text in self.texts() if not text.has(language)]

    def is_complete_in(self, language: str) -> bool:
        return language in self.complete_languages

    def to_data(self) -> dict[str, Any]:
        """The plain-data form: what YAML files hold and what is stored with a version."""
        data: dict[str, Any] = {
            "code": self.code,
            "source_language": self.source_language,
            "languages": list(self.languages),
            "title": self.title.to_data(),
        }
        if self.intro:
            data["intro"] = self.intro.to_data()
        if self.thanks:
            data["thanks"] = self.thanks.to_data()
        data["questions"] = [q.to_data() for q in self.questions]
        return data

    def canonical_json(self) -> str:
        return json.dumps(self.to_data(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def content_hash(self) -> str:
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()
