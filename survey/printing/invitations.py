"""The one-line invitation to the survey, in the languages a poster shows."""

from __future__ import annotations

from flask_babel import force_locale, gettext, ngettext

from survey.i18n import direction
from survey.printing.text import Invitation


def invitations(languages: list[str], minutes: int | None = None) -> list[Invitation]:
    """The invitation in each language, in the given order (needs an app context), with
    how long the questionnaire takes where ``minutes`` is given
    (:func:`questionnaires.timing.estimated_minutes`)."""
    result: list[Invitation] = []
    for language in languages:
        with force_locale(language):
            text = _invitation(minutes)
        result.append(Invitation(language, text, "rtl" if direction(language) == "rtl" else "ltr"))
    return result


def _invitation(minutes: int | None) -> str:
    """The invitation in the current locale."""
    text = gettext("Tell us what your family needs – scan the code. Anonymous.")
    if minutes is None:
        return text
    duration = ngettext("About %(num)d minute.", "About %(num)d minutes.", minutes)
    return f"{text} {duration}"
