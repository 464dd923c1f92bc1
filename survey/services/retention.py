"""Raw answers kept only as long as needed.

A closed wave's responses and answers are deleted once its retention period has passed
(the wave's own number of days after its last day, else its district's). What was learnt
stays: the wave's releases (the disclosure-controlled figures every report, published
result and comparison is made from; the final one is made first), the results published
for families, and the free texts staff released, as released (question, language of the
answer and reviewed text only). Everything else of a response is gone, texts not released
included. The log of what staff did is itself kept for ``ACTIVITY_LOG_DAYS``.

Services flush; the command commits once, then :func:`compact` makes the database files
forget the deleted rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.orm import Session

from survey.models import Answer, District, KeptText, Response, TextReview, Wave
from survey.models.reviews import RELEASED
from survey.services.activity import forget_old_entries, record

#: The tables whose rows the retention deletes (compacted afterwards).
RAW_TABLES = ("answer", "response", "text_review")
MAX_DAYS = 3650


class RetentionError(ValueError):
    pass


def set_wave_retention(session: Session, wave: Wave, days: int | None) -> None:
    """Keep the wave's raw answers ``days`` after its last day (None: the district's
    default)."""
    if days is not None and not 0 <= days <= MAX_DAYS:
        raise RetentionError("days")
    wave.retention_days = days
    session.flush()


def set_district_retention(session: Session, district: District, days: int) -> None:
    """The district's default: days after a wave's last day until its raw answers go."""
    if not 0 <= days <= MAX_DAYS:
        raise RetentionError("days")
    district.retention_days = days
    session.flush()


@dataclass(frozen=True)
class Deleted:
    """A wave whose raw answers went. How many there were is not said anywhere: a count
    below k is what the wave page and the reports never show."""

    wave: Wave
    texts_kept: int


def days_for_place(session: Session, location_id: int, today: dt.date) -> int:
    """How long answers given at a location today are kept after their wave's last day:
    the longest period of the waves open there, else the district's default."""
    from survey.models import Location, wave_locations

    found = session.scalars(
        select(func.coalesce(Wave.retention_days, District.retention_days))
        .join(wave_locations, wave_locations.c.wave_id == Wave.id)
        .join(District, District.id == Wave.district_id)
        .where(wave_locations.c.location_id == location_id, Wave.opens_on <= today, Wave.closes_on >= today)
    ).all()
    if found:
        return max(found)
    return (
        session.scalar(
            select(District.retention_days)
            .join(Location, Location.district_id == District.id)
            .where(Location.id == location_id)
        )
        or 0
    )


def due_waves(session: Session, today: dt.date) -> list[Wave]:
    """Closed waves whose raw answers are due for deletion today, oldest first."""
    candidates = session.scalars(
        select(Wave).where(Wave.answers_deleted_on.is_(None), Wave.closes_on < today).order_by(Wave.closes_on)
    )
    return [wave for wave in candidates if wave.deletion_due_on <= today]


def delete_raw_answers(session: Session, wave: Wave, today: dt.date, k: int) -> Deleted:
    """Make the wave's final release (if the rules allow one that was not made yet), keep
    its released texts, then delete its responses, answers and reviews."""
    from survey.services.reports import publication

    publication(session, wave, today, k)
    responses = select(Response.id).where(Response.wave_id == wave.id)
    answers = select(Answer.id).where(Answer.response_id.in_(responses))
    released = session.execute(
        select(Answer.response_id, Answer.question, Response.language, TextReview.text)
        .join(TextReview, TextReview.answer_id == Answer.id)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.wave_id == wave.id, TextReview.status == RELEASED)
        .order_by(Answer.response_id, Answer.id)
    ).all()
    session.add_all(
        KeptText(wave_id=wave.id, response_id=response_id, question=question, language=language, text=kept)
        for response_id, question, language, kept in released
    )
    session.execute(delete(TextReview).where(TextReview.answer_id.in_(answers)))
    session.execute(delete(Answer).where(Answer.response_id.in_(responses)))
    session.execute(delete(Response).where(Response.wave_id == wave.id))
    wave.answers_deleted_on = today
    record(
        session,
        "answers_deleted",
        user=None,
        wave=wave,
        detail=f"{len(released)} released texts kept",
    )
    session.flush()
    return Deleted(wave, len(released))


def run_retention(session: Session, today: dt.date, now: dt.datetime, k: int, log_days: int) -> list[Deleted]:
    """Delete the raw answers of every wave that is due, and log entries older than
    ``log_days``."""
    deleted = [delete_raw_answers(session, wave, today, k) for wave in due_waves(session, today)]
    forget_old_entries(session, now - dt.timedelta(days=log_days))
    return deleted


def compact(engine: Engine) -> None:
    """Make the database files forget deleted rows: SQLite overwrites deleted content (its
    connections run with ``secure_delete``) and is vacuumed; PostgreSQL rewrites the raw
    tables (``VACUUM FULL``), so the old row versions leave the files."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(text("VACUUM"))
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        else:
            connection.execute(text(f"VACUUM FULL {', '.join(RAW_TABLES)}"))
