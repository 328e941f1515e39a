"""Immediate acceptance (the "Boston" mechanism), for comparison.

Round k: every child still without a seat applies to its k-th choice, and each school admits
applicants by priority into its remaining seats, permanently. It rewards ranking strategically
and can pass a child over for someone with weaker priority who ranked the school higher.
"""

from __future__ import annotations

from collections.abc import Sequence

from huvudman.placement.mechanisms.flat import as_lists


def immediate_acceptance(
    schools: Sequence[int], ranks: Sequence[int], offsets: Sequence[int], capacity: Sequence[int]
) -> list[int]:
    """Place children by immediate acceptance; returns each child's application."""
    schools, ranks, offsets, capacity = as_lists(schools, ranks, offsets, capacity)
    n = len(offsets) - 1
    left = list(capacity)
    placed = [-1] * n
    waiting = list(range(n))
    round_no = 0
    while waiting:
        applications: dict[int, list[tuple[int, int, int]]] = {}
        still: list[int] = []
        for c in waiting:
            p = offsets[c] + round_no
            if p < offsets[c + 1]:
                applications.setdefault(schools[p], []).append((ranks[p], p, c))
                still.append(c)
        if not still:
            break
        for s, apps in applications.items():
            apps.sort()
            for _, p, c in apps[: max(left[s], 0)]:
                placed[c] = p
            left[s] -= min(len(apps), max(left[s], 0))
        waiting = [c for c in still if placed[c] < 0]
        round_no += 1
    return placed
