"""Answer errors as a sentence in the family's language."""

from __future__ import annotations

from functools import cache

from babel.numbers import get_decimal_symbol
from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from questionnaires import AnswerError, Question
from questionnaires.answers import EMAIL_MASK, PHONE_MASK
from questionnaires.questions import CONSTRAINT_ERRORS


def _mask_words() -> dict[str, str]:
    """What a masked e-mail address and phone number read as, in the page's language."""
    return {EMAIL_MASK: _("[E-mail]"), PHONE_MASK: _("[Phone]")}


def shown_masks(text: str) -> str:
    """A stored text as the family reads it: the language-neutral masks in its language."""
    for code, word in _mask_words().items():
        text = text.replace(code, word)
    return text


def stored_masks(text: str) -> str:
    """A text the family sent back (after going back, or with an error): the masks in any
    language become the stored codes again, so stored texts stay language-neutral."""
    for word, code in _all_mask_words(tuple(current_app.config["LANGUAGES"])):
        text = text.replace(word, code)
    return text


@cache
def _all_mask_words(languages: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    words = {}
    for language in languages:
        with force_locale(language):
            for code, word in _mask_words().items():
                if word != code:
                    words[word] = code
    return tuple(words.items())


def typed_number(value: object, language: str) -> str:
    """A number as a family of ``language`` types it: no grouping, the language's decimal
    separator (3,5 in German, 3.5 in English and Arabic), Latin digits like the texts."""
    written = str(value)
    if "." in written:
        return written.replace(".", get_decimal_symbol(language))
    return written


def answer_message(error: AnswerError, question: Question, label_of: dict[str, str], language: str) -> str:
    """The error as a sentence in the family's ``language``: the questionnaire's own
    message where it has one in that language, else the app's own."""
    field = (
        "required_message"
        if error.code == "required"
        else "constraint_message"
        if error.code in CONSTRAINT_ERRORS
        else None
    )
    own = question.message(field, language) if field else None
    return own if own is not None else _app_message(error, question, label_of, language)


def _app_message(error: AnswerError, question: Question, label_of: dict[str, str], language: str) -> str:
    params = error.params
    if error.code == "required":
        if question.type_name in ("number", "text"):
            return _("Please write an answer.")
        return _("Please choose an answer.")
    if error.code == "one_only":
        return _("Please choose only one answer.")
    if error.code == "unknown_choice":
        return _("Please choose one of the answers on this page.")
    if error.code == "exclusive":
        return _(
            "“%(choice)s” cannot be chosen together with other answers.",
            choice=label_of.get(str(params["choice"]), str(params["choice"])),
        )
    if error.code == "too_many":
        maximum = params["max"]
        assert isinstance(maximum, int)  # MultipleChoice.max_choices
        return ngettext(
            "Please choose at most %(num)d answer.", "Please choose at most %(num)d answers.", maximum
        )
    if error.code == "not_a_number":
        return _("Please write a number, for example 3.")
    if error.code == "too_many_decimals":
        places = params["max"]
        assert isinstance(places, int)  # Number.decimals
        return ngettext(
            "Please write at most %(num)d digit after the decimal point.",
            "Please write at most %(num)d digits after the decimal point.",
            places,
        )
    if error.code == "out_of_range":
        low, high = params.get("min"), params.get("max")
        low_text = typed_number(low, language) if low is not None else ""
        high_text = typed_number(high, language) if high is not None else ""
        if low is not None and high is not None:
            return _("Please write a number from %(low)s to %(high)s.", low=low_text, high=high_text)
        if low is not None:
            return _("Please write a number of at least %(low)s.", low=low_text)
        return _("Please write a number of at most %(high)s.", high=high_text)
    if error.code == "too_long":
        return _(
            "Please write at most %(max)d characters. Now there are %(length)d.",
            max=params["max"],
            length=params["length"],
        )
    return _("This answer cannot be accepted. Please check it.")
