"""Today's date where the survey runs. Responses store a date, never a time."""

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app


def today() -> dt.date:
    return dt.datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()
