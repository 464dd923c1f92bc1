"""What staff see on the question page and the wave page, in German, in a real Chromium
(JavaScript off, as the pages must work without it): what was typed survives every
button, pictograms are chosen by looking at them, deleting asks first, and the wave page
tells when answers came in without a count that a report could be set against.

Screenshots go to test-artifacts/staff-editor-*.png and staff-wave-arrivals.png.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from survey.dates import today as app_today
from tests.browser.conftest import LiveServer
from tests.browser.test_staff_flow import Browser, demo_password

ADMIN = "demo@mitsprache.example"
FIRST_QUESTION = "Wie viele Kinder leben bei Ihnen?"


def log_in(staff: Browser) -> None:
    staff.open("/staff/login")
    staff.page.get_by_label("E-Mail-Adresse").fill(ADMIN)
    staff.page.get_by_label("Passwort").fill(demo_password(staff.server))
    staff.button("Anmelden")


def test_the_question_page_keeps_what_was_typed_shows_pictograms_and_asks_before_deleting(
    german, server, artifacts
):
    staff = Browser(german.new_page(), server, artifacts)
    page = staff.page
    log_in(staff)
    staff.open("/staff/questionnaires")
    staff.follow(page.get_by_role("button", name=re.compile("^Neuen Entwurf daraus erstellen")).first)
    staff.link(FIRST_QUESTION)
    assert staff.heading() == f"Frage 1 von 15: {FIRST_QUESTION}"

    # an Arabic text typed into the question, then "add an option": both are kept
    texts = page.get_by_role("region", name="Texte und Einstellungen")
    arabic = texts.get_by_role("group", name="Frage", exact=True).get_by_label("العربية (ar)")
    assert arabic.get_attribute("dir") == "rtl"
    arabic.fill("كم طفلاً يعيش معكم؟")
    option = page.get_by_role("region", name="Antwortmöglichkeit hinzufügen")
    option.get_by_role("group", name="Text der Antwortmöglichkeit").get_by_label("Deutsch (de)").fill("Fünf")
    option.locator("summary").filter(has_text="Piktogramm").click()  # opens without JavaScript too
    pictograms = option.get_by_role("group", name="Piktogramm")
    assert pictograms.locator("svg").count() >= 40
    pictograms.get_by_label("many").check()
    staff.shot("staff-editor-question", page.get_by_role("region", name="Antwortmöglichkeit hinzufügen"))
    staff.button("Antwortmöglichkeit hinzufügen")
    assert "Die Antwortmöglichkeit „fuenf“ ist hinzugefügt." in staff.flash() or "fuenf" in staff.flash()
    texts = page.get_by_role("region", name="Texte und Einstellungen")
    assert texts.get_by_role("group", name="Frage", exact=True).get_by_label(
        "العربية (ar)"
    ).input_value() == ("كم طفلاً يعيش معكم؟")
    row = page.locator("tr#option-fuenf")
    assert row.locator("svg").count() == 1, "the option list shows its pictogram"

    # deleting asks on a page of its own; "Behalten" keeps the option
    delete = page.locator("tr#option-fuenf").get_by_role("button", name=re.compile("^Löschen"))
    staff.follow(delete)
    assert staff.heading() == "Die Antwort „Fünf“ löschen?"
    staff.shot("staff-editor-delete")
    staff.link("Behalten")
    assert page.locator("tr#option-fuenf").count() == 1
    staff.follow(page.locator("tr#option-fuenf").get_by_role("button", name=re.compile("^Löschen")))
    staff.button("Löschen")
    assert staff.flash() == "Die Antwort „Fünf“ ist gelöscht."
    assert page.locator("tr#option-fuenf").count() == 0


def answered(server: LiveServer, per_day: dict[dt.date, int]) -> int:
    """Answers stored at the demo wave's first location on these days; returns the wave."""
    from survey.extensions import db
    from survey.models import Response, Wave

    with server.app.app_context():
        wave = db.session.scalars(select(Wave).where(Wave.name.not_like("%(synthetisch)"))).first()
        for day, count in per_day.items():
            for _ in range(count):
                db.session.add(
                    Response(
                        wave_id=wave.id,
                        location_id=wave.locations[0].id,
                        questionnaire_version_id=wave.questionnaire_version_id,
                        language="de",
                        submitted_on=day,
                    )
                )
        db.session.commit()
        return wave.id


def test_the_wave_page_tells_when_answers_came_in_in_steps_of_five(german, server, artifacts):
    with server.app.app_context():
        today = app_today()
    monday = today - dt.timedelta(days=today.weekday() + 7)
    wave_id = answered(server, {monday: 3, monday + dt.timedelta(1): 4, monday + dt.timedelta(3): 6})
    staff = Browser(german.new_page(), server, artifacts)
    page = staff.page
    log_in(staff)
    staff.open(f"/staff/waves/{wave_id}")
    assert page.get_by_role("heading", name="Wann die Antworten kamen").is_visible()
    table = page.get_by_role("region", name="Wann die Antworten kamen")
    [row] = table.get_by_role("row").filter(has=page.get_by_role("rowheader")).all()
    cells = [text.strip() for text in row.get_by_role("cell").all_inner_texts()]
    tuesday, thursday = (format(monday + dt.timedelta(n), "%d.%m.%Y") for n in (1, 3))
    assert cells == ["mindestens 10", f"{tuesday}: mindestens 5; {thursday}: mindestens 10"]
    assert not re.search(r"\b(3|4|6|7|13)\b", " ".join(cells).replace(tuesday, "").replace(thursday, ""))
    staff.shot("staff-wave-arrivals", page.locator("main"))
