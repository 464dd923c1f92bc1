"""A family answers the survey on a small phone in a real Chromium, with JavaScript off.

Every screen is checked for horizontal scrolling and for small tap targets. The page's
own scripts are off (``java_script_enabled=False``), but Playwright's ``evaluate`` still
runs through the DevTools protocol, so it can measure the laid-out page; the full-page
screenshots (whose width is the page's scroll width) confirm the measure independently.
At the end each test checks that no cookie was set and that no request left the server.
"""

from __future__ import annotations

import gzip
import re
import struct
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.models import Location, Response
from tests.browser.conftest import PHONE, LiveServer

pytestmark = pytest.mark.browser

MIN_TARGET = 44  # CSS px (WCAG 2.5.5); choices and buttons are 48+, "Ändern" links exactly 44

MEASURE = """(min) => {
  const root = document.documentElement;
  const small = [];
  const shown = (el) => el.getClientRects().length > 0 && !el.closest(".visually-hidden");
  for (const el of document.querySelectorAll("button, select, summary, label.choice, a.button")) {
    if (!shown(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.width < min || box.height < min) {
      const name = el.textContent.trim().slice(0, 40);
      small.push(`${el.tagName.toLowerCase()} "${name}" ${box.width}x${box.height}`);
    }
  }
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (shown(el) && (box.left < 0 || box.right > root.clientWidth))
      wide.push(`${el.tagName.toLowerCase()}.${el.className} ${box.left}..${box.right}`);
  }
  const huge = [];  // pictograms are 24-40 px; an SVG without a size would take 300x150
  for (const svg of document.querySelectorAll("svg")) {
    const box = svg.getBoundingClientRect();
    if (box.width > 48 || box.height > 48)
      huge.push(`svg.${svg.getAttribute("class")} ${box.width}x${box.height}`);
  }
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, small, wide, huge};
}"""


class Family:
    """A family on a phone: taps labels and buttons, and checks every screen it sees."""

    def __init__(self, context, server: LiveServer):
        self.context = context
        self.server = server
        self.page = context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.screens = 0

    # -- moving -----------------------------------------------------------------------
    def open(self, path: str) -> None:
        response = self.page.goto(self.server.url + path)
        self._arrived(response, 200)

    def press(self, name: str, status: int = 200, last: bool = False) -> None:
        """Tap a button that sends its form, and wait for the next page to load."""
        buttons = self.page.get_by_role("button", name=name, exact=True)
        with self.page.expect_navigation() as navigation:
            (buttons.last if last else buttons).tap()
        self._arrived(navigation.value, status)

    def tap(self, *labels: str) -> None:
        """Tap the answers with these visible labels (toggles checkboxes)."""
        for label in labels:
            self.choice(label).tap()

    def answer(self, *labels: str) -> None:
        self.tap(*labels)
        for label in labels:
            assert self.choice_input(label).is_checked(), label
        self.press("Weiter" if self.lang == "de" else "Next")

    def skip_until(self, heading: str) -> None:
        """Skip questions until the page with this heading shows (at most 20 pages)."""
        skip = "Überspringen" if self.lang == "de" else "Skip"
        for _ in range(20):
            if self.heading == heading:
                return
            self.press(skip)
        raise AssertionError(f"never reached {heading!r}")

    def select(self, label: str) -> None:
        self.page.locator("select#answer").select_option(label=label)

    # -- looking ----------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.page.locator("html").get_attribute("lang") or ""

    @property
    def heading(self) -> str:
        """The page's heading as seen, without text that is there for screen readers only."""
        return self.page.locator("h1").evaluate(
            """h1 => { const seen = h1.cloneNode(true);
                       seen.querySelectorAll(".visually-hidden").forEach(el => el.remove());
                       return seen.textContent.trim(); }"""
        )

    def choice(self, label: str):
        return self.page.locator("label.choice").filter(has=self.page.get_by_text(label, exact=True))

    def choice_input(self, label: str):
        return self.choice(label).locator("input")

    def checked(self) -> list[str]:
        return self.page.locator("label.choice:has(input:checked) .label").all_inner_texts()

    def screenshot(self, folder: Path, name: str) -> None:
        png = self.page.screenshot(path=folder / f"{name}.png", full_page=True, animations="disabled")
        width = struct.unpack(">I", png[16:20])[0]  # PNG IHDR: the image width in device pixels
        assert width == PHONE["width"] * 2, f"{name}: the page is {width / 2} px wide, not {PHONE['width']}"

    def check_layout(self) -> None:
        found = self.page.evaluate(MEASURE, MIN_TARGET)
        where = self.page.url
        assert found["clientWidth"] == PHONE["width"], (where, found)
        assert found["scrollWidth"] <= found["clientWidth"], f"{where} scrolls sideways: {found['wide']}"
        assert not found["wide"], f"{where}: elements stick out: {found['wide']}"
        assert not found["small"], f"{where}: tap targets under {MIN_TARGET} px: {found['small']}"
        assert not found["huge"], f"{where}: pictograms out of size: {found['huge']}"
        self.screens += 1

    def check_private(self) -> None:
        assert self.context.cookies() == []
        own = f"{self.server.url}/"
        strangers = [url for url in self.requests if not url.startswith(own)]
        assert self.requests and not strangers, strangers

    def _arrived(self, response, status: int) -> None:
        assert response is not None
        assert response.status == status, (response.url, response.status, self.page.title())
        headers = response.all_headers()
        assert "set-cookie" not in headers, headers["set-cookie"]
        self.check_layout()


def stored(server: LiveServer, code: str) -> list[tuple[str, dict[str, list]]]:
    """The responses at a location: (language, {question: sorted values})."""
    with Session(server.engine) as session:
        responses = session.scalars(
            select(Response).join(Location, Response.location_id == Location.id).where(Location.code == code)
        ).all()
        result = []
        for response in responses:
            answers: dict[str, list] = {}
            for row in response.answers:
                value = next(v for v in (row.choice, row.number, row.text) if v is not None)
                answers.setdefault(row.question, []).append(value)
            result.append((response.language, {q: sorted(v) for q, v in answers.items()}))
        return result


@pytest.mark.parametrize("locale", ["de-DE"], indirect=True)
def test_family_answers_everything_in_german_without_javascript(phone, live_server, artifacts):
    family = Family(phone, live_server)
    shot = family.screenshot

    family.open("/s/FZRIXD")
    assert family.heading == "Wählen Sie Ihre Sprache"
    assert family.choice_input("Deutsch").is_checked()  # suggested from Accept-Language
    shot(artifacts, "de-1-language")
    family.tap("English")
    family.tap("Deutsch")
    family.press("Weiter")

    assert family.heading == "Was braucht Ihre Familie?"
    assert "Familienzentrum Rixdorf" in family.page.locator("p.who").inner_text()
    family.press("Los geht's")

    assert family.heading == "Wie viele Kinder leben bei Ihnen?"
    assert "Frage 1 von 15" in family.page.locator("p.progress").inner_text()
    shot(artifacts, "de-2-question")  # before tapping: a tap leaves a fading highlight
    family.answer("2")

    family.answer("unter 3 Jahre", "6 bis 11 Jahre")
    assert family.heading == "Wer kümmert sich zu Hause um die Kinder?"
    family.press("Zurück")  # going back keeps what was chosen
    assert family.heading == "Wie alt sind die Kinder?"
    assert family.checked() == ["unter 3 Jahre", "6 bis 11 Jahre"]
    family.press("Weiter")
    family.answer("Wir sind zu zweit")

    assert family.heading == "In welcher Gegend wohnen Sie?"
    family.select("Rixdorf")
    family.press("Weiter")

    family.answer("Weiß ich nicht")  # benefits
    assert family.heading == "Wie geht es Ihrer Familie im Moment?"
    family.answer("eher gut")

    # Four answers where three are allowed: the page comes back with a message, as it was.
    assert family.heading == "Was ist für Ihre Familie gerade schwer?"
    four = ["Geld reicht nicht", "Wohnung", "Gesundheit", "Deutsch lernen"]
    family.tap(*four)
    family.press("Weiter", status=422)
    assert family.heading == "Was ist für Ihre Familie gerade schwer?"
    error = family.page.locator("p.error#error")
    assert error.inner_text().strip() == "Bitte wählen Sie höchstens 3 Antworten."
    assert error.is_visible()
    assert family.page.title().startswith("Fehler: ")
    assert family.checked() == four
    assert family.page.locator("fieldset").get_attribute("aria-describedby") == "hint error"
    shot(artifacts, "de-3-error")
    family.tap("Gesundheit")
    assert family.checked() == ["Geld reicht nicht", "Wohnung", "Deutsch lernen"]
    family.press("Weiter")

    family.answer("Nutze ich")  # family centre
    assert family.heading == "Kennen Sie die Stadtteilmütter?"
    family.press("Überspringen")
    family.answer("Kenne ich nicht")  # counselling
    family.answer("Kenne ich, nutze ich nicht")  # education package
    family.answer("Zu weit weg", "Sprache")  # barriers
    family.answer("Kita oder Schule", "Freunde und Familie")  # channels
    family.answer("Manchmal")  # support person
    assert "Frage 15 von 15" in family.page.locator("p.progress").inner_text()
    family.answer("Spielplätze und Grün")  # wishes

    assert family.heading == "Prüfen Sie Ihre Antworten"
    rows = dict(
        zip(
            family.page.locator(".review dt").all_inner_texts(),
            family.page.locator(".review dd").all_inner_texts(),
            strict=True,
        )
    )
    assert len(rows) == 15
    assert rows["Wie viele Kinder leben bei Ihnen?"].startswith("2\n")
    assert rows["Kennen Sie die Stadtteilmütter?"].startswith("Übersprungen")
    assert rows["In welcher Gegend wohnen Sie?"].startswith("Rixdorf")
    shot(artifacts, "de-4-review")
    family.press("Absenden", last=True)

    assert family.heading == "Danke!"
    shot(artifacts, "de-5-thanks")

    assert stored(live_server, "FZRIXD") == [
        (
            "de",
            {
                "children_count": ["2"],
                "children_age": ["6_11", "under_3"],
                "caregivers": ["two_adults"],
                "district_region": ["081004"],
                "benefits": ["dont_know"],
                "wellbeing": ["good"],
                "difficulties": ["housing", "learning_german", "money"],
                "offer_family_center": ["used"],
                "offer_family_counselling": ["unknown"],
                "offer_education_package": ["known_not_used"],
                "barriers": ["language", "too_far"],
                "channels": ["friends_family", "kita_school"],
                "support_person": ["sometimes"],
                "wishes": ["playgrounds_green"],
            },
        )
    ]
    assert stored(live_server, "FZGROP") == []
    assert family.screens >= 20
    family.check_private()


@pytest.mark.parametrize("locale", ["en-GB"], indirect=True)
def test_family_answers_in_english(phone, live_server):
    family = Family(phone, live_server)

    family.open("/s/FZGROP")
    assert family.lang == "en"  # the page speaks the phone's language
    assert family.heading == "Choose your language"
    assert family.choice_input("English").is_checked()
    family.tap("English")
    family.press("Continue")

    assert family.heading == "What does your family need?"
    family.press("Start")
    assert family.heading == "How many children live with you?"
    family.answer("4 or more")
    family.press("Skip")  # ages
    family.answer("Two of us")
    assert family.heading == "Which area do you live in?"
    family.select("Another district")
    family.press("Next")
    for _ in range(2):  # benefits, wellbeing
        family.press("Skip")

    # "None of these" cannot go with other answers: say so in English, keep the choices.
    assert family.heading == "What is hard for your family right now?"
    family.tap("Housing", "None of these")
    family.press("Next", status=422)
    assert family.page.locator("#error").inner_text().strip() == (
        "“None of these” cannot be chosen together with other answers."
    )
    assert family.checked() == ["Housing", "None of these"]
    family.tap("Housing")
    family.press("Next")

    family.skip_until("Check your answers")
    family.press("Send", last=True)
    assert family.heading == "Thank you!"

    assert stored(live_server, "FZGROP") == [
        (
            "en",
            {
                "children_count": ["4_plus"],
                "caregivers": ["two_adults"],
                "district_region": ["other_district"],
                "difficulties": ["none"],
            },
        )
    ]
    family.check_private()


def test_sending_twice_stores_one_response(phone, live_server):
    """A double tap on "Absenden" on a slow connection, then Back and reload: one response."""
    family = Family(phone, live_server)
    family.open("/s/FZRIXD/de")
    family.press("Los geht's")
    family.answer("1")
    family.skip_until("Prüfen Sie Ihre Antworten")

    sent: list[str] = []
    family.page.on("request", lambda r: sent.append(r.post_data or "") if r.method == "POST" else None)
    # Two raw taps on the same spot: Playwright's locators would wait for the first
    # tap's page to arrive, a thumb does not.
    send = family.page.get_by_role("button", name="Absenden", exact=True).last
    send.scroll_into_view_if_needed()
    box = send.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    network = live_server.network
    network.arm()
    try:
        family.page.touchscreen.tap(x, y)
        assert network.handled.wait(timeout=10), "the first tap never reached the server"
        held = network.held  # as sent: gzipped, the phone accepts it
        page = gzip.decompress(held) if held[:2] == b"\x1f\x8b" else held
        assert "Danke!" in page.decode()  # stored; the phone still shows the review
        # The second tap cancels the first page load, so wait for its answer, not a load.
        with family.page.expect_response(lambda r: r.request.method == "POST") as second:
            family.page.touchscreen.tap(x, y)
    finally:
        network.release.set()
    assert family.heading == "Danke!"  # (locators wait for the page to arrive)
    family._arrived(second.value, 200)
    submits = [body for body in sent if re.search(r"(^|&)nav=submit(&|$)", body)]
    assert len(submits) == 2
    assert stored(live_server, "FZRIXD") == [("de", {"children_count": ["1"]})]

    # The pages are "no-store", so Back shows Chromium's "Confirm Form Resubmission" page;
    # reloading it sends the last question's form again: the answers are not shown again.
    with pytest.raises(PlaywrightError, match="ERR_CACHE_MISS"):
        family.page.go_back()
    family.page.wait_for_url(re.compile(r"^chrome-error:"))
    response = family.page.reload()
    family._arrived(response, 200)
    assert family.heading == "Danke!"
    assert stored(live_server, "FZRIXD") == [("de", {"children_count": ["1"]})]
    family.check_private()
