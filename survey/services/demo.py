"""The demo survey that ``make run`` serves: Neukölln, two family centres, one open wave
(and, to show the reports, two earlier closed waves of synthetic answers)."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires.library import library_questionnaire
from survey.models import District, DistrictRegion, Location, Role, User, Wave
from survey.services.accounts import create_user, set_password
from survey.services.geography import load_districts
from survey.services.questionnaires import publish

DEMO_WAVE = "Demo: Familienbefragung"
DEMO_LOCATIONS = [
    ("FZRIXD", "Familienzentrum Rixdorf", "081004"),
    ("FZGROP", "Familienzentrum Gropiusstadt", "083009"),
]


def ensure_demo(session: Session, today: dt.date, with_answers: bool = False) -> list[Location]:
    """Create the demo survey if it is missing and keep its wave open around ``today``;
    ``with_answers``: also two earlier closed waves of synthetic answers, once."""
    load_districts(session)
    district = session.scalar(select(District).filter_by(code="08"))
    assert district is not None  # load_districts() has just made sure of it
    locations = []
    for code, name, region_code in DEMO_LOCATIONS:
        location = session.scalar(select(Location).filter_by(code=code))
        if location is None:
            region = session.scalar(select(DistrictRegion).filter_by(code=region_code))
            location = Location(code=code, name=name, district=district, region=region)
            session.add(location)
        locations.append(location)
    version = publish(session, library_questionnaire("family_needs"), today, district.id)
    wave = session.scalar(select(Wave).filter_by(name=DEMO_WAVE, questionnaire_version_id=version.id))
    if wave is None:
        wave = Wave(
            name=DEMO_WAVE,
            district=district,
            questionnaire_version=version,
            opens_on=today - dt.timedelta(days=7),
            closes_on=today,
            locations=locations,
        )
        session.add(wave)
    wave.opens_on = min(wave.opens_on, today)
    wave.closes_on = max(wave.closes_on, today + dt.timedelta(days=60))
    session.flush()
    yesterday = today - dt.timedelta(days=1)
    for older in session.scalars(select(Wave).filter(Wave.name == DEMO_WAVE, Wave.id != wave.id)):
        # an earlier demo (an older library version) ends, so one wave is open per link
        older.opens_on = min(older.opens_on, yesterday)
        older.closes_on = min(older.closes_on, yesterday)
    if with_answers and not session.scalar(select(Wave).filter(Wave.name.endswith(SYNTHETIC_MARK))):
        add_demo_waves(session, "family_needs", 400, 2, "08", 1, today, locations)
    session.flush()
    return locations


SYNTHETIC = "Demo: "
SYNTHETIC_MARK = "(synthetisch)"


def add_demo_waves(
    session: Session,
    source: str,
    responses: int,
    waves: int,
    district_code: str,
    seed: int,
    today: dt.date,
    locations: list[Location] | None = None,
) -> list[Wave]:
    """Closed waves of synthetic answers to ``source`` (a library code or a YAML file),
    half a year apart, the latest ending a week ago, at ``locations`` (by default the
    district's demo locations, made if missing). Flushed; the caller commits."""
    from pathlib import Path

    from questionnaires import load_questionnaire
    from questionnaires.library import library_codes
    from survey.services.synthetic import add_synthetic_wave

    questionnaire = (
        library_questionnaire(source) if source in library_codes() else load_questionnaire(Path(source))
    )
    load_districts(session)
    district = session.scalar(select(District).filter_by(code=district_code))
    if district is None:
        raise ValueError(f"no district {district_code!r}")
    if locations is None:
        locations = []
        for number, region in enumerate(district.regions[:: max(1, len(district.regions) // 3)][:3], start=1):
            code = f"DEMO{district_code}{number}"
            place = session.scalar(select(Location).filter_by(code=code))
            if place is None:
                place = Location(
                    code=code, name=f"Demo-Familienzentrum {region.name}", district=district, region=region
                )
                session.add(place)
            locations.append(place)
        session.flush()
    title = questionnaire.title.get("de", questionnaire.source_language)
    made = []
    for number in range(waves):
        closes_on = today - dt.timedelta(days=7 + 182 * (waves - 1 - number))
        opens_on = closes_on - dt.timedelta(days=27)
        name = f"{SYNTHETIC}{title} {format_season(opens_on)} {SYNTHETIC_MARK}"
        made.append(
            add_synthetic_wave(
                session,
                questionnaire=questionnaire,
                district=district,
                locations=locations,
                name=name,
                opens_on=opens_on,
                closes_on=closes_on,
                responses=responses,
                seed=seed + number,
                today=today,
            )
        )
    return made


def format_season(day: dt.date) -> str:
    return f"{'Frühjahr' if day.month <= 6 else 'Herbst'} {day.year}"


DEMO_ACCOUNT = "demo@mitsprache.example"


def ensure_demo_account(session: Session, today: dt.date) -> str:
    """The demo's district administrator of Neukölln, with a new random password each
    time (returned, to be shown once): the demo never has a known password."""
    password = secrets.token_urlsafe(12)
    account = session.scalar(select(User).filter_by(email=DEMO_ACCOUNT))
    if account is None:
        district = session.scalar(select(District).filter_by(code="08"))
        create_user(
            session,
            email=DEMO_ACCOUNT,
            name="Demo Neukölln",
            password=password,
            role=Role.DISTRICT_ADMIN,
            district=district,
            today=today,
        )
    else:
        set_password(session, account, password)
        session.flush()
    return password
