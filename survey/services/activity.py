"""The record of what staff do with the data: one entry per action (viewing or
downloading a report, reviewing a free text, publishing results or a questionnaire,
changing a wave or an account, deleting a wave's raw answers). Entries hold no family
data. Services flush; the request (or the command) commits, so a refused action leaves
no entry.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from survey.dates import now
from survey.models import Activity, User, Wave

#: What the command line is called in the record.
COMMAND = "flask retention"


def record(
    session: Session,
    action: str,
    *,
    user: User | None,
    wave: Wave | None = None,
    district_id: int | None = None,
    detail: str = "",
    at: dt.datetime | None = None,
) -> Activity:
    """Record ``action`` by ``user`` (None: the retention command) on ``wave``, in the
    wave's district (else ``district_id``, else the account's), at ``at`` (else now)."""
    if district_id is None:
        district_id = wave.district_id if wave is not None else (user.district_id if user else None)
    entry = Activity(
        district_id=district_id,
        user_id=user.id if user is not None else None,
        account=user.email if user is not None else COMMAND,
        action=action,
        wave_id=wave.id if wave is not None else None,
        detail=detail[:200],
        made_at=at or now(),
    )
    session.add(entry)
    session.flush()
    return entry


def district_log(district_id: int) -> Select[Activity, str]:
    """The district's record, newest first, with each entry's wave name."""
    return (
        select(Activity, Wave.name)
        .outerjoin(Wave, Wave.id == Activity.wave_id)
        .where(Activity.district_id == district_id)
        .order_by(Activity.made_at.desc(), Activity.id.desc())
    )


def forget_old_entries(session: Session, before: dt.datetime) -> int:
    """Delete the entries made before ``before``; returns how many."""
    result = session.execute(delete(Activity).where(Activity.made_at < before))
    session.flush()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
