"""What the wave page may tell staff while answers arrive (no pandas, no numpy: staff
pages import it).

Per location only whether it has reached k answers, and all answers together rounded
down to a multiple of k. Nothing finer: a count of 1 to k - 1 never shows, and a
report's groups are checked against exactly this knowledge (see :mod:`analysis.groups`),
so that nothing on the page can be set against a report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

Key = TypeVar("Key")


@dataclass(frozen=True)
class Progress:
    at_least: int  # every answer so far, rounded down to a multiple of k
    reached: Mapping  # location -> whether it has at least k answers


def progress(counts: Mapping[Key, int], k: int) -> Progress:
    total = sum(counts.values())
    return Progress(total // k * k, {location: count >= k for location, count in counts.items()})


@dataclass(frozen=True)
class Step:
    """The day the answers so far reached ``at_least`` (a multiple of k)."""

    day: object  # a date
    at_least: int


def steps(per_day: Mapping, k: int) -> list[Step]:
    """The days on which all answers together reached the next multiple of k, in order.

    It is the page's own "at least n" as it stood at the end of each day: exactly what
    someone who opened the page every evening would have read, so it tells nothing the
    page has not shown already. Counts per day or per week would not do: a day's "fewer
    than k" is an upper bound, and with the total of a report several such bounds can
    meet it exactly (two days of "fewer than 5" and a report of 8 answers pin both days
    at 4)."""
    found: list[Step] = []
    total = shown = 0
    for day in sorted(per_day):
        total += per_day[day]
        if total // k * k > shown:
            shown = total // k * k
            found.append(Step(day, shown))
    return found
