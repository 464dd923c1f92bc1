"""One schema: the tables analysis declares (``analysis.schema``) are what the web app's
migrations make, and the web app's models are what its migrations make — on SQLite and
PostgreSQL alike, so that neither copy can drift unnoticed."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import JSON, Boolean, Date, Engine, Integer, MetaData, Numeric, String, Text, inspect

from analysis import schema
from survey.database import Base

#: What a declared type may come back as when the database is read.
_FAMILIES = (
    (Boolean, (Boolean, Integer)),
    (Integer, (Integer,)),
    (Numeric, (Numeric,)),
    (Date, (Date,)),
    (JSON, (JSON,)),
    (Text, (Text, String)),
    (String, (String,)),
)


def _fits(declared, found) -> bool:
    for kind, accepted in _FAMILIES:
        if isinstance(declared, kind):
            if not isinstance(found, accepted):
                return False
            length = getattr(declared, "length", None)
            return length is None or getattr(found, "length", None) in (None, length)
    return False


def test_every_table_and_column_analysis_reads_is_in_the_migrated_database(engine: Engine):
    found = MetaData()
    found.reflect(engine, only=list(schema.metadata.tables))
    problems = []
    for name, table in schema.metadata.tables.items():
        assert name in found.tables, f"analysis reads a table the migrations do not make: {name}"
        columns = found.tables[name].columns
        for column in table.columns:
            if column.name not in columns:
                problems.append(f"{name}.{column.name}: missing")
            elif not _fits(column.type, columns[column.name].type):
                problems.append(
                    f"{name}.{column.name}: declared {column.type}, migrated {columns[column.name].type}"
                )
            elif column.primary_key != columns[column.name].primary_key:
                problems.append(f"{name}.{column.name}: primary key differs")
    assert problems == []


def test_the_release_table_analysis_writes_has_every_column_the_database_requires(engine: Engine):
    declared = {c.name for c in schema.wave_release.columns}
    required = {
        c["name"]
        for c in inspect(engine).get_columns("wave_release")
        if not c["nullable"] and c.get("default") is None and not c.get("autoincrement")
    }
    assert required - {"id"} <= declared


def test_the_models_are_what_the_migrations_make(engine: Engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_analysis_reads_released_texts_by_the_web_apps_own_status():
    from survey.models.reviews import RELEASED

    assert schema.RELEASED == RELEASED
