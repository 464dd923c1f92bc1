"""The question page of the editor as staff use it without JavaScript: every button sends
the whole page, so nothing typed is lost; the page shows the question and its pictograms."""

from __future__ import annotations

import re

import pytest

from tests.survey.test_staff_questionnaires import (
    Editor,
    build_two_questions,
    drafts,
    staff,  # noqa: F401 (the fixture)
    start_questionnaire,
    text_of,
)


@pytest.fixture
def editor(staff) -> Editor:  # noqa: F811
    editor = start_questionnaire(staff)
    build_two_questions(editor)
    return editor


def page_fields(session, code: str, **typed: str) -> dict:
    """What the question page sends when a button is pressed: everything on it as it stands,
    with ``typed`` changed."""
    content = drafts(session)[0].content
    question = next(q for q in content["questions"] if q["code"] == code)
    fields = {"code": code, "report-shown": "1", "option-code": "", "option-icon": ""}
    for lang in content["languages"]:
        fields[f"text_{lang}"] = question.get("text", {}).get(lang, "")
        fields[f"hint_{lang}"] = question.get("hint", {}).get(lang, "")
        fields[f"option-text_{lang}"] = ""
    fields["report-role"] = (question.get("report") or {}).get("role", "")
    fields.update(typed)
    return fields


def test_typing_a_text_and_then_adding_an_option_keeps_the_text(editor, session):
    question_page = editor.url + "/questions/visits"
    fields = page_fields(
        session,
        "visits",
        text_ar="كم مرة تزورون الحضانة؟",
        **{"option-text_de": "Jeden Tag", "option-text_ar": "كل يوم", "option-code": "daily"},
    )
    response = editor.post("/questions/visits/options", fields, form_page=question_page)
    assert response.status_code == 302, editor.staff.html
    [visits, _missing] = drafts(session)[0].content["questions"]
    assert visits["text"]["ar"] == "كم مرة تزورون الحضانة؟", "the typed question text is saved first"
    assert visits["choices"][-1] == {"code": "daily", "text": {"de": "Jeden Tag", "ar": "كل يوم"}}
    editor.staff.get(response.location)
    assert "The question is saved." not in editor.staff.html
    assert "The option “daily” is added." in text_of(editor.staff.html)

    # "Save" with a new option typed adds it too; moving an option saves the typed hint first
    fields = page_fields(session, "visits", **{"option-text_de": "Selten", "option-text_ar": "نادرًا"})
    assert editor.question("visits", fields).status_code == 302
    assert drafts(session)[0].content["questions"][0]["choices"][-1]["text"] == {
        "de": "Selten",
        "ar": "نادرًا",
    }
    fields = page_fields(session, "visits", hint_de="Eine Antwort.", direction="up")
    response = editor.post("/questions/visits/options/never/move", fields, form_page=question_page)
    assert response.status_code == 302
    visits = drafts(session)[0].content["questions"][0]
    assert visits["hint"]["de"] == "Eine Antwort."
    assert [c["code"] for c in visits["choices"]][:4] == ["often", "never", "sometimes", "daily"]


def test_a_sixth_step_of_a_scale_is_refused_with_everything_typed_still_there(editor, session):
    editor.post("/questions", {"kind": "scale", "text": "Wie geht es Ihnen?", "code": "mood"})
    question_page = editor.url + "/questions/mood"
    for number in range(1, 6):
        fields = page_fields(
            session, "mood", **{"option-text_de": f"Stufe {number}", "option-text_ar": "خطوة"}
        )
        assert editor.post("/questions/mood/options", fields, form_page=question_page).status_code == 302
    before = drafts(session)[0].content
    fields = page_fields(
        session,
        "mood",
        text_ar="كيف حالكم؟",
        **{"option-text_de": "Stufe 6", "option-text_ar": "الخطوة السادسة", "option-code": "six"},
    )
    response = editor.post("/questions/mood/options", fields, form_page=question_page)
    assert response.status_code == 422
    html = editor.staff.html
    assert "كيف حالكم؟</textarea>" in html, "the question's typed Arabic text is shown"
    assert "Wie geht es Ihnen?</textarea>" in html, "the stored German text is shown, not an empty field"
    assert re.search(r'<input[^>]*name="code"[^>]*value="mood"', html), "the code field is not empty"
    assert 'value="Stufe 6"' in html and 'value="الخطوة السادسة"' in html and 'value="six"' in html
    assert drafts(session)[0].content == before, "a refused edit saves nothing"


def test_the_question_page_is_headed_by_the_question_and_shows_the_pictograms(editor, session):
    page = editor.staff.get(editor.url + "/questions/visits").get_data(as_text=True)
    heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert "Wie oft kommen Sie in die Kita?" in heading and "visits" not in heading
    assert "<title>Question 1: Wie oft kommen Sie in die Kita?" in page or "Question 1: Wie oft" in page
    pictograms = re.search(r'<fieldset class="pictograms".*?</fieldset>', page, re.S).group(0)
    assert pictograms.count("<svg") >= 40 and 'value="school"' in pictograms
    fields = page_fields(session, "visits", **{"option-text_de": "Schule", "option-icon": "school"})
    editor.post("/questions/visits/options", fields, form_page=editor.url + "/questions/visits")
    assert drafts(session)[0].content["questions"][0]["choices"][-1]["icon"] == "school"
    page = editor.staff.get(editor.url + "/questions/visits").get_data(as_text=True)
    row = re.search(r'<tr id="option-schule">.*?</tr>', page, re.S).group(0)
    assert "<svg" in row, "the option list shows the chosen pictogram"


def test_problems_of_an_imported_file_read_in_german_without_internal_words(client, make_user, session):
    from tests.survey.staff import Staff
    from tests.survey.test_staff_questionnaires import upload

    german = Staff(client, "de")
    assert german.login(make_user("staff").email).status_code == 302
    broken = (
        "code: kita\nlanguages: [de]\ntitle: {de: Kita}\nquestions:\n"
        "  - code: wie_alt\n    type: number\n    text: {de: Wie alt}\n    min: 5\n    max: 2\n"
        "  - code: wie_alt\n    type: yesno\n    text: {de: Noch einmal}\n"
    )
    assert upload(german, broken).status_code == 422
    page = text_of(german.html)
    assert "muss eine der Sprachen des Fragebogens sein" in page  # the missing source language
    assert "None" not in page and "source language" not in page
    assert "darf nicht kleiner als die kleinste Zahl sein" in page and "min" not in page.split("Fehler")[-1]
    assert "Eine frühere Frage hat denselben Code" in page, "the duplicated question code is reported"
    assert drafts(session) == []

    assert upload(german, "- eine\n- Liste\n").status_code == 422
    assert "Das ist keine Fragebogen-Datei" in text_of(german.html)
    assert upload(german, "code: [offen").status_code == 422
    assert (
        "Die Datei kann nicht gelesen werden: Zeile 1" in text_of(german.html)
        and "YAML" not in text_of(german.html).split("Importieren")[-1]
    )


def test_codes_made_from_titles_keep_umlauts_readable_and_arabic_gets_a_latin_code(editor, session):
    response = editor.post("/questions", {"kind": "yesno", "text": "Würden Sie wiederkommen?", "code": ""})
    assert response.status_code == 302 and response.location.endswith("/questions/wuerden_sie_wiederkommen")
    fields = page_fields(session, "visits", **{"option-text_de": "", "option-text_ar": "كل أسبوع"})
    fields["option-text_de"] = "Jede Woche"
    editor.post("/questions/visits/options", fields, form_page=editor.url + "/questions/visits")
    assert drafts(session)[0].content["questions"][0]["choices"][-1]["code"] == "jede_woche"

    arabic = start_questionnaire(editor.staff, "استبيان")
    arabic.post(
        "/settings",
        {
            "title_de": "Umfrage",
            "title_ar": "استبيان",
            "languages": ["de", "ar"],
            "source_language": "ar",
            "code": "q",
        },
        form_page=arabic.url + "/settings",
    )
    response = arabic.post("/questions", {"kind": "yesno", "text": "هل لديكم أطفال؟", "code": ""})
    assert response.status_code == 302 and response.location.endswith("/questions/hl_ldykm_atfal")


def test_a_question_moves_to_a_position_in_one_step_and_is_duplicated(editor, session):
    for code in ("again", "more"):
        editor.post("/questions", {"kind": "yesno", "text": f"{code}?", "code": code})
    assert editor.post("/questions/more/position", {"position": "1"}).status_code == 302
    assert [q["code"] for q in drafts(session)[0].content["questions"]] == [
        "more",
        "visits",
        "missing",
        "again",
    ]
    response = editor.post("/questions/missing/position", {"position": "1"})  # before the question it needs
    assert response.status_code == 422 and "must name an earlier question with options" in editor.staff.html
    assert editor.post("/questions/more/position", {"position": "eins"}).status_code == 422
    assert [q["code"] for q in drafts(session)[0].content["questions"]][0] == "more"

    response = editor.post("/questions/visits/duplicate", {})
    assert response.status_code == 302 and response.location.endswith("/questions/visits_2")
    questions = drafts(session)[0].content["questions"]
    assert [q["code"] for q in questions] == ["more", "visits", "visits_2", "missing", "again"]
    assert questions[2]["choices"] == questions[1]["choices"] and questions[2]["text"] == questions[1]["text"]
    editor.staff.get(response.location)
    assert "The question is copied." in editor.staff.html


def test_deleting_a_question_or_an_option_asks_first(editor, session):
    editor.post("/questions", {"kind": "yesno", "text": "Kommen Sie wieder?", "code": "again"})
    response = editor.post("/questions/again/delete", {})
    assert response.status_code == 200
    assert "Delete the question “Kommen Sie wieder?”?" in text_of(editor.staff.html)
    assert 'name="confirmed" value="yes"' in editor.staff.html and "Keep it" in editor.staff.html
    assert [q["code"] for q in drafts(session)[0].content["questions"]][-1] == "again", "nothing deleted yet"
    assert editor.post("/questions/again/delete", {"confirmed": "yes"}).status_code == 302
    assert [q["code"] for q in drafts(session)[0].content["questions"]] == ["visits", "missing"]

    # deleting an option from the question page asks first, and keeps what was typed there
    question_page = editor.url + "/questions/visits"
    fields = page_fields(session, "visits", hint_de="Bitte eine Antwort.")
    response = editor.post("/questions/visits/options/often/delete", fields, form_page=question_page)
    assert response.status_code == 200 and "Delete the option “Oft”?" in text_of(editor.staff.html)
    visits = drafts(session)[0].content["questions"][0]
    assert visits["hint"]["de"] == "Bitte eine Antwort." and visits["choices"][0]["code"] == "often"
    response = editor.post(
        "/questions/visits/options/often/delete", {"confirmed": "yes"}, form_page=question_page
    )
    assert response.status_code == 302
    assert [c["code"] for c in drafts(session)[0].content["questions"][0]["choices"]] == [
        "sometimes",
        "never",
    ]


def test_going_to_the_condition_saves_what_was_typed_first(editor, session):
    fields = page_fields(session, "missing", text_ar="ما الذي ينقصكم؟", then="condition")
    response = editor.question("missing", fields)
    assert response.status_code == 302 and response.location.endswith("/questions/missing/condition")
    assert drafts(session)[0].content["questions"][1]["text"]["ar"] == "ما الذي ينقصكم؟"
    editor.staff.get(editor.url + "/questions/missing")
    assert 'name="then" value="condition"' in editor.staff.html
