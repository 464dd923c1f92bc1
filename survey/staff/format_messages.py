"""The questionnaire format's problems in the staff page's language.

The format (``questionnaires/``) knows no Flask and writes its problems in plain English
for files and the command line. Staff read them here: each message of the format has its
own sentence in the catalogs, and the codes it names are shown as staff know them — a
question by its text, an option by its text, a role and a type by their labels. A message
the table does not know (a new one of the format) is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from questionnaires import editing

Names = Callable[[str], str]

_QUOTE = "“%s”"


class Naming:
    """How codes of one questionnaire are named on the staff pages (by their texts in the
    source language); without a questionnaire, codes are shown as they are."""

    def __init__(self, data: Mapping[str, Any] | None = None):
        self.data = data or {}
        self.source = str(self.data.get("source_language", ""))

    def _text(self, value: Any) -> str:
        texts = editing.texts_of(value, self.source) if self.data else {}
        return str(texts.get(self.source) or next((t for t in texts.values() if t), ""))

    def question(self, code: str) -> str:
        try:
            found = editing.find_question(self.data, code) if self.data else None
        except KeyError:
            found = None
        return _QUOTE % ((self._text(found.get("text")) if found else "") or code)

    def option(self, question: str, code: str) -> str:
        try:
            found = editing.find_option(self.data, question, code) if self.data else None
        except KeyError:
            found = None
        return _QUOTE % ((self._text(found.get("text")) if found else "") or code)


def _role(role: str) -> str:
    from survey.staff.questionnaire_forms import ROLE_LABELS

    return _QUOTE % ROLE_LABELS.get(role.strip("'"), role)


def _kinds(kinds: str) -> str:
    from survey.staff.questionnaire_forms import TYPE_LABELS

    labels = [_QUOTE % TYPE_LABELS.get(kind, kind) for kind in re.split(r" or |, ", kinds) if kind]
    return _(" or ").join(labels)


# (pattern of the format's message, the staff's sentence, how the named parts are shown)
_MESSAGES: list[tuple[str, Any, dict[str, str]]] = [
    (r"is missing", _l("is missing."), {}),
    (r"must be a mapping from language code to text", _l("must be one text per language."), {}),
    (
        r"language not listed in the questionnaire's languages",
        _l("is in a language the questionnaire does not list."),
        {},
    ),
    (r"must be text", _l("must be text."), {}),
    (r"longer than (?P<count>\d+) characters", _l("is longer than %(count)s characters."), {}),
    (
        r"missing in the source language",
        _l("is missing in the language the questionnaire is written in."),
        {},
    ),
    (r"must be a whole number", _l("must be a whole number."), {}),
    (r"must be a number", _l("must be a number."), {}),
    (
        r"may have at most (?P<count>\d+) digits after the decimal point",
        _l("may have at most %(count)s digits after the decimal point."),
        {},
    ),
    (
        r"an information screen takes no answer, so it has no messages",
        _l("An information screen takes no answer, so it has no messages."),
        {},
    ),
    (r"must be between (?P<low>\S+) and (?P<high>\S+)", _l("must be between %(low)s and %(high)s."), {}),
    (r"must be a list", _l("must be a list."), {}),
    (
        r"needs (?P<low>\d+) to (?P<high>\d+) choices, has (?P<count>\d+)",
        _l("A question of this type has %(low)s to %(high)s options; with this one it would have %(count)s."),
        {},
    ),
    (r"must be a mapping with code and text", _l("needs a code and a text."), {}),
    (
        r"(code )?must be 1-40 lower-case letters, digits or _",
        _l("A code may only hold lower-case letters a–z, digits and _ (at most 40 characters)."),
        {},
    ),
    (r"code is used twice", _l("Another option already has this code."), {}),
    (r"unknown fields: (?P<names>.*)", _l("The file has entries the format does not know: %(names)s."), {}),
    (r"unknown icon '(?P<name>.*)'", _l("There is no pictogram “%(name)s”."), {}),
    (r"unknown field of action '(?P<name>[^']*)'.*", _l("There is no field of action “%(name)s”."), {}),
    (r"must have exactly 'question' and 'any_of'", _l("must name one earlier question and its answers."), {}),
    (r"must name an earlier choice question", _l("must name an earlier question with options."), {}),
    (r"must be a non-empty list of choice codes", _l("must name at least one answer."), {}),
    (
        r"(?P<question>\w+) has no choice (?P<option>.*)",
        _l("%(question)s has no answer %(option)s."),
        {"question": "question", "option": "option"},
    ),
    (
        r"must be a mapping with 'role' and/or 'breakdown'",
        _l("must give a meaning for reports or a breakdown."),
        {},
    ),
    (r"unknown role '(?P<role>[^']*)'.*", _l("There is no meaning for reports “%(role)s”."), {}),
    (
        r"the role (?P<role>\w+) needs a question of type (?P<kinds>.*)",
        _l("%(role)s needs a question of the type %(kinds)s."),
        {"role": "role", "kinds": "kinds"},
    ),
    (r"must be true or false", _l("must be yes or no (true or false)."), {}),
    (
        r"only a choice question can break other questions down",
        _l("Only a question with options can break the other questions down."),
        {},
    ),
    (
        r"the role (?P<role>\w+) is already given to question (?P<question>\w+)",
        _l("%(role)s is already given to the question %(question)s."),
        {"role": "role", "question": "question"},
    ),
    (
        r"an offer needs the same choice codes as (?P<question>\w+)",
        _l("An offer needs the same answer codes as %(question)s."),
        {"question": "question"},
    ),
    (r"must be a mapping", _l("must be a question with code, type and text."), {}),
    (
        r"is used by an earlier question",
        _l("An earlier question has the same code; every question needs its own."),
        {},
    ),
    (r"is used by another question", _l("Another question has this code; every question needs its own."), {}),
    (r"unknown type '(?P<kind>[^']*)'.*", _l("There is no type of question “%(kind)s”."), {}),
    (
        r"unknown fields for type (?P<kind>\w+): (?P<names>.*)",
        _l("A question of the type %(kind)s has no entries %(names)s."),
        {"kind": "kinds"},
    ),
    (
        r"a question shown only after a condition cannot break others down",
        _l("A question shown only after a condition cannot break the other questions down."),
        {},
    ),
    (
        r"the file must hold a mapping",
        _l("This is not a questionnaire file: it must start with entries such as code, title and questions."),
        {},
    ),
    (
        r"must be a list of language codes such as de, en, ar",
        _l("must list the languages by their codes, such as de, en, ar."),
        {},
    ),
    (r"must be one of the listed languages", _l("must be one of the questionnaire's languages."), {}),
    (r"must be a non-empty list", _l("must hold at least one question."), {}),
    (r"at most (?P<count>\d+) questions", _l("A questionnaire has at most %(count)s questions."), {}),
    (
        r"not valid YAML \(line (?P<line>\d+), column (?P<column>\d+)\)",
        _l(
            "The file cannot be read: line %(line)s, near character %(column)s, is not written as a "
            "questionnaire file must be (often the indentation or a missing colon)."
        ),
        {},
    ),
    (
        r"not valid YAML",
        _l("The file cannot be read: it is not written as a questionnaire file must be."),
        {},
    ),
    (r"at most one choice can be exclusive", _l("Only one option can be “only alone”."), {}),
    (r"unknown list '(?P<name>[^']*)'.*", _l("There is no list “%(name)s” to choose from."), {}),
    (
        r"needs choices_from or at least 2 choices",
        _l("needs at least 2 options or a list to choose from."),
        {},
    ),
    (r"must not be smaller than min", _l("must not be smaller than the smallest number."), {}),
    (r"this type of question has no own choices", _l("This type of question has no options of its own."), {}),
    (
        r"is shown only after an answer to (?P<question>\w+): change or remove that condition first",
        _l(
            "This question is shown only after an answer to %(question)s: "
            "change or remove that condition first."
        ),
        {"question": "question"},
    ),
    (
        r"is shown after the answer (?P<option>\w+) to (?P<question>\w+): change that condition first",
        _l(
            "This question is shown after the answer %(option)s to %(question)s: change that condition first."
        ),
        {"question": "question", "option": "option"},
    ),
    (
        r"aliases \(\*name\) are not allowed in a questionnaire file",
        _l("The file uses references (*name); a questionnaire file writes everything out."),
        {},
    ),
    (
        r"(?P<key>.+) is given twice \(line (?P<line>\d+)\)",
        _l("“%(key)s” is written twice in one place (line %(line)s); the file may say it only once."),
        {},
    ),
]

_COMPILED = [(re.compile(pattern + r"\Z"), sentence, parts) for pattern, sentence, parts in _MESSAGES]


def staff_message(message: str, naming: Naming | None = None) -> str:
    """The format's ``message`` as staff read it, in the page's language."""
    naming = naming or Naming()
    for pattern, sentence, parts in _COMPILED:
        match = pattern.match(message)
        if not match:
            continue
        values = {name: value for name, value in match.groupdict().items() if value is not None}
        question = values.get("question", "")
        for name, how in parts.items():
            value = values.get(name, "")
            if how == "question":
                values[name] = naming.question(value)
            elif how == "option":
                values[name] = ", ".join(naming.option(question, code.strip()) for code in value.split(","))
            elif how == "role":
                values[name] = _role(value)
            elif how == "kinds":
                values[name] = _kinds(value)
            elif how == "plain":
                values[name] = _QUOTE % value
        return str(sentence) % values if values else str(sentence)
    return message
