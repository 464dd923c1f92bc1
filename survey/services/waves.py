"""What a family link leads to, as plain values: the place and its current waves."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from questionnaires import Choice
from survey.models import Location, QuestionnaireVersion, Wave, wave_locations
from survey.services.geography import region_choices


@dataclass(frozen=True)
class Place:
    """A location as families see it."""

    id: int
    code: str
    name: str
    district: str
    district_id: int = 0  # whose recordings the questionnaire is read aloud with


@dataclass(frozen=True)
class WaveDates:
    id: int
    questionnaire_version_id: int
    content_hash: str  # of the questionnaire version: names its content exactly
    opens_on: dt.date
    closes_on: dt.date
    codes_required: bool = False

    def is_open(self, today: dt.date) -> bool:
        return self.opens_on <= today <= self.closes_on


@dataclass(frozen=True)
class FamilyLink:
    """``/s/<code>``: the place (None for an unknown code), the waves there that have not
    ended yet, and the district regions a family may name as where it lives."""

    place: Place | None
    waves: tuple[WaveDates, ...] = ()
    regions: tuple[Choice, ...] = ()

    def open_wave(self, today: dt.date) -> WaveDates | None:
        """The wave a family answers today: of those open, the one opened last."""
        open_now = [wave for wave in self.waves if wave.is_open(today)]
        return max(open_now, key=lambda w: (w.opens_on, w.id), default=None)


def find_family_link(session: Session, code: str, today: dt.date) -> FamilyLink:
    """A location's own link leads to its waves that have no link of their own there; a
    wave's own link at a location (when the location takes part in several waves at once)
    leads to that wave alone. Answers count for the location either way."""
    code = code.upper()
    location = session.scalar(select(Location).filter_by(code=code).options(joinedload(Location.district)))
    only_wave = None
    if location is None:
        row = session.execute(
            select(wave_locations.c.wave_id, wave_locations.c.location_id).where(
                wave_locations.c.code == code
            )
        ).first()
        if row is None:
            return FamilyLink(None)
        only_wave = row.wave_id
        location = session.scalar(
            select(Location).filter_by(id=row.location_id).options(joinedload(Location.district))
        )
        assert location is not None
    query = (
        select(
            Wave.id,
            Wave.questionnaire_version_id,
            QuestionnaireVersion.content_hash,
            Wave.opens_on,
            Wave.closes_on,
            Wave.codes_required,
        )
        .join(wave_locations)
        .join(QuestionnaireVersion)
        .where(wave_locations.c.location_id == location.id, Wave.closes_on >= today)
    )
    query = query.where(wave_locations.c.code.is_(None) if only_wave is None else Wave.id == only_wave)
    waves = session.execute(query)
    return FamilyLink(
        Place(location.id, code, location.name, location.district.name, location.district_id),
        tuple(WaveDates(*row) for row in waves),
        region_choices(session, location),
    )
