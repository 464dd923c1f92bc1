"""The phone's own Back button in the middle of the survey and after sending.

With JavaScript, Back leads to the previous question as it was, never to Chromium's
"Confirm Form Resubmission" page; after sending it never brings back the answers.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import LiveServer
from tests.browser.test_every_language import CODE, Speaker, choose_language
from tests.browser.test_family_answers import stored

pytestmark = pytest.mark.browser


def phone_back(family: Speaker) -> None:
    """Back, as the phone's button does it; the page may send its saved screen again."""
    page = family.page
    page.go_back(wait_until="commit")
    # The address's own page sends the saved screen at once (hidden meanwhile).
    page.wait_for_function("() => document.readyState === 'complete' && !document.body.hidden")
    assert not page.url.startswith("chrome-error:"), page.url
    family.seen = page.evaluate(
        "() => ({screen: document.querySelector('input[name=screen]')?.value ?? null,"
        " heading: document.querySelector('h1').textContent.trim(),"
        " lang: document.documentElement.lang, dir: document.documentElement.dir,"
        " progress: document.querySelector('p.progress')?.textContent.trim() ?? null,"
        " buttons: Object.fromEntries([...document.querySelectorAll('main button[name=nav]')]"
        ".map(b => [b.value, b.textContent.trim()]))})"
    )


def history_length(family: Speaker) -> int:
    return family.page.evaluate("() => history.length")


@pytest.mark.parametrize("javascript", [True], indirect=True, ids=["js"])
@pytest.mark.parametrize(("locale", "language"), [("de-DE", "de"), ("ar-SY", "ar")], indirect=["locale"])
def test_back_returns_to_the_previous_question(phone, live_server: LiveServer, locale, language):
    family = Speaker(phone, live_server, language)
    family.open(f"/s/{CODE}")
    choose_language(family, language)
    family.begin()
    family.pick("2")
    family.nav("next")
    family.pick("under_3")
    family.nav("next")
    family.on_question("caregivers", 3)
    entries = history_length(family)

    phone_back(family)  # the previous question, as it was shown
    assert family.seen["screen"] == "children_age", family.seen
    family.in_language()
    assert family.picked() == []
    phone_back(family)
    assert family.seen["screen"] == "children_count"
    assert history_length(family) == entries  # going back made no new entries

    # Forward again by the page's own buttons, with another answer, and send.
    family.pick("3")
    family.nav("next")
    family.pick("6_11")
    family.nav("next")
    family.skip_to_review()
    family.nav("submit")
    assert family.heading == family._("Thank you!")

    # After sending, Back never shows the answers again: only "thank you".
    phone_back(family)
    assert family.seen["heading"] == family._("Thank you!"), family.seen
    assert family.page.locator("dl.review, input[name=answer]:checked").count() == 0
    assert stored(live_server, CODE) == [(language, {"children_count": ["3"], "children_age": ["6_11"]})]
