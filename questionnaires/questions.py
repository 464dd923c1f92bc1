"""One class per question type.

Each type owns how it reads its definition (``read``), how it checks what a family
sent (``parse``), how it turns an answer into stored rows (``rows``) and back into
plain data (``to_data``). Answers are plain values: a choice code, a list of codes,
an int or a string. ``None`` means "not answered".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

from questionnaires.answers import AnswerError, clean_text, mask_contacts, normalize_digits
from questionnaires.model import Choice, Condition, ReportPart, Text

TEXT_MAX_LENGTH = 300


class AnswerRow(NamedTuple):
    """One stored row of an answer: exactly one of the three is set."""

    choice: str | None = None
    number: int | None = None
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

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": self.code, "type": self.type_name, "text": self.text.to_data()}
        if self.hint:
            data["hint"] = self.hint.to_data()
        if self.required:
            data["required"] = True
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


_INTEGER = re.compile(r"^[+-]?\d{1,9}$")


@dataclass(frozen=True)
class Number(Question):
    """A whole number; Arabic-Indic and Persian digits are accepted."""

    type_name: ClassVar[str] = "number"
    min: int | None = None
    max: int | None = None

    def _parse(self, values: list[str], lists: Mapping[str, Sequence[Choice]]) -> Any:
        if len(values) > 1:
            raise AnswerError("one_only")
        typed = re.sub(r"\s", "", normalize_digits(values[0]))
        if not _INTEGER.match(typed):
            raise AnswerError("not_a_number")
        number = int(typed)
        if (self.min is not None and number < self.min) or (self.max is not None and number > self.max):
            raise AnswerError("out_of_range", {"min": self.min, "max": self.max})
        return number

    def rows(self, answer: Any) -> list[AnswerRow]:
        return [AnswerRow(number=int(answer))]

    def to_data(self) -> dict[str, Any]:
        data = super().to_data()
        data.update({k: v for k, v in (("min", self.min), ("max", self.max)) if v is not None})
        return data

    @classmethod
    def extra_fields(cls, data: Mapping[str, Any], reader: Any) -> dict[str, Any]:
        low = reader.optional_int(data, "min")
        high = reader.optional_int(data, "max")
        if low is not None and high is not None and low > high:
            reader.problem("max", "must not be smaller than min")
        return {"min": low, "max": high}


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
