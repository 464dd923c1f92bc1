"""Pictograms a family can trust: within one questionnaire each stands for one thing.

A pictogram may come back only for the same meaning (every "Möchte ich nicht sagen" has
the padlock). Where different answer codes share one on purpose, they are listed here
with the meaning they share; anything else sharing a pictogram fails."""

from __future__ import annotations

from collections import defaultdict

import pytest

from questionnaires.icons import ICONS
from questionnaires.library import library_questionnaire

# pictogram -> the answer codes that share it, all meaning the same thing
SAME_MEANING = {
    "family_needs": {
        "ball": {"leisure", "free_leisure"},  # free time for the children
        "document": {"paperwork", "forms_too_hard", "help_forms"},  # forms and offices
        "health": {"health", "health_offers"},
        "home": {"housing", "housing_help"},
        "language": {"learning_german", "language", "counselling_own_language"},
        "school": {"childcare_school", "kita_school"},  # Kita or school, the place
        "check": {"yes", "used"},  # yes / I use it
        "unknown": {"dont_know", "unknown", "not_informed"},  # not knowing
        "known": {"known_not_used"},
        "answer_no": {"no"},
        "private": {"no_answer"},
    },
    "offer_feedback": {
        "baby_carriage": {"childcare"},
        "clock": {"time", "other_time"},
        "language": {"language", "my_language"},
    },
}


@pytest.mark.parametrize("name", sorted(SAME_MEANING))
def test_a_pictogram_means_one_thing_within_a_questionnaire(name):
    questionnaire = library_questionnaire(name)
    codes: dict[str, set[str]] = defaultdict(set)
    for question in questionnaire.questions:
        icons = [c.icon for c in getattr(question, "choices", ()) if c.icon]
        assert len(icons) == len(set(icons)), f"{question.code}: the same pictogram twice: {icons}"
        for choice in getattr(question, "choices", ()):
            if choice.icon:
                assert choice.icon in ICONS
                codes[choice.icon].add(choice.code)
    shared = {icon: found for icon, found in codes.items() if len(found) > 1}
    for icon, found in shared.items():
        assert found <= SAME_MEANING[name].get(icon, set()), f"{icon} stands for {sorted(found)}"


def test_the_pictograms_families_tripped_over_are_now_distinct():
    needs = library_questionnaire("family_needs")

    def icon(question: str, choice: str) -> str | None:
        return next(c.icon for c in needs.question(question).choices if c.code == choice)

    assert icon("children_age", "6_11") != icon("channels", "kita_school")  # not the graduation cap twice
    assert icon("wishes", "course_with_childcare") != icon("wishes", "homework_help")
    crossed = {
        icon("benefits", "no"),
        icon("offer_family_center", "known_not_used"),
        icon("difficulties", "none"),
    }
    assert len(crossed) == 3
    assert icon("barriers", "too_far") == "far" and ICONS["far"] != "M3 17h4l3-6 4 8 3-6h4M5 21h14"


def test_every_pictogram_is_drawn_differently():
    paths = list(ICONS.values())
    assert len(paths) == len(set(paths))
