"""XLSForm as forms are made in the wild: every mapping, every quirk, several languages and
scripts. Each form is made up here and written with openpyxl (or xlwt, or as CSV) at test
time; exports are converted with pyxform, the reference implementation."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyxform.xls2xform import convert

from questionnaires import questionnaire_from_dict
from questionnaires.editing import check
from questionnaires.library import library_codes, library_questionnaire
from questionnaires.xlsform import (
    MESSAGES,
    XLSFormError,
    is_xlsform,
    language_column,
    read_xlsform,
    recognise_language,
    to_xlsform,
)

YES_NO = [["yn", "yes", "Yes"], ["yn", "no", "No"]]


def workbook(
    survey: list[list], choices: list[list] | None = None, settings: list[list] | None = None
) -> bytes:
    """An .xlsx with these sheets (a settings sheet with a form_title unless given)."""
    settings = [["form_title"], ["Form"]] if settings is None else settings
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    for name, rows in (("choices", choices), ("settings", settings)):
        if rows:
            extra = book.create_sheet(name)
            for row in rows:
                extra.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def simple(*rows: list, header: list | None = None, choices: list[list] | None = None, settings=None):
    """A form in English with the header type, name, label and the given rows."""
    head = header or ["type", "name", "label::English (en)", "required", "relevant", "constraint", "hint"]
    choice_rows = [
        ["list_name", "name", "label::English (en)"],
        *(choices if choices is not None else YES_NO),
    ]
    return read_xlsform(workbook([head, *rows], choice_rows, settings), name="form.xlsx")


def question(result, code: str) -> dict:
    return next(q for q in result.data["questions"] if q["code"] == code)


def kinds(result) -> list[str]:
    return [note.kind for note in result.notes]


def converts(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "form.xlsx"
    path.write_bytes(content)
    return convert(xlsform=str(path), validate=False).xform


# -- question types --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("select_one yn", "single"),
        ("select one yn", "single"),
        ("select_one   yn", "single"),
        ("select_oneyn", "single"),
        ("select1 yn", "single"),
        ("select_multiple yn", "multiple"),
        ("select multiple yn", "multiple"),
        ("select_multipleyn", "multiple"),
        ("select all that apply yn", "multiple"),
    ],
)
def test_select_questions_with_every_spelling_of_the_type(written, kind):
    result = simple([written, "q", "Question?"])
    asked = question(result, "q")
    assert asked["type"] == kind
    assert [(c["code"], c["text"]) for c in asked["choices"]] == [
        ("yes", {"en": "Yes"}),
        ("no", {"en": "No"}),
    ]


def test_kobotoolbox_names_the_list_in_a_column_of_its_own():
    result = simple(
        ["select_one", "kids", "Children?", "yn"],
        ["select_multiple", "both", "Both?", "yn"],
        header=["type", "name", "label::English (en)", "select_from_list_name"],
    )
    assert [c["code"] for c in question(result, "kids")["choices"]] == ["yes", "no"]
    assert question(result, "both")["type"] == "multiple"


def test_numbers_texts_and_notes_map_to_their_types():
    result = simple(
        ["integer", "children", "How many children?", "", "", "", "Count all"],
        ["decimal", "rent", "Rent per month"],
        ["text", "wish", "What do you wish for?"],
        ["note", "welcome", "Welcome!"],
        ["range", "mood", "Mood", "", "", "", ""],
    )
    assert [(q["code"], q["type"]) for q in result.data["questions"]] == [
        ("children", "number"),
        ("rent", "number"),
        ("wish", "text"),
        ("welcome", "info"),
        ("mood", "number"),
    ]
    assert question(result, "children")["hint"] == {"en": "Count all"}
    assert question(result, "mood")["min"] == 0 and question(result, "mood")["max"] == 10
    assert question(result, "rent")["decimals"] == 2  # XLSForm does not say: as many as Mitsprache takes
    assert "decimals" not in question(result, "children")
    assert "decimal" not in kinds(result)
    assert "range" in kinds(result)


def test_groups_are_flattened_and_their_labels_kept_as_information_screens():
    result = simple(
        ["begin group", "household", "About your household"],
        ["integer", "adults", "Adults"],
        ["begin_group", "inner", ""],
        ["integer", "kids", "Children"],
        ["end_group"],
        ["end group"],
        ["end group"],
    )
    assert [(q["code"], q["type"]) for q in result.data["questions"]] == [
        ("household", "info"),
        ("adults", "number"),
        ("kids", "number"),
    ]
    assert question(result, "household")["text"] == {"en": "About your household"}
    notes = {(n.kind, n.row, n.action) for n in result.notes}
    assert ("group_label", 2, "info_text") in notes
    assert ("group_without_label", 4, "simplified") in notes
    assert ("unbalanced_end", 8, "left_out") in notes


@pytest.mark.parametrize("value", ["yes", "Yes", "TRUE", True, "true()", "true", "1"])
def test_required_in_its_spellings(value):
    assert question(simple(["text", "q", "Q", value]), "q")["required"] is True


@pytest.mark.parametrize("value", ["no", "NO", "FALSE", False, "false()", ""])
def test_not_required_in_its_spellings(value):
    result = simple(["text", "q", "Q", value])
    assert "required" not in question(result, "q") and result.notes == ()


def test_a_required_expression_and_messages_are_reported_where_they_stand():
    result = simple(
        ["text", "q", "Q", "${other} = 'x'"],
        header=["type", "name", "label::English (en)", "required", "required_message::English (en)"],
    )
    assert "required" not in question(result, "q")
    [note] = result.notes
    assert (note.row, note.column, note.kind, note.action) == (
        2,
        "required",
        "required_expression",
        "simplified",
    )
    result = simple(
        ["text", "q", "Q", "yes", "Please answer"],
        header=["type", "name", "label::English (en)", "required", "required_message::English (en)"],
    )
    assert question(result, "q")["required"] is True
    assert question(result, "q")["required_message"] == {"en": "Please answer"}
    assert result.notes == ()
    result = simple(
        ["note", "q", "Q", "", "Please read"],
        header=["type", "name", "label::English (en)", "required", "required_message::English (en)"],
    )
    assert [(n.column, n.kind) for n in result.notes] == [("required_message", "message_left_out")]


# -- conditions and constraints --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relevant", "any_of"),
    [
        ("${kids} = 'yes'", ["yes"]),
        ("${kids}='yes'", ["yes"]),
        ('${kids} = "no"', ["no"]),
        ("selected(${kids}, 'yes')", ["yes"]),
        ("selected( ${kids} , 'no' )", ["no"]),
        ("selected(${kids}, 'yes') or selected(${kids}, 'no')", ["yes", "no"]),
        ("(${kids} = 'yes') or (${kids} = 'no')", ["yes", "no"]),
        ("'yes' = ${kids}", ["yes"]),
    ],
)
def test_simple_relevant_expressions_become_show_if_conditions(relevant, any_of):
    result = simple(["select_one yn", "kids", "Children?"], ["text", "ages", "Ages", "", relevant])
    assert question(result, "ages")["show_if"] == {"question": "kids", "any_of": any_of}
    assert result.notes == ()


def test_a_numeric_choice_name_in_a_condition():
    result = simple(
        ["select_one n", "count", "How many?"],
        ["text", "more", "More", "", "${count} = 2"],
        choices=[["n", 1, "One"], ["n", 2, "Two"]],
    )
    assert question(result, "count")["choices"][1]["code"] == "2"
    assert question(result, "more")["show_if"] == {"question": "count", "any_of": ["2"]}


@pytest.mark.parametrize(
    "relevant",
    [
        "${kids} = 'yes' and ${age} > 3",
        "${kids} != 'yes'",
        "not(selected(${kids}, 'yes'))",
        "${age} > 3",
        "${kids} = 'maybe'",
        "${unknown} = 'yes'",
        "selected(${kids}, 'yes') or selected(${age}, '1')",
    ],
)
def test_other_conditions_are_reported_and_the_question_always_shown(relevant):
    result = simple(
        ["select_one yn", "kids", "Children?"],
        ["integer", "age", "Age"],
        ["text", "q", "Q", "", relevant],
    )
    assert "show_if" not in question(result, "q")
    [note] = result.notes
    assert (note.row, note.column, note.kind, note.action) == (
        4,
        "relevant",
        "relevant_complex",
        "simplified",
    )
    assert relevant in note.message


def test_a_group_condition_reaches_every_question_of_the_group():
    result = simple(
        ["select_one yn", "kids", "Children?"],
        ["begin group", "about_kids", "About the children", "", "${kids} = 'yes'"],
        ["integer", "count", "How many?"],
        ["end group"],
    )
    condition = {"question": "kids", "any_of": ["yes"]}
    assert question(result, "about_kids")["show_if"] == condition
    assert question(result, "count")["show_if"] == condition


@pytest.mark.parametrize(
    ("constraint", "bounds"),
    [
        (". >= 0 and . <= 20", (0, 20)),
        (".>=1 and .<=9", (1, 9)),
        (". > 0", (1, None)),
        (". < 100", (None, 99)),
        ("(. >= 2) and (. <= 5)", (2, 5)),
        ("${n} >= 3", (3, None)),
        ("0 <= .", (0, None)),
    ],
)
def test_a_simple_range_constraint_becomes_min_and_max(constraint, bounds):
    asked = question(simple(["integer", "n", "N", "", "", constraint]), "n")
    assert (asked.get("min"), asked.get("max")) == bounds


def test_other_constraints_are_reported():
    result = simple(["integer", "n", "N", "", "", "regex(., '^[0-9]+$')"])
    assert "min" not in question(result, "n")
    [note] = result.notes
    assert (note.column, note.kind, note.action) == ("constraint", "constraint_complex", "left_out")


def test_a_multiple_choice_keeps_its_limit_and_its_exclusive_option():
    result = simple(
        [
            "select_multiple needs",
            "needs",
            "Needs",
            "",
            "",
            "count-selected(.) <= 2 and not(selected(., 'none') and count-selected(.) > 1)",
        ],
        choices=[["needs", "money", "Money"], ["needs", "flat", "Flat"], ["needs", "none", "None of these"]],
    )
    asked = question(result, "needs")
    assert asked["max_choices"] == 2
    assert [c.get("exclusive", False) for c in asked["choices"]] == [False, False, True]


# -- choices -----------------------------------------------------------------------------------------


def test_choice_names_become_codes_and_duplicates_and_missing_lists_are_reported():
    result = simple(
        ["select_one places", "place", "Where?"],
        ["select_one nowhere", "lost", "Lost?"],
        choices=[
            ["places", "Kita-Nord", "Kita north"],
            ["places", "school", "School"],
            ["places", "school", "School again"],
            ["places", "", "Nameless"],
        ],
    )
    assert [c["code"] for c in question(result, "place")["choices"]] == ["kita_nord", "school"]
    assert question(result, "lost")["choices"] == []
    notes = {(n.sheet, n.row, n.kind) for n in result.notes}
    assert {("choices", 2, "choice_renamed"), ("choices", 4, "duplicate_choice")} <= notes
    assert {("choices", 5, "choice_without_name"), ("survey", 3, "list_missing")} <= notes
    assert check(result.data).gaps, "the question without options is a gap to fill in the editor"


def test_a_static_choice_filter_is_kept_and_one_on_an_answer_reported():
    cities = [
        ["list_name", "name", "label::English (en)", "state"],
        ["city", "berlin", "Berlin", "be"],
        ["city", "hamburg", "Hamburg", "hh"],
        ["city", "spandau", "Spandau", "be"],
        ["state", "be", "Berlin", ""],
        ["state", "hh", "Hamburg", ""],
    ]
    header = ["type", "name", "label::English (en)", "choice_filter"]
    form = workbook(
        [
            header,
            ["select_one city", "fixed", "City in Berlin", "state='be'"],
            ["select_one state", "state", "State"],
            ["select_one city", "cascade", "City", "state=${state}"],
        ],
        cities,
    )
    result = read_xlsform(form)
    assert [c["code"] for c in question(result, "fixed")["choices"]] == ["berlin", "spandau"]
    assert len(question(result, "cascade")["choices"]) == 3
    notes = {(n.row, n.column, n.kind, n.action) for n in result.notes}
    assert notes == {
        (2, "choice_filter", "choice_filter_static", "kept"),
        (4, "choice_filter", "choice_filter_dropped", "simplified"),
    }


def test_a_long_list_becomes_one_answer_from_a_long_list_and_a_longer_one_is_left_out():
    many = [["long", f"o{i}", f"Option {i}"] for i in range(45)]
    result = simple(
        ["select_one long", "long", "Pick"], ["select_multiple long", "several", "Pick"], choices=many
    )
    assert question(result, "long")["type"] == "list"
    assert not any(q["code"] == "several" for q in result.data["questions"])
    assert {"long_list", "too_many_choices"} <= set(kinds(result))


# -- what does not map --------------------------------------------------------------------------------


def test_repeats_calculations_locations_media_and_metadata_are_left_out_and_named_by_row():
    result = simple(
        ["start", "start"],
        ["deviceid", "deviceid"],
        ["text", "name_of_centre", "Which family centre?"],
        ["begin repeat", "child", "Each child"],
        ["integer", "age", "Age"],
        ["begin group", "school", "School"],
        ["text", "school_name", "School"],
        ["end group"],
        ["end repeat"],
        ["calculate", "total", "", "", "", ""],
        ["geopoint", "where", "Where are you?"],
        ["image", "photo", "A photo"],
        ["date", "born", "Born on"],
        ["select_one_from_file streets.csv", "street", "Street"],
        ["select_one yn or_other", "kids", "Children?"],
        ["widget", "odd", "Odd"],
    )
    assert [q["code"] for q in result.data["questions"]] == ["name_of_centre", "kids"]
    located = {(n.row, n.kind, n.action) for n in result.notes}
    assert (5, "repeat", "left_out") in located
    repeat = next(n for n in result.notes if n.kind == "repeat")
    assert repeat.details == {"name": "child", "first": 5, "last": 10, "count": 2}
    assert "rows 5–10" in str(repeat)
    assert {
        (2, "metadata", "left_out"),
        (3, "metadata", "left_out"),
        (11, "calculate", "left_out"),
    } <= located
    assert {(12, "unsupported_type", "left_out"), (13, "unsupported_type", "left_out")} <= located
    assert {(14, "unsupported_type", "left_out"), (15, "external_choices", "left_out")} <= located
    assert {(16, "or_other", "left_out"), (17, "unknown_type", "left_out")} <= located


def test_references_and_markup_in_labels_are_simplified_and_said():
    result = simple(["integer", "kids", "Kids"], ["text", "q", "How are your <b>${kids}</b> children?"])
    assert question(result, "q")["text"] == {"en": "How are your … children?"}
    assert {"label_piping", "label_markup"} <= set(kinds(result))


def test_a_form_that_cannot_become_a_questionnaire_is_refused_with_located_reasons():
    with pytest.raises(XLSFormError) as refused:
        simple(["calculate", "a", ""], ["begin repeat", "r", "R"], ["text", "t", "T"], ["end repeat"])
    assert [n.kind for n in refused.value.notes][-1] == "no_questions"
    assert {(n.row, n.kind) for n in refused.value.notes} >= {(2, "calculate"), (3, "repeat")}

    too_many = [["text", f"q{i}", f"Question {i}"] for i in range(45)]
    with pytest.raises(XLSFormError) as refused:
        simple(*too_many)
    last = refused.value.notes[-1]
    assert (last.kind, last.row, last.action) == ("too_many_questions", 42, "refused")

    book = openpyxl.Workbook()
    book.active.title = "Umfrage"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(buffer.getvalue())
    assert refused.value.notes[-1].kind == "no_survey_sheet" and "Umfrage" in str(refused.value)


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"%PDF-1.4 something", "not_a_spreadsheet"),
        (b"<html><body>Excel</body></html>", "not_a_spreadsheet"),
        (b"PK\x03\x04broken zip", "unreadable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "unreadable"),
    ],
)
def test_files_that_are_not_workbooks_are_refused_cleanly(content, kind):
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(content)
    assert refused.value.notes[0].kind == kind and refused.value.notes[0].action == "refused"


def test_an_opendocument_spreadsheet_is_refused_with_what_to_do():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(XLSFormError) as refused:
        read_xlsform(buffer.getvalue())
    assert "save it as .xlsx" in str(refused.value)


# -- languages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("English (en)", "en"),
        ("English", "en"),
        ("english", "en"),
        ("Arabic (ar)", "ar"),
        ("العربية", "ar"),
        ("ar", "ar"),
        ("ara", "ar"),
        ("Deutsch", "de"),
        ("German (de)", "de"),
        ("Türkçe", "tr"),
        ("Turkish", "tr"),
        ("Українська", "uk"),
        ("Russian", "ru"),
        ("Русский", "ru"),
        ("Persian (fa)", "fa"),
        ("فارسی", "fa"),
        ("Farsi", "fa"),
        ("Dari", "prs"),
        ("Dari (prs)", "prs"),
        ("Bulgarian", "bg"),
        ("Română", "ro"),
        ("Tiếng Việt", "vi"),
        ("Vietnamese (vi)", "vi"),
        ("Pashto (ps)", "ps"),
        ("Tigrinya", "ti"),
        ("Kurmanji", "ku"),
        ("Arabisch", "ar"),
        ("fa-AF", "fa-af"),
        ("Klingonish", None),
    ],
)
def test_languages_are_recognised_by_english_and_own_names_and_codes(written, code):
    assert recognise_language(written) == code


@pytest.mark.parametrize(
    "header",
    [
        ["label::English (en)", "label::Arabic (ar)"],
        ["label::English", "label::العربية"],
        ["label:English", "label:Arabic"],
        ["text:English", "text:Arabic"],
        ["label::en", "label::ar"],
        ["Label::English (en) ", " label::Arabic (ar)"],
    ],
)
def test_language_columns_in_their_many_spellings(header):
    form = workbook(
        [["type", "name", *header], ["select_one yn", "kids", "Children?", "أطفال؟"]],
        [["list_name", "name", *header], ["yn", "yes", "Yes", "نعم"], ["yn", "no", "No", "لا"]],
    )
    result = read_xlsform(form)
    assert result.data["languages"] == ["en", "ar"]
    kids = question(result, "kids")
    assert kids["text"] == {"en": "Children?", "ar": "أطفال؟"}
    assert kids["choices"][0]["text"] == {"en": "Yes", "ar": "نعم"}


def test_dari_is_taken_as_persian_and_a_language_the_app_does_not_ship_is_kept():
    header = ["type", "name", "label::Deutsch (de)", "label::Dari", "label::Pashto (ps)"]
    form = workbook(
        [header, ["text", "wish", "Was wünschen Sie sich?", "چه آرزو دارید؟", "څه غواړئ؟"]],
        settings=[["form_title", "default_language"], ["Wünsche", "Deutsch (de)"]],
    )
    result = read_xlsform(form)
    assert result.data["languages"] == ["de", "fa", "ps"]
    assert result.data["source_language"] == "de"
    assert question(result, "wish")["text"]["fa"] == "چه آرزو دارید؟"
    notes = {(n.column, n.kind, n.action) for n in result.notes}
    assert notes == {
        ("label::Dari", "language_dari", "kept"),
        ("label::Pashto (ps)", "language_not_shipped", "kept"),
        ("form_title", "title_one_language", "kept"),
    }
    questionnaire = questionnaire_from_dict(result.data)
    assert questionnaire.missing_texts("fa") == questionnaire.missing_texts("ps") == [("", "title")]


def test_default_language_names_the_source_language():
    header = ["type", "name", "label::English (en)", "label::Arabic (ar)"]
    form = workbook(
        [header, ["text", "wish", "Wish", "أمنية"]],
        settings=[["form_title", "form_id", "default_language"], ["عنوان", "wishes", "Arabic (ar)"]],
    )
    result = read_xlsform(form)
    assert result.data["source_language"] == "ar"
    assert result.data["title"] == {"ar": "عنوان"} and result.data["code"] == "wishes"


def test_texts_without_a_language_are_taken_as_the_assumed_one_and_said():
    form = workbook([["type", "name", "label", "label::Arabic (ar)"], ["text", "wish", "Wunsch", "أمنية"]])
    result = read_xlsform(form, assume_language="de")
    assert result.data["languages"] == ["de", "ar"] and result.data["source_language"] == "de"
    assert question(result, "wish")["text"] == {"de": "Wunsch", "ar": "أمنية"}
    assert kinds(result) == ["language_assumed", "title_one_language"]
    plain = read_xlsform(
        workbook([["type", "name", "label"], ["text", "wish", "Wish"]]), assume_language="en"
    )
    assert plain.data["languages"] == ["en"]


def test_declared_but_empty_language_columns_fall_back_and_are_never_blank():
    header = ["type", "name", "label::English (en)", "label::Arabic (ar)", "label::Ukrainian (uk)"]
    form = workbook(
        [header, ["text", "wish", "Wish", "", ""], ["text", "more", "More", "المزيد", ""]],
        settings=[["form_title"], ["Wishes"]],
    )
    result = read_xlsform(form)
    assert result.data["languages"] == ["en", "ar"], "an empty column is no language"
    [note] = [n for n in result.notes if n.kind.startswith("language")]
    assert (note.column, note.kind, note.action) == ("label::Ukrainian (uk)", "language_empty", "left_out")
    questionnaire = questionnaire_from_dict(result.data)
    wish = questionnaire.question("wish")
    assert wish.text.get("ar", questionnaire.source_language) == "Wish", "falls back to English"
    assert not questionnaire.is_complete_in("ar")


def test_two_columns_of_one_language_on_a_sheet_the_second_fills_gaps():
    form = workbook(
        [
            ["type", "name", "label::English", "label::English (en)"],
            ["text", "q", "First", "Second"],
            ["text", "r", "", "Only"],
        ]
    )
    result = read_xlsform(form)
    assert question(result, "q")["text"] == {"en": "First"}
    assert question(result, "r")["text"] == {"en": "Only"}
    assert [(n.kind, n.action) for n in result.notes] == [("language_twice", "simplified")]


def test_one_language_spelled_differently_on_the_survey_and_choices_sheets():
    form = workbook(
        [["type", "name", "label::English"], ["select_one yn", "kids", "Children?"]],
        [["list_name", "name", "label::English (en)"], *YES_NO],
    )
    result = read_xlsform(form)
    assert [c["text"] for c in question(result, "kids")["choices"]] == [{"en": "Yes"}, {"en": "No"}]
    assert result.notes == ()


def test_choice_labels_without_a_language_are_in_the_forms_first_language():
    form = workbook(
        [
            ["type", "name", "label::English (en)", "label::Arabic (ar)"],
            ["select_one yn", "kids", "Children?", "أطفال؟"],
        ],
        [["list_name", "name", "label"], *YES_NO],
    )
    result = read_xlsform(form, assume_language="de")
    assert result.data["languages"] == ["en", "ar"]
    assert question(result, "kids")["choices"][0]["text"] == {"en": "Yes"}
    assert "language_assumed" in kinds(result)


def test_an_unknown_language_column_is_left_out_and_said():
    form = workbook([["type", "name", "label::English", "label::Klingonish"], ["text", "q", "Q", "Qapla"]])
    result = read_xlsform(form)
    assert result.data["languages"] == ["en"]
    assert [(n.column, n.kind) for n in result.notes] == [("label::Klingonish", "language_unknown")]


# -- quirks of files in the wild -----------------------------------------------------------------------


def _patch_sheet(content: bytes, patch) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = patch(data.decode()).encode()
            target.writestr(info, data)
    return out.getvalue()


def test_a_sheet_with_a_million_empty_trailing_rows_imports_quickly():
    form = workbook([["type", "name", "label"], ["text", "q", "Question"]])

    def million(xml: str) -> str:
        rows = "".join(f'<row r="{i}"><c r="A{i}" s="0"/></row>' for i in range(3, 1_048_577))
        xml = xml.replace("</sheetData>", rows + "</sheetData>")
        return re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)

    started = time.perf_counter()
    result = read_xlsform(_patch_sheet(form, million), assume_language="en")
    assert time.perf_counter() - started < 5
    assert [q["code"] for q in result.data["questions"]] == ["q"]


def test_a_formula_whose_cached_value_is_the_label_gives_the_label():
    form = workbook([["type", "name", "label::English (en)"], ["text", "q", "placeholder"]])

    def formula(xml: str) -> str:
        cell = re.search(r'<c r="C2"[^>]*>.*?</c>', xml).group(0)
        return xml.replace(
            cell, '<c r="C2" t="str"><f>CONCATENATE("How ","are you?")</f><v>How are you?</v></c>'
        )

    result = read_xlsform(_patch_sheet(form, formula))
    assert question(result, "q")["text"] == {"en": "How are you?"}


def test_an_xls_file_that_holds_xlsx_content_and_a_real_xls_file():
    form = workbook([["type", "name", "label::English (en)"], ["text", "q", "Question"]])
    assert is_xlsform(form, "form.xls")
    assert question(read_xlsform(form, name="form.xls"), "q")["text"] == {"en": "Question"}

    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    survey = book.add_sheet("survey")
    for r, row in enumerate([["type", "name", "label::العربية", "required"], ["integer", "n", "كم؟", 1]]):
        for c, value in enumerate(row):
            survey.write(r, c, value)
    choices = book.add_sheet("choices")
    choices.write(0, 0, "list_name")
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_xlsform(buffer.getvalue(), name="form.xlsx")
    assert question(result, "n") == {"code": "n", "type": "number", "text": {"ar": "كم؟"}, "required": True}


def test_csv_in_the_xlsform_layout_and_as_a_plain_survey_sheet():
    layout = (
        "survey,,,\n,type,name,label::English (en)\n,select_one yn,kids,Children?\n"
        "choices,,,\n,list_name,name,label::English (en)\n,yn,yes,Yes\n,yn,no,No\n"
        "settings,,,\n,form_title,form_id,\n,Kids,kids_form,\n"
    )
    result = read_xlsform(layout.encode(), name="form.csv")
    assert result.data["code"] == "kids_form"
    assert [c["code"] for c in question(result, "kids")["choices"]] == ["yes", "no"]

    same_row = "survey,type,name,label\n,text,wish,Wish\nsettings,form_title\n,Wishes\n"
    result = read_xlsform(same_row.encode(), name="form.csv", assume_language="en")
    assert result.data["title"] == {"en": "Wishes"} and question(result, "wish")["text"] == {"en": "Wish"}

    german_excel = "type;name;label::Deutsch (de)\ntext;wunsch;Was wünschen Sie sich?\n".encode("cp1252")
    assert is_xlsform(german_excel, "")
    result = read_xlsform(german_excel)
    assert question(result, "wunsch")["text"] == {"de": "Was wünschen Sie sich?"}
    assert kinds(result) == ["csv_encoding", "title_missing"]


def test_names_are_made_into_codes_and_each_renaming_said():
    result = simple(["text", "Q1.Name-of_Kita", "Kita?"], ["text", "q1_name_of_kita", "Again"])
    assert [q["code"] for q in result.data["questions"]] == ["q1_name_of_kita", "q1_name_of_kita_2"]
    assert kinds(result) == ["renamed", "renamed"]


def test_every_kind_of_note_has_a_message_whose_placeholders_it_fills():
    for kind, message in MESSAGES.items():
        names = set(re.findall(r"%\((\w+)\)", message))
        assert message % {name: 1 for name in names}, kind


# -- writing ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", library_codes())
def test_the_ready_questionnaires_export_convert_with_pyxform_and_read_back_identically(code, tmp_path):
    questionnaire = library_questionnaire(code)
    content = to_xlsform(questionnaire.to_data())
    xform = converts(content, tmp_path)
    for language in questionnaire.languages:
        assert f'<translation lang="{language_column(language)}"' in xform
    result = read_xlsform(content)
    assert result.notes == ()
    assert questionnaire_from_dict(result.data) == questionnaire
    assert result.data == questionnaire.to_data()


def test_every_type_and_setting_survives_the_round_trip_in_arabic_and_dari(tmp_path):
    original = questionnaire_from_dict(
        {
            "code": "roundtrip",
            "source_language": "ar",
            "languages": ["ar", "fa", "de", "ps"],
            "title": {"ar": "استبيان", "fa": "پرسشنامه", "de": "Fragebogen"},
            "intro": {"ar": "مرحبا", "de": "Hallo"},
            "thanks": {"ar": "شكرا"},
            "questions": [
                {"code": "hello", "type": "info", "text": {"ar": "أهلا", "fa": "سلام"}},
                {
                    "code": "kids",
                    "type": "single",
                    "text": {"ar": "كم طفلا؟", "fa": "چند فرزند؟"},
                    "hint": {"ar": "اختر واحدا"},
                    "required": True,
                    "report": {"role": "children_count", "breakdown": True},
                    "choices": [
                        {"code": "one", "text": {"ar": "واحد", "fa": "یک"}, "icon": "child"},
                        {"code": "two", "text": {"ar": "اثنان"}},
                    ],
                },
                {
                    "code": "needs",
                    "type": "multiple",
                    "text": {"ar": "ما الصعب؟"},
                    "max_choices": 2,
                    "report": {"role": "needs"},
                    "show_if": {"question": "kids", "any_of": ["one", "two"]},
                    "choices": [
                        {"code": "money", "text": {"ar": "المال"}, "field": "material"},
                        {"code": "flat", "text": {"ar": "السكن"}},
                        {"code": "none", "text": {"ar": "لا شيء"}, "exclusive": True},
                    ],
                },
                {
                    "code": "mood",
                    "type": "scale",
                    "text": {"ar": "كيف حالك؟"},
                    "choices": [{"code": c, "text": {"ar": c}} for c in ("good", "middle", "bad")],
                },
                {
                    "code": "region",
                    "type": "list",
                    "text": {"ar": "أين تسكن؟"},
                    "choices_from": "district_regions",
                    "choices": [{"code": "other", "text": {"ar": "آخر"}}],
                },
                {"code": "benefits", "type": "yesno", "text": {"ar": "مساعدة؟"}},
                {"code": "adults", "type": "number", "text": {"ar": "كم بالغا؟"}, "min": 1, "max": 12},
                {"code": "note", "type": "text", "text": {"ar": "ملاحظة"}, "max_length": 120},
            ],
        }
    )
    content = to_xlsform(original.to_data())
    converts(content, tmp_path)
    result = read_xlsform(content)
    assert [(n.kind, n.details["language"]) for n in result.notes] == [("language_not_shipped", "ps")]
    again = questionnaire_from_dict(result.data)
    assert again == original and again.content_hash() == original.content_hash()


def test_control_characters_in_a_text_do_not_stop_the_export():
    data = library_questionnaire("offer_feedback").to_data()
    data["questions"][0]["text"]["de"] += "\x08\x1b"
    result = read_xlsform(to_xlsform(data))
    assert result.data["questions"][0]["text"]["de"] == data["questions"][0]["text"]["de"][:-2]


def test_a_draft_with_gaps_exports_and_reads_back_with_the_same_gaps():
    draft = {
        "code": "unfinished",
        "source_language": "de",
        "languages": ["de", "en"],
        "title": {"de": "Unfertig"},
        "questions": [{"code": "q", "type": "single", "text": {"en": "Only English"}, "choices": []}],
    }
    result = read_xlsform(to_xlsform(draft))
    assert result.data == draft
    assert check(result.data).gaps == check(draft).gaps


CELLS = st.one_of(
    st.sampled_from(
        [
            "select_one yn",
            "select_multiple yn",
            "integer",
            "decimal",
            "text",
            "note",
            "begin group",
            "end group",
            "begin repeat",
            "end repeat",
            "calculate",
            "yes",
            "true()",
            "${q1} = 'yes'",
            "selected(${q2}, 'no')",
            ". > 3 and . < 1",
            "count-selected(.) <= 0",
            "q1",
            "q2",
            "",
        ]
    ),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30),
    st.integers(-5, 5),
    st.booleans(),
    st.none(),
)
HEADER = ["type", "name", "label::English (en)", "label::فارسی", "required", "relevant", "constraint", "hint"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(CELLS, min_size=1, max_size=len(HEADER)), min_size=1, max_size=12))
def test_any_form_becomes_a_draft_the_editor_takes_or_is_refused_with_reasons(rows):
    form = workbook([HEADER, *rows], [["list_name", "name", "label"], *YES_NO, ["yn", "yes", "again"]])
    try:
        result = read_xlsform(form)
    except XLSFormError as refused:
        assert refused.notes and refused.notes[-1].action == "refused"
        assert all(note.message for note in refused.notes)
    else:
        assert not check(result.data).errors
        assert all(note.message for note in result.notes)


def test_a_kobotoolbox_export_as_it_comes():
    """KoboToolbox's own download: its bookkeeping columns, metadata rows, the list name in
    a column of its own, group rows with underscores, a calculation and score rows."""
    header = [
        "type",
        "$kuid",
        "label::English (en)",
        "label::Ukrainian (uk)",
        "required",
        "$autoname",
        "name",
        "select_from_list_name",
        "calculation",
        "relevant",
        "kobo--score-choices",
        "appearance",
    ]
    survey = [
        header,
        ["start", "a1", "", "", "", "start", "start"],
        ["end", "a2", "", "", "", "end", "end"],
        ["today", "a3", "", "", "", "today", "today"],
        [
            "begin_group",
            "b1",
            "Household",
            "Домогосподарство",
            "",
            "household",
            "household",
            "",
            "",
            "",
            "",
            "field-list",
        ],
        [
            "select_one",
            "c1",
            "Do you have children?",
            "Чи є у вас діти?",
            "true",
            "has_children",
            "has_children",
            "yn",
        ],
        [
            "integer",
            "c2",
            "How many?",
            "Скільки?",
            "false",
            "how_many",
            "how_many",
            "",
            "",
            "${has_children} = 'yes'",
        ],
        ["end_group", "b2"],
        ["calculate", "d1", "", "", "", "double", "double", "", "${how_many} * 2"],
        ["begin_score", "e1", "Rate", "", "", "score", "score", "", "", "", "yn"],
        ["score__row", "e2", "Row", "", "", "row", "row"],
        ["end_score", "e3"],
    ]
    choices = [["list_name", "$kuid", "name", "label::English (en)", "label::Ukrainian (uk)", "$autovalue"]]
    choices += [["yn", "k1", "yes", "Yes", "Так", "yes"], ["yn", "k2", "no", "No", "Ні", "no"]]
    settings = [["form_title", "default_language", "version"], ["Families 2026", "English (en)", "vGvs8e"]]
    result = read_xlsform(workbook(survey, choices, settings))
    assert result.data["languages"] == ["en", "uk"]
    assert [(q["code"], q["type"]) for q in result.data["questions"]] == [
        ("household", "info"),
        ("has_children", "single"),
        ("how_many", "number"),
    ]
    assert question(result, "how_many")["show_if"] == {"question": "has_children", "any_of": ["yes"]}
    assert question(result, "has_children")["text"]["uk"] == "Чи є у вас діти?"
    located = [(n.row, n.kind) for n in result.notes]
    assert located[:5] == [
        (2, "metadata"),
        (3, "metadata"),
        (4, "metadata"),
        (5, "group_label"),
        (9, "calculate"),
    ]
    assert {(10, "unknown_type"), (11, "unknown_type"), (12, "unknown_type")} <= set(located)
    assert not check(result.data).errors
