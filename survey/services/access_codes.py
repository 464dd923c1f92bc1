"""One-time access codes: whether a code lets a family in, and spending it.

A code is spent in the same transaction that stores the response, so a response is
stored only with an unspent code and a code lets in only one response. The row keeps
just ``used = true``: no date and no link to the response.
"""

from __future__ import annotations

import re

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from survey.models import AccessCode

_NOT_CODE = re.compile(r"[\s\-]+")


class CodeNotUsable(Exception):
    """The code is unknown here or has been used."""


def normal_code(typed: str) -> str:
    """What a family typed, as stored: upper case, without spaces or dashes."""
    return _NOT_CODE.sub("", typed or "").upper()[:16]


def code_usable(session: Session, wave_id: int, location_id: int, code: str) -> bool:
    return (
        session.scalar(
            select(AccessCode.id).filter_by(wave_id=wave_id, location_id=location_id, code=code, used=False)
        )
        is not None
    )


def spend_code(session: Session, wave_id: int, location_id: int, code: str) -> None:
    """Mark the code used, within the caller's transaction; raise if it cannot be."""
    spent = session.execute(
        update(AccessCode)
        .where(
            AccessCode.wave_id == wave_id,
            AccessCode.location_id == location_id,
            AccessCode.code == code,
            AccessCode.used.is_(False),
        )
        .values(used=True)
    )
    assert isinstance(spent, CursorResult)  # an UPDATE's result counts its rows
    if spent.rowcount != 1:
        raise CodeNotUsable(code)
