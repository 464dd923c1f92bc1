"""Fixtures for the analysis tests: real responses stored the way the web app stores them."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from flask import Flask
from sqlalchemy import Engine

from questionnaires import Choice, Text
from survey.models import Wave
from survey.services.questionnaires import questionnaire_of
from survey.services.responses import Submission, submit_response

DAY = dt.date(2026, 10, 5)


@pytest.fixture
def engine(app: Flask) -> Engine:
    """The test database's engine (analysis is given an engine or a URL, never the app)."""
    return app.extensions["database"].engine


@pytest.fixture
def submit(session):
    """Factory: store one response through the web app's own service.

    ``submit(wave, {"benefits": "yes"}, location=0, language="de", assisted=False, day=DAY)``
    """
    nonces = itertools.count()

    def store(
        wave: Wave,
        answers: dict,
        location: int = 0,
        language: str = "de",
        assisted: bool = False,
        day: dt.date = DAY,
    ) -> None:
        place = wave.locations[location]
        regions = tuple(Choice(r.code, Text({"de": r.name})) for r in place.district.regions)
        submission = Submission(
            wave_id=wave.id,
            location_id=place.id,
            questionnaire_version_id=wave.questionnaire_version_id,
            language=language,
            answers=answers,
            nonce=f"analysis-{next(nonces)}",
            assisted=assisted,
        )
        stored = submit_response(
            session,
            submission,
            questionnaire_of(wave.questionnaire_version),
            {"district_regions": regions},
            day,
            keep_days=8,
        )
        session.commit()
        assert stored

    return store
