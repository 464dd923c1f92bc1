"""Accessibility of the family pages in a real Chromium.

1. axe-core (WCAG 2.0/2.1, A and AA) finds no violation on any page type a family meets,
   in each of the 10 languages: language choice, start, a question of every type (single,
   multiple, scale, list, yes/no, number, text, info), the error state, review, thank-you,
   a closed wave (410), privacy notice, accessibility statement, Leichte Sprache (German);
   every question heading's accessible name starts with "Frage N von M" (translated);
2. no page scrolls sideways (360 px in every language; in German and Arabic also at 320 px
   and with the text at 200 %), also with the "read aloud" buttons shown; touch targets
   are at least 44 px;
3. the whole questionnaire can be answered with the keyboard alone (page JavaScript off),
   and after "Weiter" the focus is on the new question's heading;
4. an error message gets the focus, stands next to its field and describes it;
5. a chosen answer differs from the others in more than colour.

1 and 2 come from one walk per language through every page type (``walks``), made once by
whichever test needs it first; it only records what it finds, and each test asserts its
own part. It also saves test-artifacts/lang-<code>-question.png. axe needs JavaScript,
which the app's Content-Security-Policy only allows from its own files, so the walks run
with JavaScript on, bypass the CSP and have axe injected into every page. Tests 3-5 keep
the page's JavaScript off, as on the phones the survey is made for (Playwright's
``evaluate`` still measures the page, through the DevTools protocol).

For this module two links are published in the live server's database: INFO, the
"offer_feedback" questionnaire (number, text, yes/no questions) with an info screen in
front, and CLOSED, whose wave ended yesterday.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires.library import library_questionnaire
from questionnaires.loader import questionnaire_from_dict
from survey.models import District, Location, QuestionnaireVersion, Response, Wave
from survey.services.questionnaires import publish
from tests.browser.conftest import PHONE, LiveServer
from tests.browser.test_family_answers import stored
from tests.conftest import require

pytestmark = pytest.mark.browser

LANGUAGES = ["de", "tr", "ar", "uk", "ru", "fa", "en", "bg", "ro", "vi"]
RIGHT_TO_LEFT_AND_GERMAN = ["de", "ar"]  # where reflow, keyboard and focus are tested
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO = "FZRIXD"  # a demo link: the default questionnaire, family_needs
INFO = "A11YINFO"  # offer_feedback with an info screen first (made by `links`)
CLOSED = "A11YSHUT"  # a wave that ended yesterday (made by `links`)
MIN_TARGET = 44  # CSS px
NARROW = {"width": 320, "height": 740}

# The page types a walk meets, in order (and "Leichte Sprache" in German).
PAGE_TYPES = [
    "language choice",
    "start",
    "single",
    "multiple",
    "list",
    "scale",
    "error (multiple)",
    "info",
    "number",
    "error (number)",
    "text",
    "yes/no",
    "review",
    "thank-you",
    "privacy",
    "accessibility",
    "closed wave",
]
# The question pages of a walk, and where they stand: "question N of M".
PROGRESS = {
    "single": (1, 15),
    "multiple": (2, 15),
    "list": (4, 15),
    "scale": (6, 15),
    "error (multiple)": (7, 15),
    "number": (2, 6),  # the text question after a certain answer is counted from the start
    "error (number)": (2, 6),
    "text": (5, 6),
    "yes/no": (6, 6),
}

# The layout of a page: sideways scrolling, elements sticking out of the viewport, and
# touch targets under `min` px. A link inside running text is exempt from the target size
# (WCAG 2.5.5 "inline"); a link that stands alone in its block is a target.
MEASURE = """(min) => {
  const root = document.documentElement;
  const shown = (el) => el.getClientRects().length > 0 && !el.closest(".visually-hidden");
  const alone = (el) => el.parentElement.textContent.trim() === el.textContent.trim();
  const small = [];
  const targets = "button, select, summary, label.choice, textarea, a, "
    + "input:not([type=hidden]):not(label.choice input)";  // a choice's input: its label is the target
  for (const el of document.querySelectorAll(targets)) {
    if (!shown(el) || (el.tagName === "A" && !el.matches("a.button, footer a") && !alone(el))) continue;
    const box = el.getBoundingClientRect();
    if (box.width < min || box.height < min)
      small.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 40)}" `
        + `${Math.round(box.width)}x${Math.round(box.height)}`);
  }
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (shown(el) && (box.left < -0.5 || box.right > root.clientWidth + 0.5))
      wide.push(`${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className} `
        + `${Math.round(box.left)}..${Math.round(box.right)}`);
  }
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, small, wide};
}"""
# 200 % text size: the style sheet sizes everything in rem. (page.add_style_tag waits for
# the style's load event, which a page without JavaScript never reports; this does not.)
BIG_TEXT = """() => { const style = document.createElement("style"); style.id = "big-text";
  style.textContent = "html { font-size: 200% }"; document.head.append(style);
  return getComputedStyle(document.body).fontSize; }"""
OPEN_DETAILS = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
# The "read aloud" buttons that family.js shows where a recording exists or the phone has a
# voice for the language (as most Android phones do; headless Chromium has none).
SHOW_READ_ALOUD = "() => document.querySelectorAll('button.read-aloud').forEach(b => { b.hidden = false; })"
STATE = """() => ({lang: document.documentElement.lang,
  screen: document.querySelector('input[name="screen"]')?.value ?? ""})"""
FOCUSED = """() => { const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "", value: el.value ?? "",
          id: el.id, checked: !!el.checked}; }"""


# -- the two extra links ----------------------------------------------------------------
@pytest.fixture(scope="module")
def links(live_server: LiveServer) -> Iterator[None]:
    """Publish the info questionnaire at INFO and a closed wave at CLOSED; remove both after."""
    from survey.dates import today

    app = live_server.app
    with app.app_context():
        day = today()
    cache_seconds = app.config["FAMILY_LINK_CACHE_SECONDS"]
    app.config["FAMILY_LINK_CACHE_SECONDS"] = 0  # no link is remembered from before
    data = library_questionnaire("offer_feedback").to_data()
    data["code"] = "a11y_info_screen"
    data["questions"].insert(0, {"code": "welcome", "type": "info", "text": data["intro"]})
    questionnaire = questionnaire_from_dict(data)
    assert set(questionnaire.complete_languages) == set(LANGUAGES)

    with Session(live_server.engine) as session:
        district = session.scalars(select(District).filter_by(code="08")).one()
        info_version = publish(session, questionnaire, day)
        needs_version = publish(session, library_questionnaire("family_needs"), day)
        waves = []
        for code, version, opens, closes in (
            (INFO, info_version, day - dt.timedelta(days=7), day + dt.timedelta(days=30)),
            (CLOSED, needs_version, day - dt.timedelta(days=30), day - dt.timedelta(days=1)),
        ):
            place = Location(
                code=code, name="Familienzentrum am Park", district=district, region=district.regions[0]
            )
            waves.append(
                Wave(
                    name=f"A11y {code}",
                    district=district,
                    questionnaire_version=version,
                    opens_on=opens,
                    closes_on=closes,
                    locations=[place],
                )
            )
        session.add_all(waves)
        session.commit()
        wave_ids, info_version_id = [wave.id for wave in waves], info_version.id
    try:
        yield
    finally:
        app.config["FAMILY_LINK_CACHE_SECONDS"] = cache_seconds
        with Session(live_server.engine) as session:
            for response in session.scalars(select(Response).where(Response.wave_id.in_(wave_ids))):
                session.delete(response)
            for wave in session.scalars(select(Wave).where(Wave.id.in_(wave_ids))):
                places = list(wave.locations)
                session.delete(wave)
                session.flush()
                for place in places:
                    session.delete(place)
            session.delete(session.get(QuestionnaireVersion, info_version_id))
            session.commit()


# -- helpers --------------------------------------------------------------------------
def app_text(server: LiveServer, lang: str, message: str, **values) -> str:
    """One of the app's own texts in the language, from its catalogue."""
    with server.app.test_request_context("/"), force_locale(lang):
        return gettext(message, **values)


def progress_text(server: LiveServer, lang: str, number: int, total: int) -> str:
    """ "Frage 1 von 15" in the language."""
    text = app_text(server, lang, "Question %(number)s of %(total)s", number=number, total=total)
    assert lang == "en" or not text.startswith("Question"), f"not translated into {lang}: {text}"
    return text


def heading_name_starts_with(page, text: str) -> bool:
    """Whether the page's h1 is exposed as a heading whose accessible name begins with ``text``."""
    pattern = re.compile("^" + re.escape(text).replace("/", r"\/"))  # "Soru 1 / 15"
    return page.get_by_role("heading", level=1, name=pattern).count() == 1


def heading_name(page) -> str:
    return page.get_by_role("heading", level=1).aria_snapshot()


def active(page) -> dict:
    """The focused element. Chromium moves the focus to an ``autofocus`` element at the
    first rendering update after the page has loaded, so wait a moment for it."""
    for _ in range(50):
        focused = page.evaluate(FOCUSED)
        if focused["tag"] != "body":
            break
        page.wait_for_timeout(20)
    return focused


class Visit:
    """A family's way through the survey in one browser page: by forms and links."""

    def __init__(self, page, server: LiveServer, lang: str):
        self.page, self.server, self.lang = page, server, lang
        self.screen = ""

    def goto(self, path: str, status: int = 200) -> None:
        response = self.page.goto(self.server.url + path)
        assert response is not None and response.status == status, (path, response and response.status)
        self._arrived()

    def _arrived(self) -> None:
        state = self.page.evaluate(STATE)
        assert state["lang"] == self.lang, (self.page.url, state)
        self.screen = state["screen"]

    def follow(self, target, status: int = 200) -> None:
        """Activate a link or button (a click event: as a tap, without waiting for the page
        to settle first, which halves the walk's time), and wait for the next page."""
        with self.page.expect_navigation() as navigation:
            target.dispatch_event("click")
        response = navigation.value
        assert response is not None and response.status == status, (self.page.url, response.status)
        self._arrived()

    def nav(self, value: str, screen: str | None = None, status: int = 200) -> None:
        """Tap the form's button with this ``nav`` value (Weiter: "next"); expect this screen."""
        self.follow(self.page.locator(f'main button[name="nav"][value="{value}"]').first, status)
        assert screen is None or self.screen == screen, (self.page.url, self.screen, screen)

    def check(self, *values: str) -> None:
        for value in values:
            self.page.locator(f'input[name="answer"][value="{value}"]').check()

    def walk(self, look: Callable[[str], None]) -> None:
        """Meet every page type once, calling ``look(page type)`` on each."""
        lang = self.lang
        self.goto(f"/s/{DEMO}")
        assert self.page.locator('input[name="lang"]:checked').get_attribute("value") == lang
        look("language choice")
        self.follow(self.page.locator('main button[type="submit"]'))
        assert self.page.url.endswith(f"/s/{DEMO}/{lang}")
        look("start")
        self.nav("next", "children_count")
        look("single")
        self.check("2")
        self.nav("next", "children_age")
        look("multiple")
        self.check("under_3")
        self.nav("next", "caregivers")
        self.nav("skip", "district_region")
        look("list")
        self.page.locator("select#answer").select_option("081004")
        self.nav("next", "benefits")
        self.nav("skip", "wellbeing")
        look("scale")
        self.check("good")
        self.nav("next", "difficulties")
        self.check("money", "housing", "health", "stress")  # at most 3
        self.nav("next", "difficulties", status=422)
        look("error (multiple)")

        self.goto(f"/s/{INFO}/{lang}")
        self.nav("next", "welcome")
        look("info")
        self.nav("next", "usefulness")
        self.check("helpful")
        self.nav("next", "times_attended")
        look("number")
        self.page.locator("#answer").fill("viele")
        self.nav("next", "times_attended", status=422)
        look("error (number)")
        self.page.locator("#answer").fill("3")
        self.nav("next", "keep")
        self.nav("skip", "change")
        self.check("my_language")
        self.nav("next", "change_more")
        look("text")
        self.page.locator("#answer").fill("Am Samstag")
        self.nav("next", "come_again")
        look("yes/no")
        self.check("yes")
        self.nav("next", "review")
        look("review")
        self.nav("submit", "")  # the thank-you page has no form
        look("thank-you")
        self.follow(self.page.locator("footer.about a").first)  # "What happens with your answers"
        assert self.page.url.endswith(f"/s/{INFO}/{lang}/privacy")
        look("privacy")
        self.goto(f"/s/{INFO}/{lang}/accessibility")
        look("accessibility")

        self.goto(f"/s/{CLOSED}", status=410)
        look("closed wave")
        if lang == "de":
            self.goto(f"/s/{DEMO}/leichte-sprache")
            look("Leichte Sprache")


# -- one walk per language: what it finds ----------------------------------------------
@dataclass
class Findings:
    seen: list[str] = field(default_factory=list)  # the page types met
    axe: list[str] | None = None  # None: axe-core is not installed
    progress: list[str] = field(default_factory=list)  # headings without "question N of M"
    targets: list[str] = field(default_factory=list)  # touch targets under 44 px, at 360 px
    reflow: list[str] = field(default_factory=list)  # sideways at 360 px; in de, ar at 320 px, 200 % text
    read_aloud: list[str] = field(default_factory=list)  # the same with the "read aloud" buttons shown


def axe_violations(page) -> list[str]:
    """axe's WCAG 2.0/2.1 A and AA violations on the page (axe is injected by the context)."""
    found = page.evaluate(
        """async (tags) => {
          const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                                  resultTypes: ["violations"]});
          return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
        }""",
        AXE_TAGS,
    )
    return [f"{v['id']} ({v['impact']}: {v['help']}) at {', '.join(v['targets'])}" for v in found]


def sideways(page, width: int, where: str, found: dict | None = None) -> list[str]:
    found = found or page.evaluate(MEASURE, MIN_TARGET)
    assert found["clientWidth"] == width, (where, found)
    if found["scrollWidth"] > found["clientWidth"]:
        return [f"{where}: scrolls sideways ({found['scrollWidth']} px wide): {found['wide'][:6]}"]
    return [f"{where}: sticks out of the screen: {found['wide'][:6]}"] if found["wide"] else []


def reflow(page, lang: str, where: str, measured: dict | None = None) -> list[str]:
    """Sideways scrolling at 360 px and, in German and Arabic, at 320 px and at 200 % text."""
    problems = sideways(page, PHONE["width"], f"{where} at 360 px", measured)
    if lang in RIGHT_TO_LEFT_AND_GERMAN:
        page.set_viewport_size(NARROW)
        problems += sideways(page, NARROW["width"], f"{where} at 320 px")
        page.set_viewport_size(PHONE)
        assert page.evaluate(BIG_TEXT) == "36px"
        problems += sideways(page, PHONE["width"], f"{where} at 200 % text")
        page.evaluate("() => document.getElementById('big-text').remove()")
    return problems


def walk_everything(chromium, server: LiveServer, artifacts, lang: str) -> Findings:
    with_axe = AXE.is_file()
    findings = Findings(axe=[] if with_axe else None)
    context = chromium.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=True,
        bypass_csp=True,
        locale=lang,
    )
    context.set_default_timeout(10_000)
    if with_axe:
        context.add_init_script(path=AXE)  # into every page, before the page's own script
    try:
        page = context.new_page()

        def look(kind: str) -> None:
            findings.seen.append(kind)
            where = f"[{lang}] {kind} {page.url.removeprefix(server.url)}"
            if kind == "single":
                shot = page.screenshot(
                    path=artifacts / f"lang-{lang}-question.png", full_page=True, animations="disabled"
                )
                width = struct.unpack(">I", shot[16:20])[0]  # PNG IHDR: the width in device pixels
                if width != PHONE["width"] * 2:
                    findings.reflow.append(f"{where}: the screenshot is {width / 2} px wide")
            if kind in PROGRESS:
                expected = progress_text(server, lang, *PROGRESS[kind])
                if not heading_name_starts_with(page, expected):
                    findings.progress.append(f"{where}: not {expected!r}: {heading_name(page)}")
            page.evaluate(OPEN_DETAILS)  # the language switch, opened: its buttons are checked too
            findings.reflow.extend(reflow(page, lang, where))
            page.evaluate(SHOW_READ_ALOUD)
            if findings.axe is not None:
                findings.axe.extend(f"{where}: {v}" for v in axe_violations(page))
            measured = page.evaluate(MEASURE, MIN_TARGET)
            findings.targets.extend(f"{where}: {small}" for small in measured["small"])
            findings.read_aloud.extend(reflow(page, lang, where, measured))

        Visit(page, server, lang).walk(look)
    finally:
        context.close()
    assert findings.seen == PAGE_TYPES + (["Leichte Sprache"] if lang == "de" else [])
    return findings


@pytest.fixture(scope="module")
def walks(chromium, live_server, links, artifacts) -> Callable[[str], Findings]:
    """``walks(lang)``: the findings of the walk in that language, made on first use."""
    done: dict[str, Findings] = {}

    def of(lang: str) -> Findings:
        if lang not in done:
            done[lang] = walk_everything(chromium, live_server, artifacts, lang)
        return done[lang]

    return of


# -- axe on every page type in every language; progress in the headings ----------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_no_violation_on_any_page(walks, live_server, lang):
    require(AXE.is_file(), f"axe-core is not installed at {AXE} (run `make axe`)")
    assert live_server.app.config["LANGUAGES"] == LANGUAGES
    violations = walks(lang).axe
    assert not violations, "axe found violations:\n" + "\n".join(violations or [])


def test_question_headings_announce_progress_in_every_language(walks):
    """The h1's accessible name starts with "Frage N von M" (in the page's language): the
    visible progress line is aria-hidden, so this is what a screen reader announces."""
    missing = [problem for lang in LANGUAGES for problem in walks(lang).progress]
    assert not missing, "\n".join(missing)


# -- reflow and touch targets ------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_sideways_scrolling(walks, lang):
    """No page scrolls sideways or has anything sticking out: at 360 px in every language,
    and in German and Arabic also at 320 px and with the text at 200 % (at 360 px)."""
    problems = walks(lang).reflow
    assert not problems, "\n".join(problems)


def test_no_sideways_scrolling_with_read_aloud_buttons(walks):
    """The same, with the "read aloud" buttons shown (as on a phone with a voice)."""
    problems = [problem for lang in LANGUAGES for problem in walks(lang).read_aloud]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_touch_targets_are_at_least_44_px(walks, lang):
    """Buttons, choices, the list, text fields, the language switch (opened), the "read
    aloud" buttons, and links that are not part of running text."""
    problems = walks(lang).targets
    assert not problems, f"touch targets under {MIN_TARGET} px:\n" + "\n".join(problems)


# -- the keyboard alone ---------------------------------------------------------------------
class Keyboard:
    """Only page.keyboard: Tab, Shift+Tab, Space, arrow keys and Enter."""

    def __init__(self, page, server: LiveServer, lang: str):
        self.page, self.server, self.lang = page, server, lang

    def focused(self) -> dict:
        return self.page.evaluate(FOCUSED)

    def tab_to(self, wanted: Callable[[dict], bool], key: str = "Tab", limit: int = 40) -> dict:
        now: dict = {}
        for _ in range(limit):
            self.page.keyboard.press(key)
            now = self.focused()
            if wanted(now):
                return now
        raise AssertionError(f"{key} never reached the element on {self.page.url}; last: {now}")

    def enter(self, status: int = 200, autofocus: bool = True) -> None:
        """Enter on the focused button; wait for the next page and, as a person would, until
        its focus has settled (an autofocus moving it later would catch the next Tab)."""
        with self.page.expect_navigation() as navigation:
            self.page.keyboard.press("Enter")
        assert navigation.value is not None and navigation.value.status == status, self.page.url
        if autofocus:
            active(self.page)

    def press(self, nav: str, status: int = 200) -> None:
        """Tab to the button (Weiter, Überspringen, Absenden …) and press Enter on it."""
        self.tab_to(lambda f: f["tag"] == "button" and f["name"] == "nav" and f["value"] == nav)
        self.enter(status)

    def on_question(self, number: int, total: int) -> None:
        """After the last Enter: the new question's heading has the focus and says where it is."""
        assert active(self.page)["tag"] == "h1", (self.page.url, active(self.page))
        expected = progress_text(self.server, self.lang, number, total)
        assert heading_name_starts_with(self.page, expected), (expected, heading_name(self.page))

    def choose(self, value: str) -> None:
        """Tab into the radio group, then arrow keys until ``value`` is chosen."""
        now = self.tab_to(lambda f: f["type"] == "radio")
        for _ in range(12):
            if now["value"] == value:
                if not now["checked"]:
                    self.page.keyboard.press("Space")
                break
            self.page.keyboard.press("ArrowDown")
            now = self.focused()
        assert self.page.locator("input[name=answer]:checked").get_attribute("value") == value

    def tick(self, *values: str, checked: bool = True) -> None:
        """Tab on through the checkboxes, Space on each of ``values``."""
        for value in values:
            self.tab_to(lambda f, v=value: f["type"] == "checkbox" and f["value"] == v)
            self.page.keyboard.press("Space")
            assert self.focused()["checked"] is checked, value

    def screen(self) -> str:
        return self.page.evaluate(STATE)["screen"]


@pytest.mark.parametrize(("locale", "lang"), [("de-DE", "de"), ("ar", "ar")], indirect=["locale"])
def test_whole_questionnaire_by_keyboard_alone(phone, live_server, locale, lang):
    page = phone.new_page()
    keys = Keyboard(page, live_server, lang)
    page.goto(f"{live_server.url}/s/{DEMO}")  # the QR code's link

    assert keys.tab_to(lambda f: f["type"] == "radio")["value"] == lang  # suggested, and checked
    page.keyboard.press("ArrowDown")  # arrows move the choice …
    moved = keys.focused()
    assert moved["value"] != lang and moved["checked"], moved
    page.keyboard.press("ArrowUp")  # … and back
    back = keys.focused()
    assert back["value"] == lang and back["checked"], back
    keys.tab_to(lambda f: f["tag"] == "button")
    keys.enter(autofocus=False)  # the start page has none
    assert page.url.endswith(f"/s/{DEMO}/{lang}")
    keys.press("next")  # "Los geht's"

    keys.on_question(1, 15)
    keys.choose("2")
    keys.press("next")
    keys.on_question(2, 15)
    keys.tick("under_3", "6_11")
    keys.press("next")
    keys.on_question(3, 15)
    keys.press("skip")  # who looks after the children

    keys.on_question(4, 15)
    select = keys.tab_to(lambda f: f["tag"] == "select")
    for _ in range(30):
        if select["value"] == "081004":
            break
        page.keyboard.press("ArrowDown")
        select = keys.focused()
    assert select["value"] == "081004"
    keys.press("next")

    keys.choose("dont_know")  # benefits
    keys.press("next")
    keys.choose("good")  # wellbeing (faces)
    keys.press("next")
    keys.on_question(7, 15)
    keys.tick("money", "housing", "health", "paperwork")  # one too many
    keys.press("next", status=422)
    assert active(page)["id"] == "error"  # the message has the focus; Tab goes on from there
    keys.tick("health", checked=False)
    keys.tab_to(lambda f: f["value"] == "next")  # past the other answers to "Weiter" …
    keys.tab_to(lambda f: f["value"] == "paperwork", key="Shift+Tab")  # … and back
    page.keyboard.press("Space")
    assert not keys.focused()["checked"]
    keys.tick("stress")
    keys.press("next")
    keys.on_question(8, 15)
    keys.choose("used")  # the family centre
    keys.press("next")
    for _ in range(10):
        if keys.screen() == "review":
            break
        keys.press("skip")
    assert keys.screen() == "review"
    assert active(page)["tag"] == "h1"
    keys.press("submit")  # "Absenden"
    assert page.locator("h1").inner_text() == app_text(live_server, lang, "Thank you!")

    assert stored(live_server, DEMO) == [
        (
            lang,
            {
                "children_count": ["2"],
                "children_age": ["6_11", "under_3"],
                "district_region": ["081004"],
                "benefits": ["dont_know"],
                "wellbeing": ["good"],
                "difficulties": ["housing", "money", "stress"],
                "offer_family_center": ["used"],
            },
        )
    ]


# -- errors: focused, next to the field, linked to it ---------------------------------------
def accessible(page, selector: str) -> dict:
    """Role, name and description of an element in Chromium's accessibility tree (what a
    screen reader is told)."""
    session = page.context.new_cdp_session(page)
    try:
        root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, (page.url, selector)
        found = session.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
    finally:
        session.detach()
    ax = found["nodes"][0]
    return {key: (ax.get(key) or {}).get("value", "") for key in ("role", "name", "description")}


def check_error_is_tied_to(page, field_selector: str, described_selector: str) -> None:
    """The message has the focus, stands right before the field, describes it (for screen
    readers), and every input of the field is marked invalid."""
    error = page.locator("#error")
    message = error.inner_text().strip()
    assert message and error.is_visible()
    assert active(page)["id"] == "error", active(page)
    assert page.locator("#error + " + field_selector).count() == 1, "the message is not next to the field"
    box, field = error.bounding_box(), page.locator(field_selector).first.bounding_box()
    assert box and field and 0 <= field["y"] - (box["y"] + box["height"]) <= 40, (box, field)
    assert "error" in (page.locator(described_selector).get_attribute("aria-describedby") or "").split()
    tree = accessible(page, described_selector)
    assert message in tree["description"], (message, tree)
    inputs = page.locator('[name="answer"]:not([type=hidden])')
    assert inputs.count() > 0
    assert [inputs.nth(i).get_attribute("aria-invalid") for i in range(inputs.count())] == (
        ["true"] * inputs.count()
    )


@pytest.mark.parametrize("lang", RIGHT_TO_LEFT_AND_GERMAN)
def test_errors_and_focus_after_weiter(chromium, live_server, links, lang):
    context = chromium.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=False, locale=lang
    )
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        visit = Visit(page, live_server, lang)

        def on_question(number: int, total: int) -> None:
            assert active(page)["tag"] == "h1", (page.url, active(page))
            expected = progress_text(live_server, lang, number, total)
            assert heading_name_starts_with(page, expected), (expected, heading_name(page))

        visit.goto(f"/s/{INFO}/{lang}")
        visit.nav("next", "welcome")
        assert active(page)["tag"] == "h1"  # an info screen: no "question N of M"
        visit.nav("next", "usefulness")
        on_question(1, 6)
        visit.nav("next", "times_attended")
        on_question(2, 6)
        if lang == "de":
            assert heading_name_starts_with(page, "Frage 2 von 6: Wie oft waren Sie schon hier?")
            assert accessible(page, "input#answer")["name"] == "Frage 2 von 6: Wie oft waren Sie schon hier?"
        page.locator("#answer").fill("100")
        visit.nav("next", "times_attended", status=422)
        check_error_is_tied_to(page, "input#answer", "input#answer")
        page.locator("#answer").fill("2")
        visit.nav("next", "keep")
        on_question(3, 6)
        visit.check("people", "information", "time")
        visit.nav("next", "keep", status=422)
        check_error_is_tied_to(page, ".choices", "fieldset")
        assert page.locator("fieldset").get_attribute("aria-describedby") == "hint error"
        page.locator('input[value="time"]').uncheck()
        visit.nav("next", "change")
        on_question(4, 6)
        visit.nav("skip", "come_again")  # no answer that opens "change_more": one fewer
        on_question(5, 5)
        visit.nav("next", "review")
        assert active(page)["tag"] == "h1"
        visit.nav("submit", "")
        assert active(page)["tag"] == "h1"  # "Danke!"
    finally:
        context.close()


# -- a chosen answer differs in more than colour ----------------------------------------------
CHOICE_STYLE = """() => Array.from(document.querySelectorAll("label.choice"), label => {
  const input = label.querySelector("input"), style = getComputedStyle(label), own = getComputedStyle(input);
  const box = input.getBoundingClientRect();
  return {checked: input.checked, border: parseFloat(style.borderTopWidth), weight: Number(style.fontWeight),
          input: {width: box.width, height: box.height, visibility: own.visibility, opacity: own.opacity,
                  appearance: own.appearance, type: input.type}};
})"""


def check_selected_state(page, where: str) -> None:
    choices = page.evaluate(CHOICE_STYLE)
    chosen = [c for c in choices if c["checked"]]
    others = [c for c in choices if not c["checked"]]
    assert chosen and others, where
    for c in chosen:
        for o in others:
            assert c["border"] > o["border"], (where, "border", c, o)
            assert c["weight"] > o["weight"], (where, "font weight", c, o)
    for c in choices:  # the native radio button or checkbox shows, checked or not
        control = c["input"]
        assert control["width"] >= 20 and control["height"] >= 20, (where, control)
        assert control["visibility"] == "visible" and control["opacity"] == "1", (where, control)
        assert control["appearance"] != "none", (where, control)


@pytest.mark.parametrize("locale", ["de-DE"], indirect=True)
def test_selected_state_not_by_colour_alone(phone, live_server):
    page = phone.new_page()
    visit = Visit(page, live_server, "de")
    visit.goto(f"/s/{DEMO}/de")
    visit.nav("next", "children_count")
    page.locator("label.choice").filter(has_text="2").tap()  # a radio button
    check_selected_state(page, "single")
    visit.nav("next", "children_age")
    page.locator("label.choice").filter(has_text="unter 3 Jahre").tap()  # a checkbox
    check_selected_state(page, "multiple")
    page.emulate_media(forced_colors="active")  # Windows high contrast: colours are the system's
    check_selected_state(page, "multiple, forced colours")
