"""Editing a questionnaire as plain data: the operations behind the web editor.

A questionnaire being edited (a *draft*) is held in the format's plain-data form
(:meth:`Questionnaire.to_data`). Each operation takes that data and returns a changed
copy; the data it was given is never changed. Every result is checked with the format's
own loader (:func:`questionnaire_from_dict`) before it is returned, and an operation
whose result the format refuses raises :class:`EditError` with the format's problems.

A draft may be unfinished in two ways the format would refuse, because it is built
step by step: a text may still be missing in the source language, and a choice question
may not have all its choices yet (or the draft no questions at all). These are *gaps*:
allowed while editing, listed by :func:`check`, and they keep a draft from being
published. To tell gaps from errors, the check fills every gap with a stand-in and lets
the loader judge the rest; whatever the loader then reports is an error.

Pure Python: no Flask, no database.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from questionnaires.loader import ROLE_TYPES, FormatError, FormatProblem, questionnaire_from_dict
from questionnaires.model import ROLES, Questionnaire
from questionnaires.questions import MESSAGE_FIELDS, QUESTION_TYPES, ChoiceQuestion, YesNo

Data = dict[str, Any]

#: Types whose choices are part of the questionnaire (yes/no brings its own two).
OWN_CHOICES = tuple(
    name for name, cls in QUESTION_TYPES.items() if issubclass(cls, ChoiceQuestion) and cls is not YesNo
)
#: The settings each type has beyond code, texts, "required" and the condition.
TYPE_SETTINGS: dict[str, tuple[str, ...]] = {
    "multiple": ("max_choices",),
    "list": ("choices_from",),
    "number": ("min", "max", "decimals"),
    "text": ("max_length",),
}
STAND_IN = "…"
_CODE_LENGTH = 24


class EditError(ValueError):
    """The change was refused: the format (or the editor) names every problem."""

    def __init__(self, problems: Sequence[FormatProblem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Gap:
    """Something still to do before the questionnaire can be published.

    ``field`` is a text's field (``title``, ``text``, ``hint``, ``choices.<code>`` …) with
    ``language`` the source language for a missing text; ``choices`` with ``needed`` for
    a choice question that has too few choices; ``questions`` when there is none.
    """

    question: str
    field: str
    language: str = ""
    needed: int = 0


@dataclass(frozen=True)
class Completeness:
    """How far one language is: ``missing`` lists (question, field) like
    :meth:`Questionnaire.missing_texts`."""

    language: str
    total: int
    missing: tuple[tuple[str, str], ...]

    @property
    def given(self) -> int:
        return self.total - len(self.missing)

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Check:
    errors: tuple[FormatProblem, ...]
    gaps: tuple[Gap, ...]
    questionnaire: Questionnaire | None  # when there are neither errors nor gaps

    @property
    def publishable(self) -> bool:
        return self.questionnaire is not None


# -- reading ---------------------------------------------------------------------------


def _source(data: Mapping[str, Any]) -> str:
    return str(data.get("source_language", ""))


def languages_of(data: Mapping[str, Any]) -> list[str]:
    languages = data.get("languages")
    return [str(lang) for lang in languages] if isinstance(languages, list) else []


def texts_of(value: Any, source: str) -> Mapping[str, Any]:
    """A text field's texts by language (a bare string is the source language's text)."""
    if isinstance(value, str):
        return {source: value}
    return value if isinstance(value, Mapping) else {}


def has_text(value: Any, language: str) -> bool:
    return isinstance(value, Mapping) and bool(str(value.get(language) or "").strip())


def questions_of(data: Mapping[str, Any]) -> list[Data]:
    questions = data.get("questions")
    return [q for q in questions if isinstance(q, dict)] if isinstance(questions, list) else []


def choices_of(question: Mapping[str, Any]) -> list[Data]:
    choices = question.get("choices")
    return [c for c in choices if isinstance(c, dict)] if isinstance(choices, list) else []


def find_question(data: Mapping[str, Any], code: str) -> Data:
    """The question with ``code``; KeyError when there is none."""
    for question in questions_of(data):
        if question.get("code") == code:
            return question
    raise KeyError(code)


def find_option(data: Mapping[str, Any], question: str, option: str) -> Data:
    for choice in choices_of(find_question(data, question)):
        if choice.get("code") == option:
            return choice
    raise KeyError(option)


def text_slots(data: Mapping[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """Every text of the questionnaire, where it stands and its value, in the order and
    with the names of :meth:`Questionnaire.texts`."""
    yield "", "title", data.get("title")
    for key in ("intro", "thanks"):
        if data.get(key) is not None:
            yield "", key, data[key]
    for question in questions_of(data):
        code = str(question.get("code", ""))
        yield code, "text", question.get("text")
        if question.get("hint") is not None:
            yield code, "hint", question["hint"]
        if question.get("type") in OWN_CHOICES:
            for choice in choices_of(question):
                yield code, f"choices.{choice.get('code', '')}", choice.get("text")


def missing_texts(data: Mapping[str, Any], language: str) -> list[tuple[str, str]]:
    source = _source(data)
    return [
        (where, field)
        for where, field, value in text_slots(data)
        if not has_text(texts_of(value, source), language)
    ]


def untranslated_messages(data: Mapping[str, Any], language: str) -> list[tuple[str, str]]:
    """(question, field) of each of a question's own messages that is given in some
    language but not in ``language``. Optional: they never make a language incomplete
    (a family without one reads the app's own message)."""
    return [
        (str(question.get("code", "")), field)
        for question in questions_of(data)
        for field in MESSAGE_FIELDS
        if isinstance(question.get(field), Mapping)
        and any(str(text or "").strip() for text in question[field].values())
        and not has_text(question[field], language)
    ]


def completeness(data: Mapping[str, Any]) -> list[Completeness]:
    """Per language of the questionnaire: how many of its texts are there, which are not."""
    total = sum(1 for _ in text_slots(data))
    return [Completeness(lang, total, tuple(missing_texts(data, lang))) for lang in languages_of(data)]


def choices_needed(question: Mapping[str, Any]) -> int:
    """How many choices of its own the question needs at least."""
    kind = question.get("type")
    if kind not in OWN_CHOICES:
        return 0
    if kind == "list":
        return 0 if question.get("choices_from") else 2
    return QUESTION_TYPES[kind].min_choices  # type: ignore[attr-defined]


def gaps(data: Mapping[str, Any]) -> list[Gap]:
    source = _source(data)
    found = [Gap(where, field, source) for where, field in missing_texts(data, source)]
    questions = questions_of(data)
    if not questions:
        found.append(Gap("", "questions"))
    for question in questions:
        needed = choices_needed(question)
        if len(choices_of(question)) < needed:
            found.append(Gap(str(question.get("code", "")), "choices", needed=needed))
    return found


def with_stand_ins(data: Mapping[str, Any], stand_in: str = STAND_IN) -> Data:
    """A copy with every gap filled: ``stand_in`` for a text missing in the source
    language, stand-in choices where a question has too few, a stand-in screen when there
    are no questions. What the format then still refuses is an error, not a gap."""
    filled = copy.deepcopy(dict(data))
    source = filled.get("source_language")
    languages = filled.get("languages")
    if not isinstance(source, str) or not isinstance(languages, list) or source not in languages:
        return filled

    def fill(holder: dict, key: str, optional: bool = False) -> None:
        value = holder.get(key)
        if value is None:
            if not optional:
                holder[key] = {source: stand_in}
        elif isinstance(value, dict) and not has_text(value, source):
            value[source] = stand_in

    fill(filled, "title")
    fill(filled, "intro", optional=True)
    fill(filled, "thanks", optional=True)
    questions = filled.get("questions")
    if questions is None or questions == []:
        filled["questions"] = questions = [{"code": "stand_in", "type": "info", "text": {source: stand_in}}]
    if not isinstance(questions, list):
        return filled
    for question in questions:
        if not isinstance(question, dict):
            continue
        fill(question, "text")
        fill(question, "hint", optional=True)
        if question.get("type") not in OWN_CHOICES:
            continue
        choices = question.setdefault("choices", [])
        if not isinstance(choices, list):
            continue
        for choice in choices:
            if isinstance(choice, dict):
                fill(choice, "text")
        taken = {str(c.get("code")) for c in choices if isinstance(c, dict)}
        number = 0
        while len(choices) < choices_needed(question):
            number += 1
            if f"stand_in_{number}" not in taken:
                choices.append({"code": f"stand_in_{number}", "text": {source: stand_in}})
    return filled


def check(data: Mapping[str, Any]) -> Check:
    """Errors (what the format refuses) and gaps (what is still to do) of a draft."""
    found = tuple(gaps(data))
    try:
        questionnaire = questionnaire_from_dict(with_stand_ins(data))
    except FormatError as error:
        return Check(tuple(error.problems), found, None)
    return Check((), found, None if found else questionnaire)


def preview_questionnaire(data: Mapping[str, Any], stand_in: str = STAND_IN) -> Questionnaire:
    """The questionnaire as it would be now, gaps shown as ``stand_in``
    (FormatError when it has errors)."""
    return questionnaire_from_dict(with_stand_ins(data, stand_in))


def validated(data: Data) -> Data:
    try:
        preview_questionnaire(data)
    except FormatError as error:
        raise EditError(error.problems) from None
    return data


def earlier_choice_questions(data: Mapping[str, Any], code: str) -> list[Data]:
    """The questions a condition of question ``code`` may name: choice questions before it."""
    earlier: list[Data] = []
    for question in questions_of(data):
        if question.get("code") == code:
            return earlier
        if question.get("type") in OWN_CHOICES or question.get("type") == "yesno":
            earlier.append(question)
    raise KeyError(code)


def dependents(data: Mapping[str, Any], code: str, answer: str | None = None) -> list[str]:
    """Codes of the questions shown only after an answer (``answer``, when given) to
    question ``code``."""
    return [
        str(q.get("code"))
        for q in questions_of(data)
        if isinstance(q.get("show_if"), Mapping)
        and q["show_if"].get("question") == code
        and (answer is None or answer in (q["show_if"].get("any_of") or []))
    ]


# -- codes -----------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    """Space-separated spellings; "_" stands for a letter written as nothing."""
    return ["" if word == "_" else word for word in text.split()]


#: Letters that have no Latin base letter to fall back on, as they are commonly written in
#: Latin: German umlauts as in "Muenchen", Arabic and Persian, Cyrillic (Ukrainian,
#: Russian, Bulgarian). Arabic short vowels are not written, so a code reads like "ktb".
_LATIN = str.maketrans(
    {
        **dict(zip("äöüÄÖÜ", ["ae", "oe", "ue", "ae", "oe", "ue"], strict=True)),
        "ß": "ss",
        "ẞ": "ss",
        **dict(
            zip(
                "ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآؤئپچژگکیۀ",
                _words(
                    "a b t th j h kh d dh r z s sh s d t z a gh f q k l m n h w y"
                    " a a _ a i a w y p ch zh g k y h"
                ),
                strict=True,
            )
        ),
        **dict(
            zip(
                "абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя",
                _words(
                    "a b v h g d e ie io zh z y i i i k l m n o p r s t u f kh ts ch sh shch _ y _ e iu ia"
                ),
                strict=True,
            )
        ),
        **{chr(0x0660 + n): str(n) for n in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + n): str(n) for n in range(10)},  # Persian digits
    }
)


def latin(text: str) -> str:
    """The text in plain Latin letters, as a code can hold them."""
    text = unicodedata.normalize("NFC", text).lower().translate(_LATIN)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def suggest_code(text: str, taken: set[str] | Sequence[str], fallback: str) -> str:
    """A code from the first words of ``text`` written in Latin letters (umlauts as ae, oe,
    ue; Arabic, Persian and Cyrillic letters by their common Latin spelling), or
    ``fallback`` when nothing of it can be written so; not yet in ``taken``."""
    base = ""
    for word in re.findall(r"[a-z0-9]+", latin(text)):
        longer = f"{base}_{word}" if base else word
        if len(longer) > _CODE_LENGTH:
            break
        base = longer
    base = base or fallback
    code, number = base, 2
    while code in taken:
        code, number = f"{base}_{number}", number + 1
    return code


# -- changing --------------------------------------------------------------------------


def _copy(data: Mapping[str, Any]) -> Data:
    return copy.deepcopy(dict(data))


def _set_text(
    holder: dict, key: str, values: Mapping[str, str] | None, languages: Sequence[str], optional: bool = False
) -> None:
    """Texts from ``values`` (language → text); languages not in ``values`` keep theirs.
    An optional text without any language is removed."""
    old = holder.get(key)
    old = old if isinstance(old, Mapping) else {}
    values = values or {}
    texts = {}
    for language in languages:
        text = values[language] if language in values else old.get(language)
        if isinstance(text, str) and text.strip():
            texts[language] = text.strip()
    if texts or not optional:
        holder[key] = texts
    else:
        holder.pop(key, None)


def _drop_languages(value: Any, removed: set[str]) -> Any:
    """Texts of ``removed`` languages taken out of every text of the questionnaire."""
    if isinstance(value, list):
        return [_drop_languages(item, removed) for item in value]
    if isinstance(value, dict):
        return {
            key: _drop_languages(item, removed)
            for key, item in value.items()
            if not (key in removed and isinstance(item, str))
        }
    return value


def new_questionnaire(*, code: str, source_language: str, languages: Sequence[str], title: str) -> Data:
    """An empty questionnaire: a title and its languages, no questions yet."""
    languages = list(dict.fromkeys([source_language, *languages]))
    data: Data = {
        "code": code.strip(),
        "source_language": source_language,
        "languages": languages,
        "title": {source_language: title.strip()} if title.strip() else {},
        "questions": [],
    }
    return validated(data)


def update_settings(
    data: Mapping[str, Any],
    *,
    code: str,
    source_language: str,
    languages: Sequence[str],
    title: Mapping[str, str],
    intro: Mapping[str, str],
    thanks: Mapping[str, str],
) -> Data:
    """The questionnaire's own settings. A language taken off the list loses its texts."""
    languages = list(dict.fromkeys(languages))
    removed = set(languages_of(data)) - set(languages)
    changed = _drop_languages(_copy(data), removed) if removed else _copy(data)
    changed["code"] = code.strip()
    changed["source_language"] = source_language
    changed["languages"] = languages
    _set_text(changed, "title", title, languages)
    _set_text(changed, "intro", intro, languages, optional=True)
    _set_text(changed, "thanks", thanks, languages, optional=True)
    return _ordered(validated(changed))


def set_texts(data: Mapping[str, Any], language: str, texts: Mapping[tuple[str, str], str]) -> Data:
    """Fill in or change texts of one language: (question, field) → text, as named by
    :func:`missing_texts`. An empty text is left as it was."""
    changed = _copy(data)
    for (where, field), text in texts.items():
        if not text.strip():
            continue
        holder, key = text_holder(changed, where, field)
        current = holder.get(key)
        holder[key] = {**(current if isinstance(current, dict) else {}), language: text.strip()}
        holder[key] = _in_language_order(holder[key], languages_of(changed))
    return validated(changed)


def text_holder(data: Data, where: str, field: str) -> tuple[dict, str]:
    """The dict holding the text (question, field) names, and its key there; KeyError when
    there is no such text."""
    if not where:
        if field not in ("title", "intro", "thanks"):
            raise KeyError(field)
        return data, field
    question = find_question(data, where)
    if field in ("text", "hint", *MESSAGE_FIELDS):
        return question, field
    if field.startswith("choices."):
        for choice in choices_of(question):
            if choice.get("code") == field.removeprefix("choices."):
                return choice, "text"
    raise KeyError(field)


def _in_language_order(texts: Mapping[str, str], languages: Sequence[str]) -> dict[str, str]:
    ordered = {lang: texts[lang] for lang in languages if lang in texts}
    ordered.update({lang: text for lang, text in texts.items() if lang not in ordered})
    return ordered


_QUESTION_ORDER = (
    "code",
    "type",
    "text",
    "hint",
    "required",
    "required_message",
    "constraint_message",
    "show_if",
    "report",
    "choices",
    "choices_from",
    "max_choices",
    "min",
    "max",
    "decimals",
    "max_length",
)
_TOP_ORDER = ("code", "source_language", "languages", "title", "intro", "thanks", "questions")


def _ordered(data: Data) -> Data:
    """Keys in the order the format writes them, so an exported draft reads like the library."""
    top = {key: data[key] for key in _TOP_ORDER if key in data}
    top.update({key: value for key, value in data.items() if key not in top})
    if isinstance(top.get("questions"), list):
        top["questions"] = [
            {
                **{k: q[k] for k in _QUESTION_ORDER if k in q},
                **{k: v for k, v in q.items() if k not in _QUESTION_ORDER},
            }
            if isinstance(q, dict)
            else q
            for q in top["questions"]
        ]
    return top


def add_question(
    data: Mapping[str, Any], kind: str, *, code: str = "", text: Mapping[str, str] | None = None
) -> tuple[Data, str]:
    """A new question at the end; its code from ``code`` or else made from its text."""
    changed = _copy(data)
    questions = changed.setdefault("questions", [])
    if kind not in QUESTION_TYPES:
        raise EditError([FormatProblem("", "type", "", f"unknown type {kind!r}")])
    taken = {str(q.get("code")) for q in questions_of(changed)}
    source_text = (text or {}).get(_source(changed), "")
    code = code.strip() or suggest_code(source_text, taken, f"question_{len(questions) + 1}")
    question: Data = {"code": code, "type": kind}
    _set_text(question, "text", text, languages_of(changed))
    if kind in OWN_CHOICES:
        question["choices"] = []
    if kind == "list":
        question["choices_from"] = "district_regions"
    questions.append(question)
    return _ordered(validated(changed)), code


def update_question(
    data: Mapping[str, Any],
    code: str,
    *,
    new_code: str,
    required: bool,
    text: Mapping[str, str],
    hint: Mapping[str, str],
    settings: Mapping[str, Any] | None = None,
    messages: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[Data, str]:
    """Code, texts, "required", the question's own messages (``messages``: field ->
    language -> text; an empty text removes that language's message) and the type's own
    settings (``TYPE_SETTINGS``; None removes a setting). A new code is followed by the
    conditions that name the question."""
    changed = _copy(data)
    question = find_question(changed, code)
    new_code = new_code.strip()
    if new_code != code:
        if any(q.get("code") == new_code for q in questions_of(changed)):
            raise EditError([FormatProblem(new_code, "code", "", "is used by another question")])
        question["code"] = new_code
        for other in questions_of(changed):
            condition = other.get("show_if")
            if isinstance(condition, dict) and condition.get("question") == code:
                condition["question"] = new_code
    languages = languages_of(changed)
    _set_text(question, "text", text, languages)
    _set_text(question, "hint", hint, languages, optional=True)
    if required and question.get("type") != "info":
        question["required"] = True
    else:
        question.pop("required", None)
    for name, given in (messages or {}).items():
        if name not in MESSAGE_FIELDS:
            continue
        kept = {lang: text.strip() for lang, text in given.items() if text.strip()}
        if kept and question.get("type") != "info":
            question[name] = _in_language_order(kept, languages)
        else:
            question.pop(name, None)
    allowed = TYPE_SETTINGS.get(str(question.get("type")), ())
    for name, value in (settings or {}).items():
        if name not in allowed:
            continue
        if value is None or value == "":
            question.pop(name, None)
        else:
            question[name] = value
    return _ordered(validated(changed)), new_code


def change_type(data: Mapping[str, Any], code: str, kind: str) -> Data:
    """Another type for the question. Code, texts, "required" and the condition stay; the
    choices stay between types with choices; other settings go."""
    if kind not in QUESTION_TYPES:
        raise EditError([FormatProblem(code, "type", "", f"unknown type {kind!r}")])
    changed = _copy(data)
    question = find_question(changed, code)
    old = question.get("type")
    if old == kind:
        return changed
    for name in TYPE_SETTINGS.get(str(old), ()):
        question.pop(name, None)
    question["type"] = kind
    if kind in OWN_CHOICES:
        question.setdefault("choices", [])
    else:
        question.pop("choices", None)
    if kind != "multiple":  # "no other answer with this one" only means something there
        for choice in choices_of(question):
            choice.pop("exclusive", None)
    if kind == "list":
        question["choices_from"] = "district_regions"
    if kind == "info":
        question.pop("required", None)
        for name in MESSAGE_FIELDS:
            question.pop(name, None)
    _fit_report(question, kind)
    return _ordered(validated(changed))


def roles_for(kind: str) -> list[str]:
    """The report roles a question of this type can have (``ROLE_TYPES``)."""
    return [role for role in ROLES if kind in ROLE_TYPES[role]]


def can_break_down(question: Mapping[str, Any]) -> bool:
    """Whether reports may break other questions down by this one: a choice question
    that every family sees."""
    kind = QUESTION_TYPES.get(str(question.get("type")))
    return bool(kind and kind.can_break_down) and not question.get("show_if")


def _fit_report(question: Data, kind: str) -> None:
    """Drop what the report part says that a question of ``kind`` cannot be."""
    report = question.get("report")
    if not isinstance(report, dict):
        return
    if report.get("role") not in roles_for(kind):
        report.pop("role", None)
    if not can_break_down(question):
        report.pop("breakdown", None)
    if not report:
        question.pop("report")


def set_report(data: Mapping[str, Any], code: str, *, role: str | None, breakdown: bool) -> Data:
    """What the question means for reports: its role (None: none) and whether reports may
    break the other questions down by its answers."""
    changed = _copy(data)
    question = find_question(changed, code)
    part: Data = {}
    if role:
        part["role"] = role
    if breakdown:
        part["breakdown"] = True
    if part:
        question["report"] = part
    else:
        question.pop("report", None)
    return _ordered(validated(changed))


def _move(items: list, item: Any, offset: int) -> None:
    """One place up (``offset`` -1) or down (+1); at the start or end nothing moves."""
    index = items.index(item)
    target = index + offset
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]


def move_question(data: Mapping[str, Any], code: str, offset: int) -> Data:
    changed = _copy(data)
    _move(changed["questions"], find_question(changed, code), offset)
    return validated(changed)


def move_question_to(data: Mapping[str, Any], code: str, position: int) -> Data:
    """Move the question to ``position`` (1 is the first; beyond the end: the last) in one
    step; refused like any move when a condition would then name a later question."""
    changed = _copy(data)
    questions = changed["questions"]
    question = find_question(changed, code)
    questions.remove(question)
    questions.insert(min(max(position, 1), len(questions) + 1) - 1, question)
    return validated(changed)


def duplicate_question(data: Mapping[str, Any], code: str) -> tuple[Data, str]:
    """A copy of the question right after it, with a new code (the old one numbered). Texts,
    options, settings and condition are copied; a meaning for the needs report is not (a
    meaning belongs to one question)."""
    changed = _copy(data)
    questions = changed["questions"]
    original = find_question(changed, code)
    copied = copy.deepcopy(original)
    taken = {str(q.get("code")) for q in questions_of(changed)}
    base = re.sub(r"_\d+$", "", code) or code
    new_code, number = f"{base}_2", 3
    while new_code in taken or len(new_code) > _CODE_LENGTH:
        new_code, number = f"{base[: _CODE_LENGTH - 4]}_{number}", number + 1
    copied["code"] = new_code
    report = copied.get("report")
    if isinstance(report, dict):
        report.pop("role", None)
        if not report:
            copied.pop("report")
    questions.insert(questions.index(original) + 1, copied)
    return _ordered(validated(changed)), new_code


def delete_question(data: Mapping[str, Any], code: str) -> Data:
    """Take the question out; refused while a condition of another question names it."""
    changed = _copy(data)
    question = find_question(changed, code)
    waiting = dependents(changed, code)
    if waiting:
        raise EditError(
            [
                FormatProblem(
                    other,
                    "show_if",
                    "",
                    f"is shown only after an answer to {code}: change or remove that condition first",
                )
                for other in waiting
            ]
        )
    changed["questions"].remove(question)
    return validated(changed)


def set_condition(data: Mapping[str, Any], code: str, on: str | None, any_of: Sequence[str]) -> Data:
    """Show question ``code`` only when the answer to the earlier question ``on`` is one of
    ``any_of``; ``on`` None shows it always."""
    changed = _copy(data)
    question = find_question(changed, code)
    if on is None:
        question.pop("show_if", None)
    else:
        question["show_if"] = {"question": on, "any_of": list(dict.fromkeys(any_of))}
    return _ordered(validated(changed))


def _choice_question(data: Data, code: str) -> Data:
    question = find_question(data, code)
    if question.get("type") not in OWN_CHOICES:
        raise EditError([FormatProblem(code, "choices", "", "this type of question has no own choices")])
    return question


def add_option(
    data: Mapping[str, Any],
    question: str,
    *,
    code: str = "",
    text: Mapping[str, str],
    icon: str | None = None,
    exclusive: bool = False,
    field: str | None = None,
) -> tuple[Data, str]:
    """A new choice at the end of the question's choices."""
    changed = _copy(data)
    target = _choice_question(changed, question)
    choices = target.setdefault("choices", [])
    taken = {str(c.get("code")) for c in choices_of(target)}
    code = code.strip() or suggest_code(text.get(_source(changed), ""), taken, f"option_{len(choices) + 1}")
    if code in taken:
        raise EditError([FormatProblem(question, f"choices.{code}", "", "code is used twice")])
    choice: Data = {"code": code}
    _set_text(choice, "text", text, languages_of(changed))
    _set_option_extras(choice, icon, exclusive, field)
    choices.append(choice)
    return validated(changed), code


def _set_option_extras(choice: Data, icon: str | None, exclusive: bool, field: str | None) -> None:
    for key, value in (("icon", icon), ("field", field)):
        if value:
            choice[key] = value
        else:
            choice.pop(key, None)
    if exclusive:
        choice["exclusive"] = True
    else:
        choice.pop("exclusive", None)


def update_option(
    data: Mapping[str, Any],
    question: str,
    option: str,
    *,
    text: Mapping[str, str],
    icon: str | None = None,
    exclusive: bool = False,
    field: str | None = None,
) -> Data:
    """Texts, pictogram, (for several answers) "no other answer with this one" and the
    field of action. The code stays: answers are stored under it."""
    changed = _copy(data)
    _choice_question(changed, question)
    choice = find_option(changed, question, option)
    _set_text(choice, "text", text, languages_of(changed))
    _set_option_extras(choice, icon, exclusive, field)
    return validated(changed)


def move_option(data: Mapping[str, Any], question: str, option: str, offset: int) -> Data:
    changed = _copy(data)
    _move(_choice_question(changed, question)["choices"], find_option(changed, question, option), offset)
    return validated(changed)


def delete_option(data: Mapping[str, Any], question: str, option: str) -> Data:
    """Take the choice out; refused while a condition of another question names it."""
    changed = _copy(data)
    choices = _choice_question(changed, question)["choices"]
    choice = find_option(changed, question, option)
    waiting = dependents(changed, question, option)
    if waiting:
        raise EditError(
            [
                FormatProblem(
                    other,
                    "show_if.any_of",
                    "",
                    f"is shown after the answer {option} to {question}: change that condition first",
                )
                for other in waiting
            ]
        )
    choices.remove(choice)
    return validated(changed)
