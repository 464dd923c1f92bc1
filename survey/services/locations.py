"""Locations (family centres, Kitas, district-mother teams) and their public short codes."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from survey.models import District, DistrictRegion, Location

# Upper-case letters and digits that cannot be mistaken for each other when typed from
# a poster: no 0/O, 1/I/L, 5/S, 2/Z, 8/B.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def random_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def code_is_free(session: Session, code: str) -> bool:
    """Whether no link uses the code yet: neither a location's nor a wave's own one."""
    from survey.models import wave_locations

    return (
        session.scalar(select(Location.id).filter_by(code=code)) is None
        and session.scalar(select(wave_locations.c.wave_id).where(wave_locations.c.code == code)) is None
    )


def new_location_code(session: Session, length: int = 6) -> str:
    """A new link code: 6 characters for a location, 7 for a wave's own link at one."""
    while True:
        code = random_code(length)
        if code_is_free(session, code):
            return code


def save_location(
    session: Session,
    district: District,
    *,
    name: str,
    kind: str,
    region: DistrictRegion | None,
    location: Location | None = None,
) -> Location:
    """Create a location of the district (with a new code) or change one."""
    if region is not None and region.district_id != district.id:
        raise ValueError("region of another district")
    if location is None:
        location = Location(code=new_location_code(session), district=district)
        session.add(location)
    location.name, location.kind, location.region = name.strip(), kind, region
    session.flush()
    return location
