"""Shared fixtures: one app per database backend for the whole session, a clean
database for each test, and factories that build surveys the way staff would.

The SQLite backend always runs. The PostgreSQL backend runs when TEST_DATABASE_URL
is set; under CI=true it must run, so a missing URL fails instead of skipping.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterator
from dataclasses import replace

import pytest
from flask import Flask
from sqlalchemy import MetaData, delete
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from questionnaires import Choice, Questionnaire, Text
from questionnaires.library import library_questionnaire
from survey import create_app
from survey.database import make_engine
from survey.extensions import db
from survey.migrations import upgrade
from survey.models import (
    AccessCode,
    Activity,
    District,
    Location,
    QuestionnaireDraft,
    QuestionnaireVersion,
    Recording,
    Response,
    ResultSet,
    Role,
    UsedSubmission,
    User,
    Wave,
)
from survey.services.accounts import create_user
from survey.services.geography import load_districts
from survey.services.questionnaires import publish, questionnaire_of
from survey.services.responses import Submission, submit_response

IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")


def require(condition: bool, reason: str) -> None:
    """Skip locally, fail under CI: CI must never pass with a part of the suite left out."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def fresh_schema(url: str) -> None:
    """Drop every table (ours and Alembic's) and migrate from nothing."""
    engine = make_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)
    engine.dispose()
    upgrade(url)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite'}"
    require(bool(POSTGRES_URL), "TEST_DATABASE_URL is not set, so the PostgreSQL tests cannot run")
    return POSTGRES_URL


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    fresh_schema(database_url)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "RATELIMIT_FAMILY_PAGES": "100000 per minute",
            "RATELIMIT_NEW_FORMS": "100000 per minute",
            "RATELIMIT_FAMILY_SCREENS": "100000 per minute",
            "FAMILY_LINK_CACHE_SECONDS": 0,  # tests change waves and expect to see it at once
        }
    )
    app.instance_path = str(tmp_path_factory.mktemp("instance"))
    with app.app_context():
        load_districts(db.session)
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def session(app: Flask, request: pytest.FixtureRequest) -> Iterator[Session]:
    """A session on the app's database for the test, outside any app context (so that each
    request of the test client gets its own context, as in production).

    The test runs in one transaction on one connection, rolled back afterwards: the app's
    requests (whose one commit is then the release of a savepoint), the services the test
    calls and the app's own reads on its pool (a single connection here) all share it. A
    test marked ``committing`` (threads, another process or app, a dump) commits for real;
    its survey rows are deleted afterwards."""
    if request.node.get_closest_marker("committing"):
        yield from _committing(app)
        return
    bound = app.extensions["database"]
    url = app.config["DATABASE_URL"]
    single = {"poolclass": StaticPool, "pool_reset_on_return": None}  # one connection, never reset
    engine = make_engine(url, **single, **({} if url.startswith("sqlite") else {"pool_pre_ping": False}))
    connection = engine.connect()
    outer = connection.begin()
    sessions = sessionmaker(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    app.extensions["database"] = replace(bound, engine=engine, sessions=sessions)
    session = sessions()
    try:
        yield session
    finally:
        session.close()
        app.extensions["database"] = bound
        outer.rollback()
        connection.close()
        engine.dispose()


def _committing(app: Flask) -> Iterator[Session]:
    session = app.extensions["database"].sessions()
    yield session
    session.rollback()
    for model in (
        Activity,
        Recording,
        ResultSet,
        Response,
        UsedSubmission,
        AccessCode,
        Wave,
        User,
        QuestionnaireDraft,
        Location,
        QuestionnaireVersion,
    ):
        session.execute(delete(model))
    session.commit()
    session.close()


@pytest.fixture
def client(app: Flask, session: Session):
    return app.test_client()


@pytest.fixture
def make_wave(session: Session):
    """Factory: a published questionnaire, open at new locations in Neukölln.

    ``make_wave(questionnaire="offer_feedback", locations=2, opens_in=0, closes_in=30)``
    (``questionnaire`` is a library code or a :class:`Questionnaire`)
    returns the wave; its locations have codes like ``T1AAAA``.
    """
    counter = iter(range(1, 10_000))

    def make(
        questionnaire: str | Questionnaire = "family_needs",
        locations: int = 1,
        opens_in: int = -1,
        closes_in: int = 30,
        today: dt.date | None = None,
    ) -> Wave:
        today = today or dt.date.today()
        district = session.query(District).filter_by(code="08").one()
        if isinstance(questionnaire, str):
            questionnaire = library_questionnaire(questionnaire)
        version = publish(session, questionnaire, today, district.id)
        places = [
            Location(
                code=f"T{next(counter)}AAAA",
                name=f"Familienzentrum {n}",
                district=district,
                region=district.regions[0],
            )
            for n in range(1, locations + 1)
        ]
        wave = Wave(
            name="Testwelle",
            district=district,
            questionnaire_version=version,
            opens_on=today + dt.timedelta(days=opens_in),
            closes_on=today + dt.timedelta(days=closes_in),
            locations=places,
        )
        session.add(wave)
        session.commit()
        return wave

    return make


PASSWORD = "a long test password"


@pytest.fixture
def make_user(session: Session):
    """Factory: an account that logs in with :data:`PASSWORD`.

    ``make_user("staff", district="08", locations=[...])``; roles are staff,
    district_admin and admin (an admin has no district).
    """
    counter = iter(range(1, 10_000))

    def make(
        role: str = "staff",
        district: str = "08",
        locations: list[Location] | None = None,
        email: str | None = None,
    ) -> User:
        place = None if role == Role.ADMIN else session.query(District).filter_by(code=district).one()
        user = create_user(
            session,
            email=email or f"{role}{next(counter)}@bezirk.example",
            name=f"{role} {district}",
            password=PASSWORD,
            role=role,
            district=place,
            today=dt.date.today(),
            locations=locations,
        )
        session.commit()
        return user

    return make


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
        day: dt.date = dt.date(2026, 10, 5),
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
