"""Loading questionnaires: the library loads, and every broken file says exactly what is wrong."""

from pathlib import Path

import pytest
import yaml

from questionnaires import FormatError, load_questionnaire, questionnaire_from_dict
from questionnaires.library import LIBRARY, library_codes, library_questionnaire

MINIMAL = """
code: tiny
source_language: de
languages: [de, ar]
title: {de: Kurz, ar: قصير}
questions:
  - code: kids
    type: single
    text: {de: "Wie viele Kinder?", ar: "كم عدد الأطفال؟"}
    choices:
      - {code: "1", text: {de: eins, ar: واحد}}
      - {code: "2", text: {de: zwei, ar: اثنان}}
"""


def problems_of(text: str) -> list[tuple[str, str, str]]:
    with pytest.raises(FormatError) as caught:
        load_questionnaire(text)
    return [(p.question, p.field, p.language) for p in caught.value.problems]


def broken(change) -> str:
    data = yaml.safe_load(MINIMAL)
    change(data)
    return yaml.safe_dump(data, allow_unicode=True)


def test_library_holds_both_ready_questionnaires_in_german_and_english():
    assert library_codes() == ["family_needs", "offer_feedback"]
    for code in library_codes():
        questionnaire = library_questionnaire(code)
        assert questionnaire.source_language == "de"
        assert {"de", "en"} <= set(questionnaire.complete_languages)


def test_default_questionnaire_follows_the_domain_description():
    questionnaire = library_questionnaire("family_needs")
    difficulties = questionnaire.question("difficulties")
    assert difficulties.max_choices == 3
    assert [c.code for c in difficulties.choices if c.exclusive] == ["none"]
    assert questionnaire.question("wellbeing").type_name == "scale"
    assert len(questionnaire.question("wellbeing").choices) == 5
    assert questionnaire.question("district_region").choices_from == "district_regions"
    children = questionnaire.question("children_count")
    assert children.text.get("de", "de") == "Wie viele Kinder leben bei Ihnen?"
    assert not any(q.required for q in questionnaire.questions), "every question can be skipped"


def test_a_questionnaire_survives_the_round_trip_through_plain_data():
    for code in library_codes():
        original = library_questionnaire(code)
        again = questionnaire_from_dict(original.to_data())
        assert again == original
        assert again.content_hash() == original.content_hash()


def test_a_file_path_loads_like_text(tmp_path: Path):
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert load_questionnaire(path) == load_questionnaire(MINIMAL)
    assert (LIBRARY / "family_needs.yaml").exists()


def test_a_missing_translation_is_allowed_but_makes_the_language_incomplete():
    text = broken(lambda d: d["questions"][0]["choices"][1]["text"].pop("ar"))
    questionnaire = load_questionnaire(text)
    assert questionnaire.complete_languages == ("de",)
    assert questionnaire.missing_texts("ar") == [("kids", "choices.2")]
    # the family still sees a text: the source language's
    assert questionnaire.question("kids").choices[1].text.get("ar", "de") == "zwei"


def test_text_missing_in_the_source_language_names_question_field_and_language():
    text = broken(lambda d: d["questions"][0]["text"].pop("de"))
    assert problems_of(text) == [("kids", "text", "de")]


def test_text_in_an_unlisted_language_is_named():
    text = broken(lambda d: d["questions"][0]["choices"][0]["text"].update(tr="bir"))
    assert problems_of(text) == [("kids", "choices.1.text", "tr")]


def test_unknown_type_and_bad_code_are_named_by_position():
    text = broken(lambda d: d["questions"].append({"code": "Bad Code", "type": "slider", "text": "x"}))
    assert problems_of(text) == [("#2", "code", ""), ("#2", "type", "")]


def test_all_problems_are_reported_at_once():
    def change(d):
        d["questions"][0]["choices"][1]["code"] = "1"  # duplicate
        d["questions"].append(
            {
                "code": "kids",
                "type": "multiple",
                "text": "x",
                "max_choices": 5,
                "choices": [{"code": "a", "text": "A"}, {"code": "b", "text": "B"}],
            }
        )

    found = problems_of(broken(change))
    assert ("kids", "choices.1", "") in found
    assert ("kids", "code", "") in found  # used by an earlier question
    assert ("kids", "max_choices", "") in found  # more than there are choices


def test_conditions_must_point_to_an_earlier_choice_and_existing_codes():
    def later(d):
        d["questions"][0]["show_if"] = {"question": "kids", "any_of": ["1"]}

    assert problems_of(broken(later)) == [("kids", "show_if.question", "")]

    def unknown_code(d):
        d["questions"].append(
            {"code": "more", "type": "yesno", "text": "x", "show_if": {"question": "kids", "any_of": ["7"]}}
        )

    assert problems_of(broken(unknown_code)) == [("more", "show_if.any_of", "")]


def test_scale_needs_three_to_five_steps_and_only_one_exclusive_choice():
    def two_steps(d):
        d["questions"][0]["type"] = "scale"

    assert problems_of(broken(two_steps)) == [("kids", "choices", "")]

    def two_exclusive(d):
        d["questions"][0]["type"] = "multiple"
        for choice in d["questions"][0]["choices"]:
            choice["exclusive"] = True

    assert problems_of(broken(two_exclusive)) == [("kids", "choices", "")]


def test_unknown_icon_list_and_fields_are_named():
    def change(d):
        d["questions"][0]["choices"][0]["icon"] = "rocket"
        d["questions"].append({"code": "area", "type": "list", "text": "x", "choices_from": "streets"})
        d["questions"].append(
            {"code": "n", "type": "number", "text": "x", "min": 5, "max": 1, "colour": "red"}
        )

    found = problems_of(broken(change))
    assert ("kids", "choices.1.icon", "") in found
    assert ("area", "choices_from", "") in found
    assert ("n", "max", "") in found
    assert ("n", "", "") in found  # unknown field "colour"


def test_not_yaml_and_not_a_mapping_are_errors_not_crashes():
    assert problems_of("code: [unclosed") == [("", "", "")]
    assert problems_of("- just a list") == [("", "", "")]
    assert problems_of("code: x\nlanguages: de\n")[0] == ("", "languages", "")


def test_problem_text_reads_like_a_sentence():
    with pytest.raises(FormatError) as caught:
        load_questionnaire(broken(lambda d: d["questions"][0]["text"].pop("de")))
    assert str(caught.value) == "question kids / text / language de: missing in the source language"


def test_export_to_yaml_loads_back_to_the_identical_questionnaire():
    from questionnaires.export import to_yaml

    for code in library_codes():
        original = library_questionnaire(code)
        text = to_yaml(original, header="A header\nof two lines")
        assert text.startswith("# A header\n# of two lines\n")
        assert load_questionnaire(text) == original
