"""Answer errors as a sentence in the family's language."""

from __future__ import annotations

from functools import cache

from flask import current_app
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from questionnaires import AnswerError, Question
from questionnaires.answers import EMAIL_MASK, PHONE_MASK


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


def answer_message(error: AnswerError, question: Question, label_of: dict[str, str]) -> str:
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
    if error.code == "out_of_range":
        low, high = params.get("min"), params.get("max")
        if low is not None and high is not None:
            return _("Please write a number from %(low)d to %(high)d.", low=low, high=high)
        if low is not None:
            return _("Please write a number of at least %(low)d.", low=low)
        return _("Please write a number of at most %(high)d.", high=high)
    if error.code == "too_long":
        return _(
            "Please write at most %(max)d characters. Now there are %(length)d.",
            max=params["max"],
            length=params["length"],
        )
    return _("This answer cannot be accepted. Please check it.")
