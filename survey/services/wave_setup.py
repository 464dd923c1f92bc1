"""Setting up survey waves: starting one, opening and closing it, changing its last day;
one-time access codes; how many families have answered.

Plain functions on a Session with plain values (and the wave they work on); they flush,
the request commits. A request that cannot be carried out raises :class:`WaveSetupError`
naming every problem before anything is changed.

A wave's dates are calendar days in the survey's time zone, both included: families can
answer from ``opens_on`` up to and including ``closes_on``. There is no time of day, so
"now" means "from today on" (see :func:`close_now`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from survey.models import AccessCode, Location, QuestionnaireVersion, Response, Wave, wave_locations
from survey.services.locations import random_code

DEFAULT_DAYS = 28  # a new wave runs four weeks unless staff choose otherwise
MAX_CODES = 500  # per generation: 50 pages of slips
CODE_LENGTH = 8
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Problem:
    """Why a request cannot be carried out: the form field it concerns (None: the whole
    request), a reason code and the values a message about it may name."""

    field: str | None
    reason: str
    details: dict[str, object] = dataclasses.field(default_factory=dict)  # `field` names the attribute


class WaveSetupError(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__(", ".join(problem.reason for problem in problems))
        self.problems = problems

    @property
    def reasons(self) -> set[str]:
        return {problem.reason for problem in self.problems}


@dataclass(frozen=True)
class NewWave:
    """A wave as staff describe it on the form."""

    name: str
    questionnaire_version_id: int | None
    location_ids: tuple[int, ...]
    opens_on: dt.date
    closes_on: dt.date
    codes_required: bool = False


def default_dates(today: dt.date) -> tuple[dt.date, dt.date]:
    """What the form suggests: open today, for four weeks."""
    return today, today + dt.timedelta(days=DEFAULT_DAYS)


def publishable_versions(session: Session, district_id: int) -> list[QuestionnaireVersion]:
    """The published questionnaire versions a wave of the district may use, newest first."""
    return list(
        session.scalars(
            select(QuestionnaireVersion)
            .filter_by(district_id=district_id)
            .order_by(QuestionnaireVersion.published_on.desc(), QuestionnaireVersion.id.desc())
        )
    )


def create_wave(
    session: Session, district_id: int, new: NewWave, *, allowed_location_ids: Collection[int], today: dt.date
) -> Wave:
    """Start a wave of the district at some of ``allowed_location_ids`` (the locations the
    person setting it up works with). It may not begin before today, and no location may
    have another wave open on the same days: a family link leads to one wave at a time."""
    problems: list[Problem] = []
    name = new.name.strip()
    if not name:
        problems.append(Problem("name", "no_name"))
    version = None
    if new.questionnaire_version_id is not None:
        version = session.scalar(
            select(QuestionnaireVersion).filter_by(id=new.questionnaire_version_id, district_id=district_id)
        )
    if version is None:
        problems.append(Problem("version", "unknown_version"))
    wanted = set(new.location_ids)
    locations = list(
        session.scalars(
            select(Location)
            .where(Location.id.in_(wanted), Location.district_id == district_id)
            .order_by(Location.name)
        )
    )
    if not wanted:
        problems.append(Problem("locations", "no_location"))
    elif len(locations) != len(wanted) or not wanted <= set(allowed_location_ids):
        problems.append(Problem("locations", "foreign_location"))
    if new.opens_on < today:
        problems.append(Problem("opens_on", "opens_in_past"))
    problems += _closing_problems(new.opens_on, new.closes_on, today)
    if problems:
        raise WaveSetupError(problems)
    shared = _shared_locations(
        session, None, [loc.id for loc in locations], new.opens_on, new.closes_on, today
    )
    wave = Wave(
        name=name,
        district_id=district_id,
        questionnaire_version=version,
        opens_on=new.opens_on,
        closes_on=new.closes_on,
        codes_required=new.codes_required,
        locations=locations,
    )
    session.add(wave)
    session.flush()
    _give_own_links(session, wave, shared)
    return wave


def _shared_locations(
    session: Session,
    wave_id: int | None,
    location_ids: list[int],
    opens_on: dt.date,
    closes_on: dt.date,
    today: dt.date,
) -> set[int]:
    """The locations whose own link leads to another wave on some of these days."""
    return {
        problem.details["location_id"]  # type: ignore[misc]
        for problem in _overlaps(session, wave_id, location_ids, opens_on, closes_on, today, None)
    }


def _give_own_links(session: Session, wave: Wave, location_ids: Collection[int]) -> None:
    """A link of the wave's own at each of these locations (their own link leads to
    another wave): a location takes part in several waves at once, each with its own link,
    QR code and poster."""
    from survey.services.locations import new_location_code

    for location_id in sorted(location_ids):
        session.execute(
            update(wave_locations)
            .where(wave_locations.c.wave_id == wave.id, wave_locations.c.location_id == location_id)
            .values(code=new_location_code(session, 7))
        )
    session.flush()


def link_codes(session: Session, wave: Wave) -> dict[int, str]:
    """The code of the link that leads to the wave at each of its locations: the location's
    own, or the wave's own link there."""
    rows = session.execute(
        select(Location.id, Location.code, wave_locations.c.code)
        .join(wave_locations, wave_locations.c.location_id == Location.id)
        .where(wave_locations.c.wave_id == wave.id)
    )
    return {location_id: own or code for location_id, code, own in rows}


def _link_location_ids(session: Session, wave: Wave) -> list[int]:
    """The wave's locations whose own link leads to it (no link of the wave's own there)."""
    return list(
        session.scalars(
            select(wave_locations.c.location_id).where(
                wave_locations.c.wave_id == wave.id, wave_locations.c.code.is_(None)
            )
        )
    )


@dataclass(frozen=True)
class WaveChange:
    """A running wave as staff change it: its name, last day, locations and (while nobody
    has answered) its questionnaire version."""

    name: str
    closes_on: dt.date
    location_ids: tuple[int, ...]
    questionnaire_version_id: int | None


def answers_per_location(session: Session, wave: Wave) -> dict[int, int]:
    rows = session.execute(
        select(Response.location_id, func.count())
        .where(Response.wave_id == wave.id)
        .group_by(Response.location_id)
    )
    return {location_id: number for location_id, number in rows}


def change_wave(
    session: Session, wave: Wave, change: WaveChange, *, allowed_location_ids: Collection[int], today: dt.date
) -> None:
    """Rename the wave, give it another last day, add or take away locations, and, as long
    as no family has answered, another questionnaire version. A location that has answers
    or printed codes stays (its answers belong to the wave); added locations must be the
    district's and the changer's own. Nothing changes when anything is refused."""
    problems: list[Problem] = []
    name = change.name.strip()
    if not name:
        problems.append(Problem("name", "no_name"))
    answered = answers_per_location(session, wave)
    version: QuestionnaireVersion | None = wave.questionnaire_version
    if change.questionnaire_version_id not in (None, wave.questionnaire_version_id):
        if answered:
            problems.append(Problem("version", "version_locked"))
        else:
            version = session.scalar(
                select(QuestionnaireVersion).filter_by(
                    id=change.questionnaire_version_id, district_id=wave.district_id
                )
            )
            if version is None:
                problems.append(Problem("version", "unknown_version"))
    current = set(_location_ids(wave))
    wanted = set(change.location_ids)
    locations = list(
        session.scalars(
            select(Location)
            .where(Location.id.in_(wanted), Location.district_id == wave.district_id)
            .order_by(Location.name)
        )
    )
    coded = set(code_counts(session, wave.id))
    if not wanted:
        problems.append(Problem("locations", "no_location"))
    elif len(locations) != len(wanted) or not (wanted - current) <= set(allowed_location_ids):
        problems.append(Problem("locations", "foreign_location"))
    for location in sorted(
        (
            place
            for place in wave.locations
            if place.id not in wanted and (place.id in answered or place.id in coded)
        ),
        key=lambda place: place.name,
    ):
        problems.append(Problem("locations", "location_in_use", {"location": location.name}))
    if change.closes_on != wave.closes_on:
        if wave.answers_deleted_on is not None:
            problems.append(Problem("closes_on", "answers_deleted"))
        problems += _closing_problems(wave.opens_on, change.closes_on, today)
    if not problems:
        kept = [i for i in _link_location_ids(session, wave) if i in wanted]
        problems += _overlaps(session, wave.id, kept, wave.opens_on, change.closes_on, today, "closes_on")
    if problems:
        raise WaveSetupError(problems)
    added = sorted(wanted - current)
    shared = _shared_locations(session, wave.id, added, wave.opens_on, change.closes_on, today)
    wave.name = name
    if change.closes_on != wave.closes_on:
        wave.closes_on = change.closes_on
        wave.planned_closes_on = None
    wave.locations = locations
    if version is not None:
        wave.questionnaire_version = version
    session.flush()
    _give_own_links(session, wave, shared)


def next_round(wave: Wave, today: dt.date) -> NewWave:
    """The next round of a wave as the new-wave form suggests it: the same questionnaire,
    locations and codes, for as many days as the wave was planned, from today on."""
    planned = (wave.planned_closes_on or wave.closes_on) - wave.opens_on
    numbered = re.fullmatch(r"(.*) \((\d+)\)", wave.name)
    name = f"{numbered.group(1)} ({int(numbered.group(2)) + 1})" if numbered else f"{wave.name} (2)"
    return NewWave(
        name=name,
        questionnaire_version_id=wave.questionnaire_version_id,
        location_ids=tuple(_location_ids(wave)),
        opens_on=today,
        closes_on=today + max(planned, dt.timedelta(days=1)),
        codes_required=wave.codes_required,
    )


def status(wave: Wave, today: dt.date) -> str:
    """``upcoming``, ``open`` or ``ended``."""
    if today < wave.opens_on:
        return "upcoming"
    return "open" if today <= wave.closes_on else "ended"


def open_now(session: Session, wave: Wave, today: dt.date) -> None:
    """Open a wave that has not begun yet from today on (its last day stays). A wave that
    has ended opens again by giving it a new last day (:func:`extend`)."""
    state = status(wave, today)
    if state != "upcoming":
        raise WaveSetupError([Problem(None, "already_open" if state == "open" else "ended")])
    problems = _overlaps(
        session, wave.id, _link_location_ids(session, wave), today, wave.closes_on, today, None
    )
    if problems:
        raise WaveSetupError(problems)
    wave.opens_on = today
    session.flush()


def close_now(session: Session, wave: Wave, today: dt.date) -> None:
    """Stop answers from now on: no family can answer the wave from today on.

    Dates have no time of day and the last day is included, so the wave's last day
    becomes yesterday. The database keeps ``opens_on <= closes_on``, so a wave that opened
    only today (or has not opened yet) gets yesterday as its first day as well: it then
    reads as a wave that ran on no day on which anyone answered, and family links say
    "closed" (410) from the next request on, as for any ended wave. Answers sent earlier
    today keep today's date, one day after the wave's new last day, and still count: the
    wave's dates say when families could answer, the responses when they did.
    Closing is undone with :func:`extend`.
    """
    if wave.closes_on < today:
        raise WaveSetupError([Problem(None, "already_closed")])
    yesterday = today - ONE_DAY
    if wave.planned_closes_on is None:
        wave.planned_closes_on = wave.closes_on  # what it was planned for stays known
    wave.closes_on = yesterday
    wave.opens_on = min(wave.opens_on, yesterday)
    session.flush()


def extend(session: Session, wave: Wave, closes_on: dt.date, today: dt.date) -> None:
    """Give the wave a new last day (usually later; earlier is fine while it is not past).
    A wave that has ended opens again at once, up to that day — not once its raw answers
    were deleted: its reports are kept results that new answers could not join."""
    if wave.answers_deleted_on is not None:
        raise WaveSetupError([Problem(None, "answers_deleted")])
    problems = _closing_problems(wave.opens_on, closes_on, today)
    if not problems:
        problems = _overlaps(
            session, wave.id, _link_location_ids(session, wave), wave.opens_on, closes_on, today, "closes_on"
        )
    if problems:
        raise WaveSetupError(problems)
    wave.closes_on = closes_on
    wave.planned_closes_on = None  # a new last day is the new plan
    session.flush()


def _location_ids(wave: Wave) -> list[int]:
    return [location.id for location in wave.locations]


def _closing_problems(opens_on: dt.date, closes_on: dt.date, today: dt.date) -> list[Problem]:
    if closes_on < today:
        return [Problem("closes_on", "closes_in_past")]
    if closes_on < opens_on:
        return [Problem("closes_on", "closes_before_opens")]
    return []


def _overlaps(
    session: Session,
    wave_id: int | None,
    location_ids: list[int],
    opens_on: dt.date,
    closes_on: dt.date,
    today: dt.date,
    field_name: str | None,
) -> list[Problem]:
    """Other waves at these locations that families could answer on one of the same days
    from today on."""
    start = max(opens_on, today)
    if not location_ids or closes_on < start:
        return []
    query = (
        select(Location.id, Location.name, Wave.name, Wave.opens_on, Wave.closes_on)
        .join(wave_locations, wave_locations.c.wave_id == Wave.id)
        .join(Location, Location.id == wave_locations.c.location_id)
        .where(
            wave_locations.c.location_id.in_(location_ids),
            wave_locations.c.code.is_(None),  # waves with a link of their own share the place
            Wave.opens_on <= closes_on,
            Wave.closes_on >= start,
        )
        .order_by(Location.name, Wave.opens_on)
    )
    if wave_id is not None:
        query = query.where(Wave.id != wave_id)
    return [
        Problem(
            field_name,
            "overlap",
            {
                "location": location,
                "location_id": location_id,
                "wave": wave,
                "opens_on": first,
                "closes_on": last,
            },
        )
        for location_id, location, wave, first, last in session.execute(query)
    ]


# One-time access codes ---------------------------------------------------------------


@dataclass(frozen=True)
class CodeCounts:
    made: int = 0
    used: int = 0


@dataclass(frozen=True)
class Batch:
    location_id: int
    number: int
    size: int


def generate_codes(session: Session, wave: Wave, location_id: int, count: int) -> int:
    """Make ``count`` new one-time codes for one location of a wave, as a new batch; returns
    the batch's number (new for each generation, counted per wave). Codes are unique within
    the wave: a random code the wave has already is drawn again."""
    problems = []
    if not wave.codes_required:
        problems.append(Problem(None, "codes_not_required"))
    if location_id not in _location_ids(wave):
        problems.append(Problem(None, "not_in_wave"))
    if not 1 <= count <= MAX_CODES:
        problems.append(Problem("count", "count", {"most": MAX_CODES}))
    if problems:
        raise WaveSetupError(problems)
    for _attempt in range(3):
        taken = set(session.scalars(select(AccessCode.code).filter_by(wave_id=wave.id)))
        last = session.scalar(select(func.max(AccessCode.batch)).where(AccessCode.wave_id == wave.id))
        batch = (last or 0) + 1
        codes: list[str] = []
        while len(codes) < count:
            code = random_code(CODE_LENGTH)
            if code not in taken:
                taken.add(code)
                codes.append(code)
        try:
            with session.begin_nested():
                session.add_all(
                    AccessCode(wave_id=wave.id, location_id=location_id, code=code, batch=batch)
                    for code in codes
                )
        except IntegrityError:  # someone else made the same code at the same moment: draw again
            continue
        return batch
    raise RuntimeError("could not make unique access codes")


def code_counts(session: Session, wave_id: int) -> dict[int, CodeCounts]:
    """Per location of the wave: how many codes were made and how many used (the counts
    only: the server knows no more about a used code than that it was used). How many were
    used is as many as answered there: pages show it only as :class:`Participation` does."""
    rows = session.execute(
        select(AccessCode.location_id, func.count(), func.sum(case((AccessCode.used, 1), else_=0)))
        .where(AccessCode.wave_id == wave_id)
        .group_by(AccessCode.location_id)
    )
    return {location_id: CodeCounts(made, int(used or 0)) for location_id, made, used in rows}


def batches(session: Session, wave_id: int) -> list[Batch]:
    """The batches of codes of a wave, oldest first."""
    rows = session.execute(
        select(AccessCode.location_id, AccessCode.batch, func.count())
        .where(AccessCode.wave_id == wave_id)
        .group_by(AccessCode.location_id, AccessCode.batch)
        .order_by(AccessCode.batch)
    )
    return [Batch(location_id, number, size) for location_id, number, size in rows]


def batch_codes(session: Session, wave_id: int, location_id: int, batch: int) -> list[str]:
    """The codes of one batch, in the order they were made; used or not, so that a sheet
    printed again is the same sheet and says nothing about who has answered."""
    return list(
        session.scalars(
            select(AccessCode.code)
            .filter_by(wave_id=wave_id, location_id=location_id, batch=batch)
            .order_by(AccessCode.id)
        )
    )


# Participation --------------------------------------------------------------------


@dataclass(frozen=True)
class Participation:
    """How far a wave has come, as the wave page may tell it: per location only whether
    it has reached k answers, and all answers together rounded down to a multiple of k
    (see :mod:`analysis.progress`: nothing finer, so that none of it can be
    set against a report)."""

    location_ids: tuple[int, ...]
    reached: dict[int, bool]
    at_least: int
    k: int


def answer_steps(session: Session, wave: Wave, location_ids: Collection[int], k: int) -> list:
    """When the answers at these locations reached 5, 10, 15 … (``analysis.progress.steps``)."""
    from analysis.progress import steps

    ids = tuple(location_ids)
    if not ids:
        return []
    rows = session.execute(
        select(Response.submitted_on, func.count())
        .where(Response.wave_id == wave.id, Response.location_id.in_(ids))
        .group_by(Response.submitted_on)
    )
    return steps({day: number for day, number in rows}, k)


def participation(session: Session, wave: Wave, location_ids: Collection[int], k: int) -> Participation:
    from analysis.progress import progress

    ids = tuple(location_ids)
    counts = {location_id: 0 for location_id in ids}
    if ids:
        rows = session.execute(
            select(Response.location_id, func.count())
            .where(Response.wave_id == wave.id, Response.location_id.in_(ids))
            .group_by(Response.location_id)
        )
        counts.update({location_id: number for location_id, number in rows})
    shown = progress(counts, k)
    return Participation(ids, {i: bool(shown.reached[i]) for i in ids}, shown.at_least, k)
