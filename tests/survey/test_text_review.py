"""Free texts: staff review each one (redact, release, reject) before any report shows it;
a report shows a question's released texts only from ten of them, in alphabetical order and
with nothing about who wrote them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html import unescape

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import delete, inspect, select

from survey.models import Answer, Response, TextReview
from tests.survey.family import Family
from tests.survey.staff import Staff


def store_texts(session, wave, texts: list[str], location: int = 0, language: str = "de") -> list[int]:
    """One response per text (with the choice answers that show the text question);
    returns the text answers' ids."""
    answers = []
    for text in texts:
        answer = Answer(question="change_more", text=text)
        session.add(
            Response(
                wave_id=wave.id,
                location_id=wave.locations[location].id,
                questionnaire_version_id=wave.questionnaire_version_id,
                language=language,
                submitted_on=dt.date.today(),
                answers=[
                    Answer(question="usefulness", choice="very_helpful"),
                    Answer(question="change", choice="other_time"),
                    answer,
                ],
            )
        )
        answers.append(answer)
    session.commit()
    return [answer.id for answer in answers]


def review(staff: Staff, wave, answer_id: int, action: str, text: str | None = None):
    page = f"/reports/waves/{wave.id}/texts"
    if text is None:
        html = staff.get(page).get_data(as_text=True)
        text = unescape(re.search(rf'id="text-{answer_id}-body"[^>]*>([^<]*)</textarea>', html).group(1))
    return staff.submit(f"{page}/{answer_id}", {"action": action, "text": text}, form_page=page)


def report_of(staff: Staff, wave) -> dict[str, str]:
    """The report as the page shows it and as the three downloads hold it (in English:
    the CSV with comma and point)."""
    page = staff.get(f"/reports/waves/{wave.id}?lang=en").get_data(as_text=True)
    pdf = staff.get(f"/reports/waves/{wave.id}/report.pdf?lang=en").data
    workbook = load_workbook(io.BytesIO(staff.get(f"/reports/waves/{wave.id}/report.xlsx?lang=en").data))
    return {
        "html": unescape(page.split('<div class="report"', 1)[1]),
        "csv": staff.get(f"/reports/waves/{wave.id}/report.csv?lang=en")
        .get_data(as_text=True)
        .lstrip("\ufeff"),
        "xlsx": "\n".join(
            str(cell)
            for sheet in workbook
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        ),
        "pdf": " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", " "),
    }


@pytest.fixture
def wave(make_wave):
    return make_wave("offer_feedback", locations=2, opens_in=-30, closes_in=-1)


@pytest.fixture
def manager(client, make_user):
    staff = Staff(client)
    staff.login(make_user("district_admin").email)
    return staff


def test_a_familys_text_reaches_review_with_contact_details_masked(client, session, wave, make_user):
    wave.closes_on = dt.date.today() + dt.timedelta(days=3)
    session.commit()
    family = Family(client, wave.locations[0].code, "de").start()
    for _ in range(3):  # usefulness, times attended, keep
        family.skip()
    assert family.screen == "change"
    family.answer(["more_often"])  # the free text is asked after a change is named
    assert family.screen == "change_more"
    family.answer("Mehr Termine am Abend! Schreiben Sie an mama@example.org")
    family.skip()
    assert family.screen == "review"
    family.submit()
    assert family.status == 200
    staff = Staff(client)
    staff.login(make_user("staff", locations=[wave.locations[0]]).email)
    staff.get("/reports/texts")
    assert staff.response.status_code == 200 and "Testwelle" in staff.html
    staff.get(f"/reports/waves/{wave.id}/texts")
    assert "Mehr Termine am Abend! Schreiben Sie an [E-Mail]" in staff.html
    assert "mama@example.org" not in staff.html
    assert "Not reviewed yet" in staff.html


def test_staff_review_only_the_texts_of_their_own_locations(client, session, wave, make_user):
    [mine] = store_texts(session, wave, ["Hier ist es gut"], location=0)
    [theirs] = store_texts(session, wave, ["Dort ist es laut"], location=1)
    staff = Staff(client)
    staff.login(make_user("staff", locations=[wave.locations[0]]).email)
    staff.get(f"/reports/waves/{wave.id}/texts")
    assert "Hier ist es gut" in staff.html and "Dort ist es laut" not in staff.html
    assert review(staff, wave, theirs, "release", "Dort ist es laut").status_code == 404
    assert review(staff, wave, mine, "release").status_code == 303
    session.expire_all()
    assert session.get(TextReview, theirs) is None
    assert session.get(TextReview, mine).status == "released"


def test_released_texts_appear_only_from_ten_per_question(session, wave, manager):
    texts = [f"Wunsch Nummer {number}: mehr Angebote am Wochenende" for number in range(13)]
    ids = store_texts(session, wave, texts[:7]) + store_texts(session, wave, texts[7:], location=1)
    for answer_id in ids[:9]:
        assert review(manager, wave, answer_id, "release").status_code == 303
    review(manager, wave, ids[9], "reject")
    shown = report_of(manager, wave)
    for form, body in shown.items():
        assert "Wunsch Nummer" not in body, form
    assert "Fewer than 10 texts are released" in shown["html"]

    review(manager, wave, ids[10], "release")  # the tenth released text
    shown = report_of(manager, wave)
    released = [texts[i] for i in (*range(9), 10)]
    for form, body in shown.items():
        for text in released:
            assert text in body, (form, text)
        for never in (texts[9], texts[11], texts[12]):  # rejected, and not reviewed
            assert never not in body, (form, never)
    listed = re.findall(r"<li>(Wunsch Nummer[^<]*)</li>", shown["html"])
    assert sorted(listed) == sorted(released)
    quotes = re.search(r'<ul class="quotes"[^>]*>(.*?)</ul>', shown["html"], re.S).group(1)
    assert re.sub(r"<li>[^<]*</li>", "", quotes) == ""  # the text alone: no place, date or language
    rows = [row for row in csv.DictReader(io.StringIO(shown["csv"])) if row["Table"] == "texts_change_more"]
    assert len(rows) == 10
    assert all(not row["Breakdown (code)"] and not row["Group (code)"] and not row["Count"] for row in rows)


def test_a_redacted_text_is_released_without_its_original(session, wave, manager):
    ids = store_texts(session, wave, [f"Text {n} über das Elterncafé" for n in range(9)])
    [named] = store_texts(session, wave, ["Frau Yilmaz im Familienzentrum hilft uns sehr"])
    for answer_id in ids:
        review(manager, wave, answer_id, "release")
    response = review(manager, wave, named, "release", "[Name] im Familienzentrum hilft uns sehr")
    assert response.status_code == 303 and response.location.endswith(f"#text-{named}")

    session.expire_all()
    stored = session.get(TextReview, named)
    assert (stored.status, stored.text, stored.reviewed_on) == (
        "released",
        "[Name] im Familienzentrum hilft uns sehr",
        dt.date.today(),
    )
    assert session.get(Answer, named).text == "[Name] im Familienzentrum hilft uns sehr"
    assert {column["name"] for column in inspect(session.get_bind()).get_columns("text_review")} == {
        "answer_id",
        "status",
        "text",
        "reviewed_on",
    }  # no reviewer, nothing else about anyone

    manager.get(f"/reports/waves/{wave.id}/texts")
    assert "Yilmaz" not in manager.html and "[Name] im Familienzentrum hilft uns sehr" in manager.html
    for form, body in report_of(manager, wave).items():
        assert "Yilmaz" not in body, form
        assert "[Name] im Familienzentrum hilft uns sehr" in body, form


def test_a_released_text_can_be_rejected_again_and_is_gone_from_the_report(session, wave, manager):
    ids = store_texts(session, wave, [f"Gute Zeiten {n}" for n in range(10)])
    for answer_id in ids:
        review(manager, wave, answer_id, "release")
    assert "Gute Zeiten 4" in report_of(manager, wave)["html"]
    review(manager, wave, ids[4], "reject")
    assert "Gute Zeiten" not in report_of(manager, wave)["html"]  # nine left: none shown
    manager.get(f"/reports/waves/{wave.id}/texts")
    assert "9 of 10 texts released." in manager.html and "Rejected" in manager.html


def test_an_empty_or_too_long_text_is_not_released(session, wave, manager):
    [answer_id] = store_texts(session, wave, ["Mehr Parkplätze"])
    review(manager, wave, answer_id, "release", "   ")
    assert manager.response.status_code == 303
    page = manager.get(manager.response.location).get_data(as_text=True)
    assert "An empty text cannot be released." in page
    review(manager, wave, answer_id, "release", "x" * 301)
    assert "at most 300 characters" in manager.get(manager.response.location).get_data(as_text=True)
    session.expire_all()
    assert session.get(TextReview, answer_id) is None
    assert session.get(Answer, answer_id).text == "Mehr Parkplätze"
    review(manager, wave, answer_id, "release", "Ruf an: 0176 1234567")  # masked as at the start
    session.expire_all()
    assert session.get(TextReview, answer_id).text == "Ruf an: [Telefon]"
    assert review(manager, wave, answer_id, "publish", "x").status_code == 400


def test_only_a_free_text_answer_of_this_wave_can_be_reviewed(session, wave, make_wave, manager):
    other = make_wave("offer_feedback")
    [elsewhere] = store_texts(session, other, ["Anderswo"])
    [here] = store_texts(session, wave, ["Hier"])
    choice = session.scalar(
        select(Answer.id).filter_by(response_id=session.get(Answer, here).response_id, question="usefulness")
    )
    assert review(manager, wave, elsewhere, "release", "Anderswo").status_code == 404
    assert review(manager, wave, choice, "release", "x").status_code == 404
    assert review(manager, wave, here, "release").status_code == 303


def test_quotes_appear_only_once_the_wave_has_closed_and_only_of_its_report(session, wave, manager):
    wave.closes_on = dt.date.today() + dt.timedelta(days=5)
    session.commit()
    ids = store_texts(session, wave, [f"Früh {n}" for n in range(10)] + ["Spät 1", "Spät 2"])
    for answer_id in ids:
        review(manager, wave, answer_id, "release")
    html = report_of(manager, wave)["html"]  # open: an interim report of 10 answers
    assert "Früh" not in html and "Spät" not in html
    wave.closes_on = dt.date.today() - dt.timedelta(days=1)
    session.commit()
    html = report_of(manager, wave)["html"]  # closed: 2 answers more than the last report, held back
    assert all(f"Früh {n}" in html for n in range(10))
    assert "Spät" not in html


def test_a_quote_in_a_language_fewer_than_k_families_answered_in_stays_hidden(session, wave, manager):
    ids = store_texts(session, wave, [f"Satz {n}" for n in range(12)])
    [rare] = store_texts(session, wave, ["Một câu tiếng Việt"], language="vi")
    for answer_id in [*ids, rare]:
        review(manager, wave, answer_id, "release")
    html = report_of(manager, wave)["html"]
    assert all(f"Satz {n}" in html for n in range(12))
    assert "Một câu" not in html  # its script would name its small group


def test_deleting_a_response_deletes_its_review(session, wave, manager):
    [answer_id] = store_texts(session, wave, ["Weg damit"])
    review(manager, wave, answer_id, "reject")
    response_id = session.scalar(select(Answer.response_id).filter_by(id=answer_id))
    session.execute(delete(Response).where(Response.id == response_id))  # as the database does it
    session.commit()
    assert session.scalar(select(TextReview).filter_by(answer_id=answer_id)) is None
