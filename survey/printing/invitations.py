"""The invitation to the survey, in the languages a poster or a code slip shows."""

from __future__ import annotations

import datetime as dt

from flask_babel import force_locale, format_date, gettext, ngettext

from survey.i18n import direction
from survey.printing.text import Invitation


def invitations(
    languages: list[str],
    *,
    closes_on: dt.date | None = None,
    codes_required: bool = False,
    minutes: int | None = None,
) -> list[Invitation]:
    """The invitation in each language, in the given order (needs an app context), with
    how long the questionnaire takes where ``minutes`` is given
    (:func:`questionnaires.timing.estimated_minutes`) and what a family must know before
    scanning: until when the survey runs, and that it needs a code (``details``)."""
    result: list[Invitation] = []
    for language in languages:
        with force_locale(language):
            text = _invitation(minutes)
            details = " ".join(
                part
                for part in (
                    gettext("You need a code from the staff here.") if codes_required else "",
                    # a date that ends in a full stop ("2026 г.") takes no second one
                    gettext("Until %(date)s.", date=format_date(closes_on, "long")).replace("..", ".")
                    if closes_on
                    else "",
                )
                if part
            )
        result.append(Invitation(language, text, "rtl" if direction(language) == "rtl" else "ltr", details))
    return result


def _invitation(minutes: int | None) -> str:
    """The invitation in the current locale."""
    text = gettext("Tell us what your family needs – scan the code. Anonymous.")
    if minutes is None:
        return text
    duration = ngettext("About %(num)d minute.", "About %(num)d minutes.", minutes)
    return f"{text} {duration}"
