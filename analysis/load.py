"""The one loader: the stored answers of a wave as a tidy table.

One row per stored answer value, with the response's own facts repeated on each row::

    response_id  wave_id  location  region  language  submitted_on  assisted  question  choice  number  text

``location`` is the location's public code, ``region`` the 6-digit LOR code of the
district region the location lies in (empty when the location has none). A response
without any answer keeps one row whose ``question`` is empty, so that it still counts
as a response. Codes only, never labels: labels come from the questionnaire at render
time.

The same table comes from the database (:func:`load_wave`) and from a CSV export
(:func:`to_csv` / :func:`from_csv`); both give identical dtypes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO

import pandas as pd
from sqlalchemy import ColumnElement, Connection, Engine, false, select, true

from analysis import schema
from questionnaires import Questionnaire, questionnaire_from_dict

COLUMNS = (
    "response_id",
    "wave_id",
    "location",
    "region",
    "language",
    "submitted_on",
    "assisted",
    "question",
    "choice",
    "number",
    "text",
)
CODE_COLUMNS = ("location", "region", "language", "question", "choice")
RESPONSE_COLUMNS = ("response_id", "wave_id", "location", "region", "language", "submitted_on", "assisted")


@dataclass(frozen=True)
class WaveInfo:
    id: int
    name: str
    opens_on: dt.date
    closes_on: dt.date
    district_code: str
    district_name: str
    questionnaire_code: str
    questionnaire_number: int
    answers_deleted_on: dt.date | None = None  # from then on only the wave's releases are kept


@dataclass(frozen=True)
class WaveData:
    """A wave's answers with what is needed to label them."""

    wave: WaveInfo
    questionnaire: Questionnaire
    answers: pd.DataFrame
    locations: Mapping[str, str] = field(default_factory=dict)  # code -> name
    regions: Mapping[str, str] = field(default_factory=dict)  # LOR code -> name, of the district
    location_regions: Mapping[str, str | None] = field(default_factory=dict)  # code -> LOR code


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Bring an answers table to the canonical column order and dtypes."""
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"answers table lacks columns: {', '.join(missing)}")
    out = pd.DataFrame(index=pd.RangeIndex(len(frame)))
    out["response_id"] = frame["response_id"].to_numpy(dtype="int64")
    out["wave_id"] = frame["wave_id"].to_numpy(dtype="int64")
    for column in CODE_COLUMNS:
        out[column] = _codes(frame[column]).array
    out["submitted_on"] = pd.to_datetime(frame["submitted_on"]).astype("datetime64[s]").to_numpy()
    assisted = frame["assisted"]
    if assisted.dtype == object or pd.api.types.is_string_dtype(assisted):
        assisted = assisted.map(lambda v: str(v).strip().lower() in ("true", "1", "yes"))
    out["assisted"] = assisted.astype(bool).to_numpy()
    number = frame["number"]
    out["number"] = pd.array(pd.to_numeric(number, errors="raise"), dtype="Float64")  # whole or 2 decimals
    text = frame["text"].astype("object")
    out["text"] = pd.Series(text.where(text.notna(), None).to_numpy(), dtype="object")
    return out.loc[:, list(COLUMNS)]


def _codes(values: pd.Series) -> pd.Series:
    """A categorical of text codes with sorted categories (the same from every source)."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        values = pd.Series(pd.Categorical(values.astype("object").where(values.notna(), None)))
    values = values.cat.remove_unused_categories()
    categories = values.cat.categories
    if not all(isinstance(c, str) for c in categories):
        values = values.cat.rename_categories([str(c) for c in categories])
    return values.cat.reorder_categories(sorted(values.cat.categories))


def load_wave(
    source: str | Engine | Connection, wave_id: int, first: int | None = None, with_answers: bool = True
) -> WaveData:
    """Read a wave's answers, its questionnaire version and the names of its places.

    ``first``: only the first so many responses (in the order they were stored, by id),
    e.g. the last full batch of a wave that is still open. Without ``with_answers`` the
    answers table is empty and nothing of the answers is read but where they were given.
    """
    if first is not None and first < 0:
        raise ValueError("first must not be negative")
    s = schema
    with s.connected(source) as connection:
        info = connection.execute(
            select(
                s.wave.c.id,
                s.wave.c.name,
                s.wave.c.opens_on,
                s.wave.c.closes_on,
                s.district.c.code,
                s.district.c.name,
                s.district.c.id,
                s.questionnaire_version.c.code,
                s.questionnaire_version.c.number,
                s.questionnaire_version.c.content,
                s.wave.c.answers_deleted_on,
                s.questionnaire_version.c.content_hash,
            )
            .join(s.district, s.district.c.id == s.wave.c.district_id)
            .join(s.questionnaire_version, s.questionnaire_version.c.id == s.wave.c.questionnaire_version_id)
            .where(s.wave.c.id == wave_id)
        ).one_or_none()
        if info is None:
            raise LookupError(f"no wave with id {wave_id}")
        kept: ColumnElement[bool] = true()
        if first == 0 or not with_answers:
            kept = false()
        elif first is not None:
            last = connection.execute(
                select(s.response.c.id)
                .where(s.response.c.wave_id == wave_id)
                .order_by(s.response.c.id)
                .offset(first - 1)
                .limit(1)
            ).scalar_one_or_none()
            if last is not None:  # else the wave has no more than ``first`` responses
                kept = s.response.c.id <= last
        responses = connection.execute(
            select(
                s.response.c.id.label("response_id"),
                s.response.c.wave_id,
                s.location.c.code.label("location"),
                s.district_region.c.code.label("region"),
                s.response.c.language,
                s.response.c.submitted_on,
                s.response.c.assisted,
            )
            .join(s.location, s.location.c.id == s.response.c.location_id)
            .outerjoin(s.district_region, s.district_region.c.id == s.location.c.region_id)
            .where(s.response.c.wave_id == wave_id, kept)
            .order_by(s.response.c.id)
        ).all()
        answers = connection.execute(
            select(
                s.answer.c.response_id,
                s.answer.c.question,
                s.answer.c.choice,
                s.answer.c.number,
                s.answer.c.text,
            )
            .join(s.response, s.response.c.id == s.answer.c.response_id)
            .where(s.response.c.wave_id == wave_id, kept)
            .order_by(s.answer.c.response_id, s.answer.c.id)
        ).all()
        places = connection.execute(
            select(s.location.c.code, s.location.c.name, s.district_region.c.code)
            .outerjoin(s.district_region, s.district_region.c.id == s.location.c.region_id)
            .where(
                s.location.c.id.in_(
                    select(s.wave_location.c.location_id)
                    .where(s.wave_location.c.wave_id == wave_id)
                    .union(
                        select(s.response.c.location_id).where(
                            s.response.c.wave_id == wave_id, kept if with_answers else true()
                        )
                    )
                )
            )
            .order_by(s.location.c.code)
        ).all()
        regions = connection.execute(
            select(s.district_region.c.code, s.district_region.c.name)
            .where(s.district_region.c.district_id == info[6])
            .order_by(s.district_region.c.code)
        ).all()
    frame = (
        join_answers(
            pd.DataFrame(responses, columns=list(RESPONSE_COLUMNS)),
            pd.DataFrame(answers, columns=["response_id", "question", "choice", "number", "text"]),
        )
        if with_answers
        else _no_answers()
    )
    return WaveData(
        wave=WaveInfo(
            id=info[0],
            name=info[1],
            opens_on=info[2],
            closes_on=info[3],
            district_code=info[4],
            district_name=info[5],
            questionnaire_code=info[7],
            questionnaire_number=info[8],
            answers_deleted_on=info[10],
        ),
        questionnaire=_questionnaire(info[11], info[9]),
        answers=frame,
        locations={code: name for code, name, _ in places},
        regions=dict(regions),
        location_regions={code: region for code, _, region in places},
    )


_QUESTIONNAIRES: dict[str, Questionnaire] = {}


def _questionnaire(content_hash: str, content: Mapping) -> Questionnaire:
    """A version's questionnaire, parsed once per process (its hash names its content)."""
    found = _QUESTIONNAIRES.get(content_hash)
    if found is None:
        found = _QUESTIONNAIRES[content_hash] = questionnaire_from_dict(content)
    return found


@cache
def _no_answers() -> pd.DataFrame:
    """The empty answers table (made once; read only)."""
    return join_answers(
        pd.DataFrame(columns=list(RESPONSE_COLUMNS)),
        pd.DataFrame(columns=["response_id", "question", "choice", "number", "text"]),
    )


def join_answers(responses: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """One row per answer; a response without answers keeps one row without a question."""
    if answers.empty:
        answers = pd.DataFrame({c: pd.Series(dtype="object") for c in answers.columns})
        answers["response_id"] = answers["response_id"].astype("int64")
    answers = answers.assign(_order=range(len(answers)))
    joined = responses.merge(answers, on="response_id", how="left", sort=False)
    joined = joined.sort_values(["response_id", "_order"], kind="stable", na_position="first")
    return tidy(joined.drop(columns="_order").reset_index(drop=True))


def to_csv(answers: pd.DataFrame, target: str | Path | IO[str]) -> None:
    """Write an answers table as CSV (UTF-8, ISO dates, empty cells for missing values)."""
    frame = tidy(answers)
    out = frame.astype({c: "object" for c in CODE_COLUMNS})
    out["submitted_on"] = frame["submitted_on"].dt.strftime("%Y-%m-%d")
    out["assisted"] = frame["assisted"].map({True: "true", False: "false"})
    out.to_csv(target, index=False, columns=list(COLUMNS), lineterminator="\n")


def from_csv(source: str | Path | IO[str]) -> pd.DataFrame:
    """Read an answers table written by :func:`to_csv`."""
    frame = pd.read_csv(source, dtype=str, keep_default_na=False, na_values={c: [""] for c in COLUMNS})
    return tidy(frame)


def responses_of(answers: pd.DataFrame) -> pd.DataFrame:
    """One row per response with its own facts (no answers)."""
    return answers.loc[:, list(RESPONSE_COLUMNS)].drop_duplicates("response_id").reset_index(drop=True)
