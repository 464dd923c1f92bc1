"""Published questionnaire versions: immutable, stored whole, identified by a content hash."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, Date, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from survey.database import Base


class QuestionnaireVersion(Base):
    __tablename__ = "questionnaire_version"
    __table_args__ = (
        UniqueConstraint("code", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("length(content_hash) = 64", name="hash_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    content: Mapped[dict] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    published_on: Mapped[dt.date] = mapped_column(Date)
