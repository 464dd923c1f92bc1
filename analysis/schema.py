"""The few tables analysis reads (and the one it writes: ``wave_release``), declared
with SQLAlchemy Core.

These mirror the migrated schema of the web app (``survey/migrations``) but are declared
here, so that analysis never imports the web app. Only the columns analysis uses are
declared; the database must already be migrated. ``tests/analysis/test_schema.py``
checks every column declared here against a freshly migrated database, so the two
cannot drift apart unnoticed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    create_engine,
    event,
)

metadata = MetaData()

district = Table(
    "district",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(2)),
    Column("name", String(100)),
)

district_region = Table(
    "district_region",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(6)),
    Column("name", String(100)),
    Column("district_id", ForeignKey("district.id")),
)

location = Table(
    "location",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(12)),
    Column("name", String(200)),
    Column("district_id", ForeignKey("district.id")),
    Column("region_id", ForeignKey("district_region.id"), nullable=True),
    Column("kind", String(20)),
)

questionnaire_version = Table(
    "questionnaire_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(40)),
    Column("number", Integer),
    Column("title", String(300)),
    Column("content", JSON),
    Column("content_hash", String(64)),
    Column("published_on", Date),
    Column("district_id", ForeignKey("district.id"), nullable=True),
)

wave = Table(
    "wave",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200)),
    Column("district_id", ForeignKey("district.id")),
    Column("questionnaire_version_id", ForeignKey("questionnaire_version.id")),
    Column("opens_on", Date),
    Column("closes_on", Date),
    Column("codes_required", Boolean),
    Column("answers_deleted_on", Date, nullable=True),
)

wave_location = Table(
    "wave_location",
    metadata,
    Column("wave_id", ForeignKey("wave.id"), primary_key=True),
    Column("location_id", ForeignKey("location.id"), primary_key=True),
)

response = Table(
    "response",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("wave_id", ForeignKey("wave.id")),
    Column("location_id", ForeignKey("location.id")),
    Column("questionnaire_version_id", ForeignKey("questionnaire_version.id")),
    Column("language", String(20)),
    Column("submitted_on", Date),
    Column("assisted", Boolean),
)

answer = Table(
    "answer",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("response_id", ForeignKey("response.id")),
    Column("question", String(40)),
    Column("choice", String(40), nullable=True),
    Column("number", Numeric(11, 2, asdecimal=False), nullable=True),  # a float: whole or 2 decimals
    Column("text", Text, nullable=True),
)

text_review = Table(
    "text_review",
    metadata,
    Column("answer_id", ForeignKey("answer.id"), primary_key=True),
    Column("status", String(10)),
    Column("text", Text),
)

#: The review status of a text staff released for reports.
RELEASED = "released"

#: The released texts of a wave whose raw answers were deleted.
kept_text = Table(
    "kept_text",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("wave_id", ForeignKey("wave.id")),
    Column("response_id", Integer),
    Column("question", String(40)),
    Column("language", String(20)),
    Column("text", Text),
)

wave_release = Table(
    "wave_release",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("wave_id", ForeignKey("wave.id")),
    Column("number", Integer),
    Column("kind", String(10)),
    Column("responses", Integer),
    Column("last_response_id", Integer),
    Column("k", Integer),
    Column("made_on", Date),
    Column("content", JSON),
)

#: A wave's state (answers, places, closing, k and releases, as a hash) for which the
#: disclosure rules were found to allow no new release: checked again only when it changes.
wave_release_check = Table(
    "wave_release_check",
    metadata,
    Column("wave_id", ForeignKey("wave.id"), primary_key=True),
    Column("state", String(64)),
)


def engine_for(source: str | Engine, **options: Any) -> Engine:
    """An engine for a database URL (or the engine itself)."""
    if isinstance(source, Engine):
        return source
    engine = create_engine(source, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    return engine


@contextmanager
def using(source: str | Engine) -> Iterator[Engine]:
    """The engine of ``source``; one made here from a URL is disposed of afterwards."""
    if isinstance(source, Engine):
        yield source
        return
    engine = engine_for(source)
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def connected(source: str | Engine | Connection) -> Iterator[Connection]:
    """A connection to ``source``: the connection itself (its transaction is the
    caller's), or a new one of an engine or URL (closed afterwards)."""
    if isinstance(source, Connection):
        yield source
        return
    with using(source) as engine, engine.connect() as connection:
        yield connection


def _sqlite_foreign_keys(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
