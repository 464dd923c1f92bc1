"""What staff did with the data: who, what, which wave, when. It holds no family data and
is itself deleted after ``ACTIVITY_LOG_DAYS`` (by the retention command)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from survey.database import Base


class Activity(Base):
    __tablename__ = "activity_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    account: Mapped[str] = mapped_column(String(254))  # the account's e-mail then, or the command
    action: Mapped[str] = mapped_column(String(40))
    wave_id: Mapped[int | None] = mapped_column(ForeignKey("wave.id", ondelete="SET NULL"), index=True)
    detail: Mapped[str] = mapped_column(String(200), default="")
    made_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
