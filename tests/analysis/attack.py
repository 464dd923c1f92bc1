"""An attacker who holds everything a wave published and solves it as one integer system.

Written apart from :mod:`analysis.disclosure` on purpose: it shares none of its code
for relations or moves. It models the answers as counts per *fine* cell — every answer
of every question by every category of every breakdown (each location, each language,
each answer of a breakdown question), per batch of responses between releases — and
states what a reader knows:

* every published figure (shown: equal; hidden: any whole number from 0) is the sum of
  the fine cells it covers, over the batches its release includes;
* each breakdown's categories add up to the whole (or, for a multiple choice
  breakdown, cover it, each family in at most ``max_choices`` options); every question
  table of one breakdown shares the same category sizes; a breakdown by a question is
  that question's answers, in both directions;
* those who saw a question shown after a condition are those who gave one of its
  answers (or, after a multiple choice, at least as many as chose any one of them and at
  most as many as chose them together);
* a multiple choice question's options: each at most the families who chose
  something, together at least that and at most ``max_choices`` times it, the
  exclusive option alone;
* a shown median of a number question: at most half below, at most half above, at
  least k exactly at it;
* the wave page: which locations reached k answers.

Then, for every count below k that is not shown (a hidden cell, or a count of families
that no table prints but a reader could aim at: those who did not see a question, who
chose nothing, who are outside a group), it asks an exact solver for whole-number
answers that fit everything published with that count different. Where none exists,
the count is pinned. (HiGHS through highspy:
the linear relaxation first, warm-started, then the integer program.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import highspy
import numpy as np
from scipy.sparse import coo_matrix

from analysis.releases import Release
from analysis.structure import ALL, BASE, LOCATION, NONE, NOT_ASKED, Structure
from analysis.tally import Microdata

SHOWN = "shown"


@dataclass
class Finding:
    what: tuple
    release: int
    value: int


class Attack:
    def __init__(
        self,
        structure: Structure,
        data: Microdata,
        releases: Sequence[Release],
        k: int,
        reached: frozenset[str] = frozenset(),
    ) -> None:
        self.structure = structure
        self.data = data
        self.releases = list(releases)
        self.k = k
        self.batch = data.batches([r.last_id for r in releases])
        self.batches = len(releases) + 1  # the last batch: answers not released yet
        self.names: list[tuple] = []
        self.truth: list[int] = []
        self.index: dict[tuple, int] = {}
        self.eq: list[tuple[dict[int, int], int]] = []
        self.ub: list[tuple[dict[int, int], int]] = []  # sum <= bound
        self.targets: list[tuple[tuple, int, dict[int, int], int]] = []  # (what, release, expr, value)
        self.reached = reached
        self.groupings = next((r.groupings for r in releases if r.full), {})
        self._model()

    # -- variables ---------------------------------------------------------------------------
    def var(self, name: tuple, value: int) -> int:
        if name not in self.index:
            self.index[name] = len(self.names)
            self.names.append(name)
            self.truth.append(int(value))
        return self.index[name]

    def _fine(self) -> None:
        st = self.structure
        nb = self.batches
        self.atoms = {q: st.rows[q].atoms for q in st.rows}
        self.dims = {key: d for key, d in st.dimensions.items()}
        for q in st.rows:
            counts = self.data.question_counts(q, self.batch, nb)
            for b in range(nb):
                for i, atom in enumerate(self.atoms[q]):
                    self.var(("z", q, b, atom), counts[b, i])
        for key, dim in self.dims.items():
            sizes = self.data.sizes(key, self.batch, nb)
            for b in range(nb):
                for i, cat in enumerate(dim.categories):
                    self.var(("s", key, b, cat), sizes[b, i])
            for q in st.rows:
                if dim.question is not None and dim.question == q:
                    continue
                counts = self.data.block_counts([q], key, self.batch, nb)
                for b in range(nb):
                    for i, atom in enumerate(self.atoms[q]):
                        for j, cat in enumerate(dim.categories):
                            self.var(("y", q, key, b, atom, cat), counts[b, i, j])

    def _model(self) -> None:
        self._fine()
        st = self.structure
        nb = self.batches
        v = self.index
        for key, dim in self.dims.items():
            for q in st.rows:
                if dim.question == q:
                    continue
                rows = st.rows[q]
                for b in range(nb):
                    for atom in self.atoms[q]:
                        cells = {v[("y", q, key, b, atom, c)]: 1 for c in dim.categories}
                        whole = v[("z", q, b, atom)]
                        if not dim.overlap:
                            self.eq.append(({**cells, whole: -1}, 0))
                        else:
                            for c in dim.categories:
                                self.ub.append(({v[("y", q, key, b, atom, c)]: 1, whole: -1}, 0))
                            self.ub.append(({**{i: -1 for i in cells}, whole: 1}, 0))  # covered
                            self.ub.append(({**cells, whole: -dim.max_members}, 0))
                    for c in dim.categories:
                        size = v[("s", key, b, c)]
                        if rows.kind != "multiple":
                            self.eq.append(
                                ({**{v[("y", q, key, b, a, c)]: 1 for a in self.atoms[q]}, size: -1}, 0)
                            )
                        else:
                            self._multiple(rows, {a: v[("y", q, key, b, a, c)] for a in self.atoms[q]}, size)
            if dim.question is not None:
                for b in range(nb):
                    for c in dim.categories:
                        self.eq.append(({v[("s", key, b, c)]: 1, v[("z", dim.question, b, c)]: -1}, 0))
                for q in st.rows:
                    other = self.dims.get(q)
                    if other is None or q == dim.question:
                        continue
                    for b in range(nb):
                        for a in self.atoms[q]:
                            for c in dim.categories:
                                if a in other.categories and c in self.atoms[dim.question]:
                                    self.eq.append(
                                        (
                                            {
                                                v[("y", q, key, b, a, c)]: 1,
                                                v[("y", dim.question, q, b, c, a)]: -1,
                                            },
                                            0,
                                        )
                                    )
        for b in range(nb):
            total = [v[("s", "assisted", b, c)] for c in self.dims["assisted"].categories]
            for key, dim in self.dims.items():
                if not dim.overlap and key != "assisted":
                    self.eq.append(
                        ({**{i: 1 for i in total}, **{v[("s", key, b, c)]: -1 for c in dim.categories}}, 0)
                    )
            for q, rows in st.rows.items():
                z = {a: v[("z", q, b, a)] for a in self.atoms[q]}
                if rows.kind != "multiple":
                    self.eq.append(({**{i: 1 for i in z.values()}, **{i: -1 for i in total}}, 0))
                else:
                    n = self.var(("n", b), sum(self.truth[i] for i in total))
                    self.eq.append(({n: 1, **{i: -1 for i in total}}, 0))
                    self._multiple(rows, z, n)
        self._conditions()
        self._published()
        self._staff()

    def _multiple(self, rows, cells: Mapping[str, int], size: int) -> None:
        """answered = size - none - not asked; each option <= answered; sum >= answered;
        sum <= max * answered; exclusive + any other <= answered."""
        tail = {cells[a]: 1 for a in rows.atoms[len(rows.options) :]}
        answered = {size: 1, **{i: -1 for i in tail}}
        for option in rows.options:
            self.ub.append((_plus({cells[option]: 1}, _neg(answered)), 0))
        self.ub.append((_plus(answered, {cells[o]: -1 for o in rows.options}), 0))
        most = rows.max_choices or len(rows.options)
        self.ub.append(
            (_plus({cells[o]: 1 for o in rows.options}, {i: -most * c for i, c in answered.items()}), 0)
        )
        if rows.exclusive:
            for option in rows.options:
                if option != rows.exclusive:
                    self.ub.append((_plus({cells[rows.exclusive]: 1, cells[option]: 1}, _neg(answered)), 0))

    def _conditions(self) -> None:
        st = self.structure
        v = self.index
        for question in st.questionnaire.questions:
            condition = question.show_if
            if condition is None or not question.takes_answer:
                continue
            q1, q2 = condition.question, question.code
            kind = st.rows[q1].kind
            places = [(("z", q1), ("z", q2), ())]
            for key, dim in self.dims.items():
                if dim.question in (q1, q2):
                    continue
                places += [(("y", q1, key), ("y", q2, key), (c,)) for c in dim.categories]
            for b in range(self.batches):
                for p1, p2, tail in places:
                    na = (
                        v[(*p2[:1], p2[1], *p2[2:], b, NOT_ASKED, *tail)]
                        if p2[0] == "y"
                        else v[("z", q2, b, NOT_ASKED)]
                    )

                    def cell(q, atom, p=p1, tail=tail, b=b):
                        if p[0] == "z":
                            return v[("z", q, b, atom)]
                        return v[("y", q, p[2], b, atom, *tail)]

                    if kind != "multiple":
                        outside = {cell(q1, a): 1 for a in self.atoms[q1] if a not in condition.any_of}
                        self.eq.append(({**outside, na: -1}, 0))
                    else:
                        size = v[("s", p1[2], b, tail[0])] if p1[0] == "y" else v[("n", b)]
                        asked = {size: 1, na: -1}
                        wanted = [o for o in st.rows[q1].options if o in condition.any_of]
                        for o in wanted:
                            self.ub.append((_plus({cell(q1, o): 1}, _neg(asked)), 0))
                        self.ub.append((_plus(asked, {cell(q1, o): -1 for o in wanted}), 0))

    # -- what was published -------------------------------------------------------------------
    def _published(self) -> None:
        v = self.index
        for r, release in enumerate(self.releases):
            decision = release.decision
            upto = range(r + 1)
            total = {v[("s", "assisted", b, c)]: 1 for b in upto for c in self.dims["assisted"].categories}
            self.eq.append((total, release.responses))
            for key, status in decision.status.items():
                expr = self._figure(key, r, release)
                if expr is None:
                    raise AssertionError(f"the attacker cannot read {key}")
                value = sum(self.truth[i] * c for i, c in expr.items())
                if status == SHOWN:
                    assert decision.value[key] == value, (key, decision.value[key], value)
                    assert value >= self.k or key[0] == "size", (key, value)
                    self.eq.append((expr, value))
                elif value < self.k:
                    self.targets.append((key, r, expr, value))
            for q, median in release.medians.items():
                self._median(q, median, r, release)
            if release.full:
                for key, grouping in release.groupings.items():
                    for group in grouping.groups:
                        expr = {v[("s", key, b, c)]: 1 for b in upto for c in group.categories}
                        self.eq.append((expr, sum(self.truth[i] for i in expr)))
            self._derived_targets(r, release)

    def _figure(self, key: tuple, r: int, release: Release) -> dict[int, int] | None:
        v = self.index
        upto = range(r + 1)
        kind = key[0]
        if kind == "n":
            return {v[("s", "assisted", b, c)]: 1 for b in upto for c in self.dims["assisted"].categories}
        if kind == "size":
            _, dim_key, group = key
            cats = self._col_categories(dim_key, group, release)
            return {v[("s", dim_key, b, c)]: 1 for b in upto for c in cats}
        if kind == "all":
            _, q, row = key
            atoms = self._row_atoms(q, row, release)
            return {v[("z", q, b, a)]: 1 for b in upto for a in atoms}
        if kind == "block":
            _, q, dim_key, row, col = key
            atoms = self._row_atoms(q, row, release)
            cats = self._col_categories(dim_key, col, release)
            return {v[("y", q, dim_key, b, a, c)]: 1 for b in upto for a in atoms for c in cats}
        return None

    def _row_atoms(self, q: str, row: str, release: Release) -> tuple[str, ...]:
        atoms = self.atoms[q]
        if row == BASE:
            return tuple(a for a in atoms if a != NOT_ASKED)
        if row == "_value":
            return tuple(a for a in atoms if a not in (NONE, NOT_ASKED))
        if row in atoms:
            return (row,)
        grouping = release.groupings.get(q)
        if grouping is not None:
            return dict((g.key, g.categories) for g in grouping.groups)[row]
        raise AssertionError(f"unknown row {row} of {q}")

    def _col_categories(self, dim_key: str, col: str, release: Release) -> tuple[str, ...]:
        grouping = release.groupings[dim_key]
        groups = dict((g.key, g.categories) for g in grouping.groups)
        if col in groups:
            return groups[col]
        members = dict(grouping.regions)[col]
        return tuple(c for m in members for c in groups[m])

    def _derived_targets(self, r: int, release: Release) -> None:
        """Counts no table prints but a reader may aim at, for the whole wave and each
        published group: families who did not see a question, who chose nothing of a
        multiple choice question, and (for overlapping groups) who are outside a group."""
        st = self.structure
        v = self.index
        upto = range(r + 1)
        columns: list[tuple[str, tuple[str, ...] | None]] = [(ALL, None)]
        if release.full:
            for key, grouping in release.groupings.items():
                if len(grouping.groups) >= 2:
                    columns += [(key, g.categories) for g in grouping.groups]
        for q, rows in st.rows.items():
            for dim_key, cats in columns:
                if dim_key != ALL and self.dims[dim_key].question == q:
                    continue
                if dim_key != ALL and not st.breaks_down(q, dim_key):
                    continue

                def cells(atom, q=q, dim_key=dim_key, cats=cats):
                    if dim_key == ALL:
                        return {v[("z", q, b, atom)]: 1 for b in upto}
                    return {v[("y", q, dim_key, b, atom, c)]: 1 for b in upto for c in cats}

                if rows.conditioned:
                    self._target(("not asked", q, dim_key, cats), r, cells(NOT_ASKED))
                if rows.kind == "multiple":
                    size = (
                        {v[("n", b)]: 1 for b in upto}
                        if dim_key == ALL
                        else {v[("s", dim_key, b, c)]: 1 for b in upto for c in cats}
                    )
                    expr = dict(size)
                    for a in rows.atoms[len(rows.options) :]:
                        expr = _plus(expr, {i: -1 for i in cells(a)})
                    self._target(("chose something", q, dim_key, cats), r, expr)
            if release.full:
                for key, grouping in release.groupings.items():
                    dim = self.dims[key]
                    if (
                        not dim.overlap
                        or dim.question == q
                        or len(grouping.groups) < 2
                        or not st.breaks_down(q, key)
                    ):
                        continue
                    for group in grouping.groups:
                        for atom in rows.atoms:
                            inside = {
                                v[("y", q, key, b, atom, c)]: -1 for b in upto for c in group.categories
                            }
                            whole = {v[("z", q, b, atom)]: 1 for b in upto}
                            self._target(("outside", q, key, group.key, atom), r, _plus(whole, inside))

    def _target(self, what: tuple, r: int, expr: dict[int, int]) -> None:
        value = sum(self.truth[i] * c for i, c in expr.items())
        if value < self.k:
            self.targets.append((what, r, expr, value))

    def _median(self, q: str, median: float, r: int, release: Release) -> None:
        rows = self.structure.rows[q]
        v = self.index
        upto = range(r + 1)
        below: dict[int, int] = {}
        above: dict[int, int] = {}
        at: dict[int, int] = {}
        values = self.data.value[q]
        for b in upto:
            for i, (low, high) in enumerate(rows.bins):
                z = v[("z", q, b, rows.atoms[i])]
                if high is not None and high < median:
                    below[z] = 1
                elif low is not None and low > median:
                    above[z] = 1
                else:  # the range holding the median: split it
                    mine = (self.batch == b) & ~np.isnan(values)
                    inside = values[mine]
                    inside = inside[
                        [(low is None or x >= low) and (high is None or x <= high) for x in inside]
                    ]
                    parts = [
                        self.var(("median", q, b, side), int(n))
                        for side, n in (
                            ("below", (inside < median).sum()),
                            ("at", (inside == median).sum()),
                            ("above", (inside > median).sum()),
                        )
                    ]
                    self.eq.append(({z: 1, parts[0]: -1, parts[1]: -1, parts[2]: -1}, 0))
                    below[parts[0]] = 1
                    at[parts[1]] = 1
                    above[parts[2]] = 1
        given = _plus(below, _plus(at, above))
        # at most half below and at most half above: 2 * below <= given, 2 * above <= given
        self.ub.append((_plus({i: 2 for i in below}, _neg(given)), 0))
        self.ub.append((_plus({i: 2 for i in above}, _neg(given)), 0))
        self.ub.append(({i: -1 for i in at}, -self.k))

    def _staff(self) -> None:
        v = self.index
        everything = range(self.batches)
        for c in self.dims[LOCATION].categories:
            expr = {v[("s", LOCATION, b, c)]: 1 for b in everything}
            if c in self.reached:
                self.ub.append(({i: -1 for i in expr}, -self.k))
            else:
                self.ub.append((expr, self.k - 1))

    # -- solving -------------------------------------------------------------------------------
    def pinned(self) -> list[Finding]:
        """Every target count that no whole-number answer set fitting everything
        published can change. For each target: the linear relaxation first (if even it
        cannot move the count, nothing can; if its optimum is whole, it is an answer
        set), else the integer program, started from the true answers."""
        n = len(self.names)
        truth = np.array(self.truth, dtype=float)
        rows, cols, data, low, high = [], [], [], [], []
        for expr, value in self.eq:
            for i, c in expr.items():
                rows.append(len(low))
                cols.append(i)
                data.append(c)
            low.append(value)
            high.append(value)
        for expr, bound in self.ub:
            for i, c in expr.items():
                rows.append(len(low))
                cols.append(i)
                data.append(c)
            low.append(-highspy.kHighsInf)
            high.append(bound)
        matrix = coo_matrix((data, (rows, cols)), shape=(len(low), n)).tocsc()
        residual = matrix @ truth
        low_, high_ = np.array(low), np.array(high)
        bad = np.nonzero((residual < low_ - 1e-9) | (residual > high_ + 1e-9))[0]
        assert not len(bad), f"the answers break the attacker's model in {len(bad)} rules"
        relaxed = _highs(matrix, low_, high_, integer=False)
        exact = _highs(matrix, low_, high_, integer=True)
        found: list[np.ndarray] = []
        findings = []
        for what, r, expr, value in self.targets:
            if any(_value(x, expr) != value for x in found):
                continue
            moved = False
            for sense in (1, -1):
                if sense == -1 and value == 0:
                    continue
                x = self._move(relaxed, exact, expr, value, sense, truth)
                if x is not None:
                    found.append(x)
                    moved = True
                    break
            if not moved:
                findings.append(Finding(what, r, value))
        return findings

    def _move(self, relaxed, exact, expr, value, sense, truth) -> np.ndarray | None:
        n = len(self.names)
        costs = np.zeros(n)
        for i, c in expr.items():
            costs[i] = c
        goal = value + sense
        for model in (relaxed, exact):
            model.changeColsCost(n, np.arange(n, dtype=np.int32), costs)
            model.changeObjectiveSense(
                highspy.ObjSense.kMaximize if sense > 0 else highspy.ObjSense.kMinimize
            )
            if model is exact:
                solution = highspy.HighsSolution()
                solution.col_value = list(truth)
                model.setSolution(solution)
            model.setOptionValue("time_limit", model.getRunTime() + 120.0)  # the clock runs on
            model.run()
            status = model.getModelStatus()
            if status == highspy.HighsModelStatus.kInfeasible:
                raise AssertionError("the attacker's model has no solution, not even the truth")
            if model is relaxed and status != highspy.HighsModelStatus.kOptimal:
                raise RuntimeError(f"the relaxation gave no answer ({model.modelStatusToString(status)})")
            x = np.array(model.getSolution().col_value)
            best = model.getInfo().objective_function_value
            if model is relaxed:
                if (best - goal) * sense < -1e-6:
                    return None  # not even fractional answers move it: pinned this way
                if np.allclose(x, np.rint(x), atol=1e-7):
                    return np.rint(x)
                continue
            if status != highspy.HighsModelStatus.kOptimal and (best - goal) * sense < -1e-6:
                raise RuntimeError(f"the solver gave no answer in time ({model.modelStatusToString(status)})")
            return np.rint(x) if (best - goal) * sense >= -1e-6 else None
        return None


def _highs(matrix, low, high, integer: bool):
    model = highspy.Highs()
    model.setOptionValue("output_flag", False)
    n = matrix.shape[1]
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = matrix.shape[0]
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.full(n, highspy.kHighsInf)
    lp.row_lower_ = low
    lp.row_upper_ = high
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data.astype(float)
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    model.passModel(lp)
    return model


def _value(x: np.ndarray, expr: Mapping[int, int]) -> int:
    return int(round(sum(x[i] * c for i, c in expr.items())))


def _plus(a: Mapping[int, int], b: Mapping[int, int]) -> dict[int, int]:
    out = defaultdict(int, a)
    for i, c in b.items():
        out[i] += c
    return {i: c for i, c in out.items() if c}


def _neg(a: Mapping[int, int]) -> dict[int, int]:
    return {i: -c for i, c in a.items()}
