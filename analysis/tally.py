"""Counting: from the tidy answers table to the counts every table is made of.

:class:`Microdata` holds, per response (in the order they were stored), its category in
every dimension and its atom for every question. Counts come from it as small arrays:
a question's column for the whole wave, a question family by a dimension, a
dimension's group sizes — each per *batch* of responses (the responses between two
releases), so that what every release shows can be worked out from them.

These counts are raw and never leave the analysis layer: only
:mod:`analysis.disclosure` turns them into published figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from analysis.structure import (
    ASSISTED,
    LANGUAGE,
    LOCATION,
    NONE,
    NOT_ASKED,
    TEXT,
    VALUE,
    Bound,
    Dimension,
    Rows,
    Structure,
)
from questionnaires.questions import number_value


@dataclass
class Microdata:
    """The responses of a wave as arrays (one entry per response, by id).

    ``category``: a partition dimension's category index per response; ``members``: an
    overlapping dimension's membership matrix. ``atom``: a question's atom index per
    response (for a multiple choice question the index of NONE or NOT_ASKED, and -1 for
    a family that chose something); ``chosen``: a multiple choice question's options per
    response; ``value``: a number question's number (NaN when not given).
    """

    structure: Structure
    ids: np.ndarray
    category: dict[str, np.ndarray]
    members: dict[str, np.ndarray]
    atom: dict[str, np.ndarray]
    chosen: dict[str, np.ndarray]
    value: dict[str, np.ndarray]
    language_of: np.ndarray  # language code index per response (for free texts)

    def __len__(self) -> int:
        return len(self.ids)

    # -- indicators ---------------------------------------------------------------------
    def row_indicators(self, question: str) -> np.ndarray:
        """``[responses, atoms]`` 0/1: in which rows of the question each family is."""
        rows = self.structure.rows[question]
        n = len(self.ids)
        out = np.zeros((n, len(rows.atoms)), dtype=np.float64)
        atom = self.atom[question]
        given = atom >= 0
        out[np.nonzero(given)[0], atom[given]] = 1.0
        if rows.kind == "multiple":
            out[:, : len(rows.options)] = self.chosen[question]
        return out

    def column_indicators(self, dimension: str) -> np.ndarray:
        """``[responses, categories]`` 0/1: in which categories of the dimension."""
        dim = self.structure.dimensions[dimension]
        if dim.overlap:
            return self.members[dimension].astype(np.float64)
        out = np.zeros((len(self.ids), len(dim.categories)), dtype=np.float64)
        out[np.arange(len(self.ids)), self.category[dimension]] = 1.0
        return out

    # -- counts per batch ---------------------------------------------------------------
    def batches(self, boundaries: Sequence[int]) -> np.ndarray:
        """Batch index per response: 0 up to the first boundary (a response id, included),
        1 up to the next, …; responses after the last boundary get ``len(boundaries)``."""
        return np.searchsorted(np.asarray(boundaries, dtype=np.int64), self.ids, side="left")

    def question_counts(self, question: str, batch: np.ndarray, batches: int) -> np.ndarray:
        """``[batches, atoms]``: families per row of the question, per batch."""
        indicators = self.row_indicators(question)
        return _by_batch(indicators, batch, batches)

    def block_counts(
        self, questions: Sequence[str], dimension: str, batch: np.ndarray, batches: int
    ) -> np.ndarray:
        """``[batches, rows, categories]``: the rows of ``questions`` (one after the other)
        by the categories of ``dimension``, per batch."""
        rows = np.concatenate([self.row_indicators(q) for q in questions], axis=1)
        columns = self.column_indicators(dimension)
        out = np.zeros((batches, rows.shape[1], columns.shape[1]), dtype=np.int64)
        for b in range(batches):
            mask = batch == b
            if mask.any():
                out[b] = np.rint(rows[mask].T @ columns[mask]).astype(np.int64)
        return out

    def sizes(self, dimension: str, batch: np.ndarray, batches: int) -> np.ndarray:
        """``[batches, categories]``: families per category, per batch."""
        return _by_batch(self.column_indicators(dimension), batch, batches)


def _by_batch(indicators: np.ndarray, batch: np.ndarray, batches: int) -> np.ndarray:
    out = np.zeros((batches, indicators.shape[1]), dtype=np.int64)
    for b in range(batches):
        mask = batch == b
        if mask.any():
            out[b] = np.rint(indicators[mask].sum(axis=0)).astype(np.int64)
    return out


# -- from the answers table ------------------------------------------------------------------


def microdata(structure: Structure, answers: pd.DataFrame) -> Microdata:
    """Turn the tidy answers table (see :mod:`analysis.load`) into :class:`Microdata`."""
    first = answers.drop_duplicates("response_id").sort_values("response_id", kind="stable")
    ids = first["response_id"].to_numpy(dtype=np.int64)
    position = pd.Series(np.arange(len(ids)), index=ids)
    n = len(ids)
    dims = structure.dimensions
    category: dict[str, np.ndarray] = {}
    members: dict[str, np.ndarray] = {}

    location = dims[LOCATION]
    category[LOCATION] = _indices(first["location"], location.categories)
    language = dims[LANGUAGE]
    category[LANGUAGE] = _indices(first["language"], language.categories)
    category[ASSISTED] = first["assisted"].to_numpy(dtype=bool).astype(np.int64)

    given = answers[answers["question"].notna()]
    by_question = {str(code): frame for code, frame in given.groupby("question", observed=True, sort=False)}
    atom: dict[str, np.ndarray] = {}
    chosen: dict[str, np.ndarray] = {}
    value: dict[str, np.ndarray] = {}
    questionnaire = structure.questionnaire
    for question in questionnaire.questions:
        if not question.takes_answer:
            continue
        rows = structure.rows[question.code]
        frame = by_question.get(question.code)
        where = (
            position.reindex(frame["response_id"]).to_numpy(dtype=np.int64)
            if frame is not None
            else np.zeros(0, dtype=np.int64)
        )
        index = np.full(n, rows.index(NONE), dtype=np.int64)
        if rows.kind == "single":
            codes = frame["choice"].astype(object).to_numpy() if frame is not None else np.zeros(0)
            lookup = {code: i for i, code in enumerate(rows.atoms)}
            index[where] = [lookup[str(c)] for c in codes]
        elif rows.kind == "multiple":
            matrix = np.zeros((n, len(rows.options)), dtype=bool)
            if frame is not None:
                lookup = {code: i for i, code in enumerate(rows.options)}
                matrix[where, [lookup[str(c)] for c in frame["choice"].astype(object)]] = True
            chosen[question.code] = matrix
            index[matrix.any(axis=1)] = -1
        elif rows.kind == "number":
            numbers = np.full(n, np.nan)
            if frame is not None:
                numbers[where] = frame["number"].to_numpy(dtype=float, na_value=np.nan)
            value[question.code] = numbers
            has = ~np.isnan(numbers)
            index[has] = [_bin_of(rows, v) for v in numbers[has]]
        else:  # text
            if frame is not None:
                texts = frame["text"].to_numpy(dtype=object)
                wrote = np.array([t is not None and str(t).strip() != "" for t in texts], dtype=bool)
                index[where[wrote]] = rows.index(TEXT)
        atom[question.code] = index

    # who saw a question shown after a condition: its condition held on the stored answers
    for question in questionnaire.questions:
        if not question.takes_answer or question.show_if is None:
            continue
        condition = question.show_if
        seen = _holds(structure.rows[condition.question], atom, chosen, condition.any_of)
        unanswered = atom[question.code] == structure.rows[question.code].index(NONE)
        atom[question.code][unanswered & ~seen] = structure.rows[question.code].index(NOT_ASKED)

    for key, dim in dims.items():
        if dim.question is None:
            continue
        if dim.overlap:
            rows = structure.rows[dim.question]
            status = atom[dim.question]
            extra = np.stack([status == rows.index(a) for a in rows.atoms[len(rows.options) :]], axis=1)
            members[key] = np.concatenate([chosen[dim.question], extra], axis=1)
        else:
            category[key] = atom[dim.question].copy()
    languages = category[LANGUAGE].copy()
    return Microdata(structure, ids, category, members, atom, chosen, value, languages)


def _holds(
    rows: Rows, atom: dict[str, np.ndarray], chosen: dict[str, np.ndarray], any_of: Sequence[str]
) -> np.ndarray:
    if rows.kind == "multiple":
        wanted = [i for i, code in enumerate(rows.options) if code in any_of]
        picked = chosen[rows.question][:, wanted]
        return np.asarray(picked.any(axis=1))  # numpy types .any(axis=...) as possibly a scalar
    wanted_atoms = [i for i, code in enumerate(rows.atoms) if code in any_of]
    return np.isin(atom[rows.question], wanted_atoms)


def _indices(values: pd.Series, categories: Sequence[str]) -> np.ndarray:
    lookup = {code: i for i, code in enumerate(categories)}
    return np.array([lookup[str(v)] for v in values.astype(object)], dtype=np.int64)


def _bin_of(rows: Rows, number: float) -> int:
    if not rows.bins:
        return rows.index(VALUE)
    for i, (low, high) in enumerate(rows.bins):
        if (low is None or number >= low) and (high is None or number <= high):
            return i
    raise ValueError(f"{number} lies in no range of {rows.question}")


def seen_codes(structure_questions: Sequence[str], answers: pd.DataFrame) -> dict[str, list[str]]:
    """Stored choice codes per question (to keep codes a questionnaire does not list)."""
    given = answers[answers["question"].notna() & answers["choice"].notna()]
    out: dict[str, list[str]] = {}
    for code, frame in given.groupby("question", observed=True, sort=False):
        if str(code) in structure_questions:
            out[str(code)] = sorted({str(c) for c in frame["choice"].astype(object)})
    return out


def number_ranges(values: np.ndarray, k: int, decimals: int = 0) -> tuple[tuple[Bound, Bound], ...]:
    """Ranges of numbers (whole, or with ``decimals`` digits after the point) that each
    hold at least ``k`` of ``values`` (NaN: not given), chosen from the data: consecutive
    values are gathered until a range holds ``k``; a last range with fewer joins the one
    before it. A range ends at a number given and the next begins one step (1, 0.1 or
    0.01) above it, so every number a family can type lies in exactly one range. The first
    range is open below and the last open above, so no range names the smallest or
    largest number anybody gave; none when fewer than ``k`` numbers were given."""
    scale = 10**decimals
    given = np.rint(np.sort(values[~np.isnan(values)]) * scale).astype(np.int64)  # in steps
    if len(given) < k:
        return ()
    distinct, counts = np.unique(given, return_counts=True)
    highs: list[int] = []
    held = 0
    for number, count in zip(distinct.tolist(), counts.tolist(), strict=True):
        held += count
        if held >= k:
            highs.append(number)
            held = 0
    if held or len(highs) > 1:
        highs.pop()  # the last range is open above (and takes a short tail)

    def value(steps: int) -> int | float:
        return number_value(Decimal(steps).scaleb(-decimals))

    out: list[tuple[Bound, Bound]] = []
    low: int | None = None
    for high in highs:
        out.append((None if low is None else value(low), value(high)))
        low = high + 1
    out.append((None if low is None else value(low), None))
    return tuple(out)


def dimension_of(structure: Structure, key: str) -> Dimension:
    return structure.dimensions[key]
