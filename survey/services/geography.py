"""Berlin's districts and district regions (LOR 2021)."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires import Choice, Text
from survey.models import District, DistrictRegion, Location

LOR_REGIONS = Path(__file__).resolve().parent.parent / "data" / "lor2021_district_regions.csv"


def load_districts(session: Session, path: Path = LOR_REGIONS) -> int:
    """Add the districts and district regions that are not there yet; return how many were added."""
    districts = {d.code: d for d in session.scalars(select(District))}
    regions = set(session.scalars(select(DistrictRegion.code)))
    added = 0
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            district = districts.get(row["bez_id"])
            if district is None:
                district = districts[row["bez_id"]] = District(code=row["bez_id"], name=row["bez_name"])
                session.add(district)
                added += 1
            if row["bzr_id"] not in regions:
                session.add(DistrictRegion(code=row["bzr_id"], name=row["bzr_name"], district=district))
                added += 1
    session.flush()
    return added


def region_choices(session: Session, location: Location) -> tuple[Choice, ...]:
    """The district regions of the location's district, as choices (code = LOR code)."""
    regions = session.scalars(
        select(DistrictRegion)
        .where(DistrictRegion.district_id == location.district_id)
        .order_by(DistrictRegion.name)
    )
    return tuple(Choice(region.code, Text({"de": region.name})) for region in regions)
