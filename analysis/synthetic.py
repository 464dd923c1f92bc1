"""Synthetic, realistic answers to the default questionnaire (for the demo and the bench).

Nothing here comes from real families. The mix is plausible for a poorer Berlin
district: about half answer in German, then Turkish, Arabic, Ukrainian and others;
single parents and large families are more often on benefits, and families on benefits
more often name money, housing and paperwork as difficulties; families who answer in
another language more often do not know the offers and name language as a barrier.
Every question is skipped now and then. Vectorised with numpy, so a million responses
take seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.load import COLUMNS, tidy
from questionnaires import Questionnaire
from questionnaires.questions import ChoiceQuestion, MultipleChoice

LANGUAGES = {
    "de": 0.46,
    "tr": 0.15,
    "ar": 0.14,
    "uk": 0.08,
    "ru": 0.05,
    "fa": 0.04,
    "en": 0.03,
    "bg": 0.02,
    "ro": 0.02,
    "vi": 0.01,
}
SKIP = 0.04


def wave_answers(
    questionnaire: Questionnaire,
    n: int,
    *,
    locations: Sequence[tuple[str, str]],
    regions: Sequence[str],
    seed: int = 1,
    wave_id: int = 1,
    opens_on: dt.date = dt.date(2026, 9, 1),
    days: int = 28,
) -> pd.DataFrame:
    """``n`` responses as a tidy answers table.

    ``locations``: (code, LOR code of its district region) — families answer at these;
    ``regions``: the district's region codes, for where the families say they live.
    """
    rng = np.random.default_rng(seed)
    q = questionnaire
    people = _people(rng, n, locations)
    columns: dict[str, np.ndarray] = {}  # question -> (n, choices) bool matrix or (n,) int index

    def pick(question: str, weights: np.ndarray) -> np.ndarray:
        """One choice per family (index into the question's choices), -1 when skipped."""
        weights = weights / weights.sum(axis=1, keepdims=True)
        u = rng.random(n)[:, None]
        index = (u > np.cumsum(weights, axis=1)).sum(axis=1)
        index = np.minimum(index, weights.shape[1] - 1)
        index[rng.random(n) < SKIP] = -1
        columns[question] = index
        return index

    def several(question: str, probs: np.ndarray, most: int, exclusive: float | None) -> np.ndarray:
        chosen = rng.random(probs.shape) < probs
        keys = np.where(chosen, rng.random(probs.shape), np.inf)
        rank = keys.argsort(axis=1).argsort(axis=1)
        chosen &= rank < most
        if exclusive is not None:  # the last choice is "none of these"
            alone = rng.random(n) < exclusive
            chosen[alone] = False
            chosen[alone, -1] = True
        chosen[rng.random(n) < SKIP] = False
        columns[question] = chosen
        return chosen

    def ones(*weights: float) -> np.ndarray:
        return np.tile(np.array(weights, dtype=float), (n, 1))

    count = pick("children_count", ones(0.30, 0.34, 0.18, 0.13, 0.05))
    many = np.isin(count, (2, 3))
    ages = ones(0.35, 0.38, 0.45, 0.30)
    ages[many] += 0.2
    several("children_age", np.clip(ages, 0, 0.95), 4, None)
    caregivers = pick("caregivers", ones(0.24, 0.55, 0.16, 0.05))
    single = caregivers == 0

    home = _home(rng, n, people["region"], regions, columns)
    del home
    p_yes = 0.30 + 0.28 * single + 0.18 * many + 0.12 * people["other_language"]
    p_yes = np.clip(p_yes, 0, 0.9)
    benefits_w = np.stack([p_yes, (1 - p_yes) * 0.85, (1 - p_yes) * 0.08, (1 - p_yes) * 0.07], axis=1)
    benefits = pick("benefits", benefits_w)
    poor = benefits == 0

    strain = 0.6 * poor + 0.4 * single
    well = np.stack(
        [np.full(n, 0.15), np.full(n, 0.35), 0.28 + 0.1 * strain, 0.15 + 0.2 * strain, 0.07 + 0.15 * strain],
        axis=1,
    )
    pick("wellbeing", well)

    difficulty = np.tile(np.array([0.30, 0.28, 0.22, 0.12, 0.10, 0.12, 0.16, 0.25, 0.12, 0.0]), (n, 1))
    difficulty[:, 0] += 0.30 * poor
    difficulty[:, 1] += 0.12 * poor
    difficulty[:, 6] += 0.15 * people["other_language"] + 0.10 * poor
    difficulty[:, 4] += 0.30 * people["other_language"]
    difficulty[:, 7] += 0.25 * single
    difficulty[:, 2] += 0.15 * (columns["children_age"][:, :2].any(axis=1))
    several("difficulties", np.clip(difficulty, 0, 0.9), 3, 0.07)

    offers = [x.code for x in q.questions if x.code.startswith("offer_")]
    for number, offer in enumerate(offers):
        unknown = 0.25 + 0.25 * people["other_language"] + 0.05 * number
        used = 0.35 - 0.1 * number + 0.1 * poor
        used = np.clip(used, 0.05, 0.8)
        unknown = np.clip(unknown, 0.05, 0.85)
        rest = np.clip(1 - unknown - used, 0.05, 1)
        pick(offer, np.stack([unknown, rest, used], axis=1))

    barrier = np.tile(np.array([0.28, 0.15, 0.22, 0.14, 0.10, 0.14, 0.12, 0.05, 0.0]), (n, 1))
    barrier[:, 4] += 0.35 * people["other_language"]
    barrier[:, 3] += 0.25 * single
    barrier[:, 6] += 0.20 * poor
    barrier[:, 5] += 0.10 * people["other_language"]
    several("barriers", np.clip(barrier, 0, 0.9), 3, 0.12)
    channel = np.tile(np.array([0.45, 0.30, 0.35, 0.25, 0.10, 0.10, 0.08]), (n, 1))
    channel[:, 3] += 0.15 * people["other_language"]
    several("channels", np.clip(channel, 0, 0.9), 2, None)
    support = np.stack(
        [np.full(n, 0.5) - 0.15 * single, np.full(n, 0.28), 0.16 + 0.15 * single, np.full(n, 0.06)], axis=1
    )
    pick("support_person", support)
    wish = np.tile(np.array([0.40, 0.20, 0.12, 0.14, 0.18, 0.15, 0.20, 0.18, 0.10, 0.03]), (n, 1))
    wish[:, 1] += 0.20 * poor
    wish[:, 2] += 0.30 * people["other_language"]
    wish[:, 3] += 0.15 * people["other_language"]
    wish[:, 4] += 0.15 * poor
    several("wishes", np.clip(wish, 0, 0.9), 3, None)

    return _tidy_table(q, columns, people, regions, wave_id, rng, opens_on, days)


def _people(rng: np.random.Generator, n: int, locations: Sequence[tuple[str, str]]) -> dict[str, np.ndarray]:
    codes = list(LANGUAGES)
    weights = np.array(list(LANGUAGES.values()))
    language = rng.choice(len(codes), size=n, p=weights / weights.sum())
    place_weights = np.linspace(1.6, 0.6, len(locations))
    place = rng.choice(len(locations), size=n, p=place_weights / place_weights.sum())
    other = language != 0
    assisted = rng.random(n) < np.where(np.isin(language, (2, 5, 7, 8)), 0.35, 0.12)
    return {
        "language": language,
        "languages": np.array(codes, dtype=object),
        "place": place,
        "locations": np.array([c for c, _ in locations], dtype=object),
        "region": np.array([r for _, r in locations], dtype=object)[place],
        "other_language": other.astype(float),
        "assisted": assisted,
    }


def _home(rng, n, location_region, regions, columns) -> None:
    """Where families say they live: mostly the region of the location, sometimes another."""
    region_list = list(regions)
    index = {code: i for i, code in enumerate(region_list)}
    own = np.array([index.get(r, 0) for r in location_region])
    u = rng.random(n)
    elsewhere = rng.integers(0, len(region_list), n)
    choice = np.where(u < 0.72, own, elsewhere)
    choice = np.where(u > 0.93, len(region_list), choice)  # other district
    choice = np.where(u > 0.97, len(region_list) + 1, choice)  # don't know
    choice[rng.random(n) < SKIP] = -1
    columns["district_region"] = choice


def _tidy_table(
    q: Questionnaire,
    columns: dict,
    people: dict,
    regions: Sequence[str],
    wave_id: int,
    rng: np.random.Generator,
    opens_on: dt.date,
    days: int,
) -> pd.DataFrame:
    n = len(people["language"])
    vocabulary: list[str] = []
    code_of: dict[str, int] = {}

    def code(text: str) -> int:
        if text not in code_of:
            code_of[text] = len(vocabulary)
            vocabulary.append(text)
        return code_of[text]

    respondent_parts, question_parts, choice_parts, order_parts = [], [], [], []
    for position, question in enumerate(x for x in q.questions if x.code in columns):
        values = columns[question.code]
        if question.code == "district_region":
            choices = [*regions, "other_district", "dont_know"]
        else:
            assert isinstance(question, ChoiceQuestion)
            choices = [c.code for c in question.choices]
        choice_codes = np.array([code(c) for c in choices])
        if isinstance(question, MultipleChoice):
            who, which = np.nonzero(values)
        else:
            who = np.nonzero(values >= 0)[0]
            which = values[who]
        respondent_parts.append(who)
        question_parts.append(np.full(len(who), position))
        choice_parts.append(choice_codes[which])
        order_parts.append(position * 100 + which)
    who = np.concatenate(respondent_parts)
    order = np.lexsort((np.concatenate(order_parts), who))
    who = who[order]
    questions = [x.code for x in q.questions if x.code in columns]
    question_index = np.concatenate(question_parts)[order]
    choice_index = np.concatenate(choice_parts)[order]
    days_in = rng.integers(0, max(days, 1), n)
    dates = (np.datetime64(opens_on, "D") + days_in).astype("datetime64[s]")
    regions_of = pd.Categorical(people["region"])
    frame = pd.DataFrame(
        {
            "response_id": who.astype("int64") + 1,
            "wave_id": np.full(len(who), wave_id, dtype="int64"),
            "location": pd.Categorical.from_codes(people["place"][who], categories=list(people["locations"])),
            "region": pd.Categorical.from_codes(
                regions_of.codes[who], categories=list(regions_of.categories)
            ),
            "language": pd.Categorical.from_codes(
                people["language"][who], categories=list(people["languages"])
            ),
            "submitted_on": dates[who],
            "assisted": people["assisted"][who],
            "question": pd.Categorical.from_codes(question_index, categories=questions),
            "choice": pd.Categorical.from_codes(choice_index, categories=vocabulary),
            "number": pd.array(np.full(len(who), pd.NA), dtype="Int64"),
            "text": np.full(len(who), None, dtype=object),
        }
    )
    # families who skipped everything still count as responses
    answered = np.zeros(n, dtype=bool)
    answered[who] = True
    if not answered.all():
        empty = np.nonzero(~answered)[0]
        blank = pd.DataFrame(
            {
                "response_id": empty.astype("int64") + 1,
                "wave_id": wave_id,
                "location": people["locations"][people["place"][empty]],
                "region": people["region"][empty],
                "language": people["languages"][people["language"][empty]],
                "submitted_on": dates[empty],
                "assisted": people["assisted"][empty],
                "question": None,
                "choice": None,
                "number": pd.NA,
                "text": None,
            }
        )
        frame = pd.concat(
            [
                frame.astype({c: "object" for c in ("location", "region", "language", "question", "choice")}),
                blank,
            ],
            ignore_index=True,
        )
        frame = frame.sort_values("response_id", kind="stable", ignore_index=True)
    return tidy(frame.loc[:, list(COLUMNS)])
