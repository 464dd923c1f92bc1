"""Read-aloud recordings that staff upload: a question or a choice spoken in one language."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from survey.database import Base


class Recording(Base):
    """One recording of one questionnaire of a district, by the questionnaire's code (not a
    version: it stays when a new version is published), a language and a key — the
    question code (``wellbeing``) or question and choice code (``wellbeing.very_good``).
    The sound itself is stored here, so every worker and server sees the same, and a
    database backup holds it."""

    __tablename__ = "recording"
    __table_args__ = (
        UniqueConstraint("district_id", "questionnaire", "language", "key"),
        CheckConstraint("size > 0", name="size_positive"),
        CheckConstraint("length(sha256) = 64", name="hash_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    questionnaire: Mapped[str] = mapped_column(String(40))  # the questionnaire's code
    language: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(81))
    media_type: Mapped[str] = mapped_column(String(40))  # as found in the bytes, never as sent
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))  # of the bytes: the ETag and part of the URL
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    recorded_on: Mapped[dt.date] = mapped_column(Date)
