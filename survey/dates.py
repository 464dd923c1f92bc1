"""Today's date where the survey runs. Responses store a date, never a time."""

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()


def now() -> dt.datetime:
    """The local time where the survey runs (for what staff did; never for a response)."""
    return dt.datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).replace(tzinfo=None, microsecond=0)
