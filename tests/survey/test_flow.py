"""Moving through the questionnaire: next, skip, back, conditions, review, submit."""

from questionnaires import Choice, Text
from questionnaires.library import library_questionnaire
from survey.respond.flow import REVIEW, START, first_screen, position, step

NEEDS = library_questionnaire("family_needs")
FEEDBACK = library_questionnaire("offer_feedback")
LISTS = {"district_regions": (Choice("081004", Text({"de": "Rixdorf"})),)}


def go(questionnaire, answers, screen, nav, raw=(), edit=None):
    return step(questionnaire, LISTS, answers, screen, nav, list(raw), edit)


def test_start_leads_to_the_first_question():
    assert go(NEEDS, {}, START, "next").screen.name == "children_count"


def test_next_stores_the_answer_and_moves_on():
    result = go(NEEDS, {}, "children_count", "next", ["2"])
    assert result.answers == {"children_count": "2"}
    assert result.screen.name == "children_age"


def test_an_invalid_answer_stays_on_the_question_with_what_was_typed():
    result = go(NEEDS, {"children_count": "2"}, "difficulties", "next", ["money", "none"])
    assert result.screen.name == "difficulties"
    assert result.screen.error.code == "exclusive"
    assert result.screen.typed == ["money", "none"]
    assert result.answers == {"children_count": "2"}


def test_skip_forgets_an_earlier_answer_to_that_question():
    result = go(NEEDS, {"children_count": "2"}, "children_count", "skip", ["3"])
    assert result.answers == {}
    assert result.screen.name == "children_age"


def test_back_keeps_a_valid_answer_and_ignores_an_invalid_one():
    kept = go(NEEDS, {}, "children_age", "back", ["under_3"])
    assert kept.answers == {"children_age": ["under_3"]}
    assert kept.screen.name == "children_count"
    ignored = go(NEEDS, {"children_age": ["under_3"]}, "children_age", "back", ["bogus"])
    assert ignored.answers == {"children_age": ["under_3"]}
    assert go(NEEDS, {}, "children_count", "back").screen.name == START


def test_the_last_question_leads_to_the_review_and_the_review_submits():
    result = go(NEEDS, {}, "wishes", "next", ["other"])
    assert result.screen.name == REVIEW
    submitted = go(NEEDS, result.answers, REVIEW, "submit")
    assert submitted.submit and submitted.answers == {"wishes": ["other"]}


def test_a_condition_shows_the_follow_up_only_when_it_holds():
    shown = go(FEEDBACK, {}, "change", "next", ["more_often"])
    assert shown.screen.name == "change_more"
    hidden = go(FEEDBACK, {}, "change", "next", ["nothing"])
    assert hidden.screen.name == "come_again"
    # an answer to a follow-up that is no longer shown is not submitted
    answers = {"change": ["nothing"], "change_more": "abends"}
    assert go(FEEDBACK, answers, REVIEW, "submit").answers == {"change": ["nothing"]}


def test_editing_from_the_review_returns_to_the_review():
    edit = go(NEEDS, {"wishes": ["other"]}, REVIEW, "", edit="children_count")
    assert edit.screen.name == "children_count" and edit.screen.from_review
    back = go(NEEDS, {"wishes": ["other"]}, "children_count", "review", ["1"])
    assert back.screen.name == REVIEW
    assert back.answers == {"wishes": ["other"], "children_count": "1"}


def test_a_screen_that_does_not_exist_starts_at_the_first_question():
    assert go(NEEDS, {}, "no_such_question", "next", ["1"]).screen.name == "children_count"
    assert go(FEEDBACK, {}, "change_more", "next", ["x"]).screen.name == first_screen(FEEDBACK, {})


def test_progress_counts_only_questions_that_are_shown():
    assert position(NEEDS, {}, "children_count") == (1, 15)
    assert position(FEEDBACK, {}, "come_again") == (5, 5)
    assert position(FEEDBACK, {"change": ["more_often"]}, "come_again") == (6, 6)
