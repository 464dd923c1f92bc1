"""One class per question type.

Each type owns how it reads its definition (``read``), how it checks what a family
sent (``parse``), how it turns an answer into stored rows (``rows``) and back into
plain data (``to_data``). Answers are plain values: a choice code, a list of codes,
a number (an int, or a float for a decimal answer) or a string. ``None`` means "not answered".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, NamedTuple

from questionnaires.answers import AnswerError, clean_text, mask_contacts, normalize_digits
from questionnaires.model import Choice, Condition, ReportPart, Text

TEXT_MAX_LENGTH = 300
#: A question's own messages: when an answer is missing, and when it does not fit.
MESSAGE_FIELDS = ("required_message", "constraint_message")
#: The answer errors the ``constraint_message`` stands for: the limits a question sets.
CONSTRAINT_ERRORS = ("out_of_range", "too_long", "too_many", "exclusive")


class AnswerRow(NamedTuple):
    """One stored row of an answer: exactly one of the three is set."""

    choice: str | None = None
    number: int | Decimal | None = None
    text: str | None = None


@dataclass(frozen=True)
class Question:
    type_name: ClassVar[str] = ""
    takes_answer: ClassVar[bool] = True

    code: str
    text: Text
    hint: Text | None = None
    required: bool = False
    show_if: Condition | None = None
    report: ReportPart | None = None
    #: the questionnaire's own messages when an answer is missing (``required_message``) or
    #: does not fit the question's limits (``constraint_message``), in some languages;
    #: in any other language a family reads the app's own message
    required_message: Text | None = None
    constraint_message: Text | None = None
    #: whether reports may break other questions down by this type's answers
    can_break_down: ClassVar[bool] = False

    # -- answering -------------------------------------------------------------------
    def parse(self, raw: Sequence[str], lists: Mapping[str, Sequence[Choice]]) -> Any:
        """Check what the form sent; return the answer, ``None`` when skipped."""
        values = [v.strip() for v in raw if v.strip()]
        if not values:
            if self.required:
                raise AnswerError("required")
            return None
        return self._parse(values, lists)

    def _parse(self, values: list[str], lists: Mapping[str, Sequence[Choice]]) -> Any:
        raise NotImplementedError

    def rows(self, answer: Any) -> list[AnswerRow]:
        raise NotImplementedError

    def form_values(self, answer: Any) -> list[str]:
        """The answer as a form would send it (to fill the form in, or to check it again)."""
        if answer is None:
            return []
        return [str(v) for v in answer] if isinstance(answer, list | tuple) else [str(answer)]

    # -- definition ------------------------------------------------------------------
    def texts(self) -> Iterator[tuple[str, str, Text]]:
        yield self.code, "text", self.text
        if self.hint:
            yield self.code, "hint", self.hint

    def messages(self) -> Iterator[tuple[str, Text]]:
        """The question's own messages (field, texts). Each is optional in every language,
        so they are not among :meth:`texts` (which a language must have to be complete)."""
        for field in MESSAGE_FIELDS:
            message = getattr(self, field)
            if message is not None:
                yield field, message

    def message(self, field: str, language: str) -> str | None:
        """The question's own message in ``language``; None when it has none in that
        language (never one in another language)."""
        message: Text | None = getattr(self, field)
        if message is None or not message.has(language):
            return None
        return message.by_language[language]

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "type": self.type_name, "text": self.text.to_data()}
        if self.hint:
            data["hint"] = self.hint.to_data()
        if self.required:
            data["required"] = True
        for field, message in self.messages():
            data[field] = message.to_data()
        if self.show_if:
            data["show_if"] = self.show_if.to_data()
        if self.report and self.report.to_data():
            data["report"] = self.report.to_data()
        return data

    @property
    def role(self) -> str | None:
        return self.report.role if self.report else None

    @property
    def breakdown(self) -> bool:
        return bool(self.report and self.report.breakdown)

    @classmethod
    def extra_fields(cls, data: Mapping[str, Any], reader: Any) -> dict[str, Any]:
        """Read the type's own fields; ``reader`` records problems."""
        return {}


@dataclass(frozen=True)
class ChoiceQuestion(Question):
    choices: tuple[Choice, ...] = ()
    can_break_down: ClassVar[bool] = True
    min_choices: ClassVar[int] = 2
    max_static_choices: ClassVar[int] = 30

    def options(self, lists: Mapping[str, Sequence[Choice]]) -> tuple[Choice, ...]:
        """The choices a family is offered (some types add choices from a list)."""
        return self.choices

    def choice(self, code: str, lists: Mapping[str, Sequence[Choice]]) -> Choice | None:
        return next((c for c in self.options(lists) if c.code == code), None)

    def _parse(self, values: list[str], lists: Mapping[str, Sequence[Choice]]) -> Any:
        if len(values) > 1:
            raise AnswerError("one_only")
        if self.choice(values[0], lists) is None:
            raise AnswerError("unknown_choice")
        return values[0]

    def rows(self, answer: Any) -> list[AnswerRow]:
        return [AnswerRow(choice=answer)]

    def texts(self) -> Iterator[tuple[str, str, Text]]:
        yield from super().texts()
        for choice in self.choices:
            yield self.code, f"choices.{choice.code}", choice.text

    def to_data(self) -> dict[str, Any]:
        return {**super().to_data(), "choices": [c.to_data() for c in self.choices]}

    @classmethod
    def extra_fields(cls, data: Mapping[str, Any], reader: Any) -> dict[str, Any]:
        choices = reader.choices(data.get("choices"), cls.min_choices, cls.max_static_choices)
        return {"choices": choices}


@dataclass(frozen=True)
class SingleChoice(ChoiceQuestion):
    type_name: ClassVar[str] = "single"


@dataclass(frozen=True)
class MultipleChoice(ChoiceQuestion):
    type_name: ClassVar[str] = "multiple"
    max_choices: int | None = None

    def _parse(self, values: list[str], lists: Mapping[str, Sequence[Choice]]) -> Any:
        chosen = list(dict.fromkeys(values))
        if any(self.choice(code, lists) is None for code in chosen):
            raise AnswerError("unknown_choice")
        exclusive = [c for c in chosen if self.choice(c, lists).exclusive]  # type: ignore[union-attr]
        if exclusive and len(chosen) > 1:
            raise AnswerError("exclusive", {"choice": exclusive[0]})
        if self.max_choices is not None and len(chosen) > self.max_choices:
            raise AnswerError("too_many", {"max": self.max_choices})
        order = [c.code for c in self.options(lists)]
        return sorted(chosen, key=order.index)

    def rows(self, answer: Any) -> list[AnswerRow]:
        return [AnswerRow(choice=code) for code in answer]

    def to_data(self) -> dict[str, Any]:
        data = super().to_data()
        if self.max_choices is not None:
            data["max_choices"] = self.max_choices
        return data

    @classmethod
    def extra_fields(cls, data: Mapping[str, Any], reader: Any) -> dict[str, Any]:
        fields = super().extra_fields(data, reader)
        most = len(fields["choices"]) or None
        fields["max_choices"] = reader.optional_int(data, "max_choices", low=1, high=most)
        if sum(c.exclusive for c in fields["choices"]) > 1:
            reader.problem("choices", "at most one choice can be exclusive")
        return fields


@dataclass(frozen=True)
class Scale(ChoiceQuestion):
    """3 to 5 steps, shown as faces with words, best first."""

    type_name: ClassVar[str] = "scale"
    min_choices: ClassVar[int] = 3
    max_static_choices: ClassVar[int] = 5

    def face(self, code: str) -> float:
        """How happy the face of ``code`` is: 1.0 for the first step, -1.0 for the last."""
        codes = [c.code for c in self.choices]
        return 1.0 - 2.0 * codes.index(code) / (len(codes) - 1)


@dataclass(frozen=True)
class ListChoice(ChoiceQuestion):
    """One choice from a long list, e.g. the district regions of the location's district.

    ``choices_from`` names a list the web app supplies; ``choices`` are added after it
    (e.g. "Anderer Bezirk", "Weiß ich nicht").
    """

    type_name: ClassVar[str] = "list"
    min_choices: ClassVar[int] = 0
    max_static_choices: ClassVar[int] = 200
    choices_from: str | None = None

    LISTS: ClassVar[tuple[str, ...]] = ("district_regions",)

    def options(self, lists: Mapping[str, Sequence[Choice]]) -> tuple[Choice, ...]:
        listed = tuple(lists.get(self.choices_from, ())) if self.choices_from else ()
        return listed + self.choices

    def to_data(self) -> dict[str, Any]:
        data = super().to_data()
        if self.choices_from:
            data["choices_from"] = self.choices_from
        return data

    @classmethod
    def extra_fields(cls, data: Mapping[str, Any], reader: Any) -> dict[str, Any]:
        fields = super().extra_fields(data, reader)
        source = data.get("choices_from")
        if source is not None and source not in cls.LISTS:
            reader.problem("choices_from", f"unknown list {source!r}; known: {', '.join(cls.LISTS)}")
            source = None
        if source is None and len(fields["choices"]) < 2:
            reader.problem("choices", "needs choices_from or at least 2 choices")
        fields["choices_from"] = source
        return fields


@dataclass(frozen=True)
class YesNo(ChoiceQuestion):
    """Yes or no; the two labels are part of the app's own translations."""

    type_name: ClassVar[str] = "yesno"
    choices: tuple[Choice, ...] = (Choice("yes", Text({})), Choice("no", Text({})))

    def texts(self) -> Iterator[tuple[str, str, Text]]:
        yield from Question.texts(self)

    def to_data(self) -> dict[str, Any]:
        return Question.to_data(self)

    @classmethod
    def extra_fields(cls, data: Mapping[str, Any], reader: Any) -> dict[str, Any]:
        return {}


_NUMBER = re.compile(r"^[+-]?(\d{1,9})(?:[.,\u066b](\d+))?$")
#: How many digits after the decimal separator a number question may allow.
MAX_DECIMALS = 2


def number_value(value: Decimal) -> int | float:
    """A number as plain data (answers, YAML, JSON): an int when it is whole, else a float
    (at most 9 digits before and 2 after the separator: a float holds it exactly enough
    that ``repr`` gives back the same digits)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def as_decimal(value: int | float | Decimal | str) -> Decimal:
    """A stored or given number as an exact decimal (a float by its shortest digits)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(value) if isinstance(value, float) else str(value))


@dataclass(frozen=True)
class Number(Question):
    """A number: whole, or with up to ``decimals`` digits after the decimal separator
    (typed with a comma or a point; Arabic-Indic and Persian digits and the Arabic decimal
    separator ٫ are accepted). A whole answer is an int, another a float."""

    type_name: ClassVar[str] = "number"
    min: int | float | None = None
    max: int | float | None = None
    decimals: int = 0

    def _parse(self, values: list[str], lists: Mapping[str, Sequence[Choice]]) -> Any:
        if len(values) > 1:
            raise AnswerError("one_only")
        typed = re.sub(r"\s", "", normalize_digits(values[0]))
        found = _NUMBER.match(typed)
        if not found or (found.group(2) is not None and not self.decimals):
            raise AnswerError("not_a_number")
        fraction = (found.group(2) or "").rstrip("0")
        if len(fraction) > self.decimals:
            raise AnswerError("too_many_decimals", {"max": self.decimals})
        number = Decimal(f"{typed[0] if typed[0] in '+-' else ''}{found.group(1)}.{fraction or '0'}")
        if (self.min is not None and number < as_decimal(self.min)) or (
            self.max is not None and number > as_decimal(self.max)
        ):
            raise AnswerError("out_of_range", {"min": self.min, "max": self.max})
        return number_value(number)

    def rows(self, answer: Any) -> list[AnswerRow]:
        value = as_decimal(answer)
        return [AnswerRow(number=int(value) if not self.decimals else value)]

    def to_data(self) -> dict[str, Any]:
        data = super().to_data()
        data.update({k: v for k, v in (("min", self.min), ("max", self.max)) if v is not None})
        if self.decimals:
            data["decimals"] = self.decimals
        return data

    @classmethod
    def extra_fields(cls, data: Mapping[str, Any], reader: Any) -> dict[str, Any]:
        decimals = reader.optional_int(data, "decimals", low=0, high=MAX_DECIMALS)
        # limits checked against what was meant: a wrong ``decimals`` is one problem, not three
        allowed = decimals if decimals is not None else (MAX_DECIMALS if "decimals" in data else 0)
        low = reader.optional_number(data, "min", allowed)
        high = reader.optional_number(data, "max", allowed)
        if low is not None and high is not None and low > high:
            reader.problem("max", "must not be smaller than min")
        return {"min": low, "max": high, "decimals": decimals or 0}


@dataclass(frozen=True)
class FreeText(Question):
    """Short free text. E-mail addresses and phone numbers are masked before storage."""

    type_name: ClassVar[str] = "text"
    max_length: int = TEXT_MAX_LENGTH

    def _parse(self, values: list[str], lists: Mapping[str, Sequence[Choice]]) -> Any:
        if len(values) > 1:
            raise AnswerError("one_only")
        text = clean_text(values[0])
        if len(text) > self.max_length:
            raise AnswerError("too_long", {"max": self.max_length, "length": len(text)})
        return mask_contacts(text)

    def rows(self, answer: Any) -> list[AnswerRow]:
        return [AnswerRow(text=str(answer))]

    def to_data(self) -> dict[str, Any]:
        data = super().to_data()
        if self.max_length != TEXT_MAX_LENGTH:
            data["max_length"] = self.max_length
        return data

    @classmethod
    def extra_fields(cls, data: Mapping[str, Any], reader: Any) -> dict[str, Any]:
        length = reader.optional_int(data, "max_length", low=1, high=TEXT_MAX_LENGTH)
        return {"max_length": length or TEXT_MAX_LENGTH}


@dataclass(frozen=True)
class Info(Question):
    """A screen of text, no answer."""

    type_name: ClassVar[str] = "info"
    takes_answer: ClassVar[bool] = False

    def _parse(self, values: list[str], lists: Mapping[str, Sequence[Choice]]) -> Any:
        return None

    def parse(self, raw: Sequence[str], lists: Mapping[str, Sequence[Choice]]) -> Any:
        return None

    def rows(self, answer: Any) -> list[AnswerRow]:
        return []


QUESTION_TYPES: dict[str, type[Question]] = {
    cls.type_name: cls
    for cls in (SingleChoice, MultipleChoice, Scale, ListChoice, YesNo, Number, FreeText, Info)
}

__all__ = ["QUESTION_TYPES", "AnswerRow", "Question"]
