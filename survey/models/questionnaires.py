"""Published questionnaire versions: immutable, stored whole, identified by a content hash."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.database import Base


class QuestionnaireVersion(Base):
    __tablename__ = "questionnaire_version"
    __table_args__ = (
        UniqueConstraint("district_id", "code", "number"),
        UniqueConstraint("district_id", "content_hash"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("length(content_hash) = 64", name="hash_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    content: Mapped[dict] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    published_on: Mapped[dt.date] = mapped_column(Date)
    # The district that published it; None for versions of the ready library made by the
    # system (the demo). Staff see and use their district's versions only.
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"), index=True)


class QuestionnaireDraft(Base):
    """A questionnaire being edited by a district's staff, in the questionnaire format's
    data form (``Questionnaire.to_data()``). Publishing freezes it as a new version."""

    __tablename__ = "questionnaire_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    content: Mapped[dict] = mapped_column(JSON)
    updated_on: Mapped[dt.date] = mapped_column(Date)
    published_version_id: Mapped[int | None] = mapped_column(ForeignKey("questionnaire_version.id"))

    published_version: Mapped[QuestionnaireVersion | None] = relationship()
