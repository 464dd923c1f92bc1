"""Reports made once and served until what they are made from changes.

A report (a page's report part, a PDF, a workbook, a CSV file) is kept in the database
under a key of everything it is made from: the wave's inputs
(:meth:`analysis.publication.ReportInputs.fingerprint`: its latest release, whether it
is open, its names and places, the texts staff released), the compared waves' inputs, the
reader's choices and the code that makes reports. Every worker and server sees the same
state. A report is remade only when one of these changes: a batch of k answers
completes, the wave closes or reopens, a text is released or withdrawn, a name changes
or a new version of the app is running. When the wave's own inputs change, what was kept
for the earlier ones is removed. Only what the report shows is ever kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from survey.models import ReportCache

#: The packages whose code makes a report: a change to any of their files makes every
#: report anew.
_MADE_BY = ("analysis", "questionnaires")


@cache
def code_version() -> str:
    """A hash of the source of the packages that make reports (once per process)."""
    root = Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    for package in _MADE_BY:
        for path in sorted((root / package).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".json", ".csv", ".yaml"):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def report_key(inputs: str, compared: str, *choices: object) -> str:
    """The key of a report made from ``inputs`` and ``compared`` (fingerprints) with the
    reader's ``choices`` (kind, language, breakdown …)."""
    facts = [code_version(), inputs, compared, [str(choice) for choice in choices]]
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest()


def kept_report(
    session: Session, wave_id: int, inputs: str, key: str, make: Callable[[], bytes], today: dt.date
) -> bytes:
    """The report under ``key``; made with ``make`` and kept when there is none. Flushes
    (in a savepoint, so that two workers making the same report at once both succeed)."""
    found = session.get(ReportCache, key)
    if found is not None:
        return found.content
    content = make()
    try:
        with session.begin_nested():
            session.execute(
                delete(ReportCache).where(ReportCache.wave_id == wave_id, ReportCache.inputs != inputs)
            )
            session.add(ReportCache(key=key, wave_id=wave_id, inputs=inputs, made_on=today, content=content))
    except IntegrityError:
        pass  # another request kept the same report meanwhile
    return content
