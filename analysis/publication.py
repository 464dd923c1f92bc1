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
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, insert, select

from analysis import schema
from analysis.disclosure import Rules
from analysis.load import WaveData, WaveInfo, load_wave
from analysis.releases import Release, WaveFacts, latest, next_release
from questionnaires import Questionnaire

if TYPE_CHECKING:
    from analysis.report import Report


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
    s = schema
    rows = connection.execute(
        select(s.wave_release.c.number, s.wave_release.c.content)
        .where(s.wave_release.c.wave_id == wave_id)
        .order_by(s.wave_release.c.number)
    ).all()
    return [Release.from_data(number, content) for number, content in rows]


def publish(
    source: str | Engine | Connection, wave_id: int, today: dt.date, rules: Rules, record: bool = True
) -> Publication:
    """The wave's publication as of ``today``: its latest release, after making (and,
    with ``record``, recording) a new one where the rules allow."""
    s = schema
    with s.connected(source) as connection:
        if connection.dialect.name == "postgresql":  # one release at a time per wave
            connection.execute(select(s.wave.c.id).where(s.wave.c.id == wave_id).with_for_update())
        data = load_wave(connection, wave_id)
        releases = recorded(connection, wave_id)
        closed = today > data.wave.closes_on
        new = None
        if len(data.answers):
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
                if not isinstance(source, Connection):
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
        select(s.answer.c.question, s.response.c.language, s.text_review.c.text)
        .join(s.text_review, s.text_review.c.answer_id == s.answer.c.id)
        .join(s.response, s.response.c.id == s.answer.c.response_id)
        .where(
            s.response.c.wave_id == wave_id,
            s.text_review.c.status == s.RELEASED,
            s.response.c.id <= last_response_id,
        )
    )
    texts: dict[str, list[tuple[str, str]]] = {}
    for question, language, text in rows:
        texts.setdefault(question, []).append((text, language))
    return texts


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
    from analysis.report import build

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
    report = build(published, lang, breakdown=breakdown, compare=earlier, texts=texts, today=today)
    return WaveReport(published, earlier, report)
