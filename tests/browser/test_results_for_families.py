"""Results back to families, in a real Chromium, with JavaScript off where people use it.

1. The demo's district administrator, on an office screen, opens a closed wave's
   "Results for families" page from the reports, adds two findings from the report's
   figures (14 of 20 families want another time: "7 of 10"; 10 of 20 do not want to come
   again: "5 of 10", worded in German), adds a measure typed in German and Arabic
   (the other eight languages then cannot be chosen: a text is missing) and publishes
   in German and Arabic;
2. a family opens the location's link on a 360 px phone in Arabic: the link leads to the
   choice of language, Arabic first; the results page is right to left, shows the Arabic
   measure and "7 of 10 families" with ten people drawn, the filled ones on the right;
   nothing scrolls sideways; no cookie is set;
3. the administrator sets the measure to "done" with an update (dated today), written in
   every language; the family's page shows the update with today's date;
4. the administrator publishes in all ten languages: axe-core (WCAG 2.0/2.1 A and AA)
   finds no violation on the results page and on the choice of language, in every
   language, and nothing scrolls sideways at 360 px, with the text at 200 %, nor at
   200 % zoom of the phone (a 180 px wide viewport).

One demo server and one wave (20 answers stored through the services) for the module;
the tests run in order. Screenshots go to test-artifacts/results-*.png.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from tests.browser.conftest import DESKTOP, PHONE, LiveServer
from tests.browser.test_accessibility import (
    AXE,
    BIG_TEXT,
    LANGUAGES,
    SHOW_READ_ALOUD,
    app_text,
    axe_violations,
)
from tests.browser.test_staff_flow import ADMIN, Browser, demo_password, log_in
from tests.conftest import require

pytestmark = pytest.mark.browser

CODE = "ELTCAFE"  # the location's family link: /s/ELTCAFE
PLACE = "Elterncafé Weiße Siedlung"
WAVE = "Herbst: Rückmeldungen zum Elterncafé"
ZOOMED = {"width": PHONE["width"] // 2, "height": PHONE["height"] // 2}  # the phone at 200 % zoom

WHAT = {  # the measure: what the district does
    "de": "Beratung auch am Abend",
    "ar": "استشارة في المساء أيضاً",
    "en": "Advice in the evening too",
    "tr": "Akşamları da danışmanlık",
    "uk": "Консультації також увечері",
    "ru": "Консультации также вечером",
    "fa": "مشاوره در عصرها هم",
    "bg": "Консултации и вечер",
    "ro": "Consiliere și seara",
    "vi": "Tư vấn cả buổi tối",
}
UPDATE = {  # the dated update when it is done
    "de": "Seit Januar jeden Dienstag bis 19 Uhr",
    "ar": "منذ يناير كل ثلاثاء حتى الساعة 7 مساءً",
    "en": "Since January every Tuesday until 7 pm",
    "tr": "Ocak ayından beri her salı saat 19'a kadar",
    "uk": "З січня щовівторка до 19:00",
    "ru": "С января каждый вторник до 19:00",
    "fa": "از ژانویه هر سه‌شنبه تا ساعت ۱۹",
    "bg": "От януари всеки вторник до 19 ч.",
    "ro": "Din ianuarie, în fiecare marți până la ora 19",
    "vi": "Từ tháng Giêng, mỗi thứ Ba đến 19 giờ",
}
# The second finding ("come again?" – "no") in the district's words in German; in Arabic the answer's own.
NOT_AGAIN = "möchten vorerst nicht wiederkommen"

# Sideways scrolling, and what sticks out of the viewport (for the message).
REFLOW = """() => {
  const root = document.documentElement, width = root.clientWidth, wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!el.getClientRects().length || el.closest(".visually-hidden")) continue;
    const box = el.getBoundingClientRect();
    if (box.left < -0.5 || box.right > width + 0.5)
      wide.push(`${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className} `
        + `${Math.round(box.left)}..${Math.round(box.right)}`);
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width, wide: wide.slice(0, 6)};
}"""
# Where the people of each finding's drawing stand: the x of the filled and the empty ones.
PEOPLE = """() => Array.from(document.querySelectorAll("svg.people"), svg => ({
  on: Array.from(svg.querySelectorAll(".person.on"), p => p.getBoundingClientRect().x),
  off: Array.from(svg.querySelectorAll(".person:not(.on)"), p => p.getBoundingClientRect().x),
  hidden: svg.getAttribute("aria-hidden")}))"""


@dataclass(frozen=True)
class Site:
    server: LiveServer
    password: str
    wave: int


@pytest.fixture(scope="module")
def site(own_server: LiveServer) -> Site:
    """A closed wave of the feedback questionnaire at one new place: 20 answers, of which
    14 want another time and 10 do not want to come again."""
    from questionnaires import Choice, Text
    from questionnaires.library import library_questionnaire
    from survey.dates import today
    from survey.extensions import db
    from survey.models import District, Location, Wave
    from survey.services.questionnaires import publish, questionnaire_of
    from survey.services.responses import Submission, submit_response

    password = demo_password(own_server)
    with own_server.app.app_context():
        session = db.session
        day = today()
        district = session.scalars(select(District).filter_by(code="08")).one()
        version = publish(session, library_questionnaire("offer_feedback"), day, district.id)
        place = Location(code=CODE, name=PLACE, kind="kita", district=district, region=district.regions[0])
        wave = Wave(
            name=WAVE,
            district=district,
            questionnaire_version=version,
            opens_on=day - dt.timedelta(days=30),
            closes_on=day - dt.timedelta(days=1),
            locations=[place],
        )
        session.add(wave)
        session.flush()
        questionnaire = questionnaire_of(version)
        regions = tuple(Choice(r.code, Text({"de": r.name})) for r in district.regions)
        for n in range(20):
            answers = {
                "change": ["other_time"] if n < 14 else ["nothing"],
                "come_again": "yes" if n % 2 else "no",
            }
            submission = Submission(
                wave_id=wave.id,
                location_id=place.id,
                questionnaire_version_id=version.id,
                language="ar" if n < 8 else "de",
                answers=answers,
                nonce=f"results-{n}",
            )
            assert submit_response(
                session,
                submission,
                questionnaire,
                {"district_regions": regions},
                day - dt.timedelta(days=5),
                8,
            )
        session.commit()
        return Site(own_server, password, wave.id)


def phone_context(chromium, lang: str, javascript: bool = False, axe: bool = False):
    """A 360 px phone in ``lang`` (with axe-core injected into every page if asked)."""
    context = chromium.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript or axe,
        bypass_csp=axe,  # axe is not one of the app's own scripts
        locale=lang,
    )
    context.set_default_timeout(10_000)
    if axe:
        context.add_init_script(path=AXE)
    return context


def sideways(page, where: str) -> list[str]:
    found = page.evaluate(REFLOW)
    if found["scrollWidth"] > found["clientWidth"]:
        wide = f"{found['scrollWidth']} px in {found['clientWidth']}"
        return [f"{where}: scrolls sideways ({wide}): {found['wide']}"]
    return [f"{where}: sticks out of the screen: {found['wide']}"] if found["wide"] else []


def staff_results_page(staff: Browser) -> None:
    """From the overview to the wave's "Results for families", as an administrator goes."""
    staff.link("Reports")
    row = staff.page.get_by_role("row").filter(has_text=WAVE)
    staff.link("Compose and publish", within=row)
    assert staff.heading() == f"Results for families: {WAVE}"


def measure_form(staff: Browser, name: str):
    return staff.page.locator("form.measure-edit").filter(has=staff.page.get_by_role("button", name=name))


def fill_texts(form, legend: str, texts: dict[str, str]) -> None:
    group = form.get_by_role("group", name=legend, exact=True)
    for lang, text in texts.items():
        group.get_by_label(lang, exact=True).fill(text)


def publish(staff: Browser, languages: list[str]) -> None:
    page = staff.page
    group = page.get_by_role("group", name="Languages", exact=True)
    for lang in LANGUAGES:
        box = page.locator(f"#publish-{lang}")
        if lang in languages:
            assert box.is_enabled(), (lang, group.inner_text())
            box.check()
        elif box.is_enabled():
            box.uncheck()
    staff.button("Publish results")
    assert staff.flash() == "The results are published."
    assert page.get_by_text("Published", exact=True).is_visible()


def published(staff: Browser) -> str:
    """The line under the heading: "Published <date> · <languages>" or "Not published"."""
    return staff.page.locator("p.hint", has=staff.page.locator(".badge")).inner_text().strip()


def test_a_family_reads_the_results_on_a_phone_in_arabic(chromium, desktop, site, artifacts):
    server = site.server
    staff = Browser(desktop.new_page(), server, artifacts)
    page = staff.page
    log_in(staff, ADMIN, site.password)
    staff_results_page(staff)
    assert page.get_by_text("No findings yet.").is_visible()
    assert published(staff) == "Not published"

    # Two findings from the report's figures; a number cannot be typed in, only chosen.
    answer = page.get_by_label("Answer", exact=True)
    offered = answer.locator("option").evaluate_all("os => os.map(o => o.value + ' = ' + o.textContent)")
    assert "change other_time = Eine andere Uhrzeit – 7 of 10 families" in offered, offered
    assert "come_again no = Nein – 5 of 10 families" in offered, offered
    answer.select_option("change other_time")
    staff.button("Add finding")
    answer.select_option("come_again no")
    staff.button("Add finding")
    findings = page.locator("section.finding-edit")
    assert findings.count() == 2
    headings = findings.get_by_role("heading", level=3).all_inner_texts()
    assert headings[0].endswith("7 of 10 families (14 / 20)"), headings
    assert headings[1].endswith("5 of 10 families (10 / 20)"), headings

    # The second finding in the district's own words, in German only.
    second = findings.nth(1)
    second.get_by_text("Say it in the district's own words", exact=True).click()  # a <details>
    fill_texts(second, "Wording (optional; else the answer's own text)", {"de": NOT_AGAIN})
    staff.button("Save wording", within=second)
    assert staff.flash() == "Saved."

    # One measure for the first finding, typed in German and Arabic.
    first = page.locator("section.finding-edit").first
    first.get_by_text("Add a measure", exact=True).click()  # opens the <details>, without a script
    form = measure_form(staff, "Add measure").first
    form.get_by_label("Status", exact=True).select_option(label="Started")
    started = app_today(server) - dt.timedelta(days=40)
    form.get_by_label("From (optional)").fill(started.isoformat())
    fill_texts(form, "What is done", {"de": WHAT["de"], "ar": WHAT["ar"]})
    staff.button("Add measure", within=form)
    assert staff.flash() == "Saved."
    summaries = page.locator("details.measure > summary").all_inner_texts()
    assert summaries == [f"Started Measure 1: {WHAT['de']}"], summaries
    assert measure_form(staff, "Save measure").is_visible()  # the measure just saved stays open

    # Only the languages with every text can be published.
    for lang in LANGUAGES:
        box = page.locator(f"#publish-{lang}")
        assert box.is_enabled() == (lang in ("de", "ar")), lang
    assert "text" in page.locator('label[for="publish-tr"]').inner_text()  # says what is missing
    publish(staff, ["de", "ar"])
    assert re.fullmatch(r"Published \d{4}-\d\d-\d\d · de, ar", published(staff)), published(staff)
    results_link = page.get_by_role("link", name=f"Results page: {PLACE}", exact=True)
    assert results_link.get_attribute("href") == f"/s/{CODE}/results"
    staff.shot("results-staff")

    # A family scans the poster on a phone in Arabic, with JavaScript off.
    context = phone_context(chromium, "ar")
    try:
        family = Browser(context.new_page(), server, artifacts)
        family.open(f"/s/{CODE}")  # the wave has closed: the link leads to its results
        assert family.page.url == f"{server.url}/s/{CODE}/results"
        assert family.page.locator("html").get_attribute("dir") == "rtl"
        choices = family.page.locator("main a")
        assert choices.all_inner_texts() == ["Deutsch", "العربية"]
        assert "primary" in (family.page.locator('a[hreflang="ar"]').get_attribute("class") or "")
        family.shot("results-language-ar-phone")
        family.follow(family.page.get_by_role("link", name="العربية"))
        assert family.page.url == f"{server.url}/s/{CODE}/ar/results"
        reads_in_arabic(family, server)
        assert not context.cookies()  # anonymous: nothing kept on the phone

        # The administrator: done, with an update; the what in every language by the way.
        page.locator("details.measure > summary").click()
        form = measure_form(staff, "Save measure")
        assert form.count() == 1
        form.get_by_label("Status", exact=True).select_option(label="Done")
        fill_texts(form, "What is done", WHAT)
        fill_texts(form, "New update (optional; dated today)", UPDATE)
        staff.button("Save measure", within=form)
        assert staff.flash() == "Saved."
        assert measure_form(staff, "Save measure").get_by_label("Status", exact=True).input_value() == "done"
        staff.shot("results-staff")

        family.open(f"/s/{CODE}/ar/results")
        measure = family.page.locator("ul.measures > li")
        assert measure.locator(".badge").inner_text().strip() == app_text(server, "ar", "Done")
        assert "status-done" in (measure.locator(".badge").get_attribute("class") or "")
        update = measure.locator("p.update")
        assert update.get_by_text(UPDATE["ar"], exact=True).is_visible()
        assert update.locator("time").get_attribute("datetime") == app_today(server).isoformat()
        assert UPDATE["de"] not in family.page.locator("body").inner_text()
        assert not sideways(family.page, "ar at 360 px, with the update")
        family.shot("results-ar-phone")
    finally:
        context.close()

    # The same in German, for a look.
    context = phone_context(chromium, "de")
    try:
        family = Browser(context.new_page(), server, artifacts)
        family.open(f"/s/{CODE}/de/results")
        assert family.page.locator("html").get_attribute("dir") == "ltr"
        text = family.page.locator("main").inner_text()
        for expected in (
            "7 von 10 Familien",
            "5 von 10 Familien",
            NOT_AGAIN,
            WHAT["de"],
            UPDATE["de"],
        ):
            assert expected in text, (expected, text)
        people = family.page.evaluate(PEOPLE)
        assert all(max(p["on"]) < min(p["off"]) for p in people), people  # filled from the left
        assert not sideways(family.page, "de at 360 px")
        family.shot("results-de-phone")
    finally:
        context.close()


def app_today(server: LiveServer) -> dt.date:
    from survey.dates import today

    with server.app.app_context():
        return today()


def reads_in_arabic(family: Browser, server: LiveServer) -> None:
    page = family.page
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert family.heading() == app_text(server, "ar", "What families said")
    sentences = page.locator("p.sentence")
    assert sentences.count() == 2
    seven = app_text(server, "ar", "%(n)s of 10 families", n="7")
    five = app_text(server, "ar", "%(n)s of 10 families", n="5")
    assert sentences.nth(0).locator("strong").inner_text().strip() == f"{seven}:"
    assert sentences.nth(0).is_visible() and sentences.nth(1).is_visible()
    no = app_text(server, "ar", "No")  # the answer's own text, as the questionnaire says it
    assert sentences.nth(1).inner_text().strip() == f"{five}: {no}"
    assert page.get_by_text(WHAT["ar"], exact=True).is_visible()
    assert app_text(server, "ar", "Started") == page.locator("ul.measures .badge").inner_text().strip()
    body = page.locator("body").inner_text()
    assert WHAT["de"] not in body and NOT_AGAIN not in body  # never another language's text
    # Ten people per finding, the filled ones on the right (where an Arabic reader starts).
    people = page.evaluate(PEOPLE)
    assert [(len(p["on"]), len(p["off"])) for p in people] == [(7, 3), (5, 5)], people
    assert all(p["hidden"] == "true" for p in people)  # the sentence says it; the drawing is decoration
    assert all(min(p["on"]) > max(p["off"]) for p in people), people
    # Other languages are offered at the end, in their own script.
    assert (
        page.get_by_role("navigation").get_by_role("link", name="Deutsch").get_attribute("hreflang") == "de"
    )
    problems = sideways(page, "ar at 360 px")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], problems
    assert not problems


def test_the_results_pages_are_accessible_in_every_language(chromium, desktop, site, artifacts):
    """After the first test: the results published in all ten languages are checked by axe
    and for sideways scrolling, at 360 px, with 200 % text and at 200 % zoom."""
    require(AXE.is_file(), f"axe-core is not installed at {AXE} (run `make axe`)")
    server = site.server
    staff = Browser(desktop.new_page(), server, artifacts)
    log_in(staff, ADMIN, site.password)
    staff_results_page(staff)
    assert staff.page.locator("section.finding-edit").count() == 2, "run with the first test of the module"
    publish(staff, LANGUAGES)
    assert published(staff).endswith(" · " + ", ".join(LANGUAGES)), published(staff)

    violations: list[str] = []
    reflow: list[str] = []
    for lang in LANGUAGES:
        context = phone_context(chromium, lang, axe=True)  # Accept-Language: the language
        try:
            page = context.new_page()
            for path in (f"/s/{CODE}/results", f"/s/{CODE}/{lang}/results"):
                response = page.goto(server.url + path)
                assert response is not None and response.status == 200, (path, lang)
                where = f"[{lang}] {path}"
                assert page.locator("html").get_attribute("lang") == lang, where
                if path.endswith(f"/{lang}/results"):
                    main = page.locator("main").inner_text()
                    assert WHAT[lang] in main and UPDATE[lang] in main, where
                    # The "read aloud" buttons, as family.js shows them where the phone has a voice.
                    page.evaluate(SHOW_READ_ALOUD)
                    assert page.locator("button.read-aloud:visible").count() == 2, where
                else:
                    assert page.locator("main a").count() == len(LANGUAGES), where
                    assert page.locator("main a.primary").get_attribute("hreflang") == lang, where
                violations.extend(f"{where}: {v}" for v in axe_violations(page))
                reflow.extend(sideways(page, f"{where} at 360 px"))
                assert page.evaluate(BIG_TEXT) == "36px"
                reflow.extend(sideways(page, f"{where} at 200 % text"))
                page.evaluate("() => document.getElementById('big-text').remove()")
                page.set_viewport_size(ZOOMED)
                reflow.extend(sideways(page, f"{where} at 200 % zoom ({ZOOMED['width']} px)"))
                if lang == "ar" and "/ar/" in path:
                    page.screenshot(path=artifacts / "results-ar-zoomed.png", full_page=True)
                page.set_viewport_size(PHONE)
        finally:
            context.close()

    # The staff page itself, on the office screen.
    context = chromium.new_context(
        viewport=DESKTOP, java_script_enabled=True, bypass_csp=True, locale="en-GB"
    )
    context.set_default_timeout(10_000)
    context.add_init_script(path=AXE)
    try:
        admin = Browser(context.new_page(), server, None)
        log_in(admin, ADMIN, site.password)
        admin.open(f"/reports/waves/{site.wave}/results")
        admin.page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        violations.extend(f"[staff] results page: {v}" for v in axe_violations(admin.page))
    finally:
        context.close()

    assert not violations, "axe found violations:\n" + "\n".join(violations)
    assert not reflow, "\n".join(reflow)
