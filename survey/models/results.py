"""Results back to families: what a wave found, in their languages, and what the district
does about it.

A wave has at most one set of results. Each finding is one answer to one question ("7 of
10 families: more advice in the evening"); its figure is copied from the wave's latest
release when staff add the finding or publish, never typed in. Each finding has measures
(what is done, by whom, from when, with a status) and a measure has dated updates. Texts
are kept per language (``{"de": "…", "ar": "…"}``); families see a language only once it is
complete and staff published it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.database import Base

MEASURE_STATUSES = ("planned", "started", "done", "not_possible")


class ResultSet(Base):
    __tablename__ = "result_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id", ondelete="CASCADE"), unique=True)
    languages: Mapped[list] = mapped_column(JSON, default=list)  # published in these; [] = not published
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    # what came of earlier waves' measures, as this wave's published figures show it (renewed
    # on publishing): [{"measure": id, "before": [count, base, tenths], "now": [count, base, tenths]}]
    effects: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    findings: Mapped[list[Finding]] = relationship(
        back_populates="result_set", order_by="Finding.position", cascade="all, delete-orphan"
    )

    @property
    def published(self) -> bool:
        return bool(self.languages)


class Finding(Base):
    __tablename__ = "result_finding"
    __table_args__ = (
        CheckConstraint("count >= 0 AND base >= count", name="count_within_base"),
        CheckConstraint("tenths BETWEEN 0 AND 10", name="tenths_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    result_set_id: Mapped[int] = mapped_column(ForeignKey("result_set.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    question: Mapped[str] = mapped_column(String(64))
    choice: Mapped[str] = mapped_column(String(64))
    texts: Mapped[dict] = mapped_column(JSON, default=dict)  # staff's wording; else the choice's text
    by: Mapped[str | None] = mapped_column(String(16))  # "location" or "region": the figure per group too
    groups: Mapped[list] = mapped_column(JSON, default=list)  # [[name, count, base, tenths], …]
    # the figure, from the release numbered ``release``: ``count`` of ``base`` families,
    # shown to families as ``tenths`` in 10
    count: Mapped[int]
    base: Mapped[int]
    tenths: Mapped[int]
    release: Mapped[int]
    result_set: Mapped[ResultSet] = relationship(back_populates="findings")
    measures: Mapped[list[Measure]] = relationship(
        back_populates="finding", order_by="Measure.position", cascade="all, delete-orphan"
    )


class Measure(Base):
    __tablename__ = "result_measure"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'started', 'done', 'not_possible')", name="known_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("result_finding.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    what: Mapped[dict] = mapped_column(JSON, default=dict)
    who: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[dict] = mapped_column(JSON, default=dict)  # why it is not possible
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    # the answer that would show its effect in a later wave (``question`` = ``choice``)
    question: Mapped[str | None] = mapped_column(String(64))
    choice: Mapped[str | None] = mapped_column(String(64))
    finding: Mapped[Finding] = relationship(back_populates="measures")
    updates: Mapped[list[MeasureUpdate]] = relationship(
        back_populates="measure", order_by="MeasureUpdate.id", cascade="all, delete-orphan"
    )


class MeasureUpdate(Base):
    __tablename__ = "result_measure_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("result_measure.id", ondelete="CASCADE"), index=True)
    made_on: Mapped[dt.date] = mapped_column(Date)
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    measure: Mapped[Measure] = relationship(back_populates="updates")
