"""Staff review of free-text answers before any report shows them.

A review says what may be published of one free-text answer: released (with the text
as staff left it, e.g. with a name taken out) or rejected. It records the day, never
who reviewed it, so nothing links a text to a person on either side.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.database import Base
from survey.models.responses import Answer

RELEASED = "released"
REJECTED = "rejected"


class TextReview(Base):
    __tablename__ = "text_review"
    __table_args__ = (
        CheckConstraint("status IN ('released', 'rejected')", name="known_status"),
        CheckConstraint("length(text) <= 300", name="text_length"),
    )

    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)  # as released: the answer's text, redacted where staff edited it
    reviewed_on: Mapped[dt.date] = mapped_column(Date)

    answer: Mapped[Answer] = relationship()


class KeptText(Base):
    """A released text of a wave whose raw answers were deleted, as reports show it: the
    question, the language of the answer and the reviewed text (nothing else of the
    response is kept)."""

    __tablename__ = "kept_text"

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id", ondelete="CASCADE"), index=True)
    response_id: Mapped[int]  # the order of answers: which releases include it
    question: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
