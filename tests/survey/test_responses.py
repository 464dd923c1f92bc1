"""Storing a response: whole or not at all, exactly once, nothing that identifies anyone."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import DateTime, Time, func, inspect, select

from questionnaires import AnswerError, Choice, Text
from questionnaires.library import library_questionnaire
from survey.extensions import db
from survey.models import Answer, Response, UsedSubmission
from survey.services.responses import Submission, submit_response

NEEDS = library_questionnaire("family_needs")
TODAY = dt.date(2026, 11, 21)


def lists_for(wave):
    region = wave.locations[0].region
    return {"district_regions": (Choice(region.code, Text({"de": region.name})),)}


def submission(wave, answers, nonce="nonce-1", language="de"):
    return Submission(
        wave_id=wave.id,
        location_id=wave.locations[0].id,
        questionnaire_version_id=wave.questionnaire_version_id,
        language=language,
        answers=answers,
        nonce=nonce,
    )


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_response_is_stored_with_its_answers_as_codes(session, make_wave):
    wave = make_wave()
    region = wave.locations[0].region.code
    answers = {"children_count": "2", "children_age": ["under_3", "6_11"], "district_region": region}
    assert submit_response(
        session, submission(wave, answers, language="ar"), NEEDS, lists_for(wave), TODAY, keep_days=8
    )
    response = session.scalar(select(Response))
    assert (response.language, response.submitted_on, response.assisted) == ("ar", TODAY, False)
    assert sorted((a.question, a.choice) for a in response.answers) == [
        ("children_age", "6_11"),
        ("children_age", "under_3"),
        ("children_count", "2"),
        ("district_region", region),
    ]


def test_the_same_submission_twice_stores_one_response(session, make_wave):
    wave = make_wave()
    first = submit_response(session, submission(wave, {"children_count": "1"}), NEEDS, {}, TODAY, 8)
    again = submit_response(session, submission(wave, {"children_count": "1"}), NEEDS, {}, TODAY, 8)
    assert (first, again) == (True, False)
    assert count(session, Response) == 1
    assert count(session, Answer) == 1


def test_an_invalid_answer_stores_nothing(session, make_wave):
    wave = make_wave()
    bad = {"children_count": "2", "difficulties": ["money", "housing", "health", "stress"]}
    with pytest.raises(AnswerError):
        submit_response(session, submission(wave, bad), NEEDS, {}, TODAY, 8)
    assert count(session, Response) == count(session, Answer) == count(session, UsedSubmission) == 0


def test_a_failure_half_way_leaves_no_trace(session, make_wave):
    """The database refuses the answer rows (a text too long for its CHECK); the
    response row and the used-token mark must go with them."""
    wave = make_wave("offer_feedback")
    questionnaire = library_questionnaire("offer_feedback")
    too_long = {"change": ["more_often"], "change_more": "x" * 300}
    # bypass the question's own check to reach the database constraint
    question = questionnaire.question("change_more")
    object.__setattr__(question, "max_length", 400)
    try:
        with pytest.raises(Exception):  # noqa: B017  (IntegrityError or DataError, by backend)
            submit_response(
                session, submission(wave, {**too_long, "change_more": "y" * 350}), questionnaire, {}, TODAY, 8
            )
    finally:
        object.__setattr__(question, "max_length", 300)
    session.rollback()
    assert count(session, Response) == count(session, Answer) == count(session, UsedSubmission) == 0
    assert submit_response(session, submission(wave, too_long, nonce="n2"), questionnaire, {}, TODAY, 8)


def test_answers_to_hidden_questions_are_not_stored(session, make_wave):
    wave = make_wave("offer_feedback")
    questionnaire = library_questionnaire("offer_feedback")
    answers = {"change": ["nothing"], "change_more": "abends"}
    submit_response(session, submission(wave, answers), questionnaire, {}, TODAY, 8)
    assert [a.question for a in session.scalars(select(Answer))] == ["change"]


def test_used_marks_are_forgotten_after_their_date(session, make_wave):
    wave = make_wave()
    submit_response(session, submission(wave, {}, nonce="old"), NEEDS, {}, TODAY, keep_days=1)
    later = TODAY + dt.timedelta(days=5)
    submit_response(session, submission(wave, {}, nonce="new"), NEEDS, {}, later, keep_days=1)
    assert [u.forget_after for u in session.scalars(select(UsedSubmission))] == [later + dt.timedelta(1)]


@pytest.mark.committing  # several threads, each with its own connection
def test_concurrent_submits_of_one_response_store_it_once(app, session, make_wave):
    """A double tap on a slow connection: two requests with the same token at once."""
    wave = make_wave()
    sub = submission(wave, {"children_count": "3"}, nonce="tap-tap")
    results: list[bool] = []
    barrier = threading.Barrier(4)

    def tap():
        with app.app_context():
            barrier.wait()
            results.append(submit_response(db.session, sub, NEEDS, {}, TODAY, 8))
            db.session.commit()  # as the request does

    threads = [threading.Thread(target=tap) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [False, False, False, True]
    assert count(session, Response) == 1


def test_nothing_in_the_schema_can_hold_a_time_an_address_or_a_respondent(app, session):
    inspector = inspect(app.extensions["database"].engine)
    for table in ("response", "answer", "used_submission"):
        for column in inspector.get_columns(table):
            assert not isinstance(column["type"], DateTime | Time), (table, column["name"])
            assert not any(word in column["name"] for word in ("ip", "agent", "time", "user", "session")), (
                table,
                column["name"],
            )
    assert {c["name"] for c in inspector.get_columns("response")} == {
        "id",
        "wave_id",
        "location_id",
        "questionnaire_version_id",
        "language",
        "submitted_on",
        "assisted",
    }
    assert not [fk for fk in inspector.get_foreign_keys("used_submission")], "a used mark links to nothing"
