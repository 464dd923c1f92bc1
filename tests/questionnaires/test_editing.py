"""The editor's operations on a questionnaire's plain data: each returns a checked copy,
refuses what the format refuses, and lets a draft have gaps until it is published."""

import copy

import pytest

from questionnaires import editing as ed
from questionnaires import questionnaire_from_dict
from questionnaires.library import library_codes, library_questionnaire


def problems(error: pytest.ExceptionInfo) -> list[tuple[str, str, str]]:
    return [(p.question, p.field, p.language) for p in error.value.problems]


@pytest.fixture
def empty() -> dict:
    return ed.new_questionnaire(
        code="kita_wishes", source_language="de", languages=["de", "ar"], title="Was wünschen Sie sich?"
    )


@pytest.fixture
def built(empty) -> dict:
    """Two questions in German and Arabic; the second shown only after two of the first's answers."""
    data = ed.set_texts(empty, "ar", {("", "title"): "ماذا تتمنون؟"})
    data, first = ed.add_question(data, "single", text={"de": "Wie oft kommen Sie?", "ar": "كم مرة تأتون؟"})
    for de, ar in (("Oft", "غالبًا"), ("Manchmal", "أحيانًا"), ("Nie", "أبدًا")):
        data, _code = ed.add_option(data, first, text={"de": de, "ar": ar})
    data, second = ed.add_question(
        data, "text", code="why_not", text={"de": "Warum nicht?", "ar": "لماذا لا؟"}
    )
    return ed.set_condition(data, second, first, ["manchmal", "nie"])


def test_a_questionnaire_is_built_from_nothing_with_gaps_until_it_is_complete(empty):
    assert [gap.field for gap in ed.check(empty).gaps] == ["questions"]
    assert ed.check(empty).errors == ()
    assert not ed.check(empty).publishable

    data, code = ed.add_question(empty, "single", text={"de": "Wie oft kommen Sie?"})
    assert code == "wie_oft_kommen_sie"
    assert ed.check(data).gaps == (ed.Gap(code, "choices", needed=2),)
    data, option = ed.add_option(data, code, text={"de": "Oft"})
    data, _other = ed.add_option(data, code, text={"de": "Nie", "ar": "أبدًا"})
    assert option == "oft"
    check = ed.check(data)
    assert check.publishable and check.gaps == () and check.errors == ()
    assert check.questionnaire.question(code).choices[1].text.get("ar", "de") == "أبدًا"


def test_the_built_questionnaire_is_what_the_format_loads(built):
    questionnaire = ed.check(built).questionnaire
    assert questionnaire is not None
    assert [q.code for q in questionnaire.questions] == ["wie_oft_kommen_sie", "why_not"]
    choices = questionnaire.question("wie_oft_kommen_sie").choices
    assert [c.code for c in choices] == ["oft", "manchmal", "nie"]
    condition = questionnaire.question("why_not").show_if
    assert (condition.question, condition.any_of) == ("wie_oft_kommen_sie", ("manchmal", "nie"))
    assert questionnaire.complete_languages == ("de", "ar")
    assert questionnaire_from_dict(questionnaire.to_data()).content_hash() == questionnaire.content_hash()


def test_operations_never_change_the_data_they_are_given(built):
    before = copy.deepcopy(built)
    ed.add_question(built, "number")
    ed.update_question(built, "why_not", new_code="reason", required=True, text={"de": "Wieso?"}, hint={})
    ed.set_condition(built, "why_not", None, [])
    ed.delete_option(built, "wie_oft_kommen_sie", "oft")
    ed.update_settings(built, code="x", source_language="de", languages=["de"], title={}, intro={}, thanks={})
    ed.with_stand_ins(built)
    assert built == before


def test_completeness_per_language_counts_like_the_model():
    for code in library_codes():
        data = library_questionnaire(code).to_data()
        del data["questions"][0]["text"]["ar"]
        data["questions"][1].pop("hint", None)
        questionnaire = questionnaire_from_dict(data)
        for status in ed.completeness(data):
            assert list(status.missing) == questionnaire.missing_texts(status.language)
            assert status.total == len(list(questionnaire.texts()))
        arabic = next(s for s in ed.completeness(data) if s.language == "ar")
        assert arabic.missing == ((data["questions"][0]["code"], "text"),)
        assert arabic.given == arabic.total - 1 and not arabic.complete


def test_missing_texts_name_where_they_belong(built):
    data, code = ed.add_option(built, "wie_oft_kommen_sie", text={"de": "Selten"})
    data = ed.update_settings(
        data,
        code="kita_wishes",
        source_language="de",
        languages=["de", "ar"],
        title={},
        intro={"de": "Anonym."},
        thanks={},
    )
    assert ed.missing_texts(data, "ar") == [("", "intro"), ("wie_oft_kommen_sie", "choices.selten")]
    assert ed.missing_texts(data, "de") == []
    filled = ed.set_texts(
        data, "ar", {("", "intro"): "مجهول.", ("wie_oft_kommen_sie", "choices.selten"): "نادرًا"}
    )
    assert ed.missing_texts(filled, "ar") == []
    assert filled["intro"] == {"de": "Anonym.", "ar": "مجهول."}


def test_a_text_missing_in_the_source_language_is_a_gap_not_an_error(built):
    data = ed.update_question(
        built, "why_not", new_code="why_not", required=False, text={"de": "", "ar": "لماذا لا؟"}, hint={}
    )[0]
    check = ed.check(data)
    assert check.errors == ()
    assert check.gaps == (ed.Gap("why_not", "text", "de"),)
    assert ed.preview_questionnaire(data, "(missing)").question("why_not").text.get("de", "de") == "(missing)"


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (
            lambda d: ed.update_question(d, "why_not", new_code="Warum?", required=False, text={}, hint={}),
            ("#2", "code", ""),
        ),
        (
            lambda d: ed.update_question(
                d, "why_not", new_code="wie_oft_kommen_sie", required=False, text={}, hint={}
            ),
            ("wie_oft_kommen_sie", "code", ""),
        ),
        (
            lambda d: ed.update_question(
                d,
                "why_not",
                new_code="why_not",
                required=False,
                text={},
                hint={},
                settings={"max_length": 500},
            ),
            ("why_not", "max_length", ""),
        ),
        (
            lambda d: ed.update_question(
                d, "why_not", new_code="why_not", required=False, text={"ar": "x" * 1001}, hint={}
            ),
            ("why_not", "text", "ar"),
        ),
        (lambda d: ed.move_question(d, "why_not", -1), ("why_not", "show_if.question", "")),
        (
            lambda d: ed.set_condition(d, "wie_oft_kommen_sie", "why_not", ["oft"]),
            ("wie_oft_kommen_sie", "show_if.question", ""),
        ),
        (
            lambda d: ed.set_condition(d, "why_not", "wie_oft_kommen_sie", []),
            ("why_not", "show_if.any_of", ""),
        ),
        (
            lambda d: ed.set_condition(d, "why_not", "wie_oft_kommen_sie", ["selten"]),
            ("why_not", "show_if.any_of", ""),
        ),
        (lambda d: ed.delete_question(d, "wie_oft_kommen_sie"), ("why_not", "show_if", "")),
        (lambda d: ed.delete_option(d, "wie_oft_kommen_sie", "nie"), ("why_not", "show_if.any_of", "")),
        (
            lambda d: ed.add_option(d, "wie_oft_kommen_sie", code="oft", text={"de": "Oft"}),
            ("wie_oft_kommen_sie", "choices.oft", ""),
        ),
        (lambda d: ed.add_option(d, "why_not", text={"de": "Ja"}), ("why_not", "choices", "")),
        (lambda d: ed.change_type(d, "wie_oft_kommen_sie", "number"), ("why_not", "show_if.question", "")),
        (
            lambda d: ed.update_settings(
                d,
                code="kita_wishes",
                source_language="tr",
                languages=["de", "ar"],
                title={},
                intro={},
                thanks={},
            ),
            ("", "source_language", ""),
        ),
    ],
)
def test_a_change_the_format_refuses_is_refused_with_its_problem(built, change, where):
    with pytest.raises(ed.EditError) as refused:
        change(built)
    assert where in problems(refused)


def test_a_new_code_is_followed_by_the_conditions_that_name_the_question(built):
    data, code = ed.update_question(
        built,
        "wie_oft_kommen_sie",
        new_code="visits",
        required=True,
        text={"de": "Wie oft?"},
        hint={"de": "Ungefähr", "ar": ""},
    )
    assert code == "visits"
    assert ed.find_question(data, "why_not")["show_if"]["question"] == "visits"
    question = ed.check(data).questionnaire.question("visits")
    assert question.required and question.text.get("de", "de") == "Wie oft?"
    assert question.text.get("ar", "de") == "كم مرة تأتون؟", "a language not sent keeps its text"
    assert question.hint.by_language == {"de": "Ungefähr"}


def test_questions_and_options_move_and_go(built):
    data, extra = ed.add_question(built, "yesno", text={"de": "Kommen Sie wieder?", "ar": "هل ستعودون؟"})
    data = ed.move_question(data, extra, -1)
    assert [q["code"] for q in data["questions"]] == ["wie_oft_kommen_sie", extra, "why_not"]
    assert ed.move_question(data, "wie_oft_kommen_sie", -1) == data, "the first stays first"
    data = ed.move_option(data, "wie_oft_kommen_sie", "nie", -1)
    assert [c["code"] for c in data["questions"][0]["choices"]] == ["oft", "nie", "manchmal"]
    data = ed.set_condition(data, "why_not", None, [])
    data = ed.delete_option(data, "wie_oft_kommen_sie", "nie")
    data = ed.delete_question(data, extra)
    assert [q["code"] for q in data["questions"]] == ["wie_oft_kommen_sie", "why_not"]
    assert "show_if" not in data["questions"][1]


def test_type_settings_and_a_change_of_type(built):
    data, number = ed.add_question(built, "number", code="children", text={"de": "Wie viele Kinder?"})
    data, _code = ed.update_question(
        data,
        number,
        new_code=number,
        required=False,
        text={},
        hint={},
        settings={"min": 0, "max": 12, "max_choices": 3},
    )
    assert (ed.find_question(data, number)["min"], ed.find_question(data, number)["max"]) == (0, 12)
    assert "max_choices" not in ed.find_question(data, number), "a setting of another type is ignored"
    with pytest.raises(ed.EditError) as refused:
        ed.update_question(
            data, number, new_code=number, required=False, text={}, hint={}, settings={"min": 5, "max": 1}
        )
    assert problems(refused) == [(number, "max", "")]

    data = ed.change_type(data, "wie_oft_kommen_sie", "multiple")
    data, _code = ed.update_question(
        data,
        "wie_oft_kommen_sie",
        new_code="wie_oft_kommen_sie",
        required=False,
        text={},
        hint={},
        settings={"max_choices": 2},
    )
    data = ed.update_option(
        data, "wie_oft_kommen_sie", "nie", text={"de": "Nie"}, icon="home", exclusive=True
    )
    question = ed.check(data).questionnaire.question("wie_oft_kommen_sie")
    assert question.type_name == "multiple" and question.max_choices == 2
    assert [c.code for c in question.choices if c.exclusive] == ["nie"] and question.choices[2].icon == "home"
    data = ed.change_type(data, "wie_oft_kommen_sie", "scale")
    assert "max_choices" not in ed.find_question(data, "wie_oft_kommen_sie")
    assert not any("exclusive" in c for c in ed.find_question(data, "wie_oft_kommen_sie")["choices"])
    with pytest.raises(ed.EditError):
        for word in ("a", "b", "c"):
            data, _code = ed.add_option(data, "wie_oft_kommen_sie", text={"de": word})  # a scale has 3-5
    listed, code = ed.add_question(built, "list", text={"de": "Wo wohnen Sie?"})
    assert ed.check(listed).questionnaire.question(code).choices_from == "district_regions"


def test_a_language_taken_off_the_list_loses_its_texts(built):
    data = ed.update_settings(
        built,
        code="kita_wishes",
        source_language="de",
        languages=["de", "en"],
        title={"de": "Wünsche", "ar": "ignored"},
        intro={},
        thanks={"de": "Danke!"},
    )
    assert data["languages"] == ["de", "en"]
    assert data["title"] == {"de": "Wünsche"} and data["thanks"] == {"de": "Danke!"}
    assert not any("\u0600" <= char <= "\u06ff" for char in str(data)), "no Arabic text is left"
    english = next(s for s in ed.completeness(data) if s.language == "en")
    assert english.given == 0 and english.total == 7
    data = ed.update_settings(
        data,
        code="kita_wishes",
        source_language="en",
        languages=["de", "en"],
        title={},
        intro={},
        thanks={"de": ""},
    )
    assert "thanks" not in data, "an empty optional text goes"
    assert ed.check(data).errors == () and ("", "title", "en") in [
        (g.question, g.field, g.language) for g in ed.check(data).gaps
    ]


def test_every_library_questionnaire_passes_the_check_unchanged():
    for code in library_codes():
        questionnaire = library_questionnaire(code)
        check = ed.check(questionnaire.to_data())
        assert check.errors == () and check.gaps == ()
        assert check.questionnaire.content_hash() == questionnaire.content_hash()


def test_earlier_choice_questions_are_what_a_condition_may_name(built):
    data, _code = ed.add_question(built, "yesno", code="again", text={"de": "Wieder?"})
    assert [q["code"] for q in ed.earlier_choice_questions(data, "again")] == ["wie_oft_kommen_sie"]
    assert ed.earlier_choice_questions(data, "wie_oft_kommen_sie") == []
    with pytest.raises(KeyError):
        ed.earlier_choice_questions(data, "nothing")


@pytest.mark.parametrize(
    ("text", "taken", "code"),
    [
        ("Wie groß ist Ihre Familie?", set(), "wie_gross_ist_ihre"),
        ("Über uns", {"ueber_uns"}, "ueber_uns_2"),
        ("Möchten Sie uns noch etwas sagen?", set(), "moechten_sie_uns_noch"),
        ("كم عدد الأطفال؟", set(), "km_add_alatfal"),
        ("چند فرزند دارید؟", set(), "chnd_frznd_daryd"),
        ("Скільки у вас дітей?", set(), "skilky_u_vas_ditei"),
        ("🙂 ✓", {"question_3"}, "question_3_2"),
        ("", set(), "question_3"),
    ],
)
def test_suggested_codes_are_short_latin_and_new(text, taken, code):
    assert ed.suggest_code(text, taken, "question_3") == code


def test_a_questions_report_part_is_set_and_follows_a_change_of_type(built):
    first = built["questions"][0]["code"]
    data = ed.set_report(built, first, role="household", breakdown=True)
    assert questionnaire_from_dict(data).question(first).report.to_data() == {
        "role": "household",
        "breakdown": True,
    }
    assert ed.roles_for("number") == [] and "wellbeing" in ed.roles_for("scale")
    assert not ed.can_break_down(data["questions"][1])  # free text, shown after a condition
    # several answers: no longer a household question, still a breakdown
    assert ed.change_type(data, first, "multiple")["questions"][0]["report"] == {"breakdown": True}
    # a number has neither (once no condition names its answers)
    unconditioned = ed.set_condition(data, "why_not", None, [])
    assert "report" not in ed.change_type(unconditioned, first, "number")["questions"][0]
    assert "report" not in ed.set_report(data, first, role=None, breakdown=False)["questions"][0]
    with pytest.raises(ed.EditError) as refused:
        ed.set_report(built, "why_not", role=None, breakdown=True)
    assert problems(refused) == [("why_not", "report.breakdown", "")]


def test_an_options_field_of_action_is_set_and_taken_away(built):
    first = built["questions"][0]["code"]
    data = ed.set_report(built, first, role="needs", breakdown=False)
    option = data["questions"][0]["choices"][0]["code"]
    text = data["questions"][0]["choices"][0]["text"]
    data = ed.update_option(data, first, option, text=text, field="health")
    assert questionnaire_from_dict(data).question(first).choices[0].field == "health"
    data = ed.update_option(data, first, option, text=text)
    assert "field" not in data["questions"][0]["choices"][0]
    with pytest.raises(ed.EditError) as refused:
        ed.update_option(data, first, option, text=text, field="sports")
    assert problems(refused) == [(first, f"choices.{option}.field", "")]
