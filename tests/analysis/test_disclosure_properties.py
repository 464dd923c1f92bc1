"""Property: nothing published lets a reader work out a count below k.

Hypothesis builds small random tables the way the aggregation builds them (the whole
wave, then a breakdown whose whole-wave column repeats the first table; single and
multiple choice; groups that split the whole and groups that overlap), protects them,
and then attacks what was published, with code independent of the one under test:

* directly: every shown count is at least k;
* by subtraction: with exact rational arithmetic, no count below k is a linear
  combination of published figures (any published total: rows, columns, grand total,
  the same cells repeated in another table);
* by subtraction from one line, using what the markers say ("< 5" is 0-4, "×" is at
  least k);
* across two waves: the same, with the published wave-to-wave changes added as
  equations.
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.disclosure import (
    ALL,
    BASE,
    HIDDEN_MARK,
    CountTable,
    Protected,
    Relation,
    columns,
    compare,
    layout,
    protect,
)

INF = float("inf")


# -- building tables -----------------------------------------------------------------------


@st.composite
def survey_tables(draw, prefix: str = ""):
    """(overall table, breakdown table) of one question, as the aggregation makes them."""
    answers = [f"a{i}" for i in range(draw(st.integers(2, 4)))]
    groups = [f"g{i}" for i in range(draw(st.integers(1, 4)))]
    single = draw(st.booleans())
    overlapping = draw(st.booleans())
    two_way = draw(st.booleans())
    small = st.integers(0, 14) | st.integers(0, 4)
    rows = [*answers, BASE]
    by_group: dict[str, dict[str, int]] = {}
    rest: dict[str, dict[str, int]] = {}

    def with_base(counts: dict[str, int], most: int | None = None) -> dict[str, int]:
        if single:
            return {**counts, BASE: sum(counts.values())}
        least = max(counts.values())
        return {**counts, BASE: draw(st.integers(least, max(least, most if most is not None else least + 4)))}

    if overlapping:  # groups overlap; the families outside each group are never published
        whole = with_base({a: draw(small) for a in answers})
        for group in groups:
            by_group[group] = with_base({a: draw(st.integers(0, whole[a])) for a in answers}, whole[BASE])
            rest[group] = {row: whole[row] - by_group[group][row] for row in rows}
    else:  # groups split the whole
        for group in groups:
            by_group[group] = with_base({a: draw(small) for a in answers})
        whole = {row: sum(by_group[g][row] for g in groups) for row in rows}

    overall_counts = pd.DataFrame({ALL: [whole[r] for r in rows]}, index=rows)
    overall_counts.columns = columns([ALL])
    overall = CountTable(
        f"{prefix}overall", overall_counts, layout(overall_counts, rows_add_up=single), rows_add_up=single
    )
    published_overall = protect(overall)

    pairs = [ALL, *(("by", g) for g in groups)]
    counts = pd.DataFrame(
        {p: [whole[r] if p == ALL else by_group[p[1]][r] for r in rows] for p in pairs}, index=rows
    )
    counts.columns = columns(pairs)
    hidden = None
    indicators = {}
    if overlapping:
        hidden = pd.DataFrame({("rest", g): [rest[g][r] for r in rows] for g in groups}, index=rows)
        hidden.columns = columns(hidden.columns)
        indicators = {("by", g): ("rest", g) for g in groups}
    relations = layout(
        counts, rows_add_up=single, partitions=() if overlapping else ["by"], indicators=indicators
    )
    fixed = {key: value for key, value in published_overall.fixed().items()}
    breakdown = CountTable(
        f"{prefix}breakdown",
        counts,
        relations,
        hidden=hidden,
        breakdowns=2 if two_way else 1,
        fixed=fixed,
        rows_add_up=single,
    )
    return (overall, published_overall), (breakdown, protect(breakdown))


# -- attacking -----------------------------------------------------------------------------


def cells(table: CountTable) -> dict[tuple, int]:
    return {key: value for key, value in table.values().items()}


def published_values(table: CountTable, published: Protected) -> dict[tuple, int | None]:
    """What a reader sees: the number, or None for a marker; hidden cells are None."""
    seen: dict[tuple, int | None] = {key: None for key in table.values()}
    for (by, group), column in published.counts.items():
        for row, value in column.items():
            seen[(str(row), str(by), str(group))] = None if value is pd.NA else int(value)
    return seen


def marker_range(table: CountTable, published: Protected, key: tuple) -> tuple[float, float]:
    row, by, group = key
    if (by, group) not in published.marks.columns:
        return 0, INF  # hidden
    mark = published.marks.loc[row, (by, group)]
    if mark.startswith("< "):
        return 0, int(mark[2:]) - 1
    assert mark == HIDDEN_MARK
    fixed = table.fixed.get(key)
    withheld = published.withheld if fixed is None else False
    if withheld:
        return 0, INF
    return (fixed.k if fixed else published.k), INF


def in_row_space(rref: list[tuple[int, list[Fraction]]], target: int, width: int) -> bool:
    vector = [Fraction(0)] * width
    vector[target] = Fraction(1)
    for pivot, row in rref:
        if vector[pivot] != 0:
            factor = vector[pivot]
            vector = [v - factor * r for v, r in zip(vector, row, strict=True)]
    return all(v == 0 for v in vector)


def reduce(rows: list[list[Fraction]], width: int) -> list[tuple[int, list[Fraction]]]:
    rows = [r[:] for r in rows]
    rref: list[tuple[int, list[Fraction]]] = []
    for column in range(width):
        pivot = next((r for r in rows if r[column] != 0), None)
        if pivot is None:
            continue
        rows.remove(pivot)
        pivot = [v / pivot[column] for v in pivot]
        rows = [[v - r[column] * p for v, p in zip(r, pivot, strict=True)] for r in rows]
        rref = [(c, [v - r[column] * p for v, p in zip(r, pivot, strict=True)]) for c, r in rref]
        rref.append((column, pivot))
    return rref


def worked_out(values: dict, seen: dict, equations: list[tuple[dict, Fraction]]) -> set:
    """Unknown cells that follow from the equations ``sum(coef * cell) = constant``."""
    unknown = sorted(key for key, value in seen.items() if value is None)
    index = {key: n for n, key in enumerate(unknown)}
    rows = []
    for coefficients, _constant in equations:
        row = [Fraction(0)] * len(unknown)
        for key, coefficient in coefficients.items():
            if key in index:
                row[index[key]] += coefficient
        if any(row):
            rows.append(row)
    rref = reduce(rows, len(unknown))
    return {key for key in unknown if in_row_space(rref, index[key], len(unknown))}


def relation_equations(relations: list[Relation], prefix: str = "") -> list[tuple[dict, Fraction]]:
    equations = []
    for relation in relations:
        coefficients: dict = {}
        coefficients[(prefix, *relation.total)] = coefficients.get((prefix, *relation.total), 0) + 1
        for part in relation.parts:
            coefficients[(prefix, *part)] = coefficients.get((prefix, *part), 0) - 1
        equations.append((coefficients, Fraction(0)))
    return equations


def assert_shown_counts_are_safe(table: CountTable, published: Protected) -> None:
    values = cells(table)
    for (by, group), column in published.counts.items():
        for row, value in column.items():
            key = (str(row), str(by), str(group))
            if value is pd.NA:
                assert published.marks.loc[row, (by, group)] in ("< 5", "< 10", HIDDEN_MARK)
                continue
            assert value == values[key]
            assert published.marks.loc[row, (by, group)] == str(value)
            if key not in table.fixed:
                assert value >= published.k, f"{table.name}: {key} = {value} shown below k"
    for (by, group), column in published.shares.items():
        base = published.counts.loc[BASE, (by, group)] if BASE in published.counts.index else pd.NA
        for row, share in column.items():
            count = published.counts.loc[row, (by, group)]
            if share is pd.NA:
                continue
            assert count is not pd.NA and base is not pd.NA
            assert abs(float(share) - 100 * int(count) / int(base)) < 1e-9


def assert_nothing_small_can_be_worked_out(
    pairs: list[tuple[str, CountTable, Protected]], extra: list[tuple[dict, Fraction]] = ()
) -> None:
    """No count below its table's k follows from everything published together, unless
    it follows already from the tables published before (a breakdown with k = 10 may
    repeat a count that a table with k = 5 shows: its one group is the whole wave)."""
    found, values, k_of = attack(pairs, extra)
    before, _, _ = attack(pairs, extra, withhold=pairs[-1])
    sensitive = {key for key in found - before if values[key] < k_of[key]}
    assert not sensitive, f"counts below k worked out: {sorted((k, values[k]) for k in sensitive)}"


def attack(pairs, extra, withhold=None):
    values, seen, equations, k_of = {}, {}, list(extra), {}
    for pair in pairs:
        prefix, table, published = pair
        if pair is withhold:  # the last table's own cells not published
            published = protect_nothing(table, published)
        for key, value in cells(table).items():
            values[(prefix, *key)] = value
            k_of[(prefix, *key)] = published.k
        for key, value in published_values(table, published).items():
            full = (prefix, *key)
            if value is not None or full not in seen:
                seen[full] = value
        equations += relation_equations(list(table.relations), prefix)
    # substitute what is shown: the equations keep only unknown cells
    return worked_out(values, seen, equations), values, k_of


def protect_nothing(table: CountTable, published: Protected) -> Protected:
    counts = published.counts.copy()
    for key in table.published_keys():
        if key not in table.fixed:
            counts.loc[key[0], (key[1], key[2])] = pd.NA
    return Protected(
        published.name, published.k, counts, published.marks, published.shares, published.suppressed
    )


def assert_no_line_gives_a_small_count_away(
    table: CountTable, published: Protected, exempt: frozenset = frozenset()
) -> None:
    values = cells(table)
    seen = published_values(table, published)
    for relation in table.relations:
        members = [relation.total, *relation.parts]
        unknown = [m for m in members if seen[m] is None]
        if not unknown:
            continue
        ranges = {
            m: (seen[m], seen[m]) if seen[m] is not None else marker_range(table, published, m)
            for m in members
        }
        for cell in unknown:
            if cell == relation.total:
                low = sum(ranges[p][0] for p in relation.parts)
                high = sum(ranges[p][1] for p in relation.parts)
            else:
                others = [p for p in relation.parts if p != cell]
                low = ranges[relation.total][0] - sum(ranges[p][1] for p in others)
                high = ranges[relation.total][1] - sum(ranges[p][0] for p in others)
            low, high = max(low, ranges[cell][0]), min(high, ranges[cell][1])
            if values[cell] < published.k and ("", *cell) not in exempt:
                assert low < high, f"{table.name}: {cell} = {values[cell]} pinned by {relation}"


# -- the properties ------------------------------------------------------------------------

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(survey_tables())
def test_no_published_figure_reveals_a_count_below_k(tables):
    (overall, published_overall), (breakdown, published) = tables
    # the whole-wave column is published alike in both tables
    for key, fixed in breakdown.fixed.items():
        assert published.reason(key[0], key[1], key[2]) == fixed.reason
    pairs = [("", overall, published_overall), ("", breakdown, published)]
    public_before, _, _ = attack(pairs, [], withhold=pairs[-1])
    for table, result in pairs[0][1:], pairs[1][1:]:
        assert_shown_counts_are_safe(table, result)
        assert_no_line_gives_a_small_count_away(table, result, frozenset(public_before))
    # both tables together: the breakdown repeats the overall column
    assert_nothing_small_can_be_worked_out(pairs)


@settings(SETTINGS, max_examples=100)
@given(survey_tables(prefix="A"), survey_tables(prefix="B"))
def test_wave_to_wave_changes_reveal_no_count_below_k(wave_a, wave_b):
    (overall_a, published_a), (breakdown_a, published_breakdown_a) = wave_a
    (overall_b, published_b), (breakdown_b, published_breakdown_b) = wave_b
    change = compare(published_a, published_b)
    extra = []
    for row, line in change.iterrows():
        if line["change"] is pd.NA:
            continue
        assert line["before"] is not pd.NA and line["after"] is not pd.NA
        coefficients = {("B", str(row), *ALL): 1, ("A", str(row), *ALL): -1}
        extra.append((coefficients, Fraction(int(line["change"]))))
        if line["change_points"] is not pd.NA:
            assert line["before_share"] is not pd.NA and line["after_share"] is not pd.NA
    assert_nothing_small_can_be_worked_out(
        [
            ("A", overall_a, published_a),
            ("A", breakdown_a, published_breakdown_a),
            ("B", overall_b, published_b),
            ("B", breakdown_b, published_breakdown_b),
        ],
        extra,
    )
    # a change is shown exactly where both counts are
    both = change["before"].notna() & change["after"].notna()
    assert (change["change"].notna() == both).all()
