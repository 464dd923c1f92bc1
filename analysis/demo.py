"""Fill a database with a synthetic wave of the default questionnaire (``demo-data``).

The database must already have the Mitsprache schema (``flask --app wsgi migrate``):
analysis does not run the web app's migrations. Districts and district regions are
added from the LOR data if they are missing; the questionnaire version, six demo
locations and the wave are created; then the synthetic responses are stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
from sqlalchemy import Engine, func, insert, inspect, select

from analysis import schema as s
from analysis.geography import regions as lor_regions
from analysis.synthetic import wave_answers
from questionnaires.library import library_questionnaire

LOCATION_NAMES = ("Familienzentrum", "Kita", "Stadtteilmütter", "Familiencafé", "Elternzentrum", "Bibliothek")


class NotMigrated(RuntimeError):
    pass


def require_schema(engine: Engine) -> None:
    missing = [
        t
        for t in ("district", "location", "wave", "response", "answer", "questionnaire_version")
        if not inspect(engine).has_table(t)
    ]
    if missing:
        raise NotMigrated(
            "the database has no Mitsprache schema (missing: " + ", ".join(missing) + "). "
            "Migrate it first with the web app: MITSPRACHE_DATABASE_URL=... flask --app wsgi migrate"
        )


def fill(
    engine: Engine,
    responses: int = 1000,
    seed: int = 1,
    district_code: str = "08",
    today: dt.date | None = None,
    report: Callable[[str], None] = print,
) -> int:
    """Create a closed synthetic wave with ``responses`` responses; return its id."""
    require_schema(engine)
    today = today or dt.date.today()
    questionnaire = library_questionnaire("family_needs")
    with engine.begin() as c:
        district_id = _districts(c, district_code)
        region_rows = c.execute(
            select(s.district_region.c.id, s.district_region.c.code)
            .where(s.district_region.c.district_id == district_id)
            .order_by(s.district_region.c.code)
        ).all()
        region_ids = {code: rid for rid, code in region_rows}
        codes = list(region_ids)
        version_id = _version(c, questionnaire, today)
        rng = np.random.default_rng(seed)
        spread = [codes[int(i)] for i in np.linspace(0, len(codes) - 1, min(6, len(codes)))]
        places = []
        for number, region in enumerate(spread, start=1):
            code = f"DEMO{district_code}{number}"
            found = c.execute(select(s.location.c.id).where(s.location.c.code == code)).scalar()
            if found is None:
                name = (
                    f"{LOCATION_NAMES[(number - 1) % len(LOCATION_NAMES)]} {lor_regions()[region].name}"
                    if region in lor_regions()
                    else f"{LOCATION_NAMES[0]} {number}"
                )
                found = c.execute(
                    insert(s.location)
                    .values(code=code, name=name, district_id=district_id, region_id=region_ids[region])
                    .returning(s.location.c.id)
                ).scalar_one()
            places.append((found, code, region))
        opens_on = today - dt.timedelta(days=35)
        wave_id = c.execute(
            insert(s.wave)
            .values(
                name=f"Demo: synthetische Familienbefragung (Seed {seed})",
                district_id=district_id,
                questionnaire_version_id=version_id,
                opens_on=opens_on,
                closes_on=today - dt.timedelta(days=7),
            )
            .returning(s.wave.c.id)
        ).scalar_one()
        c.execute(insert(s.wave_location), [{"wave_id": wave_id, "location_id": p[0]} for p in places])
        answers = wave_answers(
            questionnaire,
            responses,
            locations=[(p[1], p[2]) for p in places],
            regions=codes,
            seed=int(rng.integers(1 << 30)),
            wave_id=wave_id,
            opens_on=opens_on,
            days=28,
        )
        location_ids = {p[1]: p[0] for p in places}
        people = answers.drop_duplicates("response_id")
        rows = [
            {
                "wave_id": wave_id,
                "location_id": location_ids[str(loc)],
                "questionnaire_version_id": version_id,
                "language": str(lang),
                "submitted_on": day.date(),
                "assisted": bool(helped),
            }
            for loc, lang, day, helped in zip(
                people["location"],
                people["language"],
                people["submitted_on"],
                people["assisted"],
                strict=True,
            )
        ]
        ids = (
            c.execute(insert(s.response).returning(s.response.c.id, sort_by_parameter_order=True), rows)
            .scalars()
            .all()
        )
        stored_id = dict(zip(people["response_id"].tolist(), ids, strict=True))
        given = answers[answers["question"].notna()]
        c.execute(
            insert(s.answer),
            [
                {
                    "response_id": stored_id[int(r)],
                    "question": str(q),
                    "choice": None if ch is None else str(ch),
                    "number": None,
                    "text": None,
                }
                for r, q, ch in zip(
                    given["response_id"],
                    given["question"],
                    given["choice"].astype(object).where(given["choice"].notna(), None),
                    strict=True,
                )
            ],
        )
    report(
        f"wave {wave_id}: {responses} synthetic responses at {len(places)} locations in district "
        f"{district_code}"
    )
    return wave_id


def _districts(c, district_code: str) -> int:
    """Add Berlin's districts and district regions that are missing; the district's id."""
    known = dict(c.execute(select(s.district.c.code, s.district.c.id)).all())
    known_regions = set(c.execute(select(s.district_region.c.code)).scalars())
    for region in sorted(lor_regions().values(), key=lambda r: r.code):
        if region.district_code not in known:
            known[region.district_code] = c.execute(
                insert(s.district)
                .values(code=region.district_code, name=region.district_name)
                .returning(s.district.c.id)
            ).scalar_one()
        if region.code not in known_regions:
            c.execute(
                insert(s.district_region).values(
                    code=region.code, name=region.name, district_id=known[region.district_code]
                )
            )
    if district_code not in known:
        raise ValueError(f"no district {district_code!r}")
    return known[district_code]


def _version(c, questionnaire, today: dt.date) -> int:
    digest = questionnaire.content_hash()
    found = c.execute(
        select(s.questionnaire_version.c.id).where(s.questionnaire_version.c.content_hash == digest)
    ).scalar()
    if found is not None:
        return found
    latest = c.execute(
        select(func.max(s.questionnaire_version.c.number)).where(
            s.questionnaire_version.c.code == questionnaire.code
        )
    ).scalar()
    return c.execute(
        insert(s.questionnaire_version)
        .values(
            code=questionnaire.code,
            number=(latest or 0) + 1,
            title=questionnaire.title.get(questionnaire.source_language, questionnaire.source_language),
            content=questionnaire.to_data(),
            content_hash=digest,
            published_on=today,
        )
        .returning(s.questionnaire_version.c.id)
    ).scalar_one()
