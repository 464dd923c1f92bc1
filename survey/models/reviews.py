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
