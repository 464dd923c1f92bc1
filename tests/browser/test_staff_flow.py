"""A new staff member's first survey, from the account to the first family's answer, in
a real Chromium the size of an office screen, with JavaScript off on every staff page.

The district administrator of the demo (Neukölln) makes the account over the Accounts
page, giving it the two demo family centres. The new staff member then

1. logs in through the login form;
2. builds a questionnaire from nothing in the web editor, in German (source) and Arabic:
   a question with one answer and three options, texts in both languages, and a yes/no
   question shown only after two of those answers; the Arabic completeness indicator
   goes from "0 of 1 texts" to "6 of 6 texts", offered;
3. previews it in Arabic (right to left, the Arabic texts, the condition at work) and
   sends the preview: nothing is stored;
4. publishes it as version 1;
5. closes the demo wave and starts a wave with the new questionnaire at both family
   centres, with one-time codes;
6. downloads a family centre's poster (the family link is printed on it) and its QR
   code, makes three codes and downloads their sheet (the codes are printed on it);
7. a family scans the poster's QR code on a phone, chooses Arabic, types a code from its
   slip, answers and sends;
8. the family's answer is stored whole, and the wave page still says "fewer than 5" for
   that family centre: it shows no count below the threshold.

It runs twice: with JavaScript off everywhere, and on (the staff pages ship no script,
the family pages and the preview an optional one). Every run has a demo server of its
own, since closing the demo wave must not reach the other tests. Screenshots go to
test-artifacts/staff-*.png.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.dates import today as app_today
from survey.models import AccessCode, Location, Response, Wave
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import app_text

pytestmark = pytest.mark.browser

ADMIN = "demo@mitsprache.example"  # the demo's district administrator of Neukölln
STAFF_NAME = "Leyla Demir"
STAFF_EMAIL = "leyla.demir@neukoelln.example"
STAFF_PASSWORD = "Kiez-Umfrage-2027"
RIXDORF, GROPIUSSTADT = "Familienzentrum Rixdorf", "Familienzentrum Gropiusstadt"
DEMO_WAVE = "Demo: Familienbefragung"
NEW_WAVE = "Herbst 2027: Kinderbetreuung"

TITLE = {"de": "Kinderbetreuung im Kiez", "ar": "رعاية الأطفال في الحي"}
CHILDREN = {"de": "Wie viele Kinder haben Sie?", "ar": "كم عدد أطفالكم؟"}
OPTIONS = [  # code, German, Arabic
    ("one", "Ein Kind", "طفل واحد"),
    ("two", "Zwei Kinder", "طفلان"),
    ("three_plus", "Drei oder mehr", "ثلاثة أو أكثر"),
]
KITA = {"de": "Brauchen Sie einen Kitaplatz?", "ar": "هل تحتاجون إلى مكان في الحضانة؟"}
GERMAN, ARABIC = "Deutsch (de)", "العربية (ar)"  # the editor's labels of the two languages


def demo_password(server: LiveServer) -> str:
    from survey.dates import today
    from survey.extensions import db
    from survey.services.demo import ensure_demo_account

    with server.app.app_context():
        password = ensure_demo_account(db.session, today())
        db.session.commit()
        return password


class Browser:
    """One person at a browser tab: follows links, sends forms, and checks every page's
    status; looks at the page as a person does (roles, labels, visible texts)."""

    def __init__(self, page, server: LiveServer, artifacts: Path | None):
        self.page, self.server, self.artifacts = page, server, artifacts  # None: no screenshots

    def open(self, path: str, status: int = 200) -> None:
        response = self.page.goto(self.server.url + path)
        assert response is not None and response.status == status, (path, response and response.status)

    def follow(self, target, status: int = 200) -> None:
        """Click a link or a form's button and wait for the next page."""
        with self.page.expect_navigation() as navigation:
            target.click()
        response = navigation.value
        assert response is not None and response.status == status, (
            self.page.url,
            response and response.status,
            self.texts(".error"),
        )

    def link(self, name: str, status: int = 200, within=None) -> None:
        self.follow((within or self.page).get_by_role("link", name=name, exact=True).first, status)

    def button(self, name: str, status: int = 200, within=None) -> None:
        self.follow((within or self.page).get_by_role("button", name=name, exact=True).first, status)

    def heading(self) -> str:
        return self.page.get_by_role("heading", level=1).inner_text().strip()

    def texts(self, selector: str) -> list[str]:
        return [text.strip() for text in self.page.locator(selector).all_inner_texts()]

    def flash(self) -> str:
        """The message of the last change (the green box; role=status)."""
        return self.page.get_by_role("status").inner_text().strip()

    def download(self, link) -> bytes:
        with self.page.expect_download() as event:
            link.click()
        return Path(event.value.path()).read_bytes()

    def shot(self, name: str, target=None) -> None:
        if self.artifacts is None:
            return
        if target is None:
            self.page.screenshot(path=self.artifacts / f"{name}.png", full_page=True, animations="disabled")
        else:
            target.screenshot(path=self.artifacts / f"{name}.png", animations="disabled")


def log_in(staff: Browser, email: str, password: str) -> None:
    staff.open("/staff/login")
    assert staff.heading() == "Log in for staff"
    staff.page.get_by_label("E-mail address").fill(email)
    staff.page.get_by_label("Password").fill(password)
    staff.button("Log in")
    assert staff.page.url == f"{staff.server.url}/staff/"


def language_row(staff: Browser, endonym: str):
    """The completeness table's row of one language."""
    page = staff.page
    table = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="For families"))
    return table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile(endonym)))


def completeness(staff: Browser, endonym: str, code: str) -> tuple[str, str]:
    """What the Languages table says of one language: "ar: 4 of 6 texts", "not offered"."""
    row = language_row(staff, endonym)
    count = row.get_by_text(re.compile(rf"^{code}: \d+ of \d+ texts$")).inner_text().strip()
    offered = row.get_by_role("cell").last.inner_text().strip()
    return count, offered


def answers_count(staff: Browser, place: str) -> str:
    """The wave page's count of answers at ``place``, as shown."""
    table = staff.page.get_by_role("table", name="Answers per location")
    row = table.get_by_role("row").filter(has=staff.page.get_by_role("rowheader", name=place, exact=True))
    assert row.count() == 1, table.inner_text()
    return row.get_by_role("cell").inner_text().strip()


# -- the parts of the flow ------------------------------------------------------------


def admin_makes_the_account(staff: Browser) -> None:
    log_in(staff, ADMIN, demo_password(staff.server))
    staff.link("Accounts")
    staff.link("Add an account")
    assert staff.heading() == "Add an account"
    page = staff.page
    page.get_by_label("Name", exact=True).fill(STAFF_NAME)
    page.get_by_label("E-mail address").fill(STAFF_EMAIL)
    page.get_by_label("Role").select_option(label="Staff (own locations)")
    places = page.get_by_role("group", name="Locations (for staff)")
    places.get_by_label(RIXDORF).check()
    places.get_by_label(GROPIUSSTADT).check()
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    staff.button("Save")
    assert staff.flash() == f"The account of {STAFF_NAME} is saved."
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=STAFF_NAME))
    assert STAFF_EMAIL in row.inner_text() and f"{GROPIUSSTADT}, {RIXDORF}" in row.inner_text()
    staff.button("Log out")
    assert staff.flash() == "You are logged out."


def builds_the_questionnaire(staff: Browser) -> None:
    page = staff.page
    staff.link("Questionnaires")
    staff.link("Start from nothing")
    assert staff.heading() == "A new questionnaire"
    page.get_by_label("Title").fill(TITLE["de"])
    page.get_by_label("Written in").select_option(label=GERMAN)
    page.get_by_role("group", name="Also in these languages").get_by_label(ARABIC).check()
    staff.button("Start the questionnaire")
    assert staff.flash() == "The questionnaire is started. Add its first question."
    assert staff.heading() == TITLE["de"]
    assert completeness(staff, "Deutsch", "de") == ("de: 1 of 1 texts", "offered")
    assert completeness(staff, "العربية", "ar") == ("ar: 0 of 1 texts", "not offered")

    # The first question: one answer out of three.
    add = page.locator("form").filter(has=page.get_by_role("button", name="Add the question"))
    add.get_by_label("Type of question").select_option(label="One answer")
    add.get_by_label("Question", exact=True).fill(CHILDREN["de"])
    add.get_by_label("Code", exact=True).fill("children")
    staff.button("Add the question")
    assert staff.flash() == "The question is added. Now give it its texts and settings."
    assert staff.heading() == f"Question 1 of 1: {CHILDREN['de']}"
    question = page.get_by_role("group", name="Question", exact=True)
    assert question.get_by_label(GERMAN).input_value() == CHILDREN["de"]
    assert question.get_by_label(ARABIC).get_attribute("dir") == "rtl"
    question.get_by_label(ARABIC).fill(CHILDREN["ar"])
    staff.button("Save")
    assert staff.flash() == "The question is saved."
    assert page.get_by_text("This question needs at least 2 options.").is_visible()
    for code, german, arabic in OPTIONS:
        form = page.get_by_role("region", name="Add an option")
        texts = form.get_by_role("group", name="Text of the option")
        texts.get_by_label(GERMAN).fill(german)
        texts.get_by_label(ARABIC).fill(arabic)
        form.get_by_label("Code", exact=True).fill(code)
        staff.button("Add the option")
        assert staff.flash() == f"The option “{code}” is added."
    rows = page.locator("table.options tbody tr")
    assert rows.count() == len(OPTIONS)
    for row, (code, german, arabic) in zip(rows.all(), OPTIONS, strict=True):
        assert row.get_by_role("rowheader").inner_text().startswith(code)
        assert row.get_by_role("cell").all_inner_texts()[:2] == [german, arabic]
    assert not page.get_by_text("This question needs at least").count()
    staff.shot("staff-2-question-editor")

    # The second: yes or no, shown only to families with two or more children.
    staff.link("All questions")
    add = page.locator("form").filter(has=page.get_by_role("button", name="Add the question"))
    add.get_by_label("Type of question").select_option(label="Yes or no")
    add.get_by_label("Question", exact=True).fill(KITA["de"])
    add.get_by_label("Code", exact=True).fill("needs_kita")
    staff.button("Add the question")
    assert staff.heading() == f"Question 2 of 2: {KITA['de']}"
    assert page.get_by_role("heading", name="When is it shown?").is_visible()
    staff.button("Change when it is shown")
    assert staff.heading() == f"When is “{KITA['de']}” shown?"
    answers = page.get_by_role("group", name=re.compile("^" + re.escape(f"Answers to “{CHILDREN['de']}”")))
    assert answers.get_by_role("checkbox").count() == 3
    answers.get_by_label("Zwei Kinder").check()
    answers.get_by_label("Drei oder mehr").check()
    staff.shot("staff-3-condition")
    staff.button("Save the condition")
    assert staff.flash() == "The condition is saved."
    condition = f"Only after the answer “Zwei Kinder”, “Drei oder mehr” to “{CHILDREN['de']}”"
    assert page.get_by_text(condition).is_visible()

    # Arabic: the title and the second question are still missing.
    staff.link("All questions")
    assert page.get_by_text(condition).is_visible()  # the overview says it too
    assert completeness(staff, "العربية", "ar") == ("ar: 4 of 6 texts", "not offered")
    assert completeness(staff, "Deutsch", "de") == ("de: 6 of 6 texts", "offered")
    row = language_row(staff, "العربية")
    row.get_by_text("2 texts are missing").click()  # opens the <details>: no script needed
    assert row.get_by_role("link").all_inner_texts()[:2] == [
        "The questionnaire · Title",
        "Question “needs_kita” · Question text",
    ]
    staff.link(f"Fill in all missing texts in {ARABIC}")
    assert staff.heading() == f"Missing texts in {ARABIC}"
    title = page.get_by_label("The questionnaire · Title")
    assert title.get_attribute("lang") == "ar" and title.get_attribute("dir") == "rtl"
    title.fill(TITLE["ar"])
    page.get_by_label("Question “needs_kita” · Question text").fill(KITA["ar"])
    staff.button("Save")
    assert staff.flash() == f"2 texts in {ARABIC} are saved."
    assert completeness(staff, "العربية", "ar") == ("ar: 6 of 6 texts", "offered")
    assert not page.get_by_role("heading", name="Before publishing").count()
    staff.shot("staff-1-draft")


def previews_in_arabic(staff: Browser) -> None:
    page, server = staff.page, staff.server
    ar = {text: app_text(server, "ar", text) for text in ("Start", "Next", "Send", "Thank you!", "Yes")}
    staff.link("Preview: العربية")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_text("Preview – nothing is saved").is_visible()
    assert staff.heading() == TITLE["ar"]
    staff.button(ar["Start"])
    assert CHILDREN["ar"] in staff.heading()
    assert page.get_by_role("radio").count() == 3
    staff.shot("staff-4-preview-ar")
    page.locator("label.choice").filter(has_text=OPTIONS[1][2]).click()  # طفلان: two children
    staff.button(ar["Next"])
    assert KITA["ar"] in staff.heading()  # shown: the condition holds
    page.locator("label.choice").filter(has_text=ar["Yes"]).click()
    staff.button(ar["Next"])
    staff.button(ar["Send"])
    assert staff.heading() == ar["Thank you!"]
    assert page.get_by_text("Preview – nothing is saved").is_visible()
    with Session(server.engine) as session:
        assert session.scalars(select(Response)).all() == []  # the preview stored nothing
    staff.link("Back to the editor")
    assert staff.heading() == TITLE["de"]


def publishes(staff: Browser) -> None:
    page = staff.page
    assert page.get_by_text("Not published yet.").first.is_visible()
    staff.button("Publish")
    assert staff.flash() == "Published as version 1. A survey wave can use it now."
    assert page.get_by_text("Published: version 1").is_visible()
    versions = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Version"))
    assert versions.get_by_role("rowheader").all_inner_texts() == ["1"]


def starts_the_wave(staff: Browser) -> None:
    page = staff.page
    # The demo wave still runs at both family centres, and a family link leads to one
    # wave at a time. A staff member whose centres now start their real survey ends the
    # demo there, as the new-wave page itself suggests ("close that wave first"), rather
    # than asking for new locations: families keep the links and posters they know.
    staff.link("Survey waves")
    staff.link(DEMO_WAVE)
    assert page.get_by_role("heading", level=1).get_by_text("open").is_visible()
    staff.button("Close now")
    assert staff.flash().startswith("The wave is closed: families can no longer answer.")
    assert page.get_by_role("heading", level=1).get_by_text("ended").is_visible()

    staff.link("All survey waves")
    staff.link("Start a survey wave")
    assert staff.heading() == "Start a survey wave"
    page.get_by_label("Name of the wave").fill(NEW_WAVE)
    questionnaire = page.get_by_label("Questionnaire", exact=True)
    offered = questionnaire.locator("option").all_inner_texts()
    ours = [label for label in offered if label.startswith(f"{TITLE['de']} – version 1, published ")]
    assert len(ours) == 1, offered
    questionnaire.select_option(label=ours[0])
    places = page.get_by_role("group", name="Locations")
    assert places.get_by_role("checkbox").count() == 2
    places.get_by_label(RIXDORF).check()
    places.get_by_label(GROPIUSSTADT).check()
    page.get_by_label("Families need a one-time code").check()
    staff.button("Start the wave")
    assert staff.flash() == f"The wave “{NEW_WAVE}” is set up. Below are its links, QR codes and posters."
    assert page.get_by_role("heading", level=1).get_by_text("open").is_visible()
    assert page.get_by_text("Families need a code to answer.").is_visible()


def prints(staff: Browser) -> tuple[str, list[str]]:
    """Poster, QR code and a sheet of three codes of Rixdorf: the QR code's link and the codes."""
    page, server = staff.page, staff.server
    rixdorf = page.get_by_role("region", name=RIXDORF)
    link = f"{server.url}/s/FZRIXD"
    assert rixdorf.locator("code.family-link").inner_text().strip() == link

    poster = staff.download(rixdorf.get_by_role("link", name="Poster (PDF, A4)"))
    assert poster.startswith(b"%PDF")
    poster_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(poster)).pages)
    assert link in poster_text.replace("\n", "")
    assert RIXDORF in poster_text

    png = staff.download(rixdorf.get_by_role("link", name="QR code (PNG)"))
    scanned = [
        code.text
        for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
        if code.format == zxingcpp.BarcodeFormat.QRCode
    ]
    assert scanned == [link]

    assert rixdorf.get_by_text("Codes made: 0 · used: fewer than 5").is_visible()
    rixdorf.get_by_label("Number of codes").fill("3")
    staff.button("Make codes", within=rixdorf)
    assert staff.flash().startswith(f"3 codes for {RIXDORF} are ready as batch 1")
    rixdorf = page.get_by_role("region", name=RIXDORF)
    assert rixdorf.get_by_text("Codes made: 3 · used: fewer than 5").is_visible()
    sheet = staff.download(rixdorf.get_by_role("link", name="Batch 1: 3 codes (PDF)"))
    assert sheet.startswith(b"%PDF")
    sheet_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(sheet)).pages).replace("\n", "")
    with Session(server.engine) as session:
        made = session.scalars(
            select(AccessCode.code)
            .join(Location, AccessCode.location_id == Location.id)
            .where(Location.code == "FZRIXD")
        ).all()
    assert len(made) == 3
    for code in made:
        assert code in sheet_text and f"{link}?access={code}" in sheet_text, code
    return scanned[0], list(made)


def family_answers(phone, server: LiveServer, artifacts: Path | None, link: str, code: str) -> None:
    """A family with a German phone scans the poster, chooses Arabic and types its slip's code."""
    slip = "Please type the code from your paper slip."
    ar = {
        text: app_text(server, "ar", text)
        for text in (slip, "Continue", "Start", "Next", "Send", "Thank you!", "Yes")
    }
    family = Browser(phone.new_page(), server, artifacts)
    page = family.page
    response = page.goto(link)
    assert response is not None and response.status == 200
    assert family.heading() == "Wählen Sie Ihre Sprache"
    assert page.get_by_role("radio", name="العربية").count() == 1
    assert page.get_by_role("radio").count() == 2  # the questionnaire is complete in German and Arabic
    page.locator("label.choice").filter(has_text="العربية").tap()
    family.button("Weiter")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_label(ar[slip]).fill(code.lower())
    family.button(ar["Continue"])
    assert family.heading() == TITLE["ar"]
    family.button(ar["Start"])
    assert CHILDREN["ar"] in family.heading()
    page.locator("label.choice").filter(has_text=OPTIONS[2][2]).tap()  # three or more
    family.button(ar["Next"])
    assert KITA["ar"] in family.heading()
    page.locator("label.choice").filter(has_text=ar["Yes"]).tap()
    family.button(ar["Next"])
    family.shot("staff-7-family-review-ar")
    family.button(ar["Send"])
    assert family.heading() == ar["Thank you!"]


def run_the_first_survey(desktop, phone, server: LiveServer, artifacts: Path | None) -> None:
    staff = Browser(desktop.new_page(), server, artifacts)
    admin_makes_the_account(staff)

    log_in(staff, STAFF_EMAIL, STAFF_PASSWORD)
    assert staff.heading() == f"Hello, {STAFF_NAME}"
    nav = staff.page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link").all_inner_texts() == [
        "Survey waves",
        "Questionnaires",
        "Locations",
        "Free texts",
    ]  # staff: no accounts, no reports
    assert staff.texts("h2:text-is('Your locations') + ul > li") == [GROPIUSSTADT, RIXDORF]
    staff.shot("staff-0-overview")

    builds_the_questionnaire(staff)
    previews_in_arabic(staff)
    publishes(staff)
    starts_the_wave(staff)
    link, codes = prints(staff)

    with server.app.app_context():
        today = app_today()  # the app's date (Europe/Berlin), which the answer carries
    assert answers_count(staff, RIXDORF) == "fewer than 5"
    staff.shot("staff-5-wave")

    family_answers(phone, server, artifacts, link, codes[1])

    staff.page.reload()
    # One family is fewer than five: the page does not say how many.
    assert answers_count(staff, RIXDORF) == "fewer than 5"
    assert answers_count(staff, GROPIUSSTADT) == "fewer than 5"
    rixdorf = staff.page.get_by_role("region", name=RIXDORF)
    assert rixdorf.get_by_text("Codes made: 3 · used: fewer than 5").is_visible()
    staff.shot("staff-6-dashboard", staff.page.get_by_role("region", name="Answers so far"))
    staff.link("Mitsprache")  # the overview
    assert staff.heading() == f"Hello, {STAFF_NAME}"

    with Session(server.engine) as session:
        stored = session.execute(
            select(Response, Location.code, Wave.name)
            .join(Location, Response.location_id == Location.id)
            .join(Wave, Response.wave_id == Wave.id)
        ).all()
        assert [(r.language, r.submitted_on, place, wave) for r, place, wave in stored] == [
            ("ar", today, "FZRIXD", NEW_WAVE)
        ]
        answers = {answer.question: answer.choice for answer in stored[0][0].answers}
        assert answers == {"children": "three_plus", "needs_kita": "yes"}
        assert session.scalar(select(Wave).filter_by(name=DEMO_WAVE)).closes_on < today


@pytest.mark.parametrize("javascript", [False, True], ids=["javascript-off", "javascript-on"], indirect=True)
def test_new_staff_member_runs_a_first_survey(desktop, phone, server, artifacts, javascript):
    run_the_first_survey(desktop, phone, server, None if javascript else artifacts)
