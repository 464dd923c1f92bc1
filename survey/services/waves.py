"""Finding the wave a family link leads to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from survey.models import Location, Wave, wave_locations


@dataclass(frozen=True)
class FamilyLink:
    """What ``/s/<code>`` leads to: a location, and its open wave if there is one."""

    location: Location | None
    wave: Wave | None

    @property
    def exists(self) -> bool:
        return self.location is not None

    @property
    def is_open(self) -> bool:
        return self.wave is not None


def resolve_family_link(session: Session, code: str, today: dt.date) -> FamilyLink:
    location = session.scalar(select(Location).filter_by(code=code.upper()))
    if location is None:
        return FamilyLink(None, None)
    wave = session.scalar(
        select(Wave)
        .join(wave_locations)
        .where(wave_locations.c.location_id == location.id)
        .where(Wave.opens_on <= today, Wave.closes_on >= today)
        .options(joinedload(Wave.questionnaire_version))
        .order_by(Wave.opens_on.desc(), Wave.id.desc())
        .limit(1)
    )
    return FamilyLink(location, wave)
