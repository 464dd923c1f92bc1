"""XLSForm on the staff pages and the command line: a form from ODK or KoboToolbox becomes
a draft with its import report, publishes, is answered by a family, and goes out again as
an XLSForm that pyxform converts and that imports to the identical questionnaire."""

from __future__ import annotations

import gc
import io
import re
from html import unescape
from pathlib import Path

import openpyxl
import pytest
from pyxform.xls2xform import convert
from sqlalchemy import func, select

from questionnaires import questionnaire_from_dict
from survey.models import Answer, QuestionnaireDraft, QuestionnaireVersion, Response
from survey.services.questionnaires import questionnaire_of
from tests.survey.family import Family
from tests.survey.staff import Staff, csrf_token

SURVEY = [
    ["type", "name", "label::Deutsch (de)", "label::العربية", "hint::Deutsch (de)", "required", "relevant"],
    ["start", "start"],
    ["begin group", "family", "Ihre Familie", "عائلتك"],
    ["select_one yesno", "kids", "Leben Kinder bei Ihnen?", "هل يعيش أطفال معك؟", "", "yes"],
    ["begin repeat", "child", "Jedes Kind", "كل طفل"],
    ["integer", "age", "Alter", "العمر"],
    ["end repeat"],
    [
        "select_multiple needs",
        "needs",
        "Was ist gerade schwer?",
        "ما الصعب الآن؟",
        "Mehrere Antworten",
        "",
        "${kids} = 'yes'",
    ],
    ["end group"],
    ["text", "wish", "Was wünschen Sie sich?", "ماذا تتمنى؟"],
]
CHOICES = [
    ["list_name", "name", "label::Deutsch (de)", "label::العربية"],
    ["yesno", "yes", "Ja", "نعم"],
    ["yesno", "no", "Nein", "لا"],
    ["needs", "money", "Geld", "المال"],
    ["needs", "flat", "Wohnung", "السكن"],
    ["needs", "kita", "Kita-Platz", "مكان في الحضانة"],
]
SETTINGS = [["form_title", "form_id", "default_language"], ["Familien fragen", "familien", "Deutsch (de)"]]


def xlsx(survey=SURVEY, choices=CHOICES, settings=SETTINGS) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "survey"
    for row in survey:
        book.active.append(row)
    for name, rows in (("choices", choices), ("settings", settings)):
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def staff(client, make_user) -> Staff:
    person = Staff(client)
    assert person.login(make_user("staff").email).status_code == 302
    return person


def upload(staff: Staff, content: bytes, name: str = "form.xlsx"):
    token = csrf_token(staff.get("/staff/questionnaires/import").get_data(as_text=True))
    staff.response = staff.client.post(
        "/staff/questionnaires/import",
        content_type="multipart/form-data",
        data={"csrf_token": token, "file": (io.BytesIO(content), name)},
    )
    return staff.response


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def drafts(session) -> list[QuestionnaireDraft]:
    session.expire_all()
    return list(session.scalars(select(QuestionnaireDraft).order_by(QuestionnaireDraft.id)))


def report_rows(html: str) -> list[list[str]]:
    body = re.search(r'<table class="wide xlsform-notes">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [
        [text_of(cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_an_xlsform_becomes_a_draft_is_published_answered_and_exported_again(
    staff, session, make_wave, client, tmp_path: Path
):
    response = upload(staff, xlsx())
    assert response.status_code == 200, staff.html
    page = text_of(staff.html)
    assert (
        "The file form.xlsx is imported as a new draft: 4 questions in Deutsch (de), العربية (ar)." in page
    ), page
    rows = report_rows(staff.html)
    assert rows[[r[1] for r in rows].index("5")][:4] == ["survey", "5", "type", "left out"]
    repeat = next(r for r in rows if r[1] == "5")
    assert "The repeat “child” (rows 5–7, questions in it: 1) is left out" in repeat[4]
    assert next(r for r in rows if r[1] == "2")[:4] == ["survey", "2", "type", "left out"]
    assert any(r[1] == "3" and r[3] == "kept as an information screen" for r in rows)

    [draft] = drafts(session)
    assert [q["code"] for q in draft.content["questions"]] == ["family", "kids", "needs", "wish"]
    link = re.search(r'href="(/staff/questionnaires/drafts/\d+)"', staff.html).group(1)
    editor = text_of(staff.get(link).get_data(as_text=True))
    assert "Only after the answer “Ja” to “Leben Kinder bei Ihnen?”" in editor
    assert "Was ist gerade schwer?" in editor
    question = staff.get(f"{link}/questions/needs").get_data(as_text=True)
    assert "ما الصعب الآن؟" in question and "Was ist gerade schwer?" in question

    # XLSForm has one title (and this form a hint in German only): Arabic is completed here
    translate = staff.get(f"{link}/translate/ar").get_data(as_text=True)
    missing = re.findall(r'name="(missing_\d+)"', translate)
    assert len(missing) == 2
    filled = dict.fromkeys(missing, "نص بالعربية")
    assert staff.submit(f"{link}/translate/ar", filled).status_code == 302

    assert staff.submit(f"{link}/publish", {}, form_page=link).status_code == 302
    session.expire_all()
    [version] = session.scalars(select(QuestionnaireVersion)).all()
    assert version.code == "familien"

    wave = make_wave(questionnaire_of(version))
    family = Family(client, wave.locations[0].code, "ar").start()
    assert family.screen == "family" and "عائلتك" in family.html
    family.press("next")
    assert family.screen == "kids"
    family.answer("yes")
    assert family.screen == "needs" and "ما الصعب الآن؟" in family.html
    family.answer(["money", "kita"])
    family.answer("أريد حديقة")
    family.submit()
    assert family.status == 200
    session.expire_all()
    stored = session.scalar(select(Response))
    assert stored.language == "ar"
    assert sorted((a.question, a.choice) for a in session.scalars(select(Answer)) if a.choice) == [
        ("kids", "yes"),
        ("needs", "kita"),
        ("needs", "money"),
    ]

    exported = staff.get(f"{link}/export.xlsx")
    assert exported.status_code == 200
    assert exported.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="familien.xlsx"' in exported.headers["Content-Disposition"]
    path = tmp_path / "familien.xlsx"
    path.write_bytes(exported.get_data())
    xform = convert(xlsform=str(path), validate=False).xform
    assert "ما الصعب الآن؟" in xform and "selected( /data/kids , 'yes')" in xform

    assert upload(staff, exported.get_data(), "familien.xlsx").status_code == 302, "no notes: to the draft"
    again = drafts(session)[1]
    assert questionnaire_from_dict(again.content).content_hash() == version.content_hash

    version_export = staff.get(f"/staff/questionnaires/versions/{version.id}/export.xlsx")
    assert version_export.status_code == 200
    assert upload(staff, version_export.get_data()).status_code == 302
    assert questionnaire_from_dict(drafts(session)[2].content).content_hash() == version.content_hash
    staff.get("/staff/questionnaires")
    assert f"/staff/questionnaires/versions/{version.id}/export.xlsx" in staff.html


def test_the_import_report_is_in_german_for_german_staff(client, make_user, session):
    person = Staff(client, language="de")
    person.login(make_user("staff").email)
    assert upload(person, xlsx()).status_code == 200
    rows = report_rows(person.html)
    repeat = next(r for r in rows if r[1] == "5")
    assert repeat[3] == "weggelassen"
    assert "Die Wiederholung „child“ (Zeilen 5–7, Fragen darin: 1) ist weggelassen" in repeat[4]


def test_a_form_that_cannot_become_a_questionnaire_is_refused_in_the_staff_language(
    client, make_user, session
):
    person = Staff(client, language="de")
    person.login(make_user("staff").email)
    form = xlsx(survey=[["type", "name", "label"], ["calculate", "sum", ""], ["geopoint", "where", "Wo?"]])
    assert upload(person, form).status_code == 422
    page = text_of(person.html)
    assert "Aus dem XLSForm kann kein Fragebogen werden. Nichts wurde importiert." in page
    rows = report_rows(person.html)
    assert rows[0][:4] == ["survey", "2", "type", "weggelassen"]
    assert rows[-1][3] == "abgelehnt"
    assert drafts(session) == []


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"PK\x03\x04 not really a workbook", "form.xlsx", "The workbook cannot be read"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000, "form.xls", "The workbook cannot be read"),
    ],
)
def test_broken_and_oversized_workbooks_are_refused_without_an_error_page(
    staff, session, content, name, message
):
    assert upload(staff, content, name).status_code == 422
    assert message in unescape(staff.html)
    assert drafts(session) == []


@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_workbook_over_1_mb_is_refused(staff, session):
    content = b"type,name,label\n" + b"x" * (1000 * 1024)
    assert upload(staff, content, "form.csv").status_code == 422
    assert "The file is larger than 1 MB." in unescape(staff.html)
    assert drafts(session) == []
    staff.response = None
    gc.collect()  # the test client's spooled upload body is a temporary file it leaves open


def test_an_xls_name_on_xlsx_content_and_a_csv_form_are_imported(staff, session):
    assert upload(staff, xlsx(), "form.xls").status_code == 200
    csv = "type,name,label::English (en)\ntext,wish,What do you wish for?\n"
    assert upload(staff, csv.encode(), "form.csv").status_code == 200
    assert [d.content["questions"][-1]["code"] for d in drafts(session)] == ["wish", "wish"]


def test_the_command_imports_a_form_as_a_draft_and_lists_its_notes(app, session, tmp_path: Path):
    path = tmp_path / "form.xlsx"
    path.write_bytes(xlsx())
    out = tmp_path / "form.yaml"
    result = app.test_cli_runner().invoke(
        args=["import-xlsform", str(path), "--district", "08", "--yaml", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "sheet survey, row 5, column type: The repeat “child”" in result.output
    assert "familien: 4 questions in de, ar" in result.output
    [draft] = drafts(session)
    assert draft.content["code"] == "familien"
    assert questionnaire_from_dict(draft.content) == questionnaire_from_dict(
        __import__("yaml").safe_load(out.read_text(encoding="utf-8"))
    )
    assert session.scalar(select(func.count()).select_from(QuestionnaireDraft)) == 1


def test_the_command_refuses_a_form_with_its_reasons(app, session, tmp_path: Path):
    path = tmp_path / "form.csv"
    path.write_text("type,name,label\ncalculate,sum,\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import-xlsform", str(path), "--district", "08"])
    assert result.exit_code != 0
    assert "row 2, column type" in result.output and "cannot become a questionnaire" in result.output
    assert drafts(session) == []


def test_every_kind_of_note_has_the_same_text_on_the_staff_pages(app):
    from flask_babel import force_locale

    from questionnaires.xlsform import MESSAGES
    from survey.staff.xlsform_report import MESSAGES as STAFF_MESSAGES

    with app.test_request_context(), force_locale("en"):
        assert {kind: str(message) for kind, message in STAFF_MESSAGES.items()} == MESSAGES
    with app.test_request_context(), force_locale("de"):
        german = {kind: str(message) for kind, message in STAFF_MESSAGES.items()}
    assert all(german[kind] != MESSAGES[kind] for kind in MESSAGES if kind != "invalid")
