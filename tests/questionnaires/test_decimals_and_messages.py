"""Number questions with decimals, and a question's own required and constraint messages:
how the format reads them, how a number is typed, and how YAML and XLSForm carry both."""

from __future__ import annotations

import copy
import io

import openpyxl
import pytest

from questionnaires import AnswerError, FormatError, load_questionnaire, questionnaire_from_dict
from questionnaires.editing import update_question
from questionnaires.export import to_yaml
from questionnaires.xlsform import parse_constraint, read_xlsform, to_xlsform
from tests.questionnaires.test_xlsform import converts, question, simple

DATA = {
    "code": "weights",
    "source_language": "de",
    "languages": ["de", "ar", "en"],
    "title": {"de": "Gewicht", "ar": "الوزن", "en": "Weight"},
    "questions": [
        {
            "code": "weight",
            "type": "number",
            "text": {"de": "Wie schwer ist Ihr Kind (kg)?", "ar": "كم وزن طفلك (كغ)؟", "en": "Weight (kg)?"},
            "required": True,
            "required_message": {"ar": "يُرجى كتابة وزن الطفل."},
            "constraint_message": {
                "de": "Bitte ein Gewicht von 0,5 bis 20 kg.",
                "ar": "الوزن من ٠٫٥ إلى ٢٠ كغ.",
            },
            "min": 0.5,
            "max": 20,
            "decimals": 1,
        },
        {
            "code": "children",
            "type": "number",
            "text": {"de": "Wie viele Kinder?", "ar": "كم طفلا؟", "en": "How many children?"},
            "min": 1,
        },
        {
            "code": "wish",
            "type": "text",
            "text": {"de": "Was wünschen Sie sich?", "ar": "ماذا تتمنى؟", "en": "Your wish?"},
            "max_length": 50,
            "constraint_message": {"ar": "خمسون حرفا على الأكثر."},
        },
    ],
}


def load(**fields):
    """The questionnaire above, its first question with ``fields`` changed."""
    data = copy.deepcopy(DATA)
    data["questions"][0].update(fields)
    return questionnaire_from_dict(data)


def problems(**fields) -> list[tuple[str, str, str]]:
    with pytest.raises(FormatError) as raised:
        load(**fields)
    return [(p.question, p.field, p.language) for p in raised.value.problems]


# -- the format ----------------------------------------------------------------------------------


def test_a_number_question_may_allow_up_to_two_decimals_and_limits_to_match():
    weight = load().question("weight")
    assert (weight.decimals, weight.min, weight.max) == (1, 0.5, 20)
    assert load(decimals=2, min=0.25).question("weight").min == 0.25
    assert load().question("children").decimals == 0  # the default: whole numbers
    assert "decimals" not in load().question("children").to_data()
    assert problems(decimals=3) == [("weight", "decimals", "")]
    assert problems(decimals="1") == [("weight", "decimals", "")]
    assert problems(min=0.25) == [("weight", "min", "")]  # two digits, the question allows one
    assert problems(decimals=0) == [("weight", "min", "")]  # 0.5 is no whole number
    assert problems(max="20") == [("weight", "max", "")]
    assert problems(min=5.5, max=2) == [("weight", "max", "")]
    assert problems(max=1e12) == [("weight", "max", "")]


def test_messages_are_optional_in_every_language_and_leave_completeness_alone():
    questionnaire = load()
    weight = questionnaire.question("weight")
    assert weight.message("required_message", "ar") == "يُرجى كتابة وزن الطفل."
    assert weight.message("required_message", "de") is None  # never the message of another language
    assert weight.message("constraint_message", "en") is None
    # a message missing in a language (even the source language) does not make it incomplete
    assert questionnaire.complete_languages == ("de", "ar", "en")
    assert [f for _where, f, _text in questionnaire.texts()].count("required_message") == 0
    assert problems(required_message={"tr": "Lütfen"}) == [("weight", "required_message", "tr")]
    assert problems(constraint_message=["x"]) == [("weight", "constraint_message", "")]
    data = copy.deepcopy(DATA)
    data["questions"].append(
        {"code": "hello", "type": "info", "text": {"de": "Hallo"}, "required_message": {"de": "Bitte"}}
    )
    with pytest.raises(FormatError) as raised:
        questionnaire_from_dict(data)
    assert [(p.question, p.field) for p in raised.value.problems] == [("hello", "")]


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("3,5", 3.5),
        ("3.5", 3.5),
        ("٣٫٥", 3.5),  # Arabic-Indic digits and the Arabic decimal separator
        ("۳٫۵", 3.5),  # Persian digits
        ("۳,۵", 3.5),
        (" 12,0 ", 12),  # whole: an int
        ("20", 20),
        ("0,50", 0.5),
    ],
)
def test_a_decimal_is_typed_with_a_comma_or_a_point_in_any_digits(typed, value):
    answer = load().question("weight").parse([typed], {})
    assert answer == value and type(answer) is type(value)


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("3,55", "too_many_decimals"),
        ("0,4", "out_of_range"),
        ("20,1", "out_of_range"),
        ("3,5,1", "not_a_number"),
        ("1.000,5", "not_a_number"),
        ("3,", "not_a_number"),
        (",5", "not_a_number"),
        ("drei", "not_a_number"),
    ],
)
def test_a_decimal_that_does_not_fit_is_refused(typed, error):
    with pytest.raises(AnswerError) as raised:
        load().question("weight").parse([typed], {})
    assert raised.value.code == error


def test_a_whole_number_question_still_takes_whole_numbers_only():
    children = load().question("children")
    assert children.parse(["٣"], {}) == 3
    with pytest.raises(AnswerError) as raised:
        children.parse(["2,5"], {})
    assert raised.value.code == "not_a_number"


def test_a_decimal_answer_is_stored_exactly():
    from decimal import Decimal

    weight = load().question("weight")
    assert [row.number for row in weight.rows(weight.parse(["3,5"], {}))] == [Decimal("3.5")]
    assert [row.number for row in weight.rows(weight.parse(["19,9"], {}))] == [Decimal("19.9")]
    assert weight.form_values(weight.parse(["3,5"], {})) == ["3.5"]


# -- YAML and XLSForm ----------------------------------------------------------------------------


def test_yaml_keeps_decimals_and_messages_in_every_language():
    questionnaire = load()
    text = to_yaml(questionnaire)
    assert "decimals: 1" in text and "min: 0.5" in text and "الوزن من ٠٫٥ إلى ٢٠ كغ." in text
    assert load_questionnaire(text) == questionnaire
    assert questionnaire_from_dict(questionnaire.to_data()).content_hash() == questionnaire.content_hash()


def test_xlsform_export_writes_decimal_and_the_messages_and_reads_back_identically(tmp_path):
    questionnaire = load()
    content = to_xlsform(questionnaire.to_data())
    sheet = openpyxl.load_workbook(io.BytesIO(content))["survey"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header, weight, children = rows[0], rows[1], rows[2]
    assert (weight[0], children[0]) == ("decimal", "integer")
    assert weight[header.index("constraint")] == ". >= 0.5 and . <= 20"
    assert weight[header.index("required_message::Arabic (ar)")] == "يُرجى كتابة وزن الطفل."
    assert weight[header.index("constraint_message::German (de)")] == "Bitte ein Gewicht von 0,5 bis 20 kg."
    xform = converts(content, tmp_path)  # pyxform takes it
    assert "الوزن من ٠٫٥ إلى ٢٠ كغ." in xform and 'type="decimal"' in xform
    result = read_xlsform(content)
    assert result.notes == ()
    assert result.data == questionnaire.to_data()
    again = questionnaire_from_dict(result.data)
    assert again == questionnaire
    assert read_xlsform(to_xlsform(again.to_data())).data == result.data


def test_an_xlsform_decimal_and_its_messages_in_every_language_column_are_kept():
    result = simple(
        [
            "decimal",
            "rent",
            "Rent?",
            "yes",
            "",
            ". > 0 and . <= 2000.555",
            "",
            "Please",
            "",
            "Too much",
            "Zu viel",
        ],
        ["integer", "kids", "Children?", "", "", ". > 0.5", "", "", "", "", ""],
        header=[
            "type",
            "name",
            "label::English (en)",
            "required",
            "relevant",
            "constraint",
            "hint",
            "required_message::English (en)",
            "required_message::Deutsch (de)",
            "constraint_message::English (en)",
            "jr:constraintMsg::Deutsch (de)",
        ],
    )
    rent = question(result, "rent")
    assert rent["decimals"] == 2
    assert (rent["min"], rent["max"]) == (0.01, 2000.55)  # moved inwards to numbers one can type
    assert rent["required_message"] == {"en": "Please"}
    assert rent["constraint_message"] == {"en": "Too much", "de": "Zu viel"}
    assert question(result, "kids")["min"] == 1
    assert [n.kind for n in result.notes if n.sheet == "survey"] == []
    questionnaire_from_dict(result.data)


@pytest.mark.parametrize(
    ("expression", "decimals", "settings"),
    [
        (". >= 0.25", 1, {"min": 0.3}),
        (". > 0.2", 1, {"min": 0.3}),
        (". < 2", 2, {"max": 1.99}),
        (". <= 2.5", 0, {"max": 2}),
        (". > 2", 0, {"min": 3}),
        ("${w} >= 1.5 and . < 10", 1, {"min": 1.5, "max": 9.9}),
    ],
)
def test_constraint_bounds_follow_the_questions_decimals(expression, decimals, settings):
    assert parse_constraint(expression, "number", "w", decimals) == settings


def test_the_editor_sets_decimals_and_messages_per_language_and_removes_them_when_emptied():
    data = load().to_data()
    texts = {"de": "Wie schwer?", "ar": "كم وزن؟", "en": "Weight?"}
    changed, _code = update_question(
        data,
        "weight",
        new_code="weight",
        required=True,
        text=texts,
        hint={},
        settings={"decimals": 2, "min": 0.25, "max": 19.75},
        messages={
            "required_message": {"de": "Bitte ein Gewicht.", "ar": "", "en": "Please give a weight."},
            "constraint_message": {"de": "", "ar": "", "en": ""},
        },
    )
    weight = questionnaire_from_dict(changed).question("weight")
    assert (weight.decimals, weight.min, weight.max) == (2, 0.25, 19.75)
    assert weight.required_message is not None
    assert weight.required_message.by_language == {"de": "Bitte ein Gewicht.", "en": "Please give a weight."}
    assert weight.constraint_message is None
    assert "constraint_message" not in questionnaire_from_dict(changed).to_data()["questions"][0]
