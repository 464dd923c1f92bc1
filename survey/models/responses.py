"""Responses and their answers.

A response records where and in which language it was given and on which date, never
the time of day, the client address, the user agent or anything that could lead back
to the person. Answers hold codes, never translated labels.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, Date, Dialect, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from survey.database import Base


class AnswerNumber(TypeDecorator[int | Decimal]):
    """A number answer: NUMERIC(11, 2), up to 9 digits before the point and 2 after it.

    Read back as an int when it is whole (every answer to a whole-number question) and as
    an exact :class:`~decimal.Decimal` otherwise. The column is read as a float and turned
    back into its digits, so SQLite (which keeps such a number as a REAL) and PostgreSQL
    (an exact NUMERIC) give the same values: a float holds 11 significant digits exactly
    enough that its shortest form is the number that was stored."""

    impl = Numeric(11, 2, asdecimal=False)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or isinstance(value, int):
            return value
        return Decimal(str(value)).quantize(Decimal("0.01"))

    def process_result_value(self, value: Any, dialect: Dialect) -> int | Decimal | None:
        if value is None:
            return None
        exact = Decimal(repr(float(value))).quantize(Decimal("0.01"))
        return int(exact) if exact == exact.to_integral_value() else exact.normalize()


class Response(Base):
    __tablename__ = "response"

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    language: Mapped[str] = mapped_column(String(20))
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    assisted: Mapped[bool] = mapped_column(default=False)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="Answer.id"
    )


class Answer(Base):
    """One row per answer value: a chosen code, a number, or a (masked) text."""

    __tablename__ = "answer"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN choice IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN number IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN text IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_value",
        ),
        CheckConstraint("length(text) <= 300", name="text_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(String(40))
    choice: Mapped[str | None] = mapped_column(String(40))
    number: Mapped[int | Decimal | None] = mapped_column(AnswerNumber)
    text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="answers")


class UsedSubmission(Base):
    """Marks a submission token as used, so a repeated submit stores nothing new.

    Holds a hash of the token's random nonce and the date after which the row may go.
    It has no link to the response it produced.
    """

    __tablename__ = "used_submission"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    forget_after: Mapped[dt.date] = mapped_column(Date, index=True)
