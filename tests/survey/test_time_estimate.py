"""How long a questionnaire takes, from the questionnaire itself: on the start page and
on the poster."""

from __future__ import annotations

import dataclasses

from questionnaires.library import library_questionnaire
from questionnaires.timing import estimated_minutes
from survey.printing.invitations import invitations
from tests.survey.family import Family


def test_the_estimate_follows_the_questionnaires_length():
    needs = library_questionnaire("family_needs")
    feedback = library_questionnaire("offer_feedback")
    assert estimated_minutes(feedback) < estimated_minutes(needs) <= 5
    shorter = dataclasses.replace(needs, questions=needs.questions[:3])
    assert 1 <= estimated_minutes(shorter) < estimated_minutes(needs)


def test_the_start_page_says_how_long_this_questionnaire_takes(client, session, make_wave):
    for name, german, arabic in (
        ("family_needs", "Die Umfrage dauert etwa 5 Minuten.", "يستغرق الاستبيان حوالي 5 دقائق."),
        ("offer_feedback", "Die Umfrage dauert etwa 3 Minuten.", "يستغرق الاستبيان حوالي 3 دقائق."),
    ):
        code = make_wave(questionnaire=name).locations[0].code
        assert german in Family(client, code, "de").open().html
        assert arabic in Family(client, code, "ar").open().html


def test_the_poster_invitation_gives_the_estimate_in_each_language(app):
    with app.app_context():
        made = {each.language: each.text for each in invitations(["de", "ar", "ru"], minutes=4)}
    assert (
        made["de"]
        == "Sagen Sie uns, was Ihre Familie braucht – scannen Sie den Code. Anonym. Etwa 4 Minuten."
    )
    assert made["ar"].endswith("حوالي 4 دقائق.")
    assert made["ru"].endswith("Около 4 минут.")
