"""Disclosure control: the one gate every published figure passes through.

A table to publish is a :class:`CountTable`: counts in rows (the answer codes, then the
base row ``n``) and columns (``(by, group)``: the whole wave ``("all", "all")``, or the
groups of a breakdown), together with the *relations* a reader knows hold between them
(a total is the sum of its parts: the groups of a breakdown add up to the whole, the
answers of a single-choice question add up to its base). Some tables also carry
*hidden* cells: counts that are never published but that a reader can work out from
published ones (the families who are *not* single parents, when the single parents
and the whole wave are shown), so they are protected like any other count.

:func:`protect` decides which cells to suppress:

1. *Primary*: every count below k (k = 5; k = 10 for tables with two or more breakdown
   variables and for free text) — zeros included, because "nobody in this group" tells
   as much about the group as "everybody" does. Shown as ``< 5`` (``< 10``).
2. *Complementary*: while any count below k can still be worked out — exactly by
   adding and subtracting published figures (linear algebra over all relations), or by
   narrowing it to one value with what the markers say (a ``< 5`` is 0–4, a ``×`` is at
   least k) — one more cell is suppressed: of the lines through it the weakest first,
   a non-total before a total, the smallest first (the first such cell that alone closes
   the gap). Complements that turn out not to be needed are shown again, largest
   first. Shown as ``×``.
3. If no cell is left that could still be suppressed (the table's totals are fixed by
   another, already published table), the breakdown is *withheld*: every cell of it
   shows ``×``.

Shares are computed only from counts that are shown, over a base that is shown.
Cells fixed by another table (``fixed``) keep that table's decision, so that the same
count is never shown in one output and hidden in another. Wave-to-wave changes
(:func:`compare`) are differences of shown figures only.

:func:`protect` returns a :class:`Protected`: the published table (numbers and
markers), the shown counts and shares, and the list of suppressed cells with the
reason. The raw values of suppressed cells are not in it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

BASE = "_n"  # the row of base counts (n)
ALL = ("all", "all")  # the column of the whole wave
SMALL = "small"  # below k
COMPLEMENT = "complement"  # hidden so that a small count cannot be worked out
WITHHELD = "withheld"  # the whole breakdown is not shown
HIDDEN_MARK = "×"

Key = tuple[str, str, str]  # (row, by, group)


class DisclosureError(RuntimeError):
    """A table cannot be published safely (this is a bug in how the table was built)."""


@dataclass(frozen=True)
class Rules:
    """The thresholds. ``k`` for counts and percentages; ``k_strict`` for tables with two
    or more breakdown variables and for free text."""

    k: int = 5
    k_strict: int = 10

    def k_for(self, breakdowns: int, free_text: bool = False) -> int:
        return self.k_strict if breakdowns >= 2 or free_text else self.k


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class Relation:
    total: Key
    parts: tuple[Key, ...]


@dataclass(frozen=True)
class Fixed:
    """A cell whose publication another table has decided already."""

    reason: str | None  # None: shown
    k: int  # the threshold of the table that decided it


@dataclass
class CountTable:
    """Counts to publish, with what a reader knows about how they relate.

    ``counts``: index = row codes (answer codes, then :data:`BASE` if there is a base),
    columns = ``pd.MultiIndex`` of ``(by, group)``. ``hidden``: unpublished counts with
    the same index, columns ``(by, group)`` too, taking part in ``relations``.
    """

    name: str
    counts: pd.DataFrame
    relations: tuple[Relation, ...] = ()
    hidden: pd.DataFrame | None = None
    breakdowns: int = 0
    free_text: bool = False
    fixed: Mapping[Key, Fixed] = field(default_factory=dict)
    rows_add_up: bool = False  # the answer rows add up to the base row (single choice)

    def values(self) -> dict[Key, int]:
        out: dict[Key, int] = {}
        for frame in (self.counts, self.hidden):
            if frame is None:
                continue
            values = frame.to_numpy(dtype="int64")
            rows = [str(r) for r in frame.index]
            for j, (by, group) in enumerate(frame.columns):
                column = values[:, j].tolist()
                for i, row in enumerate(rows):
                    out[(row, str(by), str(group))] = column[i]
        return out

    def published_keys(self) -> list[Key]:
        rows = [str(r) for r in self.counts.index]
        return [(row, str(by), str(group)) for by, group in self.counts.columns for row in rows]


@dataclass(frozen=True)
class Protected:
    """A table as it may be published.

    ``counts``: the shown counts, ``<NA>`` where suppressed. ``marks``: what a reader
    sees in each cell (the count as text, ``< 5`` or ``×``). ``shares``: per cent of the
    column's base, only where count and base are shown. ``suppressed``: one row per
    suppressed cell: ``row, by, group, reason``.
    """

    name: str
    k: int
    counts: pd.DataFrame
    marks: pd.DataFrame
    shares: pd.DataFrame
    suppressed: pd.DataFrame
    rows_add_up: bool = False
    breakdowns: int = 0
    withheld: bool = False  # the table's own cells are all hidden: nothing to show of it

    @property
    def small_mark(self) -> str:
        return f"< {self.k}"

    def fixed(self) -> dict[Key, Fixed]:
        """This table's decisions, for a table that repeats some of its cells."""
        reasons = {(r.row, r.by, r.group): r.reason for r in self.suppressed.itertuples()}
        return {
            (str(row), str(by), str(group)): Fixed(reasons.get((str(row), str(by), str(group))), self.k)
            for (by, group), column in self.counts.items()
            for row in column.index
        }

    def reason(self, row: str, by: str, group: str) -> str | None:
        hit = self.suppressed[
            (self.suppressed["row"] == row)
            & (self.suppressed["by"] == by)
            & (self.suppressed["group"] == group)
        ]
        return None if hit.empty else str(hit["reason"].iloc[0])

    def column(self, by: str, group: str) -> pd.Series:
        return self.counts[(by, group)]


# -- the gate ------------------------------------------------------------------------------


def protect(table: CountTable, rules: Rules = DEFAULT_RULES) -> Protected:
    """Decide what of ``table`` may be published, and publish it."""
    k = rules.k_for(table.breakdowns, table.free_text)
    values = table.values()
    published = table.published_keys()
    shown_keys = set(published)
    hidden = [key for key in values if key not in shown_keys]
    for key in table.fixed:
        if key not in values:
            raise ValueError(f"{table.name}: fixed cell {key} is not in the table")
    solver = _Solver(values, published, hidden, table.relations, table.fixed, k)
    status = solver.solve()
    return _publish(table, status, k, solver.withheld)


def audit(table: CountTable, suppressed: Mapping[Key, str], rules: Rules = DEFAULT_RULES) -> list[Key]:
    """The counts below k a reader could work out if ``table`` were published with the
    cells of ``suppressed`` (key -> reason) hidden: a check for any suppression pattern."""
    k = rules.k_for(table.breakdowns, table.free_text)
    values = table.values()
    published = table.published_keys()
    shown_keys = set(published)
    hidden = [key for key in values if key not in shown_keys]
    solver = _Solver(values, published, hidden, table.relations, table.fixed, k)
    for key in published:
        fixed = table.fixed.get(key)
        solver.status[key] = fixed.reason if fixed is not None else suppressed.get(key)
    shown_small = [
        key for key in published if solver.status[key] is None and key not in table.fixed and values[key] < k
    ]
    return shown_small + solver.exposed()


def compare(before: Protected, after: Protected, column: tuple[str, str] = ALL) -> pd.DataFrame:
    """Wave-to-wave change of one column of two protected tables.

    Every figure is taken from what each table publishes, so a change is shown only
    where both counts (and both bases) are shown, and never reveals a hidden count.
    Columns: ``before``, ``after``, ``change`` (counts, ``<NA>`` where not shown),
    ``before_share``, ``after_share``, ``change_points`` (percentage points).
    """
    rows = list(dict.fromkeys([*before.counts.index, *after.counts.index]))
    a = before.counts[column].reindex(rows) if column in before.counts else pd.Series(pd.NA, index=rows)
    b = after.counts[column].reindex(rows) if column in after.counts else pd.Series(pd.NA, index=rows)
    sa = before.shares[column].reindex(rows) if column in before.shares else pd.Series(np.nan, index=rows)
    sb = after.shares[column].reindex(rows) if column in after.shares else pd.Series(np.nan, index=rows)
    out = pd.DataFrame(index=pd.Index(rows, name="row"))
    out["before"] = pd.array(a, dtype="Int64")
    out["after"] = pd.array(b, dtype="Int64")
    out["change"] = out["after"] - out["before"]
    out["before_share"] = pd.array(sa, dtype="Float64")
    out["after_share"] = pd.array(sb, dtype="Float64")
    out["change_points"] = out["after_share"] - out["before_share"]
    return out


def layout(
    counts: pd.DataFrame,
    *,
    rows_add_up: bool,
    partitions: Iterable[str] = (),
    indicators: Mapping[tuple[str, str], tuple[str, str]] | None = None,
) -> tuple[Relation, ...]:
    """The relations a reader knows for the usual table shapes.

    ``partitions``: breakdowns whose groups split the whole (every row of ``ALL`` is the
    sum of that breakdown's groups). ``indicators``: overlapping groups, each with the
    hidden column of the families outside it (``ALL = group + rest``). ``rows_add_up``:
    in every column the answer rows add up to the base row.
    """
    relations: list[Relation] = []
    columns = list(counts.columns) + [rest for rest in (indicators or {}).values()]
    rows = [str(r) for r in counts.index]
    for by in partitions:
        groups = [c for c in counts.columns if c[0] == by]
        for row in rows if groups else ():
            relations.append(Relation((row, *ALL), tuple((row, str(b), str(g)) for b, g in groups)))
    for group, rest in (indicators or {}).items():
        for row in rows:
            relations.append(Relation((row, *ALL), ((row, *group), (row, *rest))))
    if rows_add_up and BASE in rows and len(rows) > 1:  # no answer rows (nobody answered): no sum
        answers = [r for r in rows if r != BASE]
        for by, group in columns:
            relations.append(
                Relation((BASE, str(by), str(group)), tuple((r, str(by), str(group)) for r in answers))
            )
    return tuple(relations)


def columns(pairs: Iterable[tuple[str, str]]) -> pd.MultiIndex:
    return pd.MultiIndex.from_tuples(list(pairs), names=["by", "group"])


# -- deciding ------------------------------------------------------------------------------


class _Solver:
    def __init__(
        self,
        values: dict[Key, int],
        published: list[Key],
        hidden: list[Key],
        relations: Sequence[Relation],
        fixed: Mapping[Key, Fixed],
        k: int,
    ) -> None:
        self.values = values
        self.published = published
        self.hidden = hidden
        self.relations = list(relations)
        self.fixed = fixed
        self.k = k
        self.totals = {r.total for r in self.relations}
        self.by_cell: dict[Key, list[int]] = {}
        for index, relation in enumerate(self.relations):
            for key in (relation.total, *relation.parts):
                if key not in values:
                    raise ValueError(f"relation names unknown cell {key}")
                self.by_cell.setdefault(key, []).append(index)
        # status of every published cell: None (shown) or a reason
        self.status: dict[Key, str | None] = {}
        self.chosen_from: dict[Key, int] = {}  # complement -> relation it was chosen from
        self.order = {key: n for n, key in enumerate(published)}
        self.withheld = False
        self.already_public: set[Key] = set()

    # the reader's view --------------------------------------------------------------------
    def unknown(self, key: Key) -> bool:
        return key not in self.status or self.status[key] is not None

    def cell_k(self, key: Key) -> int:
        fixed = self.fixed.get(key)
        return fixed.k if fixed is not None else self.k

    def prior(self, key: Key) -> tuple[float, float]:
        """What a reader knows of a cell before adding anything up."""
        if key not in self.status:  # hidden
            return 0.0, math.inf
        reason = self.status[key]
        if reason is None:
            value = float(self.values[key])
            return value, value
        k = self.cell_k(key)
        if reason == SMALL:
            return 0.0, float(k - 1)
        if reason == COMPLEMENT:
            return float(k), math.inf
        return 0.0, math.inf

    def sensitive(self, key: Key) -> bool:
        return self.values[key] < self.k and key not in self.already_public

    # deciding -----------------------------------------------------------------------------
    def solve(self) -> dict[Key, str | None]:
        if self.fixed:
            # what the tables this one repeats give away already (e.g. a group that is the
            # whole wave) is not this table's to hide
            for key in self.published:
                self.status[key] = self.fixed[key].reason if key in self.fixed else WITHHELD
            self.already_public = set(self.exposed())
        for key in self.published:
            fixed = self.fixed.get(key)
            if fixed is not None:
                self.status[key] = fixed.reason
            else:
                self.status[key] = SMALL if self.values[key] < self.k else None
        for _ in range(len(self.published) + 1):
            exposed = self.exposed()
            if not exposed:
                return self.status
            pick = self.complement_for(exposed[0])
            if pick is None:
                return self.withhold()
            key, relation = pick
            self.status[key] = COMPLEMENT
            self.chosen_from[key] = relation
            if not self.exposed():
                self.prune()
                return self.status
        return self.withhold()

    def prune(self) -> None:
        """Show again every complement that turns out not to be needed, largest first."""
        for key in sorted(self.chosen_from, key=lambda c: (-self.values[c], -self.order[c])):
            line = self.chosen_from.pop(key)
            self.status[key] = None
            if self.exposed():
                self.status[key] = COMPLEMENT
                self.chosen_from[key] = line

    def withhold(self) -> dict[Key, str | None]:
        self.withheld = True
        for key in self.published:
            if key not in self.fixed:
                self.status[key] = WITHHELD
        self.chosen_from.clear()
        exposed = self.exposed()
        if exposed:
            raise DisclosureError(f"cells {exposed[:3]} can be worked out even with the table withheld")
        return self.status

    def complement_for(self, key: Key) -> tuple[Key, int] | None:
        """The cell to hide next so that ``key`` can no longer be worked out.

        Candidates are the shown cells of the lines through ``key``, then of the lines
        through the hidden cells those lines hold, and so on outwards; nearer first, inner
        cells before totals, smaller before larger. The first candidate that alone stops
        ``key`` from being worked out is taken; if none does, the first one.
        """
        candidates = self.candidates(key)
        if not candidates:
            return None
        for _level, _total, _value, _order, cell, line in candidates[:40]:
            self.status[cell] = COMPLEMENT
            self.chosen_from[cell] = line
            still = key in self.exposed()
            self.status[cell] = None
            del self.chosen_from[cell]
            if not still:
                return cell, line
        return candidates[0][4], candidates[0][5]

    def candidates(self, key: Key) -> list[tuple]:
        seen_cells, seen_lines = {key}, set()
        frontier = [key]
        found: dict[Key, tuple] = {}
        level = 0
        while frontier:
            following = []
            for cell in frontier:
                for index in self.by_cell.get(cell, []):
                    if index in seen_lines:
                        continue
                    seen_lines.add(index)
                    relation = self.relations[index]
                    for c in (*relation.parts, relation.total):
                        if c in self.status and self.status[c] is None and c not in self.fixed:
                            if c not in found:
                                found[c] = (level, c in self.totals, self.values[c], self.order[c], c, index)
                        elif self.unknown(c) and c not in seen_cells:
                            seen_cells.add(c)
                            following.append(c)
            frontier = following
            level += 1
        return sorted(found.values())

    def unknowns_in(self, index: int) -> int:
        relation = self.relations[index]
        return sum(self.unknown(c) for c in (relation.total, *relation.parts))

    # checking -----------------------------------------------------------------------------
    def exposed(self) -> list[Key]:
        """Sensitive unknown cells a reader can pin down, in a stable order."""
        unknown = [key for key in self.values if self.unknown(key)]
        if not unknown:
            return []
        found: set[Key] = set()
        # fast path: a line with a single unknown gives it away by subtraction
        for relation in self.relations:
            cells = [c for c in (relation.total, *relation.parts) if self.unknown(c)]
            if len(cells) == 1 and self.sensitive(cells[0]):
                found.add(cells[0])
        if not found:
            found |= self.determined(unknown)
            found |= self.pinned(unknown)
        return sorted(
            (c for c in found if self.sensitive(c)), key=lambda c: (self.order.get(c, len(self.order)), c)
        )

    def determined(self, unknown: list[Key]) -> set[Key]:
        """Unknown cells whose value follows from the published ones by linear algebra."""
        column = {key: n for n, key in enumerate(unknown)}
        rows = []
        for relation in self.relations:
            row = np.zeros(len(unknown))
            touched = False
            for key, sign in ((relation.total, 1.0), *((p, -1.0) for p in relation.parts)):
                if key in column:
                    row[column[key]] += sign
                    touched = True
            if touched:
                rows.append(row)
        if not rows:
            return set()
        matrix = np.array(rows)
        _, singular, vt = np.linalg.svd(matrix, full_matrices=False)
        tolerance = 1e-9 * max(matrix.shape)
        rank = int((singular > tolerance).sum())
        # a cell follows from the equations iff its unit vector lies in their row space,
        # i.e. iff its projection onto an orthonormal basis of that space has length 1
        projected = (vt[:rank] ** 2).sum(axis=0)
        return {key for key, length in zip(unknown, projected, strict=True) if length > 1 - 1e-7}

    def pinned(self, unknown: list[Key]) -> set[Key]:
        """Unknown cells that what the markers say (and the sums) narrow to one value."""
        low: dict[Key, float] = {}
        high: dict[Key, float] = {}
        for key in self.values:
            low[key], high[key] = self.prior(key)
        for _ in range(60):
            changed = False
            for relation in self.relations:
                cells = (relation.total, *relation.parts)
                if not any(self.unknown(c) for c in cells):
                    continue
                part_low = sum(low[p] for p in relation.parts)
                part_high = sum(high[p] for p in relation.parts)
                t = relation.total
                if part_low > low[t]:
                    low[t], changed = part_low, True
                if part_high < high[t]:
                    high[t], changed = part_high, True
                for p in relation.parts:
                    others_high = (
                        part_high - high[p]
                        if math.isfinite(high[p])
                        else _sum_except(high, relation.parts, p)
                    )
                    others_low = part_low - low[p]
                    new_low = low[t] - others_high
                    new_high = high[t] - others_low
                    if new_low > low[p]:
                        low[p], changed = new_low, True
                    if new_high < high[p]:
                        high[p], changed = new_high, True
            if not changed:
                break
        return {key for key in unknown if high[key] - low[key] < 0.5}


def _sum_except(values: Mapping[Key, float], keys: Iterable[Key], skip: Key) -> float:
    return sum(values[key] for key in keys if key != skip)


# -- publishing ----------------------------------------------------------------------------


def _publish(table: CountTable, status: Mapping[Key, str | None], k: int, withheld: bool) -> Protected:
    counts = table.counts
    values = counts.to_numpy(dtype="int64")
    hidden = np.zeros(values.shape, dtype=bool)
    marks = values.astype(str).astype(object)
    rows = {str(r): i for i, r in enumerate(counts.index)}
    cols = {(str(b), str(g)): j for j, (b, g) in enumerate(counts.columns)}
    suppressed = []
    for key in table.published_keys():
        reason = status.get(key)
        if reason is None:
            continue
        i, j = rows[key[0]], cols[(key[1], key[2])]
        hidden[i, j] = True
        if reason == SMALL:
            fixed = table.fixed.get(key)
            marks[i, j] = f"< {fixed.k if fixed else k}"
        else:
            marks[i, j] = HIDDEN_MARK
        suppressed.append((key[0], key[1], key[2], reason))
    shown = pd.DataFrame(values, index=counts.index, columns=counts.columns).astype("Int64")
    shown = shown.mask(pd.DataFrame(hidden, index=counts.index, columns=counts.columns))
    return Protected(
        name=table.name,
        k=k,
        counts=shown,
        marks=pd.DataFrame(marks, index=counts.index, columns=counts.columns),
        shares=_shares(values, hidden, counts.index, counts.columns),
        suppressed=pd.DataFrame(suppressed, columns=["row", "by", "group", "reason"]),
        rows_add_up=table.rows_add_up,
        breakdowns=table.breakdowns,
        withheld=withheld,
    )


def _shares(values: np.ndarray, hidden: np.ndarray, index: pd.Index, columns: pd.Index) -> pd.DataFrame:
    """Per cent of the column's base row, from shown counts over a shown base only."""
    shares = np.full(values.shape, np.nan)
    labels = [str(r) for r in index]
    if BASE in labels:
        b = labels.index(BASE)
        base = values[b].astype(float)
        usable = ~hidden[b] & (base > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            shares = 100.0 * values / np.where(usable, base, np.nan)
        shares[hidden] = np.nan
        shares[b] = np.nan
    return pd.DataFrame(shares, index=index, columns=columns).astype("Float64")
