"""The database: one engine per app, one session per request (or per CLI command).

Plain SQLAlchemy 2. Services receive a session and flush; the request boundary commits
once: after a response below 400 the request's session is committed, after any other it
is rolled back, so a refused or failed request stores nothing. A CLI command commits
once at its end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from werkzeug.wrappers import Response

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def make_engine(url: str, **options: Any) -> Engine:
    """An engine whose pooled connections are checked before use and renewed hourly, so
    that the first request after a database restart does not meet a dead connection."""
    if url.startswith("sqlite"):
        options.setdefault("connect_args", {"timeout": 15})
    else:
        options.setdefault("pool_pre_ping", True)
        options.setdefault("pool_recycle", 3600)
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "savepoint", _sqlite_begin_before_savepoint)
    return engine


def _sqlite_begin_before_savepoint(connection: Any, _name: str) -> None:
    """Python's sqlite3 begins a transaction only at a write; a SAVEPOINT outside one would
    be a transaction of its own, committed when released. Begin first, so a savepoint
    stays inside the request's transaction (and waits for the write lock, not fails)."""
    driver_connection = connection.connection.dbapi_connection
    if not driver_connection.in_transaction:
        driver_connection.execute("BEGIN IMMEDIATE")


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not just unlinked
    cursor.close()


@dataclass(frozen=True)
class _Bound:
    engine: Engine
    sessions: sessionmaker[Session]


class Database:
    """Hands out the current app's engine and a request-scoped session.

    The engine lives in ``app.extensions``, so several apps in one process (tests,
    benchmarks) each keep their own.
    """

    def init_app(self, app: Flask) -> None:
        engine = make_engine(app.config["DATABASE_URL"])
        app.extensions["database"] = _Bound(engine, sessionmaker(engine, expire_on_commit=False))
        app.after_request(self._end_request)
        app.teardown_appcontext(self._close)

    @property
    def engine(self) -> Engine:
        return current_app.extensions["database"].engine

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            g.db_session = current_app.extensions["database"].sessions()
        return g.db_session

    def _end_request(self, response: Response) -> Response:
        """The request's one commit, or its rollback after an error status. A commit the
        database refuses raises on, to the error pages (503, a family's answers kept)."""
        session: Session | None = g.get("db_session")
        if session is None or not session.in_transaction():
            return response
        if response.status_code >= 400:
            session.rollback()
            return response
        try:
            session.commit()
        except BaseException:
            session.rollback()
            raise
        return response

    def _close(self, _exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()
