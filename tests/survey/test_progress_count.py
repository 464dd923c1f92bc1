""" "Frage n von m" never grows while a family goes on: a question shown only after a
certain answer is counted until that answer is given, and dropped when it is not."""

from __future__ import annotations

import re

import pytest

from tests.survey.family import Family

PROGRESS = re.compile(r'<p class="progress"[^>]*>Frage (\d+) von (\d+)')


def seen(family: Family) -> tuple[int, int]:
    found = PROGRESS.search(family.html)
    assert found, family.html
    return int(found.group(1)), int(found.group(2))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # "Something to change: another time" opens the question "what else?" (change_more)
        (["other_time"], [(1, 6), (2, 6), (3, 6), (4, 6), (5, 6), (6, 6)]),
        # nothing that opens it: the total shrinks once, after the answer, and never grows
        (None, [(1, 6), (2, 6), (3, 6), (4, 6), (5, 5)]),
    ],
)
def test_the_total_never_grows_after_a_conditional_question(client, session, make_wave, change, expected):
    wave = make_wave(questionnaire="offer_feedback")
    family = Family(client, wave.locations[0].code, "de").start()
    counts = []
    while family.screen != "review":
        counts.append(seen(family))
        if family.screen == "change" and change:
            family.answer(change)
        else:
            family.skip()
    assert counts == expected
