"""Survey waves: one questionnaire version at some locations between two dates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, String, Table, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.database import Base
from survey.models.organisation import District, Location
from survey.models.questionnaires import QuestionnaireVersion

wave_locations = Table(
    "wave_location",
    Base.metadata,
    Column("wave_id", ForeignKey("wave.id", ondelete="CASCADE"), primary_key=True),
    Column("location_id", ForeignKey("location.id"), primary_key=True, index=True),
    # The wave's own link at the location (``/s/<code>``) when the location takes part in
    # another wave on the same days; None: the location's own link leads to this wave.
    Column("code", String(12), unique=True, nullable=True),
)


class Wave(Base):
    __tablename__ = "wave"
    __table_args__ = (CheckConstraint("opens_on <= closes_on", name="dates_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date] = mapped_column(Date)  # the last day families can answer
    # The last day it was planned to run until, kept when it was closed early (else None).
    planned_closes_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    # Families need a printed one-time code to answer.
    codes_required: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Days after the last day until the raw answers are deleted; None: the district's default.
    retention_days: Mapped[int | None] = mapped_column(default=None)
    # The day the raw answers were deleted: from then on the wave's reports are its kept results.
    answers_deleted_on: Mapped[dt.date | None] = mapped_column(Date, default=None)

    district: Mapped[District] = relationship()
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    locations: Mapped[list[Location]] = relationship(secondary=wave_locations)

    def is_open(self, today: dt.date) -> bool:
        return self.opens_on <= today <= self.closes_on

    @property
    def kept_days(self) -> int:
        """Days after the last day until the raw answers are deleted."""
        return self.retention_days if self.retention_days is not None else self.district.retention_days

    @property
    def deletion_due_on(self) -> dt.date:
        """The first day the retention command deletes the raw answers."""
        return self.closes_on + dt.timedelta(days=self.kept_days + 1)


class AccessCode(Base):
    """A printed one-time code for one location of a wave. The server keeps only whether
    it has been used: no date, and no link to the response it let in."""

    __tablename__ = "access_code"
    __table_args__ = (UniqueConstraint("wave_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"), index=True)
    code: Mapped[str] = mapped_column(String(16))
    batch: Mapped[int]  # codes made together are printed together
    used: Mapped[bool] = mapped_column(default=False)

    location: Mapped[Location] = relationship()
