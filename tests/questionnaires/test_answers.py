"""Each question type checks what a family sent and turns it into stored rows."""

import pytest

from questionnaires import AnswerError, Choice, Text, load_questionnaire
from questionnaires.answers import mask_contacts, normalize_digits
from questionnaires.library import library_questionnaire
from questionnaires.questions import AnswerRow

NEEDS = library_questionnaire("family_needs")
FEEDBACK = library_questionnaire("offer_feedback")
REGIONS = {"district_regions": (Choice("081004", Text({"de": "Rixdorf"})),)}


def parse(questionnaire, code, *raw):
    return questionnaire.question(code).parse(list(raw), REGIONS)


def error_of(questionnaire, code, *raw) -> AnswerError:
    with pytest.raises(AnswerError) as caught:
        parse(questionnaire, code, *raw)
    return caught.value


def test_single_choice_takes_one_known_code():
    assert parse(NEEDS, "children_count", "2") == "2"
    assert error_of(NEEDS, "children_count", "7").code == "unknown_choice"
    assert error_of(NEEDS, "children_count", "1", "2").code == "one_only"


def test_nothing_sent_means_skipped():
    assert parse(NEEDS, "children_count") is None
    assert parse(NEEDS, "children_count", "  ") is None


def test_multiple_choice_respects_maximum_and_exclusive_option():
    assert parse(NEEDS, "difficulties", "health", "money") == ["money", "health"]  # questionnaire order
    assert parse(NEEDS, "difficulties", "money", "money") == ["money"]
    too_many = error_of(NEEDS, "difficulties", "money", "housing", "health", "stress")
    assert (too_many.code, too_many.params) == ("too_many", {"max": 3})
    exclusive = error_of(NEEDS, "difficulties", "money", "none")
    assert (exclusive.code, exclusive.params) == ("exclusive", {"choice": "none"})
    assert parse(NEEDS, "difficulties", "none") == ["none"]
    assert NEEDS.question("difficulties").rows(["money", "health"]) == [
        AnswerRow(choice="money"),
        AnswerRow(choice="health"),
    ]


def test_scale_faces_go_from_happy_to_sad():
    wellbeing = NEEDS.question("wellbeing")
    assert [wellbeing.face(c.code) for c in wellbeing.choices] == [1.0, 0.5, 0.0, -0.5, -1.0]


def test_list_choice_offers_the_given_list_then_its_own_choices():
    region = NEEDS.question("district_region")
    assert [c.code for c in region.options(REGIONS)] == ["081004", "other_district", "dont_know"]
    assert parse(NEEDS, "district_region", "081004") == "081004"
    assert error_of(NEEDS, "district_region", "011001").code == "unknown_choice"  # another district's region


def test_yes_no():
    assert parse(FEEDBACK, "come_again", "yes") == "yes"
    assert error_of(FEEDBACK, "come_again", "maybe").code == "unknown_choice"


@pytest.mark.parametrize("typed, expected", [("3", 3), (" 12 ", 12), ("٣", 3), ("۱۲", 12), ("١٠", 10)])
def test_numbers_accept_arabic_indic_and_persian_digits(typed, expected):
    assert parse(FEEDBACK, "times_attended", typed) == expected


@pytest.mark.parametrize(
    "typed, code",
    [
        ("drei", "not_a_number"),
        ("2.5", "not_a_number"),
        ("0", "out_of_range"),
        ("100", "out_of_range"),
        ("9" * 40, "not_a_number"),
    ],
)
def test_numbers_reject_what_is_not_a_whole_number_in_range(typed, code):
    assert error_of(FEEDBACK, "times_attended", typed).code == code


def test_free_text_is_limited_and_masked_before_storage():
    assert parse(FEEDBACK, "change_more", "Mehr Kurse am Abend") == "Mehr Kurse am Abend"
    too_long = error_of(FEEDBACK, "change_more", "x" * 301)
    assert (too_long.code, too_long.params) == ("too_long", {"max": 300, "length": 301})
    masked = parse(FEEDBACK, "change_more", "Schreiben Sie an anna.m@example.org oder 0176 123 45 67")
    assert "anna" not in masked and "123" not in masked
    assert masked == "Schreiben Sie an [E-Mail] oder [Telefon]"


@pytest.mark.parametrize("text", ["+49 30 1234567", "030/123 456 78", "(030) 12-34-56", "٠١٧٦١٢٣٤٥٦٧"])
def test_phone_numbers_in_any_writing_are_masked(text):
    assert mask_contacts(f"Tel {text}!") == "Tel [Telefon]!"


def test_short_numbers_in_text_stay():
    assert mask_contacts("Wir haben 3 Kinder, 2 davon unter 6") == "Wir haben 3 Kinder, 2 davon unter 6"


def test_digits_are_normalised():
    assert normalize_digits("٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹") == "0123456789 0123456789"


def test_required_questions_cannot_be_skipped():
    questionnaire = load_questionnaire("""
code: req
source_language: de
languages: [de]
title: T
questions:
  - {code: ok, type: yesno, text: "Einverstanden?", required: true}
  - {code: note, type: info, text: Danke}
""")
    with pytest.raises(AnswerError) as caught:
        questionnaire.question("ok").parse([], {})
    assert caught.value.code == "required"
    assert questionnaire.question("note").parse(["anything"], {}) is None
    assert [q.code for q in questionnaire.answerable({})] == ["ok"]


def test_conditions_show_questions_only_after_the_matching_answer():
    shown = [q.code for q in FEEDBACK.visible_questions({"change": ["nothing"]})]
    assert "change_more" not in shown
    shown = [q.code for q in FEEDBACK.visible_questions({"change": ["more_often"]})]
    assert "change_more" in shown
    kept = FEEDBACK.kept_answers({"change": ["nothing"], "change_more": "Abends"})
    assert kept == {"change": ["nothing"]}


def test_free_text_loses_control_characters_but_keeps_line_breaks():
    assert parse(FEEDBACK, "change_more", "a\x00b\x07c\r\nd\re\tf\x9b") == "abc\nd\ne\tf"
