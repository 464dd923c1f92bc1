"""Survey waves: one questionnaire version at some locations between two dates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.database import Base
from survey.models.organisation import District, Location
from survey.models.questionnaires import QuestionnaireVersion

wave_locations = Table(
    "wave_location",
    Base.metadata,
    Column("wave_id", ForeignKey("wave.id", ondelete="CASCADE"), primary_key=True),
    Column("location_id", ForeignKey("location.id"), primary_key=True, index=True),
)


class Wave(Base):
    __tablename__ = "wave"
    __table_args__ = (CheckConstraint("opens_on <= closes_on", name="dates_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_version.id"))
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date] = mapped_column(Date)

    district: Mapped[District] = relationship()
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    locations: Mapped[list[Location]] = relationship(secondary=wave_locations)

    def is_open(self, today: dt.date) -> bool:
        return self.opens_on <= today <= self.closes_on
