"""Storing a family's response: whole or not at all, and only once."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from questionnaires import Choice, Questionnaire
from survey.models import Answer, Response, UsedSubmission
from survey.services.access_codes import spend_code


@dataclass(frozen=True)
class Submission:
    wave_id: int
    location_id: int
    questionnaire_version_id: int
    language: str
    answers: Mapping[str, Any]
    nonce: str
    assisted: bool = False
    access_code: str = ""  # the one-time code that let the family in, if the wave needs one


def token_hash(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def was_submitted(engine: Engine, nonce: str) -> bool:
    """Whether the form with this nonce has been sent already. Asked on every screen, so
    it is one driver-level query on a pooled connection (its SQL is made once per
    database dialect)."""
    marker = "?" if engine.dialect.paramstyle == "qmark" else "%s"
    statement = f"SELECT 1 FROM used_submission WHERE token_hash = {marker}"
    driver_error = engine.dialect.loaded_dbapi.Error
    try:
        connection = engine.raw_connection()
    except driver_error as error:  # as SQLAlchemy's own error: answered like any outage
        raise DBAPIError.instance(statement, None, error, driver_error) from error
    try:
        cursor = connection.cursor()
        cursor.execute(statement, (token_hash(nonce),))
        found = cursor.fetchone() is not None
        cursor.close()
    except driver_error as error:
        connection.invalidate(error)  # never handed out again
        raise DBAPIError.instance(statement, None, error, driver_error) from error
    finally:
        connection.close()
    return found


def answer_rows(
    questionnaire: Questionnaire, answers: Mapping[str, Any], lists: Mapping[str, Sequence[Choice]]
) -> list[Answer]:
    """Check every answer again against the questionnaire and turn it into rows.

    Raises :class:`questionnaires.AnswerError` (or ``KeyError`` for an unknown question)
    so that nothing that does not fit the questionnaire is ever stored.
    """
    rows: list[Answer] = []
    for code, value in questionnaire.kept_answers(answers).items():
        question = questionnaire.question(code)
        checked = question.parse(question.form_values(value), lists)
        rows.extend(
            Answer(question=code, choice=row.choice, number=row.number, text=row.text)
            for row in question.rows(checked)
        )
    return rows


def submit_response(
    session: Session,
    submission: Submission,
    questionnaire: Questionnaire,
    lists: Mapping[str, Sequence[Choice]],
    today: dt.date,
    keep_days: int,
) -> bool:
    """Add the response, whole (in a savepoint of the request's transaction, which the
    request commits). Return False when this submission was already stored (a double tap,
    the back button, a retry): nothing new is added then. With an access code, the code is
    spent in the same savepoint; raises :class:`CodeNotUsable` (nothing added) when it has
    been used meanwhile."""
    rows = answer_rows(questionnaire, submission.answers, lists)
    used = token_hash(submission.nonce)
    try:
        with session.begin_nested():
            session.execute(delete(UsedSubmission).where(UsedSubmission.forget_after < today))
            session.add(UsedSubmission(token_hash=used, forget_after=today + dt.timedelta(days=keep_days)))
            session.flush()
            if submission.access_code:
                spend_code(session, submission.wave_id, submission.location_id, submission.access_code)
            session.add(
                Response(
                    wave_id=submission.wave_id,
                    location_id=submission.location_id,
                    questionnaire_version_id=submission.questionnaire_version_id,
                    language=submission.language,
                    submitted_on=today,
                    assisted=submission.assisted,
                    answers=rows,
                )
            )
            session.flush()
    except IntegrityError:  # the same form was stored meanwhile (its nonce is taken)
        if session.get(UsedSubmission, used) is not None:
            return False
        raise
    return True
