"""The one door: everything any report, download or page publishes about a wave.

:func:`publish` is called by the web reports and by ``python -m analysis`` alike. It
reads a wave's answers and its recorded releases, makes the next release if the rules
allow one (:mod:`analysis.releases`, decided by :mod:`analysis.disclosure`) and records
it, and returns a :class:`Publication`: the facts a report may name and the figures of
the latest release — nothing else of the answers. What the wave page may tell staff
while answers arrive is :mod:`analysis.progress`.

The threshold ``k`` is read from one place: :func:`rules_from` (the setting
``MITSPRACHE_REPORT_K``, default 5), used by the web app and the command line alike; a
wave's releases all use the same k, and a call with another is refused.

It writes (the ``wave_release`` table) within the caller's transaction: the web request
or the command commits.

:func:`wave_report` is the report as a reader asks for it (language, breakdown, waves to
compare), made the same way for the web page, its downloads and the command line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, Text, cast, delete, func, insert, select

from analysis import schema
from analysis.disclosure import Rules
from analysis.load import WaveData, WaveInfo, load_wave
from analysis.releases import Release, WaveFacts, latest, next_release
from questionnaires import Questionnaire

if TYPE_CHECKING:
    from analysis.report import MeasureEffect, Report


def rules_from(environ: Mapping[str, str] | None = None, k: int | None = None) -> Rules:
    """The disclosure rules in force: ``k`` if given, else ``MITSPRACHE_REPORT_K``, else 5."""
    if k is None:
        raw = (environ if environ is not None else os.environ).get("MITSPRACHE_REPORT_K", "5")
        k = int(json.loads(raw))
    return Rules(k)


@dataclass(frozen=True)
class Publication:
    """A wave as its reports may show it."""

    wave: WaveInfo
    questionnaire: Questionnaire
    locations: Mapping[str, str]  # code -> name
    regions: Mapping[str, str]  # LOR code -> name (the district's)
    location_regions: Mapping[str, str | None]
    closed: bool
    release: Release | None  # the latest release (None: too few answers yet)
    releases: tuple[Release, ...]  # every release, oldest first
    rules: Rules

    @property
    def full(self) -> Release | None:
        return latest(self.releases, full=True)


def facts_of(data: WaveData) -> WaveFacts:
    wave_locations = tuple(sorted(data.locations))
    return WaveFacts(wave_locations, dict(data.location_regions), tuple(sorted(data.regions)))


def reached(data: WaveData, k: int) -> frozenset[str]:
    """Locations with at least k answers: what the wave page shows."""
    counts = data.answers.drop_duplicates("response_id")["location"].astype(object).value_counts()
    return frozenset(str(code) for code, count in counts.items() if count >= k)


def recorded(connection: Connection, wave_id: int) -> list[Release]:
    """The wave's releases, oldest first. A recorded release never changes, so each is
    read from its text once per process (a hash of the text finds it again)."""
    s = schema
    rows = connection.execute(
        select(s.wave_release.c.number, cast(s.wave_release.c.content, Text))
        .where(s.wave_release.c.wave_id == wave_id)
        .order_by(s.wave_release.c.number)
    ).all()
    return [_release(wave_id, number, content) for number, content in rows]


_RELEASES: OrderedDict[tuple[int, int, str], Release] = OrderedDict()


def _release(wave_id: int, number: int, content: str) -> Release:
    key = (wave_id, number, hashlib.sha256(content.encode()).hexdigest())
    found = _RELEASES.get(key)
    if found is None:
        found = _RELEASES[key] = Release.from_data(number, json.loads(content))
        if len(_RELEASES) > 256:
            _RELEASES.popitem(last=False)
    else:
        _RELEASES.move_to_end(key)
    return found


def may_change(releases: Sequence[Release], total: int, closed: bool, k: int) -> bool:
    """Whether :func:`analysis.releases.next_release` could make a release now, judged from
    the number of answers alone: False means the latest release stands whatever they are
    (fewer than k answers more than it, or a full report of a reopened wave)."""
    before = latest(releases)
    done = before.responses if before else 0
    if not closed:
        if latest(releases, full=True) is not None:
            return False  # reopened after a full report: it stands until the wave closes again
        return total // k * k - done >= k
    if total < k:
        return False
    return not (before is not None and before.full and total - done < k)


def _state(
    data: WaveData, total: int, last_id: int | None, closed: bool, rules: Rules, releases: Sequence[Release]
) -> str:
    """A hash of everything a new release depends on but the answers themselves, which
    are only ever added (their count and last id stand for them)."""
    places = sorted(data.location_regions.items(), key=lambda item: item[0])
    releases_made = [r.number for r in releases]
    return _hashed([total, last_id, closed, rules.k, releases_made, places, sorted(data.regions)])


def _known_to_stand(connection: Connection, wave_id: int, state: str) -> bool:
    """Whether the rules allowed no new release the last time the wave was in ``state``."""
    s = schema
    check = s.wave_release_check.c
    return connection.execute(select(check.state).where(check.wave_id == wave_id)).scalar() == state


def publish(
    source: str | Engine | Connection, wave_id: int, today: dt.date, rules: Rules, record: bool = True
) -> Publication:
    """The wave's publication as of ``today``: its latest release, after making (and,
    with ``record``, recording) a new one where the rules allow."""
    s = schema
    with s.connected(source) as connection:
        if connection.dialect.name == "postgresql":  # one release at a time per wave
            connection.execute(select(s.wave.c.id).where(s.wave.c.id == wave_id).with_for_update())
        releases = recorded(connection, wave_id)
        for release in releases:
            if release.k != rules.k:
                raise ValueError(f"the wave's releases use k = {release.k}, not {rules.k}")
        data = load_wave(connection, wave_id, with_answers=False)
        closed = today > data.wave.closes_on
        total, last_id = connection.execute(
            select(func.count(s.response.c.id), func.max(s.response.c.id)).where(
                s.response.c.wave_id == wave_id
            )
        ).one()
        state = _state(data, total, last_id, closed, rules, releases)
        new = None
        if (
            total
            and may_change(releases, total, closed, rules.k)
            and not _known_to_stand(connection, wave_id, state)
        ):
            data = load_wave(connection, wave_id)
            new = next_release(
                data.questionnaire,
                facts_of(data),
                data.answers,
                releases,
                closed,
                today,
                rules,
                reached(data, rules.k),
            )
            if new is None and record:
                connection.execute(
                    delete(s.wave_release_check).where(s.wave_release_check.c.wave_id == wave_id)
                )
                connection.execute(insert(s.wave_release_check).values(wave_id=wave_id, state=state))
        if new is not None:
            releases.append(new)
            if record:
                connection.execute(
                    insert(s.wave_release).values(
                        wave_id=wave_id,
                        number=new.number,
                        kind=new.kind,
                        responses=new.responses,
                        last_response_id=new.last_id,
                        k=new.k,
                        made_on=new.made_on,
                        content=new.to_data(),
                    )
                )
        if record and not isinstance(source, Connection):
            connection.commit()
    return Publication(
        wave=data.wave,
        questionnaire=data.questionnaire,
        locations=dict(data.locations),
        regions=dict(data.regions),
        location_regions=dict(data.location_regions),
        closed=closed,
        release=releases[-1] if releases else None,
        releases=tuple(releases),
        rules=rules,
    )


def released_texts(
    connection: Connection, wave_id: int, last_response_id: int
) -> dict[str, list[tuple[str, str]]]:
    """The texts staff released, per question, of the wave's responses up to a release's
    last, as (text, language of the answer): no location or date goes with them."""
    s = schema
    rows = connection.execute(
        select(s.answer.c.question, s.response.c.language, s.text_review.c.text, s.answer.c.response_id)
        .join(s.text_review, s.text_review.c.answer_id == s.answer.c.id)
        .join(s.response, s.response.c.id == s.answer.c.response_id)
        .where(
            s.response.c.wave_id == wave_id,
            s.text_review.c.status == s.RELEASED,
            s.response.c.id <= last_response_id,
        )
        .union_all(
            select(
                s.kept_text.c.question, s.kept_text.c.language, s.kept_text.c.text, s.kept_text.c.response_id
            ).where(s.kept_text.c.wave_id == wave_id, s.kept_text.c.response_id <= last_response_id)
        )
        .order_by("response_id", "question")
    )
    texts: dict[str, list[tuple[str, str]]] = {}
    for question, language, text, _response in rows:
        texts.setdefault(question, []).append((text, language))
    return texts


@dataclass(frozen=True)
class ReportInputs:
    """Everything a wave's report is made from, but the reader's choices (language,
    breakdown): the wave's publication, the earlier waves' to compare with, and the free
    texts staff released."""

    publication: Publication
    compared: tuple[Publication, ...]  # the earlier waves that have results
    texts: Mapping[str, list[tuple[str, str]]]

    def fingerprint(self) -> str:
        """A hash of the wave's own inputs that changes exactly when one of them does: a
        new release (a batch completed, the wave closed), the wave reopened or closed, a
        text released or withdrawn, a name changed — never with an answer that completes
        no batch."""
        return _hashed([_facts(self.publication), sorted(self.texts.items())])

    def compared_fingerprint(self) -> str:
        """The same of the waves compared with."""
        return _hashed([_facts(p) for p in self.compared])


def _hashed(facts: list) -> str:
    return hashlib.sha256(json.dumps(facts, default=str, ensure_ascii=False).encode()).hexdigest()


def _facts(publication: Publication) -> list:
    release = publication.release
    return [
        sorted(vars(publication.wave).items()),
        sorted(publication.locations.items()),
        sorted(publication.regions.items()),
        sorted(publication.location_regions.items(), key=lambda item: item[0]),
        publication.closed,
        publication.rules.k,
        [release.number, release.last_id] if release else None,
    ]


def report_inputs(
    source: str | Engine | Connection,
    wave_id: int,
    today: dt.date,
    rules: Rules,
    compare: tuple[int, ...] = (),
) -> ReportInputs:
    """The wave's and the compared waves' publications (each through :func:`publish`) and
    the texts released for the wave's latest release."""
    with schema.connected(source) as connection:
        published = publish(connection, wave_id, today, rules)
        earlier = tuple(
            p
            for p in (publish(connection, other, today, rules) for other in compare)
            if p.release is not None
        )
        texts = released_texts(connection, wave_id, published.release.last_id) if published.release else {}
        if not isinstance(source, Connection):
            connection.commit()
    return ReportInputs(published, earlier, texts)


@dataclass(frozen=True)
class WaveReport:
    """The report of a wave as a reader asked for it; ``report`` is None while the wave
    has no release yet."""

    publication: Publication
    compared: tuple[Publication, ...]  # the earlier waves that have results
    report: Report | None


def wave_report(
    source: str | Engine | Connection,
    wave_id: int,
    lang: str,
    today: dt.date,
    rules: Rules,
    *,
    breakdown: str | None = None,
    compare: tuple[int, ...] = (),
) -> WaveReport:
    """The report of ``wave_id`` in ``lang``, broken down by ``breakdown`` (one the wave
    offers, else none) and compared with the waves ``compare``: every figure through
    :func:`publish`, with the free texts staff released."""
    inputs = report_inputs(source, wave_id, today, rules, compare)
    return WaveReport(inputs.publication, inputs.compared, built(inputs, lang, breakdown, today))


def built(
    inputs: ReportInputs,
    lang: str,
    breakdown: str | None,
    today: dt.date,
    measures: Sequence[MeasureEffect] = (),
) -> Report | None:
    """The report of ``inputs`` as a reader asked for it, with earlier waves' measures."""
    from analysis.report import build

    published, compared, texts = inputs.publication, inputs.compared, inputs.texts
    return build(
        published, lang, breakdown=breakdown, compare=compared, texts=texts, today=today, measures=measures
    )
