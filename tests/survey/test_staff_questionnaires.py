"""The Questionnaires section as staff use it, over HTTP without JavaScript: the ready
library, import, a questionnaire built from nothing in German and Arabic, completeness
per language, the preview as families see it, publishing, export and import again."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
import yaml
from sqlalchemy import func, select

from questionnaires import questionnaire_from_dict
from questionnaires.library import library_questionnaire
from survey.models import QuestionnaireDraft, QuestionnaireVersion, Response, UsedSubmission
from tests.survey.staff import Staff, csrf_token

_HIDDEN = re.compile(r'<input type="hidden" name="(progress|screen|csrf_token)" value="([^"]*)">')


@pytest.fixture
def staff(client, make_user) -> Staff:
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # the staff pages in English
    person = Staff(client)
    assert person.login(make_user("staff").email).status_code == 302
    return person


def drafts(session) -> list[QuestionnaireDraft]:
    session.expire_all()
    return list(session.scalars(select(QuestionnaireDraft).order_by(QuestionnaireDraft.id)))


def versions(session) -> list[QuestionnaireVersion]:
    session.expire_all()
    return list(session.scalars(select(QuestionnaireVersion).order_by(QuestionnaireVersion.number)))


def text_of(html: str) -> str:
    """The page's text with tags and repeated white space taken out."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


class Editor:
    """A staff member editing one draft."""

    def __init__(self, staff: Staff, draft_id: int):
        self.staff, self.url = staff, f"/staff/questionnaires/drafts/{draft_id}"

    def page(self):
        return self.staff.get(self.url)

    def post(self, path: str, data: dict, form_page: str | None = None):
        return self.staff.submit(self.url + path, data, form_page=form_page or self.url)

    def question(self, code: str, data: dict):
        return self.post(f"/questions/{code}", data, form_page=f"{self.url}/questions/{code}")


def start_questionnaire(staff: Staff, title: str = "Kita-Wünsche") -> Editor:
    staff.submit(
        "/staff/questionnaires/new",
        {"title": title, "source_language": "de", "languages": ["ar"], "code": "kita_wishes"},
    )
    assert staff.response.status_code == 302, staff.html
    return Editor(staff, int(staff.response.location.split("/drafts/")[1].split("#")[0]))


def build_two_questions(editor: Editor) -> None:
    """A single-choice question with three options, and a free-text question shown only
    after two of them; texts in German and Arabic."""
    editor.post(
        "/settings",
        {
            "title_de": "Kita-Wünsche",
            "title_ar": "رغبات الحضانة",
            "intro_de": "Die Umfrage ist anonym.",
            "intro_ar": "الاستبيان مجهول الهوية.",
            "languages": ["de", "ar"],
            "source_language": "de",
            "code": "kita_wishes",
        },
        form_page=editor.url + "/settings",
    )
    assert editor.staff.response.status_code == 302, editor.staff.html
    response = editor.post(
        "/questions", {"kind": "single", "text": "Wie oft kommen Sie in die Kita?", "code": "visits"}
    )
    assert response.status_code == 302 and response.location.endswith("/questions/visits")
    response = editor.question(
        "visits",
        {
            "text_de": "Wie oft kommen Sie in die Kita?",
            "text_ar": "كم مرة تأتون إلى الحضانة؟",
            "hint_de": "",
            "hint_ar": "",
            "code": "visits",
            "required": "",
        },
    )
    assert response.status_code == 302, editor.staff.html
    options = (("often", "Oft", "غالبًا"), ("sometimes", "Manchmal", "أحيانًا"), ("never", "Nie", "أبدًا"))
    for code, de, ar in options:
        response = editor.post(
            "/questions/visits/options",
            {"option-code": code, "option-text_de": de, "option-text_ar": ar, "option-icon": ""},
            form_page=editor.url + "/questions/visits",
        )
        assert response.status_code == 302, editor.staff.html
    response = editor.post("/questions", {"kind": "text", "text": "Was fehlt Ihnen?", "code": "missing"})
    assert response.status_code == 302
    response = editor.post(
        "/questions/missing/condition",
        {"any_of": ["visits:sometimes", "visits:never"], "save": "Save the condition"},
        form_page=editor.url + "/questions/missing/condition",
    )
    assert response.status_code == 302, editor.staff.html


def complete_in_arabic(editor: Editor) -> None:
    response = editor.question(
        "missing",
        {"text_de": "Was fehlt Ihnen?", "text_ar": "ما الذي ينقصكم؟", "code": "missing", "max_length": ""},
    )
    assert response.status_code == 302, editor.staff.html


class Preview:
    """A staff member walking through the preview as a family would, with the page's
    hidden fields (the signed answers and the CSRF token)."""

    def __init__(self, staff: Staff, url: str):
        self.staff, self.url, self.fields = staff, url, {}

    @property
    def html(self) -> str:
        return self.staff.html

    @property
    def screen(self) -> str:
        return self.fields.get("screen", "")

    def open(self) -> Preview:
        return self._read(self.staff.get(self.url))

    def press(self, nav: str, answer: str | list[str] | None = None) -> Preview:
        data = {**self.fields, "nav": nav}
        if answer is not None:
            data["answer"] = answer
        return self._read(self.staff.client.post(self.url, data=data))

    def _read(self, response) -> Preview:
        self.staff.response = response
        self.fields = {name: unescape(value) for name, value in _HIDDEN.findall(self.html)}
        return self


# -- the library, a new questionnaire, the list ---------------------------------------------


def test_the_library_lists_the_ready_questionnaires_and_use_makes_a_draft(staff, session):
    staff.get("/staff/questionnaires")
    assert staff.response.status_code == 200
    page = text_of(staff.html)
    family_needs = library_questionnaire("family_needs")
    assert "Was braucht Ihre Familie?" in page or family_needs.title.get("de", "de") in page
    assert f"{len(family_needs.questions)} " in page and "10 languages" in page

    response = staff.submit(
        "/staff/questionnaires/library",
        {"questionnaire": "offer_feedback"},
        form_page="/staff/questionnaires",
    )
    assert response.status_code == 302
    [draft] = drafts(session)
    assert draft.content == library_questionnaire("offer_feedback").to_data()
    staff.get(response.location)
    assert "Wie war das Angebot?" in staff.html
    total = len(list(library_questionnaire("offer_feedback").texts()))
    assert f"ar: {total} of {total} texts" in text_of(staff.html)
    assert (
        staff.submit(
            "/staff/questionnaires/library",
            {"questionnaire": "nothing_like_it"},
            form_page="/staff/questionnaires",
        ).status_code
        == 400
    )
    assert len(drafts(session)) == 1


def test_a_questionnaire_is_built_from_nothing_in_german_and_arabic(staff, session):
    editor = start_questionnaire(staff)
    editor.page()
    assert "de: 1 of 1 texts" in text_of(staff.html) and "ar: 0 of 1 texts" in text_of(staff.html)
    assert "Add at least one question." in text_of(staff.html)

    build_two_questions(editor)
    editor.page()
    page = text_of(staff.html)
    assert "de: 7 of 7 texts" in page and "ar: 6 of 7 texts" in page
    assert "Only after the answer “Manchmal”, “Nie” to “Wie oft kommen Sie in die Kita?”" in page
    assert "Families will not be offered these languages" in page
    assert f'href="{editor.url}/questions/missing#text_ar"' in staff.html, "a link to where it is missing"

    complete_in_arabic(editor)
    editor.page()
    assert "ar: 7 of 7 texts" in text_of(staff.html)
    assert "Families will not be offered" not in text_of(staff.html)

    [draft] = drafts(session)
    questionnaire = questionnaire_from_dict(draft.content)
    assert questionnaire.complete_languages == ("de", "ar")
    assert [c.code for c in questionnaire.question("visits").choices] == ["often", "sometimes", "never"]
    condition = questionnaire.question("missing").show_if
    assert (condition.question, condition.any_of) == ("visits", ("sometimes", "never"))


def test_texts_are_edited_side_by_side_with_language_and_direction(staff):
    editor = start_questionnaire(staff)
    build_two_questions(editor)
    staff.get(editor.url + "/questions/visits")
    assert re.search(r'<textarea[^>]*id="text_ar"[^>]*lang="ar"', staff.html) or re.search(
        r'<textarea[^>]*lang="ar"[^>]*id="text_ar"', staff.html
    )
    field = re.search(r'<textarea[^>]*id="text_ar"[^>]*>', staff.html).group(0)
    assert 'dir="rtl"' in field and 'lang="ar"' in field
    field = re.search(r'<textarea[^>]*id="text_de"[^>]*>', staff.html).group(0)
    assert 'dir="ltr"' in field and 'lang="de"' in field
    assert '<label for="text_ar" dir="rtl" lang="ar">' in staff.html or 'for="text_ar"' in staff.html
    assert "كم مرة تأتون إلى الحضانة؟" in staff.html
    staff.get(editor.url + "/settings")
    assert re.search(r'<input[^>]*id="title_ar"[^>]*>', staff.html).group(0).count('dir="rtl"') == 1


def test_a_bad_edit_is_shown_next_to_its_field_with_what_was_typed_and_changes_nothing(staff, session):
    editor = start_questionnaire(staff)
    build_two_questions(editor)
    before = drafts(session)[0].content
    response = editor.question("visits", {"text_de": "Neu?", "text_ar": "جديد؟", "code": "Visits Now!"})
    assert response.status_code == 422
    assert 'id="code-error"' in staff.html and "A code may only hold lower-case letters a–z" in staff.html
    assert 'aria-describedby="code-hint code-error"' in staff.html
    assert 'value="Visits Now!"' in staff.html and "Neu?</textarea>" in staff.html
    assert drafts(session)[0].content == before

    editor.post("/questions", {"kind": "number", "text": "Wie viele Kinder?", "code": "children"})
    before = drafts(session)[0].content
    response = editor.question(
        "children", {"text_de": "Wie viele Kinder?", "code": "children", "min": "5", "max": "2"}
    )
    assert response.status_code == 422
    assert 'id="max-error"' in staff.html and "must not be smaller than the smallest number." in staff.html
    assert drafts(session)[0].content == before
    response = editor.question(
        "children", {"text_de": "Wie viele Kinder?", "code": "children", "min": "eins"}
    )
    assert response.status_code == 422 and 'id="min-error"' in staff.html
    assert drafts(session)[0].content == before


def test_questions_and_options_move_and_are_deleted_with_small_forms(staff, session):
    editor = start_questionnaire(staff)
    build_two_questions(editor)
    editor.post("/questions", {"kind": "yesno", "text": "Kommen Sie wieder?", "code": "again"})
    editor.post("/questions/again/move", {"direction": "up"})
    assert [q["code"] for q in drafts(session)[0].content["questions"]] == ["visits", "again", "missing"]

    response = editor.post("/questions/missing/move", {"direction": "up"})
    response = editor.post("/questions/missing/move", {"direction": "up"})  # above the question it needs
    assert response.status_code == 422 and "must name an earlier question with options" in staff.html
    response = editor.post("/questions/visits/delete", {"confirmed": "yes"})
    assert (
        response.status_code == 422
        and "is shown only after an answer to “Wie oft kommen Sie in die Kita?”" in staff.html
    )
    question_page = editor.url + "/questions/visits"
    response = editor.post(
        "/questions/visits/options/never/delete", {"confirmed": "yes"}, form_page=question_page
    )
    assert response.status_code == 422 and "change that condition first" in staff.html
    assert [q["code"] for q in drafts(session)[0].content["questions"]] == ["visits", "missing", "again"]

    editor.post("/questions/visits/options/never/move", {"direction": "up"}, form_page=question_page)
    assert [c["code"] for c in drafts(session)[0].content["questions"][0]["choices"]] == [
        "often",
        "never",
        "sometimes",
    ]
    editor.post(
        "/questions/missing/condition",
        {"always": "Show always"},
        form_page=editor.url + "/questions/missing/condition",
    )
    editor.post("/questions/visits/options/never/delete", {"confirmed": "yes"}, form_page=question_page)
    editor.post("/questions/again/delete", {"confirmed": "yes"})
    content = drafts(session)[0].content
    assert [q["code"] for q in content["questions"]] == ["visits", "missing"]
    assert [c["code"] for c in content["questions"][0]["choices"]] == ["often", "sometimes"]
    assert "show_if" not in content["questions"][1]


def test_every_type_of_question_can_be_added_with_its_own_settings(staff, session):
    editor = start_questionnaire(staff)
    editor.staff.get(editor.url)
    kinds = re.findall(r'<option value="([a-z]+)"', staff.html.split('id="kind"')[1].split("</select>")[0])
    assert kinds == ["single", "multiple", "scale", "list", "yesno", "number", "text", "info"]
    for kind in kinds:
        response = editor.post("/questions", {"kind": kind, "text": f"Frage {kind}", "code": f"q_{kind}"})
        assert response.status_code == 302, (kind, staff.html)
        assert staff.get(response.location).status_code == 200
    editor.question("q_multiple", {"text_de": "Frage", "code": "q_multiple", "max_choices": "2"})
    editor.question("q_text", {"text_de": "Frage", "code": "q_text", "max_length": "120", "required": "y"})
    editor.post(
        "/questions/q_scale/type", {"type-kind": "single"}, form_page=editor.url + "/questions/q_scale"
    )
    content = {q["code"]: q for q in drafts(session)[0].content["questions"]}
    assert content["q_multiple"]["max_choices"] == 2
    assert content["q_text"]["max_length"] == 120 and content["q_text"]["required"] is True
    assert content["q_list"]["choices_from"] == "district_regions"
    assert content["q_scale"]["type"] == "single"
    editor.page()
    page = text_of(staff.html)
    assert "Question “q_single” needs at least 2 options." in page
    assert "Question “q_scale” needs at least 2 options." in page


def test_languages_are_added_and_removed_among_the_apps_languages(staff, session):
    editor = start_questionnaire(staff)
    build_two_questions(editor)
    staff.get(editor.url + "/settings")
    offered = re.findall(r'name="languages"[^>]*value="([a-z]+)"', staff.html)
    assert offered == ["de", "tr", "ar", "uk", "ru", "fa", "en", "bg", "ro", "vi"]
    editor.post(
        "/settings",
        {
            "title_de": "Kita-Wünsche",
            "intro_de": "Die Umfrage ist anonym.",
            "languages": ["de", "tr"],
            "source_language": "de",
            "code": "kita_wishes",
        },
        form_page=editor.url + "/settings",
    )
    content = drafts(session)[0].content
    assert content["languages"] == ["de", "tr"] and "ar" not in content["title"]
    assert "ar" not in content["questions"][0]["choices"][0]["text"]
    editor.page()
    assert "tr: 0 of 7 texts" in text_of(staff.html)
    response = editor.post(
        "/settings",
        {"title_de": "X", "languages": ["tr"], "source_language": "de", "code": "kita_wishes"},
        form_page=editor.url + "/settings",
    )
    assert response.status_code == 422 and 'id="source_language-error"' in staff.html
    assert drafts(session)[0].content == content


def test_missing_texts_of_a_language_are_filled_in_on_one_page(staff, session):
    editor = start_questionnaire(staff)
    build_two_questions(editor)
    staff.get(editor.url + "/translate/ar")
    assert "Was fehlt Ihnen?" in staff.html and 'lang="ar"' in staff.html
    editor.post("/translate/ar", {"missing_0": "ما الذي ينقصكم؟"}, form_page=editor.url + "/translate/ar")
    assert questionnaire_from_dict(drafts(session)[0].content).is_complete_in("ar")


# -- preview ----------------------------------------------------------------------------------


def test_the_preview_in_arabic_is_the_familys_page_right_to_left_and_stores_nothing(app, staff, session):
    editor = start_questionnaire(staff)
    build_two_questions(editor)
    complete_in_arabic(editor)
    before = drafts(session)[0].content
    preview = Preview(staff, editor.url + "/preview/ar").open()
    assert staff.response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in preview.html
    assert "رغبات الحضانة" in preview.html and "Preview – nothing is saved" in preview.html
    assert preview.screen == "start"

    preview.press("next")
    assert preview.screen == "visits" and "كم مرة تأتون إلى الحضانة؟" in preview.html
    assert 'dir="rtl"' in preview.html
    preview.press("next", "never")
    assert preview.screen == "missing", "shown after “never”"
    assert "ما الذي ينقصكم؟" in preview.html
    preview.press("back")
    assert preview.screen == "visits" and 'value="never" checked' in preview.html, "the answer is kept"
    preview.press("next", "often")
    assert preview.screen == "review", "not shown after “often”"
    with app.test_request_context():
        from flask_babel import force_locale, gettext

        with force_locale("ar"):
            check_your_answers = gettext("Check your answers")
    assert check_your_answers in preview.html and "غالبًا" in preview.html
    assert "Preview – nothing is saved" in preview.html

    preview.press("stay")  # another language keeps the answers: here German
    german = Preview(staff, editor.url + "/preview/de")
    german.fields = preview.fields
    german.press("stay")
    assert '<html lang="de" dir="ltr">' in german.html and "Oft" in german.html

    preview.press("submit")
    assert staff.response.status_code == 200 and "Preview – nothing is saved" in preview.html
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Response)) == 0
    assert session.scalar(select(func.count()).select_from(UsedSubmission)) == 0
    assert drafts(session)[0].content == before and versions(session) == []


def test_a_preview_refuses_forms_that_are_not_its_own(staff, make_wave):
    editor = start_questionnaire(staff)
    build_two_questions(editor)
    preview = Preview(staff, editor.url + "/preview/de").open()
    preview.fields["progress"] = "forged"
    assert preview.press("next").staff.response.status_code == 400
    assert staff.get(editor.url + "/preview/en").status_code == 404, "not a language of the draft"


# -- publishing -------------------------------------------------------------------------------


def test_publishing_makes_numbered_versions_and_the_same_content_the_same_version(staff, session):
    editor = start_questionnaire(staff)
    build_two_questions(editor)
    response = editor.post("/publish", {})
    assert response.status_code == 302
    [first] = versions(session)
    assert (first.number, first.code, first.district_id) == (1, "kita_wishes", drafts(session)[0].district_id)
    assert drafts(session)[0].published_version_id == first.id
    staff.get(response.location)
    assert "Published as version 1." in staff.html
    assert re.search(r'<th scope="row" class="number">1</th>', staff.html)
    assert "Families will not be offered these languages" in text_of(staff.html), "Arabic is not complete"

    editor.post("/publish", {})
    assert [v.number for v in versions(session)] == [1]
    staff.get(staff.response.location)
    assert "Nothing has changed since version 1" in staff.html

    complete_in_arabic(editor)
    editor.post("/publish", {})
    assert [v.number for v in versions(session)] == [1, 2]
    assert questionnaire_from_dict(versions(session)[1].content).is_complete_in("ar")
    assert questionnaire_from_dict(versions(session)[0].content).content_hash() == first.content_hash


def test_publishing_is_refused_while_the_source_language_is_incomplete(staff, session):
    editor = start_questionnaire(staff)
    editor.post("/questions", {"kind": "single", "text": "", "code": "visits"})
    response = editor.post("/publish", {})
    assert response.status_code == 422
    page = text_of(staff.html)
    assert "It cannot be published yet" in page
    assert "Question “visits” needs at least 2 options." in page
    assert "Question “visits” · Question text is missing in Deutsch (de)." in page
    assert versions(session) == []


# -- export and import --------------------------------------------------------------------------


def upload(staff: Staff, text: str | bytes, name: str = "questionnaire.yaml"):
    content = text.encode("utf-8") if isinstance(text, str) else text
    token = csrf_token(staff.get("/staff/questionnaires/import").get_data(as_text=True))
    staff.response = staff.client.post(
        "/staff/questionnaires/import",
        content_type="multipart/form-data",
        data={"csrf_token": token, "file": (io.BytesIO(content), name)},
    )
    return staff.response


def test_an_exported_draft_is_imported_again_as_the_identical_questionnaire(staff, session):
    editor = start_questionnaire(staff)
    build_two_questions(editor)
    complete_in_arabic(editor)
    exported = staff.get(editor.url + "/export")
    assert exported.status_code == 200 and exported.mimetype == "application/yaml"
    assert 'filename="kita_wishes.yaml"' in exported.headers["Content-Disposition"]
    original = questionnaire_from_dict(drafts(session)[0].content)

    response = upload(staff, exported.get_data(as_text=True))
    assert response.status_code == 302, staff.html
    imported = drafts(session)[1]
    assert questionnaire_from_dict(imported.content).content_hash() == original.content_hash()
    staff.get(response.location)
    assert "The file is imported as a new draft" in staff.html


def test_a_published_version_is_exported_and_imported_again_identically(staff, session):
    editor = start_questionnaire(staff)
    build_two_questions(editor)
    editor.post("/publish", {})
    [version] = versions(session)
    exported = staff.get(f"/staff/questionnaires/versions/{version.id}/export")
    assert exported.status_code == 200 and "version 1" in exported.get_data(as_text=True).splitlines()[0]
    assert upload(staff, exported.get_data()).status_code == 302
    assert questionnaire_from_dict(drafts(session)[1].content).content_hash() == version.content_hash
    staff.get("/staff/questionnaires")
    assert f"/staff/questionnaires/versions/{version.id}/export" in staff.html


def test_a_broken_file_names_every_problem_by_question_field_and_language(staff, session):
    data = library_questionnaire("offer_feedback").to_data()
    first, second = data["questions"][0], data["questions"][1]
    del first["text"]["de"]  # missing in the source language
    first["choices"][0]["text"]["xx"] = "?"  # a language the questionnaire does not list
    second["type"] = "numbre"
    data["questions"][2]["code"] = "Bad Code"
    response = upload(staff, yaml.safe_dump(data, allow_unicode=True))
    assert response.status_code == 422
    html = staff.html
    assert "The file has 4 problems. Nothing was imported." in text_of(html)
    sections = dict(re.findall(r"<h3>([^<]+)</h3>\s*<ul class=\"problem-list\">(.*?)</ul>", html, re.S))
    usefulness = text_of(sections["Question “usefulness”"])
    assert (
        "Question text · Deutsch de : is missing in the language the questionnaire is written in."
        in usefulness
    )
    assert "Option “very_helpful”" in usefulness and "xx" in usefulness
    assert "is in a language the questionnaire does not list" in usefulness
    assert "There is no type of question “numbre”." in text_of(sections["Question “times_attended”"])
    assert "A code may only hold lower-case letters a–z" in text_of(sections["Question 3"])
    assert drafts(session) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"code: [unclosed", "The file cannot be read: line 1, near character"),
        (b"x: &a [1]\ny: *a\n", "The file uses references (*name)"),
        (b"- just\n- a list\n", "This is not a questionnaire file: it must start with entries such as code"),
        (b"code: a\ncode: b\n", "“code” is written twice in one place (line 2)"),
        (b"\xff\xfe not text", "The file is not UTF-8 text."),
        (b"#" * (200 * 1024 + 1), "The file is larger than 200 KB."),
    ],
)
def test_files_that_are_not_questionnaires_are_refused(staff, session, content, message):
    assert upload(staff, content).status_code == 422
    assert message in unescape(staff.html)
    assert drafts(session) == []


# -- who may do what ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "district_admin", "admin"])
def test_every_role_with_a_district_edits_its_questionnaires(client, session, make_user, role):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    person = Staff(client)
    person.login(make_user(role).email)
    if role == "admin":
        from survey.models import District

        neukoelln = session.scalar(select(District).filter_by(code="08"))
        person.submit("/staff/district", {"district": neukoelln.id})
    editor = start_questionnaire(person)
    build_two_questions(editor)
    assert editor.post("/publish", {}).status_code == 302
    assert [v.district_id for v in versions(session)] == [drafts(session)[0].district_id]


def test_another_districts_staff_do_not_find_the_draft(client, session, make_user):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    owner = Staff(client)
    owner.login(make_user("staff").email)
    editor = start_questionnaire(owner)
    build_two_questions(editor)
    editor.post("/publish", {})
    [version] = versions(session)
    owner.logout()

    outsider = Staff(client)
    outsider.login(make_user("staff", district="01").email)
    token = csrf_token(outsider.get("/staff/questionnaires").get_data(as_text=True))
    assert "Kita-Wünsche" not in outsider.html
    for url in (
        editor.url,
        editor.url + "/questions/visits",
        editor.url + "/questions/visits/options/never",
        editor.url + "/preview/ar",
        editor.url + "/export",
        editor.url + "/translate/ar",
        f"/staff/questionnaires/versions/{version.id}/export",
    ):
        assert outsider.get(url).status_code == 404, url
    for url in (
        editor.url + "/publish",
        editor.url + "/delete",
        editor.url + "/questions/visits/delete",
        f"/staff/questionnaires/versions/{version.id}/draft",
    ):
        assert client.post(url, data={"csrf_token": token}).status_code == 404, url
    assert len(drafts(session)) == 1 and len(versions(session)) == 1


def test_a_draft_is_deleted_and_its_versions_stay(staff, session):
    editor = start_questionnaire(staff)
    build_two_questions(editor)
    editor.post("/publish", {})
    [version] = versions(session)
    response = editor.post("/delete", {"confirmed": "yes"})
    assert response.status_code == 302 and drafts(session) == []
    assert versions(session) == [version]
    response = staff.submit(
        f"/staff/questionnaires/versions/{version.id}/draft", {}, form_page="/staff/questionnaires"
    )
    assert response.status_code == 302
    assert questionnaire_from_dict(drafts(session)[0].content).content_hash() == version.content_hash


# -- what a question means for reports -------------------------------------------------------


def test_a_questions_meaning_for_reports_is_set_without_javascript_and_kept_in_the_file(staff, session):
    editor = start_questionnaire(staff)
    build_two_questions(editor)
    staff.get(editor.url + "/questions/visits")
    select = staff.html.split('id="report-role"')[1].split("</select>")[0]
    roles = re.findall(r'<option[^>]*value="([a-z_]*)"', select)
    assert roles[0] == "" and "household" in roles and "needs" in roles
    assert "home_region" in roles and "wellbeing" in roles  # a single-choice question may be either
    assert 'name="report-breakdown"' in staff.html

    response = editor.post(
        "/questions/visits/report",
        {"report-role": "needs", "report-breakdown": "y"},
        form_page=editor.url + "/questions/visits",
    )
    assert response.status_code == 302, staff.html
    assert drafts(session)[0].content["questions"][0]["report"] == {"role": "needs", "breakdown": True}

    # a need's field of action, now that the question ranks needs
    staff.get(editor.url + "/questions/visits")
    assert 'name="option-field"' in staff.html
    response = editor.post(
        "/questions/visits/options/never",
        {"text_de": "Nie", "text_ar": "أبدًا", "icon": "", "field": "participation"},
        form_page=editor.url + "/questions/visits/options/never",
    )
    assert response.status_code == 302, staff.html
    [never] = [c for c in drafts(session)[0].content["questions"][0]["choices"] if c["code"] == "never"]
    assert never["field"] == "participation"

    # a free-text question shown after a condition offers neither a role nor a breakdown
    staff.get(editor.url + "/questions/missing")
    assert 'name="report-role"' not in staff.html and 'name="report-breakdown"' not in staff.html
    response = editor.post(
        "/questions/missing/report",
        {"report-role": "needs", "report-breakdown": "y"},
        form_page=editor.url + "/questions/missing",
    )
    assert response.status_code == 422
    assert (
        "“What families need (ranked)” needs a question of the type “Several answers” or “One answer”."
        in text_of(staff.html)
    )
    assert "report" not in drafts(session)[0].content["questions"][1]

    # the file keeps it, and importing it gives the same questionnaire
    exported = staff.get(editor.url + "/export").get_data(as_text=True)
    assert yaml.safe_load(exported)["questions"][0]["report"] == {"role": "needs", "breakdown": True}
    assert upload(staff, exported).status_code == 302
    assert drafts(session)[1].content["questions"][0]["report"] == {"role": "needs", "breakdown": True}

    # another type keeps what still fits: a number has no role and breaks nothing down
    editor.post(
        "/questions/visits/type", {"type-kind": "multiple"}, form_page=editor.url + "/questions/visits"
    )
    assert drafts(session)[0].content["questions"][0]["report"] == {"role": "needs", "breakdown": True}


def test_a_role_given_twice_is_refused_next_to_the_field(staff, session):
    editor = start_questionnaire(staff)
    build_two_questions(editor)
    editor.post("/questions", {"kind": "yesno", "text": "Alleinerziehend?", "code": "single_parent"})
    assert (
        editor.post(
            "/questions/single_parent/report",
            {"report-role": "household"},
            form_page=editor.url + "/questions/single_parent",
        ).status_code
        == 302
    )
    response = editor.post(
        "/questions/visits/report", {"report-role": "household"}, form_page=editor.url + "/questions/visits"
    )
    assert response.status_code == 422
    assert (
        "Question “Alleinerziehend?” · Meaning for the needs report: “Who looks after the children "
        "(single parents)” is already given to the question “Wie oft kommen Sie in die Kita?”."
    ) in text_of(staff.html)
    assert "report" not in drafts(session)[0].content["questions"][0]
    # taking the role away frees it
    editor.post(
        "/questions/single_parent/report",
        {"report-role": ""},
        form_page=editor.url + "/questions/single_parent",
    )
    assert "report" not in drafts(session)[0].content["questions"][2]
