"""Disclosure control on hand-made tables: what is suppressed, how it shows, and why."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.disclosure import (
    ALL,
    BASE,
    COMPLEMENT,
    SMALL,
    WITHHELD,
    CountTable,
    Rules,
    audit,
    columns,
    compare,
    layout,
    protect,
)


def table(
    data: dict,
    rows: list[str],
    *,
    single=True,
    partition=True,
    breakdowns=1,
    free_text=False,
    fixed=None,
    name="t",
) -> CountTable:
    counts = pd.DataFrame({key: data[key] for key in data}, index=rows)
    counts.columns = columns(list(data))
    split = ["region"] if partition and len(data) > 1 else []
    relations = layout(counts, rows_add_up=single, partitions=split)
    return CountTable(
        name,
        counts,
        relations,
        breakdowns=breakdowns,
        free_text=free_text,
        fixed=fixed or {},
        rows_add_up=single,
    )


def by_region(*groups: list[int], answers=("yes", "no")) -> CountTable:
    """Single-choice counts per region; the whole wave and the bases are added up."""
    rows = [*answers, BASE]
    data = {("region", f"r{n}"): [*g, sum(g)] for n, g in enumerate(groups)}
    whole = [sum(column[i] for column in data.values()) for i in range(len(rows))]
    return table({ALL: whole, **data}, rows)


def reasons(result) -> dict:
    return {(r.row, r.group): r.reason for r in result.suppressed.itertuples()}


def test_counts_below_five_show_as_less_than_five_and_zeros_count_as_small():
    result = protect(table({ALL: [12, 3, 0, 15]}, ["a", "b", "c", BASE]))
    assert list(result.marks[ALL]) == ["12", "< 5", "< 5", "15"]
    assert result.counts[ALL].isna().tolist() == [False, True, True, False]
    assert reasons(result) == {("b", "all"): SMALL, ("c", "all"): SMALL}


def test_a_single_small_count_in_a_line_takes_the_smallest_other_cell_with_it():
    # region r0: 3 "yes" would follow from 9 - 6 ... so the smallest other cell of the line goes too
    result = protect(by_region([3, 6], [9, 5], [8, 3]))
    hidden = reasons(result)
    assert hidden[("yes", "r0")] == SMALL and hidden[("no", "r2")] == SMALL
    assert hidden[("no", "r0")] == COMPLEMENT  # the smallest shown cell of column r0
    assert hidden[("yes", "r2")] == COMPLEMENT  # the smallest shown cell of row "yes" (8 < 9)
    assert ("yes", "r1") not in hidden and ("no", "r1") not in hidden
    assert result.marks.loc["no", ("region", "r0")] == "×"
    assert result.marks.loc["yes", ("region", "r0")] == "< 5"
    assert audit(by_region([3, 6], [9, 5], [8, 3]), {}) != []


def test_when_everyone_in_a_group_gives_the_same_answer_that_answer_is_hidden_too():
    # 7 of 7 in region r0 on benefits: "< 5" for "no" would say "nobody", so "yes" cannot stand
    result = protect(by_region([7, 0], [12, 20]))
    hidden = reasons(result)
    assert hidden[("no", "r0")] == SMALL
    assert ("yes", "r0") in hidden


def test_two_breakdowns_and_free_text_use_ten():
    cross = protect(table({ALL: [7, 12, 19]}, ["a", "b", BASE], breakdowns=2))
    assert cross.k == 10 and cross.marks.loc["a", ALL] == "< 10"
    text = protect(table({ALL: [9, 30]}, ["texts", BASE], single=False, free_text=True))
    assert text.marks.loc["texts", ALL] == "< 10" and text.marks.loc[BASE, ALL] == "30"
    assert protect(table({ALL: [7, 12, 19]}, ["a", "b", BASE], breakdowns=1)).marks.loc["a", ALL] == "7"
    assert protect(table({ALL: [4, 12]}, ["a", BASE], single=False), Rules(k=3)).marks.loc["a", ALL] == "4"


def test_shares_come_only_from_shown_counts_over_a_shown_base():
    result = protect(by_region([12, 8], [30, 2], [1, 3]))
    shares = result.shares
    assert shares.loc["yes", ALL] == pytest.approx(100 * 43 / 56)
    assert shares.loc["no", ("region", "r0")] == pytest.approx(100 * 8 / 20)
    for column in result.counts.columns:
        for row in result.counts.index:
            if result.counts.loc[row, column] is pd.NA or result.counts.loc[BASE, column] is pd.NA:
                assert shares.loc[row, column] is pd.NA
    assert shares.loc[BASE].isna().all()


def test_the_published_table_holds_no_value_of_a_suppressed_cell():
    result = protect(by_region([3, 6], [9, 5], [8, 3]))
    assert set(result.suppressed.columns) == {"row", "by", "group", "reason"}
    for r in result.suppressed.itertuples():
        assert result.counts.loc[r.row, (r.by, r.group)] is pd.NA
        assert result.marks.loc[r.row, (r.by, r.group)] in ("< 5", "×")
        assert result.shares.loc[r.row, (r.by, r.group)] is pd.NA


def test_a_total_fixed_by_another_table_is_never_changed_and_the_breakdown_is_withheld_if_need_be():
    overall = protect(table({ALL: [1, 5, 6]}, ["a", "b", BASE]))
    assert reasons(overall) == {("a", "all"): SMALL, ("b", "all"): COMPLEMENT}
    # one region has all the answers but one: nothing inside the table can hide the 1
    breakdown = table(
        {ALL: [1, 5, 6], ("region", "r0"): [0, 5, 5], ("region", "r1"): [1, 0, 1]},
        ["a", "b", BASE],
        fixed=overall.fixed(),
    )
    result = protect(breakdown)
    assert result.marks[ALL].tolist() == overall.marks[ALL].tolist()
    assert audit(breakdown, {(r.row, r.by, r.group): r.reason for r in result.suppressed.itertuples()}) == []


def test_withholding_hides_every_cell_of_the_breakdown_alike():
    overall = protect(table({ALL: [30, 30]}, ["a", BASE], single=False))
    breakdown = table(
        {ALL: [30, 30], ("region", "r0"): [26, 26], ("region", "r1"): [4, 4]},
        ["a", BASE],
        single=False,
        fixed=overall.fixed(),
    )
    result = protect(breakdown, Rules(k=5))
    # r1 is below five in both rows; each row's total is fixed, so r0 must go as well
    assert result.marks.loc["a", ("region", "r0")] == "×"
    assert result.marks.loc["a", ("region", "r1")] in ("< 5", "×")
    assert not result.counts[("region", "r0")].notna().any()
    if result.withheld:
        assert set(reasons(result).values()) == {WITHHELD}


def test_audit_finds_a_count_given_away_by_a_chain_of_lines():
    # two blocks of hidden cells, each line holding two, joined by one more hidden cell:
    # every line has two hidden cells or more, yet "b"/"r2" follows from the sums
    rows = ["a", "b", "c", "d"]
    inner = [[6, 7, 9, 8], [8, 6, 2, 9], [7, 9, 5, 9], [8, 5, 7, 6]]
    groups = [("region", f"r{j}") for j in range(4)]
    data = {
        g: [inner[i][j] for i in range(4)] + [sum(inner[i][j] for i in range(4))]
        for j, g in enumerate(groups)
    }
    t = table({ALL: [sum(r) for r in inner] + [sum(map(sum, inner))], **data}, [*rows, BASE])
    pattern = {
        (r, "region", f"r{j}"): COMPLEMENT
        for r, j in [("a", 0), ("a", 1), ("b", 0), ("b", 1), ("c", 2), ("c", 3), ("d", 2), ("d", 3)]
    }
    pattern[("b", "region", "r2")] = SMALL
    assert audit(t, pattern) == [("b", "region", "r2")]
    # one more hidden cell closes the chain into a cycle
    assert audit(t, {**pattern, ("b", "region", "r3"): COMPLEMENT}) == []
    assert audit(t, {}) == [("b", "region", "r2")]  # shown below k
    result = protect(t)
    assert audit(t, {(r.row, r.by, r.group): r.reason for r in result.suppressed.itertuples()}) == []


def test_a_change_between_waves_is_shown_only_where_both_counts_are():
    before = protect(table({ALL: [20, 3, 9, 32]}, ["a", "b", "c", BASE]))
    after = protect(table({ALL: [25, 12, 10, 47]}, ["a", "b", "c", BASE]))
    change = compare(before, after)
    assert change.loc["a", "change"] == 5
    assert change.loc["a", "change_points"] == pytest.approx(100 * 25 / 47 - 100 * 20 / 32)
    assert change.loc["b", "change"] is pd.NA and change.loc["b", "change_points"] is pd.NA
    assert change.loc[BASE, "change"] == 15
