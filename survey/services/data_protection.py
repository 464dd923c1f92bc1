"""The data-protection facts of the running installation, for the record of processing
activities: made from the app's settings, its tables and its roles each time they are
asked for, so they cannot go stale."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from survey.models import Answer, District, Response, Role, Wave

#: What each stored column of a response and its answers holds. A column without a
#: description is named as it is (and a test fails), so a new one is never left out.
STORED = {
    "response.id": _l("a running number of the response"),
    "response.wave_id": _l("the survey wave"),
    "response.location_id": _l("the location whose link or QR code was used"),
    "response.questionnaire_version_id": _l("the questionnaire version answered"),
    "response.language": _l("the language the family chose"),
    "response.submitted_on": _l("the day it was sent (no time)"),
    "response.assisted": _l("whether staff helped (answered on a staff device)"),
    "answer.id": _l("a running number of the answer"),
    "answer.response_id": _l("the response it belongs to"),
    "answer.question": _l("the question's code"),
    "answer.choice": _l("the chosen answer's code"),
    "answer.number": _l("a number typed in"),
    "answer.text": _l("a text typed in, e-mail addresses and telephone numbers masked"),
}
NOT_STORED = (
    _l("names, addresses or accounts of families"),
    _l("IP addresses, device or browser details (no access log; error logs drop addresses)"),
    _l("the time of day a response was sent"),
    _l("cookies on family pages (none are set), tracking or analytics"),
)
ROLES = {
    Role.STAFF: _l(
        "sets up and runs waves at their own locations, prints posters and codes, reviews free texts; "
        "sees counts in steps of k, no report"
    ),
    Role.DISTRICT_ADMIN: _l(
        "everything of the district: waves, questionnaires, accounts, reports (disclosure-controlled), "
        "results for families, this page and the activity log"
    ),
    Role.ADMIN: _l("as a district administrator, in every district; creates districts' administrators"),
}


@dataclass(frozen=True)
class WaveRetention:
    name: str
    last_day: dt.date
    days: int
    own: bool  # the wave's own period, not the district's default
    due_on: dt.date
    deleted_on: dt.date | None


@dataclass(frozen=True)
class Facts:
    district: str
    made_on: dt.date
    stored: list[tuple[str, str]]
    not_stored: list[str]
    district_days: int
    waves: list[WaveRetention]
    log_days: int
    used_form_days: int
    k: int
    database: str
    rate_limits: str
    roles: list[tuple[str, str]]
    talks_to: list[str]


def stored_fields() -> list[tuple[str, str]]:
    """Every column of a response and of its answers, with what it holds."""
    return [
        (name, str(STORED.get(name, name)))
        for model in (Response, Answer)
        for name in (f"{model.__tablename__}.{column.name}" for column in model.__table__.columns)
    ]


def _where(url: str) -> tuple[str, str | None]:
    """The database as an officer reads it (no user name or password), and the host the
    server talks to for it (None: a file on the server itself)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(_l("SQLite file %(path)s on the server", path=parsed.database or "")), None
    host = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    return str(_l("PostgreSQL database %(name)s at %(host)s", name=parsed.database or "", host=host)), host


def facts(session: Session, config: Mapping[str, Any], district: District, today: dt.date) -> Facts:
    """The facts for ``district`` as the app runs now."""
    database, database_host = _where(str(config["DATABASE_URL"]))
    limits = str(config["RATELIMIT_STORAGE_URI"])
    talks_to = [str(_l("the database (%(host)s)", host=database_host))] if database_host else []
    if limits.startswith("memory://") or not config["RATELIMIT_ENABLED"]:
        rate_limits = str(_l("in each worker's memory: keyed hashes, never an address"))
    else:
        store = make_url(limits)
        where = f"{store.host}:{store.port}"
        rate_limits = str(
            _l("%(store)s at %(host)s: keyed hashes, never an address", store=store.drivername, host=where)
        )
        talks_to.append(str(_l("the rate-limit store (%(host)s)", host=where)))
    waves = session.scalars(select(Wave).filter_by(district_id=district.id).order_by(Wave.closes_on.desc()))
    return Facts(
        district=district.name,
        made_on=today,
        stored=stored_fields(),
        not_stored=[str(text) for text in NOT_STORED],
        district_days=district.retention_days,
        waves=[
            WaveRetention(
                wave.name,
                wave.closes_on,
                wave.kept_days,
                wave.retention_days is not None,
                wave.deletion_due_on,
                wave.answers_deleted_on,
            )
            for wave in waves
        ],
        log_days=int(config["ACTIVITY_LOG_DAYS"]),
        used_form_days=int(config["ANSWER_MAX_DAYS"]) + 1,
        k=int(config["REPORT_K"]),
        database=database,
        rate_limits=rate_limits,
        roles=[(role.value, str(ROLES[role])) for role in Role],
        talks_to=talks_to,
    )
