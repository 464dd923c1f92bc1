"""Backup and restore (PostgreSQL only): ``pg_dump -Fc`` of the database, ``pg_restore`` into
a new, empty database, and the wave, its responses with every answer and the schema's
Alembic version come back identical — the recipe of the README's "Backup and restore",
command for command. Locally a missing pg_dump skips the test; in CI it fails."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import subprocess

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from questionnaires import Choice, Text
from questionnaires.library import library_questionnaire
from survey.migrations import alembic_config
from survey.services.responses import Submission, submit_response
from tests.conftest import require
from tests.survey.family import Family

pytestmark = pytest.mark.committing  # pg_dump reads what is committed

NEEDS = library_questionnaire("family_needs")
TOOLS = ("pg_dump", "pg_restore", "createdb", "dropdb")


def libpq(url: str) -> tuple[str, dict[str, str]]:
    """The database name and the PG* environment that point the command-line tools at it."""
    parsed = make_url(url)
    env = dict(os.environ)
    for name, value in (
        ("PGHOST", parsed.host),
        ("PGPORT", parsed.port),
        ("PGUSER", parsed.username),
        ("PGPASSWORD", parsed.password),
    ):
        if value is not None:
            env[name] = str(value)
    return str(parsed.database), env


def run(*command: str, env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(command)}: {done.stderr}"


def snapshot(url: str, wave_id: int) -> dict[str, list[tuple]]:
    """The wave and everything that belongs to it, row by row, column by column."""
    queries = {
        "wave": "SELECT * FROM wave WHERE id = :wave",
        "wave_location": "SELECT * FROM wave_location WHERE wave_id = :wave ORDER BY location_id",
        "location": "SELECT l.* FROM location l JOIN wave_location w ON w.location_id = l.id"
        " WHERE w.wave_id = :wave ORDER BY l.id",
        "questionnaire_version": "SELECT v.* FROM questionnaire_version v JOIN wave w"
        " ON w.questionnaire_version_id = v.id WHERE w.id = :wave",
        "response": "SELECT * FROM response WHERE wave_id = :wave ORDER BY id",
        "answer": "SELECT a.* FROM answer a JOIN response r ON r.id = a.response_id"
        " WHERE r.wave_id = :wave ORDER BY a.id",
        "alembic_version": "SELECT version_num FROM alembic_version",
    }
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                name: [tuple(row) for row in conn.execute(text(sql), {"wave": wave_id})]
                for name, sql in queries.items()
            }
    finally:
        engine.dispose()


def store_responses(session, wave) -> None:
    """Responses as families leave them: through the app's service, in several languages,
    at both locations, with several answers to one question, one assisted."""
    region = wave.locations[0].region
    lists = {"district_regions": (Choice(region.code, Text({"de": region.name})),)}
    answers = [
        {"children_count": "2", "children_age": ["under_3", "6_11"], "district_region": region.code},
        {"children_count": "1", "benefits": "yes", "wellbeing": "good", "difficulties": ["money", "housing"]},
        {"caregivers": "alone", "offer_family_center": "used", "barriers": ["times", "language"]},
        {},
    ]
    for number in range(12):
        submission = Submission(
            wave_id=wave.id,
            location_id=wave.locations[number % 2].id,
            questionnaire_version_id=wave.questionnaire_version_id,
            language=("de", "tr", "ar")[number % 3],
            answers=answers[number % len(answers)],
            nonce=f"backup-{number}",
            assisted=number == 5,
        )
        assert submit_response(session, submission, NEEDS, lists, dt.date.today(), keep_days=8)
    session.commit()


def answer_as_a_family(client, code: str) -> None:
    family = Family(client, code, "de").start().answer("3")
    for _ in range(30):
        if family.screen == "review":
            break
        family.skip()
    assert family.screen == "review"
    assert family.submit().status == 200 and "Danke!" in family.html


def test_a_dump_restores_the_wave_its_answers_and_the_schema_version(
    app, session, client, make_wave, tmp_path
):
    url = app.config["DATABASE_URL"]
    if not url.startswith("postgresql"):
        pytest.skip("backup and restore with pg_dump are for PostgreSQL")
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    require(not missing, f"{', '.join(missing)} not installed (Debian: postgresql-client)")

    wave = make_wave(locations=2)
    store_responses(session, wave)
    answer_as_a_family(client, wave.locations[1].code)
    before = snapshot(url, wave.id)
    assert len(before["response"]) == 13 and len(before["answer"]) > 30
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    assert before["alembic_version"] == [(head,)]

    source, env = libpq(url)
    dump = tmp_path / "mitsprache.dump"
    run("pg_dump", "--format=custom", "--dbname", source, "--file", str(dump), env=env)
    target = f"mitsprache_restore_{secrets.token_hex(4)}"
    restored_url = make_url(url).set(database=target).render_as_string(hide_password=False)
    run("createdb", target, env=env)
    try:
        run("pg_restore", "--no-owner", "--exit-on-error", "--dbname", target, str(dump), env=env)
        assert snapshot(restored_url, wave.id) == before
        engine = create_engine(restored_url)
        try:  # the restored database takes new responses: its sequences went along
            with engine.connect() as conn:
                next_id = conn.execute(text("SELECT nextval(pg_get_serial_sequence('response', 'id'))"))
                assert next_id.scalar_one() > max(row[0] for row in before["response"])
        finally:
            engine.dispose()
    finally:
        run("dropdb", "--if-exists", "--force", target, env=env)
