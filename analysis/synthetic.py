"""Synthetic answers to any questionnaire (for the demo, tests and benchmarks).

Nothing here comes from real families. Each family gets a language (about half the
source language), a location (some busier than others), sometimes an assisted answer,
and a hidden "strain" between 0 and 1 that tilts every answer the same way (families
under more strain pick later choices of a scale or list a little more often), so that
breakdowns show differences. Every rule of the questionnaire is kept: conditions, at
most ``max_choices`` options, an exclusive option alone, number limits; about one
question in 25 is skipped. Vectorised with numpy: a million responses take seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.load import COLUMNS, tidy
from questionnaires import Questionnaire
from questionnaires.questions import ChoiceQuestion, FreeText, ListChoice, MultipleChoice, Number

SKIP = 0.04
TEXTS = (
    "Mehr Angebote am Nachmittag.",
    "Danke für die Hilfe!",
    "Die Kita-Suche ist schwer.",
    "Bitte mehr Beratung auf Arabisch.",
    "Mehr Spielplätze im Kiez.",
)


def wave_answers(
    questionnaire: Questionnaire,
    n: int,
    *,
    locations: Sequence[tuple[str, str | None]],
    regions: Sequence[str] = (),
    seed: int = 1,
    wave_id: int = 1,
    opens_on: dt.date = dt.date(2026, 9, 1),
    days: int = 28,
    texts: float = 0.3,
) -> pd.DataFrame:
    """``n`` responses as a tidy answers table (see :mod:`analysis.load`).

    ``locations``: (code, LOR code of its district region) the families answer at;
    ``regions``: the district's region codes, for list questions over district regions;
    ``texts``: the share of families who write something where a free text is asked."""
    rng = np.random.default_rng(seed)
    q = questionnaire
    languages = list(q.complete_languages) or list(q.languages)
    weights = np.array(
        [
            6.0 if lang == q.source_language else 1.0 + (len(languages) - i) / len(languages)
            for i, lang in enumerate(languages)
        ]
    )
    language = rng.choice(len(languages), size=n, p=weights / weights.sum())
    place_weights = np.linspace(1.6, 0.6, max(len(locations), 1))
    place = rng.choice(len(locations), size=n, p=place_weights / place_weights.sum())
    strain = np.clip(rng.beta(2, 3, n) + 0.15 * (language != 0), 0, 1)
    assisted = rng.random(n) < 0.08 + 0.2 * strain
    day = rng.integers(0, max(days, 1), n)

    given: dict[str, object] = {}  # question -> per family: index array (single) or bool matrix (multiple)
    parts: list[tuple[np.ndarray, int, np.ndarray, np.ndarray, np.ndarray]] = []
    order = 0
    for question in q.questions:
        if not question.takes_answer:
            continue
        order += 1
        visible = np.ones(n, dtype=bool)
        condition = question.show_if
        if condition is not None:
            visible = _holds(q, given, condition.question, condition.any_of, regions, n)
        answering = visible & ((rng.random(n) >= SKIP) | question.required)
        none = np.full(0, None, dtype=object)
        if isinstance(question, MultipleChoice):
            codes = np.array([c.code for c in question.choices], dtype=object)
            chosen = _several(rng, question, strain, answering)
            given[question.code] = chosen
            who, which = np.nonzero(chosen)
            parts.append(
                (who, order, codes[which], np.full(len(who), None, object), np.full(len(who), None, object))
            )
        elif isinstance(question, ChoiceQuestion):
            codes = np.array(_codes(question, regions), dtype=object)
            index = _pick(rng, len(codes), strain, n)
            index[~answering] = -1
            given[question.code] = index
            who = np.nonzero(index >= 0)[0]
            parts.append(
                (
                    who,
                    order,
                    codes[index[who]],
                    np.full(len(who), None, object),
                    np.full(len(who), None, object),
                )
            )
        elif isinstance(question, Number):
            low = question.min if question.min is not None else 0
            high = question.max if question.max is not None else max(low + 12, 12)
            span = max(high - low, 1)
            numbers = low + np.minimum(rng.poisson(span / 4 + 3 * strain), span)
            if question.decimals:  # some answers between two whole numbers
                tenths = rng.integers(0, 10, n) / 10
                numbers = np.round(np.minimum(numbers + tenths, high), question.decimals)
            who = np.nonzero(answering)[0]
            parts.append(
                (
                    who,
                    order,
                    np.full(len(who), None, object),
                    numbers[who].astype(object),
                    np.full(len(who), None, object),
                )
            )
        elif isinstance(question, FreeText):
            who = np.nonzero(answering & (rng.random(n) < texts))[0]
            words = np.array(TEXTS, dtype=object)[rng.integers(0, len(TEXTS), len(who))]
            parts.append(
                (who, order, np.full(len(who), None, object), np.full(len(who), None, object), words)
            )
        del none
    questions = [x.code for x in q.questions if x.takes_answer]
    who = np.concatenate([p[0] for p in parts] + [np.zeros(0, np.int64)]).astype(np.int64)
    position = np.concatenate([np.full(len(p[0]), p[1]) for p in parts] + [np.zeros(0, np.int64)])
    choice = np.concatenate([p[2] for p in parts] + [np.zeros(0, object)])
    number = np.concatenate([p[3] for p in parts] + [np.zeros(0, object)])
    text = np.concatenate([p[4] for p in parts] + [np.zeros(0, object)])
    empty = np.setdiff1d(np.arange(n), who)  # families who skipped everything still count
    who = np.concatenate([who, empty])
    position = np.concatenate([position, np.zeros(len(empty), np.int64)])
    choice = np.concatenate([choice, np.full(len(empty), None, object)])
    number = np.concatenate([number, np.full(len(empty), None, object)])
    text = np.concatenate([text, np.full(len(empty), None, object)])
    order_ = np.lexsort((position, who))
    who, position = who[order_], position[order_]
    labels = np.array([None, *questions], dtype=object)
    frame = pd.DataFrame(
        {
            "response_id": who + 1,
            "wave_id": wave_id,
            "location": np.array([c for c, _ in locations], dtype=object)[place[who]],
            "region": np.array([r for _, r in locations], dtype=object)[place[who]],
            "language": np.array(languages, dtype=object)[language[who]],
            "submitted_on": (np.datetime64(opens_on, "D") + day[who]).astype("datetime64[s]"),
            "assisted": assisted[who],
            "question": labels[position],
            "choice": choice[order_],
            "number": pd.array([None if v is None else float(v) for v in number[order_]], dtype="Float64"),
            "text": text[order_],
        }
    )
    return tidy(frame.loc[:, list(COLUMNS)])


def _codes(question: ChoiceQuestion, regions: Sequence[str]) -> list[str]:
    if isinstance(question, ListChoice) and question.choices_from:
        return [*regions, *(c.code for c in question.choices)]
    return [c.code for c in question.choices]


def _pick(rng: np.random.Generator, choices: int, strain: np.ndarray, n: int) -> np.ndarray:
    """One choice per family: a fixed random preference, tilted by strain toward later
    choices."""
    base = rng.dirichlet(np.full(choices, 1.5))
    position = np.linspace(-1, 1, choices)
    logits = np.log(base)[None, :] + 1.2 * (strain[:, None] - 0.4) * position[None, :]
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    u = rng.random(n)[:, None]
    return np.minimum((u > np.cumsum(p, axis=1)).sum(axis=1), choices - 1).astype(np.int64)


def _several(
    rng: np.random.Generator, question: MultipleChoice, strain: np.ndarray, answering: np.ndarray
) -> np.ndarray:
    n = len(strain)
    options = len(question.choices)
    exclusive = [i for i, c in enumerate(question.choices) if c.exclusive]
    p = rng.uniform(0.1, 0.5, options)[None, :] + 0.2 * (strain[:, None] - 0.4)
    chosen = rng.random((n, options)) < np.clip(p, 0.02, 0.9)
    for i in exclusive:
        chosen[:, i] = False
    most = question.max_choices or options
    keys = np.where(chosen, rng.random((n, options)), np.inf)
    rank = keys.argsort(axis=1).argsort(axis=1)
    chosen &= rank < most
    if exclusive:
        alone = rng.random(n) < 0.08
        chosen[alone] = False
        chosen[alone, exclusive[0]] = True
    nothing = ~chosen.any(axis=1)
    if nothing.any():  # everyone who answers chooses something
        fallback = exclusive[0] if exclusive else 0
        chosen[nothing, fallback] = True
    chosen[~answering] = False
    return chosen


def _holds(
    q: Questionnaire, given: dict, question: str, any_of: Sequence[str], regions: Sequence[str], n: int
) -> np.ndarray:
    target = q.question(question)
    answer = given.get(question)
    if answer is None:
        return np.zeros(n, dtype=bool)
    if isinstance(target, MultipleChoice):
        wanted = [i for i, c in enumerate(target.choices) if c.code in any_of]
        picked = np.asarray(answer)[:, wanted]
        return np.asarray(picked.any(axis=1))  # numpy types .any(axis=...) as possibly a scalar
    assert isinstance(target, ChoiceQuestion)
    codes = _codes(target, regions)
    wanted = [i for i, code in enumerate(codes) if code in any_of]
    return np.isin(np.asarray(answer), wanted)
