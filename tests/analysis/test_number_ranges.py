"""Ranges of a number question are made in steps of its decimals, so every number a family
can type lies in exactly one range, and a whole-number question keeps its ranges."""

from __future__ import annotations

import numpy as np

from analysis.tally import number_ranges


def test_whole_numbers_keep_their_ranges():
    values = np.array([1, 1, 2, 2, 3, 3, 3, 5, 5, 5, np.nan], dtype=float)
    assert number_ranges(values, 3) == ((None, 2), (3, 3), (4, None))
    assert all(isinstance(b, int) for pair in number_ranges(values, 3) for b in pair if b is not None)


def test_decimal_ranges_follow_each_other_in_steps_of_the_questions_decimals():
    values = np.array([0.5, 0.5, 0.7, 1.2, 1.2, 1.3, 2.0, 2.5, 2.5, np.nan])
    assert number_ranges(values, 3, decimals=1) == ((None, 0.7), (0.8, 1.3), (1.4, None))
    ranges = number_ranges(np.array([0.01, 0.01, 0.02, 0.1, 0.1, 0.1]), 3, decimals=2)
    assert ranges == ((None, 0.02), (0.03, None))
    # a number given later falls in one range, however it lies between the numbers seen
    for typed in (0.7, 0.8, 1.35 // 0.1 / 10, 1.4, 99.9):
        inside = [
            r
            for r in number_ranges(values, 3, decimals=1)
            if (r[0] is None or typed >= r[0]) and (r[1] is None or typed <= r[1])
        ]
        assert len(inside) == 1


def test_fewer_numbers_than_k_give_no_ranges():
    assert number_ranges(np.array([0.5, 1.5]), 3, decimals=1) == ()
