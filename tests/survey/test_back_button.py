"""The phone's Back button: family.js sends a screen's saved hidden fields again with
"resume" (see tests/browser/test_back_button.py); here the same request over HTTP."""

from __future__ import annotations

from tests.survey.family import Family


def test_resume_shows_the_saved_screen_as_it_was_and_a_sent_form_only_as_thanks(client, session, make_wave):
    wave = make_wave()
    family = Family(client, wave.locations[0].code, "de").start()
    family.answer("2")
    assert family.screen == "children_age"
    saved = dict(family.fields)  # what the browser keeps in this screen's history entry
    family.answer(["under_3"])
    assert family.screen == "caregivers"

    family.fields = saved
    family.press("resume")
    assert family.status == 200 and family.screen == "children_age"
    assert 'value="under_3" checked' not in family.html  # as it was shown, not as left
    family.answer(["6_11"])
    assert family.screen == "caregivers"

    while family.screen != "review":
        family.skip()
    family.submit()
    assert "Danke!" in family.html
    family.fields = saved
    family.press("resume")
    assert family.status == 200 and "Danke!" in family.html
    assert 'name="answer"' not in family.html
