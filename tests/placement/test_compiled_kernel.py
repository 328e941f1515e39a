"""The compiled deferred-acceptance kernel: arrays in, arrays out, bad input refused (no crash)."""

from __future__ import annotations

import numpy as np
import pytest

from huvudman.placement.mechanisms._deferred_acceptance import solve
from huvudman.placement.mechanisms.deferred_acceptance import (
    deferred_acceptance,
    deferred_acceptance_array,
)


def test_arrays_and_lists_give_the_same_matching() -> None:
    schools, ranks, offsets, capacity = [0, 1, 0, 1, 1], [0, 1, 1, 0, 2], [0, 2, 4, 5], [1, 1]
    as_list = deferred_acceptance(schools, ranks, offsets, capacity)
    as_array = deferred_acceptance_array(np.array(schools), np.array(ranks), np.array(offsets),
                                         np.array(capacity))
    assert as_list == as_array.tolist() == [0, 3, -1]


def test_zero_capacity_and_children_without_choices() -> None:
    assert deferred_acceptance([0, 1], [0, 0], [0, 0, 2, 2], [0, 1]) == [-1, 1, -1]
    assert deferred_acceptance([], [], [0], []) == []


@pytest.mark.parametrize(
    ("schools", "offsets", "message"),
    [
        ([0, 5], [0, 2], "names school 5"),
        ([0, -1], [0, 2], "names school -1"),
        ([0, 1], [0, 3], "end at len"),
        ([0, 1], [0, 2, 1], "start at 0 and end"),
    ],
)
def test_bad_arrays_are_refused_with_a_reason(schools, offsets, message) -> None:
    n = len(offsets) - 1
    with pytest.raises(ValueError, match=message):
        solve(np.array(schools, dtype=np.int64), np.zeros(len(schools), dtype=np.int64),
              np.array(offsets, dtype=np.int64), np.ones(2, dtype=np.int64),
              np.empty(n, dtype=np.int64))


def test_wrong_dtype_is_refused() -> None:
    with pytest.raises(TypeError, match="int64"):
        solve(np.zeros(1, dtype=np.int32), np.zeros(1, dtype=np.int64),
              np.array([0, 1], dtype=np.int64), np.ones(1, dtype=np.int64),
              np.empty(1, dtype=np.int64))
