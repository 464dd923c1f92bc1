"""What reports have published about a wave: every release, as decided.

A release holds only figures that may be published (shown counts and the places of
hidden ones) and what it fixed for later releases (the groups of every breakdown, the
ranges of number questions). Raw counts are never kept. Written and read by
:mod:`analysis.publication`; see :mod:`analysis.releases` for the rules.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from survey.database import Base


class WaveRelease(Base):
    __tablename__ = "wave_release"
    __table_args__ = (
        UniqueConstraint("wave_id", "number"),
        CheckConstraint("kind IN ('interim', 'full')", name="known_kind"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("responses >= 1", name="responses_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10))
    responses: Mapped[int]
    last_response_id: Mapped[int]
    k: Mapped[int]
    made_on: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[dict] = mapped_column(JSON)


class WaveReleaseCheck(Base):
    """The state of a wave (a hash of its answers' count and last id, its places, closing,
    k and releases) in which the disclosure rules allow no new release: the next report
    decides again only once it has changed."""

    __tablename__ = "wave_release_check"

    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = mapped_column(String(64))


class ReportCache(Base):
    """A report as made once (a page's report part or a download), under a key of
    everything it is made from (see ``survey.services.report_cache``): served again until
    one of those changes. It holds only what the report shows."""

    __tablename__ = "report_cache"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("wave.id", ondelete="CASCADE"), index=True)
    inputs: Mapped[str] = mapped_column(String(64))  # the wave's own inputs: older ones are removed
    made_on: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[bytes] = mapped_column(LargeBinary)
