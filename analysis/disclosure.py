"""Disclosure control for a whole wave: one decision over everything it publishes.

A reader of a wave's reports holds all of them at once and over time: every table of
every breakdown, in every format, of every release (each batch of an open wave, the
closed report, a report after reopening), and the wave page's counts. They know how
the figures relate: the groups of a breakdown add up to the whole, a district region is
the sum of its locations, a breakdown by a question is that question's answers, those
who saw a question are those who answered it plus those who skipped it, a subgroup is
never larger than its group, a multiple choice question allows at most so many answers
(and an exclusive one alone), a question shown after a condition was seen by exactly
the families who gave that answer — and that every count is a whole number, at least 0.

The rule: **no count below k (zeros included) that is not shown can be worked out**,
neither by that reader nor by anyone else. This module decides, for a new release of a
wave, which of its figures are shown, given everything released before, such that:

1. every figure below ``k`` is hidden ("< 5"), and so is every figure a reader could
   use to work one out;
2. for every hidden figure below ``k`` — in this release or any earlier one, including
   the derived counts nobody prints (families who did not see a question, who chose
   nothing, who are outside a group) — there is a *certificate*: a second, different set
   of answers that produces exactly the same published figures, everywhere, and in
   which that figure has another value. A certificate is an actual change of answers
   (a family answering differently, or two families swapping an answer), checked
   against every published figure and every rule of the questionnaire. Where a figure
   has no certificate, more figures are hidden; where nothing helps, the release is not
   made.

Every hidden figure is marked alike ("×"): were the small ones marked "< 5", a reader
would know every other "×" to be at least 5, and two such cells in a column of ten
would pin the zeros beside them.

Because a certificate is a real alternative, a hidden figure with one cannot be pinned
by any method — linear algebra, integer programming, or guessing — from what is
published. ``tests/analysis/test_disclosure_audit.py`` attacks random waves with exact
integer programming to show it.

The counts behind a decision never leave this module: :class:`Decision` holds what may
be published (shown values and markers), nothing else.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from analysis.groups import Grouping
from analysis.structure import (
    BASE,
    LOCATION,
    NONE,
    NOT_ASKED,
    Family,
    Rows,
    Structure,
)
from analysis.tally import Microdata

SHOWN = "shown"
SMALL = "small"  # below k: shown as "< k"
COMPLEMENT = "complement"  # at least k, hidden so that a small count cannot be worked out: "×"
HIDDEN = "hidden"  # never published (a count a reader could work out from published ones)
HIDDEN_MARK = "×"
ANSWERED = "_answered"  # chose at least one option (multiple choice): hidden
OUTSIDE = "_outside"  # the families of a row outside an overlapping group: hidden

INTERIM = "interim"  # an open wave's batch: the whole wave's figures only
FULL = "full"  # every breakdown

Key = tuple
Move = dict[tuple[int, int], int]  # (batch, variable) -> change


@dataclass(frozen=True)
class Rules:
    """The threshold ``k``: no count below it is shown or can be worked out. Free texts
    are quoted only from ``k_strict`` = 2 k texts on."""

    k: int = 5

    def __post_init__(self) -> None:
        if self.k < 1:
            raise ValueError("k must be at least 1")

    @property
    def k_strict(self) -> int:
        return 2 * self.k

    @property
    def group_minimum(self) -> int:
        """A breakdown's groups hold at least this many families (2 k): a group of fewer
        would show little but hidden cells."""
        return 2 * self.k

    def mark(self, status: str) -> str:
        """Every hidden figure looks the same: a reader must not learn which of them are
        below k and which were hidden to protect those (a "×" known to be at least k
        can pin the small one next to it)."""
        del status
        return HIDDEN_MARK


DEFAULT_RULES = Rules()


class Undecidable(RuntimeError):
    """No safe release exists with these answers as decided so far; ``question`` names
    the question whose figure could not be protected (the caller hides its breakdowns
    and tries again, or holds answers back)."""

    def __init__(self, message: str, question: str | None = None) -> None:
        super().__init__(message)
        self.question = question


# -- the system of figures ---------------------------------------------------------------------


@dataclass
class Cell:
    """A figure: ``constant + sum(coef * variable)`` over the batches of its release."""

    key: Key
    release: int
    terms: tuple[tuple[int, int], ...]
    constant: int
    value: int
    status: str
    coef: dict[int, int] = field(default_factory=dict)


@dataclass
class Block:
    """A question family's rows by the groups of one dimension (variables per cell)."""

    family: int
    dimension: str
    rows: list[tuple[str, str]]  # (question, atom or group key)
    cols: list[str]  # group keys
    var: np.ndarray  # [rows, cols] variable ids
    overlap: bool
    vectors: list[dict[int, int]] = field(default_factory=list)  # row index -> change


class System:
    """Every figure of a wave over every release, as sums of integer variables (counts
    per batch), with the questionnaire's rules as inequalities."""

    def __init__(self, batches: int, last_batch: Sequence[int], k: int) -> None:
        self.batches = batches
        self.last_batch = list(last_batch)  # per release: the last batch it includes
        self.k = k
        self._values: list[np.ndarray] = []
        self.cells: list[Cell] = []
        self.cells_of: dict[int, list[int]] = defaultdict(list)
        self.inequalities: list[tuple[int, tuple[tuple[int, int], ...], int]] = []
        self.inequalities_of: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.x = np.zeros((batches, 0), dtype=np.int64)

    def variable(self, counts: np.ndarray) -> int:
        self._values.append(np.asarray(counts, dtype=np.int64))
        return len(self._values) - 1

    def freeze(self) -> None:
        self.x = np.stack(self._values, axis=1) if self._values else np.zeros((self.batches, 0), np.int64)
        self._inequality_state: list[tuple[int, dict[int, int], int]] = []

    def cumulative(self, var: int, release: int) -> int:
        return int(self.x[: self.last_batch[release] + 1, var].sum())

    def cell(
        self, key: Key, release: int, terms: Iterable[tuple[int, int]], constant: int = 0, status: str = SHOWN
    ) -> int:
        terms = tuple(terms)
        value = constant + sum(c * self.cumulative(v, release) for v, c in terms)
        index = len(self.cells)
        self.cells.append(Cell(key, release, terms, constant, value, status, dict(terms)))
        for var, _ in terms:
            self.cells_of[var].append(index)
        return index

    def inequality(self, batch: int, terms: Iterable[tuple[int, int]], constant: int) -> None:
        """``sum(coef * x[batch, var]) + constant >= 0``."""
        terms = tuple((v, c) for v, c in terms if c)
        index = len(self.inequalities)
        self.inequalities.append((batch, terms, constant))
        self._inequality_state.append(
            (batch, dict(terms), int(constant + sum(c * self.x[batch, v] for v, c in terms)))
        )
        for var, _ in terms:
            self.inequalities_of[(batch, var)].append(index)

    # -- checking a change of answers ------------------------------------------------------
    def delta(self, cell: Cell, move: Move) -> int:
        return self._delta(cell, _by_variable(move))

    def _delta(self, cell: Cell, by_var: Mapping[int, list[tuple[int, int]]]) -> int:
        last = self.last_batch[cell.release]
        total = 0
        for var, coef in cell.terms:
            changes = by_var.get(var)
            if changes:
                total += coef * sum(d for batch, d in changes if batch <= last)
        return total

    def check(
        self, move: Move, open_release: int | None = None, only: set[int] | None = None, rules: bool = True
    ) -> tuple[bool, list[int]]:
        """Whether ``move`` leaves every published figure as published and keeps every
        rule. With ``open_release``, figures of that release that are still shown may
        change: they are returned, to be hidden. With ``only``, just the rules and figures
        that involve one of those variables are checked; ``rules=False`` skips the rules
        (for a change that real families make, which keeps them by itself)."""
        x = self.x
        for key, d in move.items():
            if x[key] + d < 0:
                return False, []
        if rules:
            checked: set[int] = set()
            for key in move:
                for index in self.inequalities_of.get(key, ()):
                    if index in checked:
                        continue
                    checked.add(index)
                    batch, coef, value = self._inequality_state[index]
                    if only is not None and only.isdisjoint(coef):
                        continue
                    for (b, v), d in move.items():
                        if b == batch:
                            value += coef.get(v, 0) * d
                    if value < 0:
                        return False, []
        by_var = _by_variable(move)
        to_hide: list[int] = []
        seen: set[int] = set()
        for var in by_var:
            for index in self.cells_of.get(var, ()):
                if index in seen:
                    continue
                seen.add(index)
                cell = self.cells[index]
                if only is not None and only.isdisjoint(cell.coef):
                    continue
                d = self._delta(cell, by_var)
                if d == 0:
                    continue
                if cell.status == SHOWN:
                    if open_release is None or cell.release != open_release or cell.key[0] == "size":
                        return False, []
                    to_hide.append(index)
                elif cell.value + d < 0:
                    return False, []
        return True, to_hide

    def changes(self, cell_index: int, move: Move) -> bool:
        return self.delta(self.cells[cell_index], move) != 0


# -- what the reader sees, as cells ----------------------------------------------------------


@dataclass(frozen=True)
class ReleasePlan:
    """One release of a wave: its kind and the last response it includes (by id)."""

    kind: str
    last_id: int


class Model:
    """The system of a wave's figures over its releases, with its tables as blocks."""

    def __init__(
        self,
        structure: Structure,
        data: Microdata,
        groupings: Mapping[str, Grouping] | None,
        releases: Sequence[ReleasePlan],
        rules: Rules,
        medians: Mapping[int, Mapping[str, float]] | None = None,
    ) -> None:
        self.structure = structure
        self.data = data
        self.groupings = dict(groupings or {})
        self.releases = list(releases)
        self.rules = rules
        self.medians = medians or {}
        bounds = [r.last_id for r in releases]
        if bounds != sorted(bounds):
            raise ValueError("releases must never include fewer responses")
        self.batch = data.batches(bounds)
        nb = len(releases)
        self.system = System(nb, list(range(nb)), rules.k)
        self.totals = np.array([(self.batch == b).sum() for b in range(nb)], dtype=np.int64)
        self.full = [i for i, r in enumerate(releases) if r.kind == FULL]
        self.all_var: dict[str, dict[str, int]] = {}
        self.blocks: list[Block] = []
        self.all_vectors: dict[int, list[dict[tuple[str, str], int]]] = {}
        self._offered: list[str] | None = None
        self.all_rules: dict[Family, list[dict[tuple[str, str], int]]] = {}
        self._atoms_cache: dict[tuple[str, str], tuple[str, ...]] = {}
        self._build()

    # -- what families answered, row by row (for changes that real families could make) ---
    def family_rows(self, family_index: int) -> tuple[list[tuple[str, str]], np.ndarray]:
        """The family's atoms (question, atom) and each response's 0/1 row of them."""
        family = self.structure.families[family_index]
        rows = [(q, a) for q in family.questions for a in self.structure.rows[q].atoms]
        matrix = np.concatenate([self.data.row_indicators(q) for q in family.questions], axis=1)
        return rows, np.rint(matrix).astype(np.int8)

    def block_membership(self, block: Block) -> np.ndarray:
        """``[responses, cols]`` 0/1: which of the block's columns each response is in."""
        dimension = self.structure.dimensions[block.dimension]
        col_of = self.groupings[block.dimension].group_of()
        fine = self.data.column_indicators(block.dimension)
        out = np.zeros((len(self.data.ids), len(block.cols)), dtype=np.int8)
        for c, category in enumerate(dimension.categories):
            if category in col_of:
                out[:, block.cols.index(col_of[category])] |= fine[:, c].astype(np.int8)
        return out

    # -- structure helpers ----------------------------------------------------------------
    def keeps_medians(self, vector: Mapping[tuple[str, str], int], batch: int) -> bool:
        """A shown median (of a release that includes ``batch``) stays the median only if a
        family moves between ranges that lie wholly on one side of it."""
        for release, medians in self.medians.items():
            if release < batch:
                continue
            for question, median in medians.items():
                touched = [atom for (q, atom), d in vector.items() if q == question and d]
                if not touched:
                    continue
                rows = self.structure.rows[question]
                sides = set()
                for atom in touched:
                    if atom in (NONE, NOT_ASKED):
                        return False
                    low, high = rows.bins[rows.index(atom)]
                    if high is not None and high < median:
                        sides.add("below")
                    elif low is not None and low > median:
                        sides.add("above")
                    else:
                        return False
                if len(sides) > 1:
                    return False
        return True

    def offered(self) -> list[str]:
        """Dimensions a full release breaks the questions down by."""
        if self._offered is None:
            self._offered = [
                key
                for key in self.structure.dimensions
                if key in self.groupings and self.groupings[key].offered()
            ]
        return self._offered

    def grouped(self, question: str) -> bool:
        """A single-answer question used as a breakdown is reported by its groups."""
        dim = self.structure.dimensions.get(question)
        return dim is not None and not dim.overlap and question in self.offered()

    def row_keys(self, question: str, full: bool) -> list[tuple[str, tuple[str, ...]]]:
        """A question's published rows (key, atoms) in a release (NOT_ASKED never)."""
        rows = self.structure.rows[question]
        if full and self.grouped(question):
            return [
                (g.key, g.categories) for g in self.groupings[question].groups if g.categories != (NOT_ASKED,)
            ]
        if not full and rows.kind == "number" and rows.bins:
            values = tuple(a for a in rows.atoms if a not in (NONE, NOT_ASKED))
            return [("_value", values), (NONE, (NONE,))]
        return [(a, (a,)) for a in rows.shown]

    def block_rows(self, question: str) -> list[tuple[str, tuple[str, ...]]]:
        """A question's rows inside blocks: its groups if reported by groups, else atoms
        (NOT_ASKED included: it is a row of the data, never of a table)."""
        if self.grouped(question):
            return [(g.key, g.categories) for g in self.groupings[question].groups]
        return [(a, (a,)) for a in self.structure.rows[question].atoms]

    # -- building --------------------------------------------------------------------------
    def _build(self) -> None:
        s = self.system
        st = self.structure
        nb = len(self.releases)
        for question, rows in st.rows.items():
            counts = self.data.question_counts(question, self.batch, nb)
            self.all_var[question] = {atom: s.variable(counts[:, i]) for i, atom in enumerate(rows.atoms)}
        for index, family in enumerate(st.families):
            self.all_vectors[index] = self._all_vectors(family)
        if self.full:
            pairs: dict[frozenset, int] = {}
            for index, family in enumerate(st.families):
                for dim in self.offered():
                    if all(not st.breaks_down(q, dim) for q in family.questions):
                        continue
                    self.blocks.append(self._block(index, family, dim, pairs))
        s.freeze()
        for release, plan in enumerate(self.releases):
            self._release_cells(release, plan.kind == FULL)
        for batch in range(nb):
            self._all_inequalities(batch)
            for block in self.blocks:
                self._block_inequalities(block, batch)

    def _block(self, index: int, family: Family, dim: str, pairs: dict[frozenset, int]) -> Block:
        st = self.structure
        grouping = self.groupings[dim]
        rows: list[tuple[str, str]] = []
        row_atoms: list[tuple[str, ...]] = []
        for question in family.questions:
            if not st.breaks_down(question, dim):
                continue
            for key, atoms in self.block_rows(question):
                rows.append((question, key))
                row_atoms.append(atoms)
        cols = list(grouping.keys)
        nb = len(self.releases)
        questions = list(dict.fromkeys(q for q, _ in rows))
        fine = self.data.block_counts(questions, dim, self.batch, nb)
        atom_rows = [(q, a) for q in questions for a in st.rows[q].atoms]
        dimension = st.dimensions[dim]
        col_of = grouping.group_of()
        counts = np.zeros((nb, len(rows), len(cols)), dtype=np.int64)
        for i, (question, _key) in enumerate(rows):
            for atom in row_atoms[i]:
                r = atom_rows.index((question, atom))
                for c, category in enumerate(dimension.categories):
                    if category in col_of:
                        counts[:, i, cols.index(col_of[category])] += fine[:, r, c]
        var = np.zeros((len(rows), len(cols)), dtype=np.int64)
        for i, (question, key) in enumerate(rows):
            for j, col in enumerate(cols):
                pair = None
                if question in self.offered() and dimension.question is not None:
                    pair = frozenset({(question, key), (dimension.question, col)})
                if pair is not None and pair in pairs:
                    other = pairs[pair]
                    if not np.array_equal(self.system._values[other], counts[:, i, j]):
                        raise AssertionError("a breakdown pair disagrees with its transpose")
                    var[i, j] = other
                else:
                    var[i, j] = self.system.variable(counts[:, i, j])
                    if pair is not None:
                        pairs[pair] = int(var[i, j])
        block = Block(index, dim, rows, cols, var, dimension.overlap)
        block.vectors = self._vectors(block)
        return block

    # -- column rules and the changes they allow ---------------------------------------------
    def _constraints(
        self, rows: list[tuple[str, str]], row_atoms: Mapping[tuple[str, str], tuple[str, ...]], grouped: bool
    ) -> list[dict[int, int]]:
        """Linear rules every column of these rows keeps: each single-answer question's
        rows add up to the column; a conditioned question's "not asked" equals the
        answers to its condition that do not show it."""
        st = self.structure
        out: list[dict[int, int]] = []
        for question in dict.fromkeys(q for q, _ in rows):
            if st.rows[question].kind != "multiple":
                out.append({i: 1 for i, (q, _) in enumerate(rows) if q == question})
        for question in dict.fromkeys(q for q, _ in rows):
            condition = st.questionnaire.question(question).show_if
            if condition is None or st.rows[condition.question].kind == "multiple":
                continue
            if not any(q == condition.question for q, _ in rows):
                continue
            rule: dict[int, int] = {}
            for i, (q, key) in enumerate(rows):
                atoms = row_atoms[(q, key)]
                if q == condition.question and not any(a in condition.any_of for a in atoms):
                    rule[i] = 1
                if q == question and atoms == (NOT_ASKED,):
                    rule[i] = -1
            out.append(rule)
        del grouped
        return out

    def _vectors(self, block: Block) -> list[dict[int, int]]:
        row_atoms = {}
        for question in dict.fromkeys(q for q, _ in block.rows):
            for key, atoms in self.block_rows(question):
                row_atoms[(question, key)] = atoms
        vectors = _small_null_vectors(len(block.rows), self._constraints(block.rows, row_atoms, True))
        return vectors + self._with_condition_options(block.rows, vectors)

    def _all_vectors(self, family: Family) -> list[dict[tuple[str, str], int]]:
        rows = [(q, a) for q in family.questions for a in self.structure.rows[q].atoms]
        row_atoms = {(q, a): (a,) for q, a in rows}
        rules = self._constraints(rows, row_atoms, False)
        self.all_rules[family] = [{rows[i]: c for i, c in rule.items()} for rule in rules]
        vectors = _small_null_vectors(len(rows), rules)
        vectors += self._with_condition_options(rows, vectors)
        return [{rows[i]: d for i, d in v.items()} for v in vectors]

    def keeps_rules(self, family: Family, vector: Mapping[tuple[str, str], int]) -> bool:
        """Whether a change of the whole wave's rows keeps every question's sum rules."""
        return all(
            sum(c * vector.get(row, 0) for row, c in rule.items()) == 0 for rule in self.all_rules[family]
        )

    def _with_condition_options(
        self, rows: Sequence[tuple[str, str]], vectors: Sequence[dict[int, int]]
    ) -> list[dict[int, int]]:
        """Who sees a question shown after a multiple choice answer changes only together
        with that answer: a change of "not asked" joined by one of the condition's options."""
        st = self.structure
        out = []
        for question in dict.fromkeys(q for q, _ in rows):
            condition = st.questionnaire.question(question).show_if
            if condition is None or st.rows[condition.question].kind != "multiple":
                continue
            na = rows.index((question, NOT_ASKED)) if (question, NOT_ASKED) in rows else None
            options = [
                rows.index((condition.question, o))
                for o in condition.any_of
                if (condition.question, o) in rows
            ]
            if na is None:
                continue
            for vector in vectors:
                if na in vector and len(vector) == 2:
                    for option in options:
                        for d in (1, -1):
                            out.append({**vector, option: d})
        return out

    # -- cells -------------------------------------------------------------------------------
    def _release_cells(self, release: int, full: bool) -> None:
        s = self.system
        st = self.structure
        total = int(self.totals[: release + 1].sum())
        for question, rows in st.rows.items():
            atoms_var = self.all_var[question]
            for key, atoms in self.row_keys(question, full):
                s.cell(("all", question, key), release, ((atoms_var[a], 1) for a in atoms))
            if rows.conditioned:
                s.cell(
                    ("all", question, BASE),
                    release,
                    ((atoms_var[a], 1) for a in rows.atoms if a != NOT_ASKED),
                )
                s.cell(("hidden", question, NOT_ASKED), release, ((atoms_var[NOT_ASKED], 1),), status=HIDDEN)
            if rows.kind == "multiple":
                s.cell(
                    ("hidden", question, ANSWERED),
                    release,
                    [(atoms_var[a], -1) for a in rows.atoms[len(rows.options) :]],
                    total,
                    status=HIDDEN,
                )
        if not full:
            return
        for dim in self.offered():
            dimension = st.dimensions[dim]
            if dimension.question is None:
                continue
            for group in self.groupings[dim].groups:
                s.cell(
                    ("size", dim, group.key),
                    release,
                    ((self.all_var[dimension.question][a], 1) for a in group.categories),
                )
        sizes = self._group_sizes(release)
        for block in self.blocks:
            self._block_cells(block, release, sizes[block.dimension])

    def _group_sizes(self, release: int) -> dict[str, dict[str, int]]:
        nb = len(self.releases)
        out = {}
        for dim in self.offered():
            grouping = self.groupings[dim]
            per = self.data.sizes(dim, self.batch, nb)[: release + 1].sum(axis=0)
            categories = self.structure.dimensions[dim].categories
            out[dim] = {
                g.key: int(sum(per[categories.index(c)] for c in g.categories)) for g in grouping.groups
            }
        return out

    def columns(self, block: Block) -> list[tuple[str, tuple[int, ...]]]:
        """A block's published columns: each group, and for locations each district region
        group that is neither one location group nor the whole wave."""
        out: list[tuple[str, tuple[int, ...]]] = [(col, (j,)) for j, col in enumerate(block.cols)]
        if block.dimension == LOCATION:
            grouping = self.groupings[LOCATION]
            for key, members in grouping.regions:
                indices = tuple(block.cols.index(m) for m in members)
                if 1 < len(indices) < len(block.cols):
                    out.append((key, indices))
        return out

    def _block_cells(self, block: Block, release: int, sizes: Mapping[str, int]) -> None:
        s = self.system
        st = self.structure
        columns = self.columns(block)
        for question in dict.fromkeys(q for q, _ in block.rows):
            rows = st.rows[question]
            indices = [i for i, (q, _) in enumerate(block.rows) if q == question]
            for col, js in columns:
                for i in indices:
                    key = block.rows[i][1]
                    if key == NOT_ASKED:
                        continue
                    s.cell(
                        ("block", question, block.dimension, key, col),
                        release,
                        ((int(block.var[i, j]), 1) for j in js),
                    )
                if rows.conditioned:
                    s.cell(
                        ("block", question, block.dimension, BASE, col),
                        release,
                        (
                            (int(block.var[i, j]), 1)
                            for i in indices
                            for j in js
                            if block.rows[i][1] != NOT_ASKED
                        ),
                    )
                    na = next(i for i in indices if block.rows[i][1] == NOT_ASKED)
                    s.cell(
                        ("hidden", question, block.dimension, NOT_ASKED, col),
                        release,
                        ((int(block.var[na, j]), 1) for j in js),
                        status=HIDDEN,
                    )
                if rows.kind == "multiple":
                    size = sum(sizes[block.cols[j]] for j in js)
                    tail = [i for i in indices if block.rows[i][1] in (NONE, NOT_ASKED)]
                    s.cell(
                        ("hidden", question, block.dimension, ANSWERED, col),
                        release,
                        [(int(block.var[i, j]), -1) for i in tail for j in js],
                        size,
                        status=HIDDEN,
                    )
            if block.overlap:
                for i in indices:
                    key = block.rows[i][1]
                    atoms = self._atoms_of(question, key)
                    for j, col in enumerate(block.cols):
                        terms = [(self.all_var[question][a], 1) for a in atoms] + [(int(block.var[i, j]), -1)]
                        s.cell(
                            ("hidden", question, block.dimension, key, OUTSIDE + col),
                            release,
                            terms,
                            status=HIDDEN,
                        )

    def _atoms_of(self, question: str, key: str) -> tuple[str, ...]:
        found = self._atoms_cache.get((question, key))
        if found is None:
            found = self._atoms_cache[(question, key)] = dict(self.block_rows(question))[key]
        return found

    # -- rules as inequalities ------------------------------------------------------------------
    def _multiple(self, batch: int, rows: Rows, var_of: Mapping[str, int], size: int) -> None:
        """A multiple choice question's rules in one column: each option at most the
        families who chose something; all options at least that, at most max times it;
        the exclusive option never together with another."""
        s = self.system
        tail = [(var_of[a], -1) for a in rows.atoms[len(rows.options) :]]
        options = [(var_of[o], 1) for o in rows.options]
        for option in rows.options:
            s.inequality(batch, [*tail, (var_of[option], -1)], size)
        s.inequality(batch, [*options, *((v, 1) for v, _ in tail)], -size)
        most = rows.max_choices or len(rows.options)
        s.inequality(batch, [*((v, -most) for v, _ in tail), *((v, -1) for v, _ in options)], most * size)
        if rows.exclusive:
            for option in rows.options:
                if option != rows.exclusive:
                    s.inequality(batch, [*tail, (var_of[rows.exclusive], -1), (var_of[option], -1)], size)

    def _condition(self, batch: int, question: str, var_of: Mapping[tuple[str, str], int], size: int) -> None:
        """Seen after a multiple choice condition: by at least as many as chose any one of
        its options, at most as many as chose them all together."""
        st = self.structure
        condition = st.questionnaire.question(question).show_if
        if condition is None or st.rows[condition.question].kind != "multiple":
            return
        if (question, NOT_ASKED) not in var_of:
            return
        na = var_of[(question, NOT_ASKED)]
        wanted = [o for o in st.rows[condition.question].options if o in condition.any_of]
        for option in wanted:
            if (condition.question, option) in var_of:
                self.system.inequality(batch, [(na, -1), (var_of[(condition.question, option)], -1)], size)
        terms = [(var_of[(condition.question, o)], 1) for o in wanted if (condition.question, o) in var_of]
        if len(terms) == len(wanted):
            self.system.inequality(batch, [*terms, (na, 1)], -size)

    def _all_inequalities(self, batch: int) -> None:
        st = self.structure
        size = int(self.totals[batch])
        flat = {(q, a): v for q, atoms in self.all_var.items() for a, v in atoms.items()}
        for question, rows in st.rows.items():
            if rows.kind == "multiple":
                self._multiple(batch, rows, self.all_var[question], size)
            self._condition(batch, question, flat, size)

    def _block_inequalities(self, block: Block, batch: int) -> None:
        st = self.structure
        nb = len(self.releases)
        sizes = self.data.sizes(block.dimension, self.batch, nb)[batch]
        categories = st.dimensions[block.dimension].categories
        col_of = self.groupings[block.dimension].group_of()
        col_size = [0] * len(block.cols)
        for c, category in enumerate(categories):
            if category in col_of:
                col_size[block.cols.index(col_of[category])] += int(sizes[c])
        for j in range(len(block.cols)):
            var_of = {(q, key): int(block.var[i, j]) for i, (q, key) in enumerate(block.rows)}
            for question in dict.fromkeys(q for q, _ in block.rows):
                rows = st.rows[question]
                if rows.kind == "multiple" and not self.grouped(question):
                    self._multiple(batch, rows, {a: var_of[(question, a)] for a in rows.atoms}, col_size[j])
                self._condition(batch, question, var_of, col_size[j])
        if block.overlap:
            dimension = st.dimensions[block.dimension]
            complete = not self.groupings[block.dimension].dropped
            for i, (question, key) in enumerate(block.rows):
                whole = [(self.all_var[question][a], 1) for a in self._atoms_of(question, key)]
                for j in range(len(block.cols)):
                    self.system.inequality(batch, [*whole, (int(block.var[i, j]), -1)], 0)
                inside = [(int(block.var[i, j]), 1) for j in range(len(block.cols))]
                self.system.inequality(
                    batch, [*((v, dimension.max_members) for v, _ in whole), *((v, -1) for v, _ in inside)], 0
                )
                if complete:
                    self.system.inequality(batch, [*inside, *((v, -1) for v, _ in whole)], 0)


def _small_null_vectors(size: int, rules: Sequence[Mapping[int, int]]) -> list[dict[int, int]]:
    """Changes of at most four rows, by one each (both ways), that every rule leaves
    unchanged: a row no rule names, two rows every rule names alike, or two pairs that
    balance each other and cannot be split into two such pairs."""
    signature = [tuple(rule.get(i, 0) for rule in rules) for i in range(size)]
    zero = tuple(0 for _ in rules)
    out: list[dict[int, int]] = [{i: 1} for i in range(size) if signature[i] == zero]
    by_difference: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for a, b in itertools.permutations(range(size), 2):
        difference = tuple(x - y for x, y in zip(signature[a], signature[b], strict=True))
        if difference == zero:
            if a < b:
                out.append({a: 1, b: -1})
        else:
            by_difference[difference].append((a, b))
    for difference, pairs in by_difference.items():
        opposite = tuple(-x for x in difference)
        if difference > opposite:
            continue
        for (a, b), (c, d) in itertools.product(pairs, by_difference.get(opposite, ())):
            if len({a, b, c, d}) == 4 and signature[a] != signature[d]:
                out.append({a: 1, b: -1, c: 1, d: -1})
    return out + [{i: -d for i, d in v.items()} for v in out]


# -- deciding ---------------------------------------------------------------------------------


@dataclass
class Decision:
    """What a release may publish: per figure key, its status and (if shown) its value."""

    status: dict[Key, str]
    value: dict[Key, int]
    rules: Rules

    def shown(self, key: Key) -> int | None:
        return self.value.get(key) if self.status.get(key) == SHOWN else None

    def mark(self, key: Key) -> str:
        status = self.status.get(key)
        if status is None:
            return ""
        return str(self.value[key]) if status == SHOWN else self.rules.mark(status)

    def to_data(self) -> list[list]:
        return [
            [list(key), status, self.value.get(key) if status == SHOWN else None]
            for key, status in self.status.items()
        ]

    @classmethod
    def from_data(cls, data: Sequence[Sequence], rules: Rules) -> Decision:
        status: dict[Key, str] = {}
        value: dict[Key, int] = {}
        for key, state, shown in data:
            status[tuple(key)] = state
            if shown is not None:
                value[tuple(key)] = int(shown)
        return cls(status, value, rules)


class _Decider:
    def __init__(self, model: Model, earlier: Sequence[Decision], withheld: Collection[Family] = ()) -> None:
        self.model = model
        self.withheld = set(withheld)
        self.s = model.system
        self.k = model.rules.k
        self.new = len(model.releases) - 1
        self.earlier = earlier
        self.block_of_var: dict[int, list[int]] = defaultdict(list)
        self.leaf_cells: dict[int, list[int]] = defaultdict(list)  # variable -> its own cells
        for index, block in enumerate(model.blocks):
            for var in block.var.ravel():
                self.block_of_var[int(var)].append(index)
        for index, cell in enumerate(self.s.cells):
            if len(cell.terms) == 1 and cell.terms[0][1] == 1 and cell.key[0] in ("block", "all"):
                self.leaf_cells[cell.terms[0][0]].append(index)
        self.family_atoms = {
            i: {(q, a): model.all_var[q][a] for q in f.questions for a in model.structure.rows[q].atoms}
            for i, f in enumerate(model.structure.families)
        }
        self.mapped_cache: dict[tuple[int, int, int], dict[int, int]] = {}
        self.rows_cache: dict[int, tuple[list[tuple[str, str]], np.ndarray]] = {}
        self.member_cache: dict[int, np.ndarray] = {}
        self.atoms_cache: dict[frozenset, set[tuple[str, str]]] = {}
        self.keys_cache: dict[int, set[int]] = {}
        self.relabelled: set[int] = set()  # moves of real families: the questionnaire's rules hold
        self.seen_cache: dict[tuple[int, int], np.ndarray] = {}
        self.profile_cache: dict[str, tuple[list[int], list[np.ndarray], np.ndarray, np.ndarray]] = {}
        # batches between two full reports: block figures show only their sum
        fulls = [self.s.last_batch[r] for r in model.full]
        self.segment = [
            next((i for i, last in enumerate(fulls) if b <= last), len(fulls)) for b in range(self.s.batches)
        ]

    def statuses(self) -> None:
        """Earlier releases as published; the new one: every count below k hidden."""
        for cell in self.s.cells:
            if cell.status == HIDDEN:
                continue
            if cell.release < self.new:
                decided = self.earlier[cell.release].status.get(cell.key)
                if decided is None:
                    raise ValueError(f"release {cell.release} lacks {cell.key}")
                cell.status = decided
            elif cell.value < self.k:
                if cell.key[0] == "size":
                    raise Undecidable(f"group {cell.key} is below k")
                cell.status = SMALL
            elif cell.key[0] == "block" and self.model.structure.family_of(cell.key[1]) in self.withheld:
                cell.status = COMPLEMENT  # the family's breakdowns could not be protected otherwise
            else:
                cell.status = SHOWN  # (again, when the model is decided a second time)

    def targets(self) -> list[int]:
        return [i for i, c in enumerate(self.s.cells) if c.value < self.k and c.status in (SMALL, HIDDEN)]

    def free(self, var: int, batch: int, open_release: int | None, undo: int | None = None) -> bool:
        """Whether a variable may change at ``batch`` (and change back at ``undo``) as far
        as its own cells go: none of them shown in a release that includes the change
        (but the one being decided)."""
        for index in self.leaf_cells.get(var, ()):
            cell = self.s.cells[index]
            last = self.s.last_batch[cell.release]
            if (
                cell.status == SHOWN
                and last >= batch
                and (undo is None or last < undo)
                and cell.release != open_release
            ):
                return False
        return True

    # -- candidate changes ---------------------------------------------------------------
    def candidates(self, index: int, open_release: int | None = None, tier: int = 1) -> Iterable[Move]:
        """Changes of answers that would alter figure ``index``: first the small ones (one
        or two families, a few rows), then (``tier`` 2) real families' whole answers
        swapped between groups or given by another family."""
        cell = self.s.cells[index]
        last = cell.release
        batches = [b for b in range(last, -1, -1) if self.model.totals[b] > 0]
        vars_ = {v for v, _ in cell.terms}
        blocks = sorted({b for v in vars_ for b in self.block_of_var.get(v, ())})
        later = len(self.model.releases) - 1 > last
        if tier == 2:
            yield from self._real_candidates(vars_, batches, blocks, last, later, open_release)
            return
        for batch in batches:
            for block_index in blocks:
                for move in self._block_moves(self.model.blocks[block_index], vars_, batch, open_release):
                    yield move
                    if later:
                        yield _with_undo(move, last + 1)
        for batch in batches:
            for undo in (None, last + 1) if later else (None,):
                yield from self._all_moves(vars_, batch, open_release, undo)
            if later:
                yield from self._all_moves(vars_, batch, open_release, last + 1, partial=True)

    def _real_candidates(self, vars_, batches, blocks, last, later, open_release) -> Iterable[Move]:
        for block_index in blocks:
            yield from self._relabels(block_index, vars_, last, open_release)
        for batch in batches:
            for block_index in blocks:
                for move in self._swaps(block_index, vars_, batch, open_release):
                    yield move
                    if later:
                        yield _with_undo(move, last + 1)
            for undo in (None, last + 1) if later else (None,):
                yield from self._changes(vars_, batch, open_release, undo)

    # real families' answers: swapped between two columns, or one family answering as another did
    def _family_rows(self, family_index: int) -> tuple[list[tuple[str, str]], np.ndarray]:
        if family_index not in self.rows_cache:
            self.rows_cache[family_index] = self.model.family_rows(family_index)
        return self.rows_cache[family_index]

    def _swaps(
        self, block_index: int, vars_: set[int], batch: int, open_release: int | None
    ) -> Iterable[Move]:
        block = self.model.blocks[block_index]
        atoms, matrix = self._family_rows(block.family)
        if block_index not in self.member_cache:
            self.member_cache[block_index] = self.model.block_membership(block)
        member = self.member_cache[block_index]
        to_row = np.zeros((len(atoms), len(block.rows)), dtype=np.int8)
        for i, (question, key) in enumerate(block.rows):
            for atom in self.model._atoms_of(question, key):
                if (question, atom) in atoms:
                    to_row[atoms.index((question, atom)), i] = 1
        here = {
            j for i in range(len(block.rows)) for j in range(len(block.cols)) if int(block.var[i, j]) in vars_
        }
        rows_here = {i for i in range(len(block.rows)) for j in here if int(block.var[i, j]) in vars_}
        in_batch = self.model.batch == batch
        profiles = {}
        for j in range(len(block.cols)):
            chosen = matrix[in_batch & (member[:, j] == 1)] @ to_row
            profiles[j] = (
                np.unique(chosen, axis=0) if len(chosen) else np.zeros((0, len(block.rows)), np.int8)
            )
        for j1 in sorted(here):
            for j2 in range(len(block.cols)):
                if j2 == j1:
                    continue
                for p1 in profiles[j1]:
                    for p2 in profiles[j2]:
                        vector = {int(i): int(d) for i, d in enumerate(p2.astype(int) - p1.astype(int)) if d}
                        if not vector or not rows_here.intersection(vector):
                            continue
                        if not all(
                            self.free(int(block.var[i, j]), batch, open_release)
                            for i in vector
                            for j in (j1, j2)
                        ):
                            continue
                        move: Move = {}
                        for i, d in vector.items():
                            _add(move, (batch, int(block.var[i, j1])), d)
                            _add(move, (batch, int(block.var[i, j2])), -d)
                        yield move

    def _dimension_profiles(
        self, dimension: str
    ) -> tuple[list[int], list[np.ndarray], np.ndarray, np.ndarray]:
        """For every block of a dimension: its index and each response's 0/1 row of it;
        each response's column (-1: none) and a key of all its answers."""
        if dimension not in self.profile_cache:
            model = self.model
            indices = [i for i, b in enumerate(model.blocks) if b.dimension == dimension]
            profiles = []
            for index in indices:
                block = model.blocks[index]
                atoms, matrix = self._family_rows(block.family)
                to_row = np.zeros((len(atoms), len(block.rows)), dtype=np.int16)
                for i, (question, key) in enumerate(block.rows):
                    for atom in model._atoms_of(question, key):
                        if (question, atom) in atoms:
                            to_row[atoms.index((question, atom)), i] = 1
                profiles.append((matrix.astype(np.int16) @ to_row).astype(np.int8))
            member = model.block_membership(model.blocks[indices[0]])
            column = np.where(member.any(axis=1), member.argmax(axis=1), -1)
            answers = np.concatenate(profiles, axis=1) if profiles else np.zeros((len(column), 0), np.int8)
            self.profile_cache[dimension] = (indices, profiles, column, answers)
        return self.profile_cache[dimension]

    def _relabels(
        self, block_index: int, vars_: set[int], last: int, open_release: int | None
    ) -> Iterable[Move]:
        """Two real families swap their group in this breakdown (each keeping its answers
        and its batch): every table of the breakdown changes where they answered
        differently, nothing else does. Pairs that answered most alike come first."""
        model = self.model
        block = model.blocks[block_index]
        if block.overlap:
            return
        indices, profiles, column, answers = self._dimension_profiles(block.dimension)
        mine = profiles[indices.index(block_index)]
        here = [
            (i, j)
            for i in range(len(block.rows))
            for j in range(len(block.cols))
            if int(block.var[i, j]) in vars_
        ]
        rows_here = sorted({i for i, _ in here})
        cols_here = sorted({j for _, j in here})
        batch = model.batch
        eligible = (batch <= self.s.last_batch[last]) & (column >= 0)
        inside = np.nonzero(eligible & np.isin(column, cols_here))[0]
        outside = np.nonzero(eligible & ~np.isin(column, cols_here))[0]
        if not len(inside) or not len(outside):
            return
        # one family per (batch, column, answers): the others would give the same change
        _, first_in = np.unique(
            np.column_stack([batch[inside], column[inside], answers[inside]]), axis=0, return_index=True
        )
        _, first_out = np.unique(
            np.column_stack([batch[outside], column[outside], answers[outside]]), axis=0, return_index=True
        )
        inside, outside = inside[first_in], outside[first_out]
        differs = (mine[inside][:, None, rows_here] != mine[outside][None, :, rows_here]).any(axis=2)
        distance = np.abs(answers[inside][:, None, :].astype(np.int16) - answers[outside][None, :, :]).sum(
            axis=2
        )
        distance = np.where(differs, distance, np.iinfo(np.int32).max)
        order = np.argsort(distance, axis=None)[:60]
        for flat in order:
            fi, gi = np.unravel_index(flat, distance.shape)
            if not differs[fi, gi]:
                break
            f, g = int(inside[fi]), int(outside[gi])
            jf, jg, bf, bg = int(column[f]), int(column[g]), int(batch[f]), int(batch[g])
            move: Move = {}
            for index, profile in zip(indices, profiles, strict=True):
                other = model.blocks[index]
                for i in np.nonzero(profile[f])[0]:
                    _add(move, (bf, int(other.var[i, jf])), -int(profile[f, i]))
                    _add(move, (bf, int(other.var[i, jg])), int(profile[f, i]))
                for i in np.nonzero(profile[g])[0]:
                    _add(move, (bg, int(other.var[i, jg])), -int(profile[g, i]))
                    _add(move, (bg, int(other.var[i, jf])), int(profile[g, i]))
            if move:
                self.relabelled.add(id(move))
                yield move

    def _families_touching(self, vars_: set[int]) -> Iterator[int]:
        """The families whose answers reach one of ``vars_``: through their whole-wave
        rows or through a block of a breakdown."""
        cell_blocks = {b for v in vars_ for b in self.block_of_var.get(v, ())}
        for family_index in range(len(self.model.structure.families)):
            if vars_.intersection(self.family_atoms[family_index].values()) or any(
                self.model.blocks[b].family == family_index for b in cell_blocks
            ):
                yield family_index

    def _changes(
        self, vars_: set[int], batch: int, open_release: int | None, undo: int | None = None
    ) -> Iterable[Move]:
        model = self.model
        for family_index in self._families_touching(vars_):
            atom_vars = self.family_atoms[family_index]
            atoms, matrix = self._family_rows(family_index)
            if (family_index, batch) not in self.seen_cache:
                self.seen_cache[(family_index, batch)] = np.unique(matrix[model.batch == batch], axis=0)
            seen = self.seen_cache[(family_index, batch)]
            blocks = [i for i, b in enumerate(model.blocks) if b.family == family_index]
            aimed = [i for i, atom in enumerate(atoms) if atom in self._target_atoms(vars_)]
            for p1 in seen:
                for p2 in [*seen, *self._variants(family_index, atoms, p1)]:
                    if not any(p1[i] != p2[i] for i in aimed):
                        continue
                    vector = {atoms[i]: int(d) for i, d in enumerate(p2.astype(int) - p1.astype(int)) if d}
                    if not vector or not model.keeps_medians(vector, batch):
                        continue
                    if not all(self.free(atom_vars[row], batch, open_release, undo) for row in vector):
                        continue
                    base: Move = {(batch, atom_vars[row]): d for row, d in vector.items()}
                    parts = self._parts(blocks, vector, batch, open_release, undo)
                    if undo is not None and parts is not None:
                        base = _with_undo(base, undo)
                        parts = [
                            ([_with_undo(o, undo) if o else o for o in options], b) for options, b in parts
                        ]
                    if parts is not None:
                        yield from self._combine(base, parts, vars_, open_release)

    def _variants(
        self, family_index: int, atoms: list[tuple[str, str]], profile: np.ndarray
    ) -> list[np.ndarray]:
        """The same family answering one question differently, everything else kept, and
        the questions shown after it following suit: skipping it, another answer, for a
        multiple choice question one option alone or the exclusive one."""
        st = self.model.structure
        family = st.families[family_index]
        index = {atom: i for i, atom in enumerate(atoms)}
        out = []
        for question in family.questions:
            rows = st.rows[question]
            current = [atoms[i][1] for i in range(len(atoms)) if atoms[i][0] == question and profile[i]]
            if NOT_ASKED in current:
                continue
            if rows.kind == "multiple":
                answers = [(NONE,), *((o,) for o in rows.options)]
            else:
                answers = [(a,) for a in rows.atoms if a != NOT_ASKED]
            for answer in answers:
                if set(answer) == set(current) or (
                    answer == (NONE,) and st.questionnaire.question(question).required
                ):
                    continue
                changed = profile.copy()
                for atom in rows.atoms:
                    changed[index[(question, atom)]] = 0
                for atom in answer:
                    changed[index[(question, atom)]] = 1
                out.extend(self._follow(family, index, changed))
        return out

    def _follow(
        self, family: Family, index: Mapping[tuple[str, str], int], profile: np.ndarray
    ) -> list[np.ndarray]:
        """Who sees a conditioned question after a change: not asked where its condition
        no longer holds; where it newly does, each answer it could then get."""
        st = self.model.structure
        profiles = [profile]
        for question in family.questions:
            condition = st.questionnaire.question(question).show_if
            if condition is None:
                continue
            rows = st.rows[question]
            following = []
            for current in profiles:
                holds = any(
                    current[index[(condition.question, a)]]
                    for a in condition.any_of
                    if (condition.question, a) in index
                )
                asked = not current[index[(question, NOT_ASKED)]]
                if holds == asked:
                    following.append(current)
                    continue
                cleared = current.copy()
                for atom in rows.atoms:
                    cleared[index[(question, atom)]] = 0
                if not holds:
                    cleared[index[(question, NOT_ASKED)]] = 1
                    following.append(cleared)
                    continue
                answers = (
                    [NONE, *rows.options]
                    if rows.kind == "multiple"
                    else [a for a in rows.atoms if a != NOT_ASKED]
                )
                for atom in answers:
                    answered = cleared.copy()
                    answered[index[(question, atom)]] = 1
                    following.append(answered)
            profiles = following
        return profiles

    def _target_atoms(self, vars_: set[int]) -> set[tuple[str, str]]:
        """The (question, atom) pairs a figure is made of."""
        key = frozenset(vars_)
        if key not in self.atoms_cache:
            out: set[tuple[str, str]] = set()
            for question, atoms in self.model.all_var.items():
                out.update((question, a) for a, v in atoms.items() if v in vars_)
            for block in self.model.blocks:
                for i, (question, row) in enumerate(block.rows):
                    if any(int(v) in vars_ for v in block.var[i]):
                        out.update((question, a) for a in self.model._atoms_of(question, row))
            self.atoms_cache[key] = out
        return self.atoms_cache[key]

    def _parts(
        self,
        blocks: Sequence[int],
        vector: Mapping[tuple[str, str], int],
        batch: int,
        open_release: int | None,
        undo: int | None = None,
    ) -> list[tuple[list[Move], int]] | None:
        parts: list[tuple[list[Move], int]] = []
        for block_index in blocks:
            block = self.model.blocks[block_index]
            mapped: dict[int, int] = {}
            for i, (question, key) in enumerate(block.rows):
                d = sum(vector.get((question, a), 0) for a in self.model._atoms_of(question, key))
                if d:
                    mapped[i] = d
            if not mapped:
                continue
            options = [
                {(batch, int(block.var[i, j])): d for i, d in mapped.items()}
                for j in range(len(block.cols))
                if all(self.free(int(block.var[i, j]), batch, open_release, undo) for i in mapped)
            ]
            if block.overlap:
                options.insert(0, {})
            if not options:
                return None
            parts.append((options, block_index))
        return parts

    def _block_moves(
        self, block: Block, vars_: set[int], batch: int, open_release: int | None
    ) -> Iterable[Move]:
        here = [
            (i, j)
            for i in range(len(block.rows))
            for j in range(len(block.cols))
            if int(block.var[i, j]) in vars_
        ]
        touched_rows = {i for i, _ in here}
        touched_cols = sorted({j for _, j in here})
        for vector in block.vectors:
            if not touched_rows.intersection(vector):
                continue
            usable = [
                j
                for j in range(len(block.cols))
                if all(self.free(int(block.var[i, j]), batch, open_release) for i in vector)
            ]
            for j1 in touched_cols:
                if j1 not in usable:
                    continue
                if block.overlap:
                    yield {(batch, int(block.var[i, j1])): d for i, d in vector.items()}
                for j2 in usable:
                    if j2 == j1:
                        continue
                    move: Move = {}
                    for i, d in vector.items():
                        _add(move, (batch, int(block.var[i, j1])), d)
                        _add(move, (batch, int(block.var[i, j2])), -d)
                    yield move
                    spread = self._spread(block, vector, j1, j2, batch)
                    if spread is not None:
                        yield spread

    def _spread(self, block: Block, vector: Mapping[int, int], j1: int, j2: int, batch: int) -> Move | None:
        """The same exchange with each row's families taken from whichever batch of the
        same report has them: how many of a group answered in each batch is never
        published, only the sum at each full report (single answers only: the rules of
        multiple choice hold per batch)."""
        if block.overlap or any(
            self.model.structure.rows[block.rows[i][0]].kind == "multiple" for i in vector
        ):
            return None
        segment = self.segment[batch]
        batches = [b for b in range(self.s.batches) if self.segment[b] == segment]
        if len(batches) < 2:
            return None
        move: Move = {}
        for i, d in vector.items():
            taken, given = (j2, j1) if d > 0 else (j1, j2)
            source = next((b for b in reversed(batches) if self.s.x[b, int(block.var[i, taken])] >= 1), None)
            if source is None:
                return None
            _add(move, (source, int(block.var[i, given])), 1)
            _add(move, (source, int(block.var[i, taken])), -1)
        return move if any(b != batch for b, _ in move) else None

    def _all_moves(
        self,
        vars_: set[int],
        batch: int,
        open_release: int | None,
        undo: int | None = None,
        partial: bool = False,
    ) -> Iterable[Move]:
        """A family answering differently: the whole wave's rows change, and in every
        table of a breakdown the family's group changes alike. With ``undo``, a later
        batch changes back (``partial``: only the rows a later release shows, where that
        alone keeps the questionnaire's rules — a family in the later batch adding an
        option, say)."""
        model = self.model
        cell_blocks = {b for v in vars_ for b in self.block_of_var.get(v, ())}
        for family_index in self._families_touching(vars_):
            atom_vars = self.family_atoms[family_index]
            blocks = [i for i, b in enumerate(model.blocks) if b.family == family_index]
            for vector_index, vector in enumerate(model.all_vectors[family_index]):
                if not all(self.free(atom_vars[row], batch, open_release, undo) for row in vector):
                    continue
                if not model.keeps_medians(vector, batch):
                    continue
                base: Move = {(batch, atom_vars[row]): d for row, d in vector.items()}
                if vars_.isdisjoint(v for _, v in base) and not cell_blocks:
                    continue
                back: dict[tuple[str, str], int] = {}
                if undo is not None:
                    back = {row: -d for row, d in vector.items()}
                    if partial:
                        back = {row: d for row, d in back.items() if self._shown_after(atom_vars[row], undo)}
                        if (
                            not back
                            or len(back) == len(vector)
                            or not model.keeps_rules(model.structure.families[family_index], back)
                        ):
                            continue
                    for row, d in back.items():
                        _add(base, (undo, atom_vars[row]), d)
                parts: list[tuple[list[Move], int]] = []
                possible = True
                for block_index in blocks:
                    block = model.blocks[block_index]
                    mapped = self._mapped(block_index, family_index, vector_index)
                    returned = self._map(block, back) if back else {}
                    if not mapped and not returned:
                        continue
                    columns = [
                        j
                        for j in range(len(block.cols))
                        if all(self.free(int(block.var[i, j]), batch, open_release, undo) for i in mapped)
                    ]
                    options = []
                    for j in columns:
                        option = {(batch, int(block.var[i, j])): d for i, d in mapped.items()}
                        for j2 in [j] + [c for c in range(len(block.cols)) if c != j] if returned else [j]:
                            combined = dict(option)
                            for i, d in returned.items():
                                _add(combined, (undo, int(block.var[i, j2])), d)  # type: ignore[arg-type]
                            options.append(combined)
                    if block.overlap:
                        options.insert(0, {})
                    if not options:
                        possible = False
                        break
                    parts.append((options, block_index))
                if possible:
                    yield from self._combine(base, parts, vars_, open_release)

    def _shown_after(self, var: int, batch: int) -> bool:
        return any(
            self.s.cells[i].status == SHOWN and self.s.last_batch[self.s.cells[i].release] >= batch
            for i in self.leaf_cells.get(var, ())
        )

    def _map(self, block: Block, vector: Mapping[tuple[str, str], int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for i, (question, row) in enumerate(block.rows):
            d = sum(vector.get((question, a), 0) for a in self.model._atoms_of(question, row))
            if d:
                out[i] = d
        return out

    def _mapped(self, block_index: int, family_index: int, vector_index: int) -> dict[int, int]:
        key = (block_index, family_index, vector_index)
        if key not in self.mapped_cache:
            block = self.model.blocks[block_index]
            vector = self.model.all_vectors[family_index][vector_index]
            out: dict[int, int] = {}
            for i, (question, row) in enumerate(block.rows):
                d = sum(vector.get((question, a), 0) for a in self.model._atoms_of(question, row))
                if d:
                    out[i] = d
            self.mapped_cache[key] = out
        return self.mapped_cache[key]

    def _block_keys(self, block_index: int) -> set[int]:
        if block_index not in self.keys_cache:
            self.keys_cache[block_index] = {int(v) for v in self.model.blocks[block_index].var.ravel()}
        return self.keys_cache[block_index]

    def _combine(
        self, base: Move, parts: list[tuple[list[Move], int]], vars_: set[int], open_release: int | None
    ) -> Iterable[Move]:
        """The blocks' parts: every option of a block that holds the figure, each
        completed by the first option of every other block that keeps that block valid;
        then the whole change is checked."""
        mine = [
            i
            for i, (options, _b) in enumerate(parts)
            if any(vars_.intersection(v for _, v in o) for o in options)
        ]
        first = mine[0] if mine else None
        for pick in parts[first][0] if first is not None else [None]:
            chosen = dict(base)
            for i, (options, block_index) in enumerate(parts):
                candidates = [pick] if i == first and pick is not None else options
                picked = None
                for option in candidates:
                    trial = dict(chosen)
                    for key, d in option.items():
                        _add(trial, key, d)
                    if self.s.check(trial, open_release, self._block_keys(block_index))[0]:
                        picked = trial
                        break
                if picked is None:
                    break
                chosen = picked
            else:
                if self.s.check(chosen, open_release)[0]:
                    yield chosen

    # -- deciding ---------------------------------------------------------------------------
    def run(self) -> None:
        self.statuses()
        targets = self.targets()
        self.is_target = set(targets)
        self.covered: set[int] = set()
        for index in targets:
            if index not in self.covered:
                self._certified(index, 1)
        for index in targets:
            if index in self.covered:
                continue
            if self._certified(index, 1):
                continue  # a figure hidden since made a change possible
            if not (
                self._complement(index, 1)
                or self._certified(index, 2, limit=300)
                or self._complement(index, 2, limit=400)
            ):
                key = self.s.cells[index].key
                raise Undecidable(f"no safe way to publish around {key}", key[1] if len(key) > 1 else None)

    def _cover(self, move: Move) -> None:
        """Every target a valid change alters is safe: record them all."""
        by_var = _by_variable(move)
        for var in by_var:
            for index in self.s.cells_of.get(var, ()):
                if (
                    index in self.is_target
                    and index not in self.covered
                    and self.s._delta(self.s.cells[index], by_var) != 0
                ):
                    self.covered.add(index)

    def _certified(self, index: int, tier: int, limit: int = 3000) -> bool:
        for count, move in enumerate(self.candidates(index, None, tier)):
            if count >= limit:
                return False
            if not move or not self.s.changes(index, move):
                continue
            ok, _ = self.s.check(move, None, rules=id(move) not in self.relabelled)
            if ok:
                self._cover(move)
                return True
        return False

    def _complement(self, index: int, tier: int, limit: int = 3000) -> bool:
        """Hide the fewest, smallest figures of the new release that let a change alter
        figure ``index``."""
        best: tuple[tuple, list[int], Move] | None = None
        for count, move in enumerate(self.candidates(index, self.new, tier)):
            if count >= limit:
                break
            if not move or not self.s.changes(index, move):
                continue
            ok, hide = self.s.check(move, self.new, rules=id(move) not in self.relabelled)
            if not ok:
                continue
            cost = (
                len(hide),
                sum(1 for h in hide if self.s.cells[h].key[0] == "all"),
                sum(self.s.cells[h].value for h in hide),
            )
            if best is None or cost < best[0]:
                best = (cost, hide, move)
                if cost[:2] <= (1, 0):
                    break
        if best is None:
            return False
        for hidden in best[1]:
            self.s.cells[hidden].status = COMPLEMENT
        self._cover(best[2])
        return True


def _by_variable(move: Move) -> dict[int, list[tuple[int, int]]]:
    out: dict[int, list[tuple[int, int]]] = {}
    for (batch, var), d in move.items():
        out.setdefault(var, []).append((batch, d))
    return out


def _add(move: Move, key: tuple[int, int], d: int) -> None:
    value = move.get(key, 0) + d
    if value:
        move[key] = value
    else:
        move.pop(key, None)


def _with_undo(move: Move, batch: int) -> Move:
    out = dict(move)
    for (_b, var), d in move.items():
        _add(out, (batch, var), -d)
    return out


def decide(model: Model, earlier: Sequence[Decision], withheld: Collection[Family] = ()) -> Decision:
    """Decide the last release of ``model``, given the decisions of the ones before it;
    the breakdowns of the question families in ``withheld`` are hidden whole. Raises
    :class:`Undecidable` if no safe release exists so."""
    decider = _Decider(model, earlier, withheld)
    decider.run()
    new = len(model.releases) - 1
    status: dict[Key, str] = {}
    value: dict[Key, int] = {}
    for cell in model.system.cells:
        if cell.release != new or cell.status == HIDDEN:
            continue
        status[cell.key] = cell.status
        if cell.status == SHOWN:
            value[cell.key] = cell.value
    return Decision(status, value, model.rules)
