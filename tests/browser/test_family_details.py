"""What families stumbled over, as they see it in Chromium on a small phone, in German
and Arabic: free text with its limit, masked contact details, answers on the review page
in their own direction, words at 200 % text, buttons and the language switch, and the
error border of a number field. Screenshots go to test-artifacts/ (details-*.png)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from questionnaires.library import library_questionnaire
from tests.browser.conftest import LiveServer
from tests.browser.test_every_language import CODE, Speaker

pytestmark = pytest.mark.browser

# 200 % text size (the style sheet sizes everything in rem), set through the CSSOM, which
# the page's Content-Security-Policy allows.
BIG_TEXT = """() => { document.documentElement.style.fontSize = "200%";
  return getComputedStyle(document.body).fontSize; }"""
FEEDBACK = "FBCAFE"  # a parents' café with the feedback questionnaire (offer_feedback)
ERROR_RED = "rgb(176, 0, 32)"

# Words of the page that were broken across two lines although they would fit on one.
BROKEN_WORDS = """() => {
  const broken = [];
  const blocks = document.querySelectorAll(
    "main h1, main p, main .label, main button, main dt, main dd, main summary");
  for (const block of blocks) {
    const box = block.closest("label.choice") || block;  // a choice's words may take its whole width
    const style = getComputedStyle(box);
    const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode()); ) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const parts = [...range.getClientRects()].filter(r => r.width > 0);
        const lines = new Set(parts.map(r => Math.round(r.bottom)));
        const width = parts.reduce((sum, r) => sum + r.width, 0);
        if (lines.size > 1 && width <= room) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture(scope="module")
def cafe(own_server: LiveServer) -> str:
    """A second survey on the module's own server: feedback on a parents' café."""
    from survey.dates import today
    from survey.extensions import db
    from survey.models import District, Location, Wave
    from survey.services.questionnaires import publish

    with own_server.app.app_context():
        district = db.session.scalar(select(District).filter_by(code="08"))
        assert district is not None
        version = publish(db.session, library_questionnaire("offer_feedback"), today(), district.id)
        place = Location(code=FEEDBACK, name="Elterncafé", district=district, region=district.regions[0])
        db.session.add(
            Wave(
                name="Elterncafé",
                district=district,
                questionnaire_version=version,
                opens_on=today() - dt.timedelta(days=1),
                closes_on=today() + dt.timedelta(days=30),
                locations=[place],
            )
        )
        db.session.commit()
    return FEEDBACK


def seen_now(family: Speaker) -> None:
    from tests.browser.test_every_language import LOOK

    family.seen = family.page.evaluate(LOOK)


def skip_to(family: Speaker, screen: str) -> None:
    for _ in range(20):
        if family.seen["screen"] == screen:
            return
        family.nav("skip")
    raise AssertionError(f"never reached {screen}")


LANGUAGES = [pytest.param("de-DE", "de", id="de"), pytest.param("ar-SY", "ar", id="ar")]


@pytest.mark.parametrize(("locale", "language"), LANGUAGES, indirect=["locale"])
def test_free_text_number_and_masks_without_javascript(phone, own_server, cafe, artifacts, locale, language):
    family = Speaker(phone, own_server, language)
    page = family.page
    family.open(f"/s/{cafe}/{language}")
    duration = {"de": "Die Umfrage dauert etwa 3 Minuten.", "ar": "يستغرق الاستبيان حوالي 3 دقائق."}
    assert page.locator("p.intro").last.inner_text() == duration[language]
    family.press(family._("Start"))

    skip_to(family, "times_attended")  # a number: an invalid one gets the error border
    page.locator("input#answer").fill("zwei")
    family.nav("next", status=422)
    assert page.locator("input#answer").evaluate("el => getComputedStyle(el).borderTopColor") == ERROR_RED
    page.locator("input#answer").fill("2")
    family.nav("next")
    skip_to(family, "change")
    family.pick("other_time")
    family.nav("next")

    assert family.seen["screen"] == "change_more"
    limit = family._("You can write up to %(max)s characters.", max="300")
    assert page.locator("#limit").inner_text() == limit
    assert page.locator("#count").is_hidden()  # counted only with JavaScript
    long = " ".join(["Sprechstunde"] * 30)  # 389 characters, pasted at once
    page.locator("textarea#answer").focus()
    page.keyboard.insert_text(long)
    assert page.locator("textarea#answer").input_value() == long  # nothing cut while pasting
    family.nav("next", status=422)
    assert (
        page.locator("#error")
        .inner_text()
        .endswith(
            family._(
                "Please write at most %(max)d characters. Now there are %(length)d.",
                max=300,
                length=len(long),
            )
        )
    )
    assert page.locator("textarea#answer").input_value() == long  # still all there
    family.screenshot(artifacts, f"details-{language}-text-too-long")

    page.locator("textarea#answer").fill("Bitte abends. Tel 0176 1234567")
    family.nav("next")
    skip_to(family, "review")
    text = page.locator(".review dd bdi[dir=auto]").inner_text()
    assert text == f"Bitte abends. Tel {family._('[Phone]')}"
    if language != "de":
        assert "[Telefon]" not in page.locator("main").inner_text()
    family.screenshot(artifacts, f"details-{language}-review")


@pytest.mark.parametrize("javascript", [True], indirect=True, ids=["js"])
@pytest.mark.parametrize(("locale", "language"), LANGUAGES, indirect=["locale"])
def test_free_text_is_counted_while_typing(phone, own_server, cafe, locale, language, javascript):
    family = Speaker(phone, own_server, language)
    page = family.page
    family.open(f"/s/{cafe}/{language}")
    family.press(family._("Start"))
    skip_to(family, "change")
    family.pick("my_language")
    family.nav("next")
    count = page.locator("#count")
    assert count.inner_text() == family._("Characters left: %(count)s", count="300")
    page.locator("textarea#answer").press_sequentially("Mehr Zeit")
    assert count.inner_text() == family._("Characters left: %(count)s", count="291")
    page.locator("textarea#answer").fill("x" * 305)
    page.locator("textarea#answer").press("End")
    page.keyboard.type("y")
    assert count.inner_text().endswith(family._("Too many characters: %(count)s", count="6"))
    assert page.locator("#count-status").get_attribute("role") == "status"


@pytest.mark.parametrize(("locale", "language"), LANGUAGES, indirect=["locale"])
def test_review_answers_read_as_on_the_question_page(phone, live_server, artifacts, locale, language):
    """ "Kita أو المدرسة": in Arabic the Latin word stands at the start of the line (the
    right), as on the question page, not at the left."""
    family = Speaker(phone, live_server, language)
    page = family.page
    family.open(f"/s/{CODE}/{language}")
    family.begin()
    skip_to(family, "channels")
    family.pick("kita_school", "friends_family")
    family.nav("next")
    skip_to(family, "review")
    answer = page.locator(".review dd bdi", has_text="Kita").first
    assert answer.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    order = answer.evaluate("""el => {
        const text = el.firstChild, at = text.data.indexOf("Kita");
        const range = document.createRange();
        range.setStart(text, at); range.setEnd(text, at + 4);
        const kita = range.getBoundingClientRect(), whole = el.getBoundingClientRect();
        return {kitaLeft: kita.left, kitaRight: kita.right, left: whole.left, right: whole.right};
    }""")
    if language == "ar":
        assert abs(order["kitaRight"] - order["right"]) < 2, order  # Kita first: at the right
    else:
        assert abs(order["kitaLeft"] - order["left"]) < 2, order
    family.screenshot(artifacts, f"details-{language}-review-channels")


@pytest.mark.parametrize(
    ("locale", "language"), [*LANGUAGES, pytest.param("uk-UA", "uk", id="uk")], indirect=["locale"]
)
def test_words_are_not_broken_at_200_percent_text(phone, live_server, artifacts, locale, language):
    family = Speaker(phone, live_server, language)
    page = family.page
    family.open(f"/s/{CODE}/{language}")
    family.begin()
    for screen in ("children_count", "wellbeing", "support_person"):
        skip_to(family, screen)
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        assert page.evaluate(BIG_TEXT) == "36px"  # as a phone set to 200 % text
        broken = page.evaluate(BROKEN_WORDS)
        assert not broken, f"{screen}: words broken in the middle: {broken}"
        if screen == "children_count" and language != "uk":
            family.screenshot(artifacts, f"details-{language}-200-percent")
        page.evaluate("() => { document.documentElement.style.fontSize = ''; }")


@pytest.mark.parametrize(("locale", "language"), LANGUAGES, indirect=["locale"])
def test_buttons_and_the_language_switch_look_alike_in_every_language(phone, live_server, locale, language):
    family = Speaker(phone, live_server, language)
    page = family.page
    family.open(f"/s/{CODE}/{language}")
    family.begin()
    family.nav("skip")
    buttons = page.locator("main .actions button").evaluate_all(
        "bs => bs.map(b => [b.value, Math.round(b.getBoundingClientRect().width)])"
    )
    assert [value for value, _ in buttons] == ["next", "skip", "back"]
    assert len({width for _, width in buttons}) == 1, buttons  # one below the other, full width
    summary = page.locator("details.language-switch summary")
    look = summary.evaluate(
        "s => ({border: getComputedStyle(s).borderTopStyle, height: s.getBoundingClientRect().height})"
    )
    assert look["border"] == "solid" and look["height"] >= 44, look
    footer = page.locator("footer.about button").all_inner_texts()
    assert footer == [family._("What happens with your answers"), family._("Accessibility")]
