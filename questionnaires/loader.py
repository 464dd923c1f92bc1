"""Load a questionnaire from YAML (or plain data) and name every problem precisely.

Problems are collected, not raised one by one: a staff member fixing a file sees all
of them at once, each with the question, the field and the language it concerns.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from questionnaires.icons import ICONS
from questionnaires.model import (
    FIELDS,
    REPEATABLE_ROLES,
    ROLES,
    Choice,
    Condition,
    Questionnaire,
    ReportPart,
    Text,
)
from questionnaires.questions import (
    MESSAGE_FIELDS,
    QUESTION_TYPES,
    ChoiceQuestion,
    Question,
    as_decimal,
    number_value,
)

CODE = re.compile(r"^[a-z0-9][a-z0-9_]{0,39}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
MAX_QUESTIONS = 40
MAX_TEXT_LENGTH = 1000


@dataclass(frozen=True)
class FormatProblem:
    question: str  # question code (or "#3" before it has one); "" for the questionnaire
    field: str
    language: str  # "" when not about one language
    message: str

    def __str__(self) -> str:
        where = " / ".join(
            part
            for part in (
                f"question {self.question}" if self.question else "questionnaire",
                self.field,
                f"language {self.language}" if self.language else "",
            )
            if part
        )
        return f"{where}: {self.message}"


class FormatError(ValueError):
    def __init__(self, problems: list[FormatProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Reader:
    """Reads one questionnaire, recording problems against the current question."""

    def __init__(self) -> None:
        self.problems: list[FormatProblem] = []
        self.question = ""
        self.languages: tuple[str, ...] = ()
        self.source_language = ""

    def problem(self, field: str, message: str, language: str = "") -> None:
        self.problems.append(FormatProblem(self.question, field, language, message))

    def text(self, value: Any, field: str, *, required: bool = True, source: bool = True) -> Text | None:
        """A text by language; ``source``: it must be given in the source language."""
        if value is None:
            if required:
                self.problem(field, "is missing")
            return None
        if isinstance(value, str):  # a bare string is the source language's text
            value = {self.source_language: value}
        if not isinstance(value, Mapping):
            self.problem(field, "must be a mapping from language code to text")
            return None
        texts: dict[str, str] = {}
        for language, text in value.items():
            if language not in self.languages:
                self.problem(field, "language not listed in the questionnaire's languages", str(language))
            elif not isinstance(text, str):
                self.problem(field, "must be text", language)
            elif len(text) > MAX_TEXT_LENGTH:
                self.problem(field, f"longer than {MAX_TEXT_LENGTH} characters", language)
            elif text.strip():
                texts[language] = text.strip()
        if source and self.source_language and self.source_language not in texts:
            self.problem(field, "missing in the source language", self.source_language)
        return Text(texts)

    def optional_int(
        self, data: Mapping[str, Any], field: str, low: int | None = None, high: int | None = None
    ) -> int | None:
        value = data.get(field)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(field, "must be a whole number")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.problem(field, f"must be between {low} and {high}")
            return None
        return value

    def optional_number(self, data: Mapping[str, Any], field: str, decimals: int) -> int | float | None:
        """A whole number, or one with at most ``decimals`` digits after the point."""
        value = data.get(field)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.problem(field, "must be a number")
            return None
        exact = as_decimal(value)
        if abs(exact) >= 10**9:
            self.problem(field, "must be between -999999999 and 999999999")
            return None
        if exact != exact.quantize(Decimal(1).scaleb(-decimals)):
            if decimals:
                self.problem(field, f"may have at most {decimals} digits after the decimal point")
            else:
                self.problem(field, "must be a whole number")
            return None
        return number_value(exact)

    def choices(self, value: Any, at_least: int, at_most: int) -> tuple[Choice, ...]:
        if value is None:
            value = []
        if not isinstance(value, list):
            self.problem("choices", "must be a list")
            return ()
        if not at_least <= len(value) <= at_most:
            self.problem("choices", f"needs {at_least} to {at_most} choices, has {len(value)}")
        choices: list[Choice] = []
        for index, item in enumerate(value, 1):
            if not isinstance(item, Mapping):
                self.problem(f"choices[{index}]", "must be a mapping with code and text")
                continue
            code = str(item.get("code", ""))
            field = f"choices.{code}" if CODE.match(code) else f"choices[{index}]"
            if not CODE.match(code):
                self.problem(field, "code must be 1-40 lower-case letters, digits or _")
            elif code in {c.code for c in choices}:
                self.problem(field, "code is used twice")
            unknown = set(item) - {"code", "text", "icon", "exclusive", "field"}
            if unknown:
                self.problem(field, f"unknown fields: {', '.join(sorted(map(str, unknown)))}")
            icon = item.get("icon")
            if icon is not None and icon not in ICONS:
                self.problem(f"{field}.icon", f"unknown icon {icon!r}")
                icon = None
            area = item.get("field")
            if area is not None and area not in FIELDS:
                self.problem(
                    f"{field}.field", f"unknown field of action {area!r}; known: {', '.join(FIELDS)}"
                )
                area = None
            text = self.text(item.get("text"), f"{field}.text")
            choices.append(Choice(code, text or Text({}), icon, bool(item.get("exclusive", False)), area))
        return tuple(choices)


_COMMON_FIELDS = {"code", "type", "text", "hint", "required", "show_if", "report", *MESSAGE_FIELDS}
#: The question types each role fits.
ROLE_TYPES: dict[str, tuple[str, ...]] = {
    "home_region": ("list", "single"),
    "household": ("single", "yesno"),
    "children_count": ("single",),
    "children_ages": ("multiple", "single"),
    "benefits": ("single", "yesno"),
    "wellbeing": ("scale", "single"),
    "support": ("single", "yesno", "scale"),
    "needs": ("multiple", "single"),
    "offer": ("single", "scale"),
    "barriers": ("multiple", "single"),
    "channels": ("multiple", "single"),
}
_TYPE_FIELDS = {
    "single": {"choices"},
    "multiple": {"choices", "max_choices"},
    "scale": {"choices"},
    "list": {"choices", "choices_from"},
    "yesno": set(),
    "number": {"min", "max", "decimals"},
    "text": {"max_length"},
    "info": set(),
}
_TOP_FIELDS = {"code", "title", "intro", "thanks", "source_language", "languages", "questions"}


def _read_condition(reader: _Reader, value: Any, earlier: dict[str, Question]) -> Condition | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or set(value) != {"question", "any_of"}:
        reader.problem("show_if", "must have exactly 'question' and 'any_of'")
        return None
    target = earlier.get(str(value["question"]))
    if not isinstance(target, ChoiceQuestion):
        reader.problem("show_if.question", "must name an earlier choice question")
        return None
    any_of = value["any_of"]
    if not isinstance(any_of, list) or not any_of:
        reader.problem("show_if.any_of", "must be a non-empty list of choice codes")
        return None
    known = {c.code for c in target.choices}
    listed = isinstance(target, QUESTION_TYPES["list"]) and target.choices_from  # type: ignore[attr-defined]
    unknown = [str(code) for code in any_of if str(code) not in known]
    if unknown and not listed:
        reader.problem("show_if.any_of", f"{target.code} has no choice {', '.join(unknown)}")
        return None
    return Condition(target.code, tuple(str(code) for code in any_of))


def _read_report(reader: _Reader, value: Any, kind: str) -> ReportPart | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        reader.problem("report", "must be a mapping with 'role' and/or 'breakdown'")
        return None
    unknown = set(value) - {"role", "breakdown"}
    if unknown:
        reader.problem("report", f"unknown fields: {', '.join(sorted(map(str, unknown)))}")
    role = value.get("role")
    if role is not None and role not in ROLES:
        reader.problem("report.role", f"unknown role {role!r}; known: {', '.join(ROLES)}")
        role = None
    elif role is not None and kind not in ROLE_TYPES[role]:
        kinds = " or ".join(ROLE_TYPES[role])
        reader.problem("report.role", f"the role {role} needs a question of type {kinds}")
        role = None
    breakdown = value.get("breakdown", False)
    if not isinstance(breakdown, bool):
        reader.problem("report.breakdown", "must be true or false")
        breakdown = False
    elif breakdown and not QUESTION_TYPES[kind].can_break_down:
        reader.problem("report.breakdown", "only a choice question can break other questions down")
        breakdown = False
    part = ReportPart(role, breakdown)
    return part if part.to_data() else None


def _check_roles(reader: _Reader, questions: list[Question]) -> None:
    """One question per role (but needs and offers), and offers that share their codes."""
    reader.question = ""
    seen: dict[str, str] = {}
    for question in questions:
        role = question.role
        if role is None:
            continue
        if role in seen and role not in REPEATABLE_ROLES:
            reader.question = question.code
            reader.problem("report.role", f"the role {role} is already given to question {seen[role]}")
        seen.setdefault(role, question.code)
    offers = [q for q in questions if q.role == "offer" and isinstance(q, ChoiceQuestion)]
    for offer in offers[1:]:
        if [c.code for c in offer.choices] != [c.code for c in offers[0].choices]:
            reader.question = offer.code
            reader.problem("report.role", f"an offer needs the same choice codes as {offers[0].code}")


def _read_question(reader: _Reader, index: int, data: Any, earlier: dict[str, Question]) -> Question | None:
    reader.question = f"#{index}"
    if not isinstance(data, Mapping):
        reader.problem("", "must be a mapping")
        return None
    code = str(data.get("code", ""))
    if CODE.match(code):
        reader.question = code
        if code in earlier:
            reader.problem("code", "is used by an earlier question")
    else:
        reader.problem("code", "must be 1-40 lower-case letters, digits or _")
    kind = data.get("type")
    if kind not in QUESTION_TYPES:
        reader.problem("type", f"unknown type {kind!r}; known: {', '.join(QUESTION_TYPES)}")
        return None
    unknown = set(data) - _COMMON_FIELDS - _TYPE_FIELDS[kind]
    if unknown:
        reader.problem("", f"unknown fields for type {kind}: {', '.join(sorted(map(str, unknown)))}")
    cls = QUESTION_TYPES[kind]
    text = reader.text(data.get("text"), "text")
    hint = reader.text(data.get("hint"), "hint", required=False)
    required = data.get("required", False)
    if not isinstance(required, bool):
        reader.problem("required", "must be true or false")
    messages = {
        field: reader.text(data.get(field), field, required=False, source=False) for field in MESSAGE_FIELDS
    }
    if not cls.takes_answer and any(data.get(field) is not None for field in MESSAGE_FIELDS):
        reader.problem("", "an information screen takes no answer, so it has no messages")
    condition = _read_condition(reader, data.get("show_if"), earlier)
    report = _read_report(reader, data.get("report"), kind)
    if report is not None and report.breakdown and condition is not None:
        reader.problem("report.breakdown", "a question shown only after a condition cannot break others down")
        report = ReportPart(report.role, False)
    extra = cls.extra_fields(data, reader)
    return cls(
        code=code,
        text=text or Text({}),
        hint=hint,
        required=bool(required),
        show_if=condition,
        report=report,
        **{field: text for field, text in messages.items() if text and text.by_language},
        **extra,
    )


def questionnaire_from_dict(data: Any) -> Questionnaire:
    """Validate plain data (as parsed from YAML or stored JSON) into a questionnaire."""
    reader = _Reader()
    if not isinstance(data, Mapping):
        raise FormatError([FormatProblem("", "", "", "the file must hold a mapping")])
    unknown = set(data) - _TOP_FIELDS
    if unknown:
        reader.problem("", f"unknown fields: {', '.join(sorted(map(str, unknown)))}")
    code = str(data.get("code", ""))
    if not CODE.match(code):
        reader.problem("code", "must be 1-40 lower-case letters, digits or _")
    languages = data.get("languages")
    if (
        not isinstance(languages, list)
        or not languages
        or not all(isinstance(lang, str) and LANGUAGE.match(lang) for lang in languages)
    ):
        reader.problem("languages", "must be a list of language codes such as de, en, ar")
        languages = []
    reader.languages = tuple(dict.fromkeys(languages))
    source = data.get("source_language")
    if source not in reader.languages:
        reader.problem("source_language", "must be one of the listed languages")
    reader.source_language = str(source) if source in reader.languages else ""
    title = reader.text(data.get("title"), "title")
    intro = reader.text(data.get("intro"), "intro", required=False)
    thanks = reader.text(data.get("thanks"), "thanks", required=False)

    raw_questions = data.get("questions")
    questions: dict[str, Question] = {}
    if not isinstance(raw_questions, list) or not raw_questions:
        reader.problem("questions", "must be a non-empty list")
        raw_questions = []
    elif len(raw_questions) > MAX_QUESTIONS:
        reader.problem("questions", f"at most {MAX_QUESTIONS} questions")
    for index, item in enumerate(raw_questions, 1):
        question = _read_question(reader, index, item, questions)
        if question is not None and question.code not in questions:
            questions[question.code] = question
    _check_roles(reader, list(questions.values()))
    if reader.problems:
        raise FormatError(reader.problems)
    assert title is not None  # a missing title is a problem above
    return Questionnaire(
        code=code,
        title=title,
        source_language=reader.source_language,
        languages=reader.languages,
        questions=tuple(questions.values()),
        intro=intro,
        thanks=thanks,
    )


class _StrictLoader(yaml.SafeLoader):
    """YAML as ``safe_load`` reads it, except that a key written twice in one mapping (a
    question with two codes, say) is a problem instead of the last one silently winning."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (str, int, float, bool)) and key in seen:
                line = key_node.start_mark.line + 1
                raise FormatError([FormatProblem("", "", "", f"{key} is given twice (line {line})")])
            if isinstance(key, (str, int, float, bool)):
                seen.add(key)
        return super().construct_mapping(node, deep)


def load_questionnaire(source: str | Path) -> Questionnaire:
    """Load YAML text, or a YAML/JSON file given as a :class:`Path`."""
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise FormatError([FormatProblem("", "", "", f"not valid YAML{where}")]) from error
    return questionnaire_from_dict(data)
