"""A family types a number with decimals, without JavaScript, in German or Arabic: it is
shown back in their language's way, stored exactly, refused with the questionnaire's own
message where it has one in their language (else the app's own), and reported with its
decimals in the reader's language."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import select

from questionnaires import questionnaire_from_dict
from survey.models import Answer, Response
from tests.questionnaires.test_decimals_and_messages import DATA
from tests.survey.family import Family
from tests.survey.test_reports import closed_wave, manager  # noqa: F401 (the fixture)
from tests.survey.test_staff_editor_page import editor, page_fields  # noqa: F401 (the fixture)
from tests.survey.test_staff_questionnaires import drafts, staff, text_of  # noqa: F401 (the fixture)

QUESTIONNAIRE = questionnaire_from_dict(DATA)


def typed_value(family: Family) -> str:
    found = re.search(r'<input class="number" id="answer" name="answer"[^>]*value="([^"]*)"', family.html)
    assert found, "the page has no number field"
    return unescape(found.group(1))


def stored_weights(session) -> list[object]:
    session.expire_all()
    return list(session.scalars(select(Answer.number).where(Answer.question == "weight").order_by(Answer.id)))


@pytest.mark.parametrize(
    ("language", "typed", "shown"),
    [
        ("de", "3,5", "3,5"),
        ("de", "3.5", "3,5"),
        ("ar", "٣٫٥", "3.5"),
        ("ar", "۳٫۵", "3.5"),
        ("en", "3,5", "3.5"),
    ],
)
def test_a_family_types_a_decimal_sees_it_on_the_review_page_and_it_is_stored(
    client, session, make_wave, language, typed, shown
):
    wave = make_wave(QUESTIONNAIRE)
    family = Family(client, wave.locations[0].code, language).start()
    assert family.screen == "weight"
    assert 'inputmode="decimal"' in family.html
    family.answer(typed)
    assert family.status == 200 and family.screen == "children"
    assert 'inputmode="numeric"' in family.html  # a whole-number question
    family.back()
    assert typed_value(family) == shown  # back on the question: as the language writes it
    family.answer(typed).skip().skip()
    assert family.screen == "review"
    assert f'<bdi dir="ltr">{shown}</bdi>' in family.html or f">{shown}<" in family.html
    family.submit()
    assert family.status == 200
    assert stored_weights(session) == [Decimal("3.5")]
    [response] = session.scalars(select(Response).where(Response.wave_id == wave.id)).all()
    assert response.language == language


def test_a_whole_number_in_a_decimal_question_is_stored_whole(client, session, make_wave):
    wave = make_wave(QUESTIONNAIRE)
    family = Family(client, wave.locations[0].code, "de").start()
    family.answer("12,0").skip().skip()
    family.submit()
    [number] = stored_weights(session)
    assert number == 12 and isinstance(number, int)


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        ("ar", "25", "الوزن من ٠٫٥ إلى ٢٠ كغ."),  # the questionnaire's own message in Arabic
        ("de", "0,4", "Bitte ein Gewicht von 0,5 bis 20 kg."),
        ("en", "20.5", "Please write a number from 0.5 to 20."),  # none in English: the app's own
        ("de", "3,55", "Bitte schreiben Sie höchstens 1 Ziffer nach dem Komma."),  # not a limit: the app's
        ("ar", "", "يُرجى كتابة وزن الطفل."),  # required, the own message in Arabic
        ("de", "", "Bitte schreiben Sie eine Antwort."),  # none in German: the app's own
        ("ar", "كثير", "يُرجى كتابة رقم، مثلًا 3."),
    ],
)
def test_a_number_that_does_not_fit_is_refused_with_the_message_of_the_familys_language(
    client, session, make_wave, language, typed, message
):
    wave = make_wave(QUESTIONNAIRE)
    family = Family(client, wave.locations[0].code, language).start()
    family.answer(typed)
    assert family.status == 422 and family.screen == "weight"
    assert family.error == message
    assert typed_value(family) == typed  # kept as typed
    assert 'aria-invalid="true"' in family.html
    assert stored_weights(session) == []


def test_the_constraint_message_of_a_text_is_shown_too(client, make_wave):
    wave = make_wave(QUESTIONNAIRE)
    family = Family(client, wave.locations[0].code, "ar").start()
    family.answer("٣").skip().answer("ن" * 51)
    assert family.status == 422 and family.error == "خمسون حرفا على الأكثر."
    family = Family(client, wave.locations[0].code, "en").start()
    family.answer("3").skip().answer("x" * 51)
    assert family.error == "Please write at most 50 characters. Now there are 51."


def test_the_report_gives_ranges_and_the_median_with_decimals_in_the_readers_language(
    session,
    make_wave,
    manager,  # noqa: F811
):
    wave = closed_wave(make_wave, questionnaire=QUESTIONNAIRE)
    for value in [Decimal("2.5")] * 6 + [Decimal("3.5")] * 6 + [4] * 6 + [None] * 6:
        given = [Answer(question="weight", number=value)] if value is not None else []
        session.add(
            Response(
                wave_id=wave.id,
                location_id=wave.locations[0].id,
                questionnaire_version_id=wave.questionnaire_version_id,
                language="de",
                submitted_on=dt.date.today(),
                answers=given,
            )
        )
    session.commit()
    german = text_of(manager.get(f"/reports/waves/{wave.id}?lang=de").get_data(as_text=True))
    assert manager.response.status_code == 200
    assert "Median: 3,5." in german
    assert "bis 2,5" in german and "2,6 bis 3,5" in german and "3,6 und mehr" in german
    english = text_of(manager.get(f"/reports/waves/{wave.id}?lang=en").get_data(as_text=True))
    assert "Median: 3.5." in english and "2.6 to 3.5" in english
    csv = manager.get(f"/reports/waves/{wave.id}/report.csv?lang=de").get_data(as_text=True)
    assert "2,6 bis 3,5" in csv
    xlsx = manager.get(f"/reports/waves/{wave.id}/report.xlsx?lang=de")
    assert xlsx.status_code == 200


def test_staff_set_decimals_limits_and_messages_per_language_in_the_editor(
    session,
    editor,  # noqa: F811
):
    response = editor.post("/questions", {"kind": "number", "text": "Wie schwer ist Ihr Kind?", "code": "kg"})
    assert response.status_code == 302
    fields = page_fields(
        session,
        "kg",
        text_ar="كم وزن طفلك؟",
        decimals="1",
        min="0,5",
        max="20",
        required="y",
        required_message_de="",
        required_message_ar="يُرجى كتابة الوزن.",
        constraint_message_de="Bitte von 0,5 bis 20.",
        constraint_message_ar="",
    )
    assert editor.question("kg", fields).status_code == 302, editor.staff.html
    kg = next(q for q in drafts(session)[0].content["questions"] if q["code"] == "kg")
    assert (kg["decimals"], kg["min"], kg["max"]) == (1, 0.5, 20)
    assert kg["required_message"] == {"ar": "يُرجى كتابة الوزن."}
    assert kg["constraint_message"] == {"de": "Bitte von 0,5 bis 20."}
    page = text_of(editor.staff.get(f"{editor.url}/questions/kg").get_data(as_text=True))
    assert "Message when no answer is given" in page and "Digits after the decimal point" in page

    # a limit with more digits than the question allows is refused next to its field, as typed
    fields.update(min="0,25")
    assert editor.question("kg", fields).status_code == 422
    assert 'value="0,25"' in editor.staff.html
    assert "may have at most 1 digits after the decimal point." in text_of(editor.staff.html)
    fields.update(min="zwei")
    assert editor.question("kg", fields).status_code == 422
    assert "Please write a number, e.g. 3 or 0,5." in text_of(editor.staff.html)


def test_a_message_given_in_one_language_is_offered_for_translation_in_the_others(
    session,
    editor,  # noqa: F811
):
    fields = page_fields(
        session, "visits", required="y", required_message_de="Bitte wählen Sie eine Antwort."
    )
    assert editor.question("visits", fields).status_code == 302, editor.staff.html
    page = editor.staff.get(f"{editor.url}/translate/ar").get_data(as_text=True)
    found = re.search(
        r'<label for="(missing_\d+)">[^<]*Message when no answer is given \(optional[^<]*</label>\s*'
        r'<p class="hint source" id="[^"]+" lang="de" dir="ltr">Bitte wählen Sie eine Antwort.</p>',
        page,
    )
    assert found, page
    sent = {name: "" for name in re.findall(r'name="(missing_\d+)"', page)}
    sent[found.group(1)] = "يُرجى اختيار إجابة."
    assert editor.post("/translate/ar", sent, form_page=f"{editor.url}/translate/ar").status_code == 302
    visits = next(q for q in drafts(session)[0].content["questions"] if q["code"] == "visits")
    assert visits["required_message"] == {"de": "Bitte wählen Sie eine Antwort.", "ar": "يُرجى اختيار إجابة."}
    page = editor.staff.get(f"{editor.url}/translate/ar").get_data(as_text=True)
    assert "Message when no answer is given" not in page
