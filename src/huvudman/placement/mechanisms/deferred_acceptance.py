"""Child-proposing deferred acceptance (Gale–Shapley).

Stable (no child loses a seat to someone with weaker priority there, no wanted seat left empty)
and strategy-proof for guardians: ranking schools in the true order is always best. The result
is the child-optimal stable matching, whatever order the proposals are processed in.

The proposal loop is compiled (`_deferred_acceptance.c`): it runs once per placement and a
thousand times per forecast, so it is the one place where Python's speed decides the wait.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from huvudman.placement.mechanisms._deferred_acceptance import solve


def deferred_acceptance(
    schools: Sequence[int], ranks: Sequence[int], offsets: Sequence[int], capacity: Sequence[int]
) -> list[int]:
    """Place children by child-proposing deferred acceptance; returns each child's application."""
    return deferred_acceptance_array(schools, ranks, offsets, capacity).tolist()


def deferred_acceptance_array(
    schools: Sequence[int] | np.ndarray,
    ranks: Sequence[int] | np.ndarray,
    offsets: Sequence[int] | np.ndarray,
    capacity: Sequence[int] | np.ndarray,
) -> np.ndarray:
    """As `deferred_acceptance`, taking and giving int64 arrays (no list conversion)."""
    arrays = [np.ascontiguousarray(a, dtype=np.int64) for a in (schools, ranks, offsets, capacity)]
    if len(arrays[2]) == 0:
        arrays[2] = np.zeros(1, dtype=np.int64)
    placed = np.empty(len(arrays[2]) - 1, dtype=np.int64)
    solve(*arrays, placed)
    return placed
