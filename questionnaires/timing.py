"""How long a questionnaire takes, from the questionnaire itself.

For the start page ("about 4 minutes") and the poster. A rough reading-and-tapping model
for families who read slowly, on a phone: every screen costs a fixed time, every choice
on it a little more, a long list (one <select>) a fixed time, typing a number or a text
more. Questions shown only after a certain answer count too: the estimate is for a
family that sees them all. Rounded up to whole minutes, at least one.
"""

from __future__ import annotations

import math

from questionnaires.model import Questionnaire
from questionnaires.questions import ChoiceQuestion, ListChoice

SECONDS_PER_SCREEN = 8  # reading the question, tapping "Next"
SECONDS_PER_CHOICE = 2  # reading one more choice
SECONDS_FOR_A_LIST = 10  # finding one's entry in a long list
SECONDS_TO_TYPE = {"number": 5, "text": 45}
SECONDS_FOR_START_AND_REVIEW = 15


def estimated_seconds(questionnaire: Questionnaire) -> int:
    seconds = SECONDS_FOR_START_AND_REVIEW
    for question in questionnaire.questions:
        seconds += SECONDS_PER_SCREEN + SECONDS_TO_TYPE.get(question.type_name, 0)
        if isinstance(question, ListChoice):
            seconds += SECONDS_FOR_A_LIST + SECONDS_PER_CHOICE * len(question.choices)
        elif isinstance(question, ChoiceQuestion):
            seconds += SECONDS_PER_CHOICE * len(question.choices)
        elif question.type_name == "yesno":
            seconds += SECONDS_PER_CHOICE * 2
    return seconds


def estimated_minutes(questionnaire: Questionnaire) -> int:
    """About how many minutes a family needs for the whole questionnaire."""
    return max(1, math.ceil(estimated_seconds(questionnaire) / 60))
