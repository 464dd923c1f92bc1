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


def new_location_code(session: Session) -> str:
    while True:
        code = random_code(6)
        if session.scalar(select(Location.id).filter_by(code=code)) is None:
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
