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
