"""Synthetic waves for the demo, tests and benchmarks, made the way the web app makes
real ones: the questionnaire published as a version of the district (the one
publishing path), a wave at real locations, responses and answers as the family pages
store them — only the answers come from :mod:`analysis.synthetic` instead of families.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
from sqlalchemy import insert
from sqlalchemy.orm import Session

from questionnaires import Questionnaire
from questionnaires.questions import as_decimal, number_value
from survey.models import Answer, District, Location, Response, Wave
from survey.services.questionnaires import publish


def add_synthetic_wave(
    session: Session,
    *,
    questionnaire: Questionnaire,
    district: District,
    locations: Sequence[Location],
    name: str,
    opens_on: dt.date,
    closes_on: dt.date,
    responses: int,
    seed: int,
    today: dt.date,
) -> Wave:
    """A wave of ``responses`` synthetic answers, published and stored like a real one
    (flushed; the caller commits)."""
    from analysis.synthetic import wave_answers

    version = publish(session, questionnaire, today, district.id)
    wave = Wave(
        name=name,
        district=district,
        questionnaire_version=version,
        opens_on=opens_on,
        closes_on=closes_on,
        locations=list(locations),
    )
    session.add(wave)
    session.flush()
    places = [(place.code, place.region.code if place.region else None) for place in locations]
    answers = wave_answers(
        questionnaire,
        responses,
        locations=places,
        regions=[region.code for region in district.regions],
        seed=seed,
        wave_id=wave.id,
        opens_on=opens_on,
        days=(closes_on - opens_on).days + 1,
    )
    store(session, wave, answers)
    return wave


def store(session: Session, wave: Wave, answers: pd.DataFrame) -> None:
    """Store a tidy answers table (see :mod:`analysis.load`) as the wave's responses."""
    location_ids = {place.code: place.id for place in wave.locations}
    people = answers.drop_duplicates("response_id").sort_values("response_id")
    rows = [
        {
            "wave_id": wave.id,
            "location_id": location_ids[str(code)],
            "questionnaire_version_id": wave.questionnaire_version_id,
            "language": str(language),
            "submitted_on": pd.Timestamp(day).date(),
            "assisted": bool(helped),
        }
        for code, language, day, helped in zip(
            people["location"], people["language"], people["submitted_on"], people["assisted"], strict=True
        )
    ]
    ids = session.scalars(insert(Response).returning(Response.id, sort_by_parameter_order=True), rows).all()
    stored = dict(zip(people["response_id"].tolist(), ids, strict=True))
    given = answers[answers["question"].notna()]
    values = []
    columns = (given["response_id"], given["question"], given["choice"], given["number"], given["text"])
    for response_id, question, choice, number, text in zip(*columns, strict=True):
        values.append(
            {
                "response_id": stored[int(response_id)],
                "question": str(question),
                "choice": None if pd.isna(choice) else str(choice),
                "number": None if pd.isna(number) else number_value(as_decimal(float(number))),
                "text": None if text is None or pd.isna(text) else str(text),
            }
        )
    if values:
        session.execute(insert(Answer), values)
    session.flush()
