"""The one-line invitation to the survey, in the languages a poster shows."""

from __future__ import annotations

from flask_babel import force_locale, gettext

from survey.i18n import direction
from survey.printing.text import Invitation


def invitations(languages: list[str]) -> list[Invitation]:
    """The invitation in each language, in the given order (needs an app context)."""
    result: list[Invitation] = []
    for language in languages:
        with force_locale(language):
            text = _invitation()
        result.append(Invitation(language, text, "rtl" if direction(language) == "rtl" else "ltr"))
    return result


def _invitation() -> str:
    """The invitation in the current locale."""
    return gettext("Tell us what your family needs – scan the code. Anonymous, about 3 minutes.")
