"""Accessibility of the staff pages in a real Chromium.

1. axe-core (WCAG 2.0/2.1, A and AA) finds no violation on any staff page type: login
   (also with its error), overview, locations and a location's form, accounts and an
   account's form, questionnaires with the ready library, a new questionnaire, import
   (with the file's problems), a draft's overview, the question, option and condition
   editors, settings, the translation page, the recordings page (also with a refused
   file), the preview in Arabic, the survey waves, a
   new wave, a wave's page with its answer count, reports, a wave's report, and the
   free-text review; forms also with their errors shown, and a staff member's pages
   (fewer links) as well. Each page is checked at 1280 px and again at 360 px, where a
   table that scrolls in its own box must be reachable by keyboard too (axe:
   scrollable-region-focusable);
2. at 360 px no page scrolls sideways (wide tables scroll inside their `.table-scroll`),
   and no word or number in a table is broken across lines (12 as "1" above "2");
3. every button looks like one (the condition page's <input type=submit> too);
4. the login form and the "add a question" form can be filled in and sent with the
   keyboard alone (Tab, typing, arrow keys in a list, Enter), with the page's JavaScript
   off; on every stop the focus is visible: an outline of at least 2 px whose colour
   stands out from what is behind it by 3:1 or more, on screen.

The pages are met in one walk (``walk``), made once by the first test that needs it,
which records what it finds; each test asserts its part. axe needs JavaScript, which the
app's Content-Security-Policy allows only from its own files, so the walk runs with
JavaScript on, bypasses the CSP and has axe injected into every page (the staff pages
ship no script of their own). It runs on a demo server of its own with the district
administrator of the demo, a draft in German and Arabic, a wave with one-time codes at
two new places, and answers with free texts, so that every part of every page shows.
Screenshots at 360 px go to test-artifacts/staff-360-*.png.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires import editing
from questionnaires.library import library_questionnaire
from survey.models import Answer, District, Location, Response, Wave
from tests.browser.conftest import DESKTOP, PHONE, LiveServer
from tests.browser.test_accessibility import AXE, axe_violations
from tests.browser.test_recordings import wav
from tests.conftest import require
from tests.survey.test_xlsform_import import xlsx

pytestmark = pytest.mark.browser

ADMIN = "demo@mitsprache.example"
STAFF, STAFF_PASSWORD = "sami.staff@neukoelln.example", "Sonnenblume-2027"  # staff of the two new places
PAGE_TYPES = [
    "login",
    "login (error)",
    "overview",
    "locations",
    "location form",
    "location form (errors)",
    "accounts",
    "account form",
    "account form (errors)",
    "password",
    "questionnaires and library",
    "new questionnaire",
    "new questionnaire (errors)",
    "import",
    "import (problems)",
    "import report (XLSForm)",
    "import (XLSForm refused)",
    "draft",
    "question editor",
    "question editor (errors)",
    "option editor",
    "delete confirmation",
    "condition editor",
    "condition editor (errors)",
    "settings",
    "translate",
    "recordings",
    "recordings (refused)",
    "preview start (ar)",
    "preview question (ar)",
    "waves",
    "new wave",
    "new wave (errors)",
    "wave",
    "wave edit",
    "reports",
    "report",
    "free texts",
    "free-text review",
    "data protection",
    "activity log",
    "overview (staff)",
    "locations (staff)",
    "wave (staff)",
    "free-text review (staff)",
]

# Sideways scrolling at the current width, and what sticks out of the page (for the message).
REFLOW = """() => {
  const root = document.scrollingElement, width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(".table-scroll, .scroll, .visually-hidden") || !el.getClientRects().length) continue;
    const box = el.getBoundingClientRect();
    if (box.left < -0.5 || box.right > width + 0.5)
      wide.push(`${el.tagName.toLowerCase()}.${el.className} `
        + `${Math.round(box.left)}..${Math.round(box.right)}`);
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width, wide: wide.slice(0, 6)};
}"""

# Words and numbers in table cells that are broken across lines ("1" above "2" for 12):
# a table too wide for the screen must scroll in its box instead. E-mail addresses, links
# and codes (with @, /, _) may break.
BROKEN = """() => {
  const word = /^[\\p{L}\\p{N}][\\p{L}\\p{N}.,%]*$/u, broken = [];
  for (const cell of document.querySelectorAll("main th, main td")) {
    if (!cell.getClientRects().length) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(".visually-hidden")) continue;
      for (const found of node.data.matchAll(/\\S+/g)) {
        if (!word.test(found[0])) continue;
        const range = document.createRange();
        range.setStart(node, found.index);
        range.setEnd(node, found.index + found[0].length);
        const lines = new Set(Array.from(range.getClientRects(), r => Math.round(r.top)));
        if (lines.size > 1) broken.push(found[0]);
      }
    }
  }
  return [...new Set(broken)].slice(0, 12);
}"""

# Buttons (also <input type=submit>, as the condition page's) that do not look like the
# page's buttons: bold text in a 2 px frame, not a text field.
# (Only on pages with the staff style sheet: the preview shows the family's own buttons.)
UNLIKE_BUTTONS = """() => !document.querySelector('link[href*="staff.css"]') ? [] : Array.from(
    document.querySelectorAll("main button:not(.link), main input[type=submit]"))
  .filter(el => el.getClientRects().length)
  .filter(el => { const s = getComputedStyle(el);
                  return Number(s.fontWeight) < 600 || s.borderTopWidth !== "2px"; })
  .map(el => `${el.tagName.toLowerCase()} "${(el.textContent || el.value).trim()}"`)"""

# The focused element and how its focus shows: the outline's width and colour, the colour
# behind it (the nearest background that is not transparent, outside the element, since
# the outline is drawn around it), and whether it is on screen.
FOCUS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  let behind = el.parentElement, back = [255, 255, 255];
  while (behind) {
    const colour = rgb(getComputedStyle(behind).backgroundColor);
    if (colour.length >= 3 && (colour.length === 3 || colour[3] > 0)) { back = colour.slice(0, 3); break; }
    behind = behind.parentElement;
  }
  const box = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(), id: el.id, name: el.name || "", type: el.type || "",
          text: (el.textContent || el.value || "").trim().slice(0, 40), value: el.value ?? "",
          visible: el.matches(":focus-visible"), outline: style.outlineStyle,
          width: parseFloat(style.outlineWidth), colour: rgb(style.outlineColor).slice(0, 3), back,
          onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
                    && box.top < innerHeight && box.left < innerWidth};
}"""


# -- the module's own server, with something on every page -------------------------------
@dataclass(frozen=True)
class Site:
    server: LiveServer
    password: str
    draft: int
    wave: int  # with one-time codes, answers and free texts


def luminance(rgb: list[float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: list[float], other: list[float]) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def draft_content() -> dict:
    """German and Arabic; one option and the second question still without Arabic text."""
    data = editing.new_questionnaire(
        code="kiez_check", source_language="de", languages=["de", "ar"], title="Kinderbetreuung im Kiez"
    )
    data = editing.update_settings(
        data,
        code="kiez_check",
        source_language="de",
        languages=["de", "ar"],
        title={"de": "Kinderbetreuung im Kiez", "ar": "رعاية الأطفال في الحي"},
        intro={"de": "Drei kurze Fragen.", "ar": "ثلاثة أسئلة قصيرة."},
        thanks={"de": "", "ar": ""},
    )
    data, _code = editing.add_question(
        data, "single", code="children", text={"de": "Wie viele Kinder haben Sie?", "ar": "كم عدد أطفالكم؟"}
    )
    for code, german, arabic in (
        ("one", "Ein Kind", "طفل واحد"),
        ("two", "Zwei Kinder", ""),
        ("three_plus", "Drei oder mehr", "ثلاثة أو أكثر"),
    ):
        data, _code = editing.add_option(data, "children", code=code, text={"de": german, "ar": arabic})
    data, _code = editing.add_question(
        data, "yesno", code="needs_kita", text={"de": "Brauchen Sie einen Kitaplatz?"}
    )
    data = editing.set_condition(data, "needs_kita", "children", ["two", "three_plus"])
    data, _code = editing.add_question(data, "text", code="wish", text={"de": "Was wünschen Sie sich?"})
    return data


@pytest.fixture(scope="module")
def site(own_server: LiveServer) -> Site:
    from survey.dates import today
    from survey.extensions import db
    from survey.services import drafts
    from survey.services.accounts import create_user
    from survey.services.demo import ensure_demo_account
    from survey.services.questionnaires import publish
    from survey.services.reports import review_text
    from survey.services.wave_setup import generate_codes

    with own_server.app.app_context():
        day = today()
        password = ensure_demo_account(db.session, day)
        db.session.commit()
    with Session(own_server.engine) as session:
        district = session.scalars(select(District).filter_by(code="08")).one()
        draft = drafts.create_draft(session, district.id, draft_content(), day)
        version = publish(session, library_questionnaire("offer_feedback"), day, district.id)
        named = (
            ("KITASONN", "Kita Sonnenblume", "kita"),
            ("SMNORD", "Stadtteilmütter Nord", "district_mothers"),
        )
        places = [
            Location(code=code, name=name, kind=kind, district=district, region=district.regions[i])
            for i, (code, name, kind) in enumerate(named)
        ]
        wave = Wave(
            name="Frühjahr 2027: Rückmeldungen",
            district=district,
            questionnaire_version=version,
            opens_on=day - dt.timedelta(days=10),
            closes_on=day + dt.timedelta(days=20),
            codes_required=True,
            locations=places,
        )
        session.add(wave)
        session.commit()
        generate_codes(session, wave, places[0].id, 4)
        texts = [
            "Mehr Termine am Abend",
            "Bitte auch samstags öffnen",
            "Mehr Angebote auf Arabisch",
            "Eine Sprechstunde für Väter",
            "Frau Yilmaz in der Musterstraße 5 hilft uns sehr",
            "Die Räume sind zu klein",
            "Alles gut so",
            "Mehr Plätze im Elterncafé",
        ]
        answers = []
        for number, text in enumerate(texts * 2):
            answer = Answer(question="change_more", text=text)
            answers.append(answer)
            session.add(
                Response(
                    wave_id=wave.id,
                    location_id=places[number % 2].id,
                    questionnaire_version_id=version.id,
                    language=("de", "ar", "tr")[number % 3],
                    submitted_on=day - dt.timedelta(days=number % 9),
                    assisted=number % 5 == 0,
                    answers=[
                        Answer(question="usefulness", choice=("very_helpful", "helpful")[number % 2]),
                        Answer(question="change", choice=("other_time", "my_language")[number % 2]),
                        Answer(question="come_again", choice="yes"),
                        answer,
                    ],
                )
            )  # shown after "change"
        session.commit()
        review_text(session, answers[0], release=True, text=answers[0].text, today=day)
        review_text(session, answers[1], release=False, text=answers[1].text, today=day)
        create_user(
            session,
            email=STAFF,
            name="Sami Staff",
            password=STAFF_PASSWORD,
            role="staff",
            district=district,
            today=day,
            locations=places,
        )
        session.commit()
        return Site(own_server, password, draft.id, wave.id)


# -- one walk over every page type ---------------------------------------------------------
@dataclass
class Findings:
    seen: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    reflow: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # words broken across lines in tables, at 360 px
    buttons: list[str] = field(default_factory=list)  # buttons that do not look like buttons


class Walk:
    def __init__(self, page, site: Site, artifacts: Path, findings: Findings):
        self.page, self.site, self.artifacts, self.findings = page, site, artifacts, findings

    def goto(self, path: str, status: int = 200) -> None:
        response = self.page.goto(self.site.server.url + path)
        assert response is not None and response.status == status, (path, response and response.status)

    def send(self, button: str, status: int) -> None:
        with self.page.expect_navigation() as navigation:
            self.page.get_by_role("button", name=button, exact=True).first.click()
        assert navigation.value is not None and navigation.value.status == status, (
            self.page.url,
            navigation.value and navigation.value.status,
        )

    def upload(self, data: bytes, status: int) -> None:
        """Upload a file as the first recording of the recordings page."""
        self.page.locator("ol.recordings input[type=file]").first.set_input_files(
            {"name": "recording.wav", "mimeType": "audio/wav", "buffer": data}
        )
        with self.page.expect_navigation() as navigation:
            self.page.locator("ol.recordings form.upload button[type=submit]").first.click()
        assert navigation.value is not None and navigation.value.status == status, self.page.url

    def look(self, kind: str) -> None:
        """axe at 1280 px and at 360 px, sideways scrolling at 360 px, a screenshot."""
        page, findings = self.page, self.findings
        findings.seen.append(kind)
        where = f"{kind} {page.url.removeprefix(self.site.server.url)}"
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        findings.axe.extend(f"{where} at 1280 px: {v}" for v in axe_violations(page))
        findings.buttons.extend(f"{where}: {button}" for button in page.evaluate(UNLIKE_BUTTONS))
        page.set_viewport_size(PHONE)
        try:
            measured = page.evaluate(REFLOW)
            assert measured["clientWidth"] == PHONE["width"], (where, measured)
            if measured["scrollWidth"] > PHONE["width"]:
                findings.reflow.append(f"{where}: {measured['scrollWidth']} px wide: {measured['wide']}")
            findings.axe.extend(f"{where} at 360 px: {v}" for v in axe_violations(page))
            broken = page.evaluate(BROKEN)
            if broken:
                findings.broken.append(f"{where}: {broken}")
            name = re.sub(r"[^a-z0-9]+", "-", kind).strip("-")
            page.screenshot(
                path=self.artifacts / f"staff-360-{name}.png", full_page=True, animations="disabled"
            )
        finally:
            page.set_viewport_size(DESKTOP)

    def everything(self) -> None:
        page, site = self.page, self.site
        draft = f"/staff/questionnaires/drafts/{site.draft}"

        self.goto("/staff/login")
        self.look("login")
        page.get_by_label("E-mail address").fill(ADMIN)
        page.get_by_label("Password").fill("not the password")
        self.send("Log in", 401)
        assert page.get_by_role("alert").inner_text().strip() == "E-mail address or password is not right."
        self.look("login (error)")
        page.get_by_label("Password").fill(site.password)
        self.send("Log in", 200)
        assert page.url.endswith("/staff/")
        self.look("overview")

        self.goto("/staff/locations")
        self.look("locations")
        self.goto("/staff/locations/new")
        self.look("location form")
        page.get_by_label("Name").fill(" ")  # passes the browser's own check of a required field
        self.send("Save", 422)
        self.look("location form (errors)")
        self.goto("/staff/accounts")
        self.look("accounts")
        self.goto("/staff/accounts/new")
        self.look("account form")
        page.get_by_label("Name", exact=True).fill("Kurz")
        page.get_by_label("E-mail address").fill("kurz@neukoelln")  # the browser takes it; the form does not
        page.get_by_label("Password").fill("lang-genug-2027")
        self.send("Save", 422)
        self.look("account form (errors)")
        self.goto("/staff/password")
        self.look("password")

        self.goto("/staff/questionnaires")
        assert page.get_by_role("heading", name="Ready questionnaires").is_visible()
        self.look("questionnaires and library")
        self.goto("/staff/questionnaires/new")
        self.look("new questionnaire")
        self.send("Start the questionnaire", 422)
        self.look("new questionnaire (errors)")
        self.goto("/staff/questionnaires/import")
        self.look("import")
        page.get_by_label("Questionnaire file (YAML or XLSForm)").set_input_files(
            files=[
                {
                    "name": "kaputt.yaml",
                    "mimeType": "application/yaml",
                    "buffer": (
                        b"code: Kaputt Kiez\nsource_language: de\nlanguages: [de, ar]\ntitle: {de: Test}\n"
                        b"questions:\n- code: a\n  type: single\n  text: {de: Frage, ar: ''}\n"
                        b"  choices: [{code: x, text: {de: X}}]\n- code: a\n  type: lottery\n"
                        b"  text: {de: Noch eine}\n"
                    ),
                }
            ]
        )
        self.send("Import", 422)
        assert page.get_by_role("alert").is_visible()
        self.look("import (problems)")
        self.goto("/staff/questionnaires/import")
        page.get_by_label("Questionnaire file (YAML or XLSForm)").set_input_files(
            files=[{"name": "kobo.xlsx", "mimeType": "application/octet-stream", "buffer": xlsx()}]
        )
        self.send("Import", 200)
        self.look("import report (XLSForm)")
        self.goto("/staff/questionnaires/import")
        refused = xlsx(
            survey=[["type", "name", "label"], ["calculate", "sum", ""], ["begin repeat", "r", "R"]]
        )
        page.get_by_label("Questionnaire file (YAML or XLSForm)").set_input_files(
            files=[{"name": "kobo.xlsx", "mimeType": "application/octet-stream", "buffer": refused}]
        )
        self.send("Import", 422)
        self.look("import (XLSForm refused)")

        self.goto(draft)
        self.look("draft")
        self.goto(f"{draft}/questions/children")
        self.look("question editor")
        page.get_by_label("Code", exact=True).first.fill("Kinder Anzahl!")
        self.send("Save", 422)
        self.look("question editor (errors)")
        self.goto(f"{draft}/questions/children/options/two")
        self.look("option editor")
        self.goto(f"{draft}/questions/children")
        with page.expect_navigation():
            page.locator("table.options tbody tr").first.get_by_role(
                "button", name=re.compile("^Delete")
            ).click()
        self.look("delete confirmation")
        self.goto(f"{draft}/questions/needs_kita/condition")
        self.look("condition editor")
        for box in page.get_by_role("checkbox").all():
            box.uncheck()
        self.send("Save the condition", 422)
        self.look("condition editor (errors)")
        self.goto(f"{draft}/settings")
        self.look("settings")
        self.goto(f"{draft}/translate/ar")
        self.look("translate")
        self.goto(f"{draft}/recordings/ar")  # with the "record" buttons of its script
        self.upload(wav(), 200)
        self.look("recordings")
        self.upload(b"not a recording", 422)
        self.look("recordings (refused)")
        self.goto(f"{draft}/preview/ar")
        assert page.locator("html").get_attribute("dir") == "rtl"
        self.look("preview start (ar)")
        with page.expect_navigation():
            page.locator('main button[name="nav"][value="next"]').click()
        self.look("preview question (ar)")

        self.goto("/staff/waves")
        self.look("waves")
        self.goto("/staff/waves/new")
        self.look("new wave")
        page.get_by_label("Name of the wave").fill("Sommer 2020")
        page.get_by_label("Families can answer from").fill("2020-01-01")  # in the past, and no location
        self.send("Start the wave", 422)
        self.look("new wave (errors)")
        self.goto(f"/staff/waves/{site.wave}")
        assert page.get_by_role("table", name="Answers per location").is_visible()
        self.look("wave")
        self.goto(f"/staff/waves/{site.wave}/edit")
        self.look("wave edit")

        self.goto("/reports/")
        self.look("reports")
        self.goto(f"/reports/waves/{site.wave}")
        assert page.locator(".report").count() == 1, "the report shows no results"
        self.look("report")
        self.goto("/reports/texts")
        self.look("free texts")
        self.goto(f"/reports/waves/{site.wave}/texts")
        self.look("free-text review")
        self.goto("/staff/data-protection")
        assert page.get_by_role("table", name="Retention per wave").is_visible()
        self.look("data protection")
        self.goto("/staff/activity")
        assert page.get_by_role("table", name=re.compile("newest first")).is_visible()
        self.look("activity log")

        # Staff see fewer links (no accounts, no reports): a table may have none left.
        self.send("Log out", 200)
        page.get_by_label("E-mail address").fill(STAFF)
        page.get_by_label("Password").fill(STAFF_PASSWORD)
        self.send("Log in", 200)
        assert page.get_by_role("heading", level=1).inner_text() == "Hello, Sami Staff"
        self.look("overview (staff)")
        self.goto("/staff/locations")
        self.look("locations (staff)")
        self.goto(f"/staff/waves/{site.wave}")
        self.look("wave (staff)")
        self.goto(f"/reports/waves/{site.wave}/texts")
        self.look("free-text review (staff)")


@pytest.fixture(scope="module")
def walk(chromium, site: Site, artifacts: Path) -> Callable[[], Findings]:
    """``walk()``: the findings of the walk over every page type, made on first use."""
    done: list[Findings] = []

    def findings() -> Findings:
        if not done:
            found = Findings()
            context = chromium.new_context(
                viewport=DESKTOP, java_script_enabled=True, bypass_csp=True, locale="en-GB"
            )
            context.set_default_timeout(10_000)
            context.add_init_script(path=AXE)
            try:
                Walk(context.new_page(), site, artifacts, found).everything()
            finally:
                context.close()
            assert found.seen == PAGE_TYPES
            done.append(found)
        return done[0]

    return findings


def test_axe_finds_no_violation_on_any_staff_page(walk):
    require(AXE.is_file(), f"axe-core is not installed at {AXE} (run `make axe`)")
    violations = walk().axe
    assert not violations, "axe found violations:\n" + "\n".join(violations)


def test_no_staff_page_scrolls_sideways_at_360_px(walk):
    problems = walk().reflow
    assert not problems, "\n".join(problems)


def test_no_number_or_word_in_a_table_is_broken_at_360_px(walk):
    """A table too wide for a phone scrolls in its own box; its numbers and words stay whole."""
    problems = walk().broken
    assert not problems, "broken across lines:\n" + "\n".join(problems)


def test_every_button_looks_like_a_button(walk):
    problems = walk().buttons
    assert not problems, "\n".join(problems)


# -- the keyboard alone -----------------------------------------------------------------------
class Keyboard:
    """Tab, typing, arrow keys and Enter, with the page's JavaScript off; every focus
    stop is checked for a visible focus."""

    def __init__(self, page):
        self.page = page
        self.unseen: list[str] = []

    def focused(self) -> dict:
        now = self.page.evaluate(FOCUS)
        if now["tag"] != "body":
            what = f"{now['tag']}#{now['id']} {now['text']!r} on {self.page.url}"
            ratio = contrast(now["colour"], now["back"])
            if not (now["visible"] and now["outline"] != "none" and now["width"] >= 2 and ratio >= 3):
                self.unseen.append(
                    f"{what}: outline {now['outline']} {now['width']} px, "
                    f"colour {now['colour']} on {now['back']} ({ratio:.1f}:1)"
                )
            if not now["onScreen"]:
                self.unseen.append(f"{what}: not on screen")
        return now

    def tab_to(self, wanted: Callable[[dict], bool], limit: int = 120) -> dict:
        now: dict = {}
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            now = self.focused()
            if wanted(now):
                return now
        raise AssertionError(f"Tab never reached the element on {self.page.url}; last: {now}")

    def enter(self, status: int = 200) -> None:
        with self.page.expect_navigation() as navigation:
            self.page.keyboard.press("Enter")
        assert navigation.value is not None and navigation.value.status == status, self.page.url


@pytest.fixture
def keyboard_page(chromium):
    context = chromium.new_context(viewport=DESKTOP, java_script_enabled=False, locale="en-GB")
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def log_in_by_keyboard(page, site: Site) -> Keyboard:
    keys = Keyboard(page)
    page.goto(f"{site.server.url}/staff/login")
    skip = keys.tab_to(lambda f: True)
    assert skip["text"] == "Skip to content"  # first, and shown when focused (checked by focused())
    keys.tab_to(lambda f: f["type"] == "email")
    page.keyboard.type(ADMIN)
    assert keys.tab_to(lambda f: True)["type"] == "password"
    page.keyboard.type(site.password)
    keys.enter()
    assert page.url == f"{site.server.url}/staff/"
    assert page.get_by_role("heading", level=1).inner_text() == "Hello, Demo Neukölln"
    return keys


def test_login_by_keyboard_alone(keyboard_page, site):
    page = keyboard_page
    keys = Keyboard(page)
    page.goto(f"{site.server.url}/staff/login")
    keys.tab_to(lambda f: f["type"] == "email")
    page.keyboard.type(ADMIN)
    keys.tab_to(lambda f: f["type"] == "password")
    page.keyboard.type("wrong password")
    keys.enter(status=401)  # Enter in a field sends the form
    assert page.get_by_role("alert").inner_text().strip() == "E-mail address or password is not right."
    assert page.get_by_label("E-mail address").input_value() == ADMIN  # kept
    keys.tab_to(lambda f: f["type"] == "password")
    page.keyboard.type(site.password)
    keys.tab_to(lambda f: f["tag"] == "button" and f["text"] == "Log in")
    keys.enter()
    assert page.url == f"{site.server.url}/staff/"
    assert not keys.unseen, "focus not visible:\n" + "\n".join(keys.unseen)


def test_add_a_question_by_keyboard_alone(keyboard_page, site):
    page = keyboard_page
    keys = log_in_by_keyboard(page, site)
    page.goto(f"{site.server.url}/staff/questionnaires/drafts/{site.draft}")
    chosen = keys.tab_to(lambda f: f["tag"] == "select" and f["name"] == "kind")
    assert chosen["value"] == "single"
    page.keyboard.press("ArrowDown")  # a closed list: the arrow chooses the next type
    assert keys.focused()["value"] == "multiple"
    keys.tab_to(lambda f: f["name"] == "text")
    page.keyboard.type("Was hilft Ihnen am meisten?")
    keys.tab_to(lambda f: f["name"] == "code")
    page.keyboard.type("helps_most")
    keys.tab_to(lambda f: f["tag"] == "button" and f["text"] == "Add the question")
    keys.enter()
    assert page.get_by_role("status").inner_text().strip() == (
        "The question is added. Now give it its texts and settings."
    )
    assert page.get_by_role("heading", level=1).inner_text() == "Question 4 of 4: Was hilft Ihnen am meisten?"
    assert page.get_by_text("Type: Several answers").is_visible()
    assert not keys.unseen, "focus not visible:\n" + "\n".join(keys.unseen)
